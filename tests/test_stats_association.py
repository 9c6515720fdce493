"""Ordinal association (survey_inventory.stats.association): gamma and tau-b against
Agresti's worked example, scipy, brute-force pair counts, a numerical delta method and
exact enumeration of the conditional test of S."""
from __future__ import annotations

import itertools

import numpy as np
import pytest
from scipy import stats

from exact_reference import (
    assert_no_test, delta_ase, exact_conditional_p, expand, gamma_of, half_width, mc_tol, pairs_s, tau_b_of,
)
from survey_inventory.errors import SurveyInputError
from survey_inventory.stats import association
from survey_inventory.stats.association import goodman_kruskal_gamma, kendall_tau_b


# -- association: gamma and tau-b ---------------------------------------------------------------

AGRESTI = np.array([[1, 3, 10, 6], [2, 3, 10, 7], [1, 6, 14, 12], [0, 1, 9, 11]])  # income x job satisfaction


def test_gamma_and_tau_b_on_agrestis_job_satisfaction_example():
    """Agresti, Categorical Data Analysis: gamma = 0.221 with ASE 0.117 for this table."""
    g = goodman_kruskal_gamma(AGRESTI, ci_method="wald").iloc[0]
    assert g["effect_size"] == pytest.approx(0.221, abs=5e-4)
    assert half_width(g) == pytest.approx(0.117, abs=5e-4)
    r, c = expand(AGRESTI)
    assert kendall_tau_b(AGRESTI).iloc[0]["effect_size"] == pytest.approx(stats.kendalltau(r, c).statistic)


@pytest.mark.parametrize("table", [AGRESTI, [[5, 2, 0], [2, 3, 1], [0, 2, 4]], [[3, 1, 2, 0], [1, 4, 2, 1], [0, 2, 3, 5]],
                                   [[2, 3], [4, 1]]])
def test_ase_matches_the_delta_method(table):
    t = np.asarray(table, dtype=float)
    g = goodman_kruskal_gamma(t, ci_method="wald").iloc[0]
    tb = kendall_tau_b(t, ci_method="wald").iloc[0]
    assert half_width(g) == pytest.approx(delta_ase(gamma_of, t), rel=1e-5)
    assert half_width(tb) == pytest.approx(delta_ase(tau_b_of, t), rel=1e-5)
    assert tb["effect_ci_method"].startswith("Wald, ASE")


def test_gamma_by_hand():
    # 2 x 2: gamma is Yule's Q = (ad - bc)/(ad + bc)
    assert goodman_kruskal_gamma([[2, 3], [4, 1]]).iloc[0]["effect_size"] == pytest.approx((2 - 12) / (2 + 12))
    # 3 x 3 by counting pairs: concordant 5*(3+1+2+4)+2*(1+4)+2*(2+4)+3*4 = 84, discordant 2*(2+0)+... by brute force
    t = [[5, 2, 0], [2, 3, 1], [0, 2, 4]]
    r, c = expand(t)
    conc = disc = 0
    for i, j in itertools.combinations(range(r.size), 2):
        s = np.sign(r[i] - r[j]) * np.sign(c[i] - c[j])
        conc += s > 0
        disc += s < 0
    assert goodman_kruskal_gamma(t).iloc[0]["effect_size"] == pytest.approx((conc - disc) / (conc + disc))


def test_association_p_is_the_conditional_test_of_s():
    t = np.array([[2, 1, 0], [1, 1, 1], [0, 1, 2]])
    exact = exact_conditional_p(t, lambda u: abs(pairs_s(u)))
    g, tb = goodman_kruskal_gamma(t).iloc[0], kendall_tau_b(t).iloc[0]
    assert g["p_value"] == tb["p_value"] == pytest.approx(exact, abs=mc_tol(exact))
    # the large-sample branch is Kendall's tie-corrected normal test, as scipy's
    r, c = expand(AGRESTI)
    assert kendall_tau_b(AGRESTI, max_exact_n=0).iloc[0]["p_value"] == pytest.approx(stats.kendalltau(r, c).pvalue)


def test_perfect_association_has_no_ase_interval():
    g = goodman_kruskal_gamma([[3, 1, 0], [0, 2, 2]], ci_method="wald").iloc[0]
    assert g["effect_size"] == 1.0 and np.isnan(g["effect_ci_lower"]) and "no interval" in g["note"]
    # the default (Fisher z on the table + 1 pseudo-respondent) gives one, containing the estimate
    g = goodman_kruskal_gamma([[3, 1, 0], [0, 2, 2]]).iloc[0]
    assert -1 < g["effect_ci_lower"] < 1 == g["effect_ci_upper"] and g["effect_ci_method"].startswith("Fisher z")


