"""Intervals for effect sizes (survey_inventory.stats.effect_intervals): coverage by simulation
(gamma, tau-b, rank-biserial, Cramér's V, Kendall's W; fixed seeds) and by complete enumeration (the McNemar difference), against the
plain delta-method Wald interval they replace as the default (issue 18, points 2 and 8).
The larger run is benchmarks/effect_interval_coverage.py (results committed beside it)."""
from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pingouin as pg
import pytest
from exact_reference import ORDINAL_POPULATIONS, delta_ase, ordinal_truth, tau_b_of
from scipy import stats

from survey_inventory.errors import SurveyInputError
from survey_inventory.stats.association import goodman_kruskal_gamma, kendall_tau_b
from survey_inventory.stats.effect_intervals import (
    cramers_v_ci, kendalls_w_ci, mcnemar_difference_ci, ordinal_association_ci, rank_biserial_ci,
)
from survey_inventory.stats.paired import friedman, mcnemar_exact
from survey_inventory.stats.unpaired import cramers_v, fisher_freeman_halton, linear_by_linear, rank_biserial

POPULATIONS = ORDINAL_POPULATIONS


def _coverage(measure, n, population, draws, seed, wald=False):
    """(coverage, share of samples without an interval) over samples with 2+ rows and columns."""
    p = POPULATIONS[population] / POPULATIONS[population].sum()
    truth = ordinal_truth(p, measure)
    rng = np.random.default_rng(seed)
    hit = none = used = 0
    func = goodman_kruskal_gamma if measure == "gamma" else kendall_tau_b
    for _ in range(draws):
        t = rng.multinomial(n, p.ravel()).reshape(p.shape)
        if (t.sum(1) > 0).sum() < 2 or (t.sum(0) > 0).sum() < 2:
            continue
        used += 1
        if wald:
            row = func(t, ci_method="wald", n_resamples=1).iloc[0]
            lo, hi = row["effect_ci_lower"], row["effect_ci_upper"]
        else:
            lo, hi, _ = ordinal_association_ci(t, measure)
        if np.isnan(lo):
            none += 1
        else:
            hit += lo <= truth <= hi
    return hit / used, none / used


@pytest.mark.slow  # 1800 samples (3-6 s)
@pytest.mark.parametrize("measure", ["gamma", "tau_b"])
def test_ordinal_interval_covers_at_small_bases(measure):
    """n = 9 and 15, three populations, 300 samples each (seed 18): every cell >= 0.94 (simulation
    error about 0.013), pooled >= 0.95; always an interval. The Wald interval falls short."""
    cells = {(n, pop): _coverage(measure, n, pop, 300, 18) for n in (9, 15) for pop in POPULATIONS}
    assert all(none == 0 for _, none in cells.values())
    assert min(c for c, _ in cells.values()) >= 0.94, cells
    assert np.mean([c for c, _ in cells.values()]) >= 0.95, cells
    wald, _ = _coverage(measure, 9, "strong", 300, 18, wald=True)
    assert wald < 0.90


def test_gamma_has_an_interval_where_wald_has_none():
    t = [[3, 1, 0], [0, 2, 2]]  # every untied pair concordant: gamma = 1, ASE 0
    assert np.isnan(goodman_kruskal_gamma(t, ci_method="wald").iloc[0]["effect_ci_lower"])
    lo, hi, how = ordinal_association_ci(t, "gamma")
    assert lo < 1 and hi == 1 and how.startswith("Fisher z")
    row = goodman_kruskal_gamma(t).iloc[0]
    assert (row["effect_ci_lower"], row["effect_ci_upper"]) == (lo, hi) and row["note"] == ""


