"""Comparisons from the tidy table (survey_inventory.estimate.comparisons): a small study
built by hand, degenerate studies, Holm within families on the bundled study."""
from __future__ import annotations

import warnings

import pandas as pd
import pytest
from statsmodels.stats.multitest import multipletests

from survey_inventory.codebook import codebook_from_dict
from survey_inventory.estimate import comparisons as comparisons_module
from survey_inventory.estimate.comparisons import COMPARISON_TEST_COLUMNS, comparisons
from survey_inventory.stats.paired import cochran_q
from survey_inventory.stats.unpaired import fisher_freeman_halton


# -- from the tidy table: a small study built by hand -----------------------------------------------

SMALL = {
    "study": {"id": "small", "title": "Small"},
    "respondent_types": [{"id": "province", "label": "provincies", "population": 12},
                         {"id": "amr", "label": "AMR's", "population": 35}],
    "sources": [{"id": "s", "file": "s.csv", "id_column": "id", "respondent_type": "province"}],
    "scales": {
        "fam": {"codes": [{"code": 1, "label": "Goed"}, {"code": 2, "label": "Redelijk"},
                          {"code": 3, "label": "Zeer slecht"}], "missing": [9]},
        "inv": {"codes": [{"code": 1, "label": "Actief betrokken"}, {"code": 2, "label": "Niet betrokken"},
                          {"code": 3, "label": "Weet ik niet", "substantive": False}]},
    },
    "measures": [{"id": "familiarity", "label": "Bekendheid", "caption": "Bekendheid"},
                 {"id": "involvement", "label": "Betrokkenheid", "caption": "Betrokkenheid"}],
    "sectors": [{"id": "care", "label": "zorg", "collaborations": "wgo's"},
                {"id": "green", "label": "groen", "collaborations": "hotspots"}],
    "items": [
        {"id": "care_fam", "sector": "care", "measure": "familiarity", "column": "cf", "scale": "fam"},
        {"id": "care_inv", "sector": "care", "measure": "involvement", "column": "ci", "scale": "inv",
         "asked_if": "care_fam is not missing and care_fam != 3"},
        {"id": "green_fam", "sector": "green", "measure": "familiarity", "column": "gf", "scale": "fam"},
        {"id": "green_inv", "sector": "green", "measure": "involvement", "column": "gi", "scale": "inv",
         "asked_if": "green_fam is not missing and green_fam != 3"},
    ],
}


def tidy(rows):
    """rows: (respondent, type, {item: code or None}) -> the tidy table, with routing applied:
    involvement is not asked when familiarity is 3 or missing."""
    out = []
    for rid, rtype, answers in rows:
        for sector in ("care", "green"):
            fam = answers.get(f"{sector}_fam")
            out.append((rid, rtype, f"{sector}_fam", "valid" if fam is not None else "missing", fam))
            if fam is None or fam == 3:
                out.append((rid, rtype, f"{sector}_inv", "not_asked", None))
            else:
                inv = answers.get(f"{sector}_inv")
                out.append((rid, rtype, f"{sector}_inv", "valid" if inv is not None else "missing", inv))
    return pd.DataFrame(out, columns=["respondent_id", "respondent_type", "item", "status", "code"]).astype({"code": float})


@pytest.fixture(scope="module")
def small_cb():
    return codebook_from_dict(SMALL)


def _quiet(func, *args, **kw):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        return func(*args, **kw)


