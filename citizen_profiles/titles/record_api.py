"""The learning-record functions the titles read, in one place.

The titles read learning hours and the "basic digital skills" rule through the names of the
record contract (docs/titles.md): `citizen_profiles.selectors.learning_hours` /
`with_learning_hours` (h-record) and `citizen_profiles.skills.selectors.has_basic_digital_skills`
/ `with_basic_digital_skills` (h-skills). They are built on other branches at the same time,
so each import falls back to a simple local definition until the merge.

# CONTRACT STUB: replaced at merge — once h-record and h-skills are merged, delete the
# fallbacks below (everything under `except ImportError`) and keep the imports.
"""

import datetime
from decimal import Decimal

from django.db.models import DecimalField, Exists, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from citizen_profiles.models import ParticipationRecord

try:  # h-record: THE definition of learning hours.
    from citizen_profiles.selectors import learning_hours, with_learning_hours
except ImportError:  # CONTRACT STUB: replaced at merge
    # Until the merge: attendance and verified declarations count their hours; a course
    # completion adds none (its hours are the sessions already attended).
    _COUNTED_KINDS = ("attendance", "declared")

    def with_learning_hours(citizens_queryset, *, year: int):
        """Citizens annotated `.learning_hours` for `year` (one SQL aggregation)."""
        hours = (
            ParticipationRecord.objects.filter(
                citizen_id=OuterRef("pk"), date__year=year, kind__in=_COUNTED_KINDS
            )
            .order_by()
            .values("citizen_id")
            .annotate(total=Sum("hours"))
            .values("total")
        )
        return citizens_queryset.annotate(
            learning_hours=Coalesce(
                Subquery(hours, output_field=DecimalField(max_digits=8, decimal_places=1)),
                Value(Decimal("0")),
                output_field=DecimalField(max_digits=8, decimal_places=1),
            )
        )

    def learning_hours(*, citizen, year: int | None = None) -> Decimal:
        year = year or datetime.date.today().year
        total = ParticipationRecord.objects.filter(
            citizen=citizen, date__year=year, kind__in=_COUNTED_KINDS
        ).aggregate(total=Sum("hours"))["total"]
        return total or Decimal("0")


try:  # h-skills: the "basic digital skills" rule.
    from citizen_profiles.skills.selectors import (
        has_basic_digital_skills,
        with_basic_digital_skills,
    )
except ImportError:  # CONTRACT STUB: replaced at merge
    # Until the merge: a completed course or a verified declaration on digital skills
    # (by its topics or title) up to `on` counts as attaining the basic skills.
    _DIGITAL = (
        Q(topics__icontains="kỹ năng số")
        | Q(topics__icontains="tin học")
        | Q(topics__icontains="chuyển đổi số")
        | Q(title__icontains="kỹ năng số")
        | Q(title__icontains="tin học")
        | Q(title__icontains="Bình dân học vụ số")
    )

    def _digital_records(on):
        qs = ParticipationRecord.objects.filter(_DIGITAL, kind__in=("completion", "declared"))
        if on is not None:
            qs = qs.filter(date__lte=on)
        return qs

    def with_basic_digital_skills(queryset_of_citizens, *, on=None):
        return queryset_of_citizens.filter(
            Exists(_digital_records(on).filter(citizen_id=OuterRef("pk")))
        )

    def has_basic_digital_skills(*, citizen, on=None) -> bool:
        return _digital_records(on).filter(citizen=citizen).exists()


__all__ = [
    "has_basic_digital_skills",
    "learning_hours",
    "with_basic_digital_skills",
    "with_learning_hours",
]
