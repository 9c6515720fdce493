"""Tests for survey_inventory/stats/change_partial.py: units in both waves plus units in one."""
from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from survey_inventory.errors import SurveyInputError
from survey_inventory.stats.change_independent import independent_difference_ci
from survey_inventory.stats.change_paired import paired_difference_ci
from survey_inventory.stats.change_partial import partially_paired_difference_ci

TABLES = np.array(list(itertools.product(range(0, 7, 2), range(3), range(4), range(0, 9, 4))),
                  dtype=float).reshape(-1, 2, 2)
TABLES = TABLES[TABLES.sum(axis=(1, 2)) > 0]


@pytest.mark.parametrize("population", [None, 30])
def test_without_one_wave_units_it_is_newcombes_paired_interval(population):
    got = partially_paired_difference_ci(TABLES, 0, 0, 0, 0, population=population, method="mover")
    want = paired_difference_ci(TABLES, population=population, method="newcombe")
    pd.testing.assert_frame_equal(got, want)


def test_the_mover_formula_itself_at_full_pairing():
    # the mover branch (not the delegation) gives the same numbers when n_from_only = n_to_only = 0
    from survey_inventory.stats import change_partial as mod
    a, b, c, d = (TABLES[:, i, j] for i, j in ((0, 0), (0, 1), (1, 0), (1, 1)))
    zero = np.zeros(len(a))
    lo, hi = mod._mover(a, b, c, d, zero, zero, zero, zero, np.full(len(a), np.nan), 0.95)
    want = paired_difference_ci(TABLES, method="newcombe")
    np.testing.assert_allclose(lo, want.ci_lower, atol=1e-12)
    np.testing.assert_allclose(hi, want.ci_upper, atol=1e-12)


@pytest.mark.parametrize("population", [None, 40])
def test_without_linked_units_it_is_newcombes_independent_interval(population):
    k1, n1, k2, n2 = np.array(list(itertools.product(range(0, 6, 2), [5, 9], range(0, 8, 3), [7, 12]))).T
    got = partially_paired_difference_ci(np.zeros((len(k1), 2, 2)), k1, n1, k2, n2, population=population,
                                         method="mover")
    want = independent_difference_ci(k1, n1, k2, n2, population_from=population, population_to=population,
                                     method="newcombe")
    cols = ["p_from", "p_to", "change", "ci_lower", "ci_upper"]
    np.testing.assert_allclose(got[cols].to_numpy(float), want[cols].to_numpy(float), atol=1e-12)
    assert (got.n_from_only.to_numpy() == n1).all() and (got.n_paired == 0).all()


def test_auto_delegates_at_the_extremes():
    paired = partially_paired_difference_ci([[3, 0], [2, 4]], 0, 0, 0, 0, population=12)
    pd.testing.assert_frame_equal(paired, paired_difference_ci([[3, 0], [2, 4]], population=12))
    indep = partially_paired_difference_ci([[0, 0], [0, 0]], 3, 5, 4, 6, population=12)
    want = independent_difference_ci(3, 5, 4, 6, population_from=12, population_to=12)
    pd.testing.assert_frame_equal(indep, want)


def test_percentages_are_those_of_all_respondents_of_each_wave():
    row = partially_paired_difference_ci([[3, 1], [3, 2]], 1, 1, 1, 2, method="mover").iloc[0]
    assert row.p_from == pytest.approx((3 + 1 + 1) / 10)
    assert row.p_to == pytest.approx((3 + 3 + 1) / 11)
    assert (row.n_paired, row.n_from_only, row.n_to_only) == (9, 1, 2)


def test_pairing_narrows_the_interval_compared_with_independence():
    # strongly concordant pairs: positive correlation, so narrower than treating the waves as independent
    table = [[6, 0], [2, 10]]
    part = partially_paired_difference_ci(table, 1, 2, 1, 1, method="mover").iloc[0]
    indep = independent_difference_ci(6 + 1, 18 + 2, 8 + 1, 18 + 1).iloc[0]
    assert part.ci_upper - part.ci_lower < indep.ci_upper - indep.ci_lower
    assert part.change == pytest.approx(indep.change)


def test_bounds_and_lattice_with_a_population():
    out = partially_paired_difference_ci(TABLES[:20], 1, 2, 2, 2, population=40, method="mover")
    for limit in (out.ci_lower, out.ci_upper):
        np.testing.assert_allclose(limit * 40, np.round(limit * 40), atol=1e-9)
    assert (out.ci_lower <= out.change + 1e-12).all() and (out.change <= out.ci_upper + 1e-12).all()


