"""weighted_distributions.csv (issue 16): the llo study analysed end to end with its frame."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from conftest import BUNDLED, ROOT
from survey_inventory.estimate.weighted import WEIGHTED_COLUMNS
from survey_inventory.export.manifest import weighting_record
from survey_inventory.stats.weighted import weighted_distribution
from survey_inventory.stats.weights import poststratify

LLO = ROOT / "surveys" / "llo-2026"


@pytest.fixture(scope="module")
def result(llo_run_nl):
    """The session's run of the llo study (conftest.py)."""
    return llo_run_nl


@pytest.fixture(scope="module")
def weighted(result):
    return result.tables["weighted_distributions"]


@pytest.fixture(scope="module")
def answers():
    """Each municipality's size class and answers, read from the files directly."""
    frame = pd.read_csv(LLO / "gemeenten_frame.csv", dtype=str)
    data = pd.read_csv(LLO / "gemeenten.csv", sep=";", encoding="cp1252", dtype=str, keep_default_na=False)
    return data.merge(frame[["gm_code", "grootteklasse"]], on="gm_code", how="left"), frame


def test_only_the_framed_type_is_weighted_and_the_columns_are_stable(weighted):
    assert weighted.columns.tolist() == WEIGHTED_COLUMNS
    assert set(weighted["respondent_type"]) == {"gemeente"}
    assert set(weighted["weighting"]) == {"post-stratified on grootteklasse (3 cells)"}
    assert (weighted["population_n"] == 342).all() and (weighted["sample_n"] == 120).all()


def test_weighted_and_unweighted_figures_differ_visibly(weighted):
    gap = (weighted["w_percent"] - weighted["percent_exact"]).abs()
    assert gap.max() > 4      # percentage points
    known = weighted.query("item == 'zorg_known' and category == '1'").iloc[0]
    assert known["percent_exact"] == pytest.approx(100 * 71 / 120, abs=1e-4)
    assert known["w_percent"] < known["percent_exact"] - 4   # small municipalities answered less and know it less


def test_a_whole_sample_item_equals_the_post_stratified_textbook_estimate(weighted, answers):
    data, frame = answers
    N_h = frame["grootteklasse"].value_counts()
    p_h = data.groupby("grootteklasse")["bek_zorg"].apply(lambda s: (s == "1").mean())
    expected = 100 * (N_h * p_h).sum() / N_h.sum()   # sum_h N_h p_h / N (Holt & Smith 1979)
    row = weighted.query("item == 'zorg_known' and category == '1'").iloc[0]
    assert row["w_percent"] == pytest.approx(expected, abs=1e-4)
    assert row["w_count"] == pytest.approx(expected / 100 * 342, abs=1e-3)


def test_every_weighted_row_equals_stats_weighted_on_the_same_design(result, weighted, answers):
    data, frame = answers
    design = poststratify(data["grootteklasse"].to_numpy(), frame["grootteklasse"].value_counts(), population=342,
                          name="grootteklasse")
    cb = result.codebook
    for item_id, rows in weighted.groupby("item", sort=False):
        item = cb.item(item_id)
        cats = cb.report_categories(item)
        of = {str(c): cat["id"] for cat in cats for c in cat["codes"]}
        category = data[item.column].map(of)           # NaN: not asked, missing code or empty
        inside = category.notna().to_numpy()
        expected = weighted_distribution(category.to_numpy(dtype=object), design,
                                         domain=None if inside.all() else inside,
                                         categories=[c["id"] for c in cats], method="logit")
        np.testing.assert_allclose(rows["w_percent"], 100 * expected["estimate"], atol=1e-4, err_msg=item_id)
        np.testing.assert_allclose(rows["w_ci_lower"], 100 * expected["ci_lower"], atol=1e-4, err_msg=item_id)
        np.testing.assert_allclose(rows["w_ci_upper"], 100 * expected["ci_upper"], atol=1e-4, err_msg=item_id)
        np.testing.assert_allclose(rows["w_se"], 100 * expected["se"], atol=1e-4, err_msg=item_id)
        assert rows["count"].tolist() == expected["count"].astype(int).tolist()


def test_routed_items_are_domains_of_the_whole_sample(weighted):
    used = weighted.query("item == 'zorg_used'")
    assert used["domain"].all() and (used["base_n"] == 71).all()
    assert used["w_ci_method"].str.contains("domain of n=120, df=70").all()


