"""Every validation check on a small bad file: file, row and column named."""
import copy
from pathlib import Path

import pytest

from survey_inventory.codebook import load_codebook
from survey_inventory.load import load_study
from survey_inventory.validate import format_problem, has_errors, validate
from conftest import MINI, MINI_ROWS, write_study


def _report(tmp_path, rows, codebook=None):
    return validate(load_study(load_codebook(write_study(tmp_path, rows, codebook))))


def _only(report, check):
    hits = report[report["check"] == check]
    assert len(hits) == 1, report
    return hits.iloc[0]


def test_clean_study_has_no_problems(tmp_path):
    assert _report(tmp_path, MINI_ROWS).empty


def test_code_not_in_scale(tmp_path):
    rows = MINI_ROWS[:2] + ["p2;1;7;2"] + MINI_ROWS[3:]
    p = _only(_report(tmp_path, rows), "invalid_code")
    assert (p["severity"], p["row"], p["column"], p["value"]) == ("error", 3, "fam", "7")
    assert format_problem(p) == ("error: data.csv, row 3, column 'fam': value is not a code of the scale "
                                 "(expected one of 1, 2, 3) (got '7')")


def test_text_in_numeric_column(tmp_path):
    rows = MINI_ROWS[:2] + ["p2;1;goed;2"] + MINI_ROWS[3:]
    p = _only(_report(tmp_path, rows), "not_a_number")
    assert (p["row"], p["column"], p["value"]) == (3, "fam", "goed")


def test_duplicate_ids(tmp_path):
    rows = MINI_ROWS + ["p2;1;1;1"]
    p = _only(_report(tmp_path, rows), "duplicate_id")
    assert (p["row"], p["respondent_id"]) == (7, "p2")
    assert "also in data.csv row 3" in p["message"]


def test_missing_column(tmp_path):
    rows = [r.rsplit(";", 1)[0] for r in MINI_ROWS]
    p = _only(_report(tmp_path, rows), "missing_column")
    assert p["column"] == "inv" and p["severity"] == "error"


def test_answer_where_routing_says_not_asked(tmp_path):
    rows = MINI_ROWS[:3] + ["p3;1;3;1"] + MINI_ROWS[4:]
    report = _report(tmp_path, rows)
    p = _only(report, "answered_not_asked")
    assert (p["severity"], p["row"], p["column"]) == ("warning", 4, "inv")
    assert not has_errors(report)


def test_item_nonresponse(tmp_path):
    rows = MINI_ROWS[:1] + ["p1;1;1;"] + MINI_ROWS[2:]
    p = _only(_report(tmp_path, rows), "item_nonresponse")
    assert (p["severity"], p["row"], p["column"]) == ("warning", 2, "inv")


def test_unknown_respondent_type(tmp_path):
    rows = MINI_ROWS + ["x1;4;1;1"]
    p = _only(_report(tmp_path, rows), "unknown_respondent_type")
    assert (p["row"], p["column"], p["value"]) == (7, "type", "4")


def test_missing_value_code_is_item_nonresponse_not_an_error(tmp_path):
    rows = MINI_ROWS[:1] + ["p1;1;9;"] + MINI_ROWS[2:]
    report = _report(tmp_path, rows)
    assert not has_errors(report)
    assert _only(report, "item_nonresponse")["column"] == "fam"


def test_bundled_study_is_clean(bundled_codebook):
    report = validate(load_study(bundled_codebook))
    assert not has_errors(report)
    # the reconstructed data has item non-response on familiarity only (AMR's 5.4/6.3, a fund 6.5)
    assert set(report["check"]) == {"item_nonresponse"}
    assert len(report) == 4


def test_respondent_without_any_valid_answer_is_a_dropped_respondent(tmp_path):
    """Protects against silently losing a respondent: one warning per respondent who is
    in the response table but in no percentage."""
    rows = MINI_ROWS + ["a3;2;;", "a4;2;9;"]
    report = _report(tmp_path, rows)
    hits = report[report["check"] == "empty_respondent"]
    assert hits["row"].tolist() == [7, 8] and set(hits["severity"]) == {"warning"}
    assert hits["respondent_id"].tolist() == ["a3", "a4"]
    assert not has_errors(report)


