"""Test documents, generated in the test run (no binary files in the repository).

- `seed_002_docx()`: seed 002 (the delivery group's minutes of 25 November 2010) as the Word
  document it was: heading, Present and Apologies, and the MINUTES | ACTION | DEADLINE table with
  its header repeated at each page break and the cells exactly where the seed puts them. The
  minute rows are read from the seed file itself (`CSPHUB_SEEDS`, default `../shared/seeds` beside the checkout, where CI lays it),
  so no third-party minutes are copied into the repository.
- Our own minutes, invented for the tests, in the other layouts: narrative (Word and text), a
  Modern.gov "Agenda and minutes" page and a PDF made from it with WeasyPrint.
- `long_docx(pages)`: a long table-layout document for the benchmark.
"""

import html
import io
import os
import re
import zipfile
from pathlib import Path

import docx

SEEDS = Path(
    os.environ.get("CSPHUB_SEEDS", Path(__file__).resolve().parents[3] / "shared" / "seeds")
)
SEED_002 = SEEDS / "002_d31fb9d59096c270.txt"

# Seed 002's Present and Apologies cells: one name and one role a line, as in the document.
SEED_PRESENT = [
    ("Martin Adams", "Chair, Borough Commander, KFRS"),
    ("David Hewetson", "LSP Lead Officer, Community Safety Coordinator, MBS"),
    ("Zena Cooke", "Director, Regeneration & Communities, MBC"),
    ("John Littlemore", "Chief Housing Officer, MBC"),
    ("Lisa Smith", "Community Safety Manager, Golding Homes"),
    ("John A Wilson (Cllr)", "Cabinet Member for Community Services, MBC"),
    ("Tracey Kadir", "Asst. Chief Officer, Courts & Mid Kent Probation Services"),
    ("Sarah Robson", "Community Partnerships Manager, MBC"),
]
SEED_APOLOGIES = [
    ("Nick Silvester", "Partnership Manager South Division, KFRS"),
    ("Robbie Graham", "Inspector, Kent Police"),
    ("Paul Shallcross", "Preventative Services Manager, Kent Children's Services"),
    ("Juliet Knott", "Golding Homes"),
    ("Jackie Bradley", "Sergeant, Kent Police"),
    ("Annette Hinton", "Maidstone Mediation"),
    ("Andy Hudson", "Governor, Maidstone Prison"),
]
# Items 1 and 2 have their title run into the text in the seed's flattened form.
RUN_ON_TITLES = {
    "1.": "Minutes of the Last Meeting on the 2nd September 2010",
    "2.": "Actions/Matters Arising",
}


def _paragraphs(cell: str) -> list[str]:
    """A seed cell as paragraphs: <p> blocks, bulleted lists split one bullet a line."""
    cell = re.sub(r"</?(?:i|b|em|strong)>", "", cell)
    parts = re.findall(r"<p>(.*?)</p>", cell, re.S) if "<p>" in cell else [cell]
    if "<ul" in cell:
        parts = re.split(r"</?p>|<ul[^>]*>|</ul>", cell)
    out = []
    for part in parts:
        for piece in re.split(r"\s*(?=[•➤])", part):
            piece = html.unescape(re.sub(r"<[^>]+>", "", piece)).strip()
            if piece:
                out.append(piece)
    return out


def seed_002_rows() -> list[list[list[str]]]:
    """The seed's table rows: [number, minutes, action, deadline], each a list of paragraphs."""
    rows = []
    text = SEED_002.read_text(encoding="utf-8")
    for line in text.splitlines():
        if "\t" not in line or line.startswith(("Present:", "Apologies:")):
            continue
        cells = (line.split("\t") + ["", "", "", ""])[:4]
        cells = [_paragraphs(c) for c in cells]
        number = cells[0][0] if cells[0] else ""
        if number in RUN_ON_TITLES and cells[1]:
            title = RUN_ON_TITLES[number]
            cells[1] = [title, cells[1][0][len(title) :].strip(), *cells[1][1:]]
        rows.append(cells)
    return rows


def _table(document, rows, widths=None):
    table = document.add_table(rows=0, cols=len(rows[0]))
    for row in rows:
        cells = table.add_row().cells
        for cell, paragraphs in zip(cells, row, strict=False):
            paragraphs = paragraphs if isinstance(paragraphs, list) else [paragraphs]
            cell.paragraphs[0].text = paragraphs[0] if paragraphs else ""
            for p in paragraphs[1:]:
                cell.add_paragraph(p)
    return table


