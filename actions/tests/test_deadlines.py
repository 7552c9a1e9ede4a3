"""Deadline resolution: every form in seed 002's DEADLINE column, and text that cannot resolve."""

import datetime as dt

import pytest

from actions.deadlines import parse_deadline
from actions.models import DeadlineRule


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("15 Dec 2010", dt.date(2010, 12, 15)),
        ("By 31 Dec 2010", dt.date(2010, 12, 31)),
        ("By Dec 2010", dt.date(2010, 12, 31)),
        ("By Dec\n2010", dt.date(2010, 12, 31)),  # split across a page break in the seed
        ("By end Dec 2010", dt.date(2010, 12, 31)),
        ("Feb 2011", dt.date(2011, 2, 28)),
    ],
)
def test_seed_002_dated_deadlines_resolve_to_the_date_they_say(written, expected):
    deadline = parse_deadline(written)
    assert deadline.rule == DeadlineRule.DATE
    assert deadline.date == expected
    assert deadline.text == " ".join(written.split())


@pytest.mark.parametrize("written", ["By next meeting", "At next meeting"])
def test_seed_002_next_meeting_deadlines_follow_the_next_meeting(written):
    deadline = parse_deadline(written)
    assert deadline.rule == DeadlineRule.NEXT_MEETING
    assert deadline.date is None
    assert deadline.text == written


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("by the end of February 2012", dt.date(2012, 2, 29)),
        ("31st December 2010", dt.date(2010, 12, 31)),
        ("15/12/2010", dt.date(2010, 12, 15)),
        ("2010-12-15", dt.date(2010, 12, 15)),
        ("BY END DEC 2010", dt.date(2010, 12, 31)),
        ("Sept 2011", dt.date(2011, 9, 30)),
    ],
)
def test_other_ways_of_writing_a_date_resolve(written, expected):
    assert parse_deadline(written).date == expected


@pytest.mark.parametrize(
    "written",
    [
        "ASAP",
        "Ongoing",
        "Dec",
        "By Dec",
        "Spring 2011",
        "31 Feb 2011",
        "By next week",
        "Next task and finish meeting",
        "13/25/2010",
        "Smarch 2011",
    ],
)
def test_unresolvable_text_is_kept_as_written_with_no_date(written):
    deadline = parse_deadline(written)
    assert deadline.rule == DeadlineRule.NONE
    assert deadline.date is None
    assert deadline.text == written


def test_an_empty_deadline_has_no_date():
    assert parse_deadline("").as_fields() == {
        "deadline_text": "",
        "deadline_rule": DeadlineRule.NONE,
        "deadline_date": None,
    }
