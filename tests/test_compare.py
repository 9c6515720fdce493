"""Comparisons between respondent types and sectors (survey_inventory.compare), the
simultaneous-interval option and their place in ``analyze``.

Every statistic is checked against an independent source: scipy, statsmodels,
pingouin, a published example, a numerical delta method, or exact enumeration of
every table / permutation / sign pattern written out in this file.
"""
from __future__ import annotations

import doctest
import itertools
import json
import math
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pingouin as pg
import pytest
from click.testing import CliRunner
from scipy import stats
from statsmodels.stats.contingency_tables import cochrans_q, mcnemar
from statsmodels.stats.multitest import multipletests

from survey_inventory import compare
from survey_inventory.compare import (
    COMPARISON_COLUMNS, RESULT_COLUMNS, cochran_q, comparisons, cramers_v, fisher_freeman_halton, friedman,
    goodman_kruskal_gamma, holm, kendall_tau_b, linear_by_linear, mcnemar_exact, rank_biserial,
    suppress_small_groups, wilcoxon_signed_rank,
)
from survey_inventory.codebook import codebook_from_dict
from survey_inventory.errors import SurveyInputError

ROOT = Path(__file__).resolve().parents[1]
BUNDLED = ROOT / "codebooks" / "bartels-2025.yaml"
B = compare.N_RESAMPLES


def mc_tol(p: float, b: int = B) -> float:
    """Four Monte Carlo standard errors (and one resample) around an exact p."""
    return 4 * math.sqrt(max(p * (1 - p), 1e-4) / b) + 2 / (b + 1)


# -- independent exact machinery --------------------------------------------------------------

def tables_with_margins(rows, cols):
    """Every table of non-negative integers with these row and column sums."""
    rows, cols = list(rows), list(cols)
    r, c = len(rows), len(cols)

    def fill(i, remaining_cols):
        if i == r - 1:
            yield [list(remaining_cols)]
            return
        for first in _splits(rows[i], remaining_cols):
            rest = [a - b for a, b in zip(remaining_cols, first)]
            for tail in fill(i + 1, rest):
                yield [first] + tail

    yield from (np.array(t) for t in fill(0, cols))


def _splits(total, caps):
    if len(caps) == 1:
        if total <= caps[0]:
            yield [total]
        return
    for x in range(0, min(total, caps[0]) + 1):
        for rest in _splits(total - x, caps[1:]):
            yield [x] + rest


def table_prob(t) -> float:
    """Multiple hypergeometric probability of a table given its margins, with exact integers."""
    t = np.asarray(t)
    num = math.prod(math.factorial(int(x)) for x in t.sum(1)) * math.prod(math.factorial(int(x)) for x in t.sum(0))
    den = math.factorial(int(t.sum())) * math.prod(math.factorial(int(x)) for x in t.ravel())
    return num / den


def exact_conditional_p(t, stat, larger=True):
    """P(stat(T) >= stat(t)) over every table with t's margins (or <= with larger=False)."""
    t = np.asarray(t)
    obs = stat(t)
    total, p = 0.0, 0.0
    for u in tables_with_margins(t.sum(1), t.sum(0)):
        pr = table_prob(u)
        total += pr
        v = stat(u)
        if (v >= obs - 1e-9 * max(1, abs(obs))) if larger else (v <= obs + 1e-9 * max(1, abs(obs))):
            p += pr
    assert total == pytest.approx(1.0)
    return p


def pairs_s(t):
    """Concordant minus discordant pairs by brute force over all pairs of respondents."""
    t = np.asarray(t)
    x = np.repeat(np.arange(t.shape[0])[:, None], t.shape[1], 1).ravel().repeat(t.ravel())
    y = np.tile(np.arange(t.shape[1]), t.shape[0]).repeat(t.ravel())
    s = 0
    for i, j in itertools.combinations(range(x.size), 2):
        s += np.sign(x[i] - x[j]) * np.sign(y[i] - y[j])
    return s


def expand(t):
    """A table as two arrays of row and column positions (one entry per respondent)."""
    t = np.asarray(t)
    r = np.repeat(np.arange(t.shape[0])[:, None], t.shape[1], 1).ravel().repeat(t.ravel())
    c = np.tile(np.arange(t.shape[1]), t.shape[0]).repeat(t.ravel())
    return r, c


