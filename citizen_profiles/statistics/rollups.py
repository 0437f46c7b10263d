"""Rollup tables: every indicator's counts per ward and per residential group, and the
equity groups per ward, for a year, written in one transaction by `statistics_refresh`.
Reading a rollup is a handful of indexed rows; a missing rollup means "count live"."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from learning_centers.models import ResidentialGroup, Ward

from .indicators import INDICATORS, equity_counts
from .models import Rollup
from .router import memo

MONTH_MEASURES = ("learners", "records", "hours")


def month_key(month: int, measure: str) -> str:
    return f"month:{month:02d}:{measure}"


def monthly_counts(*, year: int, ward_id=None) -> dict[str, dict]:
    """{month key: {ward id: (value, None)}} for learners, records and hours per month."""
    from django.db.models import Count
    from django.db.models.functions import ExtractMonth

    from . import record_api

    records = record_api.records_in_year(year).filter(citizen__ward__isnull=False)
    if ward_id is not None:
        records = records.filter(citizen__ward_id=ward_id)
    out: dict[str, dict] = {}
    for row in (
        records.order_by()
        .annotate(month=ExtractMonth("date"))
        .values("citizen__ward_id", "month")
        .annotate(
            learners=Count("citizen", distinct=True),
            records=Count("pk"),
            hours=record_api.hours_sum(),
        )
    ):
        for measure in MONTH_MEASURES:
            out.setdefault(month_key(row["month"], measure), {})[row["citizen__ward_id"]] = (
                row[measure] or 0,
                None,
            )
    return out


def _rows(key, year, level, counts, computed_at, ward_of=None):
    for area_id, (numerator, denominator) in counts.items():
        yield Rollup(
            key=key,
            year=year,
            level=level,
            area_id=area_id,
            ward_id=area_id if ward_of is None else ward_of.get(area_id, 0),
            numerator=Decimal(numerator or 0),
            denominator=denominator,
            computed_at=computed_at,
        )


@transaction.atomic
def refresh(*, year: int, progress=None) -> int:
    """Recompute every rollup of `year`; returns the number of rows written."""
    computed_at = timezone.now()
    ward_of = dict(ResidentialGroup.objects.values_list("pk", "ward_id"))
    ward_ids = list(Ward.objects.values_list("pk", flat=True))

    def complete(counts, areas, indicator_has_denominator=True):
        # Every area gets a row (zero when nothing counted), so "no rows" means "no source".
        empty = (0, 0 if indicator_has_denominator else None)
        return {area: counts.get(area, empty) for area in areas}

    rows: list[Rollup] = []
    steps = [(i.key, i) for i in INDICATORS]
    for step, (key, indicator) in enumerate(steps, start=1):
        has_den = indicator.denominator is not None
        by_ward = indicator.counts(year=year, by="ward")
        if by_ward is not None:
            by_ward = complete(by_ward, ward_ids, has_den)
            rows.extend(_rows(key, year, Rollup.Level.WARD, by_ward, computed_at))
        if indicator.by_group:
            by_group = indicator.counts(year=year, by="group")
            if by_group is not None:
                by_group = complete(by_group, ward_of, has_den)
                rows.extend(_rows(key, year, Rollup.Level.GROUP, by_group, computed_at, ward_of))
        if progress:
            progress(step, len(steps) + 1)
    for key, counts in monthly_counts(year=year).items():
        rows.extend(_rows(key, year, Rollup.Level.WARD, counts, computed_at))
    for group, counts in equity_counts(year=year).items():
        counts = complete(counts, ward_ids)
        rows.extend(_rows(f"equity:{group}", year, Rollup.Level.WARD, counts, computed_at))
    if progress:
        progress(len(steps) + 1, len(steps) + 1)
    Rollup.objects.filter(year=year).delete()
    Rollup.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


def _level_rows(*, year: int, by: str, ward_id):
    """Every rollup row of one level (and ward) for the year, read once per statistics block:
    {key: {area: (numerator, denominator)}} and the oldest computation time."""
    cache = memo()
    memo_key = ("rollup", year, by, ward_id)
    if memo_key not in cache:
        queryset = Rollup.objects.filter(year=year, level=by)
        if ward_id is not None:
            queryset = queryset.filter(ward_id=ward_id)
        table: dict[str, dict] = {}
        oldest = None
        for key, area, num, den, at in queryset.values_list(
            "key", "area_id", "numerator", "denominator", "computed_at"
        ):
            table.setdefault(key, {})[area] = (_plain(num), den)
            oldest = at if oldest is None or at < oldest else oldest
        cache[memo_key] = (table, oldest or latest(year))
    return cache[memo_key]


def read(*, key: str, year: int, by: str, ward_id=None):
    """(counts, computed_at) from the rollup; (None, computed_at) when the year was rolled up
    but the figure has no source; None when the year has no rollup (count live)."""
    table, computed_at = _level_rows(year=year, by=by, ward_id=ward_id)
    if computed_at is None:
        return None
    return table.get(key), computed_at


def _plain(value: Decimal):
    return int(value) if value == value.to_integral_value() else value


def latest(year: int) -> datetime.datetime | None:
    return Rollup.objects.filter(year=year).values_list("computed_at", flat=True).first()
