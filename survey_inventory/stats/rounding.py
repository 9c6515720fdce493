"""Rounding counts to the whole percentages a report prints.

A count ``c`` out of ``n`` is the exact percentage ``100 c / n``; a report prints
it as a whole number under one of the rules of
:data:`survey_inventory.options.ROUNDING_RULES`:

``half-up``
    12.5 -> 13, 37.5 -> 38: the rule of school arithmetic and of most report tools.
``half-even``
    banker's rounding: an exact .5 goes to the even neighbour (12.5 -> 12, 37.5 -> 38),
    IEEE 754's roundTiesToEven.
``truncate``
    the decimals are cut off (66.7 -> 66).
``largest-remainder``
    every category gets the whole part of its percentage, then the points still
    missing to 100 go one each to the categories with the largest remainders
    (Hamilton's method). Equal remainders: the category listed first wins. The
    printed total is then always exactly 100.

Everything is computed with integers: ``q, r = divmod(100 * c, n)`` gives the whole
part ``q`` and the remainder ``r`` (the exact percentage is ``q + r / n``); half-up
prints ``q + (2r >= n)``, half-even ``q + (2r > n or 2r == n and q odd)``,
truncation ``q``. No float is ever rounded, so 12.5 is 12.5 and not 12.4999...

The first three rules round each category on its own; largest remainder shares out
100 points among the categories of one distribution.

References
----------
.. [1] IEEE (2019). *IEEE Standard for Floating-Point Arithmetic* (IEEE Std 754-2019),
   section 4.3.1: roundTiesToEven and roundTiesToAway.
.. [2] Balinski, M. L., & Young, H. P. (2001). *Fair Representation: Meeting the Ideal
   of One Man, One Vote* (2nd ed.). Brookings Institution Press. (Hamilton's method,
   i.e. largest remainders.)

Examples
--------
>>> from survey_inventory.stats.rounding import round_percentages
>>> round_percentages([1, 1, 1], 3).tolist(), round_percentages([1, 1, 1], 3, "largest-remainder").tolist()
([33, 33, 33], [34, 33, 33])
"""
from __future__ import annotations

import numpy as np

from ..options import ROUNDING_RULES

__all__ = ["ROUNDING_RULES", "check_rule", "whole_number", "whole_percents", "check_printed", "round_count",
           "round_percentages"]


def check_rule(rule: str) -> None:
    """Refuse a rounding rule that is not one of :data:`ROUNDING_RULES`.

    Parameters
    ----------
    rule : str
        The name of a rounding rule.

    Raises
    ------
    ValueError
        When ``rule`` is unknown; the message lists the known rules.

    Examples
    --------
    >>> check_rule("half-even")
    >>> check_rule("banker")
    Traceback (most recent call last):
    ...
    ValueError: unknown rounding rule 'banker'; expected one of half-up, half-even, truncate, largest-remainder
    """
    if rule not in ROUNDING_RULES:
        raise ValueError(f"unknown rounding rule {rule!r}; expected one of {', '.join(ROUNDING_RULES)}")


def whole_number(x, what: str) -> int:
    """``x`` as a Python int when it is a whole number (an int, a numpy integer or a whole float).

    Parameters
    ----------
    x : int, numpy.integer or float
        The value; booleans are refused.
    what : str
        What ``x`` is, for the error message (``"n"``, ``"count"``, ...).

    Returns
    -------
    int

    Raises
    ------
    ValueError
        When ``x`` is not a whole number.

    Examples
    --------
    >>> whole_number(9.0, "n"), whole_number(np.int64(3), "count")
    (9, 3)
    >>> whole_number(9.5, "n")
    Traceback (most recent call last):
    ...
    ValueError: n must be a whole number, got 9.5
    """
    if isinstance(x, (bool, np.bool_)):
        raise ValueError(f"{what} must be a whole number, got {x!r}")
    if isinstance(x, (int, np.integer)):
        return int(x)
    if isinstance(x, (float, np.floating)) and float(x).is_integer():
        return int(x)
    raise ValueError(f"{what} must be a whole number, got {x!r}")


def whole_percents(percents) -> list[int]:
    """Printed percentages as a list of ints, each a whole number from 0 to 100.

    Parameters
    ----------
    percents : sequence of whole numbers
        The printed percentages of one distribution.

    Returns
    -------
    list of int

    Raises
    ------
    ValueError
        When a value is not whole or lies outside 0-100.

    Examples
    --------
    >>> whole_percents([33.0, 67])
    [33, 67]
    >>> whole_percents([101])
    Traceback (most recent call last):
    ...
    ValueError: percentages must lie between 0 and 100, got [101]
    """
    ps = [whole_number(p, "percent") for p in list(percents)]
    if any(p < 0 or p > 100 for p in ps):
        raise ValueError(f"percentages must lie between 0 and 100, got {ps}")
    return ps


