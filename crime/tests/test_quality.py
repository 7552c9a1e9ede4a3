"""Force-months that are missing or implausibly low are flagged as gaps, never as zeros."""

from __future__ import annotations

from crime import selectors
from crime.ingest import import_paths
from crime.tests.helpers import street_row, write_street


def test_low_and_missing_force_months_are_flagged(store, tmp_path):
    sizes = {"2019-03": 40, "2019-04": 42, "2019-05": 38, "2019-07": 3}  # June is missing
    for month, n in sizes.items():
        write_street(
            tmp_path / "in" / f"{month}-greater-manchester-street.csv",
            [street_row(month, crime_id=f"{month}-{i}") for i in range(n)],
        )
    import_paths([tmp_path / "in"], store=store)
    months = selectors.force_months(forces=["greater-manchester"], store=store)
    assert [(m.month, m.rows, m.status) for m in months] == [
        ("2019-03", 40, "ok"),
        ("2019-04", 42, "ok"),
        ("2019-05", 38, "ok"),
        ("2019-06", 0, "missing"),
        ("2019-07", 3, "low"),
    ]
    assert months[3].unallocated_share is None
