"""Tests for survey_inventory/stats/change_paired.py: paired change between two waves.

Published numbers:

* Newcombe, R. G. (1998). Improved confidence intervals for the difference between binomial
  proportions based on paired data. Statistics in Medicine 17, 2635-2650: the method-10 rows
  of his table of examples (a, b, c, d) -> (lower, upper) for p1 - p2 = (b - c)/n, 4 decimals.
  (The brief cites "Stat Med 17:873-890" for the paired paper; that is the independent one.)
* Fagerland, Lydersen & Laake (2014), Statistics in Medicine 33, 2850-2875, Table V: Tango's
  interval for the airway hyper-responsiveness data (Bentur et al. 2009; 1, 1, 7, 12) is
  -0.517 to -0.026 (quoted in petelaud/ratesci-sas, validation of PAIRBINCI).
* Fagerland, Lydersen & Laake's book companion, the R package `contingencytables`
  (ocbe-uio/contingencytables, tests/testthat/test-ch8.R): complete response before and after
  consolidation therapy (Cavo et al. 2012; 59, 6, 16, 80): Tango -0.1240 to -0.0054,
  Newcombe square-and-add -0.1186 to -0.0046.

Our change is p_to - p_from = (c - b)/n, so a published p1 - p2 = (b - c)/n is reproduced with b
and c swapped, and its interval comes out negated.
"""
from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy import special

from survey_inventory.errors import SurveyInputError
from survey_inventory.stats.change_paired import paired_difference_ci

REFERENCE = Path(__file__).resolve().parent / "data" / "reference" / "r_change_reference.csv"

NEWCOMBE_PAIRED = [
    ((36, 12, 2, 0), (0.0569, 0.3404)), ((20, 12, 2, 16), (0.0562, 0.3292)),
    ((18, 12, 2, 18), (0.0562, 0.3290)), ((36, 14, 0, 0), (0.1528, 0.4167)),
    ((35, 14, 0, 1), (0.1461, 0.4175)), ((18, 14, 0, 18), (0.1441, 0.3963)),
    ((2, 97, 1, 0), (0.8721, 0.9854)),
]


@pytest.mark.parametrize(("cells", "expected"), NEWCOMBE_PAIRED)
def test_newcombe_method_10_reproduces_the_published_table(cells, expected):
    a, b, c, d = cells
    row = paired_difference_ci([[a, c], [b, d]], method="newcombe").iloc[0]   # b, c swapped
    assert row.change == pytest.approx((b - c) / (a + b + c + d))
    assert round(row.ci_lower, 4) == expected[0]
    assert round(row.ci_upper, 4) == expected[1]
    assert row.ci_method == "newcombe method 10 paired"


def test_tango_reproduces_fagerland_2014_table_v():
    # p1 - p2 = (1 - 7)/21 in Fagerland's orientation; ours is the opposite sign
    row = paired_difference_ci([[1, 1], [7, 12]], method="tango").iloc[0]
    assert (round(-row.ci_upper, 3), round(-row.ci_lower, 3)) == (-0.517, -0.026)


def test_tango_and_newcombe_reproduce_the_cavo_example():
    # contingencytables: Tango -0.1240 to -0.0054, Newcombe -0.1186 to -0.0046 for (6 - 16)/161
    tango = paired_difference_ci([[59, 16], [6, 80]], method="tango").iloc[0]
    newc = paired_difference_ci([[59, 16], [6, 80]], method="newcombe").iloc[0]
    assert round(tango.change, 4) == -0.0621
    assert (round(tango.ci_lower, 4), round(tango.ci_upper, 4)) == (-0.1240, -0.0054)
    assert (round(newc.ci_lower, 4), round(newc.ci_upper, 4)) == (-0.1186, -0.0046)


