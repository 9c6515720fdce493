"""Confidence intervals for one proportion from small, near-complete finite populations.

The inventory survey asks every unit of a small population (12 provinces, 35
labour-market regions, 10 training funds) and most of them answer, so a base is
a handful of respondents out of a population that is barely larger.  The
functions here give an interval for one proportion (:func:`proportion_ci`) and
the deterministic bounds that non-response leaves open
(:func:`worst_case_bounds`); simultaneous intervals for all categories of one
distribution are in :mod:`survey_inventory.stats.simultaneous`.

Both functions work on **proportions** (0 to 1), as statsmodels'
``proportion_confint`` does; :func:`survey_inventory.estimate.distributions`
turns them into the percentages (0 to 100) a report prints.

Every function is vectorised: scalars and array-likes broadcast against each
other and the answer is a :class:`pandas.DataFrame` with one row per element.
``docs/methods.md`` explains the choices (default method, routed items as
domains, behaviour at 0 % and 100 %).

Method names mean what they mean in statsmodels: ``"clopper-pearson"`` is
statsmodels' ``method="beta"``; R survey's ``svyciprop(method = "beta")`` is
``"korn-graubard"`` here, and ``"beta"`` itself is refused as ambiguous.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats
from statsmodels.stats.proportion import proportion_confint

from ..errors import SurveyInputError
from ..options import CI_METHODS
from .hypergeometric import count_limits, domain_limits
from ._counts import broadcast_counts, check_level

__all__ = [
    "CLOSED_FORM_DOMAIN_COVERAGE","METHODS", "proportion_ci", "worst_case_bounds"]

#: Methods accepted by :func:`proportion_ci` (the list of :data:`survey_inventory.options.CI_METHODS`).
METHODS = CI_METHODS

# our method name -> statsmodels' proportion_confint name
_BINOMIAL = {
    "wilson": "wilson",
    "clopper-pearson": "beta",
    "jeffreys": "jeffreys",
    "agresti-coull": "agresti_coull",
}
# the methods that copy R's survey::svyciprop for an SRS design with fpc (R's names: logit, beta, mean)
_SVYCIPROP = ("logit", "korn-graubard", "mean")
_AMBIGUOUS = {
    "beta": "method 'beta' is ambiguous: use 'clopper-pearson' (statsmodels' beta) or "
            "'korn-graubard' (R survey's svyciprop beta)",
}

#: Domain sizes computed exactly before the union is closed by Clopper-Pearson (see
#: :func:`survey_inventory.stats.hypergeometric.domain_limits`).
DOMAIN_STEPS = 2000
_EXACT_NAME = {"blaker": " Blaker", "tails": ""}

#: Smallest coverage, conditional on the domain's sample size, of the closed-form methods on a
#: routed item (a domain), by complete enumeration at 95 % (benchmarks/bench_intervals.py):
#: at N = 12 with 9 respondents and at N = 35 with 27. The exact default keeps >= 0.95.
CLOSED_FORM_DOMAIN_COVERAGE = {"logit": (0.952, 0.817), "korn-graubard": (0.857, 0.685), "mean": (0.849, 0.706)}
_CENSUS = "census (n = N): no sampling error"
_CENSUS_DOMAIN = "census (all N units responded): no sampling error"
_EMPTY = "no respondents in base"
_MISSING = "missing count or base"


# ---------------------------------------------------------------------------
# labels and binomial intervals
# ---------------------------------------------------------------------------
def _int_str(x: np.ndarray) -> pd.Series:
    """Whole numbers as text, for the ``ci_method`` labels."""
    return pd.Series(x, dtype=float).round().astype("int64").astype(str)


def _binomial(k, n, level, method):
    """statsmodels' binomial interval (no fpc), clipped to [0, 1]."""
    if k.size == 0:
        return k.copy(), k.copy()
    lo, hi = proportion_confint(k, n, alpha=1 - level, method=_BINOMIAL[method])
    return np.clip(lo, 0, 1), np.clip(hi, 0, 1)


# ---------------------------------------------------------------------------
# exact hypergeometric intervals (the limits: survey_inventory.stats.hypergeometric)
# ---------------------------------------------------------------------------
def _unique_rows(*cols):
    """Unique combinations of integer columns and the inverse index."""
    table = np.column_stack([np.asarray(c, dtype=np.int64) for c in cols])
    uniq, inverse = np.unique(table, axis=0, return_inverse=True)
    return uniq, inverse.ravel()


