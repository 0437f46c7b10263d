"""Targets and progress: which target applies to a year, the gap to it and a status.

Status by straight-line progress: between two milestones the expected value grows in a
straight line, from the previous milestone's target (or 0 % at the programmes' start,
2021, before the first one) to the next milestone's target. A value at or above the
milestone's target has *reached* it; at or above the expected value for the year is *on
track*; below is *behind*. One definition, used by the dashboard, the public page, the
API, the exports and the home page."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from .models import Target
from .scope import FIRST_YEAR


class Status:
    REACHED = "reached"
    ON_TRACK = "on_track"
    BEHIND = "behind"
    NO_TARGET = "no_target"
    NO_DATA = "no_data"

    LABELS = {
        REACHED: _("Đã đạt"),
        ON_TRACK: _("Đúng tiến độ"),
        BEHIND: _("Chậm tiến độ"),
        NO_TARGET: _("Không có chỉ tiêu"),
        NO_DATA: _("Chưa có số liệu"),
    }


@dataclass(frozen=True)
class TargetPoint:
    year: int
    value: Decimal
    source_plan: str
    provenance: str
    provenance_label: str
    note: str


@dataclass(frozen=True)
class Progress:
    target: TargetPoint | None
    expected: Decimal | None
    gap: Decimal | None
    status: str

    @property
    def status_label(self):
        return Status.LABELS[self.status]


def target_table(queryset: QuerySet[Target] | None = None) -> dict[str, list[TargetPoint]]:
    """Every indicator's milestones, one per year (the highest-priority active row), in one
    query. Pass the result around instead of querying per indicator."""
    queryset = queryset if queryset is not None else Target.objects.in_force()
    table: dict[str, dict[int, TargetPoint]] = {}
    for row in queryset.order_by("indicator", "year", "-priority", "pk"):
        years = table.setdefault(row.indicator, {})
        if row.year in years:
            continue
        years[row.year] = TargetPoint(
            year=row.year,
            value=row.value,
            source_plan=row.source_plan,
            provenance=row.provenance,
            provenance_label=str(row.get_provenance_display()),
            note=row.note,
        )
    return {key: [years[y] for y in sorted(years)] for key, years in table.items()}


def progress(*, value: Decimal | None, year: int, milestones: list[TargetPoint]) -> Progress:
    """Where `value` (measured for `year`) stands against the milestones."""
    upcoming = [m for m in milestones if m.year >= year and m.year >= FIRST_YEAR]
    if not upcoming:
        past = [m for m in milestones if m.year < year and m.year >= FIRST_YEAR]
        target = past[-1] if past else None
        start = None
    else:
        target = upcoming[0]
        earlier = [m for m in milestones if m.year < target.year and m.year >= FIRST_YEAR]
        start = (earlier[-1].year, earlier[-1].value) if earlier else (FIRST_YEAR, Decimal(0))
    if target is None:
        return Progress(target=None, expected=None, gap=None, status=Status.NO_TARGET)
    if value is None:
        return Progress(target=target, expected=None, gap=None, status=Status.NO_DATA)
    value = Decimal(value)
    gap = max(target.value - value, Decimal(0))
    if value >= target.value:
        return Progress(target=target, expected=target.value, gap=gap, status=Status.REACHED)
    if start is None:  # the target year has passed without reaching it
        return Progress(target=target, expected=target.value, gap=gap, status=Status.BEHIND)
    start_year, start_value = start
    span = target.year - start_year
    done = min(max(year - start_year, 0), span)
    expected = start_value + (target.value - start_value) * Decimal(done) / Decimal(span or 1)
    expected = expected.quantize(Decimal("0.1"))
    status = Status.ON_TRACK if value >= expected else Status.BEHIND
    return Progress(target=target, expected=expected, gap=gap, status=status)
