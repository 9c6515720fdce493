"""export/docx.py: report.docx of one analyze run, read back with python-docx and checked against
the tidy CSV files of the same run."""
from docx import Document
from openpyxl import load_workbook

from output_readers import _csv, _key, _numbers, run, run_en, docx, _doc_captions, _doc_tables


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
