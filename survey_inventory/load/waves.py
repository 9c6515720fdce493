"""Loading the waves of a follow-up study, and their answers on the shared codes.

Each wave is loaded as a study of its own with :func:`~survey_inventory.load.load_study`
on the wave's view of the codebook
(:func:`~survey_inventory.codebook.waves.wave_codebook`), so it is read, checked and
routed exactly as a one-wave study.  :func:`shared_answers` then puts a wave's valid
answers on the shared scales (the declared ``category_map``) and report categories,
one row per unit and item: the unit id (the sources' ``id_column``) links the waves.

>>> from survey_inventory.codebook import load_codebook
>>> cb = load_codebook("codebooks/bartels-2025-waves.yaml")          # doctest: +SKIP
>>> studies = load_waves(cb)                                         # doctest: +SKIP
>>> shared_answers(studies["w2"], cb, "w2").columns.tolist()         # doctest: +SKIP
['unit', 'respondent_type', 'item', 'code', 'category']
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..codebook.read import CodebookError
from ..codebook.waves import WaveComparisonError, check_follow_up, code_map, wave_codebook
from .study import Study, load_study

__all__ = ["SHARED_COLUMNS", "load_waves", "shared_answers", "code_key"]

#: Columns of :func:`shared_answers`.
SHARED_COLUMNS = ["unit", "respondent_type", "item", "code", "category"]


def code_key(code) -> str:
    """A code as text the same way whether the data held ``1``, ``1.0`` or ``"1"``.

    Parameters
    ----------
    code : int, float or str

    Returns
    -------
    str

    Examples
    --------
    >>> code_key(1.0), code_key(2), code_key("x"), code_key(2.5)
    ('1', '2', 'x', '2.5')
    """
    if isinstance(code, (float, np.floating)) and float(code).is_integer():
        return str(int(code))
    return str(code)


def load_waves(cb) -> dict[str, Study]:
    """Load every wave of a follow-up study.

    Parameters
    ----------
    cb : survey_inventory.codebook.Codebook
        A codebook with a ``follow_up`` section.

    Returns
    -------
    dict
        Wave id -> :class:`~survey_inventory.load.study.Study` (loaded with the
        wave's codebook view; ``study.codebook`` is that view).

    Raises
    ------
    CodebookError
        When the codebook has no waves or its ``follow_up`` section refers to
        something that does not exist (the first problem; one line).
    LoadError
        When a wave's source cannot be read.

    Examples
    --------
    >>> from survey_inventory.codebook import load_codebook
    >>> studies = load_waves(load_codebook("codebooks/bartels-2025-waves.yaml"))
    >>> {w: len(s.respondents) for w, s in studies.items()}
    {'w1': 45, 'w2': 45}
    """
    if cb.follow_up is None:
        raise CodebookError(f"{cb.path or 'the codebook'}: no follow_up section, so no waves to load")
    problems = check_follow_up(cb)
    if problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise CodebookError(f"{cb.path or 'the codebook'}: {problems[0]}{more}")
    return {w.id: load_study(wave_codebook(cb, w.id)) for w in cb.follow_up.waves}


def shared_answers(study: Study, cb, wave_id: str) -> pd.DataFrame:
    """A wave's valid answers on the shared codes and report categories.

    Parameters
    ----------
    study : Study
        The wave as :func:`load_waves` loaded it.
    cb : survey_inventory.codebook.Codebook
        The whole codebook (with ``follow_up``).
    wave_id : str

    Returns
    -------
    pandas.DataFrame
        Columns :data:`SHARED_COLUMNS`: one row per unit and item answered
        validly; ``code`` is the shared scale's code (text, see
        :func:`code_key`), ``category`` the shared report category id.  Items
        whose scale the wave replaced without a ``category_map`` are left out
        (:func:`~survey_inventory.codebook.waves.comparable` says why).

    Examples
    --------
    >>> from survey_inventory.datasets import load_example_waves
    >>> cb, waves = load_example_waves()
    >>> w2 = shared_answers(waves["w2"], cb, "w2")
    >>> sorted(w2.loc[w2["item"] == "care_involvement", "code"].unique())
    ['1', '2', '3', '4']
    """
    valid = study.responses[study.responses["status"] == "valid"]
    parts = []
    for item in cb.items:
        rows = valid[valid["item"] == item.id]
        if rows.empty:
            continue
        try:
            mapping = code_map(cb, wave_id, item.scale)
        except WaveComparisonError:
            continue
        to_category = {code_key(c): cat["id"] for cat in cb.report_categories(item) for c in cat["codes"]}
        codes = rows["code"].map(code_key).map(mapping)
        parts.append(pd.DataFrame({"unit": rows["respondent_id"].astype(str).to_numpy(),
                                   "respondent_type": rows["respondent_type"].astype(str).to_numpy(),
                                   "item": item.id, "code": codes.to_numpy(),
                                   "category": codes.map(to_category).to_numpy()}))
    if not parts:
        return pd.DataFrame(columns=SHARED_COLUMNS)
    return pd.concat(parts, ignore_index=True)[SHARED_COLUMNS]
