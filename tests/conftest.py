"""Shared fixtures: the bundled study and a factory for small studies on disk."""
from __future__ import annotations

import copy
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


@pytest.fixture(scope="session")
def bundled_run(tmp_path_factory):
    """One ``analyze`` of the bundled study with the default options (Dutch, half up):
    ``(output folder, AnalysisResult)``. Shared by the export tests; nothing may write into it."""
    from survey_inventory.analyze import AnalysisOptions, analyze

    out = tmp_path_factory.mktemp("bundled_run") / "out"
    return out, analyze(BUNDLED, out, AnalysisOptions())


@pytest.fixture(scope="session")
def bundled_run_en(tmp_path_factory):
    """``analyze --lang en --rounding largest-remainder`` of the bundled study: the output folder."""
    from survey_inventory.analyze import AnalysisOptions, analyze

    out = tmp_path_factory.mktemp("bundled_run_en") / "out"
    analyze(BUNDLED, out, AnalysisOptions(lang="en", rounding="largest-remainder"))
    return out
