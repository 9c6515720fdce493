"""Shared machinery of the tests in :mod:`.unpaired`, :mod:`.paired` and :mod:`.association`.

Private: argument checks for count tables, the one-row result every test returns
(:data:`RESULT_COLUMNS`), and the Monte Carlo pieces -- random tables with fixed
margins (Patefield's algorithm) and the p-value ``(1 + #{T* >= T})/(1 + B)``
(Phipson & Smyth 2010) with its label.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

from ..errors import SurveyInputError

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


def _record(test, *, statistic=np.nan, df=np.nan, p_value=np.nan, p_method="", effect_size=np.nan,
            effect_name="", effect_ci_lower=np.nan, effect_ci_upper=np.nan, effect_ci_method="", n=0,
            note="") -> dict:
    """One test's result as a dict of :data:`RESULT_COLUMNS` (many of them make one table at once)."""
    return {
        "test": test, "statistic": float(statistic), "df": float(df), "p_value": float(p_value),
        "p_method": p_method, "effect_size": float(effect_size), "effect_name": effect_name,
        "effect_ci_lower": float(effect_ci_lower), "effect_ci_upper": float(effect_ci_upper),
        "effect_ci_method": effect_ci_method, "n": int(n), "note": note,
    }


def _result(test, **fields) -> pd.DataFrame:
    """One test's result as the one-row DataFrame every public test returns."""
    record = _record(test, **fields)
    return pd.DataFrame({c: [record[c]] for c in RESULT_COLUMNS})


def _array_2d(data, message: str) -> np.ndarray:
    """``data`` as a 2-D float array, else a SurveyInputError with ``message``."""
    try:
        a = np.asarray(data, dtype=float)
    except (TypeError, ValueError):
        raise SurveyInputError(message) from None
    if a.ndim != 2:
        raise SurveyInputError(message, value=a.shape)
    return a


def _table(table, name="table") -> np.ndarray:
    t = _array_2d(table, f"{name} must be a 2-D array of counts")
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

