"""Figures: the report's single 100% stacked bars, and an overview per measure.

Every figure is built from ``distributions`` (see :data:`survey_inventory.estimate.DISTRIBUTION_COLUMNS`)
and the codebook, with matplotlib's object API (no pyplot, no global backend:
safe in notebooks and worker processes). matplotlib is imported only when a
figure is drawn.

Decisions, the same in every figure:

* **The codebook fixes the categories.** A figure always has every category of
  its item (the report collapse, else the scale), in scale order, with the same
  colour in every figure. **A category nobody chose stays in the legend, named
  with "(0%)"**, and gets a segment of zero width; so legends and colours never
  shift between figures of the same measure.
* **Palette.** Substantive categories of an ordinal scale get a sequential blue
  ramp (ColorBrewer *Blues*, dark = first category, e.g. "(Zeer) goed"): one hue,
  so it is safe for every kind of colour blindness, and its lightness falls
  monotonically, so it still reads when printed in grey. Non-substantive
  categories ("Weet ik niet") are neutral grey with a diagonal hatch and stand
  apart: a gap separates them from the substantive scale in the bar. Unordered
  scales get the Okabe-Ito colours plus hatches. :func:`palette` gives the styles.
* **Segments and labels.** A segment's width is the exact percentage
  (``percent_exact``); its label is the rounded ``percent`` as the chosen rounding
  rule gives it (``--rounding``). A label that does not fit inside its segment
  moves above the bar with a leader line; outside labels are spread so that they
  never overlap, and one that still cannot be placed is dropped, with a note
  pointing to the distribution table. Zero segments carry no label.
* **Text.** The caption (``codebook.caption``: "Figuur 2.3 Bekendheid met ...
  (N = 9)") is printed above the bar, the legend below, then notes: a routed
  domain ("alleen gevraagd aan wie de verbanden kent"), the rounding rule when
  it is largest-remainder (or the sum when half-up rounding does not give 100;
  a rule other than half up is also named at the end of the caption),
  suppressed cells (``suppressed`` column: "<K" or "–" instead of a number) and
  the study's note on synthetic data.
* **Numbers.** Figures the report has keep its number; a figure the report does
  not have takes the number of the figure before it plus a letter ("4.2a"), and
  its first note says so. Overview figures are numbered A.1, A.2, ... (appendix A).
  Method names in notes come from :func:`survey_inventory.render.method_label`.

:func:`render_all` writes every figure as PNG (300 dpi) and SVG under a folder,
two worker processes at a time.
"""
from __future__ import annotations

import io
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from . import fmt_pct, is_missing, method_labels, rounding_suffix, say, suppression_marks

__all__ = ["Style", "palette", "FigureSpec", "plan_figures", "bar_figure", "overview_figure",
           "RenderedFigure", "render_all", "render_figures", "luminance"]

FIG_WIDTH = 6.3            # inches: A4 text width (16 cm), as the report's figures
DPI = 300
_PNG_LEVEL = 1             # zlib level: level 6 takes three times as long for 10% smaller files
GAP = 2.0                  # percentage points between the substantive scale and "Weet ik niet"
FONT = {"caption": 9.0, "label": 9.0, "outside": 8.0, "legend": 8.5, "note": 7.0, "tick": 7.5}
_BLUES = ["#f7fbff", "#deebf7", "#c6dbef", "#9ecae1", "#6baed6", "#4292c6", "#2171b5", "#08519c", "#08306b"]
_OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
_QUAL_HATCH = [None, "..", "//", "xx", "\\\\", "oo", "--", "++"]
NEUTRAL, NEUTRAL_HATCH = "#bdbdbd", "#4d4d4d"
DARK_TEXT, LIGHT_TEXT = "#1a1a1a", "#ffffff"
_MARKERS = ["o", "s", "D", "^", "v", "P", "h", "*"]


# -- colours ---------------------------------------------------------------------

@dataclass(frozen=True)
class Style:
    """How one category is drawn: fill colour, hatch (or None), label colour."""
    color: str
    hatch: str | None
    text: str
    substantive: bool
    marker: str


