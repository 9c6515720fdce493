"""export/write_all.py: every exported file of one ``analyze`` run, read back with readers
that share no code with the writers (tests/output_readers.py) - openpyxl (tables.xlsx), python-docx (report.docx), html.parser
(report.html), xml.etree (the SVG figures), json (manifest.json) - and checked against
the tidy CSV files of the same run: captions, numbering, the numbers in every table
cell, and what each figure draws (segment widths, labels, legend).

The runs (``bundled_run``: Dutch, half up; ``bundled_run_en``: English, largest
remainder) are shared with the other export tests (conftest.py).
"""
import hashlib
import json
import re
from importlib import metadata

import pandas as pd
import pytest

from output_readers import SVG, WORDS, _csv, _docx, _docx_blocks, _half_up, _html, _printed, _svg, _xlsx, run
from survey_inventory.analyze import AnalysisOptions, analyze, estimate_all
from survey_inventory.load import load_study
from survey_inventory.codebook import load_codebook
from survey_inventory.render.plan import file_number
from tests.conftest import BUNDLED

#: The figure numbers the bundled codebook gives (the report's own).
REPORT_NUMBERS = {f for item in load_codebook(BUNDLED).items for f in item.figures.values()}


@pytest.fixture(scope="module", params=["nl", "en"])
def out(request, bundled_run, bundled_run_en):
    """(folder, language, rounding) of each run."""
    return (bundled_run[0], "nl", "half-up") if request.param == "nl" else (bundled_run_en, "en", "largest-remainder")


# -- figures ------------------------------------------------------------------------------

def _bars(folder, lang):
    """Per bar figure of distributions.csv: its rows, its SVG file and the number the run gave it."""
    dist = _csv(folder, "distributions.csv")
    out = []
    for (item, rtype), rows in dist.groupby(["item", "respondent_type"], sort=False):
        rows = rows.sort_values("category_order")
        first = rows.iloc[0]
        files = sorted((folder / "figures").glob(f"fig_*_{first['sector']}_{first['measure']}_{rtype}.svg"))
        assert len(files) == 1, (item, rtype, files)
        assert files[0].with_suffix(".png").is_file()
        number = first["figure"]            # every row carries its figure's number; the file name sorts by it
        assert files[0].stem.startswith("fig_" + file_number(number) + "_"), (number, files[0].name)
        out.append((rows, files[0], number))
    return out


def _expected_caption(rows, number, lang, rounding):
    caption, figure = rows["caption"].iloc[0], rows["figure"].iloc[0]
    word = WORDS[lang]["figure"]
    assert number == figure and caption.startswith(f"{word} {figure} ")
    if figure not in REPORT_NUMBERS:
        assert re.fullmatch(r"\d+\.\d+[a-z]", number), number   # numbered after the report's figure before it
    text = caption
    return text + (WORDS[lang]["lr"] if rounding == "largest-remainder" else "")


def test_every_bar_figure_draws_the_percentages_of_distributions_csv(out):
    folder, lang, rounding = out
    bars = _bars(folder, lang)
    assert len(bars) == 24                                   # 4 sectors x 2 measures x 3 respondent types
    for rows, svg, number in bars:
        fig = _svg(svg)
        texts, segs = fig["texts"], fig["segments"]
        cats = rows["category"].astype(str).tolist()
        assert list(segs) == cats, svg.name                              # every category of the codebook, in order
        total = sum(w for _, w in segs.values())
        for cat, exact in zip(cats, rows["percent_exact"]):
            assert 100 * segs[cat][1] / total == pytest.approx(exact, abs=0.01), (svg.name, cat)
        # substantive segments touch each other; "Weet ik niet" comes after a gap
        subst = [c for c, s in zip(cats, rows["substantive"]) if s]
        other = [c for c, s in zip(cats, rows["substantive"]) if not s]
        for a, b in zip(subst, subst[1:]):
            assert segs[b][0] == pytest.approx(segs[a][0] + segs[a][1], abs=0.01)
        end = segs[subst[-1]][0] + segs[subst[-1]][1]
        if other and sum(segs[c][1] for c in other) > 0:
            assert segs[other[0]][0] > end + 1.0, svg.name
        else:  # nobody chose "Weet ik niet": no gap, the scale fills the whole width (issue 14)
            assert end == pytest.approx(segs[subst[0]][0] + total, abs=0.05), svg.name
        # labels: the rounded percentage in (or above) every non-empty segment
        notes = texts.get("note", "")
        printed = {}
        for cat, pct in zip(cats, rows["percent"]):
            label = texts.get(f"label:{cat}")
            if label is not None:
                assert label == f"{int(pct)}%", (svg.name, cat, label)
                printed[cat] = int(pct)
            else:
                assert pct == 0 or WORDS[lang]["dropped"] in notes, (svg.name, cat)
        if rounding == "largest-remainder":
            assert sum(printed.values()) == 100, svg.name
        # legend in scale order; a category nobody chose is named with "(0%)", no other is
        legend = [texts[f"legend:{k}"] for k in range(len(cats))]
        assert legend == [lab + (" (0%)" if n == 0 else "") for lab, n in zip(rows["category_label"], rows["count"])]
        # caption with the report's number and base; a number the report lacks is explained
        assert texts["caption"] == _expected_caption(rows, number, lang, rounding)
        assert f"(N = {int(rows['base_n'].iloc[0])})" in texts["caption"]
        assert (WORDS[lang]["not_in_report"] in notes) == (rows["figure"].iloc[0] not in REPORT_NUMBERS), svg.name