def _hypergeometric(k, n, N, level, how):
    """Exact interval for M/N, computed once per unique (k, n, N); the label of each row."""
    uniq, inv = _unique_rows(k, n, N)
    lim = count_limits(uniq[:, 0], uniq[:, 1], uniq[:, 2], level=level, method=how)
    label = "hypergeometric exact" + pd.Series(lim.method).map(_EXACT_NAME) + " (N=" + _int_str(uniq[:, 2]) + ")"
    return (lim.lower / uniq[:, 2])[inv], (lim.upper / uniq[:, 2])[inv], label.to_numpy()[inv]


def _hypergeometric_domain(k, nd, s, N, level, how):
    """Exact interval for a domain proportion with unknown domain size ``N_d`` in
    ``[n_d, n_d + N - s]``: the union of the intervals over that range (it contains the
    interval of the true ``N_d``, so it covers conditionally on ``n_d``)."""
    uniq, inv = _unique_rows(k, nd, N - s, N)
    lim = domain_limits(uniq[:, 0], uniq[:, 1], uniq[:, 2], level=level, method=how, max_steps=DOMAIN_STEPS)
    used = pd.Series(lim.method)
    text = ("hypergeometric exact" + used.str.replace("+cp", "", regex=False).map(_EXACT_NAME)
            + ", domain (N_d = " + _int_str(uniq[:, 1]) + ".." + _int_str(uniq[:, 1] + uniq[:, 2])
            + " of N=" + _int_str(uniq[:, 3]) + ")")
    bound = used.str.endswith("+cp").to_numpy()
    beyond = "; Clopper-Pearson bound beyond N_d = " + _int_str(uniq[:, 1] + DOMAIN_STEPS)
    text = text.where(~bound, text + beyond)
    return lim.lower[inv], lim.upper[inv], text.to_numpy()[inv]


# ---------------------------------------------------------------------------
# R survey::svyciprop for an SRS design with fpc
# ---------------------------------------------------------------------------
def _svyciprop(method, k, n, s, N, level):
    """R's ``svyciprop`` (R's methods logit, beta, mean) for ``svydesign(ids=~1, fpc=~N)``.

    ``method`` is ours: ``"logit"``, ``"korn-graubard"`` (R's ``"beta"``) or ``"mean"``.

    ``n`` is the base; ``s`` the full sample size (``s > n``: the estimate is
    the domain of a routed item, ``svyciprop(~y, subset(design, asked))``).
    The linearised variance of the domain mean is
    ``(1 - s/N) * s/(s - 1) * p(1 - p)/n`` (``s = n`` outside domains) and the
    subset design has ``n - 1`` degrees of freedom.  Only rows with
    ``0 < k < n`` arrive here.
    """
    alpha = 1 - level
    f = np.where(np.isnan(N), 0.0, s / N)
    p = k / n
    q = 1 - p
    var = (1 - f) * s / (s - 1) * p * q / n  # vcov(svymean(~y, design))
    df = n - 1  # degf() of the (subset) design
    tq = stats.t.ppf(1 - alpha / 2, df)
    if method == "logit":
        se = np.sqrt(var) / (p * q)  # svyglm(quasibinomial) on the logit scale
        eta = np.log(p / q)
        return stats.logistic.cdf(eta - tq * se), stats.logistic.cdf(eta + tq * se)
    if method == "korn-graubard":  # R's method = "beta"
        # n.eff * (qt(alpha/2, nrow - 1) / qt(alpha/2, degf))^2 with nrow - 1 == degf here
        n_eff = p * q / var
        return (
            stats.beta.ppf(alpha / 2, n_eff * p, n_eff * q + 1),
            stats.beta.ppf(1 - alpha / 2, n_eff * p + 1, n_eff * q),
        )
    half = tq * np.sqrt(var)  # "mean": Wald with t quantile
    return np.clip(p - half, 0, 1), np.clip(p + half, 0, 1)


def _svyciprop_label(method, n, s, N, domain):
    name = {"logit": "logit", "korn-graubard": "korn-graubard", "mean": "mean Wald-t"}[method]
    fpc = pd.Series(np.where(np.isnan(N), "", "fpc N=" + _int_str(np.nan_to_num(N)) + ", "))
    dom = pd.Series(np.where(domain, "domain of n=" + _int_str(s) + ", ", ""))
    return name + " (" + fpc + dom + "df=" + _int_str(n - 1) + ")"


