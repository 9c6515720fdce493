"""Figures: what is drawn is what distributions.csv says, read back from the rendered artists."""
import re
import xml.etree.ElementTree as ET

import numpy as np
import pandas as pd
import pytest
from matplotlib.text import Text
from PIL import Image

from survey_inventory.analyze import AnalysisOptions, estimate_all
from survey_inventory.load import load_study
from survey_inventory.render import figures as F


@pytest.fixture(scope="module")
def study(bundled_codebook):
    return load_study(bundled_codebook)


@pytest.fixture(scope="module")
def dist(study):
    return estimate_all(study, AnalysisOptions())["distributions"]


def _rows(dist, figure):
    return dist[dist["figure"] == figure].sort_values("category_order")


def _rects(fig):
    """The bar's segments: category id -> (x, width)."""
    ax = fig.axes[0]
    return {p.get_gid(): (p.get_x(), p.get_width()) for p in ax.patches if p.get_gid() not in (None, "empty")}


def _texts(fig):
    """Every text artist by gid (figure texts, axes texts and annotations)."""
    out = {}
    for t in fig.texts + [t for ax in fig.axes for t in ax.texts]:
        if t.get_gid():
            out[t.get_gid()] = t
    return out


def _legend(fig):
    texts = _texts(fig)
    return [texts[k].get_text() for k in sorted((k for k in texts if k.startswith("legend:")),
                                                key=lambda k: int(k.split(":")[1]))]


# -- palette ------------------------------------------------------------------------

def test_palette_follows_the_codebook_and_reads_in_grey(bundled_codebook):
    fam = F.palette(bundled_codebook, "care_familiarity")
    assert list(fam) == ["good", "fair", "poor"]                      # the report collapse, in scale order
    assert F.palette(bundled_codebook, "ict_familiarity") == fam      # same category, same colour, every figure
    inv = F.palette(bundled_codebook, "involvement")
    assert list(inv) == ["1", "2", "3", "4"]
    for styles in (fam, inv):
        subst = [s for s in styles.values() if s.substantive]
        grey = [F.luminance(s.color) for s in subst]
        assert all(b - a > 0.15 for a, b in zip(grey, grey[1:]))     # dark to light, far apart when printed in grey
        assert all(s.hatch is None for s in subst)
    dont_know = inv["4"]
    assert not dont_know.substantive and dont_know.hatch and dont_know.color == F.NEUTRAL
    assert len({s.marker for s in inv.values()}) == 4                # the overview tells them apart without colour


# -- the report's bars ---------------------------------------------------------------------

def test_every_bar_draws_the_exact_percentages_and_prints_the_rounded_ones(dist, bundled_codebook):
    specs = {s.key: s for s in F.plan_figures(dist, bundled_codebook)}
    for (item, type_id), rows in dist.groupby(["item", "respondent_type"]):
        rows = rows.sort_values("category_order")
        fig = F.bar_figure(rows, bundled_codebook)
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
        else:                                                         # numbered only within a run ("4.2a")
            assert caption == rows["caption"].iloc[0] == spec.caption.split(" ", 2)[2]


def test_segments_are_adjacent_in_scale_order_and_dont_know_stands_apart(dist, bundled_codebook):
    rows = _rows(dist, "2.6")
    fig = F.bar_figure(rows, bundled_codebook)
    rects = _rects(fig)
    x = 0.0
    for cat in ("1", "2", "3"):
        assert rects[cat][0] == pytest.approx(x)
        x += rects[cat][1]
    assert rects["4"][0] == pytest.approx(x + F.GAP)                   # "Weet ik niet" after a gap
    assert fig.axes[0].get_xlim() == (0, 100 + F.GAP)
    assert _legend(fig) == ["Actief betrokken", "In contact", "Niet betrokken", "Weet ik niet"]
    notes = _texts(fig)["note"].get_text()
    assert "Alleen gevraagd aan wie de verbanden kent: N = 26 van 27 AMR's." in notes.replace("\n", " ")


