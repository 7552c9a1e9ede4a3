"""Build a strategic assessment's figures from the crime store: the JSON the outputs render.

``build_strategic_assessment`` reads one extract (``selectors.area_extract``) and applies the
statistics in ``assessments.statistics``. The result is plain JSON-ready data whose schema is
documented in docs/assessment.md; every page, document and CSV is rendered from it.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Mapping
from collections.abc import Set as AbstractSet
from datetime import UTC, datetime
from typing import Any

from django.db import DatabaseError

from assessments import statistics as st
from assessments.comparators import Unit, comparator_forces, covered, funnel, funnel_position
from assessments.comparators import compare as compare_with
from assessments.models import METHOD_VERSION
from assessments.narrative import comparator_sentence, strategic_narrative
from assessments.periods import Period, month_label, shift_month
from assessments.scoring import DEFAULT_FACTOR_WEIGHTS, score_categories
from crime.formats import ASB, CATEGORIES, FORCES
from crime.models import ImportedFile
from crime.selectors import AreaExtract, area_extract, flagged_force_months
from crime.store import Store

SCHEMA_VERSION = 1
ALPHA = 0.05
ALL_CRIME = "All crime (excluding anti-social behaviour)"
HISTORY_MONTHS = 36
# Sub-areas are many, so they are called out at the funnel's 99.8% level (and p < 0.002 for
# trend) to keep chance findings few; see docs/assessment.md.
SUB_AREA_ALPHA = 0.002

Progress = Callable[[int, str], None]


def data_gaps(data: AreaExtract, months: set[str], store: Store | None) -> list[dict]:
    """Months used that any of the area's forces has missing or implausibly low: gaps."""
    return [
        {"force": f.force, "month": f.month, "status": f.status, "rows": f.rows}
        for f in flagged_force_months(forces=data.forces, store=store)
        if f.month in months
    ]


def gap_warnings(gaps: list[dict]) -> list[str]:
    """One sentence per flagged month, for the top of every output."""
    out = []
    for g in gaps:
        force = FORCES.get(g["force"], g["force"])
        what = (
            f"is implausibly low ({g['rows']:,} rows, under half the force's usual month)"
            if g["status"] == "low"
            else "is missing"
        )
        out.append(
            f"Warning: {force}'s police.uk data for {month_label(g['month'])} {what}. "
            "It is a gap in the data, not a change in crime: figures for a period that "
            "includes it understate crime and its changes and significance are not reliable."
        )
    return out


def comparator_gaps(
    comparators: Mapping | None, data: AreaExtract, months: list[str], store: Store | None
) -> set[tuple[str, str]]:
    """(force, month) of the comparators' forces that are gaps in the months compared."""
    forces = comparator_forces(comparators, data)
    if not forces:
        return set()
    wanted = set(months)
    return {
        (f.force, f.month)
        for f in flagged_force_months(forces=forces, store=store)
        if f.month in wanted
    }


def _none(_: int, __: str) -> None:
    return None


def _finite(value):
    if value is None:
        return None
    return None if isinstance(value, float) and math.isinf(value) else value


def period_json(period: Period) -> dict:
    """A period as JSON: first and last month, length and label."""
    return {"from": period.first, "to": period.last, "months": period.length, "label": period.label}


def provenance_json(data: AreaExtract, months: set[str]) -> dict:
    """Which stored files the figures came from: force, month, file name, sha256, rows."""
    partitions = [
        {
            "force": p.partition.force,
            "month": p.partition.month,
            "source": p.source,
            "sha256": p.sha256,
            "rows": p.rows,
        }
        for p in data.partitions
        if p.partition.month in months
    ]
    return {
        "partitions": partitions,
        "geography_sha256": data.geography_sha256,
        "imports": _import_ids(partitions),
    }


def _import_ids(partitions: list[dict]) -> list[dict]:
    """The crime app's import records of these files (matched by sha256), oldest first."""
    shas = {p["sha256"] for p in partitions if p["sha256"]}
    try:
        return _imported_files(shas)
    except DatabaseError:  # the crime tables are not migrated (e.g. a bare benchmark run)
        return []


