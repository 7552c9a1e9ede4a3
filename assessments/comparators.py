"""The partnership beside its county and its peer family (issue 15, point 5).

A partnership names its county (the two-tier county its district lies in; for a unitary or
metropolitan district, its force area or metropolitan county) and a peer family (similar areas,
as the Home Office's most similar groups are): ``assessments.models.Comparators``. From the same
extract as the rest of the assessment (each local authority's counts in the current period,
``crime.selectors.area_extract``, rates from the LSOAs' 2011 populations) this module gives, per
category:

* the county's rate per 1,000, all its districts counted (the partnership's too, as "overall
  county figures" are), and whether the partnership's rate is significantly higher or lower than
  the rest of the county's: the exact conditional test of ``assessments.statistics``, against the
  rest because the county's own figure contains the partnership's crimes;
* the peer family's rate: the peers' crimes per 1,000 of their combined residents (the
  partnership not included), with the same test, and the partnership's place in the Poisson
  funnel around that rate, the funnel plot drawing each peer as a point.

A comparator whose crimes the store does not wholly hold for the period (its force's files
missing or flagged as a gap, or an authority the geography no longer knows) gives no figure and
says why: nothing is estimated. Pure functions over the extract; the builders in strategic.py and
exception_report.py call them.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from assessments import statistics as st
from assessments.periods import month_label
from crime.formats import ASB, FORCES
from crime.selectors import AreaExtract, LocalAuthority

Counts = Mapping[tuple[str, str, str], int]  # (local authority, "current"/"baseline", category)


@dataclass(frozen=True)
class Unit:
    """One area of a comparison: its name, local authority codes and residents."""

    name: str
    codes: tuple[str, ...]
    population: int
    is_area: bool = False


def unit_count(counts: Counts, codes: Iterable[str], category: str | None) -> int:
    """Crimes of a category (None: all crime excluding ASB) in the codes during the current period."""
    wanted = set(codes)
    if category is None:
        return sum(
            n for (c, p, cat), n in counts.items() if c in wanted and p == "current" and cat != ASB
        )
    return sum(counts.get((c, "current", category), 0) for c in wanted)


def covered(
    la: LocalAuthority, counts: Counts, complete: set[str], months: Mapping[str, int]
) -> bool:
    """Whether the store holds a local authority's crimes, not just cross-border strays.

    An authority whose force is known is covered when that force's files hold every month of
    the periods. One whose force is blank in the lookup is covered only when the store holds at
    least one crime per 1,000 residents per month for it in each period, which areas seen only
    through police.uk's snapping across force borders never reach.
    """
    if la.force is not None:
        return la.force in complete
    for period, length in months.items():
        n = sum(v for (c, p, _), v in counts.items() if c == la.code and p == period)
        if n < la.population / 1000 * length:
            return False
    return True


def forces_holding(data: AreaExtract, months: Iterable[str]) -> set[str]:
    """Forces whose street files in the extract hold every one of the months."""
    held: dict[str, set[str]] = {}
    for p in data.partitions:
        held.setdefault(p.partition.force, set()).add(p.partition.month)
    wanted = set(months)
    return {force for force, have in held.items() if wanted <= have}


def comparator_forces(comparators: Mapping | None, data: AreaExtract) -> list[str]:
    """The forces policing the configured comparators' authorities (to look for gaps)."""
    codes = set(_codes(comparators))
    las = data.local_authorities
    return sorted({f for c in codes if c in las and (f := las[c].force)})


def _codes(comparators: Mapping | None) -> list[str]:
    if not comparators:
        return []
    county = comparators.get("county") or {}
    return [
        *county.get("codes", []),
        *(c for p in comparators.get("peers", []) for c in p["codes"]),
    ]


def is_configured(comparators: Mapping | None) -> bool:
    """Whether a county or at least one peer is set."""
    return bool(_codes(comparators))


