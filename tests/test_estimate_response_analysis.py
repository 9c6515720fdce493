"""response.csv (issue 16) against an independent computation on the bundled llo frame."""
from __future__ import annotations

import csv
import io
from math import comb

import numpy as np
import pandas as pd
import pytest
import statsmodels.formula.api as smf
from scipy import stats

from conftest import ROOT
from survey_inventory.codebook import load_codebook
from survey_inventory.estimate.response_analysis import RESPONSE_COLUMNS, response_analysis
from survey_inventory.load import load_study
from survey_inventory.load.frame import load_frames

LLO = ROOT / "surveys" / "llo-2026"


@pytest.fixture(scope="module")
def response():
    cb = load_codebook(ROOT / "codebooks" / "llo-2026.yaml")
    frames, _ = load_frames(load_study(cb))
    return response_analysis(frames, cb, bootstrap=50)


@pytest.fixture(scope="module")
def frame():
    """The frame and who answered, read straight from the files (not through the package)."""
    units = pd.read_csv(LLO / "gemeenten_frame.csv", dtype=str)
    answers = csv.DictReader(io.StringIO((LLO / "gemeenten.csv").read_bytes().decode("cp1252")), delimiter=";")
    answered = {row["gm_code"] for row in answers}
    units["responded"] = units["gm_code"].isin(answered)
    return units


def test_columns_and_row_types(response):
    assert response.columns.tolist() == RESPONSE_COLUMNS
    assert response.groupby("row_type").size().to_dict() == {"attribute": 3, "category": 17, "overall": 1}


@pytest.mark.parametrize("attribute", ["provincie", "grootteklasse", "stedelijkheid"])
def test_targeted_responded_and_rate_per_class_equal_a_crosstab(response, frame, attribute):
    mine = response[(response["attribute"] == attribute) & (response["row_type"] == "category")]
    table = pd.crosstab(frame[attribute], frame["responded"])
    assert mine["category"].tolist() == table.index.tolist()
    assert mine["targeted"].tolist() == table.sum(axis=1).tolist()
    assert mine["responded"].tolist() == table[True].tolist()
    np.testing.assert_allclose(mine["response_rate"], (100 * table[True] / table.sum(axis=1)).round(4), atol=1e-9)


def test_the_two_class_test_is_fishers_exact_test(response, frame):
    row = response[(response["attribute"] == "stedelijkheid") & (response["row_type"] == "attribute")].iloc[0]
    table = pd.crosstab(frame["stedelijkheid"], frame["responded"]).to_numpy()
    assert row["test"] == "Fisher exact (2 x 2)"
    assert row["p_value"] == pytest.approx(stats.fisher_exact(table)[1], rel=1e-12)


def test_the_three_class_test_equals_a_brute_force_enumeration(response, frame):
    row = response[(response["attribute"] == "grootteklasse") & (response["row_type"] == "attribute")].iloc[0]
    sizes = frame.groupby("grootteklasse").size().to_numpy()
    observed = frame.groupby("grootteklasse")["responded"].sum().to_numpy()
    total, n = int(observed.sum()), int(sizes.sum())

    def prob(x):
        return comb(int(sizes[0]), x[0]) * comb(int(sizes[1]), x[1]) * comb(int(sizes[2]), x[2]) / comb(n, total)

    p_obs = prob(observed)
    p = sum(prob((a, b, total - a - b)) for a in range(sizes[0] + 1) for b in range(sizes[1] + 1)
            if 0 <= total - a - b <= sizes[2] and prob((a, b, total - a - b)) <= p_obs * (1 + 1e-7))
    assert row["p_method"] == "exact"
    assert row["p_value"] == pytest.approx(p, rel=1e-9)
    assert row["p_value"] < 0.001   # response is uneven by size class, on purpose


def test_the_r_indicator_is_one_minus_twice_the_sd_of_logistic_propensities(response, frame):
    row = response[response["row_type"] == "overall"].iloc[0]
    fit = smf.logit("responded ~ C(provincie) + C(grootteklasse) + C(stedelijkheid)",
                    frame.assign(responded=frame["responded"].astype(int))).fit(disp=0)
    expected = 1 - 2 * np.std(fit.predict(), ddof=1)
    assert row["r_indicator"] == pytest.approx(expected, abs=1e-4)   # the table rounds to 4 decimals
    assert 0 < row["r_se"] < 0.2 and row["r_ci_lower"] < row["r_indicator"] < row["r_ci_upper"]
    assert (row["targeted"], row["responded"]) == (342, 120)
