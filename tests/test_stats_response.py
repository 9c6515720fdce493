"""Frame linking, response rates, the exact test and the R-indicator (stats/response.py).

Independent references: R 4.2.2's fisher.test (exact network algorithm) and
1 - 2 sd(fitted(glm(responded ~ ..., binomial))) on the frames of the committed R
reference (tests/data/reference/r_survey_response.csv); hand formulas on tiny frames;
statsmodels refits of the bootstrap resamples.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm

from survey_inventory.errors import SurveyInputError
from survey_inventory.stats import response
from survey_inventory.stats.response import link_frame, r_indicator, response_independence_test, response_rates
from weighted_reference import FRAMES, RESPONSE, UNITS


def frame_of(name):
    frame = FRAMES[FRAMES["dataset"] == name].reset_index(drop=True)
    responded = link_frame(frame["id"], UNITS.loc[UNITS["dataset"] == name, "id"])
    return frame, responded


@pytest.mark.parametrize("name", list(dict.fromkeys(RESPONSE["dataset"])))
def test_linking_fisher_and_r_indicator_equal_r(name):
    frame, responded = frame_of(name)
    np.testing.assert_array_equal(responded, frame["responded"].to_numpy())
    for _, ref in RESPONSE[RESPONSE["dataset"] == name].iterrows():
        attributes = ref["model"].split("+")
        out = r_indicator(responded, frame[attributes], bootstrap=0)
        assert out["r_indicator"] == pytest.approx(ref["r_indicator"], abs=1e-6)
        if len(attributes) == 1:
            test = response_independence_test(responded, frame[attributes[0]])
            assert test["p_method"] == "exact"
            assert test["p_value"] == pytest.approx(ref["fisher_p"], abs=1e-9)


def test_monte_carlo_p_value_is_close_to_the_exact_one(monkeypatch):
    frame, responded = frame_of("ps_size_n40")
    monkeypatch.setattr(response, "MAX_EXACT_TABLES", 0)
    out = response_independence_test(responded, frame["region"], resamples=4999, seed=3)
    exact = RESPONSE.query("dataset == 'ps_size_n40' and model == 'region'")["fisher_p"].item()
    assert out["p_method"] == "Monte Carlo, 4999 random tables (seed 3)"
    assert abs(out["p_value"] - exact) < 4 * np.sqrt(exact * (1 - exact) / 4999)
    again = response_independence_test(responded, frame["region"], resamples=4999, seed=3)
    assert again["p_value"] == out["p_value"]


def test_exact_test_by_enumeration_on_a_tiny_frame():
    # 3 categories of 2 units each, 3 respondents: 7 tables; observed (2, 1, 0)
    # P(x) = prod C(2, x_i) / C(6, 3); P(2,1,0) = 2/20; tables at most that probable:
    # the 6 permutations of (2, 1, 0), total 12/20 (the table (1, 1, 1) has 8/20)
    out = response_independence_test([1, 1, 1, 0, 0, 0], ["a", "a", "b", "b", "c", "c"])
    assert out["p_value"] == pytest.approx(12 / 20, abs=1e-12)
    assert out["test"] == "Fisher-Freeman-Halton exact (3 x 2)"


def test_nothing_to_test_gives_p_one():
    assert response_independence_test([1, 0, 1], ["a", "a", "a"])["p_value"] == 1
    assert response_independence_test([1, 1, 1], ["a", "b", "c"])["p_value"] == 1


def test_response_rates_by_hand():
    out = response_rates([True, False, True, True, False], ["n", "n", "s", "s", "e"])
    assert out.to_dict("list") == {
        "category": ["e", "n", "s"], "targeted": [1, 2, 2], "responded": [0, 1, 2],
        "response_rate": [0.0, 0.5, 1.0],
    }


def test_r_indicator_of_one_attribute_is_the_hand_formula():
    # saturated model: the propensity of a unit is its category's response rate
    sizes = {"a": (10, 3), "b": (6, 5), "c": (4, 1)}
    attribute = sum(([k] * m for k, (m, _) in sizes.items()), [])
    responded = sum(([1] * r + [0] * (m - r) for m, r in sizes.values()), [])
    rho = np.array(sum(([r / m] * m for m, r in sizes.values()), []))
    expected = 1 - 2 * np.sqrt(np.sum((rho - rho.mean()) ** 2) / (rho.size - 1))
    out = r_indicator(responded, {"size": attribute}, bootstrap=0)
    assert out["r_indicator"] == pytest.approx(expected, abs=1e-9)
    assert out["propensity_min"] == pytest.approx(0.25) and out["propensity_max"] == pytest.approx(5 / 6)


def test_r_indicator_is_one_when_response_does_not_depend_on_the_attribute():
    out = r_indicator([1, 0, 1, 0, 1, 0], {"size": list("aabbcc")}, bootstrap=0)
    assert out["r_indicator"] == pytest.approx(1, abs=1e-9)


def test_bootstrap_se_equals_statsmodels_refits_of_the_same_resamples():
    frame, responded = frame_of("rake_n120")  # 1000 units: no separation in a resample
    out = r_indicator(responded, frame[["region", "size"]], bootstrap=25, seed=11)
    X = pd.get_dummies(frame[["region", "size"]].astype(str), drop_first=True, dtype=float)
    X.insert(0, "const", 1.0)
    X, y = X.to_numpy(), responded.astype(float)
    rng = np.random.default_rng(11)
    draws = []
    for _ in range(25):
        pick = rng.integers(0, y.size, y.size)
        fit = sm.GLM(y[pick], X[pick], family=sm.families.Binomial()).fit()
        draws.append(1 - 2 * np.std(fit.predict(X[pick]), ddof=1))
    assert out["se"] == pytest.approx(np.std(draws, ddof=1), abs=1e-6)
    assert out["ci_lower"] == pytest.approx(out["r_indicator"] - 1.959963984540054 * out["se"])
    assert 0 < out["se"] < 0.2


@pytest.mark.parametrize("frame_ids, respondent_ids, message", [
    (["a", "b", "a"], ["a"], "^frame unit 'a' is listed twice \\(positions 0 and 2\\)$"),
    (["a", "b"], ["b", "b"], "^respondent 'b' is listed twice \\(positions 0 and 1\\)$"),
    (["a", "b"], ["c"], "^respondent 'c' is not in the frame$"),
    (["a", None], ["a"], "^frame unit id missing at position 1$"),
    (["a", "b"], [np.nan], "^respondent id missing at position 0$"),
])
def test_bad_frames_end_in_one_line_errors(frame_ids, respondent_ids, message):
    with pytest.raises(SurveyInputError, match=message):
        link_frame(frame_ids, respondent_ids)


def test_numeric_and_text_ids_are_the_same_unit():
    assert link_frame([101, 102, 103], ["103", " 101"]).tolist() == [True, False, True]
    assert link_frame(["101", "102"], [102.0]).tolist() == [False, True]


def test_r_indicator_when_everyone_responded_is_one():
    out = r_indicator([1, 1, 1, 1], {"size": list("aabb")}, bootstrap=10)
    assert out["r_indicator"] == 1 and out["response_rate"] == 1


def test_bad_response_inputs():
    with pytest.raises(SurveyInputError, match="3 response flags for 2 attribute values"):
        response_rates([1, 0, 1], ["a", "b"])
    with pytest.raises(SurveyInputError, match="attribute missing for frame unit at position 1"):
        response_independence_test([1, 0], ["a", None])
    with pytest.raises(SurveyInputError, match="frame attribute 'size' is missing for unit at position 2"):
        r_indicator([1, 0, 1], {"size": ["a", "b", None]})
