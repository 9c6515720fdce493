"""The response figure and report table (issue 16)."""
from __future__ import annotations

import pytest

from conftest import ROOT
from survey_inventory.codebook import load_codebook
from survey_inventory.estimate.response_analysis import response_analysis
from survey_inventory.estimate.weighted import weighted_distributions
from survey_inventory.load import load_study
from survey_inventory.load.frame import frame_populations, load_frames
from survey_inventory.render.response import response_figure, response_tables, write_response_figures


@pytest.fixture(scope="module")
def llo():
    cb = load_codebook(ROOT / "codebooks" / "llo-2026.yaml")
    study = load_study(cb)
    frames, _ = load_frames(study)
    cb = frame_populations(cb, frames)
    return cb, response_analysis(frames, cb, bootstrap=20), weighted_distributions(study.responses, cb, frames), study


def test_the_figure_draws_every_class_rate_and_the_overall_line(llo):
    cb, response, _, _ = llo
    fig = response_figure(response, "gemeente", cb, "nl")
    classes = response[response["row_type"] == "category"]
    assert len(fig.axes) == 3     # provincie, grootteklasse, stedelijkheid
    for ax, (attribute, part) in zip(fig.axes, classes.groupby("attribute", sort=False)):
        assert ax.get_ylabel() == attribute
        assert [round(float(p.get_width()), 4) for p in ax.patches] == part["response_rate"].tolist()
        assert float(ax.lines[0].get_xdata()[0]) == pytest.approx(100 * 120 / 342, abs=1e-4)


def test_the_figures_are_written_as_png_and_svg(llo, tmp_path):
    cb, response, _, _ = llo
    files = write_response_figures(response, cb, tmp_path / "figures", "en")
    assert [p.name for p in files] == ["response_gemeente.png", "response_gemeente.svg"]
    assert all(p.stat().st_size > 1000 for p in files)
    assert "Response rate by attribute, municipalities" in files[1].read_text(encoding="utf-8")


def test_the_table_gives_the_classes_tests_weighting_and_the_low_response_warning(llo):
    cb, response, weighted, study = llo
    table = response_tables(response, weighted, cb, "en")[0]
    assert table.number == "1.2" and table.section == "intro"
    size = table.frame[table.frame["Class"].isin(["groot", "klein", "middel"])]
    assert size[["Approached", "Responded"]].values.tolist() == [[62, 35], [131, 33], [149, 52]]
    notes = "\n".join(table.notes)
    assert "Response by grootteklasse: p < 0.001 (Fisher-Freeman-Halton exact (3 x 2))." in notes
    assert "post-stratified on grootteklasse; weights from 1.77 to 3.97" in notes
    assert "Fewer than half of the municipalities answered (120 of 342): 65% of the population did not." in notes
    assert "at most 10 percentage points, a percentage moves by at most 6.5 points" in notes


def test_the_report_gets_the_table_and_the_figure_through_write_all(llo, tmp_path):
    from docx import Document

    from survey_inventory.estimate import distributions
    from survey_inventory.export import write_all

    cb, response, weighted, study = llo
    tables = {"distributions": distributions(study.responses, cb).query("item == 'zorg_known'"),
              "response": response, "weighted_distributions": weighted}
    written = write_all(tables, cb, tmp_path, workers=1)
    assert "figures/response_gemeente.png" in written["outputs"]
    text = "\n".join(p.text for p in Document(tmp_path / "report.docx").paragraphs)
    assert "Tabel 1.2 Respons naar kenmerk van het steekproefkader, gemeenten" in text
    assert "Minder dan de helft van de gemeenten heeft geantwoord (120 van 342)" in text
