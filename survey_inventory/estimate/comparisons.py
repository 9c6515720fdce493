"""Comparisons from the tidy table: tests between respondent types and between
sectors, and the association of familiarity with involvement (``comparisons.csv``).

Adapters between the tidy table of :mod:`survey_inventory.load` (plus the
codebook) and the pure statistics of :mod:`survey_inventory.stats`:

* between respondent types (independent groups):
  :func:`~survey_inventory.stats.unpaired.fisher_freeman_halton` over all types,
  and pairwise :func:`~survey_inventory.stats.unpaired.linear_by_linear`;
* between sectors (paired: the same respondents answer for every sector):
  :func:`~survey_inventory.stats.paired.friedman` /
  :func:`~survey_inventory.stats.paired.cochran_q`, pairwise
  :func:`~survey_inventory.stats.paired.wilcoxon_signed_rank` /
  :func:`~survey_inventory.stats.paired.mcnemar_exact`;
* familiarity x involvement: :func:`~survey_inventory.stats.association.goodman_kruskal_gamma`
  and :func:`~survey_inventory.stats.association.kendall_tau_b`;

pairwise families Holm-adjusted (:func:`~survey_inventory.stats.multiplicity.holm`).
Every function returns a DataFrame with :data:`COMPARISON_TEST_COLUMNS`, one row
per test; a degenerate test is a row with ``NaN`` numbers and a note saying why.

**Inference target.** A p-value treats the respondents as a sample from a
process ("would organisations like these answer differently?"), not as a
sample from the finite set of 12 provinces or 35 regions: every test is a
permutation test conditional on the observed answers, so no finite population
correction applies (``p_method`` says so). Who enters a routed item is stated in
``population`` (default: all who answered the filter question, routed-out
counted in a declared category); the primary family is marked in ``family``.
``docs/methods.md`` explains the choices.
Small-group suppression for ``--min-cell`` is
:func:`survey_inventory.privacy.suppress_small_groups`.
"""
from __future__ import annotations

import itertools

import numpy as np
import pandas as pd

from ..errors import SurveyInputError
from ..stats.association import goodman_kruskal_gamma, kendall_tau_b
from ..stats.paired import MAX_EXACT_N, N_RESAMPLES, SEED, cochran_q, friedman
from ..stats.pairwise import mcnemar_pairs, wilcoxon_pairs
from ..stats.unpaired import fisher_freeman_halton, linear_by_linear
from ._comparison_population import _check_population, filter_measures, label_rows, mark_families, \
    population_positions
from ._comparison_rows import _active, _adjust, _frame, _is_ordinal, _note, _row, _Tidy, _types_of

__all__ = ["COMPARISON_TEST_COLUMNS", "between_types", "between_sectors", "familiarity_involvement",
           "comparisons"]

COMPARISON_TEST_COLUMNS = ["comparison", "sector", "sector_label", "respondent_type", "respondent_type_label", "item",
                      "measure", "measure_label", "test", "statistic", "df",
                      "p_value", "p_method", "p_adjusted", "adjustment", "effect_size", "effect_name",
                      "effect_ci_lower", "effect_ci_upper", "effect_ci_method", "ci_level", "n",
                      "min_group_n", "note", "inputs", "population", "family"]



