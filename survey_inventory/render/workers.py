"""The figure workers, started before they are needed: forked while the data are read.

Drawing a figure needs matplotlib, its fonts and PIL; importing them costs each worker
process about a third of a second. :func:`warm_workers` forks the worker processes at
once and has each import all that (and draw one line of text, which loads the font)
while the calling process goes on reading and estimating; the figures of
:func:`~survey_inventory.render.pool.start_figures` then go to workers that are ready.
``analyze`` warms them as soon as it knows it will draw figures, and closes them
should it stop before (bad input). Nothing here draws a figure of a study.
"""
from __future__ import annotations

__all__ = ["warm_workers", "take_warm", "close_warm", "freeze_worker", "collected", "can_fork"]


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


#: The warm pool (a ProcessPoolExecutor) and its number of workers, or None.
_WARM: dict = {}


def warm_workers(workers: int = 2, import_first: bool = False, nice: int = 0) -> bool:
    """Fork ``workers`` figure worker processes now and let them import what drawing needs.

    With ``import_first`` this process imports it before forking them, so that the workers
    share its pages instead of each holding its own copy (some 75 MiB a worker; slower to
    start, as this process then waits for the import).

    Does nothing where processes cannot be forked
    (:func:`can_fork`), for fewer than two workers, or
    when a warm pool is waiting already.

    Parameters
    ----------
    workers : int
        Worker processes.
    import_first : bool
        Import matplotlib, its SVG backend and PIL's PNG plugin here first.
    nice : int
        The workers' priority this much below this process's (``os.nice``; 0: the same).

    Returns
    -------
    bool
        Whether a warm pool is waiting now.

    Examples
    --------
    >>> warm_workers(2) == can_fork()
    True
    >>> close_warm()            # not used: stopped again
    """
    import multiprocessing as mp
    from concurrent.futures import ProcessPoolExecutor

    if _WARM or workers < 2 or not can_fork():
        return bool(_WARM)
    if import_first:
        _imports()
    try:
        pool = ProcessPoolExecutor(max_workers=workers, mp_context=mp.get_context("fork"), initializer=_ready,
                                   initargs=(nice,))
        pool.submit(int)  # with fork, the first task starts every worker process at once
    except OSError:       # no processes here: the figures are drawn as they were
        return False
    _WARM.update(pool=pool, workers=workers)
    return True


def take_warm(workers: int):
    """The warm pool if it has ``workers`` workers (it is then no longer waiting), else None.

    Examples
    --------
    >>> take_warm(2) is None     # none was warmed
    True
    """
    if _WARM.get("workers") != workers:
        return None
    pool = _WARM.pop("pool")
    _WARM.clear()
    return pool


def close_warm() -> None:
    """Stop a warm pool nobody took (``analyze`` stopped before drawing).

    Examples
    --------
    >>> close_warm()             # nothing waiting: nothing to do
    """
    pool = _WARM.pop("pool", None)
    _WARM.clear()
    if pool is not None:
        pool.shutdown(wait=True, cancel_futures=True)


def _imports() -> None:
    """Import what drawing a figure needs (matplotlib's font list is read on import)."""
    import matplotlib.backends.backend_agg  # noqa: F401
    import matplotlib.backends.backend_svg  # noqa: F401
    import matplotlib.figure  # noqa: F401
    import matplotlib.font_manager  # noqa: F401
    import matplotlib.lines  # noqa: F401
    import matplotlib.patches  # noqa: F401
    import PIL.PngImagePlugin  # noqa: F401


def _ready(nice: int = 0) -> None:
    """In each worker: import what drawing needs and load the font, once; ``nice``: this much lower a
    priority than the caller's (0: the same)."""
    import os

    import matplotlib

    if nice:
        os.nice(nice)

    _imports()
    from .measure import new_figure
    from .figure_files import RC_PARAMS
    from .style import DPI

    with matplotlib.rc_context(RC_PARAMS):
        fig = new_figure(1.0, 0.5)
        fig.text(0.1, 0.5, "Ag 0%", fontsize=9, fontweight="bold")
        fig.text(0.1, 0.2, "Ag 0%", fontsize=8)
        fig.set_dpi(DPI)
        fig.canvas.draw()
    del fig
    import gc

    gc.collect()
    freeze_worker()


#: Whether this (worker) process has frozen what it holds out of the cyclic garbage collections.
_FROZEN: list = []


def freeze_worker() -> None:
    """In a worker process, once: move every object it holds now (what the fork inherited and the
    imports) out of the cyclic collector's reach (:func:`gc.freeze`), so that collecting a figure's
    garbage costs a few milliseconds instead of a pass over the whole heap. Workers only: the process
    running ``analyze`` never calls it (it would keep its garbage for good).
    """
    import gc

    if not _FROZEN:
        gc.freeze()
        _FROZEN.append(True)


def collected(draw, *args):
    """``draw(*args)`` in a worker process, its garbage collected straight after.

    A drawn figure is a web of reference cycles (artists, transforms, callbacks) that waits for
    Python's cyclic collector; a worker drawing figure after figure grew by 1-2 MiB a figure (at 10^6
    respondents x 20 sectors from 70 to 160 MiB each, beside ``analyze``'s own peak: issue 17). What
    the worker holds before its first figure is frozen out of the collections (:func:`freeze_worker`),
    so each collection looks at one figure's objects only (about 2 ms). Every task a figure worker
    runs goes through here (``render.pool``, ``render.trend``).
    """
    import gc

    freeze_worker()
    try:
        return draw(*args)
    finally:
        gc.collect()
