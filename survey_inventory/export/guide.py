"""The reading guide and study lines at the top of the Word and HTML reports.

How the figures are built, in the reader's language: bars of 100% in scale order,
categories nobody chose, answers outside the scale, the rounding rule, the base N and
the figure numbers. Every sentence comes from the phrase catalogue (``guide:*``).
"""
from __future__ import annotations

from ..options import ROUNDING_RULES
from ..phrases import say

__all__ = ["reading_guide", "study_lines"]


def study_lines(codebook, lang) -> list[str]:
    """The lines under the report's title: publisher and fieldwork, the study's note.

    Parameters
    ----------
    codebook : survey_inventory.codebook.Codebook
    lang : {"nl", "en"}

    Returns
    -------
    list of str

    Examples
    --------
    >>> from pathlib import Path
    >>> import survey_inventory
    >>> from survey_inventory.codebook import load_codebook
    >>> cb = load_codebook(Path(survey_inventory.__file__).parents[1] / "codebooks" / "bartels-2025.yaml")
    >>> len(study_lines(cb, "nl")) >= 1
    True
    """
    lines = []
    publisher, fieldwork = codebook.label(codebook.study.publisher, lang), codebook.label(codebook.study.fieldwork, lang)
    if publisher or fieldwork:
        lines.append(", ".join(x for x in (publisher, fieldwork) if x))
    if codebook.study.note:
        lines.append(codebook.label(codebook.study.note, lang))
    return lines


def reading_guide(codebook, lang=None, rounding: str | None = None) -> tuple[str, list[str]]:
    """The heading and paragraphs of the reading guide: how the figures are built.

    Parameters
    ----------
    codebook : survey_inventory.codebook.Codebook
    lang : {"nl", "en"}, optional
        Default: the study's language.
    rounding : str, optional
        One of :data:`survey_inventory.options.ROUNDING_RULES`; the guide explains it.

    Returns
    -------
    (str, list of str)
        The heading and the paragraphs.

    Examples
    --------
    >>> from pathlib import Path
    >>> import survey_inventory
    >>> from survey_inventory.codebook import load_codebook
    >>> cb = load_codebook(Path(survey_inventory.__file__).parents[1] / "codebooks" / "bartels-2025.yaml")
    >>> title, lines = reading_guide(cb, "en", "truncate")
    >>> title, lines[3][:30]
    ('How to read this report', 'Percentages are rounded down; ')
    """
    lang = lang or codebook.study.language
    apart = []
    for scale_id in dict.fromkeys(item.scale for item in codebook.items):
        for code in codebook.scale(scale_id).codes:
            if not code.substantive:
                label = codebook.label(code.label, lang)
                if label not in apart:
                    apart.append(label)
    lines = [say("guide:bars", lang), say("guide:zero", lang)]
    if apart:
        lines.append(say("guide:apart", lang, labels=", ".join(f"'{x}'" for x in apart)))
    if rounding in ROUNDING_RULES:
        lines.append(say("guide:" + rounding, lang))
    lines += [say("guide:base", lang), say("guide:numbers", lang)]
    return say("guide:title", lang), lines
