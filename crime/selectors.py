"""Reads from the crime store: the only module that holds crime SQL.

Every function opens a short-lived in-memory DuckDB connection over the store's Parquet files
and returns plain dataclasses. An area is a list of local authority codes; a crime counts in an
area when its LSOA lies in one of them, whichever force's file it came from.
"""

from __future__ import annotations

import dataclasses
import hashlib
import math
import statistics
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from django.core.cache import cache
from django.db.models import Q

from crime.formats import ASB, CATEGORIES, FORCES, SYNTHETIC_REPORTED_BY, Dataset, Partition
from crime.models import CrimeImport, ImportedFile, LsoaWard, PoliceUkUpdate, WardLookup
from crime.store import Store, StoredPartition, default_store

if TYPE_CHECKING:
    import duckdb

# A force-month with fewer rows than this share of the force's median month is flagged as
# implausibly low (for example Greater Manchester from July 2019, when its feed broke).
LOW_MONTH_RATIO = 0.5


@dataclass(frozen=True)
class AreaCount:
    """Crimes of one type in one area and month."""

    area: str
    month: str
    crime_type: str
    count: int


@dataclass(frozen=True)
class PlaceCount:
    """Crimes of one type in one LSOA or MSOA and month."""

    code: str
    name: str
    month: str
    crime_type: str
    count: int


@dataclass(frozen=True)
class AreaRate:
    """Crimes of one type in an area over a period, per 1,000 residents."""

    area: str
    crime_type: str
    count: int
    population: int
    rate_per_1000: float


@dataclass(frozen=True)
class ForceMonth:
    """One force's street data for a month: rows, unallocated rows and a coverage flag."""

    force: str
    month: str
    rows: int
    unallocated: int
    status: str  # "ok", "missing" or "low"

    @property
    def unallocated_share(self) -> float | None:
        """Share of rows with no location, or None for a missing month."""
        return self.unallocated / self.rows if self.rows else None


@dataclass(frozen=True)
class PartitionQuality:
    """Quality counts for one stored street partition, measured against the geography."""

    force: str
    month: str
    source: str
    rows: int
    unallocated: int
    asb_without_crime_id: int
    crimes_without_crime_id: int
    unknown_crime_types: int
    legacy_categories_mapped: int
    unknown_lsoas: int
    outside_force_area: int


# The counts the Crime data page and the quality flags need, recorded once per street partition
# at import (crime.ingest writes them; the selectors read these instead of scanning the rows on every view). About a
# third of a partition's rows: one row per LSOA, category and category as written.
SUMMARY_SQL = f"""
    SELECT force, month, lsoa_code, crime_type, crime_type_original, count(*) AS n,
        count(*) FILTER (lsoa_code IS NULL OR location = 'No Location') AS unallocated,
        count(*) FILTER (crime_id IS NULL) AS without_crime_id,
        count(*) FILTER (reported_by = '{SYNTHETIC_REPORTED_BY.replace("'", "''")}') AS synthetic
    FROM read_parquet({{source}})
    GROUP BY ALL
    ORDER BY ALL
"""  # noqa: S608


def _sql_list(values: list[str]) -> str:
    return "[" + ", ".join("'" + v.replace("'", "''") + "'" for v in values) + "]"


def _one(con: duckdb.DuckDBPyConnection, sql: str, parameters: object = None) -> tuple:
    """The single row an aggregate query returns."""
    row = con.execute(sql, parameters).fetchone()
    if row is None:
        raise LookupError("an aggregate query returned no row")
    return row


_database: duckdb.DuckDBPyConnection | None = None
_database_lock = threading.Lock()


def _connect() -> duckdb.DuckDBPyConnection:
    """A cursor on one shared in-memory DuckDB; opening a database costs more than a query."""
    # Imported here, not at the top: DuckDB costs a web worker ~40 MB and most pages never query
    # the store.
    import duckdb

    global _database
    with _database_lock:
        if _database is None:
            _database = duckdb.connect(config={"threads": 2})
        cursor = _database.cursor()
    cursor.execute("SET enable_progress_bar = false")
    return cursor


@dataclass(frozen=True)
class _Indexed:
    """A stored street partition and the summary its import recorded (None for older stores)."""

    stored: StoredPartition
    summary: str | None

    @property
    def force(self) -> str:
        return self.stored.partition.force

    @property
    def month(self) -> str:
        return self.stored.partition.month


def _cached(store: Store, name: str, build, *key):
    """``build()``, computed once per state of the store (until the next import) and cached.

    The key is the store's fingerprint (``Store.state``): the generation every import and
    geography load writes, and the modification times of the folders partitions move into.
    """
    cache_key = (
        "crime:"
        + hashlib.sha256(repr((str(store.root), store.state(), name, key)).encode()).hexdigest()
    )
    value = cache.get(cache_key)
    if value is None:
        value = build()
        cache.set(cache_key, value, timeout=None)
    return value


def _street_index(store: Store) -> list[_Indexed]:
    """Every street partition with its provenance, listed once per store state.

    From the index the last import recorded when it describes the store as it is; else (a
    store written before indexes, or an import killed before writing it) from the footers.
    """

    def build() -> list[_Indexed]:
        recorded = store.read_index()
        if recorded is not None:
            return [_indexed_from_record(store, r) for r in recorded["street"]]
        entries = []
        for stored in store.partitions(Dataset.STREET):
            summary = store.summary_path(stored.partition, stored.sha256)
            entries.append(_Indexed(stored, str(summary) if summary.exists() else None))
        return entries

    return _cached(store, "street-index", build)


def _indexed_from_record(store: Store, record: dict) -> _Indexed:
    partition = Partition(Dataset.STREET, record["force"], record["month"])
    stored = StoredPartition(
        partition, store.partition_path(partition), record["source"], record["sha256"],
        record["rows"],
    )  # fmt: skip
    summary = store.summary_path(partition, record["sha256"]) if record["summary"] else None
    return _Indexed(stored, str(summary) if summary else None)