def luminance(hex_colour: str) -> float:
    """Relative luminance (0 black .. 1 white, WCAG): what is left when printed in grey."""
    rgb = [int(hex_colour.lstrip("#")[k:k + 2], 16) / 255 for k in (0, 2, 4)]
    lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def _ramp(n: int) -> list[str]:
    """n colours from dark to light along ColorBrewer Blues (positions 8 .. 2), interpolated in RGB."""
    if n == 1:
        return [_BLUES[7]]
    out = []
    for pos in np.linspace(8, 2, n):
        lo, frac = int(np.floor(pos)), pos - np.floor(pos)
        hi = min(lo + 1, 8)
        a = [int(_BLUES[lo][k:k + 2], 16) for k in (1, 3, 5)]
        b = [int(_BLUES[hi][k:k + 2], 16) for k in (1, 3, 5)]
        out.append("#" + "".join(f"{round(x + (y - x) * frac):02x}" for x, y in zip(a, b)))
    return out


def _categories(codebook, scale_or_item, lang=None) -> tuple[list[dict], bool]:
    """The categories (report collapse or scale codes) and whether the scale is ordinal."""
    item = scale_or_item
    if isinstance(scale_or_item, str):
        if scale_or_item in codebook.scales:
            scale = codebook.scale(scale_or_item)
            cats = [{"id": str(c.code), "label": codebook.label(c.label, lang), "codes": [c.code],
                     "substantive": c.substantive} for c in scale.codes]
            return cats, scale.ordinal
        item = codebook.item(scale_or_item)
    return codebook.report_categories(item, lang), codebook.scale(item.scale).ordinal


def palette(codebook, scale_or_item, lang=None) -> dict[str, Style]:
    """Category id -> :class:`Style`, fixed by the codebook's order of the categories.

    ``scale_or_item`` is a scale id, an item id or an :class:`~survey_inventory.codebook.Item`
    (an item with a report collapse is styled by its collapsed categories).
    """
    cats, ordinal = _categories(codebook, scale_or_item, lang)
    subst = [c for c in cats if c["substantive"]]
    colours = _ramp(len(subst)) if ordinal else [_OKABE_ITO[k % len(_OKABE_ITO)] for k in range(len(subst))]
    hatches = [None] * len(subst) if ordinal else [_QUAL_HATCH[k % len(_QUAL_HATCH)] for k in range(len(subst))]
    styles, k_sub, k_non = {}, 0, 0
    for pos, cat in enumerate(cats):
        if cat["substantive"]:
            colour, hatch = colours[k_sub], hatches[k_sub]
            k_sub += 1
        else:
            colour, hatch = NEUTRAL, ["///", "...", "xxx"][k_non % 3]
            k_non += 1
        text = LIGHT_TEXT if luminance(colour) < 0.3 else DARK_TEXT
        styles[cat["id"]] = Style(colour, hatch, text, cat["substantive"], _MARKERS[pos % len(_MARKERS)])
    return styles


# -- planning: which figures, in which order, with which numbers and words -------------

@dataclass
class FigureSpec:
    """One figure to draw: what it shows and the words around it (plain data, picklable)."""
    key: str
    kind: str                      # "bar" or "overview"
    number: str                    # "2.3", "4.2a", "A.1"
    caption: str                   # with number and base: "Figuur 2.3 ... (N = 9)"
    notes: list[str]
    stem: str                      # file name without extension
    sector: str = ""
    respondent_type: str = ""
    measure: str = ""
    item: str = ""
    order: tuple = ()
    report_number: bool = False    # the number is the report's own
    alt: str = ""                  # the numbers in words, for screen readers (HTML alt, Word description)


def _number_key(number: str):
    parts = []
    for p in str(number).split("."):
        digits = "".join(ch for ch in p if ch.isdigit())
        parts.append((int(digits) if digits else 0, p))
    return tuple(parts)


def _suppressed(rows: pd.DataFrame) -> pd.Series:
    if "suppressed" not in rows.columns:
        return pd.Series(False, index=rows.index)
    return rows["suppressed"].fillna(False).astype(bool)


