"""Reading a CSV export (``,``, ``;``, tab or ``|``; any encoding :mod:`.text` decodes)."""
from __future__ import annotations

import csv
import io
from pathlib import Path

import numpy as np
import pandas as pd

from .schema import LoadError
from .text import decode_text

__all__ = ["read_csv"]


def read_csv(path: Path, source) -> pd.DataFrame:
    """The cells of a CSV file as text, one column per header name.

    Parameters
    ----------
    path : path-like
        The file (opened read-only).
    source : survey_inventory.codebook.Source
        Its codebook entry: ``encoding`` (else :func:`~survey_inventory.load.text.decode_text`'s
        rules), ``delimiter`` (else the most frequent of ``; , tab |`` in the header) and
        ``header_row`` (1-based; rows above it are skipped).

    Returns
    -------
    pandas.DataFrame
        Every cell as text (an empty cell is ``""``, never NA), header names stripped;
        ``attrs["delimiter"]`` holds the delimiter used.

    Raises
    ------
    LoadError
        For an empty file, undecodable text or a ``header_row`` past the end.

    Examples
    --------
    >>> from survey_inventory.datasets import load_example
    >>> cb, study, dist = load_example()
    >>> frame = read_csv(cb.source_path(cb.sources[0]), cb.sources[0])
    >>> frame.attrs["delimiter"], frame.shape[0] > 0
    (';', True)
    """
    text = decode_text(path, source.encoding)
    if not text.strip():
        raise LoadError("the file is empty", file=path)
    # only real line ends, all made \n: str.splitlines() would also break at U+2028, U+0085, \x1c.. inside a cell
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    start = 0
    for _ in range(source.header_row - 1):
        start = text.find("\n", start) + 1
        if start == 0:
            raise LoadError(f"header_row {source.header_row} is past the end of the file", file=path)
    end = text.find("\n", start)
    header = text[start:] if end < 0 else text[start:end]
    delimiter = source.delimiter or _sniff_delimiter(header)
    body = text[start:] if start else text
    del text
    frame = _parse_unquoted(body, header, delimiter)
    if frame is None:
        frame = pd.read_csv(io.StringIO(body), sep=delimiter, dtype=str, keep_default_na=False,
                            skipinitialspace=True, engine="c", quoting=csv.QUOTE_MINIMAL)
    frame.columns = [str(c).strip() for c in frame.columns]
    frame.attrs["delimiter"] = delimiter
    return frame


def _parse_unquoted(body: str, header: str, delimiter: str):
    """The cells of a CSV without any quote character, read by pyarrow's multi-threaded
    parser (4-5x faster than pandas' C parser on a million rows); None when that reader
    does not apply, so that pandas' C parser reads the file (and words any error) as before.

    Without quotes a CSV has one reading, so both parsers give the same cells: every
    cell text (none is NA), leading spaces dropped as ``skipinitialspace`` drops them,
    blank lines skipped. A row with too few or too many cells, a header with an empty or
    repeated name, or pyarrow not installed: None."""
    if '"' in body or len(delimiter) != 1:
        return None
    names = [n.strip(" ") for n in header.split(delimiter)]
    if len(set(names)) != len(names) or not all(n.strip() for n in names):
        return None
    try:
        import pyarrow as pa
        import pyarrow.compute as pc
        import pyarrow.csv as pacsv
    except ImportError:
        return None
    try:
        table = pacsv.read_csv(
            io.BytesIO(body.encode("utf-8")),
            read_options=pacsv.ReadOptions(column_names=names, skip_rows=1),
            parse_options=pacsv.ParseOptions(delimiter=delimiter, quote_char=False, double_quote=False,
                                             escape_char=False, newlines_in_values=False, ignore_empty_lines=True),
            convert_options=pacsv.ConvertOptions(column_types={n: pa.large_string() for n in names}, null_values=[],
                                                 strings_can_be_null=False, quoted_strings_can_be_null=False))
    except (pa.ArrowException, ValueError):
        return None
    columns = {n: table.column(n) for n in names}
    if " " in body:
        columns = {n: pc.utf8_ltrim(col, characters=" ") for n, col in columns.items()}
    return pd.DataFrame({n: pd.array(col, dtype=pd.StringDtype("pyarrow", na_value=np.nan)) for n, col in columns.items()})


def _sniff_delimiter(header: str) -> str:
    counts = {d: header.count(d) for d in (";", ",", "\t", "|")}
    best = max(counts, key=counts.get)
    return best if counts[best] else ","
