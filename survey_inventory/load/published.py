"""Reading a file of published figures: the percentages and N a report printed.

File formats
------------
CSV (``,`` or ``;`` as delimiter, chosen from the header line; UTF-8 with or
without BOM), long form, one row per (figure, category)::

    figure,title,respondent_type,n,category,percent,respondents,note
    2.3,Bekendheid wgo's zorg,province,9,(Zeer) goed,33,9,
    2.3,Bekendheid wgo's zorg,province,9,Redelijk/ deels,44,9,
    2.3,Bekendheid wgo's zorg,province,9,(Zeer) slecht,22,9,

Required columns: ``figure``, ``n``, ``percent``. Optional: ``title``,
``respondent_type``, ``category``, ``respondents`` (the number of respondents of
that type, e.g. from the report's response table; an ``n`` above it is flagged),
``note``. The rows of one figure must agree on ``n`` and ``respondents`` and may
carry a ``%`` sign (``33%``); a figure whose percent cells are all empty is one
with no printed percentages (write one row with an empty category). Percentages
must be whole numbers from 0 to 100 (``33.0`` and ``33,0`` are read as 33).
Row numbers in error messages are the file's line numbers (header = row 1).

YAML: a list of figures (or a mapping with key ``figures`` holding that list)::

    - figure: "2.3"          # quote it: 2.10 unquoted is the number 2.1
      title: Bekendheid wgo's zorg en welzijn, provincies
      respondent_type: province
      n: 9
      categories: ["(Zeer) goed", "Redelijk/ deels", "(Zeer) slecht"]
      percents: [33, 44, 22]
      respondents: 9
      note: ...

In YAML errors the row is the figure's position in the list (first = 1) and the
column is the key.

Bad input raises :class:`PublishedFileError` (a ``ValueError``) whose message
names the file, the row and the column.

Examples
--------
>>> import pandas as pd
>>> published_table(pd.DataFrame({"figure": "4.2", "n": 9, "percent": ["33%", "66"]}))[["figure", "n", "percent"]]
  figure  n  percent
0    4.2  9       33
1    4.2  9       66
"""
from __future__ import annotations

import csv
import io
import math
import re
from pathlib import Path

import pandas as pd

from ..errors import SurveyInputError

__all__ = ["PublishedFileError", "TABLE_COLUMNS", "read_published", "published_table"]

#: columns of the long-form table that :func:`read_published` returns
TABLE_COLUMNS = ["figure", "title", "respondent_type", "n", "category", "percent", "respondents", "note", "row"]
_REQUIRED = ("figure", "n", "percent")
_OPTIONAL = ("title", "respondent_type", "category", "respondents", "note")


class PublishedFileError(SurveyInputError):
    """A table of published figures the check cannot use (names file, row and column)."""


def _err(message, *, file=None, row=None, column=None, value=None, expected=None):
    return PublishedFileError(message, file=file, row=row, column=column, value=value, expected=expected)


def _norm(name) -> str:
    return str(name).strip().lower()


_COUNT_CELL = re.compile(r"[+-]?\d+(?:\.0)?")          # 9, 9.0 (a float export); never 1.000
_PERCENT_CELL = re.compile(r"[+-]?\d+(?:[.,]\d+)?")     # 33, 33.0, 33,0


def _parse_whole(text, *, file, row, column, what, percent=False, positive=False):
    """A cell to an int (None when empty); bad cells raise PublishedFileError naming row and column.

    Counts (N, respondents) are plain whole numbers: "1.000" is refused rather than read
    as 1 or 1000. Percentages may carry a % sign and a decimal part of zeros (33,0).
    """
    if text is None:
        return None
    s = str(text).strip()
    if percent and s.endswith("%"):
        s = s[:-1].strip()
    if s == "" or s.lower() in ("nan", "na", "<na>", "none"):
        return None
    if not (_PERCENT_CELL if percent else _COUNT_CELL).fullmatch(s):
        try:
            float(s.replace(",", "."))
        except ValueError:
            raise _err(f"{what} is not a number", file=file, row=row, column=column, value=str(text)) from None
        raise _err(f"{what} must be a whole number" + ("" if percent else " without separators"),
                   file=file, row=row, column=column, value=str(text))
    whole, _, decimals = s.replace(",", ".").partition(".")
    if decimals.strip("0"):
        raise _err(f"{what} must be a whole number", file=file, row=row, column=column, value=str(text))
    value = int(whole)
    if positive and value <= 0:
        raise _err(f"{what} must be at least 1", file=file, row=row, column=column, value=str(text))
    return value


