"""Exact intervals: coverage by complete enumeration, widths, and the large-population default.

Run from the repository root (about a minute on 2 cores):

    .venv/bin/python benchmarks/bench_intervals.py            # writes benchmarks/intervals_results.json

1. For every population size N = 2..60, every sample size n < N and every population count
   M: the coverage of the tails interval ("hypergeometric") and of Blaker's ("blaker", the
   default), and the mean number of population counts each keeps (its width in counts).
2. Domains (a routed item): conditional coverage given the domain's sample size, for the
   exact default and for the closed-form options (logit, korn-graubard, mean), at the
   bundled study's (N, s) = (12, 9), (10, 9) and (35, 27).
3. The default interval at N = 1,000,000 with 2,000 respondents and a routed item asked of
   1,500 (timed; the issue's target is under 10 s).
"""
from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import numpy as np
from scipy import stats

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from survey_inventory.stats.hypergeometric import count_limits  # noqa: E402
from survey_inventory.stats.intervals import proportion_ci  # noqa: E402


def enumerate_counts(N_max: int = 60, level: float = 0.95) -> list[dict]:
    rows = []
    for N in range(2, N_max + 1):
        out = {"N": N}
        for method in ("tails", "blaker"):
            worst, widths = 1.0, []
            for n in range(1, N):
                k = np.arange(n + 1)
                lo, hi, _ = count_limits(k, n, N, level=level, method=method)
                widths.append(float((hi - lo + 1).mean()))
                pmf = stats.hypergeom.pmf(k[None, :], N, np.arange(N + 1)[:, None], n)
                M = np.arange(N + 1)[:, None]
                worst = min(worst, float((pmf * ((lo <= M) & (M <= hi))).sum(axis=1).min()))
            out[f"{method}_min_coverage"] = worst
            out[f"{method}_mean_counts_kept"] = float(np.mean(widths))
        rows.append(out)
    return rows


def domain_coverage(N: int, s: int, method: str, level: float = 0.95) -> float:
    """Smallest P(cover | n_d) over every population (A yes, B no in the domain) and n_d."""
    worst = 1.0
    cache = {}
    for nd in range(1, s + 1):
        k = np.arange(nd + 1)
        ci = proportion_ci(k, nd, population=N, sample_n=s, domain=True, method=method, level=level)
        cache[nd] = (ci["ci_lower"].to_numpy(), ci["ci_upper"].to_numpy())
    for Nd in range(1, N + 1):
        for Md in range(Nd + 1):
            for nd in range(max(1, s - (N - Nd)), min(s, Nd) + 1):
                lo, hi = cache[nd]
                pk = stats.hypergeom.pmf(np.arange(nd + 1), Nd, Md, nd)
                t = Md / Nd
                worst = min(worst, float(pk[(lo <= t + 1e-12) & (t - 1e-12 <= hi)].sum()))
    return worst


def main() -> None:
    import os

    results = {"load_average": os.getloadavg()[0]}
    start = time.perf_counter()
    results["counts"] = enumerate_counts()
    results["counts_seconds"] = round(time.perf_counter() - start, 1)
    results["domains"] = [
        {"N": N, "s": s, "method": m, "min_conditional_coverage": round(domain_coverage(N, s, m), 4)}
        for N, s in ((10, 9), (12, 9), (35, 27))
        for m in ("auto", "hypergeometric", "logit", "korn-graubard", "mean")
    ]
    start, cpu = time.perf_counter(), time.process_time()
    ci = proportion_ci([600, 900], [1500, 2000], population=1_000_000, sample_n=2000, domain=[True, False])
    results["million"] = {"seconds": round(time.perf_counter() - start, 2),
                          "cpu_seconds": round(time.process_time() - cpu, 2), "ci_method": ci["ci_method"].tolist(),
                          "ci_lower": ci["ci_lower"].round(6).tolist(), "ci_upper": ci["ci_upper"].round(6).tolist()}
    path = ROOT / "benchmarks" / "intervals_results.json"
    path.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    worst = min(min(r["tails_min_coverage"], r["blaker_min_coverage"]) for r in results["counts"])
    gain = np.mean([1 - r["blaker_mean_counts_kept"] / r["tails_mean_counts_kept"] for r in results["counts"]])
    print(f"N = 2..60: smallest coverage {worst:.4f}; Blaker keeps {100 * gain:.1f}% fewer counts on average")
    for d in results["domains"]:
        print(f"domain N={d['N']} s={d['s']} {d['method']:>15}: {d['min_conditional_coverage']:.4f}")
    m = results["million"]
    print(f"N = 1,000,000, routed item: {m['seconds']} s wall, {m['cpu_seconds']} s CPU")


if __name__ == "__main__":
    main()
