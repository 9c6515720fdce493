"""Post-stratification, raking and trimming (survey_inventory/stats/weights.py).

Weights are compared with R survey 4.1-1 (postStratify, rake to convergence,
trimWeights(strict = TRUE)) on the committed reference, and with the defining properties
(every margin reproduced, total kept, bounds respected).
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from survey_inventory.errors import SurveyInputError
from survey_inventory.stats.design import srs_design
from survey_inventory.stats.weights import poststratify, rake, trim_weights
from weighted_reference import DATASETS, MARGINS, reference_design


@pytest.mark.parametrize("name", DATASETS)
def test_weights_equal_r_survey(name):
    units, design = reference_design(name)
    np.testing.assert_allclose(design.weights, units["weight"], rtol=1e-8, atol=0)


@pytest.mark.parametrize("name", ["rake_n120", "rake_small_n30", "rake_nofpc_n60"])
def test_raked_weights_reproduce_every_margin(name):
    units, design = reference_design(name)
    for variable, group in MARGINS[MARGINS["dataset"] == name].groupby("variable"):
        got = pd.Series(design.weights).groupby(units[variable].to_numpy()).sum()
        np.testing.assert_allclose(got[group["level"]].to_numpy(), group["count"].to_numpy(), rtol=1e-9)
    assert design.scheme.startswith("raked on region, size (4 + 3 cells, ")


def test_poststratification_by_hand():
    design = poststratify(["s", "l", "s", "m", "l"], {"s": 10, "m": 3, "l": 7})
    np.testing.assert_allclose(design.weights, [5, 3.5, 5, 3, 3.5])
    assert design.population == 20 and design.calibrated


def test_poststratification_of_one_cell_keeps_the_design_weights():
    design = poststratify(["x"] * 4, {"x": 10})
    np.testing.assert_allclose(design.weights, srs_design(4, 10).weights)


def test_trimmed_weights_keep_total_and_bounds_as_r_strict():
    units, design = reference_design("ps_trim_n50")
    assert design.weights.max() <= 12 + 1e-12 and design.weights.min() >= 2
    assert design.weights.sum() == pytest.approx(400)
    assert "trimmed to [2, 12]" in design.scheme and design.calibrated


def test_trimming_inside_the_bounds_changes_nothing():
    design = poststratify(["a", "b"], {"a": 3, "b": 5})
    assert trim_weights(design, lower=1, upper=10) is design


def test_trimming_one_pass_when_not_strict():
    design = poststratify(["a", "a", "a", "b"], {"a": 3, "b": 9})
    once = trim_weights(design, upper=5, strict=False)  # 9 -> 5, the 4 spread over three units
    np.testing.assert_allclose(once.weights, [1 + 4 / 3] * 3 + [5])


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: poststratify(["s", "s"], {"s": 5, "large": 63}, name="size"),
         "^size 'large' has no respondents but 63 population units: merge it with another cell or leave the attribute out$"),
        (lambda: poststratify(["s", "x"], {"s": 5}, name="size"), "size 'x' of a respondent has no population count"),
        (lambda: poststratify(["s", None], {"s": 5}, name="size"), "size is missing for respondent at position 1"),
        (lambda: poststratify(["s", "m"], {"s": 5, "m": 0}, name="size"), "size 'm' has respondents but a population count of 0"),
        (lambda: poststratify(["s", "s"], {"s": 5}, population=6), "population counts add up to 5, the design's population is 6"),
        (lambda: rake({"size": ["s", "l"], "region": ["n", "n"]},
                      {"size": {"s": 3, "l": 2}, "region": {"n": 3, "e": 2}}),
         "^region 'e' has no respondents but 2 population units"),
        (lambda: rake({"size": ["s", "l"], "region": ["n", "e"]},
                      {"size": {"s": 3, "l": 2}, "region": {"n": 3, "e": 3}}),
         "population margins differ in total: 'size' adds up to 5, 'region' to 6"),
        (lambda: rake({"size": ["s", "l"]}, {"region": {"n": 3}}), "no population counts for margin 'size'"),
        (lambda: trim_weights(srs_design(4, 40), upper=5), r"cannot be trimmed to \[-inf, 5\] keeping their total 40 over 4 units"),
    ],
)
def test_bad_cells_end_in_one_line_errors(call, message):
    with pytest.raises(SurveyInputError, match=message) as info:
        call()
    assert "\n" not in str(info.value)
    assert isinstance(info.value, ValueError)


def test_raking_that_does_not_converge_says_so():
    margins = {"size": ["s", "s", "l", "l", "s"], "urban": ["y", "n", "y", "n", "n"]}
    population = {"size": {"s": 6, "l": 4}, "urban": {"y": 5, "n": 5}}
    with pytest.raises(SurveyInputError, match="raking on size, urban did not converge in 2 sweeps"):
        rake(margins, population, max_iter=2)
    # impossible margins: every respondent is small and urban, yet 5 of 10 must be rural
    with pytest.raises(SurveyInputError, match="has no respondents"):
        rake({"size": ["s", "s"], "urban": ["y", "y"]}, {"size": {"s": 10}, "urban": {"y": 5, "n": 5}})


def test_raking_on_a_dataframe_equals_raking_on_a_mapping():
    frame = pd.DataFrame({"size": ["s", "s", "l", "l", "s"], "urban": ["y", "n", "y", "n", "n"]})
    population = {"size": {"s": 6, "l": 4}, "urban": {"y": 5, "n": 5}}
    np.testing.assert_array_equal(rake(frame, population).weights,
                                  rake({c: frame[c] for c in frame}, population).weights)


@pytest.mark.parametrize("name, upper", [("rake_n120", 14.5), ("rake_nofpc_n60", 17.0)])
def test_recalibrated_trimming_keeps_bounds_and_margins(name, upper):
    units, design = reference_design(name)
    assert design.weights.max() > upper
    trimmed = trim_weights(design, upper=upper, recalibrate=True)
    assert trimmed.weights.max() <= upper * (1 + 1e-9)
    assert "re-calibrated" in trimmed.scheme
    for variable, group in MARGINS[MARGINS["dataset"] == name].groupby("variable"):
        got = pd.Series(trimmed.weights).groupby(units[variable].to_numpy()).sum()
        np.testing.assert_allclose(got[group["level"]].to_numpy(), group["count"].to_numpy(), rtol=1e-8)


def test_recalibration_needs_calibration_and_feasible_bounds():
    with pytest.raises(SurveyInputError, match="nothing to re-calibrate"):
        trim_weights(srs_design(4, 40).__class__(weights=np.array([5.0, 5, 10, 20]), population=40),
                     upper=15, recalibrate=True)
    design = poststratify(["a", "a", "a", "b"], {"a": 3, "b": 9})  # b's single unit must carry 9
    with pytest.raises(SurveyInputError, match=r"cannot be kept within \[-inf, 5\] and calibrated at once"):
        trim_weights(design, upper=5, recalibrate=True, max_iter=50)
