"""Streaming a study batch by batch (survey_inventory/load/stream.py)."""
import pandas as pd
import pytest
import yaml

from survey_inventory.codebook import load_codebook
from survey_inventory.load import LoadError, load_study
from survey_inventory.load.stream import StudyStream

pytest.importorskip("pyarrow")


def _study(folder, frame):
    frame.to_parquet(folder / "q.parquet", index=False)
    data = {
        "study": {"id": "s", "title": "S"},
        "respondent_types": [{"id": "province", "label": "p"}, {"id": "amr", "label": "a"}],
        "sources": [{"id": "q", "file": "q.parquet", "format": "parquet", "id_column": "respondent_id",
                     "respondent_type": {"column": "type", "values": {1: "province", 2: "amr"}}}],
        "scales": {"fam": {"codes": [{"code": c, "label": str(c)} for c in range(1, 6)], "missing": [9]}},
        "items": [{"id": "ict", "column": "bek_ict", "scale": "fam", "measure": "familiarity"}],
    }
    (folder / "cb.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")
    return load_codebook(folder / "cb.yaml")


def test_batches_hold_the_rows_of_the_whole_study(tmp_path):
    frame = pd.DataFrame({"respondent_id": [f"r{k}" for k in range(11)],
                          "type": pd.array([1, 2] * 5 + [1], dtype="Int8"),
                          "bek_ict": pd.array([1, 2, 3, None, 9, 5, 4, 3, 2, 1, 7], dtype="Int8")})
    cb = _study(tmp_path, frame)
    whole = load_study(cb).responses
    stream = StudyStream(cb, batch_rows=4)
    parts = [part.responses for part in stream]
    assert [len(p) for p in parts] == [4, 4, 3] and stream.records == 11
    joined = pd.concat(parts, ignore_index=True)
    # spreadsheet rows run on across batches; statuses and codes as in the whole study
    assert joined["row"].tolist() == whole["row"].tolist() == list(range(2, 13))
    assert joined["status"].astype(str).tolist() == whole["status"].astype(str).tolist()
    assert joined["code"].equals(whole["code"])
    assert stream.problems.empty


def test_missing_file_is_a_load_error(tmp_path):
    cb = _study(tmp_path, pd.DataFrame({"respondent_id": ["a"], "type": [1], "bek_ict": [1]}))
    (tmp_path / "q.parquet").unlink()
    with pytest.raises(LoadError, match="file not found"):
        list(StudyStream(cb))


def test_empty_file_is_a_load_error(tmp_path):
    cb = _study(tmp_path, pd.DataFrame({"respondent_id": pd.Series([], dtype="string"),
                                        "type": pd.Series([], dtype="Int8"), "bek_ict": pd.Series([], dtype="Int8")}))
    with pytest.raises(LoadError, match="no data rows"):
        list(StudyStream(cb))
