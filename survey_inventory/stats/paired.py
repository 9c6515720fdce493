"""Tests of paired answers: the same respondents answer for k conditions (sectors).

* :func:`friedman` -- do k related ordinal samples differ in location? (Kendall's W);
* :func:`cochran_q` -- do k related proportions (0/1 answers) differ? (eta² of Q);
* :func:`wilcoxon_signed_rank` -- two related ordinal samples, exact with ties;
* :func:`mcnemar_exact` -- two related proportions, exact binomial.

Data are respondents x conditions (or two paired arrays); respondents with a
missing value are left out (complete cases). Every test returns a one-row
:class:`pandas.DataFrame` with the columns of :data:`RESULT_COLUMNS`, never raises
for a degenerate case, and gives that row ``NaN`` numbers and a note saying why.
Permutation p-values shuffle each respondent's answers over the conditions
(``numpy.random.default_rng(seed)``) and are ``(1 + #{T* >= T})/(1 + B)``.

>>> from survey_inventory.stats.paired import mcnemar_exact
>>> mcnemar_exact([1, 1, 1, 0], [0, 0, 0, 0])[["test", "p_value", "p_method"]]
              test  p_value        p_method
0  McNemar (exact)     0.25  exact binomial
"""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
from scipy import stats

from ..errors import SurveyInputError
from ._ranks import rank_summary
from .effect_intervals import kendalls_w_interval, mcnemar_difference_ci
from ._resampling import (
    MAX_EXACT_N, N_RESAMPLES, RESULT_COLUMNS, SEED, _array_2d, _check_resamples, _mc_label, _mc_p, _record,
    _result,
)

__all__ = ["RESULT_COLUMNS", "SEED", "N_RESAMPLES", "MAX_EXACT_N",
           "friedman", "cochran_q", "wilcoxon_signed_rank", "mcnemar_exact"]


def _permuted_rows(m: np.ndarray, n_resamples: int, seed, stat, batch: int = 2000) -> np.ndarray:
    """``stat`` of ``n_resamples`` copies of ``m`` with each row permuted at random."""
    rng = np.random.default_rng(seed)
    out = []
    done = 0
    while done < n_resamples:
        size = min(batch, n_resamples - done)
        perm = rng.permuted(np.broadcast_to(m, (size,) + m.shape), axis=2)
        out.append(stat(perm))
        done += size
    return np.concatenate(out)


