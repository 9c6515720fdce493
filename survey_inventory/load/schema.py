"""What the loader's tables look like, and the error it raises.

The column lists below are the public shape of :class:`~survey_inventory.load.Study`'s
tables; :func:`problem` makes one row of a problem table, its severity taken from
the check registry (:mod:`survey_inventory.checks`).

>>> TIDY_COLUMNS[:3]
['respondent_id', 'respondent_type', 'source']
>>> STATUSES
('valid', 'missing', 'not_asked', 'answered_not_asked', 'invalid')
"""
from __future__ import annotations

from ..checks import severity
from ..errors import SurveyInputError

__all__ = ["LoadError", "STATUSES", "TIDY_COLUMNS", "PROBLEM_COLUMNS", "OPEN_TEXT_COLUMNS", "problem"]

#: The ``status`` of a row of the tidy table (see :func:`~survey_inventory.load.load_study`).
STATUSES = ("valid", "missing", "not_asked", "answered_not_asked", "invalid")
#: Columns of the tidy table, in order.
TIDY_COLUMNS = ["respondent_id", "respondent_type", "source", "file", "row", "column", "sector", "item",
                "measure", "code", "raw", "status", "label", "category", "category_label"]
#: Columns of a problem table (``Study.problems`` and :func:`~survey_inventory.validate.validate`).
PROBLEM_COLUMNS = ["severity", "check", "file", "row", "column", "respondent_id", "item", "value", "message"]
#: Columns of ``Study.open_text``.
OPEN_TEXT_COLUMNS = ["respondent_id", "respondent_type", "item", "sector", "text"]


class LoadError(SurveyInputError):
    """A source that cannot be read at all (missing file, no id column, no rows)."""


def problem(check, file, row, column, respondent_id, item, value, message) -> dict:
    """One row of a problem table, with the severity the registry gives ``check``.

    Parameters
    ----------
    check : str
        A check name of :mod:`survey_inventory.checks`.
    file : str or path-like
        The file the problem is in (stored as text).
    row : int or None
        Spreadsheet row (header = 1), or None for a whole column or file.
    column, respondent_id, item, value : str or None
        Where the problem is and the offending value, where they apply.
    message : str
        What is wrong, in one line.

    Returns
    -------
    dict
        Keyed by :data:`PROBLEM_COLUMNS`.

    Examples
    --------
    >>> from survey_inventory.checks import MISSING_ID
    >>> p = problem(MISSING_ID, "data.csv", 7, "id", None, None, None, "respondent id is empty")
    >>> p["severity"], p["check"], p["row"]
    ('error', 'missing_id', 7)
    """
    return {"severity": severity(check), "check": check, "file": str(file), "row": row, "column": column,
            "respondent_id": respondent_id, "item": item, "value": value, "message": message}
