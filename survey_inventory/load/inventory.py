"""Inventory: the collaborations studied and which types of party take part in them.

The codebook's ``inventory:`` names a CSV file (UTF-8, comma-separated, one row
per collaboration) with these columns:

``id``            unique key (letters, digits, ``_``)
``name``          the collaboration's name as the report prints it
``sector``        a sector id of the codebook
``region``        the area it covers (free text)
``legal_form``    a code of the codebook's ``inventory_legal_forms`` (any text when it
                  lists none); the bundled study's are ``stichting``, ``vereniging``,
                  ``vereniging_en_stichting``, ``onderdeel`` (no legal entity of its own)
                  or empty (the source does not say)
``founding_year`` a year, or empty
``members``       the number of affiliated employers/companies, or empty
``members_note``  what the number counts, in words
``report_table``  the report table that lists it, e.g. ``2.1`` (optional)
one column per party type of the codebook's ``inventory_parties``, ``x`` when that type takes part
``notes``         judgement calls made when the row was filled in (optional)

:func:`load_inventory` reads and checks the file (every error names the file,
row and column); :func:`participants_long` turns it into the tidy table behind
the report's participant matrices (tables 2.1, 4.1, 5.1 and 6.1 of the Bartels
report) (:mod:`survey_inventory.estimate.participants`).

The file's text is decoded by the loader's rules (:func:`~.text.decode_text`: UTF-8
with or without byte-order mark, UTF-16, or cp1252).

>>> from survey_inventory.codebook import load_codebook
>>> inv = load_inventory(load_codebook("codebooks/bartels-2025.yaml"))
>>> inv["sector"].value_counts().to_dict()
{'care': 6, 'green': 5, 'tech': 4, 'ict': 4}
"""
from __future__ import annotations

import io
import re
from pathlib import Path

import pandas as pd

from ..errors import SurveyInputError
from .text import decode_text

__all__ = ["INVENTORY_COLUMNS", "load_inventory", "inventory_path"]

INVENTORY_COLUMNS = ["id", "name", "sector", "region", "legal_form", "founding_year", "members", "members_note"]
_OPTIONAL = ["report_table", "notes"]
_TRUE, _FALSE = {"x", "X"}, {""}


def inventory_path(codebook) -> Path | None:
    """The inventory file the codebook points to (relative to the codebook), or None.

    Parameters
    ----------
    codebook : survey_inventory.codebook.Codebook

    Returns
    -------
    pathlib.Path or None

    Examples
    --------
    >>> from survey_inventory.codebook import load_codebook
    >>> inventory_path(load_codebook("codebooks/bartels-2025.yaml")).name
    'collaborations.csv'
    """
    return codebook.resolve(codebook.inventory) if codebook.inventory else None


def load_inventory(codebook, path=None) -> pd.DataFrame:
    """Read and check the inventory of collaborations.

    Parameters
    ----------
    codebook : survey_inventory.codebook.Codebook
        Its sectors are the valid ``sector`` values; its ``inventory`` names the file;
        its ``inventory_parties`` are the party columns, its ``inventory_legal_forms``
        the valid ``legal_form`` values.
    path : path-like, optional
        Read this file instead of the codebook's.

    Returns
    -------
    pandas.DataFrame
        One row per collaboration in file order: the columns of
        :data:`INVENTORY_COLUMNS` plus ``report_table``, ``notes``, one boolean
        column per party type and ``__row__`` (the row in the file, header = 1).
        ``founding_year`` and ``members`` are nullable integers.

    Raises
    ------
    SurveyInputError
        Naming file, row and column for a missing file or column, undecodable text,
        a duplicate id, an unknown sector or legal form, a year or count that is not
        a whole number, or a party cell that is neither ``x`` nor empty.

    Examples
    --------
    >>> from survey_inventory.codebook import load_codebook
    >>> inv = load_inventory(load_codebook("codebooks/bartels-2025.yaml"))
    >>> inv.set_index("id").loc["zorgpleinnoord", ["founding_year", "members", "gemeenten"]].tolist()
    [np.int64(2001), np.int64(300), np.True_]
    """
    path = Path(path) if path is not None else inventory_path(codebook)
    if path is None:
        raise SurveyInputError("the codebook names no inventory file (add 'inventory: <file.csv>')",
                               file=codebook.path)
    if not path.is_file():
        raise SurveyInputError("inventory file not found", file=path)
    text = decode_text(path)
    try:
        frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    except (ValueError, pd.errors.ParserError) as exc:
        raise SurveyInputError(f"cannot read the inventory as CSV: {str(exc).splitlines()[0]}", file=path) from None
    frame.columns = [str(c).strip() for c in frame.columns]
    parties = [p.id for p in codebook.inventory_parties]
    legal_forms = {f.code for f in codebook.inventory_legal_forms}
    for col in INVENTORY_COLUMNS + parties:
        if col not in frame.columns:
            raise SurveyInputError("the inventory lacks a column", file=path, column=col,
                                   expected="columns " + ", ".join(INVENTORY_COLUMNS) + " and one per party type")
    if frame.empty:
        raise SurveyInputError("the inventory has no rows", file=path)
    for col in _OPTIONAL:
        if col not in frame.columns:
            frame[col] = ""
    frame = frame.apply(lambda s: s.str.strip())
    frame.insert(0, "__row__", range(2, len(frame) + 2))
    sectors = {s.id for s in codebook.sectors}
    seen = set()
    for rec in frame.to_dict("records"):
        row = rec["__row__"]

        def bad(column, message, expected=None):
            raise SurveyInputError(message, file=path, row=row, column=column, value=rec[column], expected=expected)

        if not re.fullmatch(r"[A-Za-z0-9_]+", rec["id"]):
            bad("id", "an id is letters, digits and '_'")
        if rec["id"] in seen:
            bad("id", "this id is used twice")
        seen.add(rec["id"])
        if not rec["name"]:
            bad("name", "every collaboration needs a name")
        if rec["sector"] not in sectors:
            bad("sector", "unknown sector", expected=", ".join(sorted(sectors)))
        if legal_forms and rec["legal_form"] not in legal_forms:
            bad("legal_form", "unknown legal form (see the codebook's inventory_legal_forms)",
                expected=", ".join(k for k in legal_forms if k) + (" or empty" if "" in legal_forms else ""))
        for col in ("founding_year", "members"):
            if rec[col] and not rec[col].isdigit():
                bad(col, "not a whole number", expected="digits or empty")
        if rec["founding_year"] and not 1800 <= int(rec["founding_year"]) <= 2100:
            bad("founding_year", "not a plausible year", expected="a year like 2018")
        for col in parties:
            if rec[col] not in _TRUE | _FALSE:
                bad(col, "a party cell is 'x' (takes part) or empty", expected="x or empty")
    for col in ("founding_year", "members"):
        frame[col] = pd.array([int(v) if v else pd.NA for v in frame[col]], dtype="Int64")
    for col in parties:
        frame[col] = frame[col].isin(_TRUE)
    frame.attrs["path"] = str(path)
    return frame.reset_index(drop=True)
