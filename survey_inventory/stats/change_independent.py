"""Change of a proportion between two independent samples (waves not linked).

Where the respondents of two waves cannot be linked (anonymous answers, other
units), the two proportions are independent.  The interval for
``p_to - p_from`` is Newcombe's (1998) hybrid score interval, method 10 of his
comparison of eleven methods: the Wilson limits of each proportion combined by
"square and add".  With a known population each Wilson interval carries the
finite population correction, and the result is clipped to what the
population allows.  ``method="exact"`` instead combines two exact
hypergeometric intervals at level ``sqrt(level)`` each, which guarantees the
coverage for a finite population at any base.

>>> from survey_inventory.stats.change_independent import independent_difference_ci
>>> row = independent_difference_ci(48, 80, 56, 70).iloc[0]
>>> [round(float(x), 4) for x in (row.change, row.ci_lower, row.ci_upper)]
[0.2, 0.0524, 0.3339]
"""
from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

from ..errors import SurveyInputError
from .change_common import as_counts, check_level, result_frame, snap_to_population, wilson_limits

__all__ = ["INDEPENDENT_METHODS", "independent_difference_ci", "hypergeometric_limits"]

#: Methods accepted by :func:`independent_difference_ci`.
INDEPENDENT_METHODS = ("auto", "newcombe", "exact")


def hypergeometric_limits(k: int, n: int, population: int, level: float = 0.95) -> tuple[float, float]:
    """Exact confidence limits for ``M/N`` from ``k`` of ``n`` sampled out of ``N``.

    Every population count ``M`` not rejected by either one-sided
    hypergeometric test at ``(1 - level)/2`` is kept (the Clopper-Pearson
    construction with the hypergeometric distribution; Buonaccorsi 1987).

    Parameters
    ----------
    k, n, population : int
        Count, base and population size.
    level : float, default 0.95

    Returns
    -------
    tuple of float
        ``(M_L/N, M_U/N)``.

    References
    ----------
    Buonaccorsi, J. P. (1987). A note on confidence intervals for proportions
    in finite populations. *The American Statistician* 41, 215-218.

    Examples
    --------
    3 of 9 of the 12 provinces: only ``M = 3..6`` remain possible.

    >>> hypergeometric_limits(3, 9, 12)
    (0.25, 0.5)
    """
    level = check_level(level)
    tail = (1 - level) / 2
    M = np.arange(population + 1)
    low = stats.hypergeom.cdf(k, population, M, n)       # P(X <= k | M)
    high = stats.hypergeom.sf(k - 1, population, M, n)   # P(X >= k | M)
    keep = (low > tail) & (high > tail)
    kept = M[keep]
    return float(kept.min()) / population, float(kept.max()) / population


def _bounds(k1, n1, N1, k2, n2, N2):
    """Worst-case bounds of ``M2/N2 - M1/N1`` (non-respondents answer anything)."""
    with np.errstate(invalid="ignore", divide="ignore"):
        lo = k2 / N2 - (k1 + N1 - n1) / N1
        hi = (k2 + N2 - n2) / N2 - k1 / N1
    return lo, hi


