"""Turn an uploaded document into blocks of text, refusing what cannot be read safely.

Word (.docx: paragraphs and table cells, in document order), PDF (its text layer, with pypdf),
plain text and HTML (a council's "Agenda and minutes" page; parsed with BeautifulSoup's
html.parser, scripts and styles dropped, text kept, nothing ever run or rendered). Every refusal
is a ValidationError naming the file.
"""

import io
import os
import re
import zipfile
from collections.abc import Callable

from django.core.exceptions import ValidationError

from minutes_import.parsing import Block, Row, Table

MAX_BYTES = 20 * 1024 * 1024
MAX_UNZIPPED = 200 * 1024 * 1024
FORMATS = {".docx", ".pdf", ".txt", ".html", ".htm"}
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# Relationship types that pull content from outside the document.
EXTERNAL_KINDS = ("attachedTemplate", "oleObject", "subDocument", "frame", "image", "externalLink",
                  "aFChunk", "package")  # fmt: skip


def _refuse(name: str, message: str) -> ValidationError:
    return ValidationError(f"{name}: {message}")


def check_upload(*, name: str, size: int, head: bytes) -> str:
    """Check the name, size and first bytes; return the format (".docx" …)."""
    ext = os.path.splitext(name)[1].lower()
    if ext in {".docm", ".dotm"}:
        raise _refuse(name, "this is a Word document with macros; save it as .docx without "
                            "macros and try again")  # fmt: skip
    if ext == ".doc":
        raise _refuse(name, "this is the old Word format; save it as .docx and try again")
    if ext not in FORMATS:
        raise _refuse(name, "upload minutes as Word (.docx), PDF, text (.txt) or a saved web "
                            "page (.html)")  # fmt: skip
    if size == 0:
        raise _refuse(name, "the file is empty")
    if size > MAX_BYTES:
        raise _refuse(name, f"the file is larger than {MAX_BYTES // (1024 * 1024)} MB; minutes "
                            "are rarely so large, so check it is the right file")  # fmt: skip
    if ext == ".docx" and head.startswith(OLE_MAGIC):
        raise _refuse(name, "the document is protected by a password; remove the password in "
                            "Word (File, Info, Protect Document) and upload it again")  # fmt: skip
    if ext == ".docx" and not head.startswith(b"PK"):
        raise _refuse(name, "this is not a Word .docx document, or it is damaged")
    if ext == ".pdf" and not head.lstrip().startswith(b"%PDF"):
        raise _refuse(name, "this is not a PDF, or it is damaged")
    return ext


def read_blocks(
    name: str, data: bytes, progress: Callable | None = None
) -> tuple[list[Block], list[str]]:
    """The document's blocks and any warnings; ValidationError if it cannot be read."""
    ext = check_upload(name=name, size=len(data), head=data[:8])
    if ext == ".docx":
        return _docx(name, data, progress), []
    if ext == ".pdf":
        return [*_pdf(name, data, progress)], []
    if ext == ".txt":
        return [*_text(name, data).splitlines()], []
    lines, warnings = _html(name, data)
    return [*lines], warnings


def _decode(name: str, data: bytes) -> str:
    if b"\x00" in data[:4096]:
        raise _refuse(name, "this is not a text file")
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise _refuse(name, "the text is in an encoding we cannot read; save it as UTF-8")


def _text(name: str, data: bytes) -> str:
    text = _decode(name, data)
    if not text.strip():
        raise _refuse(name, "the file has no text")
    return text


# Word ----------------------------------------------------------------------------------------


def _check_docx_package(name: str, data: bytes) -> None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = archive.namelist()
        total = sum(i.file_size for i in archive.infolist())
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise _refuse(name, "the document is damaged and cannot be opened") from exc
    if total > MAX_UNZIPPED:
        raise _refuse(name, "the document unpacks to more than 200 MB; it cannot be read")
    if "[Content_Types].xml" not in names or "word/document.xml" not in names:
        raise _refuse(name, "the document is damaged or is not a Word document")
    types = archive.read("[Content_Types].xml").decode("utf-8", "replace")
    if (
        "macroEnabled" in types
        or "vbaProject" in types
        or any(n.lower().endswith("vbaproject.bin") for n in names)
    ):
        raise _refuse(name, "the document contains macros; save it as a plain .docx (Word "
                            "Document, not Macro-Enabled) and try again")  # fmt: skip
    for rels in (n for n in names if n.endswith(".rels")):
        text = archive.read(rels).decode("utf-8", "replace")
        for m in re.finditer(r"<Relationship\b[^>]*>", text):
            rel = m[0]
            if 'TargetMode="External"' in rel and any(
                re.search(rf'Type="[^"]*/{kind}"', rel) for kind in EXTERNAL_KINDS
            ):
                target = re.search(r'Target="([^"]*)"', rel)
                raise _refuse(
                    name,
                    "the document links to content outside itself"
                    + (f" ({target[1][:80]})" if target else "")
                    + "; save it with the linked content embedded, or without it, and try again",
                )


