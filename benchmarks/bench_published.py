"""How fast check-published answers: 2 to 6 categories, N up to 1000 (and 10 000 for scale).

    .venv/bin/python benchmarks/bench_published.py            # prints a table, exits 1 if a target is missed
    .venv/bin/python benchmarks/bench_published.py --quick    # fewer repetitions

The target from issue 3: a figure with 6 categories and N = 1000 answers in well
under a second. "Answers" is the whole ``check_figure`` (solutions counted under
all four rules, up to 1000 listed, the closest counts, the nearest N that fits),
for prints that some counts give and for prints no counts give. Each case is run
a few times and the slowest run is reported; the target is 0.25 s per figure.
Timings are of this machine; the numbers are in the output, not in a file.
"""
from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from survey_inventory.options import ROUNDING_RULES  # noqa: E402
from survey_inventory.stats.figure_check import check_figure  # noqa: E402
from survey_inventory.stats.rounding import round_percentages  # noqa: E402

TARGET_SECONDS = 0.25


def cases(seed: int = 2025):
    rng = random.Random(seed)
    out = [("even split", (17, 17, 16, 17, 16, 17), 1000)]
    for m in (2, 3, 4, 5, 6):
        for n in (9, 100, 1000):
            cuts = sorted(rng.randint(0, n) for _ in range(m - 1))
            counts = [b - a for a, b in zip([0] + cuts, cuts + [n])]
            out.append((f"printed, {m} cat", tuple(round_percentages(counts, n).tolist()), n))
            noisy = list(round_percentages(counts, n).tolist())
            noisy[0] = max(0, min(100, noisy[0] + rng.choice([-1, 1])))
            out.append((f"perturbed, {m} cat", tuple(noisy), n))
    out.append(("scale: 6 cat, N=10000", (17, 17, 16, 17, 16, 17), 10_000))
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="one run per case instead of three")
    args = ap.parse_args(argv)
    repeats = 1 if args.quick else 3
    worst_target = 0.0
    print(f"{'case':24} {'N':>6} {'rule':18} {'slowest s':>10}  status")
    for label, ps, n in cases():
        for rule in ROUNDING_RULES:
            times = []
            for _ in range(repeats):
                start = time.perf_counter()
                res = check_figure(ps, n, rule=rule)
                times.append(time.perf_counter() - start)
            slowest = max(times)
            if n <= 1000:
                worst_target = max(worst_target, slowest)
            print(f"{label:24} {n:>6} {rule:18} {slowest:10.4f}  {res['status']}")
    ok = worst_target < TARGET_SECONDS
    print(f"slowest figure with N <= 1000: {worst_target:.4f} s (target < {TARGET_SECONDS} s): "
          f"{'met' if ok else 'MISSED'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
