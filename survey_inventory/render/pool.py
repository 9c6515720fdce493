"""Drawing every figure of a run to files: PNG (300 dpi) and SVG, two worker processes at a time.

:func:`render_all` plans the figures (:func:`~survey_inventory.render.plan.plan_figures`),
draws each (:mod:`~survey_inventory.render.bar`,
:mod:`~survey_inventory.render.overview`) and writes it with its caption and notes; it
also draws a bare copy without caption and notes (``<stem>_bare.png/.svg``), for a note
that prints its own caption; the Word and HTML reports embed its PNG (they print
caption and notes as text). SVG element ids are made valid XML ids
(:func:`valid_svg_ids`). Where processes can be forked, the
figures are drawn by worker processes, one figure a task.

:func:`start_figures` starts that drawing early and returns at once: ``analyze`` calls it
as soon as the (suppressed) distributions are known, so the figures are drawn while the
comparisons run; the :func:`render_all` call of ``export.write_all`` for the same folder
then collects them (and draws them itself should its distributions differ).
"""
from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .bar import bar_figure
from .overview import overview_figure
from .plan import FigureSpec, plan_figures
from .style import DPI

__all__ = ["RenderedFigure", "render_all", "render_figures", "start_figures", "planned_figures", "draw_figure",
           "can_fork", "valid_svg_ids", "RC_PARAMS"]

_PNG_LEVEL = 1             # zlib level: level 6 takes three times as long for 10% smaller files


@dataclass
class RenderedFigure:
    """A drawn figure: its plan, the files written (PNG, SVG), the bare copy and its PNG for reports.

    Examples
    --------
    >>> from survey_inventory.render.plan import FigureSpec
    >>> fig = RenderedFigure(FigureSpec("k", "bar", "2.3", "Figuur 2.3 X (N = 9)", [], "fig_02_03"))
    >>> fig.number, fig.caption, fig.files
    ('2.3', 'Figuur 2.3 X (N = 9)', [])
    """
    spec: FigureSpec
    files: list[Path] = field(default_factory=list)
    embed_png: bytes = b""
    bare: list[Path] = field(default_factory=list)   # the same figure without caption and notes (PNG, SVG)

    @property
    def caption(self):
        """The caption, with number and base."""
        return self.spec.caption

    @property
    def number(self):
        """The figure's number ("2.3", "4.2a", "A.1")."""
        return self.spec.number


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


def _render_one(spec: FigureSpec, dist: pd.DataFrame, codebook, folder: Path, lang, min_cell):
    """Draw one figure at 300 dpi as PNG and SVG with caption and notes, and its bare copy
    (``<stem>_bare.png/.svg``, no caption, no notes) whose PNG the Word and HTML reports embed.

    One layout serves both: the figure is rasterised once with caption and notes hidden, the
    bare PNG is the body's band of that raster (:func:`_bare_band`), and the caption and notes
    are then drawn onto the same raster for the captioned PNG. The bare SVG is the captioned
    figure saved without them, cut to the same band."""
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


def _render_batch(specs, dist, codebook, folder, lang, min_cell):
    import matplotlib

    with matplotlib.rc_context(RC_PARAMS):
        return [_render_one(s, dist, codebook, folder, lang, min_cell) for s in specs]


def _render_in_worker(specs, dist, codebook, folder, lang, min_cell):
    """:func:`_render_batch` in a worker process, the figures' garbage collected straight after.

    A drawn figure is a web of reference cycles (artists, transforms, callbacks) that waits for
    Python's cyclic collector; a worker drawing figure after figure grew by 1-2 MiB a figure (at 10^6
    respondents x 20 sectors from 70 to 160 MiB each, beside ``analyze``'s own peak: issue 17). What
    the worker holds before its first figure is frozen out of the collections
    (:func:`~survey_inventory.render.workers.freeze_worker`), so each collection looks at one figure's
    objects only (about 2 ms).
    """
    import gc

    from .workers import freeze_worker

    freeze_worker()
    try:
        return _render_batch(specs, dist, codebook, folder, lang, min_cell)
    finally:
        gc.collect()


def can_fork() -> bool:
    """Whether worker processes can be started by fork here.

    Figures are drawn by worker processes only where they start by fork: a spawned
    worker would re-run the caller's script or notebook cell (no
    ``if __name__ == "__main__"`` guard there).

    Returns
    -------
    bool

    Examples
    --------
    >>> import sys
    >>> can_fork() == (sys.platform != "win32")
    True
    """
    import multiprocessing as mp

    return "fork" in mp.get_all_start_methods()


