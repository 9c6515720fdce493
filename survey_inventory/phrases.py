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
}

_ESTIMATE = {
}

_COMPARE = {
    # notes of comparisons.csv (written in English today: see estimate/_comparison_rows.py)
    "compare_process_note": ("p behandelt de respondenten als steekproef uit een proces (geen eindige-populatiecorrectie)",
                             "p treats the respondents as a sample from a process (no finite population correction)"),
    "compare_no_valid_answers": ("geen geldige antwoorden van {types}", "no valid answers from {types}"),
    "compare_complete_sectors": ("volledige gevallen: respondenten die voor elke sector antwoordden",
                                 "complete cases: respondents who answered for every sector"),
    "compare_active": ("'actief betrokken' ja/nee, volledige gevallen; niet gevraagd door de routing telt als nee; "
                       "{dont_know}",
                       "'actively involved' yes/no, complete cases; routed past the question counts as no; "
                       "{dont_know}"),
    "compare_dont_know_no": ("'weet ik niet' telt als nee", "'weet ik niet' counts as no"),
    "compare_dont_know_out": ("'weet ik niet' weggelaten", "'weet ik niet' left out"),
    "compare_answered_both": ("respondenten die beide vragen beantwoordden (wie niet gevraagd werd en niet-inhoudelijke "
                              "antwoorden weggelaten)",
                              "respondents who answered both (routed out and non-substantive answers left out)"),
    "compare_adjustment": ("{method} ({m} vergelijkingen)", "{method} ({m} comparisons)"),
    # --min-cell (survey_inventory.privacy.suppress_small_groups)
    "compare_suppressed_group": ("onderdrukt: een groep heeft minder dan {k} respondenten (--min-cell {k})",
                                 "suppressed: a group has fewer than {k} respondents (--min-cell {k})"),
    "compare_suppressed_input": ("onderdrukt: berekend uit een verdeling met onderdrukte cellen (--min-cell {k})",
                                 "suppressed: computed from a distribution with suppressed cells (--min-cell {k})"),
    "compare_suppressed_holm": ("Holm-gecorrigeerde p onderdrukt: zijn familie heeft een onderdrukte rij",
                                "Holm-adjusted p suppressed: its family has a suppressed row"),
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