def test_overview_figures_mark_every_percentage_with_its_interval(out):
    folder, lang, _ = out
    dist = _csv(folder, "distributions.csv")
    word = WORDS[lang]["figure"]
    for k, measure in enumerate(["familiarity", "involvement"], start=1):
        fig = _svg(folder / "figures" / f"fig_A_{k:02d}_overview_{measure}.svg")
        rows = dist[dist["measure"] == measure]
        dots = {i for i in fig["ids"] if i.startswith("dot:")}
        assert dots == {f"dot:{r.sector}:{r.respondent_type}:{r.category}" for r in rows.itertuples()}
        lines = {i for i in fig["ids"] if i.startswith("ci:")}
        assert lines == {f"ci:{r.sector}:{r.respondent_type}:{r.category}" for r in rows.itertuples()
                         if r.ci_upper > r.ci_lower}
        assert fig["texts"]["caption"].startswith(f"{word} A.{k} ")


# -- Word and HTML: captions and numbering ------------------------------------------------------

def test_word_and_html_caption_every_figure_in_report_order(out):
    folder, lang, rounding = out
    word = WORDS[lang]["figure"]
    bars = _bars(folder, lang)
    blocks = _docx_blocks(_docx(folder))
    figures = [c for c, b in blocks.items() if b["kind"] == "figure"]
    expected = [_expected_caption(rows, number, lang, rounding) for rows, _, number in bars]
    assert [c for c in figures if not c.startswith(f"{word} A.")] == sorted(
        expected, key=lambda c: [(int(re.match(r"\d+", p).group()), p) for p in c.split(" ")[1].split(".")])
    assert [c.split(" ")[1] for c in figures[-2:]] == ["A.1", "A.2"]
    for rows, svg, number in bars:                       # the figure file and the report say the same
        caption = _expected_caption(rows, number, lang, rounding)
        assert _svg(svg)["texts"]["note"] == " ".join(blocks[caption]["notes"])
    page = _html(folder)
    assert [f["caption"] for f in page.figures] == figures
    assert len(page.imgs) == len(figures) and all(i["alt"].startswith(f"{word} ") for i in page.imgs)


def test_the_figure_the_report_lacks_is_numbered_after_its_neighbour_and_says_so(bundled_run):
    blocks = _docx_blocks(_docx(bundled_run[0]))
    captions = [c for c, b in blocks.items() if b["kind"] == "figure"]
    k = next(i for i, c in enumerate(captions) if c.startswith("Figuur 4.2a "))
    assert captions[k - 1].startswith("Figuur 4.2 ") and captions[k + 1].startswith("Figuur 4.3 ")
    assert captions[k] == "Figuur 4.2a Betrokkenheid bij hotspots hoveniers en groenvoorziening, onder provincies (N = 3)"
    assert blocks[captions[k]]["notes"][0] == ("Figuur 4.2a staat niet in het rapport; het nummer volgt op figuur 4.2, "
                                               "zodat de nummers van het rapport gelijk blijven.")


# -- tables: Excel, Word and HTML print the same cells ------------------------------------------

