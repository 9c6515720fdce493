"""The published figures against the study (survey_inventory/estimate/published_check.py):
check_published's verdicts on the bundled transcription of the Bartels (2025) figures,
the check-published command (exit codes, console, CSV), and analyze comparing its own
counts with the percentages a report printed (issue 3: "the same check runs inside
analyze on the bundled study")."""
import copy

import pandas as pd
import pytest
import yaml
from click.testing import CliRunner

from survey_inventory.analyze import AnalysisOptions, analyze
from survey_inventory.cli import main
from survey_inventory.estimate.published_check import PUBLISHED_CHECK_COLUMNS, check_published, \
    compare_with_published, comparison_summary
from survey_inventory.load.published import read_published
from survey_inventory.stats.figure_check import check_figure
from survey_inventory.stats.printed_counts import count_solutions, solve_counts
from survey_inventory.stats.rounding import ROUNDING_RULES

from conftest import BUNDLED, MINI, ROOT, write_study
from rounding_reference import LR, TRUNC
from test_bundled import DEVIATIONS, PRINTED

BUNDLED_FIGURES = ROOT / "surveys" / "bartels-2025" / "published_figures.csv"


def _dist(figure, labels, counts, base=None):
    base = sum(counts) if base is None else base
    return pd.DataFrame({"figure": figure, "category": [f"c{k}" for k in range(len(labels))],
                         "category_label": labels, "count": counts, "base_n": base})


def _printed(figure, n, labels, percents):
    return pd.DataFrame({"figure": figure, "n": n, "category": labels, "percent": percents})


def test_hand_worked_figure_as_printed():
    out = compare_with_published(_dist("1", ["Ja", "Redelijk/ deels", "Nee"], [3, 4, 2]),
                                 _printed("1", 9, ["Ja", "Redelijk/deels", "Nee"], [33, 44, 22]))
    assert list(out.columns) == PUBLISHED_CHECK_COLUMNS
    assert out["percent"].tolist() == [33, 44, 22]
    assert out["as_printed"].tolist() == [True, True, True]
    assert out["figure_as_printed"].all()
    # the label spelled with the extraction's line-break space is the same category
    assert out["category_label"].tolist() == ["Ja", "Redelijk/ deels", "Nee"]
    assert out["printed_category"].tolist() == ["Ja", "Redelijk/deels", "Nee"]


def test_a_different_count_or_base_is_not_as_printed():
    out = compare_with_published(_dist("1", ["Ja", "Nee"], [4, 5]), _printed("1", 9, ["Ja", "Nee"], [33, 67]))
    assert out["as_printed"].tolist() == [False, False]
    assert "44 %, printed 33 %" in out["note"].iloc[0]
    out = compare_with_published(_dist("1", ["Ja", "Nee"], [3, 6]), _printed("1", 10, ["Ja", "Nee"], [33, 67]))
    assert not out["as_printed"].any() and "N = 9, printed N = 10" in out["note"].iloc[0]


def test_a_category_left_out_of_the_legend_must_be_zero():
    printed = _printed("1", 9, ["Ja", "Nee"], [33, 67])
    zero = compare_with_published(_dist("1", ["Ja", "Weet niet", "Nee"], [3, 0, 6]), printed)
    assert zero.set_index("category_label")["as_printed"].to_dict() == {"Ja": True, "Nee": True, "Weet niet": True}
    one = compare_with_published(_dist("1", ["Ja", "Weet niet", "Nee"], [3, 1, 5], base=9), printed)
    assert not one.set_index("category_label").loc["Weet niet", "as_printed"]
    assert not one["figure_as_printed"].any()


def test_half_up_is_the_reports_rule_whatever_the_study_rounds():
    # 1 of 8 is 12.5 %: half up prints 13, half even 12
    printed = _printed("1", 8, ["a", "b"], [13, 88])
    dist = _dist("1", ["a", "b"], [1, 7])
    assert compare_with_published(dist, printed, "half-up")["as_printed"].all()
    assert not compare_with_published(dist, printed, "half-even")["as_printed"].iloc[0]


def test_largest_remainder_rounds_within_the_figure():
    # 1/3 each: half up prints 33/33/33, largest remainder 34/33/33
    dist = _dist("1", ["a", "b", "c"], [1, 1, 1])
    out = compare_with_published(dist, _printed("1", 3, ["a", "b", "c"], [34, 33, 33]), "largest-remainder")
    assert out["percent"].tolist() == [34, 33, 33] and out["as_printed"].all()


