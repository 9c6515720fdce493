"""The whole job: codebook -> load -> validate -> estimate -> render -> export.

:func:`analyze` is what ``survey-inventory analyze`` runs; analysts call it, or
any stage on its own, from Python.

>>> from survey_inventory.analyze import analyze
>>> result = analyze("codebooks/bartels-2025.yaml", "outputs/bartels-2025")   # doctest: +SKIP
>>> sorted(result.outputs)[:2]                                                # doctest: +SKIP
['distributions.csv', 'manifest.json']
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import pandas as pd

from .codebook import Codebook, load_codebook
from .errors import SurveyInputError

__all__ = ["AnalysisOptions", "AnalysisResult", "ValidationFailed", "analyze", "estimate_all"]


class ValidationFailed(SurveyInputError):
    """The data has errors; ``report`` holds every problem."""

    def __init__(self, message, report):
        super().__init__(message)
        self.report = report


@dataclass
class AnalysisOptions:
    ci_method: str = "auto"
    level: float = 0.95
    rounding: str = "half-up"
    lang: str | None = None
    min_cell: int = 0
    include_open_text: bool = False
    #: simultaneous intervals added to distributions.csv (sim_*): none or an intervals.MULTINOMIAL_METHODS
    simultaneous: str = "none"
    #: a Word file (.docx) whose house style report.docx takes (styles, page set-up, header and footer)
    template: str | None = None
    #: comparisons.csv (estimate.comparisons.comparisons): categories, dont_know, population, resamples, seed
    comparison_categories: str = "scale"
    comparison_dont_know: str = "no"
    comparison_population: str = "all"
    comparison_resamples: int = 9999
    comparison_seed: int = 2025
    #: analyse batch by batch from counts, memory bounded by ``batch_rows`` records (analyze_stream.py)
    stream: bool = False
    batch_rows: int = 100_000

    def as_dict(self) -> dict:
        return dict(self.__dict__)


@dataclass
class AnalysisResult:
    codebook: Codebook
    tables: dict[str, pd.DataFrame]
    validation: pd.DataFrame
    out_dir: Path | None = None
    outputs: list[str] = field(default_factory=list)
    #: one-line warnings about the analysis itself (e.g. a closed-form interval on routed items)
    warnings: list[str] = field(default_factory=list)
    #: a streamed run (analyze_stream.py): every problem counted, and the outputs it cannot make (name -> why)
    problem_counts: pd.DataFrame | None = None
    skipped: dict[str, str] = field(default_factory=dict)

    @property
    def dropped(self) -> pd.DataFrame:
        """The validation warnings for what the estimates leave out: one row per
        dropped answer or respondent (``survey-inventory analyze`` prints each one)."""
        return self.validation[self.validation["check"].isin(DROPPED_CHECKS)]


from .checks import ANSWERED_NOT_ASKED, EMPTY_RESPONDENT  # noqa: E402  (beside the one constant that uses them)

#: Validation checks for what is dropped from the estimates, and their count in the manifest.
DROPPED_CHECKS = {ANSWERED_NOT_ASKED: "dropped_answers", EMPTY_RESPONDENT: "dropped_respondents"}


def estimate_all(study, options: AnalysisOptions, inventory: pd.DataFrame | None = None,
                 frames: dict | None = None, before_comparisons: Callable[[dict], None] | None = None,
                 with_comparisons: bool = True) -> dict[str, pd.DataFrame]:
    """Every table of the analysis, as DataFrames (no files); ``inventory``: the one already loaded, if any;
    ``frames``: the population frames (:func:`survey_inventory.load.frame.load_frames`), read here when None;
    ``before_comparisons``: called with the tables made so far (the distributions final) before the
    comparisons, which take the longest (``analyze`` starts drawing the figures there);
    ``with_comparisons=False`` leaves them out (:func:`comparison_table` makes them; ``analyze`` runs it
    in a forked process while it writes the report)."""
    from .estimate import distributions, mention_counts, response_table

    from .load.frame import frame_populations, load_frames

    frames = load_frames(study)[0] if frames is None else frames
    cb = frame_populations(study.codebook, frames)  # a framed type's population is its frame's size
    tables = {
        "distributions": distributions(study.responses, cb, ci_method=options.ci_method, level=options.level,
                                       rounding=options.rounding, lang=options.lang),
        "response_table": response_table(study.respondents, cb, lang=options.lang),
        "mentions": mention_counts(study.multi_response, cb, lang=options.lang),
    }
    add_participants(cb, tables, options, inventory)
    if options.simultaneous != "none":  # extra sim_* columns; the stable columns stay as they are
        from .estimate import simultaneous_intervals

        tables["distributions"] = simultaneous_intervals(tables["distributions"], options.simultaneous,
                                                         level=options.level)
    if frames:  # issue 16: response by frame attribute, weighted distributions and non-response bounds
        from .estimate.response_analysis import response_analysis
        from .estimate.weighted import weighted_distributions

        tables["response"] = response_analysis(frames, cb, lang=options.lang, level=options.level)
        tables["weighted_distributions"] = weighted_distributions(study.responses, cb, frames, level=options.level,
                                                                  lang=options.lang)
    if before_comparisons is not None:
        before_comparisons(tables)
    if with_comparisons:
        tables["comparisons"] = comparison_table(study.responses, cb, options)
    return tables


def comparison_table(responses: pd.DataFrame, cb, options: AnalysisOptions) -> pd.DataFrame:
    """``comparisons`` of :func:`estimate_all`: the tests between types and sectors and of familiarity x
    involvement, with the options' level, categories, don't-know rule, population, resamples and seed."""
    from .estimate.comparisons import comparisons

    return comparisons(responses, cb, level=options.level, lang=options.lang,
                       categories=options.comparison_categories, dont_know=options.comparison_dont_know,
                       population=options.comparison_population, n_resamples=options.comparison_resamples,
                       seed=options.comparison_seed)


def analyze(codebook_path, out_dir=None, options: AnalysisOptions | None = None,
            progress: Callable[[str], None] | None = None, sections=()) -> AnalysisResult:
    """Run the whole analysis of a study and (with ``out_dir``) write every output.

    Raises :class:`~survey_inventory.errors.SurveyInputError` (or its subclasses
    ``CodebookError``, ``LoadError``, :class:`ValidationFailed`) for bad input;
    in that case nothing is written and an existing ``out_dir`` is left as it was.
    """
    from .export import check_output_dir

    options = options or AnalysisOptions()
    say = progress or (lambda msg: None)
    say(f"Reading codebook {getattr(codebook_path, 'path', codebook_path)}")
    cb = codebook_path if isinstance(codebook_path, Codebook) else load_codebook(codebook_path)
    if cb.follow_up is not None:  # several waves: each analysed as below, then the change between them
        from .follow_up import analyze_waves

        return analyze_waves(cb, out_dir, options, progress)
    if out_dir is not None:
        check_output_dir(Path(out_dir), input_paths(cb))
    if options.stream:  # bigger than memory: everything made from counts, batch by batch
        from .analyze_stream import analyze_stream

        return analyze_stream(cb, out_dir, options, progress)
    if out_dir is None:
        return _analyze(cb, None, options, say)
    from .frozen import objects_frozen
    from .render.workers import close_warm, warm_workers

    # the figure workers import matplotlib while the data are read; for a large study it is imported here
    # first, its pages then shared with the workers instead of held by each. Frozen, the objects that exist
    # now are not walked (and so not copied) by the collections of the children forked during the run
    with objects_frozen():
        large = _source_bytes(cb) > IMPORT_BEFORE_WARMING_SOURCE_BYTES
        warm_workers(import_first=large, nice=LARGE_STUDY_FIGURE_NICE if large else 0)
        try:
            return _analyze(cb, Path(out_dir), options, say, sections)
        finally:
            close_warm()  # not taken (bad input, or too few figures for workers)


def _analyze(cb, out_dir, options, say, sections=()) -> AnalysisResult:
    """``analyze`` after the codebook is read: load, validate, estimate and (with ``out_dir``) write."""
    from .export import atomic_output_dir
    from .load import load_study
    from .validate import format_problem, has_errors, validate

    say(f"Loading {len(cb.sources)} source file(s)")
    study = load_study(cb)
    say(f"Validating {len(study.respondents)} respondents, {len(study.responses)} answers")
    from .load.frame import frame_populations, load_frames, merge_reports

    frames, frame_problems = load_frames(study)  # population frames (issue 16): their problems join the report
    from .estimate import ESTIMATE_COLUMNS
    from .validate import VALIDATE_COLUMNS

    read = set(VALIDATE_COLUMNS) | set(ESTIMATE_COLUMNS)  # the rest is not read again (issue 17)
    study.responses = study.responses[[c for c in study.responses.columns if c in read]]
    report = merge_reports(validate(study), frame_problems)
    if has_errors(report):
        errors = report[report["severity"] == "error"]
        first = format_problem(errors.iloc[0], severity=False)
        n_more = len(errors) - 1
        more = (f" (and {n_more} more error{'s' if n_more > 1 else ''}; run 'survey-inventory validate' for all)"
                if n_more else "")
        raise ValidationFailed(first + more, report)
    if not (study.responses["status"] == "valid").any():  # else a report of N = 0 figures, exit 0
        files = ", ".join(dict.fromkeys(p.name for p in study.files.values()))
        raise ValidationFailed(f"{files}: no usable answer at all ({len(study.responses)} answers, every one empty, "
                               "a missing-value code or not asked); nothing to estimate", report)
    study.responses = study.responses[ESTIMATE_COLUMNS]  # what only validation read is not read again (issue 17)
    inventory = None
    if cb.inventory:  # read once: the estimates and the report writers share it
        from .load.inventory import load_inventory

        inventory = load_inventory(cb)
    say("Estimating distributions and intervals")
    cb = frame_populations(cb, frames)  # a framed type's population is its frame's size
    if out_dir is None:
        return _estimate(study, cb, options, inventory, frames, report, say)[0]

    with atomic_output_dir(out_dir) as tmp:
        from .render.pool import cancel_started, start_figures

        readable_as_umask_allows(tmp)  # a temporary folder is made 0700; the output folder is the user's

        pending = []   # the comparisons, being made in a forked child
        if len(study.responses) <= FORKED_COMPARISONS_MAX_ANSWERS:
            # they need only the answers: a child makes them from here on, beside the estimates, the figures
            # and the report (for a small study while the second core would otherwise wait for the figures)
            from .estimate.comparisons import comparisons  # noqa: F401  (its imports made once, here)
            from .forked import run_forked

            pending.append(run_forked(comparison_table, study.responses, cb, options))

        def start_early(tables):  # the figures (workers), while the report is written
            dist = tables["distributions"]
            if options.min_cell:  # as apply_min_cell below suppresses them: nothing unsuppressed is drawn
                from .privacy import apply_min_cell

                dist = apply_min_cell({"distributions": dist}, options.min_cell)["distributions"]
            start_figures(dist, cb, tmp / "figures", options.lang, options.rounding, min_cell=options.min_cell)
            if not pending:  # a child's working memory on top of this process's: more than a large study can spare
                tables["comparisons"] = comparison_table(study.responses, cb, options)

        try:
            result, published_file = _estimate(study, cb, options, inventory, frames, report, say, start_early)
            written = _write(result, published_file, study, frames, inventory, options, sections, tmp, out_dir, say,
                             pending[0] if pending else None)
        finally:
            cancel_started(tmp / "figures")  # figures not collected (an error): stopped before tmp is removed
            for child in pending:
                child.cancel()
    result.out_dir, result.outputs = out_dir, written
    say(f"Done: {len(written)} files in {out_dir}")
    return result


def _estimate(study, cb, options, inventory, frames, report, say, before_comparisons=None) -> tuple:
    """``(result, published file or None)``: the tables of ``analyze`` (suppressed with ``--min-cell``),
    the published check, the warnings."""
    tables = estimate_all(study, options, inventory, frames, before_comparisons,
                          with_comparisons=before_comparisons is None)
    if options.min_cell:
        from .privacy import apply_min_cell

        say(f"Suppressing cells of fewer than {options.min_cell} respondents")
        tables = apply_min_cell(tables, options.min_cell)  # before anything is written or drawn
    published_file = add_published_check(cb, tables, say)
    if options.include_open_text and cb.open_text:
        from .privacy import open_answers

        tables["open_text"] = open_answers(study.open_text, cb, lang=options.lang)  # no respondent ids
    from .estimate.distributions import closed_form_warning

    method_warning = closed_form_warning(tables["distributions"], options.ci_method)
    result = AnalysisResult(codebook=cb, tables=tables, validation=report,
                            warnings=[method_warning] if method_warning else [])
    return result, published_file


def _write(result, published_file, study, frames, inventory, options, sections, tmp: Path, out_dir: Path, say,
           pending_comparisons=None) -> list[str]:
    """Every output file into ``tmp`` (the output folder to be); the names written. ``pending_comparisons``:
    the comparisons being made in a forked child (:func:`comparison_table`), joined to the tables (in
    their place after the estimates) before the CSV files are written."""
    from .export import manifest, write_all, write_csv, write_manifest
    from .export.manifest import weighting_record
    from .privacy import privacy_note, public_validation

    cb, tables, report = result.codebook, result.tables, result.validation
    say(f"Writing outputs to {out_dir}")
    say("Drawing figures; writing tables.xlsx, report.docx, report.html")
    extra = write_all(tables, cb, tmp, inventory=inventory, sections=sections, lang=options.lang, rounding=options.rounding,
                      min_cell=options.min_cell, template=options.template)
    if pending_comparisons is not None:
        result.tables = tables = _with_comparisons(tables, pending_comparisons.result(), options.min_cell)
    written = []
    for name, frame in tables.items():
        write_csv(frame, tmp / f"{name}.csv")
        written.append(f"{name}.csv")
    write_csv(public_validation(report, options.min_cell), tmp / "validation.csv")
    written.append("validation.csv")
    written += extra["outputs"]
    counts = {
        "respondents": int(len(study.respondents)),
        "answers": int((study.responses["status"] == "valid").sum()),
        **{key: int((report["check"] == check).sum()) for check, key in DROPPED_CHECKS.items()},
        "warnings": int((report["severity"] == "warning").sum()),
    }
    frame_files = {f"frame:{type_id}": frame.file for type_id, frame in frames.items()}
    data = manifest(codebook=cb, input_files={**study.files, **extra["inputs"], **frame_files,
                                                  **({"published": published_file} if published_file else {})}, options=options.as_dict(),
                    outputs=written + ["manifest.json"], counts=counts,
                    privacy=privacy_note(options.min_cell, options.include_open_text,
                                         n_suppressed(tables, "distributions"), n_suppressed(tables, "mentions")),
                    weighting=weighting_record(tables.get("weighted_distributions")))
    if result.warnings:
        data["warnings"] = list(result.warnings)
    write_manifest(data, tmp)
    written.append("manifest.json")
    return written


#: Up to this many answers (rows of the tidy table) ``analyze`` makes the comparisons in a forked child
#: while it writes the report; above it, here, before: the child's working memory would come on top of
#: this process's (at 10^6 respondents x 40 items some 600 MiB more at once; docs/performance.md).
FORKED_COMPARISONS_MAX_ANSWERS = 2_000_000

#: Above this many bytes of source files ``analyze`` imports matplotlib (for the figures) before it forks
#: the figure workers, so that they share its pages: each worker importing it itself holds some 75 MiB
#: (idle, while a large study is loaded and validated, where its memory peaks: issue 17), but imports
#: it while the data are read, which is most of a small study's run (0.3 s). Forking the workers only
#: when the figures start would make them hold on to every page the analysis frees after the fork.
IMPORT_BEFORE_WARMING_SOURCE_BYTES = 16 * 2 ** 20


#: For such a study the figure workers run at this much lower a priority (``nice``): they draw while this
#: process makes the comparisons (10^6 respondents: 120 figures, some 28 CPU s), and the comparisons, which
#: everything after them waits for, then get a core of their own instead of a third of two (10^6: 54 s
#: instead of 58-63 s end to end, measured in turns); the figures take what is left and are done by the
#: time the report needs them, or soon after. A small study keeps equal priorities: its figures are the
#: last thing the run waits for.
LARGE_STUDY_FIGURE_NICE = 10


def _source_bytes(cb) -> int:
    """The size of the study's source files (those that exist; a missing one is the loader's error)."""
    total = 0
    for source in cb.sources:
        path = cb.source_path(source)
        try:
            total += sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) if path.is_dir() \
                else path.stat().st_size
        except OSError:
            continue
    return total


#: The tables made after the comparisons (by ``_estimate``): the comparisons go in before them.
_AFTER_COMPARISONS = ("published_check", "open_text")


def _with_comparisons(tables: dict, comparisons: pd.DataFrame, min_cell: int) -> dict:
    """``tables`` with the comparisons made apart, where :func:`estimate_all` puts them (suppressed as
    ``--min-cell`` suppresses them there: against the distributions' groups)."""
    if min_cell:
        from .privacy import suppress_small_groups

        comparisons = suppress_small_groups(comparisons, min_cell, tables.get("distributions"))
    out = {name: frame for name, frame in tables.items() if name not in _AFTER_COMPARISONS}
    out["comparisons"] = comparisons
    return out | {name: frame for name, frame in tables.items() if name in _AFTER_COMPARISONS}


def input_paths(cb) -> list[Path]:
    """Every file the analysis reads (an output folder must hold none of them)."""
    from .load.inventory import inventory_path

    paths = [cb.path] + [cb.source_path(s) for s in cb.sources] + [inventory_path(cb)]
    paths += [cb.resolve(t.frame.file) for t in cb.respondent_types if t.frame is not None]
    if getattr(cb, "published", None):
        from .estimate.published_check import published_path

        paths.append(published_path(cb))
    return [p for p in paths if p is not None]


def readable_as_umask_allows(folder: Path) -> None:
    """Give ``folder`` the mode a folder the user creates gets (0777 less the umask), as
    ``mkdir`` would: colleagues on a shared drive can open the report when the umask lets them."""
    import os

    mask = os.umask(0o022)  # reading the umask means setting it; put it straight back
    os.umask(mask)
    os.chmod(folder, 0o777 & ~mask)


def n_suppressed(tables, name) -> int:
    frame = tables.get(name)
    return int(frame["suppressed"].sum()) if frame is not None and "suppressed" in frame.columns else 0


def add_participants(cb, tables: dict, options, inventory: pd.DataFrame | None = None) -> pd.DataFrame | None:
    """Add the participant matrices (report tables 2.1, 4.1, 5.1, 6.1) to ``tables`` when the codebook
    has an inventory; the inventory (the one given, or read here), else None."""
    if not cb.inventory:
        return None
    from .estimate.participants import participants_long
    from .load.inventory import load_inventory

    inventory = load_inventory(cb) if inventory is None else inventory
    tables["participants"] = participants_long(inventory, cb, lang=options.lang)
    return inventory


def add_published_check(cb, tables: dict, say) -> Path | None:
    """Add the comparison with the report's printed percentages to ``tables`` when the codebook names
    them (does this study reproduce them?); the published file read, else None."""
    if not cb.published:
        return None
    from .estimate.published_check import category_aliases, compare_with_published, comparison_summary, \
        published_path
    from .load.published import read_published

    path = published_path(cb)
    tables["published_check"] = compare_with_published(tables["distributions"], read_published(path),
                                                       cb.published_rounding, aliases=category_aliases(cb))
    say(f"Published figures ({path.name}): {comparison_summary(tables['published_check'])}")
    return path
