"""Privacy: small-cell suppression and what may leave the research team.

Pure functions on the tables of :mod:`survey_inventory.estimate`; they never read
or write files. :func:`survey_inventory.analyze.analyze` applies them, before
anything is written, when ``--min-cell K`` is given.

The rule (``--min-cell K``, K >= 2), per distribution (one item among one
respondent type):

1. **Small base.** If fewer than K respondents answered (``0 < base_n < K``), every
   cell of the distribution is suppressed (reason ``base``): with so few answers
   any percentage describes individuals.
2. **Small cell.** Otherwise a cell counting ``1 .. K-1`` respondents is suppressed
   (reason ``small``). A cell of 0 is shown: it describes nobody. (It can tell that
   *all* others chose something else; that group disclosure is not what this rule
   protects against.)
3. **Complement.** The base is published, so a single suppressed cell could be
   recovered as base minus the others. If exactly one cell of a distribution is
   suppressed, the smallest other cell with at least one respondent is suppressed
   too (ties: the first in category order), reason ``complement``; there always is
   one, else the base would be below K. A 0 is never the complement: the two
   hidden cells would then sum to the small one. Two or more suppressed cells
   reveal only their sum.

A suppressed row keeps its labels, ``base_n``, ``sample_n`` and caption, and loses
every number computed from its count: ``count``, ``percent``, ``percent_exact``,
``ci_lower``, ``ci_upper``, ``wc_lower``, ``wc_upper`` become missing (an interval
is a function of the count, so it would give the count away). The columns
``suppressed`` (bool) and ``suppression`` (``small``, ``complement``, ``base`` or
``""``) say what happened; a figure prints "<K" for ``small``/``base`` and "–" for
``complement`` cells (which may hold K or more respondents).

Simultaneous bands (``sim_lower``, ``sim_upper``, ``analyze --simultaneous``) are
emptied with their cell; a Sison-Glaz band depends on every count of its
distribution, so a distribution with a suppressed cell loses all of them.

Comparisons (``comparisons.csv``) hold no counts, but a test statistic of a table,
with the published bases and visible cells, narrows down (for a 2 x 2 table: gives
away) its hidden cells. So a row's results are emptied when one of its groups has
fewer than K respondents, or when it is computed from a distribution (``inputs``)
with a suppressed cell; a family of Holm-adjusted p-values with such a row loses
its adjusted p-values (:func:`survey_inventory.compare.suppress_small_groups`).

Coded open answers (:func:`suppress_mentions`) are not mutually exclusive, so each
row stands alone: it is suppressed when fewer than K respondents were asked, or
when the respondents who named the code, or those who did not, number 1 .. K-1.

Not suppressed: the response table (how many organisations of each type
responded is design information, published in the report's Tabel 1.1, not an
answer) and the item non-response counts.

>>> import pandas as pd
>>> d = pd.DataFrame({"item": "q", "respondent_type": "amr", "category_order": [1, 2, 3],
...                   "count": [10, 2, 6], "base_n": 18, "percent": [56, 11, 33]})
>>> out = suppress_small_cells(d, 5)
>>> out["suppression"].tolist(), out["count"].tolist(), out["percent"].tolist()
(['', 'small', 'complement'], [10, <NA>, <NA>], [56, <NA>, <NA>])
"""
from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["suppress_small_cells", "suppress_mentions", "apply_min_cell", "public_validation",
           "open_answers", "SUPPRESSED_VALUES", "privacy_note"]

#: Columns computed from a cell's count: emptied when the cell is suppressed.
SUPPRESSED_VALUES = ("count", "percent", "percent_exact", "ci_lower", "ci_upper", "wc_lower", "wc_upper",
                     "sim_lower", "sim_upper", "mentions")


def _check_k(min_cell) -> int:
    k = int(min_cell)
    if k < 0:
        raise ValueError("min_cell must be 0 (no suppression) or more")
    return k


def _blank(out: pd.DataFrame, mask: np.ndarray) -> pd.DataFrame:
    for col in SUPPRESSED_VALUES:
        if col in out.columns:
            if pd.api.types.is_integer_dtype(out[col]) or pd.api.types.is_bool_dtype(out[col]):
                out[col] = out[col].astype("Int64")
            elif not pd.api.types.is_float_dtype(out[col]) and not isinstance(out[col].dtype, pd.Int64Dtype):
                out[col] = out[col].astype(object)
            out.loc[mask, col] = pd.NA
    return out