def test_ordinal_interval_by_hand_and_when_none_can_be_given():
    # by hand: table + 1/6 per cell, its delta-method ASE (Wald half-width / z), Fisher z, t(n - 2)
    t = np.array([[4, 1, 0], [0, 2, 3]], dtype=float)
    s = t + 1 / 6
    est, ase = tau_b_of(s / s.sum()), delta_ase(tau_b_of, s)  # numerical delta method, tests/exact_reference.py
    q = stats.t.ppf(0.975, 8)
    lo, hi, _ = ordinal_association_ci(t, "tau_b")
    assert lo == pytest.approx(np.tanh(np.arctanh(est) - q * ase / (1 - est ** 2)), rel=1e-9)
    assert hi == pytest.approx(np.tanh(np.arctanh(est) + q * ase / (1 - est ** 2)), rel=1e-9)
    assert ordinal_association_ci([[2, 3]], "gamma")[2] == "one row or column category: no interval"
    assert ordinal_association_ci([[1, 0], [0, 1]], "tau_b")[2] == "fewer than 3 respondents: no interval"
    with pytest.raises(SurveyInputError, match="gamma"):
        ordinal_association_ci(t, "rho")


def _mcnemar_coverage(n, p10, p01, level=0.95):
    """Exact coverage: every (b, c) with its multinomial probability."""
    total = 0.0
    for b in range(n + 1):
        for c in range(n + 1 - b):
            lo, hi, _ = mcnemar_difference_ci(b, c, n, level=level)
            if lo <= p10 - p01 <= hi:
                total += stats.multinomial.pmf([b, c, n - b - c], n, [p10, p01, 1 - p10 - p01])
    return total


def test_mcnemar_difference_interval_covers_by_enumeration():
    """Bonett-Price at n = 9, 15, 23 on a grid of discordant probabilities: exact coverage >= 0.95."""
    grid = [(n, a, b) for n in (9, 15, 23) for a in (0.02, 0.1, 0.35) for b in (0.02, 0.1, 0.35)]
    coverage = [_mcnemar_coverage(*g) for g in grid]
    assert min(coverage) >= 0.950, dict(zip(grid, np.round(coverage, 4)))


def test_mcnemar_difference_interval_by_hand_and_in_the_test_row():
    # Bonett & Price: b~ = 6/22, c~ = 2/22, half-width 1.96 sqrt((8/22 - (4/22)^2)/22)
    lo, hi, how = mcnemar_difference_ci(5, 1, 20)
    half = stats.norm.ppf(0.975) * np.sqrt((8 / 22 - (4 / 22) ** 2) / 22)
    assert (lo, hi) == pytest.approx((4 / 22 - half, 4 / 22 + half)) and "Bonett" in how
    x = [1] * 5 + [0] * 1 + [1] * 4 + [0] * 10
    y = [0] * 5 + [1] * 1 + [1] * 4 + [0] * 10
    row = mcnemar_exact(x, y).iloc[0]
    assert (row["effect_ci_lower"], row["effect_ci_upper"]) == pytest.approx((lo, hi))
    assert row["effect_size"] == pytest.approx(4 / 20)
    with pytest.raises(SurveyInputError):
        mcnemar_difference_ci(5, 6, 10)


def _somers_d(p):
    """Somers' d of the columns given the rows, from pair counts (for the numerical delta method)."""
    big_p = big_q = 0.0
    r, c = p.shape
    for i in range(r):
        for j in range(c):
            big_p += p[i, j] * (p[i + 1:, j + 1:].sum() + p[:i, :j].sum())
            big_q += p[i, j] * (p[i + 1:, :j].sum() + p[:i, j + 1:].sum())
    s = p.sum()
    return (big_p - big_q) / (s ** 2 - (p.sum(1) ** 2).sum())


