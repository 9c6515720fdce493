"""Change of a proportion between two waves answered by the same units (paired).

The data of one figure cell are a 2 x 2 table of the linked units::

                      wave_to: yes   wave_to: no
    wave_from: yes         a              b
    wave_from: no          c              d

so ``p_from = (a + b)/n``, ``p_to = (a + c)/n`` and the change is
``p_to - p_from = (c - b)/n`` (a proportion; times 100: percentage points).
Three intervals are offered:

* ``"tango"``: Tango's (1998) asymptotic score interval;
* ``"newcombe"``: Newcombe's (1998) method 10, the Wilson limits of both
  margins combined with the (continuity-corrected) correlation ``phi``;
* ``"exact"``: for a finite population of ``N`` units of which ``n`` were
  sampled: every population table is kept that a probability-ordered exact
  test of the sampled table (multivariate hypergeometric sampling) does not
  reject; the interval spans their changes.  Coverage is at least ``level``
  for every population.

With a known population the score intervals use the finite population
correction ``(N - n)/(N - 1)`` of the variance, are clipped to the worst-case
bounds and moved inward to multiples of ``1/N``.  ``docs/methods.md`` (Change between waves and targets)
gives the formulas and the coverage by complete enumeration.

>>> from survey_inventory.stats.change_paired import paired_difference_ci
>>> row = paired_difference_ci([[1, 1], [7, 12]], method="tango").iloc[0]
>>> [round(float(x), 3) for x in (row.change, row.ci_lower, row.ci_upper)]
[0.286, 0.026, 0.517]
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd
from scipy import special, stats

from ..errors import SurveyInputError
from .change_common import (
    as_counts, check_level, check_method, fpc_factor, result_frame, snap_to_population, sterne_hull, wilson_limits,
)

__all__ = ["PAIRED_METHODS", "EXACT_MAX_POPULATION", "paired_difference_ci", "as_tables"]

#: Methods accepted by :func:`paired_difference_ci`.
PAIRED_METHODS = ("auto", "tango", "newcombe", "exact")

#: Largest population for which ``"auto"`` uses the exact finite-population interval.
EXACT_MAX_POPULATION = 60


def as_tables(table) -> np.ndarray:
    """One or many paired 2 x 2 tables as a float array of shape ``(m, 2, 2)``.

    Parameters
    ----------
    table : array_like
        Shape ``(2, 2)`` or ``(m, 2, 2)``: rows wave_from yes/no, columns
        wave_to yes/no.

    Returns
    -------
    numpy.ndarray

    Examples
    --------
    >>> as_tables([[1, 2], [3, 4]]).shape
    (1, 2, 2)
    """
    arr = as_counts(table, "table")
    if arr.ndim == 2:
        arr = arr[None]
    if arr.ndim != 3 or arr.shape[1:] != (2, 2):
        raise SurveyInputError("a paired table must have shape (2, 2) or (m, 2, 2)", value=arr.shape)
    return arr


# ---------------------------------------------------------------------------
# Tango's score interval
# ---------------------------------------------------------------------------
def _tango_statistic(delta, b, c, n, g):
    """Tango's score statistic for ``change = delta`` (decreasing in ``delta``)."""
    A = 2 * n
    B = -b - c + (2 * n - c + b) * delta
    C = -b * delta * (1 - delta)
    p21 = (np.sqrt(np.maximum(B * B - 4 * A * C, 0)) - B) / (2 * A)  # restricted ML of P(yes -> no)
    num = c - b - n * delta
    var = g * n * (2 * p21 + delta * (1 - delta))
    with np.errstate(invalid="ignore", divide="ignore"):
        t = num / np.sqrt(np.maximum(var, 0))
        t = np.where(var <= 0, np.sign(num) * np.inf, t)
    return np.where(num == 0, 0.0, t)


