"""Tests for assessments.statistics (pure Python: no Django, no database)."""

from __future__ import annotations

import math
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats
from statsmodels.stats import rates as sm_rates
from statsmodels.stats.proportion import proportion_confint

from assessments.statistics import (
    DEFAULT_CATEGORY_WEIGHTS,
    POLICE_UK_CATEGORIES,
    c_chart,
    category_weights_from_offences,
    classify_against_funnel,
    compare_periods,
    funnel_curve,
    funnel_limits,
    harm_weighted,
    pooled_rate_per_1000,
    rate_per_1000,
    repeat_location_proxy,
    xmr_chart,
)

FAST = settings(max_examples=60, deadline=None)

counts = st.integers(min_value=0, max_value=400)
positive_counts = st.integers(min_value=1, max_value=400)
exposures = st.floats(min_value=0.1, max_value=1e6, allow_nan=False, allow_infinity=False)
populations = st.floats(min_value=50, max_value=2e6, allow_nan=False, allow_infinity=False)
pooled_rates = st.floats(min_value=0.01, max_value=200, allow_nan=False, allow_infinity=False)


def monthly(values: list[float], start_year: int = 2015) -> list[tuple[str, float]]:
    """Build a monthly series starting in January of ``start_year``."""
    return [(f"{start_year + i // 12:04d}-{i % 12 + 1:02d}", v) for i, v in enumerate(values)]


# --- 1. Change between two periods -----------------------------------------------------------


class TestComparePeriodsAcceptance:
    def test_leeds_violence_july_2017_to_2018_exact_p_value(self) -> None:
        result = compare_periods(2433, 3319)
        assert result.p_value == pytest.approx(1.40e-31, rel=0.02)
        assert result.significant()

    def test_leeds_violence_rate_ratio_and_exact_interval_to_two_decimals(self) -> None:
        result = compare_periods(2433, 3319)
        assert round(result.rate_ratio, 2) == 1.36
        assert round(result.ci_lower, 2) == 1.29
        assert round(result.ci_upper, 2) == 1.44
        assert result.percent_change == pytest.approx(36.4, abs=0.1)
        assert result.change == 886

    def test_calderdale_weapons_8_to_19_is_not_significant_by_exact_test(self) -> None:
        result = compare_periods(8, 19)
        assert result.p_value == pytest.approx(0.052, abs=0.0005)
        assert not result.significant(0.05)

    def test_calderdale_weapons_8_to_19_e_test_p_value(self) -> None:
        result = compare_periods(8, 19)
        assert result.e_test_p_value == pytest.approx(0.036, abs=0.0005)


