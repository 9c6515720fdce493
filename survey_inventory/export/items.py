"""The report's order and its cells: what the Excel, Word and HTML writers share.

All three writers take the same figures (:class:`~survey_inventory.render.pool.RenderedFigure`)
and tables (:class:`~survey_inventory.render.tables.DisplayTable`) and put them in the
same report order (:func:`report_items`):

1. the response table (Tabel 1.1);
2. per sector, in codebook order: the participant matrix (2.1, 4.1, ...), the figures in
   report order (2.3, 2.4, ...), each coded open-answer table after the last figure of
   its respondent type;
3. appendix A: the overview figures; B: the distribution tables; C: the inventory.
"""
from __future__ import annotations

from ..phrases import say
from ..render.format import fmt_pct, is_missing

__all__ = ["report_items", "cell_text", "is_numeric_format"]


def report_items(figures, tables, codebook, lang=None) -> list[tuple]:
    """Figures and tables in report order, with section headings.

    Parameters
    ----------
    figures : list of RenderedFigure
    tables : list of DisplayTable
    codebook : survey_inventory.codebook.Codebook
    lang : {"nl", "en"}, optional

    Returns
    -------
    list of tuple
        ``("heading", level, text)``, ``("figure", fig)`` and ``("table", table)``.

    Examples
    --------
    >>> from survey_inventory.datasets import load_example
    >>> cb, study, dist = load_example()
    >>> import pandas as pd
    >>> from survey_inventory.render.tables import DisplayTable
    >>> t = DisplayTable(key="response", number="1.1", caption="Tabel 1.1", frame=pd.DataFrame(), section="intro")
    >>> [(x[0], x[-1] if x[0] == "heading" else x[1].number) for x in report_items([], [t], cb)]
    [('heading', 'Respons'), ('table', '1.1')]
    """
    lang = lang or codebook.study.language
    figures, tables = list(figures), list(tables)
    items = []
    intro = [t for t in tables if t.section == "intro"]
    if intro:
        items.append(("heading", 1, say("report:response", lang)))
        items.extend(("table", t) for t in intro)
    chapters = [(s.id, codebook.label(s.label, lang)) for s in codebook.sectors]
    chapters.append(("", say("report:other_questions", lang)))  # items and sets without a sector
    for sector_id, label in chapters:
        figs = [f for f in figures if f.spec.kind == "bar" and f.spec.sector == sector_id]
        tabs = [t for t in tables if t.section == sector_id]
        if not figs and not tabs:
            continue
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
            items.append(("heading", 1, f"{say('appendix', lang)} {letter} {say('appendix:' + letter, lang)}"))
            items.extend(content)
            placed |= {id(x[1]) for x in content}
    rest = [("table", t) for t in tables if id(t) not in placed] + [("figure", f) for f in figures if id(f) not in placed]
    items.extend(rest)
    return items


def cell_text(value, fmt: str, lang: str) -> str:
    """A table cell as printed in Word and HTML: ``33%``, ``25,0%``, ``9``, ``x``; "–" when empty.

    Parameters
    ----------
    value : object
        The cell of a :class:`~survey_inventory.render.tables.DisplayTable` frame
        (percentages 0-100; text such as a suppression mark is printed as is).
    fmt : {"pct0", "pct1", "int", "year", "text"}
        The column's format.
    lang : {"nl", "en"}

    Returns
    -------
    str
        The text printed in the cell.

    Examples
    --------
    >>> cell_text(33.3, "pct0", "nl"), cell_text(25.0, "pct1", "nl"), cell_text(9.0, "int", "en")
    ('33%', '25,0%', '9')
    >>> cell_text(float("nan"), "pct0", "nl"), cell_text(None, "text", "nl"), cell_text("<5", "int", "nl")
    ('–', '', '<5')
    """
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


def is_numeric_format(fmt) -> bool:
    """Whether a column of this format holds numbers (right-aligned in every output).

    Examples
    --------
    >>> is_numeric_format("pct1"), is_numeric_format("text"), is_numeric_format("")
    (True, False, False)
    """
    return fmt in ("pct0", "pct1", "int", "year")
