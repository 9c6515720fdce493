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
its adjusted p-values (:func:`suppress_small_groups`).

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

from .phrases import say

__all__ = ["suppress_small_cells", "suppress_mentions", "suppress_small_groups", "apply_min_cell",
           "public_validation", "open_answers", "SUPPRESSED_VALUES", "SUPPRESSED_RESULTS", "SUPPRESSED_COUNTS",
           "SUPPRESSED_TEXT", "privacy_note", "suppress_weighted", "WEIGHTED_VALUES"]

#: The language of the notes of ``comparisons.csv`` (English, as the notes of the tests).
NOTE_LANG = "en"

#: Columns computed from a cell's count: emptied when the cell is suppressed.
SUPPRESSED_VALUES = ("count", "percent", "percent_exact", "ci_lower", "ci_upper", "wc_lower", "wc_upper",
                     "sim_lower", "sim_upper", "mentions")


def _check_k(min_cell) -> int:
    k = int(min_cell)
    if k < 0:
        raise ValueError("min_cell must be 0 (no suppression) or more")
    return k


def _blank(out: pd.DataFrame, mask: np.ndarray, columns, as_type=None, empty=pd.NA) -> None:
    """Empty ``columns`` (those ``out`` has) in the rows of ``mask``, in place.

    ``as_type`` None keeps a column's kind (whole numbers become nullable ``Int64``,
    text object); otherwise the column becomes ``as_type`` first. ``empty`` is what
    a suppressed cell holds."""
    for col in columns:
        if col not in out.columns:
            continue
        if as_type is not None:
            if as_type is str:
                if not pd.api.types.is_string_dtype(out[col]):
                    out[col] = out[col].astype(object)
            else:
                out[col] = out[col].astype(as_type)
        elif pd.api.types.is_integer_dtype(out[col]) or pd.api.types.is_bool_dtype(out[col]):
            out[col] = out[col].astype("Int64")
        elif not pd.api.types.is_float_dtype(out[col]) and not isinstance(out[col].dtype, pd.Int64Dtype):
            out[col] = out[col].astype(object)
        out.loc[mask, col] = empty


def _whole(column: pd.Series) -> np.ndarray:
    """A count column as int64, missing or unreadable as 0."""
    return pd.to_numeric(column, errors="coerce").fillna(0).to_numpy(dtype=np.int64)


def _suppress(frame: pd.DataFrame, min_cell, reasons) -> pd.DataFrame:
    """A copy of ``frame`` in which ``reasons(copy, K, reason)`` (K >= 2, rows present)
    fills a reason per suppressed row; those rows lose :data:`SUPPRESSED_VALUES`, and the
    columns ``suppressed``/``suppression`` say what happened. The one mechanism of
    :func:`suppress_small_cells` and :func:`suppress_mentions`; :func:`suppress_small_groups`
    uses its :func:`_blank`."""
    k = _check_k(min_cell)
    out = frame.copy()
    reason = np.full(len(out), "", dtype=object)
    if k >= 2 and len(out):
        reasons(out, k, reason)
    mask = reason != ""
    _blank(out, mask, SUPPRESSED_VALUES)
    out["suppressed"] = mask
    out["suppression"] = reason
    return out


def suppress_small_cells(dist: pd.DataFrame, min_cell: int,
                         by=("item", "respondent_type")) -> pd.DataFrame:
    """A copy of ``distributions`` with cells of fewer than ``min_cell`` respondents
    suppressed (rules in the module doc).

    Parameters
    ----------
    dist : DataFrame
        Rows of :func:`survey_inventory.estimate.distributions` (at least ``count``,
        ``base_n`` and the ``by`` columns; ``category_order`` orders the complement).
    min_cell : int
        K; 0 or 1 suppresses nothing but still adds the ``suppressed``/``suppression``
        columns.
    by : tuple of str, default ("item", "respondent_type")
        The columns that identify one distribution.

    Returns
    -------
    DataFrame
        ``dist`` with :data:`SUPPRESSED_VALUES` emptied in suppressed cells, and
        ``suppressed`` (bool) and ``suppression`` (``small``, ``complement``, ``base``, "").

    References
    ----------
    Hundepool, A. et al. (2012). *Statistical Disclosure Control*. Wiley, chapter 5
    (threshold rule, secondary suppression).

    Examples
    --------
    >>> d = pd.DataFrame({"item": "q", "respondent_type": "amr", "category_order": [1, 2, 3],
    ...                   "count": [4, 1, 0], "base_n": 5})
    >>> suppress_small_cells(d, 3)["suppression"].tolist()
    ['complement', 'small', '']
    """
    return _suppress(dist, min_cell, lambda out, k, reason: _cell_reasons(out, k, reason, by))


