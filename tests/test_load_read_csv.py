"""Reading CSV files (survey_inventory/load/read_csv.py)."""

from survey_inventory.codebook import load_codebook
from survey_inventory.load import load_study
from conftest import MINI_ROWS, write_study


def test_unicode_line_separator_inside_a_cell_is_not_a_line_end(tmp_path):
    """str.splitlines() breaks at U+2028/U+0085/\\x1c; a cell holding one split its row in two."""
    rows = ["id;type;fam;inv;note", "p1;1;1;1;a\u2028b\x1cc\x85d"] + [r + ";" for r in MINI_ROWS[2:]]
    study = load_study(load_codebook(write_study(tmp_path, rows)))
    assert study.problems.empty and len(study.respondents) == 5
