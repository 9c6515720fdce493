"""Figure captions: a codebook's caption templates filled in, with the catalogue's words.

The words of a caption come from two places only: the study's own words from its
codebook (the measure's caption template, the sector and respondent-type labels) and
the fixed words ("Figuur", "onder") from :mod:`survey_inventory.phrases`.
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..phrases import say

if TYPE_CHECKING:
    from .model import Codebook, Item

__all__ = ["figure_caption"]


def figure_caption(codebook: Codebook, item: Item, type_id: str, n: int | None, lang: str | None = None,
                   numbered: bool = True) -> str:
    """A figure caption like the report's: "Figuur 2.3 Bekendheid met regionale
    wgo's zorg en welzijn, onder provincies (N = 9)".

    Parameters
    ----------
    codebook : Codebook
        The study's codebook.
    item : Item
        The item the figure shows.
    type_id : str
        The respondent type the figure is about.
    n : int or None
        The base printed as ``(N = n)``; None prints none.
    lang : str, optional
        ``"nl"`` or ``"en"``; default the study's language.
    numbered : bool
        Start with the item's figure number for this type, if it has one.

    Returns
    -------
    str
        The item's measure caption template with ``{sector}`` and ``{collaborations}``
        filled from its sector (the item's label, or its id, when it has no measure),
        then "among" the respondent type's label, the base and the figure number.

    Examples
    --------
    >>> from survey_inventory.codebook.model import Codebook, _EXAMPLE
    >>> cb = Codebook.model_validate(_EXAMPLE)
    >>> figure_caption(cb, cb.item("fam"), "province", 9, "en")
    'Figure 2.3 Familiarity with wgo in care, among provinces (N = 9)'
    >>> figure_caption(cb, cb.item("fam"), "amr", None)
    "Bekendheid met wgo zorg, onder AMR's"
    """
    lang = lang or codebook.study.language
    fields = {"sector": "", "collaborations": ""}
    if item.sector:
        sec = codebook.sector(item.sector)
        fields = {"sector": codebook.label(sec.label, lang), "collaborations": codebook.label(sec.collaborations, lang)}
    try:
        template = codebook.label(codebook.measure(item.measure).caption, lang)
    except KeyError:
        template = codebook.label(item.label, lang) or item.id
    text = _fill(template, fields)
    text += f", {say('caption_among', lang)} {codebook.label(codebook.respondent_type(type_id).label, lang)}"
    if n is not None:
        text += f" (N = {n})"
    figure = item.figures.get(type_id)
    if numbered and figure:
        text = f"{say('figure', lang)} {figure} {text}"
    return text


def _fill(template: str, fields: dict) -> str:
    """Replace ``{name}`` placeholders; no format-string machinery on user text."""
    return re.sub(r"\{(\w+)\}", lambda m: fields.get(m.group(1), m.group(0)), template).strip()
