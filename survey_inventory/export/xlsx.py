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

from ..phrases import say
from ..render.format import is_missing
from .files import normalised_zip
from .items import cell_text, is_numeric_format
from .safe import neutralise
from .xlsx_charts import add_figure_sheet, print_setup, stored

__all__ = ["write_xlsx"]


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
    all text is formula-safe. Figure sheets (with ``figures``, ``dist`` and
    ``codebook``): :func:`~survey_inventory.export.xlsx_charts.add_figure_sheet`.

    Parameters
    ----------
    tables : list of DisplayTable
        In the order of the sheets.
    path : path-like
    lang : {"nl", "en"}
        For the column widths (printed text) and the contents sheet.
    figures : list of RenderedFigure, optional
        In report order; each gets a data sheet with a chart.
    dist : pandas.DataFrame, optional
        ``distributions``, the figures' data.
    codebook : survey_inventory.codebook.Codebook, optional

    Returns
    -------
    pathlib.Path

    Examples
    --------
    >>> import tempfile
    >>> import pandas as pd
    >>> from pathlib import Path
    >>> from survey_inventory.render.tables import DisplayTable
    >>> table = DisplayTable("t", "9.9", "Tabel 9.9 Voorbeeld", pd.DataFrame({"Categorie": ["Goed"], "%": [33.3]}),
    ...                      {"%": "pct0"}, notes=["Een noot."])
    >>> from openpyxl import load_workbook
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     ws = load_workbook(write_xlsx([table], Path(tmp) / "t.xlsx"))["Tabel 9.9"]
    >>> ws["A1"].value, ws["B3"].value, ws["B3"].number_format, ws["A5"].value, ws.page_setup.orientation
    ('Tabel 9.9 Voorbeeld', 0.333, '0%', 'Een noot.', 'landscape')
    """
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    contents = wb.active
    contents.title = say("report:sheet_contents", lang)
    used = {contents.title.lower()}
    head_fill = PatternFill("solid", fgColor="DCE6F1")
    rule = Border(bottom=Side(style="thin", color="808080"))
    for table in tables:
        ws = wb.create_sheet(_sheet_name(table.caption, table.number, used))
        frame = table.frame
        ws.cell(row=1, column=1, value=neutralise(table.caption)).font = Font(bold=True, size=12)
        for c, col in enumerate(frame.columns, start=1):
            cell = ws.cell(row=2, column=c, value=neutralise(str(col)))
            cell.font, cell.fill, cell.border = Font(bold=True), head_fill, rule
            cell.alignment = Alignment(wrap_text=True, vertical="bottom",
                                       horizontal="right" if is_numeric_format(table.formats.get(col, "")) else "left")
        for r, row in enumerate(frame.itertuples(index=False), start=3):
            bold = (r - 3) in table.emphasis
            for c, (col, value) in enumerate(zip(frame.columns, row), start=1):
                fmt = table.formats.get(col, "text")
                cell = ws.cell(row=r, column=c)
                if isinstance(value, str) or not is_numeric_format(fmt):
                    cell.value = None if is_missing(value) else neutralise(str(value))
                    if is_numeric_format(fmt):
                        cell.alignment = Alignment(horizontal="right")
                elif is_missing(value):
                    cell.value = None
                elif fmt in ("pct0", "pct1"):
                    cell.value = stored(float(value) / 100.0)
                    cell.number_format = "0%" if fmt == "pct0" else "0.0%"
                else:
                    cell.value = int(value)
                    cell.number_format = "0"
                if bold:
                    cell.font = Font(bold=True)
        last = len(frame) + 2
        for k, note in enumerate(table.notes):
            ws.cell(row=last + 2 + k, column=1, value=neutralise(note)).font = Font(italic=True, color="404040")
        ws.freeze_panes = "A3"
        if len(frame):
            ws.auto_filter.ref = f"A2:{get_column_letter(len(frame.columns))}{last}"
        for c, col in enumerate(frame.columns, start=1):
            longest = max([len(str(col)) * 0.8] + [len(cell_text(v, table.formats.get(col, "text"), lang))
                                                    for v in frame[col]])
            ws.column_dimensions[get_column_letter(c)].width = min(60, max(9, longest + 2))
        print_setup(ws)
    if figures and dist is not None and codebook is not None:
        for fig in figures:
            add_figure_sheet(wb, _sheet_name(fig.caption, fig.number, used), fig, dist, codebook, lang)
    _contents(contents, wb, lang)
    buf = io.BytesIO()
    wb.save(buf)
    path = Path(path)
    path.write_bytes(normalised_zip(buf.getvalue()))
    return path


def _contents(ws, wb, lang) -> None:
    """The first sheet: every other sheet by name, linked, with its caption."""
    from openpyxl.styles import Font
    from openpyxl.worksheet.hyperlink import Hyperlink

    ws["A1"] = say("report:sheet_contents", lang)
    ws["A1"].font = Font(bold=True, size=12)
    ws["A2"], ws["B2"] = say("report:sheet_link", lang), ""
    ws["A2"].font = Font(bold=True)
    for r, sheet in enumerate(wb.worksheets[1:], start=3):
        cell = ws.cell(row=r, column=1, value=neutralise(sheet.title))
        cell.hyperlink = Hyperlink(ref=cell.coordinate, location=f"'{sheet.title}'!A1", display=sheet.title)
        cell.font = Font(color="0563C1", underline="single")
        ws.cell(row=r, column=2, value=sheet["A1"].value)
    ws.column_dimensions["A"].width = 14
    ws.column_dimensions["B"].width = 110
    print_setup(ws)
