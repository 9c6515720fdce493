"""export/docx.py: report.docx of one analyze run, read back with python-docx and checked against
the tidy CSV files of the same run."""
import re
import zipfile
from pathlib import Path

import pytest
from docx import Document
from lxml import etree
from openpyxl import load_workbook
from PIL import ImageFont

from output_readers import _csv, _key, _numbers, _shown, run, run_en, docx, _doc_captions, _doc_tables


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
    assert load_workbook(run_en / "tables.xlsx").sheetnames[:2] == ["Contents", "Table 1.1"]
    dist = _csv(run_en, "distributions.csv")
    assert (dist.groupby(["item", "respondent_type"])["percent"].sum() == 100).all()


# -- page, language, fields: read back from the WordprocessingML --------------------------------------

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
EMU_PER_CM = 360000


def _part(path, name):
    with zipfile.ZipFile(path) as z:
        return etree.fromstring(z.read(name))


def _instructions(element):
    """Every field instruction in a part: complex fields (instrText) and simple ones."""
    return [t.text.strip() for t in element.iter(W + "instrText")] + \
        [f.get(W + "instr").strip() for f in element.iter(W + "fldSimple")]


def test_word_page_is_a4_with_2_5_cm_margins_and_figures_fit_the_text_width(docx):
    section = docx.sections[0]
    assert (round(section.page_width / EMU_PER_CM, 2), round(section.page_height / EMU_PER_CM, 2)) == (21.0, 29.7)
    margins = [section.left_margin, section.right_margin, section.top_margin, section.bottom_margin]
    assert [round(m / EMU_PER_CM, 2) for m in margins] == [2.5] * 4
    text_width = section.page_width - section.left_margin - section.right_margin
    assert len(docx.inline_shapes) > 20
    for shape in docx.inline_shapes:
        assert 0 < shape.width <= text_width
        assert shape.width == pytest.approx(16 * EMU_PER_CM, abs=EMU_PER_CM / 100)


@pytest.mark.parametrize("which, tag", [("nl", "nl-NL"), ("en", "en-GB")])
def test_word_document_language_is_the_report_language(run, run_en, which, tag):
    path = (run[0] if which == "nl" else run_en) / "report.docx"
    styles = _part(path, "word/styles.xml")
    default = styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}lang")
    assert default.get(W + "val") == tag
    assert {lang.get(W + "val") for lang in styles.iter(W + "lang")} == {tag}   # no style keeps en-US


def test_word_footer_numbers_pages_and_fields_update_on_opening(run, docx):
    path = run[0] / "report.docx"
    footer_xml = etree.fromstring(docx.sections[0].footer._element.xml.encode())
    assert "PAGE" in _instructions(footer_xml)
    settings = _part(path, "word/settings.xml")
    assert settings.find(W + "updateFields").get(W + "val") == "true"
    body = _part(path, "word/document.xml")
    instructions = _instructions(body)
    assert 'TOC \\o "1-2" \\h \\z \\u' in instructions                  # contents
    assert 'TOC \\h \\z \\c "Figuur"' in instructions                     # list of figures
    assert 'TOC \\h \\z \\c "Tabel"' in instructions                      # list of tables
    # the contents already list every heading 1 (LibreOffice shows the field's result as it is)
    headings = [p.text for p in docx.paragraphs if p.style.name == "Heading 1"]
    toc = [p.text for p in docx.paragraphs if p.style.name == "toc 1"]
    assert toc == headings


def _field(p):
    """The one complex field of a caption paragraph: its instruction, cached result, lock, and whether
    every run of it is hidden; and the shown text before it."""
    runs = list(p._p.iter(W + "r"))
    begin = next(k for k, r in enumerate(runs) if r.find(f"{W}fldChar") is not None)
    end = next(k for k, r in enumerate(runs) if (c := r.find(f"{W}fldChar")) is not None
               and c.get(W + "fldCharType") == "end")
    sep = next(k for k, r in enumerate(runs) if (c := r.find(f"{W}fldChar")) is not None
               and c.get(W + "fldCharType") == "separate")
    text = lambda rs: "".join(t.text or "" for r in rs for t in r.iter(W + "t"))   # noqa: E731
    return {"instr": "".join(t.text for r in runs[begin:sep] for t in r.iter(W + "instrText")).strip(),
            "result": text(runs[sep + 1:end]),
            "locked": runs[begin].find(f"{W}fldChar").get(W + "fldLock") == "true",
            "hidden": all(r.find(f"{W}rPr/{W}vanish") is not None for r in runs[begin:end + 1]),
            "before": text(runs[:begin]), "after_hidden": any(r.find(f"{W}rPr/{W}vanish") is not None
                                                              for r in runs[end + 1:])}


