"""Load: survey exports to one tidy long table.

The codebook says which files hold which respondents; :func:`load_study` reads
them all (CSV with ``,`` or ``;``, UTF-8 with or without BOM or cp1252; XLSX;
SPSS ``.sav``; Parquet, with pyarrow installed) and returns a :class:`Study` with

``responses``
    one row per (respondent, item): ``respondent_id, respondent_type, source,
    file, row, column, sector, item, measure, code, label, category,
    category_label, status``. ``status`` is ``valid`` (a code of the scale),
    ``missing`` (asked but no valid answer: empty or a missing-value code),
    ``not_asked`` (routed past the question), ``answered_not_asked`` (an answer
    where the routing says the question was not asked) or ``invalid`` (a value
    that is not in the scale). ``row`` is the spreadsheet row (header = 1).
``respondents``
    one row per respondent: id, type, source, file, row.
``multi_response``
    coded open answers: one row per (respondent, set, code) with ``mentioned``.
``open_text``
    open answers (free text): one row per non-empty answer, ``respondent_id,
    respondent_type, item, sector, text``. They may name people; only
    ``analyze --include-open-text`` exports them, without respondent ids.
``problems``
    what the loader could not place (duplicate ids, unknown respondent type
    codes, missing columns), in the same shape as :func:`validate`'s report.

Files are opened read-only; nothing is ever written back.

>>> from survey_inventory import load_codebook, load_responses
>>> tidy = load_responses(load_codebook("codebooks/bartels-2025.yaml"))  # doctest: +SKIP
"""
from __future__ import annotations

import codecs
import csv
import difflib
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from ..codebook import Codebook, Item, Source
from ..errors import SurveyInputError

__all__ = ["LoadError", "Study", "load_study", "load_responses", "read_source", "PROBLEM_COLUMNS", "STATUSES",
           "OPEN_TEXT_COLUMNS"]

STATUSES = ("valid", "missing", "not_asked", "answered_not_asked", "invalid")
PROBLEM_COLUMNS = ["severity", "check", "file", "row", "column", "respondent_id", "item", "value", "message"]
OPEN_TEXT_COLUMNS = ["respondent_id", "respondent_type", "item", "sector", "text"]


class LoadError(SurveyInputError):
    """A source that cannot be read at all (missing file, no id column, no rows)."""


@dataclass
class Study:
    codebook: Codebook
    responses: pd.DataFrame
    respondents: pd.DataFrame
    multi_response: pd.DataFrame
    problems: pd.DataFrame
    files: dict = field(default_factory=dict)  # source id -> Path
    open_text: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=OPEN_TEXT_COLUMNS))


# -- reading files --------------------------------------------------------------

def read_source(codebook: Codebook, source: Source) -> pd.DataFrame:
    """Read one source file as a DataFrame of raw cells (strings or numbers),
    with a ``__row__`` column holding each record's spreadsheet row number.

    Raises :class:`LoadError` naming the file for anything that stops reading:
    a missing file, undecodable text, a header-only or empty file, a missing or
    duplicated header, an Excel sheet that does not exist.
    """
    path = codebook.source_path(source)
    if not path.is_file():
        raise LoadError("file not found", file=path)
    fmt = source.resolved_format
    try:
        if fmt == "csv":
            frame = _read_csv(path, source)
        elif fmt == "xlsx":
            frame = _read_xlsx(path, source)
        elif fmt == "sav":
            frame = _read_sav(path)
        elif fmt == "parquet":
            frame = _read_parquet(path)
        else:
            raise LoadError(f"unsupported format {fmt!r}", file=path, expected="csv, xlsx, sav or parquet")
    except LoadError:
        raise
    except (ValueError, OSError, KeyError, IndexError) as exc:
        raise LoadError(f"cannot read {fmt.upper()} file: {str(exc).splitlines()[0] if str(exc) else type(exc).__name__}",
                        file=path) from None
    if frame.shape[0] == 0:
        raise LoadError("no data rows (the file is empty or has only a header)", file=path)
    _check_header(frame, path)
    first = source.header_row + 1
    frame.insert(0, "__row__", np.arange(first, first + len(frame)))
    return frame


def _check_header(frame, path):
    names = [str(c) for c in frame.columns]
    for k, name in enumerate(names):
        if name.strip() == "" or name.startswith("Unnamed:"):
            raise LoadError(f"header cell {k + 1} is empty (merged or multi-row header?); "
                            "give every column one name in a single header row", file=path, column=k + 1)
    seen = set()
    for name in names:
        if name in seen or name.split(".")[0] in seen and name.rsplit(".", 1)[-1].isdigit():
            raise LoadError("column name appears twice in the header", file=path, column=name.rsplit(".", 1)[0])
        seen.add(name)


_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")


def _line_of(data: bytes, offset: int) -> int:
    """1-based line number of a byte offset (the spreadsheet row, unless a quoted cell spans lines)."""
    return data.count(b"\n", 0, offset) + 1