def test_against_base_r_implementation_of_the_published_formulas():
    ref = pd.read_csv(REFERENCE)
    ref = ref[(ref.kind == "paired") & ref.lower.notna()]
    assert len(ref) >= 50
    for method, part in ref.groupby("method"):
        tables = part[["a", "b", "c", "d"]].to_numpy().reshape(-1, 2, 2)
        got = paired_difference_ci(tables, method=method)
        np.testing.assert_allclose(got.ci_lower, part.lower, atol=1e-6, err_msg=method)
        np.testing.assert_allclose(got.ci_upper, part.upper, atol=1e-6, err_msg=method)


def test_tango_at_the_boundaries():
    # contingencytables: (0, 0, 3, 0) in their orientation -> 1.0000 (-0.1230 to 1.0000)
    row = paired_difference_ci([[0, 0], [3, 0]], method="tango").iloc[0]
    assert (row.change, round(row.ci_lower, 4), row.ci_upper) == (1.0, -0.1230, 1.0)
    row = paired_difference_ci([[0, 3], [0, 0]], method="tango").iloc[0]
    assert (row.change, row.ci_lower, round(row.ci_upper, 4)) == (-1.0, -1.0, 0.1230)
    row = paired_difference_ci([[4, 0], [0, 5]], method="tango").iloc[0]  # nobody changed
    assert row.ci_lower < 0 < row.ci_upper and row.ci_lower == pytest.approx(-row.ci_upper)


def test_finite_population_census_is_a_point():
    row = paired_difference_ci([[3, 1], [4, 4]], population=12).iloc[0]
    assert row.ci_lower == row.ci_upper == 0.25
    assert row.change == pytest.approx(0.25)
    assert row.ci_method == "census (n = N): no sampling error"


@pytest.mark.parametrize("method", ["tango", "newcombe", "exact"])
def test_finite_population_limits_are_possible_values_within_the_worst_case_bounds(method):
    tables = np.array(list(itertools.product(range(4), repeat=4)), dtype=float).reshape(-1, 2, 2)
    tables = tables[(tables.sum(axis=(1, 2)) > 0) & (tables.sum(axis=(1, 2)) <= 10)]
    out = paired_difference_ci(tables, population=12, method=method)
    n = tables.sum(axis=(1, 2))
    t = tables[:, 1, 0] - tables[:, 0, 1]
    lo, hi = out.ci_lower.to_numpy() * 12, out.ci_upper.to_numpy() * 12
    np.testing.assert_allclose(lo, np.round(lo), atol=1e-9)
    np.testing.assert_allclose(hi, np.round(hi), atol=1e-9)
    assert (lo >= t - (12 - n) - 1e-9).all() and (hi <= t + (12 - n) + 1e-9).all()
    assert (lo <= t / n * 12 + 1e-9).all() and (hi >= t / n * 12 - 1e-9).all()


def test_fpc_narrows_the_score_intervals():
    free = paired_difference_ci([[5, 1], [6, 15]], method="tango").iloc[0]
    fpc = paired_difference_ci([[5, 1], [6, 15]], population=35, method="tango").iloc[0]
    assert fpc.ci_upper - fpc.ci_lower < 0.6 * (free.ci_upper - free.ci_lower)
    assert fpc.ci_method == "tango score (fpc N=35)"


def test_auto_is_exact_for_small_populations_and_tango_otherwise():
    out = paired_difference_ci(np.array([[[3, 0], [2, 4]]] * 3), population=[12, np.nan, 500])
    assert out.ci_method.tolist() == ["exact finite population (N=12, n=9)", "tango score",
                                      "tango score (fpc N=500)"]


def test_the_province_example():
    # 9 of 12 provinces in both waves, 2 became active, none stopped: 22.2 points
    out = {m: paired_difference_ci([[3, 0], [2, 4]], population=12, method=m).iloc[0]
           for m in ("exact", "tango", "newcombe")}
    assert {m: (round(r.ci_lower * 12), round(r.ci_upper * 12)) for m, r in out.items()} == {
        "exact": (0, 4), "tango": (2, 4), "newcombe": (1, 4)}


