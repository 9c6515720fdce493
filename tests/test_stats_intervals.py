"""Intervals for one proportion (survey_inventory.stats.intervals) checked against
sources that do not share their code.

* R's ``survey::svyciprop`` (reference grid in ``shared/reference`` and a few
  domain values computed with R 4.2.2 / survey 4.1.1, script below); R's
  ``method = "beta"`` is our ``"korn-graubard"``;
* statsmodels' ``proportion_confint``;
* closed forms worked out by hand;
* exact coverage by complete enumeration of the (multivariate) hypergeometric
  distribution: no simulation.

Simultaneous intervals (``multinomial_ci``) are tested in test_stats_simultaneous.py.
"""
from __future__ import annotations

import time
from math import comb
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy import stats
from scipy.special import gammaln
from statsmodels.stats.proportion import proportion_confint

from survey_inventory.errors import SurveyInputError
from survey_inventory.options import CI_METHODS
from survey_inventory.stats.intervals import (
    METHODS,
    proportion_ci,
    worst_case_bounds,
)

pytestmark = pytest.mark.filterwarnings("error")

# A copy of shared/reference (R 4.2.2, survey 4.1-1), kept in the repository so that a clean
# clone in CI tests against R too; test_reference_copy_is_the_shared_one guards the copy.
REFERENCE = Path(__file__).resolve().parent / "data" / "reference"
#: shared/reference beside the clone (or beside a worktree's parent folder), if there is one
SHARED_REFERENCE = next((p / "shared" / "reference" for p in Path(__file__).resolve().parents[1:4]
                         if (p / "shared" / "reference").is_dir()), None)
#: the SHA-256 of shared/reference/r_survey_svyciprop_grid.csv when it was copied
R_GRID_SHA256 = "4df876e9b42cc0d56b8b81da9d7fbc7ce087710fd5ae6bc5af5f7b0b8fe70231"
R_GRID = REFERENCE / "r_survey_svyciprop_grid.csv"
#: our name -> R svyciprop's name, where they differ (the grid and R_DOMAIN use R's results)
R_NAME = {"korn-graubard": "beta"}


# ---------------------------------------------------------------------------
# helpers
# ---------------------------------------------------------------------------
def _logcomb(n, k):
    n, k = np.asarray(n, dtype=float), np.asarray(k, dtype=float)
    ok = (k >= 0) & (k <= n)
    with np.errstate(invalid="ignore"):
        out = gammaln(n + 1) - gammaln(k + 1) - gammaln(np.where(ok, n - k, 0) + 1)
    return np.where(ok, out, -np.inf)


def _hyper_pmf(N, n):
    """pmf[M, x] = P(X = x | population count M), X ~ Hypergeometric(N, M, n)."""
    M = np.arange(N + 1)[:, None]
    x = np.arange(n + 1)[None, :]
    return np.exp(_logcomb(M, x) + _logcomb(N - M, n - x) - _logcomb(N, n))


def _ci_table(N, n, **kw):
    """Interval for every k = 0..n as two arrays indexed by k."""
    out = proportion_ci(np.arange(n + 1), n, population=N, **kw)
    return out["ci_lower"].to_numpy(), out["ci_upper"].to_numpy()


def _domain_grid(N, s, level=0.95, largest_domain_only=False, **kw):
    """Interval for every (k, n_d) with 1 <= n_d < s, as [k, n_d] arrays.

    ``largest_domain_only``: the exact interval for the largest possible domain
    size n_d + N - s alone (a shortcut the union must not take)."""
    k, nd = np.meshgrid(np.arange(s + 1), np.arange(s + 1), indexing="ij")
    keep = (k <= nd) & (nd >= 1) & (nd < s)
    if largest_domain_only:
        kw = dict(kw, population=nd[keep] + N - s)
    out = proportion_ci(k[keep], nd[keep], level=level, **kw)
    lo = np.full((s + 1, s + 1), np.nan)
    hi = lo.copy()
    lo[k[keep], nd[keep]] = out["ci_lower"].to_numpy()
    hi[k[keep], nd[keep]] = out["ci_upper"].to_numpy()
    return lo, hi


