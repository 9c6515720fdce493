"""Report files: an Excel workbook, a Word document and one self-contained HTML page.

All three take the same figures (:class:`~survey_inventory.render.figures.RenderedFigure`)
and tables (:class:`~survey_inventory.render.tables.DisplayTable`) and put them
in the same report order (:func:`report_items`):

1. the response table (Tabel 1.1);
2. per sector, in codebook order: the participant matrix (2.1, 4.1, ...), the
   figures in report order (2.3, 2.4, ...), each coded open-answer table after
   the last figure of its respondent type;
3. appendix A: the overview figures; B: the distribution tables; C: the inventory.

* :func:`write_xlsx`: one sheet per table, caption in row 1, frozen header row,
  percentages as numbers with a percent format, text made formula-safe
  (:func:`survey_inventory.export.neutralise`).
* :func:`write_docx`: every figure and table with its caption above (Word's
  "Caption" style) and notes below, ready to copy into a note.
* :func:`write_html`: one page, figures embedded as base64 PNG, no external
  reference of any kind, so it opens offline.

None of the files carries a time stamp: two runs on the same input give the
same bytes.
"""
from __future__ import annotations

import base64
import html
import io
import re
import zipfile
from pathlib import Path

from .export import neutralise, xml_safe
from .render import fmt_pct, is_missing, say

__all__ = ["report_items", "reading_guide", "write_xlsx", "write_docx", "write_html", "cell_text"]

_APPENDIX = {"A": ("Overzicht per sector en type respondent", "Overview by sector and respondent type"),
             "B": ("Verdelingen met intervallen", "Distributions with intervals"),
             "C": ("Onderzochte samenwerkingsverbanden", "Collaborations studied")}
_WORDS = {"response": ("Respons", "Response"), "contents": ("Inhoud", "Contents"),
          "notes": ("Toelichting", "Notes")}


def _w(table, key, lang):
    return table[key][1 if lang == "en" else 0]


# -- order -----------------------------------------------------------------------------

def report_items(figures, tables, codebook, lang=None) -> list[tuple]:
    """Figures and tables in report order, with section headings:
    a list of ``("heading", level, text)``, ``("figure", fig)`` and ``("table", table)``."""
    lang = lang or codebook.study.language
    figures, tables = list(figures), list(tables)
    items = []
    intro = [t for t in tables if t.section == "intro"]
    if intro:
        items.append(("heading", 1, _w(_WORDS, "response", lang)))
        items.extend(("table", t) for t in intro)
    for sector in codebook.sectors:
        figs = [f for f in figures if f.spec.kind == "bar" and f.spec.sector == sector.id]
        tabs = [t for t in tables if t.section == sector.id]
        if not figs and not tabs:
            continue
        label = codebook.label(sector.label, lang)
        items.append(("heading", 1, label[:1].upper() + label[1:]))
        items.extend(("table", t) for t in tabs if not t.place_after)
        pending = [t for t in tabs if t.place_after]
        for k, fig in enumerate(figs):
            items.append(("figure", fig))
            nxt = figs[k + 1].spec.respondent_type if k + 1 < len(figs) else None
            if nxt != fig.spec.respondent_type:  # last figure of this respondent type
                for t in [t for t in pending if t.place_after == f"type:{fig.spec.respondent_type}"]:
                    items.append(("table", t))
                    pending.remove(t)
        items.extend(("table", t) for t in pending)
    appendix = {"A": [("figure", f) for f in figures if f.spec.kind == "overview"],
                "B": [("table", t) for t in tables if t.section == "appendix" and t.number.startswith("B")],
                "C": [("table", t) for t in tables if t.section == "appendix" and not t.number.startswith("B")]}
    placed = {id(x[1]) for x in items if x[0] != "heading"}
    for letter, content in appendix.items():
        if content:
            items.append(("heading", 1, f"{say('appendix', lang)} {letter} {_w(_APPENDIX, letter, lang)}"))
            items.extend(content)
            placed |= {id(x[1]) for x in content}
    rest = [("table", t) for t in tables if id(t) not in placed] + [("figure", f) for f in figures if id(f) not in placed]
    items.extend(rest)
    return items


