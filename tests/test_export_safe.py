"""export/safe.py and every file analyze writes: formula-safe, escaped, no control characters,
safe file names, codebook text never run as code."""
import copy
import csv
import io
import json

import pytest
import yaml

from conftest import BUNDLED, MINI, write_study
from output_text import output_texts
from survey_inventory.analyze import AnalysisOptions, analyze
from survey_inventory.export import neutralise, safe_filename


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
def hostile_bundled_run(tmp_path_factory, bundled_run, bundled_run_min_cell):
    """The bundled study (every output it has: inventory, coded and open answers, the
    published check, ...) with a formula start in every label of the codebook and in
    the names of the inventory file, analysed into a fresh folder; and the names of the
    files the bundled study gets with and without open text (the session's default and
    --min-cell 5 --include-open-text runs, conftest.py: no third run for a list of names)."""
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
    plain = {str(p.relative_to(run.out_dir)) for run in (bundled_run[1], bundled_run_min_cell)
             for p in run.out_dir.rglob("*") if p.is_file()}
    return analyze(cb, base / "out", AnalysisOptions(include_open_text=True)), plain


def test_every_csv_output_is_formula_safe(hostile_bundled_run):
    """Protects every CSV analyze writes, new ones included: the hostile run has every
    output the bundled study has; each CSV with text holds neutralised cells and no
    cell that a spreadsheet would run."""
    hostile, plain_names = hostile_bundled_run
    names = {str(p.relative_to(hostile.out_dir)) for p in hostile.out_dir.rglob("*") if p.is_file()}
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