def _domain_coverage(N, s, lo, hi):
    """Smallest conditional coverage P(cover | n_d) over every population and every 1 <= n_d < s.

    The population has A units in the domain saying yes, B in the domain saying no
    and C = N - A - B outside it; an SRS of s gives (a, b, c) multivariate
    hypergeometric, n_d = a + b, k = a, and the target is A / (A + B).
    """
    a = np.arange(s + 1)[:, None]
    b = np.arange(s + 1)[None, :]
    nd = a + b
    kk = np.broadcast_to(a, nd.shape)
    inside = nd < s
    lo_ab = np.where(inside, lo[kk, np.minimum(nd, s)], np.nan)
    hi_ab = np.where(inside, hi[kk, np.minimum(nd, s)], np.nan)
    worst = 1.0
    for A in range(N + 1):
        for B in range(N + 1 - A):
            if A + B == 0:
                continue
            w = np.exp(_logcomb(A, a) + _logcomb(B, b) + _logcomb(N - A - B, s - nd) - _logcomb(N, s))
            target = A / (A + B)
            cover = (lo_ab <= target + 1e-12) & (target <= hi_ab + 1e-12)
            sel = inside & (nd >= 1)
            total = np.bincount(nd[sel], weights=w[sel], minlength=s)
            covered = np.bincount(nd[sel], weights=(w * cover)[sel], minlength=s)
            seen = total > 1e-12
            if seen.any():
                worst = min(worst, float((covered[seen] / total[seen]).min()))
    return worst


# ---------------------------------------------------------------------------
# R survey::svyciprop reference grid
# ---------------------------------------------------------------------------
def test_reference_copy_is_the_shared_one():
    """The copy is the shared file byte for byte; in a clean clone without shared/ beside it
    (CI), the copy still has the shared file's recorded hash, so the test never skips."""
    import hashlib

    assert hashlib.sha256(R_GRID.read_bytes()).hexdigest() == R_GRID_SHA256
    if SHARED_REFERENCE is not None and (SHARED_REFERENCE / R_GRID.name).exists():
        assert R_GRID.read_bytes() == (SHARED_REFERENCE / R_GRID.name).read_bytes()


@pytest.fixture(scope="module")
def r_grid():
    if not R_GRID.exists():
        pytest.skip(f"R reference grid not found at {R_GRID}")
    return pd.read_csv(R_GRID)


@pytest.mark.parametrize("method", ["logit", "korn-graubard", "mean"])
def test_matches_r_svyciprop_inside(r_grid, method):
    g = r_grid[(r_grid["method"] == R_NAME.get(method, method)) & (r_grid["k"] > 0) & (r_grid["k"] < r_grid["n"])]
    g = g.dropna(subset=["lower", "upper"])
    assert len(g) > 200  # the grid's interior rows for this method
    population = g["N"].to_numpy(dtype=float)  # NaN = infinite, no fpc
    out = proportion_ci(g["k"].to_numpy(), g["n"].to_numpy(), population=population, method=method)
    expected_lo, expected_hi = g["lower"].to_numpy(), g["upper"].to_numpy()
    if method == "mean":  # R does not clip the Wald interval; ours stays in [0, 1]
        expected_lo, expected_hi = np.clip(expected_lo, 0, 1), np.clip(expected_hi, 0, 1)
    np.testing.assert_allclose(out["ci_lower"], expected_lo, atol=1e-6, rtol=0)
    np.testing.assert_allclose(out["ci_upper"], expected_hi, atol=1e-6, rtol=0)
    assert out["ci_method"].str.startswith(method).all()


@pytest.mark.parametrize("method", ["logit", "korn-graubard", "mean"])
def test_r_boundary_rows_are_informative(r_grid, method):
    """Where R collapses to a point (logit, mean) or gives NA (beta, our korn-graubard) we give the exact interval."""
    g = r_grid[(r_grid["method"] == R_NAME.get(method, method)) & ((r_grid["k"] == 0) | (r_grid["k"] == r_grid["n"]))]
    assert len(g) == 18
    if method == "korn-graubard":
        assert g["lower"].isna().all()
    else:
        assert (g["lower"] == g["upper"]).all()
    population = g["N"].to_numpy(dtype=float)
    k, n = g["k"].to_numpy(), g["n"].to_numpy()
    out = proportion_ci(k, n, population=population, method=method)
    p = k / n
    lo, hi = out["ci_lower"].to_numpy(), out["ci_upper"].to_numpy()
    assert ((0 <= lo) & (lo <= p) & (p <= hi) & (hi <= 1)).all()
    assert (hi - lo > 0.01).all()
    assert out["ci_method"].str.contains(f"{method} degenerate at k = ").all()
    exact = proportion_ci(k, n, population=population, method="blaker")  # the exact interval (Clopper-Pearson without N)
    np.testing.assert_array_equal(lo, exact["ci_lower"])
    np.testing.assert_array_equal(hi, exact["ci_upper"])


