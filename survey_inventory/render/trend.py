"""Trend figures of a follow-up study: bars per wave, and the changes with their intervals.

* :func:`trend_figure`: for one item and respondent type, one stacked 100% bar per
  wave, in the colours every single-wave figure of the item uses
  (:func:`~survey_inventory.render.style.palette`);
* :func:`change_dotplot`: for one pair of waves, every figure cell's change in
  percentage points as a dot with its interval and a reference line at zero, one
  panel per respondent type (seaborn ``FacetGrid``); cells whose interval excludes
  zero are drawn dark, the rest light;
* :func:`write_trend_figures`: both kinds to PNG (300 dpi) and SVG, with the same
  settings as every other figure (fixed SVG ids, text as text), drawn by forked worker
  processes where there are enough of them.

Inputs are ``changes.csv`` rows (:func:`~survey_inventory.estimate.changes.wave_changes`):
its ``percent_from``/``percent_to`` are each wave's percentages.
"""
from __future__ import annotations

import textwrap
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

from ..phrases import say
from .figure_files import RC_PARAMS
from .style import DPI, FIG_WIDTH, FONT, NEUTRAL, palette

__all__ = ["wave_shares", "trend_figure", "change_dotplot", "write_trend_figures"]

_DARK, _LIGHT = "#08306b", "#9ecae1"


def wave_shares(changes: pd.DataFrame) -> pd.DataFrame:
    """Each wave's percentage per figure cell, from the consecutive pairs of ``changes``.

    Parameters
    ----------
    changes : pandas.DataFrame
        The rows of ``changes.csv``, one per consecutive pair of waves.

    Returns
    -------
    pandas.DataFrame
        ``item, respondent_type, category, wave, percent``, waves in time order.

    Examples
    --------
    >>> ch = pd.DataFrame({"item": ["a", "a"], "respondent_type": ["amr"] * 2, "category": ["x", "y"],
    ...                    "wave_from": ["w1"] * 2, "wave_to": ["w2"] * 2, "percent_from": [40.0, 60.0],
    ...                    "percent_to": [55.0, 45.0]})
    >>> wave_shares(ch).values.tolist()
    [['a', 'amr', 'x', 'w1', 40.0], ['a', 'amr', 'y', 'w1', 60.0], ['a', 'amr', 'x', 'w2', 55.0], ['a', 'amr', 'y', 'w2', 45.0]]
    """
    keys = ["item", "respondent_type", "category"]
    waves = list(dict.fromkeys(list(changes["wave_from"]) + list(changes["wave_to"])))
    parts = []
    for n, w in enumerate(waves):
        if n == 0:
            rows = changes[changes["wave_from"] == w]
            parts.append(rows[keys].assign(wave=w, percent=rows["percent_from"].to_numpy()))
        else:
            rows = changes[(changes["wave_to"] == w) & (changes["wave_from"] == waves[n - 1])]
            parts.append(rows[keys].assign(wave=w, percent=rows["percent_to"].to_numpy()))
    out = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=keys + ["wave", "percent"])
    return out.drop_duplicates(keys + ["wave"]).reset_index(drop=True)


