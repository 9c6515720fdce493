"""The counts closest to a print: for figures no whole numbers can give.

When a printed distribution cannot come from any counts out of its N (see
:mod:`survey_inventory.stats.printed_counts`), the next best thing is the count
vector summing to N whose exact percentages lie closest to the print. Closest
means, in this order:

1. the smallest sum over categories of ``|100 c / n - p|``;
2. among vectors with the same sum, the smallest largest single difference;
3. among those still tied, the vector that is largest in list order (compare the
   first category's count, then the second's, ...): the first category gets the
   extra respondent.

The same order picks, among the many solutions of a print, the one a report most
plausibly had (:func:`closest_in_boxes`).

How it is computed
------------------
All differences are kept as integers, ``n`` times the difference in percent:
``|100 c - n p|``. Each term is convex in ``c`` with slopes of +-100 except for one
crossing step, so the least sum over the vectors of a box (one interval of counts
per category) summing to a total is found greedily: start every count at its best
value within its interval, then move the missing (or surplus) units where the first
step is cheapest; every later step costs exactly 100 (separable convex resource
allocation [1]_). The least largest difference that keeps that sum is found by
bisection, and the vector largest in list order by fixing one category at a time.

References
----------
.. [1] Ibaraki, T., & Katoh, N. (1988). *Resource Allocation Problems: Algorithmic
   Approaches*. MIT Press. (Greedy optimality for separable convex objectives
   under a sum constraint.)

Examples
--------
>>> from survey_inventory.stats.closest_counts import closest_counts
>>> closest_counts([57, 29, 14], 26)     # 57.7 / 26.9 / 15.4: printed as 58 / 27 / 15
(15, 7, 4)
"""
from __future__ import annotations

from typing import Iterable, Sequence

from .rounding import check_printed

__all__ = ["closest_counts", "closest_in_boxes"]

Box = Sequence[tuple[int, int]]


def _dev(c: int, n: int, p: int) -> int:
    """n times the absolute difference between c/n as a percentage and p (an integer)."""
    return abs(100 * c - n * p)


def _min_total_dev(ps, n, box, total) -> int | None:
    """Min of sum |100 c_i - n p_i| over vectors of ``box`` summing to ``total`` (greedy, exact).

    Each term is convex in c_i with slopes of +-100 except one crossing step, so:
    start every count at its best value within its interval, then move the
    missing (or surplus) units where the first step is cheapest; every later
    step costs exactly 100.
    """
    start, firsts, cap = [], [], 0
    for p, (a, b) in zip(ps, box):
        fl = (n * p) // 100
        best = fl if _dev(fl, n, p) <= _dev(fl + 1, n, p) else fl + 1
        start.append(min(max(best, a), b))
    s = sum(start)
    cost = sum(_dev(c, n, p) for c, p in zip(start, ps))
    if s == total:
        return cost
    up = s < total
    need = abs(total - s)
    for c, p, (a, b) in zip(start, ps, box):
        room = (b - c) if up else (c - a)
        if room > 0:
            nxt = c + 1 if up else c - 1
            firsts.append(_dev(nxt, n, p) - _dev(c, n, p))
            cap += room
    if need > cap:
        return None
    firsts.sort()
    used = min(need, len(firsts))
    return cost + sum(firsts[:used]) + 100 * (need - used)


