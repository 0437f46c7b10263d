"""The demo: the demo resident's hours are counted once; a duplicate pair to merge."""

from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse

from citizen_profiles import selectors
from citizen_profiles.demo import DEMO_PHONE
from citizen_profiles.models import Citizen, ParticipationRecord


@pytest.fixture
def seeded(db):
    call_command("seed_demo", "--small", verbosity=0)


def test_demo_resident_counts_each_course_once(client, seeded):
    resident = Citizen.objects.get(user__phone=DEMO_PHONE)
    records = list(ParticipationRecord.objects.filter(citizen=resident))
    attended = {r.activity for r in records if r.kind == "attendance"}
    completions = [r for r in records if r.kind == "completion"]
    assert completions and any(c.activity in attended for c in completions)
    expected = sum(
        (r.hours for r in records if not (r.kind == "completion" and r.activity in attended)),
        Decimal("0"),
    )
    assert selectors.learning_hours(citizen=resident) == expected
    assert expected < sum((r.hours for r in records), Decimal("0"))
    client.force_login(resident.user)
    assert client.get(reverse("citizen_profiles:my_learning")).status_code == 200


def test_demo_has_one_duplicate_pair_after_two_runs(seeded):
    call_command("seed_demo", "--small", verbosity=0)
    assert Citizen.objects.filter(normalized="le thi hoa", birth_year=1958).count() == 2
