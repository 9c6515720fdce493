"""The simple-random-sample design and its linearisation variance (stats/design.py).

Checked against textbook formulas (Särndal, Swensson & Wretman 1992): the SRS variance
of a total, and the post-stratified variance written with within-stratum residuals.
"""
from __future__ import annotations

import numpy as np
import pytest

from survey_inventory.errors import SurveyInputError
from survey_inventory.stats.design import design_variance, srs_design
from survey_inventory.stats.weighted import weighted_mean
from survey_inventory.stats.weights import poststratify

RNG = np.random.default_rng(7)


def test_srs_design_weights_and_scheme():
    design = srs_design(8, population=20)
    np.testing.assert_array_equal(design.weights, np.full(8, 2.5))
    assert design.n == 8 and design.population == 20 and not design.calibrated
    assert srs_design(8).weights.tolist() == [1.0] * 8 and srs_design(8, np.inf).population is None
    assert design.weight_range() == (2.5, 2.5)


@pytest.mark.parametrize("n, population, message", [
    (1, 10, "at least 2 respondents"),
    (5, 4, "population must be a number at least n"),
    (2.5, 10, "non-negative whole number"),
])
def test_bad_designs(n, population, message):
    with pytest.raises(SurveyInputError, match=message):
        srs_design(n, population)


def test_srs_variance_of_a_total_is_the_textbook_formula():
    y = RNG.normal(size=15)
    for population in (40, None):
        design = srs_design(15, population)
        N = 15 if population is None else population
        f = 0 if population is None else 15 / 40
        expected = N**2 * (1 - f) * np.var(y, ddof=1) / 15  # weights 1 without N: N = n
        assert design_variance(design.weights * y, design) == pytest.approx(expected, rel=1e-12)


def test_covariance_matrix_for_several_columns():
    design = srs_design(10, 30)
    x = RNG.normal(size=(10, 2))
    cov = design_variance(x, design)
    assert cov.shape == (2, 2)
    assert cov[0, 0] == pytest.approx(design_variance(x[:, 0], design))
    assert cov[0, 1] == pytest.approx((1 - 10 / 30) * 10 * np.cov(x.T)[0, 1])


def test_poststratified_mean_variance_is_the_residual_formula():
    # Särndal et al. (1992), ch. 7 (post-stratification): with e_i = y_i - ybar_h, the post-stratified mean has
    # V = (1 - f) n/(n - 1) sum_i (w_i e_i / N)^2 (residuals sum to 0 in each stratum)
    strata = np.array(list("aaaabbbbbcccccc"))
    y = RNG.integers(0, 2, strata.size).astype(float)
    counts = {"a": 40, "b": 25, "c": 35}
    design = poststratify(strata, counts)
    e = y - np.array([y[strata == h].mean() for h in strata])
    N, n = 100, strata.size
    expected = (1 - n / N) * n / (n - 1) * np.sum((design.weights * e / N) ** 2)
    est = weighted_mean(y, design)
    assert est["se"] ** 2 == pytest.approx(expected, rel=1e-12)
    ps_mean = sum(counts[h] * y[strata == h].mean() for h in counts) / N
    assert est["mean"] == pytest.approx(ps_mean, rel=1e-12)
