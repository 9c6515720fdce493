"""render/format.py: method names and numbers as readers see them."""
import re

import pytest

from figure_artists import study
from survey_inventory.estimate import distributions
from survey_inventory.options import CI_METHODS


@pytest.mark.parametrize("raw, nl, en", [
    ("hypergeometric exact (N=12)", "exact hypergeometrisch, met de populatieomvang",
     "exact hypergeometric, with the population size"),
    ("hypergeometric exact, domain (N_d = 26..34 of N=35)",
     "exact hypergeometrisch voor een deelpopulatie van onbekende omvang",
     "exact hypergeometric for a subpopulation of unknown size"),
    ("census (n = N): no sampling error", "volledige telling, geen steekproeffout", "census, no sampling error"),
    ("census (all N units responded): no sampling error", "volledige telling, geen steekproeffout",
     "census, no sampling error"),
    ("wilson", "Wilson", "Wilson"),
    ("wilson (no fpc)", "Wilson, zonder correctie voor de eindige populatie",
     "Wilson, without finite population correction"),
    ("clopper-pearson (population unknown)", "Clopper-Pearson (exact binomiaal), populatieomvang onbekend",
     "Clopper-Pearson (exact binomial), population size unknown"),
    ("logit (fpc N=35, df=8)", "logit, als R survey::svyciprop", "logit, as R survey::svyciprop"),
    ("hypergeometric exact (N=35); logit degenerate at k = 0", "exact hypergeometrisch, met de populatieomvang",
     "exact hypergeometric, with the population size"),
    ("bonferroni-exact: hypergeometric exact (N=35)",
     "simultaan (Bonferroni): exact hypergeometrisch, met de populatieomvang",
     "simultaneous (Bonferroni): exact hypergeometric, with the population size"),
    ("goodman simultaneous (K=4)", "simultaan (Goodman)", "simultaneous (Goodman)"),
])
def test_method_labels_for_readers(raw, nl, en):
    from survey_inventory.render import method_label

    assert method_label(raw, "nl") == nl and method_label(raw, "en") == en


@pytest.mark.parametrize("raw", ["something new", "bonferroni-exact: something new", "Wilson", "wilsons (no fpc)"])
def test_an_unknown_method_is_an_error_not_a_silent_pass(raw):
    """Issue 12: ``ci_method`` parsed back as text let an unknown value through unchanged
    (an English technical name in a Dutch note). A method without reader-facing words is an error."""
    from survey_inventory.render import method_label

    for lang in ("nl", "en"):
        with pytest.raises(ValueError, match="unknown interval method in ci_method"):
            method_label(raw, lang)


@pytest.mark.parametrize("method", CI_METHODS)
def test_every_interval_method_offered_has_reader_facing_words(study, bundled_codebook, method):
    """Every ``--ci-method`` gives ``ci_method`` values a reader sees in words (none raises),
    without the per-row numbers (population and domain sizes are given elsewhere)."""
    from survey_inventory.render import method_labels

    dist = distributions(study.responses, bundled_codebook, ci_method=method)
    for lang in ("nl", "en"):
        labels = method_labels(dist["ci_method"], lang)
        assert labels and not any(re.search(r"N=|N_d|df=|\bk = ", label) for label in labels), labels