def _cell_reasons(out: pd.DataFrame, k: int, reason: np.ndarray, by) -> None:
    """The reason of every suppressed cell of ``out`` (rules 1-3 of the module doc), in place."""
    counts, bases = _whole(out["count"]), _whole(out["base_n"])
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


def suppress_mentions(mentions: pd.DataFrame, min_cell: int) -> pd.DataFrame:
    """A copy of ``mention_counts`` with rows suppressed where fewer than ``min_cell``
    respondents were asked, or 1 .. K-1 named the code, or 1 .. K-1 did not.

    Parameters
    ----------
    mentions : DataFrame
        Rows of :func:`survey_inventory.estimate.mention_counts` (``mentions``, ``respondents``).
    min_cell : int
        K; below 2 nothing is suppressed.

    Returns
    -------
    DataFrame
        ``mentions`` with :data:`SUPPRESSED_VALUES` emptied in suppressed rows and the
        ``suppressed``/``suppression`` columns.

    References
    ----------
    Hundepool, A. et al. (2012). *Statistical Disclosure Control*. Wiley, chapter 5.

    Examples
    --------
    >>> m = pd.DataFrame({"item": "q", "code": ["a", "b", "c"], "mentions": [7, 2, 10], "respondents": 10})
    >>> out = suppress_mentions(m, 3)
    >>> out["suppression"].tolist(), out["mentions"].tolist()
    (['', 'small', ''], [7, <NA>, 10])
    """
    return _suppress(mentions, min_cell, _mention_reasons)


def _mention_reasons(out: pd.DataFrame, k: int, reason: np.ndarray) -> None:
    m, n = _whole(out["mentions"]), _whole(out["respondents"])
    small_base = (n > 0) & (n < k)
    small = ~small_base & (((m > 0) & (m < k)) | ((n - m > 0) & (n - m < k)))
    reason[small_base] = "base"
    reason[small] = "small"


#: Columns of a comparison computed from the answers: emptied by :func:`suppress_small_groups`.
SUPPRESSED_RESULTS = ("statistic", "df", "p_value", "p_adjusted", "effect_size", "effect_ci_lower", "effect_ci_upper",
                      "ci_level")
#: ... and counts and descriptions that depend on the answers.
SUPPRESSED_COUNTS = ("n", "min_group_n")
SUPPRESSED_TEXT = ("p_method", "effect_ci_method", "adjustment")


