"""The action log as CSV and XLSX (shared by the pages and `manage.py export_actions`).

Written by core.exports, the one CSV/XLSX writer (formula-safe cells, real dates).
"""

from core.exports import Sheet, csv_bytes, csv_text, xlsx_bytes


def to_csv(rows: list[list[str]], *, bom: bool = True) -> bytes:
    """Rows (header first) as UTF-8 CSV; the byte-order mark lets Excel read the pound sign."""
    headers, *body = rows
    return csv_bytes(headers, body) if bom else csv_text(headers, body).encode("utf-8")


def to_xlsx(rows: list[list[str]]) -> bytes:
    """Rows (header first) as an Excel workbook with one sheet, "Actions"."""
    headers, *body = rows
    return xlsx_bytes(Sheet("Actions", headers, body))
