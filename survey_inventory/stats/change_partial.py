"""Change of a proportion when some units answered both waves and some only one.

Between two waves of the inventory most units answer twice, one stops and a
new one joins.  Dropping the units that answered once would throw away
answers and change the published percentages; treating the waves as
independent would throw away the pairing.  Here every respondent of a wave
counts for that wave's percentage (so ``p_from`` and ``p_to`` are the
percentages the single-wave figures show), and the pairing enters through
the correlation of the two percentages:

    p_from = (a + b + k_from_only) / n_from,   n_from = n_paired + n_from_only
    p_to   = (a + c + k_to_only) / n_to,       n_to   = n_paired + n_to_only
    corr(p_from, p_to) = rho = phi * n_paired / sqrt(n_from * n_to)

with ``phi`` the correlation of the paired table (Newcombe's continuity
corrected version).  The interval is the MOVER / square-and-add interval of
Newcombe (1998) and Zou & Donner (2008) with Wilson limits of each wave.
With ``n_from_only = n_to_only = 0`` it *is* Newcombe's paired method 10,
with ``n_paired = 0`` his independent hybrid score interval (tested).

>>> from survey_inventory.stats.change_partial import partially_paired_difference_ci
>>> row = partially_paired_difference_ci([[3, 1], [3, 2]], 1, 1, 1, 2, method="mover").iloc[0]
>>> [round(float(x), 3) for x in (row.p_from, row.p_to, row.change)]
[0.5, 0.636, 0.136]
"""
from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

from ..errors import SurveyInputError
from .change_common import as_counts, check_level, check_method, result_frame, snap_to_population, wilson_limits
from .change_independent import independent_difference_ci
from .change_paired import EXACT_MAX_POPULATION, as_tables, paired_difference_ci

__all__ = ["PARTIAL_METHODS", "partially_paired_difference_ci"]

#: Methods accepted by :func:`partially_paired_difference_ci`.
PARTIAL_METHODS = ("auto", "mover", "bonferroni-exact")


def _hyper_count_limits(k: int, n: int, N: int, tail: float) -> tuple[int, int]:
    """Exact limits of the population count from ``k`` of ``n`` sampled out of ``N``."""
    M = np.arange(N + 1)
    keep = (stats.hypergeom.cdf(k, N, M, n) > tail) & (stats.hypergeom.sf(k - 1, N, M, n) > tail)
    return int(M[keep].min()), int(M[keep].max())


def _mover(a, b, c, d, k1, n1, k2, n2, N, level):
    n_p = a + b + c + d
    nf, nt = n_p + n1, n_p + n2
    pf, pt = (a + b + k1) / nf, (a + c + k2) / nt
    lf, uf = wilson_limits(a + b + k1, nf, N, level)
    lt, ut = wilson_limits(a + c + k2, nt, N, level)
    prod = (a + b) * (c + d) * (a + c) * (b + d)
    A = a * d - b * c
    corrected = np.where(A > n_p / 2, A - n_p / 2, np.where(A >= 0, 0.0, A))
    with np.errstate(invalid="ignore", divide="ignore"):
        phi = np.where(prod > 0, corrected / np.sqrt(prod), 0.0)
        rho = np.where(n_p > 0, phi * n_p / np.sqrt(nf * nt), 0.0)
    est = pt - pf
    lower = est - np.sqrt(np.maximum((pt - lt) ** 2 - 2 * rho * (pt - lt) * (uf - pf) + (uf - pf) ** 2, 0))
    upper = est + np.sqrt(np.maximum((ut - pt) ** 2 - 2 * rho * (ut - pt) * (pf - lf) + (pf - lf) ** 2, 0))
    return np.clip(lower, -1, 1), np.clip(upper, -1, 1)


def _bounds(b, c, k1, n1, k2, n2, unseen, N):
    """Worst-case bounds of the population change: every unit not seen in a wave answers anything."""
    lo = (c - b) - k1 - (n2 - k2) - unseen
    hi = (c - b) + (n1 - k1) + k2 + unseen
    return lo / N, hi / N


