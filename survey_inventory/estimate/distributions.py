"""Distributions: every item over its report categories, with intervals, per respondent type.

:func:`distributions` works on the tidy table of :mod:`survey_inventory.load` (or a
loaded study that carries it) plus the codebook, which says what the categories and
populations are. It never reads files. One row per (item, respondent type,
category) with the count, the base, the percentage rounded as the report rounds it,
and a confidence interval:

* the categories come from the codebook, not the data: a category nobody chose
  is a row with count 0, so figures never shift;
* every figure has its own base: ``base_n`` counts the valid answers;
* a routed item (asked only of those who know the collaborations) is a *domain*
  of the respondent type's sample, and its interval is computed as such
  (``sample_n`` is passed to :func:`survey_inventory.stats.intervals.proportion_ci`),
  not as a new sample of size ``base_n``;
* with a known population (``inference: finite`` in the codebook) the interval
  uses the finite population; a census (n = N) reports counts without an interval.

Every share in the result is a **percentage** (0 to 100): the statistics of
:mod:`survey_inventory.stats` give proportions (0 to 1) and are multiplied by 100
here, in one place each, so that ``distributions.csv`` reads like the report.

>>> from survey_inventory import load_codebook, distributions
>>> from survey_inventory.load import load_study
>>> cb = load_codebook("codebooks/bartels-2025.yaml")             # doctest: +SKIP
>>> d = distributions(load_study(cb), cb)                         # doctest: +SKIP
>>> d.query("figure == '2.6'")[["category_label", "count", "base_n", "percent"]]  # doctest: +SKIP
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..codebook import Codebook
from ..errors import SurveyInputError
from ..options import ROUNDING_RULES
from ..phrases import say
from .counts import ESTIMATE_COLUMNS, ResponseCounts, count_responses

__all__ = ["DISTRIBUTION_COLUMNS", "distributions", "closed_form_warning", "figure_numbers", "numbering_scheme"]

#: The stable columns of ``distributions.csv`` (others build on this file).
DISTRIBUTION_COLUMNS = [
    "figure", "sector", "sector_label", "respondent_type", "respondent_type_label", "measure",
    "measure_label", "item", "category", "category_label", "category_order", "substantive",
    "count", "base_n", "percent", "percent_exact", "ci_lower", "ci_upper", "ci_method", "ci_level",
    "wc_lower", "wc_upper", "population_n", "sample_n", "asked_n", "item_missing_n", "domain",
    "rounding", "caption",
]


def distributions(responses, codebook: Codebook, *, ci_method: str = "auto",
                  level: float = 0.95, rounding: str = "half-up", lang: str | None = None) -> pd.DataFrame:
    """Distribution of every item over its report categories, per respondent type.

    Parameters
    ----------
    responses : DataFrame, Study or ResponseCounts
        The tidy table from :func:`survey_inventory.load.load_responses`, a
        loaded study (:func:`survey_inventory.load.load_study`), whose
        ``responses`` it is, or its counts
        (:func:`~survey_inventory.estimate.counts.count_responses`, added up
        over the pieces of a streamed study: :mod:`survey_inventory.load.stream`).
    codebook : Codebook
        The study's codebook: items, categories, respondent types, populations.
    ci_method : str
        Any method of :func:`survey_inventory.stats.intervals.proportion_ci`
        (:data:`survey_inventory.options.CI_METHODS`); ``"auto"`` is exact
        hypergeometric with a known population, Wilson without.
    level : float
        Confidence level, e.g. 0.95.
    rounding : {"half-up", "half-even", "truncate", "largest-remainder"}
        How ``percent`` is rounded to whole numbers (the report rounds half up);
        :data:`survey_inventory.options.ROUNDING_RULES`.
    lang : {"nl", "en"}, optional
        Language of the label columns; the codebook's language by default.

    Returns
    -------
    pandas.DataFrame
        :data:`DISTRIBUTION_COLUMNS`. ``percent``, ``percent_exact``,
        ``ci_lower``, ``ci_upper``, ``wc_lower`` and ``wc_upper`` are
        percentages (0-100), not proportions: the intervals of
        :func:`~survey_inventory.stats.intervals.proportion_ci` and
        :func:`~survey_inventory.stats.intervals.worst_case_bounds` times 100.

    Raises
    ------
    SurveyInputError
        For an unknown rounding rule or interval method, or a responses table
        without the tidy table's columns.

    References
    ----------
    Cochran, W. G. (1977). Sampling Techniques, 3rd ed. Wiley (finite
    population correction, estimation for domains).

    Lumley, T. (2010). Complex Surveys: A Guide to Analysis Using R. Wiley
    (domains as subsets of the design).

    Examples
    --------
    >>> import pandas as pd
    >>> from survey_inventory.codebook import codebook_from_dict
    >>> cb = codebook_from_dict({
    ...     "study": {"id": "demo", "title": "Demo"},
    ...     "respondent_types": [{"id": "province", "label": "provincies", "population": 12}],
    ...     "sources": [{"id": "s", "file": "s.csv", "id_column": "id", "respondent_type": "province"}],
    ...     "scales": {"yn": {"codes": [{"code": 1, "label": "Ja"}, {"code": 2, "label": "Nee"}]}},
    ...     "items": [{"id": "q1", "column": "q1", "scale": "yn", "measure": "q"}]})
    >>> tidy = pd.DataFrame({"respondent_id": list("abcdefghi"), "respondent_type": "province",
    ...                      "item": "q1", "status": "valid", "code": [1.0] * 3 + [2.0] * 6})
    >>> d = distributions(tidy, cb)
    >>> d[["category_label", "count", "base_n", "percent"]].to_string(index=False)
    'category_label  count  base_n  percent\\n            Ja      3       9       33\\n           Nee      6       9       67'
    """
    from ..stats.rounding import round_percentages
    from ..stats.intervals import proportion_ci, worst_case_bounds

    if rounding not in ROUNDING_RULES:
        raise SurveyInputError(f"unknown rounding rule {rounding!r}", expected=", ".join(ROUNDING_RULES))
    if not isinstance(responses, (pd.DataFrame, ResponseCounts)):  # a loaded Study: its tidy table
        responses = getattr(responses, "responses", responses)
    if not isinstance(responses, (pd.DataFrame, ResponseCounts)):
        raise SurveyInputError("responses must be the tidy table (a DataFrame), a loaded study or "
                               "ResponseCounts", value=type(responses).__name__)
    lang = lang or codebook.study.language
    if isinstance(responses, pd.DataFrame):
        absent = set(ESTIMATE_COLUMNS) - set(responses.columns)
        if absent:
            raise SurveyInputError(f"the responses table lacks column(s) {sorted(absent)}")
        # one pass over integer codes: counts per (item, type, code) among valid answers, and the bases
        responses = count_responses(responses)
    tally = responses

    blocks = []  # per distribution a dict of columns (scalars stand for every row), joined once
    for item in codebook.items:
        cats = codebook.report_categories(item, lang)
        types = item.respondent_types or [t.id for t in codebook.respondent_types]
        for type_id in types:
            size = tally.size(item.id, type_id)
            if size is None:
                continue
            counts = np.array([sum(tally.count(item.id, type_id, float(c) if _is_number(c) else c)
                                   for c in cat["codes"]) for cat in cats], dtype=np.int64)
            base = int(counts.sum())
            rtype = codebook.respondent_type(type_id)
            finite = rtype.inference == "finite" and rtype.population is not None
            routed = item.asked_if is not None
            sample_n = int(size["sample_n"])
            block = {
                "figure": "",  # numbered below, once every figure of the run is known
                "sector": item.sector or "",
                "sector_label": codebook.label(codebook.sector(item.sector).label, lang) if item.sector else "",
                "respondent_type": type_id,
                "respondent_type_label": codebook.label(rtype.label, lang),
                "measure": item.measure,
                "measure_label": _measure_label(codebook, item.measure, lang),
                "item": item.id,
                "category": [c["id"] for c in cats],
                "category_label": [c["label"] for c in cats],
                "category_order": np.arange(1, len(cats) + 1),
                "substantive": [c["substantive"] for c in cats],
                "count": counts,
                "base_n": base,
                "percent_exact": 100.0 * counts / base if base else np.nan,
                "population_n": rtype.population if finite else pd.NA,
                "sample_n": sample_n,
                "asked_n": int(size["asked_n"]),
                "item_missing_n": int(size["item_missing_n"]),
                # a routed item is a domain even when everyone was asked: its size in the
                # population is unknown (issue 18); asked-but-unanswered units count as unknown too
                "domain": routed,
                "caption": codebook.caption(item, type_id, base, lang),
            }
            if base:
                block["percent"] = round_percentages(counts, base, rounding)
            else:
                block["percent"] = pd.NA
            blocks.append(block)
    if not blocks:
        return pd.DataFrame(columns=DISTRIBUTION_COLUMNS)
    numbers = figure_numbers([(b["item"], b["respondent_type"]) for b in blocks], codebook)
    word = say("figure", lang)
    for block in blocks:
        number = numbers[(block["item"], block["respondent_type"])]
        block["figure"] = number
        own = codebook.item(block["item"]).figures.get(block["respondent_type"])
        if number != own:  # a number of this run, not the codebook's: the caption gets it here
            block["caption"] = f"{word} {number} " + codebook.caption(
                codebook.item(block["item"]), block["respondent_type"], block["base_n"], lang, numbered=False)
    out = _join(blocks)

    population = pd.to_numeric(out["population_n"], errors="coerce").to_numpy(dtype=float)
    domain = out["domain"].to_numpy(dtype=bool)
    # the sample that tells who is in the domain: respondents less those asked who did not answer
    known = out["sample_n"].to_numpy(dtype=float) - out["item_missing_n"].to_numpy(dtype=float)
    sample = np.where(domain, known, np.nan)
    ci = proportion_ci(out["count"].to_numpy(), out["base_n"].to_numpy(),
                       population=population, sample_n=sample, domain=domain, method=ci_method, level=level)
    # the statistics give proportions (0-1); distributions.csv holds percentages (0-100)
    out["ci_lower"] = 100.0 * ci["ci_lower"].to_numpy(dtype=float)
    out["ci_upper"] = 100.0 * ci["ci_upper"].to_numpy(dtype=float)
    out["ci_method"] = ci["ci_method"].to_numpy()
    out["ci_level"] = level
    wc = worst_case_bounds(out["count"].to_numpy(), out["base_n"].to_numpy(), population, sample_n=sample)
    out["wc_lower"] = 100.0 * wc["wc_lower"].to_numpy(dtype=float)
    out["wc_upper"] = 100.0 * wc["wc_upper"].to_numpy(dtype=float)
    out["rounding"] = rounding
    out["percent"] = out["percent"].astype("Int64")
    out["population_n"] = out["population_n"].astype("Int64")
    for col in ("percent_exact", "ci_lower", "ci_upper", "wc_lower", "wc_upper"):
        out[col] = out[col].round(4)
    return out[DISTRIBUTION_COLUMNS]


def numbering_scheme(codebook: Codebook) -> str:
    """How the run numbers its figures: the codebook's ``numbering`` if it says, else
    ``"explicit"`` when some item gives ``figures:``, else ``"per-sector"``.

    Parameters
    ----------
    codebook : Codebook

    Returns
    -------
    {"explicit", "per-sector", "flat"}

    Examples
    --------
    >>> from survey_inventory.codebook.model import Codebook, _EXAMPLE
    >>> numbering_scheme(Codebook.model_validate(_EXAMPLE))
    'explicit'
    """
    return codebook.numbering_scheme


def figure_numbers(pairs, codebook: Codebook) -> dict:
    """The number of every bar figure of a run, in report order.

    Report order is sector (codebook order; items without a sector last), then
    respondent type, then item. The scheme is :func:`numbering_scheme`:

    * ``explicit``: an item's ``figures:`` number for the type; a figure the codebook
      does not number takes the number before it plus a letter ("4.2a"), or a plain
      count when no numbered figure comes before it;
    * ``per-sector``: chapter 1 is the response (Tabel 1.1), so the k-th sector with
      figures is chapter k + 1 and its figures are k+1.1, k+1.2, ...; items without a
      sector make the last chapter;
    * ``flat``: 1, 2, 3, ...

    Parameters
    ----------
    pairs : iterable of (str, str)
        ``(item id, respondent type id)`` of every figure of the run.
    codebook : Codebook

    Returns
    -------
    dict
        ``(item id, type id)`` -> the number as text.

    Examples
    --------
    >>> from survey_inventory.codebook.model import Codebook, _EXAMPLE
    >>> cb = Codebook.model_validate(_EXAMPLE)
    >>> figure_numbers([("inv", "province"), ("fam", "province"), ("fam", "amr")], cb)
    {('fam', 'province'): '2.3', ('inv', 'province'): '2.3a', ('fam', 'amr'): '2.3b'}
    >>> figure_numbers([("fam", "province"), ("inv", "province")], cb.model_copy(update={"numbering": "per-sector"}))
    {('fam', 'province'): '2.1', ('inv', 'province'): '2.2'}
    """
    sector_pos = {s.id: k for k, s in enumerate(codebook.sectors)}
    type_pos = {t.id: k for k, t in enumerate(codebook.respondent_types)}
    item_pos = {i.id: k for k, i in enumerate(codebook.items)}

    def order(pair):
        item = codebook.item(pair[0])
        return (sector_pos.get(item.sector, len(sector_pos)), type_pos.get(pair[1], len(type_pos)), item_pos[pair[0]])

    ordered = sorted(dict.fromkeys(pairs), key=order)
    scheme = numbering_scheme(codebook)
    out = {}
    if scheme == "flat":
        return {pair: str(k) for k, pair in enumerate(ordered, start=1)}
    if scheme == "per-sector":
        chapters, counts = {}, {}
        for pair in ordered:
            sector = codebook.item(pair[0]).sector or ""
            chapter = chapters.setdefault(sector, len(chapters) + 2)
            counts[chapter] = counts.get(chapter, 0) + 1
            out[pair] = f"{chapter}.{counts[chapter]}"
        return out
    previous, letters, plain = None, {}, 0
    for pair in ordered:
        own = codebook.item(pair[0]).figures.get(pair[1])
        if own:
            out[pair] = previous = own
        elif previous is not None:
            letters[previous] = letters.get(previous, 0) + 1
            out[pair] = previous + "abcdefghijklmnopqrstuvwxyz"[(letters[previous] - 1) % 26]
        else:
            plain += 1
            out[pair] = str(plain)
    return out


def _join(blocks: list[dict]) -> pd.DataFrame:
    """One DataFrame of the distributions' columns, as ``pd.concat`` of a DataFrame per
    block would give, without building those (a few hundred blocks cost more than the
    estimates)."""
    data = {}
    for name in blocks[0]:
        values = []
        for block in blocks:
            value = block[name]
            if isinstance(value, np.ndarray):
                values.extend(value.tolist())
            elif isinstance(value, list):
                values.extend(value)
            else:
                values.extend([value] * len(block["category"]))
        data[name] = values
    return pd.DataFrame(data)


def _is_number(c) -> bool:
    return isinstance(c, (int, float)) and not isinstance(c, bool)


def _measure_label(codebook: Codebook, measure_id: str, lang: str) -> str:
    try:
        return codebook.label(codebook.measure(measure_id).label, lang)
    except KeyError:
        return measure_id


def closed_form_warning(dist: pd.DataFrame, ci_method: str) -> str | None:
    """A one-line warning when a closed-form interval was chosen for routed items.

    The closed-form options (``logit``, ``korn-graubard``, ``mean``) undercover on
    domains at the bases of this field (see
    :data:`survey_inventory.stats.intervals.CLOSED_FORM_DOMAIN_COVERAGE`); the exact
    default does not.

    Examples
    --------
    >>> import pandas as pd
    >>> print(closed_form_warning(pd.DataFrame({"domain": [True], "item": ["q"]}), "logit"))
    ci-method logit on 1 routed item: its 95% intervals cover as little as 82% on domains at these bases (exact default: >= 95%); see docs/methods.md
    >>> closed_form_warning(pd.DataFrame({"domain": [True], "item": ["q"]}), "auto") is None
    True
    """
    from ..stats.intervals import CLOSED_FORM_DOMAIN_COVERAGE

    if ci_method not in CLOSED_FORM_DOMAIN_COVERAGE or dist.empty:
        return None
    routed = dist.loc[dist["domain"].astype(bool), "item"].nunique()
    if not routed:
        return None
    small, large = CLOSED_FORM_DOMAIN_COVERAGE[ci_method]
    return (f"ci-method {ci_method} on {routed} routed item{'s' if routed > 1 else ''}: its 95% intervals cover "
            f"as little as {100 * min(small, large):.0f}% on domains at these bases (exact default: >= 95%); "
            f"see docs/methods.md")
