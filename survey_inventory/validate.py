"""Validate: everything in the data that does not fit the codebook.

:func:`validate` takes a loaded :class:`~survey_inventory.load.Study` and returns
one row per problem, each naming file, row and column. It holds the study's
load-time problems (``study.problems``: missing columns, duplicate or empty ids,
unknown respondent types, SPSS label mismatches, answers from a respondent type a
column is not read for) and adds a row per invalid, unrouted or missing answer and
per respondent without any valid answer. The checks, their severities and
meanings are registered in :mod:`survey_inventory.checks`:

========================  ========  ==============================================
check                     severity  what it means
========================  ========  ==============================================
missing_column            error     an item's column is not in a source file
duplicate_id              error     a respondent id appears twice
missing_id                error     a record without respondent id
unknown_respondent_type   error     a type code the codebook does not map
invalid_code              error     a value that is not a code of the item's scale
not_a_number              error     text in a column of a numeric scale
label_mismatch            error     an SPSS value label that disagrees with the codebook
answered_not_asked        warning   an answer where the routing says the question
                                    was not asked (left out of every estimate)
item_nonresponse          warning   no answer where the routing says it was asked
empty_respondent          warning   a respondent without a single valid answer: in
                                    the response table, dropped from every percentage
========================  ========  ==============================================

Every dropped answer (``answered_not_asked``) and dropped respondent
(``empty_respondent``) is a warning of its own; ``analyze`` counts them in the
manifest (``counts.dropped_answers``, ``counts.dropped_respondents``).

>>> from survey_inventory.datasets import load_example
>>> cb, study, dist = load_example()
>>> report = validate(study)
>>> has_errors(report), report["check"].value_counts().to_dict()
(False, {'item_nonresponse': 4})

A study with a million respondents can have a million unanswered questions: with
``limit``, :func:`validate` keeps at most that many rows per check and column (the
first in file order), and :func:`problem_counts` counts every problem per check and
column without making a row for each, so neither grows with the number of problems.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from .checks import (ANSWERED_NOT_ASKED, EMPTY_RESPONDENT, ERROR, INVALID_CODE, ITEM_NONRESPONSE, NOT_A_NUMBER,
                     severity)
from .errors import as_written, row_word, shorten
from .load import PROBLEM_COLUMNS, Study
from .load.tidy import column_codes

__all__ = ["validate", "problem_counts", "has_errors", "format_problem", "COUNT_COLUMNS", "VALIDATE_COLUMNS"]

#: The tidy table's columns :func:`validate` reads (``analyze`` keeps only these and the estimates' before it
#: validates: at 10^6 respondents x 40 items the others are some 240 MB where its memory peaks).
VALIDATE_COLUMNS = ["respondent_id", "file", "column", "row", "item", "status", "code", "raw"]

#: Columns of :func:`problem_counts`.
COUNT_COLUMNS = ["severity", "check", "file", "column", "count"]

_FLAGGED = ["invalid", "answered_not_asked", "missing"]
_CHUNK = 1 << 22  # rows per chunk where the whole table would otherwise be copied


def validate(study: Study, limit: int | None = None) -> pd.DataFrame:
    """All problems of a loaded study, errors first, then by file and row.

    Parameters
    ----------
    study : survey_inventory.load.Study
        From :func:`survey_inventory.load.load_study`.
    limit : int, optional
        Keep at most this many answer problems (invalid, unrouted or missing answers)
        per check and column, the first in the tidy table's order, and as many
        respondents without an answer; the load-time problems are kept as they are.
        None (the default) keeps every row; :func:`problem_counts` counts them all
        either way.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`~survey_inventory.load.schema.PROBLEM_COLUMNS`: the study's
        load-time problems plus one row per invalid code, text in a numeric column,
        answer where the routing says not asked, missing answer where asked, and
        respondent without a valid answer. Files in the codebook's source order.

    Examples
    --------
    >>> from survey_inventory.datasets import load_example
    >>> cb, study, dist = load_example()
    >>> report = validate(study)
    >>> report[["severity", "check", "row", "column"]].head(2).values.tolist()
    [['warning', 'item_nonresponse', 22, 'bek_ict'], ['warning', 'item_nonresponse', 24, 'bek_ict']]
    """
    tidy = study.responses
    rows = [study.problems]
    flagged = _flagged_rows(tidy, limit)
    if len(flagged):
        rows.append(_answer_problems(study, flagged))
    del flagged
    empty = _empty_respondents(study)
    rows.append(empty if limit is None else empty.head(limit))
    del empty
    rows = [r for r in rows if not r.empty]
    if len(rows) > 1:  # text as pandas' str in every part: concat would make object columns, a Python string a cell
        rows = [_as_text(r) for r in rows]
    report = (pd.DataFrame(columns=PROBLEM_COLUMNS) if not rows else rows[0].reset_index(drop=True)
              if len(rows) == 1 else pd.concat(rows, ignore_index=True))  # one part: not copied
    del rows
    report["row"] = pd.to_numeric(report["row"], errors="coerce").astype("Int64")
    order = report["severity"].map({"error": 0, "warning": 1})
    # files in the codebook's source order, not by path: where the files live must not change the report
    file_rank = {str(path): k for k, path in enumerate(study.files.values())}
    codes, files = pd.factorize(report["file"])  # per distinct file, not a Python string per row
    ranked = np.array([file_rank.get(str(f), len(file_rank)) for f in files] + [len(file_rank)])[codes]
    del codes
    keys = pd.DataFrame({"_o": order, "_f": ranked, "file": report["file"], "row": report["row"],
                         "column": report["column"]}, copy=False)
    del order, ranked
    at = keys.sort_values(["_o", "_f", "file", "row", "column"], kind="stable", na_position="first").index
    del keys
    # the sorted report a column at a time, each unsorted column dropped once taken (at 10^6 respondents a
    # million rows: one copy of a column at a time, not of the whole report)
    return pd.DataFrame({name: report.pop(name).take(at).reset_index(drop=True) for name in PROBLEM_COLUMNS},
                        copy=False)


def _answer_problems(study: Study, where: np.ndarray) -> pd.DataFrame:
    """The report's rows for the tidy table's rows at ``where`` (invalid, unrouted or missing answers),
    their text columns taken from the categorical columns' few values (no Python string per row)."""
    tidy = study.responses
    index = pd.Index(where)
    status = _text(tidy["status"], where)
    raw = tidy["raw"].iloc[where].set_axis(index)
    checks = {"invalid": INVALID_CODE, "answered_not_asked": ANSWERED_NOT_ASKED, "missing": ITEM_NONRESPONSE}
    names = [INVALID_CODE, ANSWERED_NOT_ASKED, ITEM_NONRESPONSE, NOT_A_NUMBER]
    which = np.select([status == name for name in checks], range(len(checks)), default=-1).astype(np.int8)
    del status
    text_in_numeric = (which == 0) & raw.notna().to_numpy() & tidy["code"].iloc[where].isna().to_numpy()
    which[text_in_numeric] = names.index(NOT_A_NUMBER)
    check = pd.Series(pd.Index(names, dtype="str").array.take(which, allow_fill=True), index=index)
    severities = pd.Series(pd.Index([severity(c) for c in names], dtype="str").array.take(which, allow_fill=True),
                           index=index)
    item = _text(tidy["item"], where).set_axis(index)
    scale_codes = {i.id: ", ".join(_fmt(c.code) for c in study.codebook.scale(i.scale).codes)
                   for i in study.codebook.items}
    message = pd.Series(index=index, dtype=object)
    invalid = which == names.index(INVALID_CODE)
    message[invalid] = "value is not a code of the scale (expected one of " + item[invalid].map(scale_codes) + ")"
    message[check == NOT_A_NUMBER] = "text in a numeric column (expected a code of the scale)"
    message[check == ANSWERED_NOT_ASKED] = ("answer where the routing says the question was not asked; "
                                            "left out of the estimates")
    message[check == ITEM_NONRESPONSE] = "no answer although the routing says the question was asked"
    return pd.DataFrame({
        "severity": severities, "check": check, "file": _text(tidy["file"], where).set_axis(index),
        "row": tidy["row"].iloc[where].set_axis(index), "column": _text(tidy["column"], where).set_axis(index),
        "respondent_id": tidy["respondent_id"].iloc[where].set_axis(index), "item": item,
        "value": raw.where(check != ITEM_NONRESPONSE), "message": message,
    }, copy=False)