def delta_ase(f, t):
    """Delta-method standard error of f(cell proportions) under multinomial sampling, by
    numerical differentiation: independent of the closed-form ASE formulas."""
    t = np.asarray(t, dtype=float)
    n = t.sum()
    p = t / n
    grad = np.zeros_like(p)
    h = 1e-6
    for i in range(p.shape[0]):
        for j in range(p.shape[1]):
            e = np.zeros_like(p)
            e[i, j] = h
            grad[i, j] = (f(p + e) - f(p - e)) / (2 * h)
    pv, gv = p.ravel(), grad.ravel()
    return math.sqrt(((pv * gv ** 2).sum() - (pv * gv).sum() ** 2) / n)


def _pq(p):
    """P and Q (twice concordant/discordant pair mass) of a table of proportions, by loops."""
    r, c = p.shape
    big_p = big_q = 0.0
    for i in range(r):
        for j in range(c):
            big_p += p[i, j] * (p[i + 1:, j + 1:].sum() + p[:i, :j].sum())
            big_q += p[i, j] * (p[i + 1:, :j].sum() + p[:i, j + 1:].sum())
    return big_p, big_q


def gamma_of(p):
    big_p, big_q = _pq(p)
    return (big_p - big_q) / (big_p + big_q)


def tau_b_of(p):
    big_p, big_q = _pq(p)
    s = p.sum()
    wr = s ** 2 - (p.sum(1) ** 2).sum()
    wc = s ** 2 - (p.sum(0) ** 2).sum()
    return (big_p - big_q) / math.sqrt(wr * wc)


def half_width(row, level=0.95):
    """z * ASE from an interval clipped to [-1, 1] on at most one side."""
    est = row["effect_size"]
    side = max(est - row["effect_ci_lower"], row["effect_ci_upper"] - est)
    return side / stats.norm.ppf(0.5 + level / 2)


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


def test_large_two_group_tables_fall_back_to_monte_carlo():
    t = np.array([[40, 30, 20, 10], [10, 20, 30, 40]])
    out = linear_by_linear(t, max_exact_n=100).iloc[0]
    assert out["p_method"].startswith("Monte Carlo")
    exact = linear_by_linear(t).iloc[0]
    assert exact["p_method"] == "exact" and exact["statistic"] == out["statistic"]


@pytest.mark.parametrize("table", [[[0, 1, 3], [3, 1, 0]], [[4, 3, 1, 0, 0], [1, 2, 3, 2, 1]], [[2, 0, 2], [1, 2, 1]]])
def test_rank_biserial_against_all_pairs_and_pingouin(table):
    t = np.array(table)
    x = np.repeat(np.arange(t.shape[1]), t[0])
    y = np.repeat(np.arange(t.shape[1]), t[1])
    brute = np.mean([np.sign(a - b) for a in x for b in y])
    assert rank_biserial(t) == pytest.approx(brute)
    assert rank_biserial(t) == pytest.approx(pg.mwu(x, y)["RBC"].iloc[0])
    assert linear_by_linear(t).iloc[0]["effect_size"] == pytest.approx(brute)


# -- paired: Friedman, Cochran's Q, Wilcoxon, McNemar --------------------------------------------

FRIEDMAN_DATA = np.array([[1, 2, 3], [1, 3, 2], [2, 3, 3], [1, 2, 2], [2, 2, 4], [3, 1, 4], [2, 2, 2]])


def test_friedman_matches_scipy_and_pingouin():
    out = friedman(FRIEDMAN_DATA, method="asymptotic").iloc[0]
    ref = stats.friedmanchisquare(*FRIEDMAN_DATA.T)
    assert out["statistic"] == pytest.approx(ref.statistic) and out["p_value"] == pytest.approx(ref.pvalue)
    long = pd.DataFrame(FRIEDMAN_DATA).reset_index().melt(id_vars="index")
    pgr = pg.friedman(long, dv="value", within="variable", subject="index")
    assert out["effect_size"] == pytest.approx(pgr["W"].iloc[0])
    assert out["df"] == 2 and out["n"] == 7


def _within_row_enumeration(m, stat):
    """Exact randomisation p: every combination of within-row permutations."""
    obs = stat(m)
    perms = [list(itertools.permutations(row)) for row in m]
    hits = total = 0
    for combo in itertools.product(*perms):
        total += 1
        hits += stat(np.array(combo)) >= obs - 1e-9
    return hits / total


