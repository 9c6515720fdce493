"""Codebook: what the data means.

One YAML file describes a study completely: who was asked (respondent types with
their population size), where the answers are (sources), what the codes mean
(scales and the collapses the report shows), which question belongs to which
sector, who was routed to it, and the coded open answers. Loading a codebook
validates all of it and reports every mistake with its YAML path, e.g.
``items[3].scale: unknown scale 'familarity'``.

>>> from survey_inventory.codebook import load_codebook
>>> cb = load_codebook("codebooks/bartels-2025.yaml")           # doctest: +SKIP
>>> cb.label(cb.respondent_type("amr").label)                   # doctest: +SKIP
"AMR's"

Labels are ``{nl: ..., en: ...}`` mappings (a plain string is taken as the
study's language); :meth:`Codebook.label` picks the language.
"""
from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Literal, Union

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from ..errors import SurveyInputError
from ..routing import RoutingSyntaxError, parse as parse_routing

__all__ = [
    "Codebook", "CodebookError", "load_codebook", "Scale", "Item", "Source",
    "RespondentType", "Sector", "MultiResponse", "Measure", "OpenText",
]

LANGUAGES = ("nl", "en")
Code = Union[int, float, str]


class CodebookError(SurveyInputError):
    """A codebook that cannot be used; the message lists every problem with its YAML path."""


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Label(_Model):
    nl: str | None = None
    en: str | None = None

    def text(self, lang: str = "nl") -> str:
        return getattr(self, lang, None) or self.nl or self.en or ""


def _as_label(value):
    if value is None or isinstance(value, Label):
        return value
    if isinstance(value, str):
        return {"nl": value}
    return value


class Study(_Model):
    id: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$")
    title: Label
    fieldwork: Label | None = None      # a plain string is Dutch ({nl: ...}), like every label
    publisher: Label | None = None
    language: Literal["nl", "en"] = "nl"
    synthetic_data: bool = False
    note: Label | None = None

    _label = field_validator("title", "note", "fieldwork", "publisher", mode="before")(_as_label)


class RespondentType(_Model):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    label: Label
    label_singular: Label | None = None
    population: int | None = Field(default=None, ge=1)
    targeted: int | None = Field(default=None, ge=0)
    inference: Literal["finite", "process"] = "finite"

    _label = field_validator("label", "label_singular", mode="before")(_as_label)


class Interviews(_Model):
    sector: str
    targeted: int = Field(ge=0)
    achieved: int = Field(ge=0)


class TypeFromColumn(_Model):
    column: str
    values: dict[Code, str]


class Source(_Model):
    id: str
    file: str
    format: Literal["csv", "xlsx", "sav", "parquet"] | None = None
    delimiter: str | None = None
    encoding: str | None = None
    sheet: Union[str, int, None] = None
    header_row: int = Field(default=1, ge=1)
    id_column: str
    respondent_type: Union[str, TypeFromColumn]

    @field_validator("delimiter")
    @classmethod
    def _one_char(cls, v):
        if v is not None and len(v) != 1:
            raise ValueError("a CSV delimiter is one character, e.g. ';' or ','")
        return v

    @property
    def resolved_format(self) -> str:
        if self.format:
            return self.format
        suffix = Path(self.file).suffix.lower().lstrip(".")
        return {"tsv": "csv", "txt": "csv", "xls": "xlsx", "xlsm": "xlsx", "zsav": "sav",
                "pq": "parquet"}.get(suffix, suffix)


class ScaleCode(_Model):
    code: Code
    label: Label
    substantive: bool = True

    _label = field_validator("label", mode="before")(_as_label)


class CollapseGroup(_Model):
    id: str
    label: Label
    codes: list[Code] = Field(min_length=1)

    _label = field_validator("label", mode="before")(_as_label)


