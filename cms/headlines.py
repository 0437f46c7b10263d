"""Current values for the headline targets on the home page.

The information site knows the targets (plan rows flagged "chỉ tiêu nổi bật") but not the
statistics, which live in a higher layer. A higher app supplies values by registering a
Wagtail hook in its `wagtail_hooks.py`:

    @hooks.register("headline_target_values")
    def current_values(page, request):
        return {"gdht_pct": CurrentValue(value=58.2, as_of=date(2026, 6, 30))}

Keys are `PlanTarget.key`; values are a `CurrentValue` or a plain number. Later hooks win
on the same key. Without any value the page says "chưa có số liệu".
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from wagtail import hooks

HOOK_NAME = "headline_target_values"


@dataclass(frozen=True)
class CurrentValue:
    value: Decimal | float | int
    as_of: date | None = None
    note: str = ""


def current_values(*, page=None, request=None) -> dict[str, CurrentValue]:
    """Merge every registered hook's {indicator_key: value} into CurrentValue objects."""
    values: dict[str, CurrentValue] = {}
    for fn in hooks.get_hooks(HOOK_NAME):
        for key, raw in (fn(page, request) or {}).items():
            if raw is None:
                continue
            values[key] = raw if isinstance(raw, CurrentValue) else CurrentValue(value=raw)
    return values
