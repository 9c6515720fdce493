"""What ``codebook init`` learns from a data file: its variables, their codes and labels.

An SPSS file says much (variable labels, value labels, user-missing values and
ranges); a CSV or XLSX file says only its column names and cells, so there the codes
are the distinct values. Either way the result is a list of :class:`Variable`, which
:mod:`.draft` turns into a codebook. Only the codebook stage's own readers are used
here (pyreadstat, pandas), never the loader's: the draft comes before any codebook.

>>> v = Variable("q1", "Known?", {1: "yes", 2: "no"}, [9], {9: "no answer"}, None)
>>> v.codes()
[1, 2]
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import SurveyInputError

__all__ = ["Variable", "read_variables", "DRAFT_FORMATS", "MAX_CODES"]

#: File formats ``codebook init`` reads, by extension.
DRAFT_FORMATS = {".sav": "sav", ".zsav": "sav", ".csv": "csv", ".txt": "csv", ".tsv": "csv",
                 ".xlsx": "xlsx", ".xlsm": "xlsx"}

#: A column of a CSV or XLSX file with more distinct values than this is no coded question.
MAX_CODES = 15

#: A user-missing range (SPSS "97 thru 99") wider than this is kept as its labelled codes only.
_MAX_RANGE = 20


@dataclass
class Variable:
    """One variable (column) of the data file, as far as a draft needs it.

    Attributes
    ----------
    name : str
        The column name.
    label : str or None
        The question text (SPSS variable label).
    value_labels : dict
        Code -> label of the valid answers (user-missing codes left out), codes in numeric order.
    missing : list
        User-missing codes, ranges expanded (97 thru 99 -> 97, 98, 99).
    missing_labels : dict
        Code -> label of the user-missing codes that have one.
    values : pandas.Series or None
        The cells (codes as numbers where they are numbers; blank = NaN), for routing hints.
    labelled : bool
        Whether the file gave value labels (SPSS); else the codes are the distinct values.
    """

    name: str
    label: str | None
    value_labels: dict
    missing: list
    missing_labels: dict
    values: pd.Series | None
    labelled: bool = True
    numeric: bool = field(default=True)

    def codes(self) -> list:
        """The valid codes in order (numeric order for numbers).

        Examples
        --------
        >>> Variable("q", None, {10: "a", 2: "b"}, [], {}, None).codes()
        [2, 10]
        """
        return sorted(self.value_labels, key=_order)


def _order(code):
    return (0, float(code), "") if isinstance(code, (int, float)) else (1, 0.0, str(code))


def _code(v):
    """A code as the YAML should show it: 7 rather than 7.0."""
    if isinstance(v, (float, np.floating)) and float(v).is_integer():
        return int(v)
    if isinstance(v, np.integer):
        return int(v)
    return v


def read_variables(path) -> tuple[str, list[Variable]]:
    """The file's format and its variables, in file order.

    Parameters
    ----------
    path : str or path-like
        An SPSS (``.sav``, ``.zsav``), CSV or XLSX file.

    Returns
    -------
    tuple
        ``(format, variables)``; format is ``"sav"``, ``"csv"`` or ``"xlsx"``.

    Raises
    ------
    SurveyInputError
        One line naming the file: an unknown extension, an unreadable file, no columns.

    Examples
    --------
    >>> fmt, variables = read_variables("surveys/llo-2026/werkgevers_roc.sav")
    >>> fmt, variables[4].name, variables[4].missing, variables[4].missing_labels[98]
    ('sav', 'tevr_zorg', [97, 98, 99], 'Wil ik niet zeggen')
    """
    path = Path(path)
    fmt = DRAFT_FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise SurveyInputError("codebook init reads .sav, .zsav, .csv and .xlsx files", file=path)
    variables = {"sav": _from_sav, "csv": _from_csv, "xlsx": _from_xlsx}[fmt](path)
    if not variables:
        raise SurveyInputError("the file has no variables", file=path)
    return fmt, variables


def _from_sav(path: Path) -> list[Variable]:
    import pyreadstat

    try:
        frame, meta = pyreadstat.read_sav(str(path), user_missing=True)
    except Exception as exc:  # pyreadstat raises its own error types
        raise SurveyInputError(f"not a readable SPSS file ({type(exc).__name__}: {exc})", file=path) from None
    out = []
    for name, label in zip(meta.column_names, meta.column_labels):
        labels = {_code(k): str(v) for k, v in meta.value_labels.get(meta.variable_to_label.get(name), {}).items()}
        missing = set()
        for rng in meta.missing_ranges.get(name, []):
            lo, hi = rng["lo"], rng["hi"]
            if isinstance(lo, str) or isinstance(hi, str):
                missing.add(lo)
                continue
            missing |= {k for k in labels if isinstance(k, (int, float)) and lo <= k <= hi}
            if float(lo).is_integer() and float(hi).is_integer() and hi - lo <= _MAX_RANGE:
                missing |= set(range(int(lo), int(hi) + 1))
            else:
                missing |= {_code(lo), _code(hi)}
        missing = sorted(missing, key=_order)
        values = frame[name]
        numeric = pd.api.types.is_numeric_dtype(values)
        out.append(Variable(
            name=name, label=label or None,
            value_labels={k: v for k, v in sorted(labels.items(), key=lambda kv: _order(kv[0])) if k not in missing},
            missing=missing, missing_labels={k: labels[k] for k in missing if k in labels},
            values=values, labelled=bool(labels), numeric=numeric))
    return out


def _decode(path: Path) -> str:
    raw = path.read_bytes()
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return raw.decode("latin-1")


def _from_csv(path: Path) -> list[Variable]:
    try:
        text = _decode(path)
    except OSError as exc:
        raise SurveyInputError(f"cannot read the file: {exc.strerror or exc}", file=path) from None
    header = text.splitlines()[0] if text.strip() else ""
    delimiter = max(";,\t|", key=header.count) if header else ","
    try:
        frame = pd.read_csv(io.StringIO(text), sep=delimiter, dtype=str, keep_default_na=False,
                            quoting=csv.QUOTE_MINIMAL)
    except (ValueError, pd.errors.ParserError) as exc:
        raise SurveyInputError(f"cannot read the file as CSV: {str(exc).splitlines()[0]}", file=path) from None
    return _from_cells(frame)


def _from_xlsx(path: Path) -> list[Variable]:
    try:
        frame = pd.read_excel(path, dtype=str, keep_default_na=False)
    except Exception as exc:  # openpyxl and zipfile raise many types
        raise SurveyInputError(f"not a readable XLSX file ({type(exc).__name__}: {exc})", file=path) from None
    return _from_cells(frame)


def _from_cells(frame: pd.DataFrame) -> list[Variable]:
    """Variables of a file without metadata: the codes are the distinct values."""
    out = []
    for name in frame.columns:
        cells = frame[name].astype(str).str.strip()
        filled = cells[cells != ""]
        numbers = pd.to_numeric(filled, errors="coerce")
        numeric = bool(len(filled)) and not numbers.isna().any()
        distinct = sorted({_code(float(v)) for v in numbers}, key=_order) if numeric else \
            sorted(set(filled), key=_order)
        values = pd.to_numeric(cells.where(cells != ""), errors="coerce") if numeric else cells.where(cells != "")
        free_text = not numeric and any(len(v) > 40 for v in distinct)   # sentences, not codes
        labels = {code: str(code) for code in distinct} if len(distinct) <= MAX_CODES and not free_text else {}
        out.append(Variable(name=str(name), label=None, value_labels=labels, missing=[], missing_labels={},
                            values=values, labelled=False, numeric=numeric))
    return _share_codes(out)


def _share_codes(variables: list[Variable]) -> list[Variable]:
    """Columns with one name stem (``bek_zorg``, ``bek_tech``) share the union of their
    codes, so they share a scale; numeric codes of 90 and up next to codes under 20
    (97, 98, 99 beside 0-10) are taken as missing codes, labelled TODO."""
    stems: dict[str, set] = {}
    for var in variables:
        if var.value_labels:
            stems.setdefault(var.name.split("_")[0], set()).update(var.value_labels)
    for var in variables:
        if not var.value_labels:
            continue
        codes = sorted(stems[var.name.split("_")[0]], key=_order)
        if len(codes) > MAX_CODES:
            continue
        numbers = [c for c in codes if isinstance(c, (int, float))]
        missing = [c for c in numbers if c >= 90] if numbers and min(numbers) < 20 and len(numbers) == len(codes) else []
        if len(missing) == len(codes):
            missing = []
        var.value_labels = {c: str(c) for c in codes if c not in missing}
        var.missing = missing
        var.missing_labels = {c: f"TODO {c}" for c in missing}
    return variables
