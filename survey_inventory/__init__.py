"""survey-inventory: from raw inventory-survey exports to report-ready statistics.

The package is a chain of stages, each importable on its own::

    codebook  ->  load  ->  validate  ->  estimate  ->  render  ->  export

>>> import survey_inventory as si
>>> cb = si.load_codebook("codebooks/bartels-2025.yaml")        # doctest: +SKIP
>>> tidy = si.load_responses(cb)                                # doctest: +SKIP
>>> dist = si.distributions(tidy, cb)                           # doctest: +SKIP

Heavy libraries are imported lazily so that ``survey-inventory --help`` is fast.
"""
from __future__ import annotations

import importlib

__version__ = "0.1.0"

_EXPORTS = {
    "load_codebook": "survey_inventory.codebook",
    "Codebook": "survey_inventory.codebook",
    "CodebookError": "survey_inventory.codebook",
    "load_responses": "survey_inventory.load",
    "LoadError": "survey_inventory.load",
    "validate": "survey_inventory.validate",
    "distributions": "survey_inventory.estimate",
    "proportion_ci": "survey_inventory.stats.intervals",
}

__all__ = sorted(_EXPORTS) + ["__version__"]


def __getattr__(name: str):
    if name in _EXPORTS:
        return getattr(importlib.import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'survey_inventory' has no attribute {name!r}")