def test_friedman_permutation_p_matches_full_enumeration():
    m = np.array([[1, 2, 3], [1, 3, 2], [2, 3, 3], [1, 2, 4]])

    def chi2(u):
        return stats.friedmanchisquare(*u.T).statistic if np.ptp(u, axis=1).any() else 0.0

    exact = _within_row_enumeration(m, chi2)
    out = friedman(m, method="permutation").iloc[0]
    assert out["p_value"] == pytest.approx(exact, abs=mc_tol(exact))
    assert "within-respondent permutations" in out["p_method"]


def test_friedman_drops_incomplete_respondents_and_works_with_two_conditions():
    m = np.vstack([FRIEDMAN_DATA, [[1, np.nan, 2]]])
    assert friedman(m, method="asymptotic").iloc[0]["n"] == 7
    two = friedman(FRIEDMAN_DATA[:, :2], method="asymptotic").iloc[0]
    # with k = 2 Friedman's statistic is the sign test's chi-square: (n+ - n-)² / (n+ + n-)
    d = FRIEDMAN_DATA[:, 0] - FRIEDMAN_DATA[:, 1]
    pos, neg = (d > 0).sum(), (d < 0).sum()
    assert two["statistic"] == pytest.approx((pos - neg) ** 2 / (pos + neg))


COCHRAN_DATA = np.array([[1, 1, 0], [1, 0, 0], [1, 1, 0], [0, 0, 0], [1, 0, 1], [1, 1, 0], [1, 1, 1]])


def test_cochran_q_matches_statsmodels_and_pingouin():
    out = cochran_q(COCHRAN_DATA, method="asymptotic").iloc[0]
    ref = cochrans_q(COCHRAN_DATA)
    assert out["statistic"] == pytest.approx(ref.statistic) and out["p_value"] == pytest.approx(ref.pvalue)
    long = pd.DataFrame(COCHRAN_DATA).reset_index().melt(id_vars="index")
    assert out["statistic"] == pytest.approx(pg.cochran(long, dv="value", within="variable", subject="index")["Q"].iloc[0])
    assert out["effect_size"] == pytest.approx(ref.statistic / (7 * 2))


def test_cochran_q_permutation_p_matches_full_enumeration():
    m = COCHRAN_DATA[:6]

    def q(u):
        cols, rows = u.sum(0), u.sum(1)
        k, total = u.shape[1], u.sum()
        return (k - 1) * (k * (cols ** 2).sum() - total ** 2) / (k * total - (rows ** 2).sum())

    exact = _within_row_enumeration(m, q)
    out = cochran_q(m, method="permutation").iloc[0]
    assert out["p_value"] == pytest.approx(exact, abs=mc_tol(exact))


def test_wilcoxon_without_ties_matches_scipy_exact():
    x = [15, 21, 3, 47, 32, 59, 28, 9, 40]
    y = [2, 25, 12, 20, 7, 31, 36, 3, 10]      # |differences| all distinct: no ties, no zeros
    out = wilcoxon_signed_rank(x, y).iloc[0]
    ref = stats.wilcoxon(x, y, method="exact")
    assert out["statistic"] == ref.statistic and out["p_value"] == pytest.approx(ref.pvalue)
    pgr = pg.wilcoxon(x, y)
    assert out["effect_size"] == pytest.approx(pgr["RBC"].iloc[0])


def test_wilcoxon_with_ties_and_zeros_matches_sign_enumeration():
    a = np.array([3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 4])
    b = np.array([2, 7, 1, 8, 2, 8, 1, 8, 2, 8, 4, 4])
    d = a - b
    d = d[d != 0]
    r = stats.rankdata(np.abs(d))
    t_plus, centre = r[d > 0].sum(), r.sum() / 2
    hits = sum(abs((r * np.array(s)).sum() - centre) >= abs(t_plus - centre) - 1e-9
               for s in itertools.product([0, 1], repeat=d.size))
    out = wilcoxon_signed_rank(a, b).iloc[0]
    assert out["p_method"] == "exact (with ties)"
    assert out["p_value"] == pytest.approx(hits / 2 ** d.size)
    assert out["effect_size"] == pytest.approx((t_plus - (r.sum() - t_plus)) / r.sum())
    assert out["n"] == 12 and "1 pair(s) with equal answers left out" in out["note"]


def test_wilcoxon_normal_approximation_matches_scipy():
    rng = np.random.default_rng(3)
    x, y = rng.integers(1, 6, 60), rng.integers(1, 6, 60)
    out = wilcoxon_signed_rank(x, y, max_exact_n=0).iloc[0]
    ref = stats.wilcoxon(x, y, method="approx", zero_method="wilcox", correction=False)
    assert out["p_method"].startswith("normal") and out["p_value"] == pytest.approx(ref.pvalue, rel=1e-9)


