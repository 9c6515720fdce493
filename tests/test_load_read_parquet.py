"""Reading Parquet files (survey_inventory/load/read_parquet.py): same tidy table as the CSV of the same answers."""
import copy
import sys

import pandas as pd
import pytest

from survey_inventory.codebook import load_codebook
from survey_inventory.load import LoadError, load_responses, load_study
from conftest import MINI, write_study

pytest.importorskip("pyarrow")

COLUMNS = ["respondent_id", "respondent_type", "item", "code", "status", "label", "category"]


def _mini_parquet(tmp_path, fmt="parquet", filename="data.parquet"):
    frame = pd.DataFrame({
        "id": pd.array(["p1", "p2", "p3", "a1", "a2"], dtype="string"),
        "type": pd.array([1, 1, 1, 2, 2], dtype="Int8"),
        "fam": pd.array([1, 2, 3, 1, 2], dtype="Int8"),
        "inv": pd.array([1, 2, None, 1, 3], dtype="Int8"),
    })
    cb = copy.deepcopy(MINI)
    if fmt:
        cb["sources"][0]["format"] = fmt
    path = write_study(tmp_path, codebook=cb, filename=filename)
    frame.to_parquet(tmp_path / filename, index=False)
    return path


@pytest.mark.parametrize("fmt,filename", [("parquet", "data.parquet"), (None, "data.parquet"), (None, "data.pq")])
def test_parquet_equals_csv(tmp_path, fmt, filename):
    from_parquet = load_responses(load_codebook(_mini_parquet(tmp_path / "pq", fmt, filename)))
    from_csv = load_responses(load_codebook(write_study(tmp_path / "csv")))
    pd.testing.assert_frame_equal(from_parquet[COLUMNS], from_csv[COLUMNS], check_categorical=False)
    assert from_parquet["row"].tolist() == from_csv["row"].tolist()  # header = row 1, as in a sheet


def test_parquet_nullable_type_column_reports_unknown_type(tmp_path):
    path = _mini_parquet(tmp_path)
    frame = pd.read_parquet(tmp_path / "data.parquet")
    frame["type"] = pd.array([1, None, 1, 2, 2], dtype="Int8")
    frame.to_parquet(tmp_path / "data.parquet", index=False)
    study = load_study(load_codebook(path))
    bad = study.problems[study.problems["check"] == "unknown_respondent_type"]
    assert bad["row"].tolist() == [3] and bad["value"].isna().all()


def test_broken_parquet_is_a_load_error(tmp_path):
    path = _mini_parquet(tmp_path)
    (tmp_path / "data.parquet").write_bytes(b"PAR1 not really")
    with pytest.raises(LoadError, match="not a readable Parquet file"):
        load_responses(load_codebook(path))


def test_parquet_without_pyarrow_says_what_to_install(tmp_path, monkeypatch):
    path = _mini_parquet(tmp_path)
    monkeypatch.setitem(sys.modules, "pyarrow.parquet", None)  # import fails as if not installed
    with pytest.raises(LoadError, match="needs the pyarrow package"):
        load_responses(load_codebook(path))