def _decode(path: Path, encoding: str | None) -> str:
    data = path.read_bytes()
    bom = "utf-8" if data.startswith(b"\xef\xbb\xbf") else "utf-16" if data[:2] in (b"\xff\xfe", b"\xfe\xff") else None
    if encoding:
        try:
            codec = codecs.lookup(encoding).name
        except LookupError:
            raise LoadError(f"unknown encoding {encoding!r} in the codebook", file=path,
                            expected="e.g. utf-8, utf-8-sig or cp1252") from None
        if bom == "utf-8" and codec == "utf-8":
            codec = "utf-8-sig"  # the mark is not part of the first column's name
        if bom and not codec.startswith(bom):
            raise LoadError(f"the file starts with a {bom.upper()} byte-order mark but the codebook says "
                            f"encoding {encoding!r}; set encoding: {bom}{'-sig' if bom == 'utf-8' else ''} "
                            "or leave it out", file=path)
        try:
            return data.decode(codec)
        except UnicodeDecodeError as exc:
            raise LoadError(f"line {_line_of(data, exc.start)} is not {encoding} (byte {exc.start}: "
                            f"0x{data[exc.start]:02x}); mixed encodings? re-export the file as UTF-8 "
                            "or set 'encoding' in the codebook", file=path) from None
    if bom == "utf-16":  # Excel's "Unicode text" export
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise LoadError(f"starts with a UTF-16 byte-order mark but byte {exc.start} is not UTF-16",
                            file=path) from None
    if bom == "utf-8":
        try:
            return data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise LoadError(f"starts with a UTF-8 byte-order mark but line {_line_of(data, exc.start)} is not UTF-8 "
                            f"(byte {exc.start}: 0x{data[exc.start]:02x}); mixed encodings? re-export the file "
                            "in one encoding", file=path) from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        bad = exc.start
    # Dutch Excel exports are often Windows-1252. But a file with valid UTF-8 accents
    # *and* bytes that are not UTF-8 was pasted together from two encodings: decoding it
    # all as cp1252 would silently garble the UTF-8 half ("cafÃ©"), so refuse it.
    if _UTF8_MULTIBYTE.search(data):
        good = _UTF8_MULTIBYTE.search(data).start()
        raise LoadError(f"mixed encodings: line {_line_of(data, bad)} is not UTF-8 (byte 0x{data[bad]:02x}) "
                        f"but line {_line_of(data, good)} is; re-export the file in one encoding (UTF-8) "
                        "or set 'encoding' in the codebook", file=path)
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as exc:  # cp1252 leaves 5 bytes undefined
        raise LoadError(f"neither UTF-8 nor cp1252 (line {_line_of(data, exc.start)}, byte 0x{data[exc.start]:02x}); "
                        "set 'encoding' in the codebook", file=path) from None


def _read_csv(path: Path, source: Source) -> pd.DataFrame:
    text = _decode(path, source.encoding)
    if not text.strip():
        raise LoadError("the file is empty", file=path)
    # only real line ends, all made \n: str.splitlines() would also break at U+2028, U+0085, \x1c.. inside a cell
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    start = 0
    for _ in range(source.header_row - 1):
        start = text.find("\n", start) + 1
        if start == 0:
            raise LoadError(f"header_row {source.header_row} is past the end of the file", file=path)
    end = text.find("\n", start)
    header = text[start:] if end < 0 else text[start:end]
    delimiter = source.delimiter or _sniff_delimiter(header)
    body = text[start:] if start else text
    del text
    frame = _parse_unquoted(body, header, delimiter)
    if frame is None:
        frame = pd.read_csv(io.StringIO(body), sep=delimiter, dtype=str, keep_default_na=False,
                            skipinitialspace=True, engine="c", quoting=csv.QUOTE_MINIMAL)
    frame.columns = [str(c).strip() for c in frame.columns]
    frame.attrs["delimiter"] = delimiter
    return frame


def _parse_unquoted(body: str, header: str, delimiter: str):
    """The cells of a CSV without any quote character, read by pyarrow's multi-threaded
    parser (4-5x faster than pandas' C parser on a million rows); None when that reader
    does not apply, so that pandas' C parser reads the file (and words any error) as before.

    Without quotes a CSV has one reading, so both parsers give the same cells: every
    cell text (none is NA), leading spaces dropped as ``skipinitialspace`` drops them,
    blank lines skipped. A row with too few or too many cells, a header with an empty or
    repeated name, or pyarrow not installed: None."""
    if '"' in body or len(delimiter) != 1:
        return None
    names = [n.strip(" ") for n in header.split(delimiter)]
    if len(set(names)) != len(names) or not all(n.strip() for n in names):
        return None
    try:
        import pyarrow as pa
        import pyarrow.compute as pc
        import pyarrow.csv as pacsv
    except ImportError:
        return None
    try:
        table = pacsv.read_csv(
            io.BytesIO(body.encode("utf-8")),
            read_options=pacsv.ReadOptions(column_names=names, skip_rows=1),
            parse_options=pacsv.ParseOptions(delimiter=delimiter, quote_char=False, double_quote=False,
                                             escape_char=False, newlines_in_values=False, ignore_empty_lines=True),
            convert_options=pacsv.ConvertOptions(column_types={n: pa.large_string() for n in names}, null_values=[],
                                                 strings_can_be_null=False, quoted_strings_can_be_null=False))
    except (pa.ArrowException, ValueError):
        return None
    columns = {n: table.column(n) for n in names}
    if " " in body:
        columns = {n: pc.utf8_ltrim(col, characters=" ") for n, col in columns.items()}
    return pd.DataFrame({n: pd.array(col, dtype=pd.StringDtype("pyarrow", na_value=np.nan)) for n, col in columns.items()})


def _sniff_delimiter(header: str) -> str:
    counts = {d: header.count(d) for d in (";", ",", "\t", "|")}
    best = max(counts, key=counts.get)
    return best if counts[best] else ","


