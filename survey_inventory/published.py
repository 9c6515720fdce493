"""Can these published percentages come from this N?

A figure in a report prints whole percentages and a base N. Only finitely many
vectors of whole-number counts sum to N, and each prints one way under a given
rounding rule; so a printed distribution either comes from some counts or from
none. This module finds all of them (or proves there are none), for four rules:

``half-up``
    12.5 -> 13, 37.5 -> 38: the rule of school arithmetic and of most report tools.
``half-even``
    banker's rounding: an exact .5 goes to the even neighbour (12.5 -> 12, 37.5 -> 38).
``truncate``
    the decimals are cut off (66.7 -> 66).
``largest-remainder``
    every category gets the whole part of its percentage, then the points still
    missing to 100 go one each to the categories with the largest remainders
    (Hamilton's method). Equal remainders: the category listed first wins. The
    printed total is then always exactly 100.

Everything is computed with integers: for a count ``c`` out of ``n``,
``q, r = divmod(100 * c, n)`` gives the whole part ``q`` and the remainder ``r``
(the exact percentage is ``q + r / n``); half-up prints ``q + (2r >= n)``,
half-even ``q + (2r > n or 2r == n and q odd)``, truncation ``q``. No float is
ever rounded, so 12.5 is 12.5 and not 12.4999...

Public functions
----------------
``round_percentages(counts, n, rule)``
    what the counts print as.
``solve_counts(percents, n, rule, limit)`` / ``count_solutions(percents, n, rule)``
    every count vector summing to ``n`` that prints as ``percents`` (up to ``limit``),
    and how many there are (counted, not enumerated).
``closest_counts(percents, n)``
    the count vector summing to ``n`` whose exact percentages are closest to the
    printed ones: the smallest sum of absolute differences; among equals, the
    smallest largest difference; among those still equal, the vector that is
    largest in list order (the first category gets the extra respondent).
``check_figure(percents, n, respondents=, rule=)``
    everything about one figure, as a dict.
``read_published(path)`` / ``check_published(table, rule)``
    a file of figures -> one row of verdicts per figure.
``run_check_cli(path, rule, out_csv)``
    what ``survey-inventory check-published`` runs; returns the exit code.

How the search prunes
---------------------
For half-up, half-even and truncation a category's printed value depends on its
own count only and never decreases as the count grows, so the counts that print
as ``p`` form one interval ``[lo, hi]`` (found by bisection in the narrow bracket
``(p - 1) n / 100 .. (p + 1) n / 100``). A vector with one count per interval
summing to ``n`` exists exactly when ``sum(lo) <= n <= sum(hi)``; the number of
them is counted by inclusion-exclusion over the upper bounds (independent of N)
and they are listed by a depth-first walk that only enters branches the
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

File formats
------------
CSV (``,`` or ``;`` as delimiter, chosen from the header line; UTF-8 with or
without BOM), long form, one row per (figure, category)::

    figure,title,respondent_type,n,category,percent,respondents,note
    2.3,Bekendheid wgo's zorg,province,9,(Zeer) goed,33,9,
    2.3,Bekendheid wgo's zorg,province,9,Redelijk/ deels,44,9,
    2.3,Bekendheid wgo's zorg,province,9,(Zeer) slecht,22,9,

Required columns: ``figure``, ``n``, ``percent``. Optional: ``title``,
``respondent_type``, ``category``, ``respondents`` (the number of respondents of
that type, e.g. from the report's response table; an ``n`` above it is flagged),
``note``. The rows of one figure must agree on ``n`` and ``respondents`` and may
carry a ``%`` sign (``33%``); a figure whose percent cells are all empty is one
with no printed percentages (write one row with an empty category). Percentages
must be whole numbers from 0 to 100 (``33.0`` and ``33,0`` are read as 33).
Row numbers in error messages are the file's line numbers (header = row 1).

YAML: a list of figures (or a mapping with key ``figures`` holding that list)::

    - figure: "2.3"          # quote it: 2.10 unquoted is the number 2.1
      title: Bekendheid wgo's zorg en welzijn, provincies
      respondent_type: province
      n: 9
      categories: ["(Zeer) goed", "Redelijk/ deels", "(Zeer) slecht"]
      percents: [33, 44, 22]
      respondents: 9
      note: ...

In YAML errors the row is the figure's position in the list (first = 1) and the
column is the key.

Bad input raises :class:`PublishedFileError` (a ``ValueError``) whose message
names the file, the row and the column.
"""
from __future__ import annotations

import csv
import heapq
import io
import math
import os
import re
import sys
import tempfile
from pathlib import Path
from typing import Iterable, Iterator, Sequence

import numpy as np
import pandas as pd

from .errors import SurveyInputError

ROUNDING_RULES = ("half-up", "half-even", "truncate", "largest-remainder")

STATUS_OK = "ok"
STATUS_IMPOSSIBLE = "impossible"
STATUS_EMPTY = "no printed percentages"

#: columns of the long-form table that :func:`read_published` returns
TABLE_COLUMNS = ["figure", "title", "respondent_type", "n", "category", "percent", "respondents", "note", "row"]
_REQUIRED = ("figure", "n", "percent")
_OPTIONAL = ("title", "respondent_type", "category", "respondents", "note")

#: how far :func:`nearest_consistent_n` looks above the stated N by default
DEFAULT_SEARCH_ABOVE = 1000


class PublishedFileError(SurveyInputError):
    """A table of published figures the check cannot use (names file, row and column)."""


