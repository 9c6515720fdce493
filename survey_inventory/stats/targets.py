"""Indices, their change between waves, and monitoring targets judged from intervals.

A monitoring plan sets targets such as "the mean of the index rises at least
15 %" or "at least 60 % is actively involved by wave 3".  Here:

* :func:`unit_index`: a per-unit index, the mean of several item scores
  (optionally each rescaled to 0-100 first);
* :func:`mean_ci`: its mean per group with a finite-population t interval;
* :func:`paired_mean_change_ci`: the change of the mean of linked units, with
  a paired interval for the difference and Fieller's interval for the ratio;
* :func:`proportion_target`, :func:`evaluate_target`: a target is
  ``"reached"`` only when the whole interval is on the right side of the
  threshold, ``"not_reached"`` when the whole interval is on the wrong side,
  ``"not_yet_clear"`` otherwise -- never from the point estimate alone.

The statuses are codes; the report's words for them belong in the phrase
catalogue.

>>> evaluate_target([0.62, 0.41, 0.55], [0.80, 0.58, 0.71], 0.60).tolist()
['reached', 'not_reached', 'not_yet_clear']
"""
from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd
from scipy import stats

from ..errors import SurveyInputError
from .change_common import as_counts, check_level, fpc_factor

__all__ = [
    "TARGET_STATUSES",
    "unit_index",
    "mean_ci",
    "paired_mean_change_ci",
    "proportion_target",
    "evaluate_target",
]

#: The three outcomes of a target evaluation.
TARGET_STATUSES = ("reached", "not_reached", "not_yet_clear")


def unit_index(scores: pd.DataFrame, *, scale=None, reverse=(), min_items: int | None = None) -> pd.Series:
    """Per-unit index: the mean of the unit's item scores.

    Parameters
    ----------
    scores : pandas.DataFrame
        One row per unit (index: unit id), one numeric column per item; NaN
        where a unit has no score for an item.
    scale : tuple or mapping, optional
        ``(lowest, highest)`` score of the items, or a mapping item ->
        ``(lowest, highest)``.  When given, each item is first rescaled to
        ``0-100``: ``100 (x - lowest)/(highest - lowest)``.
    reverse : sequence of str, optional
        Items whose scale runs the other way (needs ``scale``): scored
        ``highest + lowest - x`` first.
    min_items : int, optional
        Fewest answered items for an index; default all items.  Units with
        fewer get NaN.

    Returns
    -------
    pandas.Series
        Index per unit, named ``"index"``.

    Raises
    ------
    ValueError
        (:class:`~survey_inventory.errors.SurveyInputError`) for non-numeric
        scores, scores outside the scale, ``reverse`` without ``scale`` or a
        bad ``min_items``.

    Examples
    --------
    >>> scores = pd.DataFrame({"a": [1, 5, 3], "b": [2, 4, None]}, index=["DR", "FL", "GE"])
    >>> unit_index(scores).tolist()
    [1.5, 4.5, nan]
    >>> unit_index(scores, scale=(1, 5), min_items=1).tolist()
    [12.5, 87.5, 50.0]
    """
    if not isinstance(scores, pd.DataFrame) or scores.shape[1] == 0:
        raise SurveyInputError("scores must be a DataFrame with one column per item")
    try:
        values = scores.astype(float)
    except (TypeError, ValueError):
        raise SurveyInputError("item scores must be numeric") from None
    items = list(values.columns)
    if reverse and scale is None:
        raise SurveyInputError("reverse needs the scale's lowest and highest score")
    if scale is not None:
        bounds = scale if isinstance(scale, Mapping) else dict.fromkeys(items, scale)
        for item in items:
            if item not in bounds:
                raise SurveyInputError(f"no scale given for item {item!r}")
            lo, hi = (float(x) for x in bounds[item])
            if not hi > lo:
                raise SurveyInputError(f"scale of item {item!r} must run from low to high", value=(lo, hi))
            col = values[item]
            outside = col.notna() & ((col < lo) | (col > hi))
            if outside.any():
                raise SurveyInputError(f"item {item!r}: score outside its scale", value=float(col[outside].iloc[0]),
                                       expected=f"{lo:g} to {hi:g} (unit {col[outside].index[0]!r})")
            if item in reverse:
                col = hi + lo - col
            values[item] = 100 * (col - lo) / (hi - lo)
    need = len(items) if min_items is None else int(min_items)
    if not 1 <= need <= len(items):
        raise SurveyInputError("min_items must be between 1 and the number of items", value=min_items)
    index = values.mean(axis=1, skipna=True)
    index[values.notna().sum(axis=1) < need] = np.nan
    return index.rename("index")


