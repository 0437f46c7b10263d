"""Learning hours: THE definition of what each participation record contributes.

Every page, export, xAPI duration, metric and statistic counts hours through this module
(re-exported by `citizen_profiles.selectors`), so a course is never counted twice:

- an attendance record (one session attended) gives its hours;
- a completion record gives the course's hours only where no attendance of the same
  activity (`ParticipationRecord.activity`, the course) was recorded for that person:
  someone whose sessions were recorded already has those hours; someone completed by a
  staff override with no attendance recorded (a paper roster never imported, a course
  taken elsewhere and recognised) gets the course's hours from the completion;
- a declared record (written only when staff verify a declaration) gives its declared hours.

The rule is a SQL expression (an EXISTS on the same person and activity), so it holds for
one resident and for a whole city in one query, and stays right whichever order attendance
and completion were written in (an import after the completion, a withdrawn attendance)."""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.db.models import Case, Exists, F, OuterRef, Q, Subquery, Sum, Value, When
from django.db.models.functions import Coalesce, ExtractMonth

from ..models import ParticipationRecord

ZERO = Decimal("0")
HOURS_FIELD = models.DecimalField(max_digits=8, decimal_places=1)


def activity_key(source_type: str, source_id) -> str:
    """The `activity` value naming a source ("courses.course:42")."""
    return f"{source_type}:{source_id}"


def credited_hours_expression() -> Case:
    """The hours one record contributes, as an expression over `ParticipationRecord` rows."""
    attended_same_activity = ParticipationRecord.objects.filter(
        citizen_id=OuterRef("citizen_id"),
        activity=OuterRef("activity"),
        kind=ParticipationRecord.Kind.ATTENDANCE,
    )
    return Case(
        When(
            Q(kind=ParticipationRecord.Kind.COMPLETION)
            & ~Q(activity="")
            & Exists(attended_same_activity),
            then=Value(ZERO),
        ),
        default=F("hours"),
        output_field=HOURS_FIELD,
    )


def credited_records(queryset=None):
    """`queryset` (of ParticipationRecord; all by default) annotated `.credited_hours`."""
    if queryset is None:
        queryset = ParticipationRecord.objects.all()
    return queryset.annotate(credited_hours=credited_hours_expression())


def credited_hours_total(queryset) -> Decimal:
    """Sum of the credited hours of `queryset`'s records (one query)."""
    total = credited_records(queryset.order_by()).aggregate(total=Sum("credited_hours"))["total"]
    return _decimal(total)


def _records_in(year: int | None):
    records = ParticipationRecord.objects.all()
    return records.in_year(year) if year else records


def learning_hours(*, citizen, year: int | None = None) -> Decimal:
    """The resident's learning hours in `year` (every year when None), each hour once."""
    return credited_hours_total(_records_in(year).filter(citizen=citizen))


def learning_hours_by_month(*, citizen, year: int) -> list[Decimal]:
    """Twelve totals, January to December, of the resident's credited hours in `year`
    (one query)."""
    rows = (
        credited_records(_records_in(year).filter(citizen=citizen).order_by())
        .annotate(month=ExtractMonth("date"))
        .values("month")
        .annotate(total=Sum("credited_hours"))
        .values_list("month", "total")
    )
    by_month = dict(rows)
    return [_decimal(by_month.get(month)) for month in range(1, 13)]


def with_learning_hours(citizens, *, year: int | None):
    """`citizens` (a Citizen queryset) annotated `.learning_hours` for `year` (every year
    when None): one correlated SQL subquery, no Python loop, so statistics can filter and
    aggregate on it for a whole city (`.filter(learning_hours__gte=...)`)."""
    per_citizen = (
        credited_records(_records_in(year).filter(citizen_id=OuterRef("pk")).order_by())
        .values("citizen_id")
        .annotate(total=Sum("credited_hours"))
        .values("total")
    )
    return citizens.annotate(
        learning_hours=Coalesce(
            Subquery(per_citizen, output_field=HOURS_FIELD), Value(ZERO), output_field=HOURS_FIELD
        )
    )


def hours_text(value) -> str:
    """Hours as exported ("18.0"), whatever type the database returned."""
    return str(_decimal(value))


def _decimal(value) -> Decimal:
    if value is None:
        return ZERO
    return Decimal(str(value)).quantize(Decimal("0.1"))
