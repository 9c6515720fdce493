"""export/xlsx.py: tables.xlsx of one analyze run, read back with openpyxl and checked against
the tidy CSV files of the same run."""
import re
import zipfile
from decimal import ROUND_HALF_UP, Decimal

import pandas as pd
import pytest
from lxml import etree
from openpyxl import load_workbook

from output_readers import _csv, run, run_en


# -- Excel -----------------------------------------------------------------------------------

def test_workbook_has_one_formatted_sheet_per_table_in_report_order(run):
    out, _ = run
    wb = load_workbook(out / "tables.xlsx")
    tables = ["Tabel 1.1", "Tabel 2.1", "Tabel 2.4a", "Tabel 4.1", "Tabel 5.1", "Tabel 6.1",
              "Tabel B.1", "Tabel B.2", "Tabel C.1"]
    dist = _csv(out, "distributions.csv")
    figures = _figure_sheet_names(out)
    assert len(figures) == len(dist.drop_duplicates(["item", "respondent_type"])) + dist["measure"].nunique()
    assert wb.sheetnames == ["Inhoud"] + tables + figures       # contents, tables, then the figures' data
    for ws in wb.worksheets[1:1 + len(tables)]:
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
            # stored as computed (33.3333 in the CSV is 0.333333), shown by the format as the report rounds it
            assert pct.value == round(r.percent_exact / 100, 10) and pct.number_format == "0%"
            assert _shown(pct.value, 0) == r.percent
            assert row[col["Aantal"]].value == r.count and row[col["Basis (N)"]].value == r.base_n
            lower = row[col["95%-interval, ondergrens"]]
            assert lower.value == pytest.approx(r.ci_lower / 100) and lower.number_format == "0.0%"
            seen += 1
    assert seen == len(dist[dist["figure"].notna()])


def _shown(value, decimals):
    """What Excel shows for a percent format with this many decimals: the stored number's decimal
    digits (15 significant), rounded half away from zero."""
    shown = (Decimal(f"{value:.15g}") * 100).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    return int(shown) if decimals == 0 else float(shown)


def test_largest_remainder_tables_hold_the_published_and_the_unrounded_percentages(run_en):
    dist = _csv(run_en, "distributions.csv")
    assert set(dist["rounding"]) == {"largest-remainder"}
    wb = load_workbook(run_en / "tables.xlsx")
    differ = 0
    for title, measure in (("Table B.1", "familiarity"), ("Table B.2", "involvement")):
        ws = wb[title]
        header = [c.value for c in ws[2]]
        k = header.index("Percentage")
        assert header[k + 1] == "Percentage (unrounded)"
        expected = dist[dist["measure"] == measure]
        rows = list(ws.iter_rows(min_row=3, max_row=2 + len(expected)))
        by_key = {(r.figure, r.category_label): r for r in expected.itertuples()}
        for row in rows:
            r = by_key.get((row[0].value, row[header.index("Category")].value))
            if r is None:
                continue
            published, unrounded = row[k], row[k + 1]
            assert published.value == round(r.percent / 100, 10) and published.number_format == "0%"
            assert _shown(published.value, 0) == r.percent               # a pasted table says what the report says
            assert unrounded.value == round(r.percent_exact / 100, 10)
            differ += _shown(unrounded.value, 0) != r.percent
        notes = [c.value for c in ws["A"] if c.value and "(unrounded)" in str(c.value) and c.row > 2]
        assert notes, title
    assert differ > 0                                   # the case the second column is there for


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
    ws = load_workbook(tmp_path / "t.xlsx")["Tabel 9.9"]
    values = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert not [v for v in values if v[0] in "=+-@"]
    assert "'=HYPERLINK(\"http://x\")" in values and ws["B3"].value == 1


# -- print set-up, contents, float noise ----------------------------------------------------------

def _figure_sheet_names(out):
    """The figure sheets in report order: one per figure PNG with a caption, numbered as its file."""
    # file names carry the number padded (fig_02_03_..., fig_04_02a_..., fig_A_01_...): "2.3", "4.2a", "A.1"
    numbers = set()
    for p in (out / "figures").glob("fig_*.png"):
        if "_bare" in p.name:
            continue
        parts = p.name.split("_")[1:3]
        numbers.add(".".join(x.lstrip("0") or "0" if x[:1].isdigit() else x for x in parts))
    names = sorted(numbers,
                   key=lambda n: [(0, int(x)) if x.isdigit() else (1, x) for x in re.findall(r"\d+|[A-Za-z]+", n)])
    bars = [n for n in names if not n.startswith("A.")]
    return [f"Figuur {n}" for n in bars + [n for n in names if n.startswith("A.")]]


def test_every_sheet_prints_on_a4_landscape_fitted_to_width_and_the_contents_link_to_every_sheet(run):
    out, _ = run
    wb = load_workbook(out / "tables.xlsx")
    for ws in wb.worksheets:
        assert int(ws.page_setup.paperSize) == 9 and ws.page_setup.orientation == "landscape", ws.title
        assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth == 1, ws.title
        assert ws.page_setup.fitToHeight == 0, ws.title
    contents = wb["Inhoud"]
    links = {c.value: c.hyperlink.location for c in contents["A"][2:] if c.value}
    assert links == {name: f"'{name}'!A1" for name in wb.sheetnames[1:]}
    captions = {c.value: contents.cell(row=c.row, column=2).value for c in contents["A"][2:] if c.value}
    assert all(captions[name] == wb[name]["A1"].value for name in wb.sheetnames[1:])


