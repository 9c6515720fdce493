"""analyze compares its own counts with the percentages a report printed (issue 3:
"the same check runs inside analyze on the bundled study")."""
import copy

import pandas as pd
import pytest
import yaml
from click.testing import CliRunner

from survey_inventory.analyze import AnalysisOptions, analyze
from survey_inventory.cli import main
from survey_inventory.published import COMPARISON_COLUMNS, compare_with_published, comparison_summary

from conftest import BUNDLED, MINI, write_study
from test_bundled import DEVIATIONS, PRINTED


def _dist(figure, labels, counts, base=None):
    base = sum(counts) if base is None else base
    return pd.DataFrame({"figure": figure, "category": [f"c{k}" for k in range(len(labels))],
                         "category_label": labels, "count": counts, "base_n": base})


def _printed(figure, n, labels, percents):
    return pd.DataFrame({"figure": figure, "n": n, "category": labels, "percent": percents})


def test_hand_worked_figure_as_printed():
    out = compare_with_published(_dist("1", ["Ja", "Redelijk/ deels", "Nee"], [3, 4, 2]),
                                 _printed("1", 9, ["Ja", "Redelijk/deels", "Nee"], [33, 44, 22]))
    assert list(out.columns) == COMPARISON_COLUMNS
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
def bundled_run(tmp_path_factory):
    messages = []
    result = analyze(BUNDLED, tmp_path_factory.mktemp("pub") / "out", AnalysisOptions(), progress=messages.append)
    result.messages = messages
    return result


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

    from conftest import ROOT

    folder = ROOT / "surveys" / "bartels-2025"
    runpy.run_path(str(folder / "reconstruct.py"), run_name="not_main")["main"](tmp_path)
    for name in ("digital_questionnaire.csv", "fund_interviews.xlsx"):
        assert (tmp_path / name).read_bytes() == (folder / name).read_bytes(), name


def test_a_dutch_report_is_compared_with_an_english_run(bundled_codebook):
    """The report prints Dutch labels; with --lang en the study's labels are English."""
    from survey_inventory.analyze import estimate_all
    from survey_inventory.load import load_study
    from survey_inventory.published import category_aliases, published_path, read_published

    dist = estimate_all(load_study(bundled_codebook), AnalysisOptions(lang="en"))["distributions"]
    printed = read_published(published_path(bundled_codebook))
    out = compare_with_published(dist, printed, aliases=category_aliases(bundled_codebook))
    assert not out["note"].fillna("").str.contains("no category").any()
    assert "17 of 21 printed figures reproduced exactly" in comparison_summary(out)
    row = out[(out["figure"] == "2.3") & (out["category"] == "good")].iloc[0]
    assert (row["category_label"], row["printed_category"]) == ("(Very) good", "(Zeer) goed")
    # without the aliases the English labels match nothing printed
    assert compare_with_published(dist, printed)["note"].fillna("").str.contains("no category").any()
