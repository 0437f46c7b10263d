"""Two staff merging the same pair at the same instant, in opposite directions (PostgreSQL
only: SQLite serialises writers anyway). The rows are locked in id order, so neither
deadlocks: one merge wins, the other finds its record gone and says so."""

import threading
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from citizen_profiles.merge import citizen_merge
from citizen_profiles.models import Citizen, ParticipationRecord
from citizen_profiles.services import participation_record
from tests.factories.people import CitizenFactory

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_opposite_merges_of_one_pair_at_once_leave_one_record_with_everything():
    a = CitizenFactory(full_name="Vũ Minh Châu", birth_year=1970)
    b = CitizenFactory(full_name="Vu Minh Chau", birth_year=1970)
    for citizen, source_id in ((a, "1"), (b, "2"), (a, "3"), (b, "3")):
        participation_record(
            citizen=citizen,
            kind="declared",
            title="CLB đọc sách",
            hours=Decimal("2"),
            date=timezone.localdate(),
            source_type="citizen_profiles.declaration",
            source_id=source_id,
        )
    barrier = threading.Barrier(2)
    outcomes = []

    def merge(source, target):
        try:
            barrier.wait()
            citizen_merge(source=source, target=target)
            outcomes.append("merged")
        except ValidationError as error:
            outcomes.append(error.messages[0])
        finally:
            connection.close()

    threads = [
        threading.Thread(target=merge, args=(a, b)),
        threading.Thread(target=merge, args=(b, a)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert len(outcomes) == 2 and outcomes.count("merged") == 1
    [refused] = [outcome for outcome in outcomes if outcome != "merged"]
    assert "không còn tồn tại" in refused
    [survivor] = Citizen.objects.filter(pk__in=[a.pk, b.pk])
    assert ParticipationRecord.objects.filter(citizen=survivor).count() == 3
