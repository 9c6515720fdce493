"""Trend figures: files written and valid, bars equal to the percentages, the zero line, the intervals."""
import io
import xml.etree.ElementTree as ET

import matplotlib
import pandas as pd
import pytest
from PIL import Image

from survey_inventory.codebook import load_codebook
from survey_inventory.render.trend import change_dotplot, trend_figure, wave_shares, write_trend_figures
from conftest import BUNDLED

LABELS = {"w1": "2025", "w2": "2026"}


@pytest.fixture(scope="module")
def cb():
    return load_codebook(BUNDLED)


def _changes():
    return pd.DataFrame({"item": "care_familiarity", "respondent_type": ["amr"] * 3 + ["province"] * 3,
                         "wave_from": "w1", "wave_to": "w2", "sector": "care", "measure": "familiarity",
                         "category": ["good", "fair", "poor"] * 2, "category_label": ["a", "b", "c"] * 2,
                         "percent_from": [50.0, 30, 20, 40, 40, 20], "percent_to": [60.0, 30, 10, 40, 30, 30],
                         "change": [10.0, 0, -10, 0, -10, 10], "ci_lower": [2.0, -8, -19, -20, -30, -5],
                         "ci_upper": [18.0, 8, -1, 20, 10, 25]})


def test_files_exist_and_are_valid_png_and_svg(cb, tmp_path):
    files = write_trend_figures(_changes().query("respondent_type == 'amr'"), cb, tmp_path / "figures", LABELS)
    assert sorted(p.name for p in files) == sorted(
        ["trend_care_familiarity_amr.png", "trend_care_familiarity_amr.svg", "changes_w1_w2.png", "changes_w1_w2.svg"])
    for p in files:
        assert p.exists() and p.stat().st_size > 0
        if p.suffix == ".png":
            with Image.open(p) as im:
                im.verify()
                assert im.format == "PNG"
        else:
            assert ET.parse(p).getroot().tag.endswith("svg")


def test_same_input_same_svg_bytes(cb):
    from survey_inventory.render.pool import RC_PARAMS

    def svg():
        buf = io.BytesIO()
        with matplotlib.rc_context(RC_PARAMS):
            grid = change_dotplot(_changes(), cb, "w1", "w2", LABELS)
            grid.figure.savefig(buf, format="svg", metadata={"Date": None, "Creator": None})
        matplotlib.pyplot.close(grid.figure)
        return buf.getvalue()

    assert svg() == svg()


def test_stacked_bars_have_the_waves_percentages(cb):
    shares = wave_shares(_changes())
    with matplotlib.rc_context({"svg.hashsalt": "t"}):
        fig = trend_figure(shares, cb, "care_familiarity", "amr", LABELS)
    widths = {p.get_gid(): p.get_width() for p in fig.axes[0].patches}
    assert widths == {"w1:good": 50.0, "w2:good": 60.0, "w1:fair": 30.0, "w2:fair": 30.0, "w1:poor": 20.0,
                      "w2:poor": 10.0}
    lefts = {p.get_gid(): p.get_x() for p in fig.axes[0].patches}
    assert lefts["w2:poor"] == pytest.approx(90.0)                # stacked: after good and fair
    matplotlib.pyplot.close(fig)


def test_dotplot_one_panel_per_type_intervals_and_zero_line(cb):
    grid = change_dotplot(_changes(), cb, "w1", "w2", LABELS)
    axes = list(grid.axes.flat)
    assert len(axes) == 2                                          # province, amr
    for ax, t in zip(axes, ["province", "amr"]):
        zero = ax.lines[-1]
        assert list(zero.get_xdata()) == [0, 0]
        segs = ax.collections[0].get_segments()                    # the interval lines
        expected = _changes().query("respondent_type == @t")
        assert sorted((s[0][0], s[1][0]) for s in segs) == sorted(zip(expected["ci_lower"], expected["ci_upper"]))
    matplotlib.pyplot.close(grid.figure)


def test_forked_workers_write_the_serial_files_in_the_serial_order(cb, tmp_path, monkeypatch):
    """More than four figures are drawn by forked workers (one figure a task, dot plots first):
    the same files, the same bytes and the same list as drawn in one process."""
    from survey_inventory.render.pool import can_fork

    if not can_fork():
        pytest.skip("no fork here: the figures are always drawn in one process")
    base = _changes()
    changes = pd.concat([base, base.assign(item="green_familiarity", sector="green")], ignore_index=True)
    serial = write_trend_figures(changes, cb, tmp_path / "serial", LABELS, workers=1)
    from survey_inventory.render import trend

    drawn, fork = [], trend._draw_forked
    monkeypatch.setattr(trend, "_draw_forked", lambda *a: drawn.append(fork(*a)) or drawn[-1])
    forked = write_trend_figures(changes, cb, tmp_path / "forked", LABELS, workers=2)
    assert len(drawn) == 1 and drawn[0] is not None          # drawn by the workers, not here after all
    assert len(serial) == 10 and [p.name for p in forked] == [p.name for p in serial]
    assert [p.parent.name for p in forked] == ["forked"] * 10
    for a, b in zip(serial, forked):
        assert a.read_bytes() == b.read_bytes(), a.name


def test_a_trend_figure_is_laid_out_once_and_both_files_have_the_tight_box_of_the_png(cb, tmp_path, monkeypatch):
    # savefig(bbox_inches="tight") lays the figure out again for each file (four passes for PNG and SVG); the box is
    # found once and given to both: three passes, the PNG byte for byte what the tight savefig writes, the SVG of the
    # same size in points
    import re

    from matplotlib.figure import Figure

    from survey_inventory.render.figure_files import RC_PARAMS
    from survey_inventory.render.style import DPI
    from survey_inventory.render.trend import _draw_one, wave_shares

    changes = _changes()
    passes = []
    draw = Figure.draw
    monkeypatch.setattr(Figure, "draw", lambda self, renderer: (passes.append(1), draw(self, renderer))[1])
    png, svg = _draw_one(("trend", "care_familiarity", "amr"), wave_shares(changes), changes, cb, tmp_path, LABELS,
                         "nl", 0.95)
    assert len(passes) == 3
    monkeypatch.setattr(Figure, "draw", draw)
    with matplotlib.rc_context(RC_PARAMS):
        fig = trend_figure(wave_shares(changes), cb, "care_familiarity", "amr", LABELS, "nl")
        tight = tmp_path / "tight.png"
        fig.savefig(tight, format="png", dpi=DPI, facecolor="white", metadata={"Software": None},
                    bbox_inches="tight", pad_inches=0.1, pil_kwargs={"compress_level": 1})
    assert png.read_bytes() == tight.read_bytes()
    with Image.open(png) as im:
        width_px, height_px = im.size
    width_pt, height_pt = map(float, re.search(r'width="([\d.]+)pt" height="([\d.]+)pt"', svg.read_text()).groups())
    assert width_pt == pytest.approx(width_px * 72 / DPI, abs=0.5) and height_pt == pytest.approx(height_px * 72 / DPI,
                                                                                                  abs=0.5)
