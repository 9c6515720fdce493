"""Cross-reference checks: every name one part of a codebook uses is defined in another.

The model (:mod:`survey_inventory.codebook.model`) checks each entry on its own; this
module checks the codebook as a whole: ids used twice, an item's scale, sector,
measure, collapse and routing names, the respondent types and sources that sources,
items, open questions and multi-response sets name. Every problem is one line with
its YAML path, so a user can fix them all in one go.
"""
from __future__ import annotations

from pathlib import Path

from .model import SOURCE_FORMATS, Codebook
from .routing import RoutingSyntaxError, parse as parse_routing

__all__ = ["cross_references"]


def cross_references(cb: Codebook) -> list[str]:
    """Every name the codebook uses that it does not define, one problem per line.

    Parameters
    ----------
    cb : Codebook
        A codebook that passed the model's own validation.

    Returns
    -------
    list of str
        ``"<YAML path>: <problem>"`` for each problem, in codebook order; empty when
        every reference resolves.

    Examples
    --------
    >>> from survey_inventory.codebook.model import _EXAMPLE
    >>> cross_references(Codebook.model_validate(_EXAMPLE))
    []
    >>> broken = {**_EXAMPLE, "items": [{**_EXAMPLE["items"][0], "scale": "nope", "asked_if": "ghost == 1"}]}
    >>> cross_references(Codebook.model_validate(broken))
    ["items[0].scale: unknown scale 'nope'", "items[0].asked_if: unknown item 'ghost'"]
    """
    names = _Names(cb)
    return [problem for check in _CHECKS for problem in check(cb, names)]


class _Names:
    """The ids each section defines, for the checks below."""

    def __init__(self, cb: Codebook):
        self.types = {t.id for t in cb.respondent_types}
        self.sectors = {s.id for s in cb.sectors}
        self.measures = {m.id for m in cb.measures}
        self.items = {i.id for i in cb.items}
        self.sources = {s.id for s in cb.sources}


def _unique_ids(cb: Codebook, names: _Names) -> list[str]:
    problems = []
    for objs, what in ((cb.respondent_types, "respondent_types"), (cb.sectors, "sectors"),
                       (cb.items, "items"), (cb.sources, "sources"), (cb.measures, "measures"),
                       (cb.multi_response, "multi_response"), (cb.open_text, "open_text")):
        problems += _used_twice(what, "id", [o.id for o in objs])
    return problems


def _used_twice(section: str, key: str, values) -> list[str]:
    """Each repeat of a value of ``section[k].key`` (the first one is fine)."""
    problems, seen = [], set()
    for k, value in enumerate(values):
        if value in seen:
            problems.append(f"{section}[{k}].{key}: {value!r} is used twice")
        seen.add(value)
    return problems


def _respondent_types(cb: Codebook, names: _Names) -> list[str]:
    return [f"respondent_types[{k}].targeted: {t.targeted} is more than the population {t.population}"
            for k, t in enumerate(cb.respondent_types)
            if t.population is not None and t.targeted is not None and t.targeted > t.population]


def _interviews(cb: Codebook, names: _Names) -> list[str]:
    return [f"interviews[{k}].sector: unknown sector {iv.sector!r}"
            for k, iv in enumerate(cb.interviews) if iv.sector not in names.sectors]


def _sources(cb: Codebook, names: _Names) -> list[str]:
    problems = []
    for k, src in enumerate(cb.sources):
        if src.resolved_format not in SOURCE_FORMATS:
            problems.append(f"sources[{k}].format: cannot tell the format of {src.file!r}; "
                            "say format: csv, xlsx, sav or parquet")
        if ".." in Path(src.file).parts and Path(src.file).is_absolute():
            problems.append(f"sources[{k}].file: absolute path with '..'")
        rt = src.respondent_type   # one type, or a column's values mapped to types
        named = [rt] if isinstance(rt, str) else rt.values.values()
        problems += _types(f"sources[{k}].respondent_type", named, names)
    return problems