def test_word_captions_are_caption_fields_that_keep_the_studys_numbers(run, docx):
    captions = [p for p in docx.paragraphs if p.style.name == "Caption"]
    assert len(captions) == len(docx.inline_shapes) + len(docx.tables)    # every figure and table
    numbers = []
    for p in captions:
        shown = _shown(p)
        word, number = shown.split(" ")[:2]
        assert re.fullmatch(r"\d+\.\d+[a-z]?|[A-C]\.\d+", number), shown   # the study's number, as text
        field = _field(p)
        assert field["instr"] == f"SEQ {word} \\h", shown                  # a Word caption of this label ...
        assert field["result"] == number, shown                            # ... whose cached text is the number
        assert field["locked"] and field["hidden"] and not field["after_hidden"], shown
        assert field["before"] == f"{word} {number}", shown    # right after it: a cross-reference reads "Figuur 2.3"
        numbers.append((word, number))
    dist = _csv(run[0], "distributions.csv")
    figures = [n for w, n in numbers if w == "Figuur"]
    assert set(dist["figure"].dropna()) <= set(figures) and len(figures) == len(set(figures))
    assert [n for w, n in numbers if w == "Tabel"] == ["1.1", "2.1", "2.4a", "4.1", "5.1", "6.1", "B.1", "B.2", "C.1"]
    with_n = [_shown(p) for p in captions if "(N" in _shown(p)]
    assert with_n and all(re.search(r"\(N\u00a0=\u00a0\d+\)", t) for t in with_n)   # "(N = 9)" never breaks


def _font_file(bold):
    """Liberation Sans (Arial's widths), found on this machine."""
    import matplotlib.font_manager as fm

    name = "LiberationSans-Bold.ttf" if bold else "LiberationSans-Regular.ttf"
    found = [p for p in fm.findSystemFonts() if Path(p).name == name]
    if not found:
        pytest.skip("Liberation Sans is not installed")
    return found[0]


def test_word_table_columns_are_no_narrower_than_their_longest_word(docx):
    fonts = {b: ImageFont.truetype(_font_file(b), 1000) for b in (False, True)}
    assert docx.styles["Normal"].font.name == "Arial"
    # the section each table is in (a section ends with the w:sectPr in a paragraph, the last with the body's)
    sections, k, section_of = docx.sections, 0, {}
    for child in docx.element.body.iterchildren():
        if child.tag == W + "tbl":
            section_of[child] = sections[k]
        elif child.tag == W + "p" and child.find(f"{W}pPr/{W}sectPr") is not None:
            k += 1
    checked = 0
    for table in docx.tables:
        tbl = table._tbl
        section = section_of[tbl]
        text_twips = (section.page_width - section.left_margin - section.right_margin) / 635
        assert tbl.find(f"{W}tblPr/{W}tblLayout").get(W + "type") == "fixed"
        grid = [int(g.get(W + "w")) for g in tbl.iter(W + "gridCol")]
        assert sum(grid) <= text_twips + 1
        for row in tbl.iter(W + "tr"):
            for k, tc in enumerate(row.iter(W + "tc")):
                width = int(tc.find(f"{W}tcPr/{W}tcW").get(W + "w"))
                assert width == grid[k]
                for r in tc.iter(W + "r"):
                    size = int(r.find(f"{W}rPr/{W}sz").get(W + "val")) / 2
                    bold = r.find(f"{W}rPr/{W}b") is not None
                    text = "".join(t.text or "" for t in r.iter(W + "t"))
                    # words end at spaces and after hyphens (where Word breaks a line without breaking a word)
                    for word in [w for part in text.split(" ") for w in re.findall(r"[^-]+-*|-+", part)]:
                        need = fonts[bold].getlength(word) * size / 1000 * 20 + 2 * 108   # twips, with cell margins
                        assert need <= width, (word, width, need)
                        checked += 1
    assert checked > 1000


def test_word_template_gives_the_house_style(tmp_path, bundled_codebook):
    import pandas as pd
    from docx import Document
    from docx.shared import Cm, Pt

    from survey_inventory.errors import SurveyInputError
    from survey_inventory.export.docx import write_docx
    from survey_inventory.render.tables import DisplayTable

    house = Document()
    house.styles["Normal"].font.name = "Times New Roman"
    house.styles["Normal"].font.size = Pt(11)
    house.sections[0].left_margin = house.sections[0].right_margin = Cm(3)
    house.sections[0].header.paragraphs[0].text = "Ministerie van Voorbeeldzaken"
    house.add_paragraph("Tekst van het sjabloon die weg moet.")
    house.save(tmp_path / "huisstijl.docx")
    table = DisplayTable("t", "9.9", "Tabel 9.9 Voorbeeld (N = 9)",
                         pd.DataFrame({"Categorie": ["regionale scholingsfondsen"], "%": [33.3]}), {"%": "pct0"})
    doc = Document(str(write_docx([], [table], tmp_path / "r.docx", bundled_codebook,
                                  template=tmp_path / "huisstijl.docx")))
    assert doc.sections[0].header.paragraphs[0].text == "Ministerie van Voorbeeldzaken"
    assert doc.styles["Normal"].font.name == "Times New Roman"
    assert round(doc.sections[0].left_margin / EMU_PER_CM, 2) == 3.0
    assert not [p for p in doc.paragraphs if "sjabloon" in p.text]
    assert [_shown(p) for p in doc.paragraphs if p.style.name == "Caption"] == ["Tabel 9.9 Voorbeeld (N\u00a0=\u00a09)"]
    grid = [int(g.get(W + "w")) for g in doc.tables[0]._tbl.iter(W + "gridCol")]
    assert sum(grid) <= (doc.sections[0].page_width - 2 * Cm(3)) / 635 + 1     # the template's text width
    (tmp_path / "kapot.docx").write_text("geen Word-bestand")
    with pytest.raises(SurveyInputError, match="kapot.docx: not a Word document"):
        write_docx([], [table], tmp_path / "r2.docx", bundled_codebook, template=tmp_path / "kapot.docx")
