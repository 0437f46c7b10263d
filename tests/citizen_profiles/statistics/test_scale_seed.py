"""`seed_demo --scale` generates a consistent population in bulk (the same code path as the
city-size benchmark, at a tiny size), then statistics and rollups work on it."""

import pytest

from citizen_profiles.demo_scale import seed_scale
from citizen_profiles.groups.models import Household, HouseholdMembership
from citizen_profiles.models import Citizen, ParticipationRecord
from citizen_profiles.statistics import rollups, selectors
from citizen_profiles.statistics.scope import CITY
from tests.factories.geography import WardFactory


@pytest.mark.django_db
def test_tiny_scale_population_is_consistent_and_idempotent():
    for _ in range(4):
        WardFactory()
    summary = seed_scale(name="tiny")
    assert "residents" in summary
    assert Citizen.objects.count() == 2_000
    assert ParticipationRecord.objects.count() == 8_000
    assert 500 <= Household.objects.count() <= 600
    # Everyone is in exactly one household, and each household has one head.
    assert HouseholdMembership.objects.values("citizen").distinct().count() == (
        HouseholdMembership.objects.count()
    )
    heads = HouseholdMembership.objects.filter(relation="head").count()
    assert heads == Household.objects.count()
    assert seed_scale(name="tiny").startswith("already at scale")
    from citizen_profiles.titles.demo_scale import seed_scale as seed_titles

    assert "recognised titles" in seed_titles(name="tiny")
    year = ParticipationRecord.objects.order_by("-date").first().date.year
    rollups.refresh(year=year)
    figures = {f.indicator.key: f for f in selectors.overview(scope=CITY, year=year)}
    assert figures["learners_pct"].numerator > 0
    for key in ("gdht_pct", "citizens_cdht_pct", "dvht_commune_pct", "cdht_thon_pct"):
        assert figures[key].available and 0 < figures[key].value < 100, key