def test_r_logit_by_hand():
    """k = 1, n = 9, N = 12: var = (1 - 9/12) p q / (n - 1) on the mean scale, / (p q)^2 on the logit."""
    p, q = 1 / 9, 8 / 9
    se = np.sqrt(0.25 * p * q / 8) / (p * q)
    t = stats.t.ppf(0.975, 8)
    expit = lambda x: 1 / (1 + np.exp(-x))  # noqa: E731
    out = proportion_ci(1, 9, population=12, method="logit")
    assert out.loc[0, "ci_lower"] == pytest.approx(expit(np.log(p / q) - t * se), abs=1e-12)
    assert out.loc[0, "ci_upper"] == pytest.approx(expit(np.log(p / q) + t * se), abs=1e-12)
    assert out.loc[0, "ci_lower"] == pytest.approx(0.0330358251, abs=1e-9)  # R grid row


# ---------------------------------------------------------------------------
# binomial methods (statsmodels) and hand-computed cases
# ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    "method,sm", [("wilson", "wilson"), ("clopper-pearson", "beta"), ("jeffreys", "jeffreys"), ("agresti-coull", "agresti_coull")]
)
@pytest.mark.parametrize("level", [0.95, 0.8])
def test_binomial_methods_match_statsmodels(method, sm, level):
    n = np.repeat(np.arange(1, 31), np.arange(2, 32))
    k = np.concatenate([np.arange(m + 1) for m in range(1, 31)])
    out = proportion_ci(k, n, method=method, level=level)
    lo, hi = proportion_confint(k, n, alpha=1 - level, method=sm)
    lo, hi = np.clip(lo, 0, 1), np.clip(hi, 0, 1)
    interior = (k > 0) & (k < n)
    np.testing.assert_allclose(out["ci_lower"][interior], lo[interior], atol=1e-12)
    np.testing.assert_allclose(out["ci_upper"][interior], hi[interior], atol=1e-12)
    # at k = 0 / k = n the bound on the far side is statsmodels', the near one exactly 0 / 1
    np.testing.assert_allclose(out["ci_upper"][k == 0], hi[k == 0], atol=1e-12)
    np.testing.assert_allclose(out["ci_lower"][k == n], lo[k == n], atol=1e-12)
    assert (out["ci_lower"][k == 0] == 0).all() and (out["ci_upper"][k == n] == 1).all()
    assert (out["ci_method"] == method).all()


def test_wilson_and_clopper_pearson_by_hand():
    z = stats.norm.ppf(0.975)
    k, n = 3, 9
    centre = (k + z**2 / 2) / (n + z**2)
    half = z / (n + z**2) * np.sqrt(k * (n - k) / n + z**2 / 4)
    out = proportion_ci(k, n, method="wilson")
    assert out.loc[0, "ci_lower"] == pytest.approx(centre - half, abs=1e-12)
    assert out.loc[0, "ci_upper"] == pytest.approx(centre + half, abs=1e-12)
    # Clopper-Pearson at k = 0: upper = 1 - (alpha/2)^(1/n)
    out = proportion_ci(0, 9, method="clopper-pearson")
    assert out.loc[0, "ci_upper"] == pytest.approx(1 - 0.025 ** (1 / 9), abs=1e-12)
    assert out.loc[0, "ci_lower"] == 0


def test_binomial_methods_ignore_population_but_say_so():
    with_pop = proportion_ci(3, 9, population=35, method="wilson")
    without = proportion_ci(3, 9, method="wilson")
    assert with_pop[["ci_lower", "ci_upper"]].equals(without[["ci_lower", "ci_upper"]])
    assert with_pop.loc[0, "ci_method"] == "wilson (no fpc)"


def test_auto_is_hypergeometric_with_population_and_wilson_without():
    out = proportion_ci(3, 9, population=[12, np.nan])
    assert out["ci_method"].tolist() == ["hypergeometric exact Blaker (N=12)", "wilson"]
    wilson = proportion_confint(3, 9, method="wilson")
    assert out.loc[1, "ci_lower"] == pytest.approx(wilson[0])


# ---------------------------------------------------------------------------
# exact hypergeometric interval
# ---------------------------------------------------------------------------
@pytest.mark.parametrize("N", [10, 12, 35])
@pytest.mark.parametrize("level", [0.95, 0.8])
def test_hypergeometric_exact_coverage_by_enumeration(N, level):
    """For every population count M and every n < N: P(interval covers M/N) >= level."""
    worst = 1.0
    for n in range(1, N):
        lo, hi = _ci_table(N, n, level=level)
        pmf = _hyper_pmf(N, n)  # [M, k]
        target = np.arange(N + 1)[:, None] / N
        cover = (lo[None, :] <= target + 1e-12) & (target <= hi[None, :] + 1e-12)
        coverage = (pmf * cover).sum(axis=1)
        worst = min(worst, coverage.min())
    assert worst >= level - 1e-12
    assert worst < 1.0  # and it is not trivially the whole range