def _bar_notes(rows: pd.DataFrame, codebook, lang, rounding, min_cell) -> list[str]:
    notes = []
    first = rows.iloc[0]
    if bool(first.get("domain", False)):
        rtype = codebook.respondent_type(first["respondent_type"])
        notes.append(say("routed", lang, base=int(first["base_n"]), sample=int(first["sample_n"]),
                         types=codebook.label(rtype.label, lang)))
    supp = _suppressed(rows)
    shown = pd.to_numeric(rows.loc[~supp, "percent"], errors="coerce")
    if rounding == "largest-remainder":
        notes.append(say("largest_remainder", lang))
    elif not supp.any() and shown.notna().all() and len(shown) and int(shown.sum()) != 100:
        notes.append(say("sum_not_100", lang, total=int(shown.sum())))
    if supp.any():
        notes.append(_suppression_note(lang, min_cell))
    return notes


def _suppression_note(lang, min_cell):
    return say("suppressed_k", lang, k=min_cell) if min_cell else say("suppressed", lang)


def _study_note(codebook, lang) -> list[str]:
    if codebook.study.synthetic_data and codebook.study.note:
        return [codebook.label(codebook.study.note, lang)]
    return []


def plan_figures(dist: pd.DataFrame, codebook, lang=None, rounding=None, min_cell: int = 0) -> list[FigureSpec]:
    """Every figure of a run, in report order: one bar per (item, respondent type)
    with data, then one overview per measure."""
    from ..export import safe_filename

    lang = lang or codebook.study.language
    if dist.empty:
        return []
    rounding = rounding or str(dist["rounding"].iloc[0])
    word = say("figure", lang)
    sector_pos = {s.id: k for k, s in enumerate(codebook.sectors)}
    type_pos = {t.id: k for k, t in enumerate(codebook.respondent_types)}
    item_pos = {i.id: k for k, i in enumerate(codebook.items)}
    groups = []
    for (item_id, type_id), rows in dist.groupby(["item", "respondent_type"], sort=False):
        item = codebook.item(item_id)
        groups.append(((sector_pos.get(item.sector, -1), type_pos[type_id], item_pos[item_id]), item, type_id, rows))
    groups.sort(key=lambda g: g[0])
    specs, previous, letters, plain = [], None, {}, 0
    for order, item, type_id, rows in groups:
        rows = rows.sort_values("category_order")
        base = int(rows["base_n"].iloc[0])
        own = item.figures.get(type_id)
        if own:
            number, previous = own, own
            caption = codebook.caption(item, type_id, base, lang)
        else:
            if previous is not None:
                letters[previous] = letters.get(previous, 0) + 1
                number = previous + "abcdefghijklmnopqrstuvwxyz"[(letters[previous] - 1) % 26]
            else:
                plain += 1
                number = str(plain)
            caption = f"{word} {number} " + codebook.caption(item, type_id, base, lang, numbered=False)
        caption += rounding_suffix(rounding, lang)  # the caption says when it is not half up, as the report rounds
        notes = _bar_notes(rows, codebook, lang, rounding, min_cell) + _study_note(codebook, lang)
        if not own and previous is not None:  # "4.2a": say why a report figure number has a letter
            notes.insert(0, say("not_in_report", lang, number=number, previous=previous))
        stem = safe_filename(f"{word}_{number}_{item.sector or ''}_{item.measure}_{type_id}")
        alt = "; ".join(f"{lab}: {mark or (fmt_pct(p) if not is_missing(p) else '–')}" for lab, p, mark in
                        zip(rows["category_label"], rows["percent"], suppression_marks(rows, min_cell)))
        specs.append(FigureSpec(key=f"{item.id}:{type_id}", kind="bar", number=number, caption=caption, notes=notes,
                                stem=stem, sector=item.sector or "", respondent_type=type_id, measure=item.measure,
                                item=item.id, order=order, report_number=bool(own), alt=alt))
    measures = list(dict.fromkeys(codebook.item(i).measure for i in dist["item"].drop_duplicates()))
    measure_pos = {m.id: k for k, m in enumerate(codebook.measures)}
    measures.sort(key=lambda m: measure_pos.get(m, len(measure_pos)))
    for k, measure in enumerate(measures, start=1):
        rows = dist[dist["measure"] == measure]
        number = f"A.{k}"
        label = _measure_label(codebook, measure, lang)
        caption = f"{word} {number} " + say("overview_caption", lang, measure=label)
        notes = _overview_notes(rows, codebook, lang, min_cell) + _study_note(codebook, lang)
        specs.append(FigureSpec(key=f"overview:{measure}", kind="overview", number=number, caption=caption,
                                notes=notes, stem=safe_filename(f"{word}_{number}_overview_{measure}"),
                                measure=measure, order=(len(sector_pos) + 1, k), alt=caption))
    return specs


