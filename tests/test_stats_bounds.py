"""Worst-case and sensitivity bounds for non-response (stats/bounds.py).

Checked against the defining formulas and by brute force over the non-respondents'
possible proportions and (for a domain) how many of them belong to the domain.
"""
from __future__ import annotations

import numpy as np
import pytest

from survey_inventory.errors import SurveyInputError
from survey_inventory.stats.bounds import nonresponse_bounds


def test_worst_case_is_every_non_respondent_one_way_or_the_other():
    out = nonresponse_bounds([3, 0, 9], 9, 12)
    np.testing.assert_allclose(out["lower"], np.array([3, 0, 9]) / 12)
    np.testing.assert_allclose(out["upper"], (np.array([3, 0, 9]) + 3) / 12)
    np.testing.assert_allclose(out["nonresponse"], 0.25)


def test_delta_zero_is_the_respondents_proportion_and_census_has_no_width():
    out = nonresponse_bounds(12, 27, 35, delta=0)
    assert out.loc[0, "lower"] == pytest.approx(12 / 27) and out.loc[0, "upper"] == pytest.approx(12 / 27)
    census = nonresponse_bounds(5, 10, 10)
    assert census.loc[0, "lower"] == census.loc[0, "upper"] == 0.5


@pytest.mark.parametrize("k, n, N, s, delta", [
    (30, 120, 342, None, 0.1), (2, 20, 60, None, 0.25), (12, 26, 35, 27, 0.1),
    (0, 9, 12, None, 0.2), (8, 10, 30, 14, 0.5), (5, 10, 40, None, 1.0),
])
def test_bounds_are_the_extremes_over_every_admissible_non_response(k, n, N, s, delta):
    s_ = n if s is None else s
    p = k / n
    q = np.linspace(max(0, p - delta), min(1, p + delta), 2001)
    in_domain = np.arange(N - s_ + 1)[:, None]  # how many non-respondents belong to the domain
    values = (k + in_domain * q[None, :]) / (n + in_domain)
    out = nonresponse_bounds(k, n, N, delta=delta, sample_n=s)
    assert out.loc[0, "lower"] == pytest.approx(values.min(), abs=1e-12)
    assert out.loc[0, "upper"] == pytest.approx(values.max(), abs=1e-12)


def test_movement_is_at_most_the_nonresponse_share_times_delta():
    out = nonresponse_bounds(60, 120, 342, delta=0.1)
    share = (342 - 120) / 342
    assert out.loc[0, "upper"] - 0.5 == pytest.approx(share * 0.1)
    assert 0.5 - out.loc[0, "lower"] == pytest.approx(share * 0.1)


def test_unknown_population_gives_nan():
    out = nonresponse_bounds(3, 9, None)
    assert out[["lower", "upper"]].isna().all(axis=None)


@pytest.mark.parametrize("args, kwargs, message", [
    ((10, 9, 12), {}, "count must not exceed n"),
    ((3, 9, 8), {}, "must not outnumber the population"),
    ((3, 9, 12), {"delta": 1.5}, "delta must be between 0 and 1"),
    ((3, 9, 12), {"sample_n": 8}, "n must not exceed sample_n"),
    ((-1, 9, 12), {}, "count must be >= 0 and n >= 1"),
])
def test_bad_arguments(args, kwargs, message):
    with pytest.raises(SurveyInputError, match=message):
        nonresponse_bounds(*args, **kwargs)