def test_comparisons_on_a_small_study(small_cb):
    rows = [(f"p{i}", "province", {"care_fam": f, "care_inv": v, "green_fam": g, "green_inv": w})
            for i, (f, v, g, w) in enumerate([(1, 1, 2, 2), (1, 1, 3, None), (2, 2, 1, 1), (2, 1, 3, None),
                                              (1, 3, 2, 2), (3, None, 3, None)])]
    rows += [(f"a{i}", "amr", {"care_fam": f, "care_inv": v, "green_fam": g, "green_inv": w})
             for i, (f, v, g, w) in enumerate([(3, None, 1, 1), (2, 2, 1, 1), (3, None, 2, 1), (2, 2, 1, 2),
                                              (None, None, 1, 1)])]
    data = tidy(rows)
    out = _quiet(comparisons, data, small_cb)
    assert list(out.columns) == COMPARISON_TEST_COLUMNS
    assert set(out["comparison"]) == {"types", "types_pairwise", "sectors", "sectors_pairwise", "association"}
    # between types, care familiarity: the table of answers, by hand
    row = out.query("comparison == 'types' and item == 'care_fam'").iloc[0]
    ref = fisher_freeman_halton([[3, 2, 1], [0, 2, 2]])
    assert row["statistic"] == pytest.approx(ref["statistic"][0]) and row["p_value"] == ref["p_value"][0]
    assert row["respondent_type"] == "province vs amr" and row["respondent_type_label"] == "provincies vs AMR's"
    assert row["sector_label"] == "zorg" and row["n"] == 10 and row["min_group_n"] == 4
    # involvement between types, conditional: only substantive answers of those asked ('weet ik niet' left out)
    asked = comparisons(data, small_cb, population="asked")
    row = asked.query("comparison == 'types' and item == 'care_inv'").iloc[0]
    assert row["n"] == 6 and row["population"] == "only those asked (conditional on being asked)"
    # by default every respondent who answered familiarity: the routed out (p5, a0, a2) counted as
    # 'Niet betrokken' (the last substantive code); a4 (familiarity missing) is left out
    row = out.query("comparison == 'types' and item == 'care_inv'").iloc[0]
    assert row["n"] == 9 and "routed-out counted as 'Niet betrokken'" in row["population"]
    ref = fisher_freeman_halton([[3, 2], [0, 4]])  # province 1,1,2,1,(3=wik),routed; amr routed,2,routed,2
    assert row["statistic"] == pytest.approx(ref["statistic"][0])
    # Cochran's Q on 'actively involved' for AMR's: routed out (fam 3) counts as no,
    # not asked because familiarity is missing (a4) is left out
    row = out.query("comparison == 'sectors' and measure == 'involvement' and respondent_type == 'amr'").iloc[0]
    expected = cochran_q([[0, 1], [0, 1], [0, 1], [0, 0]])
    assert row["n"] == 4 and row["statistic"] == pytest.approx(expected["statistic"][0])
    assert "routed past the question counts as no" in row["note"]
    # provinces: 'weet ik niet' (p4 care) counts as no by default, or is left out
    row = out.query("comparison == 'sectors' and measure == 'involvement' and respondent_type == 'province'").iloc[0]
    assert row["n"] == 6
    excl = comparisons(data, small_cb, dont_know="exclude")
    row = excl.query("comparison == 'sectors' and measure == 'involvement' and respondent_type == 'province'").iloc[0]
    assert row["n"] == 5 and "'weet ik niet' left out" in row["note"]
    # Friedman on familiarity, complete cases (a4 has no care answer)
    row = out.query("comparison == 'sectors' and measure == 'familiarity' and respondent_type == 'amr'").iloc[0]
    assert row["n"] == 4 and row["sector"] == "care vs green"
    # pairwise rows are Holm-adjusted within their family; single tests are not
    pair = out.query("comparison == 'types_pairwise'")
    assert pair["adjustment"].str.startswith("Holm").all() or pair["p_adjusted"].isna().all()
    assert out.query("comparison == 'types' and family == 'exploratory'")["p_adjusted"].isna().all()
    # the primary family: between-type tests of the filter measure (familiarity), Holm across it
    primary = out.query("family == 'primary'")
    assert list(primary["item"]) == ["care_fam", "green_fam"] and set(primary["comparison"]) == {"types"}
    assert primary["p_adjusted"].to_numpy() == pytest.approx(multipletests(primary["p_value"], method="holm")[1])
    # association rows: respondents who answered both
    assoc = out.query("comparison == 'association' and sector == 'care' and respondent_type == 'province'")
    assert list(assoc["test"]) == ["Goodman-Kruskal gamma", "Kendall tau-b"] and (assoc["n"] == 4).all()
    # every row with a p-value says what it assumes
    tested = out[out["p_value"].notna()]
    assert tested["note"].str.contains("sample from a process").all()
    # reproducible
    pd.testing.assert_frame_equal(out, comparisons(data, small_cb))


def test_holm_in_comparisons_matches_statsmodels(bundled_codebook):
    from survey_inventory.load import load_study

    out = comparisons(load_study(bundled_codebook).responses, bundled_codebook)
    fams = out[out["comparison"] == "sectors_pairwise"].groupby(["respondent_type", "measure"])
    assert len(fams) == 6
    for _, fam in fams:
        ok = fam["p_value"].notna()
        assert fam.loc[ok, "p_adjusted"].to_numpy() == pytest.approx(multipletests(fam.loc[ok, "p_value"], method="holm")[1])
    for _, fam in out[out["comparison"] == "types_pairwise"].groupby("item"):
        assert fam["p_adjusted"].to_numpy() == pytest.approx(multipletests(fam["p_value"], method="holm")[1])


