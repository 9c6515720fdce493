"""Render: figures and display tables from the estimated tables.

* :mod:`survey_inventory.render.figures` draws the report's 100% stacked bars and
  an overview per measure (matplotlib, imported only when a figure is drawn);
* :mod:`survey_inventory.render.tables` builds the display tables (response,
  distributions, participant matrices, mentions) in the codebook's language.

The file writers (Excel, Word, HTML) are in :mod:`survey_inventory.report`.
This module holds the few words every output shares, in Dutch and English.
"""
from __future__ import annotations

import math

__all__ = ["say", "fmt_pct", "fmt_int", "is_missing", "suppression_marks"]

_TEXT = {
    "figure": ("Figuur", "Figure"),
    "table": ("Tabel", "Table"),
    "appendix": ("Bijlage", "Appendix"),
    "routed": ("Alleen gevraagd aan wie de verbanden kent: N = {base} van {sample} {types}.",
               "Only asked of those who know the collaborations: N = {base} of {sample} {types}."),
    "largest_remainder": ("Afgerond met de grootsterestmethode: elke balk telt op tot 100%.",
                          "Rounded by the largest-remainder method: each bar sums to 100%."),
    "sum_not_100": ("Door afronding tellen de percentages op tot {total}%.",
                    "Because of rounding the percentages sum to {total}%."),
    "suppressed_k": ("Cellen met minder dan {k} respondenten zijn onderdrukt (<{k}), en zo nodig een tweede "
                     "cel (–). Onderdrukte segmenten (gestippeld) delen de rest van de balk gelijk: hun breedte "
                     "zegt niets over hun aantal.",
                     "Cells with fewer than {k} respondents are suppressed (<{k}), and a second cell where "
                     "needed (–). Suppressed segments (dotted) share the rest of the bar equally: their width "
                     "says nothing about their count."),
    "suppressed": ("Kleine cellen zijn onderdrukt (–).", "Small cells are suppressed (–)."),
    "suppressed_table_k": ("Cellen met minder dan {k} respondenten zijn onderdrukt (<{k}), en zo nodig een "
                           "tweede cel (–).",
                           "Cells with fewer than {k} respondents are suppressed (<{k}), and a second cell "
                           "where needed (–)."),
    "all_suppressed": ("Alle cellen onderdrukt", "All cells suppressed"),
    "no_answers": ("Geen antwoorden", "No answers"),
    "dropped": ("Niet elk percentage past bij zijn segment; alle percentages staan in tabel {table}.",
                "Not every percentage fits its segment; table {table} gives them all."),
    "overview_caption": ("{measure} per sector en type respondent", "{measure} by sector and respondent type"),
    "overview_note": ("Punt: percentage; lijn: {level}%-betrouwbaarheidsinterval ({method}).",
                      "Dot: percentage; line: {level}% confidence interval ({method})."),
    "census": ("Volledige telling (n = N): geen steekproeffout, geen interval.",
               "Census (n = N): no sampling error, no interval."),
    "distribution_caption": ("{measure}: aantallen, percentages en {level}%-betrouwbaarheidsintervallen",
                             "{measure}: counts, percentages and {level}% confidence intervals"),
}


def say(key: str, lang: str = "nl", **fields) -> str:
    """A fixed phrase in ``lang`` with ``{fields}`` filled in."""
    nl, en = _TEXT[key]
    text = en if lang == "en" else nl
    return text.format(**fields) if fields else text


def is_missing(value) -> bool:
    """True for None, NaN and pandas NA (scalars only)."""
    import pandas as pd

    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def fmt_pct(value, lang: str = "nl", decimals: int = 0, missing: str = "–") -> str:
    """``33%`` or ``25,0%`` (Dutch decimal comma); ``missing`` for NaN/NA.

    >>> fmt_pct(33), fmt_pct(25.0, decimals=1), fmt_pct(25.0, "en", 1), fmt_pct(float("nan"))
    ('33%', '25,0%', '25.0%', '–')
    """
    if is_missing(value):
        return missing
    text = f"{float(value):.{decimals}f}" if decimals else f"{int(math.floor(float(value) + 0.5))}"
    if lang != "en":
        text = text.replace(".", ",")
    return text + "%"


def fmt_int(value, missing: str = "–") -> str:
    return missing if is_missing(value) else str(int(value))


def suppression_marks(frame, min_cell: int = 0) -> list[str]:
    """Per row what is printed instead of a suppressed number: "" (not suppressed),
    "<K" (a small cell, or a distribution whose base is below K) or "–" (a
    complement cell, which may hold K or more; or K unknown). Uses the ``suppressed``
    and ``suppression`` columns of :mod:`survey_inventory.privacy`."""
    if "suppressed" not in frame.columns:
        return [""] * len(frame)
    reasons = frame["suppression"] if "suppression" in frame.columns else [""] * len(frame)
    out = []
    for flag, reason in zip(frame["suppressed"], reasons):
        if is_missing(flag) or not bool(flag):
            out.append("")
        elif min_cell and str(reason) != "complement":
            out.append(f"<{min_cell}")
        else:
            out.append("–")
    return out