def _unit(
    name: str,
    codes: list[str],
    *,
    data: AreaExtract,
    counts: Counts,
    complete: set[str],
    months: list[str],
    gaps: set[tuple[str, str]],
) -> tuple[Unit | None, str | None]:
    """The comparator as a unit of the comparison, or None and the reason it gives no figure."""
    las = data.local_authorities
    unknown = [c for c in codes if c not in las]
    if unknown:
        return None, f"{', '.join(unknown)} is not in the loaded geography"
    for code in codes:
        la = las[code]
        gap = next((m for m in months if la.force and (la.force, m) in gaps), None)
        if gap is not None:
            force = FORCES.get(la.force or "", la.force)
            return None, (
                f"{force}'s police.uk data for {month_label(gap)} is a gap in the crime store "
                "(missing or implausibly low)"
            )
        if la.population <= 0 or not covered(la, counts, complete, {"current": len(months)}):
            return None, f"the crime store does not hold {la.name}'s crimes for the whole period"
    return Unit(name, tuple(codes), sum(las[c].population for c in codes)), None


def _test(n: int, population: int, other: int, other_population: int, alpha: float) -> dict:
    """The area's rate against another: exact conditional test, rate ratio and its interval."""
    change = st.compare_periods(
        other,
        n,
        baseline_exposure=float(other_population),
        current_exposure=float(population),
        e_test=False,
    )
    significant = change.p_value < alpha
    if not significant:
        direction = "similar"
    else:
        direction = "higher" if n * other_population > other * population else "lower"
    upper = change.ci_upper
    return {
        "p_value": change.p_value,
        "significant": significant,
        "direction": direction,
        "rate_ratio": change.rate_ratio,
        "rate_ratio_ci": (
            None
            if change.ci_lower is None
            else [change.ci_lower, None if upper is None or math.isinf(upper) else upper]
        ),
    }


def funnel(
    area: Unit,
    units: list[Unit],
    count_of: Callable[[Unit], int],
    *,
    pooled: float,
    basis: str,
    kind: str,
) -> dict:
    """The funnel plot's data: every unit's rate against its population, the limits' curve around
    ``pooled`` and each unit's position (``result["peers"]``, drawn by charts.funnel_chart)."""
    areas: list[dict] = []
    for unit in [area, *units]:
        n = count_of(unit)
        cls = st.classify_against_funnel(n, unit.population, pooled)
        areas.append(
            {
                "code": ",".join(unit.codes),
                "name": unit.name,
                "population": unit.population,
                "current": n,
                "rate_per_1000": n / unit.population * 1000,
                "is_area": unit.is_area,
                "position_95": cls.level_95,
                "position_998": cls.level_998,
            }
        )
    populations = [u.population for u in [area, *units]]
    low, high = min(populations), max(populations)
    steps = 40
    grid = [low * 0.8 * ((high * 1.2) / (low * 0.8)) ** (i / steps) for i in range(steps + 1)]
    curve = [
        {
            "population": lim.population,
            "lower_95": lim.lower_95,
            "upper_95": lim.upper_95,
            "lower_998": lim.lower_998,
            "upper_998": lim.upper_998,
        }
        for lim in st.funnel_limits_many(pooled, grid)
    ]
    return {
        "kind": kind,
        "areas": sorted(areas, key=lambda a: a["name"]),
        "basis": basis,
        "count": len(areas),
        "pooled_rate_per_1000": pooled,
        "curve": curve,
    }


def funnel_position(n: int, population: int, pooled: float, areas: int) -> dict:
    """A category's place in the funnel around ``pooled`` (a category row's ``peers``)."""
    cls = st.classify_against_funnel(n, population, pooled)
    return {
        "pooled_rate_per_1000": pooled,
        "lower_95": cls.limits.lower_95,
        "upper_95": cls.limits.upper_95,
        "lower_998": cls.limits.lower_998,
        "upper_998": cls.limits.upper_998,
        "position_95": cls.level_95,
        "position_998": cls.level_998,
        "areas": areas,
    }


