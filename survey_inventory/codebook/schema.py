"""The codebook's keys as data: every model class, and a JSON Schema for editors.

``survey-inventory codebook schema`` prints :func:`codebook_schema`; an editor with a
YAML language server then completes and checks keys as one types, e.g. with a first
line ``# yaml-language-server: $schema=codebook.schema.json``. The key reference
``docs/codebook.md`` is checked against :func:`model_classes` by the tests, so the
documentation cannot fall behind the model.

>>> [cls.__name__ for cls in model_classes()][:3]
['Codebook', 'StudyInfo', 'Label']
"""
from __future__ import annotations

import typing

from pydantic import BaseModel

from .model import Codebook

__all__ = ["INTERNAL_FIELDS", "model_classes", "yaml_keys", "codebook_schema"]

#: Fields set when a codebook is read, not written in the YAML file.
INTERNAL_FIELDS = {"Codebook": ("path", "sha256")}


def model_classes(root: type[BaseModel] = Codebook) -> list[type[BaseModel]]:
    """Every model class a codebook is made of, ``root`` first, then in the order
    their keys first appear (depth first).

    Parameters
    ----------
    root : pydantic model class
        Where to start (default: :class:`Codebook`).

    Returns
    -------
    list of classes

    Examples
    --------
    >>> names = [cls.__name__ for cls in model_classes()]
    >>> "ScaleCode" in names and "PartyType" in names and len(names) == len(set(names))
    True
    """
    found: list[type[BaseModel]] = []

    def visit(annotation):
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            if annotation not in found:
                found.append(annotation)
                for field in annotation.model_fields.values():
                    visit(field.annotation)
            return
        for arg in typing.get_args(annotation):
            visit(arg)

    visit(root)
    return found


def yaml_keys(cls: type[BaseModel]) -> list[str]:
    """The keys a YAML codebook may write for a model class (internal fields left out).

    Parameters
    ----------
    cls : pydantic model class

    Returns
    -------
    list of str
        In the model's order.

    Examples
    --------
    >>> yaml_keys(Codebook)[:3], "path" in yaml_keys(Codebook)
    (['study', 'respondent_types', 'interviews'], False)
    """
    hidden = INTERNAL_FIELDS.get(cls.__name__, ())
    return [name for name in cls.model_fields if name not in hidden]


def codebook_schema() -> dict:
    """A JSON Schema (draft 2020-12) of a codebook file, from the pydantic model.

    Returns
    -------
    dict
        The schema: every key with its description, type, default and allowed
        values; unknown keys not allowed; the internal fields (``path``, ``sha256``)
        left out.

    Examples
    --------
    >>> schema = codebook_schema()
    >>> schema["title"], "path" in schema["properties"], schema["additionalProperties"]
    ('Codebook', False, False)
    >>> schema["$defs"]["Item"]["properties"]["asked_note"]["description"][:24]
    'The routing note printed'
    >>> schema["$defs"]["Label"]["anyOf"][0]
    {'type': 'string'}
    """
    schema = Codebook.model_json_schema(mode="validation")
    for cls_name, fields in INTERNAL_FIELDS.items():
        target = schema if cls_name == "Codebook" else schema["$defs"][cls_name]
        for name in fields:
            target.get("properties", {}).pop(name, None)
            if name in target.get("required", []):
                target["required"].remove(name)
    label = schema["$defs"]["Label"]   # a plain string is a label too (in the study's language)
    schema["$defs"]["Label"] = {"anyOf": [{"type": "string"}, label], "description": label.get("description", "")}
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["description"] = ("A survey-inventory codebook (YAML). Keys and their meaning: docs/codebook.md. "
                             + (schema.get("description") or ""))
    return schema
