"""Independent reference machinery for the tests of survey_inventory.stats: exact
enumeration of tables with fixed margins, pair counts by brute force, and a numerical
delta method -- written out here, independent of the package's formulas."""
from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
from scipy import stats

from survey_inventory.stats.unpaired import N_RESAMPLES, RESULT_COLUMNS

B = N_RESAMPLES


def mc_tol(p: float, b: int = B) -> float:
    """Four Monte Carlo standard errors (and one resample) around an exact p."""
    return 4 * math.sqrt(max(p * (1 - p), 1e-4) / b) + 2 / (b + 1)


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


# -- ordinal association: populations and their true gamma / tau-b --------------------------------
# familiarity (5 rows, very good .. very poor) x involvement (3 columns): none, moderate, strong
# association; shared by the coverage tests and benchmarks/effect_interval_coverage.py.
ORDINAL_POPULATIONS = {
    "none": np.outer([0.1, 0.3, 0.3, 0.2, 0.1], [0.2, 0.3, 0.5]),
    "moderate": np.array([[3, 2, 1], [4, 4, 2], [3, 4, 4], [2, 3, 5], [1, 2, 4]], dtype=float),
    "strong": np.array([[6, 2, 0], [5, 4, 1], [2, 5, 3], [1, 3, 6], [0, 1, 8]], dtype=float),
}


def ordinal_truth(table, measure):
    """gamma or tau-b of a probability table, its population value (tau-b with the limits 1 - sum p^2)."""
    t = np.asarray(table, dtype=float) / np.sum(table)
    ri, ci = np.meshgrid(np.arange(t.shape[0]), np.arange(t.shape[1]), indexing="ij")
    p = t.ravel()
    s = np.sign(ri.ravel()[:, None] - ri.ravel()[None, :]) * np.sign(ci.ravel()[:, None] - ci.ravel()[None, :])
    conc, disc = (p[:, None] * p[None, :] * (s > 0)).sum(), (p[:, None] * p[None, :] * (s < 0)).sum()
    if measure == "gamma":
        return (conc - disc) / (conc + disc)
    return (conc - disc) / np.sqrt((1 - (t.sum(1) ** 2).sum()) * (1 - (t.sum(0) ** 2).sum()))


def assert_no_test(func, data, phrase):
    """A table no test can be made of gives one result row of NaNs whose note holds ``phrase``,
    without a warning (a warning here is an error)."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        out = func(data)
    assert list(out.columns) == RESULT_COLUMNS and len(out) == 1
    row = out.iloc[0]
    assert np.isnan(row["p_value"]) and np.isnan(row["effect_size"]) and phrase in row["note"]
