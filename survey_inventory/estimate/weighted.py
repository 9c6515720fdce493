"""Weighted distributions (``weighted_distributions.csv``) for the types with a population frame.

For every respondent type whose codebook entry names a ``frame:`` the respondents are
weighted to the frame as its ``weighting:`` says (:func:`type_design`: simple random
sample with fpc, post-stratified on one attribute or raked on several, optionally
trimmed; :mod:`survey_inventory.stats.weights`), and every item gets, per report
category, the weighted percentage with its linearisation interval (R ``survey``'s
``svyciprop``; :func:`survey_inventory.stats.weighted.weighted_distribution`). A routed
item (or one with item non-response) is a domain: the respondents with a valid answer,
as R's ``subset(design, answered)``.

Beside them, without any weighting model, the non-response bounds
(:func:`survey_inventory.stats.bounds.nonresponse_bounds`): the worst case (every
non-respondent one way or the other: ``wc_lower``, ``wc_upper``, equal to
``distributions.csv``'s) and the sensitivity bounds for non-respondents differing by at
most the frame's ``sensitivity`` (``sens_lower``, ``sens_upper``).

``distributions.csv`` is not changed: its rows stay the unweighted estimates. Shares
are percentages (0-100).
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..load.frame import framed_types

__all__ = ["WEIGHTED_COLUMNS", "type_design", "weighted_distributions"]

#: Columns of ``weighted_distributions.csv``.
WEIGHTED_COLUMNS = [
    "figure", "sector", "respondent_type", "respondent_type_label", "measure", "item", "category",
    "category_label", "category_order", "count", "base_n", "percent_exact", "w_percent", "w_se", "w_ci_lower",
    "w_ci_upper", "w_ci_method", "w_count", "ci_level", "population_n", "sample_n", "domain", "nonresponse",
    "wc_lower", "wc_upper", "sens_delta", "sens_lower", "sens_upper", "weighting", "weight_min", "weight_max",
]


def type_design(frame, respondent_ids):
    """The weighted design of one type's respondents, as its frame's ``weighting`` says.

    Parameters
    ----------
    frame : survey_inventory.load.frame.LinkedFrame
        The type's frame, linked to its respondents.
    respondent_ids : sequence
        The type's respondents, in the order the weights are wanted.

    Returns
    -------
    survey_inventory.stats.design.SurveyDesign
        ``srs_design`` with ``N`` = the frame's units for ``none``; post-stratified or
        raked to the frame's counts; trimmed (and re-calibrated) when ``trim`` is set.

    Raises
    ------
    SurveyInputError
        From :mod:`survey_inventory.stats.weights`, naming the attribute and cell: an
        empty cell, raking that does not converge, bounds that cannot hold.

    Examples
    --------
    Six municipalities (four small, two large), of which one small and both large
    responded: the small one stands for 4, each large one for 1.

    >>> from pathlib import Path
    >>> from survey_inventory.codebook.frames import Weighting
    >>> from survey_inventory.load.frame import LinkedFrame
    >>> units = pd.DataFrame({"unit_id": list("abcdef"), "size": ["klein"] * 4 + ["groot"] * 2})
    >>> frame = LinkedFrame("gemeente", Path("frame.csv"), units, ["size"],
    ...                     Weighting(method="poststratify", attributes=["size"]), 0.1)
    >>> design = type_design(frame, ["a", "e", "f"])
    >>> design.scheme, design.weight_range()
    ('post-stratified on size (2 cells)', (1.0, 4.0))
    """
    from ..stats.design import srs_design
    from ..stats.weights import poststratify, rake, trim_weights

    weighting = frame.weighting
    attributes = frame.respondent_attributes(respondent_ids)
    units = frame.units
    if weighting.method == "none":
        design = srs_design(len(attributes), population=frame.size)
    elif weighting.method == "poststratify":
        name = weighting.attributes[0]
        design = poststratify(attributes[name].to_numpy(), units[name].value_counts(), population=frame.size,
                              name=name)
    else:
        design = rake({a: attributes[a].to_numpy() for a in weighting.attributes},
                      {a: units[a].value_counts() for a in weighting.attributes}, population=frame.size)
    if weighting.trim is not None:
        lower, upper = weighting.trim
        design = trim_weights(design, lower=lower, upper=upper, recalibrate=design.calibrated)
    return design


def weighted_distributions(responses, codebook, frames: dict, *, method: str = "logit", level: float = 0.95,
                           lang: str | None = None) -> pd.DataFrame:
    """Weighted percentages with intervals, and non-response bounds, per item and framed type.

    Parameters
    ----------
    responses : pandas.DataFrame
        The tidy table (:func:`survey_inventory.load.load_study` ``.responses``).
    codebook : survey_inventory.codebook.Codebook
        Items, categories and respondent types.
    frames : dict of str to survey_inventory.load.frame.LinkedFrame
        From :func:`survey_inventory.load.frame.load_frames`; types without one get
        no rows.
    method : {"logit", "beta", "mean"}, default "logit"
        Interval of R's ``svyciprop``.
    level : float, default 0.95
    lang : {"nl", "en"}, optional
        Language of the labels.

    Returns
    -------
    pandas.DataFrame
        :data:`WEIGHTED_COLUMNS`, one row per (item, framed type, category), in the
        order of ``distributions.csv``. ``w_*``: the weighted percentage, its standard
        error and interval (percentages) and method; ``w_count`` the estimated number
        of population units; ``weighting``, ``weight_min``, ``weight_max`` the scheme.

    References
    ----------
    Lumley, T. (2010). *Complex Surveys: A Guide to Analysis Using R*. Wiley.

    Manski, C. F. (2003). *Partial Identification of Probability Distributions*. Springer.

    Examples
    --------
    >>> from survey_inventory.datasets import load_example
    >>> from survey_inventory.load.frame import load_frames
    >>> cb, study, dist = load_example("llo-2026")
    >>> frames, _ = load_frames(study)
    >>> w = weighted_distributions(study.responses, study.codebook, frames)
    >>> w.query("item == 'zorg_known'")[["category", "percent_exact", "w_percent", "sens_lower", "sens_upper"]]
      category  percent_exact  w_percent  sens_lower  sens_upper
    0        1        59.1667    53.4418     52.6754     65.6579
    1        2        32.5000    37.5280     26.0088     38.9912
    2        8         8.3333     9.0302      2.9240     14.8246
    """
    from ..stats.bounds import nonresponse_bounds
    from ..stats.weighted import weighted_distribution

    lang = lang or codebook.study.language
    blocks = []
    for rtype, frame in framed_types(codebook, frames):
        of_type = responses[responses["respondent_type"] == rtype.id]
        ids = pd.unique(of_type["respondent_id"])
        if len(ids) < 2:
            continue
        design = type_design(frame, ids)
        position = pd.Series(np.arange(len(ids)), index=ids)
        low, high = design.weight_range()
        for item in codebook.items:
            rows = of_type[of_type["item"] == item.id]
            if rows.empty:
                continue
            cats = codebook.report_categories(item, lang)
            category_of = {_key(c): cat["id"] for cat in cats for c in cat["codes"]}
            valid = rows[rows["status"].astype(str) == "valid"]
            answers = np.full(len(ids), None, dtype=object)
            answers[position[valid["respondent_id"]].to_numpy()] = [category_of.get(_key(c)) for c in valid["code"]]
            inside = pd.notna(pd.Series(answers)).to_numpy()
            base, sample_n = int(inside.sum()), int(len(rows))
            block = pd.DataFrame({
                "figure": item.figures.get(rtype.id, ""), "sector": item.sector or "", "respondent_type": rtype.id,
                "respondent_type_label": codebook.label(rtype.label, lang), "measure": item.measure,
                "item": item.id, "category": [c["id"] for c in cats], "category_label": [c["label"] for c in cats],
                "category_order": np.arange(1, len(cats) + 1),
            })
            block["count"] = [int(sum(a == c["id"] for a in answers[inside])) for c in cats]
            block["base_n"] = base
            block["population_n"] = frame.size
            block["sample_n"] = sample_n
            routed = item.asked_if is not None
            block["domain"] = routed  # as in distributions: a routed item is a domain, also when all were asked
            if base:
                block["percent_exact"] = 100.0 * block["count"] / base
                est = weighted_distribution(answers, design, domain=None if inside.all() else inside,
                                            categories=block["category"].tolist(), method=method, level=level)
                block["w_percent"] = 100.0 * est["estimate"].to_numpy()
                block["w_se"] = 100.0 * est["se"].to_numpy()
                block["w_ci_lower"] = 100.0 * est["ci_lower"].to_numpy()
                block["w_ci_upper"] = 100.0 * est["ci_upper"].to_numpy()
                block["w_ci_method"] = est["ci_method"].to_numpy()
                block["w_count"] = est["weighted_count"].to_numpy()
                # who is in the domain is unknown for non-respondents and for those asked who did not
                # answer (as in estimate.distributions)
                unanswered = int((rows["status"].astype(str) == "missing").sum())
                s = sample_n - unanswered if routed else None
                worst = nonresponse_bounds(block["count"], base, frame.size, sample_n=s)
                sens = nonresponse_bounds(block["count"], base, frame.size, delta=frame.sensitivity, sample_n=s)
                block["nonresponse"] = worst["nonresponse"].to_numpy()
                block["wc_lower"], block["wc_upper"] = 100.0 * worst["lower"], 100.0 * worst["upper"]
                block["sens_lower"], block["sens_upper"] = 100.0 * sens["lower"], 100.0 * sens["upper"]
            block["ci_level"] = level
            block["sens_delta"] = 100.0 * frame.sensitivity
            block["weighting"] = design.scheme
            block["weight_min"], block["weight_max"] = low, high
            blocks.append(block)
    if not blocks:
        return pd.DataFrame(columns=WEIGHTED_COLUMNS)
    out = pd.concat(blocks, ignore_index=True).reindex(columns=WEIGHTED_COLUMNS)
    numbers = ["percent_exact", "w_percent", "w_se", "w_ci_lower", "w_ci_upper", "w_count", "nonresponse",
               "wc_lower", "wc_upper", "sens_lower", "sens_upper", "weight_min", "weight_max"]
    out[numbers] = out[numbers].astype(float).round(4)
    return out


def _key(code) -> str:
    """A code as text, so that 1, 1.0 and "1" are one code."""
    if isinstance(code, float) and code.is_integer():
        code = int(code)
    return str(code)
