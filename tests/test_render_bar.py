"""render/bar.py: what is drawn is what distributions.csv says, read back from the rendered artists."""
import numpy as np
import pandas as pd
import pytest
from matplotlib.text import Text

from figure_artists import _legend, _rects, _rows, _texts, dist, study
from survey_inventory.analyze import AnalysisOptions, estimate_all
from survey_inventory.render.bar import bar_figure
from survey_inventory.render.plan import plan_figures
from survey_inventory.render.style import GAP


# -- the report's bars ---------------------------------------------------------------------

def test_every_bar_draws_the_exact_percentages_and_prints_the_rounded_ones(dist, bundled_codebook):
    specs = {s.key: s for s in plan_figures(dist, bundled_codebook)}
    for (item, type_id), rows in dist.groupby(["item", "respondent_type"]):
        rows = rows.sort_values("category_order")
        fig = bar_figure(rows, bundled_codebook)
        rects, texts = _rects(fig), _texts(fig)
        assert list(rects) == rows["category"].astype(str).tolist()
        for cat, exact, pct in zip(rows["category"].astype(str), rows["percent_exact"], rows["percent"]):
            assert rects[cat][1] == pytest.approx(exact, abs=1e-9)
            if pct > 0:
                assert texts[f"label:{cat}"].get_text() == f"{pct}%"
            else:
                assert f"label:{cat}" not in texts
        spec = specs[f"{item}:{type_id}"]
        caption = texts["caption"].get_text().replace("\n", " ")
        if spec.report_number:                                        # the report's own caption, numbered
            assert caption == spec.caption == rows["caption"].iloc[0]
        else:                                                         # the run's number ("4.2a"), on its rows too
            assert caption == rows["caption"].iloc[0] == spec.caption
            assert spec.number == rows["figure"].iloc[0] and spec.number[-1].isalpha()


def test_segments_are_adjacent_in_scale_order_and_dont_know_stands_apart(dist, bundled_codebook):
    rows = _rows(dist, "2.6")
    fig = bar_figure(rows, bundled_codebook)
    rects = _rects(fig)
    x = 0.0
    for cat in ("1", "2", "3"):
        assert rects[cat][0] == pytest.approx(x)
        x += rects[cat][1]
    assert rects["4"][0] == pytest.approx(x + GAP)                   # "Weet ik niet" after a gap
    assert fig.axes[0].get_xlim() == (0, 100 + GAP)
    assert _legend(fig) == ["Actief betrokken", "In contact", "Niet betrokken", "Weet ik niet"]
    notes = _texts(fig)["note"].get_text()
    assert ("antwoordde: Zeer goed, Goed, Redelijk/ deels of Slecht (N = 26 van 27 AMR's)."
            in notes.replace("\n", " "))                                # routed: who of the AMR's was asked (issue 11)


def test_a_category_nobody_chose_keeps_its_place_colour_and_legend_entry(dist, bundled_codebook):
    rows = _rows(dist, "2.7")                                         # funds, care: 89% / 0% / 11%
    fig = bar_figure(rows, bundled_codebook)
    rects = _rects(fig)
    assert list(rects) == ["good", "fair", "poor"] and rects["fair"][1] == 0
    assert rects["poor"][0] == pytest.approx(rects["good"][1])
    assert _legend(fig) == ["(Zeer) goed", "Redelijk/ deels (0%)", "(Zeer) slecht"]
    colours = {p.get_gid(): p.get_facecolor() for p in fig.axes[0].patches}
    other = bar_figure(_rows(dist, "2.3"), bundled_codebook)        # nobody at 0 there: same colours
    assert {p.get_gid(): p.get_facecolor() for p in other.axes[0].patches} == colours


def _bar(dist, figure, counts, **extra):
    rows = _rows(dist, figure).copy()
    base = sum(counts)
    rows["count"], rows["base_n"] = counts, base
    rows["percent_exact"] = 100.0 * np.array(counts) / base
    rows["percent"] = np.floor(rows["percent_exact"] + 0.5).astype(int)
    for k, v in extra.items():
        rows[k] = v
    return rows


@pytest.mark.parametrize("counts", [[1, 2, 95, 2], [0, 97, 1, 2], [3, 3, 1, 93], [1, 1, 1, 97]])
def test_labels_too_narrow_move_outside_without_overlap(dist, bundled_codebook, counts):
    fig = bar_figure(_bar(dist, "2.6", counts), bundled_codebook)
    renderer = fig.canvas.get_renderer()
    texts = _texts(fig)
    labels = {k: t for k, t in texts.items() if k.startswith("label:")}
    fig.canvas.draw()
    boxes = [Text.get_window_extent(t, renderer) for t in labels.values()]   # the text, not its leader line
    fig_box = fig.bbox
    for k, a in enumerate(boxes):
        assert fig_box.x0 <= a.x0 and a.x1 <= fig_box.x1
        for b in boxes[k + 1:]:
            assert a.x1 <= b.x0 or b.x1 <= a.x0 or a.y1 <= b.y0 or b.y1 <= a.y0, "labels overlap"
    shown = {k.split(":")[1]: t.get_text() for k, t in labels.items()}
    dropped = {str(c) for c, n in zip(range(1, 5), counts) if n} - set(shown)
    # every non-zero segment has its label, or the figure says where to find it
    assert not dropped or "tabel" in texts["note"].get_text()
    note = texts["note"].get_window_extent(renderer)
    assert note.y0 >= 0.03 * fig.dpi                                     # the note, that line too, fits the figure
    for cat, n in zip("1234", counts):
        if cat in shown:
            assert shown[cat] == f"{round(100 * n / sum(counts))}%"
    caption = texts["caption"].get_window_extent(renderer)
    assert all(b.y1 <= caption.y0 for b in boxes)                   # outside labels stay below the caption


