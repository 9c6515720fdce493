"""A long table's CSV text, made once per distinct value of each column.

``DataFrame.to_csv`` formats and quotes every cell: 10 s for the 1.1-million-row
validation report of a study of 10^6 respondents (issue 17), whose cells are a few
hundred distinct texts and the row numbers. :func:`csv_chunks` renders each distinct
value of a column once, with the same :mod:`csv` writer settings pandas uses (comma,
double quote, minimal quoting), and joins the rows a block at a time: the text is
``to_csv(index=False)``'s to the byte (tested on random tables with commas, quotes and
line ends in their texts), in a seventh of the time. A column it cannot render that
way (numbers with decimals, dates: pandas' own formatting) makes it return ``None``,
and the caller writes with pandas.
"""
from __future__ import annotations

import csv
import io
from collections.abc import Iterator

import numpy as np
import pandas as pd

__all__ = ["csv_chunks"]

#: Rows joined into one piece of text at a time (a few MB, whatever the table's length).
CHUNK_ROWS = 65_536


def csv_chunks(frame: pd.DataFrame, lineterminator: str = "\r\n", rows: int = CHUNK_ROWS) -> Iterator[str] | None:
    """The pieces of ``frame.to_csv(index=False, lineterminator=lineterminator)``, header first, or
    ``None`` when a column is not text, integers, booleans or empty.

    Parameters
    ----------
    frame : pandas.DataFrame
        Two or more columns with distinct names.
    lineterminator : str, default "\\r\\n"
    rows : int, default :data:`CHUNK_ROWS`
        Rows per piece.

    Returns
    -------
    iterator of str, or None

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"row": pd.array([2, None], dtype="Int64"), "message": ['say "hi", twice', None]})
    >>> "".join(csv_chunks(t)) == t.to_csv(index=False, lineterminator="\\r\\n")
    True
    >>> csv_chunks(pd.DataFrame({"p": [0.5], "q": [1.5]})) is None  # decimals: pandas formats them
    True
    """
    if (frame.shape[1] < 2 or not frame.columns.is_unique  # a lone empty field is quoted: pandas' case
            or not all(isinstance(name, str) for name in frame.columns)):  # a header of several rows, None: pandas'
        return None
    field = _field_writer(lineterminator)
    columns = []
    for name in frame.columns:
        rendered = _rendered(frame[name], field)
        if rendered is None:
            return None
        columns.append(rendered)
    header = ",".join(field(str(name)) for name in frame.columns) + lineterminator
    return _pieces(header, columns, lineterminator, rows)


def _pieces(header: str, columns: list, lineterminator: str, rows: int) -> Iterator[str]:
    yield header
    n = len(columns[0][1])
    for start in range(0, n, rows):
        cells = [texts.take(codes[start:start + rows]).tolist() for texts, codes in columns]
        yield lineterminator.join(map(",".join, zip(*cells))) + lineterminator


def _field_writer(lineterminator: str):
    """``field(text)``: ``text`` as the csv writer writes it beside other fields (quoted when it holds a
    comma, quote or line end, its quotes doubled)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator=lineterminator)  # pandas' to_csv: the same dialect
    tail = len("," + lineterminator)

    def field(text: str) -> str:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow((text, ""))
        return buffer.getvalue()[:-tail]

    return field


def _rendered(column: pd.Series, field) -> tuple | None:
    """``(texts, codes)``: each distinct value's CSV field (missing: the last, empty) and each row's code;
    ``None`` for a column pandas formats itself (decimals, dates, mixed values)."""
    dtype = column.dtype
    if isinstance(dtype, pd.CategoricalDtype):
        values, codes = column.cat.categories, column.cat.codes.to_numpy()
        kind = pd.api.types.infer_dtype(values, skipna=True) if len(values) else "empty"
    elif pd.api.types.is_float_dtype(dtype):
        if column.notna().any():
            return None  # pandas' float formatting
        return np.array([""], dtype=object), np.zeros(len(column), dtype=np.intp)
    elif (dtype == object or pd.api.types.is_bool_dtype(dtype) or pd.api.types.is_integer_dtype(dtype)
          or pd.api.types.is_string_dtype(dtype)):  # what the values are is told by them, below
        codes, values = pd.factorize(column, use_na_sentinel=True)
        kind = pd.api.types.infer_dtype(values, skipna=True)
    else:
        return None
    if kind in ("string", "empty"):
        texts = [field(v) for v in values]
    elif kind in ("integer", "boolean"):
        texts = [str(v) for v in values]  # digits, a minus, True/False: never quoted
    else:
        return None
    return np.array(texts + [""], dtype=object), codes  # code -1 (missing) takes the last