def suppress_small_cells(dist: pd.DataFrame, min_cell: int,
                         by=("item", "respondent_type")) -> pd.DataFrame:
    """A copy of ``distributions`` with cells of fewer than ``min_cell`` respondents
    suppressed (rules in the module doc). ``min_cell`` 0 or 1 suppresses nothing but
    still adds the ``suppressed``/``suppression`` columns."""
    k = _check_k(min_cell)
    out = dist.copy()
    reason = np.full(len(out), "", dtype=object)
    if k >= 2 and len(out):
        counts = pd.to_numeric(out["count"], errors="coerce").fillna(0).to_numpy(dtype=np.int64)
        bases = pd.to_numeric(out["base_n"], errors="coerce").fillna(0).to_numpy(dtype=np.int64)
        order = out["category_order"].to_numpy() if "category_order" in out.columns else np.arange(len(out))
        for positions in out.groupby(list(by), sort=False, observed=True, dropna=False).indices.values():
            pos = np.asarray(positions)
            pos = pos[np.argsort(order[pos], kind="stable")]
            c = counts[pos]
            base = int(bases[pos[0]])
            if 0 < base < k:
                reason[pos] = "base"
                continue
            small = (c > 0) & (c < k)
            reason[pos[small]] = "small"
            if small.sum() == 1:
                others = pos[~small]
                if len(others):
                    oc = counts[others]
                    pool = others[oc > 0] if (oc > 0).any() else others
                    reason[pool[int(np.argmin(counts[pool]))]] = "complement"  # argmin: first on ties
    mask = reason != ""
    out = _blank(out, mask)
    out["suppressed"] = mask
    out["suppression"] = reason
    return out


def suppress_mentions(mentions: pd.DataFrame, min_cell: int) -> pd.DataFrame:
    """A copy of ``mention_counts`` with rows suppressed where fewer than ``min_cell``
    respondents were asked, or 1 .. K-1 named the code, or 1 .. K-1 did not."""
    k = _check_k(min_cell)
    out = mentions.copy()
    reason = np.full(len(out), "", dtype=object)
    if k >= 2 and len(out):
        m = pd.to_numeric(out["mentions"], errors="coerce").fillna(0).to_numpy(dtype=np.int64)
        n = pd.to_numeric(out["respondents"], errors="coerce").fillna(0).to_numpy(dtype=np.int64)
        small_base = (n > 0) & (n < k)
        small = ~small_base & (((m > 0) & (m < k)) | ((n - m > 0) & (n - m < k)))
        reason[small_base] = "base"
        reason[small] = "small"
    mask = reason != ""
    out = _blank(out, mask)
    out["suppressed"] = mask
    out["suppression"] = reason
    return out


def apply_min_cell(tables: dict, min_cell: int) -> dict:
    """The tables of :func:`survey_inventory.analyze.estimate_all` with small cells
    suppressed in ``distributions`` and ``mentions``, and the results of
    ``comparisons`` blanked where a group has fewer than K respondents or the
    test uses a distribution with a suppressed cell; other tables as they are."""
    out = dict(tables)
    if "distributions" in out:
        out["distributions"] = _joint_bands(suppress_small_cells(out["distributions"], min_cell))
    if "comparisons" in out:
        from .compare import suppress_small_groups

        out["comparisons"] = suppress_small_groups(out["comparisons"], min_cell, out.get("distributions"))
    if "mentions" in out:
        out["mentions"] = suppress_mentions(out["mentions"], min_cell)
    return out


def _joint_bands(dist: pd.DataFrame, by=("item", "respondent_type")) -> pd.DataFrame:
    """Sison-Glaz simultaneous bands depend on every count of the distribution, so
    a distribution with a suppressed cell loses all of them (other bands depend on
    their own cell only and were handled with it)."""
    if "sim_method" not in dist.columns or "suppressed" not in dist.columns:
        return dist
    joint = dist["sim_method"].astype(str).str.contains("sison-glaz")
    hit = dist["suppressed"].astype(bool).groupby([dist[c] for c in by], sort=False, observed=True).transform("any")
    mask = (joint & hit).to_numpy()
    if mask.any():
        dist = dist.copy()
        dist.loc[mask, ["sim_lower", "sim_upper"]] = np.nan
    return dist


