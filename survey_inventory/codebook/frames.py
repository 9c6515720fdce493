"""Population frames and weights in the codebook: a respondent type's ``frame:``.

A frame lists every unit approached (unit id and attributes such as province or size
class); ``weighting:`` says how respondents are weighted to it. The loader reads the
frame (:mod:`survey_inventory.load.frame`), the estimates use it
(:mod:`survey_inventory.estimate.weighted`).
"""
from __future__ import annotations

from typing import Literal, Union

from pydantic import Field, model_validator

from .base import Section

__all__ = ["Weighting", "Frame"]


class Weighting(Section):
    """How a type's respondents are weighted to its frame (the ``weighting:`` of a ``frame:``)."""

    method: Literal["none", "poststratify", "rake"] = Field(
        default="none", description="'none', 'poststratify' on one frame attribute, or 'rake' on several.")
    attributes: list[str] = Field(default_factory=list, description="The frame attributes weighted to.")
    trim: tuple[float, float] | None = Field(
        default=None, description="Bounds [lower, upper] for a weight (trimmed, the margins re-calibrated).")

    @model_validator(mode="after")
    def _shape(self):
        need = {"none": (0, 0), "poststratify": (1, 1), "rake": (1, 99)}[self.method]
        if not need[0] <= len(self.attributes) <= need[1]:
            raise ValueError({"none": "weighting 'none' takes no attributes",
                              "poststratify": "poststratify needs exactly one attribute",
                              "rake": "rake needs at least one attribute"}[self.method])
        if self.trim is not None and self.method == "none":
            raise ValueError("trim needs weighting 'poststratify' or 'rake' (the trimmed weights are re-calibrated)")
        if self.trim is not None and not self.trim[0] < self.trim[1]:
            raise ValueError("trim: the lower bound must be below the upper bound")
        return self


class Frame(Section):
    """A respondent type's population frame (``frame:``): every unit approached, with attributes."""

    file: str = Field(description="The frame file (CSV or XLSX), relative to the codebook.")
    id_column: str = Field(description="Column with the unit id (the respondents' id_column values).")
    attributes: list[str] = Field(default_factory=list, description="Frame columns used in the response analysis.")
    delimiter: str | None = Field(default=None, description="CSV only: the delimiter (default: detected).")
    encoding: str | None = Field(default=None, description="CSV only: the text encoding (default: detected).")
    sheet: Union[str, int, None] = Field(default=None, description="XLSX only: sheet name or number.")
    header_row: int = Field(default=1, ge=1, description="Row that holds the column names (1 = the first).")
    weighting: Weighting = Field(default_factory=Weighting, description="How respondents are weighted to the frame.")
    sensitivity: float = Field(default=0.10, ge=0, le=1, description="Largest difference (0-1) between "
                               "non-respondents and respondents for the sensitivity bounds.")

    @model_validator(mode="after")
    def _weighted_on_attributes(self):
        unknown = [a for a in self.weighting.attributes if a not in self.attributes]
        if unknown:
            raise ValueError(f"weighting attribute {unknown[0]!r} is not in the frame's attributes")
        return self
