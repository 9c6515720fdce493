"""Helpers shared by the tests of survey_inventory/load/ (tests/test_load_*.py)."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from survey_inventory.codebook import load_codebook
from survey_inventory.load import LoadError, load_study

TIDY_COLUMNS = ["respondent_id", "respondent_type", "source", "file", "row", "column", "sector", "item",
                "measure", "code", "raw", "status", "label", "category", "category_label"]


def answers(tidy):
    t = tidy.astype({"item": str, "status": str, "respondent_type": str})
    return {(r.respondent_id, r.item): (r.status, None if pd.isna(r.code) else int(r.code)) for r in t.itertuples()}


EXPECTED = {
    ("p1", "fam"): ("valid", 1), ("p1", "inv"): ("valid", 1),
    ("p2", "fam"): ("valid", 2), ("p2", "inv"): ("valid", 2),
    ("p3", "fam"): ("valid", 3), ("p3", "inv"): ("not_asked", None),
    ("a1", "fam"): ("valid", 1), ("a1", "inv"): ("valid", 1),
    ("a2", "fam"): ("valid", 2), ("a2", "inv"): ("valid", 3),
}


def load_error(path) -> str:
    with pytest.raises(LoadError) as err:
        load_study(load_codebook(path))
    msg = str(err.value)
    assert "\n" not in msg
    return msg


def write_sav(path, labels=None, missing=None):
    import pyreadstat

    df = pd.DataFrame({"id": ["p1", "p2", "p3", "a1", "a2"], "type": [1.0, 1, 1, 2, 2],
                       "fam": [1.0, 2, 3, 1, 9], "inv": [1.0, 2, np.nan, 1, 3]})
    pyreadstat.write_sav(
        df, str(path),
        variable_value_labels=labels or {"fam": {1: "Goed", 2: "Redelijk", 3: "Zeer slecht", 9: "Geen antwoord"},
                                         "inv": {1: "Actief betrokken", 2: "Niet betrokken", 3: "Weet ik niet"}},
        missing_ranges=missing if missing is not None else {"fam": [9]},
    )