def test_suppressed_cells_print_marks_and_never_a_number(dist, bundled_codebook):
    rows = _bar(dist, "2.6", [12, 6, 5, 3], suppressed=[False, False, True, True],
                suppression=["", "", "complement", "small"])
    for col in ("count", "percent", "percent_exact", "ci_lower", "ci_upper"):
        rows[col] = rows[col].astype("Float64")
        rows.loc[rows["suppressed"], col] = pd.NA
    fig = bar_figure(rows, bundled_codebook, min_cell=5)
    texts, rects = _texts(fig), _rects(fig)
    assert texts["label:3"].get_text() == "–" and texts["label:4"].get_text() == "<5"
    assert texts["label:1"].get_text() == "46%"
    assert rects["3"][1] == pytest.approx(rects["4"][1])             # equal shares: the width tells nothing
    assert "onderdrukt" in texts["note"].get_text()
    assert "19%" not in {t.get_text() for t in texts.values()}
    every = _bar(dist, "2.6", [12, 6, 5, 3], suppressed=True, suppression="base")
    for col in ("count", "percent", "percent_exact"):
        every[col] = pd.NA
    fig = bar_figure(every, bundled_codebook, min_cell=30)
    assert _texts(fig)["empty-text"].get_text() == "Alle cellen onderdrukt"


def test_missing_numbers_and_an_empty_base_do_not_crash(dist, bundled_codebook):
    rows = _rows(dist, "2.3").copy()
    rows["percent"] = pd.array([pd.NA] * 3, dtype="Int64")
    rows["percent_exact"] = np.nan
    rows["base_n"] = 0
    fig = bar_figure(rows, bundled_codebook)
    assert _texts(fig)["empty-text"].get_text() == "Geen antwoorden"
    assert all(w == 0 for _, w in _rects(fig).values())


def test_largest_remainder_rounding_sums_to_100_and_says_so(study, bundled_codebook):
    dist = estimate_all(study, AnalysisOptions(rounding="largest-remainder"), with_comparisons=False)["distributions"]
    for spec in plan_figures(dist, bundled_codebook):
        if spec.kind != "bar":
            continue
        rows = dist[(dist["item"] == spec.item) & (dist["respondent_type"] == spec.respondent_type)]
        fig = bar_figure(rows, bundled_codebook, caption=spec.caption, notes=spec.notes)
        printed = [int(t.get_text().rstrip("%")) for k, t in _texts(fig).items() if k.startswith("label:")]
        assert sum(printed) == 100
        assert "grootsterestmethode: elke balk telt op tot 100%" in _texts(fig)["note"].get_text().replace("\n", " ")
        assert spec.caption.endswith(", afgerond met de grootsterestmethode")      # the caption says so too


def test_english(study, bundled_codebook):
    dist = estimate_all(study, AnalysisOptions(lang="en"), with_comparisons=False)["distributions"]
    fig = bar_figure(_rows(dist, "2.4"), bundled_codebook, "en")
    caption = _texts(fig)["caption"].get_text().replace("\n", " ")
    assert caption == ("Figure 2.4 Involvement in regional employers' organisations in care and welfare, "
                       "among provinces (N = 9)")
    assert _legend(fig) == ["Actively involved", "In contact", "Not involved", "Don't know (0%)"]


def test_a_bar_is_full_width_whatever_categories_are_empty(dist, bundled_codebook):
    """A bar whose "Weet ik niet" is 0% has no gap: the scale runs to the right edge (issue 14)."""
    rows = _rows(dist, "2.4")                                         # provinces, care: "Weet ik niet" 0%
    assert rows.loc[~rows["substantive"].astype(bool), "percent_exact"].sum() == 0
    fig = bar_figure(rows, bundled_codebook)
    rects = _rects(fig)
    end = max(x + w for x, w in rects.values())
    assert fig.axes[0].get_xlim() == (0, 100)
    assert end == pytest.approx(100, abs=0.01)
    with_gap = bar_figure(_rows(dist, "2.6"), bundled_codebook)     # AMRs: 12% "Weet ik niet", after the gap
    assert with_gap.axes[0].get_xlim() == (0, 100 + GAP)
    assert max(x + w for x, w in _rects(with_gap).values()) == pytest.approx(100 + GAP, abs=0.01)


def test_a_dropped_label_gets_a_note_that_fits_the_figure(dist, bundled_codebook, monkeypatch):
    """Where an outside label finds no room (spread returns None for it), the note pointing to the table is
    counted in the figure's height: all of it is on the canvas (it was added after the height was set)."""
    import survey_inventory.render.bar as bar

    real = bar.spread
    monkeypatch.setattr(bar, "spread", lambda centres, widths, *a: [None] + real(centres, widths, *a)[1:])
    fig = bar_figure(_bar(dist, "2.6", [1, 2, 95, 2]), bundled_codebook)
    fig.canvas.draw()
    texts = _texts(fig)
    assert "tabel" in texts["note"].get_text()
    assert len([k for k in texts if k.startswith("label:")]) == 3       # one of the four is left out
    note = texts["note"].get_window_extent(fig.canvas.get_renderer())
    assert note.y0 >= 0.03 * fig.dpi
