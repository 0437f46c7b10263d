"""The titles' demo: every kind evaluated and recognised for 2025, the demo resident's
certificate, a pending self-assessment; a second run changes nothing."""

import pytest
from django.core.management import call_command
from wagtail.models import ModelLogEntry

from citizen_profiles.demo import DEMO_PHONE
from citizen_profiles.titles.models import CriteriaSet, Evaluation, TitleKind

pytestmark = pytest.mark.django_db


def _snapshot():
    return (
        list(Evaluation.objects.order_by("pk").values_list("pk", "status", "total", "scores")),
        CriteriaSet.objects.count(),
        ModelLogEntry.objects.filter(action__startswith="citizen_titles.").count(),
    )


def test_demo_recognises_every_kind_and_is_idempotent(client):
    call_command("seed_demo", "--small", verbosity=0)
    recognised = set(
        Evaluation.objects.filter(year=2025, status="recognised").values_list("kind", flat=True)
    )
    assert recognised == set(TitleKind.values)
    mine = Evaluation.objects.get(kind="citizen", citizen__user__phone=DEMO_PHONE, year=2025)
    assert mine.status == "recognised" and mine.passed
    assert client.get(f"/xac-minh/{mine.verification_code}/").status_code == 200
    assert Evaluation.objects.filter(status="submitted").exists()
    before = _snapshot()
    call_command("seed_demo", "--small", verbosity=0)
    assert _snapshot() == before
