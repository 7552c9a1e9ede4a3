"""Read and check partner files (CSV or XLSX) and STATS19 road safety files, changing nothing.

Every refusal is an ``EvidenceFileError`` whose message names the file and the line. The
readers return plain counts; ``evidence.services`` writes them in one transaction.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from collections import defaultdict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from evidence.models import Geography, Granularity
from evidence.presets import GEOGRAPHY_COLUMNS, columns_for

MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
LSOA = re.compile(r"^[EW]01\d{6}$")
WARD = re.compile(r"^[EW]05\d{6}$")
OUTWARD = re.compile(r"^[A-Z]{1,2}\d[A-Z\d]?$")
# A full (unit) postcode anywhere in a value: outward code, optional space, inward code.
UNIT_POSTCODE = re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b", re.IGNORECASE)
WHOLE = re.compile(r"^\d{1,3}(,\d{3})+$|^\d+$")
MAX_ROWS = 1_000_000

# Column names that carry personal data, with the reason given when a file has one.
PERSONAL_COLUMNS: dict[str, str] = {
    **dict.fromkeys(
        (
            "name",
            "names",
            "forename",
            "forenames",
            "first_name",
            "firstname",
            "given_name",
            "surname",
            "last_name",
            "lastname",
            "family_name",
            "full_name",
            "fullname",
            "patient_name",
            "victim_name",
            "offender_name",
        ),
        "names identify people",
    ),
    **dict.fromkeys(
        ("dob", "d_o_b", "date_of_birth", "birth_date", "birthdate", "birthday"),
        "a date of birth identifies a person",
    ),
    **dict.fromkeys(
        ("postcode", "post_code", "full_postcode", "home_postcode", "patient_postcode"),
        "full postcodes identify households; give the outward part in an outward_postcode column",
    ),
    **dict.fromkeys(
        (
            "description",
            "descriptions",
            "notes",
            "note",
            "comment",
            "comments",
            "details",
            "narrative",
            "free_text",
            "freetext",
            "circumstances",
            "remarks",
            "summary",
        ),
        "free-text descriptions can name or identify people",
    ),
    **dict.fromkeys(
        (
            "address",
            "address_line_1",
            "street_address",
            "email",
            "email_address",
            "phone",
            "telephone",
            "phone_number",
            "nhs_number",
            "ni_number",
            "national_insurance_number",
        ),
        "contact details and personal identifiers identify people",
    ),
}


WHOLE_AREA_KEY = "whole-area"


def area_key(lsoas: set[str] | None) -> str:
    """A fingerprint of the LSOAs an area is made of (or of "all codes" for other geographies)."""
    if lsoas is None:
        return WHOLE_AREA_KEY
    return hashlib.sha256(",".join(sorted(lsoas)).encode()).hexdigest()


def area_sums(counts: list[tuple[str, str, str, int]], lsoas: set[str] | None) -> dict[str, int]:
    """The area's count per "month|breakdown" from (code, month, breakdown, count) rows."""
    out: dict[str, int] = defaultdict(int)
    for code, month, breakdown, n in counts:
        if lsoas is None or code in lsoas:
            out[f"{month}|{breakdown}"] += n
    return dict(out)


class EvidenceFileError(ValueError):
    """A file refused: the message names the file and, where there is one, the line."""


def normalise(header: object) -> str:
    """A column name as compared: lower case, runs of other characters as one underscore."""
    return re.sub(r"[^a-z0-9]+", "_", str(header or "").strip().lower()).strip("_")


def period_months(period: str, granularity: str) -> list[str]:
    """The months a period covers: itself, or the quarter it starts."""
    m = MONTH.match(period)
    if not m:
        raise ValueError(f"{period!r} is not a month like 2010-07")
    year, month = int(m.group(1)), int(m.group(2))
    if granularity == Granularity.MONTH:
        return [period]
    if month not in (1, 4, 7, 10):
        raise ValueError(
            f"{period} does not start a quarter: quarters start in January, April, July "
            "and October (write the quarter's first month, e.g. 2010-07 for July to September)"
        )
    return [f"{year}-{month + i:02d}" for i in range(3)]


