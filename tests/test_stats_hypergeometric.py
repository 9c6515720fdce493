"""Exact hypergeometric limits: coverage by complete enumeration, against brute force."""
from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

from survey_inventory.stats.hypergeometric import (acceptability, count_limits, domain_limits)

LEVEL = 0.95
TOL = 1e-12  # floating ties: a coverage of exactly 0.95 counts as 0.95


def _brute_tails(k, n, N, alpha=1 - LEVEL):
    keep = [M for M in range(N + 1)
            if stats.hypergeom.pmf(k, N, M, n) > 0
            and stats.hypergeom.cdf(k, N, M, n) > alpha / 2 and stats.hypergeom.sf(k - 1, N, M, n) > alpha / 2]
    return min(keep), max(keep)


def _brute_blaker(k, n, N, alpha=1 - LEVEL):
    """Blaker's acceptability written out per outcome, without NumPy tricks."""
    keep = []
    for M in range(N + 1):
        pmf = [stats.hypergeom.pmf(x, N, M, n) for x in range(n + 1)]
        if pmf[k] == 0:
            continue
        tail = [min(sum(pmf[: x + 1]), sum(pmf[x:])) for x in range(n + 1)]
        gamma = sum(p for p, t in zip(pmf, tail) if t <= tail[k] * (1 + 1e-7))
        if gamma > alpha:
            keep.append(M)
    return min(keep), max(keep)


def _coverage(N, method):
    """Worst coverage over every population count M and sample size n, and mean width."""
    worst, widths = 1.0, []
    for n in range(1, N + 1):
        k = np.arange(n + 1)
        lo, hi, _ = count_limits(k, n, N, level=LEVEL, method=method)
        widths.append((hi - lo + 1).mean())
        for M in range(N + 1):
            p = stats.hypergeom.pmf(k, N, M, n)
            worst = min(worst, p[(lo <= M) & (M <= hi)].sum())
    return worst, float(np.mean(widths))


@pytest.mark.parametrize("N", [10, 12, 35])
@pytest.mark.parametrize("method", ["tails", "blaker"])
def test_coverage_is_at_least_the_level_for_every_population_count(N, method):
    worst, _ = _coverage(N, method)
    assert worst >= LEVEL - TOL


def test_blaker_is_narrower_than_tails_on_average_and_never_wider():
    # measured by enumeration (docs/methods.md): N = 35, mean counts kept over all n and k
    _, tails = _coverage(35, "tails")
    _, blaker = _coverage(35, "blaker")
    assert blaker < 0.95 * tails
    for n in (5, 9, 27):
        k = np.arange(n + 1)
        t = count_limits(k, n, 35, method="tails")
        b = count_limits(k, n, 35, method="blaker")
        assert (b.lower >= t.lower).all() and (b.upper <= t.upper).all()


@pytest.mark.parametrize("k,n,N", [(0, 9, 12), (4, 9, 12), (9, 9, 12), (12, 27, 35), (1, 6, 35), (26, 27, 35)])
def test_limits_equal_a_brute_force_inversion(k, n, N):
    t = count_limits(k, n, N, method="tails")
    assert (int(t.lower[0]), int(t.upper[0])) == _brute_tails(k, n, N)
    b = count_limits(k, n, N, method="blaker")
    assert (int(b.lower[0]), int(b.upper[0])) == _brute_blaker(k, n, N)


def test_acceptability_of_the_observed_extreme():
    # k = 0 of n = 5 from N = 10 with M = 5: only x = 0 and x = 5 are as extreme, each 1/252
    assert acceptability(0, 5, 10, 5)[0] == pytest.approx(2 / 252)


def _domain_coverage(N, s, method, max_steps=2000):
    cache = {}
    for nd in range(1, s + 1):
        lim = domain_limits(np.arange(nd + 1), nd, N - s, method=method, max_steps=max_steps)
        cache[nd] = (lim.lower, lim.upper)
    worst = 1.0
    for Nd in range(1, N + 1):
        for Md in range(Nd + 1):
            for nd in range(max(1, s - (N - Nd)), min(s, Nd) + 1):
                k = np.arange(nd + 1)
                lo, hi = cache[nd]
                p = stats.hypergeom.pmf(k, Nd, Md, nd)
                worst = min(worst, p[(lo <= Md / Nd + TOL) & (Md / Nd - TOL <= hi)].sum())
    return worst  # conditional on the domain's sample size n_d


@pytest.mark.parametrize("method", ["tails", "blaker"])
def test_domain_interval_covers_conditionally_on_the_domain_sample(method):
    assert _domain_coverage(12, 9, method) >= LEVEL - TOL


def test_domain_union_bounded_by_clopper_pearson_beyond_the_switch_still_covers():
    # switch after 3 domain sizes, so most of N_d's range is covered by the binomial bound
    assert _domain_coverage(24, 12, "tails", max_steps=3) >= LEVEL - TOL
    lim = domain_limits(3, 10, 14, max_steps=3)
    assert lim.method[0].endswith("+cp")


@pytest.mark.parametrize("n", [9, 50, 400])
def test_hypergeometric_limits_lie_inside_clopper_pearson_for_large_domains(n):
    # the binomial bound is the limit of the union: every exact interval beyond the switch lies inside it
    for k in range(0, n + 1, max(1, n // 12)):
        cp = stats.binomtest(k, n).proportion_ci(LEVEL, method="exact")
        for Nd in (n + 2001, 5 * n + 3000, 10**5):
            lo, hi, _ = count_limits(k, n, Nd, method="tails")  # Blaker lies inside tails
            assert lo[0] / Nd >= cp.low - 1e-12 and hi[0] / Nd <= cp.high + 1e-12


def test_a_million_units_outside_the_sample_take_seconds_not_hours():
    import time

    start = time.perf_counter()
    lim = domain_limits(600, 1500, 998_000)
    assert time.perf_counter() - start < 10
    assert lim.method[0] in ("blaker+cp", "tails+cp") and 0.37 < lim.lower[0] < 0.4 < lim.upper[0] < 0.43


def test_unknown_method_is_refused():
    with pytest.raises(ValueError, match="unknown method 'wang'"):
        count_limits(1, 2, 3, method="wang")
