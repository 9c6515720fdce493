"""The response analysis (``response.csv``): who answered, by frame attribute.

For every respondent type with a population frame (:mod:`survey_inventory.load.frame`)
and every frame attribute the codebook names: per category the units targeted, the
respondents and the response rate, the exact test of independence between response
and the attribute, and for the type as a whole the R-indicator of representativeness
with its bootstrap standard error. The statistics are those of
:mod:`survey_inventory.stats.response`; rates are percentages (0-100) here, as in the
other tables.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..load.frame import framed_types

__all__ = ["RESPONSE_COLUMNS", "response_analysis"]

#: Columns of ``response.csv``.
RESPONSE_COLUMNS = [
    "respondent_type", "respondent_type_label", "row_type", "attribute", "category", "targeted", "responded",
    "response_rate", "p_value", "test", "p_method", "r_indicator", "r_se", "r_ci_lower", "r_ci_upper", "r_model",
]


def response_analysis(frames: dict, codebook, *, lang: str | None = None, bootstrap: int = 500,
                      seed: int = 2025, level: float = 0.95) -> pd.DataFrame:
    """Response per frame attribute and category, its exact test, and the R-indicator.

    Parameters
    ----------
    frames : dict of str to survey_inventory.load.frame.LinkedFrame
        From :func:`survey_inventory.load.frame.load_frames`.
    codebook : survey_inventory.codebook.Codebook
        Respondent types (their order and labels).
    lang : {"nl", "en"}, optional
        Language of the type labels; the codebook's by default.
    bootstrap, seed : int
        Resamples and seed of the R-indicator's standard error.
    level : float
        Confidence level of the R-indicator's interval.

    Returns
    -------
    pandas.DataFrame
        :data:`RESPONSE_COLUMNS`. ``row_type`` is ``category`` (one category of an
        attribute: ``targeted``, ``responded``, ``response_rate`` in percent),
        ``attribute`` (the attribute's total and its exact test: ``p_value``,
        ``test``, ``p_method``) or ``overall`` (the type's total and its R-indicator
        on all attributes: ``r_indicator``, ``r_se``, ``r_ci_lower``, ``r_ci_upper``,
        ``r_model``).

    References
    ----------
    Schouten, Cobben & Bethlehem (2009), as cited in
    :func:`survey_inventory.stats.response.r_indicator`.

    Examples
    --------
    >>> from survey_inventory.load.frame import load_frames
    >>> from survey_inventory.datasets import load_example
    >>> cb, study, dist = load_example("llo-2026")
    >>> frames, _ = load_frames(study)
    >>> out = response_analysis(frames, cb, bootstrap=0)
    >>> size = out[(out["attribute"] == "grootteklasse") & (out["row_type"] == "category")]
    >>> size[["category", "targeted", "responded", "response_rate"]].to_string(index=False)
    'category  targeted  responded  response_rate\\n   groot        62         35        56.4516\\n   klein       131         33        25.1908\\n  middel       149         52        34.8993'
    """
    from ..stats.response import r_indicator, response_independence_test, response_rates

    lang = lang or codebook.study.language
    rows = []
    for rtype, frame in framed_types(codebook, frames):
        label = codebook.label(rtype.label, lang)
        units = frame.units
        responded = units["responded"].to_numpy(dtype=bool)
        base = {"respondent_type": rtype.id, "respondent_type_label": label}
        for attribute in frame.attributes:
            rates = response_rates(responded, units[attribute].to_numpy())
            for r in rates.itertuples(index=False):
                rows.append({**base, "row_type": "category", "attribute": attribute, "category": r.category,
                             "targeted": r.targeted, "responded": r.responded,
                             "response_rate": 100.0 * r.response_rate})
            test = response_independence_test(responded, units[attribute].to_numpy(), seed=seed)
            rows.append({**base, "row_type": "attribute", "attribute": attribute, "category": "",
                         "targeted": int(rates["targeted"].sum()), "responded": int(rates["responded"].sum()),
                         "response_rate": 100.0 * responded.mean(), "p_value": float(test["p_value"]),
                         "test": test["test"], "p_method": test["p_method"]})
        overall = {**base, "row_type": "overall", "attribute": " + ".join(frame.attributes), "category": "",
                   "targeted": int(responded.size), "responded": int(responded.sum()),
                   "response_rate": 100.0 * responded.mean()}
        if frame.attributes:
            r = r_indicator(responded, units[frame.attributes], bootstrap=bootstrap, seed=seed, level=level)
            overall.update({"r_indicator": float(r["r_indicator"]), "r_se": float(r["se"]),
                            "r_ci_lower": float(r["ci_lower"]), "r_ci_upper": float(r["ci_upper"]),
                            "r_model": r["model"]})
        rows.append(overall)
    out = pd.DataFrame(rows, columns=RESPONSE_COLUMNS)
    out["p_value"] = pd.to_numeric(out["p_value"], errors="coerce").astype(float)
    for column in ("response_rate", "r_indicator", "r_se", "r_ci_lower", "r_ci_upper"):
        out[column] = pd.to_numeric(out[column], errors="coerce").astype(float).round(4)
    out[["targeted", "responded"]] = out[["targeted", "responded"]].astype(np.int64)
    return out
