"""Reading every supported format into the tidy table."""
import copy

import numpy as np
import pandas as pd
import pytest

from survey_inventory.codebook import load_codebook
from survey_inventory.load import LoadError, load_responses, load_study
from conftest import MINI, MINI_ROWS, write_study

TIDY_COLUMNS = ["respondent_id", "respondent_type", "source", "file", "row", "column", "sector", "item",
                "measure", "code", "raw", "status", "label", "category", "category_label"]


def _expected(tidy):
    t = tidy.astype({"item": str, "status": str, "respondent_type": str})
    return {(r.respondent_id, r.item): (r.status, None if pd.isna(r.code) else int(r.code)) for r in t.itertuples()}


EXPECTED = {
    ("p1", "fam"): ("valid", 1), ("p1", "inv"): ("valid", 1),
    ("p2", "fam"): ("valid", 2), ("p2", "inv"): ("valid", 2),
    ("p3", "fam"): ("valid", 3), ("p3", "inv"): ("not_asked", None),
    ("a1", "fam"): ("valid", 1), ("a1", "inv"): ("valid", 1),
    ("a2", "fam"): ("valid", 2), ("a2", "inv"): ("valid", 3),
}


@pytest.mark.parametrize("delimiter", [";", ","])
@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252"])
def test_csv_variants(tmp_path, delimiter, encoding):
    rows = [r.replace(";", delimiter) for r in MINI_ROWS]
    rows[1] = rows[1].replace("p1", "pé1")  # an accent that differs between encodings
    path = write_study(tmp_path, rows, encoding=encoding)
    tidy = load_responses(load_codebook(path))
    assert list(tidy.columns) == TIDY_COLUMNS
    got = _expected(tidy)
    assert got.pop(("pé1", "fam")) == ("valid", 1)
    assert got.pop(("pé1", "inv")) == ("valid", 1)
    assert got == {k: v for k, v in EXPECTED.items() if k[0] != "p1"}
    # rows are spreadsheet rows: header is row 1
    assert tidy.loc[tidy["respondent_id"] == "a2", "row"].unique().tolist() == [6]


def test_labels_and_categories(mini_study):
    tidy = load_responses(load_codebook(mini_study))
    rec = tidy[(tidy["respondent_id"] == "a2") & (tidy["item"] == "inv")].iloc[0]
    assert rec["label"] == "Weet ik niet" and rec["category"] == "3"


def test_xlsx(tmp_path):
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Data"
    for line in MINI_ROWS:
        sheet.append([int(v) if v.isdigit() else (v or None) for v in line.split(";")])
    cb = copy.deepcopy(MINI)
    cb["sources"][0]["sheet"] = "Data"
    path = write_study(tmp_path, codebook=cb, filename="data.xlsx", raw=b"")
    book.save(tmp_path / "data.xlsx")
    assert _expected(load_responses(load_codebook(path))) == EXPECTED


def test_xlsx_wrong_sheet(tmp_path):
    import openpyxl

    book = openpyxl.Workbook()
    book.active.append(["id", "type", "fam", "inv"])
    book.active.append(["p1", 1, 1, 1])
    cb = copy.deepcopy(MINI)
    cb["sources"][0]["sheet"] = "Antwoorden"
    path = write_study(tmp_path, codebook=cb, filename="data.xlsx", raw=b"")
    book.save(tmp_path / "data.xlsx")
    with pytest.raises(LoadError, match="no sheet named 'Antwoorden'"):
        load_responses(load_codebook(path))


def _write_sav(path, labels=None, missing=None):
    import pyreadstat

    df = pd.DataFrame({"id": ["p1", "p2", "p3", "a1", "a2"], "type": [1.0, 1, 1, 2, 2],
                       "fam": [1.0, 2, 3, 1, 9], "inv": [1.0, 2, np.nan, 1, 3]})
    pyreadstat.write_sav(
        df, str(path),
        variable_value_labels=labels or {"fam": {1: "Goed", 2: "Redelijk", 3: "Zeer slecht", 9: "Geen antwoord"},
                                         "inv": {1: "Actief betrokken", 2: "Niet betrokken", 3: "Weet ik niet"}},
        missing_ranges=missing if missing is not None else {"fam": [9]},
    )


def test_sav_with_user_missing(tmp_path):
    path = write_study(tmp_path, filename="data.sav", raw=b"")
    _write_sav(tmp_path / "data.sav")
    got = _expected(load_responses(load_codebook(path)))
    assert got[("a2", "fam")] == ("missing", 9)       # user-missing code honoured
    assert got[("a2", "inv")] == ("answered_not_asked", 3)  # filter missing -> not routed
    assert got[("p1", "inv")] == ("valid", 1)


def test_sav_value_labels_that_disagree_are_reported(tmp_path):
    path = write_study(tmp_path, filename="data.sav", raw=b"")
    _write_sav(tmp_path / "data.sav", labels={"fam": {1: "Slecht", 2: "Redelijk", 3: "Zeer slecht"}})
    problems = load_study(load_codebook(path)).problems
    bad = problems[problems["check"] == "label_mismatch"]
    assert len(bad) == 1
    assert bad.iloc[0]["column"] == "fam" and bad.iloc[0]["value"] == "Slecht"
    assert "code 1" in bad.iloc[0]["message"] and "'Goed'" in bad.iloc[0]["message"]


