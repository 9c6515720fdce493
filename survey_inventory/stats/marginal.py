"""Did the distribution of an item change between two waves?  Marginal homogeneity.

For the units that answered an item in both waves, the answers form a square
table (rows: category in the first wave, columns: in the second).  The
distribution did not change when the row and column totals are equal
(marginal homogeneity).  Two categories: the exact McNemar test; more: the
Stuart-Maxwell or the Bhapkar test (statsmodels ``SquareTable``).  A family of
items is corrected with Holm's method (statsmodels ``multipletests``).

>>> import numpy as np
>>> row = marginal_homogeneity(np.array([[3, 1], [5, 2]])).iloc[0]
>>> round(float(row.p_value), 5), row.p_method
(0.21875, 'exact McNemar (binomial)')
"""
from __future__ import annotations

import warnings
from collections.abc import Mapping

import numpy as np
import pandas as pd
from scipy import stats
from statsmodels.stats.contingency_tables import SquareTable, mcnemar
from statsmodels.stats.multitest import multipletests

from ..errors import SurveyInputError

__all__ = ["HOMOGENEITY_METHODS", "marginal_homogeneity", "marginal_homogeneity_family"]

#: Methods accepted by :func:`marginal_homogeneity`.
HOMOGENEITY_METHODS = ("auto", "mcnemar-exact", "stuart-maxwell", "bhapkar")

_COLUMNS = ("statistic", "df", "p_value", "p_method", "n", "n_changed", "note")


def _square(table) -> np.ndarray:
    try:
        arr = np.asarray(table, dtype=float)
    except (TypeError, ValueError):
        raise SurveyInputError("table must be numeric") from None
    if arr.ndim != 2 or arr.shape[0] != arr.shape[1] or arr.shape[0] < 2:
        raise SurveyInputError("table must be square with at least 2 categories", value=arr.shape)
    if (arr < 0).any() or (arr != np.round(arr)).any() or not np.isfinite(arr).all():
        raise SurveyInputError("table must hold non-negative whole numbers")
    return arr