def independent_difference_ci(k_from, n_from, k_to, n_to, *, population_from=None, population_to=None,
                              method: str = "auto", level: float = 0.95) -> pd.DataFrame:
    """Interval for ``p_to - p_from`` from two independent samples.

    Parameters
    ----------
    k_from, n_from : int or array_like
        Count and base in the first wave.
    k_to, n_to : int or array_like
        Count and base in the second wave.
    population_from, population_to : int or array_like, optional
        Population sizes in each wave (None/NaN: unknown, no correction).
    method : {"auto", "newcombe", "exact"}, default "auto"
        * ``"newcombe"``: Newcombe's hybrid score interval (method 10):
          ``L = d - sqrt((p_to - l_to)^2 + (u_from - p_from)^2)``,
          ``U = d + sqrt((u_to - p_to)^2 + (p_from - l_from)^2)`` with
          ``(l, u)`` the Wilson limits of each wave -- with the finite
          population correction where the population is known, and then
          clipped to the worst-case bounds and to the values the population
          can take (multiples of ``1/N`` when both waves have the same ``N``).
        * ``"exact"`` (needs both populations): ``[L_to - U_from,
          U_to - L_from]`` from the exact hypergeometric intervals of each
          wave at level ``sqrt(level)``; the two hold jointly with probability
          ``level``, so the difference does too.
        * ``"auto"``: ``"newcombe"``.
    level : float, default 0.95

    Returns
    -------
    pandas.DataFrame
        One row per broadcast element with ``p_from``, ``p_to``, ``change``
        (``p_to - p_from``), ``ci_lower``, ``ci_upper`` (proportions),
        ``ci_method``, ``n_paired`` (0), ``n_from_only`` (``n_from``),
        ``n_to_only`` (``n_to``).  An empty base gives NaN and
        ``"no respondents in base"``.

    Raises
    ------
    ValueError
        (:class:`~survey_inventory.errors.SurveyInputError`) for an unknown
        method, a bad level, negative or fractional counts, ``k > n`` or
        ``n > population``.

    References
    ----------
    Newcombe, R. G. (1998). Interval estimation for the difference between
    independent proportions: comparison of eleven methods. *Statistics in
    Medicine* 17, 873-890.

    Examples
    --------
    Newcombe's Table II, example (b): 9/10 against 3/10 gives 0.1705 to 0.8090
    (here the first wave is 3/10, the second 9/10):

    >>> row = independent_difference_ci(3, 10, 9, 10).iloc[0]
    >>> [round(float(x), 4) for x in (row.ci_lower, row.ci_upper)]
    [0.1705, 0.809]

    Two near-census waves of the 12 provinces (5 of 9, then 8 of 10):

    >>> row = independent_difference_ci(5, 9, 8, 10, population_from=12, population_to=12).iloc[0]
    >>> round(float(row.change), 3), round(row.ci_lower * 12), round(row.ci_upper * 12), row.ci_method
    (0.244, 1, 5, 'newcombe hybrid score (fpc N=12/12)')
    """
    if method not in INDEPENDENT_METHODS:
        raise SurveyInputError(f"unknown method {method!r}", expected=", ".join(INDEPENDENT_METHODS))
    level = check_level(level)
    arrays = [as_counts(k_from, "k_from"), as_counts(n_from, "n_from"), as_counts(k_to, "k_to"),
              as_counts(n_to, "n_to"), as_counts(population_from, "population_from"),
              as_counts(population_to, "population_to")]
    try:
        k1, n1, k2, n2, N1, N2 = (np.array(a, dtype=float).ravel() for a in np.broadcast_arrays(*arrays))
    except ValueError:
        raise SurveyInputError("the counts, bases and populations do not broadcast together") from None
    for k, n, N, wave in ((k1, n1, N1, "from"), (k2, n2, N2, "to")):
        if (k > n).any():
            raise SurveyInputError(f"k_{wave} exceeds n_{wave}", value=float(k[k > n][0]))
        if (n > N).any():
            raise SurveyInputError(f"n_{wave} exceeds population_{wave}", value=float(n[n > N][0]))
    with np.errstate(invalid="ignore", divide="ignore"):
        p1, p2 = k1 / n1, k2 / n2
    ok = (n1 > 0) & (n2 > 0) & np.isfinite(k1) & np.isfinite(k2)
    lower = np.full(p1.shape, np.nan)
    upper = np.full(p1.shape, np.nan)
    labels = np.array(["no respondents in base"] * p1.size, dtype=object)
    labels[~(np.isfinite(k1) & np.isfinite(k2) & np.isfinite(n1) & np.isfinite(n2))] = "missing count or base"
    both_known = np.isfinite(N1) & np.isfinite(N2)
    if method == "exact":
        if not both_known[ok].all():
            raise SurveyInputError("method 'exact' needs the population of both waves")
        joint = np.sqrt(level)
        for i in np.flatnonzero(ok):
            l1, u1 = hypergeometric_limits(int(k1[i]), int(n1[i]), int(N1[i]), joint)
            l2, u2 = hypergeometric_limits(int(k2[i]), int(n2[i]), int(N2[i]), joint)
            lower[i], upper[i] = l2 - u1, u2 - l1
            labels[i] = f"exact (hypergeometric N={int(N1[i])}/{int(N2[i])}, each at {joint:.2%})"
    else:
        l1, u1 = wilson_limits(k1, n1, N1, level)
        l2, u2 = wilson_limits(k2, n2, N2, level)
        d = p2 - p1
        lo = d - np.sqrt((p2 - l2) ** 2 + (u1 - p1) ** 2)
        hi = d + np.sqrt((u2 - p2) ** 2 + (p1 - l1) ** 2)
        lo, hi = np.clip(lo, -1, 1), np.clip(hi, -1, 1)
        blo, bhi = _bounds(k1, n1, N1, k2, n2, N2)
        same = both_known & (N1 == N2)
        slo, shi = snap_to_population(lo, hi, np.where(same, N1, np.nan), blo, bhi)
        diff = both_known & ~same  # different N: bounds only, no lattice
        slo = np.where(diff, np.maximum(lo, blo), slo)
        shi = np.where(diff, np.minimum(hi, bhi), shi)
        lower[ok], upper[ok] = slo[ok], shi[ok]
        for i in np.flatnonzero(ok):
            if both_known[i]:
                labels[i] = f"newcombe hybrid score (fpc N={int(N1[i])}/{int(N2[i])})"
            elif np.isfinite(N1[i]) or np.isfinite(N2[i]):
                labels[i] = "newcombe hybrid score (fpc in one wave only)"
            else:
                labels[i] = "newcombe hybrid score"
    return result_frame(p1, p2, lower, upper, list(labels), 0, n1, n2)
