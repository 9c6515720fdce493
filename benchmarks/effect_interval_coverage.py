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
* Kendall's W (population W, noncentral chi-square inversion with continuity-corrected rank sums):
  1000 samples (seed 18) per cell at n = 9, 15, 23, 35 and 400 at n = 100, 300, respondents rating k = 2-6 sectors on
  a 5-point scale (latent familiarity + sector effects, cut into 5 codes: many ties), seven
  populations from no to strong differences, two opposite latent classes and 30 % all-'very poor'.
  The truth is exact (every answer pattern, Gauss-Hermite over the latent familiarity). Alongside:
  the same inversion without the continuity correction ("plain", at k = 2 and n <= 35).

Run:  PYTHONPATH=. python benchmarks/effect_interval_coverage.py   (several minutes)
      PYTHONPATH=. python benchmarks/effect_interval_coverage.py kendalls-w   (only Kendall's W)
Writes benchmarks/effect_interval_coverage.json.
"""
from __future__ import annotations

import itertools
import json
import sys
from pathlib import Path

import numpy as np
from scipy import stats

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))  # the shared reference populations
from exact_reference import ORDINAL_POPULATIONS, ordinal_truth  # noqa: E402
from survey_inventory.stats.association import goodman_kruskal_gamma, kendall_tau_b
from survey_inventory.stats.effect_intervals import (
    _noncentrality, cramers_v_ci, kendalls_w_ci, mcnemar_difference_ci, ordinal_association_ci, rank_biserial_ci,
)

POPULATIONS = ORDINAL_POPULATIONS
DRAWS, SEED, NS = 2000, 18, (9, 13, 17, 23)


def ordinal_cell(measure, n, population):
    p = POPULATIONS[population] / POPULATIONS[population].sum()
    true = ordinal_truth(p, measure)
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


def rating_population(k, deltas, weights=(1.0,), a=1.0, constant=0.0):
    """Answer patterns of k sectors (codes 1-5) and their probabilities: latent u ~ N(0, 1), answer =
    cut(a u + delta_j + N(0, 1)) at -1.2, -0.4, 0.4, 1.2; one class per (weight, deltas); ``constant``
    of the respondents answer 5 everywhere."""
    codes = np.array(list(itertools.product(range(5), repeat=k)))
    nodes, w = np.polynomial.hermite_e.hermegauss(40)
    cuts = np.array([-np.inf, -1.2, -0.4, 0.4, 1.2, np.inf])
    prob = 0.0
    for weight, delta in zip(weights, deltas):
        shift = a * nodes[:, None] + np.asarray(delta, dtype=float)[None, :]          # nodes x k
        per_code = np.diff(stats.norm.cdf(cuts[None, None, :] - shift[:, :, None]), axis=2)
        prob = prob + weight * (w / w.sum()) @ per_code[:, np.arange(k)[None, :], codes].prod(axis=2)
    prob = prob * (1 - constant) + constant * (codes == 4).all(axis=1)
    return codes + 1.0, prob / prob.sum()


def w_populations(k):
    lin, opposite = np.linspace(-1, 1, k), np.r_[1.5, -1.5, np.zeros(k - 2)]
    return {"none": ([np.zeros(k)], (1.0,), 1.0, 0.0),
            "small": ([0.3 * lin], (1.0,), 1.0, 0.0),
            "moderate": ([0.8 * lin], (1.0,), 1.0, 0.0),
            "strong": ([2.0 * lin], (1.0,), 1.0, 0.0),
            "ties (30 % all 'very poor')": ([0.8 * lin], (1.0,), 2.0, 0.3),
            "two opposite classes": ([opposite + 0.5 * lin, -opposite + 0.5 * lin], (0.5, 0.5), 1.0, 0.0),
            "one sector apart": ([np.r_[1.5, np.zeros(k - 1)]], (1.0,), 1.5, 0.0)}


def _plain(sums, spread, n, k, level=0.95):
    x2, scale = (k - 1) * float((sums ** 2).sum()) / (n * spread), n * (k - 1)
    return (_noncentrality(x2, k - 1, 1 - (1 - level) / 2) / scale,
            min(1.0, max(_noncentrality(x2, k - 1, (1 - level) / 2) / scale, x2 / scale)))


def kendalls_w_cell(k, population, n):
    draws = 1000 if n <= 35 else 400
    patterns, prob = rating_population(k, *w_populations(k)[population])
    d = stats.rankdata(patterns, axis=1) - (k + 1) / 2
    true = float(((prob @ d) ** 2).sum() / (prob @ (d ** 2).sum(1)))
    rng = np.random.default_rng(SEED)
    idx = rng.choice(len(prob), size=(draws, n), p=prob)
    seen, out = {}, {m: {"hit": 0, "width": []} for m in ("corrected", "plain")[:1 + (k == 2 and n <= 35)]}
    none = 0
    for row in idx:
        sums, spread = np.abs(d[row].sum(0)), float((d[row] ** 2).sum()) / n
        key = (tuple(np.round(sums, 6)), round(spread, 9))
        if key not in seen:          # the interval depends on the sample only through these two
            lo, hi, _ = kendalls_w_ci(patterns[row])
            seen[key] = {"corrected": (lo, hi)}
            if k == 2 and n <= 35 and not np.isnan(lo):
                seen[key]["plain"] = _plain(sums, spread, n, k)
        if np.isnan(seen[key]["corrected"][0]):
            none += 1
            continue
        for m, (lo, hi) in seen[key].items():
            out[m]["hit"] += bool(lo - 1e-12 <= true <= hi + 1e-12)
            out[m]["width"].append(hi - lo)
    used = draws - none
    return {"truth": round(true, 4), "no_interval": round(none / draws, 4),
            **{m: {"coverage": round(v["hit"] / used, 4), "mean_width": round(float(np.mean(v["width"])), 3)}
               for m, v in out.items()}}


def kendalls_w(results):
    results["kendalls_w"] = []
    for k in range(2, 7):
        for population in w_populations(k):
            for n in (9, 15, 23, 35, 100, 300):
                cell = kendalls_w_cell(k, population, n)
                results["kendalls_w"].append({"k": k, "population": population, "n": n, **cell})
                print("W", k, population, n, cell, flush=True)
    small = [r for r in results["kendalls_w"] if r["n"] <= 35]
    print("Kendall's W min coverage n <= 35:", min(r["corrected"]["coverage"] for r in small),
          "all n:", min(r["corrected"]["coverage"] for r in results["kendalls_w"]),
          "plain:", min(r["plain"]["coverage"] for r in small if "plain" in r))
    return results


def main():
    path = Path(__file__).with_suffix(".json")
    if sys.argv[1:] == ["kendalls-w"]:
        results = kendalls_w(json.loads(path.read_text(encoding="utf-8")))
        path.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
        return
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
    kendalls_w(results)
    path.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