# ---------------------------------------------------------------------------
# rounding one distribution
# ---------------------------------------------------------------------------

def _check_rule(rule: str) -> None:
    if rule not in ROUNDING_RULES:
        raise ValueError(f"unknown rounding rule {rule!r}; expected one of {', '.join(ROUNDING_RULES)}")


def _print_one(c: int, n: int, rule: str) -> int:
    """The printed percentage of ``c`` out of ``n`` under an independent rule (integers only)."""
    q, r = divmod(100 * c, n)
    if rule == "truncate":
        return q
    if rule == "half-up":
        return q + (2 * r >= n)
    # half-even: above .5 up, exactly .5 to the even neighbour
    return q + (2 * r > n or (2 * r == n and q % 2 == 1))


def round_percentages(counts, n, rule: str = "half-up") -> np.ndarray:
    """The whole percentages that ``counts`` out of ``n`` print as under ``rule``.

    ``counts`` are non-negative integers no larger than ``n``; for
    ``largest-remainder`` they must sum to ``n`` (the rule shares out 100 points).
    For the other rules each category is rounded on its own, so counts of a
    multiple-response question (summing to more than ``n``) are fine.

    >>> round_percentages([1, 7], 8).tolist()            # 12.5 -> 13, 87.5 -> 88
    [13, 88]
    >>> round_percentages([1, 7], 8, "half-even").tolist()
    [12, 88]
    >>> round_percentages([1, 1, 1], 3, "largest-remainder").tolist()
    [34, 33, 33]
    """
    _check_rule(rule)
    n = _as_int(n, "n")
    if n <= 0:
        raise ValueError(f"n must be a positive whole number, got {n}")
    cs = [_as_int(c, "count") for c in np.asarray(counts).ravel().tolist()]
    if any(c < 0 or c > n for c in cs):
        raise ValueError(f"counts must lie between 0 and n={n}, got {cs}")
    if rule != "largest-remainder":
        return np.array([_print_one(c, n, rule) for c in cs], dtype=np.int64)
    if sum(cs) != n:
        raise ValueError(f"largest-remainder needs counts that sum to n={n}, got sum {sum(cs)}")
    qr = [divmod(100 * c, n) for c in cs]
    out = [q for q, _ in qr]
    seats = 100 - sum(out)
    # largest remainder first; equal remainders: the earlier category first
    for i in sorted(range(len(cs)), key=lambda i: (-qr[i][1], i))[:seats]:
        out[i] += 1
    return np.array(out, dtype=np.int64)


def _as_int(x, what: str) -> int:
    if isinstance(x, (bool, np.bool_)):
        raise ValueError(f"{what} must be a whole number, got {x!r}")
    if isinstance(x, (int, np.integer)):
        return int(x)
    if isinstance(x, (float, np.floating)) and float(x).is_integer():
        return int(x)
    raise ValueError(f"{what} must be a whole number, got {x!r}")


def _percent_list(percents) -> list[int]:
    ps = [_as_int(p, "percent") for p in list(percents)]
    if any(p < 0 or p > 100 for p in ps):
        raise ValueError(f"percentages must lie between 0 and 100, got {ps}")
    return ps


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
    lo = _bisect_first(a, b, lambda c: _print_one(c, n, rule) >= p)
    hi = _bisect_first(a, b, lambda c: _print_one(c, n, rule) > p) - 1
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


def _prepare(percents, n, rule) -> tuple[list[int], int]:
    _check_rule(rule)
    return _checked(percents, n)


def _checked(percents, n) -> tuple[list[int], int]:
    ps = _percent_list(percents)
    n = _as_int(n, "n")
    if n <= 0:
        raise ValueError(f"n must be a positive whole number, got {n}")
    if not ps:
        raise ValueError("no percentages given")
    return ps, n


def solve_counts(percents, n, rule: str = "half-up", limit: int | None = 1000) -> list[tuple[int, ...]]:
    """All count vectors summing to ``n`` that print as ``percents`` under ``rule``.

    At most ``limit`` vectors (``None``: all), in lexicographic order (so a cut
    list holds the first ones); use :func:`count_solutions` for how many there are.

    >>> solve_counts([33, 66], 9, "truncate")        # 3/9 = 33.3 -> 33, 6/9 = 66.7 -> 66
    [(3, 6)]
    >>> solve_counts([33, 66], 9, "half-up")         # 66.7 would print as 67
    []
    """
    ps, n = _prepare(percents, n, rule)
    return _list_boxes(_boxes(ps, n, rule), n, limit)


def _list_boxes(boxes: Iterable[Sequence[tuple[int, int]]], n: int, limit: int | None) -> list[tuple[int, ...]]:
    out: list[tuple[int, ...]] = []
    if limit is not None and limit <= 0:
        return out
    # each box lists its vectors in lexicographic order; merging keeps that order overall
    for vec in heapq.merge(*(_iter_box(box, n) for box in boxes)):
        out.append(vec)
        if limit is not None and len(out) >= limit:
            break
    return out


def count_solutions(percents, n, rule: str = "half-up") -> int:
    """How many count vectors summing to ``n`` print as ``percents`` under ``rule`` (not enumerated)."""
    ps, n = _prepare(percents, n, rule)
    return sum(_count_box(box, n) for box in _boxes(ps, n, rule))


def is_consistent(percents, n, rule: str = "half-up") -> bool:
    """Whether at least one count vector summing to ``n`` prints as ``percents``."""
    ps, n = _prepare(percents, n, rule)
    return next(_boxes(ps, n, rule), None) is not None


