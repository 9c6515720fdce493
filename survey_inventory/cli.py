"""Command line: a thin click layer over the package's public functions.

Bad input ends with one line on stderr and exit code 2 (validation errors: 1);
never a traceback.
"""
from __future__ import annotations

import sys
from pathlib import Path

import click

from .errors import SurveyInputError, shorten
from .paths import resolve
from .options import CI_METHODS as _CI_METHODS, LANGUAGES as _LANGUAGES, ROUNDING_RULES as _ROUNDING
from .options import COMPARISON_CATEGORIES, COMPARISON_DONT_KNOW, COMPARISON_POPULATIONS, SIMULTANEOUS_METHODS

_SIMULTANEOUS = ("none", *SIMULTANEOUS_METHODS)
_EXIT_FROZEN: list = []   # gc.freeze is registered to run at exit (once per process)


def _fail(message: str, code: int = 2):
    click.echo(f"error: {message}", err=True)
    sys.exit(code)


def _one_line_warning(message, category, filename, lineno, file=None, line=None):
    """Python's warnings (a library's UserWarning, a RuntimeWarning) as the package's own
    one-line ``warning:``, never with a source path and a line of code."""
    text = " ".join(str(message).split()) or category.__name__
    click.echo(f"warning: {shorten(text, 200)}", err=True)


def _progress(quiet: bool):
    if quiet:
        return None
    return lambda msg: click.echo(f"· {msg}", err=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="survey-inventory")
@click.pass_context
def main(ctx):
    """Turn inventory-survey exports into report-ready statistics, figures and tables."""
    import gc
    import warnings

    shown = warnings.showwarning
    warnings.showwarning = _one_line_warning
    ctx.call_on_close(lambda: setattr(warnings, "showwarning", shown))
    # A command imports pandas, scipy and matplotlib: hundreds of thousands of long-lived objects
    # that Python's cyclic collector would walk again and again (0.3 s of the bundled study's
    # 'analyze'), and once more while the interpreter exits (0.35 s). A larger first generation
    # during the command, and everything frozen as the process exits, spare both; memory is
    # freed as before (reference counting frees all but reference cycles). Only the command
    # line does this, not a function an analyst calls.
    thresholds = gc.get_threshold()
    gc.set_threshold(10_000, *thresholds[1:])
    ctx.call_on_close(lambda: gc.set_threshold(*thresholds))
    if not _EXIT_FROZEN:
        import atexit

        atexit.register(gc.freeze)  # atexit runs before the interpreter's last collections
        _EXIT_FROZEN.append(True)


