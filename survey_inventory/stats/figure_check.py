"""Everything about one printed figure: which rules and counts can give it, or the closest counts.

:func:`check_figure` runs the count solver (:mod:`survey_inventory.stats.printed_counts`)
under every rounding rule, picks the counts a report most plausibly had
(:mod:`survey_inventory.stats.closest_counts`), looks for the nearest N that fits,
and says it in one line.

References
----------
.. [1] Brown, N. J. L., & Heathers, J. A. J. (2017). The GRIM test: A simple
   technique detects numerous anomalies in the reporting of results in psychology.
   *Social Psychological and Personality Science*, 8(4), 363-369.

Examples
--------
>>> from survey_inventory.stats.figure_check import check_figure
>>> check_figure([33, 66], 9)["status"], check_figure([33, 66], 9, rule="truncate")["counts"]
('impossible', (3, 6))
"""
from __future__ import annotations

import pandas as pd

from .closest_counts import closest_counts, closest_in_boxes
from .printed_counts import count_in_boxes, list_in_boxes, nearest_consistent_n, solution_boxes, sum_explainable
from .rounding import ROUNDING_RULES, check_rule, round_percentages, whole_number, whole_percents

__all__ = ["STATUS_OK", "STATUS_IMPOSSIBLE", "STATUS_EMPTY", "check_figure"]

#: A figure that some counts out of its N give under the chosen rule (and N within the respondents).
STATUS_OK = "ok"
#: No counts out of N give the print under the chosen rule, or N exceeds the respondents.
STATUS_IMPOSSIBLE = "impossible"
#: The report prints no percentages for the figure.
STATUS_EMPTY = "no printed percentages"


def _closest_solution(ps, n, rule) -> tuple[int, ...] | None:
    """The solution under ``rule`` that :func:`closest_counts`' order puts first, or None.

    Usually the closest vector of all is itself a solution; otherwise branch and
    bound over the solution boxes (:func:`~survey_inventory.stats.closest_counts.closest_in_boxes`).
    """
    overall = closest_counts(ps, n)
    if round_percentages(overall, n, rule).tolist() == list(ps):
        return overall
    return closest_in_boxes(ps, n, solution_boxes(ps, n, rule))


# ---------------------------------------------------------------------------
# one figure
# ---------------------------------------------------------------------------

def _fmt_vec(v) -> str:
    return "/".join(str(x) for x in v)


def _fmt_pct(counts, n) -> str:
    return "/".join(f"{100 * c / n:.1f}" for c in counts)