class TestComparePeriodsCrossChecks:
    @pytest.mark.parametrize(
        ("b", "c", "e_b", "e_c"),
        [(2433, 3319, 1, 1), (8, 19, 1, 1), (3, 5, 0.5, 2.0), (40, 12, 120.0, 40.0)],
    )
    def test_exact_p_value_matches_statsmodels_exact_cond_and_scipy_binomtest(
        self, b: int, c: int, e_b: float, e_c: float
    ) -> None:
        result = compare_periods(b, c, baseline_exposure=e_b, current_exposure=e_c)
        sm = sm_rates.test_poisson_2indep(c, e_c, b, e_b, method="exact-cond")
        sp = stats.binomtest(c, b + c, e_c / (e_b + e_c))
        assert result.p_value == pytest.approx(sm.pvalue, rel=1e-9)
        assert result.p_value == pytest.approx(sp.pvalue, rel=1e-9)

    @pytest.mark.parametrize(
        ("b", "c", "e_b", "e_c"),
        [(8, 19, 1, 1), (3, 5, 0.5, 2.0), (40, 12, 120.0, 40.0), (30, 30, 1.0, 3.0)],
    )
    def test_e_test_matches_statsmodels_wald_e_test(
        self, b: int, c: int, e_b: float, e_c: float
    ) -> None:
        # scipy's poisson_means_test is Krishnamoorthy & Thomson's Wald-type E-test, which is
        # statsmodels' 'etest-wald' (statsmodels' plain 'etest' is the score variant).
        result = compare_periods(b, c, baseline_exposure=e_b, current_exposure=e_c)
        sm = sm_rates.test_poisson_2indep(c, e_c, b, e_b, method="etest-wald")
        # The two libraries truncate the infinite double sum differently.
        assert result.e_test_p_value == pytest.approx(sm.pvalue, rel=1e-3)

    def test_equal_exposure_e_test_matches_statsmodels_default_e_test(self) -> None:
        sm = sm_rates.test_poisson_2indep(19, 1, 8, 1, method="etest")
        assert compare_periods(8, 19).e_test_p_value == pytest.approx(sm.pvalue, rel=1e-6)

    def test_rate_ratio_interval_is_clopper_pearson_mapped_through_odds(self) -> None:
        low, high = proportion_confint(19, 27, alpha=0.05, method="beta")
        result = compare_periods(8, 19)
        assert result.ci_lower == pytest.approx(low / (1 - low), rel=1e-9)
        assert result.ci_upper == pytest.approx(high / (1 - high), rel=1e-9)

    def test_exposures_scale_the_rate_ratio_and_interval(self) -> None:
        plain = compare_periods(100, 150)
        doubled = compare_periods(100, 150, current_exposure=2.0)
        assert doubled.rate_ratio == pytest.approx(plain.rate_ratio / 2)
        assert doubled.ci_lower == pytest.approx(plain.ci_lower / 2)
        assert doubled.ci_upper == pytest.approx(plain.ci_upper / 2)
        assert doubled.p_value < 0.05  # 150 in twice the exposure is a fall from 100

    def test_exposure_scale_does_not_matter_only_the_ratio(self) -> None:
        a = compare_periods(120, 90, baseline_exposure=1.0, current_exposure=1.2)
        b = compare_periods(120, 90, baseline_exposure=700_000, current_exposure=840_000)
        assert a.p_value == pytest.approx(b.p_value, rel=1e-9)
        assert a.e_test_p_value == pytest.approx(b.e_test_p_value, rel=1e-6)
        assert a.rate_ratio == pytest.approx(b.rate_ratio)


class TestComparePeriodsZeros:
    def test_both_zero_gives_p_value_one_and_no_ratio(self) -> None:
        result = compare_periods(0, 0)
        assert result.p_value == 1.0
        assert result.e_test_p_value == 1.0
        assert result.rate_ratio is None
        assert result.ci_lower is None and result.ci_upper is None
        assert result.percent_change is None

    def test_zero_baseline_gives_undefined_ratio_and_unbounded_upper_limit(self) -> None:
        result = compare_periods(0, 5)
        assert result.rate_ratio is None
        assert result.ci_upper == math.inf
        assert 0 < result.ci_lower < math.inf
        assert result.p_value == pytest.approx(0.0625)

    def test_zero_current_gives_ratio_zero_with_finite_upper_limit(self) -> None:
        result = compare_periods(5, 0)
        assert result.rate_ratio == 0.0
        assert result.ci_lower == 0.0
        assert 0 < result.ci_upper < math.inf
        assert result.percent_change == -100.0

    def test_e_test_can_be_skipped_for_speed(self) -> None:
        result = compare_periods(8, 19, e_test=False)
        assert result.e_test_p_value is None
        assert result.p_value == pytest.approx(0.0522, abs=1e-4)
        assert compare_periods(0, 0, e_test=False).e_test_p_value is None

    @pytest.mark.parametrize(
        "kwargs",
        [
            {"baseline": -1, "current": 2},
            {"baseline": 1.5, "current": 2},
            {"baseline": 1, "current": 2, "baseline_exposure": 0},
            {"baseline": 1, "current": 2, "current_exposure": math.nan},
            {"baseline": 1, "current": 2, "confidence": 1.0},
        ],
    )
    def test_invalid_inputs_raise_value_error(self, kwargs: dict) -> None:
        with pytest.raises(ValueError):
            compare_periods(**kwargs)


