"""Population frames: reading a respondent type's frame and linking its respondents to it.

A respondent type may name a ``frame:`` in the codebook: a CSV or XLSX file listing
every unit approached (unit id and attributes such as province or size class). It is
read with the package's own readers (:func:`~.sources.read_source`, so the same
encodings, delimiters and header checks as a data file) and linked to the loaded
respondents by unit id. What does not fit is a problem row (one line each, in the shape
of :data:`~.schema.PROBLEM_COLUMNS`) that ``validate`` and ``analyze`` add to their
report:

* a respondent that is not in the frame, a frame unit listed twice, a frame unit
  without id or without an attribute value (errors);
* a weighting cell (post-stratum, raking category) with frame units but no
  respondents: it cannot be weighted up (error);
* a ``population:`` in the codebook that disagrees with the frame's unit count
  (warning: the frame's count is used).

:func:`frame_populations` gives the codebook with each framed type's population
taken from its frame, which the estimates then use.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from ..checks import (FRAME_DUPLICATE_UNIT, FRAME_EMPTY_CELL, FRAME_MISSING_VALUE, FRAME_POPULATION,
                      FRAME_UNKNOWN_RESPONDENT)
from .schema import PROBLEM_COLUMNS, LoadError, problem
from .sources import read_source

__all__ = ["LinkedFrame", "load_frames", "link_respondents", "frame_populations", "framed_types", "merge_reports"]


@dataclass(frozen=True)
class LinkedFrame:
    """A respondent type's frame, linked to its respondents.

    Attributes
    ----------
    type_id : str
        The respondent type.
    file : pathlib.Path
        The frame file.
    units : pandas.DataFrame
        One row per frame unit: ``unit_id``, ``row`` (spreadsheet row), the frame's
        ``attributes`` (as text) and ``responded`` (bool).
    attributes : list of str
        The frame attributes the codebook names.
    weighting : survey_inventory.codebook.model.Weighting
        How the type's respondents are weighted to the frame.
    sensitivity : float
        Largest difference (0-1) between non-respondents and respondents for the
        sensitivity bounds.
    """

    type_id: str
    file: Path
    units: pd.DataFrame
    attributes: list
    weighting: object
    sensitivity: float

    @property
    def size(self) -> int:
        """Number of frame units (the type's population)."""
        return int(len(self.units))

    def respondent_attributes(self, respondent_ids) -> pd.DataFrame:
        """The frame attributes of the given respondents, in their order (ids as text)."""
        table = self.units.set_index("unit_id")[self.attributes]
        return table.loc[[unit_id(v) for v in respondent_ids]].reset_index(drop=True)


def unit_id(value) -> str:
    """A unit id as text: trimmed, and 101.0 (a number read from a spreadsheet) as 101."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def load_frames(study) -> tuple[dict, pd.DataFrame]:
    """Read the frame of every respondent type that names one and link its respondents.

    Parameters
    ----------
    study : survey_inventory.load.Study
        The loaded study (its codebook and ``respondents``).

    Returns
    -------
    frames : dict of str to LinkedFrame
        Per framed respondent type.
    problems : pandas.DataFrame
        One row per problem (:data:`~.schema.PROBLEM_COLUMNS`), see the module doc.

    Raises
    ------
    LoadError
        For a frame file that cannot be read at all (missing, undecodable, no rows,
        not CSV or XLSX) or lacks its id column or an attribute column.

    Examples
    --------
    >>> from survey_inventory.codebook import load_codebook
    >>> from survey_inventory.load import load_study
    >>> frames, problems = load_frames(load_study(load_codebook("codebooks/llo-2026.yaml")))
    >>> g = frames["gemeente"]
    >>> g.size, int(g.units["responded"].sum()), len(problems)
    (342, 120, 0)
    """
    codebook = study.codebook
    frames, problems = {}, []
    for rtype in codebook.respondent_types:
        if rtype.frame is None:
            continue
        units, path = _read(codebook, rtype, problems)
        who = study.respondents
        who = who[(who["respondent_type"] == rtype.id) & who["respondent_id"].notna()]
        who = who[who["respondent_id"].astype(str).str.strip() != ""]
        units["responded"] = link_respondents(units, who, path, problems)
        frame = LinkedFrame(type_id=rtype.id, file=path, units=units, attributes=list(rtype.frame.attributes),
                            weighting=rtype.frame.weighting, sensitivity=rtype.frame.sensitivity)
        _empty_cells(frame, problems)
        if rtype.population is not None and rtype.population != frame.size:
            problems.append(problem(FRAME_POPULATION, path, None, None, None, None, str(rtype.population),
                                    f"population {rtype.population} of respondent type {rtype.id!r} disagrees "
                                    f"with the frame's {frame.size} units; the frame's count is used"))
        frames[rtype.id] = frame
    return frames, pd.DataFrame(problems, columns=PROBLEM_COLUMNS)


def link_respondents(units: pd.DataFrame, respondents: pd.DataFrame, path, problems: list) -> np.ndarray:
    """Response indicator per frame unit; a problem row per respondent not in the frame.

    Parameters
    ----------
    units : pandas.DataFrame
        Frame units with ``unit_id`` (text).
    respondents : pandas.DataFrame
        The type's respondents: ``respondent_id``, ``file``, ``row``.
    path : path-like
        The frame file, named in the message.
    problems : list of dict
        Gets a ``frame_unknown_respondent`` row per respondent not in the frame.

    Returns
    -------
    numpy.ndarray of bool

    Examples
    --------
    >>> units = pd.DataFrame({"unit_id": ["GM01", "GM02", "GM03"]})
    >>> who = pd.DataFrame({"respondent_id": ["GM03", "GM09"], "file": "data.csv", "row": [2, 3]})
    >>> problems = []
    >>> link_respondents(units, who, "frame.csv", problems).tolist(), problems[0]["message"]
    ([False, False, True], "respondent 'GM09' is not in the frame (frame.csv)")
    """
    ids = respondents["respondent_id"].map(unit_id)
    known = ids.isin(set(units["unit_id"])).to_numpy()
    for (_, r), rid in zip(respondents[~known].iterrows(), ids[~known]):
        problems.append(problem(FRAME_UNKNOWN_RESPONDENT, r["file"], r["row"], None, rid, None, rid,
                                f"respondent {rid!r} is not in the frame ({Path(str(path)).name})"))
    return units["unit_id"].isin(set(ids)).to_numpy()


def frame_populations(codebook, frames: dict):
    """The codebook with each framed type's ``population`` (and, if unset, ``targeted``)
    taken from its frame.

    Examples
    --------
    >>> from survey_inventory.datasets import load_example
    >>> cb, study, dist = load_example("llo-2026")
    >>> frame = LinkedFrame("gemeente", Path("f.csv"), pd.DataFrame({"unit_id": ["a", "b"]}), [], None, 0.1)
    >>> frame_populations(cb, {"gemeente": frame}).respondent_type("gemeente").population
    2
    """
    if not frames:
        return codebook
    types = []
    for rtype in codebook.respondent_types:
        frame = frames.get(rtype.id)
        if frame is not None:
            rtype = rtype.model_copy(update={"population": frame.size,
                                             "targeted": rtype.targeted if rtype.targeted is not None else frame.size})
        types.append(rtype)
    return codebook.model_copy(update={"respondent_types": types})


def framed_types(codebook, frames: dict):
    """The respondent types that have a sampling frame, in codebook order, each with its frame.

    Parameters
    ----------
    codebook : survey_inventory.codebook.Codebook
    frames : dict
        Respondent type id -> :class:`LinkedFrame` (:func:`load_frames`).

    Yields
    ------
    (RespondentType, LinkedFrame)

    Examples
    --------
    >>> from survey_inventory.datasets import load_example
    >>> cb, study, dist = load_example("llo-2026")
    >>> frame = LinkedFrame("gemeente", Path("f.csv"), pd.DataFrame({"unit_id": ["a", "b"]}), [], None, 0.1)
    >>> [(rtype.id, f.size) for rtype, f in framed_types(cb, {"gemeente": frame})]
    [('gemeente', 2)]
    """
    for rtype in codebook.respondent_types:
        frame = frames.get(rtype.id)
        if frame is not None:
            yield rtype, frame


def merge_reports(report: pd.DataFrame, frame_problems: pd.DataFrame) -> pd.DataFrame:
    """A validation report with the frame problems added, errors first (order otherwise kept).

    Examples
    --------
    >>> a = pd.DataFrame({"severity": ["warning"], "message": ["w"]})
    >>> b = pd.DataFrame({"severity": ["error"], "message": ["e"]})
    >>> merge_reports(a, b)["message"].tolist()
    ['e', 'w']
    """
    if frame_problems.empty:
        return report
    both = pd.concat([report, frame_problems], ignore_index=True) if not report.empty else frame_problems
    order = both["severity"].map({"error": 0, "warning": 1})
    return both.assign(_o=order).sort_values("_o", kind="stable").drop(columns="_o").reset_index(drop=True)


def _read(codebook, rtype, problems: list) -> tuple[pd.DataFrame, Path]:
    """The frame's units (``unit_id``, ``row``, attributes as text); id problems appended."""
    from ..codebook.model import Source

    spec = rtype.frame
    source = Source(id=f"frame:{rtype.id}", file=spec.file, delimiter=spec.delimiter, encoding=spec.encoding,
                    sheet=spec.sheet, header_row=spec.header_row, id_column=spec.id_column,
                    respondent_type=rtype.id)
    path = codebook.source_path(source)
    if source.resolved_format not in ("csv", "xlsx"):
        raise LoadError("a frame must be a CSV or XLSX file", file=path)
    raw = read_source(codebook, source)
    for column in [spec.id_column] + list(spec.attributes):
        if column not in raw.columns:
            what = "unit-id column" if column == spec.id_column else "frame attribute"
            raise LoadError(f"{what} {column!r} is not in the frame", file=path, column=column)
    ids = raw[spec.id_column].map(lambda v: "" if v is None or (isinstance(v, float) and np.isnan(v)) else unit_id(v))
    units = pd.DataFrame({"unit_id": ids.to_numpy(), "row": raw["__row__"].to_numpy()})
    for attribute in spec.attributes:
        values = raw[attribute].map(lambda v: "" if v is None or (isinstance(v, float) and np.isnan(v)) else unit_id(v))
        units[attribute] = values.to_numpy()
        for row, uid in units.loc[values.to_numpy() == "", ["row", "unit_id"]].itertuples(index=False):
            problems.append(problem(FRAME_MISSING_VALUE, path, int(row), attribute, uid or None, None, None,
                                    f"frame unit has no {attribute!r}"))
    empty = units["unit_id"] == ""
    for row in units.loc[empty, "row"]:
        problems.append(problem(FRAME_MISSING_VALUE, path, int(row), spec.id_column, None, None, None,
                                "frame unit has no id"))
    units = units[~empty]
    twice = units["unit_id"].duplicated(keep="first")
    for uid, row in units.loc[twice, ["unit_id", "row"]].itertuples(index=False):
        first = int(units.loc[units["unit_id"] == uid, "row"].iloc[0])
        problems.append(problem(FRAME_DUPLICATE_UNIT, path, int(row), spec.id_column, uid, None, uid,
                                f"frame unit {uid!r} is listed twice (rows {first} and {int(row)})"))
    return units[~twice].reset_index(drop=True), path


def _empty_cells(frame: LinkedFrame, problems: list) -> None:
    """A problem per weighting cell with frame units but no respondents."""
    if frame.weighting.method == "none":
        return
    units = frame.units[(frame.units[frame.weighting.attributes] != "").all(axis=1)]
    for attribute in frame.weighting.attributes:
        counts = units.groupby(attribute)["responded"].agg(["size", "sum"])
        for category, row in counts[counts["sum"] == 0].iterrows():
            problems.append(problem(FRAME_EMPTY_CELL, frame.file, None, attribute, None, None, category,
                                    f"{attribute} {category!r} has no respondents but {int(row['size'])} frame "
                                    "units: it cannot be weighted up; merge it with another class in the frame "
                                    "or weight on other attributes"))
