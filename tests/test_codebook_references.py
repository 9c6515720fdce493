"""Cross-reference checks between the sections of a codebook (survey_inventory/codebook/references.py)."""
import copy

import pytest

from survey_inventory.codebook import CodebookError, codebook_from_dict, references
from survey_inventory.codebook.model import Codebook
from conftest import MINI


def _error(data):
    with pytest.raises(CodebookError) as err:
        codebook_from_dict(data, path="cb.yaml")
    return str(err.value)


def test_every_mistake_is_reported_with_its_yaml_path():
    data = copy.deepcopy(MINI)
    data["items"][0]["scale"] = "nope"
    data["items"][1]["asked_if"] = "ghost != 3"
    data["sources"][0]["respondent_type"]["values"][3] = "martians"
    msg = _error(data)
    assert "cb.yaml" in msg and "3 problems" in msg
    assert "items[0].scale: unknown scale 'nope'" in msg
    assert "items[1].asked_if: unknown item 'ghost'" in msg
    assert "sources[0].respondent_type: unknown respondent type 'martians'" in msg
    assert "\n" not in msg


def test_routing_syntax_error_in_codebook():
    data = copy.deepcopy(MINI)
    data["items"][1]["asked_if"] = "fam !== 3"
    assert "items[1].asked_if:" in _error(data)


def test_open_text_references_are_checked():
    data = copy.deepcopy(MINI)
    data["open_text"] = [{"id": "why", "column": "why", "label": "Waarom?", "sector": "ghost",
                          "respondent_types": ["martians"], "source": "nope"},
                         {"id": "fam", "column": "x", "label": "Dubbel"}]
    msg = _error(data)
    assert "open_text[0].sector: unknown sector 'ghost'" in msg
    assert "open_text[0].respondent_types: unknown respondent type 'martians'" in msg
    assert "open_text[0].source: unknown source 'nope'" in msg
    assert "open_text[1].id: 'fam' is also an item's id" in msg


def test_each_kind_of_reference_in_codebook_order():
    data = copy.deepcopy(MINI)
    data["respondent_types"].append(dict(data["respondent_types"][0], targeted=13))
    data["items"][0].update(sector="ghost", report_collapse="nope")
    data["items"][1]["asked_if"] = "inv == 1"
    data["sources"][0]["file"] = "data.dat"
    assert references.cross_references(Codebook.model_validate(data)) == [
        "respondent_types[2].id: 'province' is used twice",
        "respondent_types[2].targeted: 13 is more than the population 12",
        "sources[0].format: cannot tell the format of 'data.dat'; say format: csv, xlsx, sav or parquet",
        "items[0].report_collapse: scale 'fam' has no collapse 'nope'",
        "items[0].sector: unknown sector 'ghost'",
        "items[1].asked_if: an item cannot be routed on itself",
    ]
