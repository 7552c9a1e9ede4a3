"""Importing minutes in each layout: seed 002's table, narrative Word and text, a Modern.gov
page and a PDF, each read and confirmed into the record with every person, item and action
checked."""

import datetime as dt

import pytest

from actions.models import Action, DeadlineRule
from meetings.models import Attendance, AttendanceStatus, Decision, Meeting
from minutes_import import services
from minutes_import.models import DraftStatus, MinutesDraft
from minutes_import.tests import documents
from partnership.models import Person

# Seed 002's 21 actions as its ACTION and DEADLINE columns give them, each at the item whose
# text raises it (the last three cells sit one row below their item in the seed's table).
SEED_ACTIONS = [
    ("1", "SR", "By next meeting"),
    ("2", "MA", "By next meeting"),
    ("2", "ZC", "By next meeting"),
    ("3", "LS", "By Dec 2010"),
    ("3", "SR", "By Dec 2010"),
    ("3", "MA", "15 Dec 2010"),
    ("4", "MA", "Feb 2011"),
    ("5", "JL", "By next meeting"),
    ("5", "JL", "By next meeting"),
    ("6", "JL", "By next meeting"),
    ("6", "JL/SR", "By next meeting"),
    ("7.1", "RG/JB", "At next meeting"),
    ("7.1", "DH", "By end Dec 2010"),
    ("7.1", "DH", "By end Dec 2010"),
    ("7.2", "ZC", "By end Dec 2010"),
    ("8.1", "DH", "By 31 Dec 2010"),
    ("8.1", "SR/JL/DH", "By 31 Dec 2010"),
    ("8.1", "JL", "By next meeting"),
    ("8.2", "SR", "By next meeting"),
    ("8.3", "ZC/ALL", "By Dec 2010"),
    ("8.4", "SR", "By Dec 2010"),
]


def _import(partnership, name, data, group):
    draft = services.draft_create(partnership=partnership, name=name, data=data)
    assert draft.status == DraftStatus.READY
    assert not Meeting.objects.filter(partnership=partnership).exists()  # nothing before confirming
    return draft, services.draft_confirm(draft=draft, group=group)


def _attendance(meeting):
    return {
        (a.display_name, a.status, a.is_member, a.substitute_for.name if a.substitute_for else "")
        for a in Attendance.objects.filter(meeting=meeting).select_related(
            "person", "substitute_for"
        )
    }


def _actions(meeting):
    return sorted(
        (a.item.number, a.owners_written, a.deadline_text, a.text)
        for a in Action.objects.filter(meeting=meeting).select_related("item")
    )


