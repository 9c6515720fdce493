"""Streaming (bigger than memory): the same distributions.csv, byte for byte, as the
in-memory path, on studies that fit both ways, in one batch or in many."""
import importlib.util
import sys
from pathlib import Path

import pandas as pd
import pytest
import yaml

from survey_inventory.codebook import load_codebook
from survey_inventory.estimate import distributions
from survey_inventory.estimate.streaming import stream_counts, stream_distributions
from survey_inventory.export import write_csv
from survey_inventory.load import load_study
from survey_inventory.load.sources import read_source
from survey_inventory.validate import problem_counts, validate

pytest.importorskip("pyarrow")

ROOT = Path(__file__).resolve().parents[1]
BUNDLED = ROOT / "codebooks" / "bartels-2025.yaml"


def _csv_bytes(frame, path):
    write_csv(frame, path)
    return path.read_bytes()


def _bundled_as_parquet(folder: Path) -> Path:
    """The bundled study with both sources (CSV and XLSX) written to Parquet as text."""
    cb = load_codebook(BUNDLED)
    data = yaml.safe_load(BUNDLED.read_text(encoding="utf-8"))
    for entry, source in zip(data["sources"], cb.sources):
        frame = read_source(cb, source).drop(columns="__row__")
        frame = frame.astype({c: "string" for c in frame.columns})
        path = folder / f"{source.id}.parquet"
        frame.to_parquet(path, index=False)
        for key in ("delimiter", "encoding", "sheet"):
            entry.pop(key, None)
        entry.update(file=str(path), format="parquet")
    data.pop("inventory", None)
    data.pop("published", None)
    path = folder / "codebook.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def parquet_bundled(tmp_path_factory):
    return load_codebook(_bundled_as_parquet(tmp_path_factory.mktemp("bundled-parquet")))


@pytest.mark.parametrize("batch_rows", [7, 100_000])
def test_bundled_study_streamed_equals_in_memory(parquet_bundled, tmp_path, batch_rows):
    original = load_codebook(BUNDLED)
    in_memory = distributions(load_study(original), original, ci_method="auto")
    streamed = stream_distributions(parquet_bundled, batch_rows=batch_rows, ci_method="auto")
    assert _csv_bytes(streamed, tmp_path / "s.csv") == _csv_bytes(in_memory, tmp_path / "m.csv")
    # and the in-memory path on the Parquet copy too
    again = distributions(load_study(parquet_bundled), parquet_bundled, ci_method="auto")
    assert _csv_bytes(again, tmp_path / "p.csv") == _csv_bytes(in_memory, tmp_path / "m.csv")


def test_bundled_study_problems_counted_in_batches(parquet_bundled):
    whole = validate(load_study(parquet_bundled))
    result = stream_counts(parquet_bundled, batch_rows=5, limit=1)
    assert result.records == 45
    assert result.respondents == {"amr": 27, "fund": 9, "province": 9}
    by_check = result.problems.groupby("check")["count"].sum().to_dict()
    assert by_check == whole["check"].value_counts().to_dict() == {"item_nonresponse": 4}
    # at most one example per check and column: bek_ict (two files), bek_techniek
    assert sorted(result.examples["column"]) == ["bek_ict", "bek_techniek"]


@pytest.fixture(scope="module")
def generate():
    spec = importlib.util.spec_from_file_location("bench_generate_streaming", ROOT / "benchmarks" / "generate.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("ci_method", ["logit", "auto"])
def test_synthetic_study_in_many_batches(tmp_path, generate, ci_method):
    cb = load_codebook(generate.generate(300, 3, "parquet", root=tmp_path))
    study = load_study(cb)
    in_memory = distributions(study, cb, ci_method=ci_method)
    streamed = stream_distributions(cb, batch_rows=110, ci_method=ci_method)
    assert _csv_bytes(streamed, tmp_path / "s.csv") == _csv_bytes(in_memory, tmp_path / "m.csv")
    result = stream_counts(cb, batch_rows=110)
    whole = problem_counts(study)
    merged = result.problems.merge(whole, on=["severity", "check", "file", "column"], suffixes=("_s", "_m"),
                                   how="outer")
    assert len(merged) == len(whole) > 0
    assert (merged["count_s"] == merged["count_m"]).all()
    assert whole["count"].sum() == len(validate(study))


def test_ids_repeated_across_batches_are_errors(tmp_path):
    frame = pd.DataFrame({"respondent_id": ["p1", "p2", "p3", "p1"], "type": pd.array([1, 1, 2, 2], dtype="Int8"),
                          "bek_ict": pd.array([1, 2, 3, 4], dtype="Int8")})
    frame.to_parquet(tmp_path / "q.parquet", index=False)
    data = {
        "study": {"id": "dup", "title": "Dup"},
        "respondent_types": [{"id": "province", "label": "p"}, {"id": "amr", "label": "a"}],
        "sources": [{"id": "q", "file": "q.parquet", "format": "parquet", "id_column": "respondent_id",
                     "respondent_type": {"column": "type", "values": {1: "province", 2: "amr"}}}],
        "scales": {"fam": {"codes": [{"code": c, "label": str(c)} for c in range(1, 6)]}},
        "items": [{"id": "ict", "column": "bek_ict", "scale": "fam", "measure": "familiarity"}],
    }
    (tmp_path / "cb.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")
    cb = load_codebook(tmp_path / "cb.yaml")
    assert (validate(load_study(cb))["check"] == "duplicate_id").sum() == 1
    for batch_rows in (2, 4):  # across two batches, and inside one
        problems = stream_counts(cb, batch_rows=batch_rows).problems
        assert problems.loc[problems["check"] == "duplicate_id", "count"].sum() == 1
    with pytest.raises(Exception, match="error"):
        stream_distributions(cb, batch_rows=2)
