"""Import police.uk CSV files, zip archives and folders into the crime store.

Each CSV is read by DuckDB with an explicit schema (no sniffing) and checked in the same pass:
every row must have the right number of fields, valid UTF-8, the file name's month, and
coordinates that parse and fall inside the UK. A file is written to a temporary Parquet file
beside its partition; only when every file of the import has been written are they all moved
into place, so a failed import leaves the store exactly as it was. When DuckDB rejects a file,
a slower line-by-line pass finds the first bad line so the message can name it.
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import os
import re
import shutil
import threading
import zipfile
import zlib
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_EXCEPTION, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from crime.formats import (
    ASB,
    CATEGORIES,
    LATITUDE_RANGE,
    LEGACY_CATEGORIES,
    LONGITUDE_RANGE,
    SCHEMAS,
    Dataset,
    FileNameError,
    Partition,
    Schema,
    parse_file_name,
)
from crime.selectors import SUMMARY_SQL, street_index_record
from crime.store import META_SHA256, META_SOURCE, TEMP_SUFFIX, Store, fsync_dir

if TYPE_CHECKING:
    import duckdb

CHUNK = 1 << 20
NUMBER = re.compile(r"^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$")
# DuckDB's memory ceiling for the whole import; the CSV reader and Parquet writer stream.
MEMORY_LIMIT = "256MB"
# Dictionary-encoded but not compressed: about 1.5x the size of snappy, and the writer is the
# slowest step of an import (measured in bench/crime_import.py).
PARQUET_OPTIONS = "COMPRESSION uncompressed"

# Limits on archives, checked from the zip's directory BEFORE anything is extracted and again
# while streaming (a member may not write more than its directory entry says). police.uk's
# largest street file (the Met, one month) is about 30 MB and CSV compresses about 5-10 times,
# so these refuse zip bombs without refusing any real archive. See docs/crime-data.md.
MAX_MEMBER_BYTES = 1 << 30  # 1 GB for one CSV inside an archive
MAX_ARCHIVE_BYTES = 20 << 30  # 20 GB for everything inside one archive
MAX_COMPRESSION_RATIO = 100  # uncompressed / compressed, for members over 1 MB
MAX_MESSAGE = 1000  # characters of an error message kept and shown
# Control characters (C0 and DEL) are never in police.uk data; NUL breaks PostgreSQL text.
CONTROL = re.compile(r"[\x00-\x1f\x7f]")
CONTROL_SQL = r"'[\x00-\x1f\x7f]'"
# The same characters as bytes: these bytes are never part of a longer UTF-8 sequence, so a byte
# search while hashing is exact. Every byte but C0 and DEL: deleting these from a chunk leaves its
# control bytes (line feeds and carriage returns are then counted apart).
_NOT_CONTROL = bytes(b for b in range(256) if b >= 0x20 and b != 0x7F)


@dataclass
class _Scan:
    """What hashing saw: a control character, and how many line feeds and carriage returns."""

    control: bool = False
    line_feeds: int = 0
    carriage_returns: int = 0

    def add(self, chunk: bytes) -> None:
        # One C pass keeps only the control bytes (a line feed or two per row), then counts in
        # that: seven times faster than a regular-expression search and two counts over the
        # chunk, and it holds the GIL for less of the import.
        left = chunk.translate(None, _NOT_CONTROL)
        line_feeds, carriage_returns = left.count(b"\n"), left.count(b"\r")
        self.control = self.control or len(left) != line_feeds + carriage_returns
        self.line_feeds += line_feeds
        self.carriage_returns += carriage_returns

    def no_control_in_fields(self, rows: int) -> bool:
        """True when no field can hold a control character: none but CR/LF in the file, one
        line feed per row (and the header), and carriage returns only before line feeds."""
        return (
            not self.control
            and self.line_feeds in (rows, rows + 1)
            and self.carriage_returns in (0, self.line_feeds)
        )


class CrimeImportError(Exception):
    """A file that cannot be imported, with the file and (where known) the line at fault."""

    def __init__(self, source: str, message: str, line: int | None = None):
        self.source = source
        self.line = line
        self.message = message
        super().__init__(str(self))

    def __str__(self) -> str:
        where = f"{self.source} line {self.line}" if self.line else self.source
        return summarise(f"{where}: {self.message}")


def summarise(message: str, limit: int = MAX_MESSAGE) -> str:
    """A message cut to ``limit`` characters, saying how long it was (never a 262 KB message)."""
    if len(message) <= limit:
        return message
    return f"{message[: limit - 60].rstrip()}… (message shortened from {len(message):,} characters)"


class NeedsConfirmation(Exception):  # noqa: N818 - not an error: the user must decide
    """The files are good but replacing or adding them needs the user's explicit confirmation."""

    def __init__(self, checks: list[str]):
        self.checks = checks
        super().__init__("; ".join(checks))