def _text(column: pd.Series, where: np.ndarray) -> pd.Series:
    """``column.iloc[where].astype(str)``; for a categorical column by taking its values as text at the
    rows' codes (pyarrow's take: not a Python string per row, as ``astype(str)`` makes)."""
    if not isinstance(column.dtype, pd.CategoricalDtype):
        return column.iloc[where].astype(str).reset_index(drop=True)
    codes, values = column_codes(column)
    return pd.Series(pd.Index(values).astype("str").array.take(codes[where], allow_fill=True))


def _rows_with_status(tidy: pd.DataFrame, statuses) -> np.ndarray:
    """Positions of the rows whose status is one of ``statuses``, a chunk of the table at a time
    (no table-long array of flags)."""
    found = [np.flatnonzero(_status_in(tidy.iloc[start:start + _CHUNK], statuses)) + start
             for start in range(0, len(tidy), _CHUNK)]
    return np.concatenate(found) if found else np.zeros(0, dtype=np.int64)


def _status_in(tidy: pd.DataFrame, statuses) -> np.ndarray:
    """Per row of the tidy table, whether its status is one of ``statuses`` (on the
    categorical's 8-bit codes: no table-long array of 64-bit codes or strings)."""
    status = tidy["status"]
    if not isinstance(status.dtype, pd.CategoricalDtype):
        return status.isin(statuses).to_numpy(dtype=bool)
    codes, names = column_codes(status)  # the column's own codes, not a copy
    wanted = [k for k, name in enumerate(names) if name in statuses]
    hit = np.zeros(len(codes), dtype=bool)
    for k in wanted:
        hit |= codes == k
    return hit