def test_excel_word_and_html_hold_the_same_tables_cell_for_cell(out):
    folder, lang, _ = out
    word = WORDS[lang]["table"]
    sheets = _xlsx(folder)
    blocks = {c: b for c, b in _docx_blocks(_docx(folder)).items() if b["kind"] == "table"}
    html = {t["caption"]: t["rows"] for t in _html(folder).tables}
    assert [s["caption"] for s in sheets.values()] == list(blocks) == list(html)
    assert len(sheets) >= 9                                          # 1.1, 2.1, 2.4a, 4.1, 5.1, 6.1, B.1, B.2, C.1
    for name, sheet in sheets.items():
        caption = sheet["caption"]
        assert caption.startswith(name + " ") and name.startswith(word + " ")
        assert sheet["freeze"] == "A3"                                   # header row frozen
        # a column of unrounded percentages beside the published ones (largest remainder) is Excel's alone
        keep = [k for k, h in enumerate(sheet["header"]) if not str(h).endswith(("(unrounded)", "(onafgerond)"))]
        assert len(keep) >= len(sheet["header"]) - (2 if caption.startswith(f"{word} B.") else 0)
        xlsx_rows = [[str(sheet["header"][k]) for k in keep]] + [[_printed(r[k], lang) for k in keep]
                                                                 for r in sheet["rows"]]
        docx_rows = blocks[caption]["rows"]
        assert len(docx_rows) == len(xlsx_rows) == len(html[caption]), caption
        for a, b, c in zip(xlsx_rows, docx_rows, html[caption]):
            b = ["" if x == "–" and not y else x for x, y in zip(b, a)]  # Word/HTML print "–" for an empty number
            c = ["" if x == "–" and not y else x for x, y in zip(c, a)]
            assert a == b == c, (caption, a, b, c)
        extra = [n for n in sheet["notes"] if "'(unrounded)'" in n or "'(onafgerond)'" in n]   # that column's note
        assert len(extra) == (len(keep) < len(sheet["header"]))
        assert [n for n in sheet["notes"] if n not in extra] == blocks[caption]["notes"], caption


def test_distribution_tables_hold_every_row_of_distributions_csv(out):
    folder, lang, rounding = out
    dist = _csv(folder, "distributions.csv")
    sheets = _xlsx(folder)
    word = WORDS[lang]["table"]
    numbers = {rows["item"].iloc[0] + ":" + rows["respondent_type"].iloc[0]: n for rows, _, n in _bars(folder, lang)}
    for k, measure in enumerate(["familiarity", "involvement"], start=1):
        sheet = sheets[f"{word} B.{k}"]
        rows = dist[dist["measure"] == measure]
        assert len(sheet["rows"]) == len(rows)
        assert sheet["caption"].endswith(WORDS[lang]["lr"]) == (rounding == "largest-remainder")
        printed = {}
        for r in sheet["rows"]:
            printed[(r[0].value, r[3].value)] = r
        for r in rows.itertuples():
            cells = printed[(numbers[f"{r.item}:{r.respondent_type}"], r.category_label)]
            assert cells[4].value == r.count and cells[5].value == r.base_n
            assert cells[6].number_format == "0%" and _printed(cells[6], lang) == f"{r.percent}%"   # as the report
            if rounding == "half-up":      # stored as computed; the format shows the report's rounding
                assert cells[6].value == round(r.percent_exact / 100, 10)
            else:                          # the published number, then the unrounded one in a column of its own
                assert cells[6].value == round(r.percent / 100, 10)
                cells = cells[:7] + cells[8:]
                assert sheet["header"][7].endswith("(unrounded)")
            assert cells[7].value == pytest.approx(r.ci_lower / 100) and cells[7].number_format == "0.0%"
            assert cells[8].value == pytest.approx(r.ci_upper / 100) and cells[8].number_format == "0.0%"
        notes = " ".join(sheet["notes"])
        assert "hypergeometric exact" not in notes and "N_d" not in notes   # method names for people, not code
        populations = rows.drop_duplicates("respondent_type")
        for r in populations.itertuples():
            assert f"{r.respondent_type_label} {int(r.population_n)}" in notes


