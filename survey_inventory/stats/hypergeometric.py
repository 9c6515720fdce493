"""Exact confidence limits for a population count sampled without replacement.

A simple random sample of ``n`` from ``N`` units holds ``k`` with the attribute; the
population holds an unknown ``M``. ``k`` is hypergeometric, and inverting a test of
``M`` for every possible value gives an exact interval. Two inversions:

* ``"tails"`` keeps ``M`` unless one of the two one-sided tests rejects at
  ``alpha/2`` (the finite-population analogue of Clopper-Pearson; Buonaccorsi 1987,
  Wright 1991).
* ``"blaker"`` keeps ``M`` while its *acceptability* exceeds ``alpha``: the
  probability, under ``M``, of an outcome whose smaller tail is no larger than the
  observed one (Blaker 2000, applied to the hypergeometric as in Wang 2015). Its
  acceptance regions have probability ``>= 1 - alpha`` under every ``M``, so it is as
  exact as ``"tails"``, and it is never wider (the acceptability of a value outside
  the tails interval is at most twice a tail below ``alpha/2``). The kept set can have
  holes; the interval is its hull, which only adds coverage.

Domains (a routed item asked of ``n_d`` of the ``s`` respondents) have an unknown
domain size ``N_d`` in ``[n_d, n_d + N - s]``; :func:`domain_limits` takes the union
of the intervals for the proportion over that range, which contains the interval of
the true ``N_d`` and so covers. Beyond ``max_steps`` domain sizes the rest of the
union is bounded by the binomial Clopper-Pearson interval (the limit of the
hypergeometric as ``N_d`` grows; containment and coverage at the switch point are
checked in the tests).

Twelve of the 27 responding regions of 35: the tails interval keeps 13 to 19 regions,
Blaker's 13 to 18.

>>> from survey_inventory.stats.hypergeometric import count_limits

>>> count_limits(12, 27, 35, method="tails")[:2]
(array([13]), array([19]))
>>> count_limits(12, 27, 35, method="blaker")[:2]
(array([13]), array([18]))
"""
from __future__ import annotations

from typing import NamedTuple

import numpy as np
from scipy import special, stats

__all__ = ["COUNT_METHODS", "Limits", "count_limits", "acceptability", "domain_limits"]

#: Inversions offered by :func:`count_limits`.
COUNT_METHODS = ("blaker", "tails")

#: Candidate counts a Blaker limit may step through from the tails limit; a row that needs
#: more (large populations, where the two intervals differ by many counts) keeps the tails
#: limit and says so.
MAX_WALK = 64

_CELLS = 4_000_000  # probabilities evaluated per block of rows (memory bound)
_TABLE_LIMIT = 5_000_000  # populations up to this size use a log-factorial table
_REL = 1e-7  # relative tolerance when comparing tail probabilities (ties)


class Limits(NamedTuple):
    """Confidence limits and, per row, the construction used."""

    lower: np.ndarray
    upper: np.ndarray
    method: np.ndarray


def _ints(*arrays):
    out = np.broadcast_arrays(*(np.asarray(a, dtype=np.int64) for a in arrays))
    return [a.ravel() for a in out]


def _tails_limits(k, n, N, tail: float):
    """``(M_L, M_U)`` of the tails interval, by vectorised bisection (both tail
    probabilities are monotone in ``M``), ``log2(N)`` steps for all rows at once."""
    top = N - n + k  # largest population count compatible with the sample
    lo, hi = k.copy(), top.copy()
    while True:  # upper limit: the largest M with P(X <= k | M) > tail (true at M = k)
        act = np.flatnonzero(lo < hi)
        if act.size == 0:
            break
        mid = (lo[act] + hi[act] + 1) // 2
        keep = stats.hypergeom.cdf(k[act], N[act], mid, n[act]) > tail
        lo[act] = np.where(keep, mid, lo[act])
        hi[act] = np.where(keep, hi[act], mid - 1)
    upper = lo
    lo, hi = k.copy(), top.copy()
    while True:  # lower limit: the smallest M with P(X >= k | M) > tail (true at M = top)
        act = np.flatnonzero(lo < hi)
        if act.size == 0:
            break
        mid = (lo[act] + hi[act]) // 2
        keep = stats.hypergeom.sf(k[act] - 1, N[act], mid, n[act]) > tail
        hi[act] = np.where(keep, mid, hi[act])
        lo[act] = np.where(keep, lo[act], mid + 1)
    return lo, upper


def _log_factorial(top: int) -> np.ndarray:
    return special.gammaln(np.arange(top + 2, dtype=float) + 1)  # log(i!)