def _measure_label(codebook, measure, lang):
    try:
        return codebook.label(codebook.measure(measure).label, lang)
    except KeyError:
        return measure


def _overview_notes(rows, codebook, lang, min_cell) -> list[str]:
    level = rows["ci_level"].dropna()
    level = int(round(100 * float(level.iloc[0]))) if len(level) else 95
    methods = method_labels(rows["ci_method"], lang, census=False)
    notes = [say("overview_note", lang, level=level, method="; ".join(methods) or "–")]
    if rows["ci_method"].astype(str).str.startswith("census").any():
        notes.append(say("census", lang))
    if rows["domain"].astype(bool).any():
        routed = sorted({_measure_label(codebook, m, lang) for m in rows.loc[rows["domain"].astype(bool), "measure"]})
        notes.append(say("overview_routed", lang, measures=", ".join(routed)))
    if _suppressed(rows).any():
        notes.append(_suppression_note(lang, min_cell))
    return notes


# -- drawing helpers ---------------------------------------------------------------

def _new_figure(width, height):
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height), dpi=100)
    FigureCanvasAgg(fig)
    return fig


class _Measure:
    """Text widths in inches without a figure (Agg's font metrics at the PNG's 300 dpi:
    at 72 dpi hinting makes bold text some 6% narrower than drawn, and captions ran
    off the right edge), cached: the same words recur in every caption and legend."""

    _cache: dict = {}
    _renderer = None

    def width(self, text, size, weight="normal") -> float:
        key = (text, size, weight)
        if key not in self._cache:
            if _Measure._renderer is None:
                from matplotlib.backends.backend_agg import RendererAgg

                _Measure._renderer = RendererAgg(10, 10, DPI)
            from matplotlib.font_manager import FontProperties

            w, _, _ = _Measure._renderer.get_text_width_height_descent(
                text, FontProperties(size=size, weight=weight), ismath=False)
            self._cache[key] = w / DPI
        return self._cache[key]


def _wrap(text, size, width_in, measure, weight="normal") -> list[str]:
    """Greedy word wrap to ``width_in`` inches (word widths summed: kerning across
    spaces ignored, a 2% margin covers it). An "=" stays with the words on both sides,
    so "(N = 9)" is never broken over two lines."""
    space = measure.width("a a", size, weight) - measure.width("aa", size, weight)
    words = []
    for word in text.split():
        if words and (word == "=" or words[-1].endswith(" =")):
            words[-1] += " " + word
        else:
            words.append(word)
    lines, current, used = [], [], 0.0
    for word in words:
        w = measure.width(word, size, weight)
        if current and used + space + w > width_in * 0.98:
            lines.append(" ".join(current))
            current, used = [word], w
        else:
            used += (space if current else 0.0) + w
            current.append(word)
    if current:
        lines.append(" ".join(current))
    return lines or [""]


def _line_h(size) -> float:
    return size * 1.32 / 72.0


_KEY_W, _KEY_GAP, _COL_GAP, _LEG_ROW = 0.17, 0.06, 0.22, 0.22  # legend key, key-text gap, column gap, row height