def test_response_table_is_tabel_1_1_with_absolute_and_relative_response(out):
    folder, lang, _ = out
    resp = _csv(folder, "response_table.csv")
    blocks = _docx_blocks(_docx(folder))
    rows = next(b["rows"] for c, b in blocks.items() if c.startswith(f"{WORDS[lang]['table']} 1.1 "))
    assert [r[0] for r in rows[1:]] == resp["label"].tolist()
    for cells, r in zip(rows[1:], resp.itertuples()):
        assert cells[1:] == [str(r.targeted), str(r.achieved), _half_up(r.response_rate) + "%"]
    groups = resp[resp["row_type"] != "total"]
    assert set(groups["group"]) == {"collaborations", "respondents"}          # per sector and per respondent type
    assert resp.loc[resp["row_type"] == "total", ["targeted", "achieved"]].values.tolist() == [[77, 65]]


def test_participant_matrices_are_the_inventory(out):
    folder, lang, _ = out
    parts = _csv(folder, "participants.csv")
    sheets = _xlsx(folder)
    assert sorted(parts["report_table"].unique()) == ["2.1", "4.1", "5.1", "6.1"]
    for table, block in parts.groupby("report_table"):
        sheet = sheets[f"{WORDS[lang]['table']} {table}"]
        names = block.sort_values("collaboration_order")["collaboration_name"].drop_duplicates().tolist()
        assert sheet["header"][1:] == names
        got = {(r[0].value, name): r[k + 1].value == "x" for r in sheet["rows"] for k, name in enumerate(names)}
        want = {(r.party_type_label, r.collaboration_name): bool(r.participates) for r in block.itertuples()}
        assert got == want, table


def test_coded_open_answers_count_the_mentions(out):
    folder, lang, _ = out
    mentions = _csv(folder, "mentions.csv")
    sheets = _xlsx(folder)
    blocks = _docx_blocks(_docx(folder))
    for (table, rtype), block in mentions.groupby(["table", "respondent_type"]):
        sheet = sheets[f"{WORDS[lang]['table']} {table}"]
        assert sheet["caption"].endswith(f"(N = {int(block['respondents'].iloc[0])})")
        assert [r[0].value for r in sheet["rows"]] == block["label"].tolist()
        assert [r[1].value for r in sheet["rows"]] == block["mentions"].tolist()          # "5 keer genoemd"
        assert [r[2].value for r in sheet["rows"]] == pytest.approx((block["percent"] / 100).tolist())
        rows = blocks[sheet["caption"]]["rows"]
        assert [r[1] for r in rows[1:]] == [str(m) for m in block["mentions"]]
    assert mentions["mentions"].tolist()[:2] == [5, 5]                       # the report: "(5 keer genoemd)"


# -- the words around the numbers ----------------------------------------------------------------

_DUTCH = ["Figuur", "Tabel", "Bijlage", "gevraagd", "afronding", "afgerond", "Betrokkenheid", "Bekendheid",
          "Weet ik niet", "Leeswijzer", "betrouwbaarheid", "in opdracht", "Synthetische", "Intervalmethode",
          "Populatieomvang", "scholingsfondsen", "Bron:", "maart"]


_ENGLISH = ["hypergeometric", "domain", "census", "N_d", "wilson", "Figure ", "Table ", "Appendix", "rounded",
            "Don't know", "interval, lower", "among"]


def _reader_texts(folder, lang):
    """Everything a reader reads (Word, HTML, Excel, SVG), leaving out the inventory's own
    free text (names, regions, member descriptions), which is in the source's language."""
    texts = []
    items = _docx(folder)
    skip_rows = False
    for kind, value in items:
        if kind == "caption":
            skip_rows = value.split(" ")[1].startswith(("C.", "2.1", "4.1", "5.1", "6.1"))
        if kind == "table":
            texts += [" ".join(r[:1] if skip_rows else r) for r in value]
        elif value:
            texts.append(value)
    page = _html(folder)
    texts += page.guide + [f["caption"] for f in page.figures] + [i["alt"] for i in page.imgs]
    for sheet in _xlsx(folder).values():
        texts += [sheet["caption"]] + [str(h) for h in sheet["header"][:1]] + sheet["notes"]
    for svg in (folder / "figures").glob("*.svg"):
        texts += list(_svg(svg)["texts"].values())
    return texts


def test_english_outputs_are_english_and_dutch_outputs_dutch(out):
    folder, lang, _ = out
    forbidden = _DUTCH if lang == "en" else _ENGLISH
    found = {w: t for t in _reader_texts(folder, lang) for w in forbidden if w in t}
    assert not found, found


# -- manifest and reproducibility ------------------------------------------------------------------