def open_answers(open_text: pd.DataFrame, codebook, lang: str | None = None) -> pd.DataFrame:
    """The open answers as they may be exported (``--include-open-text`` only).

    No respondent id: each answer gets a neutral running ``number``. The answers are
    ordered by question and respondent type (codebook order) and then alphabetically,
    not as in the data file, so that a number cannot be matched to a row of the
    export. Columns: ``number, item, item_label, sector, sector_label,
    respondent_type, respondent_type_label, text``.
    """
    lang = lang or codebook.study.language
    cols = ["number", "item", "item_label", "sector", "sector_label", "respondent_type",
            "respondent_type_label", "text"]
    if open_text is None or open_text.empty:
        return pd.DataFrame(columns=cols)
    item_order = {o.id: k for k, o in enumerate(codebook.open_text)}
    type_order = {t.id: k for k, t in enumerate(codebook.respondent_types)}
    out = open_text.drop(columns=["respondent_id"]).copy()
    out["_k"] = list(zip(out["item"].map(item_order), out["respondent_type"].map(type_order),
                         out["text"].astype(str).str.casefold(), out["text"].astype(str)))
    out = out.sort_values("_k", kind="stable").drop(columns="_k").reset_index(drop=True)
    labels = {o.id: codebook.label(o.label, lang) for o in codebook.open_text}
    out["item_label"] = out["item"].map(labels)
    out["sector_label"] = out["sector"].map(lambda s: codebook.label(codebook.sector(s).label, lang)
                                            if isinstance(s, str) and s else "")
    out["respondent_type_label"] = out["respondent_type"].map(
        lambda t: codebook.label(codebook.respondent_type(t).label, lang))
    out["number"] = range(1, len(out) + 1)
    return out[cols]


from .checks import ANSWERED_NOT_ASKED, DUPLICATE_ID, EMPTY_RESPONDENT, ITEM_NONRESPONSE, MISSING_ID  # noqa: E402

#: Checks whose ``value`` is a respondent id.
_ID_CHECKS = (DUPLICATE_ID, MISSING_ID)


def public_validation(report: pd.DataFrame, min_cell: int = 0) -> pd.DataFrame:
    """The validation report as it may leave the research team.

    Always: no ``respondent_id`` column, ids removed from values and messages, and
    the file named without its folder (a local path names the analyst's machine).
    With ``min_cell`` >= 2 (statistics for outside the team) rows and values are
    answers of single respondents, so the report becomes counts per check, file,
    column and item: ``severity, check, file, column, item, count, message``.
    """
    out = report.copy()
    ids = out["respondent_id"] if "respondent_id" in out.columns else pd.Series(pd.NA, index=out.index)
    out["file"] = out["file"].map(lambda f: f if pd.isna(f) else str(f).replace("\\", "/").rsplit("/", 1)[-1])
    is_id = out["check"].isin(_ID_CHECKS)
    out["value"] = out["value"].astype(object).where(~is_id, None)

    def scrub(text, rid):
        if pd.isna(text) or pd.isna(rid) or not str(rid):
            return text
        return str(text).replace(repr(str(rid)), "[id]").replace(str(rid), "[id]")

    out["message"] = [scrub(t, r) for t, r in zip(out["message"], ids)]
    out["value"] = [scrub(v, r) for v, r in zip(out["value"], ids)]
    out = out.drop(columns=["respondent_id"], errors="ignore")
    if _check_k(min_cell) < 2 or out.empty:
        return out
    keys = ["severity", "check", "file", "column", "item"]
    grouped = out.assign(**{k: out[k].astype(object).where(out[k].notna(), "") for k in keys})
    summary = grouped.groupby(keys, sort=False).agg(count=("check", "size"), message=("message", "first")).reset_index()
    summary["message"] = summary.apply(_generic_message, axis=1)
    return summary


_GENERIC = {
    ITEM_NONRESPONSE: "no answer although the routing says the question was asked",
    ANSWERED_NOT_ASKED: "answers where the routing says the question was not asked; left out of the estimates",
    EMPTY_RESPONDENT: "respondents who answered no question; in the response table, in no percentage",
}


def _generic_message(row) -> str:
    return _GENERIC.get(row["check"], str(row["check"]).replace("_", " "))


def privacy_note(min_cell: int, include_open_text: bool, suppressed_cells: int, suppressed_mentions: int) -> dict:
    """What the manifest says about privacy."""
    k = _check_k(min_cell)
    note = {
        "min_cell": k,
        "respondent_ids": "not exported; validation.csv has no respondent ids, open_text.csv a running number",
        "open_text": "exported (--include-open-text)" if include_open_text else "not exported",
    }
    if k >= 2:
        note |= {
            "rule": (f"cells with 1-{k - 1} respondents, and every cell of a distribution with fewer than {k} "
                     "answers, are suppressed; where that leaves one suppressed cell, the smallest other "
                     "non-empty cell is suppressed too; suppressed cells have no count, percentage or interval"),
            "suppressed_cells": int(suppressed_cells),
            "suppressed_mentions": int(suppressed_mentions),
            "validation": "counts per check, file, column and item (no rows or values)",
        }
    else:
        note["rule"] = "no suppression (--min-cell not given): for the research team only"
    return note
