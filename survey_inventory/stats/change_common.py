"""Building blocks shared by the change-between-waves intervals.

The change of a proportion between two waves is always ``p_to - p_from`` as a
*proportion* (a number in [-1, 1]; multiply by 100 for percentage points).
The three interval families -- paired (:mod:`.change_paired`), independent
(:mod:`.change_independent`) and partially paired (:mod:`.change_partial`) --
share what is here: the Wilson score limits of one proportion with a finite
population correction, the worst-case bounds a finite population leaves open,
argument checks and the layout of the result rows.

>>> from survey_inventory.stats.change_common import wilson_limits
>>> [round(float(x), 4) for x in wilson_limits(0, 10)]
[0.0, 0.2775]
"""
from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

from ..errors import SurveyInputError
from ._counts import check_level as _check_level

__all__ = [
    "RESULT_COLUMNS",
    "check_level",
    "check_method",
    "as_counts",
    "fpc_factor",
    "wilson_limits",
    "snap_to_population",
    "sterne_hull",
    "result_frame",
]

#: Columns of every change row (proportions, not percentages).
RESULT_COLUMNS = (
    "p_from", "p_to", "change", "ci_lower", "ci_upper", "ci_method",
    "n_paired", "n_from_only", "n_to_only",
)


def check_level(level) -> float:
    """``level`` as a float strictly between 0 and 1, else one clear error.

    Parameters
    ----------
    level : float
        Confidence level.

    Returns
    -------
    float

    Examples
    --------
    >>> check_level(0.9)
    0.9
    """
    return _check_level(level)


def check_method(method, methods) -> None:
    """One clear error when ``method`` is not one of ``methods``.

    Parameters
    ----------
    method : str
        The method asked for.
    methods : sequence of str
        The methods the function knows (an option list of :mod:`survey_inventory.options`).

    Raises
    ------
    SurveyInputError
        Naming the method asked for and, as ``expected``, the methods to
        choose from.

    Examples
    --------
    >>> check_method("mover", ("mover", "newcombe"))
    >>> check_method("wald", ("mover", "newcombe"))
    Traceback (most recent call last):
    ...
    survey_inventory.errors.SurveyInputError: unknown method 'wald' (expected mover, newcombe)
    """
    if method not in methods:
        raise SurveyInputError(f"unknown method {method!r}", expected=", ".join(methods))


def as_counts(x, name: str) -> np.ndarray:
    """``x`` as a float array of non-negative whole numbers (NaN allowed: missing).

    Parameters
    ----------
    x : array_like or None
        Counts; None means missing.
    name : str
        Argument name used in the error message.

    Returns
    -------
    numpy.ndarray

    Examples
    --------
    >>> as_counts([3, 4], "k")
    array([3., 4.])
    """
    if x is None:
        return np.array(np.nan)
    try:
        arr = np.asarray(x, dtype=float)
    except (TypeError, ValueError):
        raise SurveyInputError(f"{name} must be numeric", value=x) from None
    bad = arr < 0
    if bad.any():
        raise SurveyInputError(f"{name} must not be negative", value=float(arr[bad].flat[0]))
    bad = np.isfinite(arr) & (arr != np.round(arr))
    if bad.any():
        raise SurveyInputError(f"{name} must be whole numbers", value=float(arr[bad].flat[0]))
    return arr


def fpc_factor(n, population):
    """Finite population correction of a variance, ``(N - n) / (N - 1)``.

    1 where the population is unknown (NaN or infinite), 0 for a census
    (``n = N``, also ``N = 1``).

    Parameters
    ----------
    n, population : array_like
        Sample size and population size ``N``.

    Returns
    -------
    numpy.ndarray

    Examples
    --------
    >>> fpc_factor([9, 12, 9], [12, 12, float("nan")]).round(4).tolist()
    [0.2727, 0.0, 1.0]
    """
    n = np.asarray(n, dtype=float)
    N = np.asarray(population, dtype=float)
    known = np.isfinite(N)
    with np.errstate(invalid="ignore", divide="ignore"):
        g = np.where(known, (N - n) / np.maximum(N - 1, 1), 1.0)
    return np.clip(g, 0.0, 1.0)


