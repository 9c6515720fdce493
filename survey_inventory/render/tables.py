"""Display tables: the estimated tables as a reader sees them, in the codebook's language.

Pure functions from the tidy tables (``distributions``, ``response_table``,
``mentions``, the inventory) to :class:`DisplayTable`: a caption with the
report's number, a frame whose columns have reader-facing names, and a format
per column. Numbers stay numbers (percentages as 0-100); the writers in
:mod:`survey_inventory.export` turn them into "33%" (Word, HTML) or 0.33 with a
percent format (Excel).

* :func:`response_table` - report Tabel 1.1: targeted and achieved response,
  absolute and relative, per respondent type and per sector of collaborations;
* :func:`distribution_tables` - per measure: count, base, percentage and
  interval per category (appendix B);
* :func:`participant_matrices` - report tables 2.1, 4.1, 5.1, 6.1 from the inventory;
* :func:`collaborations_table` - the inventory itself (appendix C);
* :func:`mention_tables` - coded open answers, "5 keer genoemd", per set and
  respondent type.

Suppressed cells (``suppressed`` column, see ``--min-cell``) show "<K" (or "–").
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from ..phrases import say
from .format import is_missing, method_labels, rounding_suffix, suppression_marks
from .lowresponse import bound_columns
from .notes import is_routed

__all__ = ["DisplayTable", "response_table", "distribution_tables", "participant_matrices",
           "collaborations_table", "mention_tables", "build_tables"]

def _h(key, lang, **fields):
    return say("heading:" + key, lang, **fields)


def _upper_first(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


@dataclass
class DisplayTable:
    """A table as readers see it.

    ``formats`` maps a column to ``pct0`` (whole percent), ``pct1`` (one decimal),
    ``int`` or ``text``; percentages are stored as 0-100. ``emphasis`` lists the
    row positions printed bold (group and total rows). ``place_after`` is the
    figure key the table follows in report order ("" = at its section's start).

    Examples
    --------
    >>> import pandas as pd
    >>> table = DisplayTable("t", "9.9", "Tabel 9.9 Voorbeeld", pd.DataFrame({"%": [33.3]}), {"%": "pct0"})
    >>> table.title, table.section, table.emphasis
    ('Tabel 9.9 Voorbeeld', '', [])
    """
    key: str
    number: str
    caption: str
    frame: pd.DataFrame
    formats: dict = field(default_factory=dict)
    notes: list = field(default_factory=list)
    section: str = ""          # "intro", a sector id, or "appendix"
    place_after: str = ""
    emphasis: list = field(default_factory=list)
    exact: dict = field(default_factory=dict)   # column -> its values unrounded (0-100), for tables.xlsx

    @property
    def title(self) -> str:
        """The caption (the name spreadsheet and document writers use)."""
        return self.caption


def _table_word(lang):
    return say("table", lang)


def _masked(values: pd.Series, marks: pd.Series) -> np.ndarray:
    """The numbers as printed: a suppressed cell's mark ("<5", "x") in place of its number."""
    out = np.array(pd.to_numeric(values, errors="coerce"), dtype=object)
    hidden = (marks != "").to_numpy()
    out[hidden] = marks.to_numpy()[hidden]
    return out


def _suppressed_note(min_cell: int, lang) -> str:
    """The note under a table with suppressed cells (naming ``--min-cell`` when it was given)."""
    return say("suppressed_table_k", lang, k=min_cell) if min_cell else say("suppressed", lang)


# -- Tabel 1.1 ----------------------------------------------------------------------

def response_table(resp: pd.DataFrame, codebook, lang=None) -> DisplayTable:
    """Report Tabel 1.1: targeted and achieved response, absolute and relative.

    Parameters
    ----------
    resp : pandas.DataFrame
        The response table, from :func:`survey_inventory.estimate.response_table`.
    codebook : survey_inventory.codebook.Codebook
    lang : {"nl", "en"}, optional

    Returns
    -------
    DisplayTable
        Group and total rows printed bold (``emphasis``).

    Examples
    --------
    >>> from survey_inventory.datasets import load_example
    >>> cb, study, dist = load_example()
    >>> from survey_inventory.estimate import response_table as estimated
    >>> table = response_table(estimated(study.respondents, cb), cb)
    >>> table.caption, list(table.frame.columns)
    ('Tabel 1.1 Respons, naar type respondent', ['Type respondent', 'Beoogde respons', 'Feitelijke respons', \
'Respons (relatief)'])
    """
    lang = lang or codebook.study.language
    targeted, achieved = pd.to_numeric(resp["targeted"]), pd.to_numeric(resp["achieved"])
    # the rate from the counts, unrounded: the CSV's one-decimal rate rounded again could print 45% for 44.47%
    rate = (100.0 * achieved / targeted.where(targeted > 0)).fillna(pd.to_numeric(resp["response_rate"]))
    frame = pd.DataFrame({
        _h("type", lang): resp["label"].astype(str).to_numpy(),
        _h("targeted", lang): targeted.to_numpy(),
        _h("achieved", lang): achieved.to_numpy(),
        _h("rate", lang): rate.to_numpy(),
    })
    emphasis = [k for k, t in enumerate(resp["row_type"]) if t in ("group", "total")]
    return DisplayTable(key="response", number="1.1",
                        caption=f"{_table_word(lang)} 1.1 {say('table_caption:response', lang)}", frame=frame,
                        formats={_h("targeted", lang): "int", _h("achieved", lang): "int", _h("rate", lang): "pct0"},
                        section="intro", emphasis=emphasis)


# -- distributions (appendix B) --------------------------------------------------------

def distribution_tables(dist: pd.DataFrame, codebook, lang=None, *, figure_numbers: dict | None = None,
                        min_cell: int = 0, first: int = 1) -> list[DisplayTable]:
    """Appendix B: one table per measure, per figure and category the count, base,
    rounded percentage and interval bounds, in report order.

    Parameters
    ----------
    dist : pandas.DataFrame
        The ``distributions`` table, after ``--min-cell`` suppression where asked for.
    codebook : survey_inventory.codebook.Codebook
    lang : {"nl", "en"}, optional
    figure_numbers : dict, optional
        ``"item:type"`` -> the figure number used in this run (default: the codebook's).
    min_cell : int
        The ``--min-cell`` threshold, for the "<K" marks and the note.
    first : int
        The number of the first table (B.1).

    Returns
    -------
    list of DisplayTable
        One per measure (B.1, B.2, ...), in the codebook's order of measures.

    Examples
    --------
    >>> from survey_inventory.datasets import load_example
    >>> cb, study, dist = load_example()
    >>> from survey_inventory.estimate import distributions
    >>> tables = distribution_tables(distributions(study.responses, cb, lang="en"), cb, lang="en")
    >>> [t.number for t in tables], tables[0].caption
    (['B.1', 'B.2'], 'Table B.1 Familiarity: counts, percentages and 95% confidence intervals')
    """
    lang = lang or codebook.study.language
    if dist.empty:
        return []
    figure_numbers = figure_numbers or {}
    sector_pos = {s.id: k for k, s in enumerate(codebook.sectors)}
    type_pos = {t.id: k for k, t in enumerate(codebook.respondent_types)}
    item_pos = {i.id: k for k, i in enumerate(codebook.items)}
    d = dist.assign(_s=dist["sector"].map(sector_pos), _t=dist["respondent_type"].map(type_pos),
                    _i=dist["item"].map(item_pos)).sort_values(["_s", "_t", "_i", "category_order"], kind="stable")
    measure_pos = {m.id: k for k, m in enumerate(codebook.measures)}
    measures = sorted(d["measure"].drop_duplicates(), key=lambda m: measure_pos.get(m, len(measure_pos)))
    marks = pd.Series(suppression_marks(d, min_cell), index=d.index)
    level = int(round(100 * float(d["ci_level"].dropna().iloc[0]))) if d["ci_level"].notna().any() else 95
    out = []
    for k, measure in enumerate(measures, start=first):
        m = d[d["measure"] == measure]
        s = marks.loc[m.index]
        numbers = [figure_numbers.get(f"{i}:{t}", f) for i, t, f in zip(m["item"], m["respondent_type"], m["figure"])]

        def masked(col, m=m, s=s):
            return _masked(m[col], s)

        frame = pd.DataFrame({
            _h("figure", lang): numbers,
            _h("sector", lang): [_upper_first(x) for x in m["sector_label"]],
            _h("type", lang): [_upper_first(x) for x in m["respondent_type_label"]],
            _h("category", lang): m["category_label"].to_numpy(),
            _h("count", lang): masked("count"),
            _h("base", lang): pd.to_numeric(m["base_n"]).to_numpy(),
            _h("percent", lang): masked("percent"),
            _h("lower", lang, level=level): masked("ci_lower"),
            _h("upper", lang, level=level): masked("ci_upper"),
        })
        bounds, bound_formats, bound_notes = bound_columns(m, s.to_numpy(), lang)  # worst case; simultaneous
        frame = frame.assign(**bounds)
        label = m["measure_label"].iloc[0]
        notes = [say("table_note:methods", lang, methods="; ".join(method_labels(m["ci_method"], lang)))] + bound_notes
        sizes = [f"{lab} {int(pop)}" for lab, pop in
                 m.drop_duplicates("respondent_type")[["respondent_type_label", "population_n"]].itertuples(index=False)
                 if not is_missing(pop)]
        if sizes:
            notes.append(say("population_sizes", lang, sizes=", ".join(sizes)))
        routed = [n for n, i, t in dict.fromkeys(zip(numbers, m["item"], m["respondent_type"]))
                  if is_routed(codebook, codebook.item(i), t)]
        if routed:
            notes.append(say("table_note:routed", lang, measure=m["measure_label"].iloc[0],
                             figures=", ".join(dict.fromkeys(routed))))
        if str(m["rounding"].iloc[0]) == "largest-remainder":
            notes.append(say("largest_remainder", lang))
        if (s != "").any():
            notes.append(_suppressed_note(min_cell, lang))
        number = f"B.{k}"
        lr = rounding_suffix(str(m["rounding"].iloc[0]), lang)
        out.append(DisplayTable(
            key=f"distribution:{measure}", number=number,
            caption=f"{_table_word(lang)} {number} " + say("distribution_caption", lang, measure=label, level=level) + lr,
            frame=frame, notes=notes, section="appendix", exact={_h("percent", lang): masked("percent_exact")},
            formats={_h("count", lang): "int", _h("base", lang): "int", _h("percent", lang): "pct0",
                     _h("lower", lang, level=level): "pct1", _h("upper", lang, level=level): "pct1"} | bound_formats))
    return out


# -- participant matrices (tables 2.1, 4.1, 5.1, 6.1) and the inventory (appendix C) ---------------

def participant_matrices(participants: pd.DataFrame, codebook, lang=None, source: str = "") -> list[DisplayTable]:
    """Report tables 2.1, 4.1, 5.1, 6.1: one matrix per sector, party types down,
    collaborations across, "x" where a type takes part.

    Parameters
    ----------
    participants : pandas.DataFrame
        From :func:`survey_inventory.estimate.participants.participants_long`.
    codebook : survey_inventory.codebook.Codebook
    lang : {"nl", "en"}, optional
    source : str
        The inventory's file name, named in a note.

    Returns
    -------
    list of DisplayTable
        One per sector, numbered as the report (or C.2, C.3, ... where it has none).

    Examples
    --------
    >>> import pandas as pd
    >>> from survey_inventory.datasets import load_example
    >>> cb, study, dist = load_example()
    >>> long = pd.DataFrame({"sector": "care", "report_table": "2.1", "collaboration": ["a", "a", "b", "b"],
    ...                      "collaboration_name": ["A", "A", "B", "B"], "collaboration_order": [1, 1, 2, 2],
    ...                      "party_type_label": ["Werkgevers", "Gemeenten"] * 2, "party_order": [1, 2] * 2,
    ...                      "participates": [True, True, True, False]})
    >>> table = participant_matrices(long, cb)[0]
    >>> table.caption[:38], table.frame.values.tolist()
    ('Tabel 2.1 Overzicht van type participa', [['Werkgevers', 'x', 'x'], ['Gemeenten', 'x', '']])
    """
    lang = lang or codebook.study.language
    out = []
    if participants is None or participants.empty:
        return out
    extra = 0
    for sector_id, block in participants.groupby("sector", sort=False):
        names = block.drop_duplicates("collaboration").sort_values("collaboration_order")["collaboration_name"].tolist()
        # party types down (report order), collaborations across: "x" where any row says it takes part
        cells: dict = {}
        for party, name, takes_part in zip(zip(block["party_order"], block["party_type_label"]),
                                           block["collaboration_name"], block["participates"]):
            row = cells.setdefault(party, {})
            row[name] = row.get(name, False) or bool(takes_part)
        parties = sorted(cells)
        frame = pd.DataFrame({_h("participant", lang): [label for _, label in parties]})
        for name in names:
            frame[name] = ["x" if cells[party].get(name, False) else "" for party in parties]
        number = str(block["report_table"].iloc[0] or "")
        if not number:
            extra += 1
            number = f"C.{extra + 1}"
        sector = codebook.sector(sector_id)
        caption = f"{_table_word(lang)} {number} " + say(
            "table_caption:participants", lang, collaborations=codebook.label(sector.collaborations, lang),
            sector=codebook.label(sector.label, lang))
        out.append(DisplayTable(key=f"participants:{sector_id}", number=number, caption=caption, frame=frame,
                                formats={c: "text" for c in frame.columns},
                                notes=[say("table_note:participants", lang)]
                                + ([say("table_note:inventory", lang, file=source)] if source else []),
                                section=sector_id))
    return out


def collaborations_table(inventory: pd.DataFrame, codebook, lang=None, number: str = "C.1",
                         source: str = "") -> DisplayTable:
    """Appendix C.1, the inventory: name, sector, region, legal form, founding year and members.

    Parameters
    ----------
    inventory : pandas.DataFrame
        The inventory as :func:`survey_inventory.load.inventory.load_inventory` reads it.
    codebook : survey_inventory.codebook.Codebook
    lang : {"nl", "en"}, optional
    number : str
        The table's number.
    source : str
        The inventory's file name, named in a note.

    Returns
    -------
    DisplayTable
        One row per collaboration, sectors in the codebook's order.

    Examples
    --------
    >>> import pandas as pd
    >>> from survey_inventory.datasets import load_example
    >>> cb, study, dist = load_example()
    >>> inventory = pd.DataFrame({"name": ["WZW"], "sector": ["care"], "region": ["Gelderland"],
    ...                           "legal_form": ["vereniging"], "founding_year": [2013], "members": [110],
    ...                           "members_note": ["ruim 110 instellingen"]})
    >>> collaborations_table(inventory, cb, "en").frame.iloc[0].tolist()[:4]
    ['WZW', 'Care and welfare', 'Gelderland', 'Association']
    """
    lang = lang or codebook.study.language
    sector_pos = {s.id: k for k, s in enumerate(codebook.sectors)}
    inv = inventory.assign(_s=inventory["sector"].map(sector_pos)).sort_values("_s", kind="stable")
    frame = pd.DataFrame({
        _h("name", lang): inv["name"].to_numpy(),
        _h("sector", lang): [_upper_first(codebook.label(codebook.sector(s).label, lang)) for s in inv["sector"]],
        _h("region", lang): inv["region"].to_numpy(),
        _h("legal_form", lang): [codebook.legal_form_label(x, lang) for x in inv["legal_form"]],
        _h("founded", lang): inv["founding_year"].to_numpy(),
        _h("members", lang): inv["members"].to_numpy(),
        _h("members_note", lang): inv["members_note"].to_numpy(),
    })
    in_source_language = say("table_note:source_language", lang)   # empty in Dutch: the data is Dutch
    return DisplayTable(key="collaborations", number=number,
                        caption=f"{_table_word(lang)} {number} {say('table_caption:collaborations', lang)}",
                        frame=frame, formats={_h("founded", lang): "year", _h("members", lang): "int"},
                        notes=([say("table_note:inventory", lang, file=source)] if source else [])
                        + ([in_source_language] if in_source_language else []), section="appendix")


# -- coded open answers ---------------------------------------------------------------------

def mention_tables(mentions: pd.DataFrame, codebook, lang=None, min_cell: int = 0, *,
                   figure_numbers: dict | None = None) -> list[DisplayTable]:
    """Coded open answers: per multi-response set and respondent type, how often each code
    was named ("5 keer genoemd"), in the codebook's code order, with the share of respondents.

    Parameters
    ----------
    mentions : pandas.DataFrame
        From :func:`survey_inventory.estimate.mention_counts`.
    codebook : survey_inventory.codebook.Codebook
    lang : {"nl", "en"}, optional
    min_cell : int
        The ``--min-cell`` threshold, for the "<K" marks and the note.
    figure_numbers : dict, optional
        ``"item:type"`` -> the figure number used in this run. A set without a ``table``
        number is numbered in the chapter of its sector's figures ("3.1", "3.2", ...;
        items without a sector make the last chapter), or 1, 2, ... under flat numbering.

    Returns
    -------
    list of DisplayTable
        One per multi-response set and respondent type, placed after that type's figures.

    Examples
    --------
    >>> from survey_inventory.datasets import load_example
    >>> cb, study, dist = load_example()
    >>> from survey_inventory.estimate import mention_counts
    >>> table = mention_tables(mention_counts(study.multi_response, cb), cb)[0]
    >>> table.number, table.caption[-8:], list(table.frame.columns)
    ('2.4a', '(N = 27)', ['Antwoord', 'Keer genoemd', '% van respondenten'])
    """
    lang = lang or codebook.study.language
    out = []
    if mentions is None or mentions.empty:
        return out
    chapters = _chapters(codebook, figure_numbers or {})
    counted = {}
    for (set_id, type_id), block in mentions.groupby(["set", "respondent_type"], sort=False):
        mr = next(m for m in codebook.multi_response if m.id == set_id)
        n = int(block["respondents"].iloc[0])
        number = mr.table
        if not number:
            chapter = chapters.get(mr.sector or "", "")
            counted[chapter] = counted.get(chapter, 0) + 1
            number = f"{chapter}.{counted[chapter]}" if chapter else str(counted[chapter])
        rtype = codebook.respondent_type(type_id)
        caption = f"{_table_word(lang)} {number} " + say("table_caption:mentions", lang,
                                                         label=block["set_label"].iloc[0],
                                                         types=codebook.label(rtype.label, lang), n=n)
        marks = pd.Series(suppression_marks(block, min_cell), index=block.index)
        frame = pd.DataFrame({_h("answer", lang): block["label"].to_numpy(),
                              _h("mentions", lang): _masked(block["mentions"], marks),
                              _h("share", lang): _masked(block["percent"], marks)})
        # coded open answers (one column listing codes) or closed check boxes (a column per code)
        notes = [say("table_note:mentions" if mr.format == "delimited" else "table_note:mentions_closed", lang)]
        if (marks != "").any():
            notes.append(_suppressed_note(min_cell, lang))
        out.append(DisplayTable(key=f"mentions:{set_id}:{type_id}", number=number, caption=caption, frame=frame,
                                formats={_h("mentions", lang): "int", _h("share", lang): "pct1"},
                                notes=notes, section=mr.sector or "",
                                place_after=f"type:{type_id}"))
    return out


def _chapters(codebook, figure_numbers: dict) -> dict:
    """Sector id ("" for none) -> the chapter its figures are numbered in ("" when the
    numbers have no chapter). Without figures of its own, a sector without an id takes the
    chapter after the last."""
    out = {}
    for key, number in figure_numbers.items():
        item_id = key.split(":")[0]
        sector = codebook.item(item_id).sector or ""
        head = str(number).split(".")[0] if "." in str(number) else ""
        if head.isdigit():
            out.setdefault(sector, head)
    if "" not in out and out:
        out[""] = str(max(int(v) for v in out.values()) + 1)
    return out


def build_tables(tables: dict, codebook, lang=None, *, inventory: pd.DataFrame | None = None,
                 figure_numbers: dict | None = None, min_cell: int = 0) -> list[DisplayTable]:
    """Every display table of a run, from the tables of :func:`survey_inventory.analyze.estimate_all`.

    Parameters
    ----------
    tables : dict of str to pandas.DataFrame
        ``response_table``, ``participants``, ``mentions``, ``distributions`` (any may be absent).
    codebook : survey_inventory.codebook.Codebook
    lang : {"nl", "en"}, optional
    inventory : pandas.DataFrame, optional
        The inventory (appendix C.1; its file name in notes).
    figure_numbers : dict, optional
        ``"item:type"`` -> the figure number used in this run.
    min_cell : int

    Returns
    -------
    list of DisplayTable
        Response, participant matrices, mentions, distributions, inventory.

    Examples
    --------
    >>> from survey_inventory.datasets import load_example
    >>> cb, study, dist = load_example()
    >>> from survey_inventory.estimate import response_table as estimated
    >>> [t.number for t in build_tables({"response_table": estimated(study.respondents, cb)}, cb)]
    ['1.1']
    """
    lang = lang or codebook.study.language
    out = []
    if "response_table" in tables:
        out.append(response_table(tables["response_table"], codebook, lang))
    source = Path(inventory.attrs.get("path", "")).name if inventory is not None else ""
    if tables.get("participants") is not None:
        out.extend(participant_matrices(tables["participants"], codebook, lang, source))
    if tables.get("mentions") is not None:
        out.extend(mention_tables(tables["mentions"], codebook, lang, min_cell, figure_numbers=figure_numbers))
    if "distributions" in tables:
        out.extend(distribution_tables(tables["distributions"], codebook, lang, figure_numbers=figure_numbers,
                                       min_cell=min_cell))
    if inventory is not None and not inventory.empty:
        out.append(collaborations_table(inventory, codebook, lang, source=source))
    return out