def _decode(path: Path) -> str:
    # TODO(lead): use load.text.decode (the package's third copy of encoding rules: load, inventory, published)
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        raise _err(f"not UTF-8 (byte 0x{data[exc.start]:02x}); save the file as UTF-8",
                   file=path, row=line) from None


def _read_csv_records(path: Path) -> list[dict]:
    text = _decode(path)
    lines = text.splitlines()
    if not lines or not lines[0].strip():
        raise _err("empty file or empty header line", file=path, row=1)
    header = lines[0]
    delim = ";" if header.count(";") > header.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delim)
    rows = list(reader)
    names = [_norm(h) for h in rows[0]]
    missing = [c for c in _REQUIRED if c not in names]
    if missing:
        raise _err(f"missing column(s) {', '.join(missing)}", file=path, row=1, column=missing[0],
                   expected="columns " + ", ".join(_REQUIRED + _OPTIONAL))
    dup = sorted({c for c in names if c and names.count(c) > 1})
    if dup:
        raise _err("column appears twice", file=path, row=1, column=dup[0])
    records = []
    line = 1
    for cells in rows[1:]:
        line += 1   # csv rows with quoted newlines would shift this; the format has none
        if not any(c.strip() for c in cells):
            continue
        if len(cells) > len(names) and any(c.strip() for c in cells[len(names):]):
            raise _err(f"{len(cells)} cells but {len(names)} columns (a {delim!r} inside an unquoted value?)",
                       file=path, row=line)
        rec = {name: (cells[i].strip() if i < len(cells) else "") for i, name in enumerate(names)}
        rec["row"] = line
        records.append(rec)
    return records


def _read_yaml_records(path: Path) -> list[dict]:
    import yaml

    try:
        doc = yaml.safe_load(_decode(path))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise _err(f"not valid YAML: {getattr(exc, 'problem', None) or exc}", file=path,
                   row=None if mark is None else mark.line + 1) from None
    if isinstance(doc, dict) and "figures" in doc:
        doc = doc["figures"]
    if not isinstance(doc, list):
        raise _err("expected a list of figures (or a mapping with key 'figures')", file=path)
    records = []
    for pos, fig in enumerate(doc, start=1):
        if not isinstance(fig, dict):
            raise _err("each figure must be a mapping", file=path, row=pos)
        fig = {_norm(k): v for k, v in fig.items()}
        for key in ("figure", "n"):
            if fig.get(key) in (None, ""):
                raise _err("missing key", file=path, row=pos, column=key)
        if "percents" not in fig:
            raise _err("missing key (use an empty list for a figure without printed numbers)",
                       file=path, row=pos, column="percents")
        percents = fig.get("percents") or []
        if not isinstance(percents, list):
            raise _err("must be a list", file=path, row=pos, column="percents", value=percents)
        cats = fig.get("categories")
        if cats is None:
            cats = [""] * len(percents)
        if not isinstance(cats, list):
            raise _err("must be a list", file=path, row=pos, column="categories", value=cats)
        if percents and len(cats) != len(percents):
            raise _err(f"{len(cats)} categories but {len(percents)} percentages", file=path, row=pos,
                       column="categories")
        common = {k: ("" if fig.get(k) is None else str(fig.get(k)))
                  for k in ("figure", "title", "respondent_type", "note", "n", "respondents")}
        if not percents:
            records.append({**common, "category": "", "percent": "", "row": pos})
        for cat, pct in zip(cats, percents):
            records.append({**common, "category": "" if cat is None else str(cat),
                            "percent": "" if pct is None else str(pct), "row": pos})
    return records


