"""``validate --strict``: a codebook that is finished, not a draft.

A draft from ``codebook init`` marks with ``TODO`` what only a person can say; a
codebook with such a placeholder left, or with a key the model does not know (a typo
such as ``captoin``), is refused by :func:`strict_problems` with one line per problem
and its YAML path. The check reads the YAML file itself, so it reports every
placeholder even when the codebook would not load.

>>> _todo_problems({"study": {"title": "TODO titel"}, "items": [{"measure": "TODO"}]})
["study.title: placeholder 'TODO titel' left", "items[0].measure: placeholder 'TODO' left"]
"""
from __future__ import annotations

import difflib
import re
import types
import typing

from pydantic import BaseModel

from .model import Codebook
from .read import read_yaml_data, yaml_path
from .schema import yaml_keys

__all__ = ["PLACEHOLDER", "strict_problems", "unknown_keys"]

#: What marks a value still to be filled in.
PLACEHOLDER = re.compile(r"\bTODO\b")


def strict_problems(path) -> list[str]:
    """The problems ``validate --strict`` refuses: placeholders and unknown keys.

    Parameters
    ----------
    path : str or path-like
        The codebook file.

    Returns
    -------
    list of str
        ``"<YAML path>: <problem>"``, placeholders first, then unknown keys, each in
        file order; empty for a finished codebook.

    Raises
    ------
    CodebookError
        When the file cannot be read as YAML (line and column named).

    Examples
    --------
    >>> strict_problems("codebooks/bartels-2025.yaml")
    []
    """
    data = read_yaml_data(path)
    return _todo_problems(data) + unknown_keys(data)


def unknown_keys(data) -> list[str]:
    """Keys the codebook model does not know, with the nearest known key.

    Parameters
    ----------
    data : dict
        A codebook as read from YAML.

    Returns
    -------
    list of str
        ``"<YAML path>: unknown key 'x' (did you mean 'y'?)"`` per unknown key.

    Examples
    --------
    >>> unknown_keys({"study": {"id": "x", "titel": "X"}, "items": [{"id": "q", "captoin": 1}]})
    ["study: unknown key 'titel' (did you mean 'title'?)", "items[0]: unknown key 'captoin'"]
    """
    problems: list[str] = []
    _walk_keys(Codebook, data, (), problems)
    return problems


def _walk_keys(annotation, value, loc, problems):
    """Follow ``value`` down the model's annotations, noting keys no class declares."""
    model = _model_for(annotation, value)
    if model is not None:
        keys = yaml_keys(model)
        for key, child in value.items():
            if key in model.model_fields and key in keys:
                _walk_keys(model.model_fields[key].annotation, child, loc + (key,), problems)
            else:
                near = difflib.get_close_matches(str(key), keys, n=1)
                hint = f" (did you mean {near[0]!r}?)" if near else ""
                problems.append(f"{yaml_path(loc)}: unknown key {key!r}{hint}")
        return
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin is list and isinstance(value, list):
        for k, child in enumerate(value):
            _walk_keys(args[0], child, loc + (k,), problems)
    elif origin is dict and isinstance(value, dict) and len(args) == 2:
        for key, child in value.items():
            _walk_keys(args[1], child, loc + (key,), problems)


def _model_for(annotation, value):
    """The model class ``annotation`` allows for a mapping ``value`` (None if none)."""
    if not isinstance(value, dict):
        return None
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    if typing.get_origin(annotation) not in (typing.Union, types.UnionType):
        return None
    for arg in typing.get_args(annotation):
        if isinstance(arg, type) and issubclass(arg, BaseModel):
            return arg
    return None


def _todo_problems(data, loc=()) -> list[str]:
    problems = []
    if isinstance(data, dict):
        for key, value in data.items():
            if isinstance(key, str) and PLACEHOLDER.search(key):
                problems.append(f"{yaml_path(loc + (key,))}: placeholder in a key")
            problems += _todo_problems(value, loc + (key,))
    elif isinstance(data, list):
        for k, value in enumerate(data):
            problems += _todo_problems(value, loc + (k,))
    elif isinstance(data, str) and PLACEHOLDER.search(data):
        problems.append(f"{yaml_path(loc)}: placeholder {data!r} left")
    return problems