def render_all(dist: pd.DataFrame, codebook, folder, lang=None, rounding=None, *, min_cell: int = 0,
               workers: int = 2) -> list[RenderedFigure]:
    """Draw every figure of :func:`~survey_inventory.render.plan.plan_figures` into ``folder``.

    Each figure is written as PNG (300 dpi) and SVG with its caption and notes. With
    ``workers > 1`` (and more than four figures) the figures are drawn by that many
    forked processes, one figure a task; where processes cannot be forked,
    they are drawn here.

    Parameters
    ----------
    dist : pandas.DataFrame
        ``distributions`` (after ``--min-cell`` suppression, if any).
    codebook : survey_inventory.codebook.Codebook
    folder : path-like
        Created if needed.
    lang : {"nl", "en"}, optional
    rounding : str, optional
        Default: the ``rounding`` column of ``dist``.
    min_cell : int
    workers : int
        Worker processes (1: draw here).

    Returns
    -------
    list of RenderedFigure
        In report order.

    Examples
    --------
    >>> import tempfile
    >>> from survey_inventory.datasets import load_example
    >>> cb, study, dist = load_example()
    >>> with tempfile.TemporaryDirectory() as tmp:                 # one figure and the overview it belongs to
    ...     drawn = render_all(dist[dist["figure"] == "2.3"], cb, tmp, workers=1)
    ...     [p.name for f in drawn for p in f.files]
    ['fig_02_03_care_familiarity_province.png', 'fig_02_03_care_familiarity_province.svg', \
'fig_A_01_overview_familiarity.png', 'fig_A_01_overview_familiarity.svg']
    """
    started = _STARTED.pop(Path(folder).resolve(), None)
    if started is not None:
        figures = started.collect(dist, lang or codebook.study.language, rounding, min_cell)
        if figures is not None:
            return figures
    job = _FigureJob(dist, codebook, folder, lang, rounding, min_cell, workers)
    return job.collect(dist, job.lang, rounding, min_cell)


def start_figures(dist: pd.DataFrame, codebook, folder, lang=None, rounding=None, *, min_cell: int = 0,
                  workers: int = 2) -> bool:
    """Start drawing every figure into ``folder`` in worker processes, and return at once.

    The :func:`render_all` call with the same ``folder`` (``export.write_all`` makes it)
    waits for these figures and returns them, instead of drawing them again; should its
    distributions, language, rounding or ``min_cell`` differ, it draws them anew. Figures are
    only started where :func:`render_all` would use workers (``workers > 1``, more than four
    figures, processes can be forked); otherwise nothing happens.

    Parameters
    ----------
    dist, codebook, folder, lang, rounding, min_cell, workers
        As in :func:`render_all` (``dist`` after ``--min-cell`` suppression).

    Returns
    -------
    bool
        Whether worker processes are drawing the figures now.

    Examples
    --------
    >>> import shutil, tempfile
    >>> from survey_inventory.datasets import load_example
    >>> example = load_example()
    >>> folder = tempfile.mkdtemp()
    >>> start_figures(example.dist, example.codebook, folder)     # the drawing goes on while this process works
    True
    >>> figures = render_all(example.dist, example.codebook, folder)   # here they are collected
    >>> len(figures) > 4, all(f.files[0].exists() for f in figures)
    (True, True)
    >>> shutil.rmtree(folder)
    """
    folder = Path(folder)
    key = folder.resolve()
    cancel_started(key)
    job = _FigureJob(dist, codebook, folder, lang, rounding, min_cell, workers, start=True)
    if job.pool is None:
        return False
    _STARTED[key] = job
    return True


def planned_figures(dist: pd.DataFrame, codebook, folder, lang=None, rounding=None, *,
                    min_cell: int = 0) -> list[RenderedFigure]:
    """The figures :func:`render_all` will return for ``folder``, before they are drawn (plans only, no files).

    The plans of the figures :func:`start_figures` started for ``folder`` when they were
    started from the same data, else :func:`~survey_inventory.render.plan.plan_figures`.
    ``export.write_all`` writes what needs no drawn figure (the workbook) from them while
    the figures are drawn.

    Parameters
    ----------
    dist, codebook, folder, lang, rounding, min_cell
        As in :func:`render_all`.

    Returns
    -------
    list of RenderedFigure
        In report order, each with its ``spec`` and no files yet.

    Examples
    --------
    >>> from survey_inventory.datasets import load_example
    >>> cb, study, dist = load_example()
    >>> [f.number for f in planned_figures(dist[dist["figure"] == "2.3"], cb, "figures")]
    ['2.3', 'A.1']
    """
    lang = lang or codebook.study.language
    job = _STARTED.get(Path(folder).resolve())
    specs = job.specs if job is not None and job.drew(dist, lang, rounding, min_cell) else \
        plan_figures(dist, codebook, lang, rounding, min_cell)
    return [RenderedFigure(spec) for spec in specs]


