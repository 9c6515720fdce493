"""export/xlsx.py: tables.xlsx of one analyze run, read back with openpyxl and checked against
the tidy CSV files of the same run."""
import pandas as pd
import pytest
from openpyxl import load_workbook

from output_readers import _csv, run


# -- Excel -----------------------------------------------------------------------------------

def test_workbook_has_one_formatted_sheet_per_table_in_report_order(run):
    out, _ = run
    wb = load_workbook(out / "tables.xlsx")
    assert wb.sheetnames == ["Tabel 1.1", "Tabel 2.1", "Tabel 2.4a", "Tabel 4.1", "Tabel 5.1", "Tabel 6.1",
                             "Tabel B.1", "Tabel B.2", "Tabel C.1"]
    for ws in wb.worksheets:
        assert ws["A1"].value.startswith(ws.title + " ") and ws["A1"].font.bold
        assert ws.freeze_panes == "A3" and ws["A2"].font.bold


def test_workbook_numbers_are_the_numbers_of_distributions_csv(run):
    out, _ = run
    dist = _csv(out, "distributions.csv")
    wb = load_workbook(out / "tables.xlsx")
    seen = 0
    for title, measure in (("Tabel B.1", "familiarity"), ("Tabel B.2", "involvement")):
        ws = wb[title]
        header = [c.value for c in ws[2]]
        col = {h: k for k, h in enumerate(header)}
        rows = list(ws.iter_rows(min_row=3, max_row=2 + len(dist[dist["measure"] == measure])))
        expected = dist[dist["measure"] == measure]
        assert len(rows) == len(expected)
        by_key = {(r.figure, r.category_label): r for r in expected.itertuples()}
        reported = set(expected["figure"].dropna())
        for row in rows:
            fig, cat = row[col["Figuur"]].value, row[col["Categorie"]].value
            if fig not in reported:  # a figure the report lacks, numbered in this run ("4.2a")
                continue
            r = by_key[(fig, cat)]
            pct = row[col["Percentage"]]
            assert pct.value == pytest.approx(r.percent / 100) and pct.number_format == "0%"
            assert row[col["Aantal"]].value == r.count and row[col["Basis (N)"]].value == r.base_n
            lower = row[col["95%-interval, ondergrens"]]
            assert lower.value == pytest.approx(r.ci_lower / 100) and lower.number_format == "0.0%"
            seen += 1
    assert seen == len(dist[dist["figure"].notna()])


def test_workbook_response_table_is_tabel_1_1(run):
    out, _ = run
    resp = _csv(out, "response_table.csv")
    ws = load_workbook(out / "tables.xlsx")["Tabel 1.1"]
    rows = [[c.value for c in r] for r in ws.iter_rows(min_row=3, max_row=2 + len(resp))]
    assert [r[0] for r in rows] == resp["label"].tolist()
    assert [r[1] for r in rows] == resp["targeted"].tolist() and [r[2] for r in rows] == resp["achieved"].tolist()
    assert [round(r[3], 3) for r in rows] == [round(x / 100, 3) for x in resp["response_rate"]]
    total = rows[-1]
    assert total[0] == "Respons" and total[2] == 65                   # the report: 65, 84%
    assert round(100 * total[3]) == 84


def test_text_that_looks_like_a_formula_is_neutralised(tmp_path):
    from survey_inventory.render.tables import DisplayTable
    from survey_inventory.export.xlsx import write_xlsx

    frame = pd.DataFrame({"=SUM(A1)": ["=HYPERLINK(\"http://x\")", "+31", "gewoon"], "n": [1, 2, 3]})
    write_xlsx([DisplayTable("t", "9.9", "Tabel 9.9 @test", frame, {"n": "int"})], tmp_path / "t.xlsx")
    ws = load_workbook(tmp_path / "t.xlsx").active
    values = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert not [v for v in values if v[0] in "=+-@"]
    assert "'=HYPERLINK(\"http://x\")" in values and ws["B3"].value == 1
