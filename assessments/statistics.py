"""Pure statistical routines for the strategic assessment.

Everything here is plain Python plus scipy: no Django, no database and no pandas, so the
functions can be tested in isolation and reused from management commands, views or notebooks.
Results are returned as frozen dataclasses.

Contents (methods, formulas and references are set out in ``docs/statistics.md``):

* :func:`compare_periods` - change between two periods' counts: exact conditional (binomial)
  test, the Krishnamoorthy-Thomson E-test and an exact conditional rate-ratio interval.
* :func:`exact_poisson_p` - exact two-sided test of an observed count against an expected
  Poisson mean (a sub-area's count against the borough's rate times its population).
* :func:`rate_per_1000` - crude rate per 1,000 residents with Byar's approximate 95% interval
  (exact Poisson interval for counts below 10).
* :func:`pooled_rate_per_1000`, :func:`funnel_limits`, :func:`funnel_curve` and
  :func:`classify_against_funnel` - Poisson funnel plot control limits (95% and 99.8%) using
  Spiegelhalter's interpolated exact Poisson quantiles.
* :func:`c_chart` and :func:`xmr_chart` - statistical process control for monthly counts, with a
  multiplicative seasonal baseline when at least 36 months are available and run rules.
* :data:`DEFAULT_CATEGORY_WEIGHTS`, :func:`harm_weighted` and :func:`category_weights_from_offences`
  - harm weighting of police.uk categories, indicative weights informed by the ONS Crime
  Severity Score.
* :func:`repeat_location_proxy` - share of burglaries at police.uk snap points hit two or more
  times: a *proxy* for repeat victimisation, as police.uk carries no victim identifiers.
"""

from __future__ import annotations

import importlib
import math
from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from types import MappingProxyType
from typing import TYPE_CHECKING, Literal


class _ImportedOnUse:
    """A module imported the first time one of its names is used, then bound like an import.

    NumPy and SciPy cost a web worker ~60 MB and start-up time, and this module is imported by
    the assessment pages' views (so by the URLconf) although only assessment builds compute.
    """

    def __init__(self, name: str):
        self._name = name

    def __getattr__(self, attr: str):
        value = getattr(importlib.import_module(self._name), attr)
        setattr(self, attr, value)  # later uses are a plain attribute lookup
        return value


if TYPE_CHECKING:
    from numpy import ndarray

np = _ImportedOnUse("numpy")
stats = _ImportedOnUse("scipy.stats")

__all__ = [
    "DEFAULT_CATEGORY_WEIGHTS",
    "POLICE_UK_CATEGORIES",
    "FunnelClassification",
    "FunnelLimits",
    "PeriodChange",
    "RateEstimate",
    "RepeatLocationProxy",
    "SPCChart",
    "SPCPoint",
    "c_chart",
    "category_weights_from_offences",
    "classify_against_funnel",
    "compare_periods",
    "funnel_curve",
    "funnel_limits",
    "funnel_limits_many",
    "conditional_p_value",
    "e_test_p",
    "exact_poisson_p",
    "harm_weighted",
    "pooled_rate_per_1000",
    "rate_per_1000",
    "repeat_location_proxy",
    "xmr_chart",
]

PER = 1000.0
"""Rates in this module are expressed per 1,000 residents."""

FUNNEL_LEVELS: tuple[float, float] = (0.95, 0.998)
"""Two-sided coverage of the inner and outer funnel limits (about 2 and 3 standard deviations)."""

BYAR_MIN_COUNT = 10
"""Counts below this use the exact (Garwood) Poisson interval instead of Byar's approximation."""

XMR_SCALING = 2.66
"""Individuals-chart constant: 3 / d2 with d2 = 1.128 for moving ranges of two points."""

SEASONAL_MIN_POINTS = 36
"""Minimum number of monthly points before a seasonal baseline is fitted."""

Position = Literal["above", "below", "within"]
RunSide = Literal["above", "below"]


def _clip_probability(p: float) -> float:
    """Clamp a floating-point probability into [0, 1]."""
    return min(1.0, max(0.0, float(p)))


def _check_count(name: str, value: int) -> int:
    """Validate a non-negative integer count and return it as ``int``."""
    if isinstance(value, bool) or int(value) != value or value < 0:
        raise ValueError(f"{name} must be a non-negative integer, got {value!r}")
    return int(value)


