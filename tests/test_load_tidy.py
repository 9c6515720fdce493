"""The tidy table (survey_inventory/load/tidy.py)."""

from survey_inventory.codebook import load_codebook
from survey_inventory.load import load_responses


def test_labels_and_categories(mini_study):
    tidy = load_responses(load_codebook(mini_study))
    rec = tidy[(tidy["respondent_id"] == "a2") & (tidy["item"] == "inv")].iloc[0]
    assert rec["label"] == "Weet ik niet" and rec["category"] == "3"
