"""What analyze writes: all or nothing, never over an input, formula-safe, safe file names."""
from __future__ import annotations

import copy
import csv
import io
import json
import os
import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from survey_inventory import export
from survey_inventory.analyze import AnalysisOptions, analyze
from survey_inventory.cli import main
from survey_inventory.errors import SurveyInputError
from survey_inventory.export import file_sha256, neutralise, safe_filename
from conftest import BUNDLED, MINI, MINI_ROWS, ROOT, write_study
from output_text import output_texts


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
    monkeypatch.setattr(export.os, "replace", flaky)
    with pytest.raises(KeyboardInterrupt):
        with export.atomic_output_dir(out) as tmp:
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
    with export.atomic_output_dir(out) as tmp:
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


# -- formula injection -----------------------------------------------------------------

INJECTIONS = ["=1+1", "@SUM(A1)", "+x", "-x", "\tx", "\rx", '=HYPERLINK("http://evil","klik")']


def _hostile_codebook():
    cb = copy.deepcopy(MINI)
    cb["scales"]["fam"]["codes"][0]["label"] = INJECTIONS[0]
    cb["scales"]["fam"]["codes"][1]["label"] = INJECTIONS[1]
    cb["scales"]["fam"]["codes"][2]["label"] = INJECTIONS[2]
    cb["scales"]["inv"]["codes"][0]["label"] = INJECTIONS[3]
    cb["scales"]["inv"]["codes"][1]["label"] = INJECTIONS[4]
    cb["scales"]["inv"]["codes"][2]["label"] = INJECTIONS[5]
    cb["sectors"][0]["label"] = INJECTIONS[6]
    cb["respondent_types"][1]["label"] = "<script>alert(1)</script>"
    cb["items"][0]["label"] = "wgo's\r=1+1\n@x"   # in the caption: a new row inside a cell, unless quoted
    return cb


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


@pytest.fixture(scope="module")
def hostile_run(tmp_path_factory):
    base = tmp_path_factory.mktemp("hostile")
    cb = write_study(base / "study", codebook=_hostile_codebook())
    return analyze(cb, base / "out", AnalysisOptions(include_open_text=True))


def test_csv_outputs_are_formula_safe(hostile_run):
    """Protects against formula injection: no CSV cell (or header) starts with =, +, -,
    @, tab or CR unless it is a number; the labels are there, neutralised."""
    seen = set()
    for path in sorted(hostile_run.out_dir.rglob("*.csv")):
        rows = list(csv.reader(io.StringIO(path.read_bytes().decode("utf-8-sig"), newline="")))
        assert len({len(r) for r in rows}) == 1, path.name   # no row broken by a CR or LF in a cell
        for row in rows:
            for cell in row:
                assert not (cell[:1] in ("=", "+", "-", "@", "\t", "\r") and not _is_number(cell)), (path.name, cell)
                seen.add(cell)
    for text in INJECTIONS:
        assert "'" + text in seen, text
    assert any("wgo's\r=1+1\n@x" in cell for cell in seen)  # intact, in one cell


def test_xlsx_outputs_hold_no_formulas(hostile_run):
    """Protects against formula injection in Excel: openpyxl stores a string that starts
    with '=' as a formula; every workbook written must hold none."""
    import openpyxl

    books = sorted(hostile_run.out_dir.rglob("*.xlsx"))
    if not books:
        pytest.skip("no Excel output yet")
    for path in books:
        book = openpyxl.load_workbook(path)
        for sheet in book.worksheets:
            for row in sheet.iter_rows():
                for cell in row:
                    assert cell.data_type != "f", (path.name, sheet.title, cell.coordinate, cell.value)
                    if isinstance(cell.value, str):
                        assert not cell.value.startswith(("=", "+", "-", "@", "\t", "\r")), (path.name, cell.value)


def test_html_outputs_escape_labels(hostile_run):
    texts = {k: v for k, v in output_texts(hostile_run.out_dir).items() if k.endswith((".html", ".svg"))}
    if not texts:
        pytest.skip("no HTML or SVG output yet")
    for name, text in texts.items():
        assert "<script>alert(1)" not in text, name


def test_neutralise_every_dangerous_start():
    for text in INJECTIONS:
        assert neutralise(text) == "'" + text
    assert neutralise("Actief betrokken") == "Actief betrokken"
    assert neutralise(-3) == -3 and neutralise(1.5) == 1.5 and neutralise(None) is None


# -- file names ------------------------------------------------------------------------

