"""Tests for survey_inventory.stats.pairwise: every pair at once equals each pair on its own."""
import itertools

import numpy as np
import pandas as pd
import pytest
from scipy import stats
from statsmodels.stats.contingency_tables import mcnemar

from survey_inventory.errors import SurveyInputError
from survey_inventory.stats.paired import RESULT_COLUMNS, mcnemar_exact, wilcoxon_signed_rank
from survey_inventory.stats.pairwise import PAIR_COLUMNS, mcnemar_pairs, wilcoxon_pairs


def _answers(rng, n, k, values, p_missing=0.1):
    m = rng.choice(values, size=(n, k)).astype(float)
    m[rng.random((n, k)) < p_missing] = np.nan
    return m


def _one_by_one(func, m, **kwargs):
    return pd.concat([func(m[:, a], m[:, b], **kwargs) for a, b in itertools.combinations(range(m.shape[1]), 2)],
                     ignore_index=True)


@pytest.mark.parametrize("n, max_exact_n", [(40, 300), (900, 300), (900, 5)])
def test_wilcoxon_pairs_equal_each_pair_to_the_last_bit(n, max_exact_n):
    rng = np.random.default_rng(7)
    m = _answers(rng, n, 5, [1, 2, 3, 4, 5])
    m[:, 4] = m[:, 3]                                   # a pair without differences: no test
    m[: n // 2, 2] = np.nan                              # unequal bases
    out = wilcoxon_pairs(m, max_exact_n=max_exact_n)
    assert list(out.columns) == PAIR_COLUMNS
    assert list(zip(out["first"], out["second"])) == list(itertools.combinations(range(5), 2))
    expected = _one_by_one(wilcoxon_signed_rank, m, max_exact_n=max_exact_n)
    pd.testing.assert_frame_equal(out[RESULT_COLUMNS], expected, check_exact=True)
    assert (out["note"] == "no respondent answers differently for the two: no test").sum() == 1


def test_wilcoxon_pairs_normal_approximation_is_scipys():
    rng = np.random.default_rng(3)
    m = _answers(rng, 2000, 3, [1, 2, 3, 4, 5], p_missing=0.0)
    out = wilcoxon_pairs(m)
    for row in out.itertuples():
        x, y = m[:, row.first], m[:, row.second]
        ref = stats.wilcoxon(x, y, zero_method="wilcox", correction=False, method="approx")
        assert row.p_method == "normal approximation (tie-corrected)"
        assert row.statistic == ref.statistic
        assert row.p_value == pytest.approx(ref.pvalue, rel=1e-10)


def test_wilcoxon_pairs_of_non_integer_answers():
    rng = np.random.default_rng(5)
    m = _answers(rng, 700, 3, [0.1, 0.25, 0.7, 1.5])
    pd.testing.assert_frame_equal(wilcoxon_pairs(m)[RESULT_COLUMNS], _one_by_one(wilcoxon_signed_rank, m),
                                  check_exact=True)


@pytest.mark.parametrize("n", [30, 5000])
def test_mcnemar_pairs_equal_each_pair_and_statsmodels(n):
    rng = np.random.default_rng(11)
    m = _answers(rng, n, 4, [0, 1])
    m[:, 3] = m[:, 2]
    out = mcnemar_pairs(m, level=0.9)
    pd.testing.assert_frame_equal(out[RESULT_COLUMNS], _one_by_one(mcnemar_exact, m, level=0.9), check_exact=True)
    for row in out.iloc[:-1].itertuples():
        x, y = m[:, row.first], m[:, row.second]
        both = ~(np.isnan(x) | np.isnan(y))
        table = pd.crosstab(x[both], y[both]).to_numpy()
        assert row.p_value == pytest.approx(mcnemar(table, exact=True).pvalue, rel=1e-12)


def test_pairs_degenerate_and_bad_input():
    assert wilcoxon_pairs(np.zeros((3, 1))).empty
    out = mcnemar_pairs([[1, np.nan], [np.nan, 0]])
    assert out["n"].tolist() == [0] and np.isnan(out["p_value"]).all()
    with pytest.raises(SurveyInputError, match="0/1"):
        mcnemar_pairs([[0, 2], [1, 0]])
    with pytest.raises(SurveyInputError, match="2-D"):
        wilcoxon_pairs([1, 2, 3])