def _imported_files(shas: set[str]) -> list[dict]:
    return [
        {
            "import_id": f.crime_import_id,
            "file_id": f.pk,
            "source": f.source,
            "sha256": f.sha256,
            "force": f.force,
            "month": f.month,
        }
        for f in ImportedFile.objects.filter(sha256__in=shas).order_by("pk")
    ]


def category_row(
    category: str,
    current: int,
    baseline: int,
    *,
    population: int,
    current_months: int,
    baseline_months: int,
    harm_weight: float,
) -> dict:
    """One category's change, rate and harm figures (the schema's ``categories`` entry)."""
    change = st.compare_periods(
        baseline,
        current,
        baseline_exposure=float(baseline_months),
        current_exposure=float(current_months),
    )
    rate = st.rate_per_1000(current, population) if population else None
    return {
        "category": category,
        "current": current,
        "baseline": baseline,
        "change": current - baseline,
        "percent_change": change.percent_change,
        "p_value": change.p_value,
        "e_test_p_value": change.e_test_p_value,
        "significant": change.p_value < ALPHA,
        "direction": (
            "no significant change"
            if change.p_value >= ALPHA
            else "up"
            if current * baseline_months > baseline * current_months
            else "down"
        ),
        "rate_per_1000": rate.rate if rate else None,
        "rate_ci": [rate.lower, rate.upper] if rate else None,
        "rate_ratio": change.rate_ratio,
        "rate_ratio_ci": (
            None if change.ci_lower is None else [change.ci_lower, _finite(change.ci_upper)]
        ),
        "harm_weight": harm_weight,
        "harm_weighted": current * harm_weight,
    }


