"""The overview figure: every sector and respondent type of one measure, with intervals.

Small multiples, drawn with matplotlib's object API: a panel per respondent type, in
each panel a group of lines per sector with one line per category (scale order;
"Weet ik niet" last, grey). The marker is the percentage, the line through it the
confidence interval; N is printed at the right of each group. Overview figures are
appendix A of the report.
"""
from __future__ import annotations

import pandas as pd

from .format import is_missing, suppression_marks
from .measure import (LEG_ROW, TextMeasure, draw_legend, legend_layout, line_height, marker_key, new_figure,
                      whole_pixels, wrap)
from .plan import plan_figures
from .style import DARK_TEXT, FIG_WIDTH, FONT, palette

__all__ = ["overview_figure"]


def overview_figure(dist: pd.DataFrame, codebook, measure: str, lang=None, *, caption: str | None = None,
                    notes: list[str] | None = None, min_cell: int = 0, show_text: bool = True):
    """Small multiples for one measure, with confidence intervals.

    A panel per respondent type, in each panel a group of lines per sector with one
    line per category (scale order; "Weet ik niet" last, grey). The marker is the
    percentage, the line through it the confidence interval; N is printed at the right
    of each group. Markers carry ``gid`` ``dot:<sector>:<type>:<category>``, interval
    lines ``ci:<sector>:<type>:<category>``.

    Parameters
    ----------
    dist : pandas.DataFrame
        ``distributions`` (every row; the measure's are picked here).
    codebook : survey_inventory.codebook.Codebook
    measure : str
        A measure id of the codebook.
    lang : {"nl", "en"}, optional
    caption, notes : optional
        Default: those :func:`~survey_inventory.render.plan.plan_figures` gives.
    min_cell : int
    show_text : bool
        False leaves out the caption and notes.

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    ValueError
        When ``dist`` has no rows for ``measure``.

    Examples
    --------
    >>> from survey_inventory.datasets import load_example
    >>> cb, study, dist = load_example()
    >>> fig = overview_figure(dist, cb, "familiarity")
    >>> len(fig.axes), sum(ln.get_gid().startswith("dot:") for ax in fig.axes for ln in ax.lines if ln.get_gid())
    (3, 36)
    """
    from matplotlib.lines import Line2D

    lang = lang or codebook.study.language
    rows = dist[dist["measure"] == measure]
    if rows.empty:
        raise ValueError(f"no rows for measure {measure!r}")
    first_item = codebook.item(rows["item"].iloc[0])
    cats = codebook.report_categories(first_item, lang)
    styles = palette(codebook, first_item, lang)
    if caption is None or notes is None:
        spec = next(s for s in plan_figures(dist, codebook, lang, min_cell=min_cell) if s.key == f"overview:{measure}")
        caption = spec.caption if caption is None else caption
        notes = spec.notes if notes is None else notes
    types = [t for t in codebook.respondent_types if t.id in set(rows["respondent_type"])]
    sectors = [s for s in codebook.sectors if s.id in set(rows["sector"])]
    measure_ = TextMeasure()
    avail = FIG_WIDTH - 0.24
    sector_lines = [wrap(_upper_first(codebook.label(s.label, lang)), FONT["tick"], 1.05, measure_) for s in sectors]
    left = max(measure_.width(ln, FONT["tick"]) for lines in sector_lines for ln in lines) + 0.22
    cap_lines = wrap(caption, FONT["caption"], avail, measure_, "bold") if show_text and caption else []
    note_lines = [ln for n in (notes if show_text else []) for ln in wrap(n, FONT["note"], avail, measure_)]
    legend_labels = [c["label"] for c in cats]
    legend_rows = legend_layout(legend_labels, measure_, avail)
    step, n_cat = 0.125, len(cats)
    n_slots = len(sectors) * (n_cat + 1) - 1
    gap = 0.14
    panel_w = (FIG_WIDTH - 0.12 - left - gap * (len(types) - 1)) / len(types)
    titles = [wrap(_upper_first(codebook.label(t.label, lang)), FONT["legend"], panel_w, measure_, "bold")
              for t in types]
    h_cap = whole_pixels(len(cap_lines) * line_height(FONT["caption"]) + (0.12 if cap_lines else 0))
    h_title = 0.1 + max(len(t) for t in titles) * line_height(FONT["legend"])
    h_panel, h_axis = n_slots * step + 0.1, 0.26
    h_leg = len(legend_rows) * LEG_ROW
    h_notes = whole_pixels(len(note_lines) * line_height(FONT["note"]) + (0.08 if note_lines else 0))
    height = 0.1 + h_cap + h_title + h_panel + h_axis + 0.08 + h_leg + h_notes + 0.06
    fig = new_figure(FIG_WIDTH, height)
    if cap_lines:
        fig.text(0.12 / FIG_WIDTH, 1 - 0.1 / height, "\n".join(cap_lines), ha="left", va="top",
                 fontsize=FONT["caption"], fontweight="bold", linespacing=1.2, gid="caption")
    top = 0.1 + h_cap + h_title
    ypos = {}
    for j, sec in enumerate(sectors):
        for i, cat in enumerate(cats):  # "Weet ik niet" a little apart from the scale
            ypos[(sec.id, cat["id"])] = n_slots - 1 - (j * (n_cat + 1) + i) - (0 if cat["substantive"] else 0.35)
    # room right of 100% for the widest "N = 113" and a margin: nothing touches the canvas edge
    widest = max([measure_.width(f"N = {int(n)}", FONT["tick"] - 0.5) for n in rows["base_n"].dropna()] + [0.0])
    k = (widest + 0.06) / panel_w  # the label's share of the panel, in data units per unit of (xmax + 3)
    xmax = max(100 + 100 * 0.42 / panel_w, (103 + 3 * k) / (1 - k))
    rows = rows.assign(_mark=suppression_marks(rows, min_cell), _cat=rows["category"].astype(str))
    blocks = {key: block for key, block in rows.groupby(["sector", "respondent_type"], sort=False, observed=True)}
    for r, rtype in enumerate(types):
        x0 = left + r * (panel_w + gap)
        ax = fig.add_axes((x0 / FIG_WIDTH, 1 - (top + h_panel) / height, panel_w / FIG_WIDTH, h_panel / height))
        ax.set_xlim(-3, xmax)
        ax.set_ylim(-0.5 - 0.4, n_slots - 0.5 + 0.4)
        ax.set_axis_off()
        ax.set_title("\n".join(titles[r]), fontsize=FONT["legend"], fontweight="bold", loc="left", pad=4,
                     color=DARK_TEXT, linespacing=1.1)
        for x in (0, 25, 50, 75, 100):
            ax.add_line(Line2D([x, x], [-0.9, n_slots - 0.1], color="#d9d9d9" if x % 50 else "#bdbdbd",
                               linewidth=0.5, zorder=0))
        ax.add_line(Line2D([-3, 100], [-0.9, -0.9], color="#969696", linewidth=0.6))
        for x, t in ((0, "0"), (50, "50"), (100, "100%")):
            ax.text(x, -1.05, t, ha="center", va="top", fontsize=FONT["tick"] - 0.5, color="#404040")
        for j, sec in enumerate(sectors):
            if j:
                y = n_slots - 1 - (j * (n_cat + 1) - 1)
                ax.add_line(Line2D([-3, xmax], [y, y], color="#e5e5e5", linewidth=0.5, zorder=0))
            block = blocks.get((sec.id, rtype.id))
            if block is None or block.empty:
                continue
            y_top = ypos[(sec.id, cats[0]["id"])]
            ax.text(103, y_top, f"N = {int(block['base_n'].iloc[0])}", ha="left", va="center",
                    fontsize=FONT["tick"] - 0.5, color="#404040")
            cells = {}
            for rec in block[[c for c in ("_cat", "_mark", "percent_exact", "ci_lower", "ci_upper")
                              if c in block.columns]].to_dict("records"):
                cells.setdefault(rec["_cat"], rec)   # the first row of each category
            for cat in cats:
                rec = cells.get(cat["id"])
                if rec is None:
                    continue
                st, yy = styles[cat["id"]], ypos[(sec.id, cat["id"])]
                tag = f"{sec.id}:{rtype.id}:{cat['id']}"
                if rec["_mark"] or is_missing(rec["percent_exact"]):
                    mark = rec["_mark"] or "–"
                    ax.text(1, yy, mark, ha="left", va="center", fontsize=FONT["tick"] - 0.5, color="#404040",
                            gid=f"dot:{tag}")
                    continue
                lo, hi = rec.get("ci_lower"), rec.get("ci_upper")
                if not is_missing(lo) and not is_missing(hi) and hi > lo:
                    ax.add_line(Line2D([lo, hi], [yy, yy], color="#252525", linewidth=0.9, solid_capstyle="butt",
                                       gid=f"ci:{tag}", zorder=2))
                ax.add_line(Line2D([rec["percent_exact"]], [yy], marker=st.marker, markersize=4.6,
                                   markerfacecolor=st.color, markeredgecolor="#252525", markeredgewidth=0.5,
                                   linestyle="none", gid=f"dot:{tag}", zorder=3))
    for j, lines in enumerate(sector_lines):  # sector names once, left of the first panel
        fig.text((left - 0.1) / FIG_WIDTH, 1 - (top + 0.05 + (j * (n_cat + 1) + (n_cat - 1) / 2 + 0.4) * step) / height,
                 "\n".join(lines), ha="right", va="center", fontsize=FONT["tick"], color=DARK_TEXT, linespacing=1.1)
    y_leg = top + h_panel + h_axis + 0.08
    draw_legend(fig, legend_labels, [marker_key(fig, styles[c["id"]]) for c in cats], legend_rows, y_leg, height,
                 measure_)
    if note_lines:
        fig.text(0.12 / FIG_WIDTH, 1 - (y_leg + h_leg + 0.08) / height, "\n".join(note_lines), ha="left", va="top",
                 fontsize=FONT["note"], color="#404040", linespacing=1.2, gid="note")
    fig._survey_inventory = {"measure": measure, "caption": caption, "notes": list(notes),
                             "body": (0.1 + h_cap - (0.06 if cap_lines else 0.0), y_leg + h_leg + 0.04),
                             "bare": (h_cap, height - h_notes)}
    return fig


def _upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]