def friedman(data, *, method: str = "auto", n_resamples: int = N_RESAMPLES, seed=SEED,
             max_exact_n: int = MAX_EXACT_N, level: float = 0.95) -> pd.DataFrame:
    """Friedman test: do k related samples (sectors) differ in location? With Kendall's W.

    ``data`` is respondents x conditions; rows with a missing value are dropped
    (complete cases). Within each row the values are ranked (mid-ranks for
    ties); with ``R_j`` the rank sum of condition ``j``::

        chi2_F = (12/(n k (k+1)) sum R_j² - 3 n (k+1)) / (1 - sum(t³ - t)/(n k (k² - 1)))

    (the denominator corrects for ties, as ``scipy.stats.friedmanchisquare``).
    Kendall's ``W = chi2_F / (n (k - 1))``, with an interval for its population
    value (the limit as ``n`` grows;
    :func:`~survey_inventory.stats.effect_intervals.kendalls_w_ci`).

    ``method``: ``"permutation"`` (each respondent's answers shuffled over the
    conditions, ``n_resamples`` times: the randomisation distribution of the
    statistic), ``"asymptotic"`` (chi-square with ``k - 1`` df), or ``"auto"``
    (permutation up to ``max_exact_n`` respondents).

    Parameters
    ----------
    data : array_like, respondents x conditions
    method : {"auto", "permutation", "asymptotic"}, default "auto"
    n_resamples : int, default 9999
        Random within-respondent permutations.
    seed : int or numpy Generator, default 2025
    max_exact_n : int, default 300
        Up to this many respondents "auto" means permutation.
    level : float, default 0.95
        Confidence level of the interval of W.

    Returns
    -------
    DataFrame
        One row, :data:`RESULT_COLUMNS`; the effect size is Kendall's W.

    References
    ----------
    Friedman, M. (1937). The use of ranks to avoid the assumption of normality
    implicit in the analysis of variance. *JASA* 32, 675-701.
    Kendall, M. G. & Babington Smith, B. (1939). The problem of m rankings.
    *Annals of Mathematical Statistics* 10, 275-287.

    Examples
    --------
    >>> data = [[1, 2, 3], [1, 3, 2], [2, 3, 3], [1, 2, 2], [2, 2, 4]]
    >>> friedman(data, method="asymptotic")[["statistic", "df", "p_value", "effect_size"]].round(4)
       statistic   df  p_value  effect_size
    0     7.4118  2.0   0.0246       0.7412
    """
    m = _array_2d(data, "data must be a 2-D numeric array (respondents x conditions)")
    name = "Friedman"
    complete = ~np.isnan(m).any(axis=1)
    n, k = int(complete.sum()), m.shape[1]
    if k < 2:
        return _result(name, n=n, effect_name="Kendall's W", note="fewer than 2 conditions: no test")
    if n < 2:
        return _result(name, n=n, effect_name="Kendall's W", note="fewer than 2 complete respondents: no test")
    summary = rank_summary(m, complete)                       # a block of rows at a time (issue 17)
    correction = 1.0 - summary.ties / (n * k * (k * k - 1))
    if correction <= 1e-12:
        return _result(name, n=n, df=k - 1, effect_name="Kendall's W",
                       note="every respondent gave the same answer for every condition: no test")

    def chi2(r):
        sums = r.sum(axis=-2)
        return (12.0 / (n * k * (k + 1)) * (sums ** 2).sum(-1) - 3.0 * n * (k + 1)) / correction

    statistic = float(chi2(summary.rank_sums[None, :]))
    # the permutations shuffle each respondent's ranks: only they need the whole rank matrix
    p, label = _within_respondent_p(statistic, (n, k), lambda: stats.rankdata(m[complete], axis=1), chi2, method,
                                    max_exact_n, n_resamples, seed)
    lo, hi, how = kendalls_w_interval(summary, level=level)
    return _result(name, statistic=statistic, df=k - 1, p_value=p, p_method=label,
                   effect_size=statistic / (n * (k - 1)), effect_name="Kendall's W", n=n,
                   effect_ci_lower=lo, effect_ci_upper=hi, effect_ci_method="" if np.isnan(lo) else how,
                   note=how if np.isnan(lo) else "")


def _within_respondent_p(statistic, shape, matrix, stat, method, max_exact_n, n_resamples, seed) -> tuple[float, str]:
    """p-value and its label of a statistic of k conditions that is chi-square with
    ``k - 1`` df under the null: permutation (``stat`` of the n x k matrix ``matrix()``
    with each respondent's row shuffled) or asymptotic, as ``method`` and ``max_exact_n`` say."""
    n, k = shape
    if _paired_method(method, n, max_exact_n) == "asymptotic":
        return float(stats.chi2.sf(statistic, k - 1)), f"asymptotic chi-square ({k - 1} df)"
    b = _check_resamples(n_resamples)
    return (_mc_p(statistic, _permuted_rows(matrix(), b, seed, stat)),
            _mc_label(b, seed, "within-respondent permutations"))


def _paired_method(method, n, max_exact_n) -> str:
    if method not in ("auto", "permutation", "asymptotic"):
        raise SurveyInputError(f"unknown method {method!r}; choose auto, permutation or asymptotic")
    if method == "auto":
        return "permutation" if n <= max_exact_n else "asymptotic"
    return method


