"""Intervals for effect sizes that cover at the bases of an inventory survey (n = 9 to 50).

* :func:`ordinal_association_ci` -- Goodman-Kruskal gamma and Kendall's tau-b.
  The plain delta-method Wald interval covers only 82-89 % at n = 9-23 and
  gives no interval when gamma is +-1 (16 % of samples at n = 9). Here: the
  delta-method ASE (Agresti 2010, 7.1.4-7.1.5) of the table with one
  pseudo-respondent spread evenly over its cells (so the ASE is never 0),
  carried to Fisher's z = atanh(estimate), with a t(n - 2) quantile, and
  widened where needed to contain the reported estimate. Coverage by
  simulation (``tests/test_stats_effect_intervals.py``, larger run in
  ``benchmarks/effect_interval_coverage.py``) is at least 0.95 at n = 9-23.
* :func:`rank_biserial_ci` -- the rank-biserial correlation (Cliff's delta) of two
  groups, which is Somers' d of the 2 x c table: the same construction with
  Somers' d's delta-method ASE (Agresti 2010, 7.1.6).
* :func:`cramers_v_ci` -- Cramér's V by inverting the noncentral chi-square
  distribution of Pearson's X² (Smithson 2003): conservative at these bases
  (coverage 0.97-1.00 in simulation, groups of 4-27).
* :func:`mcnemar_difference_ci` -- the difference of two paired proportions,
  Bonett & Price's (2012) adjusted Wald interval (one pseudo-pair added to each
  discordant cell), which keeps nominal coverage at small n.
* :func:`kendalls_w_ci` -- Kendall's W of the Friedman test, as an interval for the
  population W (the limit of W as n grows, which does not depend on n): Friedman's
  chi-square taken as noncentral chi-square with k - 1 df and noncentrality
  ``n (k - 1) W``, inverted with a continuity correction of the rank sums
  (coverage 0.963-1.00 in simulation at n = 9-35, k = 2-6; at n = 100-300 down to
  0.935 for small differences between many sectors).

Each function returns ``(lower, upper, method)``; ``(nan, nan, reason)`` when
no interval can be given (fewer than 3 respondents, one row or column
category, or every respondent giving one answer to every condition).

>>> lo, hi, how = ordinal_association_ci([[3, 0], [0, 3]], "gamma")
>>> round(lo, 3), round(hi, 3)
(-0.907, 1.0)
"""
from __future__ import annotations

import math

import numpy as np
from scipy import optimize, stats

from ..errors import SurveyInputError
from ._counts import check_level
from ._ranks import rank_summary
from ._resampling import _array_2d, _table
from .association import _concordance, _gamma_and_ase, _tau_b_and_ase

__all__ = ["ordinal_association_ci", "rank_biserial_ci", "cramers_v_ci", "mcnemar_difference_ci", "kendalls_w_ci",
           "ORDINAL_CI_METHOD", "CRAMERS_V_CI_METHOD", "MCNEMAR_CI_METHOD", "KENDALLS_W_CI_METHOD"]

#: ``effect_ci_method`` of :func:`ordinal_association_ci`.
ORDINAL_CI_METHOD = "Fisher z, ASE of the table + 1 pseudo-respondent (delta method), t(n-2)"
#: ``effect_ci_method`` of :func:`cramers_v_ci`.
CRAMERS_V_CI_METHOD = "noncentral chi-square inversion (Smithson 2003)"
#: ``effect_ci_method`` of :func:`mcnemar_difference_ci`.
MCNEMAR_CI_METHOD = "adjusted Wald (Bonett & Price 2012)"
#: ``effect_ci_method`` of :func:`kendalls_w_ci`.
KENDALLS_W_CI_METHOD = "population W: noncentral chi-square inversion, rank sums continuity-corrected"

def _somers_d_and_ase(t: np.ndarray) -> tuple[float, float]:
    """Somers' d of the columns given the rows, and its ASE (Agresti 2010, 7.1.6): ``d = (P - Q)/w_r``,
    ``ASE = 2/w_r² sqrt(sum n_ij (w_r (A_ij - D_ij) - (P - Q)(n - n_i.))²)``."""
    n = float(t.sum())
    a, d = _concordance(t)
    big_p, big_q = float((t * a).sum()), float((t * d).sum())
    rows = t.sum(1)
    wr = n ** 2 - float((rows ** 2).sum())
    inside = float((t * (wr * (a - d) - (big_p - big_q) * (n - rows[:, None])) ** 2).sum())
    return (big_p - big_q) / wr, 2.0 / wr ** 2 * math.sqrt(inside)


_ESTIMATES = {"gamma": _gamma_and_ase, "tau_b": _tau_b_and_ase, "somers_d": _somers_d_and_ase}


