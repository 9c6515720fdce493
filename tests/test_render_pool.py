"""render/pool.py: every figure to PNG (300 dpi) and SVG, the same bytes from worker processes,
no text off the canvas."""
import re
import xml.etree.ElementTree as ET

import pytest
from PIL import Image
from matplotlib.text import Text

from figure_artists import _texts, dist, study
from survey_inventory.analyze import AnalysisOptions, estimate_all
from survey_inventory.estimate import distributions
from survey_inventory.load import load_study
from survey_inventory.render.plan import plan_figures
from survey_inventory.render.pool import RC_PARAMS, can_fork, cancel_started, draw_figure, render_all, \
    start_figures
from survey_inventory.render.style import DPI, FIG_WIDTH


# -- files ---------------------------------------------------------------------------------

def test_render_all_writes_png_at_300_dpi_and_svg_deterministically(care, care_serial, bundled_codebook, tmp_path):
    out = care_serial                 # render_all of the care chapter, drawn in this process
    assert [f.number for f in out] == ["2.3", "2.4", "2.5", "2.6", "2.7", "2.8", "A.1", "A.2"]
    for fig in out:
        png, svg = fig.files
        assert png.suffix == ".png" and svg.suffix == ".svg" and png.stem == svg.stem
        with Image.open(png) as im:
            assert im.info["dpi"] == pytest.approx((300, 300), abs=0.01)
            assert im.width == round(FIG_WIDTH * 300)
        root = ET.parse(svg).getroot()
        texts = "".join(root.itertext())
        assert fig.caption.split(" (N")[0].split(" ")[-1] in texts   # text stays text in the SVG
        with Image.open(__import__("io").BytesIO(fig.embed_png)) as im:
            assert im.width == round(FIG_WIDTH * 300) and im.height < Image.open(png).height
    again = render_all(care[care["figure"] == "2.6"], bundled_codebook, tmp_path / "b", workers=1)
    first = next(f for f in out if f.number == "2.6")
    assert again[0].files[0].read_bytes() == first.files[0].read_bytes()
    assert again[0].files[1].read_bytes() == first.files[1].read_bytes()
    assert "fig_02_06_care_involvement_amr.png" in {p.name for p in first.files}


# -- words: inside the figure, never split, in the reader's language ------------------------------

@pytest.mark.parametrize("lang, rounding", [("nl", "half-up"), ("en", "largest-remainder")])
def test_no_text_runs_off_the_figure_and_n_stays_on_one_line(study, bundled_codebook, lang, rounding):
    import matplotlib

    dist = estimate_all(study, AnalysisOptions(lang=lang, rounding=rounding), with_comparisons=False)["distributions"]
    for spec in plan_figures(dist, bundled_codebook, lang):
        with matplotlib.rc_context(RC_PARAMS):                       # as render_all draws them, at the PNG's dpi
            fig = draw_figure(spec, dist, bundled_codebook, lang, 0, True)
            fig.set_dpi(DPI)
            renderer = fig.canvas.get_renderer()
            width = fig.bbox.width
            for t in fig.texts + [t for ax in fig.axes for t in ax.texts]:
                box = Text.get_window_extent(t, renderer)
                assert 0 <= box.x0 and box.x1 <= width, (spec.number, t.get_gid(), t.get_text())
            caption = _texts(fig)["caption"].get_text()
            assert not re.search(r"\(N\s*\n|=\s*\n", caption), caption         # "(N = 9)" is never broken
            assert caption.replace("\n", " ") == spec.caption


# -- worker processes: figures drawn by forked workers are the figures drawn in one process, byte for byte.
# ``render_all`` hands the figures to two forked workers when there are more than four (benchmarks/run.py
# times it; docs/performance.md); the output must not depend on which process drew what, nor on the order in
# which the workers finish.

@pytest.fixture(scope="module")
def care(bundled_codebook):
    dist = distributions(load_study(bundled_codebook).responses, bundled_codebook)
    return dist[dist["sector"] == "care"]


@pytest.fixture(scope="module")
def care_serial(care, bundled_codebook, tmp_path_factory):
    """The care chapter's figures drawn in this process (``workers=1``): what every other way of
    drawing them must give, byte for byte. Nothing may write into its folder."""
    return render_all(care, bundled_codebook, tmp_path_factory.mktemp("care") / "serial", workers=1)


