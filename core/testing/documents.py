"""Reading documents back in tests: the PDF/UA essentials with pypdf, Word's page and styles.

veraPDF is not available here, so the PDF check covers what pypdf can read: a structure tree
(/StructTreeRoot) and /MarkInfo /Marked true, the document language, a title in the metadata
shown as the window title (/DisplayDocTitle), and every figure tagged with alternative text.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from docx import Document
from pypdf import PdfReader


@dataclass
class PdfReport:
    lang: str
    marked: bool
    has_struct_tree: bool
    display_doc_title: bool
    title: str
    author: str
    tags: dict[str, int] = field(default_factory=dict)
    figure_alts: list[str] = field(default_factory=list)
    text: str = ""
    pages: int = 0


def pdf_report(data: bytes) -> PdfReport:
    """What a PDF/UA checker would look at first, read with pypdf."""
    reader = PdfReader(io.BytesIO(data))
    root = reader.trailer["/Root"]
    tags: dict[str, int] = {}
    alts: list[str] = []

    def walk(node) -> None:
        node = node.get_object()
        if isinstance(node, list):
            for child in node:
                walk(child)
            return
        if not isinstance(node, dict):
            return
        kind = node.get("/S")
        if kind:
            tags[kind] = tags.get(kind, 0) + 1
            if kind == "/Figure":
                alts.append(str(node.get("/Alt", "")))
        if "/K" in node:
            walk(node["/K"])

    if "/StructTreeRoot" in root:
        walk(root["/StructTreeRoot"])
    meta = reader.metadata or {}
    prefs = root.get("/ViewerPreferences") or {}
    return PdfReport(
        lang=str(root.get("/Lang", "")),
        marked=bool((root.get("/MarkInfo") or {}).get("/Marked")),
        has_struct_tree="/StructTreeRoot" in root,
        display_doc_title=bool(prefs.get("/DisplayDocTitle")),
        title=str(meta.get("/Title", "")),
        author=str(meta.get("/Author", "")),
        tags=tags,
        figure_alts=alts,
        text=" ".join(page.extract_text() for page in reader.pages),
        pages=len(reader.pages),
    )


def docx_page_mm(data: bytes) -> tuple[float, float]:
    """The first section's page width and height in millimetres, rounded to 0.1 mm."""
    section = Document(io.BytesIO(data)).sections[0]
    return round(section.page_width.mm, 1), round(section.page_height.mm, 1)


def docx_heading_texts(data: bytes) -> dict[str, list[str]]:
    """Text of every paragraph (tables included) in a Heading or Title style, by style name."""
    doc = Document(io.BytesIO(data))
    paragraphs = list(doc.paragraphs)
    for table in doc.tables:
        for row in table.rows:
            for cell in row.cells:
                paragraphs.extend(cell.paragraphs)
    out: dict[str, list[str]] = {}
    for p in paragraphs:
        name = p.style.name if p.style is not None else ""
        if name.startswith(("Heading", "Title")) and p.text not in out.get(name, []):
            out.setdefault(name, []).append(p.text)
    return out
