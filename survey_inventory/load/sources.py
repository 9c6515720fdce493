"""Reading one source: the reader for its format, then the checks every format shares.

:data:`READERS` maps a codebook ``format`` to its reader, each called as
``reader(path, source)`` and returning the raw cells; a new input format is one new
``read_<format>.py`` and one entry here.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from .read_csv import read_csv
from .read_parquet import read_parquet
from .read_sav import read_sav
from .read_xlsx import read_xlsx
from ..paths import resolve
from .schema import LoadError

__all__ = ["READERS", "read_source", "check_header"]

#: codebook ``format`` -> reader ``(path, source) -> DataFrame``
READERS = {"csv": read_csv, "xlsx": read_xlsx, "sav": read_sav, "parquet": read_parquet}


def read_source(codebook, source) -> pd.DataFrame:
    """Read one source file as a DataFrame of raw cells.

    Parameters
    ----------
    codebook : survey_inventory.codebook.Codebook
        Resolves the source's file (relative to the codebook).
    source : survey_inventory.codebook.Source
        The source: its file, format and format options.

    Returns
    -------
    pandas.DataFrame
        The raw cells (strings or numbers), with a first column ``__row__`` holding
        each record's number as the user's program shows it: the spreadsheet or CSV row
        (header = 1) or SPSS's case number.

    Raises
    ------
    LoadError
        Naming the file for anything that stops reading: a missing file, undecodable
        text, a header-only or empty file, a missing or duplicated header, an Excel
        sheet that does not exist.

    Examples
    --------
    >>> from survey_inventory.datasets import load_example
    >>> cb, study, dist = load_example()
    >>> frame = read_source(cb, cb.sources[1])
    >>> frame["__row__"].iloc[0], len(frame)
    (np.int64(2), 9)
    """
    path = codebook.source_path(source)
    resolve(path, "data file")  # a symbolic-link loop is named as such, not "file not found"
    if not path.is_file():
        raise LoadError("file not found", file=path)
    fmt = source.resolved_format
    reader = READERS.get(fmt)
    if reader is None:
        raise LoadError(f"unsupported format {fmt!r}", file=path, expected="csv, xlsx, sav or parquet")
    try:
        frame = reader(path, source)
    except LoadError:
        raise
    except (ValueError, OSError, KeyError, IndexError) as exc:
        raise LoadError(f"cannot read {fmt.upper()} file: {str(exc).splitlines()[0] if str(exc) else type(exc).__name__}",
                        file=path) from None
    if frame.shape[0] == 0:
        raise LoadError("no data rows (the file is empty or has only a header)", file=path)
    check_header(frame, path)
    # the record number as the user's program shows it: SPSS's case number counts from 1; a
    # spreadsheet or CSV row counts the header rows too (and so does a Parquet record, like its CSV)
    first = 1 if fmt == "sav" else source.header_row + 1
    frame.insert(0, "__row__", np.arange(first, first + len(frame)))
    return frame


def check_header(frame: pd.DataFrame, path) -> None:
    """Refuse a header with an empty or repeated column name.

    Parameters
    ----------
    frame : pandas.DataFrame
        The cells as a reader returns them.
    path : path-like
        The file, for the message.

    Raises
    ------
    LoadError
        For an empty header cell (merged or multi-row header) or a name used twice
        (pandas' ``name.1`` included).

    Examples
    --------
    >>> check_header(pd.DataFrame(columns=["id", "fam"]), "data.csv")
    >>> check_header(pd.DataFrame(columns=["id", "fam", "fam.1"]), "data.csv")
    Traceback (most recent call last):
    ...
    survey_inventory.load.schema.LoadError: data.csv, column 'fam': column name appears twice in the header
    """
    names = [str(c) for c in frame.columns]
    for k, name in enumerate(names):
        if name.strip() == "" or name.startswith("Unnamed:"):
            raise LoadError(f"header cell {k + 1} is empty (merged or multi-row header?); "
                            "give every column one name in a single header row", file=path, column=k + 1)
    seen = set()
    for name in names:
        if name in seen or name.split(".")[0] in seen and name.rsplit(".", 1)[-1].isdigit():
            raise LoadError("column name appears twice in the header", file=path, column=name.rsplit(".", 1)[0])
        seen.add(name)
