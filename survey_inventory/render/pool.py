"""Drawing every figure of a run to files: PNG (300 dpi) and SVG, two worker processes at a time.

:func:`render_all` plans the figures (:func:`~survey_inventory.render.plan.plan_figures`),
draws each once (:mod:`~survey_inventory.render.bar`,
:mod:`~survey_inventory.render.overview`) and writes it with its caption and notes; it
also keeps a caption-less PNG cut from the same pixels, which the Word and HTML reports
embed (they print caption and notes as text). Where processes can be forked, the
figures are drawn by worker processes in interleaved batches.
"""
from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .bar import bar_figure
from .overview import overview_figure
from .plan import FigureSpec, plan_figures
from .style import DPI

__all__ = ["RenderedFigure", "render_all", "render_figures", "draw_figure", "can_fork", "RC_PARAMS"]

_PNG_LEVEL = 1             # zlib level: level 6 takes three times as long for 10% smaller files


@dataclass
class RenderedFigure:
    """A drawn figure: its plan, the files written (PNG, SVG), and a caption-less PNG for reports.

    Examples
    --------
    >>> from survey_inventory.render.plan import FigureSpec
    >>> fig = RenderedFigure(FigureSpec("k", "bar", "2.3", "Figuur 2.3 X (N = 9)", [], "Figuur_2.3"))
    >>> fig.number, fig.caption, fig.files
    ('2.3', 'Figuur 2.3 X (N = 9)', [])
    """
    spec: FigureSpec
    files: list[Path] = field(default_factory=list)
    embed_png: bytes = b""

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
    >>> from pathlib import Path
    >>> import survey_inventory
    >>> from survey_inventory.codebook import load_codebook
    >>> from survey_inventory.estimate import distributions
    >>> from survey_inventory.load import load_study
    >>> cb = load_codebook(Path(survey_inventory.__file__).parents[1] / "codebooks" / "bartels-2025.yaml")
    >>> dist = distributions(load_study(cb).responses, cb)
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
    """Draw one figure once at 300 dpi: PNG and SVG with caption and notes, and, cut from
    the same pixels, the caption-less PNG that the Word and HTML reports embed."""
    import matplotlib
    from PIL import Image

    with matplotlib.rc_context(RC_PARAMS):
        fig = draw_figure(spec, dist, codebook, lang, min_cell, True)
        png, svg = folder / f"{spec.stem}.png", folder / f"{spec.stem}.svg"
        fig.set_dpi(DPI)
        fig.canvas.draw()
        image = Image.frombuffer("RGBA", fig.canvas.get_width_height(physical=True), fig.canvas.buffer_rgba(),
                                 "raw", "RGBA", 0, 1).convert("RGB")
        image.save(png, format="png", dpi=(DPI, DPI), compress_level=_PNG_LEVEL)
        top, bottom = (int(round(v * DPI)) for v in fig._survey_inventory["body"])
        buf = io.BytesIO()
        image.crop((0, max(top, 0), image.width, min(bottom, image.height))).save(
            buf, format="png", dpi=(DPI, DPI), compress_level=_PNG_LEVEL)
        fig.savefig(svg, format="svg", metadata={"Date": None, "Creator": None}, facecolor="white")
    return [png, svg], buf.getvalue()


def _render_batch(specs, dist, codebook, folder, lang, min_cell):
    return [_render_one(s, dist, codebook, folder, lang, min_cell) for s in specs]


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
    forked processes, one interleaved batch each; where processes cannot be forked,
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
    >>> from pathlib import Path
    >>> import survey_inventory
    >>> from survey_inventory.codebook import load_codebook
    >>> from survey_inventory.estimate import distributions
    >>> from survey_inventory.load import load_study
    >>> cb = load_codebook(Path(survey_inventory.__file__).parents[1] / "codebooks" / "bartels-2025.yaml")
    >>> dist = distributions(load_study(cb).responses, cb)
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     figures = render_all(dist[dist["figure"] == "2.3"], cb, tmp, workers=1)
    ...     [p.name for f in figures for p in f.files]
    ['Figuur_2.3_care_familiarity_province.png', 'Figuur_2.3_care_familiarity_province.svg', \
'Figuur_A.1_overview_familiarity.png', 'Figuur_A.1_overview_familiarity.svg']
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    lang = lang or codebook.study.language
    specs = plan_figures(dist, codebook, lang, rounding, min_cell)
    results = None
    if workers > 1 and len(specs) > 4 and can_fork():
        batches = [specs[k::workers] for k in range(workers)]
        try:
            import multiprocessing as mp
            from concurrent.futures import ProcessPoolExecutor
            from concurrent.futures.process import BrokenProcessPool

            with ProcessPoolExecutor(max_workers=workers, mp_context=mp.get_context("fork")) as pool:
                futures = [pool.submit(_render_batch, b, dist, codebook, folder, lang, min_cell)
                           for b in batches]
                done = [f.result() for f in futures]
            by_key = {spec.key: res for batch, out in zip(batches, done) for spec, res in zip(batch, out)}
            results = [by_key[s.key] for s in specs]
        except (OSError, BrokenProcessPool) as exc:  # no processes here: draw them in this one
            import warnings

            warnings.warn(f"drawing figures in one process ({exc})", RuntimeWarning, stacklevel=2)
    if results is None:
        results = _render_batch(specs, dist, codebook, folder, lang, min_cell)
    return [RenderedFigure(spec, files, png) for spec, (files, png) in zip(specs, results)]


def render_figures(dist: pd.DataFrame, codebook, folder, lang=None, rounding=None, **options) -> list[Path]:
    """Draw every figure into ``folder``; return the files written (PNG and SVG).

    :func:`render_all` without the figures' plans; ``options`` are its keywords.

    Returns
    -------
    list of pathlib.Path

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> import survey_inventory
    >>> from survey_inventory.codebook import load_codebook
    >>> from survey_inventory.estimate import distributions
    >>> from survey_inventory.load import load_study
    >>> cb = load_codebook(Path(survey_inventory.__file__).parents[1] / "codebooks" / "bartels-2025.yaml")
    >>> dist = distributions(load_study(cb).responses, cb)
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     len(render_figures(dist[dist["figure"] == "2.3"], cb, tmp, workers=1))
    4
    """
    return [p for fig in render_all(dist, codebook, folder, lang, rounding, **options) for p in fig.files]
