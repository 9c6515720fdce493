"""Everything about one printed figure (survey_inventory/stats/figure_check.py)."""
from __future__ import annotations


from survey_inventory.stats.figure_check import check_figure
from survey_inventory.stats.printed_counts import nearest_consistent_n, sum_explainable
from survey_inventory.stats.rounding import ROUNDING_RULES

from rounding_reference import HALF_UP, LR, TRUNC


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