def build_strategic_assessment(
    *,
    area_codes: list[str],
    current: Period,
    baseline: Period,
    harm_weights: Mapping[str, float] | None = None,
    factor_weights: Mapping[str, float] | None = None,
    public_concern: Mapping[str, float] | None = None,
    measures: list[dict] | None = None,
    comparators: Mapping | None = None,
    demonstration: bool = False,
    store: Store | None = None,
    progress: Progress = _none,
) -> dict:
    """Compute every figure of a strategic assessment for the area and the two periods.

    ``comparators`` is the county and peer family (``{"county": {"name", "codes"} | None,
    "peers": [{"name", "codes"}]}``, ``services.comparators_for_assessment``).
    """
    weights = {**st.DEFAULT_CATEGORY_WEIGHTS, **(harm_weights or {})}
    factor_weights = {**DEFAULT_FACTOR_WEIGHTS, **(factor_weights or {})}
    progress(5, "Reading the crime store")
    history_from = shift_month(current.last, -(HISTORY_MONTHS - 1))
    data = area_extract(
        area_codes=area_codes,
        current=current,
        baseline=baseline,
        history_from=history_from,
        store=store,
    )
    missing = [m for m in current.months + baseline.months if m not in data.months_held]
    if missing:
        raise ValueError(
            f"the store holds no street data for {data.area_name} in "
            f"{', '.join(sorted(missing)[:6])}{'…' if len(missing) > 6 else ''}"
        )
    progress(30, "Comparing periods")
    counts: dict[tuple[str, str, str], int] = defaultdict(int)
    for row in data.period_counts:
        counts[(row.la_code, row.period, row.category)] += row.count
    area_set = set(area_codes)

    def area_count(period: str, category: str) -> int:
        return sum(counts.get((code, period, category), 0) for code in area_set)

    categories = sorted({c for _, _, c in counts} | set(CATEGORIES))
    rows = []
    for category in categories:
        rows.append(
            category_row(
                category,
                area_count("current", category),
                area_count("baseline", category),
                population=data.population,
                current_months=current.length,
                baseline_months=baseline.length,
                harm_weight=float(weights.get(category, 0.0)),
            )
        )
    total_current = sum(r["current"] for r in rows if r["category"] != ASB)
    total_baseline = sum(r["baseline"] for r in rows if r["category"] != ASB)
    totals = category_row(
        ALL_CRIME,
        total_current,
        total_baseline,
        population=data.population,
        current_months=current.length,
        baseline_months=baseline.length,
        harm_weight=0.0,
    )
    totals["harm_weighted"] = sum(r["harm_weighted"] for r in rows if r["category"] != ASB)
    totals["harm_weight"] = None

    progress(45, "Comparing with the county and peer areas")
    comparison = compare_with(
        data=data,
        counts=counts,
        area_codes=area_codes,
        comparators=comparators,
        categories=[r["category"] for r in rows],
        all_crime=ALL_CRIME,
        months=current.months,
        period_label=current.label,
        gaps=comparator_gaps(comparators, data, current.months, store),
        alpha=ALPHA,
    )
    months = {"current": current.length, "baseline": baseline.length}
    peers = _peers(data, counts, area_codes, rows, totals, months, comparison)
    changes = {r["category"]: r["direction"] for r in [*rows, totals] if r["significant"]}
    for row in comparison["rows"]:
        row["sentence"] = comparator_sentence(row, change=changes.get(row["category"]))

    unallocated = {u.category: u for u in data.unallocated}
    for figures in rows:
        u = unallocated.get(figures["category"])
        figures["unallocated_share"] = u.unallocated / u.rows if u and u.rows else None
    all_rows = sum(u.rows for u in data.unallocated if u.category != ASB)
    all_unallocated = sum(u.unallocated for u in data.unallocated if u.category != ASB)
    totals["unallocated_share"] = all_unallocated / all_rows if all_rows else None

    progress(60, "Finding sub-areas above the borough average")
    sub_areas = _sub_areas(data, rows, current, baseline)

    progress(70, "Monthly trend and control limits")
    history = {m for m in data.months_held if shift_month(current.last, -(HISTORY_MONTHS - 1)) <= m}
    gaps = data_gaps(data, history | set(current.months) | set(baseline.months), store)
    monthly = _monthly(data, current.last, {g["month"] for g in gaps})

    repeat = st.repeat_location_proxy(
        ((p.key, p.month) for p in data.burglary_points for _ in range(p.count)),
        window_months=None,
    )
    repeat_json = {
        "category": "Burglary",
        "label": "Repeat-location proxy (police.uk has no victim identifiers)",
        "total_crimes": repeat.total_crimes,
        "repeat_location_crimes": repeat.repeat_location_crimes,
        "locations": repeat.locations,
        "repeat_locations": repeat.repeat_locations,
        "share": repeat.share,
    }

    progress(80, "Scoring candidate priorities")
    measure_rows = _measures(measures or [], current, baseline)
    priorities = score_categories(
        rows,
        weights=factor_weights,
        public_concern=public_concern or {},
        measures=measure_rows,
    )
    months_used = set(current.months) | set(baseline.months) | set(monthly["months"])
    result = {
        "schema_version": SCHEMA_VERSION,
        "kind": "strategic",
        "method_version": METHOD_VERSION,
        "generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "demonstration": demonstration or data.synthetic,
        "area": {"codes": list(area_codes), "name": data.area_name, "population": data.population},
        "current": period_json(current),
        "baseline": period_json(baseline),
        "significance_level": ALPHA,
        "categories": rows,
        "totals": totals,
        "peers": peers,
        "comparators": comparison,
        "sub_areas": sub_areas,
        "repeat_location": repeat_json,
        "monthly": monthly,
        "partner_measures": measure_rows,
        "scoring": {
            "factor_weights": dict(factor_weights),
            "public_concern": {k: float(v) for k, v in (public_concern or {}).items()},
        },
        "priorities": priorities,
        "provenance": provenance_json(data, months_used),
        "data_gaps": [g for g in gaps if g["month"] in set(current.months) | set(baseline.months)],
        "data_warnings": gap_warnings(
            [g for g in gaps if g["month"] in set(current.months) | set(baseline.months)]
        ),
    }
    progress(90, "Writing the narrative")
    result["narrative"] = [*result["data_warnings"], *strategic_narrative(result)]
    return result


