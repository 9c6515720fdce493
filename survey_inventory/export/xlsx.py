"""tables.xlsx: a contents sheet, one formatted sheet per display table, one per figure.

The contents sheet links to every other sheet. Table sheets, in report order: caption
in row 1, frozen header row with a filter, data below, notes after a blank row.
Percentages are numbers (0.33) shown with a percent format, stored without float
noise (rounded to 10 decimals); all text is made formula-safe
(:func:`survey_inventory.export.safe.neutralise`). Then a sheet per figure with its
data in chart shape and a native 100% stacked bar chart
(:mod:`~survey_inventory.export.xlsx_charts`). Every sheet prints on A4 landscape,
fitted to the page width. No time stamps: two runs give the same bytes.
"""
from __future__ import annotations

import io
import re
from pathlib import Path

import pandas as pd

from ..phrases import say
from ..render.format import is_missing
from .files import normalised_zip
from .items import cell_text, is_numeric_format
from .safe import neutralise
from .xlsx_charts import FigureRows, add_figure_sheet, font, header_height, header_width, print_setup, stored

__all__ = ["write_xlsx", "sheet_columns"]


def _sheet_name(caption: str, number: str, used: set) -> str:
    name = re.sub(r"[\[\]:*?/\\']", "", f"{caption.split(' ')[0]} {number}")[:31] or "Tabel"
    base, k = name, 2
    while name.lower() in used:
        name = f"{base[:28]} ({k})"
        k += 1
    used.add(name.lower())
    return name


def write_xlsx(tables, path, lang: str = "nl", *, figures=(), dist=None, codebook=None) -> Path:
    """tables.xlsx: a contents sheet, one formatted sheet per table, one data sheet per figure.

    Table sheets: caption in row 1, header in row 2 (frozen, with a filter), data below,
    notes after a blank row. Percentages are numbers (0.33) shown with a percent format;
    all text is formula-safe. A percentage column the table knows unrounded
    (``DisplayTable.exact``) stores the unrounded values (:func:`sheet_columns`). Figure
    sheets (with ``figures``, ``dist`` and ``codebook``):
    :func:`~survey_inventory.export.xlsx_charts.add_figure_sheet`.

    Parameters
    ----------
    tables : list of DisplayTable
        In the order of the sheets.
    path : path-like
        The workbook to write.
    lang : {"nl", "en"}
        For the column widths (printed text) and the contents sheet.
    figures : list of RenderedFigure, optional
        In report order; each gets a data sheet with a chart.
    dist : pandas.DataFrame, optional
        ``distributions``, the figures' data.
    codebook : survey_inventory.codebook.Codebook, optional
        The figures' categories and colours.

    Returns
    -------
    pathlib.Path

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> from openpyxl import load_workbook
    >>> from survey_inventory.render.tables import DisplayTable
    >>> frame = pd.DataFrame({"Categorie": ["Goed", "Slecht"], "%": [33.0, 67.0]})
    >>> table = DisplayTable("t", "9.9", "Tabel 9.9 Voorbeeld", frame, {"%": "pct0"}, notes=["Een noot."],
    ...                      exact={"%": [100 / 3, 200 / 3]})
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     ws = load_workbook(write_xlsx([table], Path(tmp) / "t.xlsx"))["Tabel 9.9"]
    >>> ws["A1"].value, ws["B3"].value, ws["B3"].number_format, ws["A6"].value, ws.page_setup.orientation
    ('Tabel 9.9 Voorbeeld', 0.3333333333, '0%', 'Een noot.', 'landscape')
    """
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, PatternFill, Side
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    contents = wb.active
    contents.title = say("report:sheet_contents", lang)
    used = {contents.title.lower()}
    head_fill = PatternFill("solid", fgColor="DCE6F1")
    rule = Border(bottom=Side(style="thin", color="808080"))
    for table in tables:
        ws = wb.create_sheet(_sheet_name(table.caption, table.number, used))
        columns = sheet_columns(table, lang)
        ws.cell(row=1, column=1, value=neutralise(table.caption)).font = font(bold=True, size=12)
        for c, (col, fmt, _) in enumerate(columns, start=1):
            cell = ws.cell(row=2, column=c, value=neutralise(str(col)))
            cell.font, cell.fill, cell.border = font(bold=True), head_fill, rule
            cell.alignment = Alignment(wrap_text=True, vertical="bottom",
                                       horizontal="right" if is_numeric_format(fmt) else "left")
        for c, (col, fmt, values) in enumerate(columns, start=1):
            for r, value in enumerate(values, start=3):
                _put(ws.cell(row=r, column=c), value, fmt)
                if (r - 3) in table.emphasis:
                    ws.cell(row=r, column=c).font = font(bold=True)
        last = len(table.frame) + 2
        notes = list(table.notes) + ([say("report:unrounded_note", lang)] if len(columns) > len(table.frame.columns)
                                     else [])
        for k, note in enumerate(notes):
            ws.cell(row=last + 2 + k, column=1, value=neutralise(note)).font = font(italic=True, color="404040")
        ws.freeze_panes = "A3"
        if len(table.frame):
            ws.auto_filter.ref = f"A2:{get_column_letter(len(columns))}{last}"
        widths = [header_width(col, [cell_text(v, _PRINTED.get(fmt, fmt), lang) for v in values])
                  for col, fmt, values in columns]
        for c, w in enumerate(widths, start=1):
            ws.column_dimensions[get_column_letter(c)].width = w
        ws.row_dimensions[2].height = header_height([col for col, _, _ in columns], widths)
        print_setup(ws)
    if figures and dist is not None and codebook is not None:
        grouped = FigureRows(dist)
        for fig in figures:
            add_figure_sheet(wb, _sheet_name(fig.caption, fig.number, used), fig, dist, codebook, lang,
                             grouped=grouped)
    _contents(contents, wb, lang)
    buf = io.BytesIO()
    wb.save(buf)
    path = Path(path)
    path.write_bytes(normalised_zip(buf.getvalue()))
    return path