def test_rank_biserial_interval_is_somers_d_on_fisher_z():
    t = np.array([[3, 2, 1], [1, 2, 4]], dtype=float)  # rank-biserial -0.5: the first group answers earlier
    assert rank_biserial(t) == pytest.approx(_somers_d(t[::-1] / t.sum()))  # rows reversed: P(X > Y) - P(X < Y)
    s = t[::-1] + 1 / 6
    est, ase = _somers_d(s / s.sum()), delta_ase(_somers_d, s)
    q = stats.t.ppf(0.975, 11)
    lo, hi, _ = rank_biserial_ci(t)
    assert lo == pytest.approx(np.tanh(np.arctanh(est) - q * ase / (1 - est ** 2)), rel=1e-8)
    assert hi == pytest.approx(np.tanh(np.arctanh(est) + q * ase / (1 - est ** 2)), rel=1e-8)
    row = linear_by_linear(t).iloc[0]
    assert (row["effect_ci_lower"], row["effect_ci_upper"]) == pytest.approx((lo, hi))
    assert row["effect_ci_method"].startswith("Fisher z")
    assert np.isnan(rank_biserial_ci([[0, 3], [0, 4]])[0])   # one answer category: no interval
    assert rank_biserial_ci([[2, 1], [0, 0]])[2] == "a group without answers: no interval"


def test_rank_biserial_interval_covers_at_small_groups():
    """Groups of 4 vs 9 and 9 vs 9, three pairs of answer distributions, 400 samples each (seed 5):
    coverage >= 0.94 in every cell, always an interval."""
    dists = {"same": ([.3, .3, .4], [.3, .3, .4]), "moderate": ([.5, .3, .2], [.2, .3, .5]),
             "strong": ([.8, .15, .05], [.05, .15, .8])}
    rng = np.random.default_rng(5)
    for n1, n2 in ((4, 9), (9, 9)):
        for pa, pb in dists.values():
            pa, pb = np.array(pa), np.array(pb)
            truth = sum(pa[i] * pb[j] * np.sign(i - j) for i in range(3) for j in range(3))
            hits = []
            for _ in range(400):
                lo, hi, _ = rank_biserial_ci([rng.multinomial(n1, pa), rng.multinomial(n2, pb)])
                assert not np.isnan(lo)
                hits.append(lo <= truth <= hi)
            assert np.mean(hits) >= 0.94, (n1, n2, truth, np.mean(hits))


def _v_truth(p, sizes):
    """Cramér's V of the population behind groups of fixed sizes with answer distributions p."""
    w = np.asarray(sizes, dtype=float) / sum(sizes)
    pbar = w @ p
    return np.sqrt((w[:, None] * (p - pbar) ** 2 / pbar).sum() / (min(p.shape) - 1))


def test_cramers_v_interval_by_inversion_and_in_the_test_row():
    t = np.array([[8, 2, 0], [1, 3, 6]])
    lo, hi, how = cramers_v_ci(t)
    x2 = stats.chi2_contingency(t, correction=False)[0]
    # the limits are the noncentralities at which X² is the 97.5 % and 2.5 % quantile
    assert stats.ncx2.cdf(x2, 2, lo ** 2 * 20) == pytest.approx(0.975, abs=1e-6)
    assert hi == 1.0 and stats.ncx2.cdf(x2, 2, 20) > 0.025   # the upper limit is capped at V = 1
    assert lo < cramers_v(t) < hi and "noncentral" in how
    assert cramers_v_ci([[6, 2, 1], [2, 5, 4]])[0] == 0.0    # not rejected at 2.5 %: the lower limit is 0
    row = fisher_freeman_halton(t, n_resamples=99).iloc[0]
    assert (row["effect_ci_lower"], row["effect_ci_upper"]) == pytest.approx((lo, hi))
    assert np.isnan(fisher_freeman_halton(t, n_resamples=99, bias_corrected_v=True).iloc[0]["effect_ci_lower"])