def wilson_limits(k, n, population=None, level=0.95):
    """Wilson score limits for one proportion, with a finite population correction.

    Solves ``(k/n - p)^2 = z^2 g p (1 - p) / n`` for ``p``, where
    ``g = (N - n)/(N - 1)`` is the finite population correction of the
    variance (``g = 1`` without a population): the Wilson (1927) interval with
    the effective sample size ``n/g``.  A census (``n = N``) gives the point
    ``k/n``; ``n = 0`` gives NaN.

    Parameters
    ----------
    k, n : array_like
        Count and base.
    population : array_like, optional
        Population size ``N``; None/NaN/inf: unknown.
    level : float, default 0.95
        Two-sided confidence level.

    Returns
    -------
    tuple of numpy.ndarray
        ``(lower, upper)`` as proportions.

    References
    ----------
    Wilson, E. B. (1927). Probable inference, the law of succession, and
    statistical inference. *JASA* 22, 209-212.

    Examples
    --------
    Newcombe (1998, Stat Med 17:857-872, Table I) gives 0.0 to 0.2775 for 0/10:

    >>> lo, hi = wilson_limits(0, 10)
    >>> round(float(lo), 4), round(float(hi), 4)
    (0.0, 0.2775)

    With 9 of a population of 12 the interval is much narrower:

    >>> [round(float(x), 4) for x in wilson_limits(3, 9, population=12)]
    [0.1975, 0.5039]
    """
    z = stats.norm.ppf(0.5 + check_level(level) / 2)
    k = np.asarray(k, dtype=float)
    n = np.asarray(n, dtype=float)
    N = np.asarray(np.nan if population is None else population, dtype=float)
    g = fpc_factor(n, N)
    with np.errstate(invalid="ignore", divide="ignore"):
        p = k / n
        ne = n / g  # effective sample size; inf for a census
        z2n = np.where(np.isinf(ne), 0.0, z * z / ne)
        centre = (p + z2n / 2) / (1 + z2n)
        half = np.sqrt(z2n * p * (1 - p) + z2n * z2n / 4) / (1 + z2n)
        lo = np.where(n > 0, np.clip(centre - half, 0, 1), np.nan)
        hi = np.where(n > 0, np.clip(centre + half, 0, 1), np.nan)
    # exact 0 / 1 on the side of the estimate (float noise otherwise)
    lo = np.where(k == 0, 0.0, lo)
    hi = np.where(k == n, 1.0, hi)
    return lo, hi


def snap_to_population(lower, upper, population, low_bound, high_bound):
    """Clip an interval for a change to what the population allows.

    With a known population of ``N`` units the change is a multiple of
    ``1/N`` and lies within the worst-case bounds (whatever the units not
    observed answered).  Clipping to the bounds and moving each limit inward
    to the nearest multiple of ``1/N`` removes only impossible values, so it
    can never lower the coverage.

    Parameters
    ----------
    lower, upper : array_like
        Interval limits (proportions).
    population : array_like
        ``N``; NaN leaves the interval unchanged.
    low_bound, high_bound : array_like
        Worst-case bounds of the change.

    Returns
    -------
    tuple of numpy.ndarray

    Examples
    --------
    >>> lo, hi = snap_to_population(-0.31, 0.52, 12, -0.25, 0.5)
    >>> float(lo), float(hi)
    (-0.25, 0.5)
    >>> lo, hi = snap_to_population(-0.2, 0.2, 12, -1, 1)
    >>> round(float(lo) * 12), round(float(hi) * 12)
    (-2, 2)
    """
    lower = np.asarray(lower, dtype=float).copy()
    upper = np.asarray(upper, dtype=float).copy()
    N = np.broadcast_to(np.asarray(population, dtype=float), lower.shape)
    known = np.isfinite(N) & np.isfinite(lower) & np.isfinite(upper)
    if known.any():
        eps = 1e-9
        lo = np.maximum(lower, low_bound)
        hi = np.minimum(upper, high_bound)
        lo = np.ceil(lo * N - eps) / N
        hi = np.floor(hi * N + eps) / N
        lower = np.where(known, lo, lower)
        upper = np.where(known, hi, upper)
    return lower, upper


