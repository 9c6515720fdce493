"""The registry of check names (survey_inventory/checks.py) covers every check the package emits."""
import ast
import re
from pathlib import Path

import pytest

from survey_inventory import checks
from survey_inventory.checks import CHECKS, severity
from survey_inventory.load import STATUSES

PACKAGE = Path(__file__).resolve().parents[1] / "survey_inventory"
BAD = Path(__file__).resolve().parent / "data" / "bad"
# a string literal next to the word "check": a problem row's check name, a comparison, a mapping
NEAR_CHECK = re.compile(r"""(?:check\w*["'\]]*\s*(?:==|!=|=|:|\(|\.isin\(\[?|\.map\(\{?)|problem\((?:\s*["'](?:error|warning)["']\s*,)?)"""
                        r"""\s*["']([a-z]+(?:_[a-z]+)+)["']""", re.IGNORECASE)


def _sources():
    return {p: p.read_text(encoding="utf-8") for p in sorted(PACKAGE.rglob("*.py"))}


def test_every_constant_is_registered_with_a_severity_and_meaning():
    names = {getattr(checks, n) for n in checks.__all__ if n.isupper() and n not in ("CHECKS", "ERROR", "WARNING")}
    assert names == set(CHECKS)
    assert all(c.severity in ("error", "warning") and c.meaning for c in CHECKS.values())
    with pytest.raises(KeyError, match="add it to survey_inventory/checks.py"):
        severity("no_such_check")


def _code_strings(text):
    """The string constants of a module's code (docstrings and their examples left out)."""
    tree = ast.parse(text)
    docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                  if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
                  and node.body and isinstance(node.body[0], ast.Expr)
                  and isinstance(node.body[0].value, ast.Constant)}
    return [node.value for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings]


def test_no_module_spells_a_registered_check_name_as_a_literal():
    """Check names are used by their constants (one place to rename or find them).
    ``answered_not_asked`` is also a status of the tidy table; as a status it is a literal."""
    names = set(CHECKS) - set(STATUSES)
    found = [(p.relative_to(PACKAGE).as_posix(), value) for p, text in _sources().items()
             if p.name != "checks.py" for value in _code_strings(text) if value in names]
    assert found == []


def test_no_module_uses_a_check_name_the_registry_lacks():
    found = [(p.relative_to(PACKAGE).as_posix(), name) for p, text in _sources().items()
             for name in NEAR_CHECK.findall(text) if name not in CHECKS]
    assert found == []


def test_the_literal_search_would_see_an_unregistered_check():
    """The two searches above find what they look for."""
    assert NEAR_CHECK.findall('problem("unregistered_check", file, ...)') == ["unregistered_check"]
    assert NEAR_CHECK.findall('_problem("error", "old_style", file, ...)') == ["old_style"]
    assert NEAR_CHECK.findall('report["check"] == "made_up"') == ["made_up"]
    assert NEAR_CHECK.findall('"check": "made_up"') == ["made_up"]
    assert NEAR_CHECK.findall('report["check"].isin(["made_up"])') == ["made_up"]


def test_every_check_the_bad_input_corpus_produces_is_registered():
    from survey_inventory.codebook import load_codebook
    from survey_inventory.errors import SurveyInputError
    from survey_inventory.load import load_study
    from survey_inventory.validate import validate

    seen = set()
    for codebook in sorted(BAD.glob("*.yaml")):
        try:
            report = validate(load_study(load_codebook(codebook)))
        except SurveyInputError:
            continue
        seen |= set(report["check"])
    assert seen and seen <= set(CHECKS)