def _legend_layout(labels, measure, avail) -> list[list[int]]:
    """Legend rows (lists of entry positions): as few rows as fit the width, in scale order."""
    widths = [_KEY_W + _KEY_GAP + measure.width(t, FONT["legend"]) for t in labels]
    for ncol in range(len(labels), 0, -1):
        rows = [list(range(k, min(k + ncol, len(labels)))) for k in range(0, len(labels), ncol)]
        if all(sum(widths[i] for i in r) + _COL_GAP * (len(r) - 1) <= avail for r in rows):
            return rows
    return [[k] for k in range(len(labels))]


def _draw_legend(fig, labels, keys, rows, top_in, height, measure):
    """A legend below the chart, centred, drawn from patches and texts (matplotlib's
    Legend costs three times as much to draw; there are some thirty figures per run).
    ``keys`` are callables drawing one key at (x, y, w, h) in figure inches."""
    for r, row in enumerate(rows):
        widths = [_KEY_W + _KEY_GAP + measure.width(labels[i], FONT["legend"]) for i in row]
        x = (FIG_WIDTH - sum(widths) - _COL_GAP * (len(row) - 1)) / 2
        y = top_in + r * _LEG_ROW + _LEG_ROW / 2
        for i, w in zip(row, widths):
            keys[i](x, y, height)
            fig.text((x + _KEY_W + _KEY_GAP) / FIG_WIDTH, 1 - y / height, labels[i], ha="left", va="center_baseline",
                     fontsize=FONT["legend"], color=DARK_TEXT, gid=f"legend:{i}")
            x += w + _COL_GAP


def _patch_key(fig, style):
    from matplotlib.patches import Rectangle

    def draw(x, y, height):
        fig.add_artist(Rectangle((x / FIG_WIDTH, 1 - (y + 0.06) / height), _KEY_W / FIG_WIDTH, 0.12 / height,
                                 transform=fig.transFigure, facecolor=style.color, edgecolor="white", linewidth=0,
                                 hatch=style.hatch, hatchcolor=NEUTRAL_HATCH if style.hatch else None))
    return draw


def _marker_key(fig, style):
    from matplotlib.lines import Line2D

    def draw(x, y, height):
        fig.add_artist(Line2D([(x + _KEY_W / 2) / FIG_WIDTH], [1 - y / height], transform=fig.transFigure,
                              marker=style.marker, markersize=5, markerfacecolor=style.color, markeredgecolor="#252525",
                              markeredgewidth=0.5, linestyle="none"))
    return draw


def _segments(rows: pd.DataFrame, cats: list[dict], min_cell: int):
    """Per category of the codebook: id, label, width, the text printed (None for
    none), substantive, suppressed. Suppressed cells share what the shown cells
    leave, equally, so the bar stays whole without telling their counts apart."""
    marks = dict(zip(rows["category"].astype(str), suppression_marks(rows, min_cell)))
    by_id = {str(r["category"]): r for _, r in rows.iterrows()}
    out = []
    for cat in cats:
        r, mark = by_id.get(cat["id"]), marks.get(cat["id"], "")
        width, text = np.nan, None
        if mark:
            text = mark
        elif r is not None:
            width = r.get("percent_exact")
            width = r["percent"] if is_missing(width) else width
            width = np.nan if is_missing(width) else float(width)
            text = None if is_missing(r["percent"]) else fmt_pct(int(r["percent"]))
        out.append({"id": cat["id"], "label": cat["label"], "width": width, "text": text,
                    "substantive": cat["substantive"], "suppressed": bool(mark)})
    known = sum(s["width"] for s in out if not np.isnan(s["width"]))
    hidden = [s for s in out if s["suppressed"]]
    for s in hidden:
        s["width"] = max(0.0, 100.0 - known) / len(hidden)
    for s in out:
        if np.isnan(s["width"]):
            s["width"] = 0.0
    return out