def ordinal_association_ci(table, measure: str, *, level: float = 0.95) -> tuple[float, float, str]:
    """Interval for gamma or tau-b of an ordered r x c table that covers at small n.

    Parameters
    ----------
    table : array_like of int, shape (r, c)
        Counts, rows and columns in their scale order.
    measure : {"gamma", "tau_b"}
        The association measure.
    level : float, default 0.95
        Confidence level.

    Returns
    -------
    tuple
        ``(lower, upper, method)``; ``(nan, nan, reason)`` when none can be given.

    References
    ----------
    Agresti, A. (2010). *Analysis of Ordinal Categorical Data*, 2nd ed., sections 7.1.4-7.1.5
    (the ASEs). Fisher, R. A. (1921), the z transformation; Woods, C. M. (2007). Confidence
    intervals for gamma-family measures of ordinal association. *Psychological Methods* 12, 185-204
    (transformed intervals for gamma cover better than the plain Wald interval at small n).

    Examples
    --------
    >>> lo, hi, how = ordinal_association_ci([[4, 1, 0], [1, 2, 1], [0, 1, 3]], "tau_b")
    >>> round(lo, 3), round(hi, 3), how.startswith("Fisher z")
    (0.24, 0.875, True)
    >>> ordinal_association_ci([[3, 2]], "gamma")[2]
    'one row or column category: no interval'
    """
    if measure not in ("gamma", "tau_b"):
        raise SurveyInputError(f"measure must be 'gamma' or 'tau_b', not {measure!r}")
    return _fisher_z(table, measure, level)


def _fisher_z(table, measure, level):
    """The Fisher-z interval of ``measure`` (a key of ``_ESTIMATES``) of a table (see the module docstring)."""
    level = check_level(level)
    t = _table(table).astype(float)
    n = float(t.sum())
    t = t[t.sum(1) > 0][:, t.sum(0) > 0]
    if t.ndim != 2 or t.shape[0] < 2 or t.shape[1] < 2:
        return np.nan, np.nan, "one row or column category: no interval"
    if n < 3:
        return np.nan, np.nan, "fewer than 3 respondents: no interval"
    estimate = _ESTIMATES[measure]
    raw, _ = estimate(t)
    smooth, ase = estimate(t + 1.0 / t.size)
    smooth = min(max(smooth, -0.999999), 0.999999)
    q = float(stats.t.ppf(0.5 + level / 2, n - 2))
    z, se = math.atanh(smooth), ase / (1.0 - smooth ** 2)
    lo, hi = math.tanh(z - q * se), math.tanh(z + q * se)
    return min(lo, raw), max(hi, raw), ORDINAL_CI_METHOD


def rank_biserial_ci(table, *, level: float = 0.95) -> tuple[float, float, str]:
    """Interval for the rank-biserial correlation of a 2 x c table that covers at small groups.

    The rank-biserial correlation ``P(X > Y) - P(X < Y)`` (``X`` from the first
    row, :func:`~survey_inventory.stats.unpaired.rank_biserial`) is Somers' d
    of the columns given the rows with the rows in reverse order; its interval
    is built as in :func:`ordinal_association_ci` (one pseudo-respondent spread
    over the cells, Fisher z of the delta-method ASE, t(n - 2) quantile, widened
    to contain the estimate).

    Parameters
    ----------
    table : array_like of int, shape (2, c)
        Counts: the two groups as rows, ordered categories as columns.
    level : float, default 0.95
        Confidence level of the interval.

    Returns
    -------
    tuple
        ``(lower, upper, method)`` within [-1, 1]; ``(nan, nan, reason)`` when a group
        has no answers or every answer is in one category.

    References
    ----------
    Somers, R. H. (1962). A new asymmetric measure of association for ordinal variables.
    *American Sociological Review* 27, 799-811. Agresti, A. (2010), section 7.1.6. Cliff, N. (1993).
    Dominance statistics. *Psychological Bulletin* 114, 494-509.

    Examples
    --------
    >>> lo, hi, _ = rank_biserial_ci([[0, 1, 3], [3, 1, 0]])
    >>> round(lo, 3), round(hi, 3)
    (-0.2, 0.99)
    """
    t = _table(table)
    if t.shape[0] != 2:
        raise SurveyInputError("rank_biserial_ci needs a table of two rows (groups)")
    if (t.sum(1) == 0).any():
        return np.nan, np.nan, "a group without answers: no interval"
    return _fisher_z(t[::-1], "somers_d", level)


def _noncentrality(x2: float, df: int, q: float) -> float:
    """The noncentrality ``lam`` with ``P(X² <= x2 | df, lam) = q`` (0 if already below ``q`` at 0)."""
    def gap(lam):
        return (stats.ncx2.cdf(x2, df, lam) if lam > 0 else stats.chi2.cdf(x2, df)) - q

    if gap(0.0) <= 0:
        return 0.0
    hi = max(10.0, 4 * x2 + 50)
    while gap(hi) > 0:
        hi *= 2
    return float(optimize.brentq(gap, 1e-12, hi, xtol=1e-10))


