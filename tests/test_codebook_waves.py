"""The follow_up section of the codebook: waves, declared differences, the per-wave view, refusals."""
import copy

import pytest

from survey_inventory.codebook import Codebook, load_codebook
from survey_inventory.codebook.model import _EXAMPLE
from survey_inventory.codebook.waves import (WaveComparisonError, _WAVES_EXAMPLE, check_follow_up, code_map,
                                             comparable, wave_codebook)
from conftest import ROOT

WAVES = ROOT / "codebooks" / "bartels-2025-waves.yaml"


def _cb(follow_up):
    return Codebook.model_validate({**_EXAMPLE, "follow_up": follow_up})


def test_bundled_waves_codebook_reads_and_checks():
    cb = load_codebook(WAVES)
    assert [w.id for w in cb.follow_up.waves] == ["w1", "w2"]
    assert check_follow_up(cb) == []
    assert [t.id for t in cb.follow_up.targets] == ["familiarity_up_15", "ict_known_60", "province_familiarity_up_5"]


def test_one_wave_codebook_has_no_follow_up():
    assert load_codebook(ROOT / "codebooks" / "bartels-2025.yaml").follow_up is None


def test_wave_view_takes_the_waves_sources_sizes_items_and_scales():
    cb = load_codebook(WAVES)
    w1, w2 = wave_codebook(cb, "w1"), wave_codebook(cb, "w2")
    assert w1.sources == cb.sources and w1.published == cb.published and w1.follow_up is None
    assert [s.file for s in w2.sources] == ["../surveys/bartels-2025-w2/digital_questionnaire.csv",
                                             "../surveys/bartels-2025-w2/fund_interviews.csv"]
    assert w2.published is None  # the printed figures belong to the baseline's files
    assert w2.scale("involvement").code_labels("nl")[2] == "Incidenteel contact"
    assert w1.scale("involvement").code_labels("nl")[2] == "In contact"
    assert (w1.study.id, w2.study.id) == ("bartels-2025-waves-w1", "bartels-2025-waves-w2")
    view = wave_codebook(_cb(_WAVES_EXAMPLE), "w2")
    assert view.respondent_type("province").population == 11 and view.respondent_type("amr").population == 35
    assert [i.id for i in view.items] == ["fam"]


def test_code_map_is_the_identity_unless_the_wave_replaced_the_scale():
    cb = load_codebook(WAVES)
    assert code_map(cb, "w1", "involvement") == {"1": "1", "2": "2", "3": "3", "4": "4"}
    assert code_map(cb, "w2", "involvement") == {"1": "1", "2": "2", "3": "3", "8": "4"}


def test_incomparable_scales_are_refused_in_one_line():
    fu = copy.deepcopy(_WAVES_EXAMPLE)
    del fu["waves"][1]["category_map"]
    cb = _cb(fu)
    with pytest.raises(WaveComparisonError) as err:
        comparable(cb, "fam", "w1", "w2")
    message = str(err.value)
    assert "\n" not in message
    assert message == ("item 'fam': scale 'fam' differs in wave 'w2' and no category_map says how its codes match "
                       "the shared scale: not compared")


def test_an_item_asked_in_one_wave_only_has_no_change():
    with pytest.raises(WaveComparisonError, match="item 'inv' was not asked in wave 'w2'"):
        comparable(_cb(_WAVES_EXAMPLE), "inv", "w1", "w2")
    comparable(_cb(_WAVES_EXAMPLE), "fam", "w1", "w2")  # declared: comparable


@pytest.mark.parametrize("change, message", [
    (lambda fu: fu["waves"][1].update(items=["nope"]), "follow_up.waves[1].items: unknown item 'nope'"),
    (lambda fu: fu["waves"][1]["category_map"]["fam"].update({1: 7}),
     "follow_up.waves[1].category_map.fam: 7 is not a code of the shared scale"),
    (lambda fu: fu["waves"][1]["category_map"]["fam"].pop(2),
     "follow_up.waves[1].category_map.fam: code '2' of this wave has no shared code"),
    (lambda fu: fu["waves"][1].update(respondent_types={"city": {"population": 3}}),
     "follow_up.waves[1].respondent_types: unknown respondent type 'city'"),
    (lambda fu: fu.update(indices=[{"id": "ix", "label": "x", "items": ["fam", "zz"]}]),
     "follow_up.indices[0].items: unknown item 'zz'"),
    (lambda fu: fu["waves"][1].update(id="w1"), "follow_up.waves: a wave id is used twice"),
])
def test_cross_checks_name_the_yaml_path(change, message):
    fu = copy.deepcopy(_WAVES_EXAMPLE)
    change(fu)
    assert message in check_follow_up(_cb(fu))


def test_a_target_needs_the_keys_of_its_kind():
    fu = {**_WAVES_EXAMPLE, "targets": [{"id": "t", "label": "x", "kind": "index_change", "respondent_type": "amr",
                                         "threshold": 0.15, "wave": "w2"}]}
    with pytest.raises(ValueError, match="needs index, wave_from"):
        _cb(fu)


def test_a_follow_up_needs_two_waves():
    with pytest.raises(ValueError, match="at least 2"):
        _cb({"waves": [_WAVES_EXAMPLE["waves"][0]]})
