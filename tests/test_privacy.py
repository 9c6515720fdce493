"""Small-cell suppression (--min-cell) and what may leave the research team."""
from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from survey_inventory.analyze import AnalysisOptions, analyze
from survey_inventory.estimate.comparisons import COMPARISON_TEST_COLUMNS
from survey_inventory.privacy import (SUPPRESSED_VALUES, public_validation, suppress_mentions,
                                      suppress_small_cells, suppress_small_groups)
from conftest import BUNDLED
from output_text import find, find_number, output_texts


def _dist(counts, item="q", rtype="amr"):
    base = sum(counts)
    return pd.DataFrame({
        "item": item, "respondent_type": rtype, "category": [str(k + 1) for k in range(len(counts))],
        "category_order": np.arange(1, len(counts) + 1), "count": counts, "base_n": base,
        "percent": [round(100 * c / base) if base else pd.NA for c in counts],
        "percent_exact": [100 * c / base if base else np.nan for c in counts],
        "ci_lower": 1.0, "ci_upper": 99.0, "wc_lower": 0.5, "wc_upper": 99.5,
    })


def _reasons(counts, k):
    return suppress_small_cells(_dist(counts), k)["suppression"].tolist()


def test_small_cell_and_its_complement():
    """Protects a single small cell from being recovered as base minus the others."""
    assert _reasons([10, 2, 6, 8], 5) == ["", "small", "complement", ""]


def test_complement_prefers_a_non_empty_cell():
    """A 0 as the complement would leave the sum of the two equal to the small cell."""
    assert _reasons([10, 2, 0, 6], 5) == ["", "small", "", "complement"]
    assert _reasons([10, 2, 0], 5) == ["complement", "small", ""]


def test_two_small_cells_need_no_complement():
    assert _reasons([10, 2, 3, 8], 5) == ["", "small", "small", ""]


def test_zero_cells_are_shown():
    assert _reasons([10, 0, 8], 5) == ["", "", ""]


def test_small_base_suppresses_the_whole_distribution():
    """With fewer than K answers every cell, zeros included, describes individuals."""
    assert _reasons([3, 0, 1], 5) == ["base", "base", "base"]
    assert _reasons([0, 0, 0], 5) == ["", "", ""]  # nobody answered: nothing to protect


def test_no_suppression_below_k_2():
    for k in (0, 1):
        out = suppress_small_cells(_dist([10, 1, 6]), k)
        assert not out["suppressed"].any() and out["count"].tolist() == [10, 1, 6]


def test_suppressed_rows_lose_every_number_derived_from_the_count():
    """An interval or exact percentage is a function of the count: it would give it away."""
    out = suppress_small_cells(_dist([10, 2, 6]), 5)
    hidden = out[out["suppressed"]]
    for col in ("count", "percent", "percent_exact", "ci_lower", "ci_upper", "wc_lower", "wc_upper"):
        assert hidden[col].isna().all(), col
    assert out.loc[0, "count"] == 10 and out.loc[0, "percent_exact"] == pytest.approx(100 * 10 / 18)
    assert (hidden["base_n"] == 18).all()


def test_groups_are_suppressed_separately():
    d = pd.concat([_dist([10, 2, 6]), _dist([10, 6, 6], rtype="province")], ignore_index=True)
    assert suppress_small_cells(d, 5)["suppression"].tolist() == ["", "small", "complement", "", "", ""]


@settings(max_examples=200, deadline=None)
@given(groups=st.lists(st.lists(st.integers(0, 30), min_size=2, max_size=6), min_size=1, max_size=4),
       k=st.integers(2, 12))
def test_no_suppressed_count_can_be_recovered(groups, k):
    """For any distributions: every visible count is 0 or >= K; a distribution never
    has exactly one suppressed cell; suppressed rows carry no number."""
    d = pd.concat([_dist(c, item=f"q{g}") for g, c in enumerate(groups)], ignore_index=True)
    out = suppress_small_cells(d, k)
    visible = out.loc[~out["suppressed"], "count"].astype(int)
    assert ((visible == 0) | (visible >= k)).all()
    per_group = out.groupby("item")["suppressed"].sum()
    assert not (per_group == 1).any()
    for col in SUPPRESSED_VALUES:
        if col in out.columns:
            assert out.loc[out["suppressed"], col].isna().all()


