"""Codebook sections about how the report presents a study (not what the data mean).

These keys used to be the bundled study's constants inside the package: the party
types of the inventory and their labels, the legal forms, the response table's
headings, which measures the comparisons pair up as filter and follow-up, and whether a
published report exists. Each is a small pydantic class here; :mod:`.model` puts them
into :class:`~survey_inventory.codebook.model.Codebook`. Every key is optional, and
its default is what suits a new study.

>>> ResponseTableText.model_validate({"respondents": "Overige partijen"}).respondents.nl
'Overige partijen'
"""
from __future__ import annotations

from typing import Literal, Union

from pydantic import Field, field_validator

from .base import LABEL_HELP as _LABEL, Label, Section, as_label as _as_label

__all__ = ["NUMBERING", "PartyType", "LegalForm", "ResponseTableText", "MeasurePair"]

#: How figures are numbered (``Codebook.numbering``).
NUMBERING = ("per-sector", "flat", "explicit")


class PartyType(Section):
    """One type of party that can take part in a collaboration (an entry of ``inventory_parties:``).

    The inventory file has one column per party type, named by its ``id``.
    """

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$", description="Column of the inventory file, e.g. werkgevers.")
    label: Label = Field(description=f"Name shown in the participant tables; {_LABEL}.")
    always_shown: bool = Field(
        default=True,
        description="True: a row in every sector's table; False: only in sectors where some collaboration has it.")

    _label = field_validator("label", mode="before")(_as_label)


class LegalForm(Section):
    """One legal form a collaboration can have (an entry of ``inventory_legal_forms:``)."""

    code: str = Field(description="Value of the inventory's legal_form column; '' for 'not stated'.")
    label: Label = Field(description=f"How the tables print it; {_LABEL}.")

    _label = field_validator("label", mode="before")(_as_label)


class ResponseTableText(Section):
    """The words of the response table (``response_table:``); a heading left out is not printed."""

    collaborations: Label | None = Field(
        default=None, description=f"Heading of the rows of interviews per sector (``interviews:``); {_LABEL}.")
    respondents: Label | None = Field(
        default=None,
        description=f"Heading of the rows per respondent type; without it the types are listed without a "
                    f"heading row; {_LABEL}.")
    total: Label | None = Field(default=None, description=f"Label of the total row; {_LABEL}.")

    _label = field_validator("collaborations", "respondents", "total", mode="before")(_as_label)


class MeasurePair(Section):
    """Two measures the comparisons pair up per sector (an entry of ``comparisons:``):
    a filter question and the follow-up it routes, e.g. familiarity and involvement."""

    filter: str = Field(description="Id of the measure of the filter question, e.g. familiarity.")
    follow_up: str = Field(description="Id of the measure of the follow-up question, e.g. involvement.")
    active_codes: list[Union[int, float, str]] | None = Field(
        default=None,
        description="Codes of the follow-up's scale that count as 'active' (default: its first substantive code).")
    dont_know: Literal["no", "exclude"] = Field(
        default="no", description="'no': a non-substantive answer counts as not active; 'exclude': left out.")

