"""The report's bar: one 100% stacked horizontal bar per (item, respondent type).

Drawn with matplotlib's object API (no pyplot, no global backend: safe in notebooks
and worker processes), from what :mod:`~survey_inventory.render.plan` computes:
segments in scale order with the exact percentages as widths, the rounded ones as
labels. A label that does not fit inside its segment moves above the bar with a
leader line; outside labels are spread so that they never overlap, and one that still
cannot be placed is dropped, with a note pointing to the distribution table. Zero
segments carry no label. Caption above, legend below, then the notes.
"""
from __future__ import annotations

import pandas as pd

from ..phrases import say
from .format import is_missing
from .measure import (LEG_ROW, TextMeasure, draw_legend, legend_layout, line_height, new_figure, patch_key,
                      whole_pixels, wrap)
from .plan import bar_spec, segments, spread
from .style import DARK_TEXT, FIG_WIDTH, FONT, GAP, NEUTRAL_HATCH, palette

__all__ = ["bar_figure"]


def bar_figure(dist_rows: pd.DataFrame, codebook, lang=None, *, caption: str | None = None,
               notes: list[str] | None = None, min_cell: int = 0, show_text: bool = True):
    """One 100% stacked horizontal bar like the report's figures 2.3-6.6.

    Rectangles carry the category id as ``gid``; segment labels ``label:<id>``, the
    caption ``caption`` and notes ``note``.

    Parameters
    ----------
    dist_rows : pandas.DataFrame
        The rows of one (item, respondent type) of ``distributions``.
    codebook : survey_inventory.codebook.Codebook
    lang : {"nl", "en"}, optional
        Default: the study's language.
    caption, notes : optional
        The words around the bar; default: those of :func:`~survey_inventory.render.plan.bar_spec`.
    min_cell : int
        The ``--min-cell`` threshold (for the "<K" marks of suppressed cells).
    show_text : bool
        False leaves out the caption and notes (for reports that print them as text).

    Returns
    -------
    matplotlib.figure.Figure
        On its own Agg canvas (no pyplot).

    Examples
    --------
    >>> from survey_inventory.datasets import load_example
    >>> cb, study, dist = load_example()
    >>> fig = bar_figure(dist[dist["figure"] == "2.3"], cb)
    >>> [(p.get_gid(), round(p.get_width(), 1)) for p in fig.axes[0].patches]
    [('good', 33.3), ('fair', 44.4), ('poor', 22.2)]
    """
    from matplotlib.patches import Rectangle

    lang = lang or codebook.study.language
    rows = dist_rows.sort_values("category_order")
    item = codebook.item(rows["item"].iloc[0])
    type_id = rows["respondent_type"].iloc[0]
    cats = codebook.report_categories(item, lang)
    styles = palette(codebook, item, lang)
    if caption is None or notes is None:
        spec = bar_spec(rows, codebook, lang, min_cell)
        caption = spec.caption if caption is None else caption
        notes = spec.notes if notes is None else notes
    segs = segments(rows, cats, min_cell)
    base = rows["base_n"].iloc[0]
    empty = is_missing(base) or int(base) == 0
    if all(s["suppressed"] for s in segs):  # nothing to show but the marks: one neutral bar
        for s in segs:
            s["width"], s["text"] = 0.0, None
        empty_text = say("all_suppressed", lang)
    else:
        empty_text = say("no_answers", lang) if empty else None

    measure = TextMeasure()
    margin, avail = 0.12, FIG_WIDTH - 0.24
    # the gap only where both sides show something: a bar whose "Weet ik niet" is 0% still ends at the edge
    has_gap = any(s["substantive"] and s["width"] > 0 for s in segs) and \
        any(not s["substantive"] and s["width"] > 0 for s in segs)
    total = 100.0 + (GAP if has_gap else 0.0)
    # x positions and which labels fit inside
    x, xs = 0.0, []
    for k, s in enumerate(segs):
        if has_gap and not s["substantive"] and (k == 0 or segs[k - 1]["substantive"]):
            x += GAP
        xs.append(x)
        x += s["width"]
    scale = avail / total  # inches per percentage point
    inside, outside = [], []
    for k, s in enumerate(segs):
        if s["text"] is None or s["width"] <= 0:
            continue
        need = measure.width(s["text"], FONT["label"]) + 0.08
        (inside if need <= s["width"] * scale else outside).append(k)

    placed = []   # where the outside labels go (inches); None: no room, the label is dropped and a note says so
    if outside:
        centres = [(xs[k] + segs[k]["width"] / 2) * scale for k in outside]
        widths = [measure.width(segs[k]["text"], FONT["outside"]) for k in outside]
        placed = spread(centres, widths, 0.0, avail, 0.08)
    cap_lines = wrap(caption, FONT["caption"], avail, measure, "bold") if show_text and caption else []
    note_lines = [ln for n in (notes if show_text else []) for ln in wrap(n, FONT["note"], avail, measure)]
    if show_text and None in placed:  # counted in the height below, so the note is not cut off
        note_lines += wrap(say("dropped", lang, table="B"), FONT["note"], avail, measure)
    legend_labels = [c["label"] + (" (0%)" if s["width"] == 0 and not s["suppressed"] and not empty_text else "")
                     for c, s in zip(cats, segs)]
    legend_rows = legend_layout(legend_labels, measure, avail)
    h_cap = whole_pixels(len(cap_lines) * line_height(FONT["caption"]) + (0.1 if cap_lines else 0))
    h_band = 0.24 if outside else 0.0
    h_bar, h_leg = 0.42, len(legend_rows) * LEG_ROW
    h_notes = whole_pixels(len(note_lines) * line_height(FONT["note"]) + (0.08 if note_lines else 0))
    height = 0.1 + h_cap + h_band + h_bar + 0.14 + h_leg + h_notes + 0.08
    fig = new_figure(FIG_WIDTH, height)

    def fy(inches_from_top):
        return 1.0 - inches_from_top / height

    y = 0.1
    if cap_lines:
        fig.text(margin / FIG_WIDTH, fy(y), "\n".join(cap_lines), ha="left", va="top", fontsize=FONT["caption"],
                 fontweight="bold", linespacing=1.2, gid="caption")
        y += h_cap
    y += h_band
    ax = fig.add_axes((margin / FIG_WIDTH, fy(y + h_bar), avail / FIG_WIDTH, h_bar / height))
    ax.set_xlim(0, total)
    ax.set_ylim(0, 1)
    ax.set_axis_off()
    if empty_text:
        ax.add_patch(Rectangle((0, 0), 100, 1, facecolor="white", edgecolor="#737373", hatch="...",
                               hatchcolor="#bdbdbd", linewidth=0.6, gid="empty"))
        ax.text(50, 0.5, empty_text, ha="center", va="center", fontsize=FONT["label"], color=DARK_TEXT,
                bbox={"boxstyle": "square,pad=0.2", "facecolor": "white", "edgecolor": "none"}, gid="empty-text")
    for k, s in enumerate(segs):
        st = styles[s["id"]]
        if s["suppressed"]:  # no category colour: the segment's size is not its count
            rect = Rectangle((xs[k], 0), s["width"], 1, facecolor="white", edgecolor="#737373", hatch="...",
                             hatchcolor="#969696", linewidth=0.6, gid=s["id"])
        else:
            rect = Rectangle((xs[k], 0), s["width"], 1, facecolor=st.color, edgecolor="white", hatch=st.hatch,
                             hatchcolor=NEUTRAL_HATCH if st.hatch else None, linewidth=0.8 if s["width"] else 0,
                             gid=s["id"])
        ax.add_patch(rect)
        if k in inside:
            hatched = st.hatch or s["suppressed"]
            box = {"boxstyle": "square,pad=0.2", "facecolor": "white", "edgecolor": "none"} if hatched else None
            ax.text(xs[k] + s["width"] / 2, 0.5, s["text"], ha="center", va="center", fontsize=FONT["label"],
                    color=DARK_TEXT if hatched else st.text, bbox=box, gid=f"label:{s['id']}")
    if outside:
        for k, cx, xin in zip(outside, centres, placed):
            if xin is None:
                continue
            ax.annotate(segs[k]["text"], xy=(cx / scale, 1.0), xytext=(xin / scale, 1.0 + 0.14 / h_bar),
                        ha="center", va="bottom", fontsize=FONT["outside"], color=DARK_TEXT, annotation_clip=False,
                        arrowprops={"arrowstyle": "-", "color": "#636363", "linewidth": 0.6, "shrinkA": 0, "shrinkB": 0},
                        gid=f"label:{segs[k]['id']}")
    y += h_bar + 0.14
    draw_legend(fig, legend_labels, [patch_key(fig, styles[c["id"]]) for c in cats], legend_rows, y, height, measure)
    y += h_leg
    if note_lines:
        fig.text(margin / FIG_WIDTH, fy(y + 0.08), "\n".join(note_lines), ha="left", va="top",
                 fontsize=FONT["note"], color="#404040", linespacing=1.2, gid="note")
    body = (0.1 + h_cap - (0.06 if cap_lines else 0.0), 0.1 + h_cap + h_band + h_bar + 0.14 + h_leg + 0.02)
    fig._survey_inventory = {"item": item.id, "respondent_type": type_id, "caption": caption, "notes": list(notes),
                             "body": body, "bare": (h_cap, height - h_notes)}
    return fig
