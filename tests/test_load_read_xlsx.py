"""Reading Excel workbooks (survey_inventory/load/read_xlsx.py)."""
import copy

import pytest

from survey_inventory.codebook import load_codebook
from survey_inventory.load import LoadError, load_responses
from conftest import MINI, MINI_ROWS, write_study
from load_helpers import EXPECTED, answers


def test_xlsx(tmp_path):
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Data"
    for line in MINI_ROWS:
        sheet.append([int(v) if v.isdigit() else (v or None) for v in line.split(";")])
    cb = copy.deepcopy(MINI)
    cb["sources"][0]["sheet"] = "Data"
    path = write_study(tmp_path, codebook=cb, filename="data.xlsx", raw=b"")
    book.save(tmp_path / "data.xlsx")
    assert answers(load_responses(load_codebook(path))) == EXPECTED


def test_xlsx_wrong_sheet(tmp_path):
    import openpyxl

    book = openpyxl.Workbook()
    book.active.append(["id", "type", "fam", "inv"])
    book.active.append(["p1", 1, 1, 1])
    cb = copy.deepcopy(MINI)
    cb["sources"][0]["sheet"] = "Antwoorden"
    path = write_study(tmp_path, codebook=cb, filename="data.xlsx", raw=b"")
    book.save(tmp_path / "data.xlsx")
    with pytest.raises(LoadError, match="no sheet named 'Antwoorden'"):
        load_responses(load_codebook(path))


def _mini_book(rows=MINI_ROWS):
    import openpyxl

    book = openpyxl.Workbook()
    for line in rows:
        book.active.append([int(v) if v.isdigit() else (v or None) for v in line.split(";")])
    return book


def _xlsx_study(tmp_path, book, **source):
    cb = copy.deepcopy(MINI)
    cb["sources"][0].update(source)
    path = write_study(tmp_path, codebook=cb, filename="data.xlsx", raw=b"")
    book.save(tmp_path / "data.xlsx")
    return path


def test_a_formula_without_a_stored_value_is_refused_with_its_cell(tmp_path):
    """Issue 13, item 2: a formula openpyxl wrote has no stored value; it was read as an
    empty answer (a 'no answer' warning, estimates on the wrong base). Now one error
    naming the row and column, with the hint to save the workbook in Excel."""
    book = _mini_book()
    book.active["C3"] = "=1+1"   # p2's fam
    book.active["C4"] = "=2+1"   # p3's fam
    path = _xlsx_study(tmp_path, book)
    with pytest.raises(LoadError) as err:
        load_responses(load_codebook(path))
    msg = str(err.value)
    assert "data.xlsx, row 3, column 'fam'" in msg and "'=1+1' has no stored value" in msg
    assert "(2 formula cells without a value)" in msg and "save it" in msg and "Excel" in msg


def test_a_formula_with_its_stored_value_is_read_as_that_value(tmp_path):
    """Issue 13, item 2 (the other side): a workbook saved by Excel stores each formula's
    value; it is read, not refused. The stored value is written into the sheet XML by hand."""
    import zipfile

    book = _mini_book()
    book.active["C3"] = "=1+1"
    path = _xlsx_study(tmp_path, book)
    xlsx = tmp_path / "data.xlsx"
    with zipfile.ZipFile(xlsx) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    sheet = parts["xl/worksheets/sheet1.xml"]
    assert b"<f>1+1</f><v></v>" in sheet or b"<f>1+1</f><v />" in sheet or b"<f>1+1</f>" in sheet
    sheet = sheet.replace(b"<f>1+1</f><v></v>", b"<f>1+1</f><v>2</v>").replace(b"<f>1+1</f><v />", b"<f>1+1</f><v>2</v>")
    if b"<v>2</v>" not in sheet:
        sheet = sheet.replace(b"<f>1+1</f>", b"<f>1+1</f><v>2</v>")
    parts["xl/worksheets/sheet1.xml"] = sheet
    with zipfile.ZipFile(xlsx, "w") as z:
        for n, data in parts.items():
            z.writestr(n, data)
    assert answers(load_responses(load_codebook(path))) == EXPECTED


