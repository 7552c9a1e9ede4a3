"""The scrutiny pack as Word (python-docx) and PDF (WeasyPrint rendering the page's own HTML).

Both are A4 and carry the same questions, answers, records and figures as the page, because
all three are made from one `selectors.Pack`.
"""

import io

from django.conf import settings
from django.template.loader import render_to_string

from core.formatting import date_gb, money
from reports.board import pretty_date, sections_for
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


def _noun(report) -> str:
    return "Annual report" if report.kind == "annual" else "Board update"


def board_docx(report, content: dict, left_out: int) -> bytes:
    """A board update or annual report as a Word document: A4, heading styles, core
    properties; the same sections, items and figures as the page."""
    from docx import Document
    from docx.shared import Mm

    noun = _noun(report)
    word = Document()
    for section in word.sections:
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.left_margin = section.right_margin = Mm(20)
    props = word.core_properties
    props.title = f"{noun}: {content['label']}"
    props.author = report.partnership.name
    props.subject = f"{noun}, version {report.version}"
    props.keywords = "community safety partnership, accountability"
    word.add_heading(f"{noun}: {content['label']}", level=0)
    state = f"Issued {date_gb(report.issued_on)}" if report.issued_on else "Draft"
    word.add_paragraph(f"{report.partnership.name} · version {report.version} · {state}")
    if left_out:
        word.add_paragraph(
            f"{left_out} item{'s' if left_out != 1 else ''} left out of this copy: you do not "
            f"have access to {'them' if left_out != 1 else 'it'}."
        )
    word.add_heading("Chair's narrative", level=1)
    word.add_paragraph(report.narrative or NOT_RECORDED)
    if "year" in content:
        word.add_heading("Strategic assessment", level=1)
        a = content.get("assessment")
        if a:
            word.add_paragraph(
                f"{a['title']} ({pretty_date(a['date'])}): {a.get('period') or NOT_RECORDED} "
                f"against {a.get('baseline') or NOT_RECORDED}."
            )
            for h in a["headline"]:
                word.add_paragraph(f"{h['label']}: {h['value']}", style="List Bullet")
            word.add_heading("Priorities it recommended", level=2)
            for r in a["recommended"] or [NOT_RECORDED]:
                word.add_paragraph(r)
        else:
            word.add_paragraph(
                "Not recorded: no public strategic assessment completed in or before the year."
            )
    for key, title in sections_for(content):
        word.add_heading(title, level=1)
        items = content.get(key, [])
        if not items:
            word.add_paragraph("None recorded.")
        for item in items:
            line = (
                f"{item['title']} ({pretty_date(item['date'])})"
                if item.get("date")
                else item["title"]
            )
            if "amount_pence" in item:
                line += f": {money(item['amount_pence'])}"
            if item.get("attendance"):
                line += f"; attendance {item['attendance'].lower()}"
            word.add_paragraph(line, style="List Bullet")
            if item.get("note"):
                word.add_paragraph(item["note"])
            if "actions" in item:
                a = item["actions"]
                word.add_paragraph(
                    f"Actions: {a['done']} done, {a['open']} open, {a['overdue']} overdue"
                )
            for m in item.get("measures", []):
                value = f"{m['value']} {m['unit']} ({m['period']})" if m["value"] else NOT_RECORDED
                rag = (m["rag"] or "no RAG").capitalize()
                word.add_paragraph(
                    f"{m['title']}: {value}; {rag}; {m['direction']}", style="List Bullet 2"
                )
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


def board_html(report, content: dict, left_out: int) -> str:
    """The page's own board-update (or annual report) markup in a print layout."""
    return render_to_string(
        "reports/board_print.html",
        {
            "report": report,
            "c": content,
            "left_out": left_out,
            "sections": sections_for(content),
            "partnership": report.partnership,
            "noun": _noun(report),
        },
    )