def street_index_record(
    store: Store, *, changed: dict[tuple[str, str], dict] | None, previous: dict | None
) -> None:
    """Write the street partitions' index with their counts (under the writer lock).

    ``changed`` maps (force, month) to the new provenance (source, sha256, rows) of the
    partitions an import just wrote; the other partitions keep what the previous index
    recorded. Without it (or with no valid previous index) every footer is read and every
    partition counted again, as after loading a new geography. ``previous`` is the index read
    before the import moved anything (``Store.read_index``).
    """
    previous = {(r["force"], r["month"]): r for r in (previous or {}).get("street", [])}
    if changed is None or not previous:
        records: list[dict[str, Any]] = [
            {"force": e.force, "month": e.month, "source": e.stored.source,
             "sha256": e.stored.sha256, "rows": e.stored.rows}
            for e in _footer_index(store)
        ]  # fmt: skip
        recount = {(r["force"], r["month"]) for r in records}
    else:
        present = {(p.parent.name, p.stem) for p in store.partition_files(Dataset.STREET)}
        records = []  # the same rows, built one by one
        for key in sorted(present):
            if key in changed:
                records.append({"force": key[0], "month": key[1], **changed[key]})
            elif key in previous:
                records.append(previous[key])
            else:  # not written by this import nor known before: read its footer
                partition = Partition(Dataset.STREET, *key)
                stored = store.describe(store.partition_path(partition), partition)
                records.append({"force": key[0], "month": key[1], "source": stored.source,
                                "sha256": stored.sha256, "rows": stored.rows})  # fmt: skip
        recount = {key for key in present if key in changed or key not in previous}
        recount |= {(r["force"], r["month"]) for r in records if "stats" not in r}
    for r in records:
        partition = Partition(Dataset.STREET, r["force"], r["month"])
        r["summary"] = store.summary_path(partition, r["sha256"]).exists()
    entries = [_indexed_from_record(store, r) for r in records]
    stats = _stats_query(store, [e for e in entries if (e.force, e.month) in recount])
    for r in records:
        key = (r["force"], r["month"])
        if key in recount:
            r["stats"] = list(dataclasses.astuple(stats[key])) if key in stats else None
    store.write_index({"street": records})


def _footer_index(store: Store) -> list[_Indexed]:
    return [_Indexed(stored, None) for stored in store.partitions(Dataset.STREET)]


def _summaries(
    store: Store,
    month_from: str | None = None,
    month_to: str | None = None,
    forces: list[str] | None = None,
) -> str | None:
    """The counts recorded at import for the selected street partitions, as one SQL relation."""
    return _summaries_of(
        [
            e
            for e in _street_index(store)
            if (not month_from or e.month >= month_from)
            and (not month_to or e.month <= month_to)
            and (forces is None or e.force in forces)
        ]
    )


def _summaries_of(selected: list[_Indexed]) -> str | None:
    """Columns: force, month, lsoa_code, crime_type, crime_type_original, n, unallocated,
    without_crime_id, synthetic. Partitions written before summaries existed are summarised
    from their rows by the same query the import uses."""
    if not selected:
        return None
    parts = []
    recorded = [e.summary for e in selected if e.summary]
    if recorded:
        parts.append(f"SELECT * FROM read_parquet({_sql_list(recorded)})")  # noqa: S608
    raw = [str(e.stored.path) for e in selected if not e.summary]
    if raw:
        parts.append(SUMMARY_SQL.format(source=_sql_list(raw)))
    return "(" + " UNION ALL ".join(f"({p})" for p in parts) + ")"


def _geography(store: Store) -> str:
    path = store.geography_path
    if not path.exists():
        raise LookupError("no geography loaded: run manage.py import_geography first")
    return f"read_parquet('{path}')"


def crime_counts_by_area(
    *,
    area_codes: list[str],
    month_from: str | None = None,
    month_to: str | None = None,
    store: Store | None = None,
) -> list[AreaCount]:
    """Street crimes per local authority, month and category (missing months are absent).

    Cached per state of the store (the open-data API reads it on every page of its list).
    """
    store = store or default_store()
    return _cached(
        store,
        "counts_by_area",
        lambda: _counts_by_area(store, area_codes, month_from, month_to),
        tuple(area_codes),
        month_from,
        month_to,
    )


def _counts_by_area(
    store: Store, area_codes: list[str], month_from: str | None, month_to: str | None
) -> list[AreaCount]:
    street = _summaries(store, month_from, month_to)
    if street is None or not area_codes:
        return []
    with _connect() as con:
        rows = con.execute(
            f"""
            SELECT g.la_code, c.month, c.crime_type, sum(c.n)::BIGINT
            FROM {street} c
            JOIN (
                SELECT lsoa_code, la_code FROM {_geography(store)}
                WHERE la_code IN (SELECT unnest($areas))
            ) g ON g.lsoa_code = c.lsoa_code
            GROUP BY ALL
            ORDER BY 1, 2, 3
            """,  # noqa: S608
            {"areas": area_codes},
        ).fetchall()
    return [AreaCount(*row) for row in rows]


def _place_counts(
    level: str,
    area_codes: list[str],
    month_from: str | None,
    month_to: str | None,
    store: Store | None,
) -> list[PlaceCount]:
    """Cached per state of the store: the sub-area pages read it on every view."""
    store = store or default_store()
    return _cached(
        store,
        f"{level}_counts",
        lambda: _place_counts_query(level, area_codes, month_from, month_to, store),
        tuple(area_codes),
        month_from,
        month_to,
    )


