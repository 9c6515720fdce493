"""Draft a codebook from a data file (``survey-inventory codebook init``).

The draft is a codebook a user can start from, not a finished one: it loads, so
``validate`` can check the data against it at once, and it marks with ``TODO`` what
only a person can say (``validate --strict`` refuses it until every ``TODO`` is gone).
From an SPSS file it keeps what the file says: question texts, value labels in numeric
order (a 0-10 scale stays 0, 1, ..., 10, its unlabelled codes labelled with their
number), user-missing values and ranges with their labels. From a CSV or XLSX file the
codes are the distinct values. Further:

- a respondent-type column (``--type-column``, or one whose name says so, such as
  ``type``, ``soort`` or ``doelgroep``, with few values) becomes
  ``respondent_type: {column, values}`` and one respondent type per value;
- scales are named after what they hold (``rating_0_10``, ``ja_nee``) or measure (the
  first variable's name stem), never ``labels0``;
- variable names like ``bek_zorg``, ``bek_tech``, ``gebr_zorg`` give a skeleton of
  ``measures:`` (``bek``, ``gebr``) and ``sectors:`` (``zorg``, ``tech``), marked TODO;
- 0/1 columns ``thema_1``, ``thema_2``, ... become one binary multi-response set;
- an item that is blank exactly when another has certain values gets a routing hint,
  a comment ``# TODO routing: ... asked_if: "bek_zorg == 1"`` above it.

>>> print(draft_codebook("surveys/llo-2026/werkgevers_roc.sav").splitlines()[0])
# Draft codebook made by 'survey-inventory codebook init' from werkgevers_roc.sav.
"""
from __future__ import annotations

import re
from pathlib import Path

import yaml

from ..errors import SurveyInputError
from .draft_read import MAX_CODES, Variable, read_variables
from .draft_shape import measures_and_sectors, multi_response_sets, routing_hints, scale_name

__all__ = ["draft_codebook", "detect_type_column"]

#: Column names that say "respondent type" (checked with the few-values rule).
_TYPE_NAME = re.compile(r"(^|_)(type|soort|doelgroep|respondenttype|rtype|groep|categorie)($|_)", re.IGNORECASE)
#: Labels of answers that hold no opinion (``substantive: false``).
_NO_OPINION = re.compile(r"weet (ik )?niet|geen mening|geen idee|n\.?v\.?t\.?|don'?t know|not applicable",
                         re.IGNORECASE)


def _slug(text: str) -> str:
    s = re.sub(r"[^A-Za-z0-9_]+", "_", str(text)).strip("_").lower()
    if not s or not s[0].isalpha():
        s = "v_" + s
    return s


def detect_type_column(variables: list[Variable], id_column: str) -> str | None:
    """The obvious respondent-type column: named like one (type, soort, doelgroep, ...)
    and holding 2 to 10 codes.

    Parameters
    ----------
    variables : list of Variable
        From :func:`~survey_inventory.codebook.draft_read.read_variables`.
    id_column : str
        Never the type column.

    Returns
    -------
    str or None

    Examples
    --------
    >>> from survey_inventory.codebook.draft_read import read_variables
    >>> detect_type_column(read_variables("surveys/llo-2026/werkgevers_roc.sav")[1], "resp_id")
    'type'
    """
    for var in variables:
        if var.name != id_column and _TYPE_NAME.search(var.name) and 2 <= len(var.value_labels) <= 10:
            return var.name
    return None


