"""A one-stage sampling design with calibrated weights, and its linearisation variance.

A respondent type is treated as a simple random sample of ``n`` units from a frame of
``N`` (design weight ``N/n``, finite population correction ``1 - n/N``), as R's
``svydesign(ids = ~1, fpc = ~N)``.  Calibration (:mod:`survey_inventory.stats.weights`)
changes the weights and records each step, because the variance of a calibrated
estimator is computed from residuals of its influence values on the calibration cells
(Deville & Särndal 1992; Lumley 2010, ch. 7).  :func:`design_variance` reproduces R
``survey``'s ``svyrecvar`` for this design, step by step:

* post-stratification: ``x_i - w_i * mean_h(x/w)``, the mean over post-stratum ``h``
  weighted by the weights before the step;
* raking: ten sweeps of the same over each margin (with unweighted cell means, as R);
* then the one-stage SRS variance ``(1 - n/N) * n/(n - 1) * sum (x_i - xbar)^2``.

A :class:`SurveyDesign` is immutable; the calibration functions return new ones.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from survey_inventory.errors import SurveyInputError

__all__ = ["CalibrationStep", "SurveyDesign", "srs_design", "design_variance"]

#: Backfitting sweeps R's ``svyrecvar`` uses for a raked design (a fixed number, not a
#: convergence criterion); kept so that the variances equal R's.
RAKING_VARIANCE_SWEEPS = 10


@dataclass(frozen=True)
class CalibrationStep:
    """One calibration step as the variance needs it.

    Attributes
    ----------
    kind : str
        ``"poststratify"``, ``"rake"`` or ``"trim"``.
    cells : tuple of numpy.ndarray
        Integer cell codes per unit: one array for post-stratification, one per
        margin for raking, none for trimming.
    weights : tuple of numpy.ndarray
        The weights right after each cell array's (last) adjustment.
    old_weights : numpy.ndarray or None
        Post-stratification: the weights before the step.
    description : str
        One line for a manifest, e.g. ``"post-stratified on size (3 cells)"``.
    """

    kind: str
    cells: tuple = ()
    weights: tuple = ()
    old_weights: np.ndarray | None = None
    description: str = ""


@dataclass(frozen=True)
class SurveyDesign:
    """Respondents of one type as a simple random sample, with (calibrated) weights.

    Attributes
    ----------
    weights : numpy.ndarray
        Final weight of each respondent (sum: ``N`` after calibration).
    population : float or None
        Population (frame) size ``N`` for the finite population correction; None: no
        correction (R's ``probs = 1``).
    steps : tuple of CalibrationStep
        Calibration and trimming steps in the order applied.
    """

    weights: np.ndarray
    population: float | None = None
    steps: tuple = field(default_factory=tuple)

    @property
    def n(self) -> int:
        """Number of respondents (sampled units)."""
        return int(self.weights.size)

    @property
    def calibrated(self) -> bool:
        """True after post-stratification or raking (R: ``is.calibrated``)."""
        return any(step.kind in ("poststratify", "rake") for step in self.steps)

    @property
    def scheme(self) -> str:
        """The weighting scheme in words, for a manifest or a report note."""
        if not self.steps:
            fpc = f"N={self.population:g}" if self.population is not None else "no fpc"
            return f"design weights only (simple random sample, {fpc})"
        return "; ".join(step.description for step in self.steps)

    def weight_range(self) -> tuple[float, float]:
        """Smallest and largest weight."""
        return float(self.weights.min()), float(self.weights.max())


def srs_design(n, population=None) -> SurveyDesign:
    """Design of a simple random sample of ``n`` respondents from ``population`` units.

    Parameters
    ----------
    n : int
        Number of respondents, at least 2.
    population : int or float, optional
        Population size ``N >= n``; None (or ``inf``): no finite population correction,
        and weights 1 (as R's ``svydesign(ids = ~1, probs = ~1)``).

    Returns
    -------
    SurveyDesign
        Weights ``N/n`` (or 1), no calibration steps.

    Raises
    ------
    ValueError
        (:class:`~survey_inventory.errors.SurveyInputError`) for ``n < 2`` or ``N < n``.

    References
    ----------
    Särndal, C.-E., Swensson, B. & Wretman, J. (1992). *Model Assisted Survey
    Sampling*. Springer, chapter 3 (simple random sampling without replacement).

    Examples
    --------
    >>> from survey_inventory.stats.design import srs_design
    >>> d = srs_design(4, population=10)
    >>> d.weights.tolist(), d.scheme
    ([2.5, 2.5, 2.5, 2.5], 'design weights only (simple random sample, N=10)')
    """
    n = _count(n, "n")
    if n < 2:
        raise SurveyInputError("a design needs at least 2 respondents", value=n)
    if population is not None:
        population = float(population)
        if np.isinf(population):
            population = None
        elif np.isnan(population) or population < n:
            raise SurveyInputError("population must be a number at least n", value=population, expected=f">= {n}")
    weight = 1.0 if population is None else population / n
    return SurveyDesign(weights=np.full(n, weight), population=population)


def design_variance(x, design: SurveyDesign) -> np.ndarray:
    """Linearisation variance of a total with influence values ``x`` (R's ``svyrecvar``).

    Parameters
    ----------
    x : array_like, shape (n,) or (n, k)
        Weighted influence values of the respondents (e.g. ``w_i y_i`` for a total,
        ``w_i (y_i - ybar)/sum(w)`` for a mean); 0 outside a domain.
    design : SurveyDesign
        The design, with its calibration steps.

    Returns
    -------
    numpy.ndarray
        Variance (a scalar array for 1-D ``x``) or the ``k x k`` covariance matrix.

    References
    ----------
    Deville, J.-C. & Särndal, C.-E. (1992). Calibration estimators in survey sampling.
    *JASA* 87, 376-382.

    Lumley, T. (2010). *Complex Surveys: A Guide to Analysis Using R*. Wiley,
    chapters 2 (simple random sampling) and 7 (post-stratification, raking, calibration).

    Examples
    --------
    The variance of a total under simple random sampling, ``N^2 (1 - f) s^2/n``:

    >>> import numpy as np
    >>> from survey_inventory.stats.design import srs_design, design_variance
    >>> d = srs_design(4, population=10)
    >>> y = np.array([1.0, 0.0, 1.0, 1.0])
    >>> round(float(design_variance(d.weights * y, d)), 6)
    3.75
    >>> round(float(10**2 * (1 - 4 / 10) * np.var(y, ddof=1) / 4), 6)
    3.75
    """
    x = np.asarray(x, dtype=float)
    one = x.ndim == 1
    x = x.reshape(design.n, -1)
    x = _residualise(x, design)
    f = 1.0 if design.population is None else (design.population - design.n) / design.population
    n = design.n
    scale = f * n / (n - 1)
    centred = x - x.mean(axis=0)
    out = scale * centred.T @ centred
    return out[0, 0] if one else out


def _residualise(x: np.ndarray, design: SurveyDesign) -> np.ndarray:
    """Influence values minus their projection on the calibration cells (R's order)."""
    for step in design.steps:
        if step.kind == "poststratify":
            cells, psw, oldw = step.cells[0], step.weights[0].copy(), step.old_weights
            psw[(psw == 0) & (oldw == 0)] = 1.0
            sums = _cell_sums(cells, x * (oldw / psw)[:, None])
            means = sums / np.bincount(cells, weights=oldw)[:, None]
            x = x - means[cells] * psw[:, None]
        elif step.kind == "rake":
            for _ in range(RAKING_VARIANCE_SWEEPS):
                for cells, psw in zip(step.cells, step.weights):
                    sums = _cell_sums(cells, x / psw[:, None])
                    means = sums / np.bincount(cells)[:, None]
                    x = x - means[cells] * psw[:, None]
    return x


def _cell_sums(cells: np.ndarray, x: np.ndarray) -> np.ndarray:
    """Column sums of ``x`` within each cell code."""
    out = np.zeros((int(cells.max()) + 1, x.shape[1]))
    np.add.at(out, cells, x)
    return out


def _count(value, name: str) -> int:
    """A non-negative whole number."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise SurveyInputError(f"{name} must be a whole number", value=value) from None
    if np.isnan(number) or number < 0 or number != int(number):
        raise SurveyInputError(f"{name} must be a non-negative whole number", value=value)
    return int(number)
