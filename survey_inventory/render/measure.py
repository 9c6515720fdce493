"""Text in a figure: widths in inches, word wrapping, and the legend's rows.

Figures are laid out in inches before anything is drawn: a caption is wrapped to the
text width, the legend is split into as few rows as fit, and the figure's height is
the sum of the parts. Widths are measured with matplotlib's Agg font metrics (the
same the PNG is drawn with), imported only when a width is first asked for. Word tables
are sized from the widths of their words in the table font (:class:`FontMeasure`).
"""
from __future__ import annotations

import math
import re

from .style import DARK_TEXT, DPI, FIG_WIDTH, FONT, NEUTRAL_HATCH

__all__ = ["TextMeasure", "wrap", "line_height", "legend_layout", "draw_legend", "patch_key", "marker_key",
           "new_figure", "FontMeasure", "KEY_W", "KEY_GAP", "COL_GAP", "LEG_ROW"]

KEY_W, KEY_GAP, COL_GAP, LEG_ROW = 0.17, 0.06, 0.22, 0.22  # legend key, key-text gap, column gap, row height


class TextMeasure:
    """Text widths in inches without a figure.

    Agg's font metrics at the PNG's 300 dpi (at 72 dpi hinting makes bold text some 6%
    narrower than drawn, and captions ran off the right edge), cached: the same words
    recur in every caption and legend.

    Examples
    --------
    >>> m = TextMeasure()
    >>> 0 < m.width("Figuur", 9.0) < m.width("Figuur 2.3", 9.0) < 1
    True
    """

    _cache: dict = {}
    _renderer = None

    def width(self, text, size, weight="normal") -> float:
        """The width of ``text`` in inches at ``size`` points and ``weight``."""
        key = (text, size, weight)
        if key not in self._cache:
            if TextMeasure._renderer is None:
                from matplotlib.backends.backend_agg import RendererAgg

                TextMeasure._renderer = RendererAgg(10, 10, DPI)
            from matplotlib.font_manager import FontProperties

            w, _, _ = TextMeasure._renderer.get_text_width_height_descent(
                text, FontProperties(size=size, weight=weight), ismath=False)
            self._cache[key] = w / DPI
        return self._cache[key]


def wrap(text, size, width_in, measure, weight="normal") -> list[str]:
    """Greedy word wrap to ``width_in`` inches.

    Word widths are summed (kerning across spaces ignored, a 2% margin covers it).
    An "=" stays with the words on both sides, so "(N = 9)" is never broken over two
    lines.

    Parameters
    ----------
    text : str
    size : float
        Font size in points.
    width_in : float
        The width available, in inches.
    measure : TextMeasure
    weight : str

    Returns
    -------
    list of str
        The lines; ``[""]`` for empty text.

    Examples
    --------
    >>> wrap("Bekendheid onder provincies (N = 9)", 9.0, 1.6, TextMeasure())
    ['Bekendheid onder', 'provincies (N = 9)']
    """
    space = measure.width("a a", size, weight) - measure.width("aa", size, weight)
    words = []
    for word in text.split():
        if words and (word == "=" or words[-1].endswith(" =")):
            words[-1] += " " + word
        else:
            words.append(word)
    lines, current, used = [], [], 0.0
    for word in words:
        w = measure.width(word, size, weight)
        if current and used + space + w > width_in * 0.98:
            lines.append(" ".join(current))
            current, used = [word], w
        else:
            used += (space if current else 0.0) + w
            current.append(word)
    if current:
        lines.append(" ".join(current))
    return lines or [""]


def line_height(size) -> float:
    """The height of one line of text at ``size`` points, in inches.

    Examples
    --------
    >>> round(line_height(9.0), 3)
    0.165
    """
    return size * 1.32 / 72.0


def whole_pixels(inches: float) -> float:
    """``inches`` rounded up to a whole pixel at the figures' 300 dpi.

    The caption's and the notes' bands are whole pixels high, so that the bare copy of a
    figure, cut from its raster (:mod:`~survey_inventory.render.pool`), has the very pixels
    of a figure drawn without them.

    Examples
    --------
    >>> whole_pixels(0.1), whole_pixels(0.5) * 300
    (0.1, 150.0)
    >>> round(whole_pixels(0.101) * 300, 9)
    31.0
    """
    return math.ceil(inches * DPI - 1e-6) / DPI