@pytest.mark.slow  # draws a chapter's figures twice, in worker processes and in this one
def test_parallel_figures_are_the_serial_figures(care, care_serial, bundled_codebook, tmp_path):
    if not can_fork():
        pytest.skip("no fork start method here: render_all draws in one process anyway")
    serial = care_serial
    parallel = render_all(care, bundled_codebook, tmp_path / "parallel", workers=2)
    assert len(serial) > 4  # enough figures for the worker processes to be used
    assert [f.spec.key for f in parallel] == [f.spec.key for f in serial]  # report order kept
    for a, b in zip(serial, parallel):
        assert [p.name for p in a.files] == [p.name for p in b.files]
        for pa, pb in zip(a.files, b.files):
            assert pa.read_bytes() == pb.read_bytes(), pa.name
        assert a.embed_png == b.embed_png
    assert sorted(p.name for p in serial[0].files[0].parent.iterdir()) == \
        sorted(p.name for p in (tmp_path / "parallel").iterdir())


def test_started_figures_are_collected_once_and_redrawn_for_other_data(care, care_serial, bundled_codebook,
                                                                      tmp_path, monkeypatch):
    """analyze starts the figures while the comparisons run: render_all for that folder collects them (the
    same bytes as drawn in one process); for other data it draws those, leaving no file of the first."""
    if not can_fork():
        pytest.skip("no fork start method here: nothing is started early")
    serial = care_serial
    assert start_figures(care, bundled_codebook, tmp_path / "early")
    import survey_inventory.render.pool as pool

    for future in pool._STARTED[(tmp_path / "early").resolve()].futures:
        future.result()  # drawn by the workers; from here on no drawing may happen
    monkeypatch.setattr(pool, "_render_batch", lambda *a: pytest.fail("drawn again instead of collected"))
    early = render_all(care, bundled_codebook, tmp_path / "early")
    assert [f.spec.key for f in early] == [f.spec.key for f in serial]
    for a, b in zip(serial, early):
        assert [pa.read_bytes() for pa in a.files + a.bare] == [pb.read_bytes() for pb in b.files + b.bare]
    monkeypatch.undo()
    assert start_figures(care, bundled_codebook, tmp_path / "other")
    green = dist_of(bundled_codebook, "green")
    green = green[green["figure"] == green["figure"].iloc[0]]   # one bar and the overviews: other data enough
    other = render_all(green, bundled_codebook, tmp_path / "other", workers=1)
    assert len(other) == 2                                   # the bar and its overview
    assert sorted(p.name for p in (tmp_path / "other").iterdir()) == sorted(p.name for f in other
                                                                             for p in f.files + f.bare)
    assert start_figures(care, bundled_codebook, tmp_path / "dropped")
    cancel_started(tmp_path / "dropped")  # on an error: the workers are stopped, nothing waits to be collected
    assert not pool._STARTED


def dist_of(codebook, sector):
    dist = distributions(load_study(codebook).responses, codebook)
    return dist[dist["sector"] == sector]


# -- bare copies, valid SVG ids, a margin all round ---------------------------------------------------

NCNAME = re.compile(r"[A-Za-z_][A-Za-z0-9_.-]*\Z")


def test_every_figure_has_a_bare_copy_and_every_svg_id_is_a_valid_unique_xml_id(dist, bundled_codebook, tmp_path):
    out = render_all(dist[dist["figure"].isin(["2.3", "2.6"])], bundled_codebook, tmp_path, workers=1)
    assert [f.number for f in out] == ["2.3", "2.6", "A.1", "A.2"]
    for fig in out:
        png, svg = fig.files
        bare_png, bare_svg = fig.bare
        assert (bare_png.name, bare_svg.name) == (f"{png.stem}_bare.png", f"{svg.stem}_bare.svg")
        assert bare_png.read_bytes() == fig.embed_png                      # the reports embed the bare copy
        with Image.open(png) as full, Image.open(bare_png) as bare:
            assert bare.width == full.width and bare.height < full.height
        bare_text = " ".join(ET.parse(bare_svg).getroot().itertext())
        # the bare SVG is the bare PNG's band: its view box as high as the PNG (300 dpi), as wide as the figure
        root, full_root = ET.parse(bare_svg).getroot(), ET.parse(svg).getroot()
        x0, y0, w, h = map(float, root.get("viewBox").split())
        with Image.open(bare_png) as bare:
            assert x0 == 0 and abs(h / 72 * 300 - bare.height) <= 1 and abs(w / 72 * 300 - bare.width) <= 1
        assert 0 < y0 and y0 + h < float(full_root.get("viewBox").split()[3])       # the caption above, notes below
        assert root.get("height") == f"{h:g}pt" and root.get("width") == full_root.get("width")
        assert {e.get("id") for e in root.iter()} == {e.get("id") for e in full_root.iter()} - {"caption", "note"}
        assert fig.caption.split(" (N")[0] not in bare_text                # no caption, no notes
        assert not any(n[:40] in bare_text for n in fig.spec.notes)
        for path in (svg, bare_svg):
            ids = [e.get("id") for e in ET.parse(path).getroot().iter() if e.get("id") is not None]
            assert ids and all(NCNAME.match(i) for i in ids), [i for i in ids if not NCNAME.match(i)]
            assert len(ids) == len(set(ids)), path.name
    bar_ids = {e.get("id") for e in ET.parse(out[1].files[1]).getroot().iter()}
    assert {"_1", "_2", "_3", "_4", "label__1"} <= bar_ids                  # category "1" and its label, readable