def cancel_started(folder) -> None:
    """Stop figures :func:`start_figures` started for ``folder`` and not collected (on an error)."""
    job = _STARTED.pop(Path(folder).resolve(), None)
    if job is not None:
        job.close()


#: Figures started for a folder and not collected yet, by the folder's resolved path.
_STARTED: dict = {}


class _FigureJob:
    """The figures of one folder: planned, then drawn by forked workers (``start=True``, as many as
    ``workers``, one figure a task) or, at :meth:`collect`, here or by a short-lived pool."""

    def __init__(self, dist, codebook, folder, lang, rounding, min_cell, workers, start=False):
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.dist, self.codebook, self.min_cell, self.workers = dist, codebook, min_cell, workers
        self.lang, self.rounding = lang or codebook.study.language, rounding
        self.specs = plan_figures(dist, codebook, self.lang, rounding, min_cell)
        self.pool, self.futures, self.batches = None, [], []
        if start and workers > 1 and len(self.specs) > 4 and can_fork():
            self._submit()

    def _submit(self) -> None:
        import multiprocessing as mp
        from concurrent.futures import ProcessPoolExecutor

        from .workers import take_warm

        # one figure a task, taken by whichever worker is free (the process running analyze shares the
        # cores, so a fixed half each left one worker drawing half a second after the other); the
        # overviews (each some four bars' work) first, so that none comes last
        self.batches = [[spec] for spec in sorted(self.specs, key=lambda spec: spec.kind != "overview")]
        try:
            self.pool = take_warm(self.workers) or ProcessPoolExecutor(max_workers=self.workers,
                                                                       mp_context=mp.get_context("fork"))
            self.futures = [self.pool.submit(_render_in_worker, b, self.dist, self.codebook, self.folder, self.lang,
                                             self.min_cell) for b in self.batches]
        except OSError as exc:  # no processes here: draw them in this one
            self._warn(exc)
            self.close()

    def _warn(self, exc) -> None:
        import warnings

        warnings.warn(f"drawing figures in one process ({exc})", RuntimeWarning, stacklevel=4)

    def drew(self, dist, lang, rounding, min_cell) -> bool:
        """Whether this job's figures are those of ``dist``, ``lang``, ``rounding`` and ``min_cell``."""
        return (lang == self.lang and rounding == self.rounding and min_cell == self.min_cell
                and (dist is self.dist or dist.equals(self.dist)))

    def collect(self, dist, lang, rounding, min_cell) -> list[RenderedFigure] | None:
        """The figures, drawn if they are not yet; None when this job drew other data."""
        if self.pool is not None and not self.drew(dist, lang, rounding, min_cell):
            self.close()
            for spec in self.specs:  # drawn from other data: none of its files may stay
                for name in (f"{spec.stem}{suffix}.{ext}" for suffix in ("", "_bare") for ext in ("png", "svg")):
                    (self.folder / name).unlink(missing_ok=True)
            return None
        if self.pool is None and self.workers > 1 and len(self.specs) > 4 and can_fork():
            self._submit()
        results = None
        if self.pool is not None:
            from concurrent.futures.process import BrokenProcessPool

            try:
                done = [f.result() for f in self.futures]
                by_key = {spec.key: res for batch, out in zip(self.batches, done) for spec, res in zip(batch, out)}
                results = [by_key[s.key] for s in self.specs]
            except (OSError, BrokenProcessPool) as exc:
                self._warn(exc)
            finally:
                self.close()
        if results is None:
            results = _render_batch(self.specs, self.dist, self.codebook, self.folder, self.lang, self.min_cell)
        return [RenderedFigure(spec, files, png, bare) for spec, (files, bare, png) in zip(self.specs, results)]

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None


def render_figures(dist: pd.DataFrame, codebook, folder, lang=None, rounding=None, **options) -> list[Path]:
    """Draw every figure into ``folder``; return the files written (PNG and SVG).

    :func:`render_all` without the figures' plans; ``options`` are its keywords.

    Returns
    -------
    list of pathlib.Path

    Examples
    --------
    >>> import tempfile
    >>> from survey_inventory.datasets import load_example
    >>> cb, study, dist = load_example()
    >>> folder = tempfile.mkdtemp()
    >>> paths = render_figures(dist[dist["figure"] == "2.3"], cb, folder, workers=1)
    >>> len(paths), sorted({p.suffix for p in paths})
    (4, ['.png', '.svg'])
    >>> import shutil; shutil.rmtree(folder)
    """
    return [p for fig in render_all(dist, codebook, folder, lang, rounding, **options) for p in fig.files]
