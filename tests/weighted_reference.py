"""The R reference for weighted estimates (tests/data/reference/r_survey_weighted*.csv).

Shared by the tests of stats/weights.py, stats/weighted.py and stats/response.py:
the tables the R script wrote, and each data set's design rebuilt the way the script
built it (svydesign with fpc, postStratify or rake, trimWeights).
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from survey_inventory.stats.design import srs_design
from survey_inventory.stats.weights import poststratify, rake, trim_weights

REFERENCE = Path(__file__).resolve().parent / "data" / "reference"
UNITS = pd.read_csv(REFERENCE / "r_survey_weighted_units.csv")
MARGINS = pd.read_csv(REFERENCE / "r_survey_weighted_margins.csv")
RESULTS = pd.read_csv(REFERENCE / "r_survey_weighted.csv")
FRAMES = pd.read_csv(REFERENCE / "r_survey_weighted_frames.csv")
RESPONSE = pd.read_csv(REFERENCE / "r_survey_response.csv")
DATASETS = list(dict.fromkeys(UNITS["dataset"]))


def reference_design(name: str):
    """The data set's respondents and the design built as the R script built it."""
    units = UNITS[UNITS["dataset"] == name].reset_index(drop=True)
    margins = MARGINS[MARGINS["dataset"] == name]
    population = {v: dict(zip(g["level"], g["count"])) for v, g in margins.groupby("variable", sort=False)}
    total = float(sum(next(iter(population.values())).values()))
    base = srs_design(len(units), population=total if units["fpc"].iloc[0] else None)
    names = units["margins"].iloc[0].split("+")
    if units["scheme"].iloc[0] == "poststratify":
        design = poststratify(units[names[0]], population[names[0]], design=base, name=names[0])
    else:
        design = rake({v: units[v] for v in names}, population, design=base)
    if not np.isnan(units["trim_lower"].iloc[0]):
        design = trim_weights(design, lower=units["trim_lower"].iloc[0], upper=units["trim_upper"].iloc[0])
    return units, design
