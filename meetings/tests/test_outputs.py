"""Minutes as Word and PDF in the council layout, read back; calendar feeds."""

import datetime as dt
import io

from django.test import Client
from django.urls import reverse
from docx import Document
from icalendar import Calendar
from pypdf import PdfReader

from meetings.demo import NOV_25
from meetings.models import Meeting

# Seed 002's ACTION and DEADLINE columns, item by item, exactly as written.
SEED_002_ACTIONS = {
    "1.": [("SR", "By next meeting")],
    "2.": [("MA", "By next meeting"), ("ZC", "By next meeting")],
    "3.": [("LS", "By Dec 2010"), ("SR", "By Dec 2010"), ("MA", "15 Dec 2010")],
    "4.": [("MA", "Feb 2011")],
    "5.": [("JL", "By next meeting"), ("JL", "By next meeting")],
    "6.": [("JL", "By next meeting"), ("JL/SR", "By next meeting")],
    "7.": [],
    "7.1": [("RG/JB", "At next meeting"), ("DH", "By end Dec 2010"), ("DH", "By end Dec 2010")],
    "7.2": [("ZC", "By end Dec 2010")],
    "8.": [],
    "8.1": [("DH", "By 31 Dec 2010"), ("SR/JL/DH", "By 31 Dec 2010"), ("JL", "By next meeting")],
    "8.2": [("SR", "By next meeting")],
    "8.3": [("ZC/ALL", "By Dec 2010")],
    "8.4": [("SR", "By Dec 2010")],
    "9.": [],
}
SEED_002_TITLES = {
    "3.": "Proposed membership of the SMP",
    "5.": "Review of the SMP sub-groups",
    "7.1": "Performance exceptions report",
    "8.1": "SMP funding requests",
    "9.": "Dates of future meetings",
}


def _nov(demo) -> Meeting:
    return Meeting.objects.get(partnership=demo, date=NOV_25)


def _get(name, demo, **kwargs):
    return Client().get(reverse(name, kwargs={"slug": demo.slug, **kwargs}))


def _cell_lines(cell) -> list[str]:
    return [p.text for p in cell.paragraphs if p.text.strip()]


def test_demo_minutes_docx_has_seed_002_items_owners_and_deadlines(demo, client):
    from accounts.factories import RoleFactory, UserFactory

    coordinator = UserFactory(email="clerk@example.org")
    RoleFactory(user=coordinator, partnership=demo, role="coordinator")
    client.force_login(coordinator)
    nov = _nov(demo)
    response = client.get(
        reverse("meetings:minutes_docx", kwargs={"slug": demo.slug, "pk": nov.pk})
    )
    assert response.status_code == 200
    doc = Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in doc.paragraphs)
    # The heading block as seed 002 reads it.
    assert text.startswith("MINUTES OF THE\nLOCAL STRATEGIC PARTNERSHIP\n")
    assert "25 November 2010 11.00 – 12.30, ROOM 6D, MAIDSTONE HOUSE" in text

    present, apologies, minutes = doc.tables[0], doc.tables[-2], doc.tables[-1]
    assert present.rows[0].cells[0].text == "Present:"
    assert [r.cells[1].text for r in present.rows] == [
        "Martin Adams", "David Hewetson", "Zena Cooke", "John Littlemore", "Lisa Smith",
        "John A Wilson", "Tracey Kadir", "Sarah Robson",
    ]  # fmt: skip
    assert apologies.rows[0].cells[0].text == "Apologies:"
    assert [r.cells[1].text for r in apologies.rows] == [
        "Nick Silvester", "Robbie Graham", "Paul Shallcross", "Juliet Knott", "Jackie Bradley",
        "Annette Hinton", "Andy Hudson",
    ]  # fmt: skip

    assert [c.text for c in minutes.rows[0].cells] == ["", "MINUTES", "ACTION", "DEADLINE"]
    rows = {r.cells[0].text: r.cells for r in minutes.rows[1:]}
    assert list(rows) == list(SEED_002_ACTIONS)
    for number, expected in SEED_002_ACTIONS.items():
        cells = rows[number]
        got = list(zip(_cell_lines(cells[2]), _cell_lines(cells[3]), strict=True))
        assert got == expected, f"item {number}"
    for number, title in SEED_002_TITLES.items():
        assert rows[number][1].paragraphs[0].text == title
    assert sum(len(v) for v in SEED_002_ACTIONS.values()) == 21


def test_draft_or_circulated_minutes_say_so_in_the_document(demo, client):
    from accounts.factories import RoleFactory, UserFactory

    user = UserFactory(email="member@x.example.org")
    RoleFactory(user=user, partnership=demo, role="member")
    client.force_login(user)
    nov = _nov(demo)
    response = client.get(
        reverse("meetings:minutes_docx", kwargs={"slug": demo.slug, "pk": nov.pk})
    )
    assert "CIRCULATED – NOT YET APPROVED" in "\n".join(
        p.text for p in Document(io.BytesIO(response.content)).paragraphs
    )


def test_demo_minutes_pdf_reads_back_with_the_table(demo, client):
    from accounts.factories import RoleFactory, UserFactory

    user = UserFactory(email="clerk2@example.org")
    RoleFactory(user=user, partnership=demo, role="coordinator")
    client.force_login(user)
    response = client.get(
        reverse("meetings:minutes_pdf", kwargs={"slug": demo.slug, "pk": _nov(demo).pk})
    )
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    for expected in ("MINUTES", "ACTION", "DEADLINE", "Present:", "Apologies:", "ZC/ALL",
                     "By end Dec 2010", "SR/JL/DH", "SMP funding requests", "£5,000"):  # fmt: skip
        assert expected in text


