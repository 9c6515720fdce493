"""The routing language: who was asked a question.

A codebook says when an item was asked with a small declarative expression, for
example ``care_familiarity != 5`` ("asked unless the respondent knows the
collaborations very badly"). The package parses it with its own grammar and
evaluates it on a table of answers; it is never passed to ``eval`` or
``DataFrame.query``, so a codebook cannot run code.

Grammar::

    expr    := and ("or" and)*
    and     := unary ("and" unary)*
    unary   := "not" unary | "(" expr ")" | test
    test    := NAME op value
             | NAME ["not"] "in" "[" value ("," value)* "]"
             | NAME "is" ["not"] "missing"
    op      := "==" | "!=" | "<" | "<=" | ">" | ">="
    value   := number | NAME | 'text' | "text"

``NAME`` is an item id or ``respondent_type``. A comparison with a missing answer
is false (a respondent who skipped the filter question was not routed into the
follow-up); ``is missing`` tests for that explicitly.

>>> rule = parse("care_familiarity != 5 and respondent_type in [province, amr]")
>>> sorted(rule.names)
['care_familiarity', 'respondent_type']
>>> import pandas as pd
>>> answers = pd.DataFrame({"care_familiarity": [1, 5, None],
...                         "respondent_type": ["amr", "amr", "province"]})
>>> rule.evaluate(answers).tolist()
[True, False, False]
"""
from __future__ import annotations

import operator
import re
from dataclasses import dataclass, field

import numpy as np

__all__ = ["RoutingSyntaxError", "Rule", "parse"]

_TOKEN = re.compile(
    r"""\s*(?:
        (?P<number>-?\d+(?:\.\d+)?)
      | (?P<string>'[^']*'|"[^"]*")
      | (?P<op>==|!=|<=|>=|<|>)
      | (?P<punct>[\[\](),])
      | (?P<name>[A-Za-z_][A-Za-z0-9_.\-]*)
    )""",
    re.VERBOSE,
)
_KEYWORDS = {"and", "or", "not", "in", "is", "missing"}
_OPS = {
    "==": operator.eq, "!=": operator.ne, "<": operator.lt,
    "<=": operator.le, ">": operator.gt, ">=": operator.ge,
}


class RoutingSyntaxError(ValueError):
    """A routing expression that does not follow the grammar."""


@dataclass(frozen=True)
class Rule:
    """A parsed routing expression: evaluate it on a table of answers.

    Attributes
    ----------
    text : str
        The expression as written (surrounding blanks removed).
    tree : tuple
        The parsed expression: ``("and"|"or", left, right)``, ``("not", node)``,
        ``("cmp", name, op, value)``, ``("in"|"notin", name, values)`` or ``("missing", name)``.
    names : frozenset
        The item ids (and ``respondent_type``) the expression reads.
    """

    text: str
    tree: tuple
    names: frozenset = field(default_factory=frozenset)

    def evaluate(self, answers):
        """Who was asked: one boolean per row of ``answers``.

        Parameters
        ----------
        answers : pandas.DataFrame
            One column per name the rule uses; missing answers as NaN/None.

        Returns
        -------
        numpy.ndarray of bool
            True where the row was asked. A comparison with a missing answer is False.

        Examples
        --------
        >>> import pandas as pd
        >>> parse("fam in [1, 2]").evaluate(pd.DataFrame({"fam": [1, 3, None]})).tolist()
        [True, False, False]
        """
        return _evaluate(self.tree, answers)

    def __str__(self) -> str:
        return self.text


def parse(text: str) -> Rule:
    """Parse a routing expression (grammar in the module docstring).

    Parameters
    ----------
    text : str
        The expression, e.g. ``"care_familiarity != 5"``.

    Returns
    -------
    Rule

    Raises
    ------
    RoutingSyntaxError
        With the position of the first thing that does not fit the grammar, or when
        the expression nests deeper than :data:`MAX_DEPTH`.

    Examples
    --------
    >>> parse("fam is not missing and not (fam == 5)").tree
    ('and', ('not', ('missing', 'fam')), ('not', ('cmp', 'fam', '==', 5)))
    >>> parse("fam = 5")
    Traceback (most recent call last):
    ...
    survey_inventory.codebook.routing.RoutingSyntaxError: cannot read '= 5' at character 4 of 'fam = 5'
    """
    if not isinstance(text, str) or not text.strip():
        raise RoutingSyntaxError("empty routing expression")
    tokens = _tokenize(text)
    parser = _Parser(text, tokens)
    tree = parser.expr()
    if parser.pos != len(tokens):
        kind, value, col = tokens[parser.pos]
        raise RoutingSyntaxError(f"unexpected {value!r} at character {col + 1} of {text!r}")
    if _depth(tree) > MAX_DEPTH:
        raise RoutingSyntaxError(f"routing expression nests more than {MAX_DEPTH} levels deep "
                                 f"(split it up): {text[:40]!r}...")
    return Rule(text=text.strip(), tree=tree, names=frozenset(_names(tree)))


#: How deep a routing expression may nest (brackets, not, and/or chains). Real rules
#: nest two or three levels; the limit keeps parsing and evaluation off Python's
#: recursion limit, so a hostile codebook gets a syntax error, not a crash.
MAX_DEPTH = 100


def _depth(tree) -> int:
    deepest, stack = 0, [(tree, 1)]
    while stack:
        node, d = stack.pop()
        deepest = max(deepest, d)
        if node[0] in ("and", "or"):
            stack += [(node[1], d + 1), (node[2], d + 1)]
        elif node[0] == "not":
            stack.append((node[1], d + 1))
    return deepest