def check_figure(percents, n, *, respondents=None, rule: str = "half-up", limit: int = 1000,
                 search_above: int | None = None) -> dict:
    """Everything about one printed distribution, as a dict.

    Parameters
    ----------
    percents : sequence of whole numbers
        The printed percentages (0-100 each); empty when the figure prints none.
    n : int
        The printed base N (at least 1).
    respondents : int, optional
        The number of respondents of the figure's type; an N above it is impossible.
    rule : str, default "half-up"
        The report's rounding rule (:data:`~survey_inventory.options.ROUNDING_RULES`).
    limit : int, default 1000
        At most this many solutions listed per rule.
    search_above : int, optional
        How far above N :func:`~survey_inventory.stats.printed_counts.nearest_consistent_n` looks.

    Returns
    -------
    dict
        Keys: ``percents``, ``n``, ``rule``, ``sum``, ``sum_explainable`` (by any rule),
        ``sum_explainable_by`` (the rules), ``possible_<rule>`` and ``n_solutions_<rule>``
        for every rule, ``solutions`` (rule -> up to ``limit`` vectors), ``possible`` (the
        chosen rule), ``counts`` and ``counts_kind`` (``"solution"``: the solution under
        the chosen rule closest to the print, see
        :func:`~survey_inventory.stats.closest_counts.closest_counts`; ``"closest"``:
        no solution, the closest vector), ``nearest_n_below``, ``nearest_n_above`` (for
        the chosen rule), ``respondents``, ``n_exceeds_respondents``, ``status``
        (:data:`STATUS_OK`; :data:`STATUS_IMPOSSIBLE` -- no counts under the chosen
        rule, or N above the respondents -- or :data:`STATUS_EMPTY`) and ``message``
        (one line).

    References
    ----------
    .. [1] Brown & Heathers (2017), the GRIM test (in full in the module notes).

    Examples
    --------
    >>> res = check_figure([38, 63], 8)          # 3/8 = 37.5 -> 38, 5/8 = 62.5 -> 63
    >>> res["status"], res["counts"], res["n_solutions_half-up"], res["possible_half-even"]
    ('ok', (3, 5), 1, False)
    >>> res["message"]
    '(N=8): 38/63 % (sum 101) fits half-up: counts 3/5 (the only counts); not half-even, truncate, largest-remainder'
    """
    check_rule(rule)
    n = whole_number(n, "n")
    if n <= 0:
        raise ValueError(f"n must be a positive whole number, got {n}")
    respondents = None if respondents is None or pd.isna(respondents) else whole_number(respondents, "respondents")
    ps = whole_percents(percents if percents is not None else [])
    exceeds = None if respondents is None else n > respondents
    out: dict = {"percents": tuple(ps), "n": n, "rule": rule, "respondents": respondents,
                 "n_exceeds_respondents": exceeds}
    too_many = (f"N={n} exceeds the {respondents} respondents of this type" if exceeds else "")
    if not ps:
        out.update({"sum": None, "sum_explainable": None, "sum_explainable_by": (),
                    **{f"possible_{r}": None for r in ROUNDING_RULES},
                    **{f"n_solutions_{r}": None for r in ROUNDING_RULES},
                    "solutions": {}, "possible": None, "counts": None, "counts_kind": None,
                    "nearest_n_below": None, "nearest_n_above": None})
        out["status"] = STATUS_IMPOSSIBLE if exceeds else STATUS_EMPTY
        out["message"] = f"(N={n}): no printed percentages, nothing to check" + (f"; but {too_many}" if exceeds else "")
        return out

    total = sum(ps)
    by = tuple(r for r in ROUNDING_RULES if sum_explainable(ps, r))
    out.update({"sum": total, "sum_explainable": bool(by), "sum_explainable_by": by, "solutions": {}})
    for r in ROUNDING_RULES:
        boxes = solution_boxes(ps, n, r)
        k = count_in_boxes(boxes, n)
        out[f"possible_{r}"] = k > 0
        out[f"n_solutions_{r}"] = k
        out["solutions"][r] = list_in_boxes(boxes, n, limit)
    possible = out[f"possible_{rule}"]
    out["possible"] = possible
    if possible:
        out["counts"] = _closest_solution(ps, n, rule)
        out["counts_kind"] = "solution"
    else:
        out["counts"] = closest_counts(ps, n)
        out["counts_kind"] = "closest"
    below, above = nearest_consistent_n(ps, n, rule, above=search_above)
    out["nearest_n_below"], out["nearest_n_above"] = below, above
    out["status"] = STATUS_OK if possible and not exceeds else STATUS_IMPOSSIBLE
    out["message"] = _message(out, too_many)
    return out


def _message(f: dict, too_many: str) -> str:
    ps, n, rule = f["percents"], f["n"], f["rule"]
    head = f"(N={n}): {_fmt_vec(ps)} % (sum {f['sum']})"
    fits = [r for r in ROUNDING_RULES if f[f"possible_{r}"]]
    if f["possible"]:
        k = f[f"n_solutions_{rule}"]
        which = "the only counts" if k == 1 else f"one of {k} count vectors"
        text = f"{head} fits {rule}: counts {_fmt_vec(f['counts'])} ({which})"
        if len(fits) < len(ROUNDING_RULES):
            text += "; not " + ", ".join(r for r in ROUNDING_RULES if r not in fits)
    else:
        text = f"{head} IMPOSSIBLE under {rule}: no whole numbers out of {n} print like this"
        if not sum_explainable(ps, rule):
            text += f" (a total of {f['sum']} cannot come from {rule} rounding of {len(ps)} categories)"
        if fits:
            text += "; fits " + ", ".join(f"{r} ({_fmt_vec(f['solutions'][r][0])})" for r in fits)
        else:
            text += f"; no rule fits N={n}"
        near = [f"{x} {side}" for x, side in ((f["nearest_n_below"], "below"), (f["nearest_n_above"], "above"))
                if x is not None]
        text += (f"; nearest N that fits {rule}: {', '.join(near)}" if near
                 else f"; no N fits {rule}" if not sum_explainable(ps, rule) else f"; no nearby N fits {rule}")
        text += f"; closest counts {_fmt_vec(f['counts'])} = {_fmt_pct(f['counts'], n)} %"
    if too_many:
        text += f"; IMPOSSIBLE: {too_many}"
    return text
