"""The whole job for a follow-up study: every wave as a study, then the change between them.

:func:`~survey_inventory.analyze.analyze` hands a codebook with a ``follow_up``
section to :func:`analyze_waves`, which writes into one output folder:

* ``<wave id>/``: each wave's complete one-wave outputs (distributions, figures,
  workbook, reports), made by ``analyze`` with the wave's view of the codebook
  (:func:`~survey_inventory.codebook.waves.wave_codebook`);
* ``changes.csv`` (:func:`~survey_inventory.estimate.changes.wave_changes`),
  ``homogeneity.csv`` (:func:`~survey_inventory.estimate.changes.homogeneity`),
  ``indices.csv`` and ``targets.csv`` (:mod:`survey_inventory.estimate.targets`);
* ``figures/trend_*`` and ``figures/changes_*`` (:mod:`survey_inventory.render.trend`);
* ``what_changed.md``: the report section of :mod:`survey_inventory.export.changes`;
* ``manifest.json``.

Like ``analyze``, it writes all or nothing: on an error the output folder is left
as it was.

>>> from survey_inventory.analyze import analyze
>>> result = analyze("codebooks/bartels-2025-waves.yaml", "outputs/bartels-2025-waves")  # doctest: +SKIP
>>> "changes.csv" in result.outputs                                                     # doctest: +SKIP
True
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from .codebook.read import CodebookError
from .codebook.waves import check_follow_up, wave_codebook
from .errors import SurveyInputError

__all__ = ["analyze_waves", "follow_up_tables", "wave_labels"]


def wave_labels(cb, lang: str | None = None) -> dict:
    """Wave id -> the label readers see, in time order.

    Parameters
    ----------
    cb : survey_inventory.codebook.Codebook
    lang : str, optional

    Returns
    -------
    dict
        Wave id -> its label in ``lang``.

    Examples
    --------
    >>> from survey_inventory.datasets import load_example_waves
    >>> cb, waves = load_example_waves()
    >>> wave_labels(cb, "en")["w1"]
    'baseline 2024-2025'
    """
    return {w.id: cb.label(w.label, lang) for w in cb.follow_up.waves}


def follow_up_tables(studies: dict, cb, *, level: float = 0.95, lang: str | None = None) -> dict:
    """The tables of the change between waves, as DataFrames (no files).

    Parameters
    ----------
    studies : dict
        Wave id -> loaded study (:func:`~survey_inventory.load.waves.load_waves`).
    cb : survey_inventory.codebook.Codebook
    level : float, default 0.95
    lang : str, optional

    Returns
    -------
    dict
        ``changes``, ``homogeneity``, and ``indices`` / ``targets`` when the
        codebook defines them.

    Examples
    --------
    >>> from survey_inventory.datasets import load_example_waves
    >>> cb, waves = load_example_waves()
    >>> sorted(follow_up_tables(waves, cb))
    ['changes', 'homogeneity', 'indices', 'targets']
    """
    from .estimate.changes import homogeneity, wave_changes
    from .estimate.targets import evaluate_targets, index_means

    tables = {"changes": wave_changes(studies, cb, level=level, lang=lang),
              "homogeneity": homogeneity(studies, cb)}
    if cb.follow_up.indices:
        tables["indices"] = index_means(studies, cb, level=level, lang=lang)
    if cb.follow_up.targets:
        tables["targets"] = evaluate_targets(studies, cb, level=level, lang=lang)
    return tables


def _inputs(cb) -> dict:
    files = {"codebook": cb.path} if cb.path else {}
    for w in cb.follow_up.waves:
        view = wave_codebook(cb, w.id)
        files.update({f"{w.id}:{s.id}": view.source_path(s) for s in view.sources})
    return files


def analyze_waves(cb, out_dir=None, options=None, progress=None):
    """Analyse every wave of a follow-up study and the change between them.

    Parameters
    ----------
    cb : survey_inventory.codebook.Codebook
        With a ``follow_up`` section.
    out_dir : path, optional
        Output folder; None computes without writing.
    options : survey_inventory.analyze.AnalysisOptions, optional
    progress : callable, optional
        Called with one line per step.

    Returns
    -------
    survey_inventory.analyze.AnalysisResult
        ``tables``: those of :func:`follow_up_tables`; ``validation``: every
        wave's validation report, one after the other.

    Raises
    ------
    CodebookError
        For a ``follow_up`` section that refers to something that does not exist.
    SurveyInputError
        With ``options.min_cell``: the change tables are not suppressed yet.
    survey_inventory.analyze.ValidationFailed
        When a wave's data has errors (nothing is written).
    """
    from .analyze import AnalysisOptions, AnalysisResult, analyze, input_paths
    from .export import atomic_output_dir, check_output_dir, manifest, write_csv, write_manifest
    from .load.waves import load_waves

    options = options or AnalysisOptions()
    say = progress or (lambda msg: None)
    problems = check_follow_up(cb)
    if problems:
        raise CodebookError(f"{cb.path or 'the codebook'}: {problems[0]}")
    if options.min_cell:  # the change tables have no suppression yet: refuse rather than reveal small cells
        raise SurveyInputError("--min-cell is not supported yet for a study with waves: changes.csv and targets.csv "
                               "would show cells below it; run without --min-cell or analyse one wave's codebook")
    lang = options.lang or cb.study.language
    labels = wave_labels(cb, lang)
    if out_dir is not None:
        check_output_dir(Path(out_dir), input_paths(cb) + list(_inputs(cb).values()))
    if out_dir is None:
        results = {w: analyze(wave_codebook(cb, w), None, options, progress) for w in labels}
    say(f"Loading {len(labels)} waves for the change between them")
    studies = load_waves(cb)
    tables = follow_up_tables(studies, cb, level=options.level, lang=options.lang)
    refused = tables["changes"].attrs.get("refused", [])
    for line in refused:
        say(f"Not compared: {line}")
    if out_dir is None:
        validation = pd.concat([r.validation for r in results.values()], ignore_index=True)
        return AnalysisResult(codebook=cb, tables=tables, validation=validation)
    from .export.changes import what_changed
    from .phrases import say as phrase
    from .render.trend import write_trend_figures

    out_dir = Path(out_dir)
    paragraphs = what_changed(tables["changes"], cb, labels, lang, options.level)
    last = list(labels)[-1]
    with atomic_output_dir(out_dir) as tmp:
        written, reports = [], []
        for w in labels:
            say(f"Wave {w}: {labels[w]}")
            # the last wave's Word and HTML report carry the "what changed" section
            sections = [(phrase("what_changed", lang), paragraphs)] if w == last else ()
            res = analyze(wave_codebook(cb, w), tmp / w, options, _shown_as(progress, tmp / w, out_dir / w),
                          sections=sections)
            written += [f"{w}/{name}" for name in res.outputs]
            reports.append(res.validation)
        for name, frame in tables.items():
            write_csv(frame, tmp / f"{name}.csv")
            written.append(f"{name}.csv")
        say("Drawing trend figures and the changes with their intervals")
        figures = write_trend_figures(tables["changes"], cb, tmp / "figures", labels, lang, options.level)
        written += [f"figures/{p.name}" for p in figures]
        (tmp / "what_changed.md").write_text(f"# {phrase('what_changed', lang)}\n\n" + "\n\n".join(paragraphs)
                                             + "\n", encoding="utf-8")
        written.append("what_changed.md")
        changes = tables["changes"]
        real = int(((changes["ci_lower"] > 0) | (changes["ci_upper"] < 0)).sum())
        data = manifest(codebook=cb, input_files=_inputs(cb), options=options.as_dict(),
                        outputs=written + ["manifest.json"],
                        counts={"waves": len(labels), "changes": int(len(changes)), "changes_beyond_chance": real,
                                "not_compared": len(refused)})
        write_manifest(data, tmp)
        written.append("manifest.json")
    result = AnalysisResult(codebook=cb, tables=tables, validation=pd.concat(reports, ignore_index=True),
                            out_dir=out_dir, outputs=written)
    say(f"Done: {len(written)} files in {out_dir}")
    return result


def _shown_as(progress, tmp: Path, final: Path):
    """``progress`` with the temporary folder a wave is written to named as the folder it becomes."""
    if progress is None:
        return None
    return lambda msg: progress(msg.replace(str(tmp), str(final)))
