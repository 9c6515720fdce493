"""Loading a whole study (survey_inventory/load/study.py)."""

from survey_inventory.codebook import load_codebook
from survey_inventory.load import load_study
from conftest import MINI_ROWS, write_study


def test_bundled_study_loads(bundled_codebook):
    study = load_study(bundled_codebook)
    counts = study.respondents.groupby("respondent_type").size().to_dict()
    assert counts == {"amr": 27, "fund": 9, "province": 9}
    assert study.problems.empty
    assert set(study.responses["status"].astype(str)) <= {"valid", "missing", "not_asked"}


def test_inputs_are_not_modified(bundled_codebook):
    from survey_inventory.export import file_sha256

    paths = [bundled_codebook.source_path(s) for s in bundled_codebook.sources]
    before = [file_sha256(p) for p in paths]
    load_study(bundled_codebook)
    assert [file_sha256(p) for p in paths] == before




def test_misspelt_column_suggests_the_close_one(tmp_path):
    rows = [MINI_ROWS[0].replace(";fam;", ";famm;")] + MINI_ROWS[1:]
    problems = load_study(load_codebook(write_study(tmp_path, rows))).problems
    msg = problems.loc[problems["check"] == "missing_column", "message"].iloc[0]
    assert "column 'fam' of item 'fam' is not in the file (a column 'famm' is" in msg
