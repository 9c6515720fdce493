"""report.docx: every figure and table in report order, ready to copy into a note.

A4, 2.5 cm margins, the report's language (nl-NL, en-GB) for spelling, page numbers in
the footer, a table of contents and lists of figures and tables (Word fields, updated
when Word opens the file), then the study lines and a short reading guide
(:mod:`~survey_inventory.export.guide`, with a paragraph on low response where it
applies: :mod:`~survey_inventory.render.lowresponse`). Captions above (Word's "Caption"
style, a Word caption with the study's number, see :mod:`~survey_inventory.export.wordml`),
notes below. Figures are the bare PNGs of :func:`~survey_inventory.render.pool.render_all`
at the text width, described for screen readers; tables are WordprocessingML with fixed
column widths from the longest word of each column at the table font, so no word is
broken; a table too wide for that even at 7 pt gets a landscape page of its own. "(N = 9)"
is held together by no-break spaces.

``template``: an organisation's own Word file (.docx) gives the styles, fonts, colours,
page set-up, header and footer (a logo, say); its body is replaced by the report. Without
one the style is plain: Arial, black text, A4. No time stamps: two runs give the same bytes.
"""
from __future__ import annotations

import html
import io
import re
from pathlib import Path

from ..errors import SurveyInputError
from ..phrases import say
from ..render.lowresponse import low_response_guide
from ..render.measure import FontMeasure
from .files import normalised_zip
from .guide import reading_guide, study_lines
from .items import cell_text, is_numeric_format, report_items
from .safe import xml_safe
from .wordml import (LANG_TAGS, W_NS, column_widths, page_field_paragraph, seq_field, set_language,
                     set_update_fields, toc_paragraphs)

__all__ = ["write_docx", "keep_together"]

_TABLE_PT = (8.5, 8.0, 7.5, 7.0)   # the table font, smaller only when the longest words do not fit otherwise
_CELL_PAD_PT = 2 * 5.4 + 1.5       # Word's default cell margins (0.19 cm a side) and a little slack
_TWIPS = 20                        # per point
_N_EQUALS = re.compile(r"\((N|n|N_d)\s*=\s*")


def keep_together(text: str) -> str:
    """The text with no-break spaces inside "(N = 9)", so a line never breaks in it.

    Parameters
    ----------
    text : str
        A caption, note or table cell.

    Returns
    -------
    str
        ``text`` with U+00A0 on both sides of the "=" of every "(N = ...)".

    Examples
    --------
    >>> keep_together("Figuur 2.3 Bekendheid, onder provincies (N = 9)")
    'Figuur 2.3 Bekendheid, onder provincies (N\xa0=\xa09)'
    """
    return _N_EQUALS.sub(lambda m: f"({m.group(1)}\u00a0=\u00a0", text)


