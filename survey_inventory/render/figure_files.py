"""One figure to its files: PNG (300 dpi) and SVG with caption and notes, and a bare copy of each.

* :func:`draw_figure`: the matplotlib figure of one plan (a bar or an overview);
* :func:`render_one`: that figure at 300 dpi as ``<stem>.png`` and ``<stem>.svg`` with
  caption and notes, and ``<stem>_bare.png/.svg`` without them (the Word and HTML reports
  embed the bare PNG and print caption and notes as text) -- one layout and one raster
  serve all four files;
* :func:`valid_svg_ids`: every SVG element id a valid XML id.

:mod:`~survey_inventory.render.pool` runs :func:`render_one` for every figure of a run,
in worker processes where it can.
"""
from __future__ import annotations

import io
import re
from pathlib import Path

import pandas as pd

from .bar import bar_figure
from .overview import overview_figure
from .plan import FigureSpec
from .style import DPI

__all__ = ["draw_figure", "render_one", "valid_svg_ids", "RC_PARAMS"]

_PNG_LEVEL = 1             # zlib level: level 6 takes three times as long for 10% smaller files


#: matplotlib settings every figure is drawn with: fixed SVG ids (two runs, same bytes), text as text.
RC_PARAMS = {"svg.hashsalt": "survey-inventory", "svg.fonttype": "none", "font.family": "DejaVu Sans",
             "hatch.linewidth": 0.8}


def draw_figure(spec: FigureSpec, dist: pd.DataFrame, codebook, lang, min_cell: int = 0, show_text: bool = True):
    """Draw the figure ``spec`` plans (a bar or an overview) from ``dist``; return the matplotlib Figure.

    Draw it inside ``matplotlib.rc_context(RC_PARAMS)`` to get what :func:`render_all` writes.

    Parameters
    ----------
    spec : FigureSpec
        From :func:`~survey_inventory.render.plan.plan_figures`.
    dist : pandas.DataFrame
        ``distributions`` (all rows; the figure's own are picked here).
    codebook : survey_inventory.codebook.Codebook
    lang : {"nl", "en"}
    min_cell : int
    show_text : bool
        False leaves out caption and notes.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> from survey_inventory.datasets import load_example
    >>> from survey_inventory.render.plan import plan_figures
    >>> cb, study, dist = load_example()
    >>> fig = draw_figure(plan_figures(dist, cb)[0], dist, cb, "nl")
    >>> [p.get_gid() for p in fig.axes[0].patches]
    ['good', 'fair', 'poor']
    """
    if spec.kind == "overview":
        return overview_figure(dist, codebook, spec.measure, lang, caption=spec.caption, notes=spec.notes,
                               min_cell=min_cell, show_text=show_text)
    rows = dist[(dist["item"] == spec.item) & (dist["respondent_type"] == spec.respondent_type)]
    return bar_figure(rows, codebook, lang, caption=spec.caption, notes=spec.notes, min_cell=min_cell,
                      show_text=show_text)


def render_one(spec: FigureSpec, dist: pd.DataFrame, codebook, folder: Path, lang, min_cell):
    """Draw one figure at 300 dpi as PNG and SVG with caption and notes, and its bare copy
    (``<stem>_bare.png/.svg``, no caption, no notes) whose PNG the Word and HTML reports embed.

    One layout serves both: the figure is rasterised once with caption and notes hidden, the
    bare PNG is the body's band of that raster (:func:`_bare_band`), and the caption and notes
    are then drawn onto the same raster for the captioned PNG. The bare SVG is the captioned
    figure saved without them, cut to the same band.

    Returns
    -------
    (list of pathlib.Path, list of pathlib.Path, bytes)
        The captioned PNG and SVG, the bare PNG and SVG, and the bare PNG's bytes.
    """
    files, bare = [folder / f"{spec.stem}.png", folder / f"{spec.stem}.svg"], \
        [folder / f"{spec.stem}_bare.png", folder / f"{spec.stem}_bare.svg"]
    fig = draw_figure(spec, dist, codebook, lang, min_cell, show_text=True)
    texts = [t for t in fig.texts if t.get_gid() in ("caption", "note")]
    top, bottom = fig._survey_inventory["bare"]
    width, height = fig.get_size_inches()
    fig.set_dpi(DPI)
    for t in texts:
        t.set_visible(False)
    fig.canvas.draw()
    embed = _png(_bare_band(fig.canvas.buffer_rgba(), top, bottom, height))
    for t in texts:  # onto the same raster: what a full draw with them would give, as nothing else is there
        t.set_visible(True)
        fig.draw_artist(t)
    bare[0].write_bytes(embed)
    files[0].write_bytes(_png(fig.canvas.buffer_rgba()))
    svg = _svg(fig)
    files[1].write_text(svg, encoding="utf-8")
    cut = _bare_svg(svg, top, bottom, width)
    if cut is None:  # not laid out as _bare_svg expects: drawn again without the caption and notes
        from matplotlib.transforms import Bbox

        for t in texts:
            t.set_visible(False)
        cut = _svg(fig, bbox_inches=Bbox.from_extents(0, height - bottom, width, height - top))
    bare[1].write_text(cut, encoding="utf-8")
    return files, bare, embed


