"""The codebook model: what a study's YAML codebook may say, as pydantic classes.

Each class is one section (or one entry of a section) of the YAML file; each field
is one key, described in ``Field(description=...)`` so that a JSON Schema and the
key reference can be generated from the model. Validation inside one entry (a code
listed twice, a collapse naming a code the scale lacks) happens here; checks that
relate one section to another live in :mod:`survey_inventory.codebook.references`,
reading the YAML file in :mod:`survey_inventory.codebook.read`.

>>> cb = Codebook.model_validate(_EXAMPLE)
>>> [t.id for t in cb.respondent_types]
['province', 'amr']
>>> cb.label(cb.respondent_type("amr").label, "en")
'AMRs'
"""
from __future__ import annotations

from pathlib import Path
from typing import Literal, Union

from pydantic import Field, field_validator, model_validator

from ..options import LANGUAGES, ROUNDING_RULES
from .base import LABEL_HELP, Label, Section, as_label
from .captions import figure_caption
from .frames import Frame, Weighting
from .presentation import NUMBERING, LegalForm, MeasurePair, PartyType, ResponseTableText
from .routing import parse as parse_routing

__all__ = [
    "Code", "SOURCE_FORMATS", "Label", "StudyInfo", "RespondentType", "Interviews", "TypeFromColumn",
    "Source", "ScaleCode", "CollapseGroup", "Scale", "Measure", "Sector", "Item", "MultiResponse",
    "OpenText", "Codebook", "PartyType", "LegalForm", "ResponseTableText", "MeasurePair", "Weighting", "Frame",
]

#: An answer code as the data file holds it: a number or a text.
Code = Union[int, float, str]

#: File formats a source can have (``Source.format``).
SOURCE_FORMATS = ("csv", "xlsx", "sav", "parquet")

class StudyInfo(Section):
    """The ``study:`` section: what the study is (not its data; that is ``load.Study``)."""

    id: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$",
                    description="Short name of the study, used in file names, e.g. bartels-2025.")
    title: Label = Field(description=f"Title of the report; {LABEL_HELP}.")
    fieldwork: Label | None = Field(default=None, description=f"When the fieldwork took place; {LABEL_HELP}.")
    publisher: Label | None = Field(default=None, description=f"Who published the study; {LABEL_HELP}.")
    language: Literal[LANGUAGES] = Field(default="nl", description="Language of the outputs unless --lang says otherwise.")
    synthetic_data: bool = Field(default=False, description="True when the data are made up (the manifest says so; figures carry the note).")
    note: Label | None = Field(default=None, description=f"A note printed with the study's outputs; {LABEL_HELP}.")

    _label = field_validator("title", "note", "fieldwork", "publisher", mode="before")(as_label)


