"""The scrutiny pack as Word (python-docx) and PDF (WeasyPrint rendering the page's own HTML).

Both are A4 and carry the same questions, answers, records and figures as the page, because
all three are made from one `selectors.Pack`.
"""

import io

from django.conf import settings
from django.template.loader import render_to_string

from core.formatting import date_gb
from reports.selectors import Pack

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
NOT_RECORDED = "Not recorded"


def pack_filename(pack: Pack) -> str:
    return f"scrutiny-pack-{pack.session.date.isoformat()}"


def _left_out(n: int) -> str:
    return f"{n} linked record{'s' if n != 1 else ''} left out: you do not have access to them."


def pack_docx(pack: Pack) -> bytes:
    """The pack as a Word document: A4, heading styles, core properties."""
    from docx import Document
    from docx.shared import Mm

    s = pack.session
    word = Document()
    for section in word.sections:
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.left_margin = section.right_margin = Mm(20)
    props = word.core_properties
    props.title = f"Scrutiny pack: {s.title}, {date_gb(s.date)}"
    props.author = s.partnership.name
    props.subject = s.committee.name
    props.keywords = "scrutiny, crime and disorder committee"
    word.add_heading(s.title, level=0)
    word.add_paragraph(f"{s.committee.name}, {s.committee.council}")
    word.add_paragraph(f"{date_gb(s.date)} · {s.get_session_type_display()}")
    if s.demonstration:
        word.add_paragraph("Demonstration data: answers and links were made for the demo.")
    if pack.witnesses:
        word.add_heading("Witnesses", level=1)
        for w in pack.witnesses:
            org = f", {w.organisation}" if w.organisation else ""
            word.add_paragraph(f"{w.display_name}: {w.role}{org}", style="List Bullet")
    word.add_heading("Areas of questioning", level=1)
    for q in pack.questions:
        word.add_heading(f"{q.number}. {q.text}", level=2)
        p = word.add_paragraph()
        run = p.add_run(q.answer_text)
        run.italic = not q.answered
        for r in q.records:
            line = word.add_paragraph(style="List Bullet")
            line.add_run(f"{r.kind_label}: ").bold = True
            line.add_run(f"{r.title} ({date_gb(r.date, NOT_RECORDED)})")
            if r.figures:
                line.add_run(f" — {r.figures}")
            line.add_run(f" {settings.SITE_URL}{r.url}")
        if q.hidden:
            word.add_paragraph(_left_out(q.hidden))
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


def _no_fetch(url: str, *args, **kwargs):
    raise ValueError(f"CSP Hub documents fetch nothing: {url}")


def pack_html(pack: Pack) -> str:
    """The page's own pack markup in a print layout."""
    return render_to_string(
        "reports/pack_print.html",
        {"pack": pack, "partnership": pack.session.partnership, "site_url": settings.SITE_URL},
    )


def pack_pdf(pack: Pack) -> bytes:
    """The pack as an A4 PDF."""
    from weasyprint import HTML

    return HTML(
        string=pack_html(pack), url_fetcher=_no_fetch, base_url=settings.SITE_URL
    ).write_pdf()


def board_docx(report, content: dict, left_out: int) -> bytes:
    """A board update as a Word document: A4, heading styles, core properties."""
    from docx import Document
    from docx.shared import Mm

    from reports.board import SECTIONS, pretty_date

    word = Document()
    for section in word.sections:
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.left_margin = section.right_margin = Mm(20)
    word.core_properties.title = f"Board update: {content['label']}"
    word.core_properties.author = report.partnership.name
    word.add_heading(f"Board update: {content['label']}", level=0)
    state = f"Issued {date_gb(report.issued_on)}" if report.issued_on else "Draft"
    word.add_paragraph(f"{report.partnership.name} · version {report.version} · {state}")
    word.add_heading("Chair's narrative", level=1)
    word.add_paragraph(report.narrative or NOT_RECORDED)
    for key, title in SECTIONS:
        word.add_heading(title, level=1)
        items = content.get(key, [])
        if not items:
            word.add_paragraph("None recorded")
        for item in items:
            line = (
                f"{item['title']} ({pretty_date(item['date'])})"
                if item.get("date")
                else item["title"]
            )
            if "amount_pence" in item:
                from core.formatting import money

                line += f": {money(item['amount_pence'])}"
            if "actions" in item:
                a = item["actions"]
                line += f": actions {a['done']} done, {a['open']} open, {a['overdue']} overdue"
            word.add_paragraph(line, style="List Bullet")
            for m in item.get("measures", []):
                value = f"{m['value']} {m['unit']} ({m['period']})" if m["value"] else NOT_RECORDED
                rag = (m["rag"] or "no RAG").title()
                word.add_paragraph(
                    f"{m['title']}: {value}; {rag}; {m['direction']}", style="List Bullet 2"
                )
    if left_out:
        word.add_paragraph(_left_out(left_out))
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


def board_pdf(report, content: dict, left_out: int) -> bytes:
    """A board update as an A4 PDF, from the page's own markup."""
    from weasyprint import HTML

    from reports.board import SECTIONS

    html = render_to_string(
        "reports/board_print.html",
        {
            "report": report,
            "c": content,
            "left_out": left_out,
            "sections": SECTIONS,
            "partnership": report.partnership,
        },
    )
    return HTML(string=html, url_fetcher=_no_fetch, base_url=settings.SITE_URL).write_pdf()
