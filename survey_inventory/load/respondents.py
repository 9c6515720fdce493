"""Who answered: respondent ids and types, and the checks on a source's records.

Each function reads one source's raw cells (:func:`~.sources.read_source`) and either
raises :class:`~.schema.LoadError` (the file cannot be used at all) or appends problem
rows (:func:`~.schema.problem`) to ``problems``.
"""
from __future__ import annotations

import difflib
from pathlib import Path

import numpy as np
import pandas as pd

from ..checks import (ANSWERED_NOT_ASKED, DUPLICATE_ID, LABEL_MISMATCH, LABEL_SPACING, MISSING_ID,
                      UNKNOWN_RESPONDENT_TYPE)
from ..codebook.base import labels_match
from .cells import blank, distinct, norm_key, numeric_codes
from .schema import LoadError, problem

__all__ = ["read_respondents", "duplicate_ids", "second_header_row", "label_mismatches",
           "answers_of_other_types", "did_you_mean"]


def read_respondents(codebook, source, frame, path, problems: list) -> pd.DataFrame:
    """One row per record of a source: ``respondent_id, respondent_type, source, file, row``.

    Parameters
    ----------
    codebook : survey_inventory.codebook.Codebook
    source : survey_inventory.codebook.Source
    frame : pandas.DataFrame
        The source's raw cells, with ``__row__``.
    path : path-like
        The source's file, for messages.
    problems : list of dict
        Gets a ``missing_id`` row per empty id and an ``unknown_respondent_type``
        row per type code the codebook does not map (their type is then NA).

    Returns
    -------
    pandas.DataFrame
        The columns above; ``respondent_type`` is NA where the type code is not mapped.

    Raises
    ------
    LoadError
        When the id column or the type column is missing (with a hint when the
        header looks separated by another delimiter).

    Examples
    --------
    >>> from survey_inventory.load.sources import read_source
    >>> from survey_inventory.datasets import load_example
    >>> cb, study, dist = load_example()
    >>> source = cb.sources[0]
    >>> frame, path, problems = read_source(cb, source), cb.source_path(source), []
    >>> who = read_respondents(cb, source, frame, path, problems)
    >>> who.columns.tolist(), problems
    (['respondent_id', 'respondent_type', 'source', 'file', 'row'], [])
    """
    if source.id_column not in frame.columns:
        used = frame.attrs.get("delimiter")
        for other in (";", ",", "\t", "|"):
            if used and other != used and any(source.id_column in [p.strip() for p in str(c).split(other)]
                                               for c in frame.columns[1:]):
                said = "the codebook says" if source.delimiter else "it was read as"
                raise LoadError(f"respondent-id column {source.id_column!r} not found: the header looks "
                                f"{other!r}-separated but {said} {used!r}; fix 'delimiter' in the codebook "
                                "or re-export the file", file=path, row=source.header_row)
        raise LoadError(f"respondent-id column {source.id_column!r} is missing", file=path,
                        column=source.id_column, expected=f"one of the header's columns ({', '.join(map(str, frame.columns[1:6]))}, ...)")
    ids = frame[source.id_column].astype("string").str.strip()
    rows = frame["__row__"].to_numpy()
    for r in rows[(ids.isna() | (ids == "")).to_numpy()]:
        problems.append(problem(MISSING_ID, path, int(r), source.id_column, None, None, None,
                                "respondent id is empty"))
    rt = source.respondent_type
    if isinstance(rt, str):
        types = pd.Series([rt] * len(frame), dtype="object")
    else:
        if rt.column not in frame.columns:
            raise LoadError(f"respondent-type column {rt.column!r} is missing", file=path, column=rt.column)
        mapping = {norm_key(k): v for k, v in rt.values.items()}
        raw = frame[rt.column]
        codes, cells = distinct(raw)  # a type column holds a handful of codes: each worked out once
        types = pd.Series(cells.map(lambda v: mapping.get(norm_key(v))).to_numpy(dtype=object)[codes],
                          index=raw.index, dtype=object)
        bad = types.isna().to_numpy()
        for r, v in zip(rows[bad], raw[bad]):
            problems.append(problem(UNKNOWN_RESPONDENT_TYPE, path, int(r), rt.column, None, None,
                                    None if blank(v) else str(v),
                                    f"respondent-type code is not one of {sorted(map(str, rt.values))}"))
    out = pd.DataFrame({"respondent_id": ids.astype("str"), "respondent_type": types.astype(object),
                        "source": source.id, "file": str(path), "row": rows})
    return out


