"""Coverage of the effect-size intervals of comparisons.csv (issue 18): the larger run behind
docs/methods.md ("Effect-size intervals") and tests/test_stats_effect_intervals.py.

* gamma and tau-b: the plain delta-method Wald interval against the default Fisher-z interval
  (stats/effect_intervals.py), by simulation: 2000 multinomial samples (seed 18) per cell,
  n = 9, 13, 17, 23, three familiarity x involvement populations (no, moderate, strong association);
  samples with fewer than 2 row or column categories have no estimate and are left out.
* the rank-biserial correlation (Somers' d on Fisher z): 2000 samples per cell, groups of 3 vs 9,
  4 vs 9, 9 vs 9 and 9 vs 25 over 3 codes; "no interval" when every answer is in one code.
* Cramér's V (noncentral chi-square inversion): 1000 samples per cell, provinces / AMRs / funds of
  9 / 27 / 9, 9 / 9 / 9 and 4 / 9 / 9 over 5 codes.
* the McNemar difference (Bonett-Price): exact coverage by complete enumeration.

Run:  PYTHONPATH=. python benchmarks/effect_interval_coverage.py   (about a minute)
Writes benchmarks/effect_interval_coverage.json.
"""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
from scipy import stats

from survey_inventory.stats.association import goodman_kruskal_gamma, kendall_tau_b
from survey_inventory.stats.effect_intervals import (
    cramers_v_ci, mcnemar_difference_ci, ordinal_association_ci, rank_biserial_ci,
)

POPULATIONS = {
    "none": np.outer([0.1, 0.3, 0.3, 0.2, 0.1], [0.2, 0.3, 0.5]),
    "moderate": np.array([[3, 2, 1], [4, 4, 2], [3, 4, 4], [2, 3, 5], [1, 2, 4]], dtype=float),
    "strong": np.array([[6, 2, 0], [5, 4, 1], [2, 5, 3], [1, 3, 6], [0, 1, 8]], dtype=float),
}
DRAWS, SEED, NS = 2000, 18, (9, 13, 17, 23)


def truth(table, measure):
    t = np.asarray(table, dtype=float) / np.sum(table)
    ri, ci = np.meshgrid(np.arange(t.shape[0]), np.arange(t.shape[1]), indexing="ij")
    p = t.ravel()
    s = np.sign(ri.ravel()[:, None] - ri.ravel()[None, :]) * np.sign(ci.ravel()[:, None] - ci.ravel()[None, :])
    conc, disc = (p[:, None] * p[None, :] * (s > 0)).sum(), (p[:, None] * p[None, :] * (s < 0)).sum()
    if measure == "gamma":
        return (conc - disc) / (conc + disc)
    return (conc - disc) / np.sqrt((1 - (t.sum(1) ** 2).sum()) * (1 - (t.sum(0) ** 2).sum()))


def ordinal_cell(measure, n, population):
    p = POPULATIONS[population] / POPULATIONS[population].sum()
    true = truth(p, measure)
    rng = np.random.default_rng(SEED)
    func = goodman_kruskal_gamma if measure == "gamma" else kendall_tau_b
    out = {m: {"hit": 0, "none": 0, "width": []} for m in ("wald", "fisher-z")}
    used = 0
    for _ in range(DRAWS):
        t = rng.multinomial(n, p.ravel()).reshape(p.shape)
        if (t.sum(1) > 0).sum() < 2 or (t.sum(0) > 0).sum() < 2:
            continue
        used += 1
        row = func(t, ci_method="wald", n_resamples=1, max_exact_n=0).iloc[0]
        limits = {"wald": (row["effect_ci_lower"], row["effect_ci_upper"]),
                  "fisher-z": ordinal_association_ci(t, measure)[:2]}
        for m, (lo, hi) in limits.items():
            if np.isnan(lo):
                out[m]["none"] += 1
            else:
                out[m]["hit"] += bool(lo <= true <= hi)
                out[m]["width"].append(hi - lo)
    return {m: {"coverage": round(v["hit"] / used, 4), "no_interval": round(v["none"] / used, 4),
                "mean_width": round(float(np.mean(v["width"])), 3), "samples": used, "truth": round(float(true), 4)}
            for m, v in out.items()}


