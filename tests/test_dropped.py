"""Nothing lost without a word: a warning for each dropped answer or respondent, and
their count in the manifest (issue 4, "Nothing lost or half-written").

What the estimates leave out:

* an answer where the routing says the question was not asked (``asked_if``), or
  from a respondent type the question is not for (``respondent_types``): check
  ``answered_not_asked``, counted as ``counts.dropped_answers``;
* a respondent without a single valid answer: counted in the response table, in no
  percentage: check ``empty_respondent``, counted as ``counts.dropped_respondents``.

``survey-inventory analyze`` prints one ``warning:`` line for each (also with
``--quiet``: that only silences progress), naming file, row and column.
"""
from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner

from survey_inventory.analyze import AnalysisOptions, analyze
from survey_inventory.cli import main
from conftest import write_study

ROWS = [
    "id;type;fam;inv",
    "p1;1;1;1",
    "p2;1;2;2",
    "p3;1;3;1",   # row 4: inv answered although fam == 3 routes past it -> dropped answer
    "a1;2;;",     # row 5: no valid answer at all -> dropped respondent
    "a2;2;2;3",
    "a3;2;3;2",   # row 7: another dropped answer
    "a4;2;1;1",
]


def _run_cli(*args):
    result = CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=True)
    assert "Traceback" not in result.output
    return result


@pytest.fixture
def dropped_study(tmp_path):
    return write_study(tmp_path / "study", ROWS)


@pytest.mark.slow  # a whole analyze run on the command line
def test_analyze_warns_for_each_dropped_answer_and_respondent(dropped_study, tmp_path):
    """Protects: each dropped answer and respondent gets its own warning line on the
    console (file, row, column, value), and the manifest counts them."""
    out = tmp_path / "out"
    result = _run_cli("analyze", dropped_study, "--out", out, "-q")
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines() == [
        "warning: data.csv, row 4, column 'inv': answer where the routing says the question was not asked; "
        "left out of the estimates (got '1')",
        "warning: data.csv, row 5: respondent without a single valid answer: counted in the response table, "
        "dropped from every percentage",
        "warning: data.csv, row 7, column 'inv': answer where the routing says the question was not asked; "
        "left out of the estimates (got '2')",
    ]
    counts = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["counts"]
    assert counts["dropped_answers"] == 2 and counts["dropped_respondents"] == 1
    assert counts["respondents"] == 7


@pytest.mark.slow  # a whole analyze run on the command line
def test_without_quiet_the_warnings_come_with_the_progress(dropped_study, tmp_path):
    result = _run_cli("analyze", dropped_study, "--out", tmp_path / "out")
    assert result.exit_code == 0
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning: ")]
    assert len(warnings) == 3
    assert result.stdout.startswith("Wrote ")


def test_every_dropped_answer_is_left_out_of_the_estimates(dropped_study):
    """The counts the warnings announce are the answers really missing from the bases."""
    result = analyze(dropped_study, None, AnalysisOptions())     # the estimates only: no files to write
    dist = result.tables["distributions"]
    base = dist.groupby(["item", "respondent_type"])["base_n"].first().to_dict()
    # inv: province p1, p2 (p3 dropped); amr a2, a4 (a3 dropped, a1 answered nothing)
    assert base[("inv", "province")] == 2 and base[("inv", "amr")] == 2
    # fam: a1 gave no answer
    assert base[("fam", "amr")] == 3
    assert len(result.dropped) == 3
    assert set(result.dropped["check"]) == {"answered_not_asked", "empty_respondent"}


@pytest.mark.slow  # a whole analyze run on the command line
def test_a_clean_study_prints_no_warning(tmp_path):
    cb = write_study(tmp_path / "study")
    result = _run_cli("analyze", cb, "--out", tmp_path / "out", "-q")
    assert result.exit_code == 0 and result.stderr == ""
    counts = json.loads((tmp_path / "out" / "manifest.json").read_text(encoding="utf-8"))["counts"]
    assert counts["dropped_answers"] == 0 and counts["dropped_respondents"] == 0


@pytest.mark.slow  # a whole analyze run on the command line
def test_with_min_cell_the_console_still_warns_but_the_outputs_hold_counts(dropped_study, tmp_path):
    """The console is the research team's; validation.csv (which leaves with --min-cell)
    has counts, no rows."""
    out = tmp_path / "out"
    result = _run_cli("analyze", dropped_study, "--out", out, "-q", "--min-cell", "3")
    assert result.exit_code == 0
    assert sum(line.startswith("warning: ") for line in result.stderr.splitlines()) == 3
    text = (out / "validation.csv").read_text(encoding="utf-8-sig")
    assert "row" not in text.splitlines()[0]
    assert re.search(r"answered_not_asked,data\.csv,inv,inv,2,", text)
    assert re.search(r"empty_respondent,data\.csv,,,1,", text)


# -- reports that would overwrite an input, and file-system errors ---------------------

def test_validate_refuses_to_write_its_report_over_an_input(tmp_path):
    """Protects the inputs: 'validate --out' pointed at the data file or the codebook."""
    cb = write_study(tmp_path / "study")
    for target in (cb.parent / "data.csv", cb):
        before = target.read_bytes()
        result = _run_cli("validate", cb, "--out", target)
        assert result.exit_code == 2
        assert result.stderr.splitlines() == [
            f"error: {target}: the report would overwrite an input file; choose another --out"]
        assert target.read_bytes() == before


def test_validate_report_to_an_impossible_place_is_one_line(tmp_path):
    cb = write_study(tmp_path / "study")
    result = _run_cli("validate", cb, "--out", tmp_path / "no" / "such" / "folder" / "report.csv")
    assert result.exit_code == 2 and isinstance(result.exception, SystemExit)
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and "report.csv" in lines[0]


def test_analyze_to_an_unwritable_place_is_one_line(tmp_path):
    """An OS error while writing (no permission, disk full, a file where a folder
    should be) ends in one line, not a traceback."""
    cb = write_study(tmp_path / "study")
    (tmp_path / "blocker").write_text("a file, not a folder")
    result = _run_cli("analyze", cb, "--out", tmp_path / "blocker" / "out", "-q")
    assert result.exit_code == 2 and isinstance(result.exception, SystemExit), result.exception
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and "blocker" in lines[0], lines
