"""tables.xlsx: one formatted sheet per display table, in report order.

Caption in row 1, frozen header row with a filter, data below, notes after a blank
row. Percentages are numbers (0.33) shown with a percent format; all text is made
formula-safe (:func:`survey_inventory.export.safe.neutralise`). No time stamps: two
runs give the same bytes.
"""
from __future__ import annotations

import io
import re
from pathlib import Path

from ..render.format import is_missing
from .files import normalised_zip
from .items import cell_text, is_numeric_format
from .safe import neutralise

__all__ = ["write_xlsx"]


def _sheet_name(table, used: set) -> str:
    name = re.sub(r"[\[\]:*?/\\']", "", f"{table.caption.split(' ')[0]} {table.number}")[:31] or "Tabel"
    base, k = name, 2
    while name.lower() in used:
        name = f"{base[:28]} ({k})"
        k += 1
    used.add(name.lower())
    return name


def write_xlsx(tables, path, lang: str = "nl") -> Path:
    """tables.xlsx: one formatted sheet per table.

    Caption in row 1, header in row 2 (frozen, with a filter), data below, notes after
    a blank row. Percentages are numbers (0.33) shown with a percent format; all text
    is formula-safe.

    Parameters
    ----------
    tables : list of DisplayTable
        In the order of the sheets.
    path : path-like
    lang : {"nl", "en"}
        For the column widths (printed text).

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
    >>> ws["A1"].value, ws["B3"].value, ws["B3"].number_format, ws["A5"].value
    ('Tabel 9.9 Voorbeeld', 0.333, '0%', 'Een noot.')
    """
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    wb.remove(wb.active)
    used = set()
    head_fill = PatternFill("solid", fgColor="DCE6F1")
    rule = Border(bottom=Side(style="thin", color="808080"))
    for table in tables:
        ws = wb.create_sheet(_sheet_name(table, used))
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
                    cell.value = float(value) / 100.0
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
    buf = io.BytesIO()
    wb.save(buf)
    path = Path(path)
    path.write_bytes(normalised_zip(buf.getvalue()))
    return path
