"""The benchmark suite: how cost grows from the bundled study to a million respondents.

    make bench                                    # = .venv/bin/python benchmarks/run.py
    .venv/bin/python benchmarks/run.py --full     # adds 1e6 respondents (about 10 minutes)
    .venv/bin/python benchmarks/run.py --sizes 1e3,1e4 --no-r --no-doc   # a quick look

Every measurement runs in a fresh process (``benchmarks/measure.py``), so that
peak memory (``ru_maxrss`` of that process, read with ``os.wait4``) does not
accumulate and import costs are paid where a user pays them. Synthetic studies
come from ``benchmarks/generate.py`` (fixed seed; cached under
``benchmarks/_data/``, which git ignores).

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
import shutil
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
BEGIN, END = "<!-- begin generated -->", "<!-- end generated -->"

DEFAULT_SIZES = "1e3,1e4,1e5"
FULL_SIZE = 1_000_000


def log(msg):
    print(msg, file=sys.stderr, flush=True)


# -- running one measurement ----------------------------------------------------------

def run_child(cmd, timeout):
    """Run ``cmd``; return (wall seconds, peak RSS MiB of the child, returncode, stdout, stderr)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, cwd=ROOT)
        deadline = start + timeout
        timed_out = False
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                timed_out = True
                proc.kill()  # the child this function started, by its own pid
                pid, status, usage = os.wait4(proc.pid, 0)
                break
            time.sleep(0.01)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)  # already reaped: tell Popen
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace")
    code = "timeout" if timed_out else proc.returncode
    return wall, usage.ru_maxrss / 1024.0, code, stdout, stderr


def measure(stage, codebook, timeout, *extra):
    cmd = [sys.executable, str(HERE / "measure.py"), stage, str(codebook), *map(str, extra)]
    wall, peak, code, stdout, stderr = run_child(cmd, timeout)
    if code != 0:
        reason = "timed out after %.0f s" % timeout if code == "timeout" else (stderr.strip().splitlines() or ["?"])[-1]
        log(f"    {stage} failed: {reason}")
        return {"stage": stage, "error": reason, "wall": wall, "peak_mib": peak}
    result = json.loads(stdout.strip().splitlines()[-1])
    result["wall"] = wall
    result["peak_mib"] = peak
    return result