class RespondentType(Section):
    """One kind of respondent (an entry of ``respondent_types:``), e.g. provinces."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$", description="Short name used elsewhere in the codebook.")
    label: Label = Field(description=f"Plural name shown to readers, e.g. 'provincies'; {LABEL_HELP}.")
    label_singular: Label | None = Field(default=None, description=f"Singular name, e.g. 'provincie'; {LABEL_HELP}.")
    population: int | None = Field(default=None, ge=1,
                                   description="Number of units of this type in the population (finite-population correction).")
    targeted: int | None = Field(default=None, ge=0, description="Number of units invited to take part.")
    inference: Literal["finite", "process"] = Field(
        default="finite",
        description="'finite': the population is the units that exist; 'process': they are a sample of a process.")
    frame: Frame | None = Field(default=None, description="The population frame (every unit approached), its weighting; the population size then comes from it.")

    _label = field_validator("label", "label_singular", mode="before")(as_label)


class Interviews(Section):
    """Interviews held besides the survey (an entry of ``interviews:``), per sector."""

    sector: str = Field(description="Id of the sector the interviews were about.")
    targeted: int = Field(ge=0, description="Number of interviews sought.")
    achieved: int = Field(ge=0, description="Number of interviews held.")


class TypeFromColumn(Section):
    """A source whose respondent type is in one of its columns."""

    column: str = Field(description="The column holding the respondent type.")
    values: dict[Code, str] = Field(description="Each value of that column and the respondent type id it means.")


class Source(Section):
    """One data file (an entry of ``sources:``)."""

    id: str = Field(description="Short name of the source.")
    file: str = Field(description="Path of the data file, relative to the codebook.")
    format: Literal[SOURCE_FORMATS] | None = Field(
        default=None, description="csv, xlsx, sav or parquet; by default told from the file's extension.")
    delimiter: str | None = Field(default=None, description="CSV only: the one-character delimiter (default: detected).")
    encoding: str | None = Field(default=None, description="CSV only: the text encoding (default: detected).")
    sheet: Union[str, int, None] = Field(default=None, description="XLSX only: sheet name or number (default: the first).")
    header_row: int = Field(default=1, ge=1, description="Row that holds the column names (1 = the first).")
    id_column: str = Field(description="Column with the respondent's id.")
    respondent_type: Union[str, TypeFromColumn] = Field(
        description="The respondent type id of every row, or {column, values} when a column says it.")

    @field_validator("delimiter")
    @classmethod
    def _one_char(cls, v):
        if v is not None and len(v) != 1:
            raise ValueError("a CSV delimiter is one character, e.g. ';' or ','")
        return v

    @property
    def resolved_format(self) -> str:
        """The file format: ``format`` if given, else told from the file's extension.

        Examples
        --------
        >>> Source(id="m", file="data.zsav", id_column="id", respondent_type="amr").resolved_format
        'sav'
        """
        if self.format:
            return self.format
        suffix = Path(self.file).suffix.lower().lstrip(".")
        return {"tsv": "csv", "txt": "csv", "xls": "xlsx", "xlsm": "xlsx", "zsav": "sav",
                "pq": "parquet"}.get(suffix, suffix)


class ScaleCode(Section):
    """One answer code of a scale and what it means."""

    code: Code = Field(description="The code as the data file holds it.")
    label: Label = Field(description=f"What the code means; {LABEL_HELP}.")
    substantive: bool = Field(default=True, description="False for answers such as 'don't know' that hold no opinion.")

    _label = field_validator("label", mode="before")(as_label)


class CollapseGroup(Section):
    """One category of a collapse: several codes of a scale shown as one."""

    id: str = Field(description="Short name of the category.")
    label: Label = Field(description=f"What the category means; {LABEL_HELP}.")
    codes: list[Code] = Field(min_length=1, description="The scale's codes that make up the category.")

    _label = field_validator("label", mode="before")(as_label)


class Scale(Section):
    """A set of answer codes (an entry of ``scales:``), shared by the items that use it."""

    label: Label | None = Field(default=None, description=f"Name of the scale; {LABEL_HELP}.")
    ordinal: bool = Field(default=True, description="True when the codes are in a meaningful order.")
    codes: list[ScaleCode] = Field(min_length=1, description="The valid answers, in the order figures show them.")
    missing: list[Code] = Field(default_factory=list, description="Codes that mean 'no answer'.")
    missing_label: Label | None = Field(default=None, description=f"How 'no answer' is shown; {LABEL_HELP}.")
    missing_labels: dict[Code, Label] = Field(
        default_factory=dict,
        description="What each missing code means, e.g. {97: Weet ik niet, 99: Geen antwoord} (as the SPSS "
                    "file labels them; optional).")
    collapses: dict[str, list[CollapseGroup]] = Field(
        default_factory=dict, description="Named ways to group the codes into fewer categories.")

    _label = field_validator("label", "missing_label", mode="before")(as_label)

    @field_validator("missing_labels", mode="before")
    @classmethod
    def _missing_labels(cls, v):
        return {k: as_label(x) for k, x in v.items()} if isinstance(v, dict) else v

    @model_validator(mode="after")
    def _consistent(self):
        codes = [c.code for c in self.codes]
        if len(set(map(str, codes))) != len(codes):
            raise ValueError("codes: a code is listed twice")
        both = {str(c) for c in codes} & {str(c) for c in self.missing}
        if both:
            raise ValueError(f"missing: code(s) {sorted(both)} are also valid answers")
        stray = {str(c) for c in self.missing_labels} - {str(c) for c in self.missing}
        if stray:
            raise ValueError(f"missing_labels: code(s) {sorted(stray)} are not in missing")
        valid = {str(c) for c in codes}
        for name, groups in self.collapses.items():
            seen = set()
            for g in groups:
                for c in g.codes:
                    if str(c) not in valid:
                        raise ValueError(f"collapses.{name}.{g.id}: code {c!r} is not in the scale")
                    if str(c) in seen:
                        raise ValueError(f"collapses.{name}: code {c!r} is in two groups")
                    seen.add(str(c))
        return self

    def code_labels(self, lang="nl") -> dict:
        """Each code and its label in ``lang``, in scale order.

        Examples
        --------
        >>> Codebook.model_validate(_EXAMPLE).scale("fam").code_labels()
        {1: 'Goed', 2: 'Slecht'}
        """
        return {c.code: c.label.text(lang) for c in self.codes}


class Measure(Section):
    """What a group of items measures (an entry of ``measures:``), e.g. familiarity."""

    id: str = Field(description="Short name used by the items' ``measure``.")
    label: Label = Field(description=f"Name of the measure; {LABEL_HELP}.")
    caption: Label = Field(description="Template of the figure caption; {sector} and {collaborations} are "
                                       "filled from the item's sector.")

    _label = field_validator("label", "caption", mode="before")(as_label)


class Sector(Section):
    """A policy sector (an entry of ``sectors:``); items are grouped by sector."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$", description="Short name used by the items' ``sector``.")
    label: Label = Field(description=f"Name of the sector; {LABEL_HELP}.")
    collaborations: Label = Field(description=f"Name of the sector's collaborations, for captions; {LABEL_HELP}.")

    _label = field_validator("label", "collaborations", mode="before")(as_label)