def _check_positive(name: str, value: float) -> float:
    """Validate a strictly positive finite number and return it as ``float``."""
    if not (math.isfinite(value) and value > 0):
        raise ValueError(f"{name} must be positive and finite, got {value!r}")
    return float(value)


# ---------------------------------------------------------------------------------------------
# 1. Change between two periods
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PeriodChange:
    """Comparison of a current period's count with a baseline period's count.

    ``rate_ratio`` is (current / current_exposure) / (baseline / baseline_exposure). It is
    ``None`` when the baseline count is zero (the ratio is undefined or infinite). When the
    baseline is zero and the current count positive, ``ci_upper`` is ``math.inf``; when both
    counts are zero the interval is ``None`` and both p-values are 1.0. ``e_test_p_value`` is
    ``None`` when the E-test was not requested; it can underflow to 0.0 for very large changes.
    """

    baseline: int
    current: int
    baseline_exposure: float
    current_exposure: float
    p_value: float
    e_test_p_value: float | None
    rate_ratio: float | None
    ci_lower: float | None
    ci_upper: float | None
    confidence: float = 0.95
    method: str = "exact conditional binomial test; Clopper-Pearson rate-ratio interval"

    @property
    def change(self) -> int:
        """Absolute change in the count (current minus baseline)."""
        return self.current - self.baseline

    @property
    def percent_change(self) -> float | None:
        """Exposure-adjusted percentage change in the rate, or ``None`` if undefined."""
        return None if self.rate_ratio is None else 100.0 * (self.rate_ratio - 1.0)

    def significant(self, alpha: float = 0.05) -> bool:
        """Whether the exact conditional (headline) p-value is below ``alpha``."""
        return self.p_value < alpha


def compare_periods(
    baseline: int,
    current: int,
    *,
    baseline_exposure: float = 1.0,
    current_exposure: float = 1.0,
    confidence: float = 0.95,
    e_test: bool = True,
) -> PeriodChange:
    """Test and estimate the change in a Poisson rate between a baseline and a current period."""
    b = _check_count("baseline", baseline)
    c = _check_count("current", current)
    e_b = _check_positive("baseline_exposure", baseline_exposure)
    e_c = _check_positive("current_exposure", current_exposure)
    if not 0 < confidence < 1:
        raise ValueError(f"confidence must lie strictly between 0 and 1, got {confidence!r}")

    n = b + c
    if n == 0:
        return PeriodChange(
            b, c, e_b, e_c, 1.0, 1.0 if e_test else None, None, None, None, confidence
        )

    # Conditional on the total n, c ~ Binomial(n, p0) under H0: equal rates.
    p0 = e_c / (e_b + e_c)
    binom = stats.binomtest(c, n, p0, alternative="two-sided")
    p_value = _clip_probability(binom.pvalue)

    # Krishnamoorthy-Thomson E-test in scipy's order (k1, n1, k2, n2) = current then baseline,
    # summed row by row (see e_test_p_value) so large counts stay fast.
    e_test_p_value = None
    if e_test:
        e_test_p_value = _clip_probability(e_test_p(c, e_c, b, e_b))

    # Clopper-Pearson interval for p = c / n, mapped to the rate ratio by RR = p/(1-p) * E_b/E_c.
    # Closed form with the beta quantiles: the same interval scipy's proportion_ci(method="exact")
    # finds by root-finding, at a fraction of the cost.
    tail = (1 - confidence) / 2
    ci_low = 0.0 if c == 0 else float(stats.beta.ppf(tail, c, n - c + 1))
    ci_high = 1.0 if c == n else float(stats.beta.ppf(1 - tail, c + 1, n - c))
    scale = e_b / e_c

    def to_ratio(p: float) -> float:
        return math.inf if p >= 1.0 else p / (1.0 - p) * scale

    ci_lower = to_ratio(ci_low)
    ci_upper = to_ratio(ci_high)
    rate_ratio = None if b == 0 else (c / e_c) / (b / e_b)
    return PeriodChange(
        b, c, e_b, e_c, p_value, e_test_p_value, rate_ratio, ci_lower, ci_upper, confidence
    )