def draft_codebook(path, *, id_column: str | None = None, respondent_type: str = "respondent",
                   type_column: str | None = None) -> str:
    """YAML text of a draft codebook for one data file.

    Parameters
    ----------
    path : str or path-like
        An SPSS (``.sav``, ``.zsav``), CSV or XLSX file.
    id_column : str, optional
        The variable with the respondent's id (default: the first variable).
    respondent_type : str
        Id of the one respondent type of every row when the file has no type column.
    type_column : str, optional
        The variable that says each row's respondent type (default: detected by
        :func:`detect_type_column`; none when nothing looks like one).

    Returns
    -------
    str
        YAML text: a comment header naming what is left to do, then the sections
        ``study``, ``respondent_types``, ``sources``, ``scales``, ``measures``,
        ``sectors``, ``items`` (and ``multi_response``, ``open_text`` where found).

    Raises
    ------
    SurveyInputError
        One line naming the file: unreadable, no such ``id_column`` or ``type_column``,
        or no variable that could be an item.

    Examples
    --------
    >>> import tempfile, pathlib, pandas as pd, pyreadstat, yaml
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     sav = pathlib.Path(folder) / "survey.sav"
    ...     pyreadstat.write_sav(pd.DataFrame({"id": [1.0, 2.0], "q1": [1.0, 9.0]}), str(sav),
    ...                          column_labels=["Id", "Known?"], missing_ranges={"q1": [9]},
    ...                          variable_value_labels={"q1": {1.0: "yes", 2.0: "no", 9.0: "no answer"}})
    ...     draft = yaml.safe_load(draft_codebook(sav))
    >>> draft["items"]
    [{'id': 'q1', 'measure': 'q1', 'column': 'q1', 'scale': 'yes_no', 'label': 'Known?'}]
    >>> draft["scales"]["yes_no"]["missing"], draft["scales"]["yes_no"]["missing_labels"]
    ([9], {9: 'no answer'})
    """
    path = Path(path)
    fmt, variables = read_variables(path)
    names = [v.name for v in variables]
    if id_column is None:  # an id has no value labels: the first variable without, else the first
        unlabelled = [v.name for v in variables if not v.labelled]  # SPSS labels, not distinct values
        if not unlabelled and len(names) == 1:
            raise SurveyInputError(f"the file's only variable {names[0]!r} has value labels; a codebook also "
                                   "needs a variable with the respondent ids", file=path)
        id_column = (unlabelled or names)[0]
    for given, what in ((id_column, "id"), (type_column, "type")):
        if given is not None and given not in names:
            raise SurveyInputError(f"no variable named {given!r} (--{what}-column); the file has "
                                   + ", ".join(names[:12]) + (", ..." if len(names) > 12 else ""), file=path)
    by_name = {v.name: v for v in variables}
    type_column = type_column or detect_type_column(variables, id_column)
    types, source_type = _respondent_types(by_name.get(type_column), respondent_type)

    rest = [v for v in variables if v.name not in (id_column, type_column)]
    multi, in_sets = multi_response_sets(rest)
    coded = [v for v in rest if v.value_labels and v.name not in in_sets]
    if not coded:
        what = "has value labels" if fmt == "sav" else f"has at most {MAX_CODES} distinct values"
        raise SurveyInputError(f"no variable {what}, so there is nothing to draft items from", file=path)
    open_text = [{"id": _slug(v.name), "column": v.name, "label": {"nl": v.label or f"TODO {v.name}"}}
                 for v in rest if not v.value_labels and not v.numeric and v.values is not None
                 and v.values.notna().any()]
    skipped = [v.name for v in rest if not v.value_labels and v.name not in in_sets
               and v.name not in {o["column"] for o in open_text}]

    scales, items = {}, []
    scale_of = {}
    for var in coded:
        codes = _scale_codes(var)
        key = (tuple((str(c["code"]), str(c["label"])) for c in codes), tuple(map(str, var.missing)),
               tuple(sorted((str(k), v) for k, v in var.missing_labels.items())))
        if key not in scale_of:
            name = scale_name(var, codes, taken=set(scales))
            scale_of[key] = name
            scales[name] = _scale(var, codes)
        item = {"id": _slug(var.name), "column": var.name, "scale": scale_of[key]}
        if var.label:
            item["label"] = {"nl": var.label}
        items.append(item)
    measures, sectors = measures_and_sectors(items)
    hints = routing_hints(coded, by_name.get(type_column), types)

    doc = {
        "study": {"id": _slug(path.stem).replace("_", "-"), "title": {"nl": f"TODO titel ({path.name})"},
                  "language": "nl"},
        "respondent_types": types,
        "sources": [{"id": "main", "file": path.name, "format": fmt, "id_column": id_column,
                     "respondent_type": source_type}],
        "scales": scales,
        "measures": measures,
        "sectors": sectors,
        "items": items,
        "multi_response": multi,
        "open_text": open_text,
    }
    return _header(path, skipped, bool(hints)) + _dump(doc, hints)


