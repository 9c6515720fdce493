"""check-published: which printed percentages can come from their N.

* hand-worked cases for every rounding rule (the arithmetic is in the comments);
* exhaustive comparison with a brute force over every count vector (2 to 6
  categories, small N) using an independent reference rounding on Fractions;
* a hypothesis property over 2-6 categories and N = 1..1000: the counts that
  printed a distribution are always among the solutions found for it;
* the verdicts on the bundled transcription of the Bartels (2025) figures;
* bad input (row and column named) and the exit codes of ``run_check_cli``.
"""
from __future__ import annotations

import doctest
import itertools
import time
from fractions import Fraction
from math import floor
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from survey_inventory import published
from survey_inventory.errors import SurveyInputError
from survey_inventory.published import (
    ROUNDING_RULES,
    PublishedFileError,
    check_figure,
    check_published,
    closest_counts,
    count_solutions,
    nearest_consistent_n,
    read_published,
    round_percentages,
    run_check_cli,
    solve_counts,
    sum_explainable,
)

ROOT = Path(__file__).resolve().parents[1]
BUNDLED = ROOT / "surveys" / "bartels-2025" / "published_figures.csv"

HALF_UP, HALF_EVEN, TRUNC, LR = ROUNDING_RULES


# ---------------------------------------------------------------------------
# an independent reference: exact fractions, no shared code
# ---------------------------------------------------------------------------

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


def test_rounding_input_checks():
    with pytest.raises(ValueError, match="unknown rounding rule"):
        round_percentages([1], 1, "banker")
    with pytest.raises(ValueError, match="between 0 and n"):
        round_percentages([5], 3)
    with pytest.raises(ValueError, match="positive"):
        solve_counts([100], 0)
    with pytest.raises(ValueError, match="between 0 and 100"):
        solve_counts([101], 5)
    # numpy integers and whole floats are fine (estimate.py passes int64 arrays)
    assert round_percentages(np.array([3, 6], dtype=np.int64), np.int64(9)).dtype == np.int64
    assert round_percentages([3.0, 6.0], 9).tolist() == [33, 67]


def test_doctests():
    assert doctest.testmod(published).failed == 0


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
    boxes = list(published._boxes(printed.tolist(), n, rule))
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
            start = time.perf_counter()
            res = check_figure(ps, 1000, rule=rule)
            assert time.perf_counter() - start < 2.0, (ps, rule)
            assert res["n"] == 1000
    # 100 000 largest-remainder solutions are counted, not listed
    assert count_solutions((17, 17, 16, 17, 16, 17), 1000, LR) == 100_000


# ---------------------------------------------------------------------------
# one figure
# ---------------------------------------------------------------------------

def test_check_figure_reports_every_rule():
    res = check_figure([38, 63], 8)                 # figure 6.5: 3/8 = 37.5 -> 38, 5/8 = 62.5 -> 63
    assert res["status"] == "ok" and res["counts"] == (3, 5) and res["counts_kind"] == "solution"
    assert res["possible_half-up"] and res["n_solutions_half-up"] == 1
    assert not res["possible_half-even"] and not res["possible_truncate"] and not res["possible_largest-remainder"]
    assert res["sum"] == 101 and res["sum_explainable"]
    assert res["n_exceeds_respondents"] is None
    assert "fits half-up" in res["message"] and "\n" not in res["message"]


def test_check_figure_sum_not_explainable():
    # 40 + 41 + 8 + 8 = 97. Half up moves each cell by at most 0.5: the exact shares would sum
    # to at most 97 + 4 x 0.5 = 99 < 100. Truncation can lose up to (almost) 1 per cell, so 97
    # is explainable by truncation, but the first two cells then need 40.x and 41.x with a
    # large fraction, which needs at least 67 respondents.
    res = check_figure([40, 41, 8, 8], 24, respondents=27)
    assert res["sum_explainable"] is True and res["sum_explainable_by"] == ("truncate",)
    assert not sum_explainable([40, 41, 8, 8], HALF_UP)
    assert all(res[f"possible_{r}"] is False for r in ROUNDING_RULES)
    assert (res["nearest_n_below"], res["nearest_n_above"]) == (None, None)
    assert res["status"] == "impossible" and "no N fits half-up" in res["message"]
    assert nearest_consistent_n([40, 41, 8, 8], 24, TRUNC) == (None, 67)


def test_check_figure_respondents_and_empty():
    res = check_figure([11, 11, 78], 28, respondents=27, rule=LR)
    assert res["possible"] and res["counts"] == (3, 3, 22)
    assert res["n_exceeds_respondents"] is True and res["status"] == "impossible"
    assert "exceeds the 27 respondents" in res["message"]
    empty = check_figure([], 9, respondents=9)
    assert empty["status"] == "no printed percentages" and empty["counts"] is None
    assert "no printed percentages" in empty["message"]


# ---------------------------------------------------------------------------
# the bundled figures of the seed report
# ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def bundled():
    return check_published(read_published(BUNDLED)).set_index("figure")


