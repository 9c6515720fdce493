"""render/style.py: every category's colour fixed by the codebook, readable in grey."""
from survey_inventory.render.style import NEUTRAL, luminance, palette


# -- palette ------------------------------------------------------------------------

def test_palette_follows_the_codebook_and_reads_in_grey(bundled_codebook):
    fam = palette(bundled_codebook, "care_familiarity")
    assert list(fam) == ["good", "fair", "poor"]                      # the report collapse, in scale order
    assert palette(bundled_codebook, "ict_familiarity") == fam      # same category, same colour, every figure
    inv = palette(bundled_codebook, "involvement")
    assert list(inv) == ["1", "2", "3", "4"]
    for styles in (fam, inv):
        subst = [s for s in styles.values() if s.substantive]
        grey = [luminance(s.color) for s in subst]
        assert all(b - a > 0.15 for a, b in zip(grey, grey[1:]))     # dark to light, far apart when printed in grey
        assert all(s.hatch is None for s in subst)
    dont_know = inv["4"]
    assert not dont_know.substantive and dont_know.hatch and dont_know.color == NEUTRAL
    assert len({s.marker for s in inv.values()}) == 4                # the overview tells them apart without colour
