"""Open questions and multi-response sets (survey_inventory/load/extras.py)."""
import copy


from survey_inventory.codebook import load_codebook
from survey_inventory.load import load_study
from conftest import MINI, MINI_ROWS, write_study


def _open_text_study(tmp_path, rows):
    cb = copy.deepcopy(MINI)
    cb["open_text"] = [{"id": "why", "column": "why", "label": "Toelichting", "sector": "care",
                        "respondent_types": ["amr"]}]
    return load_study(load_codebook(write_study(tmp_path, rows, codebook=cb)))


def test_open_text_is_loaded_per_respondent(tmp_path):
    rows = [MINI_ROWS[0] + ";why"] + [r + ";" for r in MINI_ROWS[1:4]] + \
        ['a1;2;1;1;" Jan; belt ons "', "a2;2;2;3;"]
    study = _open_text_study(tmp_path, rows)
    assert study.open_text.to_dict("records") == [
        {"respondent_id": "a1", "respondent_type": "amr", "item": "why", "sector": "care", "text": "Jan; belt ons"}]


def test_open_text_column_missing_is_an_error(tmp_path):
    problems = _open_text_study(tmp_path, MINI_ROWS).problems
    p = problems[problems["check"] == "missing_column"].iloc[0]
    assert (p["column"], p["item"], p["severity"]) == ("why", "why", "error")