def trend_figure(shares: pd.DataFrame, codebook, item_id: str, type_id: str, wave_labels: dict, lang=None):
    """One stacked 100% bar per wave for an item and respondent type.

    Parameters
    ----------
    shares : pandas.DataFrame
        :func:`wave_shares` output (all items; the figure's rows are picked here).
    codebook : survey_inventory.codebook.Codebook
    item_id, type_id : str
    wave_labels : dict
        Wave id -> label shown on the axis, in time order.
    lang : str, optional

    Returns
    -------
    matplotlib.figure.Figure
        One patch per wave and category, ``gid`` ``"<wave>:<category>"``.

    Examples
    --------
    >>> from survey_inventory.datasets import load_example
    >>> cb, study, dist = load_example()
    >>> sh = pd.DataFrame({"item": "care_familiarity", "respondent_type": "amr", "wave": ["w1"] * 3 + ["w2"] * 3,
    ...                    "category": ["good", "fair", "poor"] * 2, "percent": [50.0, 30, 20, 60, 30, 10]})
    >>> fig = trend_figure(sh, cb, "care_familiarity", "amr", {"w1": "2025", "w2": "2026"})
    >>> [p.get_gid() for p in fig.axes[0].patches][:4]
    ['w1:good', 'w2:good', 'w1:fair', 'w2:fair']
    """
    import matplotlib.pyplot as plt
    import seaborn as sns

    lang = lang or codebook.study.language
    item = codebook.item(item_id)
    styles = palette(codebook, item, lang)
    cats = codebook.report_categories(item, lang)
    rows = shares[(shares["item"] == item_id) & (shares["respondent_type"] == type_id)]
    waves = [w for w in wave_labels if (rows["wave"] == w).any()]
    with sns.axes_style("white"):
        fig, ax = plt.subplots(figsize=(FIG_WIDTH, 0.9 + 0.45 * len(waves)))
    left = pd.Series(0.0, index=waves)
    for cat in cats:
        own = rows[rows["category"] == cat["id"]].set_index("wave")["percent"].reindex(waves).fillna(0.0)
        style = styles[cat["id"]]
        bars = ax.barh([wave_labels[w] for w in waves], own.to_numpy(), left=left.to_numpy(), color=style.color,
                       hatch=style.hatch, edgecolor="white", linewidth=0.5, label=cat["label"])
        for w, bar in zip(waves, bars):
            bar.set_gid(f"{w}:{cat['id']}")
            if own[w] >= 6:
                ax.text(bar.get_x() + bar.get_width() / 2, bar.get_y() + bar.get_height() / 2, f"{own[w]:.0f}%",
                        ha="center", va="center", fontsize=FONT["tick"], color=style.text)
        left += own
    ax.set_xlim(0, 100)
    ax.invert_yaxis()
    ax.xaxis.set_major_formatter(lambda x, _: f"{x:.0f}%")
    ax.tick_params(labelsize=FONT["tick"])
    sns.despine(ax=ax, left=True)
    sector = codebook.sector(item.sector) if item.sector else None
    ax.set_title(say("trend_caption", lang, measure=codebook.label(codebook.measure(item.measure).label, lang),
                     collaborations=codebook.label(sector.collaborations, lang) if sector else "",
                     sector=codebook.label(sector.label, lang) if sector else "",
                     types=codebook.label(codebook.respondent_type(type_id).label, lang)),
                 fontsize=FONT["caption"], loc="left", y=1.0)  # y given: not re-placed above the ticks at each draw
    ax.legend(loc="upper left", bbox_to_anchor=(0, -0.12 - 0.3 / len(waves)), ncol=min(len(cats), 3), frameon=False,
              fontsize=FONT["legend"])
    return fig


def _dots(data, color=None, **_):
    import matplotlib.pyplot as plt
    import seaborn as sns

    ax = plt.gca()
    real = (data["ci_lower"] > 0) | (data["ci_upper"] < 0)
    colours = real.map({True: _DARK, False: _LIGHT})
    ax.hlines(data["y"], data["ci_lower"], data["ci_upper"], colors=colours.tolist(), linewidth=1.4)
    sns.scatterplot(data=data.assign(real=real), x="change", y="y", hue="real",
                    palette={True: _DARK, False: _LIGHT}, legend=False, s=22, ax=ax, zorder=3)
    ax.axvline(0, color=NEUTRAL, linewidth=1, linestyle="--", zorder=1)