def test_a_category_nobody_chose_keeps_its_place_colour_and_legend_entry(dist, bundled_codebook):
    rows = _rows(dist, "2.7")                                         # funds, care: 89% / 0% / 11%
    fig = F.bar_figure(rows, bundled_codebook)
    rects = _rects(fig)
    assert list(rects) == ["good", "fair", "poor"] and rects["fair"][1] == 0
    assert rects["poor"][0] == pytest.approx(rects["good"][1])
    assert _legend(fig) == ["(Zeer) goed", "Redelijk/ deels (0%)", "(Zeer) slecht"]
    colours = {p.get_gid(): p.get_facecolor() for p in fig.axes[0].patches}
    other = F.bar_figure(_rows(dist, "2.3"), bundled_codebook)        # nobody at 0 there: same colours
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
    fig = F.bar_figure(_bar(dist, "2.6", counts), bundled_codebook)
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
    fig = F.bar_figure(rows, bundled_codebook, min_cell=5)
    texts, rects = _texts(fig), _rects(fig)
    assert texts["label:3"].get_text() == "–" and texts["label:4"].get_text() == "<5"
    assert texts["label:1"].get_text() == "46%"
    assert rects["3"][1] == pytest.approx(rects["4"][1])             # equal shares: the width tells nothing
    assert "onderdrukt" in texts["note"].get_text()
    assert "19%" not in {t.get_text() for t in texts.values()}
    every = _bar(dist, "2.6", [12, 6, 5, 3], suppressed=True, suppression="base")
    for col in ("count", "percent", "percent_exact"):
        every[col] = pd.NA
    fig = F.bar_figure(every, bundled_codebook, min_cell=30)
    assert _texts(fig)["empty-text"].get_text() == "Alle cellen onderdrukt"


def test_missing_numbers_and_an_empty_base_do_not_crash(dist, bundled_codebook):
    rows = _rows(dist, "2.3").copy()
    rows["percent"] = pd.array([pd.NA] * 3, dtype="Int64")
    rows["percent_exact"] = np.nan
    rows["base_n"] = 0
    fig = F.bar_figure(rows, bundled_codebook)
    assert _texts(fig)["empty-text"].get_text() == "Geen antwoorden"
    assert all(w == 0 for _, w in _rects(fig).values())


def test_largest_remainder_rounding_sums_to_100_and_says_so(study, bundled_codebook):
    dist = estimate_all(study, AnalysisOptions(rounding="largest-remainder"))["distributions"]
    for spec in F.plan_figures(dist, bundled_codebook):
        if spec.kind != "bar":
            continue
        rows = dist[(dist["item"] == spec.item) & (dist["respondent_type"] == spec.respondent_type)]
        fig = F.bar_figure(rows, bundled_codebook, caption=spec.caption, notes=spec.notes)
        printed = [int(t.get_text().rstrip("%")) for k, t in _texts(fig).items() if k.startswith("label:")]
        assert sum(printed) == 100
        assert "grootsterestmethode: elke balk telt op tot 100%" in _texts(fig)["note"].get_text().replace("\n", " ")
        assert spec.caption.endswith(", afgerond met de grootsterestmethode")      # the caption says so too


def test_half_up_rounding_says_when_a_bar_does_not_sum_to_100(dist, bundled_codebook):
    spec = next(s for s in F.plan_figures(dist, bundled_codebook) if s.number == "2.3")   # 33 + 44 + 22
    assert "Door afronding tellen de percentages op tot 99%." in spec.notes


def test_english(study, bundled_codebook):
    dist = estimate_all(study, AnalysisOptions(lang="en"))["distributions"]
    fig = F.bar_figure(_rows(dist, "2.4"), bundled_codebook, "en")
    caption = _texts(fig)["caption"].get_text().replace("\n", " ")
    assert caption == ("Figure 2.4 Involvement in regional employers' organisations in care and welfare, "
                       "among provinces (N = 9)")
    assert _legend(fig) == ["Actively involved", "In contact", "Not involved", "Don't know (0%)"]


