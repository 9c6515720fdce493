"""Reading an Excel workbook (``.xlsx``), one sheet.

The sheet's stored values are read; what a workbook can hold but a survey export
should not is refused with the cell it is in: merged cells (in the header or among
the answers), formulas without a stored value (a workbook written by a script and
never opened in Excel). openpyxl's warnings about features it drops (data
validation, conditional formatting, a missing default style) are about formatting,
not values, and are silenced.
"""
from __future__ import annotations

import warnings
import zipfile
from pathlib import Path

import pandas as pd

from ..errors import shorten
from .schema import LoadError

__all__ = ["read_xlsx"]


def read_xlsx(path: Path, source) -> pd.DataFrame:
    """The cells of one sheet, as the workbook stores their values.

    Parameters
    ----------
    path : path-like
        The workbook (opened read-only; formulas give their last computed value).
    source : survey_inventory.codebook.Source
        Its codebook entry: ``sheet`` (a name, a 0-based position among the
        worksheets, or None for the first visible worksheet) and ``header_row``
        (1-based; rows above it are skipped).

    Returns
    -------
    pandas.DataFrame
        Object columns of the cells (numbers, text, None for an empty cell); trailing
        empty header cells and trailing empty rows dropped.

    Raises
    ------
    LoadError
        For a file that is not a workbook, a sheet that does not exist (or a chart
        sheet), a workbook without a worksheet, merged cells in the header or the
        data (with their range), a formula without a stored value (with its row and
        column, and the hint to save the workbook in Excel) or an empty sheet.

    Examples
    --------
    >>> from survey_inventory.datasets import load_example
    >>> cb, study, dist = load_example()
    >>> frame = read_xlsx(cb.source_path(cb.sources[1]), cb.sources[1])
    >>> len(frame)
    9
    """
    import openpyxl

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # "Data Validation extension is not supported" and the like
            book = openpyxl.load_workbook(path, read_only=False, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a broken file
        raise LoadError(f"not a readable XLSX workbook ({type(exc).__name__})", file=path) from None
    try:
        sheet = _sheet(book, source, path)
        merged = [r for r in sheet.merged_cells.ranges if r.min_row <= source.header_row]
        if merged:
            raise LoadError(f"merged header cells {merged[0].coord}; unmerge them and give every "
                            "column one name in a single header row", file=path, row=merged[0].min_row)
        rows = list(sheet.iter_rows(min_row=source.header_row, values_only=True))
        header = ["" if h is None else str(h).strip() for h in rows[0]] if rows else []
        while header and header[-1] == "":
            header.pop()
        data = [list(r[: len(header)]) for r in rows[1:]]
        while data and all(v is None or (isinstance(v, str) and not v.strip()) for v in data[-1]):
            data.pop()
        last_row = source.header_row + len(data)
        for r in sorted(sheet.merged_cells.ranges, key=lambda r: (r.min_row, r.min_col)):
            if r.min_row <= last_row and r.min_col <= len(header):
                raise LoadError(f"merged cells {r.coord} among the answers; unmerge them and give every "
                                "cell its own value", file=path, row=r.min_row, column=_name(header, r.min_col))
        title = sheet.title
    finally:
        book.close()
    if not rows:
        raise LoadError("the sheet is empty", file=path)
    if data and _has_formulas(path):
        _refuse_formulas_without_values(path, title, source.header_row, header, data)
    frame = pd.DataFrame(data, columns=[h or f"Unnamed: {k}" for k, h in enumerate(header)], dtype=object)
    return frame


def _sheet(book, source, path):
    """The worksheet ``source`` names; the first visible one when it names none."""
    names = ", ".join(repr(s) for s in book.sheetnames)
    if not book.worksheets:
        raise LoadError("the workbook has no worksheet (only chart sheets, or its sheet part is missing)", file=path, expected=names or None)
    if source.sheet is None:
        visible = [s for s in book.worksheets if s.sheet_state == "visible"]
        return (visible or book.worksheets)[0]
    if isinstance(source.sheet, int):
        if not 0 <= source.sheet < len(book.worksheets):
            raise LoadError(f"no worksheet number {source.sheet} (counting from 0)", file=path,
                            expected=", ".join(repr(s.title) for s in book.worksheets))
        return book.worksheets[source.sheet]
    if source.sheet not in book.sheetnames:
        raise LoadError(f"no sheet named {source.sheet!r}", file=path, expected=names)
    if source.sheet not in [s.title for s in book.worksheets]:
        raise LoadError(f"sheet {source.sheet!r} is a chart sheet, not a table", file=path,
                        expected=", ".join(repr(s.title) for s in book.worksheets))
    return book[source.sheet]


def _name(header, col: int):
    """The header name of 1-based column ``col`` (its letter when the header cell is empty)."""
    from openpyxl.utils import get_column_letter

    return header[col - 1] if col <= len(header) and header[col - 1] else get_column_letter(col)


def _has_formulas(path) -> bool:
    """Whether any worksheet part of the workbook holds a formula (``<f``): a cheap
    look at the zip before reading it a second time."""
    try:
        with zipfile.ZipFile(path) as z:
            for name in z.namelist():
                if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                    with z.open(name) as part:
                        tail = b""
                        while chunk := part.read(1 << 20):
                            if b"<f>" in tail + chunk or b"<f " in tail + chunk:
                                return True
                            tail = chunk[-3:]
    except (zipfile.BadZipFile, OSError, KeyError):
        return False
    return False


def _refuse_formulas_without_values(path, title, header_row, header, data) -> None:
    """A formula cell read as empty had no stored value (openpyxl cannot compute it):
    refuse it, naming the first such cell and how many there are."""
    import openpyxl

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        book = openpyxl.load_workbook(path, read_only=False, data_only=False)
    try:
        sheet = book[title]
        formulas = sheet.iter_rows(min_row=header_row + 1, max_row=header_row + len(data),
                                   max_col=len(header), values_only=True)
        found = [(header_row + 1 + i, j, f) for i, (values, row) in enumerate(zip(data, formulas))
                 for j, (v, f) in enumerate(zip(values, row))
                 if v is None and (isinstance(f, str) and f.startswith("=") or type(f).__name__.endswith("Formula"))]
    finally:
        book.close()
    if found:
        row, j, formula = found[0]
        more = f" ({len(found)} formula cells without a value)" if len(found) > 1 else ""
        raise LoadError(f"formula {shorten(str(getattr(formula, 'text', formula)), 40)!r} has no stored value{more}; "
                        "open the workbook in Excel (or LibreOffice) and save it, so that each formula's value "
                        "is stored", file=path, row=row, column=_name(header, j + 1))