@pytest.mark.parametrize("N", [12, 35])
def test_hypergeometric_limits_are_the_extreme_accepted_counts(N):
    """Brute force over M with explicit tail sums: the limits are the smallest and
    largest M that neither one-sided test rejects at alpha/2."""
    for n in range(1, N):
        pmf = _hyper_pmf(N, n)
        lower_tail = np.cumsum(pmf, axis=1)  # P(X <= k | M)
        upper_tail = np.cumsum(pmf[:, ::-1], axis=1)[:, ::-1]  # P(X >= k | M)
        accepted = (lower_tail > 0.025 + 1e-12) & (upper_tail > 0.025 + 1e-12)
        lo, hi = _ci_table(N, n, method="hypergeometric")
        for k in range(n + 1):
            ms = np.flatnonzero(accepted[:, k])
            assert lo[k] == pytest.approx(ms.min() / N) and hi[k] == pytest.approx(ms.max() / N)


def test_hypergeometric_by_hand():
    # k = 0 of 9, N = 12: P(X = 0 | M) = C(12 - M, 9) / C(12, 9): 0.25, 0.045, 1/220 for M = 1, 2, 3
    assert comb(10, 9) / comb(12, 9) > 0.025 > comb(9, 9) / comb(12, 9)
    out = proportion_ci(0, 9, population=12, method="hypergeometric")
    assert (out.loc[0, "ci_lower"], out.loc[0, "ci_upper"]) == (0.0, pytest.approx(2 / 12))
    # k = n = 9 mirrors it
    out = proportion_ci(9, 9, population=12, method="hypergeometric")
    assert (out.loc[0, "ci_lower"], out.loc[0, "ci_upper"]) == (pytest.approx(10 / 12), 1.0)
    # n = 1: P(X >= 1 | M) = M / 12 > 0.025 from M = 1; P(X <= 1) = 1 for every M
    out = proportion_ci(1, 1, population=12, method="hypergeometric")
    assert (out.loc[0, "ci_lower"], out.loc[0, "ci_upper"]) == (pytest.approx(1 / 12), 1.0)
    # with 9 of 12 answering, 3/9 leaves only M = 3..6 possible: the interval is the worst case
    out = proportion_ci(3, 9, population=12, method="hypergeometric")
    assert (out.loc[0, "ci_lower"], out.loc[0, "ci_upper"]) == (pytest.approx(3 / 12), pytest.approx(6 / 12))


def test_hypergeometric_is_inside_worst_case_bounds_and_narrower_than_clopper_pearson():
    k = np.arange(28)
    exact = proportion_ci(k, 27, population=35)
    wc = worst_case_bounds(k, 27, 35)
    cp = proportion_ci(k, 27, method="clopper-pearson")
    assert (exact["ci_lower"] >= wc["wc_lower"] - 1e-12).all() and (exact["ci_upper"] <= wc["wc_upper"] + 1e-12).all()
    assert (exact["ci_upper"] - exact["ci_lower"] < cp["ci_upper"] - cp["ci_lower"]).all()


def test_census_and_empty_base():
    out = proportion_ci([5, 0, 12, 0], [12, 12, 12, 0], population=12, method="logit")
    assert out["ci_lower"].tolist()[:3] == [5 / 12, 0.0, 1.0]
    assert (out["ci_lower"] == out["ci_upper"])[:3].all()
    assert out["ci_method"].tolist()[:3] == ["census (n = N): no sampling error"] * 3
    assert np.isnan(out.loc[3, "ci_lower"]) and np.isnan(out.loc[3, "ci_upper"])
    assert out.loc[3, "ci_method"] == "no respondents in base"
    for method in METHODS:  # never a ZeroDivisionError or warning (warnings are errors here)
        row = proportion_ci(0, 0, population=None, method=method)
        assert row.loc[0, "ci_method"] == "no respondents in base" and row["ci_lower"].isna().all()


def test_missing_inputs_give_nan_rows():
    out = proportion_ci([3, np.nan], [9, 9], population=12)
    assert out.loc[1, "ci_method"] == "missing count or base" and np.isnan(out.loc[1, "ci_upper"])
    assert out.loc[0, "ci_method"] == "hypergeometric exact Blaker (N=12)"


def test_hypergeometric_without_population_is_clopper_pearson():
    out = proportion_ci(3, 9, method="hypergeometric")
    lo, hi = proportion_confint(3, 9, method="beta")
    assert (out.loc[0, "ci_lower"], out.loc[0, "ci_upper"]) == (pytest.approx(lo), pytest.approx(hi))
    assert out.loc[0, "ci_method"] == "clopper-pearson (population unknown)"


