"""The benchmark suite: how cost grows from the bundled study to a million respondents.

    make bench                                    # = .venv/bin/python benchmarks/run.py
    .venv/bin/python benchmarks/run.py --full     # adds 1e6 respondents (about 25 minutes)
    .venv/bin/python benchmarks/run.py --sizes 1e3,1e4 --no-r --no-doc   # a quick look

Every measurement runs in a fresh process (``benchmarks/measure.py``), so that
peak memory (``ru_maxrss`` of that process, read with ``os.wait4``) does not
accumulate and import costs are paid where a user pays them. Synthetic studies
come from ``benchmarks/generate.py`` (fixed seed; cached under
``benchmarks/_data/``, which git ignores).

What is measured, per size: load + validate (CSV and Parquet input); every
interval method of ``distributions()`` (the closed-form ones in one process, the
exact default ``auto`` in its own, with its own time limit); the comparisons;
the whole ``analyze`` twice (with a closed-form interval, and with the default),
each with the time of its parts (figures, each export); R's ``svyciprop`` on the
same cells when ``Rscript`` with the ``survey`` package is installed (skipped
with a message otherwise). Also the CLI's start-up (``--help`` and ``validate``
on the bundled study) and the bundled study's full ``analyze``.

Results go to ``benchmarks/results.json`` and into the generated part of
``docs/performance.md`` (between its ``<!-- begin generated -->`` and
``<!-- end generated -->`` lines; the text around it is kept). Timings are not
pass/fail: the suite reports, the targets are read off the tables.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import generate  # noqa: E402  (benchmarks/generate.py)

BUNDLED = ROOT / "codebooks" / "bartels-2025.yaml"
DOC = ROOT / "docs" / "performance.md"
RESULTS = HERE / "results.json"
WORK = HERE / "_data" / "_work"
PYCACHE = HERE / "_data" / "_pycache"
BEGIN, END = "<!-- begin generated -->", "<!-- end generated -->"

DEFAULT_SIZES = "1e3,1e4,1e5"
FULL_SIZE = 1_000_000
#: interval methods with a formula applied to arrays (one process measures them all)
CLOSED_FORM = ("wilson", "clopper-pearson", "jeffreys", "agresti-coull", "logit", "korn-graubard", "mean")
#: the default: exact hypergeometric where the population is known (every type of the
#: synthetic studies, so "hypergeometric" computes the same and is not run again)
EXACT = ("auto",)
#: the closed-form method of the second analyze run (R's svyciprop default)
ANALYZE_CLOSED = "logit"
TARGETS = {"startup": 0.5, "bundled_analyze": 5.0, "estimate_1e6": 10.0, "peak_1e6_mib": 2048.0}


def log(msg):
    print(msg, file=sys.stderr, flush=True)


# -- running one measurement ----------------------------------------------------------

#: CPU seconds (user + system) of the last child run_child waited for, its worker processes
#: included: on a busy machine a better measure of the work than the wall time
LAST_CPU = [0.0]


def run_child(cmd, timeout, env=None):
    """Run ``cmd``; return (wall seconds, peak RSS MiB of the child, returncode, stdout, stderr)
    and leave its CPU seconds in ``LAST_CPU[0]``."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        # its own process group: stopping it at the time limit also stops its figure workers
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, cwd=ROOT, env=env, start_new_session=True)
        deadline = start + timeout
        timed_out = False
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                timed_out = True
                os.killpg(proc.pid, signal.SIGKILL)  # the group this function started, by its own id
                pid, status, usage = os.wait4(proc.pid, 0)
                break
            time.sleep(0.005)
        wall = time.perf_counter() - start
        LAST_CPU[0] = usage.ru_utime + usage.ru_stime
        proc.returncode = os.waitstatus_to_exitcode(status)  # already reaped: tell Popen
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace")
    code = "timeout" if timed_out else proc.returncode
    return wall, usage.ru_maxrss / 1024.0, code, stdout, stderr


def measure(stage, codebook, timeout, *extra):
    partial = WORK / "partial.json"
    partial.unlink(missing_ok=True)
    WORK.mkdir(parents=True, exist_ok=True)
    if stage == "analyze":
        extra = (*extra, "--partial", partial)
    cmd = [sys.executable, str(HERE / "measure.py"), stage, str(codebook), *map(str, extra)]
    load_before = os.getloadavg()[0]
    wall, peak, code, stdout, stderr = run_child(cmd, timeout)
    cpu = LAST_CPU[0]
    if code != 0:
        reason = f"did not finish in {timeout:.0f} s" if code == "timeout" else (stderr.strip().splitlines() or ["?"])[-1]
        log(f"    {stage} failed: {reason}")
        out = {"stage": stage, "error": reason, "timeout": code == "timeout", "wall": wall, "peak_mib": peak,
               "cpu": cpu, "load_before": load_before}
        if partial.is_file():  # the parts it finished, and the one it was in when stopped
            state = json.loads(partial.read_text())
            out["parts"] = state.get("parts") or {}
            if state.get("current"):
                out["unfinished"] = {"part": state["current"]["part"],
                                     "seconds": time.time() - state["current"]["since"]}
        return out
    result = json.loads(stdout.strip().splitlines()[-1])
    result["wall"] = wall
    result["cpu"] = cpu
    result["peak_mib"] = peak
    result["load_before"] = load_before
    return result