def _respondent_types(var: Variable | None, default_id: str):
    """The respondent types and the source's ``respondent_type`` (an id, or {column, values})."""
    if var is None:
        rtype = _slug(default_id)
        return [{"id": rtype, "label": {"nl": "TODO"}, "inference": "finite"}], rtype
    types, values, taken = [], {}, set()
    for code, label in var.value_labels.items():
        tid = _slug(f"type_{label}") if (var.numeric and not var.labelled) else _slug(label)
        while tid in taken:
            tid += "_"
        taken.add(tid)
        types.append({"id": tid, "label": {"nl": str(label)}, "inference": "finite"})
        values[code] = tid
    return types, {"column": var.name, "values": values}


def _scale_codes(var: Variable) -> list[dict]:
    """The scale's codes in numeric order; unlabelled codes between the labelled ones of a
    numeric scale (labels that start with their number, or codes seen in the data) get
    their number as label."""
    labels = dict(var.value_labels)
    codes = var.codes()
    numeric = codes and all(isinstance(c, int) for c in codes)
    if numeric and var.labelled:
        seen = set()
        if var.values is not None:
            seen = {int(x) for x in var.values.dropna() if float(x).is_integer()} - set(var.missing)
        numbered = any(re.match(rf"\s*{c}\b", labels[c]) for c in (codes[0], codes[-1]))
        for c in range(codes[0], codes[-1] + 1):
            if c not in labels and (numbered or c in seen):
                labels[c] = str(c)
        for c in seen - set(labels):   # codes in the data without a label
            labels[c] = str(c)
    if not var.labelled:   # codes from the distinct values: a person says what they mean
        labels = {c: (text if var.numeric is False else f"TODO {text}") for c, text in labels.items()}
    out = []
    for code in sorted(labels, key=lambda c: (0, float(c), "") if isinstance(c, (int, float)) else (1, 0, str(c))):
        entry = {"code": code, "label": {"nl": str(labels[code])}}
        if _NO_OPINION.search(str(labels[code])):
            entry["substantive"] = False
        out.append(entry)
    return out


def _scale(var: Variable, codes: list[dict]) -> dict:
    scale = {"codes": codes}
    if var.missing:
        scale["missing"] = list(var.missing)
        if var.missing_labels:
            scale["missing_labels"] = {k: {"nl": v} for k, v in var.missing_labels.items()}
            scale["missing_label"] = {"nl": " / ".join(dict.fromkeys(var.missing_labels.values()))}
    return scale


def _header(path: Path, skipped: list[str], routed: bool) -> str:
    lines = [f"# Draft codebook made by 'survey-inventory codebook init' from {path.name}.",
             "# TODO: fill in every TODO (title, labels of measures and sectors, captions), give each",
             "# respondent type a plural label and its population size (population: N) if it has one,",
             "# and choose report collapses. 'survey-inventory validate --strict' lists what is left.",
             "# Every key is described in docs/codebook.md."]
    if routed:
        lines.append("# Routing hints ('# TODO routing') stand above the items that look routed; check them")
        lines.append("# and copy the asked_if into the item.")
    if skipped:
        lines.append("# Not drafted (no codes): " + ", ".join(skipped))
    return "\n".join(lines) + "\n"


def _plain(value):
    """``{nl: text}`` written as plain ``text`` (a plain string is Dutch), easier to edit."""
    if isinstance(value, dict):
        if set(value) == {"nl"} and isinstance(value["nl"], str):
            return value["nl"]
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _dump(doc: dict, hints: dict) -> str:
    """The sections one by one, a blank line between them; routing hints as comments."""
    parts = []
    for key, value in doc.items():
        if value in ([], {}, None):
            continue
        text = yaml.safe_dump({key: _plain(value)}, sort_keys=False, allow_unicode=True, width=100)
        if key == "items":
            for item_id, hint in hints.items():
                text = re.sub(rf"(?m)^- id: {re.escape(item_id)}$", f"# TODO routing: {hint}\n- id: {item_id}", text)
        parts.append(text)
    return "\n" + "\n".join(parts)
