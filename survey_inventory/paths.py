"""Resolving a user's path without a traceback: a symbolic-link loop is bad input.

``Path.resolve()`` raises ``RuntimeError`` (Python < 3.13) or ``OSError`` for a link
that points, directly or through others, at itself; every stage that resolves a path
the user gave (a source, the codebook, ``--out``) does it through :func:`resolve`.
"""
from __future__ import annotations

from pathlib import Path

from .errors import SurveyInputError

__all__ = ["resolve"]


def resolve(path, what: str = "path") -> Path:
    """``Path(path).resolve()``, or one clear error for a symbolic-link loop.

    Parameters
    ----------
    path : str or path-like
    what : str
        What the path is, for the message ("output folder", "data file").

    Returns
    -------
    pathlib.Path

    Raises
    ------
    SurveyInputError
        Naming the path, when it is (or passes through) a symbolic-link loop.

    Examples
    --------
    >>> import os, tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     loop = Path(folder) / "out"
    ...     os.symlink(loop, loop)
    ...     try:
    ...         resolve(loop, "output folder")
    ...     except SurveyInputError as exc:
    ...         print(str(exc).split(": ", 1)[1])
    output folder is a symbolic link that points back to itself (a link loop); remove the link or choose another path
    """
    try:
        return Path(path).resolve()
    except (RuntimeError, OSError):
        raise SurveyInputError(f"{what} is a symbolic link that points back to itself (a link loop); "
                               "remove the link or choose another path", file=path) from None
