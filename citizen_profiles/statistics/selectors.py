"""Reads for the dashboard, the public page, the API and the exports: every indicator for a
year and scope beside its target, the ranked ward table, the residential groups of a ward,
monthly and yearly trends, and the equity breakdown. All figures come from the database's
own aggregation (`indicators.py`); nothing loads people into Python.

Reads go through `reading_statistics()`, so with DATABASE_REPLICA_URL they are served by the
replica (see router.py)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from decimal import Decimal

from django.db.models import Count
from django.db.models.functions import ExtractMonth
from django.utils import timezone

from learning_centers.models import ResidentialGroup, Ward

from . import record_api, rollups
from .cache import cached
from .indicators import INDICATORS, REGISTRY, Indicator, equity_counts, equity_groups, rate
from .router import reading_statistics
from .scope import FIRST_YEAR, Scope
from .suppression import Cell, suppress
from .targets import Progress, progress, target_table


@dataclass(frozen=True)
class Figure:
    """One indicator's figure for one area: public code must check `suppressed`."""

    indicator: Indicator
    numerator: Decimal | int | None
    denominator: int | None
    value: Decimal | None
    progress: Progress
    suppressed: bool = False
    available: bool = True

    @property
    def shown_value(self):
        return None if self.suppressed else self.value


@dataclass
class AreaRow:
    key: object
    name: str
    code: str
    figure: Figure
    rank: int | None = None
    extra: dict = field(default_factory=dict)


def _value(indicator: Indicator, numerator, denominator):
    if numerator is None:
        return None
    if indicator.is_rate:
        return rate(numerator, denominator)
    return Decimal(numerator).quantize(Decimal("0.1"))


def _figure(indicator, counts_pair, *, year, targets, available=True) -> Figure:
    numerator, denominator = counts_pair if counts_pair else (None, None)
    value = _value(indicator, numerator, denominator) if available else None
    return Figure(
        indicator=indicator,
        numerator=numerator,
        denominator=denominator,
        value=value,
        progress=progress(
            value=value if indicator.is_rate else None,
            year=year,
            milestones=targets.get(indicator.key, []),
        ),
        available=available,
    )


def _sum(counts: dict) -> tuple:
    numerator = sum((pair[0] or 0) for pair in counts.values())
    dens = [pair[1] for pair in counts.values() if pair[1] is not None]
    return numerator, (sum(dens) if dens else (0 if counts else None))


class AsOf:
    """Collects the oldest computation time of the cached counts a view used."""

    def __init__(self):
        self.value = None

    def see(self, moment):
        if self.value is None or moment < self.value:
            self.value = moment


def counts(indicator: Indicator, *, year: int, by: str, ward_id=None, as_of: AsOf | None = None):
    """The indicator's raw counts: from the rollup tables when the year has been rolled up,
    else counted live (and kept briefly in the statistics cache)."""
    rolled = rollups.read(key=indicator.key, year=year, by=by, ward_id=ward_id)
    if rolled is not None:
        value, computed_at = rolled
        if value is not None and by == "group" and not indicator.by_group:
            value = None
    else:
        value, computed_at = cached(
            f"{indicator.key}:{year}:{by}:{ward_id or 'all'}",
            lambda: indicator.counts(year=year, by=by, ward_id=ward_id),
        )
    if as_of is not None:
        as_of.see(computed_at)
    return value


def scope_counts(indicator: Indicator, *, scope: Scope, year: int, as_of: AsOf | None = None):
    """(numerator, denominator) of `indicator` for `scope`, or None without a data source.
    A ward's figure is read from the city's per-ward counts, so one cached aggregation
    answers the city, the ranking and every ward."""
    if scope.kind == "group":
        group_counts = counts(indicator, year=year, by="group", ward_id=scope.ward.pk, as_of=as_of)
        return None if group_counts is None else group_counts.get(scope.group.pk, (0, 0))
    ward_counts = counts(indicator, year=year, by="ward", as_of=as_of)
    counts_ = ward_counts
    if counts_ is None:
        return None
    if scope.kind == "ward":
        return counts_.get(scope.ward.pk, (0, 0 if indicator.denominator else None))
    total = _sum(counts_)
    return (total[0], total[1] or 0) if indicator.denominator else (total[0], None)


