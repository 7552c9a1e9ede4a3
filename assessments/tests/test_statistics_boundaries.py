"""Boundaries and labels in assessments/statistics.py that the mutation run found untested.

Each test here kills a mutant that survived `make mutation` (docs/testing.md): a p-value equal
to alpha called significant, a point on its lower control limit called beyond it, the shortest
allowed run or window refused, a chart's kind or a rate's population lost, an error that stopped
naming the argument at fault.
"""

from __future__ import annotations

import math

import pytest
from scipy import stats

from assessments import statistics as statistics_module
from assessments.statistics import (
    PeriodChange,
    c_chart,
    category_weights_from_offences,
    classify_against_funnel,
    compare_periods,
    conditional_p_value,
    e_test_p,
    funnel_limits,
    funnel_limits_many,
    harm_weighted,
    pooled_rate_per_1000,
    rate_per_1000,
    repeat_location_proxy,
    xmr_chart,
)


def _change(p_value: float) -> PeriodChange:
    return PeriodChange(10, 20, 1.0, 1.0, p_value, None, 2.0, 1.0, 4.0)


def test_significant_means_strictly_below_alpha_which_defaults_to_five_percent():
    assert _change(0.049).significant()
    assert not _change(0.05).significant()  # on the threshold is not below it
    assert not _change(0.5).significant()
    assert _change(0.06).significant(alpha=0.1)
    assert not _change(0.1).significant(alpha=0.1)


def test_equal_counts_over_unequal_exposures_are_tested_not_assumed_equal():
    """5 crimes in 1 month against 5 in 3: the rate fell, and p is binomtest(5, 10, 3/4)."""
    expected = stats.binomtest(5, 10, 3 / 4).pvalue
    assert expected < 0.2
    assert conditional_p_value(5, 5, baseline_exposure=1, current_exposure=3) == pytest.approx(
        expected, rel=1e-12
    )


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"baseline": -1, "current": 1}, r"^baseline must be a non-negative integer, got -1$"),
        ({"baseline": 1, "current": 1.5}, r"^current must be a non-negative integer, got 1.5$"),
        (
            {"baseline": 1, "current": 1, "baseline_exposure": 0},
            r"^baseline_exposure must be positive and finite, got 0$",
        ),
        (
            {"baseline": 1, "current": 1, "current_exposure": math.inf},
            r"^current_exposure must be positive and finite, got inf$",
        ),
    ],
)
def test_bad_arguments_are_named_exactly_in_the_error(kwargs, message):
    with pytest.raises(ValueError, match=message):
        conditional_p_value(**kwargs)
    with pytest.raises(ValueError, match=message):
        compare_periods(**kwargs)


def test_rate_per_1000_keeps_the_population_and_refuses_confidence_zero_or_one():
    result = rate_per_1000(12, 4_000)
    assert (result.count, result.population, result.rate) == (12, 4_000.0, 3.0)
    for confidence in (0.0, 1.0):
        with pytest.raises(ValueError, match=r"^confidence must lie strictly between 0 and 1"):
            rate_per_1000(12, 4_000, confidence=confidence)


def test_pooled_rate_accepts_populations_below_one():
    """Populations are any positive size (thousands of residents, say), not whole people."""
    assert pooled_rate_per_1000([1, 2], [0.25, 0.5]) == pytest.approx(4000.0)
    with pytest.raises(ValueError, match="at least one population is required"):
        pooled_rate_per_1000([], [])


def test_classify_against_funnel_names_a_bad_count():
    with pytest.raises(ValueError, match=r"^count must be a non-negative integer, got -1$"):
        classify_against_funnel(-1, 1_000, 4.0)


def _months(values):
    return [(f"2015-{i + 1:02d}", v) for i, v in enumerate(values)]


def test_a_month_on_the_lower_limit_is_not_beyond_it():
    """Mean 2, so the c-chart's lower limit 2 - 3*sqrt(2) is floored at 0: a month with 0 sits on it."""
    chart = c_chart(_months([0, 4, 2, 2, 2, 2]), seasonal=False)
    assert chart.points[0].lower == 0.0 and chart.points[0].value == 0.0
    assert not chart.points[0].beyond_lower
    assert not chart.points[0].signal
    xmr = xmr_chart(_months([0, 0, 0, 0]), seasonal=False)  # every limit 0, every value 0
    assert not any(p.beyond_lower or p.beyond_upper for p in xmr.points)


