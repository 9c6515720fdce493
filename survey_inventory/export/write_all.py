"""Everything ``analyze`` writes besides the CSV tables: figures, workbook, Word and HTML reports.

:func:`write_all` draws the figures (:func:`~survey_inventory.render.pool.render_all`),
builds the display tables (:func:`~survey_inventory.render.tables.build_tables`) and
writes them with :mod:`~survey_inventory.export.xlsx`,
:mod:`~survey_inventory.export.docx` and :mod:`~survey_inventory.export.html`, in the
report order of :func:`~survey_inventory.export.items.report_items`.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

__all__ = ["write_all"]


def write_all(tables: dict, codebook, folder, *, inventory: pd.DataFrame | None = None, lang=None, rounding=None,
              min_cell: int = 0, workers: int = 2, template=None, sections=()) -> dict:
    """Figures, ``tables.xlsx``, ``report.docx``, ``report.html`` and ``collaborations.csv`` into ``folder``.

    Parameters
    ----------
    tables : dict of str to pandas.DataFrame
        The tables of :func:`survey_inventory.analyze.estimate_all` (after ``--min-cell``
        suppression, if any); ``distributions`` is required.
    codebook : survey_inventory.codebook.Codebook
    folder : path-like
        The (temporary) output folder; figures go to ``folder/figures``.
    inventory : pandas.DataFrame, optional
        The inventory of collaborations as the pipeline loaded it
        (:func:`survey_inventory.load.inventory.load_inventory`). When None and the codebook
        names one, it is read here.
    lang : {"nl", "en"}, optional
    rounding : str, optional
        Default: the ``rounding`` column of ``distributions``.
    min_cell : int
        The ``--min-cell`` threshold, named in notes.
    workers : int
        Worker processes for the figures.
    template : path-like, optional
        A Word file whose house style ``report.docx`` takes (``--template``).

    sections : sequence of (str, list of str), optional
        Extra sections after the reading guide, each a heading and its paragraphs (the
        "what changed" section of a study with waves).
    Returns
    -------
    dict
        ``{"outputs": [relative file names], "inputs": {id: path}}``: the inputs of these
        files (the inventory) belong in the manifest.

    Examples
    --------
    >>> import tempfile
    >>> from survey_inventory.analyze import AnalysisOptions, estimate_all
    >>> from survey_inventory.datasets import load_example
    >>> cb, study, dist = load_example()
    >>> tables = estimate_all(study, AnalysisOptions())
    >>> tables["distributions"] = tables["distributions"].query("figure == '2.3'")
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     written = write_all(tables, cb, tmp, workers=1)
    >>> written["outputs"][:2], written["outputs"][-3:]
    (['collaborations.csv', 'figures/fig_02_03_care_familiarity_province.png'], ['texts.md', 'texts.docx', 'report.pptx'])
    """
    from ..load.inventory import INVENTORY_COLUMNS, inventory_path, load_inventory
    from ..forked import run_forked
    from ..render.measure import FontMeasure
    from ..render.pool import planned_figures, render_all
    from ..render.tables import build_tables
    from . import write_csv  # the package's name: benchmarks/measure.py times the CSV writing there
    from .docx import write_docx
    from .html import write_html
    from .items import report_items
    from .xlsx import write_xlsx

    folder = Path(folder)
    lang = lang or codebook.study.language
    outputs, inputs = [], {}
    if codebook.inventory:
        if inventory is None:
            inventory = load_inventory(codebook)
        inputs["inventory"] = inventory_path(codebook)
        write_csv(inventory[INVENTORY_COLUMNS + ["report_table", "notes"]], folder / "collaborations.csv")
        outputs.append("collaborations.csv")
    else:
        inventory = None
    dist = tables["distributions"]
    # the figures are being drawn (render.pool.start_figures) or are drawn at render_all below; what
    # needs only their plans (numbers, captions) is written first, while the worker processes draw
    planned = planned_figures(dist, codebook, folder / "figures", lang, rounding, min_cell=min_cell)
    numbers = {f.spec.key: f.number for f in planned if f.spec.kind == "bar"}
    display = build_tables(tables, codebook, lang, inventory=inventory, figure_numbers=numbers, min_cell=min_cell)
    table_figures, response_files = {}, []   # table key -> (PNG, description): the response figure under its table
    if "response" in tables:  # issue 16: response by frame attribute (figure, and a table after Tabel 1.1)
        from ..render.response import response_description, response_tables, write_response_figures

        display += response_tables(tables["response"], tables.get("weighted_distributions"), codebook, lang)
        response_files = write_response_figures(tables["response"], codebook, folder / "figures", lang)
        for png in (p for p in response_files if p.suffix == ".png"):
            type_id = png.stem.removeprefix("response_")
            table_figures[f"response_analysis:{type_id}"] = (
                png.read_bytes(), response_description(tables["response"], type_id, codebook, lang))
    in_order = [x[1] for x in report_items(planned, display, codebook, lang) if x[0] == "table"]
    write_xlsx(in_order, folder / "tables.xlsx", lang, figures=planned, dist=dist, codebook=codebook)
    texts = _texts(dist, codebook, folder, lang)
    FontMeasure.find_fonts()  # the Word writer measures its tables' text: fonts found while the figures are drawn
    figures = render_all(dist, codebook, folder / "figures", lang, rounding, min_cell=min_cell, workers=workers)
    rounding = rounding or (str(dist["rounding"].iloc[0]) if len(dist) and "rounding" in dist.columns else None)
    slides = run_forked(_slides, figures, display, codebook, folder, lang, table_figures)  # beside Word and HTML
    try:
        write_docx(figures, display, folder / "report.docx", codebook, lang, rounding=rounding, dist=dist,
                   template=template, sections=sections, table_figures=table_figures)
        write_html(figures, display, folder / "report.html", codebook, lang, rounding=rounding, dist=dist,
                   sections=sections, table_figures=table_figures)
        slides.result()
    finally:
        slides.cancel()
    outputs += [f"figures/{p.name}" for f in figures for p in f.files + f.bare]
    outputs += [f"figures/{p.name}" for p in response_files]
    outputs += ["tables.xlsx", "report.docx", "report.html"] + texts + ["report.pptx"]
    if template is not None:
        inputs["template"] = Path(template)
    return {"outputs": outputs, "inputs": inputs}


def _texts(dist, codebook, folder: Path, lang) -> list[str]:
    """texts.md and texts.docx: draft sentences per figure."""
    from ..render.prose import draft_texts
    from .texts import write_texts_docx, write_texts_md

    texts = draft_texts(dist, lang)                      # dist after --min-cell: no hidden count is named
    write_texts_md(texts, folder / "texts.md", lang)
    write_texts_docx(texts, folder / "texts.docx", lang, title=codebook.label(codebook.study.title, lang))
    return ["texts.md", "texts.docx"]


def _slides(figures, display, codebook, folder: Path, lang, table_figures) -> None:
    """report.pptx: one slide per figure; a response figure after the response slide, titled with its
    table's caption (the table's notes, seven lines and more, stay in the report so that the tall
    figure is large enough to read)."""
    from .pptx import SlideFigure, write_pptx

    response = next((t for t in display if t.key == "response"), None)
    slides = [SlideFigure(t.number, t.caption, table_figures[t.key][0])
              for t in display if t.key in table_figures]
    write_pptx(folder / "report.pptx",
               slides + [SlideFigure(f.number, f.caption, f.embed_png, tuple(f.spec.notes)) for f in figures],
               None if response is None else response.frame, codebook, lang,
               response_caption=None if response is None else response.caption,
               response_formats=None if response is None else response.formats)
