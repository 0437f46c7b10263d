"""Each indicator's definition on small hand-built data."""

import datetime
from decimal import Decimal

import pytest

from citizen_profiles.groups.models import Household, HouseholdMembership, Unit, UnitMembership
from citizen_profiles.models import Citizen
from citizen_profiles.statistics import record_api, selectors
from citizen_profiles.statistics.indicators import REGISTRY
from citizen_profiles.statistics.scope import CITY, Scope
from learning_centers.models import ResidentialGroup
from tests.factories.geography import WardFactory
from tests.factories.people import CitizenFactory, ParticipationRecordFactory

pytestmark = pytest.mark.django_db
YEAR = 2025


@pytest.fixture
def wards():
    return WardFactory(name="Phường A"), WardFactory(name="Phường B")


def _pair(key, scope=CITY, year=YEAR):
    return selectors.scope_counts(REGISTRY[key], scope=scope, year=year)


def test_learners_counts_adults_with_a_record_in_the_year(wards):
    a, b = wards
    learner = CitizenFactory(ward=a, birth_year=1980)
    CitizenFactory(ward=a, birth_year=1980)  # no record
    CitizenFactory(ward=a, birth_year=YEAR - 10)  # a child: not in the denominator
    old = CitizenFactory(ward=b, birth_year=None)  # unknown age counts as an adult
    CitizenFactory(ward=None, birth_year=1980)  # no ward: counted nowhere
    ParticipationRecordFactory(citizen=learner, date=datetime.date(YEAR, 3, 1))
    ParticipationRecordFactory(citizen=learner, date=datetime.date(YEAR, 4, 1))
    ParticipationRecordFactory(citizen=old, date=datetime.date(YEAR - 1, 4, 1))  # other year
    assert _pair("learners_pct") == (1, 3)
    assert _pair("learners_pct", Scope(kind="ward", ward=a)) == (1, 2)
    assert _pair("learners_pct", Scope(kind="ward", ward=b)) == (0, 1)


def test_hours_and_completions_sum_the_record(wards):
    a, _b = wards
    person = CitizenFactory(ward=a)
    ParticipationRecordFactory(
        citizen=person, kind="attendance", hours=Decimal("2.0"), date=datetime.date(YEAR, 1, 5)
    )
    ParticipationRecordFactory(
        citizen=person, kind="completion", hours=Decimal("0"), date=datetime.date(YEAR, 1, 6)
    )
    assert _pair("learning_hours")[0] == Decimal("2.0")
    assert _pair("completions")[0] == 1


def test_indicators_without_a_source_say_no_data(monkeypatch):
    monkeypatch.setattr(record_api, "recognised_subject_ids", lambda **_kw: None)
    assert _pair("gdht_pct") is None
    figures = {f.indicator.key: f for f in selectors.overview(scope=CITY, year=YEAR)}
    assert figures["gdht_pct"].available is False
    assert figures["gdht_pct"].progress.status == "no_data"
    assert figures["khuyenhoc_staff_it_pct"].available is False


def test_title_indicators_read_recognised_evaluations(wards):
    from citizen_profiles.titles.criteria import seed_sets
    from citizen_profiles.titles.models import CriteriaSet, Evaluation

    seed_sets()
    a, _b = wards
    households = [Household.objects.create(ward=a, name=f"Hộ {i}") for i in range(4)]
    criteria = CriteriaSet.objects.filter(kind="household").first()
    statuses = ["recognised", "recognised", "verified", "revoked"]
    for household, status in zip(households, statuses, strict=True):
        Evaluation.objects.create(
            criteria_set=criteria,
            kind="household",
            year=YEAR,
            household=household,
            ward=a,
            status=status,
        )
    assert _pair("gdht_pct") == (2, 4)
    assert _pair("gdht_pct", year=YEAR - 1) == (0, 4)


@pytest.fixture
def recognised(monkeypatch):
    """Titles recognised in YEAR, by kind: filled by each test."""
    chosen = {"citizen": [], "household": [], "clan": [], "community": [], "unit": []}

    def ids(*, kind, year):
        model = {
            "citizen": Citizen,
            "household": Household,
            "unit": Unit,
            "community": ResidentialGroup,
        }.get(kind)
        if model is None or year != YEAR:
            return Citizen.objects.none().values("pk")
        return model.objects.filter(pk__in=chosen[kind]).values("pk")

    monkeypatch.setattr(record_api, "recognised_subject_ids", ids)
    return chosen


def _household(ward, *members):
    household = Household.objects.create(ward=ward, name="Hộ thử")
    for i, person in enumerate(members):
        HouseholdMembership.objects.create(
            household=household,
            citizen=person,
            relation="head" if i == 0 else "child",
            start_date=datetime.date(2020, 1, 1),
        )
    return household


def test_family_rate_and_both_citizen_learner_denominators(wards, recognised):
    a, _b = wards
    parent = CitizenFactory(ward=a, birth_year=1975)
    retired = CitizenFactory(ward=a, birth_year=1950)  # past working age
    child = CitizenFactory(ward=a, birth_year=YEAR - 8)
    family = _household(a, parent, retired, child)
    other = _household(a, CitizenFactory(ward=a, birth_year=1990))
    recognised["household"] = [family.pk]
    recognised["citizen"] = [parent.pk, retired.pk]
    assert _pair("gdht_pct") == (1, 2)
    # All adults (15+): three people, two recognised (the retired one counts here).
    assert _pair("citizens_cdht_pct") == (2, 3)
    # Working-age adults of learning families: only the parent is in the denominator.
    assert _pair("adults_in_gd_dh_cd_cdht_pct") == (1, 1)
    assert other.pk not in recognised["household"]


def test_staff_of_learning_units(wards, recognised):
    a, _b = wards
    unit = Unit.objects.create(name="Trường Thử", kind="school", ward=a)
    staff = [CitizenFactory(ward=a) for _ in range(3)]
    pupil = CitizenFactory(ward=a)
    for person in staff:
        UnitMembership.objects.create(
            unit=unit, citizen=person, role="staff", start_date=datetime.date(2020, 1, 1)
        )
    UnitMembership.objects.create(
        unit=unit, citizen=pupil, role="learner", start_date=datetime.date(2020, 1, 1)
    )
    recognised["unit"] = [unit.pk]
    recognised["citizen"] = [staff[0].pk, pupil.pk]
    assert _pair("staff_dvht_cdht_pct") == (1, 3)
    assert _pair("dvht_commune_pct") == (1, 1)
