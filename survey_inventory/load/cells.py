"""Cleaning cells: what a raw cell says, worked out once per distinct value.

A survey column holds a handful of different values (1..5, 9, empty), so whatever
depends on the cell alone (cleaning, checking it against the scale, its label) is
worked out once per distinct value (:func:`distinct`) and spread to the rows with
``np.take``.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["blank", "norm_key", "numeric_codes", "distinct", "clean", "clean_cells"]


def blank(v) -> bool:
    """Whether a cell is empty: None, NA, NaN or only whitespace.

    Examples
    --------
    >>> [bool(blank(v)) for v in (None, float("nan"), "  ", "0", 0)]
    [True, True, True, False, False]
    """
    return v is None or v is pd.NA or (isinstance(v, float) and np.isnan(v)) or (isinstance(v, str) and not v.strip())


def norm_key(v) -> str:
    """A cell as the text a code is compared by: ``1``, ``1.0``, ``" 1 "`` and ``"1,0"`` are ``"1"``.

    Examples
    --------
    >>> [norm_key(v) for v in (1.0, " 1 ", "1,0", "2.5", "ja", None)]
    ['1', '1', '1', '2.5', 'ja', '']
    """
    if blank(v):
        return ""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    text = str(v).strip()
    try:
        f = float(text.replace(",", "."))
        return str(int(f)) if f.is_integer() else str(f)
    except ValueError:
        return text


def numeric_codes(scale_codes) -> bool:
    """Whether every code is a number (not a bool): then cells are read as numbers.

    Examples
    --------
    >>> numeric_codes([1, 2, 9]), numeric_codes([1, "j"]), numeric_codes([True])
    (True, False, False)
    """
    return all(isinstance(c, (int, float)) and not isinstance(c, bool) for c in scale_codes)


def distinct(raw: pd.Series) -> tuple[np.ndarray, pd.Series]:
    """``(codes, cells)``: one cell per distinct value of ``raw`` and each row's index into them.

    The cells keep ``raw``'s dtype, all NA cells sharing one. A column with values
    that are equal but print differently (1 and 1.0 and True in one object column,
    0.0 and -0.0) is taken row by row, so that nothing changes for it.

    Parameters
    ----------
    raw : pandas.Series
        One column of a source.

    Returns
    -------
    codes : numpy.ndarray
        For each row, the position of its value in ``cells``.
    cells : pandas.Series
        The distinct values (NA last, when there is one).

    Examples
    --------
    >>> codes, cells = distinct(pd.Series(["1", "2", "1", None], dtype=object))
    >>> codes.tolist(), cells.tolist()
    ([0, 1, 0, 2], ['1', '2', None])
    """
    n = len(raw)
    by_row = np.arange(n, dtype=np.intp), raw.reset_index(drop=True)
    if n == 0:
        return by_row
    kind = pd.api.types.infer_dtype(raw, skipna=True) if raw.dtype == object else None
    if kind is not None and kind not in ("string", "integer", "floating", "empty"):
        return by_row
    if kind == "floating" or (kind is None and raw.dtype.kind == "f"):
        as_float = raw.to_numpy(dtype=float, na_value=np.nan)
        if np.signbit(as_float[as_float == 0]).any():
            return by_row
    codes, uniques = pd.factorize(raw, use_na_sentinel=True)
    k = len(uniques)
    codes = np.where(codes < 0, k, codes)  # NA cells: one more distinct value
    where = np.full(k + 1, -1, dtype=np.intp)
    where[codes] = np.arange(n, dtype=np.intp)  # a row holding each distinct value
    if where[k] < 0:
        where = where[:k]
    return codes, raw.iloc[where].reset_index(drop=True)


def clean(raw: pd.Series, numeric: bool, cells=None) -> tuple[pd.Series, np.ndarray]:
    """``(values, empty)`` of a column, worked out per distinct value.

    Parameters
    ----------
    raw : pandas.Series
        One column of a source.
    numeric : bool
        Read the cells as numbers (``,`` as decimal mark allowed).
    cells : tuple, optional
        ``distinct(raw)``, when already computed.

    Returns
    -------
    values : pandas.Series
        Floats for a numeric reading (NaN where the cell is empty or not a number:
        ``empty`` tells those apart), stripped text otherwise; ``raw``'s index.
    empty : numpy.ndarray of bool

    Examples
    --------
    >>> values, empty = clean(pd.Series(["1", " 2,0", "", "goed"]), numeric=True)
    >>> values.tolist()[:2], empty.tolist()
    ([1.0, 2.0], [False, False, True, False])
    """
    codes, distinct_cells = cells if cells is not None else distinct(raw)
    values, empty = clean_cells(distinct_cells, numeric)
    values = values.take(codes)
    values.index = raw.index
    return values, empty[codes]


def clean_cells(raw: pd.Series, numeric: bool) -> tuple[pd.Series, np.ndarray]:
    """``(values, empty)`` of each cell of ``raw``, row by row (see :func:`clean`).

    Examples
    --------
    >>> values, empty = clean_cells(pd.Series([" ja ", None]), numeric=False)
    >>> values.tolist(), empty.tolist()
    (['ja', <NA>], [False, True])
    """
    as_text = raw.astype("string").str.strip()
    empty = (raw.isna() | as_text.isna() | (as_text == "")).to_numpy(dtype=bool)
    if numeric:
        values = pd.to_numeric(as_text.str.replace(",", ".", regex=False), errors="coerce").astype(float)
        return values, empty
    return as_text.where(~pd.Series(empty, index=raw.index)), empty
