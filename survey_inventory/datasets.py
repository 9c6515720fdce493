"""The bundled example studies, ready to use: for examples, tutorials and first steps.

Like seaborn's ``load_dataset``, one call gives an analyst (and every docstring example of
the package) a codebook, its loaded study and the study's distributions, without spelling
out the pipeline each time.

>>> from survey_inventory.datasets import load_example
>>> cb, study, dist = load_example()
>>> cb.study.id, len(study.responses) > 0, sorted(dist["respondent_type"].unique())[:1]
('bartels-2025', True, ['amr'])
"""
from __future__ import annotations

import functools
from pathlib import Path
from typing import NamedTuple

import pandas as pd

from .codebook import Codebook, load_codebook
from .estimate import distributions
from .load import Study, load_study
from .load.waves import load_waves
from .render.tables import DisplayTable

__all__ = ["EXAMPLES", "Example", "example_path", "example_table", "load_example", "load_example_waves"]

#: The bundled studies (``codebooks/<name>.yaml``).
EXAMPLES = ("bartels-2025", "bartels-2025-waves", "llo-2026")


class Example(NamedTuple):
    """A bundled study: its codebook, the loaded study and its distributions (percentages)."""

    codebook: Codebook
    study: Study
    dist: pd.DataFrame


def example_path(name: str = "bartels-2025") -> Path:
    """The codebook file of a bundled study.

    Parameters
    ----------
    name : str
        One of :data:`EXAMPLES`.

    Returns
    -------
    pathlib.Path
        ``codebooks/<name>.yaml`` beside the package (a source checkout).

    Examples
    --------
    >>> example_path().name
    'bartels-2025.yaml'
    """
    if name not in EXAMPLES:
        raise ValueError(f"no bundled study {name!r}; choose one of {', '.join(EXAMPLES)}")
    return Path(__file__).resolve().parents[1] / "codebooks" / f"{name}.yaml"


def load_example(name: str = "bartels-2025") -> Example:
    """Codebook, study and distributions (default options) of a bundled study.

    The result is read once per process and shared; the distributions are a fresh copy
    at every call, so changing them changes nothing for the next caller.

    Parameters
    ----------
    name : str
        One of :data:`EXAMPLES`; by default the study every docstring example of the package uses.

    Returns
    -------
    Example
        ``(codebook, study, dist)``; ``dist`` as :func:`survey_inventory.estimate.distributions`
        returns it.

    Examples
    --------
    >>> cb, study, dist = load_example()
    >>> dist.query("figure == '2.6'")["percent"].tolist()
    [46, 23, 19, 12]
    """
    codebook, study, dist = _load(name)
    return Example(codebook, study, dist.copy())


@functools.lru_cache(maxsize=None)
def _load(name: str) -> tuple[Codebook, Study, pd.DataFrame]:
    codebook = load_codebook(example_path(name))
    study = load_study(codebook)
    return codebook, study, distributions(study.responses, codebook)


def load_example_waves(name: str = "bartels-2025-waves") -> tuple[Codebook, dict[str, Study]]:
    """Codebook and waves of a bundled follow-up study, for the follow-up estimates' examples.

    Read once per process and shared, as :func:`load_example`; the dict is a fresh copy.

    Parameters
    ----------
    name : str
        A study of :data:`EXAMPLES` whose codebook has a ``follow_up`` section.

    Returns
    -------
    (Codebook, dict)
        The codebook, and wave id -> its loaded study, as
        :func:`survey_inventory.load.waves.load_waves` returns them.

    Examples
    --------
    >>> cb, waves = load_example_waves()
    >>> sorted(waves), cb.study.id
    (['w1', 'w2'], 'bartels-2025-waves')
    """
    codebook, waves = _load_waves(name)
    return codebook, dict(waves)


@functools.lru_cache(maxsize=None)
def _load_waves(name: str) -> tuple[Codebook, dict[str, Study]]:
    codebook = load_codebook(example_path(name))
    return codebook, load_waves(codebook)


def example_table() -> DisplayTable:
    """A one-row display table with a caption and a note, for the table writers' examples.

    Returns
    -------
    DisplayTable
        Table 9.9: one category, 33.3 % printed as a whole percent, one note.

    Examples
    --------
    >>> table = example_table()
    >>> table.caption, table.frame.values.tolist(), table.formats, table.notes
    ('Tabel 9.9 Voorbeeld', [['Goed', 33.3]], {'%': 'pct0'}, ['Een noot.'])
    """
    return DisplayTable("t", "9.9", "Tabel 9.9 Voorbeeld", pd.DataFrame({"Categorie": ["Goed"], "%": [33.3]}),
                        {"%": "pct0"}, notes=["Een noot."])
