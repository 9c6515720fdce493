"""The response analysis for readers: a figure and a report table per framed respondent type.

From ``response.csv`` (:func:`survey_inventory.estimate.response_analysis.response_analysis`)
and ``weighted_distributions.csv`` (:func:`survey_inventory.estimate.weighted.weighted_distributions`):

* :func:`response_figure` -- a seaborn bar chart of the response rate per category of
  every frame attribute, one panel per attribute, with the type's overall rate as a
  reference line;
* :func:`write_response_figures` -- those figures as PNG and SVG files;
* :func:`response_description` -- what the figure shows, in words (for screen readers:
  the figure sits beside its table in report.docx and report.html);
* :func:`response_tables` -- per type a :class:`~survey_inventory.render.tables.DisplayTable`
  for the report's response section, whose notes say the exact tests, the R-indicator,
  the weighting scheme with its weight range, and -- when fewer than half of the
  population answered -- how far a figure could move because of who did not answer.

Every fixed word comes from the phrase catalogue.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from ..phrases import say
from .format import fmt_pct
from .style import DPI, FIG_WIDTH, FONT
from .tables import DisplayTable

__all__ = ["response_figure", "write_response_figures", "response_description", "response_tables"]


def response_figure(response: pd.DataFrame, type_id: str, codebook, lang: str | None = None):
    """Response rate per frame class of one respondent type, one panel per attribute.

    Parameters
    ----------
    response : pandas.DataFrame
        ``response.csv``'s table.
    type_id : str
        The respondent type.
    codebook : survey_inventory.codebook.Codebook
    lang : {"nl", "en"}, optional

    Returns
    -------
    matplotlib.figure.Figure
        Horizontal bars (seaborn ``barplot``), the overall rate as a dashed line.

    Examples
    --------
    >>> import pandas as pd
    >>> from survey_inventory.datasets import load_example
    >>> cb, study, dist = load_example("llo-2026")
    >>> response = pd.DataFrame({"respondent_type": "gemeente", "row_type": ["category", "category", "overall"],
    ...                          "attribute": ["size", "size", "size"], "category": ["s", "l", ""],
    ...                          "response_rate": [25.0, 50.0, 30.0]})
    >>> fig = response_figure(response, "gemeente", cb, "en")
    >>> [float(p.get_width()) for p in fig.axes[0].patches], float(fig.axes[0].lines[0].get_xdata()[0])
    ([25.0, 50.0], 30.0)
    """
    import matplotlib.pyplot as plt
    import seaborn as sns

    lang = lang or codebook.study.language
    rows = response[response["respondent_type"] == type_id]
    classes = rows[rows["row_type"] == "category"]
    attributes = list(dict.fromkeys(classes["attribute"]))
    overall = float(rows.loc[rows["row_type"] == "overall", "response_rate"].iloc[0])
    heights = [max(1, int((classes["attribute"] == a).sum())) for a in attributes]
    fig, axes = plt.subplots(len(attributes), 1, figsize=(FIG_WIDTH, 0.9 + 0.25 * sum(heights) + 0.3 * len(heights)),
                             gridspec_kw={"height_ratios": heights}, squeeze=False)
    for ax, attribute in zip(axes[:, 0], attributes):
        part = classes[classes["attribute"] == attribute]
        sns.barplot(data=part, x="response_rate", y="category", orient="h", color="#2171b5", ax=ax, errorbar=None)
        ax.axvline(overall, color="#000000", linestyle="--", linewidth=1)
        ax.set_xlim(0, 100)
        ax.set_ylabel(attribute, fontsize=FONT["label"])
        ax.set_xlabel("")
        ax.tick_params(labelsize=FONT["tick"])
        for patch, value in zip(ax.patches, part["response_rate"]):
            ax.text(patch.get_width() + 1, patch.get_y() + patch.get_height() / 2, fmt_pct(value, lang),
                    va="center", fontsize=FONT["outside"])
    axes[-1, 0].set_xlabel(say("response:axis", lang), fontsize=FONT["label"])
    label = codebook.label(codebook.respondent_type(type_id).label, lang)
    fig.suptitle(say("response:figure_caption", lang, types=label, rate=fmt_pct(overall, lang, 1)),
                 fontsize=FONT["caption"], x=0.02, ha="left")
    fig.tight_layout()
    return fig


def write_response_figures(response: pd.DataFrame, codebook, folder, lang: str | None = None) -> list[Path]:
    """Each framed type's response figure as ``folder/response_<type>.png`` and ``.svg``.

    Parameters
    ----------
    response : pandas.DataFrame
        ``response.csv``'s table.
    codebook : survey_inventory.codebook.Codebook
    folder : path-like
        Created if needed.
    lang : {"nl", "en"}, optional

    Returns
    -------
    list of pathlib.Path
        The files written.

    Examples
    --------
    >>> import tempfile
    >>> import pandas as pd
    >>> from survey_inventory.datasets import load_example
    >>> cb, study, dist = load_example("llo-2026")
    >>> response = pd.DataFrame({"respondent_type": "gemeente", "row_type": ["category", "overall"],
    ...                          "attribute": "size", "category": ["s", ""], "response_rate": [25.0, 25.0]})
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     [p.name for p in write_response_figures(response, cb, tmp)]
    ['response_gemeente.png', 'response_gemeente.svg']
    """
    import matplotlib
    import matplotlib.pyplot as plt

    from .pool import RC_PARAMS

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for type_id in dict.fromkeys(response["respondent_type"]):
        rows = response[response["respondent_type"] == type_id]
        if not (rows["row_type"] == "category").any():
            continue
        with matplotlib.rc_context(RC_PARAMS):
            fig = response_figure(response, type_id, codebook, lang)
            png, svg = folder / f"response_{type_id}.png", folder / f"response_{type_id}.svg"
            fig.savefig(png, dpi=DPI, facecolor="white", metadata={"Software": None})
            fig.savefig(svg, format="svg", metadata={"Date": None, "Creator": None}, facecolor="white")
            plt.close(fig)
        written += [png, svg]
    return written


def response_description(response: pd.DataFrame, type_id: str, codebook, lang: str | None = None) -> str:
    """The response figure of one type in words: its title and every class's rate.

    Parameters
    ----------
    response, type_id, codebook, lang
        As for :func:`response_figure`.

    Returns
    -------
    str
        The figure's title, then per attribute its classes with their response rate.

    Examples
    --------
    >>> import pandas as pd
    >>> from survey_inventory.codebook import load_codebook
    >>> rates = pd.DataFrame({"respondent_type": "gemeente", "row_type": ["category", "category", "overall"],
    ...                       "attribute": "size", "category": ["s", "l", ""], "response_rate": [25.0, 50.0, 30.0]})
    >>> response_description(rates, "gemeente", load_codebook("codebooks/llo-2026.yaml"), "en")
    'Response rate by attribute, municipalities (dashed line: overall 30.0%). size: s 25%, l 50%'
    """
    lang = lang or codebook.study.language
    rows = response[response["respondent_type"] == type_id]
    classes = rows[rows["row_type"] == "category"]
    overall = float(rows.loc[rows["row_type"] == "overall", "response_rate"].iloc[0])
    label = codebook.label(codebook.respondent_type(type_id).label, lang)
    parts = [f"{attribute}: " + ", ".join(f"{c} {fmt_pct(r, lang)}" for c, r in zip(part["category"],
                                                                                    part["response_rate"]))
             for attribute, part in classes.groupby("attribute", sort=False)]
    return say("response:figure_caption", lang, types=label, rate=fmt_pct(overall, lang, 1)) + ". " + "; ".join(parts)


def response_tables(response: pd.DataFrame, weighted: pd.DataFrame | None, codebook, lang: str | None = None,
                    first: int = 2) -> list[DisplayTable]:
    """Per framed type the response by frame class, with the notes the report needs.

    Parameters
    ----------
    response : pandas.DataFrame
        ``response.csv``'s table.
    weighted : pandas.DataFrame or None
        ``weighted_distributions.csv``'s table (the weighting scheme, weight range and
        the non-response share come from it).
    codebook : survey_inventory.codebook.Codebook
    lang : {"nl", "en"}, optional
    first : int, default 2
        Number of the first table in the response section (1.2: after Tabel 1.1).

    Returns
    -------
    list of DisplayTable
        Section ``intro``: after the response table (Tabel 1.1).

    Examples
    --------
    >>> import pandas as pd
    >>> from survey_inventory.datasets import load_example
    >>> cb, study, dist = load_example("llo-2026")
    >>> response = pd.DataFrame({"respondent_type": "gemeente", "row_type": ["category", "category", "attribute",
    ...     "overall"], "attribute": "size", "category": ["l", "s", "", ""], "targeted": [10, 30, 40, 40],
    ...     "responded": [8, 6, 14, 14], "response_rate": [80.0, 20.0, 35.0, 35.0], "p_value": [None, None, 0.0012, None],
    ...     "test": [None, None, "Fisher exact (2 x 2)", None], "r_indicator": [None, None, None, 0.52],
    ...     "r_se": [None, None, None, 0.08], "r_model": [None, None, None, "logit(response) ~ size"]})
    >>> table = response_tables(response, None, cb, "en")[0]
    >>> table.caption
    'Table 1.2 Response by frame attribute, municipalities'
    >>> table.frame.iloc[:, :3].values.tolist()
    [['size', 'l', 10], ['', 's', 30]]
    >>> print(table.notes[-1])
    Fewer than half of the municipalities answered (14 of 40): 65% of the population did not. Whatever they would have said, a percentage can lie anywhere in a band 65 percentage points wide (worst-case bounds, wc_lower and wc_upper in weighted_distributions.csv).
    """
    lang = lang or codebook.study.language
    tables = []
    for k, type_id in enumerate(dict.fromkeys(response["respondent_type"])):
        rows = response[response["respondent_type"] == type_id]
        label = codebook.label(codebook.respondent_type(type_id).label, lang)
        classes = rows[rows["row_type"] == "category"]
        first_of = ~classes["attribute"].duplicated()
        frame = pd.DataFrame({
            say("response:attribute", lang): np.where(first_of, classes["attribute"], ""),
            say("response:category", lang): classes["category"].to_numpy(),
            say("response:targeted", lang): classes["targeted"].to_numpy(),
            say("response:responded", lang): classes["responded"].to_numpy(),
            say("response:rate", lang): classes["response_rate"].to_numpy(),
        })
        formats = dict(zip(frame.columns, ["text", "text", "int", "int", "pct1"]))
        notes = []
        for t in rows[rows["row_type"] == "attribute"].itertuples(index=False):
            notes.append(say("response:test", lang, attribute=t.attribute, p=_p(t.p_value, lang), test=t.test))
        overall = rows[rows["row_type"] == "overall"].iloc[0]
        if pd.notna(overall.get("r_indicator")):
            notes.append(say("response:r_indicator", lang, r=_num(overall["r_indicator"], lang),
                             se=_num(overall["r_se"], lang), model=overall["r_model"]))
        mine = weighted[weighted["respondent_type"] == type_id] if weighted is not None and len(weighted) else None
        if mine is not None and len(mine):
            notes.append(say("response:weighting", lang, types=label, scheme=_scheme(codebook, type_id, lang),
                             low=_num(mine["weight_min"].iloc[0], lang), high=_num(mine["weight_max"].iloc[0], lang)))
        share = 100.0 * (1 - overall["responded"] / overall["targeted"]) if overall["targeted"] else 0.0
        if share > 50:
            notes.append(say("response:low", lang, types=label, responded=int(overall["responded"]),
                             targeted=int(overall["targeted"]), share=fmt_pct(share, lang).rstrip("%")))
            if mine is not None and len(mine):
                delta = float(mine["sens_delta"].iloc[0])
                notes.append(say("response:sensitivity", lang, delta=_num(delta, lang, 0),
                                 move=_num(share * delta / 100, lang, 1)))
        number = f"1.{first + k}"
        tables.append(DisplayTable(key=f"response_analysis:{type_id}", number=number,
                                   caption=f"{say('table', lang)} {number} "
                                           + say("response:caption", lang, types=label),
                                   frame=frame, formats=formats, notes=notes, section="intro"))
    return tables


def _scheme(codebook, type_id: str, lang: str) -> str:
    """The type's weighting in the reader's language, from the codebook's ``weighting:``."""
    weighting = codebook.respondent_type(type_id).frame.weighting
    text = say(f"response:scheme:{weighting.method}", lang, attributes=", ".join(weighting.attributes))
    if weighting.trim is not None:
        text += say("response:scheme:trim", lang, lower=_num(weighting.trim[0], lang, 1),
                    upper=_num(weighting.trim[1], lang, 1))
    return text


def _num(value, lang: str, decimals: int = 2) -> str:
    """A number with the language's decimal sign."""
    text = f"{float(value):.{decimals}f}"
    return text.replace(".", ",") if lang == "nl" else text


def _p(value, lang: str) -> str:
    """A p-value as printed after "p": ``= 0.426`` or ``< 0.001``."""
    return ("< " + _num(0.001, lang, 3)) if value < 0.001 else "= " + _num(value, lang, 3)