def _docx(name: str, data: bytes, progress: Callable | None) -> list[Block]:
    _check_docx_package(name, data)
    import docx
    from docx.table import Table as DocxTable
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises many kinds for a damaged package
        raise _refuse(name, "the document is damaged and cannot be opened") from exc
    blocks: list[Block] = []
    body = document.element.body
    children = list(body.iterchildren())
    for n, child in enumerate(children):
        if progress and n % 200 == 0:
            progress(n / max(len(children), 1) * 0.5)
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            text = Paragraph(child, document).text
            blocks.extend(text.split("\n"))
        elif tag == "tbl":
            table = DocxTable(child, document)
            rows = []
            for row in table.rows:
                cells, seen = [], set()
                for cell in row.cells:
                    if id(cell._tc) in seen:
                        continue
                    seen.add(id(cell._tc))
                    cells.append([line for p in cell.paragraphs for line in p.text.split("\n")])
                rows.append(Row(cells=cells))
            blocks.append(Table(rows=rows))
    if not any((b.strip() if isinstance(b, str) else b.rows) for b in blocks):
        raise _refuse(name, "the document has no text")
    return blocks


# PDF -----------------------------------------------------------------------------------------


def _pdf(name: str, data: bytes, progress: Callable | None) -> list[str]:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise _refuse(name, "the PDF is protected by a password; save a copy without the "
                                "password and try again")  # fmt: skip
        pages = reader.pages
        lines: list[str] = []
        for n, page in enumerate(pages):
            if progress and n % 5 == 0:
                progress(n / max(len(pages), 1) * 0.5)
            lines.extend((page.extract_text() or "").splitlines())
    except ValidationError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise _refuse(name, "the PDF is damaged and cannot be read") from exc
    except Exception as exc:  # pypdf's decryption needs a library for some ciphers
        if "crypt" in str(exc).lower() or reader_encrypted(data):
            raise _refuse(name, "the PDF is protected by a password; save a copy without the "
                                "password and try again") from exc  # fmt: skip
        raise _refuse(name, "the PDF is damaged and cannot be read") from exc
    if not any(line.strip() for line in lines):
        raise _refuse(name, "This PDF has no text to read; it may be a scan")
    return lines


def reader_encrypted(data: bytes) -> bool:
    return b"/Encrypt" in data[-4096:] or b"/Encrypt" in data[:4096]


# HTML ----------------------------------------------------------------------------------------

DROPPED = ("script", "style", "noscript", "template", "iframe", "object", "embed", "svg",
           "canvas", "form", "button", "select", "head", "nav", "footer")  # fmt: skip
BLOCK_TAGS = ("p", "div", "li", "tr", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6", "br",
              "table", "ul", "ol", "dt", "dd", "section", "article", "caption", "title")  # fmt: skip


def _html(name: str, data: bytes) -> tuple[list[str], list[str]]:
    from bs4 import BeautifulSoup

    text = _decode(name, data)
    soup = BeautifulSoup(text, "html.parser")
    warnings = []
    title = soup.title.get_text(" ", strip=True) if soup.title else ""
    scripts = soup.find_all("script")
    if scripts:
        warnings.append(
            f"The page's {len(scripts)} script(s) were ignored; nothing in the page was run."
        )
    for tag in soup.find_all(DROPPED):
        tag.decompose()
    for tag in soup.find_all(BLOCK_TAGS):
        tag.insert_before("\n")
        tag.insert_after("\n")
    lines = [re.sub(r"\s+", " ", line).strip() for line in soup.get_text().split("\n")]
    lines = [line for line in lines if line]
    if title and (not lines or lines[0] != title):
        lines.insert(0, title)
    if not lines:
        raise _refuse(name, "the page has no text")
    return lines, warnings