class TestComparePeriodsProperties:
    @FAST
    @given(b=counts, c=counts, e_b=exposures, e_c=exposures)
    def test_p_values_lie_in_unit_interval(self, b: int, c: int, e_b: float, e_c: float) -> None:
        result = compare_periods(b, c, baseline_exposure=e_b, current_exposure=e_c)
        assert 0.0 <= result.p_value <= 1.0
        assert 0.0 <= result.e_test_p_value <= 1.0

    @FAST
    @given(b=counts, c=counts)
    def test_swapping_periods_leaves_p_values_unchanged_with_equal_exposures(
        self, b: int, c: int
    ) -> None:
        forward, backward = compare_periods(b, c), compare_periods(c, b)
        assert forward.p_value == pytest.approx(backward.p_value, rel=1e-9, abs=1e-300)
        assert forward.e_test_p_value == pytest.approx(backward.e_test_p_value, rel=1e-6)

    @FAST
    @given(b=positive_counts, c=counts, e_b=exposures, e_c=exposures)
    def test_rate_ratio_interval_brackets_the_estimate(
        self, b: int, c: int, e_b: float, e_c: float
    ) -> None:
        result = compare_periods(b, c, baseline_exposure=e_b, current_exposure=e_c)
        assert result.rate_ratio is not None
        assert result.ci_lower <= result.rate_ratio * (1 + 1e-9)
        assert result.rate_ratio <= result.ci_upper * (1 + 1e-9)


# --- 2. Rates per 1,000 ----------------------------------------------------------------------


class TestRatePer1000:
    def test_leeds_violence_july_2018_rate_with_byar_interval(self) -> None:
        result = rate_per_1000(3319, 751_485)
        assert result.method == "byar"
        assert (round(result.rate, 2), round(result.lower, 2), round(result.upper, 2)) == (
            4.42,
            4.27,
            4.57,
        )

    def test_byar_is_close_to_exact_poisson_interval_for_large_counts(self) -> None:
        result = rate_per_1000(3319, 751_485)
        low, high = sm_rates.confint_poisson(3319, 751.485, method="exact-c")
        assert result.lower == pytest.approx(low, rel=1e-4)
        assert result.upper == pytest.approx(high, rel=1e-4)

    def test_counts_below_ten_use_exact_poisson_interval(self) -> None:
        result = rate_per_1000(5, 1000)
        low, high = sm_rates.confint_poisson(5, 1.0, method="exact-c")
        assert result.method == "exact"
        assert result.lower == pytest.approx(low, rel=1e-9)
        assert result.upper == pytest.approx(high, rel=1e-9)

    def test_ten_is_the_first_count_using_byar(self) -> None:
        assert rate_per_1000(9, 1000).method == "exact"
        assert rate_per_1000(10, 1000).method == "byar"

    def test_zero_count_has_zero_lower_limit_and_positive_upper_limit(self) -> None:
        result = rate_per_1000(0, 2000)
        assert result.rate == 0.0 and result.lower == 0.0
        assert result.upper == pytest.approx(-math.log(0.025) / 2, rel=1e-9)

    def test_non_positive_population_raises(self) -> None:
        with pytest.raises(ValueError):
            rate_per_1000(3, 0)

    @FAST
    @given(count=st.integers(min_value=0, max_value=100_000), population=populations)
    def test_interval_brackets_the_rate(self, count: int, population: float) -> None:
        result = rate_per_1000(count, population)
        assert 0.0 <= result.lower <= result.rate <= result.upper


# --- 3. Funnel plots -------------------------------------------------------------------------