def test_mentions_are_suppressed_per_row():
    m = pd.DataFrame({"set": "s", "code": [1, 2, 3, 4], "mentions": [5, 2, 0, 9], "respondents": 10,
                      "percent": [50.0, 20.0, 0.0, 90.0]})
    out = suppress_mentions(m, 3)
    # 2 named it (small); 9 named it, so 1 did not (small complement); 0 and 5/5 are safe
    assert out["suppression"].tolist() == ["", "small", "", "small"]
    assert out.loc[out["suppressed"], ["mentions", "percent"]].isna().all().all()
    assert suppress_mentions(m.assign(respondents=2, mentions=[1, 1, 0, 2]), 3)["suppression"].tolist() == ["base"] * 4


def test_public_validation_has_no_respondent_ids():
    report = pd.DataFrame({
        "severity": ["error", "warning", "warning"], "check": ["duplicate_id", "item_nonresponse", "item_nonresponse"],
        "file": ["/home/analyst/data/x.csv"] * 3, "row": [7, 2, 3], "column": [None, "fam", "fam"],
        "respondent_id": ["AMR-07", "AMR-01", "AMR-02"], "item": [None, "fam", "fam"], "value": ["AMR-07", None, None],
        "message": ["respondent id 'AMR-07' also in x.csv row 3", "no answer", "no answer"]})
    out = public_validation(report)
    assert "respondent_id" not in out.columns
    assert not out.astype(str).apply(lambda c: c.str.contains("AMR-0")).any().any()
    assert set(out["file"]) == {"x.csv"}               # no local folder names
    summary = public_validation(report, min_cell=5)
    assert list(summary.columns) == ["severity", "check", "file", "column", "item", "count", "message"]
    assert summary.loc[summary["check"] == "item_nonresponse", "count"].tolist() == [2]


# -- the whole run ---------------------------------------------------------------------

@pytest.fixture(scope="module")
def runs(bundled_run, bundled_run_min_cell):
    """The session's runs of the bundled study (conftest.py): default, and --min-cell 5 --include-open-text."""
    return bundled_run[1], bundled_run_min_cell


def _as_text(v) -> str:
    return repr(float(v))


def test_no_suppressed_number_appears_in_any_output(runs):
    """Protects --min-cell end to end: for every suppressed cell, its percentage (as a
    table, a label "33%", a chart width) and interval bounds appear in no exported
    file (CSV, JSON, SVG, and the XML inside xlsx/docx), unless some visible cell
    happens to have the same value."""
    plain, k5 = runs
    dist = k5.tables["distributions"]
    assert dist["suppressed"].sum() > 10
    before = plain.tables["distributions"].set_index(["item", "respondent_type", "category"])
    hidden = before.loc[dist.loc[dist["suppressed"]].set_index(["item", "respondent_type", "category"]).index]
    visible = dist[~dist["suppressed"]]
    number_cols = ["percent_exact", "ci_lower", "ci_upper", "wc_lower", "wc_upper"]
    shown_numbers = {_as_text(v) for c in number_cols for v in visible[c].dropna()}
    shown_percents = {int(p) for p in visible["percent"].dropna()}
    texts = output_texts(k5.out_dir)
    assert any(name.endswith(".csv") for name in texts)
    checked = 0
    for _, row in hidden.iterrows():
        for col in number_cols:
            v = row[col]
            if pd.isna(v) or _as_text(v) in shown_numbers or len(_as_text(v)) < 5 or float(v) == 0:
                continue
            assert not find_number(texts, _as_text(v)), (row.name, col, _as_text(v), find_number(texts, _as_text(v)))
            checked += 1
        p = row["percent"]
        if pd.notna(p) and int(p) not in shown_percents and int(p) != 0:
            assert not find(texts, f">{int(p)}%<") and not find(texts, f">{int(p)} %<"), (row.name, p)
    assert checked > 20
    # and the same numbers are there without suppression: the search can find them
    plain_texts = output_texts(plain.out_dir)
    first = hidden["percent_exact"].dropna()
    assert find_number(plain_texts, _as_text(first[first > 0].iloc[0]))


