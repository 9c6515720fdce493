"""The bundled study's numbers, byte for byte.

``tests/data/bundled/distributions.csv`` and ``published_check.csv`` are the outputs of
``analyze codebooks/bartels-2025.yaml`` with the default options. A refactoring must leave
them byte-identical; a deliberate change of a number regenerates them in the same commit,
so the diff shows what changed.

``distributions_before_layout.csv`` is the output before the layout of issue 12 and the
interval changes of issue 18: every column but the interval columns that issue 18 changed
on purpose (the Blaker default, routed items always domains) must still equal it.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

DATA = Path(__file__).resolve().parent / "data" / "bundled"
CHANGED_BY_ISSUE_18 = ["ci_lower", "ci_upper", "ci_method", "wc_lower", "wc_upper", "domain"]


def test_distributions_csv_is_byte_identical_to_the_reference(bundled_run):
    out, _ = bundled_run
    assert (out / "distributions.csv").read_bytes() == (DATA / "distributions.csv").read_bytes()


def test_published_check_csv_is_byte_identical_to_before_the_layout(bundled_run):
    out, _ = bundled_run
    assert (out / "published_check.csv").read_bytes() == (DATA / "published_check.csv").read_bytes()


def test_only_the_interval_columns_changed_since_before_the_layout():
    now = pd.read_csv(DATA / "distributions.csv", dtype=str, keep_default_na=False)
    before = pd.read_csv(DATA / "distributions_before_layout.csv", dtype=str, keep_default_na=False)
    assert list(now.columns) == list(before.columns)
    same = [c for c in now.columns if c not in CHANGED_BY_ISSUE_18]
    pd.testing.assert_frame_equal(now[same], before[same])
    # the exact intervals got narrower or stayed (Blaker is never wider than the tails interval),
    # except where a routed item became a domain (figures 2.4, 2.8, 5.3, 6.2, ...)
    kept = now["domain"] == before["domain"]
    width_now = now["ci_upper"].astype(float) - now["ci_lower"].astype(float)
    width_before = before["ci_upper"].astype(float) - before["ci_lower"].astype(float)
    assert (width_now[kept] <= width_before[kept] + 1e-9).all()
