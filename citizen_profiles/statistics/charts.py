"""Charts drawn on the server as SVG: no script, no network, readable by screen readers
(a title and a description; each chart is shown beside the table of its data)."""

from __future__ import annotations

from decimal import Decimal

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

WIDTH, BAR_HEIGHT, GAP, LABEL_WIDTH = 640, 22, 8, 220


def _num(value) -> float:
    return float(value or 0)


def bar_chart(
    rows: list[tuple[str, Decimal | None]],
    *,
    title: str,
    maximum: float | None = None,
    target: float | None = None,
    unit: str = "%",
) -> SafeString:
    """Horizontal bars, one per (label, value); None draws no bar and says "—". A target
    draws a dashed line across all bars."""
    values = [_num(v) for _label, v in rows if v is not None]
    top = maximum or max(values + [target or 0, 1])
    span = WIDTH - LABEL_WIDTH - 70
    height = len(rows) * (BAR_HEIGHT + GAP) + GAP
    bars = []
    for i, (label, value) in enumerate(rows):
        y = GAP + i * (BAR_HEIGHT + GAP)
        length = 0 if value is None else max(_num(value) / top * span, 1)
        shown = "—" if value is None else f"{_num(value):,.1f}".replace(",", ".") + f" {unit}"
        bars.append((y, label[:40], length, shown))
    body = format_html_join(
        "",
        '<text x="{}" y="{}" class="chart-label" text-anchor="end">{}</text>'
        '<rect x="{}" y="{}" width="{}" height="{}" class="chart-bar"></rect>'
        '<text x="{}" y="{}" class="chart-value">{}</text>',
        (
            (
                LABEL_WIDTH - 8,
                y + BAR_HEIGHT - 6,
                label,
                LABEL_WIDTH,
                y,
                f"{length:.1f}",
                BAR_HEIGHT,
                f"{LABEL_WIDTH + length + 6:.1f}",
                y + BAR_HEIGHT - 6,
                shown,
            )
            for y, label, length, shown in bars
        ),
    )
    target_line = ""
    if target is not None:
        x = LABEL_WIDTH + _num(target) / top * span
        target_line = format_html(
            '<line x1="{}" x2="{}" y1="0" y2="{}" class="chart-target"></line>',
            f"{x:.1f}",
            f"{x:.1f}",
            height,
        )
    return format_html(
        '<svg class="chart" viewBox="0 0 {} {}" role="img" aria-label="{}" '
        'xmlns="http://www.w3.org/2000/svg"><title>{}</title>{}{}</svg>',
        WIDTH,
        height,
        title,
        title,
        body,
        target_line,
    )


def column_chart(rows: list[tuple[str, Decimal | None]], *, title: str) -> SafeString:
    """Vertical columns (months or years), value printed above each column."""
    height, base, col = 200, 170, 40
    width = max(len(rows) * (col + 10) + 10, 120)
    top = max([_num(v) for _l, v in rows] + [1])
    cols = []
    for i, (label, value) in enumerate(rows):
        h = _num(value) / top * (base - 20)
        x = 10 + i * (col + 10)
        shown = "" if value is None else f"{_num(value):,.0f}".replace(",", ".")
        cols.append(
            (
                x,
                f"{base - h:.1f}",
                f"{h:.1f}",
                f"{x + col / 2:.1f}",
                f"{base - h - 4:.1f}",
                shown,
                base + 16,
                label,
            )
        )
    body = format_html_join(
        "",
        '<rect x="{}" y="{}" width="40" height="{}" class="chart-bar"></rect>'
        '<text x="{}" y="{}" class="chart-value" text-anchor="middle">{}</text>'
        '<text x="{}" y="{}" class="chart-label" text-anchor="middle">{}</text>',
        ((x, y, h, cx, ty, shown, cx, ly, label) for x, y, h, cx, ty, shown, ly, label in cols),
    )
    return format_html(
        '<svg class="chart" viewBox="0 0 {} {}" role="img" aria-label="{}" '
        'xmlns="http://www.w3.org/2000/svg"><title>{}</title>{}</svg>',
        width,
        height,
        title,
        title,
        body,
    )