class Item(Section):
    """One closed question (an entry of ``items:``): a column of codes on one scale."""

    id: str = Field(pattern=r"^[A-Za-z][A-Za-z0-9_]*$", description="Short name, used in routing rules and outputs.")
    column: str = Field(description="Column of the data file that holds the answers.")
    scale: str = Field(description="Name of the scale of the answers.")
    measure: str = Field(description="Id of the measure the item belongs to.")
    sector: str | None = Field(default=None, description="Id of the sector the item belongs to.")
    label: Label | None = Field(default=None, description=f"The question; {LABEL_HELP}.")
    asked_if: str | None = Field(default=None, description="Routing rule: who was asked, e.g. 'care_familiarity != 5'.")
    respondent_types: list[str] | None = Field(default=None, description="Types asked the question (default: all).")
    report_collapse: str | None = Field(default=None, description="Name of the scale's collapse the figures show.")
    figures: dict[str, str] = Field(default_factory=dict,
                                    description="Figure number per respondent type id, e.g. {province: '2.3'}.")
    asked_note: Label | None = Field(
        default=None,
        description=f"The routing note printed under the item's figures, e.g. 'Alleen gevraagd aan wie het "
                    f"ontwikkelpunt kent' (default: made from asked_if); {LABEL_HELP}.")

    _label = field_validator("label", "asked_note", mode="before")(as_label)

    @field_validator("figures", mode="before")
    @classmethod
    def _figure_text(cls, v):
        if v is None:
            return {}
        return {k: str(x) for k, x in v.items()} if isinstance(v, dict) else v  # else pydantic says what is wrong


class MultiResponse(Section):
    """A question with several answers per respondent (an entry of ``multi_response:``)."""

    id: str = Field(description="Short name of the question.")
    label: Label = Field(description=f"The question; {LABEL_HELP}.")
    sector: str | None = Field(default=None, description="Id of the sector the question belongs to.")
    respondent_types: list[str] | None = Field(default=None, description="Types asked the question (default: all).")
    source: str | None = Field(default=None, description="Id of the source holding it (default: every source).")
    format: Literal["binary", "delimited"] = Field(
        description="'binary': one 0/1 column per code; 'delimited': one column listing the codes.")
    columns: dict[Code, str] | None = Field(default=None, description="binary only: the column of each code.")
    column: str | None = Field(default=None, description="delimited only: the column listing the codes.")
    separator: str = Field(default=";", description="delimited only: what separates the codes.")
    codes: list[ScaleCode] = Field(min_length=1, description="The possible answers.")
    table: str | None = Field(default=None, description="Number of the table that shows it.")

    _label = field_validator("label", mode="before")(as_label)

    @model_validator(mode="after")
    def _shape(self):
        if self.format == "binary" and not self.columns:
            raise ValueError("format 'binary' needs 'columns' (code: column)")
        if self.format == "delimited" and not self.column:
            raise ValueError("format 'delimited' needs 'column'")
        return self


