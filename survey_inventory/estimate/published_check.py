"""The published figures against the study: can the print be right, and does the study reproduce it?

Two estimates of a report's printed percentages:

:func:`check_published`
    one row of verdicts per printed figure: which rounding rules and which counts
    out of its N can give the print (:func:`survey_inventory.stats.figure_check.check_figure`);
    what ``survey-inventory check-published`` reports.
:func:`compare_with_published`
    the study's own distributions rounded as the report rounds, cell by cell against
    the print (``published_check.csv`` of ``analyze``).

Examples
--------
>>> import pandas as pd
>>> printed = pd.DataFrame({"figure": "4.2", "n": 9, "percent": [33, 66]})
>>> check_published(printed)["status"].tolist()
['impossible']
"""
from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from ..load.published import published_table
from ..options import ROUNDING_RULES
from ..stats.figure_check import STATUS_EMPTY, STATUS_IMPOSSIBLE, STATUS_OK, check_figure
from ..stats.rounding import check_rule, round_percentages

__all__ = ["CHECK_PUBLISHED_COLUMNS", "check_published", "flatten_check_report", "PUBLISHED_CHECK_COLUMNS",
           "published_path", "category_aliases", "compare_with_published", "comparison_summary"]


# ---------------------------------------------------------------------------
# a table of figures: can each print come from its N?
# ---------------------------------------------------------------------------

#: Columns of :func:`check_published`.
CHECK_PUBLISHED_COLUMNS = (
    ["figure", "title", "respondent_type", "n", "respondents", "categories", "percents", "sum", "sum_explainable"]
    + [f"{k}_{r}" for r in ROUNDING_RULES for k in ("possible", "n_solutions")]
    + ["rule", "counts", "counts_kind", "counts_percent", "solutions", "nearest_n_below", "nearest_n_above",
       "n_exceeds_respondents", "status", "message", "note"]
)


