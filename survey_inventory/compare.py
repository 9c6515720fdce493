"""Comparisons: tests between respondent types and between sectors, and the
association of familiarity with involvement.

Pure functions: the statistics take count tables or arrays, :func:`comparisons`
takes the tidy table of :mod:`survey_inventory.load` and the codebook. Every
function returns a :class:`pandas.DataFrame` (one row per test, the columns of
:data:`RESULT_COLUMNS`), never raises for an empty or degenerate case (one
group, everybody the same answer, ``n < 2``), and gives that row ``NaN``
numbers and a note saying why.

The bases of this survey are tiny (6 to 28 respondents per cell), so

* tests between groups are exact or permutation tests conditional on the
  table's margins, never chi-square approximations: the Fisher-Freeman-Halton
  test (:func:`fisher_freeman_halton`) and the linear-by-linear association
  test (:func:`linear_by_linear`, exact for two groups);
* tests between sectors are paired (the same respondents answer for every
  sector): Friedman (:func:`friedman`), Cochran's Q (:func:`cochran_q`), and
  pairwise the exact Wilcoxon signed-rank test (:func:`wilcoxon_signed_rank`)
  and the exact McNemar test (:func:`mcnemar_exact`), Holm-adjusted
  (:func:`holm`);
* association: Goodman-Kruskal gamma and Kendall's tau-b with asymptotic
  standard errors (:func:`goodman_kruskal_gamma`, :func:`kendall_tau_b`).

Monte Carlo p-values use ``n_resamples`` random tables or permutations drawn
with ``numpy.random.default_rng(seed)`` (a fixed seed, so a run can be
repeated), and are ``(1 + #{T* >= T})/(1 + n_resamples)`` (Phipson & Smyth
2010). ``p_method`` says for each row which kind of p-value it is.

**Inference target.** A p-value treats the respondents as a sample from a
process ("would organisations like these answer differently?"), not as a
sample from the finite set of 12 provinces or 35 regions: no finite population
correction applies to these tests. ``docs/methods.md`` explains the choice.

>>> import numpy as np
>>> from survey_inventory.compare import fisher_freeman_halton
>>> fisher_freeman_halton([[3, 1], [1, 3]])[["test", "p_value", "p_method"]]
                    test  p_value                                     p_method
0  Fisher-Freeman-Halton   0.4844  Monte Carlo, 9999 random tables (seed 2025)

(Fisher's exact test gives 0.4857 for this 2 x 2 table.)
"""
from __future__ import annotations

import itertools
import math
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import special, stats

from .errors import SurveyInputError

__all__ = [
    "RESULT_COLUMNS", "COMPARISON_COLUMNS", "PROCESS_NOTE", "SEED", "N_RESAMPLES",
    "cramers_v", "rank_biserial", "fisher_freeman_halton", "linear_by_linear",
    "friedman", "cochran_q", "wilcoxon_signed_rank", "mcnemar_exact",
    "goodman_kruskal_gamma", "kendall_tau_b", "holm",
    "between_types", "between_sectors", "familiarity_involvement", "comparisons",
    "suppress_small_groups",
]

#: Default seed of every Monte Carlo p-value.
SEED = 2025
#: Default number of Monte Carlo resamples.
N_RESAMPLES = 9999
#: Above this many respondents the paired tests (Friedman, Cochran's Q) use their
#: chi-square approximation instead of permutations, and the exact two-group
#: linear-by-linear and Wilcoxon distributions give way to Monte Carlo / normal ones.
MAX_EXACT_N = 300

#: Columns of every statistic's result.
RESULT_COLUMNS = ["test", "statistic", "df", "p_value", "p_method", "effect_size", "effect_name",
                  "effect_ci_lower", "effect_ci_upper", "effect_ci_method", "n", "note"]

#: Columns of :func:`comparisons` (``comparisons.csv``); stable, new ones may be added.
COMPARISON_COLUMNS = ["comparison", "sector", "sector_label", "respondent_type", "respondent_type_label", "item",
                      "measure", "measure_label", "test", "statistic", "df",
                      "p_value", "p_method", "p_adjusted", "adjustment", "effect_size", "effect_name",
                      "effect_ci_lower", "effect_ci_upper", "effect_ci_method", "ci_level", "n",
                      "min_group_n", "note", "inputs"]

#: Said of every p-value of this module.
PROCESS_NOTE = "p treats the respondents as a sample from a process (no finite population correction)"


# ---------------------------------------------------------------------------
# small helpers
# ---------------------------------------------------------------------------
def _result(test, *, statistic=np.nan, df=np.nan, p_value=np.nan, p_method="", effect_size=np.nan,
            effect_name="", effect_ci_lower=np.nan, effect_ci_upper=np.nan, effect_ci_method="", n=0,
            note="") -> pd.DataFrame:
    return pd.DataFrame([{
        "test": test, "statistic": float(statistic), "df": float(df), "p_value": float(p_value),
        "p_method": p_method, "effect_size": float(effect_size), "effect_name": effect_name,
        "effect_ci_lower": float(effect_ci_lower), "effect_ci_upper": float(effect_ci_upper),
        "effect_ci_method": effect_ci_method, "n": int(n), "note": note,
    }], columns=RESULT_COLUMNS)


def _join(*notes) -> str:
    return "; ".join(n for n in notes if n)


def _table(table, name="table") -> np.ndarray:
    try:
        t = np.asarray(table, dtype=float)
    except (TypeError, ValueError):
        raise SurveyInputError(f"{name} must be a 2-D array of counts") from None
    if t.ndim != 2:
        raise SurveyInputError(f"{name} must be a 2-D array of counts", value=t.shape)
    if t.size and (np.isnan(t).any() or (t < 0).any() or (t != np.round(t)).any()):
        raise SurveyInputError(f"{name} must hold non-negative whole counts")
    return t.astype(np.int64)


def _drop_empty(t: np.ndarray, row_scores=None, col_scores=None):
    rows, cols = t.sum(1) > 0, t.sum(0) > 0
    t = t[rows][:, cols]
    rs = None if row_scores is None else np.asarray(row_scores, dtype=float)[rows]
    cs = None if col_scores is None else np.asarray(col_scores, dtype=float)[cols]
    return t, rs, cs


def _mc_label(n_resamples, seed, what="random tables") -> str:
    return f"Monte Carlo, {n_resamples} {what} (seed {seed})"


def _mc_p(observed: float, simulated: np.ndarray) -> float:
    """(1 + #{T* >= T}) / (1 + B), with a relative tolerance for ties of floating values."""
    tol = 1e-9 * max(1.0, abs(observed))
    return float((1 + np.count_nonzero(simulated >= observed - tol)) / (1 + simulated.size))


def _random_tables(t: np.ndarray, n_resamples: int, seed) -> np.ndarray:
    """``n_resamples`` tables with the margins of ``t`` (Patefield's algorithm)."""
    dist = stats.random_table(t.sum(1), t.sum(0), seed=np.random.default_rng(seed))
    return np.asarray(dist.rvs(n_resamples, method="patefield"), dtype=np.int64)


def _check_resamples(n_resamples) -> int:
    b = int(n_resamples)
    if b < 1:
        raise SurveyInputError("n_resamples must be at least 1", value=n_resamples)
    return b


def _z(level: float) -> float:
    if not 0 < float(level) < 1:
        raise SurveyInputError("level must be between 0 and 1", value=level)
    return float(stats.norm.ppf(0.5 + float(level) / 2))


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

    Returns ``NaN`` for fewer than two non-empty rows or columns (or ``n < 2``).

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
    *later* columns. ``NaN`` when a group is empty.

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


