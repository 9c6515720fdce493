"""Follow-up studies in the codebook: waves, what differs between them, indices and targets.

A study repeated over time keeps ONE codebook: its scales, sectors and items are
shared; the ``follow_up:`` section lists the waves (the first is usually the
baseline, whose files are the codebook's own ``sources:``) and declares what
differs between them:

* ``sources`` of a wave (default: the codebook's), its fieldwork period and the
  population and targeted sizes per respondent type;
* ``items``: the items asked in that wave (default: all) -- an item asked in one
  wave only has no change;
* ``scales``: a scale as that wave asked it (a category relabelled, a code
  renumbered), replacing the shared scale of the same name for that wave's own
  figures, with ``category_map``: which shared code each of the wave's codes is
  compared with.  A replaced scale without a map cannot be compared:
  :func:`comparable` refuses with a one-line reason.

The unit id that links waves is each source's ``id_column``: it must hold the
same id for the same unit in every wave (province code, AMR name, fund).

:func:`wave_codebook` is the codebook one wave is loaded and reported with;
:func:`check_follow_up` the cross-checks of the section.

>>> from survey_inventory.codebook.model import Codebook, _EXAMPLE
>>> cb = Codebook.model_validate({**_EXAMPLE, "follow_up": _WAVES_EXAMPLE})
>>> [w.id for w in cb.follow_up.waves], check_follow_up(cb)
(['w1', 'w2'], [])
>>> wave_codebook(cb, "w2").respondent_type("province").population
11
"""
from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from ..errors import SurveyInputError
from .model import Code, Label, Scale, Source

__all__ = ["TypeSize", "Wave", "IndexSpec", "TargetSpec", "FollowUp", "WaveComparisonError", "wave_codebook",
           "comparable", "code_map", "check_follow_up"]

_LABEL = "a text, or {nl: ..., en: ...} (a plain string is Dutch)"


class _Model(BaseModel):
    """Like every codebook section: unknown keys refused, values frozen."""

    model_config = ConfigDict(extra="forbid", frozen=True)


def _as_label(value):
    """A plain string as ``{nl: text}`` (before validating a label field)."""
    return {"nl": value} if isinstance(value, str) else value


class WaveComparisonError(SurveyInputError):
    """Two waves' answers to an item cannot be compared (their scales differ)."""


class TypeSize(_Model):
    """Population and targeted size of one respondent type in one wave."""

    population: int | None = Field(default=None, ge=1, description="Units of this type in the population in this wave.")
    targeted: int | None = Field(default=None, ge=0, description="Units of this type invited in this wave.")


class Wave(_Model):
    """One wave of a follow-up study (an entry of ``follow_up.waves``)."""

    id: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$", description="Short name of the wave, e.g. w1.")
    label: Label = Field(description=f"Name of the wave shown to readers, e.g. 'nulmeting 2025'; {_LABEL}.")
    fieldwork: Label | None = Field(default=None, description=f"When this wave's fieldwork took place; {_LABEL}.")
    sources: list[Source] | None = Field(default=None, description="This wave's data files (default: the codebook's sources).")
    respondent_types: dict[str, TypeSize] = Field(
        default_factory=dict, description="Population and targeted size per respondent type id, where this wave differs.")
    items: list[str] | None = Field(default=None, description="Ids of the items asked in this wave (default: all).")
    scales: dict[str, Scale] = Field(
        default_factory=dict, description="Scales as this wave asked them, replacing the shared scale of the same name.")
    category_map: dict[str, dict[Code, Code]] = Field(
        default_factory=dict,
        description="Per replaced scale: each of this wave's codes -> the shared scale's code it is compared with.")

    _label = field_validator("label", "fieldwork", mode="before")(_as_label)


class IndexSpec(_Model):
    """A per-unit index: the mean of several items' scores (an entry of ``follow_up.indices``)."""

    id: str = Field(pattern=r"^[A-Za-z][A-Za-z0-9_]*$", description="Short name of the index.")
    label: Label = Field(description=f"Name of the index; {_LABEL}.")
    items: list[str] = Field(min_length=1, description="Ids of the items whose scores are averaged.")
    rescale: bool = Field(default=True, description="Rescale each item to 0-100 (lowest to highest substantive code) first.")
    reverse: list[str] = Field(default_factory=list,
                               description="Items whose codes run the other way (the lowest code is the best).")
    min_items: int | None = Field(default=None, ge=1, description="Fewest answered items for an index (default: all).")

    _label = field_validator("label", mode="before")(_as_label)


