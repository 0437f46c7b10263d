"""Figures as plain, JSON-ready data: the one shape shared by the API, the exports and the
templates, so what the public sees, downloads and reads in JSON is the same."""

from __future__ import annotations

from decimal import Decimal

from .selectors import Figure


def _num(value):
    if value is None:
        return None
    if isinstance(value, Decimal):
        return float(value)
    return value


def figure_data(figure: Figure, *, public: bool) -> dict:
    indicator = figure.indicator
    target = figure.progress.target
    hidden = figure.suppressed
    return {
        "key": indicator.key,
        "label": str(indicator.label),
        "unit": indicator.unit,
        "value": None if hidden else _num(figure.value),
        "numerator": None if hidden else _num(figure.numerator),
        "denominator": None if hidden else _num(figure.denominator),
        "suppressed": hidden,
        "available": figure.available,
        "target": (
            {
                "year": target.year,
                "value": _num(target.value),
                "source": target.source_plan,
                "provenance": target.provenance,
            }
            if target
            else None
        ),
        "expected_this_year": None if hidden else _num(figure.progress.expected),
        "gap": None if hidden else _num(figure.progress.gap),
        "status": "suppressed" if hidden else figure.progress.status,
        "status_label": str(figure.progress.status_label),
        "definition": {
            "numerator": str(indicator.numerator),
            "denominator": str(indicator.denominator) if indicator.denominator else None,
            "note": str(indicator.note) if indicator.note else "",
        },
    }