def cli_env(bytecode: bool) -> dict:
    """The environment of a CLI timing. ``bytecode``: compiled modules are cached (in
    ``benchmarks/_data/_pycache``, so the source tree is not touched) as they are after
    any normal install; otherwise every module of the package is compiled at each start
    (``PYTHONDONTWRITEBYTECODE``, set on some machines, this one included)."""
    env = dict(os.environ)
    if bytecode:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(PYCACHE)
    else:
        env["PYTHONDONTWRITEBYTECODE"] = "1"
        env.pop("PYTHONPYCACHEPREFIX", None)
    return env


def cli_time(args, repeat, bytecode=True):
    exe = Path(sys.executable).with_name("survey-inventory")
    env = cli_env(bytecode)
    if bytecode:
        run_child([str(exe), *args], 60, env)  # fills the cache
    walls, cpus, peak = [], [], None
    for _ in range(repeat):
        wall, peak, code, _, stderr = run_child([str(exe), *args], 60, env)
        if code not in (0, 1):  # validate exits 1 when the data has errors
            return {"error": stderr.strip().splitlines()[-1] if stderr.strip() else f"exit {code}"}
        walls.append(wall)
        cpus.append(LAST_CPU[0])
    return {"median": statistics.median(walls), "min": min(walls), "cpu_median": statistics.median(cpus),
            "runs": repeat, "peak_mib": peak, "bytecode": bytecode}


def import_profile(args, top=10):
    """``python -X importtime`` of one CLI run, in a process with the bytecode cache: the
    largest third-party packages (cumulative seconds of their outermost import; nested
    imports overlap: pandas includes numpy) and the package's own modules (their self time)."""
    code = ("import sys; from survey_inventory.cli import main; sys.argv = ['survey-inventory'] + "
            f"{list(args)!r}\ntry:\n    main()\nexcept SystemExit:\n    pass")
    cmd = [sys.executable, "-X", "importtime", "-c", code]
    env = cli_env(True)
    run_child(cmd, 60, env)
    wall, _, rc, _, stderr = run_child(cmd, 60, env)
    packages, own, total = {}, 0.0, 0.0
    for line in stderr.splitlines():
        m = re.match(r"import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)", line)
        if not m:
            continue
        self_s, cumulative, name = int(m.group(1)) / 1e6, int(m.group(2)) / 1e6, m.group(4)
        total += self_s
        root = name.split(".")[0]
        if root == "survey_inventory":
            own += self_s
        elif root.lstrip("_") not in sys.stdlib_module_names and root != "site":
            packages[root] = max(packages.get(root, 0.0), cumulative)
    rows = sorted(packages.items(), key=lambda r: -r[1])[:top]
    return {"wall": wall, "imports_seconds": total, "own_seconds": own, "top": rows}


# -- the machine --------------------------------------------------------------------

def machine() -> dict:
    info = {"nproc": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform()}
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                info["cpu"] = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                info["memory_gib"] = round(int(line.split()[1]) / 2**20, 1)
    except OSError:
        pass
    try:
        info["affinity"] = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        pass
    versions = {}
    from importlib import metadata

    for pkg in ("survey-inventory", "pandas", "numpy", "scipy", "statsmodels", "pyarrow", "matplotlib", "pillow",
                "pydantic", "openpyxl", "python-docx", "click"):
        try:
            versions[pkg] = metadata.version(pkg)
        except metadata.PackageNotFoundError:
            versions[pkg] = "not installed"
    info["packages"] = versions
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True,
                                check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--", "survey_inventory"], cwd=ROOT,
                               capture_output=True, text=True).stdout.strip()
        info["commit"] = commit + (" + uncommitted changes in survey_inventory/" if dirty else "")
    except (OSError, subprocess.CalledProcessError):
        info["commit"] = "unknown"
    r = r_available()
    info["r"] = r if r else "not available"
    return info


