"""Distributions (survey_inventory.estimate.distributions): what the function accepts,
and that its shares are the statistics' proportions as percentages (0-100).

The bundled study's numbers against the printed report are in test_bundled.py.
"""
from __future__ import annotations

import doctest
import importlib

import numpy as np
import pandas as pd
import pytest

from survey_inventory.errors import SurveyInputError
from survey_inventory.estimate import DISTRIBUTION_COLUMNS, distributions
from survey_inventory.load import load_study
from survey_inventory.stats.intervals import proportion_ci, worst_case_bounds


@pytest.fixture(scope="module")
def bundled_study(bundled_codebook):
    return load_study(bundled_codebook)


def test_a_loaded_study_is_accepted_as_its_responses(bundled_study, bundled_codebook):
    """``si.distributions(study, cb)`` used to fail with "'Study' object has no attribute 'columns'"."""
    from_study = distributions(bundled_study, bundled_codebook)
    from_table = distributions(bundled_study.responses, bundled_codebook)
    assert list(from_study.columns) == DISTRIBUTION_COLUMNS and len(from_study) > 50
    pd.testing.assert_frame_equal(from_study, from_table)
    # and through the package's lazy public API
    import survey_inventory as si

    pd.testing.assert_frame_equal(si.distributions(bundled_study, bundled_codebook), from_table)


def test_something_else_is_refused_in_one_line(bundled_codebook):
    with pytest.raises(SurveyInputError, match="responses must be the tidy table") as info:
        distributions([1, 2, 3], bundled_codebook)
    assert "\n" not in str(info.value)


def test_beta_is_refused_as_ambiguous(bundled_study, bundled_codebook):
    with pytest.raises(SurveyInputError, match=r"method 'beta' is ambiguous: use 'clopper-pearson' \(statsmodels' "
                                               r"beta\) or 'korn-graubard' \(R survey's svyciprop beta\)"):
        distributions(bundled_study, bundled_codebook, ci_method="beta")


@pytest.mark.parametrize("method", ["auto", "korn-graubard", "wilson"])
def test_percentages_are_the_proportions_times_100(bundled_study, bundled_codebook, method):
    """Every interval column of distributions.csv is 100 x the statistic's proportion (rounded to
    4 decimals); percent_exact is 100 k / n."""
    d = distributions(bundled_study, bundled_codebook, ci_method=method)
    population = pd.to_numeric(d["population_n"], errors="coerce").to_numpy(dtype=float)
    sample = np.where(d["domain"], d["sample_n"].to_numpy(dtype=float), np.nan)
    ci = proportion_ci(d["count"], d["base_n"], population=population, sample_n=sample, method=method)
    wc = worst_case_bounds(d["count"], d["base_n"], population, sample_n=sample)
    np.testing.assert_allclose(d["ci_lower"], (100 * ci["ci_lower"]).round(4), atol=0)
    np.testing.assert_allclose(d["ci_upper"], (100 * ci["ci_upper"]).round(4), atol=0)
    np.testing.assert_allclose(d["wc_upper"], (100 * wc["wc_upper"]).round(4), atol=0)
    assert (d["ci_method"] == ci["ci_method"]).all()
    ok = d["base_n"] > 0
    np.testing.assert_allclose(d.loc[ok, "percent_exact"], (100 * d.loc[ok, "count"] / d.loc[ok, "base_n"]).round(4))
    assert d["ci_upper"].max() > 1  # percentages, not proportions
    assert d.groupby(["item", "respondent_type"])["percent"].sum().between(98, 102).all()


def test_docstring_examples_run():
    module = importlib.import_module("survey_inventory.estimate.distributions")
    result = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted >= 3 and result.failed == 0
