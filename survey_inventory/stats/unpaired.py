"""Tests between independent groups: r x c tables of counts.

The groups (rows) are respondent types, the columns answer categories. The bases
of an inventory survey are tiny (6 to 28 respondents per cell), so the tests are
exact or permutation tests conditional on the table's margins, not chi-square
approximations (those only above ``max_exact_n`` respondents, default 300, where
they are as good and cost nothing):

* :func:`fisher_freeman_halton` -- independence of an r x c table, with
  :func:`cramers_v`;
* :func:`linear_by_linear` -- ordered rows and columns (exact for two groups),
  with :func:`rank_biserial` for two groups.

Every test returns a one-row :class:`pandas.DataFrame` with the columns of
:data:`RESULT_COLUMNS`, never raises for an empty or degenerate table (one group,
everybody the same answer, ``n < 2``), and gives that row ``NaN`` numbers and a
note saying why. Monte Carlo p-values use ``n_resamples`` random tables drawn
with ``numpy.random.default_rng(seed)`` and are ``(1 + #{T* >= T})/(1 + B)``
(Phipson & Smyth 2010).

>>> from survey_inventory.stats.unpaired import fisher_freeman_halton
>>> fisher_freeman_halton([[3, 1], [1, 3]])[["test", "p_value", "p_method"]]
                    test  p_value                                     p_method
0  Fisher-Freeman-Halton   0.4844  Monte Carlo, 9999 random tables (seed 2025)

(Fisher's exact test gives 0.4857 for this 2 x 2 table.)
"""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
from scipy import special, stats

from ..errors import SurveyInputError
from .effect_intervals import cramers_v_ci, rank_biserial_ci
from ._resampling import (
    MAX_EXACT_N, N_RESAMPLES, RESULT_COLUMNS, SEED, _check_resamples, _drop_empty, _mc_label, _mc_p,
    _random_tables, _result, _table,
)

__all__ = ["RESULT_COLUMNS", "SEED", "N_RESAMPLES", "MAX_EXACT_N",
           "cramers_v", "rank_biserial", "fisher_freeman_halton", "linear_by_linear"]

# ---------------------------------------------------------------------------
# effect sizes
# ---------------------------------------------------------------------------
def cramers_v(table, *, bias_correction: bool = False) -> float:
    """Cramér's V of an r x c table of counts.

    ``V = sqrt(X² / (n (min(r, c) - 1)))`` with Pearson's ``X²``; empty rows and
    columns are ignored. With ``bias_correction`` the small-sample correction of
    Bergsma (2013): ``phi²⁺ = max(0, X²/n - (r-1)(c-1)/(n-1))``,
    ``r⁺ = r - (r-1)²/(n-1)``, ``c⁺ = c - (c-1)²/(n-1)``,
    ``V⁺ = sqrt(phi²⁺ / min(r⁺ - 1, c⁺ - 1))``.

    Parameters
    ----------
    table : array_like, r x c
        Counts.
    bias_correction : bool, default False
        Bergsma's bias-corrected V instead of V.

    Returns
    -------
    float
        V in [0, 1]; ``NaN`` for fewer than two non-empty rows or columns (or ``n < 2``).

    References
    ----------
    Cramér, H. (1946). *Mathematical Methods of Statistics*. Princeton.
    Bergsma, W. (2013). A bias-correction for Cramér's V and Tschuprow's T.
    *Journal of the Korean Statistical Society* 42, 323-328.

    Examples
    --------
    >>> round(cramers_v([[10, 0], [0, 10]]), 4)
    1.0
    >>> round(cramers_v([[6, 2, 1], [2, 5, 4]]), 4), round(cramers_v([[6, 2, 1], [2, 5, 4]], bias_correction=True), 4)
    (0.4967, 0.3865)
    """
    t, _, _ = _drop_empty(_table(table))
    r, c = t.shape
    n = t.sum()
    if r < 2 or c < 2 or n < 2:
        return float("nan")
    expected = np.outer(t.sum(1), t.sum(0)) / n
    chi2 = float(((t - expected) ** 2 / expected).sum())
    if not bias_correction:
        return math.sqrt(chi2 / (n * (min(r, c) - 1)))
    phi2 = max(0.0, chi2 / n - (r - 1) * (c - 1) / (n - 1))
    rr = r - (r - 1) ** 2 / (n - 1)
    cc = c - (c - 1) ** 2 / (n - 1)
    denom = min(rr - 1, cc - 1)
    return math.sqrt(phi2 / denom) if denom > 0 else float("nan")


