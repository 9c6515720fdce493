"""The figures' data in tables.xlsx: one sheet per figure in chart shape, with a native Excel chart.

Each sheet holds the figure's caption, then a row per bar (a bar figure has one; an
overview one per respondent type and sector) with the categories as columns, in the
figure's order: the shape Excel and PowerPoint draw a chart from, so staff can restyle
a figure in their own house style. Percentages are stored unrounded, as computed
(``percent_exact`` / 100, without float noise), and shown rounded by the number format
``0%``. Under the data a 100% stacked bar chart (openpyxl ``BarChart``, grouping
``percentStacked``, overlap 100) draws the same categories in the colours (and, for
"Weet ik niet", the hatch) of the figure (:func:`~survey_inventory.render.style.palette`).
"""
from __future__ import annotations

import pandas as pd

from ..phrases import say
from ..render.format import fmt_pct, is_missing, rounding_suffix
from ..render.style import palette
from .safe import neutralise

__all__ = ["figure_rows", "add_figure_sheet", "FigureRows", "stored", "print_setup", "font", "header_width",
           "header_height"]

_HATCH = {"///": "wdUpDiag", "...": "pct20", "xxx": "diagCross", "..": "pct20", "//": "wdUpDiag", "xx": "diagCross",
          "\\\\": "wdDnDiag", "oo": "pct40", "--": "dkHorz", "++": "smGrid"}


def stored(value):
    """A number as the workbook stores it: rounded to 10 decimals (no ``0.7709999999999999``).

    Examples
    --------
    >>> stored(77.1 / 100), stored(100 / 3 / 100), stored(None)
    (0.771, 0.3333333333, None)
    """
    if value is None or is_missing(value):
        return None
    return round(float(value), 10)


def font(**style):
    """A cell font in the workbook's font (Calibri), so every cell is set in one typeface.

    Examples
    --------
    >>> f = font(bold=True, size=12)
    >>> f.name, f.bold, f.size
    ('Calibri', True, 12.0)
    """
    from openpyxl.styles import Font

    return Font(name="Calibri", **({"size": 11} | style))


def header_width(header: str, texts) -> float:
    """A column's width (in characters) for a bold header that may wrap between words and cells that do not.

    Examples
    --------
    >>> header_width("ZorgpleinNoord", ["x"]), header_width("Percentage", ["33%"]), header_width("N", ["9"])
    (17.4, 13.0, 9)
    """
    words = max((len(w) for w in str(header).split()), default=0)
    longest = max([len(str(header)) * 0.8] + [len(t) for t in texts])
    return round(min(60, max(9, longest + 2, words * _BOLD + 2)), 1)


def header_height(headers, widths) -> float:
    """The height (points) of a header row whose bold headers wrap between words within their widths.

    Examples
    --------
    >>> header_height(["Slechtste geval, ondergrens", "N"], [13.0, 9])
    45
    """
    lines = 1
    for header, width in zip(headers, widths):
        count, used = 1, 0.0
        for word in str(header).split():
            need = len(word) * _BOLD
            if used and used + 1 + need > width - 1:
                count, used = count + 1, need
            else:
                used += need + (1 if used else 0)
        lines = max(lines, count)
    return 15 * lines


_BOLD = 1.1   # a bold character is about this much wider than a column-width character


def figure_rows(fig, dist: pd.DataFrame, codebook, lang) -> tuple[list[dict], list[tuple[str, list]]]:
    """A figure's data in chart shape: its categories, and per bar a label and the percentages (0-1).

    Parameters
    ----------
    fig : RenderedFigure or FigureSpec
        Anything with the plan's ``kind``, ``item``, ``respondent_type``, ``measure``
        (a :class:`~survey_inventory.render.pool.RenderedFigure` or its ``spec``).
    dist : pandas.DataFrame
        ``distributions``.
    codebook : survey_inventory.codebook.Codebook
    lang : {"nl", "en"}

    Returns
    -------
    (list of dict, list of (str, list of float or None))
        The categories (``codebook.report_categories``) and the rows: a label and one
        unrounded share per category (None where suppressed or missing).

    Examples
    --------
    >>> from survey_inventory.datasets import load_example
    >>> from survey_inventory.render.plan import plan_figures
    >>> cb, study, dist = load_example()
    >>> cats, rows = figure_rows(plan_figures(dist, cb)[0], dist, cb, "nl")
    >>> [c["label"] for c in cats], rows
    (['(Zeer) goed', 'Redelijk/ deels', '(Zeer) slecht'], [('Provincies (N = 9)', [0.333333, 0.444444, 0.222222])])
    """
    spec = getattr(fig, "spec", fig)
    item, blocks = FigureRows(dist).blocks(spec, codebook)
    return _figure_rows(spec, item, blocks, codebook, lang)