def _tokenize(text):
    tokens, pos = [], 0
    while pos < len(text):
        if text[pos:].strip() == "":
            break
        m = _TOKEN.match(text, pos)
        if not m or m.end() == pos:
            raise RoutingSyntaxError(f"cannot read {text[pos:].strip()[:20]!r} at character {pos + 1} of {text!r}")
        kind = m.lastgroup
        value = m.group(kind)
        start = m.start(kind)
        if kind == "name" and value in _KEYWORDS:
            kind = "kw"
        elif kind == "number":
            value = float(value) if "." in value else int(value)
        elif kind == "string":
            value = value[1:-1]
        tokens.append((kind, value, start))
        pos = m.end()
    return tokens


class _Parser:
    def __init__(self, text, tokens):
        self.text, self.tokens, self.pos, self.nesting = text, tokens, 0, 0

    def _peek(self, kind=None, value=None):
        if self.pos >= len(self.tokens):
            return None
        tok = self.tokens[self.pos]
        if (kind is None or tok[0] == kind) and (value is None or tok[1] == value):
            return tok
        return None

    def _take(self, kind, value=None, what=None):
        tok = self._peek(kind, value)
        if tok is None:
            found = self.tokens[self.pos] if self.pos < len(self.tokens) else None
            where = f"{found[1]!r} at character {found[2] + 1}" if found else "the end"
            raise RoutingSyntaxError(f"expected {what or value or kind} but found {where} in {self.text!r}")
        self.pos += 1
        return tok

    def _chain(self, word, operand):
        """``operand (word operand)*``, grouped to the left: ``(word, left, right)``."""
        node = operand()
        while self._peek("kw", word):
            self.pos += 1
            node = (word, node, operand())
        return node

    def expr(self):
        return self._chain("or", self.conj)

    def conj(self):
        return self._chain("and", self.unary)

    def unary(self):
        if self._peek("kw", "not") or self._peek("punct", "("):
            self.nesting += 1
            if self.nesting > MAX_DEPTH:
                raise RoutingSyntaxError(f"routing expression nests more than {MAX_DEPTH} levels deep "
                                         f"(split it up): {self.text[:40]!r}...")
            try:
                if self._peek("kw", "not"):
                    self.pos += 1
                    return ("not", self.unary())
                self.pos += 1
                node = self.expr()
                self._take("punct", ")")
                return node
            finally:
                self.nesting -= 1
        return self.test()

    def test(self):
        name = self._take("name", what="an item id or respondent_type")[1]
        if self._peek("op"):
            op = self._take("op")[1]
            return ("cmp", name, op, self.value())
        negate = False
        if self._peek("kw", "is"):
            self.pos += 1
            if self._peek("kw", "not"):
                self.pos += 1
                negate = True
            self._take("kw", "missing")
            node = ("missing", name)
            return ("not", node) if negate else node
        if self._peek("kw", "not"):
            self.pos += 1
            negate = True
        self._take("kw", "in", what="a comparison (==, !=, <, <=, >, >=, in, is missing)")
        self._take("punct", "[")
        values = [self.value()]
        while self._peek("punct", ","):
            self.pos += 1
            values.append(self.value())
        self._take("punct", "]")
        return ("notin" if negate else "in", name, tuple(values))

    def value(self):
        tok = self._peek("number") or self._peek("string") or self._peek("name")
        if tok is None:
            self._take("number", what="a value")
        self.pos += 1
        return tok[1]


def _names(tree):
    kind = tree[0]
    if kind in ("and", "or"):
        return _names(tree[1]) | _names(tree[2])
    if kind == "not":
        return _names(tree[1])
    return {tree[1]}


def _compare(series, op, literal):
    """Vectorised comparison of one answer column with a literal; missing -> False."""
    import pandas as pd

    if isinstance(literal, (int, float)):
        values = pd.to_numeric(series, errors="coerce").to_numpy(dtype=float)
        with np.errstate(invalid="ignore"):
            hit = _OPS[op](values, float(literal))
        return hit & ~np.isnan(values)
    if op not in ("==", "!="):
        return np.zeros(len(series), dtype=bool)
    if isinstance(series.dtype, pd.CategoricalDtype):  # each category compared once (the respondent type)
        per_category = _OPS[op](series.cat.categories.astype(str).to_numpy(dtype=object), str(literal))
        return np.append(np.asarray(per_category, dtype=bool), False)[series.cat.codes.to_numpy()]  # -1: missing
    text = series.astype(str).to_numpy()
    hit = _OPS[op](text, str(literal))
    return hit & series.notna().to_numpy()


def _evaluate(tree, answers):
    kind = tree[0]
    if kind == "and":
        return _evaluate(tree[1], answers) & _evaluate(tree[2], answers)
    if kind == "or":
        return _evaluate(tree[1], answers) | _evaluate(tree[2], answers)
    if kind == "not":
        return ~_evaluate(tree[1], answers)
    series = answers[tree[1]]
    if kind == "missing":
        return series.isna().to_numpy()
    if kind == "cmp":
        return _compare(series, tree[2], tree[3])
    hit = np.zeros(len(series), dtype=bool)
    for literal in tree[2]:
        hit |= _compare(series, "==", literal)
    if kind == "in":
        return hit
    return ~hit & series.notna().to_numpy()
