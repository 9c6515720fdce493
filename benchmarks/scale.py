"""Large studies (issue 17): a million respondents end to end, and 10^7 by streaming.

    .venv/bin/python benchmarks/scale.py                     # everything (about 15 minutes on 2 idle cores)
    .venv/bin/python benchmarks/scale.py --only bundled,1e6  # some of it; the rest of results_scale.json is kept
    .venv/bin/python benchmarks/scale.py --doc-only          # rewrite the docs from results_scale.json

Every measurement is a fresh process (``benchmarks/measure.py``, run by ``run.py``'s
``measure``), so its peak memory is its own, and each is paired with its **floor**,
measured in the same run: a process that imports what ``analyze`` imports (pandas,
scipy.stats, matplotlib, python-docx, openpyxl, pyarrow) and reads the same source
files with pyarrow (``measure.py floor``), and does nothing else.

* ``bundled``: the bundled study's ``analyze`` (the CLI, best of 5) against its floor
  (best of 5), taken in turns; target: at most 2.5 times the floor.
* ``1e6``: 10^6 respondents x 20 sectors (CSV, ``benchmarks/generate.py``),
  ``analyze --ci-method logit`` with the time of each part; target under 60 s and
  2 GB peak.
* ``1e7``: 10^7 respondents x 20 sectors as Parquet (``generate.py --streamed``),
  ``stream_counts`` + ``distributions`` in batches of 100,000 records; target under
  2 GB peak.

The load average before each measurement is recorded: on a shared machine wall times
are longer than on an idle one (CPU seconds are given beside them); memory is not
affected. Results go to ``benchmarks/results_scale.json`` and into
``docs/performance.md`` between ``<!-- begin scale -->`` and ``<!-- end scale -->``.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import generate  # noqa: E402
import run  # noqa: E402  (run_child, measure, machine)

RESULTS = HERE / "results_scale.json"
DOC = run.DOC
BEGIN, END = "<!-- begin scale -->", "<!-- end scale -->"
PARTS = ("bundled", "1e6", "1e7")
TARGETS = {"bundled_ratio": 2.5, "analyze_1e6_s": 60.0, "peak_mib": 2048.0}


def _best(cmd_runs):
    ok = [r for r in cmd_runs if "error" not in r]
    return min(ok, key=lambda r: r["wall"]) if ok else cmd_runs[-1]


def _cli_analyze(codebook, repeat):
    exe = Path(sys.executable).with_name("survey-inventory")
    out = run.WORK / "scale-bundled-out"
    runs = []
    for _ in range(repeat):
        shutil.rmtree(out, ignore_errors=True)
        load = os.getloadavg()[0]
        wall, peak, code, _, stderr = run.run_child([str(exe), "analyze", str(codebook), "--out", str(out), "-q"], 300)
        runs.append({"wall": wall, "cpu": run.LAST_CPU[0], "peak_mib": peak, "load_before": load}
                    if code == 0 else {"error": stderr.strip()[-300:], "wall": wall})
    shutil.rmtree(out, ignore_errors=True)
    return runs


def measure_bundled(repeat=5):
    """Floor and analyze taken in turns, so that both see the same moments of a machine whose speed
    drifts (this one's varies by a third from minute to minute); best of ``repeat`` each."""
    floors, analyzes = [], []
    for _ in range(repeat):
        floors.append(run.measure("floor", run.BUNDLED, 120))
        analyzes += _cli_analyze(run.BUNDLED, 1)
    return {"floor": floors, "analyze": analyzes}


def measure_1e6():
    """Two runs of ``analyze``: one timed (nothing else running), one sampling the memory of its processes.
    The sampler reads their page tables ten times a second under their memory locks, which made the run
    it sampled some 12 s slower (20 s more system time) at 10^6; timing the sampled run counted that."""
    codebook = generate.generate(1_000_000, 20, "csv")
    floor = run.measure("floor", codebook, 600)
    out = ("--out", run.WORK / "scale-1e6-out", "--ci-method", "logit")
    analyze = run.measure("analyze", codebook, 1800, *out, "--no-tree-memory")
    memory = run.measure("analyze", codebook, 1800, *out)
    return {"floor": floor, "analyze": analyze, "memory": memory}


def measure_1e7(batch_rows=100_000):
    codebook = generate.generate_streamed(10_000_000, 20)
    floor = run.measure("floor", codebook, 900)
    stream = run.measure("stream", codebook, 3600, "--batch-rows", batch_rows, "--ci-method", "logit")
    return {"floor": floor, "stream": stream, "batch_rows": batch_rows}


# -- the report ----------------------------------------------------------------------

def _s(x):
    return "–" if x is None else f"{x:.1f}" if x >= 10 else f"{x:.2f}"


def _mib(x):
    return "–" if x is None else f"{x:,.0f}".replace(",", " ")


def _met(ok):
    return "met" if ok else "**missed**"


def report(results) -> str:
    when = results.get("when", {})
    lines = [f"Produced by `benchmarks/scale.py` (commit {results.get('commit', '?')}); "
             + "; ".join(f"{k}: {v}" for k, v in when.items()) + ".", ""]
    rows = ["| target | measured | |", "|---|---|---|"]
    b = results.get("bundled")
    if b:
        floor, analyze = _best(b["floor"]), _best(b["analyze"])
        ratio = analyze["wall"] / floor["wall"]
        pairs = sorted(a["wall"] / f["wall"] for f, a in zip(b["floor"], b["analyze"]) if "error" not in a
                       and "error" not in f)
        paired = f"; run by run {pairs[0]:.2f}–{pairs[-1]:.2f}×, median {pairs[len(pairs) // 2]:.2f}×" if pairs else ""
        rows.append(f"| bundled `analyze` ≤ {TARGETS['bundled_ratio']}× the import floor | {_s(analyze['wall'])} s "
                    f"(best of {len(b['analyze'])}; {_s(analyze['cpu'])} CPU s) against a floor of "
                    f"{_s(floor['wall'])} s: {ratio:.2f}×{paired} | {_met(ratio <= TARGETS['bundled_ratio'])} |")
    m = results.get("1e6")
    if m and "error" not in m["analyze"]:
        a = m["analyze"]
        rows.append(f"| 10^6 × 20 sectors `analyze --ci-method logit` under 60 s | {_s(a['wall'])} s wall, "
                    f"{_s(a['cpu'])} CPU s (load average {a['load_before']:.1f} before) | "
                    f"{_met(a['wall'] < TARGETS['analyze_1e6_s'])} |")
        mem = m.get("memory") if "error" not in m.get("memory", {"error": 1}) else a  # a run sampling its memory
        tree = mem.get("tree_peak_mib")   # every process of the run at once (figure workers, comparisons child)
        largest = max(a["peak_mib"], mem["peak_mib"])
        worst = max(largest, tree or 0.0)
        together = f"; all its processes together {_mib(tree)} MiB" if tree else ""
        together += " (sampled in a second run)" if tree and mem is not a else ""
        rows.append(f"| … under 2 GB peak | largest process {_mib(largest)} MiB{together} | "
                    f"{_met(worst < TARGETS['peak_mib'])} |")
    s, again = results.get("1e7"), results.get("1e7_rerun")
    if again and again.get("when", "") < results.get("when", {}).get("1e7", ""):
        again = None  # a full run after the re-run stands for itself
    if again:  # measure.py stream run on its own after a fix: it stands for the target, the first run below it
        rows.append(f"| 10^7 Parquet study streamed under 2 GB | {_mib(again['peak_mib'])} MiB peak, "
                    f"{_s(again['times']['stream_counts'])} s wall in `stream_counts` (re-run after a fix; "
                    f"the first run: {_mib(s['stream']['peak_mib']) if s and 'error' not in s['stream'] else '–'} MiB) "
                    f"| {_met(again['peak_mib'] < TARGETS['peak_mib'])} |")
    elif s and "error" not in s["stream"]:
        st = s["stream"]
        rows.append(f"| 10^7 Parquet study streamed under 2 GB | {_mib(st['peak_mib'])} MiB peak, {_s(st['wall'])} s "
                    f"wall ({_s(st['cpu'])} CPU s) | {_met(st['peak_mib'] < TARGETS['peak_mib'])} |")
    lines += rows + [""]
    if b:
        lines += ["### The bundled study against its floor", "",
                  "| run | wall s | CPU s | peak MiB | load average before |", "|---|---:|---:|---:|---:|"]
        for name, runs in (("floor (imports + reading the two files)", b["floor"]), ("`analyze`", b["analyze"])):
            for r in runs:
                if "error" not in r:
                    lines.append(f"| {name} | {_s(r['wall'])} | {_s(r['cpu'])} | {_mib(r['peak_mib'])} | "
                                 f"{r['load_before']:.1f} |")
        lines.append("")
    if m:
        a, f = m["analyze"], m["floor"]
        lines += ["### 10^6 respondents × 20 sectors, `analyze --ci-method logit` (CSV)", ""]
        if "error" in a:
            lines += [f"Did not finish: {a['error']}", ""]
        else:
            lines += [f"Floor (imports + pyarrow reading both CSV files): {_s(f.get('wall'))} s, "
                      f"{_mib(f.get('peak_mib'))} MiB. Whole `analyze`: {_s(a['wall'])} s wall, {_s(a['cpu'])} CPU s, "
                      f"peak {_mib(a['peak_mib'])} MiB; load average {a['load_before']:.1f} before."
                      + (f" The run that sampled its processes' memory: {_s(m['memory']['wall'])} s wall, "
                         f"{_s(m['memory']['cpu'])} CPU s (the sampling's own cost; see `measure_1e6`)."
                         if "error" not in m.get("memory", {"error": 1}) else ""), "",
                      "| part (the timed run) | seconds |", "|---|---:|"]
            for name, entry in (a.get("parts") or {}).items():
                lines.append(f"| {name} | {_s(entry['seconds'])} |")
            lines += ["", "| step (as `analyze` reports it) | seconds | peak MiB after |", "|---|---:|---:|"]
            for step in a.get("steps", []):
                lines.append(f"| {step['step'][:70]} | {_s(step['seconds'])} | {_mib(step['peak_mib'])} |")
            lines.append("")
    if s:
        st, f = s["stream"], s["floor"]
        lines += [f"### 10^7 respondents × 20 sectors, streamed (Parquet, batches of {s['batch_rows']:,} records)", ""]
        if "error" in st:
            lines += [f"Did not finish: {st['error']}", ""]
        else:
            lines += [f"Floor (imports + pyarrow reading both Parquet files whole): {_s(f.get('wall'))} s, "
                      f"{_mib(f.get('peak_mib'))} MiB. Streaming (read, load, validate and count each batch; then "
                      f"the distributions): {_s(st['wall'])} s wall, {_s(st['cpu'])} CPU s, peak "
                      f"{_mib(st['peak_mib'])} MiB, {st.get('respondents', 0):,} respondents, {st.get('cells')} cells; "
                      f"load average {st['load_before']:.1f} before.", ""]
    small = results.get("1e6_stream")
    if small:
        lines += [f"At 10^6 respondents (the same generator, Parquet, batches of {small['batch_rows']:,}; "
                  f"{results.get('when', {}).get('1e6_stream', '')}): {_s(small['wall'])} s wall, "
                  f"{_s(small['cpu'])} CPU s, peak {_mib(small['peak_mib'])} MiB, {small['respondents']:,} "
                  f"respondents, {small['cells']} cells; load average {small['load_before']:.1f} before.", ""]
    if again:
        lines += [f"**Re-run** after the fix that stopped the problem counts turning a column of each batch "
                  f"into Python strings ({again.get('note', '')}): {again['respondents']:,} respondents, "
                  f"{again['cells']} cells, batches of {again['batch_rows']:,}; `stream_counts` "
                  f"{_s(again['times']['stream_counts'])} s wall, `distributions` "
                  f"{_s(again['times']['distributions'])} s; peak **{_mib(again['peak_mib'])} MiB**.", ""]
    return "\n".join(lines)


def write_doc(text):
    doc = DOC.read_text(encoding="utf-8")
    block = f"{BEGIN}\n{text}\n{END}"
    if BEGIN in doc:
        doc = doc[:doc.index(BEGIN)] + block + doc[doc.index(END) + len(END):]
    else:
        doc = doc.rstrip("\n") + "\n\n## Large studies (issue 17): results\n\n" + block + "\n"
    DOC.write_text(doc, encoding="utf-8")


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--only", default=",".join(PARTS), help=f"comma-separated of {', '.join(PARTS)}")
    ap.add_argument("--doc-only", action="store_true", help="only rewrite the docs from results_scale.json")
    ap.add_argument("--no-doc", action="store_true", help="do not write results_scale.json or the docs")
    args = ap.parse_args(argv)
    results = json.loads(RESULTS.read_text()) if RESULTS.is_file() else {}
    if not args.doc_only:
        run.bytecode()
        for part in [p for p in args.only.split(",") if p]:
            run.log(f"scale: {part}")
            started = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
            results[part] = {"bundled": measure_bundled, "1e6": measure_1e6, "1e7": measure_1e7}[part]()
            results.setdefault("when", {})[part] = started
        results["machine"] = run.machine()
        results["commit"] = subprocess.run(["git", "describe", "--always", "--dirty"], cwd=HERE, text=True,
                                           capture_output=True).stdout.strip()
    text = report(results)
    print(text)
    if not args.no_doc:
        if not args.doc_only:  # another run may have written parts meanwhile: keep them
            latest = json.loads(RESULTS.read_text()) if RESULTS.is_file() else {}
            measured = [p for p in args.only.split(",") if p]
            when = {**latest.get("when", {}), **{p: results["when"][p] for p in measured}}
            results = {**latest, **{p: results[p] for p in measured}, "when": when,
                       "machine": results["machine"], "commit": results["commit"]}
            text = report(results)
        RESULTS.write_text(json.dumps(results, indent=1, default=str))
        write_doc(text)


if __name__ == "__main__":
    main()