@pytest.mark.django_db
def test_seed_002_docx_imports_to_the_demo_meeting_items_and_21_actions(register, seed_docx):
    from meetings.demo import ITEMS_NOV_25, NOV_25
    from partnership.demo import DELIVERY_GROUP

    group = register.groups.get(name=DELIVERY_GROUP)
    draft, meeting = _import(register, "seed-002.docx", seed_docx, group)
    assert meeting.date == NOV_25
    assert (meeting.start_time, meeting.end_time) == (dt.time(11), dt.time(12, 30))
    assert meeting.location == "ROOM 6D, MAIDSTONE HOUSE"
    numbers = list(meeting.items.order_by("position").values_list("number", flat=True))
    assert numbers == [number for number, _, _ in ITEMS_NOV_25]
    got = sorted((a.item.number, a.owners_written, a.deadline_text) for a in meeting.actions.all())
    assert got == sorted(SEED_ACTIONS)
    assert len(got) == 21
    # Owners are the register's people; ALL is everyone present; deadlines resolve.
    zc_all = meeting.actions.get(owners_written="ZC/ALL")
    assert zc_all.owners.count() == 8
    assert set(
        meeting.actions.get(owners_written="RG/JB").owners.values_list("initials", flat=True)
    ) == {"RG", "JB"}
    assert meeting.actions.get(item__number="3", owners_written="MA").deadline_date == dt.date(
        2010, 12, 15
    )
    assert meeting.actions.get(item__number="4").deadline_date == dt.date(2011, 2, 28)
    assert meeting.actions.filter(deadline_rule=DeadlineRule.NEXT_MEETING).count() == 10
    # Every person of seed 002 is matched to the register, by name where initials were not given.
    present = set(
        meeting.attendance.filter(status=AttendanceStatus.PRESENT).values_list(
            "person__initials", flat=True
        )
    )
    apologies = set(
        meeting.attendance.filter(status=AttendanceStatus.APOLOGIES).values_list(
            "person__initials", flat=True
        )
    )
    assert present == {"MA", "DH", "ZC", "JL", "LS", "JAW", "TK", "SR"}
    assert apologies == {"NS", "RG", "PS", "JK", "JB", "ANH", "AH"}
    assert Person.objects.filter(partnership=register).count() == 19  # no one added
    assert meeting.attendance.get(person__initials="MA").role == "Chair, Borough Commander, KFRS"
    # The realignments are said.
    warnings = " ".join(draft.parsed["warnings"])
    for moved in ("moved to item 8.1", "moved to item 8.2", "moved to item 8.3"):
        assert moved in warnings
    assert "By Dec 2010" in warnings
    assert meeting.items.get(number="7").title == "Performance Management"
    assert meeting.items.get(number="8.2").title == "DV Stakeholder event update"
    assert "protocol for managing SMP funding" in meeting.items.get(number="8.1").minutes


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["narrative.txt", "narrative.docx"])
def test_narrative_minutes_with_initials_in_brackets(name):
    from partnership.factories import GroupFactory, PartnershipFactory

    partnership = PartnershipFactory()
    group = GroupFactory(partnership=partnership, name="Strategy Board")
    data = documents.narrative_txt() if name.endswith(".txt") else documents.narrative_docx()
    draft, meeting = _import(partnership, name, data, group)
    assert draft.parsed["meeting"]["title"] == "Strategy Board"
    assert (meeting.date, meeting.start_time, meeting.end_time) == (
        dt.date(2024, 3, 14),
        dt.time(14),
        dt.time(16),
    )
    assert meeting.location == "Committee Room 2, Northfield Civic Centre"
    assert _attendance(meeting) == {
        ("Amelia Hart", "present", True, ""),
        ("Daniel Okafor", "present", True, ""),
        ("Priya Raman", "present", True, ""),
        ("Tom Bell", "present", True, ""),
        ("Jennifer James", "present", True, "Peter Lewis"),
        ("Sam Wu", "present", False, ""),  # in attendance, in the register: owns an action
        ("Inspector Lucy Grant", "present", False, ""),  # a non-member attendee
        ("Peter Lewis", "apologies", True, ""),
        ("Mark Evans", "apologies", True, ""),
    }
    people = {
        p.initials: (p.name, p.job_title) for p in Person.objects.filter(partnership=partnership)
    }
    assert people["AH"] == ("Amelia Hart", "Chair, Northfield Borough Council")
    assert people["DO"] == ("Daniel Okafor", "District Commander, Northshire Police")
    assert "Lucy Grant" not in {n for n, _ in people.values()}
    presented = {
        p["name"]: p["title"] for p in draft.parsed["present"] + draft.parsed["in_attendance"]
    }
    assert presented["Amelia Hart"] == "Cllr"
    assert presented["Daniel Okafor"] == "Ch Supt"
    assert presented["Priya Raman"] == "Dr"
    assert presented["Lucy Grant"] == "Inspector"
    assert [(i.number, i.title) for i in meeting.items.order_by("position")] == [
        ("1", "Welcome and apologies"),
        ("2", "Minutes of the last meeting"),
        ("3", "Serious violence duty"),
        ("4", "Town centre CCTV"),
        ("4.1", "Night-time economy"),
        ("5", "Any other business"),
    ]
    assert _actions(meeting) == [
        ("3", "DO/PR", "30 April 2024", "DO/PR to publish the consultation draft"),
        ("4", "TB", "By next meeting", "Obtain three quotes for the replacement cameras."),
        ("4.1", "SW", "by 31 May 2024", "SW to circulate the assessment timetable by 31 May 2024"),
    ]
    decision = Decision.objects.get(partnership=partnership)
    assert decision.text == "That the Board adopts the serious violence strategy for consultation."
    assert decision.item.number == "3"
    assert decision.made_on == meeting.date


@pytest.mark.django_db
def test_moderngov_agenda_and_minutes_page():
    from partnership.factories import GroupFactory, PartnershipFactory

    partnership = PartnershipFactory()
    group = GroupFactory(partnership=partnership, name="Community Safety Partnership")
    draft, meeting = _import(partnership, "minutes.html", documents.moderngov_html(), group)
    assert draft.parsed["meeting"]["title"] == "Westbrook Community Safety Partnership"
    assert (meeting.date, meeting.start_time) == (dt.date(2024, 7, 9), dt.time(18, 30))
    assert meeting.location == "Council Chamber, Westbrook Town Hall"
    assert _attendance(meeting) == {
        ("Rosa Diaz", "present", True, ""),
        ("Ian Moss", "present", True, ""),
        ("Kate Lowe", "present", True, ""),
        ("Omar Shah", "present", False, ""),
        ("Neil Ford", "apologies", True, ""),
    }
    assert meeting.attendance.get(person__name="Rosa Diaz").role == "Chair"
    assert {p["title"] for p in draft.parsed["present"]} == {"Councillor"}
    assert [(i.number, i.title) for i in meeting.items.order_by("position")] == [
        ("1", "Apologies for Absence"),
        ("2", "Anti-social Behaviour Update"),
        ("3", "Date of Next Meeting"),
    ]
    assert (
        meeting.items.get(number="1").minutes
        == "Apologies were received from Councillor Neil Ford."
    )
    assert _actions(meeting) == [("2", "OS", "15 October 2024", "OS to bring the October report.")]
    assert Decision.objects.get(partnership=partnership).text == (
        "That the update be noted and a further report be made in October."
    )
    # Scripts are ignored, never run, and none of their text is kept.
    assert "script" in " ".join(draft.parsed["warnings"])
    assert "Zebra" not in draft.source_text
    assert not any("Zebra" in i.minutes for i in meeting.items.all())


