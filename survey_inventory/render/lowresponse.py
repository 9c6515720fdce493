"""Honest uncertainty where response is low: the note under a figure and the reading guide's line.

A confidence interval describes sampling error only: it assumes that those who did not
answer answer like those who did. Where fewer than half of a respondent type's
population took part (``sample_n / population_n < 0.5`` in ``distributions``), that
assumption carries most of the weight, so the figure's note says how many took part and
gives the worst-case bounds of ``distributions`` (``wc_lower``, ``wc_upper``: every
non-participant in, or out of, the category), and the reading guide names the groups. Appendix B shows the worst-case bounds of every
figure, and the simultaneous intervals when the run computed them
(:func:`bound_columns`).
With half or more taking part nothing is added: the note would repeat what the
interval already says.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..phrases import say
from .format import fmt_pct, is_missing

__all__ = ["LOW_RESPONSE", "is_low_response", "low_response_notes", "low_response_guide", "bound_columns"]

#: Below this share of the population taking part, figures say so and give the worst-case bounds.
LOW_RESPONSE = 0.5


def is_low_response(sample_n, population_n) -> bool:
    """Whether fewer than half of a population took part (False when the population is unknown).

    Parameters
    ----------
    sample_n, population_n : int or float
        Respondents and population of one respondent type.

    Returns
    -------
    bool
        True below :data:`LOW_RESPONSE` (half) of the population.

    Examples
    --------
    >>> is_low_response(120, 342), is_low_response(9, 12), is_low_response(5, 10), is_low_response(5, float("nan"))
    (True, False, False, False)
    """
    if is_missing(sample_n) or is_missing(population_n) or float(population_n) <= 0:
        return False
    return float(sample_n) / float(population_n) < LOW_RESPONSE


def low_response_notes(rows: pd.DataFrame, codebook, lang=None) -> list[str]:
    """The note under one bar when fewer than half of its respondent type took part; else none.

    Parameters
    ----------
    rows : pandas.DataFrame
        The rows of one (item, respondent type) of ``distributions``, in category order.
    codebook : survey_inventory.codebook.Codebook
    lang : {"nl", "en"}, optional

    Returns
    -------
    list of str
        One note, or none.

    Examples
    --------
    >>> from survey_inventory.datasets import load_example
    >>> cb, study, dist = load_example()
    >>> rows = dist.query("figure == '2.3'")
    >>> low_response_notes(rows, cb)                     # 9 of 12 provinces: nothing to add
    []
    >>> print(low_response_notes(rows.assign(population_n=30), cb, "en")[0])   # doctest: +NORMALIZE_WHITESPACE
    Low response: 9 of 30 provincies took part (30%). The interval assumes non-response at random; without that
    assumption each percentage lies within the worst-case bounds (all non-participants in or out of the category):
    (Zeer) goed 25%–50%; Redelijk/ deels 33%–58%; (Zeer) slecht 17%–42%.
    """
    lang = lang or codebook.study.language
    if rows.empty:
        return []
    first = rows.iloc[0]
    sample, population = first.get("sample_n"), first.get("population_n")
    if not is_low_response(sample, population):
        return []
    rows = rows.sort_values("category_order") if "category_order" in rows.columns else rows
    bounds = "; ".join(f"{r.category_label} {fmt_pct(r.wc_lower, lang)}–{fmt_pct(r.wc_upper, lang)}"
                       for r in rows.itertuples() if not is_missing(r.wc_lower) and not is_missing(r.wc_upper))
    rate = fmt_pct(100.0 * float(sample) / float(population), lang)
    return [say("lowresp:note", lang, sample=int(sample), population=int(population),
                types=first["respondent_type_label"], rate=rate, bounds=bounds or "–")]


def low_response_guide(dist: pd.DataFrame, codebook, lang=None) -> list[str]:
    """The reading guide's paragraph on low response, naming the groups; none when every group reached half.

    Parameters
    ----------
    dist : pandas.DataFrame
        ``distributions``.
    codebook : survey_inventory.codebook.Codebook
    lang : {"nl", "en"}, optional

    Returns
    -------
    list of str
        The paragraph, or an empty list when every group reached half.

    Examples
    --------
    >>> from survey_inventory.datasets import load_example
    >>> cb, study, dist = load_example()
    >>> low_response_guide(dist, cb)
    []
    >>> low = dist.assign(population_n=dist["population_n"].where(dist["respondent_type"] != "amr", 342))
    >>> low_response_guide(low, cb, "en")[0][-30:]
    "applies to: AMR's (27 of 342)."
    """
    lang = lang or codebook.study.language
    if dist.empty or "sample_n" not in dist.columns or "population_n" not in dist.columns:
        return []
    groups = []
    order = {t.id: k for k, t in enumerate(codebook.respondent_types)}
    firsts = dist.drop_duplicates("respondent_type")
    for r in sorted(firsts.itertuples(), key=lambda r: order.get(r.respondent_type, len(order))):
        if is_low_response(r.sample_n, r.population_n):
            groups.append(say("lowresp:group", lang, types=r.respondent_type_label, sample=int(r.sample_n),
                              population=int(r.population_n)))
    return [say("lowresp:guide", lang, groups="; ".join(groups))] if groups else []


def bound_columns(rows: pd.DataFrame, marks, lang=None) -> tuple[dict, dict, list[str]]:
    """Appendix B's extra columns: the worst-case bounds always, the simultaneous interval when present.

    Parameters
    ----------
    rows : pandas.DataFrame
        Rows of ``distributions``, in the table's order.
    marks : sequence of str
        Per row the suppression mark ("" for none; :func:`~survey_inventory.render.format.suppression_marks`):
        a suppressed cell shows its mark, not its bounds.
    lang : {"nl", "en"}, optional

    Returns
    -------
    (dict, dict, list of str)
        Column name -> values (percentages 0-100 or the mark), column name -> format
        (``pct1``), and the table notes explaining them.

    Examples
    --------
    >>> import pandas as pd
    >>> rows = pd.DataFrame({"wc_lower": [25.0, 33.3333], "wc_upper": [50.0, 58.3333]})
    >>> columns, formats, notes = bound_columns(rows, ["", "<5"], "en")
    >>> {k: list(v) for k, v in columns.items()}, set(formats.values()), len(notes)
    ({'Worst case, lower': [25.0, '<5'], 'Worst case, upper': [50.0, '<5']}, {'pct1'}, 1)
    """
    lang = lang or "nl"
    marks = np.asarray(list(marks), dtype=object)
    hidden = marks != ""

    def masked(col):
        values = np.array(pd.to_numeric(rows[col], errors="coerce"), dtype=object)
        values[hidden] = marks[hidden]
        return values

    columns, notes = {}, []
    if "wc_lower" in rows.columns and "wc_upper" in rows.columns:
        columns[say("lowresp:wc_lower", lang)] = masked("wc_lower")
        columns[say("lowresp:wc_upper", lang)] = masked("wc_upper")
        notes.append(say("lowresp:wc_table_note", lang))
    if "sim_lower" in rows.columns and pd.to_numeric(rows["sim_lower"], errors="coerce").notna().any():
        level = pd.to_numeric(rows.get("sim_level", pd.Series(dtype=float)), errors="coerce").dropna()
        level = int(round(100 * float(level.iloc[0]))) if len(level) else 95
        columns[say("lowresp:sim_lower", lang, level=level)] = masked("sim_lower")
        columns[say("lowresp:sim_upper", lang, level=level)] = masked("sim_upper")
        methods = sorted(set(rows["sim_method"].dropna().astype(str))) if "sim_method" in rows.columns else []
        notes.append(say("lowresp:sim_table_note", lang, methods="; ".join(methods) or "–"))
    return columns, {name: "pct1" for name in columns}, notes