def between_types(responses: pd.DataFrame, codebook, *, level: float = 0.95, n_resamples: int = N_RESAMPLES,
                  seed=SEED, bias_corrected_v: bool = False, max_exact_n: int = MAX_EXACT_N,
                  population: str = "all", routed_as=None, primary=None,
                  lang: str | None = None, _tidy=None) -> pd.DataFrame:
    """Respondent types compared within each item (one sector, one measure).

    Per item: the respondent types x substantive codes table of valid answers
    (non-substantive answers such as "weet ik niet" left out), tested with :func:`fisher_freeman_halton` over all
    types (``comparison = "types"``); for an ordinal scale also every pair of
    types with the exact :func:`linear_by_linear` test and the rank-biserial
    correlation (``"types_pairwise"``, Holm-adjusted within the item). Types
    without answers are left out of the table (and named in the note).

    **Who enters a routed item** (column ``population``): who was asked depends
    on the filter answer, which differs by type, so by default
    (``population="all"``) every respondent who answered the filter question
    enters, those routed past the item counted in the declared category
    ``routed_as`` (default the scale's last substantive code, "Niet
    betrokken"), as :func:`between_sectors` does. ``population="asked"`` tests
    only those who were asked: a test conditional on being asked, and the row
    says so.

    **Primary family** (column ``family``): the ``types`` rows of ``primary``
    (default: the measures the routing rules read, for the bundled study
    familiarity) are Holm-adjusted across that family (``p_adjusted``); every
    other row is ``exploratory``.

    Parameters
    ----------
    responses : DataFrame
        The tidy table of :mod:`survey_inventory.load` (``respondent_id``,
        ``respondent_type``, ``item``, ``status``, ``code``).
    codebook : Codebook
        Says which items, scales, sectors and respondent types there are.
    level : float, default 0.95
        Confidence level of the effect-size intervals.
    n_resamples, seed, max_exact_n
        As in :mod:`survey_inventory.stats` (9999 resamples, seed 2025, exact up to 300).
    lang : str, optional
        Language of the labels (default the study's).
    bias_corrected_v : bool, default False
        Bergsma's bias-corrected Cramér's V.
    population : {"all", "asked"}, default "all"
        Routed items: all respondents who answered the filter question
        (routed-out counted as ``routed_as``), or only those asked (conditional).
    routed_as : code, optional
        The substantive code the routed-out are counted as (default the scale's last).
    primary : list of str, optional
        The measures whose between-type tests form the primary family (default
        the filter measures of the routing rules).

    Returns
    -------
    DataFrame
        :data:`COMPARISON_TEST_COLUMNS`; per item a ``types`` row and its ``types_pairwise`` rows.

    References
    ----------
    See :func:`~survey_inventory.stats.unpaired.fisher_freeman_halton`,
    :func:`~survey_inventory.stats.unpaired.linear_by_linear` and
    :func:`~survey_inventory.stats.multiplicity.holm`.

    Examples
    --------
    >>> from survey_inventory.datasets import load_example
    >>> cb, study, dist = load_example()            # the bundled study
    >>> responses = study.responses
    >>> row = between_types(responses, cb).query("comparison == 'types' and item == 'care_familiarity'").iloc[0]
    >>> row["respondent_type"], row["test"], round(float(row["p_value"]), 4), int(row["n"])
    ('province vs amr vs fund', 'Fisher-Freeman-Halton', 0.1246, 45)
    """
    _check_population(population)
    tidy = _tidy or _Tidy(responses, codebook)
    rows, populations = [], []
    for item in codebook.items:
        ans = tidy.answers(item)
        types = [t for t in _types_of(codebook, item) if (ans.rtype == tidy.type_code(t)).any()]
        if not types:
            continue  # the item is not in these data
        enter, who = population_positions(tidy, codebook, item, ans, population, routed_as)
        table = np.zeros((len(types), ans.k), dtype=np.int64)
        for r, type_id in enumerate(types):
            pos = enter[(ans.rtype == tidy.type_code(type_id)) & ~np.isnan(enter)]
            table[r] = np.bincount(pos.astype(np.int64) - 1, minlength=ans.k)
        n_by = table.sum(1)
        absent = [t for t, n in zip(types, n_by) if n == 0]
        note = _note("compare_no_valid_answers", types=", ".join(absent)) if absent else ""
        common = dict(sector=item.sector or "", item=item.id, measure=item.measure, level=level)
        res = fisher_freeman_halton(table, n_resamples=n_resamples, seed=seed, bias_corrected_v=bias_corrected_v,
                                    level=level, max_exact_n=max_exact_n)
        rows.append(_row("types", respondent_type=" vs ".join(types), frame=res, extra_note=note,
                         min_group_n=int(n_by[n_by > 0].min()) if (n_by > 0).any() else 0,
                         inputs=[f"{item.id}@{t}" for t in types], **common))
        populations.append(who)
        if _is_ordinal(codebook, item) and len(types) >= 2:
            # every pair of types asked, answers or not: which rows exist depends on the design only
            pairs = []
            for a, b in itertools.combinations(range(len(types)), 2):
                res = linear_by_linear(table[[a, b]], n_resamples=n_resamples, seed=seed, max_exact_n=max_exact_n,
                                       level=level)
                pairs.append(_row("types_pairwise", respondent_type=f"{types[a]} vs {types[b]}", frame=res,
                                  min_group_n=int(min(n_by[a], n_by[b])),
                                  inputs=[f"{item.id}@{types[a]}", f"{item.id}@{types[b]}"], **common))
            rows += _adjust(pairs)
            populations += [who] * len(pairs)
    out = label_rows(_frame(rows, COMPARISON_TEST_COLUMNS[:-2], codebook, lang), populations)
    return mark_families(out, filter_measures(codebook) if primary is None else primary)[COMPARISON_TEST_COLUMNS]