def test_manifest_says_what_was_suppressed(runs):
    plain, k5 = runs
    m = json.loads((k5.out_dir / "manifest.json").read_text())
    assert m["privacy"]["min_cell"] == 5
    assert m["privacy"]["suppressed_cells"] == int(k5.tables["distributions"]["suppressed"].sum())
    assert "suppressed" in m["privacy"]["rule"]
    assert json.loads((plain.out_dir / "manifest.json").read_text())["privacy"]["min_cell"] == 0


def test_validation_leaves_as_counts_with_min_cell(runs):
    _, k5 = runs
    v = pd.read_csv(k5.out_dir / "validation.csv")
    assert "row" not in v.columns and "value" not in v.columns and "respondent_id" not in v.columns
    assert v["count"].sum() == 4


def test_respondent_ids_never_appear_in_outputs(runs, bundled_codebook):
    """Protects: respondent ids (PRV-01.., AMR-.., RSF-..) appear in no exported file,
    zip members of xlsx/docx included, with or without --min-cell."""
    from survey_inventory.load import load_study

    ids = load_study(bundled_codebook).respondents["respondent_id"].tolist()
    assert len(ids) == 45 and {i[:3] for i in ids} == {"PRV", "AMR", "RSF"}
    for result in runs:
        texts = output_texts(result.out_dir)
        leaks = {rid: find(texts, rid) for rid in ids if find(texts, rid)}
        assert not leaks, leaks


OPEN_ANSWERS = ["We kennen elkaar en hebben waar nodig", "grensontkennend", "Jan de Vries",
                "zie het antwoord bij de vorige vraag"]


def test_open_answers_are_exported_only_on_request(runs):
    """Protects open answers (they name people): without --include-open-text none of them
    is in any output file; with it they are in open_text.csv only, without ids."""
    plain, with_text = runs
    texts = output_texts(plain.out_dir)
    assert "open_text.csv" not in texts
    for answer in OPEN_ANSWERS:
        assert not find(texts, answer), answer
    table = pd.read_csv(with_text.out_dir / "open_text.csv")
    assert list(table.columns) == ["number", "item", "item_label", "sector", "sector_label", "respondent_type",
                                   "respondent_type_label", "text"]
    assert table["number"].tolist() == [1, 2, 3, 4] and set(table["respondent_type"]) == {"amr"}
    for answer in OPEN_ANSWERS:
        assert table["text"].str.contains(answer, regex=False).sum() == 1, answer
    # neutralised: the hand-typed '=zie ...' cannot run as a formula
    assert "'=zie het antwoord bij de vorige vraag" in table["text"].tolist()
    assert json.loads((with_text.out_dir / "manifest.json").read_text())["privacy"]["open_text"].startswith("exported")


def test_open_answers_are_not_in_file_order(bundled_codebook):
    """A running number in file order could be matched to the rows of the raw export."""
    from survey_inventory.load import load_study
    from survey_inventory.privacy import open_answers

    study = load_study(bundled_codebook)
    out = open_answers(study.open_text, bundled_codebook)
    assert "respondent_id" not in out.columns
    assert out["text"].tolist() == sorted(study.open_text["text"], key=lambda t: (t.casefold(), t))
    assert out["text"].tolist() != study.open_text["text"].tolist()


def test_no_suppressed_mention_appears_in_any_output(runs):
    """Protects --min-cell for the coded open answers (mentions): a suppressed row's
    count and percentage are in no exported file, as '14.8' (CSV) or '14,8%' (reports)."""
    plain, k5 = runs
    mentions = k5.tables["mentions"]
    assert mentions["suppressed"].any()
    key = ["set", "respondent_type", "code"]
    before = plain.tables["mentions"].set_index(key)
    hidden = before.loc[mentions.loc[mentions["suppressed"]].set_index(key).index]
    shown = set()   # every number a visible cell of any table shows, to one decimal (e.g. a CI bound 11,1%)
    for table in k5.tables.values():
        visible = table[~table["suppressed"]] if "suppressed" in table.columns else table
        for col in visible.select_dtypes("number").columns:
            shown |= {f"{v:.1f}" for v in visible[col].dropna()}
    # the text of each XML member of xlsx/docx (a column width of 14.8 is not a percentage)
    texts, plain_texts = ({k: v for k, v in t.items() if k + " (text)" not in t}
                          for t in (output_texts(k5.out_dir), output_texts(plain.out_dir)))
    checked = 0
    for index, row in hidden.iterrows():
        p = float(row["percent"])
        if f"{p:.1f}" in shown or p == 0 or p == 100:
            continue
        for text in (f"{p:.1f}", f"{p:.1f}".replace(".", ",") + "%"):
            assert find_number(plain_texts, text), text        # the search can find it without suppression
            assert not find_number(texts, text), (index, text, find_number(texts, text))
            checked += 1
    assert checked >= 2   # the differential test below covers every suppressed value


