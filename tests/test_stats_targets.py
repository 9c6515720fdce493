"""Tests for survey_inventory/stats/targets.py: indices, their change, monitoring targets.

The finite-population t intervals are compared with R's survey package (svymean with fpc,
confint(df = degf)); see tests/data/reference/make_change_reference.R -> r_index_reference.csv.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy import stats
from statsmodels.stats.proportion import proportion_confint

from survey_inventory.errors import SurveyInputError
from survey_inventory.stats.targets import (
    evaluate_target, mean_ci, paired_mean_change_ci, proportion_target, unit_index,
)

REFERENCE = Path(__file__).resolve().parent / "data" / "reference" / "r_index_reference.csv"


def test_unit_index_rescaled_and_reversed():
    scores = pd.DataFrame({"a": [1, 5, 3, np.nan], "b": [2, 4, np.nan, np.nan], "fam": [1, 5, 2, 4]},
                          index=list("wxyz"))
    idx = unit_index(scores, scale={"a": (1, 5), "b": (1, 5), "fam": (1, 5)}, reverse=["fam"], min_items=2)
    # w: a 0, b 25, fam reversed 5 -> 100: mean 41.67; x: 100, 75, 0; y: 50, -, 75; z: one item only
    np.testing.assert_allclose(idx.to_numpy()[:3], [125 / 3, 175 / 3, 62.5])
    assert np.isnan(idx["z"])


def test_unit_index_errors():
    with pytest.raises(SurveyInputError, match="outside its scale"):
        unit_index(pd.DataFrame({"a": [1, 7]}), scale=(1, 5))
    with pytest.raises(SurveyInputError, match="reverse needs"):
        unit_index(pd.DataFrame({"a": [1, 2]}), reverse=["a"])
    with pytest.raises(SurveyInputError, match="min_items"):
        unit_index(pd.DataFrame({"a": [1, 2]}), min_items=3)


def test_mean_and_paired_change_against_r_survey():
    ref = pd.read_csv(REFERENCE, keep_default_na=False)
    for r in ref.itertuples():
        x = np.array(r.values_from.split(), dtype=float)
        if r.kind == "mean":
            got = mean_ci(x, population=r.N).iloc[0]
        else:
            y = np.array(r.values_to.split(), dtype=float)
            units = [f"u{i}" for i in range(len(x))]
            got = paired_mean_change_ci(pd.Series(x, units), pd.Series(y, units), population=r.N).iloc[0]
            got = got.rename({"change": "mean"})
        assert got["mean"] == pytest.approx(float(r.estimate))
        assert (got.ci_lower, got.ci_upper) == pytest.approx((float(r.lower), float(r.upper)), rel=1e-10)


def test_mean_ci_per_group_census_and_small():
    out = mean_ci([1, 2, 3, 4, 5, 6, 7], groups=list("aaabbbc"), population={"a": 3, "b": 10})
    a, b, c = (out.set_index("group").loc[g] for g in "abc")
    assert (a.ci_lower, a.ci_upper, a.ci_method) == (2.0, 2.0, "census (n = N): no sampling error")
    half = stats.t.ppf(0.975, 2) * 1 / np.sqrt(3) * np.sqrt(1 - 3 / 10)
    assert (b.ci_lower, b.ci_upper) == pytest.approx((5 - half, 5 + half))
    assert np.isnan(c.ci_lower) and c.ci_method == "fewer than 2 values"


def test_fieller_limits_solve_the_defining_equation():
    before = pd.Series({"a": 40.0, "b": 50, "c": 55, "d": 60, "e": 45})
    after = pd.Series({"a": 48.0, "b": 58, "c": 60, "d": 66, "e": 55})
    row = paired_mean_change_ci(before, after, population=12).iloc[0]
    x, y = before.to_numpy(), after.to_numpy()
    V = np.cov(x, y) * (1 - 5 / 12) / 5
    q = stats.t.ppf(0.975, 4)
    for limit in (row.rel_lower, row.rel_upper):
        R = 1 + limit   # (ybar - R xbar)^2 = q^2 Var(ybar - R xbar)
        lhs = (y.mean() - R * x.mean()) ** 2
        rhs = q * q * (V[1, 1] - 2 * R * V[0, 1] + R * R * V[0, 0])
        assert lhs == pytest.approx(rhs, rel=1e-9)
    assert row.rel_lower < row.relative_change < row.rel_upper
    assert row.relative_change == pytest.approx(y.mean() / x.mean() - 1)


def test_paired_change_uses_linked_units_only():
    before = pd.Series({"a": 1.0, "b": 2, "c": np.nan})
    after = pd.Series({"a": 2.0, "b": 4, "c": 5, "d": 9})
    row = paired_mean_change_ci(before, after).iloc[0]
    assert (row.n_paired, row.mean_from, row.mean_to) == (2, 1.5, 3.0)


def test_evaluate_target_never_from_the_point_alone():
    # point estimate above the target but interval straddling it: not yet clear
    assert evaluate_target(0.55, 0.75, 0.60).tolist() == ["not_yet_clear"]
    assert evaluate_target([0.60, 0.30, np.nan], [0.9, 0.59, 0.9], 0.60).tolist() == [
        "reached", "not_reached", "not_yet_clear"]
    assert evaluate_target(0.1, 0.3, 0.35, direction="at most").tolist() == ["reached"]
    with pytest.raises(SurveyInputError, match="direction"):
        evaluate_target(0, 1, 0.5, direction="above")


def test_proportion_target_exact_limits():
    row = proportion_target(21, 27, 0.60, population=35).iloc[0]
    M = np.arange(36)
    keep = (stats.hypergeom.cdf(21, 35, M, 27) > 0.025) & (stats.hypergeom.sf(20, 35, M, 27) > 0.025)
    assert (row.ci_lower, row.ci_upper) == (M[keep].min() / 35, M[keep].max() / 35)
    assert row.status == "reached"
    free = proportion_target(21, 27, 0.60).iloc[0]
    cp = proportion_confint(21, 27, alpha=0.05, method="beta")
    assert (free.ci_lower, free.ci_upper) == pytest.approx(cp)
    assert free.status == "not_yet_clear"      # without the finite population the interval reaches 0.577
    assert proportion_target(9, 12, 0.6, population=12).iloc[0].ci_method.startswith("census")


def test_relative_target_end_to_end():
    # "the mean rises at least 15 %": 14.8 % observed, interval 9.9 % to 21.2 % -> not yet clear
    before = pd.Series({"a": 40.0, "b": 50, "c": 55, "d": 60, "e": 45})
    after = pd.Series({"a": 48.0, "b": 58, "c": 60, "d": 66, "e": 55})
    row = paired_mean_change_ci(before, after, population=12).iloc[0]
    assert evaluate_target(row.rel_lower, row.rel_upper, 0.15).tolist() == ["not_yet_clear"]
    census = paired_mean_change_ci(before, after, population=5).iloc[0]
    assert evaluate_target(census.rel_lower, census.rel_upper, 0.15).tolist() == ["not_reached"]