def cochran_q(data, *, method: str = "auto", n_resamples: int = N_RESAMPLES, seed=SEED,
              max_exact_n: int = MAX_EXACT_N) -> pd.DataFrame:
    """Cochran's Q test: do k related proportions (0/1 answers per sector) differ?

    ``data`` is respondents x conditions of 0/1; rows with a missing value are
    dropped (complete cases). With column totals ``C_j``, row totals ``R_i`` and
    total ``T``::

        Q = (k - 1) (k sum C_j² - T²) / (k T - sum R_i²)

    Effect size ``eta²_Q = Q / (n (k - 1))`` (Serlin, Carr & Marascuilo 1982).
    ``method`` as in :func:`friedman` (the permutation shuffles each
    respondent's 0/1 answers over the conditions).

    Parameters
    ----------
    data : array_like, respondents x conditions of 0/1
    method, n_resamples, seed, max_exact_n
        As in :func:`friedman`.

    Returns
    -------
    DataFrame
        One row, :data:`RESULT_COLUMNS`; the effect size is eta² of Q.

    References
    ----------
    Cochran, W. G. (1950). The comparison of percentages in matched samples.
    *Biometrika* 37, 256-266.
    Serlin, R. C., Carr, J. & Marascuilo, L. A. (1982). A measure of association
    for selected nonparametric procedures. *Psychological Bulletin* 92, 786-790.

    Examples
    --------
    >>> data = [[1, 1, 0], [1, 0, 0], [1, 1, 0], [0, 0, 0], [1, 0, 1], [1, 1, 0]]
    >>> cochran_q(data, method="asymptotic")[["statistic", "df", "p_value"]].round(4)
       statistic   df  p_value
    0        4.8  2.0   0.0907
    """
    m = _array_2d(data, "data must be a 2-D numeric array (respondents x conditions)")
    name = "Cochran's Q"
    m = m[~np.isnan(m).any(axis=1)]
    n, k = m.shape
    if m.size and not np.isin(m, (0.0, 1.0)).all():
        raise SurveyInputError("cochran_q needs 0/1 answers")
    if k < 2:
        return _result(name, n=n, effect_name="eta² (Q)", note="fewer than 2 conditions: no test")
    if n < 2:
        return _result(name, n=n, effect_name="eta² (Q)", note="fewer than 2 complete respondents: no test")
    rows = m.sum(1)
    total = rows.sum()
    denom = k * total - (rows ** 2).sum()
    if denom <= 0:
        return _result(name, n=n, df=k - 1, effect_name="eta² (Q)",
                       note="every respondent answered the same for every condition: no test")

    def q(x):
        cols = x.sum(axis=-2)
        return (k - 1) * (k * (cols ** 2).sum(-1) - total ** 2) / denom

    statistic = float(q(m))
    p, label = _within_respondent_p(statistic, m.shape, lambda: m, q, method, max_exact_n, n_resamples, seed)
    return _result(name, statistic=statistic, df=k - 1, p_value=p, p_method=label,
                   effect_size=statistic / (n * (k - 1)), effect_name="eta² (Q)", n=n)


def _pairs_of(x, y, name):
    try:
        x = np.asarray(x, dtype=float).ravel()
        y = np.asarray(y, dtype=float).ravel()
    except (TypeError, ValueError):
        raise SurveyInputError(f"{name} needs two numeric arrays") from None
    if x.shape != y.shape:
        raise SurveyInputError(f"{name} needs two arrays of the same length", value=(x.size, y.size))
    keep = ~(np.isnan(x) | np.isnan(y))
    return x[keep], y[keep]


def _signed_rank_exact(doubled_ranks: np.ndarray, observed2: int) -> float:
    """Exact two-sided p of the signed-rank statistic: every sign pattern equally
    likely; ``doubled_ranks`` are 2 x (mid-)ranks (integers), ``observed2`` is 2 T+."""
    total = int(doubled_ranks.sum())
    dist = np.zeros(total + 1)
    dist[0] = 1.0
    for a in doubled_ranks:
        a = int(a)
        shifted = np.zeros_like(dist)
        shifted[a:] = dist[: total + 1 - a]
        dist = 0.5 * (dist + shifted)
    values = np.arange(total + 1)
    dev = np.abs(2 * values - total)
    return float(min(1.0, dist[dev >= abs(2 * observed2 - total)].sum()))