def _svg_labels(path) -> list[str]:
    import re

    return [t for t in re.findall(r"<text[^>]*>([^<]*)</text>", path.read_text(encoding="utf-8"))]


def test_figure_labels_show_only_visible_percentages(runs):
    """Protects figure labels: each bar figure's percentage labels are those of the
    visible cells of its own distribution, every suppressed cell is marked '<K' or '–'
    and no other number appears, whether or not it is visible in another figure."""
    from survey_inventory.export import safe_filename

    _, k5 = runs
    dist = k5.tables["distributions"]
    figures = sorted((k5.out_dir / "figures").glob("*.svg"))
    checked = 0
    for (sector, measure, rtype), rows in dist.groupby(["sector", "measure", "respondent_type"]):
        suffix = "_" + safe_filename(f"{sector}_{measure}_{rtype}") + ".svg"
        match = [f for f in figures if f.name.endswith(suffix)]
        if not match:
            continue
        assert len(match) == 1, match
        labels = _svg_labels(match[0])
        percents = sorted(int(t[:-1]) for t in labels if t.endswith("%") and t[:-1].isdigit())
        visible = rows[~rows["suppressed"] & (rows["count"].fillna(0) > 0)]
        assert percents == sorted(int(p) for p in visible["percent"]), (match[0].name, percents)
        if rows["suppressed"].any() and not rows["suppressed"].all():
            assert {"&lt;5", "–"} & set(labels), match[0].name       # the hidden cells are marked
        checked += 1
    assert checked >= 20


# -- outputs do not depend on what is suppressed -----------------------------------------

def _changed_study(folder, plain, k5):
    """A copy of the bundled study in which suppressed cells have other counts, while
    every visible cell, every base and the suppression pattern stay the same: within a
    distribution, two suppressed cells swap counts (both 'small', or both under a small
    base; respondents move from one answer to the other); a suppressed mention with
    2..K-1 mentions loses one (from a respondent who named other codes too)."""
    import yaml

    from survey_inventory.codebook import load_codebook

    cb = load_codebook(BUNDLED)
    source = cb.sources[0]
    path = cb.source_path(source)
    data = pd.read_csv(path, sep=source.delimiter, dtype=str, keep_default_na=False, encoding=source.encoding)
    type_code = {v: str(k) for k, v in source.respondent_type.values.items()}
    counts = plain.tables["distributions"].set_index(["item", "respondent_type", "category"])["count"]
    dist = k5.tables["distributions"]
    moved = 0
    for (item_id, rtype), rows in dist.groupby(["item", "respondent_type"], sort=True):
        item = cb.item(item_id)
        if rtype not in type_code or item.report_collapse or any(item_id in str(i.asked_if) for i in cb.items):
            continue   # only answers no routing and no collapse depend on
        kind = set(rows["suppression"]) - {""}
        pool = rows[rows["suppression"] == ("base" if kind == {"base"} else "small")]
        cats = sorted(pool["category"], key=lambda c: counts[(item_id, rtype, c)])
        if len(cats) < 2:
            continue
        low, high = cats[0], cats[-1]
        d = int(counts[(item_id, rtype, high)] - counts[(item_id, rtype, low)])
        who = data.index[(data[source.respondent_type.column] == type_code[rtype]) & (data[item.column] == high)]
        data.loc[who[:d], item.column] = low
        moved += d
    mentions = k5.tables["mentions"]
    mr = cb.multi_response[0]
    hidden = mentions[mentions["suppression"] == "small"].merge(
        plain.tables["mentions"][["set", "code", "mentions"]], on=["set", "code"], suffixes=("", "_plain"))
    for code in hidden.loc[hidden["mentions_plain"].between(2, 4), "code"]:
        named = data[mr.column].str.split(mr.separator)
        k = next((k for k, codes in named.items() if str(code) in codes and len(codes) > 1), None)
        if k is None:
            continue
        data.loc[k, mr.column] = mr.separator.join(c for c in named[k] if c != str(code))
        moved += 1
    folder.mkdir()
    data.to_csv(folder / path.name, sep=source.delimiter, index=False, encoding=source.encoding)
    raw = yaml.safe_load(BUNDLED.read_text(encoding="utf-8"))
    for s in raw["sources"][1:]:
        s["file"] = str((BUNDLED.parent / s["file"]).resolve())
    raw["sources"][0]["file"] = path.name
    for key in ("inventory", "published"):
        if raw.get(key):
            raw[key] = str((BUNDLED.parent / raw[key]).resolve())
    changed = folder / BUNDLED.name
    changed.write_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return changed, moved


