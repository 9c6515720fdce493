"""Can these printed percentages come from this N? The count solver.

A figure in a report prints whole percentages and a base N. Only finitely many
vectors of whole-number counts sum to N, and each prints one way under a given
rounding rule (:mod:`survey_inventory.stats.rounding`); so a printed distribution
either comes from some counts or from none. This module finds all of them (or
proves there are none) -- a GRIM-style consistency check [1]_ for whole
distributions. :mod:`survey_inventory.stats.figure_check` puts it all together
for one figure.

How the search prunes
---------------------
For half-up, half-even and truncation a category's printed value depends on its
own count only and never decreases as the count grows, so the counts that print
as ``p`` form one interval ``[lo, hi]`` (found by bisection in the narrow bracket
``(p - 1) n / 100 .. (p + 1) n / 100``). A vector with one count per interval
summing to ``n`` exists exactly when ``sum(lo) <= n <= sum(hi)``; the number of
them is counted by inclusion-exclusion over the upper bounds [2]_ (independent of
N) and they are listed by a depth-first walk that only enters branches the
remaining intervals can still complete, so every step leads to a solution.

Largest remainder couples the categories. A category printed ``p`` has either
whole part ``p`` and no extra point, or whole part ``p - 1`` and an extra point;
call the second kind the set ``S``. Given the whole parts, the counts print as
``percents`` exactly when the printed values sum to 100, every member of ``S``
ranks above every other category by (remainder, earlier in the list), and the
counts sum to ``n`` (the number of extra points then equals ``|S|`` by
itself). The solutions are split by ``S`` and by the member ``s`` of ``S`` that
ranks lowest and its count: with those fixed, each other category's admissible
counts are again an interval (within one whole part the remainder grows with the
count, so "ranks above s" cuts the interval from below and "ranks below s" from
above). Each piece is counted and listed like the independent rules; the pieces
are disjoint and cover all solutions. Subsets whose intervals cannot reach ``n``
are dropped before the inner loops.

So the solutions of a print are a union of disjoint *boxes* (one interval of
counts per category; :func:`solution_boxes`).

References
----------
.. [1] Brown, N. J. L., & Heathers, J. A. J. (2017). The GRIM test: A simple
   technique detects numerous anomalies in the reporting of results in psychology.
   *Social Psychological and Personality Science*, 8(4), 363-369.
.. [2] Stanley, R. P. (2012). *Enumerative Combinatorics*, Vol. 1 (2nd ed.).
   Cambridge University Press, section 2.1 (the principle of inclusion-exclusion).

Examples
--------
>>> from survey_inventory.stats.printed_counts import solve_counts
>>> solve_counts([33, 66], 9, "truncate"), solve_counts([33, 66], 9, "half-up")
([(3, 6)], [])
"""
from __future__ import annotations

import heapq
import math
from typing import Iterable, Iterator, Sequence

from .rounding import ROUNDING_RULES, check_printed, check_rule, round_count, whole_percents

__all__ = ["DEFAULT_SEARCH_ABOVE", "solution_boxes", "count_in_boxes", "list_in_boxes", "solve_counts",
           "count_solutions", "is_consistent", "nearest_consistent_n", "sum_explainable"]

#: how far :func:`nearest_consistent_n` looks above the stated N by default
DEFAULT_SEARCH_ABOVE = 1000


# ---------------------------------------------------------------------------
# boxes: products of count intervals; the solution sets are unions of disjoint boxes
# ---------------------------------------------------------------------------

def _bisect_first(lo: int, hi: int, pred) -> int:
    """Smallest x in [lo, hi] with pred(x) true (pred monotone false..true); hi + 1 if none."""
    while lo <= hi:
        mid = (lo + hi) // 2
        if pred(mid):
            hi = mid - 1
        else:
            lo = mid + 1
    return lo


