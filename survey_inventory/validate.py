"""Validate: everything in the data that does not fit the codebook.

:func:`validate` takes a loaded :class:`~survey_inventory.load.Study` and returns
one row per problem, each naming file, row and column:

========================  ========  ==============================================
check                     severity  what it means
========================  ========  ==============================================
missing_column            error     an item's column is not in a source file
duplicate_id              error     a respondent id appears twice
missing_id                error     a record without respondent id
unknown_respondent_type   error     a type code the codebook does not map
invalid_code              error     a value that is not a code of the item's scale
not_a_number              error     text in a column of a numeric scale
label_mismatch            error     an SPSS value label that disagrees with the codebook
answered_not_asked        warning   an answer where the routing says the question
                                    was not asked (left out of every estimate)
item_nonresponse          warning   no answer where the routing says it was asked
empty_respondent          warning   a respondent without a single valid answer: in
                                    the response table, dropped from every percentage
========================  ========  ==============================================

Every dropped answer (``answered_not_asked``) and dropped respondent
(``empty_respondent``) is a warning of its own; ``analyze`` counts them in the
manifest (``counts.dropped_answers``, ``counts.dropped_respondents``).

>>> from survey_inventory import load_codebook
>>> from survey_inventory.load import load_study
>>> report = validate(load_study(load_codebook("codebooks/bartels-2025.yaml")))  # doctest: +SKIP
>>> report.query("severity == 'error'").empty                                    # doctest: +SKIP
True
"""
from __future__ import annotations

import pandas as pd

from .load import PROBLEM_COLUMNS, Study

__all__ = ["validate", "has_errors", "format_problem"]


def validate(study: Study) -> pd.DataFrame:
    """All problems of a loaded study, errors first, then by file and row."""
    tidy = study.responses
    rows = [study.problems]
    flagged = tidy[tidy["status"].isin(["invalid", "answered_not_asked", "missing"])]
    if not flagged.empty:
        f = flagged.astype({"status": str, "item": str, "column": str, "file": str})
        text_in_numeric = f["raw"].notna() & f["code"].isna() & (f["status"] == "invalid")
        check = f["status"].map({"invalid": "invalid_code", "answered_not_asked": "answered_not_asked",
                                 "missing": "item_nonresponse"})
        check = check.where(~text_in_numeric, "not_a_number")
        severity = check.map({"invalid_code": "error", "not_a_number": "error",
                              "answered_not_asked": "warning", "item_nonresponse": "warning"})
        scale_codes = {i.id: ", ".join(_fmt(c.code) for c in study.codebook.scale(i.scale).codes)
                       for i in study.codebook.items}
        message = pd.Series(index=f.index, dtype=object)
        message[check == "invalid_code"] = ("value is not a code of the scale (expected one of "
                                            + f["item"].map(scale_codes) + ")")
        message[check == "not_a_number"] = "text in a numeric column (expected a code of the scale)"
        message[check == "answered_not_asked"] = ("answer where the routing says the question was not asked; "
                                                  "left out of the estimates")
        message[check == "item_nonresponse"] = "no answer although the routing says the question was asked"
        rows.append(pd.DataFrame({
            "severity": severity, "check": check, "file": f["file"], "row": f["row"], "column": f["column"],
            "respondent_id": f["respondent_id"], "item": f["item"],
            "value": f["raw"].where(check != "item_nonresponse"), "message": message,
        }))
    rows.append(_empty_respondents(study))
    report = pd.concat([r for r in rows if not r.empty], ignore_index=True) if any(not r.empty for r in rows) \
        else pd.DataFrame(columns=PROBLEM_COLUMNS)
    report["row"] = pd.to_numeric(report["row"], errors="coerce").astype("Int64")
    order = report["severity"].map({"error": 0, "warning": 1})
    # files in the codebook's source order, not by path: where the files live must not change the report
    file_rank = {str(path): k for k, path in enumerate(study.files.values())}
    ranked = report["file"].map(lambda f: file_rank.get(str(f), len(file_rank)))
    report = report.assign(_o=order, _f=ranked).sort_values(["_o", "_f", "file", "row", "column"], kind="stable",
                                                            na_position="first")
    return report.drop(columns=["_o", "_f"]).reset_index(drop=True)[PROBLEM_COLUMNS]


def _empty_respondents(study: Study) -> pd.DataFrame:
    """One warning per respondent (of a known type, with an id) without any valid answer."""
    who = study.respondents
    who = who[who["respondent_type"].notna() & who["respondent_id"].notna() & (who["respondent_id"] != "")]
    tidy = study.responses
    answered = tidy.loc[tidy["status"].astype(str) == "valid", "respondent_id"].unique()
    empty = who[~who["respondent_id"].isin(answered)]
    if empty.empty:
        return pd.DataFrame(columns=PROBLEM_COLUMNS)
    return pd.DataFrame({
        "severity": "warning", "check": "empty_respondent", "file": empty["file"].astype(str), "row": empty["row"],
        "column": None, "respondent_id": empty["respondent_id"], "item": None, "value": None,
        "message": "respondent without a single valid answer: counted in the response table, "
                   "dropped from every percentage",
    })


def has_errors(report: pd.DataFrame) -> bool:
    return bool((report["severity"] == "error").any())


def format_problem(p, severity: bool = True) -> str:
    """One line: ``error: file, row R, column 'C': message (got 'V')`` (without the
    leading severity when ``severity`` is false)."""
    from pathlib import Path

    parts = [Path(str(p["file"])).name] if pd.notna(p["file"]) else []
    if pd.notna(p["row"]):
        parts.append(f"row {int(p['row'])}")
    if pd.notna(p["column"]) and p["column"]:
        parts.append(f"column {p['column']!r}")
    text = f"{', '.join(parts)}: {p['message']}"
    if pd.notna(p["value"]) and p["value"] not in ("", None):
        text += f" (got {p['value']!r})"
    return f"{p['severity']}: {text}" if severity else text


def _fmt(code) -> str:
    return str(int(code)) if isinstance(code, float) and code.is_integer() else str(code)