def _peers(
    data: AreaExtract,
    counts,
    area_codes: list[str],
    rows: list[dict],
    totals: dict,
    months: dict[str, int],
    comparison: dict,
):
    """Funnel comparison: the area against its peer family when one gives figures, otherwise
    against every other local authority with complete data."""
    family = comparison.get("funnel")
    if family:
        by_category = {r["category"]: r["family"] for r in comparison["rows"]}
        for row in rows:
            row["peers"] = by_category[row["category"]]["funnel"]
        totals["peers"] = by_category[ALL_CRIME]["funnel"]
        return family
    complete = set(data.peer_forces_complete)
    area_set = set(area_codes)
    las = data.local_authorities
    peer_codes = sorted(
        code
        for code in {c for c, _, _ in counts}
        if code not in area_set
        and code in las
        and las[code].population > 0
        and covered(las[code], counts, complete, months)
    )
    units = [("area", data.population)] + [(code, las[code].population) for code in peer_codes]
    if not peer_codes or data.population <= 0:
        for row in rows:
            row["peers"] = None
        totals["peers"] = None
        return {"kind": "store", "areas": [], "basis": ALL_CRIME, "count": 0}

    def unit_count(unit: str, category: str | None) -> int:
        codes = area_set if unit == "area" else {unit}
        if category is None:
            return sum(
                n
                for (c, p, cat), n in counts.items()
                if c in codes and p == "current" and cat != ASB
            )
        return sum(counts.get((c, "current", category), 0) for c in codes)

    def compare(category: str | None) -> dict:
        unit_counts = [unit_count(u, category) for u, _ in units]
        pooled = st.pooled_rate_per_1000(unit_counts, [p for _, p in units])
        return funnel_position(unit_counts[0], data.population, pooled, len(units))

    for row in rows:
        row["peers"] = compare(row["category"])
    totals["peers"] = compare(None)
    area = Unit(data.area_name, tuple(area_codes), data.population, is_area=True)
    peers = [Unit(las[code].name, (code,), las[code].population) for code in peer_codes]
    return funnel(
        area,
        peers,
        lambda u: unit_count("area" if u.is_area else u.codes[0], None),
        pooled=totals["peers"]["pooled_rate_per_1000"],
        basis=ALL_CRIME,
        kind="store",
    )