RANK_DISTS = {"same": ([.3, .3, .4], [.3, .3, .4]), "moderate": ([.5, .3, .2], [.2, .3, .5]),
              "strong": ([.8, .15, .05], [.05, .15, .8]), "one-sided": ([.1, .2, .7], [.02, .08, .9])}
V_POPS = {"none": [[.1, .2, .3, .2, .2]] * 3,
          "moderate": [[.3, .3, .2, .1, .1], [.1, .2, .3, .2, .2], [.05, .15, .3, .25, .25]],
          "strong": [[.6, .3, .1, 0, 0], [.05, .15, .3, .25, .25], [0, 0, .1, .3, .6]]}


def rank_biserial_cell(n1, n2, dist, draws=2000):
    pa, pb = (np.array(x) for x in RANK_DISTS[dist])
    true = sum(pa[i] * pb[j] * np.sign(i - j) for i in range(3) for j in range(3))
    rng = np.random.default_rng(SEED)
    hit = none = 0
    for _ in range(draws):
        lo, hi, _ = rank_biserial_ci([rng.multinomial(n1, pa), rng.multinomial(n2, pb)])
        if np.isnan(lo):
            none += 1
        else:
            hit += bool(lo <= true <= hi)
    return {"truth": round(float(true), 4), "coverage_given_interval": round(hit / (draws - none), 4),
            "no_interval": round(none / draws, 4)}


def cramers_v_cell(sizes, population, draws=1000):
    p = np.array(V_POPS[population])
    w = np.asarray(sizes, dtype=float) / sum(sizes)
    pbar = w @ p
    true = float(np.sqrt((w[:, None] * (p - pbar) ** 2 / pbar).sum() / (min(p.shape) - 1)))
    rng = np.random.default_rng(SEED)
    hit = 0
    for _ in range(draws):
        lo, hi, _ = cramers_v_ci(np.array([rng.multinomial(s, q) for s, q in zip(sizes, p)]))
        hit += bool(lo - 1e-12 <= true <= hi + 1e-12)
    return {"truth": round(true, 4), "coverage": round(hit / draws, 4)}


def other_effects(results):
    results["rank_biserial"] = [{"n1": a, "n2": b, "distributions": d, **rank_biserial_cell(a, b, d)}
                                for a, b in ((3, 9), (4, 9), (9, 9), (9, 25)) for d in RANK_DISTS]
    results["cramers_v"] = [{"sizes": list(z), "population": pop, **cramers_v_cell(z, pop)}
                            for z in ((9, 27, 9), (9, 9, 9), (4, 9, 9)) for pop in V_POPS]
    print("rank-biserial min coverage", min(r["coverage_given_interval"] for r in results["rank_biserial"]))
    print("Cramér's V min coverage", min(r["coverage"] for r in results["cramers_v"]))
    return results


def mcnemar_cell(n, p10, p01):
    total = 0.0
    for b in range(n + 1):
        for c in range(n + 1 - b):
            lo, hi, _ = mcnemar_difference_ci(b, c, n)
            if lo <= p10 - p01 <= hi:
                total += stats.multinomial.pmf([b, c, n - b - c], n, [p10, p01, 1 - p10 - p01])
    return round(float(total), 4)


def main():
    results = {"draws": DRAWS, "seed": SEED, "ordinal": [], "mcnemar": []}
    for measure in ("gamma", "tau_b"):
        for n in NS:
            for population in POPULATIONS:
                cell = ordinal_cell(measure, n, population)
                results["ordinal"].append({"measure": measure, "n": n, "population": population, **cell})
                print(measure, n, population, {m: (v["coverage"], v["no_interval"]) for m, v in cell.items()})
    for n in (9, 15, 23, 35):
        for p10 in (0.02, 0.1, 0.2, 0.35):
            for p01 in (0.02, 0.1, 0.2, 0.35):
                results["mcnemar"].append({"n": n, "p10": p10, "p01": p01, "coverage": mcnemar_cell(n, p10, p01)})
    print("McNemar min coverage", min(r["coverage"] for r in results["mcnemar"]))
    other_effects(results)
    Path(__file__).with_suffix(".json").write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
