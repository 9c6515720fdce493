"""Weighted proportions and intervals (survey_inventory/stats/weighted.py) against R.

The reference (tests/data/reference/r_survey_weighted*.csv) was computed with R 4.2.2 and
survey 4.1-1 by tests/data/reference/r_survey_weighted.R: svydesign(ids = ~1, fpc = ~N),
postStratify or rake (to convergence), trimWeights, then svymean, svytotal and svyciprop
(logit, beta) for the whole sample and for subset(design, asked).  Six data sets: n = 20
to 120, N = 60 to 1000 and one without fpc, a post-stratum without answer "c".
"""
from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

from survey_inventory.errors import SurveyInputError
from survey_inventory.stats.design import srs_design
from survey_inventory.stats.weighted import weighted_distribution, weighted_mean, weighted_proportion_ci
from survey_inventory.stats.weights import poststratify
from weighted_reference import DATASETS, RESULTS, UNITS, reference_design

def test_reference_covers_the_cases_the_issue_asks_for():
    assert set(UNITS["scheme"]) == {"poststratify", "rake"}
    assert {False, True} <= set(UNITS["fpc"])
    assert set(RESULTS["scope"]) == {"all", "domain"}
    sizes = UNITS.groupby("dataset").size()
    assert sizes.min() == 20 and sizes.max() == 120
    small = UNITS[UNITS["dataset"] == "ps_small_n20"]
    assert not ((small["size"] == "large") & (small["y"] == "c")).any()  # a cell where a category is 0
    assert ((small["size"] == "large")).sum() > 0


@pytest.mark.parametrize("name", DATASETS)
@pytest.mark.parametrize("scope", ["all", "domain"])
def test_estimates_and_intervals_equal_r_survey(name, scope):
    units, design = reference_design(name)
    domain = None if scope == "all" else units["asked"].to_numpy()
    ref = RESULTS[(RESULTS["dataset"] == name) & (RESULTS["scope"] == scope)].set_index("category")
    for method in ("logit", "beta"):
        out = weighted_distribution(units["y"], design, domain=domain, categories=["a", "b", "c"], method=method)
        out = out.set_index("category")
        np.testing.assert_allclose(out["estimate"], ref["mean"], rtol=0, atol=1e-6)
        np.testing.assert_allclose(out["se"], ref["se"], rtol=0, atol=1e-6)
        np.testing.assert_allclose(out["ci_lower"], ref[f"{method}_lower"], rtol=0, atol=1e-6)
        np.testing.assert_allclose(out["ci_upper"], ref[f"{method}_upper"], rtol=0, atol=1e-6)
        np.testing.assert_array_equal(out["degf"], ref["degf"])
        np.testing.assert_array_equal(out["count"], ref["count"])
        np.testing.assert_array_equal(out["n"], ref["n"])
        # totals are in units of the population: equal to R relative to N
        scale = design.weights.sum()
        np.testing.assert_allclose(out["weighted_count"] / scale, ref["total"] / scale, rtol=0, atol=1e-6)
        np.testing.assert_allclose(out["se_weighted_count"] / scale, ref["se_total"] / scale, rtol=0, atol=1e-6)


@pytest.mark.parametrize("name", DATASETS)
def test_mean_method_is_walds_interval_with_r_se_and_degf(name):
    units, design = reference_design(name)
    ref = RESULTS[(RESULTS["dataset"] == name) & (RESULTS["scope"] == "domain")].set_index("category")
    out = weighted_distribution(units["y"], design, domain=units["asked"].to_numpy(), categories=["a", "b", "c"],
                                method="mean", level=0.9).set_index("category")
    half = stats.t.ppf(0.95, ref["degf"]) * ref["se"]
    np.testing.assert_allclose(out["ci_lower"], np.maximum(0, ref["mean"] - half), atol=1e-6)
    np.testing.assert_allclose(out["ci_upper"], np.minimum(1, ref["mean"] + half), atol=1e-6)


