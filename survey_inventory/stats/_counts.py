"""Argument checks shared by the interval functions (counts, bases, populations, level).

Private to :mod:`survey_inventory.stats`: :mod:`.intervals` and :mod:`.simultaneous`
validate their inputs here, so both refuse the same inputs with the same one-line
:class:`~survey_inventory.errors.SurveyInputError`.
"""
from __future__ import annotations

import numpy as np

from ..errors import SurveyInputError


def as_float(x, name: str) -> np.ndarray:
    """``x`` as a float array; None and missing values become NaN."""
    if x is None:
        return np.array(np.nan)
    if hasattr(x, "to_numpy"):
        try:
            return np.asarray(x.to_numpy(dtype=float, na_value=np.nan), dtype=float)
        except (TypeError, ValueError):
            pass
    try:
        return np.asarray(x, dtype=float)
    except (TypeError, ValueError):
        raise SurveyInputError(f"{name} must be numeric", value=x) from None


def check_level(level) -> float:
    """The confidence level as a float strictly between 0 and 1."""
    try:
        level = float(level)
    except (TypeError, ValueError):
        raise SurveyInputError("level must be a number strictly between 0 and 1", value=level) from None
    if not 0.0 < level < 1.0:
        raise SurveyInputError("level must be strictly between 0 and 1", value=level)
    return level


def _first_bad(mask: np.ndarray) -> str:
    """' at position i' for the first True of a flat mask (empty for a scalar)."""
    if mask.size <= 1:
        return ""
    return f" at position {int(np.flatnonzero(mask)[0])}"


def _check_counts(k, n, N, s) -> None:
    """One-line errors for impossible inputs (NaN means missing/unknown and passes)."""
    for arr, name in ((k, "count"), (n, "n"), (N, "population"), (s, "sample_n")):
        bad = arr < 0
        if bad.any():
            raise SurveyInputError(f"{name} must not be negative{_first_bad(bad)}", value=float(arr[bad][0]))
        bad = np.isfinite(arr) & (arr != np.round(arr))
        if bad.any():
            raise SurveyInputError(f"{name} must be whole numbers{_first_bad(bad)}", value=float(arr[bad][0]))
        bad = np.isinf(arr)
        if bad.any():
            raise SurveyInputError(f"{name} must be finite{_first_bad(bad)}", value=float(arr[bad][0]))
    checks = (
        (k > n, "count exceeds n", k),
        (n > N, "n exceeds population", n),
        (s < n, "sample_n is smaller than n (a domain is part of the sample)", s),
        (s > N, "sample_n exceeds population", s),
    )
    for bad, message, arr in checks:
        if bad.any():
            raise SurveyInputError(f"{message}{_first_bad(bad)}", value=float(arr[bad][0]))


def broadcast_counts(count, n, population, sample_n):
    """``(k, n, N, s)`` as flat float arrays of one broadcast shape, checked.

    NaN stands for missing (count, base) or unknown (population, sample size); an
    infinite population is unknown too (no finite population correction).
    """
    arrays = [
        as_float(count, "count"),
        as_float(n, "n"),
        as_float(population, "population"),
        as_float(sample_n, "sample_n"),
    ]
    try:
        arrays = np.broadcast_arrays(*arrays)
    except ValueError:
        shapes = ", ".join(str(a.shape) for a in arrays)
        raise SurveyInputError(f"count, n, population and sample_n do not broadcast together (shapes {shapes})") from None
    k, n, N, s = (np.array(a, dtype=float).ravel() for a in arrays)
    N[np.isposinf(N)] = np.nan  # infinite population == unknown: no fpc
    _check_counts(k, n, N, s)
    return k, n, N, s
