"""The tests between independent groups (survey_inventory.stats.unpaired), each checked
against an independent source: scipy, pingouin, or exact enumeration of every table."""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pingouin as pg
import pytest
from scipy import stats

from exact_reference import B, assert_no_test, exact_conditional_p, expand, mc_tol, table_prob
from survey_inventory.errors import SurveyInputError
from survey_inventory.stats.unpaired import (
    cramers_v, fisher_freeman_halton, linear_by_linear, rank_biserial,
)


# -- Fisher-Freeman-Halton and Cramér's V -------------------------------------------------------

@pytest.mark.parametrize("table", [[[3, 1], [1, 3]], [[5, 0], [1, 4]], [[2, 7], [8, 2]], [[0, 4], [3, 1]]])
def test_ffh_on_2x2_is_fishers_exact_test(table):
    out = fisher_freeman_halton(table).iloc[0]
    exact = stats.fisher_exact(table).pvalue
    assert out["p_value"] == pytest.approx(exact, abs=mc_tol(exact))
    assert out["p_method"] == f"Monte Carlo, {B} random tables (seed 2025)"


@pytest.mark.parametrize("table", [[[2, 1, 0], [0, 1, 3]], [[1, 2, 1], [2, 0, 1], [0, 1, 3]], [[3, 0, 1, 1], [0, 2, 2, 0]]])
def test_ffh_p_matches_full_enumeration_of_tables(table):
    exact = exact_conditional_p(table, table_prob, larger=False)   # tables at most as probable
    out = fisher_freeman_halton(table).iloc[0]
    assert out["p_value"] == pytest.approx(exact, abs=mc_tol(exact))
    assert out["df"] == (len(table) - 1) * (len(table[0]) - 1)


def test_ffh_statistic_is_asymptotically_the_likelihood_ratio():
    """-2 ln(gamma P) -> G² near independence: checks the normalising constant gamma."""
    rng = np.random.default_rng(1)
    t = rng.multinomial(20000, np.outer([.2, .3, .5], [.1, .2, .3, .4]).ravel()).reshape(3, 4)
    expected = np.outer(t.sum(1), t.sum(0)) / t.sum()
    g2 = 2 * (t * np.log(t / expected)).sum()
    assert fisher_freeman_halton(t, n_resamples=10).iloc[0]["statistic"] == pytest.approx(g2, abs=0.05)


def test_ffh_is_reproducible_and_depends_on_the_seed():
    t = [[4, 2, 1], [1, 3, 4]]
    a, b = fisher_freeman_halton(t), fisher_freeman_halton(t)
    pd.testing.assert_frame_equal(a, b)
    other = fisher_freeman_halton(t, seed=7)
    assert other["p_value"][0] != a["p_value"][0]
    assert other["p_method"][0].endswith("(seed 7)")


def test_ffh_drops_empty_rows_and_columns():
    a = fisher_freeman_halton([[2, 0, 1], [0, 0, 3]]).iloc[0]
    b = fisher_freeman_halton([[2, 1], [0, 3], [0, 0]]).iloc[0]
    assert a["statistic"] == pytest.approx(b["statistic"]) and a["p_value"] == b["p_value"] and a["df"] == 1


@pytest.mark.parametrize("table", [[[6, 2, 1], [2, 5, 4]], [[10, 0], [0, 10]], [[3, 4, 5], [5, 4, 3], [1, 1, 8]]])
def test_cramers_v_matches_scipy(table):
    assert cramers_v(table) == pytest.approx(stats.contingency.association(np.array(table), method="cramer"))


def test_bias_corrected_cramers_v_by_hand():
    # [[6, 2, 1], [2, 5, 4]]: n = 20, X² = 4.9345 (scipy), r = 2, c = 3
    chi2 = stats.chi2_contingency([[6, 2, 1], [2, 5, 4]], correction=False)[0]
    phi2 = max(0.0, chi2 / 20 - 2 / 19)
    expected = math.sqrt(phi2 / min(2 - 1 / 19 - 1, 3 - 4 / 19 - 1))
    assert cramers_v([[6, 2, 1], [2, 5, 4]], bias_correction=True) == pytest.approx(expected)
    assert cramers_v([[5, 5], [5, 5]], bias_correction=True) == 0.0
    out = fisher_freeman_halton([[6, 2, 1], [2, 5, 4]], bias_corrected_v=True).iloc[0]
    assert out["effect_size"] == pytest.approx(expected) and out["effect_name"] == "Cramér's V (bias-corrected)"


# -- linear-by-linear and rank-biserial ----------------------------------------------------------

@pytest.mark.parametrize("table", [[[4, 3, 1, 0, 0], [1, 2, 3, 2, 1]], [[0, 2, 5], [3, 1, 0]], [[2, 2, 2, 2], [1, 0, 0, 4]]])
def test_linear_by_linear_two_groups_is_exact(table):
    t = np.array(table)
    k = t.shape[1]
    x = np.repeat(np.arange(1, k + 1), t[0])
    y = np.repeat(np.arange(1, k + 1), t[1])
    # scipy's exact permutation distribution of |mean difference| (every split of the respondents)
    pt = stats.permutation_test((x, y), lambda a, b: abs(np.mean(a) - np.mean(b)), permutation_type="independent",
                                n_resamples=np.inf, alternative="greater")
    out = linear_by_linear(t).iloc[0]
    assert out["p_method"] == "exact"
    assert out["p_value"] == pytest.approx(pt.pvalue, rel=1e-9)
    rows = np.r_[np.zeros(x.size), np.ones(y.size)]
    scores = np.r_[x, y]
    assert out["statistic"] == pytest.approx((rows.size - 1) * np.corrcoef(rows, scores)[0, 1] ** 2)
    # midrank scores: the exact Wilcoxon-Mann-Whitney test with ties
    ranks = stats.rankdata(scores)
    pt = stats.permutation_test((ranks[:x.size], ranks[x.size:]), lambda a, b: abs(np.mean(a) - np.mean(b)),
                                permutation_type="independent", n_resamples=np.inf, alternative="greater")
    assert linear_by_linear(t, col_scores="midrank").iloc[0]["p_value"] == pytest.approx(pt.pvalue, rel=1e-9)


