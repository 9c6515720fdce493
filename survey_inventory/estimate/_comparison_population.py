"""Who enters a between-type test of a routed item, and which tests form the primary family.

Private to :mod:`survey_inventory.estimate.comparisons`.

**Population.** Who is asked a routed item depends on the filter answer
(familiarity), and that differs sharply between respondent types: comparing
types on only those asked compares different sub-populations. Two choices, each
named in the ``population`` column of ``comparisons.csv``:

``"all"`` (default)
    every respondent who answered the filter question(s): respondents routed
    past the item are counted in a declared category of its scale (by default
    the last substantive code, for involvement "Niet betrokken"), as
    :func:`~survey_inventory.estimate.comparisons.between_sectors` counts them
    as "not actively involved". A population every type shares.
``"asked"``
    only those who were asked: the test is *conditional on being asked*.

**Primary family.** The between-type omnibus tests of the codebook's filter
measure (the measure whose items the routing rules read: familiarity) are the
report's declared primary family, Holm-adjusted across the family; every other
row is exploratory (Holm within its own small family, if any).
"""
from __future__ import annotations

import numpy as np

from ..errors import SurveyInputError
from ..options import COMPARISON_POPULATIONS as POPULATIONS
from ..stats.multiplicity import holm
from ._comparison_rows import _key, _member, _note

def _check_population(population: str) -> str:
    if population not in POPULATIONS:
        raise SurveyInputError(f"population must be one of {', '.join(POPULATIONS)}, not {population!r}")
    return population


def _filter_items(codebook, item) -> list:
    """The items a routed item's rule reads (``respondent_type`` is not an item)."""
    rule = codebook.routing(item)
    if rule is None:
        return []
    ids = {i.id for i in codebook.items}
    return [codebook.item(n) for n in sorted(rule.names) if n in ids]


def _routed_position(codebook, item, tidy, routed_as) -> tuple[int, str]:
    """(position among the answers' categories, label) of the category the routed-out are counted in."""
    scale = codebook.scale(item.scale)
    subs = [c for c in scale.codes if c.substantive]
    if routed_as is None:
        chosen = subs[-1]
    else:
        chosen = next((c for c in subs if _key(c.code) == _key(routed_as) or str(c.code) == str(routed_as)), None)
        if chosen is None:
            raise SurveyInputError(f"routed_as {routed_as!r} is not a substantive code of scale {scale.id!r}")
    ans_k = subs.index(chosen) + 1
    if tidy.categories == "report" and item.report_collapse:
        groups = [g for g in codebook.report_categories(item) if g["substantive"]]
        ans_k = next(k for k, g in enumerate(groups, start=1) if chosen.code in g["codes"])
    label = codebook.label(chosen.label, "en")
    return ans_k, label


def population_positions(tidy, codebook, item, ans, population: str, routed_as=None) -> tuple[np.ndarray, str]:
    """The answer positions that enter a between-type test of ``item``, and the ``population`` text.

    For ``population="all"`` and a routed item, respondents routed past the
    question (status ``not_asked``) who gave a valid answer to every filter item
    the rule reads get the position of the declared category; everyone else
    keeps their position (NaN = not in the test).
    """
    pos = ans.pos.copy()
    if not item.asked_if:
        return pos, _note("compare_population_not_routed")
    filters = _filter_items(codebook, item)
    if population == "asked" or not filters:  # a rule on the respondent type alone: no shared population
        return pos, _note("compare_population_asked")
    routed = ans.not_asked.copy()
    for f in filters:
        fa = tidy.answers(f)
        routed &= _member(ans.rid, fa.rid[fa.valid])
    k, label = _routed_position(codebook, item, tidy, routed_as)
    pos[routed] = k
    return pos, _note("compare_population_all", category=label)


def filter_measures(codebook) -> set[str]:
    """The measures whose items some routing rule reads (for the bundled study: ``{"familiarity"}``)."""
    out = set()
    for item in codebook.items:
        out |= {f.measure for f in _filter_items(codebook, item)}
    return out


def mark_families(out, primary_measures):
    """``out`` (rows of ``comparisons.csv``) with ``family`` set, the primary family Holm-adjusted across itself.

    The primary family is the ``types`` rows (omnibus between-type tests) of
    ``primary_measures``; their ``p_adjusted`` becomes the Holm-adjusted p-value
    across the family (they had none: single tests) and ``family`` says
    ``primary``; every other row keeps its own adjustment and says ``exploratory``.
    """
    out = out.copy()
    out["family"] = "exploratory"
    if not len(out):
        return out
    primary = ((out["comparison"] == "types") & out["measure"].isin(list(primary_measures))).to_numpy()
    if primary.any():
        p = out.loc[primary, "p_value"].to_numpy(dtype=float)
        m = int(np.count_nonzero(~np.isnan(p)))
        adjusted = holm(p)
        out.loc[primary, "family"] = "primary"
        out.loc[primary, "p_adjusted"] = adjusted
        out.loc[primary, "adjustment"] = [_note("compare_adjustment_primary", m=m) if not np.isnan(a) else ""
                                          for a in adjusted]
    return out


def label_rows(out, populations):
    """``out`` with its ``population`` column, and a ``p_method`` that says what the p-value conditions on.

    Every p-value of ``comparisons.csv`` is a permutation (randomisation) test,
    exact or Monte Carlo or its normal limit, *conditional on the observed
    answers*: it relabels the respondents who entered (types, sectors within a
    respondent, one variable against the other). That is also its answer to the
    finite population: the reference distribution is built from the units
    observed, not by sampling from the population, so a finite population
    correction has nothing to act on (``docs/methods.md``).
    """
    out = out.copy()
    out["population"] = list(populations) if len(out) else []
    if len(out):
        has_p = out["p_value"].notna().to_numpy() & (out["p_method"].astype(str) != "").to_numpy()
        suffix = _note("compare_p_conditional")
        out.loc[has_p, "p_method"] = [f"{m}; {suffix}" for m in out.loc[has_p, "p_method"]]
    return out
