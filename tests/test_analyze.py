"""analyze with a population frame (issue 16): every output on disk, the manifest's record."""
from __future__ import annotations

import json

import pandas as pd
import pytest

from survey_inventory.analyze import analyze
from test_load_frame import GOOD_FRAME, _study


@pytest.mark.slow  # a whole analyze run, every output
def test_a_framed_study_writes_response_weighted_tables_figure_and_manifest(tmp_path):
    path = _study(tmp_path, GOOD_FRAME, population=None)
    result = analyze(path, tmp_path / "out")
    out = tmp_path / "out"
    for name in ("response.csv", "weighted_distributions.csv", "figures/response_province.png",
                 "figures/response_province.svg"):
        assert name in result.outputs and (out / name).is_file()
    response = pd.read_csv(out / "response.csv", keep_default_na=False)
    size = response[(response["attribute"] == "size") & (response["row_type"] == "category")]
    # p1, p3 (size s) and p2 (size l) answered; six units of each size in the frame
    assert size[["category", "targeted", "responded"]].values.tolist() == [["l", 6, 1], ["s", 6, 2]]
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    # post-stratified: size l has weight 6/1, size s 6/2
    assert manifest["weighting"] == {"province": {"scheme": "post-stratified on size (2 cells)", "weight_min": 3.0,
                                                  "weight_max": 6.0, "population_n": 12, "sample_n": 3}}
    assert manifest["inputs"]["frame:province"]["file"] == "frame.csv"
    weighted = pd.read_csv(out / "weighted_distributions.csv")
    good = weighted.query("item == 'fam' and category == 1").iloc[0]
    # p1 (s) says Goed: weighted 3/12 against 1/3 unweighted
    assert good["w_percent"] == pytest.approx(25.0) and good["percent_exact"] == pytest.approx(100 / 3, abs=1e-4)


@pytest.mark.slow  # the shared bundled run, and two runs stopped early
def test_the_comparisons_made_in_a_child_are_those_of_estimate_all_and_an_error_stops_the_child(
        bundled_codebook, bundled_run, tmp_path, monkeypatch):
    """analyze makes the comparisons in a forked child while it writes the report: the table it writes is
    estimate_all's, in its place among the tables; a large study makes them here (no child); an error
    while writing stops the child and the figure workers, and leaves no folder."""
    import multiprocessing as mp

    import survey_inventory.analyze as analyze_module
    import survey_inventory.export.xlsx as xlsx_module
    import survey_inventory.forked as forked_module
    from survey_inventory.analyze import AnalysisOptions, estimate_all
    from survey_inventory.load import load_study

    out, result = bundled_run
    expected = estimate_all(load_study(bundled_codebook), AnalysisOptions())["comparisons"]
    pd.testing.assert_frame_equal(result.tables["comparisons"], expected)
    assert list(result.tables)[list(result.tables).index("comparisons") + 1] == "published_check"
    written = pd.read_csv(out / "comparisons.csv", encoding="utf-8-sig")
    assert len(written) == len(expected) and written["p_value"].tolist() == pytest.approx(
        expected["p_value"].tolist(), nan_ok=True)

    class Stop(Exception):
        pass

    seen = {}

    def capture(result, *args, **kwargs):   # the tables as the writing starts, then stop
        seen.update(tables=result.tables, pending=args[-1])
        raise Stop

    with monkeypatch.context() as m:  # a large study: made here, before the report, no child
        m.setattr(analyze_module, "FORKED_COMPARISONS_MAX_ANSWERS", 0)
        m.setattr(forked_module, "run_forked", lambda *a, **k: pytest.fail("forked for a large study"))
        m.setattr(analyze_module, "_write", capture)
        with pytest.raises(Stop):
            analyze(bundled_codebook, tmp_path / "inline")
    assert seen["pending"] is None and list(seen["tables"]) == list(result.tables)
    pd.testing.assert_frame_equal(seen["tables"]["comparisons"], expected)

    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(xlsx_module, "write_xlsx", broken)
    with pytest.raises(OSError, match="disk full"):
        analyze(bundled_codebook, tmp_path / "broken")
    assert not mp.active_children() and not (tmp_path / "broken").exists()
    assert not (tmp_path / "inline").exists()


@pytest.mark.slow  # two analyze runs of the mini study
def test_for_large_source_files_matplotlib_is_imported_before_the_figure_workers_are_forked(mini_study, tmp_path,
                                                                                            monkeypatch):
    """Each warm worker importing matplotlib itself holds some 75 MiB while a large study is loaded and
    validated, where its memory peaks (issue 17): above IMPORT_BEFORE_WARMING_SOURCE_BYTES the process
    imports it first and the workers share its pages; a small study keeps the workers' head start."""
    import gc

    import survey_inventory.analyze as analyze_module
    import survey_inventory.render.workers as workers

    size = (mini_study.parent / "data.csv").stat().st_size
    assert analyze_module._source_bytes(analyze_module.load_codebook(mini_study)) == size
    warmed, warm = [], workers.warm_workers
    monkeypatch.setattr(workers, "warm_workers",
                        lambda **kw: warmed.append((kw, gc.get_freeze_count() > 0)) or warm(**kw))
    for limit in (size, size - 1):
        monkeypatch.setattr(analyze_module, "IMPORT_BEFORE_WARMING_SOURCE_BYTES", limit)
        result = analyze(mini_study, tmp_path / str(limit))
        assert "figures/fig_01_01_care_familiarity_province.png" in result.outputs
    # frozen while the workers are forked (their collections never touch this process's pages); not after
    assert warmed == [({"import_first": False, "nice": 0}, True),
                      ({"import_first": True, "nice": analyze_module.LARGE_STUDY_FIGURE_NICE}, True)]
    assert gc.get_freeze_count() == 0


def test_warm_workers_run_at_the_priority_they_are_given():
    # a large study's figure workers make way for the comparisons in this process (LARGE_STUDY_FIGURE_NICE)
    import os

    import survey_inventory.render.workers as workers

    mine = os.getpriority(os.PRIO_PROCESS, 0)
    for nice in (0, 7):
        assert workers.warm_workers(2, nice=nice)
        pool = workers.take_warm(2)
        try:
            seen = {pool.submit(os.getpriority, os.PRIO_PROCESS, 0).result() for _ in range(8)}
        finally:
            pool.shutdown()
        assert seen == {min(mine + nice, 19)}
