"""Reading SPSS files (survey_inventory/load/read_sav.py)."""

from survey_inventory.codebook import load_codebook
from survey_inventory.load import load_responses
from conftest import write_study
from load_helpers import answers, write_sav


def test_sav_with_user_missing(tmp_path):
    path = write_study(tmp_path, filename="data.sav", raw=b"")
    write_sav(tmp_path / "data.sav")
    got = answers(load_responses(load_codebook(path)))
    assert got[("a2", "fam")] == ("missing", 9)       # user-missing code honoured
    assert got[("a2", "inv")] == ("answered_not_asked", 3)  # filter missing -> not routed
    assert got[("p1", "inv")] == ("valid", 1)
