"""Exceptions shared by every stage.

Every error the package raises for bad input is a :class:`SurveyInputError`: its
message is one line that names the file and, where there is one, the row and column.
The CLI prints that line and exits non-zero; it never shows a traceback for them.
"""
from __future__ import annotations

#: The longest value a message quotes; a longer one is cut (a 4 MB cell is not echoed whole).
SHOWN_CHARS = 80


def shorten(value, limit: int = SHOWN_CHARS):
    """``value`` as a message quotes it: unchanged when its text has at most ``limit``
    characters, else that text cut to ``limit`` characters, the cut marked with "…".

    Parameters
    ----------
    value : object
        A cell, a column name, a file name.
    limit : int, default 80

    Returns
    -------
    object
        ``value`` itself, or a ``str`` of ``limit`` characters.

    Examples
    --------
    >>> shorten("ja"), shorten(7.0)
    ('ja', 7.0)
    >>> shorten("x" * 100, 10)
    'xxxxxxxxx…'
    """
    text = str(value)
    return value if len(text) <= limit else text[: limit - 1] + "\u2026"



def as_written(value):
    """A value as the user's file shows it: ``7`` not ``7.0``, a list as ``1, 2, 3``.

    Examples
    --------
    >>> as_written(7.0), as_written(["1", "2", "3"]), as_written("7.0"), as_written(2.5)
    (7, '1, 2, 3', '7.0', 2.5)
    """
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, (list, tuple, set)):
        return ", ".join(str(as_written(v)) for v in value)
    return value


def row_word(file) -> str:
    """How the user's program counts records: an SPSS ``case``, else a spreadsheet or CSV
    ``row`` (header = row 1).

    Examples
    --------
    >>> row_word("data/x.sav"), row_word("x.xlsx")
    ('case', 'row')
    """
    suffix = str(file or "").lower().rsplit(".", 1)[-1]
    return "case" if suffix in ("sav", "zsav") else "row"


class SurveyInputError(ValueError):
    """Bad input: a codebook, a data file or an option the package cannot use."""

    def __init__(self, message: str, *, file=None, row=None, column=None, value=None, expected=None):
        self.file, self.row, self.column, self.value, self.expected = file, row, column, value, expected
        parts = []
        if file is not None:
            parts.append(str(file))
        if row is not None:
            parts.append(f"{row_word(file)} {row}")
        if column is not None:
            parts.append(f"column {shorten(column)!r}")
        where = ", ".join(parts)
        text = f"{where}: {message}" if where else message
        expected = as_written(expected)
        if value is not None:
            text += f" (got {shorten(as_written(value))!r}"
            text += f"; expected {expected})" if expected else ")"
        elif expected:
            text += f" (expected {expected})"
        super().__init__(" ".join(text.split()))