def overview(
    *,
    scope: Scope,
    year: int,
    keys: Iterable[str] | None = None,
    public: bool = False,
    as_of: AsOf | None = None,
) -> list[Figure]:
    """Every indicator (or those of `keys`) for the scope and year, with target and status.
    With `public`, small cells are suppressed (see suppression.py)."""
    indicators = [REGISTRY[k] for k in keys] if keys else list(INDICATORS)
    with reading_statistics():
        targets = target_table()
        figures = []
        for indicator in indicators:
            if scope.kind == "group" and not indicator.by_group:
                continue
            pair = scope_counts(indicator, scope=scope, year=year, as_of=as_of)
            figure = _figure(
                indicator, pair, year=year, targets=targets, available=pair is not None
            )
            if public and figure.available:
                cell, _total = suppress(
                    [Cell("x", figure.numerator, figure.denominator)], total=None
                )
                if cell[0].suppressed:
                    figure = replace(figure, suppressed=True)
            figures.append(figure)
    return figures


def area_table(
    *,
    indicator: Indicator,
    year: int,
    ward: Ward | None = None,
    public: bool = False,
    as_of: AsOf | None = None,
) -> tuple[list[AreaRow], Figure | None]:
    """The wards of the city (or the residential groups of `ward`) for one indicator, ranked
    best first, with the total row; None rows when the indicator has no data source."""
    by = "group" if ward is not None else "ward"
    with reading_statistics():
        targets = target_table()
        area_counts = counts(
            indicator, year=year, by=by, ward_id=ward.pk if ward else None, as_of=as_of
        )
        if by == "ward":
            areas = [(w.pk, w.name_with_type, w.code) for w in Ward.objects.order_by("name")]
        else:
            areas = [
                (g.pk, g.name, str(g.pk))
                for g in ResidentialGroup.objects.filter(ward=ward).order_by("name")
            ]
    if area_counts is None:
        return [], None
    empty = (0, 0 if indicator.denominator else None)
    cells = [Cell(key, *area_counts.get(key, empty)) for key, _name, _code in areas]
    total_pair = _sum(area_counts) if indicator.denominator else (_sum(area_counts)[0], None)
    total_cell = Cell("total", *total_pair)
    if public:
        cells, total_cell = suppress(cells, total=total_cell)
    suppressed = {c.key for c in cells if c.suppressed}
    rows = []
    for (key, name, code), cell in zip(areas, cells, strict=True):
        figure = _figure(indicator, (cell.numerator, cell.denominator), year=year, targets=targets)
        if key in suppressed:
            figure = replace(figure, suppressed=True)
        rows.append(AreaRow(key=key, name=name, code=code, figure=figure))
    ranked = sorted(
        rows,
        key=lambda r: (
            r.figure.shown_value is None,
            -(r.figure.shown_value or 0),
            r.name,
        ),
    )
    for position, row in enumerate(ranked, start=1):
        row.rank = position if row.figure.shown_value is not None else None
    total = _figure(indicator, total_pair, year=year, targets=targets)
    if total_cell.suppressed:
        total = replace(total, suppressed=True)
    return ranked, total


def yearly_trend(
    *, indicator: Indicator, scope: Scope, until: int | None = None, as_of: AsOf | None = None
) -> list:
    """(year, figure) from the programmes' first year to `until` (this year by default)."""
    until = until or timezone.localdate().year
    with reading_statistics():
        targets = target_table()
        out = []
        for year in range(FIRST_YEAR, until + 1):
            pair = scope_counts(indicator, scope=scope, year=year, as_of=as_of)
            out.append(
                (
                    year,
                    _figure(
                        indicator, pair, year=year, targets=targets, available=pair is not None
                    ),
                )
            )
    return out