def fisher_freeman_halton(table, *, n_resamples: int = N_RESAMPLES, seed=SEED,
                          bias_corrected_v: bool = False) -> pd.DataFrame:
    """Fisher-Freeman-Halton exact test of independence of an r x c table, with Cramér's V.

    The p-value is the conditional probability, given both margins, of a table
    at most as probable as the observed one (Fisher's exact test generalised to
    r x c tables), estimated from ``n_resamples`` random tables with the
    observed margins (Patefield's algorithm, ``scipy.stats.random_table``).
    Empty rows and columns are dropped first. ``statistic`` is
    ``-2 ln(gamma P)`` with ``P`` the table's probability and
    ``gamma = (2 pi)^((r-1)(c-1)/2) n^(-(rc-1)/2) prod r_i^((c-1)/2) prod c_j^((r-1)/2)``;
    it is approximately chi-square with ``(r-1)(c-1)`` df (shown in ``df``, not
    used for the p-value). The effect size is Cramér's V (:func:`cramers_v`).

    Parameters
    ----------
    table : array_like, r x c
        Counts; rows are groups, columns answer categories.
    n_resamples : int, default 9999
    seed : int or numpy Generator, default 2025
    bias_corrected_v : bool, default False
        Report Bergsma's bias-corrected V instead of V.

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
    if n < 2:
        return _result(name, n=n, effect_name=v_name, note="fewer than 2 respondents: no test")
    if t.shape[0] < 2:
        return _result(name, n=n, effect_name=v_name, note="answers from fewer than 2 groups: no test")
    if t.shape[1] < 2:
        return _result(name, n=n, effect_name=v_name, note="every respondent gave the same answer: no test")
    r, c = t.shape
    log_p = float(_log_prob(t))
    log_gamma = (0.5 * (r - 1) * (c - 1) * math.log(2 * math.pi) - 0.5 * (r * c - 1) * math.log(n)
                 + 0.5 * (c - 1) * np.log(t.sum(1)).sum() + 0.5 * (r - 1) * np.log(t.sum(0)).sum())
    statistic = -2.0 * (log_gamma + log_p)
    sims = _random_tables(t, b, seed)
    p = _mc_p(-log_p, -_log_prob(sims))   # as or less probable = -log P at least as large
    return _result(name, statistic=statistic, df=(r - 1) * (c - 1), p_value=p,
                   p_method=_mc_label(b, seed), effect_size=cramers_v(t, bias_correction=bias_corrected_v),
                   effect_name=v_name, n=n)


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
                     seed=SEED, max_exact_n: int = MAX_EXACT_N) -> pd.DataFrame:
    """Linear-by-linear association test of an r x c table with ordered rows and columns.

    ``M² = (n - 1) r²``, with ``r`` the Pearson correlation between the row and
    column scores over the ``n`` respondents (Agresti 2010, section 2.2). Its
    p-value is conditional on both margins, two-sided:

    * two rows (two groups): exact, from the distribution of the sum of the
      column scores in the first row, computed by dynamic programming (up to
      ``max_exact_n`` respondents and for scores that are multiples of 1/2);
    * otherwise from ``n_resamples`` random tables with the observed margins.

    With two rows the effect size is the rank-biserial correlation
    (:func:`rank_biserial`; positive: the first row answers in later columns),
    otherwise the Pearson correlation of the scores.

    Parameters
    ----------
    table : array_like, r x c
    row_scores : array_like, optional
        Scores of the rows (default 1..r).
    col_scores : "equal", "midrank" or array_like, default "equal"
        ``"equal"``: 1..c (Agresti's default for a Likert scale); ``"midrank"``:
        the mean rank of each column (then the exact test is the
        Wilcoxon-Mann-Whitney test with ties).

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
    if n < 2:
        return _result(name, n=n, effect_name=eff_name, note="fewer than 2 respondents: no test")
    if t2.shape[0] < 2:
        return _result(name, n=n, effect_name=eff_name, note="answers from fewer than 2 groups: no test")
    if t2.shape[1] < 2:
        return _result(name, n=n, effect_name=eff_name, note="every respondent gave the same answer: no test")

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
    if p is None:
        sims = _random_tables(t2, b, seed)
        p = _mc_p(statistic, (n - 1) * corr(sims) ** 2)
        how = _mc_label(b, seed)
    effect = rank_biserial(t) if two else rho
    return _result(name, statistic=statistic, df=1, p_value=p, p_method=how, effect_size=effect,
                   effect_name=eff_name, n=n)


# ---------------------------------------------------------------------------
# between sectors: paired answers (blocks = respondents)
# ---------------------------------------------------------------------------
def _matrix(data, name) -> np.ndarray:
    try:
        m = np.asarray(data, dtype=float)
    except (TypeError, ValueError):
        raise SurveyInputError(f"{name} must be a 2-D numeric array (respondents x conditions)") from None
    if m.ndim != 2:
        raise SurveyInputError(f"{name} must be a 2-D array (respondents x conditions)", value=m.shape)
    return m


def _permuted_rows(m: np.ndarray, n_resamples: int, seed, stat, batch: int = 2000) -> np.ndarray:
    """``stat`` of ``n_resamples`` copies of ``m`` with each row permuted at random."""
    rng = np.random.default_rng(seed)
    out = []
    done = 0
    while done < n_resamples:
        size = min(batch, n_resamples - done)
        perm = rng.permuted(np.broadcast_to(m, (size,) + m.shape), axis=2)
        out.append(stat(perm))
        done += size
    return np.concatenate(out)


def friedman(data, *, method: str = "auto", n_resamples: int = N_RESAMPLES, seed=SEED,
             max_exact_n: int = MAX_EXACT_N) -> pd.DataFrame:
    """Friedman test: do k related samples (sectors) differ in location? With Kendall's W.

    ``data`` is respondents x conditions; rows with a missing value are dropped
    (complete cases). Within each row the values are ranked (mid-ranks for
    ties); with ``R_j`` the rank sum of condition ``j``::

        chi2_F = (12/(n k (k+1)) sum R_j² - 3 n (k+1)) / (1 - sum(t³ - t)/(n k (k² - 1)))

    (the denominator corrects for ties, as ``scipy.stats.friedmanchisquare``).
    Kendall's ``W = chi2_F / (n (k - 1))``.

    ``method``: ``"permutation"`` (each respondent's answers shuffled over the
    conditions, ``n_resamples`` times: the randomisation distribution of the
    statistic), ``"asymptotic"`` (chi-square with ``k - 1`` df), or ``"auto"``
    (permutation up to ``max_exact_n`` respondents).

    References
    ----------
    Friedman, M. (1937). The use of ranks to avoid the assumption of normality
    implicit in the analysis of variance. *JASA* 32, 675-701.
    Kendall, M. G. & Babington Smith, B. (1939). The problem of m rankings.
    *Annals of Mathematical Statistics* 10, 275-287.

    Examples
    --------
    >>> data = [[1, 2, 3], [1, 3, 2], [2, 3, 3], [1, 2, 2], [2, 2, 4]]
    >>> friedman(data, method="asymptotic")[["statistic", "df", "p_value", "effect_size"]].round(4)
       statistic   df  p_value  effect_size
    0     7.4118  2.0   0.0246       0.7412
    """
    m = _matrix(data, "data")
    name = "Friedman"
    m = m[~np.isnan(m).any(axis=1)]
    n, k = m.shape
    if k < 2:
        return _result(name, n=n, effect_name="Kendall's W", note="fewer than 2 conditions: no test")
    if n < 2:
        return _result(name, n=n, effect_name="Kendall's W", note="fewer than 2 complete respondents: no test")
    ranks = stats.rankdata(m, axis=1)
    _, ids = np.unique(m, return_inverse=True)            # tie groups within each row, counted at once
    u = int(ids.max()) + 1
    counts = np.bincount((np.arange(n)[:, None] * u + ids.reshape(n, k)).ravel(), minlength=n * u).astype(float)
    ties = float((counts ** 3 - counts).sum())
    correction = 1.0 - ties / (n * k * (k * k - 1))
    if correction <= 1e-12:
        return _result(name, n=n, df=k - 1, effect_name="Kendall's W",
                       note="every respondent gave the same answer for every condition: no test")

    def chi2(r):
        sums = r.sum(axis=-2)
        return (12.0 / (n * k * (k + 1)) * (sums ** 2).sum(-1) - 3.0 * n * (k + 1)) / correction

    statistic = float(chi2(ranks))
    how = _paired_method(method, n, max_exact_n)
    if how == "asymptotic":
        p, label = float(stats.chi2.sf(statistic, k - 1)), f"asymptotic chi-square ({k - 1} df)"
    else:
        b = _check_resamples(n_resamples)
        p = _mc_p(statistic, _permuted_rows(ranks, b, seed, chi2))
        label = _mc_label(b, seed, "within-respondent permutations")
    return _result(name, statistic=statistic, df=k - 1, p_value=p, p_method=label,
                   effect_size=statistic / (n * (k - 1)), effect_name="Kendall's W", n=n)


def _paired_method(method, n, max_exact_n) -> str:
    if method not in ("auto", "permutation", "asymptotic"):
        raise SurveyInputError(f"unknown method {method!r}; choose auto, permutation or asymptotic")
    if method == "auto":
        return "permutation" if n <= max_exact_n else "asymptotic"
    return method


def cochran_q(data, *, method: str = "auto", n_resamples: int = N_RESAMPLES, seed=SEED,
              max_exact_n: int = MAX_EXACT_N) -> pd.DataFrame:
    """Cochran's Q test: do k related proportions (0/1 answers per sector) differ?

    ``data`` is respondents x conditions of 0/1; rows with a missing value are
    dropped (complete cases). With column totals ``C_j``, row totals ``R_i`` and
    total ``T``::

        Q = (k - 1) (k sum C_j² - T²) / (k T - sum R_i²)

    Effect size ``eta²_Q = Q / (n (k - 1))`` (Serlin, Carr & Marascuilo 1982).
    ``method`` as in :func:`friedman` (the permutation shuffles each
    respondent's 0/1 answers over the conditions).

    References
    ----------
    Cochran, W. G. (1950). The comparison of percentages in matched samples.
    *Biometrika* 37, 256-266.
    Serlin, R. C., Carr, J. & Marascuilo, L. A. (1982). A measure of association
    for selected nonparametric procedures. *Psychological Bulletin* 92, 786-790.

    Examples
    --------
    >>> data = [[1, 1, 0], [1, 0, 0], [1, 1, 0], [0, 0, 0], [1, 0, 1], [1, 1, 0]]
    >>> cochran_q(data, method="asymptotic")[["statistic", "df", "p_value"]].round(4)
       statistic   df  p_value
    0        4.8  2.0   0.0907
    """
    m = _matrix(data, "data")
    name = "Cochran's Q"
    m = m[~np.isnan(m).any(axis=1)]
    n, k = m.shape
    if m.size and not np.isin(m, (0.0, 1.0)).all():
        raise SurveyInputError("cochran_q needs 0/1 answers")
    if k < 2:
        return _result(name, n=n, effect_name="eta² (Q)", note="fewer than 2 conditions: no test")
    if n < 2:
        return _result(name, n=n, effect_name="eta² (Q)", note="fewer than 2 complete respondents: no test")
    rows = m.sum(1)
    total = rows.sum()
    denom = k * total - (rows ** 2).sum()
    if denom <= 0:
        return _result(name, n=n, df=k - 1, effect_name="eta² (Q)",
                       note="every respondent answered the same for every condition: no test")

    def q(x):
        cols = x.sum(axis=-2)
        return (k - 1) * (k * (cols ** 2).sum(-1) - total ** 2) / denom

    statistic = float(q(m))
    how = _paired_method(method, n, max_exact_n)
    if how == "asymptotic":
        p, label = float(stats.chi2.sf(statistic, k - 1)), f"asymptotic chi-square ({k - 1} df)"
    else:
        b = _check_resamples(n_resamples)
        p = _mc_p(statistic, _permuted_rows(m, b, seed, q))
        label = _mc_label(b, seed, "within-respondent permutations")
    return _result(name, statistic=statistic, df=k - 1, p_value=p, p_method=label,
                   effect_size=statistic / (n * (k - 1)), effect_name="eta² (Q)", n=n)


def _pairs_of(x, y, name):
    try:
        x = np.asarray(x, dtype=float).ravel()
        y = np.asarray(y, dtype=float).ravel()
    except (TypeError, ValueError):
        raise SurveyInputError(f"{name} needs two numeric arrays") from None
    if x.shape != y.shape:
        raise SurveyInputError(f"{name} needs two arrays of the same length", value=(x.size, y.size))
    keep = ~(np.isnan(x) | np.isnan(y))
    return x[keep], y[keep]


def _signed_rank_exact(doubled_ranks: np.ndarray, observed2: int) -> float:
    """Exact two-sided p of the signed-rank statistic: every sign pattern equally
    likely; ``doubled_ranks`` are 2 x (mid-)ranks (integers), ``observed2`` is 2 T+."""
    total = int(doubled_ranks.sum())
    dist = np.zeros(total + 1)
    dist[0] = 1.0
    for a in doubled_ranks:
        a = int(a)
        shifted = np.zeros_like(dist)
        shifted[a:] = dist[: total + 1 - a]
        dist = 0.5 * (dist + shifted)
    values = np.arange(total + 1)
    dev = np.abs(2 * values - total)
    return float(min(1.0, dist[dev >= abs(2 * observed2 - total)].sum()))


def wilcoxon_signed_rank(x, y, *, max_exact_n: int = MAX_EXACT_N) -> pd.DataFrame:
    """Wilcoxon signed-rank test of paired ordinal answers, exact, with the matched-pairs rank-biserial correlation.

    Differences ``d = x - y`` of zero are dropped (Wilcoxon's convention); the
    others are ranked by ``|d|`` with mid-ranks for ties. ``statistic`` is the
    smaller of the rank sums of positive and negative differences (as
    ``scipy.stats.wilcoxon``). The p-value is exact (every sign pattern of the
    non-zero differences equally likely, *with* the tied mid-ranks: computed by
    dynamic programming) up to ``max_exact_n`` non-zero differences, else the
    normal approximation with tie correction. Pairs with a missing value are
    dropped. Effect size: ``r = (T+ - T-)/(T+ + T-)`` (Kerby 2014); positive
    when ``x`` tends to be larger.

    References
    ----------
    Wilcoxon, F. (1945). Individual comparisons by ranking methods. *Biometrics
    Bulletin* 1, 80-83.
    Kerby, D. S. (2014). The simple difference formula: an approach to teaching
    nonparametric correlation. *Comprehensive Psychology* 3, 11.IT.3.1.

    Examples
    --------
    >>> out = wilcoxon_signed_rank([1, 2, 2, 3, 1, 2, 4, 3], [2, 3, 4, 3, 3, 4, 4, 5])
    >>> out[["statistic", "p_value", "effect_size"]].round(4)
       statistic  p_value  effect_size
    0        0.0   0.0312         -1.0
    """
    x, y = _pairs_of(x, y, "wilcoxon_signed_rank")
    name = "Wilcoxon signed-rank"
    n = x.size
    d = x - y
    d = d[d != 0]
    m = d.size
    eff = "matched-pairs rank-biserial correlation"
    if n < 2:
        return _result(name, n=n, effect_name=eff, note="fewer than 2 complete pairs: no test")
    if m == 0:
        return _result(name, n=n, effect_name=eff, note="no respondent answers differently for the two: no test")
    ranks = stats.rankdata(np.abs(d))
    t_plus = float(ranks[d > 0].sum())
    t_minus = float(ranks[d < 0].sum())
    effect = (t_plus - t_minus) / (t_plus + t_minus)
    note = "" if m == n else f"{n - m} pair(s) with equal answers left out"
    if m <= max_exact_n:
        p = _signed_rank_exact(np.round(2 * ranks).astype(np.int64), int(round(2 * t_plus)))
        how = "exact (with ties)"
    else:
        _, counts = np.unique(np.abs(d), return_counts=True)
        var = m * (m + 1) * (2 * m + 1) / 24.0 - (counts ** 3 - counts).sum() / 48.0
        z = (t_plus - m * (m + 1) / 4.0) / math.sqrt(var)
        p, how = float(2 * stats.norm.sf(abs(z))), "normal approximation (tie-corrected)"
    return _result(name, statistic=min(t_plus, t_minus), p_value=p, p_method=how, effect_size=effect,
                   effect_name=eff, n=n, note=note)


def mcnemar_exact(x, y) -> pd.DataFrame:
    """Exact McNemar test of paired 0/1 answers, with the difference in proportions.

    With ``b`` pairs (1, 0) and ``c`` pairs (0, 1) the two-sided p-value is
    ``min(1, 2 P(B <= min(b, c)))`` for ``B ~ Binomial(b + c, 1/2)`` (as
    ``statsmodels.stats.contingency_tables.mcnemar(exact=True)``).
    ``statistic`` is McNemar's ``(b - c)² / (b + c)`` (for reference; the
    p-value is exact). Effect size: ``p_x - p_y = (b - c)/n``. Pairs with a
    missing value are dropped.

    References
    ----------
    McNemar, Q. (1947). Note on the sampling error of the difference between
    correlated proportions or percentages. *Psychometrika* 12, 153-157.

    Examples
    --------
    >>> mcnemar_exact([1, 1, 1, 1, 1, 0, 0, 1], [0, 0, 0, 0, 1, 0, 0, 1])[["p_value", "effect_size"]]
       p_value  effect_size
    0    0.125          0.5
    """
    x, y = _pairs_of(x, y, "mcnemar_exact")
    name = "McNemar (exact)"
    eff = "difference in proportions"
    if not (np.isin(x, (0.0, 1.0)).all() and np.isin(y, (0.0, 1.0)).all()):
        raise SurveyInputError("mcnemar_exact needs 0/1 answers")
    n = x.size
    if n < 2:
        return _result(name, n=n, effect_name=eff, note="fewer than 2 complete pairs: no test")
    b = int(((x == 1) & (y == 0)).sum())
    c = int(((x == 0) & (y == 1)).sum())
    if b + c == 0:
        return _result(name, n=n, effect_name=eff, effect_size=0.0,
                       note="no respondent answers differently for the two: no test")
    p = min(1.0, 2.0 * float(stats.binom.cdf(min(b, c), b + c, 0.5)))
    return _result(name, statistic=(b - c) ** 2 / (b + c), df=1, p_value=p, p_method="exact binomial",
                   effect_size=(b - c) / n, effect_name=eff, n=n)


# ---------------------------------------------------------------------------
# association of two ordinal variables
# ---------------------------------------------------------------------------
def _pair_sums(t: np.ndarray):
    """For table(s) t (..., r, c): the number of concordant and discordant pairs."""
    t = np.asarray(t, dtype=float)
    # sum over k >= i, l >= j  and  k >= i, l <= j
    down_right = t[..., ::-1, ::-1].cumsum(-2).cumsum(-1)[..., ::-1, ::-1]
    down_left = t[..., ::-1, :].cumsum(-2)[..., ::-1, :].cumsum(-1)
    lr = np.zeros_like(t)
    lr[..., :-1, :-1] = down_right[..., 1:, 1:]
    bl = np.zeros_like(t)
    bl[..., :-1, 1:] = down_left[..., 1:, :-1]
    return (t * lr).sum((-2, -1)), (t * bl).sum((-2, -1))


def _agreement(t: np.ndarray):
    """A_ij (cells concordant with cell ij) and D_ij (discordant), as in Agresti (2010)."""
    r, c = t.shape
    a = np.zeros((r, c))
    d = np.zeros((r, c))
    for i in range(r):
        for j in range(c):
            a[i, j] = t[i + 1:, j + 1:].sum() + t[:i, :j].sum()
            d[i, j] = t[i + 1:, :j].sum() + t[:i, j + 1:].sum()
    return a, d


def _kendall_s_test(t: np.ndarray, n_resamples, seed, max_exact_n):
    """p-value of S = concordant - discordant pairs (independence), shared by gamma and tau-b."""
    conc, disc = _pair_sums(t)
    s = float(conc - disc)
    n = int(t.sum())
    if n <= max_exact_n:
        b = _check_resamples(n_resamples)
        sims = _random_tables(t, b, seed)
        c2, d2 = _pair_sums(sims)
        return _mc_p(abs(s), np.abs(c2 - d2)), _mc_label(b, seed)
    # Kendall's null variance of S with ties in both variables (as scipy.stats.kendalltau)
    ti, tj = t.sum(1), t.sum(0)

    def part(x, f):
        return float((x * (x - 1) * f(x)).sum())

    v0 = n * (n - 1) * (2 * n + 5)
    var = ((v0 - part(ti, lambda x: 2 * x + 5) - part(tj, lambda x: 2 * x + 5)) / 18.0
           + part(ti, lambda x: x - 2) * part(tj, lambda x: x - 2) / (9.0 * n * (n - 1) * (n - 2))
           + part(ti, lambda x: 1) * part(tj, lambda x: 1) / (2.0 * n * (n - 1)))
    return float(2 * stats.norm.sf(abs(s) / math.sqrt(var))), "asymptotic normal (Kendall's S, tie-corrected)"


def _ordinal_setup(table, name, eff):
    t = _table(table)
    n = int(t.sum())
    t2, _, _ = _drop_empty(t)
    if n < 2:
        return t, None, _result(name, n=n, effect_name=eff, note="fewer than 2 respondents: no estimate")
    if t2.shape[0] < 2 or t2.shape[1] < 2:
        which = "row" if t2.shape[0] < 2 else "column"
        return t, None, _result(name, n=n, effect_name=eff,
                                note=f"every respondent in the same {which} category: no estimate")
    return t, t2, None


def goodman_kruskal_gamma(table, *, level: float = 0.95, n_resamples: int = N_RESAMPLES, seed=SEED,
                          max_exact_n: int = MAX_EXACT_N) -> pd.DataFrame:
    """Goodman-Kruskal gamma of an r x c table with ordered rows and columns, with a confidence interval.

    With ``A_ij`` the counts in cells concordant with cell (i, j) (both
    categories higher, or both lower) and ``D_ij`` those discordant,
    ``P = sum n_ij A_ij`` and ``Q = sum n_ij D_ij`` (each pair counted twice)::

        gamma = (P - Q) / (P + Q)
        ASE   = 4 / (P + Q)² sqrt(sum n_ij (Q A_ij - P D_ij)²)

    and the interval is ``gamma ± z ASE`` clipped to [-1, 1] (the delta method
    under multinomial sampling; Agresti 2010, chapter 7). At
    ``|gamma| = 1`` the ASE is 0 and no interval is given. The p-value tests
    independence through ``S = (P - Q)/2``, conditional on the margins: Monte
    Carlo up to ``max_exact_n`` respondents, else Kendall's normal
    approximation (the same p as :func:`kendall_tau_b`).

    References
    ----------
    Goodman, L. A. & Kruskal, W. H. (1954, 1963). Measures of association for
    cross classifications. *JASA* 49, 732-764; 58, 310-364.
    Agresti, A. (2010). *Analysis of Ordinal Categorical Data*, 2nd ed., Wiley, chapter 7.

    Examples
    --------
    >>> out = goodman_kruskal_gamma([[5, 2, 0], [2, 3, 1], [0, 2, 4]])
    >>> out[["effect_size", "effect_ci_lower", "effect_ci_upper"]].round(4)
       effect_size  effect_ci_lower  effect_ci_upper
    0       0.8667           0.6857              1.0
    """
    name, eff = "Goodman-Kruskal gamma", "gamma"
    z = _z(level)
    t, t2, bad = _ordinal_setup(table, name, eff)
    if bad is not None:
        return bad
    n = int(t.sum())
    a, d = _agreement(t.astype(float))
    big_p, big_q = float((t * a).sum()), float((t * d).sum())
    gamma = (big_p - big_q) / (big_p + big_q)
    ase = 4.0 / (big_p + big_q) ** 2 * math.sqrt(float((t * (big_q * a - big_p * d) ** 2).sum()))
    p, how = _kendall_s_test(t2, n_resamples, seed, max_exact_n)
    note = ""
    lo = hi = np.nan
    if ase > 0:
        lo, hi = max(-1.0, gamma - z * ase), min(1.0, gamma + z * ase)
    else:
        note = "all untied pairs concordant (or all discordant): ASE 0, no interval"
    return _result(name, statistic=gamma, p_value=p, p_method=how, effect_size=gamma, effect_name=eff,
                   effect_ci_lower=lo, effect_ci_upper=hi,
                   effect_ci_method="" if np.isnan(lo) else "Wald, ASE (delta method; Agresti 2010)",
                   n=n, note=note)


def kendall_tau_b(table, *, level: float = 0.95, n_resamples: int = N_RESAMPLES, seed=SEED,
                  max_exact_n: int = MAX_EXACT_N) -> pd.DataFrame:
    """Kendall's tau-b of an r x c table with ordered rows and columns, with a confidence interval.

    With ``P``, ``Q``, ``A_ij``, ``D_ij`` as in :func:`goodman_kruskal_gamma`,
    ``w_r = n² - sum n_i.²``, ``w_c = n² - sum n_.j²``, ``w = sqrt(w_r w_c)``::

        tau_b = (P - Q) / w
        ASE   = 1/w² sqrt(sum n_ij (2 w d_ij + tau_b v_ij)² - n³ tau_b² (w_r + w_c)²)

    with ``d_ij = A_ij - D_ij`` and ``v_ij = n_i. w_c + n_.j w_r`` (Agresti
    2010, chapter 7); interval ``tau_b ± z ASE`` clipped to [-1, 1].
    p-value as for gamma (both test ``S = 0``).

    References
    ----------
    Kendall, M. G. (1945). The treatment of ties in ranking problems.
    *Biometrika* 33, 239-251.
    Agresti, A. (2010). *Analysis of Ordinal Categorical Data*, 2nd ed., Wiley, chapter 7.

    Examples
    --------
    >>> out = kendall_tau_b([[5, 2, 0], [2, 3, 1], [0, 2, 4]])
    >>> out[["effect_size", "effect_ci_lower", "effect_ci_upper"]].round(4)
       effect_size  effect_ci_lower  effect_ci_upper
    0       0.6527            0.438           0.8674
    """
    name, eff = "Kendall tau-b", "tau-b"
    z = _z(level)
    t, t2, bad = _ordinal_setup(table, name, eff)
    if bad is not None:
        return bad
    n = float(t.sum())
    tf = t.astype(float)
    a, d = _agreement(tf)
    big_p, big_q = float((tf * a).sum()), float((tf * d).sum())
    rows, cols = tf.sum(1), tf.sum(0)
    wr, wc = n ** 2 - (rows ** 2).sum(), n ** 2 - (cols ** 2).sum()
    w = math.sqrt(wr * wc)
    tau = (big_p - big_q) / w
    v = rows[:, None] * wc + cols[None, :] * wr
    inside = float((tf * (2 * w * (a - d) + tau * v) ** 2).sum() - n ** 3 * tau ** 2 * (wr + wc) ** 2)
    ase = math.sqrt(max(inside, 0.0)) / w ** 2
    p, how = _kendall_s_test(t2, n_resamples, seed, max_exact_n)
    note = ""
    lo = hi = np.nan
    if ase > 0:
        lo, hi = max(-1.0, tau - z * ase), min(1.0, tau + z * ase)
    else:
        note = "ASE 0 (a perfect ordering): no interval"
    return _result(name, statistic=tau, p_value=p, p_method=how, effect_size=tau, effect_name=eff,
                   effect_ci_lower=lo, effect_ci_upper=hi,
                   effect_ci_method="" if np.isnan(lo) else "Wald, ASE (delta method; Agresti 2010)",
                   n=int(n), note=note)


# ---------------------------------------------------------------------------
# multiple comparisons
# ---------------------------------------------------------------------------
def holm(p_values) -> np.ndarray:
    """Holm's step-down adjustment of a family of p-values; ``NaN`` stays ``NaN``
    and does not count in the family.

    ``p_(i)`` sorted ascending among ``m`` p-values becomes
    ``max_{j <= i} min(1, (m - j + 1) p_(j))``.

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
    ok = np.flatnonzero(~np.isnan(p))
    m = ok.size
    if m == 0:
        return out
    order = ok[np.argsort(p[ok], kind="stable")]
    adjusted = np.minimum(1.0, np.maximum.accumulate((m - np.arange(m)) * p[order]))
    out[order] = adjusted
    return out


# ---------------------------------------------------------------------------
# from the tidy table
# ---------------------------------------------------------------------------
def _key(c):
    """A code as a dictionary key: numbers as float (the tidy table's codes are float), text as str."""
    if isinstance(c, str):
        return c
    try:
        return float(c)
    except (TypeError, ValueError):
        return str(c)


def _map_codes(codes: pd.Series, lookup: dict) -> np.ndarray:
    """``lookup[code]`` for every code (NaN where absent), vectorised for numeric codes."""
    if pd.api.types.is_numeric_dtype(codes.dtype) and not pd.api.types.is_bool_dtype(codes.dtype):
        numeric = {k: v for k, v in lookup.items() if isinstance(k, float)}
        return np.array(codes.astype(float).map(numeric).to_numpy(dtype=float, na_value=np.nan), dtype=float)
    return np.array([np.nan if (not isinstance(v, str) and pd.isna(v)) else lookup.get(_key(v), lookup.get(str(v), np.nan))
                     for v in codes], dtype=float)


def _code_lookup(codes, values) -> dict:
    out = {}
    for c, v in zip(codes, values):
        out[_key(c)] = float(v)
        out[str(c)] = float(v)
    return out


@dataclass
class _Answers:
    """One item's answers: respondent index, respondent type (index into
    ``_Tidy.types``), status flags and the position of the code among the scale's
    substantive codes (1..K; NaN if not a valid substantive answer)."""

    rid: np.ndarray
    rtype: np.ndarray
    valid: np.ndarray
    not_asked: np.ndarray
    code: pd.Series
    pos: np.ndarray
    k: int


class _Tidy:
    """The tidy table reduced to integer codes once, and split by item (cheap for millions of rows)."""

    def __init__(self, responses: pd.DataFrame, codebook, categories: str = "scale"):
        if categories not in ("scale", "report"):
            raise SurveyInputError(f"categories must be 'scale' or 'report', not {categories!r}")
        self.categories = categories
        need = {"respondent_id", "respondent_type", "item", "status", "code"}
        absent = need - set(responses.columns)
        if absent:
            raise SurveyInputError(f"the responses table lacks column(s) {sorted(absent)}")
        self.codebook = codebook
        self.rid = pd.factorize(responses["respondent_id"])[0]
        rt_codes, rt_uniques = pd.factorize(responses["respondent_type"])
        self.rtype = rt_codes
        self.types = {str(u): j for j, u in enumerate(rt_uniques)}
        st_codes, st_uniques = pd.factorize(responses["status"])
        statuses = {str(u): j for j, u in enumerate(st_uniques)}
        self.valid = st_codes == statuses.get("valid", -2)
        self.not_asked = st_codes == statuses.get("not_asked", -2)
        self.code = responses["code"].reset_index(drop=True)
        item_codes, item_uniques = pd.factorize(responses["item"])
        order = np.argsort(item_codes, kind="stable")
        bounds = np.concatenate([[0], np.cumsum(np.bincount(item_codes[item_codes >= 0], minlength=len(item_uniques)))])
        first = int((item_codes < 0).sum())  # missing items sort first
        self.positions = {str(u): order[first + bounds[j]: first + bounds[j + 1]] for j, u in enumerate(item_uniques)}

    def type_code(self, type_id: str) -> int:
        return self.types.get(type_id, -2)

    def answers(self, item) -> _Answers:
        scale = self.codebook.scale(item.scale)
        if self.categories == "report" and item.report_collapse:
            groups = [g for g in self.codebook.report_categories(item) if g["substantive"]]
            subs = [c for g in groups for c in g["codes"]]
            where = [k for k, g in enumerate(groups, start=1) for _ in g["codes"]]
        else:
            subs = [c.code for c in scale.codes if c.substantive]
            where = range(1, len(subs) + 1)
        k = max(where, default=0)
        pos = self.positions.get(item.id, np.array([], dtype=np.int64))
        code = self.code.iloc[pos]
        valid = self.valid[pos]
        values = _map_codes(code, _code_lookup(subs, where))
        values[~valid] = np.nan
        return _Answers(self.rid[pos], self.rtype[pos], valid, self.not_asked[pos], code, values, k)


def _types_of(codebook, item) -> list[str]:
    return item.respondent_types or [t.id for t in codebook.respondent_types]


def _is_ordinal(codebook, item) -> bool:
    return bool(codebook.scale(item.scale).ordinal)


def _row(comparison, *, sector="", respondent_type="", item="", measure="", min_group_n=0, frame=None,
         extra_note="", level=0.95, inputs=()) -> dict:
    r = frame.iloc[0].to_dict()
    note = r["note"]
    if not np.isnan(r["p_value"]):
        note = _join(note, extra_note, PROCESS_NOTE)
    else:
        note = _join(note, extra_note)
    r.update(comparison=comparison, sector=sector, respondent_type=respondent_type, item=item, measure=measure,
             p_adjusted=np.nan, adjustment="", ci_level=level if not np.isnan(r["effect_ci_lower"]) else np.nan,
             min_group_n=int(min_group_n), note=note, inputs="; ".join(dict.fromkeys(inputs)))
    return r


def _adjust(rows: list[dict], name="Holm") -> list[dict]:
    adjusted = holm([r["p_value"] for r in rows])
    m = int(np.count_nonzero(~np.isnan([r["p_value"] for r in rows])))
    for r, a in zip(rows, adjusted):
        r["p_adjusted"] = a
        r["adjustment"] = f"{name} ({m} comparisons)" if not np.isnan(a) else ""
    return rows


def _labels(text: str, lookup) -> str:
    """Labels for ids joined by " vs " or " x " ("province vs amr" -> "provincies vs AMR's")."""
    if not text:
        return ""
    for sep in (" vs ", " x "):
        if sep in text:
            return sep.join(_labels(part, lookup) for part in text.split(sep))
    try:
        return lookup(text)
    except (KeyError, ValueError):
        return text


def _frame(rows: list[dict], codebook=None, lang=None) -> pd.DataFrame:
    if not rows:
        return pd.DataFrame(columns=COMPARISON_COLUMNS)
    out = pd.DataFrame(rows)
    if codebook is not None:
        lang = lang or codebook.study.language

        def measure(m):
            return codebook.label(codebook.measure(m).label, lang)

        out["sector_label"] = [_labels(s, lambda x: codebook.label(codebook.sector(x).label, lang))
                               for s in out["sector"]]
        out["respondent_type_label"] = [_labels(t, lambda x: codebook.label(codebook.respondent_type(x).label, lang))
                                        for t in out["respondent_type"]]
        out["measure_label"] = [_labels(m, measure) for m in out["measure"]]
    for col in ("sector_label", "respondent_type_label", "measure_label"):
        if col not in out.columns:
            out[col] = ""
    out = out[COMPARISON_COLUMNS]
    out["n"] = out["n"].astype("int64")
    out["min_group_n"] = out["min_group_n"].astype("int64")
    return out


def between_types(responses: pd.DataFrame, codebook, *, level: float = 0.95, n_resamples: int = N_RESAMPLES,
                  seed=SEED, bias_corrected_v: bool = False, max_exact_n: int = MAX_EXACT_N,
                  lang: str | None = None, _tidy=None) -> pd.DataFrame:
    """Respondent types compared within each item (one sector, one measure).

    Per item: the respondent types x substantive codes table of valid answers
    (for a routed item: those who were asked; non-substantive answers such as
    "weet ik niet" left out), tested with :func:`fisher_freeman_halton` over all
    types (``comparison = "types"``); for an ordinal scale also every pair of
    types with the exact :func:`linear_by_linear` test and the rank-biserial
    correlation (``"types_pairwise"``, Holm-adjusted within the item). Types
    without answers are left out of the table (and named in the note).

    Returns a DataFrame with :data:`COMPARISON_COLUMNS`.
    """
    tidy = _tidy or _Tidy(responses, codebook)
    rows = []
    for item in codebook.items:
        ans = tidy.answers(item)
        types = [t for t in _types_of(codebook, item) if (ans.rtype == tidy.type_code(t)).any()]
        if not types:
            continue  # the item is not in these data
        table = np.zeros((len(types), ans.k), dtype=np.int64)
        for r, type_id in enumerate(types):
            pos = ans.pos[(ans.rtype == tidy.type_code(type_id)) & ~np.isnan(ans.pos)]
            table[r] = np.bincount(pos.astype(np.int64) - 1, minlength=ans.k)
        n_by = table.sum(1)
        absent = [t for t, n in zip(types, n_by) if n == 0]
        note = f"no valid answers from {', '.join(absent)}" if absent else ""
        common = dict(sector=item.sector or "", item=item.id, measure=item.measure, level=level)
        res = fisher_freeman_halton(table, n_resamples=n_resamples, seed=seed, bias_corrected_v=bias_corrected_v)
        rows.append(_row("types", respondent_type=" vs ".join(types), frame=res, extra_note=note,
                         min_group_n=int(n_by[n_by > 0].min()) if (n_by > 0).any() else 0,
                         inputs=[f"{item.id}@{t}" for t in types], **common))
        if _is_ordinal(codebook, item) and len(types) >= 2:
            # every pair of types asked, answers or not: which rows exist depends on the design only
            pairs = []
            for a, b in itertools.combinations(range(len(types)), 2):
                res = linear_by_linear(table[[a, b]], n_resamples=n_resamples, seed=seed, max_exact_n=max_exact_n)
                pairs.append(_row("types_pairwise", respondent_type=f"{types[a]} vs {types[b]}", frame=res,
                                  min_group_n=int(min(n_by[a], n_by[b])),
                                  inputs=[f"{item.id}@{types[a]}", f"{item.id}@{types[b]}"], **common))
            rows += _adjust(pairs)
    return _frame(rows, codebook, lang)


def _active(tidy: _Tidy, codebook, item, familiarity: str, active_codes, dont_know: str) -> tuple:
    """(rid, rtype, value) of the 'actively involved' indicator of an involvement item:
    1 for an active code; 0 for another valid code (non-substantive ones such as
    'weet ik niet' too, unless ``dont_know='exclude'``) and for respondents routed
    past the question although they answered the sector's familiarity item;
    NaN otherwise (item non-response, or not asked because familiarity is missing)."""
    scale = codebook.scale(item.scale)
    if active_codes is None:
        active_codes = [next(c.code for c in scale.codes if c.substantive)]
    active = {_key(c) for c in active_codes} | {str(c) for c in active_codes}
    values = []
    for c in scale.codes:
        if _key(c.code) in active or str(c.code) in active:
            values.append(1.0)
        elif c.substantive or dont_know == "no":
            values.append(0.0)
        else:
            values.append(np.nan)
    ans = tidy.answers(item)
    value = _map_codes(ans.code, _code_lookup([c.code for c in scale.codes], values))
    value[~ans.valid] = np.nan
    fam_items = [i for i in codebook.items if i.measure == familiarity and i.sector == item.sector
                 and i.id != item.id]
    if fam_items:
        fam = tidy.answers(fam_items[0])
        routed = ans.not_asked & np.isin(ans.rid, fam.rid[fam.valid])
        value[routed] = 0.0
    return ans.rid, ans.rtype, value


def between_sectors(responses: pd.DataFrame, codebook, *, familiarity: str = "familiarity",
                    involvement: str = "involvement", active_codes=None, dont_know: str = "no",
                    level: float = 0.95, n_resamples: int = N_RESAMPLES, seed=SEED,
                    max_exact_n: int = MAX_EXACT_N, lang: str | None = None, _tidy=None) -> pd.DataFrame:
    """Sectors compared within each respondent type (paired: the same respondents answer for every sector).

    * Familiarity (measure ``familiarity``, scale codes in scale order):
      :func:`friedman` over the sectors on complete cases (``"sectors"``), and
      :func:`wilcoxon_signed_rank` for every pair of sectors on the respondents
      who answered both (``"sectors_pairwise"``, Holm-adjusted).
    * Involvement (measure ``involvement``) as "actively involved" yes/no:
      :func:`cochran_q` and pairwise :func:`mcnemar_exact`, the same way.
      Who enters: a valid answer counts (1 for ``active_codes``, by default the
      scale's first substantive code; 0 for any other code, "weet ik niet"
      included unless ``dont_know="exclude"``); a respondent *routed past* the
      question counts as not actively involved (0) when they answered the
      sector's familiarity question (they know the collaborations too poorly to
      have been asked); respondents who skipped the question, or were not asked
      because their familiarity answer is missing, are left out.

    Returns a DataFrame with :data:`COMPARISON_COLUMNS`.
    """
    if dont_know not in ("no", "exclude"):
        raise SurveyInputError(f"dont_know must be 'no' or 'exclude', not {dont_know!r}")
    tidy = _tidy or _Tidy(responses, codebook)
    rows = []
    for rtype in codebook.respondent_types:
        code = tidy.type_code(rtype.id)
        for measure in (familiarity, involvement):
            items = [i for i in codebook.items if i.measure == measure and rtype.id in _types_of(codebook, i)]
            columns, sectors, used = [], [], []
            for item in items:
                if measure == familiarity:
                    ans = tidy.answers(item)
                    rid, rt, value = ans.rid, ans.rtype, ans.pos
                else:
                    rid, rt, value = _active(tidy, codebook, item, familiarity, active_codes, dont_know)
                keep = rt == code
                if not keep.any():
                    continue
                columns.append(pd.Series(value[keep], index=rid[keep]))
                sectors.append(item.sector or item.id)
                routing = [] if measure == familiarity else [  # who was routed past depends on familiarity
                    f"{i.id}@{rtype.id}" for i in codebook.items if i.measure == familiarity and i.sector == item.sector]
                used.append([f"{item.id}@{rtype.id}"] + routing)
            if not columns:
                continue
            wide = pd.concat(columns, axis=1, keys=range(len(columns))).to_numpy(dtype=float)
            common = dict(respondent_type=rtype.id, measure=measure, level=level)
            if measure == familiarity:
                res = friedman(wide, n_resamples=n_resamples, seed=seed, max_exact_n=max_exact_n)
                note = "complete cases: respondents who answered for every sector"
            else:
                res = cochran_q(wide, n_resamples=n_resamples, seed=seed, max_exact_n=max_exact_n)
                note = ("'actively involved' yes/no, complete cases; routed past the question counts as no; "
                        + ("'weet ik niet' counts as no" if dont_know == "no" else "'weet ik niet' left out"))
            complete = int((~np.isnan(wide).any(axis=1)).sum())
            rows.append(_row("sectors", sector=" vs ".join(sectors), frame=res, extra_note=note,
                             min_group_n=complete, inputs=[x for u in used for x in u], **common))
            pairs = []
            for a, b in itertools.combinations(range(len(sectors)), 2):
                if measure == familiarity:
                    res = wilcoxon_signed_rank(wide[:, a], wide[:, b], max_exact_n=max_exact_n)
                else:
                    res = mcnemar_exact(wide[:, a], wide[:, b])
                both = int((~np.isnan(wide[:, [a, b]]).any(axis=1)).sum())
                pairs.append(_row("sectors_pairwise", sector=f"{sectors[a]} vs {sectors[b]}", frame=res,
                                  min_group_n=both, inputs=used[a] + used[b], **common))
            rows += _adjust(pairs)
    return _frame(rows, codebook, lang)


def familiarity_involvement(responses: pd.DataFrame, codebook, *, familiarity: str = "familiarity",
                            involvement: str = "involvement", level: float = 0.95,
                            n_resamples: int = N_RESAMPLES, seed=SEED, max_exact_n: int = MAX_EXACT_N,
                            lang: str | None = None, _tidy=None) -> pd.DataFrame:
    """Familiarity against involvement, per sector and respondent type: gamma and tau-b with intervals.

    The table crosses the substantive familiarity codes with the substantive
    involvement codes (both in scale order: for the bundled study 1 = very
    good ... 5 = very poor against 1 = actively involved ... 3 = not involved,
    so a positive value means: the better known, the more involved) for the
    respondents who answered both; routed-out respondents and "weet ik niet"
    are not in it (the routing would otherwise create the association).
    Two rows per cell: :func:`goodman_kruskal_gamma` and :func:`kendall_tau_b`
    (``comparison = "association"``).
    """
    tidy = _tidy or _Tidy(responses, codebook)
    rows = []
    for fam_item in [i for i in codebook.items if i.measure == familiarity]:
        inv_items = [i for i in codebook.items if i.measure == involvement and i.sector == fam_item.sector]
        if not inv_items:
            continue
        inv_item = inv_items[0]
        fam, inv = tidy.answers(fam_item), tidy.answers(inv_item)
        types = [t for t in _types_of(codebook, fam_item) if t in _types_of(codebook, inv_item)]
        for type_id in types:
            code = tidy.type_code(type_id)
            fk, vk = fam.rtype == code, inv.rtype == code
            if not fk.any() and not vk.any():
                continue
            f = pd.Series(fam.pos[fk], index=fam.rid[fk])
            v = pd.Series(inv.pos[vk], index=inv.rid[vk])
            both = pd.concat([f, v], axis=1, join="inner").dropna().to_numpy()
            table = np.zeros((fam.k, inv.k), dtype=np.int64)
            np.add.at(table, (both[:, 0].astype(np.int64) - 1, both[:, 1].astype(np.int64) - 1), 1)
            common = dict(sector=fam_item.sector or "", respondent_type=type_id,
                          item=f"{fam_item.id} x {inv_item.id}", measure=f"{familiarity} x {involvement}",
                          level=level)
            note = "respondents who answered both (routed out and non-substantive answers left out)"
            for func in (goodman_kruskal_gamma, kendall_tau_b):
                res = func(table, level=level, n_resamples=n_resamples, seed=seed, max_exact_n=max_exact_n)
                rows.append(_row("association", frame=res, extra_note=note, min_group_n=int(table.sum()),
                                 inputs=[f"{fam_item.id}@{type_id}", f"{inv_item.id}@{type_id}"], **common))
    return _frame(rows, codebook, lang)


def comparisons(responses: pd.DataFrame, codebook, *, level: float = 0.95, n_resamples: int = N_RESAMPLES,
                seed=SEED, familiarity: str = "familiarity", involvement: str = "involvement",
                active_codes=None, dont_know: str = "no", bias_corrected_v: bool = False,
                max_exact_n: int = MAX_EXACT_N, categories: str = "scale", lang: str | None = None) -> pd.DataFrame:
    """Every comparison of the study as one tidy table (``comparisons.csv``).

    Rows of :func:`between_types` (``comparison`` = ``types``,
    ``types_pairwise``), :func:`between_sectors` (``sectors``,
    ``sectors_pairwise``) and :func:`familiarity_involvement`
    (``association``), with :data:`COMPARISON_COLUMNS`:

    ``sector``, ``respondent_type`` (ids) and ``sector_label``, ``respondent_type_label``
        the stratum, or for the compared dimension the groups compared
        (``"province vs amr vs fund"``, ``"care vs green"``), labels in ``lang``;
    ``statistic``, ``df``, ``p_value``, ``p_method``
        the test; ``df`` is that of the statistic's chi-square approximation,
        shown for reference where ``p_method`` is exact or Monte Carlo;
    ``p_adjusted``, ``adjustment``
        Holm within each family of pairwise comparisons; empty for single tests;
    ``effect_size``, ``effect_name``, ``effect_ci_lower``, ``effect_ci_upper``
        the effect size and, where one is defined (gamma, tau-b), its interval
        at ``ci_level``;
    ``n``, ``min_group_n``
        respondents in the test and in its smallest group (what
        ``--min-cell`` looks at);
    ``note``
        who entered, why a row has no result, and that p-values treat the
        respondents as a sample from a process;
    ``inputs``
        the distributions (``item@respondent_type``) the row is computed from
        (what ``--min-cell`` checks, :func:`suppress_small_groups`).

    ``categories="scale"`` (default) tests the substantive codes of each scale
    (familiarity: 5 points); ``"report"`` first collapses items that have a
    report collapse into the report's categories (good / fair / poor), so the
    results depend only on what the figures show.

    Examples
    --------
    >>> from survey_inventory.codebook import load_codebook          # doctest: +SKIP
    >>> from survey_inventory.load import load_study                 # doctest: +SKIP
    >>> cb = load_codebook("codebooks/bartels-2025.yaml")            # doctest: +SKIP
    >>> comp = comparisons(load_study(cb).responses, cb)             # doctest: +SKIP
    >>> comp.query("comparison == 'sectors'")[["respondent_type", "measure", "test", "p_value"]]  # doctest: +SKIP
    """
    tidy = _Tidy(responses, codebook, categories)
    parts = [
        between_types(responses, codebook, level=level, n_resamples=n_resamples, seed=seed,
                      bias_corrected_v=bias_corrected_v, max_exact_n=max_exact_n, lang=lang, _tidy=tidy),
        between_sectors(responses, codebook, familiarity=familiarity, involvement=involvement,
                        active_codes=active_codes, dont_know=dont_know, level=level, n_resamples=n_resamples,
                        seed=seed, max_exact_n=max_exact_n, lang=lang, _tidy=tidy),
        familiarity_involvement(responses, codebook, familiarity=familiarity, involvement=involvement, level=level,
                                n_resamples=n_resamples, seed=seed, max_exact_n=max_exact_n, lang=lang,
                                _tidy=tidy),
    ]
    parts = [p for p in parts if len(p)]
    if not parts:
        return pd.DataFrame(columns=COMPARISON_COLUMNS)
    return pd.concat(parts, ignore_index=True)[COMPARISON_COLUMNS]


#: Columns of a comparison computed from the answers: emptied by :func:`suppress_small_groups`.
SUPPRESSED_RESULTS = ("statistic", "df", "p_value", "p_adjusted", "effect_size", "effect_ci_lower", "effect_ci_upper",
                      "ci_level")
#: ... and counts and descriptions that depend on the answers.
SUPPRESSED_COUNTS = ("n", "min_group_n")
SUPPRESSED_TEXT = ("p_method", "effect_ci_method", "adjustment")


def suppress_small_groups(comp: pd.DataFrame, min_cell: int, distributions: pd.DataFrame | None = None) -> pd.DataFrame:
    """A copy of :func:`comparisons` as it may leave the team with ``--min-cell K``.

    A row loses every result and count (:data:`SUPPRESSED_RESULTS`,
    :data:`SUPPRESSED_COUNTS`, :data:`SUPPRESSED_TEXT`: ``n`` leaves out "weet ik
    niet", ``df`` empty categories, notes count pairs), keeping its labels,
    ``inputs`` and a note saying why, when

    * a group has fewer than ``K`` respondents (``0 < min_group_n < K``), as a
      distribution with a small base loses all its cells; or
    * it is computed from a distribution with a suppressed cell: ``inputs``
      names the distributions (``item@respondent_type``) a row is computed from,
      and ``distributions`` (already through
      :func:`survey_inventory.privacy.suppress_small_cells`) says which of them
      have suppressed cells. A statistic of a table together with the published
      bases and visible cells narrows down, and for a 2 x 2 table gives away,
      the hidden counts.

    Holm-adjusted p-values depend on every p-value of their family, so a family
    with a suppressed row loses all its ``p_adjusted``. ``min_cell`` 0 or 1
    changes nothing.

    Examples
    --------
    >>> comp = pd.DataFrame({"comparison": "types", "item": "q", "respondent_type": "a vs b",
    ...                      "statistic": [3.2], "p_value": [0.04], "p_adjusted": [float("nan")],
    ...                      "effect_size": [0.4], "effect_ci_lower": [float("nan")],
    ...                      "effect_ci_upper": [float("nan")], "min_group_n": [9], "note": [""],
    ...                      "inputs": ["q@a; q@b"]})
    >>> dist = pd.DataFrame({"item": "q", "respondent_type": ["a", "a", "b", "b"],
    ...                      "suppressed": [False, False, True, True]})
    >>> out = suppress_small_groups(comp, 5, dist)
    >>> bool(out["p_value"].isna()[0]), out.loc[0, "note"]
    (True, 'suppressed: computed from a distribution with suppressed cells (--min-cell 5)')
    """
    k = int(min_cell)
    out = comp.copy()
    if k < 2 or out.empty:
        return out
    reason = np.full(len(out), "", dtype=object)
    small = ((out["min_group_n"] > 0) & (out["min_group_n"] < k)).to_numpy()
    reason[small] = f"suppressed: a group has fewer than {k} respondents (--min-cell {k})"
    if distributions is not None and "suppressed" in distributions.columns and "inputs" in out.columns:
        hidden = distributions.loc[distributions["suppressed"].astype(bool), ["item", "respondent_type"]]
        hidden = {f"{i}@{t}" for i, t in zip(hidden["item"].astype(str), hidden["respondent_type"].astype(str))}
        uses = np.array([bool(hidden & set(str(x).split("; "))) for x in out["inputs"].fillna("")], dtype=bool)
        reason[uses & ~small] = f"suppressed: computed from a distribution with suppressed cells (--min-cell {k})"
    mask = reason != ""
    for col in SUPPRESSED_RESULTS:
        if col in out.columns:
            out[col] = out[col].astype(float)
            out.loc[mask, col] = np.nan
    for col in SUPPRESSED_COUNTS:  # n leaves out 'weet ik niet', df empty categories: both count answers
        if col in out.columns:
            out[col] = out[col].astype("Int64")
            out.loc[mask, col] = pd.NA
    for col in SUPPRESSED_TEXT:
        if col in out.columns:
            if not pd.api.types.is_string_dtype(out[col]):
                out[col] = out[col].astype(object)
            out.loc[mask, col] = ""
    out.loc[mask, "note"] = reason[mask]  # the other notes count answers too (pairs left out, groups without answers)
    pairwise = out["comparison"].astype(str).str.endswith("pairwise")
    if pairwise.any() and "p_adjusted" in out.columns:
        def column(name):
            return out[name].astype(str) if name in out.columns else pd.Series("", index=out.index)

        # a family: the type pairs of one item, or the sector pairs of one respondent type and measure
        family = column("comparison") + "|" + column("item").where(
            column("comparison") == "types_pairwise", column("respondent_type") + "|" + column("measure"))
        hit = pd.Series(mask, index=out.index).groupby(family).transform("any") & pairwise
        later = hit.to_numpy() & ~mask
        if later.any():
            out.loc[later, "p_adjusted"] = np.nan
            out.loc[later, "adjustment"] = ""
            out.loc[later, "note"] = [_join("Holm-adjusted p suppressed: its family has a suppressed row", str(n))
                                      for n in out.loc[later, "note"]]
    return out
