"""indices.csv and targets.csv: indices by hand, targets judged from the interval, never the point."""
import numpy as np
import pandas as pd
import pytest

from survey_inventory.codebook import load_codebook
from survey_inventory.estimate.targets import TARGET_COLUMNS, evaluate_targets, index_means, index_values
from survey_inventory.load.waves import load_waves, shared_answers
from survey_inventory.stats.targets import mean_ci, paired_mean_change_ci, proportion_target
from conftest import ROOT

WAVES = ROOT / "codebooks" / "bartels-2025-waves.yaml"
COLUMNS = ["bek_zorg", "bek_groen", "bek_techniek", "bek_ict"]


@pytest.fixture(scope="module")
def run():
    cb = load_codebook(WAVES)
    studies = load_waves(cb)
    return cb, studies, evaluate_targets(studies, cb), index_means(studies, cb)


def _raw_index(folder, type_code):
    """The familiarity index by hand from a questionnaire file: codes 1 (best) .. 5 -> 100 .. 0, 9 missing,
    the mean over the answered items, at least 3 of 4."""
    raw = pd.read_csv(ROOT / "surveys" / folder / "digital_questionnaire.csv", sep=";", encoding="utf-8-sig",
                      dtype=str, keep_default_na=False)
    raw = raw[raw["type"] == type_code].set_index("respondent_id")[COLUMNS]
    scores = raw.apply(lambda col: col.map(lambda c: 100 * (5 - int(c)) / 4 if c in "12345" and c else np.nan))
    index = scores.mean(axis=1)
    return index[scores.notna().sum(axis=1) >= 3]


def test_index_per_unit_by_hand(run):
    cb, studies, *_ = run
    ours = index_values(shared_answers(studies["w1"], cb, "w1"), cb, "familiarity_index")
    ours = ours[ours["respondent_type"] == "amr"].set_index("unit")["index"].dropna()
    expected = _raw_index("bartels-2025", "2")
    assert ours.sort_index().index.equals(expected.sort_index().index)
    assert np.allclose(ours.sort_index(), expected.sort_index())


def test_index_means_are_the_finite_population_means(run):
    cb, _, _, means = run
    row = means[(means["respondent_type"] == "province") & (means["wave"] == "w2")].iloc[0]
    expected = mean_ci(_raw_index("bartels-2025-w2", "1").to_numpy(), population=12).iloc[0]
    assert (row["n"], row["ci_method"]) == (expected["n"], expected["ci_method"])
    for col in ("mean", "ci_lower", "ci_upper"):
        assert row[col] == pytest.approx(expected[col], abs=1e-12)


def test_index_change_target_uses_the_paired_relative_interval(run):
    _, _, targets, _ = run
    assert list(targets.columns) == TARGET_COLUMNS
    row = targets.set_index("target").loc["familiarity_up_15"]
    res = paired_mean_change_ci(_raw_index("bartels-2025", "2"), _raw_index("bartels-2025-w2", "2"),
                                population=35).iloc[0]
    assert row["estimate"] == pytest.approx(100 * res["relative_change"], abs=1e-10)
    assert (row["ci_lower"], row["ci_upper"]) == pytest.approx((100 * res["rel_lower"], 100 * res["rel_upper"]))
    assert row["ci_lower"] >= row["threshold"] and row["status"] == "reached" and row["status_label"] == "gehaald"


def test_share_target_uses_the_exact_interval(run):
    _, _, targets, _ = run
    row = targets.set_index("target").loc["ict_known_60"]
    raw = pd.read_csv(ROOT / "surveys" / "bartels-2025-w2" / "digital_questionnaire.csv", sep=";",
                      encoding="utf-8-sig", dtype=str, keep_default_na=False)
    amr = raw.loc[(raw["type"] == "2") & raw["bek_ict"].isin(list("12345")), "bek_ict"]
    expected = proportion_target(int(amr.isin(["1", "2"]).sum()), len(amr), 0.60, population=35).iloc[0]
    assert row["estimate"] == pytest.approx(100 * expected["estimate"])
    assert (row["ci_lower"], row["ci_upper"]) == pytest.approx((100 * expected["ci_lower"], 100 * expected["ci_upper"]))
    assert row["status"] == expected["status"] == "not_reached"


def test_status_comes_from_the_interval_not_the_point(run):
    _, _, targets, _ = run
    row = targets.set_index("target").loc["province_familiarity_up_5"]
    assert row["estimate"] > row["threshold"]                     # the point says "reached" ...
    assert row["ci_lower"] < row["threshold"] < row["ci_upper"]   # ... the interval does not
    assert row["status"] == "not_yet_clear"
    for r in targets.itertuples():
        expected = ("reached" if r.ci_lower >= r.threshold else "not_reached" if r.ci_upper < r.threshold
                    else "not_yet_clear")
        assert r.status == expected
