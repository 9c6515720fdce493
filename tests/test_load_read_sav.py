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


import pytest  # noqa: E402

from survey_inventory.load import LoadError  # noqa: E402


@pytest.mark.parametrize("damage", ["truncated", "empty", "xlsx_renamed"])
def test_an_unreadable_sav_is_one_clear_error(tmp_path, damage):
    """Issue 13, item 7: pyreadstat's ReadstatError (a cut-short .sav, a 0-byte .sav, an
    .xlsx renamed .sav) was a traceback; now a LoadError naming the file."""
    path = write_study(tmp_path, filename="data.sav", raw=b"")
    sav = tmp_path / "data.sav"
    write_sav(sav)
    if damage == "truncated":
        sav.write_bytes(sav.read_bytes()[:300])
    elif damage == "empty":
        sav.write_bytes(b"")
    else:
        import openpyxl

        openpyxl.Workbook().save(sav)
    with pytest.raises(LoadError) as err:
        load_responses(load_codebook(path))
    assert str(err.value).startswith(f"{sav}: not a readable SPSS file (")
