"""Draft text: one or two sentences per figure, in the seed report's register.

A policy report puts a sentence beside every figure: "Een ruime meerderheid van de
fondsen (8 van de 9) ...", "bijna de helft van de provincies ...". This module writes
such sentences from the rows of ``distributions.csv`` for one figure (one sector x
respondent type x measure). It is pure: DataFrames in, text out, no files.

The quantifier scale
--------------------
A sentence names a category's share ``p = count / base_n`` (the base includes
answers outside the substantive scale, such as "Weet ik niet", as the figure does)
with a word from :data:`SCALE`, chosen by the point share:

=====================  ==========================  ==================
key                    Dutch / English             share ``p`` (%)
=====================  ==========================  ==================
``none``               geen van de / none of the   0
``one``                één van de / one of the     count 1, below 20
``few``                enkele / a few              above 0, below 20
``quarter``            een kwart / a quarter       20 to below 30
``third``              een derde / a third         30 to below 40
``nearly_half``        bijna de helft / almost     40 to below 50
``half``               de helft / half             exactly 50
``small_majority``     een kleine meerderheid      above 50 to 62.5
``two_thirds``         twee derde / two thirds     above 62.5, below 70
``large_majority``     een ruime meerderheid       70 to below 90
``nearly_all``         vrijwel alle / almost all   90 to below 100
``all``                alle / all                  100
``majority`` (coarse)  een meerderheid             above 50 (fallback)
=====================  ==========================  ==================

The bands follow the seed report (Bureau Bartels 2025): it calls 5 of 8 (62.5 %)
"een kleine meerderheid", 6 of 9 "twee derde", 7 and 8 of 9 "een ruime meerderheid",
12 of 26 "bijna de helft", 6 of 26 "een kwart".

The interval decides whether a word may be used
-----------------------------------------------
A word describes the respondents, but a reader takes it for the population, so the
word must also fit the confidence interval ``[ci_lower, ci_upper]`` of the row:

1. *Neighbour rule.* The interval must lie within the word's own band widened by
   the two adjacent bands (for "een derde": 20 % to below 50 %; the single points 0,
   50 and 100 % are skipped as neighbours of a wider band, so "bijna de helft" reaches
   from 30 % to 62.5 %). A word whose neighbours the interval overruns says more
   than the data know.
2. *Majority floor.* A word that claims a majority ("een kleine meerderheid" and
   up) needs ``ci_lower >= 45`` (:data:`MAJORITY_FLOOR`): no "meerderheid" when the
   population share may well be a minority.
3. If the precise word fails, a share between 50 % and 90 % whose interval passes
   the majority floor gets the coarse "een meerderheid"; otherwise the sentence
   gives the count only: "Van de 6 AMR's antwoorden 3 ...". The count is given in
   every sentence; at tiny N it is all the sentence says.

A row without an interval (a census, or no interval computed) is taken at its
point share: the count is then the population's. For several categories together
(:func:`describe` with a list) the rows hold no joint interval; the sum of the
lower and of the upper limits is used, which is wider than the group's own
interval would be and so errs towards the count.

Every word comes from the phrase catalogue (``prose_*`` keys of
:mod:`survey_inventory.phrases`) or from the rows (type, measure and category
labels, which come from the codebook). Pass rows estimated in the language you ask
for. The writers in :mod:`survey_inventory.export.texts` mark the result as a draft.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from fractions import Fraction

import pandas as pd

from ..phrases import say

__all__ = ["Quantifier", "SCALE", "COARSE", "MAJORITY_FLOOR", "Statement", "FigureText", "quantifier_for",
           "choose_wording", "describe", "draft_sentences", "draft_texts"]


@dataclass(frozen=True)
class Quantifier:
    """One word of the scale: its shares (``low``..``high`` in %, with open or closed
    ends), whether it claims a majority, and the number of its verb per language."""
    key: str
    low: float
    high: float
    low_closed: bool
    high_closed: bool
    majority: bool
    verb_nl: str        # "sg" or "pl": "een meerderheid ... antwoordt", "alle ... antwoorden"
    verb_en: str

    def contains(self, share: float) -> bool:
        """Whether ``share`` (%) lies in this word's band.

        >>> SCALE[4].key, SCALE[4].contains(33.3), SCALE[4].contains(40.0)
        ('third', True, False)
        """
        above = share >= self.low if self.low_closed else share > self.low
        below = share <= self.high if self.high_closed else share < self.high
        return above and below


#: The precise words in order of share (see the module docstring for the reasoning), one per
#: "|": key, band of shares (%) in interval notation, "majority" for a word that claims one,
#: and the number of its verb in Dutch and English ("een meerderheid ... antwoordt").
_BANDS = """
none [0, 0] sg sg | one (0, 20) sg sg | few (0, 20) pl pl | quarter [20, 30) sg pl | third [30, 40) sg pl
nearly_half [40, 50) sg pl | half [50, 50] sg pl | small_majority (50, 62.5] majority sg pl
two_thirds (62.5, 70) majority sg pl | large_majority [70, 90) majority sg pl
nearly_all [90, 100) majority pl pl | all [100, 100] majority pl pl
"""
_BAND = re.compile(r"(\w+) ([\[(])([\d.]+), ([\d.]+)([\])])( majority)? (sg|pl) (sg|pl)")


def _quantifier(text: str) -> Quantifier:
    """One word of :data:`_BANDS`: ``"third [30, 40) sg pl"``."""
    m = _BAND.fullmatch(text.strip())
    low, high = (int(x) if x.isdigit() else float(x) for x in (m[3], m[4]))
    return Quantifier(m[1], low, high, m[2] == "[", m[5] == "]", bool(m[6]), m[7], m[8])


SCALE: tuple[Quantifier, ...] = tuple(_quantifier(t) for t in _BANDS.replace("\n", "|").split("|") if t.strip())
#: The fallback when a precise majority word overruns the interval but a majority holds.
COARSE = Quantifier("majority", 50, 100, False, True, True, "sg", "pl")
#: A majority word needs the interval's lower limit at least this high (%).
MAJORITY_FLOOR = 45.0
_BY_KEY = {q.key: q for q in SCALE + (COARSE,)}
_EPS = 1e-9


def quantifier_for(count: int, base: int) -> Quantifier:
    """The precise word for ``count`` of ``base`` by the point share alone.

    Parameters
    ----------
    count, base : int
        The category's count and the figure's base N (``0 <= count <= base``, ``base > 0``).

    Returns
    -------
    Quantifier

    Examples
    --------
    >>> [quantifier_for(k, 9).key for k in (0, 1, 3, 4, 6, 8, 9)]
    ['none', 'one', 'third', 'nearly_half', 'two_thirds', 'large_majority', 'all']
    >>> quantifier_for(5, 8).key, quantifier_for(6, 26).key, quantifier_for(2, 26).key
    ('small_majority', 'quarter', 'few')
    """
    count, base = int(count), int(base)
    if base <= 0 or not 0 <= count <= base:
        raise ValueError(f"need 0 <= count <= base and base > 0, got count={count}, base={base}")
    share = float(Fraction(100 * count, base))
    if count == 1 and share < 20:
        return _BY_KEY["one"]
    for q in SCALE:
        if q.key != "one" and q.contains(share):
            return q
    raise AssertionError(share)  # the bands cover 0..100


def _window(q: Quantifier) -> tuple[float, float]:
    """The word's band widened by the adjacent bands (the neighbour rule). The
    single-point bands (0, 50 and 100 %) do not count as a neighbour of a wider band:
    "bijna de helft" reaches from "een derde" to "een kleine meerderheid"."""
    bands = sorted({(x.low, x.high, x.low_closed, x.high_closed) for x in SCALE},
                   key=lambda b: (b[0], not b[2], b[1]))
    i = bands.index((q.low, q.high, q.low_closed, q.high_closed))
    point = q.low == q.high

    def step(j, direction):
        while 0 <= j < len(bands) and not point and bands[j][0] == bands[j][1]:
            j += direction
        return bands[j] if 0 <= j < len(bands) else bands[i]

    return step(i - 1, -1)[0], step(i + 1, 1)[1]


def choose_wording(count: int, base: int, ci_lower=None, ci_upper=None) -> Quantifier | None:
    """The word the numbers support, or None when only the count may be given.

    Parameters
    ----------
    count, base : int
        The category's count and the figure's base N.
    ci_lower, ci_upper : float, optional
        The confidence interval of the share in % (columns ``ci_lower``/``ci_upper`` of
        distributions.csv). Missing: the point share is taken as exact.

    Returns
    -------
    Quantifier or None
        The precise word (:func:`quantifier_for`) if the interval lies within its band
        and the adjacent bands and, for a majority word, ``ci_lower >= MAJORITY_FLOOR``;
        else :data:`COARSE` if ``50 < share < 90`` and ``ci_lower >= MAJORITY_FLOOR``;
        else None.

    Examples
    --------
    8 of 9 funds (population 10), interval 80-90 %: the precise word.

    >>> choose_wording(8, 9, 80.0, 90.0).key
    'large_majority'

    3 of 6 AMR's, interval 21-79 %: only the count.

    >>> choose_wording(3, 6, 21.4, 78.6) is None
    True

    14 of 27, interval 43-60 %: "een kleine meerderheid" would claim a majority the
    interval does not carry (lower limit below 45 %).

    >>> choose_wording(14, 27, 42.9, 60.0) is None
    True
    >>> choose_wording(7, 10, 48.0, 86.0).key
    'majority'
    """
    q = quantifier_for(count, base)
    share = 100 * count / base
    lo = share if ci_lower is None or _missing(ci_lower) else float(ci_lower)
    hi = share if ci_upper is None or _missing(ci_upper) else float(ci_upper)
    w_lo, w_hi = _window(q)
    floor_ok = lo >= MAJORITY_FLOOR - _EPS
    if lo >= w_lo - _EPS and hi <= w_hi + _EPS and (floor_ok or not q.majority):
        return q
    if 50 < share < 90 and floor_ok:
        return COARSE
    return None


@dataclass(frozen=True)
class Statement:
    """One draft sentence and what it claims.

    ``wording`` is the quantifier key or ``"count"``; ``share_range`` the shares (%)
    the sentence can mean: the word's band, or the exact share for a count sentence.
    """
    text: str
    categories: tuple[str, ...]
    count: int
    base: int
    wording: str
    share_range: tuple[float, float]


@dataclass(frozen=True)
class FigureText:
    """The draft text of one figure: its number ("" if it has none), caption and sentences."""
    figure: str
    caption: str
    sentences: tuple[str, ...]


def _missing(value) -> bool:
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _upper_first(text: str) -> str:
    """First letter capitalised; Dutch 'één' becomes 'Eén' (Taalunie), as the seed report writes it."""
    if text.startswith("éé"):
        return "Eé" + text[2:]
    return text[:1].upper() + text[1:]


def _lower_first(text: str) -> str:
    """'Bekendheid' -> 'bekendheid'; an abbreviation ('AMR's', 'ICT') stays as it is."""
    return text[:1].lower() + text[1:] if len(text) > 1 and text[1].islower() else text


def _usable(rows: pd.DataFrame) -> pd.DataFrame:
    """The rows whose count may be described (not suppressed, count known)."""
    keep = rows["count"].notna()
    if "suppressed" in rows.columns:
        keep &= ~rows["suppressed"].fillna(False).astype(bool)
    return rows[keep]


def describe(rows: pd.DataFrame, categories, lang: str = "nl") -> Statement:
    """The sentence for one category (or several together) of one figure.

    Parameters
    ----------
    rows : pandas.DataFrame
        The rows of distributions.csv for one figure (columns ``respondent_type_label``,
        ``measure_label``, ``category_label``, ``count``, ``base_n``, ``ci_lower``,
        ``ci_upper``).
    categories : str or sequence of str
        Category label(s); several are counted together ("(Zeer) goed" or "Redelijk").
    lang : {"nl", "en"}
        The language of the fixed words; the labels are the rows' own.

    Returns
    -------
    Statement

    Examples
    --------
    >>> import pandas as pd
    >>> rows = pd.DataFrame({"respondent_type_label": "fondsen", "measure_label": "Bekendheid",
    ...     "category_label": ["(Zeer) goed", "(Zeer) slecht"], "count": [8, 1], "base_n": 9,
    ...     "ci_lower": [80.0, 10.0], "ci_upper": [90.0, 20.0]})
    >>> describe(rows, "(Zeer) goed").text
    'Een ruime meerderheid van de fondsen (8 van de 9) antwoordt ‘(Zeer) goed’ op de vraag naar bekendheid.'
    >>> describe(rows, "(Zeer) goed", "en").text
    'A large majority of the fondsen (8 of 9) answer ‘(Zeer) goed’ when asked about bekendheid.'
    >>> describe(rows, ["(Zeer) goed", "(Zeer) slecht"]).wording
    'all'
    """
    cats = (categories,) if isinstance(categories, str) else tuple(categories)
    usable = _usable(rows)
    picked = usable[usable["category_label"].astype(str).isin(cats)]
    missing = [c for c in cats if c not in set(picked["category_label"].astype(str))]
    if missing:
        raise KeyError(f"no (unsuppressed) row for category {missing[0]!r} in this figure")
    first = rows.iloc[0]
    count, base = int(picked["count"].sum()), int(first["base_n"])
    lo = picked["ci_lower"].sum(min_count=len(picked)) if "ci_lower" in picked else None
    hi = picked["ci_upper"].sum(min_count=len(picked)) if "ci_upper" in picked else None
    hi = None if hi is None or _missing(hi) else min(float(hi), 100.0)
    q = choose_wording(count, base, lo, hi)
    k = 1 if lang == "en" else 0
    fields = dict(count=count, base=base, types=str(first["respondent_type_label"]),
                  measure=_lower_first(str(first["measure_label"])),
                  category=f" {say('prose_or', lang)} ".join(f"‘{c}’" for c in cats))
    if q is None:
        verb = say("prose_verb_sg" if count == 1 else "prose_verb_pl", lang)
        text = _upper_first(say("prose_sentence_count", lang, verb=verb, **fields))
        share = 100 * count / base
        return Statement(text, cats, count, base, "count", (share, share))
    verb = say(f"prose_verb_{(q.verb_nl, q.verb_en)[k]}", lang)
    subject = _upper_first(say(f"prose_q_{q.key}", lang, types=fields["types"]))
    text = say("prose_sentence", lang, subject=subject, verb=verb, **fields)
    return Statement(text, cats, count, base, q.key, (q.low, q.high))


def draft_sentences(rows: pd.DataFrame, lang: str = "nl") -> list[Statement]:
    """One or two sentences for one figure: its largest substantive category, then the
    second largest when anybody chose it (ties: scale order). Where cells are
    suppressed, only categories somebody chose are described (a suppressed cell may be
    larger than a described empty one).

    Parameters
    ----------
    rows : pandas.DataFrame
        The rows of distributions.csv for one figure (see :func:`describe`; also
        ``category_order`` and ``substantive``).
    lang : {"nl", "en"}

    Returns
    -------
    list of Statement
        Empty when nothing may be described (no base, every cell suppressed).

    Examples
    --------
    >>> import pandas as pd
    >>> rows = pd.DataFrame({"respondent_type_label": "provincies", "measure_label": "Betrokkenheid",
    ...     "category_label": ["Actief betrokken", "In contact", "Niet betrokken", "Weet ik niet"],
    ...     "category_order": [1, 2, 3, 4], "substantive": [True, True, True, False],
    ...     "count": [4, 1, 4, 0], "base_n": 9, "ci_lower": [33.3, 8.3, 33.3, 0.0],
    ...     "ci_upper": [58.3, 25.0, 58.3, 16.7]})
    >>> for s in draft_sentences(rows):
    ...     print(s.text)
    Bijna de helft van de provincies (4 van de 9) antwoordt ‘Actief betrokken’ op de vraag naar betrokkenheid.
    Bijna de helft van de provincies (4 van de 9) antwoordt ‘Niet betrokken’ op de vraag naar betrokkenheid.
    """
    usable = _usable(rows)
    if not len(usable) or _missing(rows["base_n"].iloc[0]) or int(rows["base_n"].iloc[0]) <= 0:
        return []
    some_suppressed = len(usable) < len(rows)
    if "substantive" in usable.columns:
        usable = usable[usable["substantive"].map(lambda v: str(v).strip().lower() in ("true", "1"))]
    order = usable["category_order"] if "category_order" in usable.columns else pd.Series(range(len(usable)),
                                                                                           index=usable.index)
    ranked = usable.assign(_order=order.astype(float)).sort_values(["count", "_order"], ascending=[False, True],
                                                                   kind="mergesort")
    if some_suppressed:
        ranked = ranked[ranked["count"] > 0]    # a suppressed cell may be the largest: no "geen van de"
    out = []
    for _, row in ranked.head(2).iterrows():
        if out and int(row["count"]) == 0:
            break
        out.append(describe(rows, str(row["category_label"]), lang))
    return out


#: The columns of distributions that draft_texts and the functions it calls read.
_READ = {"figure", "caption", "respondent_type_label", "measure_label", "category_label", "category_order",
         "substantive", "count", "base_n", "ci_lower", "ci_upper", "suppressed"}


def _figure_key(number: str):
    parts = []
    for part in number.replace("-", ".").split("."):
        digits = "".join(ch for ch in part if ch.isdigit())
        parts.append((int(digits) if digits else math.inf, part))
    return (0, tuple(parts)) if number else (1, ())


def draft_texts(distributions: pd.DataFrame, lang: str = "nl") -> list[FigureText]:
    """The draft text of every figure in distributions.csv, in figure-number order
    (figures without a number last, in the table's order).

    Parameters
    ----------
    distributions : pandas.DataFrame
        The ``distributions`` table (:func:`survey_inventory.estimate.distributions`),
        estimated in ``lang``.
    lang : {"nl", "en"}

    Returns
    -------
    list of FigureText
        One per figure (sector x respondent type x measure [x item]); a figure with
        nothing to describe gets the ``prose_no_answers`` sentence.

    Examples
    --------
    >>> import pandas as pd
    >>> dist = pd.DataFrame({"figure": "2.7", "caption": "Figuur 2.7 Bekendheid (N = 9)",
    ...     "sector": "care", "respondent_type": "fund", "measure": "familiarity",
    ...     "respondent_type_label": "fondsen", "measure_label": "Bekendheid",
    ...     "category_label": ["(Zeer) goed", "(Zeer) slecht"], "category_order": [1, 2],
    ...     "substantive": True, "count": [8, 1], "base_n": 9,
    ...     "ci_lower": [80.0, 10.0], "ci_upper": [90.0, 20.0]})
    >>> [text] = draft_texts(dist)
    >>> text.figure, text.sentences[1]
    ('2.7', 'Eén van de fondsen (1 van de 9) antwoordt ‘(Zeer) slecht’ op de vraag naar bekendheid.')
    """
    keys = [c for c in ("sector", "respondent_type", "measure", "item") if c in distributions.columns]
    if not keys:
        raise ValueError("distributions needs the columns sector, respondent_type and measure")
    # the columns read here only: each figure's rows are selected and sorted a few times, and every
    # other column (a dozen of them text) would be copied along each time
    used = [c for c in distributions.columns if c in _READ or c in keys]
    # text as Python objects: selecting rows of a small Arrow-backed column costs a pyarrow call each time
    table = distributions[used]
    table = table.astype({c: object for c in used if pd.api.types.is_string_dtype(table[c].dtype)})
    texts = []
    for _, rows in table.groupby(keys, sort=False, dropna=False):
        number = "" if _missing(rows["figure"].iloc[0]) else str(rows["figure"].iloc[0]).strip()
        caption = "" if "caption" not in rows or _missing(rows["caption"].iloc[0]) else str(rows["caption"].iloc[0])
        sentences = tuple(s.text for s in draft_sentences(rows, lang)) or (say("prose_no_answers", lang),)
        texts.append(FigureText(number, caption, sentences))
    return sorted(texts, key=lambda t: _figure_key(t.figure))
