"""Who was asked: the routing note and the item non-response note under a figure.

A routing rule (``asked_if``, :mod:`survey_inventory.codebook.routing`) may treat
respondent types differently, so the note under a figure is derived from the rule
*for that figure's respondent type*: the rule's tests on ``respondent_type`` are
decided for the type, and what is left says who of that type was asked.

* Nothing left (or only "the filter question was answered"): the item is not routed
  for this type. Whoever answered the filter was asked, so a smaller N is item
  non-response, and the note says so: "N = 8 van 9 regionale scholingsfondsen; geen
  antwoord op de vraag over bekendheid: 1."
* Otherwise the item is routed for this type. The note is the item's ``asked_note``
  from the codebook if it has one, else made from the filter question's label and the
  codes that open it: "Alleen gevraagd aan wie bij 'Kent u het ontwikkelpunt?'
  antwoordde: Ja (N = 54 van 120 gemeenten)."

Only words of the codebook and of the phrase catalogue are printed; the rule is
evaluated by the routing module's own evaluator on the filter's scale codes, never by
``eval``.
"""
from __future__ import annotations

import pandas as pd

from ..codebook.routing import Rule
from ..phrases import say

__all__ = ["asked_for_type", "is_routed", "routing_text", "who_was_asked"]

_TYPE = "respondent_type"


def asked_for_type(codebook, item, type_id: str):
    """The item's routing rule with ``respondent_type`` decided for ``type_id``.

    Parameters
    ----------
    codebook : survey_inventory.codebook.Codebook
    item : survey_inventory.codebook.Item
    type_id : str

    Returns
    -------
    True or tuple
        True when every respondent of the type was asked; else the remaining parse
        tree (see :class:`~survey_inventory.codebook.routing.Rule`), without tests
        for "answered" that another test of the same question already implies.

    Examples
    --------
    >>> from survey_inventory.codebook import codebook_from_dict
    >>> from survey_inventory.codebook.model import _EXAMPLE
    >>> cb = codebook_from_dict({**_EXAMPLE, "items": [_EXAMPLE["items"][0], {**_EXAMPLE["items"][1],
    ...     "asked_if": "fam is not missing and (respondent_type == amr or fam != 2)"}]})
    >>> asked_for_type(cb, cb.item("inv"), "province"), asked_for_type(cb, cb.item("inv"), "amr")
    (('cmp', 'fam', '!=', 2), ('not', ('missing', 'fam')))
    """
    rule = codebook.routing(item)
    if rule is None:
        return True
    tree = _decide(rule.tree, type_id)
    if isinstance(tree, bool):
        return tree
    parts = _conjuncts(tree)
    kept = [p for p in parts if not (_answered_name(p) and any(_needs(q, _answered_name(p)) for q in parts
                                                                 if _answered_name(q) is None))]
    out = kept[0]
    for p in kept[1:]:
        out = ("and", out, p)
    return out


def is_routed(codebook, item, type_id: str) -> bool:
    """Whether only some respondents of the type were asked the item (more than "whoever
    answered the filter question").

    Examples
    --------
    >>> from survey_inventory.codebook.model import Codebook, _EXAMPLE
    >>> cb = Codebook.model_validate(_EXAMPLE)
    >>> is_routed(cb, cb.item("inv"), "province"), is_routed(cb, cb.item("fam"), "province")
    (True, False)
    """
    tree = asked_for_type(codebook, item, type_id)
    return tree is not True and not all(_answered_name(p) for p in _conjuncts(tree))


def routing_text(codebook, item, type_id: str, lang: str) -> str | None:
    """Who of the type was asked, in words; None when the item is not routed for the type.

    The item's ``asked_note`` when the codebook gives one, else made from the filter
    question's label and the labels of the codes that open it.

    Examples
    --------
    >>> from survey_inventory.codebook.model import Codebook, _EXAMPLE
    >>> cb = Codebook.model_validate(_EXAMPLE)
    >>> routing_text(cb, cb.item("inv"), "province", "en")
    "Only asked of those who answered 'Familiarity (care)' with: Good"
    """
    if not is_routed(codebook, item, type_id):
        return None
    own = getattr(item, "asked_note", None)
    if own is not None and codebook.label(own, lang):
        return codebook.label(own, lang).strip().rstrip(".")
    tree = asked_for_type(codebook, item, type_id)
    clauses = []
    for part in _conjuncts(tree):
        clause = _clause(codebook, part, lang)
        if clause is None:  # a test this module cannot put in words: the rule as written
            return say("routed_rule", lang, rule=item.asked_if)
        clauses.append(clause)
    return say("routed_generated", lang, clauses=say("and_join", lang).join(clauses))


