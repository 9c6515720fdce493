"""The bundled Bartels study: analyze must print what the report printed.

PRINTED is an independent transcription of the report's figures (seed report,
Bureau Bartels 2025): figure -> (respondent type, measure item, N as printed,
percentages as printed in category order; None where the chart carries no number
for that category). Where the printed numbers cannot come from the printed N,
DEVIATIONS says what the reconstruction gives instead (surveys/bartels-2025/README.md).
"""
import pandas as pd
import pytest

from survey_inventory.analyze import AnalysisOptions, estimate_all
from survey_inventory.load import load_study

FAM, INV = ("good", "fair", "poor"), ("1", "2", "3", "4")
PRINTED = {
    "2.3": ("province", "care_familiarity", 9, (33, 44, 22)),
    "2.4": ("province", "care_involvement", 9, (44, 11, 44, None)),
    "2.5": ("amr", "care_familiarity", 27, (52, 41, 7)),
    "2.6": ("amr", "care_involvement", 26, (46, 23, 19, 12)),
    "2.7": ("fund", "care_familiarity", 9, (89, None, 11)),
    "2.8": ("fund", "care_involvement", 9, (44, 33, 22, None)),
    "4.2": ("province", "green_familiarity", 9, (None, 33, 66)),
    "4.3": ("amr", "green_familiarity", 28, (11, 11, 78)),
    "4.4": ("amr", "green_involvement", 6, (50, 17, None, 33)),
    "4.5": ("fund", "green_familiarity", 9, (None, 44, 56)),
    "4.6": ("fund", "green_involvement", 9, (None, 11, 89, None)),
    "5.2": ("province", "tech_familiarity", 9, (89, 11, None)),
    "5.3": ("province", "tech_involvement", 9, (44, 56, None, None)),
    "5.4": ("amr", "tech_familiarity", 26, (57, 29, 14)),
    "5.5": ("amr", "tech_involvement", 24, (40, 41, 8, 8)),
    "5.6": ("fund", "tech_familiarity", 9, (None, None, None)),
    "5.7": ("fund", "tech_involvement", 9, (None, None, None, None)),
    "6.1": ("province", "ict_familiarity", 9, (67, 33, None)),
    "6.2": ("province", "ict_involvement", 9, (78, 11, 11, None)),
    "6.3": ("amr", "ict_familiarity", 25, (20, 16, 64)),
    "6.4": ("amr", "ict_involvement", 13, (46, 31, 23, None)),
    "6.5": ("fund", "ict_familiarity", 8, (38, None, 63)),
    "6.6": ("fund", "ict_involvement", 8, (13, 13, 75, None)),
}
# figure -> (base N of the reconstruction, percentages it gives) where the print is impossible
DEVIATIONS = {
    "4.2": (9, (0, 33, 67)),        # 6/9 = 66.7 rounds to 67 half up; 66 is a truncation
    "4.3": (27, (11, 11, 78)),      # N=28 > 27 AMR respondents; 3/3/21 of 27 prints exactly 11/11/78
    "5.4": (26, (58, 27, 15)),      # no counts of 26 give 57/29/14; closest: 15/7/4
    "5.5": (24, (42, 42, 8, 8)),    # 40/41/8/8 sums to 97; closest: 10/10/2/2
    "5.6": (9, (78, 22, 0)),        # no numbers printed; prose: "een ruime meerderheid (zeer) goed"
    "5.7": (9, (67, 11, 22, 0)),    # no numbers printed; prose: "twee derde ... actief betrokken"
}


@pytest.fixture(scope="module")
def dist(bundled_codebook):
    return estimate_all(load_study(bundled_codebook), AnalysisOptions(), with_comparisons=False)["distributions"]


def _figure(dist, figure):
    rows = dist[dist["figure"] == figure].sort_values("category_order")
    assert not rows.empty, figure
    return rows