class TargetSpec(_Model):
    """A monitoring target (an entry of ``follow_up.targets``), judged from an interval."""

    id: str = Field(pattern=r"^[A-Za-z][A-Za-z0-9_]*$", description="Short name of the target.")
    label: Label = Field(description=f"The target as the plan words it; {_LABEL}.")
    kind: Literal["index_change", "share"] = Field(
        description="'index_change': relative change of an index's mean between two waves (linked units); "
                    "'share': the share of one category of an item in one wave.")
    respondent_type: str = Field(description="Respondent type id the target is about.")
    threshold: float = Field(description="Target value: 0.15 for 'rises at least 15 %', 0.60 for 'at least 60 %'.")
    direction: Literal["at least", "at most"] = Field(default="at least", description="Which side of the threshold is met.")
    index: str | None = Field(default=None, description="index_change: the index id.")
    wave_from: str | None = Field(default=None, description="index_change: the baseline wave id.")
    wave: str = Field(description="The wave the target is judged in (the later wave for index_change).")
    item: str | None = Field(default=None, description="share: the item id.")
    category: str | None = Field(default=None, description="share: the report category id (as in distributions.csv).")

    _label = field_validator("label", mode="before")(_as_label)

    @model_validator(mode="after")
    def _fields(self):
        need = ("index", "wave_from") if self.kind == "index_change" else ("item", "category")
        missing = [k for k in need if getattr(self, k) is None]
        if missing:
            raise ValueError(f"a target of kind {self.kind!r} needs {', '.join(missing)}")
        return self


class FollowUp(_Model):
    """The ``follow_up:`` section: the waves of a repeated study, its indices and targets."""

    waves: list[Wave] = Field(min_length=2, description="The waves, in time order (the first: the baseline).")
    indices: list[IndexSpec] = Field(default_factory=list, description="Indices computed per unit and wave.")
    targets: list[TargetSpec] = Field(default_factory=list, description="Monitoring targets.")

    def wave(self, wave_id: str) -> Wave:
        """The wave with id ``wave_id``; ``KeyError`` if there is none.

        Examples
        --------
        >>> FollowUp.model_validate(_WAVES_EXAMPLE).wave("w2").label.nl
        'vervolgmeting'
        """
        for w in self.waves:
            if w.id == wave_id:
                return w
        raise KeyError(f"unknown wave {wave_id!r}")


def wave_codebook(cb, wave_id: str):
    """The codebook one wave is loaded, validated and reported with.

    Its sources, population sizes, items and replaced scales are the wave's;
    its study id gets the wave id appended and its fieldwork is the wave's;
    it has no ``follow_up`` (so analysing it analyses one wave).

    Parameters
    ----------
    cb : survey_inventory.codebook.Codebook
        A codebook with a ``follow_up`` section.
    wave_id : str

    Returns
    -------
    survey_inventory.codebook.Codebook

    Raises
    ------
    KeyError
        For an unknown wave.

    Examples
    --------
    >>> from survey_inventory.codebook.model import Codebook, _EXAMPLE
    >>> cb = Codebook.model_validate({**_EXAMPLE, "follow_up": _WAVES_EXAMPLE})
    >>> view = wave_codebook(cb, "w2")
    >>> view.study.id, view.scale("fam").code_labels(), [i.id for i in view.items]
    ('example-w2', {1: 'Goed', 2: 'Matig'}, ['fam'])
    """
    wave = cb.follow_up.wave(wave_id)
    types = [t.model_copy(update={k: v for k, v in wave.respondent_types[t.id].model_dump().items() if v is not None})
             if t.id in wave.respondent_types else t for t in cb.respondent_types]
    items = [i for i in cb.items if wave.items is None or i.id in wave.items]
    study = cb.study.model_copy(update={"id": f"{cb.study.id}-{wave.id}",
                                        "fieldwork": wave.fieldwork or cb.study.fieldwork})
    return cb.model_copy(update={
        "study": study, "respondent_types": types, "sources": wave.sources or cb.sources,
        "scales": {**cb.scales, **wave.scales}, "items": items, "follow_up": None,
        # the baseline's published figures belong to the baseline's files only
        "published": cb.published if wave.sources is None else None,
    })


def code_map(cb, wave_id: str, scale: str) -> dict:
    """How a wave's codes of a scale translate to the shared scale's codes (``str`` keys and values).

    Parameters
    ----------
    cb : survey_inventory.codebook.Codebook
    wave_id, scale : str

    Returns
    -------
    dict
        ``{str(wave code): str(shared code)}``; the identity when the wave did
        not replace the scale.

    Raises
    ------
    WaveComparisonError
        When the wave replaced the scale without a ``category_map``.

    Examples
    --------
    >>> from survey_inventory.codebook.model import Codebook, _EXAMPLE
    >>> cb = Codebook.model_validate({**_EXAMPLE, "follow_up": _WAVES_EXAMPLE})
    >>> code_map(cb, "w2", "fam")
    {'1': '1', '2': '2'}
    """
    wave = cb.follow_up.wave(wave_id)
    if scale not in wave.scales:
        return {str(c.code): str(c.code) for c in cb.scale(scale).codes}
    if scale not in wave.category_map:
        raise WaveComparisonError(f"scale {scale!r} differs in wave {wave_id!r} and no category_map says how its "
                                  f"codes match the shared scale: not compared")
    return {str(k): str(v) for k, v in wave.category_map[scale].items()}