# ---------------------------------------------------------------------------
# coverage by complete enumeration: every population of N = 12 units (455 ways to split
# them over yes/yes, yes/no, no/yes, no/no) and every sample of n (multivariate hypergeometric)
# ---------------------------------------------------------------------------
def _compositions(total, parts=4):
    for cuts in itertools.combinations(range(total + parts - 1), parts - 1):
        bounds = (-1,) + cuts + (total + parts - 1,)
        yield [bounds[i + 1] - bounds[i] - 1 for i in range(parts)]


def paired_coverage(N, n, method, level=0.95):
    """(minimum, mean) coverage over all populations, and the mean expected width."""
    samples = np.array(list(_compositions(n)), dtype=float)     # a, b, c, d
    out = paired_difference_ci(samples.reshape(-1, 2, 2), population=N, method=method, level=level)
    lo, hi = out.ci_lower.to_numpy(), out.ci_upper.to_numpy()
    pops = np.array(list(_compositions(N)), dtype=float)

    def log_choose(m, k):
        with np.errstate(invalid="ignore"):
            v = special.gammaln(m + 1) - special.gammaln(k + 1) - special.gammaln(m - k + 1)
        return np.where(k <= m, v, -np.inf)

    logp = sum(log_choose(pops[:, None, i], samples[None, :, i]) for i in range(4)) - log_choose(N, n)
    prob = np.exp(logp)
    np.testing.assert_allclose(prob.sum(axis=1), 1.0)
    truth = (pops[:, 2] - pops[:, 1]) / N
    covered = (lo[None] <= truth[:, None] + 1e-9) & (truth[:, None] <= hi[None] + 1e-9)
    cover = (prob * covered).sum(axis=1)
    return cover.min(), cover.mean(), (prob * (hi - lo)[None]).sum(axis=1).mean()


# (n, method) -> documented minimum and mean coverage at 95 % (docs/methods.md, "Change between waves and targets")
DOCUMENTED = {
    (3, "exact"): (0.9545, 0.9934), (6, "exact"): (0.9719, 0.9971),
    (9, "exact"): (0.9545, 0.9865), (11, "exact"): (1.0, 1.0),
    (3, "tango"): (0.9136, 0.9883), (6, "tango"): (0.9188, 0.9743),
    (9, "tango"): (0.7955, 0.9464), (11, "tango"): (0.75, 0.9458),
    (3, "newcombe"): (0.7955, 0.9582), (6, "newcombe"): (0.8485, 0.9570),
    (9, "newcombe"): (0.75, 0.9650), (11, "newcombe"): (0.75, 0.9560),
}


@pytest.mark.parametrize(("n", "method"), list(DOCUMENTED))
def test_coverage_by_enumeration_n12(n, method):
    low, mean, _ = paired_coverage(12, n, method)
    assert (round(low, 4), round(mean, 4)) == DOCUMENTED[(n, method)]
    if method == "exact":
        assert low >= 0.95


@pytest.mark.parametrize("n", range(1, 12))
def test_exact_interval_never_undercovers_n12(n):
    assert paired_coverage(12, n, "exact")[0] >= 0.95
    assert paired_coverage(12, n, "exact", level=0.8)[0] >= 0.8


def test_bad_input():
    with pytest.raises(SurveyInputError, match="shape"):
        paired_difference_ci([1, 2, 3, 4])
    with pytest.raises(SurveyInputError, match="negative"):
        paired_difference_ci([[1, -2], [3, 4]])
    with pytest.raises(SurveyInputError, match="more units than the population"):
        paired_difference_ci([[5, 2], [3, 4]], population=12)
    with pytest.raises(SurveyInputError, match="needs the population"):
        paired_difference_ci([[5, 2], [3, 4]], method="exact")
    with pytest.raises(SurveyInputError, match="unknown method"):
        paired_difference_ci([[5, 2], [3, 4]], method="wald")
    with pytest.raises(SurveyInputError, match="level"):
        paired_difference_ci([[5, 2], [3, 4]], level=95)


def test_empty_table_gives_nan_and_says_why():
    row = paired_difference_ci([[0, 0], [0, 0]], population=12).iloc[0]
    assert np.isnan(row.ci_lower) and np.isnan(row.ci_upper)
    assert row.ci_method == "no respondents in base"