def _tango(b, c, n, g, z):
    est = (c - b) / n
    lo_a, lo_b = np.full_like(est, -1.0), est.copy()   # T(lo_a) >= z > T(lo_b) = 0
    hi_a, hi_b = est.copy(), np.full_like(est, 1.0)     # T(hi_a) = 0 > -z >= T(hi_b)
    for _ in range(60):
        mid = (lo_a + lo_b) / 2
        above = _tango_statistic(mid, b, c, n, g) > z
        lo_a, lo_b = np.where(above, mid, lo_a), np.where(above, lo_b, mid)
        mid = (hi_a + hi_b) / 2
        above = _tango_statistic(mid, b, c, n, g) > -z
        hi_a, hi_b = np.where(above, mid, hi_a), np.where(above, hi_b, mid)
    lower = np.where(est <= -1, -1.0, (lo_a + lo_b) / 2)
    upper = np.where(est >= 1, 1.0, (hi_a + hi_b) / 2)
    return lower, upper


# ---------------------------------------------------------------------------
# Newcombe's method 10
# ---------------------------------------------------------------------------
def _newcombe(a, b, c, d, n, N, level):
    p1, p2 = (a + b) / n, (a + c) / n  # from, to
    l1, u1 = wilson_limits(a + b, n, N, level)
    l2, u2 = wilson_limits(a + c, n, N, level)
    prod = (a + b) * (c + d) * (a + c) * (b + d)
    A = a * d - b * c
    corrected = np.where(A > n / 2, A - n / 2, np.where(A >= 0, 0.0, A))
    with np.errstate(invalid="ignore", divide="ignore"):
        phi = np.where(prod > 0, corrected / np.sqrt(prod), 0.0)
    est = p2 - p1
    lower = est - np.sqrt(np.maximum((p2 - l2) ** 2 - 2 * phi * (p2 - l2) * (u1 - p1) + (u1 - p1) ** 2, 0))
    upper = est + np.sqrt(np.maximum((u2 - p2) ** 2 - 2 * phi * (u2 - p2) * (p1 - l1) + (p1 - l1) ** 2, 0))
    return np.clip(lower, -1, 1), np.clip(upper, -1, 1)


# ---------------------------------------------------------------------------
# exact interval for a finite population
# ---------------------------------------------------------------------------
def _log_choose_table(N: int, kmax: int) -> np.ndarray:
    """``log C(m, k)`` for ``m = 0..N`` and ``k = 0..kmax`` (``-inf`` where ``k > m``)."""
    lf = special.gammaln(np.arange(max(N, kmax) + 1) + 1.0)
    m = np.arange(N + 1)[:, None]
    k = np.arange(kmax + 1)[None, :]
    ok = k <= m
    return np.where(ok, lf[m] - lf[k] - lf[np.where(ok, m - k, 0)], -np.inf)


