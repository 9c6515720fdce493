"""Figure captions (survey_inventory/codebook/captions.py)."""
import copy

from survey_inventory.codebook import captions, codebook_from_dict
from survey_inventory.phrases import say
from conftest import MINI


def test_bundled_captions(bundled_codebook):
    cb = bundled_codebook
    assert cb.caption(cb.item("care_familiarity"), "province", 9) == \
        "Figuur 2.3 Bekendheid met regionale wgo's zorg en welzijn, onder provincies (N = 9)"
    assert cb.caption(cb.item("care_involvement"), "amr", 26, lang="en") == \
        "Figure 2.6 Involvement in regional employers' organisations in care and welfare, among labour-market regions (N = 26)"


def test_fixed_words_come_from_the_phrase_catalogue():
    assert (say("figure", "nl"), say("caption_among", "nl")) == ("Figuur", "onder")
    assert (say("figure", "en"), say("caption_among", "en")) == ("Figure", "among")


def test_without_a_measure_the_item_label_or_id_is_the_caption():
    data = copy.deepcopy(MINI)   # MINI has no measures section
    data["items"][1]["label"] = {"nl": "Betrokkenheid", "en": "Involvement"}
    cb = codebook_from_dict(data)
    assert captions.figure_caption(cb, cb.item("inv"), "amr", 2, "en") == "Involvement, among AMRs (N = 2)"
    assert captions.figure_caption(cb, cb.item("fam"), "province", None) == "Figuur 1.1 fam, onder provincies"
    assert captions.figure_caption(cb, cb.item("fam"), "province", 3, numbered=False) == "fam, onder provincies (N = 3)"
