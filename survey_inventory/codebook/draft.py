"""Draft a codebook from an SPSS file's variable and value labels.

The draft is a starting point: it lists every variable with a value-label set as
an item, turns each distinct label set into a scale (user-missing values become
the scale's missing codes), and marks with ``TODO`` what only a person can say
(sector, measure, routing, population sizes).

>>> from survey_inventory.codebook.draft import draft_codebook
>>> print(draft_codebook("export.sav"))        # doctest: +SKIP
"""
from __future__ import annotations

import re
from pathlib import Path

import yaml

from ..errors import SurveyInputError

__all__ = ["draft_codebook"]


def _slug(text: str) -> str:
    s = re.sub(r"[^A-Za-z0-9_]+", "_", str(text)).strip("_").lower()
    if not s or not s[0].isalpha():
        s = "v_" + s
    return s


def _code(v):
    return int(v) if isinstance(v, float) and v.is_integer() else v


def draft_codebook(sav_path, *, id_column: str | None = None, respondent_type: str = "respondent") -> str:
    """YAML text of a draft codebook for one SPSS file (``survey-inventory codebook init``).

    Parameters
    ----------
    sav_path : str or path-like
        The SPSS ``.sav`` (or ``.zsav``) file; only its metadata is read.
    id_column : str, optional
        The variable with the respondent's id (default: the first variable).
    respondent_type : str
        Id of the one respondent type the draft declares (made a valid id).

    Returns
    -------
    str
        YAML text: a comment header naming what is left to do, then the sections
        ``study``, ``respondent_types``, ``sources``, ``scales`` and ``items``.

    Raises
    ------
    SurveyInputError
        When the file is not readable SPSS, has no variables, lacks ``id_column`` or
        has no variable with value labels.

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
    [{'id': 'q1', 'column': 'q1', 'scale': 'labels0', 'measure': 'TODO', 'label': {'nl': 'Known?'}}]
    >>> draft["scales"]["labels0"]["missing"]
    [9]
    """
    import pyreadstat

    sav_path = Path(sav_path)
    try:
        _, meta = pyreadstat.read_sav(str(sav_path), metadataonly=True, user_missing=True)
    except Exception as exc:  # pyreadstat raises its own error types
        raise SurveyInputError(f"not a readable SPSS file ({type(exc).__name__}: {exc})", file=sav_path) from None
    if not meta.column_names:
        raise SurveyInputError("the SPSS file has no variables", file=sav_path)
    id_column = id_column or meta.column_names[0]
    if id_column not in meta.column_names:
        raise SurveyInputError(f"no variable named {id_column!r}", file=sav_path)
    rtype = _slug(respondent_type)

    scales, scale_of_set, items = {}, {}, []
    labels = dict(zip(meta.column_names, meta.column_labels))
    for var in meta.column_names:
        if var == id_column:
            continue
        set_name = meta.variable_to_label.get(var)
        if not set_name:
            continue
        value_labels = meta.value_labels.get(set_name, {})
        missing = set()
        for rng in meta.missing_ranges.get(var, []):
            lo, hi = rng["lo"], rng["hi"]
            missing |= {_code(k) for k in value_labels if isinstance(k, (int, float)) and lo <= k <= hi}
            if lo == hi:
                missing.add(_code(lo))
        key = (tuple(sorted((str(k), str(v)) for k, v in value_labels.items())), tuple(sorted(map(str, missing))))
        if key not in scale_of_set:
            name = _slug(set_name)
            while name in scales:
                name += "_"
            scale_of_set[key] = name
            scales[name] = {
                "label": {"nl": set_name},
                "codes": [{"code": _code(k), "label": {"nl": str(v)}} for k, v in sorted(value_labels.items(),
                                                                                          key=lambda kv: str(kv[0]))
                          if _code(k) not in missing],
                "missing": sorted(missing, key=str),
            }
        items.append({
            "id": _slug(var), "column": var, "scale": scale_of_set[key],
            "measure": "TODO", "label": {"nl": labels.get(var) or var},
        })
    if not items:
        raise SurveyInputError("no variable has value labels, so there is nothing to draft items from", file=sav_path)
    doc = {
        "study": {"id": _slug(sav_path.stem).replace("_", "-"), "title": {"nl": f"TODO titel ({sav_path.name})"},
                  "language": "nl"},
        "respondent_types": [{"id": rtype, "label": {"nl": "TODO"}, "population": None, "inference": "finite"}],
        "sources": [{"id": "main", "file": sav_path.name, "format": "sav", "id_column": id_column,
                     "respondent_type": rtype}],
        "scales": scales,
        "items": items,
    }
    header = ("# Draft codebook made by 'survey-inventory codebook init' from "
              f"{sav_path.name}.\n# TODO: set population sizes, sectors, measures, routing (asked_if) and "
              "report collapses; remove what is not analysed.\n")
    return header + yaml.safe_dump(doc, sort_keys=False, allow_unicode=True, width=100)