def between_sectors(responses: pd.DataFrame, codebook, *, familiarity: str = "familiarity",
                    involvement: str = "involvement", active_codes=None, dont_know: str = "no",
                    level: float = 0.95, n_resamples: int = N_RESAMPLES, seed=SEED,
                    max_exact_n: int = MAX_EXACT_N, lang: str | None = None, _tidy=None) -> pd.DataFrame:
    """Sectors compared within each respondent type (paired: the same respondents answer for every sector).

    * Familiarity (measure ``familiarity``, scale codes in scale order):
      :func:`friedman` over the sectors on complete cases (``"sectors"``), and
      :func:`wilcoxon_signed_rank` for every pair of sectors on the respondents
      who answered both (``"sectors_pairwise"``, Holm-adjusted).
    * Involvement (measure ``involvement``) as "actively involved" yes/no:
      :func:`cochran_q` and pairwise :func:`mcnemar_exact`, the same way.
      Who enters: a valid answer counts (1 for ``active_codes``, by default the
      scale's first substantive code; 0 for any other code, "weet ik niet"
      included unless ``dont_know="exclude"``); a respondent *routed past* the
      question counts as not actively involved (0) when they answered the
      sector's familiarity question (they know the collaborations too poorly to
      have been asked); respondents who skipped the question, or were not asked
      because their familiarity answer is missing, are left out.

    Parameters
    ----------
    responses, codebook, level, n_resamples, seed, max_exact_n, lang
        As in :func:`between_types`.
    familiarity, involvement : str
        The measure ids of the two questions per sector.
    active_codes : list, optional
        The involvement codes that count as "actively involved".
    dont_know : {"no", "exclude"}, default "no"
        "weet ik niet" counts as not involved, or is left out.

    Returns
    -------
    DataFrame
        :data:`COMPARISON_TEST_COLUMNS`; per type and measure a ``sectors`` row and its pairs.

    References
    ----------
    See :func:`~survey_inventory.stats.paired.friedman`, :func:`~survey_inventory.stats.paired.cochran_q`,
    :func:`~survey_inventory.stats.paired.wilcoxon_signed_rank`,
    :func:`~survey_inventory.stats.paired.mcnemar_exact` and :func:`~survey_inventory.stats.multiplicity.holm`.

    Examples
    --------
    >>> from survey_inventory.datasets import load_example
    >>> cb, study, dist = load_example()
    >>> responses = study.responses                 # the bundled study, as in between_types
    >>> out = between_sectors(responses, cb)
    >>> row = out.query("comparison == 'sectors' and respondent_type == 'amr' and measure == 'familiarity'").iloc[0]
    >>> row["sector"], row["test"], round(float(row["p_value"]), 4), int(row["n"])
    ('care vs green vs tech vs ict', 'Friedman', 0.0001, 24)
    """
    if dont_know not in ("no", "exclude"):
        raise SurveyInputError(f"dont_know must be 'no' or 'exclude', not {dont_know!r}")
    tidy = _tidy or _Tidy(responses, codebook)
    rows_of = {}   # (type, measure) -> rows; the table lists them type by type
    for measure in (familiarity, involvement):
        for rtype, columns, sectors, used in _sector_columns(tidy, codebook, measure, familiarity, active_codes,
                                                              dont_know):
            wide = _side_by_side([(rid, np.where(value < 0, np.nan, value)) for rid, value in columns])
            columns.clear()  # each sector's answers are in `wide` now (at 10^6 respondents 130 MB)
            common = dict(respondent_type=rtype.id, measure=measure, level=level)
            if measure == familiarity:
                res = friedman(wide, n_resamples=n_resamples, seed=seed, max_exact_n=max_exact_n, level=level)
                note = _note("compare_complete_sectors")
            else:
                res = cochran_q(wide, n_resamples=n_resamples, seed=seed, max_exact_n=max_exact_n)
                note = _note("compare_active", dont_know=_note(
                    "compare_dont_know_no" if dont_know == "no" else "compare_dont_know_out"))
            complete = int((~np.isnan(wide).any(axis=1)).sum())
            rows = [_row("sectors", sector=" vs ".join(sectors), frame=res, extra_note=note,
                         min_group_n=complete, inputs=[x for u in used for x in u], **common)]
            # every pair of sectors at once (one count per pair, one table): the respondents who answered both
            res = (wilcoxon_pairs(wide, max_exact_n=max_exact_n) if measure == familiarity
                   else mcnemar_pairs(wide, level=level))
            pairs = [_row("sectors_pairwise", sector=f"{sectors[a]} vs {sectors[b]}", frame=rec,
                          min_group_n=rec["n"], inputs=used[a] + used[b], **common)
                     for a, b, rec in zip(res.pop("first"), res.pop("second"), res.to_dict("records"))]
            rows_of[(rtype.id, measure)] = rows + _adjust(pairs)
    rows = [r for rtype in codebook.respondent_types for measure in (familiarity, involvement)
            for r in rows_of.get((rtype.id, measure), [])]
    out = _frame(rows, COMPARISON_TEST_COLUMNS[:-2], codebook, lang)
    who = [_note("compare_population_complete" if m == familiarity else "compare_population_sectors")
           for m in out["measure"]]
    return mark_families(label_rows(out, who), ())[COMPARISON_TEST_COLUMNS]