def personal_column_reason(column: str) -> str | None:
    """Why a column name is personal data, or None."""
    name = normalise(column)
    if name in PERSONAL_COLUMNS:
        return PERSONAL_COLUMNS[name]
    if "forename" in name or "surname" in name:
        return "names identify people"
    if "birth" in name:
        return "a date of birth identifies a person"
    return None


# Reading -------------------------------------------------------------------------------------


def _text_rows(filename: str, data: bytes) -> Iterator[tuple[int, list[str]]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise EvidenceFileError(
            f"{filename}: the file is not UTF-8 text (save it as CSV UTF-8)"
        ) from None
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        for row in reader:
            yield reader.line_num, row
    except csv.Error as exc:
        raise EvidenceFileError(f"{filename} line {reader.line_num}: {exc}") from None


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime | date):
        return value.strftime("%Y-%m")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _xlsx_rows(filename: str, data: bytes) -> Iterator[tuple[int, list[object]]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - openpyxl raises many kinds for a file that is not XLSX
        raise EvidenceFileError(f"{filename}: the file is not an Excel workbook (.xlsx)") from None
    try:
        sheet = book.worksheets[0]
        for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield number, list(row)
    finally:
        book.close()


def read_table(filename: str, data: bytes) -> list[tuple[int, list[Any]]]:
    """The file's rows with their line numbers (CSV) or row numbers (XLSX), blank rows left out."""
    rows = (
        _xlsx_rows(filename, data)
        if filename.lower().endswith(".xlsx")
        else _text_rows(filename, data)
    )
    out = []
    for line, row in rows:
        if any(_cell_text(v).strip() for v in row):
            out.append((line, row))
        if len(out) > MAX_ROWS:
            raise EvidenceFileError(f"{filename}: more than {MAX_ROWS:,} rows")
    if not out:
        raise EvidenceFileError(f"{filename} line 1: the file is empty")
    return out


# Partner files -------------------------------------------------------------------------------


@dataclass
class PartnerFile:
    """A checked partner file: counts by geography code ('' for the whole area)."""

    months: list[str]
    counts: dict[str, int]
    rows: int
    lines: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def check_personal(filename: str, header: list[str], rows: list[tuple[int, list[object]]]) -> None:
    """Refuse personal data: named columns, or a full postcode in any value."""
    for column in header:
        reason = personal_column_reason(column)
        if reason:
            raise EvidenceFileError(
                f"{filename} line 1: column {column!r} is personal data ({reason}). Only "
                "depersonalised counts may be shared: remove the column and upload again."
            )
    for line, row in rows:
        for column, value in zip(header, row, strict=False):
            text = _cell_text(value)
            if UNIT_POSTCODE.search(text):
                raise EvidenceFileError(
                    f"{filename} line {line}: column {column!r} holds a full postcode "
                    f"({text.strip()[:20]}). Full postcodes identify households: give only the "
                    "outward part (e.g. ME15) in an outward_postcode column."
                )


def _count(filename: str, line: int, value: object) -> int:
    if isinstance(value, bool):
        raise EvidenceFileError(f"{filename} line {line}: count {value!r} is not a whole number")
    if isinstance(value, int):
        number = value
    elif isinstance(value, float):
        if not value.is_integer():
            raise EvidenceFileError(
                f"{filename} line {line}: count {value:g} is not a whole number"
            )
        number = int(value)
    else:
        text = str(value or "").strip()
        if text.startswith("-") and WHOLE.match(text[1:]):
            raise EvidenceFileError(f"{filename} line {line}: count {text} is negative")
        if not text.isascii() or not WHOLE.match(text):
            raise EvidenceFileError(f"{filename} line {line}: count {text!r} is not a whole number")
        number = int(text.replace(",", ""))
    if number < 0:
        raise EvidenceFileError(f"{filename} line {line}: count {number} is negative")
    return number


def read_partner_file(
    *,
    filename: str,
    data: bytes,
    geography: str,
    granularity: str,
    period: str,
    known_codes: Mapping[str, object] | set[str] | None,
    geography_label: str,
) -> PartnerFile:
    """Check a partner file against its dataset's declaration; refuse it whole on any problem.

    ``known_codes`` are the codes the geography accepts (LSOAs of the loaded geography, the
    outward postcodes or wards declared on the dataset); None for the whole area.
    """
    try:
        months = period_months(period, granularity)
    except ValueError as exc:
        raise EvidenceFileError(f"{filename}: the period {exc}") from None
    table = read_table(filename, data)
    header_line, header_cells = table[0]
    header = [_cell_text(h).strip() for h in header_cells]
    while header and not header[-1]:
        header.pop()
    body = table[1:]
    check_personal(filename, header, body)
    names = [normalise(h) for h in header]
    expected = columns_for(geography)
    declared_column = GEOGRAPHY_COLUMNS.get(geography)
    for other, column in GEOGRAPHY_COLUMNS.items():
        if column in names and column != declared_column:
            raise EvidenceFileError(
                f"{filename} line {header_line}: the file gives a geography the dataset did "
                f"not declare: {Geography(other).label} ({column}), but the dataset is "
                f"counted by {geography_label}. Declare another dataset for it."
            )
    if names != expected:
        raise EvidenceFileError(
            f"{filename} line {header_line}: the columns must be {', '.join(expected)} "
            f"(found {', '.join(header) or 'none'})"
        )
    counts: dict[str, int] = {}
    lines: dict[str, int] = {}
    for line, row in body:
        cells = list(row) + [None] * (len(expected) - len(row))
        extra = [c for c in cells[len(expected) :] if _cell_text(c).strip()]
        if extra:
            raise EvidenceFileError(
                f"{filename} line {line}: {len(expected) + len(extra)} values, expected "
                f"{len(expected)} ({', '.join(expected)})"
            )
        row_period = _cell_text(cells[0]).strip()
        if row_period != period:
            raise EvidenceFileError(
                f"{filename} line {line}: the period is {row_period or 'blank'!s}, but the file "
                f"is being loaded for {period}; every row must be for {period}"
            )
        if declared_column:
            code = _cell_text(cells[1]).strip().upper()
            if geography == Geography.OUTWARD_POSTCODE:
                code = code.replace(" ", "")
            pattern = {Geography.LSOA: LSOA, Geography.WARD: WARD}.get(
                Geography(geography), OUTWARD
            )
            if not pattern.match(code) or (known_codes is not None and code not in known_codes):
                where = (
                    "the loaded LSOA geography"
                    if geography == Geography.LSOA
                    else "the codes the dataset declares"
                )
                raise EvidenceFileError(
                    f"{filename} line {line}: unknown {geography_label} code "
                    f"{code or 'blank'!s}: it is not in {where}"
                )
        else:
            code = ""
        if code in counts:
            raise EvidenceFileError(
                f"{filename} line {line}: duplicated row: "
                f"{code or 'the whole area'} for {period} is also on line {lines[code]}"
            )
        counts[code] = _count(filename, line, cells[-1])
        lines[code] = line
    if not counts:
        raise EvidenceFileError(f"{filename}: the file holds no counts")
    return PartnerFile(months=months, counts=counts, rows=len(body), lines=lines)


# STATS19 -------------------------------------------------------------------------------------

SEVERITY = {"1": "fatal", "2": "serious", "3": "slight"}
SEVERITY_LABELS = {"fatal": "Killed", "serious": "Seriously injured", "slight": "Slightly injured"}


@dataclass
class RoadCasualties:
    """Casualties counted by collision LSOA, month and severity, and what was left out."""

    counts: dict[tuple[str, str, str], int]
    months: list[str]
    collisions: int
    casualties: int
    skipped: int


def _columns(filename: str, header: list[str], wanted: dict[str, tuple[str, ...]]) -> dict:
    names = [normalise(h) for h in header]
    found = {}
    for key, options in wanted.items():
        index = next((names.index(o) for o in options if o in names), None)
        if index is None:
            raise EvidenceFileError(
                f"{filename} line 1: not a STATS19 file: no {' or '.join(options)} column"
            )
        found[key] = index
    return found


def _stats19_date(filename: str, line: int, text: str) -> str:
    text = text.strip()
    for fmt in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(text, fmt).strftime("%Y-%m")  # noqa: DTZ007 - a date
        except ValueError:
            continue
    raise EvidenceFileError(f"{filename} line {line}: date {text!r} is not like 25/11/2010")


def read_stats19(
    *,
    collisions_name: str,
    collisions: bytes,
    casualties_name: str,
    casualties: bytes,
    year: int,
    known_lsoas: Mapping[str, object] | set[str],
) -> RoadCasualties:
    """Join casualties to their collisions; count them by collision LSOA, month and severity.

    Both the older (accident_index, accident_year) and the newer (collision_index,
    collision_year) column names are read. Collisions with no LSOA (Scotland, or not known:
    "-1") or an LSOA outside the loaded geography are counted as skipped.
    """
    rows = _text_rows(collisions_name, collisions)
    _, header = next(rows, (1, []))
    col = _columns(
        collisions_name,
        header,
        {
            "index": ("collision_index", "accident_index"),
            "year": ("collision_year", "accident_year"),
            "date": ("date",),
            "lsoa": ("lsoa_of_collision_location", "lsoa_of_accident_location"),
        },
    )
    where: dict[str, tuple[str, str] | None] = {}
    for line, row in rows:
        if not any(c.strip() for c in row):
            continue
        if len(row) < len(header):
            raise EvidenceFileError(
                f"{collisions_name} line {line}: {len(row)} values, expected {len(header)}"
            )
        index = row[col["index"]].strip()
        if row[col["year"]].strip() != str(year):
            raise EvidenceFileError(
                f"{collisions_name} line {line}: the collision is of "
                f"{row[col['year']].strip() or 'no year'}, but the file is being loaded for {year}"
            )
        month = _stats19_date(collisions_name, line, row[col["date"]])
        if not month.startswith(f"{year}-"):
            raise EvidenceFileError(
                f"{collisions_name} line {line}: the date {row[col['date']].strip()} is not in {year}"
            )
        if index in where:
            raise EvidenceFileError(
                f"{collisions_name} line {line}: duplicated row: collision {index} appears twice"
            )
        lsoa = row[col["lsoa"]].strip().upper()
        where[index] = (lsoa, month) if lsoa in known_lsoas else None
    if not where:
        raise EvidenceFileError(f"{collisions_name}: the file holds no collisions")
    rows = _text_rows(casualties_name, casualties)
    _, header = next(rows, (1, []))
    ccol = _columns(
        casualties_name,
        header,
        {
            "index": ("collision_index", "accident_index"),
            "year": ("collision_year", "accident_year"),
            "severity": ("casualty_severity",),
        },
    )
    names = [normalise(h) for h in header]
    ref = [names.index(n) for n in ("vehicle_reference", "casualty_reference") if n in names]
    counts: dict[tuple[str, str, str], int] = defaultdict(int)
    seen: dict[tuple, int] = {}
    casualties_n = skipped = 0
    for line, row in rows:
        if not any(c.strip() for c in row):
            continue
        if len(row) < len(header):
            raise EvidenceFileError(
                f"{casualties_name} line {line}: {len(row)} values, expected {len(header)}"
            )
        index = row[ccol["index"]].strip()
        if row[ccol["year"]].strip() != str(year):
            raise EvidenceFileError(
                f"{casualties_name} line {line}: the casualty is of "
                f"{row[ccol['year']].strip() or 'no year'}, but the file is being loaded for {year}"
            )
        if index not in where:
            raise EvidenceFileError(
                f"{casualties_name} line {line}: collision {index} is not in {collisions_name}"
            )
        severity = SEVERITY.get(row[ccol["severity"]].strip())
        if severity is None:
            raise EvidenceFileError(
                f"{casualties_name} line {line}: casualty_severity "
                f"{row[ccol['severity']].strip()!r} is not 1 (fatal), 2 (serious) or 3 (slight)"
            )
        if ref:
            key = (index, *(row[i].strip() for i in ref))
            if key in seen:
                raise EvidenceFileError(
                    f"{casualties_name} line {line}: duplicated row: the same casualty as "
                    f"line {seen[key]}"
                )
            seen[key] = line
        casualties_n += 1
        place = where[index]
        if place is None:
            skipped += 1
            continue
        counts[(place[0], place[1], severity)] += 1
    # A year's file covers every month of the year: a month with no casualties is a zero.
    months = [f"{year}-{m:02d}" for m in range(1, 13)]
    return RoadCasualties(
        counts=dict(counts),
        months=months,
        collisions=len(where),
        casualties=casualties_n,
        skipped=skipped,
    )
