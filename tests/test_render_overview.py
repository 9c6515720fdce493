"""render/overview.py: every percentage and interval of a measure, read back from the artists."""
import pytest

from figure_artists import _texts, dist, study  # noqa: F401 (dist needs study)
from survey_inventory.render.overview import overview_figure


# -- the overview ------------------------------------------------------------------------

@pytest.mark.parametrize("measure", ["familiarity", "involvement"])
def test_overview_shows_every_percentage_and_interval(dist, bundled_codebook, measure):
    fig = overview_figure(dist, bundled_codebook, measure)
    lines = {ln.get_gid(): ln for ax in fig.axes for ln in ax.lines if ln.get_gid()}
    rows = dist[dist["measure"] == measure]
    assert sum(k.startswith("dot:") for k in lines) == len(rows)
    for r in rows.itertuples():
        tag = f"{r.sector}:{r.respondent_type}:{r.category}"
        assert lines[f"dot:{tag}"].get_xdata()[0] == pytest.approx(r.percent_exact)
        if r.ci_upper > r.ci_lower:
            assert list(lines[f"ci:{tag}"].get_xdata()) == pytest.approx([r.ci_lower, r.ci_upper])
    assert len(fig.axes) == 3                                        # one panel per respondent type
    caption = _texts(fig)["caption"].get_text()
    assert caption.startswith("Figuur A.")