def check_published(table: pd.DataFrame, rule: str = "half-up", *, limit: int = 1000) -> pd.DataFrame:
    """One row of verdicts per printed figure: can its percentages come from its N, and with which counts?

    Parameters
    ----------
    table : DataFrame
        The printed figures, as :func:`survey_inventory.load.published.read_published`
        returns them, or any frame with at least ``figure, n, percent`` (checked by
        :func:`~survey_inventory.load.published.published_table`).
    rule : str, default "half-up"
        The report's rounding rule (:data:`~survey_inventory.options.ROUNDING_RULES`).
    limit : int, default 1000
        At most this many solutions are listed per rule while checking.

    Returns
    -------
    DataFrame
        :data:`CHECK_PUBLISHED_COLUMNS`, one row per figure in file order: ``figure,
        title, respondent_type, n, respondents, categories, percents, sum,
        sum_explainable, possible_<rule>, n_solutions_<rule>`` (every rule), ``rule,
        counts, counts_kind, counts_percent, solutions`` (up to 20, chosen rule),
        ``nearest_n_below, nearest_n_above, n_exceeds_respondents, status, message,
        note``. Tuples hold the vectors; ``message`` is one line starting with
        ``fig <id>``. The verdicts are those of
        :func:`~survey_inventory.stats.figure_check.check_figure`.

    Raises
    ------
    ValueError
        For an unknown rule;
        :class:`~survey_inventory.load.published.PublishedFileError` for a bad table.

    References
    ----------
    .. [1] Brown & Heathers (2017), the GRIM test, as cited in
       :func:`~survey_inventory.stats.printed_counts.solve_counts`.

    Examples
    --------
    >>> printed = pd.DataFrame({"figure": ["4.2", "4.2", "6.5", "6.5"], "n": [9, 9, 8, 8],
    ...                         "percent": [33, 66, 38, 63]})
    >>> check_published(printed)[["figure", "possible_half-up", "possible_truncate", "counts", "status"]]
      figure  possible_half-up  possible_truncate  counts      status
    0    4.2             False               True  (3, 6)  impossible
    1    6.5              True              False  (3, 5)          ok
    """
    check_rule(rule)
    long = published_table(table)
    rows = []
    for fig, grp in long.groupby("figure", sort=False):
        first = grp.iloc[0]
        printed = [int(p) for p in grp["percent"] if not pd.isna(p)]
        resp = first["respondents"]
        res = check_figure(printed, int(first["n"]), respondents=None if pd.isna(resp) else int(resp),
                           rule=rule, limit=limit)
        notes = [x for x in dict.fromkeys(grp["note"].tolist()) if x]
        counts = res["counts"]
        rows.append({
            "figure": fig,
            "title": first["title"],
            "respondent_type": first["respondent_type"],
            "n": res["n"],
            "respondents": res["respondents"],
            "categories": tuple(grp["category"].tolist()) if printed else (),
            "percents": res["percents"],
            "sum": res["sum"],
            "sum_explainable": res["sum_explainable"],
            **{f"{k}_{r}": res[f"{k}_{r}"] for r in ROUNDING_RULES for k in ("possible", "n_solutions")},
            "rule": rule,
            "counts": counts,
            "counts_kind": res["counts_kind"],
            "counts_percent": None if counts is None else tuple(round(100 * c / res["n"], 1) for c in counts),
            "solutions": tuple(res["solutions"].get(rule, [])[:20]),
            "nearest_n_below": res["nearest_n_below"],
            "nearest_n_above": res["nearest_n_above"],
            "n_exceeds_respondents": res["n_exceeds_respondents"],
            "status": res["status"],
            "message": f"fig {fig} {res['message']}",
            "note": " ".join(notes),
        })
    out = pd.DataFrame(rows, columns=CHECK_PUBLISHED_COLUMNS)
    for col in ["n", "respondents", "sum", "nearest_n_below", "nearest_n_above"] + \
            [f"n_solutions_{r}" for r in ROUNDING_RULES]:
        out[col] = pd.array([None if v is None or pd.isna(v) else int(v) for v in out[col]], dtype="Int64")
    for col in ["sum_explainable", "n_exceeds_respondents"] + [f"possible_{r}" for r in ROUNDING_RULES]:
        out[col] = pd.array([None if v is None or pd.isna(v) else bool(v) for v in out[col]], dtype="boolean")
    return out


def flatten_check_report(report: pd.DataFrame) -> pd.DataFrame:
    """A :func:`check_published` report with its vectors as text, for a CSV file.

    Categories are joined with `` | ``, percentages and counts with spaces, the
    solutions as space-separated vectors joined with `` | ``.

    Parameters
    ----------
    report : DataFrame
        :func:`check_published`.

    Returns
    -------
    DataFrame
        A copy with the same columns; ``categories``, ``percents``, ``counts``,
        ``counts_percent`` and ``solutions`` as strings.

    Examples
    --------
    >>> printed = pd.DataFrame({"figure": "6.5", "n": 8, "category": ["Goed", "Slecht"], "percent": [38, 63]})
    >>> flatten_check_report(check_published(printed))[["categories", "percents", "counts", "solutions"]]
          categories percents counts solutions
    0  Goed | Slecht    38 63    3 5       3 5
    """
    flat = report.copy()
    for col in ("categories",):
        flat[col] = [" | ".join(v) for v in flat[col]]
    for col in ("percents", "counts", "counts_percent"):
        flat[col] = ["" if v is None else " ".join(str(x) for x in v) for v in flat[col]]
    flat["solutions"] = [" | ".join(" ".join(str(x) for x in s) for s in v) for v in flat["solutions"]]
    return flat


# ---------------------------------------------------------------------------
# a study's own distributions against what a report printed
# ---------------------------------------------------------------------------