@dataclass
class Quality:
    """Data-quality counts for one imported file."""

    unallocated: int = 0  # rows without an LSOA ("No Location" or blank)
    asb_without_crime_id: int = 0
    crimes_without_crime_id: int = 0  # non-ASB street rows, or outcome rows, without an ID
    unknown_crime_types: int = 0
    legacy_categories_mapped: int = 0


@dataclass
class FileResult:
    """What happened to one police.uk CSV file."""

    source: str
    sha256: str
    partition: Partition
    rows_read: int
    rows_kept: int
    status: str  # "imported", "replaced" or "unchanged"
    quality: Quality = field(default_factory=Quality)
    previous_rows: int | None = None  # rows of the partition this file replaces
    area_rows: int | None = None  # street rows in the importer's area, when one is given


@dataclass
class _Source:
    """One CSV to import: a file on disk or a member of a zip archive."""

    display: str
    partition: Partition
    path: Path | None = None
    archive: Path | None = None
    member: str | None = None


@dataclass
class _Staged:
    """A source written to its temporary Parquet file, waiting to be moved into place."""

    result: FileResult
    temp: Path | None
    summary_temp: Path | None = None  # street partitions: the counts recorded at import

    def remove_temps(self) -> None:
        for path in (self.temp, self.summary_temp):
            if path is not None:
                path.unlink(missing_ok=True)


ProgressCallback = Callable[[int, int, FileResult], None]
ReviewCallback = Callable[[list[FileResult]], None]


def import_paths(
    paths: Sequence[Path | str],
    *,
    store: Store,
    on_progress: ProgressCallback | None = None,
    workers: int | None = None,
    labels: dict[Path, str] | None = None,
    area_codes: list[str] | None = None,
    review: ReviewCallback | None = None,
) -> list[FileResult]:
    """Import CSV files, zips and folders all-or-nothing and return one result per CSV.

    ``labels`` names paths in messages and provenance (e.g. an upload's original file name).
    With ``area_codes`` each street file's rows in those local authorities are counted.
    ``review`` sees every result after all files are checked and before any is moved into
    place; if it raises (CrimeImportError, NeedsConfirmation) the store is left unchanged.
    """
    workers = workers or min(2, os.cpu_count() or 1)
    with store.write_lock():
        store.remove_leftovers()
        sources = collect_sources([Path(p) for p in paths], labels or {})
        staging = store.staging_dir()
        staged: list[_Staged] = []
        try:
            try:
                staged = _stage_all(sources, store, staging, workers, on_progress, area_codes)
                if review is not None:
                    review([item.result for item in staged])
            except BaseException:
                for item in staged:
                    item.remove_temps()
                _remove_empty_dirs(store, sources)
                raise
            written = [item for item in staged if item.temp is not None]
            prior_index = store.read_index()
            if written:
                store.generation_bump()  # the recorded index no longer describes the store
            directories = set()
            for item in staged:
                result = item.result
                if item.summary_temp is not None:
                    # The summary first: it is named by the source's hash, so until the
                    # partition is replaced readers still use the old partition's summary.
                    summary = store.summary_path(result.partition, result.sha256)
                    summary.parent.mkdir(parents=True, exist_ok=True)
                    os.replace(item.summary_temp, summary)
                    directories.add(summary.parent)
                if item.temp is not None:
                    os.replace(item.temp, store.partition_path(result.partition))
                directories.add(store.partition_path(result.partition).parent)
            for directory in directories:
                fsync_dir(directory)
            _remove_stale_summaries(store, [item.result for item in staged])
            if written:
                store.generation_bump()
            if written or prior_index is None:
                street_index_record(
                    store,
                    changed={
                        (i.result.partition.force, i.result.partition.month): {
                            "source": Path(i.result.source).name,
                            "sha256": i.result.sha256,
                            "rows": i.result.rows_kept,
                        }
                        for i in written
                        if i.result.partition.dataset is Dataset.STREET
                    },
                    previous=prior_index,
                )
        finally:
            for item in staged:
                item.remove_temps()
            shutil.rmtree(staging, ignore_errors=True)
    return [item.result for item in staged]


