"""Reading CSV files (survey_inventory/load/read_csv.py)."""

from survey_inventory.codebook import load_codebook
from survey_inventory.load import load_study
from conftest import MINI_ROWS, write_study


def test_unicode_line_separator_inside_a_cell_is_not_a_line_end(tmp_path):
    """str.splitlines() breaks at U+2028/U+0085/\\x1c; a cell holding one split its row in two."""
    rows = ["id;type;fam;inv;note", "p1;1;1;1;a\u2028b\x1cc\x85d"] + [r + ";" for r in MINI_ROWS[2:]]
    study = load_study(load_codebook(write_study(tmp_path, rows)))
    assert study.problems.empty and len(study.respondents) == 5


def test_quoted_and_unquoted_files_give_the_same_cells(tmp_path):
    """A file without quotes is read by pyarrow, one with quotes by pandas: same cells."""
    from survey_inventory.codebook import load_codebook
    from survey_inventory.load.read_csv import read_csv

    plain = load_codebook(write_study(tmp_path / "plain", ["id;type;fam;inv", "p1;1; 1;", "p2;2;2;3"]))
    quoted = load_codebook(write_study(tmp_path / "quoted", ["id;type;fam;inv", '"p1";1; 1;', 'p2;2;2;"3"']))
    a = read_csv(plain.source_path(plain.sources[0]), plain.sources[0])
    b = read_csv(quoted.source_path(quoted.sources[0]), quoted.sources[0])
    assert a.astype(object).values.tolist() == b.astype(object).values.tolist() == [["p1", "1", "1", ""],
                                                                                     ["p2", "2", "2", "3"]]
    assert list(a.columns) == list(b.columns) == ["id", "type", "fam", "inv"]