def test_bounds_worst_case_equal_distributions_and_sensitivity_lies_within(result, weighted):
    dist = result.tables["distributions"].query("respondent_type == 'gemeente'").reset_index(drop=True)
    np.testing.assert_allclose(weighted[["wc_lower", "wc_upper"]], dist[["wc_lower", "wc_upper"]], atol=1e-9)
    # P = (k + m q)/(n + m) with q = p +- 0.10 (clipped): by hand for zorg_known 'ja' (71 of 120, N = 342)
    row = weighted.query("item == 'zorg_known' and category == '1'").iloc[0]
    p, m = 71 / 120, 342 - 120
    assert row["sens_lower"] == pytest.approx(100 * (71 + m * (p - 0.1)) / 342, abs=1e-4)
    assert row["sens_upper"] == pytest.approx(100 * (71 + m * (p + 0.1)) / 342, abs=1e-4)
    assert (weighted["sens_lower"] >= weighted["wc_lower"] - 1e-9).all()
    assert (weighted["sens_upper"] <= weighted["wc_upper"] + 1e-9).all()


def test_the_manifest_records_scheme_and_weight_range(weighted, answers):
    data, frame = answers
    record = weighting_record(weighted)["gemeente"]
    ratio = frame["grootteklasse"].value_counts() / data["grootteklasse"].value_counts()
    assert record["scheme"] == "post-stratified on grootteklasse (3 cells)"
    assert record["weight_min"] == pytest.approx(ratio.min(), abs=1e-4)
    assert record["weight_max"] == pytest.approx(ratio.max(), abs=1e-4)


def test_the_unweighted_distributions_of_the_frame_type_are_unchanged(result):
    dist = result.tables["distributions"].query("item == 'zorg_known' and respondent_type == 'gemeente'")
    assert dist["count"].tolist() == [71, 39, 10] and (dist["population_n"] == 342).all()


def test_a_study_without_frames_gets_no_weighted_tables():
    from survey_inventory.analyze import AnalysisOptions, estimate_all
    from survey_inventory.codebook import load_codebook
    from survey_inventory.load import load_study
    from survey_inventory.load.frame import load_frames

    study = load_study(load_codebook(BUNDLED))
    frames, problems = load_frames(study)
    assert frames == {} and problems.empty
    tables = estimate_all(study, AnalysisOptions(), frames=frames)
    assert "response" not in tables and "weighted_distributions" not in tables


def test_min_cell_empties_the_same_cells_in_the_weighted_table(result):
    from survey_inventory.privacy import apply_min_cell

    tables = apply_min_cell(result.tables, 10)   # as analyze --min-cell 10 does
    w, d = tables["weighted_distributions"], tables["distributions"].query("respondent_type == 'gemeente'")
    assert w["suppressed"].tolist() == d["suppressed"].tolist() and w["suppressed"].any()
    assert w.loc[w["suppressed"], ["w_percent", "w_ci_lower", "sens_lower"]].isna().all().all()


@pytest.mark.parametrize("weighting", [
    {"method": "rake", "attributes": ["grootteklasse", "stedelijkheid"]},
    {"method": "none"},
])
def test_type_design_raking_trimming_and_none_equal_the_stats_functions(answers, weighting):
    from dataclasses import replace

    from survey_inventory.codebook import load_codebook
    from survey_inventory.codebook.model import Weighting
    from survey_inventory.estimate.weighted import type_design
    from survey_inventory.load import load_study
    from survey_inventory.load.frame import load_frames
    from survey_inventory.stats.design import srs_design
    from survey_inventory.stats.weights import rake

    data, frame_file = answers
    study = load_study(load_codebook(ROOT / "codebooks" / "llo-2026.yaml"))
    frame = replace(load_frames(study)[0]["gemeente"], weighting=Weighting.model_validate(weighting))
    design = type_design(frame, data["gm_code"])
    if weighting["method"] == "none":
        expected = srs_design(120, population=342)
    else:
        strat = data.merge(frame_file[["gm_code", "stedelijkheid"]], on="gm_code")
        expected = rake({a: strat[a].to_numpy() for a in weighting["attributes"]},
                        {a: frame_file[a].value_counts() for a in weighting["attributes"]})
    np.testing.assert_allclose(design.weights, expected.weights, rtol=1e-12)
    assert design.scheme == expected.scheme
    assert design.weights.sum() == pytest.approx(342)


def test_trim_bounds_the_size_classes_cannot_meet_are_a_one_line_error(answers):
    # every small municipality needs weight 131/33 = 3.97 on average: a cap of 3.5 cannot hold with the margins
    from dataclasses import replace

    from survey_inventory.codebook import load_codebook
    from survey_inventory.codebook.model import Weighting
    from survey_inventory.errors import SurveyInputError
    from survey_inventory.estimate.weighted import type_design
    from survey_inventory.load import load_study
    from survey_inventory.load.frame import load_frames

    study = load_study(load_codebook(ROOT / "codebooks" / "llo-2026.yaml"))
    weighting = Weighting(method="poststratify", attributes=["grootteklasse"], trim=(1.5, 3.5))
    frame = replace(load_frames(study)[0]["gemeente"], weighting=weighting)
    with pytest.raises(SurveyInputError) as err:
        type_design(frame, answers[0]["gm_code"])
    assert str(err.value).startswith("weights cannot be kept within [1.5, 3.5] and calibrated at once")
    assert "\n" not in str(err.value)
