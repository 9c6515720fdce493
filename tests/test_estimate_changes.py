"""changes.csv and homogeneity.csv of the bundled follow-up, checked against the statistics on the raw files."""

import numpy as np
import pandas as pd
import pytest
from statsmodels.stats.multitest import multipletests

from survey_inventory.codebook import Codebook, load_codebook
from survey_inventory.codebook.waves import wave_codebook
from survey_inventory.estimate.changes import CHANGE_COLUMNS, cell_population, homogeneity, wave_changes
from survey_inventory.load.waves import load_waves
from survey_inventory.stats.change import change_ci, linked_counts
from survey_inventory.stats.marginal import marginal_homogeneity
from conftest import ROOT

WAVES = ROOT / "codebooks" / "bartels-2025-waves.yaml"
FAMILIARITY = {"1": "good", "2": "good", "3": "fair", "4": "poor", "5": "poor"}


@pytest.fixture(scope="module")
def run():
    cb = load_codebook(WAVES)
    studies = load_waves(cb)
    return cb, studies, wave_changes(studies, cb), homogeneity(studies, cb)


def _raw_familiarity(folder, column, type_code):
    """Unit -> report category, read straight from a questionnaire file (no package code)."""
    raw = pd.read_csv(ROOT / "surveys" / folder / "digital_questionnaire.csv", sep=";", encoding="utf-8-sig",
                      dtype=str, keep_default_na=False)
    raw = raw[(raw["type"] == type_code) & raw[column].isin(list(FAMILIARITY))]
    return raw.set_index("respondent_id")[column].map(FAMILIARITY)


def test_columns_are_the_issues(run):
    _, _, changes, _ = run
    assert list(changes.columns[:16]) == ["figure", "sector", "respondent_type", "measure", "category", "wave_from",
                                          "wave_to", "percent_from", "percent_to", "change", "ci_lower", "ci_upper",
                                          "ci_method", "n_paired", "n_from_only", "n_to_only"]
    assert list(changes.columns) == CHANGE_COLUMNS
    # one row per figure cell: 8 items x 3 types x their categories (3 collapsed, 4 involvement)
    assert len(changes) == 4 * 3 * 3 + 4 * 3 * 4


@pytest.mark.parametrize("column, item, type_code, type_id, population", [
    ("bek_zorg", "care_familiarity", "1", "province", 12),
    ("bek_ict", "ict_familiarity", "2", "amr", 35),
])
def test_rows_equal_the_statistics_on_the_raw_files(run, column, item, type_code, type_id, population):
    _, _, changes, _ = run
    a = _raw_familiarity("bartels-2025", column, type_code)
    b = _raw_familiarity("bartels-2025-w2", column, type_code)
    for cat in ("good", "fair", "poor"):
        expected = change_ci(**linked_counts((a == cat).astype(int), (b == cat).astype(int)),
                             population=population).iloc[0]
        row = changes[(changes["item"] == item) & (changes["respondent_type"] == type_id)
                      & (changes["category"] == cat)].iloc[0]
        assert row["percent_from"] == pytest.approx(100 * (a == cat).mean(), abs=1e-12)
        assert row["percent_to"] == pytest.approx(100 * (b == cat).mean(), abs=1e-12)
        for col in ("change", "ci_lower", "ci_upper"):
            assert row[col] == pytest.approx(100 * expected[col], abs=1e-12)
        assert row["ci_method"] == expected["ci_method"]
        assert (row["n_paired"], row["n_from_only"], row["n_to_only"]) == (
            expected["n_paired"], expected["n_from_only"], expected["n_to_only"])


def test_provinces_are_partially_paired(run):
    _, _, changes, _ = run
    prov = changes[(changes["respondent_type"] == "province") & (changes["item"] == "care_familiarity")]
    assert set(zip(prov["n_paired"], prov["n_from_only"], prov["n_to_only"])) == {(8, 1, 1)}


@pytest.mark.slow  # analyses each wave of the bundled two-wave study
def test_percentages_are_those_of_each_waves_own_distributions(run):
    from survey_inventory.analyze import AnalysisOptions, estimate_all
    from survey_inventory.load import load_study

    cb, _, changes, _ = run
    for wave, column in (("w1", "percent_from"), ("w2", "percent_to")):
        # the wave's own study, loaded and estimated as analyze does (its comparisons are not needed here)
        study = load_study(wave_codebook(cb, wave))
        dist = estimate_all(study, AnalysisOptions(), with_comparisons=False)["distributions"]
        if wave == "w2":  # the wave's own figures show its own code 8 for "Weet ik niet" (shared code 4)
            dist = dist.assign(category=dist["category"].astype(str).replace({"8": "4"}))
        merged = changes.merge(dist, on=["item", "respondent_type", "category"])
        assert len(merged) == len(changes)
        assert np.allclose(merged[column], merged["percent_exact"], atol=1e-4)


def test_routed_items_leave_the_population_out(run):
    cb, *_ = run
    assert cell_population(cb, cb.item("tech_familiarity"), "fund", "w1", "w2") == 10
    assert cell_population(cb, cb.item("tech_involvement"), "fund", "w1", "w2") is None


def test_incomparable_items_are_refused_not_compared(run):
    cb, studies, _, _ = run
    data = cb.model_dump(exclude={"path", "sha256"})
    data["follow_up"]["waves"][1]["category_map"] = {}
    broken = Codebook.model_validate(data).model_copy(update={"path": cb.path})
    changes = wave_changes(studies, broken)
    assert not changes["item"].str.endswith("_involvement").any()
    assert changes.attrs["refused"][0] == ("item 'care_involvement': scale 'involvement' differs in wave 'w2' and no "
                                           "category_map says how its codes match the shared scale: not compared")


def test_homogeneity_is_the_marginal_test_with_holm_over_the_pair(run):
    _, _, _, hom = run
    a = _raw_familiarity("bartels-2025", "bek_zorg", "2")
    b = _raw_familiarity("bartels-2025-w2", "bek_zorg", "2")
    both = pd.concat([a, b], axis=1, join="inner")
    cats = ["good", "fair", "poor"]
    table = [[int(((both.iloc[:, 0] == r) & (both.iloc[:, 1] == c)).sum()) for c in cats] for r in cats]
    row = hom[(hom["item"] == "care_familiarity") & (hom["respondent_type"] == "amr")].iloc[0]
    assert row["p_value"] == pytest.approx(float(marginal_homogeneity(table).iloc[0]["p_value"]), abs=1e-12)
    tested = hom.dropna(subset=["p_value"])
    assert np.allclose(tested["p_holm"], multipletests(tested["p_value"], method="holm")[1])
