"""The phrase catalogue: survey_inventory/phrases.yaml as phrases.py reads it."""
import pytest

from survey_inventory import phrases
from survey_inventory.phrases import PHRASES, say


def test_every_entry_has_a_dutch_and_an_english_text():
    assert len(PHRASES) > 200
    assert all(isinstance(nl, str) and isinstance(en, str) for nl, en in PHRASES.values())
    assert PHRASES["figure"] == ("Figuur", "Figure")


def test_a_wrapped_text_reads_as_one_line_with_single_spaces():
    # response:low is written over several lines of phrases.yaml
    text = say("response:low", "en", types="municipalities", responded=3, targeted=9, share=67)
    assert "\n" not in text and "  " not in text
    assert text.startswith("Fewer than half of the municipalities answered (3 of 9): 67% of the population did not.")


def test_a_key_given_twice_in_a_section_is_refused():
    text = 'render:\n  a:\n    nl: "x"\n    en: "y"\n  a:\n    nl: "z"\n    en: "w"\n'
    with pytest.raises(ValueError, match="line 5: 'a' is given twice"):
        phrases._read_catalogue(text)


def test_a_key_in_two_sections_is_refused():
    text = 'render:\n  a:\n    nl: "x"\n    en: "y"\nreport:\n  a:\n    nl: "z"\n    en: "w"\n'
    with pytest.raises(ValueError, match="'a' of section 'report' is already in another section"):
        phrases._read_catalogue(text)


def test_an_entry_without_its_english_text_is_refused():
    with pytest.raises(ValueError, match="'a' needs exactly the texts nl and en"):
        phrases._read_catalogue('render:\n  a:\n    nl: "x"\n')
