"""Small-number suppression for public outputs, with complementary cells protected.

A table of counts with row and column totals is published to the public with every count from
1 to ``threshold - 1`` shown as "fewer than N" (primary suppression). A total is an equation:
if a row had one withheld cell, the row total minus the shown cells would give it away, so
another cell of that row is withheld too (secondary suppression), chosen as the smallest count
of at least ``threshold`` (else the smallest above zero), and so on until every row, column and
the totals line hold no withheld cell alone. Two or more withheld small counts alone in a line
are protected too when their sum would pin them (all 1s, or all at the threshold less one).
Zeros are shown: a zero discloses no one. Partners see the true figures (no suppression).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings

SHOWN, PRIMARY, SECONDARY = "shown", "primary", "secondary"
Key = tuple


def threshold() -> int:
    """The configured rule: counts below this (and above zero) are withheld from the public."""
    return int(getattr(settings, "EVIDENCE_SUPPRESS_BELOW", 5) or 0)


@dataclass
class SuppressedTable:
    """States of every cell and margin: ``cells[r][c]``, ``row_totals[r]``, ``column_totals[c]``."""

    values: list[list[int]]
    cells: list[list[str]]
    row_totals: list[str]
    column_totals: list[str]
    grand_total: str
    threshold: int

    @property
    def withheld(self) -> int:
        states = [s for row in self.cells for s in row] + self.row_totals + self.column_totals
        return sum(1 for s in [*states, self.grand_total] if s != SHOWN)


def _primary(value: int, limit: int) -> bool:
    return 0 < value < limit


def suppress(values: list[list[int]], *, limit: int | None = None) -> SuppressedTable:
    """Primary and complementary suppression of a table with its row, column and grand totals."""
    limit = threshold() if limit is None else limit
    rows, cols = len(values), len(values[0]) if values else 0
    value: dict[Key, int] = {}
    for r in range(rows):
        for c in range(cols):
            value[("cell", r, c)] = values[r][c]
        value[("row", r)] = sum(values[r])
    for c in range(cols):
        value[("col", c)] = sum(values[r][c] for r in range(rows))
    value[("all",)] = sum(value[("row", r)] for r in range(rows))
    state = {k: PRIMARY if limit and _primary(v, limit) else SHOWN for k, v in value.items()}
    equations: list[list[Key]] = [
        [*(("cell", r, c) for c in range(cols)), ("row", r)] for r in range(rows)
    ]
    equations += [[*(("cell", r, c) for r in range(rows)), ("col", c)] for c in range(cols)]
    equations.append([*(("col", c) for c in range(cols)), ("all",)])
    equations.append([*(("row", r) for r in range(rows)), ("all",)])
    changed = bool(limit)
    while changed:
        changed = False
        for members in equations:
            hidden = [k for k in members if state[k] != SHOWN]
            if not hidden or not _exposed(hidden, state, value, limit):
                continue
            shown = [k for k in members if state[k] == SHOWN]
            if not shown:
                continue
            state[_complement(shown, value, limit)] = SECONDARY
            changed = True
    return SuppressedTable(
        values=values,
        cells=[[state[("cell", r, c)] for c in range(cols)] for r in range(rows)],
        row_totals=[state[("row", r)] for r in range(rows)],
        column_totals=[state[("col", c)] for c in range(cols)],
        grand_total=state[("all",)],
        threshold=limit,
    )


def _exposed(hidden: list[Key], state: dict, value: dict, limit: int) -> bool:
    """Whether the line's shown members would let the withheld ones be worked out."""
    if len(hidden) == 1:
        return True
    if all(state[k] == PRIMARY for k in hidden):
        total = sum(value[k] for k in hidden)
        return total in (len(hidden), len(hidden) * (limit - 1))
    return False


def _complement(shown: list[Key], value: dict, limit: int) -> Key:
    """The cell to withhold beside a lone small count: the smallest that protects it best."""

    def rank(k: Key) -> tuple:
        v = value[k]
        return (0 if v >= limit else 1 if v > 0 else 2, v, k[0] != "cell", k)

    return min(shown, key=rank)


def label(state: str, value: int, limit: int) -> str:
    """What the public sees for a cell: the number, "fewer than N" or "withheld"."""
    if state == PRIMARY:
        return f"fewer than {limit}"
    if state == SECONDARY:
        return "withheld"
    return f"{value:,}"


def public_series(values: Sequence[int | None], totals: list[tuple[list[int], int]], *, limit: int):
    """Suppress a series whose parts sum to known totals (e.g. months to a period's count).

    ``totals`` lists (indexes, total) lines. Returns one state per value.
    """
    state = [PRIMARY if v is not None and limit and _primary(v, limit) else SHOWN for v in values]
    changed = bool(limit)
    while changed:
        changed = False
        for indexes, _ in totals:
            hidden = [i for i in indexes if state[i] != SHOWN]
            if not hidden:
                continue
            vals = {("s", i): values[i] or 0 for i in indexes}
            st = {("s", i): state[i] for i in indexes}
            if not _exposed([("s", i) for i in hidden], st, vals, limit):
                continue
            shown = [("s", i) for i in indexes if state[i] == SHOWN and values[i] is not None]
            if not shown:
                continue
            pick = _complement(shown, vals, limit)
            state[pick[1]] = SECONDARY
            changed = True
    return state
