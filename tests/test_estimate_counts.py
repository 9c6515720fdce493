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


def test_the_estimates_read_only_the_estimate_columns(bundled_codebook):
    """What ``analyze`` may let go of after validation: the estimates from the tidy table cut down to
    ESTIMATE_COLUMNS are those from the whole table (and a table without one of them is refused)."""
    import pytest

    from survey_inventory.errors import SurveyInputError
    from survey_inventory.estimate import ESTIMATE_COLUMNS
    from survey_inventory.estimate.comparisons import comparisons

    tidy = load_study(bundled_codebook).responses
    assert set(ESTIMATE_COLUMNS) < set(tidy.columns)
    slim = tidy[ESTIMATE_COLUMNS]
    pd.testing.assert_frame_equal(distributions(slim, bundled_codebook), distributions(tidy, bundled_codebook))
    pd.testing.assert_frame_equal(comparisons(slim, bundled_codebook, n_resamples=199),
                                  comparisons(tidy, bundled_codebook, n_resamples=199))
    with pytest.raises(SurveyInputError, match="code"):
        distributions(slim.drop(columns="code"), bundled_codebook)


def test_the_weighted_estimates_read_only_the_estimate_columns():
    """The same for the weighted distributions of a study with population frames (issue 16)."""
    from conftest import ROOT
    from survey_inventory.estimate import ESTIMATE_COLUMNS
    from survey_inventory.estimate.weighted import weighted_distributions
    from survey_inventory.load.frame import frame_populations, load_frames

    cb = load_codebook(ROOT / "codebooks" / "llo-2026.yaml")
    study = load_study(cb)
    frames, _ = load_frames(study)
    cb = frame_populations(cb, frames)
    pd.testing.assert_frame_equal(weighted_distributions(study.responses[ESTIMATE_COLUMNS], cb, frames),
                                  weighted_distributions(study.responses, cb, frames))
