"""The rollup tables always equal a full recount, at every level, and views read them."""

import datetime

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from citizen_profiles.statistics import rollups, selectors
from citizen_profiles.statistics.indicators import INDICATORS
from citizen_profiles.statistics.models import Rollup
from citizen_profiles.statistics.scope import CITY, Scope
from learning_centers.models import ResidentialGroup
from tests.factories.geography import WardFactory
from tests.factories.people import CitizenFactory, ParticipationRecordFactory

pytestmark = pytest.mark.django_db
YEAR = 2025


@pytest.fixture
def data():
    wards = [WardFactory(), WardFactory()]
    groups = [ResidentialGroup.objects.create(ward=w, name=f"Tổ {i}") for i, w in enumerate(wards)]
    for i in range(30):
        ward = wards[i % 2]
        person = CitizenFactory(
            ward=ward,
            residential_group=groups[i % 2] if i % 3 else None,
            birth_year=1950 + i,
            gender="nu" if i % 2 else "nam",
            occupation="lao-dong" if i % 4 == 0 else "",
        )
        if i % 3 != 1:
            ParticipationRecordFactory(citizen=person, date=datetime.date(YEAR, 1 + i % 12, 1))
    return wards


def _live_figures(scope):
    Rollup.objects.all().delete()
    return {
        f.indicator.key: (f.numerator, f.denominator, f.available)
        for f in selectors.overview(scope=scope, year=YEAR)
    }


def _rolled_figures(scope):
    return {
        f.indicator.key: (f.numerator, f.denominator, f.available)
        for f in selectors.overview(scope=scope, year=YEAR)
    }


def test_rollup_equals_a_full_recount_at_every_level(data):
    scopes = [
        CITY,
        Scope(kind="ward", ward=data[0]),
        Scope(kind="group", ward=data[1], group=data[1].residential_groups.first()),
    ]
    expected = {s.code: _live_figures(s) for s in scopes}
    expected_equity = selectors.equity(year=YEAR, scope=CITY)
    call_command("statistics_refresh", "--year", str(YEAR), verbosity=0)
    assert Rollup.objects.filter(year=YEAR).exists()
    for scope in scopes:
        assert _rolled_figures(scope) == expected[scope.code], scope.code
    assert selectors.equity(year=YEAR, scope=CITY) == expected_equity


def test_a_refresh_follows_new_records(data):
    rollups.refresh(year=YEAR)
    before = _rolled_figures(CITY)["learners_pct"]
    newcomer = CitizenFactory(ward=data[0], birth_year=1990)
    ParticipationRecordFactory(citizen=newcomer, date=datetime.date(YEAR, 6, 1))
    assert _rolled_figures(CITY)["learners_pct"] == before  # as of the last refresh
    rollups.refresh(year=YEAR)
    after = _rolled_figures(CITY)["learners_pct"]
    assert after[0] == before[0] + 1 and after[1] == before[1] + 1
    assert after == _live_figures(CITY)["learners_pct"]


def test_views_read_rollups_in_few_queries(data, client):
    rollups.refresh(year=YEAR)
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/api/thong-ke/", {"nam": YEAR}).status_code == 200
    assert len(queries) <= len(INDICATORS) + 8
    assert not any("participationrecord" in q["sql"] for q in queries)


def test_dry_run_writes_nothing(data):
    call_command("statistics_refresh", "--year", str(YEAR), "--dry-run", verbosity=0)
    assert not Rollup.objects.exists()
