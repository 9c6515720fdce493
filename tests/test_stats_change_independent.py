"""Tests for survey_inventory/stats/change_independent.py: change between independent waves.

Published numbers: Newcombe, R. G. (1998). Interval estimation for the difference between
independent proportions: comparison of eleven methods. Statistics in Medicine 17, 873-890,
Table II, method 10 (score, no continuity correction), examples (a)-(h), 4 decimals, for
p1 - p2 with p1 = k1/n1.  (The brief cites "Stat Med 17:857-872 Table II" for this; 857-872 is
his single-proportion paper.)  Our change is p_to - p_from, so p1 is the second wave.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from survey_inventory.errors import SurveyInputError
from survey_inventory.stats.change_independent import independent_difference_ci

REFERENCE = Path(__file__).resolve().parent / "data" / "reference" / "r_change_reference.csv"

NEWCOMBE_TABLE_II = [
    (56, 70, 48, 80, 0.0524, 0.3339),   # (a)
    (9, 10, 3, 10, 0.1705, 0.8090),     # (b)
    (6, 7, 2, 7, 0.0582, 0.8062),       # (c)
    (5, 56, 0, 29, -0.0381, 0.1926),    # (d)
    (0, 10, 0, 20, -0.1611, 0.2775),    # (e)
    (0, 10, 0, 10, -0.2775, 0.2775),    # (f)
    (10, 10, 0, 20, 0.6791, 1.0000),    # (g)
    (10, 10, 0, 10, 0.6075, 1.0000),    # (h)
]


@pytest.mark.parametrize(("k1", "n1", "k2", "n2", "lower", "upper"), NEWCOMBE_TABLE_II)
def test_newcombe_table_ii(k1, n1, k2, n2, lower, upper):
    row = independent_difference_ci(k2, n2, k1, n1).iloc[0]
    assert (round(row.ci_lower, 4), round(row.ci_upper, 4)) == (lower, upper)
    assert row.change == pytest.approx(k1 / n1 - k2 / n2)
    assert row.ci_method == "newcombe hybrid score"
    assert (row.n_paired, row.n_from_only, row.n_to_only) == (0, n2, n1)


def test_vectorised_against_base_r():
    ref = pd.read_csv(REFERENCE)
    ref = ref[ref.kind == "independent"]     # a, b, c, d hold k_from, n_from, k_to, n_to
    got = independent_difference_ci(ref.a, ref.b, ref.c, ref.d)
    np.testing.assert_allclose(got.ci_lower, ref.lower, atol=1e-9)
    np.testing.assert_allclose(got.ci_upper, ref.upper, atol=1e-9)


def test_fpc_census_in_both_waves_is_a_point():
    row = independent_difference_ci(4, 12, 7, 12, population_from=12, population_to=12,
                                    method="newcombe").iloc[0]
    assert row.ci_lower == row.ci_upper == pytest.approx(3 / 12)


def test_fpc_limits_stay_within_the_worst_case_bounds():
    k1, k2 = np.meshgrid(np.arange(10), np.arange(11), indexing="ij")
    out = independent_difference_ci(k1.ravel(), 9, k2.ravel(), 10, population_from=12, population_to=12,
                                    method="newcombe")
    lo_bound = (k2.ravel() - (k1.ravel() + 3)) / 12
    hi_bound = (k2.ravel() + 2 - k1.ravel()) / 12
    assert (out.ci_lower >= lo_bound - 1e-12).all() and (out.ci_upper <= hi_bound + 1e-12).all()
    np.testing.assert_allclose(out.ci_lower * 12, np.round(out.ci_lower * 12), atol=1e-9)


def _coverage(N, n1, n2, method, level=0.95):
    k1, k2 = np.meshgrid(np.arange(n1 + 1), np.arange(n2 + 1), indexing="ij")
    out = independent_difference_ci(k1.ravel(), n1, k2.ravel(), n2, population_from=N, population_to=N,
                                    method=method, level=level)
    lo = out.ci_lower.to_numpy().reshape(k1.shape)
    hi = out.ci_upper.to_numpy().reshape(k1.shape)
    cover = []
    for M1 in range(N + 1):
        p1 = stats.hypergeom.pmf(np.arange(n1 + 1), N, M1, n1)
        for M2 in range(N + 1):
            p2 = stats.hypergeom.pmf(np.arange(n2 + 1), N, M2, n2)
            d = (M2 - M1) / N
            cover.append((np.outer(p1, p2) * ((lo <= d + 1e-9) & (d <= hi + 1e-9))).sum())
    return min(cover), float(np.mean(cover))


# documented in docs/methods.md, "Change between waves and targets" (N = 12, 95 %)
DOCUMENTED = {
    (9, 9, "exact"): (0.9545, 0.9847), (9, 9, "newcombe"): (0.8983, 0.9613),
    (11, 10, "exact"): (0.9545, 0.9903), (11, 10, "newcombe"): (0.7222, 0.9491),
    (3, 3, "exact"): (0.9545, 0.9890), (3, 3, "newcombe"): (0.8864, 0.9639),
}


@pytest.mark.parametrize(("n1", "n2", "method"), list(DOCUMENTED))
def test_coverage_by_enumeration(n1, n2, method):
    low, mean = _coverage(12, n1, n2, method)
    assert (round(low, 4), round(mean, 4)) == DOCUMENTED[(n1, n2, method)]


def test_exact_never_undercovers():
    for n1, n2 in ((2, 7), (6, 9), (12, 5)):
        assert _coverage(12, n1, n2, "exact")[0] >= 0.95
        assert _coverage(12, n1, n2, "exact", level=0.8)[0] >= 0.8


def test_auto_choice_and_labels():
    out = independent_difference_ci(5, 9, 8, 10, population_from=[12, 12, np.nan, 200],
                                    population_to=[12, 14, 12, 200])
    assert out.ci_method.tolist() == ["exact finite population (N=12/12)", "exact finite population (N=12/14)",
                                      "newcombe hybrid score (fpc in one wave only)",
                                      "newcombe hybrid score (fpc N=200/200)"]


def test_empty_and_missing():
    out = independent_difference_ci([0, np.nan], [0, 5], 3, 5)
    assert out.ci_method.tolist() == ["no respondents in base", "missing count or base"]
    assert out.ci_lower.isna().all()


def test_bad_input():
    with pytest.raises(SurveyInputError, match="k_from exceeds n_from"):
        independent_difference_ci(6, 5, 1, 5)
    with pytest.raises(SurveyInputError, match="n_to exceeds population_to"):
        independent_difference_ci(1, 5, 1, 15, population_to=12)
    with pytest.raises(SurveyInputError, match="needs the population"):
        independent_difference_ci(1, 5, 1, 5, method="exact")
    with pytest.raises(SurveyInputError, match="whole numbers"):
        independent_difference_ci(1.5, 5, 1, 5)
    with pytest.raises(SurveyInputError, match="broadcast"):
        independent_difference_ci([1, 2], 5, [1, 2, 3], 5)