class Scale(_Model):
    label: Label | None = None
    ordinal: bool = True
    codes: list[ScaleCode] = Field(min_length=1)
    missing: list[Code] = Field(default_factory=list)
    missing_label: Label | None = None
    collapses: dict[str, list[CollapseGroup]] = Field(default_factory=dict)

    _label = field_validator("label", "missing_label", mode="before")(_as_label)

    @model_validator(mode="after")
    def _consistent(self):
        codes = [c.code for c in self.codes]
        if len(set(map(str, codes))) != len(codes):
            raise ValueError("codes: a code is listed twice")
        both = {str(c) for c in codes} & {str(c) for c in self.missing}
        if both:
            raise ValueError(f"missing: code(s) {sorted(both)} are also valid answers")
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
        return {c.code: c.label.text(lang) for c in self.codes}


class Measure(_Model):
    id: str
    label: Label
    caption: Label

    _label = field_validator("label", "caption", mode="before")(_as_label)


class Sector(_Model):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    label: Label
    collaborations: Label

    _label = field_validator("label", "collaborations", mode="before")(_as_label)


class Item(_Model):
    id: str = Field(pattern=r"^[A-Za-z][A-Za-z0-9_]*$")
    column: str
    scale: str
    measure: str
    sector: str | None = None
    label: Label | None = None
    asked_if: str | None = None
    respondent_types: list[str] | None = None
    report_collapse: str | None = None
    figures: dict[str, str] = Field(default_factory=dict)

    _label = field_validator("label", mode="before")(_as_label)

    @field_validator("figures", mode="before")
    @classmethod
    def _figure_text(cls, v):
        if v is None:
            return {}
        return {k: str(x) for k, x in v.items()} if isinstance(v, dict) else v  # else pydantic says what is wrong


class MultiResponse(_Model):
    id: str
    label: Label
    sector: str | None = None
    respondent_types: list[str] | None = None
    source: str | None = None
    format: Literal["binary", "delimited"]
    columns: dict[Code, str] | None = None
    column: str | None = None
    separator: str = ";"
    codes: list[ScaleCode] = Field(min_length=1)
    table: str | None = None

    _label = field_validator("label", mode="before")(_as_label)

    @model_validator(mode="after")
    def _shape(self):
        if self.format == "binary" and not self.columns:
            raise ValueError("format 'binary' needs 'columns' (code: column)")
        if self.format == "delimited" and not self.column:
            raise ValueError("format 'delimited' needs 'column'")
        return self


class OpenText(_Model):
    """An open question: free text, which may name people and organisations. It is
    loaded into ``Study.open_text`` and exported only with ``--include-open-text``."""

    id: str = Field(pattern=r"^[A-Za-z][A-Za-z0-9_]*$")
    column: str
    label: Label
    sector: str | None = None
    respondent_types: list[str] | None = None
    source: str | None = None

    _label = field_validator("label", mode="before")(_as_label)


