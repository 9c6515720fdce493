"""The basic pieces every codebook section is made of: the model base class and labels.

>>> Label(nl="provincies", en="provinces").text("en")
'provinces'
"""
from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["Section", "Label", "as_label", "LABEL_HELP", "labels_match"]

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




def labels_match(a: str, b: str) -> str:
    """How two labels of one code compare: ``"same"``, ``"spacing"`` (they differ only
    in spaces or in upper/lower case) or ``"different"``.

    A data file's value label (e.g. SPSS's) and the codebook's label of the same code
    often differ only by a space, as in ``Redelijk/deels`` and ``Redelijk/ deels``; that
    is worth a warning, not an error that blocks the run.

    Parameters
    ----------
    a, b : str
        The two labels (surrounding spaces are ignored).

    Returns
    -------
    str
        ``"same"`` when equal after removing surrounding spaces, ``"spacing"`` when
        equal after removing every space and ignoring case, else ``"different"``.

    Examples
    --------
    >>> labels_match("Goed", " Goed ")
    'same'
    >>> labels_match("Redelijk/deels", "Redelijk/ deels"), labels_match("zeer goed", "Zeer  goed")
    ('spacing', 'spacing')
    >>> labels_match("Goed", "Slecht")
    'different'
    """
    a, b = str(a).strip(), str(b).strip()
    if a == b:
        return "same"
    if "".join(a.split()).casefold() == "".join(b.split()).casefold():
        return "spacing"
    return "different"