def partially_paired_difference_ci(table, k_from_only, n_from_only, k_to_only, n_to_only, *, population=None,
                                   method: str = "auto", level: float = 0.95) -> pd.DataFrame:
    """Interval for ``p_to - p_from`` from linked units plus units seen in one wave only.

    Parameters
    ----------
    table : array_like
        Paired 2 x 2 table(s) of the units in both waves, ``[[a, b], [c, d]]``
        (rows wave_from yes/no, columns wave_to yes/no); shape ``(2, 2)`` or
        ``(m, 2, 2)``.
    k_from_only, n_from_only : int or array_like
        "Yes" answers and respondents among the units that answered the first
        wave only.
    k_to_only, n_to_only : int or array_like
        The same for the units that answered the second wave only.
    population : int or array_like, optional
        Number ``N`` of units in the population, the same units in both waves
        (None/NaN: unknown).
    method : {"auto", "mover", "bonferroni-exact"}, default "auto"
        * ``"mover"``: the square-and-add interval with the correlation
          ``rho`` of the module text and Wilson limits of each wave (with the
          finite population correction ``(N - n)/(N - 1)`` of each wave's
          sample when ``population`` is known; then clipped to the
          worst-case bounds and moved inward to multiples of ``1/N``).
        * ``"bonferroni-exact"`` (needs ``population``): the exact
          hypergeometric interval of each wave's population count at level
          ``1 - (1 - level)/2``, combined as ``[L_to - U_from, U_to - L_from]``
          and clipped to the worst-case bounds.  Valid whatever the pairing
          (Bonferroni), so coverage at least ``level``; it ignores the
          pairing and is therefore wider.
        * ``"auto"``: a row without one-wave units is passed to
          :func:`~survey_inventory.stats.change_paired.paired_difference_ci`,
          a row without linked units to
          :func:`~survey_inventory.stats.change_independent.independent_difference_ci`
          (both with ``method="auto"``); other rows use
          ``"bonferroni-exact"`` when the population is known and at most
          :data:`~survey_inventory.stats.change_paired.EXACT_MAX_POPULATION`,
          else ``"mover"``.
    level : float, default 0.95

    Returns
    -------
    pandas.DataFrame
        One row per table with ``p_from``, ``p_to`` (all respondents of each
        wave), ``change``, ``ci_lower``, ``ci_upper`` (proportions),
        ``ci_method``, ``n_paired``, ``n_from_only``, ``n_to_only``.

    Raises
    ------
    ValueError
        (:class:`~survey_inventory.errors.SurveyInputError`) for bad counts,
        more units than the population, or ``"bonferroni-exact"`` without a
        population.

    References
    ----------
    Newcombe, R. G. (1998). Improved confidence intervals for the difference
    between binomial proportions based on paired data. *Statistics in
    Medicine* 17, 2635-2650.

    Zou, G. Y. & Donner, A. (2008). Construction of confidence limits about
    effect measures: a general approach. *Statistics in Medicine* 27,
    1693-1702.

    Choi, S. C. & Stablein, D. M. (1982). Practical tests for comparing two
    proportions with incomplete data. *Applied Statistics* 31, 256-262.

    Examples
    --------
    Eight provinces answered both waves, one only the first, one only the second:

    >>> df = partially_paired_difference_ci([[3, 0], [2, 3]], 1, 1, 1, 1, population=12)
    >>> row = df.iloc[0]
    >>> round(float(row.change) * 12, 2), round(row.ci_lower * 12), round(row.ci_upper * 12), row.ci_method
    (2.67, -1, 5, 'bonferroni-exact (N=12)')
    >>> row = partially_paired_difference_ci([[3, 0], [2, 3]], 1, 1, 1, 1, population=12, method="mover").iloc[0]
    >>> round(row.ci_lower * 12), round(row.ci_upper * 12), row.ci_method
    (1, 4, 'mover partially paired (fpc N=12)')

    Without one-wave units it is the paired interval:

    >>> partially_paired_difference_ci([[3, 0], [2, 3]], 0, 0, 0, 0, method="mover").ci_method[0]
    'newcombe method 10 paired'
    """
    check_method(method, PARTIAL_METHODS)
    level = check_level(level)
    tables = as_tables(table)
    m = tables.shape[0]
    try:
        k1, n1, k2, n2, N = (np.broadcast_to(as_counts(x, name), (m,)).astype(float).copy() for x, name in (
            (k_from_only, "k_from_only"), (n_from_only, "n_from_only"), (k_to_only, "k_to_only"),
            (n_to_only, "n_to_only"), (population, "population")))
    except ValueError:
        raise SurveyInputError("the one-wave counts do not match the number of tables") from None
    a, b, c, d = (tables[:, i, j] for i, j in ((0, 0), (0, 1), (1, 0), (1, 1)))
    n_p = a + b + c + d
    if (k1 > n1).any() or (k2 > n2).any():
        raise SurveyInputError("a one-wave count exceeds its number of respondents")
    unseen = N - n_p - n1 - n2
    if (unseen < 0).any():
        raise SurveyInputError("more units than the population", value=float((N - unseen)[unseen < 0][0]))
    known = np.isfinite(N)
    nf, nt = n_p + n1, n_p + n2
    given = np.isfinite(nf) & np.isfinite(nt) & np.isfinite(k1) & np.isfinite(k2)
    ok = given & (nf > 0) & (nt > 0)
    if method == "bonferroni-exact" and not known[ok].all():
        raise SurveyInputError("method 'bonferroni-exact' needs the population size")
    paired_only = (n1 == 0) & (n2 == 0)
    unpaired = n_p == 0
    if method == "auto":
        chosen = np.where(known & (N <= EXACT_MAX_POPULATION), "bonferroni-exact", "mover")
        chosen = np.where(paired_only, "paired", np.where(unpaired, "independent", chosen))
    else:
        chosen = np.where(paired_only & (method == "mover"), "paired-newcombe", method)
    with np.errstate(invalid="ignore", divide="ignore"):
        pf, pt = (a + b + k1) / nf, (a + c + k2) / nt
    lower, upper = np.full(m, np.nan), np.full(m, np.nan)
    labels = np.where(given, "no respondents in base", "missing count or base").astype(object)
    # delegated rows: the paired / independent functions give the whole row
    for name, call in (
        ("paired", lambda r: paired_difference_ci(tables[r], population=N[r], level=level)),
        ("paired-newcombe", lambda r: paired_difference_ci(tables[r], population=N[r], method="newcombe", level=level)),
        ("independent", lambda r: independent_difference_ci(k1[r], n1[r], k2[r], n2[r], population_from=N[r],
                                                            population_to=N[r], level=level)),
    ):
        rows = ok & (chosen == name)
        if rows.any():
            part = call(rows)
            lower[rows], upper[rows] = part["ci_lower"].to_numpy(), part["ci_upper"].to_numpy()
            labels[rows] = part["ci_method"].to_numpy()
    rows = ok & (chosen == "mover")
    if rows.any():
        lo, hi = _mover(a[rows], b[rows], c[rows], d[rows], k1[rows], n1[rows], k2[rows], n2[rows], N[rows], level)
        blo, bhi = _bounds(b[rows], c[rows], k1[rows], n1[rows], k2[rows], n2[rows], unseen[rows],
                           np.where(known[rows], N[rows], 1))
        lower[rows], upper[rows] = snap_to_population(lo, hi, N[rows], blo, bhi)
        labels[rows] = [f"mover partially paired{f' (fpc N={int(x)})' if np.isfinite(x) else ''}" for x in N[rows]]
    tail = (1 - level) / 4
    for i in np.flatnonzero(ok & (chosen == "bonferroni-exact")):
        Ni = int(N[i])
        lf, uf = _hyper_count_limits(int(a[i] + b[i] + k1[i]), int(nf[i]), Ni, tail)
        lt, ut = _hyper_count_limits(int(a[i] + c[i] + k2[i]), int(nt[i]), Ni, tail)
        blo, bhi = _bounds(b[i], c[i], k1[i], n1[i], k2[i], n2[i], unseen[i], Ni)
        lower[i], upper[i] = max((lt - uf) / Ni, blo), min((ut - lf) / Ni, bhi)
        labels[i] = f"bonferroni-exact (N={Ni})"
    return result_frame(pf, pt, lower, upper, list(labels), n_p, n1, n2)
