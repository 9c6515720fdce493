"""The guesses of a draft codebook: scale names, measures and sectors from variable
names, multi-response sets, and routing hints from blank cells.

Each guess is a pure function of the variables :mod:`.draft_read` found; :mod:`.draft`
puts them together. A guess is a suggestion for a person to check, so every text it
cannot know is marked ``TODO``.

>>> measures, sectors = measures_and_sectors([
...     {"id": "bek_zorg"}, {"id": "bek_tech"}, {"id": "gebr_zorg"}, {"id": "gebr_tech"}, {"id": "cijfer"}])
>>> [m["id"] for m in measures], [s["id"] for s in sectors]
(['bek', 'gebr', 'cijfer'], ['zorg', 'tech'])
"""
from __future__ import annotations

import re
from collections import defaultdict

import numpy as np
import pandas as pd

from .draft_read import Variable

__all__ = ["scale_name", "measures_and_sectors", "multi_response_sets", "routing_hints"]


def _slug(text: str) -> str:
    s = re.sub(r"[^A-Za-z0-9]+", "_", str(text)).strip("_").lower()
    return s if s and s[0].isalpha() else ("s_" + s if s else "")


def scale_name(var: Variable, codes: list[dict], taken: set) -> str:
    """A name for a scale that says what it holds: ``rating_0_10`` for a numeric scale
    of five or more consecutive codes, the labels for a short list of short labels
    (``ja_nee``), else the stem of the first variable's name (``tevr`` of ``tevr_zorg``).

    Parameters
    ----------
    var : Variable
        The first variable on the scale.
    codes : list of dict
        The scale's codes (``{"code", "label": {"nl"}}``).
    taken : set of str
        Names already used; a clash gets ``_2``, ``_3``, ...

    Returns
    -------
    str

    Examples
    --------
    >>> v = Variable("bek_zorg", None, {}, [], {}, None)
    >>> scale_name(v, [{"code": c, "label": {"nl": str(c)}} for c in range(11)], set())
    'rating_0_10'
    >>> scale_name(v, [{"code": 1, "label": {"nl": "Ja"}}, {"code": 2, "label": {"nl": "Nee"}}], {"ja_nee"})
    'ja_nee_2'
    >>> scale_name(v, [{"code": 1, "label": {"nl": "Zeer goed bekend"}}, {"code": 2, "label": {"nl": "x"}}], set())
    'bek'
    """
    values = [c["code"] for c in codes]
    labels = [c["label"]["nl"] for c in codes]
    if len(values) >= 5 and all(isinstance(c, int) for c in values) and values == list(range(values[0], values[-1] + 1)):
        base = f"rating_{values[0]}_{values[-1]}"
    elif len(labels) <= 3 and all(len(x) <= 12 and not re.search(r"\d", x) for x in labels):
        base = _slug("_".join(labels))
    else:
        base = _slug(var.name.split("_")[0] if "_" in var.name else var.name)
    base = base or "scale"
    name, k = base, 1
    while name in taken:
        k += 1
        name = f"{base}_{k}"
    return name


def measures_and_sectors(items: list[dict]) -> tuple[list[dict], list[dict]]:
    """A skeleton of ``measures:`` and ``sectors:`` from item ids like ``bek_zorg``, and
    each item's ``measure`` and ``sector`` filled in (the items are changed in place).

    An id ``stem_rest`` is measure ``stem`` in sector ``rest`` when the stem occurs with
    two or more rests and the rest with two or more stems; any other item is a measure
    of its own without a sector.

    Parameters
    ----------
    items : list of dict
        Draft items (``{"id": ...}``).

    Returns
    -------
    tuple of list
        ``(measures, sectors)``, each entry's texts marked TODO, in first-use order.

    Examples
    --------
    >>> items = [{"id": "bek_zorg"}, {"id": "bek_ict"}, {"id": "gebr_zorg"}, {"id": "gebr_ict"}]
    >>> measures, sectors = measures_and_sectors(items)
    >>> items[3]["measure"], items[3]["sector"], sectors[1]["label"]
    ('gebr', 'ict', {'nl': 'TODO ict'})
    """
    split = {i["id"]: i["id"].split("_", 1) for i in items if "_" in i["id"]}
    rests, stems = defaultdict(set), defaultdict(set)
    for stem, rest in split.values():
        rests[stem].add(rest)
        stems[rest].add(stem)
    measures, sectors = {}, {}
    for item in items:
        stem, rest = split.get(item["id"], (item["id"], None))
        if rest is not None and len(rests[stem]) >= 2 and len(stems[rest]) >= 2 and re.fullmatch(r"[a-z][a-z0-9_]*", rest):
            item["measure"], item["sector"] = stem, rest
            sectors.setdefault(rest, {"id": rest, "label": {"nl": f"TODO {rest}"},
                                      "collaborations": {"nl": "TODO"}})
        else:
            stem = item["id"]
            item["measure"] = stem
        measures.setdefault(stem, {"id": stem, "label": {"nl": f"TODO {stem}"},
                                   "caption": {"nl": f"TODO {stem} {{sector}}" if item.get("sector") else f"TODO {stem}"}})
    # key order as a person would write them
    for k, item in enumerate(items):
        items[k] = {key: item[key] for key in ("id", "sector", "measure", "column", "scale", "label") if key in item}
    return list(measures.values()), list(sectors.values())