def wilcoxon_signed_rank(x, y, *, max_exact_n: int = MAX_EXACT_N) -> pd.DataFrame:
    """Wilcoxon signed-rank test of paired ordinal answers, exact, with the matched-pairs rank-biserial correlation.

    Differences ``d = x - y`` of zero are dropped (Wilcoxon's convention); the
    others are ranked by ``|d|`` with mid-ranks for ties. ``statistic`` is the
    smaller of the rank sums of positive and negative differences (as
    ``scipy.stats.wilcoxon``). The p-value is exact (every sign pattern of the
    non-zero differences equally likely, *with* the tied mid-ranks: computed by
    dynamic programming) up to ``max_exact_n`` non-zero differences, else the
    normal approximation with tie correction. Pairs with a missing value are
    dropped. Effect size: ``r = (T+ - T-)/(T+ + T-)`` (Kerby 2014); positive
    when ``x`` tends to be larger.

    Parameters
    ----------
    x, y : array_like
        Paired ordinal answers (the same respondents), ``NaN`` for a missing one.
    max_exact_n : int, default 300
        Up to this many non-zero differences the p-value is exact.

    Returns
    -------
    DataFrame
        One row, :data:`RESULT_COLUMNS`; ``statistic`` is the smaller rank sum.

    References
    ----------
    Wilcoxon, F. (1945). Individual comparisons by ranking methods. *Biometrics
    Bulletin* 1, 80-83.
    Kerby, D. S. (2014). The simple difference formula: an approach to teaching
    nonparametric correlation. *Comprehensive Psychology* 3, 11.IT.3.1.

    Examples
    --------
    >>> out = wilcoxon_signed_rank([1, 2, 2, 3, 1, 2, 4, 3], [2, 3, 4, 3, 3, 4, 4, 5])
    >>> out[["statistic", "p_value", "effect_size"]].round(4)
       statistic  p_value  effect_size
    0        0.0   0.0312         -1.0
    """
    x, y = _pairs_of(x, y, "wilcoxon_signed_rank")
    return pd.DataFrame([_wilcoxon_record(x, y, max_exact_n)], columns=RESULT_COLUMNS)


_WILCOXON = "Wilcoxon signed-rank"
_RANK_BISERIAL = "matched-pairs rank-biserial correlation"


def _wilcoxon_record(x: np.ndarray, y: np.ndarray, max_exact_n: int) -> dict:
    """:func:`wilcoxon_signed_rank`'s result as a dict, of complete pairs ``x``, ``y``."""
    n = x.size
    d = x - y
    d = d[d != 0]
    m = d.size
    if n < 2:
        return _record(_WILCOXON, n=n, effect_name=_RANK_BISERIAL, note="fewer than 2 complete pairs: no test")
    if m == 0:
        return _record(_WILCOXON, n=n, effect_name=_RANK_BISERIAL,
                       note="no respondent answers differently for the two: no test")
    ranks = stats.rankdata(np.abs(d))
    t_plus = float(ranks[d > 0].sum())
    t_minus = float(ranks[d < 0].sum())
    if m <= max_exact_n:
        p = _signed_rank_exact(np.round(2 * ranks).astype(np.int64), int(round(2 * t_plus)))
        how = "exact (with ties)"
    else:
        _, counts = np.unique(np.abs(d), return_counts=True)
        p, how = _signed_rank_normal(t_plus, m, counts)
    return _wilcoxon_values(t_plus, t_minus, p, how, n, m)