def test_charts_say_which_kind_they_are():
    assert c_chart(_months([3, 4, 5])).chart == "c"
    assert xmr_chart(_months([3, 4, 5])).chart == "xmr"


@pytest.mark.parametrize("chart", [c_chart, xmr_chart])
def test_the_shortest_run_rule_allowed_is_two_points(chart):
    result = chart(_months([1, 5, 5, 1, 1]), seasonal=False, run_length=2)
    assert result.run_length == 2
    assert [p.run for p in result.points] == [None, "above", "above", "below", "below"]
    with pytest.raises(ValueError, match=r"^run_length must be at least 2$"):
        chart(_months([1, 5, 5, 1, 1]), run_length=1)


def test_an_xmr_chart_of_one_month_is_refused_with_a_reason():
    with pytest.raises(ValueError, match=r"^an XmR chart needs at least two points$"):
        xmr_chart(_months([3]))


def test_category_weights_accept_fractional_volumes_and_name_a_missing_weight():
    weights = category_weights_from_offences(
        {"28E": 100.0, "28F": 300.0},
        {"28E": 0.5, "28F": 0.5},
        {"28E": "Burglary", "28F": "Burglary"},
    )
    assert weights == {"Burglary": pytest.approx(200.0)}
    with pytest.raises(ValueError, match=r"^no CSS weight for offence '28F'$"):
        category_weights_from_offences({"28E": 1.0}, {"28F": 2.0}, {"28F": "Burglary"})
    with pytest.raises(ValueError, match=r"^negative volume for offence '28E'$"):
        category_weights_from_offences({"28E": 1.0}, {"28E": -0.5}, {"28E": "Burglary"})


def test_a_one_month_window_counts_only_the_latest_month():
    records = [("a", "2018-06"), ("a", "2018-06"), ("b", "2018-07"), ("b", "2018-07")]
    result = repeat_location_proxy(records, window_months=1)
    assert (result.total_crimes, result.first_month, result.last_month) == (2, "2018-07", "2018-07")
    two = repeat_location_proxy(records + [("c", "2018-05")], window_months=2)
    assert (two.total_crimes, two.first_month) == (4, "2018-06")
    with pytest.raises(ValueError, match=r"^window_months must be at least 1$"):
        repeat_location_proxy(records, window_months=0)
    with pytest.raises(ValueError, match=r"^min_hits must be at least 2$"):
        repeat_location_proxy(records, min_hits=1)


@pytest.mark.parametrize("chart", [c_chart, xmr_chart])
def test_a_bad_series_is_refused_with_a_reason(chart):
    with pytest.raises(ValueError, match=r"^the series is empty$"):
        chart([])
    with pytest.raises(
        ValueError, match=r"^monthly counts must be non-negative and finite, got -1$"
    ):
        chart([("2015-01", 3), ("2015-02", -1)])
    with pytest.raises(
        ValueError, match=r"^monthly counts must be non-negative and finite, got nan$"
    ):
        chart([("2015-01", 3), ("2015-02", math.nan)])
    with pytest.raises(ValueError, match=r"^duplicate month 2015-01$"):
        chart([("2015-01", 3), ("2015-01-15", 4)])
    with pytest.raises(ValueError, match=r"^month must look like 'YYYY-MM', got '2015'$"):
        chart([("2015", 3), ("2015-02", 4)])
    with pytest.raises(ValueError, match=r"^month out of range in '2015-13'$"):
        chart([("2015-13", 3), ("2015-02", 4)])


def test_compare_periods_keeps_the_exposures_it_was_given():
    for b, c in ((0, 0), (100, 121)):
        result = compare_periods(b, c, baseline_exposure=12, current_exposure=11)
        assert (result.baseline_exposure, result.current_exposure) == (12.0, 11.0)