@pytest.mark.parametrize("x,y", [([1, 1, 1, 1, 1, 0, 0, 1], [0, 0, 0, 0, 1, 0, 0, 1]),
                                 ([1, 0, 1, 0, 1, 0, 1, 1, 0, 1], [0, 1, 1, 1, 1, 1, 0, 1, 1, 1])])
def test_mcnemar_matches_statsmodels(x, y):
    table = pd.crosstab(pd.Categorical(x, [0, 1]), pd.Categorical(y, [0, 1]), dropna=False).to_numpy()
    out = mcnemar_exact(x, y).iloc[0]
    assert out["p_value"] == pytest.approx(mcnemar(table, exact=True).pvalue)
    assert out["effect_size"] == pytest.approx(np.mean(x) - np.mean(y))


# -- association: gamma and tau-b ---------------------------------------------------------------

AGRESTI = np.array([[1, 3, 10, 6], [2, 3, 10, 7], [1, 6, 14, 12], [0, 1, 9, 11]])  # income x job satisfaction


def test_gamma_and_tau_b_on_agrestis_job_satisfaction_example():
    """Agresti, Categorical Data Analysis: gamma = 0.221 with ASE 0.117 for this table."""
    g = goodman_kruskal_gamma(AGRESTI).iloc[0]
    assert g["effect_size"] == pytest.approx(0.221, abs=5e-4)
    assert half_width(g) == pytest.approx(0.117, abs=5e-4)
    r, c = expand(AGRESTI)
    assert kendall_tau_b(AGRESTI).iloc[0]["effect_size"] == pytest.approx(stats.kendalltau(r, c).statistic)


@pytest.mark.parametrize("table", [AGRESTI, [[5, 2, 0], [2, 3, 1], [0, 2, 4]], [[3, 1, 2, 0], [1, 4, 2, 1], [0, 2, 3, 5]],
                                   [[2, 3], [4, 1]]])
def test_ase_matches_the_delta_method(table):
    t = np.asarray(table, dtype=float)
    g = goodman_kruskal_gamma(t).iloc[0]
    tb = kendall_tau_b(t).iloc[0]
    assert half_width(g) == pytest.approx(delta_ase(gamma_of, t), rel=1e-5)
    assert half_width(tb) == pytest.approx(delta_ase(tau_b_of, t), rel=1e-5)
    assert tb["effect_ci_method"].startswith("Wald, ASE")


def test_gamma_by_hand():
    # 2 x 2: gamma is Yule's Q = (ad - bc)/(ad + bc)
    assert goodman_kruskal_gamma([[2, 3], [4, 1]]).iloc[0]["effect_size"] == pytest.approx((2 - 12) / (2 + 12))
    # 3 x 3 by counting pairs: concordant 5*(3+1+2+4)+2*(1+4)+2*(2+4)+3*4 = 84, discordant 2*(2+0)+... by brute force
    t = [[5, 2, 0], [2, 3, 1], [0, 2, 4]]
    r, c = expand(t)
    conc = disc = 0
    for i, j in itertools.combinations(range(r.size), 2):
        s = np.sign(r[i] - r[j]) * np.sign(c[i] - c[j])
        conc += s > 0
        disc += s < 0
    assert goodman_kruskal_gamma(t).iloc[0]["effect_size"] == pytest.approx((conc - disc) / (conc + disc))


def test_association_p_is_the_conditional_test_of_s():
    t = np.array([[2, 1, 0], [1, 1, 1], [0, 1, 2]])
    exact = exact_conditional_p(t, lambda u: abs(pairs_s(u)))
    g, tb = goodman_kruskal_gamma(t).iloc[0], kendall_tau_b(t).iloc[0]
    assert g["p_value"] == tb["p_value"] == pytest.approx(exact, abs=mc_tol(exact))
    # the large-sample branch is Kendall's tie-corrected normal test, as scipy's
    r, c = expand(AGRESTI)
    assert kendall_tau_b(AGRESTI, max_exact_n=0).iloc[0]["p_value"] == pytest.approx(stats.kendalltau(r, c).pvalue)


def test_perfect_association_has_no_ase_interval():
    g = goodman_kruskal_gamma([[3, 1, 0], [0, 2, 2]]).iloc[0]
    assert g["effect_size"] == 1.0 and np.isnan(g["effect_ci_lower"]) and "no interval" in g["note"]