#: A tiny codebook for the examples.
_DEMO = {
    "study": {"id": "demo", "title": "Demo"}, "published": "figures.csv",
    "respondent_types": [{"id": "province", "label": "provincies"}],
    "sources": [{"id": "s", "file": "s.csv", "id_column": "id", "respondent_type": "province"}],
    "scales": {"yn": {"codes": [{"code": 1, "label": {"nl": "Ja", "en": "Yes"}},
                                {"code": 2, "label": {"nl": "Nee", "en": "No"}}]}},
    "items": [{"id": "q1", "column": "q1", "scale": "yn", "measure": "q"}]}

#: Columns of :func:`compare_with_published` (``published_check.csv`` of ``analyze``).
PUBLISHED_CHECK_COLUMNS = [
    "figure", "category", "category_label", "printed_category", "printed_n", "printed_percent", "count", "base_n",
    "percent_exact", "percent", "as_printed", "figure_status", "figure_as_printed", "note",
]


def published_path(codebook) -> Path | None:
    """The published-figures file the codebook names (relative to the codebook), or None.

    Parameters
    ----------
    codebook : Codebook
        Its ``published`` key names the file.

    Returns
    -------
    Path or None

    Examples
    --------
    >>> from survey_inventory.codebook import codebook_from_dict
    >>> cb = codebook_from_dict(_DEMO)
    >>> published_path(cb).name, published_path(codebook_from_dict({**_DEMO, "published": None}))
    ('figures.csv', None)
    """
    return codebook.resolve(codebook.published) if getattr(codebook, "published", None) else None


def _label_key(text) -> str:
    """Category labels as a report's text extraction spells them: ``Redelijk/ deels`` and
    ``Redelijk/deels`` are one label (the space is a line-break artefact)."""
    return re.sub(r"\s+", "", str(text)).casefold()


def category_aliases(codebook) -> dict:
    """Every language's label of each figure category of the codebook.

    So that a report printed in Dutch can be compared with a study analysed in
    English (``aliases`` of :func:`compare_with_published`).

    Parameters
    ----------
    codebook : Codebook

    Returns
    -------
    dict
        ``{(item, category): [labels]}``, the Dutch label first.

    Examples
    --------
    >>> from survey_inventory.codebook import codebook_from_dict
    >>> category_aliases(codebook_from_dict(_DEMO))[("q1", "1")]
    ['Ja', 'Yes']
    """
    out = {}
    for item in codebook.items:
        for lang in ("nl", "en"):
            for cat in codebook.report_categories(item, lang):
                out.setdefault((item.id, str(cat["id"])), []).append(cat["label"])
    return out


