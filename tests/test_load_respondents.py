"""Respondent checks (survey_inventory/load/respondents.py): id column, second header rows, SPSS labels."""
import copy


from survey_inventory.codebook import load_codebook
from survey_inventory.load import load_study
from conftest import MINI, MINI_ROWS, write_study
from load_helpers import load_error, write_sav


def test_sav_value_labels_that_disagree_are_reported(tmp_path):
    path = write_study(tmp_path, filename="data.sav", raw=b"")
    write_sav(tmp_path / "data.sav", labels={"fam": {1: "Slecht", 2: "Redelijk", 3: "Zeer slecht"}})
    problems = load_study(load_codebook(path)).problems
    bad = problems[problems["check"] == "label_mismatch"]
    assert len(bad) == 1
    assert bad.iloc[0]["column"] == "fam" and bad.iloc[0]["value"] == "Slecht"
    assert "code 1" in bad.iloc[0]["message"] and "'Goed'" in bad.iloc[0]["message"]


def test_wrong_delimiter_says_so(tmp_path):
    """A ','-separated file while the codebook says ';' used to give only 'respondent-id
    column missing'; the message now says which delimiter the header uses."""
    cb = copy.deepcopy(MINI)
    cb["sources"][0]["delimiter"] = ";"
    msg = load_error(write_study(tmp_path, [r.replace(";", ",") for r in MINI_ROWS], codebook=cb))
    assert "looks ','-separated but the codebook says ';'" in msg and "row 1" in msg


def test_second_header_row_in_csv(tmp_path):
    rows = MINI_ROWS[:1] + ["ID;Soort;Bekendheid;Betrokkenheid"] + MINI_ROWS[1:]
    msg = load_error(write_study(tmp_path, rows))
    assert "row 2" in msg and "second header row" in msg


def test_second_header_row_in_xlsx(tmp_path):
    """Multi-row Excel headers (variable names, then question texts) used to load the
    question texts as a respondent with 'text in a numeric column' errors."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["id", "type", "fam", "inv"])
    sheet.append(["Respondent", "Soort", "Hoe goed kent u ...?", "Hoe betrokken bent u ...?"])
    for line in MINI_ROWS[1:]:
        sheet.append([int(v) if v.isdigit() else (v or None) for v in line.split(";")])
    path = write_study(tmp_path, filename="data.xlsx", raw=b"")
    book.save(tmp_path / "data.xlsx")
    msg = load_error(path)
    assert "data.xlsx, row 2" in msg and "second header row" in msg


def test_a_respondent_with_some_text_answers_is_not_a_header(tmp_path):
    rows = MINI_ROWS[:1] + ["p1;1;goed;1"] + MINI_ROWS[2:]
    study = load_study(load_codebook(write_study(tmp_path, rows)))
    assert len(study.respondents) == 5