def test_level_changes_the_interval():
    a = kendall_tau_b(AGRESTI, level=0.95).iloc[0]
    b = kendall_tau_b(AGRESTI, level=0.80).iloc[0]
    assert b["effect_ci_upper"] - b["effect_ci_lower"] < a["effect_ci_upper"] - a["effect_ci_lower"]
    assert half_width(b, 0.80) == pytest.approx(half_width(a, 0.95))


# -- Holm ---------------------------------------------------------------------------------------

def test_holm_matches_statsmodels():
    rng = np.random.default_rng(5)
    for m in (1, 2, 3, 6, 10):
        p = rng.uniform(0, 0.2, m)
        p[0] = p[-1]  # a tie
        assert holm(p) == pytest.approx(multipletests(p, method="holm")[1])
    p = np.array([0.01, np.nan, 0.04, 0.03])
    out = holm(p)
    assert np.isnan(out[1]) and out[[0, 2, 3]] == pytest.approx(multipletests(p[[0, 2, 3]], method="holm")[1])
    assert holm([]).size == 0 and np.isnan(holm([np.nan])).all()


# -- degenerate cases: a row with NaN and a note, never an exception or a warning -----------------

@pytest.mark.parametrize("func,data,phrase", [
    (fisher_freeman_halton, [[3, 2, 1]], "fewer than 2 groups"),
    (fisher_freeman_halton, [[3], [4]], "same answer"),
    (fisher_freeman_halton, [[1, 0], [0, 0]], "fewer than 2 respondents"),
    (fisher_freeman_halton, np.zeros((0, 3)), "fewer than 2 respondents"),
    (linear_by_linear, [[0, 0, 0], [1, 2, 0]], "fewer than 2 groups"),
    (linear_by_linear, [[0, 4, 0], [0, 2, 0]], "same answer"),
    (goodman_kruskal_gamma, [[0, 0], [3, 4]], "same row category"),
    (kendall_tau_b, [[2, 0], [3, 0]], "same column category"),
    (kendall_tau_b, [[1, 0], [0, 0]], "fewer than 2"),
])
def test_degenerate_tables(func, data, phrase):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        out = func(data)
    assert list(out.columns) == RESULT_COLUMNS and len(out) == 1
    row = out.iloc[0]
    assert np.isnan(row["p_value"]) and np.isnan(row["effect_size"]) and phrase in row["note"]


@pytest.mark.parametrize("func,data,phrase", [
    (friedman, [[2, 2, 2], [3, 3, 3]], "same answer"),
    (friedman, [[1, 2, 3]], "fewer than 2 complete"),
    (friedman, [[1], [2]], "fewer than 2 conditions"),
    (friedman, [[1, np.nan], [np.nan, 2]], "fewer than 2 complete"),
    (cochran_q, [[1, 1], [0, 0], [1, 1]], "same for every condition"),
    (cochran_q, np.zeros((0, 3)), "fewer than 2 complete"),
])
def test_degenerate_paired_data(func, data, phrase):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        row = func(data).iloc[0]
    assert np.isnan(row["p_value"]) and phrase in row["note"]


def test_degenerate_pairs():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        same = wilcoxon_signed_rank([1, 2, 3], [1, 2, 3]).iloc[0]
        one = wilcoxon_signed_rank([1], [2]).iloc[0]
        mc = mcnemar_exact([1, 0, 1], [1, 0, 1]).iloc[0]
        empty = mcnemar_exact([], []).iloc[0]
    assert np.isnan(same["p_value"]) and "answers differently" in same["note"]
    assert np.isnan(one["p_value"]) and "fewer than 2" in one["note"]
    assert np.isnan(mc["p_value"]) and mc["effect_size"] == 0 and "answers differently" in mc["note"]
    assert np.isnan(empty["p_value"]) and empty["n"] == 0


def test_bad_input_is_refused():
    with pytest.raises(SurveyInputError, match="non-negative whole counts"):
        fisher_freeman_halton([[1, -1], [2, 3]])
    with pytest.raises(SurveyInputError, match="2-D"):
        fisher_freeman_halton([1, 2, 3])
    with pytest.raises(SurveyInputError, match="0/1"):
        cochran_q([[0, 2], [1, 1]])
    with pytest.raises(SurveyInputError, match="same length"):
        wilcoxon_signed_rank([1, 2], [1, 2, 3])
    with pytest.raises(SurveyInputError, match="n_resamples"):
        fisher_freeman_halton([[1, 2], [2, 1]], n_resamples=0)
    with pytest.raises(SurveyInputError, match="level"):
        kendall_tau_b([[1, 2], [2, 1]], level=1.5)


