"""Labels (survey_inventory/codebook/base.py): labels_match, and its use for SPSS value labels."""
import pytest

from survey_inventory.codebook import load_codebook
from survey_inventory.codebook.base import labels_match
from survey_inventory.load import load_study
from conftest import write_study
from load_helpers import write_sav


@pytest.mark.parametrize("a, b, verdict", [
    ("Redelijk/ deels", "Redelijk/ deels", "same"),
    ("Redelijk/ deels", "  Redelijk/ deels ", "same"),
    ("Redelijk/deels", "Redelijk/ deels", "spacing"),
    ("Zeer  goed", "zeer goed", "spacing"),
    ("ZEER GOED", "Zeer goed", "spacing"),
    ("Zeer goed", "Goed", "different"),
    ("Redelijk/deels", "Redelijk/ geheel", "different"),
])
def test_labels_match(a, b, verdict):
    assert labels_match(a, b) == verdict
    assert labels_match(b, a) == verdict


def test_an_spss_label_that_differs_only_in_spacing_is_a_warning(tmp_path):
    """'Zeerslecht' for the codebook's 'Zeer slecht' used to block the run as a label_mismatch error."""
    path = write_study(tmp_path, filename="data.sav", raw=b"")
    write_sav(tmp_path / "data.sav", labels={"fam": {1: "Goed", 2: "Redelijk ", 3: "Zeerslecht"}})
    problems = load_study(load_codebook(path)).problems
    assert problems[problems["check"] == "label_mismatch"].empty
    spacing = problems[problems["check"] == "label_spacing"]
    assert spacing["value"].tolist() == ["Zeerslecht"] and set(spacing["severity"]) == {"warning"}
    assert "code 3" in spacing.iloc[0]["message"] and "'Zeer slecht'" in spacing.iloc[0]["message"]


def test_a_different_spss_label_stays_an_error(tmp_path):
    path = write_study(tmp_path, filename="data.sav", raw=b"")
    write_sav(tmp_path / "data.sav", labels={"fam": {1: "Goed", 2: "Redelijk", 3: "Zeer goed"}})
    problems = load_study(load_codebook(path)).problems
    bad = problems[problems["check"] == "label_mismatch"]
    assert bad["value"].tolist() == ["Zeer goed"] and set(bad["severity"]) == {"error"}