def duplicate_ids(respondents: pd.DataFrame, problems: list) -> None:
    """A ``duplicate_id`` problem for every record after the first with the same id.

    Parameters
    ----------
    respondents : pandas.DataFrame
        All sources' respondents (:func:`read_respondents`).
    problems : list of dict

    Examples
    --------
    >>> who = pd.DataFrame({"respondent_id": ["p1", "p2", "p1"], "file": "data.csv", "row": [2, 3, 4]})
    >>> found = []
    >>> duplicate_ids(who, found)
    >>> found[0]["row"], found[0]["message"]
    (4, "respondent id 'p1' also in data.csv row 2")
    """
    ids = respondents["respondent_id"]
    dup = ids.notna() & (ids != "") & ids.duplicated(keep=False)
    if not dup.any():
        return
    for rid, grp in respondents[dup].groupby("respondent_id", sort=True):
        first = grp.iloc[0]
        for _, rec in grp.iloc[1:].iterrows():
            problems.append(problem(DUPLICATE_ID, rec["file"], int(rec["row"]), None, rid, None, rid,
                                    f"respondent id {rid!r} also in {Path(first['file']).name} row {int(first['row'])}"))


def did_you_mean(name, columns) -> str:
    """A hint naming the column closest to ``name``, or ``""``.

    Examples
    --------
    >>> did_you_mean("fam", ["id", "famm"])
    " (a column 'famm' is: a typo in the codebook or the file?)"
    """
    close = difflib.get_close_matches(str(name), [str(c) for c in columns], n=1, cutoff=0.6)
    return f" (a column {close[0]!r} is: a typo in the codebook or the file?)" if close else ""


def second_header_row(codebook, frame, path) -> None:
    """Refuse a file whose first data row is a second header row.

    Survey tools and hand-made Excel sheets export question texts under the variable
    names: text in every answer column of a numeric scale, where the rows below hold
    numbers.

    Parameters
    ----------
    codebook : survey_inventory.codebook.Codebook
    frame : pandas.DataFrame
        The source's raw cells, with ``__row__``.
    path : path-like

    Raises
    ------
    LoadError
        Naming the row, when it looks like a second header row.

    Examples
    --------
    Question texts under the names of two answer columns of the bundled codebook:

    >>> from survey_inventory.datasets import load_example
    >>> cb, study, dist = load_example()
    >>> texts = pd.DataFrame({"__row__": [2, 3], "bek_zorg": ["Bekendheid", "1"], "betr_zorg": ["Betrokkenheid", "2"]})
    >>> second_header_row(cb, texts, "data.csv")
    Traceback (most recent call last):
    ...
    survey_inventory.load.schema.LoadError: data.csv, row 2: this row looks like a second header row (text in every answer column, e.g. 'bek_zorg' = 'Bekendheid'); keep a single header row with the column names, or set header_row to that row
    >>> second_header_row(cb, texts.iloc[1:], "data.csv")     # numbers only: nothing to refuse
    """
    if frame.empty:
        return
    columns = list(dict.fromkeys(i.column for i in codebook.items if i.column in frame.columns
                                 and numeric_codes([c.code for c in codebook.scale(i.scale).codes])))
    if len(columns) < 2:
        return

    def is_text(v):
        key = norm_key(v)
        if key == "":
            return False
        try:
            float(key)
        except ValueError:
            return True
        return False

    first = [frame[c].iloc[0] for c in columns]
    if not all(is_text(v) for v in first):
        return
    rest = frame[columns].iloc[1:]
    if len(rest) and not any(not blank(v) and not is_text(v) for v in rest.to_numpy().ravel()):
        return
    raise LoadError(f"this row looks like a second header row (text in every answer column, e.g. "
                    f"{columns[0]!r} = {str(first[0])[:40]!r}); keep a single header row with the column names, "
                    "or set header_row to that row", file=path, row=int(frame["__row__"].iloc[0]))


