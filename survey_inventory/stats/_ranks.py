"""Within-respondent mid-ranks of a respondents x conditions matrix, summarised a block of rows at a time.

Private to :func:`~survey_inventory.stats.paired.friedman` and
:func:`~survey_inventory.stats.effect_intervals.kendalls_w_ci`: both need only the
rank sums per condition, the tie groups within each row and the sum of the squared
centred ranks, never the whole rank matrix. Made a block of rows at a time, the
working memory is that of one block (at 550 000 respondents x 20 sectors the
whole-matrix version took some 500 MiB on top of the data). Every term is a
multiple of 1/4 (mid-ranks are multiples of 1/2) and every sum far below 2^53, so
the sums are exact: the same to the last bit whatever the block size.
"""
from __future__ import annotations

from typing import NamedTuple

import numpy as np
from scipy import stats

#: Rows per block (at 20 conditions some 10 MiB of float64 ranks).
BLOCK_ROWS = 1 << 16


class RankSummary(NamedTuple):
    n: int
    k: int
    #: ``R_j``: the sum over respondents of condition j's within-row mid-rank
    rank_sums: np.ndarray
    #: ``sum (t^3 - t)`` over the tie groups of every row (the Friedman tie correction)
    ties: float
    #: ``sum_ij d_ij^2`` with ``d_ij`` the mid-rank minus ``(k + 1)/2``
    squares: float


def rank_summary(m: np.ndarray, rows: np.ndarray | None = None, block_rows: int = BLOCK_ROWS) -> RankSummary:
    """The :class:`RankSummary` of ``m`` (no NaN in the rows used), ``block_rows`` rows at a time;
    ``rows``: a boolean mask of the rows to use (all when None), so a caller leaving out incomplete
    rows needs no copy of the matrix without them.

    >>> s = rank_summary(np.array([[1.0, 2, 2], [3, 1, 2]]))
    >>> s.rank_sums.tolist(), s.ties, s.squares
    ([4.0, 3.5, 4.5], 6.0, 3.5)
    >>> t = rank_summary(np.array([[1.0, 2, 2], [np.nan, 1, 2], [3, 1, 2]]), rows=np.array([True, False, True]))
    >>> t.n, t.rank_sums.tolist(), t.ties, t.squares
    (2, [4.0, 3.5, 4.5], 6.0, 3.5)
    """
    k = m.shape[1]
    n = len(m) if rows is None else int(rows.sum())
    rank_sums, ties, squares = np.zeros(k), 0.0, 0.0
    centre = (k + 1) / 2.0
    for start in range(0, len(m), block_rows):
        part = m[start:start + block_rows]
        if rows is not None:
            part = part[rows[start:start + block_rows]]
        size = len(part)
        if not size:
            continue
        ranks = stats.rankdata(part, axis=1)
        rank_sums += ranks.sum(axis=0)
        ranks -= centre
        squares += float((ranks ** 2).sum())
        _, ids = np.unique(part, return_inverse=True)  # tie groups within each row, counted at once
        u = int(ids.max()) + 1
        counts = np.bincount((np.arange(size)[:, None] * u + ids.reshape(size, k)).ravel(),
                             minlength=size * u).astype(float)
        ties += float((counts ** 3 - counts).sum())
    return RankSummary(n, k, rank_sums, ties, squares)
