"""survey-inventory: from raw inventory-survey exports to report-ready statistics.

The package is a chain of stages, each importable on its own (``docs/architecture.md``)::

    codebook  ->  load  ->  validate  ->  estimate  ->  render  ->  export

Every stage is a module or package reachable from the top, imported when first used, so
that ``survey-inventory --help`` stays fast:

>>> import survey_inventory as si
>>> si.stats.intervals.proportion_ci(12, 27, population=35)["ci_method"][0]
'hypergeometric exact Blaker (N=35)'

The functions an analyst uses most are also at the top:

>>> cb = si.load_codebook("codebooks/bartels-2025.yaml")
>>> study = si.load_study(cb)
>>> report = si.validate.validate(study)
>>> dist = si.distributions(study, cb)
>>> dist.query("figure == '2.6'")[["category_label", "count", "base_n", "percent"]].to_string(index=False)
'  category_label  count  base_n  percent\\nActief betrokken     12      26       46\\n      In contact      6      26       23\\n  Niet betrokken      5      26       19\\n    Weet ik niet      3      26       12'

Percentages or proportions: the statistics (:mod:`survey_inventory.stats`) work on
**proportions** (0 to 1), like statsmodels; the tables of :mod:`survey_inventory.estimate`
(``distributions.csv``) hold **percentages** (0 to 100).
"""
from __future__ import annotations

import importlib

__version__ = "0.1.0"

#: The stages and shared modules, reachable as ``si.<name>``.
MODULES = ("analyze", "checks", "cli", "codebook", "datasets", "errors", "estimate", "export", "load", "options", "phrases",
           "privacy", "render", "stats", "validate")

_EXPORTS = {
    "load_codebook": "survey_inventory.codebook",
    "Codebook": "survey_inventory.codebook",
    "CodebookError": "survey_inventory.codebook",
    "load_study": "survey_inventory.load",
    "load_responses": "survey_inventory.load",
    "Study": "survey_inventory.load",
    "LoadError": "survey_inventory.load",
    "distributions": "survey_inventory.estimate",
    "response_table": "survey_inventory.estimate",
    "comparisons": "survey_inventory.estimate.comparisons",
    "proportion_ci": "survey_inventory.stats.intervals",
    "multinomial_ci": "survey_inventory.stats.simultaneous",
    "analyze_study": "survey_inventory.analyze",
    "AnalysisOptions": "survey_inventory.analyze",
    "SurveyInputError": "survey_inventory.errors",
}
_RENAMED = {"analyze_study": "analyze"}  # the function analyze() would shadow the module analyze

__all__ = sorted(_EXPORTS) + list(MODULES) + ["__version__"]


def __getattr__(name: str):
    if name in _EXPORTS:
        return getattr(importlib.import_module(_EXPORTS[name]), _RENAMED.get(name, name))
    if name in MODULES:
        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module 'survey_inventory' has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | set(__all__))