def test_doctests():
    assert doctest.testmod(compare, optionflags=doctest.NORMALIZE_WHITESPACE).failed == 0


# -- from the tidy table: a small study built by hand -----------------------------------------------

SMALL = {
    "study": {"id": "small", "title": "Small"},
    "respondent_types": [{"id": "province", "label": "provincies", "population": 12},
                         {"id": "amr", "label": "AMR's", "population": 35}],
    "sources": [{"id": "s", "file": "s.csv", "id_column": "id", "respondent_type": "province"}],
    "scales": {
        "fam": {"codes": [{"code": 1, "label": "Goed"}, {"code": 2, "label": "Redelijk"},
                          {"code": 3, "label": "Zeer slecht"}], "missing": [9]},
        "inv": {"codes": [{"code": 1, "label": "Actief betrokken"}, {"code": 2, "label": "Niet betrokken"},
                          {"code": 3, "label": "Weet ik niet", "substantive": False}]},
    },
    "measures": [{"id": "familiarity", "label": "Bekendheid", "caption": "Bekendheid"},
                 {"id": "involvement", "label": "Betrokkenheid", "caption": "Betrokkenheid"}],
    "sectors": [{"id": "care", "label": "zorg", "collaborations": "wgo's"},
                {"id": "green", "label": "groen", "collaborations": "hotspots"}],
    "items": [
        {"id": "care_fam", "sector": "care", "measure": "familiarity", "column": "cf", "scale": "fam"},
        {"id": "care_inv", "sector": "care", "measure": "involvement", "column": "ci", "scale": "inv",
         "asked_if": "care_fam is not missing and care_fam != 3"},
        {"id": "green_fam", "sector": "green", "measure": "familiarity", "column": "gf", "scale": "fam"},
        {"id": "green_inv", "sector": "green", "measure": "involvement", "column": "gi", "scale": "inv",
         "asked_if": "green_fam is not missing and green_fam != 3"},
    ],
}


def tidy(rows):
    """rows: (respondent, type, {item: code or None}) -> the tidy table, with routing applied:
    involvement is not asked when familiarity is 3 or missing."""
    out = []
    for rid, rtype, answers in rows:
        for sector in ("care", "green"):
            fam = answers.get(f"{sector}_fam")
            out.append((rid, rtype, f"{sector}_fam", "valid" if fam is not None else "missing", fam))
            if fam is None or fam == 3:
                out.append((rid, rtype, f"{sector}_inv", "not_asked", None))
            else:
                inv = answers.get(f"{sector}_inv")
                out.append((rid, rtype, f"{sector}_inv", "valid" if inv is not None else "missing", inv))
    return pd.DataFrame(out, columns=["respondent_id", "respondent_type", "item", "status", "code"]).astype({"code": float})


@pytest.fixture(scope="module")
def small_cb():
    return codebook_from_dict(SMALL)


def _quiet(func, *args, **kw):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        return func(*args, **kw)


