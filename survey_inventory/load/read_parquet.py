"""Reading a Parquet file (pandas, R's arrow, a data-warehouse export)."""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from .schema import LoadError

__all__ = ["read_parquet"]


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
    >>> import tempfile
    >>> from pathlib import Path
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = Path(folder) / "data.parquet"
    ...     pd.DataFrame({"id": ["p1", "p2"], "fam": pd.array([1, None], dtype="Int8")}).to_parquet(path)
    ...     frame = read_parquet(path)
    >>> str(frame["fam"].dtype), frame["fam"].isna().tolist()
    ('Int8', [False, True])
    """
    try:
        import pyarrow.parquet as pq
    except ImportError:
        raise LoadError("reading Parquet needs the pyarrow package; install it with "
                        "'pip install pyarrow' (or the package's [bench] extra)", file=path) from None
    try:
        table = pq.read_table(path)
    except Exception as exc:  # pyarrow raises its own types (ArrowInvalid, ...) for a broken file
        raise LoadError(f"not a readable Parquet file ({type(exc).__name__}: "
                        f"{str(exc).splitlines()[0] if str(exc) else ''})", file=path) from None
    return table.to_pandas(types_mapper=_nullable_dtype)


def _nullable_dtype(arrow_type):
    """pyarrow type -> pandas nullable dtype (ints stay ints when a cell is empty)."""
    import pyarrow as pa

    mapping = {pa.int8(): pd.Int8Dtype(), pa.int16(): pd.Int16Dtype(), pa.int32(): pd.Int32Dtype(),
               pa.int64(): pd.Int64Dtype(), pa.uint8(): pd.UInt8Dtype(), pa.uint16(): pd.UInt16Dtype(),
               pa.uint32(): pd.UInt32Dtype(), pa.uint64(): pd.UInt64Dtype(), pa.bool_(): pd.BooleanDtype(),
               pa.string(): pd.StringDtype(), pa.large_string(): pd.StringDtype()}
    return mapping.get(arrow_type)
