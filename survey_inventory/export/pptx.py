"""Slides: ``report.pptx`` (python-pptx), 16:9.

A title slide (study title, publisher, fieldwork from the codebook), a response
slide (the response table) and one slide per figure: its caption as the slide
title, the figure PNG fitted inside the margins with its aspect ratio kept, its
notes and a source line ("Bron: <publisher>, <title>").

The inputs are plain records, so the slides do not depend on how the figures are
drawn: a :class:`SlideFigure` (number, caption, PNG path or bytes, notes) per
figure, and the response table as a DataFrame of the cells to show. The bytes are
the same on every run (fixed core-property dates and zip entry dates).
"""
from __future__ import annotations

import io
import math
import struct
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import NamedTuple, Sequence

import pandas as pd

from ..phrases import say
from .files import normalised_zip

__all__ = ["SlideFigure", "SLIDE_WIDTH_IN", "SLIDE_HEIGHT_IN", "png_size", "fit_box", "write_pptx"]

SLIDE_WIDTH_IN, SLIDE_HEIGHT_IN = 13.333, 7.5     # 16:9, PowerPoint's default widescreen
_MARGIN_IN = 0.4
_TITLE_TOP_IN, _TITLE_H_IN = 0.3, 1.0
_GAP_IN = 0.15
_LINE_IN = 0.24                                    # one line of 11 pt text with its spacing
_CHARS_PER_LINE = 150                              # 11 pt over the text width, a safe estimate
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


class SlideFigure(NamedTuple):
    """One figure slide: report number, caption (the slide title), the PNG (a path or
    its bytes) and the note lines under it."""
    number: str
    caption: str
    png: Path | bytes
    notes: Sequence[str] = ()


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height in pixels of a PNG image (its IHDR chunk).

    Parameters
    ----------
    data : bytes
        The PNG file.

    Returns
    -------
    tuple of int

    Examples
    --------
    >>> import struct, zlib
    >>> ihdr = struct.pack(">IIBBBBB", 640, 360, 8, 2, 0, 0, 0)
    >>> png = b"\\x89PNG\\r\\n\\x1a\\n" + struct.pack(">I", 13) + b"IHDR" + ihdr + b"\\0" * 4
    >>> png_size(png)
    (640, 360)
    """
    if data[:8] != _PNG_SIGNATURE or data[12:16] != b"IHDR":
        raise ValueError("not a PNG image (the slides take the figures' PNG files)")
    width, height = struct.unpack(">II", data[16:24])
    return int(width), int(height)


def fit_box(image_w: float, image_h: float, box_w: float, box_h: float) -> tuple[float, float]:
    """The largest size of an ``image_w`` x ``image_h`` image inside a box, aspect kept.

    Parameters
    ----------
    image_w, image_h : float
        Image size (any unit; only the ratio counts).
    box_w, box_h : float
        The box (the unit of the result).

    Returns
    -------
    tuple of float
        Width and height, one of them equal to the box's.

    Examples
    --------
    >>> fit_box(1600, 400, 12.0, 5.0)
    (12.0, 3.0)
    >>> fit_box(400, 800, 12.0, 5.0)
    (2.5, 5.0)
    """
    if min(image_w, image_h, box_w, box_h) <= 0:
        raise ValueError("image and box sizes must be positive")
    scale = min(box_w / image_w, box_h / image_h)
    return image_w * scale, image_h * scale


def _plain(text) -> str:
    from . import xml_safe

    return " ".join(xml_safe(str(text)).split())


def _cell(value, lang, fmt: str | None = None) -> str:
    """A table cell as text. ``fmt`` "pct0"/"pct1": a percentage (0-100) rounded half up to
    0 or 1 decimals with "%"; "int": a whole number; otherwise whole numbers without
    ".0" and other numbers with one decimal (decimal comma in Dutch)."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return "–"
    if isinstance(value, str):
        return _plain(value)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        decimals = {"pct0": 0, "pct1": 1, "int": 0}.get(fmt or "", 0 if float(value).is_integer() else 1)
        exact = Decimal(repr(round(float(value), 9)))            # no binary noise (0.1 + 0.2)
        text = str(exact.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP))
        text = text if lang == "en" else text.replace(".", ",")
        return text + "%" if fmt in ("pct0", "pct1") else text
    return _plain(value)