def test_comparisons_on_a_small_study(small_cb):
    rows = [(f"p{i}", "province", {"care_fam": f, "care_inv": v, "green_fam": g, "green_inv": w})
            for i, (f, v, g, w) in enumerate([(1, 1, 2, 2), (1, 1, 3, None), (2, 2, 1, 1), (2, 1, 3, None),
                                              (1, 3, 2, 2), (3, None, 3, None)])]
    rows += [(f"a{i}", "amr", {"care_fam": f, "care_inv": v, "green_fam": g, "green_inv": w})
             for i, (f, v, g, w) in enumerate([(3, None, 1, 1), (2, 2, 1, 1), (3, None, 2, 1), (2, 2, 1, 2),
                                              (None, None, 1, 1)])]
    data = tidy(rows)
    out = _quiet(comparisons, data, small_cb)
    assert list(out.columns) == COMPARISON_COLUMNS
    assert set(out["comparison"]) == {"types", "types_pairwise", "sectors", "sectors_pairwise", "association"}
    # between types, care familiarity: the table of answers, by hand
    row = out.query("comparison == 'types' and item == 'care_fam'").iloc[0]
    ref = fisher_freeman_halton([[3, 2, 1], [0, 2, 2]])
    assert row["statistic"] == pytest.approx(ref["statistic"][0]) and row["p_value"] == ref["p_value"][0]
    assert row["respondent_type"] == "province vs amr" and row["respondent_type_label"] == "provincies vs AMR's"
    assert row["sector_label"] == "zorg" and row["n"] == 10 and row["min_group_n"] == 4
    # involvement between types: only substantive answers of those asked ('weet ik niet' left out)
    row = out.query("comparison == 'types' and item == 'care_inv'").iloc[0]
    assert row["n"] == 6
    # Cochran's Q on 'actively involved' for AMR's: routed out (fam 3) counts as no,
    # not asked because familiarity is missing (a4) is left out
    row = out.query("comparison == 'sectors' and measure == 'involvement' and respondent_type == 'amr'").iloc[0]
    expected = cochran_q([[0, 1], [0, 1], [0, 1], [0, 0]])
    assert row["n"] == 4 and row["statistic"] == pytest.approx(expected["statistic"][0])
    assert "routed past the question counts as no" in row["note"]
    # provinces: 'weet ik niet' (p4 care) counts as no by default, or is left out
    row = out.query("comparison == 'sectors' and measure == 'involvement' and respondent_type == 'province'").iloc[0]
    assert row["n"] == 6
    excl = comparisons(data, small_cb, dont_know="exclude")
    row = excl.query("comparison == 'sectors' and measure == 'involvement' and respondent_type == 'province'").iloc[0]
    assert row["n"] == 5 and "'weet ik niet' left out" in row["note"]
    # Friedman on familiarity, complete cases (a4 has no care answer)
    row = out.query("comparison == 'sectors' and measure == 'familiarity' and respondent_type == 'amr'").iloc[0]
    assert row["n"] == 4 and row["sector"] == "care vs green"
    # pairwise rows are Holm-adjusted within their family; single tests are not
    pair = out.query("comparison == 'types_pairwise'")
    assert pair["adjustment"].str.startswith("Holm").all() or pair["p_adjusted"].isna().all()
    assert out.query("comparison == 'types'")["p_adjusted"].isna().all()
    # association rows: respondents who answered both
    assoc = out.query("comparison == 'association' and sector == 'care' and respondent_type == 'province'")
    assert list(assoc["test"]) == ["Goodman-Kruskal gamma", "Kendall tau-b"] and (assoc["n"] == 4).all()
    # every row with a p-value says what it assumes
    tested = out[out["p_value"].notna()]
    assert tested["note"].str.contains("sample from a process").all()
    # reproducible
    pd.testing.assert_frame_equal(out, comparisons(data, small_cb))


def test_holm_in_comparisons_matches_statsmodels(bundled_codebook):
    from survey_inventory.load import load_study

    out = comparisons(load_study(bundled_codebook).responses, bundled_codebook)
    fams = out[out["comparison"] == "sectors_pairwise"].groupby(["respondent_type", "measure"])
    assert len(fams) == 6
    for _, fam in fams:
        ok = fam["p_value"].notna()
        assert fam.loc[ok, "p_adjusted"].to_numpy() == pytest.approx(multipletests(fam.loc[ok, "p_value"], method="holm")[1])
    for _, fam in out[out["comparison"] == "types_pairwise"].groupby("item"):
        assert fam["p_adjusted"].to_numpy() == pytest.approx(multipletests(fam["p_value"], method="holm")[1])


@pytest.mark.parametrize("case", ["one type", "same answers", "one respondent", "empty"])
def test_comparisons_degenerate_studies(small_cb, case):
    if case == "one type":
        rows = [(f"p{i}", "province", {"care_fam": 1 + i % 3, "care_inv": 1, "green_fam": 1, "green_inv": 2})
                for i in range(4)]
    elif case == "same answers":
        rows = [(f"{t[0]}{i}", t, {"care_fam": 2, "care_inv": 1, "green_fam": 2, "green_inv": 1})
                for t in ("province", "amr") for i in range(3)]
    elif case == "one respondent":
        rows = [("p0", "province", {"care_fam": 1, "care_inv": 1, "green_fam": 2, "green_inv": 2})]
    else:
        rows = []
    data = tidy(rows) if rows else pd.DataFrame(columns=["respondent_id", "respondent_type", "item", "status", "code"])
    out = _quiet(comparisons, data, small_cb)
    assert list(out.columns) == COMPARISON_COLUMNS
    if case == "empty":
        assert out.empty
        return
    assert len(out) and out["note"].str.len().gt(0).all()
    if case == "one type":
        types = out.query("comparison == 'types'")
        assert types["p_value"].isna().all() and types["note"].str.contains("fewer than 2 groups").all()
        assert out.query("comparison == 'types_pairwise'").empty
    if case == "same answers":
        assert out.query("comparison == 'types'")["note"].str.contains("same answer").all()
        fr = out.query("comparison == 'sectors' and measure == 'familiarity'")
        assert fr["p_value"].isna().all() and fr["note"].str.contains("same answer").all()
        assert out.query("comparison == 'sectors_pairwise'")["note"].str.contains("answers differently").all()
        assert out.query("comparison == 'association'")["p_value"].isna().all()
    if case == "one respondent":
        assert out["p_value"].isna().all()
        assert (out["n"] <= 1).all()