class OpenText(Section):
    """An open question: free text, which may name people and organisations. It is
    loaded into ``Study.open_text`` and exported only with ``--include-open-text``."""

    id: str = Field(pattern=r"^[A-Za-z][A-Za-z0-9_]*$", description="Short name of the question.")
    column: str = Field(description="Column of the data file that holds the text.")
    label: Label = Field(description=f"The question; {LABEL_HELP}.")
    sector: str | None = Field(default=None, description="Id of the sector the question belongs to.")
    respondent_types: list[str] | None = Field(default=None, description="Types asked the question (default: all).")
    source: str | None = Field(default=None, description="Id of the source holding it (default: every source).")

    _label = field_validator("label", mode="before")(as_label)


class Codebook(Section):
    """A validated study description. Build it with :func:`~survey_inventory.codebook.load_codebook`."""

    study: StudyInfo = Field(description="What the study is: id, title, language.")
    respondent_types: list[RespondentType] = Field(min_length=1, description="The kinds of respondent.")
    interviews: list[Interviews] = Field(default_factory=list, description="Interviews held besides the survey.")
    sources: list[Source] = Field(min_length=1, description="The data files.")
    scales: dict[str, Scale] = Field(min_length=1, description="The answer scales, by name.")
    measures: list[Measure] = Field(default_factory=list, description="What the items measure, with caption templates.")
    sectors: list[Sector] = Field(default_factory=list, description="The policy sectors.")
    items: list[Item] = Field(min_length=1, description="The closed questions.")
    multi_response: list[MultiResponse] = Field(default_factory=list, description="Questions with several answers.")
    open_text: list[OpenText] = Field(default_factory=list, description="Open questions (free text).")
    inventory: str | None = Field(default=None, description="File of the inventory of collaborations, relative to the codebook.")
    published: str | None = Field(
        default=None,
        description="A file of the percentages a report printed for this study (check-published format, "
                    "relative to the codebook); analyze then compares its own counts with them.")
    published_rounding: Literal[ROUNDING_RULES] = Field(
        default="half-up", description="How the published report rounded its percentages.")
    published_report: Label | None = Field(
        default=None,
        description="The published report of this study (title or citation); only then do the outputs speak "
                    f"of 'the report'; {LABEL_HELP}.")
    numbering: Literal[NUMBERING] | None = Field(
        default=None,
        description="How figures are numbered: 'per-sector' (chapter per sector: 1.1, 1.2, 2.1, ...), 'flat' "
                    "(1, 2, 3, ...) or 'explicit' (the items' figures:). Default: explicit when some item has "
                    "figures:, else per-sector.")
    inventory_parties: list[PartyType] = Field(
        default_factory=list,
        description="The types of party of the inventory, in the order of the participant tables; the "
                    "inventory file has one column per type.")
    inventory_legal_forms: list[LegalForm] = Field(
        default_factory=list,
        description="The legal forms the inventory's legal_form column may hold, with their labels "
                    "(default: any text, printed as written).")
    response_table: ResponseTableText = Field(
        default_factory=ResponseTableText, description="The headings of the response table.")
    comparisons: list[MeasurePair] = Field(
        default_factory=list,
        description="Pairs of measures compared per sector as filter and follow-up (e.g. familiarity and "
                    "involvement); default none.")
    follow_up: FollowUp | None = Field(default=None, description="Waves of a repeated study, indices and targets (codebook.waves).")

    # set by load_codebook, not part of the YAML
    path: Path | None = Field(default=None, exclude=True, description="The codebook file (set when it is read).")
    sha256: str | None = Field(default=None, exclude=True, description="SHA-256 of the codebook file's bytes.")

    # -- look-ups -----------------------------------------------------------
    def respondent_type(self, type_id: str) -> RespondentType:
        """The respondent type with id ``type_id``; ``KeyError`` if there is none.

        Examples
        --------
        >>> amr = Codebook.model_validate(_EXAMPLE).respondent_type("amr")
        >>> amr.population, amr.label.en
        (35, 'AMRs')
        """
        return _by_id(self.respondent_types, type_id, "respondent type")

    def sector(self, sector_id: str) -> Sector:
        """The sector with id ``sector_id``; ``KeyError`` if there is none.

        Examples
        --------
        >>> Codebook.model_validate(_EXAMPLE).sector("care").label.nl
        'zorg'
        """
        return _by_id(self.sectors, sector_id, "sector")

    def item(self, item_id: str) -> Item:
        """The item with id ``item_id``; ``KeyError`` if there is none.

        Examples
        --------
        >>> item = Codebook.model_validate(_EXAMPLE).item("fam")
        >>> item.column, item.scale, item.measure
        ('q1', 'fam', 'familiarity')
        """
        return _by_id(self.items, item_id, "item")

    def measure(self, measure_id: str) -> Measure:
        """The measure with id ``measure_id``; ``KeyError`` if there is none.

        Examples
        --------
        >>> cb = Codebook.model_validate(_EXAMPLE)
        >>> cb.measure("familiarity").label.en
        'Familiarity'
        >>> cb.measure("satisfaction")
        Traceback (most recent call last):
        KeyError: "unknown measure 'satisfaction'"
        """
        return _by_id(self.measures, measure_id, "measure")

    def scale(self, scale_id: str) -> Scale:
        """The scale named ``scale_id``; ``KeyError`` if there is none.

        Examples
        --------
        >>> Codebook.model_validate(_EXAMPLE).scale("fam").missing
        [9]
        """
        if scale_id not in self.scales:
            raise KeyError(f"unknown scale {scale_id!r}")
        return self.scales[scale_id]

    @property
    def numbering_scheme(self) -> str:
        """How figures are numbered: ``numbering`` if given, else ``"explicit"`` when some
        item carries ``figures:``, else ``"per-sector"``.

        Examples
        --------
        >>> Codebook.model_validate(_EXAMPLE).numbering_scheme
        'explicit'
        >>> Codebook.model_validate({**_EXAMPLE, "numbering": "flat"}).numbering_scheme
        'flat'
        """
        if self.numbering:
            return self.numbering
        return "explicit" if any(item.figures for item in self.items) else "per-sector"

    def party_label(self, party_id: str, lang: str | None = None) -> str:
        """The label of a party type of ``inventory_parties``; ``KeyError`` if there is none.

        Examples
        --------
        >>> cb = Codebook.model_validate({**_EXAMPLE, "inventory_parties": [
        ...     {"id": "uwv", "label": {"nl": "UWV", "en": "Employee insurance agency"}}]})
        >>> cb.party_label("uwv", "en")
        'Employee insurance agency'
        """
        return self.label(_by_id(self.inventory_parties, party_id, "party type").label, lang)

    def legal_form_label(self, code: str | None, lang: str | None = None) -> str:
        """How a value of the inventory's ``legal_form`` column is printed: its label in
        ``inventory_legal_forms``, else the value itself.

        Examples
        --------
        >>> cb = Codebook.model_validate({**_EXAMPLE, "inventory_legal_forms": [
        ...     {"code": "", "label": {"nl": "Niet vermeld", "en": "Not stated"}}]})
        >>> cb.legal_form_label(None, "en"), cb.legal_form_label("bv")
        ('Not stated', 'bv')
        """
        code = code or ""
        for form in self.inventory_legal_forms:
            if form.code == code:
                return self.label(form.label, lang)
        return code

    def response_heading(self, part: str, lang: str | None = None) -> str | None:
        """A heading of the response table (``collaborations``, ``respondents`` or
        ``total``), or None when the codebook gives none.

        Examples
        --------
        >>> cb = Codebook.model_validate({**_EXAMPLE, "response_table": {"total": "Respons"}})
        >>> cb.response_heading("total"), cb.response_heading("respondents")
        ('Respons', None)
        """
        text = self.label(getattr(self.response_table, part), lang)
        return text or None

    def measure_pairs(self) -> list[MeasurePair]:
        """The (filter, follow-up) measure pairs of ``comparisons``, in codebook order.

        Examples
        --------
        >>> cb = Codebook.model_validate({**_EXAMPLE, "comparisons": [
        ...     {"filter": "familiarity", "follow_up": "involvement"}]})
        >>> [(p.filter, p.follow_up) for p in cb.measure_pairs()]
        [('familiarity', 'involvement')]
        """
        return list(self.comparisons)

    @property
    def base_dir(self) -> Path:
        """The codebook's folder (the working folder for a codebook not read from a file)."""
        return self.path.parent if self.path else Path.cwd()

    def resolve(self, file) -> Path:
        """A file the codebook names: relative paths are relative to the codebook.

        Examples
        --------
        >>> cb = Codebook.model_validate(_EXAMPLE).model_copy(update={"path": Path("/s/cb.yaml")})
        >>> cb.resolve("data.csv").as_posix()
        '/s/data.csv'
        """
        p = Path(file)
        return p if p.is_absolute() else (self.base_dir / p)

    def source_path(self, source: Source) -> Path:
        """The data file of ``source`` (see :meth:`resolve`).

        Examples
        --------
        >>> cb = Codebook.model_validate(_EXAMPLE).model_copy(update={"path": Path("/s/cb.yaml")})
        >>> cb.source_path(cb.sources[0]).as_posix()
        '/s/data.csv'
        """
        return self.resolve(source.file)

    def label(self, label: Label | None, lang: str | None = None) -> str:
        """The text of ``label`` in ``lang`` (default: the study's language); ``""`` for None.

        Examples
        --------
        >>> cb = Codebook.model_validate(_EXAMPLE)
        >>> cb.label(cb.sector("care").label), cb.label(None)
        ('zorg', '')
        """
        if label is None:
            return ""
        return label.text(lang or self.study.language)

    def routing(self, item: Item):
        """The parsed routing rule of an item, or None when everybody was asked.

        Examples
        --------
        >>> cb = Codebook.model_validate(_EXAMPLE)
        >>> str(cb.routing(cb.item("inv"))), cb.routing(cb.item("fam"))
        ('fam != 2', None)
        """
        return parse_routing(item.asked_if) if item.asked_if else None

    def report_categories(self, item: Item, lang: str | None = None) -> list[dict]:
        """The categories a figure of this item shows, in scale order: the named
        collapse if the item has one, else the scale's own codes. Each is
        ``{"id", "label", "codes", "substantive"}``.

        Examples
        --------
        >>> cb = Codebook.model_validate(_EXAMPLE)
        >>> [c["label"] for c in cb.report_categories(cb.item("fam"), "en")]
        ['Good', 'Bad']
        """
        scale = self.scale(item.scale)
        if item.report_collapse:
            substantive = {str(c.code): c.substantive for c in scale.codes}
            return [
                {"id": g.id, "label": self.label(g.label, lang), "codes": list(g.codes),
                 "substantive": all(substantive[str(c)] for c in g.codes)}
                for g in scale.collapses[item.report_collapse]
            ]
        return [
            {"id": str(c.code), "label": self.label(c.label, lang), "codes": [c.code],
             "substantive": c.substantive}
            for c in scale.codes
        ]

    def caption(self, item: Item, type_id: str, n: int | None, lang: str | None = None,
                numbered: bool = True) -> str:
        """A figure caption like the report's; see
        :func:`~survey_inventory.codebook.captions.figure_caption`.

        Examples
        --------
        >>> cb = Codebook.model_validate(_EXAMPLE)
        >>> cb.caption(cb.item("fam"), "province", 9)
        'Figuur 2.3 Bekendheid met wgo zorg, onder provincies (N = 9)'
        """
        return figure_caption(self, item, type_id, n, lang, numbered)


