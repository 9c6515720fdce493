"""The what-changed section names exactly the changes whose interval excludes zero."""
import pandas as pd
import pytest

from survey_inventory.codebook import load_codebook
from survey_inventory.export.changes import real_changes, what_changed
from conftest import BUNDLED

LABELS = {"w1": "2025", "w2": "2026"}


@pytest.fixture(scope="module")
def cb():
    return load_codebook(BUNDLED)


def _changes():
    labels = ["L-good-amr", "L-fair-amr", "L-poor-amr", "L-good-prov", "L-fair-prov", "L-poor-prov"]
    return pd.DataFrame({"item": "care_familiarity", "respondent_type": ["amr"] * 3 + ["province"] * 3,
                         "wave_from": "w1", "wave_to": "w2", "sector": "care", "measure": "familiarity",
                         "category": ["good", "fair", "poor"] * 2, "category_label": labels,
                         "percent_from": [50.0, 30, 20, 40, 40, 20], "percent_to": [60.0, 30, 10, 40, 30, 30],
                         "change": [10.0, 0, -10, 0, -10, 10], "ci_lower": [2.0, -8, -19, -20, -30, 0.0],
                         "ci_upper": [18.0, 8, -1, 20, 10, 25]})


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_names_only_changes_whose_interval_excludes_zero(cb, lang):
    ch = _changes()
    text = "\n".join(what_changed(ch, cb, LABELS, lang))
    real = real_changes(ch)
    assert real.tolist() == [True, False, True, False, False, False]  # a limit at exactly 0 does not exclude 0
    for label, is_real in zip(ch["category_label"], real):
        assert (label in text) == is_real


def test_says_the_rest_is_within_chance(cb):
    paragraphs = what_changed(_changes(), cb, LABELS, "en")
    assert paragraphs[0].startswith("Between 2025 and 2026, 2 of the 6 percentages changed")
    assert paragraphs[1] == ("L-good-amr (Familiarity, care and welfare, labour-market regions): from 50% to 60%, "
                             "+10 percentage points (interval +2 to +18).")
    assert paragraphs[-1] == ("The other 4 changes are within what chance produces with these numbers of "
                              "respondents; they are no sign of a real change.")


def test_no_real_change_says_so(cb):
    ch = _changes().assign(ci_lower=-1.0, ci_upper=1.0)
    paragraphs = what_changed(ch, cb, LABELS, "nl")
    assert len(paragraphs) == 1 and "geen van de 6 veranderingen" in paragraphs[0]
    assert "L-" not in paragraphs[0]