def _values(x, name: str) -> np.ndarray:
    try:
        arr = np.asarray(x, dtype=float).ravel()
    except (TypeError, ValueError):
        raise SurveyInputError(f"{name} must be numeric") from None
    return arr[np.isfinite(arr)]


def _t_interval(mean, sd, n, N, level):
    """Mean +- t(n-1) * sd/sqrt(n) * sqrt(fpc); census: a point; n < 2: NaN."""
    g = fpc_factor(n, N)
    if n == 0:
        return np.nan, np.nan
    if g == 0:
        return mean, mean
    if n < 2:
        return np.nan, np.nan
    half = stats.t.ppf(0.5 + level / 2, n - 1) * sd / np.sqrt(n) * np.sqrt(g * (N - 1) / N if np.isfinite(N) else 1)
    return mean - half, mean + half


def mean_ci(values, *, groups=None, population=None, level: float = 0.95) -> pd.DataFrame:
    """Mean with a finite-population t interval, overall or per group.

    The interval is ``mean +- t(n - 1) s / sqrt(n) sqrt(1 - n/N)``: the simple
    random sample variance of a mean with the finite population correction
    ``1 - n/N`` (Cochran 1977, 2.15) and ``n - 1`` degrees of freedom, as R's
    ``survey::svymean`` with ``fpc`` and ``confint(..., df = degf(design))``.
    A census (``n = N``) is the point; fewer than 2 values give NaN.

    Parameters
    ----------
    values : array_like or pandas.Series
        One value per unit (NaN: left out).
    groups : array_like, optional
        Group of each value (e.g. respondent type); None: one overall row.
    population : int or mapping, optional
        Population size, or a mapping group -> population size.
    level : float, default 0.95

    Returns
    -------
    pandas.DataFrame
        One row per group (column ``group``): ``n``, ``mean``, ``sd``,
        ``ci_lower``, ``ci_upper``, ``ci_method``.

    References
    ----------
    Cochran, W. G. (1977). *Sampling Techniques*, 3rd ed. Wiley.

    Examples
    --------
    >>> row = mean_ci([50, 60, 70, 80, 90], population=8).iloc[0]
    >>> int(row.n), float(row["mean"]), round(float(row.ci_lower), 3), round(float(row.ci_upper), 3), row.ci_method
    (5, 70.0, 57.978, 82.022, 't (fpc N=8, df=4)')
    """
    level = check_level(level)
    vals = pd.Series(np.asarray(values, dtype=float).ravel())
    grp = pd.Series(["all"] * len(vals)) if groups is None else pd.Series(np.asarray(groups, dtype=object).ravel())
    if len(grp) != len(vals):
        raise SurveyInputError("values and groups differ in length", value=(len(vals), len(grp)))
    rows = []
    for g in pd.unique(grp):
        x = _values(vals[grp == g], "values")
        N = population.get(g, np.nan) if isinstance(population, Mapping) else population
        N = float(np.nan if N is None else as_counts(N, "population"))
        if np.isfinite(N) and x.size > N:
            raise SurveyInputError(f"group {g!r} has more values than its population", value=x.size)
        mean = float(x.mean()) if x.size else np.nan
        sd = float(x.std(ddof=1)) if x.size > 1 else np.nan
        lo, hi = _t_interval(mean, sd, x.size, N, level)
        label = ("census (n = N): no sampling error" if np.isfinite(N) and x.size == N and x.size
                 else f"t (fpc N={int(N)}, df={x.size - 1})" if np.isfinite(N) else f"t (df={x.size - 1})")
        rows.append({"group": g, "n": int(x.size), "mean": mean, "sd": sd, "ci_lower": lo, "ci_upper": hi,
                     "ci_method": label if x.size > 1 or (np.isfinite(N) and x.size == N and x.size)
                     else "fewer than 2 values"})
    return pd.DataFrame(rows)


def _fieller(m1, m2, v11, v22, v12, q):
    """Fieller's limits for m2/m1 (variances v of the means, q the t quantile)."""
    a = m1 * m1 - q * q * v11
    b = m1 * m2 - q * q * v12
    c = m2 * m2 - q * q * v22
    disc = b * b - a * c
    if a <= 0 or disc < 0:
        return np.nan, np.nan  # unbounded: the baseline mean is not clearly away from 0
    root = np.sqrt(disc)
    return (b - root) / a, (b + root) / a


