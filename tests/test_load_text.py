"""Decoding text files (survey_inventory/load/text.py): encodings, byte-order marks, cp1252, mixed encodings."""
import copy

import pytest

from survey_inventory.codebook import load_codebook
from survey_inventory.load import load_responses, load_study
from conftest import MINI, MINI_ROWS, write_study
from load_helpers import EXPECTED, TIDY_COLUMNS, answers, load_error


@pytest.mark.parametrize("delimiter", [";", ","])
@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252"])
def test_csv_variants(tmp_path, delimiter, encoding):
    rows = [r.replace(";", delimiter) for r in MINI_ROWS]
    rows[1] = rows[1].replace("p1", "pé1")  # an accent that differs between encodings
    path = write_study(tmp_path, rows, encoding=encoding)
    tidy = load_responses(load_codebook(path))
    assert list(tidy.columns) == TIDY_COLUMNS
    got = answers(tidy)
    assert got.pop(("pé1", "fam")) == ("valid", 1)
    assert got.pop(("pé1", "inv")) == ("valid", 1)
    assert got == {k: v for k, v in EXPECTED.items() if k[0] != "p1"}
    # rows are spreadsheet rows: header is row 1
    assert tidy.loc[tidy["respondent_id"] == "a2", "row"].unique().tolist() == [6]


def test_mixed_encodings_are_refused_with_the_line(tmp_path):
    """Protects against garbling: a UTF-8 file with one line pasted in from a cp1252
    export used to be decoded wholesale as cp1252, turning 'café' into 'cafÃ©'."""
    raw = ("\n".join(MINI_ROWS[:4]) + "\n").encode("utf-8") + "a1é;2;1;1\n".encode("cp1252") \
        + "a2é;2;2;3\n".encode("utf-8")
    msg = load_error(write_study(tmp_path, raw=raw))
    assert "data.csv" in msg and "mixed encodings" in msg and "line 5 is not UTF-8" in msg


def test_pure_cp1252_still_loads(tmp_path):
    raw = ("\n".join(MINI_ROWS).replace("p1", "pé1") + "\n").encode("cp1252")
    ids = load_study(load_codebook(write_study(tmp_path, raw=raw))).respondents["respondent_id"]
    assert "pé1" in set(ids)


def test_declared_encoding_error_names_the_line(tmp_path):
    cb = copy.deepcopy(MINI)
    cb["sources"][0]["encoding"] = "utf-8"
    raw = ("\n".join(MINI_ROWS[:3]) + "\n").encode() + "p3é;1;3;\n".encode("cp1252")
    assert "line 4 is not utf-8" in load_error(write_study(tmp_path, codebook=cb, raw=raw))


def test_utf8_bom_with_declared_cp1252(tmp_path):
    """The BOM would become part of the first column's name ('ï»¿id') and the id column vanish."""
    cb = copy.deepcopy(MINI)
    cb["sources"][0]["encoding"] = "cp1252"
    msg = load_error(write_study(tmp_path, codebook=cb, encoding="utf-8-sig"))
    assert "UTF-8 byte-order mark but the codebook says encoding 'cp1252'" in msg


def test_utf8_bom_with_declared_utf8_loads(tmp_path):
    cb = copy.deepcopy(MINI)
    cb["sources"][0]["encoding"] = "utf-8"
    tidy = load_responses(load_codebook(write_study(tmp_path, codebook=cb, encoding="utf-8-sig")))
    assert answers(tidy) == EXPECTED


def test_utf16_unicode_text_export_loads(tmp_path):
    """Excel's 'Unicode text' export: UTF-16 with BOM, tab-separated."""
    rows = [r.replace(";", "\t") for r in MINI_ROWS]
    tidy = load_responses(load_codebook(write_study(tmp_path, rows, encoding="utf-16")))
    assert answers(tidy) == EXPECTED


# -- the decoder on its own ---------------------------------------------------------------

@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp1252"])
def test_decode_text_reads_each_encoding_without_its_mark(tmp_path, encoding):
    from survey_inventory.load.text import decode_text

    path = tmp_path / "f.csv"
    path.write_bytes("id;naam\n1;café – één\n".encode(encoding) if encoding != "cp1252"
                     else "id;naam\n1;café één\n".encode(encoding))
    text = decode_text(path)
    assert text.startswith("id;naam") and "café" in text


def test_decode_text_unknown_encoding_names_the_file(tmp_path):
    from survey_inventory.load import LoadError
    from survey_inventory.load.text import decode_text

    path = tmp_path / "f.csv"
    path.write_bytes(b"id\n1\n")
    with pytest.raises(LoadError, match=r"f\.csv: unknown encoding 'latin-99' in the codebook"):
        decode_text(path, "latin-99")
