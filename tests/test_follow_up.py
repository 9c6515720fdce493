"""The bundled two-wave study end to end: `analyze codebooks/bartels-2025-waves.yaml`, every new output read back."""
import json
import xml.etree.ElementTree as ET

import numpy as np
import pandas as pd
import pytest
from PIL import Image

from survey_inventory.analyze import AnalysisOptions, analyze
from survey_inventory.export import write_csv
from survey_inventory.export.changes import real_changes
from conftest import WAVES


def _csv(path):
    return pd.read_csv(path, dtype={"figure": str, "category": str, "wave_from": str}, keep_default_na=False,
                       na_values=[""])


@pytest.fixture(scope="module")
def run(waves_run):
    """The session's run of the two-wave study (conftest.py): (output folder, result)."""
    return waves_run


def test_every_output_is_written_and_listed(run):
    out, result = run
    on_disk = sorted(str(p.relative_to(out)) for p in out.rglob("*") if p.is_file())
    assert on_disk == sorted(result.outputs)
    for name in ("changes.csv", "homogeneity.csv", "indices.csv", "targets.csv", "what_changed.md", "manifest.json",
                 "w1/distributions.csv", "w2/distributions.csv", "w1/report.docx", "w2/report.html",
                 "figures/changes_w1_w2.png", "figures/trend_ict_familiarity_amr.svg"):
        assert name in result.outputs
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["study"] == "bartels-2025-waves"
    assert manifest["counts"]["changes"] == len(result.tables["changes"])


def test_progress_names_each_wave_by_the_folder_it_becomes(run):
    """Each wave is written to a hidden temporary folder first; what the user reads names the final one."""
    out, result = run
    assert f"Writing outputs to {out / 'w1'}" in result.messages
    assert f"Done: {len(result.outputs)} files in {out}" in result.messages
    assert not [m for m in result.messages if f".{out.name}.tmp-" in m]     # atomic_output_dir's hidden folder


def test_csvs_read_back_equal_the_tables(run):
    out, result = run
    for name in ("changes", "homogeneity", "indices", "targets"):
        back = _csv(out / f"{name}.csv")
        frame = result.tables[name]
        assert list(back.columns) == list(frame.columns)
        for col in frame.columns:
            if frame[col].dtype.kind in "fi":
                assert np.allclose(back[col].to_numpy(float), frame[col].to_numpy(float), equal_nan=True), col
            else:
                assert back[col].fillna("").astype(str).tolist() == frame[col].fillna("").astype(str).tolist(), col


@pytest.fixture(scope="module")
def single(bundled_run):
    """The tables of the session's run of the one-wave study (conftest.py)."""
    return bundled_run[1].tables


def test_baseline_wave_is_the_one_wave_study(run, single, tmp_path):
    """w1/ holds exactly what `analyze codebooks/bartels-2025.yaml` computes (only the manifest may differ)."""
    out, _ = run
    assert "changes" not in single
    for name in ("distributions", "response_table", "comparisons", "published_check"):
        expected = tmp_path / f"expected_{name}.csv"
        write_csv(single[name], expected)
        assert (out / "w1" / f"{name}.csv").read_bytes() == expected.read_bytes(), name


def test_trend_figures_are_valid(run):
    out, result = run
    figures = [n for n in result.outputs if n.startswith("figures/")]
    changes = result.tables["changes"]
    assert len(figures) == 2 * (len(changes[["item", "respondent_type"]].drop_duplicates()) + 1)
    for name in figures:
        path = out / name
        if path.suffix == ".png":
            with Image.open(path) as im:
                im.verify()
        else:
            assert ET.parse(path).getroot().tag.endswith("svg")


def test_what_changed_names_only_real_changes(run):
    out, result = run
    text = (out / "what_changed.md").read_text(encoding="utf-8")
    changes = result.tables["changes"]
    real = changes[real_changes(changes)]
    assert 0 < len(real) < len(changes)
    lines = [line for line in text.splitlines() if "procentpunt (interval" in line]
    assert len(lines) == len(real)
    for line, r in zip(lines, real.itertuples()):
        assert line.startswith(f"{r.category_label} (")
    assert f"De andere {len(changes) - len(real)} veranderingen liggen binnen wat toeval" in text


def test_the_last_waves_word_and_html_report_carry_the_what_changed_section(run):
    """Issue 15: the "what changed" section is in the Word/HTML report (of the last wave), with the
    same paragraphs as what_changed.md; the first wave's report has none."""
    import docx

    out, _ = run
    md = [line for line in (out / "what_changed.md").read_text(encoding="utf-8").splitlines()[1:] if line]
    last = sorted(p.name for p in out.iterdir() if p.is_dir() and p.name.startswith("w"))[-1]
    paragraphs = [p.text for p in docx.Document(out / last / "report.docx").paragraphs]
    heading = (out / "what_changed.md").read_text(encoding="utf-8").splitlines()[0].lstrip("# ")
    at = paragraphs.index(heading)
    assert paragraphs[at + 1: at + 1 + len(md)] == md
    html = (out / last / "report.html").read_text(encoding="utf-8")
    assert f"<h2>{heading}</h2>" in html
    first = [p.text for p in docx.Document(out / "w1" / "report.docx").paragraphs]
    assert heading not in first



def test_min_cell_is_refused_in_one_line(tmp_path):
    from survey_inventory.errors import SurveyInputError

    with pytest.raises(SurveyInputError, match="--min-cell is not supported yet") as err:
        analyze(WAVES, tmp_path / "out", AnalysisOptions(min_cell=3))
    assert "\n" not in str(err.value)
    assert not (tmp_path / "out").exists()
