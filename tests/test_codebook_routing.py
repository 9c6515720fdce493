
import numpy as np
import pandas as pd
import pytest

from survey_inventory.codebook.routing import RoutingSyntaxError, parse

ANSWERS = pd.DataFrame({
    "fam": [1, 5, np.nan, 3, 9],
    "respondent_type": ["amr", "amr", "fund", "fund", "province"],
})


@pytest.mark.parametrize("text, expected", [
    ("fam != 5", [True, False, False, True, True]),
    ("fam == 5", [False, True, False, False, False]),
    ("fam <= 3", [True, False, False, True, False]),
    ("fam in [1, 3]", [True, False, False, True, False]),
    ("fam not in [1, 3]", [False, True, False, False, True]),
    ("fam is missing", [False, False, True, False, False]),
    ("fam is not missing", [True, True, False, True, True]),
    ("respondent_type == fund or fam != 5", [True, False, True, True, True]),
    ("fam is not missing and (respondent_type == 'fund' or fam != 5)", [True, False, False, True, True]),
    ("not (fam == 1 or fam == 3)", [False, True, True, False, True]),
])
def test_evaluate(text, expected):
    assert parse(text).evaluate(ANSWERS).tolist() == expected


@pytest.mark.parametrize("text", [
    "respondent_type == fund", "respondent_type != fund", "respondent_type in [amr, fund]",
    "respondent_type not in [amr]", "respondent_type == 5", "respondent_type is missing",
    "fam is not missing and (respondent_type == 'fund' or fam != 5)", "respondent_type != nobody",
])
def test_a_categorical_column_is_compared_as_its_text(text):
    # the loader hands routing the respondent types as a categorical (each category compared once);
    # a missing type is False both ways, as for text
    text_column = ANSWERS.assign(respondent_type=["amr", None, "fund", "fund", "province"])
    categorical = text_column.assign(respondent_type=text_column["respondent_type"].astype("category"))
    assert parse(text).evaluate(categorical).tolist() == parse(text).evaluate(text_column).tolist()
    assert isinstance(categorical["respondent_type"].dtype, pd.CategoricalDtype)


def test_comparison_with_missing_is_false_both_ways():
    # a skipped filter question routes nobody into the follow-up, whatever the operator
    assert not parse("fam != 1").evaluate(ANSWERS)[2]
    assert not parse("fam == 1").evaluate(ANSWERS)[2]


@pytest.mark.parametrize("text, fragment", [
    ("fam !=", "expected a value"),
    ("fam = 5", "cannot read"),
    ("(fam == 1", "expected )"),
    ("fam == 1 fam", "unexpected 'fam'"),
    ("__import__('os').system('x')", "cannot read"),
    ("fam ( 1", "expected a comparison"),
    ("", "empty"),
])
def test_syntax_errors(text, fragment):
    with pytest.raises(RoutingSyntaxError, match=None) as err:
        parse(text)
    assert fragment in str(err.value)


def test_names_are_collected():
    assert parse("a == 1 and (b in [2] or not c is missing)").names == {"a", "b", "c"}