def comparable(cb, item_id: str, wave_a: str, wave_b: str) -> None:
    """Refuse, in one line, to compare an item between waves whose scales differ undeclared.

    Parameters
    ----------
    cb : survey_inventory.codebook.Codebook
    item_id, wave_a, wave_b : str

    Raises
    ------
    WaveComparisonError
        When the item was not asked in one of the waves, or a wave replaced
        its scale without saying how the codes match.

    Examples
    --------
    >>> from survey_inventory.codebook.model import Codebook, _EXAMPLE
    >>> cb = Codebook.model_validate({**_EXAMPLE, "follow_up": _WAVES_EXAMPLE})
    >>> comparable(cb, "fam", "w1", "w2")
    >>> comparable(cb, "inv", "w1", "w2")
    Traceback (most recent call last):
    ...
    survey_inventory.codebook.waves.WaveComparisonError: item 'inv' was not asked in wave 'w2': no change
    """
    item = cb.item(item_id)
    for w in (wave_a, wave_b):
        wave = cb.follow_up.wave(w)
        if wave.items is not None and item_id not in wave.items:
            raise WaveComparisonError(f"item {item_id!r} was not asked in wave {w!r}: no change")
    for w in (wave_a, wave_b):
        try:
            code_map(cb, w, item.scale)
        except WaveComparisonError as err:
            raise WaveComparisonError(f"item {item_id!r}: {err}") from None


def check_follow_up(cb) -> list[str]:
    """Cross-checks of the ``follow_up`` section; one message per problem (empty: fine).

    Parameters
    ----------
    cb : survey_inventory.codebook.Codebook

    Returns
    -------
    list of str
        Messages with the YAML path, e.g. ``follow_up.waves[1].items: unknown item 'x'``.

    Examples
    --------
    >>> from survey_inventory.codebook.model import Codebook, _EXAMPLE
    >>> bad = {**_WAVES_EXAMPLE, "targets": [{"id": "t", "label": "x", "kind": "share", "respondent_type": "amr",
    ...        "threshold": 0.6, "wave": "w9", "item": "fam", "category": "1"}]}
    >>> check_follow_up(Codebook.model_validate({**_EXAMPLE, "follow_up": bad}))
    ["follow_up.targets[0].wave: unknown wave 'w9'"]
    """
    fu = cb.follow_up
    if fu is None:
        return []
    out = []
    items, types = {i.id for i in cb.items}, {t.id for t in cb.respondent_types}
    wave_ids = [w.id for w in fu.waves]
    if len(set(wave_ids)) != len(wave_ids):
        out.append("follow_up.waves: a wave id is used twice")
    for n, w in enumerate(fu.waves):
        at = f"follow_up.waves[{n}]"
        out += [f"{at}.items: unknown item {i!r}" for i in (w.items or []) if i not in items]
        out += [f"{at}.respondent_types: unknown respondent type {t!r}" for t in w.respondent_types if t not in types]
        out += [f"{at}.scales: {s!r} is not a shared scale" for s in w.scales if s not in cb.scales]
        for s, mapping in w.category_map.items():
            if s not in w.scales:
                out.append(f"{at}.category_map: scale {s!r} is not replaced in this wave")
                continue
            own = {str(c.code) for c in w.scales[s].codes}
            shared = {str(c.code) for c in cb.scales[s].codes} if s in cb.scales else set()
            out += [f"{at}.category_map.{s}: {k!r} is not a code of this wave's scale" for k in mapping if str(k) not in own]
            out += [f"{at}.category_map.{s}: {v!r} is not a code of the shared scale" for v in mapping.values()
                    if str(v) not in shared]
            out += [f"{at}.category_map.{s}: code {c!r} of this wave has no shared code" for c in sorted(own)
                    if c not in {str(k) for k in mapping}]
    for n, ix in enumerate(fu.indices):
        out += [f"follow_up.indices[{n}].items: unknown item {i!r}" for i in ix.items + ix.reverse if i not in items]
    index_ids = {ix.id for ix in fu.indices}
    for n, t in enumerate(fu.targets):
        at = f"follow_up.targets[{n}]"
        out += [f"{at}.{k}: unknown wave {getattr(t, k)!r}" for k in ("wave", "wave_from")
                if getattr(t, k) is not None and getattr(t, k) not in wave_ids]
        if t.respondent_type not in types:
            out.append(f"{at}.respondent_type: unknown respondent type {t.respondent_type!r}")
        if t.index is not None and t.index not in index_ids:
            out.append(f"{at}.index: unknown index {t.index!r}")
        if t.item is not None and t.item not in items:
            out.append(f"{at}.item: unknown item {t.item!r}")
    return out


#: A follow-up section for the examples (with ``model._EXAMPLE``).
_WAVES_EXAMPLE = {
    "waves": [
        {"id": "w1", "label": {"nl": "nulmeting", "en": "baseline"}},
        {"id": "w2", "label": {"nl": "vervolgmeting", "en": "follow-up"}, "items": ["fam"],
         "respondent_types": {"province": {"population": 11}},
         "scales": {"fam": {"codes": [{"code": 1, "label": "Goed"}, {"code": 2, "label": "Matig"}], "missing": [9]}},
         "category_map": {"fam": {1: 1, 2: 2}}},
    ],
}
