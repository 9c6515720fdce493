"""Reading a codebook file (survey_inventory/codebook/read.py)."""
import copy
import re

import pytest
import yaml

from survey_inventory.codebook import CodebookError, codebook_from_dict, example_codebook, load_codebook
from survey_inventory.codebook import read
from conftest import BUNDLED, MINI


def test_bundled_codebook_loads(bundled_codebook):
    cb = bundled_codebook
    assert [t.population for t in cb.respondent_types] == [12, 35, 10]
    assert cb.sha256 and len(cb.sha256) == 64


def _error(data):
    with pytest.raises(CodebookError) as err:
        codebook_from_dict(data, path="cb.yaml")
    return str(err.value)


def test_schema_errors_name_the_path():
    data = copy.deepcopy(MINI)
    data["respondent_types"][0]["population"] = -1
    data["items"][0]["colum"] = "typo"
    msg = _error(data)
    assert "respondent_types[0].population" in msg
    assert "items[0].colum: Extra inputs are not permitted" in msg


def test_yaml_syntax_error_has_line(tmp_path):
    p = tmp_path / "bad.yaml"
    p.write_text("study:\n  id: x\n  title: [unclosed\nitems: []\n")
    with pytest.raises(CodebookError) as err:
        load_codebook(p)
    assert "bad.yaml" in str(err.value) and "line 4" in str(err.value)


def test_codebook_cannot_execute_anything(tmp_path):
    marker = tmp_path / "pwned"
    p = tmp_path / "evil.yaml"
    p.write_text(f"study: !!python/object/apply:os.system ['touch {marker}']\n")
    with pytest.raises(CodebookError) as err:
        load_codebook(p)
    assert not marker.exists()
    assert "evil.yaml" in str(err.value) and "line 1" in str(err.value)
    assert "python/object/apply:os.system' is not allowed" in str(err.value)


@pytest.mark.parametrize("text", [
    # 'billion laughs': eight levels of nine aliases, 9**8 values once expanded
    "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
    + "".join(f"{k}: &{k} [{', '.join([f'*{p}'] * 9)}]\n" for p, k in zip("abcdefg", "bcdefgh")),
    "a: &a [1, *a]\n",            # a structure that contains itself
    "a: &a {x: *a}\n",
])
def test_alias_bombs_are_refused_quickly(tmp_path, text):
    """Protects against a codebook that would hang validation: safe_load builds aliases
    as shared references (cheap), but validating walks every expanded value."""
    import time

    p = tmp_path / "bomb.yaml"
    p.write_text(text + "study: {id: x, title: X}\n")
    start = time.perf_counter()
    with pytest.raises(CodebookError, match="expands to more than"):
        load_codebook(p)
    assert time.perf_counter() - start < 5


def test_aliases_of_modest_size_are_fine(tmp_path):
    data = yaml.safe_dump(MINI, sort_keys=False).replace("label: zorg en welzijn", "label: &z zorg en welzijn")
    data = data.replace("collaborations: regionale wgo's", "collaborations: *z")
    p = tmp_path / "cb.yaml"
    p.write_text(data)
    assert load_codebook(p).sectors[0].collaborations.nl == "zorg en welzijn"


def test_missing_file():
    with pytest.raises(CodebookError, match="cannot read codebook"):
        load_codebook("does/not/exist.yaml")


def test_round_trip_of_bundled_yaml_is_a_mapping():
    assert isinstance(yaml.safe_load(BUNDLED.read_text(encoding="utf-8")), dict)


def test_not_utf8_names_the_byte(tmp_path):
    p = tmp_path / "latin1.yaml"
    p.write_bytes("study: {id: x, title: caf\u00e9}\n".encode("latin-1"))
    offset = len(b"study: {id: x, title: caf")  # where the latin-1 e-acute byte sits
    with pytest.raises(CodebookError, match=rf"latin1.yaml: codebook is not UTF-8 text \(byte {offset}\)"):
        load_codebook(p)


def test_path_and_hash_are_set(tmp_path):
    p = tmp_path / "cb.yaml"
    text = yaml.safe_dump(MINI, sort_keys=False)
    p.write_text(text, encoding="utf-8")
    import hashlib

    cb = load_codebook(p)
    assert cb.path == p.resolve()
    assert cb.sha256 == hashlib.sha256(text.encode("utf-8")).hexdigest()
    assert codebook_from_dict(MINI).path is None


