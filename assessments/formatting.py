"""How figures are written in every output (page, Word, PDF), so all three show the same text.

Plain Python. CSV files carry the raw numbers instead.
"""

from __future__ import annotations

import math

DASH = "–"


def count(value) -> str:
    """A whole number with thousands separators: 3,319."""
    return "–" if value is None else f"{int(value):,}"


def decimal(value, places: int = 2) -> str:
    """A number to fixed places: 4.42."""
    if value is None:
        return DASH
    if isinstance(value, float) and math.isinf(value):
        return "∞"
    return f"{value:,.{places}f}"


def interval(values, places: int = 2) -> str:
    """An interval as "4.27 to 4.57"."""
    if not values or values[0] is None:
        return DASH
    low, high = values
    return f"{decimal(low, places)} to {'∞' if high is None else decimal(high, places)}"


def p_value(value) -> str:
    """A p-value: three decimals, or scientific notation below 0.001."""
    if value is None:
        return DASH
    if value == 0:
        return "< 1e-300"
    if value < 0.001:
        return f"{value:.1e}"
    return f"{value:.3f}"


def percent(value) -> str:
    """A signed percentage change: +36.4%."""
    if value is None:
        return DASH
    return f"{value:+.1f}%"


def share(value) -> str:
    """A proportion as a percentage: 12.5%."""
    return DASH if value is None else f"{100 * value:.1f}%"


def yes_no(value) -> str:
    return "Yes" if value else "No"


def count_or_value(value) -> str:
    """A count for whole numbers, otherwise up to two decimals."""
    if value is None:
        return DASH
    if float(value).is_integer():
        return count(value)
    return f"{value:,.2f}"
