"""The robustness corpus of issue 13: SPSS and Excel files of unusual shape, made here
with pyreadstat and openpyxl, each run through ``codebook init``, ``validate`` and
``analyze`` on the command line with no traceback: a usable file is analysed (exit 0),
an unusable one ends in one ``error:`` line naming the file (and row and column).

Also the end-to-end side of items 4 (a study with no usable answer), 11 (Python's
warnings as the package's own one-line warnings) and 12 (a 4 MB cell in an error line).
"""
from __future__ import annotations

import copy
import datetime
import zipfile

import numpy as np
import pandas as pd
import pytest
import yaml
from click.testing import CliRunner

from survey_inventory.cli import main
from conftest import MINI, MINI_ROWS, write_study

IDS = ["p1", "p2", "p3", "a1", "a2"]


def _codebook(folder, filename, extra_items=(), **source):
    cb = copy.deepcopy(MINI)
    cb["sources"][0].update(source)
    cb["scales"]["jn"] = {"codes": [{"code": "j", "label": "ja"}, {"code": "n", "label": "nee"}], "missing": ["x"]}
    cb["items"] += list(extra_items)
    return write_study(folder, codebook=cb, filename=filename, raw=b"")


def _sav(folder, name, compress=False):
    import pyreadstat

    df = pd.DataFrame({"id": IDS, "type": [1.0, 1, 1, 2, 2], "fam": [1.0, 2, 3, 8, 9],
                       "inv": [1.0, 2, np.nan, 1, 3], "vol": ["j", "n", "x", "j", ""]})
    path = _codebook(folder, name, [{"id": "vol", "sector": "care", "measure": "volunteer", "column": "vol",
                                     "scale": "jn"}])
    cb = yaml.safe_load(path.read_text(encoding="utf-8"))
    cb["scales"]["fam"]["missing"] = [8, 9]
    path.write_text(yaml.safe_dump(cb, sort_keys=False), encoding="utf-8")
    pyreadstat.write_sav(
        df, str(folder / name), compress=compress,
        variable_value_labels={"fam": {1: "Goed", 2: "Redelijk", 3: "Zeer slecht", 8: "Weet niet", 9: "Geen antwoord"},
                               "inv": {1: "Actief betrokken", 2: "Niet betrokken", 3: "Weet ik niet"},
                               "vol": {"j": "ja", "n": "nee", "x": "onbekend"}},   # labelled strings
        missing_ranges={"fam": [{"lo": 8, "hi": 9}], "vol": ["x"]})                 # a user-missing range
    return path


def _book(rows=MINI_ROWS):
    import openpyxl

    book = openpyxl.Workbook()
    for line in rows:
        book.active.append([int(v) if v.isdigit() else (v or None) for v in line.split(";")])
    return book


def _xlsx(folder, change, **source):
    path = _codebook(folder, "data.xlsx", **source)
    book = _book()
    change(book)
    book.save(folder / "data.xlsx")
    return path


def _date_1904(book):
    from openpyxl.utils.datetime import CALENDAR_MAC_1904

    book.epoch = CALENDAR_MAC_1904
    book.active["E1"] = "ingevuld"
    for r in range(2, 7):
        book.active.cell(r, 5, datetime.date(2025, 3, r))


def _hidden_first(book):
    helper = book.create_sheet("codes", 0)
    helper.append(["fam", "Goed"])
    helper.sheet_state = "hidden"


def _chartsheet_first(book):
    from openpyxl.chart import BarChart, Reference

    chart = BarChart()
    chart.add_data(Reference(book.active, min_col=3, min_row=1, max_row=6), titles_from_data=True)
    book.create_chartsheet("Grafiek", 0).add_chart(chart)


def _formulas(book):
    book.active["C3"] = "=1+1"


def _merged(book):
    book.active.merge_cells("D2:D3")


def _dropdowns(book):
    from openpyxl.worksheet.datavalidation import DataValidation

    dv = DataValidation(type="list", formula1='"1,2,3,9"', allow_blank=True)
    book.active.add_data_validation(dv)
    dv.add("C2:C6")


def _with_x14_validation(path):
    """The drop-down list as Excel 2010+ stores it (an x14 extension openpyxl warns about)."""
    xlsx = path.parent / "data.xlsx"
    with zipfile.ZipFile(xlsx) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    ext = (b'<extLst><ext uri="{CCE6A557-97BC-4b89-ADB6-D9C93CAAB3DF}" '
           b'xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main">'
           b'<x14:dataValidations count="0"/></ext></extLst></worksheet>')
    name = next(n for n in parts if n.startswith("xl/worksheets/sheet"))
    parts[name] = parts[name].replace(b"</worksheet>", ext)
    with zipfile.ZipFile(xlsx, "w") as z:
        for n, data in parts.items():
            z.writestr(n, data)
    return path


