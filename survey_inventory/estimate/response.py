"""The response table (report Tabel 1.1): targeted and achieved response.

One row per group heading, per sector whose collaborations were interviewed and per
respondent type, and a total row. Sector and type names come from the codebook, the
headings from the phrase catalogue (:mod:`survey_inventory.phrases`).
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..codebook import Codebook
from ..phrases import say

__all__ = ["response_table"]


def _heading(codebook, part, lang, phrase):
    """A heading of the table: the codebook's (``response_table:``), else for the total the
    catalogue's ``phrase``; None: no heading row."""
    text = codebook.response_heading(part, lang)
    if text is None and part == "total":
        return say(phrase, lang)
    return text


def _sum(values):
    """A total of counts, unknown (NA) when one of them is."""
    values = list(values)
    return pd.NA if any(v is None or v is pd.NA for v in values) else sum(values)


def response_table(respondents, codebook: Codebook, *, lang: str | None = None) -> pd.DataFrame:
    """The response table (report Tabel 1.1): targeted and achieved response per
    respondent type, and the collaborations interviewed per sector.

    Parameters
    ----------
    respondents : DataFrame or Study
        One row per respondent with a ``respondent_type`` column
        (``Study.respondents`` of :func:`survey_inventory.load.load_study`), or
        the loaded study itself.
    codebook : Codebook
        Respondent types (population, targeted), sectors and the interviews
        with the collaborations.
    lang : {"nl", "en"}, optional
        Language of the labels; the codebook's language by default.

    Returns
    -------
    pandas.DataFrame
        Columns ``group, row_type, label, population_n, targeted, achieved,
        response_rate``; ``response_rate`` is achieved / targeted as a
        percentage (0-100, one decimal), not a proportion. A type without a
        ``targeted`` count is targeted at its whole population; without either,
        its targeted count, the total's and the rates are empty (NA). A group
        (the interviews per sector, the respondent types) gets a heading row only
        where the codebook names one (``response_table: {collaborations,
        respondents, total}``); the total row is always there.

    Examples
    --------
    >>> import pandas as pd
    >>> from survey_inventory.codebook import example_codebook
    >>> cb = example_codebook(
    ...     respondent_types=[{"id": "province", "label": "provincies", "label_singular": "provincie",
    ...                        "population": 12}],
    ...     interviews=[{"sector": "care", "targeted": 10, "achieved": 8}],
    ...     response_table={"collaborations": "Regionale sectorale samenwerkingsverbanden",
    ...                     "respondents": "Overige partijen", "total": "Respons"})
    >>> respondents = pd.DataFrame({"respondent_id": list("abcdefghi"), "respondent_type": "province"})
    >>> table = response_table(respondents, cb)
    >>> print(table[["row_type", "label", "targeted", "achieved", "response_rate"]].to_string())
      row_type                                       label  targeted  achieved  response_rate
    0    group  Regionale sectorale samenwerkingsverbanden        10         8           80.0
    1   sector                                        Zorg        10         8           80.0
    2    group                            Overige partijen        12         9           75.0
    3     type                                   provincie        12         9           75.0
    4    total                                     Respons        22        17           77.3
    >>> cb = cb.model_copy(update={"response_table": cb.response_table.model_copy(update={"respondents": None})})
    >>> response_table(respondents, cb)["label"].tolist()     # no heading over the types, as in a new study
    ['Regionale sectorale samenwerkingsverbanden', 'Zorg', 'provincie', 'Respons']
    """
    if not isinstance(respondents, pd.DataFrame):  # a loaded Study: its respondents
        respondents = getattr(respondents, "respondents", respondents)
    lang = lang or codebook.study.language
    rows, coll_heading = [], None
    if codebook.interviews:
        total_t = sum(iv.targeted for iv in codebook.interviews)
        total_a = sum(iv.achieved for iv in codebook.interviews)
        coll_heading = _heading(codebook, "collaborations", lang, None)
        if coll_heading:
            rows.append(("collaborations", "group", coll_heading, pd.NA, total_t, total_a))
        for iv in codebook.interviews:
            label = codebook.label(codebook.sector(iv.sector).label, lang)
            rows.append(("collaborations", "sector", label[:1].upper() + label[1:], pd.NA, iv.targeted, iv.achieved))
    achieved = respondents.dropna(subset=["respondent_type"]).groupby("respondent_type").size()
    t_rows = []
    for t in codebook.respondent_types:
        label = codebook.label(t.label_singular or t.label, lang)
        targeted = t.targeted if t.targeted is not None else t.population   # None: nobody counted who was invited
        t_rows.append(("respondents", "type", label, t.population, targeted, int(achieved.get(t.id, 0))))
    heading = _heading(codebook, "respondents", lang, None)
    if heading and t_rows:  # a heading over the types only where the codebook names one
        rows.append(("respondents", "group", heading, pd.NA, _sum(r[4] for r in t_rows), sum(r[5] for r in t_rows)))
    rows.extend(t_rows)
    headed = {"collaborations": bool(codebook.interviews and coll_heading), "respondents": bool(heading)}
    tops = [r for r in rows if r[1] == "group" or (r[1] in ("sector", "type") and not headed[r[0]])]
    rows.append(("total", "total", _heading(codebook, "total", lang, "response_table_total"), pd.NA,
                 _sum(r[4] for r in tops), sum(r[5] for r in tops)))
    table = pd.DataFrame(rows, columns=["group", "row_type", "label", "population_n", "targeted", "achieved"])
    # a percentage (0-100), as printed in the report
    targeted = pd.to_numeric(table["targeted"], errors="coerce")
    table["targeted"] = targeted.astype("Int64")
    table["response_rate"] = np.where(targeted > 0, 100.0 * table["achieved"] / targeted.where(targeted > 0, 1), np.nan)
    table["response_rate"] = table["response_rate"].round(1)
    table["population_n"] = table["population_n"].astype("Int64")
    return table