def e_test_p(k1: int, n1: float, k2: int, n2: float) -> float:
    """Two-sided E-test p-value, equal to ``scipy.stats.poisson_means_test`` (diff 0).

    scipy sums the Poisson probabilities of every (x1, x2) pair on a grid whose pivot statistic
    is at least as extreme as the observed one, which costs the square of the grid's width
    (seconds at 100,000 crimes). For a fixed x2 the statistic increases with x1, so the pairs
    counted form a prefix and a suffix of each row: the same terms are summed here from
    cumulative sums, finding each row's bounds by a vectorised binary search over the same grid.
    """
    lmbd_hat2 = (k1 + k2) / (n1 + n2)
    if lmbd_hat2 <= 0:
        return 1.0
    t_obs = abs((k1 / n1 - k2 / n2) / math.sqrt(k1 / (n1**2) + k2 / (n2**2)))
    mu1, mu2 = n1 * lmbd_hat2, n2 * lmbd_hat2
    x1_lb, x1_ub = stats.poisson.ppf([1e-10, 1 - 1e-16], mu1)
    x2_lb, x2_ub = stats.poisson.ppf([1e-10, 1 - 1e-16], mu2)
    x1 = np.arange(x1_lb, x1_ub + 1)
    x2 = np.arange(x2_lb, x2_ub + 1)
    prob_x1 = stats.poisson.pmf(x1, mu1)
    prob_x2 = stats.poisson.pmf(x2, mu2)
    cumulative = np.concatenate(([0.0], np.cumsum(prob_x1)))
    lmbd_x2 = x2 / n2

    def pivot(i: ndarray) -> ndarray:
        lmbd_x1 = x1[i] / n1
        with np.errstate(invalid="ignore", divide="ignore"):
            return (lmbd_x1 - lmbd_x2) / np.sqrt(lmbd_x1 / n1 + lmbd_x2 / n2)

    def first_index(condition) -> ndarray:
        """Per row, the first x1 index where the (monotone) condition holds, else len(x1)."""
        lo = np.zeros(len(x2), dtype=np.int64)
        hi = np.full(len(x2), len(x1), dtype=np.int64)
        while np.any(lo < hi):
            mid = (lo + hi) // 2
            ok = condition(np.minimum(mid, len(x1) - 1)) & (mid < len(x1))
            hi = np.where((lo < hi) & ok, mid, hi)
            lo = np.where((lo < hi) & ~ok, mid + 1, lo)
        return lo

    upper_start = first_index(lambda i: pivot(i) >= t_obs)
    lower_end = first_index(lambda i: ~(pivot(i) <= -t_obs))
    if t_obs == 0:
        # Every pair but the undefined 0/0 one counts; prefix and suffix would overlap.
        row_sums = np.full(len(x2), cumulative[-1])
        if x1[0] == 0 and x2[0] == 0:
            row_sums[0] -= prob_x1[0]
    else:
        row_sums = (cumulative[-1] - cumulative[upper_start]) + cumulative[lower_end]
    return float(np.sum(prob_x2 * row_sums))


def conditional_p_value(
    baseline: int, current: int, *, baseline_exposure: float = 1.0, current_exposure: float = 1.0
) -> float:
    """The exact conditional two-sided p-value alone (compare_periods' headline), fast."""
    b = _check_count("baseline", baseline)
    c = _check_count("current", current)
    e_b = _check_positive("baseline_exposure", baseline_exposure)
    e_c = _check_positive("current_exposure", current_exposure)
    if b + c == 0:
        return 1.0
    return _clip_probability(stats.binomtest(c, b + c, e_c / (e_b + e_c)).pvalue)


def exact_poisson_p(observed: int, expected: float) -> float:
    """Exact two-sided p-value of ``observed`` under Poisson(``expected``), as R's poisson.test.

    The p-value sums the probabilities of every count no more likely than the one observed (the
    "minimum likelihood" rule binomtest uses too), with R's relative tolerance of 1e-7 for ties.
    Both tails are summed from scipy's cumulative functions after a search for where the far
    tail starts, so a count in the thousands costs no more than one in the tens.
    """
    k = _check_count("observed", observed)
    if not (math.isfinite(expected) and expected >= 0):
        raise ValueError(f"expected must be non-negative and finite, got {expected!r}")
    mu = float(expected)
    if mu == 0:
        return 1.0 if k == 0 else 0.0
    if k == mu:
        return 1.0
    d = float(stats.poisson.pmf(k, mu)) * (1 + 1e-7)
    if k < mu:
        # Counts above the mean as unlikely as k: the first such count n, found by doubling then
        # bisection over the (decreasing) upper tail.
        low = math.ceil(mu)
        high = max(low, 2 * low - k)
        while float(stats.poisson.pmf(high, mu)) > d:
            high *= 2
        while low < high:
            mid = (low + high) // 2
            if float(stats.poisson.pmf(mid, mu)) <= d:
                high = mid
            else:
                low = mid + 1
        return _clip_probability(stats.poisson.cdf(k, mu) + stats.poisson.sf(low - 1, mu))
    # k > mu: counts below the mean as unlikely as k are 0 .. last; the lower tail increases.
    low, high = 0, math.floor(mu)
    if float(stats.poisson.pmf(0, mu)) > d:
        return _clip_probability(stats.poisson.sf(k - 1, mu))
    while low < high:
        mid = (low + high + 1) // 2
        if float(stats.poisson.pmf(mid, mu)) <= d:
            low = mid
        else:
            high = mid - 1
    return _clip_probability(stats.poisson.cdf(low, mu) + stats.poisson.sf(k - 1, mu))


