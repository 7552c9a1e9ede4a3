"""Minutes as Word and PDF in the council layout, and iCalendar feeds.

The layout follows the published minutes a clerk files: a heading block, Present, Apologies, then
a table with the item number and the MINUTES, ACTION and DEADLINE columns. The PDF is the minutes
page itself (meetings/minutes.html) in its print layout, laid out by WeasyPrint as a tagged PDF;
the Word file is A4 with a heading style for each item (core/documents.py does the plumbing).
"""

import datetime as dt
import re

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone

from actions import selectors as action_selectors
from core import documents
from documents.services import version_key
from meetings import selectors
from meetings.models import Meeting
from meetings.selectors import MinutesDocument


def minutes_document(*, user, meeting: Meeting) -> MinutesDocument:
    """The minutes with the action register's ACTION and DEADLINE lines, for the page, Word and
    PDF. Outputs are the top floor: they read the actions selectors directly."""
    return selectors.minutes_document(
        user=user,
        meeting=meeting,
        actions_of=lambda item_ids: action_selectors.minute_actions(
            user=user, meeting=meeting, item_ids=item_ids
        ),
    )


def plain_paragraphs(markdown_text: str) -> list[str]:
    """Markdown minute text as plain paragraphs, bullets kept as "• " lines."""
    paragraphs: list[str] = []
    for block in re.split(r"\n\s*\n", (markdown_text or "").strip()):
        lines = []
        for line in block.splitlines():
            line = line.strip()
            if not line:
                continue
            line = re.sub(r"^[-*+]\s+", "• ", line)
            line = re.sub(r"(\*\*|__)(.+?)\1", r"\2", line)
            line = re.sub(r"(?<!\w)[*_](.+?)[*_](?!\w)", r"\1", line)
            line = re.sub(r"\[([^\]]+)\]\([^)]+\)", r"\1", line)
            lines.append(line)
        if not lines:
            continue
        if all(line.startswith("• ") for line in lines):
            paragraphs.extend(lines)
        else:
            paragraphs.append(" ".join(lines))
    return paragraphs


def minutes_filename(doc: MinutesDocument, ext: str) -> str:
    """The whole group name and the date: minutes-safer-maidstone-…-delivery-group-2010-11-25."""
    return documents.file_name(
        "minutes", doc.meeting.group.name, doc.meeting.date.isoformat(), ext=ext
    )


def _subject(doc: MinutesDocument) -> str:
    return f"Minutes ({doc.status.lower()}) of the meeting of {doc.meeting.group.name}"


# Stored documents (built by the task queue, see documents/) --------------------------------


def minutes_version(doc: MinutesDocument) -> str:
    """A key that changes whenever anything the minutes documents show changes."""
    meeting = doc.meeting
    fields = [(f.attname, getattr(meeting, f.attname)) for f in meeting._meta.concrete_fields]
    return version_key(
        "minutes",
        fields,
        meeting.group.name,
        meeting.partnership.name,
        doc.heading,
        doc.present,
        doc.apologies,
        doc.in_attendance,
        doc.rows,
        doc.status,
    )


def stored_minutes(*, object_id: int, user, format: str) -> bytes:
    """The minutes of a meeting as the user reads them, for the document store's task."""
    meeting = Meeting.objects.select_related("group", "partnership").get(pk=object_id)
    doc = minutes_document(user=user, meeting=meeting)
    return minutes_pdf(doc) if format == "pdf" else minutes_docx(doc)


# Word ----------------------------------------------------------------------------------------


