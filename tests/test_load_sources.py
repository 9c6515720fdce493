"""Reading one source (survey_inventory/load/sources.py): files that cannot be read at all."""
import pytest

from survey_inventory.codebook import load_codebook
from survey_inventory.load import LoadError, load_responses
from conftest import write_study


@pytest.mark.parametrize("raw, fragment", [
    (b"", "empty"),
    (b"id;type;fam;inv\n", "no data rows"),
    (b"type;fam;inv\n1;1;1\n", "respondent-id column 'id' is missing"),
    (b"id;;fam;inv\np1;1;1;1\n", "header cell 2 is empty"),
    (b"id;type;fam;fam\np1;1;1;1\n", "column name appears twice"),
])
def test_unreadable_files(tmp_path, raw, fragment):
    path = write_study(tmp_path, raw=raw)
    with pytest.raises(LoadError) as err:
        load_responses(load_codebook(path))
    assert fragment in str(err.value) and "data.csv" in str(err.value)


def test_missing_file(tmp_path):
    path = write_study(tmp_path, filename="data.csv", raw=b"x")
    (tmp_path / "data.csv").unlink()
    with pytest.raises(LoadError, match="file not found"):
        load_responses(load_codebook(path))
