"""How far a figure could move because of the units that did not answer.

With ``k`` of ``n`` respondents giving an answer in a population of ``N`` units, the
``m = N - n`` non-respondents' answers are unknown.  If their proportion ``q`` lies in
``[q_lo, q_hi]``, the population proportion ``P = (k + m q)/N`` lies in
``[(k + m q_lo)/N, (k + m q_hi)/N]``:

* **worst case** (Manski 2003): ``q`` anything in ``[0, 1]``, so
  ``[k/N, (k + m)/N]`` -- no assumption at all;
* **sensitivity** for a stated largest difference ``delta`` between non-respondents and
  respondents: ``|q - k/n| <= delta``, so ``q`` in
  ``[max(0, p - delta), min(1, p + delta)]`` with ``p = k/n``, and ``P`` moves at most
  ``(m/N) delta`` from ``p``.  ``delta = 1`` gives the worst case, ``delta = 0`` the
  point ``p`` (non-response ignorable).

For a routed item (a domain: asked of ``n`` of the ``s`` respondents) the ``N - s``
non-respondents may or may not belong to the domain.  With ``m'`` of them in it,
``P = (k + m' q)/(n + m')`` is a weighted average of ``p`` and ``q`` whose weight on
``q`` grows with ``m'``, so the extremes are at ``m' = m = N - s``: the same formula
with ``n + m`` in the denominator.  These bounds contain no sampling error.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from survey_inventory.errors import SurveyInputError

__all__ = ["nonresponse_bounds"]


def nonresponse_bounds(count, n, population, *, delta=1.0, sample_n=None) -> pd.DataFrame:
    """Bounds on a population proportion for non-respondents differing by at most ``delta``.

    Parameters
    ----------
    count : int or array_like
        Respondents giving the answer (``k``).
    n : int or array_like
        Respondents in the base (``n >= 1``).
    population : int or array_like
        Population size ``N``; NaN or None: bounds NaN.
    delta : float or array_like, default 1.0
        Largest difference between the non-respondents' and the respondents'
        proportion, in [0, 1].  1: worst-case bounds.
    sample_n : int or array_like, optional
        All respondents of the type when the base is a domain (routed item);
        default ``n`` (not a domain).

    Returns
    -------
    pandas.DataFrame
        ``lower``, ``upper`` (proportions) and ``nonresponse`` (``m/(n + m)``, the share
        of the base's population that did not answer), one row per broadcast element.

    Raises
    ------
    ValueError
        (:class:`~survey_inventory.errors.SurveyInputError`) for ``count > n``,
        ``n > sample_n``, ``sample_n > N``, ``delta`` outside [0, 1] or negative
        counts.

    References
    ----------
    Manski, C. F. (2003). *Partial Identification of Probability Distributions*.
    Springer, chapter 1 (bounds under missing outcomes).

    Examples
    --------
    120 of 342 municipalities answered, 30 of them say yes:

    >>> from survey_inventory.stats.bounds import nonresponse_bounds
    >>> nonresponse_bounds(30, 120, 342).round(4)
        lower   upper  nonresponse
    0  0.0877  0.7368       0.6491
    >>> nonresponse_bounds(30, 120, 342, delta=0.1).round(4)
        lower   upper  nonresponse
    0  0.1851  0.3149       0.6491

    A routed item asked of 26 of the 27 responding regions (N = 35):

    >>> nonresponse_bounds(12, 26, 35, sample_n=27).round(4)
        lower   upper  nonresponse
    0  0.3529  0.5882       0.2353
    """
    k, base, N, s, d = (np.asarray(np.nan if v is None else v, dtype=float)
                        for v in (count, n, population, sample_n, delta))
    k, base, N, s, d = np.broadcast_arrays(k, base, N, s, d)
    s = np.where(np.isnan(s), base, s)
    for bad, text in (
        ((k < 0) | (base < 1), "count must be >= 0 and n >= 1"),
        (k > base, "count must not exceed n"),
        (base > s, "n must not exceed sample_n"),
        (s > N, "the respondents must not outnumber the population"),
        ((d < 0) | (d > 1) | np.isnan(d), "delta must be between 0 and 1"),
    ):
        if np.any(bad):
            position = int(np.flatnonzero(np.ravel(bad))[0])
            raise SurveyInputError(f"{text} (first at position {position})")
    m = N - s
    p = k / base
    low_q = np.maximum(0.0, p - d)
    high_q = np.minimum(1.0, p + d)
    return pd.DataFrame({
        "lower": np.ravel((k + m * low_q) / (base + m)),
        "upper": np.ravel((k + m * high_q) / (base + m)),
        "nonresponse": np.ravel(m / (base + m)),
    })