def familiarity_involvement(responses: pd.DataFrame, codebook, *, familiarity: str = "familiarity",
                            involvement: str = "involvement", level: float = 0.95,
                            n_resamples: int = N_RESAMPLES, seed=SEED, max_exact_n: int = MAX_EXACT_N,
                            lang: str | None = None, _tidy=None) -> pd.DataFrame:
    """Familiarity against involvement, per sector and respondent type: gamma and tau-b with intervals.

    The table crosses the substantive familiarity codes with the substantive
    involvement codes (both in scale order: for the bundled study 1 = very
    good ... 5 = very poor against 1 = actively involved ... 3 = not involved,
    so a positive value means: the better known, the more involved) for the
    respondents who answered both; routed-out respondents and "weet ik niet"
    are not in it (the routing would otherwise create the association).
    Two rows per cell: :func:`goodman_kruskal_gamma` and :func:`kendall_tau_b`
    (``comparison = "association"``).

    Parameters
    ----------
    responses, codebook, level, n_resamples, seed, max_exact_n, lang
        As in :func:`between_types`.
    familiarity, involvement
        As in :func:`between_sectors`.

    Returns
    -------
    DataFrame
        Two rows per sector and respondent type, :data:`COMPARISON_TEST_COLUMNS`.

    References
    ----------
    See :func:`~survey_inventory.stats.association.goodman_kruskal_gamma` and
    :func:`~survey_inventory.stats.association.kendall_tau_b`.

    Examples
    --------
    >>> from survey_inventory.datasets import load_example
    >>> cb, study, dist = load_example()
    >>> responses = study.responses                 # the bundled study, as in between_types
    >>> out = familiarity_involvement(responses, cb).query("sector == 'care' and respondent_type == 'amr'")
    >>> out[["test", "effect_size"]].round(3).values.tolist()
    [['Goodman-Kruskal gamma', 1.0], ['Kendall tau-b', 0.768]]
    """
    tidy = _tidy or _Tidy(responses, codebook)
    rows = []
    for fam_item in [i for i in codebook.items if i.measure == familiarity]:
        inv_items = [i for i in codebook.items if i.measure == involvement and i.sector == fam_item.sector]
        if not inv_items:
            continue
        inv_item = inv_items[0]
        fam, inv = tidy.answers(fam_item), tidy.answers(inv_item)
        types = [t for t in _types_of(codebook, fam_item) if t in _types_of(codebook, inv_item)]
        for type_id in types:
            code = tidy.type_code(type_id)
            fk, vk = fam.rtype == code, inv.rtype == code
            if not fk.any() and not vk.any():
                continue
            table = _cross_table((fam.rid[fk], fam.pos[fk]), (inv.rid[vk], inv.pos[vk]), fam.k, inv.k)
            common = dict(sector=fam_item.sector or "", respondent_type=type_id,
                          item=f"{fam_item.id} x {inv_item.id}", measure=f"{familiarity} x {involvement}",
                          level=level)
            note = _note("compare_answered_both")
            for func in (goodman_kruskal_gamma, kendall_tau_b):
                res = func(table, level=level, n_resamples=n_resamples, seed=seed, max_exact_n=max_exact_n)
                rows.append(_row("association", frame=res, extra_note=note, min_group_n=int(table.sum()),
                                 inputs=[f"{fam_item.id}@{type_id}", f"{inv_item.id}@{type_id}"], **common))
    out = _frame(rows, COMPARISON_TEST_COLUMNS[:-2], codebook, lang)
    out = label_rows(out, [_note("compare_population_both")] * len(out))
    return mark_families(out, ())[COMPARISON_TEST_COLUMNS]