def cell_text(value, fmt: str, lang: str) -> str:
    """A table cell as printed in Word and HTML: ``33%``, ``25,0%``, ``9``, ``x``; "–" when empty."""
    if isinstance(value, str):
        return value
    if is_missing(value):
        return "–" if fmt != "text" else ""
    if fmt == "pct0":
        return fmt_pct(value, lang)
    if fmt == "pct1":
        return fmt_pct(value, lang, 1)
    if fmt in ("int", "year"):
        return str(int(value))
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _numeric(fmt):
    return fmt in ("pct0", "pct1", "int", "year")


# -- deterministic zip containers (xlsx, docx) ----------------------------------------------

_STAMP = re.compile(rb"<dcterms:(created|modified)[^>]*>[^<]*</dcterms:\1>|<cp:lastModifiedBy>[^<]*</cp:lastModifiedBy>")


def _normalised_zip(data: bytes) -> bytes:
    """The same container without time stamps: fixed entry dates, no created/modified
    properties. Office opens it as before."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            payload = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                payload = _STAMP.sub(b"", payload)
            entry = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            dst.writestr(entry, payload)
    return out.getvalue()


# -- Excel ----------------------------------------------------------------------------------

def _sheet_name(table, used: set) -> str:
    name = re.sub(r"[\[\]:*?/\\']", "", f"{table.caption.split(' ')[0]} {table.number}")[:31] or "Tabel"
    base, k = name, 2
    while name.lower() in used:
        name = f"{base[:28]} ({k})"
        k += 1
    used.add(name.lower())
    return name


def write_xlsx(tables, path, lang: str = "nl") -> Path:
    """One formatted sheet per table: caption in row 1, header in row 2 (frozen, with a
    filter), data below, notes after a blank row. Percentages are numbers (0.33)
    shown with a percent format; all text is formula-safe."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    wb.remove(wb.active)
    used = set()
    head_fill = PatternFill("solid", fgColor="DCE6F1")
    rule = Border(bottom=Side(style="thin", color="808080"))
    for table in tables:
        ws = wb.create_sheet(_sheet_name(table, used))
        frame = table.frame
        ws.cell(row=1, column=1, value=neutralise(table.caption)).font = Font(bold=True, size=12)
        for c, col in enumerate(frame.columns, start=1):
            cell = ws.cell(row=2, column=c, value=neutralise(str(col)))
            cell.font, cell.fill, cell.border = Font(bold=True), head_fill, rule
            cell.alignment = Alignment(wrap_text=True, vertical="bottom",
                                       horizontal="right" if _numeric(table.formats.get(col, "")) else "left")
        for r, row in enumerate(frame.itertuples(index=False), start=3):
            bold = (r - 3) in table.emphasis
            for c, (col, value) in enumerate(zip(frame.columns, row), start=1):
                fmt = table.formats.get(col, "text")
                cell = ws.cell(row=r, column=c)
                if isinstance(value, str) or not _numeric(fmt):
                    cell.value = None if is_missing(value) else neutralise(str(value))
                    if _numeric(fmt):
                        cell.alignment = Alignment(horizontal="right")
                elif is_missing(value):
                    cell.value = None
                elif fmt in ("pct0", "pct1"):
                    cell.value = float(value) / 100.0
                    cell.number_format = "0%" if fmt == "pct0" else "0.0%"
                else:
                    cell.value = int(value)
                    cell.number_format = "0"
                if bold:
                    cell.font = Font(bold=True)
        last = len(frame) + 2
        for k, note in enumerate(table.notes):
            ws.cell(row=last + 2 + k, column=1, value=neutralise(note)).font = Font(italic=True, color="404040")
        ws.freeze_panes = "A3"
        if len(frame):
            ws.auto_filter.ref = f"A2:{get_column_letter(len(frame.columns))}{last}"
        for c, col in enumerate(frame.columns, start=1):
            longest = max([len(str(col)) * 0.8] + [len(cell_text(v, table.formats.get(col, "text"), lang))
                                                    for v in frame[col]])
            ws.column_dimensions[get_column_letter(c)].width = min(60, max(9, longest + 2))
    buf = io.BytesIO()
    wb.save(buf)
    path = Path(path)
    path.write_bytes(_normalised_zip(buf.getvalue()))
    return path


# -- Word -----------------------------------------------------------------------------------

