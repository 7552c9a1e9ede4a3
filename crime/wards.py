"""Read and check an ONS "LSOA (2011) to electoral ward best-fit lookup" CSV, changing nothing.

The ONS layout is ``FID, LSOA11CD, LSOA11NM, WD20CD, WD20NM, WD20NMW, LAD20CD, LAD20NM`` (the
year in the ward and district columns follows the edition: WD18CD, WD19CD, WD20CD, …; newer
editions call FID ``ObjectId``). Only ``LSOA11CD`` and one ``WD<yy>CD`` / ``WD<yy>NM`` pair are
needed; the rest is optional. The national file covers every LSOA of England and Wales, so rows
for LSOAs outside the partnership's area are skipped; an LSOA the file places in the area (by its
district column) that the loaded geography does not know is an error, and so is an area LSOA the
file gives no ward. Every refusal is a ``CrimeImportError`` naming the file and the line.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from crime.ingest import CrimeImportError
from crime.selectors import LsoaArea

LSOA_CODE = re.compile(r"^[EW]01\d{6}$")
WARD_CODE = re.compile(r"^[EW]05\d{6}$")
WARD_COLUMN = re.compile(r"^wd(\d{2})cd$")
DISTRICT_COLUMN = re.compile(r"^lad(\d{2})cd$")
MAX_ROWS = 100_000  # the national file has under 35,000
EXPECTED = "LSOA11CD, LSOA11NM, WD20CD, WD20NM, LAD20CD, LAD20NM (the ward year may differ)"


@dataclass(frozen=True)
class WardRow:
    """One of the area's LSOAs and its ward, with the line it came from."""

    lsoa_code: str
    ward_code: str
    ward_name: str
    line: int


@dataclass
class WardLookupFile:
    """A checked lookup: the area's LSOAs with their wards."""

    source: str
    sha256: str
    ward_year: str
    rows_read: int
    rows: list[WardRow] = field(default_factory=list)
    skipped: int = 0

    @property
    def wards(self) -> int:
        return len({r.ward_code for r in self.rows})


@dataclass(frozen=True)
class _Columns:
    year: int
    lsoa: int
    ward: int
    ward_name: int
    district: int | None


def _header_index(display: str, header: list[str]) -> _Columns:
    names = [h.strip().lower() for h in header]
    if "lsoa21cd" in names and "lsoa11cd" not in names:
        raise CrimeImportError(
            display,
            "this lookup is of 2021 LSOAs (LSOA21CD); the crime data use 2011 LSOAs, so load "
            "the ONS LSOA (2011) to ward best-fit lookup (LSOA11CD)",
            1,
        )
    if "lsoa11cd" not in names:
        raise CrimeImportError(display, f"missing column LSOA11CD (expected {EXPECTED})", 1)
    wards = [m.group(1) for m in map(WARD_COLUMN.match, names) if m]
    if not wards:
        raise CrimeImportError(
            display, f"missing a ward code column such as WD20CD (expected {EXPECTED})", 1
        )
    if len(wards) > 1:
        raise CrimeImportError(
            display,
            f"has ward codes of more than one year ({', '.join(f'WD{y}CD' for y in wards)}); "
            "keep one",
            1,
        )
    year = wards[0]
    if f"wd{year}nm" not in names:
        raise CrimeImportError(display, f"missing column WD{year}NM (the ward names)", 1)
    districts = [i for i, n in enumerate(names) if DISTRICT_COLUMN.match(n)]
    return _Columns(
        year=int(year),
        lsoa=names.index("lsoa11cd"),
        ward=names.index(f"wd{year}cd"),
        ward_name=names.index(f"wd{year}nm"),
        district=districts[0] if districts else None,
    )


def read_ward_lookup(
    *,
    filename: str,
    data: bytes,
    area_codes: list[str],
    lsoas: Mapping[str, LsoaArea],
    area_name: str = "",
) -> WardLookupFile:
    """Check the file whole against the loaded geography; refuse it on any problem."""
    display = filename
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise CrimeImportError(display, "is not UTF-8 text (save it as CSV UTF-8)") from None
    reader = csv.reader(io.StringIO(text, newline=""))
    area = set(area_codes)
    where = area_name or ", ".join(area_codes)
    try:
        header = next(reader, None)
        if not header or not any(h.strip() for h in header):
            raise CrimeImportError(display, "the file is empty", 1)
        index = _header_index(display, header)
        year = f"20{index.year:02d}"
        result = WardLookupFile(
            source=filename, sha256=hashlib.sha256(data).hexdigest(), ward_year=year, rows_read=0
        )
        seen: dict[str, int] = {}
        names: dict[str, tuple[str, int]] = {}
        for row in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            result.rows_read += 1
            if result.rows_read > MAX_ROWS:
                raise CrimeImportError(display, f"has more than {MAX_ROWS:,} rows")
            if len(row) != len(header):
                raise CrimeImportError(
                    display, f"expected {len(header)} values, found {len(row)}", line
                )
            lsoa = row[index.lsoa].strip().upper()
            if not LSOA_CODE.match(lsoa):
                raise CrimeImportError(
                    display, f"LSOA11CD {lsoa or 'is blank'!s} is not an LSOA code", line
                )
            if lsoa in seen:
                raise CrimeImportError(
                    display,
                    f"LSOA {lsoa} appears twice (lines {seen[lsoa]} and {line}); a best-fit "
                    "lookup gives each LSOA one ward",
                    line,
                )
            seen[lsoa] = line
            known = lsoas.get(lsoa)
            district_col = index.district
            district = row[district_col].strip().upper() if district_col is not None else ""
            if known is None:
                if district in area:
                    raise CrimeImportError(
                        display,
                        f"LSOA {lsoa} is placed in {district} but is not an LSOA of {where} in "
                        "the loaded geography",
                        line,
                    )
                result.skipped += 1
                continue
            if known.la_code not in area:
                result.skipped += 1
                continue
            ward = row[index.ward].strip().upper()
            ward_name = row[index.ward_name].strip()
            if not WARD_CODE.match(ward):
                raise CrimeImportError(
                    display,
                    f"WD{index.year:02d}CD {ward or 'is blank'!s} is not a ward code "
                    "(like E05001234)",
                    line,
                )
            if not ward_name:
                raise CrimeImportError(display, f"the name of ward {ward} is blank", line)
            if len(ward_name) > 200:
                raise CrimeImportError(display, f"the name of ward {ward} is too long", line)
            if ward in names and names[ward][0] != ward_name:
                first, first_line = names[ward]
                raise CrimeImportError(
                    display,
                    f"ward {ward} is named {ward_name!r} here but {first!r} on line {first_line}",
                    line,
                )
            names.setdefault(ward, (ward_name, line))
            result.rows.append(WardRow(lsoa, ward, ward_name, line))
    except csv.Error as exc:
        raise CrimeImportError(display, str(exc), reader.line_num) from None
    area_lsoas = sorted(code for code, a in lsoas.items() if a.la_code in area)
    if not result.rows:
        raise CrimeImportError(display, f"gives a ward to none of the LSOAs of {where}")
    missing = [code for code in area_lsoas if code not in seen]
    if missing:
        shown = ", ".join(missing[:5]) + (", …" if len(missing) > 5 else "")
        raise CrimeImportError(
            display,
            f"gives no ward to {len(missing):,} of the {len(area_lsoas):,} LSOAs of {where} "
            f"({shown}); a best-fit lookup gives every LSOA a ward",
        )
    return result
