"""owners_resolve and parse_deadline details that the mutation run found untested.

These kill mutants that survived `make mutation` (docs/testing.md): "and" between initials,
ALL taking people present at another meeting or guests who are not members, and the errors a
minute-taker reads on the form reworded or emptied.
"""

import pytest
from django.core.exceptions import ValidationError

from actions.deadlines import parse_deadline
from actions.models import DeadlineRule
from actions.services import owners_resolve
from meetings import services as meeting_services
from meetings.models import AttendanceStatus
from partnership.factories import PersonFactory


def _initials(people):
    return sorted(p.initials for p in people)


def _error(meeting, written):
    with pytest.raises(ValidationError) as exc:
        owners_resolve(meeting=meeting, written=written)
    return exc.value.message_dict


def test_initials_may_be_joined_by_and_ampersand_plus_comma_or_space(gov):
    assert _initials(owners_resolve(meeting=gov.first, written="JL and SR")) == ["JL", "SR"]
    assert _initials(owners_resolve(meeting=gov.first, written="JL & SR + ZC, RG")) == [
        "JL",
        "RG",
        "SR",
        "ZC",
    ]


def test_no_initials_asks_for_them(gov):
    for written in ("", None, " / "):
        assert _error(gov.first, written) == {
            "owners": ["Enter the owners' initials, for example JL/SR"]
        }


def test_all_is_the_members_present_at_this_meeting_only(gov):
    guest = PersonFactory(partnership=gov.partnership, initials="GU", name="A Guest")
    meeting_services.attendance_record(
        meeting=gov.first, person=guest, status=AttendanceStatus.PRESENT, is_member=False
    )
    meeting_services.attendance_record(
        meeting=gov.second, person=gov.people["RG"], status=AttendanceStatus.PRESENT
    )
    # RG sent apologies to the first meeting (present at the second); the guest is no member.
    assert _initials(owners_resolve(meeting=gov.first, written="ALL")) == ["JL", "SR", "ZC"]


def test_all_without_attendance_says_so(gov):
    assert _error(gov.second, "ALL") == {
        "owners": ["ALL means every member present, but no attendance is recorded"]
    }


def test_unknown_initials_are_listed_in_the_error(gov):
    assert _error(gov.first, "QQ/JL/XY") == {
        "owners": [
            "No one in the partnership has the initials QQ, XY. Add them under People first, "
            "or correct the initials."
        ]
    }


def test_a_day_with_an_unknown_month_word_keeps_its_text():
    deadline = parse_deadline("15 Smarch 2011")
    assert (deadline.rule, deadline.date, deadline.text) == (
        DeadlineRule.NONE,
        None,
        "15 Smarch 2011",
    )