@lru_cache(maxsize=64)
def _exact_limits(N: int, n: int, level: float) -> tuple[np.ndarray, np.ndarray]:
    """Exact limits of the change for every sampled table, indexed ``[b, c]``.

    A population with ``Mb`` units yes -> no and ``Mc`` units no -> yes (and
    ``N - Mb - Mc`` unchanged) is kept for a sampled ``(b, c)`` unless the
    probability-ordered exact test rejects it: the total probability, under
    multivariate hypergeometric sampling of ``n`` from ``N``, of every
    sample ``(b', c')`` at most as probable as ``(b, c)`` is at most
    ``alpha`` (Sterne 1954).  The limits are the smallest and largest
    ``(Mc - Mb)/N`` kept.
    """
    alpha = 1 - level
    Mb, Mc = (x.ravel() for x in np.meshgrid(np.arange(N + 1), np.arange(N + 1), indexing="ij"))
    keep = Mb + Mc <= N
    Mb, Mc = Mb[keep], Mc[keep]
    change = (Mc - Mb) / N
    k = np.arange(n + 1)
    bb, cc = np.meshgrid(k, k, indexing="ij")
    table = _log_choose_table(N, n)
    log_total = table[N, n]
    # log C(r, n - s) for s = b + c = 0..2n (-inf where s > n)
    rest_table = np.concatenate([table[:, ::-1], np.full((N + 1, n), -np.inf)], axis=1)
    s_index = (bb + cc).ravel()
    Mb_i, Mc_i = Mb.astype(int), Mc.astype(int)
    cells = (n + 1) ** 2
    lower = np.full(cells, np.inf)
    upper = np.full(cells, -np.inf)
    step = max(1, 1_000_000 // cells)
    for s in range(0, Mb.size, step):
        mb, mc = Mb_i[s:s + step], Mc_i[s:s + step]
        logp = (table[mb][:, :, None] + table[mc][:, None, :]).reshape(len(mb), cells)
        logp = logp + rest_table[N - mb - mc][:, s_index] - log_total
        lower, upper = sterne_hull(np.exp(logp), change[s:s + step], alpha, lower, upper)
    return lower.reshape(n + 1, n + 1), upper.reshape(n + 1, n + 1)


def _exact(b, c, n, N, level):
    lower, upper = np.full(b.shape, np.nan), np.full(b.shape, np.nan)
    for i in range(b.size):
        lo, hi = _exact_limits(int(N[i]), int(n[i]), level)
        lower[i], upper[i] = lo[int(b[i]), int(c[i])], hi[int(b[i]), int(c[i])]
    return lower, upper


# ---------------------------------------------------------------------------
# the public function
# ---------------------------------------------------------------------------
def paired_difference_ci(table, *, population=None, method: str = "auto", level: float = 0.95) -> pd.DataFrame:
    """Interval for the change ``p_to - p_from`` of a proportion in linked units.

    Parameters
    ----------
    table : array_like
        The paired 2 x 2 table ``[[a, b], [c, d]]`` (rows: wave_from yes/no;
        columns: wave_to yes/no), or an array of shape ``(m, 2, 2)`` for
        ``m`` cells at once.
    population : int or array_like, optional
        Number ``N`` of units in the population (the same units in both
        waves).  None/NaN: unknown, no finite population correction.
    method : {"auto", "tango", "newcombe", "exact"}, default "auto"
        * ``"tango"``: Tango's score interval: all ``delta`` with
          ``|c - b - n delta| <= z sqrt(g n (2 q + delta (1 - delta)))``,
          ``q`` the restricted maximum-likelihood estimate of P(yes -> no)
          given ``delta`` and ``g = (N - n)/(N - 1)`` the finite population
          correction (``g = 1`` without a population).
        * ``"newcombe"``: Newcombe's method 10: Wilson limits ``(l, u)`` of
          both margins (with the finite population correction) and
          ``L = d - sqrt((p_to - l_to)^2 - 2 phi (p_to - l_to)(u_from - p_from)
          + (u_from - p_from)^2)``, ``U`` likewise; ``phi`` the correlation
          of the table with Newcombe's continuity correction (0 when
          ``0 <= ad - bc <= n/2``, ``(ad - bc - n/2)/sqrt(...)`` above).
        * ``"exact"`` (needs ``population``): exact test inversion over every
          population table (see the module text); guaranteed coverage.
        * ``"auto"``: ``"exact"`` when the population is known and at most
          :data:`EXACT_MAX_POPULATION`, else ``"tango"``.

        With a population, ``"tango"`` and ``"newcombe"`` limits are clipped
        to the worst-case bounds ``[(c - b - (N - n))/N, (c - b + N - n)/N]``
        and moved inward to multiples of ``1/N``.  A census (``n = N``) is the
        point ``(c - b)/n``.
    level : float, default 0.95

    Returns
    -------
    pandas.DataFrame
        One row per table: ``p_from``, ``p_to``, ``change``, ``ci_lower``,
        ``ci_upper`` (proportions), ``ci_method``, ``n_paired`` (``n``),
        ``n_from_only`` and ``n_to_only`` (0).

    Raises
    ------
    ValueError
        (:class:`~survey_inventory.errors.SurveyInputError`) for a bad
        table, method or level, ``n > population``, or ``"exact"`` without
        a population.

    References
    ----------
    Tango, T. (1998). Equivalence test and confidence interval for the
    difference in proportions for the paired-sample design. *Statistics in
    Medicine* 17, 891-908.

    Newcombe, R. G. (1998). Improved confidence intervals for the difference
    between binomial proportions based on paired data. *Statistics in
    Medicine* 17, 2635-2650.

    Fagerland, M. W., Lydersen, S. & Laake, P. (2014). Recommended tests and
    confidence intervals for paired binomial proportions. *Statistics in
    Medicine* 33, 2850-2875.

    Examples
    --------
    Fagerland et al. (2014), airway hyper-responsiveness before and after a
    transplantation (Bentur et al. 2009; a=1, b=1, c=7, d=12): their Table V
    prints -0.517 to -0.026 for Tango's interval of the difference the other
    way round.  Newcombe's method 10 for the same table:

    >>> row = paired_difference_ci([[1, 1], [7, 12]], method="newcombe").iloc[0]
    >>> [round(float(x), 3) for x in (row.ci_lower, row.ci_upper)]
    [0.026, 0.507]

    9 of the 12 provinces answered both waves; 2 became active, none stopped:

    >>> paired_difference_ci([[3, 0], [2, 4]], population=12).iloc[0].ci_method
    'exact finite population (N=12, n=9)'
    """
    check_method(method, PAIRED_METHODS)
    level = check_level(level)
    tables = as_tables(table)
    m = tables.shape[0]
    N = np.broadcast_to(as_counts(population, "population"), (m,)).astype(float).copy()
    a, b, c, d = (tables[:, i, j] for i, j in ((0, 0), (0, 1), (1, 0), (1, 1)))
    n = a + b + c + d
    if (n > N).any():
        raise SurveyInputError("the table has more units than the population", value=float(n[n > N][0]))
    known = np.isfinite(N)
    if method == "exact" and not known[np.isfinite(n) & (n > 0)].all():
        raise SurveyInputError("method 'exact' needs the population size")
    with np.errstate(invalid="ignore", divide="ignore"):
        p_from, p_to = (a + b) / n, (a + c) / n
    ok = np.isfinite(n) & (n > 0)
    census = ok & known & (n == N)
    if method == "auto":
        chosen = np.where(known & (N <= EXACT_MAX_POPULATION), "exact", "tango")
    else:
        chosen = np.full(m, method)
    chosen = np.where(census, "census", chosen)
    lower, upper = np.full(m, np.nan), np.full(m, np.nan)
    labels = np.where(np.isfinite(n), "no respondents in base", "missing count or base").astype(object)
    g = fpc_factor(n, N)
    z = stats.norm.ppf(0.5 + level / 2)
    blo, bhi = (c - b - (N - n)) / np.where(known, N, 1), (c - b + (N - n)) / np.where(known, N, 1)
    for name in ("tango", "newcombe", "exact", "census"):
        rows = ok & (chosen == name)
        if not rows.any():
            continue
        if name == "census":
            lo = hi = (c[rows] - b[rows]) / n[rows]
        elif name == "tango":
            lo, hi = _tango(b[rows], c[rows], n[rows], g[rows], z)
        elif name == "newcombe":
            lo, hi = _newcombe(a[rows], b[rows], c[rows], d[rows], n[rows], N[rows], level)
        else:
            lo, hi = _exact(b[rows], c[rows], n[rows], N[rows], level)
        if name in ("tango", "newcombe"):
            lo, hi = snap_to_population(lo, hi, N[rows], blo[rows], bhi[rows])
        lower[rows], upper[rows] = lo, hi
        for i in np.flatnonzero(rows):
            labels[i] = _label(name, N[i], n[i])
    return result_frame(p_from, p_to, lower, upper, list(labels), n, 0, 0)


def _label(name: str, N: float, n: float) -> str:
    fpc = f" (fpc N={int(N)})" if np.isfinite(N) else ""
    return {
        "tango": f"tango score{fpc}",
        "newcombe": f"newcombe method 10 paired{fpc}",
        "exact": f"exact finite population (N={int(N) if np.isfinite(N) else 0}, n={int(n)})",
        "census": "census (n = N): no sampling error",
    }[name]
