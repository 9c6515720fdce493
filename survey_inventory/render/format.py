"""Numbers and method names as readers see them: "33%", "25,0%", "<5", "Wilson".

The writers (Word, HTML, Excel) and the figures print every number through these
helpers, so a percentage reads the same in every output. The words come from the
phrase catalogue (:mod:`survey_inventory.phrases`).
"""
from __future__ import annotations

import math

from ..phrases import PHRASES, say

__all__ = ["is_missing", "fmt_pct", "fmt_int", "suppression_marks", "method_label", "method_labels",
           "rounding_suffix"]

#: ``ci_method`` prefixes of the simultaneous methods that name the interval they adjust
#: ("bonferroni-exact: hypergeometric exact (N=35)").
_ADJUSTING = ("bonferroni-wilson", "bonferroni-exact")
#: Details in a ``ci_method`` value that a reader is told about, in this order.
_DETAILS = ("no fpc", "population unknown")


def is_missing(value) -> bool:
    """True for None, NaN and pandas NA (scalars only).

    Parameters
    ----------
    value : object
        A scalar; a list or array is never missing.

    Returns
    -------
    bool

    Examples
    --------
    >>> is_missing(None), is_missing(float("nan")), is_missing(0), is_missing("")
    (True, True, False, False)
    """
    import pandas as pd

    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def fmt_pct(value, lang: str = "nl", decimals: int = 0, missing: str = "–") -> str:
    """A percentage (0-100) as printed: ``33%`` or ``25,0%`` (Dutch decimal comma).

    Rounded half up at every precision, as Excel shows the same number with a ``0.0%``
    format (Python's ``f"{31.25:.1f}"`` gives 31.2: the Word table would then differ
    from the workbook).

    Parameters
    ----------
    value : float
        The percentage, 0-100.
    lang : {"nl", "en"}
        Decimal comma for Dutch, point for English.
    decimals : int
        Digits after the decimal separator.
    missing : str
        What NaN/NA prints as.

    Returns
    -------
    str

    Examples
    --------
    >>> fmt_pct(33), fmt_pct(25.0, decimals=1), fmt_pct(25.0, "en", 1), fmt_pct(float("nan"))
    ('33%', '25,0%', '25.0%', '–')
    >>> fmt_pct(31.25, "en", 1), fmt_pct(0.05, "en", 1), fmt_pct(12.5)
    ('31.3%', '0.1%', '13%')
    """
    if is_missing(value):
        return missing
    if decimals:
        from decimal import ROUND_HALF_UP, Decimal

        exact = Decimal(repr(round(float(value), 9)))   # 9 digits: drop binary noise (0.1 + 0.2), keep the data's
        text = str(exact.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP))
    else:
        text = f"{int(math.floor(float(value) + 0.5))}"
    if lang != "en":
        text = text.replace(".", ",")
    return text + "%"


def fmt_int(value, missing: str = "–") -> str:
    """A count as printed; ``missing`` for NaN/NA.

    Parameters
    ----------
    value : int or float
    missing : str

    Returns
    -------
    str

    Examples
    --------
    >>> fmt_int(9.0), fmt_int(None)
    ('9', '–')
    """
    return missing if is_missing(value) else str(int(value))


def suppression_marks(frame, min_cell: int = 0) -> list[str]:
    """Per row what is printed instead of a suppressed number.

    "" (not suppressed), "<K" (a small cell, or a distribution whose base is below K)
    or "–" (a complement cell, which may hold K or more; or K unknown). Uses the
    ``suppressed`` and ``suppression`` columns of :mod:`survey_inventory.privacy`.

    Parameters
    ----------
    frame : pandas.DataFrame
        Rows of ``distributions`` or ``mentions``.
    min_cell : int
        The ``--min-cell`` threshold K (0: unknown).

    Returns
    -------
    list of str
        One mark per row.

    Examples
    --------
    >>> import pandas as pd
    >>> rows = pd.DataFrame({"suppressed": [False, True, True], "suppression": ["", "small", "complement"]})
    >>> suppression_marks(rows, 5)
    ['', '<5', '–']
    """
    if "suppressed" not in frame.columns:
        return [""] * len(frame)
    reasons = frame["suppression"] if "suppression" in frame.columns else [""] * len(frame)
    out = []
    for flag, reason in zip(frame["suppressed"], reasons):
        if is_missing(flag) or not bool(flag):
            out.append("")
        elif min_cell and str(reason) != "complement":
            out.append(f"<{min_cell}")
        else:
            out.append("–")
    return out