# ---------------------------------------------------------------------------------------------
# 2. Rates per 1,000 with confidence intervals
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RateEstimate:
    """A crude rate per 1,000 residents with its confidence interval."""

    count: int
    population: float
    rate: float
    lower: float
    upper: float
    confidence: float
    method: Literal["byar", "exact"]


def _exact_poisson_interval(count: int, confidence: float) -> tuple[float, float]:
    """Exact (Garwood, chi-square based) interval for a Poisson mean given an observed count."""
    alpha = 1.0 - confidence
    lower = 0.0 if count == 0 else float(stats.chi2.ppf(alpha / 2, 2 * count)) / 2
    upper = float(stats.chi2.ppf(1 - alpha / 2, 2 * count + 2)) / 2
    return lower, upper


def _byar_interval(count: int, confidence: float) -> tuple[float, float]:
    """Byar's approximation to the exact Poisson interval for an observed count (count > 0)."""
    z = float(stats.norm.ppf(1 - (1 - confidence) / 2))
    o = float(count)
    lower = o * (1 - 1 / (9 * o) - z / (3 * math.sqrt(o))) ** 3
    o1 = o + 1
    upper = o1 * (1 - 1 / (9 * o1) + z / (3 * math.sqrt(o1))) ** 3
    return lower, upper


def rate_per_1000(count: int, population: float, *, confidence: float = 0.95) -> RateEstimate:
    """Rate per 1,000 residents with Byar's CI (exact Poisson CI when the count is below 10)."""
    o = _check_count("count", count)
    pop = _check_positive("population", population)
    if not 0 < confidence < 1:
        raise ValueError(f"confidence must lie strictly between 0 and 1, got {confidence!r}")
    if o < BYAR_MIN_COUNT:
        low, high = _exact_poisson_interval(o, confidence)
        method: Literal["byar", "exact"] = "exact"
    else:
        low, high = _byar_interval(o, confidence)
        method = "byar"
    factor = PER / pop
    return RateEstimate(o, pop, o * factor, low * factor, high * factor, confidence, method)


# ---------------------------------------------------------------------------------------------
# 3. Funnel plots
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FunnelLimits:
    """Funnel plot control limits (rates per 1,000) for one population size."""

    population: float
    expected: float
    centre: float
    lower_95: float
    upper_95: float
    lower_998: float
    upper_998: float


@dataclass(frozen=True, slots=True)
class FunnelClassification:
    """Position of one unit's rate relative to the funnel limits at both levels."""

    count: int
    population: float
    rate: float
    limits: FunnelLimits
    level_95: Position
    level_998: Position


def _interpolated_poisson_quantile(p: float, mu: float) -> float:
    """Spiegelhalter's interpolated p-quantile of Poisson(mu), a continuous count."""
    if mu == 0:
        return 0.0
    r = float(stats.poisson.ppf(p, mu))
    cdf_r = float(stats.poisson.cdf(r, mu))
    cdf_below = float(stats.poisson.cdf(r - 1, mu)) if r >= 1 else 0.0
    alpha = (cdf_r - p) / (cdf_r - cdf_below)
    return r - alpha


def pooled_rate_per_1000(counts: Iterable[int], populations: Iterable[float]) -> float:
    """Pooled (overall) rate per 1,000: total count over total population."""
    total_count = sum(_check_count("count", c) for c in counts)
    total_population = sum(_check_positive("population", p) for p in populations)
    if total_population <= 0:
        raise ValueError("at least one population is required")
    return total_count / total_population * PER


