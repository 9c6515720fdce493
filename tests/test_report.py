"""Exports of one run of analyze, read back with independent readers (openpyxl, python-docx,
html.parser) and checked against the tidy CSV files of the same run."""
import hashlib
import json
import re
from html.parser import HTMLParser

import pandas as pd
import pytest
from docx import Document
from openpyxl import load_workbook

from survey_inventory.analyze import AnalysisOptions, estimate_all
from survey_inventory.load import load_study
from tests.conftest import BUNDLED


@pytest.fixture(scope="module")
def run(bundled_run):
    return bundled_run


@pytest.fixture(scope="module")
def run_en(bundled_run_en):
    return bundled_run_en


def _csv(out, name):
    return pd.read_csv(out / name, dtype={"figure": str, "table": str, "report_table": str}, keep_default_na=False,
                       na_values=[""])


def _key(number):
    """Report order of a number: chapters 1, 2, ... then appendices A, B, C; '2.4a' after '2.4'."""
    parts = []
    for p in number.split("."):
        m = re.fullmatch(r"(\d+)([a-z]*)", p)
        parts.append((0, int(m.group(1)), m.group(2)) if m else (1, 0, p))
    return tuple(parts)


def _numbers(captions, word):
    return [c.split(" ")[1] for c in captions if c.startswith(word + " ")]


class _Page(HTMLParser):
    def __init__(self):
        super().__init__()
        self.stack, self.figcaptions, self.captions, self.srcs, self.hrefs = [], [], [], [], []
        self.tables, self._text = [], None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.stack.append(tag)
        if "src" in attrs:
            self.srcs.append(attrs["src"])
        if "href" in attrs:
            self.hrefs.append(attrs["href"])
        if tag == "table":
            self.tables.append({"caption": "", "rows": []})
        if tag == "tr":
            self.tables[-1]["rows"].append([])
        if tag in ("figcaption", "caption", "td", "th"):
            self._text = ""

    def handle_endtag(self, tag):
        self.stack.pop()
        if tag == "figcaption":
            self.figcaptions.append(self._text)
        elif tag == "caption":
            self.captions.append(self._text)
            self.tables[-1]["caption"] = self._text
        elif tag in ("td", "th"):
            self.tables[-1]["rows"][-1].append(self._text)
        if tag in ("figcaption", "caption", "td", "th"):
            self._text = None

    def handle_data(self, data):
        if self._text is not None:
            self._text += data


@pytest.fixture(scope="module")
def page(run):
    out, _ = run
    parser = _Page()
    text = (out / "report.html").read_text(encoding="utf-8")
    parser.feed(text)
    return parser, text


@pytest.fixture(scope="module")
def docx(run):
    return Document(str(run[0] / "report.docx"))


def _doc_captions(doc):
    return [p.text for p in doc.paragraphs if p.style.name == "Caption"]


