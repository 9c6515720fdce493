"""Reading a Parquet file (pandas, R's arrow, a data-warehouse export), whole or in batches.

:func:`read_parquet` reads a file into memory; :func:`read_parquet_batches` reads a
file or a folder of files (a Parquet dataset) as consecutive batches of records, with
the same dtypes, for :mod:`.stream`.
"""
from __future__ import annotations

import importlib
from pathlib import Path

import pandas as pd

from .schema import LoadError

__all__ = ["read_parquet", "read_parquet_batches"]


def read_parquet(path: Path, source=None) -> pd.DataFrame:
    """The columns of a Parquet file, in pandas' nullable dtypes.

    Integer codes with missing values come back as pandas' nullable integers, text
    as strings; pyarrow is needed and imported only here.

    Parameters
    ----------
    path : path-like
        The file (opened read-only).
    source : survey_inventory.codebook.Source, optional
        Not used; accepted so that every reader is called the same way.

    Returns
    -------
    pandas.DataFrame

    Raises
    ------
    LoadError
        When pyarrow is not installed or the file is not readable Parquet.

    Examples
    --------
    An empty code stays empty, the others integers:

    >>> import tempfile
    >>> folder = tempfile.TemporaryDirectory()
    >>> pd.DataFrame({"id": ["p1", "p2"], "fam": pd.array([1, None], dtype="Int8")}).to_parquet(folder.name + "/d.pq")
    >>> frame = read_parquet(folder.name + "/d.pq")
    >>> folder.cleanup()
    >>> str(frame["fam"].dtype), frame["fam"].isna().tolist()
    ('Int8', [False, True])
    """
    pq = _pyarrow(path, "pyarrow.parquet")
    try:
        table = pq.read_table(path)
    except Exception as exc:  # pyarrow raises its own types (ArrowInvalid, ...) for a broken file
        raise _unreadable(path, exc) from None
    return table.to_pandas(types_mapper=_nullable_dtype)


def read_parquet_batches(path: Path, batch_rows: int = 100_000):
    """The records of a Parquet file or dataset folder, ``batch_rows`` at a time.

    Only one batch (and pyarrow's read buffers) is in memory at a time. The batches
    hold the same cells, in the same dtypes, as :func:`read_parquet`'s one table.

    Parameters
    ----------
    path : path-like
        A Parquet file, or a folder of Parquet files (read in name order).
    batch_rows : int, default 100000
        Records per batch (the last one may be shorter).

    Yields
    ------
    pandas.DataFrame

    Raises
    ------
    LoadError
        As :func:`read_parquet`, naming the file.

    Examples
    --------
    Three records in batches of two:

    >>> import tempfile
    >>> from pathlib import Path
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     three = pd.DataFrame({"id": ["p1", "p2", "p3"], "fam": pd.array([1, None, 3], dtype="Int8")})
    ...     three.to_parquet(Path(folder) / "data.parquet")
    ...     sizes = [len(b) for b in read_parquet_batches(Path(folder) / "data.parquet", batch_rows=2)]
    >>> sizes
    [2, 1]
    """
    pa, ds = _pyarrow(path, "pyarrow"), _pyarrow(path, "pyarrow.dataset")
    try:
        dataset = ds.dataset(path, format="parquet")
        # little read-ahead: memory is bounded by a few batches, not by the readers' defaults (16)
        for batch in dataset.to_batches(batch_size=batch_rows, batch_readahead=1, fragment_readahead=1):
            if batch.num_rows:
                yield pa.Table.from_batches([batch]).to_pandas(types_mapper=_nullable_dtype)
    except LoadError:
        raise
    except Exception as exc:  # pyarrow raises its own types (ArrowInvalid, ...) for a broken file
        raise _unreadable(path, exc) from None


def _pyarrow(path, module: str):
    """pyarrow's ``module``, imported; refused, naming the file, when pyarrow is not installed."""
    try:
        return importlib.import_module(module)
    except ImportError:
        raise LoadError("reading Parquet needs the pyarrow package; install it with "
                        "'pip install pyarrow' (or the package's [parquet] extra)", file=path) from None


def _unreadable(path, exc: Exception) -> LoadError:
    """The error for a file pyarrow cannot read: its first line of explanation."""
    return LoadError(f"not a readable Parquet file ({type(exc).__name__}: "
                     f"{str(exc).splitlines()[0] if str(exc) else ''})", file=path)


def _nullable_dtype(arrow_type):
    """pyarrow type -> pandas nullable dtype (ints stay ints when a cell is empty)."""
    import pyarrow as pa

    mapping = {pa.int8(): pd.Int8Dtype(), pa.int16(): pd.Int16Dtype(), pa.int32(): pd.Int32Dtype(),
               pa.int64(): pd.Int64Dtype(), pa.uint8(): pd.UInt8Dtype(), pa.uint16(): pd.UInt16Dtype(),
               pa.uint32(): pd.UInt32Dtype(), pa.uint64(): pd.UInt64Dtype(), pa.bool_(): pd.BooleanDtype(),
               pa.string(): pd.StringDtype(), pa.large_string(): pd.StringDtype()}
    return mapping.get(arrow_type)