@pytest.mark.slow  # 1200 noncentral chi-square inversions (about 5 s)
def test_cramers_v_interval_covers_at_small_groups():
    """Provinces, AMRs and funds of 9, 27, 9 and 4, 9, 9 over 5 codes, three populations, 200 samples each
    (seed 3): coverage >= 0.94 in every cell (0.97-1.00 in the benchmark)."""
    pops = [np.array([[.1, .2, .3, .2, .2]] * 3),
            np.array([[.3, .3, .2, .1, .1], [.1, .2, .3, .2, .2], [.05, .15, .3, .25, .25]]),
            np.array([[.6, .3, .1, 0, 0], [.05, .15, .3, .25, .25], [0, 0, .1, .3, .6]])]
    rng = np.random.default_rng(3)
    for sizes in ((9, 27, 9), (4, 9, 9)):
        for p in pops:
            truth = _v_truth(p, sizes)
            hits = []
            for _ in range(200):
                lo, hi, _ = cramers_v_ci(np.array([rng.multinomial(s, q) for s, q in zip(sizes, p)]))
                hits.append(lo - 1e-12 <= truth <= hi + 1e-12)
            assert np.mean(hits) >= 0.94, (sizes, truth, np.mean(hits))


# -- Kendall's W: the population W, by noncentral chi-square inversion ---------------------------

def _rating_population(k, deltas, weights=(1.0,), a=1.0, constant=0.0):
    """Every answer pattern of k sectors on a 5-point scale, and its probability: a respondent's
    latent familiarity u ~ N(0, 1), answer = cut(a u + delta_j + N(0, 1)) at -1.2, -0.4, 0.4, 1.2
    (Gauss-Hermite over u); one latent class per (weight, deltas); ``constant`` of the respondents
    answer 'very poor' (5) everywhere. Many ties, as in the inventory's familiarity answers."""
    patterns = np.array(list(itertools.product(range(1, 6), repeat=k)), dtype=float)
    nodes, w = np.polynomial.hermite_e.hermegauss(40)
    w = w / w.sum()
    cuts = np.array([-np.inf, -1.2, -0.4, 0.4, 1.2, np.inf])
    prob = np.zeros(len(patterns))
    for weight, delta in zip(weights, deltas):
        per_code = np.diff(stats.norm.cdf(cuts[None, None, :] - a * nodes[:, None, None]
                                          - np.asarray(delta)[None, :, None]), axis=2)   # nodes x k x 5
        p = np.ones((len(nodes), len(patterns)))
        for j in range(k):
            p *= per_code[:, j, patterns[:, j].astype(int) - 1]
        prob += weight * (w @ p)
    prob *= 1 - constant
    prob[-1] += constant
    return patterns, prob / prob.sum()


def _population_w(patterns, prob):
    """sum_j (E d_j)² / E sum_j d_j², d the within-respondent mid-rank minus (k + 1)/2."""
    d = stats.rankdata(patterns, axis=1) - (patterns.shape[1] + 1) / 2
    return float(((prob @ d) ** 2).sum() / (prob @ (d ** 2).sum(1)))


W_POPULATIONS = {   # k: deltas (latent sector effects) per class, class weights, loading, share all-'5'
    "k=2, two opposite classes": (2, [[1.0, -1.0], [-2.0, 2.0]], (0.5, 0.5), 1.0, 0.0),
    "k=3, small differences": (3, [[-0.3, 0, 0.3]], (1.0,), 1.0, 0.0),
    "k=4, many ties": (4, [[-0.8, -0.27, 0.27, 0.8]], (1.0,), 2.0, 0.3),
}


