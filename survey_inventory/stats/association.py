"""Association of two ordinal variables: Goodman-Kruskal gamma and Kendall's tau-b.

Both are built on the concordant and discordant pairs of an r x c table with
ordered rows and columns, counted once by :func:`_concordance` (for each cell
the counts in the cells concordant and discordant with it). Both come with an
asymptotic standard error (the delta method under multinomial sampling;
Agresti 2010, chapter 7) and the same p-value: a test of ``S = concordant -
discordant = 0`` conditional on the margins (Monte Carlo, or Kendall's
tie-corrected normal approximation for large tables).

Every function returns a one-row :class:`pandas.DataFrame` with the columns of
:data:`RESULT_COLUMNS`; a degenerate table (``n < 2``, one row or column
category) gives ``NaN`` and a note.

>>> from survey_inventory.stats.association import goodman_kruskal_gamma
>>> goodman_kruskal_gamma([[2, 3], [4, 1]])[["test", "effect_size"]].round(4)
                    test  effect_size
0  Goodman-Kruskal gamma      -0.7143
"""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
from scipy import stats

from ..errors import SurveyInputError

from ._resampling import (
    MAX_EXACT_N, N_RESAMPLES, RESULT_COLUMNS, SEED, _check_resamples, _drop_empty, _mc_label, _mc_p,
    _random_tables, _result, _table, _z,
)

__all__ = ["RESULT_COLUMNS", "SEED", "N_RESAMPLES", "MAX_EXACT_N", "ORDINAL_CI_METHODS", "goodman_kruskal_gamma",
           "kendall_tau_b"]


def _strictly_before(t: np.ndarray) -> np.ndarray:
    """For table(s) t (..., r, c): at (i, j) the count in the cells (k, l) with k < i and l < j."""
    out = np.zeros_like(t)
    out[..., 1:, 1:] = t.cumsum(-2).cumsum(-1)[..., :-1, :-1]
    return out


def _concordance(t) -> tuple[np.ndarray, np.ndarray]:
    """``A_ij`` (the count in cells concordant with cell (i, j): both categories higher,
    or both lower) and ``D_ij`` (discordant: one higher, the other lower), as in Agresti
    (2010, chapter 7), for a table or a stack of tables (..., r, c).

    ``P = sum n_ij A_ij`` and ``Q = sum n_ij D_ij`` count every concordant and
    discordant pair twice; gamma, tau-b and the test of ``S = (P - Q)/2`` all use them.
    """
    t = np.asarray(t, dtype=float)
    up_left = _strictly_before(t)
    down_right = _strictly_before(t[..., ::-1, ::-1])[..., ::-1, ::-1]
    down_left = _strictly_before(t[..., ::-1, :])[..., ::-1, :]
    up_right = _strictly_before(t[..., :, ::-1])[..., :, ::-1]
    return up_left + down_right, down_left + up_right


def _p_and_q(t) -> tuple:
    """``P`` and ``Q``: twice the concordant and twice the discordant pairs of table(s) t."""
    t = np.asarray(t, dtype=float)
    a, d = _concordance(t)
    return (t * a).sum((-2, -1)), (t * d).sum((-2, -1))


def _kendall_s_test(t: np.ndarray, n_resamples, seed, max_exact_n):
    """p-value of S = concordant - discordant pairs (independence), shared by gamma and tau-b."""
    big_p, big_q = _p_and_q(t)
    s = float(big_p - big_q) / 2
    n = int(t.sum())
    if n <= max_exact_n:
        b = _check_resamples(n_resamples)
        sims = _random_tables(t, b, seed)
        p2, q2 = _p_and_q(sims)
        return _mc_p(abs(s), np.abs(p2 - q2) / 2), _mc_label(b, seed)
    # Kendall's null variance of S with ties in both variables (as scipy.stats.kendalltau)
    ti, tj = t.sum(1), t.sum(0)

    def part(x, f):
        return float((x * (x - 1) * f(x)).sum())

    v0 = n * (n - 1) * (2 * n + 5)
    var = ((v0 - part(ti, lambda x: 2 * x + 5) - part(tj, lambda x: 2 * x + 5)) / 18.0
           + part(ti, lambda x: x - 2) * part(tj, lambda x: x - 2) / (9.0 * n * (n - 1) * (n - 2))
           + part(ti, lambda x: 1) * part(tj, lambda x: 1) / (2.0 * n * (n - 1)))
    return float(2 * stats.norm.sf(abs(s) / math.sqrt(var))), "asymptotic normal (Kendall's S, tie-corrected)"