def compare(
    *,
    data: AreaExtract,
    counts: Counts,
    area_codes: list[str],
    comparators: Mapping | None,
    categories: list[str],
    all_crime: str,
    months: list[str],
    period_label: str,
    gaps: set[tuple[str, str]],
    alpha: float,
) -> dict:
    """The area's figures beside its county's and peer family's for the current period.

    ``result["comparators"]`` (docs/assessment.md): the county and each peer with whether it
    gives a figure (and why not), and per category (then all crime) the area's rate with the
    county's and the family's, the tests against them and the family's funnel position; the
    family's funnel plot data under ``funnel``.
    """
    out: dict = {
        "configured": is_configured(comparators),
        "period": period_label,
        "county": None,
        "peers": [],
        "family": None,
        "rows": [],
        "funnel": None,
    }
    if not out["configured"] or data.population <= 0:
        return out
    assert comparators is not None
    area_set = set(area_codes)
    area = Unit(data.area_name, tuple(area_codes), data.population, is_area=True)
    complete = forces_holding(data, months)
    las = data.local_authorities

    def unit_of(name: str, codes: list[str]) -> tuple[Unit | None, str | None]:
        return _unit(
            name, codes, data=data, counts=counts, complete=complete, months=months, gaps=gaps
        )

    county: Unit | None = None
    rest: tuple[str, ...] = ()
    setting = comparators.get("county")
    if setting and setting.get("codes"):
        county, reason = unit_of(setting["name"], list(setting["codes"]))
        rest = tuple(c for c in setting["codes"] if c not in area_set)
        if county is not None and not rest:
            county, reason = None, "it holds no area besides the partnership's own"
        out["county"] = {
            "name": setting["name"],
            "codes": list(setting["codes"]),
            "areas": [las[c].name for c in setting["codes"] if c in las],
            "population": county.population if county else 0,
            "available": county is not None,
            "reason": reason,
        }
    family: list[Unit] = []
    for peer in comparators.get("peers") or []:
        unit, reason = unit_of(peer["name"], list(peer["codes"]))
        if unit is not None and area_set & set(unit.codes):
            unit, reason = None, "it includes the partnership's own area"
        entry = {
            "name": peer["name"],
            "codes": list(peer["codes"]),
            "population": unit.population if unit else 0,
            "available": unit is not None,
            "reason": reason,
        }
        if unit is not None:
            family.append(unit)
            n = unit_count(counts, unit.codes, None)
            entry.update(current=n, rate_per_1000=n / unit.population * 1000)
        out["peers"].append(entry)
    family_population = sum(u.population for u in family)
    if family:
        out["family"] = {"areas": len(family), "population": family_population}
    rest_population = sum(las[c].population for c in rest) if county else 0
    for category in [*categories, None]:
        n = unit_count(counts, area_codes, category)
        row: dict = {
            "category": all_crime if category is None else category,
            "current": n,
            "rate_per_1000": n / data.population * 1000,
            "county": None,
            "family": None,
        }
        if county is not None:
            whole = unit_count(counts, county.codes, category)
            others = unit_count(counts, rest, category)
            row["county"] = {
                "current": whole,
                "population": county.population,
                "rate_per_1000": whole / county.population * 1000,
                **_test(n, data.population, others, rest_population, alpha),
            }
        if family:
            pooled_n = sum(unit_count(counts, u.codes, category) for u in family)
            rate = pooled_n / family_population * 1000
            row["family"] = {
                "current": pooled_n,
                "population": family_population,
                "rate_per_1000": rate,
                **_test(n, data.population, pooled_n, family_population, alpha),
                "funnel": funnel_position(n, data.population, rate, len(family)),
            }
        out["rows"].append(row)
    if family:
        pooled = out["rows"][-1]["family"]["rate_per_1000"]
        out["funnel"] = funnel(
            area,
            family,
            lambda u: unit_count(counts, u.codes, None),
            pooled=pooled,
            basis=all_crime,
            kind="family",
        )
    return out
