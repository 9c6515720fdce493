"""Figures drawn by worker processes are the figures drawn in one process, byte for byte.

``render_all`` hands the figures to two forked workers when there are more than
four (benchmarks/run.py times it; docs/performance.md); the output must not depend
on which process drew what, nor on the order in which the workers finish.
"""
import pytest

from survey_inventory.estimate import distributions
from survey_inventory.load import load_study
from survey_inventory.render import figures as F


@pytest.fixture(scope="module")
def care(bundled_codebook):
    dist = distributions(load_study(bundled_codebook).responses, bundled_codebook)
    return dist[dist["sector"] == "care"]


def test_parallel_figures_are_the_serial_figures(care, bundled_codebook, tmp_path):
    if not F._can_fork():
        pytest.skip("no fork start method here: render_all draws in one process anyway")
    serial = F.render_all(care, bundled_codebook, tmp_path / "serial", workers=1)
    parallel = F.render_all(care, bundled_codebook, tmp_path / "parallel", workers=2)
    assert len(serial) > 4  # enough figures for the worker processes to be used
    assert [f.spec.key for f in parallel] == [f.spec.key for f in serial]  # report order kept
    for a, b in zip(serial, parallel):
        assert [p.name for p in a.files] == [p.name for p in b.files]
        for pa, pb in zip(a.files, b.files):
            assert pa.read_bytes() == pb.read_bytes(), pa.name
        assert a.embed_png == b.embed_png
    assert sorted(p.name for p in (tmp_path / "serial").iterdir()) == \
        sorted(p.name for p in (tmp_path / "parallel").iterdir())
