"""Statistics reads go to the replica alias (a second connection to the test database, as
a real replica would be a second server); other reads and all writes stay on the primary."""

import datetime

import pytest
from django.db import connections
from django.test.utils import CaptureQueriesContext

from citizen_profiles.models import Citizen
from citizen_profiles.statistics import selectors
from citizen_profiles.statistics.scope import CITY
from tests.factories.geography import WardFactory
from tests.factories.people import CitizenFactory, ParticipationRecordFactory


@pytest.mark.django_db(transaction=True, serialized_rollback=True, databases=["default", "replica"])
def test_statistics_reads_use_the_replica(settings):
    settings.STATISTICS_READ_REPLICA = True
    ward = WardFactory()
    person = CitizenFactory(ward=ward, birth_year=1980)
    ParticipationRecordFactory(citizen=person, date=datetime.date(2025, 5, 1))
    with (
        CaptureQueriesContext(connections["replica"]) as on_replica,
        CaptureQueriesContext(connections["default"]) as on_primary,
    ):
        figures = selectors.overview(scope=CITY, year=2025, keys=["learners_pct"])
        Citizen.objects.count()  # an ordinary read, outside the statistics
    assert (figures[0].numerator, figures[0].denominator) == (1, 1)
    assert len(on_replica) >= 2
    assert not any("citizen_profiles_participationrecord" in q["sql"] for q in on_primary)
    assert any("COUNT" in q["sql"].upper() for q in on_primary)


@pytest.mark.django_db
def test_without_the_replica_everything_reads_the_primary():
    assert selectors.overview(scope=CITY, year=2025, keys=["learners_pct"])[0].numerator == 0
