"""Reading a codebook: from a YAML file to a validated :class:`Codebook`.

Reading goes in steps, each refusing bad input with one line that names the file
and, where it can, the YAML path or the line and column:

1. the file's bytes, decoded as UTF-8 (a byte-order mark is allowed): only a regular
   file (a FIFO would block, ``/dev/zero`` never ends) of at most :data:`MAX_BYTES`;
2. YAML parsed with the safe loader (libyaml's C parser where installed: a 2.8 MB file
   took 25 s with the pure-Python one): plain data only, no tags that build objects,
   no key given twice in one mapping (the second would silently replace the first);
3. a limit on how far aliases expand (a "billion laughs" file is refused quickly);
4. no control characters in any text (no output file format could hold them);
5. the model's own validation (:mod:`~survey_inventory.codebook.model`), every
   problem with its YAML path;
6. the cross-references between sections (:mod:`~survey_inventory.codebook.references`).
"""
from __future__ import annotations

import hashlib
import os
import re
import stat
from pathlib import Path

import yaml
from pydantic import ValidationError

from ..errors import SurveyInputError, shorten
from .model import Codebook
from .references import cross_references

__all__ = ["CodebookError", "load_codebook", "codebook_from_dict", "example_codebook", "read_yaml_data", "yaml_path", "MAX_NODES",
           "MAX_BYTES"]


class CodebookError(SurveyInputError):
    """A codebook that cannot be used; the message lists every problem with its YAML path."""


#: A real codebook has a few thousand YAML values; YAML aliases can make a small
#: file expand to billions (each alias is a reference, so loading is cheap but any
#: walk over the data, e.g. validation, is not).
MAX_NODES = 1_000_000
#: The largest codebook file read (the bundled one is about 20 kB).
MAX_BYTES = 5 * 1024 * 1024

#: The safe loader, libyaml's C parser where PyYAML was built with it.
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_codebook(path) -> Codebook:
    """Read and validate a YAML codebook.

    Parameters
    ----------
    path : str or path-like
        The codebook file; the files it names are relative to its folder.

    Returns
    -------
    Codebook
        With ``path`` (resolved) and ``sha256`` (of the file's bytes) set.

    Raises
    ------
    CodebookError
        Naming the file and every problem with its YAML path (syntax errors with
        their line and column).

    Examples
    --------
    >>> import tempfile, os
    >>> bad = "study: {id: x, title: X}\\nrespondent_types: []\\n"
    >>> with tempfile.NamedTemporaryFile("w", suffix=".yaml", delete=False) as f:
    ...     _ = f.write(bad)
    >>> try:
    ...     load_codebook(f.name)
    ... except CodebookError as e:
    ...     print(str(e).split(": ", 1)[1][:59])
    codebook has 4 problems: respondent_types: List should have
    >>> os.unlink(f.name)
    """
    path = Path(path)
    raw_bytes = _read_bytes(path)
    data = _parse_yaml(_decode(raw_bytes, path), path)
    size = _expanded_size(data)
    if size > MAX_NODES:
        raise CodebookError(f"YAML expands to more than {MAX_NODES} values (aliases used as a "
                            "'billion laughs' bomb?); a codebook is far smaller", file=path)
    if not isinstance(data, dict):
        raise CodebookError("a codebook is a YAML mapping with sections study, respondent_types, "
                            "sources, scales, items", file=path)
    return codebook_from_dict(data, path=path, sha256=hashlib.sha256(raw_bytes).hexdigest())


def codebook_from_dict(data: dict, *, path=None, sha256=None) -> Codebook:
    """Validate a codebook given as a dict (as read from YAML).

    Parameters
    ----------
    data : dict
        The codebook's sections, as :func:`yaml.safe_load` returns them.
    path : str or path-like, optional
        The file the data came from: named in errors, stored (resolved) as ``Codebook.path``.
    sha256 : str, optional
        Stored as ``Codebook.sha256``.

    Returns
    -------
    Codebook

    Raises
    ------
    CodebookError
        One line listing every problem with its YAML path.

    Examples
    --------
    >>> from survey_inventory.codebook.model import _EXAMPLE
    >>> codebook_from_dict(_EXAMPLE).item("fam").scale
    'fam'
    >>> codebook_from_dict({**_EXAMPLE, "sectors": []}, path="cb.yaml")
    Traceback (most recent call last):
    ...
    survey_inventory.codebook.read.CodebookError: cb.yaml: codebook has 2 problems: items[0].sector: unknown sector 'care'; items[1].sector: unknown sector 'care'
    """
    where = path if path is not None else "codebook"
    control = _control_characters(data)
    if control:  # no output file (xlsx, docx, svg) could hold them
        raise CodebookError(_summarise(control), file=where)
    try:
        cb = Codebook.model_validate(data)
    except ValidationError as exc:
        problems = [f"{_yaml_path(err['loc'])}: {err['msg']}" for err in exc.errors()]
        raise CodebookError(_summarise(problems), file=where) from None
    problems = cross_references(cb)
    if problems:
        raise CodebookError(_summarise(problems), file=where)
    return cb.model_copy(update={"path": Path(path).resolve() if path else None, "sha256": sha256})