def _spread(centres, widths, lo, hi, gap):
    """Positions near ``centres`` for labels of ``widths`` in [lo, hi] with no overlap,
    or None for labels that cannot be placed (the smallest are dropped first)."""
    idx = list(range(len(centres)))
    while idx:
        need = sum(widths[i] for i in idx) + gap * (len(idx) - 1)
        if need <= hi - lo:
            break
        idx.remove(min(idx, key=lambda i: (widths[i] == 0, centres[i])))  # drop one, keep order stable
    x = {}
    prev_right = lo
    for i in idx:
        x[i] = max(centres[i], prev_right + widths[i] / 2)
        prev_right = x[i] + widths[i] / 2 + gap
    next_left = hi
    for i in reversed(idx):
        x[i] = min(x[i], next_left - widths[i] / 2)
        next_left = x[i] - widths[i] / 2 - gap
    return [x.get(i) for i in range(len(centres))]


# -- the report's bar ----------------------------------------------------------------

def bar_figure(dist_rows: pd.DataFrame, codebook, lang=None, *, caption: str | None = None,
               notes: list[str] | None = None, min_cell: int = 0, show_text: bool = True):
    """One 100% stacked horizontal bar like the report's figures 2.3-6.6.

    ``dist_rows`` are the rows of one (item, respondent type) of ``distributions``.
    Rectangles carry the category id as ``gid``; segment labels ``label:<id>``,
    the caption ``caption`` and notes ``note``. ``show_text=False`` leaves out the
    caption and notes (for reports that print them as text).
    """
    from matplotlib.patches import Rectangle

    lang = lang or codebook.study.language
    rows = dist_rows.sort_values("category_order")
    item = codebook.item(rows["item"].iloc[0])
    type_id = rows["respondent_type"].iloc[0]
    cats = codebook.report_categories(item, lang)
    styles = palette(codebook, item, lang)
    if caption is None or notes is None:
        spec = _spec_for(rows, codebook, lang, min_cell)
        caption = spec.caption if caption is None else caption
        notes = spec.notes if notes is None else notes
    segs = _segments(rows, cats, min_cell)
    base = rows["base_n"].iloc[0]
    empty = is_missing(base) or int(base) == 0
    if all(s["suppressed"] for s in segs):  # nothing to show but the marks: one neutral bar
        for s in segs:
            s["width"], s["text"] = 0.0, None
        empty_text = say("all_suppressed", lang)
    else:
        empty_text = say("no_answers", lang) if empty else None

    measure = _Measure()
    margin, avail = 0.12, FIG_WIDTH - 0.24
    has_gap = any(c["substantive"] for c in cats) and any(not c["substantive"] for c in cats)
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

    cap_lines = _wrap(caption, FONT["caption"], avail, measure, "bold") if show_text and caption else []
    note_lines = [ln for n in (notes if show_text else []) for ln in _wrap(n, FONT["note"], avail, measure)]
    legend_labels = [c["label"] + (" (0%)" if s["width"] == 0 and not s["suppressed"] and not empty_text else "")
                     for c, s in zip(cats, segs)]
    legend_rows = _legend_layout(legend_labels, measure, avail)
    h_cap = len(cap_lines) * _line_h(FONT["caption"]) + (0.1 if cap_lines else 0)
    h_band = 0.24 if outside else 0.0
    h_bar, h_leg = 0.42, len(legend_rows) * _LEG_ROW
    h_notes = len(note_lines) * _line_h(FONT["note"]) + (0.08 if note_lines else 0)
    height = 0.1 + h_cap + h_band + h_bar + 0.14 + h_leg + h_notes + 0.08
    fig = _new_figure(FIG_WIDTH, height)

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
    dropped = False
    if outside:
        centres = [(xs[k] + segs[k]["width"] / 2) * scale for k in outside]
        widths = [measure.width(segs[k]["text"], FONT["outside"]) for k in outside]
        placed = _spread(centres, widths, 0.0, avail, 0.08)
        for k, cx, xin in zip(outside, centres, placed):
            if xin is None:
                dropped = True
                continue
            ax.annotate(segs[k]["text"], xy=(cx / scale, 1.0), xytext=(xin / scale, 1.0 + 0.14 / h_bar),
                        ha="center", va="bottom", fontsize=FONT["outside"], color=DARK_TEXT, annotation_clip=False,
                        arrowprops={"arrowstyle": "-", "color": "#636363", "linewidth": 0.6, "shrinkA": 0, "shrinkB": 0},
                        gid=f"label:{segs[k]['id']}")
    y += h_bar + 0.14
    _draw_legend(fig, legend_labels, [_patch_key(fig, styles[c["id"]]) for c in cats], legend_rows, y, height, measure)
    y += h_leg
    if dropped and show_text:
        note_lines.append(say("dropped", lang, table="B"))
    if note_lines:
        fig.text(margin / FIG_WIDTH, fy(y + 0.08), "\n".join(note_lines), ha="left", va="top",
                 fontsize=FONT["note"], color="#404040", linespacing=1.2, gid="note")
    body = (0.1 + h_cap - (0.06 if cap_lines else 0.0), 0.1 + h_cap + h_band + h_bar + 0.14 + h_leg + 0.02)
    fig._survey_inventory = {"item": item.id, "respondent_type": type_id, "caption": caption, "notes": list(notes),
                             "body": body}
    return fig