@pytest.mark.parametrize("label", [
    "../../etc/passwd", "..", ".", "/", "\\", "a/b", "a\\b", "..\\..\\windows\\system32", "a\x00b",
    "C:\\temp\\x", "~/x", "-rf", ".hidden", "\n", "", "x" * 500, "Figuur 2.3 ./.. (N = 9)", "CON", "nul.txt",
])
def test_safe_filename(tmp_path, label):
    """Protects the file system: a label used as a file name cannot leave the output
    folder, hide itself, look like an option, or name a Windows device."""
    name = safe_filename(label)
    assert name and len(name) <= 80
    assert "/" not in name and "\\" not in name and "\x00" not in name and ".." not in name
    assert name.isprintable() and " " not in name                  # no line ends, tabs or blanks
    assert not name.startswith((".", "-", "~"))
    assert name.split(".")[0].upper() not in {"CON", "PRN", "AUX", "NUL"}
    target = (tmp_path / name).resolve()
    assert target.parent == tmp_path.resolve()
    target.write_text("ok")                                     # a real, writable file name
    assert safe_filename(name) == name                          # idempotent


# -- every output of the bundled study, with hostile text in every label ---------------

_DANGER = ("=", "+", "-", "@", "\t", "\r")
#: CSV outputs that hold no text from the codebook or the data (only file names, checks, numbers).
_NO_LABELS = {"validation.csv"}


def _poison(obj, counter):
    """Every label text of a codebook (the nl/en strings) starts with a dangerous character."""
    if isinstance(obj, dict):
        for key, value in obj.items():
            if key in ("nl", "en") and isinstance(value, str):
                obj[key] = _DANGER[next(counter) % len(_DANGER)] + value
            else:
                _poison(value, counter)
    elif isinstance(obj, list):
        for value in obj:
            _poison(value, counter)


@pytest.fixture(scope="module")
def hostile_bundled_run(tmp_path_factory):
    """The bundled study (every output it has: inventory, coded and open answers, the
    published check, ...) with a formula start in every label of the codebook and in
    the names of the inventory file, analysed into a fresh folder."""
    import itertools

    base = tmp_path_factory.mktemp("hostile-bundled")
    data = yaml.safe_load(BUNDLED.read_text(encoding="utf-8"))
    _poison(data, itertools.count())
    for source in data["sources"]:
        source["file"] = str((BUNDLED.parent / source["file"]).resolve())
    for key in ("inventory", "published"):
        if data.get(key):
            data[key] = str((BUNDLED.parent / data[key]).resolve())
    if data.get("inventory"):
        import pandas as pd

        inv = pd.read_csv(data["inventory"], dtype=str, keep_default_na=False)
        # = + - @ in front; a vertical tab (a line break pasted from Word) and a NUL inside
        inv["name"] = [_DANGER[k % 4] + n[:3] + "\x0b" + n[3:] + "\x00" for k, n in enumerate(inv["name"])]
        inv.to_csv(base / "collaborations.csv", index=False)
        data["inventory"] = str(base / "collaborations.csv")
    cb = base / "hostile.yaml"
    cb.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    plain = analyze(BUNDLED, base / "plain", AnalysisOptions(include_open_text=True))
    return analyze(cb, base / "out", AnalysisOptions(include_open_text=True)), plain


def test_every_csv_output_is_formula_safe(hostile_bundled_run):
    """Protects every CSV analyze writes, new ones included: the hostile run has every
    output the bundled study has; each CSV with text holds neutralised cells and no
    cell that a spreadsheet would run."""
    hostile, plain = hostile_bundled_run
    names = {str(p.relative_to(hostile.out_dir)) for p in hostile.out_dir.rglob("*") if p.is_file()}
    plain_names = {str(p.relative_to(plain.out_dir)) for p in plain.out_dir.rglob("*") if p.is_file()}
    assert {n for n in plain_names if not n.startswith("figures/")} <= names   # no output left unchecked
    csvs = sorted(hostile.out_dir.rglob("*.csv"))
    assert len(csvs) >= 8
    for path in csvs:
        rows = list(csv.reader(io.StringIO(path.read_bytes().decode("utf-8-sig"), newline="")))
        assert len({len(r) for r in rows}) == 1, path.name
        cells = [cell for row in rows for cell in row]
        bad = [c for c in cells if c[:1] in _DANGER and not _is_number(c)]
        assert not bad, (path.name, bad[:3])
        if path.name not in _NO_LABELS:
            assert any(c[:1] == "'" and c[1:2] in _DANGER for c in cells), \
                f"{path.name}: no label reached it; add hostile text for it to this test (or to _NO_LABELS)"


