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
        dist = estimate_all(study, AnalysisOptions(lang=lang), with_comparisons=False)["distributions"]
        notes = " ".join(n for s in plan_figures(dist, bundled_codebook, lang) if s.kind == "overview"
                         for n in s.notes)
        assert words in notes and foreign not in notes.replace(words, "")
        assert "domain" not in notes and "N_d" not in notes and "N=" not in notes


@pytest.mark.parametrize("rounding, nl, en", [("half-up", "", ""),
                                              ("half-even", ", afgerond half naar even", ", rounded half to even"),
                                              ("truncate", ", naar beneden afgerond", ", rounded down")])
def test_a_caption_names_every_rounding_rule_but_the_reports(study, bundled_codebook, rounding, nl, en):
    for lang, suffix in (("nl", nl), ("en", en)):
        dist = estimate_all(study, AnalysisOptions(lang=lang, rounding=rounding), with_comparisons=False)["distributions"]
        bars = [s for s in plan_figures(dist, bundled_codebook, lang) if s.kind == "bar"]
        assert all(s.caption.endswith(f"(N = {s.caption.split('(N = ')[1].split(')')[0]})" + suffix) for s in bars)


# -- issue 11: numbers, file names and notes for any study ----------------------------------------

from pathlib import Path  # noqa: E402

from survey_inventory.codebook import codebook_from_dict, load_codebook  # noqa: E402
from survey_inventory.codebook.model import Label  # noqa: E402
from survey_inventory.estimate import distributions  # noqa: E402
from survey_inventory.load import load_study  # noqa: E402
from survey_inventory.render.plan import file_number  # noqa: E402
from tests.conftest import MINI  # noqa: E402

LLO = Path(__file__).resolve().parents[1] / "codebooks" / "llo-2026.yaml"


@pytest.fixture(scope="module")
def llo():
    cb = load_codebook(LLO)
    return cb, distributions(load_study(cb).responses, cb)


@pytest.mark.slow  # loads the second study
def test_a_new_study_is_numbered_per_sector_with_items_without_a_sector_last(llo):
    cb, dist = llo
    bars = [s for s in plan_figures(dist, cb) if s.kind == "bar"]
    assert [s.number for s in bars[:4]] == ["2.1", "2.2", "2.3", "2.4"]
    assert (bars[0].item, bars[3].item, bars[3].respondent_type) == ("zorg_known", "zorg_known", "werkgever")
    assert [s.number for s in bars if not s.sector] == ["5.1", "5.2", "5.3"]     # the last chapter
    assert [s.stem for s in bars] == sorted(s.stem for s in bars)                  # names sort in report order
    assert not any(s.report_number for s in bars)
    overviews = [s.measure for s in plan_figures(dist, cb) if s.kind == "overview"]
    assert overviews == ["known", "used", "satisfaction"]   # an overview is per sector: none for the rating


@pytest.mark.slow
def test_flat_numbering_counts_through(llo):
    cb, dist = llo
    flat = cb.model_copy(update={"numbering": "flat"})
    numbers = [s.number for s in plan_figures(dist.assign(figure=""), flat) if s.kind == "bar"]
    assert numbers == [str(k) for k in range(1, 31)]


@pytest.mark.parametrize("number, name", [("2.3", "02_03"), ("2.10", "02_10"), ("4.2a", "04_02a"), ("7", "007"),
                                          ("A.1", "A_01")])
def test_file_numbers_sort_as_the_numbers_do(number, name):
    assert file_number(number) == name


def test_file_names_are_the_same_in_every_language(study, bundled_codebook):
    stems = [[s.stem for s in plan_figures(estimate_all(study, AnalysisOptions(lang=lang), with_comparisons=False)["distributions"],
                                           bundled_codebook, lang)] for lang in ("nl", "en")]
    assert stems[0] == stems[1] and stems[0][0] == "fig_02_03_care_familiarity_province"


def _mini_dist(asked_if, asked_note=None):
    data = {**MINI, "items": [MINI["items"][0], {**MINI["items"][1], "asked_if": asked_if}]}
    cb = codebook_from_dict(data)
    if asked_note:
        item = cb.item("inv").model_copy(update={"asked_note": Label(nl=asked_note)})
        cb = cb.model_copy(update={"items": [cb.items[0], item]})
    import pandas as pd
    tidy = pd.DataFrame({"respondent_id": ["p1", "p2", "p3", "a1", "a2"] * 2,
                         "respondent_type": ["province"] * 3 + ["amr"] * 2 + ["province"] * 3 + ["amr"] * 2,
                         "item": ["fam"] * 5 + ["inv"] * 5,
                         "status": ["valid"] * 5 + ["valid", "valid", "not_asked", "valid", "valid"],
                         "code": [1.0, 2.0, 3.0, 1.0, 3.0, 1.0, 2.0, None, 1.0, 3.0]})
    return cb, distributions(tidy, cb)


def test_a_routing_note_is_made_from_the_rule_for_the_figures_respondent_type():
    cb, dist = _mini_dist("fam != 3 or respondent_type == amr")
    notes = {s.key: s.notes for s in plan_figures(dist, cb) if s.kind == "bar"}
    assert notes["inv:province"][1] == ("Alleen gevraagd aan wie bij 'familiarity (zorg en welzijn)' antwoordde: "
                                        "Goed of Redelijk (N = 2 van 3 provincies).")
    assert not any(n.startswith("Alleen gevraagd") for n in notes["inv:amr"])     # asked of every AMR
    assert not any(n.startswith("Alleen gevraagd") for n in notes["fam:province"])  # the filter question itself


def test_the_codebooks_asked_note_replaces_the_made_one():
    cb, dist = _mini_dist("fam != 3", asked_note="Alleen gevraagd aan wie de verbanden kent.")
    spec = next(s for s in plan_figures(dist, cb) if s.key == "inv:province")
    assert spec.notes[1] == "Alleen gevraagd aan wie de verbanden kent (N = 2 van 3 provincies)."   # after 1.1a's


def test_the_funds_asked_whenever_they_answered_get_a_non_response_note(dist, bundled_codebook):
    specs = {s.number: s for s in plan_figures(dist, bundled_codebook)}
    assert specs["6.6"].notes[0] == ("N = 8 van 9 regionale scholingsfondsen; geen antwoord op de vraag over "
                                     "bekendheid (ICT): 1.")
    assert specs["2.6"].notes[0].startswith("Alleen gevraagd aan wie bij 'In hoeverre bent u bekend met")
    assert not any(n.startswith("Alleen gevraagd") for n in specs["2.8"].notes)
