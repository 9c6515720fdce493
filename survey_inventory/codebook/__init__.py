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

The package, one idea per module:

- :mod:`.base` -- the base class of every section and the bilingual ``Label``;
- :mod:`.model` -- the pydantic model, one class per section, each key described;
- :mod:`.presentation` -- keys about how the report presents the study (party types,
  response-table headings, compared measures, numbering);
- :mod:`.schema` -- the model's classes and keys as data, and the JSON Schema;
- :mod:`.read` -- reading the YAML file (limits, error messages with YAML paths);
- :mod:`.references` -- cross-references between sections;
- :mod:`.routing` -- the ``asked_if`` mini-language (parsed, never evaluated);
- :mod:`.captions` -- figure captions from the codebook's templates and the phrase catalogue;
- :mod:`.draft` -- ``codebook init``: a draft codebook from an SPSS file.

This module only re-exports their public names.
"""
from __future__ import annotations

from ..options import LANGUAGES
from .captions import figure_caption
from .draft import draft_codebook
from .model import (
    SOURCE_FORMATS, Code, Codebook, CollapseGroup, Interviews, Item, Label, LegalForm, Measure, MeasurePair,
    MultiResponse, OpenText, PartyType, RespondentType, ResponseTableText, Scale, ScaleCode, Sector, Source,
    StudyInfo, TypeFromColumn,
)
from .presentation import NUMBERING
from .read import MAX_NODES, CodebookError, codebook_from_dict, example_codebook, load_codebook
from .references import cross_references
from .routing import RoutingSyntaxError, Rule

__all__ = [
    "Codebook", "CodebookError", "load_codebook", "codebook_from_dict", "example_codebook", "Scale", "Item", "Source",
    "RespondentType", "Sector", "MultiResponse", "Measure", "OpenText", "Label", "StudyInfo", "ScaleCode",
    "CollapseGroup", "Interviews", "TypeFromColumn", "Code", "LANGUAGES", "SOURCE_FORMATS", "MAX_NODES",
    "cross_references", "figure_caption", "draft_codebook", "RoutingSyntaxError", "Rule",
    "PartyType", "LegalForm", "ResponseTableText", "MeasurePair", "NUMBERING",
]
