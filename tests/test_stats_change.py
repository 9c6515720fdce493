"""Tests for survey_inventory/stats/change.py: linking two waves and the one entry point."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from survey_inventory.errors import SurveyInputError
from survey_inventory.stats.change import RESULT_COLUMNS, change_ci, linked_counts
from survey_inventory.stats.change_paired import paired_difference_ci


def test_linked_counts_by_hand():
    w1 = pd.Series({"DR": 1, "FL": 0, "FR": 0, "GE": 1, "GR": 0, "UT": np.nan})
    w2 = pd.Series({"DR": 1, "FL": 1, "FR": 0, "GE": 0, "LI": 1, "NB": 0, "UT": 1})
    out = linked_counts(w1, w2)
    # linked: DR 1->1, FL 0->1, FR 0->0, GE 1->0; GR first wave only; LI, NB, UT second wave only
    assert out["table"].tolist() == [[1, 1], [1, 1]]
    assert (out["k_from_only"], out["n_from_only"]) == (0, 1)
    assert (out["k_to_only"], out["n_to_only"]) == (2, 3)


def test_change_ci_columns_and_dispatch():
    w1 = pd.Series({u: v for u, v in zip("abcdefghi", [1, 0, 0, 1, 0, 0, 1, 0, 0])})
    w2 = pd.Series({u: v for u, v in zip("abcdefghi", [1, 1, 0, 1, 1, 0, 1, 0, 0])})
    row = change_ci(**linked_counts(w1, w2), population=12)
    assert tuple(row.columns) == RESULT_COLUMNS
    pd.testing.assert_frame_equal(row, paired_difference_ci([[3, 0], [2, 4]], population=12))
    # one unit stops, one joins: partially paired
    w2b = w2.drop("i")
    w2b["j"] = 1
    row = change_ci(**linked_counts(w1, w2b), population=12).iloc[0]
    assert (row.n_paired, row.n_from_only, row.n_to_only) == (8, 1, 1)
    assert row.p_from == pytest.approx(3 / 9) and row.p_to == pytest.approx(6 / 9)
    assert row.ci_method == "bonferroni-exact (N=12)"


def test_many_cells_at_once():
    tables = np.array([[[3, 0], [2, 4]], [[0, 0], [0, 0]], [[5, 1], [1, 2]]])
    out = change_ci(tables, [0, 2, 1], [0, 5, 1], [0, 3, 0], [0, 6, 1], population=12)
    assert out.n_paired.tolist() == [9, 0, 9] and out.n_to_only.tolist() == [0, 6, 1]
    assert out.ci_method.str.startswith(("exact", "bonferroni")).all()


def test_linked_counts_bad_input():
    with pytest.raises(SurveyInputError, match="0/1"):
        linked_counts(pd.Series({"a": 2}), pd.Series({"a": 1}))
    with pytest.raises(SurveyInputError, match="occurs twice"):
        linked_counts(pd.Series([1, 0], index=["a", "a"]), pd.Series({"a": 1}))
    with pytest.raises(SurveyInputError, match="Series"):
        linked_counts([1, 0], pd.Series({"a": 1}))
