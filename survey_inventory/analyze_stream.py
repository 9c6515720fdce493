"""``analyze --stream``: the analysis of a study bigger than memory, from counts.

:func:`analyze_stream` is the branch :func:`survey_inventory.analyze.analyze` takes when
``AnalysisOptions.stream`` is set. The study is read batch by batch
(:func:`survey_inventory.estimate.streaming.stream_counts`: pyarrow's dataset reader
over Parquet files, other formats whole), so memory is bounded by ``batch_rows``
records, not by the study. Whatever is made from counts is written as the in-memory
run writes it, byte for byte: ``distributions.csv`` (and the ``sim_*`` columns),
``response_table.csv``, the participant matrices, the published check, the figures,
``tables.xlsx``, ``report.docx``/``.html``, the draft texts and slides. What needs
each respondent's answers side by side is not made, and the run says so (a progress
line and ``skipped`` in ``manifest.json``): ``comparisons.csv`` (pairs each
respondent's answers across items), ``mentions.csv`` (per respondent and set) and
the open answers. The validation report is ``validation_counts.csv`` (every problem,
counted per check, file and column) and ``validation_examples.csv`` (the first 20 rows
of each check and column), not a row per problem.

>>> from survey_inventory.analyze import AnalysisOptions, analyze
>>> result = analyze("codebooks/bartels-2025.yaml", None, AnalysisOptions(stream=True, ci_method="wilson"))
>>> sorted(result.tables), int(result.tables["distributions"]["count"].sum())
(['distributions', 'participants', 'published_check', 'response_table'], 310)
>>> sorted(result.skipped)
['comparisons', 'mentions']
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from .errors import SurveyInputError

__all__ = ["EXAMPLES_PER_CHECK", "SKIPPED", "analyze_stream"]

#: Validation rows kept (and written to ``validation_examples.csv``) per check and column.
EXAMPLES_PER_CHECK = 20

#: Outputs a streamed run cannot make from counts, and why (in the manifest and the progress line).
SKIPPED = {
    "comparisons": "needs each respondent's answers to several items side by side (paired tests)",
    "mentions": "multi-response sets are counted per respondent, not streamed",
    "open_text": "open answers are kept per respondent, not streamed",
}


def analyze_stream(cb, out_dir, options, progress=None):
    """The analysis of ``cb``'s study from counts added up over streamed batches.

    Parameters
    ----------
    cb : survey_inventory.codebook.Codebook
        Loaded; the output folder already checked against its inputs.
    out_dir : path-like or None
        Where to write the outputs (None: only the tables).
    options : survey_inventory.analyze.AnalysisOptions
        ``batch_rows`` records per batch; the other options as for the in-memory run.
    progress : callable, optional
        Gets a line per step (and one per skipped output).

    Returns
    -------
    survey_inventory.analyze.AnalysisResult
        ``validation`` holds the example rows; ``problem_counts`` every problem counted;
        ``skipped`` the outputs not made (name -> reason).

    Raises
    ------
    ValidationFailed
        When the data has errors (the first example named, with the number of errors).
    SurveyInputError
        For a codebook with population frames (weighting needs the respondents).
    """
    from .analyze import DROPPED_CHECKS, AnalysisResult, ValidationFailed, add_participants, add_published_check
    from .estimate import distributions, response_table
    from .estimate.distributions import closed_form_warning
    from .estimate.streaming import stream_counts
    from .validate import format_problem

    say = progress or (lambda msg: None)
    if any(t.frame is not None for t in cb.respondent_types):
        raise SurveyInputError("--stream cannot weight to population frames (that needs every respondent); "
                               "analyze without --stream", file=cb.path)
    say(f"Streaming {len(cb.sources)} source(s) in batches of {options.batch_rows} records")
    counted = stream_counts(cb, batch_rows=options.batch_rows, limit=EXAMPLES_PER_CHECK)
    say(f"Validated {counted.records} respondents, {_n_answers(counted.counts)} answers")
    problems = counted.problems
    errors = problems[problems["severity"] == "error"]
    if not errors.empty:
        n = int(errors["count"].sum())
        shown = counted.examples[counted.examples["severity"] == "error"]
        first = format_problem(shown.iloc[0], severity=False) if not shown.empty else str(errors["check"].iloc[0])
        more = f" (and {n - 1} more error{'s' if n > 2 else ''}; run 'survey-inventory validate' for all)" \
            if n > 1 else ""
        raise ValidationFailed(first + more, counted.examples)
    valid = sum(sum(by_code.values()) for by_code in counted.counts.codes.values())
    if not valid:
        raise ValidationFailed(f"{', '.join(Path(p).name for p in counted.files.values())}: no usable answer at "
                               "all; nothing to estimate", counted.examples)
    say("Estimating distributions and intervals")
    tables = {
        "distributions": distributions(counted.counts, cb, ci_method=options.ci_method, level=options.level,
                                       rounding=options.rounding, lang=options.lang),
        "response_table": response_table(_respondents(counted.respondents), cb, lang=options.lang),
    }
    inventory = add_participants(cb, tables, options)
    if options.simultaneous != "none":
        from .estimate import simultaneous_intervals

        tables["distributions"] = simultaneous_intervals(tables["distributions"], options.simultaneous,
                                                         level=options.level)
    skipped = {name: why for name, why in SKIPPED.items()
               if name == "comparisons" or (name == "mentions" and cb.multi_response)
               or (name == "open_text" and options.include_open_text and cb.open_text)}
    for name, why in skipped.items():
        say(f"Skipped with --stream: {name} ({why})")
    if options.min_cell:
        from .privacy import apply_min_cell

        say(f"Suppressing cells of fewer than {options.min_cell} respondents")
        tables = apply_min_cell(tables, options.min_cell)
    published_file = add_published_check(cb, tables, say)
    method_warning = closed_form_warning(tables["distributions"], options.ci_method)
    result = AnalysisResult(codebook=cb, tables=tables, validation=counted.examples,
                            warnings=[method_warning] if method_warning else [])
    result.problem_counts, result.skipped = problems, skipped
    if out_dir is None:
        return result
    counts = {"respondents": int(counted.records), "answers": int(valid),
              **{key: int(problems.loc[problems["check"] == check, "count"].sum())
                 for check, key in DROPPED_CHECKS.items()},
              "warnings": int(problems.loc[problems["severity"] == "warning", "count"].sum())}
    inputs = {**_input_files(counted.files), **({"published": published_file} if published_file else {})}
    _write(result, Path(out_dir), options, inventory, inputs, counts, say)
    return result


def _n_answers(counts) -> int:
    """Rows of the tidy table counted (every respondent x item asked of their type)."""
    return int(sum(int(size[0]) for size in counts.sizes.values()))


def _respondents(per_type: dict) -> pd.DataFrame:
    """A stand-in for ``Study.respondents`` with only what the response table reads: a
    ``respondent_type`` per record (one byte each, however many records)."""
    types = list(per_type)
    codes = np.repeat(np.arange(len(types), dtype=np.int8), [per_type[t] for t in types])
    return pd.DataFrame({"respondent_type": pd.Categorical.from_codes(codes, categories=types)})


def _input_files(files: dict) -> dict:
    """Source id -> file for the manifest; a Parquet folder as each of its files."""
    out = {}
    for source_id, path in files.items():
        path = Path(path)
        if path.is_dir():
            out.update({f"{source_id}/{p.name}": p for p in sorted(path.rglob("*.parquet"))})
        else:
            out[source_id] = path
    return out


def _public_counts(problems: pd.DataFrame) -> pd.DataFrame:
    """Problem counts as they may leave the team: files named without their folder."""
    return problems.assign(file=[None if f is None or (isinstance(f, float) and np.isnan(f)) else Path(str(f)).name
                                 for f in problems["file"]])


def _write(result, out_dir: Path, options, inventory, inputs: dict, counts: dict, say) -> None:
    """Every output of a streamed run into ``out_dir`` (atomically, as the in-memory run)."""
    from .analyze import n_suppressed, readable_as_umask_allows
    from .export import atomic_output_dir, manifest, write_all, write_csv, write_manifest
    from .privacy import privacy_note, public_validation

    say(f"Writing outputs to {out_dir}")
    tables = result.tables
    with atomic_output_dir(out_dir) as tmp:
        readable_as_umask_allows(tmp)  # the folder gets the mode mkdir gives, as analyze does
        written = []
        for name, frame in tables.items():
            write_csv(frame, tmp / f"{name}.csv")
            written.append(f"{name}.csv")
        write_csv(_public_counts(result.problem_counts), tmp / "validation_counts.csv")
        write_csv(public_validation(result.validation, options.min_cell), tmp / "validation_examples.csv")
        written += ["validation_counts.csv", "validation_examples.csv"]
        say("Drawing figures; writing tables.xlsx, report.docx, report.html")
        extra = write_all(tables, result.codebook, tmp, inventory=inventory, lang=options.lang,
                          rounding=options.rounding, min_cell=options.min_cell, template=options.template)
        written += extra["outputs"]
        data = manifest(codebook=result.codebook, input_files={**inputs, **extra["inputs"]},
                        options=options.as_dict(), outputs=written + ["manifest.json"], counts=counts,
                        privacy=privacy_note(options.min_cell, options.include_open_text,
                                             n_suppressed(tables, "distributions"), 0))
        data.update(skipped=dict(result.skipped), **({"warnings": list(result.warnings)} if result.warnings else {}))
        write_manifest(data, tmp)
    result.out_dir, result.outputs = out_dir, written + ["manifest.json"]
    say(f"Done: {len(result.outputs)} files in {out_dir}")