def test_manifest_says_what_produced_the_numbers(out):
    folder, lang, rounding = out
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["codebook"]["sha256"] == hashlib.sha256(BUNDLED.read_bytes()).hexdigest()
    study = BUNDLED.parent.parent / "surveys" / "bartels-2025"
    for name in ("digital_questionnaire.csv", "fund_interviews.xlsx", "collaborations.csv"):
        entry = next(v for v in manifest["inputs"].values() if v["file"] == name)
        assert entry["sha256"] == hashlib.sha256((study / name).read_bytes()).hexdigest()
    assert manifest["options"]["rounding"] == rounding and manifest["options"]["lang"] == (None if lang == "nl" else lang)
    assert {"ci_method", "level", "min_cell", "include_open_text"} <= set(manifest["options"])
    for package in ("survey-inventory", "pandas", "matplotlib", "openpyxl", "python-docx"):
        assert manifest["packages"][package] == metadata.version(package)
    on_disk = sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())
    assert on_disk == sorted(manifest["outputs"])
    for name in ("distributions.csv", "response_table.csv", "participants.csv", "mentions.csv", "collaborations.csv"):
        assert name in manifest["outputs"]                           # a tidy CSV behind every table


def test_two_runs_write_the_same_bytes(bundled_run, tmp_path):
    first = bundled_run[0]
    second = tmp_path / "again"
    analyze(BUNDLED, second, AnalysisOptions())
    names = sorted(str(p.relative_to(first)) for p in first.rglob("*") if p.is_file())
    assert names == sorted(str(p.relative_to(second)) for p in second.rglob("*") if p.is_file())
    differ = [n for n in names if (first / n).read_bytes() != (second / n).read_bytes()]
    assert not differ, differ
    for ext in (".csv", ".xlsx", ".docx", ".html", ".png", ".svg", ".json"):
        assert any(n.endswith(ext) for n in names), ext


# -- what analyze writes ---------------------------------------------------------------------

def test_analyze_writes_every_output_and_the_manifest_lists_them(run):
    out, result = run
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert sorted(manifest["outputs"]) == sorted(result.outputs)
    on_disk = sorted(str(p.relative_to(out)) for p in out.rglob("*") if p.is_file())
    assert on_disk == sorted(result.outputs)
    for name in ("tables.xlsx", "report.docx", "report.html", "collaborations.csv", "participants.csv",
                 "distributions.csv", "figures/fig_02_03_care_familiarity_province.png",
                 "figures/fig_02_03_care_familiarity_province.svg", "figures/fig_A_01_overview_familiarity.svg"):
        assert name in result.outputs
    figures = [n for n in result.outputs if n.startswith("figures/")]
    dist = _csv(out, "distributions.csv")
    n_bars = len(dist.drop_duplicates(["item", "respondent_type"]))
    captioned = [n for n in figures if not n.rsplit(".", 1)[0].endswith("_bare")]
    assert len(captioned) == 2 * (n_bars + dist["measure"].nunique())
    # beside every captioned figure its bare copy (no caption, no notes), PNG and SVG
    assert sorted(figures) == sorted(captioned + [n[:-4] + "_bare" + n[-4:] for n in captioned])
    inv = BUNDLED.parent / "../surveys/bartels-2025/collaborations.csv"
    assert manifest["inputs"]["inventory"]["sha256"] == hashlib.sha256(inv.read_bytes()).hexdigest()
    assert manifest["options"]["rounding"] == "half-up" and manifest["packages"]["python-docx"]


def test_writers_give_the_same_bytes_twice(bundled_codebook, tmp_path):
    from survey_inventory.render.pool import render_all
    from survey_inventory.render.tables import build_tables
    from survey_inventory.export import write_docx, write_html, write_xlsx

    tables = estimate_all(load_study(bundled_codebook), AnalysisOptions())
    care = tables["distributions"][tables["distributions"]["sector"] == "care"]
    figures = render_all(care[care["figure"].isin(["2.3", "2.6"])], bundled_codebook, tmp_path / "figs", workers=1)
    display = build_tables({**tables, "distributions": care}, bundled_codebook)
    files = []
    for k in (1, 2):
        files.append([write_xlsx(display, tmp_path / f"t{k}.xlsx"),
                      write_docx(figures, display, tmp_path / f"r{k}.docx", bundled_codebook),
                      write_html(figures, display, tmp_path / f"r{k}.html", bundled_codebook)])
    for a, b in zip(*files):
        assert a.read_bytes() == b.read_bytes(), a.name