def _study_lines(codebook, lang):
    lines = []
    publisher, fieldwork = codebook.label(codebook.study.publisher, lang), codebook.label(codebook.study.fieldwork, lang)
    if publisher or fieldwork:
        lines.append(", ".join(x for x in (publisher, fieldwork) if x))
    if codebook.study.note:
        lines.append(codebook.label(codebook.study.note, lang))
    return lines


_GUIDE = {
    "title": ("Leeswijzer", "How to read this report"),
    "bars": ("Elke figuur is één balk van 100%. De antwoorden staan in de volgorde van de antwoordschaal, met in "
             "elke figuur dezelfde kleur voor hetzelfde antwoord (blauw van donker naar licht, ook leesbaar in "
             "grijs afgedrukt).",
             "Each figure is one bar of 100%. The answers are in the order of the answer scale, with the same "
             "colour for the same answer in every figure (blue from dark to light, readable when printed in grey)."),
    "zero": ("Een antwoord dat niemand gaf, blijft in de legenda staan met '(0%)' en krijgt een segment van "
             "breedte nul; balken en kleuren verschuiven dus nooit.",
             "An answer nobody gave stays in the legend, marked '(0%)', with a segment of zero width; so bars "
             "and colours never shift."),
    "apart": ("Antwoorden buiten de inhoudelijke schaal ({labels}) staan grijs en gearceerd, los van de schaal.",
              "Answers outside the substantive scale ({labels}) are grey and hatched, apart from the scale."),
    "half-up": ("Percentages zijn half naar boven afgerond, zoals in het rapport; een balk kan daardoor optellen "
                "tot 99% of 101% (dat staat dan onder de figuur). De balk zelf is getekend met de onafgeronde "
                "percentages.",
                "Percentages are rounded half up, as in the report; a bar may therefore sum to 99% or 101% (the "
                "figure then says so). The bar itself is drawn with the unrounded percentages."),
    "largest-remainder": ("Percentages zijn afgerond met de grootsterestmethode: de percentages van elke balk "
                          "tellen op tot 100%. De balk zelf is getekend met de onafgeronde percentages.",
                          "Percentages are rounded by the largest-remainder method: the percentages of each bar "
                          "sum to 100%. The bar itself is drawn with the unrounded percentages."),
    "half-even": ("Percentages zijn half naar even afgerond (12,5 wordt 12); een balk kan daardoor optellen tot "
                  "99% of 101% (dat staat dan onder de figuur). De balk zelf is getekend met de onafgeronde "
                  "percentages.",
                  "Percentages are rounded half to even (12.5 becomes 12); a bar may therefore sum to 99% or 101% "
                  "(the figure then says so). The bar itself is drawn with the unrounded percentages."),
    "truncate": ("Percentages zijn naar beneden afgerond; een balk telt daardoor vaak op tot minder dan 100% (dat "
                 "staat dan onder de figuur). De balk zelf is getekend met de onafgeronde percentages.",
                 "Percentages are rounded down; a bar therefore often sums to less than 100% (the figure then "
                 "says so). The bar itself is drawn with the unrounded percentages."),
    "base": ("N is het aantal antwoorden waarop de percentages rusten. Is een vraag alleen gesteld aan wie de "
             "verbanden kent, dan is N kleiner dan het aantal respondenten; de figuur zegt dat eronder.",
             "N is the number of answers the percentages rest on. Where a question was only asked of those who "
             "know the collaborations, N is smaller than the number of respondents; the figure says so below it."),
    "numbers": ("Figuren en tabellen die het rapport heeft, houden het nummer uit het rapport; wat het rapport "
                "niet heeft, krijgt het nummer ervoor plus een letter (bijvoorbeeld 4.2a). Bijlage A zet alle "
                "sectoren naast elkaar, met betrouwbaarheidsintervallen; bijlage B geeft alle aantallen, "
                "percentages en intervallen.",
                "Figures and tables the report has keep the report's number; what the report lacks gets the "
                "number before it plus a letter (for example 4.2a). Appendix A puts all sectors side by side, with "
                "confidence intervals; appendix B gives every count, percentage and interval."),
}