def minutes_docx(doc: MinutesDocument) -> bytes:
    """The minutes as an A4 Word document: the heading block as the title, items as headings."""
    # Imported here, not at the top: python-docx is only for the task that builds the file.
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm

    partnership = doc.meeting.partnership
    word = documents.word_document(
        title=doc.title,
        author=partnership.name,
        subject=_subject(doc),
        created=doc.meeting.date,
    )
    for i, line in enumerate(doc.heading):
        p = word.add_heading(line, level=0) if i == 0 else word.add_paragraph()
        if i:
            p.add_run(line).bold = True
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if doc.status not in ("Approved", "Locked"):
        p = word.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.add_run(f"{doc.status.upper()} – NOT YET APPROVED").italic = True

    for label, rows in (
        ("Present:", doc.present),
        ("In attendance:", doc.in_attendance),
        ("Apologies:", doc.apologies),
    ):
        if not rows and label == "In attendance:":
            continue
        table = word.add_table(rows=0, cols=3)
        for i, (name, role, reason) in enumerate(rows or [("None recorded", "", "")]):
            cells = table.add_row().cells
            if i == 0:
                cells[0].text = label
                cells[0].paragraphs[0].runs[0].bold = True
            cells[1].text = name
            cells[2].text = f"{role} (reason given: {reason})" if reason else role
        word.add_paragraph()

    table = word.add_table(rows=1, cols=4)
    table.style = "Table Grid"
    widths = (Cm(1.3), Cm(11.0), Cm(2.0), Cm(2.7))
    for cell, text, width in zip(
        table.rows[0].cells, ("", "MINUTES", "ACTION", "DEADLINE"), widths, strict=True
    ):
        cell.text = text
        cell.width = width
        if text:
            cell.paragraphs[0].runs[0].bold = True
    for row in doc.rows:
        cells = table.add_row().cells
        for cell, width in zip(cells, widths, strict=True):
            cell.width = width
        cells[0].text = f"{row.number}." if not row.is_sub_item else row.number
        # The item's title in a heading style, so the document's outline lists every item.
        heading = cells[1].paragraphs[0]
        heading.style = word.styles["Heading 3" if row.is_sub_item else "Heading 2"]
        heading.add_run(row.title)
        for para in plain_paragraphs(row.minutes):
            cells[1].add_paragraph(para)
        if row.actions:
            cells[2].text = row.actions[0].owners
            cells[3].text = row.actions[0].deadline
            for action in row.actions[1:]:
                cells[2].add_paragraph(action.owners)
                cells[3].add_paragraph(action.deadline)
    return documents.word_bytes(word)


# PDF -----------------------------------------------------------------------------------------


def minutes_pdf(doc: MinutesDocument, *, context: dict | None = None) -> bytes:
    """The minutes page (meetings/minutes.html) as a tagged A4 PDF."""
    meeting = doc.meeting
    return documents.pdf_from_template(
        "meetings/minutes.html",
        {**(context or {}), "doc": doc, "meeting": meeting, "partnership": meeting.partnership},
        title=doc.title,
        author=meeting.partnership.name,
        subject=_subject(doc),
        created=meeting.date,
    )


# iCalendar -----------------------------------------------------------------------------------


def site_base(request: HttpRequest | None) -> str:
    """The address links should use: the one this request came to, else SITE_URL."""
    if request is None:
        return settings.SITE_URL
    return request.build_absolute_uri("/").rstrip("/")


def calendar(name: str, events: list[dict], *, base_url: str | None = None) -> bytes:
    """An iCalendar file of events: dicts with uid, summary, date or start/end, url, location.

    Timed events carry their zone (Europe/London) and the file a VTIMEZONE for it, so calendars
    show the meeting at the right hour in summer and winter. Summaries are whole; long lines are
    folded as RFC 5545 says (the icalendar library does it). Links start with `base_url`, the
    address in use (site_base), or SITE_URL when there is no request.
    """
    from icalendar import Calendar, Event

    base = (base_url or settings.SITE_URL).rstrip("/")
    cal = Calendar()
    cal.add("prodid", "-//CSP Hub//Governance record//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", settings.TIME_ZONE)
    stamp = timezone.now().astimezone(dt.UTC)
    for e in events:
        event = Event()
        event.add("uid", f"{e['uid']}@csphub")
        event.add("dtstamp", stamp)
        event.add("summary", e["summary"])
        if e.get("start"):
            event.add("dtstart", e["start"])
            event.add("dtend", e.get("end") or e["start"] + dt.timedelta(hours=1))
        else:
            event.add("dtstart", e["date"])
            event.add("dtend", e["date"] + dt.timedelta(days=1))
        if e.get("location"):
            event.add("location", e["location"])
        if e.get("url"):
            url = base + e["url"]
            event.add("url", url)
            event.add("description", (e.get("description", "") + f"\n{url}").strip())
        elif e.get("description"):
            event.add("description", e["description"])
        if e.get("status"):
            event.add("status", e["status"])
        cal.add_component(event)
    # A VTIMEZONE for every zone the events use (Europe/London), from the zone database.
    cal.add_missing_timezones()
    return cal.to_ical()


def meeting_event(meeting: Meeting, url: str) -> dict:
    """A meeting as a calendar event, in the partnership's time zone (Europe/London)."""
    tz = timezone.get_default_timezone()
    start = end = None
    if meeting.start_time:
        start = dt.datetime.combine(meeting.date, meeting.start_time, tzinfo=tz)
        if meeting.end_time:
            end = dt.datetime.combine(meeting.date, meeting.end_time, tzinfo=tz)
    return {
        "uid": f"meeting-{meeting.pk}",
        "summary": meeting.group.name,
        "date": meeting.date,
        "start": start,
        "end": end,
        "location": meeting.location or meeting.online_link,
        "description": f"Join online: {meeting.online_link}" if meeting.online_link else "",
        "url": url,
        "status": "CANCELLED" if meeting.status == "cancelled" else "CONFIRMED",
    }