def funnel_limits(pooled_rate: float, population: float) -> FunnelLimits:
    """Poisson funnel limits (95% and 99.8%) per 1,000 around ``pooled_rate`` for one population."""
    pop = _check_positive("population", population)
    if not (math.isfinite(pooled_rate) and pooled_rate >= 0):
        raise ValueError(f"pooled_rate must be non-negative and finite, got {pooled_rate!r}")
    expected = pooled_rate / PER * pop
    factor = PER / pop
    limits: list[float] = []
    for level in FUNNEL_LEVELS:
        tail = (1 - level) / 2
        # Clamp so that 0 <= lower <= expected <= upper; this only binds for expected counts
        # below about 0.03 (95%) or 0.001 (99.8%), where the interpolation is degenerate.
        low = min(expected, max(0.0, _interpolated_poisson_quantile(tail, expected)))
        high = max(expected, _interpolated_poisson_quantile(1 - tail, expected))
        limits.extend((low * factor, high * factor))
    return FunnelLimits(pop, expected, float(pooled_rate), *limits)


def funnel_limits_many(pooled_rate: float, populations: Iterable[float]) -> list[FunnelLimits]:
    """:func:`funnel_limits` for many populations at once (vectorised; the same numbers)."""
    pops = np.array([_check_positive("population", p) for p in populations], dtype=float)
    if not (math.isfinite(pooled_rate) and pooled_rate >= 0):
        raise ValueError(f"pooled_rate must be non-negative and finite, got {pooled_rate!r}")
    if len(pops) == 0:
        return []
    expected = pooled_rate / PER * pops
    factor = PER / pops
    columns: list = []
    for level in FUNNEL_LEVELS:
        tail = (1 - level) / 2
        low = np.minimum(expected, np.maximum(0.0, _interpolated_quantiles(tail, expected)))
        high = np.maximum(expected, _interpolated_quantiles(1 - tail, expected))
        columns.extend((low * factor, high * factor))
    return [
        FunnelLimits(float(p), float(e), float(pooled_rate), *(float(c[i]) for c in columns))
        for i, (p, e) in enumerate(zip(pops, expected, strict=True))
    ]


def _interpolated_quantiles(p: float, mu: ndarray) -> ndarray:
    """Vectorised :func:`_interpolated_poisson_quantile` (0 where mu is 0)."""
    safe = np.where(mu > 0, mu, 1.0)
    r = stats.poisson.ppf(p, safe)
    cdf_r = stats.poisson.cdf(r, safe)
    cdf_below = np.where(r >= 1, stats.poisson.cdf(r - 1, safe), 0.0)
    alpha = (cdf_r - p) / (cdf_r - cdf_below)
    return np.where(mu > 0, r - alpha, 0.0)


def funnel_curve(pooled_rate: float, populations: Iterable[float]) -> list[FunnelLimits]:
    """Funnel limits for each population in ``populations`` (for drawing the funnel)."""
    return [funnel_limits(pooled_rate, p) for p in populations]


def _position(rate: float, lower: float, upper: float) -> Position:
    """Place ``rate`` strictly above, strictly below or within [lower, upper]."""
    if rate > upper:
        return "above"
    if rate < lower:
        return "below"
    return "within"


def classify_against_funnel(
    count: int, population: float, pooled_rate: float
) -> FunnelClassification:
    """Classify a unit's rate as above, below or within the 95% and 99.8% funnel limits."""
    o = _check_count("count", count)
    limits = funnel_limits(pooled_rate, population)
    rate = o / limits.population * PER
    return FunnelClassification(
        o,
        limits.population,
        rate,
        limits,
        _position(rate, limits.lower_95, limits.upper_95),
        _position(rate, limits.lower_998, limits.upper_998),
    )


# ---------------------------------------------------------------------------------------------
# 4. Statistical process control for monthly counts
# ---------------------------------------------------------------------------------------------

MonthLike = str | date


@dataclass(frozen=True, slots=True)
class SPCPoint:
    """One month on an SPC chart with its own centre line, limits and signals."""

    month: str
    value: float
    centre: float
    lower: float
    upper: float
    beyond_upper: bool
    beyond_lower: bool
    run: RunSide | None

    @property
    def signal(self) -> bool:
        """Whether this point triggers any rule (beyond a limit or part of a long run)."""
        return self.beyond_upper or self.beyond_lower or self.run is not None


