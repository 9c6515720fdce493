"""How figures look: sizes, fonts and the colour of every category.

The codebook fixes the categories and their order; :func:`palette` turns that order
into styles that are the same in every figure of a measure.

* Substantive categories of an ordinal scale get a sequential blue ramp (ColorBrewer
  *Blues*, dark = first category, e.g. "(Zeer) goed"): one hue, so it is safe for
  every kind of colour blindness, and its lightness falls monotonically, so it still
  reads when printed in grey.
* Non-substantive categories ("Weet ik niet") are neutral grey with a diagonal hatch
  and stand apart: a gap (:data:`GAP`) separates them from the substantive scale.
* Unordered scales get the Okabe-Ito colours plus hatches.

No matplotlib here: styles are plain data, drawn by :mod:`~survey_inventory.render.bar`
and :mod:`~survey_inventory.render.overview`.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = ["Style", "palette", "luminance", "FIG_WIDTH", "DPI", "GAP", "FONT", "NEUTRAL", "NEUTRAL_HATCH",
           "DARK_TEXT", "LIGHT_TEXT"]

FIG_WIDTH = 6.3            # inches: A4 text width (16 cm), as the report's figures
DPI = 300
GAP = 2.0                  # percentage points between the substantive scale and "Weet ik niet"
FONT = {"caption": 9.0, "label": 9.0, "outside": 8.0, "legend": 8.5, "note": 7.0, "tick": 7.5}
_BLUES = ["#f7fbff", "#deebf7", "#c6dbef", "#9ecae1", "#6baed6", "#4292c6", "#2171b5", "#08519c", "#08306b"]
_OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
_QUAL_HATCH = [None, "..", "//", "xx", "\\\\", "oo", "--", "++"]
NEUTRAL, NEUTRAL_HATCH = "#bdbdbd", "#4d4d4d"
DARK_TEXT, LIGHT_TEXT = "#1a1a1a", "#ffffff"
_MARKERS = ["o", "s", "D", "^", "v", "P", "h", "*"]


@dataclass(frozen=True)
class Style:
    """How one category is drawn: fill colour, hatch (or None), label colour, marker.

    Examples
    --------
    >>> Style("#08306b", None, "#ffffff", True, "o").text
    '#ffffff'
    """
    color: str
    hatch: str | None
    text: str
    substantive: bool
    marker: str


def luminance(hex_colour: str) -> float:
    """Relative luminance (WCAG 2.x): what is left of a colour when printed in grey.

    Parameters
    ----------
    hex_colour : str
        ``"#rrggbb"``.

    Returns
    -------
    float
        0 (black) to 1 (white).

    References
    ----------
    W3C (2008). Web Content Accessibility Guidelines 2.0, definition of relative luminance.

    Examples
    --------
    >>> luminance("#000000"), luminance("#ffffff"), round(luminance("#08306b"), 3)
    (0.0, 1.0, 0.032)
    """
    rgb = [int(hex_colour.lstrip("#")[k:k + 2], 16) / 255 for k in (0, 2, 4)]
    lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def _ramp(n: int) -> list[str]:
    """n colours from dark to light along ColorBrewer Blues (positions 8 .. 2), interpolated in RGB."""
    if n == 1:
        return [_BLUES[7]]
    out = []
    for pos in np.linspace(8, 2, n):
        lo, frac = int(np.floor(pos)), pos - np.floor(pos)
        hi = min(lo + 1, 8)
        a = [int(_BLUES[lo][k:k + 2], 16) for k in (1, 3, 5)]
        b = [int(_BLUES[hi][k:k + 2], 16) for k in (1, 3, 5)]
        out.append("#" + "".join(f"{round(x + (y - x) * frac):02x}" for x, y in zip(a, b)))
    return out


def _categories(codebook, scale_or_item, lang=None) -> tuple[list[dict], bool]:
    """The categories (report collapse or scale codes) and whether the scale is ordinal."""
    item = scale_or_item
    if isinstance(scale_or_item, str):
        if scale_or_item in codebook.scales:
            scale = codebook.scale(scale_or_item)
            cats = [{"id": str(c.code), "label": codebook.label(c.label, lang), "codes": [c.code],
                     "substantive": c.substantive} for c in scale.codes]
            return cats, scale.ordinal
        item = codebook.item(scale_or_item)
    return codebook.report_categories(item, lang), codebook.scale(item.scale).ordinal


def palette(codebook, scale_or_item, lang=None) -> dict[str, Style]:
    """Category id -> :class:`Style`, fixed by the codebook's order of the categories.

    Parameters
    ----------
    codebook : survey_inventory.codebook.Codebook
    scale_or_item : str or Item
        A scale id, an item id or an :class:`~survey_inventory.codebook.Item` (an item
        with a report collapse is styled by its collapsed categories).
    lang : {"nl", "en"}, optional

    Returns
    -------
    dict of str to Style
        In the codebook's category order.

    References
    ----------
    Brewer, C. A. (2003). ColorBrewer (sequential *Blues*). Okabe, M. and Ito, K. (2008).
    Color Universal Design.

    Examples
    --------
    >>> from survey_inventory.datasets import load_example
    >>> cb, study, dist = load_example()
    >>> [style.color for style in palette(cb, cb.items[0]).values()]   # dark to light
    ['#08306b', '#4292c6', '#c6dbef']
    """
    cats, ordinal = _categories(codebook, scale_or_item, lang)
    subst = [c for c in cats if c["substantive"]]
    colours = _ramp(len(subst)) if ordinal else [_OKABE_ITO[k % len(_OKABE_ITO)] for k in range(len(subst))]
    hatches = [None] * len(subst) if ordinal else [_QUAL_HATCH[k % len(_QUAL_HATCH)] for k in range(len(subst))]
    styles, k_sub, k_non = {}, 0, 0
    for pos, cat in enumerate(cats):
        if cat["substantive"]:
            colour, hatch = colours[k_sub], hatches[k_sub]
            k_sub += 1
        else:
            colour, hatch = NEUTRAL, ["///", "...", "xxx"][k_non % 3]
            k_non += 1
        text = LIGHT_TEXT if luminance(colour) < 0.3 else DARK_TEXT
        styles[cat["id"]] = Style(colour, hatch, text, cat["substantive"], _MARKERS[pos % len(_MARKERS)])
    return styles
