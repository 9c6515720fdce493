"""The tidy table: one row per (respondent, item), built once from per-item arrays.

:func:`item_rows` works out one item of one source as a :class:`Piece` (each
distinct cell cleaned and checked once, each row an index into those cells);
:func:`assemble` builds the whole table from the pieces column by column, so the
per-row work is ``np.take`` and ``np.repeat`` and strings are made once per
distinct value.

The dtypes below are a **public interface** (estimation, comparisons, validation and
users' own code rely on them; ``tests/test_load_tidy.py`` checks them). The table is
lean because a million respondents times 40 items is 40 million rows: every text
column is a categorical (one string per distinct value, an integer code per row),
row numbers are 32-bit. At 40 million rows that is about 1.1 GB (code 320 MB,
respondent_id 160 MB, row 160 MB, each of the 12 other columns 40 MB) instead of
2.1 GB with ids and raw text as strings and 64-bit row numbers. Its columns are
:data:`~.schema.TIDY_COLUMNS`:

``respondent_id``
    categorical of text (pandas' ``str``), as in the file, stripped: one category per
    respondent; codes 8-, 16- or 32-bit as the number of respondents needs
``respondent_type, source, file, column, sector, item, measure, status, label, category, category_label``
    categoricals of text, 8-bit codes (categories sorted; ``label``/``category``/
    ``category_label`` only for ``valid`` and ``answered_not_asked`` rows)
``row``
    int32, the spreadsheet row (header = 1); int64 only past 2^31 rows
``code``
    float64 when every item's scale has numeric codes, else text (``1`` for 1.0); NA where the cell is
    empty or not a code
``raw``
    categorical of the cell as text, stripped (a handful of distinct values per
    column: 8-bit codes, 16-bit past 127 distinct cells)

Categories are the values present, sorted, as ``astype("category")`` makes them;
comparing a column with a value (``tidy["status"] == "valid"``), ``isin``,
``groupby(..., observed=True)`` and ``astype(str)`` work as on text.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..codebook import Item
from .cells import clean_cells, distinct, norm_key
from .schema import STATUSES, TIDY_COLUMNS

__all__ = ["Piece", "item_rows", "label_lookup", "assemble", "column_codes"]

_VALID, _MISSING, _NOT_ASKED, _ANSWERED_NOT_ASKED, _INVALID = range(5)  # positions in STATUSES


@dataclass
class Piece:
    """The rows of one item in one source, as arrays.

    ``rows`` are the asked respondent types' positions in the source's ``who``/``frame``;
    ``cell`` each row's index into the column's distinct values, whose ``code``, ``raw``
    text and validity are worked out once; ``status`` each row's position in
    :data:`~.schema.STATUSES`.
    """
    item: Item
    source: str
    file: str
    who: pd.DataFrame
    frame_rows: np.ndarray
    rows: np.ndarray
    cell: np.ndarray
    status: np.ndarray
    code: pd.Series
    raw: pd.Series


def item_rows(codebook, item: Item, source, path, who, frame, asked, in_type, numeric, cells=None) -> Piece:
    """The rows of one item in one source, with each answer's status.

    Parameters
    ----------
    codebook : survey_inventory.codebook.Codebook
    item : survey_inventory.codebook.Item
    source : survey_inventory.codebook.Source
    path : path-like
        The source's file.
    who : pandas.DataFrame
        The source's respondents of a known type (``respondent_id``, ``respondent_type``).
    frame : pandas.DataFrame
        The same respondents' raw cells, with ``__row__``.
    asked : array of bool
        Per respondent, whether the routing asks the item.
    in_type : array of bool
        Per respondent, whether the item is for their type (only these get rows).
    numeric : bool
        The item's scale has numeric codes (:func:`~.cells.numeric_codes`).
    cells : tuple, optional
        ``distinct(frame[item.column])`` when already computed.

    Returns
    -------
    Piece

    Examples
    --------
    The first item of the bundled study, for two respondents:

    >>> import survey_inventory.datasets as datasets
    >>> cb = datasets.load_example().codebook
    >>> item = cb.items[0]
    >>> who = pd.DataFrame({"respondent_id": ["p1", "p2"], "respondent_type": ["province", "province"]})
    >>> frame = pd.DataFrame({"__row__": [2, 3], item.column: ["1", "9"]})
    >>> piece = item_rows(cb, item, cb.sources[0], "data.csv", who, frame, asked=[True, True],
    ...                   in_type=np.array([True, True]), numeric=True)
    >>> [STATUSES[s] for s in piece.status]
    ['valid', 'missing']
    """
    scale = codebook.scale(item.scale)
    codes, distinct_cells = cells if cells is not None else distinct(frame[item.column])
    vals, u_empty = clean_cells(distinct_cells, numeric)
    is_valid = vals.isin([c.code for c in scale.codes]).to_numpy()
    is_missing_code = vals.isin(list(scale.missing)).to_numpy()
    code = vals.where(~u_empty)
    if numeric:
        code = code.where(~(~u_empty & code.isna()))  # text in a numeric column stays NaN; the raw value is kept
    rows = np.flatnonzero(in_type).astype(np.int32 if len(in_type) < 2**31 else np.int64)
    cell = codes[rows].astype(_small_int(len(distinct_cells)))  # a column has a handful of distinct cells
    asked = np.asarray(asked, dtype=bool)[rows]
    valid, missing, blank = is_valid[cell], is_missing_code[cell], u_empty[cell]
    status = np.where(
        asked,
        np.where(valid, _VALID, np.where(blank | missing, _MISSING, _INVALID)),
        np.where(~blank & ~missing, np.where(valid, _ANSWERED_NOT_ASKED, _INVALID), _NOT_ASKED),
    ).astype(np.int8)
    return Piece(item=item, source=source.id, file=str(path), who=who, frame_rows=frame["__row__"].to_numpy(),
                 rows=rows, cell=cell, status=status, code=code,
                 raw=distinct_cells.astype("string").str.strip())


def _small_int(n: int):
    """The smallest integer dtype that holds 0..n."""
    return np.int8 if n < 127 else np.int16 if n < 32767 else np.int32 if n < 2**31 - 1 else np.int64


def column_codes(column: pd.Series) -> tuple[np.ndarray, pd.Index]:
    """A column of the tidy table as integer codes (-1 for missing) and the values they stand for.

    A categorical column gives its own codes **without a copy** (a read-only view:
    ``Series.cat.codes`` copies them, 160 MB for ``respondent_id`` at 40 million
    rows); any other column is factorised.

    Parameters
    ----------
    column : pandas.Series

    Returns
    -------
    codes : numpy.ndarray
        One integer per row, -1 where the value is missing.
    values : pandas.Index
        The value of each code.

    Examples
    --------
    >>> codes, values = column_codes(pd.Series(["b", "a", None, "b"], dtype="category"))
    >>> codes.tolist(), values.tolist()
    ([1, 0, -1, 1], ['a', 'b'])
    >>> column_codes(pd.Series(["b", "a", "b"]))[0].tolist()
    [0, 1, 0]
    """
    if isinstance(column.dtype, pd.CategoricalDtype):
        return column.array.codes, column.cat.categories
    codes, values = pd.factorize(column, use_na_sentinel=True)
    return codes, pd.Index(values)


def label_lookup(codebook) -> pd.DataFrame:
    """Detailed label and report category of every (item, code), from the codebook.

    Returns
    -------
    pandas.DataFrame
        ``item, code, label, category, category_label``, one row per code of each
        item's scale.

    Examples
    --------
    >>> from survey_inventory.codebook import load_codebook
    >>> lk = label_lookup(load_codebook("codebooks/bartels-2025.yaml"))
    >>> lk.columns.tolist()
    ['item', 'code', 'label', 'category', 'category_label']
    """
    lookup = []
    for item in codebook.items:
        scale = codebook.scale(item.scale)
        cats = {str(c): g for g in codebook.report_categories(item) for c in g["codes"]}
        for c in scale.codes:
            g = cats.get(str(c.code))
            lookup.append((item.id, c.code, codebook.label(c.label), g["id"] if g else None, g["label"] if g else None))
    return pd.DataFrame(lookup, columns=["item", "code", "label", "category", "category_label"])


def _used(codes: np.ndarray, n_values: int) -> np.ndarray:
    """Which of ``n_values`` codes occur in ``codes`` (one more slot, last, for -1)."""
    used = np.zeros(n_values + 1, dtype=bool)
    used[codes] = True  # no sort of the (table-long) codes; -1 marks the extra last slot
    return used


def _categorical(codes: np.ndarray, values: list, dtype=None, used=None) -> pd.Categorical:
    """Codes into ``values`` (None = NA) as a Categorical whose categories are the values
    present, sorted, as ``astype("category")`` makes them; ``used``: :func:`_used` of the codes
    when already known."""
    values = np.asarray(values, dtype=object)
    used = _used(codes, len(values)) if used is None else used
    present = [v for v, u in zip(values, used) if u and v is not None and not (isinstance(v, float) and np.isnan(v))]
    categories = sorted(set(present))
    position = {v: k for k, v in enumerate(categories)}
    small = np.int8 if len(categories) < 127 else np.int16 if len(categories) < 32767 else np.int32
    remap = np.array([position.get(v, -1) if v is not None and not (isinstance(v, float) and np.isnan(v)) else -1
                      for v in values] + [-1], dtype=small)  # codes as small as the categories allow
    index = pd.Index(categories, dtype=dtype) if dtype is not None else pd.Index(categories)
    return pd.Categorical.from_codes(remap[codes], categories=index)


def _categorical_runs(values: list, lengths: np.ndarray) -> pd.Categorical:
    """``values[k]`` repeated ``lengths[k]`` times as :func:`_categorical` makes it from the repeated
    codes, without reading a table-long array twice (once per piece, then one :func:`numpy.repeat`)."""
    lengths = np.asarray(lengths, dtype=np.int64)
    seen = _categorical(np.flatnonzero(lengths), values)  # the categories of the pieces with rows
    remap = np.full(len(values), -1, dtype=seen.codes.dtype)
    remap[lengths > 0] = seen.codes
    return pd.Categorical.from_codes(np.repeat(remap, lengths), dtype=seen.dtype)


def _spread(values: pd.Series, index: np.ndarray) -> pd.Categorical:
    """``values.take(index)`` as a Categorical (categories sorted, as ``astype("category")``
    makes them), without building the long column of text first."""
    small = pd.Categorical(values)
    codes = small.codes
    if len(small.categories) < 127:
        codes = codes.astype(np.int8)
    elif len(small.categories) < 32767:
        codes = codes.astype(np.int16)
    return pd.Categorical.from_codes(codes[index], dtype=small.dtype)


def _as_inferred(values: pd.Series):
    """``values`` as the loader's tables infer them from object arrays: text stays text
    (``str``); None when a column of only NA values would be inferred as object."""
    obj = values.to_numpy(dtype=object)
    out = pd.Series(obj, dtype=None) if len(obj) else None
    return out if out is not None and out.dtype != object else None


def _row_by_row(pieces, column) -> pd.Series:
    """A column whose pieces do not share one inferred dtype (a piece of only NA values):
    each piece's values inferred on their own, then concatenated, as pandas combines them."""
    parts = []
    for p in pieces:
        if column == "respondent_id":
            full = p.who["respondent_id"].to_numpy()
        else:
            cell = np.zeros(len(p.who), dtype=np.intp)
            cell[p.rows] = p.cell
            values = p.code if column == "code" else p.raw
            full = values.take(cell).to_numpy(dtype=object if column == "raw" else None) if len(values) \
                else values.to_numpy(dtype=object if column == "raw" else None)
        parts.append(pd.Series(full).iloc[p.rows])
    return pd.concat(parts, ignore_index=True)


