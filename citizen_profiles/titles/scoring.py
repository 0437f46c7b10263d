"""The pass rule of a criteria set applied to an evaluation's scores (no database access).

Points sets: the total is the sum of the indicators' points; the rule checks the minimum
total, the minimum per indicator (the set's, or the indicator's own) and the required
indicators; the level is the highest band whose minimum the total reaches.
Pass/fail sets: an indicator of level k is needed from level k up; the level reached is the
highest band k whose indicators (level <= k) are all met; passing means reaching level 1."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext

ZERO = Decimal("0")


@dataclass
class Outcome:
    total: Decimal = ZERO
    passed: bool = False
    level: str = ""
    failures: list[str] = field(default_factory=list)


def _points(entry: dict | None) -> Decimal | None:
    if not entry or entry.get("points") in (None, ""):
        return None
    return Decimal(str(entry["points"]))


def _silent(message: str) -> str:
    return message


def apply_rule(criteria_set, indicators, scores: dict, *, explain: bool = True) -> Outcome:
    """`indicators` is the set's indicators (any iterable of Indicator); `scores` maps
    indicator code → {"points", "met", ...}. `explain=False` leaves the failure messages
    untranslated (the bulk run only needs the outcome; translation is its hot spot)."""
    out = Outcome()
    _ = gettext if explain else _silent
    if criteria_set.scoring == "pass_fail":
        return _apply_pass_fail(criteria_set, indicators, scores, out, _)
    for ind in indicators:
        entry = scores.get(ind.code)
        if ind.max_points is None:
            if ind.required and not (entry or {}).get("met"):
                out.failures.append(_("%(code)s: chưa đạt (bắt buộc)") % {"code": ind.code})
            continue
        points = _points(entry)
        out.total += points or ZERO
        minimum = ind.min_points if ind.min_points is not None else criteria_set.min_per_indicator
        if minimum is not None and (points or ZERO) < minimum:
            if not explain:  # the hot path of the bulk run: no formatting
                out.failures.append(ind.code)
                continue
            out.failures.append(
                _("%(code)s: %(p)s điểm, cần ít nhất %(m)s")
                % {"code": ind.code, "p": _fmt(points or ZERO), "m": _fmt(minimum)}
            )
        elif ind.required and not points:
            out.failures.append(_("%(code)s: chưa đạt (bắt buộc)") % {"code": ind.code})
    if criteria_set.min_total is not None and out.total < criteria_set.min_total:
        out.failures.append(
            _("Tổng %(t)s điểm, cần ít nhất %(m)s")
            % {"t": _fmt(out.total), "m": _fmt(criteria_set.min_total)}
        )
    for band in sorted(criteria_set.bands or [], key=lambda b: -Decimal(str(b.get("min", 0)))):
        if out.total >= Decimal(str(band.get("min", 0))):
            out.level = band.get("name") or band.get("code", "")
            break
    if criteria_set.bands and not out.level:
        out.failures.append(_("Tổng điểm chưa đạt mức xếp loại nào"))
    out.passed = not out.failures
    return out


def _apply_pass_fail(criteria_set, indicators, scores, out: Outcome, _) -> Outcome:
    bands = list(criteria_set.bands or []) or [{"code": "1", "name": ""}]
    unmet_levels = []
    for ind in indicators:
        if not (scores.get(ind.code) or {}).get("met"):
            unmet_levels.append(ind.level or 1)
            if (ind.level or 1) <= 1:
                out.failures.append(_("%(code)s: chưa đạt") % {"code": ind.code})
    reached = 0
    for k in range(1, len(bands) + 1):
        if all(level > k for level in unmet_levels):
            reached = k
        else:
            break
    out.level = (
        (bands[reached - 1].get("name") or bands[reached - 1].get("code", "")) if reached else ""
    )
    out.passed = reached >= 1
    if not out.passed and not out.failures:
        out.failures.append(_("Chưa đạt đủ các chỉ số"))
    return out


def _fmt(value: Decimal) -> str:
    return f"{Decimal(value).normalize():f}"