def test_domain_of_calibrated_design_uses_r_korn_graubard_df_factor():
    # R keeps all n rows of a calibrated design in subset(): n_eff is multiplied by
    # (t(nrow - 1)/t(degf))^2 < 1, so the interval is wider than without the factor
    units, design = reference_design("ps_size_n40")
    asked = units["asked"].to_numpy()
    y = (units["y"] == "a").to_numpy(dtype=float)
    est = weighted_mean(y, design, domain=asked)
    assert est["nrow"] == 40 and est["degf"] == asked.sum() - 1
    p, var = est["mean"], est["se"] ** 2
    plain = stats.beta.ppf(0.025, p * (1 - p) / var * p, p * (1 - p) / var * (1 - p) + 1)
    beta = weighted_proportion_ci(y, design, domain=asked, method="beta")
    assert beta["ci_lower"] < plain - 1e-4


def test_uncalibrated_domain_matches_the_srs_domain_formula():
    # methods.md: V_d = (1 - s/N) s/(s - 1) p(1 - p)/n_d, df = n_d - 1, Korn-Graubard factor 1
    s, N = 27, 35
    design = srs_design(s, population=N)
    asked = np.arange(s) < 26
    y = (np.arange(s) < 12).astype(float)
    out = weighted_proportion_ci(y, design, domain=asked, method="beta")
    p, n_d = 12 / 26, 26
    var = (1 - s / N) * s / (s - 1) * p * (1 - p) / n_d
    assert out["se"] == pytest.approx(np.sqrt(var), abs=1e-12)
    n_eff = p * (1 - p) / var
    assert out["ci_lower"] == pytest.approx(stats.beta.ppf(0.025, n_eff * p, n_eff * (1 - p) + 1), abs=1e-12)
    assert out["ci_upper"] == pytest.approx(stats.beta.ppf(0.975, n_eff * p + 1, n_eff * (1 - p)), abs=1e-12)
    # figure 2.6 in docs/methods.md: beta 36.6 .. 55.9, logit 36.6 .. 56.0
    assert (round(100 * out["ci_lower"], 1), round(100 * out["ci_upper"], 1)) == (36.6, 55.9)
    logit = weighted_proportion_ci(y, design, domain=asked, method="logit")
    assert (round(100 * logit["ci_lower"], 1), round(100 * logit["ci_upper"], 1)) == (36.6, 56.0)


def test_zero_proportion_falls_back_to_korn_graubard_with_the_domain_size():
    design = poststratify(["s"] * 6 + ["l"] * 4, {"s": 30, "l": 10})
    out = weighted_proportion_ci(np.zeros(10), design, method="logit")
    assert out["estimate"] == 0 and out["ci_lower"] == 0
    assert out["ci_upper"] == pytest.approx(1 - 0.025 ** (1 / 10), abs=1e-12)  # Clopper-Pearson, n = 10
    assert out["ci_method"].startswith("korn-graubard with n_eff = n (logit degenerate at p = 0")


def test_category_nobody_chose_is_reported_with_zero():
    design = poststratify(["s", "s", "l", "l"], {"s": 6, "l": 4})
    out = weighted_distribution(["a", "b", "a", "b"], design, categories=["a", "b", "c"])
    assert out["category"].tolist() == ["a", "b", "c"]
    assert out.loc[2, "estimate"] == 0 and out.loc[2, "count"] == 0
    assert out["estimate"].sum() == pytest.approx(1)


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"method": "wilson"}, "unknown weighted interval method 'wilson'"),
        ({"level": 1.5}, "level must be strictly between 0 and 1"),
        ({"domain": np.zeros(4, dtype=bool)}, "the domain has no respondents"),
        ({"domain": [1, 0, 1, 1]}, "domain must be 4 booleans"),
    ],
)
def test_bad_arguments_give_one_line_errors(kwargs, message):
    design = srs_design(4, population=10)
    with pytest.raises(SurveyInputError, match=message):
        weighted_proportion_ci([1, 0, 1, 0], design, **kwargs)


def test_missing_or_non_binary_answer_inside_the_domain_is_refused():
    design = srs_design(4, population=10)
    with pytest.raises(SurveyInputError, match="y missing inside the domain for respondent at position 1"):
        weighted_proportion_ci([1, np.nan, 1, 0], design)
    with pytest.raises(SurveyInputError, match="y must be 0 or 1"):
        weighted_proportion_ci([1, 2, 1, 0], design)
    # outside the domain a missing answer is fine (not asked)
    out = weighted_proportion_ci([1, np.nan, 1, 0], design, domain=np.array([True, False, True, True]))
    assert out["n"] == 3
    with pytest.raises(SurveyInputError, match="y has 3 values for a design of 4"):
        weighted_mean([1, 0, 1], design)