def assemble(pieces: list, codebook) -> pd.DataFrame:
    """The tidy table of a study from its pieces (see module doc for its columns).

    Parameters
    ----------
    pieces : list of Piece
        From :func:`item_rows`, in the order the rows are to appear. They are used up:
        each piece's ``rows``, ``cell`` and ``status`` are set to None once their
        column is made (at 10^6 respondents x 40 items 240 MB less at the peak).
    codebook : survey_inventory.codebook.Codebook
        For each valid answer's label and report category.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`~.schema.TIDY_COLUMNS`.

    Examples
    --------
    >>> from survey_inventory.codebook import load_codebook
    >>> assemble([], load_codebook("codebooks/bartels-2025.yaml")).columns.tolist() == TIDY_COLUMNS
    True
    """
    if not pieces:
        return pd.DataFrame(columns=TIDY_COLUMNS)
    lk = label_lookup(codebook)
    numeric = all(p.code.dtype == np.float64 for p in pieces)
    if not numeric:  # numeric scales beside text-coded ones: their codes as text too, 1.0 as "1"
        for p in pieces:
            if p.code.dtype == np.float64:
                p.code = pd.Series([pd.NA if pd.isna(v) else norm_key(v) for v in p.code], dtype="string")
    # respondents: each source's who once; a row points into their concatenation
    sources, offsets = {}, {}
    for p in pieces:
        if p.source not in sources:
            offsets[p.source] = sum(len(w) for w, _ in sources.values())
            sources[p.source] = (p.who, p.frame_rows)
    ids = _as_inferred(pd.Series(np.concatenate([w["respondent_id"].to_numpy(dtype=object) for w, _ in sources.values()])))
    texts = [] if numeric else [_as_inferred(p.code) for p in pieces]
    raws = [_as_inferred(p.raw) for p in pieces]
    # a piece's row-long arrays are let go once their column is made, unless a column is to be made
    # row by row from them (a piece of only NA values)
    consume = not (any(r is None for r in raws) or (not numeric and any(t is None for t in texts)))
    keys = lk.assign(_lk=np.arange(len(lk)))
    if numeric:
        keys["code"] = keys["code"].astype(np.float64) if len(keys) else keys["code"]
    keys = keys.drop_duplicates(["item", "code"])  # 1 and 1.0 in one scale: one label, not two rows

    # columns are made one after the other and each temporary row-long array dropped as soon
    # as it is used: the peak is the table plus a few bytes per row, not the sum of all steps
    n_rows = np.array([len(p.rows) for p in pieces])
    n_who = sum(len(w) for w, _ in sources.values())
    at = np.concatenate([p.rows.astype(_small_int(n_who)) + offsets[p.source] for p in pieces])
    columns = {}
    if ids is None or any(w["respondent_id"].isna().all() for w, _ in sources.values()):
        columns["respondent_id"] = _row_by_row(pieces, "respondent_id").astype("category")
    else:  # a category per respondent, a 32-bit code per row
        columns["respondent_id"] = _spread(ids, at)
    del ids
    types = np.concatenate([w["respondent_type"].to_numpy(dtype=object) for w, _ in sources.values()])
    t_codes, t_values = pd.factorize(types, use_na_sentinel=True)
    columns["respondent_type"] = _categorical(t_codes.astype(_small_int(len(t_values)))[at], list(t_values))
    columns["source"] = _categorical_runs([p.source for p in pieces], n_rows)  # the pieces' rows are runs
    columns["file"] = _categorical_runs([p.file for p in pieces], n_rows)
    row_numbers = np.concatenate([r for _, r in sources.values()])
    columns["row"] = row_numbers.astype(np.int32 if n_who < 2**31 - 2 else np.int64)[at]
    del at
    for p in pieces if consume else ():
        p.rows = None  # at 10^6 respondents x 40 items 160 MB of 32-bit positions
    for name, value in (("column", lambda p: p.item.column), ("sector", lambda p: p.item.sector),
                        ("item", lambda p: p.item.id), ("measure", lambda p: p.item.measure)):
        columns[name] = _categorical_runs([value(p) for p in pieces], n_rows)
    # distinct values of all pieces, one after the other; a row's cell is offset into them
    starts = np.cumsum([0] + [len(p.code) for p in pieces])
    cell_type = _small_int(int(starts[-1]))
    cell = np.concatenate([starts[k].astype(cell_type) + p.cell.astype(cell_type) for k, p in enumerate(pieces)])
    for p in pieces if consume else ():
        p.cell = None
    text_dtype = next((t.dtype for t in texts if t is not None), None)
    if numeric:
        columns["code"] = np.concatenate([p.code.to_numpy(dtype=np.float64) for p in pieces])[cell]
        code_keys = [p.code for p in pieces]
    else:
        if any(t is None for t in texts):
            columns["code"] = _row_by_row(pieces, "code")
        else:
            columns["code"] = pd.concat(texts, ignore_index=True).take(cell).reset_index(drop=True)
        code_keys = [(t if t is not None else p.code).astype(lk["code"].astype(text_dtype or "str").dtype)
                     for t, p in zip(texts, pieces)]
    if any(r is None for r in raws):
        columns["raw"] = _row_by_row(pieces, "raw").astype("category")
    else:  # a category per distinct cell text, a small code per row
        columns["raw"] = _spread(pd.concat(raws, ignore_index=True), cell)
    del raws
    status = np.concatenate([p.status for p in pieces])
    for p in pieces if consume else ():
        p.status = None
    columns["status"] = _categorical(status, list(STATUSES))
    # label and report category: the lookup row of each distinct value, for valid answers only
    lk_keys = keys if numeric else keys.assign(code=keys["code"].astype(text_dtype or "str"))
    found = []
    for p, ck in zip(pieces, code_keys):
        small = pd.DataFrame({"item": p.item.id, "code": ck.to_numpy() if numeric else ck})
        hit = small.merge(lk_keys[["item", "code", "_lk"]], on=["item", "code"], how="left", sort=False)["_lk"]
        found.append(hit.fillna(-1).to_numpy(dtype=np.int64))
    lk_type = _small_int(len(lk))
    lk_row = np.concatenate(found).astype(lk_type)[cell] if found else np.zeros(0, dtype=lk_type)
    del cell
    lk_row[(status != _VALID) & (status != _ANSWERED_NOT_ASKED)] = -1
    del status
    used = _used(lk_row, len(lk))  # the three columns share their codes
    for name in ("label", "category", "category_label"):
        columns[name] = _categorical(lk_row, list(lk[name]), lk[name].dtype, used)
    return pd.DataFrame(columns, copy=False)[TIDY_COLUMNS] if list(columns) != TIDY_COLUMNS \
        else pd.DataFrame(columns, copy=False)
