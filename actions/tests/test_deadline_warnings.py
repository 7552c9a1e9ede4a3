"""Deadline warnings and the year bounds of parse_deadline, at their boundaries.

These kill mutants that survived the mutation run (`make mutation`, docs/testing.md): the
"no later meeting is scheduled" warning inverted, and the year bound 1900 made exclusive.
"""

import datetime as dt

import pytest

from actions import services
from actions.deadlines import Deadline, parse_deadline
from actions.models import DeadlineRule
from meetings import services as meeting_services
from meetings.models import MeetingStatus

# deadline_warnings ----------------------------------------------------------------------------


def test_next_meeting_deadline_warns_when_no_later_meeting_is_scheduled(gov):
    warnings = services.deadline_warnings(
        meeting=gov.second, deadline=parse_deadline("By next meeting")
    )
    assert warnings == [
        "No later meeting of Delivery Group is scheduled yet: the deadline gets its date when "
        "one is."
    ]


def test_next_meeting_deadline_does_not_warn_when_a_later_meeting_exists(gov):
    assert (
        services.deadline_warnings(meeting=gov.first, deadline=parse_deadline("By next meeting"))
        == []
    )


def test_only_a_later_meeting_of_the_same_group_that_is_not_cancelled_counts(gov):
    deadline = parse_deadline("At next meeting")
    meeting_services.meeting_create(
        partnership=gov.partnership, group=gov.other_group, date=dt.date(2011, 6, 1)
    )
    assert services.deadline_warnings(meeting=gov.second, deadline=deadline)  # another group's
    meeting_services.meeting_update(meeting=gov.second, status=MeetingStatus.CANCELLED)
    assert services.deadline_warnings(meeting=gov.first, deadline=deadline)  # only one cancelled
    meeting_services.meeting_create(
        partnership=gov.partnership, group=gov.group, date=dt.date(2011, 6, 16)
    )
    assert services.deadline_warnings(meeting=gov.first, deadline=deadline) == []


def test_a_deadline_on_the_day_of_the_meeting_does_not_warn_but_the_day_before_does(gov):
    assert (
        services.deadline_warnings(meeting=gov.first, deadline=parse_deadline("25 Nov 2010")) == []
    )
    assert services.deadline_warnings(
        meeting=gov.first, deadline=parse_deadline("24 Nov 2010")
    ) == [
        'The deadline "24 Nov 2010" is before the meeting (25 November 2010). '
        "Check it was typed correctly."
    ]


def test_text_without_a_date_warns_it_is_kept_and_an_empty_deadline_does_not(gov):
    assert services.deadline_warnings(meeting=gov.first, deadline=parse_deadline("Ongoing")) == [
        '"Ongoing" is kept as written: it has no date, so it is never overdue.'
    ]
    assert services.deadline_warnings(meeting=gov.first, deadline=parse_deadline("")) == []
    blank = Deadline(text="", rule=DeadlineRule.NONE)
    assert services.deadline_warnings(meeting=gov.first, deadline=blank) == []


def test_a_dated_deadline_after_the_meeting_does_not_warn_even_without_a_next_meeting(gov):
    assert services.deadline_warnings(meeting=gov.second, deadline=parse_deadline("Mar 2011")) == []


# parse_deadline's year bounds -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("1 Jan 1900", dt.date(1900, 1, 1)),
        ("Jan 1900", dt.date(1900, 1, 31)),
        ("01/01/1900", dt.date(1900, 1, 1)),
        ("1900-01-01", dt.date(1900, 1, 1)),
        ("31 Dec 2200", dt.date(2200, 12, 31)),
        ("Dec 2200", dt.date(2200, 12, 31)),
    ],
)
def test_years_1900_to_2200_inclusive_resolve_to_a_date(written, expected):
    deadline = parse_deadline(written)
    assert (deadline.rule, deadline.date, deadline.text) == (DeadlineRule.DATE, expected, written)


@pytest.mark.parametrize(
    "written", ["31 Dec 1899", "Dec 1899", "31/12/1899", "1899-12-31", "1 Jan 2201", "Jan 2201"]
)
def test_years_outside_1900_to_2200_keep_their_text_and_get_no_date(written):
    deadline = parse_deadline(written)
    assert (deadline.rule, deadline.date, deadline.text) == (DeadlineRule.NONE, None, written)


def test_a_trailing_full_stop_and_extra_spaces_are_ignored_but_the_text_is_kept():
    deadline = parse_deadline("  By   31 Dec 2010. ")
    assert deadline.date == dt.date(2010, 12, 31)
    assert deadline.text == "By 31 Dec 2010."
    assert deadline.as_fields() == {
        "deadline_text": "By 31 Dec 2010.",
        "deadline_rule": DeadlineRule.DATE,
        "deadline_date": dt.date(2010, 12, 31),
    }
    assert parse_deadline(None).rule == DeadlineRule.NONE
