"""Tests for survey_inventory/stats/change_common.py: shared pieces of the change intervals."""
from __future__ import annotations

import numpy as np
import pytest
from scipy import stats
from statsmodels.stats.proportion import proportion_confint

from survey_inventory.errors import SurveyInputError
from survey_inventory.stats.change_common import (
    check_level, fpc_factor, result_frame, snap_to_population, sterne_hull, wilson_limits,
)


def test_wilson_without_population_is_statsmodels_wilson():
    k, n = np.meshgrid(np.arange(0, 31), np.arange(1, 31), indexing="ij")
    keep = k <= n
    lo, hi = wilson_limits(k[keep], n[keep])
    want = proportion_confint(k[keep], n[keep], alpha=0.05, method="wilson")
    np.testing.assert_allclose(lo, want[0], atol=1e-12)
    np.testing.assert_allclose(hi, want[1], atol=1e-12)


def test_wilson_with_population_solves_the_fpc_score_equation():
    k, n, N = 3, 9, 12
    z = stats.norm.ppf(0.975)
    g = (N - n) / (N - 1)
    for p in wilson_limits(k, n, N):
        assert (k / n - p) ** 2 == pytest.approx(z * z * g * p * (1 - p) / n)
    assert wilson_limits(4, 12, 12) == (pytest.approx(1 / 3), pytest.approx(1 / 3))   # census


def test_fpc_factor():
    np.testing.assert_allclose(fpc_factor([1, 9, 12, 5], [1, 12, 12, np.inf]), [0, 3 / 11, 0, 1])


def test_snap_removes_only_impossible_values():
    lo, hi = snap_to_population([-0.26, 0.01], [0.49, 0.99], 12, [-0.25, -1], [0.5, 0.5])
    np.testing.assert_allclose(lo * 12, [-3, 1])
    np.testing.assert_allclose(hi * 12, [5, 6])
    lo, hi = snap_to_population(-0.26, 0.49, np.nan, -0.25, 0.5)
    assert (lo, hi) == (-0.26, 0.49)


def test_sterne_hull_is_the_exact_binomial_sterne_interval():
    # one binomial observation of n = 10 with p on a grid: the hull of kept p is Sterne's interval
    p = np.linspace(0, 1, 1001)
    prob = stats.binom.pmf(np.arange(11)[None, :], 10, p[:, None])
    lo, hi = sterne_hull(prob, p, 0.05)
    for k in (0, 3, 10):
        pv = np.array([prob[i][prob[i] <= prob[i, k] * (1 + 1e-9)].sum() for i in range(len(p))])
        kept = p[pv > 0.05]
        assert (lo[k], hi[k]) == (kept.min(), kept.max())


def test_result_frame_columns_and_counts():
    frame = result_frame([0.5, 0.2], [0.75, 0.2], [0.0, -0.1], [0.5, 0.1], ["a", "b"], [4, 5], 0, [1, 0])
    assert frame.columns.tolist() == ["p_from", "p_to", "change", "ci_lower", "ci_upper", "ci_method",
                                      "n_paired", "n_from_only", "n_to_only"]
    assert frame.n_to_only.tolist() == [1, 0] and str(frame.n_paired.dtype) == "Int64"


def test_check_level():
    with pytest.raises(SurveyInputError):
        check_level(1.0)
    with pytest.raises(SurveyInputError):
        check_level("x")