def r_available():
    """'R x.y.z, survey a.b.c' when Rscript with the survey package is installed, else None."""
    if not shutil.which("Rscript"):
        return None
    try:
        out = subprocess.run(["Rscript", "-e", "suppressPackageStartupMessages(library(survey));"
                              "cat(sprintf('R %s, survey %s', getRversion(), packageVersion('survey')))"],
                             capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return out.stdout.strip() if out.returncode == 0 and out.stdout.strip() else None


# -- the R comparison -------------------------------------------------------------------

def r_compare(codebook, items, timeout):
    import pandas as pd

    folder = WORK / f"r-{Path(codebook).parent.name}"
    shutil.rmtree(folder, ignore_errors=True)
    ours = measure("r_cells", codebook, timeout, "--out", folder, "--items", ",".join(items))
    if "error" in ours:
        return {"error": ours["error"]}
    wall, peak, code, stdout, stderr = run_child(["Rscript", str(HERE / "r_compare.R"), str(folder)], timeout)
    if code != 0:
        reason = "timed out" if code == "timeout" else (stderr.strip().splitlines() or ["?"])[-1]
        return {"error": f"Rscript failed: {reason}"}
    cells = pd.read_csv(folder / "cells.csv")
    r = pd.read_csv(folder / "r_results.csv")
    timing = pd.read_csv(folder / "r_timing.csv").set_index("method")
    both = cells.merge(r, on=["method", "item", "respondent_type", "category"], how="left")
    # cells where we use R's formula (not a census, not the exact fallback at k = 0 or k = n)
    label = {"logit": "logit", "beta": "korn-graubard"}  # R's method name -> our ci_method
    same_formula = [str(m).startswith(label[x]) for m, x in zip(both["ci_method"], both["method"])]
    both = both[same_formula]
    # our limits unrounded (distributions.csv prints percentages with 4 decimals)
    diff = pd.concat([(both["exact_lower"] - both["r_lower"]).abs(), (both["exact_upper"] - both["r_upper"]).abs()],
                     axis=1).max(axis=1)
    out = {"cells": int(len(cells)), "compared": int(len(both)), "methods": {}, "r_wall": wall, "r_peak_mib": peak}
    for method in ("logit", "beta"):
        d = diff[both["method"] == method]
        ours_s = ours["ours_seconds"][method]
        r_s = float(timing.loc[method, "seconds"]) if method in timing.index else float("nan")
        out["methods"][method] = {
            "cells": int((cells["method"] == method).sum()), "compared": int(len(d)),
            "max_abs_diff": float(d.max()) if len(d) and d.notna().any() else None,
            "equal_1e-9": int((d <= 1e-9).sum()), "equal_1e-6": int((d <= 1e-6).sum()),
            "missing_in_r": int(d.isna().sum()),
            "ours_seconds": ours_s, "r_seconds": r_s, "ratio_r_over_ours": r_s / ours_s if ours_s else None,
        }
    out["micro_rows"] = ours.get("micro_rows")
    return out


# -- the suite ----------------------------------------------------------------------------

def parse_sizes(text):
    return [generate.parse_size(x) for x in text.split(",") if x.strip()]


def run_suite(args) -> dict:
    sizes = parse_sizes(args.sizes)
    if args.full and FULL_SIZE not in sizes:
        sizes.append(FULL_SIZE)
    sizes = sorted(set(sizes))
    formats = args.formats.split(",")
    results = {"started": dt.datetime.now().isoformat(timespec="seconds"), "machine": machine(),
               "load_at_start": os.getloadavg(), "sizes": sizes, "sectors": args.sectors, "formats": formats,
               "timeout": args.timeout, "exact_timeout": args.exact_timeout, "runs": []}
    timeout = args.timeout

    def record(kind, result=None, **kw):
        entry = {"kind": kind, **(result or {}), **kw}
        results["runs"].append(entry)
        return entry

    log("CLI start-up")
    for bytecode in (True, False):
        record("cli", cli_time(["--help"], args.repeat_cli, bytecode), name="--help")
        record("cli", cli_time(["validate", str(BUNDLED)], args.repeat_cli, bytecode), name="validate (bundled study)")
    results["import_profile"] = import_profile(["validate", str(BUNDLED)])
    log("bundled study: analyze")
    runs = [measure("analyze", BUNDLED, timeout, "--out", WORK / "out-bundled") for _ in range(args.repeat_small)]
    ok = [r for r in runs if "error" not in r]
    best = min(ok, key=lambda r: r["wall"]) if ok else runs[0]
    record("bundled", best, repeats=len(runs), walls=[r["wall"] for r in runs], cpus=[r.get("cpu") for r in runs])

    configs = [(n, args.sectors) for n in sizes]
    if args.sweep_size:
        configs += [(args.sweep_size, s) for s in (5, 50) if s != args.sectors]
    for n, sectors in configs:
        sweep = sectors != args.sectors
        for fmt in formats[:1] if sweep else formats:
            log(f"generate n={n} sectors={sectors} {fmt}")
            cb = generate.generate(n, sectors, fmt)
            reps = args.repeat_small if n <= 10_000 else 1
            log(f"  load+validate ({reps}x)")
            runs = [measure("load_validate", cb, timeout) for _ in range(reps)]
            best = min((r for r in runs if "error" not in r), key=lambda r: r["wall"], default=runs[0])
            record("load_validate", best, respondents=n, sectors=sectors, format=fmt)
            if fmt != formats[0]:
                continue  # estimation and analyze start from the same tidy table whatever the format
            log("  estimate: closed-form intervals")
            record("estimate", measure("estimate", cb, timeout, "--methods", ",".join(CLOSED_FORM)),
                   respondents=n, sectors=sectors, format=fmt, methods="closed")
            exact_too_slow = False
            for method in EXACT:
                log(f"  estimate: {method} (exact)")
                run = record("estimate", measure("estimate", cb, args.exact_timeout, "--methods", method),
                             respondents=n, sectors=sectors, format=fmt, methods=method)
                exact_too_slow = exact_too_slow or bool(run.get("timeout"))
            if not sweep:
                log("  comparisons")
                record("compare", measure("compare", cb, timeout), respondents=n, sectors=sectors, format=fmt)
            log(f"  analyze --ci-method {ANALYZE_CLOSED}")
            record("analyze", measure("analyze", cb, timeout, "--out", WORK / f"out-{n}-{sectors}",
                                      "--ci-method", ANALYZE_CLOSED),
                   respondents=n, sectors=sectors, format=fmt, ci=ANALYZE_CLOSED)
            if not sweep and exact_too_slow:  # it computes the same intervals: it cannot finish either
                record("analyze", {"error": "not run: the exact intervals alone took longer than the time limit",
                                   "skipped_exact": True}, respondents=n, sectors=sectors, format=fmt, ci="auto")
            elif not sweep:
                log("  analyze (default: exact intervals)")
                record("analyze", measure("analyze", cb, args.exact_timeout, "--out", WORK / f"out-{n}-{sectors}"),
                       respondents=n, sectors=sectors, format=fmt, ci="auto")
    shutil.rmtree(WORK, ignore_errors=True)
    # R's survey package on the same cells
    r = results["machine"]["r"]
    if args.no_r:
        results["r"] = {"skipped": "--no-r given"}
    elif r == "not available":
        msg = "Rscript with the survey package is not installed (apt-get install r-cran-survey); R comparison skipped"
        log(msg)
        results["r"] = {"skipped": msg}
    else:
        results["r"] = {"version": r, "runs": []}
        for n in [n for n in sizes if n <= args.r_max_size]:
            cb = generate.generate(n, args.sectors, formats[0])
            items = ["s01_familiarity", "s01_involvement"]
            log(f"R comparison n={n} ({', '.join(items)})")
            results["r"]["runs"].append({"respondents": n, "items": items, **r_compare(cb, items, timeout)})
        shutil.rmtree(WORK, ignore_errors=True)
    results["load_at_end"] = os.getloadavg()
    results["finished"] = dt.datetime.now().isoformat(timespec="seconds")
    return results


# -- the report ---------------------------------------------------------------------------

def _s(x, digits=2):
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "–"
    if x >= 100:
        return f"{x:.0f}"
    return f"{x:.{digits}f}"


def _mib(x):
    return "–" if x is None else f"{x:,.0f}".replace(",", " ")


def _n(n):
    return f"{n:,}".replace(",", " ")


def _runs(results, kind, **where):
    return [r for r in results["runs"] if r["kind"] == kind and all(r.get(k) == v for k, v in where.items())]


def _first(runs):
    return runs[0] if runs else {}


def _get(run, key):
    return run.get("times", {}).get(key) if run and "error" not in run else None


def _t(run, key):
    """Seconds of one timed step of a run, or why there are none."""
    if not run:
        return "–"
    if "error" in run:
        return f"> {run['wall']:.0f} s" if run.get("timeout") else "error"
    return _s(_get(run, key))


def _wall(run):
    if not run:
        return "–"
    if run.get("skipped_exact"):
        return "not run (exact too slow)"
    if "error" in run:
        return f"> {run['wall']:.0f}" if run.get("timeout") else "error"
    return _s(run["wall"])


def _closed_max(run):
    """The slowest closed-form method of an estimate run (seconds)."""
    times = [_get(run, f"distributions[{m}]") for m in CLOSED_FORM]
    times = [t for t in times if t is not None]
    return max(times) if times else None


def _series(results, sectors, fmt0):
    def lv(n):
        return _first(_runs(results, "load_validate", respondents=n, sectors=sectors, format=fmt0))

    def est(n, methods):
        return _first(_runs(results, "estimate", respondents=n, sectors=sectors, methods=methods))

    def an(n, ci):
        r = _first(_runs(results, "analyze", respondents=n, sectors=sectors, ci=ci))
        return r.get("wall") if r and "error" not in r else None

    def part(n, ci, name):
        r = _first(_runs(results, "analyze", respondents=n, sectors=sectors, ci=ci))
        return (r.get("parts", {}).get(name) or {}).get("seconds") if r and "error" not in r else None

    return {
        "load": lambda n: _get(lv(n), "load"),
        "validate": lambda n: _get(lv(n), "validate"),
        "estimate, slowest closed-form method": lambda n: _closed_max(est(n, "closed")),
        "estimate, exact (auto)": lambda n: _get(est(n, "auto"), "distributions[auto]"),
        "comparisons": lambda n: _compare_seconds(_first(_runs(results, "compare", respondents=n))),
        "figures": lambda n: part(n, ANALYZE_CLOSED, "figures (PNG + SVG)"),
        f"analyze ({ANALYZE_CLOSED}), whole process": lambda n: an(n, ANALYZE_CLOSED),
        "analyze (default), whole process": lambda n: an(n, "auto"),
    }


def _compare_seconds(run):
    if not run or "error" in run or run.get("skipped"):
        return None
    return sum(v for k, v in run.get("times", {}).items() if k not in ("import", "load"))


def targets(results) -> list[tuple]:
    """(target, measured, verdict) rows."""
    rows = []
    cli = {(r["name"], r.get("bytecode")): r for r in _runs(results, "cli")}
    for name in ("--help", "validate (bundled study)"):
        r = cli.get((name, True), {})
        r2 = cli.get((name, False), {})
        if "median" in r:
            got = f"{r['median']:.2f} s median ({r2.get('median', float('nan')):.2f} s without bytecode cache)"
            rows.append((f"`survey-inventory {name}` under {TARGETS['startup']} s", got,
                         "met" if r["median"] < TARGETS["startup"] else "**missed**"))
    b = _first(_runs(results, "bundled"))
    if b and "error" not in b:
        got = (f"{b['wall']:.2f} s (best of {b['repeats']}; median {statistics.median(b['walls']):.2f} s; "
               f"{b['cpu']:.1f} CPU s on 2 cores)")
        rows.append((f"bundled `analyze` under {TARGETS['bundled_analyze']:.0f} s", got,
                     "met" if b["wall"] < TARGETS["bundled_analyze"] else "**missed**"))
    n = FULL_SIZE
    closed = _first(_runs(results, "estimate", respondents=n, sectors=results["sectors"], methods="closed"))
    exact = _first(_runs(results, "estimate", respondents=n, sectors=results["sectors"], methods="auto"))
    if closed:
        t = _closed_max(closed)
        rows.append(("1e6 × 20 sectors × 2 items: estimates (closed-form intervals) under 10 s",
                     f"{_s(t)} s for the slowest method" if t else _t(closed, "x"),
                     "met" if t and t < TARGETS["estimate_1e6"] else "**missed**"))
        rows.append(("… peak memory under 2 GB (the whole process: load + estimate)",
                     f"{_mib(closed.get('peak_mib'))} MiB (the tidy table alone: {_mib(closed.get('tidy_mib'))} MiB)",
                     "met" if closed.get("peak_mib", 1e9) < TARGETS["peak_1e6_mib"] else "**missed**"))
    if exact:
        t = _get(exact, "distributions[auto]")
        rows.append(("1e6: estimates with the default exact interval under 10 s",
                     f"{_s(t)} s" if t else _t(exact, "distributions[auto]"),
                     "met" if t and t < TARGETS["estimate_1e6"] else "**missed**"))
    if not closed and not exact:
        rows.append(("1e6 × 20 sectors × 2 items: estimates under 10 s, peak under 2 GB", "not measured (run `--full`)", "–"))
    return rows


def report(results) -> str:
    m = results["machine"]
    sectors = results["sectors"]
    fmt0 = results["formats"][0]
    sizes = results["sizes"]
    lines = []
    add = lines.append
    add(f"Produced by `{results.get('command', 'benchmarks/run.py')}` on {results['started'][:10]} "
        f"(commit {m['commit']}), {results['started'][11:16]}–{results['finished'][11:16]}; "
        f"load average {results['load_at_start'][0]:.1f} at the start, {results['load_at_end'][0]:.1f} at the end "
        "(other work was running on the machine: timings are of a shared machine, memory is not affected).")
    add("")
    add("### The machine")
    add("")
    pk = m["packages"]
    add(f"- {m['nproc']} cores ({m.get('cpu', '?')}), {m.get('memory_gib', '?')} GiB memory, {m['platform']}")
    add(f"- Python {m['python']}; " + ", ".join(f"{k} {v}" for k, v in pk.items()))
    add(f"- R: {m['r']}")
    add("")
    add("### Targets")
    add("")
    add("| target | measured | |")
    add("|---|---|---|")
    for target, got, verdict in targets(results):
        add(f"| {target} | {got} | {verdict} |")
    add("")
    add("### Start-up (target: under 0.5 s)")
    add("")
    add("Wall time of the command in a fresh process, median (min) of the runs. *cached*: compiled modules "
        "are cached, as after any install; *compiling*: `PYTHONDONTWRITEBYTECODE=1` (set on this machine), "
        "so every module of the package is compiled at each start.")
    add("")
    add("| command | cached: median | min | CPU s | compiling: median | min | peak MiB |")
    add("|---|---:|---:|---:|---:|---:|---:|")
    for name in ("--help", "validate (bundled study)"):
        c = _first(_runs(results, "cli", name=name, bytecode=True))
        u = _first(_runs(results, "cli", name=name, bytecode=False))
        if "error" in c or "error" in u:
            add(f"| `survey-inventory {name}` | error: {c.get('error') or u.get('error')} | | | | | |")
            continue
        add(f"| `survey-inventory {name}` | {c['median']:.3f} s | {c['min']:.3f} s | {c['cpu_median']:.3f} "
            f"| {u['median']:.3f} s | {u['min']:.3f} s | {_mib(c['peak_mib'])} |")
    ip = results.get("import_profile")
    if ip:
        add("")
        add(f"Where `validate` spends its time (`python -X importtime`, cached bytecode): {ip['imports_seconds']:.2f} s "
            f"of imports in a {ip['wall']:.2f} s run (importtime itself adds some), of which "
            f"{ip['own_seconds']:.2f} s in the package's own modules; the largest libraries (cumulative: "
            "nested imports overlap, pandas includes numpy and pyarrow):")
        add("")
        add("| library | import s |")
        add("|---|---:|")
        for name, sec in ip["top"]:
            add(f"| `{name}` | {sec:.3f} |")
    b = _first(_runs(results, "bundled"))
    if b:
        add("")
        add("### The bundled study's full `analyze` (target: under 5 s)")
        add("")
        if "error" in b:
            add(f"Failed: {b['error']}")
        else:
            add(f"{b['wall']:.2f} s wall for the whole process (best of {b['repeats']}: "
                + ", ".join(f"{w:.2f}" for w in b["walls"]) + f" s; {b['cpu']:.2f} CPU seconds, the two "
                f"figure workers included), peak {_mib(b['peak_mib'])} MiB, {b['outputs']} output files.")
            add("")
            add(_steps_table(b))
            add("")
            add(_parts_table(b))
    add("")
    add(f"### By size ({sectors} sectors × 2 items, 3 respondent types, {fmt0.upper()} input)")
    add("")
    add("Seconds of wall time. *load*: the files into the tidy table (one row per respondent × item); "
        "*estimate*: `distributions()` over every cell, from the tidy table in memory — the slowest of the "
        f"closed-form methods ({', '.join(CLOSED_FORM)}) and the default `auto` (exact hypergeometric, with "
        "its own time limit); *analyze*: the whole command in a fresh process, imports included, with "
        f"`--ci-method {ANALYZE_CLOSED}` and with the default. Peak = the largest resident memory of that "
        "process (MiB): load+validate, load+estimate, analyze.")
    add("")
    add("| respondents | tidy rows | cells | load | validate | peak | estimate closed-form | peak | estimate auto "
        f"| comparisons | analyze {ANALYZE_CLOSED} | peak | analyze default |")
    add("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for n in sizes:
        lv = _first(_runs(results, "load_validate", respondents=n, sectors=sectors, format=fmt0))
        ec = _first(_runs(results, "estimate", respondents=n, sectors=sectors, methods="closed"))
        ea = _first(_runs(results, "estimate", respondents=n, sectors=sectors, methods="auto"))
        cp = _first(_runs(results, "compare", respondents=n))
        ac = _first(_runs(results, "analyze", respondents=n, sectors=sectors, ci=ANALYZE_CLOSED))
        ad = _first(_runs(results, "analyze", respondents=n, sectors=sectors, ci="auto"))
        cmp_text = ("n/a" if cp.get("skipped") else _s(_compare_seconds(cp)) if cp and "error" not in cp
                    else _wall(cp))
        add(f"| {_n(n)} | {_n(lv['rows']) if lv.get('rows') else '–'} | {ec.get('cells', '–')} | {_t(lv, 'load')} "
            f"| {_t(lv, 'validate')} | {_mib(lv.get('peak_mib'))} | {_s(_closed_max(ec))} | {_mib(ec.get('peak_mib'))} "
            f"| {_t(ea, 'distributions[auto]')} | {cmp_text} | {_wall(ac)} | {_mib(ac.get('peak_mib'))} | {_wall(ad)} |")
    add("")
    add("#### Every interval method (seconds of `distributions()` over all cells)")
    add("")
    methods = list(CLOSED_FORM) + list(EXACT)
    add("| respondents | cells | domain cells | " + " | ".join(methods) + " | response table | mentions |")
    add("|---:|---:|---:|" + "---:|" * (len(methods) + 2))
    for n in sizes:
        ec = _first(_runs(results, "estimate", respondents=n, sectors=sectors, methods="closed"))
        ea = _first(_runs(results, "estimate", respondents=n, sectors=sectors, methods="auto"))
        cells = [_t(ec, f"distributions[{x}]") for x in CLOSED_FORM] + [_t(ea, "distributions[auto]")]
        add(f"| {_n(n)} | {ec.get('cells', '–')} | {ec.get('domain_cells', '–')} | " + " | ".join(cells)
            + f" | {_t(ec, 'response_table')} | {_t(ec, 'mention_counts')} |")
    add("")
    add("#### Input formats (load + validate)")
    add("")
    add("| respondents | " + " | ".join(f"{f} load | {f} validate | {f} peak MiB" for f in results["formats"]) + " |")
    add("|---:|" + "---:|---:|---:|" * len(results["formats"]))
    for n in sizes:
        row = [f"{_n(n)}"]
        for f in results["formats"]:
            lv = _first(_runs(results, "load_validate", respondents=n, sectors=sectors, format=f))
            row += [_t(lv, "load"), _t(lv, "validate"), _mib(lv.get("peak_mib"))]
        add("| " + " | ".join(row) + " |")
    add("")
    add("#### Comparisons (`survey_inventory.estimate.comparisons.comparisons`)")
    add("")
    cmp_runs = _runs(results, "compare")
    skipped = {r.get("skipped") for r in cmp_runs if r.get("skipped")}
    if skipped:
        add("Not measured: " + "; ".join(sorted(skipped)) + ".")
    else:
        add("Seconds of `comparisons(responses, codebook)` from the tidy table in memory; peak of the process.")
        add("")
        add("| respondents | seconds | rows | peak MiB |")
        add("|---:|---:|---:|---:|")
        for r in cmp_runs:
            sec = _s(_compare_seconds(r)) if "error" not in r else _wall(r)
            add(f"| {_n(r['respondents'])} | {sec} | {r.get('rows', '–')} | {_mib(r.get('peak_mib'))} |")
    add("")
    add(f"#### `analyze --ci-method {ANALYZE_CLOSED}`, part by part")
    add("")
    add("Seconds spent in each function `analyze` calls (figures: all of them, drawn by two worker processes; "
        "CSV files: every `.csv` written); the whole process includes Python's start and the imports.")
    add("")
    names = []
    for n in sizes:
        ac = _first(_runs(results, "analyze", respondents=n, sectors=sectors, ci=ANALYZE_CLOSED))
        names += [k for k in ac.get("parts", {}) if k not in names]
        if ac.get("unfinished") and ac["unfinished"]["part"] not in names:
            names.append(ac["unfinished"]["part"])
    add("| part | " + " | ".join(_n(n) for n in sizes) + " |")
    add("|---|" + "---:|" * len(sizes))
    for name in names:
        vals = []
        for n in sizes:
            ac = _first(_runs(results, "analyze", respondents=n, sectors=sectors, ci=ANALYZE_CLOSED))
            v = (ac.get("parts", {}).get(name) or {}).get("seconds")
            stopped = ac.get("unfinished") or {}
            if stopped.get("part") == name:
                vals.append(f"> {stopped['seconds']:.0f} (stopped)")
            else:
                vals.append(_s(v) if v is not None else "–")
        add(f"| {name} | " + " | ".join(vals) + " |")
    row = []
    for n in sizes:
        ac = _first(_runs(results, "analyze", respondents=n, sectors=sectors, ci=ANALYZE_CLOSED))
        row.append(f"{_wall(ac)} ({_s(ac.get('cpu'))} CPU s; {ac.get('outputs', '?')} files, "
                   f"{_s(ac.get('output_mib'), 1)} MiB)" if ac else "–")
    add("| **whole process**: wall (CPU, both cores), files written | " + " | ".join(row) + " |")
    add("")
    add("### Linear growth: microseconds per respondent")
    add("")
    add("Time per respondent should not rise with size (at 1 000 respondents fixed costs such as imports "
        "dominate). *slope*: the log-log growth exponent between the two largest sizes measured; 1.0 is "
        "linear, below 1 fixed costs still weigh.")
    add("")
    add("| stage | " + " | ".join(_n(n) for n in sizes) + " | slope |")
    add("|---|" + "---:|" * (len(sizes) + 1))
    for name, get in _series(results, sectors, fmt0).items():
        vals = [get(n) for n in sizes]
        cells = [_s(1e6 * v / n, 1) if v else "–" for v, n in zip(vals, sizes)]
        add(f"| {name} | " + " | ".join(cells) + f" | {_slope(sizes, vals)} |")
    sweep = sorted({r["sectors"] for r in _runs(results, "load_validate")} - {sectors})
    if sweep:
        add("")
        add("### By number of sectors")
        add("")
        add("| respondents | sectors | tidy rows | cells | load | estimate closed-form | estimate auto "
            f"| analyze {ANALYZE_CLOSED} | peak analyze | figures |")
        add("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
        ns = sorted({r["respondents"] for r in _runs(results, "load_validate") if r["sectors"] in sweep})
        for n in ns:
            for s in sorted(set(sweep) | {sectors}):
                lv = _first(_runs(results, "load_validate", respondents=n, sectors=s, format=fmt0))
                if not lv:
                    continue
                ec = _first(_runs(results, "estimate", respondents=n, sectors=s, methods="closed"))
                ea = _first(_runs(results, "estimate", respondents=n, sectors=s, methods="auto"))
                ac = _first(_runs(results, "analyze", respondents=n, sectors=s, ci=ANALYZE_CLOSED))
                fig = (ac.get("parts", {}).get("figures (PNG + SVG)") or {}).get("seconds")
                add(f"| {_n(n)} | {s} | {_n(lv.get('rows', 0))} | {ec.get('cells', '–')} | {_t(lv, 'load')} "
                    f"| {_s(_closed_max(ec))} | {_t(ea, 'distributions[auto]')} | {_wall(ac)} "
                    f"| {_mib(ac.get('peak_mib'))} | {_s(fig)} |")
    add("")
    add("### R's survey::svyciprop on the same cells")
    add("")
    r = results.get("r", {})
    if "skipped" in r:
        add(f"Skipped: {r['skipped']}.")
    else:
        add(f"{r.get('version')}. Items `s01_familiarity` and `s01_involvement` (a routed item, so domains), "
            "every respondent type and category; R builds one `svydesign(ids = ~1, fpc = ~N)` per item and "
            "type (`subset()` for the routed item) and calls `svyciprop` per cell; we run `distributions()` "
            "on the same items. Compared: the cells where both use R's formula (not a census, 0 < k < n). "
            "Seconds exclude reading the data in both.")
        add("")
        add("| respondents | method | cells | compared | equal (≤ 1e-9) | max abs difference | ours s | R s | R / ours |")
        add("|---:|---|---:|---:|---:|---:|---:|---:|---:|")
        for run in r.get("runs", []):
            if "error" in run:
                add(f"| {_n(run['respondents'])} | error: {run['error']} | | | | | | | |")
                continue
            for method, v in run["methods"].items():
                diff = "–" if v["max_abs_diff"] is None else f"{v['max_abs_diff']:.1e}"
                add(f"| {_n(run['respondents'])} | {method} | {v['cells']} | {v['compared']} | {v['equal_1e-9']} "
                    f"| {diff} | {v['ours_seconds']:.3f} | {v['r_seconds']:.2f} | {_s(v['ratio_r_over_ours'], 0)}× |")
    return "\n".join(lines) + "\n"


def _slope(sizes, vals):
    good = [(n, v) for n, v in zip(sizes, vals) if v]
    if len(good) >= 2 and good[-1][0] > good[-2][0]:
        (n1, v1), (n2, v2) = good[-2], good[-1]
        return f"{math.log(v2 / v1) / math.log(n2 / n1):.2f}"
    return "–"


def _steps_table(run):
    rows = ["| step (as `analyze` reports it) | seconds | peak MiB after |", "|---|---:|---:|"]
    if run.get("times", {}).get("import") is not None:
        rows.append(f"| (start Python, import the package) | {run['times']['import']:.2f} "
                    f"| {_mib(run['peaks_mib'].get('import'))} |")
    if run.get("before_first_step"):
        rows.append(f"| (before the first message) | {run['before_first_step']:.2f} | |")
    for st in run.get("steps", []):
        text = st["step"].replace("|", "/")
        text = text if len(text) <= 70 else text[:67] + "..."
        rows.append(f"| {text} | {st['seconds']:.2f} | {_mib(st['peak_mib'])} |")
    return "\n".join(rows)


def _parts_table(run):
    rows = ["| part (function `analyze` calls) | seconds | calls |", "|---|---:|---:|"]
    for name, v in run.get("parts", {}).items():
        rows.append(f"| {name} | {v['seconds']:.2f} | {v['calls']} |")
    return "\n".join(rows)


def write_doc(text):
    block = f"{BEGIN}\n{text}{END}\n"
    if DOC.is_file():
        old = DOC.read_text(encoding="utf-8")
        if BEGIN in old and END in old:
            head, rest = old.split(BEGIN, 1)
            tail = rest.split(END, 1)[1].lstrip("\n")
            DOC.write_text(head + block + ("\n" + tail if tail else ""), encoding="utf-8")
            return
        DOC.write_text(old.rstrip("\n") + "\n\n## Results\n\n" + block, encoding="utf-8")
        return
    DOC.parent.mkdir(parents=True, exist_ok=True)
    DOC.write_text("# Performance\n\n## Results\n\n" + block, encoding="utf-8")


def bytecode():
    """Compile the package's modules before measuring, as a regular install does (``make bytecode``): with
    PYTHONDONTWRITEBYTECODE set, every measured process would compile them again (some 0.3 s), which
    the floor's libraries, compiled when installed, never do."""
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "survey_inventory")], check=True)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__.split("\n\n", 1)[1])
    ap.add_argument("--sizes", default=DEFAULT_SIZES, help=f"respondent counts (default {DEFAULT_SIZES})")
    ap.add_argument("--full", action="store_true", help="add 1e6 respondents")
    ap.add_argument("--sectors", type=int, default=20, help="sectors of the size series (default 20)")
    ap.add_argument("--sweep-size", type=lambda x: 0 if x == "0" else generate.parse_size(x), default=10_000,
                    help="size at which 5 and 50 sectors are also run (default 1e4; 0: none)")
    ap.add_argument("--formats", default="csv,parquet", help="input formats (default csv,parquet)")
    ap.add_argument("--no-r", action="store_true", help="skip the comparison with R's survey package")
    ap.add_argument("--r-max-size", type=generate.parse_size, default=FULL_SIZE,
                    help="largest size compared with R (default 1e6)")
    ap.add_argument("--repeat-cli", type=int, default=7, help="runs of each CLI timing (median)")
    ap.add_argument("--repeat-small", type=int, default=3, help="runs at up to 1e4 respondents (best)")
    ap.add_argument("--timeout", type=float, default=900, help="seconds before one measurement is stopped")
    ap.add_argument("--exact-timeout", type=float, default=300,
                    help="seconds before a measurement with the exact intervals is stopped (default 300)")
    ap.add_argument("--no-doc", action="store_true", help="do not update docs/performance.md and results.json")
    args = ap.parse_args(argv)
    started = time.perf_counter()
    bytecode()
    results = run_suite(args)
    given = sys.argv[1:] if argv is None else list(argv)
    results["command"] = "benchmarks/run.py" + ("" if not given else " " + " ".join(given))
    results["seconds"] = time.perf_counter() - started
    text = report(results)
    if not args.no_doc:
        RESULTS.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
        write_doc(text)
        log(f"wrote {DOC.relative_to(ROOT)} and {RESULTS.relative_to(ROOT)}")
    print(text)
    log(f"benchmarks took {results['seconds']:.0f} s")


if __name__ == "__main__":
    main()