def test_suppressed_missing_and_unknown_are_said_not_guessed():
    dist = _dist("1", ["a", "b"], [1, 8]).astype({"count": "Float64"})
    dist.loc[0, "count"] = pd.NA
    out = compare_with_published(dist, _printed("1", 9, ["a", "b"], [11, 89]))
    assert pd.isna(out["as_printed"].iloc[0]) and "suppressed" in out["note"].iloc[0]
    assert pd.isna(out["printed_percent"].iloc[0]) and out["printed_percent"].iloc[1] == 89
    out = compare_with_published(_dist("1", ["a"], [9]), _printed("2", 9, ["a"], [100]))
    assert out["note"].tolist() == ["the study has no figure with this number"]
    out = compare_with_published(_dist("1", ["a"], [9]), _printed("1", 9, ["zz"], [100]))
    assert "no category 'zz'" in out["note"].iloc[0] and not out["as_printed"].iloc[0]


@pytest.fixture(scope="module")
def bundled_run(bundled_run):
    """The session's run of the bundled study (conftest.py): its result, with ``messages``."""
    return bundled_run[1]


def test_bundled_study_reproduces_every_possible_figure(bundled_run):
    """Against test_bundled's own transcription: exactly the figures it lists as
    printed-and-possible come out as printed; the impossible ones are flagged."""
    table = pd.read_csv(bundled_run.out_dir / "published_check.csv", dtype={"figure": str})
    figs = table.drop_duplicates("figure").set_index("figure")
    expected_ok = {f for f in PRINTED if f not in DEVIATIONS}
    assert set(figs.index[figs["figure_as_printed"].fillna(False).astype(bool)]) == expected_ok
    assert set(figs.index[figs["figure_status"] == "impossible"]) == {"4.2", "4.3", "5.4", "5.5"}
    assert set(figs.index[figs["figure_status"] == "no printed percentages"]) == {"5.6", "5.7"}
    # 4.3: the print says N = 28, the study (27 AMR respondents) has 27
    assert set(table.loc[table["figure"] == "4.3", "base_n"]) == {27}
    assert set(table.loc[table["figure"] == "4.3", "printed_n"]) == {28}
    # each printed percentage of a possible figure is the study's, cell by cell
    ok = table[table["figure"].isin(expected_ok) & table["printed_percent"].notna()]
    assert (ok["percent"] == ok["printed_percent"]).all() and len(ok) == 45


def test_analyze_summarises_the_check_on_the_console(bundled_run):
    line = [ln for ln in bundled_run.messages if "Published figures" in ln]
    assert line and "17 of 21 printed figures reproduced exactly" in line[0]
    assert "impossible as printed (closest counts): 4.2, 4.3, 5.4, 5.5" in line[0]


def test_published_file_listed_in_the_manifest(bundled_run):
    import json

    data = json.loads((bundled_run.out_dir / "manifest.json").read_text(encoding="utf-8"))
    assert "published_check.csv" in data["outputs"]
    assert "published_figures.csv" in json.dumps(data["inputs"])


def test_a_missing_published_file_is_one_line_and_nothing_written(tmp_path):
    cb = copy.deepcopy(MINI)
    cb["published"] = "nowhere.csv"
    path = write_study(tmp_path, codebook=cb)
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["analyze", str(path), "--out", str(out)])
    assert result.exit_code == 2
    errors = [ln for ln in result.output.splitlines() if ln.startswith("error:")]
    assert len(errors) == 1 and "nowhere.csv" in errors[0] and "Traceback" not in result.output
    assert not out.exists()


def test_no_published_file_no_check(tmp_path):
    path = write_study(tmp_path)
    assert "published" not in yaml.safe_load(path.read_text(encoding="utf-8"))
    result = analyze(path, tmp_path / "out", AnalysisOptions())
    assert "published_check" not in result.tables
    assert not (tmp_path / "out" / "published_check.csv").exists()


def test_summary_line_names_figures_that_should_match_but_do_not():
    printed = _printed("1", 9, ["a", "b"], [33, 67])
    out = compare_with_published(_dist("1", ["a", "b"], [4, 5]), printed)
    assert "NOT as printed although possible: 1" in comparison_summary(out)


def test_suppressed_cells_leave_the_figure_unknown_not_wrong():
    dist = _dist("1", ["a", "b"], [1, 8]).astype({"count": "Float64"})
    dist.loc[0, "count"] = pd.NA
    out = compare_with_published(dist, _printed("1", 9, ["a", "b"], [11, 89]))
    assert out["figure_as_printed"].isna().all()
    assert comparison_summary(out).startswith("0 of 1 printed figures reproduced exactly")


