"""Shared fixtures: the bundled study and a factory for small studies on disk."""
from __future__ import annotations

import copy
import os
import pickle
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
BUNDLED = ROOT / "codebooks" / "bartels-2025.yaml"

# A minimal study: 2 respondent types, one sector, a familiarity filter and a routed follow-up.
MINI = {
    "study": {"id": "mini", "title": {"nl": "Mini", "en": "Mini"}},
    "respondent_types": [
        {"id": "province", "label": {"nl": "provincies", "en": "provinces"}, "population": 12},
        {"id": "amr", "label": {"nl": "AMR's", "en": "AMRs"}, "population": 35},
    ],
    "sources": [{"id": "main", "file": "data.csv", "id_column": "id",
                 "respondent_type": {"column": "type", "values": {1: "province", 2: "amr"}}}],
    "scales": {
        "fam": {"codes": [{"code": 1, "label": "Goed"}, {"code": 2, "label": "Redelijk"},
                          {"code": 3, "label": "Zeer slecht"}], "missing": [9]},
        "inv": {"codes": [{"code": 1, "label": "Actief betrokken"}, {"code": 2, "label": "Niet betrokken"},
                          {"code": 3, "label": "Weet ik niet", "substantive": False}]},
    },
    "sectors": [{"id": "care", "label": "zorg en welzijn", "collaborations": "regionale wgo's"}],
    "items": [
        {"id": "fam", "sector": "care", "measure": "familiarity", "column": "fam", "scale": "fam",
         "figures": {"province": "1.1"}},
        {"id": "inv", "sector": "care", "measure": "involvement", "column": "inv", "scale": "inv",
         "asked_if": "fam != 3"},
    ],
}
MINI_ROWS = [
    "id;type;fam;inv",
    "p1;1;1;1",
    "p2;1;2;2",
    "p3;1;3;",
    "a1;2;1;1",
    "a2;2;2;3",
]


def write_study(folder: Path, rows=None, codebook=None, *, filename="data.csv", encoding="utf-8", raw: bytes | None = None):
    """Write a codebook and a CSV data file into ``folder``; return the codebook path."""
    cb = copy.deepcopy(codebook or MINI)
    cb["sources"][0]["file"] = filename
    folder.mkdir(parents=True, exist_ok=True)
    if raw is not None:
        (folder / filename).write_bytes(raw)
    elif rows is not None or filename.endswith(".csv"):
        text = "\n".join(MINI_ROWS if rows is None else rows) + "\n"
        (folder / filename).write_bytes(text.encode(encoding))
    path = folder / "codebook.yaml"
    path.write_text(yaml.safe_dump(cb, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


@pytest.fixture
def mini_study(tmp_path):
    return write_study(tmp_path / "study")


@pytest.fixture(scope="session")
def bundled_codebook():
    from survey_inventory.codebook import load_codebook

    return load_codebook(BUNDLED)


# -- end-to-end runs, each made once per test session -------------------------------------------
#
# ``analyze`` of a whole study takes seconds; every test that reads its outputs shares one run
# per distinct set of options. Under pytest-xdist each worker builds its own session fixtures,
# so a run is written once into the session's common temporary folder (the parent of the
# workers' own), under a lock, and the other workers read it back (the result as a pickle).
# The folders are the session's: pytest removes them after a passing run
# (``tmp_path_retention_policy`` in pyproject.toml). Nothing may write into a shared run.

LLO = ROOT / "codebooks" / "llo-2026.yaml"
WAVES = ROOT / "codebooks" / "bartels-2025-waves.yaml"


@contextmanager
def _lock(path: Path):
    """A lock file made with O_EXCL (portable; the holder removes it, also when the run fails)."""
    while True:
        try:
            os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY))
            break
        except FileExistsError:
            time.sleep(0.05)
    try:
        yield
    finally:
        os.remove(path)


def input_state() -> dict[str, tuple[str, int]]:
    """Every file of the bundled studies' inputs (``codebooks/``, ``surveys/``): its SHA-256 and
    modification time in nanoseconds, by path relative to the repository."""
    from survey_inventory.export import file_sha256

    return {str(p.relative_to(ROOT)): (file_sha256(p), p.stat().st_mtime_ns)
            for folder in (ROOT / "codebooks", ROOT / "surveys") for p in sorted(folder.rglob("*")) if p.is_file()}


def shared_run(tmp_path_factory, name: str, codebook: Path, **options):
    """The ``AnalysisResult`` of ``analyze(codebook, <folder>/out, AnalysisOptions(**options))``,
    made once per session whatever the number of workers; ``result.messages`` holds what it
    reported to ``progress``, ``result.inputs_before`` and ``result.inputs_after`` the
    :func:`input_state` just before and after it."""
    from survey_inventory.analyze import AnalysisOptions, analyze

    base = tmp_path_factory.getbasetemp()
    root = (base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base) / "shared-runs"
    root.mkdir(exist_ok=True)
    stored = root / f"{name}.pickle"
    with _lock(root / f"{name}.lock"):
        if not stored.exists():
            messages = []
            before = input_state()
            result = analyze(codebook, root / name / "out", AnalysisOptions(**options), progress=messages.append)
            result.messages, result.inputs_before, result.inputs_after = messages, before, input_state()
            stored.write_bytes(pickle.dumps(result))
    return pickle.loads(stored.read_bytes())


@pytest.fixture(scope="session")
def bundled_run(tmp_path_factory):
    """One ``analyze`` of the bundled study with the default options (Dutch, half up):
    ``(output folder, AnalysisResult)``. Shared by every test that reads its outputs."""
    result = shared_run(tmp_path_factory, "bundled", BUNDLED)
    return result.out_dir, result


@pytest.fixture(scope="session")
def bundled_run_en(tmp_path_factory):
    """``analyze --lang en --rounding largest-remainder`` of the bundled study: the output folder."""
    return shared_run(tmp_path_factory, "bundled_en", BUNDLED, lang="en", rounding="largest-remainder").out_dir


@pytest.fixture(scope="session")
def bundled_run_min_cell(tmp_path_factory):
    """``analyze --min-cell 5 --include-open-text`` of the bundled study: the ``AnalysisResult``."""
    return shared_run(tmp_path_factory, "bundled_min_cell_5", BUNDLED, min_cell=5, include_open_text=True)


@pytest.fixture(scope="session")
def waves_run(tmp_path_factory):
    """``analyze`` of the bundled two-wave study: ``(output folder, AnalysisResult)``."""
    result = shared_run(tmp_path_factory, "waves", WAVES)
    return result.out_dir, result


@pytest.fixture(scope="session")
def llo_run_nl(tmp_path_factory):
    """``analyze`` of the second bundled study (Dutch): the ``AnalysisResult``."""
    return shared_run(tmp_path_factory, "llo_nl", LLO, lang="nl")


@pytest.fixture(scope="session")
def llo_run_en(tmp_path_factory):
    """``analyze --lang en`` of the second bundled study: the ``AnalysisResult``."""
    return shared_run(tmp_path_factory, "llo_en", LLO, lang="en")


_SHARED_RUNS = {"bundled_run", "bundled_run_en", "bundled_run_min_cell", "waves_run",
                "llo_run_nl", "llo_run_en"}


def pytest_collection_modifyitems(config, items):
    """A test that reads a whole study's run (directly or through another fixture) is an
    end-to-end test: it carries the ``slow`` marker, so ``pytest -m "not slow"`` leaves it out."""
    for item in items:
        if _SHARED_RUNS & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)