def _spec_for(rows, codebook, lang, min_cell) -> FigureSpec:
    """Caption and notes of one bar when it is drawn on its own (not from a plan)."""
    item_id, type_id = rows["item"].iloc[0], rows["respondent_type"].iloc[0]
    for spec in plan_figures(rows, codebook, lang, min_cell=min_cell):
        if spec.kind == "bar" and spec.key == f"{item_id}:{type_id}":
            if not spec.report_number:  # numbered within the whole run only; alone it has none
                spec.caption = codebook.caption(codebook.item(item_id), type_id, int(rows["base_n"].iloc[0]), lang)
            return spec
    raise ValueError("no figure for these rows")


# -- overview: all sectors x respondent types, with intervals ------------------------------

def overview_figure(dist: pd.DataFrame, codebook, measure: str, lang=None, *, caption: str | None = None,
                    notes: list[str] | None = None, min_cell: int = 0, show_text: bool = True):
    """Small multiples for one measure: a panel per respondent type, in each panel a
    group of lines per sector with one line per category (scale order; "Weet ik niet"
    last, grey). The marker is the percentage, the line through it the confidence
    interval; N is printed at the right of each group. Markers carry ``gid``
    ``dot:<sector>:<type>:<category>``, interval lines ``ci:<sector>:<type>:<category>``."""
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
    measure_ = _Measure()
    avail = FIG_WIDTH - 0.24
    sector_lines = [_wrap(_upper_first(codebook.label(s.label, lang)), FONT["tick"], 1.05, measure_) for s in sectors]
    left = max(measure_.width(ln, FONT["tick"]) for lines in sector_lines for ln in lines) + 0.22
    cap_lines = _wrap(caption, FONT["caption"], avail, measure_, "bold") if show_text and caption else []
    note_lines = [ln for n in (notes if show_text else []) for ln in _wrap(n, FONT["note"], avail, measure_)]
    legend_labels = [c["label"] for c in cats]
    legend_rows = _legend_layout(legend_labels, measure_, avail)
    step, n_cat = 0.125, len(cats)
    n_slots = len(sectors) * (n_cat + 1) - 1
    gap = 0.14
    panel_w = (FIG_WIDTH - 0.12 - left - gap * (len(types) - 1)) / len(types)
    titles = [_wrap(_upper_first(codebook.label(t.label, lang)), FONT["legend"], panel_w, measure_, "bold")
              for t in types]
    h_cap = len(cap_lines) * _line_h(FONT["caption"]) + (0.12 if cap_lines else 0)
    h_title = 0.1 + max(len(t) for t in titles) * _line_h(FONT["legend"])
    h_panel, h_axis = n_slots * step + 0.1, 0.26
    h_leg = len(legend_rows) * _LEG_ROW
    h_notes = len(note_lines) * _line_h(FONT["note"]) + (0.08 if note_lines else 0)
    height = 0.1 + h_cap + h_title + h_panel + h_axis + 0.08 + h_leg + h_notes + 0.06
    fig = _new_figure(FIG_WIDTH, height)
    if cap_lines:
        fig.text(0.12 / FIG_WIDTH, 1 - 0.1 / height, "\n".join(cap_lines), ha="left", va="top",
                 fontsize=FONT["caption"], fontweight="bold", linespacing=1.2, gid="caption")
    top = 0.1 + h_cap + h_title
    ypos = {}
    for j, sec in enumerate(sectors):
        for i, cat in enumerate(cats):  # "Weet ik niet" a little apart from the scale
            ypos[(sec.id, cat["id"])] = n_slots - 1 - (j * (n_cat + 1) + i) - (0 if cat["substantive"] else 0.35)
    xmax = 100 + 100 * 0.42 / panel_w  # room right of 100% for "N = 26"
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
            block = rows[(rows["sector"] == sec.id) & (rows["respondent_type"] == rtype.id)]
            if block.empty:
                continue
            y_top = ypos[(sec.id, cats[0]["id"])]
            ax.text(103, y_top, f"N = {int(block['base_n'].iloc[0])}", ha="left", va="center",
                    fontsize=FONT["tick"] - 0.5, color="#404040")
            marks = dict(zip(block.index, suppression_marks(block, min_cell)))
            for cat in cats:
                cell = block[block["category"].astype(str) == cat["id"]]
                if cell.empty:
                    continue
                rec, st, yy = cell.iloc[0], styles[cat["id"]], ypos[(sec.id, cat["id"])]
                tag = f"{sec.id}:{rtype.id}:{cat['id']}"
                if marks[cell.index[0]] or is_missing(rec["percent_exact"]):
                    mark = marks[cell.index[0]] or "–"
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
    _draw_legend(fig, legend_labels, [_marker_key(fig, styles[c["id"]]) for c in cats], legend_rows, y_leg, height,
                 measure_)
    if note_lines:
        fig.text(0.12 / FIG_WIDTH, 1 - (y_leg + h_leg + 0.08) / height, "\n".join(note_lines), ha="left", va="top",
                 fontsize=FONT["note"], color="#404040", linespacing=1.2, gid="note")
    fig._survey_inventory = {"measure": measure, "caption": caption, "notes": list(notes),
                             "body": (0.1 + h_cap - (0.06 if cap_lines else 0.0), y_leg + h_leg + 0.04)}
    return fig