@pytest.mark.parametrize("text, line_col, hint", [
    ("study:\n  title: Bekend: ja\n", "line 2, column 16", "quotes"),
    ("study:\n\tid: x\n", "line 2, column 1", "spaces, not tabs"),
    ("study:\n  title: \"Bekend\n", "line 3", "quote is not closed"),
    ("items:\n  - id: a\n   column: b\n", "line 3", "indentation"),
])
def test_a_syntax_error_names_line_and_column_and_the_usual_fix(tmp_path, text, line_col, hint):
    path = tmp_path / "codebook.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CodebookError) as err:
        load_codebook(path)
    message = str(err.value)
    assert line_col in message and hint in message and "\n" not in message


def _load_error(path):
    with pytest.raises(CodebookError) as err:
        load_codebook(path)
    msg = str(err.value)
    assert "\n" not in msg and msg.startswith(str(path))
    return msg


def test_a_key_given_twice_is_refused_with_its_yaml_path(tmp_path):
    """Issue 13, item 1: 'population: 12 ... population: 120' passed (the last won), and a
    second items: section replaced the first (seven of eight items gone, '0 errors')."""
    text = yaml.safe_dump(MINI, sort_keys=False, allow_unicode=True)
    twice = re.sub(r"\n( +)population: 12\n", r"\n\1population: 12\n\1population: 120\n", text, count=1)
    assert twice != text
    path = tmp_path / "cb.yaml"
    path.write_text(twice, encoding="utf-8")
    msg = _load_error(path)
    assert "respondent_types[0].population: key 'population' appears twice in one mapping (lines " in msg
    path.write_text(text + "items:\n- {id: x, sector: care, measure: m, column: fam, scale: fam}\n", encoding="utf-8")
    assert "items: key 'items' appears twice in one mapping" in _load_error(path)
    path.write_text(text, encoding="utf-8")
    assert load_codebook(path).respondent_types[0].population == 12   # the file without the repeat reads


def test_merge_keys_and_aliases_are_not_duplicates(tmp_path):
    """Issue 13, item 1 (the other side): YAML merge keys (<<) and shared anchors are
    ordinary YAML, not a repeated key."""
    data = copy.deepcopy(MINI)
    text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
    text = text.replace("  fam:\n    codes:", "  fam: &fam\n    codes:", 1)
    text = text.replace("  inv:\n", "  fam2:\n    <<: *fam\n  inv:\n", 1)
    path = tmp_path / "cb.yaml"
    path.write_text(text, encoding="utf-8")
    assert load_codebook(path).scales["fam2"].missing == load_codebook(path).scales["fam"].missing


def test_a_fifo_or_a_device_is_refused_at_once(tmp_path):
    """Issue 13, item 9: a codebook that is a FIFO blocked forever; /dev/zero read until
    memory ran out. Both are refused without reading (this test would hang before)."""
    import os

    fifo = tmp_path / "cb.yaml"
    os.mkfifo(fifo)
    assert "not a regular file" in _load_error(fifo)
    if os.path.exists("/dev/zero"):
        with pytest.raises(CodebookError, match="/dev/zero: the codebook is not a regular file"):
            load_codebook("/dev/zero")


def test_a_codebook_past_the_size_limit_is_refused_quickly(tmp_path, monkeypatch):
    """Issue 13, item 10: a 50 MB codebook took minutes to parse. Files past 5 MB are
    refused before parsing; below it the C parser reads (6 MB written sparse, no RAM)."""
    import time

    path = tmp_path / "cb.yaml"
    with open(path, "wb") as f:
        f.truncate(6 * 1024 * 1024)
    start = time.perf_counter()
    assert "the codebook is 6.0 MB; a codebook is far smaller (limit 5 MB)" in _load_error(path)
    assert time.perf_counter() - start < 1
    assert read.MAX_BYTES == 5 * 1024 * 1024


def test_the_c_parser_reads_when_installed():
    """Issue 13, item 10: the C YAML loader (libyaml) where PyYAML has it, reading what
    the pure-Python safe loader reads."""
    if getattr(yaml, "__with_libyaml__", False):
        assert issubclass(read._UniqueKeyLoader, yaml.CSafeLoader)
    text = "items:\n" + "".join(f"- {{id: i{k}, label: 'vraag {k}', code: {k}, x: [1.5, null, ja]}}\n"
                                for k in range(200)) + "base: &b {a: 1}\nmerged: {<<: *b, c: 2}\n"
    assert read._safe_load(text, "cb.yaml") == yaml.safe_load(text)


def test_example_codebook_validates_its_overrides():
    cb = example_codebook(interviews=[{"sector": "care", "targeted": 10, "achieved": 8}])
    assert [iv.achieved for iv in cb.interviews] == [8]
    assert [t.id for t in cb.respondent_types] == ["province", "amr"]
    with pytest.raises(CodebookError, match="unknown sector 'care'"):
        example_codebook(sectors=[])