def _figure_rows(spec, item, blocks, codebook, lang):
    cats = codebook.report_categories(item, lang)
    out = []
    for block in blocks:
        # column by column: a row of ``block`` (``iloc[0]``) reads every one of its Arrow-backed columns
        label = block["respondent_type_label"].iloc[0]
        if spec.kind != "bar":
            label = f"{label}, {block['sector_label'].iloc[0]}"
        label = f"{label[:1].upper()}{label[1:]} (N = {int(block['base_n'].iloc[0])})"
        used = [c for c in ("category", "suppressed", "percent_exact", "percent") if c in block.columns]
        columns = [block[c].tolist() for c in used]    # not to_dict("records"): a pandas call per cell
        by_cat = {str(r["category"]): r for r in (dict(zip(used, values)) for values in zip(*columns))}
        values = []
        for cat in cats:
            r = by_cat.get(cat["id"])
            flag = None if r is None else r.get("suppressed", False)
            hidden = r is None or (not is_missing(flag) and bool(flag))
            values.append(None if hidden else stored(_share(r)))
        out.append((label, values))
    return cats, out


class FigureRows:
    """The rows of ``distributions`` grouped once for every figure sheet of a workbook.

    :func:`add_figure_sheet` looks up each figure's rows here instead of filtering the
    whole table twice per figure (52 boolean selections for the bundled study's 26
    figures; at 20 sectors several hundred).

    Parameters
    ----------
    dist : pandas.DataFrame
        ``distributions``.

    Examples
    --------
    >>> from survey_inventory.datasets import load_example
    >>> from survey_inventory.render.plan import plan_figures
    >>> cb, _, dist = load_example()
    >>> spec = plan_figures(dist, cb)[0]
    >>> item, blocks = FigureRows(dist).blocks(spec, cb)
    >>> item.id, [len(b) for b in blocks]
    ('care_familiarity', [3])
    """

    def __init__(self, dist: pd.DataFrame):
        self.dist = dist
        self._bars = dict(list(dist.groupby(["item", "respondent_type"], sort=False, observed=True)))
        self._measures = {}
        for measure, rows in dist.groupby("measure", sort=False, observed=True):
            groups = dict(list(rows.groupby(["respondent_type", "sector"], sort=False, observed=True)))
            self._measures[measure] = (rows["item"].iloc[0], groups)

    def blocks(self, spec, codebook):
        """The figure's item (an overview's first) and its rows of ``dist``, one block per bar."""
        if spec.kind == "bar":
            found = self._bars.get((spec.item, spec.respondent_type))
            return codebook.item(spec.item), [found if found is not None else self.dist.iloc[:0]]
        first, groups = self._measures[spec.measure]
        blocks = [groups.get((rtype.id, sector.id)) for rtype in codebook.respondent_types
                  for sector in codebook.sectors]
        return codebook.item(first), [b for b in blocks if b is not None and not b.empty]


def _rounding_note(blocks, lang) -> list[str]:
    """A note when the report's rounding prints a percentage other than the format ``0%`` shows."""
    rows = pd.concat(blocks)
    if "rounding" not in rows.columns or not len(rows):
        return []
    differ = [fmt_pct(e, lang) != fmt_pct(p, lang) for e, p in zip(rows["percent_exact"], rows["percent"])
              if not is_missing(e) and not is_missing(p)]
    rule = str(rows["rounding"].iloc[0])
    return [say("report:chart_rounding_note", lang, rule=rounding_suffix(rule, lang).lstrip(", "))] if any(differ) else []


def _share(row):
    exact = row.get("percent_exact")
    exact = row.get("percent") if is_missing(exact) else exact
    return None if is_missing(exact) else float(exact) / 100.0