@dataclass(frozen=True, slots=True)
class SPCChart:
    """An SPC chart (c-chart or XmR) for a monthly series.

    ``seasonal_indices`` holds the 12 multiplicative indices, January first, when a seasonal
    baseline was fitted, and is None otherwise.
    """

    chart: Literal["c", "xmr"]
    points: tuple[SPCPoint, ...]
    mean: float
    seasonal: bool
    seasonal_indices: tuple[float, ...] | None
    moving_range_mean: float | None
    run_length: int

    @property
    def signals(self) -> tuple[SPCPoint, ...]:
        """The points that trigger any rule."""
        return tuple(p for p in self.points if p.signal)


def _parse_month(value: MonthLike) -> tuple[int, int]:
    """Return (year, month) from a 'YYYY-MM' string (a trailing '-DD' is ignored) or a date."""
    if isinstance(value, date):
        return value.year, value.month
    parts = str(value).strip().split("-")
    if len(parts) < 2:
        raise ValueError(f"month must look like 'YYYY-MM', got {value!r}")
    year, month = int(parts[0]), int(parts[1])
    if not 1 <= month <= 12:
        raise ValueError(f"month out of range in {value!r}")
    return year, month


def _prepare_series(series: Iterable[tuple[MonthLike, float]]) -> list[tuple[int, int, float]]:
    """Sort a monthly series by month and reject duplicates, negatives and non-finite values."""
    rows: list[tuple[int, int, float]] = []
    for month, value in series:
        v = float(value)
        if not math.isfinite(v) or v < 0:
            raise ValueError(f"monthly counts must be non-negative and finite, got {value!r}")
        rows.append((*_parse_month(month), v))
    rows.sort(key=lambda r: (r[0], r[1]))
    for a, b in zip(rows, rows[1:], strict=False):
        if a[:2] == b[:2]:
            raise ValueError(f"duplicate month {a[0]:04d}-{a[1]:02d}")
    if not rows:
        raise ValueError("the series is empty")
    return rows


def _seasonal_indices(rows: list[tuple[int, int, float]]) -> tuple[dict[int, float], float] | None:
    """Multiplicative seasonal indices per calendar month and the level they multiply.

    The level is the mean of the 12 calendar-month means, so the indices average exactly 1 and
    level x index equals that calendar month's mean. Returns None when there are fewer than 36
    points, a calendar month is missing, or a calendar month's mean is zero.
    """
    if len(rows) < SEASONAL_MIN_POINTS:
        return None
    by_month: dict[int, list[float]] = defaultdict(list)
    for _, month, value in rows:
        by_month[month].append(value)
    if len(by_month) < 12:
        return None
    month_means = {m: sum(v) / len(v) for m, v in by_month.items()}
    level = sum(month_means.values()) / 12
    if min(month_means.values()) <= 0:
        return None
    return {m: month_means[m] / level for m in range(1, 13)}, level


def _flag_runs(values: list[float], centres: list[float], run_length: int) -> list[RunSide | None]:
    """Mark every point in a run of at least ``run_length`` consecutive points on one side.

    A point exactly on its centre line belongs to neither side and ends any run.
    """
    sides: list[RunSide | None] = [
        "above" if v > c else "below" if v < c else None
        for v, c in zip(values, centres, strict=True)
    ]
    flags: list[RunSide | None] = [None] * len(values)
    start = 0
    while start < len(sides):
        end = start
        while end + 1 < len(sides) and sides[end + 1] == sides[start]:
            end += 1
        if sides[start] is not None and end - start + 1 >= run_length:
            for i in range(start, end + 1):
                flags[i] = sides[start]
        start = end + 1
    return flags


def _build_chart(
    chart: Literal["c", "xmr"],
    rows: list[tuple[int, int, float]],
    centres: list[float],
    lowers: list[float],
    uppers: list[float],
    *,
    mean: float,
    indices: dict[int, float] | None,
    mr_bar: float | None,
    run_length: int,
) -> SPCChart:
    """Assemble per-point results and signals into an :class:`SPCChart`."""
    values = [r[2] for r in rows]
    runs = _flag_runs(values, centres, run_length)
    points = tuple(
        SPCPoint(
            month=f"{y:04d}-{m:02d}",
            value=v,
            centre=c,
            lower=lo,
            upper=hi,
            beyond_upper=v > hi,
            beyond_lower=v < lo,
            run=run,
        )
        for (y, m, v), c, lo, hi, run in zip(rows, centres, lowers, uppers, runs, strict=True)
    )
    seasonal_indices = None if indices is None else tuple(indices[m] for m in range(1, 13))
    return SPCChart(chart, points, mean, indices is not None, seasonal_indices, mr_bar, run_length)