def test_what_needs_no_drawn_figure_is_written_while_the_figures_are_drawn(bundled_codebook, tmp_path,
                                                                         monkeypatch):
    """write_all writes tables.xlsx and the draft texts from the figures' plans before it waits for the
    drawn figures (render_all), and Word, HTML and slides after: the writing overlaps the drawing."""
    import survey_inventory.export.docx as docx_module
    import survey_inventory.export.texts as texts_module
    import survey_inventory.export.xlsx as xlsx_module
    import survey_inventory.render.pool as pool
    from survey_inventory.export.write_all import write_all

    calls = []
    for module, name in ((pool, "render_all"), (xlsx_module, "write_xlsx"), (docx_module, "write_docx"),
                         (texts_module, "write_texts_md")):
        real = getattr(module, name)
        monkeypatch.setattr(module, name, lambda *a, _real=real, _name=name, **k: calls.append(_name) or _real(*a, **k))
    tables = estimate_all(load_study(bundled_codebook), AnalysisOptions())
    tables["distributions"] = tables["distributions"].query("figure == '2.3'")   # one bar and its overview
    written = write_all(tables, bundled_codebook, tmp_path, workers=1)
    assert calls == ["write_xlsx", "write_texts_md", "render_all", "write_docx"]
    assert written["outputs"][-6:] == ["tables.xlsx", "report.docx", "report.html", "texts.md", "texts.docx",
                                       "report.pptx"]
    assert all((tmp_path / name).exists() for name in written["outputs"])


# -- the response figure of a framed type sits under its response table ----------------------------

@pytest.fixture(scope="module")
def llo_en(llo_run_en):
    """The session's English ``analyze`` of the second study (its municipalities have a frame)."""
    return llo_run_en.out_dir


def test_the_response_figure_is_under_its_table_in_word_html_and_slides(llo_en):
    import base64

    from docx import Document
    from docx.table import Table
    from docx.text.paragraph import Paragraph
    from pptx import Presentation

    from output_readers import _shown

    png = (llo_en / "figures" / "response_gemeente.png").read_bytes()
    caption = "Table 1.2 Response by frame attribute, municipalities"
    # Word: after the table's caption, the table, its notes, then the picture, before the next caption
    doc = Document(str(llo_en / "report.docx"))
    blocks, after = [], None
    for child in doc.element.body.iterchildren():
        if child.tag.endswith("}tbl"):
            blocks.append(("table", Table(child, doc)))
        elif child.tag.endswith("}p"):
            p = Paragraph(child, doc)
            blobs = [doc.part.related_parts[b.get("{http://schemas.openxmlformats.org/officeDocument/2006/"
                                                  "relationships}embed")].blob
                     for b in child.iter("{http://schemas.openxmlformats.org/drawingml/2006/main}blip")]
            blocks.append(("caption", _shown(p)) if p.style.name == "Caption" else ("picture", blobs) if blobs
                          else ("text", p.text))
    at = next(k for k, (kind, text) in enumerate(blocks) if kind == "caption" and text.startswith(caption))
    following = blocks[at + 1:next(k for k in range(at + 1, len(blocks)) if blocks[k][0] == "caption")]
    kinds = [kind for kind, _ in following]
    assert kinds[0] == "table" and kinds.count("picture") == 1 and kinds.index("picture") > 0
    assert following[kinds.index("picture")][1] == [png]
    descr = [s._inline.docPr.get("descr") for s in doc.inline_shapes]
    assert any(d.startswith("Response rate by attribute, municipalities") and "%" in d for d in descr)
    # HTML: the same picture right after the table's notes
    html = (llo_en / "report.html").read_text(encoding="utf-8")
    start = html.index(f"<caption>{caption}")
    assert html.index(base64.b64encode(png).decode("ascii")) > start
    assert html.index(base64.b64encode(png).decode("ascii")) < html.index("<figcaption>", start)
    # slides: after the response slide, the response figure under its table's caption
    slides = list(Presentation(str(llo_en / "report.pptx")).slides)
    titles = [s.shapes.title.text for s in slides]
    k = titles.index(caption)
    assert titles[k - 1].startswith("Table 1.1") and titles[k + 1].startswith("Figure 2.1")
    assert [sh.image.blob for sh in slides[k].shapes if sh.shape_type == 13] == [png]