def label_mismatches(codebook, frame, path, problems: list) -> None:
    """SPSS files carry value labels: a ``label_mismatch`` problem for any that disagrees.

    A label disagrees when it is neither the code's Dutch nor its English label
    (case and surrounding spaces ignored), or labels a code the scale lacks (and is
    not a missing-value code). A label that differs only in spaces (``Redelijk/deels``
    for ``Redelijk/ deels``; :func:`~survey_inventory.codebook.base.labels_match`) is
    a ``label_spacing`` warning instead.

    Parameters
    ----------
    codebook : survey_inventory.codebook.Codebook
    frame : pandas.DataFrame
        Raw cells; ``attrs["value_labels"]`` as :func:`~.read_sav.read_sav` sets it.
    path : path-like
    problems : list of dict

    Examples
    --------
    An SPSS label for code 1 of ``bek_zorg`` that is not the codebook's "Zeer goed":

    >>> from survey_inventory.datasets import load_example
    >>> cb, study, dist = load_example()
    >>> sav = pd.DataFrame({"bek_zorg": [1]})
    >>> sav.attrs["value_labels"] = {"bek_zorg": {1: "Iets anders"}}
    >>> found = []
    >>> label_mismatches(cb, sav, "data.sav", found)
    >>> [(p["check"], p["message"]) for p in found]
    [('label_mismatch', "SPSS value label of code 1 disagrees with the codebook's 'Zeer goed'")]
    """
    labels = frame.attrs.get("value_labels") or {}
    for item in codebook.items:
        file_labels = labels.get(item.column)
        if not file_labels:
            continue
        scale = codebook.scale(item.scale)
        ours = {norm_key(c.code): c.label for c in scale.codes}
        for code, text in file_labels.items():
            key = norm_key(code)
            if key in ours:
                expected = {(ours[key].nl or "").casefold().strip(), (ours[key].en or "").casefold().strip()}
                if str(text).casefold().strip() in expected:
                    continue
                if "spacing" in {labels_match(text, lab) for lab in (ours[key].nl, ours[key].en) if lab}:
                    problems.append(problem(LABEL_SPACING, path, None, item.column, None, item.id, str(text),
                                            f"SPSS value label of code {key} differs from the codebook's "
                                            f"{ours[key].text(codebook.study.language)!r} only in spacing"))
                else:
                    problems.append(problem(LABEL_MISMATCH, path, None, item.column, None, item.id, str(text),
                                            f"SPSS value label of code {key} disagrees with the codebook's "
                                            f"{ours[key].text(codebook.study.language)!r}"))
            elif key not in {norm_key(m) for m in scale.missing}:
                problems.append(problem(LABEL_MISMATCH, path, None, item.column, None, item.id, str(text),
                                        f"SPSS value label for code {key}, which the codebook's scale "
                                        f"{item.scale!r} does not have"))


def answers_of_other_types(codebook, respondents, raw_by_source, files, problems: list) -> None:
    """A warning (``answered_not_asked``) for each answer in a column nothing reads for its respondent's type.

    The items (and multi-response sets) using the column are for other respondent
    types only, so the answer is left out of every estimate.

    Parameters
    ----------
    codebook : survey_inventory.codebook.Codebook
    respondents : pandas.DataFrame
        All sources' respondents (:func:`read_respondents`).
    raw_by_source : dict
        Source id -> its raw cells.
    files : dict
        Source id -> its file.
    problems : list of dict

    Examples
    --------
    A province answering ``q1``, which only the AMRs are asked:

    >>> from survey_inventory.codebook import example_codebook
    >>> cb = example_codebook(items=[{"id": "fam", "column": "q1", "scale": "fam", "measure": "familiarity",
    ...                               "sector": "care", "respondent_types": ["amr"]}])
    >>> who = pd.DataFrame({"respondent_id": ["p1", "a1"], "respondent_type": ["province", "amr"],
    ...                     "source": "main", "row": [2, 3]})
    >>> found = []
    >>> answers_of_other_types(cb, who, {"main": pd.DataFrame({"q1": ["1", "2"]})}, {"main": "data.csv"}, found)
    >>> [(p["check"], p["row"], p["respondent_id"]) for p in found]
    [('answered_not_asked', 2, 'p1')]
    """
    every = {t.id for t in codebook.respondent_types}
    for source in codebook.sources:
        if source.id not in raw_by_source:
            continue
        frame = raw_by_source[source.id]
        readers: dict[str, list] = {}  # column -> [(types read, non-answers, what)]
        for item in codebook.items:
            scale = codebook.scale(item.scale)
            readers.setdefault(item.column, []).append(
                (set(item.respondent_types or every), {norm_key(m) for m in scale.missing}, f"item {item.id!r}"))
        for mr in codebook.multi_response:
            if mr.source is None or mr.source == source.id:
                cols = list(mr.columns.values()) if mr.format == "binary" else [mr.column]
                for col in cols:
                    readers.setdefault(col, []).append(
                        (set(mr.respondent_types or every), {"0"} if mr.format == "binary" else set(),
                         f"multi-response set {mr.id!r}"))
        who = respondents[respondents["source"] == source.id].reset_index(drop=True)
        for column, uses in readers.items():
            read_for = set().union(*(types for types, _, _ in uses))
            if read_for >= every or column not in frame.columns:
                continue
            skip = set.intersection(*(non for _, non, _ in uses))
            stray = (~who["respondent_type"].isin(read_for) & who["respondent_type"].notna()).to_numpy()
            text = frame[column].reset_index(drop=True).astype("string").str.strip()
            stray = stray & (text.notna() & (text != "")).to_numpy(dtype=bool)
            for k in np.flatnonzero(stray):
                key = norm_key(frame[column].iat[k])
                if key == "" or key in skip:
                    continue
                problems.append(problem(
                    ANSWERED_NOT_ASKED, files[source.id], int(who["row"].iat[k]), column,
                    who["respondent_id"].iat[k], None, str(frame[column].iat[k]).strip(),
                    f"answer from a respondent type that {uses[0][2]} is not for "
                    f"({', '.join(sorted(read_for))} only); left out of the estimates"))