def _place_counts_query(
    level: str, area_codes: list[str], month_from: str | None, month_to: str | None, store: Store
) -> list[PlaceCount]:
    street = _summaries(store, month_from, month_to)
    if street is None or not area_codes:
        return []
    with _connect() as con:
        rows = con.execute(
            f"""
            SELECT g.{level}_code, any_value(g.{level}_name), c.month, c.crime_type,
                   sum(c.n)::BIGINT
            FROM {street} c
            JOIN (
                SELECT * FROM {_geography(store)} WHERE la_code IN (SELECT unnest($areas))
            ) g ON g.lsoa_code = c.lsoa_code
            GROUP BY g.{level}_code, c.month, c.crime_type
            ORDER BY 1, 3, 4
            """,  # noqa: S608
            {"areas": area_codes},
        ).fetchall()
    return [PlaceCount(*row) for row in rows]


def crime_counts_by_lsoa(
    *,
    area_codes: list[str],
    month_from: str | None = None,
    month_to: str | None = None,
    store: Store | None = None,
) -> list[PlaceCount]:
    """Street crimes per LSOA in the area, month and category."""
    return _place_counts("lsoa", area_codes, month_from, month_to, store)


def crime_counts_by_msoa(
    *,
    area_codes: list[str],
    month_from: str | None = None,
    month_to: str | None = None,
    store: Store | None = None,
) -> list[PlaceCount]:
    """Street crimes per MSOA in the area, month and category."""
    return _place_counts("msoa", area_codes, month_from, month_to, store)


def area_population(*, area_codes: list[str], store: Store | None = None) -> int:
    """Resident population of the area, summed over its LSOAs."""
    store = store or default_store()
    with _connect() as con:
        (total,) = _one(
            con,
            f"SELECT coalesce(sum(population), 0) FROM {_geography(store)} "  # noqa: S608
            "WHERE la_code IN (SELECT unnest($areas))",
            {"areas": area_codes},
        )
    return int(total)


def crime_rates_by_area(
    *,
    area_codes: list[str],
    month_from: str | None = None,
    month_to: str | None = None,
    store: Store | None = None,
) -> list[AreaRate]:
    """Street crimes per category over the period, per 1,000 residents of the whole area."""
    store = store or default_store()
    population = area_population(area_codes=area_codes, store=store)
    totals: dict[str, int] = {}
    for row in crime_counts_by_area(
        area_codes=area_codes, month_from=month_from, month_to=month_to, store=store
    ):
        totals[row.crime_type] = totals.get(row.crime_type, 0) + row.count
    area = ",".join(area_codes)
    return [
        AreaRate(
            area, crime_type, count, population, count / population * 1000 if population else 0
        )
        for crime_type, count in sorted(totals.items())
    ]


def forces_for_area(*, area_codes: list[str], store: Store | None = None) -> list[str]:
    """Forces that police the area according to the geography, else those with rows in it."""
    store = store or default_store()
    with _connect() as con:
        forces = [
            r[0]
            for r in con.execute(
                f"SELECT DISTINCT force FROM {_geography(store)} "  # noqa: S608
                "WHERE la_code IN (SELECT unnest($areas)) AND force IS NOT NULL ORDER BY 1",
                {"areas": area_codes},
            ).fetchall()
        ]
        if forces:
            return forces
        street = _summaries(store)
        if street is None:
            return []
        return [
            r[0]
            for r in con.execute(
                f"""
                SELECT DISTINCT c.force FROM {street} c
                JOIN {_geography(store)} g ON g.lsoa_code = c.lsoa_code
                WHERE g.la_code IN (SELECT unnest($areas)) ORDER BY 1
                """,  # noqa: S608
                {"areas": area_codes},
            ).fetchall()
        ]


def _months_between(first: str, last: str) -> list[str]:
    year, month = int(first[:4]), int(first[5:7])
    months = []
    while f"{year:04d}-{month:02d}" <= last:
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


@dataclass(frozen=True)
class _PartitionStats:
    """One street partition's counts, from its recorded summary and today's geography."""

    rows: int
    unallocated: int
    asb_without_crime_id: int
    crimes_without_crime_id: int
    unknown_crime_types: int
    legacy_categories_mapped: int
    unknown_lsoas: int
    outside_force_area: int
    synthetic: int


def _stats_query(store: Store, entries: list[_Indexed]) -> dict[tuple[str, str], _PartitionStats]:
    """Count each partition's quality flags from its summary and today's geography."""
    street = _summaries_of(entries)
    if street is None:
        return {}
    known = _sql_list(list(CATEGORIES))
    geography = (
        _geography(store)
        if store.geography_path.exists()
        else "(SELECT NULL::VARCHAR AS lsoa_code, NULL::VARCHAR AS force WHERE false)"
    )
    with _connect() as con:
        con.execute(f"CREATE TEMP TABLE geo AS SELECT lsoa_code, force FROM {geography}")  # noqa: S608
        rows = con.execute(
            f"""
            SELECT c.force, c.month, sum(c.n), sum(c.unallocated),
                coalesce(sum(c.without_crime_id) FILTER (c.crime_type = '{ASB}'), 0),
                coalesce(sum(c.without_crime_id) FILTER (c.crime_type <> '{ASB}'), 0),
                coalesce(sum(c.n) FILTER (NOT list_contains({known}, c.crime_type)), 0),
                coalesce(sum(c.n) FILTER (c.crime_type <> c.crime_type_original), 0),
                coalesce(sum(c.n) FILTER (
                    c.lsoa_code IS NOT NULL AND g.lsoa_code IS NULL), 0),
                coalesce(sum(c.n) FILTER (
                    g.lsoa_code IS NOT NULL AND g.force IS DISTINCT FROM c.force
                    AND c.force IN (SELECT force FROM geo WHERE force IS NOT NULL)
                ), 0),
                sum(c.synthetic)
            FROM {street} c
            LEFT JOIN geo g ON g.lsoa_code = c.lsoa_code
            GROUP BY c.force, c.month
            """  # noqa: S608
        ).fetchall()
    return {(r[0], r[1]): _PartitionStats(*(int(v) for v in r[2:])) for r in rows}


