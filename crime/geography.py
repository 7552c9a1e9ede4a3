"""Load the LSOA → MSOA → local authority → police force lookup, with population per LSOA.

Reads ONS-style CSVs (as shipped in crime-sim-toolkit: ``PoliceforceLSOA.csv`` and
``census_2011_population_hh.csv``) and writes one Parquet table to the crime store, replacing
the previous one in a single ``os.replace``. Population joins on the LSOA code; local authorities
are identified by their codes, never by force names, which are blank for some areas.
"""

from __future__ import annotations

import csv
import os
import re
from dataclasses import dataclass
from pathlib import Path

from crime.formats import FORCES
from crime.ingest import CrimeImportError
from crime.selectors import street_index_record
from crime.store import Store, fsync_dir

LOOKUP_COLUMNS = {
    "lsoa_code": "lsoa code",
    "lsoa_name": "lsoa name",
    "msoa_code": "msoa code",
    "msoa_name": "msoa name",
    "la_code": "local authority code",
    "la_name": "local authority name",
}
FORCE_COLUMN = "police force"
POPULATION_COLUMNS = {"lsoa_code": "lsoa code", "population": "persons"}
FORCE_BY_NAME = {name.lower(): slug for slug, name in FORCES.items()}


def geography_schema():
    """The geography table's columns (pyarrow is imported only by the loader: it costs ~30 MB)."""
    import pyarrow as pa

    return pa.schema(
        [
            ("lsoa_code", pa.string()),
            ("lsoa_name", pa.string()),
            ("msoa_code", pa.string()),
            ("msoa_name", pa.string()),
            ("la_code", pa.string()),
            ("la_name", pa.string()),
            ("force", pa.string()),
            ("population", pa.int64()),
        ]
    )


@dataclass(frozen=True)
class LocalAuthoritySummary:
    """One local authority as loaded: its name, force and resident population."""

    code: str
    name: str
    force: str | None
    population: int
    lsoas: int


@dataclass(frozen=True)
class GeographyResult:
    """What a geography load found."""

    lsoas: int
    msoas: int
    local_authorities: list[LocalAuthoritySummary]
    lsoas_without_population: int


def _normalise(header: str) -> str:
    return re.sub(r"[\s_]+", " ", header.strip().lower())


def _indexes(header: list[str], wanted: dict[str, str], display: str) -> dict[str, int]:
    """Map wanted fields to the first column whose header matches, or fail naming the missing."""
    normalised = [_normalise(h) for h in header]
    found = {}
    for field, name in wanted.items():
        if name not in normalised:
            raise CrimeImportError(display, f"missing column {name!r}", 1)
        found[field] = normalised.index(name)
    return found


def _open_csv(path: Path):
    try:
        return open(path, encoding="utf-8-sig", newline="")  # noqa: SIM115
    except OSError as exc:
        raise CrimeImportError(str(path), f"cannot be read: {exc}") from exc


def _read_lookup(path: Path) -> dict[str, dict[str, str | None]]:
    display = str(path)
    rows: dict[str, dict[str, str | None]] = {}
    with _open_csv(path) as fh:
        reader = csv.reader(fh)
        try:
            header = next(reader, None)
            if not header:
                raise CrimeImportError(display, "the file is empty", 1)
            index = _indexes(header, LOOKUP_COLUMNS, display)
            normalised = [_normalise(h) for h in header]
            force_index = next(
                (i for i, h in enumerate(normalised) if h in (FORCE_COLUMN, "police force")),
                None,
            )
            for row in reader:
                if not row or row == header:
                    continue
                if len(row) != len(header):
                    raise CrimeImportError(
                        display, f"expected {len(header)} fields, found {len(row)}", reader.line_num
                    )
                record: dict[str, str | None] = {f: row[i].strip() for f, i in index.items()}
                if not record["lsoa_code"] or not record["la_code"]:
                    raise CrimeImportError(
                        display, "blank LSOA or local authority code", reader.line_num
                    )
                force_name = row[force_index].strip() if force_index is not None else ""
                record["force"] = FORCE_BY_NAME.get(force_name.lower()) if force_name else None
                rows[record["lsoa_code"]] = record
        except UnicodeDecodeError as exc:
            raise CrimeImportError(display, "is not valid UTF-8", reader.line_num + 1) from exc
    if not rows:
        raise CrimeImportError(display, "holds no LSOA rows")
    return rows


def _read_population(path: Path) -> dict[str, int]:
    display = str(path)
    population: dict[str, int] = {}
    with _open_csv(path) as fh:
        reader = csv.reader(fh)
        try:
            header = next(reader, None)
            if not header:
                raise CrimeImportError(display, "the file is empty", 1)
            index = _indexes(header, POPULATION_COLUMNS, display)
            for row in reader:
                if not row or row == header:
                    continue
                code = row[index["lsoa_code"]].strip()
                text = row[index["population"]].strip().replace(",", "")
                if not text.isdigit():
                    raise CrimeImportError(
                        display,
                        f"population {row[index['population']]!r} is not a whole number",
                        reader.line_num,
                    )
                population[code] = int(text)
        except UnicodeDecodeError as exc:
            raise CrimeImportError(display, "is not valid UTF-8", reader.line_num + 1) from exc
    return population


def load_geography(*, lookup_csv: Path, population_csv: Path, store: Store) -> GeographyResult:
    """Read the lookup and population files and replace the store's geography table."""
    lookup = _read_lookup(Path(lookup_csv))
    population = _read_population(Path(population_csv))
    codes = sorted(lookup)
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = geography_schema()
    columns: dict[str, list] = {name: [] for name in schema.names}
    for code in codes:
        record = lookup[code]
        for name in ("lsoa_code", "lsoa_name", "msoa_code", "msoa_name", "la_code", "la_name"):
            columns[name].append(record[name])
        columns["force"].append(record["force"])
        columns["population"].append(population.get(code))
    table = pa.table(columns, schema=schema)
    final = store.geography_path
    with store.write_lock():
        final.parent.mkdir(parents=True, exist_ok=True)
        temp = store.temp_path_for(final)
        try:
            pq.write_table(table, temp)
            os.replace(temp, final)
        finally:
            temp.unlink(missing_ok=True)
        fsync_dir(final.parent)
        store.generation_bump()
        # Every partition's "outside the force" and "unknown LSOA" counts depend on the lookup.
        street_index_record(store, changed=None, previous=None)
    authorities: dict[str, dict] = {}
    for code in codes:
        record = lookup[code]
        entry = authorities.setdefault(
            str(record["la_code"]),
            {"name": record["la_name"], "forces": set(), "population": 0, "lsoas": 0},
        )
        if record["force"]:
            entry["forces"].add(record["force"])
        entry["population"] += population.get(code, 0)
        entry["lsoas"] += 1
    summaries = [
        LocalAuthoritySummary(
            code=la_code,
            name=entry["name"],
            force=sorted(entry["forces"])[0] if entry["forces"] else None,
            population=entry["population"],
            lsoas=entry["lsoas"],
        )
        for la_code, entry in sorted(authorities.items())
    ]
    return GeographyResult(
        lsoas=len(codes),
        msoas=len({lookup[c]["msoa_code"] for c in codes}),
        local_authorities=summaries,
        lsoas_without_population=sum(1 for c in codes if c not in population),
    )