def multi_response_sets(variables: list[Variable]) -> tuple[list[dict], set]:
    """Binary multi-response sets: three or more 0/1 variables ``stem_1``, ``stem_2``, ...

    Parameters
    ----------
    variables : list of Variable

    Returns
    -------
    tuple
        ``(sets, names)``: draft ``multi_response`` entries and the variable names in them.

    Examples
    --------
    >>> vs = [Variable(f"thema_{k}", None, {0: "Nee", 1: "Ja"}, [], {}, None) for k in (1, 2, 3)]
    >>> sets, names = multi_response_sets(vs)
    >>> sets[0]["columns"], sorted(names)
    ({1: 'thema_1', 2: 'thema_2', 3: 'thema_3'}, ['thema_1', 'thema_2', 'thema_3'])
    """
    groups = defaultdict(list)
    for var in variables:
        m = re.fullmatch(r"(.+?)_?(\d+)", var.name)
        if m and sorted(map(str, var.value_labels)) == ["0", "1"]:
            groups[m.group(1)].append((int(m.group(2)), var))
    sets, names = [], set()
    for stem, members in groups.items():
        if len(members) < 3:
            continue
        members.sort(key=lambda kv: kv[0])
        sets.append({"id": _slug(stem), "label": {"nl": f"TODO {stem}"}, "format": "binary",
                     "columns": {k: v.name for k, v in members},
                     "codes": [{"code": k, "label": {"nl": v.label if v.label and v.label != v.name else f"TODO {v.name}"}}
                               for k, v in members]})
        names |= {v.name for _, v in members}
    return sets, names


def routing_hints(variables: list[Variable], type_var: Variable | None, types: list[dict]) -> dict:
    """For each item that is blank exactly when an earlier item has certain values (or
    the respondent is of certain types), the rule that says so.

    Parameters
    ----------
    variables : list of Variable
        The items' variables in file order (``values`` set).
    type_var : Variable or None
        The respondent-type column, if any.
    types : list of dict
        The drafted respondent types (their ids name the type codes).

    Returns
    -------
    dict
        Item id -> hint text with the ``asked_if`` (or ``respondent_types``) to check.

    Examples
    --------
    >>> import pandas as pd
    >>> fam = Variable("bek", None, {1: "Ja", 2: "Nee"}, [], {}, pd.Series([1.0, 2.0, 1.0, 2.0]))
    >>> use = Variable("gebr", None, {1: "Ja", 2: "Nee"}, [], {}, pd.Series([2.0, None, 1.0, None]))
    >>> routing_hints([fam, use], None, [])
    {'gebr': 'blank exactly when bek is not 1; asked_if: "bek == 1"'}
    """
    hints = {}
    for k, var in enumerate(variables):
        if var.values is None:
            continue
        blank = var.values.isna().to_numpy()
        if not blank.any() or blank.all():
            continue
        for other in reversed(variables[:k]):
            rule = _opening_values(other.values, blank)
            if rule is not None:
                values = ", ".join(map(str, rule))
                test = f"{_slug_id(other.name)} == {values}" if len(rule) == 1 else \
                    f"{_slug_id(other.name)} in [{values}]"
                hints[_slug_id(var.name)] = f'blank exactly when {_slug_id(other.name)} is not {values}; asked_if: "{test}"'
                break
        else:
            if type_var is not None and type_var.values is not None:
                rule = _opening_values(type_var.values, blank)
                if rule is not None:
                    ids = {str(c): t["id"] for c, t in zip(type_var.value_labels, types)}
                    asked = [ids.get(str(c), str(c)) for c in rule]
                    hints[_slug_id(var.name)] = ("blank exactly for the other respondent types; "
                                                 f"respondent_types: [{', '.join(asked)}]")
    return hints


def _slug_id(name: str) -> str:
    s = re.sub(r"[^A-Za-z0-9_]+", "_", str(name)).strip("_").lower()
    return s if s and s[0].isalpha() else "v_" + s


def _opening_values(values: pd.Series | None, blank: np.ndarray):
    """The values of ``values`` that go with a filled cell, when the cell is blank for
    exactly the other values; None when there is no such rule."""
    if values is None or values.isna().any():
        return None
    keys = values.map(lambda v: int(v) if isinstance(v, float) and float(v).is_integer() else v).to_numpy()
    open_ = set(keys[~blank])
    closed = set(keys[blank])
    if open_ & closed or not closed:
        return None
    return sorted(open_, key=lambda v: (0, float(v), "") if isinstance(v, (int, float)) else (1, 0, str(v)))
