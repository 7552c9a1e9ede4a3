"""Deadlines as minutes write them, resolved to a rule and (where fixed) a date.

Forms understood (case and spacing do not matter):

- "15 Dec 2010", "By 31 Dec 2010", "by 31st December 2010", "15/12/2010", "2010-12-15"
  → that date;
- "By Dec 2010", "By end Dec 2010", "By the end of December 2010", "Feb 2011"
  → the last day of that month;
- "By next meeting", "At next meeting", "Next meeting", "By the next meeting"
  → the group's next meeting, resolved when read so it follows the meeting if it moves.

Anything else ("ASAP", "Ongoing", "Dec", "Spring 2011", "31 Feb 2011") keeps its text and gets
no date: a deadline is never given a date it did not say.
"""

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from actions.models import DeadlineRule

_MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4,
    "april": 4, "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8,
    "sep": 9, "sept": 9, "september": 9, "oct": 10, "october": 10, "nov": 11, "november": 11,
    "dec": 12, "december": 12,
}  # fmt: skip

_BY = r"(?:(?:by|before|on)\s+)?(?:the\s+)?"
_DAY = re.compile(_BY + r"(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]+)\.?,?\s+(\d{4})")
_MONTH = re.compile(_BY + r"(?:end\s+(?:of\s+)?)?([a-z]+)\.?,?\s+(\d{4})")
_NUMERIC = re.compile(_BY + r"(\d{1,2})/(\d{1,2})/(\d{4})")
_ISO = re.compile(_BY + r"(\d{4})-(\d{2})-(\d{2})")
_NEXT = re.compile(r"(?:(?:by|at|before|for)\s+)?(?:the\s+)?next\s+meeting")


@dataclass(frozen=True)
class Deadline:
    """A deadline as written, with how it resolves."""

    text: str
    rule: str
    date: dt.date | None = None

    def as_fields(self) -> dict:
        return {"deadline_text": self.text, "deadline_rule": self.rule, "deadline_date": self.date}


def _date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def parse_deadline(text: str) -> Deadline:
    """Read a deadline as written in the minutes' DEADLINE column."""
    written = " ".join((text or "").split())
    s = written.lower().rstrip(".")
    if not s:
        return Deadline(text=written, rule=DeadlineRule.NONE)
    if _NEXT.fullmatch(s):
        return Deadline(text=written, rule=DeadlineRule.NEXT_MEETING)
    date = None
    if m := _DAY.fullmatch(s):
        month = _MONTHS.get(m[2])
        date = _date(int(m[3]), month, int(m[1])) if month else None
    elif m := _MONTH.fullmatch(s):
        month = _MONTHS.get(m[1])
        if month:
            year = int(m[2])
            date = _date(year, month, calendar.monthrange(year, month)[1])
    elif m := _NUMERIC.fullmatch(s):
        date = _date(int(m[3]), int(m[2]), int(m[1]))
    elif m := _ISO.fullmatch(s):
        date = _date(int(m[1]), int(m[2]), int(m[3]))
    if date is None or not (1900 <= date.year <= 2200):
        return Deadline(text=written, rule=DeadlineRule.NONE)
    return Deadline(text=written, rule=DeadlineRule.DATE, date=date)
