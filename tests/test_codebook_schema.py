"""The codebook's keys as data (survey_inventory/codebook/schema.py): the JSON Schema, and
docs/codebook.md checked against the model so the documentation cannot fall behind."""
import re

import pytest
import yaml

from survey_inventory.codebook import load_codebook
from survey_inventory.codebook.schema import codebook_schema, model_classes, yaml_keys
from survey_inventory.codebook.strict import strict_problems
from survey_inventory.load import load_study
from survey_inventory.validate import has_errors, validate
from conftest import ROOT

DOC = ROOT / "docs" / "codebook.md"


def _documented() -> dict:
    """Class name -> the keys of the table after its '<!-- model: Name -->' marker."""
    text = DOC.read_text(encoding="utf-8")
    out = {}
    for match in re.finditer(r"<!-- model: (\w+) -->\n(.*?)(?=\n### |\n## |\Z)", text, re.S):
        rows = [line for line in match.group(2).splitlines() if line.startswith("| `")]
        assert match.group(1) not in out, f"{match.group(1)} documented twice"
        out[match.group(1)] = [(re.match(r"\| `([^`]+)`", row).group(1), row) for row in rows]
    return out


def test_every_key_of_every_model_class_is_documented_and_nothing_else():
    documented = _documented()
    assert set(documented) == {cls.__name__ for cls in model_classes()}
    for cls in model_classes():
        assert [key for key, _ in documented[cls.__name__]] == yaml_keys(cls), cls.__name__


def test_every_documented_key_has_a_type_a_default_a_meaning_and_an_example():
    for name, rows in _documented().items():
        for key, row in rows:
            cells = [c.strip() for c in re.split(r"(?<!\\)\|", row)[1:-1]]
            assert len(cells) == 5 and all(cells), f"{name}.{key}: {row}"


def test_the_documented_defaults_are_the_models():
    for cls in model_classes():
        rows = dict(_documented()[cls.__name__])
        for key in yaml_keys(cls):
            field = cls.model_fields[key]
            default = re.split(r"(?<!\\)\|", rows[key])[3].strip()
            if field.is_required():
                assert default == "**required**", f"{cls.__name__}.{key}"
            elif field.default_factory is None and field.default is not None:
                shown = str(field.default).lower() if isinstance(field.default, bool) else str(field.default)
                assert default == f"`{shown}`", f"{cls.__name__}.{key}"
            else:
                assert default != "**required**", f"{cls.__name__}.{key}"


def _block(after: str, kind: str) -> str:
    text = DOC.read_text(encoding="utf-8")
    start = text.index(after)
    return re.search(rf"```{kind}\n(.*?)```", text[start:], re.S).group(1)


def test_the_small_codebook_of_the_doc_is_complete_and_its_data_validate(tmp_path):
    (tmp_path / "codebook.yaml").write_text(_block("## A complete small codebook", "yaml"), encoding="utf-8")
    (tmp_path / "antwoorden.csv").write_text(_block("`antwoorden.csv` (", "text"), encoding="utf-8")
    assert strict_problems(tmp_path / "codebook.yaml") == []
    cb = load_codebook(tmp_path / "codebook.yaml")
    assert [i.id for i in cb.items] == ["zorg_bekend", "zorg_oordeel", "techniek_bekend", "techniek_oordeel"]
    study = load_study(cb)
    assert len(study.respondents) == 5 and not has_errors(validate(study))


def test_the_schema_has_every_yaml_key_and_no_internal_one():
    schema = codebook_schema()
    assert schema["$schema"].endswith("2020-12/schema")
    assert list(schema["properties"]) == yaml_keys(model_classes()[0])
    assert "path" not in schema["properties"] and "sha256" not in schema["properties"]
    for cls in model_classes()[1:]:
        definition = schema["$defs"][cls.__name__]
        if cls.__name__ == "Label":   # a plain string is a label too
            assert definition["anyOf"][0] == {"type": "string"}
            definition = definition["anyOf"][1]
        assert list(definition["properties"]) == yaml_keys(cls)
        assert definition["additionalProperties"] is False            # unknown keys flagged by editors
        assert all(p.get("description") for p in definition["properties"].values())


@pytest.mark.parametrize("name", ["bartels-2025", "llo-2026"])
def test_the_bundled_codebooks_fit_the_schema_at_the_top(name):
    schema = codebook_schema()
    data = yaml.safe_load((ROOT / "codebooks" / f"{name}.yaml").read_text(encoding="utf-8"))
    assert set(data) <= set(schema["properties"]) and set(schema["required"]) <= set(data)