def monthly_participation(*, scope: Scope, year: int, public: bool = False) -> list[dict]:
    """Learners, records and learning hours of each month of `year` in the scope (from the
    rollups when the year has them); for the public, a month with fewer than 5 learners (and
    its complement) shows no figures."""
    ward_id = scope.ward.pk if scope.kind in ("ward", "group") else None
    with reading_statistics():
        if scope.kind == "group":
            table = _live_monthly(scope=scope, year=year)
        else:
            rolled = rollups.read(
                key=rollups.month_key(1, "learners"), year=year, by="ward", ward_id=ward_id
            )
            if rolled is not None:
                table = {}
                for month in range(1, 13):
                    for measure in rollups.MONTH_MEASURES:
                        counts_ = (
                            rollups.read(
                                key=rollups.month_key(month, measure),
                                year=year,
                                by="ward",
                                ward_id=ward_id,
                            )[0]
                            or {}
                        )
                        table.setdefault(month, {})[measure] = sum(
                            (pair[0] or 0) for pair in counts_.values()
                        )
            else:
                table, _at = cached(
                    f"months:{year}:{ward_id or 'all'}",
                    lambda: _live_monthly(scope=scope, year=year),
                )
    months = [
        {
            "month": month,
            "learners": table.get(month, {}).get("learners", 0),
            "records": table.get(month, {}).get("records", 0),
            "hours": Decimal(table.get(month, {}).get("hours") or 0),
            "suppressed": False,
        }
        for month in range(1, 13)
    ]
    if public:
        cells, _ = suppress([Cell(m["month"], m["learners"]) for m in months], total=None)
        for month, cell in zip(months, cells, strict=True):
            if cell.suppressed:
                month.update(learners=None, records=None, hours=None, suppressed=True)
    return months


def _live_monthly(*, scope: Scope, year: int) -> dict:
    records = record_api.records_in_year(year)
    if scope.kind == "ward":
        records = records.filter(citizen__ward_id=scope.ward.pk)
    elif scope.kind == "group":
        records = records.filter(citizen__residential_group_id=scope.group.pk)
    else:
        records = records.filter(citizen__ward__isnull=False)
    return {
        row["month"]: {
            "learners": row["learners"],
            "records": row["records"],
            "hours": row["hours"] or 0,
        }
        for row in records.order_by()
        .annotate(month=ExtractMonth("date"))
        .values("month")
        .annotate(
            learners=Count("citizen", distinct=True),
            records=Count("pk"),
            hours=record_api.hours_sum(),
        )
    }


def equity(*, year: int, scope: Scope, public: bool = False) -> list[dict]:
    """Participation of each group the plans single out, suppressed for the public."""
    ward_id = scope.ward.pk if scope.kind in ("ward", "group") else None
    labels = [(key, label) for key, label, _people in equity_groups(year)]
    with reading_statistics():
        per_group = {}
        for key, _label in labels:
            rolled = rollups.read(key=f"equity:{key}", year=year, by="ward", ward_id=ward_id)
            if rolled is None or rolled[0] is None:
                per_group = equity_counts(year=year, ward_id=ward_id)
                break
            per_group[key] = rolled[0]
    rows = []
    for key, label in labels:
        counts_ = per_group.get(key, {})
        pair = counts_.get(ward_id, (0, 0)) if ward_id else _sum(counts_) if counts_ else (0, 0)
        rows.append((key, label, pair[0] or 0, pair[1] or 0))
    cells = [Cell(key, num, den) for key, _label, num, den in rows]
    if public:
        # Gender and age bands each partition the adults: suppress within each partition so
        # that no hidden cell is the total minus the others.
        partitions = [{"nu", "nam"}, {"15-24", "25-39", "40-59", "cao-tuoi"}]
        marked = {}
        for part in partitions:
            part_cells, _ = suppress([c for c in cells if c.key in part], total=None)
            marked.update({c.key: c for c in part_cells})
        others, _ = suppress([c for c in cells if c.key not in marked], total=None)
        marked.update({c.key: c for c in others})
        cells = [marked[c.key] for c in cells]
    return [
        {
            "key": key,
            "label": label,
            "numerator": None if cell.suppressed else num,
            "denominator": None if cell.suppressed else den,
            "value": None if cell.suppressed else rate(num, den),
            "suppressed": cell.suppressed,
        }
        for (key, label, num, den), cell in zip(rows, cells, strict=True)
    ]


def breakdowns(*, year: int, scope: Scope) -> list:
    """Tables other apps add for staff (courses: enrollments and completions by topic and by
    centre) through the `statistics_breakdowns` hook fn(year, ward_id) -> [{title, header,
    rows}]."""
    from wagtail import hooks

    from .exports import Table

    ward_id = scope.ward.pk if scope.kind in ("ward", "group") else None
    tables = []
    with reading_statistics():
        for fn in hooks.get_hooks("statistics_breakdowns"):
            for item in fn(year, ward_id) or []:
                tables.append(
                    Table(
                        title=str(item["title"]),
                        header=[str(h) for h in item["header"]],
                        rows=item["rows"],
                    )
                )
    return tables
