"""Mention counts of multi-response sets (survey_inventory.estimate.mentions)."""
from __future__ import annotations


import pandas as pd
import pytest

from survey_inventory.codebook import codebook_from_dict
from survey_inventory.estimate import mention_counts
from survey_inventory.load import load_study


@pytest.fixture
def codebook():
    return codebook_from_dict({
        "study": {"id": "demo", "title": "Demo"},
        "respondent_types": [{"id": "province", "label": "provincies", "population": 12},
                             {"id": "fund", "label": "fondsen", "population": 10}],
        "sources": [{"id": "s", "file": "s.csv", "id_column": "id", "respondent_type": "province"}],
        "scales": {"yn": {"codes": [{"code": 1, "label": "Ja"}, {"code": 2, "label": "Nee"}]}},
        "items": [{"id": "q1", "column": "q1", "scale": "yn", "measure": "q"}],
        "multi_response": [{"id": "partners", "label": "Partners", "format": "binary", "table": "3.1",
                            "columns": {1: "p1", 2: "p2", 3: "p3"},
                            "codes": [{"code": 1, "label": "Gemeenten"}, {"code": 2, "label": "Scholen"},
                                      {"code": 3, "label": {"nl": "Werkgevers", "en": "Employers"}}]}],
    })


def _long(rows):
    return pd.DataFrame(rows, columns=["respondent_id", "respondent_type", "code", "mentioned"]).assign(set="partners")


def test_counts_in_code_order_per_type_with_percent_of_respondents(codebook):
    mr = _long([("a", "province", 3, True), ("a", "province", 1, True), ("a", "province", 2, False),
                ("b", "province", 3, True), ("b", "province", 1, False), ("b", "province", 2, False),
                ("c", "province", 1, False), ("c", "province", 2, False), ("c", "province", 3, False),
                ("x", "fund", 2, True), ("x", "fund", 1, False), ("x", "fund", 3, False)])
    out = mention_counts(mr, codebook, lang="en")
    prov = out[out["respondent_type"] == "province"]
    assert prov["code"].tolist() == [1, 2, 3]
    assert prov["mentions"].tolist() == [1, 0, 2] and (prov["respondents"] == 3).all()
    assert prov["percent"].tolist() == [33.3, 0.0, 66.7]              # percentages (0-100), one decimal
    assert prov["label"].tolist() == ["Gemeenten", "Scholen", "Employers"]
    fund = out[out["respondent_type"] == "fund"]
    assert fund["mentions"].tolist() == [0, 1, 0] and fund["percent"].tolist() == [0.0, 100.0, 0.0]
    assert (out["table"] == "3.1").all()


def test_no_multi_response_rows_give_the_columns_only(codebook):
    out = mention_counts(_long([]), codebook)
    assert out.empty and list(out.columns) == ["set", "set_label", "table", "sector", "respondent_type", "code",
                                               "label", "mentions", "respondents", "percent"]


def test_a_loaded_study_is_accepted(bundled_codebook):
    study = load_study(bundled_codebook)
    pd.testing.assert_frame_equal(mention_counts(study, bundled_codebook),
                                  mention_counts(study.multi_response, bundled_codebook))
