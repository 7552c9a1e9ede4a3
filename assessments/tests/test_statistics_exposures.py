"""Exposures, ties and boundaries in assessments/statistics.py, pinned by worked values.

Each test here kills a mutant that survived the mutation run (`make mutation`,
docs/testing.md): an exact test that ignored unequal exposures (11 months against 12, or two
areas of different population), an E-test that subtracted the undefined (0, 0) term from the
wrong row, a funnel that called a rate on its limit "above" it, and a funnel that accepted a
negative or infinite pooled rate.
"""

from __future__ import annotations

import math

import pytest
from scipy import stats

from assessments.statistics import (
    classify_against_funnel,
    compare_periods,
    conditional_p_value,
    e_test_p,
    funnel_limits,
    funnel_limits_many,
)

# --- the exact conditional test with unequal exposures ------------------------------------------


def test_exact_test_of_11_months_against_12_uses_the_exposure_share():
    """Baseline 100 crimes in 12 months, current 121 in 11: the null share is 11/23, not 1/2."""
    expected = stats.binomtest(121, 221, 11 / 23).pvalue
    assert expected < 0.05 < stats.binomtest(121, 221, 0.5).pvalue  # the exposures matter here
    p = conditional_p_value(100, 121, baseline_exposure=12, current_exposure=11)
    assert p == pytest.approx(expected, rel=1e-12)
    result = compare_periods(100, 121, baseline_exposure=12, current_exposure=11)
    assert result.p_value == pytest.approx(expected, rel=1e-12)
    assert result.significant()


def test_exact_test_of_two_areas_of_different_population():
    """80 crimes among 40,000 residents against 100 among 60,000: a lower rate, not a higher count."""
    expected = stats.binomtest(100, 180, 60_000 / 100_000).pvalue
    p = conditional_p_value(80, 100, baseline_exposure=40_000, current_exposure=60_000)
    assert p == pytest.approx(expected, rel=1e-12)
    assert p != pytest.approx(stats.binomtest(100, 180, 0.5).pvalue, rel=1e-3)
    result = compare_periods(80, 100, baseline_exposure=40_000, current_exposure=60_000)
    assert result.rate_ratio == pytest.approx((100 / 60_000) / (80 / 40_000))
    assert result.p_value == pytest.approx(expected, rel=1e-12)


def test_equal_rates_over_unequal_exposures_are_no_change():
    """110 crimes in 11 months against 120 in 12 is the same monthly rate: p = 1."""
    assert conditional_p_value(120, 110, baseline_exposure=12, current_exposure=11) == (
        pytest.approx(1.0)
    )
    assert stats.binomtest(110, 230, 0.5).pvalue < 0.7  # while ignoring exposure would not say so


def test_conditional_p_value_rejects_bad_exposures_and_is_one_with_no_crimes():
    assert conditional_p_value(0, 0, baseline_exposure=12, current_exposure=11) == 1.0
    with pytest.raises(ValueError, match="current_exposure"):
        conditional_p_value(1, 1, current_exposure=0)
    with pytest.raises(ValueError, match="baseline_exposure"):
        conditional_p_value(1, 1, baseline_exposure=-1)
    with pytest.raises(ValueError, match="current must be"):
        conditional_p_value(1, -1)


# --- the E-test against an independent brute-force sum ------------------------------------------


def _e_test_brute_force(k1: int, n1: float, k2: int, n2: float, span: int = 150) -> float:
    """Krishnamoorthy and Thomson (2004), eq. 3.3-3.4, summed over every pair directly.

    Under H0 both rates equal the pooled estimate; the p-value is the Poisson probability of all
    pairs (x1, x2) whose pivot is at least as extreme as the observed one. The pivot is undefined
    at (0, 0), which is left out, as in the paper's and scipy's code.
    """

    def pivot(x1: int, x2: int) -> float:
        return (x1 / n1 - x2 / n2) / math.sqrt(x1 / n1**2 + x2 / n2**2)

    lam = (k1 + k2) / (n1 + n2)
    t_obs = abs(pivot(k1, k2))
    pmf1 = stats.poisson.pmf(range(span), n1 * lam)
    pmf2 = stats.poisson.pmf(range(span), n2 * lam)
    total = 0.0
    for x1 in range(span):
        for x2 in range(span):
            if (x1, x2) != (0, 0) and abs(pivot(x1, x2)) >= t_obs:
                total += pmf1[x1] * pmf2[x2]
    return total


@pytest.mark.parametrize(
    ("k1", "n1", "k2", "n2"),
    [
        (2, 1.0, 2, 1.0),  # t = 0: every pair but (0, 0) counts, with mu = 2 in both rows
        (2, 1.0, 4, 2.0),  # t = 0 with unequal exposures
        (0, 1.0, 3, 1.0),  # a zero count
        (8, 1.0, 19, 1.0),  # Calderdale weapons, 8 to 19
        (11, 12.0, 5, 11.0),  # unequal periods
    ],
)
def test_e_test_equals_a_brute_force_sum_over_every_pair(k1, n1, k2, n2):
    expected = _e_test_brute_force(k1, n1, k2, n2)
    assert e_test_p(k1, n1, k2, n2) == pytest.approx(expected, abs=1e-9)
    assert e_test_p(k1, n1, k2, n2) == pytest.approx(
        stats.poisson_means_test(k1, n1, k2, n2).pvalue, abs=1e-12
    )


def test_e_test_of_equal_small_counts_leaves_out_only_the_undefined_pair():
    """Two crimes in each period: p = 1 - P(X1 = 0) P(X2 = 0) = 1 - exp(-4)."""
    assert e_test_p(2, 1.0, 2, 1.0) == pytest.approx(1 - math.exp(-4), abs=1e-9)
    assert compare_periods(2, 2).e_test_p_value == pytest.approx(1 - math.exp(-4), abs=1e-9)


# --- funnel limits at their boundaries -----------------------------------------------------------


def test_a_rate_on_the_funnel_limit_is_within_not_above_or_below():
    """With a pooled rate of zero every limit is 0, and an area with no crime sits on them."""
    limits = funnel_limits(0.0, 5_000)
    assert limits.lower_95 == limits.upper_95 == limits.lower_998 == limits.upper_998 == 0.0
    result = classify_against_funnel(0, 5_000, 0.0)
    assert result.rate == 0.0
    assert (result.level_95, result.level_998) == ("within", "within")


@pytest.mark.parametrize("rate", [-1.0, -0.001, math.inf, -math.inf, math.nan])
def test_funnel_limits_many_refuses_a_negative_or_non_finite_pooled_rate(rate):
    with pytest.raises(ValueError, match="pooled_rate must be non-negative and finite"):
        funnel_limits_many(rate, [1_000, 2_000])
    with pytest.raises(ValueError, match="pooled_rate must be non-negative and finite"):
        funnel_limits(rate, 1_000)


def test_funnel_limits_many_keeps_one_result_per_population_in_order():
    pops = (500.0, 10_000.0, 2_000.0)
    many = funnel_limits_many(4.0, iter(pops))
    assert [f.population for f in many] == list(pops)
    assert [f.expected for f in many] == pytest.approx([2.0, 40.0, 8.0])
    assert many[1].upper_95 == pytest.approx(funnel_limits(4.0, 10_000).upper_95, rel=1e-12)
    assert funnel_limits_many(4.0, []) == []
    assert funnel_limits_many(4.0, [10_000]) == [funnel_limits(4.0, 10_000)]
    with pytest.raises(ValueError, match="population"):
        funnel_limits_many(4.0, [1_000, 0])