@pytest.fixture(scope="module")
def changed_run(runs, tmp_path_factory):
    """analyze --min-cell 5 of the bundled study with other counts in suppressed cells."""
    plain, k5 = runs
    base = tmp_path_factory.mktemp("changed")
    changed, moved = _changed_study(base / "study", plain, k5)
    assert moved >= 10
    # the change is real: without suppression the counts differ
    other = analyze(changed, None, AnalysisOptions())
    key = ["item", "respondent_type", "category"]
    before = plain.tables["distributions"].set_index(key)["count"]
    after = other.tables["distributions"].set_index(key)["count"]
    assert (before != after.reindex(before.index)).sum() >= 6
    assert (plain.tables["mentions"]["mentions"] != other.tables["mentions"]["mentions"]).sum() >= 1
    out = analyze(changed, base / "out", AnalysisOptions(min_cell=5, include_open_text=True))
    pd.testing.assert_series_equal(out.tables["distributions"]["suppression"], k5.tables["distributions"]["suppression"])
    files = sorted(str(p.relative_to(k5.out_dir)) for p in k5.out_dir.rglob("*") if p.is_file())
    assert files == sorted(str(p.relative_to(out.out_dir)) for p in out.out_dir.rglob("*") if p.is_file())
    differ = [f for f in files if f != "manifest.json"
              and (k5.out_dir / f).read_bytes() != (out.out_dir / f).read_bytes()]
    return k5, out, differ


def test_no_output_depends_on_a_suppressed_value(changed_run):
    """Protects --min-cell in every exported file, present and future (tables, figures,
    xlsx, docx, html, comparisons, checks): with other counts in the suppressed cells
    and nothing else changed, analyze --min-cell writes the same bytes. Any output
    computed from a suppressed count (a percentage, an interval, a bar's width, a sum,
    a test statistic) would differ."""
    k5, out, differ = changed_run
    assert not differ, differ   # (this found comparisons.csv computed from suppressed cells; fixed in 860ec1a)
    m1, m2 = (json.loads((r.out_dir / "manifest.json").read_text(encoding="utf-8")) for r in (k5, out))
    for m in (m1, m2):
        del m["inputs"], m["codebook"]       # the changed data and codebook have other hashes
    assert m1 == m2


# -- comparisons under --min-cell (suppress_small_groups; moved from test_compare.py) ----------------

def _comparison_dist(bundled_codebook, **kw):
    from survey_inventory.estimate import distributions
    from survey_inventory.load import load_study

    return distributions(load_study(bundled_codebook).responses, bundled_codebook, **kw)


def test_suppress_small_groups():
    comp = pd.DataFrame({c: [np.nan, np.nan] for c in COMPARISON_TEST_COLUMNS})
    comp["statistic"], comp["p_value"], comp["effect_size"] = [1.0, 2.0], [0.5, 0.01], [0.1, 0.9]
    comp["min_group_n"], comp["n"], comp["note"] = [3, 9], [12, 18], ["", "x"]
    comp["comparison"], comp["inputs"] = "types", ["q@a; q@b", "r@a; r@b"]
    out = suppress_small_groups(comp, 5)
    assert out.loc[0, ["statistic", "p_value", "effect_size"]].isna().all()
    assert out.loc[1, "p_value"] == 0.01 and out.loc[1, "note"] == "x"
    assert out.loc[0, "note"].startswith("suppressed: a group has fewer than 5 respondents")
    pd.testing.assert_frame_equal(suppress_small_groups(comp, 0), comp)


