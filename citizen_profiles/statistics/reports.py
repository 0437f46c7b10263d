"""The statistics section of UNESCO's Global Network of Learning Cities (GNLC) progress
report, from the portal's own figures: participation (overall, by gender and age), outcomes
(hours, completions, titles against the plans' targets) and provision. Labels are bilingual
because the report is filed in English.

Provision (centres, courses, enrollments) belongs to higher layers: they add rows through
the Wagtail hook `statistics_provision_rows` fn(year) -> [[label, value, note], ...]."""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _
from wagtail import hooks

from . import selectors
from .exports import Table
from .scope import CITY


def gnlc_tables(*, year: int, as_of=None) -> list[Table]:
    figures = {f.indicator.key: f for f in selectors.overview(scope=CITY, year=year, as_of=as_of)}
    learners = figures["learners_pct"]
    hours = figures["learning_hours"]
    per_learner = (
        (Decimal(hours.numerator or 0) / Decimal(learners.numerator)).quantize(Decimal("0.1"))
        if learners.numerator
        else ""
    )
    participation = [
        [
            "Người từ 15 tuổi có hồ sơ / Adults (15+) on record",
            learners.denominator,
            "",
        ],
        [
            "Người học trong năm / Adult learners in the year",
            learners.numerator,
            f"{learners.value} %" if learners.value is not None else "",
        ],
    ]
    for group in selectors.equity(year=year, scope=CITY):
        participation.append(
            [
                f"{group['label']} – tỉ lệ học tập / participation rate",
                group["numerator"],
                f"{group['value']} % / {group['denominator']}"
                if group["value"] is not None
                else "",
            ]
        )
    outcomes = [
        ["Tổng số giờ học / Total learning hours", float(hours.numerator or 0), ""],
        ["Giờ học bình quân một người học / Hours per learner", per_learner, ""],
        [
            "Lượt hoàn thành khóa học / Course completions",
            figures["completions"].numerator,
            "",
        ],
    ]
    for key in (
        "citizens_cdht_pct",
        "gdht_pct",
        "dhht_pct",
        "cdht_thon_pct",
        "dvht_commune_pct",
        "cdht_with_digital_skills_pct",
    ):
        figure = figures[key]
        target = figure.progress.target
        outcomes.append(
            [
                str(figure.indicator.label),
                float(figure.value) if figure.value is not None else _("chưa có số liệu"),
                (
                    f"{_('chỉ tiêu')} {target.value} % ({target.year}, {target.source_plan}); "
                    f"{figure.progress.status_label}"
                    if target
                    else ""
                ),
            ]
        )
    provision: list[list] = []
    for fn in hooks.get_hooks("statistics_provision_rows"):
        provision.extend(fn(year) or [])
    header = ["Chỉ số / Indicator", "Giá trị / Value", "Ghi chú / Note"]
    return [
        Table(title=f"1 Participation {year}", header=header, rows=participation),
        Table(title=f"2 Outcomes {year}", header=header, rows=outcomes),
        Table(title=f"3 Provision {year}", header=header, rows=provision),
    ]
