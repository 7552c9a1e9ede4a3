"""The action log as CSV and XLSX (shared by the pages and `manage.py export_actions`)."""

import csv
import io


def to_csv(rows: list[list[str]], *, bom: bool = True) -> bytes:
    """Rows as UTF-8 CSV; the byte-order mark lets Excel read the pound sign."""
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return (("\ufeff" if bom else "") + out.getvalue()).encode("utf-8")


def to_xlsx(rows: list[list[str]]) -> bytes:
    """Rows as an Excel workbook with one sheet, "Actions"."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Actions")
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
