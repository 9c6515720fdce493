"""Draft text files (survey_inventory.export.texts), read back with python-docx."""
from __future__ import annotations

import docx

from survey_inventory.export.texts import texts_markdown, write_texts_docx, write_texts_md
from survey_inventory.render.prose import FigureText, draft_texts

TEXTS = [FigureText("2.3", "Figuur 2.3 Bekendheid met regionale wgo's, onder provincies (N = 9)",
                    ("Bijna de helft van de provincies (4 van de 9) antwoordt ‘Redelijk/ deels’.",
                     "Een derde van de provincies (3 van de 9) antwoordt ‘(Zeer) goed’.")),
         FigureText("", "Betrokkenheid *bij* hotspots (N = 3)", ("2 van de 3 provincies antwoorden ‘Niet’.",)),
         FigureText("4.4", "", ("# 3 van de 6\x0b AMR's antwoorden ‘Actief betrokken’.",))]


def test_markdown(tmp_path):
    text = write_texts_md(TEXTS, tmp_path / "texts.md").read_text(encoding="utf-8")
    lines = text.splitlines()
    assert lines[0] == "# Concepttekst bij de figuren"
    assert "**Concepttekst — controleer voor gebruik**" in lines
    assert "## Figuur 2.3 Bekendheid met regionale wgo's, onder provincies (N = 9)" in lines
    assert ("Bijna de helft van de provincies (4 van de 9) antwoordt ‘Redelijk/ deels’. "
            "Een derde van de provincies (3 van de 9) antwoordt ‘(Zeer) goed’.") in lines
    assert "## Betrokkenheid \\*bij\\* hotspots (N = 3)" in lines          # markup is literal
    assert "## Figuur 4.4" in lines                                       # no caption: the number
    assert "\\# 3 van de 6 AMR's antwoorden ‘Actief betrokken’." in lines  # no heading, no control character
    assert "\r" not in text and "\x0b" not in text


def test_docx(tmp_path):
    path = write_texts_docx(TEXTS, tmp_path / "texts.docx", "nl", title="Inventarisatie")
    doc = docx.Document(path)
    paragraphs = [(p.style.name, p.text) for p in doc.paragraphs]
    assert paragraphs[0] == ("Title", "Concepttekst bij de figuren")
    assert ("Normal", "Concepttekst — controleer voor gebruik") in paragraphs
    headings = [t for s, t in paragraphs if s == "Heading 2"]
    assert headings == [TEXTS[0].caption, TEXTS[1].caption, "Figuur 4.4"]
    assert " ".join(TEXTS[0].sentences) in [t for _, t in paragraphs]
    assert doc.core_properties.subject == "Concepttekst — controleer voor gebruik"
    assert doc.core_properties.title == "Inventarisatie"
    lang = doc.styles["Normal"].element.rPr.find(docx.oxml.ns.qn("w:lang"))
    assert lang.get(docx.oxml.ns.qn("w:val")) == "nl-NL"
    section = doc.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)
    assert round(section.left_margin.cm, 2) == round(section.right_margin.cm, 2) == 2.5
    again = write_texts_docx(TEXTS, tmp_path / "again.docx", "nl", title="Inventarisatie")
    assert path.read_bytes() == again.read_bytes()


def test_english_docx(tmp_path):
    doc = docx.Document(write_texts_docx(TEXTS[:1], tmp_path / "t.docx", "en"))
    assert doc.paragraphs[0].text == "Draft text for the figures"
    assert "Draft text — check before use" in [p.text for p in doc.paragraphs]
    lang = doc.styles["Normal"].element.rPr.find(docx.oxml.ns.qn("w:lang"))
    assert lang.get(docx.oxml.ns.qn("w:val")) == "en-GB"


def test_bundled_texts_cover_every_figure(bundled_codebook, tmp_path):
    from survey_inventory.estimate import distributions
    from survey_inventory.load import load_study

    dist = distributions(load_study(bundled_codebook).responses, bundled_codebook)
    texts = draft_texts(dist)
    md = texts_markdown(texts)
    for caption in dist["caption"].dropna().unique():
        assert f"## {caption}" in md
    doc = docx.Document(write_texts_docx(texts, tmp_path / "texts.docx"))
    assert sum(p.style.name == "Heading 2" for p in doc.paragraphs) == len(texts)