def _sub_areas(data: AreaExtract, rows: list[dict], current: Period, baseline: Period):
    """MSOAs whose rate, or whose trend, is significantly above the rest of the borough's."""
    by_category = {r["category"]: r for r in rows}
    candidates = [
        s
        for s in data.sub_areas
        if s.category in by_category and s.population > 0 and s.category != ASB
    ]
    limits = {}
    for category in {s.category for s in candidates}:
        subs = [s for s in candidates if s.category == category]
        pooled = by_category[category]["rate_per_1000"] or 0.0
        for s, lim in zip(
            subs, st.funnel_limits_many(pooled, [s.population for s in subs]), strict=True
        ):
            limits[(s.code, category)] = lim
    found: list[dict[str, Any]] = []
    for sub in candidates:
        borough = by_category[sub.category]
        reasons = []
        rate = sub.current / sub.population * 1000
        lim = limits[(sub.code, sub.category)]
        above = rate > lim.upper_998
        if above:
            reasons.append("rate above the borough's 99.8% funnel limit")
        rest_current = borough["current"] - sub.current
        rest_baseline = borough["baseline"] - sub.baseline
        trend_ratio = trend_p = None
        if rest_current > 0 and rest_baseline > 0 and sub.baseline > 0:
            # Conditional on the MSOA's two-period total, is its share in the current period
            # larger than the rest of the borough's? Exposures are the rest's counts.
            trend_ratio = (sub.current / rest_current) / (sub.baseline / rest_baseline)
            n = sub.current + sub.baseline
            p0 = rest_current / (rest_current + rest_baseline)
            z = (sub.current - n * p0) / math.sqrt(n * p0 * (1 - p0))
            # A z below 2 cannot give an exact p below 0.002 when p0 is not extreme: skip the
            # exact test then, unless the rate already lists the MSOA (its p is then shown).
            if trend_ratio > 1 and (above or z >= 2 or not 0.1 < p0 < 0.9):
                trend_p = st.conditional_p_value(
                    sub.baseline,
                    sub.current,
                    baseline_exposure=float(rest_baseline),
                    current_exposure=float(rest_current),
                )
                if trend_p < SUB_AREA_ALPHA:
                    reasons.append("trend significantly above the rest of the borough")
        if reasons:
            found.append(
                {
                    "code": sub.code,
                    "name": sub.name,
                    "population": sub.population,
                    "category": sub.category,
                    "current": sub.current,
                    "baseline": sub.baseline,
                    "rate_per_1000": rate,
                    "borough_rate_per_1000": lim.centre,
                    "upper_998": lim.upper_998,
                    "relative_trend": trend_ratio,
                    "trend_p_value": trend_p,
                    "reasons": reasons,
                }
            )
    found.sort(key=lambda s: (s["category"], -s["rate_per_1000"], s["code"]))
    return found


def _monthly(data: AreaExtract, last: str, gaps: AbstractSet[str] = frozenset()) -> dict:
    """Monthly counts of all crime (and per category) with a c-chart's centre and limits.

    Flagged months (``gaps``: missing or implausibly low) are null in every series and left
    out of the chart's centre line and limits, so a gap never distorts them.
    """
    months = [m for m in data.months_held if shift_month(last, -(HISTORY_MONTHS - 1)) <= m <= last]
    per_category: dict[str, dict[str, int]] = defaultdict(dict)
    for row in data.monthly:
        per_category[row.category][row.month] = row.count
    series = {
        cat: [None if m in gaps else per_category[cat].get(m, 0) for m in months]
        for cat in sorted(per_category)
    }
    total = [
        None if m in gaps else sum(per_category[c].get(m, 0) for c in per_category if c != ASB)
        for m in months
    ]
    chart = None
    used = [(m, t) for m, t in zip(months, total, strict=True) if t is not None]
    if used:
        spc = st.c_chart(used)
        points = dict(zip([m for m, _ in used], spc.points, strict=True))

        def column(attr: str) -> list:
            return [getattr(points[m], attr) if m in points else None for m in months]

        chart = {
            "method": "c-chart" + (" with seasonal baseline" if spc.seasonal else ""),
            "centre": column("centre"),
            "lower": column("lower"),
            "upper": column("upper"),
            "signals": column("signal"),
        }
    return {
        "months": months,
        "total": total,
        "series": series,
        "chart": chart,
        "gaps": sorted(m for m in months if m in gaps),
    }


def _measures(measures: list[dict], current: Period, baseline: Period) -> list[dict]:
    """Partner measures over the two periods: mean value in each and the direction of change."""
    out = []
    for m in measures:
        values = m.get("values", {})
        cur = [values[p] for p in current.months if p in values]
        base = [values[p] for p in baseline.months if p in values]
        cur_mean = sum(cur) / len(cur) if cur else None
        base_mean = sum(base) / len(base) if base else None
        direction = None
        if cur_mean is not None and base_mean is not None:
            if cur_mean == base_mean:
                direction = "same"
            else:
                up = cur_mean > base_mean
                direction = "worse" if up == m.get("higher_is_worse", True) else "better"
        out.append(
            {
                "name": m["name"],
                "category": m.get("category") or "",
                "higher_is_worse": m.get("higher_is_worse", True),
                "current": cur_mean,
                "baseline": base_mean,
                "direction": direction,
            }
        )
    return out