# ---------------------------------------------------------------------------
# public functions
# ---------------------------------------------------------------------------
def proportion_ci(count, n, *, population=None, sample_n=None, domain=None, method="auto",
                  level=0.95) -> pd.DataFrame:
    """Confidence interval for a proportion, with a finite population if known.

    The interval is on the **proportion** scale (0 to 1), like statsmodels'
    ``proportion_confint``; multiply by 100 for percentages (as
    :func:`survey_inventory.estimate.distributions` does).

    Parameters
    ----------
    count : int or array_like
        Number of respondents in the base who give the answer (``k``).
    n : int or array_like
        The base: respondents in the estimate's domain.
    population : int or array_like, optional
        Size ``N`` of the population of this respondent type.  None, NaN or
        ``inf`` mean unknown/infinite: no finite population correction.
    sample_n : int or array_like, optional
        Full sample size of the respondent type when the estimate is a domain
        (a routed item asked of ``n`` of ``sample_n`` respondents).  None or
        NaN: ``n``.
    domain : bool or array_like, optional
        True where the estimate is a domain even though ``sample_n == n``: a
        routed item that every respondent happened to be asked still has an
        unknown domain size among the ``population - sample_n`` units outside
        the sample.  ``sample_n > n`` is a domain whatever this says.
    method : str, default "auto"
        One of :data:`METHODS`:

        * ``"auto"``: ``"blaker"`` where ``population`` is known,
          ``"wilson"`` elsewhere.
        * ``"blaker"``: the exact interval for the population count ``M``
          that keeps every ``M`` whose Blaker acceptability of the observed
          count exceeds ``alpha`` (hull), reported as ``M/N``; never wider
          than ``"hypergeometric"`` and about 7 % narrower on average at
          ``N = 35``, with coverage ``>= level`` for every ``M`` (checked by
          enumeration). Where its limit lies more than
          :data:`~survey_inventory.stats.hypergeometric.MAX_WALK` counts
          inside the tails limit (large populations) the row keeps the
          ``"hypergeometric"`` limits and says so.
        * ``"hypergeometric"``: exact interval for the population count ``M``
          (all ``M`` not rejected by either one-sided hypergeometric test at
          ``alpha/2``), reported as ``M/N``.
        * For a domain both take the union over the possible domain sizes
          ``N_d`` in ``[n, n + population - sample_n]``; beyond
          :data:`DOMAIN_STEPS` sizes the union is closed by the
          Clopper-Pearson interval (which contains every interval of a larger
          ``N_d``), so the default finishes at any population size. Without a
          population both are the binomial limit (Wilson for ``"auto"``,
          Clopper-Pearson otherwise).
        * ``"wilson"``, ``"clopper-pearson"``, ``"jeffreys"``,
          ``"agresti-coull"``: binomial intervals from statsmodels; they
          ignore ``population`` (an infinite "process" target) except for a
          census.  Jeffreys uses 0 (1) as the lower (upper) limit at
          ``k = 0`` (``k = n``).
        * ``"logit"``, ``"korn-graubard"``, ``"mean"``: as R's
          ``survey::svyciprop`` computes its methods ``"logit"``, ``"beta"``
          and ``"mean"`` for a simple random sample with fpc (logit: Wald on
          the logit scale; korn-graubard: Korn-Graubard's beta interval with
          an effective sample size; mean: Wald), ``n - 1`` degrees of
          freedom, domains as ``subset(design, asked)``.  Where R
          degenerates (``k = 0`` or ``k = n``) the row falls back to the exact
          hypergeometric (or Clopper-Pearson) interval and says so.

        ``"beta"`` is refused: statsmodels' ``"beta"`` is Clopper-Pearson,
        R survey's is Korn-Graubard; name the one you mean.
    level : float, default 0.95
        Confidence level, strictly between 0 and 1.

    Returns
    -------
    pandas.DataFrame
        One row per broadcast element (flattened, RangeIndex) with columns
        ``ci_lower``, ``ci_upper`` (proportions in [0, 1], not percentages; NaN where the base
        is empty or missing) and ``ci_method`` (what was used for that row).
        A census (``population`` known and every unit answered) gets the
        zero-width interval ``[k/n, k/n]``.

    Raises
    ------
    ValueError
        (:class:`~survey_inventory.errors.SurveyInputError`) for an unknown
        or ambiguous (``"beta"``) method, a level outside (0, 1), negative or fractional numbers,
        ``count > n``, ``n > population``, ``sample_n < n`` or
        ``sample_n > population``.

    References
    ----------
    Wilson, E. B. (1927). Probable inference, the law of succession, and
    statistical inference. JASA 22, 209-212.

    Clopper, C. J. & Pearson, E. S. (1934). The use of confidence or fiducial
    limits illustrated in the case of the binomial. Biometrika 26, 404-413.

    Korn, E. L. & Graubard, B. I. (1998). Confidence intervals for proportions
    with small expected number of positive counts estimated from survey data.
    Survey Methodology 24, 193-201.

    Lumley, T. (2024). survey: analysis of complex survey samples. R package
    version 4.1-1 (``svyciprop``).

    Wright, T. (1991). Exact confidence bounds when sampling from small finite
    universes. Lecture Notes in Statistics 66, Springer.

    Buonaccorsi, J. P. (1987). A note on confidence intervals for proportions
    in finite populations. The American Statistician 41, 215-218.

    Wang, W. (2015). Exact optimal confidence intervals for hypergeometric
    parameters. JASA 110, 1491-1499.

    Examples
    --------
    >>> from survey_inventory.stats.intervals import proportion_ci
    >>> proportion_ci(12, 27, population=35).round(4)
       ci_lower  ci_upper                           ci_method
    0    0.3714    0.5143  hypergeometric exact Blaker (N=35)

    The tails interval (two one-sided tests), one population count wider:

    >>> proportion_ci(12, 27, population=35, method="hypergeometric").round(4)
       ci_lower  ci_upper                    ci_method
    0    0.3714    0.5429  hypergeometric exact (N=35)

    Several cells at once, one of them a census and one with an empty base:

    >>> proportion_ci([12, 27, 0], [27, 35, 0], population=35).round(4)
       ci_lower  ci_upper                          ci_method
    0    0.3714    0.5143  hypergeometric exact Blaker (N=35)
    1    0.7714    0.7714   census (n = N): no sampling error
    2       NaN       NaN              no respondents in base

    R's logit interval, and the exact fallback where R's collapses to a point:

    >>> out = proportion_ci([12, 0], 27, population=35, method="logit")
    >>> out[["ci_lower", "ci_upper"]].round(4)
       ci_lower  ci_upper
    0    0.3518    0.5411
    1    0.0000    0.0286
    >>> out["ci_method"].tolist()  # doctest: +NORMALIZE_WHITESPACE
    ['logit (fpc N=35, df=26)',
     'hypergeometric exact Blaker (N=35); logit degenerate at k = 0']

    A routed item asked of 26 of the 27 responding regions (population 35):

    >>> out = proportion_ci(12, 26, population=35, sample_n=27)
    >>> out[["ci_lower", "ci_upper"]].round(4)
       ci_lower  ci_upper
    0     0.375    0.5588
    >>> out.loc[0, "ci_method"]
    'hypergeometric exact Blaker, domain (N_d = 26..34 of N=35)'

    Without a population the default is Wilson's interval:

    >>> proportion_ci(12, 27).round(4)
       ci_lower  ci_upper ci_method
    0    0.2759    0.6269    wilson

    Korn-Graubard is asked for by name; ``"beta"`` could mean either of two intervals:

    >>> proportion_ci(12, 27, population=35, method="korn-graubard").round(4)
       ci_lower  ci_upper                        ci_method
    0    0.3513    0.5406  korn-graubard (fpc N=35, df=26)
    >>> proportion_ci(12, 27, method="beta")
    Traceback (most recent call last):
    ...
    survey_inventory.errors.SurveyInputError: method 'beta' is ambiguous: use 'clopper-pearson' (statsmodels' beta) or 'korn-graubard' (R survey's svyciprop beta)
    """
    if isinstance(method, str) and method in _AMBIGUOUS:
        raise SurveyInputError(_AMBIGUOUS[method])
    if method not in METHODS:
        raise SurveyInputError(f"unknown interval method {method!r}; choose one of {', '.join(METHODS)}")
    level = check_level(level)
    k, n, N, s = broadcast_counts(count, n, population, sample_n)
    size = k.size
    lower = np.full(size, np.nan)
    upper = np.full(size, np.nan)
    label = np.full(size, "", dtype=object)

    missing = np.isnan(k) | np.isnan(n)
    empty = ~missing & (n == 0)
    s = np.where(np.isnan(s), n, s)
    forced = np.zeros(size, dtype=bool) if domain is None else np.broadcast_to(
        np.asarray(domain, dtype=bool).ravel(), (size,))
    domain = (s > n) | forced
    known = ~np.isnan(N)
    census = ~missing & ~empty & known & (s == N)
    todo = ~(missing | empty | census)

    label[missing] = _MISSING
    label[empty] = _EMPTY
    lower[census] = upper[census] = k[census] / n[census]
    label[census & ~domain] = _CENSUS
    label[census & domain] = _CENSUS_DOMAIN

    if method in ("auto", "blaker"):
        exact = todo.copy()
    elif method in _BINOMIAL:
        exact = np.zeros(size, dtype=bool)
        rows = np.flatnonzero(todo)
        lower[rows], upper[rows] = _binomial(k[rows], n[rows], level, method)
        tag = pd.Series(np.where(known[rows], f"{method} (no fpc)", method))
        label[rows] = tag.to_numpy()
    elif method in _SVYCIPROP:
        degenerate = (k == 0) | (k == n)
        rows = np.flatnonzero(todo & ~degenerate)
        lower[rows], upper[rows] = _svyciprop(method, k[rows], n[rows], s[rows], N[rows], level)
        label[rows] = _svyciprop_label(method, n[rows], s[rows], N[rows], domain[rows]).to_numpy()
        exact = todo & degenerate
    else:  # hypergeometric
        exact = todo.copy()

    # exact rows: hypergeometric where N is known, Clopper-Pearson elsewhere
    how = "tails" if method == "hypergeometric" else "blaker"
    rows = np.flatnonzero(exact & known & ~domain)
    if rows.size:
        lower[rows], upper[rows], label[rows] = _hypergeometric(k[rows], n[rows], N[rows], level, how)
    rows = np.flatnonzero(exact & known & domain)
    if rows.size:
        lower[rows], upper[rows], label[rows] = _hypergeometric_domain(k[rows], n[rows], s[rows], N[rows],
                                                                       level, how)
    rows = np.flatnonzero(exact & ~known)
    if rows.size:
        binomial = "wilson" if method == "auto" else "clopper-pearson"
        lower[rows], upper[rows] = _binomial(k[rows], n[rows], level, binomial)
        label[rows] = "wilson" if method == "auto" else "clopper-pearson (population unknown)"
    if method in _SVYCIPROP:
        rows = np.flatnonzero(exact)
        at = np.where(k[rows] == 0, "k = 0", "k = n")
        label[rows] = (pd.Series(label[rows]) + f"; {method} degenerate at " + at).to_numpy()

    # the observed proportion is always inside; 0 and 1 exactly at the boundary
    ok = todo & ~np.isnan(lower)
    lower[ok & (k == 0)] = 0.0
    upper[ok & (k == n)] = 1.0
    return pd.DataFrame({"ci_lower": lower, "ci_upper": upper, "ci_method": label.astype(str)})