def _read_xlsx(path: Path, source: Source) -> pd.DataFrame:
    import openpyxl

    try:
        book = openpyxl.load_workbook(path, read_only=False, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a broken file
        raise LoadError(f"not a readable XLSX workbook ({type(exc).__name__})", file=path) from None
    try:
        if source.sheet is None:
            sheet = book.worksheets[0]
        elif isinstance(source.sheet, int):
            sheet = book.worksheets[source.sheet]
        else:
            if source.sheet not in book.sheetnames:
                raise LoadError(f"no sheet named {source.sheet!r}", file=path,
                                expected=", ".join(repr(s) for s in book.sheetnames))
            sheet = book[source.sheet]
        merged = [r for r in sheet.merged_cells.ranges if r.min_row <= source.header_row]
        if merged:
            raise LoadError(f"merged header cells {merged[0].coord}; unmerge them and give every "
                            "column one name in a single header row", file=path, row=merged[0].min_row)
        rows = list(sheet.iter_rows(min_row=source.header_row, values_only=True))
    finally:
        book.close()
    if not rows:
        raise LoadError("the sheet is empty", file=path)
    header = ["" if h is None else str(h).strip() for h in rows[0]]
    while header and header[-1] == "":
        header.pop()
    data = [list(r[: len(header)]) for r in rows[1:]]
    while data and all(v is None or (isinstance(v, str) and not v.strip()) for v in data[-1]):
        data.pop()
    frame = pd.DataFrame(data, columns=[h or f"Unnamed: {k}" for k, h in enumerate(header)], dtype=object)
    return frame


def _read_sav(path: Path) -> pd.DataFrame:
    import pyreadstat

    frame, meta = pyreadstat.read_sav(str(path), user_missing=True, apply_value_formats=False)
    frame.attrs["value_labels"] = {
        col: meta.value_labels.get(name, {}) for col, name in meta.variable_to_label.items()
    }
    frame.attrs["variable_labels"] = dict(zip(meta.column_names, meta.column_labels))
    return frame.astype(object)


def _read_parquet(path: Path) -> pd.DataFrame:
    """A Parquet file (e.g. written by pandas, R's arrow or a data warehouse export).

    Integer codes with missing values come back as pandas' nullable integers,
    text as strings; pyarrow is needed and imported only here."""
    try:
        import pyarrow.parquet as pq
    except ImportError:
        raise LoadError("reading Parquet needs the pyarrow package; install it with "
                        "'pip install pyarrow' (or the package's [bench] extra)", file=path) from None
    try:
        table = pq.read_table(path)
    except Exception as exc:  # pyarrow raises its own types (ArrowInvalid, ...) for a broken file
        raise LoadError(f"not a readable Parquet file ({type(exc).__name__}: "
                        f"{str(exc).splitlines()[0] if str(exc) else ''})", file=path) from None
    return table.to_pandas(types_mapper=_nullable_dtype)


def _nullable_dtype(arrow_type):
    """pyarrow type -> pandas nullable dtype (ints stay ints when a cell is empty)."""
    import pyarrow as pa

    mapping = {pa.int8(): pd.Int8Dtype(), pa.int16(): pd.Int16Dtype(), pa.int32(): pd.Int32Dtype(),
               pa.int64(): pd.Int64Dtype(), pa.uint8(): pd.UInt8Dtype(), pa.uint16(): pd.UInt16Dtype(),
               pa.uint32(): pd.UInt32Dtype(), pa.uint64(): pd.UInt64Dtype(), pa.bool_(): pd.BooleanDtype(),
               pa.string(): pd.StringDtype(), pa.large_string(): pd.StringDtype()}
    return mapping.get(arrow_type)


# -- cleaning cells -------------------------------------------------------------

def _numeric_codes(scale_codes) -> bool:
    return all(isinstance(c, (int, float)) and not isinstance(c, bool) for c in scale_codes)


def _distinct(raw: pd.Series) -> tuple[np.ndarray, pd.Series]:
    """``(codes, cells)``: one cell per distinct value of ``raw`` (in ``raw``'s dtype, all
    NA cells sharing one) and each row's index into them.

    A survey column holds a handful of different values (1..5, 9, empty), so whatever
    depends on the cell alone (cleaning, checking it against the scale, its label) is
    worked out once per distinct value and spread to the rows with ``np.take``. A column
    with values that are equal but print differently (1 and 1.0 and True in one object
    column, 0.0 and -0.0) is taken row by row, so that nothing changes for it."""
    n = len(raw)
    by_row = np.arange(n, dtype=np.intp), raw.reset_index(drop=True)
    if n == 0:
        return by_row
    kind = pd.api.types.infer_dtype(raw, skipna=True) if raw.dtype == object else None
    if kind is not None and kind not in ("string", "integer", "floating", "empty"):
        return by_row
    if kind == "floating" or (kind is None and raw.dtype.kind == "f"):
        as_float = raw.to_numpy(dtype=float, na_value=np.nan)
        if np.signbit(as_float[as_float == 0]).any():
            return by_row
    codes, uniques = pd.factorize(raw, use_na_sentinel=True)
    k = len(uniques)
    codes = np.where(codes < 0, k, codes)  # NA cells: one more distinct value
    where = np.full(k + 1, -1, dtype=np.intp)
    where[codes] = np.arange(n, dtype=np.intp)  # a row holding each distinct value
    if where[k] < 0:
        where = where[:k]
    return codes, raw.iloc[where].reset_index(drop=True)


def _clean(raw: pd.Series, numeric: bool, distinct=None) -> tuple[pd.Series, np.ndarray]:
    """(values, empty mask). Numeric scales give float values, NaN where the
    cell is empty or not a number (those are told apart by the empty mask).
    Worked out per distinct value (see :func:`_distinct`)."""
    codes, cells = distinct if distinct is not None else _distinct(raw)
    values, empty = _clean_cells(cells, numeric)
    values = values.take(codes)
    values.index = raw.index
    return values, empty[codes]


def _clean_cells(raw: pd.Series, numeric: bool) -> tuple[pd.Series, np.ndarray]:
    as_text = raw.astype("string").str.strip()
    empty = (raw.isna() | as_text.isna() | (as_text == "")).to_numpy(dtype=bool)
    if numeric:
        values = pd.to_numeric(as_text.str.replace(",", ".", regex=False), errors="coerce").astype(float)
        return values, empty
    return as_text.where(~pd.Series(empty, index=raw.index)), empty


def _code_key(values: pd.Series, numeric: bool) -> pd.Series:
    return values if numeric else values.astype("string")


# -- the study -------------------------------------------------------------------

def load_study(codebook: Codebook) -> Study:
    """Read every source of a codebook into a :class:`Study` (see module doc)."""
    problems: list[dict] = []
    respondent_frames, wide_frames, files, raw_by_source = [], [], {}, {}
    for source in codebook.sources:
        frame = read_source(codebook, source)
        path = codebook.source_path(source)
        files[source.id] = path
        raw_by_source[source.id] = frame
        _second_header_row(codebook, frame, path)
        _label_mismatches(codebook, frame, path, problems)
        respondents = _respondents(codebook, source, frame, path, problems)
        respondent_frames.append(respondents)
    respondents = pd.concat(respondent_frames, ignore_index=True)
    _duplicate_ids(respondents, problems)
    _answers_of_other_types(codebook, respondents, raw_by_source, files, problems)

    numeric = _numeric_codes([c.code for s in codebook.scales.values() for c in s.codes])
    pieces = []
    wide_all = []
    for source in codebook.sources:
        frame = raw_by_source[source.id]
        who = respondents[respondents["source"] == source.id]
        keep = who["respondent_type"].notna().to_numpy()
        frame = frame.loc[keep].reset_index(drop=True)
        who = who.loc[keep].reset_index(drop=True)
        wide = pd.DataFrame({"respondent_id": who["respondent_id"], "respondent_type": who["respondent_type"]})
        cells = {}
        for item in codebook.items:
            asked_types = set(item.respondent_types or [t.id for t in codebook.respondent_types])
            if not set(who["respondent_type"].unique()) & asked_types:
                continue
            if item.column not in frame.columns:
                problems.append(_problem("error", "missing_column", files[source.id], None, item.column, None,
                                         item.id, None, f"column {item.column!r} of item {item.id!r} is not in the file"
                                         + _did_you_mean(item.column, frame.columns[1:])))
                continue
            scale = codebook.scale(item.scale)
            distinct = _distinct(frame[item.column])
            values, empty = _clean(frame[item.column], numeric, distinct)
            in_type = who["respondent_type"].isin(asked_types).to_numpy()
            cells[item.id] = (values, empty, in_type, distinct)
            missing_codes = pd.Series(values).isin(list(scale.missing)).to_numpy()
            wide[item.id] = values.where(~(missing_codes | empty))
        wide_all.append((source, frame, who, wide, cells))

    # routing is evaluated per source: a respondent's answers are all in one file
    for source, frame, who, wide, cells in wide_all:
        for item in codebook.items:
            if item.id not in cells:
                continue
            values, empty, in_type, distinct = cells[item.id]
            rule = codebook.routing(item)
            if rule is not None:
                missing_names = [n for n in rule.names if n not in wide.columns]
                if missing_names:
                    asked = np.zeros(len(wide), dtype=bool)
                else:
                    asked = rule.evaluate(wide)
            else:
                asked = np.ones(len(wide), dtype=bool)
            pieces.append(_item_rows(codebook, item, source, files[source.id], who, frame, values, empty,
                                     asked, in_type, numeric, distinct))
    responses = _assemble(pieces, codebook)
    multi = _multi_response(codebook, wide_all, files, problems)
    open_text = _open_text(codebook, wide_all, files, problems)
    return Study(codebook=codebook, responses=responses, respondents=respondents,
                 multi_response=multi, problems=pd.DataFrame(problems, columns=PROBLEM_COLUMNS), files=files,
                 open_text=open_text)


def load_responses(codebook: Codebook) -> pd.DataFrame:
    """The tidy long table of a study (see :func:`load_study`)."""
    return load_study(codebook).responses


def _problem(severity, check, file, row, column, respondent_id, item, value, message):
    return {"severity": severity, "check": check, "file": str(file), "row": row, "column": column,
            "respondent_id": respondent_id, "item": item, "value": value, "message": message}


def _respondents(codebook, source, frame, path, problems) -> pd.DataFrame:
    if source.id_column not in frame.columns:
        used = frame.attrs.get("delimiter")
        for other in (";", ",", "\t", "|"):
            if used and other != used and any(source.id_column in [p.strip() for p in str(c).split(other)]
                                               for c in frame.columns[1:]):
                said = "the codebook says" if source.delimiter else "it was read as"
                raise LoadError(f"respondent-id column {source.id_column!r} not found: the header looks "
                                f"{other!r}-separated but {said} {used!r}; fix 'delimiter' in the codebook "
                                "or re-export the file", file=path, row=source.header_row)
        raise LoadError(f"respondent-id column {source.id_column!r} is missing", file=path,
                        column=source.id_column, expected=f"one of the header's columns ({', '.join(map(str, frame.columns[1:6]))}, ...)")
    ids = frame[source.id_column].astype("string").str.strip()
    rows = frame["__row__"].to_numpy()
    for r in rows[(ids.isna() | (ids == "")).to_numpy()]:
        problems.append(_problem("error", "missing_id", path, int(r), source.id_column, None, None, None,
                                 "respondent id is empty"))
    rt = source.respondent_type
    if isinstance(rt, str):
        types = pd.Series([rt] * len(frame), dtype="object")
    else:
        if rt.column not in frame.columns:
            raise LoadError(f"respondent-type column {rt.column!r} is missing", file=path, column=rt.column)
        mapping = {_norm_key(k): v for k, v in rt.values.items()}
        raw = frame[rt.column]
        types = raw.map(lambda v: mapping.get(_norm_key(v)))
        bad = types.isna().to_numpy()
        for r, v in zip(rows[bad], raw[bad]):
            problems.append(_problem("error", "unknown_respondent_type", path, int(r), rt.column, None, None,
                                     None if _blank(v) else str(v),
                                     f"respondent-type code is not one of {sorted(map(str, rt.values))}"))
    out = pd.DataFrame({"respondent_id": ids.astype(object), "respondent_type": types.astype(object),
                        "source": source.id, "file": str(path), "row": rows})
    return out


def _did_you_mean(name, columns) -> str:
    close = difflib.get_close_matches(str(name), [str(c) for c in columns], n=1, cutoff=0.6)
    return f" (a column {close[0]!r} is: a typo in the codebook or the file?)" if close else ""


def _second_header_row(codebook, frame, path):
    """Refuse a file whose first data row is a second header row (question texts under
    the variable names, as survey tools and hand-made Excel sheets export them): text in
    every answer column of a numeric scale, where the rows below hold numbers."""
    if not _numeric_codes([c.code for s in codebook.scales.values() for c in s.codes]) or frame.empty:
        return
    columns = list(dict.fromkeys(i.column for i in codebook.items if i.column in frame.columns))
    if len(columns) < 2:
        return

    def is_text(v):
        key = _norm_key(v)
        if key == "":
            return False
        try:
            float(key)
        except ValueError:
            return True
        return False

    first = [frame[c].iloc[0] for c in columns]
    if not all(is_text(v) for v in first):
        return
    rest = frame[columns].iloc[1:]
    if len(rest) and not any(not _blank(v) and not is_text(v) for v in rest.to_numpy().ravel()):
        return
    raise LoadError(f"this row looks like a second header row (text in every answer column, e.g. "
                    f"{columns[0]!r} = {str(first[0])[:40]!r}); keep a single header row with the column names, "
                    "or set header_row to that row", file=path, row=int(frame["__row__"].iloc[0]))


def _label_mismatches(codebook, frame, path, problems):
    """SPSS files carry value labels: report any that disagree with the codebook's."""
    labels = frame.attrs.get("value_labels") or {}
    for item in codebook.items:
        file_labels = labels.get(item.column)
        if not file_labels:
            continue
        scale = codebook.scale(item.scale)
        ours = {_norm_key(c.code): c.label for c in scale.codes}
        for code, text in file_labels.items():
            key = _norm_key(code)
            if key in ours:
                expected = {(ours[key].nl or "").casefold().strip(), (ours[key].en or "").casefold().strip()}
                if str(text).casefold().strip() not in expected:
                    problems.append(_problem("error", "label_mismatch", path, None, item.column, None, item.id, str(text),
                                             f"SPSS value label of code {key} disagrees with the codebook's "
                                             f"{ours[key].text(codebook.study.language)!r}"))
            elif key not in {_norm_key(m) for m in scale.missing}:
                problems.append(_problem("error", "label_mismatch", path, None, item.column, None, item.id, str(text),
                                         f"SPSS value label for code {key}, which the codebook's scale "
                                         f"{item.scale!r} does not have"))


def _blank(v) -> bool:
    return v is None or v is pd.NA or (isinstance(v, float) and np.isnan(v)) or (isinstance(v, str) and not v.strip())


def _norm_key(v) -> str:
    if _blank(v):
        return ""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    text = str(v).strip()
    try:
        f = float(text.replace(",", "."))
        return str(int(f)) if f.is_integer() else str(f)
    except ValueError:
        return text


def _answers_of_other_types(codebook, respondents, raw_by_source, files, problems):
    """A warning (``answered_not_asked``) for each answer in a column that nothing reads
    for the respondent's type: the items (and multi-response sets) using the column are
    for other respondent types only, so the answer is left out of every estimate."""
    every = {t.id for t in codebook.respondent_types}
    for source in codebook.sources:
        frame = raw_by_source[source.id]
        readers: dict[str, list] = {}  # column -> [(types read, non-answers, what)]
        for item in codebook.items:
            scale = codebook.scale(item.scale)
            readers.setdefault(item.column, []).append(
                (set(item.respondent_types or every), {_norm_key(m) for m in scale.missing}, f"item {item.id!r}"))
        for mr in codebook.multi_response:
            if mr.source is None or mr.source == source.id:
                cols = list(mr.columns.values()) if mr.format == "binary" else [mr.column]
                for col in cols:
                    readers.setdefault(col, []).append(
                        (set(mr.respondent_types or every), {"0"} if mr.format == "binary" else set(),
                         f"multi-response set {mr.id!r}"))
        who = respondents[respondents["source"] == source.id].reset_index(drop=True)
        for column, uses in readers.items():
            read_for = set().union(*(types for types, _, _ in uses))
            if read_for >= every or column not in frame.columns:
                continue
            skip = set.intersection(*(non for _, non, _ in uses))
            stray = (~who["respondent_type"].isin(read_for) & who["respondent_type"].notna()).to_numpy()
            text = frame[column].reset_index(drop=True).astype("string").str.strip()
            stray = stray & (text.notna() & (text != "")).to_numpy(dtype=bool)
            for k in np.flatnonzero(stray):
                key = _norm_key(frame[column].iat[k])
                if key == "" or key in skip:
                    continue
                problems.append(_problem(
                    "warning", "answered_not_asked", files[source.id], int(who["row"].iat[k]), column,
                    who["respondent_id"].iat[k], None, str(frame[column].iat[k]).strip(),
                    f"answer from a respondent type that {uses[0][2]} is not for "
                    f"({', '.join(sorted(read_for))} only); left out of the estimates"))


def _duplicate_ids(respondents, problems):
    ids = respondents["respondent_id"]
    dup = ids.notna() & (ids != "") & ids.duplicated(keep=False)
    if not dup.any():
        return
    for rid, grp in respondents[dup].groupby("respondent_id", sort=True):
        first = grp.iloc[0]
        for _, rec in grp.iloc[1:].iterrows():
            problems.append(_problem("error", "duplicate_id", rec["file"], int(rec["row"]), None, rid, None, rid,
                                     f"respondent id {rid!r} also in {Path(first['file']).name} row {int(first['row'])}"))


TIDY_COLUMNS = ["respondent_id", "respondent_type", "source", "file", "row", "column", "sector", "item",
                "measure", "code", "raw", "status", "label", "category", "category_label"]
_VALID, _MISSING, _NOT_ASKED, _ANSWERED_NOT_ASKED, _INVALID = range(5)  # positions in STATUSES


@dataclass
class _Piece:
    """The rows of one item in one source, as arrays: ``rows`` are the asked respondent
    types' positions in the source's ``who``/``frame``; ``cell`` each row's index into
    the column's distinct values, whose code, raw text and validity are worked out once."""
    item: Item
    source: str
    file: str
    who: pd.DataFrame
    frame_rows: np.ndarray
    rows: np.ndarray
    cell: np.ndarray
    status: np.ndarray
    code: pd.Series
    raw: pd.Series


def _item_rows(codebook, item: Item, source, path, who, frame, values, empty, asked, in_type, numeric,
               distinct=None) -> _Piece:
    scale = codebook.scale(item.scale)
    codes, cells = distinct if distinct is not None else _distinct(frame[item.column])
    vals, u_empty = _clean_cells(cells, numeric)
    is_valid = vals.isin([c.code for c in scale.codes]).to_numpy()
    is_missing_code = vals.isin(list(scale.missing)).to_numpy()
    code = vals.where(~u_empty)
    if numeric:
        code = code.where(~(~u_empty & code.isna()))  # text in a numeric column stays NaN; the raw value is kept
    rows = np.flatnonzero(in_type)
    cell = codes[rows]
    asked = np.asarray(asked, dtype=bool)[rows]
    valid, missing, blank = is_valid[cell], is_missing_code[cell], u_empty[cell]
    status = np.where(
        asked,
        np.where(valid, _VALID, np.where(blank | missing, _MISSING, _INVALID)),
        np.where(~blank & ~missing, np.where(valid, _ANSWERED_NOT_ASKED, _INVALID), _NOT_ASKED),
    ).astype(np.int8)
    return _Piece(item=item, source=source.id, file=str(path), who=who, frame_rows=frame["__row__"].to_numpy(),
                  rows=rows, cell=cell, status=status, code=code,
                  raw=cells.astype("string").str.strip())


def _piece_frame(p: _Piece) -> pd.DataFrame:
    """A piece as the DataFrame the loader used to build per item (for :func:`_assemble_frames`)."""
    every = np.arange(len(p.who))
    cell = np.zeros(len(p.who), dtype=np.intp)
    cell[p.rows] = p.cell
    status = np.full(len(p.who), "", dtype=object)
    status[p.rows] = np.asarray(STATUSES, dtype=object)[p.status]
    part = pd.DataFrame({
        "respondent_id": p.who["respondent_id"].to_numpy(),
        "respondent_type": p.who["respondent_type"].to_numpy(),
        "source": p.source,
        "file": p.file,
        "row": p.frame_rows,
        "column": p.item.column,
        "sector": p.item.sector,
        "item": p.item.id,
        "measure": p.item.measure,
        "code": p.code.take(cell).to_numpy() if len(p.code) else p.code.to_numpy(),
        "raw": p.raw.take(cell).to_numpy(dtype=object) if len(p.raw) else p.raw.to_numpy(dtype=object),
        "status": status,
    }, index=every)
    return part.loc[p.rows].reset_index(drop=True)


def _label_lookup(codebook: Codebook) -> pd.DataFrame:
    """Detailed label and report category of every (item, code), from the codebook."""
    lookup = []
    for item in codebook.items:
        scale = codebook.scale(item.scale)
        cats = {str(c): g for g in codebook.report_categories(item) for c in g["codes"]}
        for c in scale.codes:
            g = cats.get(str(c.code))
            lookup.append((item.id, c.code, codebook.label(c.label), g["id"] if g else None, g["label"] if g else None))
    return pd.DataFrame(lookup, columns=["item", "code", "label", "category", "category_label"])


def _assemble_frames(frames, codebook: Codebook) -> pd.DataFrame:
    """The tidy table from per-item DataFrames: the general (slow) way, for the rare
    tables :func:`_assemble` does not build from arrays."""
    if not frames:
        return pd.DataFrame(columns=TIDY_COLUMNS)
    tidy = pd.concat(frames, ignore_index=True)
    lk = _label_lookup(codebook)
    if tidy["code"].dtype != lk["code"].dtype:
        lk["code"] = lk["code"].astype(tidy["code"].dtype)
    tidy = tidy.merge(lk, on=["item", "code"], how="left", sort=False)
    not_valid = ~tidy["status"].isin(["valid", "answered_not_asked"])
    tidy.loc[not_valid, ["label", "category", "category_label"]] = None
    for col in ("respondent_type", "source", "file", "column", "sector", "item", "measure", "status",
                "label", "category", "category_label"):
        tidy[col] = tidy[col].astype("category")
    tidy["row"] = tidy["row"].astype("int64")
    return tidy[TIDY_COLUMNS]


def _categorical(codes: np.ndarray, values: list, dtype=None) -> pd.Categorical:
    """Codes into ``values`` (None = NA) as a Categorical whose categories are the values
    present, sorted, as ``astype("category")`` makes them."""
    values = np.asarray(values, dtype=object)
    used = np.zeros(len(values) + 1, dtype=bool)
    used[codes] = True  # no sort of the (table-long) codes; -1 marks the extra last slot
    present = [v for v, u in zip(values, used) if u and v is not None and not (isinstance(v, float) and np.isnan(v))]
    categories = sorted(set(present))
    position = {v: k for k, v in enumerate(categories)}
    small = np.int8 if len(categories) < 127 else np.int16 if len(categories) < 32767 else np.int32
    remap = np.array([position.get(v, -1) if v is not None and not (isinstance(v, float) and np.isnan(v)) else -1
                      for v in values] + [-1], dtype=small)  # codes as small as the categories allow
    index = pd.Index(categories, dtype=dtype) if dtype is not None else pd.Index(categories)
    return pd.Categorical.from_codes(remap[codes], categories=index)


def _as_inferred(values: pd.Series):
    """``values`` as the loader's tables infer them from object arrays: text stays text
    (``str``); None when a column of only NA values would be inferred as object."""
    obj = values.to_numpy(dtype=object)
    out = pd.Series(obj, dtype=None) if len(obj) else None
    return out if out is not None and out.dtype != object else None


def _assemble(pieces, codebook: Codebook) -> pd.DataFrame:
    """The tidy table, built column by column from the pieces' arrays: per-row work is
    ``np.take`` and ``np.repeat``; strings are made once per distinct value."""
    total = sum(len(p.rows) for p in pieces)
    if total == 0:
        return _assemble_frames([_piece_frame(p) for p in pieces], codebook)
    lk = _label_lookup(codebook)
    numeric = not pieces or all(p.code.dtype == np.float64 for p in pieces)
    # respondents: each source's who once; a row points into their concatenation
    sources, offsets = {}, {}
    for p in pieces:
        if p.source not in sources:
            offsets[p.source] = sum(len(w) for w, _ in sources.values())
            sources[p.source] = (p.who, p.frame_rows)
    ids = _as_inferred(pd.Series(np.concatenate([w["respondent_id"].to_numpy(dtype=object) for w, _ in sources.values()])))
    texts = [] if numeric else [_as_inferred(p.code) for p in pieces]
    raws = [_as_inferred(p.raw) for p in pieces]
    keys = lk.assign(_lk=np.arange(len(lk)))
    if numeric:
        keys["code"] = keys["code"].astype(np.float64) if len(keys) else keys["code"]
    if (ids is None or any(t is None for t in texts) or any(r is None for r in raws)
            or keys.duplicated(["item", "code"]).any()
            or any(w["respondent_id"].isna().all() for w, _ in sources.values())):
        return _assemble_frames([_piece_frame(p) for p in pieces], codebook)

    n_rows = np.array([len(p.rows) for p in pieces])
    index_type = np.int32 if sum(len(w) for w, _ in sources.values()) < 2**31 else np.int64
    at = np.concatenate([offsets[p.source] + p.rows.astype(index_type) for p in pieces])
    piece_of = np.repeat(np.arange(len(pieces), dtype=np.int32), n_rows)
    types = np.concatenate([w["respondent_type"].to_numpy(dtype=object) for w, _ in sources.values()])
    t_codes, t_values = pd.factorize(types, use_na_sentinel=True)
    row_numbers = np.concatenate([r for _, r in sources.values()])
    # distinct values of all pieces, one after the other; a row's cell is offset into them
    starts = np.cumsum([0] + [len(p.code) for p in pieces])
    cell = np.concatenate([starts[k] + p.cell for k, p in enumerate(pieces)])
    if numeric:
        code = np.concatenate([p.code.to_numpy(dtype=np.float64) for p in pieces])[cell]
        code_keys = [p.code for p in pieces]
    else:
        code = pd.concat(texts, ignore_index=True).take(cell).reset_index(drop=True)
        code_keys = [t.astype(lk["code"].astype(t.dtype).dtype) for t in texts]
    raw = pd.concat(raws, ignore_index=True).take(cell).reset_index(drop=True)
    status = np.concatenate([p.status for p in pieces])
    # label and report category: the lookup row of each distinct value, for valid answers only
    lk_keys = keys if numeric else keys.assign(code=keys["code"].astype(texts[0].dtype))
    found = []
    for p, ck in zip(pieces, code_keys):
        small = pd.DataFrame({"item": p.item.id, "code": ck.to_numpy() if numeric else ck})
        hit = small.merge(lk_keys[["item", "code", "_lk"]], on=["item", "code"], how="left", sort=False)["_lk"]
        found.append(hit.fillna(-1).to_numpy(dtype=np.int64))
    lk_row = np.concatenate(found)[cell] if found else np.zeros(0, dtype=np.int64)
    lk_row[(status != _VALID) & (status != _ANSWERED_NOT_ASKED)] = -1

    def per_piece(values):
        return _categorical(piece_of, values)

    tidy = pd.DataFrame({
        "respondent_id": ids.take(at).reset_index(drop=True),
        "respondent_type": _categorical(t_codes[at], list(t_values)),
        "source": per_piece([p.source for p in pieces]),
        "file": per_piece([p.file for p in pieces]),
        "row": row_numbers[at].astype("int64"),
        "column": per_piece([p.item.column for p in pieces]),
        "sector": per_piece([p.item.sector for p in pieces]),
        "item": per_piece([p.item.id for p in pieces]),
        "measure": per_piece([p.item.measure for p in pieces]),
        "code": code,
        "raw": raw,
        "status": _categorical(status.astype(np.int64), list(STATUSES)),
        "label": _categorical(lk_row, list(lk["label"]), lk["label"].dtype),
        "category": _categorical(lk_row, list(lk["category"]), lk["category"].dtype),
        "category_label": _categorical(lk_row, list(lk["category_label"]), lk["category_label"].dtype),
    })
    del piece_of
    return tidy[TIDY_COLUMNS]


def _sources_of(spec, codebook, wide_all):
    """``(source, frame, who, mask)`` for each source a multi-response set or open question
    reads (its ``source``, or all), ``mask`` marking the rows of its respondent types;
    sources without such rows are skipped."""
    types = set(spec.respondent_types or [t.id for t in codebook.respondent_types])
    for source, frame, who, wide, cells in wide_all:
        if spec.source is not None and spec.source != source.id:
            continue
        mask = who["respondent_type"].isin(types).to_numpy()
        if mask.any():
            yield source, frame, who, mask


def _multi_response(codebook, wide_all, files, problems) -> pd.DataFrame:
    blocks = []  # per set and source: the columns of its rows (a scalar stands for every row)
    columns = ["respondent_id", "respondent_type", "set", "sector", "code", "label", "mentioned"]
    for mr in codebook.multi_response:
        for source, frame, who, mask in _sources_of(mr, codebook, wide_all):
            needed = list(mr.columns.values()) if mr.format == "binary" else [mr.column]
            absent = [c for c in needed if c not in frame.columns]
            if absent:
                problems.append(_problem("error", "missing_column", files[source.id], None, absent[0], None, mr.id,
                                         None, f"column {absent[0]!r} of multi-response set {mr.id!r} is not in the file"))
                continue
            sub, ids, tps, rws = frame.loc[mask], who.loc[mask, "respondent_id"], who.loc[mask, "respondent_type"], frame.loc[mask, "__row__"]
            ids, tps, rws = ids.to_numpy(dtype=object), tps.to_numpy(dtype=object), rws.to_numpy()
            valid_codes = {_norm_key(c.code): c for c in mr.codes}
            # each cell is read once per distinct value (a handful per column), spread with np.take
            if mr.format == "binary":
                for code, col in mr.columns.items():
                    cell, distinct = _distinct(sub[col])
                    keys = np.array([_norm_key(v) for v in distinct] + [""], dtype=object)[cell]
                    for k in np.flatnonzero(~np.isin(keys, ["", "0", "1"])):
                        problems.append(_problem("error", "invalid_code", files[source.id], int(rws[k]), col, ids[k],
                                                 mr.id, keys[k], "a 0/1 column holds something else"))
                    label = codebook.label(valid_codes[_norm_key(code)].label)
                    blocks.append((ids, tps, mr.id, mr.sector, [code] * len(ids), [label] * len(ids), keys == "1"))
            else:
                cell, distinct = _distinct(sub[mr.column])
                named = [{_norm_key(x) for x in ("" if _blank(v) else str(v)).split(mr.separator) if x.strip()}
                         for v in distinct]
                bad = [sorted(n - set(valid_codes)) for n in named]
                for k in np.flatnonzero(np.array([bool(b) for b in bad] + [False])[cell]):
                    for key in bad[cell[k]]:
                        problems.append(_problem("error", "invalid_code", files[source.id], int(rws[k]), mr.column,
                                                 ids[k], mr.id, key, f"code not in multi-response set {mr.id!r}"))
                said = np.array([[key in n for key in valid_codes] for n in named], dtype=bool)
                said = said.reshape(len(named), len(valid_codes))[cell]  # respondent x code, as the rows go
                n_codes = len(valid_codes)
                blocks.append((np.repeat(ids, n_codes), np.repeat(tps, n_codes), mr.id, mr.sector,
                               [c.code for c in valid_codes.values()] * len(ids),
                               [codebook.label(c.label) for c in valid_codes.values()] * len(ids), said.ravel()))
    if not blocks:
        return pd.DataFrame([], columns=columns)
    data = {}
    for j, name in enumerate(columns):
        parts = [b[j] if isinstance(b[j], (list, np.ndarray)) else [b[j]] * len(b[0]) for b in blocks]
        data[name] = [x for part in parts for x in (part.tolist() if isinstance(part, np.ndarray) else part)]
    return pd.DataFrame(data, columns=columns)


def _open_text(codebook, wide_all, files, problems) -> pd.DataFrame:
    """The non-empty open answers of every ``open_text`` question (see module doc)."""
    parts = []
    for ot in codebook.open_text:
        for source, frame, who, mask in _sources_of(ot, codebook, wide_all):
            if ot.column not in frame.columns:
                problems.append(_problem("error", "missing_column", files[source.id], None, ot.column, None, ot.id,
                                         None, f"column {ot.column!r} of open question {ot.id!r} is not in the file"
                                         + _did_you_mean(ot.column, frame.columns[1:])))
                continue
            text = frame[ot.column].astype("string").str.strip()
            keep = mask & (text.notna() & (text != "")).to_numpy(dtype=bool)
            parts.append(pd.DataFrame({
                "respondent_id": who["respondent_id"].to_numpy()[keep],
                "respondent_type": who["respondent_type"].to_numpy()[keep],
                "item": ot.id, "sector": ot.sector, "text": text.to_numpy(dtype=object)[keep],
            }, columns=OPEN_TEXT_COLUMNS))
    if not parts:
        return pd.DataFrame(columns=OPEN_TEXT_COLUMNS)
    return pd.concat(parts, ignore_index=True)