# ---------------------------------------------------------------------------
# domains (routed items)
# ---------------------------------------------------------------------------
# svyciprop(~y, subset(des, asked), method = m) with
#   d   <- data.frame(y = c(rep(1, k), rep(0, nd - k), rep(0, n - nd)), asked = rep(c(TRUE, FALSE), c(nd, n - nd)))
#   des <- svydesign(ids = ~1, fpc = rep(N, n), data = d)        # probs = rep(1, n) when N is NA
# R 4.2.2, survey 4.1.1. degf(subset) was nd - 1 and nrow(subset) nd in every case.
R_DOMAIN_DESIGNS = [  # k, nd, n, N
    (12, 26, 27, 35), (3, 9, 12, 35), (5, 20, 27, 35), (2, 6, 9, 12), (4, 10, 27, None), (1, 7, 9, 12), (40, 100, 120, 400),
]
R_DOMAIN = {  # our method (R's "beta" is "korn-graubard"): (lower, upper) per design, in the order above
    "logit": [
        (0.366122450496, 0.559858201335), (0.111674325103, 0.665401039028), (0.164489966893, 0.360768130446),
        (0.133106995799, 0.619509756523), (0.130846210059, 0.746979495044), (0.039414685866, 0.403689708063),
        (0.321746856916, 0.483712088089),
    ],
    "korn-graubard": [
        (0.365822126695, 0.559386520532), (0.103107488461, 0.643796227927), (0.162020947362, 0.356232496596),
        (0.147124815473, 0.567676843769), (0.117592876542, 0.743642568489), (0.036266307055, 0.340875885754),
        (0.318677063482, 0.485595571995),
    ],
    "mean": [  # R does not clip: the sixth lower limit is -0.028772838420 there
        (0.363438073713, 0.559638849364), (0.026532350581, 0.640134316086), (0.151266157939, 0.348733842061),
        (0.070974423359, 0.595692243307), (0.042872245498, 0.757127754502), (0.0, 0.314487124134),
        (0.318330304045, 0.481669695955),
    ],
}


@pytest.mark.parametrize("method", sorted(R_DOMAIN))
@pytest.mark.parametrize("design", range(len(R_DOMAIN_DESIGNS)))
def test_domain_matches_r_subset(design, method):
    k, nd, n, N = R_DOMAIN_DESIGNS[design]
    lower, upper = R_DOMAIN[method][design]
    out = proportion_ci(k, nd, population=N, sample_n=n, method=method)
    assert out.loc[0, "ci_lower"] == pytest.approx(lower, abs=1e-9)
    assert out.loc[0, "ci_upper"] == pytest.approx(upper, abs=1e-9)
    assert f"domain of n={n}, df={nd - 1}" in out.loc[0, "ci_method"]


def test_domain_linearisation_by_hand():
    """R's variance for a domain: the influence values z_i = d_i (y_i - p_d) / (n_d / n)
    over all n sampled units (zeros outside the domain), V = (1 - n/N) s_z^2 / n."""
    k, nd, n, N = 12, 26, 27, 35
    y = np.r_[np.ones(k), np.zeros(nd - k), np.zeros(n - nd)]
    d = np.r_[np.ones(nd), np.zeros(n - nd)]
    p = y[d == 1].mean()
    z = d * (y - p) / (nd / n)
    var_mean = (1 - n / N) * z.var(ddof=1) / n
    t = stats.t.ppf(0.975, nd - 1)
    # mean (Wald) and logit (delta method) from this variance
    out = proportion_ci(k, nd, population=N, sample_n=n, method="mean")
    assert out.loc[0, "ci_lower"] == pytest.approx(p - t * np.sqrt(var_mean), abs=1e-12)
    se_logit = np.sqrt(var_mean) / (p * (1 - p))
    out = proportion_ci(k, nd, population=N, sample_n=n, method="logit")
    assert out.loc[0, "ci_upper"] == pytest.approx(1 / (1 + np.exp(-(np.log(p / (1 - p)) + t * se_logit))), abs=1e-12)
    # korn-graubard (R's beta): Korn-Graubard with n_eff = p q / V
    n_eff = p * (1 - p) / var_mean
    out = proportion_ci(k, nd, population=N, sample_n=n, method="korn-graubard")
    assert out.loc[0, "ci_lower"] == pytest.approx(stats.beta.ppf(0.025, n_eff * p, n_eff * (1 - p) + 1), abs=1e-12)
    # the same variance in closed form: (1 - n/N) n/(n-1) p q / n_d
    assert var_mean == pytest.approx((1 - n / N) * n / (n - 1) * p * (1 - p) / nd)


@pytest.mark.parametrize("method", ["logit", "korn-graubard", "mean"])
def test_domain_is_narrower_than_a_new_sample_of_nd_from_N(method):
    """The domain keeps the full sample's fpc 1 - n/N, which is smaller than the
    1 - n_d/N a new SRS of n_d would get, and n/(n-1) < n_d/(n_d-1): narrower."""
    dom = proportion_ci(12, 26, population=35, sample_n=27, method=method)
    naive = proportion_ci(12, 26, population=35, method=method)
    assert dom.loc[0, "ci_upper"] - dom.loc[0, "ci_lower"] < naive.loc[0, "ci_upper"] - naive.loc[0, "ci_lower"]