def board_pdf(report, content: dict, left_out: int) -> bytes:
    """A board update or annual report as an A4 PDF, from the page's own markup."""
    from weasyprint import HTML

    html = board_html(report, content, left_out)
    return HTML(string=html, url_fetcher=_no_fetch, base_url=settings.SITE_URL).write_pdf()


def plan_filename(doc) -> str:
    return f"partnership-plan-{doc.plan.year}"


def plan_docx(doc) -> bytes:
    """The plan document as Word: A4, heading styles, core properties; the page's content."""
    from docx import Document
    from docx.shared import Mm

    word = Document()
    for section in word.sections:
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.left_margin = section.right_margin = Mm(20)
    props = word.core_properties
    props.title = f"Partnership plan: {doc.title}"
    props.author = doc.plan.partnership.name
    props.subject = f"Partnership plan {doc.plan.year_label}"
    props.keywords = "community safety partnership, partnership plan"
    word.add_heading(doc.title, level=0)
    word.add_paragraph(f"{doc.plan.partnership.name} · partnership plan document")

    def rows(pairs):
        for key, value in pairs:
            text = value if value not in ("", None, []) else NOT_RECORDED
            p = word.add_paragraph()
            p.add_run(f"{key}: ").bold = True
            p.add_run(str(text))

    rows([("Year", doc.plan.year_label), ("Status", doc.status), ("Summary", doc.plan.summary)])
    if doc.left_out:
        n = doc.left_out
        word.add_paragraph(
            f"{n} record{'s' if n != 1 else ''} left out of this copy: you do not have access "
            f"to {'them' if n != 1 else 'it'}."
        )
    word.add_heading("Priorities", level=1)
    if not doc.priorities:
        word.add_paragraph(NOT_RECORDED)
    for pr in doc.priorities:
        word.add_heading(pr.name, level=2)
        rows(
            [
                ("Why it is a priority", pr.rationale),
                ("Lead groups", ", ".join(pr.groups)),
                ("Objectives", "; ".join(pr.objectives)),
                ("Themes", ", ".join(pr.themes)),
                ("Actions", pr.actions),
            ]
        )
    word.add_heading("Objectives and targets", level=1)
    if not doc.objectives:
        word.add_paragraph(NOT_RECORDED)
    for o in doc.objectives:
        word.add_heading(f"{o.number}. {o.title}", level=2)
        rows(
            [
                ("Owner", o.owner),
                ("Long-term target", o.long_term_target),
                ("Short-term target", o.short_term_target),
                ("Priorities", ", ".join(o.priorities)),
                ("Measures", ", ".join(m.name for m in o.measures)),
            ]
        )
    word.add_heading("Measures", level=1)
    if doc.measures:
        table = word.add_table(rows=1, cols=5)
        table.style = "Table Grid"
        for cell, text in zip(
            table.rows[0].cells,
            ["Measure", "Target", "Frequency", "Supplied by", "Priority"],
            strict=True,
        ):
            cell.text = text
        for m in doc.measures:
            cells = table.add_row().cells
            for cell, text in zip(
                cells, [m.name, m.target, m.frequency, m.supplier, m.priority], strict=True
            ):
                cell.text = text
    else:
        word.add_paragraph(NOT_RECORDED)
    word.add_heading("Themes", level=1)
    for t in doc.themes:
        s = "s" if t.actions != 1 else ""
        extra = f" ({', '.join(t.priorities)})" if t.priorities else ""
        word.add_paragraph(f"{t.name}: {t.actions} action{s}{extra}", style="List Bullet")
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


def plan_html(doc) -> str:
    return render_to_string(
        "reports/plan_print.html", {"doc": doc, "partnership": doc.plan.partnership}
    )


def plan_pdf(doc) -> bytes:
    """The plan document as an A4 PDF, from the page's own markup."""
    from weasyprint import HTML

    return HTML(
        string=plan_html(doc), url_fetcher=_no_fetch, base_url=settings.SITE_URL
    ).write_pdf()
