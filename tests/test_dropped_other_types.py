"""Answers from a respondent type a question is not for (``respondent_types``): each is
a dropped answer with a warning of its own (see test_dropped.py)."""
from __future__ import annotations

import copy
import json

from click.testing import CliRunner

from survey_inventory.cli import main
from survey_inventory.codebook import load_codebook
from survey_inventory.load import load_study
from survey_inventory.validate import validate
from conftest import MINI, write_study


def _run_cli(*args):
    result = CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=True)
    assert "Traceback" not in result.output
    return result


def _typed_codebook():
    cb = copy.deepcopy(MINI)
    cb["items"][1]["respondent_types"] = ["amr"]    # inv is for AMR's only
    return cb


def test_an_answer_from_another_respondent_type_is_a_dropped_answer(tmp_path):
    """Protects: a value in a column that is read for other respondent types only was
    silently ignored; it is a warning of its own and a dropped answer."""
    rows = ["id;type;fam;inv", "p1;1;1;1", "p2;1;2;", "a1;2;1;1", "a2;2;2;3"]
    cb = write_study(tmp_path / "study", rows, _typed_codebook())
    result = _run_cli("analyze", cb, "--out", tmp_path / "out", "-q")
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines() == [
        "warning: data.csv, row 2, column 'inv': answer from a respondent type that item 'inv' is not for "
        "(amr only); left out of the estimates (got '1')"]
    counts = json.loads((tmp_path / "out" / "manifest.json").read_text(encoding="utf-8"))["counts"]
    assert counts["dropped_answers"] == 1


def test_a_column_read_for_every_type_by_some_item_is_not_dropped(tmp_path):
    """Two items may share a column, each for its own respondent types: nothing is lost."""
    cb = _typed_codebook()
    cb["items"].append({"id": "inv_province", "sector": "care", "measure": "involvement", "column": "inv",
                        "scale": "inv", "respondent_types": ["province"]})
    rows = ["id;type;fam;inv", "p1;1;1;1", "p2;1;2;", "a1;2;1;1", "a2;2;2;3"]
    report = validate(load_study(load_codebook(write_study(tmp_path / "study", rows, cb))))
    assert not (report["check"] == "answered_not_asked").any()


def test_missing_value_codes_from_another_type_are_not_answers(tmp_path):
    cb = _typed_codebook()
    cb["scales"]["inv"]["missing"] = [9]
    rows = ["id;type;fam;inv", "p1;1;1;9", "p2;1;2; ", "a1;2;1;1", "a2;2;2;3"]
    report = validate(load_study(load_codebook(write_study(tmp_path / "study", rows, cb))))
    assert not (report["check"] == "answered_not_asked").any()
