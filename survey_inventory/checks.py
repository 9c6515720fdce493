"""Checks: the one registry of validation check names.

Every problem row the package reports (:func:`survey_inventory.load.load_study`'s
``problems`` and :func:`survey_inventory.validate.validate`'s report) names its
check with one of the constants below; :data:`CHECKS` gives each its severity
and what it means. A new check is added here first, then used by its constant.

>>> from survey_inventory.checks import CHECKS, INVALID_CODE, severity
>>> INVALID_CODE
'invalid_code'
>>> severity(INVALID_CODE)
'error'
>>> sorted(name for name, c in CHECKS.items() if c.severity == "warning")
['answered_not_asked', 'empty_respondent', 'frame_population', 'item_nonresponse', 'label_spacing']
"""
from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Check", "CHECKS", "ERROR", "WARNING", "severity",
           "MISSING_COLUMN", "DUPLICATE_ID", "MISSING_ID", "UNKNOWN_RESPONDENT_TYPE", "INVALID_CODE",
           "NOT_A_NUMBER", "LABEL_MISMATCH", "LABEL_SPACING", "ANSWERED_NOT_ASKED", "ITEM_NONRESPONSE",
           "EMPTY_RESPONDENT", "FRAME_UNKNOWN_RESPONDENT", "FRAME_DUPLICATE_UNIT", "FRAME_MISSING_VALUE",
           "FRAME_EMPTY_CELL", "FRAME_POPULATION"]

ERROR, WARNING = "error", "warning"

MISSING_COLUMN = "missing_column"
DUPLICATE_ID = "duplicate_id"
MISSING_ID = "missing_id"
UNKNOWN_RESPONDENT_TYPE = "unknown_respondent_type"
INVALID_CODE = "invalid_code"
NOT_A_NUMBER = "not_a_number"
LABEL_MISMATCH = "label_mismatch"
LABEL_SPACING = "label_spacing"
ANSWERED_NOT_ASKED = "answered_not_asked"
ITEM_NONRESPONSE = "item_nonresponse"
EMPTY_RESPONDENT = "empty_respondent"
FRAME_UNKNOWN_RESPONDENT = "frame_unknown_respondent"
FRAME_DUPLICATE_UNIT = "frame_duplicate_unit"
FRAME_MISSING_VALUE = "frame_missing_value"
FRAME_EMPTY_CELL = "frame_empty_cell"
FRAME_POPULATION = "frame_population"


@dataclass(frozen=True)
class Check:
    """One validation check: its ``name`` (the ``check`` column's value), its
    ``severity`` (``"error"`` or ``"warning"``) and a one-line ``meaning``."""

    name: str
    severity: str
    meaning: str


CHECKS: dict[str, Check] = {c.name: c for c in [
    Check(MISSING_COLUMN, ERROR, "a column the codebook names (item, multi-response set, open question) "
                                 "is not in a source file"),
    Check(DUPLICATE_ID, ERROR, "a respondent id appears twice"),
    Check(MISSING_ID, ERROR, "a record without respondent id"),
    Check(UNKNOWN_RESPONDENT_TYPE, ERROR, "a respondent-type code the codebook does not map"),
    Check(INVALID_CODE, ERROR, "a value that is not a code of the item's scale (or of a multi-response set)"),
    Check(NOT_A_NUMBER, ERROR, "text in a column of a numeric scale"),
    Check(LABEL_MISMATCH, ERROR, "an SPSS value label that disagrees with the codebook"),
    Check(LABEL_SPACING, WARNING, "an SPSS value label that differs from the codebook's only in spacing"),
    Check(ANSWERED_NOT_ASKED, WARNING, "an answer where the routing (or the item's respondent types) says the "
                                       "question was not asked; left out of every estimate"),
    Check(ITEM_NONRESPONSE, WARNING, "no answer where the routing says the question was asked"),
    Check(EMPTY_RESPONDENT, WARNING, "a respondent without a single valid answer: in the response table, "
                                     "dropped from every percentage"),
    # population frames (issue 16; survey_inventory.load.frame)
    Check(FRAME_UNKNOWN_RESPONDENT, ERROR, "a respondent whose id is not in its type's population frame"),
    Check(FRAME_DUPLICATE_UNIT, ERROR, "a unit listed twice in a population frame"),
    Check(FRAME_MISSING_VALUE, ERROR, "a frame unit without id or without a value of a frame attribute"),
    Check(FRAME_EMPTY_CELL, ERROR, "a weighting cell (post-stratum, raking category) with frame units but "
                                   "no respondents"),
    Check(FRAME_POPULATION, WARNING, "the codebook's population disagrees with the frame's unit count "
                                     "(the frame's count is used)"),
]}


def severity(check: str) -> str:
    """The severity of a check.

    Parameters
    ----------
    check : str
        A check name of :data:`CHECKS`.

    Returns
    -------
    str
        ``"error"`` or ``"warning"``.

    Raises
    ------
    KeyError
        For a name the registry does not hold (a typo in the code).

    Examples
    --------
    >>> severity("item_nonresponse")
    'warning'
    """
    try:
        return CHECKS[check].severity
    except KeyError:
        raise KeyError(f"unknown check {check!r}; add it to survey_inventory/checks.py") from None