class Codebook(_Model):
    """A validated study description. Build it with :func:`load_codebook`."""

    study: Study
    respondent_types: list[RespondentType] = Field(min_length=1)
    interviews: list[Interviews] = Field(default_factory=list)
    sources: list[Source] = Field(min_length=1)
    scales: dict[str, Scale] = Field(min_length=1)
    measures: list[Measure] = Field(default_factory=list)
    sectors: list[Sector] = Field(default_factory=list)
    items: list[Item] = Field(min_length=1)
    multi_response: list[MultiResponse] = Field(default_factory=list)
    open_text: list[OpenText] = Field(default_factory=list)
    inventory: str | None = None
    #: A file of the percentages a report printed for this study (``check-published``
    #: format, relative to the codebook); ``analyze`` then compares its own counts with them.
    published: str | None = None
    published_rounding: Literal["half-up", "half-even", "truncate", "largest-remainder"] = "half-up"

    # set by load_codebook, not part of the YAML
    path: Path | None = Field(default=None, exclude=True)
    sha256: str | None = Field(default=None, exclude=True)

    # -- look-ups -----------------------------------------------------------
    def respondent_type(self, type_id: str) -> RespondentType:
        return _by_id(self.respondent_types, type_id, "respondent type")

    def sector(self, sector_id: str) -> Sector:
        return _by_id(self.sectors, sector_id, "sector")

    def item(self, item_id: str) -> Item:
        return _by_id(self.items, item_id, "item")

    def measure(self, measure_id: str) -> Measure:
        return _by_id(self.measures, measure_id, "measure")

    def scale(self, scale_id: str) -> Scale:
        if scale_id not in self.scales:
            raise KeyError(f"unknown scale {scale_id!r}")
        return self.scales[scale_id]

    @property
    def base_dir(self) -> Path:
        return self.path.parent if self.path else Path.cwd()

    def resolve(self, file) -> Path:
        """A file the codebook names: relative paths are relative to the codebook."""
        p = Path(file)
        return p if p.is_absolute() else (self.base_dir / p)

    def source_path(self, source: Source) -> Path:
        return self.resolve(source.file)

    def label(self, label: Label | None, lang: str | None = None) -> str:
        if label is None:
            return ""
        return label.text(lang or self.study.language)

    def routing(self, item: Item):
        """The parsed routing rule of an item, or None when everybody was asked."""
        return parse_routing(item.asked_if) if item.asked_if else None

    def report_categories(self, item: Item, lang: str | None = None) -> list[dict]:
        """The categories a figure of this item shows, in scale order: the named
        collapse if the item has one, else the scale's own codes. Each is
        ``{"id", "label", "codes", "substantive"}``."""
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
        """A figure caption like the report's: "Figuur 2.3 Bekendheid met regionale
        wgo's zorg en welzijn, onder provincies (N = 9)"."""
        lang = lang or self.study.language
        fields = {"sector": "", "collaborations": ""}
        if item.sector:
            sec = self.sector(item.sector)
            fields = {"sector": self.label(sec.label, lang), "collaborations": self.label(sec.collaborations, lang)}
        try:
            template = self.label(self.measure(item.measure).caption, lang)
        except KeyError:
            template = self.label(item.label, lang) or item.id
        text = _fill(template, fields)
        among = {"nl": "onder", "en": "among"}.get(lang, "onder")
        text += f", {among} {self.label(self.respondent_type(type_id).label, lang)}"
        if n is not None:
            text += f" (N = {n})"
        figure = item.figures.get(type_id)
        if numbered and figure:
            word = {"nl": "Figuur", "en": "Figure"}.get(lang, "Figuur")
            text = f"{word} {figure} {text}"
        return text


def _fill(template: str, fields: dict) -> str:
    """Replace ``{name}`` placeholders; no format-string machinery on user text."""
    return re.sub(r"\{(\w+)\}", lambda m: fields.get(m.group(1), m.group(0)), template).strip()


def _by_id(objects, key, what):
    for obj in objects:
        if obj.id == key:
            return obj
    raise KeyError(f"unknown {what} {key!r}")


# -- loading ------------------------------------------------------------------

def load_codebook(path) -> Codebook:
    """Read and validate a YAML codebook.

    Raises :class:`CodebookError` naming the file and every problem with its
    YAML path (syntax errors with their line and column).

    Examples
    --------
    >>> import tempfile, os
    >>> bad = "study: {id: x, title: X}\\nrespondent_types: []\\n"
    >>> with tempfile.NamedTemporaryFile("w", suffix=".yaml", delete=False) as f:
    ...     _ = f.write(bad)
    >>> try:
    ...     load_codebook(f.name)
    ... except CodebookError as e:
    ...     print(str(e).split(": ", 1)[1][:59])
    codebook has 4 problems: respondent_types: List should have
    >>> os.unlink(f.name)
    """
    path = Path(path)
    try:
        raw_bytes = path.read_bytes()
    except OSError as exc:
        raise CodebookError(f"cannot read codebook: {exc.strerror or exc}", file=path) from None
    try:
        text = raw_bytes.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CodebookError(f"codebook is not UTF-8 text (byte {exc.start})", file=path) from None
    try:
        data = yaml.safe_load(text)  # plain data only: no tags that build Python objects
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        if isinstance(exc, yaml.constructor.ConstructorError) and "tag" in problem:
            tag = re.search(r"'([^']*)'", problem)
            raise CodebookError(f"YAML at {where}tag {tag.group(1) if tag else ''!r} is not allowed: a codebook is "
                                "plain data and nothing in it is run", file=path) from None
        raise CodebookError(f"YAML syntax error at {where}{problem}", file=path) from None
    except RecursionError:
        raise CodebookError("YAML is nested too deeply", file=path) from None
    size = _expanded_size(data)
    if size > MAX_NODES:
        raise CodebookError(f"YAML expands to more than {MAX_NODES} values (aliases used as a "
                            "'billion laughs' bomb?); a codebook is far smaller", file=path)
    if not isinstance(data, dict):
        raise CodebookError("a codebook is a YAML mapping with sections study, respondent_types, "
                            "sources, scales, items", file=path)
    return codebook_from_dict(data, path=path, sha256=hashlib.sha256(raw_bytes).hexdigest())


