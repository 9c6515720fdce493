"""What to draw: which figures, their numbers, captions and notes, segments and labels.

Everything here is computed from ``distributions`` (see
:data:`survey_inventory.estimate.DISTRIBUTION_COLUMNS`) and the codebook, apart from
drawing (no matplotlib), like seaborn's ``_statistics.py``:

* :func:`plan_figures` lists every figure of a run in report order, as
  :class:`FigureSpec` (plain, picklable data for the worker processes);
* :func:`segments` gives one bar's segments: width, printed text, suppression;
* :func:`spread` places labels that do not fit inside their segment above the bar.

Decisions, the same in every figure:

* **The codebook fixes the categories.** A figure always has every category of its
  item (the report collapse, else the scale), in scale order. A category nobody chose
  stays in the legend, named with "(0%)", with a segment of zero width.
* **Segments and labels.** A segment's width is the exact percentage
  (``percent_exact``); its label is the rounded ``percent`` as the chosen rounding
  rule gives it (``--rounding``). Suppressed cells share what the shown cells leave.
* **Text.** The caption (``codebook.caption``: "Figuur 2.3 Bekendheid met ... (N = 9)"),
  then notes: who was asked (:mod:`~survey_inventory.render.notes`: a routing note made
  from the item's ``asked_if`` for the figure's respondent type, or an item non-response
  note), the rounding rule when it is largest-remainder (or the sum when half-up rounding
  does not give 100; a rule other than half up is also named at the end of the caption),
  suppressed cells and the study's note on synthetic data.
* **Numbers.** The run's numbers are the ``figure`` column of ``distributions``
  (:func:`~survey_inventory.estimate.distributions.figure_numbers`: the codebook's own, per
  sector, or flat). A lettered number ("4.2a") says in its first note why it has a letter,
  naming "the report" only when the codebook names one. Overview figures are numbered A.1,
  A.2, ... (appendix A), one per measure that has items with a sector.
* **File names** do not depend on the language and sort in report order:
  ``fig_02_03_care_familiarity_province`` (:func:`file_number`).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..phrases import say
from ..estimate.distributions import figure_numbers
from .format import fmt_pct, is_missing, method_labels, rounding_suffix, suppression_marks
from .lowresponse import low_response_notes
from .notes import is_routed, who_was_asked

__all__ = ["FigureSpec", "plan_figures", "bar_spec", "segments", "spread", "measure_label", "file_number",
           "has_published_report"]


@dataclass
class FigureSpec:
    """One figure to draw: what it shows and the words around it (plain data, picklable).

    Examples
    --------
    >>> spec = FigureSpec(key="overview:familiarity", kind="overview", number="A.1",
    ...                   caption="Figuur A.1 Bekendheid per sector en type respondent", notes=[], stem="fig_A_01")
    >>> spec.report_number, spec.alt
    (False, '')
    """
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


def _suppressed(rows: pd.DataFrame) -> pd.Series:
    if "suppressed" not in rows.columns:
        return pd.Series(False, index=rows.index)
    return rows["suppressed"].fillna(False).astype(bool)


def _bar_notes(rows: pd.DataFrame, codebook, lang, rounding, min_cell) -> list[str]:
    notes = who_was_asked(rows, codebook, lang) if {"sample_n", "base_n"} <= set(rows.columns) else []
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
    """Every figure of a run, in report order.

    One bar per (item, respondent type) with data, then one overview per measure.

    Parameters
    ----------
    dist : pandas.DataFrame
        ``distributions`` (after ``--min-cell`` suppression, if any).
    codebook : survey_inventory.codebook.Codebook
    lang : {"nl", "en"}, optional
        Default: the study's language.
    rounding : str, optional
        Default: the ``rounding`` column of ``dist``.
    min_cell : int
        The ``--min-cell`` threshold, named in the notes of suppressed cells.

    Returns
    -------
    list of FigureSpec
        What to draw, figure by figure; :mod:`survey_inventory.render.bar` and
        :mod:`survey_inventory.render.overview` draw it.

    Examples
    --------
    >>> from survey_inventory.datasets import load_example
    >>> cb, study, dist = load_example()
    >>> specs = plan_figures(dist, cb)
    >>> specs[0].number, specs[0].caption[:32], specs[-1].kind
    ('2.3', 'Figuur 2.3 Bekendheid met region', 'overview')
    """
    from ..export.safe import safe_filename

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
        groups.append(((sector_pos.get(item.sector, len(sector_pos)), type_pos[type_id], item_pos[item_id]),
                       item, type_id, rows))
    groups.sort(key=lambda g: g[0])
    numbers = _numbers(dist, codebook)
    specs = []
    for order, item, type_id, rows in groups:
        rows = rows.sort_values("category_order")
        base = int(rows["base_n"].iloc[0])
        number = numbers[(item.id, type_id)]
        own = item.figures.get(type_id)
        if own and own == number:
            caption = codebook.caption(item, type_id, base, lang)
        else:
            caption = f"{word} {number} " + codebook.caption(item, type_id, base, lang, numbered=False)
        caption += rounding_suffix(rounding, lang)  # the caption says when it is not half up, as the report rounds
        notes = _bar_notes(rows, codebook, lang, rounding, min_cell) + low_response_notes(rows, codebook, lang) \
            + _study_note(codebook, lang)
        previous = _lettered(number, item, type_id, codebook)
        if previous:  # "4.2a": say why a figure number has a letter
            key = "not_in_report" if has_published_report(codebook) else "not_numbered"
            notes.insert(0, say(key, lang, number=number, previous=previous))
        stem = safe_filename(f"fig_{file_number(number)}_{item.sector or 'other'}_{item.measure}_{type_id}")
        alt = "; ".join(f"{lab}: {mark or (fmt_pct(p) if not is_missing(p) else '–')}" for lab, p, mark in
                        zip(rows["category_label"], rows["percent"], suppression_marks(rows, min_cell)))
        specs.append(FigureSpec(key=f"{item.id}:{type_id}", kind="bar", number=number, caption=caption, notes=notes,
                                stem=stem, sector=item.sector or "", respondent_type=type_id, measure=item.measure,
                                item=item.id, order=order, report_number=bool(own) and own == number, alt=alt))
    sectored = dist[dist["sector"].astype(str) != ""] if "sector" in dist.columns else dist.iloc[:0]
    measures = list(dict.fromkeys(codebook.item(i).measure for i in sectored["item"].drop_duplicates()))
    measure_pos = {m.id: k for k, m in enumerate(codebook.measures)}
    measures.sort(key=lambda m: measure_pos.get(m, len(measure_pos)))
    known = {s.id for s in codebook.sectors}  # an overview is sectors x types: none without a sector (a draft)
    measures = [m for m in measures if set(dist.loc[dist["measure"] == m, "sector"].dropna()) & known]
    for k, measure in enumerate(measures, start=1):
        rows = sectored[sectored["measure"] == measure]
        number = f"A.{k}"
        label = measure_label(codebook, measure, lang)
        caption = f"{word} {number} " + say("overview_caption", lang, measure=label)
        notes = _overview_notes(rows, codebook, lang, min_cell) + _study_note(codebook, lang)
        apart = [s.number for s in specs if s.measure == measure and not s.sector]
        if apart:  # an overview is per sector: the measure's items without one are in their own figures
            notes.append(say("overview_without_sector", lang, figures=", ".join(apart)))
        specs.append(FigureSpec(key=f"overview:{measure}", kind="overview", number=number, caption=caption,
                                notes=notes, stem=safe_filename(f"fig_{file_number(number)}_overview_{measure}"),
                                measure=measure, order=(len(sector_pos) + 1, k), alt=caption))
    return specs


def has_published_report(codebook) -> bool:
    """Whether the codebook names a published report of the study (``published_report``):
    only then do outputs speak of "the report".

    Examples
    --------
    >>> from survey_inventory.codebook.model import Codebook, _EXAMPLE
    >>> has_published_report(Codebook.model_validate(_EXAMPLE))
    False
    """
    return bool(codebook.label(codebook.published_report))


def _numbers(dist: pd.DataFrame, codebook) -> dict:
    """The run's number of every bar: the ``figure`` column where it is filled, else numbered here."""
    pairs = list(dict.fromkeys(zip(dist["item"], dist["respondent_type"])))
    given = {}
    if "figure" in dist.columns:
        given = {(i, t): str(f) for i, t, f in zip(dist["item"], dist["respondent_type"], dist["figure"])
                 if isinstance(f, str) and f}
    if all(p in given for p in pairs):
        return given
    return figure_numbers(pairs, codebook)


