"""Small-cell suppression for everything the public sees.

A cell is hidden when it counts fewer than `MIN_CELL` people in its numerator, or when fewer
than `MIN_CELL` people are outside it (a rate of "all but two" identifies the two), or when its
denominator itself is that small. Zero is shown: it identifies nobody.

Hiding one cell is not enough when the table also shows a total: the hidden cell would be the
total minus the others. So when exactly one cell of a table is hidden, the next smallest cell
is hidden too (complementary suppression); when the total itself is hidden, nothing can be
subtracted from it."""

from __future__ import annotations

from dataclasses import dataclass, replace

MIN_CELL = 5


@dataclass(frozen=True)
class Cell:
    key: object
    numerator: int | float | None
    denominator: int | None = None
    suppressed: bool = False


def _small(count) -> bool:
    return count is not None and 0 < count < MIN_CELL


def needs_suppression(cell: Cell) -> bool:
    if cell.denominator is None:
        return _small(cell.numerator)
    numerator = cell.numerator or 0
    return _small(numerator) or _small(cell.denominator) or _small(cell.denominator - numerator)


def suppress(cells: list[Cell], *, total: Cell | None = None) -> tuple[list[Cell], Cell | None]:
    """Return the cells and the total with `suppressed` set as the rules above say."""
    if total is not None and needs_suppression(total):
        total = replace(total, suppressed=True)
    marked = [replace(c, suppressed=needs_suppression(c)) for c in cells]
    hidden = sum(1 for c in marked if c.suppressed)
    if hidden == 1 and (total is None or not total.suppressed) and len(marked) > 1:
        # The one hidden cell must not be recoverable from the total: hide the next one.
        candidates = [c for c in marked if not c.suppressed]
        partner = min(
            candidates, key=lambda c: ((c.denominator or 0), (c.numerator or 0), str(c.key))
        )
        marked = [replace(c, suppressed=True) if c is partner else c for c in marked]
    return marked, total
