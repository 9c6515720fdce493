"""Simultaneous confidence intervals for all categories of one distribution.

:func:`multinomial_ci` gives intervals that hold *jointly* for the ``K``
categories of one item among one respondent type, as **proportions** (0 to 1)
like :func:`survey_inventory.stats.intervals.proportion_ci`.  Bonferroni versions
use :func:`~survey_inventory.stats.intervals.proportion_ci` at level
``1 - (1 - level)/K``; Goodman and Sison-Glaz come from statsmodels'
``multinomial_proportions_confint``.  ``docs/methods.md`` explains the choices.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
from statsmodels.stats.proportion import multinomial_proportions_confint

from ..errors import SurveyInputError
from ..options import SIMULTANEOUS_METHODS
from ._counts import as_float, broadcast_counts, check_level
from .intervals import proportion_ci

__all__ = ["MULTINOMIAL_METHODS", "multinomial_ci"]

#: Methods accepted by :func:`multinomial_ci` (the list of :data:`survey_inventory.options.SIMULTANEOUS_METHODS`).
MULTINOMIAL_METHODS = SIMULTANEOUS_METHODS


def multinomial_ci(counts, *, method="bonferroni-exact", level=0.95, population=None, sample_n=None,
                   domain=None) -> pd.DataFrame:
    """Simultaneous confidence intervals for all categories of one distribution.

    Parameters
    ----------
    counts : array_like of int, 1-D
        Count of each category; ``n`` is their sum.
    method : str, default "bonferroni-exact"
        One of :data:`MULTINOMIAL_METHODS`:

        * ``"bonferroni-exact"``: each of the ``K`` categories gets the exact
          interval at level ``1 - (1 - level)/K`` (Blaker's hypergeometric
          interval if ``population`` is given, the domain union for a routed
          item, else Clopper-Pearson; see
          :func:`survey_inventory.stats.intervals.proportion_ci`); every
          single interval covers with probability ``>= 1 - (1 - level)/K``,
          so by Bonferroni's inequality all cover jointly with probability
          ``>= level``.
        * ``"bonferroni-wilson"``: the same with Wilson's interval, which
          ignores the population. Wilson's interval is not exact, so its joint
          coverage is not guaranteed: by complete enumeration of the
          multinomial (K = 3, tests/test_stats_simultaneous.py) it is 0.86
          at n = 6 with one rare category and 0.94 at n = 27 with equal
          shares; use it for large bases only.
        * ``"goodman"``: Goodman (1965) via statsmodels; refused unless
          every count is at least 5.
        * ``"sison-glaz"``: Sison & Glaz (1995) via statsmodels; refused
          with fewer than 7 categories.
    level : float, default 0.95
        Simultaneous confidence level.
    population : int, optional
        Population size ``N``.  Used by ``"bonferroni-exact"``; for every
        method ``n == N`` (a census) gives zero-width intervals.
    sample_n : int, optional
        Full sample size of the respondent type when the distribution is a
        domain (a routed item asked of ``n`` of ``sample_n`` respondents):
        ``"bonferroni-exact"`` then uses the exact domain interval of
        :func:`~survey_inventory.stats.intervals.proportion_ci`, and
        ``sample_n == N`` is a census.
    domain : bool, optional
        True for a routed item even when everyone was asked (see
        :func:`~survey_inventory.stats.intervals.proportion_ci`).

    Returns
    -------
    pandas.DataFrame
        One row per category: ``ci_lower``, ``ci_upper`` (proportions in
        [0, 1], not percentages) and ``ci_method``.

    Raises
    ------
    ValueError
        (:class:`~survey_inventory.errors.SurveyInputError`) for an unknown
        method, a level outside (0, 1), bad counts, or when the method's
        conditions do not hold (the message names the condition).

    References
    ----------
    Goodman, L. A. (1965). On simultaneous confidence intervals for
    multinomial proportions. Technometrics 7, 247-254.

    Sison, C. P. & Glaz, J. (1995). Simultaneous confidence intervals and
    sample size determination for multinomial proportions. JASA 90, 366-369.

    Wilson, E. B. (1927); Clopper, C. J. & Pearson, E. S. (1934); see
    :func:`survey_inventory.stats.intervals.proportion_ci`.

    Examples
    --------
    >>> from survey_inventory.stats.simultaneous import multinomial_ci
    >>> multinomial_ci([10, 6, 11], method="bonferroni-wilson").round(4)
       ci_lower  ci_upper                  ci_method
    0    0.1897    0.5964  bonferroni-wilson: wilson
    1    0.0902    0.4515  bonferroni-wilson: wilson
    2    0.2174    0.6299  bonferroni-wilson: wilson

    With 27 of 35 units answering, the exact default is much tighter:

    >>> out = multinomial_ci([10, 6, 11], population=35)
    >>> out[["ci_lower", "ci_upper"]].round(4)
       ci_lower  ci_upper
    0    0.2857    0.4857
    1    0.1714    0.3143
    2    0.3143    0.5143
    >>> out.loc[0, "ci_method"]
    'bonferroni-exact: hypergeometric exact Blaker (N=35)'

    Goodman's intervals need at least 5 in every category:

    >>> multinomial_ci([10, 6, 4], method="goodman")
    Traceback (most recent call last):
    ...
    survey_inventory.errors.SurveyInputError: goodman requires every category count >= 5; category 2 has 4 (use bonferroni-wilson or bonferroni-exact)
    """
    if method not in MULTINOMIAL_METHODS:
        raise SurveyInputError(
            f"unknown multinomial method {method!r}; choose one of {', '.join(MULTINOMIAL_METHODS)}"
        )
    level = check_level(level)
    counts = as_float(counts, "counts")
    if counts.ndim != 1 or counts.size == 0:
        raise SurveyInputError("counts must be a non-empty 1-D array of category counts", value=counts.shape)
    if np.isnan(counts).any():
        raise SurveyInputError("counts must not contain missing values")
    n = counts.sum()
    broadcast_counts(counts, n, population, sample_n)  # validation only
    n_cat = counts.size
    s = n if sample_n is None or np.isnan(float(sample_n)) else float(sample_n)
    if population is not None and not np.isnan(float(population)) and s == float(population) and n > 0:
        return proportion_ci(counts, n, population=population, sample_n=s, method="auto", level=level)
    if method == "goodman":
        small = np.flatnonzero(counts < 5)
        if small.size:
            raise SurveyInputError(
                f"goodman requires every category count >= 5; category {int(small[0])} has "
                f"{int(counts[small[0]])} (use bonferroni-wilson or bonferroni-exact)"
            )
    if method == "sison-glaz" and n_cat < 7:
        raise SurveyInputError(
            f"sison-glaz requires at least 7 categories; got {n_cat} (use bonferroni-wilson or bonferroni-exact)"
        )
    if n == 0:
        return proportion_ci(counts, n, method="wilson", level=level)
    if method in ("goodman", "sison-glaz"):
        region = multinomial_proportions_confint(counts, alpha=1 - level, method=method)
        return pd.DataFrame(
            {
                "ci_lower": np.clip(region[:, 0], 0, 1),
                "ci_upper": np.clip(region[:, 1], 0, 1),
                "ci_method": f"{method} simultaneous (K={n_cat})",
            }
        )
    each = 1 - (1 - level) / n_cat
    single = "wilson" if method == "bonferroni-wilson" else "blaker"
    pop = population if method == "bonferroni-exact" else None
    out = proportion_ci(counts, n, population=pop, sample_n=sample_n if pop is not None else None,
                        domain=domain if pop is not None else None, method=single, level=each)
    out["ci_method"] = method + ": " + out["ci_method"]
    return out