@pytest.mark.parametrize("figure", sorted(PRINTED, key=lambda f: tuple(map(int, f.split(".")))))
def test_figure_matches_report(dist, figure):
    type_id, item, n_printed, printed = PRINTED[figure]
    rows = _figure(dist, figure)
    assert set(rows["respondent_type"]) == {type_id} and set(rows["item"]) == {item}
    ours = tuple(int(p) for p in rows["percent"])
    base = int(rows["base_n"].iloc[0])
    if figure in DEVIATIONS:
        assert (base, ours) == DEVIATIONS[figure]
        return
    assert base == n_printed
    # every printed number reproduced exactly; a category the chart shows no number for is 0
    assert ours == tuple(0 if p is None else p for p in printed)


def test_every_report_figure_is_in_the_output(dist):
    assert set(PRINTED) <= set(dist["figure"])


def test_routed_bases_are_domains(dist):
    """Involvement was asked only of those who know the collaborations: AMR's 2.6 is a
    domain of 26 out of the 27 AMR respondents, not a new sample."""
    rows = _figure(dist, "2.6")
    assert rows["domain"].all() and set(rows["sample_n"]) == {27} and set(rows["base_n"]) == {26}
    assert not _figure(dist, "2.5")["domain"].any()


def test_counts_sum_to_base(dist):
    sums = dist.groupby(["item", "respondent_type"])[["count", "base_n"]].agg({"count": "sum", "base_n": "first"})
    assert (sums["count"] == sums["base_n"]).all()


def test_intervals_bracket_the_estimate(dist):
    d = dist[dist["base_n"] > 0]
    assert (d["ci_lower"] <= d["percent_exact"] + 1e-9).all() and (d["percent_exact"] <= d["ci_upper"] + 1e-9).all()
    assert (d["wc_lower"] <= d["percent_exact"] + 1e-9).all()


def test_response_table_matches_tabel_1_1(bundled_codebook):
    study = load_study(bundled_codebook)
    t = estimate_all(study, AnalysisOptions(), with_comparisons=False)["response_table"]
    by_label = t.set_index("label")
    assert by_label.loc["Regionale sectorale samenwerkingsverbanden", ["targeted", "achieved"]].tolist() == [20, 20]
    assert by_label.loc["Provincies", ["targeted", "achieved"]].tolist() == [12, 9]
    assert by_label.loc["Arbeidsmarktregio's", ["targeted", "achieved"]].tolist() == [35, 27]
    assert by_label.loc["Regionale scholingsfondsen", ["targeted", "achieved"]].tolist() == [10, 9]
    assert by_label.loc["Overige partijen", ["targeted", "achieved"]].tolist() == [57, 45]
    total = by_label.loc["Respons"]
    assert (total["achieved"], round(total["response_rate"])) == (65, 84)


def test_success_factor_mentions(bundled_codebook):
    m = estimate_all(load_study(bundled_codebook), AnalysisOptions(), with_comparisons=False)["mentions"]
    assert m["mentions"].tolist() == [5, 5, 4, 3, 2, 2]
    assert set(m["respondent_type"]) == {"amr"}


def test_worst_case_bounds_of_a_routed_figure_allow_for_the_domain(dist):
    """Figure 2.6: 12 of the 26 AMR's asked are actively involved; 27 of 35 responded.
    Whatever the 8 non-responding AMR's would say, and whether or not they know the
    wgo's, the share lies in [12/(26+8), (12+8)/(26+8)] = [35.29, 58.82] %; the plain
    formula for a whole sample, [12/35, (12+9)/35], would be needlessly wide."""
    row = dist[(dist["figure"] == "2.6") & (dist["category"] == "1")].iloc[0]
    assert row["wc_lower"] == pytest.approx(100 * 12 / 34)
    assert row["wc_upper"] == pytest.approx(100 * 20 / 34)
    # familiarity (not routed): the plain bounds, 14 of 27 with 8 of 35 not responding
    row = dist[(dist["figure"] == "2.5") & (dist["category"] == "good")].iloc[0]
    assert (row["wc_lower"], row["wc_upper"]) == (pytest.approx(100 * 14 / 35), pytest.approx(100 * 22 / 35))
