"""The tidy table as the tests of :mod:`.comparisons` need it, and their result rows.

Private to :mod:`survey_inventory.estimate.comparisons`: :class:`_Tidy` reduces the
tidy table to integer codes once and splits it by item (cheap for millions of rows);
:meth:`_Tidy.answers` gives one item's answers as positions on its scale. The row
builders turn a statistic's one-row result into a row of ``comparisons.csv`` with
its stratum, notes, Holm adjustment and labels.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..errors import SurveyInputError
from ..load.tidy import column_codes
from .counts import ESTIMATE_COLUMNS
from ..phrases import say
from ..stats.multiplicity import holm


#: The notes of ``comparisons.csv`` are in English whatever the study's language
#: (as they were before the phrase catalogue; a Dutch note would change the file).
NOTE_LANG = "en"


def _note(key: str, **fields) -> str:
    return say(key, NOTE_LANG, **fields)


def _join(*notes) -> str:
    return "; ".join(n for n in notes if n)


def _key(c):
    """A code as a dictionary key: numbers as float (the tidy table's codes are float), text as str."""
    if isinstance(c, str):
        return c
    try:
        return float(c)
    except (TypeError, ValueError):
        return str(c)


def _map_codes(codes, lookup: dict, distinct=None) -> np.ndarray:
    """``lookup[code]`` for every code (NaN where absent), vectorised for numeric codes; ``codes`` may
    be positions in ``distinct`` (numeric codes factorised once, -1 for missing)."""
    if distinct is not None:
        numeric = {k: v for k, v in lookup.items() if isinstance(k, float)}
        return np.array([numeric.get(float(c), np.nan) for c in distinct] + [np.nan], dtype=float)[codes]
    if pd.api.types.is_numeric_dtype(codes.dtype) and not pd.api.types.is_bool_dtype(codes.dtype):
        numeric = {k: v for k, v in lookup.items() if isinstance(k, float)}
        # once per distinct code, spread to the rows by integer position (no per-row dict lookups)
        position, distinct = pd.factorize(codes.to_numpy(dtype=float, na_value=np.nan), use_na_sentinel=True)
        per_code = np.array([numeric.get(float(c), np.nan) for c in distinct] + [np.nan], dtype=float)
        return per_code[position]
    return np.array([np.nan if (not isinstance(v, str) and pd.isna(v)) else lookup.get(_key(v), lookup.get(str(v), np.nan))
                     for v in codes], dtype=float)


def _code_lookup(codes, values) -> dict:
    out = {}
    for c, v in zip(codes, values):
        out[_key(c)] = float(v)
        out[str(c)] = float(v)
    return out


@dataclass
class _Answers:
    """One item's answers: respondent index, respondent type (index into
    ``_Tidy.types``), status flags and the position of the code among the scale's
    substantive codes (1..K; NaN if not a valid substantive answer)."""

    rid: np.ndarray
    rtype: np.ndarray
    valid: np.ndarray
    not_asked: np.ndarray
    code: object  # pd.Series of the codes, or positions in _Tidy.distinct (numeric codes)
    pos: np.ndarray
    k: int


_CHUNK = 1 << 20  # rows at a time where a whole-table temporary would otherwise be made


class _Tidy:
    """The tidy table as integer codes, and where each item's rows are (cheap for millions of rows).

    Nothing table-long is made: the categorical columns' own codes are used as they are (views,
    :func:`~survey_inventory.load.tidy.column_codes`), an item's rows are kept as runs of
    consecutive rows (the loader writes an item's rows together), and its status flags and code
    positions are worked out when :meth:`answers` asks for that item. The code positions are kept
    (one byte a row where there are fewer than 127 distinct codes): the comparisons ask for each
    item's answers several times (280 times for the 40 items of 10^6 respondents x 20 sectors),
    and finding the positions again was a sixth of their time.
    """

    def __init__(self, responses: pd.DataFrame, codebook, categories: str = "scale"):
        if categories not in ("scale", "report"):
            raise SurveyInputError(f"categories must be 'scale' or 'report', not {categories!r}")
        self.categories = categories
        absent = set(ESTIMATE_COLUMNS) - set(responses.columns)
        if absent:
            raise SurveyInputError(f"the responses table lacks column(s) {sorted(absent)}")
        self.codebook = codebook
        self.rid = column_codes(responses["respondent_id"])[0]
        self.rtype, rt_uniques = column_codes(responses["respondent_type"])
        self.types = {str(u): j for j, u in enumerate(rt_uniques)}
        self.status, st_uniques = column_codes(responses["status"])
        statuses = {str(u): j for j, u in enumerate(st_uniques)}
        self._valid, self._not_asked = statuses.get("valid", -2), statuses.get("not_asked", -2)
        code = responses["code"]
        self.code, self.distinct = code.reset_index(drop=True), None
        if pd.api.types.is_numeric_dtype(code.dtype) and not pd.api.types.is_bool_dtype(code.dtype):
            # numeric codes as positions among the few distinct ones (per item, in answers())
            self.code = code.to_numpy(dtype=float, na_value=np.nan)  # the column itself for float64
            found = [pd.unique(self.code[start:start + _CHUNK]) for start in range(0, len(self.code), _CHUNK)]
            distinct = np.unique(np.concatenate(found)) if found else np.zeros(0)
            self.distinct = distinct[~np.isnan(distinct)]
        self._code_positions: dict = {}
        item_codes, item_uniques = column_codes(responses["item"])
        self.positions = {str(u): rows for u, rows in zip(item_uniques, _rows_by_code(item_codes, len(item_uniques)))}

    def map_codes(self, code, lookup: dict) -> np.ndarray:
        """``lookup[code]`` for an item's codes (:attr:`_Answers.code`), NaN where absent."""
        return _map_codes(code, lookup, self.distinct)

    def type_code(self, type_id: str) -> int:
        return self.types.get(type_id, -2)

    def answers(self, item) -> _Answers:
        scale = self.codebook.scale(item.scale)
        if self.categories == "report" and item.report_collapse:
            groups = [g for g in self.codebook.report_categories(item) if g["substantive"]]
            subs = [c for g in groups for c in g["codes"]]
            where = [k for k, g in enumerate(groups, start=1) for _ in g["codes"]]
        else:
            subs = [c.code for c in scale.codes if c.substantive]
            where = range(1, len(subs) + 1)
        k = max(where, default=0)
        rows = self.positions.get(item.id)
        pos = rows() if rows is not None else np.array([], dtype=np.int64)
        if self.distinct is None:
            code = self.code.iloc[pos]
        elif item.id in self._code_positions:
            code = self._code_positions[item.id]
        else:
            values = self.code[pos]
            small = np.int8 if len(self.distinct) < 127 else np.int64
            code = np.where(np.isnan(values), -1, np.searchsorted(self.distinct, values)).astype(small)
            code.flags.writeable = False        # shared by every later call for this item
            self._code_positions[item.id] = code
            del values
        status = self.status[pos]
        valid = status == self._valid
        values = self.map_codes(code, _code_lookup(subs, where))
        values[~valid] = np.nan
        return _Answers(self.rid[pos], self.rtype[pos], valid, status == self._not_asked, code, values, k)


def _rows_by_code(codes: np.ndarray, n_codes: int) -> list:
    """For each code 0..n_codes-1, a function giving the positions of its rows in table order.

    The rows are kept as runs of consecutive rows with the same code, a chunk of the table at a
    time; a table whose codes change too often for that (shuffled rows) gets one 32-bit array of
    positions sorted by code, made a chunk at a time (no 64-bit sort of the whole table)."""
    n = len(codes)
    changes = [np.flatnonzero(codes[start:start + _CHUNK + 1][1:] != codes[start:start + _CHUNK + 1][:-1]) + start + 1
               for start in range(0, max(n - 1, 0), _CHUNK)]
    starts = np.concatenate([[0]] + changes).astype(np.int64) if n else np.zeros(0, dtype=np.int64)
    if len(starts) <= max(1024, n // 256):
        stops = np.append(starts[1:], n)
        run_code = codes[starts]
        runs = [(starts[run_code == j], stops[run_code == j]) for j in range(n_codes)]
        return [lambda a=a, b=b: np.concatenate([np.arange(x, y) for x, y in zip(a, b)] + [np.zeros(0, dtype=np.int64)])
                for a, b in runs]
    counts = np.bincount(codes[codes >= 0], minlength=n_codes)
    fill = np.concatenate([[0], np.cumsum(counts)])
    order = np.empty(int(fill[-1]), dtype=np.int32 if n < 2**31 else np.int64)
    at = fill[:-1].copy()
    for start in range(0, n, _CHUNK):
        part = codes[start:start + _CHUNK]
        by_code = np.argsort(part, kind="stable")
        bounds = np.concatenate([[0], np.cumsum(np.bincount(part + 1, minlength=n_codes + 1))])  # -1 first
        for j in range(n_codes):
            got = by_code[bounds[j + 1]:bounds[j + 2]] + start
            order[at[j]:at[j] + len(got)] = got
            at[j] += len(got)
    return [lambda j=j: order[fill[j]:fill[j + 1]] for j in range(n_codes)]


def _member(rid: np.ndarray, among: np.ndarray) -> np.ndarray:
    """``np.isin(rid, among)`` for respondent indices (-1: no id), by a mask over the respondents."""
    size = int(max(rid.max(initial=-1), among.max(initial=-1))) + 2
    mask = np.zeros(size, dtype=bool)
    mask[among.astype(np.int64) + 1] = True  # -1 (no id) at 0, as isin matches it with itself
    return mask[rid.astype(np.int64) + 1]


def _types_of(codebook, item) -> list[str]:
    return item.respondent_types or [t.id for t in codebook.respondent_types]


def _is_ordinal(codebook, item) -> bool:
    return bool(codebook.scale(item.scale).ordinal)


def _row(comparison, *, sector="", respondent_type="", item="", measure="", min_group_n=0, frame=None,
         extra_note="", level=0.95, inputs=()) -> dict:
    r = dict(frame) if isinstance(frame, dict) else frame.iloc[0].to_dict()  # a record, or a one-row result
    note = r["note"]
    if not np.isnan(r["p_value"]):
        note = _join(note, extra_note, _note("compare_process_note"))
    else:
        note = _join(note, extra_note)
    r.update(comparison=comparison, sector=sector, respondent_type=respondent_type, item=item, measure=measure,
             p_adjusted=np.nan, adjustment="", ci_level=level if not np.isnan(r["effect_ci_lower"]) else np.nan,
             min_group_n=int(min_group_n), note=note, inputs="; ".join(dict.fromkeys(inputs)))
    return r


def _adjust(rows: list[dict], name="Holm") -> list[dict]:
    adjusted = holm([r["p_value"] for r in rows])
    m = int(np.count_nonzero(~np.isnan([r["p_value"] for r in rows])))
    for r, a in zip(rows, adjusted):
        r["p_adjusted"] = a
        r["adjustment"] = _note("compare_adjustment", method=name, m=m) if not np.isnan(a) else ""
    return rows


def _labels(text: str, lookup) -> str:
    """Labels for ids joined by " vs " or " x " ("province vs amr" -> "provincies vs AMR's")."""
    if not text:
        return ""
    for sep in (" vs ", " x "):
        if sep in text:
            return sep.join(_labels(part, lookup) for part in text.split(sep))
    try:
        return lookup(text)
    except (KeyError, ValueError):
        return text


def _frame(rows: list[dict], columns: list[str], codebook=None, lang=None) -> pd.DataFrame:
    if not rows:
        return pd.DataFrame(columns=columns)
    out = pd.DataFrame(rows)
    if codebook is not None:
        lang = lang or codebook.study.language

        def measure(m):
            return codebook.label(codebook.measure(m).label, lang)

        out["sector_label"] = [_labels(s, lambda x: codebook.label(codebook.sector(x).label, lang))
                               for s in out["sector"]]
        out["respondent_type_label"] = [_labels(t, lambda x: codebook.label(codebook.respondent_type(x).label, lang))
                                        for t in out["respondent_type"]]
        out["measure_label"] = [_labels(m, measure) for m in out["measure"]]
    for col in ("sector_label", "respondent_type_label", "measure_label"):
        if col not in out.columns:
            out[col] = ""
    out = out[columns]
    out["n"] = out["n"].astype("int64")
    out["min_group_n"] = out["min_group_n"].astype("int64")
    return out


def _active(tidy: _Tidy, codebook, item, familiarity: str, active_codes, dont_know: str) -> tuple:
    """(rid, rtype, value) of the 'actively involved' indicator of an involvement item:
    1 for an active code; 0 for another valid code (non-substantive ones such as
    'weet ik niet' too, unless ``dont_know='exclude'``) and for respondents routed
    past the question although they answered the sector's familiarity item;
    NaN otherwise (item non-response, or not asked because familiarity is missing)."""
    scale = codebook.scale(item.scale)
    if active_codes is None:
        active_codes = [next(c.code for c in scale.codes if c.substantive)]
    active = {_key(c) for c in active_codes} | {str(c) for c in active_codes}
    values = []
    for c in scale.codes:
        if _key(c.code) in active or str(c.code) in active:
            values.append(1.0)
        elif c.substantive or dont_know == "no":
            values.append(0.0)
        else:
            values.append(np.nan)
    ans = tidy.answers(item)
    value = tidy.map_codes(ans.code, _code_lookup([c.code for c in scale.codes], values))
    value[~ans.valid] = np.nan
    fam_items = [i for i in codebook.items if i.measure == familiarity and i.sector == item.sector
                 and i.id != item.id]
    if fam_items:
        fam = tidy.answers(fam_items[0])
        routed = ans.not_asked & _member(ans.rid, fam.rid[fam.valid])
        value[routed] = 0.0
    return ans.rid, ans.rtype, value