def test_suppressed_row_of_the_primary_family_blanks_its_holm_p_values():
    """The primary family (estimate/comparisons.py) is Holm-adjusted across itself: one suppressed row
    would let its adjusted p-values tell the hidden p-value, so all of them go; exploratory rows stay."""
    comp = pd.DataFrame({c: [np.nan] * 3 for c in COMPARISON_TEST_COLUMNS})
    comp["p_value"], comp["p_adjusted"] = [0.01, 0.02, 0.03], [0.03, 0.04, np.nan]
    comp["adjustment"] = ["Holm across the primary family (2 tests)"] * 2 + [""]
    comp["min_group_n"], comp["n"], comp["note"] = [3, 9, 9], [12, 18, 18], ""
    comp["comparison"], comp["inputs"] = "types", ["q@a", "r@a", "s@a"]
    comp["family"] = ["primary", "primary", "exploratory"]
    out = suppress_small_groups(comp, 5)
    assert out["p_adjusted"].isna().all() and list(out["adjustment"]) == ["", "", ""]
    assert out.loc[1, "p_value"] == 0.02 and out.loc[2, "p_value"] == 0.03
    assert "Holm-adjusted p suppressed" in out.loc[1, "note"] and out.loc[2, "note"] == ""


def test_min_cell_blanks_small_comparisons_and_simultaneous_bands(bundled_codebook):
    from survey_inventory.estimate import simultaneous_intervals
    from survey_inventory.estimate.comparisons import comparisons
    from survey_inventory.load import load_study
    from survey_inventory.privacy import apply_min_cell

    responses = load_study(bundled_codebook).responses
    tables = {"distributions": simultaneous_intervals(_comparison_dist(bundled_codebook), "bonferroni-wilson"),
              "comparisons": comparisons(responses, bundled_codebook)}
    safe = apply_min_cell(tables, 3)
    comp, before, dist = safe["comparisons"], tables["comparisons"], safe["distributions"]
    hidden = {f"{i}@{t}" for i, t in dist.loc[dist["suppressed"], ["item", "respondent_type"]].itertuples(index=False)}
    uses = before["inputs"].map(lambda x: bool(hidden & set(x.split("; "))))
    small = before["min_group_n"].between(1, 2)
    blank = uses | small
    assert (uses & ~small).any() and (~blank).any()   # small groups: test_suppress_small_groups
    assert comp.loc[blank, ["statistic", "p_value", "effect_size", "effect_ci_lower"]].isna().all().all()
    assert comp.loc[blank, "note"].str.startswith("suppressed").all()
    kept = ~blank
    cols = [c for c in COMPARISON_TEST_COLUMNS if c not in ("p_adjusted", "adjustment", "note")]
    pd.testing.assert_frame_equal(comp.loc[kept, cols], before.loc[kept, cols], check_dtype=False)
    assert comp.loc[blank, ["n", "min_group_n", "df"]].isna().all().all()       # n leaves out 'weet ik niet'
    assert (comp.loc[blank, "p_method"] == "").all()
    # a Holm family with a suppressed member loses every adjusted p (they depend on all its p-values)
    for _, fam in comp[comp["comparison"] == "types_pairwise"].groupby("item"):
        if fam["note"].str.startswith("suppressed").any():
            assert fam["p_adjusted"].isna().all()
        else:
            assert fam["p_adjusted"].notna().all()
    assert comp["note"].str.startswith("Holm-adjusted p suppressed").any()
    # every row's inputs are distributions of the study
    names = {f"{i}@{t}" for i, t in dist[["item", "respondent_type"]].itertuples(index=False)}
    assert set("; ".join(before["inputs"]).split("; ")) <= names
    assert dist.loc[dist["suppressed"], ["sim_lower", "sim_upper"]].isna().all().all()
    assert dist.loc[~dist["suppressed"], "sim_lower"].notna().all()
    # K = 5: every distribution of the bundled study has a small cell, so nothing is left
    assert apply_min_cell(tables, 5)["comparisons"]["p_value"].isna().all()