def rank_biserial(table) -> float:
    """Rank-biserial correlation of a 2 x c table (two groups, ordered columns).

    ``r = P(X > Y) - P(X < Y)`` for a random member ``X`` of the first row and
    ``Y`` of the second, the columns in their order (ties count for neither):
    ``2 U / (n1 n2) - 1`` with the Mann-Whitney ``U`` of the first group, ties
    counted one half (Cliff's delta). Positive: the first group answers in
    *later* columns.

    Parameters
    ----------
    table : array_like, 2 x c
        Counts; rows the two groups, columns ordered categories.

    Returns
    -------
    float
        r in [-1, 1]; ``NaN`` when a group is empty.

    References
    ----------
    Glass, G. V. (1966). Note on rank biserial correlation. *Educational and
    Psychological Measurement* 26, 623-631. Cliff, N. (1993). Dominance
    statistics. *Psychological Bulletin* 114, 494-509.

    Examples
    --------
    >>> rank_biserial([[0, 1, 3], [3, 1, 0]])
    0.9375
    """
    t = _table(table)
    if t.shape[0] != 2:
        raise SurveyInputError("rank_biserial needs a table of two rows (groups)", value=t.shape)
    a, b = t[0].astype(float), t[1].astype(float)
    n1, n2 = a.sum(), b.sum()
    if n1 == 0 or n2 == 0:
        return float("nan")
    below_b = np.concatenate([[0.0], np.cumsum(b)[:-1]])          # b in earlier columns
    above_b = b.sum() - np.cumsum(b)                                # b in later columns
    greater, less = float(a @ below_b), float(a @ above_b)
    return float((greater - less) / (n1 * n2))


# ---------------------------------------------------------------------------
# between independent groups: r x c tables
# ---------------------------------------------------------------------------
def _log_prob(t: np.ndarray) -> np.ndarray:
    """log of the multiple hypergeometric probability of table(s) ``t`` (..., r, c) given margins."""
    rows = t.sum(-1)
    cols = t.sum(-2)
    n = rows.sum(-1)
    return (special.gammaln(rows + 1).sum(-1) + special.gammaln(cols + 1).sum(-1)
            - special.gammaln(n + 1) - special.gammaln(t + 1).sum((-2, -1)))


def _untestable(t: np.ndarray, n: int, name: str, effect_name: str) -> pd.DataFrame | None:
    """The result row of a table (empty rows and columns dropped) that cannot be tested, else None."""
    if n < 2:
        return _result(name, n=n, effect_name=effect_name, note="fewer than 2 respondents: no test")
    if t.shape[0] < 2:
        return _result(name, n=n, effect_name=effect_name, note="answers from fewer than 2 groups: no test")
    if t.shape[1] < 2:
        return _result(name, n=n, effect_name=effect_name, note="every respondent gave the same answer: no test")
    return None


