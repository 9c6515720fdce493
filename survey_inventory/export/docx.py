"""report.docx: every figure and table in report order, ready to copy into a note.

Captions above (Word's "Caption" style), notes below, after the study lines and a
short reading guide (:mod:`~survey_inventory.export.guide`). Figures are the
caption-less PNGs of :func:`~survey_inventory.render.pool.render_all`, described for
screen readers; tables are written as WordprocessingML. No time stamps: two runs give
the same bytes.
"""
from __future__ import annotations

import html
import io
from pathlib import Path

from .files import normalised_zip
from .guide import reading_guide, study_lines
from .items import cell_text, is_numeric_format, report_items
from .safe import xml_safe

__all__ = ["write_docx"]


def write_docx(figures, tables, path, codebook, lang=None, *, width_cm: float = 16.0,
               rounding: str | None = None) -> Path:
    """report.docx: every figure and table in report order.

    Captioned above ("Caption" style), notes below ("Figure note" style), after the
    study lines and a short reading guide (:func:`~survey_inventory.export.guide.reading_guide`).

    Parameters
    ----------
    figures : list of RenderedFigure
        From :func:`~survey_inventory.render.pool.render_all`; their caption-less PNG is embedded.
    tables : list of DisplayTable
    path : path-like
    codebook : survey_inventory.codebook.Codebook
    lang : {"nl", "en"}, optional
    width_cm : float
        The figures' width.
    rounding : str, optional
        The run's rounding rule, explained in the reading guide.

    Returns
    -------
    pathlib.Path

    Examples
    --------
    >>> import tempfile
    >>> import pandas as pd
    >>> from pathlib import Path
    >>> from survey_inventory.render.tables import DisplayTable
    >>> table = DisplayTable("t", "9.9", "Tabel 9.9 Voorbeeld", pd.DataFrame({"Categorie": ["Goed"], "%": [33.3]}),
    ...                      {"%": "pct0"}, notes=["Een noot."])
    >>> import survey_inventory
    >>> from survey_inventory.codebook import load_codebook
    >>> cb = load_codebook(Path(survey_inventory.__file__).parents[1] / "codebooks" / "bartels-2025.yaml")
    >>> from docx import Document
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     doc = Document(str(write_docx([], [table], Path(tmp) / "r.docx", cb)))
    >>> [p.text for p in doc.paragraphs if p.style.name == "Caption"], doc.tables[0].rows[1].cells[1].text
    (['Tabel 9.9 Voorbeeld'], '33%')
    """
    from docx import Document
    from docx.enum.style import WD_STYLE_TYPE
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import parse_xml
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt, RGBColor

    lang = lang or codebook.study.language
    doc = Document()
    doc.core_properties.title = codebook.label(codebook.study.title, lang)
    doc.core_properties.author = "survey-inventory"
    doc.core_properties.language = lang
    normal = doc.styles["Normal"]
    normal.font.size = Pt(10)
    doc.add_heading(codebook.label(codebook.study.title, lang), level=0)
    for line in study_lines(codebook, lang):
        doc.add_paragraph(line)
    guide_title, guide = reading_guide(codebook, lang, rounding)
    doc.add_heading(guide_title, level=1)
    for line in guide:
        doc.add_paragraph(line)

    cap_style = doc.styles["Caption"]
    cap_style.font.bold, cap_style.font.italic, cap_style.font.size = True, False, Pt(9.5)
    cap_style.font.color.rgb = RGBColor(0x1A, 0x1A, 0x1A)
    cap_style.paragraph_format.keep_with_next = True
    note_style = doc.styles.add_style("Figure note", WD_STYLE_TYPE.PARAGRAPH)
    note_style.base_style = normal
    note_style.font.size, note_style.font.italic = Pt(8), True
    note_style.font.color.rgb = RGBColor(0x40, 0x40, 0x40)
    note_style.paragraph_format.space_after = Pt(0)

    def caption(text):
        return doc.add_paragraph(text, style=cap_style)

    def notes(lines):
        for line in lines:
            doc.add_paragraph(line, style=note_style)
        if lines:
            doc.add_paragraph().paragraph_format.space_after = Pt(4)

    for kind, *rest in report_items(figures, tables, codebook, lang):
        if kind == "heading":
            doc.add_heading(rest[1], level=rest[0])
        elif kind == "figure":
            fig = rest[0]
            caption(fig.caption)
            doc.add_picture(io.BytesIO(fig.embed_png), width=Cm(width_cm))
            pic = doc.paragraphs[-1]
            pic.alignment = WD_ALIGN_PARAGRAPH.LEFT
            pic.paragraph_format.keep_with_next = bool(fig.spec.notes)
            for doc_pr in pic._p.iter(qn("wp:docPr")):
                doc_pr.set("descr", f"{fig.caption}: {fig.spec.alt}" if fig.spec.alt else fig.caption)
            notes(fig.spec.notes)
        else:
            table = rest[0]
            caption(table.caption)
            doc.element.body.sectPr.addprevious(parse_xml(_docx_table_xml(table, lang)))
            notes(table.notes)
            if not table.notes:
                doc.add_paragraph()
    buf = io.BytesIO()
    doc.save(buf)
    path = Path(path)
    path.write_bytes(normalised_zip(buf.getvalue()))
    return path


_W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _docx_table_xml(table, lang) -> str:
    """A Word table as WordprocessingML: header row repeated on every page, numbers
    right-aligned, "x" centred, 8.5 pt (built as text: python-docx's cell API takes a
    second for the ~1,300 cells of a run)."""
    esc = html.escape
    frame = table.frame

    def cell(text, align, bold):
        jc = f'<w:pPr><w:spacing w:after="0"/><w:jc w:val="{align}"/></w:pPr>'
        rpr = "<w:rPr>" + ("<w:b/>" if bold else "") + '<w:sz w:val="17"/></w:rPr>'
        return f'<w:tc><w:p>{jc}<w:r>{rpr}<w:t xml:space="preserve">{esc(xml_safe(text))}</w:t></w:r></w:p></w:tc>'

    numeric = [is_numeric_format(table.formats.get(col, "")) for col in frame.columns]
    head = "".join(cell(str(col), "right" if num else "left", True) for col, num in zip(frame.columns, numeric))
    rows = [f'<w:tr><w:trPr><w:tblHeader/></w:trPr>{head}</w:tr>']
    for r, row in enumerate(frame.itertuples(index=False)):
        cells = []
        for col, value, num in zip(frame.columns, row, numeric):
            text = cell_text(value, table.formats.get(col, "text"), lang)
            cells.append(cell(text, "right" if num else ("center" if text == "x" else "left"), r in table.emphasis))
        rows.append(f"<w:tr>{''.join(cells)}</w:tr>")
    grid = "".join("<w:gridCol/>" for _ in frame.columns)
    return (f'<w:tbl xmlns:w="{_W_NS}"><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="0" w:type="auto"/>'
            f'<w:tblLook w:firstRow="1" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" w:noHBand="0" '
            f'w:noVBand="1"/></w:tblPr><w:tblGrid>{grid}</w:tblGrid>{"".join(rows)}</w:tbl>')
