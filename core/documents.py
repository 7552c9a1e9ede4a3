"""The plumbing of the documents councils file: PDF, Word and the charts in them.

PDFs are the page's own HTML: a template rendered with ``print_layout`` set (core/base.html then
drops the navigation, the banners and the scripts and inlines core/_print.css), laid out by
WeasyPrint as a tagged PDF/UA-1 file with the document's title, author and language (en-GB).
WeasyPrint is given no way to fetch anything: every chart is inline SVG, so a document never
reaches the network or the file system while it is made.

Word documents (python-docx) are A4 with real heading styles and core properties naming the
partnership as author; charts go in as PNG pictures drawn from the same SVG by CairoSVG.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
import re
import unicodedata
from typing import TYPE_CHECKING

from django.template.loader import render_to_string
from django.utils import timezone

if TYPE_CHECKING:
    from docx.document import Document as WordDocument

# WeasyPrint, CairoSVG and python-docx are imported inside the functions that use them: they
# cost a web worker ~70 MB and most requests make no document (the task queue builds them).

# WeasyPrint and fontTools log every font subset and unsupported CSS property at INFO/WARNING;
# that is noise in the server's log.
for _name in ("weasyprint", "weasyprint.progress", "fontTools"):
    logging.getLogger(_name).setLevel(logging.ERROR)

A4_WIDTH_MM, A4_HEIGHT_MM = 210, 297
MARGIN_CM = 2.0


class FetchRefused(ValueError):
    """A document tried to load a resource; documents are self-contained."""


def _no_fetch():
    """WeasyPrint's fetcher, refusing every URL (the resource is left out, with a warning)."""
    from weasyprint.urls import URLFetcher

    class _NoFetch(URLFetcher):
        def fetch(self, url, headers=None):
            raise FetchRefused(f"Documents load nothing from outside: refused {url[:80]}")

    return _NoFetch()


# PDF -----------------------------------------------------------------------------------------


def pdf_from_template(
    template_name: str,
    context: dict,
    *,
    title: str,
    author: str,
    subject: str = "",
    created: dt.date | None = None,
    landscape: bool = False,
    notice: str = "",
) -> bytes:
    """Render a page's template in its print layout and lay it out as a tagged PDF.

    A notice (such as "Demonstration data") is printed at the top of every page."""
    html = render_to_string(
        template_name,
        {
            **context,
            "print_layout": True,
            "print_title": title,
            "print_author": author,
            "print_subject": subject,
            "print_created": (created or timezone.localdate()).isoformat(),
            "print_landscape": landscape,
            "print_notice": notice.replace('"', "'").replace("\\", ""),
        },
    )
    return pdf_from_html(html)


def pdf_from_html(html: str) -> bytes:
    """A tagged PDF/UA-1 of self-contained HTML (title, lang and author come from the HTML)."""
    from weasyprint import HTML

    return HTML(string=html, url_fetcher=_no_fetch(), base_url="about:blank").write_pdf(
        pdf_variant="pdf/ua-1"
    )


# Word ----------------------------------------------------------------------------------------


def word_document(
    *, title: str, author: str, subject: str = "", created: dt.date | None = None,
    landscape: bool = False,
) -> WordDocument:  # fmt: skip
    """An empty A4 Word document with 2 cm margins, Arial 11 pt and its core properties set."""
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.shared import Cm, Pt

    doc = Document()
    section = doc.sections[0]
    width, height = Cm(A4_WIDTH_MM / 10), Cm(A4_HEIGHT_MM / 10)
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        width, height = height, width
    section.page_width, section.page_height = width, height
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(MARGIN_CM))
    normal = doc.styles["Normal"]
    normal.font.name = "Arial"
    normal.font.size = Pt(11)
    for name in ("Title", "Heading 1", "Heading 2", "Heading 3"):
        doc.styles[name].font.name = "Arial"
    props = doc.core_properties
    props.title = title
    props.author = author
    props.last_modified_by = author
    props.subject = subject
    props.language = "en-GB"
    when = created or timezone.localdate()
    props.created = dt.datetime(when.year, when.month, when.day, tzinfo=dt.UTC)
    props.modified = timezone.now()
    props.comments = ""
    return doc


def text_width_cm(doc: WordDocument) -> float:
    """The width between the margins of the document's first section, in centimetres."""
    section = doc.sections[0]
    width = section.page_width or 0
    margins = (section.left_margin or 0) + (section.right_margin or 0)
    return (width - margins) / 360000


def add_chart(doc: WordDocument, svg: str, *, caption: str, width_cm: float | None = None) -> None:
    """A chart as a PNG picture (drawn from its SVG), with its title as the picture's alt text."""
    if not str(svg).strip():
        return  # a chart with nothing to draw (the page shows its table alone)
    from docx.shared import Cm

    width_cm = width_cm or min(text_width_cm(doc), 16.0)
    png = svg_png(svg, width_px=int(width_cm / 2.54 * 200))
    doc.add_picture(io.BytesIO(png), width=Cm(width_cm))
    picture = doc.inline_shapes[-1]
    doc_pr = picture._inline.docPr
    doc_pr.set("descr", caption)
    doc_pr.set("title", caption)


def svg_png(svg: str, *, width_px: int = 1280) -> bytes:
    """A PNG of an SVG chart, drawn by CairoSVG (no external resources are loaded)."""
    data = str(svg).encode()
    if not data.strip():
        raise ValueError("No SVG to draw")  # CairoSVG would read its URL argument instead
    import cairosvg

    # unsafe=False: CairoSVG resolves no XML entities and reads no external files.
    return cairosvg.svg2png(bytestring=data, output_width=width_px, unsafe=False)


def word_bytes(doc: WordDocument) -> bytes:
    """The document as the bytes of a .docx file."""
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


# File names ----------------------------------------------------------------------------------


def file_name(*parts: str, ext: str) -> str:
    """A whole, readable file name: words joined by hyphens, nothing cut, ASCII only."""
    words = []
    for part in parts:
        text = unicodedata.normalize("NFKD", str(part)).encode("ascii", "ignore").decode()
        text = re.sub(r"[^A-Za-z0-9]+", "-", text.replace("&", " and ")).strip("-").lower()
        if text:
            words.append(text)
    return f"{'-'.join(words) or 'document'}.{ext}"
