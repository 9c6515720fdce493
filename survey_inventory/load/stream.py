"""Streaming a study that does not fit in memory: one batch of records at a time.

:class:`StudyStream` reads each Parquet source (a file or a folder of files) as
batches of records with pyarrow's dataset reader (:func:`.read_parquet.read_parquet_batches`)
and turns each batch into a partial :class:`~.study.Study` with the same loader as
:func:`~.study.load_study` (:func:`~.study.study_from_frames`); sources in other
formats are read whole, as one part. Only one batch is in memory at a time, so memory
is bounded by ``batch_rows``, not by the size of the study.

Everything the loader decides for a record depends on that record alone (its cells,
its routing, its type), except whether its id is used by another record: within a
batch the partial study reports duplicates as :func:`~.study.load_study` does, and
duplicates across batches are counted from 64-bit hashes of the ids
(:attr:`StudyStream.problems`, filled when the stream has been read to the end).

>>> from survey_inventory.codebook import load_codebook
>>> stream = StudyStream(load_codebook("codebooks/bartels-2025.yaml"))
>>> [len(part.respondents) for part in stream]
[36, 9]
>>> stream.problems.empty
True
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..checks import DUPLICATE_ID, severity
from .read_parquet import read_parquet_batches
from .schema import LoadError
from .sources import check_header, read_source
from .study import study_from_frames

__all__ = ["StudyStream", "COUNT_COLUMNS"]

#: Columns of a table of problem counts (:attr:`StudyStream.problems`, and
#: :func:`survey_inventory.validate.problem_counts`).
COUNT_COLUMNS = ["severity", "check", "file", "column", "count"]


class StudyStream:
    """The parts of a study, one batch of records at a time (iterate over it).

    Parameters
    ----------
    codebook : survey_inventory.codebook.Codebook
    batch_rows : int, default 100000
        Records per batch of a Parquet source (some 40 MB of answers per 1,000
        items' worth of 100,000 records; the tidy rows of one batch are
        ``batch_rows`` times the items).

    Attributes
    ----------
    files : dict
        Source id -> the file or folder read.
    records : int
        Records read so far.
    problems : pandas.DataFrame
        After the stream is read to the end: problems only visible across batches
        (ids used in more than one batch), as counts (:data:`COUNT_COLUMNS`).

    Examples
    --------
    >>> from survey_inventory.codebook import load_codebook
    >>> stream = StudyStream(load_codebook("codebooks/bartels-2025.yaml"))
    >>> sum(len(part.responses) for part in stream), stream.records
    (360, 45)
    """

    def __init__(self, codebook, batch_rows: int = 100_000):
        if int(batch_rows) < 1:
            raise ValueError("batch_rows must be at least 1")
        self.codebook = codebook
        self.batch_rows = int(batch_rows)
        self.files = {source.id: codebook.source_path(source) for source in codebook.sources}
        self.records = 0
        self.problems = pd.DataFrame(columns=COUNT_COLUMNS)

    def __iter__(self):
        hashes = []
        self.records = 0
        for source in self.codebook.sources:
            for holder in self._frames(source):
                # nothing here keeps a batch's cells or the previous part alive while the next is built:
                # the loader frees each column as it is coded, and the caller drops the part it is done with
                frames = {source.id: holder.pop()}
                self.records += len(frames[source.id])
                part = study_from_frames(self.codebook, frames, {source.id: self.files[source.id]})
                ids = part.respondents["respondent_id"]
                ids = ids[ids.notna() & (ids != "")].to_numpy(dtype=object)
                unique = np.unique(pd.util.hash_array(ids.astype(str))) if len(ids) else np.zeros(0, np.uint64)
                hashes.append(unique)
                yield part
                del part
        self.problems = _across_batches(hashes)

    def _frames(self, source):
        """The source's raw cells as :func:`~.sources.read_source` gives them, in batches, each
        in a one-element list that the caller empties (so this generator holds no batch)."""
        if source.resolved_format != "parquet":
            yield [read_source(self.codebook, source)]
            return
        path = self.files[source.id]
        if not path.exists():
            raise LoadError("file not found", file=path)
        first = source.header_row + 1
        start = 0
        for frame in read_parquet_batches(path, self.batch_rows):
            if start == 0:
                check_header(frame, path)
            frame.insert(0, "__row__", np.arange(first + start, first + start + len(frame)))
            start += len(frame)
            holder = [frame]
            del frame
            yield holder
        if start == 0:
            raise LoadError("no data rows (the file is empty or has only a header)", file=path)


def _across_batches(hashes: list) -> pd.DataFrame:
    """Count of records whose id an earlier batch used (``hashes``: each batch's
    distinct id hashes; duplicates inside a batch the batch reported itself)."""
    every = np.concatenate(hashes) if hashes else np.zeros(0, np.uint64)
    n_distinct = len(np.unique(every))
    across = len(every) - n_distinct
    if not across:
        return pd.DataFrame(columns=COUNT_COLUMNS)
    return pd.DataFrame([{"severity": severity(DUPLICATE_ID), "check": DUPLICATE_ID, "file": None,
                          "column": None, "count": int(across)}], columns=COUNT_COLUMNS)

