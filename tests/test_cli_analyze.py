"""``analyze`` and the CLI with comparisons.csv and the --simultaneous option
(the comparisons themselves are tested in test_estimate_comparisons.py and
test_stats_*.py)."""
from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner
from scipy import stats

from survey_inventory.estimate.comparisons import COMPARISON_TEST_COLUMNS, comparisons

ROOT = Path(__file__).resolve().parents[1]
BUNDLED = ROOT / "codebooks" / "bartels-2025.yaml"


@pytest.fixture(scope="module")
def cli_run(tmp_path_factory):
    from survey_inventory.cli import main

    out = tmp_path_factory.mktemp("compare") / "out"
    result = CliRunner().invoke(main, ["analyze", str(BUNDLED), "--out", str(out), "--simultaneous", "bonferroni-exact",
                                       "--ci-method", "wilson", "--level", "0.9", "--min-cell", "5", "-q"])
    assert result.exit_code == 0, result.output
    return out


@pytest.mark.slow  # cli_run: a whole analyze run of the bundled study
def test_analyze_writes_comparisons(cli_run, bundled_codebook):
    from survey_inventory.analyze import AnalysisOptions, analyze
    from survey_inventory.load import load_study

    comp = pd.read_csv(cli_run / "comparisons.csv", encoding="utf-8-sig", keep_default_na=False, na_values=[""])
    assert list(comp.columns) == COMPARISON_TEST_COLUMNS
    # --min-cell 5: every distribution of the bundled study has a small cell, so no result leaves
    assert len(comp) > 50 and comp["p_value"].isna().all() and comp["effect_size"].isna().all()
    assert comp["note"].str.startswith("suppressed").all()
    manifest = json.loads((cli_run / "manifest.json").read_text(encoding="utf-8"))
    assert "comparisons.csv" in manifest["outputs"] and manifest["options"]["simultaneous"] == "bonferroni-exact"
    # without it, analyze's table is comparisons() at the run's level
    tables = analyze(BUNDLED, None, AnalysisOptions(level=0.9)).tables
    direct = comparisons(load_study(bundled_codebook).responses, bundled_codebook, level=0.9)
    pd.testing.assert_frame_equal(tables["comparisons"], direct)
    assert set(direct["ci_level"].dropna()) == {0.9}


@pytest.mark.slow  # cli_run: a whole analyze run of the bundled study
def test_cli_ci_method_level_and_simultaneous_reach_distributions(cli_run):
    from survey_inventory.estimate import DISTRIBUTION_COLUMNS, SIMULTANEOUS_COLUMNS

    dist = pd.read_csv(cli_run / "distributions.csv", encoding="utf-8-sig")
    assert list(dist.columns)[:len(DISTRIBUTION_COLUMNS) + 4] == DISTRIBUTION_COLUMNS + SIMULTANEOUS_COLUMNS
    assert dist.loc[dist["suppressed"], ["sim_lower", "sim_upper", "ci_lower"]].isna().all().all()
    assert (dist["ci_level"] == 0.9).all() and (dist["sim_level"] == 0.9).all()
    assert set(dist["ci_method"]) <= {"wilson (no fpc)", "census (n = N): no sampling error"}
    assert dist["sim_method"].str.startswith("simultaneous, K=").all()
    row = dist[~dist["suppressed"] & (dist["count"] > 0)].iloc[0]
    lo, hi = stats.binomtest(int(row["count"]), int(row["base_n"])).proportion_ci(0.9, method="wilson")
    assert row["ci_lower"] == pytest.approx(100 * lo, abs=1e-3) and row["ci_upper"] == pytest.approx(100 * hi, abs=1e-3)


def test_cli_refused_simultaneous_method_writes_nothing(tmp_path):
    from survey_inventory.cli import main

    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["analyze", str(BUNDLED), "--out", str(out), "--simultaneous", "goodman", "-q"])
    assert result.exit_code == 2
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: simultaneous intervals (goodman)")
    assert "every category count >= 5" in lines[0]
    assert not out.exists()
    bad = CliRunner().invoke(main, ["analyze", str(BUNDLED), "--out", str(out), "--simultaneous", "scheffe"])
    assert bad.exit_code == 2 and not out.exists()


def test_cli_comparison_flags_reach_comparisons(tmp_path, bundled_codebook, monkeypatch):
    """Issue 18, point 8: the Python-only options of comparisons() have CLI flags. The command hands them
    to analyze (here: its estimates, no files; the manifest records ``options.as_dict()``, tested with the
    manifest) and analyze's comparisons are comparisons() with them."""
    import survey_inventory.analyze as analyze_module
    from survey_inventory.cli import main
    from survey_inventory.load import load_study

    real, seen = analyze_module.analyze, []

    def estimates_only(codebook, out_dir, options, progress=None):
        seen.append((out_dir, options, real(codebook, None, options)))
        return seen[-1][2]

    monkeypatch.setattr(analyze_module, "analyze", estimates_only)
    out = tmp_path / "out"
    args = ["--comparison-categories", "report", "--comparison-dont-know", "exclude",
            "--comparison-population", "asked", "--comparison-resamples", "199", "--comparison-seed", "7"]
    result = CliRunner().invoke(main, ["analyze", str(BUNDLED), "--out", str(out), "-q", *args])
    assert result.exit_code == 0, result.output
    [(out_dir, options, made)] = seen
    assert out_dir == out
    assert {k: v for k, v in options.as_dict().items() if k.startswith("comparison_")} == {
        "comparison_categories": "report", "comparison_dont_know": "exclude", "comparison_population": "asked",
        "comparison_resamples": 199, "comparison_seed": 7}
    direct = comparisons(load_study(bundled_codebook).responses, bundled_codebook, categories="report",
                         dont_know="exclude", population="asked", n_resamples=199, seed=7)
    pd.testing.assert_frame_equal(made.tables["comparisons"], direct)
    assert list(direct["population"]) != list(comparisons(load_study(bundled_codebook).responses,
                                                          bundled_codebook, population="all")["population"])
    assert direct["p_method"].str.contains("199 random tables \\(seed 7\\)").any()


def test_cli_comparison_flags_refuse_bad_values(tmp_path):
    from survey_inventory.cli import main

    for flag, value in (("--comparison-population", "some"), ("--comparison-resamples", "0"),
                        ("--comparison-categories", "codes"), ("--comparison-dont-know", "yes")):
        result = CliRunner().invoke(main, ["analyze", str(BUNDLED), "--out", str(tmp_path / "o"), flag, value])
        assert result.exit_code == 2 and flag in result.output
    assert not (tmp_path / "o").exists()


def test_the_command_line_spares_the_cyclic_collector_but_leaves_the_process_as_it_was():
    """The command raises the collector's first threshold while it runs and freezes what is left as the
    process exits (docs/performance.md); a caller's process (here pytest's, through CliRunner) gets its
    threshold back, and the exit hook is registered once however often the command runs."""
    import atexit
    import gc

    from survey_inventory import cli

    before = gc.get_threshold()
    seen = []
    runner = CliRunner()
    for _ in range(2):
        result = runner.invoke(cli.main, ["codebook", "schema"], catch_exceptions=False)
        assert result.exit_code == 0
        seen.append(gc.get_threshold())
    assert seen == [before, before] and gc.get_freeze_count() == 0     # nothing frozen while the process lives
    assert cli._EXIT_FROZEN == [True]
    atexit.unregister(gc.freeze)      # this test process exits as it would have
    cli._EXIT_FROZEN.clear()