def _items(cb: Codebook, names: _Names) -> list[str]:
    problems = []
    for k, item in enumerate(cb.items):
        at = f"items[{k}]"
        if item.scale not in cb.scales:
            problems.append(f"{at}.scale: unknown scale {item.scale!r}")
        elif item.report_collapse and item.report_collapse not in cb.scales[item.scale].collapses:
            problems.append(f"{at}.report_collapse: scale {item.scale!r} has no collapse {item.report_collapse!r}")
        problems += _sector(at, item.sector, names)
        if cb.measures and item.measure not in names.measures:
            problems.append(f"{at}.measure: unknown measure {item.measure!r}")
        problems += _types(at, list(item.figures) + list(item.respondent_types or []), names)
        if item.asked_if:
            problems += _routing(at, item, names)
    return problems


def _routing(at: str, item, names: _Names) -> list[str]:
    try:
        rule = parse_routing(item.asked_if)
    except RoutingSyntaxError as exc:
        return [f"{at}.asked_if: {exc}"]
    problems = [f"{at}.asked_if: unknown item {name!r}"
                for name in sorted(rule.names - names.items - {"respondent_type"})]
    if item.id in rule.names:
        problems.append(f"{at}.asked_if: an item cannot be routed on itself")
    return problems


def _sector(at: str, sector_id, names: _Names) -> list[str]:
    """An unknown sector named at ``at`` (none when ``sector_id`` is None or known)."""
    if sector_id is None or sector_id in names.sectors:
        return []
    return [f"{at}.sector: unknown sector {sector_id!r}"]


def _types(at: str, type_ids, names: _Names) -> list[str]:
    """The unknown respondent types among ``type_ids``, named at ``at``, in their order."""
    return [f"{at}: unknown respondent type {t!r}" for t in type_ids if t not in names.types]


def _scope(at: str, spec, names: _Names) -> list[str]:
    """The sector, respondent types and source a multi-response set or open question is for."""
    problems = _sector(at, spec.sector, names) + _types(f"{at}.respondent_types", spec.respondent_types or [], names)
    if spec.source is not None and spec.source not in names.sources:
        problems.append(f"{at}.source: unknown source {spec.source!r}")
    return problems


def _open_text(cb: Codebook, names: _Names) -> list[str]:
    problems = []
    for k, ot in enumerate(cb.open_text):
        at = f"open_text[{k}]"
        if ot.id in names.items:
            problems.append(f"{at}.id: {ot.id!r} is also an item's id")
        problems += _scope(at, ot, names)
    return problems


def _multi_response(cb: Codebook, names: _Names) -> list[str]:
    problems = []
    for k, mr in enumerate(cb.multi_response):
        at = f"multi_response[{k}]"
        problems += _scope(at, mr, names)
        if mr.columns:
            codes = {str(c.code) for c in mr.codes}
            for code in mr.columns:
                if str(code) not in codes:
                    problems.append(f"{at}.columns: code {code!r} is not in codes")
    return problems


def _presentation(cb: Codebook, names: _Names) -> list[str]:
    """The inventory's party types and legal forms listed once; comparisons of known measures."""
    problems = (_used_twice("inventory_parties", "id", [party.id for party in cb.inventory_parties])
                + _used_twice("inventory_legal_forms", "code", [form.code for form in cb.inventory_legal_forms]))
    for k, pair in enumerate(cb.comparisons):
        for key in ("filter", "follow_up"):
            if getattr(pair, key) not in names.measures:
                problems.append(f"comparisons[{k}].{key}: unknown measure {getattr(pair, key)!r}")
    return problems


#: The checks in the order their problems are listed (a new section's check goes here).
_CHECKS = (_unique_ids, _respondent_types, _interviews, _sources, _items, _open_text, _multi_response,
           _presentation)