def _interval(p: int, n: int, rule: str) -> tuple[int, int] | None:
    """The counts out of ``n`` that print as ``p`` under an independent rule, or None."""
    a = max(0, ((p - 1) * n) // 100)          # every rule needs the exact value in [p - 1, p + 1]
    b = min(n, -((-(p + 1) * n) // 100))
    lo = _bisect_first(a, b, lambda c: round_count(c, n, rule) >= p)
    hi = _bisect_first(a, b, lambda c: round_count(c, n, rule) > p) - 1
    return (lo, hi) if lo <= hi else None


def _whole_part_interval(q: int, n: int) -> tuple[int, int] | None:
    """The counts c out of ``n`` with floor(100 c / n) == q."""
    if q < 0 or q > 100:
        return None
    lo = -((-q * n) // 100)                    # ceil(q n / 100)
    hi = min(n, -((-(q + 1) * n) // 100) - 1)  # ceil((q + 1) n / 100) - 1
    return (lo, hi) if lo <= hi else None


def _box_feasible(box: Sequence[tuple[int, int]], total: int) -> bool:
    return sum(a for a, _ in box) <= total <= sum(b for _, b in box)


def _count_box(box: Sequence[tuple[int, int]], total: int) -> int:
    """Integer vectors with box[i][0] <= x_i <= box[i][1] and sum == total.

    Inclusion-exclusion over the upper bounds: with slack t = total - sum(lo) and
    lengths L_i = hi_i - lo_i + 1, the count is the sum over subsets J of
    (-1)^|J| * C(t - sum_J L + k - 1, k - 1) (k free categories), keeping only
    subsets with sum_J L <= t (merged by that sum), so it costs the same for any N.
    """
    slack = total - sum(a for a, _ in box)
    lengths = [b - a + 1 for a, b in box if b > a]     # fixed categories (one value) drop out
    if slack < 0 or slack > sum(lengths) - len(lengths):
        return 0
    k = len(lengths)
    if k == 0:
        return 1
    terms = {0: 1}                                     # sum of the chosen lengths -> signed coefficient
    for length in lengths:
        for used, coef in list(terms.items()):
            if used + length <= slack:
                terms[used + length] = terms.get(used + length, 0) - coef
    return sum(coef * math.comb(slack - used + k - 1, k - 1) for used, coef in terms.items())


def _iter_box(box: Sequence[tuple[int, int]], total: int) -> Iterator[tuple[int, ...]]:
    """The vectors of a box summing to ``total``, in lexicographic order; every branch completes."""
    m = len(box)
    suf_lo = [0] * (m + 1)
    suf_hi = [0] * (m + 1)
    for i in range(m - 1, -1, -1):
        suf_lo[i] = suf_lo[i + 1] + box[i][0]
        suf_hi[i] = suf_hi[i + 1] + box[i][1]
    if not suf_lo[0] <= total <= suf_hi[0]:
        return

    def walk(i: int, rest: int, prefix: tuple[int, ...]):
        a = max(box[i][0], rest - suf_hi[i + 1])
        b = min(box[i][1], rest - suf_lo[i + 1])
        if i == m - 1:
            yield prefix + (rest,)
            return
        for c in range(a, b + 1):
            yield from walk(i + 1, rest - c, prefix + (c,))

    yield from walk(0, total, ())


def _lr_subsets(low, high, n) -> Iterator[int]:
    """Bit masks S (bit i: category i has whole part p - 1) whose intervals can still sum to n.

    Depth-first over the categories; a branch is dropped as soon as the chosen
    intervals plus the widest choice for the rest cannot reach n (or must exceed it).
    """
    m = len(low)
    opts = [[(bit, iv) for bit, iv in ((0, high[i]), (1, low[i])) if iv is not None] for i in range(m)]
    suf_lo = [0] * (m + 1)
    suf_hi = [0] * (m + 1)
    for i in range(m - 1, -1, -1):
        if not opts[i]:
            return
        suf_lo[i] = suf_lo[i + 1] + min(iv[0] for _, iv in opts[i])
        suf_hi[i] = suf_hi[i + 1] + max(iv[1] for _, iv in opts[i])

    def walk(i, mask, lo, hi):
        if lo + suf_lo[i] > n or hi + suf_hi[i] < n:
            return
        if i == m:
            yield mask
            return
        for bit, (a, b) in opts[i]:
            yield from walk(i + 1, mask | bit << i, lo + a, hi + b)

    yield from walk(0, 0, 0, 0)


def _lr_boxes(ps: Sequence[int], n: int) -> Iterator[list[tuple[int, int]]]:
    """Disjoint boxes whose vectors (summing to n) are exactly the largest-remainder solutions."""
    m = len(ps)
    if sum(ps) != 100:
        return
    low = [_whole_part_interval(p - 1, n) for p in ps]   # whole part p - 1, gets an extra point
    high = [_whole_part_interval(p, n) for p in ps]      # whole part p, no extra point
    for mask in _lr_subsets(low, high, n):
        members = [i for i in range(m) if mask >> i & 1]
        parts = [low[i] if mask >> i & 1 else high[i] for i in range(m)]
        if not members:
            yield parts           # no extra points: the sum forces every remainder to 0
            continue
        for s in members:         # s: the member of S with the lowest rank
            for cs in range(low[s][0], low[s][1] + 1):
                r_s = 100 * cs - n * (ps[s] - 1)
                box = []
                for i in range(m):
                    if i == s:
                        box.append((cs, cs))
                        continue
                    if mask >> i & 1:        # must rank above s
                        a, b = low[i]
                        base = r_s + n * (ps[i] - 1)
                        a = max(a, -(-base // 100) if i < s else base // 100 + 1)
                    else:                    # must rank below s
                        a, b = high[i]
                        base = r_s + n * ps[i]
                        b = min(b, base // 100 if i > s else -(-base // 100) - 1)
                    if a > b:
                        break
                    box.append((a, b))
                else:
                    if _box_feasible(box, n):
                        yield box


def _boxes(ps: Sequence[int], n: int, rule: str) -> Iterator[list[tuple[int, int]]]:
    if rule == "largest-remainder":
        yield from _lr_boxes(ps, n)
        return
    box = []
    for p in ps:
        iv = _interval(p, n, rule)
        if iv is None:
            return
        box.append(iv)
    if _box_feasible(box, n):
        yield box


def list_in_boxes(boxes: Iterable[Sequence[tuple[int, int]]], n: int,
                  limit: int | None = 1000) -> list[tuple[int, ...]]:
    """The vectors summing to ``n`` in disjoint boxes (:func:`solution_boxes`), in lexicographic order.

    Parameters
    ----------
    boxes : iterable of sequences of (int, int)
        Disjoint boxes: per box one inclusive count interval per category.
    n : int
        The total.
    limit : int or None, default 1000
        At most this many vectors (``None``: all).

    Returns
    -------
    list of tuple of int

    Examples
    --------
    >>> list_in_boxes([[(0, 1), (299, 300)]], 300)
    [(0, 300), (1, 299)]
    """
    out: list[tuple[int, ...]] = []
    if limit is not None and limit <= 0:
        return out
    # each box lists its vectors in lexicographic order; merging keeps that order overall
    for vec in heapq.merge(*(_iter_box(box, n) for box in boxes)):
        out.append(vec)
        if limit is not None and len(out) >= limit:
            break
    return out


def count_in_boxes(boxes: Iterable[Sequence[tuple[int, int]]], n: int) -> int:
    """How many vectors summing to ``n`` lie in disjoint boxes (:func:`solution_boxes`); counted, not listed.

    Inclusion-exclusion over the upper bounds of each box, so the cost does not grow with ``n``.

    Parameters
    ----------
    boxes, n
        As in :func:`list_in_boxes`.

    Returns
    -------
    int

    References
    ----------
    .. [1] Stanley, R. P. (2012). *Enumerative Combinatorics*, Vol. 1 (2nd ed.).
       Cambridge University Press, section 2.1.

    Examples
    --------
    >>> count_in_boxes([[(0, 1), (299, 300)]], 300)
    2
    """
    return sum(_count_box(box, n) for box in boxes)


def _prepare(percents, n, rule) -> tuple[list[int], int]:
    check_rule(rule)
    return check_printed(percents, n)


# ---------------------------------------------------------------------------
# the solutions of one print
# ---------------------------------------------------------------------------

def solution_boxes(percents, n, rule: str = "half-up") -> list[list[tuple[int, int]]]:
    """The solutions of a print as disjoint boxes: per box one count interval ``(lo, hi)`` per category.

    A count vector summing to ``n`` prints as ``percents`` under ``rule`` exactly
    when it lies in one of the boxes (see the module notes).

    Parameters
    ----------
    percents : sequence of whole numbers
        The printed percentages (0-100 each), in the figure's order.
    n : int
        The printed base N (at least 1).
    rule : str, default "half-up"
        The rounding rule, one of :data:`~survey_inventory.options.ROUNDING_RULES`.

    Returns
    -------
    list of list of (int, int)
        Disjoint boxes, each with at least one vector summing to ``n``; empty when the
        print is impossible.

    Examples
    --------
    >>> solution_boxes([0, 100], 300)          # 0 or 1 of 300 print 0 %; 299 or 300 print 100 %
    [[(0, 1), (299, 300)]]
    """
    ps, n = _prepare(percents, n, rule)
    return list(_boxes(ps, n, rule))


def solve_counts(percents, n, rule: str = "half-up", limit: int | None = 1000) -> list[tuple[int, ...]]:
    """All count vectors summing to ``n`` that print as ``percents`` under ``rule``.

    Parameters
    ----------
    percents, n, rule
        As in :func:`solution_boxes`.
    limit : int or None, default 1000
        At most this many vectors (``None``: all).

    Returns
    -------
    list of tuple of int
        The vectors in lexicographic order (so a cut list holds the first ones); use
        :func:`count_solutions` for how many there are.

    References
    ----------
    .. [1] Brown, N. J. L., & Heathers, J. A. J. (2017). The GRIM test. *Social
       Psychological and Personality Science*, 8(4), 363-369.

    Examples
    --------
    >>> solve_counts([33, 66], 9, "truncate")        # 3/9 = 33.3 -> 33, 6/9 = 66.7 -> 66
    [(3, 6)]
    >>> solve_counts([33, 66], 9, "half-up")         # 66.7 would print as 67
    []
    """
    ps, n = _prepare(percents, n, rule)
    return list_in_boxes(_boxes(ps, n, rule), n, limit)


def count_solutions(percents, n, rule: str = "half-up") -> int:
    """How many count vectors summing to ``n`` print as ``percents`` under ``rule`` (counted, not listed).

    Parameters
    ----------
    percents, n, rule
        As in :func:`solution_boxes`.

    Returns
    -------
    int
        ``count_in_boxes(solution_boxes(percents, n, rule), n)``.

    References
    ----------
    .. [1] Stanley (2012), section 2.1, as cited in :func:`count_in_boxes`.

    Examples
    --------
    >>> count_solutions([0, 100], 300), count_solutions([17, 17, 16, 17, 16, 17], 1000, "largest-remainder")
    (2, 100000)
    """
    ps, n = _prepare(percents, n, rule)
    return count_in_boxes(_boxes(ps, n, rule), n)


def is_consistent(percents, n, rule: str = "half-up") -> bool:
    """Whether at least one count vector summing to ``n`` prints as ``percents`` under ``rule``.

    Stops at the first box of solutions, so it stays cheap where :func:`count_solutions`
    would have many to count.

    Parameters
    ----------
    percents, n, rule
        The print and its rounding rule, as in :func:`solution_boxes`.

    Returns
    -------
    bool
        True when :func:`solution_boxes` is not empty.

    Examples
    --------
    >>> is_consistent([33, 67], 9), is_consistent([33, 66], 9)
    (True, False)
    """
    ps, n = _prepare(percents, n, rule)
    return next(_boxes(ps, n, rule), None) is not None


def nearest_consistent_n(percents, n, rule: str = "half-up", *, above: int | None = None) -> tuple[int | None, int | None]:
    """The largest N' < n and the smallest N' > n (up to ``n + above``) for which the print is possible.

    Parameters
    ----------
    percents, n, rule
        As in :func:`solution_boxes`.
    above : int, optional
        How far above ``n`` to look; defaults to ``max(n, DEFAULT_SEARCH_ABOVE)``.

    Returns
    -------
    (int or None, int or None)
        ``None`` where no such N' exists in range (below: none from 1 to n - 1). When
        no N at all can explain the printed total (see :func:`sum_explainable`) both
        are None without a search.

    Examples
    --------
    >>> nearest_consistent_n([57, 29, 14], 26)      # fits half-up at 7, 14, 21, 28
    (21, 28)
    """
    ps, n = _prepare(percents, n, rule)
    if not sum_explainable(ps, rule):
        return None, None
    above = max(n, DEFAULT_SEARCH_ABOVE) if above is None else above
    below_n = next((k for k in range(n - 1, 0, -1) if next(_boxes(ps, k, rule), None) is not None), None)
    above_n = next((k for k in range(n + 1, n + above + 1) if next(_boxes(ps, k, rule), None) is not None), None)
    return below_n, above_n


# ---------------------------------------------------------------------------
# the printed total
# ---------------------------------------------------------------------------

def sum_explainable(percents, rule: str | None = None) -> bool:
    """Whether some exact percentages (any N, reals >= 0 summing to 100) print as ``percents``.

    A necessary condition for every N: half-up allows a total within (-m/2, +m/2] of
    100 for m categories, truncation (100 - m, 100], largest remainder exactly 100
    (0 % and 100 % cells narrow these ranges; the computation uses each cell's exact
    interval).

    Parameters
    ----------
    percents : sequence of whole numbers
        The printed percentages (0-100 each).
    rule : str, optional
        A rounding rule; ``None``: under at least one of the four rules.

    Returns
    -------
    bool

    Examples
    --------
    >>> sum_explainable([40, 41, 8, 8], "half-up"), sum_explainable([40, 41, 8, 8], "truncate")
    (False, True)
    """
    ps = whole_percents(percents)
    if rule is None:
        return any(sum_explainable(ps, r) for r in ROUNDING_RULES)
    check_rule(rule)
    if not ps:
        return False
    if rule == "largest-remainder":
        return sum(ps) == 100
    # each cell's exact value lies in an interval; work in halves of a percent
    lo = hi = 0
    lo_closed = hi_closed = True
    for p in ps:
        if rule == "truncate":
            a, ac, b, bc = 2 * p, True, 2 * p + 2, False
        elif rule == "half-up":
            a, ac, b, bc = 2 * p - 1, True, 2 * p + 1, False
        else:  # half-even: .5 belongs to the even neighbour
            even = p % 2 == 0
            a, ac, b, bc = 2 * p - 1, even, 2 * p + 1, even
        if a < 0:
            a, ac = 0, True
        if b > 200:
            b, bc = 200, True
        lo, lo_closed = lo + a, lo_closed and ac
        hi, hi_closed = hi + b, hi_closed and bc
    above_lo = lo < 200 or (lo == 200 and lo_closed)
    below_hi = 200 < hi or (200 == hi and hi_closed)
    return above_lo and below_hi
