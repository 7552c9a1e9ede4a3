"""Meetings' services: series, clashes, quorum, attendance, papers and the minutes lifecycle."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from meetings import selectors, services
from meetings.models import (
    PAPER_MAX_BYTES,
    Attendance,
    AttendanceStatus,
    MinutesStatus,
    Paper,
)
from partnership.factories import MembershipFactory


def test_a_series_schedules_every_date_at_once(gov):
    dates = [dt.date(2011, 6, 16), dt.date(2011, 9, 6)]
    made = services.meeting_series_create(
        partnership=gov.partnership, group=gov.group, dates=dates, location="Room 6D"
    )
    assert [m.date for m in made] == dates
    assert all(m.location == "Room 6D" for m in made)


def test_a_series_with_a_repeated_date_saves_nothing(gov):
    with pytest.raises(ValidationError):
        services.meeting_series_create(
            partnership=gov.partnership,
            group=gov.group,
            dates=[dt.date(2011, 6, 16), dt.date(2011, 6, 16)],
        )
    assert gov.group.meetings.count() == 2


def test_a_member_invited_to_two_meetings_at_once_is_a_diary_clash(gov):
    MembershipFactory(group=gov.other_group, person=gov.people["SR"])
    board = services.meeting_create(
        partnership=gov.partnership,
        group=gov.other_group,
        date=gov.first.date,
        start_time=dt.time(11, 30),
        end_time=dt.time(12, 30),
    )
    clashes = selectors.meeting_clashes(meeting=gov.first)
    assert [(name, m.pk) for name, m in clashes] == [("Sarah Robson", board.pk)]
    services.meeting_update(meeting=board, start_time=dt.time(14), end_time=dt.time(15))
    assert selectors.meeting_clashes(meeting=gov.first) == []


def test_quorum_rule_warns_when_too_few_responsible_authorities_are_present(gov):
    assert selectors.quorum(meeting=gov.first).is_quorate  # no rule: no warning
    services.quorum_rule_set(group=gov.group, min_present=3, min_responsible_authorities=2)
    q = selectors.quorum(meeting=gov.first)
    assert q.present == 3 and q.authorities == ["Council"]
    assert not q.is_quorate and "Not quorate" in q.message
    services.attendance_record(
        meeting=gov.first, person=gov.people["RG"], status=AttendanceStatus.PRESENT
    )
    assert selectors.quorum(meeting=gov.first).is_quorate


def test_substitutes_and_non_members_are_recorded(gov):
    sub = services.attendance_record(
        meeting=gov.first,
        name="PC Jones",
        status=AttendanceStatus.PRESENT,
        substitute_for=gov.people["RG"],
    )
    assert sub.display_name == "PC Jones" and not sub.is_member
    with pytest.raises(ValidationError):
        services.attendance_record(meeting=gov.first, status=AttendanceStatus.PRESENT)
    again = services.attendance_record(
        meeting=gov.first, person=gov.people["JL"], status=AttendanceStatus.APOLOGIES
    )
    assert Attendance.objects.filter(meeting=gov.first, person=gov.people["JL"]).get() == again


def test_attendance_history_counts_per_person_and_per_body(gov):
    history = selectors.attendance_history(user=gov.coordinator, partnership=gov.partnership)
    people = {s.name: (s.present, s.apologies) for s in history["people"]}
    assert people["Robbie Graham (RG)"] == (0, 1)
    bodies = {s.name: (s.present, s.apologies, s.rate) for s in history["bodies"]}
    assert bodies == {"Police": (0, 1, 0), "Council": (1, 0, 100)}


def _pdf(name="paper.pdf", size=None):
    content = b"%PDF-1.4\n" + b"x" * ((size or 100) - 9)
    return SimpleUploadedFile(name, content, "application/pdf")


def test_a_paper_of_an_accepted_type_is_attached(gov, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    item = services.item_create(meeting=gov.first, number="5", title="Sub-groups")
    paper = services.paper_add(item=item, title="Review", upload=_pdf())
    assert paper.content_type == "application/pdf" and paper.size == 100


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("run.exe", b"MZ...", "application/octet-stream"), "not a paper type"),
        (SimpleUploadedFile("fake.pdf", b"<html>", "application/pdf"), "not really a PDF"),
        (SimpleUploadedFile("fake.docx", b"hello", "application/msword"), "not really a DOCX"),
        (SimpleUploadedFile("empty.pdf", b"", "application/pdf"), "is empty"),
    ],
)
def test_a_paper_of_the_wrong_type_is_refused(gov, upload, message):
    item = services.item_create(meeting=gov.first, number="5", title="Sub-groups")
    with pytest.raises(ValidationError, match=message):
        services.paper_add(item=item, title="", upload=upload)
    assert Paper.objects.count() == 0


def test_an_oversized_paper_is_refused(gov):
    item = services.item_create(meeting=gov.first, number="5", title="Sub-groups")
    with pytest.raises(ValidationError, match="larger than 10 MB"):
        services.paper_add(item=item, title="", upload=_pdf(size=PAPER_MAX_BYTES + 1))


def _files_under(root) -> list:
    return [p for p in root.rglob("*") if p.is_file()]


@pytest.mark.parametrize(
    ("upload", "title", "message"),
    [
        (_pdf(name="a" * 230 + ".pdf"), "", "file name is too long"),
        (_pdf(), "t" * 301, "at most 300 characters"),
    ],
)
def test_a_refused_paper_leaves_no_file_on_disk(gov, settings, tmp_path, upload, title, message):
    settings.MEDIA_ROOT = tmp_path
    item = services.item_create(meeting=gov.first, number="5", title="Sub-groups")
    with pytest.raises(ValidationError, match=message):
        services.paper_add(item=item, title=title, upload=upload)
    assert Paper.objects.count() == 0
    assert _files_under(tmp_path) == []


def test_a_paper_whose_save_fails_leaves_no_file_on_disk(gov, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    item = services.item_create(meeting=gov.first, number="5", title="Sub-groups")
    item_pk = item.pk
    item.delete()  # the item went away meanwhile: the database refuses the row
    item.pk = item_pk
    with pytest.raises(Exception):  # noqa: B017, PT011 (the database's own error)
        services.paper_add(item=item, title="Review", upload=_pdf())
    assert _files_under(tmp_path) == []


def test_items_and_sub_items_keep_minute_order(gov):
    for number in ("8", "7.2", "10", "7", "7.1", "8.4"):
        services.item_create(meeting=gov.first, number=number, title=f"Item {number}")
    numbers = [i.number for i in selectors.items_visible(user=gov.coordinator, meeting=gov.first)]
    assert numbers == ["7", "7.1", "7.2", "8", "8.4", "10"]
    with pytest.raises(ValidationError):
        services.item_create(meeting=gov.first, number="7.1", title="Again")
    with pytest.raises(ValidationError):
        services.item_create(meeting=gov.first, number="seven", title="Bad number")


def test_minutes_go_from_draft_to_circulated_to_approved_with_an_amendment_to_locked(gov):
    item = services.item_create(
        meeting=gov.first, number="1", title="Sex offenders", minutes="AH said partners do not."
    )
    services.item_update(item=item, minutes="AH said partners do not address it.")
    services.minutes_circulate(meeting=gov.first)
    assert gov.first.minutes_status == MinutesStatus.CIRCULATED
    services.minutes_approve(
        meeting=gov.first,
        approved_at=gov.second,
        amendments=[
            services.AmendmentInput(
                note="TK asked for a correction; MA proposed it; agreed",
                item=item,
                new_text="AH acknowledged partners do address it.",
            )
        ],
    )
    gov.first.refresh_from_db()
    assert gov.first.minutes_status == MinutesStatus.APPROVED
    assert gov.first.approved_at == gov.second
    amendment = gov.first.amendments.get()
    assert amendment.previous_text == "AH said partners do not address it."
    item.refresh_from_db()
    assert item.minutes == "AH acknowledged partners do address it."
    with pytest.raises(ValidationError, match="can only be changed by an amendment"):
        services.item_update(item=item, minutes="Sneaky edit")
    services.minutes_lock(meeting=gov.first)
    with pytest.raises(ValidationError):
        services.item_create(meeting=gov.first, number="2", title="Late item")
    versions = [
        (v.reason, [i["minutes"] for i in v.content]) for v in gov.first.versions.order_by("number")
    ]
    assert [r for r, _ in versions] == [
        "Item 1 added",
        "Item 1 changed",
        "Circulated",
        "Approved at the meeting of 24 February 2011 with 1 amendment",
        "Locked",
    ]
    assert versions[0][1] == ["AH said partners do not."]
    assert versions[3][1] == ["AH acknowledged partners do address it."]


def test_locked_minutes_change_only_by_a_later_meetings_amendment(gov):
    item = services.item_create(meeting=gov.first, number="1", title="T", minutes="Old")
    services.minutes_circulate(meeting=gov.first)
    services.minutes_approve(meeting=gov.first, approved_at=gov.second)
    services.minutes_lock(meeting=gov.first)
    with pytest.raises(ValidationError):
        services.minutes_amend(
            meeting=gov.first,
            agreed_at=gov.first,
            amendment=services.AmendmentInput(note="x", item=item, new_text="New"),
        )
    services.minutes_amend(
        meeting=gov.first,
        agreed_at=gov.second,
        amendment=services.AmendmentInput(
            note="Agreed at the next meeting", item=item, new_text="New"
        ),
    )
    item.refresh_from_db()
    assert item.minutes == "New"
    assert gov.first.versions.count() == 5  # added, circulated, approved, locked, amended


def test_minutes_are_approved_only_at_a_later_meeting_of_the_same_group(gov):
    services.item_create(meeting=gov.first, number="1", title="T")
    with pytest.raises(ValidationError):
        services.minutes_approve(meeting=gov.first, approved_at=gov.second)  # not circulated
    services.minutes_circulate(meeting=gov.first)
    board = services.meeting_create(
        partnership=gov.partnership, group=gov.other_group, date=dt.date(2011, 1, 1)
    )
    with pytest.raises(ValidationError):
        services.minutes_approve(meeting=gov.first, approved_at=board)


def test_a_decision_needs_a_group_or_a_named_role(gov):
    with pytest.raises(ValidationError):
        services.decision_create(
            partnership=gov.partnership, title="X", made_on=dt.date(2011, 1, 1)
        )
    d = services.decision_create(
        partnership=gov.partnership,
        title="CCTV",
        made_by_role="Cabinet Member",
        made_on=dt.date(2010, 12, 20),
        follow_ups=[(dt.date(2011, 3, 25), "Cabinet Member decision")],
    )
    assert d.made_by == "Cabinet Member" and d.follow_ups.get().date == dt.date(2011, 3, 25)