#: A real codebook has a few thousand YAML values; YAML aliases can make a small
#: file expand to billions (each alias is a reference, so loading is cheap but any
#: walk over the data, e.g. validation, is not).
MAX_NODES = 1_000_000


def _expanded_size(data, limit: int = MAX_NODES) -> int:
    """Number of values the data has when every alias is expanded (capped just past
    ``limit``; a structure that contains itself counts as past it). Each distinct
    object is visited once, so this takes time linear in the file."""
    if not isinstance(data, (dict, list)):
        return 1
    sizes: dict[int, int] = {}
    open_: set[int] = set()
    stack = [(data, False)]
    while stack:
        obj, children_done = stack.pop()
        kids = [k for k in (obj.values() if isinstance(obj, dict) else obj) if isinstance(k, (dict, list))]
        if children_done:
            leaves = len(obj) * (2 if isinstance(obj, dict) else 1) - len(kids)
            sizes[id(obj)] = min(1 + leaves + sum(sizes[id(k)] for k in kids), limit + 1)
            open_.discard(id(obj))
            continue
        if id(obj) in sizes:
            continue
        if any(id(k) in open_ for k in kids) or id(obj) in open_:
            return limit + 1  # recursive: infinite when expanded
        open_.add(id(obj))
        stack.append((obj, True))
        stack.extend((k, False) for k in kids if id(k) not in sizes)
    return sizes[id(data)]


def codebook_from_dict(data: dict, *, path=None, sha256=None) -> Codebook:
    """Validate a codebook given as a dict (as read from YAML)."""
    where = path if path is not None else "codebook"
    control = _control_characters(data)
    if control:  # no output file (xlsx, docx, svg) could hold them
        raise CodebookError(_summarise(control), file=where)
    try:
        cb = Codebook.model_validate(data)
    except ValidationError as exc:
        problems = [f"{_yaml_path(err['loc'])}: {err['msg']}" for err in exc.errors()]
        raise CodebookError(_summarise(problems), file=where) from None
    problems = _cross_references(cb)
    if problems:
        raise CodebookError(_summarise(problems), file=where)
    return cb.model_copy(update={"path": Path(path).resolve() if path else None, "sha256": sha256})


_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")   # what XML (xlsx, docx, svg) cannot hold


def _control_characters(data, limit: int = 5) -> list[str]:
    """YAML paths of texts holding a control character (other than tab and line ends)."""
    problems, stack = [], [((), data)]
    while stack and len(problems) < limit:
        loc, obj = stack.pop()
        if isinstance(obj, dict):
            for k, v in obj.items():
                if isinstance(k, str) and _CONTROL.search(k):
                    problems.append(f"{_yaml_path(loc + (k,))}: control character U+{ord(_CONTROL.search(k).group()):04X} "
                                    "in a name")
                stack.append((loc + (k,), v))
        elif isinstance(obj, list):
            stack.extend((loc + (k,), v) for k, v in enumerate(obj))
        elif isinstance(obj, str) and _CONTROL.search(obj):
            problems.append(f"{_yaml_path(loc)}: control character U+{ord(_CONTROL.search(obj).group()):04X} "
                            "in a text (a codebook holds printable text, tabs and line ends only)")
    return sorted(problems)


def _summarise(problems):
    if len(problems) == 1:
        return f"codebook problem: {problems[0]}"
    return f"codebook has {len(problems)} problems: " + "; ".join(problems)


def _yaml_path(loc) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out or "(top level)"