def _text_box(slide, left, top, width, height, lines, size, *, italic=False):
    from pptx.util import Inches, Pt

    box = slide.shapes.add_textbox(Inches(left), Inches(top), Inches(width), Inches(height))
    frame = box.text_frame
    frame.word_wrap = True
    for k, line in enumerate(lines):
        par = frame.paragraphs[0] if k == 0 else frame.add_paragraph()
        run = par.add_run()
        run.text = line
        run.font.size, run.font.italic = Pt(size), italic
    return box


def _title(slide, text, size=24):
    from pptx.util import Inches, Pt

    shape = slide.shapes.title
    shape.left, shape.top = Inches(_MARGIN_IN), Inches(_TITLE_TOP_IN)
    shape.width, shape.height = Inches(SLIDE_WIDTH_IN - 2 * _MARGIN_IN), Inches(_TITLE_H_IN)
    shape.text_frame.word_wrap = True
    shape.text = text
    for par in shape.text_frame.paragraphs:
        for run in par.runs:
            run.font.size = Pt(size)
    return shape


def _lines_height(lines) -> float:
    return sum(max(1, math.ceil(len(line) / _CHARS_PER_LINE)) for line in lines) * _LINE_IN


def _figure_slide(prs, fig: SlideFigure, source: str):
    from pptx.util import Inches

    slide = prs.slides.add_slide(prs.slide_layouts[5])          # "Title Only"
    _title(slide, _plain(fig.caption))
    data = fig.png if isinstance(fig.png, bytes) else Path(fig.png).read_bytes()
    notes = [_plain(n) for n in fig.notes if str(n).strip()]
    footer = notes + [source]
    footer_h = _lines_height(footer) + 0.1
    top = _TITLE_TOP_IN + _TITLE_H_IN + _GAP_IN
    box_w = SLIDE_WIDTH_IN - 2 * _MARGIN_IN
    box_h = SLIDE_HEIGHT_IN - _MARGIN_IN - footer_h - _GAP_IN - top
    if box_h <= 0.5:
        raise ValueError(f"figure {fig.number}: its notes leave no room for the picture on a slide")
    w, h = fit_box(*png_size(data), box_w, box_h)
    left = _MARGIN_IN + (box_w - w) / 2
    slide.shapes.add_picture(io.BytesIO(data), Inches(left), Inches(top), Inches(w), Inches(h))
    _text_box(slide, _MARGIN_IN, top + h + _GAP_IN, box_w, footer_h, footer, 11)   # right under the picture
    return slide


def _response_slide(prs, response: pd.DataFrame, caption: str, lang: str, formats: dict):
    from pptx.util import Inches, Pt

    slide = prs.slides.add_slide(prs.slide_layouts[5])
    _title(slide, caption)
    n_rows, n_cols = len(response) + 1, max(len(response.columns), 1)
    top = _TITLE_TOP_IN + _TITLE_H_IN + _GAP_IN
    row_h = min(0.4, (SLIDE_HEIGHT_IN - _MARGIN_IN - top) / n_rows)
    width = SLIDE_WIDTH_IN - 2 * _MARGIN_IN
    shape = slide.shapes.add_table(n_rows, n_cols, Inches(_MARGIN_IN), Inches(top), Inches(width),
                                   Inches(row_h * n_rows))
    table = shape.table
    first = 0.4 * width if n_cols > 1 else width
    table.columns[0].width = Inches(first)
    for c in range(1, n_cols):
        table.columns[c].width = Inches((width - first) / (n_cols - 1))
    cells = [[_plain(col) for col in response.columns]]
    cells += [[_cell(v, lang, formats.get(col)) for col, v in zip(response.columns, row)]
              for row in response.itertuples(index=False)]
    for r, values in enumerate(cells):
        for c, value in enumerate(values):
            frame = table.cell(r, c).text_frame
            frame.text = value
            for par in frame.paragraphs:
                for run in par.runs:
                    run.font.size = Pt(14)
    return slide


