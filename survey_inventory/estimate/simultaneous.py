"""Simultaneous intervals: bands that hold jointly for all categories of a distribution.

:func:`simultaneous_intervals` adds ``sim_*`` columns to the output of
:func:`survey_inventory.estimate.distributions`, one band per category from
:func:`survey_inventory.stats.simultaneous.multinomial_ci`, as percentages (0 to
100) like the rest of ``distributions.csv``.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import SurveyInputError
from ..options import SIMULTANEOUS_METHODS

__all__ = ["SIMULTANEOUS_COLUMNS", "simultaneous_intervals"]

#: Columns :func:`simultaneous_intervals` adds to ``distributions.csv``.
SIMULTANEOUS_COLUMNS = ["sim_lower", "sim_upper", "sim_method", "sim_level"]


def simultaneous_intervals(dist: pd.DataFrame, method: str, *, level: float = 0.95) -> pd.DataFrame:
    """``dist`` (from :func:`~survey_inventory.estimate.distributions`) with simultaneous intervals for each distribution.

    For every distribution (one item among one respondent type) the intervals in
    ``sim_lower``/``sim_upper`` (percentages 0-100) hold *jointly* for all its
    ``K`` categories at ``level``, by
    :func:`survey_inventory.stats.simultaneous.multinomial_ci` (proportions,
    multiplied by 100 here) with ``method`` (one of
    :data:`survey_inventory.options.SIMULTANEOUS_METHODS`); ``ci_lower``/``ci_upper``
    stay what they are, intervals for each category on its own. ``sim_method``
    says which kind each row shows (``"simultaneous, K=3: bonferroni-exact:
    hypergeometric exact (N=12)"``, a census, or an empty base). Routed items are
    domains for ``bonferroni-exact`` as for the single intervals. No existing
    column changes; with ``method="none"`` ``dist`` is returned unchanged.

    Parameters
    ----------
    dist : pandas.DataFrame
        Distributions as :func:`~survey_inventory.estimate.distributions` gives
        them: at least ``item``, ``respondent_type``, ``count``,
        ``population_n``, ``sample_n`` and ``domain`` (``category_order``
        orders the categories when present).
    method : str
        ``"none"`` or one of :data:`survey_inventory.options.SIMULTANEOUS_METHODS`.
    level : float, default 0.95
        Simultaneous confidence level, strictly between 0 and 1.

    Returns
    -------
    pandas.DataFrame
        A copy of ``dist`` with :data:`SIMULTANEOUS_COLUMNS` added;
        ``sim_lower`` and ``sim_upper`` are percentages (0-100).

    Raises
    ------
    SurveyInputError
        When ``method`` is unknown, or its conditions fail for some distribution
        (Goodman: a count below 5; Sison-Glaz: fewer than 7 categories). The
        message names the item and respondent type.

    References
    ----------
    Goodman, L. A. (1965); Sison, C. P. & Glaz, J. (1995); see
    :func:`survey_inventory.stats.simultaneous.multinomial_ci`.

    Examples
    --------
    >>> import pandas as pd
    >>> d = pd.DataFrame({"item": "q", "respondent_type": "amr", "category_order": [1, 2, 3],
    ...                   "count": [10, 6, 11], "base_n": 27, "population_n": pd.array([35] * 3, dtype="Int64"),
    ...                   "sample_n": 27, "domain": False})
    >>> out = simultaneous_intervals(d, "bonferroni-exact")
    >>> out[["count", "sim_lower", "sim_upper"]]
       count  sim_lower  sim_upper
    0     10    28.5714    48.5714
    1      6    17.1429    31.4286
    2     11    31.4286    51.4286
    >>> out.loc[0, "sim_method"]
    'simultaneous, K=3: bonferroni-exact: hypergeometric exact Blaker (N=35)'
    """
    from ..stats.simultaneous import multinomial_ci

    if method == "none":
        return dist
    if method not in SIMULTANEOUS_METHODS:
        raise SurveyInputError(f"unknown simultaneous interval method {method!r}",
                               expected="none, " + ", ".join(SIMULTANEOUS_METHODS))
    out = dist.copy()
    lower = np.full(len(out), np.nan)
    upper = np.full(len(out), np.nan)
    label = np.full(len(out), "", dtype=object)
    order = out["category_order"].to_numpy() if "category_order" in out.columns else np.arange(len(out))
    for (item, type_id), positions in out.groupby(["item", "respondent_type"], sort=False, observed=True).indices.items():
        pos = np.asarray(positions)
        pos = pos[np.argsort(order[pos], kind="stable")]
        counts = out["count"].to_numpy()[pos].astype(float)
        first = out.iloc[pos[0]]
        population = pd.to_numeric(pd.Series([first.get("population_n")]), errors="coerce").iloc[0]
        domain = bool(first.get("domain", False))
        # a routed item is a domain; asked-but-unanswered units are unknown like non-respondents
        sample_n = float(first["sample_n"]) - float(first.get("item_missing_n", 0) or 0) if domain else None
        if counts.sum() == 0:
            label[pos] = "no respondents in base"
            continue
        try:
            ci = multinomial_ci(counts, method=method, level=level,
                                population=None if pd.isna(population) else float(population), sample_n=sample_n,
                                domain=domain)
        except SurveyInputError as exc:
            raise SurveyInputError(f"simultaneous intervals ({method}) for item {item!r}, respondent type "
                                   f"{type_id!r}: {exc}") from None
        lower[pos] = 100.0 * ci["ci_lower"].to_numpy(dtype=float)  # proportions (0-1) -> percentages (0-100)
        upper[pos] = 100.0 * ci["ci_upper"].to_numpy(dtype=float)
        label[pos] = (f"simultaneous, K={len(pos)}: " + ci["ci_method"].astype(str)).to_numpy()
    out["sim_lower"] = np.round(lower, 4)
    out["sim_upper"] = np.round(upper, 4)
    out["sim_method"] = label.astype(str)
    out["sim_level"] = level
    return out
