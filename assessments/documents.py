"""Word (python-docx) and PDF (fpdf2) documents of an assessment or exceptions report.

Both are written from the same narrative and tables as the page (assessments/tables.py), so a
figure reads the same in every format. The PDF uses fpdf2's built-in Helvetica, which needs no
font files on the machine; characters outside Latin-1 are replaced by plain equivalents.
"""

from __future__ import annotations

import io

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.shared import Cm, Pt
from fpdf import FPDF
from fpdf.fonts import FontFace

from assessments.narrative import DEMO_NOTICE
from assessments.tables import tables_for

LATIN1 = {
    "–": "-",
    "—": "-",
    "…": "...",
    "∞": "inf",
    "’": "'",
    "‘": "'",
    "“": '"',
    "”": '"',
    "≤": "<=",
    "≥": ">=",
}


def _latin1(text: str) -> str:
    for k, v in LATIN1.items():
        text = text.replace(k, v)
    return text.encode("latin-1", "replace").decode("latin-1")


def document_title(result: dict) -> str:
    """The heading of the document."""
    area = result["area"]["name"]
    if result["kind"] == "exceptions":
        return f"Performance exceptions report: {area}, {result['month_label']}"
    return f"Strategic assessment: {area}, {result['current']['label']} against {result['baseline']['label']}"


def _summary_lines(result: dict) -> list[str]:
    lines = [
        f"Area: {result['area']['name']} ({', '.join(result['area']['codes'])}), "
        f"population {result['area']['population']:,}",
    ]
    if result["kind"] == "exceptions":
        h = result["history"]
        lines.append(f"Control limits from {h['months']} months, {h['from']} to {h['to']}")
    else:
        lines.append(
            f"Current period: {result['current']['label']}; baseline: {result['baseline']['label']}"
        )
    lines.append(f"Method version {result['method_version']}; generated {result['generated_at']}")
    return lines


def docx_bytes(result: dict) -> bytes:
    """The assessment as a Word document."""
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = section.page_height, section.page_width
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(1.5))
    doc.add_heading(document_title(result), level=1)
    if result.get("demonstration"):
        p = doc.add_paragraph()
        run = p.add_run(DEMO_NOTICE)
        run.bold = True
    for line in _summary_lines(result):
        doc.add_paragraph(line)
    doc.add_heading("Summary", level=2)
    for paragraph in result["narrative"]:
        doc.add_paragraph(paragraph)
    for table in tables_for(result):
        doc.add_heading(table.caption, level=2)
        t = doc.add_table(rows=1, cols=len(table.headings))
        t.style = "Table Grid"
        for i, heading in enumerate(table.headings):
            cell = t.rows[0].cells[i]
            cell.text = heading
            for run in cell.paragraphs[0].runs:
                run.bold = True
                run.font.size = Pt(8)
        for row in table.rows:
            cells = t.add_row().cells
            for i, value in enumerate(row):
                cells[i].text = value.text
                for run in cells[i].paragraphs[0].runs:
                    run.font.size = Pt(8)
        if not table.rows:
            doc.add_paragraph("None.")
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


class _PDF(FPDF):
    demonstration = False
    heading = ""

    def header(self):
        if self.demonstration:
            self.set_font("Helvetica", "B", 10)
            self.set_text_color(212, 53, 28)
            self.cell(0, 6, _latin1(DEMO_NOTICE), align="C", new_x="LMARGIN", new_y="NEXT")
            self.set_text_color(0, 0, 0)

    def footer(self):
        self.set_y(-12)
        self.set_font("Helvetica", "", 8)
        self.cell(0, 6, _latin1(f"{self.heading} - page {self.page_no()}"), align="C")


def pdf_bytes(result: dict) -> bytes:
    """The assessment as a PDF."""
    pdf = _PDF(orientation="L", format="A4")
    pdf.demonstration = bool(result.get("demonstration"))
    pdf.heading = _latin1(document_title(result))
    pdf.set_auto_page_break(True, margin=15)
    pdf.set_margins(12, 12, 12)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 15)
    pdf.multi_cell(0, 8, _latin1(document_title(result)), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 9)
    for line in _summary_lines(result):
        pdf.multi_cell(0, 5, _latin1(line), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    pdf.set_font("Helvetica", "B", 12)
    pdf.cell(0, 7, "Summary", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 9)
    for paragraph in result["narrative"]:
        pdf.multi_cell(0, 5, _latin1(paragraph), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(1)
    for table in tables_for(result):
        pdf.ln(3)
        pdf.set_font("Helvetica", "B", 11)
        pdf.multi_cell(0, 6, _latin1(table.caption), new_x="LMARGIN", new_y="NEXT")
        if not table.rows:
            pdf.set_font("Helvetica", "", 9)
            pdf.cell(0, 5, "None.", new_x="LMARGIN", new_y="NEXT")
            continue
        pdf.set_font("Helvetica", "", 6.5 if len(table.headings) > 10 else 8)
        with pdf.table(
            headings_style=FontFace(emphasis="BOLD"),
            line_height=3.6 if len(table.headings) > 10 else 4.2,
            text_align=tuple("RIGHT" if n else "LEFT" for n in table.numeric),
            first_row_as_headings=True,
        ) as t:
            t.row([_latin1(h) for h in table.headings])
            for row in table.rows:
                t.row([_latin1(cell.text) for cell in row])
    return bytes(pdf.output())