def _partition_stats(store: Store) -> dict[tuple[str, str], _PartitionStats]:
    """Every street partition's counts by (force, month): as the import recorded them, or
    counted once per store state when no index describes the store."""

    def build() -> dict[tuple[str, str], _PartitionStats]:
        recorded = store.read_index()
        if recorded is not None and all(r.get("stats") for r in recorded["street"]):
            return {
                (r["force"], r["month"]): _PartitionStats(*r["stats"]) for r in recorded["street"]
            }
        return _stats_query(store, _street_index(store))

    return _cached(store, "partition-stats", build)


def force_months(
    *,
    forces: list[str],
    month_from: str | None = None,
    month_to: str | None = None,
    store: Store | None = None,
) -> list[ForceMonth]:
    """Each force's street rows per month, with missing and implausibly low months flagged.

    From the counts recorded at import, so no partition is scanned.
    """
    store = store or default_store()
    counts = {
        key: (stats.rows, stats.unallocated)
        for key, stats in _partition_stats(store).items()
        if key[0] in forces
        and (not month_from or key[1] >= month_from)
        and (not month_to or key[1] <= month_to)
    }
    if not counts and not (month_from and month_to):
        return []
    present = sorted(m for _, m in counts)
    first = month_from or present[0]
    last = month_to or present[-1]
    result = []
    for force in forces:
        sizes = [rows for (f, _), (rows, _) in counts.items() if f == force]
        median = statistics.median(sizes) if sizes else 0
        for month in _months_between(first, last):
            rows, unallocated = counts.get((force, month), (0, 0))
            if (force, month) not in counts:
                status = "missing"
            elif rows < LOW_MONTH_RATIO * median:
                status = "low"
            else:
                status = "ok"
            result.append(ForceMonth(force, month, rows, unallocated, status))
    return result


def flagged_force_months(*, forces: list[str], store: Store | None = None) -> list[ForceMonth]:
    """Missing or implausibly low months of each force, between its first and last month held.

    The same rule as ``force_months`` (under half the force's median month is "low"), from the
    Parquet footers' row counts as listed once per store state, so it costs no scan.
    """
    store = store or default_store()
    index = _street_index(store)
    flagged: list[ForceMonth] = []
    for force in forces:
        rows = {e.month: e.stored.rows for e in index if e.force == force}
        if not rows:
            continue
        median = statistics.median(rows.values())
        for month in _months_between(min(rows), max(rows)):
            if month not in rows:
                flagged.append(ForceMonth(force, month, 0, 0, "missing"))
            elif rows[month] < LOW_MONTH_RATIO * median:
                flagged.append(ForceMonth(force, month, rows[month], 0, "low"))
    return flagged


def area_months(*, area_codes: list[str], store: Store | None = None) -> list[str]:
    """Months for which the store holds street data from any force policing the area."""
    store = store or default_store()
    forces = forces_for_area(area_codes=area_codes, store=store)
    return sorted({e.month for e in _street_index(store) if not forces or e.force in forces})


def stored_partitions(*, store: Store | None = None) -> list[StoredPartition]:
    """Every partition in the store with the file it came from."""
    return (store or default_store()).partitions()


def partition_quality(
    *, forces: list[str] | None = None, store: Store | None = None
) -> list[PartitionQuality]:
    """Quality counts for each stored street partition, including LSOAs outside the force."""
    store = store or default_store()
    stats = _partition_stats(store)
    result = []
    for entry in sorted(_street_index(store), key=lambda e: (e.force, e.month)):
        if forces is not None and entry.force not in forces:
            continue
        s = stats.get((entry.force, entry.month))
        if s is None:
            continue
        result.append(
            PartitionQuality(
                entry.force,
                entry.month,
                entry.stored.source,
                s.rows,
                s.unallocated,
                s.asb_without_crime_id,
                s.crimes_without_crime_id,
                s.unknown_crime_types,
                s.legacy_categories_mapped,
                s.unknown_lsoas,
                s.outside_force_area,
            )
        )
    return result


@dataclass(frozen=True)
class LocalAuthority:
    """A local authority in the geography, with its force and resident population."""

    code: str
    name: str
    force: str | None
    population: int
    lsoas: int


def local_authorities(*, area_codes: list[str], store: Store | None = None) -> list[LocalAuthority]:
    """The area's local authorities as the geography knows them (unknown codes are absent)."""
    store = store or default_store()
    if not store.geography_path.exists() or not area_codes:
        return []
    with _connect() as con:
        rows = con.execute(
            f"""
            SELECT la_code, any_value(la_name), any_value(force) FILTER (force IS NOT NULL),
                   coalesce(sum(population), 0), count(*)
            FROM {_geography(store)}
            WHERE la_code IN (SELECT unnest($areas))
            GROUP BY la_code ORDER BY la_code
            """,  # noqa: S608
            {"areas": area_codes},
        ).fetchall()
    return [LocalAuthority(*row) for row in rows]


@dataclass
class CategoryRow:
    """One category's counts across the months shown, with its total and rate."""

    crime_type: str
    counts: list[int]
    total: int
    rate_per_1000: float | None