def _signed_rank_normal(t_plus: float, m: int, tie_counts: np.ndarray) -> tuple[float, str]:
    """Two-sided p of the signed-rank statistic by the normal approximation with tie correction,
    ``tie_counts`` the number of non-zero differences of each distinct size (int64)."""
    var = m * (m + 1) * (2 * m + 1) / 24.0 - (tie_counts ** 3 - tie_counts).sum() / 48.0
    z = (t_plus - m * (m + 1) / 4.0) / math.sqrt(var)
    return float(2 * stats.norm.sf(abs(z))), "normal approximation (tie-corrected)"


def _wilcoxon_values(t_plus: float, t_minus: float, p: float, how: str, n: int, m: int) -> dict:
    note = "" if m == n else f"{n - m} pair(s) with equal answers left out"
    return _record(_WILCOXON, statistic=min(t_plus, t_minus), p_value=p, p_method=how,
                   effect_size=(t_plus - t_minus) / (t_plus + t_minus), effect_name=_RANK_BISERIAL, n=n, note=note)


def mcnemar_exact(x, y, *, level: float = 0.95) -> pd.DataFrame:
    """Exact McNemar test of paired 0/1 answers, with the difference in proportions.

    With ``b`` pairs (1, 0) and ``c`` pairs (0, 1) the two-sided p-value is
    ``min(1, 2 P(B <= min(b, c)))`` for ``B ~ Binomial(b + c, 1/2)`` (as
    ``statsmodels.stats.contingency_tables.mcnemar(exact=True)``).
    ``statistic`` is McNemar's ``(b - c)² / (b + c)`` (for reference; the
    p-value is exact). Effect size: ``p_x - p_y = (b - c)/n``, with Bonett &
    Price's adjusted Wald interval
    (:func:`~survey_inventory.stats.effect_intervals.mcnemar_difference_ci`).
    Pairs with a missing value are dropped.

    Parameters
    ----------
    x, y : array_like of 0/1
        Paired answers (the same respondents), ``NaN`` for a missing one.
    level : float, default 0.95
        Confidence level of the interval of the difference.

    Returns
    -------
    DataFrame
        One row, :data:`RESULT_COLUMNS`; ``statistic`` is McNemar's chi-square.

    References
    ----------
    McNemar, Q. (1947). Note on the sampling error of the difference between
    correlated proportions or percentages. *Psychometrika* 12, 153-157.

    Examples
    --------
    >>> mcnemar_exact([1, 1, 1, 1, 1, 0, 0, 1], [0, 0, 0, 0, 1, 0, 0, 1])[["p_value", "effect_size"]]
       p_value  effect_size
    0    0.125          0.5
    """
    x, y = _pairs_of(x, y, "mcnemar_exact")
    if not (np.isin(x, (0.0, 1.0)).all() and np.isin(y, (0.0, 1.0)).all()):
        raise SurveyInputError("mcnemar_exact needs 0/1 answers")
    b = int(((x == 1) & (y == 0)).sum())
    c = int(((x == 0) & (y == 1)).sum())
    return pd.DataFrame([_mcnemar_record(b, c, x.size, level)], columns=RESULT_COLUMNS)


def _mcnemar_record(b: int, c: int, n: int, level: float) -> dict:
    """:func:`mcnemar_exact`'s result as a dict, from the discordant counts ``b``, ``c`` of ``n`` pairs."""
    name = "McNemar (exact)"
    eff = "difference in proportions"
    if n < 2:
        return _record(name, n=n, effect_name=eff, note="fewer than 2 complete pairs: no test")
    lo, hi, how = mcnemar_difference_ci(b, c, n, level=level)
    ci = dict(effect_ci_lower=lo, effect_ci_upper=hi, effect_ci_method=how)
    if b + c == 0:
        return _record(name, n=n, effect_name=eff, effect_size=0.0, **ci,
                       note="no respondent answers differently for the two: no test")
    p = min(1.0, 2.0 * float(stats.binom.cdf(min(b, c), b + c, 0.5)))
    return _record(name, statistic=(b - c) ** 2 / (b + c), df=1, p_value=p, p_method="exact binomial",
                   effect_size=(b - c) / n, effect_name=eff, n=n, **ci)
