"""Small builders for police.uk-shaped files used across the crime tests."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from crime.formats import OUTCOMES, STOP_AND_SEARCH, STREET

STREET_HEADER = ",".join(STREET.headers)


def street_row(month: str = "2018-07", **overrides: str) -> list[str]:
    """One plausible street row, with fields overridden by stored column name."""
    values = {
        "crime_id": "abc123",
        "month": month,
        "reported_by": "West Yorkshire Police",
        "falls_within": "West Yorkshire Police",
        "longitude": "-1.548567",
        "latitude": "53.801277",
        "location": "On or near Park Row",
        "lsoa_code": "E01033010",
        "lsoa_name": "Leeds 111B",
        "crime_type_original": "Burglary",
        "last_outcome_category": "Under investigation",
        "context": "",
    }
    values.update(overrides)
    return [values[c.name] for c in STREET.columns]


def write_csv(path: Path, header: list[str], rows: list[list[str]], encoding="utf-8") -> Path:
    """Write rows under a header as a CSV file."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def write_street(path: Path, rows: list[list[str]]) -> Path:
    """Write a street file with the standard header."""
    return write_csv(path, STREET.headers, rows)


def outcome_rows(month: str = "2018-07") -> list[list[str]]:
    """Two outcome rows, one without a location."""
    base = [
        "id1",
        month,
        "West Yorkshire Police",
        "West Yorkshire Police",
        "-1.5",
        "53.8",
        "On or near Park Row",
        "E01033010",
        "Leeds 111B",
        "Offender given a caution",
    ]
    blank = [
        "id2",
        month,
        "West Yorkshire Police",
        "West Yorkshire Police",
        "",
        "",
        "No Location",
        "",
        "",
        "Court result unavailable",
    ]
    assert len(base) == len(OUTCOMES.columns)
    return [base, blank]


def stop_and_search_rows(month: str = "2018-07") -> list[list[str]]:
    """Two stop-and-search rows, one without a location."""
    base = [
        "Person search",
        f"{month}-01T00:10:00+00:00",
        "False",
        "",
        "53.8",
        "-1.5",
        "Male",
        "18-24",
        "White - English/Welsh/Scottish/Northern Irish/British",
        "White",
        "Misuse of Drugs Act 1971 (section 23)",
        "Controlled drugs",
        "A no further action disposal",
        "",
        "False",
    ]
    blank = list(base)
    blank[4] = blank[5] = ""
    assert len(base) == len(STOP_AND_SEARCH.columns)
    return [base, blank]


# A small LSOA → ward lookup in the ONS layout, for the real West Yorkshire test data -----------

WARD_HEADER = ["FID", "LSOA11CD", "LSOA11NM", "WD20CD", "WD20NM", "WD20NMW", "LAD20CD", "LAD20NM"]


def district_lsoas(lookup_csv: Path, la_code: str) -> list[tuple[str, str]]:
    """(code, name) of each LSOA of one local authority in crime-sim-toolkit's lookup."""
    with open(lookup_csv, encoding="utf-8-sig", newline="") as fh:
        rows = [r for r in csv.DictReader(fh) if r["Local authority code"] == la_code]
    return sorted((r["LSOA Code"], r["LSOA Name"]) for r in rows)


def made_up_ward_rows(
    lookup_csv: Path, la_code: str = "E08000033", la_name: str = "Calderdale", per_ward: int = 8
) -> list[list[str]]:
    """ONS-layout rows giving the authority's LSOAs, in code order, to made-up test wards of
    ``per_ward`` LSOAs each ("Test ward 01", E05099001, …): test data, not the real wards."""
    rows = []
    for i, (code, name) in enumerate(district_lsoas(lookup_csv, la_code)):
        ward = i // per_ward + 1
        rows.append(
            [str(i + 1), code, name, f"E05099{ward:03d}", f"Test ward {ward:02d}", "", la_code,
             la_name]
        )  # fmt: skip
    return rows