@dataclass
class AreaOverview:
    """Everything the "Crime data" page shows for a partnership's area."""

    authorities: list[LocalAuthority]
    unknown_codes: list[str]
    population: int
    months_covered: list[str]
    months_shown: list[str]
    rows: list[CategoryRow]
    month_totals: list[int]
    force_months: list[ForceMonth]
    quality: list[PartitionQuality]
    demonstration_months: list[str] = field(default_factory=list)

    @property
    def demonstration(self) -> bool:
        """Whether any month shown is synthetic demonstration data, not police.uk data."""
        return bool(self.demonstration_months)

    @property
    def flagged_months(self) -> list[ForceMonth]:
        """Force-months that are missing or implausibly low: gaps, never zeros."""
        return [m for m in self.force_months if m.status != "ok"]

    @property
    def month_flags(self) -> dict[str, str]:
        """For each flagged month shown, the worst flag of any force policing the area."""
        flags: dict[str, str] = {}
        for m in self.flagged_months:
            if flags.get(m.month) != "missing":
                flags[m.month] = m.status
        return flags


def crime_area_overview(
    *, area_codes: list[str], months_shown: int = 12, store: Store | None = None
) -> AreaOverview:
    """The area's months covered, counts by category and month, and quality flags.

    Built from the counts recorded at import and cached until the store next changes.
    """
    store = store or default_store()
    return _cached(
        store,
        "area-overview",
        lambda: _area_overview(area_codes, months_shown, store),
        tuple(area_codes),
        months_shown,
    )


def _area_overview(area_codes: list[str], months_shown: int, store: Store) -> AreaOverview:
    authorities = local_authorities(area_codes=area_codes, store=store)
    known = {a.code for a in authorities}
    population = sum(a.population for a in authorities)
    covered = area_months(area_codes=area_codes, store=store) if authorities else []
    shown = covered[-months_shown:]
    rows: list[CategoryRow] = []
    totals: list[int] = []
    flags: list[ForceMonth] = []
    quality: list[PartitionQuality] = []
    if shown:
        counts = crime_counts_by_area(
            area_codes=area_codes, month_from=shown[0], month_to=shown[-1], store=store
        )
        table: dict[tuple[str, str], int] = {}
        for row in counts:
            key = (row.crime_type, row.month)
            table[key] = table.get(key, 0) + row.count
        forces = forces_for_area(area_codes=area_codes, store=store)
        flags = force_months(
            forces=forces, month_from=covered[0], month_to=covered[-1], store=store
        )
        categories = list(CATEGORIES) + sorted({t for t, _ in table} - set(CATEGORIES))
        for crime_type in categories:
            values = [table.get((crime_type, month), 0) for month in shown]
            total = sum(values)
            rate = total / population * 1000 if population else None
            rows.append(CategoryRow(crime_type, values, total, rate))
        totals = [sum(table.get((t, month), 0) for t in categories) for month in shown]
        quality = partition_quality(forces=forces, store=store)
        demonstration = synthetic_months(
            forces=forces, month_from=shown[0], month_to=shown[-1], store=store
        )
    return AreaOverview(
        authorities=authorities,
        unknown_codes=[c for c in area_codes if c not in known],
        population=population,
        months_covered=covered,
        months_shown=shown,
        rows=rows,
        month_totals=totals,
        force_months=flags,
        quality=quality,
        demonstration_months=demonstration if shown else [],
    )


def synthetic_months(
    *,
    forces: list[str],
    month_from: str | None = None,
    month_to: str | None = None,
    store: Store | None = None,
) -> list[str]:
    """Months whose street data for the forces are synthetic demonstration data."""
    store = store or default_store()
    return sorted(
        {
            month
            for (force, month), stats in _partition_stats(store).items()
            if stats.synthetic
            and (not forces or force in forces)
            and (not month_from or month >= month_from)
            and (not month_to or month <= month_to)
        }
    )


def real_months(*, forces: list[str], store: Store | None = None) -> list[str]:
    """Months whose street data for the forces hold rows that are not synthetic demonstration
    data (real police.uk files)."""
    store = store or default_store()
    return sorted(
        {
            month
            for (force, month), stats in _partition_stats(store).items()
            if stats.rows > stats.synthetic and (not forces or force in forces)
        }
    )


def crime_imports_recent(*, partnership, limit: int = 50):
    """The partnership's latest import runs, and the instance's own (command line, demo).

    Another partnership's imports are never listed: their uploaders and file names are theirs.
    """
    return CrimeImport.objects.filter(
        Q(partnership=partnership) | Q(partnership__isnull=True)
    ).select_related("requested_by", "partnership")[:limit]


def imported_files_recent(*, partnership, limit: int = 300):
    """The latest files the partnership's (or the instance's) imports wrote to the store."""
    return ImportedFile.objects.filter(
        Q(crime_import__partnership=partnership) | Q(crime_import__partnership__isnull=True)
    ).select_related("crime_import")[:limit]


def force_name(force: str) -> str:
    """A force's display name."""
    return FORCES.get(force, force)


def store_path(*, store: Store | None = None) -> Path:
    """Where the store lives, for messages."""
    return (store or default_store()).root


def police_uk_updates_recent(*, partnership, limit: int = 12):
    """The latest monthly police.uk updates that covered the partnership's forces."""
    return PoliceUkUpdate.objects.filter(partnerships=partnership)[:limit]


@dataclass(frozen=True)
class LsoaArea:
    """One LSOA of the loaded geography: its local authority and population."""

    lsoa_code: str
    la_code: str
    population: int


def lsoa_lookup(*, store: Store | None = None) -> dict[str, LsoaArea]:
    """Every LSOA of the loaded geography (LookupError when none is loaded), once per store state."""
    store = store or default_store()
    geography = _geography(store)

    def build() -> dict[str, LsoaArea]:
        with _connect() as con:
            sql = "SELECT lsoa_code, coalesce(la_code, ''), coalesce(population, 0)::BIGINT FROM "
            rows = con.execute(sql + geography).fetchall()
        return {r[0]: LsoaArea(r[0], r[1], int(r[2])) for r in rows}

    return _cached(store, "lsoa_lookup", build)