def suppress_small_groups(comp: pd.DataFrame, min_cell: int, distributions: pd.DataFrame | None = None) -> pd.DataFrame:
    """A copy of the comparisons (``comparisons.csv``) as they may leave the team with ``--min-cell K``.

    ``comp`` is the table of :func:`survey_inventory.estimate.comparisons.comparisons`.

    A row loses every result and count (:data:`SUPPRESSED_RESULTS`,
    :data:`SUPPRESSED_COUNTS`, :data:`SUPPRESSED_TEXT`: ``n`` leaves out "weet ik
    niet", ``df`` empty categories, notes count pairs), keeping its labels,
    ``inputs`` and a note saying why, when

    * a group has fewer than ``K`` respondents (``0 < min_group_n < K``), as a
      distribution with a small base loses all its cells; or
    * it is computed from a distribution with a suppressed cell: ``inputs``
      names the distributions (``item@respondent_type``) a row is computed from,
      and ``distributions`` (already through :func:`suppress_small_cells`) says which of them
      have suppressed cells. A statistic of a table together with the published
      bases and visible cells narrows down, and for a 2 x 2 table gives away,
      the hidden counts.

    Holm-adjusted p-values depend on every p-value of their family, so a family
    with a suppressed row loses all its ``p_adjusted``. ``min_cell`` 0 or 1
    changes nothing.

    Parameters
    ----------
    comp : DataFrame
        Rows of ``comparisons`` (``min_group_n``, ``inputs``, ``comparison``, the results).
    min_cell : int
        K of ``--min-cell``.
    distributions : DataFrame, optional
        The distributions after :func:`suppress_small_cells` (``item``,
        ``respondent_type``, ``suppressed``).

    Returns
    -------
    DataFrame
        A copy of ``comp`` with the results of suppressed rows emptied and notes saying why.

    References
    ----------
    Hundepool, A. et al. (2012). *Statistical Disclosure Control*. Wiley, chapter 5.

    Examples
    --------
    >>> comp = pd.DataFrame({"comparison": "types", "item": "q", "respondent_type": "a vs b",
    ...                      "statistic": [3.2], "p_value": [0.04], "p_adjusted": [float("nan")],
    ...                      "effect_size": [0.4], "effect_ci_lower": [float("nan")],
    ...                      "effect_ci_upper": [float("nan")], "min_group_n": [9], "note": [""],
    ...                      "inputs": ["q@a; q@b"]})
    >>> dist = pd.DataFrame({"item": "q", "respondent_type": ["a", "a", "b", "b"],
    ...                      "suppressed": [False, False, True, True]})
    >>> out = suppress_small_groups(comp, 5, dist)
    >>> bool(out["p_value"].isna()[0]), out.loc[0, "note"]
    (True, 'suppressed: computed from a distribution with suppressed cells (--min-cell 5)')
    """
    k = _check_k(min_cell)
    out = comp.copy()
    if k < 2 or out.empty:
        return out
    reason = np.full(len(out), "", dtype=object)
    small = ((out["min_group_n"] > 0) & (out["min_group_n"] < k)).to_numpy()
    reason[small] = say("compare_suppressed_group", NOTE_LANG, k=k)
    if distributions is not None and "suppressed" in distributions.columns and "inputs" in out.columns:
        hidden = distributions.loc[distributions["suppressed"].astype(bool), ["item", "respondent_type"]]
        hidden = {f"{i}@{t}" for i, t in zip(hidden["item"].astype(str), hidden["respondent_type"].astype(str))}
        uses = np.array([bool(hidden & set(str(x).split("; "))) for x in out["inputs"].fillna("")], dtype=bool)
        reason[uses & ~small] = say("compare_suppressed_input", NOTE_LANG, k=k)
    mask = reason != ""
    _blank(out, mask, SUPPRESSED_RESULTS, as_type=float, empty=np.nan)
    _blank(out, mask, SUPPRESSED_COUNTS, as_type="Int64")  # n leaves out 'weet ik niet', df empty categories
    _blank(out, mask, SUPPRESSED_TEXT, as_type=str, empty="")
    out.loc[mask, "note"] = reason[mask]  # the other notes count answers too (pairs left out, groups without answers)
    def column(name):
        return out[name].astype(str) if name in out.columns else pd.Series("", index=out.index)

    pairwise = out["comparison"].astype(str).str.endswith("pairwise")
    primary = column("family") == "primary"  # Holm across the primary family (estimate/comparisons.py)
    if (pairwise | primary).any() and "p_adjusted" in out.columns:
        # a family: the type pairs of one item, or the sector pairs of one respondent type and measure,
        # or the primary family
        family = column("comparison") + "|" + column("item").where(
            column("comparison") == "types_pairwise", column("respondent_type") + "|" + column("measure"))
        family = family.where(~primary, "primary")
        hit = pd.Series(mask, index=out.index).groupby(family).transform("any") & (pairwise | primary)
        later = hit.to_numpy() & ~mask
        if later.any():
            out.loc[later, "p_adjusted"] = np.nan
            out.loc[later, "adjustment"] = ""
            said = say("compare_suppressed_holm", NOTE_LANG)
            out.loc[later, "note"] = ["; ".join(x for x in (said, str(n)) if x) for n in out.loc[later, "note"]]
    return out