def _doc_tables(doc):
    """caption -> table, pairing each table with the caption paragraph just before it."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    out, caption = {}, None
    for child in doc.element.body.iterchildren():
        if child.tag.endswith("}p"):
            p = Paragraph(child, doc)
            if p.style.name == "Caption":
                caption = p.text
        elif child.tag.endswith("}tbl"):
            out[caption] = Table(child, doc)
    return out


# -- what analyze writes ---------------------------------------------------------------------

def test_analyze_writes_every_output_and_the_manifest_lists_them(run):
    out, result = run
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert sorted(manifest["outputs"]) == sorted(result.outputs)
    on_disk = sorted(str(p.relative_to(out)) for p in out.rglob("*") if p.is_file())
    assert on_disk == sorted(result.outputs)
    for name in ("tables.xlsx", "report.docx", "report.html", "collaborations.csv", "participants.csv",
                 "distributions.csv", "figures/Figuur_2.3_care_familiarity_province.png",
                 "figures/Figuur_2.3_care_familiarity_province.svg", "figures/Figuur_A.1_overview_familiarity.svg"):
        assert name in result.outputs
    figures = [n for n in result.outputs if n.startswith("figures/")]
    dist = _csv(out, "distributions.csv")
    n_bars = len(dist.drop_duplicates(["item", "respondent_type"]))
    assert len(figures) == 2 * (n_bars + dist["measure"].nunique())
    inv = BUNDLED.parent / "../surveys/bartels-2025/collaborations.csv"
    assert manifest["inputs"]["inventory"]["sha256"] == hashlib.sha256(inv.read_bytes()).hexdigest()
    assert manifest["options"]["rounding"] == "half-up" and manifest["packages"]["python-docx"]


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
    from survey_inventory.report import write_xlsx

    frame = pd.DataFrame({"=SUM(A1)": ["=HYPERLINK(\"http://x\")", "+31", "gewoon"], "n": [1, 2, 3]})
    write_xlsx([DisplayTable("t", "9.9", "Tabel 9.9 @test", frame, {"n": "int"})], tmp_path / "t.xlsx")
    ws = load_workbook(tmp_path / "t.xlsx").active
    values = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert not [v for v in values if v[0] in "=+-@"]
    assert "'=HYPERLINK(\"http://x\")" in values and ws["B3"].value == 1


# -- Word ------------------------------------------------------------------------------------

def test_word_captions_are_numbered_in_report_order(run, docx):
    out, _ = run
    captions = _doc_captions(docx)
    figs, tabs = _numbers(captions, "Figuur"), _numbers(captions, "Tabel")
    assert figs == sorted(figs, key=_key) and tabs == sorted(tabs, key=_key)
    assert tabs == ["1.1", "2.1", "2.4a", "4.1", "5.1", "6.1", "B.1", "B.2", "C.1"]
    dist = _csv(out, "distributions.csv")
    report_captions = dist.loc[dist["figure"].notna(), "caption"].drop_duplicates().tolist()
    assert [c for c in captions if c.startswith("Figuur") and c in report_captions] == \
        sorted(report_captions, key=lambda c: _key(c.split(" ")[1]))
    # the mentions table follows the AMR figures of chapter 2 (2.6), before the funds' (2.7)
    order = [c.split(" ")[1] for c in captions]
    assert order.index("2.6") < order.index("2.4a") < order.index("2.7")
    assert len(docx.inline_shapes) == len(figs) == len(set(figs))


def test_word_tables_print_the_numbers_of_the_csv_files(run, docx):
    out, _ = run
    dist = _csv(out, "distributions.csv")
    by_caption = _doc_tables(docx)
    assert len(docx.tables) == len(by_caption) == 9
    b1 = next(t for c, t in by_caption.items() if c.startswith("Tabel B.1"))
    header = [c.text for c in b1.rows[0].cells]
    printed = {(r.cells[0].text, r.cells[header.index("Categorie")].text): r for r in b1.rows[1:]}
    for r in dist[(dist["measure"] == "familiarity") & dist["figure"].notna()].itertuples():
        row = printed[(r.figure, r.category_label)]
        cells = [c.text for c in row.cells]
        assert cells[header.index("Percentage")] == f"{r.percent}%"
        assert cells[header.index("Aantal")] == str(r.count)
        assert cells[header.index("95%-interval, ondergrens")] == f"{r.ci_lower:.1f}%".replace(".", ",")
    t21 = next(t for c, t in by_caption.items() if c.startswith("Tabel 2.1"))
    assert [c.text for c in t21.rows[0].cells][1:] == ["ZorgpleinNoord", "WZW", "Sigra", "deRotterdamseZorg",
                                                       "Viazorg", "Zorg aan Zet"]
    rows = {r.cells[0].text: [c.text for c in r.cells[1:]] for r in t21.rows[1:]}
    assert rows["Onderwijsinstellingen"] == ["x", "", "", "x", "x", ""]
    assert rows["Gemeenten"] == ["x", "", "", "", "", ""]
    mentions = _csv(out, "mentions.csv")
    t24 = next(t for c, t in by_caption.items() if c.startswith("Tabel 2.4a"))
    assert [r.cells[1].text for r in t24.rows[1:]] == [str(m) for m in mentions["mentions"]]   # "5 keer genoemd"


def test_word_figures_are_described_for_screen_readers(docx):
    descr = [s._inline.docPr.get("descr") for s in docx.inline_shapes]
    assert any(d.startswith("Figuur 2.3 ") and "(Zeer) goed: 33%" in d for d in descr)


# -- HTML ------------------------------------------------------------------------------------

def test_html_is_self_contained(page):
    parser, text = page
    assert parser.srcs and all(s.startswith("data:image/png;base64,") for s in parser.srcs)
    assert all(h.startswith("#") for h in parser.hrefs)
    rest = re.sub(r"data:image/png;base64,[A-Za-z0-9+/=]+", "", text)
    assert not re.search(r"(https?:)?//[a-z0-9]", rest, re.I)          # no URL of any kind
    assert "@import" not in text and "<script" not in text and "<link" not in text


def test_html_has_the_same_captions_and_numbers_as_word(page, docx, run):
    parser, _ = page
    out, _ = run
    captions = _doc_captions(docx)
    assert parser.figcaptions == [c for c in captions if c.startswith("Figuur")]
    assert parser.captions == [c for c in captions if c.startswith("Tabel")]
    dist = _csv(out, "distributions.csv")
    b2 = next(t for t in parser.tables if t["caption"].startswith("Tabel B.2"))
    header = b2["rows"][0]
    printed = {(r[0], r[header.index("Categorie")]): r for r in b2["rows"][1:]}
    for r in dist[(dist["measure"] == "involvement") & dist["figure"].notna()].itertuples():
        row = printed[(r.figure, r.category_label)]
        assert row[header.index("Percentage")] == f"{r.percent}%" and row[header.index("Basis (N)")] == str(r.base_n)
    resp = _csv(out, "response_table.csv")
    t11 = next(t for t in parser.tables if t["caption"].startswith("Tabel 1.1"))
    assert [r[2] for r in t11["rows"][1:]] == [str(a) for a in resp["achieved"]]


# -- language, rounding, determinism ------------------------------------------------------------

def test_english_run_with_largest_remainder(run_en):
    doc = Document(str(run_en / "report.docx"))
    captions = _doc_captions(doc)
    assert captions[0].startswith("Table 1.1 Response") and any(c.startswith("Figure 2.3 Familiarity") for c in captions)
    notes = [p.text for p in doc.paragraphs if p.style.name == "Figure note"]
    assert "Rounded by the largest-remainder method: each bar sums to 100%." in notes
    assert load_workbook(run_en / "tables.xlsx").sheetnames[0] == "Table 1.1"
    dist = _csv(run_en, "distributions.csv")
    assert (dist.groupby(["item", "respondent_type"])["percent"].sum() == 100).all()


def test_writers_give_the_same_bytes_twice(bundled_codebook, tmp_path):
    from survey_inventory.render.figures import render_all
    from survey_inventory.render.tables import build_tables
    from survey_inventory.report import write_docx, write_html, write_xlsx

    tables = estimate_all(load_study(bundled_codebook), AnalysisOptions())
    care = tables["distributions"][tables["distributions"]["sector"] == "care"]
    figures = render_all(care, bundled_codebook, tmp_path / "figs", workers=1)
    display = build_tables({**tables, "distributions": care}, bundled_codebook)
    files = []
    for k in (1, 2):
        files.append([write_xlsx(display, tmp_path / f"t{k}.xlsx"),
                      write_docx(figures, display, tmp_path / f"r{k}.docx", bundled_codebook),
                      write_html(figures, display, tmp_path / f"r{k}.html", bundled_codebook)])
    for a, b in zip(*files):
        assert a.read_bytes() == b.read_bytes(), a.name
