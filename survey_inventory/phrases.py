"""The phrase catalogue: every fixed word a reader sees, in Dutch and English.

Labels of *a study* (its questions, categories, sectors, respondent types) come from
its codebook; every other reader-facing phrase comes from here, so a new language or
a better wording is one change in one file. Each entry is ``key: (nl, en)``; fields in
braces are filled by :func:`say`.

>>> from survey_inventory.phrases import say
>>> say("figure", "en")
'Figure'
"""
from __future__ import annotations

__all__ = ["PHRASES", "say"]

# Sections per stage keep related phrases together; keys are unique across them.

_CODEBOOK = {
    "figure": ("Figuur", "Figure"),
    "caption_among": ("onder", "among"),   # "..., onder provincies (N = 9)"
}

_ESTIMATE = {
    # response table (report Tabel 1.1): its group headings and total row
    "response_table_collaborations": ("Regionale sectorale samenwerkingsverbanden", "Regional sectoral collaborations"),
    "response_table_other_parties": ("Overige partijen", "Other parties"),
    "response_table_total": ("Respons", "Response"),
}

_COMPARE = {
}

_RENDER = {
}

_REPORT = {
}

PHRASES: dict[str, tuple[str, str]] = {**_CODEBOOK, **_ESTIMATE, **_COMPARE, **_RENDER, **_REPORT}


def say(key: str, lang: str = "nl", **fields) -> str:
    """The phrase ``key`` in ``lang`` (``"nl"`` or ``"en"``), its ``{fields}`` filled.

    Examples
    --------
    >>> say("figure", "nl")
    'Figuur'
    """
    text = PHRASES[key][1 if lang == "en" else 0]
    return text.format(**fields) if fields else text
