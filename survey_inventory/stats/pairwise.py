"""Paired tests for every pair of conditions at once: counted once, not looped over respondents per pair.

Between sectors the same respondents answer for k conditions, and every pair of
conditions is tested (190 pairs for 20 sectors) on the respondents who answered
both. A test of a pair needs only the pair's joint table of answers -- how many
respondents answered ``u`` for the first condition and ``v`` for the second --
so the answers are turned into small integer codes once and each pair's table is
one :func:`numpy.bincount`, whatever the number of respondents:

* :func:`wilcoxon_pairs` -- :func:`~survey_inventory.stats.paired.wilcoxon_signed_rank`
  for every pair. Differences of the same size share one mid-rank, so the rank
  sums and the tie correction come from the table. Where the p-value is exact
  (up to ``max_exact_n`` non-zero differences, a small base) the pair is computed
  from its answers by :func:`~survey_inventory.stats.paired.wilcoxon_signed_rank`
  itself; above it (the normal approximation) from the table, with the same
  numbers to the last bit (rank sums of half-integers are exact in floating point).
* :func:`mcnemar_pairs` -- :func:`~survey_inventory.stats.paired.mcnemar_exact`
  for every pair, from the table's discordant cells.

Both return one table, one row per pair in :func:`itertools.combinations` order,
with the columns ``first``, ``second`` (the conditions' column numbers) and
:data:`~survey_inventory.stats.paired.RESULT_COLUMNS`.

>>> from survey_inventory.stats.pairwise import mcnemar_pairs
>>> mcnemar_pairs([[1, 0, 0], [1, 0, 1], [1, 1, 0], [0, 0, 0]])[["first", "second", "p_value"]]
   first  second  p_value
0      0       1      0.5
1      0       2      0.5
2      1       2      1.0
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import SurveyInputError
from ._resampling import MAX_EXACT_N, RESULT_COLUMNS, _array_2d
from .paired import _mcnemar_record, _signed_rank_normal, _wilcoxon_record, _wilcoxon_values

__all__ = ["PAIR_COLUMNS", "wilcoxon_pairs", "mcnemar_pairs"]

#: Columns of :func:`wilcoxon_pairs` and :func:`mcnemar_pairs`.
PAIR_COLUMNS = ["first", "second"] + RESULT_COLUMNS

#: Up to this many distinct integer answers the codes are the answers less the smallest one.
_MAX_INTEGER_RANGE = 1000


def _value_codes(m: np.ndarray) -> tuple[list, np.ndarray]:
    """``(codes, values)``: ``m``'s answers as ``values[codes[j]]`` per column ``j`` (codes 0..K-1, K for
    missing), a column at a time in the smallest integer type: no copy of ``m`` as 64-bit integers."""
    columns = [m[:, j] for j in range(m.shape[1])]
    present = [~np.isnan(c) for c in columns]
    found = [(float(c[p].min()), float(c[p].max())) for c, p in zip(columns, present) if p.any()]
    lo, hi = (min(f[0] for f in found), max(f[1] for f in found)) if found else (0.0, -1.0)
    if hi - lo < _MAX_INTEGER_RANGE and all(np.array_equal(c[p], np.round(c[p])) for c, p in zip(columns, present)):
        values = lo + np.arange(int(hi - lo) + 1, dtype=float)   # whole numbers: the codes by subtraction
        small = np.uint16  # fewer than _MAX_INTEGER_RANGE + 1 codes
        codes = [np.where(p, c - lo, len(values)).astype(small) for c, p in zip(columns, present)]
    else:
        values = np.unique(np.concatenate([np.unique(c[p]) for c, p in zip(columns, present)]))
        small = np.uint16 if len(values) < 2**16 - 1 else np.intp
        codes = [np.where(p, np.searchsorted(values, np.where(p, c, values[0] if len(values) else 0.0)),
                          len(values)).astype(small) for c, p in zip(columns, present)]
    return codes, values


def _pair_tables(columns: list, k_values: int):
    """``(a, b, table)`` for every pair of code columns: ``table[u, v]`` respondents with codes ``u`` and
    ``v`` (the last row and column: missing)."""
    base = k_values + 1
    for a in range(len(columns)):
        scaled = columns[a].astype(np.intp) * base
        for b in range(a + 1, len(columns)):
            yield a, b, np.bincount(scaled + columns[b], minlength=base * base).reshape(base, base)


def _pairs_frame(records: list[dict]) -> pd.DataFrame:
    return pd.DataFrame(records, columns=PAIR_COLUMNS) if records else pd.DataFrame(columns=PAIR_COLUMNS)


def wilcoxon_pairs(data, *, max_exact_n: int = MAX_EXACT_N) -> pd.DataFrame:
    """:func:`~survey_inventory.stats.paired.wilcoxon_signed_rank` for every pair of columns of ``data``.

    Each pair uses the respondents (rows) with an answer in both columns, as
    ``wilcoxon_signed_rank(data[:, a], data[:, b])`` does, and gives the same
    numbers: exact with ties up to ``max_exact_n`` non-zero differences, else the
    tie-corrected normal approximation, computed from the pair's table of
    answers (differences of one size share their mid-rank) in one pass over
    the respondents per pair.

    Parameters
    ----------
    data : array_like, respondents x conditions
        Ordinal answers, ``NaN`` for a missing one.
    max_exact_n : int, default 300
        Up to this many non-zero differences the p-value is exact.

    Returns
    -------
    DataFrame
        :data:`PAIR_COLUMNS`, one row per pair ``first < second``.

    References
    ----------
    Wilcoxon, F. (1945). Individual comparisons by ranking methods. *Biometrics
    Bulletin* 1, 80-83.

    Examples
    --------
    >>> data = [[1, 2, 2], [2, 3, 1], [2, 4, 1], [3, 3, 2], [1, 3, 1], [2, 4, 3]]
    >>> wilcoxon_pairs(data)[["first", "second", "statistic", "p_value"]].round(4)
       first  second  statistic  p_value
    0      0       1        0.0   0.0625
    1      0       2        6.0   1.0000
    2      1       2        0.0   0.0625
    """
    m = _array_2d(data, "data must be a 2-D numeric array (respondents x conditions)")
    codes, values = _value_codes(m)
    diff = values[:, None] - values[None, :]                      # the difference of every (u, v) cell
    nonzero = diff != 0
    sizes, size_of = np.unique(np.abs(diff[nonzero]), return_inverse=True)
    positive = diff[nonzero] > 0
    records = []
    for a, b, table in _pair_tables(codes, len(values)):
        cells = table[:-1, :-1]
        n = int(cells.sum())
        per_size = np.zeros(len(sizes), dtype=np.int64)
        np.add.at(per_size, size_of, cells[nonzero])
        n_nonzero = int(per_size.sum())
        if n < 2 or n_nonzero == 0 or n_nonzero <= max_exact_n:   # small or degenerate: from the answers
            x, y = m[:, a], m[:, b]
            both = ~(np.isnan(x) | np.isnan(y))
            record = _wilcoxon_record(x[both], y[both], max_exact_n)
        else:
            upto = np.cumsum(per_size)
            midrank = 0.5 * (upto + (upto - per_size) + 1)          # as scipy.stats.rankdata's "average"
            ranked = cells[nonzero] * midrank[size_of]
            t_plus, t_minus = float(ranked[positive].sum()), float(ranked[~positive].sum())
            p, how = _signed_rank_normal(t_plus, n_nonzero, per_size[per_size > 0])
            record = _wilcoxon_values(t_plus, t_minus, p, how, n, n_nonzero)
        records.append({"first": a, "second": b, **record})
    return _pairs_frame(records)


def mcnemar_pairs(data, *, level: float = 0.95) -> pd.DataFrame:
    """:func:`~survey_inventory.stats.paired.mcnemar_exact` for every pair of columns of ``data``.

    Each pair uses the respondents (rows) with an answer in both columns; ``b``
    and ``c`` (answers 1, 0 and 0, 1) are counted for all pairs in one pass over
    the respondents per pair, and the test and interval are those of
    ``mcnemar_exact(data[:, a], data[:, b], level=level)``, to the last bit.

    Parameters
    ----------
    data : array_like, respondents x conditions of 0/1
        ``NaN`` for a missing answer.
    level : float, default 0.95
        As in :func:`~survey_inventory.stats.paired.mcnemar_exact` (the Bonett-Price interval).

    Returns
    -------
    DataFrame
        Rows in pair order, columns :data:`PAIR_COLUMNS`; ``statistic`` is McNemar's chi-square.

    References
    ----------
    McNemar (1947), as cited by :func:`~survey_inventory.stats.paired.mcnemar_exact`.

    Examples
    --------
    >>> out = mcnemar_pairs([[1, 0], [1, 0], [1, 0], [1, 1], [0, 0], [1, 0]])
    >>> out[["p_value", "effect_size"]].round(4)
       p_value  effect_size
    0    0.125       0.6667
    """
    m = _array_2d(data, "data must be a 2-D numeric array (respondents x conditions)")
    columns = [m[:, j] for j in range(m.shape[1])]  # a column at a time: no copy of m as 64-bit integers
    if not all(((c == 0.0) | (c == 1.0) | np.isnan(c)).all() for c in columns):
        raise SurveyInputError("mcnemar_pairs needs 0/1 answers")
    codes = [np.where(np.isnan(c), 2, c).astype(np.uint8) for c in columns]
    records = []
    for a, b, table in _pair_tables(codes, 2):
        b_, c_, n = int(table[1, 0]), int(table[0, 1]), int(table[:2, :2].sum())
        records.append({"first": a, "second": b, **_mcnemar_record(b_, c_, n, level)})
    return _pairs_frame(records)