_SVG_TEXT_GROUP = re.compile(r'^  <g id="(?:caption|note)">\n.*?^  </g>\n', re.MULTILINE | re.DOTALL)
_SVG_SIZE = re.compile(r'<svg ([^>]*?)height="[^"]*" viewBox="[^"]*"')
_SVG_BACKGROUND = re.compile(r'(<g id="patch_1">\n   <path d=")[^"]*(")')


def _bare_svg(svg: str, top: float, bottom: float, width: float) -> str | None:
    """The captioned figure's SVG without its caption and notes (their ``<g>`` groups) and cut to the band
    from ``top`` to ``bottom`` inches below the upper edge (the view box; the white background cut to it):
    what saving the figure again with them hidden and ``bbox_inches`` that band drew, without a second
    pass of every artist through the SVG renderer. None when the SVG is not laid out as expected."""
    def pt(inches):
        return f"{inches * 72:g}"

    y0, w, h, y1 = pt(top), pt(width), pt(bottom - top), pt(bottom)
    out = _SVG_TEXT_GROUP.sub("", svg)
    out, sized = _SVG_SIZE.subn(lambda m: f'<svg {m.group(1)}height="{h}pt" viewBox="0 {y0} {w} {h}"', out, count=1)
    out, cut = _SVG_BACKGROUND.subn(
        lambda m: f"{m.group(1)}M 0 {y1} \nL {w} {y1} \nL {w} {y0} \nL 0 {y0} \nz\n{m.group(2)}", out, count=1)
    if not (sized and cut) or 'id="caption"' in out or 'id="note"' in out:
        return None
    return out


def _bare_band(rgba, top: float, bottom: float, height: float):
    """The rows of a figure's RGBA raster (300 dpi, ``height`` inches) that a figure of just its band
    from ``top`` to ``bottom`` inches below the upper edge would have.

    Agg makes a figure ``int(height * dpi)`` pixels high and places everything from the lower
    edge, so the fraction of a pixel cut off shifts the content by that fraction: the band starts
    where its content lies in this raster, less what the band's own figure would lose.
    """
    import math

    import numpy as np

    def frac(x):
        return x - math.floor(x + 1e-6)

    rows = math.floor((bottom - top) * DPI + 1e-6)
    start = round(top * DPI - frac(height * DPI) + frac((bottom - top) * DPI))
    return np.asarray(rgba)[start:start + rows]


def _png(rgba) -> bytes:
    """An RGBA raster as PNG bytes (RGB, 300 dpi, fast compression)."""
    import numpy as np
    from PIL import Image

    buf = io.BytesIO()
    Image.fromarray(np.asarray(rgba), "RGBA").convert("RGB").save(buf, format="png", dpi=(DPI, DPI),
                                                                  compress_level=_PNG_LEVEL)
    return buf.getvalue()


def _svg(fig, **options) -> str:
    text = io.StringIO()
    fig.savefig(text, format="svg", metadata={"Date": None, "Creator": None}, facecolor="white", **options)
    return valid_svg_ids(text.getvalue())


_ID = re.compile(r'\bid="([^"]*)"')
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_.-]*\Z")


def valid_svg_ids(svg: str) -> str:
    """The SVG with every element id a valid XML id (an NCName), reversibly.

    matplotlib writes an artist's ``gid`` as its element id as it is: category ids such
    as ``1`` and tags such as ``label:1`` are not valid XML ids. A ``:`` becomes ``__``,
    any other character an id may not hold ``-``, and an id that does not start with a
    letter or ``_`` gets a leading ``_``: ``1`` -> ``_1``, ``label:1`` -> ``label__1``,
    ``dot:care:amr:1`` -> ``dot__care__amr__1``. Ids matplotlib makes itself (and the
    ``url(#...)`` references to them) are valid already and stay as they are.

    Parameters
    ----------
    svg : str

    Returns
    -------
    str

    Examples
    --------
    >>> valid_svg_ids('<g id="1"/><g id="label:1"/><g id="caption"/><g id="patch_1"/><g id="a b"/>')
    '<g id="_1"/><g id="label__1"/><g id="caption"/><g id="patch_1"/><g id="a-b"/>'
    """
    def fix(match):
        old = match.group(1)
        if _NAME.match(old):
            return match.group(0)
        new = re.sub(r"[^A-Za-z0-9_.-]", "-", old.replace(":", "__"))
        return f'id="{new if _NAME.match(new) else "_" + new}"'

    return _ID.sub(fix, svg)


