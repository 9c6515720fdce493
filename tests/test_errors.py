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
    assert str(SurveyInputError("bad", file="f.csv", value=7.0)) == "f.csv: bad (got 7.0)"