def test_funnel_limits_name_a_bad_population():
    from assessments.statistics import funnel_limits, funnel_limits_many

    for bad in (0, -5.0, math.inf):
        with pytest.raises(ValueError, match=r"^population must be positive and finite"):
            funnel_limits(4.0, bad)
        with pytest.raises(ValueError, match=r"^population must be positive and finite"):
            funnel_limits_many(4.0, [1_000, bad])


def test_funnel_limits_many_at_a_pooled_rate_of_zero_equals_funnel_limits():
    from assessments.statistics import funnel_limits, funnel_limits_many

    many = funnel_limits_many(0.0, [5_000, 20_000])
    assert many == [funnel_limits(0.0, 5_000), funnel_limits(0.0, 20_000)]
    assert all(f.upper_998 == f.lower_95 == 0.0 for f in many)


@pytest.mark.parametrize(
    ("k1", "n1", "k2", "n2"),
    [
        (3, 1000.0, 1, 1e-6),  # a tiny exposure: its Poisson grid is two or three points wide
        (1, 1e-6, 3, 1000.0),
        (5, 10.0, 2, 1e-9),
        (2, 1e-9, 5, 10.0),
        (1, 1000.0, 0, 0.001),
        (1, 1e-9, 0, 1.0),
    ],
)
def test_e_test_with_a_tiny_exposure_still_equals_scipy(k1, n1, k2, n2):
    from assessments.statistics import e_test_p

    expected = stats.poisson_means_test(k1, n1, k2, n2).pvalue
    assert e_test_p(k1, n1, k2, n2) == pytest.approx(expected, abs=1e-12)


# --- Survivors of the full statistics run of 2 December 2026 -------------------------------


@pytest.mark.parametrize("count", [10, 12, 15, 20, 30])
def test_byar_interval_is_byars_formula_and_close_to_the_exact_interval(count):
    """Byar (Breslow and Day 1987): L = O(1 - 1/(9O) - z/(3 sqrt O))^3, U likewise with O + 1.

    Checked against the formula to 1e-9 and against the exact (chi-square) limits to 0.5%.
    """
    result = rate_per_1000(count, 1_000)
    assert result.method == "byar"
    z = stats.norm.ppf(0.975)
    o, o1 = float(count), count + 1.0
    assert result.lower == pytest.approx(
        o * (1 - 1 / (9 * o) - z / (3 * math.sqrt(o))) ** 3, rel=1e-9
    )
    assert result.upper == pytest.approx(
        o1 * (1 - 1 / (9 * o1) + z / (3 * math.sqrt(o1))) ** 3, rel=1e-9
    )
    assert result.lower == pytest.approx(stats.chi2.ppf(0.025, 2 * count) / 2, rel=5e-3)
    assert result.upper == pytest.approx(stats.chi2.ppf(0.975, 2 * count + 2) / 2, rel=5e-3)


def test_rate_per_1000_names_a_bad_count_or_population_and_keeps_the_confidence():
    with pytest.raises(ValueError, match=r"^count must be a non-negative integer, got -2$"):
        rate_per_1000(-2, 1_000)
    with pytest.raises(ValueError, match=r"^population must be positive and finite, got 0$"):
        rate_per_1000(2, 0)
    assert rate_per_1000(12, 4_000).confidence == 0.95
    assert rate_per_1000(12, 4_000, confidence=0.9).confidence == 0.9


def test_pooled_rate_names_a_bad_count_or_population_exactly():
    with pytest.raises(ValueError, match=r"^count must be a non-negative integer, got -1$"):
        pooled_rate_per_1000([1, -1], [10, 10])
    with pytest.raises(ValueError, match=r"^population must be positive and finite, got -5$"):
        pooled_rate_per_1000([1, 1], [10, -5])
    with pytest.raises(ValueError, match=r"^at least one population is required$"):
        pooled_rate_per_1000([], [])


def test_classify_against_funnel_keeps_its_count_population_and_limits():
    result = classify_against_funnel(7, 2_500, 4.0)
    assert result.count == 7
    assert result.population == 2_500.0
    assert result.limits == funnel_limits(4.0, 2_500)
    assert result.rate == pytest.approx(2.8)


