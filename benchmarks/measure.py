"""One measurement, run in its own process so that peak memory does not accumulate.

    .venv/bin/python benchmarks/measure.py STAGE CODEBOOK [--out DIR]

prints one JSON object: wall times in seconds (``time.perf_counter``), the
process's peak resident memory in MiB (``resource.getrusage(RUSAGE_SELF).ru_maxrss``
read after each step) and a few sizes. ``benchmarks/run.py`` calls it; it is
also handy alone when profiling one stage.

Stages:

``load_validate``  load_codebook + load_study, then validate
``estimate``       load, then distributions() with every interval method,
                   response_table and mention_counts
``compare``        load, then ``survey_inventory.estimate.comparisons.comparisons`` (reported as
                   skipped while the package has none)
``analyze``        the whole analyze() into a fresh folder, with the time of every
                   step it reports through its progress callback and of the parts
                   inside them (figures, each export: see ``PARTS``), and the peak of all
                   its processes together (``tree_peak_mib``: :class:`TreeMemory`)
``r_cells``        load, then write the cells and microdata R needs (see r_compare.R)
``stream``         stream_distributions() (``--ci-method``, default logit): the study read in
                   batches of ``--batch-rows`` records, never whole (issue 17)
``floor``          the floor of ``analyze``: import what it imports (pandas, scipy.stats,
                   matplotlib, python-docx, openpyxl, pyarrow) and read the study's source
                   files with pyarrow (CSV, Parquet; XLSX with openpyxl), nothing else
"""
from __future__ import annotations

import argparse
import gc
import json
import os
import resource
import sys
import time
from pathlib import Path


#: Functions whose time inside ``analyze`` is measured: (module, attribute, name in
#: the results). ``analyze`` imports them when it runs, so wrapping the module's
#: attribute times the real call; one the package does not have is left out.
PARTS = (
    ("survey_inventory.load", "load_study", "load"),
    ("survey_inventory.validate", "validate", "validate"),
    ("survey_inventory.estimate", "distributions", "distributions"),
    ("survey_inventory.estimate.comparisons", "comparisons", "comparisons"),
    # analyze makes the comparisons in a forked child (survey_inventory.forked): the time it waits for them
    ("survey_inventory.forked", "Forked.result", "waiting for the comparisons"),
    ("survey_inventory.estimate.published_check", "compare_with_published", "published check"),
    ("survey_inventory.render.pool", "render_all", "figures (PNG + SVG)"),
    ("survey_inventory.render.tables", "build_tables", "display tables"),
    ("survey_inventory.export", "write_csv", "CSV files"),
    ("survey_inventory.export.xlsx", "write_xlsx", "tables.xlsx"),
    ("survey_inventory.export.docx", "write_docx", "report.docx"),
    ("survey_inventory.export.html", "write_html", "report.html"),
    ("survey_inventory.export", "write_manifest", "manifest.json"),
)


#: ``--partial FILE``: what is known so far, rewritten after every part and step, so that
#: a run stopped at its time limit still tells which parts it finished (and which one it was in)
PARTIAL = {"path": None, "state": {}}


#: The measuring process; forked children (figure workers, analyze's comparisons) neither time nor write.
MAIN_PID = os.getpid()


def _flush():
    if PARTIAL["path"] and os.getpid() == MAIN_PID:
        tmp = Path(str(PARTIAL["path"]) + ".tmp")
        tmp.write_text(json.dumps(PARTIAL["state"]))
        tmp.replace(PARTIAL["path"])


def _time_parts(parts=PARTS) -> dict:
    """Wrap each function of ``parts`` so that its calls add up their wall time in the
    returned dict (name -> {"seconds", "calls"}). A call inside another timed call
    counts in both."""
    import functools
    import importlib

    spent = {}
    PARTIAL["state"]["parts"] = spent
    for module_name, attr, name in parts:
        try:
            module = importlib.import_module(module_name)
        except ImportError:
            continue
        owner, *path = [module, *attr.split(".")[:-1]]
        for part in path:   # "Class.method"
            owner = getattr(owner, part, None)
        func = getattr(owner, attr.split(".")[-1], None)
        if not callable(func):
            continue

        def timed(*args, __func=func, __name=name, **kwargs):
            if os.getpid() != MAIN_PID:   # a forked child (analyze's comparisons): its time stays there
                return __func(*args, **kwargs)
            start = time.perf_counter()
            PARTIAL["state"]["current"] = {"part": __name, "since": time.time()}
            _flush()
            try:
                return __func(*args, **kwargs)
            finally:
                entry = spent.setdefault(__name, {"seconds": 0.0, "calls": 0})
                entry["seconds"] += time.perf_counter() - start
                entry["calls"] += 1
                PARTIAL["state"]["current"] = None
                _flush()

        setattr(owner, attr.split(".")[-1], functools.wraps(func)(timed))
    return spent


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0  # Linux: KiB