def _acceptability_rows(k, n, N, M) -> np.ndarray:
    """Blaker's acceptability for rows ``(k, n, N, M)`` at once (padded to the largest n)."""
    width = int(n.max()) + 1
    x = np.arange(width)[None, :]
    kk, nn, NN, MM = (a[:, None] for a in (k, n, N, M))
    ok = (x <= nn) & (x <= MM) & (nn - x <= NN - MM)
    top = int(N.max())
    if top <= _TABLE_LIMIT:  # log-factorials by table lookup: far cheaper than gammaln per cell
        lf = _log_factorial(top)
        xs = np.where(ok, x, 0)
        logp = (lf[MM] - lf[xs] - lf[np.where(ok, MM - x, 0)] + lf[NN - MM] - lf[np.where(ok, nn - x, 0)]
                - lf[np.where(ok, NN - MM - nn + x, 0)] - lf[NN] + lf[nn] + lf[NN - nn])
    else:
        g = special.gammaln
        xf, kf, nf, Nf, Mf = (a.astype(float) for a in (np.broadcast_to(x, ok.shape), kk, nn, NN, MM))
        with np.errstate(invalid="ignore"):
            logp = (g(Mf + 1) - g(xf + 1) - g(Mf - xf + 1) + g(Nf - Mf + 1) - g(nf - xf + 1)
                    - g(Nf - Mf - nf + xf + 1) - g(Nf + 1) + g(nf + 1) + g(Nf - nf + 1))
    pmf = np.where(ok, np.exp(np.where(ok, logp, 0.0)), 0.0)
    cdf = np.cumsum(pmf, axis=1)
    sf = np.cumsum(pmf[:, ::-1], axis=1)[:, ::-1]
    small = np.where(ok, np.minimum(cdf, sf), np.inf)
    rows = np.arange(k.size)
    observed = small[rows, k][:, None]
    out = np.where(small <= observed * (1 + _REL), pmf, 0.0).sum(axis=1)
    return np.where(ok[rows, k], np.minimum(out, 1.0), 0.0)


def acceptability(k, n, N, M) -> np.ndarray:
    """Blaker's acceptability of the observed count ``k`` under population count ``M``.

    The probability, when ``M`` of the ``N`` units have the attribute, of a sample count
    whose smaller tail probability is at most the observed one's.

    Parameters
    ----------
    k, n, N : int
        Observed count, sample size, population size (scalars).
    M : int or array_like
        Candidate population counts.

    Returns
    -------
    numpy.ndarray
        One acceptability per ``M`` (``0`` where ``M`` is incompatible with ``k``).

    References
    ----------
    Blaker, H. (2000). Confidence curves and improved exact confidence intervals for
    discrete distributions. Canadian Journal of Statistics 28, 783-798.

    Examples
    --------
    >>> acceptability(0, 5, 10, [0, 1, 5]).round(4)
    array([1.    , 1.    , 0.0079])
    """
    M = np.atleast_1d(np.asarray(M, dtype=np.int64))
    k, n, N, M = np.broadcast_arrays(np.int64(k), np.int64(n), np.int64(N), M)
    return _acceptability_rows(k.ravel(), n.ravel(), N.ravel(), M.ravel())


