"""export/guide.py: the reading guide at the top of report.docx and report.html: how the figures are built
(categories fixed by the codebook, '(0%)' for an empty category, 'Weet ik niet' apart,
the rounding rule of the run), in the reader's language. Read back with python-docx and
html.parser (tests/output_readers.py)."""
import pytest

from output_readers import _docx, _html
from survey_inventory.export.guide import reading_guide


TITLE = {"nl": "Leeswijzer", "en": "How to read this report"}


def _guide(folder, lang):
    items = _docx(folder)
    start = items.index(("heading", TITLE[lang]))
    out = []
    for kind, value in items[start + 1:]:
        if kind != "text":
            break
        out.append(value)
    return out


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_word_and_html_open_with_the_same_reading_guide(bundled_run, bundled_run_en, lang):
    folder, rounding = (bundled_run[0], "half-up") if lang == "nl" else (bundled_run_en, "largest-remainder")
    guide = _guide(folder, lang)
    assert guide and _html(folder).guide == guide
    text = " ".join(guide)
    assert "'(0%)'" in text                                           # what every legend does with an empty category
    assert ("'Weet ik niet'" if lang == "nl" else "'Don't know'") in text
    rule = {"nl": {"half-up": "half naar boven", "largest-remainder": "grootsterestmethode"},
            "en": {"half-up": "rounded half up", "largest-remainder": "largest-remainder"}}[lang]
    assert rule[rounding] in text
    assert all(r not in text for other, r in rule.items() if other != rounding)


@pytest.mark.parametrize("rounding, nl, en", [("half-even", "half naar even", "half to even"),
                                              ("truncate", "naar beneden afgerond", "rounded down")])
def test_the_guide_names_every_rounding_rule(bundled_codebook, rounding, nl, en):
    assert nl in " ".join(reading_guide(bundled_codebook, "nl", rounding)[1])
    assert en in " ".join(reading_guide(bundled_codebook, "en", rounding)[1])
