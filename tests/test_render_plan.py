"""render/plan.py: which figures, their numbers, captions and notes (computed before drawing)."""
import pytest

from figure_artists import dist, study
from survey_inventory.analyze import AnalysisOptions, estimate_all
from survey_inventory.render.plan import plan_figures


def test_half_up_rounding_says_when_a_bar_does_not_sum_to_100(dist, bundled_codebook):
    spec = next(s for s in plan_figures(dist, bundled_codebook) if s.number == "2.3")   # 33 + 44 + 22
    assert "Door afronding tellen de percentages op tot 99%." in spec.notes


def test_numbers_follow_the_report_and_fill_its_gaps(dist, bundled_codebook):
    specs = plan_figures(dist, bundled_codebook)
    numbers = [s.number for s in specs]
    assert numbers[:8] == ["2.3", "2.4", "2.5", "2.6", "2.7", "2.8", "4.2", "4.2a"]
    assert numbers[-2:] == ["A.1", "A.2"]
    extra = specs[7]
    assert (extra.item, extra.respondent_type, extra.report_number) == ("green_involvement", "province", False)
    assert extra.caption.startswith("Figuur 4.2a Betrokkenheid bij hotspots")
    assert len(set(numbers)) == len(numbers)


def test_a_figure_the_report_lacks_says_why_its_number_has_a_letter(dist, bundled_codebook):
    specs = {s.number: s for s in plan_figures(dist, bundled_codebook)}
    assert specs["4.2a"].notes[0] == ("Figuur 4.2a staat niet in het rapport; het nummer volgt op figuur 4.2, "
                                      "zodat de nummers van het rapport gelijk blijven.")
    assert not any("niet in het rapport" in n for s in specs.values() if s.report_number for n in s.notes)


def test_overview_notes_name_the_interval_method_in_the_readers_language(study, bundled_codebook):
    for lang, words, foreign in (("nl", "exact hypergeometrisch", "hypergeometric"),
                                 ("en", "exact hypergeometric", "hypergeometrisch")):
        dist = estimate_all(study, AnalysisOptions(lang=lang))["distributions"]
        notes = " ".join(n for s in plan_figures(dist, bundled_codebook, lang) if s.kind == "overview"
                         for n in s.notes)
        assert words in notes and foreign not in notes.replace(words, "")
        assert "domain" not in notes and "N_d" not in notes and "N=" not in notes


@pytest.mark.parametrize("rounding, nl, en", [("half-up", "", ""),
                                              ("half-even", ", afgerond half naar even", ", rounded half to even"),
                                              ("truncate", ", naar beneden afgerond", ", rounded down")])
def test_a_caption_names_every_rounding_rule_but_the_reports(study, bundled_codebook, rounding, nl, en):
    for lang, suffix in (("nl", nl), ("en", en)):
        dist = estimate_all(study, AnalysisOptions(lang=lang, rounding=rounding))["distributions"]
        bars = [s for s in plan_figures(dist, bundled_codebook, lang) if s.kind == "bar"]
        assert all(s.caption.endswith(f"(N = {s.caption.split('(N = ')[1].split(')')[0]})" + suffix) for s in bars)
