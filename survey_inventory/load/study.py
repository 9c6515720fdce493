"""A loaded study: :class:`Study`, and :func:`load_study` that reads every source into one.

The order of work: each source is read (:mod:`.sources`) and its respondents checked
(:mod:`.respondents`); then, per source and item, the answers are cleaned and routed
into pieces (:mod:`.tidy`) and the tidy table is built once; multi-response sets and
open questions are read last (:mod:`.extras`).
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..checks import MISSING_COLUMN
from ..codebook import Codebook
from .cells import clean, distinct, numeric_codes
from .extras import multi_response, open_text
from .memory import free_memory, use_system_allocator
from .respondents import (answers_of_other_types, did_you_mean, duplicate_ids, label_mismatches, read_respondents,
                          second_header_row)
from .schema import OPEN_TEXT_COLUMNS, PROBLEM_COLUMNS, problem
from .sources import read_source
from .tidy import assemble, item_rows

__all__ = ["Study", "load_study", "study_from_frames", "load_responses"]


@dataclass(repr=False)
class Study:
    """A study's answers as loaded from its sources.

    Attributes
    ----------
    codebook : survey_inventory.codebook.Codebook
        The codebook the study was loaded with.
    responses : pandas.DataFrame
        The tidy table: one row per (respondent, item), columns
        :data:`~survey_inventory.load.schema.TIDY_COLUMNS` (see :func:`load_study`).
    respondents : pandas.DataFrame
        One row per record: ``respondent_id, respondent_type, source, file, row``
        (``source`` and ``file`` categoricals of text: a path once, not once per record).
    multi_response : pandas.DataFrame
        Coded mentions: one row per (respondent, set, code) with ``mentioned``.
    problems : pandas.DataFrame
        The **load-time** problems only: what the loader could not place (duplicate or
        empty ids, unknown respondent types, missing columns, SPSS label mismatches,
        answers from a respondent type a column is not read for), in the shape of
        :data:`~survey_inventory.load.schema.PROBLEM_COLUMNS`. The full report, with a
        row per invalid, unrouted or missing answer as well, is
        :func:`survey_inventory.validate.validate` ``(study)``; it includes these rows.
    files : dict
        Source id -> the file read.
    open_text : pandas.DataFrame
        Open answers (free text), columns
        :data:`~survey_inventory.load.schema.OPEN_TEXT_COLUMNS`.

    Examples
    --------
    >>> from survey_inventory.codebook import load_codebook
    >>> study = load_study(load_codebook("codebooks/bartels-2025.yaml"))
    >>> study
    <Study 'bartels-2025': 45 respondents, 360 responses (310 valid), 0 load problems; validate(study) for the full report>
    """
    codebook: Codebook
    responses: pd.DataFrame
    respondents: pd.DataFrame
    multi_response: pd.DataFrame
    problems: pd.DataFrame
    files: dict = field(default_factory=dict)  # source id -> Path
    open_text: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=OPEN_TEXT_COLUMNS))

    def __repr__(self) -> str:
        valid = int((self.responses["status"] == "valid").sum()) if "status" in self.responses else 0
        return (f"<Study {self.codebook.study.id!r}: {len(self.respondents)} respondents, "
                f"{len(self.responses)} responses ({valid} valid), {len(self.problems)} load problems; "
                "validate(study) for the full report>")


def load_study(codebook: Codebook) -> Study:
    """Read every source of a codebook into a :class:`Study`.

    The codebook says which files hold which respondents; they are read as CSV (``,``,
    ``;``, tab or ``|``; UTF-8 with or without byte-order mark, UTF-16 or cp1252), XLSX,
    SPSS ``.sav`` or Parquet (with pyarrow installed). Files are opened read-only;
    nothing is ever written back.

    Parameters
    ----------
    codebook : survey_inventory.codebook.Codebook
        From :func:`survey_inventory.codebook.load_codebook`.

    Returns
    -------
    Study
        ``responses`` is the tidy table, one row per (respondent, item) asked of the
        respondent's type: ``respondent_id, respondent_type, source, file, row, column,
        sector, item, measure, code, raw, status, label, category, category_label``.
        ``status`` is ``valid`` (a code of the scale), ``missing`` (asked but no valid
        answer: empty or a missing-value code), ``not_asked`` (routed past the
        question), ``answered_not_asked`` (an answer where the routing says the
        question was not asked) or ``invalid`` (a value that is not in the scale).
        ``row`` is the spreadsheet row (header = 1). ``problems`` holds the load-time
        problems; :func:`survey_inventory.validate.validate` gives the full report.

    Raises
    ------
    LoadError
        Naming the file (and row or column) for a source that cannot be read at all:
        a missing file, undecodable text, no data rows, a missing id column, a
        second header row.

    Examples
    --------
    >>> from survey_inventory.codebook import load_codebook
    >>> study = load_study(load_codebook("codebooks/bartels-2025.yaml"))
    >>> study.respondents.groupby("respondent_type").size().to_dict()
    {'amr': 27, 'fund': 9, 'province': 9}
    >>> study.responses["status"].value_counts().to_dict()
    {'valid': 310, 'not_asked': 46, 'missing': 4}
    """
    use_system_allocator()  # text columns (pyarrow) freed back to where NumPy's arrays reuse them
    frames, files = {}, {}
    for source in codebook.sources:
        frames[source.id] = read_source(codebook, source)
        files[source.id] = codebook.source_path(source)
    return study_from_frames(codebook, frames, files)


def study_from_frames(codebook: Codebook, frames: dict, files: dict) -> Study:
    """A :class:`Study` from sources already read: what :func:`load_study` does after reading.

    :mod:`.stream` calls it once per batch of records, with one source's batch.

    Parameters
    ----------
    codebook : survey_inventory.codebook.Codebook
    frames : dict
        Source id -> its raw cells as :func:`~.sources.read_source` returns them (with
        ``__row__``); sources of the codebook that are not in it are left out. The
        frames are taken out of the dict as they are used, so that each source's cells
        are freed as soon as they have been read into the tidy table.
    files : dict
        Source id -> the file read (for messages and ``Study.files``).

    Returns
    -------
    Study

    Examples
    --------
    One source of the bundled study on its own:

    >>> import survey_inventory.datasets as datasets
    >>> cb = datasets.load_example().codebook
    >>> source = cb.sources[1]
    >>> part = study_from_frames(cb, {source.id: read_source(cb, source)}, {source.id: cb.source_path(source)})
    >>> len(part.respondents), part.responses.shape[1]
    (9, 15)
    """
    problems: list[dict] = []
    respondent_frames, raw_by_source = [], {}
    sources = [source for source in codebook.sources if source.id in frames]
    for source in sources:
        frame = frames.pop(source.id)
        path = files[source.id]
        raw_by_source[source.id] = frame
        second_header_row(codebook, frame, path)
        label_mismatches(codebook, frame, path, problems)
        respondent_frames.append(read_respondents(codebook, source, frame, path, problems))
    del frame
    respondents = pd.concat(respondent_frames, ignore_index=True)
    del respondent_frames
    # a file's path once, not once per record (at 10^6 records 85 MB of repeated text)
    respondents = respondents.astype({"source": "category", "file": "category"})
    duplicate_ids(respondents, problems)
    answers_of_other_types(codebook, respondents, raw_by_source, files, problems)

    wide_all = []
    extra_columns = _extra_columns(codebook)
    routing_names = {name for item in codebook.items if item.asked_if for name in codebook.routing(item).names}
    for source in sources:
        frame = raw_by_source.pop(source.id)
        who = respondents[respondents["source"] == source.id]
        keep = who["respondent_type"].notna().to_numpy()
        if not (keep.all() and isinstance(frame.index, pd.RangeIndex) and frame.index.start == 0
                and frame.index.step == 1):
            frame = frame.loc[keep].reset_index(drop=True)
        who = who.loc[keep].reset_index(drop=True)
        # the respondent types as a categorical: routing compares them, and each item asks which rows are of its types
        types = pd.Categorical(who["respondent_type"])
        wide = {"respondent_id": who["respondent_id"], "respondent_type": pd.Series(types, index=who.index)}
        present_types = {str(t) for t in types.categories}
        cells, done = {}, set()
        columns = frame.columns  # as read: a column is dropped once coded, messages name the file's columns
        uses = Counter(item.column for item in codebook.items)
        for item in codebook.items:
            uses[item.column] -= 1
            asked_types = set(item.respondent_types or [t.id for t in codebook.respondent_types])
            if not present_types & asked_types:
                continue
            if item.column not in columns:
                problems.append(problem(MISSING_COLUMN, files[source.id], None, item.column, None,
                                        item.id, None, f"column {item.column!r} of item {item.id!r} is not in the file"
                                        + did_you_mean(item.column, columns[1:])))
                continue
            scale = codebook.scale(item.scale)
            numeric = numeric_codes([c.code for c in scale.codes])  # per scale: a j/n scale leaves 1..5 numbers
            codes, distinct_cells = distinct(frame[item.column])
            item_cells = (codes.astype(_small_int(len(distinct_cells))), distinct_cells)  # 8-bit, not 64
            in_type = np.append(types.categories.isin(asked_types), False)[types.codes]  # per type, not per row
            cells[item.id] = (in_type, item_cells, numeric)
            if item.id in routing_names:  # the answers routing reads, as numbers or text (a row each)
                values, empty = clean(frame[item.column], numeric, item_cells)
                missing_codes = pd.Series(values).isin(list(scale.missing)).to_numpy()
                wide[item.id] = values.where(~(missing_codes | empty))
                del values, empty, missing_codes
            done.add(item.column)
            if not uses[item.column] and item.column not in extra_columns:
                frame = frame.drop(columns=item.column)  # its cells are coded in `cells` now: free the text
        # only the columns of multi-response sets and open questions stay
        frame = frame.drop(columns=sorted((done - extra_columns) & set(frame.columns)))
        wide_all.append((source, frame, who, pd.DataFrame(wide, index=who.index, copy=False), cells))
        del wide, cells, frame, who

    # routing is evaluated per source: a respondent's answers are all in one file
    pieces = []
    for source, frame, who, wide, cells in wide_all:
        for item in codebook.items:
            if item.id not in cells:
                continue
            in_type, item_cells, numeric = cells[item.id]
            rule = codebook.routing(item)
            if rule is not None:
                missing_names = [n for n in rule.names if n not in wide.columns]
                if missing_names:
                    asked = np.zeros(len(wide), dtype=bool)
                else:
                    asked = rule.evaluate(wide)
            else:
                asked = np.ones(len(wide), dtype=bool)
            pieces.append(item_rows(codebook, item, source, files[source.id], who, frame, asked, in_type, numeric,
                                    item_cells))
            del cells[item.id]  # this item's cell codes are in its piece now
    wide_all = [(source, frame, who, None, None) for source, frame, who, _, _ in wide_all]  # routing done
    source = frame = who = wide = cells = asked = None  # the loops' last source: nothing row-long stays bound
    free_memory()
    responses = assemble(pieces, codebook)
    del pieces
    free_memory()
    multi = multi_response(codebook, wide_all, files, problems)
    texts = open_text(codebook, wide_all, files, problems)
    del wide_all
    free_memory()
    return Study(codebook=codebook, responses=responses, respondents=respondents,
                 multi_response=multi, problems=pd.DataFrame(problems, columns=PROBLEM_COLUMNS), files=files,
                 open_text=texts)


def _small_int(n: int):
    """The smallest integer dtype that holds 0..n."""
    return np.int8 if n < 127 else np.int16 if n < 32767 else np.int32 if n < 2**31 - 1 else np.int64


def _extra_columns(codebook) -> set:
    """The columns multi-response sets and open questions read (beside the items)."""
    names = set()
    for spec in codebook.multi_response:
        names |= set((spec.columns or {}).values()) | ({spec.column} if spec.column else set())
    names |= {spec.column for spec in codebook.open_text}
    return names


def load_responses(codebook: Codebook) -> pd.DataFrame:
    """The tidy long table of a study: ``load_study(codebook).responses``.

    Parameters
    ----------
    codebook : survey_inventory.codebook.Codebook

    Returns
    -------
    pandas.DataFrame
        One row per (respondent, item); columns and statuses as in :func:`load_study`.

    Raises
    ------
    LoadError
        As :func:`load_study`.

    Examples
    --------
    >>> from survey_inventory.codebook import load_codebook
    >>> tidy = load_responses(load_codebook("codebooks/bartels-2025.yaml"))
    >>> tidy.shape
    (360, 15)
    """
    return load_study(codebook).responses
