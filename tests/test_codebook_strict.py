"""validate --strict's check (survey_inventory/codebook/strict.py): placeholders and unknown keys."""
import copy

import pytest
import yaml

from survey_inventory.codebook import CodebookError
from survey_inventory.codebook.strict import strict_problems, unknown_keys
from conftest import MINI, ROOT


def _write(tmp_path, data):
    path = tmp_path / "codebook.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


@pytest.mark.parametrize("codebook", ["codebooks/bartels-2025.yaml", "codebooks/llo-2026.yaml"])
def test_the_bundled_codebooks_are_finished(codebook):
    assert strict_problems(ROOT / codebook) == []


def test_every_placeholder_with_its_yaml_path(tmp_path):
    data = copy.deepcopy(MINI)
    data["study"]["title"] = {"nl": "TODO titel", "en": "Mini"}
    data["items"][1]["asked_if"] = "TODO"
    data["respondent_types"][0]["label"] = "provincies (TODO: controleren)"
    assert strict_problems(_write(tmp_path, data)) == [
        "study.title.nl: placeholder 'TODO titel' left",
        "respondent_types[0].label: placeholder 'provincies (TODO: controleren)' left",
        "items[1].asked_if: placeholder 'TODO' left",
    ]


def test_a_word_that_merely_contains_todo_is_no_placeholder(tmp_path):
    data = copy.deepcopy(MINI)
    data["study"]["title"] = "Methodologie en TODOS"   # TODOS is not the marker TODO
    assert strict_problems(_write(tmp_path, data)) == []


def test_unknown_keys_everywhere_in_the_model():
    data = copy.deepcopy(MINI)
    data["study"]["titel"] = "x"
    data["scales"]["fam"]["codes"][0]["substantief"] = False          # inside dict[str, Scale] -> list[ScaleCode]
    data["sources"][0]["respondent_type"]["colum"] = "type"           # inside Union[str, TypeFromColumn]
    data["items"][0]["asked_note"] = {"nl": "x", "de": "y"}           # a Label
    data["numbring"] = "flat"
    assert unknown_keys(data) == [
        "study: unknown key 'titel' (did you mean 'title'?)",
        "sources[0].respondent_type: unknown key 'colum' (did you mean 'column'?)",
        "scales.fam.codes[0]: unknown key 'substantief' (did you mean 'substantive'?)",
        "items[0].asked_note: unknown key 'de'",
        "(top level): unknown key 'numbring' (did you mean 'numbering'?)",
    ]


def test_internal_fields_are_unknown_keys_in_yaml():
    assert unknown_keys({**MINI, "sha256": "abc"}) == ["(top level): unknown key 'sha256'"]


def test_a_syntax_error_is_a_codebook_error(tmp_path):
    path = tmp_path / "codebook.yaml"
    path.write_text("study:\n  title: Bekend: ja\n", encoding="utf-8")
    with pytest.raises(CodebookError, match="line 2, column 16"):
        strict_problems(path)