def test_valid_svg_ids_keep_references_of_matplotlibs_own_ids():
    from survey_inventory.render.pool import valid_svg_ids

    svg = '<g id="p1a"/><use xlink:href="#p1a"/><path clip-path="url(#p1a)"/><g id="dot:care:amr:1"/>'
    assert valid_svg_ids(svg) == svg.replace('"dot:care:amr:1"', '"dot__care__amr__1"')


@pytest.mark.parametrize("show_text", [True, False])
def test_nothing_touches_the_canvas_edge(dist, bundled_codebook, show_text):
    """Every text at least 0.05 inch inside the left and right edges (the overview's "N = 113" touched it)."""
    import matplotlib

    wide = dist.assign(base_n=dist["base_n"].where(dist["respondent_type"] != "fund", 113))  # three-digit N
    for spec in plan_figures(wide, bundled_codebook):
        with matplotlib.rc_context(RC_PARAMS):
            fig = draw_figure(spec, wide, bundled_codebook, "nl", 0, show_text)
            fig.set_dpi(DPI)
            renderer = fig.canvas.get_renderer()
            width = fig.bbox.width
            for t in fig.texts + [t for ax in fig.axes for t in ax.texts]:
                box = Text.get_window_extent(t, renderer)
                assert box.x0 >= 0.05 * DPI and box.x1 <= width - 0.05 * DPI, (spec.number, t.get_text())


# -- one layout for the captioned figure and its bare copy ----------------------------------------

def _raster(fig):
    import numpy as np

    fig.set_dpi(DPI)
    fig.canvas.draw()
    return np.asarray(fig.canvas.buffer_rgba())[:, :, :3].astype(int)


@pytest.mark.parametrize("number", ["2.4", "A.2"])   # a bar (caption, routing note) and an overview
def test_captioned_png_is_a_full_draw_and_the_bare_png_a_draw_without_text(dist, bundled_codebook, tmp_path,
                                                                           number):
    """The PNGs come from one layout (caption and notes drawn onto the body's raster, the bare copy cut
    from it): the captioned PNG has the very pixels of drawing the figure whole, and the bare copy those of
    drawing it with show_text=False, up to the sub-pixel offset of the cut (same size, content in place)."""
    import io

    import matplotlib
    import numpy as np

    from survey_inventory.render.figure_files import render_one

    spec = next(s for s in plan_figures(dist, bundled_codebook) if s.number == number)
    with matplotlib.rc_context(RC_PARAMS):     # as render_all draws each figure
        files, _, embed_png = render_one(spec, dist, bundled_codebook, tmp_path, "nl", 0)
        full = _raster(draw_figure(spec, dist, bundled_codebook, "nl", 0, True))
        bare = _raster(draw_figure(spec, dist, bundled_codebook, "nl", 0, False))
    with Image.open(files[0]) as im:
        assert np.array_equal(np.asarray(im.convert("RGB")).astype(int), full)
    with Image.open(io.BytesIO(embed_png)) as im:
        cut = np.asarray(im.convert("RGB")).astype(int)
    assert cut.shape == bare.shape
    differ = np.abs(cut - bare).sum(axis=2) > 30             # only where a hatch's pattern starts elsewhere
    assert differ.mean() < 0.005
    shifted = np.abs(np.roll(bare, 1, axis=0) - bare).mean()  # the same picture one pixel lower
    assert np.abs(cut - bare).mean() < shifted / 10


# -- workers made ready while the data are read ----------------------------------------------------

def test_warm_workers_draw_the_started_figures_with_the_same_bytes(care, care_serial, bundled_codebook, tmp_path):
    """analyze forks the figure workers before loading (render.workers.warm_workers); the figures then
    started go to those workers, and are byte for byte what one process draws."""
    if not can_fork():
        pytest.skip("no fork start method here")
    from survey_inventory.render import workers

    serial = care_serial
    assert workers.warm_workers(2)
    warm = workers._WARM["pool"]
    assert start_figures(care, bundled_codebook, tmp_path / "warm")
    import survey_inventory.render.pool as pool

    assert pool._STARTED[(tmp_path / "warm").resolve()].pool is warm and not workers._WARM   # taken, not a new one
    drawn = render_all(care, bundled_codebook, tmp_path / "warm")
    for a, b in zip(serial, drawn):
        assert [pa.read_bytes() for pa in a.files + a.bare] == [pb.read_bytes() for pb in b.files + b.bare]