def _answered(tidy: pd.DataFrame, ids: pd.Series) -> np.ndarray:
    """Per id of ``ids``, whether the tidy table holds a valid answer of that respondent (counted on
    the id's codes in chunks where the column is categorical, and the ids looked up among its
    categories: no copy of 40 million ids, no second table of a million ids)."""
    column = tidy["respondent_id"]
    if not isinstance(column.dtype, pd.CategoricalDtype):
        return ids.isin(tidy.loc[_status_in(tidy, ["valid"]), "respondent_id"].unique()).to_numpy(dtype=bool)
    codes, categories = column_codes(column)
    seen = np.zeros(len(categories) + 1, dtype=bool)  # the extra last slot: NA ids (-1), and ids not found
    for start in range(0, len(codes), _CHUNK):
        part = slice(start, start + _CHUNK)
        seen[codes[part][_status_in(tidy.iloc[part], ["valid"])]] = True
    seen[-1] = False
    return seen[categories.get_indexer(ids)]


def _as_text(part: pd.DataFrame) -> pd.DataFrame:
    """The text columns of a part of the report (all but ``row``) as pandas' ``str``
    (at 10^6 respondents a million rows: 16 bytes a cell instead of a Python object)."""
    text = [c for c in part.columns if c != "row"]
    return part.astype({c: "str" for c in text})


def _flagged_rows(tidy: pd.DataFrame, limit: int | None) -> np.ndarray:
    """Positions of the rows with an answer problem; with ``limit``, the first ``limit``
    of each (status, column)."""
    where = _rows_with_status(tidy, _FLAGGED)
    if limit is None or len(where) <= limit:
        return where
    status = pd.factorize(_at(tidy["status"], where))[0].astype(np.int64)
    column = pd.factorize(_at(tidy["column"], where))[0].astype(np.int64)
    group = status * (column.max() + 2) + column
    order = np.argsort(group, kind="stable")
    starts = np.r_[0, np.flatnonzero(np.diff(group[order])) + 1]
    rank = np.arange(len(order)) - np.repeat(starts, np.diff(np.r_[starts, len(order)]))
    return np.sort(where[order[rank < limit]])


def _at(column: pd.Series, where: np.ndarray) -> np.ndarray:
    """``column``'s values at the positions ``where`` (rows first, then values: a categorical
    column is not turned into one Python object per row of the whole table)."""
    return column.iloc[where].to_numpy()


