"""Readers of the exported files that share no code with the writers: openpyxl (tables.xlsx),
python-docx (report.docx), html.parser (report.html), xml.etree (the SVG figures). Shared by the
export tests, with module-scoped fixtures over the session's runs of the bundled study (conftest.py)."""
import re
import xml.etree.ElementTree as ET
from decimal import ROUND_HALF_UP, Decimal
from html.parser import HTMLParser

import pandas as pd
import pytest
from docx import Document
from openpyxl import load_workbook


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
def run(bundled_run):
    return bundled_run


@pytest.fixture(scope="module")
def run_en(bundled_run_en):
    return bundled_run_en


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


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _shown(p):
    """A paragraph's text as Word shows it: without hidden runs (the caption field's result)."""
    return "".join(t.text or "" for r in p._p.iter(_W + "r") if r.find(f"{_W}rPr/{_W}vanish") is None
                   for t in r.iter(_W + "t"))


def _doc_captions(doc):
    """Caption texts as shown (the no-break spaces that hold "(N = 9)" together read as spaces)."""
    return [_shown(p).replace("\u00a0", " ") for p in doc.paragraphs if p.style.name == "Caption"]


def _doc_tables(doc):
    """caption -> table, pairing each table with the caption paragraph just before it."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    out, caption = {}, None
    for child in doc.element.body.iterchildren():
        if child.tag.endswith("}p"):
            p = Paragraph(child, doc)
            if p.style.name == "Caption":
                caption = _shown(p).replace("\u00a0", " ")
        elif child.tag.endswith("}tbl"):
            out[caption] = Table(child, doc)
    return out


SVG = "{http://www.w3.org/2000/svg}"


WORDS = {"nl": {"figure": "Figuur", "table": "Tabel", "lr": ", afgerond met de grootsterestmethode",
                "not_in_report": "staat niet in het rapport", "dropped": "tabel B"},
         "en": {"figure": "Figure", "table": "Table", "lr": ", rounded by the largest-remainder method",
                "not_in_report": "is not in the report", "dropped": "table B"}}


def _half_up(x, decimals=0) -> str:
    q = Decimal(1).scaleb(-decimals)
    return str(Decimal(repr(round(float(x), 9))).quantize(q, rounding=ROUND_HALF_UP))


# -- readers ------------------------------------------------------------------------------

def _docx(folder):
    """The document's body in order: ("caption", text), ("picture", None), ("table", rows),
    ("note", text), ("heading", text), ("text", text)."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    doc = Document(str(folder / "report.docx"))
    items = []
    for child in doc.element.body.iterchildren():
        if child.tag.endswith("}p"):
            p = Paragraph(child, doc)
            if child.findall(".//{http://schemas.openxmlformats.org/drawingml/2006/main}blip"):
                items.append(("picture", None))
            elif p.style.name == "Caption":
                items.append(("caption", _shown(p).replace("\u00a0", " ")))
            elif p.style.name == "Figure note":
                items.append(("note", p.text.replace("\u00a0", " ")))
            elif p.style.name.startswith("Heading") or p.style.name == "Title":
                items.append(("heading", p.text))
            elif p.text.strip():
                items.append(("text", p.text))
        elif child.tag.endswith("}tbl"):
            table = Table(child, doc)
            items.append(("table", [[c.text for c in row.cells] for row in table.rows]))
    return items


def _docx_blocks(items):
    """caption -> {"kind": "figure"|"table", "rows": ..., "notes": [...]}, in document order."""
    blocks, current = {}, None
    for kind, value in items:
        if kind == "caption":
            current = {"kind": None, "rows": None, "notes": []}
            assert value not in blocks, f"caption twice: {value}"
            blocks[value] = current
        elif kind == "picture" and current is not None and current["kind"] is None:
            current["kind"] = "figure"
        elif kind == "table" and current is not None and current["kind"] is None:
            current["kind"], current["rows"] = "table", value
        elif kind == "note" and current is not None:
            current["notes"].append(value)
        elif kind == "heading":
            current = None
    return blocks