class TestFunnel:
    def test_limits_are_spiegelhalter_interpolated_poisson_quantiles(self) -> None:
        limits = funnel_limits(4.0, 10_000)  # expected count 40
        assert limits.expected == pytest.approx(40.0)
        for p, value in [(0.025, limits.lower_95), (0.975, limits.upper_95)]:
            r = stats.poisson.ppf(p, 40)
            f_r, f_below = stats.poisson.cdf(r, 40), stats.poisson.cdf(r - 1, 40)
            expected = (r - (f_r - p) / (f_r - f_below)) / 10_000 * 1000
            assert value == pytest.approx(expected)

    def test_large_expected_counts_approach_normal_limits(self) -> None:
        limits = funnel_limits(5.0, 2_000_000)  # expected 10,000
        sd = math.sqrt(10_000) / 2_000_000 * 1000
        assert limits.upper_95 == pytest.approx(5.0 + 1.96 * sd, rel=1e-3)
        assert limits.lower_998 == pytest.approx(5.0 - 3.09 * sd, rel=1e-3)

    def test_funnel_narrows_as_population_grows(self) -> None:
        curve = funnel_curve(4.0, [1_000, 10_000, 100_000])
        widths = [f.upper_998 - f.lower_998 for f in curve]
        assert widths == sorted(widths, reverse=True)
        assert [f.population for f in curve] == [1_000, 10_000, 100_000]

    def test_pooled_rate_is_total_count_over_total_population(self) -> None:
        assert pooled_rate_per_1000([10, 30], [4_000, 6_000]) == pytest.approx(4.0)

    def test_classification_above_inner_but_within_outer_limit(self) -> None:
        result = classify_against_funnel(60, 10_000, 4.0)
        assert (result.level_95, result.level_998) == ("above", "within")

    def test_classification_below_both_limits(self) -> None:
        result = classify_against_funnel(10, 10_000, 4.0)
        assert (result.level_95, result.level_998) == ("below", "below")

    def test_classification_within_both_limits_at_the_pooled_rate(self) -> None:
        result = classify_against_funnel(40, 10_000, 4.0)
        assert (result.level_95, result.level_998) == ("within", "within")

    def test_zero_pooled_rate_gives_degenerate_limits_at_zero(self) -> None:
        limits = funnel_limits(0.0, 5_000)
        assert limits.lower_95 == limits.upper_95 == limits.upper_998 == 0.0
        assert classify_against_funnel(1, 5_000, 0.0).level_998 == "above"

    def test_tiny_expected_count_still_brackets_the_centre(self) -> None:
        limits = funnel_limits(0.01, 1_000)  # expected 0.01
        assert limits.lower_95 <= limits.centre <= limits.upper_95
        assert classify_against_funnel(0, 1_000, 0.01).level_95 == "within"
        assert classify_against_funnel(1, 1_000, 0.01).level_95 == "above"

    @FAST
    @given(rate=pooled_rates, population=populations)
    def test_limits_bracket_the_centre_and_outer_limits_contain_inner(
        self, rate: float, population: float
    ) -> None:
        f = funnel_limits(rate, population)
        assert 0.0 <= f.lower_998 <= f.lower_95 <= f.centre <= f.upper_95 <= f.upper_998


# --- 4. SPC ----------------------------------------------------------------------------------


