"""Indices per unit and wave, and monitoring targets judged from intervals.

The codebook's ``follow_up.indices`` define indices (the mean of several items'
scores per unit, each item rescaled to 0-100 over its substantive codes);
:func:`index_means` gives each index's mean per respondent type and wave with a
finite-population t interval (:func:`~survey_inventory.stats.targets.mean_ci`).
:func:`evaluate_targets` judges the ``follow_up.targets``: *reached* only when the
whole interval meets the target, *not reached* when the whole interval misses it,
*not yet clear* otherwise (:func:`~survey_inventory.stats.targets.evaluate_target`):

* ``index_change``: the relative change of the index's mean for the units linked
  between the two waves, with Fieller's interval
  (:func:`~survey_inventory.stats.targets.paired_mean_change_ci`);
* ``share``: the share of one report category of an item in one wave, with the
  exact (hypergeometric) interval
  (:func:`~survey_inventory.stats.targets.proportion_target`).

Shares, thresholds and intervals in the output are **percentages** (multiplied by
100 here, in one place).

>>> from survey_inventory.datasets import load_example_waves
>>> cb, waves = load_example_waves()
>>> evaluate_targets(waves, cb)["status"].tolist()
['reached', 'not_reached', 'not_yet_clear']
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..load.waves import shared_answers
from ..phrases import say
from ..stats.targets import mean_ci, paired_mean_change_ci, proportion_target, unit_index

__all__ = ["INDEX_COLUMNS", "TARGET_COLUMNS", "index_values", "index_means", "evaluate_targets"]

#: Columns of ``indices.csv``.
INDEX_COLUMNS = ["index", "index_label", "respondent_type", "wave", "n", "mean", "sd", "ci_lower", "ci_upper",
                 "ci_method"]
#: Columns of ``targets.csv``.
TARGET_COLUMNS = ["target", "target_label", "kind", "respondent_type", "wave_from", "wave", "estimate", "ci_lower",
                  "ci_upper", "threshold", "direction", "status", "status_label", "ci_method", "n"]


def _population(cb, type_id: str, wave_id: str):
    base = cb.respondent_type(type_id)
    if base.inference != "finite":
        return None
    own = cb.follow_up.wave(wave_id).respondent_types.get(type_id)
    return own.population if own is not None and own.population is not None else base.population


def index_values(answers: pd.DataFrame, cb, index_id: str) -> pd.DataFrame:
    """Each unit's index in one wave.

    Parameters
    ----------
    answers : pandas.DataFrame
        One wave's :func:`~survey_inventory.load.waves.shared_answers`.
    cb : survey_inventory.codebook.Codebook
    index_id : str

    Returns
    -------
    pandas.DataFrame
        Columns ``unit``, ``respondent_type``, ``index`` (NaN for a unit with
        fewer answered items than ``min_items``); non-substantive answers
        ("don't know") count as not answered.

    Examples
    --------
    >>> from survey_inventory.load.waves import shared_answers
    >>> from survey_inventory.datasets import load_example_waves
    >>> cb, waves = load_example_waves()
    >>> w1 = shared_answers(waves["w1"], cb, "w1")
    >>> row = index_values(w1, cb, "familiarity_index").iloc[0]
    >>> row.unit, row.respondent_type, float(row["index"])   # codes 2, 5, 2, 3 -> 75, 0, 75, 50
    ('AMR-01', 'amr', 50.0)
    """
    spec = next(ix for ix in cb.follow_up.indices if ix.id == index_id)
    bounds, keep = {}, []
    for item_id in spec.items:
        scale = cb.scale(cb.item(item_id).scale)
        substantive = [float(c.code) for c in scale.codes if c.substantive]
        bounds[item_id] = (min(substantive), max(substantive))
        keep += [(item_id, str(c.code)) for c in scale.codes if c.substantive]
    rows = answers[answers["item"].isin(spec.items)]
    ok = pd.Series(list(zip(rows["item"], rows["code"])), index=rows.index).isin(set(keep))
    rows = rows[ok]
    scores = rows.pivot_table(index="unit", columns="item", values="code", aggfunc="first").astype(float)
    scores = scores.reindex(columns=spec.items)
    index = unit_index(scores, scale=bounds if spec.rescale else None,
                       reverse=spec.reverse if spec.rescale else (), min_items=spec.min_items)
    types = rows.drop_duplicates("unit").set_index("unit")["respondent_type"]
    return pd.DataFrame({"unit": index.index.astype(str), "respondent_type": types.reindex(index.index).to_numpy(),
                         "index": index.to_numpy()})


def index_means(studies: dict, cb, *, level: float = 0.95, lang: str | None = None) -> pd.DataFrame:
    """Mean of every index per respondent type and wave, with a finite-population interval.

    Parameters
    ----------
    studies : dict
        Wave id -> loaded study.
    cb : survey_inventory.codebook.Codebook
    level : float, default 0.95
    lang : str, optional

    Returns
    -------
    pandas.DataFrame
        One row per index, respondent type and wave; columns :data:`INDEX_COLUMNS`.

    Examples
    --------
    >>> from survey_inventory.datasets import load_example_waves
    >>> cb, waves = load_example_waves()
    >>> m = index_means(waves, cb)
    >>> m[["respondent_type", "wave", "n"]].head(2).values.tolist()
    [['province', 'w1', 9], ['amr', 'w1', 27]]
    """
    frames = []
    for spec in cb.follow_up.indices:
        for wave_id, study in studies.items():
            values = index_values(shared_answers(study, cb, wave_id), cb, spec.id)
            for type_id in [t.id for t in cb.respondent_types]:
                own = values[values["respondent_type"] == type_id]["index"]
                if own.notna().sum() == 0:
                    continue
                res = mean_ci(own.to_numpy(), population=_population(cb, type_id, wave_id), level=level)
                res = res.drop(columns="group").assign(index=spec.id, index_label=cb.label(spec.label, lang),
                                                       respondent_type=type_id, wave=wave_id)
                frames.append(res)
    if not frames:
        return pd.DataFrame(columns=INDEX_COLUMNS)
    return pd.concat(frames, ignore_index=True)[INDEX_COLUMNS]


def _index_change(studies, cb, t, level):
    series = {}
    for w in (t.wave_from, t.wave):
        values = index_values(shared_answers(studies[w], cb, w), cb, t.index)
        own = values[values["respondent_type"] == t.respondent_type]
        series[w] = own.set_index("unit")["index"].dropna()
    population = _population(cb, t.respondent_type, t.wave)
    if population != _population(cb, t.respondent_type, t.wave_from):
        population = None
    res = paired_mean_change_ci(series[t.wave_from], series[t.wave], population=population, level=level).iloc[0]
    return (float(res.relative_change), float(res.rel_lower), float(res.rel_upper),
            f"{res.ci_method}: relative change of the mean", int(res.n_paired))


def _share(studies, cb, t, level):
    answers = shared_answers(studies[t.wave], cb, t.wave)
    own = answers[(answers["item"] == t.item) & (answers["respondent_type"] == t.respondent_type)]
    item = cb.item(t.item)
    population = None if item.asked_if else _population(cb, t.respondent_type, t.wave)
    k, n = int((own["category"] == t.category).sum()), int(len(own))
    res = proportion_target(k, n, t.threshold, population=population, direction=t.direction, level=level).iloc[0]
    return float(res.estimate), float(res.ci_lower), float(res.ci_upper), str(res.ci_method), n


def evaluate_targets(studies: dict, cb, *, level: float = 0.95, lang: str | None = None) -> pd.DataFrame:
    """Every monitoring target of the codebook, judged from its interval.

    Parameters
    ----------
    studies, cb, level, lang
        As in :func:`index_means` (``lang``: the labels' language, default the study's).

    Returns
    -------
    pandas.DataFrame
        Columns :data:`TARGET_COLUMNS`; ``estimate``, ``ci_lower``,
        ``ci_upper`` and ``threshold`` in percent (a relative change: percent
        of the baseline mean); ``status`` one of ``reached``, ``not_reached``,
        ``not_yet_clear``.

    References
    ----------
    Fieller, E. C. (1954). Some problems in interval estimation. *Journal of
    the Royal Statistical Society B* 16, 175-185 (an index's relative change).

    Buonaccorsi, J. P. (1987). A note on confidence intervals for proportions
    in finite populations. *The American Statistician* 41, 215-218 (a share).

    Examples
    --------
    >>> from survey_inventory.datasets import load_example_waves
    >>> cb, waves = load_example_waves()
    >>> t = evaluate_targets(waves, cb, lang="en")
    >>> t[["target", "threshold", "status_label"]].values.tolist()[1]
    ['ict_known_60', 60.0, 'not reached']
    """
    from ..stats.targets import evaluate_target

    lang = lang or cb.study.language
    rows = []
    for t in cb.follow_up.targets:
        est, lo, hi, method, n = (_index_change if t.kind == "index_change" else _share)(studies, cb, t, level)
        status = str(evaluate_target(lo, hi, t.threshold, direction=t.direction)[0])
        rows.append({"target": t.id, "target_label": cb.label(t.label, lang), "kind": t.kind,
                     "respondent_type": t.respondent_type, "wave_from": t.wave_from or "", "wave": t.wave,
                     "estimate": 100 * est, "ci_lower": 100 * lo if np.isfinite(lo) else np.nan,
                     "ci_upper": 100 * hi if np.isfinite(hi) else np.nan, "threshold": 100 * t.threshold,
                     "direction": t.direction, "status": status, "status_label": say(f"target_{status}", lang),
                     "ci_method": method, "n": n})
    return pd.DataFrame(rows, columns=TARGET_COLUMNS)