def worst_case_bounds(count, n, population, *, sample_n=None) -> pd.DataFrame:
    """Bounds on the population proportion that hold whatever non-respondents say.

    With ``k`` of ``n`` respondents saying yes in a population of ``N``, the
    population proportion lies in ``[k/N, (k + N - n)/N]`` for certain: the
    ``N - n`` non-respondents all say no, or all say yes.  No sampling model
    is involved (Manski-type bounds).

    For a domain (a routed item asked of ``n`` of ``sample_n`` respondents)
    the ``N - sample_n`` non-respondents may also be in or out of the domain;
    the domain proportion then lies in ``[k/(n + N - s), (k + N - s)/(n + N - s)]``
    with ``s = sample_n`` (all non-respondents in the domain, saying no or
    yes), which is the formula above when ``s = n``.

    Parameters
    ----------
    count : int or array_like
        Respondents giving the answer (``k``).
    n : int or array_like
        Respondents in the base.
    population : int or array_like
        Population size ``N``; None, NaN or ``inf`` give NaN bounds.
    sample_n : int or array_like, optional
        Full sample size when the base is a domain; None, NaN or ``n``: not a
        domain.

    Returns
    -------
    pandas.DataFrame
        Columns ``wc_lower``, ``wc_upper`` (proportions in [0, 1], not
        percentages); one row per broadcast element.

    References
    ----------
    Manski, C. F. (2003). Partial identification of probability
    distributions. Springer.

    Examples
    --------
    >>> from survey_inventory.stats.intervals import worst_case_bounds
    >>> worst_case_bounds([3, 0], 9, [12, None]).round(4)
       wc_lower  wc_upper
    0      0.25       0.5
    1       NaN       NaN

    Figure 2.6: 12 of the 26 regions asked, 27 of 35 regions responded:

    >>> worst_case_bounds(12, 26, 35, sample_n=27).round(4)
       wc_lower  wc_upper
    0    0.3529    0.5882
    """
    k, n, N, s = broadcast_counts(count, n, population, sample_n)
    s = np.where(np.isnan(s), n, s)
    out_of_sample = N - s
    with np.errstate(invalid="ignore", divide="ignore"):
        largest = n + out_of_sample  # every non-respondent in the domain
        return pd.DataFrame({"wc_lower": k / largest, "wc_upper": (k + out_of_sample) / largest})