def _remove_stale_summaries(store: Store, results: list[FileResult]) -> None:
    """Delete summaries of partition versions no longer in the store (call under the lock)."""
    for result in results:
        current = store.summary_path(result.partition, result.sha256)
        for path in current.parent.glob(f"{result.partition.month}.*.parquet"):
            if path != current:
                path.unlink(missing_ok=True)


def _write_summaries(cursor: duckdb.DuckDBPyConnection, staged: list[_Staged]) -> None:
    """Write each new street partition's summary beside it as a hidden temporary file."""
    for item in staged:
        if item.temp is None or item.result.partition.dataset is not Dataset.STREET:
            continue
        item.summary_temp = item.temp.with_name(f"{item.temp.name}.summary{TEMP_SUFFIX}")
        sql = SUMMARY_SQL.format(source=_sql_str(str(item.temp)))
        cursor.execute(
            f"COPY ({sql}) TO {_sql_str(str(item.summary_temp))} "
            f"(FORMAT parquet, {PARQUET_OPTIONS})"
        )


def _remove_empty_dirs(store: Store, sources: list[_Source]) -> None:
    """Remove partition folders a failed import created and left empty."""
    for source in sources:
        folder = store.partition_path(source.partition).parent
        for directory in (folder, folder.parent):
            with contextlib.suppress(OSError):  # not empty, or already gone
                directory.rmdir()


def collect_sources(paths: list[Path], labels: dict[Path, str]) -> list[_Source]:
    """List every police.uk CSV inside the given files, archives and folders, checking names."""
    sources: list[_Source] = []
    for path in paths:
        label = labels.get(path, str(path))
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.suffix.lower() in {".csv", ".zip"})
            if not found:
                raise CrimeImportError(label, "folder holds no police.uk CSV or zip files")
            for item in found:
                sources.extend(_sources_in_file(item, f"{label}/{item.relative_to(path)}"))
        elif path.exists():
            sources.extend(_sources_in_file(path, label))
        else:
            raise CrimeImportError(label, "no such file or folder")
    seen: dict[Partition, str] = {}
    for source in sources:
        if source.partition in seen:
            raise CrimeImportError(
                source.display,
                f"holds the same dataset, force and month as {seen[source.partition]}",
            )
        seen[source.partition] = source.display
    return sources


def _sources_in_file(path: Path, label: str) -> list[_Source]:
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return [_Source(label, _partition_for(label, path.name), path=path)]
    if suffix == ".zip":
        try:
            with zipfile.ZipFile(path) as archive:
                infos = [
                    info
                    for info in archive.infolist()
                    if not info.is_dir() and info.filename.lower().endswith(".csv")
                ]
        except (zipfile.BadZipFile, OSError, EOFError) as exc:
            raise CrimeImportError(
                label, f"is not a readable zip archive (truncated or corrupt: {exc})"
            ) from exc
        check_archive_limits(label, infos)
        members = [info.filename for info in infos]
        if not members:
            raise CrimeImportError(label, "zip archive holds no police.uk CSV files")
        return [
            _Source(
                f"{label}!{member}",
                _partition_for(f"{label}!{member}", member),
                archive=path,
                member=member,
            )
            for member in sorted(members)
        ]
    raise CrimeImportError(label, "is not a CSV file, zip archive or folder")


