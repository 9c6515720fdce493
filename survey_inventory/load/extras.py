"""Answers beside the scale items: multi-response sets and open (free-text) questions.

Both read the sources' raw cells after the respondents are known: ``wide_all`` is a
list of ``(source, frame, who, wide, cells)`` per source, ``frame`` and ``who`` holding
the records of a known respondent type (see :func:`~.study.load_study`).
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..checks import INVALID_CODE, MISSING_COLUMN
from .cells import blank, distinct, norm_key
from .respondents import did_you_mean
from .schema import OPEN_TEXT_COLUMNS, problem

__all__ = ["MULTI_RESPONSE_COLUMNS", "multi_response", "open_text"]

#: Columns of ``Study.multi_response``.
MULTI_RESPONSE_COLUMNS = ["respondent_id", "respondent_type", "set", "sector", "code", "label", "mentioned"]


def _sources_of(spec, codebook, wide_all):
    """``(source, frame, who, mask)`` for each source a multi-response set or open question
    reads (its ``source``, or all), ``mask`` marking the rows of its respondent types;
    sources without such rows are skipped."""
    types = set(spec.respondent_types or [t.id for t in codebook.respondent_types])
    for source, frame, who, wide, cells in wide_all:
        if spec.source is not None and spec.source != source.id:
            continue
        mask = who["respondent_type"].isin(types).to_numpy()
        if mask.any():
            yield source, frame, who, mask


def multi_response(codebook, wide_all, files, problems: list) -> pd.DataFrame:
    """Coded mentions: one row per (respondent, set, code) with ``mentioned``.

    A set is ``binary`` (one 0/1 column per code) or ``codes`` (one column listing the
    codes mentioned, split by ``separator``).

    Parameters
    ----------
    codebook : survey_inventory.codebook.Codebook
    wide_all : list of tuple
        Per source ``(source, frame, who, wide, cells)`` (see module doc).
    files : dict
        Source id -> its file, for messages.
    problems : list of dict
        Gets ``missing_column`` for a set's absent column and ``invalid_code`` for a
        cell that is not 0/1 or names a code the set lacks.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`MULTI_RESPONSE_COLUMNS`, lean because a million respondents
        times a set's codes is millions of rows: ``respondent_id, respondent_type, set,
        sector, label`` are categoricals of text (a code per row), ``code`` the codes
        as pandas infers them (int64 for numbers), ``mentioned`` bool.

    Examples
    --------
    Without sources, no rows (the columns are always these):

    >>> import survey_inventory.datasets as datasets
    >>> multi_response(datasets.load_example().codebook, [], {}, []).columns.tolist()
    ['respondent_id', 'respondent_type', 'set', 'sector', 'code', 'label', 'mentioned']
    """
    blocks = []  # per set and source: each column as (distinct values, each row's index into them or None: all 0)
    for mr in codebook.multi_response:
        for source, frame, who, mask in _sources_of(mr, codebook, wide_all):
            needed = list(mr.columns.values()) if mr.format == "binary" else [mr.column]
            absent = [c for c in needed if c not in frame.columns]
            if absent:
                problems.append(problem(MISSING_COLUMN, files[source.id], None, absent[0], None, mr.id,
                                        None, f"column {absent[0]!r} of multi-response set {mr.id!r} is not in the file"))
                continue
            sub, rws = frame.loc[mask], frame.loc[mask, "__row__"].to_numpy()
            ids, tps = _factorized(who.loc[mask, "respondent_id"]), _factorized(who.loc[mask, "respondent_type"])
            n = len(rws)
            valid_codes = {norm_key(c.code): c for c in mr.codes}
            # each cell is read once per distinct value (a handful per column), spread with np.take
            if mr.format == "binary":
                for code, col in mr.columns.items():
                    cell, distinct_cells = distinct(sub[col])
                    keys = np.array([norm_key(v) for v in distinct_cells] + [""], dtype=object)[cell]
                    for k in np.flatnonzero(~np.isin(keys, ["", "0", "1"])):
                        problems.append(problem(INVALID_CODE, files[source.id], int(rws[k]), col,
                                                _at(ids, k), mr.id, keys[k], "a 0/1 column holds something else"))
                    label = codebook.label(valid_codes[norm_key(code)].label)
                    blocks.append((n, ids, tps, ([mr.id], None), ([mr.sector], None), ([code], None), ([label], None),
                                   keys == "1"))
            else:
                cell, distinct_cells = distinct(sub[mr.column])
                named = [{norm_key(x) for x in ("" if blank(v) else str(v)).split(mr.separator) if x.strip()}
                         for v in distinct_cells]
                bad = [sorted(n - set(valid_codes)) for n in named]
                for k in np.flatnonzero(np.array([bool(b) for b in bad] + [False])[cell]):
                    for key in bad[cell[k]]:
                        problems.append(problem(INVALID_CODE, files[source.id], int(rws[k]), mr.column,
                                                _at(ids, k), mr.id, key, f"code not in multi-response set {mr.id!r}"))
                said = np.array([[key in n for key in valid_codes] for n in named], dtype=bool)
                said = said.reshape(len(named), len(valid_codes))[cell]  # respondent x code, as the rows go
                n_codes = len(valid_codes)
                each = np.tile(np.arange(n_codes, dtype=np.int8 if n_codes < 127 else np.int32), n)
                blocks.append((n * n_codes, (ids[0], np.repeat(ids[1], n_codes)), (tps[0], np.repeat(tps[1], n_codes)),
                               ([mr.id], None), ([mr.sector], None), ([c.code for c in valid_codes.values()], each),
                               ([codebook.label(c.label) for c in valid_codes.values()], each), said.ravel()))
    if not blocks:
        return pd.DataFrame([], columns=MULTI_RESPONSE_COLUMNS)
    data = {name: _joined([(b[0],) + b[j + 1] for b in blocks], as_values=name == "code")
            for j, name in enumerate(MULTI_RESPONSE_COLUMNS[:-1])}
    data["mentioned"] = np.concatenate([b[-1] for b in blocks])
    return pd.DataFrame(data, columns=MULTI_RESPONSE_COLUMNS, copy=False)


def _factorized(values: pd.Series) -> tuple:
    """``(distinct values, each row's index into them)``; NA rows index -1."""
    codes, uniques = pd.factorize(values.to_numpy(dtype=object), use_na_sentinel=True)
    return uniques, codes.astype(np.int32)


def _at(factorized: tuple, k: int):
    """Row ``k``'s value of a :func:`_factorized` column (None for NA)."""
    uniques, codes = factorized
    return None if codes[k] < 0 else uniques[codes[k]]


def _joined(parts: list, as_values: bool = False):
    """One column from blocks ``(rows, distinct values, index or None)``: a Categorical
    (a code per row into the distinct values of all blocks), or, ``as_values``, the values
    themselves as pandas infers them (codes stay ``int64``)."""
    arrays, offsets, seen = [], [], {}
    for _, values, _ in parts:  # blocks of one set share their respondents' values: each array once
        if id(values) not in seen:
            seen[id(values)] = sum(len(a) for a in arrays)
            arrays.append(np.asarray(values, dtype=object))
        offsets.append(seen[id(values)])
    every = np.concatenate(arrays)
    remap, uniques = pd.factorize(every, use_na_sentinel=True)
    small = np.int8 if len(uniques) < 127 else np.int16 if len(uniques) < 32767 else np.int32
    remap = np.append(remap.astype(small), np.array(-1, dtype=small))  # the last slot: NA rows (index -1)
    codes = np.concatenate([remap[np.where(index >= 0, start + index, -1)] if index is not None
                            else np.full(n, remap[start], dtype=small) for (n, _, index), start in zip(parts, offsets)])
    if as_values:
        return pd.Series(list(uniques)).to_numpy()[codes] if len(uniques) else np.zeros(len(codes), dtype=object)
    return pd.Categorical.from_codes(codes, categories=pd.Index(list(uniques)))


def open_text(codebook, wide_all, files, problems: list) -> pd.DataFrame:
    """The non-empty open answers of every ``open_text`` question.

    They may name people; only ``analyze --include-open-text`` exports them, without
    respondent ids.

    Parameters
    ----------
    codebook, wide_all, files
        As in :func:`multi_response`.
    problems : list of dict
        Gets ``missing_column`` for a question whose column is not in the file.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`~.schema.OPEN_TEXT_COLUMNS`; answers stripped.

    Examples
    --------
    >>> from survey_inventory.codebook import load_codebook
    >>> open_text(load_codebook("codebooks/bartels-2025.yaml"), [], {}, []).empty
    True
    """
    parts = []
    for ot in codebook.open_text:
        for source, frame, who, mask in _sources_of(ot, codebook, wide_all):
            if ot.column not in frame.columns:
                problems.append(problem(MISSING_COLUMN, files[source.id], None, ot.column, None, ot.id,
                                        None, f"column {ot.column!r} of open question {ot.id!r} is not in the file"
                                        + did_you_mean(ot.column, frame.columns[1:])))
                continue
            text = frame[ot.column].astype("string").str.strip()
            keep = mask & (text.notna() & (text != "")).to_numpy(dtype=bool)
            parts.append(pd.DataFrame({
                "respondent_id": who["respondent_id"].to_numpy()[keep],
                "respondent_type": who["respondent_type"].to_numpy()[keep],
                "item": ot.id, "sector": ot.sector, "text": text.to_numpy(dtype=object)[keep],
            }, columns=OPEN_TEXT_COLUMNS))
    if not parts:
        return pd.DataFrame(columns=OPEN_TEXT_COLUMNS)
    return pd.concat(parts, ignore_index=True)
