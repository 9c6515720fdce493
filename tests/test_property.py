"""Property-based tests: random tables and codebooks may be rejected, never crash.

Protects the CLI's promise of one clear line and no traceback for any input: the
loader, the validator, the codebook reader and the routing parser may raise only
:class:`~survey_inventory.errors.SurveyInputError` (``CodebookError``, ``LoadError``)
or :class:`~survey_inventory.codebook.routing.RoutingSyntaxError`; any other exception is a
bug found here. Crashes found this way have their own regression test below.
"""
from __future__ import annotations

import copy
import csv
import io
import tempfile
from contextlib import contextmanager
from pathlib import Path

import pandas as pd
import pytest
import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from survey_inventory.codebook import CodebookError, codebook_from_dict, load_codebook
from survey_inventory.errors import SurveyInputError
from survey_inventory.load import load_study
from survey_inventory.codebook.routing import RoutingSyntaxError, parse
from survey_inventory.validate import validate
from conftest import MINI, MINI_ROWS

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# -- strategies -------------------------------------------------------------------

NAMES = ["id", "type", "fam", "inv", "ID", " fam ", "fam.1", "Unnamed: 3", "", "=cmd", "inv;x"]
cell_text = st.one_of(
    st.sampled_from(["", " ", "1", "2", "3", "9", "7", "-1", "1.0", "2,0", "1e3", "nan", "NA", "inf",
                     "goed", "1;2", '"', "'", "\n", "\r\n", "p1", "=1+1", "\u2028", "\x00", "é", "\ufeff"]),
    st.integers(-10, 100).map(str),
    st.text(max_size=12),
)
header = st.lists(st.one_of(st.sampled_from(NAMES), st.text(max_size=8)), min_size=0, max_size=6)


@st.composite
def tables(draw):
    """A small table as CSV bytes: random header (often the real one), random cells."""
    cols = draw(st.one_of(st.just(["id", "type", "fam", "inv"]), header))
    width = max(len(cols), 1)
    rows = draw(st.lists(st.lists(st.one_of(cell_text, st.sampled_from(["1", "2"])), min_size=0,
                                  max_size=width + 1), max_size=6))
    delimiter = draw(st.sampled_from([";", ",", "\t", "|"]))
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=delimiter, lineterminator=draw(st.sampled_from(["\n", "\r\n"])))
    writer.writerow(cols)
    writer.writerows(rows)
    text = buf.getvalue() if draw(st.booleans()) else draw(st.sampled_from(["", "\n", " ", "\ufeff"])) + buf.getvalue()
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16"]))
    return text.encode(encoding, errors="replace")


@contextmanager
def _study_dir():
    """A fresh folder for one example, removed afterwards (hypothesis runs hundreds of examples
    per test, so pytest's one tmp_path per test will not do)."""
    with tempfile.TemporaryDirectory(prefix="prop-") as folder:
        yield Path(folder)


def _load_and_validate(folder: Path, codebook: dict, data: bytes, filename="data.csv"):
    """Load a study; only SurveyInputError may come out. Returns the report or None."""
    cb = copy.deepcopy(codebook)
    cb["sources"][0]["file"] = filename
    (folder / filename).write_bytes(data)
    path = folder / "codebook.yaml"
    path.write_text(yaml.safe_dump(cb, allow_unicode=True), encoding="utf-8")
    try:
        study = load_study(load_codebook(path))
    except SurveyInputError as exc:
        assert "\n" not in str(exc)
        return None
    report = validate(study)
    assert list(report.columns)[:3] == ["severity", "check", "file"]
    return report


# -- random data with the mini codebook --------------------------------------------

@SETTINGS
@given(data=tables(), delimiter=st.sampled_from([None, ";", ","]))
def test_random_tables_never_crash(data, delimiter):
    cb = copy.deepcopy(MINI)
    if delimiter:
        cb["sources"][0]["delimiter"] = delimiter
    with _study_dir() as folder:
        _load_and_validate(folder, cb, data)


@SETTINGS
@given(raw=st.binary(max_size=200))
def test_random_bytes_never_crash(raw):
    with _study_dir() as folder:
        _load_and_validate(folder, MINI, raw)


@settings(max_examples=40, deadline=None)
@given(rows=st.lists(st.lists(st.one_of(st.none(), st.integers(-5, 12), st.floats(allow_nan=True),
                                        st.booleans(), cell_text), max_size=5), max_size=5),
       names=st.one_of(st.just(["id", "type", "fam", "inv"]), header))
def test_random_workbooks_never_crash(rows, names):
    import openpyxl
    from openpyxl.utils.exceptions import IllegalCharacterError

    book = openpyxl.Workbook()
    try:
        for row in [names] + rows:
            book.active.append(row)
    except (IllegalCharacterError, ValueError):
        assume(False)  # openpyxl cannot write such a cell; no workbook can hold it
    buf = io.BytesIO()
    book.save(buf)
    with _study_dir() as folder:
        _load_and_validate(folder, MINI, buf.getvalue(), filename="data.xlsx")