def test_every_xlsx_output_holds_no_formula(hostile_bundled_run):
    import openpyxl

    hostile, _ = hostile_bundled_run
    books = sorted(hostile.out_dir.rglob("*.xlsx"))
    assert books
    for path in books:
        book = openpyxl.load_workbook(path)
        neutralised = 0
        for sheet in book.worksheets:
            for row in sheet.iter_rows():
                for cell in row:
                    assert cell.data_type != "f", (path.name, sheet.title, cell.coordinate, cell.value)
                    if isinstance(cell.value, str):
                        assert not cell.value.startswith(_DANGER), (path.name, sheet.title, cell.coordinate)
                        neutralised += cell.value[:1] == "'" and cell.value[1:2] in _DANGER
        assert neutralised > 10, path.name


def test_caption_templates_are_not_format_strings():
    """Protects against a codebook that reads Python objects through a caption template:
    only {sector} and {collaborations} are filled in; str.format syntax stays as typed."""
    from survey_inventory.codebook import codebook_from_dict

    cb = copy.deepcopy(MINI)
    template = "{sector} {collaborations.__class__.__init__.__globals__} {0} {x!r} {{y}} {sector:>40}"
    cb["measures"] = [{"id": "familiarity", "label": "Bekendheid", "caption": template}]
    cb["items"][1]["measure"] = "familiarity"
    book = codebook_from_dict(cb)
    caption = book.caption(book.item("fam"), "province", 9, numbered=False)
    assert caption == ("zorg en welzijn {collaborations.__class__.__init__.__globals__} {0} {x!r} {{y}} "
                       "{sector:>40}, onder provincies (N = 9)")


def test_codebook_text_in_file_names_stays_in_the_output_folder(tmp_path):
    """Protects the file system end to end: figure numbers and measure ids come from the
    codebook and end up in figure file names; '../' in them writes nothing outside
    the output folder and no file name holds '..', a separator or a control character."""
    cb = copy.deepcopy(MINI)
    cb["items"][0]["figures"] = {"province": "/../../../escaped", "amr": "..\\..\\evil"}
    cb["items"][1]["measure"] = "../../../../inv\nx"
    path = write_study(tmp_path / "study", codebook=cb)
    before = {p for p in tmp_path.rglob("*")}
    result = analyze(path, tmp_path / "out" / "mini")
    new = {p for p in tmp_path.rglob("*")} - before
    outside = [p for p in new if tmp_path / "out" not in p.parents and p != tmp_path / "out"]
    assert not outside, outside
    figures = sorted((result.out_dir / "figures").iterdir())
    assert len(figures) >= 6
    for p in figures:
        assert p.parent == result.out_dir / "figures"
        assert ".." not in p.name and not any(ch in p.name for ch in "/\\\x00\n"), p.name


def test_control_characters_in_the_data_reach_no_output(hostile_bundled_run):
    """Protects every writer from text that XML cannot hold (a NUL or a vertical tab in
    the inventory's names): openpyxl refused to write it and Word would not open the
    file; no output holds such a character and the Word file opens."""
    import re

    import docx

    hostile, _ = hostile_bundled_run
    illegal = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")
    for name, text in output_texts(hostile.out_dir).items():
        if name.endswith((".csv", ".json", ".svg", ".html", ".xml", ".rels")):   # text, not PNG or JPEG
            assert not illegal.search(text), (name, illegal.search(text))
    doc = docx.Document(str(hostile.out_dir / "report.docx"))
    assert any("\n" in cell.text for table in doc.tables for row in table.rows for cell in row.cells)


def test_a_codebook_with_control_characters_is_refused():
    from survey_inventory.codebook import CodebookError, codebook_from_dict

    cb = copy.deepcopy(MINI)
    cb["items"][0]["figures"] = {"province": "2.3\x00"}
    cb["scales"]["fam"]["codes"][0]["label"] = "Goed\x1b[31m"
    with pytest.raises(CodebookError) as err:
        codebook_from_dict(cb, path="cb.yaml")
    assert str(err.value) == (
        "cb.yaml: codebook has 2 problems: items[0].figures.province: control character U+0000 in a text "
        "(a codebook holds printable text, tabs and line ends only); scales.fam.codes[0].label: control "
        "character U+001B in a text (a codebook holds printable text, tabs and line ends only)")


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