def write_docx(figures, tables, path, codebook, lang=None, *, width_cm: float = 16.0,
               rounding: str | None = None, dist=None, template=None, sections=(), table_figures=None) -> Path:
    """report.docx: every figure and table in report order.

    Captioned above ("Caption" style, a Word caption keeping the study's number), notes
    below ("Figure note" style), after the contents, the lists of figures and tables, the
    study lines and a short reading guide
    (:func:`~survey_inventory.export.guide.reading_guide`).

    Parameters
    ----------
    figures : list of RenderedFigure
        From :func:`~survey_inventory.render.pool.render_all`; their bare PNG is embedded.
    tables : list of DisplayTable
    path : path-like
    codebook : survey_inventory.codebook.Codebook
    lang : {"nl", "en"}, optional
    width_cm : float
        The widest a figure or table may be (at most the template's text width).
    rounding : str, optional
        The run's rounding rule, explained in the reading guide.
    dist : pandas.DataFrame, optional
        ``distributions``: the reading guide names the groups with low response.
    template : path-like, optional
        A Word file (.docx) whose styles, page set-up, header and footer the report takes.
    sections : sequence of (str, list of str), optional
        Extra sections after the reading guide, each a heading and its paragraphs (the
        "what changed" section of a study with waves).
    table_figures : dict, optional
        Table key -> (PNG bytes, description): a picture shown under that table and its
        notes (the response figure of a framed type beside its response table).

    Returns
    -------
    pathlib.Path
        ``path``, written.

    Examples
    --------
    >>> import tempfile
    >>> from docx import Document
    >>> from survey_inventory.datasets import load_example
    >>> from survey_inventory.render.tables import distribution_tables
    >>> cb, _, dist = load_example()
    >>> tables = distribution_tables(dist[dist["figure"] == "2.3"], cb)
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     doc = Document(str(write_docx([], tables, Path(tmp) / "r.docx", cb)))
    >>> caption = next(p for p in doc.paragraphs if p.style.name == "Caption")
    >>> "".join(run.text for run in caption.runs if not run.font.hidden)     # the caption field's runs are hidden
    'Tabel B.1 Bekendheid: aantallen, percentages en 95%-betrouwbaarheidsintervallen'
    >>> [cell.text for cell in doc.tables[0].rows[1].cells][3:7]
    ['(Zeer) goed', '3', '9', '33%']
    >>> round(doc.sections[0].page_width.cm, 1), round(doc.sections[0].left_margin.cm, 1)
    (21.0, 2.5)
    """
    from docx.enum.section import WD_SECTION
    from docx.enum.style import WD_STYLE_TYPE
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import parse_xml
    from docx.oxml.ns import qn
    from docx.shared import Cm, Emu, Pt

    lang = lang or codebook.study.language
    doc = _new_document(template)
    section = doc.sections[0]
    text_width = Emu(section.page_width - section.left_margin - section.right_margin)
    width = min(Cm(width_cm), text_width)
    set_language(doc, LANG_TAGS.get(lang, lang))
    set_update_fields(doc)
    doc.core_properties.title = codebook.label(codebook.study.title, lang)
    doc.core_properties.author = "survey-inventory"
    doc.core_properties.language = LANG_TAGS.get(lang, lang)
    cap_style, note_style = _styles(doc, plain=template is None)
    if not any("PAGE" in (t.text or "") for t in section.footer._element.iter(qn("w:instrText"))) and \
            not section.footer._element.xpath(".//w:fldSimple[contains(@w:instr, 'PAGE')]"):
        section.footer.is_linked_to_previous = False
        section.footer._element.append(parse_xml(page_field_paragraph(say("report:page", lang) + " ")))
    body = doc.element.body

    def add_xml(xml):
        body.sectPr.addprevious(parse_xml(xml))

    style_ids: dict = {}

    def styled(text, style):
        """``doc.add_paragraph(text, style=style)``, the style's id looked up once per document
        (python-docx looks through every style for the default one at each assignment)."""
        key = style if isinstance(style, str) else style.name
        if key not in style_ids:
            style_ids[key] = doc.part.get_style_id(style, WD_STYLE_TYPE.PARAGRAPH)
        para = doc.add_paragraph(text)
        para._p.style = style_ids[key]
        return para

    def heading(text, level):
        """``doc.add_heading(text, level)`` through :func:`styled`."""
        return styled(text, "Title" if level == 0 else f"Heading {level}")

    items = report_items(figures, tables, codebook, lang)
    heading(codebook.label(codebook.study.title, lang), level=0)
    for line in study_lines(codebook, lang):
        doc.add_paragraph(line)
    fig_word, tab_word = say("figure", lang), say("table", lang)
    guide_title, guide = reading_guide(codebook, lang, rounding)
    toc = {name: doc.styles[name].style_id for name in ("toc 1", "toc 2", "table of figures")}
    lists = [(say("report:contents", lang), 'TOC \\o "1-2" \\h \\z \\u',
              [(toc["toc 1"], guide_title)] + [(toc[f"toc {min(x[1], 2)}"], x[2]) for x in items if x[0] == "heading"]),
             (say("report:list_of_figures", lang), f'TOC \\h \\z \\c "{fig_word}"',
              [(toc["table of figures"], x[1].caption) for x in items if x[0] == "figure"]),
             (say("report:list_of_tables", lang), f'TOC \\h \\z \\c "{tab_word}"',
              [(toc["table of figures"], x[1].caption) for x in items if x[0] == "table"])]
    for title, instruction, entries in lists:
        if not entries:
            continue
        head = styled(title, "TOC Heading")
        head.paragraph_format.keep_with_next = True
        for xml in toc_paragraphs(instruction, [(st, keep_together(t)) for st, t in entries],
                                  say("report:update_fields", lang)):
            add_xml(xml)
    styled(say("report:update_fields", lang), note_style)
    heading(guide_title, level=1)
    for line in guide + (low_response_guide(dist, codebook, lang) if dist is not None else []):
        doc.add_paragraph(line)
    for title, paragraphs in sections:  # e.g. "what changed" between waves (survey_inventory.follow_up)
        heading(title, level=1)
        for line in paragraphs:
            doc.add_paragraph(line)

    def caption(text, label, number):
        # the hidden caption field right after the study's number: Word's cross-reference
        # "label and number" then reads "Figuur 2.3"
        head = f"{label} {number}"
        head, rest = (head, text[len(head):]) if text.startswith(head) else (text, "")
        para = styled(keep_together(head), cap_style)
        for run in list(parse_xml(f'<w:p xmlns:w="{W_NS}">{seq_field(label, number)}</w:p>')):
            para._p.append(run)
        if rest:
            para.add_run(keep_together(rest))
        return para

    def notes(lines):
        for line in lines:
            styled(keep_together(line), note_style)
        if lines:
            doc.add_paragraph().paragraph_format.space_after = Pt(4)

    measure = FontMeasure(_table_font(doc))
    portrait_pt = width.pt
    landscape_pt = Emu(section.page_height - section.left_margin - section.right_margin).pt
    layouts = {}
    for kind, *rest in items:  # a table whose words do not fit across the page even at 7 pt goes landscape
        if kind == "table":
            layout = _table_layout(rest[0], lang, measure, portrait_pt)
            if not layout[-1] and landscape_pt > portrait_pt:
                layout = _table_layout(rest[0], lang, measure, landscape_pt) + ("landscape",)
            layouts[id(rest[0])] = layout
    wide = [kind == "table" and layouts[id(rest[0])][-1] == "landscape" for kind, *rest in items]
    landscape = False
    for k, (kind, *rest) in enumerate(items):
        turn = next((w for (kd, *_), w in zip(items[k:], wide[k:]) if kd != "heading"), False)
        if turn != landscape:  # a heading goes with what follows it
            _turn(doc.add_section(WD_SECTION.NEW_PAGE), landscape=turn)
            landscape = turn
        if kind == "heading":
            heading(rest[1], level=rest[0])
        elif kind == "figure":
            fig = rest[0]
            caption(fig.caption, fig_word, fig.number)
            doc.add_picture(io.BytesIO(fig.embed_png), width=width)
            pic = doc.paragraphs[-1]
            pic.alignment = WD_ALIGN_PARAGRAPH.LEFT
            pic.paragraph_format.keep_with_next = bool(fig.spec.notes)
            for doc_pr in pic._p.iter(qn("wp:docPr")):
                doc_pr.set("descr", f"{fig.caption}: {fig.spec.alt}" if fig.spec.alt else fig.caption)
            notes(fig.spec.notes)
        else:
            table = rest[0]
            caption(table.caption, tab_word, table.number)
            add_xml(_docx_table_xml(table, *layouts[id(table)][:5]))
            notes(table.notes)
            if not table.notes:
                doc.add_paragraph()
            if table.key in (table_figures or {}):   # its figure: under the table, before what follows
                png, description = table_figures[table.key]
                doc.add_picture(io.BytesIO(png), width=width)
                pic = doc.paragraphs[-1]
                pic.alignment = WD_ALIGN_PARAGRAPH.LEFT
                for doc_pr in pic._p.iter(qn("wp:docPr")):
                    doc_pr.set("descr", description)
    buf = io.BytesIO()
    doc.save(buf)
    path = Path(path)
    path.write_bytes(normalised_zip(buf.getvalue()))
    return path


