"""export.csv_text: the CSV text of a long table, a distinct value rendered once, is pandas' to_csv to the byte."""
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from survey_inventory.export import write_csv
from survey_inventory.export.csv_text import csv_chunks

# the characters that decide quoting (comma, quote, CR, LF), a space, accents and formula starts
_TEXT = st.one_of(st.none(), st.text(alphabet=st.sampled_from(list(',"\r\n ab=+-é\t;')), max_size=6))


def _pandas(frame, lineterminator="\r\n"):
    return frame.to_csv(index=False, lineterminator=lineterminator)


@settings(max_examples=150, deadline=None)
@given(rows=st.lists(st.tuples(_TEXT, st.one_of(st.none(), st.integers(-10**12, 10**12)), st.booleans(), _TEXT),
                     max_size=12),
       chunk=st.integers(1, 5), terminator=st.sampled_from(["\r\n", "\n"]))
def test_the_text_is_to_csvs_to_the_byte(rows, chunk, terminator):
    texts, ints, flags, labels = zip(*rows) if rows else ((), (), (), ())
    frame = pd.DataFrame({
        "message, quoted": pd.Series(texts, dtype=object),
        "row": pd.array(ints, dtype="Int64"),
        "flag": pd.Series(flags, dtype=bool),
        "label": pd.Series(labels, dtype="category"),
        "text": pd.Series(texts, dtype="str"),
        "empty": pd.Series([float("nan")] * len(rows), dtype=float),
        "n": pd.Series([k * 7 - 20 for k in range(len(rows))], dtype="int64"),
    })
    assert "".join(csv_chunks(frame, terminator, rows=chunk)) == _pandas(frame, terminator)


@pytest.mark.parametrize("column", [
    pd.Series([0.5, float("nan")]),                                 # decimals: pandas' float format
    pd.Series(pd.to_datetime(["2026-01-01", None])),                # dates
    pd.Series(["a", 1], dtype=object),                              # mixed values
    pd.Series(pd.Categorical([0.5, 1.5])),                          # categories with decimals
])
def test_a_column_pandas_formats_itself_is_left_to_pandas(column):
    assert csv_chunks(pd.DataFrame({"a": ["x", "y"], "b": column})) is None


@pytest.mark.parametrize("columns", [[None, "a"], [0, 1], pd.MultiIndex.from_tuples([("a", "b"), ("c", "d")])])
def test_a_header_that_is_not_text_is_left_to_pandas(columns):
    # pandas writes None as an empty name and a header of several rows; its own writer does that
    assert csv_chunks(pd.DataFrame([["x", "y"]], columns=columns)) is None


def test_a_lone_column_is_left_to_pandas():
    # to_csv quotes a lone empty field ('""'), the only case where a field's quoting depends on its row
    assert csv_chunks(pd.DataFrame({"a": ["", "x"]})) is None


def test_write_csv_takes_the_fast_text_and_pandas_alike(tmp_path):
    frame = pd.DataFrame({"message": ["=1+1", 'a "b", c', None] * 3, "row": pd.array([1, None, 3] * 3, dtype="Int64")})
    with_floats = frame.assign(p=[0.25, None, 1.0] * 3)
    for f, name in ((frame, "fast.csv"), (with_floats, "pandas.csv")):
        expected = b"\xef\xbb\xbf" + f.assign(message=["'=1+1", 'a "b", c', None] * 3).to_csv(
            index=False, lineterminator="\r\n").encode()
        assert write_csv(f, tmp_path / name).read_bytes() == expected