@pytest.mark.parametrize("case", ["one type", "same answers", "one respondent", "empty"])
def test_comparisons_degenerate_studies(small_cb, case):
    if case == "one type":
        rows = [(f"p{i}", "province", {"care_fam": 1 + i % 3, "care_inv": 1, "green_fam": 1, "green_inv": 2})
                for i in range(4)]
    elif case == "same answers":
        rows = [(f"{t[0]}{i}", t, {"care_fam": 2, "care_inv": 1, "green_fam": 2, "green_inv": 1})
                for t in ("province", "amr") for i in range(3)]
    elif case == "one respondent":
        rows = [("p0", "province", {"care_fam": 1, "care_inv": 1, "green_fam": 2, "green_inv": 2})]
    else:
        rows = []
    data = tidy(rows) if rows else pd.DataFrame(columns=["respondent_id", "respondent_type", "item", "status", "code"])
    out = _quiet(comparisons, data, small_cb)
    assert list(out.columns) == COMPARISON_TEST_COLUMNS
    if case == "empty":
        assert out.empty
        return
    assert len(out) and out["note"].str.len().gt(0).all()
    if case == "one type":
        types = out.query("comparison == 'types'")
        assert types["p_value"].isna().all() and types["note"].str.contains("fewer than 2 groups").all()
        assert out.query("comparison == 'types_pairwise'").empty
    if case == "same answers":
        assert out.query("comparison == 'types'")["note"].str.contains("same answer").all()
        fr = out.query("comparison == 'sectors' and measure == 'familiarity'")
        assert fr["p_value"].isna().all() and fr["note"].str.contains("same answer").all()
        assert out.query("comparison == 'sectors_pairwise'")["note"].str.contains("answers differently").all()
        assert out.query("comparison == 'association'")["p_value"].isna().all()
    if case == "one respondent":
        assert out["p_value"].isna().all()
        assert (out["n"] <= 1).all()


def test_green_amr_vs_funds_full_population_and_conditional(bundled_codebook):
    """Issue 18, point 1: green involvement, AMR's vs funds. Conditional on being asked (4 AMR's with a
    substantive answer) p = 0.0028; with the 21 AMR's routed past the question counted as 'Niet
    betrokken' (every AMR who answered familiarity) p = 0.546. The default is the full population,
    and each row says which population it tests."""
    from survey_inventory.load import load_study
    from survey_inventory.stats.unpaired import linear_by_linear

    responses = load_study(bundled_codebook).responses
    pick = "comparison == 'types_pairwise' and item == 'green_involvement' and respondent_type == 'amr vs fund'"
    full = comparisons_module.between_types(responses, bundled_codebook).query(pick).iloc[0]
    cond = comparisons_module.between_types(responses, bundled_codebook, population="asked").query(pick).iloc[0]
    # by hand: codes 1 / 2 / 3 ('Niet betrokken'); 'weet ik niet' (2 AMR's) left out in both
    assert full["p_value"] == pytest.approx(linear_by_linear([[3, 1, 21], [0, 1, 8]])["p_value"][0])
    assert full["p_value"] == pytest.approx(0.5462, abs=1e-4) and full["n"] == 34
    assert full["population"] == ("all respondents who answered the filter question "
                                  "(routed-out counted as 'Not involved')")
    assert cond["p_value"] == pytest.approx(0.0028, abs=1e-4) and cond["n"] == 13
    assert cond["population"] == "only those asked (conditional on being asked)"
    for row in (full, cond):
        assert row["family"] == "exploratory"
        assert "conditional on the observed answers" in row["p_method"]


# -- the NumPy alignment (issue 17) against the pandas alignment it replaced ----------------

def test_side_by_side_is_pandas_concat_of_the_columns():
    import numpy as np
    import pandas as pd

    from survey_inventory.estimate.comparisons import _side_by_side

    rng = np.random.default_rng(3)
    columns = []
    for size in (40, 25, 60):  # different respondents in each column, in shuffled order
        rid = rng.permutation(80)[:size]
        value = rng.integers(1, 5, size).astype(float)
        value[rng.random(size) < 0.2] = np.nan
        columns.append((rid, value))
    expected = pd.concat([pd.Series(v, index=r) for r, v in columns], axis=1,
                         keys=range(len(columns))).to_numpy(dtype=float)
    np.testing.assert_array_equal(_side_by_side(columns), expected)