def c_chart(
    series: Iterable[tuple[MonthLike, float]], *, seasonal: bool = True, run_length: int = 8
) -> SPCChart:
    """c-chart for monthly counts: mean +/- 3*sqrt(centre), lower floored at 0, with run rules."""
    if run_length < 2:
        raise ValueError("run_length must be at least 2")
    rows = _prepare_series(series)
    mean = sum(r[2] for r in rows) / len(rows)
    seasonal_fit = _seasonal_indices(rows) if seasonal else None
    if seasonal_fit is None:
        indices, centres = None, [mean] * len(rows)
    else:
        indices, level = seasonal_fit
        centres = [level * indices[m] for _, m, _ in rows]
    lowers = [max(0.0, c - 3 * math.sqrt(c)) for c in centres]
    uppers = [c + 3 * math.sqrt(c) for c in centres]
    return _build_chart(
        "c",
        rows,
        centres,
        lowers,
        uppers,
        mean=mean,
        indices=indices,
        mr_bar=None,
        run_length=run_length,
    )


def xmr_chart(
    series: Iterable[tuple[MonthLike, float]], *, seasonal: bool = True, run_length: int = 8
) -> SPCChart:
    """XmR (individuals) chart: mean +/- 2.66*MR-bar, lower floored at 0, with run rules."""
    if run_length < 2:
        raise ValueError("run_length must be at least 2")
    rows = _prepare_series(series)
    if len(rows) < 2:
        raise ValueError("an XmR chart needs at least two points")
    mean = sum(r[2] for r in rows) / len(rows)
    seasonal_fit = _seasonal_indices(rows) if seasonal else None
    if seasonal_fit is None:
        indices, level = None, mean
    else:
        indices, level = seasonal_fit
    factors = [1.0 if indices is None else indices[m] for _, m, _ in rows]
    # Work on the deseasonalised series (value / index), whose centre is the level, then
    # re-apply the seasonal index to the centre and limits.
    adjusted = [r[2] / f for r, f in zip(rows, factors, strict=True)]
    moving_ranges = [abs(b - a) for a, b in zip(adjusted, adjusted[1:], strict=False)]
    mr_bar = sum(moving_ranges) / len(moving_ranges)
    centres = [level * f for f in factors]
    lowers = [max(0.0, (level - XMR_SCALING * mr_bar) * f) for f in factors]
    uppers = [(level + XMR_SCALING * mr_bar) * f for f in factors]
    return _build_chart(
        "xmr",
        rows,
        centres,
        lowers,
        uppers,
        mean=mean,
        indices=indices,
        mr_bar=mr_bar,
        run_length=run_length,
    )


# ---------------------------------------------------------------------------------------------
# 5. Harm weighting
# ---------------------------------------------------------------------------------------------

POLICE_UK_CATEGORIES: tuple[str, ...] = (
    "Anti-social behaviour",
    "Bicycle theft",
    "Burglary",
    "Criminal damage and arson",
    "Drugs",
    "Other crime",
    "Other theft",
    "Possession of weapons",
    "Public order",
    "Robbery",
    "Shoplifting",
    "Theft from the person",
    "Vehicle crime",
    "Violence and sexual offences",
)
"""The 14 categories currently published by police.uk street-level crime data."""