def check_printed(percents, n) -> tuple[list[int], int]:
    """A printed distribution and its base, checked: whole percentages 0-100 (at least one) and N >= 1.

    Parameters
    ----------
    percents : sequence of whole numbers
        The printed percentages.
    n : whole number
        The printed base.

    Returns
    -------
    (list of int, int)
        The percentages and N as Python ints.

    Raises
    ------
    ValueError
        When a value is not whole, a percentage lies outside 0-100, N is below 1, or
        there are no percentages.

    Examples
    --------
    >>> check_printed([33, 67.0], 9.0)
    ([33, 67], 9)
    >>> check_printed([100], 0)
    Traceback (most recent call last):
    ...
    ValueError: n must be a positive whole number, got 0
    """
    ps = whole_percents(percents)
    n = whole_number(n, "n")
    if n <= 0:
        raise ValueError(f"n must be a positive whole number, got {n}")
    if not ps:
        raise ValueError("no percentages given")
    return ps, n


def round_count(count: int, n: int, rule: str) -> int:
    """The printed percentage of ``count`` out of ``n`` under a rule that rounds each category on its own.

    Integer arithmetic only, without argument checks (the hot path of the count
    solver): ``count`` and ``n`` are ints with ``0 <= count <= n`` and ``n > 0``;
    ``rule`` is ``half-up``, ``half-even`` or ``truncate`` (largest remainder depends on
    the other categories: use :func:`round_percentages`).

    Parameters
    ----------
    count, n : int
        The count and the base.
    rule : str
        ``"half-up"``, ``"half-even"`` or ``"truncate"``.

    Returns
    -------
    int
        The whole percentage as printed.

    References
    ----------
    .. [1] IEEE (2019). *IEEE Standard for Floating-Point Arithmetic* (IEEE Std 754-2019),
       section 4.3.1.

    Examples
    --------
    >>> [round_count(1, 8, r) for r in ("half-up", "half-even", "truncate")]   # 12.5 %
    [13, 12, 12]
    """
    q, r = divmod(100 * count, n)
    if rule == "truncate":
        return q
    if rule == "half-up":
        return q + (2 * r >= n)
    # half-even: above .5 up, exactly .5 to the even neighbour
    return q + (2 * r > n or (2 * r == n and q % 2 == 1))


def round_percentages(counts, n, rule: str = "half-up") -> np.ndarray:
    """The whole percentages that ``counts`` out of ``n`` print as under ``rule``.

    Parameters
    ----------
    counts : array_like of whole numbers
        Non-negative counts no larger than ``n``. For ``largest-remainder`` they must
        sum to ``n`` (the rule shares out 100 points). For the other rules each
        category is rounded on its own, so counts of a multiple-response question
        (summing to more than ``n``) are fine.
    n : int
        The base (a positive whole number).
    rule : str, default "half-up"
        One of :data:`ROUNDING_RULES`.

    Returns
    -------
    numpy.ndarray of int64
        The printed percentages, in the order of ``counts``.

    Raises
    ------
    ValueError
        For an unknown rule, a base below 1, a count outside 0..n, or (largest
        remainder) counts that do not sum to ``n``.

    References
    ----------
    .. [1] IEEE (2019). *IEEE Standard for Floating-Point Arithmetic* (IEEE Std 754-2019),
       section 4.3.1 (ties to even).
    .. [2] Balinski, M. L., & Young, H. P. (2001). *Fair Representation* (2nd ed.).
       Brookings Institution Press. (Hamilton's largest-remainder method.)

    Examples
    --------
    >>> round_percentages([1, 7], 8).tolist()            # 12.5 -> 13, 87.5 -> 88
    [13, 88]
    >>> round_percentages([1, 7], 8, "half-even").tolist()
    [12, 88]
    >>> round_percentages([1, 1, 1], 3, "largest-remainder").tolist()
    [34, 33, 33]
    """
    check_rule(rule)
    n = whole_number(n, "n")
    if n <= 0:
        raise ValueError(f"n must be a positive whole number, got {n}")
    cs = [whole_number(c, "count") for c in np.asarray(counts).ravel().tolist()]
    if any(c < 0 or c > n for c in cs):
        raise ValueError(f"counts must lie between 0 and n={n}, got {cs}")
    if rule != "largest-remainder":
        return np.array([round_count(c, n, rule) for c in cs], dtype=np.int64)
    if sum(cs) != n:
        raise ValueError(f"largest-remainder needs counts that sum to n={n}, got sum {sum(cs)}")
    qr = [divmod(100 * c, n) for c in cs]
    out = [q for q, _ in qr]
    seats = 100 - sum(out)
    # largest remainder first; equal remainders: the earlier category first
    for i in sorted(range(len(cs)), key=lambda i: (-qr[i][1], i))[:seats]:
        out[i] += 1
    return np.array(out, dtype=np.int64)