def cli_time(args, repeat):
    exe = Path(sys.executable).with_name("survey-inventory")
    walls = []
    for _ in range(repeat):
        wall, peak, code, _, stderr = run_child([str(exe), *args], 60)
        if code not in (0, 1):  # validate exits 1 when the data has errors
            return {"error": stderr.strip().splitlines()[-1] if stderr.strip() else f"exit {code}"}
        walls.append(wall)
    return {"median": statistics.median(walls), "min": min(walls), "runs": repeat, "peak_mib": peak}


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
    versions = {}
    from importlib import metadata

    for pkg in ("survey-inventory", "pandas", "numpy", "scipy", "statsmodels", "pyarrow", "matplotlib", "pydantic"):
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
        info["commit"] = commit + (" (+ uncommitted changes in survey_inventory/)" if dirty else "")
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
    label = {"logit": "logit", "beta": "beta Korn-Graubard"}
    same_formula = [str(m).startswith(label[x]) for m, x in zip(both["ci_method"], both["method"])]
    both = both[same_formula]
    diff = pd.concat([(both["ci_lower"] / 100 - both["r_lower"]).abs(), (both["ci_upper"] / 100 - both["r_upper"]).abs()],
                     axis=1).max(axis=1)
    out = {"cells": int(len(cells)), "compared": int(len(both)), "methods": {}}
    for method in ("logit", "beta"):
        d = diff[both["method"] == method]
        ours_s = ours["ours_seconds"][method]
        r_s = float(timing.loc[method, "seconds"]) if method in timing.index else float("nan")
        out["methods"][method] = {
            "cells": int((cells["method"] == method).sum()), "compared": int(len(d)),
            "max_abs_diff": float(d.max()) if len(d) else None,
            "equal_1e-9": int((d <= 1e-9).sum()), "missing_in_r": int(d.isna().sum()),
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
               "sizes": sizes, "sectors": args.sectors, "formats": formats, "runs": []}
    timeout = args.timeout

    def record(kind, result=None, **kw):
        entry = {"kind": kind, **(result or {}), **kw}
        results["runs"].append(entry)
        return entry

    log("CLI start-up")
    record("cli", cli_time(["--help"], args.repeat_cli), name="--help")
    record("cli", cli_time(["validate", str(BUNDLED)], args.repeat_cli), name="validate (bundled study)")
    log("bundled study: analyze")
    runs = [measure("analyze", BUNDLED, timeout, "--out", WORK / "out-bundled") for _ in range(args.repeat_small)]
    ok = [r for r in runs if "error" not in r]
    record("bundled", min(ok, key=lambda r: r["wall"]) if ok else runs[0], repeats=len(runs))

    configs = [(n, args.sectors) for n in sizes]
    sweep_n = args.sweep_size
    if sweep_n:
        configs += [(sweep_n, s) for s in (5, 50) if s != args.sectors]
    for n, sectors in configs:
        for fmt in formats:
            log(f"generate n={n} sectors={sectors} {fmt}")
            cb = generate.generate(n, sectors, fmt)
            reps = args.repeat_small if n <= 10_000 else 1
            log(f"  load+validate ({reps}x)")
            runs = [measure("load_validate", cb, timeout) for _ in range(reps)]
            best = min((r for r in runs if "error" not in r), key=lambda r: r["wall"], default=runs[0])
            record("load_validate", best, respondents=n, sectors=sectors, format=fmt)
            if fmt != formats[0]:
                continue  # estimation and analyze start from the same tidy table whatever the format
            log("  estimate (every method)")
            record("estimate", measure("estimate", cb, timeout), respondents=n, sectors=sectors, format=fmt)
            log("  comparisons")
            record("compare", measure("compare", cb, timeout), respondents=n, sectors=sectors, format=fmt)
            log("  analyze")
            record("analyze", measure("analyze", cb, timeout, "--out", WORK / f"out-{n}-{sectors}"),
                   respondents=n, sectors=sectors, format=fmt)
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
        r_sizes = [n for n in sizes if n <= args.r_max_size]
        for n in r_sizes:
            cb = generate.generate(n, args.sectors, formats[0])
            items = ["s01_familiarity", "s01_involvement"]
            log(f"R comparison n={n} ({', '.join(items)})")
            results["r"]["runs"].append({"respondents": n, "items": items, **r_compare(cb, items, timeout)})
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
    return "–" if x is None else f"{x:,.0f}"


def _n(n):
    return f"{n:,}".replace(",", " ")


def _runs(results, kind, **where):
    return [r for r in results["runs"] if r["kind"] == kind and all(r.get(k) == v for k, v in where.items())]


def _per_resp_us(seconds, n):
    return 1e6 * seconds / n