def fisher_freeman_halton(table, *, n_resamples: int = N_RESAMPLES, seed=SEED,
                          bias_corrected_v: bool = False, level: float = 0.95,
                          max_exact_n: int = MAX_EXACT_N) -> pd.DataFrame:
    """Fisher-Freeman-Halton exact test of independence of an r x c table, with Cramér's V.

    The p-value is the conditional probability, given both margins, of a table
    at most as probable as the observed one (Fisher's exact test generalised to
    r x c tables), estimated from ``n_resamples`` random tables with the
    observed margins (Patefield's algorithm, ``scipy.stats.random_table``).
    Empty rows and columns are dropped first. ``statistic`` is
    ``-2 ln(gamma P)`` with ``P`` the table's probability and
    ``gamma = (2 pi)^((r-1)(c-1)/2) n^(-(rc-1)/2) prod r_i^((c-1)/2) prod c_j^((r-1)/2)``;
    it is approximately chi-square with ``(r-1)(c-1)`` df (shown in ``df``), and
    above ``max_exact_n`` respondents the p-value is that chi-square's upper tail
    instead of a Monte Carlo estimate (at such a base the random tables cost time
    and add nothing the limit does not give). The effect size is Cramér's V (:func:`cramers_v`),
    with the interval of :func:`~survey_inventory.stats.effect_intervals.cramers_v_ci`
    (none for the bias-corrected V).

    Parameters
    ----------
    table : array_like, r x c
        Counts; rows are groups, columns answer categories.
    n_resamples : int, default 9999
    seed : int or numpy Generator, default 2025
    bias_corrected_v : bool, default False
        Report Bergsma's bias-corrected V instead of V.
    level : float, default 0.95
        Confidence level of the interval of V.
    max_exact_n : int, default 300
        Above this many respondents: the chi-square approximation of ``statistic``.

    Returns
    -------
    DataFrame, one row, :data:`RESULT_COLUMNS`.

    References
    ----------
    Freeman, G. H. & Halton, J. H. (1951). Note on an exact treatment of
    contingency, goodness of fit and other problems of significance.
    *Biometrika* 38, 141-149.
    Patefield, W. M. (1981). Algorithm AS 159: an efficient method of generating
    random r x c tables with given row and column totals. *Applied Statistics* 30, 91-97.
    Mehta, C. R. & Patel, N. R. (2011). *IBM SPSS Exact Tests*, chapter 2.

    Examples
    --------
    >>> out = fisher_freeman_halton([[6, 2, 1], [2, 5, 4]])
    >>> out[["statistic", "df", "p_value", "effect_size"]].round(4)
       statistic   df  p_value  effect_size
    0     4.5685  2.0   0.1144       0.4967
    """
    t = _table(table)
    b = _check_resamples(n_resamples)
    n = int(t.sum())
    name = "Fisher-Freeman-Halton"
    t, _, _ = _drop_empty(t)
    v_name = "Cramér's V (bias-corrected)" if bias_corrected_v else "Cramér's V"
    untestable = _untestable(t, n, name, v_name)
    if untestable is not None:
        return untestable
    r, c = t.shape
    log_p = float(_log_prob(t))
    log_gamma = (0.5 * (r - 1) * (c - 1) * math.log(2 * math.pi) - 0.5 * (r * c - 1) * math.log(n)
                 + 0.5 * (c - 1) * np.log(t.sum(1)).sum() + 0.5 * (r - 1) * np.log(t.sum(0)).sum())
    statistic = -2.0 * (log_gamma + log_p)
    if n > max_exact_n:
        p, p_how = _chi2_p(statistic, (r - 1) * (c - 1))
    else:
        sims = _random_tables(t, b, seed)
        p, p_how = _mc_p(-log_p, -_log_prob(sims)), _mc_label(b, seed)  # as or less probable: -log P as large
    ci = {}
    if not bias_corrected_v:
        lo, hi, how = cramers_v_ci(t, level=level)
        ci = dict(effect_ci_lower=lo, effect_ci_upper=hi, effect_ci_method="" if np.isnan(lo) else how)
    return _result(name, statistic=statistic, df=(r - 1) * (c - 1), p_value=p,
                   p_method=p_how, effect_size=cramers_v(t, bias_correction=bias_corrected_v),
                   effect_name=v_name, n=n, **ci)


def _chi2_p(statistic: float, df: int) -> tuple[float, str]:
    """Upper tail of chi-square with ``df`` degrees of freedom, and its label (large bases)."""
    return float(stats.chi2.sf(statistic, df)), f"asymptotic chi-square ({df} df)"


def _scores(kind, k: int, margin: np.ndarray) -> np.ndarray:
    if kind is None or (isinstance(kind, str) and kind == "equal"):
        return np.arange(1, k + 1, dtype=float)
    if isinstance(kind, str) and kind == "midrank":
        upto = np.cumsum(margin)
        return upto - (margin - 1) / 2.0
    s = np.asarray(kind, dtype=float)
    if s.shape != (k,) or np.isnan(s).any():
        raise SurveyInputError(f"scores must be 'equal', 'midrank' or {k} numbers", value=kind)
    return s


def _lbl_exact_two_rows(t: np.ndarray, cs: np.ndarray) -> float | None:
    """Exact two-sided p of the linear-by-linear test for a 2 x c table: the
    distribution of T = sum of the column scores in row 1, given the margins,
    by dynamic programming over columns. None when the scores are not half-integers."""
    twice = cs * 2
    if not np.allclose(twice, np.round(twice)):
        return None
    s = np.round(twice).astype(np.int64)
    s -= s.min()
    cols = t.sum(0)
    n1 = int(t[0].sum())
    smax = int(s.max()) * n1
    ways = np.zeros((n1 + 1, smax + 1))
    ways[0, 0] = 1.0
    for cj, sj in zip(cols, s):
        new = np.zeros_like(ways)
        for x in range(0, min(int(cj), n1) + 1):
            w = math.comb(int(cj), x)
            shift = x * int(sj)
            new[x:, shift:] += w * ways[: n1 + 1 - x, : smax + 1 - shift]
        ways = new
    dist = ways[n1] / math.comb(int(cols.sum()), n1)
    values = np.arange(smax + 1)
    observed = int(t[0] @ s)
    mean2 = 2 * (dist @ values)                       # 2 E[T], compare |2T - 2E| exactly up to rounding
    dev = np.abs(2 * values - mean2)
    return float(min(1.0, dist[dev >= abs(2 * observed - mean2) - 1e-7].sum()))


