"""export/files.py and what analyze writes with it: all or nothing, never over an input, never
into a folder that is not ours, inputs untouched."""
import copy
import csv
import json
import os
import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from conftest import BUNDLED, MINI_ROWS, ROOT, write_study
from survey_inventory import export
from survey_inventory.analyze import AnalysisOptions, analyze
from survey_inventory.cli import main
from survey_inventory.errors import SurveyInputError
from survey_inventory.export import file_sha256
from survey_inventory.export import files


def _snapshot(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): file_sha256(p) for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def previous(tmp_path_factory):
    """One complete run of the mini study (analyze with every output format is slow)."""
    base = tmp_path_factory.mktemp("previous")
    cb = write_study(base / "study")
    analyze(cb, base / "mini")
    return cb, base / "mini"


@pytest.fixture
def study(tmp_path, previous):
    """The mini study and a previous, complete output folder (a copy of one run on
    other answers, so that a file written over it would show)."""
    cb = write_study(tmp_path / "study", MINI_ROWS[:-1] + ["a2;2;1;1"])
    out = tmp_path / "results" / "mini"
    shutil.copytree(previous[1], out)
    return cb, out


def _break_writer(monkeypatch, exc, after=1):
    """Make the (after+1)-th CSV written raise ``exc``: a failure half-way through."""
    real, calls = export.write_csv, []

    def flaky(frame, path):
        calls.append(path)
        if len(calls) > after:
            raise exc
        return real(frame, path)
    monkeypatch.setattr(export, "write_csv", flaky)
    return calls


@pytest.mark.parametrize("exc", [KeyboardInterrupt(), RuntimeError("disk full"), OSError(28, "No space left")])
def test_failure_mid_write_leaves_previous_outputs_intact(study, monkeypatch, exc):
    """Protects: an error or Ctrl-C while writing leaves the previous outputs byte for
    byte as they were, and no temporary or backup folder behind."""
    cb, out = study
    before = _snapshot(out)
    assert "manifest.json" in before and len(before) >= 4
    calls = _break_writer(monkeypatch, exc)
    with pytest.raises(type(exc)):
        analyze(cb, out)
    assert len(calls) == 2                     # one file was written, the second failed
    assert _snapshot(out) == before
    assert sorted(p.name for p in out.parent.iterdir()) == ["mini"]


def test_failure_while_moving_into_place_restores_the_previous_outputs(study, monkeypatch):
    """The last step swaps folders with two renames; a Ctrl-C between them must put the
    previous outputs back."""
    _, out = study
    before = _snapshot(out)
    real, calls = os.replace, []

    def flaky(src, dst):
        calls.append((src, dst))
        if len(calls) == 2:                    # old -> backup done; new -> out interrupted
            raise KeyboardInterrupt
        return real(src, dst)
    monkeypatch.setattr(files.os, "replace", flaky)
    with pytest.raises(KeyboardInterrupt):
        with files.atomic_output_dir(out) as tmp:
            (tmp / "distributions.csv").write_text("new")
    monkeypatch.undo()
    assert len(calls) == 3                     # the third rename restored the backup
    assert _snapshot(out) == before
    assert sorted(p.name for p in out.parent.iterdir()) == ["mini"]


def test_ctrl_c_on_the_command_line(study, monkeypatch):
    cb, out = study
    before = _snapshot(out)
    _break_writer(monkeypatch, KeyboardInterrupt())
    result = CliRunner().invoke(main, ["analyze", str(cb), "--out", str(out), "-q"])
    assert result.exit_code == 130
    assert result.stderr.splitlines() == ["error: interrupted; previous outputs left as they were"]
    assert _snapshot(out) == before


def test_a_new_folder_is_not_created_on_failure(tmp_path, monkeypatch):
    cb = write_study(tmp_path / "study")
    _break_writer(monkeypatch, RuntimeError("boom"))
    with pytest.raises(RuntimeError):
        analyze(cb, tmp_path / "new" / "out")
    assert list((tmp_path / "new").iterdir()) == []


def test_success_replaces_the_previous_outputs(study):
    _, out = study
    with files.atomic_output_dir(out) as tmp:
        (tmp / "distributions.csv").write_text("new")
        assert not (out / "distributions.csv").read_text() == "new"   # not visible before the end
    assert _snapshot(out).keys() == {"distributions.csv"} and (out / "distributions.csv").read_text() == "new"
    assert sorted(p.name for p in out.parent.iterdir()) == ["mini"]


@pytest.mark.parametrize("where", ["inputs_folder", "codebook_folder", "parent_of_inputs"])
def test_refuses_an_output_folder_holding_the_inputs(tmp_path, where):
    """Protects the inputs: replacing the output folder would delete them."""
    cb = write_study(tmp_path / "study" / "codebooks")
    shutil.move(str(tmp_path / "study" / "codebooks" / "data.csv"), tmp_path / "study" / "data.csv")
    data = yaml.safe_load(cb.read_text())
    data["sources"][0]["file"] = "../data.csv"
    cb.write_text(yaml.safe_dump(data))
    out = {"inputs_folder": tmp_path / "study", "codebook_folder": cb.parent,
           "parent_of_inputs": tmp_path}[where]
    before = _snapshot(tmp_path)
    with pytest.raises(SurveyInputError, match="contains the input"):
        analyze(cb, out)
    assert _snapshot(tmp_path) == before


def test_refuses_a_folder_that_is_not_ours(tmp_path):
    cb = write_study(tmp_path / "study")
    out = tmp_path / "thesis"
    out.mkdir()
    (out / "chapter1.docx").write_text("years of work")
    with pytest.raises(SurveyInputError, match="not empty and was not written by survey-inventory"):
        analyze(cb, out)
    assert (out / "chapter1.docx").read_text() == "years of work"
    (tmp_path / "file").write_text("x")
    with pytest.raises(SurveyInputError, match="is not a folder"):
        analyze(cb, tmp_path / "file")


def test_inputs_are_never_modified(tmp_path):
    """Protects the raw exports and the codebook: same bytes and no new files beside them
    after a full analyze of the bundled study (every output format included)."""
    folders = [BUNDLED.parent, ROOT / "surveys" / "bartels-2025"]
    before = {f: _snapshot(f) for f in folders}
    mtimes = {p: p.stat().st_mtime_ns for f in folders for p in f.rglob("*") if p.is_file()}
    analyze(BUNDLED, tmp_path / "out", AnalysisOptions(min_cell=3, include_open_text=True))
    assert {f: _snapshot(f) for f in folders} == before
    assert {p: p.stat().st_mtime_ns for p in mtimes} == mtimes


@pytest.mark.parametrize("key", ["inventory", "published"])
def test_refuses_an_output_folder_holding_the_inventory_or_the_published_figures(tmp_path, key):
    """Protects every input, not only the data files: a previous output folder (it has
    our manifest, so it would be replaced) where someone keeps the inventory or the
    report's published figures."""
    data = yaml.safe_load(BUNDLED.read_text(encoding="utf-8"))
    for source in data["sources"]:
        source["file"] = str((BUNDLED.parent / source["file"]).resolve())
    for k in ("inventory", "published"):
        data[k] = str((BUNDLED.parent / data[k]).resolve())
    shared = tmp_path / "shared"
    shared.mkdir()
    (shared / "manifest.json").write_text("{}")
    kept = shared / Path(data[key]).name
    shutil.copy(data[key], kept)
    data[key] = str(kept)
    cb = tmp_path / "cb.yaml"
    cb.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    before = _snapshot(shared)
    with pytest.raises(SurveyInputError, match="contains the input"):
        analyze(cb, shared)
    assert _snapshot(shared) == before
