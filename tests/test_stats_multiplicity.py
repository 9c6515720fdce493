"""Holm's adjustment (survey_inventory.stats.multiplicity) against statsmodels, with
missing p-values left out of the family."""
from __future__ import annotations


import numpy as np
import pytest
from statsmodels.stats.multitest import multipletests

from survey_inventory.stats.multiplicity import holm


# -- Holm ---------------------------------------------------------------------------------------

def test_holm_matches_statsmodels():
    rng = np.random.default_rng(5)
    for m in (1, 2, 3, 6, 10):
        p = rng.uniform(0, 0.2, m)
        p[0] = p[-1]  # a tie
        assert holm(p) == pytest.approx(multipletests(p, method="holm")[1])
    p = np.array([0.01, np.nan, 0.04, 0.03])
    out = holm(p)
    assert np.isnan(out[1]) and out[[0, 2, 3]] == pytest.approx(multipletests(p[[0, 2, 3]], method="holm")[1])
    assert holm([]).size == 0 and np.isnan(holm([np.nan])).all()


def test_holm_by_hand():
    """Holm (1979): sorted p_(i) times m - i + 1, made monotone, capped at 1 -- written out,
    independent of statsmodels."""
    p = [0.04, 0.01, 0.03, 0.5, 0.01]
    # sorted: 0.01, 0.01, 0.03, 0.04, 0.5 -> 5*0.01, 4*0.01, 3*0.03, 2*0.04, 1*0.5 -> monotone
    assert holm(p) == pytest.approx([0.09, 0.05, 0.09, 0.5, 0.05])
    assert holm([0.3, 0.6]) == pytest.approx([0.6, 0.6])
    assert holm([0.9, 0.8]) == pytest.approx([1.0, 1.0])