def linear_by_linear(table, *, row_scores=None, col_scores="equal", n_resamples: int = N_RESAMPLES,
                     seed=SEED, max_exact_n: int = MAX_EXACT_N, level: float = 0.95) -> pd.DataFrame:
    """Linear-by-linear association test of an r x c table with ordered rows and columns.

    ``M² = (n - 1) r²``, with ``r`` the Pearson correlation between the row and
    column scores over the ``n`` respondents (Agresti 2010, section 2.2). Its
    p-value is conditional on both margins, two-sided:

    * two rows (two groups): exact, from the distribution of the sum of the
      column scores in the first row, computed by dynamic programming (up to
      ``max_exact_n`` respondents and for scores that are multiples of 1/2);
    * otherwise, up to ``max_exact_n`` respondents, from ``n_resamples`` random
      tables with the observed margins;
    * above ``max_exact_n`` respondents: ``M²`` as chi-square with 1 df.

    With two rows the effect size is the rank-biserial correlation
    (:func:`rank_biserial`; positive: the first row answers in later columns),
    with the interval of
    :func:`~survey_inventory.stats.effect_intervals.rank_biserial_ci`;
    otherwise the Pearson correlation of the scores (no interval).

    Parameters
    ----------
    table : array_like, r x c
    row_scores : array_like, optional
        Scores of the rows (default 1..r).
    col_scores : "equal", "midrank" or array_like, default "equal"
        ``"equal"``: 1..c (Agresti's default for a Likert scale); ``"midrank"``:
        the mean rank of each column (then the exact test is the
        Wilcoxon-Mann-Whitney test with ties).
    n_resamples, seed
        As in :func:`fisher_freeman_halton`.
    max_exact_n : int, default 300
        Above this many respondents the p-value is the chi-square approximation.
    level : float, default 0.95
        Confidence level of the rank-biserial interval (two rows).

    Returns
    -------
    DataFrame
        One row, :data:`RESULT_COLUMNS`; ``statistic`` is ``M²`` (1 df).

    References
    ----------
    Agresti, A. (2010). *Analysis of Ordinal Categorical Data*, 2nd ed., Wiley, 2.2.
    Mantel, N. (1963). Chi-square tests with one degree of freedom. *JASA* 58, 690-700.

    Examples
    --------
    >>> out = linear_by_linear([[4, 3, 1, 0, 0], [1, 2, 3, 2, 1]])
    >>> out[["statistic", "p_value", "p_method", "effect_size"]].round(4)
       statistic  p_value p_method  effect_size
    0     5.3645   0.0232    exact      -0.6528
    """
    t = _table(table)
    b = _check_resamples(n_resamples)
    n = int(t.sum())
    name = "linear-by-linear association"
    r0, c0 = t.shape
    rs = np.arange(1, r0 + 1, dtype=float) if row_scores is None else np.asarray(row_scores, dtype=float)
    if rs.shape != (r0,):
        raise SurveyInputError(f"row_scores must be {r0} numbers", value=row_scores)
    cs = _scores(col_scores, c0, t.sum(0))
    two = r0 == 2
    eff_name = "rank-biserial correlation" if two else "Pearson correlation of scores"
    t2, rs, cs = _drop_empty(t, rs, cs)
    untestable = _untestable(t2, n, name, eff_name)
    if untestable is not None:
        return untestable

    def corr(tables):
        tables = np.asarray(tables, dtype=float)
        rows, cols = tables.sum(-1), tables.sum(-2)
        mr, mc = rows @ rs / n, cols @ cs / n
        sxy = np.einsum("...ij,i,j->...", tables, rs, cs) - n * mr * mc
        sxx = rows @ rs ** 2 - n * mr ** 2
        syy = cols @ cs ** 2 - n * mc ** 2
        return sxy / np.sqrt(sxx * syy)

    rho = float(corr(t2))
    rho = 0.0 if abs(rho) < 1e-12 else rho
    statistic = (n - 1) * rho ** 2
    p, how = None, ""
    if t2.shape[0] == 2 and n <= max_exact_n:
        p = _lbl_exact_two_rows(t2, cs)
        how = "exact"
    if p is None and n > max_exact_n:
        p, how = _chi2_p(statistic, 1)
    if p is None:
        sims = _random_tables(t2, b, seed)
        p = _mc_p(statistic, (n - 1) * corr(sims) ** 2)
        how = _mc_label(b, seed)
    effect = rank_biserial(t) if two else rho
    ci = {}
    if two:
        lo, hi, ci_how = rank_biserial_ci(t, level=level)
        ci = dict(effect_ci_lower=lo, effect_ci_upper=hi, effect_ci_method="" if np.isnan(lo) else ci_how)
    return _result(name, statistic=statistic, df=1, p_value=p, p_method=how, effect_size=effect,
                   effect_name=eff_name, n=n, **ci)