def paired_mean_change_ci(values_from: pd.Series, values_to: pd.Series, *, population=None,
                          level: float = 0.95) -> pd.DataFrame:
    """Change of a mean between two waves for the linked units, absolute and relative.

    Units are linked by the index of the two series; units with a value in
    both waves are used.  The difference ``mean_to - mean_from`` gets the
    paired t interval with finite population correction,
    ``d +- t(n - 1) s_d / sqrt(n) sqrt(1 - n/N)``; the ratio
    ``mean_to / mean_from`` Fieller's (1954) interval with the same variances
    and t quantile, reported as the relative change ``ratio - 1``.

    Parameters
    ----------
    values_from, values_to : pandas.Series
        Index value (e.g. from :func:`unit_index`) per unit id in each wave.
    population : int, optional
        Number of units in the population (the same units in both waves).
    level : float, default 0.95

    Returns
    -------
    pandas.DataFrame
        One row: ``n_paired``, ``mean_from``, ``mean_to`` (of the linked
        units), ``change``, ``ci_lower``, ``ci_upper``, ``relative_change``,
        ``rel_lower``, ``rel_upper`` (NaN when Fieller's interval is
        unbounded), ``ci_method``.

    References
    ----------
    Fieller, E. C. (1954). Some problems in interval estimation. *Journal of
    the Royal Statistical Society B* 16, 175-185.

    Examples
    --------
    >>> before = pd.Series({"a": 40.0, "b": 50, "c": 55, "d": 60, "e": 45})
    >>> after = pd.Series({"a": 48.0, "b": 58, "c": 60, "d": 66, "e": 55, "f": 70})
    >>> row = paired_mean_change_ci(before, after, population=12).iloc[0]
    >>> int(row.n_paired), round(float(row.change), 2), round(float(row.ci_lower), 2), round(float(row.ci_upper), 2)
    (5, 7.4, 5.55, 9.25)
    >>> round(float(row.relative_change), 4), round(float(row.rel_lower), 4), round(float(row.rel_upper), 4)
    (0.148, 0.0991, 0.212)
    """
    level = check_level(level)
    for s, name in ((values_from, "values_from"), (values_to, "values_to")):
        if not isinstance(s, pd.Series):
            raise SurveyInputError(f"{name} must be a pandas Series indexed by unit id")
        if s.index.has_duplicates:
            raise SurveyInputError(f"{name}: unit id {s.index[s.index.duplicated()][0]!r} occurs twice")
    both = pd.concat([values_from.astype(float), values_to.astype(float)], axis=1, join="inner").dropna()
    x, y = both.iloc[:, 0].to_numpy(), both.iloc[:, 1].to_numpy()
    n = x.size
    N = float(np.nan if population is None else as_counts(population, "population"))
    if np.isfinite(N) and n > N:
        raise SurveyInputError("more linked units than the population", value=n)
    row = {"n_paired": n, "mean_from": np.nan, "mean_to": np.nan, "change": np.nan, "ci_lower": np.nan,
           "ci_upper": np.nan, "relative_change": np.nan, "rel_lower": np.nan, "rel_upper": np.nan,
           "ci_method": "fewer than 2 linked units"}
    if n == 0:
        return pd.DataFrame([row])
    m1, m2 = float(x.mean()), float(y.mean())
    row.update(mean_from=m1, mean_to=m2, change=m2 - m1, relative_change=m2 / m1 - 1 if m1 else np.nan)
    census = np.isfinite(N) and n == N
    if census:
        row.update(ci_lower=m2 - m1, ci_upper=m2 - m1, rel_lower=row["relative_change"],
                   rel_upper=row["relative_change"], ci_method="census (n = N): no sampling error")
        return pd.DataFrame([row])
    if n < 2:
        return pd.DataFrame([row])
    f = (1 - n / N) if np.isfinite(N) else 1.0
    cov = np.cov(np.vstack([x, y]), ddof=1) * f / n
    q = stats.t.ppf(0.5 + level / 2, n - 1)
    half = q * np.sqrt(cov[0, 0] + cov[1, 1] - 2 * cov[0, 1])
    lo, hi = _fieller(m1, m2, cov[0, 0], cov[1, 1], cov[0, 1], q)
    fpc = f"fpc N={int(N)}, " if np.isfinite(N) else ""
    row.update(ci_lower=m2 - m1 - half, ci_upper=m2 - m1 + half, rel_lower=lo - 1, rel_upper=hi - 1,
               ci_method=f"paired t ({fpc}df={n - 1}); ratio: Fieller")
    return pd.DataFrame([row])