# -- random codebooks ----------------------------------------------------------------

VALUES = st.one_of(st.none(), st.booleans(), st.integers(-3, 20), st.floats(allow_nan=True),
                   st.text(max_size=10), st.lists(st.integers(0, 5), max_size=3),
                   st.dictionaries(st.text(max_size=5), st.integers(0, 3), max_size=2),
                   st.sampled_from(["fam", "inv", "care", "province", "amr", "ghost", "fam != 3", "fam in [",
                                    "respondent_type == amr", "not (fam is missing)", "../x.csv", "/etc/passwd"]))


def _paths(obj, prefix=()):
    """Every path into a nested dict/list."""
    yield prefix
    if isinstance(obj, dict):
        for k, v in obj.items():
            yield from _paths(v, prefix + (k,))
    elif isinstance(obj, list):
        for k, v in enumerate(obj):
            yield from _paths(v, prefix + (k,))


ALL_PATHS = [p for p in _paths(MINI) if p]


@st.composite
def mutated_codebooks(draw):
    cb = copy.deepcopy(MINI)
    for _ in range(draw(st.integers(1, 4))):
        path = draw(st.sampled_from(ALL_PATHS))
        parent = cb
        try:
            for key in path[:-1]:
                parent = parent[key]
            action = draw(st.sampled_from(["drop", "replace", "replace", "duplicate"]))
            if action == "drop":
                del parent[path[-1]]
            elif action == "replace":
                parent[path[-1]] = draw(VALUES)
            elif isinstance(parent, list):
                parent.append(copy.deepcopy(parent[path[-1]]))
        except (KeyError, IndexError, TypeError):
            continue
    return cb


@SETTINGS
@given(cb=mutated_codebooks())
def test_mutated_codebooks_are_rejected_or_loaded(cb):
    try:
        codebook_from_dict(cb, path="cb.yaml")
    except CodebookError as exc:
        assert "\n" not in str(exc) and "cb.yaml" in str(exc)
        return
    with _study_dir() as folder:
        _load_and_validate(folder, cb, ("\n".join(MINI_ROWS) + "\n").encode())


@SETTINGS
@given(data=st.recursive(VALUES, lambda kids: st.one_of(st.lists(kids, max_size=3),
                                                         st.dictionaries(st.text(max_size=6), kids, max_size=3)),
                         max_leaves=12))
def test_arbitrary_yaml_data_is_rejected_cleanly(data):
    try:
        codebook_from_dict(data if isinstance(data, dict) else {"x": data}, path="cb.yaml")
    except CodebookError:
        pass


@SETTINGS
@given(text=st.text(max_size=60))
def test_random_yaml_text(text):
    with _study_dir() as folder:
        (folder / "cb.yaml").write_text(text, encoding="utf-8", errors="surrogatepass") if "\ud800" not in text \
            else (folder / "cb.yaml").write_bytes(text.encode("utf-8", "replace"))
        try:
            load_codebook(folder / "cb.yaml")
        except CodebookError as exc:
            assert "\n" not in str(exc)


# -- routing ------------------------------------------------------------------------

TOKENS = st.sampled_from(["fam", "inv", "respondent_type", "==", "!=", "<", "<=", ">", ">=", "in", "not",
                          "is", "missing", "and", "or", "(", ")", "[", "]", ",", "3", "-1", "2.5", "'x'",
                          '"y"', "amr", "1e5", "=", "!", "'", "#"])


@SETTINGS
@given(text=st.one_of(st.text(max_size=40), st.lists(TOKENS, max_size=12).map(" ".join)))
def test_routing_parse_never_crashes(text):
    try:
        rule = parse(text)
    except RoutingSyntaxError as exc:
        assert "\n" not in str(exc) or "\n" in text
        return
    frame = pd.DataFrame({n: pd.Series([1.0, None, 3.0], dtype=object) for n in rule.names})
    assert len(rule.evaluate(frame)) == 3


def test_deeply_nested_routing_is_a_syntax_error_not_a_recursion_error():
    with pytest.raises(RoutingSyntaxError):
        parse("(" * 5000 + "fam == 1" + ")" * 5000)
    with pytest.raises(RoutingSyntaxError):
        parse("not " * 5000 + "fam == 1")
    with pytest.raises(RoutingSyntaxError, match="nests more than"):
        parse(" and ".join(["fam == 1"] * 500))   # evaluation would recurse 500 deep
    assert parse(" and ".join(["fam == 1"] * 50)).evaluate(pd.DataFrame({"fam": [1, 2]})).tolist() == [True, False]


def test_figures_of_the_wrong_type_are_a_codebook_error():
    """Found by hypothesis: 'figures: true' crashed the validator with AttributeError."""
    cb = copy.deepcopy(MINI)
    cb["items"][0]["figures"] = True
    with pytest.raises(CodebookError, match=r"items\[0\]\.figures"):
        codebook_from_dict(cb)
