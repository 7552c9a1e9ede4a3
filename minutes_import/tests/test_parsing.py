"""The reader on the forms real minutes take beyond our test documents: headings in capitals,
other date and time forms, titles, initials that are really organisations, action logs, and
"Action: JS" lines. All text here is invented."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from minutes_import.parsing import Row, Table, read_minutes, read_people_list, read_person


def _read(text: str, extra=()):
    return read_minutes([*text.strip().splitlines(), *extra], filename="minutes.txt")


@pytest.mark.parametrize(
    ("written", "name", "initials", "title", "role"),
    [
        ("Cllr Jane Smith (JS), Chair", "Jane Smith", "JS", "Cllr", "Chair"),
        ("John A Wilson (Cllr)", "John A Wilson", "JAW", "Cllr", ""),
        (
            "Ch Supt Ravi Patel – District Commander",
            "Ravi Patel",
            "RP",
            "Ch Supt",
            "District Commander",
        ),
        ("ACC Helen Brook (HB), Kent Police", "Helen Brook", "HB", "ACC", "Kent Police"),
        ("Dr. Ann Lee", "Ann Lee", "AL", "Dr", ""),
        ("John Brown (KCC)", "John Brown", "JB", "", "KCC"),
        ("Inspector Sam Hill (Chair)", "Sam Hill", "SH", "Inspector", "Chair"),
        ("Anna van der Berg (AVB)", "Anna van der Berg", "AVB", "", ""),
    ],
)
def test_a_person_as_minutes_write_them(written, name, initials, title, role):
    person = read_person(written)
    assert (person.name, person.initials, person.title, person.role) == (
        name,
        initials,
        title,
        role,
    )


def test_substitutes_both_ways():
    absent = read_person("Peter Lewis – Jennifer James substituted")
    assert (absent.name, absent.substitute) == ("Peter Lewis", "Jennifer James")
    came = read_person("Jennifer James (JJ) – substituting for Peter Lewis")
    assert (came.name, came.initials, came.substitute_for) == (
        "Jennifer James",
        "JJ",
        "Peter Lewis",
    )


def test_a_list_of_councillors_on_one_line():
    people = read_people_list("Councillors Smith (Chair), Jane Jones and Ali Khan")
    assert [(p.name, p.title, p.role) for p in people] == [
        ("Smith", "Cllr", "Chair"),
        ("Jane Jones", "Cllr", ""),
        ("Ali Khan", "Cllr", ""),
    ]


def test_a_heading_in_capitals_with_time_and_room_on_one_line():
    read = _read(
        """
MINUTES OF THE MEETING OF THE COMMUNITY SAFETY PARTNERSHIP HELD ON WEDNESDAY 12TH JUNE 2019 AT 10:00AM IN THE COUNCIL CHAMBER
Chair: Cllr Mary Jones
1. APOLOGIES
Apologies were received from Cllr Tom Rees and Ann Cole.
2. MINUTES OF THE LAST MEETING
Agreed.
"""
    )
    assert read.date == dt.date(2019, 6, 12)
    assert read.start_time == dt.time(10)
    assert read.venue == "THE COUNCIL CHAMBER"
    assert read.title == "MEETING OF THE COMMUNITY SAFETY PARTNERSHIP"
    assert [(p.name, p.title, p.role) for p in read.present] == [("Mary Jones", "Cllr", "Chair")]
    assert [p.name for p in read.apologies] == ["Tom Rees", "Ann Cole"]
    assert [i.title for i in read.items] == ["APOLOGIES", "MINUTES OF THE LAST MEETING"]


def test_dotted_dates_and_a_time_line():
    read = _read("Strategy Group\nDate: 03.02.2021\nTime: 2pm - 3.30pm\n1. Welcome\nHello.")
    assert read.date == dt.date(2021, 2, 3)
    assert (read.start_time, read.end_time) == (dt.time(14), dt.time(15, 30))


def test_a_sentence_starting_with_a_number_is_not_an_item():
    read = _read(
        "Board, 1 May 2020\n3. Budget\nThe budget was set.\n2 partners objected to it.\n4. Close"
    )
    assert [i.number for i in read.items] == ["3", "4"]
    assert "2 partners objected" in read.items[0].text


def test_action_lines_with_initials_only_take_the_text_before():
    read = _read(
        "Board, 1 May 2020\n1. Lighting\nThe lights in Mill Lane will be repaired.\nAction: RB\n"
        "Action: KT – by 30 June 2020\n"
    )
    assert [(a.owners, a.deadline, a.text) for a in read.items[0].actions] == [
        ("RB", "", "The lights in Mill Lane will be repaired."),
        ("KT", "by 30 June 2020", "The lights in Mill Lane will be repaired."),
    ]


def test_an_action_log_table_gives_each_action_to_its_item():
    log = Table(
        rows=[
            Row(cells=[["Item"], ["Action"], ["Owner"], ["Deadline"]]),
            Row(cells=[["2"], ["Write to the landlord"], ["RB"], ["31 July 2020"]]),
            Row(cells=[["1"], ["Share the figures"], ["KT/RB"], ["By next meeting"]]),
        ]
    )
    read = _read("Board, 1 May 2020\n1. Figures\nText.\n2. Housing\nText.", extra=[log])
    assert [(a.owners, a.text, a.deadline) for a in read.items[0].actions] == [
        ("KT/RB", "Share the figures", "By next meeting")
    ]
    assert [(a.owners, a.text) for a in read.items[1].actions] == [("RB", "Write to the landlord")]


def test_an_attendance_table_of_names_and_organisations():
    people = Table(
        rows=[
            Row(cells=[["Name"], ["Organisation"]]),
            Row(cells=[["Rhys Bowen (RB)"], ["Northshire Police"]]),
            Row(cells=[["Kay Tan (KT)"], ["Northfield Council"]]),
        ]
    )
    read = read_minutes(
        ["Board", "1 May 2020", "Present", people, "1. Figures", "Text."], filename="m.docx"
    )
    assert [(p.name, p.initials, p.role) for p in read.present] == [
        ("Rhys Bowen", "RB", "Northshire Police"),
        ("Kay Tan", "KT", "Northfield Council"),
    ]


def test_no_date_is_refused_naming_the_file():
    with pytest.raises(ValidationError, match="minutes.txt: no meeting date found"):
        _read("Board\n1. Welcome\nHello.")


def test_resolutions_and_agreements():
    read = _read(
        "Board, 1 May 2020\n1. CCTV\nRESOLVED: That two cameras be replaced.\n"
        "The group agreed to review the contract in a year.\n"
    )
    assert read.items[0].resolutions == ["That two cameras be replaced."]
    assert read.items[0].agreements == ["The group agreed to review the contract in a year."]


def test_one_person_with_a_role_after_present_on_the_same_line():
    read = _read("Board, 1 May 2020\nPresent: Jane Smith (JS), Chair\n1. Welcome\nHello.")
    assert [(p.name, p.initials, p.role) for p in read.present] == [("Jane Smith", "JS", "Chair")]


def test_running_item_numbers_beyond_99_are_renumbered_with_a_warning():
    read = _read("Cabinet, 1 May 2020\n123. Budget\nSet.\n123.1 Capital\nSet.\n124. Close\nEnd.")
    assert [i.number for i in read.items] == ["1", "1.1", "2"]
    assert "Item 123 is numbered 1" in " ".join(read.warnings)
