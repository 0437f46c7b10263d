"""Every metric on hand-built data, single and bulk forms."""

import datetime
from decimal import Decimal

import pytest

from citizen_profiles.groups.models import (
    Clan,
    ClanMembership,
    Household,
    HouseholdMembership,
    Unit,
    UnitMembership,
)
from citizen_profiles.titles.metrics import REGISTRY, get_metric, measure, score
from citizen_profiles.titles.models import CriteriaSet, Evaluation
from learning_centers.models import ResidentialGroup
from tests.factories.people import CitizenFactory

from .helpers import record

pytestmark = pytest.mark.django_db
Y = 2025
START = datetime.date(2020, 1, 1)


def recognised(kind, subject_field, subject, ward, seeded_set):
    return Evaluation.objects.create(
        criteria_set=seeded_set,
        kind=kind,
        year=Y,
        ward=ward,
        status="recognised",
        **{subject_field: subject},
    )


def test_learning_hours_counts_the_year_only(ward):
    a, b = CitizenFactory(ward=ward), CitizenFactory(ward=ward)
    record(a, hours="12.5")
    record(a, hours="3", year=Y - 1)
    assert measure("learning_hours", a.pk, year=Y) == Decimal("12.5")
    assert REGISTRY["learning_hours"].many([a.pk, b.pk], year=Y, params={}) == {
        a.pk: Decimal("12.5"),
        b.pk: Decimal("0"),
    }


def test_completed_courses_and_verified_declarations(ward):
    a = CitizenFactory(ward=ward)
    record(a, kind="completion", hours="0")
    record(a, kind="completion", hours="0")
    record(a, kind="declared", hours="2")
    record(a, kind="completion", hours="0", year=Y - 1)
    assert measure("completed_courses", a.pk, year=Y) == 2
    assert measure("verified_declarations", a.pk, year=Y) == 1


def test_digital_skills(ward):
    a, b = CitizenFactory(ward=ward), CitizenFactory(ward=ward)
    record(a, kind="completion", hours="0", title="Tin học cơ bản", topics="Kỹ năng số")
    record(b, kind="completion", hours="0", title="Nấu ăn")
    assert measure("digital_skills", a.pk, year=Y) == 1
    assert measure("digital_skills", b.pk, year=Y) == 0


def _household(ward, members):
    household = Household.objects.create(ward=ward, name="Hộ thử")
    for i, citizen in enumerate(members):
        HouseholdMembership.objects.create(
            household=household,
            citizen=citizen,
            start_date=START,
            relation="head" if i == 0 else "child",
        )
    return household


def test_household_shares_count_adults_only(ward, seeded):
    cdht = CriteriaSet.objects.get(kind="citizen", target_group="cu-dan")
    adult1, adult2 = CitizenFactory(ward=ward, birth_year=1970), CitizenFactory(ward=ward)
    child = CitizenFactory(ward=ward, birth_year=Y - 10)
    household = _household(ward, [adult1, adult2, child])
    recognised("citizen", "citizen", adult1, ward, cdht)
    record(adult2, hours="1")
    assert measure("household_citizen_learner_share", household.pk, year=Y) == Decimal("0.5")
    assert measure("household_adults_learning_share", household.pk, year=Y) == Decimal("0.5")
    assert measure("school_age_children", household.pk, year=Y) == 1


def test_group_clan_commune_and_unit_shares(ward, seeded):
    cdht = CriteriaSet.objects.get(kind="citizen", target_group="cu-dan")
    family = CriteriaSet.objects.get(kind="household")
    group = ResidentialGroup.objects.create(ward=ward, name="Tổ 1")
    people = [CitizenFactory(ward=ward, residential_group=group) for _ in range(4)]
    h1, h2 = _household(ward, people[:2]), _household(ward, people[2:])
    Household.objects.filter(pk__in=[h1.pk, h2.pk]).update(residential_group=group)
    recognised("household", "household", h1, ward, family)
    recognised("citizen", "citizen", people[0], ward, cdht)
    assert measure("group_learning_family_share", group.pk, year=Y) == Decimal("0.5")
    assert measure("group_citizen_learner_share", group.pk, year=Y) == Decimal("0.25")
    assert measure("commune_learning_family_share", ward.pk, year=Y) == Decimal("0.5")
    assert measure("commune_citizen_learner_share", ward.pk, year=Y) == Decimal("0.25")
    clan = Clan.objects.create(name="Họ Nguyễn", ward=ward)
    for h in (h1, h2):
        ClanMembership.objects.create(clan=clan, household=h, start_date=START)
    assert measure("clan_learning_family_share", clan.pk, year=Y) == Decimal("0.5")
    assert measure("clan_citizen_learner_share", clan.pk, year=Y) == Decimal("0.25")
    unit = Unit.objects.create(name="UBND phường", kind="ward-committee", ward=ward)
    for citizen in people[:2]:
        UnitMembership.objects.create(unit=unit, citizen=citizen, start_date=START)
    record(people[1], kind="completion", hours="0")
    assert measure("unit_citizen_learner_share", unit.pk, year=Y) == Decimal("0.5")
    assert measure("unit_members_learning_share", unit.pk, year=Y) == Decimal("0.5")


def test_score_turns_values_into_points_and_missing_text():
    hours = get_metric("learning_hours")
    assert score(hours, Decimal("12"), max_points=Decimal("10"), params={"target": 20}) == {
        "value": "12",
        "missing": "còn thiếu 8 giờ học",
        "points": "6",
        "met": False,
    }
    full = score(hours, Decimal("25"), max_points=Decimal("10"), params={"target": 20})
    assert (full["points"], full["missing"], full["met"]) == ("10", "", True)
    digital = score(get_metric("digital_skills"), Decimal("0"), max_points=None, params={})
    assert digital["met"] is False and "kỹ năng số" in digital["missing"]


def test_every_registered_metric_is_documented():
    for metric in REGISTRY.values():
        assert metric.many.__doc__, metric.name