def write_pptx(path, figures: Sequence[SlideFigure], response: pd.DataFrame | None, codebook, lang: str | None = None,
               *, response_caption: str | None = None, response_formats: dict | None = None) -> Path:
    """Write the slide deck: title slide, response slide, one slide per figure.

    Parameters
    ----------
    path : str or Path
        The ``.pptx`` file to write.
    figures : sequence of SlideFigure
        In slide order; plain 4-tuples ``(number, caption, png, notes)`` work too.
    response : pandas.DataFrame or None
        The response table as readers see it: column names are the headers, text cells
        stay as they are, numbers are shown as ``response_formats`` says (else whole
        numbers without ".0", others with one decimal). None: no response slide.
    codebook : Codebook
        Study title, publisher and fieldwork for the title slide and the source line.
    lang : {"nl", "en"}, optional
        Default: the codebook's language.
    response_caption : str, optional
        The response slide's title (e.g. "Tabel 1.1 Respons, naar type respondent");
        default the catalogue's "Respons".
    response_formats : dict, optional
        Column -> "pct0", "pct1" (percentages 0-100, rounded half up, with "%"), "int"
        or "text" (the ``formats`` of a display table).

    Returns
    -------
    Path

    Examples
    --------
    >>> import pathlib, struct, tempfile, zlib, pandas as pd, pptx, survey_inventory
    >>> from survey_inventory.datasets import load_example
    >>> cb, study, dist = load_example()
    >>> def chunk(kind, data):
    ...     return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    >>> png = (b"\\x89PNG\\r\\n\\x1a\\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 4, 1, 8, 0, 0, 0, 0))
    ...        + chunk(b"IDAT", zlib.compress(b"\\x00" + b"\\x80" * 4)) + chunk(b"IEND", b""))
    >>> resp = pd.DataFrame({"Type": ["Provincies"], "Respons": [9]})
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     p = write_pptx(pathlib.Path(tmp) / "report.pptx", [("2.3", "Figuur 2.3 Bekendheid", png, [])], resp, cb)
    ...     [s.shapes.title.text for s in pptx.Presentation(p).slides]
    ['Inventarisatie regionale sectorale samenwerkingsverbanden', 'Respons', 'Figuur 2.3 Bekendheid']
    """
    from pptx import Presentation
    from pptx.util import Inches

    lang = lang or codebook.study.language
    title = _plain(codebook.label(codebook.study.title, lang))
    publisher = _plain(codebook.label(codebook.study.publisher, lang))
    fieldwork = _plain(codebook.label(codebook.study.fieldwork, lang))
    source = (say("slides_source", lang, publisher=publisher, title=title) if publisher
              else say("slides_source_title", lang, title=title))

    prs = Presentation()
    prs.slide_width, prs.slide_height = Inches(SLIDE_WIDTH_IN), Inches(SLIDE_HEIGHT_IN)
    props = prs.core_properties
    props.title, props.author, props.last_modified_by, props.revision = title, "survey-inventory", "survey-inventory", 1
    props.language = "en-GB" if lang == "en" else "nl-NL"

    cover = prs.slides.add_slide(prs.slide_layouts[0])               # "Title Slide"
    _title(cover, title, size=36)
    cover.shapes.title.top = Inches(2.0)
    cover.shapes.title.height = Inches(1.6)
    subtitle = cover.placeholders[1]
    subtitle.left, subtitle.top = Inches(_MARGIN_IN), Inches(3.9)
    subtitle.width, subtitle.height = Inches(SLIDE_WIDTH_IN - 2 * _MARGIN_IN), Inches(1.5)
    subtitle.text = "\n".join(x for x in (publisher, say("slides_fieldwork", lang, fieldwork=fieldwork)
                                          if fieldwork else "") if x)
    if response is not None:
        _response_slide(prs, response, _plain(response_caption or say("slides_response", lang)), lang,
                        dict(response_formats or {}))
    for fig in figures:
        _figure_slide(prs, SlideFigure(*fig), source)
    buf = io.BytesIO()
    prs.save(buf)
    path = Path(path)
    path.write_bytes(normalised_zip(buf.getvalue()))  # no time stamps: same bytes every run
    return path