def _dev_box(ps, n, bound: int) -> list[tuple[int, int]] | None:
    box = []
    for p in ps:
        a = max(0, -((-(n * p - bound)) // 100))
        b = min(n, (n * p + bound) // 100)
        if a > b:
            return None
        box.append((a, b))
    return box


def _closest_in_box(ps, n, box) -> tuple[int, int, tuple[int, ...]] | None:
    """(sum of differences, largest difference, vector) of the closest vector of ``box`` summing to n."""
    best_sum = _min_total_dev(ps, n, box, n)
    if best_sum is None:
        return None

    def within(bound):
        dev = _dev_box(ps, n, bound)
        if dev is None:
            return None
        both = [(max(a, c), min(b, d)) for (a, b), (c, d) in zip(box, dev)]
        return None if any(a > b for a, b in both) else both

    # the smallest bound M on a single difference that still allows the best sum (bisection)
    lo, hi = 0, 200 * n
    while lo < hi:
        mid = (lo + hi) // 2
        sub = within(mid)
        if sub is not None and _min_total_dev(ps, n, sub, n) == best_sum:
            hi = mid
        else:
            lo = mid + 1
    sub = within(lo)
    # the vector largest in list order among the optimal ones
    chosen: list[int] = []
    rest_total, spent = n, 0
    last = len(sub) - 1
    for i, (a, b) in enumerate(sub):
        for c in range(min(b, rest_total), a - 1, -1):
            here = spent + _dev(c, n, ps[i])
            if i == last:
                ok = c == rest_total and here == best_sum
            else:
                rest = _min_total_dev(ps[i + 1:], n, sub[i + 1:], rest_total - c)
                ok = rest is not None and here + rest == best_sum
            if ok:
                chosen.append(c)
                rest_total -= c
                spent = here
                break
    return best_sum, lo, tuple(chosen)


def closest_counts(percents, n) -> tuple[int, ...]:
    """The count vector summing to ``n`` whose exact percentages are closest to ``percents``.

    Closest means: the smallest sum over categories of ``|100 c / n - p|``; among
    vectors with the same sum, the smallest largest single difference; among those
    still tied, the vector that is largest in list order (compare the first
    category's count, then the second's, ...). Independent of any rounding rule;
    exact (integer arithmetic, no search over all vectors).

    Parameters
    ----------
    percents : sequence of whole numbers
        The printed percentages (0-100 each; any total).
    n : int
        The printed base (at least 1).

    Returns
    -------
    tuple of int
        One count per category, summing to ``n``.

    Raises
    ------
    ValueError
        For percentages that are not whole or outside 0-100, an empty list, or N below 1.

    References
    ----------
    .. [1] Ibaraki, T., & Katoh, N. (1988). *Resource Allocation Problems: Algorithmic
       Approaches*. MIT Press.

    Examples
    --------
    >>> closest_counts([57, 29, 14], 26)     # 57.7 / 26.9 / 15.4: printed as 58 / 27 / 15
    (15, 7, 4)
    >>> closest_counts([50, 50], 3)          # 2/1 and 1/2 tie: the first category gets more
    (2, 1)
    """
    ps, n = check_printed(percents, n)
    return _closest_in_box(ps, n, [(0, n)] * len(ps))[2]


def closest_in_boxes(percents, n, boxes: Iterable[Box]) -> tuple[int, ...] | None:
    """Among the vectors summing to ``n`` in a union of boxes, the one :func:`closest_counts`' order puts first.

    A box is one interval ``(lo, hi)`` of counts per category; the solutions of a
    print under a rounding rule are such a union
    (:func:`survey_inventory.stats.printed_counts.solution_boxes`). Branch and bound:
    a box's least sum of differences bounds every vector in it, so boxes are visited
    from the lowest bound and the search stops once no box can beat the best vector.

    Parameters
    ----------
    percents : sequence of whole numbers
        The printed percentages.
    n : int
        The total every vector must reach.
    boxes : iterable of sequences of (int, int)
        Per box, one inclusive count interval per category.

    Returns
    -------
    tuple of int or None
        The closest vector, or None when no box holds a vector summing to ``n``.

    References
    ----------
    .. [1] Ibaraki & Katoh (1988), as cited in :func:`closest_counts`.

    Examples
    --------
    >>> closest_in_boxes([50, 50], 3, [[(0, 3), (0, 3)]])       # every vector: as closest_counts
    (2, 1)
    >>> closest_in_boxes([50, 50], 3, [[(0, 1), (2, 3)]])       # only 0/3 and 1/2 allowed
    (1, 2)
    >>> closest_in_boxes([50, 50], 3, []) is None
    True
    """
    ps, n = check_printed(percents, n)
    bounded = []
    for box in boxes:
        if len(box) != len(ps):
            raise ValueError(f"a box needs one interval per category ({len(ps)}), got {len(box)}")
        low = _min_total_dev(ps, n, box, n)
        if low is not None:
            bounded.append((low, box))
    bounded.sort(key=lambda x: x[0])
    best = None
    for low, box in bounded:
        if best is not None and low > best[0][0]:
            break
        cand = _closest_in_box(ps, n, box)
        key = (cand[0], cand[1], tuple(-x for x in cand[2]))
        if best is None or key < best[0]:
            best = (key, cand[2])
    return None if best is None else best[1]
