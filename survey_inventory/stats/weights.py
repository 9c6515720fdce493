"""Calibrating weights to a population frame: post-stratification, raking, trimming.

Each function starts from a :class:`~survey_inventory.stats.design.SurveyDesign`
(by default the simple random sample's design weights ``N/n``), returns a new one and
records the step, so that :mod:`survey_inventory.stats.weighted` can compute the
calibrated estimator's linearisation variance.  The weights equal those of R
``survey``'s ``postStratify``, ``rake`` (run to convergence) and ``trimWeights``.

A post-stratum (or a raking margin's category) that has units in the population but no
respondents cannot be weighted up: that is an error naming the cell, never a silent
zero.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

import numpy as np
import pandas as pd

from survey_inventory.errors import SurveyInputError
from survey_inventory.stats.design import CalibrationStep, SurveyDesign, srs_design

__all__ = ["poststratify", "rake", "trim_weights"]


def poststratify(strata, population_counts, *, design=None, population=None, name="post-stratum") -> SurveyDesign:
    """Weights that reproduce the population count of every post-stratum.

    ``w_i = d_i N_h / sum_{j in h} d_j`` for respondent ``i`` in post-stratum ``h``,
    with ``d`` the weights before (the design weights ``N/n``).

    Parameters
    ----------
    strata : array_like
        The post-stratum (a frame attribute, e.g. size class) of each respondent.
    population_counts : mapping or pandas.Series
        Number of population (frame) units per post-stratum.
    design : SurveyDesign, optional
        Design to calibrate; default :func:`~survey_inventory.stats.design.srs_design`
        with ``population`` units.
    population : int, optional
        Population size for the default design; default: the sum of
        ``population_counts``.
    name : str, default "post-stratum"
        What the strata are (e.g. the attribute's name), used in error messages.

    Returns
    -------
    SurveyDesign
        Calibrated design; its ``weights`` sum to ``sum(population_counts)``.

    Raises
    ------
    ValueError
        (:class:`~survey_inventory.errors.SurveyInputError`) naming the cell: a
        post-stratum with population units but no respondents, a respondent's
        stratum missing or absent from ``population_counts``, counts that do not add
        up to the design's population.

    References
    ----------
    Holt, D. & Smith, T. M. F. (1979). Post stratification. *JRSS A* 142, 33-46.

    Lumley, T. (2010). *Complex Surveys: A Guide to Analysis Using R*. Wiley,
    chapter 7 (R: ``postStratify``).

    Examples
    --------
    >>> from survey_inventory.stats.weights import poststratify
    >>> d = poststratify(["s", "s", "s", "l"], {"s": 8, "l": 4})
    >>> d.weights.tolist()
    [2.6666666666666665, 2.6666666666666665, 2.6666666666666665, 4.0]
    >>> d.scheme
    'post-stratified on post-stratum (2 cells)'
    >>> poststratify(["s", "s", "s"], {"s": 8, "l": 4}, name="size")
    Traceback (most recent call last):
    ...
    survey_inventory.errors.SurveyInputError: size 'l' has no respondents but 4 population units: merge it with another cell or leave the attribute out
    """
    labels = _labels(strata, name)
    base = _start(design, labels.size, population, _counts(population_counts, name), name)
    codes, targets = _cells(labels, _counts(population_counts, name), name)
    old = base.weights
    sums = np.bincount(codes, weights=old, minlength=targets.size)
    weights = old * (targets / sums)[codes]
    step = CalibrationStep(
        kind="poststratify", cells=(codes,), weights=(weights,), old_weights=old,
        description=f"post-stratified on {name} ({targets.size} cells)",
    )
    return SurveyDesign(weights=weights, population=base.population, steps=base.steps + (step,))


def rake(margins, population_margins, *, design=None, population=None, tol=1e-10, max_iter=100) -> SurveyDesign:
    """Weights matching several population margins: raking (iterative proportional fitting).

    Each sweep post-stratifies on every margin in turn; raking stops when, after a
    sweep, every weighted margin count is within ``tol * N`` of its population count.

    Parameters
    ----------
    margins : mapping of str to array_like, or pandas.DataFrame
        Per frame attribute, the category of each respondent (at least one).
    population_margins : mapping of str to mapping
        Per attribute, the number of population units per category; every margin
        must add up to the same total.
    design : SurveyDesign, optional
        Design to calibrate; default the simple random sample of the margins' total.
    population : int, optional
        Population size of the default design; default: the margins' total.
    tol : float, default 1e-10
        Convergence tolerance, relative to the population size.
    max_iter : int, default 100
        Largest number of sweeps.

    Returns
    -------
    SurveyDesign
        Calibrated design; ``scheme`` says the margins and the number of sweeps.

    Raises
    ------
    ValueError
        (:class:`~survey_inventory.errors.SurveyInputError`) naming the margin and
        cell: a category with population units but no respondents, margins with
        different totals, or no convergence within ``max_iter`` sweeps.

    References
    ----------
    Deming, W. E. & Stephan, F. F. (1940). On a least squares adjustment of a sampled
    frequency table when the expected marginal totals are known. *Ann. Math. Stat.* 11,
    427-444.

    Deville, J.-C. & Särndal, C.-E. (1992). Calibration estimators in survey sampling.
    *JASA* 87, 376-382 (raking as calibration).

    Lumley, T. (2010). *Complex Surveys: A Guide to Analysis Using R*. Wiley,
    chapter 7 (R: ``rake``).

    Examples
    --------
    >>> from survey_inventory.stats.weights import rake
    >>> margins = {"size": ["s", "s", "l", "l", "s"], "urban": ["y", "n", "y", "n", "n"]}
    >>> d = rake(margins, {"size": {"s": 6, "l": 4}, "urban": {"y": 5, "n": 5}})
    >>> d.weights.round(4).tolist()
    [2.5887, 1.7056, 2.4113, 1.5887, 1.7056]
    >>> d.scheme
    'raked on size, urban (2 + 2 cells, 7 sweeps)'
    """
    if isinstance(margins, pd.DataFrame):
        margins = {column: margins[column] for column in margins.columns}
    if not isinstance(margins, Mapping) or not margins:
        raise SurveyInputError("margins must map at least one attribute name to the respondents' categories")
    missing = [key for key in margins if key not in population_margins]
    if missing:
        raise SurveyInputError(f"no population counts for margin {missing[0]!r}")
    labels = {key: _labels(value, key) for key, value in margins.items()}
    sizes = {value.size for value in labels.values()}
    if len(sizes) != 1:
        raise SurveyInputError("every margin must give a category for each respondent", value=sorted(sizes))
    counts = {key: _counts(population_margins[key], key) for key in labels}
    totals = {key: float(value.sum()) for key, value in counts.items()}
    first = next(iter(totals))
    for key, total in totals.items():
        if not np.isclose(total, totals[first], rtol=1e-9, atol=0):
            raise SurveyInputError(
                f"population margins differ in total: {first!r} adds up to {totals[first]:g}, {key!r} to {total:g}"
            )
    base = _start(design, sizes.pop(), population, counts[first], first)
    cells = {key: _cells(labels[key], counts[key], key) for key in labels}
    weights = base.weights
    limit = tol * totals[first]
    for sweep in range(1, int(max_iter) + 1):
        after = []
        for codes, targets in cells.values():
            sums = np.bincount(codes, weights=weights, minlength=targets.size)
            weights = weights * (targets / sums)[codes]
            after.append(weights)
        gap = max(
            np.abs(np.bincount(codes, weights=weights, minlength=targets.size) - targets).max()
            for codes, targets in cells.values()
        )
        if gap < limit:
            break
    else:
        raise SurveyInputError(
            f"raking on {', '.join(cells)} did not converge in {int(max_iter)} sweeps "
            f"(a margin is still {gap:.3g} units off); combine sparse categories or rake on fewer attributes"
        )
    ncells = " + ".join(str(targets.size) for _, targets in cells.values())
    step = CalibrationStep(
        kind="rake", cells=tuple(codes for codes, _ in cells.values()), weights=tuple(after),
        description=f"raked on {', '.join(cells)} ({ncells} cells, {sweep} sweeps)",
    )
    return SurveyDesign(weights=weights, population=base.population, steps=base.steps + (step,))


def trim_weights(design: SurveyDesign, *, lower=-np.inf, upper=np.inf, strict=True, recalibrate=False,
                 tol=1e-9, max_iter=1000) -> SurveyDesign:
    """Weights cut to ``[lower, upper]``, the excess shared by the untrimmed units.

    As R's ``trimWeights``: weights outside the bounds are set to the bound and the
    total trimmed off (or added) is spread equally over the other units, so the sum of
    the weights stays ``N``; with ``strict`` this is repeated until every weight is
    within the bounds.  The calibration margins then no longer hold exactly; the
    variance keeps the calibration steps (as R does).

    With ``recalibrate`` the design's post-stratification and raking are applied again
    to the trimmed weights, then trimmed again, and so on until every weight is within
    the bounds *and* every margin holds (trimmed raking; Izrael, Hoaglin & Battaglia
    2000).  The variance then treats the final weights as the calibrated weights of
    the same cells (not an R computation: R has no such function).

    Parameters
    ----------
    design : SurveyDesign
        Design whose weights are trimmed.
    lower, upper : float
        Bounds for a weight; ``len(w) * lower <= sum(w) <= len(w) * upper`` is required.
    strict : bool, default True
        Repeat until no weight is outside the bounds (R: ``strict = TRUE``).
    recalibrate : bool, default False
        Alternate trimming and calibration until both hold.
    tol : float, default 1e-9
        With ``recalibrate``: tolerance for the margins (relative to ``N``) and the
        bounds (relative to the bound).
    max_iter : int, default 1000
        With ``recalibrate``: largest number of trim-calibrate rounds.

    Returns
    -------
    SurveyDesign
        Design with trimmed weights and a ``"trim"`` step (none if nothing changed).

    Raises
    ------
    ValueError
        (:class:`~survey_inventory.errors.SurveyInputError`) when the bounds cannot
        hold with the weights' total, when there is nothing to re-calibrate, or when
        bounds and margins cannot be met together within ``max_iter`` rounds.

    References
    ----------
    Potter, F. J. (1990). A study of procedures to identify and trim extreme sampling
    weights. *Proceedings of the Survey Research Methods Section, ASA*, 225-230.

    Izrael, D., Hoaglin, D. C. & Battaglia, M. P. (2000). A SAS macro for balancing a
    weighted sample. *Proceedings of SUGI 25*, paper 258 (raking with weight caps).

    Lumley, T. (2010). *Complex Surveys: A Guide to Analysis Using R*. Wiley
    (R: ``trimWeights``).

    Examples
    --------
    >>> from survey_inventory.stats.weights import poststratify, trim_weights
    >>> d = poststratify(["s", "s", "s", "l"], {"s": 3, "l": 9})
    >>> trim_weights(d, upper=6).weights.tolist()
    [2.0, 2.0, 2.0, 6.0]

    Re-calibrated, the two size classes keep their population counts:

    >>> from survey_inventory.stats.weights import rake
    >>> margins = {"size": ["s", "s", "s", "l", "l"], "urban": ["y", "n", "n", "y", "n"]}
    >>> d = rake(margins, {"size": {"s": 12, "l": 8}, "urban": {"y": 12, "n": 8}})
    >>> d.weights.round(3).tolist()
    [6.422, 2.789, 2.789, 5.578, 2.422]
    >>> t = trim_weights(d, upper=6, recalibrate=True)
    >>> t.weights.round(3).tolist(), round(float(t.weights[:3].sum()), 6), round(float(t.weights[[0, 3]].sum()), 6)
    ([6.0, 3.0, 3.0, 6.0, 2.0], 12.0, 12.0)
    >>> t.scheme.split("; ")[1]
    'trimmed to [-inf, 6] and re-calibrated (115 rounds)'
    """
    lower, upper = float(lower), float(upper)
    total, n = design.weights.sum(), design.n
    if not (n * lower <= total * (1 + 1e-12) and total <= n * upper * (1 + 1e-12)) or lower > upper:
        raise SurveyInputError(
            f"weights cannot be trimmed to [{lower:g}, {upper:g}] keeping their total {total:g} over {n} units"
        )
    weights, changed = _trim(design.weights, lower, upper, strict or recalibrate)
    if not changed.any():
        return design
    text = f"trimmed to [{lower:g}, {upper:g}] ({int(changed.sum())} weights cut, total kept)"
    steps = design.steps
    if recalibrate:
        weights, rounds = _recalibrate(design, weights, lower, upper, tol, max_iter)
        steps = tuple(_with_final_weights(step, weights) for step in steps)
        text = f"trimmed to [{lower:g}, {upper:g}] and re-calibrated ({rounds} rounds)"
    step = CalibrationStep(kind="trim", description=text)
    return SurveyDesign(weights=weights, population=design.population, steps=steps + (step,))


def _trim(weights: np.ndarray, lower: float, upper: float, strict: bool) -> tuple[np.ndarray, np.ndarray]:
    """R's trimWeights: clip, share the difference equally over the units inside."""
    weights = weights.copy()
    changed = np.zeros(weights.size, dtype=bool)
    for _ in range(10_000):
        outside = (weights < lower) | (weights > upper)
        if not outside.any():
            break
        changed |= outside
        new = np.clip(weights, lower, upper)
        new[~outside] += (weights - new).sum() / (~outside).sum()
        weights = new
        if not strict:
            break
    return weights, changed


def _recalibrate(design: SurveyDesign, weights, lower, upper, tol, max_iter) -> tuple[np.ndarray, int]:
    """Alternate calibration to the design's cells and trimming until both hold."""
    targets = []
    for step in design.steps:
        if step.kind in ("poststratify", "rake"):
            final = step.weights[-1]
            targets += [(codes, np.bincount(codes, weights=final)) for codes in step.cells]
    if not targets:
        raise SurveyInputError("nothing to re-calibrate: the design has no post-stratification or raking")
    limit = tol * weights.sum()
    for rounds in range(1, int(max_iter) + 1):
        for codes, target in targets:
            weights = weights * (target / np.bincount(codes, weights=weights))[codes]
        gap = max(np.abs(np.bincount(codes, weights=weights) - target).max() for codes, target in targets)
        inside = (weights >= lower * (1 - tol) - tol).all() and (weights <= upper * (1 + tol) + tol).all()
        if inside and gap < limit:
            return np.clip(weights, lower, upper), rounds
        weights = _trim(weights, lower, upper, True)[0]
    raise SurveyInputError(
        f"weights cannot be kept within [{lower:g}, {upper:g}] and calibrated at once "
        f"(still {gap:.3g} units off after {int(max_iter)} rounds); widen the bounds"
    )


def _with_final_weights(step: CalibrationStep, weights: np.ndarray) -> CalibrationStep:
    """A calibration step whose variance uses the final (trimmed, re-calibrated) weights."""
    if step.kind not in ("poststratify", "rake"):
        return step
    old = weights if step.kind == "poststratify" else None
    return replace(step, weights=(weights,) * len(step.cells), old_weights=old)


def _labels(values, name: str) -> np.ndarray:
    """Respondents' categories as an object array, refusing missing ones."""
    labels = pd.Series(np.asarray(values, dtype=object).ravel())
    missing = labels.isna().to_numpy()
    if missing.any():
        raise SurveyInputError(f"{name} is missing for respondent at position {int(np.flatnonzero(missing)[0])}")
    return labels.to_numpy()


def _counts(counts, name: str) -> pd.Series:
    """Population counts per category as a float Series."""
    series = pd.Series(counts, dtype=float) if isinstance(counts, Mapping) else pd.Series(counts).astype(float)
    if series.index.has_duplicates:
        twice = series.index[series.index.duplicated()][0]
        raise SurveyInputError(f"{name}: population category {twice!r} appears twice")
    bad = series.isna() | (series < 0)
    if bad.any():
        raise SurveyInputError(f"{name}: population count of {series.index[bad.to_numpy()][0]!r} must be a number >= 0")
    return series


def _cells(labels: np.ndarray, counts: pd.Series, name: str) -> tuple[np.ndarray, np.ndarray]:
    """Cell codes per respondent and the population count per code."""
    unknown = pd.Index(pd.unique(labels)).difference(counts.index)
    if len(unknown):
        raise SurveyInputError(f"{name} {unknown[0]!r} of a respondent has no population count")
    seen = pd.Index(pd.unique(labels))
    empty = counts[(counts > 0) & ~counts.index.isin(seen)]
    if len(empty):
        raise SurveyInputError(
            f"{name} {empty.index[0]!r} has no respondents but {empty.iloc[0]:g} population units: "
            "merge it with another cell or leave the attribute out"
        )
    zero = counts[(counts == 0) & counts.index.isin(seen)]
    if len(zero):
        raise SurveyInputError(f"{name} {zero.index[0]!r} has respondents but a population count of 0")
    used = counts[counts.index.isin(seen)]
    codes = pd.Index(used.index).get_indexer(labels)
    return codes, used.to_numpy()


def _start(design, n: int, population, counts: pd.Series, name: str) -> SurveyDesign:
    """The design to calibrate, checked against the respondents and the counts."""
    total = float(counts.sum())
    if design is None:
        design = srs_design(n, population=total if population is None else population)
    elif design.n != n:
        raise SurveyInputError(f"{name}: {n} respondents given for a design of {design.n}")
    if design.population is not None and not np.isclose(total, design.population, rtol=1e-9, atol=0):
        raise SurveyInputError(
            f"{name}: population counts add up to {total:g}, the design's population is {design.population:g}"
        )
    return design
