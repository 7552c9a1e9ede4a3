"""British-English formats for dates, times, money and numbers, and safe Markdown."""

import datetime as dt

import markdown as markdown_lib
import nh3
from django.utils import timezone
from markupsafe import Markup

_ALLOWED_TAGS = {
    "p", "br", "strong", "em", "ul", "ol", "li", "a", "blockquote", "code", "pre",
    "h2", "h3", "h4", "table", "thead", "tbody", "tr", "th", "td", "hr",
}  # fmt: skip


def date_gb(value: dt.date | dt.datetime | None, empty: str = "") -> str:
    """Format a date as "25 November 2010"."""
    if value is None:
        return empty
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
    return f"{value.day} {value:%B %Y}"


def time_gb(value: dt.time | dt.datetime | None, empty: str = "") -> str:
    """Format a time as "11:00"."""
    if value is None:
        return empty
    if isinstance(value, dt.datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    return f"{value:%H:%M}"


def datetime_gb(value: dt.datetime | None, empty: str = "") -> str:
    """Format a moment as "25 November 2010, 11:00"."""
    if value is None:
        return empty
    return f"{date_gb(value)}, {time_gb(value)}"


def month_gb(value: str | None, empty: str = "") -> str:
    """Format a police.uk month "2010-11" as "November 2010"."""
    if not value:
        return empty
    year, month = str(value)[:7].split("-")
    return f"{dt.date(int(year), int(month), 1):%B %Y}"


def money(pence: int | None, empty: str = "") -> str:
    """Format an amount held in pence as "£5,000" or "£5,000.50"."""
    if pence is None:
        return empty
    sign = "-" if pence < 0 else ""
    pounds, rem = divmod(abs(int(pence)), 100)
    return f"{sign}£{pounds:,}" + (f".{rem:02d}" if rem else "")


def number(value: int | float | None, places: int = 0, empty: str = "") -> str:
    """Format a number with thousands separators: 31,635 or 4.42."""
    if value is None:
        return empty
    return f"{value:,.{places}f}"


def markdown_safe(text: str | None) -> Markup:
    """Render Markdown to HTML and sanitise it, so stored text can never inject markup."""
    html = markdown_lib.markdown(text or "", extensions=["sane_lists"])
    clean = nh3.clean(
        html,
        tags=_ALLOWED_TAGS,
        attributes={"a": {"href", "title"}},
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )
    return Markup(clean)  # noqa: S704 - sanitised by nh3 above