def nearest_consistent_n(percents, n, rule: str = "half-up", *, above: int | None = None) -> tuple[int | None, int | None]:
    """The largest N' < n and the smallest N' > n (up to ``n + above``) for which the print is possible.

    ``above`` defaults to ``max(n, 1000)``. ``None`` where no such N' exists in range
    (below: none from 1 to n - 1). When no N at all can explain the printed total
    (see :func:`sum_explainable`) both are None without a search.
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

    With ``rule=None``: under at least one of the four rules. A necessary condition
    for every N: half-up allows a total within (-m/2, +m/2] of 100 for m categories,
    truncation (100 - m, 100], largest remainder exactly 100 (0 % and 100 % cells
    narrow these ranges; the computation uses each cell's exact interval).
    """
    ps = _percent_list(percents)
    if rule is None:
        return any(sum_explainable(ps, r) for r in ROUNDING_RULES)
    _check_rule(rule)
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


# ---------------------------------------------------------------------------
# the closest counts (for prints no count vector can give)
# ---------------------------------------------------------------------------

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

    Closest means: the smallest sum over categories of |100 c / n - p|; among
    vectors with the same sum, the smallest largest single difference; among those
    still tied, the vector that is largest in list order (compare the first
    category's count, then the second's, ...). Independent of any rounding rule;
    exact (integer arithmetic, no search over all vectors).

    >>> closest_counts([57, 29, 14], 26)     # 57.7 / 26.9 / 15.4: printed as 58 / 27 / 15
    (15, 7, 4)
    """
    ps, n = _checked(percents, n)
    return _closest_in_box(ps, n, [(0, n)] * len(ps))[2]


def _closest_solution(ps, n, rule) -> tuple[int, ...] | None:
    """The solution under ``rule`` that :func:`closest_counts`' order puts first, or None.

    Usually the closest vector of all is itself a solution; otherwise branch and
    bound over the solution boxes (a box's least sum of differences bounds it).
    """
    overall = closest_counts(ps, n)
    if round_percentages(overall, n, rule).tolist() == list(ps):
        return overall
    bounded = []
    for box in _boxes(ps, n, rule):
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


# ---------------------------------------------------------------------------
# one figure
# ---------------------------------------------------------------------------

def _fmt_vec(v) -> str:
    return "/".join(str(x) for x in v)


def _fmt_pct(counts, n) -> str:
    return "/".join(f"{100 * c / n:.1f}" for c in counts)


def check_figure(percents, n, *, respondents=None, rule: str = "half-up", limit: int = 1000,
                 search_above: int | None = None) -> dict:
    """Everything about one printed distribution, as a dict.

    Keys: ``percents``, ``n``, ``rule``, ``sum``, ``sum_explainable`` (by any rule),
    ``sum_explainable_by`` (the rules), ``possible_<rule>`` and ``n_solutions_<rule>``
    for every rule, ``solutions`` (rule -> up to ``limit`` vectors), ``possible`` (the
    chosen rule), ``counts`` and ``counts_kind`` (``"solution"``: the solution under
    the chosen rule closest to the print, see :func:`closest_counts`; ``"closest"``:
    no solution, the closest vector), ``nearest_n_below``, ``nearest_n_above`` (for
    the chosen rule), ``respondents``, ``n_exceeds_respondents``, ``status`` (``ok``,
    ``impossible`` -- no counts under the chosen rule, or N above the respondents --
    or ``no printed percentages``) and ``message`` (one line).
    """
    _check_rule(rule)
    n = _as_int(n, "n")
    if n <= 0:
        raise ValueError(f"n must be a positive whole number, got {n}")
    respondents = None if respondents is None or pd.isna(respondents) else _as_int(respondents, "respondents")
    ps = _percent_list(percents if percents is not None else [])
    exceeds = None if respondents is None else n > respondents
    out: dict = {"percents": tuple(ps), "n": n, "rule": rule, "respondents": respondents,
                 "n_exceeds_respondents": exceeds}
    too_many = (f"N={n} exceeds the {respondents} respondents of this type" if exceeds else "")
    if not ps:
        out.update({"sum": None, "sum_explainable": None, "sum_explainable_by": (),
                    **{f"possible_{r}": None for r in ROUNDING_RULES},
                    **{f"n_solutions_{r}": None for r in ROUNDING_RULES},
                    "solutions": {}, "possible": None, "counts": None, "counts_kind": None,
                    "nearest_n_below": None, "nearest_n_above": None})
        out["status"] = STATUS_IMPOSSIBLE if exceeds else STATUS_EMPTY
        out["message"] = f"(N={n}): no printed percentages, nothing to check" + (f"; but {too_many}" if exceeds else "")
        return out

    total = sum(ps)
    by = tuple(r for r in ROUNDING_RULES if sum_explainable(ps, r))
    out.update({"sum": total, "sum_explainable": bool(by), "sum_explainable_by": by, "solutions": {}})
    for r in ROUNDING_RULES:
        boxes = list(_boxes(ps, n, r))
        k = sum(_count_box(box, n) for box in boxes)
        out[f"possible_{r}"] = k > 0
        out[f"n_solutions_{r}"] = k
        out["solutions"][r] = _list_boxes(boxes, n, limit)
    possible = out[f"possible_{rule}"]
    out["possible"] = possible
    if possible:
        out["counts"] = _closest_solution(ps, n, rule)
        out["counts_kind"] = "solution"
    else:
        out["counts"] = closest_counts(ps, n)
        out["counts_kind"] = "closest"
    below, above = nearest_consistent_n(ps, n, rule, above=search_above)
    out["nearest_n_below"], out["nearest_n_above"] = below, above
    out["status"] = STATUS_OK if possible and not exceeds else STATUS_IMPOSSIBLE
    out["message"] = _message(out, too_many)
    return out


def _message(f: dict, too_many: str) -> str:
    ps, n, rule = f["percents"], f["n"], f["rule"]
    head = f"(N={n}): {_fmt_vec(ps)} % (sum {f['sum']})"
    fits = [r for r in ROUNDING_RULES if f[f"possible_{r}"]]
    if f["possible"]:
        k = f[f"n_solutions_{rule}"]
        which = "the only counts" if k == 1 else f"one of {k} count vectors"
        text = f"{head} fits {rule}: counts {_fmt_vec(f['counts'])} ({which})"
        if len(fits) < len(ROUNDING_RULES):
            text += "; not " + ", ".join(r for r in ROUNDING_RULES if r not in fits)
    else:
        text = f"{head} IMPOSSIBLE under {rule}: no whole numbers out of {n} print like this"
        if not sum_explainable(ps, rule):
            text += f" (a total of {f['sum']} cannot come from {rule} rounding of {len(ps)} categories)"
        if fits:
            text += "; fits " + ", ".join(f"{r} ({_fmt_vec(f['solutions'][r][0])})" for r in fits)
        else:
            text += f"; no rule fits N={n}"
        near = [f"{x} {side}" for x, side in ((f["nearest_n_below"], "below"), (f["nearest_n_above"], "above"))
                if x is not None]
        text += (f"; nearest N that fits {rule}: {', '.join(near)}" if near
                 else f"; no N fits {rule}" if not sum_explainable(ps, rule) else f"; no nearby N fits {rule}")
        text += f"; closest counts {_fmt_vec(f['counts'])} = {_fmt_pct(f['counts'], n)} %"
    if too_many:
        text += f"; IMPOSSIBLE: {too_many}"
    return text


# ---------------------------------------------------------------------------
# reading a file of figures
# ---------------------------------------------------------------------------

def _err(message, *, file=None, row=None, column=None, value=None, expected=None):
    return PublishedFileError(message, file=file, row=row, column=column, value=value, expected=expected)


def _norm(name) -> str:
    return str(name).strip().lower()


_COUNT_CELL = re.compile(r"[+-]?\d+(?:\.0)?")          # 9, 9.0 (a float export); never 1.000
_PERCENT_CELL = re.compile(r"[+-]?\d+(?:[.,]\d+)?")     # 33, 33.0, 33,0


def _parse_whole(text, *, file, row, column, what, percent=False, positive=False):
    """A cell to an int (None when empty); bad cells raise PublishedFileError naming row and column.

    Counts (N, respondents) are plain whole numbers: "1.000" is refused rather than read
    as 1 or 1000. Percentages may carry a % sign and a decimal part of zeros (33,0).
    """
    if text is None:
        return None
    s = str(text).strip()
    if percent and s.endswith("%"):
        s = s[:-1].strip()
    if s == "" or s.lower() in ("nan", "na", "<na>", "none"):
        return None
    if not (_PERCENT_CELL if percent else _COUNT_CELL).fullmatch(s):
        try:
            float(s.replace(",", "."))
        except ValueError:
            raise _err(f"{what} is not a number", file=file, row=row, column=column, value=str(text)) from None
        raise _err(f"{what} must be a whole number" + ("" if percent else " without separators"),
                   file=file, row=row, column=column, value=str(text))
    whole, _, decimals = s.replace(",", ".").partition(".")
    if decimals.strip("0"):
        raise _err(f"{what} must be a whole number", file=file, row=row, column=column, value=str(text))
    value = int(whole)
    if positive and value <= 0:
        raise _err(f"{what} must be at least 1", file=file, row=row, column=column, value=str(text))
    return value


def _decode(path: Path) -> str:
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        raise _err(f"not UTF-8 (byte 0x{data[exc.start]:02x}); save the file as UTF-8",
                   file=path, row=line) from None


def _read_csv_records(path: Path) -> list[dict]:
    text = _decode(path)
    lines = text.splitlines()
    if not lines or not lines[0].strip():
        raise _err("empty file or empty header line", file=path, row=1)
    header = lines[0]
    delim = ";" if header.count(";") > header.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delim)
    rows = list(reader)
    names = [_norm(h) for h in rows[0]]
    missing = [c for c in _REQUIRED if c not in names]
    if missing:
        raise _err(f"missing column(s) {', '.join(missing)}", file=path, row=1, column=missing[0],
                   expected="columns " + ", ".join(_REQUIRED + _OPTIONAL))
    dup = sorted({c for c in names if c and names.count(c) > 1})
    if dup:
        raise _err("column appears twice", file=path, row=1, column=dup[0])
    records = []
    line = 1
    for cells in rows[1:]:
        line += 1   # csv rows with quoted newlines would shift this; the format has none
        if not any(c.strip() for c in cells):
            continue
        if len(cells) > len(names) and any(c.strip() for c in cells[len(names):]):
            raise _err(f"{len(cells)} cells but {len(names)} columns (a {delim!r} inside an unquoted value?)",
                       file=path, row=line)
        rec = {name: (cells[i].strip() if i < len(cells) else "") for i, name in enumerate(names)}
        rec["row"] = line
        records.append(rec)
    return records


def _read_yaml_records(path: Path) -> list[dict]:
    import yaml

    try:
        doc = yaml.safe_load(_decode(path))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise _err(f"not valid YAML: {getattr(exc, 'problem', None) or exc}", file=path,
                   row=None if mark is None else mark.line + 1) from None
    if isinstance(doc, dict) and "figures" in doc:
        doc = doc["figures"]
    if not isinstance(doc, list):
        raise _err("expected a list of figures (or a mapping with key 'figures')", file=path)
    records = []
    for pos, fig in enumerate(doc, start=1):
        if not isinstance(fig, dict):
            raise _err("each figure must be a mapping", file=path, row=pos)
        fig = {_norm(k): v for k, v in fig.items()}
        for key in ("figure", "n"):
            if fig.get(key) in (None, ""):
                raise _err("missing key", file=path, row=pos, column=key)
        if "percents" not in fig:
            raise _err("missing key (use an empty list for a figure without printed numbers)",
                       file=path, row=pos, column="percents")
        percents = fig.get("percents") or []
        if not isinstance(percents, list):
            raise _err("must be a list", file=path, row=pos, column="percents", value=percents)
        cats = fig.get("categories")
        if cats is None:
            cats = [""] * len(percents)
        if not isinstance(cats, list):
            raise _err("must be a list", file=path, row=pos, column="categories", value=cats)
        if percents and len(cats) != len(percents):
            raise _err(f"{len(cats)} categories but {len(percents)} percentages", file=path, row=pos,
                       column="categories")
        common = {k: ("" if fig.get(k) is None else str(fig.get(k)))
                  for k in ("figure", "title", "respondent_type", "note", "n", "respondents")}
        if not percents:
            records.append({**common, "category": "", "percent": "", "row": pos})
        for cat, pct in zip(cats, percents):
            records.append({**common, "category": "" if cat is None else str(cat),
                            "percent": "" if pct is None else str(pct), "row": pos})
    return records


def _records_to_table(records: list[dict], file) -> pd.DataFrame:
    out = []
    seen: dict[str, dict] = {}
    for rec in records:
        row = rec.get("row")
        fig = str(rec.get("figure", "")).strip()
        if not fig:
            raise _err("empty figure id", file=file, row=row, column="figure")
        n = _parse_whole(rec.get("n"), file=file, row=row, column="n", what="N", positive=True)
        if n is None:
            raise _err("N is empty", file=file, row=row, column="n")
        pct = _parse_whole(rec.get("percent"), file=file, row=row, column="percent", what="percentage",
                           percent=True)
        if pct is not None and not 0 <= pct <= 100:
            raise _err("percentage outside 0-100", file=file, row=row, column="percent", value=rec.get("percent"))
        resp = _parse_whole(rec.get("respondents"), file=file, row=row, column="respondents",
                            what="number of respondents", positive=True)
        first = seen.setdefault(fig, {"n": n, "respondents": resp, "row": row, "empty": pct is None})
        if first["n"] != n:
            raise _err(f"figure {fig} has N={first['n']} in row {first['row']}", file=file, row=row, column="n",
                       value=n)
        if first["respondents"] != resp:
            raise _err(f"figure {fig} has respondents={first['respondents']} in row {first['row']}",
                       file=file, row=row, column="respondents", value=resp)
        if first["empty"] != (pct is None):
            raise _err(f"figure {fig} mixes printed and empty percentages (leave all empty when the report "
                       "prints none)", file=file, row=row, column="percent")
        out.append({
            "figure": fig,
            "title": str(rec.get("title", "") or "").strip(),
            "respondent_type": str(rec.get("respondent_type", "") or "").strip(),
            "n": n,
            "category": str(rec.get("category", "") or "").strip(),
            "percent": pct,
            "respondents": resp,
            "note": str(rec.get("note", "") or "").strip(),
            "row": row,
        })
    if not out:
        raise _err("no figures in the file", file=file)
    table = pd.DataFrame(out, columns=TABLE_COLUMNS)
    for col in ("n", "percent", "respondents", "row"):
        table[col] = pd.array(table[col].tolist(), dtype="Int64")
    return table


def read_published(path) -> pd.DataFrame:
    """Read a CSV or YAML file of published figures into the long table (one row per category).

    Columns: ``figure, title, respondent_type, n, category, percent, respondents,
    note, row`` (``percent`` and ``respondents`` nullable integers; ``row`` the
    source row). YAML when the name ends in ``.yaml``/``.yml``, CSV otherwise.
    """
    path = Path(path)
    if not path.is_file():
        raise _err("no such file", file=path)
    if path.suffix.lower() in (".yaml", ".yml"):
        records = _read_yaml_records(path)
    else:
        records = _read_csv_records(path)
    return _records_to_table(records, path)


# ---------------------------------------------------------------------------
# a table of figures
# ---------------------------------------------------------------------------

REPORT_COLUMNS = (
    ["figure", "title", "respondent_type", "n", "respondents", "categories", "percents", "sum", "sum_explainable"]
    + [f"{k}_{r}" for r in ROUNDING_RULES for k in ("possible", "n_solutions")]
    + ["rule", "counts", "counts_kind", "counts_percent", "solutions", "nearest_n_below", "nearest_n_above",
       "n_exceeds_respondents", "status", "message", "note"]
)


def _table_from_frame(table: pd.DataFrame) -> pd.DataFrame:
    cols = {_norm(c): c for c in table.columns}
    missing = [c for c in _REQUIRED if c not in cols]
    if missing:
        file = table.attrs.get("source", "<table>")
        raise _err(f"missing column(s) {', '.join(missing)}", file=file, column=missing[0])
    if "row" in cols and set(TABLE_COLUMNS) <= set(cols):
        return table
    records = []
    for i, rec in enumerate(table.rename(columns={v: k for k, v in cols.items()}).to_dict("records"), start=1):
        rec = {k: ("" if v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v)) else v)
               for k, v in rec.items()}
        rec.setdefault("row", i)
        records.append(rec)
    return _records_to_table(records, table.attrs.get("source", "<table>"))


def check_published(table: pd.DataFrame, rule: str = "half-up", *, limit: int = 1000) -> pd.DataFrame:
    """One row per figure of ``table`` (as :func:`read_published` returns, or any frame with
    at least ``figure, n, percent``): the verdicts of :func:`check_figure`.

    Columns: ``figure, title, respondent_type, n, respondents, categories, percents,
    sum, sum_explainable, possible_<rule>, n_solutions_<rule>`` (every rule),
    ``rule, counts, counts_kind, counts_percent, solutions`` (up to 20, chosen rule),
    ``nearest_n_below, nearest_n_above, n_exceeds_respondents, status, message, note``.
    Tuples hold the vectors; ``message`` is one line starting with ``fig <id>``.
    """
    _check_rule(rule)
    long = _table_from_frame(table)
    rows = []
    for fig, grp in long.groupby("figure", sort=False):
        first = grp.iloc[0]
        printed = [int(p) for p in grp["percent"] if not pd.isna(p)]
        resp = first["respondents"]
        res = check_figure(printed, int(first["n"]), respondents=None if pd.isna(resp) else int(resp),
                           rule=rule, limit=limit)
        notes = [x for x in dict.fromkeys(grp["note"].tolist()) if x]
        counts = res["counts"]
        rows.append({
            "figure": fig,
            "title": first["title"],
            "respondent_type": first["respondent_type"],
            "n": res["n"],
            "respondents": res["respondents"],
            "categories": tuple(grp["category"].tolist()) if printed else (),
            "percents": res["percents"],
            "sum": res["sum"],
            "sum_explainable": res["sum_explainable"],
            **{f"{k}_{r}": res[f"{k}_{r}"] for r in ROUNDING_RULES for k in ("possible", "n_solutions")},
            "rule": rule,
            "counts": counts,
            "counts_kind": res["counts_kind"],
            "counts_percent": None if counts is None else tuple(round(100 * c / res["n"], 1) for c in counts),
            "solutions": tuple(res["solutions"].get(rule, [])[:20]),
            "nearest_n_below": res["nearest_n_below"],
            "nearest_n_above": res["nearest_n_above"],
            "n_exceeds_respondents": res["n_exceeds_respondents"],
            "status": res["status"],
            "message": f"fig {fig} {res['message']}",
            "note": " ".join(notes),
        })
    out = pd.DataFrame(rows, columns=REPORT_COLUMNS)
    for col in ["n", "respondents", "sum", "nearest_n_below", "nearest_n_above"] + \
            [f"n_solutions_{r}" for r in ROUNDING_RULES]:
        out[col] = pd.array([None if v is None or pd.isna(v) else int(v) for v in out[col]], dtype="Int64")
    for col in ["sum_explainable", "n_exceeds_respondents"] + [f"possible_{r}" for r in ROUNDING_RULES]:
        out[col] = pd.array([None if v is None or pd.isna(v) else bool(v) for v in out[col]], dtype="boolean")
    return out


def report_to_csv(report: pd.DataFrame, path) -> None:
    """Write a :func:`check_published` report as CSV (vectors space-separated), atomically."""
    flat = report.copy()
    for col in ("categories",):
        flat[col] = [" | ".join(v) for v in flat[col]]
    for col in ("percents", "counts", "counts_percent"):
        flat[col] = ["" if v is None else " ".join(str(x) for x in v) for v in flat[col]]
    flat["solutions"] = [" | ".join(" ".join(str(x) for x in s) for s in v) for v in flat["solutions"]]
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent if str(path.parent) else ".")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            flat.to_csv(fh, index=False)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def run_check_cli(path, rule: str = "half-up", out_csv=None) -> int:
    """What ``survey-inventory check-published FILE --rounding RULE --out CSV`` does.

    Prints one line per figure (and a closing count) to stdout, writes the CSV
    report when ``out_csv`` is given, and returns the exit code: 0 when every
    figure is possible under ``rule``, 1 when any is impossible, 2 for bad input
    (one line ``error: ...`` on stderr, no traceback).
    """
    if rule not in ROUNDING_RULES:
        print(f"error: unknown rounding rule {rule!r} (expected one of {', '.join(ROUNDING_RULES)})", file=sys.stderr)
        return 2
    try:
        path = Path(path)
        if out_csv is not None and Path(out_csv).resolve() == path.resolve():
            raise _err("the report would overwrite the input file; choose another --out", file=out_csv)
        report = check_published(read_published(path), rule)
    except SurveyInputError as exc:   # PublishedFileError included
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"error: {path}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    for status, message in zip(report["status"], report["message"]):
        tag = {STATUS_OK: "ok        ", STATUS_IMPOSSIBLE: "IMPOSSIBLE", STATUS_EMPTY: "no numbers"}[status]
        print(f"{tag}  {message}")
    counts = report["status"].value_counts()
    print(f"{len(report)} figures under {rule}: {counts.get(STATUS_OK, 0)} ok, "
          f"{counts.get(STATUS_IMPOSSIBLE, 0)} impossible, {counts.get(STATUS_EMPTY, 0)} without printed percentages")
    if out_csv is not None:
        try:
            report_to_csv(report, out_csv)
        except OSError as exc:
            print(f"error: {out_csv}: cannot write the report: {exc.strerror or exc}", file=sys.stderr)
            return 2
    return 1 if (report["status"] == STATUS_IMPOSSIBLE).any() else 0


__all__ = [
    "ROUNDING_RULES", "PublishedFileError", "round_percentages", "solve_counts", "count_solutions",
    "is_consistent", "nearest_consistent_n", "sum_explainable", "closest_counts", "check_figure",
    "read_published", "check_published", "report_to_csv", "run_check_cli",
    "published_path", "compare_with_published", "COMPARISON_COLUMNS", "comparison_summary", "category_aliases",
]


# ---------------------------------------------------------------------------
# a study's own distributions against what a report printed
# ---------------------------------------------------------------------------

#: Columns of :func:`compare_with_published` (``published_check.csv`` of ``analyze``).
COMPARISON_COLUMNS = [
    "figure", "category", "category_label", "printed_category", "printed_n", "printed_percent", "count", "base_n",
    "percent_exact", "percent", "as_printed", "figure_status", "figure_as_printed", "note",
]


def published_path(codebook) -> Path | None:
    """The published-figures file the codebook names (relative to the codebook), or None."""
    return codebook.resolve(codebook.published) if getattr(codebook, "published", None) else None


def _label_key(text) -> str:
    """Category labels as a report's text extraction spells them: ``Redelijk/ deels`` and
    ``Redelijk/deels`` are one label (the space is a line-break artefact)."""
    return re.sub(r"\s+", "", str(text)).casefold()


def category_aliases(codebook) -> dict:
    """``{(item, category): [labels]}``: every language's label of each figure category
    of the codebook, so that a report printed in Dutch can be compared with a study
    analysed in English (``aliases`` of :func:`compare_with_published`)."""
    out = {}
    for item in codebook.items:
        for lang in ("nl", "en"):
            for cat in codebook.report_categories(item, lang):
                out.setdefault((item.id, str(cat["id"])), []).append(cat["label"])
    return out


def compare_with_published(distributions: pd.DataFrame, published: pd.DataFrame,
                           rule: str = "half-up", *, aliases: dict | None = None) -> pd.DataFrame:
    """Compare a study's distributions with the percentages a report printed for them.

    Parameters
    ----------
    distributions : DataFrame
        :func:`survey_inventory.estimate.distributions` (at least ``figure,
        category, category_label, count, base_n``). Cells suppressed by
        ``--min-cell`` (empty count) are compared as unknown.
    published : DataFrame
        :func:`read_published` of the report's figures.
    rule : str
        The report's rounding rule: the study's counts are rounded with it before
        they are compared, whatever rounding the study's own outputs use.
    aliases : dict, optional
        ``{(item, category): [labels]}`` other spellings of a category (e.g. the
        labels in another language, :func:`category_aliases`); a printed category
        matches the study's label, its id, or any alias.

    Returns
    -------
    DataFrame
        One row per printed category, plus one per category of the study that the
        report does not print (``printed_percent`` empty: the report left it out of
        the legend, so it should be 0). Columns :data:`COMPARISON_COLUMNS`:
        ``as_printed`` is True when the study's base equals the printed N and its
        count prints as the report's percentage (a left-out category: when its count
        is 0); ``figure_status`` is the :func:`check_figure` verdict of the print
        (``ok``, ``impossible``, ``no printed percentages``); ``figure_as_printed``
        whether every category of the figure is as printed (empty when the report
        prints no percentages for it); ``category_label`` is the study's label,
        ``printed_category`` the report's; ``note`` says why not.

    Examples
    --------
    >>> import pandas as pd
    >>> dist = pd.DataFrame({"figure": "1", "category": ["a", "b"], "category_label": ["Ja", "Nee"],
    ...                      "count": [3, 6], "base_n": 9})
    >>> printed = pd.DataFrame({"figure": "1", "n": 9, "category": ["Ja", "Nee"], "percent": [33, 66]})
    >>> compare_with_published(dist, printed)[["category_label", "printed_percent", "percent", "as_printed"]]
      category_label  printed_percent  percent  as_printed
    0             Ja               33       33        True
    1            Nee               66       67       False
    """
    _check_rule(rule)
    long = _table_from_frame(published)
    verdict = check_published(long, rule)
    status = dict(zip(verdict["figure"].astype(str), verdict["status"]))
    dist = distributions.copy()
    dist["figure"] = dist["figure"].astype("string")
    rows = []
    for fig, grp in long.groupby("figure", sort=False):
        fig = str(fig)
        mine = dist[dist["figure"] == fig]
        n_printed = int(grp["n"].iloc[0])
        printed = grp[grp["percent"].notna()]
        fig_status = status.get(fig)
        if mine.empty:
            rows.append({"figure": fig, "printed_n": n_printed, "figure_status": fig_status, "as_printed": False,
                         "printed_category": grp["category"].iloc[0] or None,
                         "note": "the study has no figure with this number"})
            continue
        shown = _rounded(mine, rule)
        by_label = {_label_key(lbl): k for k, lbl in zip(mine.index, mine["category_label"])}
        by_id = {_label_key(c): k for k, c in zip(mine.index, mine["category"])}
        if aliases and "item" in mine.columns:
            for k, item, cat in zip(mine.index, mine["item"], mine["category"]):
                for alias in aliases.get((item, str(cat)), []):
                    by_id.setdefault(_label_key(alias), k)
        seen = set()
        for _, p in printed.iterrows():
            key = _label_key(p["category"])
            k = by_label.get(key, by_id.get(key))
            row = {"figure": fig, "printed_n": n_printed, "printed_percent": int(p["percent"]),
                   "figure_status": fig_status, "printed_category": p["category"], "category_label": None}
            if k is None:
                rows.append({**row, "as_printed": False, "category_label": None,
                             "note": f"the study has no category {p['category']!r} in this figure"})
                continue
            seen.add(k)
            rows.append(_compare_cell(row, mine.loc[k], shown.get(k)))
        for k in mine.index.difference(list(seen), sort=False):
            row = {"figure": fig, "printed_n": n_printed, "figure_status": fig_status,
                   "note_absent": not printed.empty}
            rows.append(_compare_cell(row, mine.loc[k], shown.get(k)))
    out = pd.DataFrame(rows)
    for col in COMPARISON_COLUMNS:
        if col not in out.columns:
            out[col] = None
    def all_printed(cells):  # False if any cell differs; unknown if any cell is unknown (suppressed, not printed)
        values = [None if v is None or pd.isna(v) else bool(v) for v in cells]
        return False if False in values else (None if None in values else True)

    ok = out.groupby("figure", sort=False)["as_printed"].transform(all_printed)
    out["figure_as_printed"] = pd.array([None if v is None or pd.isna(v) else bool(v) for v in ok], dtype="boolean")
    for col in ("printed_n", "printed_percent", "count", "base_n", "percent"):
        out[col] = pd.array([None if v is None or pd.isna(v) else int(v) for v in out[col]], dtype="Int64")
    out["as_printed"] = pd.array([None if v is None or pd.isna(v) else bool(v) for v in out["as_printed"]],
                                 dtype="boolean")
    return out[COMPARISON_COLUMNS].reset_index(drop=True)


def _rounded(cells: pd.DataFrame, rule: str) -> dict:
    """Each cell's percentage as ``rule`` prints it (largest remainder: within its figure)."""
    counts, bases = cells["count"], cells["base_n"]
    if counts.isna().any() or bases.isna().any() or bases.nunique() != 1 or int(bases.iloc[0]) <= 0:
        out = {}
        for k, c, b in zip(cells.index, counts, bases):  # a suppressed cell: round the others one by one
            if not (pd.isna(c) or pd.isna(b)) and int(b) > 0 and rule != "largest-remainder":
                out[k] = int(round_percentages([int(c), int(b) - int(c)], int(b), rule)[0])
        return out
    values = round_percentages([int(c) for c in counts], int(bases.iloc[0]), rule)
    return {k: int(v) for k, v in zip(cells.index, values)}