@main.command()
@click.argument("codebook", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Output folder (default: outputs/<study id>).")
@click.option("--ci-method", type=click.Choice(_CI_METHODS), default="auto", show_default=True,
              help="Interval for each percentage; auto = exact hypergeometric with a known population, else Wilson.")
@click.option("--level", type=click.FloatRange(0.5, 0.999), default=0.95, show_default=True, help="Confidence level.")
@click.option("--rounding", type=click.Choice(_ROUNDING), default="half-up", show_default=True,
              help="How percentages are rounded to whole numbers.")
@click.option("--lang", type=click.Choice(_LANGUAGES), default=None, help="Language of labels (default: the codebook's).")
@click.option("--min-cell", type=click.IntRange(0), default=0, show_default=True,
              help="Suppress cells with fewer than K respondents in exported tables and figure labels.")
@click.option("--include-open-text", is_flag=True, help="Also export open answers (they may name people).")
@click.option("--simultaneous", type=click.Choice(_SIMULTANEOUS), default="none", show_default=True,
              help="Also give intervals that hold jointly for all categories of a distribution (sim_* columns "
                   "of distributions.csv); goodman and sison-glaz are refused where their conditions fail.")
@click.option("--template", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
              help="A Word file (.docx) whose house style (styles, page set-up, header, logo) report.docx takes.")
@click.option("--comparison-categories", type=click.Choice(COMPARISON_CATEGORIES), default="scale",
              show_default=True, help="comparisons.csv: test every code of a scale (scale), or the report's "
                                      "collapsed categories such as good / fair / poor (report).")
@click.option("--comparison-dont-know", type=click.Choice(COMPARISON_DONT_KNOW), default="no", show_default=True,
              help="comparisons.csv, involvement between sectors: 'weet ik niet' counts as not actively "
                   "involved (no), or is left out (exclude).")
@click.option("--comparison-population", type=click.Choice(COMPARISON_POPULATIONS), default="all",
              show_default=True, help="comparisons.csv, routed items between types: all who answered the filter "
                                      "question, routed-out counted as the scale's last code (all), or only "
                                      "those asked, a test conditional on being asked (asked).")
@click.option("--comparison-resamples", type=click.IntRange(1), default=9999, show_default=True,
              help="comparisons.csv: random tables / permutations for Monte Carlo p-values.")
@click.option("--comparison-seed", type=int, default=2025, show_default=True,
              help="comparisons.csv: seed of the Monte Carlo p-values (same seed, same p-values).")
@click.option("--stream", is_flag=True,
              help="A study bigger than memory: read the Parquet sources batch by batch and make everything "
                   "that counts give (distributions, figures, reports); comparisons and mentions are skipped.")
@click.option("--batch-rows", type=click.IntRange(1), default=100_000, show_default=True,
              help="--stream: records per batch (memory grows with it).")
@click.option("--quiet", "-q", is_flag=True, help="No progress messages.")
def analyze(codebook, out_dir, ci_method, level, rounding, lang, min_cell, include_open_text, simultaneous,
            template, comparison_categories, comparison_dont_know, comparison_population, comparison_resamples,
            comparison_seed, stream, batch_rows, quiet):
    """Run the whole analysis of the study described by CODEBOOK."""
    from .analyze import AnalysisOptions, ValidationFailed
    from .analyze import analyze as run

    options = AnalysisOptions(ci_method=ci_method, level=level, rounding=rounding, lang=lang,
                              min_cell=min_cell, include_open_text=include_open_text, simultaneous=simultaneous,
                              template=str(template) if template else None,
                              comparison_categories=comparison_categories, comparison_dont_know=comparison_dont_know,
                              comparison_population=comparison_population,
                              comparison_resamples=comparison_resamples, comparison_seed=comparison_seed,
                              stream=stream, batch_rows=batch_rows)
    try:
        if out_dir is None:
            from .codebook import load_codebook

            out_dir = Path("outputs") / load_codebook(codebook).study.id
        result = run(codebook, out_dir, options, progress=_progress(quiet))
    except ValidationFailed as exc:
        _fail(str(exc), 1)
    except SurveyInputError as exc:
        _fail(str(exc))
    except KeyboardInterrupt:
        _fail("interrupted; previous outputs left as they were", 130)
    except OSError as exc:  # e.g. no permission or no space for the output folder
        _fail(f"{exc.filename or out_dir}: {exc.strerror or exc}; previous outputs left as they were")
    from .validate import format_problem

    for _, problem in result.dropped.iterrows():  # one warning per dropped answer or respondent, even with -q
        click.echo(format_problem(problem), err=True)
    for warning in result.warnings:  # about the analysis itself, even with -q
        click.echo(f"warning: {warning}", err=True)
    if not quiet:
        click.echo(f"Wrote {len(result.outputs)} files to {result.out_dir}")


#: ``validate`` without ``--out`` lists at most this many problems per check and column (and counts the rest)
SHOWN_PER_CHECK = 50


@main.command()
@click.argument("codebook", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--warnings/--no-warnings", default=True, show_default=True, help="Also list warnings.")
@click.option("--out", "out_csv", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Also write the full report as CSV.")
@click.option("--strict", is_flag=True,
              help="Also fail on TODO placeholders and unknown keys in the codebook (a finished codebook).")
def validate(codebook, warnings, out_csv, strict):
    """Check the data of CODEBOOK's study: codes, ids, columns, routing, item non-response."""
    from .codebook import load_codebook
    from .load import load_study
    from .validate import format_problem, has_errors, problem_counts
    from .validate import validate as run

    if strict:
        _strict(codebook)
    try:
        cb = load_codebook(codebook)
        if out_csv is not None:
            from .analyze import input_paths

            if resolve(out_csv, "--out") in {resolve(p, "input file") for p in input_paths(cb)}:
                raise SurveyInputError("the report would overwrite an input file; choose another --out",
                                       file=out_csv)
        study = load_study(cb)
        from .load.frame import load_frames, merge_reports

        frame_problems = load_frames(study)[1]  # population frames (issue 16)
    except SurveyInputError as exc:
        _fail(str(exc))
    # every row only for the file; the population-frame problems (issue 16) are few and all listed
    report = merge_reports(run(study, limit=None if out_csv else SHOWN_PER_CHECK), frame_problems)
    counts = problem_counts(study)
    shown = report if warnings else report[report["severity"] == "error"]
    for _, p in shown.iterrows():
        click.echo(format_problem(p))
    listed = report.groupby(["check", report["column"].fillna("")]).size()
    for (check, column), n in counts.groupby(["check", counts["column"].fillna("")])["count"].sum().items():
        more = int(n) - int(listed.get((check, column), 0))
        if more > 0 and (warnings or check in set(counts.loc[counts["severity"] == "error", "check"])):
            click.echo(f"... and {more} more {check} in column {column!r} (--out FILE writes every one)")
    n_err, n_warn = (int(counts.loc[counts["severity"] == level, "count"].sum())
                     + int((frame_problems["severity"] == level).sum()) for level in ("error", "warning"))
    click.echo(f"{len(study.respondents)} respondents, {n_err} errors, {n_warn} warnings")
    if not strict:
        _placeholders_note(codebook)
    if out_csv:
        from .export import write_csv

        try:
            write_csv(report, out_csv)
        except OSError as exc:
            _fail(f"{out_csv}: cannot write the report: {exc.strerror or exc}")
    sys.exit(1 if has_errors(report) else 0)


def _strict(codebook: Path):
    """validate --strict: one line per placeholder or unknown key, then exit 1."""
    from .codebook.strict import strict_problems

    try:
        problems = strict_problems(codebook)
    except SurveyInputError as exc:
        _fail(str(exc))
    if problems:
        for line in problems:
            click.echo(f"{codebook}: {line}")
        click.echo(f"{len(problems)} codebook problems (--strict): fill in every TODO and correct every unknown key")
        sys.exit(1)


def _placeholders_note(codebook: Path):
    """A draft passes validate; say that TODO placeholders are left (without failing)."""
    from .codebook.strict import strict_problems

    left = sum("placeholder" in line for line in strict_problems(codebook))
    if left:
        click.echo(f"note: the codebook still has {left} TODO placeholders; validate --strict lists them")


@main.group()
def codebook():
    """Work with codebooks."""


@codebook.command("schema")
@click.option("--out", "out_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Where to write the schema (default: print it).")
def codebook_schema(out_path):
    """Print a JSON Schema of the codebook, for editors' completion and checking.

    With the YAML language server (VS Code and others), put the schema next to the
    codebook and start the codebook with
    '# yaml-language-server: $schema=codebook.schema.json'.
    """
    import json

    from .codebook.schema import codebook_schema as schema

    text = json.dumps(schema(), indent=2, ensure_ascii=False) + "\n"
    if out_path is None:
        click.echo(text, nl=False)
        return
    try:
        out_path.write_text(text, encoding="utf-8")
    except OSError as exc:
        _fail(f"{out_path}: cannot write the schema: {exc.strerror or exc}")
    click.echo(f"Wrote the codebook schema to {out_path}")


@codebook.command("init")
@click.argument("data_file", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@click.option("--out", "out_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Where to write the draft (default: print it).")
@click.option("--id-column", default=None, help="The respondent-id variable (default: the first variable).")
@click.option("--type-column", default=None,
              help="The variable that says each row's respondent type (default: one named like type, soort "
                   "or doelgroep with few values, if any).")
@click.option("--respondent-type", default="respondent", show_default=True,
              help="Respondent type id for every row when the file has no type column.")
def codebook_init(data_file, out_path, id_column, type_column, respondent_type):
    """Draft a codebook from DATA_FILE (SPSS .sav, CSV or XLSX): its variables, codes and labels."""
    from .codebook.draft import draft_codebook

    try:
        text = draft_codebook(data_file, id_column=id_column, respondent_type=respondent_type,
                              type_column=type_column)
    except SurveyInputError as exc:
        _fail(str(exc))
    if out_path is None:
        click.echo(text, nl=False)
        return
    if out_path.exists():
        _fail(f"{out_path} exists; not overwriting it")
    out_path.write_text(text, encoding="utf-8")
    click.echo(f"Wrote draft codebook {out_path}; edit it before use (see the TODO lines)")


@main.command("check-published")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--rounding", type=click.Choice(_ROUNDING), default="half-up", show_default=True)
@click.option("--out", "out_csv", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write the per-figure report as CSV.")
def check_published(file, rounding, out_csv):
    """Which published percentages can come from their N, and with which counts."""
    from .estimate.published_check import check_published as run
    from .estimate.published_check import flatten_check_report
    from .export import write_csv
    from .load.published import read_published
    from .stats.figure_check import STATUS_EMPTY, STATUS_IMPOSSIBLE, STATUS_OK

    try:
        if out_csv is not None and resolve(out_csv, "--out") == resolve(file, "input file"):
            raise SurveyInputError("the report would overwrite the input file; choose another --out", file=out_csv)
        report = run(read_published(file), rounding)
    except SurveyInputError as exc:  # PublishedFileError included
        _fail(str(exc))
    except OSError as exc:
        _fail(f"{file}: {exc.strerror or exc}")
    tags = {STATUS_OK: "ok        ", STATUS_IMPOSSIBLE: "IMPOSSIBLE", STATUS_EMPTY: "no numbers"}
    for status, message in zip(report["status"], report["message"]):
        click.echo(f"{tags[status]}  {message}")
    counts = report["status"].value_counts()
    click.echo(f"{len(report)} figures under {rounding}: {counts.get(STATUS_OK, 0)} ok, "
               f"{counts.get(STATUS_IMPOSSIBLE, 0)} impossible, {counts.get(STATUS_EMPTY, 0)} without printed "
               "percentages")
    if out_csv is not None:
        try:
            write_csv(flatten_check_report(report), out_csv)
        except OSError as exc:
            _fail(f"{out_csv}: cannot write the report: {exc.strerror or exc}")
    sys.exit(1 if (report["status"] == STATUS_IMPOSSIBLE).any() else 0)


if __name__ == "__main__":  # pragma: no cover
    main()