def test_reconstruct_rebuilds_the_bundled_exports_byte_for_byte(tmp_path):
    """surveys/bartels-2025/README.md promises that reconstruct.py gives the bundled files."""
    import runpy


    folder = ROOT / "surveys" / "bartels-2025"
    runpy.run_path(str(folder / "reconstruct.py"), run_name="not_main")["main"](tmp_path)
    for name in ("digital_questionnaire.csv", "fund_interviews.xlsx"):
        assert (tmp_path / name).read_bytes() == (folder / name).read_bytes(), name


def test_a_dutch_report_is_compared_with_an_english_run(bundled_codebook):
    """The report prints Dutch labels; with --lang en the study's labels are English."""
    from survey_inventory.analyze import estimate_all
    from survey_inventory.load import load_study
    from survey_inventory.estimate.published_check import category_aliases, published_path

    dist = estimate_all(load_study(bundled_codebook), AnalysisOptions(lang="en"), with_comparisons=False)["distributions"]
    printed = read_published(published_path(bundled_codebook))
    out = compare_with_published(dist, printed, aliases=category_aliases(bundled_codebook))
    assert not out["note"].fillna("").str.contains("no category").any()
    assert "17 of 21 printed figures reproduced exactly" in comparison_summary(out)
    row = out[(out["figure"] == "2.3") & (out["category"] == "good")].iloc[0]
    assert (row["category_label"], row["printed_category"]) == ("(Very) good", "(Zeer) goed")
    # without the aliases the English labels match nothing printed
    assert compare_with_published(dist, printed)["note"].fillna("").str.contains("no category").any()


# ---------------------------------------------------------------------------
# the bundled figures of the seed report
# ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def bundled():
    return check_published(read_published(BUNDLED_FIGURES)).set_index("figure")


def test_bundled_file_is_complete(bundled):
    expected = ["2.3", "2.4", "2.5", "2.6", "2.7", "2.8", "4.2", "4.3", "4.4", "4.5", "4.6",
                "5.2", "5.3", "5.4", "5.5", "5.6", "5.7", "6.1", "6.2", "6.3", "6.4", "6.5", "6.6"]
    assert list(bundled.index) == expected
    assert set(bundled["respondents"]) == {9, 27}          # Tabel 1.1: 9 provinces, 27 AMR's, 9 funds
    assert bundled.loc["5.6", "status"] == bundled.loc["5.7", "status"] == "no printed percentages"


def test_bundled_verdicts(bundled):
    b = bundled
    # 4.2: 33/66 of 9 cannot be half-up (6/9 = 66.7 -> 67), is exactly truncation (3/6)
    assert not b.loc["4.2", "possible_half-up"] and b.loc["4.2", "possible_truncate"]
    assert check_figure([33, 66], 9, rule=TRUNC)["counts"] == (3, 6)
    # and no N at all fits half-up: 2 cells each within 0.5 of the print cannot add up 99 to 100
    assert pd.isna(b.loc["4.2", "nearest_n_below"]) and pd.isna(b.loc["4.2", "nearest_n_above"])
    # 4.3: 11/11/78 at N=28 only largest remainder (3/3/22); at 27, half-up (3/3/21); 28 > 27 AMR's
    row = b.loc["4.3"]
    assert [row[f"possible_{r}"] for r in ROUNDING_RULES] == [False, False, False, True]
    assert row["n_exceeds_respondents"] and row["status"] == "impossible"
    assert row["nearest_n_below"] == 27
    assert solve_counts([11, 11, 78], 27) == [(3, 3, 21)]
    # 5.4: 57/29/14 at N=26 fits no rule; fits half-up at 7, 14, 21, 28
    row = b.loc["5.4"]
    assert not any(row[f"possible_{r}"] for r in ROUNDING_RULES)
    assert (row["nearest_n_below"], row["nearest_n_above"]) == (21, 28)
    assert [k for k in range(1, 30) if count_solutions([57, 29, 14], k) > 0] == [7, 14, 21, 28]
    assert row["counts"] == (15, 7, 4) and row["counts_kind"] == "closest"
    # 5.5: sums to 97, no rule at N=24
    row = b.loc["5.5"]
    assert row["sum"] == 97 and not any(row[f"possible_{r}"] for r in ROUNDING_RULES)
    assert row["counts"] == (10, 10, 2, 2)
    # 6.5 / 6.6: half-up only (sums 101)
    assert b.loc["6.5", "counts"] == (3, 5) and b.loc["6.6", "counts"] == (1, 1, 6)
    for fig in ("6.5", "6.6"):
        assert [b.loc[fig, f"possible_{r}"] for r in ROUNDING_RULES] == [True, False, False, False]
    # everything else fits half-up with exactly one count vector
    others = b[~b.index.isin(["4.2", "4.3", "5.4", "5.5", "5.6", "5.7"])]
    assert (others["status"] == "ok").all() and (others["n_solutions_half-up"] == 1).all()
    assert b.loc["2.6", "counts"] == (12, 6, 5, 3)
    assert set(b.loc[b["status"] == "impossible"].index) == {"4.2", "4.3", "5.4", "5.5"}