def legend_layout(labels, measure, avail) -> list[list[int]]:
    """Legend rows (lists of entry positions): as few rows as fit the width, in scale order.

    Parameters
    ----------
    labels : list of str
    measure : TextMeasure
    avail : float
        The width available, in inches.

    Returns
    -------
    list of list of int

    Examples
    --------
    >>> legend_layout(["Goed", "Redelijk", "Slecht"], TextMeasure(), 6.0)
    [[0, 1, 2]]
    >>> legend_layout(["Goed", "Redelijk", "Slecht"], TextMeasure(), 1.5)
    [[0, 1], [2]]
    """
    widths = [KEY_W + KEY_GAP + measure.width(t, FONT["legend"]) for t in labels]
    for ncol in range(len(labels), 0, -1):
        rows = [list(range(k, min(k + ncol, len(labels)))) for k in range(0, len(labels), ncol)]
        if all(sum(widths[i] for i in r) + COL_GAP * (len(r) - 1) <= avail for r in rows):
            return rows
    return [[k] for k in range(len(labels))]


# -- drawing: a blank figure and the legend (matplotlib, imported here only when drawn) --------------

def new_figure(width, height):
    """A matplotlib Figure of ``width`` x ``height`` inches on its own Agg canvas (no pyplot).

    Examples
    --------
    >>> fig = new_figure(6.3, 1.0)
    >>> fig.get_size_inches().tolist(), type(fig.canvas).__name__
    ([6.3, 1.0], 'FigureCanvasAgg')
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height), dpi=100)
    FigureCanvasAgg(fig)
    return fig


def draw_legend(fig, labels, keys, rows, top_in, height, measure):
    """A legend below the chart, centred, drawn from patches and texts.

    matplotlib's Legend costs three times as much to draw; there are some thirty
    figures per run. ``keys`` are callables drawing one key at (x, y, figure height)
    in figure inches (:func:`patch_key`, :func:`marker_key`).

    Parameters
    ----------
    fig : matplotlib.figure.Figure
    labels : list of str
    keys : list of callable
        One per label.
    rows : list of list of int
        From :func:`legend_layout`.
    top_in : float
        The legend's top, in inches from the figure's top.
    height : float
        The figure's height in inches.
    measure : TextMeasure

    Examples
    --------
    >>> from survey_inventory.render.style import Style
    >>> fig = new_figure(6.3, 1.0)
    >>> style = Style("#08306b", None, "#ffffff", True, "o")
    >>> labels, m = ["Goed", "Slecht"], TextMeasure()
    >>> draw_legend(fig, labels, [patch_key(fig, style)] * 2, legend_layout(labels, m, 6.0), 0.2, 1.0, m)
    >>> [t.get_gid() for t in fig.texts], len(fig.artists)
    (['legend:0', 'legend:1'], 2)
    """
    for r, row in enumerate(rows):
        widths = [KEY_W + KEY_GAP + measure.width(labels[i], FONT["legend"]) for i in row]
        x = (FIG_WIDTH - sum(widths) - COL_GAP * (len(row) - 1)) / 2
        y = top_in + r * LEG_ROW + LEG_ROW / 2
        for i, w in zip(row, widths):
            keys[i](x, y, height)
            fig.text((x + KEY_W + KEY_GAP) / FIG_WIDTH, 1 - y / height, labels[i], ha="left", va="center_baseline",
                     fontsize=FONT["legend"], color=DARK_TEXT, gid=f"legend:{i}")
            x += w + COL_GAP


def patch_key(fig, style):
    """A legend key drawing a filled (and hatched) rectangle of ``style``.

    Examples
    --------
    >>> from survey_inventory.render.style import Style
    >>> fig = new_figure(6.3, 1.0)
    >>> patch_key(fig, Style("#bdbdbd", "///", "#1a1a1a", False, "s"))(0.1, 0.5, 1.0)
    >>> fig.artists[0].get_hatch()
    '///'
    """
    from matplotlib.patches import Rectangle

    def draw(x, y, height):
        fig.add_artist(Rectangle((x / FIG_WIDTH, 1 - (y + 0.06) / height), KEY_W / FIG_WIDTH, 0.12 / height,
                                 transform=fig.transFigure, facecolor=style.color, edgecolor="white", linewidth=0,
                                 hatch=style.hatch, hatchcolor=NEUTRAL_HATCH if style.hatch else None))
    return draw


def marker_key(fig, style):
    """A legend key drawing the marker of ``style``.

    Examples
    --------
    >>> from survey_inventory.render.style import Style
    >>> fig = new_figure(6.3, 1.0)
    >>> marker_key(fig, Style("#08306b", None, "#ffffff", True, "D"))(0.1, 0.5, 1.0)
    >>> fig.artists[0].get_marker()
    'D'
    """
    from matplotlib.lines import Line2D

    def draw(x, y, height):
        fig.add_artist(Line2D([(x + KEY_W / 2) / FIG_WIDTH], [1 - y / height], transform=fig.transFigure,
                              marker=style.marker, markersize=5, markerfacecolor=style.color, markeredgecolor="#252525",
                              markeredgewidth=0.5, linestyle="none"))
    return draw


# -- text in documents: the widths of words in a Word table's font ------------------------------------

#: Office fonts and the free fonts with the same widths (metric-compatible), for measuring.
_METRIC_TWINS = {"arial": "Liberation Sans", "helvetica": "Liberation Sans", "times new roman": "Liberation Serif",
                 "courier new": "Liberation Mono", "calibri": "Carlito", "cambria": "Caladea"}


class FontMeasure:
    """Widths of text in points in a document font (Word tables), from the font's own metrics.

    The font is found by name, or by the free font with the same widths (Arial: Liberation
    Sans; Calibri: Carlito). When neither is installed, DejaVu Sans measures instead, which
    is wider than the common office fonts, so columns sized with it are wide enough.

    Parameters
    ----------
    family : str
        The font's name ("Arial").

    Examples
    --------
    >>> m = FontMeasure("Arial")
    >>> m.width("Provincies", 8.5, bold=True) > m.width("Provincies", 8.5) > m.width("Provincie", 8.5) > 0
    True
    """

    _installed: dict | None = None   # (family, bold) -> font file, of the fonts installed here

    def __init__(self, family: str):
        fonts = self._fonts_here()
        self.family, self._fonts = family, {}
        for bold in (False, True):
            twin = _METRIC_TWINS.get(family.lower(), "").lower()
            path = fonts.get((family.lower(), bold)) or fonts.get((twin, bold))
            self.exact = path is not None
            self._fonts[bold] = path or fonts.get(("dejavu sans", bold)) or fonts.get(("dejavu sans", False))
        self._loaded, self._cache = {}, {}

    @classmethod
    def find_fonts(cls) -> None:
        """Find the installed fonts now (matplotlib's font list, each file's name and style), once per
        process; the first measure does it otherwise. ``export.write_all`` calls it while the
        figures are drawn elsewhere.

        Examples
        --------
        >>> FontMeasure.find_fonts(); ("dejavu sans", False) in FontMeasure._installed
        True
        """
        cls._fonts_here()

    @classmethod
    def _fonts_here(cls) -> dict:
        """The installed TrueType/OpenType fonts by (lower-case family, bold), read from the files
        themselves (matplotlib's font cache may predate a font installed later)."""
        if cls._installed is None:
            import matplotlib
            from matplotlib import font_manager
            from PIL import ImageFont

            found = {}
            for path in sorted(font_manager.findSystemFonts() + font_manager.findSystemFonts(
                    matplotlib.get_data_path() + "/fonts/ttf")):
                try:
                    family, style = ImageFont.truetype(path, 10).getname()
                except OSError:
                    continue
                style = (style or "").lower()
                if "italic" in style or "oblique" in style or (style not in ("regular", "book", "bold", "roman")):
                    continue
                found.setdefault(((family or "").lower(), "bold" in style), path)
            cls._installed = found
        return cls._installed

    def width(self, text: str, size: float, bold: bool = False) -> float:
        """The width of ``text`` in points at ``size`` points."""
        key = (text, size, bold)
        if key not in self._cache:  # measured at 1000 px per em, scaled to the size
            from PIL import ImageFont

            if bold not in self._loaded:  # basic layout: raqm fails on some text (control characters)
                self._loaded[bold] = ImageFont.truetype(self._fonts[bold], 1000,
                                                        layout_engine=ImageFont.Layout.BASIC)
            try:
                self._cache[key] = self._loaded[bold].getlength(text) * size / 1000.0
            except (RuntimeError, UnicodeError, ValueError):  # text no font lays out: a wide guess
                self._cache[key] = 0.7 * size * len(text)
        return self._cache[key]

    def longest_word(self, text: str, size: float, bold: bool = False) -> float:
        """The width in points of the widest word of ``text``.

        Words end at spaces (not at no-break spaces) and after a hyphen, where Word and
        LibreOffice also break a line ("Zaanstreek-" and "Waterland").

        Examples
        --------
        >>> m = FontMeasure("Arial")
        >>> m.longest_word("regionale scholingsfondsen", 8.5) == m.width("scholingsfondsen", 8.5)
        True
        >>> m.longest_word("Zaanstreek-Waterland", 8.5) == m.width("Zaanstreek-", 8.5)
        True
        """
        words = [w for part in text.split(" ") for w in re.findall(r"[^-]+-*|-+", part)]
        return max([self.width(w, size, bold) for w in words if w] + [0.0])
