"""Reading a file of published figures (survey_inventory/load/published.py): CSV with
either delimiter, a BOM, percent signs and whole-number spellings; YAML; bad input
names the file, row and column."""
from __future__ import annotations


import pandas as pd
import pytest

from survey_inventory.errors import SurveyInputError
from survey_inventory.estimate.published_check import check_published
from survey_inventory.load.published import PublishedFileError, published_table, read_published

from rounding_reference import LR


def write(tmp_path, text, name="figs.csv", *, bom=False):
    path = tmp_path / name
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8"))
    return path


GOOD = "figure;n;category;percent;respondents\n4.2;9;Redelijk;33%;9\n4.2;9;Slecht;66;9\n6.5;8;Goed;38;9\n6.5;8;Slecht;63;9\n"


def test_semicolons_bom_and_percent_signs(tmp_path):
    table = read_published(write(tmp_path, GOOD, bom=True))
    assert list(table["figure"].unique()) == ["4.2", "6.5"]
    assert table["percent"].tolist() == [33, 66, 38, 63]
    assert table["row"].tolist() == [2, 3, 4, 5]
    comma = read_published(write(tmp_path, GOOD.replace(";", ","), "c.csv"))
    assert comma["percent"].tolist() == [33, 66, 38, 63]


def test_whole_number_spellings(tmp_path):
    # a float export (9.0), a Dutch decimal comma with a zero (33,0), a spaced percent sign
    table = read_published(write(tmp_path, "figure;n;percent\n1;9.0;33,0\n1;9.0;67 %\n"))
    assert table["n"].tolist() == [9, 9] and table["percent"].tolist() == [33, 67]


def test_yaml_input(tmp_path):
    text = """
- figure: "4.3"
  n: 28
  categories: [Goed, Redelijk, Slecht]
  percents: [11, 11, 78]
  respondents: 27
- figure: "5.6"
  n: 9
  percents: []
"""
    report = check_published(read_published(write(tmp_path, text, "f.yaml")), LR)
    assert report["status"].tolist() == ["impossible", "no printed percentages"]
    assert report.loc[0, "counts"] == (3, 3, 22) and report.loc[0, "categories"] == ("Goed", "Redelijk", "Slecht")


def test_a_plain_frame_gets_the_same_checks():
    table = published_table(pd.DataFrame({"Figure": ["a", "a"], "N": [9.0, 9.0], "percent": ["33%", 67]}))
    assert table["n"].tolist() == [9, 9] and table["percent"].tolist() == [33, 67] and table["row"].tolist() == [1, 2]
    with pytest.raises(PublishedFileError, match=r"<table>, row 2, column 'percent'.*outside 0-100"):
        published_table(pd.DataFrame({"figure": ["a", "a"], "n": 9, "percent": [33, 167]}))
    with pytest.raises(PublishedFileError, match=r"missing column\(s\) percent"):
        published_table(pd.DataFrame({"figure": ["a"], "n": 9}))


@pytest.mark.parametrize("text,row,column,fragment", [
    ("figure;n;category\n1;9;a\n", 1, "percent", "missing column"),
    ("figure;n;percent\n1;9;33\n1;9;abc\n", 3, "percent", "not a number"),
    ("figure;n;percent\n1;0;100\n", 2, "n", "at least 1"),
    ("figure;n;percent\n1;-3;100\n", 2, "n", "at least 1"),
    ("figure;n;percent\n1;;100\n", 2, "n", "N is empty"),
    ("figure;n;percent\n1;9;33.5\n", 2, "percent", "whole number"),
    ("figure;n;percent\n1;9;133\n", 2, "percent", "outside 0-100"),
    ("figure;n;percent\n1;9;33\n1;8;67\n", 3, "n", "N=9 in row 2"),
    ("figure;n;percent\n1;9;33\n1;9;\n", 3, "percent", "mixes printed and empty"),
    ("figure;n;percent;respondents\n1;9;100;x\n", 2, "respondents", "not a number"),
    ("figure;n;percent\n;9;100\n", 2, "figure", "empty figure id"),
    ("figure;n;percent\n1;1.000;100\n", 2, "n", "without separators"),   # 1 or 1000? refused
    ("figure;n;percent\n1;9.5;100\n", 2, "n", "whole number"),
    ("figure;n;percent\n1;9;1e2\n", 2, "percent", "whole number"),
])
def test_bad_input_names_row_and_column(tmp_path, text, row, column, fragment):
    path = write(tmp_path, text)
    with pytest.raises(PublishedFileError) as info:
        read_published(path)
    msg = str(info.value)
    assert isinstance(info.value, ValueError) and isinstance(info.value, SurveyInputError)
    assert str(path) in msg and f"row {row}" in msg and f"column '{column}'" in msg and fragment in msg
    assert "\n" not in msg


def test_bad_yaml_names_entry_and_key(tmp_path):
    path = write(tmp_path, "- figure: '1'\n  n: 9\n  percents: [50, 50]\n- figure: '2'\n  percents: [1]\n", "f.yml")
    with pytest.raises(PublishedFileError, match=r"row 2, column 'n'"):
        read_published(path)
    path = write(tmp_path, "- figure: '1'\n  n: 9\n  categories: [a]\n  percents: [50, 50]\n", "g.yml")
    with pytest.raises(PublishedFileError, match=r"row 1, column 'categories'.*1 categories but 2"):
        read_published(path)
