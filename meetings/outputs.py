"""Minutes as Word (python-docx) and PDF (fpdf2) in the council layout, and iCalendar feeds.

The layout follows the published minutes a clerk files: a heading block, Present, Apologies, then
a table with the item number and the MINUTES, ACTION and DEADLINE columns.
"""

import datetime as dt
import io
import logging
import re
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from meetings.selectors import MinutesDocument

_UNICODE_FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
_UNICODE_FONT_BOLD = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf")


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


def _attendance_lines(rows: list[tuple[str, str]]) -> list[str]:
    return [f"{name} – {role}" if role else name for name, role in rows]


# Word ----------------------------------------------------------------------------------------


def minutes_docx(doc: MinutesDocument) -> bytes:
    """The minutes as a Word document."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    word = Document()
    style = word.styles["Normal"]
    style.font.name = "Arial"
    style.font.size = Pt(11)
    for line in doc.heading:
        p = word.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = p.add_run(line)
        run.bold = True
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
        for i, (name, role) in enumerate(rows or [("None recorded", "")]):
            cells = table.add_row().cells
            if i == 0:
                cells[0].text = label
                cells[0].paragraphs[0].runs[0].bold = True
            cells[1].text = name
            cells[2].text = role
        word.add_paragraph()

    table = word.add_table(rows=1, cols=4)
    table.style = "Table Grid"
    widths = (Cm(1.3), Cm(11.2), Cm(2.0), Cm(2.7))
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
        cells[1].text = ""
        cells[1].paragraphs[0].add_run(row.title).bold = True
        for para in plain_paragraphs(row.minutes):
            cells[1].add_paragraph(para)
        if row.actions:
            cells[2].text = row.actions[0].owners
            cells[3].text = row.actions[0].deadline
            for action in row.actions[1:]:
                cells[2].add_paragraph(action.owners)
                cells[3].add_paragraph(action.deadline)
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


# PDF -----------------------------------------------------------------------------------------

_LATIN1 = str.maketrans(
    {"–": "-", "—": "-", "‘": "'", "’": "'", "“": '"', "”": '"', "•": "-", "…": "..."}
)


def minutes_pdf(doc: MinutesDocument) -> bytes:
    """The minutes as a PDF (A4)."""
    from fpdf import FPDF
    from fpdf.fonts import FontFace

    # fontTools logs every font subset at INFO; that is noise in the server's log.
    logging.getLogger("fontTools").setLevel(logging.WARNING)

    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    if _UNICODE_FONT.exists() and _UNICODE_FONT_BOLD.exists():
        pdf.add_font("body", "", str(_UNICODE_FONT))
        pdf.add_font("body", "B", str(_UNICODE_FONT_BOLD))
        family, clean = "body", (lambda s: s)
    else:  # core fonts are Latin-1 only
        family = "Helvetica"

        def clean(s: str) -> str:
            return s.translate(_LATIN1).encode("latin-1", "replace").decode("latin-1")

    pdf.set_font(family, "B", 12)
    for line in doc.heading:
        pdf.multi_cell(0, 6, clean(line), align="C", new_x="LMARGIN", new_y="NEXT")
    if doc.status not in ("Approved", "Locked"):
        pdf.set_font(family, "", 10)
        pdf.multi_cell(0, 6, f"{doc.status.upper()} - NOT YET APPROVED", align="C")
    pdf.ln(4)
    pdf.set_font(family, "", 10)
    for label, rows in (
        ("Present:", doc.present),
        ("In attendance:", doc.in_attendance),
        ("Apologies:", doc.apologies),
    ):
        if not rows and label == "In attendance:":
            continue
        with pdf.table(
            col_widths=(25, 60, 105),
            first_row_as_headings=False,
            borders_layout="NONE",
            v_align="TOP",
            line_height=5,
        ) as t:
            for i, (name, role) in enumerate(rows or [("None recorded", "")]):
                r = t.row()
                r.cell(label if i == 0 else "", style=FontFace(emphasis="BOLD"))
                r.cell(clean(name))
                r.cell(clean(role))
        pdf.ln(3)
    with pdf.table(
        col_widths=(12, 118, 25, 35),
        headings_style=FontFace(emphasis="BOLD"),
        text_align=("LEFT", "LEFT", "LEFT", "LEFT"),
        v_align="TOP",
        line_height=5,
        padding=1.5,
    ) as t:
        head = t.row()
        for text in ("", "MINUTES", "ACTION", "DEADLINE"):
            head.cell(text)
        for row in doc.rows:
            r = t.row()
            r.cell(row.number if row.is_sub_item else f"{row.number}.")
            r.cell(clean("\n\n".join([row.title.upper(), *plain_paragraphs(row.minutes)])))
            r.cell(clean("\n".join(a.owners for a in row.actions)))
            r.cell(clean("\n".join(a.deadline for a in row.actions)))
    return bytes(pdf.output())


# iCalendar -----------------------------------------------------------------------------------


def calendar(name: str, events: list[dict]) -> bytes:
    """An iCalendar file of events: dicts with uid, summary, date or start/end, url, location."""
    from icalendar import Calendar, Event

    cal = Calendar()
    cal.add("prodid", "-//CSP Hub//Governance record//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", name)
    stamp = timezone.now()
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
            url = settings.SITE_URL + e["url"]
            event.add("url", url)
            event.add("description", (e.get("description", "") + f"\n{url}").strip())
        elif e.get("description"):
            event.add("description", e["description"])
        if e.get("status"):
            event.add("status", e["status"])
        cal.add_component(event)
    return cal.to_ical()


def meeting_event(meeting, url: str) -> dict:
    """A meeting as a calendar event."""
    tz = timezone.get_current_timezone()
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
        "location": meeting.online_link or meeting.location,
        "url": url,
        "status": "CANCELLED" if meeting.status == "cancelled" else "CONFIRMED",
    }
