"""Multiple comparisons: adjusting a family of p-values.

A family is, for example, every pair of respondent types compared on one item,
or every pair of sectors compared within one respondent type. The adjustment is
statsmodels' (:func:`statsmodels.stats.multitest.multipletests`); this module
adds what a table of tests with degenerate rows needs: a missing p-value (a test
that could not be done) stays missing and does not count in the family.

>>> from survey_inventory.stats.multiplicity import holm
>>> holm([0.01, 0.02])
array([0.02, 0.02])
"""
from __future__ import annotations

import numpy as np
from statsmodels.stats.multitest import multipletests

from ..frozen import objects_frozen

__all__ = ["holm"]


def holm(p_values) -> np.ndarray:
    """Holm's step-down adjustment of a family of p-values; ``NaN`` stays ``NaN``
    and does not count in the family.

    ``p_(i)`` sorted ascending among the ``m`` non-missing p-values becomes
    ``max_{j <= i} min(1, (m - j + 1) p_(j))``, computed by
    ``statsmodels.stats.multitest.multipletests(method="holm")``.

    Parameters
    ----------
    p_values : array_like
        The family's p-values; ``NaN`` for a test that was not done.

    Returns
    -------
    numpy.ndarray
        The adjusted p-values, in the order given, ``NaN`` where the input is.

    References
    ----------
    Holm, S. (1979). A simple sequentially rejective multiple test procedure.
    *Scandinavian Journal of Statistics* 6, 65-70.

    Examples
    --------
    >>> holm([0.01, 0.04, 0.03, float("nan")])
    array([0.03, 0.06, 0.06,  nan])
    """
    p = np.asarray(p_values, dtype=float).ravel()
    out = np.full(p.shape, np.nan)
    ok = ~np.isnan(p)
    if ok.any():
        out[ok] = _without_full_collection(multipletests, p[ok], method="holm")[1]
    return out


def _without_full_collection(func, *args, **kwargs):
    """``func(*args, **kwargs)`` with the objects that exist now exempt from garbage collection.

    statsmodels' ``multipletests(method="holm")`` calls ``gc.collect()`` (statsmodels
    0.14-0.15, ``stats/multitest.py``); with the tidy table and codebook in memory that
    costs about 0.15 s a family, and ``comparisons`` adjusts a family per item. Freezing
    the existing objects for the call makes that collection cheap; nothing is lost (they
    are collected as before once unfrozen)."""
    with objects_frozen():
        return func(*args, **kwargs)