def change_dotplot(changes: pd.DataFrame, codebook, wave_from: str, wave_to: str, wave_labels: dict, lang=None,
                   level: float = 0.95):
    """Dot plot of the changes between two waves with intervals and a line at zero.

    Parameters
    ----------
    changes : pandas.DataFrame
        ``changes.csv`` rows (the pair's rows are picked here).
    codebook : survey_inventory.codebook.Codebook
    wave_from, wave_to : str
    wave_labels : dict
        Wave id -> label.
    lang : str, optional
    level : float, default 0.95

    Returns
    -------
    seaborn.FacetGrid
        One panel per respondent type; ``grid.figure`` is the figure.

    Examples
    --------
    >>> from survey_inventory.datasets import load_example
    >>> cb, study, dist = load_example()
    >>> ch = pd.DataFrame({"item": "care_familiarity", "respondent_type": "amr", "wave_from": "w1", "wave_to": "w2",
    ...                    "sector": "care", "measure": "familiarity", "category": ["good", "poor"],
    ...                    "category_label": ["(Zeer) goed", "(Zeer) slecht"], "change": [12.0, -3.0],
    ...                    "ci_lower": [2.0, -9.0], "ci_upper": [20.0, 4.0]})
    >>> grid = change_dotplot(ch, cb, "w1", "w2", {"w1": "2025", "w2": "2026"})
    >>> zero_line = grid.axes.flat[0].lines[-1]                 # the reference line at zero
    >>> len(grid.axes.flat), [float(x) for x in zero_line.get_xdata()]
    (1, [0.0, 0.0])
    """
    import seaborn as sns

    lang = lang or codebook.study.language
    rows = changes[(changes["wave_from"] == wave_from) & (changes["wave_to"] == wave_to)].copy()
    rows["row"] = [f"{codebook.label(codebook.sector(s).label, lang) if s else ''} · "
                   f"{codebook.label(codebook.measure(m).label, lang)} · {c}"
                   for s, m, c in zip(rows["sector"], rows["measure"], rows["category_label"])]
    order = list(dict.fromkeys(rows["row"]))
    rows["y"] = [order.index(r) for r in rows["row"]]
    types = [t.id for t in codebook.respondent_types if (rows["respondent_type"] == t.id).any()]
    height = max(2.4, 0.16 * len(order) + 1.0)
    with sns.axes_style("whitegrid"):
        grid = sns.FacetGrid(rows, col="respondent_type", col_order=types, sharey=True, sharex=True,
                             height=height, aspect=2.4 / height)
        grid.map_dataframe(_dots)
    for ax, t in zip(grid.axes.flat, types):
        ax.set_title(textwrap.fill(codebook.label(codebook.respondent_type(t).label, lang), 16), fontsize=FONT["note"],
                     y=1.0)  # where matplotlib would place it (nothing above the axes), without measuring every tick
        ax.set_yticks(range(len(order)))
        ax.set_yticklabels(order, fontsize=FONT["note"])
        ax.set_ylim(len(order) - 0.5, -0.5)
        ax.tick_params(axis="x", labelsize=FONT["tick"])
        ax.set_xlabel("")
        ax.set_ylabel("")
    reach = float(np.nanmax(np.abs(rows[["ci_lower", "ci_upper"]].to_numpy()), initial=10.0))
    reach = 10 * np.ceil(reach / 10) + 5
    for ax in grid.axes.flat:
        ax.set_xlim(-reach, reach)
    grid.figure.supxlabel(say("change_axis", lang), fontsize=FONT["note"], x=0.99, ha="right")
    title = say("change_caption", lang, wave_from=wave_labels[wave_from], wave_to=wave_labels[wave_to],
                types=", ".join(codebook.label(codebook.respondent_type(t).label, lang) for t in types),
                level=f"{100 * level:g}")
    grid.figure.suptitle(textwrap.fill(title, 60), fontsize=FONT["caption"], x=0.99, ha="right")
    grid.figure.text(0.99, -0.02, textwrap.fill(say("change_note", lang), 80), fontsize=FONT["note"], ha="right",
                     va="top")
    with warnings.catch_warnings():  # long labels: the files are saved with a tight bounding box anyway
        warnings.simplefilter("ignore", UserWarning)
        grid.figure.tight_layout()
    return grid


def _save(fig, folder: Path, stem: str) -> list[Path]:
    import matplotlib.pyplot as plt

    png, svg = folder / f"{stem}.png", folder / f"{stem}.svg"
    # the tight box found once, as savefig(bbox_inches="tight") finds it for the PNG (laid out at 300 dpi
    # without drawing), and given to both files: each savefig would otherwise lay the figure out again
    fig.set_dpi(DPI)
    fig.draw_without_rendering()
    box = fig.get_tightbbox(fig.canvas.get_renderer()).padded(0.1)
    fig.savefig(png, format="png", dpi=DPI, facecolor="white", metadata={"Software": None}, bbox_inches=box,
                pil_kwargs={"compress_level": 1})
    fig.savefig(svg, format="svg", metadata={"Date": None, "Creator": None}, facecolor="white", bbox_inches=box)
    plt.close(fig)
    return [png, svg]


