"""``analyze --stream``: on a study that fits both ways, the same tables as the in-memory run
(distributions.csv byte for byte), what cannot be made from counts skipped and said so."""
import json
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from survey_inventory.cli import main
from test_estimate_streaming import _bundled_as_parquet

pytest.importorskip("pyarrow")

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def both_ways(tmp_path_factory):
    """The bundled study as Parquet, analysed in memory and streamed in batches of 7 records."""
    folder = tmp_path_factory.mktemp("stream-analyze")
    codebook = _bundled_as_parquet(folder)
    runs = {}
    for name, extra in (("memory", []), ("stream", ["--stream", "--batch-rows", "7"])):
        out = folder / name
        result = CliRunner().invoke(main, ["analyze", str(codebook), "--out", str(out), "--ci-method", "wilson",
                                           "--simultaneous", "bonferroni-exact"] + extra)
        assert result.exit_code == 0, result.output
        runs[name] = (out, result.output)
    return runs


@pytest.mark.slow
def test_streamed_tables_equal_in_memory(both_ways):
    memory, stream = both_ways["memory"][0], both_ways["stream"][0]
    for name in ("distributions.csv", "response_table.csv", "texts.md"):
        assert (stream / name).read_bytes() == (memory / name).read_bytes(), name
    # every figure, byte for byte
    figures = sorted(p.name for p in (memory / "figures").iterdir())
    assert figures and figures == sorted(p.name for p in (stream / "figures").iterdir())
    for name in figures:
        assert (stream / "figures" / name).read_bytes() == (memory / "figures" / name).read_bytes(), name


@pytest.mark.slow
def test_streamed_run_says_what_it_skips(both_ways):
    stream, output = both_ways["stream"]
    assert not (stream / "comparisons.csv").exists() and not (stream / "mentions.csv").exists()
    assert "Skipped with --stream: comparisons" in output and "Skipped with --stream: mentions" in output
    manifest = json.loads((stream / "manifest.json").read_text(encoding="utf-8"))
    assert set(manifest["skipped"]) == {"comparisons", "mentions"}
    assert manifest["options"]["stream"] is True and manifest["options"]["batch_rows"] == 7
    assert manifest["counts"]["respondents"] == 45 and manifest["counts"]["answers"] == 310
    # the validation report as counts: the 4 unanswered questions of the in-memory validation.csv
    counts = pd.read_csv(stream / "validation_counts.csv", encoding="utf-8-sig")
    whole = pd.read_csv(both_ways["memory"][0] / "validation.csv", encoding="utf-8-sig")
    assert counts.groupby("check")["count"].sum().to_dict() == whole["check"].value_counts().to_dict() \
        == {"item_nonresponse": 4}
    assert sorted(manifest["outputs"]) == manifest["outputs"] and "validation_counts.csv" in manifest["outputs"]


def test_stream_refuses_population_frames(tmp_path):
    from survey_inventory.analyze import AnalysisOptions, analyze
    from survey_inventory.errors import SurveyInputError

    with pytest.raises(SurveyInputError, match="--stream cannot weight to population frames"):
        analyze(ROOT / "codebooks" / "llo-2026.yaml", None, AnalysisOptions(stream=True, ci_method="wilson"))