def test_report_order_follows_the_codebook_not_where_the_files_live(tmp_path):
    """The same study gives its problems in the same order whichever folder holds each
    source: here the second source's path sorts first, and its rows still come second."""
    import shutil

    import yaml

    from survey_inventory.codebook import load_codebook
    from survey_inventory.load import load_study
    from survey_inventory.validate import validate

    from conftest import BUNDLED

    raw = yaml.safe_load(BUNDLED.read_text(encoding="utf-8"))
    for folder, source in zip(("b", "a"), raw["sources"]):  # first source in b/, second in a/
        src = (BUNDLED.parent / source["file"]).resolve()
        (tmp_path / folder).mkdir()
        shutil.copy(src, tmp_path / folder / src.name)
        source["file"] = f"{folder}/{src.name}"
    for key in ("inventory", "published"):
        raw[key] = str((BUNDLED.parent / raw[key]).resolve())
    (tmp_path / "cb.yaml").write_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False), encoding="utf-8")
    report = validate(load_study(load_codebook(tmp_path / "cb.yaml")))
    seen = [Path(f).name for f in dict.fromkeys(report.loc[report["severity"] == "warning", "file"])]
    assert seen == ["digital_questionnaire.csv", "fund_interviews.xlsx"]


# -- a report that does not grow with the problems (issue 17) -----------------------------

def _many_problems(tmp_path):
    """The mini study plus 60 records with an invalid familiarity code and an empty answer."""
    extra = [f"x{k};1;{7 if k % 2 else 8};" for k in range(60)]
    return load_study(load_codebook(write_study(tmp_path, MINI_ROWS + extra)))


def test_limit_keeps_the_first_rows_of_each_check_and_column(tmp_path):
    from survey_inventory.validate import problem_counts

    study = _many_problems(tmp_path)
    full = validate(study)
    limited = validate(study, limit=3)
    per = limited.groupby(["check", limited["column"].fillna("")]).size()
    assert per.max() == 3 and set(limited["check"]) == set(full["check"])
    # the first rows in file order, and in the report's order
    fam = full[(full["check"] == "invalid_code") & (full["column"] == "fam")]
    assert limited.loc[(limited["check"] == "invalid_code") & (limited["column"] == "fam"), "row"].tolist() == \
        fam["row"].tolist()[:3]
    # the counts hold every problem of the full report, per check and column
    counts = problem_counts(study)
    assert counts["count"].sum() == len(full)
    by = counts.groupby(["check", counts["column"].fillna("")])["count"].sum()
    assert by.to_dict() == full.groupby(["check", full["column"].fillna("")]).size().to_dict()
    assert by[("invalid_code", "fam")] == 60


def test_cli_lists_some_and_counts_all(tmp_path):
    from click.testing import CliRunner

    from survey_inventory.cli import SHOWN_PER_CHECK, main

    study = _many_problems(tmp_path)
    full = validate(study)
    cb = next(tmp_path.glob("*.yaml"))
    result = CliRunner().invoke(main, ["validate", str(cb)])
    lines = result.output.splitlines()
    n_listed = sum(1 for line in lines if line.startswith(("error:", "warning:")))
    assert n_listed < len(full)
    assert f"... and {60 - SHOWN_PER_CHECK} more invalid_code in column 'fam' (--out FILE writes every one)" in lines
    n_err = int((full["severity"] == "error").sum())
    assert lines[-1].endswith(f"{n_err} errors, {len(full) - n_err} warnings") and result.exit_code == 1
    out = tmp_path / "report.csv"
    result = CliRunner().invoke(main, ["validate", str(cb), "--out", str(out)])
    assert sum(1 for line in result.output.splitlines() if line.startswith(("error:", "warning:"))) == len(full)


def test_validate_reads_only_the_validate_columns(tmp_path):
    """analyze keeps only VALIDATE_COLUMNS and the estimates' columns before it validates (issue 17: 240 MB
    at 10^6 respondents): the report from them is the report from the whole table, for every kind of problem."""
    import pandas as pd

    from survey_inventory.validate import VALIDATE_COLUMNS

    rows = MINI_ROWS + ["p4;1;7;1", "p5;1;goed;", "p6;1;3;1", "p7;1;;", "p1;1;1;1", "a3;2;9;"]
    study = load_study(load_codebook(write_study(tmp_path, rows)))
    whole = validate(study)
    assert {"invalid_code", "not_a_number", "answered_not_asked", "item_nonresponse", "duplicate_id",
            "empty_respondent"} <= set(whole["check"])
    assert set(VALIDATE_COLUMNS) < set(study.responses.columns)
    study.responses = study.responses[VALIDATE_COLUMNS]
    pd.testing.assert_frame_equal(validate(study), whole)
    pd.testing.assert_frame_equal(validate(study, limit=1), validate(load_study(study.codebook), limit=1))