def _years(values_by_month, years=3, first=2015):
    return [
        (f"{first + y}-{m:02d}", values_by_month[m - 1]) for y in range(years) for m in range(1, 13)
    ]


def test_a_calendar_month_averaging_zero_gets_no_seasonal_baseline():
    values = [0, 5, 6, 7, 8, 9, 10, 9, 8, 7, 6, 5]  # January always 0
    assert not c_chart(_years(values)).seasonal
    assert not xmr_chart(_years(values)).seasonal


def test_a_calendar_month_averaging_one_still_gets_a_seasonal_baseline():
    values = [1, 5, 6, 7, 8, 9, 10, 9, 8, 7, 6, 5]  # January's mean is exactly 1: above zero
    chart = c_chart(_years(values))
    assert chart.seasonal
    assert chart.seasonal_indices is not None
    assert chart.seasonal_indices[0] == pytest.approx(1 / (sum(values) / 12))


@pytest.mark.parametrize("build", [c_chart, xmr_chart])
def test_charts_keep_the_series_mean(build):
    chart = build(_months([1, 2, 3, 4, 5, 9]), seasonal=False)
    assert chart.mean == pytest.approx(4.0)


@pytest.mark.parametrize("build", [c_chart, xmr_chart])
def test_a_run_of_eight_is_flagged_by_default(build):
    """Eight months in a row above the centre line are a run; seven are not."""
    values = [1, 1, 1, 1, 1, 1, 1, 1, 9, 9, 9, 9, 9, 9, 9, 9]  # 8 below then 8 above the mean 5
    chart = build(_months(values) if len(values) <= 12 else _two_years(values), seasonal=False)
    assert chart.run_length == 8
    assert [p.run for p in chart.points] == ["below"] * 8 + ["above"] * 8
    short = [1, 1, 1, 1, 1, 1, 1, 9, 9, 9, 9, 9, 9, 9]  # runs of 7 on each side
    chart = build(_two_years(short), seasonal=False)
    assert all(p.run is None for p in chart.points)


def _two_years(values):
    return [(f"{2015 + i // 12}-{i % 12 + 1:02d}", v) for i, v in enumerate(values)]


def test_an_xmr_chart_without_seasonality_ignores_a_seasonal_pattern():
    values = [2, 5, 6, 7, 8, 9, 10, 9, 8, 7, 6, 5]
    assert xmr_chart(_years(values)).seasonal
    flat = xmr_chart(_years(values), seasonal=False)
    assert not flat.seasonal
    assert flat.seasonal_indices is None
    assert all(p.centre == pytest.approx(sum(values) / 12) for p in flat.points)


def test_a_seasonal_xmr_chart_works_on_the_deseasonalised_series():
    """MR-bar is the mean moving range of value / index; limits are (level +/- 2.66 MR-bar) x index."""
    pattern = [20, 25, 30, 35, 40, 45, 50, 45, 40, 35, 30, 25]
    noise = [0, 1, -1, 2, 0, -2, 1, 0, -1, 1, 2, -1]
    series = [
        (f"{2015 + y}-{m:02d}", pattern[m - 1] + noise[(m + y) % 12] + y)
        for y in range(3)
        for m in range(1, 13)
    ]
    chart = xmr_chart(series)
    assert chart.seasonal and chart.seasonal_indices is not None
    indices = chart.seasonal_indices
    by_month: dict[int, list[float]] = {}
    for month, value in series:
        by_month.setdefault(int(month[5:7]), []).append(value)
    level = sum(sum(v) / len(v) for v in by_month.values()) / 12
    adjusted = [v / indices[int(m[5:7]) - 1] for m, v in series]
    mr_bar = sum(abs(b - a) for a, b in zip(adjusted, adjusted[1:], strict=False)) / (
        len(adjusted) - 1
    )
    assert chart.moving_range_mean == pytest.approx(mr_bar)
    for (month, _), point in zip(series, chart.points, strict=True):
        index = indices[int(month[5:7]) - 1]
        assert point.centre == pytest.approx(level * index)
        assert point.lower == pytest.approx(max(0.0, (level - 2.66 * mr_bar) * index))
        assert point.upper == pytest.approx((level + 2.66 * mr_bar) * index)
    assert min(p.lower for p in chart.points) > 0  # the limits are not floored here


