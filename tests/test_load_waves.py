"""Loading every wave of the bundled follow-up and putting the answers on the shared codes."""
import pandas as pd
import pytest

from survey_inventory.codebook import load_codebook
from survey_inventory.codebook.read import CodebookError
from survey_inventory.load.waves import SHARED_COLUMNS, load_waves, shared_answers
from conftest import BUNDLED, ROOT

WAVES = ROOT / "codebooks" / "bartels-2025-waves.yaml"
W2 = ROOT / "surveys" / "bartels-2025-w2"


@pytest.fixture(scope="module")
def loaded():
    cb = load_codebook(WAVES)
    return cb, load_waves(cb)


def test_each_wave_is_loaded_from_its_own_files(loaded):
    cb, studies = loaded
    ids = {w: set(s.respondents["respondent_id"]) for w, s in studies.items()}
    assert "PRV-05" in ids["w1"] and "PRV-05" not in ids["w2"]      # did not answer again
    assert "PRV-10" in ids["w2"] and "PRV-10" not in ids["w1"]      # answered only the second time
    assert len(ids["w1"] & ids["w2"]) == 44
    raw = pd.read_csv(W2 / "digital_questionnaire.csv", sep=";", encoding="utf-8-sig", dtype=str)
    funds = pd.read_csv(W2 / "fund_interviews.csv", sep=";", dtype=str)
    assert ids["w2"] == set(raw["respondent_id"]) | set(funds["fonds_id"])


def test_the_relabelled_and_renumbered_category_is_mapped_to_the_shared_code(loaded):
    cb, studies = loaded
    raw = pd.read_csv(W2 / "digital_questionnaire.csv", sep=";", encoding="utf-8-sig", dtype=str)
    dont_know = raw.loc[raw["betr_zorg"] == "8", "respondent_id"]
    assert len(dont_know) > 0                                         # the file really uses code 8
    w2 = shared_answers(studies["w2"], cb, "w2")
    care = w2[w2["item"] == "care_involvement"].set_index("unit")
    assert (care.loc[list(dont_know), "code"] == "4").all()
    assert (care.loc[list(dont_know), "category"] == "4").all()
    assert "8" not in set(w2["code"])
    assert list(w2.columns) == SHARED_COLUMNS


def test_shared_answers_of_the_baseline_are_its_report_categories(loaded):
    cb, studies = loaded
    w1 = shared_answers(studies["w1"], cb, "w1")
    valid = studies["w1"].responses.query("status == 'valid'")
    assert len(w1) == len(valid)
    ours = w1.set_index(["unit", "item"])["category"].sort_index()
    theirs = valid.assign(unit=valid["respondent_id"].astype(str), item=valid["item"].astype(str)).set_index(
        ["unit", "item"])["category"].astype(str).sort_index()
    assert ours.index.equals(theirs.index)
    assert (ours.to_numpy() == theirs.to_numpy()).all()


def test_a_codebook_without_waves_is_refused_in_one_line():
    with pytest.raises(CodebookError, match="no follow_up section") as err:
        load_waves(load_codebook(BUNDLED))
    assert "\n" not in str(err.value)
