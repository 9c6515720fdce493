"""Text made safe for the files we write: no formulas, no illegal XML characters, no odd file names.

* :func:`neutralise` - text a spreadsheet would run as a formula gets a leading apostrophe
  (CSV and Excel);
* :func:`xml_safe` - control characters no XML file (xlsx, docx, svg, html) may hold go;
* :func:`safe_filename` - a label (from the codebook) usable as a file name.
"""
from __future__ import annotations

import re

import pandas as pd

__all__ = ["neutralise", "neutralise_frame", "xml_safe", "safe_filename"]

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
#: Control characters no XML file (xlsx, docx, svg) may hold: openpyxl refuses them, Word
#: will not open the file. A vertical tab or form feed (a manual line break pasted from
#: Word) becomes a line end; the others go.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")
_WINDOWS_DEVICES = {"CON", "PRN", "AUX", "NUL", *(f"COM{k}" for k in range(10)), *(f"LPT{k}" for k in range(10))}


def xml_safe(text: str) -> str:
    """``text`` without the control characters an XML file cannot hold.

    Parameters
    ----------
    text : str

    Returns
    -------
    str
        Vertical tab and form feed become a line end; other control characters go.

    References
    ----------
    W3C (2008). Extensible Markup Language (XML) 1.0, section 2.2 (Characters).

    Examples
    --------
    >>> xml_safe("regel 1\\x0bregel 2\\x00")
    'regel 1\\nregel 2'
    """
    if not _XML_ILLEGAL.search(text):
        return text
    return _XML_ILLEGAL.sub(lambda m: "\n" if m.group() in "\x0b\x0c" else "", text)


def neutralise(value):
    """Text that starts like a spreadsheet formula gets a leading apostrophe.

    Parameters
    ----------
    value : object
        Text is neutralised (and made :func:`xml_safe`); anything else is returned as is.

    Returns
    -------
    object

    References
    ----------
    OWASP. CSV Injection (formula injection).

    Examples
    --------
    >>> neutralise("=HYPERLINK(\\"http://x\\")")
    '\\'=HYPERLINK("http://x")'
    >>> neutralise("-3"), neutralise(-3), neutralise("Actief betrokken")
    ("'-3", -3, 'Actief betrokken')
    """
    if not isinstance(value, str):
        return value
    value = xml_safe(value)
    return "'" + value if value.startswith(_FORMULA_START) else value


def neutralise_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy whose text cells (and column names) are neutralised; numbers stay numbers.

    Parameters
    ----------
    frame : pandas.DataFrame

    Returns
    -------
    pandas.DataFrame

    Examples
    --------
    >>> import pandas as pd
    >>> neutralise_frame(pd.DataFrame({"=a": ["+1", "b"], "n": [-1, 2]})).to_dict("list")
    {"'=a": ["'+1", 'b'], 'n': [-1, 2]}
    """
    out = frame.copy()
    for col in out.columns:
        column = out[col]
        if isinstance(column.dtype, pd.CategoricalDtype) or (column.dtype != object
                                                              and pd.api.types.is_string_dtype(column)):
            out[col] = _neutralise_distinct(column)
        elif column.dtype == object:  # mixed values: one at a time (factorize would take 1, 1.0 and True as one)
            out[col] = column.map(neutralise, na_action="ignore")
    out.columns = [neutralise(str(c)) for c in out.columns]
    return out


def _neutralise_distinct(column: pd.Series) -> pd.Series:
    """A text or categorical column neutralised once per distinct value (a million-row validation
    report has a few hundred), as object values; missing values stay missing."""
    import numpy as np

    if isinstance(column.dtype, pd.CategoricalDtype):
        codes, values = column.cat.codes.to_numpy(), column.cat.categories
    else:
        codes, values = pd.factorize(column)
    mapped = np.array([neutralise(v) for v in values] + [np.nan], dtype=object)
    return pd.Series(mapped.take(codes), index=column.index, name=column.name)  # code -1 takes the last: NaN


def safe_filename(label: str, max_len: int = 80) -> str:
    """A label made safe as a file name: no path separators, no '..', no control characters.

    Parameters
    ----------
    label : str
    max_len : int
        The longest name returned.

    Returns
    -------
    str
        Never empty ("unnamed"); a Windows device name gets a leading underscore.

    Examples
    --------
    >>> safe_filename("../../etc/passwd")
    'etc_passwd'
    >>> safe_filename("Figuur 2.3 (N = 9)")
    'Figuur_2.3_N_9'
    >>> safe_filename("con"), safe_filename("LPT1.txt")   # Windows device names
    ('_con', '_LPT1.txt')
    """
    keep = "".join(ch if ch.isalnum() or ch in "._-" else "_" for ch in str(label))
    while ".." in keep:
        keep = keep.replace("..", ".")
    parts = [p for p in keep.split("_") if p not in ("", ".")]
    name = "_".join(parts).strip("._-")[:max_len].strip("._-")
    if name.split(".")[0].upper() in _WINDOWS_DEVICES:
        name = "_" + name
    return name or "unnamed"