def _ordinal_setup(table, name, eff):
    t = _table(table)
    n = int(t.sum())
    t2, _, _ = _drop_empty(t)
    if n < 2:
        return t, None, _result(name, n=n, effect_name=eff, note="fewer than 2 respondents: no estimate")
    if t2.shape[0] < 2 or t2.shape[1] < 2:
        which = "row" if t2.shape[0] < 2 else "column"
        return t, None, _result(name, n=n, effect_name=eff,
                                note=f"every respondent in the same {which} category: no estimate")
    return t, t2, None


def _gamma_and_ase(t: np.ndarray) -> tuple[float, float]:
    """Gamma and its ASE (Agresti 2010, 7.1.4) of a float table with 2+ rows and columns."""
    a, d = _concordance(t)
    big_p, big_q = float((t * a).sum()), float((t * d).sum())
    gamma = (big_p - big_q) / (big_p + big_q)
    return gamma, 4.0 / (big_p + big_q) ** 2 * math.sqrt(float((t * (big_q * a - big_p * d) ** 2).sum()))


def _tau_b_and_ase(t: np.ndarray) -> tuple[float, float]:
    """Tau-b and its ASE (Agresti 2010, 7.1.5) of a float table with 2+ rows and columns."""
    n = float(t.sum())
    a, d = _concordance(t)
    big_p, big_q = float((t * a).sum()), float((t * d).sum())
    rows, cols = t.sum(1), t.sum(0)
    wr, wc = n ** 2 - (rows ** 2).sum(), n ** 2 - (cols ** 2).sum()
    w = math.sqrt(wr * wc)
    tau = (big_p - big_q) / w
    v = rows[:, None] * wc + cols[None, :] * wr
    inside = float((t * (2 * w * (a - d) + tau * v) ** 2).sum() - n ** 3 * tau ** 2 * (wr + wc) ** 2)
    return tau, math.sqrt(max(inside, 0.0)) / w ** 2


#: Interval methods of gamma and tau-b: ``fisher-z`` (default; covers at n >= 9, see
#: :mod:`survey_inventory.stats.effect_intervals`) and ``wald`` (the plain delta-method interval).
ORDINAL_CI_METHODS = ("fisher-z", "wald")


def _ordinal_measure(table, name, eff, estimate, no_interval, level, n_resamples, seed, max_exact_n,
                     ci_method="fisher-z"):
    """The result row of gamma or tau-b: ``estimate(t)`` gives (value, ASE); the interval
    (Fisher z, or Wald clipped to [-1, 1]) and the test of S are common to both."""
    if ci_method not in ORDINAL_CI_METHODS:
        raise SurveyInputError(f"ci_method must be one of {', '.join(ORDINAL_CI_METHODS)}, not {ci_method!r}")
    z = _z(level)
    t, t2, bad = _ordinal_setup(table, name, eff)
    if bad is not None:
        return bad
    value, ase = estimate(t.astype(float))
    p, how = _kendall_s_test(t2, n_resamples, seed, max_exact_n)
    note = ""
    lo = hi = np.nan
    method = ""
    if ci_method == "fisher-z":
        from .effect_intervals import ordinal_association_ci  # it builds on this module's ASEs

        lo, hi, method = ordinal_association_ci(t, "gamma" if estimate is _gamma_and_ase else "tau_b", level=level)
        if np.isnan(lo):
            note, method = method, ""
    elif ase > 0:
        lo, hi = max(-1.0, value - z * ase), min(1.0, value + z * ase)
        method = "Wald, ASE (delta method; Agresti 2010)"
    else:
        note = no_interval
    return _result(name, statistic=value, p_value=p, p_method=how, effect_size=value, effect_name=eff,
                   effect_ci_lower=lo, effect_ci_upper=hi, effect_ci_method=method, n=int(t.sum()), note=note)