def test_no_float_noise_in_stored_numbers(run):
    out, _ = run
    for ws in load_workbook(out / "tables.xlsx").worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, float):
                    assert cell.value == round(cell.value, 10), (ws.title, cell.coordinate, cell.value)


# -- the figures' data: chart shape, unrounded, one native chart each -------------------------------

C = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"


def _charts(path):
    """Every chart of the workbook, read from its XML: grouping, overlap, and per series the sheet,
    the title cell, the value range and the fill colour."""
    charts = []
    with zipfile.ZipFile(path) as z:
        for name in sorted(n for n in z.namelist() if re.fullmatch(r"xl/charts/chart\d+\.xml", n)):
            root = etree.fromstring(z.read(name))
            bar = root.find(f".//{C}barChart")
            series = []
            for ser in bar.findall(f"{C}ser"):
                title = ser.find(f"{C}tx/{C}strRef/{C}f").text
                values = ser.find(f"{C}val/{C}numRef/{C}f").text
                fill = ser.find(f"{C}spPr/{A}solidFill/{A}srgbClr")
                patt = ser.find(f"{C}spPr/{A}pattFill/{A}bgClr/{A}srgbClr")
                colour = (fill if fill is not None else patt).get("val")
                series.append({"sheet": title.split("!")[0].strip("'"), "title": title.split("!")[1],
                               "values": values.split("!")[1], "colour": colour.upper(),
                               "hatched": patt is not None})
            charts.append({"grouping": bar.find(f"{C}grouping").get("val"),
                           "overlap": bar.find(f"{C}overlap").get("val"),
                           "direction": bar.find(f"{C}barDir").get("val"), "series": series})
    return charts


def test_each_figure_has_a_data_sheet_with_the_unrounded_percentages_of_distributions_csv(run, bundled_codebook):
    from survey_inventory.render.style import palette

    out, _ = run
    dist = _csv(out, "distributions.csv")
    wb = load_workbook(out / "tables.xlsx")
    charts = {c["series"][0]["sheet"]: c for c in _charts(out / "tables.xlsx")}
    sheets = _figure_sheet_names(out)
    assert sorted(charts) == sorted(sheets)                          # one chart per figure, on its own sheet
    seen = 0
    for number, rows in dist[dist["figure"].notna()].groupby("figure"):
        ws = wb[f"Figuur {number}"]
        rows = rows.sort_values("category_order")
        assert ws["A1"].value == rows["caption"].iloc[0]
        header = [c.value for c in ws[2]][1:]
        assert header == rows["category_label"].tolist()            # categories as columns, in scale order
        stored = [c.value for c in ws[3]][1:]
        # unrounded, as computed: 33.3333 in the CSV is 0.333333 in the workbook, shown with "0%"
        assert stored == [round(p / 100, 10) for p in rows["percent_exact"]], number
        assert all(c.number_format == "0%" for c in ws[3][1:])
        chart = charts[ws.title]
        assert chart["grouping"] == "percentStacked" and chart["overlap"] == "100" and chart["direction"] == "bar"
        styles = palette(bundled_codebook, rows["item"].iloc[0])
        assert [s["title"].replace("$", "") for s in chart["series"]] == [f"{col}2" for col in "BCDEFGH"[:len(rows)]]
        assert [s["colour"] for s in chart["series"]] == \
            [styles[str(c)].color.lstrip("#").upper() for c in rows["category"]]
        assert [s["hatched"] for s in chart["series"]] == [bool(styles[str(c)].hatch) for c in rows["category"]]
        seen += 1
    assert seen == dist["figure"].nunique()
    overview = wb[sheets[-1]]                                        # an overview: one row per type and sector
    measure = dist[dist["measure"] == "involvement"]
    assert overview.max_row >= 2 + len(measure.drop_duplicates(["respondent_type", "sector"]))
    values = [c.value for row in overview.iter_rows(min_row=3, max_row=2 + 12, min_col=2) for c in row]
    assert sorted(v for v in values if v is not None) == sorted(round(p / 100, 10) for p in measure["percent_exact"])


def test_no_column_is_narrower_than_its_longest_word_and_every_cell_is_in_one_font(run):
    out, _ = run
    wb = load_workbook(out / "tables.xlsx")
    checked = 0
    for ws in wb.worksheets[1:]:
        rows = list(ws.iter_rows(min_row=2))
        end = next((k for k, r in enumerate(rows) if all(c.value is None for c in r)), len(rows))
        for column in zip(*rows[:end]):                      # the header and the data, not the notes below
            words = [w for c in column if isinstance(c.value, str) for w in c.value.split()]
            if words:
                width = ws.column_dimensions[column[0].column_letter].width
                assert width >= max(len(w) for w in words), (ws.title, column[0].column_letter, width)
                checked += 1
        fonts = {c.font.name for row in ws.iter_rows() for c in row if c.value is not None}
        assert fonts == {"Calibri"}, (ws.title, fonts)
        assert ws.row_dimensions[2].height >= 15, ws.title   # a header that wraps gets the height it needs
    assert checked > 100
