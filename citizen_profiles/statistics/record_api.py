"""The learning record as statistics read it: one adapter, so every indicator uses the same
definitions as "My learning" and the titles (learning hours counted once, the titles'
recognition, the digital-skill rule). Each function returns a queryset or an expression that
the indicators aggregate in SQL."""

from __future__ import annotations

from django.apps import apps
from django.db.models import QuerySet, Sum

from citizen_profiles.models import ParticipationRecord
from citizen_profiles.selectors import credited_records


def records_in_year(year: int) -> QuerySet[ParticipationRecord]:
    """The year's records, annotated with the hours each one is credited with."""
    return credited_records(ParticipationRecord.objects.filter(date__year=year))


def hours_sum():
    """The aggregate of learning hours over `records_in_year` (the record's one definition:
    each hour counted once, see citizen_profiles/record/hours.py)."""
    return Sum("credited_hours")


def titles_installed() -> bool:
    return apps.is_installed("citizen_profiles.titles")


def recognised_subject_ids(*, kind: str, year: int) -> QuerySet | None:
    """Ids of the subjects of `kind` (citizen, household, clan, community, unit) recognised
    for `year` and not revoked, as a values queryset for `__in`; None when the titles are not
    installed (the indicator then says it has no data)."""
    if not titles_installed():
        return None
    from citizen_profiles.titles.models import SUBJECT_FIELD, Evaluation

    return Evaluation.objects.recognised().filter(kind=kind, year=year).values(SUBJECT_FIELD[kind])


def with_basic_digital_skills(citizens: QuerySet) -> QuerySet | None:
    """The citizens of `citizens` who meet the digital-skill rule; None when unavailable."""
    from citizen_profiles.skills.selectors import with_basic_digital_skills as skilled

    return skilled(citizens)
