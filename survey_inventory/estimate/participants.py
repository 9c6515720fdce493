"""The participant matrices: which types of party take part in each collaboration.

:func:`participants_long` turns the inventory (:func:`survey_inventory.load.inventory.load_inventory`)
into the tidy table behind the report's participant matrices (tables 2.1, 4.1, 5.1
and 6.1 of the Bartels report).
"""
from __future__ import annotations

import pandas as pd

__all__ = ["participants_long"]


def participants_long(inventory: pd.DataFrame, codebook, lang: str | None = None) -> pd.DataFrame:
    """The participant matrices as one tidy table: one row per (collaboration, party type).

    Sectors in codebook order, collaborations in file order, party types in report
    order. A party type that is not always shown is kept only in sectors where some
    collaboration has it, so the table holds exactly the rows the report prints.

    Parameters
    ----------
    inventory : pandas.DataFrame
        From :func:`survey_inventory.load.inventory.load_inventory`.
    codebook : survey_inventory.codebook.Codebook
        For the sectors' order and labels and the party types (``inventory_parties``).
    lang : {"nl", "en"}, optional
        Language of the labels; the study's language by default.

    Returns
    -------
    pandas.DataFrame
        Columns ``report_table, sector, sector_label, collaboration, collaboration_name,
        collaboration_order, party_type, party_type_label, party_order, participates``.

    Examples
    --------
    >>> from survey_inventory.load.inventory import load_inventory
    >>> from survey_inventory.datasets import load_example
    >>> cb, study, dist = load_example()
    >>> long = participants_long(load_inventory(cb), cb)
    >>> long.drop_duplicates(["report_table", "party_type"]).groupby("report_table").size().to_dict()
    {'2.1': 13, '4.1': 13, '5.1': 14, '6.1': 13}
    """
    lang = lang or codebook.study.language
    sector_order = {s.id: k for k, s in enumerate(codebook.sectors)}
    rows = []
    inv = inventory.assign(_s=inventory["sector"].map(sector_order)).sort_values(["_s"], kind="stable")
    for sector_id, block in inv.groupby("sector", sort=False):
        sector_label = codebook.label(codebook.sector(sector_id).label, lang)
        records = block.to_dict("records")      # once per sector, not once per party type
        for order, party in enumerate(codebook.inventory_parties, start=1):
            pid = party.id
            if not party.always_shown and not block[pid].any():
                continue
            for k, rec in enumerate(records, start=1):
                rows.append((rec.get("report_table", ""), sector_id, sector_label, rec["id"], rec["name"], k,
                             pid, codebook.party_label(pid, lang), order, bool(rec[pid])))
    return pd.DataFrame(rows, columns=["report_table", "sector", "sector_label", "collaboration", "collaboration_name",
                                       "collaboration_order", "party_type", "party_type_label", "party_order",
                                       "participates"])
