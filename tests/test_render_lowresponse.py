"""render/lowresponse.py: where fewer than half of a type's population took part, the figure note and
the reading guide say so and give the worst-case bounds; appendix B shows them always."""
import pandas as pd
import pytest

from figure_artists import dist, study  # noqa: F401 (dist needs study)
from survey_inventory.render.lowresponse import bound_columns, is_low_response, low_response_guide
from survey_inventory.render.plan import plan_figures


def _low(dist, type_id="amr", population=342):
    """The bundled distributions with one respondent type's population made large: 27 of 342 took part."""
    return dist.assign(population_n=dist["population_n"].where(dist["respondent_type"] != type_id, population))


def _worst_case(count, n, population):
    """Worst-case bounds by hand: every non-participant out of (lower) or in (upper) the category,
    for a question everyone was asked (Manski-type bounds on the population share)."""
    return 100 * count / population, 100 * (count + population - n) / population


def test_the_threshold_is_half_of_the_population():
    assert is_low_response(170, 342) and not is_low_response(171, 342)    # 49.7% and 50.0%
    assert not is_low_response(9, 12) and not is_low_response(5, float("nan")) and not is_low_response(0, 0)


def test_a_figure_of_a_low_response_type_says_so_with_the_worst_case_bounds(dist, bundled_codebook):
    low = _low(dist)
    specs = {s.number: s for s in plan_figures(low, bundled_codebook)}
    note = [n for n in specs["2.5"].notes if n.startswith("Lage respons")]
    assert len(note) == 1
    assert "27 van 342 AMR's deden mee (8%)" in note[0]
    rows = low[low["figure"] == "2.5"].sort_values("category_order")
    for r in rows.itertuples():
        lo, hi = r.wc_lower, r.wc_upper
        assert f"{r.category_label} {round(lo)}%–{round(hi)}%" in note[0]
    # the other types are near-censuses: nothing added
    assert not [n for s in specs.values() if s.respondent_type != "amr" for n in s.notes if "respons" in n.lower()]
    assert not [n for s in plan_figures(dist, bundled_codebook) for n in s.notes if n.startswith("Lage respons")]


def test_worst_case_bounds_in_distributions_are_the_textbook_bounds(dist):
    """The note prints wc_lower/wc_upper; check them against the bounds by hand where nobody was routed."""
    rows = _low(dist)
    checked = 0
    for r in rows[(rows["respondent_type"] == "province") & ~rows["domain"].astype(bool)].itertuples():
        lo, hi = _worst_case(r.count, r.base_n, r.population_n)
        assert (r.wc_lower, r.wc_upper) == (pytest.approx(lo, abs=1e-3), pytest.approx(hi, abs=1e-3))
        checked += 1
    assert checked >= 12


def test_the_reading_guide_names_the_low_response_groups(dist, bundled_codebook):
    assert low_response_guide(dist, bundled_codebook, "nl") == []
    lines = low_response_guide(_low(dist), bundled_codebook, "en")
    assert len(lines) == 1 and lines[0].endswith("This applies to: AMR's (27 of 342).")
    both = low_response_guide(_low(_low(dist), "province", 40), bundled_codebook, "nl")
    assert both[0].endswith("Dit geldt voor: provincies (9 van 40); AMR's (27 van 342).")   # codebook order


def test_appendix_columns_show_worst_case_bounds_always_and_simultaneous_intervals_when_present():
    rows = pd.DataFrame({"wc_lower": [25.0, 10.0], "wc_upper": [50.0, 40.0]})
    columns, formats, notes = bound_columns(rows, ["", ""], "nl")
    assert list(columns) == ["Slechtste geval, ondergrens", "Slechtste geval, bovengrens"] and len(notes) == 1
    sim = rows.assign(sim_lower=[20.0, 5.0], sim_upper=[55.0, 45.0], sim_method="bonferroni-exact", sim_level=0.95)
    columns, formats, notes = bound_columns(sim, ["", "<5"], "nl")
    assert list(columns)[2:] == ["Simultaan 95%-interval, ondergrens", "Simultaan 95%-interval, bovengrens"]
    assert list(columns["Simultaan 95%-interval, ondergrens"]) == [20.0, "<5"]   # a suppressed cell keeps its mark
    assert set(formats.values()) == {"pct1"} and "bonferroni-exact" in notes[1]


def test_appendix_b_in_the_report_prints_the_bounds(dist, bundled_codebook):
    from survey_inventory.export.items import cell_text
    from survey_inventory.render.tables import distribution_tables

    b1 = distribution_tables(dist, bundled_codebook, "nl")[0]
    frame = b1.frame
    rows = dist[dist["measure"] == "familiarity"]
    assert len(frame) == len(rows)
    printed = sorted(cell_text(v, "pct1", "nl") for v in frame["Slechtste geval, bovengrens"])
    assert printed == sorted(cell_text(v, "pct1", "nl") for v in rows["wc_upper"])