DEFAULT_CATEGORY_WEIGHTS: Mapping[str, float] = MappingProxyType(
    {
        # INDICATIVE, rounded, order-of-magnitude values in CSS units (custody-equivalent
        # days per offence). They are NOT taken from the ONS weights file and should be
        # replaced by weights computed with category_weights_from_offences() from the current
        # ONS file and local volumes. The partnership may edit them. See docs/statistics.md.
        "Anti-social behaviour": 0.0,  # not a notifiable offence: no CSS weight exists
        "Bicycle theft": 10.0,
        "Burglary": 300.0,
        "Criminal damage and arson": 20.0,
        "Drugs": 100.0,
        "Other crime": 50.0,
        "Other theft": 15.0,
        "Possession of weapons": 80.0,
        "Public order": 20.0,
        "Robbery": 500.0,
        "Shoplifting": 5.0,
        "Theft from the person": 50.0,
        "Vehicle crime": 40.0,
        "Violence and sexual offences": 100.0,
    }
)
"""Indicative harm weights per police.uk category, editable by the partnership.

Derivation (intended): the ONS Crime Severity Score (CSS) gives each Home Office offence code a
weight equal to the average sentence, in custody-equivalent days, handed down for that offence
(non-custodial sentences converted to equivalent days), computed from Ministry of Justice
sentencing data over several years. A police.uk category weight is then the offence-volume-
weighted mean of the weights of the offence codes that police.uk maps into that category:
w_cat = sum(w_o * v_o) / sum(v_o) (see :func:`category_weights_from_offences`).

Source: ONS (2016), "Research outputs: developing a Crime Severity Score for England and Wales
using data on crimes recorded by the police", and the CSS offence weights file that ONS
publishes with the annual update. That file could not be consulted when these values were set,
so they are rounded, indicative magnitudes reflecting the relative severity ordering of the CSS
(robbery and burglary high; violence and sexual offences high on average because of a minority
of very heavily weighted offences; shoplifting, bicycle theft and criminal damage low). They do
not carry the precision of the published weights. Anti-social behaviour is not a notifiable
offence, so it has no CSS weight; it is given 0 so that harm scores cover crime only.

The mapping is read-only; to edit, copy it: ``weights = dict(DEFAULT_CATEGORY_WEIGHTS)``.
"""


def harm_weighted(counts: Mapping[str, int], weights: Mapping[str, float]) -> float:
    """Harm-weighted total: sum of count x weight over categories (unknown categories raise)."""
    missing = sorted(cat for cat, n in counts.items() if n and cat not in weights)
    if missing:
        raise ValueError(f"no harm weight for categories: {', '.join(missing)}")
    total = 0.0
    for cat, n in counts.items():
        _check_count(f"count for {cat!r}", n)
        if n:
            total += n * float(weights[cat])
    return total


def category_weights_from_offences(
    offence_weights: Mapping[str, float],
    offence_volumes: Mapping[str, float],
    offence_to_category: Mapping[str, str],
) -> dict[str, float]:
    """Category weights as the volume-weighted mean of offence-code CSS weights."""
    numerator: dict[str, float] = defaultdict(float)
    denominator: dict[str, float] = defaultdict(float)
    for code, category in offence_to_category.items():
        volume = float(offence_volumes.get(code, 0.0))
        if volume < 0:
            raise ValueError(f"negative volume for offence {code!r}")
        if volume == 0:
            continue
        if code not in offence_weights:
            raise ValueError(f"no CSS weight for offence {code!r}")
        numerator[category] += float(offence_weights[code]) * volume
        denominator[category] += volume
    return {cat: numerator[cat] / denominator[cat] for cat in denominator}


# ---------------------------------------------------------------------------------------------
# 6. Repeat-location proxy for burglary
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RepeatLocationProxy:
    """Share of crimes at snap points hit at least ``min_hits`` times (a proxy, not victims)."""

    total_crimes: int
    repeat_location_crimes: int
    locations: int
    repeat_locations: int
    share: float | None
    first_month: str | None
    last_month: str | None
    min_hits: int


def repeat_location_proxy(
    records: Iterable[tuple[Hashable, MonthLike]],
    *,
    window_months: int | None = 12,
    min_hits: int = 2,
) -> RepeatLocationProxy:
    """Repeat-location proxy: share of crimes at police.uk snap points hit >= ``min_hits`` times."""
    if min_hits < 2:
        raise ValueError("min_hits must be at least 2")
    rows = [(key, _parse_month(month)) for key, month in records]
    if window_months is not None:
        if window_months < 1:
            raise ValueError("window_months must be at least 1")
        if rows:
            y, m = max(ym for _, ym in rows)
            last_index = y * 12 + (m - 1)
            first_index = last_index - window_months + 1
            rows = [(k, ym) for k, ym in rows if ym[0] * 12 + (ym[1] - 1) >= first_index]
    hits = Counter(key for key, _ in rows)
    total = sum(hits.values())
    repeat_counts = [n for n in hits.values() if n >= min_hits]
    repeat_crimes = sum(repeat_counts)
    months = sorted(ym for _, ym in rows)
    fmt = "{:04d}-{:02d}".format
    return RepeatLocationProxy(
        total_crimes=total,
        repeat_location_crimes=repeat_crimes,
        locations=len(hits),
        repeat_locations=len(repeat_counts),
        share=repeat_crimes / total if total else None,
        first_month=fmt(*months[0]) if months else None,
        last_month=fmt(*months[-1]) if months else None,
        min_hits=min_hits,
    )