def add_figure_sheet(wb, name: str, fig, dist: pd.DataFrame, codebook, lang, *,
                     grouped: FigureRows | None = None) -> None:
    """A sheet ``name`` with a figure's data in chart shape and a 100% stacked bar chart of it.

    Parameters
    ----------
    wb : openpyxl.Workbook
    name : str
        The sheet's name ("Figuur 2.3").
    fig : RenderedFigure
    dist : pandas.DataFrame
    codebook : survey_inventory.codebook.Codebook
    lang : {"nl", "en"}
    grouped : FigureRows, optional
        ``dist`` grouped once, for a workbook with many figure sheets (``write_xlsx``).

    Examples
    --------
    >>> from openpyxl import Workbook
    >>> from survey_inventory.datasets import load_example
    >>> from survey_inventory.render.plan import plan_figures
    >>> cb, _, dist = load_example()
    >>> wb = Workbook()
    >>> add_figure_sheet(wb, "Figuur 2.3", plan_figures(dist, cb)[0], dist, cb, "nl")
    >>> ws = wb["Figuur 2.3"]
    >>> ws["B3"].value, ws["B3"].number_format, len(ws._charts), ws._charts[0].grouping
    (0.333333, '0%', 1, 'percentStacked')
    """
    from openpyxl.chart import BarChart, Reference
    from openpyxl.chart.shapes import GraphicalProperties
    from openpyxl.drawing.fill import ColorChoice, PatternFillProperties
    from openpyxl.drawing.line import LineProperties
    from openpyxl.styles import Alignment, PatternFill
    from openpyxl.utils import get_column_letter

    spec = getattr(fig, "spec", fig)
    item, blocks = (grouped if grouped is not None else FigureRows(dist)).blocks(spec, codebook)
    cats, rows = _figure_rows(spec, item, blocks, codebook, lang)
    styles = palette(codebook, item, lang)
    ws = wb.create_sheet(name)
    ws["A1"] = neutralise(spec.caption)
    ws["A1"].font = font(bold=True, size=12)
    head_fill = PatternFill("solid", fgColor="DCE6F1")
    ws.cell(row=2, column=1, value=neutralise(say("report:chart_row", lang))).font = font(bold=True)
    ws.cell(row=2, column=1).fill = head_fill
    for c, cat in enumerate(cats, start=2):
        cell = ws.cell(row=2, column=c, value=neutralise(cat["label"]))
        cell.font, cell.fill = font(bold=True), head_fill
        cell.alignment = Alignment(horizontal="right", wrap_text=True)
    for r, (label, values) in enumerate(rows, start=3):
        ws.cell(row=r, column=1, value=neutralise(label))
        for c, value in enumerate(values, start=2):
            cell = ws.cell(row=r, column=c, value=value)
            cell.number_format = "0%"
    last = 2 + len(rows)
    notes = list(spec.notes) + [say("report:chart_data_note", lang)] + _rounding_note(blocks, lang)
    for k, note in enumerate(notes):
        ws.cell(row=last + 2 + k, column=1, value=neutralise(note)).font = font(italic=True, color="404040")
    ws.column_dimensions["A"].width = max(18, min(60, max(len(label) for label, _ in rows) + 2))
    widths = [max(10, min(24, header_width(cat["label"], ["100%"]))) for cat in cats]
    for c, w in enumerate(widths, start=2):
        ws.column_dimensions[get_column_letter(c)].width = w
    ws.row_dimensions[2].height = header_height([cat["label"] for cat in cats], widths)
    ws.freeze_panes = "B3"

    chart = BarChart()
    chart.type, chart.grouping, chart.overlap, chart.gapWidth = "bar", "percentStacked", 100, 40
    chart.title = None
    chart.legend.position = "b"
    chart.y_axis.number_format = "0%"
    chart.y_axis.majorGridlines = None
    chart.x_axis.scaling.orientation = "maxMin"   # the first bar on top, as in the figure ...
    chart.y_axis.crosses = "max"                  # ... and the percentages below the bars
    data = Reference(ws, min_col=2, max_col=1 + len(cats), min_row=2, max_row=last)
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=1, min_row=3, max_row=last))
    for series, cat in zip(chart.series, cats):
        st = styles[cat["id"]]
        colour = st.color.lstrip("#").upper()
        props = GraphicalProperties(ln=LineProperties(solidFill="FFFFFF", w=6350))
        if st.hatch:
            props.pattFill = PatternFillProperties(prst=_HATCH.get(st.hatch, "wdUpDiag"),
                                                   fgClr=ColorChoice(srgbClr="4D4D4D"),
                                                   bgClr=ColorChoice(srgbClr=colour))
        else:
            props.solidFill = colour
        series.graphicalProperties = props
    chart.width, chart.height = 24, max(5.0, 2.2 + 0.9 * len(rows))   # cm
    ws.add_chart(chart, f"A{last + 3 + len(notes)}")
    print_setup(ws)


def print_setup(ws) -> None:
    """A4 landscape, fitted to the page width (as many pages down as needed).

    Examples
    --------
    >>> from openpyxl import Workbook
    >>> ws = Workbook().active
    >>> print_setup(ws)
    >>> ws.page_setup.orientation, ws.page_setup.paperSize, ws.page_setup.fitToWidth
    ('landscape', 9, 1)
    """
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = False
