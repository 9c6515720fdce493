"""The count solver (survey_inventory/stats/printed_counts.py): which printed percentages can come from their N.

* hand-worked cases for every rounding rule (the arithmetic is in the comments);
* exhaustive comparison with a brute force over every count vector (2 to 6
  categories, small N) using an independent reference rounding on Fractions;
* a hypothesis property over 2-6 categories and N = 1..1000: the counts that
  printed a distribution are always among the solutions found for it.
"""
from __future__ import annotations

import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from survey_inventory.stats.figure_check import check_figure
from survey_inventory.stats.printed_counts import count_solutions, nearest_consistent_n, solution_boxes, solve_counts, \
    sum_explainable
from survey_inventory.stats.rounding import ROUNDING_RULES, round_percentages

from rounding_reference import HALF_EVEN, HALF_UP, LR, TRUNC, compositions, reference_round


# ---------------------------------------------------------------------------
# hand-worked cases, one block per rule
# ---------------------------------------------------------------------------

def test_half_up_by_hand():
    # 1/8 = 12.5 -> 13 and 7/8 = 87.5 -> 88: half up, total 101
    assert round_percentages([1, 7], 8, HALF_UP).tolist() == [13, 88]
    assert solve_counts([13, 88], 8, HALF_UP) == [(1, 7)]
    # 3/9 = 33.3 -> 33, 6/9 = 66.7 -> 67: so 33/66 (figure 4.2) has no counts out of 9
    assert round_percentages([3, 6], 9).tolist() == [33, 67]
    assert solve_counts([33, 66], 9, HALF_UP) == []
    assert solve_counts([33, 67], 9, HALF_UP) == [(3, 6)]
    # 3/27 = 11.1 -> 11, 21/27 = 77.8 -> 78: figure 4.3 fits half-up at N=27
    assert solve_counts([11, 11, 78], 27, HALF_UP) == [(3, 3, 21)]
    # two solutions: out of 300, 0 or 1 respondents print 0 (1/300 = 0.33 -> 0) and
    # 299 or 300 print 100 (299/300 = 99.67 -> 100)
    assert solve_counts([0, 100], 300, HALF_UP) == [(0, 300), (1, 299)]
    assert count_solutions([0, 100], 300, HALF_UP) == 2
    # the threshold itself: 200 * c >= (2p - 1) * n; 1/200 = 0.5 -> 1, 0.4975 ... not an integer count
    assert round_percentages([1, 199], 200, HALF_UP).tolist() == [1, 100]   # 0.5 -> 1, 99.5 -> 100


def test_half_even_by_hand():
    # 12.5 -> 12 (even), 87.5 -> 88 (even)
    assert round_percentages([1, 7], 8, HALF_EVEN).tolist() == [12, 88]
    # 3/8 = 37.5 -> 38 (even), 5/8 = 62.5 -> 62 (even): 38/63 (figure 6.5) is not half-even
    assert round_percentages([3, 5], 8, HALF_EVEN).tolist() == [38, 62]
    assert solve_counts([38, 63], 8, HALF_EVEN) == []
    assert solve_counts([38, 62], 8, HALF_EVEN) == [(3, 5)]
    # 1/40 = 2.5 -> 2, 39/40 = 97.5 -> 98
    assert round_percentages([1, 39], 40, HALF_EVEN).tolist() == [2, 98]
    # away from .5 it agrees with half-up: 1/3 = 33.3 -> 33, 2/3 = 66.7 -> 67
    assert round_percentages([1, 2], 3, HALF_EVEN).tolist() == [33, 67]


def test_truncate_by_hand():
    # 3/9 = 33.3 -> 33, 6/9 = 66.7 -> 66: figure 4.2's 33/66 is exactly what truncation prints
    assert round_percentages([3, 6], 9, TRUNC).tolist() == [33, 66]
    assert solve_counts([33, 66], 9, TRUNC) == [(3, 6)]
    # 99/100 of anything below 100 % stays 99: 199/200 = 99.5 -> 99
    assert round_percentages([1, 199], 200, TRUNC).tolist() == [0, 99]
    # 11/11/78 can only be truncations when every share is exact: N a multiple of 100
    assert nearest_consistent_n([11, 11, 78], 28, TRUNC) == (None, 100)


def test_largest_remainder_by_hand():
    # 1/3 each: whole parts 33 + 33 + 33 = 99, one point left, equal remainders -> the first category
    assert round_percentages([1, 1, 1], 3, LR).tolist() == [34, 33, 33]
    assert solve_counts([34, 33, 33], 3, LR) == [(1, 1, 1)]
    assert solve_counts([33, 34, 33], 3, LR) == []
    # 3/28 = 10.71, 3/28 = 10.71, 22/28 = 78.57: whole parts 10 + 10 + 78 = 98, two points to the
    # largest remainders .71 and .71 -> 11/11/78 (figure 4.3 as printed, with N=28)
    assert round_percentages([3, 3, 22], 28, LR).tolist() == [11, 11, 78]
    assert solve_counts([11, 11, 78], 28, LR) == [(3, 3, 22)]
    # 1/8 = 12.5, 7/8 = 87.5: whole parts 12 + 87 = 99, remainders equal -> first: 13/87
    assert round_percentages([1, 7], 8, LR).tolist() == [13, 87]
    # out of 101: 50/101 = 49.50 (remainder 51/101) and 51/101 = 50.50 (remainder 50/101);
    # the one point goes to the 49.50 -> 50/50; by symmetry (51, 50) too
    assert solve_counts([50, 50], 101, LR) == [(50, 51), (51, 50)]
    # the total is always 100, so any other total has no solution
    assert solve_counts([33, 44, 22], 9, LR) == []
    with pytest.raises(ValueError, match="sum to n"):
        round_percentages([1, 1], 3, LR)