@pytest.mark.django_db
def test_pdf_minutes_with_a_text_layer():
    from partnership.factories import GroupFactory, PartnershipFactory

    partnership = PartnershipFactory()
    group = GroupFactory(partnership=partnership, name="Safer Neighbourhoods Group")
    draft, meeting = _import(partnership, "minutes.pdf", documents.minutes_pdf(), group)
    assert draft.parsed["meeting"]["title"] == "Eastvale Safer Neighbourhoods Group"
    assert (meeting.date, meeting.start_time) == (dt.date(2025, 2, 3), dt.time(10))
    assert meeting.location == "Eastvale Library"
    assert _attendance(meeting) == {
        ("Helen Park", "present", True, ""),
        ("Chris Dunn", "present", True, ""),
        ("Rita Cole", "apologies", True, ""),
    }
    assert [p["title"] for p in draft.parsed["present"]] == ["", "Sgt"]
    assert [(i.number, i.title) for i in meeting.items.order_by("position")] == [
        ("1", "Shoplifting in the high street"),
        ("2", "Any other business"),
    ]
    assert _actions(meeting) == [
        (
            "1",
            "CD/HP",
            "by 28 February 2025",
            "CD/HP to meet the traders' association by 28 February 2025",
        )
    ]
    action = meeting.actions.get()
    assert action.deadline_date == dt.date(2025, 2, 28)
    assert set(action.owners.values_list("initials", flat=True)) == {"CD", "HP"}


@pytest.mark.django_db
def test_the_same_file_again_offers_the_existing_meeting(register, seed_docx):
    from partnership.demo import DELIVERY_GROUP

    group = register.groups.get(name=DELIVERY_GROUP)
    _, meeting = _import(register, "seed-002.docx", seed_docx, group)
    with pytest.raises(services.AlreadyImported) as caught:
        services.draft_create(partnership=register, name="copy.docx", data=seed_docx)
    assert caught.value.draft.meeting == meeting
    assert "was imported on" in caught.value.messages[0]
    assert Meeting.objects.filter(partnership=register, date=meeting.date).count() == 1


@pytest.mark.django_db
def test_a_refusal_while_confirming_saves_nothing():
    from partnership.factories import GroupFactory, PartnershipFactory

    partnership = PartnershipFactory()
    group = GroupFactory(partnership=partnership)
    draft = services.draft_create(
        partnership=partnership, name="n.txt", data=documents.narrative_txt()
    )
    parsed = draft.parsed
    parsed["items"][2]["actions"][0]["owners"] = "QQ"  # no one has these initials
    services.draft_update(draft=draft, parsed=parsed)
    with pytest.raises(Exception, match="QQ"):
        services.draft_confirm(draft=draft, group=group)
    assert not Meeting.objects.filter(partnership=partnership).exists()
    assert not Person.objects.filter(partnership=partnership).exists()
    draft.refresh_from_db()
    assert draft.status == DraftStatus.READY


@pytest.mark.django_db
def test_a_long_document_is_read_by_a_background_task_with_progress(
    register, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(services, "READ_NOW_BYTES", 1000)
    with django_capture_on_commit_callbacks(execute=True):
        draft = services.draft_create(
            partnership=register, name="long.docx", data=documents.long_docx(5)
        )
    draft.refresh_from_db()
    assert draft.status == DraftStatus.READY
    assert draft.progress == 100
    assert draft.source is None  # the upload is removed once read
    assert len(draft.parsed["items"]) == 5


@pytest.mark.django_db
def test_the_background_task_marks_the_draft_failed_and_re_raises(
    register, monkeypatch, django_capture_on_commit_callbacks
):
    from django.core.exceptions import ValidationError

    from minutes_import.services import parse_draft

    monkeypatch.setattr(services, "READ_NOW_BYTES", 10)
    with django_capture_on_commit_callbacks(execute=True):
        services.draft_create(
            partnership=register, name="undated.txt", data=documents.undated_txt()
        )
    draft = MinutesDraft.objects.get(partnership=register)
    assert draft.status == DraftStatus.FAILED
    assert "no meeting date found" in draft.error
    assert draft.source is None  # the upload is removed
    assert not Meeting.objects.filter(partnership=register).exists()
    # Run directly, the task re-raises after marking the draft failed.
    draft.status, draft.source = DraftStatus.PARSING, documents.undated_txt()
    draft.save()
    with pytest.raises(ValidationError):
        parse_draft.call(draft.pk)
    draft.refresh_from_db()
    assert draft.status == DraftStatus.FAILED


def test_the_seed_actions_compared_are_the_demo_meetings_actions():
    """The demo's 25 November 2010 actions (actions.demo) are the seed's 21, item for item."""
    from actions.demo import ACTIONS_NOV_25

    demo = sorted((number, owners, deadline) for number, owners, deadline, _ in ACTIONS_NOV_25)
    assert demo == sorted(SEED_ACTIONS)