def apply_min_cell(tables: dict, min_cell: int) -> dict:
    """The tables of :func:`survey_inventory.analyze.estimate_all` with small cells
    suppressed in ``distributions`` and ``mentions``, and the results of
    ``comparisons`` blanked where a group has fewer than K respondents or the
    test uses a distribution with a suppressed cell; other tables as they are.

    Parameters
    ----------
    tables : dict of str to DataFrame
        The estimates by name (``distributions``, ``comparisons``, ``mentions``, ...).
    min_cell : int
        K of ``--min-cell``.

    Returns
    -------
    dict
        A new dict; the tables named above suppressed, the others the same objects.

    Examples
    --------
    >>> d = pd.DataFrame({"item": "q", "respondent_type": "amr", "category_order": [1, 2, 3],
    ...                   "count": [10, 2, 6], "base_n": 18})
    >>> out = apply_min_cell({"distributions": d, "response": "as is"}, 5)
    >>> out["distributions"]["suppressed"].tolist(), out["response"]
    ([False, True, True], 'as is')
    """
    out = dict(tables)
    if "distributions" in out:
        out["distributions"] = _joint_bands(suppress_small_cells(out["distributions"], min_cell))
    if "comparisons" in out:
        out["comparisons"] = suppress_small_groups(out["comparisons"], min_cell, out.get("distributions"))
    if "mentions" in out:
        out["mentions"] = suppress_mentions(out["mentions"], min_cell)
    if "weighted_distributions" in out:  # issue 16: the same cells, with their weighted figures
        out["weighted_distributions"] = suppress_weighted(out["weighted_distributions"], min_cell)
    return out


#: Columns of ``weighted_distributions`` computed from a cell's answers, besides :data:`SUPPRESSED_VALUES`.
WEIGHTED_VALUES = ("w_percent", "w_se", "w_ci_lower", "w_ci_upper", "w_count", "sens_lower", "sens_upper")