@pytest.mark.parametrize("N,s", [(12, 9), (35, 27)])
def test_domain_exact_coverage_by_enumeration(N, s):
    """Default (exact) domain interval: P(cover | n_d) >= 0.95 for every population
    composition and every 1 <= n_d < s; neither a new SRS of n_d from N nor the
    exact interval at the largest domain size alone is."""
    ours = _domain_coverage(N, s, *_domain_grid(N, s, population=N, sample_n=s))
    assert ours >= 0.95 - 1e-12
    naive = _domain_coverage(N, s, *_domain_grid(N, s, population=N))
    assert naive < 0.95
    largest = _domain_coverage(N, s, *_domain_grid(N, s, largest_domain_only=True, method="hypergeometric"))
    assert largest < 0.95


def test_domain_union_over_every_domain_size():
    """The union needs every N_d, not just the largest: checked against a direct
    evaluation of the exact interval at each N_d for a grid of cases."""
    level = 0.9
    for N, s in [(12, 9), (20, 14), (35, 27)]:
        k, nd = np.meshgrid(np.arange(s), np.arange(1, s), indexing="ij")
        keep = k <= nd
        k, nd = k[keep], nd[keep]
        out = proportion_ci(k, nd, population=N, sample_n=s, level=level, method="hypergeometric")
        lo = np.full(k.size, np.inf)
        hi = np.full(k.size, -np.inf)
        for Nd in range(1, N - s + nd.max() + 1):
            rows = (nd <= Nd) & (Nd <= nd + N - s)
            e = proportion_ci(k[rows], nd[rows], population=Nd, method="hypergeometric", level=level)
            lo[rows] = np.minimum(lo[rows], e["ci_lower"].fillna(np.inf).to_numpy())
            hi[rows] = np.maximum(hi[rows], e["ci_upper"].fillna(-np.inf).to_numpy())
        # at N_d = n_d it is a census: the point k / n_d
        np.testing.assert_allclose(out["ci_lower"], lo, atol=1e-12)
        np.testing.assert_allclose(out["ci_upper"], hi, atol=1e-12)
    assert out["ci_method"].str.startswith("hypergeometric exact, domain (N_d = ").all()


def test_domain_census_and_non_domain_equivalence():
    # all N units answered: the domain size is known (= n_d), so no sampling error
    out = proportion_ci(4, 7, population=12, sample_n=12)
    assert out.loc[0, "ci_lower"] == out.loc[0, "ci_upper"] == pytest.approx(4 / 7)
    assert out.loc[0, "ci_method"] == "census (all N units responded): no sampling error"
    # sample_n == n or missing: not a domain
    a = proportion_ci([3, 3], [9, 9], population=12, sample_n=[9, np.nan], method="logit")
    b = proportion_ci(3, 9, population=12, method="logit")
    assert (a["ci_lower"] == b.loc[0, "ci_lower"]).all() and (a["ci_method"] == b.loc[0, "ci_method"]).all()


def test_domain_boundary_falls_back_to_exact_domain_interval():
    out = proportion_ci([0, 26], 26, population=35, sample_n=27, method="korn-graubard")
    exact = proportion_ci([0, 26], 26, population=35, sample_n=27, method="blaker")  # the default exact
    assert out[["ci_lower", "ci_upper"]].equals(exact[["ci_lower", "ci_upper"]])
    assert out["ci_method"].str.contains("domain").all() and out["ci_method"].str.contains("korn-graubard degenerate").all()
    assert out.loc[0, "ci_upper"] > 0.03 and out.loc[1, "ci_lower"] < 0.97


# ---------------------------------------------------------------------------
# worst-case bounds
# ---------------------------------------------------------------------------
def test_worst_case_bounds():
    out = worst_case_bounds([12, 0, 3], [26, 9, 9], [35, 12, np.nan])
    np.testing.assert_allclose(out["wc_lower"], [12 / 35, 0, np.nan])
    np.testing.assert_allclose(out["wc_upper"], [21 / 35, 3 / 12, np.nan])
    assert list(out.columns) == ["wc_lower", "wc_upper"]
    with pytest.raises(ValueError, match="n exceeds population"):
        worst_case_bounds(1, 13, 12)


