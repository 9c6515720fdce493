"""Pure statistics: functions on arrays and DataFrames, no file I/O, no drawing.

Grouped by family, like pingouin's modules; each is imported when first used
(``si.stats.intervals.proportion_ci``):

============================  ===========================================================
``intervals``                 one proportion: exact (Blaker, tails), binomial, R svyciprop
``hypergeometric``            exact limits for a population count, domains
``simultaneous``              joint intervals for all categories of a distribution
``rounding``                  rounding percentages for print
``printed_counts``            which counts can give printed percentages
``closest_counts``            the counts closest to an impossible print
``figure_check``              the verdict on one printed figure
``unpaired``                  tests between independent groups, Cramér's V, rank-biserial
``paired``                    Friedman, Cochran's Q, Wilcoxon, McNemar
``association``               Goodman-Kruskal gamma, Kendall's tau-b
``multiplicity``              Holm
``change``                    change between waves (``change_paired``, ``change_independent``,
                              ``change_partial``, ``change_common``)
``marginal``                  marginal homogeneity of linked answers
``targets``                   indices, means and monitoring targets
``design``                    survey designs and linearised variances
``weights``                   post-stratification, raking, trimming
``weighted``                  weighted distributions and intervals
``response``                  response analysis, R-indicator
``bounds``                    non-response bounds and sensitivity
============================  ===========================================================
"""
from __future__ import annotations

import importlib
import pkgutil

__all__ = sorted(m.name for m in pkgutil.iter_modules(__path__) if not m.name.startswith("_"))


def __getattr__(name: str):
    if name in __all__:
        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