def suppress_weighted(weighted: pd.DataFrame, min_cell: int) -> pd.DataFrame:
    """A copy of ``weighted_distributions`` with the cells :func:`suppress_small_cells`
    suppresses (same rules, same cells) emptied, their weighted figures and bounds too.

    Examples
    --------
    >>> w = pd.DataFrame({"item": "q", "respondent_type": "g", "category_order": [1, 2, 3],
    ...                   "count": [2, 10, 30], "base_n": 42, "w_percent": [5.0, 25.0, 70.0]})
    >>> suppress_weighted(w, 5)["w_percent"].tolist()
    [nan, nan, 70.0]
    """
    out = suppress_small_cells(weighted, min_cell)
    mask = out["suppressed"].to_numpy(dtype=bool)
    for col in WEIGHTED_VALUES:
        if col in out.columns:
            out[col] = out[col].astype(float)
            out.loc[mask, col] = np.nan
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

    Parameters
    ----------
    open_text : DataFrame
        The open answers of :mod:`survey_inventory.load` (with ``respondent_id``).
    codebook : Codebook
    lang : str, optional
        Language of the labels (default the study's).

    Returns
    -------
    DataFrame
        The columns above, one row per answer.

    Examples
    --------
    >>> from survey_inventory.datasets import load_example
    >>> cb, study, dist = load_example()
    >>> open_answers(None, cb).columns.tolist()[:3]
    ['number', 'item', 'item_label']
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

    Parameters
    ----------
    report : DataFrame
        The rows of :func:`survey_inventory.validate.validate`.
    min_cell : int, default 0
        K of ``--min-cell``.

    Returns
    -------
    DataFrame

    Examples
    --------
    >>> r = pd.DataFrame({"severity": "warning", "check": "duplicate_id", "file": "C:/data/wave1.csv",
    ...                   "column": "id", "item": None, "value": "R17", "respondent_id": "R17",
    ...                   "message": "respondent 'R17' appears twice"}, index=[0])
    >>> public_validation(r).loc[0, ["file", "message"]].tolist()
    ['wave1.csv', 'respondent [id] appears twice']
    >>> public_validation(r, 5)[["check", "count", "message"]].to_dict("records")
    [{'check': 'duplicate_id', 'count': 1, 'message': 'duplicate id'}]
    """
    out = report.copy()
    ids = _id_texts(out["respondent_id"]) if "respondent_id" in out.columns else [None] * len(out)
    codes, files = pd.factorize(out["file"])  # a few files: each named once, not once per row
    names = np.array([str(f).replace("\\", "/").rsplit("/", 1)[-1] for f in files] + [np.nan], dtype=object)
    out["file"] = names.take(codes)
    is_id = out["check"].isin(_ID_CHECKS)
    out["value"] = out["value"].astype(object).where(~is_id, None)
    out["message"] = _scrub(out["message"].tolist(), ids)
    out["value"] = _scrub(out["value"].tolist(), ids)
    out = out.drop(columns=["respondent_id"], errors="ignore")
    if _check_k(min_cell) < 2 or out.empty:
        return out
    keys = ["severity", "check", "file", "column", "item"]
    grouped = out.assign(**{k: out[k].astype(object).where(out[k].notna(), "") for k in keys})
    summary = grouped.groupby(keys, sort=False).agg(count=("check", "size"), message=("message", "first")).reset_index()
    summary["message"] = summary.apply(_generic_message, axis=1)
    return summary


def _id_texts(ids: pd.Series) -> list:
    """Each row's respondent id as text, None where it has none (or an empty one)."""
    if isinstance(ids.dtype, pd.CategoricalDtype):  # one text per respondent, not per row
        categories = ids.cat.categories
        texts = np.append(np.asarray(categories.astype(str) if categories.dtype != "str" else categories,
                                     dtype=object), None)
        texts[texts == ""] = None
        return texts.take(ids.cat.codes.to_numpy()).tolist()
    return [None if pd.isna(r) or not str(r) else str(r) for r in ids]


def _scrub(texts: list, ids: list) -> list:
    """Each text with its row's respondent id (quoted, then bare) replaced by ``[id]``; a missing text, or
    one of a row without an id, as it is."""
    out = []
    for text, rid in zip(texts, ids):
        if (rid is None or text is None or text is pd.NA or (isinstance(text, str) and rid not in text)
                or (isinstance(text, float) and text != text)):  # NaN
            out.append(text)
        else:
            out.append(str(text).replace(repr(rid), "[id]").replace(rid, "[id]"))
    return out


_GENERIC = {
    ITEM_NONRESPONSE: "no answer although the routing says the question was asked",
    ANSWERED_NOT_ASKED: "answers where the routing says the question was not asked; left out of the estimates",
    EMPTY_RESPONDENT: "respondents who answered no question; in the response table, in no percentage",
}


def _generic_message(row) -> str:
    return _GENERIC.get(row["check"], str(row["check"]).replace("_", " "))


def privacy_note(min_cell: int, include_open_text: bool, suppressed_cells: int, suppressed_mentions: int) -> dict:
    """What the manifest says about privacy.

    Parameters
    ----------
    min_cell : int
        K of ``--min-cell`` (0: none).
    include_open_text : bool
        Whether ``--include-open-text`` was given.
    suppressed_cells, suppressed_mentions : int
        How many cells and mention rows were suppressed.

    Returns
    -------
    dict
        The manifest's ``privacy`` entry.

    Examples
    --------
    >>> privacy_note(0, False, 0, 0)["rule"]
    'no suppression (--min-cell not given): for the research team only'
    >>> privacy_note(5, False, 12, 1)["suppressed_cells"]
    12
    """
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