class _Html(HTMLParser):
    def __init__(self):
        super().__init__()
        self.figures, self.tables, self.imgs, self.refs, self.guide = [], [], [], [], []
        self._cell = self._where = None
        self._depth = {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for key in ("src", "href"):
            if key in attrs:
                self.refs.append(attrs[key])
        if tag == "img":
            self.imgs.append(attrs)
        if tag == "section" and attrs.get("class") == "guide":
            self._where = "guide"
        if tag == "figure":
            self.figures.append({"caption": "", "notes": ""})
        if tag == "table":
            self.tables.append({"caption": "", "rows": []})
        if tag == "tr":
            self.tables[-1]["rows"].append([])
        if tag in ("figcaption", "caption", "td", "th") or (tag == "p" and self._where == "guide"):
            self._cell = ""

    def handle_endtag(self, tag):
        if tag == "figcaption":
            self.figures[-1]["caption"] = self._cell
        elif tag == "caption":
            self.tables[-1]["caption"] = self._cell
        elif tag in ("td", "th"):
            self.tables[-1]["rows"][-1].append(self._cell)
        elif tag == "p" and self._where == "guide":
            self.guide.append(self._cell)
        elif tag == "section":
            self._where = None
        if tag in ("figcaption", "caption", "td", "th", "p"):
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell += data


def _html(folder):
    page = _Html()
    page.feed((folder / "report.html").read_text(encoding="utf-8"))
    return page


def _xlsx(folder):
    """sheet name -> {"caption", "header", "rows" (cells), "notes"}."""
    wb = load_workbook(folder / "tables.xlsx")
    out = {}
    for ws in wb.worksheets[1:]:                 # after the contents sheet
        if ws.title.startswith(("Figuur ", "Figure ")):
            continue                             # a figure's data in chart shape (tests/test_export_xlsx.py)
        rows = list(ws.iter_rows())
        body, k = [], 2
        while k < len(rows) and any(c.value is not None for c in rows[k]):
            body.append(rows[k])
            k += 1
        notes = [r[0].value for r in rows[k + 1:] if r[0].value]
        out[ws.title] = {"caption": ws["A1"].value, "header": [c.value for c in rows[1]], "rows": body,
                         "notes": notes, "freeze": ws.freeze_panes}
    return out


def _printed(cell, lang) -> str:
    """An Excel cell as Word and HTML print it, worked out from the value and its number format."""
    v, fmt = cell.value, cell.number_format
    if v is None:
        return ""
    if isinstance(v, str):
        return v
    if fmt == "0%":
        return _half_up(100 * v) + "%"
    if fmt == "0.0%":
        text = _half_up(100 * v, 1)
        return (text if lang == "en" else text.replace(".", ",")) + "%"
    return str(int(v)) if float(v).is_integer() else str(v)


def _svg_gid(element_id):
    """The figure's own id (gid) of an SVG element id: the SVG writes ``label:1`` as ``label__1`` and
    ``1`` as ``_1`` (valid XML ids)."""
    if element_id is None:
        return None
    return re.sub(r"^_(?=[^A-Za-z_])", "", element_id).replace("__", ":")


def _svg(path):
    """An SVG figure: the bar's segments (category -> (x, width) in points), every text
    group by id (lines joined by a space), and the ids of the overview's marks."""
    root = ET.parse(path).getroot()
    for element in root.iter():
        if element.get("id"):
            element.set("id", _svg_gid(element.get("id")))
    texts = {}
    for g in root.iter(SVG + "g"):
        lines = ["".join(t.itertext()) for t in g.findall(SVG + "text")]
        if lines and g.get("id"):
            texts[g.get("id")] = " ".join(lines)
    axes = next((g for g in root.iter(SVG + "g") if (g.get("id") or "").startswith("axes_")), None)
    segments = {}
    if axes is not None:
        for g in axes.findall(SVG + "g"):
            path_el = g.find(SVG + "path")
            gid = g.get("id") or ""
            if path_el is None or gid.startswith(("patch_", "label:", "line2d_", "text_", "empty")):
                continue
            xs = [float(v) for v in re.findall(r"[-\d.]+", path_el.get("d"))[0::2]]
            segments[gid] = (min(xs), max(xs) - min(xs))
    ids = [g.get("id") for g in root.iter(SVG + "g") if g.get("id")]
    return {"segments": segments, "texts": texts, "ids": ids}