@dataclass(frozen=True)
class LsoaPlace:
    """One LSOA of an area with its MSOA and resident population (2011 census)."""

    lsoa_code: str
    lsoa_name: str
    msoa_code: str
    msoa_name: str
    population: int


def area_lsoas(*, area_codes: list[str], store: Store | None = None) -> list[LsoaPlace]:
    """The area's LSOAs with their MSOA and population ([] when no geography is loaded)."""
    store = store or default_store()
    if not store.geography_path.exists() or not area_codes:
        return []

    def build() -> list[LsoaPlace]:
        with _connect() as con:
            rows = con.execute(
                f"""
                SELECT lsoa_code, coalesce(lsoa_name, lsoa_code), coalesce(msoa_code, ''),
                       coalesce(msoa_name, msoa_code, ''), coalesce(population, 0)::BIGINT
                FROM {_geography(store)} WHERE la_code IN (SELECT unnest($areas))
                ORDER BY lsoa_code
                """,  # noqa: S608
                {"areas": area_codes},
            ).fetchall()
        return [LsoaPlace(*row) for row in rows]

    return _cached(store, "area_lsoas", build, tuple(area_codes))


def ward_lookup_current(*, partnership) -> WardLookup | None:
    """The partnership's current LSOA → ward lookup, or None when none is loaded."""
    return (
        WardLookup.objects.filter(partnership=partnership, replaced_at__isnull=True)
        .select_related("loaded_by")
        .first()
    )


def ward_lookups_recent(*, partnership, limit: int = 10):
    """The partnership's ward lookups, current first, then those it replaced."""
    return WardLookup.objects.filter(partnership=partnership).order_by("-loaded_at", "-pk")[:limit]


def lsoa_wards(*, lookup: WardLookup) -> dict[str, tuple[str, str]]:
    """Each LSOA of the lookup with its ward's code and name."""
    return {
        lsoa: (code, name)
        for lsoa, code, name in LsoaWard.objects.filter(lookup=lookup).values_list(
            "lsoa_code", "ward_code", "ward_name"
        )
    }


# The assessments' extract ---------------------------------------------------------------------
# One scan of the street partitions of the months an assessment needs, into a small aggregate
# held by one DuckDB connection, answering every question the strategic assessment and the
# exceptions report ask: the area's monthly counts, each local authority's counts per period (for
# peers), MSOA counts, unallocated rows per force and the burglary snap points for the
# repeat-location proxy.

# DuckDB threads for one extract: enough to scan a few million rows well inside a second.
EXTRACT_THREADS = 4


class MonthSpan(Protocol):
    """A run of whole months, first and last inclusive (assessments' ``Period``)."""

    @property
    def first(self) -> str: ...

    @property
    def last(self) -> str: ...

    @property
    def months(self) -> list[str]: ...


@dataclass(frozen=True)
class PeriodCount:
    """Crimes of one category in one local authority during the current or baseline period."""

    la_code: str
    period: str  # "current" or "baseline"
    category: str
    count: int


@dataclass(frozen=True)
class MonthCount:
    """Crimes of one category in the assessed area in one month."""

    month: str
    category: str
    count: int


@dataclass(frozen=True)
class SubAreaCount:
    """Crimes of one category in one MSOA of the area, in each period."""

    code: str
    name: str
    population: int
    category: str
    current: int
    baseline: int


@dataclass(frozen=True)
class Unallocated:
    """Rows of one category in the area's forces' files during the current period."""

    category: str
    rows: int
    unallocated: int


@dataclass(frozen=True)
class SnapPointHits:
    """Burglaries at one police.uk snap point in one month (the repeat-location proxy's input)."""

    key: str
    month: str
    count: int


@dataclass
class AreaExtract:
    """Everything a strategic assessment or exceptions report reads from the crime store."""

    area_codes: list[str]
    area_name: str
    population: int
    local_authorities: dict[str, LocalAuthority]
    forces: list[str]
    months_held: list[str]  # months with street data from the area's forces
    monthly: list[MonthCount] = field(default_factory=list)
    period_counts: list[PeriodCount] = field(default_factory=list)
    sub_areas: list[SubAreaCount] = field(default_factory=list)
    sub_area_populations: dict[str, tuple[str, int]] = field(default_factory=dict)
    unallocated: list[Unallocated] = field(default_factory=list)
    burglary_points: list[SnapPointHits] = field(default_factory=list)
    partitions: list[StoredPartition] = field(default_factory=list)
    geography_sha256: str = ""
    peer_forces_complete: list[str] = field(default_factory=list)
    synthetic: bool = False  # the area's rows include synthetic demonstration data