def _records_to_table(records: list[dict], file) -> pd.DataFrame:
    out = []
    seen: dict[str, dict] = {}
    for rec in records:
        row = rec.get("row")
        fig = str(rec.get("figure", "")).strip()
        if not fig:
            raise _err("empty figure id", file=file, row=row, column="figure")
        n = _parse_whole(rec.get("n"), file=file, row=row, column="n", what="N", positive=True)
        if n is None:
            raise _err("N is empty", file=file, row=row, column="n")
        pct = _parse_whole(rec.get("percent"), file=file, row=row, column="percent", what="percentage",
                           percent=True)
        if pct is not None and not 0 <= pct <= 100:
            raise _err("percentage outside 0-100", file=file, row=row, column="percent", value=rec.get("percent"))
        resp = _parse_whole(rec.get("respondents"), file=file, row=row, column="respondents",
                            what="number of respondents", positive=True)
        first = seen.setdefault(fig, {"n": n, "respondents": resp, "row": row, "empty": pct is None})
        if first["n"] != n:
            raise _err(f"figure {fig} has N={first['n']} in row {first['row']}", file=file, row=row, column="n",
                       value=n)
        if first["respondents"] != resp:
            raise _err(f"figure {fig} has respondents={first['respondents']} in row {first['row']}",
                       file=file, row=row, column="respondents", value=resp)
        if first["empty"] != (pct is None):
            raise _err(f"figure {fig} mixes printed and empty percentages (leave all empty when the report "
                       "prints none)", file=file, row=row, column="percent")
        out.append({
            "figure": fig,
            "title": str(rec.get("title", "") or "").strip(),
            "respondent_type": str(rec.get("respondent_type", "") or "").strip(),
            "n": n,
            "category": str(rec.get("category", "") or "").strip(),
            "percent": pct,
            "respondents": resp,
            "note": str(rec.get("note", "") or "").strip(),
            "row": row,
        })
    if not out:
        raise _err("no figures in the file", file=file)
    table = pd.DataFrame(out, columns=TABLE_COLUMNS)
    for col in ("n", "percent", "respondents", "row"):
        table[col] = pd.array(table[col].tolist(), dtype="Int64")
    return table


def read_published(path) -> pd.DataFrame:
    """Read a CSV or YAML file of published figures into the long table (one row per category).

    Parameters
    ----------
    path : str or Path
        The file; YAML when the name ends in ``.yaml``/``.yml``, CSV otherwise (see
        the module notes for both formats).

    Returns
    -------
    DataFrame
        Columns :data:`TABLE_COLUMNS`: ``figure, title, respondent_type, n, category,
        percent, respondents, note, row`` (``n``, ``percent``, ``respondents`` and
        ``row`` nullable integers; ``row`` the source row).

    Raises
    ------
    PublishedFileError
        For a missing file or bad content; the message names the file, row and column.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = Path(folder) / "figures.csv"
    ...     _ = path.write_text("figure;n;category;percent\\n4.2;9;Redelijk;33%\\n4.2;9;Slecht;66\\n", encoding="utf-8")
    ...     read_published(path)[["figure", "n", "category", "percent", "row"]]
      figure  n  category  percent  row
    0    4.2  9  Redelijk       33    2
    1    4.2  9    Slecht       66    3
    """
    path = Path(path)
    if not path.is_file():
        raise _err("no such file", file=path)
    if path.suffix.lower() in (".yaml", ".yml"):
        records = _read_yaml_records(path)
    else:
        records = _read_csv_records(path)
    return _records_to_table(records, path)


def published_table(table: pd.DataFrame) -> pd.DataFrame:
    """Any frame of printed figures as the checked long table that :func:`read_published` returns.

    A frame that already has every column of :data:`TABLE_COLUMNS` (a
    :func:`read_published` result) is returned as it is; any other frame needs at
    least ``figure``, ``n`` and ``percent`` (column names in any case) and goes
    through the same cell checks as a file (rows numbered from 1; ``table.attrs["source"]``
    names it in errors, default ``<table>``).

    Parameters
    ----------
    table : DataFrame
        One row per (figure, category).

    Returns
    -------
    DataFrame
        Columns :data:`TABLE_COLUMNS`.

    Raises
    ------
    PublishedFileError
        For a missing column or a bad cell; the message names its row and column.

    Examples
    --------
    >>> frame = pd.DataFrame({"Figure": ["a", "a"], "N": [9.0, 9.0], "Percent": [33, 67]})
    >>> published_table(frame)[["figure", "n", "percent", "respondents", "row"]]
      figure  n  percent  respondents  row
    0      a  9       33         <NA>    1
    1      a  9       67         <NA>    2
    """
    cols = {_norm(c): c for c in table.columns}
    missing = [c for c in _REQUIRED if c not in cols]
    if missing:
        file = table.attrs.get("source", "<table>")
        raise _err(f"missing column(s) {', '.join(missing)}", file=file, column=missing[0])
    if "row" in cols and set(TABLE_COLUMNS) <= set(cols):
        return table
    records = []
    for i, rec in enumerate(table.rename(columns={v: k for k, v in cols.items()}).to_dict("records"), start=1):
        rec = {k: ("" if v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v)) else v)
               for k, v in rec.items()}
        rec.setdefault("row", i)
        records.append(rec)
    return _records_to_table(records, table.attrs.get("source", "<table>"))