def test_harm_weighted_names_every_missing_category_and_a_bad_count():
    with pytest.raises(ValueError, match=r"^no harm weight for categories: Arson, Burglary$"):
        harm_weighted({"Burglary": 1, "Arson": 2, "Drugs": 1}, {"Drugs": 1.0})
    with pytest.raises(ValueError, match=r"^count for 'Drugs' must be a non-negative integer"):
        harm_weighted({"Drugs": -1}, {"Drugs": 1.0})


def test_category_weights_skip_offences_with_no_or_zero_volume_and_carry_on():
    weights = {"A1": 10.0, "A2": 30.0, "B1": 5.0, "B2": 7.0}
    mapping = {"A0": "A", "A1": "A", "B0": "B", "A2": "A", "B1": "B", "B2": "B"}
    # A0 and B0 have no volume at all (and no weight); B1 has a volume of zero.
    volumes = {"A1": 1.0, "A2": 3.0, "B1": 0.0, "B2": 2.0}
    result = category_weights_from_offences(weights, volumes, mapping)
    assert result == {"A": pytest.approx(25.0), "B": pytest.approx(7.0)}


def test_repeat_locations_default_to_the_latest_twelve_months_and_keep_min_hits():
    records = [("x", "2015-01"), ("x", "2015-02")] + [(f"p{i}", "2016-01") for i in range(3)]
    proxy = repeat_location_proxy(records)
    assert proxy.first_month == "2015-02"  # 2015-01 is 13 months before 2016-01
    assert (proxy.total_crimes, proxy.repeat_location_crimes) == (4, 0)
    assert proxy.min_hits == 2


def test_a_lazily_imported_module_binds_each_name_on_first_use():
    lazy = statistics_module._ImportedOnUse("math")
    assert "sqrt" not in vars(lazy)
    assert lazy.sqrt is math.sqrt
    assert vars(lazy)["sqrt"] is math.sqrt  # bound, so later uses skip __getattr__


def test_funnel_limits_at_an_expected_count_of_one_equal_the_vectorised_ones():
    """Population 1,000 at 1 per 1,000: one expected crime, an ordinary (not degenerate) case."""
    single = funnel_limits(1.0, 1_000)
    assert single.expected == pytest.approx(1.0)
    assert single.upper_95 > 1.0
    assert funnel_limits_many(1.0, [1_000])[0] == pytest.approx(single)


def test_no_crimes_in_either_period_keeps_the_counts_and_the_confidence():
    change = compare_periods(0, 0, confidence=0.9)
    assert (change.baseline, change.current, change.p_value, change.confidence) == (0, 0, 1.0, 0.9)
    assert compare_periods(0, 0).confidence == 0.95


def test_compare_periods_keeps_the_confidence_and_refuses_zero_with_a_reason():
    assert compare_periods(5, 7).confidence == 0.95
    assert compare_periods(5, 7, confidence=0.9).confidence == 0.9
    for confidence in (0.0, 1.0):
        with pytest.raises(ValueError, match=r"^confidence must lie strictly between 0 and 1"):
            compare_periods(5, 7, confidence=confidence)


def test_probabilities_are_clipped_into_zero_to_one():
    assert statistics_module._clip_probability(1.5) == 1.0
    assert statistics_module._clip_probability(-0.25) == 0.0
    assert statistics_module._clip_probability(0.25) == 0.25


@pytest.mark.parametrize("args", [(4, 1.0, 8, 2.0), (1, 1.0, 40, 40.0)])
def test_e_test_of_equal_rates_equals_scipy_to_the_last_digits(args):
    """Equal observed rates (the statistic is 0); in the second only x1's grid starts at 0."""
    assert e_test_p(*args) == pytest.approx(stats.poisson_means_test(*args).pvalue, rel=1e-13)
