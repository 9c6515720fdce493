"""Reading an SPSS data file (``.sav``) with its value labels."""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from .schema import LoadError

__all__ = ["read_sav"]


def read_sav(path: Path, source=None) -> pd.DataFrame:
    """The cells of an SPSS file, user-missing values kept as their codes.

    Parameters
    ----------
    path : path-like
        The ``.sav`` file (opened read-only).
    source : survey_inventory.codebook.Source, optional
        Not used (an SPSS file has one table and names its own columns); accepted so
        that every reader is called the same way.

    Returns
    -------
    pandas.DataFrame
        Object columns of the raw values (codes, not labels);
        ``attrs["value_labels"]`` maps column -> {code: label} and
        ``attrs["variable_labels"]`` column -> its label.

    Raises
    ------
    LoadError
        For a file pyreadstat cannot read (empty, cut short, not an SPSS file), naming
        the file and pyreadstat's reason.

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> import pandas as pd, pyreadstat
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = Path(folder) / "data.sav"
    ...     pyreadstat.write_sav(pd.DataFrame({"id": ["p1", "p2"], "fam": [1.0, 9.0]}), str(path),
    ...                          variable_value_labels={"fam": {1: "Goed", 9: "Geen antwoord"}},
    ...                          missing_ranges={"fam": [9]})
    ...     frame = read_sav(path)
    >>> frame["fam"].tolist(), frame.attrs["value_labels"]["fam"][1]
    ([1.0, 9.0], 'Goed')
    """
    import pyreadstat

    try:
        frame, meta = pyreadstat.read_sav(str(path), user_missing=True, apply_value_formats=False)
    except (pyreadstat.ReadstatError, pyreadstat.PyreadstatError) as exc:  # neither is an OSError/ValueError
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise LoadError(f"not a readable SPSS file ({reason}); is it a complete .sav or .zsav?", file=path) from None
    frame.attrs["value_labels"] = {
        col: meta.value_labels.get(name, {}) for col, name in meta.variable_to_label.items()
    }
    frame.attrs["variable_labels"] = dict(zip(meta.column_names, meta.column_labels))
    return frame.astype(object)
