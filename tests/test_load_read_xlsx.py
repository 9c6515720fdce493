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
