"""The codebook model (survey_inventory/codebook/model.py)."""
import copy

import pytest
from pydantic import BaseModel

from survey_inventory.codebook import CodebookError, codebook_from_dict, model
from survey_inventory.codebook.schema import model_classes
from conftest import MINI


def _error(data):
    with pytest.raises(CodebookError) as err:
        codebook_from_dict(data, path="cb.yaml")
    return str(err.value)


def test_report_categories_of_the_bundled_item(bundled_codebook):
    cb = bundled_codebook
    cats = cb.report_categories(cb.item("care_familiarity"))
    assert [c["label"] for c in cats] == ["(Zeer) goed", "Redelijk/ deels", "(Zeer) slecht"]


def test_collapse_with_unknown_code():
    data = copy.deepcopy(MINI)
    data["scales"]["fam"]["collapses"] = {"report": [{"id": "g", "label": "G", "codes": [1, 7]}]}
    assert "collapses.report.g: code 7 is not in the scale" in _error(data)


def test_collapse_categories_are_substantive_only_when_every_code_is():
    data = copy.deepcopy(MINI)
    data["scales"]["inv"]["collapses"] = {"two": [{"id": "yes", "label": "Ja", "codes": [1]},
                                                  {"id": "rest", "label": "Rest", "codes": [2, 3]}]}
    data["items"][1]["report_collapse"] = "two"
    cb = codebook_from_dict(data)
    assert cb.report_categories(cb.item("inv")) == [
        {"id": "yes", "label": "Ja", "codes": [1], "substantive": True},
        {"id": "rest", "label": "Rest", "codes": [2, 3], "substantive": False},
    ]


def test_study_section_is_study_info():
    """The codebook's study metadata is StudyInfo (load.Study is the loaded data); the YAML key stays study."""
    cb = codebook_from_dict(MINI)
    assert type(cb.study) is model.StudyInfo and cb.study.id == "mini"
    assert not hasattr(model, "Study")


def _models():
    return [obj for obj in vars(model).values()
            if isinstance(obj, type) and issubclass(obj, BaseModel) and not obj.__name__.startswith("_")
            and obj.__module__.startswith("survey_inventory.codebook.") and obj.model_fields]


def test_every_field_of_every_model_is_described():
    """The JSON Schema and the key reference are generated from these descriptions."""
    undescribed = [f"{m.__name__}.{name}" for m in _models() for name, f in m.model_fields.items()
                   if not (f.description or "").strip()]
    assert {m.__name__ for m in _models()} == set(model.__all__) - {"Code", "SOURCE_FORMATS"}
    assert set(_models()) == set(model_classes())   # every class is reachable from Codebook
    assert undescribed == []


def test_json_schema_carries_the_descriptions_and_option_lists():
    schema = model.Codebook.model_json_schema()
    study = schema["$defs"]["StudyInfo"]["properties"]
    assert study["language"]["enum"] == ["nl", "en"]
    assert schema["properties"]["published_rounding"]["enum"] == ["half-up", "half-even", "truncate", "largest-remainder"]
    assert schema["$defs"]["Item"]["properties"]["asked_if"]["description"].startswith("Routing rule")
