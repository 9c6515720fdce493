"""Reading a CSV export (``,``, ``;``, tab or ``|``; any encoding :mod:`.text` decodes)."""
from __future__ import annotations

import codecs
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
    frame = _read_utf8(path, source)  # most exports: UTF-8 without quotes, parsed from the bytes as they are
    if frame is not None:
        return frame
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
    frame = _parse_unquoted(body.encode("utf-8") if '"' not in body else None, header, delimiter)
    if frame is None:
        frame = pd.read_csv(io.StringIO(body), sep=delimiter, dtype=str, keep_default_na=False,
                            skipinitialspace=True, engine="c", quoting=csv.QUOTE_MINIMAL)
    frame.columns = [str(c).strip() for c in frame.columns]
    frame.attrs["delimiter"] = delimiter
    return frame


def _read_utf8(path: Path, source):
    """The cells of a file the encoding rules read as UTF-8 (declared so, or not declared
    and valid UTF-8) and without quotes, parsed by pyarrow straight from its bytes: no
    decoded copy of the text and no re-encoded one beside pyarrow's table (at 10^6
    respondents some 200 MB less and seconds faster). None when this does not apply
    (another encoding or byte-order mark, quotes, a header below row 1, bytes that are
    not UTF-8, ...): then :func:`read_csv` reads the file as before, and words any error."""
    if source.header_row != 1:
        return None
    if source.encoding:
        try:
            if codecs.lookup(source.encoding).name not in ("utf-8", "utf-8-sig"):
                return None
        except LookupError:
            return None
    data = Path(path).read_bytes()
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if data[:2] in (b"\xff\xfe", b"\xfe\xff") or b'"' in data or not data.strip():
        return None
    end = data.find(b"\n")
    try:
        header = (data if end < 0 else data[:end]).decode("utf-8").replace("\r", "")
    except UnicodeDecodeError:
        return None
    delimiter = source.delimiter or _sniff_delimiter(header)
    frame = _parse_unquoted(data, header, delimiter)  # pyarrow checks that every cell is UTF-8
    if frame is not None:
        frame.columns = [str(c).strip() for c in frame.columns]
        frame.attrs["delimiter"] = delimiter
    return frame


def _parse_unquoted(body: bytes | None, header: str, delimiter: str):
    """The cells of a CSV without any quote character (its UTF-8 bytes, header line
    first), read by pyarrow's multi-threaded parser (4-5x faster than pandas' C parser
    on a million rows); None when that reader does not apply, so that pandas' C parser
    reads the file (and words any error) as before.

    Without quotes a CSV has one reading, so both parsers give the same cells: every
    cell text (none is NA), leading spaces dropped as ``skipinitialspace`` drops them,
    blank lines skipped. A row with too few or too many cells, a header with an empty or
    repeated name, bytes that are not UTF-8, or pyarrow not installed: None."""
    if body is None or len(delimiter) != 1:
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
    # the system allocator: columns dropped once coded go back to the system (pyarrow's default
    # pool, mimalloc, kept some 500 MB of them at 10^6 respondents)
    pool = pa.system_memory_pool()
    try:
        table = pacsv.read_csv(
            io.BytesIO(body),
            read_options=pacsv.ReadOptions(column_names=names, skip_rows=1),
            parse_options=pacsv.ParseOptions(delimiter=delimiter, quote_char=False, double_quote=False,
                                             escape_char=False, newlines_in_values=False, ignore_empty_lines=True),
            convert_options=pacsv.ConvertOptions(column_types={n: pa.large_string() for n in names}, null_values=[],
                                                 strings_can_be_null=False, quoted_strings_can_be_null=False),
            memory_pool=pool)
    except (pa.ArrowException, ValueError):
        return None
    columns = {n: table.column(n) for n in names}
    if b" " in body:
        columns = {n: pc.utf8_ltrim(col, characters=" ", memory_pool=pool) for n, col in columns.items()}
    return pd.DataFrame({n: pd.array(col, dtype=pd.StringDtype("pyarrow", na_value=np.nan)) for n, col in columns.items()})


def _sniff_delimiter(header: str) -> str:
    counts = {d: header.count(d) for d in (";", ",", "\t", "|")}
    best = max(counts, key=counts.get)
    return best if counts[best] else ","
