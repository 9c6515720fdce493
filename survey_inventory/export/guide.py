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
        Publisher and fieldwork, then the study's note (where the codebook has one).

    Examples
    --------
    >>> from survey_inventory.datasets import load_example
    >>> cb, study, dist = load_example()
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


def reading_guide(codebook, lang=None, rounding: str | None = None, *,
                  numbers: list[str] | None = None) -> tuple[str, list[str]]:
    """The heading and paragraphs of the reading guide: how the figures of this run are built.

    Only what is true of the run is said: the colours of its scales (a blue ramp for
    ordered scales, distinct colours and hatches for unordered ones), its rounding rule,
    how its figures are numbered (with a letter only where some number carries one),
    whether some question was routed, and "the report" only when the codebook names a
    published report (:func:`~survey_inventory.render.plan.has_published_report`).

    Parameters
    ----------
    codebook : survey_inventory.codebook.Codebook
    lang : {"nl", "en"}, optional
        Default: the study's language.
    rounding : str, optional
        One of :data:`survey_inventory.options.ROUNDING_RULES`; the guide explains it.
    numbers : list of str, optional
        The bar figures' numbers in this run; default: those of every item and
        respondent type the codebook declares
        (:func:`~survey_inventory.estimate.distributions.figure_numbers`).

    Returns
    -------
    (str, list of str)
        The heading and the paragraphs.

    Examples
    --------
    >>> from survey_inventory.datasets import load_example
    >>> cb, study, dist = load_example()
    >>> title, lines = reading_guide(cb, "en", "truncate")
    >>> title, lines[3][:30]
    ('How to read this report', 'Percentages are rounded down; ')
    >>> lines[-2]
    "Figures and tables the report has keep the report's number. What the report lacks gets the number \
before it plus a letter (for example 4.2a)."
    """
    from ..estimate.distributions import figure_numbers, numbering_scheme
    from ..render.notes import is_routed
    from ..render.plan import has_published_report

    lang = lang or codebook.study.language
    used = [codebook.scale(s) for s in dict.fromkeys(item.scale for item in codebook.items)]
    apart = []
    for scale in used:
        for code in scale.codes:
            if not code.substantive:
                label = codebook.label(code.label, lang)
                if label not in apart:
                    apart.append(label)
    bars = say("guide:bars", lang)
    if any(scale.ordinal for scale in used):
        bars += " " + say("guide:colours_ordinal", lang)
    if any(not scale.ordinal for scale in used):
        bars += " " + say("guide:colours_nominal", lang)
    lines = [bars, say("guide:zero", lang)]
    if apart:
        lines.append(say("guide:apart", lang, labels=", ".join(f"'{x}'" for x in apart)))
    report = has_published_report(codebook)
    if rounding in ROUNDING_RULES:
        text = say("guide:" + rounding, lang)
        if report and getattr(codebook, "published_rounding", None) == rounding:
            text += " " + say("guide:rounding_as_report", lang)
        lines.append(text)
    pairs = [(item.id, t) for item in codebook.items
             for t in (item.respondent_types or [rt.id for rt in codebook.respondent_types])]
    base = say("guide:base", lang)
    if any(is_routed(codebook, codebook.item(i), t) for i, t in pairs):
        base += " " + say("guide:routed", lang)
    lines.append(base)
    if numbers is None:
        numbers = list(figure_numbers(pairs, codebook).values())
    lines.append(_numbering(codebook, lang, numbers, report, numbering_scheme(codebook)))
    appendix = say("guide:appendix_b", lang)
    if any(item.sector for item in codebook.items):
        appendix = say("guide:appendix_a", lang) + " " + appendix
    lines.append(appendix)
    return say("guide:title", lang), lines


def _numbering(codebook, lang, numbers, report, scheme) -> str:
    """The sentence on figure numbers, for the scheme this run used."""
    if scheme == "flat":
        return say("guide:numbers_flat", lang)
    if scheme == "per-sector":
        first = numbers[0] if numbers else "2.1"
        chapter = first.split(".")[0]
        text = say("guide:numbers_per_sector", lang, first=f"{chapter}.1", second=f"{chapter}.2")
        if any(not item.sector for item in codebook.items) and any(item.sector for item in codebook.items):
            text += " " + say("guide:numbers_other", lang)
        return text
    text = say("guide:numbers_report" if report else "guide:numbers_codebook", lang)
    lettered = [n for n in numbers if len(n) > 1 and n[-1].isalpha() and n[-2].isdigit()]
    if lettered:
        text += " " + say("guide:letters_report" if report else "guide:letters_codebook", lang, example=lettered[0])
    return text
