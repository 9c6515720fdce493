"""The basic pieces every codebook section is made of: the model base class and labels.

>>> Label(nl="provincies", en="provinces").text("en")
'provinces'
"""
from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["Section", "Label", "as_label", "LABEL_HELP"]

#: How a label may be written (used in the fields' descriptions).
LABEL_HELP = "a text, or {nl: ..., en: ...} (a plain string is Dutch)"


class Section(BaseModel):
    """Base of every codebook section: unknown keys are refused, values are frozen."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Label(Section):
    """A reader-facing text in the study's languages."""

    nl: str | None = Field(default=None, description="The Dutch text.")
    en: str | None = Field(default=None, description="The English text.")

    def text(self, lang: str = "nl") -> str:
        """The text in ``lang``, else in Dutch, else in English, else ``""``.

        Parameters
        ----------
        lang : str
            ``"nl"`` or ``"en"``.

        Returns
        -------
        str

        Examples
        --------
        >>> Label(nl="provincies", en="provinces").text("en")
        'provinces'
        >>> Label(nl="provincies").text("en")
        'provincies'
        """
        return getattr(self, lang, None) or self.nl or self.en or ""


def as_label(value):
    """A plain string as ``{nl: text}`` (used before validating a label field).

    Parameters
    ----------
    value : str, dict, Label or None

    Returns
    -------
    dict, Label or None

    Examples
    --------
    >>> as_label("provincies")
    {'nl': 'provincies'}
    """
    if value is None or isinstance(value, Label):
        return value
    if isinstance(value, str):
        return {"nl": value}
    return value