class TestCChart:
    def test_centre_and_limits_are_mean_plus_minus_three_root_mean(self) -> None:
        chart = c_chart(monthly([16.0] * 12))
        point = chart.points[0]
        assert (point.centre, point.lower, point.upper) == (16.0, 4.0, 28.0)
        assert not chart.seasonal and chart.seasonal_indices is None

    def test_lower_limit_is_floored_at_zero(self) -> None:
        chart = c_chart(monthly([4.0] * 12))
        assert chart.points[0].lower == 0.0
        assert chart.points[0].upper == pytest.approx(10.0)

    def test_point_beyond_upper_limit_is_flagged(self) -> None:
        values = [16.0] * 11 + [60.0]
        chart = c_chart(monthly(values))
        assert chart.points[-1].beyond_upper and chart.points[-1].signal
        assert not any(p.beyond_upper for p in chart.points[:-1])

    def test_point_beyond_lower_limit_is_flagged(self) -> None:
        chart = c_chart(monthly([40.0] * 11 + [5.0]))
        assert chart.points[-1].beyond_lower

    def test_run_of_eight_above_centre_is_flagged_but_seven_is_not(self) -> None:
        eight = c_chart(monthly([10.0] * 8 + [12.0] * 8))
        assert [p.run for p in eight.points] == ["below"] * 8 + ["above"] * 8
        seven = c_chart(monthly([10.0] * 7 + [12.0] * 7))
        assert all(p.run is None for p in seven.points)

    def test_point_on_the_centre_line_breaks_a_run(self) -> None:
        values = [12.0] * 4 + [10.0] + [12.0] * 4 + [8.0] * 8  # mean exactly 10
        chart = c_chart(monthly(values))
        assert chart.points[4].value == chart.points[4].centre == 10.0
        assert all(p.run is None for p in chart.points[:9])
        assert all(p.run == "below" for p in chart.points[9:])

    def test_input_is_sorted_by_month_and_accepts_dates(self) -> None:
        chart = c_chart([(date(2020, 3, 1), 3), ("2020-01", 1), ("2020-02-15", 2)])
        assert [p.month for p in chart.points] == ["2020-01", "2020-02", "2020-03"]

    def test_duplicate_month_raises(self) -> None:
        with pytest.raises(ValueError, match="duplicate"):
            c_chart([("2020-01", 1), (date(2020, 1, 1), 2)])

    def test_empty_series_raises(self) -> None:
        with pytest.raises(ValueError):
            c_chart([])

    def test_seasonal_centre_is_calendar_month_mean_with_36_months(self) -> None:
        pattern = [10, 12, 14, 16, 18, 20, 22, 20, 18, 16, 14, 12]
        chart = c_chart(monthly([float(v) for v in pattern * 3]))
        assert chart.seasonal
        assert sum(chart.seasonal_indices) == pytest.approx(12.0)
        assert [p.centre for p in chart.points[:12]] == pytest.approx(pattern)
        july = chart.points[6]
        assert july.upper == pytest.approx(22 + 3 * math.sqrt(22))
        assert not chart.signals

    def test_fewer_than_36_months_uses_plain_mean(self) -> None:
        pattern = [10, 12, 14, 16, 18, 20, 22, 20, 18, 16, 14, 12]
        chart = c_chart(monthly([float(v) for v in (pattern * 3)[:35]]))
        assert not chart.seasonal
        assert len({p.centre for p in chart.points}) == 1

    def test_seasonal_can_be_switched_off(self) -> None:
        chart = c_chart(monthly([float(v % 12 + 5) for v in range(48)]), seasonal=False)
        assert not chart.seasonal

    @FAST
    @given(st.lists(st.integers(min_value=0, max_value=500), min_size=1, max_size=48))
    def test_limits_bracket_the_centre(self, values: list[int]) -> None:
        chart = c_chart(monthly([float(v) for v in values]))
        for p in chart.points:
            assert 0.0 <= p.lower <= p.centre <= p.upper


class TestXmRChart:
    def test_limits_use_mean_moving_range_times_2_66(self) -> None:
        values = [10.0, 14.0, 12.0, 16.0, 13.0]
        chart = xmr_chart(monthly(values))
        mr_bar = (4 + 2 + 4 + 3) / 4
        assert chart.moving_range_mean == pytest.approx(mr_bar)
        assert chart.points[0].centre == pytest.approx(13.0)
        assert chart.points[0].upper == pytest.approx(13.0 + 2.66 * mr_bar)
        assert chart.points[0].lower == pytest.approx(13.0 - 2.66 * mr_bar)

    def test_lower_limit_is_floored_at_zero(self) -> None:
        chart = xmr_chart(monthly([1.0, 9.0, 1.0, 9.0]))
        assert chart.points[0].lower == 0.0

    def test_spike_is_flagged_beyond_upper_limit(self) -> None:
        values = [20.0, 21.0, 19.0, 20.0, 22.0, 18.0, 20.0, 21.0, 19.0, 20.0, 60.0, 20.0]
        chart = xmr_chart(monthly(values))
        assert [p.month for p in chart.signals if p.beyond_upper] == ["2015-11"]

    def test_single_point_raises(self) -> None:
        with pytest.raises(ValueError):
            xmr_chart(monthly([3.0]))

    def test_seasonal_limits_scale_with_the_seasonal_index(self) -> None:
        pattern = [10, 12, 14, 16, 18, 20, 22, 20, 18, 16, 14, 12]
        values = [float(v + (i % 5)) for i, v in enumerate(pattern * 4)]
        chart = xmr_chart(monthly(values))
        assert chart.seasonal
        jan, jul = chart.points[0], chart.points[6]
        index_jan, index_jul = chart.seasonal_indices[0], chart.seasonal_indices[6]
        assert jul.centre / jan.centre == pytest.approx(index_jul / index_jan)
        assert (jul.upper - jul.centre) / (jan.upper - jan.centre) == pytest.approx(
            index_jul / index_jan
        )

    @FAST
    @given(st.lists(st.integers(min_value=0, max_value=500), min_size=2, max_size=48))
    def test_limits_bracket_the_centre(self, values: list[int]) -> None:
        chart = xmr_chart(monthly([float(v) for v in values]))
        for p in chart.points:
            assert 0.0 <= p.lower <= p.centre * (1 + 1e-12) and p.centre <= p.upper * (1 + 1e-12)