def _compare_cell(row: dict, cell: pd.Series, percent) -> dict:
    absent = row.pop("note_absent", False)
    row = {**row, "category": cell["category"], "category_label": cell["category_label"]}
    count, base = cell["count"], cell["base_n"]
    if pd.isna(count) or pd.isna(base):
        # the report's own number would give the hidden count back next to its base: left out too
        return {**row, "printed_percent": None, "as_printed": None, "note": "suppressed (--min-cell): not compared"}
    count, base = int(count), int(base)
    row.update(count=count, base_n=base)
    if base <= 0:
        return {**row, "as_printed": False, "note": "empty base"}
    row["percent_exact"] = round(100 * count / base, 4)
    row["percent"] = percent
    notes = []
    if "printed_percent" in row:
        good = row["percent"] == row["printed_percent"] and base == row["printed_n"]
        if base != row["printed_n"]:
            notes.append(f"N = {base}, printed N = {row['printed_n']}")
        if row["percent"] is not None and row["percent"] != row["printed_percent"]:
            notes.append(f"{row['percent']} %, printed {row['printed_percent']} %")
    elif absent:
        good = count == 0 and base == row["printed_n"]
        notes.append("not printed (left out of the legend: 0 % presumed)")
        if count:
            notes.append(f"but {count} of {base} here")
    else:
        good = None
        notes.append("the report prints no percentages for this figure")
    if row.get("figure_status") == STATUS_IMPOSSIBLE:
        notes.append("the printed figure is impossible for its N: closest counts used")
    return {**row, "as_printed": good, "note": "; ".join(notes)}


def comparison_summary(comparison: pd.DataFrame) -> str:
    """One line for the console: how many printed figures the study reproduces."""
    if comparison.empty:
        return "no published figures to compare"
    figs = comparison.drop_duplicates("figure")
    printed = figs[figs["figure_status"] != STATUS_EMPTY]
    same = printed[printed["figure_as_printed"].fillna(False).astype(bool)]
    possible = printed[printed["figure_status"] == STATUS_OK]
    bad = [f for f, ok in zip(possible["figure"], possible["figure_as_printed"]) if pd.notna(ok) and not ok]
    impossible = printed[printed["figure_status"] == STATUS_IMPOSSIBLE]["figure"].tolist()
    parts = [f"{len(same)} of {len(printed)} printed figures reproduced exactly"]
    if bad:
        parts.append(f"NOT as printed although possible: {', '.join(bad)}")
    if impossible:
        parts.append(f"impossible as printed (closest counts): {', '.join(impossible)}")
    empty = len(figs) - len(printed)
    if empty:
        parts.append(f"{empty} without printed numbers")
    return "; ".join(parts)