def compare_with_published(distributions: pd.DataFrame, published: pd.DataFrame,
                           rule: str = "half-up", *, aliases: dict | None = None) -> pd.DataFrame:
    """Compare a study's distributions with the percentages a report printed for them.

    Parameters
    ----------
    distributions : DataFrame
        :func:`survey_inventory.estimate.distributions` (at least ``figure,
        category, category_label, count, base_n``). Cells suppressed by
        ``--min-cell`` (empty count) are compared as unknown.
    published : DataFrame
        :func:`survey_inventory.load.published.read_published` of the report's figures.
    rule : str
        The report's rounding rule: the study's counts are rounded with it before
        they are compared, whatever rounding the study's own outputs use.
    aliases : dict, optional
        ``{(item, category): [labels]}`` other spellings of a category (e.g. the
        labels in another language, :func:`category_aliases`); a printed category
        matches the study's label, its id, or any alias.

    Returns
    -------
    DataFrame
        One row per printed category, plus one per category of the study that the
        report does not print (``printed_percent`` empty: the report left it out of
        the legend, so it should be 0). Columns :data:`PUBLISHED_CHECK_COLUMNS`:
        ``as_printed`` is True when the study's base equals the printed N and its
        count prints as the report's percentage (a left-out category: when its count
        is 0); ``figure_status`` is the :func:`~survey_inventory.stats.figure_check.check_figure` verdict of the print
        (``ok``, ``impossible``, ``no printed percentages``); ``figure_as_printed``
        whether every category of the figure is as printed (empty when the report
        prints no percentages for it); ``category_label`` is the study's label,
        ``printed_category`` the report's; ``note`` says why not.

    Examples
    --------
    >>> import pandas as pd
    >>> dist = pd.DataFrame({"figure": "1", "category": ["a", "b"], "category_label": ["Ja", "Nee"],
    ...                      "count": [3, 6], "base_n": 9})
    >>> printed = pd.DataFrame({"figure": "1", "n": 9, "category": ["Ja", "Nee"], "percent": [33, 66]})
    >>> compare_with_published(dist, printed)[["category_label", "printed_percent", "percent", "as_printed"]]
      category_label  printed_percent  percent  as_printed
    0             Ja               33       33        True
    1            Nee               66       67       False
    """
    check_rule(rule)
    long = published_table(published)
    verdict = check_published(long, rule)
    status = dict(zip(verdict["figure"].astype(str), verdict["status"]))
    dist = distributions.copy()
    dist["figure"] = dist["figure"].astype("string")
    rows = []
    for fig, grp in long.groupby("figure", sort=False):
        fig = str(fig)
        mine = dist[dist["figure"] == fig]
        n_printed = int(grp["n"].iloc[0])
        printed = grp[grp["percent"].notna()]
        fig_status = status.get(fig)
        if mine.empty:
            rows.append({"figure": fig, "printed_n": n_printed, "figure_status": fig_status, "as_printed": False,
                         "printed_category": grp["category"].iloc[0] or None,
                         "note": "the study has no figure with this number"})
            continue
        shown = _rounded(mine, rule)
        by_label = {_label_key(lbl): k for k, lbl in zip(mine.index, mine["category_label"])}
        by_id = {_label_key(c): k for k, c in zip(mine.index, mine["category"])}
        if aliases and "item" in mine.columns:
            for k, item, cat in zip(mine.index, mine["item"], mine["category"]):
                for alias in aliases.get((item, str(cat)), []):
                    by_id.setdefault(_label_key(alias), k)
        seen = set()
        for _, p in printed.iterrows():
            key = _label_key(p["category"])
            k = by_label.get(key, by_id.get(key))
            row = {"figure": fig, "printed_n": n_printed, "printed_percent": int(p["percent"]),
                   "figure_status": fig_status, "printed_category": p["category"], "category_label": None}
            if k is None:
                rows.append({**row, "as_printed": False, "category_label": None,
                             "note": f"the study has no category {p['category']!r} in this figure"})
                continue
            seen.add(k)
            rows.append(_compare_cell(row, mine.loc[k], shown.get(k)))
        for k in mine.index.difference(list(seen), sort=False):
            row = {"figure": fig, "printed_n": n_printed, "figure_status": fig_status,
                   "note_absent": not printed.empty}
            rows.append(_compare_cell(row, mine.loc[k], shown.get(k)))
    out = pd.DataFrame(rows)
    for col in PUBLISHED_CHECK_COLUMNS:
        if col not in out.columns:
            out[col] = None
    def all_printed(cells):  # False if any cell differs; unknown if any cell is unknown (suppressed, not printed)
        values = [None if v is None or pd.isna(v) else bool(v) for v in cells]
        return False if False in values else (None if None in values else True)

    cells = {}
    for fig, value in zip(out["figure"], out["as_printed"]):
        cells.setdefault(fig, []).append(value)
    verdicts = {fig: all_printed(values) for fig, values in cells.items()}
    out["figure_as_printed"] = pd.array([verdicts[fig] for fig in out["figure"]], dtype="boolean")
    for col in ("printed_n", "printed_percent", "count", "base_n", "percent"):
        out[col] = pd.array([None if v is None or pd.isna(v) else int(v) for v in out[col]], dtype="Int64")
    out["as_printed"] = pd.array([None if v is None or pd.isna(v) else bool(v) for v in out["as_printed"]],
                                 dtype="boolean")
    return out[PUBLISHED_CHECK_COLUMNS].reset_index(drop=True)