def _new_document(template):
    """A document to fill: the user's template with its body emptied (styles, page set-up, headers,
    footers and their logos kept), or python-docx's default made A4 with 2.5 cm margins."""
    from docx import Document
    from docx.shared import Cm

    if template is not None:
        try:
            doc = Document(str(template))
        except Exception as exc:  # python-docx raises several kinds for a file that is not a .docx
            raise SurveyInputError("not a Word document (.docx) to take the house style from",
                                   file=template, expected="a .docx saved by Word; save a .dotx as .docx") from exc
        body = doc.element.body
        for child in list(body):
            if child is not body.sectPr:
                body.remove(child)
        return doc
    doc = Document()
    for section in doc.sections:
        section.page_width, section.page_height = Cm(21.0), Cm(29.7)
        section.left_margin = section.right_margin = section.top_margin = section.bottom_margin = Cm(2.5)
        section.header_distance = section.footer_distance = Cm(1.25)
    return doc


def _styles(doc, plain: bool):
    """The caption and note styles (made when the template lacks them); in the plain style,
    Arial and black headings everywhere (one font, high contrast)."""
    from docx.enum.style import WD_STYLE_TYPE
    from docx.oxml.ns import qn
    from docx.shared import Pt, RGBColor

    names = {s.name for s in doc.styles}
    normal = doc.styles["Normal"]
    if plain:
        normal.font.size = Pt(10)
        for style in doc.styles:
            if style.type == WD_STYLE_TYPE.PARAGRAPH and (style.name == "Normal" or style.name.startswith(
                    ("Heading", "Title", "Caption", "TOC", "toc", "table of figures"))):
                style.font.name = "Arial"
                rfonts = style.element.rPr.find(qn("w:rFonts")) if style.element.rPr is not None else None
                if rfonts is not None:
                    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
                        rfonts.attrib.pop(qn(attr), None)
                    rfonts.set(qn("w:cs"), "Arial")
                if style.name.startswith(("Heading", "Title")):
                    style.font.color.rgb = RGBColor(0x1A, 0x1A, 0x1A)
    for name, base in (("Caption", normal), ("TOC Heading", normal), ("toc 1", normal), ("toc 2", normal),
                       ("table of figures", normal)):
        if name not in names:
            doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH).base_style = base
    cap_style = doc.styles["Caption"]
    if plain:
        cap_style.font.bold, cap_style.font.italic, cap_style.font.size = True, False, Pt(9.5)
        cap_style.font.color.rgb = RGBColor(0x1A, 0x1A, 0x1A)
        toc_head = doc.styles["TOC Heading"]
        toc_head.font.bold, toc_head.font.size = True, Pt(13)
        toc_head.paragraph_format.space_before = Pt(12)
    cap_style.paragraph_format.keep_with_next = True
    if "Figure note" in names:
        return cap_style, doc.styles["Figure note"]
    note_style = doc.styles.add_style("Figure note", WD_STYLE_TYPE.PARAGRAPH)
    note_style.base_style = normal
    note_style.font.size, note_style.font.italic = Pt(8), True
    note_style.font.color.rgb = RGBColor(0x40, 0x40, 0x40)
    note_style.paragraph_format.space_after = Pt(0)
    return cap_style, note_style