def test_solver_input_checks():
    with pytest.raises(ValueError, match="positive"):
        solve_counts([100], 0)
    with pytest.raises(ValueError, match="between 0 and 100"):
        solve_counts([101], 5)
    with pytest.raises(ValueError, match="unknown rounding rule"):
        count_solutions([100], 5, "banker")


# ---------------------------------------------------------------------------
# exhaustive: every count vector for small N, 2 to 6 categories
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("m,n_max", [(2, 60), (3, 24), (4, 12), (5, 8), (6, 6)])
def test_solutions_equal_brute_force(m, n_max):
    for n in range(1, n_max + 1):
        for rule in ROUNDING_RULES:
            by_print: dict[tuple, list] = {}
            for counts in compositions(n, m):
                printed = reference_round(counts, n, rule)
                assert tuple(round_percentages(counts, n, rule).tolist()) == printed, (counts, n, rule)
                by_print.setdefault(printed, []).append(counts)
            for printed, expected in by_print.items():
                assert count_solutions(printed, n, rule) == len(expected)
                assert sorted(solve_counts(printed, n, rule, limit=None)) == sorted(expected)
                assert sum_explainable(printed, rule)       # a necessary condition, never violated
            # a print that no vector gives has no solution (and limit caps the list)
            assert solve_counts((100,) + (0,) * (m - 1), n, rule, limit=1) == [(n,) + (0,) * (m - 1)]
            for printed in [(1,) * m, (50,) + (49,) * (m - 1), (0,) * m]:
                if printed not in by_print:
                    assert count_solutions(printed, n, rule) == 0


# ---------------------------------------------------------------------------
# property: N from 1 to 1000, 2 to 6 categories
# ---------------------------------------------------------------------------

@st.composite
def count_vectors(draw):
    m = draw(st.integers(2, 6))
    n = draw(st.integers(1, 1000))
    cuts = sorted(draw(st.lists(st.integers(0, n), min_size=m - 1, max_size=m - 1)))
    counts = tuple(b - a for a, b in zip([0] + cuts, cuts + [n]))
    return counts, n


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(count_vectors(), st.sampled_from(ROUNDING_RULES))
def test_printed_counts_are_always_found(data, rule):
    counts, n = data
    printed = round_percentages(counts, n, rule)
    assert tuple(printed.tolist()) == reference_round(counts, n, rule)
    # the solution set is a union of disjoint boxes; the original counts lie in one of them
    boxes = solution_boxes(printed.tolist(), n, rule)
    assert any(all(a <= c <= b for c, (a, b) in zip(counts, box)) for box in boxes)
    k = count_solutions(printed, n, rule)
    assert k >= 1
    listed = solve_counts(printed, n, rule, limit=200)
    assert len(listed) == min(k, 200) and len(set(listed)) == len(listed)
    for sol in listed:
        assert sum(sol) == n
        assert round_percentages(sol, n, rule).tolist() == printed.tolist()
    if k <= 200:
        assert counts in listed
    # the stated N fits, so the neighbours found are other N's that fit
    below, above = nearest_consistent_n(printed, n, rule)
    for other in (below, above):
        if other is not None:
            assert other != n and count_solutions(printed, other, rule) > 0


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(0, 100), min_size=2, max_size=6), st.integers(1, 1000), st.sampled_from(ROUNDING_RULES))
def test_nearest_n_is_nearest(ps, n, rule):
    below, above = nearest_consistent_n(ps, n, rule, above=60)
    if below is not None:
        assert below < n and count_solutions(ps, below, rule) > 0
        assert all(count_solutions(ps, k, rule) == 0 for k in range(below + 1, min(n, below + 40)))
    if above is not None:
        assert above > n and count_solutions(ps, above, rule) > 0
        assert all(count_solutions(ps, k, rule) == 0 for k in range(n + 1, above))


def test_six_categories_n_1000_is_fast():
    # the tight numbers live in benchmarks/bench_published.py; this only guards against blind enumeration
    cases = [(17, 17, 16, 17, 16, 17), (2, 9, 40, 18, 28, 3), (30, 14, 2, 8, 18, 28), (1, 2, 44, 20, 14, 19)]
    for ps in cases:
        for rule in ROUNDING_RULES:
            start = time.process_time()   # CPU time: the machine may be shared while the suite runs
            res = check_figure(ps, 1000, rule=rule)
            assert time.process_time() - start < 2.0, (ps, rule)
            assert res["n"] == 1000
    # 100 000 largest-remainder solutions are counted, not listed
    assert count_solutions((17, 17, 16, 17, 16, 17), 1000, LR) == 100_000