def test_cross_table_is_the_inner_join_of_the_answers():
    import numpy as np
    import pandas as pd

    from survey_inventory.estimate.comparisons import _cross_table

    rng = np.random.default_rng(4)
    rid_f, rid_v = rng.permutation(50)[:35], rng.permutation(50)[:30]
    f = rng.integers(1, 6, 35).astype(float)
    v = rng.integers(1, 4, 30).astype(float)
    f[::7], v[::5] = np.nan, np.nan
    both = pd.concat([pd.Series(f, index=rid_f), pd.Series(v, index=rid_v)], axis=1, join="inner").dropna()
    expected = pd.crosstab(both[0], both[1]).reindex(index=range(1, 6), columns=range(1, 4), fill_value=0)
    np.testing.assert_array_equal(_cross_table((rid_f, f), (rid_v, v), 5, 3), expected.to_numpy())


@pytest.mark.parametrize("layout", ["runs", "shuffled"])
def test_rows_of_each_item_are_its_positions_in_table_order(monkeypatch, layout):
    """An item's rows as the comparisons find them (runs of rows, or a counting sort for a shuffled
    table), a chunk of the table at a time: the positions ``flatnonzero(codes == item)`` gives."""
    import numpy as np

    from survey_inventory.estimate import _comparison_rows

    monkeypatch.setattr(_comparison_rows, "_CHUNK", 997)  # many chunks, runs across their borders
    rng = np.random.default_rng(5)
    codes = rng.integers(-1, 6, 20_000).astype(np.int8)  # -1: no item
    if layout == "runs":
        codes = np.repeat(rng.integers(-1, 6, 60), rng.integers(1, 700, 60)).astype(np.int8)
    rows = _comparison_rows._rows_by_code(codes, 7)  # code 6 has no row
    for j, positions in enumerate(rows):
        np.testing.assert_array_equal(positions(), np.flatnonzero(codes == j))


def test_an_items_code_positions_are_found_once_and_cannot_be_changed(bundled_codebook, monkeypatch):
    """Issue 17: the comparisons ask for an item's answers several times; the code positions are worked
    out at the first call only, and the kept array is read-only (no caller can change what the next gets)."""
    import numpy as np

    from survey_inventory.estimate import _comparison_rows
    from survey_inventory.load import load_study

    tidy = _comparison_rows._Tidy(load_study(bundled_codebook).responses, bundled_codebook)
    calls, searchsorted = [], np.searchsorted
    monkeypatch.setattr(_comparison_rows.np, "searchsorted", lambda *a, **k: calls.append(1) or searchsorted(*a, **k))
    item = bundled_codebook.item("care_familiarity")
    first, again = tidy.answers(item), tidy.answers(item)
    assert len(calls) == 1 and again.code is first.code and first.code.dtype == np.int8
    assert np.isnan(first.pos[~first.valid]).all() and np.array_equal(first.pos, again.pos, equal_nan=True)
    with pytest.raises(ValueError):
        first.code[0] = 0
    tidy.answers(bundled_codebook.item("care_involvement"))
    assert len(calls) == 2


def test_between_sectors_works_out_each_items_answers_once_for_all_types(bundled_codebook, monkeypatch):
    # three respondent types: the answers of an item were worked out once per type (three times); now once,
    # and a familiarity item once more for the "actively involved" indicator of its sector's involvement item
    from collections import Counter

    from survey_inventory.estimate._comparison_rows import _Tidy
    from survey_inventory.estimate.comparisons import between_sectors
    from survey_inventory.load import load_study

    responses = load_study(bundled_codebook).responses
    asked, answers = Counter(), _Tidy.answers
    monkeypatch.setattr(_Tidy, "answers", lambda self, item: (asked.update([item.id]), answers(self, item))[1])
    out = between_sectors(responses, bundled_codebook)
    assert len(bundled_codebook.respondent_types) == 3 and len(out) == 42
    assert {item.id: asked[item.id] for item in bundled_codebook.items} == {
        item.id: 2 if item.measure == "familiarity" else 1 for item in bundled_codebook.items}
