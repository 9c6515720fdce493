"""Every option list of the package, in one place.

The statistics validate their arguments against these tuples and the command line
offers exactly these choices, so a method added here is offered everywhere.

>>> from survey_inventory.options import ROUNDING_RULES
>>> ROUNDING_RULES[0]
'half-up'
"""
from __future__ import annotations

__all__ = ["CI_METHODS", "ROUNDING_RULES", "SIMULTANEOUS_METHODS", "LANGUAGES"]

#: Interval methods for one proportion (:func:`survey_inventory.stats.intervals.proportion_ci`).
#: Names mean what they mean in statsmodels: ``"clopper-pearson"`` is statsmodels' ``"beta"``;
#: R survey's ``svyciprop(method = "beta")`` is ``"korn-graubard"``. ``"beta"`` itself is refused.
CI_METHODS = (
    "auto",
    "blaker",
    "hypergeometric",
    "wilson",
    "clopper-pearson",
    "jeffreys",
    "agresti-coull",
    "logit",
    "korn-graubard",
    "mean",
)

#: Simultaneous (joint) interval methods for all categories of one distribution.
SIMULTANEOUS_METHODS = ("bonferroni-wilson", "bonferroni-exact", "goodman", "sison-glaz")

#: How percentages are rounded to whole numbers for print.
ROUNDING_RULES = ("half-up", "half-even", "truncate", "largest-remainder")

#: Languages of the phrase catalogue and of codebook labels.
LANGUAGES = ("nl", "en")