class TreeMemory:
    """The memory of this process and every process it started (figure workers, analyze's comparisons
    child), added up as they run: sampled every ``every`` seconds from Linux's proportional set sizes
    (``Pss`` of ``/proc/<pid>/smaps_rollup``; a page two processes share counts half in each), so the
    peak is what the machine needed at once, not the largest single process."""

    def __init__(self, every=0.1):
        import threading

        self.peak_mib, self._every, self._stop = 0.0, every, threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def stop(self) -> float:
        self._stop.set()
        self._thread.join()
        return self.peak_mib

    def _run(self):
        while not self._stop.wait(self._every):
            self.peak_mib = max(self.peak_mib, sum(_pss_kib(p) for p in _tree(os.getpid())) / 1024.0)


def _tree(root: int) -> list[int]:
    parents = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", "rb") as f:
                    parents.setdefault(int(f.read().rsplit(b")", 1)[1].split()[1]), []).append(int(entry))
            except (OSError, IndexError, ValueError):
                continue
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo += parents.get(pid, [])
    return out


def _pss_kib(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            return next((int(line.split()[1]) for line in f if line.startswith("Pss:")), 0)
    except OSError:
        return 0


class Clock:
    def __init__(self):
        self.times, self.peaks, self._t = {}, {}, time.perf_counter()

    def lap(self, name):
        now = time.perf_counter()
        self.times[name] = now - self._t
        self.peaks[name] = peak_mib()
        self._t = time.perf_counter()
        return self.times[name]


def _load(codebook_path, clock):
    from survey_inventory.codebook import load_codebook
    from survey_inventory.load import load_study

    clock.lap("import")
    cb = load_codebook(codebook_path)
    study = load_study(cb)
    clock.lap("load")
    return cb, study


def _frame_mib(frame) -> float:
    return float(frame.memory_usage(deep=True).sum()) / 2**20


def stage_load_validate(args, clock, out):
    from survey_inventory.validate import validate

    cb, study = _load(args.codebook, clock)
    report = validate(study)
    clock.lap("validate")
    out.update(respondents=len(study.respondents), rows=len(study.responses),
               multi_rows=len(study.multi_response), problems=len(report),
               errors=int((report["severity"] == "error").sum()),
               tidy_mib=_frame_mib(study.responses), multi_mib=_frame_mib(study.multi_response))


def stage_estimate(args, clock, out):
    from survey_inventory.estimate import distributions, mention_counts, response_table
    from survey_inventory.stats.intervals import METHODS

    cb, study = _load(args.codebook, clock)
    out["load_peak_mib"] = peak_mib()
    methods = args.methods.split(",") if args.methods else list(METHODS)
    cells = domain = None
    for method in methods:
        gc.collect()
        t = time.perf_counter()
        d = distributions(study.responses, cb, ci_method=method)
        clock._t = t
        clock.lap(f"distributions[{method}]")
        cells, domain = len(d), int(d["domain"].sum())
        del d
    response_table(study.respondents, cb)
    clock.lap("response_table")
    mention_counts(study.multi_response, cb)
    clock.lap("mention_counts")
    out.update(respondents=len(study.respondents), rows=len(study.responses), cells=cells, domain_cells=domain,
               tidy_mib=_frame_mib(study.responses))


def stage_compare(args, clock, out):
    import importlib

    cb, study = _load(args.codebook, clock)
    for name in ("survey_inventory.estimate.comparisons", "survey_inventory.compare"):
        try:
            module = importlib.import_module(name)
            break
        except ImportError:
            module = None
    func = None
    for attr in ("compare_types", "comparisons", "compare"):
        func = getattr(module, attr, None) if module else None
        if callable(func):
            break
    if not callable(func):
        out["skipped"] = "the package has no comparisons yet (no survey_inventory.compare)"
        return
    result = func(study.responses, cb)
    clock.lap(f"{module.__name__}.{func.__name__}")
    out.update(respondents=len(study.respondents), rows=len(result))


def stage_analyze(args, clock, out):
    import shutil

    from survey_inventory.analyze import AnalysisOptions, analyze

    spent = _time_parts()  # imports the modules analyze would import anyway
    clock.lap("import")
    out_dir = Path(args.out)
    if out_dir.exists():
        shutil.rmtree(out_dir)
    steps = []

    def progress(msg):
        steps.append((time.perf_counter(), peak_mib(), msg))
        PARTIAL["state"].setdefault("steps", []).append({"step": msg, "at": time.time(), "peak_mib": peak_mib()})
        _flush()

    start = time.perf_counter()
    options = AnalysisOptions(ci_method=args.ci_method) if args.ci_method else AnalysisOptions()
    # the sampler reads every process's page tables ten times a second, under their memory locks: it
    # slows the run it measures (10^6: some 20 s more system time), so a timing run goes without it
    tree = TreeMemory() if args.tree_memory and Path("/proc/self/smaps_rollup").exists() else None
    result = analyze(args.codebook, out_dir, options, progress=progress)
    end = time.perf_counter()
    if tree is not None:
        out["tree_peak_mib"] = tree.stop()
    clock.lap("analyze")
    # time of each step = from its message to the next one
    marks = steps + [(end, peak_mib(), "end")]
    out["steps"] = [{"step": m[2], "seconds": marks[k + 1][0] - m[0], "peak_mib": marks[k + 1][1]}
                    for k, m in enumerate(marks[:-1])]
    out["before_first_step"] = (steps[0][0] - start) if steps else 0.0
    out["parts"] = spent
    out["ci_method"] = options.ci_method
    out["outputs"] = len(result.outputs)
    out["output_mib"] = sum(p.stat().st_size for p in out_dir.rglob("*") if p.is_file()) / 2**20
    if not args.keep:
        shutil.rmtree(out_dir, ignore_errors=True)


def stage_r_cells(args, clock, out):
    """The cells of every distribution and the microdata behind them, for r_compare.R."""
    import numpy as np
    import pandas as pd

    from survey_inventory.estimate import published_check  # noqa: F401  (imported before the clock runs)
    from survey_inventory.estimate import distributions
    from survey_inventory.stats import intervals  # noqa: F401  (imported before the clock runs)
    from survey_inventory.stats.intervals import proportion_ci

    cb, study = _load(args.codebook, clock)
    items = args.items.split(",") if args.items else [i.id for i in cb.items]
    tidy = study.responses[study.responses["item"].isin(items)]
    out_dir = Path(args.out)
    out_dir.mkdir(parents=True, exist_ok=True)
    cells, ours = [], {}
    for method in ("logit", "beta"):  # R's svyciprop names; ours for "beta" is "korn-graubard"
        ours_name = {"beta": "korn-graubard"}.get(method, method)
        t = time.perf_counter()
        d = distributions(tidy, cb, ci_method=ours_name)
        ours[method] = time.perf_counter() - t
        d = d[d["item"].isin(items)]
        # the same limits unrounded, for the comparison with R to 1e-9
        exact = proportion_ci(d["count"].to_numpy(), d["base_n"].to_numpy(),
                              population=pd.to_numeric(d["population_n"], errors="coerce").to_numpy(dtype=float),
                              sample_n=np.where(d["domain"], d["sample_n"], np.nan), method=ours_name)
        d = d.assign(method=method, exact_lower=exact["ci_lower"].to_numpy(), exact_upper=exact["ci_upper"].to_numpy())
        cells.append(d)
    cells = pd.concat(cells, ignore_index=True)
    # codes of each category (the R side builds y = code %in% codes)
    codes = {}
    for item in cb.items:
        for cat in cb.report_categories(item):
            codes[(item.id, cat["id"])] = "|".join(str(c) for c in cat["codes"])
    cells["codes"] = [codes[(i, c)] for i, c in zip(cells["item"], cells["category"])]
    keep = ["method", "item", "respondent_type", "category", "codes", "count", "base_n", "sample_n",
            "population_n", "domain", "ci_lower", "ci_upper", "exact_lower", "exact_upper", "ci_method"]
    cells[keep].to_csv(out_dir / "cells.csv", index=False)
    # microdata: one row per (item, respondent) of the sample; code only where the answer is valid
    micro = tidy[["item", "respondent_type", "status", "code"]].astype({"item": str, "respondent_type": str,
                                                                        "status": str})
    micro["code"] = np.where(micro["status"] == "valid", micro["code"], np.nan)
    micro[["item", "respondent_type", "code"]].to_csv(out_dir / "micro.csv", index=False)
    clock.lap("write")
    out.update(cells=len(cells), micro_rows=len(micro), ours_seconds=ours)


def stage_stream(args, clock, out):
    from survey_inventory.codebook import load_codebook
    from survey_inventory.estimate import distributions
    from survey_inventory.estimate.streaming import stream_counts

    clock.lap("import")
    cb = load_codebook(args.codebook)
    result = stream_counts(cb, batch_rows=args.batch_rows)
    clock.lap("stream_counts")
    d = distributions(result.counts, cb, ci_method=args.ci_method or "logit")
    clock.lap("distributions")
    if args.out:
        from survey_inventory.export import write_csv

        Path(args.out).mkdir(parents=True, exist_ok=True)
        write_csv(d, Path(args.out) / "distributions.csv")
    out.update(respondents=int(result.records), cells=len(d), batch_rows=args.batch_rows,
               problems=int(result.problems["count"].sum()) if len(result.problems) else 0,
               errors=int(result.problems.loc[result.problems["severity"] == "error", "count"].sum()))


def stage_floor(args, clock, out):
    """Imports and reading the bytes of the sources with pyarrow: no package code runs."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot  # noqa: F401
    import docx  # noqa: F401
    import openpyxl
    import pandas  # noqa: F401
    import pyarrow.csv as pacsv
    import pyarrow.parquet as pq
    import scipy.stats  # noqa: F401
    import yaml

    clock.lap("import")
    data = yaml.safe_load(Path(args.codebook).read_text(encoding="utf-8"))
    rows = 0
    for source in data["sources"]:
        path = (Path(args.codebook).parent / source["file"]).resolve()
        fmt = source.get("format") or path.suffix.lstrip(".")
        if fmt == "csv":
            table = pacsv.read_csv(path, parse_options=pacsv.ParseOptions(delimiter=source.get("delimiter") or ","))
            rows += table.num_rows
        elif fmt == "parquet":
            rows += pq.read_table(path).num_rows
        elif fmt == "xlsx":
            book = openpyxl.load_workbook(path, read_only=True, data_only=True)
            rows += sum(1 for _ in book[source.get("sheet") or book.sheetnames[0]].iter_rows()) - 1
    clock.lap("read")
    out.update(rows=rows)


STAGES = {"stream": stage_stream, "floor": stage_floor, "load_validate": stage_load_validate, "estimate": stage_estimate, "compare": stage_compare,
          "analyze": stage_analyze, "r_cells": stage_r_cells}


def main(argv=None):
    ap = argparse.ArgumentParser()
    ap.add_argument("stage", choices=sorted(STAGES))
    ap.add_argument("codebook")
    ap.add_argument("--out", default=None)
    ap.add_argument("--methods", default=None, help="comma-separated interval methods (default all)")
    ap.add_argument("--items", default=None, help="r_cells: comma-separated item ids (default all)")
    ap.add_argument("--keep", action="store_true", help="analyze: keep the output folder")
    ap.add_argument("--ci-method", default=None, help="analyze: interval method (default: analyze's own)")
    ap.add_argument("--batch-rows", type=int, default=100_000, help="stream: records per batch")
    ap.add_argument("--no-tree-memory", dest="tree_memory", action="store_false",
                    help="analyze: no sampling of the process tree's memory (a timing run)")
    ap.add_argument("--partial", default=None, help="analyze: keep what is known so far in this JSON file")
    args = ap.parse_args(argv)
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    PARTIAL["path"] = args.partial
    clock = Clock()
    out = {"stage": args.stage}
    STAGES[args.stage](args, clock, out)
    out["times"] = clock.times
    out["peaks_mib"] = clock.peaks
    out["peak_mib"] = peak_mib()
    print(json.dumps(out))


if __name__ == "__main__":
    main()