def _lettered(number: str, item, type_id, codebook) -> str | None:
    """The codebook's figure a lettered number follows ("4.2" for "4.2a"), or None."""
    own = item.figures.get(type_id)
    if own == number or len(number) < 2 or not number[-1].isalpha() or not number[-2].isdigit():
        return None
    previous = number[:-1]
    known = {f for i in codebook.items for f in i.figures.values()}
    return previous if previous in known else None


def file_number(number: str) -> str:
    """A figure number as it sorts in a file name: each part's digits padded to two
    (three for a number without parts), ``.`` as ``_``; the same in every language.

    Parameters
    ----------
    number : str
        "2.3", "4.2a", "12", "A.1".

    Returns
    -------
    str
        Digits padded, parts joined by ``_``.

    Examples
    --------
    >>> [file_number(n) for n in ("2.3", "2.10", "4.2a", "12", "A.1")]
    ['02_03', '02_10', '04_02a', '012', 'A_01']
    """
    parts = str(number).split(".")
    width = 3 if len(parts) == 1 else 2
    out = []
    for part in parts:
        digits = len(part) - len(part.lstrip("0123456789"))
        out.append(part[:digits].zfill(width) + part[digits:] if digits else part)
    return "_".join(out)


def bar_spec(rows: pd.DataFrame, codebook, lang=None, min_cell: int = 0) -> FigureSpec:
    """Caption and notes of one bar when it is drawn on its own (not from a whole run's plan).

    The figure keeps the number its rows carry (the ``figure`` column of
    ``distributions``); rows without one (a table made by hand) get a caption without a
    number unless the codebook gives the figure one.

    Parameters
    ----------
    rows : pandas.DataFrame
        The rows of one (item, respondent type) of ``distributions``.
    codebook, lang, min_cell
        As for :func:`plan_figures`.

    Returns
    -------
    FigureSpec
        Segments, labels, caption and notes of one bar figure.

    Examples
    --------
    >>> from survey_inventory.datasets import load_example
    >>> cb, study, dist = load_example()
    >>> bar_spec(dist[dist["figure"] == "2.3"], cb).caption[-7:]
    '(N = 9)'
    """
    lang = lang or codebook.study.language
    item_id, type_id = rows["item"].iloc[0], rows["respondent_type"].iloc[0]
    for spec in plan_figures(rows, codebook, lang, min_cell=min_cell):
        if spec.kind == "bar" and spec.key == f"{item_id}:{type_id}":
            first = rows["figure"].iloc[0] if "figure" in rows.columns else ""
            if not spec.report_number and not (isinstance(first, str) and first):  # no number of its own
                spec.caption = codebook.caption(codebook.item(item_id), type_id, int(rows["base_n"].iloc[0]), lang)
            return spec
    raise ValueError("no figure for these rows")


