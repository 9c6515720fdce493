"""Small-cell suppression (--min-cell) and what may leave the research team."""
from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from survey_inventory.analyze import AnalysisOptions, analyze
from survey_inventory.privacy import (SUPPRESSED_VALUES, public_validation, suppress_mentions,
                                      suppress_small_cells)
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
def runs(tmp_path_factory):
    base = tmp_path_factory.mktemp("privacy")
    plain = analyze(BUNDLED, base / "plain", AnalysisOptions())
    k5 = analyze(BUNDLED, base / "k5", AnalysisOptions(min_cell=5, include_open_text=True))
    return plain, k5


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