def reading_guide(codebook, lang=None, rounding: str | None = None) -> tuple[str, list[str]]:
    """The heading and paragraphs of the reading guide at the top of the Word and HTML
    reports: how the figures are built, in the reader's language."""
    lang = lang or codebook.study.language
    k = 1 if lang == "en" else 0
    apart = []
    for scale_id in dict.fromkeys(item.scale for item in codebook.items):
        for code in codebook.scale(scale_id).codes:
            if not code.substantive:
                label = codebook.label(code.label, lang)
                if label not in apart:
                    apart.append(label)
    lines = [_GUIDE["bars"][k], _GUIDE["zero"][k]]
    if apart:
        lines.append(_GUIDE["apart"][k].format(labels=", ".join(f"'{x}'" for x in apart)))
    if rounding in _GUIDE:
        lines.append(_GUIDE[rounding][k])
    lines += [_GUIDE["base"][k], _GUIDE["numbers"][k]]
    return _GUIDE["title"][k], lines


def write_docx(figures, tables, path, codebook, lang=None, *, width_cm: float = 16.0,
               rounding: str | None = None) -> Path:
    """Every figure and table in report order, captioned above ("Caption" style), notes below,
    after a short reading guide (:func:`reading_guide`)."""
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
    for line in _study_lines(codebook, lang):
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
    path.write_bytes(_normalised_zip(buf.getvalue()))
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

    numeric = [_numeric(table.formats.get(col, "")) for col in frame.columns]
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


# -- HTML -----------------------------------------------------------------------------------

_CSS = """
body{font-family:"Segoe UI",Calibri,Arial,sans-serif;font-size:15px;line-height:1.45;color:#1a1a1a;
max-width:60em;margin:2em auto;padding:0 1.2em}
h1{font-size:1.6em}h2{font-size:1.25em;margin-top:2.2em;border-bottom:1px solid #bdbdbd;padding-bottom:.2em}
figure{margin:1.6em 0}figcaption,caption{font-weight:bold;text-align:left;margin-bottom:.4em}
figure img{max-width:100%;height:auto;display:block}
table{border-collapse:collapse;margin:1.6em 0 .4em 0;font-size:.9em}
th,td{border:1px solid #bdbdbd;padding:.25em .5em;vertical-align:top}th{background:#dce6f1;text-align:left}
td.num,th.num{text-align:right}td.mark{text-align:center}tr.em td{font-weight:bold}
p.notes{font-size:.8em;color:#404040;font-style:italic;margin:.2em 0 1.4em 0}
nav ol{columns:2}.study{color:#404040}
@media print{nav{display:none}figure,table{page-break-inside:avoid}}
"""


def _anchor(kind, number):
    return f"{kind}-{re.sub(r'[^A-Za-z0-9.]+', '-', str(number))}"


