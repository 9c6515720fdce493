"""Population frames (issue 16): reading, linking, and bad frames ending in one-line errors."""
from __future__ import annotations

import copy

import pandas as pd
import pytest
from click.testing import CliRunner

from conftest import MINI, write_study
from survey_inventory.analyze import ValidationFailed, analyze
from survey_inventory.cli import main
from survey_inventory.codebook import load_codebook
from survey_inventory.errors import SurveyInputError
from survey_inventory.load import load_study
from survey_inventory.load.frame import frame_populations, load_frames

# the mini study's provinces p1 (size s), p2 (l), p3 (s) answered; twelve in the frame
GOOD_FRAME = ["unit,size,region"] + [f"p{k},{'l' if k % 2 == 0 else 's'},{'n' if k <= 6 else 'z'}"
                                     for k in range(1, 13)]


def _study(tmp_path, frame_rows, weighting=None, population=12, attributes=("size", "region")):
    cb = copy.deepcopy(MINI)
    province = cb["respondent_types"][0]
    province["population"] = population
    province["frame"] = {"file": "frame.csv", "id_column": "unit", "attributes": list(attributes),
                         "weighting": weighting or {"method": "poststratify", "attributes": ["size"]}}
    (tmp_path / "frame.csv").write_text("\n".join(frame_rows) + "\n", encoding="utf-8")
    return write_study(tmp_path, codebook=cb)


def _one_line_error(path):
    with pytest.raises(ValidationFailed) as err:
        analyze(path)
    message = str(err.value)
    assert "\n" not in message
    return message


def test_a_good_frame_links_every_respondent_and_gives_the_population(tmp_path):
    path = _study(tmp_path, GOOD_FRAME, population=None)
    study = load_study(load_codebook(path))
    frames, problems = load_frames(study)
    province = frames["province"]
    assert problems.empty
    assert province.size == 12
    assert province.units.loc[province.units["responded"], "unit_id"].tolist() == ["p1", "p2", "p3"]
    assert frame_populations(study.codebook, frames).respondent_type("province").population == 12
    # the frame's attributes of the respondents, in their order
    assert province.respondent_attributes(["p3", "p2"])["size"].tolist() == ["s", "l"]


def test_a_respondent_not_in_the_frame_is_a_one_line_error_naming_it(tmp_path):
    rows = [r for r in GOOD_FRAME if not r.startswith("p3,")]
    message = _one_line_error(_study(tmp_path, rows, population=11))
    assert message.startswith("data.csv, row 4: respondent 'p3' is not in the frame (frame.csv)")


def test_a_frame_unit_listed_twice_is_a_one_line_error_with_both_rows(tmp_path):
    message = _one_line_error(_study(tmp_path, GOOD_FRAME + ["p7,s,z"], population=None))
    assert message.startswith("frame.csv, row 14, column 'unit': frame unit 'p7' is listed twice (rows 8 and 14)")


def test_an_empty_post_stratum_is_a_one_line_error_naming_the_cell(tmp_path):
    rows = GOOD_FRAME + ["p13,xl,z", "p14,xl,z"]
    message = _one_line_error(_study(tmp_path, rows, population=None))
    assert message.startswith("frame.csv, column 'size': size 'xl' has no respondents but 2 frame units")
    # a raking category without respondents is refused the same way
    message = _one_line_error(_study(tmp_path, rows, population=None,
                                     weighting={"method": "rake", "attributes": ["size", "region"]}))
    assert "size 'xl' has no respondents but 2 frame units" in message


def test_validate_lists_the_frame_errors_and_exits_non_zero(tmp_path):
    rows = [r for r in GOOD_FRAME if not r.startswith("p3,")] + ["p7,s,z"]
    result = CliRunner().invoke(main, ["validate", str(_study(tmp_path, rows, population=None))])
    assert result.exit_code == 1
    errors = [line for line in result.output.splitlines() if line.startswith("error:")]
    assert any("respondent 'p3' is not in the frame" in line for line in errors)
    assert any("frame unit 'p7' is listed twice" in line for line in errors)


def test_a_population_that_disagrees_with_the_frame_is_a_warning_and_the_frame_counts(tmp_path):
    study = load_study(load_codebook(_study(tmp_path, GOOD_FRAME, population=20)))
    frames, problems = load_frames(study)
    assert problems["check"].tolist() == ["frame_population"]
    assert problems["severity"].tolist() == ["warning"]
    assert "population 20 of respondent type 'province' disagrees with the frame's 12 units" in problems["message"][0]
    result = analyze(study.codebook.path)
    dist = result.tables["distributions"]
    assert set(dist.loc[dist["respondent_type"] == "province", "population_n"]) == {12}


@pytest.mark.parametrize("rows, text", [
    (["unit,size"] + [f"p{k},s" for k in range(1, 13)], "frame attribute 'region' is not in the frame"),
    (["id,size,region"] + [f"p{k},s,n" for k in range(1, 13)], "unit-id column 'unit' is not in the frame"),
])
def test_a_frame_without_a_named_column_cannot_be_read(tmp_path, rows, text):
    with pytest.raises(SurveyInputError) as err:
        analyze(_study(tmp_path, rows, population=None))
    assert text in str(err.value) and "\n" not in str(err.value)


def test_a_unit_without_an_attribute_value_is_an_error(tmp_path):
    rows = GOOD_FRAME[:5] + ["p5,,n"] + GOOD_FRAME[6:]
    message = _one_line_error(_study(tmp_path, rows, population=None))
    assert message.startswith("frame.csv, row 6, column 'size': frame unit has no 'size'")


def test_the_codebook_refuses_weighting_on_an_attribute_the_frame_does_not_name(tmp_path):
    with pytest.raises(SurveyInputError) as err:
        analyze(_study(tmp_path, GOOD_FRAME, attributes=("region",)))
    assert "weighting attribute 'size' is not in the frame's attributes" in str(err.value)


def test_the_bundled_llo_frame_links_all_120_municipalities():
    from conftest import ROOT

    study = load_study(load_codebook(ROOT / "codebooks" / "llo-2026.yaml"))
    frames, problems = load_frames(study)
    units = frames["gemeente"].units
    frame_file = pd.read_csv(ROOT / "surveys" / "llo-2026" / "gemeenten_frame.csv")
    assert problems.empty and len(units) == len(frame_file) == 342
    answered = set(study.respondents.query("respondent_type == 'gemeente'")["respondent_id"])
    assert set(units.loc[units["responded"], "unit_id"]) == answered and len(answered) == 120
