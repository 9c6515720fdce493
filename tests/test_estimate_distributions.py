"""Distributions (survey_inventory.estimate.distributions): what the function accepts,
and that its shares are the statistics' proportions as percentages (0-100).

The bundled study's numbers against the printed report are in test_bundled.py.
"""
from __future__ import annotations


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
    # a routed item is a domain; who is in it is known for the respondents less those asked who did not answer
    sample = np.where(d["domain"], (d["sample_n"] - d["item_missing_n"]).to_numpy(dtype=float), np.nan)
    ci = proportion_ci(d["count"], d["base_n"], population=population, sample_n=sample,
                       domain=d["domain"].to_numpy(dtype=bool), method=method)
    wc = worst_case_bounds(d["count"], d["base_n"], population, sample_n=sample)
    np.testing.assert_allclose(d["ci_lower"], (100 * ci["ci_lower"]).round(4), atol=0)
    np.testing.assert_allclose(d["ci_upper"], (100 * ci["ci_upper"]).round(4), atol=0)
    np.testing.assert_allclose(d["wc_upper"], (100 * wc["wc_upper"]).round(4), atol=0)
    assert (d["ci_method"] == ci["ci_method"]).all()
    ok = d["base_n"] > 0
    np.testing.assert_allclose(d.loc[ok, "percent_exact"], (100 * d.loc[ok, "count"] / d.loc[ok, "base_n"]).round(4))
    assert d["ci_upper"].max() > 1  # percentages, not proportions
    assert d.groupby(["item", "respondent_type"])["percent"].sum().between(98, 102).all()


# --- routed items are domains (issue 18, point 3) -------------------------------------------
def _routed_study(missing_answers: int):
    """Ten units, eight responded; all eight were asked the routed item, ``missing_answers``
    of them did not answer it; two of the answering ones say 'Ja'."""
    from survey_inventory.codebook import codebook_from_dict

    cb = codebook_from_dict({
        "study": {"id": "demo", "title": "Demo"},
        "respondent_types": [{"id": "fund", "label": "fondsen", "population": 10}],
        "sources": [{"id": "s", "file": "s.csv", "id_column": "id", "respondent_type": "fund"}],
        "scales": {"yn": {"codes": [{"code": 1, "label": "Ja"}, {"code": 2, "label": "Nee"}]}},
        "items": [{"id": "filter", "column": "f", "scale": "yn", "measure": "f"},
                  {"id": "q", "column": "q", "scale": "yn", "measure": "q", "asked_if": "filter == 1"}]})
    ids = [f"u{i}" for i in range(8)]
    answered = 8 - missing_answers
    codes = [1.0, 1.0] + [2.0] * (answered - 2)
    tidy = pd.DataFrame({
        "respondent_id": ids * 2, "respondent_type": "fund",
        "item": ["filter"] * 8 + ["q"] * 8,
        "status": ["valid"] * 8 + ["valid"] * answered + ["missing"] * missing_answers,
        "code": [1.0] * 8 + codes + [np.nan] * missing_answers})
    return distributions(tidy, cb).query("item == 'q' and category_label == 'Ja'").iloc[0]


def test_a_routed_item_asked_of_everyone_is_still_a_domain():
    row = _routed_study(0)
    assert bool(row["domain"])
    assert "domain (N_d = 8..10 of N=10)" in row["ci_method"]
    # as a domain its interval contains the one that treats the eight as a sample of all ten units
    plain = proportion_ci(2, 8, population=10)
    assert row["ci_lower"] <= 100 * plain.loc[0, "ci_lower"] + 1e-9
    assert row["ci_upper"] >= 100 * plain.loc[0, "ci_upper"] - 1e-9


def test_item_non_response_among_those_asked_widens_the_domain_and_the_bounds():
    # 2 of 4 answering; 4 asked did not answer and 2 units did not respond: 6 unknown units
    row = _routed_study(4)
    assert row["base_n"] == 4
    assert "domain (N_d = 4..10 of N=10)" in row["ci_method"]
    assert row["wc_lower"] == pytest.approx(100 * 2 / 10)
    assert row["wc_upper"] == pytest.approx(100 * 8 / 10)


@pytest.mark.slow  # two whole analyze runs on the command line
def test_a_closed_form_interval_on_routed_items_is_warned_about(mini_study, tmp_path):
    """Issue 18, point 5: logit / korn-graubard / mean undercover on domains; analyze says so in one
    line (also with -q) and in manifest.json; the exact default gives no such warning."""
    import json

    from click.testing import CliRunner

    from survey_inventory.cli import main

    out = tmp_path / "out"
    run = CliRunner().invoke(main, ["analyze", str(mini_study), "--out", str(out), "-q", "--ci-method", "logit"])
    assert run.exit_code == 0, run.output
    lines = [line for line in run.output.splitlines() if line.startswith("warning: ci-method logit")]
    assert len(lines) == 1 and "routed item" in lines[0] and "82%" in lines[0]
    assert json.loads((out / "manifest.json").read_text(encoding="utf-8"))["warnings"] == [lines[0][9:]]
    run = CliRunner().invoke(main, ["analyze", str(mini_study), "--out", str(tmp_path / "exact"), "-q"])
    assert run.exit_code == 0 and "ci-method" not in run.output