@pytest.mark.slow  # 1200 noncentral chi-square inversions (3-5 s)
def test_kendalls_w_interval_covers_at_small_bases():
    """n = 9 and 15, k = 2-4, 200 samples a cell (seed 18): every cell >= 0.95 (0.96-1.00 in the
    benchmark); an interval whenever someone ranks the sectors. Without the continuity correction
    the upper limit is 0 whenever chi2_F is below chi-square's 2.5 % point (P(X <= x | lam) falls
    with lam): for the two-class population at n = 35 (W = 0.012) that alone misses 6 %, so < 0.95."""
    rng = np.random.default_rng(18)
    for name, (k, deltas, weights, a, constant) in W_POPULATIONS.items():
        patterns, prob = _rating_population(k, deltas, weights, a, constant)
        truth = _population_w(patterns, prob)
        for n in (9, 15):
            hits = []
            for _ in range(200):
                sample = patterns[rng.choice(len(prob), size=n, p=prob)]
                lo, hi, _ = kendalls_w_ci(sample)
                if np.ptp(sample, axis=1).any():
                    hits.append(lo <= truth <= hi)
                else:
                    assert np.isnan(lo)
            assert np.mean(hits) >= 0.95, (name, n, truth, np.mean(hits))
    patterns, prob = _rating_population(*W_POPULATIONS["k=2, two opposite classes"])
    samples = patterns[rng.choice(len(prob), size=(2000, 35), p=prob)]
    b, c = (samples[:, :, 0] > samples[:, :, 1]).sum(1), (samples[:, :, 0] < samples[:, :, 1]).sum(1)
    chi2_f = (b - c) ** 2 / np.maximum(b + c, 1)                     # k = 2: the sign test's chi-square
    assert _population_w(patterns, prob) > 0 and np.mean(chi2_f < stats.chi2.ppf(0.025, 1)) > 0.05


def test_kendalls_w_interval_by_hand():
    # k = 2: D_1 = -D_2 = (b - c)/2, S = (b + c)/(2 n), so chi2_F = (b - c)²/(b + c) (the sign test's,
    # W = chi2_F/n as pingouin's) and the corrected statistics are (|b - c| -+ 1/2)²/(b + c)
    data = np.array([[3, 1]] * 20 + [[1, 2]] * 6 + [[2, 2]] * 14)   # b = 20, c = 6, 14 ties, n = 40
    long = pd.DataFrame(data).reset_index().melt(id_vars="index")
    w = pg.friedman(long, dv="value", within="variable", subject="index")["W"].iloc[0]
    assert w == pytest.approx(14 ** 2 / 26 / 40)
    lo, hi, how = kendalls_w_ci(data)
    assert stats.ncx2.cdf(13.5 ** 2 / 26, 1, lo * 40) == pytest.approx(0.975, abs=1e-7)
    assert stats.ncx2.cdf(14.5 ** 2 / 26, 1, hi * 40) == pytest.approx(0.025, abs=1e-7)
    assert 0 < lo < w < hi < 1 and how.startswith("population W")
    row = friedman(data, method="asymptotic").iloc[0]
    assert row["effect_size"] == pytest.approx(w)
    assert (row["effect_ci_lower"], row["effect_ci_upper"], row["effect_ci_method"]) == (lo, hi, how)


def test_kendalls_w_interval_when_none_can_be_given():
    assert kendalls_w_ci([[2, 2, 2], [4, 4, 4], [1, 1, 1]])[2] == (
        "every respondent gave the same answer for every condition: no interval")
    assert kendalls_w_ci([[1, 2, 3]])[2] == "fewer than 2 complete respondents: no interval"
    assert kendalls_w_ci([[1, np.nan], [np.nan, 2], [1, 2]])[2] == "fewer than 2 complete respondents: no interval"
    assert kendalls_w_ci([[1], [2]])[2] == "fewer than 2 conditions: no interval"
    assert np.isnan(kendalls_w_ci([[2, 2], [3, 3]])[0])
    lo, hi, _ = kendalls_w_ci([[1, 2, 3]] * 9)         # perfect agreement: W = 1 in the interval
    assert hi == 1.0 and 0 < lo < 1
    row = friedman([[2, 2, 2], [3, 3, 3]]).iloc[0]
    assert np.isnan(row["effect_ci_lower"]) and row["effect_ci_method"] == "" and "same answer" in row["note"]
    with pytest.raises(SurveyInputError):
        kendalls_w_ci([[1, 2]], level=1.5)
