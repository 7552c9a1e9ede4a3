"""Periods of whole months ("2017-08:2018-07") and the default pair an assessment compares.

Plain Python: no Django, no database. A period is inclusive at both ends.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
MONTH_NAMES = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


def month_index(month: str) -> int:
    """Months since year 0, so that consecutive months differ by one."""
    return int(month[:4]) * 12 + int(month[5:7]) - 1


def month_from_index(index: int) -> str:
    """The "YYYY-MM" month for a month index."""
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def shift_month(month: str, months: int) -> str:
    """The month ``months`` later (or earlier, when negative)."""
    return month_from_index(month_index(month) + months)


def month_label(month: str) -> str:
    """A month as "July 2018"."""
    return f"{MONTH_NAMES[int(month[5:7]) - 1]} {month[:4]}"


@dataclass(frozen=True)
class Period:
    """A run of whole months, first and last inclusive."""

    first: str
    last: str

    def __post_init__(self):
        for month in (self.first, self.last):
            if not MONTH.match(month):
                raise ValueError(f"{month!r} is not a month like 2018-07")
        if self.last < self.first:
            raise ValueError(f"the period {self.first} to {self.last} ends before it starts")

    @classmethod
    def parse(cls, text: str) -> Period:
        """Read "YYYY-MM" or "YYYY-MM:YYYY-MM"."""
        parts = [p.strip() for p in str(text).strip().split(":")]
        if len(parts) == 1:
            parts = parts * 2
        if len(parts) != 2:
            raise ValueError(f"{text!r} is not a month (2018-07) or a range (2017-08:2018-07)")
        return cls(parts[0], parts[1])

    @property
    def months(self) -> list[str]:
        """Every month in the period, in order."""
        return [
            month_from_index(i) for i in range(month_index(self.first), month_index(self.last) + 1)
        ]

    @property
    def length(self) -> int:
        """Number of months."""
        return month_index(self.last) - month_index(self.first) + 1

    def shifted(self, months: int) -> Period:
        """The same length of period, moved by a number of months."""
        return Period(shift_month(self.first, months), shift_month(self.last, months))

    def __str__(self) -> str:
        return self.first if self.first == self.last else f"{self.first}:{self.last}"

    @property
    def label(self) -> str:
        """The period in words: "July 2018" or "August 2017 to July 2018"."""
        if self.first == self.last:
            return month_label(self.first)
        return f"{month_label(self.first)} to {month_label(self.last)}"


def default_periods(months: list[str]) -> tuple[Period, Period] | None:
    """The latest 12 months against the 12 before when held, else the latest month a year on."""
    held = set(months)
    if not held:
        return None
    latest = max(held)
    current = Period(shift_month(latest, -11), latest)
    baseline = current.shifted(-12)
    if all(m in held for m in current.months + baseline.months):
        return current, baseline
    for last in sorted(held, reverse=True):
        if shift_month(last, -12) in held:
            return Period(last, last), Period(shift_month(last, -12), shift_month(last, -12))
    return None