def marginal_homogeneity(table, *, method: str = "auto") -> pd.DataFrame:
    """Test that the distribution over categories is the same in both waves.

    Parameters
    ----------
    table : array_like
        Square ``k x k`` table of the linked units: ``table[i, j]`` units in
        category ``i`` in the first wave and ``j`` in the second.
    method : {"auto", "mcnemar-exact", "stuart-maxwell", "bhapkar"}, default "auto"
        * ``"mcnemar-exact"`` (2 categories only): ``p = min(1, 2 P(B <=
          min(b, c)))``, ``B ~ Bin(b + c, 1/2)`` (McNemar 1947; statsmodels
          ``mcnemar(exact=True)``); ``statistic`` is ``min(b, c)``.
        * ``"stuart-maxwell"``: ``X^2 = d' S^-1 d`` with ``d`` the
          differences of the row and column totals and ``S`` their estimated
          covariance (``S_ii = n_i. + n_.i - 2 n_ii``,
          ``S_ij = -(n_ij + n_ji)``), one category left out; chi-square with
          ``k - 1`` df (Stuart 1955; Maxwell 1970).
        * ``"bhapkar"``: ``X^2_SM / (1 - X^2_SM / n)`` (Bhapkar 1966), the
          Wald version; slightly larger.
        * ``"auto"``: exact McNemar for 2 categories, Stuart-Maxwell for more.

        Categories no unit entered or left (all their units stayed) carry no
        information and are left out first; ``df`` counts the rest.

    Returns
    -------
    pandas.DataFrame
        One row: ``statistic``, ``df``, ``p_value``, ``p_method``, ``n``
        (units), ``n_changed`` (units off the diagonal) and ``note``.  No unit
        changed category: NaN with the note "no unit changed category: no
        test".  The chi-square approximations are rough with few changers;
        the ``note`` says so below 10.

    Raises
    ------
    ValueError
        (:class:`~survey_inventory.errors.SurveyInputError`) for a table that
        is not square counts, or ``"mcnemar-exact"`` for more than 2
        categories.

    References
    ----------
    McNemar, Q. (1947). Note on the sampling error of the difference between
    correlated proportions or percentages. *Psychometrika* 12, 153-157.

    Stuart, A. (1955). A test for homogeneity of the marginal distributions
    in a two-way classification. *Biometrika* 42, 412-416.

    Maxwell, A. E. (1970). Comparing the classification of subjects by two
    independent judges. *British Journal of Psychiatry* 116, 651-655.

    Bhapkar, V. P. (1966). A note on the equivalence of two test criteria for
    hypotheses in categorical data. *JASA* 61, 228-235.

    Examples
    --------
    >>> t = [[3, 1, 0], [0, 4, 2], [1, 0, 2]]
    >>> row = marginal_homogeneity(t).iloc[0]
    >>> round(float(row.statistic), 4), int(row.df), row.p_method
    (0.4, 2, 'Stuart-Maxwell (chi-square)')
    >>> round(float(marginal_homogeneity(t, method="bhapkar").iloc[0].statistic), 4)
    0.4127
    """
    if method not in HOMOGENEITY_METHODS:
        raise SurveyInputError(f"unknown method {method!r}", expected=", ".join(HOMOGENEITY_METHODS))
    arr = _square(table)
    k = arr.shape[0]
    if method == "mcnemar-exact" and k != 2:
        raise SurveyInputError("the exact McNemar test needs 2 categories", value=k)
    if method == "auto":
        method = "mcnemar-exact" if k == 2 else "stuart-maxwell"
    n = int(arr.sum())
    off = arr - np.diag(np.diag(arr))
    n_changed = int(off.sum())
    row = dict.fromkeys(_COLUMNS, np.nan)
    row.update(n=n, n_changed=n_changed, note="")
    if n_changed == 0:
        row.update(p_method=method, note="no unit changed category: no test")
        return pd.DataFrame([row], columns=list(_COLUMNS))
    if method == "mcnemar-exact":
        res = mcnemar(arr, exact=True)
        row.update(statistic=float(res.statistic), df=np.nan, p_value=float(res.pvalue),
                   p_method="exact McNemar (binomial)")
        return pd.DataFrame([row], columns=list(_COLUMNS))
    moving = (off.sum(axis=0) + off.sum(axis=1)) > 0
    reduced = arr[np.ix_(moving, moving)]
    # a unit that stayed in a dropped category is still a unit: keep n for Bhapkar
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        sm = SquareTable(reduced, shift_zeros=False).homogeneity("stuart_maxwell")
    stat, df = float(sm.statistic), int(sm.df)
    label = "Stuart-Maxwell (chi-square)"
    if method == "bhapkar" and np.isfinite(stat):
        stat = stat / (1 - stat / n) if stat < n else np.inf
        label = "Bhapkar (chi-square)"
    p = float(stats.chi2.sf(stat, df)) if np.isfinite(stat) else (0.0 if stat == np.inf else np.nan)
    note = "chi-square approximation with fewer than 10 units changing category" if n_changed < 10 else ""
    if not np.isfinite(sm.statistic):
        note = "covariance matrix singular: no test"
    row.update(statistic=stat, df=df, p_value=p, p_method=label, note=note)
    return pd.DataFrame([row], columns=list(_COLUMNS))


def marginal_homogeneity_family(tables: Mapping[str, object], *, method: str = "auto") -> pd.DataFrame:
    """Marginal homogeneity per item, with Holm's correction across the family.

    Parameters
    ----------
    tables : mapping of str to array_like
        Item id -> square table of linked units (see
        :func:`marginal_homogeneity`).
    method : str, default "auto"
        Passed to :func:`marginal_homogeneity`.

    Returns
    -------
    pandas.DataFrame
        One row per item (column ``item``) with the columns of
        :func:`marginal_homogeneity` and ``p_holm``: Holm's adjusted p-value
        over the items that have a test (statsmodels ``multipletests``).

    References
    ----------
    Holm, S. (1979). A simple sequentially rejective multiple test procedure.
    *Scandinavian Journal of Statistics* 6, 65-70.

    Examples
    --------
    >>> fam = marginal_homogeneity_family({"green": [[2, 0], [6, 1]], "ict": [[4, 1], [1, 3]]})
    >>> [round(float(x), 4) for x in fam.p_value], [round(float(x), 4) for x in fam.p_holm]
    ([0.0312, 1.0], [0.0625, 1.0])
    """
    if not isinstance(tables, Mapping) or not tables:
        raise SurveyInputError("tables must be a non-empty mapping of item id to square table")
    frame = pd.concat([marginal_homogeneity(t, method=method) for t in tables.values()], ignore_index=True)
    frame.insert(0, "item", list(tables))
    tested = frame["p_value"].notna().to_numpy()
    frame["p_holm"] = np.nan
    if tested.any():
        frame.loc[tested, "p_holm"] = multipletests(frame.loc[tested, "p_value"].to_numpy(), method="holm")[1]
    return frame
