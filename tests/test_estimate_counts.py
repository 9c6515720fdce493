"""Counts (survey_inventory/estimate/counts.py): one pass over the tidy table, and counts add up."""
import numpy as np
import pandas as pd

from survey_inventory.codebook import load_codebook
from survey_inventory.estimate import distributions
from survey_inventory.estimate.counts import ResponseCounts, count_responses
from survey_inventory.load import load_study
from conftest import BUNDLED


def test_counts_by_hand():
    tidy = pd.DataFrame({
        "respondent_type": ["a", "a", "a", "b", "b", None],
        "item": ["q", "q", "q", "q", "r", "q"],
        "status": ["valid", "missing", "invalid", "valid", "not_asked", "valid"],
        "code": [1.0, np.nan, 7.0, 2.0, np.nan, 1.0]})
    c = count_responses(tidy)
    assert c.size("q", "a") == {"sample_n": 3, "asked_n": 3, "item_missing_n": 1}
    assert c.size("r", "b") == {"sample_n": 1, "asked_n": 0, "item_missing_n": 0}
    assert c.size("r", "a") is None  # no rows; the row without a type is not counted
    assert c.count("q", "a", 1.0) == 1 and c.count("q", "a", 7.0) == 0 and c.count("q", "b", 2.0) == 1


def test_pieces_add_up_to_the_whole_and_give_the_same_distributions():
    cb = load_codebook(BUNDLED)
    tidy = load_study(cb).responses
    whole = count_responses(tidy)
    cuts = [0, 1, 97, 200, len(tidy)]
    summed = ResponseCounts()
    for a, b in zip(cuts, cuts[1:]):
        summed = summed + count_responses(tidy.iloc[a:b])
    assert summed.sizes.keys() == whole.sizes.keys()
    assert all((summed.sizes[k] == whole.sizes[k]).all() for k in whole.sizes)
    assert summed.codes == whole.codes
    pd.testing.assert_frame_equal(distributions(summed, cb, ci_method="wilson"),
                                  distributions(tidy, cb, ci_method="wilson"), check_exact=True)


def test_adding_does_not_change_either_side():
    a = ResponseCounts({("q", "t"): np.array([2, 2, 0])}, {("q", "t"): {1.0: 2}})
    b = ResponseCounts({("q", "t"): np.array([1, 1, 1])}, {("q", "t"): {}})
    c = a + b
    assert c.sizes[("q", "t")].tolist() == [3, 3, 1] and c.codes[("q", "t")] == {1.0: 2}
    assert a.sizes[("q", "t")].tolist() == [2, 2, 0] and b.sizes[("q", "t")].tolist() == [1, 1, 1]
