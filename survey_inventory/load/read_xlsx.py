"""Reading an Excel workbook (``.xlsx``), one sheet."""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from .schema import LoadError

__all__ = ["read_xlsx"]


def read_xlsx(path: Path, source) -> pd.DataFrame:
    """The cells of one sheet, as the workbook stores their values.

    Parameters
    ----------
    path : path-like
        The workbook (opened read-only; formulas give their last computed value).
    source : survey_inventory.codebook.Source
        Its codebook entry: ``sheet`` (a name, a 0-based position, or None for the
        first) and ``header_row`` (1-based; rows above it are skipped).

    Returns
    -------
    pandas.DataFrame
        Object columns of the cells (numbers, text, None for an empty cell); trailing
        empty header cells and trailing empty rows dropped.

    Raises
    ------
    LoadError
        For a file that is not a workbook, a sheet that does not exist, merged
        header cells or an empty sheet.

    Examples
    --------
    >>> from survey_inventory.codebook import load_codebook
    >>> cb = load_codebook("codebooks/bartels-2025.yaml")
    >>> frame = read_xlsx(cb.source_path(cb.sources[1]), cb.sources[1])
    >>> len(frame)
    9
    """
    import openpyxl

    try:
        book = openpyxl.load_workbook(path, read_only=False, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a broken file
        raise LoadError(f"not a readable XLSX workbook ({type(exc).__name__})", file=path) from None
    try:
        if source.sheet is None:
            sheet = book.worksheets[0]
        elif isinstance(source.sheet, int):
            sheet = book.worksheets[source.sheet]
        else:
            if source.sheet not in book.sheetnames:
                raise LoadError(f"no sheet named {source.sheet!r}", file=path,
                                expected=", ".join(repr(s) for s in book.sheetnames))
            sheet = book[source.sheet]
        merged = [r for r in sheet.merged_cells.ranges if r.min_row <= source.header_row]
        if merged:
            raise LoadError(f"merged header cells {merged[0].coord}; unmerge them and give every "
                            "column one name in a single header row", file=path, row=merged[0].min_row)
        rows = list(sheet.iter_rows(min_row=source.header_row, values_only=True))
    finally:
        book.close()
    if not rows:
        raise LoadError("the sheet is empty", file=path)
    header = ["" if h is None else str(h).strip() for h in rows[0]]
    while header and header[-1] == "":
        header.pop()
    data = [list(r[: len(header)]) for r in rows[1:]]
    while data and all(v is None or (isinstance(v, str) and not v.strip()) for v in data[-1]):
        data.pop()
    frame = pd.DataFrame(data, columns=[h or f"Unnamed: {k}" for k, h in enumerate(header)], dtype=object)
    return frame