def report(results) -> str:
    m = results["machine"]
    sectors = results["sectors"]
    fmt0 = results["formats"][0]
    lines = []
    add = lines.append
    add(f"Produced by `{results.get('command', 'benchmarks/run.py')}` on {results['started'][:10]} "
        f"(commit {m['commit']}), {results['started'][11:16]}–{results['finished'][11:16]}.")
    add("")
    add("### The machine")
    add("")
    pk = m["packages"]
    add(f"- {m['nproc']} cores ({m.get('cpu', '?')}), {m.get('memory_gib', '?')} GiB memory, {m['platform']}")
    add(f"- Python {m['python']}; " + ", ".join(f"{k} {v}" for k, v in pk.items()))
    add(f"- R: {m['r']}")
    add("")
    add("### Start-up (targets: under 0.5 s)")
    add("")
    add("| command | median wall | min | peak memory MiB |")
    add("|---|---:|---:|---:|")
    for r in _runs(results, "cli"):
        if "error" in r:
            add(f"| `survey-inventory {r['name']}` | error: {r['error']} | | |")
        else:
            add(f"| `survey-inventory {r['name']}` | {r['median']:.3f} s | {r['min']:.3f} s | {_mib(r['peak_mib'])} |")
    b = _runs(results, "bundled")
    if b:
        b = b[0]
        add("")
        add("### The bundled study's full `analyze` (target: under 5 s)")
        add("")
        if "error" in b:
            add(f"Failed: {b['error']}")
        else:
            add(f"{b['wall']:.2f} s wall (best of {b['repeats']}, a fresh process: imports included), "
                f"peak {_mib(b['peak_mib'])} MiB, {b['outputs']} output files. Steps:")
            add("")
            add(_steps_table(b))
    add("")
    add(f"### By size ({sectors} sectors × 2 items, 3 respondent types, {fmt0.upper()} input)")
    add("")
    add("Seconds of wall time; *load* is reading the files into the tidy table, *estimate* is "
        "`distributions()` with the default interval (`auto`: exact hypergeometric with the finite "
        "population), *analyze* the whole command in a fresh process. Peak = the largest resident "
        "memory of the measuring process (MiB).")
    add("")
    add("| respondents | tidy rows | load | validate | peak load+validate | estimate (auto) | peak load+estimate "
        "| analyze | peak analyze |")
    add("|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for n in results["sizes"]:
        lv = _first(_runs(results, "load_validate", respondents=n, sectors=sectors, format=fmt0))
        es = _first(_runs(results, "estimate", respondents=n, sectors=sectors))
        an = _first(_runs(results, "analyze", respondents=n, sectors=sectors))
        add(f"| {_n(n)} | {_n(lv.get('rows', 0)) if lv.get('rows') else '–'} | {_t(lv, 'load')} | {_t(lv, 'validate')} "
            f"| {_mib(lv.get('peak_mib'))} | {_t(es, 'distributions[auto]')} | {_mib(es.get('peak_mib'))} "
            f"| {_wall(an, 'analyze')} | {_mib(an.get('peak_mib'))} |")
    add("")
    add("#### Every interval method (seconds for `distributions()` over all cells)")
    add("")
    ests = [_first(_runs(results, "estimate", respondents=n, sectors=sectors)) for n in results["sizes"]]
    methods = sorted({k[len("distributions["):-1] for e in ests for k in e.get("times", {}) if k.startswith("distributions[")},
                     key=lambda x: _method_order(x))
    add("| respondents | cells | " + " | ".join(methods) + " | response table | mentions |")
    add("|---:|---:|" + "---:|" * (len(methods) + 2))
    for n, e in zip(results["sizes"], ests):
        if "error" in e:
            add(f"| {_n(n)} | error: {e['error']} |" + " |" * (len(methods) + 2))
            continue
        add(f"| {_n(n)} | {e.get('cells', '–')} | " + " | ".join(_t(e, f"distributions[{x}]") for x in methods)
            + f" | {_t(e, 'response_table')} | {_t(e, 'mention_counts')} |")
    add("")
    add("#### Input formats (load + validate)")
    add("")
    add("| respondents | " + " | ".join(f"{f} load | {f} peak" for f in results["formats"]) + " |")
    add("|---:|" + "---:|---:|" * len(results["formats"]))
    for n in results["sizes"]:
        row = [f"{_n(n)}"]
        for f in results["formats"]:
            lv = _first(_runs(results, "load_validate", respondents=n, sectors=sectors, format=f))
            row += [_t(lv, "load"), _mib(lv.get("peak_mib"))]
        add("| " + " | ".join(row) + " |")
    add("")
    add("#### Comparisons")
    add("")
    cmp_runs = _runs(results, "compare")
    skipped = {r.get("skipped") for r in cmp_runs if r.get("skipped")}
    if skipped:
        add("Not measured: " + "; ".join(sorted(skipped)) + ".")
    else:
        add("| respondents | seconds | peak |")
        add("|---:|---:|---:|")
        for r in cmp_runs:
            t = sum(v for k, v in r.get("times", {}).items() if k not in ("import", "load"))
            add(f"| {_n(r['respondents'])} | {_s(t)} | {_mib(r.get('peak_mib'))} |")
    add("")
    add("#### `analyze` step by step")
    add("")
    add("Each step is timed from its progress message to the next one (figures and exports are timed "
        "as the steps `analyze` reports them).")
    for n in results["sizes"]:
        an = _first(_runs(results, "analyze", respondents=n, sectors=sectors))
        if an.get("steps"):
            add("")
            add(f"{_n(n)} respondents, {an.get('outputs', '?')} files, {_s(an.get('output_mib', 0), 1)} MiB written:")
            add("")
            add(_steps_table(an))
    add("")
    add("### Linear growth: microseconds per respondent")
    add("")
    add("Time per respondent should not rise with size (at 1 000 respondents fixed costs dominate). "
        "*slope* is the log-log growth exponent between the two largest sizes: 1.0 is linear.")
    add("")
    series = {
        "load": lambda n: _get(_first(_runs(results, "load_validate", respondents=n, sectors=sectors, format=fmt0)), "load"),
        "validate": lambda n: _get(_first(_runs(results, "load_validate", respondents=n, sectors=sectors, format=fmt0)), "validate"),
        "estimate (auto)": lambda n: _get(_first(_runs(results, "estimate", respondents=n, sectors=sectors)), "distributions[auto]"),
        "estimate (logit)": lambda n: _get(_first(_runs(results, "estimate", respondents=n, sectors=sectors)), "distributions[logit]"),
        "analyze": lambda n: _first(_runs(results, "analyze", respondents=n, sectors=sectors)).get("times", {}).get("analyze"),
    }
    sizes = results["sizes"]
    add("| stage | " + " | ".join(_n(n) for n in sizes) + " | slope |")
    add("|---|" + "---:|" * (len(sizes) + 1))
    for name, get in series.items():
        vals = [get(n) for n in sizes]
        cells = [_s(_per_resp_us(v, n), 1) if v else "–" for v, n in zip(vals, sizes)]
        slope = "–"
        good = [(n, v) for n, v in zip(sizes, vals) if v]
        if len(good) >= 2 and good[-1][0] > good[-2][0]:
            (n1, v1), (n2, v2) = good[-2], good[-1]
            slope = f"{math.log(v2 / v1) / math.log(n2 / n1):.2f}"
        add(f"| {name} | " + " | ".join(cells) + f" | {slope} |")
    sweep = sorted({r["sectors"] for r in _runs(results, "load_validate")} - {sectors})
    if sweep:
        add("")
        add("### By number of sectors")
        add("")
        add("| respondents | sectors | tidy rows | load | estimate (auto) | analyze | peak analyze |")
        add("|---:|---:|---:|---:|---:|---:|---:|")
        ns = sorted({r["respondents"] for r in _runs(results, "load_validate") if r["sectors"] in sweep})
        for n in ns:
            for s in sorted(set(sweep) | {sectors}):
                lv = _first(_runs(results, "load_validate", respondents=n, sectors=s, format=fmt0))
                if not lv:
                    continue
                es = _first(_runs(results, "estimate", respondents=n, sectors=s))
                an = _first(_runs(results, "analyze", respondents=n, sectors=s))
                add(f"| {_n(n)} | {s} | {_n(lv.get('rows', 0))} | {_t(lv, 'load')} | {_t(es, 'distributions[auto]')} "
                    f"| {_wall(an, 'analyze')} | {_mib(an.get('peak_mib'))} |")
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


def _method_order(name):
    from_pkg = ["auto", "hypergeometric", "wilson", "clopper-pearson", "jeffreys", "agresti-coull", "logit", "beta", "mean"]
    return from_pkg.index(name) if name in from_pkg else len(from_pkg)


def _first(runs):
    return runs[0] if runs else {}


def _get(run, key):
    return run.get("times", {}).get(key)


def _t(run, key):
    if not run:
        return "–"
    if "error" in run:
        return "error"
    return _s(_get(run, key))


def _wall(run, key):
    if not run:
        return "–"
    if "error" in run:
        return "error"
    return _s(_get(run, key))


def _steps_table(run):
    rows = ["| step | seconds | peak MiB after |", "|---|---:|---:|"]
    if run.get("times", {}).get("import") is not None:
        rows.append(f"| (start Python, import the package) | {run['times']['import']:.2f} | {_mib(run['peaks_mib'].get('import'))} |")
    if run.get("before_first_step"):
        rows.append(f"| (before the first message) | {run['before_first_step']:.2f} | |")
    for st in run.get("steps", []):
        text = st["step"].replace("|", "/")
        text = text if len(text) <= 70 else text[:67] + "..."
        rows.append(f"| {text} | {st['seconds']:.2f} | {_mib(st['peak_mib'])} |")
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
    ap.add_argument("--repeat-cli", type=int, default=5, help="runs of each CLI timing (median)")
    ap.add_argument("--repeat-small", type=int, default=3, help="runs at up to 1e4 respondents (best)")
    ap.add_argument("--timeout", type=float, default=300, help="seconds before one measurement is stopped")
    ap.add_argument("--no-doc", action="store_true", help="do not update docs/performance.md and results.json")
    args = ap.parse_args(argv)
    started = time.perf_counter()
    results = run_suite(args)
    results["command"] = "benchmarks/run.py" + ("" if argv is None and len(sys.argv) == 1 else " " + " ".join(sys.argv[1:] if argv is None else argv))
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