# -- the steps of reading -------------------------------------------------------


def example_codebook(**sections) -> Codebook:
    """A small valid codebook for examples: ``sections`` replace or add top-level sections.

    The base has two respondent types (12 provinces, 35 AMRs), one source, one
    Good/Bad scale (missing code 9), one measure, one sector and two items.

    Parameters
    ----------
    **sections
        Codebook sections as :func:`codebook_from_dict` takes them, e.g.
        ``multi_response=[...]``.

    Returns
    -------
    Codebook

    Examples
    --------
    >>> cb = example_codebook(study={"id": "demo", "title": "Demo", "language": "en"})
    >>> cb.study.id, [t.population for t in cb.respondent_types], cb.label(cb.sector("care").label)
    ('demo', [12, 35], 'care')
    """
    from .model import _EXAMPLE

    return codebook_from_dict({**_EXAMPLE, **sections})


def _read_bytes(path: Path, limit: int = MAX_BYTES) -> bytes:
    """The file's bytes; only a regular file, of at most ``limit`` bytes. Opened without
    blocking (a FIFO would wait forever for a writer) and checked on the open file."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        raise CodebookError(f"cannot read codebook: {exc.strerror or exc}", file=path) from None
    with os.fdopen(fd, "rb") as f:
        info = os.fstat(f.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise CodebookError("the codebook is not a regular file (a pipe, a device or a folder?)",
                                file=path) from None
        if info.st_size > limit:
            raise CodebookError(f"the codebook is {info.st_size / 2**20:.1f} MB; a codebook is far smaller "
                                f"(limit {limit // 2**20} MB)", file=path)
        try:
            data = f.read(limit + 1)
        except OSError as exc:
            raise CodebookError(f"cannot read codebook: {exc.strerror or exc}", file=path) from None
    if len(data) > limit:  # grew while being read
        raise CodebookError(f"the codebook is larger than {limit // 2**20} MB", file=path)
    return data


def _decode(raw_bytes: bytes, path: Path) -> str:
    try:
        return raw_bytes.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CodebookError(f"codebook is not UTF-8 text (byte {exc.start})", file=path) from None


def _parse_yaml(text: str, path: Path):
    try:
        data = _safe_load(text, path)  # plain data only: no tags that build Python objects
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        if isinstance(exc, yaml.constructor.ConstructorError) and "tag" in problem:
            tag = re.search(r"'([^']*)'", problem)
            raise CodebookError(f"YAML at {where}tag {tag.group(1) if tag else ''!r} is not allowed: a codebook is "
                                "plain data and nothing in it is run", file=path) from None
        raise CodebookError(f"YAML syntax error at {where}{problem}{_syntax_hint(problem)}", file=path) from None
    except RecursionError:
        raise CodebookError("YAML is nested too deeply", file=path) from None
    return data


def _safe_load(text: str, path: Path):
    """``yaml.safe_load`` with the C parser where available, refusing a key given twice in
    one mapping (YAML says keys are unique; PyYAML keeps the last silently)."""
    loader = _UniqueKeyLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        try:
            return loader.construct_document(node)
        except _KeyTwice:
            where, key, first, again = _duplicate_key(node)  # the YAML path, looked up only now
            raise CodebookError(f"{where}: key {shorten(key)!r} appears twice in one mapping (lines "
                                f"{first.line + 1} and {again.line + 1}); the second would replace the first",
                                file=path) from None
    finally:
        loader.dispose()


class _KeyTwice(Exception):
    """A mapping gives one key twice (:func:`_duplicate_key` finds where)."""


class _UniqueKeyLoader(_SafeLoader):
    """The safe loader, refusing a mapping that gives a key twice (merge keys ``<<`` aside)."""

    def construct_mapping(self, node, deep=False):
        if isinstance(node, yaml.MappingNode):
            keys = [(k.tag, k.value) for k, _ in node.value
                    if isinstance(k, yaml.ScalarNode) and k.tag != "tag:yaml.org,2002:merge"]
            if len(set(keys)) != len(keys):
                raise _KeyTwice()
        return super().construct_mapping(node, deep=deep)


def _duplicate_key(root):
    """``(yaml path, key, first mark, second mark)`` of the first key given twice in a
    mapping of the node tree, or None. Each node is visited once (aliases share nodes)."""
    seen_nodes, stack = set(), [((), root)]
    while stack:
        loc, node = stack.pop()
        if id(node) in seen_nodes:
            continue
        seen_nodes.add(id(node))
        if isinstance(node, yaml.MappingNode):
            keys = {}
            for key_node, value_node in node.value:
                if isinstance(key_node, yaml.ScalarNode):
                    if key_node.tag == "tag:yaml.org,2002:merge":
                        continue
                    key = (key_node.tag, key_node.value)
                    if key in keys:
                        return _yaml_path(loc + (key_node.value,)), key_node.value, keys[key], key_node.start_mark
                    keys[key] = key_node.start_mark
                    stack.append((loc + (key_node.value,), value_node))
                else:
                    stack.append((loc, value_node))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((loc + (k,), v) for k, v in reversed(list(enumerate(node.value))))
    return None


def _expanded_size(data, limit: int = MAX_NODES) -> int:
    """Number of values the data has when every alias is expanded (capped just past
    ``limit``; a structure that contains itself counts as past it). Each distinct
    object is visited once, so this takes time linear in the file."""
    if not isinstance(data, (dict, list)):
        return 1
    sizes: dict[int, int] = {}
    open_: set[int] = set()
    stack = [(data, False)]
    while stack:
        obj, children_done = stack.pop()
        kids = [k for k in (obj.values() if isinstance(obj, dict) else obj) if isinstance(k, (dict, list))]
        if children_done:
            leaves = len(obj) * (2 if isinstance(obj, dict) else 1) - len(kids)
            sizes[id(obj)] = min(1 + leaves + sum(sizes[id(k)] for k in kids), limit + 1)
            open_.discard(id(obj))
            continue
        if id(obj) in sizes:
            continue
        if any(id(k) in open_ for k in kids) or id(obj) in open_:
            return limit + 1  # recursive: infinite when expanded
        open_.add(id(obj))
        stack.append((obj, True))
        stack.extend((k, False) for k in kids if id(k) not in sizes)
    return sizes[id(data)]


_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")   # what XML (xlsx, docx, svg) cannot hold


def _control_characters(data, limit: int = 5) -> list[str]:
    """YAML paths of texts holding a control character (other than tab and line ends)."""
    problems, stack = [], [((), data)]
    while stack and len(problems) < limit:
        loc, obj = stack.pop()
        if isinstance(obj, dict):
            for k, v in obj.items():
                if isinstance(k, str) and _CONTROL.search(k):
                    problems.append(f"{_yaml_path(loc + (k,))}: control character U+{ord(_CONTROL.search(k).group()):04X} "
                                    "in a name")
                stack.append((loc + (k,), v))
        elif isinstance(obj, list):
            stack.extend((loc + (k,), v) for k, v in enumerate(obj))
        elif isinstance(obj, str) and _CONTROL.search(obj):
            problems.append(f"{_yaml_path(loc)}: control character U+{ord(_CONTROL.search(obj).group()):04X} "
                            "in a text (a codebook holds printable text, tabs and line ends only)")
    return sorted(problems)


# -- error messages -------------------------------------------------------------

def _summarise(problems):
    if len(problems) == 1:
        return f"codebook problem: {problems[0]}"
    return f"codebook has {len(problems)} problems: " + "; ".join(problems)


def _yaml_path(loc) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out or "(top level)"


# -- reading without validating (validate --strict) ------------------------------

def read_yaml_data(path):
    """A codebook file's YAML as plain data, read with the same limits as
    :func:`load_codebook` but not validated (``validate --strict`` walks it).

    Parameters
    ----------
    path : str or path-like

    Returns
    -------
    object
        What the YAML holds (a dict for a codebook).

    Raises
    ------
    CodebookError
        For an unreadable file, text that is not UTF-8 or a YAML syntax error.

    Examples
    --------
    >>> read_yaml_data("codebooks/llo-2026.yaml")["study"]["id"]
    'llo-2026'
    """
    path = Path(path)
    return _parse_yaml(_decode(_read_bytes(path), path), path)


def yaml_path(loc) -> str:
    """A location in the codebook as its YAML path, e.g. ``items[3].scale``.

    Parameters
    ----------
    loc : sequence of str and int
        Keys and list positions from the top.

    Returns
    -------
    str

    Examples
    --------
    >>> yaml_path(("items", 3, "scale")), yaml_path(())
    ('items[3].scale', '(top level)')
    """
    return _yaml_path(loc)


#: Usual causes of PyYAML's syntax errors, and what to do (first match wins).
_SYNTAX_HINTS = (
    ("mapping values are not allowed", "put text that contains ': ' in quotes, e.g. label: \"Bekend: ja\""),
    ("could not find expected ':'", "put text that contains ': ', '?' or ' #' in quotes, or add the "
                                    "missing ':' after the key"),
    ("cannot start any token", "indent with spaces, not tabs; put text that starts with '@', '`', '%' "
                               "or '*' in quotes"),
    ("found unexpected end of stream", "a quote is not closed"),
    ("found unknown escape character", "in double quotes a backslash starts an escape; use single quotes"),
    ("expected <block end>", "check the indentation: keys of one mapping line up, list items start "
                             "with '- ' at the same column"),
    ("did not find expected key", "check the indentation, and put text that contains ': ', '?', '[' "
                                  "or ' #' in quotes"),
    ("did not find expected '-'", "check the indentation of the list items ('- ' at the same column)"),
    ("found character", "put text that contains special characters (':', '?', '#', '[', '{') in quotes"),
)


def _syntax_hint(problem: str) -> str:
    """'; hint: ...' for a PyYAML problem text with a usual cause, else ''."""
    for fragment, hint in _SYNTAX_HINTS:
        if fragment in (problem or ""):
            return f"; {hint}"
    return ""