def test_numbers_follow_the_report_and_fill_its_gaps(dist, bundled_codebook):
    specs = F.plan_figures(dist, bundled_codebook)
    numbers = [s.number for s in specs]
    assert numbers[:8] == ["2.3", "2.4", "2.5", "2.6", "2.7", "2.8", "4.2", "4.2a"]
    assert numbers[-2:] == ["A.1", "A.2"]
    extra = specs[7]
    assert (extra.item, extra.respondent_type, extra.report_number) == ("green_involvement", "province", False)
    assert extra.caption.startswith("Figuur 4.2a Betrokkenheid bij hotspots")
    assert len(set(numbers)) == len(numbers)


# -- the overview ------------------------------------------------------------------------

@pytest.mark.parametrize("measure", ["familiarity", "involvement"])
def test_overview_shows_every_percentage_and_interval(dist, bundled_codebook, measure):
    fig = F.overview_figure(dist, bundled_codebook, measure)
    lines = {ln.get_gid(): ln for ax in fig.axes for ln in ax.lines if ln.get_gid()}
    rows = dist[dist["measure"] == measure]
    assert sum(k.startswith("dot:") for k in lines) == len(rows)
    for r in rows.itertuples():
        tag = f"{r.sector}:{r.respondent_type}:{r.category}"
        assert lines[f"dot:{tag}"].get_xdata()[0] == pytest.approx(r.percent_exact)
        if r.ci_upper > r.ci_lower:
            assert list(lines[f"ci:{tag}"].get_xdata()) == pytest.approx([r.ci_lower, r.ci_upper])
    assert len(fig.axes) == 3                                        # one panel per respondent type
    caption = _texts(fig)["caption"].get_text()
    assert caption.startswith("Figuur A.")


# -- files ---------------------------------------------------------------------------------

def test_render_all_writes_png_at_300_dpi_and_svg_deterministically(dist, bundled_codebook, tmp_path):
    care = dist[dist["sector"] == "care"]
    out = F.render_all(care, bundled_codebook, tmp_path / "a", workers=1)
    assert [f.number for f in out] == ["2.3", "2.4", "2.5", "2.6", "2.7", "2.8", "A.1", "A.2"]
    for fig in out:
        png, svg = fig.files
        assert png.suffix == ".png" and svg.suffix == ".svg" and png.stem == svg.stem
        with Image.open(png) as im:
            assert im.info["dpi"] == pytest.approx((300, 300), abs=0.01)
            assert im.width == round(F.FIG_WIDTH * 300)
        root = ET.parse(svg).getroot()
        texts = "".join(root.itertext())
        assert fig.caption.split(" (N")[0].split(" ")[-1] in texts   # text stays text in the SVG
        with Image.open(__import__("io").BytesIO(fig.embed_png)) as im:
            assert im.width == round(F.FIG_WIDTH * 300) and im.height < Image.open(png).height
    again = F.render_all(care[care["figure"] == "2.6"], bundled_codebook, tmp_path / "b", workers=1)
    first = next(f for f in out if f.number == "2.6")
    assert again[0].files[0].read_bytes() == first.files[0].read_bytes()
    assert again[0].files[1].read_bytes() == first.files[1].read_bytes()
    assert "Figuur_2.6_care_involvement_amr.png" in {p.name for p in first.files}


# -- words: inside the figure, never split, in the reader's language ------------------------------

@pytest.mark.parametrize("lang, rounding", [("nl", "half-up"), ("en", "largest-remainder")])
def test_no_text_runs_off_the_figure_and_n_stays_on_one_line(study, bundled_codebook, lang, rounding):
    import matplotlib

    dist = estimate_all(study, AnalysisOptions(lang=lang, rounding=rounding))["distributions"]
    for spec in F.plan_figures(dist, bundled_codebook, lang):
        with matplotlib.rc_context(F._RC):                       # as render_all draws them, at the PNG's dpi
            fig = F._draw(spec, dist, bundled_codebook, lang, 0, True)
            fig.set_dpi(F.DPI)
            renderer = fig.canvas.get_renderer()
            width = fig.bbox.width
            for t in fig.texts + [t for ax in fig.axes for t in ax.texts]:
                box = Text.get_window_extent(t, renderer)
                assert 0 <= box.x0 and box.x1 <= width, (spec.number, t.get_gid(), t.get_text())
            caption = _texts(fig)["caption"].get_text()
            assert not re.search(r"\(N\s*\n|=\s*\n", caption), caption         # "(N = 9)" is never broken
            assert caption.replace("\n", " ") == spec.caption


