"""Who answered: linking respondents to a population frame, response rates, and tests.

A frame lists every unit that was approached (unit id plus attributes such as province
or size class).  :func:`link_frame` turns the respondents' ids into a response
indicator over the frame (and refuses duplicate or unknown ids); then, per frame
attribute, :func:`response_rates` gives targeted, responded and the response rate,
:func:`response_independence_test` an exact test of independence between response and
the attribute, and :func:`r_indicator` the representativeness indicator of Schouten,
Cobben & Bethlehem (2009) with a bootstrap standard error.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import statsmodels.api as sm
from scipy import stats
from scipy.special import gammaln

from survey_inventory.errors import SurveyInputError

__all__ = ["link_frame", "response_rates", "response_independence_test", "r_indicator"]

#: Largest number of tables enumerated for the exact test; beyond it, Monte Carlo.
MAX_EXACT_TABLES = 1_000_000


def link_frame(frame_ids, respondent_ids) -> np.ndarray:
    """Response indicator over the frame, after checking both id lists.

    Parameters
    ----------
    frame_ids : array_like
        Unit id of every frame (population) unit.
    respondent_ids : array_like
        Unit id of every respondent.

    Returns
    -------
    numpy.ndarray of bool
        For each frame unit, in frame order: did it respond.

    Raises
    ------
    ValueError
        (:class:`~survey_inventory.errors.SurveyInputError`) with one line naming the
        unit: a missing id, a frame unit listed twice, a respondent listed twice, or a
        respondent that is not in the frame.

    Examples
    --------
    >>> from survey_inventory.stats.response import link_frame
    >>> link_frame(["GM01", "GM02", "GM03"], ["GM03", "GM01"]).tolist()
    [True, False, True]
    >>> link_frame(["GM01", "GM02", "GM01"], ["GM01"])
    Traceback (most recent call last):
    ...
    survey_inventory.errors.SurveyInputError: frame unit 'GM01' is listed twice (positions 0 and 2)
    >>> link_frame(["GM01", "GM02"], ["GM07"])
    Traceback (most recent call last):
    ...
    survey_inventory.errors.SurveyInputError: respondent 'GM07' is not in the frame
    """
    frame = _ids(frame_ids, "frame unit")
    respondents = _ids(respondent_ids, "respondent")
    for ids, what in ((frame, "frame unit"), (respondents, "respondent")):
        twice = ids.duplicated(keep=False)
        if twice.any():
            unit = ids[twice.to_numpy()].iloc[0]
            where = np.flatnonzero((ids == unit).to_numpy())
            raise SurveyInputError(f"{what} {unit!r} is listed twice (positions {where[0]} and {where[1]})")
    unknown = ~respondents.isin(frame)
    if unknown.any():
        raise SurveyInputError(f"respondent {respondents[unknown.to_numpy()].iloc[0]!r} is not in the frame")
    return frame.isin(respondents).to_numpy()


def response_rates(responded, attribute) -> pd.DataFrame:
    """Targeted units, respondents and response rate per category of a frame attribute.

    Parameters
    ----------
    responded : array_like of bool
        Response indicator per frame unit (:func:`link_frame`).
    attribute : array_like
        The attribute's category per frame unit (no missing values).

    Returns
    -------
    pandas.DataFrame
        One row per category (sorted): ``category``, ``targeted``, ``responded``,
        ``response_rate`` (0..1).  (The totals are the column sums.)

    Examples
    --------
    >>> from survey_inventory.stats.response import response_rates
    >>> response_rates([1, 1, 0, 1, 0, 0], ["s", "s", "s", "l", "l", "l"])
      category  targeted  responded  response_rate
    0        l         3          1       0.333333
    1        s         3          2       0.666667
    """
    r, labels = _response_and_labels(responded, attribute)
    table = pd.DataFrame({"category": labels, "responded": r.astype(int)})
    out = table.groupby("category", sort=True)["responded"].agg(targeted="size", responded="sum").reset_index()
    out["targeted"] = out["targeted"].astype(int)
    out["responded"] = out["responded"].astype(int)
    out["response_rate"] = out["responded"] / out["targeted"]
    return out


def response_independence_test(responded, attribute, *, resamples=9999, seed=2025) -> pd.Series:
    """Exact test of independence between response and a frame attribute.

    Given the margins (units per category, respondents in all), the number of
    respondents per category is multivariate hypergeometric under independence.  The
    p-value is the probability of a table at most as probable as the observed one
    (Fisher's exact test; for more than two categories Freeman & Halton's extension).
    Two categories use :func:`scipy.stats.fisher_exact`; more are enumerated exactly
    when there are at most :data:`MAX_EXACT_TABLES` tables, else ``resamples`` random
    tables (:func:`scipy.stats.random_table`) give ``(1 + #{P* <= P}) / (1 + B)``.
    Ties are taken within a relative ``1e-7``, as R's ``fisher.test``.

    Parameters
    ----------
    responded : array_like of bool
        Response indicator per frame unit.
    attribute : array_like
        The attribute's category per frame unit.
    resamples : int, default 9999
        Monte Carlo tables when enumeration is too large.
    seed : int, default 2025
        Seed of the Monte Carlo tables.

    Returns
    -------
    pandas.Series
        ``p_value``, ``p_method`` (``"exact"`` or the Monte Carlo setting),
        ``test`` and ``categories``.  A single category (nothing to test) or a
        response rate of 0 or 1 give ``p_value = 1``.

    References
    ----------
    Fisher, R. A. (1935). The logic of inductive inference. *JRSS* 98, 39-82.

    Freeman, G. H. & Halton, J. H. (1951). Note on an exact treatment of contingency,
    goodness of fit and other problems of significance. *Biometrika* 38, 141-149.

    Phipson, B. & Smyth, G. K. (2010). Permutation p-values should never be zero.
    *Stat. Appl. Genet. Mol. Biol.* 9, article 39.

    Examples
    --------
    >>> from survey_inventory.stats.response import response_independence_test
    >>> responded = [1] * 9 + [0] * 3 + [1] * 2 + [0] * 8
    >>> size = ["large"] * 12 + ["small"] * 10
    >>> out = response_independence_test(responded, size)
    >>> round(out["p_value"], 6), out["test"]
    (0.029973, 'Fisher exact (2 x 2)')
    """
    r, labels = _response_and_labels(responded, attribute)
    codes, categories = pd.factorize(labels, sort=True)
    sizes = np.bincount(codes)
    observed = np.bincount(codes, weights=r.astype(float)).astype(int)
    total = int(r.sum())
    k = sizes.size
    base = pd.Series({"p_value": 1.0, "p_method": "exact", "test": f"Fisher-Freeman-Halton exact ({k} x 2)",
                      "categories": k}, dtype=object)
    if k == 2:
        table = np.column_stack([observed, sizes - observed])
        base["p_value"] = float(stats.fisher_exact(table)[1])
        base["test"] = "Fisher exact (2 x 2)"
        return base
    if k < 2 or total in (0, r.size):
        return base
    log_obs = _log_weight(observed[None, :], sizes).item()
    limit = log_obs + np.log1p(1e-7)
    if _table_count(sizes, total) <= MAX_EXACT_TABLES:
        tables = _all_tables(sizes, total)
        logw = _log_weight(tables, sizes)
        log_all = gammaln(r.size + 1) - gammaln(total + 1) - gammaln(r.size - total + 1)
        base["p_value"] = float(min(1.0, np.exp(logw[logw <= limit] - log_all).sum()))
        return base
    rng = np.random.default_rng(seed)
    drawn = stats.random_table(sizes, [total, r.size - total]).rvs(int(resamples), random_state=rng)[:, :, 0]
    hits = int((_log_weight(drawn, sizes) <= limit).sum())
    base["p_value"] = (1 + hits) / (1 + int(resamples))
    base["p_method"] = f"Monte Carlo, {int(resamples)} random tables (seed {seed})"
    return base


def r_indicator(responded, attributes, *, bootstrap=500, seed=2025, level=0.95) -> pd.Series:
    """R-indicator of representativeness, ``R = 1 - 2 S(rho)``, with a bootstrap SE.

    Response propensities ``rho_i`` come from a logistic regression of response on the
    frame attributes (main effects, categories as dummies; statsmodels), ``S`` is their
    standard deviation over the frame units, ``sqrt(sum (rho_i - rho_bar)^2/(N - 1))``.
    ``R = 1``: response does not depend on the attributes; the smallest possible value
    is 0.  The standard error is the standard deviation of ``R`` over ``bootstrap``
    resamples of the frame units with replacement, the model refitted each time
    (as Schouten et al. 2009 do): resample ``b`` takes the units
    ``numpy.random.default_rng(seed).integers(0, N, N)`` (the generator drawn on in
    turn).  The interval is ``R +- z SE`` (normal).

    Parameters
    ----------
    responded : array_like of bool
        Response indicator per frame unit (every frame unit approached, design weight 1).
    attributes : pandas.DataFrame or mapping of str to array_like
        Frame attributes per unit (categorical).
    bootstrap : int, default 500
        Bootstrap resamples (0: no standard error).
    seed : int, default 2025
    level : float, default 0.95

    Returns
    -------
    pandas.Series
        ``r_indicator``, ``se``, ``ci_lower``, ``ci_upper``, ``propensity_sd``,
        ``propensity_min``, ``propensity_max``, ``response_rate``, ``model``, ``units``.

    References
    ----------
    Schouten, B., Cobben, F. & Bethlehem, J. (2009). Indicators for the
    representativeness of survey response. *Survey Methodology* 35, 101-113.

    Examples
    --------
    One attribute: the propensities are the categories' response rates (2/3 and 1/3),
    so ``S = sqrt(6 * (1/6)^2 / 5)``:

    >>> from survey_inventory.stats.response import r_indicator
    >>> out = r_indicator([1, 1, 0, 1, 0, 0], {"size": ["s", "s", "s", "l", "l", "l"]}, bootstrap=0)
    >>> round(out["r_indicator"], 6), round(1 - 2 * (6 * (1 / 6) ** 2 / 5) ** 0.5, 6)
    (0.634852, 0.634852)
    >>> out["model"]
    'logit(response) ~ size'
    """
    frame = pd.DataFrame(attributes)
    r = np.asarray(responded).ravel()
    if len(frame) != r.size or r.size < 3 or not np.isin(r, (0, 1, True, False)).all():
        raise SurveyInputError(
            "r_indicator needs a 0/1 response flag and one row of attributes per frame unit (at least 3)"
        )
    r = r.astype(bool)
    if frame.isna().any().any():
        column = frame.columns[frame.isna().any()][0]
        where = int(np.flatnonzero(frame[column].isna())[0])
        raise SurveyInputError(f"frame attribute {column!r} is missing for unit at position {where}")
    X = pd.get_dummies(frame.astype(str), drop_first=True, dtype=float)
    X.insert(0, "const", 1.0)
    X = X.to_numpy()
    if r.all() or not r.any():
        rho = np.full(r.size, float(r.mean()))  # everyone (or no one) responded: nothing varies
    else:
        rho = sm.GLM(r.astype(float), X, family=sm.families.Binomial()).fit().fittedvalues
    estimate = _r_from(rho)
    se = np.nan
    if bootstrap:
        rng = np.random.default_rng(seed)
        draws = np.empty(int(bootstrap))
        for b in range(draws.size):
            pick = rng.integers(0, r.size, r.size)
            draws[b] = _r_from(_logistic_fit(X[pick], r[pick].astype(float)))
        se = float(np.std(draws, ddof=1))
    z = stats.norm.ppf(0.5 + level / 2)
    return pd.Series({
        "r_indicator": estimate, "se": se, "ci_lower": estimate - z * se, "ci_upper": estimate + z * se,
        "propensity_sd": (1 - estimate) / 2, "propensity_min": float(rho.min()), "propensity_max": float(rho.max()),
        "response_rate": float(r.mean()), "model": "logit(response) ~ " + " + ".join(map(str, frame.columns)),
        "units": int(r.size),
    }, dtype=object)


def _r_from(rho: np.ndarray) -> float:
    """1 - 2 S(rho), S with divisor N - 1."""
    return float(1 - 2 * np.std(rho, ddof=1))


def _logistic_fit(X: np.ndarray, y: np.ndarray, iterations: int = 30) -> np.ndarray:
    """Fitted probabilities of a logistic regression by Newton-Raphson (least squares steps).

    Rank-deficient resamples (a category drawn 0 times) and separated categories (all
    or none responding) are handled: the step is a minimum-norm least-squares solution,
    and fitted probabilities then approach the category's rate (0 or 1).
    """
    beta = np.zeros(X.shape[1])
    for _ in range(iterations):
        eta = np.clip(X @ beta, -30, 30)
        mu = 1 / (1 + np.exp(-eta))
        w = np.maximum(mu * (1 - mu), 1e-12)
        step = np.linalg.lstsq(X * np.sqrt(w)[:, None], (y - mu) / np.sqrt(w), rcond=None)[0]
        beta = beta + step
        if np.abs(step).max() < 1e-10:
            break
    return 1 / (1 + np.exp(-np.clip(X @ beta, -30, 30)))


def _response_and_labels(responded, attribute) -> tuple[np.ndarray, np.ndarray]:
    """Response as booleans and the attribute as labels, same length, no missing."""
    r = np.asarray(responded).ravel()
    labels = pd.Series(np.asarray(attribute, dtype=object).ravel())
    if r.size != labels.size:
        raise SurveyInputError(f"{r.size} response flags for {labels.size} attribute values")
    if not np.isin(r, (0, 1, True, False)).all():
        raise SurveyInputError("responded must be 0/1 or True/False for every frame unit")
    if labels.isna().any():
        raise SurveyInputError(f"attribute missing for frame unit at position {int(np.flatnonzero(labels.isna())[0])}")
    return r.astype(bool), labels.to_numpy()


def _ids(values, what: str) -> pd.Series:
    """Unit ids as strings (so 7 and "7" are the same unit), refusing missing ones."""
    ids = pd.Series(np.asarray(values, dtype=object).ravel())
    if ids.isna().any():
        raise SurveyInputError(f"{what} id missing at position {int(np.flatnonzero(ids.isna())[0])}")
    whole = ids.map(lambda v: isinstance(v, float) and v.is_integer())
    ids[whole] = ids[whole].map(lambda v: str(int(v)))  # 101.0 read from a spreadsheet is unit 101
    return ids.astype(str).str.strip()


def _log_weight(tables: np.ndarray, sizes: np.ndarray) -> np.ndarray:
    """sum_i log C(m_i, x_i) per table (rows of ``tables``): log P up to a constant."""
    x = tables.astype(float)
    return (gammaln(sizes + 1) - gammaln(x + 1) - gammaln(sizes - x + 1)).sum(axis=1)


def _table_count(sizes: np.ndarray, total: int) -> int:
    """Number of ways to spread ``total`` respondents over categories of ``sizes``."""
    ways = np.zeros(total + 1, dtype=float)
    ways[0] = 1
    for m in sizes:
        ways = np.convolve(ways, np.ones(int(m) + 1))[: total + 1]
    return int(ways[total])


def _all_tables(sizes: np.ndarray, total: int) -> np.ndarray:
    """Every vector of respondents per category with the given sizes and total."""
    left = np.concatenate([np.cumsum(sizes[::-1])[::-1][1:], [0]])  # capacity after each category
    partial = np.zeros((1, 0), dtype=np.int64)
    sums = np.zeros(1, dtype=np.int64)
    for i, m in enumerate(sizes):
        low = np.maximum(0, total - sums - left[i])  # only values that can still reach the total
        high = np.minimum(int(m), total - sums)
        counts = np.maximum(high - low + 1, 0)
        rows = np.repeat(np.arange(sums.size), counts)
        start = np.repeat(np.cumsum(counts) - counts, counts)
        x = low[rows] + np.arange(rows.size) - start
        partial = np.column_stack([partial[rows], x])
        sums = sums[rows] + x
    return partial