def cramers_v_ci(table, *, level: float = 0.95) -> tuple[float, float, str]:
    """Interval for Cramér's V of an r x c table: inversion of the noncentral chi-square.

    Pearson's ``X²`` is approximately noncentral chi-square with ``df = (r-1)(c-1)``
    and noncentrality ``lam = n phi²``; the limits for ``lam`` solve
    ``P(X² <= x² | lam) = 1 - alpha/2`` and ``alpha/2`` (the lower one 0 when
    the test does not reject at ``alpha/2``), and ``V = sqrt(lam / (n (min(r, c) - 1)))``,
    at most 1. Empty rows and columns are left out, as for V itself.

    Parameters
    ----------
    table : array_like of int, shape (r, c)
        Counts: groups (types) as rows, answer codes as columns, in any order.
    level : float, default 0.95
        Confidence level.

    Returns
    -------
    tuple
        ``(lower, upper, method)``, ``0 <= lower <= upper <= 1``; ``(nan, nan, reason)``
        for a table with one non-empty row or column.

    References
    ----------
    Smithson, M. (2003). *Confidence Intervals*. Sage, chapter 4. Steiger, J. H. & Fouladi, R. T. (1997).
    Noncentrality interval estimation and the evaluation of statistical models. In *What if there were
    no significance tests?*, Erlbaum.

    Examples
    --------
    >>> lo, hi, _ = cramers_v_ci([[6, 2, 1], [2, 5, 4]])
    >>> round(lo, 3), round(hi, 3)
    (0.0, 0.897)
    """
    level = check_level(level)
    t = _table(table).astype(float)
    t = t[t.sum(1) > 0][:, t.sum(0) > 0]
    if t.ndim != 2 or t.shape[0] < 2 or t.shape[1] < 2:
        return np.nan, np.nan, "one row or column category: no interval"
    n = float(t.sum())
    expected = np.outer(t.sum(1), t.sum(0)) / n
    x2 = float(((t - expected) ** 2 / expected).sum())
    df = (t.shape[0] - 1) * (t.shape[1] - 1)
    scale = n * (min(t.shape) - 1)
    alpha = 1.0 - level
    lo, hi = _noncentrality(x2, df, 1 - alpha / 2), _noncentrality(x2, df, alpha / 2)
    return min(1.0, math.sqrt(lo / scale)), min(1.0, math.sqrt(hi / scale)), CRAMERS_V_CI_METHOD


def mcnemar_difference_ci(b: int, c: int, n: int, *, level: float = 0.95) -> tuple[float, float, str]:
    """Interval for the difference of two paired proportions, ``(b - c) / n``.

    Bonett & Price's adjusted Wald interval: with ``b~ = (b + 1)/(n + 2)`` and
    ``c~ = (c + 1)/(n + 2)``, ``b~ - c~ +- z sqrt((b~ + c~ - (b~ - c~)²)/(n + 2))``,
    clipped to [-1, 1].

    Parameters
    ----------
    b, c : int
        Pairs (1, 0) and (0, 1).
    n : int
        All complete pairs.
    level : float, default 0.95

    Returns
    -------
    tuple
        ``(lower, upper, method)``; ``(nan, nan, reason)`` for fewer than 2 pairs.

    References
    ----------
    Bonett, D. G. & Price, R. M. (2012). Adjusted Wald confidence interval for a difference of
    binomial proportions based on paired data. *J. Educ. Behav. Stat.* 37, 479-488.

    Examples
    --------
    >>> lo, hi, _ = mcnemar_difference_ci(5, 1, 20)
    >>> round(lo, 4), round(hi, 4)
    (-0.0584, 0.4221)
    """
    level = check_level(level)
    b, c, n = int(b), int(c), int(n)
    if min(b, c) < 0 or b + c > n:
        raise SurveyInputError(f"need 0 <= b, c and b + c <= n, not b={b}, c={c}, n={n}")
    if n < 2:
        return np.nan, np.nan, "fewer than 2 complete pairs: no interval"
    z = float(stats.norm.ppf(0.5 + level / 2))
    pb, pc = (b + 1) / (n + 2), (c + 1) / (n + 2)
    half = z * math.sqrt((pb + pc - (pb - pc) ** 2) / (n + 2))
    return max(-1.0, pb - pc - half), min(1.0, pb - pc + half), MCNEMAR_CI_METHOD


