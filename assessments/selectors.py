"""Reads for the assessments: Django records (filtered by visibility) and the crime SQL they need.

The crime store is read through ``crime.store``'s public API (partition files and the geography
table). ``assessment_extract`` scans the street partitions of the months an assessment needs
once, into a small aggregate held by one DuckDB connection, and answers every question from it:
the area's monthly counts, each local authority's counts per period (for peers), MSOA counts,
unallocated rows per force and the burglary snap points for the repeat-location proxy.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from accounts.permissions import visible_q
from assessments.models import Assessment, AssessmentKind, EvidenceSnapshot, PartnerMeasure
from assessments.periods import Period
from crime.formats import SYNTHETIC_REPORTED_BY, Dataset
from crime.store import Store, StoredPartition, default_store

# What the demonstration loader writes in "Reported by" (see assessments/demo.py).

# DuckDB threads for one extract: enough to scan a few million rows well inside a second.
THREADS = 4


@dataclass(frozen=True)
class LocalAuthority:
    """A local authority in the geography: code, name, population and its police force."""

    code: str
    name: str
    population: int
    force: str | None


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
class AssessmentData:
    """Everything an assessment or exceptions report reads from the crime store."""

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


def _sql_list(values: list[str]) -> str:
    return "[" + ", ".join("'" + v.replace("'", "''") + "'" for v in values) + "]"


def _file_sha256(path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def area_months_held(*, area_codes: list[str], store: Store | None = None) -> list[str]:
    """Months for which the store holds street data from a force policing the area."""
    from crime.selectors import area_months

    store = store or default_store()
    if not store.geography_path.exists():
        return []
    return area_months(area_codes=area_codes, store=store)


def area_months_usable(*, area_codes: list[str], store: Store | None = None) -> list[str]:
    """Months held for the area that no force policing it has missing or implausibly low.

    Default periods are chosen from these, so a suggested assessment never includes a gap.
    """
    from crime.selectors import flagged_force_months, forces_for_area

    store = store or default_store()
    held = area_months_held(area_codes=area_codes, store=store)
    if not held:
        return []
    forces = forces_for_area(area_codes=area_codes, store=store)
    flagged = {f.month for f in flagged_force_months(forces=forces, store=store)}
    return [m for m in held if m not in flagged]


def local_authorities(*, store: Store | None = None) -> list[LocalAuthority]:
    """Every local authority in the store's geography, with its population."""
    store = store or default_store()
    if not store.geography_path.exists():
        return []
    import duckdb  # here, not at the top: web workers serving other pages never load it

    with duckdb.connect(config={"threads": 1}) as con:
        rows = con.execute(
            "SELECT la_code, any_value(la_name), coalesce(sum(population), 0), "  # noqa: S608
            f"any_value(force) FROM read_parquet('{store.geography_path}') "
            "GROUP BY la_code ORDER BY 2"
        ).fetchall()
    return [LocalAuthority(*row) for row in rows]


def assessment_extract(
    *,
    area_codes: list[str],
    current: Period,
    baseline: Period,
    history_from: str | None = None,
    store: Store | None = None,
) -> AssessmentData:
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

    with duckdb.connect(config={"threads": THREADS}) as con:
        con.execute(f"CREATE TEMP TABLE geo AS SELECT * FROM {geo}")  # noqa: S608
        las = {
            row[0]: LocalAuthority(*row)
            for row in con.execute(
                "SELECT la_code, any_value(la_name), coalesce(sum(population), 0)::BIGINT, "
                "any_value(force) FROM geo GROUP BY la_code"
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
        data = AssessmentData(
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
        data.sub_areas = [
            SubAreaCount(code, *data.sub_area_populations.get(code, (code, 0)), cat, cur, base)
            for code, cat, cur, base in sub_counts
        ]
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
        (synthetic,) = con.execute(
            f"""
            SELECT count(*) FROM read_parquet({_sql_list([str(f) for f in files])}) c
            WHERE c.reported_by = ? AND c.lsoa_code IN (
                SELECT lsoa_code FROM geo WHERE la_code IN (SELECT unnest({areas})))
            """,  # noqa: S608
            [SYNTHETIC_REPORTED_BY],
        ).fetchone()
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


def _partition_of(path):
    from crime.formats import Partition

    return Partition(Dataset.STREET, path.parent.name, path.stem)


# Django records ------------------------------------------------------------------------------


def assessments_visible(*, user, partnership, kind: str | None = None):
    """Assessments of the partnership that the user may read, newest first."""
    qs = Assessment.objects.filter(partnership=partnership).filter(visible_q(user, partnership))
    if kind:
        qs = qs.filter(kind=kind)
    return qs.select_related("created_by").order_by("-created").distinct()


def assessment_kinds() -> list[str]:
    """The kinds of assessment, for filters."""
    return list(AssessmentKind.values)


def measures_visible(*, user, partnership):
    """Partner measures the user may read, with their values."""
    return (
        PartnerMeasure.objects.filter(partnership=partnership)
        .filter(visible_q(user, partnership))
        .prefetch_related("values")
        .order_by("name")
        .distinct()
    )


def snapshots_visible(*, user, partnership):
    """Evidence snapshots the user may read, newest first."""
    return (
        EvidenceSnapshot.objects.filter(partnership=partnership)
        .filter(visible_q(user, partnership))
        .select_related("assessment")
        .order_by("-created")
        .distinct()
    )