def test_worst_case_bounds_of_a_domain_by_enumeration():
    """Every way the N - s non-respondents can fall (a in the domain saying yes, b saying no)."""
    k, nd, s, N = 12, 26, 27, 35
    values = [(k + a) / (nd + a + b) for a in range(N - s + 1) for b in range(N - s + 1 - a)]
    out = worst_case_bounds(k, nd, N, sample_n=s)
    assert (out.loc[0, "wc_lower"], out.loc[0, "wc_upper"]) == (pytest.approx(min(values)), pytest.approx(max(values)))
    # not a domain: the plain formula; and the exact domain interval lies inside the domain bounds
    assert worst_case_bounds(k, nd, N, sample_n=nd).equals(worst_case_bounds(k, nd, N))
    kk, nn = np.meshgrid(np.arange(27), np.arange(1, 27), indexing="ij")
    keep = kk <= nn
    wc = worst_case_bounds(kk[keep], nn[keep], N, sample_n=s)
    ci = proportion_ci(kk[keep], nn[keep], population=N, sample_n=s)
    assert (ci["ci_lower"] >= wc["wc_lower"] - 1e-12).all() and (ci["ci_upper"] <= wc["wc_upper"] + 1e-12).all()


# ---------------------------------------------------------------------------
# method names: statsmodels' meaning, Korn-Graubard by its own name
# ---------------------------------------------------------------------------
BETA_MESSAGE = ("method 'beta' is ambiguous: use 'clopper-pearson' (statsmodels' beta) or "
                "'korn-graubard' (R survey's svyciprop beta)")


@pytest.mark.parametrize("kwargs", [dict(), dict(population=35), dict(population=35, sample_n=30)])
def test_beta_is_refused_as_ambiguous(kwargs):
    with pytest.raises(SurveyInputError) as info:
        proportion_ci(12, 27, method="beta", **kwargs)
    assert str(info.value) == BETA_MESSAGE
    assert "beta" not in METHODS and "beta" not in CI_METHODS


def test_methods_are_the_option_list():
    assert METHODS is CI_METHODS
    assert "korn-graubard" in METHODS and "clopper-pearson" in METHODS


def test_korn_graubard_is_r_beta_and_clopper_pearson_is_statsmodels_beta(r_grid):
    """Each name gives the interval it has in its source, and the two are not the same interval."""
    g = r_grid[(r_grid["method"] == "beta") & (r_grid["k"] > 0) & (r_grid["k"] < r_grid["n"])].dropna(subset=["lower"])
    k, n = g["k"].to_numpy(), g["n"].to_numpy()
    kg = proportion_ci(k, n, population=g["N"].to_numpy(dtype=float), method="korn-graubard")
    np.testing.assert_allclose(kg["ci_lower"], g["lower"], atol=1e-6, rtol=0)
    np.testing.assert_allclose(kg["ci_upper"], g["upper"], atol=1e-6, rtol=0)
    cp = proportion_ci(k, n, method="clopper-pearson")
    lo, hi = proportion_confint(k, n, alpha=0.05, method="beta")
    np.testing.assert_allclose(cp["ci_lower"], lo, atol=1e-12)
    np.testing.assert_allclose(cp["ci_upper"], hi, atol=1e-12)
    assert (np.abs(kg["ci_lower"].to_numpy() - cp["ci_lower"].to_numpy()) > 1e-3).mean() > 0.5


# ---------------------------------------------------------------------------
# input checks, shapes, speed, docstrings
# ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    "kwargs,message",
    [
        (dict(count=3, n=9, method="wald"), "unknown interval method 'wald'"),
        (dict(count=3, n=9, level=1.0), "level must be strictly between 0 and 1"),
        (dict(count=3, n=9, level=0), "level must be strictly between 0 and 1"),
        (dict(count=10, n=9), "count exceeds n"),
        (dict(count=[1, 10], n=9), "count exceeds n at position 1"),
        (dict(count=3, n=13, population=12), "n exceeds population"),
        (dict(count=-1, n=9), "count must not be negative"),
        (dict(count=3, n=9, population=-5), "population must not be negative"),
        (dict(count=2.5, n=9), "count must be whole numbers"),
        (dict(count=3, n=9, sample_n=8), "sample_n is smaller than n"),
        (dict(count=3, n=9, population=12, sample_n=13), "sample_n exceeds population"),
        (dict(count=[1, 2], n=[3, 4, 5]), "do not broadcast"),
    ],
)
def test_bad_input_raises_one_line_value_error(kwargs, message):
    with pytest.raises(ValueError, match=message) as info:
        proportion_ci(**kwargs)
    assert "\n" not in str(info.value)