def test_suppress_small_groups(small_cb):
    comp = pd.DataFrame({c: [np.nan, np.nan] for c in COMPARISON_COLUMNS})
    comp["statistic"], comp["p_value"], comp["effect_size"] = [1.0, 2.0], [0.5, 0.01], [0.1, 0.9]
    comp["min_group_n"], comp["n"], comp["note"] = [3, 9], [12, 18], ["", "x"]
    comp["comparison"], comp["inputs"] = "types", ["q@a; q@b", "r@a; r@b"]
    out = suppress_small_groups(comp, 5)
    assert out.loc[0, ["statistic", "p_value", "effect_size"]].isna().all()
    assert out.loc[1, "p_value"] == 0.01 and out.loc[1, "note"] == "x"
    assert out.loc[0, "note"].startswith("suppressed: a group has fewer than 5 respondents")
    pd.testing.assert_frame_equal(suppress_small_groups(comp, 0), comp)


# -- the bundled study's distributions (simultaneous intervals: test_estimate_simultaneous.py) ----

def _dist(bundled_codebook, **kw):
    from survey_inventory.estimate import distributions
    from survey_inventory.load import load_study

    return distributions(load_study(bundled_codebook).responses, bundled_codebook, **kw)


# -- --min-cell ----------------------------------------------------------------------------------

def test_min_cell_blanks_small_comparisons_and_simultaneous_bands(bundled_codebook):
    from survey_inventory.estimate import simultaneous_intervals
    from survey_inventory.load import load_study
    from survey_inventory.privacy import apply_min_cell

    responses = load_study(bundled_codebook).responses
    tables = {"distributions": simultaneous_intervals(_dist(bundled_codebook), "bonferroni-wilson"),
              "comparisons": comparisons(responses, bundled_codebook)}
    safe = apply_min_cell(tables, 3)
    comp, before, dist = safe["comparisons"], tables["comparisons"], safe["distributions"]
    hidden = {f"{i}@{t}" for i, t in dist.loc[dist["suppressed"], ["item", "respondent_type"]].itertuples(index=False)}
    uses = before["inputs"].map(lambda x: bool(hidden & set(x.split("; "))))
    small = before["min_group_n"].between(1, 2)
    blank = uses | small
    assert (uses & ~small).any() and (~blank).any()   # small groups: test_suppress_small_groups
    assert comp.loc[blank, ["statistic", "p_value", "effect_size", "effect_ci_lower"]].isna().all().all()
    assert comp.loc[blank, "note"].str.startswith("suppressed").all()
    kept = ~blank
    cols = [c for c in COMPARISON_COLUMNS if c not in ("p_adjusted", "adjustment", "note")]
    pd.testing.assert_frame_equal(comp.loc[kept, cols], before.loc[kept, cols], check_dtype=False)
    assert comp.loc[blank, ["n", "min_group_n", "df"]].isna().all().all()       # n leaves out 'weet ik niet'
    assert (comp.loc[blank, "p_method"] == "").all()
    # a Holm family with a suppressed member loses every adjusted p (they depend on all its p-values)
    for _, fam in comp[comp["comparison"] == "types_pairwise"].groupby("item"):
        if fam["note"].str.startswith("suppressed").any():
            assert fam["p_adjusted"].isna().all()
        else:
            assert fam["p_adjusted"].notna().all()
    assert comp["note"].str.startswith("Holm-adjusted p suppressed").any()
    # every row's inputs are distributions of the study
    names = {f"{i}@{t}" for i, t in dist[["item", "respondent_type"]].itertuples(index=False)}
    assert set("; ".join(before["inputs"]).split("; ")) <= names
    assert dist.loc[dist["suppressed"], ["sim_lower", "sim_upper"]].isna().all().all()
    assert dist.loc[~dist["suppressed"], "sim_lower"].notna().all()
    # K = 5: every distribution of the bundled study has a small cell, so nothing is left
    assert apply_min_cell(tables, 5)["comparisons"]["p_value"].isna().all()