def test_linear_by_linear_three_groups_matches_enumeration():
    t = np.array([[2, 1, 0], [1, 1, 1], [0, 1, 2]])

    def m2(u):
        r, c = expand(u)
        return (r.size - 1) * np.corrcoef(r, c)[0, 1] ** 2

    exact = exact_conditional_p(t, m2)
    out = linear_by_linear(t).iloc[0]
    assert out["p_value"] == pytest.approx(exact, abs=mc_tol(exact))
    assert out["statistic"] == pytest.approx(m2(t)) and out["effect_name"] == "Pearson correlation of scores"


def test_large_two_group_tables_use_the_chi_square_limit():
    """Above max_exact_n respondents M² is taken as chi-square(1), as the exact p-value nearly is."""
    t = np.array([[40, 30, 20, 10], [10, 20, 30, 40]])
    out = linear_by_linear(t, max_exact_n=100).iloc[0]
    assert out["p_method"] == "asymptotic chi-square (1 df)"
    assert out["p_value"] == pytest.approx(stats.chi2.sf(out["statistic"], 1), rel=1e-12)
    exact = linear_by_linear(t).iloc[0]
    assert exact["p_method"] == "exact" and exact["statistic"] == out["statistic"]
    assert out["p_value"] == pytest.approx(exact["p_value"], abs=0.02)


def test_large_many_group_tables_use_the_chi_square_limit_not_random_tables():
    t = np.array([[60, 50, 40, 45], [40, 45, 50, 45], [45, 40, 45, 60]])
    mc = linear_by_linear(t, max_exact_n=1000).iloc[0]
    out = linear_by_linear(t).iloc[0]
    assert mc["p_method"].startswith("Monte Carlo") and out["p_method"] == "asymptotic chi-square (1 df)"
    assert out["p_value"] == pytest.approx(mc["p_value"], abs=mc_tol(mc["p_value"]))


def test_ffh_above_max_exact_n_is_the_chi_square_limit_of_its_statistic():
    """-2 ln(gamma P) is asymptotically chi-square((r-1)(c-1)): its tail agrees with the Monte Carlo p."""
    t = np.array([[35, 25, 20, 25], [20, 30, 35, 20], [25, 25, 20, 30]])
    mc = fisher_freeman_halton(t, max_exact_n=1000).iloc[0]
    out = fisher_freeman_halton(t).iloc[0]
    assert out["p_method"] == "asymptotic chi-square (6 df)" and out["statistic"] == mc["statistic"]
    assert out["p_value"] == pytest.approx(stats.chi2.sf(out["statistic"], 6), rel=1e-12)
    assert out["p_value"] == pytest.approx(mc["p_value"], abs=mc_tol(mc["p_value"]))
    assert out["effect_size"] == mc["effect_size"]


@pytest.mark.parametrize("table", [[[0, 1, 3], [3, 1, 0]], [[4, 3, 1, 0, 0], [1, 2, 3, 2, 1]], [[2, 0, 2], [1, 2, 1]]])
def test_rank_biserial_against_all_pairs_and_pingouin(table):
    t = np.array(table)
    x = np.repeat(np.arange(t.shape[1]), t[0])
    y = np.repeat(np.arange(t.shape[1]), t[1])
    brute = np.mean([np.sign(a - b) for a in x for b in y])
    assert rank_biserial(t) == pytest.approx(brute)
    assert rank_biserial(t) == pytest.approx(pg.mwu(x, y)["RBC"].iloc[0])
    assert linear_by_linear(t).iloc[0]["effect_size"] == pytest.approx(brute)


# -- degenerate cases: a row with NaN and a note, never an exception or a warning -----------------

@pytest.mark.parametrize("func,data,phrase", [
    (fisher_freeman_halton, [[3, 2, 1]], "fewer than 2 groups"),
    (fisher_freeman_halton, [[3], [4]], "same answer"),
    (fisher_freeman_halton, [[1, 0], [0, 0]], "fewer than 2 respondents"),
    (fisher_freeman_halton, np.zeros((0, 3)), "fewer than 2 respondents"),
    (linear_by_linear, [[0, 0, 0], [1, 2, 0]], "fewer than 2 groups"),
    (linear_by_linear, [[0, 4, 0], [0, 2, 0]], "same answer"),
])
def test_degenerate_tables(func, data, phrase):
    assert_no_test(func, data, phrase)


def test_bad_input_is_refused():
    with pytest.raises(SurveyInputError, match="non-negative whole counts"):
        fisher_freeman_halton([[1, -1], [2, 3]])
    with pytest.raises(SurveyInputError, match="2-D"):
        fisher_freeman_halton([1, 2, 3])
    with pytest.raises(SurveyInputError, match="n_resamples"):
        fisher_freeman_halton([[1, 2], [2, 1]], n_resamples=0)
