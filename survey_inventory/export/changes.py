"""The "what changed" section of a follow-up report, as paragraphs of text.

:func:`what_changed` names **only** the changes whose interval excludes zero and
says plainly that the rest are within what chance produces with these bases; a
reader never sees a point estimate of a change presented as real when its
interval reaches both sides of zero.  The heading is ``say("what_changed", lang)``.
The Word and HTML writers print the paragraphs as they are.

>>> import pandas as pd
>>> from survey_inventory.datasets import load_example
>>> cb, study, dist = load_example()
>>> ch = pd.DataFrame({"item": "care_familiarity", "respondent_type": "amr", "wave_from": "w1", "wave_to": "w2",
...                    "sector": "care", "measure": "familiarity", "category": ["good", "poor"],
...                    "category_label": ["(Zeer) goed", "(Zeer) slecht"], "percent_from": [40.0, 20.0],
...                    "percent_to": [60.0, 15.0], "change": [20.0, -5.0], "ci_lower": [8.0, -12.0],
...                    "ci_upper": [31.0, 3.0]})
>>> for p in what_changed(ch, cb, {"w1": "2025", "w2": "2026"}, "en"):
...     print(p)
Between 2025 and 2026, 1 of the 2 percentages changed with a 95% confidence interval that excludes zero:
(Zeer) goed (Familiarity, care and welfare, labour-market regions): from 40% to 60%, +20 percentage points (interval +8 to +31).
The other 1 changes are within what chance produces with these numbers of respondents; they are no sign of a real change.
"""
from __future__ import annotations

import pandas as pd

from ..phrases import say
from ..render.format import fmt_pct

__all__ = ["real_changes", "what_changed"]


def real_changes(changes: pd.DataFrame) -> pd.Series:
    """Which rows' interval excludes zero (both limits on the same side of it).

    Parameters
    ----------
    changes : pandas.DataFrame
        ``changes.csv`` rows.

    Returns
    -------
    pandas.Series of bool
        False where a limit is missing.

    Examples
    --------
    >>> real_changes(pd.DataFrame({"ci_lower": [1.0, -3.0, 0.0, None], "ci_upper": [5.0, 2.0, 4.0, 1.0]})).tolist()
    [True, False, False, False]
    """
    return ((changes["ci_lower"] > 0) | (changes["ci_upper"] < 0)).fillna(False).astype(bool)


def _points(value: float, lang: str) -> str:
    text = fmt_pct(abs(value), lang).rstrip("%")
    return ("+" if value > 0 else "−" if value < 0 else "") + text


def what_changed(changes: pd.DataFrame, codebook, wave_labels: dict, lang: str | None = None,
                 level: float = 0.95) -> list[str]:
    """Paragraphs naming the changes whose interval excludes zero, per pair of waves.

    Parameters
    ----------
    changes : pandas.DataFrame
        ``changes.csv`` rows (:func:`~survey_inventory.estimate.changes.wave_changes`).
    codebook : survey_inventory.codebook.Codebook
    wave_labels : dict
        Wave id -> label for readers.
    lang : str, optional
        Default: the study's language.
    level : float, default 0.95
        The intervals' level, as the text names it.

    Returns
    -------
    list of str
        Per pair of waves: an opening sentence, one paragraph per change whose
        interval excludes zero, and a sentence that the rest are within chance
        (or one sentence saying that no change is beyond chance).

    Examples
    --------
    >>> from survey_inventory.datasets import load_example
    >>> cb, study, dist = load_example()
    >>> ch = pd.DataFrame({"item": "care_familiarity", "respondent_type": "amr", "wave_from": "w1",
    ...                    "wave_to": "w2", "sector": "care", "measure": "familiarity", "category": ["good"],
    ...                    "category_label": ["(Zeer) goed"], "percent_from": [40.0], "percent_to": [45.0],
    ...                    "change": [5.0], "ci_lower": [-4.0], "ci_upper": [14.0]})
    >>> what_changed(ch, cb, {"w1": "2025", "w2": "2026"})[0][:60]
    'Tussen 2025 en 2026 heeft geen van de 1 veranderingen een 95'
    """
    lang = lang or codebook.study.language
    out = []
    pct = f"{100 * level:g}"
    for (wave_from, wave_to), rows in changes.groupby(["wave_from", "wave_to"], sort=False):
        names = {"wave_from": wave_labels.get(wave_from, wave_from), "wave_to": wave_labels.get(wave_to, wave_to)}
        real = rows[real_changes(rows)]
        if real.empty:
            out.append(say("what_changed_none", lang, n_cells=len(rows), level=pct, **names))
            continue
        out.append(say("what_changed_intro", lang, n_real=len(real), n_cells=len(rows), level=pct, **names))
        for r in real.itertuples(index=False):
            out.append(say("what_changed_item", lang, category=r.category_label,
                           measure=codebook.label(codebook.measure(r.measure).label, lang),
                           sector=codebook.label(codebook.sector(r.sector).label, lang) if r.sector else "",
                           types=codebook.label(codebook.respondent_type(r.respondent_type).label, lang),
                           p_from=fmt_pct(r.percent_from, lang).rstrip("%"),
                           p_to=fmt_pct(r.percent_to, lang).rstrip("%"), change=_points(r.change, lang),
                           lower=_points(r.ci_lower, lang), upper=_points(r.ci_upper, lang)))
        if len(rows) > len(real):
            out.append(say("what_changed_rest", lang, n_rest=len(rows) - len(real)))
    return out