def _file_sha256(path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def area_extract(
    *,
    area_codes: list[str],
    current: MonthSpan,
    baseline: MonthSpan,
    history_from: str | None = None,
    store: Store | None = None,
) -> AreaExtract:
    """Read every crime figure an assessment of the area over these periods needs, in one scan."""
    store = store or default_store()
    if not store.geography_path.exists():
        raise LookupError("no geography loaded: run manage.py import_geography first")
    geo = f"read_parquet('{store.geography_path}')"
    first = min(history_from or baseline.first, baseline.first, current.first)
    last = max(current.last, baseline.last)
    files = store.partition_files(Dataset.STREET, month_from=first, month_to=last)
    areas = _sql_list(area_codes)
    import duckdb  # here, not at the top: web workers serving other pages never load it

    with duckdb.connect(config={"threads": EXTRACT_THREADS}) as con:
        con.execute(f"CREATE TEMP TABLE geo AS SELECT * FROM {geo}")  # noqa: S608
        las = {
            row[0]: LocalAuthority(*row)
            for row in con.execute(
                "SELECT la_code, any_value(la_name), any_value(force) FILTER (force IS NOT NULL), "
                "coalesce(sum(population), 0)::BIGINT, count(*) FROM geo GROUP BY la_code"
            ).fetchall()
        }
        unknown = [c for c in area_codes if c not in las]
        if unknown:
            raise LookupError(f"local authority codes not in the geography: {', '.join(unknown)}")
        forces = [
            r[0]
            for r in con.execute(
                f"SELECT DISTINCT force FROM geo WHERE la_code IN (SELECT unnest({areas})) "  # noqa: S608
                "AND force IS NOT NULL ORDER BY 1"
            ).fetchall()
        ]
        data = AreaExtract(
            area_codes=list(area_codes),
            area_name=", ".join(las[c].name for c in area_codes),
            population=sum(las[c].population for c in area_codes),
            local_authorities=las,
            forces=forces,
            months_held=sorted(
                {p.stem for p in store.partition_files(Dataset.STREET, forces=forces or None)}
            ),
            geography_sha256=_file_sha256(store.geography_path),
        )
        data.partitions = [store.describe(path, _partition_of(path)) for path in files]
        if not files:
            return data
        con.execute(
            f"""
            CREATE TEMP TABLE agg AS
            SELECT force, lsoa_code, month, crime_type,
                   (lsoa_code IS NULL OR location = 'No Location') AS unallocated,
                   count(*)::BIGINT AS n
            FROM read_parquet({_sql_list([str(f) for f in files])})
            GROUP BY ALL
            """  # noqa: S608
        )
        con.execute(
            f"""
            CREATE TEMP TABLE located AS
            SELECT a.month, a.crime_type, a.n, g.la_code, g.msoa_code,
                   g.la_code IN (SELECT unnest({areas})) AS in_area,
                   CASE WHEN a.month BETWEEN '{current.first}' AND '{current.last}' THEN 'current'
                        WHEN a.month BETWEEN '{baseline.first}' AND '{baseline.last}'
                        THEN 'baseline' END AS period
            FROM agg a JOIN geo g ON g.lsoa_code = a.lsoa_code
            """  # noqa: S608
        )
        data.monthly = [
            MonthCount(*row)
            for row in con.execute(
                "SELECT month, crime_type, sum(n)::BIGINT FROM located WHERE in_area "
                "GROUP BY ALL ORDER BY 1, 2"
            ).fetchall()
        ]
        data.period_counts = [
            PeriodCount(*row)
            for row in con.execute(
                "SELECT la_code, period, crime_type, sum(n)::BIGINT FROM located "
                "WHERE period IS NOT NULL GROUP BY ALL ORDER BY 1, 2, 3"
            ).fetchall()
        ]
        data.sub_area_populations = {
            row[0]: (row[1], int(row[2]))
            for row in con.execute(
                f"SELECT msoa_code, any_value(msoa_name), coalesce(sum(population), 0) "  # noqa: S608
                f"FROM geo WHERE la_code IN (SELECT unnest({areas})) GROUP BY msoa_code"
            ).fetchall()
        }
        sub_counts = con.execute(
            "SELECT msoa_code, crime_type, "
            "coalesce(sum(n) FILTER (period = 'current'), 0)::BIGINT, "
            "coalesce(sum(n) FILTER (period = 'baseline'), 0)::BIGINT "
            "FROM located WHERE in_area AND period IS NOT NULL GROUP BY ALL ORDER BY 1, 2"
        ).fetchall()
        data.sub_areas = []
        for code, cat, cur, base in sub_counts:
            name, population = data.sub_area_populations.get(code, (code, 0))
            data.sub_areas.append(SubAreaCount(code, name, population, cat, cur, base))
        if forces:
            data.unallocated = [
                Unallocated(*row)
                for row in con.execute(
                    f"""
                    SELECT crime_type, sum(n)::BIGINT, coalesce(sum(n) FILTER (unallocated), 0)::BIGINT
                    FROM agg WHERE force IN (SELECT unnest({_sql_list(forces)}))
                      AND month BETWEEN '{current.first}' AND '{current.last}'
                    GROUP BY 1 ORDER BY 1
                    """  # noqa: S608
                ).fetchall()
            ]
        (synthetic,) = _one(
            con,
            f"""
            SELECT count(*) FROM read_parquet({_sql_list([str(f) for f in files])}) c
            WHERE c.reported_by = ? AND c.lsoa_code IN (
                SELECT lsoa_code FROM geo WHERE la_code IN (SELECT unnest({areas})))
            """,  # noqa: S608
            [SYNTHETIC_REPORTED_BY],
        )
        data.synthetic = synthetic > 0
        held = con.execute("SELECT DISTINCT force, month FROM agg").fetchall()
        needed = set(current.months) | set(baseline.months)
        by_force: dict[str, set[str]] = {}
        for force, month in held:
            by_force.setdefault(force, set()).add(month)
        data.peer_forces_complete = sorted(f for f, m in by_force.items() if needed <= m)
        current_files = [str(f) for f in files if current.first <= f.stem <= current.last]
        if current_files:
            data.burglary_points = [
                SnapPointHits(*row)
                for row in con.execute(
                    f"""
                    SELECT concat_ws('|', c.lsoa_code, c.location, c.longitude, c.latitude),
                           c.month, count(*)::BIGINT
                    FROM read_parquet({_sql_list(current_files)}) c
                    WHERE c.crime_type = 'Burglary' AND c.lsoa_code IN (
                        SELECT lsoa_code FROM geo WHERE la_code IN (SELECT unnest({areas})))
                    GROUP BY ALL ORDER BY 1, 2
                    """  # noqa: S608
                ).fetchall()
            ]
    return data


def _partition_of(path: Path) -> Partition:
    return Partition(Dataset.STREET, path.parent.name, path.stem)


HOTSPOT_CELLS = 24  # the density grid's cells along its longer side


@dataclass
class Hotspots:
    """One category's incidents in the area as a density grid, with the area's outline.

    Points are police.uk's anonymised map points (each crime is snapped to one of a fixed set
    of points, never its exact place). The outline is the convex hull of every point of any
    category in the area's LSOAs over the same months: no boundary file is needed, but it is
    the outline of where crime was recorded, not the legal boundary.
    """

    crime_type: str
    months: list[str]
    total: int
    unplaced: int  # rows without a map point (police.uk's "No Location")
    bounds: tuple[float, float, float, float]  # west, south, east, north
    columns: int
    rows: int
    cells: list[tuple[int, int, int]]  # (column, row from the north, count), non-zero only
    hull: list[tuple[float, float]]  # (longitude, latitude), anticlockwise
    locations: list[tuple[str, int]]  # police.uk's "On or near …" and its count, top first


def _convex_hull(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Andrew's monotone chain: the hull's corners, anticlockwise, without repeats."""
    pts = sorted(set(points))
    if len(pts) <= 2:
        return pts

    def cross(o, a, b) -> float:
        return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])

    lower: list[tuple[float, float]] = []
    for p in pts:
        while len(lower) >= 2 and cross(lower[-2], lower[-1], p) <= 0:
            lower.pop()
        lower.append(p)
    upper: list[tuple[float, float]] = []
    for p in reversed(pts):
        while len(upper) >= 2 and cross(upper[-2], upper[-1], p) <= 0:
            upper.pop()
        upper.append(p)
    return lower[:-1] + upper[:-1]


def crime_hotspots(
    *,
    area_codes: list[str],
    crime_type: str,
    month_from: str,
    month_to: str,
    top: int = 10,
    store: Store | None = None,
) -> Hotspots:
    """Where one category's crimes were in the area over the months, from the street rows.

    One scan of the months' partitions (the summaries hold no points), cached until the store
    next changes, so the page costs a scan once per import rather than once per view.
    """
    store = store or default_store()
    return _cached(
        store,
        "hotspots",
        lambda: _hotspots(area_codes, crime_type, month_from, month_to, top, store),
        tuple(area_codes),
        crime_type,
        month_from,
        month_to,
        top,
    )


def _hotspots(
    area_codes: list[str],
    crime_type: str,
    month_from: str,
    month_to: str,
    top: int,
    store: Store,
) -> Hotspots:
    paths = [str(e.stored.path) for e in _street_index(store) if month_from <= e.month <= month_to]
    empty = Hotspots(crime_type, [], 0, 0, (0.0, 0.0, 0.0, 0.0), 0, 0, [], [], [])
    if not paths or not area_codes or not store.geography_path.exists():
        return empty
    with _connect() as con:
        con.execute(
            f"""
            CREATE TEMP TABLE pts AS
            SELECT c.month, c.crime_type, c.longitude AS lon, c.latitude AS lat, c.location
            FROM read_parquet({_sql_list(paths)}) c
            JOIN (
                SELECT lsoa_code FROM {_geography(store)} WHERE la_code IN (SELECT unnest($areas))
            ) g ON g.lsoa_code = c.lsoa_code
            WHERE c.month BETWEEN $first AND $last
            """,  # noqa: S608
            {"areas": area_codes, "first": month_from, "last": month_to},
        )
        outline = con.execute(
            "SELECT DISTINCT lon, lat FROM pts WHERE lon IS NOT NULL AND lat IS NOT NULL"
        ).fetchall()
        points = con.execute(
            "SELECT lon, lat, count(*) FROM pts WHERE crime_type = $t "
            "AND lon IS NOT NULL AND lat IS NOT NULL GROUP BY 1, 2",
            {"t": crime_type},
        ).fetchall()
        counted = con.execute(
            "SELECT count(*), count(*) FILTER (lon IS NULL OR lat IS NULL) FROM pts "
            "WHERE crime_type = $t",
            {"t": crime_type},
        ).fetchone()
        total, unplaced = counted if counted is not None else (0, 0)
        locations = con.execute(
            "SELECT location, count(*) FROM pts WHERE crime_type = $t AND location IS NOT NULL "
            "AND location <> 'No Location' GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT $top",
            {"t": crime_type, "top": top},
        ).fetchall()
        months = [r[0] for r in con.execute("SELECT DISTINCT month FROM pts ORDER BY 1").fetchall()]
    if not outline:
        return dataclasses.replace(
            empty, months=months, total=int(total), unplaced=int(unplaced), locations=locations
        )
    west, east = min(p[0] for p in outline), max(p[0] for p in outline)
    south, north = min(p[1] for p in outline), max(p[1] for p in outline)
    # Cells square on the ground: a degree of longitude is cos(latitude) of a degree of latitude.
    width = (east - west) * math.cos(math.radians((south + north) / 2)) or 1e-9
    height = (north - south) or 1e-9
    if width >= height:
        columns, rows = HOTSPOT_CELLS, max(1, round(HOTSPOT_CELLS * height / width))
    else:
        columns, rows = max(1, round(HOTSPOT_CELLS * width / height)), HOTSPOT_CELLS
    grid: dict[tuple[int, int], int] = {}
    for lon, lat, n in points:
        col = min(columns - 1, int((lon - west) / ((east - west) or 1e-9) * columns))
        row = min(rows - 1, int((north - lat) / height * rows))
        grid[(col, row)] = grid.get((col, row), 0) + int(n)
    return Hotspots(
        crime_type=crime_type,
        months=months,
        total=int(total),
        unplaced=int(unplaced),
        bounds=(west, south, east, north),
        columns=columns,
        rows=rows,
        cells=sorted((c, r, n) for (c, r), n in grid.items()),
        hull=_convex_hull([(float(a), float(b)) for a, b in outline]),
        locations=[(str(loc), int(n)) for loc, n in locations],
    )