def goodman_kruskal_gamma(table, *, level: float = 0.95, n_resamples: int = N_RESAMPLES, seed=SEED,
                          max_exact_n: int = MAX_EXACT_N, ci_method: str = "fisher-z") -> pd.DataFrame:
    """Goodman-Kruskal gamma of an r x c table with ordered rows and columns, with a confidence interval.

    With ``A_ij`` the counts in cells concordant with cell (i, j) (both
    categories higher, or both lower) and ``D_ij`` those discordant,
    ``P = sum n_ij A_ij`` and ``Q = sum n_ij D_ij`` (each pair counted twice)::

        gamma = (P - Q) / (P + Q)
        ASE   = 4 / (P + Q)² sqrt(sum n_ij (Q A_ij - P D_ij)²)

    ``ci_method="wald"`` gives ``gamma ± z ASE`` clipped to [-1, 1] (the delta
    method under multinomial sampling; Agresti 2010, chapter 7): it covers only
    82-89 % at n = 9-23, and at ``|gamma| = 1`` the ASE is 0 and no interval is
    given. The default ``"fisher-z"`` carries the ASE of the table plus one
    pseudo-respondent to Fisher's z with a t(n - 2) quantile
    (:func:`~survey_inventory.stats.effect_intervals.ordinal_association_ci`):
    coverage >= 0.95 at n >= 9 in simulation, and always an interval. The p-value tests
    independence through ``S = (P - Q)/2``, conditional on the margins: Monte
    Carlo up to ``max_exact_n`` respondents, else Kendall's normal
    approximation (the same p as :func:`kendall_tau_b`).

    Parameters
    ----------
    table : array_like, r x c
        Counts; rows and columns in their order.
    level : float, default 0.95
        Confidence level of the interval.
    n_resamples : int, default 9999
        Random tables (with the observed margins) for the Monte Carlo p-value.
    seed : int or numpy Generator, default 2025
    max_exact_n : int, default 300
        Up to this many respondents the p-value is Monte Carlo, above it asymptotic.
    ci_method : {"fisher-z", "wald"}, default "fisher-z"
        The interval (see above).

    Returns
    -------
    DataFrame
        One row, :data:`RESULT_COLUMNS`; ``statistic`` and ``effect_size`` are gamma.

    References
    ----------
    Goodman, L. A. & Kruskal, W. H. (1954, 1963). Measures of association for
    cross classifications. *JASA* 49, 732-764; 58, 310-364.
    Agresti, A. (2010). *Analysis of Ordinal Categorical Data*, 2nd ed., Wiley, chapter 7.

    Examples
    --------
    >>> out = goodman_kruskal_gamma([[5, 2, 0], [2, 3, 1], [0, 2, 4]], ci_method="wald")
    >>> out[["effect_size", "effect_ci_lower", "effect_ci_upper"]].round(4)
       effect_size  effect_ci_lower  effect_ci_upper
    0       0.8667           0.6857              1.0
    """
    return _ordinal_measure(table, "Goodman-Kruskal gamma", "gamma", _gamma_and_ase,
                            "all untied pairs concordant (or all discordant): ASE 0, no interval",
                            level, n_resamples, seed, max_exact_n, ci_method)


def kendall_tau_b(table, *, level: float = 0.95, n_resamples: int = N_RESAMPLES, seed=SEED,
                  max_exact_n: int = MAX_EXACT_N, ci_method: str = "fisher-z") -> pd.DataFrame:
    """Kendall's tau-b of an r x c table with ordered rows and columns, with a confidence interval.

    With ``P``, ``Q``, ``A_ij``, ``D_ij`` as in :func:`goodman_kruskal_gamma`,
    ``w_r = n² - sum n_i.²``, ``w_c = n² - sum n_.j²``, ``w = sqrt(w_r w_c)``::

        tau_b = (P - Q) / w
        ASE   = 1/w² sqrt(sum n_ij (2 w d_ij + tau_b v_ij)² - n³ tau_b² (w_r + w_c)²)

    with ``d_ij = A_ij - D_ij`` and ``v_ij = n_i. w_c + n_.j w_r`` (Agresti
    2010, chapter 7); ``ci_method="wald"``: ``tau_b ± z ASE`` clipped to
    [-1, 1]; default ``"fisher-z"`` as for gamma.
    p-value as for gamma (both test ``S = 0``).

    Parameters
    ----------
    table, level, n_resamples, seed, max_exact_n, ci_method
        As in :func:`goodman_kruskal_gamma`.

    Returns
    -------
    DataFrame
        One row, :data:`RESULT_COLUMNS`; ``statistic`` and ``effect_size`` are tau-b.

    References
    ----------
    Kendall, M. G. (1945). The treatment of ties in ranking problems.
    *Biometrika* 33, 239-251.
    Agresti, A. (2010). *Analysis of Ordinal Categorical Data*, 2nd ed., Wiley, chapter 7.

    Examples
    --------
    >>> row = kendall_tau_b([[5, 2, 0], [2, 3, 1], [0, 2, 4]], ci_method="wald").iloc[0]
    >>> [round(float(row[c]), 4) for c in ("effect_size", "effect_ci_lower", "effect_ci_upper")]
    [0.6527, 0.438, 0.8674]
    """
    return _ordinal_measure(table, "Kendall tau-b", "tau-b", _tau_b_and_ase, "ASE 0 (a perfect ordering): no interval",
                            level, n_resamples, seed, max_exact_n, ci_method)

