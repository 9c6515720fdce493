"""Shared by the render tests: the bundled study's distributions and the artists of a drawn figure
(read back from matplotlib, by the ``gid`` every artist carries)."""
import pytest

from survey_inventory.analyze import AnalysisOptions, estimate_all
from survey_inventory.load import load_study


_CACHE = {}  # one load and one estimate per test process, shared by every render test module


@pytest.fixture(scope="module")
def study(bundled_codebook):
    if "study" not in _CACHE:
        _CACHE["study"] = load_study(bundled_codebook)
    return _CACHE["study"]


@pytest.fixture(scope="module")
def dist(study):
    if "dist" not in _CACHE:
        _CACHE["dist"] = estimate_all(study, AnalysisOptions(), with_comparisons=False)["distributions"]
    return _CACHE["dist"].copy()


def _rows(dist, figure):
    return dist[dist["figure"] == figure].sort_values("category_order")


def _rects(fig):
    """The bar's segments: category id -> (x, width)."""
    ax = fig.axes[0]
    return {p.get_gid(): (p.get_x(), p.get_width()) for p in ax.patches if p.get_gid() not in (None, "empty")}


def _texts(fig):
    """Every text artist by gid (figure texts, axes texts and annotations)."""
    out = {}
    for t in fig.texts + [t for ax in fig.axes for t in ax.texts]:
        if t.get_gid():
            out[t.get_gid()] = t
    return out


def _legend(fig):
    texts = _texts(fig)
    return [texts[k].get_text() for k in sorted((k for k in texts if k.startswith("legend:")),
                                                key=lambda k: int(k.split(":")[1]))]
