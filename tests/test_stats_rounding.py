"""Rounding counts to printed percentages (survey_inventory/stats/rounding.py):
hand-worked cases and the argument checks; every rule against the independent
Fraction reference of rounding_reference.py."""
from __future__ import annotations


import numpy as np
import pytest

from survey_inventory.stats.rounding import round_percentages

from rounding_reference import HALF_EVEN, HALF_UP, LR, TRUNC, compositions, reference_round


def test_rounding_by_hand():
    # 1/8 = 12.5 -> 13 and 7/8 = 87.5 -> 88: half up, total 101
    assert round_percentages([1, 7], 8, HALF_UP).tolist() == [13, 88]
    # 3/9 = 33.3 -> 33, 6/9 = 66.7 -> 67
    assert round_percentages([3, 6], 9).tolist() == [33, 67]
    # 12.5 -> 12 (even), 87.5 -> 88 (even)
    assert round_percentages([1, 7], 8, HALF_EVEN).tolist() == [12, 88]
    # 3/9 = 33.3 -> 33, 6/9 = 66.7 -> 66 under truncation
    assert round_percentages([3, 6], 9, TRUNC).tolist() == [33, 66]
    # 1/3 each: whole parts 33 + 33 + 33 = 99, one point left, equal remainders -> the first category
    assert round_percentages([1, 1, 1], 3, LR).tolist() == [34, 33, 33]


def test_rounding_input_checks():
    with pytest.raises(ValueError, match="unknown rounding rule"):
        round_percentages([1], 1, "banker")
    with pytest.raises(ValueError, match="between 0 and n"):
        round_percentages([5], 3)
    # numpy integers and whole floats are fine (estimate.py passes int64 arrays)
    assert round_percentages(np.array([3, 6], dtype=np.int64), np.int64(9)).dtype == np.int64
    assert round_percentages([3.0, 6.0], 9).tolist() == [33, 67]


@pytest.mark.parametrize("m,n_max", [(2, 60), (3, 24)])
def test_every_rule_equals_the_fraction_reference(m, n_max):
    for n in range(1, n_max + 1):
        for rule in (HALF_UP, HALF_EVEN, TRUNC, LR):
            for counts in compositions(n, m):
                assert tuple(round_percentages(counts, n, rule).tolist()) == reference_round(counts, n, rule)
