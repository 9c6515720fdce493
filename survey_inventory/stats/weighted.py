"""Weighted proportions and distributions with design-based (linearisation) intervals.

For a :class:`~survey_inventory.stats.design.SurveyDesign` (simple random sample with
fpc, possibly post-stratified, raked, trimmed) these functions give what R ``survey``
gives for ``svymean``, ``svytotal`` and ``svyciprop(method = "logit" | "beta" |
"mean")``, including a routed item analysed as a domain, ``subset(design, asked)``:

* estimate ``p = sum_d w_i y_i / sum_d w_i`` over the domain ``d``;
* variance: :func:`~survey_inventory.stats.design.design_variance` of the influence
  values ``w_i (y_i - p)/sum_d w`` (0 outside the domain);
* degrees of freedom ``degf = n_d - 1`` (domain units with a non-zero weight);
* ``logit``: ``expit(logit(p) +- t(degf) * sqrt(V)/(p(1 - p)))``;
* ``beta`` (Korn & Graubard 1998): ``n_eff = p(1 - p)/V``, times
  ``(t_{alpha/2}(nrow - 1)/t_{alpha/2}(degf))^2`` where ``nrow`` is the number of rows R
  keeps in the subset: all ``n`` respondents for a calibrated design (R gives the
  others weight 0), ``n_d`` for an uncalibrated one (R drops them); then Clopper-Pearson
  type Beta quantiles at ``n_eff p`` and ``n_eff (1 - p)``;
* ``mean``: ``p +- t(degf) sqrt(V)``, clipped to [0, 1].

At ``p = 0`` or ``p = 1`` the variance is 0 and R's intervals degenerate (a point, or
``NA``); there the Korn-Graubard interval with ``n_eff = n_d`` (Clopper-Pearson on the
unweighted domain size) is given instead, and ``ci_method`` says so.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

from survey_inventory.errors import SurveyInputError
from survey_inventory.stats._counts import check_level
from survey_inventory.stats.design import SurveyDesign, design_variance

__all__ = ["WEIGHTED_CI_METHODS", "weighted_mean", "weighted_proportion_ci", "weighted_distribution"]

#: Interval methods for a weighted proportion (the names of R's ``svyciprop``).
WEIGHTED_CI_METHODS = ("logit", "beta", "mean")


def weighted_mean(y, design: SurveyDesign, *, domain=None) -> pd.Series:
    """Weighted mean and total of ``y`` with their linearisation standard errors.

    Parameters
    ----------
    y : array_like of float, shape (n,)
        Value per respondent (0/1 for a proportion); ignored (may be NaN) outside the
        domain.
    design : SurveyDesign
        Weights and calibration steps.
    domain : array_like of bool, optional
        Respondents in the domain (a routed item: those asked and answering); default
        all.  Analysed as R's ``subset(design, domain)``.

    Returns
    -------
    pandas.Series
        ``mean``, ``se`` (R: ``svymean``), ``total``, ``se_total`` (``svytotal``),
        ``n`` (domain respondents with a non-zero weight), ``degf`` (``n - 1``),
        ``nrow`` (rows R keeps in the subset).

    Raises
    ------
    ValueError
        (:class:`~survey_inventory.errors.SurveyInputError`) for a length mismatch,
        an empty domain, or a missing ``y`` inside the domain.

    References
    ----------
    Lumley, T. (2010). *Complex Surveys: A Guide to Analysis Using R*. Wiley,
    chapters 2 (domains) and 7 (calibration).

    Särndal, C.-E., Swensson, B. & Wretman, J. (1992). *Model Assisted Survey
    Sampling*. Springer, chapters 5 (ratio estimators) and 10 (domains).

    Examples
    --------
    >>> from survey_inventory.stats.design import srs_design
    >>> from survey_inventory.stats.weighted import weighted_mean
    >>> d = srs_design(5, population=20)
    >>> weighted_mean([1, 0, 1, 1, 0], d).round(4).to_dict()
    {'mean': 0.6, 'se': 0.2121, 'total': 12.0, 'se_total': 4.2426, 'n': 5.0, 'degf': 4.0, 'nrow': 5.0}
    """
    y, inside = _inputs(y, design, domain)
    w = np.where(inside, design.weights, 0.0)
    total_w = w.sum()
    values = np.where(inside, y, 0.0)
    mean = (w * values).sum() / total_w
    var_mean = design_variance(np.where(inside, (values - mean) * w / total_w, 0.0), design)
    var_total = design_variance(w * values, design)
    n = int((inside & (design.weights != 0)).sum())
    nrow = design.n if design.calibrated else int(inside.sum())
    return pd.Series(
        {"mean": mean, "se": np.sqrt(var_mean), "total": (w * values).sum(), "se_total": np.sqrt(var_total),
         "n": float(n), "degf": float(n - 1), "nrow": float(nrow)}
    )


def weighted_proportion_ci(y, design: SurveyDesign, *, domain=None, method="logit", level=0.95) -> pd.Series:
    """Weighted proportion with R ``svyciprop``'s confidence interval.

    Parameters
    ----------
    y : array_like of {0, 1}, shape (n,)
        Whether each respondent gives the answer; ignored outside the domain.
    design : SurveyDesign
        Weights and calibration steps.
    domain : array_like of bool, optional
        Respondents in the domain (routed item); default all.
    method : {"logit", "beta", "mean"}, default "logit"
        ``"beta"`` is Korn & Graubard's interval (R's name for it).
    level : float, default 0.95
        Confidence level.

    Returns
    -------
    pandas.Series
        ``estimate``, ``se``, ``ci_lower``, ``ci_upper``, ``ci_method``, ``count``
        (unweighted respondents giving the answer), ``n``, ``degf``, ``weighted_count``
        and ``se_weighted_count`` (estimated population count, svytotal).

    Raises
    ------
    ValueError
        (:class:`~survey_inventory.errors.SurveyInputError`) for an unknown method, a
        level outside (0, 1), a ``y`` other than 0/1 in the domain.

    References
    ----------
    Korn, E. L. & Graubard, B. I. (1998). Confidence intervals for proportions with
    small expected number of positive counts estimated from survey data. *Survey
    Methodology* 24, 193-201.

    Lumley, T. (2010). *Complex Surveys: A Guide to Analysis Using R*. Wiley,
    chapter 2; R package ``survey`` 4.1-1, ``svyciprop``.

    Examples
    --------
    >>> from survey_inventory.stats.weights import poststratify
    >>> from survey_inventory.stats.weighted import weighted_proportion_ci
    >>> size = ["s", "s", "s", "s", "l", "l", "l"]
    >>> d = poststratify(size, {"s": 30, "l": 10})
    >>> out = weighted_proportion_ci([1, 0, 0, 0, 1, 1, 0], d, method="logit")
    >>> out[["estimate", "se", "ci_lower", "ci_upper"]].astype(float).round(4).to_dict()
    {'estimate': 0.3542, 'se': 0.1727, 'ci_lower': 0.0795, 'ci_upper': 0.7768}
    >>> out["ci_method"]
    'logit (fpc N=40, df=6; post-stratified on post-stratum (2 cells))'
    """
    if method not in WEIGHTED_CI_METHODS:
        raise SurveyInputError(
            f"unknown weighted interval method {method!r}; choose one of {', '.join(WEIGHTED_CI_METHODS)}"
        )
    level = check_level(level)
    y_arr, inside = _inputs(y, design, domain)
    if not np.isin(y_arr[inside], (0.0, 1.0)).all():
        raise SurveyInputError("y must be 0 or 1 for every respondent in the domain")
    est = weighted_mean(y_arr, design, domain=inside)
    p, var, df = est["mean"], est["se"] ** 2, est["degf"]
    alpha = 1 - level
    label = _label(method, design, est, domain is not None and not inside.all())
    if p <= 0 or p >= 1 or var <= 0 or df < 1:
        lower, upper = _korn_graubard(p, est["n"], alpha)
        label = f"korn-graubard with n_eff = n ({method} degenerate at p = {p:g}; {label})"
    elif method == "logit":
        half = stats.t.ppf(1 - alpha / 2, df) * np.sqrt(var) / (p * (1 - p))
        centre = np.log(p / (1 - p))
        lower, upper = _expit(centre - half), _expit(centre + half)
    elif method == "beta":
        n_eff = p * (1 - p) / var * (stats.t.ppf(alpha / 2, est["nrow"] - 1) / stats.t.ppf(alpha / 2, df)) ** 2
        lower, upper = _korn_graubard(p, n_eff, alpha)
    else:
        half = stats.t.ppf(1 - alpha / 2, df) * np.sqrt(var)
        lower, upper = max(0.0, p - half), min(1.0, p + half)
    return pd.Series(
        {"estimate": p, "se": est["se"], "ci_lower": float(lower), "ci_upper": float(upper), "ci_method": label,
         "count": float(y_arr[inside].sum()), "n": est["n"], "degf": df,
         "weighted_count": est["total"], "se_weighted_count": est["se_total"]},
        dtype=object,
    )


def weighted_distribution(answers, design: SurveyDesign, *, domain=None, categories=None, method="logit",
                          level=0.95) -> pd.DataFrame:
    """Weighted distribution of one item: per category the proportion and its interval.

    Parameters
    ----------
    answers : array_like, shape (n,)
        Each respondent's answer category; ignored outside the domain.
    design : SurveyDesign
        Weights and calibration steps.
    domain : array_like of bool, optional
        Respondents in the domain (asked and answering); default all.
    categories : sequence, optional
        Categories to report, in order (also those nobody chose); default the sorted
        categories found in the domain.
    method : {"logit", "beta", "mean"}, default "logit"
    level : float, default 0.95

    Returns
    -------
    pandas.DataFrame
        One row per category: ``category`` and the fields of
        :func:`weighted_proportion_ci`.

    References
    ----------
    Lumley, T. (2010). *Complex Surveys: A Guide to Analysis Using R*. Wiley
    (``svymean(~factor)``, ``svyciprop``).

    Examples
    --------
    >>> from survey_inventory.stats.weights import poststratify
    >>> from survey_inventory.stats.weighted import weighted_distribution
    >>> d = poststratify(["s", "s", "s", "l", "l"], {"s": 12, "l": 8})
    >>> out = weighted_distribution(["a", "b", "a", "a", "b"], d, method="beta")
    >>> out[["category", "count", "estimate", "ci_lower", "ci_upper"]].round(4)
      category  count  estimate  ci_lower  ci_upper
    0        a    3.0       0.6    0.1622    0.9390
    1        b    2.0       0.4    0.0610    0.8378
    """
    values = pd.Series(np.asarray(answers, dtype=object).ravel())
    _, inside = _inputs(np.zeros(values.size), design, domain)
    if values[inside].isna().any():
        where = int(np.flatnonzero(inside & values.isna().to_numpy())[0])
        raise SurveyInputError(f"answer missing inside the domain for respondent at position {where}")
    if categories is None:
        categories = sorted(pd.unique(values[inside]))
    rows = []
    for category in categories:
        indicator = (values == category).to_numpy(dtype=float)
        row = weighted_proportion_ci(indicator, design, domain=domain, method=method, level=level)
        rows.append(pd.concat([pd.Series({"category": category}, dtype=object), row]))
    out = pd.DataFrame(rows).reset_index(drop=True)
    numeric = [c for c in out.columns if c not in ("category", "ci_method")]
    out[numeric] = out[numeric].astype(float)
    return out


def _inputs(y, design: SurveyDesign, domain) -> tuple[np.ndarray, np.ndarray]:
    """``y`` as floats and the domain as a boolean mask, checked."""
    if not isinstance(design, SurveyDesign):
        raise SurveyInputError("design must be a SurveyDesign (see stats.design.srs_design)")
    try:
        y = np.asarray(y, dtype=float).ravel()
    except (TypeError, ValueError):
        raise SurveyInputError("y must be numeric") from None
    if y.size != design.n:
        raise SurveyInputError(f"y has {y.size} values for a design of {design.n} respondents")
    if domain is None:
        inside = np.ones(design.n, dtype=bool)
    else:
        inside = np.asarray(domain).ravel()
        if inside.size != design.n or inside.dtype != bool:
            raise SurveyInputError(f"domain must be {design.n} booleans, one per respondent")
    if not (inside & (design.weights != 0)).any():
        raise SurveyInputError("the domain has no respondents")
    if np.isnan(y[inside]).any():
        where = int(np.flatnonzero(inside & np.isnan(y))[0])
        raise SurveyInputError(f"y missing inside the domain for respondent at position {where}")
    return y, inside


def _korn_graubard(p: float, n_eff: float, alpha: float) -> tuple[float, float]:
    """Beta quantiles at effective counts ``n_eff p`` and ``n_eff (1 - p)``."""
    x = n_eff * p
    lower = 0.0 if x <= 0 else stats.beta.ppf(alpha / 2, x, n_eff - x + 1)
    upper = 1.0 if x >= n_eff else stats.beta.ppf(1 - alpha / 2, x + 1, n_eff - x)
    return lower, upper


def _label(method: str, design: SurveyDesign, est: pd.Series, is_domain: bool) -> str:
    """What a row used, e.g. ``logit (fpc N=300, domain of n=40, df=33; raked ...)``."""
    name = {"logit": "logit", "beta": "beta Korn-Graubard", "mean": "mean Wald-t"}[method]
    fpc = f"fpc N={design.population:g}" if design.population is not None else "no fpc"
    where = f", domain of n={design.n}" if is_domain else ""
    scheme = f"; {design.scheme}" if design.steps else ""
    return f"{name} ({fpc}{where}, df={int(est['degf'])}{scheme})"


def _expit(x: float) -> float:
    return 1.0 / (1.0 + np.exp(-x))
