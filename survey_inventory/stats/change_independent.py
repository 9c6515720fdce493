"""Change of a proportion between two independent samples (waves not linked).

Where the respondents of two waves cannot be linked (anonymous answers, other
units), the two proportions are independent.  The interval for
``p_to - p_from`` is Newcombe's (1998) hybrid score interval, method 10 of his
comparison of eleven methods: the Wilson limits of each proportion combined by
"square and add".  With a known population each Wilson interval carries the
finite population correction, and the result is clipped to what the
population allows.  ``method="exact"`` (the default for a known population of
at most :data:`EXACT_MAX_POPULATION` units) inverts an exact test over every
pair of population counts, which guarantees the coverage at any base.

>>> from survey_inventory.stats.change_independent import independent_difference_ci
>>> row = independent_difference_ci(48, 80, 56, 70).iloc[0]
>>> [round(float(x), 4) for x in (row.change, row.ci_lower, row.ci_upper)]
[0.2, 0.0524, 0.3339]
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd
from scipy import stats

from ..errors import SurveyInputError
from .change_common import as_counts, check_level, check_method, result_frame, snap_to_population, sterne_hull, wilson_limits

__all__ = ["INDEPENDENT_METHODS", "EXACT_MAX_POPULATION", "independent_difference_ci"]

#: Methods accepted by :func:`independent_difference_ci`.
INDEPENDENT_METHODS = ("auto", "newcombe", "exact")

#: Largest population for which ``"auto"`` uses the exact interval.
EXACT_MAX_POPULATION = 60


@lru_cache(maxsize=64)
def _exact_limits(n1: int, N1: int, n2: int, N2: int, level: float):
    """Exact limits of ``M2/N2 - M1/N1`` for every outcome ``(k1, k2)``.

    Every pair of population counts ``(M1, M2)`` is kept unless the
    probability-ordered exact test of the observed ``(k1, k2)`` (two
    independent hypergeometric samples) rejects it.
    """
    h1 = stats.hypergeom.pmf(np.arange(n1 + 1)[None, :], N1, np.arange(N1 + 1)[:, None], n1)
    h2 = stats.hypergeom.pmf(np.arange(n2 + 1)[None, :], N2, np.arange(N2 + 1)[:, None], n2)
    cells = (n1 + 1) * (n2 + 1)
    lower, upper = np.full(cells, np.inf), np.full(cells, -np.inf)
    step = max(1, 1_000_000 // (cells * (N2 + 1)))
    for s in range(0, N1 + 1, step):
        block = h1[s:s + step]
        prob = (block[:, None, :, None] * h2[None, :, None, :]).reshape(-1, cells)
        M1 = np.repeat(np.arange(s, s + len(block)), N2 + 1)
        M2 = np.tile(np.arange(N2 + 1), len(block))
        lower, upper = sterne_hull(prob, M2 / N2 - M1 / N1, 1 - level, lower, upper)
    return lower.reshape(n1 + 1, n2 + 1), upper.reshape(n1 + 1, n2 + 1)


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
        * ``"exact"`` (needs both populations): every pair of population
          counts ``(M_from, M_to)`` is kept unless the probability-ordered
          exact test of the observed ``(k_from, k_to)`` (two independent
          hypergeometric samples) rejects it at ``1 - level`` (Sterne 1954);
          the interval spans ``M_to/N_to - M_from/N_from`` over those kept.
          Coverage at least ``level`` for every population.
        * ``"auto"``: ``"exact"`` where both populations are known and at
          most :data:`EXACT_MAX_POPULATION`, ``"newcombe"`` elsewhere.
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

    >>> rows = pd.concat([independent_difference_ci(5, 9, 8, 10, population_from=12, population_to=12,
    ...                                             method=m) for m in ("auto", "newcombe")])
    >>> for row in rows.itertuples():
    ...     print(round(row.change, 3), round(row.ci_lower * 12), round(row.ci_upper * 12), row.ci_method)
    0.244 0 5 exact finite population (N=12/12)
    0.244 1 5 newcombe hybrid score (fpc N=12/12)
    """
    check_method(method, INDEPENDENT_METHODS)
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
    given = np.isfinite(k1) & np.isfinite(k2) & np.isfinite(n1) & np.isfinite(n2)
    ok = given & (n1 > 0) & (n2 > 0)
    both_known = np.isfinite(N1) & np.isfinite(N2)
    if method == "exact" and not both_known[ok].all():
        raise SurveyInputError("method 'exact' needs the population of both waves")
    if method == "auto":
        small = both_known & (N1 <= EXACT_MAX_POPULATION) & (N2 <= EXACT_MAX_POPULATION)
        chosen = np.where(small, "exact", "newcombe")
    else:
        chosen = np.full(p1.size, method)
    lower, upper = np.full(p1.shape, np.nan), np.full(p1.shape, np.nan)
    labels = np.where(given, "no respondents in base", "missing count or base").astype(object)
    for i in np.flatnonzero(ok & (chosen == "exact")):
        lo, hi = _exact_limits(int(n1[i]), int(N1[i]), int(n2[i]), int(N2[i]), level)
        lower[i], upper[i] = lo[int(k1[i]), int(k2[i])], hi[int(k1[i]), int(k2[i])]
        labels[i] = f"exact finite population (N={int(N1[i])}/{int(N2[i])})"
    rows = ok & (chosen == "newcombe")
    if rows.any():
        l1, u1 = wilson_limits(k1, n1, N1, level)
        l2, u2 = wilson_limits(k2, n2, N2, level)
        d = p2 - p1
        lo = np.clip(d - np.sqrt((p2 - l2) ** 2 + (u1 - p1) ** 2), -1, 1)
        hi = np.clip(d + np.sqrt((u2 - p2) ** 2 + (p1 - l1) ** 2), -1, 1)
        blo, bhi = _bounds(k1, n1, N1, k2, n2, N2)
        same = both_known & (N1 == N2)
        slo, shi = snap_to_population(lo, hi, np.where(same, N1, np.nan), blo, bhi)
        other = both_known & ~same  # different N: bounds only, no lattice
        slo = np.where(other, np.maximum(lo, blo), slo)
        shi = np.where(other, np.minimum(hi, bhi), shi)
        lower[rows], upper[rows] = slo[rows], shi[rows]
        for i in np.flatnonzero(rows):
            if both_known[i]:
                labels[i] = f"newcombe hybrid score (fpc N={int(N1[i])}/{int(N2[i])})"
            elif np.isfinite(N1[i]) or np.isfinite(N2[i]):
                labels[i] = "newcombe hybrid score (fpc in one wave only)"
            else:
                labels[i] = "newcombe hybrid score"
    return result_frame(p1, p2, lower, upper, list(labels), 0, n1, n2)