# --- 5. Harm weighting -----------------------------------------------------------------------


class TestHarm:
    def test_default_table_covers_the_14_police_uk_categories(self) -> None:
        assert len(POLICE_UK_CATEGORIES) == 14
        assert set(DEFAULT_CATEGORY_WEIGHTS) == set(POLICE_UK_CATEGORIES)
        assert all(w >= 0 for w in DEFAULT_CATEGORY_WEIGHTS.values())

    def test_anti_social_behaviour_has_no_css_weight(self) -> None:
        assert DEFAULT_CATEGORY_WEIGHTS["Anti-social behaviour"] == 0.0

    def test_default_table_is_read_only(self) -> None:
        with pytest.raises(TypeError):
            DEFAULT_CATEGORY_WEIGHTS["Burglary"] = 1.0  # type: ignore[index]

    def test_harm_weighted_sums_count_times_weight(self) -> None:
        counts = {"Burglary": 2, "Shoplifting": 10, "Anti-social behaviour": 50}
        weights = {"Burglary": 300.0, "Shoplifting": 5.0, "Anti-social behaviour": 0.0}
        assert harm_weighted(counts, weights) == 650.0

    def test_harm_weighted_with_default_table(self) -> None:
        counts = {"Robbery": 1, "Drugs": 2}
        expected = DEFAULT_CATEGORY_WEIGHTS["Robbery"] + 2 * DEFAULT_CATEGORY_WEIGHTS["Drugs"]
        assert harm_weighted(counts, DEFAULT_CATEGORY_WEIGHTS) == expected

    def test_unknown_category_with_crimes_raises_rather_than_being_dropped(self) -> None:
        with pytest.raises(ValueError, match="Made-up category"):
            harm_weighted({"Made-up category": 3}, DEFAULT_CATEGORY_WEIGHTS)

    def test_unknown_category_with_zero_count_is_ignored(self) -> None:
        assert harm_weighted({"Made-up category": 0}, DEFAULT_CATEGORY_WEIGHTS) == 0.0

    def test_category_weight_is_volume_weighted_mean_of_offence_weights(self) -> None:
        weights = category_weights_from_offences(
            offence_weights={"A": 100.0, "B": 10.0, "C": 50.0},
            offence_volumes={"A": 1, "B": 9, "C": 4},
            offence_to_category={"A": "Cat 1", "B": "Cat 1", "C": "Cat 2"},
        )
        assert weights == {"Cat 1": pytest.approx(19.0), "Cat 2": pytest.approx(50.0)}


# --- 6. Repeat-location proxy ----------------------------------------------------------------