def test_bundled_file_is_complete(bundled):
    expected = ["2.3", "2.4", "2.5", "2.6", "2.7", "2.8", "4.2", "4.3", "4.4", "4.5", "4.6",
                "5.2", "5.3", "5.4", "5.5", "5.6", "5.7", "6.1", "6.2", "6.3", "6.4", "6.5", "6.6"]
    assert list(bundled.index) == expected
    assert set(bundled["respondents"]) == {9, 27}          # Tabel 1.1: 9 provinces, 27 AMR's, 9 funds
    assert bundled.loc["5.6", "status"] == bundled.loc["5.7", "status"] == "no printed percentages"


def test_bundled_verdicts(bundled):
    b = bundled
    # 4.2: 33/66 of 9 cannot be half-up (6/9 = 66.7 -> 67), is exactly truncation (3/6)
    assert not b.loc["4.2", "possible_half-up"] and b.loc["4.2", "possible_truncate"]
    assert check_figure([33, 66], 9, rule=TRUNC)["counts"] == (3, 6)
    # and no N at all fits half-up: 2 cells each within 0.5 of the print cannot add up 99 to 100
    assert pd.isna(b.loc["4.2", "nearest_n_below"]) and pd.isna(b.loc["4.2", "nearest_n_above"])
    # 4.3: 11/11/78 at N=28 only largest remainder (3/3/22); at 27, half-up (3/3/21); 28 > 27 AMR's
    row = b.loc["4.3"]
    assert [row[f"possible_{r}"] for r in ROUNDING_RULES] == [False, False, False, True]
    assert row["n_exceeds_respondents"] and row["status"] == "impossible"
    assert row["nearest_n_below"] == 27
    assert solve_counts([11, 11, 78], 27) == [(3, 3, 21)]
    # 5.4: 57/29/14 at N=26 fits no rule; fits half-up at 7, 14, 21, 28
    row = b.loc["5.4"]
    assert not any(row[f"possible_{r}"] for r in ROUNDING_RULES)
    assert (row["nearest_n_below"], row["nearest_n_above"]) == (21, 28)
    assert [k for k in range(1, 30) if count_solutions([57, 29, 14], k) > 0] == [7, 14, 21, 28]
    assert row["counts"] == (15, 7, 4) and row["counts_kind"] == "closest"
    # 5.5: sums to 97, no rule at N=24
    row = b.loc["5.5"]
    assert row["sum"] == 97 and not any(row[f"possible_{r}"] for r in ROUNDING_RULES)
    assert row["counts"] == (10, 10, 2, 2)
    # 6.5 / 6.6: half-up only (sums 101)
    assert b.loc["6.5", "counts"] == (3, 5) and b.loc["6.6", "counts"] == (1, 1, 6)
    for fig in ("6.5", "6.6"):
        assert [b.loc[fig, f"possible_{r}"] for r in ROUNDING_RULES] == [True, False, False, False]
    # everything else fits half-up with exactly one count vector
    others = b[~b.index.isin(["4.2", "4.3", "5.4", "5.5", "5.6", "5.7"])]
    assert (others["status"] == "ok").all() and (others["n_solutions_half-up"] == 1).all()
    assert b.loc["2.6", "counts"] == (12, 6, 5, 3)
    assert set(b.loc[b["status"] == "impossible"].index) == {"4.2", "4.3", "5.4", "5.5"}


def test_bundled_under_other_rules():
    lr = check_published(read_published(BUNDLED), LR).set_index("figure")
    # largest remainder makes totals 100: every figure summing to 99 or 101 is impossible under it
    assert set(lr.loc[lr["status"] == "impossible"].index) == {
        "2.3", "2.4", "2.8", "4.2", "4.3", "5.4", "5.5", "6.5", "6.6"}


# ---------------------------------------------------------------------------
# reading files
# ---------------------------------------------------------------------------

def write(tmp_path, text, name="figs.csv", *, bom=False):
    path = tmp_path / name
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8"))
    return path


GOOD = "figure;n;category;percent;respondents\n4.2;9;Redelijk;33%;9\n4.2;9;Slecht;66;9\n6.5;8;Goed;38;9\n6.5;8;Slecht;63;9\n"


def test_semicolons_bom_and_percent_signs(tmp_path):
    table = read_published(write(tmp_path, GOOD, bom=True))
    assert list(table["figure"].unique()) == ["4.2", "6.5"]
    assert table["percent"].tolist() == [33, 66, 38, 63]
    assert table["row"].tolist() == [2, 3, 4, 5]
    comma = read_published(write(tmp_path, GOOD.replace(";", ","), "c.csv"))
    assert comma["percent"].tolist() == [33, 66, 38, 63]


def test_whole_number_spellings(tmp_path):
    # a float export (9.0), a Dutch decimal comma with a zero (33,0), a spaced percent sign
    table = read_published(write(tmp_path, "figure;n;percent\n1;9.0;33,0\n1;9.0;67 %\n"))
    assert table["n"].tolist() == [9, 9] and table["percent"].tolist() == [33, 67]