@pytest.mark.parametrize("raw, fragment", [
    (b"", "empty"),
    (b"id;type;fam;inv\n", "no data rows"),
    (b"type;fam;inv\n1;1;1\n", "respondent-id column 'id' is missing"),
    (b"id;;fam;inv\np1;1;1;1\n", "header cell 2 is empty"),
    (b"id;type;fam;fam\np1;1;1;1\n", "column name appears twice"),
])
def test_unreadable_files(tmp_path, raw, fragment):
    path = write_study(tmp_path, raw=raw)
    with pytest.raises(LoadError) as err:
        load_responses(load_codebook(path))
    assert fragment in str(err.value) and "data.csv" in str(err.value)


def test_missing_file(tmp_path):
    path = write_study(tmp_path, filename="data.csv", raw=b"x")
    (tmp_path / "data.csv").unlink()
    with pytest.raises(LoadError, match="file not found"):
        load_responses(load_codebook(path))


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


# -- bad input that used to load silently or with a misleading message -----------------

def _load_error(path) -> str:
    with pytest.raises(LoadError) as err:
        load_study(load_codebook(path))
    msg = str(err.value)
    assert "\n" not in msg
    return msg


def test_mixed_encodings_are_refused_with_the_line(tmp_path):
    """Protects against garbling: a UTF-8 file with one line pasted in from a cp1252
    export used to be decoded wholesale as cp1252, turning 'café' into 'cafÃ©'."""
    raw = ("\n".join(MINI_ROWS[:4]) + "\n").encode("utf-8") + "a1é;2;1;1\n".encode("cp1252") \
        + "a2é;2;2;3\n".encode("utf-8")
    msg = _load_error(write_study(tmp_path, raw=raw))
    assert "data.csv" in msg and "mixed encodings" in msg and "line 5 is not UTF-8" in msg


def test_pure_cp1252_still_loads(tmp_path):
    raw = ("\n".join(MINI_ROWS).replace("p1", "pé1") + "\n").encode("cp1252")
    ids = load_study(load_codebook(write_study(tmp_path, raw=raw))).respondents["respondent_id"]
    assert "pé1" in set(ids)


def test_declared_encoding_error_names_the_line(tmp_path):
    cb = copy.deepcopy(MINI)
    cb["sources"][0]["encoding"] = "utf-8"
    raw = ("\n".join(MINI_ROWS[:3]) + "\n").encode() + "p3é;1;3;\n".encode("cp1252")
    assert "line 4 is not utf-8" in _load_error(write_study(tmp_path, codebook=cb, raw=raw))


def test_wrong_delimiter_says_so(tmp_path):
    """A ','-separated file while the codebook says ';' used to give only 'respondent-id
    column missing'; the message now says which delimiter the header uses."""
    cb = copy.deepcopy(MINI)
    cb["sources"][0]["delimiter"] = ";"
    msg = _load_error(write_study(tmp_path, [r.replace(";", ",") for r in MINI_ROWS], codebook=cb))
    assert "looks ','-separated but the codebook says ';'" in msg and "row 1" in msg


def test_utf8_bom_with_declared_cp1252(tmp_path):
    """The BOM would become part of the first column's name ('ï»¿id') and the id column vanish."""
    cb = copy.deepcopy(MINI)
    cb["sources"][0]["encoding"] = "cp1252"
    msg = _load_error(write_study(tmp_path, codebook=cb, encoding="utf-8-sig"))
    assert "UTF-8 byte-order mark but the codebook says encoding 'cp1252'" in msg


def test_utf8_bom_with_declared_utf8_loads(tmp_path):
    cb = copy.deepcopy(MINI)
    cb["sources"][0]["encoding"] = "utf-8"
    tidy = load_responses(load_codebook(write_study(tmp_path, codebook=cb, encoding="utf-8-sig")))
    assert _expected(tidy) == EXPECTED


def test_utf16_unicode_text_export_loads(tmp_path):
    """Excel's 'Unicode text' export: UTF-16 with BOM, tab-separated."""
    rows = [r.replace(";", "\t") for r in MINI_ROWS]
    tidy = load_responses(load_codebook(write_study(tmp_path, rows, encoding="utf-16")))
    assert _expected(tidy) == EXPECTED


def test_unicode_line_separator_inside_a_cell_is_not_a_line_end(tmp_path):
    """str.splitlines() breaks at U+2028/U+0085/\\x1c; a cell holding one split its row in two."""
    rows = ["id;type;fam;inv;note", "p1;1;1;1;a\u2028b\x1cc\x85d"] + [r + ";" for r in MINI_ROWS[2:]]
    study = load_study(load_codebook(write_study(tmp_path, rows)))
    assert study.problems.empty and len(study.respondents) == 5


def test_second_header_row_in_csv(tmp_path):
    rows = MINI_ROWS[:1] + ["ID;Soort;Bekendheid;Betrokkenheid"] + MINI_ROWS[1:]
    msg = _load_error(write_study(tmp_path, rows))
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
    msg = _load_error(path)
    assert "data.xlsx, row 2" in msg and "second header row" in msg


def test_a_respondent_with_some_text_answers_is_not_a_header(tmp_path):
    rows = MINI_ROWS[:1] + ["p1;1;goed;1"] + MINI_ROWS[2:]
    study = load_study(load_codebook(write_study(tmp_path, rows)))
    assert len(study.respondents) == 5


def test_misspelt_column_suggests_the_close_one(tmp_path):
    rows = [MINI_ROWS[0].replace(";fam;", ";famm;")] + MINI_ROWS[1:]
    problems = load_study(load_codebook(write_study(tmp_path, rows))).problems
    msg = problems.loc[problems["check"] == "missing_column", "message"].iloc[0]
    assert "column 'fam' of item 'fam' is not in the file (a column 'famm' is" in msg


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