def kendalls_w_ci(data, *, level: float = 0.95) -> tuple[float, float, str]:
    """Interval for the population value of Kendall's W (the Friedman test's effect size).

    **What it covers.** With ``d_ij`` respondent ``i``'s within-respondent mid-rank
    of condition ``j`` minus ``(k + 1)/2``, the sample ``W = sum_j D_j² / (n S)``
    with ``D_j = sum_i d_ij`` and ``S = sum_ij d_ij² / n`` (this is
    ``chi2_F / (n (k - 1))`` with the tie correction). Its expectation depends on
    ``n`` (about ``W_pop + (1 - W_pop)/n``); the interval is for the quantity that
    does not::

        W_pop = sum_j (E d_j)² / E sum_j d_j²

    the limit of ``W`` as ``n`` grows, and the expected (tie-pooled) Spearman
    correlation of two respondents drawn at random from the population of
    respondents: 0 when no condition is ranked higher than another on average,
    1 when every respondent ranks the conditions in the same strict order.

    **How.** ``chi2_F = (k - 1) sum_j D_j² / (n S)`` is taken as noncentral
    chi-square with ``k - 1`` df and noncentrality ``lam = n (k - 1) W_pop``
    (as Pearson's X² for Cramér's V). The limits for ``lam`` solve
    ``P(X <= x_lo | lam) = 1 - alpha/2`` and ``P(X <= x_hi | lam) = alpha/2``,
    where ``x_lo`` and ``x_hi`` are ``chi2_F`` with every ``|D_j|`` made a
    quarter rank smaller (at least 0) and larger: a continuity correction of
    half the step of a rank sum, without which a sample whose rank sums are
    exactly equal gets the empty interval [0, 0] (coverage fell to 0.87 at
    ``k = 2``). The limits are divided by ``n (k - 1)``, capped at 1 and widened
    where needed to contain the sample W.

    Parameters
    ----------
    data : array_like, respondents x conditions
        Ordinal answers; a respondent with a missing value is left out, as in
        :func:`~survey_inventory.stats.paired.friedman`.
    level : float, default 0.95
        Confidence level.

    Returns
    -------
    tuple
        ``(lower, upper, method)``; ``(nan, nan, reason)`` with fewer than 2
        conditions or complete respondents, or when every respondent gives one
        answer to every condition (no ranking at all).

    References
    ----------
    Kendall, M. G. & Babington Smith, B. (1939). The problem of m rankings. *Ann. Math. Stat.* 10,
    275-287 (W and the mean Spearman correlation). Smithson, M. (2003). *Confidence Intervals*. Sage,
    chapter 4 (noncentrality intervals). Yates, F. (1934). Contingency tables involving small numbers
    and the chi-square test. *JRSS Suppl.* 1, 217-235 (the continuity correction).

    Examples
    --------
    >>> lo, hi, how = kendalls_w_ci([[1, 2, 3], [1, 3, 2], [2, 3, 3], [1, 2, 2], [2, 2, 4]])
    >>> round(lo, 3), round(hi, 3), how.startswith("population W")
    (0.0, 1.0, True)
    >>> kendalls_w_ci([[2, 2], [3, 3]])[2]
    'every respondent gave the same answer for every condition: no interval'
    """
    level = check_level(level)
    m = _array_2d(data, "data must be a 2-D numeric array (respondents x conditions)")
    m = m[~np.isnan(m).any(axis=1)]
    n, k = m.shape
    if k < 2:
        return np.nan, np.nan, "fewer than 2 conditions: no interval"
    if n < 2:
        return np.nan, np.nan, "fewer than 2 complete respondents: no interval"
    return kendalls_w_interval(rank_summary(m), level=level)


def kendalls_w_interval(summary, *, level: float = 0.95) -> tuple[float, float, str]:
    """:func:`kendalls_w_ci` from the ranks' :class:`~survey_inventory.stats._ranks.RankSummary`
    (of at least 2 complete respondents and 2 conditions): what it reads of the data, made once
    for the Friedman test and its interval."""
    level = check_level(level)
    n, k = summary.n, summary.k
    spread = summary.squares / n
    if spread <= 1e-12:
        return np.nan, np.nan, "every respondent gave the same answer for every condition: no interval"
    sums = np.abs(summary.rank_sums - n * (k + 1) / 2.0)   # |sum_i d_ij|: exact, as every term is
    scale = n * (k - 1)

    def chi2(dev):
        return (k - 1) * float((dev ** 2).sum()) / (n * spread)

    alpha = 1.0 - level
    w = chi2(sums) / scale
    lo = _noncentrality(chi2(np.maximum(sums - 0.25, 0.0)), k - 1, 1 - alpha / 2) / scale
    hi = _noncentrality(chi2(sums + 0.25), k - 1, alpha / 2) / scale
    return min(lo, w, 1.0), min(1.0, max(hi, w)), KENDALLS_W_CI_METHOD
