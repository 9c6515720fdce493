"""`codebook init`: a draft codebook from an SPSS file (survey_inventory/codebook/draft.py)."""
import doctest

import pandas as pd
import pytest
import yaml
from click.testing import CliRunner

from survey_inventory.cli import main
from survey_inventory.codebook import draft, load_codebook
from survey_inventory.codebook.draft import draft_codebook
from survey_inventory.errors import SurveyInputError

pyreadstat = pytest.importorskip("pyreadstat")

AGREE = {1.0: "eens", 2.0: "oneens", 9.0: "weet niet"}


def _sav(path, **labels):
    """A small SPSS file: an id, two items sharing one label set, one unlabelled number."""
    frame = pd.DataFrame({"resp": [1.0, 2.0, 3.0], "Q1": [1.0, 2.0, 9.0], "Q2": [2.0, 9.0, 1.0],
                          "age": [40.0, 51.0, 38.0]})
    pyreadstat.write_sav(frame, str(path), column_labels=["Respondent", "Eens met A?", "Eens met B?", "Leeftijd"],
                         variable_value_labels={"Q1": AGREE, "Q2": AGREE}, missing_ranges={"Q1": [9], "Q2": [9]},
                         **labels)
    return path


def test_labelled_variables_become_items_sharing_one_scale(tmp_path):
    doc = yaml.safe_load(draft_codebook(_sav(tmp_path / "wave 1.sav")))
    assert doc["sources"] == [{"id": "main", "file": "wave 1.sav", "format": "sav", "id_column": "resp",
                               "respondent_type": "respondent"}]
    assert doc["items"] == [
        {"id": "q1", "column": "Q1", "scale": "labels0", "measure": "TODO", "label": {"nl": "Eens met A?"}},
        {"id": "q2", "column": "Q2", "scale": "labels0", "measure": "TODO", "label": {"nl": "Eens met B?"}},
    ]
    # the user-missing code is the scale's missing code, not an answer
    assert doc["scales"]["labels0"]["codes"] == [{"code": 1, "label": {"nl": "eens"}},
                                                 {"code": 2, "label": {"nl": "oneens"}}]
    assert doc["scales"]["labels0"]["missing"] == [9]
    assert doc["study"]["id"] == "wave-1"


def test_the_draft_loads_as_a_codebook(tmp_path):
    text = draft_codebook(_sav(tmp_path / "s.sav"), id_column="resp", respondent_type="Gemeente")
    assert text.startswith("# Draft codebook made by 'survey-inventory codebook init' from s.sav.\n# TODO:")
    (tmp_path / "cb.yaml").write_text(text, encoding="utf-8")
    cb = load_codebook(tmp_path / "cb.yaml")
    assert [t.id for t in cb.respondent_types] == ["gemeente"]
    assert cb.source_path(cb.sources[0]) == tmp_path / "s.sav"
    assert [i.id for i in cb.items] == ["q1", "q2"]


@pytest.mark.parametrize("setup, kwargs, message", [
    (lambda p: p.write_bytes(b"not spss at all"), {}, "not a readable SPSS file"),
    (_sav, {"id_column": "nope"}, "no variable named 'nope'"),
])
def test_unusable_files_give_one_line_naming_the_file(tmp_path, setup, kwargs, message):
    path = tmp_path / "in.sav"
    setup(path)
    with pytest.raises(SurveyInputError) as err:
        draft_codebook(path, **kwargs)
    assert str(err.value).startswith(f"{path}: {message}") and "\n" not in str(err.value)


def test_no_labelled_variable_is_an_error(tmp_path):
    path = tmp_path / "plain.sav"
    pyreadstat.write_sav(pd.DataFrame({"id": [1.0], "x": [2.0]}), str(path))
    with pytest.raises(SurveyInputError, match="no variable has value labels"):
        draft_codebook(path)


def test_cli_writes_the_draft_and_never_overwrites(tmp_path):
    sav, out = _sav(tmp_path / "s.sav"), tmp_path / "cb.yaml"
    first = CliRunner().invoke(main, ["codebook", "init", str(sav), "--out", str(out)])
    assert first.exit_code == 0 and out.read_text(encoding="utf-8") == draft_codebook(sav)
    again = CliRunner().invoke(main, ["codebook", "init", str(sav), "--out", str(out)])
    assert again.exit_code != 0 and "exists; not overwriting it" in again.output


def test_doctests():
    assert doctest.testmod(draft).failed == 0