def test_yaml_input(tmp_path):
    text = """
- figure: "4.3"
  n: 28
  categories: [Goed, Redelijk, Slecht]
  percents: [11, 11, 78]
  respondents: 27
- figure: "5.6"
  n: 9
  percents: []
"""
    report = check_published(read_published(write(tmp_path, text, "f.yaml")), LR)
    assert report["status"].tolist() == ["impossible", "no printed percentages"]
    assert report.loc[0, "counts"] == (3, 3, 22) and report.loc[0, "categories"] == ("Goed", "Redelijk", "Slecht")


def test_check_published_accepts_a_plain_frame():
    frame = pd.DataFrame({"figure": ["a", "a", "b", "b"], "n": [9, 9, 8, 8], "percent": [33, 67, 38, 63]})
    report = check_published(frame)
    assert report["status"].tolist() == ["ok", "ok"]
    assert report["counts"].tolist() == [(3, 6), (3, 5)]


@pytest.mark.parametrize("text,row,column,fragment", [
    ("figure;n;category\n1;9;a\n", 1, "percent", "missing column"),
    ("figure;n;percent\n1;9;33\n1;9;abc\n", 3, "percent", "not a number"),
    ("figure;n;percent\n1;0;100\n", 2, "n", "at least 1"),
    ("figure;n;percent\n1;-3;100\n", 2, "n", "at least 1"),
    ("figure;n;percent\n1;;100\n", 2, "n", "N is empty"),
    ("figure;n;percent\n1;9;33.5\n", 2, "percent", "whole number"),
    ("figure;n;percent\n1;9;133\n", 2, "percent", "outside 0-100"),
    ("figure;n;percent\n1;9;33\n1;8;67\n", 3, "n", "N=9 in row 2"),
    ("figure;n;percent\n1;9;33\n1;9;\n", 3, "percent", "mixes printed and empty"),
    ("figure;n;percent;respondents\n1;9;100;x\n", 2, "respondents", "not a number"),
    ("figure;n;percent\n;9;100\n", 2, "figure", "empty figure id"),
    ("figure;n;percent\n1;1.000;100\n", 2, "n", "without separators"),   # 1 or 1000? refused
    ("figure;n;percent\n1;9.5;100\n", 2, "n", "whole number"),
    ("figure;n;percent\n1;9;1e2\n", 2, "percent", "whole number"),
])
def test_bad_input_names_row_and_column(tmp_path, text, row, column, fragment):
    path = write(tmp_path, text)
    with pytest.raises(PublishedFileError) as info:
        read_published(path)
    msg = str(info.value)
    assert isinstance(info.value, ValueError) and isinstance(info.value, SurveyInputError)
    assert str(path) in msg and f"row {row}" in msg and f"column '{column}'" in msg and fragment in msg
    assert "\n" not in msg


def test_bad_yaml_names_entry_and_key(tmp_path):
    path = write(tmp_path, "- figure: '1'\n  n: 9\n  percents: [50, 50]\n- figure: '2'\n  percents: [1]\n", "f.yml")
    with pytest.raises(PublishedFileError, match=r"row 2, column 'n'"):
        read_published(path)
    path = write(tmp_path, "- figure: '1'\n  n: 9\n  categories: [a]\n  percents: [50, 50]\n", "g.yml")
    with pytest.raises(PublishedFileError, match=r"row 1, column 'categories'.*1 categories but 2"):
        read_published(path)


# ---------------------------------------------------------------------------
# the command
# ---------------------------------------------------------------------------

def test_run_check_cli_exit_codes(tmp_path, capsys):
    ok = write(tmp_path, "figure,n,percent\n2.3,9,33\n2.3,9,44\n2.3,9,22\n", "ok.csv")
    assert run_check_cli(ok, "half-up") == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("ok") and "fig 2.3" in out[0] and out[-1].startswith("1 figures")

    assert run_check_cli(ok, "largest-remainder") == 1          # 99 cannot be a largest-remainder total
    assert "IMPOSSIBLE" in capsys.readouterr().out

    report = tmp_path / "report.csv"
    assert run_check_cli(BUNDLED, "half-up", report) == 1
    written = pd.read_csv(report, dtype=str)
    assert len(written) == 23 and {"figure", "status", "message", "counts", "possible_truncate"} <= set(written)
    assert written.set_index("figure").loc["5.4", "counts"] == "15 7 4"
    assert len(capsys.readouterr().out.splitlines()) == 24       # one line per figure and a total

    bad = write(tmp_path, "figure,n,percent\n1,9,zz\n", "bad.csv")
    assert run_check_cli(bad, "half-up") == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and "row 2" in err and len(err.strip().splitlines()) == 1
    assert "Traceback" not in err

    assert run_check_cli(tmp_path / "missing.csv", "half-up") == 2
    assert "no such file" in capsys.readouterr().err
    assert run_check_cli(ok, "bankers") == 2
    assert "unknown rounding rule" in capsys.readouterr().err
    assert run_check_cli(ok, "half-up", ok) == 2                 # never overwrites its input
    assert ok.read_text().startswith("figure,n,percent")