def test_merged_cells_among_the_answers_are_refused_with_their_range(tmp_path):
    """Issue 13, item 3: B3:B4 merged over two answers read row 4's answer as missing
    (and dropped its routed answer) without a word; now an error naming the range."""
    book = _mini_book()
    book.active.merge_cells("C3:C4")
    path = _xlsx_study(tmp_path, book)
    with pytest.raises(LoadError) as err:
        load_responses(load_codebook(path))
    assert "data.xlsx, row 3, column 'fam': merged cells C3:C4 among the answers" in str(err.value)


def test_merged_cells_beside_the_table_are_no_problem(tmp_path):
    """Issue 13, item 3 (the other side): a merged note right of the table is not data."""
    book = _mini_book()
    book.active["G2"] = "notitie"
    book.active.merge_cells("G2:H3")
    path = _xlsx_study(tmp_path, book)
    assert answers(load_responses(load_codebook(path))) == EXPECTED


def test_openpyxl_warnings_do_not_reach_the_user(tmp_path, recwarn):
    """Issue 13, item 11: a drop-down list (data validation) made openpyxl warn
    'Data Validation extension is not supported' with its source path; the values are
    read and no warning is left."""
    import warnings
    import zipfile

    book = _mini_book()
    path = _xlsx_study(tmp_path, book)
    xlsx = tmp_path / "data.xlsx"
    with zipfile.ZipFile(xlsx) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    ext = (b'<extLst><ext uri="{CCE6A557-97BC-4b89-ADB6-D9C93CAAB3DF}" '
           b'xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main">'
           b'<x14:dataValidations count="0"/></ext></extLst></worksheet>')
    parts["xl/worksheets/sheet1.xml"] = parts["xl/worksheets/sheet1.xml"].replace(b"</worksheet>", ext)
    with zipfile.ZipFile(xlsx, "w") as z:
        for n, data in parts.items():
            z.writestr(n, data)
    warnings.simplefilter("always")
    assert answers(load_responses(load_codebook(path))) == EXPECTED
    assert [str(w.message) for w in recwarn] == []


def test_a_workbook_of_chart_sheets_or_a_sheet_number_past_the_end_is_one_clear_error(tmp_path):
    """Issue 13, item 11: a sheet number past the end said 'list index out of range'."""
    path = _xlsx_study(tmp_path, _mini_book(), sheet=3)
    with pytest.raises(LoadError, match=r"data.xlsx: no worksheet number 3 \(counting from 0\)"):
        load_responses(load_codebook(path))


def test_a_workbook_without_its_sheet_part_is_one_clear_error(tmp_path):
    """Issue 13, item 11: the zip without xl/worksheets/sheet1.xml."""
    import zipfile

    path = _xlsx_study(tmp_path, _mini_book())
    xlsx = tmp_path / "data.xlsx"
    with zipfile.ZipFile(xlsx) as z:
        parts = {n: z.read(n) for n in z.namelist() if n != "xl/worksheets/sheet1.xml"}
    with zipfile.ZipFile(xlsx, "w") as z:
        for n, data in parts.items():
            z.writestr(n, data)
    with pytest.raises(LoadError, match="data.xlsx: the workbook has no worksheet"):
        load_responses(load_codebook(path))


def test_a_hidden_first_sheet_is_passed_over(tmp_path):
    """Robustness corpus: with no sheet named, the first *visible* worksheet is read (the
    one Excel shows), not a hidden helper sheet before it."""
    book = _mini_book()
    hidden = book.create_sheet("lookup", 0)
    hidden.append(["code", "label"])
    hidden.append([1, "Goed"])
    hidden.sheet_state = "hidden"
    path = _xlsx_study(tmp_path, book)
    assert answers(load_responses(load_codebook(path))) == EXPECTED
