"""Change of a proportion between two waves: one entry point for every design.

A figure cell present in two waves has units answering both (linked by a unit
id that stays the same: province code, AMR name, fund), units answering only
the first and units answering only the second.  :func:`linked_counts` turns
two answer series indexed by unit id into those counts, and
:func:`change_ci` picks the interval: paired
(:func:`~survey_inventory.stats.change_paired.paired_difference_ci`),
independent (:func:`~survey_inventory.stats.change_independent.independent_difference_ci`)
or partially paired
(:func:`~survey_inventory.stats.change_partial.partially_paired_difference_ci`).

Every result row has the columns ``p_from, p_to, change, ci_lower, ci_upper,
ci_method, n_paired, n_from_only, n_to_only``; ``change = p_to - p_from`` and
the limits are **proportions** (multiply by 100 for percentage points).

>>> import pandas as pd
>>> wave1 = pd.Series({"DR": 1, "FL": 0, "FR": 0, "GE": 1, "GR": 0})
>>> wave2 = pd.Series({"DR": 1, "FL": 1, "FR": 0, "GE": 1, "LI": 1})
>>> counts = linked_counts(wave1, wave2)
>>> counts["table"].tolist(), counts["n_from_only"], counts["n_to_only"]
([[2, 0], [1, 1]], 1, 1)
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import SurveyInputError
from .change_common import RESULT_COLUMNS, wilson_limits
from .change_independent import INDEPENDENT_METHODS, independent_difference_ci
from .change_paired import PAIRED_METHODS, paired_difference_ci
from .change_partial import PARTIAL_METHODS, partially_paired_difference_ci

__all__ = [
    "RESULT_COLUMNS",
    "PAIRED_METHODS",
    "INDEPENDENT_METHODS",
    "PARTIAL_METHODS",
    "linked_counts",
    "change_ci",
    "paired_difference_ci",
    "independent_difference_ci",
    "partially_paired_difference_ci",
    "wilson_limits",
]


def _indicator(series: pd.Series, name: str) -> pd.Series:
    if not isinstance(series, pd.Series):
        raise SurveyInputError(f"{name} must be a pandas Series indexed by unit id", value=type(series).__name__)
    if series.index.has_duplicates:
        dup = series.index[series.index.duplicated()][0]
        raise SurveyInputError(f"{name}: unit id {dup!r} occurs twice")
    values = series.dropna()
    bad = ~values.isin([0, 1, True, False])
    if bad.any():
        raise SurveyInputError(f"{name}: answers must be 0/1 (or missing)", value=values[bad].iloc[0],
                               expected=f"unit {values[bad].index[0]!r}")
    return values.astype(int)


def linked_counts(wave_from: pd.Series, wave_to: pd.Series) -> dict:
    """Paired table and one-wave counts from two 0/1 answer series indexed by unit id.

    Parameters
    ----------
    wave_from, wave_to : pandas.Series
        One entry per unit in the base of the cell in that wave: 1 if the
        unit gives the answer of the cell, 0 if not, missing if the unit is
        not in the base (left out of that wave).  The index is the unit id
        that links the waves.

    Returns
    -------
    dict
        ``table`` (2 x 2 numpy int array ``[[a, b], [c, d]]``, rows wave_from
        yes/no, columns wave_to yes/no), ``k_from_only``, ``n_from_only``,
        ``k_to_only``, ``n_to_only``: the arguments of :func:`change_ci`.

    Raises
    ------
    ValueError
        (:class:`~survey_inventory.errors.SurveyInputError`) for a duplicated
        unit id or an answer that is not 0/1.

    Examples
    --------
    >>> out = linked_counts(pd.Series({"a": 1, "b": 0}), pd.Series({"a": 0, "b": 0, "c": 1}))
    >>> out["table"].tolist(), out["k_to_only"], out["n_to_only"]
    ([[0, 1], [0, 1]], 1, 1)
    """
    x = _indicator(wave_from, "wave_from")
    y = _indicator(wave_to, "wave_to")
    both = x.index.intersection(y.index)
    xf, yt = x.loc[both].to_numpy(), y.loc[both].to_numpy()
    table = np.array([[np.sum((xf == 1) & (yt == 1)), np.sum((xf == 1) & (yt == 0))],
                      [np.sum((xf == 0) & (yt == 1)), np.sum((xf == 0) & (yt == 0))]], dtype=int)
    only_from = x.drop(both)
    only_to = y.drop(both)
    return {"table": table, "k_from_only": int(only_from.sum()), "n_from_only": int(only_from.size),
            "k_to_only": int(only_to.sum()), "n_to_only": int(only_to.size)}


def change_ci(table, k_from_only=0, n_from_only=0, k_to_only=0, n_to_only=0, *, population=None,
              method: str = "auto", level: float = 0.95) -> pd.DataFrame:
    """Interval for ``p_to - p_from`` of one or many figure cells, whatever the linking.

    Parameters
    ----------
    table : array_like
        Paired table(s) of the linked units, ``[[a, b], [c, d]]`` or shape
        ``(m, 2, 2)``; all zeros when no unit is linked.
    k_from_only, n_from_only, k_to_only, n_to_only : int or array_like, default 0
        Answers and bases of the units seen in one wave only.
    population : int or array_like, optional
        Number of units in the population (the same in both waves).
    method : str, default "auto"
        ``"auto"``: paired rows (no one-wave units) get
        :func:`paired_difference_ci`'s ``auto`` (exact for a known population
        of at most 60 units, else Tango), rows without linked units
        :func:`independent_difference_ci`'s ``auto``, mixed rows
        :func:`partially_paired_difference_ci`'s ``auto``.  Any method of
        :data:`PARTIAL_METHODS` is passed on to the partially paired
        function.
    level : float, default 0.95

    Returns
    -------
    pandas.DataFrame
        Columns :data:`RESULT_COLUMNS`, one row per cell.

    References
    ----------
    See :mod:`.change_paired`, :mod:`.change_independent`, :mod:`.change_partial`.

    Examples
    --------
    >>> wave1 = pd.Series({"DR": 1, "FL": 0, "FR": 0, "GE": 1, "GR": 0, "LI": 0, "NB": 1, "NH": 0, "OV": 0})
    >>> wave2 = pd.Series({"DR": 1, "FL": 1, "FR": 0, "GE": 1, "GR": 1, "LI": 0, "NB": 1, "NH": 0, "OV": 0})
    >>> row = change_ci(**linked_counts(wave1, wave2), population=12).iloc[0]
    >>> round(float(row.change) * 100, 1), round(row.ci_lower * 12), round(row.ci_upper * 12), row.ci_method
    (22.2, 0, 4, 'exact finite population (N=12, n=9)')
    """
    return partially_paired_difference_ci(table, k_from_only, n_from_only, k_to_only, n_to_only,
                                          population=population, method=method, level=level)