class TestRepeatLocationProxy:
    def test_share_of_crimes_at_points_hit_at_least_twice(self) -> None:
        records = [
            ((-1.54, 53.79), "2018-01"),
            ((-1.54, 53.79), "2018-05"),
            ((-1.54, 53.79), "2018-09"),
            ((-1.55, 53.80), "2018-02"),
            ((-1.55, 53.80), "2018-02"),
            ((-1.56, 53.81), "2018-03"),
            ("On or near Park Lane", "2018-04"),
            ("On or near High Street", "2018-06"),
        ]
        result = repeat_location_proxy(records)
        assert result.total_crimes == 8
        assert result.repeat_location_crimes == 5
        assert result.repeat_locations == 2
        assert result.locations == 5
        assert result.share == pytest.approx(5 / 8)
        assert (result.first_month, result.last_month) == ("2018-01", "2018-09")

    def test_only_the_last_twelve_months_are_counted_by_default(self) -> None:
        records = [("a", "2017-01"), ("a", "2018-01"), ("b", "2018-02"), ("b", "2018-12")]
        result = repeat_location_proxy(records)
        assert result.total_crimes == 3
        assert result.first_month == "2018-01"
        assert result.share == pytest.approx(2 / 3)
        assert repeat_location_proxy(records, window_months=None).share == 1.0

    def test_empty_input_gives_no_share(self) -> None:
        result = repeat_location_proxy([])
        assert result.total_crimes == 0 and result.share is None

    @FAST
    @given(
        st.lists(
            st.tuples(st.integers(0, 20), st.sampled_from(["2019-01", "2019-06", "2019-12"])),
            max_size=60,
        )
    )
    def test_share_lies_in_unit_interval(self, records: list[tuple[int, str]]) -> None:
        result = repeat_location_proxy(records)
        assert result.share is None or 0.0 <= result.share <= 1.0


# --- Fast E-test and vectorised funnel limits --------------------------------------------------


class TestFastImplementations:
    @FAST
    @given(b=counts, c=counts, e_b=st.floats(0.2, 5), e_c=st.floats(0.2, 5))
    def test_e_test_p_equals_scipy_poisson_means_test(self, b, c, e_b, e_c) -> None:
        from assessments.statistics import e_test_p

        expected = stats.poisson_means_test(c, e_c, b, e_b).pvalue
        assert e_test_p(c, e_c, b, e_b) == pytest.approx(expected, abs=1e-12)

    def test_e_test_on_large_counts_matches_scipy(self) -> None:
        from assessments.statistics import e_test_p

        assert e_test_p(20000, 1, 19900, 1) == pytest.approx(
            stats.poisson_means_test(20000, 1, 19900, 1).pvalue, abs=1e-12
        )

    @FAST
    @given(rate=pooled_rates, pops=st.lists(populations, min_size=1, max_size=20))
    def test_funnel_limits_many_equals_funnel_limits(self, rate, pops) -> None:
        from assessments.statistics import funnel_limits_many

        for one, many in zip(
            (funnel_limits(rate, p) for p in pops), funnel_limits_many(rate, pops), strict=True
        ):
            for name in ("expected", "lower_95", "upper_95", "lower_998", "upper_998"):
                assert getattr(many, name) == pytest.approx(getattr(one, name), rel=1e-9, abs=1e-12)

    @FAST
    @given(b=counts, c=counts)
    def test_conditional_p_value_is_compare_periods_headline(self, b, c) -> None:
        from assessments.statistics import conditional_p_value

        assert conditional_p_value(b, c) == compare_periods(b, c, e_test=False).p_value


@FAST
@given(b=counts, c=counts, confidence=st.sampled_from([0.8, 0.9, 0.95, 0.99]))
def test_rate_ratio_interval_equals_scipy_exact_proportion_interval(b, c, confidence) -> None:
    if b + c == 0:
        return
    ci = stats.binomtest(c, b + c).proportion_ci(confidence_level=confidence, method="exact")
    result = compare_periods(b, c, confidence=confidence)
    expected_low = ci.low / (1 - ci.low)
    assert result.ci_lower == pytest.approx(expected_low, rel=1e-7, abs=1e-12)
    if ci.high < 1:
        assert result.ci_upper == pytest.approx(ci.high / (1 - ci.high), rel=1e-6)
    else:
        assert math.isinf(result.ci_upper)