#: The number formats of the cells, per column format; "exact" is an unrounded percentage beside the published one.
_NUMBER_FORMATS = {"pct0": "0%", "pct1": "0.0%", "exact": "0.0###%", "int": "0"}
_PRINTED = {"exact": "pct1"}   # how wide an "exact" column's text is, for the column width


def sheet_columns(table, lang: str) -> list[tuple[str, str, list]]:
    """The columns of a table's sheet: header, format and the values the cells hold.

    A percentage column the table knows unrounded (``table.exact``) holds the unrounded
    values where its number format shows every one of them as the report prints it (the
    format rounds half up, as the report does by default): the cell holds 0.333333 and
    shows 33%. Where the run's rounding gives other numbers (the largest-remainder method
    makes a bar sum to 100%, 34% where the format would show 33%), the column holds the
    published percentages, so a pasted table says what the report says, and a column
    after it (format ``exact``) holds the unrounded values.

    Parameters
    ----------
    table : DisplayTable
    lang : {"nl", "en"}
        The language of the added column's header.

    Returns
    -------
    list of (str, str, list)
        Header, format (``pct0``, ``pct1``, ``int``, ``text``, ``exact``) and the column's
        values (percentages 0-100, text such as a suppression mark as is).

    Examples
    --------
    >>> from survey_inventory.render.tables import DisplayTable
    >>> frame = pd.DataFrame({"Categorie": ["Goed", "Slecht", "Matig"], "%": [34.0, 33.0, 33.0]})
    >>> exact = {"%": [100 / 3] * 3}
    >>> [(h, f) for h, f, _ in sheet_columns(DisplayTable("t", "9.9", "Tabel 9.9", frame, {"%": "pct0"}, exact=exact),
    ...                                      "nl")]
    [('Categorie', 'text'), ('%', 'pct0'), ('% (onafgerond)', 'exact')]
    >>> half_up = DisplayTable("t", "9.9", "Tabel 9.9", frame.assign(**{"%": [33.0] * 3}), {"%": "pct0"}, exact=exact)
    >>> sheet_columns(half_up, "nl")[1][2]
    [33.333333333333336, 33.333333333333336, 33.333333333333336]
    """
    out = []
    exact = getattr(table, "exact", {}) or {}
    for col in table.frame.columns:
        fmt = table.formats.get(col, "text")
        published = list(table.frame[col])
        if col not in exact or fmt not in ("pct0", "pct1"):
            out.append((str(col), fmt, published))
            continue
        unrounded = list(exact[col])
        if all(cell_text(e, fmt, lang) == cell_text(p, fmt, lang) for e, p in zip(unrounded, published)):
            out.append((str(col), fmt, unrounded))
        else:
            out += [(str(col), fmt, published),
                    (say("report:unrounded_column", lang, column=col), "exact", unrounded)]
    return out


def _put(cell, value, fmt: str) -> None:
    """One cell: a number with its number format, or text (formula-safe); nothing when missing."""
    from openpyxl.styles import Alignment

    if isinstance(value, str) or not is_numeric_format(_PRINTED.get(fmt, fmt)):
        cell.value = None if is_missing(value) else neutralise(str(value))
        if is_numeric_format(_PRINTED.get(fmt, fmt)):
            cell.alignment = Alignment(horizontal="right")
    elif is_missing(value):
        cell.value = None
    elif fmt in ("pct0", "pct1", "exact"):
        cell.value = stored(float(value) / 100.0)
        cell.number_format = _NUMBER_FORMATS[fmt]
    else:
        cell.value = int(value)
        cell.number_format = "0"


def _contents(ws, wb, lang) -> None:
    """The first sheet: every other sheet by name, linked, with its caption."""
    from openpyxl.worksheet.hyperlink import Hyperlink

    ws["A1"] = say("report:sheet_contents", lang)
    ws["A1"].font = font(bold=True, size=12)
    ws["A2"], ws["B2"] = say("report:sheet_link", lang), ""
    ws["A2"].font = font(bold=True)
    for r, sheet in enumerate(wb.worksheets[1:], start=3):
        cell = ws.cell(row=r, column=1, value=neutralise(sheet.title))
        cell.hyperlink = Hyperlink(ref=cell.coordinate, location=f"'{sheet.title}'!A1", display=sheet.title)
        cell.font = font(color="0563C1", underline="single")
        ws.cell(row=r, column=2, value=sheet["A1"].value)
    ws.column_dimensions["A"].width = 14
    ws.column_dimensions["B"].width = 110
    print_setup(ws)
