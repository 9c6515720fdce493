"""Counts: the one pass over the tidy table that estimation needs, and how counts add up.

:func:`count_responses` tallies a tidy table (or a piece of one) on integer codes, in
chunks, without copying it: per (item, respondent type) the rows (``sample_n``), the
answers where the question was asked (``asked_n``: valid, missing or invalid) and the
missing ones (``item_missing_n``); per code, the valid answers. Counts of disjoint
pieces of a study add up (``a + b``), so a study that does not fit in memory is counted
piece by piece (:mod:`survey_inventory.load.stream`) and
:func:`~survey_inventory.estimate.distributions` gives the same table from the sum as
from the whole tidy table.

>>> import pandas as pd
>>> tidy = pd.DataFrame({"respondent_type": "province", "item": "q1",
...                      "status": ["valid", "valid", "missing"], "code": [1.0, 2.0, None]})
>>> c = count_responses(tidy) + count_responses(tidy.iloc[:1])
>>> c.sizes[("q1", "province")].tolist(), c.codes[("q1", "province")]
([4, 4, 1], {1.0: 2, 2.0: 1})
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..load.tidy import column_codes

__all__ = ["ResponseCounts", "count_responses", "ESTIMATE_COLUMNS"]

#: The tidy table's columns the estimates read (:func:`~survey_inventory.estimate.distributions`,
#: the comparisons, the weighted distributions). Once the study is validated the other columns
#: (``source, file, row, column, sector, measure, raw, label, category, category_label``: some
#: 500 MB at 10^6 respondents x 40 items) can be let go: ``study.responses[ESTIMATE_COLUMNS]``.
ESTIMATE_COLUMNS = ["respondent_id", "respondent_type", "item", "status", "code"]

#: Rows per chunk of :func:`count_responses` (bounds its temporary arrays to some 80 MB).
CHUNK_ROWS = 1 << 20


@dataclass
class ResponseCounts:
    """What :func:`~survey_inventory.estimate.distributions` needs of the tidy table.

    Attributes
    ----------
    sizes : dict
        ``(item, respondent_type)`` -> int64 array ``[sample_n, asked_n, item_missing_n]``.
    codes : dict
        ``(item, respondent_type)`` -> ``{code: number of valid answers}``.
    """
    sizes: dict = field(default_factory=dict)
    codes: dict = field(default_factory=dict)

    def __add__(self, other: "ResponseCounts") -> "ResponseCounts":
        """The counts of two disjoint pieces of a study together."""
        if not isinstance(other, ResponseCounts):
            return NotImplemented
        sizes = {k: v.copy() for k, v in self.sizes.items()}
        codes = {k: dict(v) for k, v in self.codes.items()}
        for key, size in other.sizes.items():
            sizes[key] = sizes[key] + size if key in sizes else size.copy()
        for key, by_code in other.codes.items():
            mine = codes.setdefault(key, {})
            for code, n in by_code.items():
                mine[code] = mine.get(code, 0) + n
        return ResponseCounts(sizes, codes)

    def size(self, item_id, type_id):
        """``{"sample_n", "asked_n", "item_missing_n"}`` of a pair, or None when it has no rows.

        Examples
        --------
        >>> ResponseCounts({("q1", "fund"): np.array([3, 2, 1])}).size("q1", "fund")["asked_n"]
        2
        """
        size = self.sizes.get((item_id, type_id))
        if size is None or not size[0]:
            return None
        return {"sample_n": int(size[0]), "asked_n": int(size[1]), "item_missing_n": int(size[2])}

    def count(self, item_id, type_id, code) -> int:
        """Valid answers with ``code`` of a pair (0 when none).

        Examples
        --------
        >>> ResponseCounts(codes={("q1", "fund"): {1.0: 5}}).count("q1", "fund", 1)
        5
        """
        return int(self.codes.get((item_id, type_id), {}).get(code, 0))


def _factor(column: pd.Series) -> tuple[np.ndarray, list[str]]:
    """Integer codes of a column's values as text (-1 for missing) and the texts:
    categorical codes as they are, anything else factorised."""
    codes, values = column_codes(column)  # a categorical's own codes, not a copy
    names = [str(v) for v in values]
    unique = list(dict.fromkeys(names))
    if len(unique) < len(names):  # values that print alike (1 and "1") are one group
        position = {name: k for k, name in enumerate(unique)}
        codes = np.array([position[name] for name in names] + [-1])[codes]
    return np.asarray(codes), unique


def count_responses(responses: pd.DataFrame) -> ResponseCounts:
    """Count a tidy table (columns ``item, respondent_type, status, code``).

    Rows without item or respondent type are not counted; the item and type are
    taken as text (``1`` and ``"1"`` are one).

    Parameters
    ----------
    responses : pandas.DataFrame
        The tidy table of :mod:`survey_inventory.load`, or any piece of it.

    Returns
    -------
    ResponseCounts

    Examples
    --------
    >>> tidy = pd.DataFrame({"respondent_type": ["fund"] * 3, "item": "q1",
    ...                      "status": ["valid", "not_asked", "invalid"], "code": [1.0, None, None]})
    >>> count_responses(tidy).size("q1", "fund")
    {'sample_n': 3, 'asked_n': 2, 'item_missing_n': 0}
    """
    item_codes, items = _factor(responses["item"])
    type_codes, types = _factor(responses["respondent_type"])
    status_codes, statuses = _factor(responses["status"])
    code = responses["code"].to_numpy()
    n_types = max(len(types), 1)
    n_pairs = len(items) * n_types

    def flag(names):  # per status code, and False for a missing status (code -1)
        return np.array([s in names for s in statuses] + [False], dtype=bool)

    asked_f, missing_f, valid_f = flag({"valid", "missing", "invalid"}), flag({"missing"}), flag({"valid"})
    sample = np.zeros(n_pairs, dtype=np.int64)
    asked = np.zeros(n_pairs, dtype=np.int64)
    missing = np.zeros(n_pairs, dtype=np.int64)
    code_counts: dict = {}
    for start in range(0, len(responses), CHUNK_ROWS):
        part = slice(start, start + CHUNK_ROWS)
        i, t, s = item_codes[part], type_codes[part], status_codes[part]
        ok = (i >= 0) & (t >= 0)
        pair = i.astype(np.int64) * n_types + t
        in_pair, status = pair[ok], s[ok]
        sample += np.bincount(in_pair, minlength=n_pairs)
        asked += np.bincount(in_pair[asked_f[status]], minlength=n_pairs)
        missing += np.bincount(in_pair[missing_f[status]], minlength=n_pairs)
        valid = ok & valid_f[s]
        values, distinct = pd.factorize(code[part][valid], use_na_sentinel=True)
        if len(distinct) == 0:
            continue
        known = values >= 0
        table = np.bincount(pair[valid][known] * len(distinct) + values[known],
                            minlength=n_pairs * len(distinct)).reshape(n_pairs, len(distinct))
        for j, value in enumerate(distinct):
            code_counts[value] = code_counts.get(value, 0) + table[:, j]
    sizes, codes = {}, {}
    for k in range(n_pairs):
        if not sample[k]:
            continue
        key = (items[k // n_types], types[k % n_types])
        sizes[key] = np.array([sample[k], asked[k], missing[k]], dtype=np.int64)
        codes[key] = {(value.item() if isinstance(value, np.generic) else value): int(n[k])
                      for value, n in code_counts.items() if n[k]}
    return ResponseCounts(sizes, codes)
