"""Render: figures and display tables from the estimated tables, in the reader's language.

* :mod:`~survey_inventory.render.format` - numbers and method names as printed ("33%", "<5");
* :mod:`~survey_inventory.render.style` - sizes, fonts and the colour of every category;
* :mod:`~survey_inventory.render.plan` - what to draw: figures, numbers, captions, notes,
  segments and labels (no matplotlib);
* :mod:`~survey_inventory.render.measure` - text widths, wrapping and the legend;
* :mod:`~survey_inventory.render.bar` - the report's 100% stacked bar;
* :mod:`~survey_inventory.render.overview` - an overview per measure, with intervals;
* :mod:`~survey_inventory.render.pool` - every figure to PNG and SVG, in worker processes;
* :mod:`~survey_inventory.render.tables` - the display tables (response, distributions,
  participant matrices, mentions).

A figure is planned (``plan``) apart from being drawn (``bar``, ``overview``), so a new
kind of figure, or a bare copy without caption and notes (``show_text=False``), is a
change to the drawing alone. The file writers (Excel, Word, HTML) are in
:mod:`survey_inventory.export`. Words come
from the phrase catalogue (:mod:`survey_inventory.phrases`).
"""
from __future__ import annotations

from ..phrases import say
from .bar import bar_figure
from .format import fmt_int, fmt_pct, is_missing, method_label, method_labels, rounding_suffix, suppression_marks
from .overview import overview_figure
from .plan import FigureSpec, plan_figures
from .pool import RenderedFigure, render_all, render_figures
from .style import Style, luminance, palette
from .tables import DisplayTable, build_tables

__all__ = ["say", "fmt_pct", "fmt_int", "is_missing", "suppression_marks", "method_label", "method_labels",
           "rounding_suffix", "Style", "palette", "luminance", "FigureSpec", "plan_figures", "bar_figure",
           "overview_figure", "RenderedFigure", "render_all", "render_figures", "DisplayTable", "build_tables"]
