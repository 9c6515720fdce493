"""The bundled example studies (survey_inventory/datasets.py)."""
import pytest

from survey_inventory.codebook import load_codebook
from survey_inventory.datasets import EXAMPLES, example_path, example_table, load_example, load_example_waves
from survey_inventory.load.waves import load_waves


def test_every_bundled_study_has_its_codebook():
    assert all(example_path(name).is_file() for name in EXAMPLES)
    with pytest.raises(ValueError, match="no bundled study 'nope'"):
        example_path("nope")


def test_a_caller_changing_the_distributions_changes_nothing_for_the_next():
    _, _, dist = load_example()
    dist["percent"] = -1
    assert (load_example().dist["percent"] >= 0).all()


def test_the_waves_are_those_load_waves_reads_and_a_fresh_dict_each_call():
    cb, waves = load_example_waves()
    fresh = load_waves(load_codebook(example_path("bartels-2025-waves")))
    assert sorted(waves) == sorted(fresh) == ["w1", "w2"]
    for wave in waves:
        assert waves[wave].responses.equals(fresh[wave].responses)
    waves.pop("w1")
    assert sorted(load_example_waves()[1]) == ["w1", "w2"]


def test_the_example_table_prints_one_category():
    table = example_table()
    assert (table.number, table.frame.shape, table.formats) == ("9.9", (1, 2), {"%": "pct0"})