def _sector_columns(tidy, codebook, measure, familiarity, active_codes, dont_know):
    """For each respondent type with answers to ``measure``: ``(type, columns, sectors, used)``, one
    ``(respondent index, value)`` column per sector in item order (familiarity: the scale position;
    involvement: :func:`_active`), the sector ids and each column's inputs. Each item's answers are
    worked out once for all types (not once per type), and kept as 16-bit values (-1: none): at 10^6
    respondents 120 MB for the 20 items of a measure, less than one type's columns as float."""
    items = [i for i in codebook.items if i.measure == measure]
    found = {t.id: ([], [], []) for t in codebook.respondent_types}
    for item in items:
        if measure == familiarity:
            ans = tidy.answers(item)
            rid, rt, value = ans.rid, ans.rtype, ans.pos
        else:
            rid, rt, value = _active(tidy, codebook, item, familiarity, active_codes, dont_know)
        small = np.where(np.isnan(value), -1, value).astype(np.int16)  # positions 1..K, or 0/1
        for type_id in dict.fromkeys(_types_of(codebook, item)):
            if type_id not in found:
                continue
            keep = rt == tidy.type_code(type_id)
            if not keep.any():
                continue
            columns, sectors, used = found[type_id]
            columns.append((rid[keep], small[keep]))
            sectors.append(item.sector or item.id)
            routing = [] if measure == familiarity else [  # who was routed past depends on familiarity
                f"{i.id}@{type_id}" for i in codebook.items if i.measure == familiarity and i.sector == item.sector]
            used.append([f"{item.id}@{type_id}"] + routing)
        del rid, rt, value, small
    for rtype in codebook.respondent_types:
        columns, sectors, used = found.pop(rtype.id)
        if columns:
            yield rtype, columns, sectors, used


