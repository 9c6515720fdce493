"""The benchmark generator: deterministic, and its studies load and validate without errors."""
import importlib.util
import sys
from pathlib import Path

import pytest

from survey_inventory.codebook import load_codebook
from survey_inventory.load import load_study
from survey_inventory.validate import validate

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def generate():
    spec = importlib.util.spec_from_file_location("bench_generate", ROOT / "benchmarks" / "generate.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def _files(folder: Path) -> dict:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def test_same_arguments_same_bytes(tmp_path, generate):
    a = generate.generate(300, 5, "csv", root=tmp_path / "a")
    b = generate.generate(300, 5, "csv", root=tmp_path / "b")
    assert _files(a.parent) == _files(b.parent)
    c = generate.generate(301, 5, "csv", root=tmp_path / "c")
    assert _files(c.parent)["questionnaire.csv"] != _files(a.parent)["questionnaire.csv"]


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_loads_and_validates_cleanly(tmp_path, generate, fmt):
    if fmt == "parquet":
        pytest.importorskip("pyarrow")
    n, sectors = 400, 6
    cb = load_codebook(generate.generate(n, sectors, fmt, root=tmp_path))
    study = load_study(cb)
    report = validate(study)
    assert not (report["severity"] == "error").any(), report.head().to_string()
    assert set(report["check"]) <= {"item_nonresponse"}  # the only warnings are unanswered questions
    assert len(study.respondents) == n
    sizes = generate.type_sizes(n)
    assert study.respondents["respondent_type"].value_counts().to_dict() == sizes
    assert len(study.responses) == n * sectors * 2
    # routing is followed: only those who know the sector (or funds who answered) were asked
    statuses = set(study.responses["status"].astype(str))
    assert statuses == {"valid", "missing", "not_asked"}
    assert set(study.multi_response["set"]) == {"s01_success_factors", "s01_bottlenecks"}


def test_csv_and_parquet_give_the_same_table(tmp_path, generate):
    pytest.importorskip("pyarrow")
    cols = ["respondent_id", "respondent_type", "item", "code", "status", "category"]
    a = load_study(load_codebook(generate.generate(200, 3, "csv", root=tmp_path)))
    b = load_study(load_codebook(generate.generate(200, 3, "parquet", root=tmp_path)))
    assert a.responses[cols].astype(str).equals(b.responses[cols].astype(str))
    assert a.multi_response.equals(b.multi_response)


def test_cached_data_is_reused(tmp_path, generate):
    path = generate.generate(100, 2, "csv", root=tmp_path)
    stamp = (path.parent / "questionnaire.csv").stat().st_mtime_ns
    assert generate.generate(100, 2, "csv", root=tmp_path) == path
    assert (path.parent / "questionnaire.csv").stat().st_mtime_ns == stamp


def test_the_script_runs_as_the_docs_show_it_and_reuses_its_data(tmp_path, generate):
    """``python benchmarks/generate.py -n ...``, as docs/performance.md runs it: the script, not the
    imported module (a helper defined below ``if __name__ == "__main__"`` passed every import test)."""
    import subprocess

    def run():
        return subprocess.run([sys.executable, str(ROOT / "benchmarks" / "generate.py"), "-n", "100", "-s", "2",
                               "--out", str(tmp_path)], capture_output=True, text=True, timeout=120)

    first = run()
    assert first.returncode == 0, first.stderr
    codebook = Path(first.stdout.strip().splitlines()[-1])
    assert codebook == generate.generate(100, 2, "csv", root=tmp_path)
    stamp = (codebook.parent / "questionnaire.csv").stat().st_mtime_ns
    again = run()
    assert again.returncode == 0, again.stderr
    assert (codebook.parent / "questionnaire.csv").stat().st_mtime_ns == stamp
