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

from assessments.statistics import (
    PeriodChange,
    c_chart,
    category_weights_from_offences,
    classify_against_funnel,
    compare_periods,
    conditional_p_value,
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