def _repeats(rid: np.ndarray) -> bool:
    """Whether respondent indices ``rid`` hold a respondent twice or a missing one (-1): counted, not sorted."""
    return bool(len(rid)) and bool((rid < 0).any() or np.bincount(rid).max() > 1)


def _side_by_side(columns: list) -> np.ndarray:
    """The matrix of ``(respondent index, value)`` columns, one row per respondent in the order
    they first appear (as ``pd.concat(..., axis=1)`` of Series indexed by respondent gives
    it), NaN where a column has no value; by integer position, without aligning indexes.
    Columns that repeat a respondent are aligned by pandas, as before."""
    if any(_repeats(rid) for rid, _ in columns):  # no id: -1
        return pd.concat([pd.Series(v, index=r) for r, v in columns], axis=1,
                         keys=range(len(columns))).to_numpy(dtype=float)
    size = max((int(rid.max()) + 1 for rid, _ in columns if len(rid)), default=0)
    seen = np.zeros(size, dtype=bool)
    order = []
    for rid, _ in columns:
        new = rid[~seen[rid]]
        seen[new] = True
        order.append(new)
    order = np.concatenate(order) if order else np.zeros(0, dtype=np.int64)
    row_of = np.full(size, -1, dtype=np.int64)
    row_of[order] = np.arange(len(order))
    wide = np.full((len(order), len(columns)), np.nan)
    for j, (rid, value) in enumerate(columns):
        wide[row_of[rid], j] = value
    return wide


def _cross_table(rows: tuple, cols: tuple, k_rows: int, k_cols: int) -> np.ndarray:
    """Counts of (row value, column value) over the respondents with both values (1..k
    each; NaN = none): ``rows`` and ``cols`` are ``(respondent index, value)``."""
    rid_r, val_r = rows
    rid_c, val_c = cols
    if any(_repeats(r) for r in (rid_r, rid_c)):  # as pandas' inner join did
        both = pd.concat([pd.Series(val_r, index=rid_r), pd.Series(val_c, index=rid_c)], axis=1,
                         join="inner").dropna().to_numpy()
        table = np.zeros((k_rows, k_cols), dtype=np.int64)
        np.add.at(table, (both[:, 0].astype(np.int64) - 1, both[:, 1].astype(np.int64) - 1), 1)
        return table
    size = max([int(r.max()) + 1 for r in (rid_r, rid_c) if len(r)], default=0)
    by_respondent = np.full(size, np.nan)
    by_respondent[rid_c] = val_c
    other = by_respondent[rid_r]
    both = ~np.isnan(val_r) & ~np.isnan(other)
    table = np.zeros((k_rows, k_cols), dtype=np.int64)
    np.add.at(table, (val_r[both].astype(np.int64) - 1, other[both].astype(np.int64) - 1), 1)
    return table


