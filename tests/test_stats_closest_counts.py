"""The closest counts (survey_inventory/stats/closest_counts.py): against a brute force
over every count vector, and hand-worked cases."""
from __future__ import annotations


import numpy as np
import pytest

from survey_inventory.stats.closest_counts import closest_counts, closest_in_boxes
from survey_inventory.stats.figure_check import check_figure
from survey_inventory.stats.rounding import ROUNDING_RULES

from rounding_reference import HALF_UP, closeness, compositions, reference_round


@pytest.mark.parametrize("m,n_max", [(1, 20), (2, 40), (3, 15), (4, 9)])
def test_closest_counts_equal_brute_force(m, n_max):
    prints = [(100,), (0,), (97,), (3,)] if m == 1 else None
    rng = np.random.default_rng(m)
    for n in range(1, n_max + 1):
        cands = prints or [tuple(int(x) for x in rng.integers(0, 101, m)) for _ in range(6)] + \
            [tuple(int(x) for x in reference_round(c, n, HALF_UP)) for c in list(compositions(n, m))[:4]]
        for ps in cands:
            everything = list(compositions(n, m))
            best = min(everything, key=lambda c: closeness(c, ps, n))
            assert closest_counts(ps, n) == best, (ps, n)
            for rule in ROUNDING_RULES:
                sols = [c for c in everything if reference_round(c, n, rule) == tuple(ps)]
                res = check_figure(ps, n, rule=rule)
                if sols:
                    assert res["counts_kind"] == "solution"
                    assert res["counts"] == min(sols, key=lambda c: closeness(c, ps, n))
                else:
                    assert res["counts_kind"] == "closest" and res["counts"] == best


def test_closest_counts_by_hand():
    # 57/29/14 out of 26: targets 14.82 / 7.54 / 3.64; nearest 15 + 8 + 4 = 27, one too many.
    # Taking one away costs (in n x |difference| units) 64 from the first, 8 from the second,
    # 28 from the third: so 15/7/4 (57.7 / 26.9 / 15.4 %)
    assert closest_counts([57, 29, 14], 26) == (15, 7, 4)
    # 40/41/8/8 out of 24: 9.6 / 9.84 / 1.92 / 1.92 -> 10/10/2/2 sums to 24 already
    assert closest_counts([40, 41, 8, 8], 24) == (10, 10, 2, 2)
    # 50/50 out of 3: 2/1 and 1/2 tie on both criteria -> the first category gets more
    assert closest_counts([50, 50], 3) == (2, 1)
    # percentages far from 100 in total: spread evenly (smallest largest difference)
    assert closest_counts([25, 25], 8) == (4, 4)


def test_closest_in_boxes_keeps_to_the_boxes():
    # 50/50 of 3: overall 2/1 is closest; inside a box that forbids it, 1/2 (the same closeness)
    assert closest_in_boxes([50, 50], 3, [[(0, 3), (0, 3)]]) == (2, 1)
    assert closest_in_boxes([50, 50], 3, [[(0, 1), (2, 3)]]) == (1, 2)
    assert closest_in_boxes([50, 50], 3, [[(0, 0), (3, 3)], [(3, 3), (0, 0)]]) == (3, 0)
    assert closest_in_boxes([50, 50], 3, [[(0, 0), (0, 0)]]) is None
    with pytest.raises(ValueError, match="one interval per category"):
        closest_in_boxes([50, 50], 3, [[(0, 3)]])