def check_archive_limits(label: str, infos: list[zipfile.ZipInfo]) -> None:
    """Refuse an archive whose directory promises too much data, before extracting anything."""
    total = 0
    for info in infos:
        where = f"{label}!{info.filename}"
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > CHUNK and ratio > MAX_COMPRESSION_RATIO:
            raise CrimeImportError(
                where,
                f"is compressed {ratio:,.0f} times ({info.compress_size:,} bytes would extract "
                f"to {info.file_size:,}); police.uk files compress about 10 times, so this "
                "archive is refused as unsafe and nothing was extracted",
            )
        if info.file_size > MAX_MEMBER_BYTES:
            raise CrimeImportError(
                where,
                f"would extract to {info.file_size:,} bytes, more than the limit of "
                f"{MAX_MEMBER_BYTES:,} bytes for one file; nothing was extracted",
            )
        total += info.file_size
    if total > MAX_ARCHIVE_BYTES:
        raise CrimeImportError(
            label,
            f"would extract to {total:,} bytes, more than the limit of {MAX_ARCHIVE_BYTES:,}; "
            "split it into smaller archives. Nothing was extracted",
        )


def _partition_for(display: str, name: str) -> Partition:
    try:
        return parse_file_name(name)
    except FileNameError as exc:
        raise CrimeImportError(display, str(exc)) from exc