def _draw_one(task, shares, changes, codebook, folder, wave_labels, lang, level) -> list[Path]:
    """Draw and save one trend figure (``("trend", item, type)``) or dot plot (``("changes", from, to)``)."""
    import matplotlib

    kind, first, second = task
    with matplotlib.rc_context(RC_PARAMS):
        if kind == "trend":
            fig = trend_figure(shares, codebook, first, second, wave_labels, lang)
        else:
            fig = change_dotplot(changes, codebook, first, second, wave_labels, lang, level).figure
        return _save(fig, folder, f"{kind}_{first}_{second}")


def write_trend_figures(changes: pd.DataFrame, codebook, folder, wave_labels: dict, lang=None,
                        level: float = 0.95, *, workers: int = 2) -> list[Path]:
    """Draw every trend figure and change dot plot to PNG and SVG in ``folder``.

    With ``workers > 1`` (and more than four figures) the figures are drawn by that many
    forked processes, one figure a task, as :func:`~survey_inventory.render.pool.render_all`
    draws a wave's own figures; where processes cannot be forked, they are drawn here.
    The files are the same either way.

    Parameters
    ----------
    changes : pandas.DataFrame
        ``changes.csv`` rows.
    codebook : survey_inventory.codebook.Codebook
    folder : path
        Created if needed.
    wave_labels : dict
        Wave id -> label, in time order.
    lang : str, optional
    level : float, default 0.95
    workers : int, default 2

    Returns
    -------
    list of pathlib.Path
        ``trend_<item>_<type>.png/.svg`` per item and type with a change, and
        ``changes_<from>_<to>.png/.svg`` per pair of waves.

    Examples
    --------
    >>> import tempfile
    >>> from survey_inventory.datasets import load_example
    >>> cb, study, dist = load_example()
    >>> ch = pd.DataFrame({"item": "care_familiarity", "respondent_type": "amr", "wave_from": "w1", "wave_to": "w2",
    ...                    "sector": "care", "measure": "familiarity", "category": ["good", "fair", "poor"],
    ...                    "category_label": ["a", "b", "c"], "percent_from": [50.0, 30, 20],
    ...                    "percent_to": [60.0, 30, 10], "change": [10.0, 0, -10], "ci_lower": [2.0, -8, -19],
    ...                    "ci_upper": [18.0, 8, -1]})
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     [p.name for p in write_trend_figures(ch, cb, tmp, {"w1": "2025", "w2": "2026"})]
    ['trend_care_familiarity_amr.png', 'trend_care_familiarity_amr.svg', 'changes_w1_w2.png', 'changes_w1_w2.svg']
    """
    from .workers import can_fork

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    shares = wave_shares(changes)
    tasks = [("trend", i, t) for i, t in changes[["item", "respondent_type"]].drop_duplicates().itertuples(index=False)]
    tasks += [("changes", a, b) for a, b in changes[["wave_from", "wave_to"]].drop_duplicates().itertuples(index=False)]
    common = (shares, changes, codebook, folder, wave_labels, lang, level)
    if workers > 1 and len(tasks) > 4 and can_fork():
        drawn = _draw_forked(tasks, common, workers)
        if drawn is not None:
            return [path for paths in drawn for path in paths]
    return [path for task in tasks for path in _draw_one(task, *common)]


def _draw_forked(tasks, common, workers) -> list[list[Path]] | None:
    """Each task's files drawn by ``workers`` forked processes, in the order of ``tasks``; None if
    processes could not be started here (the caller then draws them itself)."""
    import multiprocessing as mp
    import warnings
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    from .workers import collected

    # the dot plots (every cell of a pair of waves) first, so that none of them comes last
    order = sorted(range(len(tasks)), key=lambda n: tasks[n][0] != "changes")
    try:
        with ProcessPoolExecutor(max_workers=workers, mp_context=mp.get_context("fork")) as pool:
            futures = {n: pool.submit(collected, _draw_one, tasks[n], *common) for n in order}
            return [futures[n].result() for n in range(len(tasks))]
    except (OSError, BrokenProcessPool) as exc:
        warnings.warn(f"drawing trend figures in one process ({exc})", RuntimeWarning, stacklevel=3)
        return None
