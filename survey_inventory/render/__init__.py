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

__all__ = ["say", "fmt_pct", "fmt_int", "is_missing", "suppression_marks", "method_label", "method_labels",
           "rounding_suffix"]

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
    "caption_largest_remainder": (", afgerond met de grootsterestmethode", ", rounded by the largest-remainder method"),
    "caption_half_even": (", afgerond half naar even", ", rounded half to even"),
    "caption_truncate": (", naar beneden afgerond", ", rounded down"),
    "not_in_report": ("Figuur {number} staat niet in het rapport; het nummer volgt op figuur {previous}, zodat de "
                      "nummers van het rapport gelijk blijven.",
                      "Figure {number} is not in the report; it is numbered after figure {previous} so that the "
                      "report's numbers stay the same."),
    "overview_routed": ("{measures} is alleen gevraagd aan wie de verbanden kent; N is het aantal antwoorden.",
                        "{measures} was only asked of those who know the collaborations; N is the number of answers."),
    "population_sizes": ("Populatieomvang: {sizes}.", "Population size: {sizes}."),
}

# Interval methods as readers see them. ``ci_method`` in distributions.csv keeps the
# package's own (English, technical) names; every caption, note and table a person
# reads shows these words instead (see :func:`method_label`).
_METHODS = {
    "hypergeometric exact": ("exact hypergeometrisch, met de populatieomvang",
                             "exact hypergeometric, with the population size"),
    "hypergeometric exact, domain": ("exact hypergeometrisch voor een deelpopulatie van onbekende omvang",
                                     "exact hypergeometric for a subpopulation of unknown size"),
    "census": ("volledige telling, geen steekproeffout", "census, no sampling error"),
    "wilson": ("Wilson", "Wilson"),
    "clopper-pearson": ("Clopper-Pearson (exact binomiaal)", "Clopper-Pearson (exact binomial)"),
    "jeffreys": ("Jeffreys", "Jeffreys"),
    "agresti-coull": ("Agresti-Coull", "Agresti-Coull"),
    "logit": ("logit, als R survey::svyciprop", "logit, as R survey::svyciprop"),
    "beta Korn-Graubard": ("bèta (Korn-Graubard), als R survey::svyciprop",
                           "beta (Korn-Graubard), as R survey::svyciprop"),
    "mean Wald-t": ("Wald met t-verdeling, als R survey::svyciprop", "Wald with t distribution, as R survey::svyciprop"),
    "goodman": ("simultaan (Goodman)", "simultaneous (Goodman)"),
    "sison-glaz": ("simultaan (Sison-Glaz)", "simultaneous (Sison-Glaz)"),
    "bonferroni-wilson": ("simultaan (Bonferroni)", "simultaneous (Bonferroni)"),
    "bonferroni-exact": ("simultaan (Bonferroni)", "simultaneous (Bonferroni)"),
    "no respondents in base": ("geen respondenten in de basis", "no respondents in the base"),
    "missing count or base": ("aantal of basis ontbreekt", "count or base missing"),
}
_METHOD_DETAILS = {
    "no fpc": (", zonder correctie voor de eindige populatie", ", without finite population correction"),
    "population unknown": (", populatieomvang onbekend", ", population size unknown"),
}


def rounding_suffix(rounding, lang: str = "nl") -> str:
    """What a caption adds when percentages are not rounded half up (the report's rule):
    ``", afgerond met de grootsterestmethode"``; "" for half up.

    >>> rounding_suffix("half-up"), rounding_suffix("largest-remainder", "en")
    ('', ', rounded by the largest-remainder method')
    """
    if not rounding or rounding == "half-up":
        return ""
    return say("caption_" + str(rounding).replace("-", "_"), lang)


def method_label(ci_method, lang: str = "nl") -> str:
    """The words a reader sees for a ``ci_method`` value of distributions.csv, in ``lang``:
    the method's family without the per-row numbers (population and domain sizes are
    given elsewhere). A value this table does not know is returned unchanged.

    >>> method_label("hypergeometric exact (N=12)"), method_label("hypergeometric exact (N=12)", "en")
    ('exact hypergeometrisch, met de populatieomvang', 'exact hypergeometric, with the population size')
    >>> method_label("hypergeometric exact, domain (N_d = 26..34 of N=35)")
    'exact hypergeometrisch voor een deelpopulatie van onbekende omvang'
    >>> method_label("bonferroni-exact: hypergeometric exact (N=35)", "en")
    'simultaneous (Bonferroni): exact hypergeometric, with the population size'
    >>> method_label("census (n = N): no sampling error"), method_label("wilson (no fpc)", "en")
    ('volledige telling, geen steekproeffout', 'Wilson, without finite population correction')
    """
    if is_missing(ci_method):
        return ""
    text = str(ci_method).strip()
    k = 1 if lang == "en" else 0
    head, sep, rest = text.partition(": ")
    if sep and head in ("bonferroni-wilson", "bonferroni-exact"):
        return f"{_METHODS[head][k]}: {method_label(rest, lang)}"
    main = text.split(";")[0].strip()           # "...; logit degenerate at k = 0": the exact fallback was used
    if main.startswith("census"):
        return _METHODS["census"][k]
    family = main.split(" (")[0].strip()
    if family.endswith(" simultaneous"):
        family = family[: -len(" simultaneous")]
    if family not in _METHODS:
        return text
    detail = "".join(words[k] for key, words in _METHOD_DETAILS.items() if key in main)
    return _METHODS[family][k] + detail


def method_labels(values, lang: str = "nl", *, census: bool = True) -> list[str]:
    """The distinct reader-facing labels of some ``ci_method`` values, in first-seen order
    of a stable sort (so two runs print the same note); ``census=False`` leaves the
    census out (it has no interval to describe)."""
    out = []
    for value in sorted({str(v) for v in values if not is_missing(v)}):
        if not census and value.startswith("census"):
            continue
        label = method_label(value, lang)
        if label and label not in out:
            out.append(label)
    return out


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
    """``33%`` or ``25,0%`` (Dutch decimal comma); ``missing`` for NaN/NA. Rounded half up
    at every precision, as Excel shows the same number with a ``0.0%`` format (Python's
    ``f"{31.25:.1f}"`` gives 31.2: the Word table would then differ from the workbook).

    >>> fmt_pct(33), fmt_pct(25.0, decimals=1), fmt_pct(25.0, "en", 1), fmt_pct(float("nan"))
    ('33%', '25,0%', '25.0%', '–')
    >>> fmt_pct(31.25, "en", 1), fmt_pct(0.05, "en", 1), fmt_pct(12.5)
    ('31.3%', '0.1%', '13%')
    """
    if is_missing(value):
        return missing
    if decimals:
        from decimal import ROUND_HALF_UP, Decimal

        exact = Decimal(repr(round(float(value), 9)))   # 9 digits: drop binary noise (0.1 + 0.2), keep the data's
        text = str(exact.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP))
    else:
        text = f"{int(math.floor(float(value) + 0.5))}"
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