def test_level_changes_the_interval():
    a = kendall_tau_b(AGRESTI, level=0.95, ci_method="wald").iloc[0]
    b = kendall_tau_b(AGRESTI, level=0.80, ci_method="wald").iloc[0]
    assert b["effect_ci_upper"] - b["effect_ci_lower"] < a["effect_ci_upper"] - a["effect_ci_lower"]
    assert half_width(b, 0.80) == pytest.approx(half_width(a, 0.95))


# -- one routine counts the pairs for both: today's numbers, computed before it was shared ---------

# (statistic, p_value, effect_ci_lower, effect_ci_upper) at the defaults (Monte Carlo, 9999
# tables, seed 2025), and tau-b's asymptotic p (max_exact_n=0), from survey_inventory.compare
# as it was before gamma and tau-b shared one count of concordant and discordant pairs.
BEFORE = [
    (AGRESTI,
     [0.22110091743119267, 0.0855, -0.008534008510711732, 0.4507358433730971],
     [0.15235215134659694, 0.0855, -0.008043590089946484, 0.31274789278314036], 0.0860294855671433),
    ([[5, 2, 0], [2, 3, 1], [0, 2, 4]],
     [0.8666666666666667, 0.002, 0.6857061078095081, 1.0],
     [0.6527253788294639, 0.002, 0.4380142152583889, 0.8674365424005389], 0.001890946530141849),
    ([[3, 1, 2, 0], [1, 4, 2, 1], [0, 2, 3, 5]],
     [0.68, 0.004, 0.38089765135531367, 0.9791023486446864],
     [0.5097197312005758, 0.004, 0.24951318749066065, 0.7699262749104909], 0.004784177269253835),
    ([[2, 3], [4, 1]],
     [-0.7142857142857143, 0.5239, -1.0, -0.021478121994180532],
     [-0.408248290463863, 0.5239, -0.9669239827768523, 0.15042740184912629], 0.22067136191984682),
    ([[0, 4, 1], [3, 0, 2]],
     [-0.30434782608695654, 0.7224, -1.0, 0.5313821317564517],
     [-0.24370871833797697, 0.7224, -0.9263794154388361, 0.43896197876288207], 0.4385780260809998),
]


@pytest.mark.parametrize("table,gamma,tau,tau_asymptotic_p", BEFORE)
def test_gamma_and_tau_b_give_the_numbers_they_gave_before(table, gamma, tau, tau_asymptotic_p):
    cols = ["statistic", "p_value", "effect_ci_lower", "effect_ci_upper"]
    assert goodman_kruskal_gamma(table, ci_method="wald").iloc[0][cols].to_numpy(dtype=float) == pytest.approx(
        gamma, rel=1e-12, abs=1e-15)
    assert kendall_tau_b(table, ci_method="wald").iloc[0][cols].to_numpy(dtype=float) == pytest.approx(tau, rel=1e-12, abs=1e-15)
    assert kendall_tau_b(table, max_exact_n=0).iloc[0]["p_value"] == pytest.approx(tau_asymptotic_p, rel=1e-12)


def test_concordant_and_discordant_cells_by_loops():
    """The shared counts A_ij, D_ij against the definition, cell by cell (Agresti 2010, 7.1)."""
    rng = np.random.default_rng(11)
    for _ in range(20):
        t = rng.integers(0, 6, rng.integers(1, 6, 2))
        a, d = association._concordance(t)
        for i, j in itertools.product(range(t.shape[0]), range(t.shape[1])):
            assert a[i, j] == t[i + 1:, j + 1:].sum() + t[:i, :j].sum()
            assert d[i, j] == t[i + 1:, :j].sum() + t[:i, j + 1:].sum()
        big_p, big_q = association._p_and_q(t)
        if t.sum() <= 40:
            assert (big_p - big_q) / 2 == pairs_s(t)


# -- degenerate cases: a row with NaN and a note, never an exception or a warning -----------------

@pytest.mark.parametrize("func,data,phrase", [
    (goodman_kruskal_gamma, [[0, 0], [3, 4]], "same row category"),
    (kendall_tau_b, [[2, 0], [3, 0]], "same column category"),
    (kendall_tau_b, [[1, 0], [0, 0]], "fewer than 2"),
])
def test_degenerate_tables(func, data, phrase):
    assert_no_test(func, data, phrase)


def test_bad_input_is_refused():
    with pytest.raises(SurveyInputError, match="level"):
        kendall_tau_b([[1, 2], [2, 1]], level=1.5)