def test_a_figure_the_report_lacks_says_why_its_number_has_a_letter(dist, bundled_codebook):
    specs = {s.number: s for s in F.plan_figures(dist, bundled_codebook)}
    assert specs["4.2a"].notes[0] == ("Figuur 4.2a staat niet in het rapport; het nummer volgt op figuur 4.2, "
                                      "zodat de nummers van het rapport gelijk blijven.")
    assert not any("niet in het rapport" in n for s in specs.values() if s.report_number for n in s.notes)


def test_overview_notes_name_the_interval_method_in_the_readers_language(study, bundled_codebook):
    for lang, words, foreign in (("nl", "exact hypergeometrisch", "hypergeometric"),
                                 ("en", "exact hypergeometric", "hypergeometrisch")):
        dist = estimate_all(study, AnalysisOptions(lang=lang))["distributions"]
        notes = " ".join(n for s in F.plan_figures(dist, bundled_codebook, lang) if s.kind == "overview"
                         for n in s.notes)
        assert words in notes and foreign not in notes.replace(words, "")
        assert "domain" not in notes and "N_d" not in notes and "N=" not in notes


@pytest.mark.parametrize("raw, nl, en", [
    ("hypergeometric exact (N=12)", "exact hypergeometrisch, met de populatieomvang",
     "exact hypergeometric, with the population size"),
    ("hypergeometric exact, domain (N_d = 26..34 of N=35)",
     "exact hypergeometrisch voor een deelpopulatie van onbekende omvang",
     "exact hypergeometric for a subpopulation of unknown size"),
    ("census (n = N): no sampling error", "volledige telling, geen steekproeffout", "census, no sampling error"),
    ("census (all N units responded): no sampling error", "volledige telling, geen steekproeffout",
     "census, no sampling error"),
    ("wilson", "Wilson", "Wilson"),
    ("wilson (no fpc)", "Wilson, zonder correctie voor de eindige populatie",
     "Wilson, without finite population correction"),
    ("clopper-pearson (population unknown)", "Clopper-Pearson (exact binomiaal), populatieomvang onbekend",
     "Clopper-Pearson (exact binomial), population size unknown"),
    ("logit (fpc N=35, df=8)", "logit, als R survey::svyciprop", "logit, as R survey::svyciprop"),
    ("hypergeometric exact (N=35); logit degenerate at k = 0", "exact hypergeometrisch, met de populatieomvang",
     "exact hypergeometric, with the population size"),
    ("bonferroni-exact: hypergeometric exact (N=35)",
     "simultaan (Bonferroni): exact hypergeometrisch, met de populatieomvang",
     "simultaneous (Bonferroni): exact hypergeometric, with the population size"),
    ("goodman simultaneous (K=4)", "simultaan (Goodman)", "simultaneous (Goodman)"),
    ("something new", "something new", "something new"),
])
def test_method_labels_for_readers(raw, nl, en):
    from survey_inventory.render import method_label

    assert method_label(raw, "nl") == nl and method_label(raw, "en") == en


@pytest.mark.parametrize("rounding, nl, en", [("half-up", "", ""),
                                              ("half-even", ", afgerond half naar even", ", rounded half to even"),
                                              ("truncate", ", naar beneden afgerond", ", rounded down")])
def test_a_caption_names_every_rounding_rule_but_the_reports(study, bundled_codebook, rounding, nl, en):
    for lang, suffix in (("nl", nl), ("en", en)):
        dist = estimate_all(study, AnalysisOptions(lang=lang, rounding=rounding))["distributions"]
        bars = [s for s in F.plan_figures(dist, bundled_codebook, lang) if s.kind == "bar"]
        assert all(s.caption.endswith(f"(N = {s.caption.split('(N = ')[1].split(')')[0]})" + suffix) for s in bars)
