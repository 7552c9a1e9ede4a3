"""The one way CSP Hub writes CSV and XLSX: every export, page or command, goes through here.

- CSV downloads start with the UTF-8 byte-order mark, so Excel reads "£" and accents; text for a
  terminal or a script (`csv_text`) has none.
- XLSX has real date cells (a `date`, or a string that is exactly an ISO date, YYYY-MM-DD),
  columns sized to their content and a bold header row.
- Imports refuse what exports would have to neutralise: `cell_problem` names a NUL byte, a
  control character or a formula-leading cell, for a message with the file and line.
- No cell can run as a formula. A text value starting with `=`, `+`, `-`, `@`, tab or carriage
  return is written with a leading apostrophe in CSV and as a quote-prefixed text cell in XLSX
  (Excel shows it as typed and never evaluates it). Numbers stay numbers, negative ones too, and
  so does text that is just a number ("-12.5").
"""

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.http import HttpResponse

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"^[+-]?[0-9][0-9,]*(\.[0-9]+)?$", re.ASCII)
_ISO_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$", re.ASCII)
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_DATE_FORMAT = "d mmmm yyyy"
_MAX_WIDTH = 60

Row = Sequence[object]


@dataclass(frozen=True)
class Sheet:
    """One table of an export: a worksheet in XLSX."""

    title: str
    headers: Sequence[str]
    rows: Iterable[Row]


def is_formula_like(value: object) -> bool:
    """True for text that a spreadsheet would run as a formula (a plain number is not)."""
    return (
        isinstance(value, str)
        and value.startswith(FORMULA_START)
        and not _PLAIN_NUMBER.match(value)
    )


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_LEADING_NAMES = {"\t": "a tab", "\r": "a carriage return"}


def cell_problem(value: str) -> str | None:
    """Why an imported cell is refused (NUL, control character, formula), or None if it is fine.

    The reason reads after the column's name: "title starts with '=', which ...".
    """
    if "\x00" in value:
        return "contains a NUL byte (is this really a text file?)"
    control = _CONTROL.search(value)
    if control:
        return f"contains a control character (U+{ord(control.group()):04X})"
    for candidate in (value, value.strip(" ")):
        if is_formula_like(candidate):
            first = candidate[0]
            return (
                f"starts with {_LEADING_NAMES.get(first, repr(first))}, which a spreadsheet "
                "would run as a formula: remove it or start the cell with a letter"
            )
    return None


def safe_text(value: object) -> object:
    """The value for a CSV cell: formula-like text gets a leading apostrophe."""
    if value is None:
        return ""
    return "'" + str(value) if is_formula_like(value) else value


def csv_text(headers: Row, rows: Iterable[Row]) -> str:
    """Headers and rows as CSV text (no byte-order mark), formula-like cells neutralised."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([safe_text(h) for h in headers])
    writer.writerows([safe_text(v) for v in row] for row in rows)
    return out.getvalue()


def csv_bytes(headers: Row, rows: Iterable[Row]) -> bytes:
    """Headers and rows as a UTF-8 CSV file with the byte-order mark."""
    return ("\ufeff" + csv_text(headers, rows)).encode("utf-8")


def csv_response(*, filename: str, headers: Row, rows: Iterable[Row]) -> HttpResponse:
    """A CSV download."""
    response = HttpResponse(csv_bytes(headers, rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _xlsx_value(value: object) -> object:
    if isinstance(value, str) and _ISO_DATE.match(value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return value
    return value


def _width(value: object) -> int:
    if isinstance(value, dt.date):
        return 17
    return max((len(line) for line in str(value).splitlines()), default=0)


def xlsx_bytes(*sheets: Sheet) -> bytes:
    """Sheets as an Excel workbook."""
    # Imported here, not at the top: openpyxl costs ~20 MB and only exports use it.
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    book = Workbook(write_only=True)
    for spec in sheets:
        sheet = book.create_sheet(spec.title[:31])
        table: list[list[Any]] = [
            list(spec.headers),
            *([_xlsx_value(v) for v in row] for row in spec.rows),
        ]
        widths: dict[int, int] = {}
        for row in table:
            for i, value in enumerate(row):
                if value is not None:
                    widths[i] = max(widths.get(i, 0), _width(value))
        for i, width in widths.items():
            sheet.column_dimensions[get_column_letter(i + 1)].width = min(width + 2, _MAX_WIDTH)
        for n, row in enumerate(table):
            sheet.append([_xlsx_cell(sheet, value, header=n == 0) for value in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _xlsx_cell(sheet, value: Any, *, header: bool):
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    cell = WriteOnlyCell(sheet, value=value)
    if is_formula_like(value):
        # openpyxl stores text starting "=" as a formula; force a text cell that Excel keeps as
        # text even when someone edits it.
        cell.data_type = "s"
        cell.quotePrefix = True
    elif isinstance(value, dt.date):
        cell.number_format = _DATE_FORMAT
    if header:
        cell.font = Font(bold=True)
    return cell


def xlsx_response(*sheets: Sheet, filename: str) -> HttpResponse:
    """An XLSX download."""
    response = HttpResponse(xlsx_bytes(*sheets), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