def _rounded(cells: pd.DataFrame, rule: str) -> dict:
    """Each cell's percentage as ``rule`` prints it (largest remainder: within its figure)."""
    counts, bases = cells["count"], cells["base_n"]
    if counts.isna().any() or bases.isna().any() or bases.nunique() != 1 or int(bases.iloc[0]) <= 0:
        out = {}
        for k, c, b in zip(cells.index, counts, bases):  # a suppressed cell: round the others one by one
            if not (pd.isna(c) or pd.isna(b)) and int(b) > 0 and rule != "largest-remainder":
                out[k] = int(round_percentages([int(c), int(b) - int(c)], int(b), rule)[0])
        return out
    values = round_percentages([int(c) for c in counts], int(bases.iloc[0]), rule)
    return {k: int(v) for k, v in zip(cells.index, values)}


def _compare_cell(row: dict, cell: pd.Series, percent) -> dict:
    absent = row.pop("note_absent", False)
    row = {**row, "category": cell["category"], "category_label": cell["category_label"]}
    count, base = cell["count"], cell["base_n"]
    if pd.isna(count) or pd.isna(base):
        # the report's own number would give the hidden count back next to its base: left out too
        return {**row, "printed_percent": None, "as_printed": None, "note": "suppressed (--min-cell): not compared"}
    count, base = int(count), int(base)
    row.update(count=count, base_n=base)
    if base <= 0:
        return {**row, "as_printed": False, "note": "empty base"}
    row["percent_exact"] = round(100 * count / base, 4)
    row["percent"] = percent
    notes = []
    if "printed_percent" in row:
        good = row["percent"] == row["printed_percent"] and base == row["printed_n"]
        if base != row["printed_n"]:
            notes.append(f"N = {base}, printed N = {row['printed_n']}")
        if row["percent"] is not None and row["percent"] != row["printed_percent"]:
            notes.append(f"{row['percent']} %, printed {row['printed_percent']} %")
    elif absent:
        good = count == 0 and base == row["printed_n"]
        notes.append("not printed (left out of the legend: 0 % presumed)")
        if count:
            notes.append(f"but {count} of {base} here")
    else:
        good = None
        notes.append("the report prints no percentages for this figure")
    if row.get("figure_status") == STATUS_IMPOSSIBLE:
        notes.append("the printed figure is impossible for its N: closest counts used")
    return {**row, "as_printed": good, "note": "; ".join(notes)}


def comparison_summary(comparison: pd.DataFrame) -> str:
    """One line for the console: how many printed figures the study reproduces.

    Parameters
    ----------
    comparison : DataFrame
        :func:`compare_with_published`.

    Returns
    -------
    str

    Examples
    --------
    >>> dist = pd.DataFrame({"figure": "1", "category": ["a", "b"], "category_label": ["Ja", "Nee"],
    ...                      "count": [3, 6], "base_n": 9})
    >>> printed = pd.DataFrame({"figure": "1", "n": 9, "category": ["Ja", "Nee"], "percent": [33, 67]})
    >>> comparison_summary(compare_with_published(dist, printed))
    '1 of 1 printed figures reproduced exactly'
    """
    if comparison.empty:
        return "no published figures to compare"
    figs = comparison.drop_duplicates("figure")
    printed = figs[figs["figure_status"] != STATUS_EMPTY]
    same = printed[printed["figure_as_printed"].fillna(False).astype(bool)]
    possible = printed[printed["figure_status"] == STATUS_OK]
    bad = [f for f, ok in zip(possible["figure"], possible["figure_as_printed"]) if pd.notna(ok) and not ok]
    impossible = printed[printed["figure_status"] == STATUS_IMPOSSIBLE]["figure"].tolist()
    parts = [f"{len(same)} of {len(printed)} printed figures reproduced exactly"]
    if bad:
        parts.append(f"NOT as printed although possible: {', '.join(bad)}")
    if impossible:
        parts.append(f"impossible as printed (closest counts): {', '.join(impossible)}")
    empty = len(figs) - len(printed)
    if empty:
        parts.append(f"{empty} without printed numbers")
    return "; ".join(parts)
