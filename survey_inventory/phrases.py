"""The phrase catalogue: every fixed word a reader sees, in Dutch and English.

Labels of *a study* (its questions, categories, sectors, respondent types) come from
its codebook; every other reader-facing phrase comes from here, so a new language or
a better wording is one change in one file. The phrases are data, as a gettext
catalogue is: ``phrases.yaml`` beside this module, one section per stage, each entry a
key with its ``nl`` and ``en`` text; fields in braces are filled by :func:`say`. The file
is read once, when this module is imported.

>>> from survey_inventory.phrases import say
>>> say("figure", "en")
'Figure'
"""
from __future__ import annotations

from importlib import resources

import yaml

__all__ = ["PHRASES", "say"]

_LANGS = ("nl", "en")


class _CatalogueLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """YAML's safe loader, refusing a key given twice (PyYAML keeps the last one silently)."""

    def construct_mapping(self, node, deep=False):
        seen = set()
        for key_node, _ in node.value:
            if key_node.value in seen:
                raise ValueError(f"phrases.yaml line {key_node.start_mark.line + 1}: "
                                 f"{key_node.value!r} is given twice")
            seen.add(key_node.value)
        return super().construct_mapping(node, deep=deep)


def _read_catalogue(text: str) -> dict[str, tuple[str, str]]:
    """``{key: (nl, en)}`` from the catalogue's YAML text; a key may stand in one section only."""
    phrases: dict[str, tuple[str, str]] = {}
    for section, entries in yaml.load(text, Loader=_CatalogueLoader).items():
        for key, entry in entries.items():
            if key in phrases:
                raise ValueError(f"phrases.yaml: {key!r} of section {section!r} is already in another section")
            if not isinstance(entry, dict) or sorted(entry) != sorted(_LANGS):
                raise ValueError(f"phrases.yaml: {key!r} needs exactly the texts {' and '.join(_LANGS)}")
            phrases[key] = (entry["nl"], entry["en"])
    return phrases


PHRASES: dict[str, tuple[str, str]] = _read_catalogue(
    resources.files(__package__).joinpath("phrases.yaml").read_text(encoding="utf-8"))


def say(key: str, lang: str = "nl", **fields) -> str:
    """The phrase ``key`` in ``lang`` (``"nl"`` or ``"en"``), its ``{fields}`` filled.

    Parameters
    ----------
    key : str
        An entry of ``phrases.yaml``.
    lang : str
        ``"nl"`` or ``"en"``.
    **fields
        Values for the ``{fields}`` of the phrase.

    Returns
    -------
    str

    Examples
    --------
    >>> say("figure", "nl")
    'Figuur'
    >>> say("compare_adjustment", "en", method="Holm", m=3)
    'Holm (3 comparisons)'
    """
    text = PHRASES[key][1 if lang == "en" else 0]
    return text.format(**fields) if fields else text
