"""The codebook commands of the command line (survey_inventory/cli.py): codebook schema,
codebook init's options and validate --strict."""
import copy
import json

import yaml
from click.testing import CliRunner

from survey_inventory.cli import main
from survey_inventory.codebook.schema import codebook_schema
from conftest import MINI, ROOT, write_study


def test_codebook_schema_prints_and_writes_the_schema(tmp_path):
    printed = CliRunner().invoke(main, ["codebook", "schema"])
    assert printed.exit_code == 0 and json.loads(printed.output) == codebook_schema()
    out = tmp_path / "codebook.schema.json"
    written = CliRunner().invoke(main, ["codebook", "schema", "--out", str(out)])
    assert written.exit_code == 0 and json.loads(out.read_text(encoding="utf-8")) == codebook_schema()


def test_validate_strict_passes_a_finished_codebook(mini_study):
    result = CliRunner().invoke(main, ["validate", "--strict", "--no-warnings", str(mini_study)])
    assert result.exit_code == 0 and result.output.strip() == "5 respondents, 0 errors, 0 warnings"


def test_validate_strict_lists_placeholders_and_unknown_keys_one_line_each(tmp_path):
    cb = copy.deepcopy(MINI)
    cb["study"]["title"] = "TODO titel"
    cb["items"][0]["captoin"] = "x"
    path = write_study(tmp_path, codebook=cb)
    result = CliRunner().invoke(main, ["validate", "--strict", str(path)])
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        f"{path}: study.title: placeholder 'TODO titel' left",
        f"{path}: items[0]: unknown key 'captoin'",
        "2 codebook problems (--strict): fill in every TODO and correct every unknown key",
    ]
    # without --strict the placeholder passes, the unknown key does not (the model refuses it)
    plain = CliRunner().invoke(main, ["validate", str(path)])
    assert plain.exit_code == 2 and "items[0].captoin: Extra inputs are not permitted" in plain.output


def test_validate_strict_names_line_and_column_of_a_syntax_error(tmp_path):
    path = tmp_path / "codebook.yaml"
    path.write_text("study:\n  title: Vraag: waarom?\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", "--strict", str(path)])
    assert result.exit_code == 2
    assert "line 2, column 15" in result.output and "in quotes" in result.output


def test_codebook_init_takes_a_type_column_and_reads_csv(tmp_path):
    data = tmp_path / "enquete.csv"
    data.write_text("id;groep;q_a;q_b\n1;x;1;2\n2;y;2;1\n3;x;1;1\n", encoding="utf-8")
    out = tmp_path / "cb.yaml"
    result = CliRunner().invoke(main, ["codebook", "init", str(data), "--type-column", "groep", "--out", str(out)])
    assert result.exit_code == 0, result.output
    doc = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert doc["sources"][0]["respondent_type"] == {"column": "groep", "values": {"x": "x", "y": "y"}}
    wrong = CliRunner().invoke(main, ["codebook", "init", str(data), "--type-column", "soort"])
    assert wrong.exit_code == 2 and "no variable named 'soort' (--type-column)" in wrong.output
    unknown = tmp_path / "enquete.ods"
    unknown.write_bytes(b"")
    refused = CliRunner().invoke(main, ["codebook", "init", str(unknown)])
    assert refused.exit_code == 2 and "reads .sav, .zsav, .csv and .xlsx" in refused.output


def test_codebook_init_of_the_bundled_sav_is_stable():
    """The same file gives the same draft (no set order, no dates in it)."""
    sav = ROOT / "surveys" / "llo-2026" / "werkgevers_roc.sav"
    first = CliRunner().invoke(main, ["codebook", "init", str(sav)])
    again = CliRunner().invoke(main, ["codebook", "init", str(sav)])
    assert first.exit_code == 0 and first.output == again.output


def test_validate_without_strict_passes_a_draft_but_says_placeholders_are_left(tmp_path):
    cb = copy.deepcopy(MINI)
    cb["study"]["title"] = "TODO titel"
    cb["respondent_types"][1]["label"] = "TODO"
    result = CliRunner().invoke(main, ["validate", "--no-warnings", str(write_study(tmp_path, codebook=cb))])
    assert result.exit_code == 0
    assert result.output.splitlines()[-1] == "note: the codebook still has 2 TODO placeholders; validate --strict lists them"