def rounding_suffix(rounding, lang: str = "nl") -> str:
    """What a caption adds when percentages are not rounded half up (the report's rule).

    Parameters
    ----------
    rounding : str or None
        One of :data:`survey_inventory.options.ROUNDING_RULES`.
    lang : {"nl", "en"}

    Returns
    -------
    str
        ``", afgerond met de grootsterestmethode"`` and the like; "" for half up.

    Examples
    --------
    >>> rounding_suffix("half-up"), rounding_suffix("largest-remainder", "en")
    ('', ', rounded by the largest-remainder method')
    """
    if not rounding or rounding == "half-up":
        return ""
    return say("caption_" + str(rounding).replace("-", "_"), lang)


def method_label(ci_method, lang: str = "nl") -> str:
    """The words a reader sees for a ``ci_method`` value of distributions.csv.

    The method's family without the per-row numbers (population and domain sizes are
    given elsewhere).

    Parameters
    ----------
    ci_method : str
        A ``ci_method`` value as :mod:`survey_inventory.estimate` writes it.
    lang : {"nl", "en"}

    Returns
    -------
    str
        "" for a missing value.

    Raises
    ------
    ValueError
        For a value whose method this module does not know: a new interval method
        needs its reader-facing name in the phrase catalogue (``method:<name>``).

    Examples
    --------
    >>> method_label("hypergeometric exact (N=12)"), method_label("hypergeometric exact (N=12)", "en")
    ('exact hypergeometrisch, met de populatieomvang', 'exact hypergeometric, with the population size')
    >>> method_label("hypergeometric exact, domain (N_d = 26..34 of N=35)")
    'exact hypergeometrisch voor een deelpopulatie van onbekende omvang'
    >>> method_label("bonferroni-exact: hypergeometric exact (N=35)", "en")
    'simultaneous (Bonferroni): exact hypergeometric, with the population size'
    >>> method_label("census (n = N): no sampling error"), method_label("wilson (no fpc)", "en")
    ('volledige telling, geen steekproeffout', 'Wilson, without finite population correction')
    >>> method_label("something new")
    Traceback (most recent call last):
    ...
    ValueError: unknown interval method in ci_method: 'something new' (no reader-facing name for 'something new')
    """
    if is_missing(ci_method):
        return ""
    text = str(ci_method).strip()
    head, sep, rest = text.partition(": ")
    if sep and head in _ADJUSTING:
        return f"{say('method:' + head, lang)}: {method_label(rest, lang)}"
    main = text.split(";")[0].strip()           # "...; logit degenerate at k = 0": the exact fallback was used
    if main.startswith("census"):
        return say("method:census", lang)
    family = main.split(" (")[0].strip()
    if family.endswith(" simultaneous"):
        family = family[: -len(" simultaneous")]
    if "method:" + family not in PHRASES:
        raise ValueError(f"unknown interval method in ci_method: {text!r} (no reader-facing name for {family!r})")
    detail = "".join(say("method_detail:" + key, lang) for key in _DETAILS if key in main)
    return say("method:" + family, lang) + detail


def method_labels(values, lang: str = "nl", *, census: bool = True) -> list[str]:
    """The distinct reader-facing labels of some ``ci_method`` values.

    In first-seen order of a stable sort, so two runs print the same note.

    Parameters
    ----------
    values : iterable of str
        ``ci_method`` values; missing ones are skipped.
    lang : {"nl", "en"}
    census : bool
        False leaves the census out (it has no interval to describe).

    Returns
    -------
    list of str

    Examples
    --------
    >>> method_labels(["wilson", "census (n = N): no sampling error", "wilson (no fpc)"], "en", census=False)
    ['Wilson', 'Wilson, without finite population correction']
    """
    out = []
    for value in sorted({str(v) for v in values if not is_missing(v)}):
        if not census and value.startswith("census"):
            continue
        label = method_label(value, lang)
        if label and label not in out:
            out.append(label)
    return out