def who_was_asked(rows: pd.DataFrame, codebook, lang: str) -> list[str]:
    """The note on who was asked, for the rows of one figure: a routing note or an item
    non-response note (none when every respondent of the type answered).

    Parameters
    ----------
    rows : pandas.DataFrame
        The rows of one (item, respondent type) of ``distributions`` (``base_n``,
        ``sample_n``, ``asked_n``).
    codebook : survey_inventory.codebook.Codebook
    lang : {"nl", "en"}

    Returns
    -------
    list of str
        At most one note.

    Examples
    --------
    >>> import pandas as pd
    >>> from survey_inventory.codebook.model import Codebook, _EXAMPLE
    >>> cb = Codebook.model_validate(_EXAMPLE)
    >>> rows = pd.DataFrame({"item": ["fam"], "respondent_type": ["province"], "base_n": [8], "sample_n": [9],
    ...                      "asked_n": [9]})
    >>> who_was_asked(rows, cb, "en")
    ['N = 8 of 9 provinces; no answer to this question: 1.']
    """
    first = rows.iloc[0]
    item = codebook.item(first["item"])
    type_id = first["respondent_type"]
    base, sample = int(first["base_n"]), int(first["sample_n"])
    asked = int(first.get("asked_n", sample))
    types = codebook.label(codebook.respondent_type(type_id).label, lang)
    text = routing_text(codebook, item, type_id, lang)
    if text is not None:
        return [say("routed", lang, rule=text, base=base, sample=sample, types=types)]
    if base >= sample:
        return []
    notes = []
    tree = asked_for_type(codebook, item, type_id)
    filters = [] if tree is True else [_answered_name(p) for p in _conjuncts(tree)]
    skipped_filter = sample - asked
    if filters and skipped_filter > 0:
        question = _question(codebook, filters[0], lang)
        notes.append(say("nonresponse_filter", lang, base=base, sample=sample, types=types, question=question,
                         k=skipped_filter))
        if asked - base > 0:
            notes.append(say("nonresponse_more", lang, k=asked - base))
        return [" ".join(notes)]
    return [say("nonresponse", lang, base=base, sample=sample, types=types, k=sample - base)]


# -- the rule with the respondent type decided ----------------------------------------------

def _decide(tree, type_id):
    kind = tree[0]
    if kind in ("and", "or"):
        left, right = _decide(tree[1], type_id), _decide(tree[2], type_id)
        absorbing = kind == "or"  # True absorbs "or", False absorbs "and"
        for a, b in ((left, right), (right, left)):
            if isinstance(a, bool):
                return absorbing if a == absorbing else b
        return (kind, left, right)
    if kind == "not":
        inner = _decide(tree[1], type_id)
        return (not inner) if isinstance(inner, bool) else ("not", inner)
    if tree[1] != _TYPE:
        return tree
    if kind == "missing":
        return False
    if kind == "cmp":
        if tree[2] == "==":
            return type_id == str(tree[3])
        if tree[2] == "!=":
            return type_id != str(tree[3])
        return False
    hit = type_id in {str(v) for v in tree[2]}
    return hit if kind == "in" else not hit


def _conjuncts(tree) -> list:
    if isinstance(tree, tuple) and tree[0] == "and":
        return _conjuncts(tree[1]) + _conjuncts(tree[2])
    return [tree]


def _answered_name(node):
    """The question's id when ``node`` is "<question> is not missing", else None."""
    if isinstance(node, tuple) and node[0] == "not" and node[1][0] == "missing":
        return node[1][1]
    return None


def _needs(node, name) -> bool:
    """Whether ``node`` is false whenever question ``name`` has no answer."""
    kind = node[0]
    if kind in ("cmp", "in", "notin"):
        return node[1] == name
    if kind == "and":
        return _needs(node[1], name) or _needs(node[2], name)
    if kind == "or":
        return _needs(node[1], name) and _needs(node[2], name)
    return _answered_name(node) == name


def _names(node) -> set:
    if node[0] in ("and", "or"):
        return _names(node[1]) | _names(node[2])
    if node[0] == "not":
        return _names(node[1])
    return {node[1]}


# -- in words --------------------------------------------------------------------------------

def _question(codebook, item_id, lang) -> str:
    """The filter question as a reader knows it: its label, else its measure and sector."""
    item = codebook.item(item_id)
    label = codebook.label(item.label, lang)
    if label:
        return say("question_label", lang, label=label)
    return say("question_about", lang, measure=_measure_sector(codebook, item, lang, lower=True))


def _measure_sector(codebook, item, lang, lower=False) -> str:
    try:
        text = codebook.label(codebook.measure(item.measure).label, lang)
    except KeyError:
        text = item.measure
    text = text[:1].lower() + text[1:] if lower else text
    if item.sector:
        text += f" ({codebook.label(codebook.sector(item.sector).label, lang)})"
    return text


def _clause(codebook, node, lang) -> str | None:
    names = _names(node)
    if len(names) != 1:
        return None
    name = next(iter(names))
    try:
        item = codebook.item(name)
    except KeyError:
        return None
    label = codebook.label(item.label, lang) or _measure_sector(codebook, item, lang)
    if _answered_name(node):
        return say("clause_answered", lang, question=label)
    codes = [c for c in codebook.scale(item.scale).codes]
    opens = Rule(text="", tree=node, names=frozenset(names)).evaluate(
        pd.DataFrame({name: pd.Series([c.code for c in codes], dtype=object)}))
    labels = [codebook.label(c.label, lang) for c, hit in zip(codes, opens) if hit]
    if not labels:
        return None
    listed = labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + say("or_last", lang) + labels[-1]
    return say("clause_codes", lang, question=label, codes=listed)
