"""Change between waves per figure cell, and marginal homogeneity per item.

For every figure cell (item x respondent type x report category) present in two
waves, :func:`wave_changes` gives the change in percentage points with the interval
of :func:`~survey_inventory.stats.change.change_ci`: paired where units answered
both waves (linked by unit id), independent where no unit did, partially paired
otherwise -- no unit is dropped.  ``percent_from`` and ``percent_to`` are the
percentages of *all* respondents of each wave, the numbers the single-wave figures
print.  The population size is used (finite-population intervals) when the type
has ``inference: finite``, the same population in both waves and the item is asked
of everybody; for a routed item the answering units are a domain of unknown size,
so the interval leaves the finite population out (wider, never too narrow).

:func:`homogeneity` tests, per item and type, whether the linked units'
distribution over the report categories changed (exact McNemar for two categories,
Stuart-Maxwell for more), with Holm's correction across every test of one pair of
waves (:func:`~survey_inventory.stats.marginal.marginal_homogeneity_family`).

Every share here is a **percentage** (0-100) and every change **percentage points**:
the statistics give proportions, multiplied by 100 in this module only.

>>> from survey_inventory.datasets import load_example_waves
>>> cb, waves = load_example_waves()
>>> changes = wave_changes(waves, cb)
>>> changes.columns.tolist()[:6]
['figure', 'sector', 'respondent_type', 'measure', 'category', 'wave_from']
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..codebook.waves import WaveComparisonError, comparable
from ..load.waves import shared_answers
from ..stats.change import change_ci, linked_counts
from ..stats.marginal import marginal_homogeneity_family

__all__ = ["CHANGE_COLUMNS", "HOMOGENEITY_COLUMNS", "wave_pairs", "wave_changes", "homogeneity", "cell_population"]

#: Columns of ``changes.csv``: the issue's columns, then the item and the category's label.
CHANGE_COLUMNS = ["figure", "sector", "respondent_type", "measure", "category", "wave_from", "wave_to",
                  "percent_from", "percent_to", "change", "ci_lower", "ci_upper", "ci_method", "n_paired",
                  "n_from_only", "n_to_only", "item", "category_label"]

#: Columns of ``homogeneity.csv``.
HOMOGENEITY_COLUMNS = ["wave_from", "wave_to", "figure", "sector", "respondent_type", "measure", "item",
                       "statistic", "df", "p_value", "p_method", "n", "n_changed", "note", "p_holm"]


def wave_pairs(cb) -> list[tuple[str, str]]:
    """The pairs of waves compared: each wave with the one before, and with the first.

    Parameters
    ----------
    cb : survey_inventory.codebook.Codebook

    Returns
    -------
    list of (str, str)

    Examples
    --------
    >>> from types import SimpleNamespace as NS
    >>> cb = NS(follow_up=NS(waves=[NS(id="w1"), NS(id="w2"), NS(id="w3")]))
    >>> wave_pairs(cb)
    [('w1', 'w2'), ('w2', 'w3'), ('w1', 'w3')]
    """
    ids = [w.id for w in cb.follow_up.waves]
    pairs = list(zip(ids, ids[1:]))
    return pairs + [(ids[0], w) for w in ids[2:]]


def cell_population(cb, item, type_id: str, wave_from: str, wave_to: str):
    """The population size a change interval may use, or None.

    Parameters
    ----------
    cb : survey_inventory.codebook.Codebook
    item : survey_inventory.codebook.Item
    type_id, wave_from, wave_to : str

    Returns
    -------
    int or None
        The type's population when its inference is finite, it is the same in
        both waves and the item is asked of every unit; else None.

    Examples
    --------
    >>> from survey_inventory.datasets import load_example_waves
    >>> cb, waves = load_example_waves()
    >>> cell_population(cb, cb.item("care_familiarity"), "amr", "w1", "w2"), \\
    ...     cell_population(cb, cb.item("care_involvement"), "amr", "w1", "w2")
    (35, None)
    """
    base = cb.respondent_type(type_id)
    if base.inference != "finite" or item.asked_if:
        return None
    sizes = []
    for w in (wave_from, wave_to):
        own = cb.follow_up.wave(w).respondent_types.get(type_id)
        sizes.append(own.population if own is not None and own.population is not None else base.population)
    return sizes[0] if sizes[0] is not None and sizes[0] == sizes[1] else None


def _cells(cb, answers: dict, wave_from: str, wave_to: str, refused: list):
    """(item, type, categories, series_from, series_to) for every item x type in both waves."""
    a, b = answers[wave_from], answers[wave_to]
    for item in cb.items:
        try:
            comparable(cb, item.id, wave_from, wave_to)
        except WaveComparisonError as err:
            refused.append(str(err))
            continue
        for type_id in [t.id for t in cb.respondent_types]:
            if item.respondent_types is not None and type_id not in item.respondent_types:
                continue
            fa = a[(a["item"] == item.id) & (a["respondent_type"] == type_id)].set_index("unit")["category"]
            fb = b[(b["item"] == item.id) & (b["respondent_type"] == type_id)].set_index("unit")["category"]
            if fa.empty or fb.empty:
                continue
            yield item, type_id, fa, fb


def wave_changes(studies: dict, cb, *, pairs=None, level: float = 0.95, lang: str | None = None) -> pd.DataFrame:
    """Change of every figure cell between pairs of waves, with intervals.

    Parameters
    ----------
    studies : dict
        Wave id -> loaded study (:func:`~survey_inventory.load.waves.load_waves`).
    cb : survey_inventory.codebook.Codebook
        The codebook with the ``follow_up`` section.
    pairs : list of (str, str), optional
        Waves to compare (default :func:`wave_pairs`).
    level : float, default 0.95
    lang : str, optional
        Language of ``category_label`` (default: the study's).

    Returns
    -------
    pandas.DataFrame
        Columns :data:`CHANGE_COLUMNS`; percentages and percentage points.
        ``attrs["refused"]`` lists, one line each, the items not compared
        because their scales differ between the waves.

    Examples
    --------
    >>> from survey_inventory.datasets import load_example_waves
    >>> cb, waves = load_example_waves()
    >>> ch = wave_changes(waves, cb)
    >>> row = ch[(ch.item == "care_familiarity") & (ch.respondent_type == "province") & (ch.category == "good")]
    >>> row[["percent_from", "percent_to", "change"]].round(1).values.tolist()
    [[33.3, 44.4, 11.1]]
    >>> row[["n_paired", "n_from_only", "n_to_only"]].values.tolist(), row.ci_method.iloc[0]
    ([[8, 1, 1]], 'bonferroni-exact (N=12)')
    """
    answers = {w: shared_answers(s, cb, w) for w, s in studies.items()}
    rows, refused = [], []
    for wave_from, wave_to in pairs or wave_pairs(cb):
        for item, type_id, fa, fb in _cells(cb, answers, wave_from, wave_to, refused):
            population = cell_population(cb, item, type_id, wave_from, wave_to)
            for cat in cb.report_categories(item, lang):
                counts = linked_counts((fa == cat["id"]).astype(int), (fb == cat["id"]).astype(int))
                res = change_ci(**counts, population=population, level=level).iloc[0]
                rows.append({"figure": item.figures.get(type_id, ""), "sector": item.sector or "",
                             "respondent_type": type_id, "measure": item.measure, "category": cat["id"],
                             "wave_from": wave_from, "wave_to": wave_to,
                             "percent_from": 100 * float(res.p_from), "percent_to": 100 * float(res.p_to),
                             "change": 100 * float(res.change), "ci_lower": 100 * float(res.ci_lower),
                             "ci_upper": 100 * float(res.ci_upper), "ci_method": res.ci_method,
                             "n_paired": int(res.n_paired), "n_from_only": int(res.n_from_only),
                             "n_to_only": int(res.n_to_only), "item": item.id, "category_label": cat["label"]})
    out = pd.DataFrame(rows, columns=CHANGE_COLUMNS)
    out.attrs["refused"] = list(dict.fromkeys(refused))
    return out


def homogeneity(studies: dict, cb, *, pairs=None) -> pd.DataFrame:
    """Marginal homogeneity per item and respondent type, Holm across each pair of waves.

    Parameters
    ----------
    studies : dict
        Wave id -> loaded study.
    cb : survey_inventory.codebook.Codebook
    pairs : list of (str, str), optional
        Default :func:`wave_pairs`.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`HOMOGENEITY_COLUMNS`: one row per pair of waves, item
        and type with linked units; ``p_holm`` adjusts over all rows of the
        same pair of waves.

    References
    ----------
    McNemar, Q. (1947). Note on the sampling error of the difference between
    correlated proportions or percentages. *Psychometrika* 12, 153-157 (two categories).

    Stuart, A. (1955). A test for homogeneity of the marginal distributions
    in a two-way classification. *Biometrika* 42, 412-416.

    Maxwell, A. E. (1970). Comparing the classification of subjects by two
    independent judges. *British Journal of Psychiatry* 116, 651-655.

    Holm, S. (1979). A simple sequentially rejective multiple test procedure.
    *Scandinavian Journal of Statistics* 6, 65-70.

    Examples
    --------
    >>> from survey_inventory.datasets import load_example_waves
    >>> cb, waves = load_example_waves()
    >>> h = homogeneity(waves, cb)
    >>> tested = h.dropna(subset=["p_value"])
    >>> bool((tested.p_holm >= tested.p_value).all()), h.p_method.iloc[0]
    (True, 'Stuart-Maxwell (chi-square)')
    """
    answers = {w: shared_answers(s, cb, w) for w, s in studies.items()}
    frames = []
    for wave_from, wave_to in pairs or wave_pairs(cb):
        tables, keys = {}, []
        for item, type_id, fa, fb in _cells(cb, answers, wave_from, wave_to, []):
            cats = [c["id"] for c in cb.report_categories(item)]
            both = pd.concat([fa, fb], axis=1, join="inner").to_numpy()
            if len(both) == 0:
                continue
            table = np.zeros((len(cats), len(cats)), dtype=int)
            for x, y in both:
                table[cats.index(x), cats.index(y)] += 1
            tables[f"{item.id}|{type_id}"] = table
            keys.append((item, type_id))
        if not tables:
            continue
        fam = marginal_homogeneity_family(tables)
        fam.insert(0, "wave_from", wave_from)
        fam.insert(1, "wave_to", wave_to)
        fam["figure"] = [item.figures.get(t, "") for item, t in keys]
        fam["sector"] = [item.sector or "" for item, _ in keys]
        fam["respondent_type"] = [t for _, t in keys]
        fam["measure"] = [item.measure for item, _ in keys]
        fam["item"] = [item.id for item, _ in keys]
        frames.append(fam)
    if not frames:
        return pd.DataFrame(columns=HOMOGENEITY_COLUMNS)
    return pd.concat(frames, ignore_index=True)[HOMOGENEITY_COLUMNS]
