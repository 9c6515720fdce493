"""The response table (survey_inventory.estimate.response): headings from the codebook
(``response_table:``) in both languages and none it does not name, totals, and the rate
as a percentage.

The bundled study's table against the printed Tabel 1.1 is in test_bundled.py.
"""
from __future__ import annotations


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
        "response_table": {"collaborations": {"nl": "Verbanden", "en": "Collaborations"},
                           "respondents": {"nl": "Overige partijen", "en": "Other parties"},
                           "total": {"nl": "Respons", "en": "Response"}},
    })


RESPONDENTS = pd.DataFrame({"respondent_id": list("abcdefghijk"),
                            "respondent_type": ["province"] * 9 + ["fund"] * 2})


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_headings_come_from_the_codebook(codebook, lang):
    t = response_table(RESPONDENTS, codebook, lang=lang)
    groups = t.loc[t["row_type"].isin(["group", "total"]), "label"].tolist()
    assert groups == {"nl": ["Verbanden", "Overige partijen", "Respons"],
                      "en": ["Collaborations", "Other parties", "Response"]}[lang]
    assert t.loc[t["row_type"] == "sector", "label"].tolist() == [{"nl": "Zorg", "en": "Care"}[lang]]


def test_counts_totals_and_rate_as_percentage(codebook):
    t = response_table(RESPONDENTS, codebook).set_index("label")
    assert t.loc["provincie", ["targeted", "achieved"]].tolist() == [12, 9]    # targeted: the population
    assert t.loc["fondsen", ["targeted", "achieved"]].tolist() == [8, 2]       # targeted given
    assert t.loc["Overige partijen", ["targeted", "achieved"]].tolist() == [20, 11]
    assert t.loc["Respons", ["targeted", "achieved"]].tolist() == [30, 19]
    assert t.loc["Respons", "response_rate"] == round(100 * 19 / 30, 1) == 63.3
    assert t.loc["fondsen", "response_rate"] == 25.0


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_codebook_without_headings_gets_no_heading_rows_and_the_total_adds_the_rows(codebook, lang):
    plain = codebook.model_copy(update={"response_table": type(codebook.response_table)()})
    t = response_table(RESPONDENTS, plain, lang=lang)
    assert list(t["row_type"]) == ["sector", "type", "type", "total"]          # no "Overige partijen" row
    assert t["label"].iloc[-1] == say("response_table_total", lang)
    assert t.iloc[-1][["targeted", "achieved"]].tolist() == [10 + 12 + 8, 8 + 9 + 2]


def test_a_type_without_targeted_count_or_population_leaves_the_totals_unknown(codebook):
    data = codebook.model_dump(exclude={"path", "sha256"})
    data["respondent_types"].append({"id": "panel", "label": "panelleden"})
    t = response_table(RESPONDENTS, codebook_from_dict(data)).set_index("label")
    assert pd.isna(t.loc["panelleden", "targeted"]) and pd.isna(t.loc["panelleden", "response_rate"])
    assert pd.isna(t.loc["Respons", "targeted"]) and pd.isna(t.loc["Respons", "response_rate"])   # not 109%
    assert t.loc["Respons", "achieved"] == 8 + 11


def test_a_loaded_study_is_accepted(bundled_codebook):
    study = load_study(bundled_codebook)
    pd.testing.assert_frame_equal(response_table(study, bundled_codebook),
                                  response_table(study.respondents, bundled_codebook))