def _stage_all(
    sources: list[_Source],
    store: Store,
    staging: Path,
    workers: int,
    on_progress: ProgressCallback | None,
    area_codes: list[str] | None = None,
) -> list[_Staged]:
    """Write every source to a temporary partition file; on any error remove them all."""
    # Imported here, not at the top: web workers import this module for its error classes and
    # never convert a file (DuckDB costs ~40 MB).
    import duckdb

    connection = duckdb.connect(
        config={
            "threads": max(1, (os.cpu_count() or 1) // workers),
        }
    )
    # DuckDB would otherwise print a progress bar to stdout on long imports.
    connection.execute("SET enable_progress_bar = false")
    connection.execute(f"SET memory_limit = '{MEMORY_LIMIT}'")
    local = threading.local()

    def work(source: _Source) -> _Staged:
        if not hasattr(local, "cursor"):
            local.cursor = connection.cursor()
        return _stage_one(source, store, staging, local.cursor)

    results: dict[int, _Staged] = {}
    error: BaseException | None = None
    try:
        with ThreadPoolExecutor(max_workers=workers) as pool:
            futures = {pool.submit(work, s): i for i, s in enumerate(sources)}
            pending = set(futures)
            while pending:
                done, pending = wait(pending, return_when=FIRST_EXCEPTION)
                for future in done:
                    if future.cancelled():
                        continue
                    if future.exception() is not None:
                        error = error or future.exception()
                        continue
                    results[futures[future]] = future.result()
                    if on_progress:
                        on_progress(len(results), len(sources), results[futures[future]].result)
                if error is not None:
                    for future in pending:
                        future.cancel()
        if error is None:
            try:
                _fill_quality(connection, list(results.values()))
                _write_summaries(connection, list(results.values()))
                if area_codes:
                    _fill_area_rows(connection, store, list(results.values()), area_codes)
            except BaseException as exc:
                error = exc
    finally:
        connection.close()
    if error is not None:
        for staged in results.values():
            staged.remove_temps()
        raise error
    return [results[i] for i in range(len(sources))]


def _stage_one(
    source: _Source, store: Store, staging: Path, cursor: duckdb.DuckDBPyConnection
) -> _Staged:
    """Hash, check and convert one CSV to a temporary Parquet file beside its partition."""
    path, sha256, scan = _materialise(source, staging)
    try:
        schema = SCHEMAS[source.partition.dataset]
        _check_header(path, source.display, schema)
        stored_sha = store.stored_sha256(source.partition)
        previous_rows = None
        if stored_sha is not None:
            previous_rows = store.describe(
                store.partition_path(source.partition), source.partition
            ).rows
        if stored_sha == sha256:
            kept = store.describe(store.partition_path(source.partition), source.partition).rows
            result = FileResult(source.display, sha256, source.partition, kept, kept, "unchanged")
            return _Staged(result, None)
        final = store.partition_path(source.partition)
        final.parent.mkdir(parents=True, exist_ok=True)
        temp = store.temp_path_for(final)
        try:
            # Control characters were looked for while hashing; only a file where one may be in
            # a field (or a quoted line break) pays for the per-row check in SQL.
            rows: int | None = None
            if not scan.control:
                rows = _convert(cursor, path, temp, source, schema, sha256, check_control=False)
                if not scan.no_control_in_fields(rows):
                    temp.unlink(missing_ok=True)
                    rows = None
            if rows is None:
                rows = _convert(cursor, path, temp, source, schema, sha256)
            if rows == 0:
                raise CrimeImportError(source.display, "the file has a header but no rows", 2)
        except BaseException:
            temp.unlink(missing_ok=True)
            raise
        status = "replaced" if stored_sha else "imported"
        result = FileResult(
            source.display,
            sha256,
            source.partition,
            rows,
            rows,
            status,
            previous_rows=previous_rows,
        )
        return _Staged(result, temp)
    finally:
        if source.archive is not None:
            path.unlink(missing_ok=True)


def _materialise(source: _Source, staging: Path) -> tuple[Path, str, _Scan]:
    """Return a readable path for the source, its sha256 and what the scan saw."""
    digest = hashlib.sha256()
    scan = _Scan()
    if source.path is not None:
        try:
            with open(source.path, "rb") as fh:
                while chunk := fh.read(CHUNK):
                    digest.update(chunk)
                    scan.add(chunk)
        except OSError as exc:
            raise CrimeImportError(source.display, f"cannot be read: {exc}") from exc
        return source.path, digest.hexdigest(), scan
    assert source.archive is not None and source.member is not None
    target = staging / hashlib.sha1(source.display.encode(), usedforsecurity=False).hexdigest()
    try:
        with (
            zipfile.ZipFile(source.archive) as archive,
            archive.open(source.member) as member,
            open(target, "wb") as out,
        ):
            declared = archive.getinfo(source.member).file_size
            written = 0
            while chunk := member.read(CHUNK):
                written += len(chunk)
                if written > min(declared, MAX_MEMBER_BYTES):
                    raise zipfile.BadZipFile("it holds more data than its directory says")
                digest.update(chunk)
                scan.add(chunk)
                out.write(chunk)
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as exc:
        target.unlink(missing_ok=True)
        raise CrimeImportError(
            source.display, f"cannot be extracted; the zip archive is truncated or corrupt ({exc})"
        ) from exc
    return target, digest.hexdigest(), scan


def _check_header(path: Path, display: str, schema: Schema) -> None:
    """Check the header line names exactly the dataset's columns, in order."""
    with open(path, "rb") as fh:
        first = fh.readline(1 << 16)
    if not first.strip():
        raise CrimeImportError(display, "the file is empty", 1)
    try:
        text = first.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        hint = " (it looks like UTF-16)" if first[:2] in (b"\xff\xfe", b"\xfe\xff") else ""
        raise CrimeImportError(
            display, f"is not valid UTF-8{hint}; save the file as UTF-8 (CSV)", 1
        ) from exc
    header = next(csv.reader([text.rstrip("\r\n")]), [])
    expected = schema.headers
    if header == expected:
        return
    missing = [c for c in expected if c not in header]
    unexpected = [c for c in header if c not in expected]
    parts = []
    if missing:
        parts.append("missing column(s) " + ", ".join(repr(c) for c in missing))
    if unexpected:
        parts.append("unexpected column(s) " + ", ".join(repr(c) for c in unexpected))
    if not parts:
        parts.append("columns are in the wrong order")
    raise CrimeImportError(display, f"{'; '.join(parts)} for a police.uk {schema.dataset} file", 1)


def _sql_str(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _convert(
    cursor: duckdb.DuckDBPyConnection,
    path: Path,
    temp: Path,
    source: _Source,
    schema: Schema,
    sha256: str,
    *,
    check_control: bool = True,
) -> int:
    """Stream the CSV into a Parquet file with checks inline; return the number of rows."""
    import duckdb  # see _stage_all

    columns = (
        "{" + ", ".join(f"{_sql_str(c.header)}: '{c.duck_type}'" for c in schema.columns) + "}"
    )
    month = source.partition.month
    selects = [f"{_sql_str(source.partition.force)} AS force"]
    if schema.month_column != "month":
        selects.append(f"{_sql_str(month)} AS month")
    for column in schema.columns:
        ref = f'"{column.header}"'
        if column.name == schema.month_column:
            check = f"left({ref}, 7)" if column.name == "date" else ref
            selects.append(
                f"CASE WHEN {check} IS DISTINCT FROM {_sql_str(month)} "
                f"THEN error('month mismatch') ELSE {ref} END AS {column.name}"
            )
        elif column.name in ("longitude", "latitude"):
            low, high = LONGITUDE_RANGE if column.name == "longitude" else LATITUDE_RANGE
            selects.append(
                f"CASE WHEN {ref} NOT BETWEEN {low} AND {high} "
                f"THEN error('coordinate out of range') ELSE {ref} END AS {column.name}"
            )
        elif column.name == "crime_type_original":
            cases = " ".join(
                f"WHEN {_sql_str(old)} THEN {_sql_str(new)}"
                for old, new in LEGACY_CATEGORIES.items()
            )
            selects.append(f"CASE {ref} {cases} ELSE {ref} END AS crime_type")
            selects.append(f"{ref} AS crime_type_original")
        else:
            selects.append(f"{ref} AS {column.name}")
    text_columns = ", ".join(f'"{c.header}"' for c in schema.columns if c.duck_type == "VARCHAR")
    kv = (
        f"{{'{META_SHA256.decode()}': {_sql_str(sha256)}, "
        f"'{META_SOURCE.decode()}': {_sql_str(Path(source.display).name)}}}"
    )
    control_check = (
        f"WHERE CASE WHEN regexp_matches(concat_ws(',', {text_columns}), {CONTROL_SQL}) "
        "THEN error('control character') ELSE true END"
        if check_control
        else ""
    )
    sql = f"""
        COPY (
            SELECT * REPLACE (
                CASE WHEN (longitude IS NULL) <> (latitude IS NULL)
                    THEN error('coordinate pair incomplete') ELSE longitude END AS longitude
            )
            FROM (
                SELECT {", ".join(selects)}
                FROM read_csv({_sql_str(str(path))}, columns = {columns}, header = true,
                    auto_detect = false, strict_mode = true, delim = ',', quote = '"',
                    escape = '"', encoding = 'utf-8')
                {control_check}
            )
        ) TO {_sql_str(str(temp))} (FORMAT parquet, {PARQUET_OPTIONS}, KV_METADATA {kv})
    """  # noqa: S608
    try:
        row = cursor.execute(sql).fetchone()
        if row is None:
            raise LookupError("COPY returned no row count")
        return row[0]
    except duckdb.Error as exc:
        temp.unlink(missing_ok=True)
        located = locate_problem(path, source.display, schema, month)
        if located is not None:
            raise located from exc
        detail = str(exc).splitlines()[0]
        raise CrimeImportError(source.display, f"could not be read ({detail})") from exc


def _fill_quality(cursor: duckdb.DuckDBPyConnection, staged: list[_Staged]) -> None:
    """Count each new partition's data-quality flags, one query per dataset for speed."""
    for dataset in Dataset:
        items = {
            str(s.temp): s.result
            for s in staged
            if s.temp is not None and s.result.partition.dataset is dataset
        }
        if not items:
            continue
        files = "[" + ", ".join(_sql_str(f) for f in items) + "]"
        for filename, *counts in cursor.execute(
            f"SELECT filename, {_QUALITY_SQL[dataset]} "  # noqa: S608
            f"FROM read_parquet({files}, filename = true) GROUP BY filename"
        ).fetchall():
            items[filename].quality = Quality(
                **dict(zip(_QUALITY_FIELDS[dataset], counts, strict=True))
            )


def _fill_area_rows(
    cursor: duckdb.DuckDBPyConnection, store: Store, staged: list[_Staged], area_codes: list[str]
) -> None:
    """Count each new street partition's rows whose LSOA lies in the given local authorities."""
    items = {
        str(s.temp): s.result
        for s in staged
        if s.temp is not None and s.result.partition.dataset is Dataset.STREET
    }
    if not items or not store.geography_path.exists():
        return
    for result in items.values():
        result.area_rows = 0
    files = "[" + ", ".join(_sql_str(f) for f in items) + "]"
    codes = ", ".join(_sql_str(c) for c in area_codes)
    for filename, count in cursor.execute(
        f"SELECT s.filename, count(*) FROM read_parquet({files}, filename = true) s "  # noqa: S608
        f"JOIN read_parquet({_sql_str(str(store.geography_path))}) g "
        f"ON s.lsoa_code = g.lsoa_code WHERE g.la_code IN ({codes}) GROUP BY s.filename"
    ).fetchall():
        items[filename].area_rows = count


_UNALLOCATED = "count(*) FILTER (lsoa_code IS NULL OR location = 'No Location')"
_QUALITY_FIELDS = {
    Dataset.STREET: (
        "unallocated",
        "asb_without_crime_id",
        "crimes_without_crime_id",
        "unknown_crime_types",
        "legacy_categories_mapped",
    ),
    Dataset.OUTCOMES: ("unallocated", "crimes_without_crime_id"),
    Dataset.STOP_AND_SEARCH: ("unallocated",),
}
_QUALITY_SQL = {
    Dataset.STREET: ", ".join(
        [
            _UNALLOCATED,
            f"count(*) FILTER (crime_type = {_sql_str(ASB)} AND crime_id IS NULL)",
            f"count(*) FILTER (crime_type <> {_sql_str(ASB)} AND crime_id IS NULL)",
            "count(*) FILTER (crime_type IS NULL OR crime_type NOT IN ("
            + ", ".join(_sql_str(c) for c in CATEGORIES)
            + "))",
            "count(*) FILTER (crime_type_original IN ("
            + ", ".join(_sql_str(c) for c in LEGACY_CATEGORIES)
            + "))",
        ]
    ),
    Dataset.OUTCOMES: f"{_UNALLOCATED}, count(*) FILTER (crime_id IS NULL)",
    Dataset.STOP_AND_SEARCH: "count(*) FILTER (latitude IS NULL)",
}


class _BadEncoding(Exception):
    def __init__(self, line: int, message: str):
        self.line, self.message = line, message


def _decoded_lines(path: Path) -> Iterator[str]:
    """Yield the file's lines as text, raising _BadEncoding at the first line not in UTF-8."""
    with open(path, "rb") as fh:
        for number, raw in enumerate(fh, start=1):
            if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
                raw = raw[3:]
            try:
                yield raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                raise _BadEncoding(
                    number,
                    f"is not valid UTF-8 (byte 0x{raw[exc.start]:02x} at character "
                    f"{exc.start + 1}); save the file as UTF-8 (CSV)",
                ) from exc


def locate_problem(path: Path, display: str, schema: Schema, month: str) -> CrimeImportError | None:
    """Find the first bad line of a CSV DuckDB rejected, in one pass that stops there."""
    reader = csv.reader(_decoded_lines(path), strict=True)
    try:
        next(reader, None)
        for row in _rows(reader):
            problem = _row_problem(row, schema, month)
            if problem:
                return CrimeImportError(display, problem, reader.line_num)
    except _BadEncoding as exc:
        return CrimeImportError(display, exc.message, exc.line)
    except csv.Error as exc:
        return CrimeImportError(display, f"is not well-formed CSV ({exc})", reader.line_num)
    return None


def _rows(reader: Iterator[list[str]]) -> Iterator[list[str]]:
    for row in reader:
        if row:
            yield row


def _row_problem(row: list[str], schema: Schema, month: str) -> str | None:
    if len(row) != len(schema.columns):
        return f"expected {len(schema.columns)} fields, found {len(row)}"
    values = {c.name: v for c, v in zip(schema.columns, row, strict=True)}
    for column, text in zip(schema.columns, row, strict=True):
        found = CONTROL.search(text)
        if found:
            char = found.group()
            what = "a NUL byte" if char == "\x00" else f"the control character U+{ord(char):04X}"
            return (
                f"{column.header} holds {what}, which police.uk files never contain; "
                "remove it and save the file again"
            )
    stated = values[schema.month_column]
    stated_month = stated[:7] if schema.month_column == "date" else stated
    if stated_month != month:
        header = schema.columns[[c.name for c in schema.columns].index(schema.month_column)].header
        return f"{header} {stated!r} does not match the file name's month {month}"
    for name, (low, high) in (("longitude", LONGITUDE_RANGE), ("latitude", LATITUDE_RANGE)):
        text = values[name]
        header = name.capitalize()
        if text == "":
            continue
        if not NUMBER.match(text):
            return f"malformed {header} {text!r}: not a number"
        if not low <= float(text) <= high:
            return f"{header} {text} is outside the UK ({low} to {high})"
    if (values["longitude"] == "") != (values["latitude"] == ""):
        return "has a Longitude or a Latitude but not both"
    return None
