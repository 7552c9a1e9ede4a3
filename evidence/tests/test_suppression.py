"""Small-number suppression: primary cells, complementary cells, and the two views."""

from __future__ import annotations

import itertools

import pytest

from evidence.suppression import PRIMARY, SECONDARY, SHOWN, suppress


def recoverable(values, table) -> set[tuple[int, int]]:
    """Cells an outsider can work out from one row or column and its shown total."""
    rows, cols = len(values), len(values[0])
    found = set()
    lines = [[(r, c) for c in range(cols)] for r in range(rows)]
    lines += [[(r, c) for r in range(rows)] for c in range(cols)]
    for i, line in enumerate(lines):
        total_state = table.row_totals[i] if i < rows else table.column_totals[i - rows]
        hidden = [(r, c) for r, c in line if table.cells[r][c] != SHOWN]
        if total_state == SHOWN and len(hidden) == 1:
            found.add(hidden[0])
    return found


def test_a_lone_small_count_gets_a_complementary_cell_in_its_row_and_column():
    values = [
        [12, 3, 20],
        [15, 9, 11],
        [30, 14, 8],
    ]
    table = suppress(values, limit=5)
    assert table.cells[0][1] == PRIMARY
    # Row 0 and column 1 each need a second withheld cell, and so do the lines those touch.
    row0 = [s for s in table.cells[0] if s != SHOWN]
    col1 = [table.cells[r][1] for r in range(3) if table.cells[r][1] != SHOWN]
    assert len(row0) >= 2 and len(col1) >= 2
    assert SECONDARY in row0 and SECONDARY in col1
    assert not recoverable(values, table)
    # Every line with a withheld cell has at least two.
    for r in range(3):
        assert [s != SHOWN for s in table.cells[r]].count(True) != 1
    for c in range(3):
        assert [table.cells[r][c] != SHOWN for r in range(3)].count(True) != 1


def test_zeros_and_large_counts_are_shown_and_nothing_is_withheld_without_small_numbers():
    table = suppress([[0, 7], [12, 5]], limit=5)
    assert table.withheld == 0


def test_no_suppression_for_partners():
    table = suppress([[1, 2], [3, 4]], limit=0)
    assert table.withheld == 0


@pytest.mark.parametrize("seed", range(40))
def test_no_withheld_cell_can_be_worked_out_from_a_line_total(seed):
    import random

    rng = random.Random(seed)
    rows, cols = rng.randint(1, 5), rng.randint(1, 5)
    values = [[rng.choice([0, 1, 2, 3, 4, 6, 9, 15, 30]) for _ in range(cols)] for _ in range(rows)]
    table = suppress(values, limit=5)
    assert not recoverable(values, table)
    for r, c in itertools.product(range(rows), range(cols)):
        if 0 < values[r][c] < 5:
            assert table.cells[r][c] == PRIMARY
