"""Mention counts: how often each code of a multi-response set was named.

The report's tables of open lists ("5 keer genoemd") count mentions per set, sector
and respondent type, in the codebook's code order, with the share of the
respondents asked as a percentage.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..codebook import Codebook

__all__ = ["mention_counts"]


def mention_counts(multi_response, codebook: Codebook, *, lang: str | None = None) -> pd.DataFrame:
    """How often each code of a multi-response set was named ("5 keer genoemd"),
    per set, sector and respondent type, in the codebook's code order.

    Parameters
    ----------
    multi_response : DataFrame or Study
        One row per (respondent, set, code) with columns ``set``,
        ``respondent_type``, ``respondent_id``, ``code`` and ``mentioned``
        (``Study.multi_response`` of :func:`survey_inventory.load.load_study`),
        or the loaded study itself.
    codebook : Codebook
        The multi-response sets, their codes and labels.
    lang : {"nl", "en"}, optional
        Language of the labels; the codebook's language by default.

    Returns
    -------
    pandas.DataFrame
        Columns ``set, set_label, table, sector, respondent_type, code, label,
        mentions, respondents, percent``; ``percent`` is mentions per
        respondent asked as a percentage (0-100, one decimal), not a
        proportion. A code nobody named is a row with 0 mentions.

    Examples
    --------
    >>> import pandas as pd
    >>> from survey_inventory.codebook import example_codebook
    >>> cb = example_codebook(multi_response=[
    ...     {"id": "partners", "label": "Partners", "format": "binary", "columns": {1: "p1", 2: "p2"},
    ...      "codes": [{"code": 1, "label": "Gemeenten"}, {"code": 2, "label": "Scholen"}]}])
    >>> mr = pd.DataFrame({"set": "partners", "respondent_type": "province",
    ...                    "respondent_id": ["a", "a", "b", "b"], "code": [1, 2, 1, 2],
    ...                    "mentioned": [True, False, True, False]})
    >>> mention_counts(mr, cb)[["label", "mentions", "respondents", "percent"]]
           label  mentions  respondents  percent
    0  Gemeenten         2            2    100.0
    1    Scholen         0            2      0.0
    """
    if not isinstance(multi_response, pd.DataFrame):  # a loaded Study: its multi-response table
        multi_response = getattr(multi_response, "multi_response", multi_response)
    lang = lang or codebook.study.language
    cols = ["set", "set_label", "table", "sector", "respondent_type", "code", "label", "mentions", "respondents", "percent"]
    if multi_response.empty:
        return pd.DataFrame(columns=cols)
    rows = []
    for mr in codebook.multi_response:
        sub = multi_response[multi_response["set"] == mr.id]
        for type_id, grp in sub.groupby("respondent_type", sort=False):
            n_resp = grp["respondent_id"].nunique()
            mentioned = grp[grp["mentioned"]].groupby("code").size()
            for c in mr.codes:
                k = int(mentioned.get(c.code, 0))
                rows.append((mr.id, codebook.label(mr.label, lang), mr.table or "", mr.sector or "", type_id, c.code,
                             codebook.label(c.label, lang), k, n_resp, round(100.0 * k / n_resp, 1) if n_resp else np.nan))
    return pd.DataFrame(rows, columns=cols)
