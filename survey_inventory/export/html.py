"""report.html: one self-contained page with every figure and table, in report order.

Figures are embedded as base64 PNG; no external reference of any kind, so the page
opens offline. Every text is escaped and made :func:`~survey_inventory.export.safe.xml_safe`.
"""
from __future__ import annotations

import base64
import html
import re
from pathlib import Path

from ..phrases import say
from ..render.lowresponse import low_response_guide
from .guide import reading_guide, study_lines
from .items import cell_text, is_numeric_format, report_items
from .safe import xml_safe

__all__ = ["write_html"]

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
               rounding: str | None = None, dist=None, sections=(), table_figures=None) -> Path:
    """report.html: one page with every figure (base64 PNG) and table, in report order.

    After the study lines and a short reading guide; no network needed.

    Parameters
    ----------
    figures : list of RenderedFigure
    tables : list of DisplayTable
    path : path-like
    codebook : survey_inventory.codebook.Codebook, optional
        Without it: tables, then figures, no guide.
    lang : {"nl", "en"}, optional
    title : str, optional
        Default: the study's title.
    rounding : str, optional
        The run's rounding rule, explained in the reading guide.
    dist : pandas.DataFrame, optional
        ``distributions``, for the reading guide's paragraph on low response.
    sections, table_figures : optional
        Extra sections after the guide, and pictures under tables, as in
        :func:`~survey_inventory.export.docx.write_docx`.

    Returns
    -------
    pathlib.Path
        The page written.

    Examples
    --------
    >>> import tempfile
    >>> import pandas as pd
    >>> from survey_inventory.render.tables import DisplayTable
    >>> cells = pd.DataFrame({"Categorie": ["Goed", "Slecht"], "%": [33.3, 66.7]})
    >>> table = DisplayTable("t", "9.9", "Tabel 9.9 Voorbeeld", cells, {"%": "pct0"}, notes=["Een noot."])
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     page = write_html([], [table], Path(tmp) / "r.html", title="Voorbeeld").read_text(encoding="utf-8")
    >>> "<caption>Tabel 9.9 Voorbeeld</caption>" in page, '<td class="num">67%</td>' in page
    (True, True)
    """
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
            head = "".join(f'<th class="num">{esc(str(c))}</th>' if is_numeric_format(table.formats.get(c, ""))
                           else f"<th>{esc(str(c))}</th>" for c in frame.columns)
            rows = []
            for r, row in enumerate(frame.itertuples(index=False)):
                cells = []
                for col, value in zip(frame.columns, row):
                    fmt = table.formats.get(col, "text")
                    text = cell_text(value, fmt, lang)
                    cls = ' class="num"' if is_numeric_format(fmt) else (' class="mark"' if text == "x" else "")
                    cells.append(f"<td{cls}>{esc(text)}</td>")
                em = ' class="em"' if r in table.emphasis else ""
                rows.append(f"<tr{em}>{''.join(cells)}</tr>")
            notes = "".join(f"{esc(n)}<br>" for n in table.notes)
            body.append(f'<table id="{_anchor("table", table.number)}"><caption>{esc(table.caption)}</caption>'
                        f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
                        + (f'<p class="notes">{notes}</p>' if notes else ""))
            if table.key in (table_figures or {}):   # its figure, under the table
                png, description = table_figures[table.key]
                data = base64.b64encode(png).decode("ascii")
                body.append(f'<figure><img src="data:image/png;base64,{data}" alt="{esc(description)}"></figure>')
    study = "".join(f'<p class="study">{esc(line)}</p>' for line in (study_lines(codebook, lang) if codebook else []))
    if codebook is not None:
        guide_title, guide = reading_guide(codebook, lang, rounding)
        guide = guide + (low_response_guide(dist, codebook, lang) if dist is not None else [])
        study += (f'<section class="guide"><h2 id="guide">{esc(guide_title)}</h2>'
                  + "".join(f"<p>{esc(line)}</p>" for line in guide) + "</section>")
    for heading, paragraphs in sections:  # e.g. "what changed" between waves (survey_inventory.follow_up)
        study += (f'<section class="extra"><h2>{esc(heading)}</h2>'
                  + "".join(f"<p>{esc(line)}</p>" for line in paragraphs) + "</section>")
    page = (f'<!DOCTYPE html>\n<html lang="{esc(lang)}">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n<title>{esc(title)}</title>\n'
            f"<style>{_CSS}</style>\n</head>\n<body>\n<h1>{esc(title)}</h1>\n{study}\n"
            f"<nav><h2>{esc(say('report:contents', lang))}</h2><ol>{''.join(toc)}</ol></nav>\n"
            + "\n".join(body) + "\n</body>\n</html>\n")
    path = Path(path)
    path.write_text(page, encoding="utf-8")
    return path