def problem_counts(study: Study) -> pd.DataFrame:
    """Every problem of a loaded study counted per check, file and column.

    The same problems as :func:`validate` without a row for each: its memory does not
    grow with the number of problems. Counts of disjoint parts of a study (the
    batches of :class:`survey_inventory.load.stream.StudyStream`) add up.

    Parameters
    ----------
    study : survey_inventory.load.Study

    Returns
    -------
    pandas.DataFrame
        :data:`COUNT_COLUMNS`, errors first; ``file`` and ``column`` empty for
        problems not of one file or column.

    Examples
    --------
    >>> from survey_inventory.datasets import load_example
    >>> cb, study, dist = load_example()
    >>> counts = problem_counts(study)
    >>> counts[["check", "column", "count"]].values.tolist()
    [['item_nonresponse', 'bek_ict', 2], ['item_nonresponse', 'bek_techniek', 1], ['item_nonresponse', 'bek_ict', 1]]
    """
    tidy = study.responses
    where = _rows_with_status(tidy, _FLAGGED)
    parts = []
    if len(where):
        f = pd.DataFrame({"status": _at(tidy["status"], where).astype(str),
                          "file": _at(tidy["file"], where).astype(str),
                          "column": _at(tidy["column"], where).astype(str),
                          "text": pd.notna(_at(tidy["raw"], where)) & pd.isna(_at(tidy["code"], where))})
        check = f["status"].map({"invalid": INVALID_CODE, "answered_not_asked": ANSWERED_NOT_ASKED,
                                 "missing": ITEM_NONRESPONSE})
        f["check"] = check.where(~(f["text"] & (f["status"] == "invalid")), NOT_A_NUMBER)
        parts.append(f.groupby(["check", "file", "column"], sort=False).size().rename("count").reset_index())
    load = study.problems
    if not load.empty:
        load = load.assign(file=load["file"].astype(object), column=load["column"].astype(object))
        parts.append(load.groupby(["check", "file", "column"], sort=False, dropna=False).size().rename("count")
                     .reset_index())
    empty = _empty_respondents(study)
    if not empty.empty:
        parts.append(empty.assign(column=None).groupby(["check", "file", "column"], sort=False, dropna=False)
                     .size().rename("count").reset_index())
    if not parts:
        return pd.DataFrame(columns=COUNT_COLUMNS)
    counts = pd.concat(parts, ignore_index=True)
    counts["severity"] = counts["check"].map(severity)
    counts["count"] = counts["count"].astype(np.int64)
    counts = counts.assign(_o=counts["severity"].map({"error": 0, "warning": 1}))
    counts = counts.sort_values(["_o", "check", "file", "column"], kind="stable", na_position="first")
    return counts.reset_index(drop=True)[COUNT_COLUMNS]


def _empty_respondents(study: Study) -> pd.DataFrame:
    """One warning per respondent (of a known type, with an id) without any valid answer."""
    who = study.respondents
    who = who[who["respondent_type"].notna() & who["respondent_id"].notna() & (who["respondent_id"] != "")]
    empty = who[~_answered(study.responses, who["respondent_id"])]
    if empty.empty:
        return pd.DataFrame(columns=PROBLEM_COLUMNS)
    return pd.DataFrame({
        "severity": severity(EMPTY_RESPONDENT), "check": EMPTY_RESPONDENT, "file": empty["file"].astype(str),
        "row": empty["row"], "column": None, "respondent_id": empty["respondent_id"], "item": None, "value": None,
        "message": "respondent without a single valid answer: counted in the response table, "
                   "dropped from every percentage",
    })


def has_errors(report: pd.DataFrame) -> bool:
    """Whether a problem table holds an error (not only warnings).

    Parameters
    ----------
    report : pandas.DataFrame
        From :func:`validate` (or ``Study.problems``).

    Returns
    -------
    bool

    Examples
    --------
    >>> has_errors(pd.DataFrame({"severity": ["warning", "error"]}))
    True
    """
    return bool((report["severity"] == ERROR).any())


def format_problem(p, severity: bool = True) -> str:
    """One problem as one line: ``error: file, row R, column 'C': message (got 'V')``.

    Parameters
    ----------
    p : mapping or pandas.Series
        A row of a problem table.
    severity : bool, default True
        Start with the severity.

    Returns
    -------
    str

    Examples
    --------
    >>> p = {"severity": "error", "file": "/data/data.csv", "row": 3, "column": "fam",
    ...      "message": "value is not a code of the scale", "value": "7"}
    >>> format_problem(p)
    "error: data.csv, row 3, column 'fam': value is not a code of the scale (got '7')"
    """
    from pathlib import Path

    parts = [Path(str(p["file"])).name] if pd.notna(p["file"]) else []
    if pd.notna(p["row"]):
        parts.append(f"{row_word(p['file'])} {int(p['row'])}")  # an SPSS case, a spreadsheet or CSV row
    if pd.notna(p["column"]) and p["column"]:
        parts.append(f"column {shorten(p['column'])!r}")
    text = f"{', '.join(parts)}: {p['message']}"
    if pd.notna(p["value"]) and p["value"] not in ("", None):
        text += f" (got {shorten(as_written(p['value']))!r})"  # as in the file; a 4 MB cell is not echoed whole
    return f"{p['severity']}: {text}" if severity else text


def _fmt(code) -> str:
    return str(int(code)) if isinstance(code, float) and code.is_integer() else str(code)
