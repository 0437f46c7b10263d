"""Writes to residents' learning records. Courses call `participation_record` on attendance
and completion: it is the one write path of the participation log."""

import datetime
from decimal import Decimal

from django.db import transaction

from .models import Citizen, ParticipationRecord


@transaction.atomic
def participation_record(
    *,
    citizen: Citizen,
    kind: str,
    title: str,
    hours: Decimal,
    date: datetime.date,
    source_type: str,
    source_id: str,
    topics: list[str] | None = None,
) -> ParticipationRecord:
    """Create or update the record for one (citizen, kind, source); idempotent."""
    record, _created = ParticipationRecord.objects.update_or_create(
        citizen=citizen,
        kind=kind,
        source_type=source_type,
        source_id=str(source_id),
        defaults={
            "title": title[:255],
            "hours": hours,
            "date": date,
            "topics": ", ".join(topics or [])[:255],
        },
    )
    return record


@transaction.atomic
def participation_withdraw(*, citizen: Citizen, kind: str, source_type: str, source_id: str) -> int:
    """Remove the record for one source (an attendance changed from present to absent)."""
    deleted, _ = ParticipationRecord.objects.filter(
        citizen=citizen, kind=kind, source_type=source_type, source_id=str(source_id)
    ).delete()
    return deleted


@transaction.atomic
def citizen_create_assisted(
    *,
    full_name: str,
    birth_year: int | None = None,
    ward=None,
    phone: str = "",
) -> Citizen:
    """Create a resident without an account (assisted enrollment by centre staff); they can
    claim the record later. Signature is shared with `courses`."""
    from search.text import nfc

    return Citizen.objects.create(
        full_name=nfc(full_name).strip(), birth_year=birth_year, ward=ward, phone=phone or ""
    )