def test_shapes_and_types():
    out = proportion_ci(pd.Series([1, 2, 3], index=[10, 11, 12]), 9, population=pd.Series([12, None, 35]))
    assert isinstance(out.index, pd.RangeIndex) and len(out) == 3
    assert list(out.columns) == ["ci_lower", "ci_upper", "ci_method"]
    assert out["ci_lower"].dtype == float and out["ci_upper"].dtype == float
    assert out["ci_method"].tolist() == ["hypergeometric exact Blaker (N=12)", "wilson",
                                         "hypergeometric exact Blaker (N=35)"]
    grid = proportion_ci(np.arange(4)[:, None], np.array([3, 5]), population=12)
    assert len(grid) == 8
    assert proportion_ci(np.arange(4)[:, None], np.array([3, 5]), population=np.inf)["ci_method"].eq("wilson").all()
    assert len(proportion_ci(3, 9)) == 1


@pytest.mark.slow  # 10,000 distinct hypergeometric cells, three methods (3-8 s)
def test_speed_of_ten_thousand_cells():
    rng = np.random.default_rng(7)
    N = rng.integers(10, 1001, 10_000)
    n = rng.integers(1, N + 1)
    k = rng.integers(0, n + 1)
    # CPU time: the machine may be shared while the suite runs. Vectorised over the cells this is 1.5-4.5 s
    # (a 2-core machine of 2026 and one half as fast); a loop over the cells takes minutes
    limit = 8.0
    start = time.process_time()
    out = proportion_ci(k, n, population=N)
    elapsed = time.process_time() - start
    assert out["ci_lower"].notna().all()
    assert elapsed < limit, f"10,000 distinct hypergeometric cells took {elapsed:.2f} s"
    # domains; where logit (like korn-graubard, the same code) degenerates, the exact union over domain sizes
    for method in ("logit", "wilson"):
        start = time.process_time()
        proportion_ci(k, n, population=N, sample_n=np.minimum(n + 5, N), method=method)
        elapsed = time.process_time() - start
        assert elapsed < limit, f"10,000 domain cells, {method}: {elapsed:.2f} s"


# --- routed items asked of everyone (issue 18, point 3) --------------------------------------
def _coverage_when_all_asked(N, s, rule):
    """Worst coverage of the domain proportion given that all s respondents were in the
    domain (n_d = s): they are then a simple random sample of the N_d >= s domain units."""
    from scipy import stats as st

    k = np.arange(s + 1)
    lo, hi = rule(k, s)
    worst = 1.0
    for Nd in range(s, N + 1):
        for Md in range(Nd + 1):
            pk = st.hypergeom.pmf(k, Nd, Md, s)
            worst = min(worst, pk[(lo <= Md / Nd + 1e-12) & (Md / Nd - 1e-12 <= hi)].sum())
    return worst


def test_routed_items_are_domains_even_when_everyone_was_asked():
    N, s = 12, 9

    def as_domain(k, nd):
        out = proportion_ci(k, nd, population=N, sample_n=s, domain=True)
        return out["ci_lower"].to_numpy(), out["ci_upper"].to_numpy()

    def as_before(k, nd):  # today's rule until issue 18: a domain only when someone was not asked
        out = proportion_ci(k, nd, population=N, sample_n=s if nd < s else None, method="hypergeometric")
        return out["ci_lower"].to_numpy(), out["ci_upper"].to_numpy()

    assert _coverage_when_all_asked(N, s, as_domain) >= 0.95 - 1e-12
    assert _coverage_when_all_asked(N, s, as_before) < 0.95


def test_domain_flag_without_sample_n_uses_n_as_the_sample():
    out = proportion_ci(3, 9, population=12, domain=True, method="hypergeometric")
    assert out.loc[0, "ci_method"] == "hypergeometric exact, domain (N_d = 9..12 of N=12)"


def test_blaker_is_the_default_and_never_wider_than_hypergeometric():
    k = np.arange(28)
    blaker = proportion_ci(k, 27, population=35)
    tails = proportion_ci(k, 27, population=35, method="hypergeometric")
    assert blaker["ci_method"].str.startswith("hypergeometric exact Blaker").all()
    assert (blaker["ci_lower"] >= tails["ci_lower"] - 1e-12).all()
    assert (blaker["ci_upper"] <= tails["ci_upper"] + 1e-12).all()
    assert (blaker["ci_upper"] - blaker["ci_lower"]).sum() < (tails["ci_upper"] - tails["ci_lower"]).sum()


def test_default_interval_at_a_million_units_finishes_in_seconds():
    import time

    start = time.process_time()   # CPU time: the machine may be shared while the suite runs
    out = proportion_ci([600, 900], [1500, 2000], population=1_000_000, sample_n=[2000, 2000],
                        domain=[True, False])
    assert time.process_time() - start < 10
    assert "Clopper-Pearson bound beyond N_d = 3500" in out.loc[0, "ci_method"]
    assert out.loc[1, "ci_method"] == "hypergeometric exact (N=1000000)"  # Blaker over budget: tails, said