def comparisons(responses: pd.DataFrame, codebook, *, level: float = 0.95, n_resamples: int = N_RESAMPLES,
                seed=SEED, familiarity: str = "familiarity", involvement: str = "involvement",
                active_codes=None, dont_know: str = "no", bias_corrected_v: bool = False,
                max_exact_n: int = MAX_EXACT_N, categories: str = "scale", population: str = "all",
                routed_as=None, primary=None, lang: str | None = None) -> pd.DataFrame:
    """Every comparison of the study as one tidy table (``comparisons.csv``).

    Rows of :func:`between_types` (``comparison`` = ``types``,
    ``types_pairwise``), :func:`between_sectors` (``sectors``,
    ``sectors_pairwise``) and :func:`familiarity_involvement`
    (``association``), with :data:`COMPARISON_TEST_COLUMNS`:

    ``sector``, ``respondent_type`` (ids) and ``sector_label``, ``respondent_type_label``
        the stratum, or for the compared dimension the groups compared
        (``"province vs amr vs fund"``, ``"care vs green"``), labels in ``lang``;
    ``statistic``, ``df``, ``p_value``, ``p_method``
        the test; ``df`` is that of the statistic's chi-square approximation,
        shown for reference where ``p_method`` is exact or Monte Carlo;
    ``p_adjusted``, ``adjustment``
        Holm within each family of pairwise comparisons; for the primary
        family (``family``) Holm across it; empty for other single tests;
    ``effect_size``, ``effect_name``, ``effect_ci_lower``, ``effect_ci_upper``
        the effect size and, where one is defined (gamma, tau-b), its interval
        at ``ci_level``;
    ``n``, ``min_group_n``
        respondents in the test and in its smallest group (what
        ``--min-cell`` looks at);
    ``note``
        who entered, why a row has no result, and that p-values treat the
        respondents as a sample from a process;
    ``inputs``
        the distributions (``item@respondent_type``) the row is computed from
        (what ``--min-cell`` checks, :func:`survey_inventory.privacy.suppress_small_groups`);
    ``population``
        who entered: all respondents (routed-out counted in a named category),
        or only those asked (conditional on being asked);
    ``family``
        ``primary`` (the declared primary family, Holm across it) or ``exploratory``.

    ``categories="scale"`` (default) tests the substantive codes of each scale
    (familiarity: 5 points); ``"report"`` first collapses items that have a
    report collapse into the report's categories (good / fair / poor), so the
    results depend only on what the figures show.

    Parameters
    ----------
    responses, codebook, level, n_resamples, seed, max_exact_n, lang
        As in :func:`between_types`.
    familiarity, involvement, active_codes, dont_know
        As in :func:`between_sectors`.
    bias_corrected_v, population, routed_as, primary
        As in :func:`between_types`.
    categories : {"scale", "report"}, default "scale"
        Test the scale's substantive codes, or the report's collapsed categories.

    Returns
    -------
    DataFrame
        :data:`COMPARISON_TEST_COLUMNS`, the rows of the three in that order.

    References
    ----------
    The statistics' own (:mod:`survey_inventory.stats`); ``docs/methods.md``.

    Examples
    --------
    >>> from survey_inventory.datasets import load_example
    >>> cb, study, dist = load_example()
    >>> responses = study.responses                 # the bundled study, as in between_types
    >>> comparisons(responses, cb)["comparison"].value_counts().sort_index().to_dict()
    {'association': 24, 'sectors': 6, 'sectors_pairwise': 36, 'types': 8, 'types_pairwise': 24}
    """
    tidy = _Tidy(responses, codebook, categories)
    parts = [
        between_types(responses, codebook, level=level, n_resamples=n_resamples, seed=seed,
                      bias_corrected_v=bias_corrected_v, max_exact_n=max_exact_n, population=population,
                      routed_as=routed_as, primary=primary, lang=lang, _tidy=tidy),
        between_sectors(responses, codebook, familiarity=familiarity, involvement=involvement,
                        active_codes=active_codes, dont_know=dont_know, level=level, n_resamples=n_resamples,
                        seed=seed, max_exact_n=max_exact_n, lang=lang, _tidy=tidy),
        familiarity_involvement(responses, codebook, familiarity=familiarity, involvement=involvement, level=level,
                                n_resamples=n_resamples, seed=seed, max_exact_n=max_exact_n, lang=lang,
                                _tidy=tidy),
    ]
    parts = [p for p in parts if len(p)]
    if not parts:
        return pd.DataFrame(columns=COMPARISON_TEST_COLUMNS)
    return pd.concat(parts, ignore_index=True)[COMPARISON_TEST_COLUMNS]

