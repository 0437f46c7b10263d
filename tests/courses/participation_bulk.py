"""Proposed bulk write path for citizen_profiles.services (owned by another branch; the lead
can paste this function there verbatim). courses.importers uses it when it exists; the
tests and benchmarks/enrollment_bench.py patch it in to prove and measure that path."""

from django.db import transaction

from citizen_profiles.models import ParticipationRecord


@transaction.atomic
def participation_record_many(*, records: list[dict]) -> int:
    """Bulk `participation_record`: each item has its keyword arguments; idempotent per
    (citizen, kind, source_type, source_id) like the single version (upsert)."""
    objs = [
        ParticipationRecord(
            citizen=r["citizen"],
            kind=r["kind"],
            title=r["title"][:255],
            hours=r["hours"],
            date=r["date"],
            source_type=r["source_type"],
            source_id=str(r["source_id"]),
            topics=", ".join(r.get("topics") or [])[:255],
        )
        for r in records
    ]
    ParticipationRecord.objects.bulk_create(
        objs,
        batch_size=1000,
        update_conflicts=True,
        unique_fields=["citizen", "kind", "source_type", "source_id"],
        update_fields=["title", "hours", "date", "topics"],
    )
    return len(objs)