def test_analyze_stopped_by_bad_input_leaves_no_worker_behind(bundled_codebook, tmp_path):
    import multiprocessing as mp
    import shutil

    from survey_inventory.analyze import analyze
    from survey_inventory.codebook import load_codebook
    from survey_inventory.errors import SurveyInputError
    from survey_inventory.render import workers

    folder = tmp_path / "study"
    shutil.copytree(bundled_codebook.path.parent.parent / "surveys" / bundled_codebook.study.id, folder / "data")
    source = next(p for p in (folder / "data").iterdir() if p.suffix == ".csv")
    source.write_text("", encoding="utf-8")                   # an empty export: refused while loading
    text = bundled_codebook.path.read_text(encoding="utf-8")
    cb_file = folder / "codebook.yaml"
    cb_file.write_text(text.replace(f"../surveys/{bundled_codebook.study.id}/", "data/"), encoding="utf-8")
    load_codebook(cb_file)
    with pytest.raises(SurveyInputError):
        analyze(cb_file, tmp_path / "out")
    assert not workers._WARM and not mp.active_children()
    assert not (tmp_path / "out").exists()


def test_planned_figures_are_the_started_plans_or_planned_anew(care, bundled_codebook, tmp_path, monkeypatch):
    """write_all takes the plans of the figures being drawn (no second planning); for other data it plans."""
    import survey_inventory.render.pool as pool
    from survey_inventory.render.pool import planned_figures

    expected = [s.key for s in plan_figures(care, bundled_codebook)]
    if can_fork():
        assert start_figures(care, bundled_codebook, tmp_path / "early")
        with monkeypatch.context() as m:
            m.setattr(pool, "plan_figures", lambda *a, **k: pytest.fail("planned again"))
            early = planned_figures(care, bundled_codebook, tmp_path / "early")
        assert [f.spec.key for f in early] == expected and not any(f.files for f in early)
        cancel_started(tmp_path / "early")
    other = care[care["item"] == care["item"].iloc[0]]
    assert [f.spec.key for f in planned_figures(other, bundled_codebook, tmp_path / "early")] == \
        [s.key for s in plan_figures(other, bundled_codebook)]


def _garbage_after_figures(count, dist, codebook, folder):
    """In a fresh forked worker: draw ``count`` figures as the pool does, then count the objects the
    cyclic collector still tracks outside the frozen generation."""
    import gc

    from survey_inventory.render.pool import _render_in_worker

    specs = plan_figures(dist, codebook, "nl")[:count]
    for spec in specs:
        _render_in_worker([spec], dist, codebook, folder, "nl", 0)
    return len(gc.get_objects())


def test_a_worker_does_not_keep_the_garbage_of_the_figures_it_drew(dist, bundled_codebook, tmp_path):
    """Issue 17: a figure is a web of reference cycles; without a collection after each figure a worker grew
    by 1-2 MiB a figure (160 MiB each at 10^6 respondents). Twelve figures leave no more behind than two."""
    if not can_fork():
        pytest.skip("no fork start method here: figures are drawn in this process")
    import multiprocessing as mp
    from concurrent.futures import ProcessPoolExecutor

    left = []
    for count in (2, 12):
        with ProcessPoolExecutor(1, mp_context=mp.get_context("fork")) as pool:
            left.append(pool.submit(_garbage_after_figures, count, dist, bundled_codebook, tmp_path).result())
    assert left[1] < left[0] + 500, left


def test_a_bare_svg_not_laid_out_as_expected_is_drawn_again(dist, bundled_codebook, tmp_path, monkeypatch):
    """The bare SVG is cut from the captioned one's text where matplotlib lays it out as expected; where
    not (here: no caption group found), the figure is saved again without caption and notes, as before."""
    import survey_inventory.render.figure_files as figure_files

    one = dist[dist["figure"] == "2.6"]
    cut = render_all(one, bundled_codebook, tmp_path / "cut", workers=1)[0]
    monkeypatch.setattr(figure_files, "_SVG_TEXT_GROUP", re.compile("(?!)"))
    drawn = render_all(one, bundled_codebook, tmp_path / "drawn", workers=1)[0]
    for fig in (cut, drawn):
        root = ET.parse(fig.bare[1]).getroot()
        assert root.get("height") == "69.12pt" and not {"caption", "note"} & {e.get("id") for e in root.iter()}
    assert cut.bare[1].read_bytes() != drawn.bare[1].read_bytes()              # the second is a new drawing
    assert cut.files[1].read_bytes() == drawn.files[1].read_bytes()
