"""The tests of paired answers (survey_inventory.stats.paired), each checked against an
independent source: scipy, statsmodels, pingouin, or full enumeration of every
within-respondent permutation / sign pattern."""
from __future__ import annotations

import itertools
import warnings

import numpy as np
import pandas as pd
import pingouin as pg
import pytest
from scipy import stats
from statsmodels.stats.contingency_tables import cochrans_q, mcnemar

from exact_reference import mc_tol
from survey_inventory.errors import SurveyInputError
from survey_inventory.stats.effect_intervals import kendalls_w_ci
from survey_inventory.stats.paired import cochran_q, friedman, mcnemar_exact, wilcoxon_signed_rank


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


def test_friedman_row_carries_the_interval_of_kendalls_w_at_its_level():
    data = np.tile(FRIEDMAN_DATA, (4, 1))                      # 28 respondents
    out = friedman(data, method="asymptotic").iloc[0]
    lo, hi, how = kendalls_w_ci(data)
    assert (out["effect_ci_lower"], out["effect_ci_upper"], out["effect_ci_method"]) == (lo, hi, how)
    assert 0 < lo <= out["effect_size"] <= hi < 1 and out["note"] == ""
    narrow = friedman(data, method="asymptotic", level=0.8).iloc[0]
    assert (narrow["effect_ci_lower"], narrow["effect_ci_upper"]) == kendalls_w_ci(data, level=0.8)[:2]
    assert lo < narrow["effect_ci_lower"] and narrow["effect_ci_upper"] < hi


def _whole_matrix_friedman(m):
    """Friedman's statistic and Kendall's W's centred-rank sums from the whole rank matrix at once,
    as friedman() made them before it summarised a block of rows at a time."""
    m = m[~np.isnan(m).any(axis=1)]
    n, k = m.shape
    ranks = stats.rankdata(m, axis=1)
    ties = sum(float((c ** 3 - c).sum()) for c in (np.unique(row, return_counts=True)[1].astype(float) for row in m))
    sums = ranks.sum(axis=0)
    chi2 = (12.0 / (n * k * (k + 1)) * (sums ** 2).sum() - 3.0 * n * (k + 1)) / (1 - ties / (n * k * (k * k - 1)))
    return chi2, sums, float(((ranks - (k + 1) / 2) ** 2).sum())


def test_friedman_block_by_block_is_the_whole_matrix_to_the_last_bit():
    """Rank sums, tie counts and squared centred ranks are sums of multiples of 1/4: exact, so made a
    block of rows at a time (issue 17: memory) they equal the whole matrix's, whatever the blocks."""
    from survey_inventory.stats._ranks import rank_summary

    rng = np.random.default_rng(17)
    m = rng.integers(1, 6, size=(1000, 7)).astype(float)
    m[rng.random(m.shape) < 0.03] = np.nan
    complete = ~np.isnan(m).any(axis=1)
    chi2, sums, squares = _whole_matrix_friedman(m)
    out = friedman(m).iloc[0]
    assert out["statistic"] == chi2 and out["n"] == complete.sum()
    assert out["statistic"] == pytest.approx(stats.friedmanchisquare(*m[complete].T).statistic, rel=1e-12)
    for block in (1, 7, 64, 5000):
        s = rank_summary(m, complete, block_rows=block)
        assert s.rank_sums.tolist() == sums.tolist() and s.squares == squares and s.n == complete.sum()
    assert kendalls_w_ci(m) == kendalls_w_ci(m[complete])


def test_friedman_memory_does_not_grow_with_the_respondents():
    """At 550 000 respondents x 20 sectors the whole-matrix Friedman test and W interval took some 500 MiB
    beside the data (issue 17's 2 GB at 10^6 respondents); block by block its working memory is that of a
    block, whatever the number of respondents."""
    import tracemalloc

    rng = np.random.default_rng(1)

    def peak_mib(n):
        m = rng.integers(1, 6, size=(n, 20)).astype(float)
        m[rng.random(m.shape) < 0.02] = np.nan
        tracemalloc.start()
        try:
            friedman(m)
            return tracemalloc.get_traced_memory()[1] / 2 ** 20
        finally:
            tracemalloc.stop()

    small, large = peak_mib(200_000), peak_mib(400_000)
    assert large < small + 2 and large < 80, f"{small:.1f} MiB at 200 000, {large:.1f} MiB at 400 000 respondents"


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


# -- degenerate cases: a row with NaN and a note, never an exception or a warning -----------------

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
    with pytest.raises(SurveyInputError, match="0/1"):
        cochran_q([[0, 2], [1, 1]])
    with pytest.raises(SurveyInputError, match="same length"):
        wilcoxon_signed_rank([1, 2], [1, 2, 3])