def _table_font(doc) -> str:
    """The font the tables are set in: the Normal style's, else the defaults' (Calibri in Word's own)."""
    from docx.oxml.ns import qn

    name = doc.styles["Normal"].font.name
    if name:
        return name
    rfonts = doc.styles.element.find(f"{qn('w:docDefaults')}//{qn('w:rFonts')}")
    return rfonts.get(qn("w:ascii")) if rfonts is not None and rfonts.get(qn("w:ascii")) else "Calibri"


def _turn(section, landscape: bool) -> None:
    """Turn a (new) section to landscape or back to portrait: swap the page's sides."""
    from docx.enum.section import WD_ORIENT

    width, height = section.page_width, section.page_height
    if (width > height) != landscape:
        section.page_width, section.page_height = height, width
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT


def _table_layout(table, lang, measure, available_pt):
    """The printed cells, column widths (twips) and font size of a Word table, and whether it fits.

    8.5 pt, smaller (down to 7 pt) only when the longest words do not fit otherwise; each
    column at least as wide as its longest word (:meth:`FontMeasure.longest_word`), the
    rest of the width shared out (:func:`~survey_inventory.export.wordml.column_widths`)."""
    frame = table.frame
    numeric = [is_numeric_format(table.formats.get(col, "")) for col in frame.columns]
    heads = [keep_together(str(col)) for col in frame.columns]
    body = [[keep_together(cell_text(value, table.formats.get(col, "text"), lang))
             for col, value in zip(frame.columns, row)] for row in frame.itertuples(index=False)]
    for size in _TABLE_PT:
        minimum, natural = [], []
        for c, head in enumerate(heads):
            texts = [(head, True)] + [(row[c], r in table.emphasis) for r, row in enumerate(body)]
            minimum.append(max(measure.longest_word(t, size, b) for t, b in texts) + _CELL_PAD_PT)
            natural.append(max(measure.width(t, size, b) for t, b in texts) + _CELL_PAD_PT)
        if sum(minimum) <= available_pt:
            break
    widths = [int(w * _TWIPS) for w in column_widths(minimum, natural, available_pt)]  # down: within the width
    return numeric, heads, body, widths, size, sum(minimum) <= available_pt