def sterne_hull(prob, change, alpha, lower=None, upper=None):
    """Smallest and largest change not rejected by a probability-ordered exact test.

    Row ``i`` of ``prob`` is the sampling distribution of the observable
    outcomes (columns) when the population is configuration ``i``, whose
    change is ``change[i]``.  For an outcome ``x`` configuration ``i`` is
    rejected when the total probability of the outcomes at most as probable
    as ``x`` is at most ``alpha`` (Sterne 1954).  The true configuration is
    rejected with probability at most ``alpha``, so the range of the changes
    of the configurations kept covers the true change with probability at
    least ``1 - alpha``.  Call it on blocks of configurations and pass the
    running ``lower``/``upper`` back in.

    Parameters
    ----------
    prob : numpy.ndarray
        Shape ``(configurations, outcomes)``; rows sum to 1.
    change : numpy.ndarray
        Shape ``(configurations,)``.
    alpha : float
        1 - confidence level.
    lower, upper : numpy.ndarray, optional
        Running limits per outcome from earlier blocks.

    Returns
    -------
    tuple of numpy.ndarray
        ``(lower, upper)`` per outcome (``inf``/``-inf`` where nothing is kept).

    References
    ----------
    Sterne, T. E. (1954). Some remarks on confidence or fiducial limits.
    *Biometrika* 41, 275-278.

    Examples
    --------
    One unit of a population of two, sampled: outcome 0 or 1 ("no"/"yes").

    >>> prob = np.array([[1.0, 0.0], [0.5, 0.5], [0.0, 1.0]])  # 0, 1 or 2 "yes" units
    >>> lo, hi = sterne_hull(prob, np.array([0.0, 0.5, 1.0]), 0.05)
    >>> lo.tolist(), hi.tolist()
    ([0.0, 0.5], [0.5, 1.0])
    """
    k = prob.shape[0]
    order = np.sort(prob, axis=1)
    cum = np.cumsum(order, axis=1)
    offset = 2.0 * np.arange(k)[:, None]  # rows apart: one search for the whole block
    pos = np.searchsorted((order + offset).ravel(), (prob * (1 + 1e-9) + offset).ravel(), side="right")
    pvalue = cum.ravel()[np.maximum(pos - 1, 0)].reshape(prob.shape)
    kept = (prob > 0) & (pvalue > alpha * (1 + 1e-9))
    ch = np.asarray(change, dtype=float)[:, None]
    lo = np.where(kept, ch, np.inf).min(axis=0)
    hi = np.where(kept, ch, -np.inf).max(axis=0)
    if lower is not None:
        lo, hi = np.minimum(lo, lower), np.maximum(hi, upper)
    return lo, hi


def result_frame(p_from, p_to, lower, upper, methods, n_paired, n_from_only, n_to_only) -> pd.DataFrame:
    """The rows every change interval returns, in :data:`RESULT_COLUMNS` order.

    Parameters
    ----------
    p_from, p_to, lower, upper : array_like
        Proportions in both waves and the interval of ``p_to - p_from``.
    methods : sequence of str
        ``ci_method`` text per row.
    n_paired, n_from_only, n_to_only : array_like
        Units in both waves, in the first only, in the second only.

    Returns
    -------
    pandas.DataFrame

    Examples
    --------
    >>> float(result_frame(0.5, 0.75, 0.0, 0.5, ["x"], 4, 0, 0).loc[0, "change"])
    0.25
    """
    p_from = np.atleast_1d(np.asarray(p_from, dtype=float))
    p_to = np.atleast_1d(np.asarray(p_to, dtype=float))
    size = max(p_from.size, p_to.size, len(methods))

    def col(x):
        return np.broadcast_to(np.atleast_1d(np.asarray(x, dtype=float)), (size,)).copy()

    frame = pd.DataFrame({
        "p_from": col(p_from),
        "p_to": col(p_to),
        "change": col(p_to) - col(p_from),
        "ci_lower": col(lower),
        "ci_upper": col(upper),
        "ci_method": list(methods) if len(methods) == size else [methods[0]] * size,
    })
    for name, values in (("n_paired", n_paired), ("n_from_only", n_from_only), ("n_to_only", n_to_only)):
        v = col(values)
        frame[name] = pd.array(np.where(np.isfinite(v), v, np.nan), dtype="Float64").round().astype("Int64")
    return frame
