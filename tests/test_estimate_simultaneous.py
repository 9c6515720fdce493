"""Simultaneous intervals added to the distributions (survey_inventory.estimate.simultaneous):
the stable columns stay as they are, the bands are multinomial_ci's (as percentages), and
a method whose conditions fail is refused naming the item and respondent type.
"""
from __future__ import annotations


import pandas as pd
import pytest
from statsmodels.stats.proportion import multinomial_proportions_confint

from survey_inventory.errors import SurveyInputError
from survey_inventory.estimate import (
    DISTRIBUTION_COLUMNS, SIMULTANEOUS_COLUMNS, distributions, simultaneous_intervals,
)
from survey_inventory.load import load_study
from survey_inventory.stats.intervals import proportion_ci
from survey_inventory.stats.simultaneous import multinomial_ci


@pytest.fixture(scope="module")
def bundled_dist(bundled_codebook):
    return distributions(load_study(bundled_codebook).responses, bundled_codebook)


def test_simultaneous_columns_leave_the_stable_ones_alone(bundled_dist):
    dist = bundled_dist
    assert simultaneous_intervals(dist, "none") is dist
    out = simultaneous_intervals(dist, "bonferroni-exact")
    assert list(out.columns) == DISTRIBUTION_COLUMNS + SIMULTANEOUS_COLUMNS
    pd.testing.assert_frame_equal(out[DISTRIBUTION_COLUMNS], dist)
    assert (out["sim_lower"] <= out["ci_lower"] + 1e-9).all() and (out["sim_upper"] >= out["ci_upper"] - 1e-9).all()
    # a plain distribution: multinomial_ci at the population
    g = out[(out["figure"] == "2.5")]
    ref = multinomial_ci(g["count"].to_numpy(), method="bonferroni-exact", population=35)
    assert g["sim_lower"].to_numpy() == pytest.approx(100 * ref["ci_lower"].to_numpy(), abs=1e-4)
    assert g["sim_method"].iloc[0] == "simultaneous, K=3: bonferroni-exact: hypergeometric exact Blaker (N=35)"
    # a routed item (figure 2.6, 26 of 27 AMR's asked): the exact domain interval at level 1 - 0.05/K
    g = out[(out["figure"] == "2.6")]
    assert g["domain"].all()
    ref = proportion_ci(g["count"].to_numpy(), g["base_n"].to_numpy(), population=35, sample_n=27,
                        domain=True, method="blaker", level=1 - 0.05 / len(g))
    assert g["sim_upper"].to_numpy() == pytest.approx(100 * ref["ci_upper"].to_numpy(), abs=1e-4)
    assert "domain (N_d = 26..34 of N=35)" in g["sim_method"].iloc[0]
    wil = simultaneous_intervals(dist, "bonferroni-wilson", level=0.9)
    assert (wil["sim_level"] == 0.9).all() and wil["sim_method"].str.contains("bonferroni-wilson: wilson").all()


@pytest.mark.parametrize("method,phrase", [("goodman", "every category count >= 5"),
                                           ("sison-glaz", "at least 7 categories")])
def test_simultaneous_methods_refuse_where_their_conditions_fail(bundled_dist, method, phrase):
    with pytest.raises(SurveyInputError, match=phrase) as info:
        simultaneous_intervals(bundled_dist, method)
    assert "item 'care_familiarity', respondent type 'province'" in str(info.value)
    assert "\n" not in str(info.value)
    with pytest.raises(SurveyInputError, match="unknown simultaneous"):
        simultaneous_intervals(bundled_dist, "scheffe")


def test_goodman_where_its_condition_holds():
    d = pd.DataFrame({"item": "q", "respondent_type": "amr", "category_order": [1, 2, 3], "count": [10, 6, 11],
                      "base_n": 27, "population_n": pd.array([pd.NA] * 3, dtype="Int64"), "sample_n": 27,
                      "domain": False})
    out = simultaneous_intervals(d, "goodman")
    ref = multinomial_proportions_confint([10, 6, 11], alpha=0.05, method="goodman")
    assert out["sim_lower"].to_numpy() == pytest.approx(100 * ref[:, 0], abs=1e-4)
    # an empty distribution and a census get no refusal
    d["count"], d["base_n"] = 0, 0
    assert (simultaneous_intervals(d, "goodman")["sim_method"] == "no respondents in base").all()
