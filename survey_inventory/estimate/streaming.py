"""Estimating a study bigger than memory: counts added up over streamed batches.

Everything :func:`~survey_inventory.estimate.distributions` needs of the tidy table is a
count (:mod:`.counts`), and counts of disjoint parts of a study add up. So
:func:`stream_counts` reads a study batch by batch
(:class:`survey_inventory.load.stream.StudyStream`: pyarrow's dataset reader over
Parquet files), validates and counts each batch and keeps only the sums; memory is
bounded by the batch size, not by the study. :func:`stream_distributions` gives the
same table, to the last digit, as :func:`~survey_inventory.estimate.distributions` on
the study loaded whole.

>>> from survey_inventory.datasets import load_example
>>> cb, study, dist = load_example()
>>> result = stream_counts(cb)
>>> result.records, result.respondents
(45, {'amr': 27, 'fund': 9, 'province': 9})
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..errors import SurveyInputError
from ..load import PROBLEM_COLUMNS
from ..load.stream import StudyStream
from ..validate import COUNT_COLUMNS, format_problem, problem_counts, validate
from .counts import ResponseCounts, count_responses

__all__ = ["StreamedCounts", "stream_counts", "stream_distributions"]


@dataclass
class StreamedCounts:
    """What is kept of a streamed study: sums, and a few examples of each problem.

    Attributes
    ----------
    counts : ResponseCounts
        For :func:`~survey_inventory.estimate.distributions`.
    problems : pandas.DataFrame
        Every problem counted per check, file and column (:data:`~survey_inventory.validate.COUNT_COLUMNS`).
    examples : pandas.DataFrame
        Up to ``limit`` problem rows per check and column
        (:data:`~survey_inventory.load.PROBLEM_COLUMNS`).
    respondents : dict
        Respondent type -> records of that type.
    records : int
        Records read.
    files : dict
        Source id -> the file or folder read.
    """
    counts: ResponseCounts = field(default_factory=ResponseCounts)
    problems: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=COUNT_COLUMNS))
    examples: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=PROBLEM_COLUMNS))
    respondents: dict = field(default_factory=dict)
    records: int = 0
    files: dict = field(default_factory=dict)


def stream_counts(codebook, *, batch_rows: int = 100_000, limit: int = 20) -> StreamedCounts:
    """Read, validate and count a study one batch of records at a time.

    Parameters
    ----------
    codebook : survey_inventory.codebook.Codebook
    batch_rows : int, default 100000
        Records per batch of a Parquet source (other formats are read whole).
    limit : int, default 20
        Problem rows kept as examples per check and column.

    Returns
    -------
    StreamedCounts

    Examples
    --------
    The bundled study's four unanswered questions, counted and kept as examples:

    >>> import survey_inventory.datasets as datasets
    >>> result = stream_counts(datasets.load_example().codebook)
    >>> int(result.problems["count"].sum()), len(result.examples)
    (4, 4)
    """
    stream = StudyStream(codebook, batch_rows=batch_rows)
    result = StreamedCounts(files=stream.files)
    counts, problems, examples, respondents = ResponseCounts(), [], [], {}
    for part in stream:
        counts = counts + count_responses(part.responses)
        problems = [_sum_counts(problems + [problem_counts(part)])]
        examples = [_first(examples + [validate(part, limit=limit)], limit)]
        for type_id, n in part.respondents["respondent_type"].value_counts().items():
            respondents[str(type_id)] = respondents.get(str(type_id), 0) + int(n)
        del part
    result.counts = counts
    result.problems = _sum_counts(problems + [stream.problems])
    result.examples = examples[0] if examples else result.examples
    result.respondents = dict(sorted(respondents.items()))
    result.records = stream.records
    return result


def stream_distributions(codebook, *, batch_rows: int = 100_000, ci_method: str = "auto", level: float = 0.95,
                         rounding: str = "half-up", lang: str | None = None) -> pd.DataFrame:
    """:func:`~survey_inventory.estimate.distributions` of a study streamed batch by batch.

    The same table as ``distributions(load_study(codebook), codebook, ...)``, to the
    last digit, with memory bounded by ``batch_rows``.

    Parameters
    ----------
    codebook : survey_inventory.codebook.Codebook
    batch_rows : int, default 100000
    ci_method, level, rounding, lang
        As :func:`~survey_inventory.estimate.distributions`.

    Returns
    -------
    pandas.DataFrame
        :data:`~survey_inventory.estimate.DISTRIBUTION_COLUMNS`.

    Raises
    ------
    SurveyInputError
        When the data has errors (the first one named, with the number of others).

    Examples
    --------
    >>> from survey_inventory.codebook import load_codebook
    >>> d = stream_distributions(load_codebook("codebooks/bartels-2025.yaml"), ci_method="wilson")
    >>> int(d["count"].sum())
    310
    """
    from .distributions import distributions

    result = stream_counts(codebook, batch_rows=batch_rows)
    errors = result.problems[result.problems["severity"] == "error"]
    if not errors.empty:
        n = int(errors["count"].sum())
        shown = result.examples[result.examples["severity"] == "error"]
        first = format_problem(shown.iloc[0], severity=False) if not shown.empty else errors["check"].iloc[0]
        raise SurveyInputError(f"{first} ({n} error{'s' if n > 1 else ''} in all)")
    return distributions(result.counts, codebook, ci_method=ci_method, level=level, rounding=rounding, lang=lang)


def _sum_counts(tables: list) -> pd.DataFrame:
    """Problem counts of several parts as one table (same check, file, column: one row)."""
    tables = [t for t in tables if not t.empty]
    if not tables:
        return pd.DataFrame(columns=COUNT_COLUMNS)
    every = pd.concat(tables, ignore_index=True).astype({"file": object, "column": object})
    keys = ["severity", "check", "file", "column"]
    summed = every.groupby(keys, sort=False, dropna=False)["count"].sum().reset_index()
    summed["count"] = summed["count"].astype(np.int64)
    return summed[COUNT_COLUMNS]


def _first(tables: list, limit: int) -> pd.DataFrame:
    """The first ``limit`` problem rows per check and column of several parts."""
    tables = [t for t in tables if not t.empty]
    if not tables:
        return pd.DataFrame(columns=PROBLEM_COLUMNS)
    every = pd.concat(tables, ignore_index=True)
    return every.groupby(["check", every["column"].fillna("")], sort=False).head(limit).reset_index(drop=True)