def measure_label(codebook, measure, lang) -> str:
    """The reader's name of a measure ("Bekendheid"); its id when the codebook has none.

    Examples
    --------
    >>> from survey_inventory.datasets import load_example
    >>> cb, study, dist = load_example()
    >>> measure_label(cb, "no such measure", "nl")
    'no such measure'
    """
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
    pairs = rows.drop_duplicates(["item", "respondent_type"])
    routed = sorted({measure_label(codebook, m, lang) for i, t, m in
                     zip(pairs["item"], pairs["respondent_type"], pairs["measure"])
                     if is_routed(codebook, codebook.item(i), t)})
    if routed:
        notes.append(say("overview_routed", lang, measures=", ".join(routed)))
    if _suppressed(rows).any():
        notes.append(_suppression_note(lang, min_cell))
    return notes


# -- one bar: segments and where their labels go -------------------------------------------

def segments(rows: pd.DataFrame, cats: list[dict], min_cell: int) -> list[dict]:
    """One bar's segments, one per category of the codebook.

    Suppressed cells share what the shown cells leave, equally, so the bar stays
    whole without telling their counts apart.

    Parameters
    ----------
    rows : pandas.DataFrame
        The rows of one (item, respondent type) of ``distributions``.
    cats : list of dict
        ``codebook.report_categories(item)``: ``id``, ``label``, ``substantive``.
    min_cell : int
        The ``--min-cell`` threshold (for the "<K" marks).

    Returns
    -------
    list of dict
        Per category: ``id``, ``label``, ``width`` (percentage points), ``text`` (the
        label printed, None for none), ``substantive``, ``suppressed``.

    Examples
    --------
    >>> import pandas as pd
    >>> rows = pd.DataFrame({"category": ["a", "b"], "percent": [33, 67], "percent_exact": [100 / 3, 200 / 3]})
    >>> cats = [{"id": c, "label": c.upper(), "substantive": True} for c in ("a", "b", "c")]
    >>> [(s["id"], round(s["width"], 2), s["text"]) for s in segments(rows, cats, 0)]
    [('a', 33.33, '33%'), ('b', 66.67, '67%'), ('c', 0.0, None)]
    """
    marks = dict(zip(rows["category"].astype(str), suppression_marks(rows, min_cell)))
    used = [c for c in ("category", "percent", "percent_exact") if c in rows.columns]
    by_id = {str(r["category"]): r for r in rows[used].to_dict("records")}
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


def spread(centres, widths, lo, hi, gap):
    """Positions near ``centres`` for labels of ``widths`` in [lo, hi] with no overlap.

    Labels that cannot be placed get None (the smallest are dropped first).

    Parameters
    ----------
    centres, widths : list of float
        Where each label would like to be centred, and its width (same unit).
    lo, hi : float
        The room available.
    gap : float
        The least space between two labels.

    Returns
    -------
    list of float or None
        Per label its centre, or None where it did not fit.

    Examples
    --------
    >>> spread([1.0, 1.1], [0.4, 0.4], 0.0, 6.0, 0.1)     # the second moves right of the first
    [1.0, 1.5]
    >>> [x if x is None else round(x, 2) for x in spread([1.0, 1.1, 1.2], [0.4, 0.4, 0.4], 0.0, 1.0, 0.1)]
    [None, 0.3, 0.8]
    """
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
