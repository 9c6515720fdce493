"""The corpus of broken inputs (tests/data/bad/README.md): one clear line, no traceback.

Protects the promise of issue 4: every broken input ends with exactly one line on
stderr, ``error: <file>[, row R][, column 'C']: <what is wrong>``, a non-zero exit
code and no traceback; ``analyze`` writes nothing; ``validate`` lists every problem.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from survey_inventory.cli import main

BAD = Path(__file__).resolve().parent / "data" / "bad"


def _cases():
    rows = []
    for line in (BAD / "README.md").read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 5 and cells[0].endswith(".yaml"):
            codebook, named, _, fragment, code = cells
            rows.append(pytest.param(codebook, named, fragment, int(code), id=codebook.removesuffix(".yaml")))
    return rows


CASES = _cases()


def test_the_table_covers_every_codebook_in_the_folder():
    listed = {p.values[0] for p in CASES}
    assert listed == {p.name for p in BAD.glob("*.yaml")}
    assert len(CASES) >= 20


@pytest.fixture
def run(tmp_path, monkeypatch):
    """Run the CLI in an empty working folder; return the result and what it left there."""
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    monkeypatch.chdir(cwd)

    def invoke(*args):
        result = CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=True)
        return result, sorted(p.name for p in cwd.iterdir())
    return invoke


@pytest.mark.parametrize("codebook, named, fragment, code", CASES)
def test_analyze_gives_one_clear_line(tmp_path, run, codebook, named, fragment, code):
    out = tmp_path / "out"
    result, left_in_cwd = run("analyze", BAD / codebook, "--out", out, "--quiet")
    assert result.exit_code == code, result.output
    assert isinstance(result.exception, SystemExit), result.exception  # no uncaught exception
    assert "Traceback" not in result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 1, lines
    line = lines[0]
    assert line.startswith("error: ") and not line.startswith("error: error:")
    assert named in line, line
    assert fragment in line, line
    assert result.stdout == ""
    assert not out.exists()                      # nothing written, not even an empty folder
    assert left_in_cwd == []                      # executes.yaml: no 'pwned-by-codebook' file
    if ", row " in fragment or fragment.startswith("row "):
        assert re.search(rf"{re.escape(Path(named).name)}, row \d+", line)


VALIDATION_CASES = [p for p in CASES if p.values[3] == 1]


@pytest.mark.parametrize("codebook, named, fragment, code", VALIDATION_CASES)
def test_validate_lists_every_problem(run, codebook, named, fragment, code):
    result, _ = run("validate", BAD / codebook)
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)
    lines = result.stdout.splitlines()
    problems, summary = lines[:-1], lines[-1]
    assert problems and all(re.match(r"(error|warning): ", p) for p in problems)
    assert any(fragment in p for p in problems)
    n_errors = int(re.search(r"(\d+) errors", summary).group(1))
    assert n_errors == sum(p.startswith("error: ") for p in problems) >= 1


def test_analyze_counts_the_errors_it_does_not_show(tmp_path, run):
    """analyze shows the first error and how many more there are; validate shows all."""
    rows = (BAD / "good.csv").read_text().splitlines()
    rows[1] = "p1;1;7;1"
    rows[2] = "p2;1;8;2"
    (tmp_path / "data.csv").write_text("\n".join(rows) + "\n")
    cb = (BAD / "code_outside_scale.yaml").read_text().replace("code_outside_scale.csv", "data.csv")
    (tmp_path / "cb.yaml").write_text(cb)
    result, _ = run("analyze", tmp_path / "cb.yaml", "--out", tmp_path / "out", "-q")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "error: data.csv, row 2, column 'fam': value is not a code of the scale (expected one of 1, 2, 3) "
        "(got '7') (and 1 more error; run 'survey-inventory validate' for all)"]


READ_CASES = [p for p in CASES if p.values[3] == 2]


@pytest.mark.parametrize("codebook, named, fragment, code", READ_CASES)
def test_validate_gives_the_same_one_line_for_unreadable_input(run, codebook, named, fragment, code):
    """validate, like analyze, ends an input it cannot read with one line and exit 2."""
    result, left_in_cwd = run("validate", BAD / codebook)
    assert result.exit_code == 2 and isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output and result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and named in lines[0] and fragment in lines[0], lines
    assert left_in_cwd == []