def test_bonferroni_exact_by_hand():
    # from: 3 + 0 + 1 = 4 of 9; to: 3 + 2 + 1 = 6 of 9; N = 12; each exact at 97.5 %
    row = partially_paired_difference_ci([[3, 0], [2, 3]], 1, 1, 1, 1, population=12,
                                         method="bonferroni-exact").iloc[0]

    def limits(k, n, N, tail=0.0125):
        M = np.arange(N + 1)
        keep = (stats.hypergeom.cdf(k, N, M, n) > tail) & (stats.hypergeom.sf(k - 1, N, M, n) > tail)
        return M[keep].min(), M[keep].max()

    lf, uf = limits(4, 9, 12)
    lt, ut = limits(6, 9, 12)
    # worst case: c - b = 2, the from-only "yes" may drop (-1), the to-only "yes" may be new (+1),
    # the 12 - 8 - 1 - 1 = 2 units seen in neither wave may move either way
    assert round(row.ci_lower * 12) == max(lt - uf, 2 - 1 - 0 - 2)
    assert round(row.ci_upper * 12) == min(ut - lf, 2 + 0 + 1 + 2)
    assert (round(row.ci_lower * 12), round(row.ci_upper * 12)) == (-1, 5)
    assert row.ci_method == "bonferroni-exact (N=12)"


def test_bad_input():
    with pytest.raises(SurveyInputError, match="more units than the population"):
        partially_paired_difference_ci([[3, 0], [2, 3]], 2, 3, 1, 2, population=12)
    with pytest.raises(SurveyInputError, match="exceeds"):
        partially_paired_difference_ci([[3, 0], [2, 3]], 4, 3, 1, 2)
    with pytest.raises(SurveyInputError, match="needs the population"):
        partially_paired_difference_ci([[3, 0], [2, 3]], 1, 3, 1, 2, method="bonferroni-exact")
    with pytest.raises(SurveyInputError, match="unknown method"):
        partially_paired_difference_ci([[3, 0], [2, 3]], 1, 3, 1, 2, method="tango")


# ---------------------------------------------------------------------------
# coverage by complete enumeration, N = 12: every population (455 splits over the four
# yes/no x yes/no types), 8 units drawn for both waves, then 1 unit answering only the first
# wave and 1 only the second (sequential multivariate hypergeometric over the unit types)
# ---------------------------------------------------------------------------
def _compositions(total, parts=4):
    for cuts in itertools.combinations(range(total + parts - 1), parts - 1):
        bounds = (-1,) + cuts + (total + parts - 1,)
        yield [bounds[i + 1] - bounds[i] - 1 for i in range(parts)]


def _log_choose(m, k):
    from scipy import special
    with np.errstate(invalid="ignore"):
        v = special.gammaln(m + 1) - special.gammaln(k + 1) - special.gammaln(m - k + 1)
    return np.where((k >= 0) & (k <= m), v, -np.inf)


def partial_coverage(N, n_p, n1, n2, method):
    tabs, f_types, t_types = (np.array(list(_compositions(x)), float) for x in (n_p, n1, n2))
    T = np.repeat(tabs, len(f_types) * len(t_types), axis=0)
    F = np.tile(np.repeat(f_types, len(t_types), axis=0), (len(tabs), 1))
    G = np.tile(t_types, (len(tabs) * len(f_types), 1))
    k1, k2 = F[:, 0] + F[:, 1], G[:, 0] + G[:, 2]     # observed: yes in the wave answered
    out = partially_paired_difference_ci(T.reshape(-1, 2, 2), k1, n1, k2, n2, population=N, method=method)
    lo, hi = out.ci_lower.to_numpy(), out.ci_upper.to_numpy()
    cover = []
    for pop in _compositions(N):
        pop = np.array(pop, float)
        logp = sum(_log_choose(pop[i], T[:, i]) for i in range(4)) - _log_choose(N, n_p)
        logp += sum(_log_choose(pop[i] - T[:, i], F[:, i]) for i in range(4)) - _log_choose(N - n_p, n1)
        logp += sum(_log_choose(pop[i] - T[:, i] - F[:, i], G[:, i]) for i in range(4)) \
            - _log_choose(N - n_p - n1, n2)
        prob = np.exp(logp)
        assert prob.sum() == pytest.approx(1.0)
        truth = (pop[2] - pop[1]) / N
        cover.append((prob * ((lo <= truth + 1e-9) & (truth <= hi + 1e-9))).sum())
    return min(cover), float(np.mean(cover))


@pytest.mark.parametrize(("method", "documented"), [("bonferroni-exact", (0.9939, 0.9997)),
                                                    ("mover", (0.8333, 0.9624))])
def test_partial_coverage_by_enumeration(method, documented):
    low, mean = partial_coverage(12, 8, 1, 1, method)
    assert (round(low, 4), round(mean, 4)) == documented
    if method == "bonferroni-exact":
        assert low >= 0.95
