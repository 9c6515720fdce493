"""The participant matrices (survey_inventory/estimate/participants.py) against the report's tables."""
import pytest

from survey_inventory.estimate.participants import participants_long
from survey_inventory.load.inventory import load_inventory


@pytest.fixture(scope="module")
def inventory(bundled_codebook):
    return load_inventory(bundled_codebook)


def test_participants_long_has_the_rows_the_report_prints(inventory, bundled_codebook):
    long = participants_long(inventory, bundled_codebook)
    rows_per_table = long.drop_duplicates(["report_table", "party_type"]).groupby("report_table").size().to_dict()
    assert rows_per_table == {"2.1": 13, "4.1": 13, "5.1": 14, "6.1": 13}  # kennis- of adviescentra only in 5.1
    assert long["participates"].sum() == sum(inventory[p.id].sum() for p in bundled_codebook.inventory_parties)
    en = participants_long(inventory, bundled_codebook, lang="en")
    assert "Municipalities" in set(en["party_type_label"])