def _walk(k, n, N, alpha, start, stop, step):
    """From the tails limit ``start`` towards ``stop``, the first count whose acceptability
    exceeds ``alpha`` (Blaker's interval lies inside the tails interval, so this is the end
    of its hull); -1 where more than :data:`MAX_WALK` steps would be needed."""
    found = np.full(k.size, -1, dtype=np.int64)
    for j in range(MAX_WALK):
        M = start + step * j
        act = np.flatnonzero((found < 0) & (step * (stop - M) >= 0))
        if act.size == 0:
            break
        act = act[np.argsort(n[act], kind="stable")]  # similar widths together: little padding
        start_at = 0
        while start_at < act.size:
            widest = int(n[act[min(act.size, start_at + 256) - 1]])  # sorted: the block's largest n
            rows = act[start_at:start_at + min(256, max(1, _CELLS // (widest + 1)))]
            start_at += rows.size
            good = _acceptability_rows(k[rows], n[rows], N[rows], M[rows]) > alpha
            found[rows[good]] = M[rows[good]]
    return found


def _refine(k, n, N, alpha, lower, upper):
    """Blaker limits in place where the walk finds them; a mask of the refined rows."""
    lo = _walk(k, n, N, alpha, lower, upper, +1)
    hi = _walk(k, n, N, alpha, upper, lower, -1)
    refined = (lo >= 0) & (hi >= 0)
    lower[refined], upper[refined] = lo[refined], hi[refined]
    return refined


def _check_method(method):
    if method not in COUNT_METHODS:
        raise ValueError(f"unknown method {method!r}; choose one of {', '.join(COUNT_METHODS)}")


def count_limits(k, n, N, *, level: float = 0.95, method: str = "blaker") -> Limits:
    """Exact confidence limits for the population count ``M``.

    Parameters
    ----------
    k, n, N : int or array_like
        Count with the attribute, sample size and population size, broadcast together
        (``0 <= k <= n <= N``).
    level : float, default 0.95
        Confidence level.
    method : {"blaker", "tails"}
        ``"blaker"``: acceptability-based (the narrower; a row whose limit lies more
        than :data:`MAX_WALK` counts inside the tails limit keeps ``"tails"`` and says so
        in ``method``); ``"tails"``: two one-sided tests at ``alpha/2``.

    Returns
    -------
    Limits
        ``lower``, ``upper``: integer counts (divide by ``N`` for proportions);
        ``method``: the inversion used per row.

    References
    ----------
    Buonaccorsi, J. P. (1987). A note on confidence intervals for proportions in finite
    populations. The American Statistician 41, 215-218.

    Blaker, H. (2000). Canadian Journal of Statistics 28, 783-798.

    Wang, W. (2015). Exact optimal confidence intervals for hypergeometric parameters.
    JASA 110, 1491-1499.

    Examples
    --------
    Four of nine provinces, twelve in all:

    >>> count_limits(4, 9, 12, method="tails").upper
    array([7])
    >>> lim = count_limits(4, 9, 12)
    >>> lim.lower, lim.upper, lim.method
    (array([4]), array([7]), array(['blaker'], dtype='<U6'))
    """
    _check_method(method)
    k, n, N = _ints(k, n, N)
    alpha = 1 - level
    lower, upper = _tails_limits(k, n, N, alpha / 2)
    refined = _refine(k, n, N, alpha, lower, upper) if method == "blaker" else np.zeros(k.size, bool)
    return Limits(lower, upper, np.where(refined, "blaker", "tails"))


def _binomial_cp(k, n, alpha):
    lo = np.where(k > 0, stats.beta.ppf(alpha / 2, k, n - k + 1), 0.0)
    hi = np.where(k < n, stats.beta.ppf(1 - alpha / 2, k + 1, n - k), 1.0)
    return lo, hi


def domain_limits(k, n_d, outside, *, level: float = 0.95, method: str = "blaker",
                  max_steps: int = 2000) -> Limits:
    """Exact limits for a domain proportion whose domain size is unknown.

    Parameters
    ----------
    k, n_d : int or array_like
        Count with the attribute and number of sampled domain members (the base).
    outside : int or array_like
        Units of the population outside the sample (``N - s``): the domain holds
        between ``n_d`` and ``n_d + outside`` units.
    level : float, default 0.95
    method : {"blaker", "tails"}
        The interval taken for each domain size (see :func:`count_limits`); Blaker for
        all sizes of a row or for none (see :data:`MAX_WALK`).
    max_steps : int, default 2000
        Domain sizes computed exactly; beyond ``n_d + max_steps`` the union is bounded
        by the binomial Clopper-Pearson interval for ``k`` of ``n_d``.

    Returns
    -------
    Limits
        ``lower``, ``upper`` proportions; ``method`` per row: ``"blaker"`` or
        ``"tails"``, with ``"+cp"`` where the binomial bound closes the union.

    Examples
    --------
    Twelve of 26 asked; 35 regions, 27 responded (8 outside the sample):

    >>> lim = domain_limits(12, 26, 8, method="tails")
    >>> lim.lower.round(4), lim.upper.round(4), lim.method
    (array([0.3636]), array([0.5588]), array(['tails'], dtype=object))
    """
    _check_method(method)
    k, n_d, outside = _ints(k, n_d, outside)
    alpha = 1 - level
    lower = np.empty(k.size)
    upper = np.empty(k.size)
    used = np.empty(k.size, dtype=object)
    for i in range(k.size):
        sizes = n_d[i] + np.arange(0, min(int(outside[i]), max_steps) + 1)
        kk = np.full(sizes.size, k[i])
        nn = np.full(sizes.size, n_d[i])
        ml, mu = _tails_limits(kk, nn, sizes, alpha / 2)
        blaker = method == "blaker" and _refine(kk, nn, sizes, alpha, ml, mu).all()
        lower[i], upper[i] = np.min(ml / sizes), np.max(mu / sizes)
        used[i] = "blaker" if blaker else "tails"
        if outside[i] > max_steps:
            cl, cu = _binomial_cp(k[i], n_d[i], alpha)
            lower[i], upper[i] = min(lower[i], cl), max(upper[i], cu)
            used[i] += "+cp"
    return Limits(lower, upper, used)
