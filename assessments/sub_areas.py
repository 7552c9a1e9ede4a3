"""Wards and neighbourhoods (MSOAs) against the borough: level and trend, with tests of chance.

Seed 000 §3.2 asks the partnership to "reduce serious crime in the wards where the trend is
higher than the borough average". For each police.uk category (and all crime excluding
anti-social behaviour), each ward (from the partnership's LSOA → ward best-fit lookup) and each
MSOA gets its count in the current and the previous period, its rate per 1,000 residents (the
2011 census population of its LSOAs) and two comparisons with the whole borough:

* **level** — its count against the borough's rate times its population, by the exact Poisson
  test (:func:`assessments.statistics.exact_poisson_p`);
* **trend** — its split of crimes between the two periods against the borough's split, by the
  exact conditional binomial test (:func:`assessments.statistics.conditional_p_value` with the
  borough's two counts as the exposures).

A difference is "more than chance" when p is below :data:`ALPHA` (0.002, the level the
assessment's sub-area screen uses): a borough has dozens of wards and MSOAs and fifteen
categories, so at 0.05 many differences would be flagged by chance alone.

The counts are read once through ``crime.selectors`` (one GROUP BY LSOA, month and category over
the stored counts) and added up here, per ward and per MSOA. Plain Python and scipy; no SQL.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field

from assessments import statistics as st
from assessments.periods import Period
from assessments.strategic import ALL_CRIME, SUB_AREA_ALPHA
from crime.formats import ASB, CATEGORIES
from crime.selectors import LsoaPlace, PlaceCount

ALPHA = SUB_AREA_ALPHA
WARD = "ward"
MSOA = "msoa"


def p_words(p: float) -> str:
    """A p-value for a sentence: two significant figures, rounded down, so that a value just
    under the threshold never reads as the threshold itself ("p = 0.0019", "p < 0.0001")."""
    if p < 0.0001:
        return "p < 0.0001"
    if p >= 0.995:
        return "p = 1"
    exponent = math.floor(math.log10(p))
    step = 10.0 ** (exponent - 1)
    digits = max(0, 1 - exponent)
    return f"p = {math.floor(p / step + 1e-9) * step:.{digits}f}"


@dataclass(frozen=True)
class Comparison:
    """One comparison with the borough: which way, its p-value and whether it is beyond chance."""

    direction: str  # "higher", "lower", "same" or "untested"
    p_value: float | None = None
    reason: str = ""  # why it could not be tested

    @property
    def beyond_chance(self) -> bool:
        return self.p_value is not None and self.p_value < ALPHA

    @property
    def higher_beyond_chance(self) -> bool:
        return self.direction == "higher" and self.beyond_chance

    def words_and_p(self, subject: str = "") -> tuple[str, str]:
        """The comparison in words and its p-value: ("Higher than the borough, more than
        chance", "p = 0.0031"); with a subject, ("Trend higher than the borough's, …", …)."""
        if self.direction == "untested":
            return f"Not tested: {self.reason}", ""
        borough = "the borough's" if subject else "the borough"
        if self.direction == "same":
            return f"{subject} the same as {borough}" if subject else f"The same as {borough}", ""
        assert self.p_value is not None
        head = f"{subject} {self.direction}" if subject else self.direction.capitalize()
        chance = "more than chance" if self.beyond_chance else "could be chance"
        return f"{head} than {borough}, {chance}", p_words(self.p_value)

    def words(self, subject: str = "") -> str:
        """In plain words: "Higher than the borough, more than chance (p = 0.0031)"."""
        text, p = self.words_and_p(subject)
        return f"{text} ({p})" if p else text


@dataclass(frozen=True)
class SubAreaRow:
    """One ward or MSOA for one category."""

    code: str
    name: str
    population: int
    lsoas: int
    current: int
    baseline: int
    expected: float | None  # the borough's rate times the population
    level: Comparison
    trend: Comparison
    relative_trend: float | None  # (current / baseline) over the borough's (current / baseline)

    @property
    def rate_per_1000(self) -> float | None:
        return self.current / self.population * 1000 if self.population else None

    @property
    def change(self) -> int:
        return self.current - self.baseline

    @property
    def percent_change(self) -> float | None:
        return None if not self.baseline else 100 * (self.current - self.baseline) / self.baseline

    @property
    def trend_words(self) -> str:
        return self.trend.words("Trend")


@dataclass(frozen=True)
class Borough:
    """The whole area's figures for one category."""

    population: int
    current: int
    baseline: int

    @property
    def rate_per_1000(self) -> float | None:
        return self.current / self.population * 1000 if self.population else None

    @property
    def percent_change(self) -> float | None:
        return None if not self.baseline else 100 * (self.current - self.baseline) / self.baseline


@dataclass
class Unit:
    """A ward or MSOA: its name, LSOAs and residents."""

    code: str
    name: str
    lsoas: list[str] = field(default_factory=list)
    population: int = 0


@dataclass
class SubAreaCounts:
    """The area's counts per LSOA and category in each period, and its wards and MSOAs."""

    current: Period
    baseline: Period
    population: int
    lsoa_counts: dict[tuple[str, str], tuple[int, int]]  # (lsoa, category) → (current, baseline)
    units: dict[str, list[Unit]]  # "ward" (when a lookup is loaded) and "msoa"

    @property
    def categories(self) -> list[str]:
        held = {c for _, c in self.lsoa_counts}
        return [*CATEGORIES, *sorted(held - set(CATEGORIES))]


def sub_area_counts(
    *,
    lsoas: list[LsoaPlace],
    counts: list[PlaceCount],
    current: Period,
    baseline: Period,
    wards: Mapping[str, tuple[str, str]] | None,
) -> SubAreaCounts:
    """Add the LSOA-by-month counts up into each period, and group the LSOAs into units."""
    period_of = dict.fromkeys(current.months, 0) | dict.fromkeys(baseline.months, 1)
    sums: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    area = {p.lsoa_code for p in lsoas}
    for row in counts:
        which = period_of.get(row.month)
        if which is not None and row.code in area:
            sums[(row.code, row.crime_type)][which] += row.count
    units: dict[str, list[Unit]] = {}
    groups: dict[str, dict[str, Unit]] = {MSOA: {}}
    if wards is not None:
        groups[WARD] = {}
    for place in lsoas:
        keys = {MSOA: (place.msoa_code, place.msoa_name)}
        if wards is not None and place.lsoa_code in wards:
            keys[WARD] = wards[place.lsoa_code]
        for level, (code, name) in keys.items():
            unit = groups[level].setdefault(code, Unit(code, name))
            unit.lsoas.append(place.lsoa_code)
            unit.population += place.population
    for level, by_code in groups.items():
        units[level] = sorted(by_code.values(), key=lambda u: (u.name, u.code))
    return SubAreaCounts(
        current=current,
        baseline=baseline,
        population=sum(p.population for p in lsoas),
        lsoa_counts={k: (v[0], v[1]) for k, v in sums.items()},
        units=units,
    )


def _category_counts(counts: SubAreaCounts, category: str) -> dict[str, tuple[int, int]]:
    out: dict[str, tuple[int, int]] = {}
    for (lsoa, cat), (cur, base) in counts.lsoa_counts.items():
        if cat == category or (category == ALL_CRIME and cat != ASB):
            old = out.get(lsoa, (0, 0))
            out[lsoa] = (old[0] + cur, old[1] + base)
    return out


def _direction(a: float, b: float) -> str:
    return "higher" if a > b else "lower" if a < b else "same"


def compare_level(count: int, population: int, borough: Borough) -> tuple[Comparison, float | None]:
    """The unit's count against the borough's rate times its population (exact Poisson test)."""
    if population <= 0:
        return Comparison("untested", reason="no residents recorded"), None
    if borough.population <= 0:
        return Comparison("untested", reason="no borough population recorded"), None
    expected = borough.current / borough.population * population
    if expected == 0:
        if count == 0:
            return Comparison("same"), expected
        return Comparison("untested", reason="the borough recorded none"), expected
    direction = _direction(count, expected)
    if direction == "same":
        return Comparison("same", 1.0), expected
    return Comparison(direction, st.exact_poisson_p(count, expected)), expected


def compare_trend(current: int, baseline: int, borough: Borough) -> tuple[Comparison, float | None]:
    """The unit's split between the periods against the borough's (exact conditional test)."""
    if current + baseline == 0:
        return Comparison("untested", reason="no crimes in either period"), None
    if borough.current == 0 or borough.baseline == 0:
        return Comparison("untested", reason="the borough recorded none in one period"), None
    ratio = None if baseline == 0 else (current / baseline) / (borough.current / borough.baseline)
    direction = _direction(current * borough.baseline, baseline * borough.current)
    if direction == "same":
        return Comparison("same", 1.0), ratio
    p = st.conditional_p_value(
        baseline,
        current,
        baseline_exposure=float(borough.baseline),
        current_exposure=float(borough.current),
    )
    return Comparison(direction, p), ratio


@dataclass(frozen=True)
class CategoryReport:
    """Every ward (or MSOA) against the borough for one category."""

    category: str
    level: str
    borough: Borough
    rows: list[SubAreaRow]

    @property
    def level_higher(self) -> list[SubAreaRow]:
        return [r for r in self.rows if r.level.higher_beyond_chance]

    @property
    def trend_higher(self) -> list[SubAreaRow]:
        return [r for r in self.rows if r.trend.higher_beyond_chance]


def compare_units(counts: SubAreaCounts, *, category: str, level: str) -> CategoryReport:
    """Each ward or MSOA against the borough for one category (or ALL_CRIME)."""
    by_lsoa = _category_counts(counts, category)
    borough = Borough(
        counts.population,
        sum(c for c, _ in by_lsoa.values()),
        sum(b for _, b in by_lsoa.values()),
    )
    rows = []
    for unit in counts.units.get(level, []):
        cur = sum(by_lsoa.get(code, (0, 0))[0] for code in unit.lsoas)
        base = sum(by_lsoa.get(code, (0, 0))[1] for code in unit.lsoas)
        level_cmp, expected = compare_level(cur, unit.population, borough)
        trend_cmp, ratio = compare_trend(cur, base, borough)
        rows.append(
            SubAreaRow(
                unit.code,
                unit.name,
                unit.population,
                len(unit.lsoas),
                cur,
                base,
                expected,
                level_cmp,
                trend_cmp,
                ratio,
            )
        )
    return CategoryReport(category, level, borough, rows)


def wards_trend_higher(counts: SubAreaCounts) -> list[dict]:
    """Wards whose trend is higher than the borough's, more than chance, for every category.

    Anti-social behaviour is not screened, as in the assessment's MSOA screen. The rows are JSON
    for the strategic assessment's result.
    """
    found = []
    for category in [ALL_CRIME, *(c for c in counts.categories if c != ASB)]:
        report = compare_units(counts, category=category, level=WARD)
        for row in report.trend_higher:
            found.append(
                {
                    "code": row.code,
                    "name": row.name,
                    "category": category,
                    "population": row.population,
                    "current": row.current,
                    "baseline": row.baseline,
                    "percent_change": row.percent_change,
                    "borough_current": report.borough.current,
                    "borough_baseline": report.borough.baseline,
                    "borough_percent_change": report.borough.percent_change,
                    "relative_trend": row.relative_trend,
                    "p_value": row.trend.p_value,
                    "words": row.trend_words,
                }
            )
    return found