def _save(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def seed_002_docx() -> bytes:
    """Seed 002 as a Word document in its own layout."""
    document = docx.Document()
    for line in (
        "MINUTES OF THE",
        "LOCAL STRATEGIC PARTNERSHIP",
        "Safer Maidstone Partnership Meeting",
        "25 November 2010 11.00 – 12.30, ROOM 6D, MAIDSTONE HOUSE",
    ):
        document.add_paragraph().add_run(line).bold = True
    _table(
        document,
        [
            ["Present:", [n for n, _ in SEED_PRESENT], [r for _, r in SEED_PRESENT]],
            ["Apologies:", [n for n, _ in SEED_APOLOGIES], [r for _, r in SEED_APOLOGIES]],
        ],
    )
    document.add_paragraph("")
    _table(document, seed_002_rows())
    return _save(document)


# Our own minutes -----------------------------------------------------------------------------

NARRATIVE = """Demonstration data
Northfield Community Safety Partnership
Minutes of the Strategy Board
Thursday 14 March 2024, 2.00 pm – 4.00 pm
Venue: Committee Room 2, Northfield Civic Centre

Present
• Cllr Amelia Hart (AH), Chair, Northfield Borough Council
• Ch Supt Daniel Okafor (DO), District Commander, Northshire Police
• Dr Priya Raman (PR), Director of Public Health, Northshire County Council
• Tom Bell (TB), Group Manager, Northshire Fire and Rescue Service
• Jennifer James (JJ) – substituting for Peter Lewis

In attendance
• Sam Wu (SW), Community Safety Officer, Northfield Borough Council (minutes)
• Inspector Lucy Grant, Northshire Police

Apologies
• Peter Lewis – Jennifer James substituted
• Mark Evans (ME), Probation Delivery Unit Head

1. Welcome and apologies
The Chair welcomed members. Apologies were noted as above.

2. Minutes of the last meeting
The minutes of the meeting of 12 December 2023 were agreed as a true record.

3. Serious violence duty
DO presented the strategic needs assessment for serious violence.
RESOLVED: That the Board adopts the serious violence strategy for consultation.
Action: DO/PR to publish the consultation draft
Owner: DO/PR
Deadline: 30 April 2024

4. Town centre CCTV
TB reported that two cameras on Market Street had failed.
The group agreed to fund the replacement from the partnership budget.
Action: Obtain three quotes for the replacement cameras. Owner: Tom Bell. Deadline: By next meeting

4.1 Night-time economy
SW said the Purple Flag assessment is due in the summer.
Action: SW to circulate the assessment timetable by 31 May 2024

5. Any other business
There was no other business.
"""


def narrative_txt() -> bytes:
    return NARRATIVE.encode("utf-8")


def narrative_docx() -> bytes:
    """The narrative minutes in Word: headings, bulleted attendee lists, Action/Owner lines."""
    document = docx.Document()
    for line in NARRATIVE.splitlines():
        if not line.strip():
            continue
        if re.match(r"^\d+(\.\d+)?\. |^\d+\.\d+ ", line) or line in (
            "Present",
            "In attendance",
            "Apologies",
        ):
            document.add_heading(line, level=2)
        elif line.startswith("• "):
            document.add_paragraph(line[2:], style="List Bullet")
        else:
            document.add_paragraph(line)
    return _save(document)


MODERNGOV = """<!DOCTYPE html>
<html lang="en"><head><title>Agenda and minutes - Westbrook Community Safety Partnership -
Tuesday, 9th July, 2024 6.30 pm</title>
<script>document.title = 'Zebra script ran'; alert('Zebra');</script>
<style>.mgItemTable { color: red }</style></head>
<body>
<nav><a href="/">Home</a></nav>
<div id="modgov">
<h1 class="mgMainTitleTxt">Agenda and minutes</h1>
<h2 class="mgSubTitleTxt">Westbrook Community Safety Partnership - Tuesday, 9th July, 2024 6.30 pm</h2>
<p>Demonstration data</p>
<p class="mgSubTitleTxt">Venue: Council Chamber, Westbrook Town Hall</p>
<p class="mgSubTitleTxt">Contact: Democratic Services</p>
<h2 class="mgSectionTitle">Attendance</h2>
<p>Present: Councillor Rosa Diaz (Chair), Councillor Ian Moss and Councillor Kate Lowe</p>
<p>Also Present: Omar Shah (Community Safety Lead)</p>
<p>Apologies: Councillor Neil Ford</p>
<h2 class="mgSectionTitle">Items</h2>
<table class="mgItemTable">
<tr><th>No.</th><th>Item</th></tr>
<tr><td class="mgItemNumberCell"><p>1.</p></td><td>
<p class="mgAiTitleTxt">Apologies for Absence</p>
<div class="mgWordPara"><p>Minutes:</p><p>Apologies were received from Councillor Neil Ford.</p></div>
</td></tr>
<tr><td class="mgItemNumberCell"><p>2.</p></td><td>
<p class="mgAiTitleTxt">Anti-social Behaviour Update</p>
<p>PDF 210 KB</p>
<div class="mgWordPara"><p>Minutes:</p>
<p>The Community Safety Lead reported a fall in reports of anti-social behaviour.</p>
<p>RESOLVED: That the update be noted and a further report be made in October.</p>
<p>Action: OS to bring the October report. Owner: Omar Shah. Deadline: 15 October 2024</p>
<script>alert('Zebra in an item')</script>
</div></td></tr>
<tr><td class="mgItemNumberCell"><p>3.</p></td><td>
<p class="mgAiTitleTxt">Date of Next Meeting</p>
<div class="mgWordPara"><p>Minutes:</p><p>The next meeting will be on 8 October 2024.</p></div>
</td></tr>
</table>
</div></body></html>
"""


def moderngov_html() -> bytes:
    return MODERNGOV.encode("utf-8")


PDF_HTML = """<html><body style="font-family: sans-serif">
<p>Demonstration data</p>
<h1>Eastvale Safer Neighbourhoods Group</h1>
<p>Minutes of the meeting held on 3 February 2025 at 10.00 am, Eastvale Library</p>
<h2>Present</h2>
<p>Helen Park (HP), Chair, Eastvale District Council</p>
<p>Sgt Chris Dunn (CD), Neighbourhood Policing, Eastvale Police</p>
<h2>Apologies</h2>
<p>Rita Cole (RC), Eastvale Housing</p>
<h2>1. Shoplifting in the high street</h2>
<p>CD reported that shoplifting had risen by a fifth since the autumn.</p>
<p>Action: CD/HP to meet the traders' association by 28 February 2025</p>
<h2>2. Any other business</h2>
<p>None.</p>
</body></html>"""


def minutes_pdf() -> bytes:
    """Our own narrative minutes as a PDF with a text layer, made with WeasyPrint."""
    import weasyprint

    return weasyprint.HTML(string=PDF_HTML).write_pdf()


def scanned_pdf() -> bytes:
    """A PDF with a page and no text layer, as a scan without OCR is."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def encrypted_pdf() -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(minutes_pdf())))
    writer.encrypt("secret", algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _rezip(data: bytes, change) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            out.writestr(info, change(info.filename, source.read(info.filename)))
    return buffer.getvalue()


def macro_docx() -> bytes:
    """A Word package declaring a macro project, as a .docm renamed .docx is."""

    def change(name, content):
        if name == "[Content_Types].xml":
            return content.replace(
                b"wordprocessingml.document.main+xml",
                b"ms-word.document.macroEnabled.main+xml",
            ).replace(
                b"</Types>",
                b'<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/>'
                b"</Types>",
            )
        return content

    return _rezip(narrative_docx(), change)


def external_link_docx() -> bytes:
    """A Word document whose settings attach a template from a web address."""

    def change(name, content):
        if name == "word/_rels/document.xml.rels":
            return content.replace(
                b"</Relationships>",
                b'<Relationship Id="rIdX" Type="http://schemas.openxmlformats.org/'
                b'officeDocument/2006/relationships/attachedTemplate" '
                b'Target="http://example.invalid/t.dotm" TargetMode="External"/>'
                b"</Relationships>",
            )
        return content

    return _rezip(narrative_docx(), change)


def password_docx() -> bytes:
    """What Word saves for a password-protected document: an OLE container, not a zip."""
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + b"EncryptedPackage" * 8


def corrupt_docx() -> bytes:
    return narrative_docx()[:600]


def undated_txt() -> bytes:
    return b"Minutes of the Strategy Board\n\nPresent\nAmelia Hart (AH)\n\n1. Welcome\nHello.\n"


def long_docx(pages: int = 40) -> bytes:
    """A long table-layout minutes document: about a page per item, for the benchmark."""
    document = docx.Document()
    for line in ("MINUTES OF THE", "Demonstration Partnership", "12 January 2023 10.00 – 16.00"):
        document.add_paragraph(line)
    _table(document, [["Present:", [n for n, _ in SEED_PRESENT], [r for _, r in SEED_PRESENT]]])
    rows = [["", "MINUTES", "ACTION", "DEADLINE"]]
    initials = ["MA", "DH", "ZC", "JL", "LS", "SR", "TK", "JAW"]
    for n in range(1, pages + 1):
        body = [f"Demonstration item {n}"]
        for k in range(12):
            who = initials[(n + k) % len(initials)]
            body.append(
                f"{who} reported on the {k + 1} matter of the item, with the figures for the "
                f"quarter and what partners had done since the last meeting. {who} will report "
                "again with the next quarter's figures and the partners' views on them."
            )
        rows.append(
            [
                [f"{n}."],
                body,
                [initials[n % 8], initials[(n + 1) % 8]],
                ["By next meeting", "By Dec 2024"],
            ]
        )
    _table(document, rows)
    return _save(document)