def write_html(figures, tables, path, codebook=None, lang=None, *, title: str | None = None,
               rounding: str | None = None) -> Path:
    """One page with every figure (base64 PNG) and table, in report order, after a short
    reading guide; no network needed."""
    lang = lang or (codebook.study.language if codebook is not None else "nl")
    def esc(text, quote=True):  # also without the control characters HTML may not hold
        return html.escape(xml_safe(text), quote)
    title = title or (codebook.label(codebook.study.title, lang) if codebook is not None else "Report")
    items = report_items(figures, tables, codebook, lang) if codebook is not None else \
        [("table", t) for t in tables] + [("figure", f) for f in figures]
    body, toc = [], []
    for kind, *rest in items:
        if kind == "heading":
            anchor = _anchor("section", len(toc) + 1)
            toc.append(f'<li><a href="#{anchor}">{esc(rest[1])}</a></li>')
            body.append(f'<h2 id="{anchor}">{esc(rest[1])}</h2>')
        elif kind == "figure":
            fig = rest[0]
            data = base64.b64encode(fig.embed_png).decode("ascii")
            alt = f"{fig.caption}: {fig.spec.alt}" if fig.spec.alt else fig.caption
            notes = "".join(f"{esc(n)}<br>" for n in fig.spec.notes)
            body.append(f'<figure id="{_anchor("figure", fig.number)}"><figcaption>{esc(fig.caption)}</figcaption>'
                        f'<img src="data:image/png;base64,{data}" alt="{esc(alt)}">'
                        + (f'<p class="notes">{notes}</p>' if notes else "") + "</figure>")
        else:
            table = rest[0]
            frame = table.frame
            head = "".join(f'<th class="num">{esc(str(c))}</th>' if _numeric(table.formats.get(c, ""))
                           else f"<th>{esc(str(c))}</th>" for c in frame.columns)
            rows = []
            for r, row in enumerate(frame.itertuples(index=False)):
                cells = []
                for col, value in zip(frame.columns, row):
                    fmt = table.formats.get(col, "text")
                    text = cell_text(value, fmt, lang)
                    cls = ' class="num"' if _numeric(fmt) else (' class="mark"' if text == "x" else "")
                    cells.append(f"<td{cls}>{esc(text)}</td>")
                em = ' class="em"' if r in table.emphasis else ""
                rows.append(f"<tr{em}>{''.join(cells)}</tr>")
            notes = "".join(f"{esc(n)}<br>" for n in table.notes)
            body.append(f'<table id="{_anchor("table", table.number)}"><caption>{esc(table.caption)}</caption>'
                        f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
                        + (f'<p class="notes">{notes}</p>' if notes else ""))
    study = "".join(f'<p class="study">{esc(line)}</p>' for line in (_study_lines(codebook, lang) if codebook else []))
    if codebook is not None:
        guide_title, guide = reading_guide(codebook, lang, rounding)
        study += (f'<section class="guide"><h2 id="guide">{esc(guide_title)}</h2>'
                  + "".join(f"<p>{esc(line)}</p>" for line in guide) + "</section>")
    page = (f'<!DOCTYPE html>\n<html lang="{esc(lang)}">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n<title>{esc(title)}</title>\n'
            f"<style>{_CSS}</style>\n</head>\n<body>\n<h1>{esc(title)}</h1>\n{study}\n"
            f"<nav><h2>{esc(_w(_WORDS, 'contents', lang))}</h2><ol>{''.join(toc)}</ol></nav>\n"
            + "\n".join(body) + "\n</body>\n</html>\n")
    path = Path(path)
    path.write_text(page, encoding="utf-8")
    return path


# -- everything at once (what ``analyze`` writes) ------------------------------------------------

def write_all(tables: dict, codebook, folder, *, lang=None, rounding=None, min_cell: int = 0,
              workers: int = 2) -> dict:
    """Figures (``figures/*.png|svg``), ``tables.xlsx``, ``report.docx``, ``report.html`` and
    ``collaborations.csv`` (the inventory) into ``folder``.

    Returns ``{"outputs": [relative file names], "inputs": {id: path}}``: the inputs
    read here (the inventory) belong in the manifest.
    """
    from .export import write_csv
    from .load.inventory import INVENTORY_COLUMNS, inventory_path, load_inventory
    from .render.figures import render_all
    from .render.tables import build_tables

    folder = Path(folder)
    lang = lang or codebook.study.language
    outputs, inputs = [], {}
    inventory = None
    if codebook.inventory:
        inventory = load_inventory(codebook)
        inputs["inventory"] = inventory_path(codebook)
        write_csv(inventory[INVENTORY_COLUMNS + ["report_table", "notes"]], folder / "collaborations.csv")
        outputs.append("collaborations.csv")
    figures = render_all(tables["distributions"], codebook, folder / "figures", lang, rounding,
                         min_cell=min_cell, workers=workers)
    outputs += [f"figures/{p.name}" for f in figures for p in f.files]
    numbers = {f.spec.key: f.number for f in figures if f.spec.kind == "bar"}
    display = build_tables(tables, codebook, lang, inventory=inventory, figure_numbers=numbers, min_cell=min_cell)
    in_order = [x[1] for x in report_items(figures, display, codebook, lang) if x[0] == "table"]
    write_xlsx(in_order, folder / "tables.xlsx", lang)
    dist = tables["distributions"]
    rounding = rounding or (str(dist["rounding"].iloc[0]) if len(dist) and "rounding" in dist.columns else None)
    write_docx(figures, display, folder / "report.docx", codebook, lang, rounding=rounding)
    write_html(figures, display, folder / "report.html", codebook, lang, rounding=rounding)
    outputs += ["tables.xlsx", "report.docx", "report.html"]
    return {"outputs": outputs, "inputs": inputs}
