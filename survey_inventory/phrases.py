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
}

_RENDER = {
}

_REPORT = {
}

_PROSE = {
    # draft text beside the figures (render/prose.py, export/texts.py); scale in docs/draft_text.md
    "prose_draft_mark": ("Concepttekst — controleer voor gebruik", "Draft text — check before use"),
    "prose_title": ("Concepttekst bij de figuren", "Draft text for the figures"),
    "prose_scale_note": ("De woorden volgen een vaste schaal (docs/draft_text.md). Waar het "
                         "betrouwbaarheidsinterval het woord niet draagt, staat alleen het aantal.",
                         "The words follow a fixed scale (docs/draft_text.md). Where the confidence interval "
                         "does not support the word, only the count is given."),
    "prose_sentence": ("{subject} ({count} van de {base}) {verb} {category} op de vraag naar {measure}.",
                       "{subject} ({count} of {base}) {verb} {category} when asked about {measure}."),
    "prose_sentence_count": ("Van de {base} {types} {verb} {count} {category} op de vraag naar {measure}.",
                             "Of the {base} {types}, {count} {verb} {category} when asked about {measure}."),
    "prose_or": ("of", "or"),
    "prose_no_answers": ("Voor deze figuur zijn geen antwoorden te beschrijven.",
                         "This figure has no answers to describe."),
    "prose_verb_sg": ("antwoordt", "answers"),
    "prose_verb_pl": ("antwoorden", "answer"),
    "prose_q_none": ("geen van de {types}", "none of the {types}"),
    "prose_q_one": ("één van de {types}", "one of the {types}"),
    "prose_q_few": ("enkele {types}", "a few {types}"),
    "prose_q_quarter": ("een kwart van de {types}", "a quarter of the {types}"),
    "prose_q_third": ("een derde van de {types}", "a third of the {types}"),
    "prose_q_nearly_half": ("bijna de helft van de {types}", "almost half of the {types}"),
    "prose_q_half": ("de helft van de {types}", "half of the {types}"),
    "prose_q_small_majority": ("een kleine meerderheid van de {types}", "a small majority of the {types}"),
    "prose_q_two_thirds": ("twee derde van de {types}", "two thirds of the {types}"),
    "prose_q_large_majority": ("een ruime meerderheid van de {types}", "a large majority of the {types}"),
    "prose_q_nearly_all": ("vrijwel alle {types}", "almost all {types}"),
    "prose_q_all": ("alle {types}", "all {types}"),
    "prose_q_majority": ("een meerderheid van de {types}", "a majority of the {types}"),
    # slides (export/pptx.py)
    "slides_source": ("Bron: {publisher}, {title}", "Source: {publisher}, {title}"),
    "slides_source_title": ("Bron: {title}", "Source: {title}"),
    "slides_response": ("Respons", "Response"),
    "slides_fieldwork": ("Veldwerk: {fieldwork}", "Fieldwork: {fieldwork}"),
}

PHRASES: dict[str, tuple[str, str]] = {**_CODEBOOK, **_ESTIMATE, **_COMPARE, **_RENDER, **_REPORT, **_PROSE}


def say(key: str, lang: str = "nl", **fields) -> str:
    """The phrase ``key`` in ``lang`` (``"nl"`` or ``"en"``), its ``{fields}`` filled.

    Examples
    --------
    >>> say("figure", "nl")
    'Figuur'
    """
    text = PHRASES[key][1 if lang == "en" else 0]
    return text.format(**fields) if fields else text