def _cross_references(cb: Codebook) -> list[str]:
    problems = []
    types = {t.id for t in cb.respondent_types}
    sectors = {s.id for s in cb.sectors}
    measures = {m.id for m in cb.measures}
    items = {i.id for i in cb.items}
    sources = {s.id for s in cb.sources}

    def dupes(objs, what):
        seen = set()
        for k, o in enumerate(objs):
            if o.id in seen:
                problems.append(f"{what}[{k}].id: {o.id!r} is used twice")
            seen.add(o.id)

    for objs, what in ((cb.respondent_types, "respondent_types"), (cb.sectors, "sectors"),
                       (cb.items, "items"), (cb.sources, "sources"), (cb.measures, "measures"),
                       (cb.multi_response, "multi_response"), (cb.open_text, "open_text")):
        dupes(objs, what)

    for k, t in enumerate(cb.respondent_types):
        if t.population is not None and t.targeted is not None and t.targeted > t.population:
            problems.append(f"respondent_types[{k}].targeted: {t.targeted} is more than the population {t.population}")
    for k, iv in enumerate(cb.interviews):
        if iv.sector not in sectors:
            problems.append(f"interviews[{k}].sector: unknown sector {iv.sector!r}")
    for k, src in enumerate(cb.sources):
        if src.resolved_format not in ("csv", "xlsx", "sav", "parquet"):
            problems.append(f"sources[{k}].format: cannot tell the format of {src.file!r}; "
                            "say format: csv, xlsx, sav or parquet")
        if ".." in Path(src.file).parts and Path(src.file).is_absolute():
            problems.append(f"sources[{k}].file: absolute path with '..'")
        rt = src.respondent_type
        named = [rt] if isinstance(rt, str) else list(rt.values.values())
        for t in named:
            if t not in types:
                problems.append(f"sources[{k}].respondent_type: unknown respondent type {t!r}")
    for k, item in enumerate(cb.items):
        at = f"items[{k}]"
        if item.scale not in cb.scales:
            problems.append(f"{at}.scale: unknown scale {item.scale!r}")
        elif item.report_collapse and item.report_collapse not in cb.scales[item.scale].collapses:
            problems.append(f"{at}.report_collapse: scale {item.scale!r} has no collapse {item.report_collapse!r}")
        if item.sector is not None and item.sector not in sectors:
            problems.append(f"{at}.sector: unknown sector {item.sector!r}")
        if cb.measures and item.measure not in measures:
            problems.append(f"{at}.measure: unknown measure {item.measure!r}")
        for t in list(item.figures) + list(item.respondent_types or []):
            if t not in types:
                problems.append(f"{at}: unknown respondent type {t!r}")
        if item.asked_if:
            try:
                rule = parse_routing(item.asked_if)
            except RoutingSyntaxError as exc:
                problems.append(f"{at}.asked_if: {exc}")
            else:
                for name in sorted(rule.names - items - {"respondent_type"}):
                    problems.append(f"{at}.asked_if: unknown item {name!r}")
                if item.id in rule.names:
                    problems.append(f"{at}.asked_if: an item cannot be routed on itself")
    def scope(at, spec):  # the sector, respondent types and source a set or open question is for
        if spec.sector is not None and spec.sector not in sectors:
            problems.append(f"{at}.sector: unknown sector {spec.sector!r}")
        for t in spec.respondent_types or []:
            if t not in types:
                problems.append(f"{at}.respondent_types: unknown respondent type {t!r}")
        if spec.source is not None and spec.source not in sources:
            problems.append(f"{at}.source: unknown source {spec.source!r}")

    for k, ot in enumerate(cb.open_text):
        at = f"open_text[{k}]"
        if ot.id in items:
            problems.append(f"{at}.id: {ot.id!r} is also an item's id")
        scope(at, ot)
    for k, mr in enumerate(cb.multi_response):
        at = f"multi_response[{k}]"
        scope(at, mr)
        if mr.columns:
            codes = {str(c.code) for c in mr.codes}
            for code in mr.columns:
                if str(code) not in codes:
                    problems.append(f"{at}.columns: code {code!r} is not in codes")
    return problems