def test_the_public_cannot_read_circulated_minutes_but_can_read_approved_ones(demo):
    nov = _nov(demo)
    assert _get("meetings:minutes_docx", demo, pk=nov.pk).status_code == 404
    sep = Meeting.objects.get(partnership=demo, date=dt.date(2010, 9, 2))
    response = _get("meetings:minutes_docx", demo, pk=sep.pk)
    assert response.status_code == 200
    cells = Document(io.BytesIO(response.content)).tables[-1].rows[2].cells
    assert "acknowledged that partners do address" in cells[1].text  # the amended text


def test_group_calendar_lists_the_groups_meetings_with_links(demo):
    nov = _nov(demo)
    response = _get("meetings:group_calendar", demo, pk=nov.group_id)
    assert response["Content-Type"].startswith("text/calendar")
    events = Calendar.from_ical(response.content).walk("VEVENT")
    starts = sorted(str(e["dtstart"].dt)[:10] for e in events)
    assert starts == ["2010-09-02", "2010-11-25", "2011-02-24", "2011-06-16", "2011-09-06"]
    nov_event = next(e for e in events if str(e["dtstart"].dt).startswith("2010-11-25"))
    assert nov_event["dtstart"].dt.hour == 11
    assert f"/meetings/{nov.pk}/" in str(nov_event["url"])


def test_decision_follow_ups_reach_the_calendar(demo):
    response = _get("meetings:decisions_calendar", demo)
    events = Calendar.from_ical(response.content).walk("VEVENT")
    by_date = {e["dtstart"].dt: str(e["summary"]) for e in events}
    assert by_date[dt.date(2011, 3, 17)].startswith("Final report published")
    assert by_date[dt.date(2011, 3, 25)].startswith("Cabinet Member decision")


def _coordinator_client(demo):
    from accounts.factories import RoleFactory, UserFactory

    user = UserFactory(email="filing-clerk@example.org")
    RoleFactory(user=user, partnership=demo, role="coordinator")
    client = Client()
    client.force_login(user)
    return client


def test_the_25_november_minutes_pdf_is_tagged_with_title_and_language(demo):
    from core.testing.documents import pdf_report

    nov = _nov(demo)
    response = _coordinator_client(demo).get(
        reverse("meetings:minutes_pdf", kwargs={"slug": demo.slug, "pk": nov.pk})
    )
    assert response["Content-Disposition"] == (
        'attachment; filename="minutes-safer-maidstone-partnership-delivery-group-2010-11-25.pdf"'
    )
    report = pdf_report(response.content)
    assert report.has_struct_tree and report.marked
    assert report.lang == "en-GB"
    assert (
        report.title
        == "Minutes of the Safer Maidstone Partnership Delivery Group, 25 November 2010"
    )
    assert report.display_doc_title
    assert report.author == "Safer Maidstone Partnership"
    # The minutes table is a real table, the heading block a heading, each item a heading.
    assert report.tags["/Table"] >= 2 and report.tags["/TH"] >= 4
    assert report.tags["/H1"] == 1 and report.tags["/H2"] == len(SEED_002_ACTIONS)
    assert "Probation, Probation" not in report.text
    assert "Inspector, Kent Police" in report.text


def test_the_25_november_minutes_word_file_is_a4_with_headings_and_properties(demo):
    from docx import Document as Word

    from core.testing.documents import docx_heading_texts, docx_page_mm

    nov = _nov(demo)
    response = _coordinator_client(demo).get(
        reverse("meetings:minutes_docx", kwargs={"slug": demo.slug, "pk": nov.pk})
    )
    assert response["Content-Disposition"].endswith(
        'filename="minutes-safer-maidstone-partnership-delivery-group-2010-11-25.docx"'
    )
    assert docx_page_mm(response.content) == (210.0, 297.0)
    headings = docx_heading_texts(response.content)
    assert headings["Title"] == ["MINUTES OF THE"]
    assert "Proposed membership of the SMP" in headings["Heading 2"]
    assert "SMP funding requests" in headings["Heading 3"]
    props = Word(io.BytesIO(response.content)).core_properties
    assert (
        props.title == "Minutes of the Safer Maidstone Partnership Delivery Group, 25 November 2010"
    )
    assert props.author == "Safer Maidstone Partnership"
    assert props.author != "python-docx" and props.subject.startswith("Minutes")
    assert props.created.date() == dt.date(2010, 11, 25)


def test_an_apology_reason_shows_on_the_meeting_page_and_in_the_minutes(gov):
    from meetings import selectors, services
    from meetings.models import AttendanceStatus

    services.attendance_record(
        meeting=gov.first,
        person=gov.people["RG"],
        status=AttendanceStatus.APOLOGIES,
        reason="On holiday",
    )
    doc = selectors.minutes_document(user=gov.coordinator, meeting=gov.first)
    assert [(name, reason) for name, _, reason in doc.apologies] == [
        ("Robbie Graham", "On holiday")
    ]
    client = Client()
    client.force_login(gov.coordinator)
    kwargs = {"slug": gov.partnership.slug, "pk": gov.first.pk}
    page = client.get(reverse("meetings:meeting_detail", kwargs=kwargs)).content.decode()
    assert "reason: On holiday" in page
    minutes = client.get(reverse("meetings:minutes_html", kwargs=kwargs)).content.decode()
    assert "(reason given: On holiday)" in minutes
