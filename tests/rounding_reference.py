"""An independent reference for rounding and the count solver: exact fractions, no shared code
(used by test_stats_rounding, test_stats_printed_counts and test_stats_closest_counts)."""
from __future__ import annotations

import itertools
from fractions import Fraction
from math import floor

from survey_inventory.options import ROUNDING_RULES

HALF_UP, HALF_EVEN, TRUNC, LR = ROUNDING_RULES


def reference_round(counts, n, rule):
    exact = [Fraction(100 * c, n) for c in counts]
    if rule == HALF_UP:
        return tuple(floor(x + Fraction(1, 2)) for x in exact)
    if rule == HALF_EVEN:
        return tuple(round(x) for x in exact)          # Fraction.__round__ rounds half to even
    if rule == TRUNC:
        return tuple(floor(x) for x in exact)
    whole = [floor(x) for x in exact]
    order = sorted(range(len(counts)), key=lambda i: (-(exact[i] - whole[i]), i))
    for i in order[:100 - sum(whole)]:
        whole[i] += 1
    return tuple(whole)


def compositions(n, m):
    """Every vector of m non-negative integers summing to n."""
    for cuts in itertools.combinations(range(n + m - 1), m - 1):
        bounds = (-1,) + cuts + (n + m - 1,)
        yield tuple(b - a - 1 for a, b in zip(bounds, bounds[1:]))


def closeness(counts, ps, n):
    devs = [abs(100 * c - n * p) for c, p in zip(counts, ps)]
    return sum(devs), max(devs), tuple(-c for c in counts)