def evaluate_target(ci_lower, ci_upper, threshold, *, direction: str = "at least") -> np.ndarray:
    """Judge a target from an interval: reached, not reached or not yet clear.

    Parameters
    ----------
    ci_lower, ci_upper : float or array_like
        Interval of the quantity the target is about (e.g. a proportion, a
        relative change).
    threshold : float or array_like
        The target value, on the same scale (0.60 for "at least 60 %", 0.15
        for "rises at least 15 %" with a relative change).
    direction : {"at least", "at most"}, default "at least"

    Returns
    -------
    numpy.ndarray of str
        ``"reached"`` if the whole interval meets the target (for "at least":
        ``ci_lower >= threshold``), ``"not_reached"`` if the whole interval
        misses it (``ci_upper < threshold``), ``"not_yet_clear"`` otherwise
        and where a limit is missing.  With a two-sided 95 % interval each
        verdict is a one-sided test at 2.5 %.

    Examples
    --------
    The index rose 14.8 % (interval 9.9 % to 21.2 %): "at least 15 %" is not
    yet clear, "at least 9 %" is reached.

    >>> evaluate_target(0.0991, 0.212, [0.15, 0.09]).tolist()
    ['not_yet_clear', 'reached']
    >>> evaluate_target(0.05, 0.2, 0.25, direction="at most").tolist()
    ['reached']
    """
    if direction not in ("at least", "at most"):
        raise SurveyInputError(f"unknown direction {direction!r}", expected="at least, at most")
    lo, hi, t = np.broadcast_arrays(*(np.asarray(v, dtype=float) for v in (ci_lower, ci_upper, threshold)))
    if direction == "at least":
        reached, missed = lo >= t, hi < t
    else:
        reached, missed = hi <= t, lo > t
    out = np.where(reached, "reached", np.where(missed, "not_reached", "not_yet_clear"))
    out = np.where(np.isfinite(lo) & np.isfinite(hi), out, "not_yet_clear")
    return np.atleast_1d(out).astype(object)


def proportion_target(k, n, threshold, *, population=None, direction: str = "at least",
                      level: float = 0.95) -> pd.DataFrame:
    """Is a proportion target met?  Exact interval, then :func:`evaluate_target`.

    The interval is the exact hypergeometric one (Clopper-Pearson inverted
    with the hypergeometric distribution) when the population is known, the
    Clopper-Pearson interval when it is not; a census is the point ``k/n``.

    Parameters
    ----------
    k, n : int
        Units with the property and units in the base.
    threshold : float
        Target proportion (0.60 for "at least 60 %").
    population : int, optional
    direction : {"at least", "at most"}, default "at least"
    level : float, default 0.95

    Returns
    -------
    pandas.DataFrame
        One row: ``estimate``, ``ci_lower``, ``ci_upper``, ``threshold``,
        ``status``, ``ci_method``.

    References
    ----------
    Buonaccorsi, J. P. (1987). A note on confidence intervals for proportions
    in finite populations. *The American Statistician* 41, 215-218.

    Examples
    --------
    "At least 60 % of the 35 AMRs actively involved": 21 of 27 answering.

    >>> row = proportion_target(21, 27, 0.60, population=35).iloc[0]
    >>> round(float(row.ci_lower), 3), round(float(row.ci_upper), 3), row.status
    (0.686, 0.829, 'reached')
    """
    level = check_level(level)
    k, n = int(as_counts(k, "k")), int(as_counts(n, "n"))
    if k > n or n == 0:
        raise SurveyInputError("need 0 <= k <= n and n > 0", value=(k, n))
    tail = (1 - level) / 2
    if population is not None and np.isfinite(float(population)):
        N = int(as_counts(population, "population"))
        if n > N:
            raise SurveyInputError("n exceeds population", value=n)
        M = np.arange(N + 1)
        keep = (stats.hypergeom.cdf(k, N, M, n) > tail) & (stats.hypergeom.sf(k - 1, N, M, n) > tail)
        lo, hi = M[keep].min() / N, M[keep].max() / N
        label = "census (n = N): no sampling error" if n == N else f"hypergeometric exact (N={N})"
    else:
        lo = stats.beta.ppf(tail, k, n - k + 1) if k > 0 else 0.0
        hi = stats.beta.ppf(1 - tail, k + 1, n - k) if k < n else 1.0
        label = "clopper-pearson"
    status = evaluate_target(lo, hi, threshold, direction=direction)[0]
    return pd.DataFrame([{"estimate": k / n, "ci_lower": float(lo), "ci_upper": float(hi),
                          "threshold": float(threshold), "status": status, "ci_method": label}])