def _by_id(objects, key, what):
    for obj in objects:
        if obj.id == key:
            return obj
    raise KeyError(f"unknown {what} {key!r}")


#: A tiny codebook (as read from YAML) for the examples in this module.
_EXAMPLE = {
    "study": {"id": "example", "title": "Voorbeeld"},
    "respondent_types": [{"id": "province", "label": {"nl": "provincies", "en": "provinces"}, "population": 12},
                         {"id": "amr", "label": {"nl": "AMR's", "en": "AMRs"}, "population": 35}],
    "sources": [{"id": "main", "file": "data.csv", "id_column": "id", "respondent_type": "province"}],
    "scales": {"fam": {"codes": [{"code": 1, "label": {"nl": "Goed", "en": "Good"}},
                                 {"code": 2, "label": {"nl": "Slecht", "en": "Bad"}}], "missing": [9]}},
    "measures": [{"id": "familiarity", "label": {"nl": "Bekendheid", "en": "Familiarity"},
                  "caption": {"nl": "Bekendheid met {collaborations} {sector}",
                              "en": "Familiarity with {collaborations} in {sector}"}}],
    "sectors": [{"id": "care", "label": {"nl": "zorg", "en": "care"}, "collaborations": "wgo"}],
    "items": [{"id": "fam", "column": "q1", "scale": "fam", "measure": "familiarity", "sector": "care",
               "figures": {"province": "2.3"}},
              {"id": "inv", "column": "q2", "scale": "fam", "measure": "familiarity", "sector": "care",
               "asked_if": "fam != 2"}],
}

from .waves import FollowUp, IndexSpec, TargetSpec, TypeSize, Wave  # noqa: E402  (waves.py builds on the classes above)

__all__ += ["FollowUp", "Wave", "TypeSize", "IndexSpec", "TargetSpec"]

Codebook.model_rebuild()