def _docx_table_xml(table, numeric, heads, body, widths, size) -> str:
    """A Word table as WordprocessingML: header row repeated on every page, rows not split,
    numbers right-aligned, "x" centred, fixed column widths (built as text: python-docx's
    cell API takes a second for the ~1,300 cells of a run)."""
    esc = html.escape
    half_points = int(round(2 * size))

    def cell(text, align, bold, w):
        jc = f'<w:pPr><w:spacing w:after="0"/><w:jc w:val="{align}"/></w:pPr>'
        rpr = "<w:rPr>" + ("<w:b/>" if bold else "") + f'<w:sz w:val="{half_points}"/></w:rPr>'
        return (f'<w:tc><w:tcPr><w:tcW w:w="{w}" w:type="dxa"/></w:tcPr><w:p>{jc}<w:r>{rpr}'
                f'<w:t xml:space="preserve">{esc(xml_safe(text))}</w:t></w:r></w:p></w:tc>')

    head = "".join(cell(h, "right" if num else "left", True, w) for h, num, w in zip(heads, numeric, widths))
    rows = [f'<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>{head}</w:tr>']
    for r, row in enumerate(body):
        cells = [cell(text, "right" if num else ("center" if text == "x" else "left"), r in table.emphasis, w)
                 for text, num, w in zip(row, numeric, widths)]
        rows.append(f"<w:tr><w:trPr><w:cantSplit/></w:trPr>{''.join(cells)}</w:tr>")
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    return (f'<w:tbl xmlns:w="{W_NS}"><w:tblPr><w:tblStyle w:val="TableGrid"/>'
            f'<w:tblW w:w="{sum(widths)}" w:type="dxa"/><w:tblLayout w:type="fixed"/>'
            f'<w:tblLook w:firstRow="1" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" w:noHBand="0" '
            f'w:noVBand="1"/></w:tblPr><w:tblGrid>{grid}</w:tblGrid>{"".join(rows)}</w:tbl>')