def _upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


# -- writing ---------------------------------------------------------------------------

@dataclass
class RenderedFigure:
    """A drawn figure: its plan, the files written, and a caption-less PNG for reports."""
    spec: FigureSpec
    files: list[Path] = field(default_factory=list)
    embed_png: bytes = b""

    @property
    def caption(self):
        return self.spec.caption

    @property
    def number(self):
        return self.spec.number


_RC = {"svg.hashsalt": "survey-inventory", "svg.fonttype": "none", "font.family": "DejaVu Sans",
       "hatch.linewidth": 0.8}


def _draw(spec: FigureSpec, dist: pd.DataFrame, codebook, lang, min_cell, show_text):
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

    with matplotlib.rc_context(_RC):
        fig = _draw(spec, dist, codebook, lang, min_cell, True)
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


def _can_fork() -> bool:
    """Worker processes only where they start by fork: a spawned worker would re-run the
    caller's script or notebook cell (no ``if __name__ == "__main__"`` guard there)."""
    import multiprocessing as mp

    return "fork" in mp.get_all_start_methods()


def render_all(dist: pd.DataFrame, codebook, folder, lang=None, rounding=None, *, min_cell: int = 0,
               workers: int = 2) -> list[RenderedFigure]:
    """Draw every figure of :func:`plan_figures` into ``folder`` (PNG at 300 dpi and SVG).

    With ``workers > 1`` (and more than four figures) the figures are drawn by that
    many forked processes, one interleaved batch each; where processes cannot be
    forked, they are drawn here. Returns the figures in report order.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    lang = lang or codebook.study.language
    specs = plan_figures(dist, codebook, lang, rounding, min_cell)
    results = None
    if workers > 1 and len(specs) > 4 and _can_fork():
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
    """Draw every figure into ``folder``; return the files written (PNG and SVG)."""
    return [p for fig in render_all(dist, codebook, folder, lang, rounding, **options) for p in fig.files]
