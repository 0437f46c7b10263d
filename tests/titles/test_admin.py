"""Admin screens: the evaluations listing's query count, criteria sets with provenance,
the YAML editor making a new version."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from citizen_profiles.titles.models import CriteriaSet
from citizen_profiles.titles.services import evaluation_start

from .helpers import ALL_STEPS, learner, staff

pytestmark = pytest.mark.django_db


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx)


def test_evaluations_listing_runs_constant_queries(client, ward, seeded):
    client.force_login(staff(ward, *ALL_STEPS))
    for _ in range(2):
        evaluation_start(kind="citizen", subject=learner(ward), year=2025)
    _count(client, "/admin/titles/evaluations/")
    few = _count(client, "/admin/titles/evaluations/")
    for _ in range(5):
        evaluation_start(kind="citizen", subject=learner(ward), year=2025)
    assert _count(client, "/admin/titles/evaluations/") == few


def test_criteria_set_screen_shows_provenance_and_draft(admin_client, seeded):
    draft = CriteriaSet.objects.get(kind="household")
    html = admin_client.get(f"/admin/titles/criteria-sets/inspect/{draft.pk}/").content.decode()
    assert "DỰ THẢO" in html and "QĐ 448" in html and "Suy luận" in html
    export = admin_client.get(f"/admin/titles/criteria-sets/{draft.pk}/xuat-yaml/")
    assert "gia-dinh-hoc-tap" in export.content.decode()


def test_yaml_editor_refuses_bad_input_and_versions_a_set_in_use(admin_client, ward, seeded):
    unit_set = CriteriaSet.objects.get(kind="unit")
    url = f"/admin/titles/criteria-sets/{unit_set.pk}/sua-yaml/"
    text = admin_client.get(url).context["form"].initial["text"]
    bad = admin_client.post(url, {"text": text.replace("min_total: 50", "min_total: 150")})
    assert bad.status_code == 200 and "vượt quá tổng điểm tối đa" in bad.content.decode()
    from citizen_profiles.groups.models import Unit

    unit = Unit.objects.create(name="Trường THCS", kind="school", ward=ward)
    evaluation_start(kind="unit", subject=unit, year=2025)
    assert (
        admin_client.post(url, {"text": text.replace("min_total: 50", "min_total: 55")}).status_code
        == 302
    )
    assert list(
        CriteriaSet.objects.filter(key="don-vi-hoc-tap").values_list("version", "active")
    ) == [
        (2, True),
        (1, False),
    ]
