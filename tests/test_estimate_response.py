"""The response table (survey_inventory.estimate.response): headings from the phrase
catalogue in both languages, totals, and the rate as a percentage.

The bundled study's table against the printed Tabel 1.1 is in test_bundled.py.
"""
from __future__ import annotations

import doctest
import importlib

import pandas as pd
import pytest

from survey_inventory.codebook import codebook_from_dict
from survey_inventory.estimate import response_table
from survey_inventory.load import load_study
from survey_inventory.phrases import say


@pytest.fixture
def codebook():
    return codebook_from_dict({
        "study": {"id": "demo", "title": "Demo"},
        "respondent_types": [
            {"id": "province", "label": "provincies", "label_singular": {"nl": "provincie", "en": "province"},
             "population": 12},
            {"id": "fund", "label": "fondsen", "population": 10, "targeted": 8},
        ],
        "sectors": [{"id": "care", "label": {"nl": "zorg", "en": "care"}, "collaborations": "zorgverbanden"}],
        "interviews": [{"sector": "care", "targeted": 10, "achieved": 8}],
        "sources": [{"id": "s", "file": "s.csv", "id_column": "id", "respondent_type": "province"}],
        "scales": {"yn": {"codes": [{"code": 1, "label": "Ja"}, {"code": 2, "label": "Nee"}]}},
        "items": [{"id": "q1", "column": "q1", "scale": "yn", "measure": "q"}],
    })


RESPONDENTS = pd.DataFrame({"respondent_id": list("abcdefghijk"),
                            "respondent_type": ["province"] * 9 + ["fund"] * 2})


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_headings_come_from_the_phrase_catalogue(codebook, lang):
    t = response_table(RESPONDENTS, codebook, lang=lang)
    groups = t.loc[t["row_type"].isin(["group", "total"]), "label"].tolist()
    assert groups == [say("response_table_collaborations", lang), say("response_table_other_parties", lang),
                      say("response_table_total", lang)]
    assert t.loc[t["row_type"] == "sector", "label"].tolist() == [{"nl": "Zorg", "en": "Care"}[lang]]


def test_counts_totals_and_rate_as_percentage(codebook):
    t = response_table(RESPONDENTS, codebook).set_index("label")
    assert t.loc["provincie", ["targeted", "achieved"]].tolist() == [12, 9]    # targeted: the population
    assert t.loc["fondsen", ["targeted", "achieved"]].tolist() == [8, 2]       # targeted given
    assert t.loc["Overige partijen", ["targeted", "achieved"]].tolist() == [20, 11]
    assert t.loc["Respons", ["targeted", "achieved"]].tolist() == [30, 19]
    assert t.loc["Respons", "response_rate"] == round(100 * 19 / 30, 1) == 63.3
    assert t.loc["fondsen", "response_rate"] == 25.0


def test_a_loaded_study_is_accepted(bundled_codebook):
    study = load_study(bundled_codebook)
    pd.testing.assert_frame_equal(response_table(study, bundled_codebook),
                                  response_table(study.respondents, bundled_codebook))


def test_docstring_examples_run():
    module = importlib.import_module("survey_inventory.estimate.response")
    result = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted >= 4 and result.failed == 0
