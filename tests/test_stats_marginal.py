"""Tests for survey_inventory/stats/marginal.py: marginal homogeneity between waves.

Stuart-Maxwell and Bhapkar are compared with a base-R implementation of the formulas
(tests/data/reference/make_change_reference.R -> r_homogeneity_reference.csv) and with
statsmodels' own Bhapkar; the exact McNemar p-value with scipy's binomial test.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy import stats
from statsmodels.stats.contingency_tables import SquareTable

from survey_inventory.errors import SurveyInputError
from survey_inventory.stats.marginal import marginal_homogeneity, marginal_homogeneity_family

REFERENCE = Path(__file__).resolve().parent / "data" / "reference" / "r_homogeneity_reference.csv"


def test_against_r():
    ref = pd.read_csv(REFERENCE)
    for r in ref.itertuples():
        table = np.array(r.cells.split(), dtype=float).reshape(r.k, r.k)
        sm = marginal_homogeneity(table, method="stuart-maxwell").iloc[0]
        bh = marginal_homogeneity(table, method="bhapkar").iloc[0]
        assert sm.statistic == pytest.approx(r.stuart_maxwell, rel=1e-10)
        assert bh.statistic == pytest.approx(r.bhapkar, rel=1e-10)
        assert (sm.p_value, bh.p_value) == pytest.approx((r.p_sm, r.p_bhapkar), rel=1e-9)
        assert sm.df == bh.df == r.df
        # statsmodels' own Bhapkar agrees
        assert bh.statistic == pytest.approx(SquareTable(table, shift_zeros=False).homogeneity("bhapkar").statistic)


@pytest.mark.parametrize(("b", "c"), [(1, 5), (0, 6), (3, 3), (7, 2), (0, 1)])
def test_exact_mcnemar_is_the_binomial_test(b, c):
    row = marginal_homogeneity([[4, b], [c, 2]]).iloc[0]
    assert row.p_value == pytest.approx(stats.binomtest(min(b, c), b + c, 0.5).pvalue)
    assert (row.statistic, row.n, row.n_changed) == (min(b, c), 6 + b + c, b + c)


def test_categories_nobody_entered_or_left_are_dropped():
    full = [[3, 1, 0, 0], [0, 4, 2, 0], [1, 0, 2, 0], [0, 0, 0, 5]]
    row = marginal_homogeneity(full, method="bhapkar").iloc[0]
    sm = marginal_homogeneity([[3, 1, 0], [0, 4, 2], [1, 0, 2]]).iloc[0]
    assert row.df == 2
    assert row.statistic == pytest.approx(sm.statistic / (1 - sm.statistic / 18))  # n counts all 18 units


def test_nobody_changed():
    row = marginal_homogeneity([[3, 0, 0], [0, 4, 0], [0, 0, 1]]).iloc[0]
    assert np.isnan(row.p_value) and row.note == "no unit changed category: no test"


def test_family_holm():
    fam = marginal_homogeneity_family({"green": [[2, 0], [6, 1]], "care": [[3, 0], [0, 3]],
                                       "ict": [[4, 1], [1, 3]], "tech": [[1, 5, 0], [0, 2, 0], [0, 3, 1]]})
    tested = fam.dropna(subset=["p_value"])
    p = tested.p_value.to_numpy()
    order = np.argsort(p)
    m = len(p)
    holm = np.maximum.accumulate(np.minimum(1, (m - np.arange(m)) * p[order]))
    expected = np.empty(m)
    expected[order] = holm
    np.testing.assert_allclose(tested.p_holm, expected)
    assert fam.set_index("item").loc["care", "p_holm"] != fam.set_index("item").loc["care", "p_holm"]  # NaN


def test_bad_input():
    with pytest.raises(SurveyInputError, match="square"):
        marginal_homogeneity([[1, 2, 3], [4, 5, 6]])
    with pytest.raises(SurveyInputError, match="2 categories"):
        marginal_homogeneity(np.eye(3), method="mcnemar-exact")
    with pytest.raises(SurveyInputError, match="whole numbers"):
        marginal_homogeneity([[1, -1], [0, 2]])
    with pytest.raises(SurveyInputError, match="mapping"):
        marginal_homogeneity_family({})