#: case -> (builder(folder) -> codebook path, data file, analyze exit code, fragment of the error line)
CASES = {
    "sav_labelled_strings_and_missing_range": (lambda d: _sav(d, "data.sav"), "data.sav", 0, None),
    "zsav_compressed": (lambda d: _sav(d, "data.zsav", compress=True), "data.zsav", 0, None),
    "xlsx_1904_dates": (lambda d: _xlsx(d, _date_1904), "data.xlsx", 0, None),
    "xlsx_hidden_sheet": (lambda d: _xlsx(d, _hidden_first), "data.xlsx", 0, None),
    "xlsx_chartsheet": (lambda d: _xlsx(d, _chartsheet_first), "data.xlsx", 0, None),
    "xlsx_chartsheet_named": (lambda d: _xlsx(d, _chartsheet_first, sheet="Grafiek"), "data.xlsx", 2,
                              "data.xlsx: sheet 'Grafiek' is a chart sheet, not a table"),
    "xlsx_formula_without_value": (lambda d: _xlsx(d, _formulas), "data.xlsx", 2,
                                   "data.xlsx, row 3, column 'fam': formula '=1+1' has no stored value"),
    "xlsx_merged_answers": (lambda d: _xlsx(d, _merged), "data.xlsx", 2,
                            "data.xlsx, row 2, column 'inv': merged cells D2:D3 among the answers"),
    "xlsx_dropdowns": (lambda d: _with_x14_validation(_xlsx(d, _dropdowns)), "data.xlsx", 0, None),
}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    root = tmp_path_factory.mktemp("corpus")
    return {name: (build(root / name), data, code, fragment)
            for name, (build, data, code, fragment) in CASES.items()}


def _run(*args):
    result = CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=True)
    assert isinstance(result.exception, SystemExit) or result.exception is None, repr(result.exception)
    assert "Traceback" not in result.output and ".py:" not in result.output, result.output
    return result


@pytest.mark.slow  # each case: codebook init, validate and a whole analyze on the command line
@pytest.mark.parametrize("name", sorted(CASES))
def test_corpus_through_codebook_init_validate_and_analyze(corpus, tmp_path, name):
    """Robustness corpus (issue 13): each unusual file through the three commands."""
    codebook, data, code, fragment = corpus[name]
    folder = codebook.parent
    init = _run("codebook", "init", folder / data)
    if data.endswith("sav"):
        assert init.exit_code == 0 and "items:" in init.stdout
        draft = yaml.safe_load(init.stdout)
        assert {i["column"] for i in draft["items"]} >= {"fam", "inv", "vol"}
        assert draft["scales"][next(i["scale"] for i in draft["items"] if i["column"] == "fam")]["missing"] == [8, 9]
        drafted = folder / "draft.yaml"            # the draft as it is (no sectors yet) runs too
        drafted.write_text(init.stdout, encoding="utf-8")
        assert _run("analyze", drafted, "--out", tmp_path / "draft-out", "-q").exit_code == 0
    else:  # codebook init reads workbooks too (issue 11): a draft, or one line saying why not
        if init.exit_code == 0:
            assert "items:" in init.stdout
        else:
            assert init.exit_code == 2 and init.stderr.startswith(f"error: {folder / data}")
            assert len(init.stderr.splitlines()) == 1
    checked = _run("validate", codebook)
    out = tmp_path / "out"
    analysed = _run("analyze", codebook, "--out", out, "--quiet")
    assert analysed.exit_code == code, analysed.output
    if code == 0:
        assert checked.exit_code == 0, checked.output
        assert (out / "distributions.csv").is_file()
        dist = pd.read_csv(out / "distributions.csv", sep=None, engine="python")
        assert len(dist) > 0
        assert all(line.startswith("warning: ") for line in analysed.stderr.splitlines()), analysed.stderr
        assert "openpyxl" not in analysed.output and "not supported" not in analysed.output
    else:
        assert checked.exit_code == code
        assert checked.stderr == analysed.stderr            # the same one line from both commands
        assert analysed.stderr.startswith(f"error: {folder}/") and fragment in analysed.stderr
        assert len(analysed.stderr.splitlines()) == 1
        assert not out.exists()


def test_a_study_without_a_usable_answer_is_an_error(tmp_path):
    """Issue 13, item 4: every answer missing (empty or a missing-value code) exited 0 and
    wrote a report of N = 0 figures; now one error line, exit 1, nothing written."""
    rows = [MINI_ROWS[0]] + [";".join(r.split(";")[:2]) + ";9;" for r in MINI_ROWS[1:]]
    codebook = write_study(tmp_path / "study", rows)
    out = tmp_path / "out"
    result = _run("analyze", codebook, "--out", out, "--quiet")
    assert result.exit_code == 1
    assert result.stderr.startswith("error: data.csv: no usable answer at all (")
    assert len(result.stderr.splitlines()) == 1 and not out.exists()


def test_python_warnings_become_one_line_warnings(tmp_path, monkeypatch):
    """Issue 13, item 11: a RuntimeWarning (report.py on a full disk) or a library's
    UserWarning reached the user with its source path and line; now one ``warning:`` line."""
    import warnings

    from survey_inventory import validate as validate_module

    real = validate_module.validate

    def warning_validate(study, **options):  # validate(study, limit=...) as the CLI calls it
        warnings.warn("invalid value encountered in divide\nsecond line", RuntimeWarning)
        return real(study, **options)

    monkeypatch.setattr(validate_module, "validate", warning_validate)
    result = _run("validate", write_study(tmp_path / "study"))
    assert result.exit_code == 0
    assert result.stderr.splitlines() == ["warning: invalid value encountered in divide second line"]


def test_a_huge_cell_is_not_echoed_whole(tmp_path):
    """Issue 13, item 12: a 4 MB cell was echoed whole inside the error line."""
    rows = MINI_ROWS[:2] + ["p2;1;" + "7" * 4_000_000 + ";2"] + MINI_ROWS[3:]
    result = _run("analyze", write_study(tmp_path / "study", rows), "--out", tmp_path / "out", "--quiet")
    assert result.exit_code == 1
    line, = result.stderr.splitlines()
    assert len(line) < 300 and line.endswith("\u2026')"), line[:300]
