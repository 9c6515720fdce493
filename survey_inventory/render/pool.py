"""Drawing every figure of a run to files: PNG (300 dpi) and SVG, two worker processes at a time.

:func:`render_all` plans the figures (:func:`~survey_inventory.render.plan.plan_figures`)
and writes each with its caption and notes, and a bare copy without them
(:func:`~survey_inventory.render.figure_files.render_one`: ``<stem>.png/.svg`` and
``<stem>_bare.png/.svg``; the Word and HTML reports embed the bare PNG and print caption
and notes as text). Where processes can be forked, the figures are drawn by worker
processes, one figure a task.

:func:`start_figures` starts that drawing early and returns at once: ``analyze`` calls it
as soon as the (suppressed) distributions are known, so the figures are drawn while the
comparisons run; the :func:`render_all` call of ``export.write_all`` for the same folder
then collects them (and draws them itself should its distributions differ).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .figure_files import RC_PARAMS, draw_figure, render_one, valid_svg_ids
from .workers import can_fork, collected
from .plan import FigureSpec, plan_figures

__all__ = ["RenderedFigure", "render_all", "render_figures", "start_figures", "planned_figures", "draw_figure",
           "can_fork", "valid_svg_ids", "RC_PARAMS"]


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


def _render_batch(specs, dist, codebook, folder, lang, min_cell):
    import matplotlib

    with matplotlib.rc_context(RC_PARAMS):
        return [render_one(s, dist, codebook, folder, lang, min_cell) for s in specs]


def _render_in_worker(specs, dist, codebook, folder, lang, min_cell):
    """:func:`_render_batch` in a worker process, the figures' garbage collected straight after
    (:func:`~survey_inventory.render.workers.collected`)."""
    return collected(_render_batch, specs, dist, codebook, folder, lang, min_cell)


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
    >>> care = example.dist.query("sector == 'care'")             # one chapter: 8 figures
    >>> folder = tempfile.mkdtemp()
    >>> start_figures(care, example.codebook, folder)     # the drawing goes on while this process works
    True
    >>> figures = render_all(care, example.codebook, folder)   # here they are collected
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