def test_bundled_under_other_rules():
    lr = check_published(read_published(BUNDLED_FIGURES), LR).set_index("figure")
    # largest remainder makes totals 100: every figure summing to 99 or 101 is impossible under it
    assert set(lr.loc[lr["status"] == "impossible"].index) == {
        "2.3", "2.4", "2.8", "4.2", "4.3", "5.4", "5.5", "6.5", "6.6"}


def test_check_published_accepts_a_plain_frame():
    frame = pd.DataFrame({"figure": ["a", "a", "b", "b"], "n": [9, 9, 8, 8], "percent": [33, 67, 38, 63]})
    report = check_published(frame)
    assert report["status"].tolist() == ["ok", "ok"]
    assert report["counts"].tolist() == [(3, 6), (3, 5)]


# ---------------------------------------------------------------------------
# the command
# ---------------------------------------------------------------------------

def write(tmp_path, text, name="figs.csv"):
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    return path


def check_cli(*args):
    return CliRunner().invoke(main, ["check-published", *map(str, args)])


def test_check_published_command_exit_codes(tmp_path):
    ok = write(tmp_path, "figure,n,percent\n2.3,9,33\n2.3,9,44\n2.3,9,22\n", "ok.csv")
    result = check_cli(ok, "--rounding", "half-up")
    assert result.exit_code == 0
    out = result.stdout.splitlines()
    assert out[0].startswith("ok") and "fig 2.3" in out[0] and out[-1].startswith("1 figures")

    result = check_cli(ok, "--rounding", "largest-remainder")
    assert result.exit_code == 1                                 # 99 cannot be a largest-remainder total
    assert "IMPOSSIBLE" in result.stdout

    report = tmp_path / "report.csv"
    result = check_cli(BUNDLED_FIGURES, "--rounding", "half-up", "--out", report)
    assert result.exit_code == 1
    written = pd.read_csv(report, dtype=str)
    assert len(written) == 23 and {"figure", "status", "message", "counts", "possible_truncate"} <= set(written)
    assert written.set_index("figure").loc["5.4", "counts"] == "15 7 4"
    assert len(result.stdout.splitlines()) == 24                # one line per figure and a total

    bad = write(tmp_path, "figure,n,percent\n1,9,zz\n", "bad.csv")
    result = check_cli(bad, "--rounding", "half-up")
    assert result.exit_code == 2
    err = result.stderr
    assert err.startswith("error: ") and "row 2" in err and len(err.strip().splitlines()) == 1
    assert "Traceback" not in err and result.stdout == ""

    result = check_cli(tmp_path / "missing.csv", "--rounding", "half-up")
    assert result.exit_code == 2
    assert "no such file" in result.stderr
    # an unknown rule: click refuses the option (exit 2); the function says which rules exist
    result = check_cli(ok, "--rounding", "bankers")
    assert result.exit_code == 2 and "Invalid value for '--rounding'" in result.stderr
    with pytest.raises(ValueError, match="unknown rounding rule"):
        check_published(read_published(ok), "bankers")
    result = check_cli(ok, "--rounding", "half-up", "--out", ok)  # never overwrites its input
    assert result.exit_code == 2 and "would overwrite the input file" in result.stderr
    assert ok.read_text().startswith("figure,n,percent")


def test_the_report_csv_is_formula_safe(tmp_path):
    # a note (or a title, a category) starting with = would run as a formula in a spreadsheet
    figures = write(tmp_path, "figure,n,percent,note\n1,9,100,=HYPERLINK(\"http://x\")\n")
    report = tmp_path / "report.csv"
    assert check_cli(figures, "--out", report).exit_code == 0
    written = pd.read_csv(report, dtype=str, encoding="utf-8-sig")
    assert written.loc[0, "note"] == "'=HYPERLINK(\"http://x\")"
