"""The package's one-line errors (survey_inventory/errors.py)."""
from survey_inventory.errors import SurveyInputError, shorten
from survey_inventory.validate import format_problem


def test_a_long_value_is_shortened_in_the_message():
    """Issue 13, item 12: a 4 MB cell was echoed whole inside the error line; the value
    (and a column name) is cut to 80 characters, the cut marked with an ellipsis."""
    cell = "x" * 4_000_000
    msg = str(SurveyInputError("not a code", file="data.csv", row=3, column="y" * 500, value=cell))
    assert len(msg) < 250
    assert f"column '{'y' * 79}\u2026'" in msg and f"(got '{'x' * 79}\u2026')" in msg
    line = format_problem({"severity": "error", "file": "data.csv", "row": 3, "column": "fam",
                           "message": "value is not a code of the scale", "value": cell})
    assert line == f"error: data.csv, row 3, column 'fam': value is not a code of the scale (got '{'x' * 79}\u2026')"


def test_a_short_value_is_quoted_as_before():
    assert shorten(7.0) == 7.0 and shorten("x" * 80) == "x" * 80
    # a whole number reads as in the file (issue 11, item 7): 7, not 7.0
    assert str(SurveyInputError("bad", file="f.csv", value=7.0)) == "f.csv: bad (got 7)"


def test_messages_speak_the_users_terms(tmp_path):
    """Issue 11, item 7: an SPSS case is a case (not a row one higher), values read as in the file
    (7, not '7.0'), lists as 1, 2, 3."""
    import pandas as pd
    import pyreadstat

    from survey_inventory.errors import SurveyInputError
    from survey_inventory.validate import format_problem

    assert str(SurveyInputError("no such sheet", file="a.xlsx", expected=["Blad1", "Blad2"])) == \
        "a.xlsx: no such sheet (expected Blad1, Blad2)"
    line = format_problem({"severity": "error", "file": "/d/x.sav", "row": 167, "column": "fam",
                           "message": "value is not a code of the scale", "value": 7.0})
    assert line == "error: x.sav, case 167, column 'fam': value is not a code of the scale (got 7)"
    # the loader numbers an SPSS file's records as SPSS does: the first case is case 1
    from conftest import MINI, write_study
    from survey_inventory.codebook import load_codebook
    from survey_inventory.load.sources import read_source

    path = tmp_path / "data.sav"
    pyreadstat.write_sav(pd.DataFrame({"id": ["p1", "p2"], "type": [1.0, 1.0], "fam": [1.0, 7.0],
                                       "inv": [1.0, None]}), str(path))
    cb = load_codebook(write_study(tmp_path, codebook=MINI, filename="data.sav"))
    assert read_source(cb, cb.sources[0])["__row__"].tolist() == [1, 2]
