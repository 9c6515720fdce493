"""Loading a whole study (survey_inventory/load/study.py)."""

from survey_inventory.codebook import load_codebook
from survey_inventory.load import load_study
from conftest import MINI_ROWS, write_study


def test_bundled_study_loads(bundled_codebook):
    study = load_study(bundled_codebook)
    counts = study.respondents.groupby("respondent_type").size().to_dict()
    assert counts == {"amr": 27, "fund": 9, "province": 9}
    assert study.problems.empty
    assert set(study.responses["status"].astype(str)) <= {"valid", "missing", "not_asked"}


def test_inputs_are_not_modified(bundled_codebook):
    from survey_inventory.export import file_sha256

    paths = [bundled_codebook.source_path(s) for s in bundled_codebook.sources]
    before = [file_sha256(p) for p in paths]
    load_study(bundled_codebook)
    assert [file_sha256(p) for p in paths] == before




def test_misspelt_column_suggests_the_close_one(tmp_path):
    rows = [MINI_ROWS[0].replace(";fam;", ";famm;")] + MINI_ROWS[1:]
    problems = load_study(load_codebook(write_study(tmp_path, rows))).problems
    msg = problems.loc[problems["check"] == "missing_column", "message"].iloc[0]
    assert "column 'fam' of item 'fam' is not in the file (a column 'famm' is" in msg


def test_a_study_has_a_short_repr(bundled_codebook):
    """repr(study) printed every table (12,500 characters); now one line of counts."""
    study = load_study(bundled_codebook)
    text = repr(study)
    assert text == ("<Study 'bartels-2025': 45 respondents, 360 responses (310 valid), 0 load problems; "
                    "validate(study) for the full report>")
    assert len(text) < 200 and "\n" not in text


def test_problems_are_the_load_time_rows_of_the_validation_report(tmp_path):
    """study.problems holds what the loader could not place; validate(study) adds the
    per-answer checks and keeps every load-time row."""
    from survey_inventory.validate import validate

    rows = MINI_ROWS + ["p2;1;7;1", "x1;4;1;1"]  # a duplicate id, an invalid code, an unknown type
    study = load_study(load_codebook(write_study(tmp_path, rows)))
    assert sorted(study.problems["check"]) == ["duplicate_id", "unknown_respondent_type"]
    assert "2 load problems" in repr(study)
    report = validate(study)
    assert sorted(report["check"]) == ["duplicate_id", "invalid_code", "unknown_respondent_type"]


def test_help_on_the_loaders_shows_numpydoc_sections():
    from survey_inventory.load import load_responses, read_source

    for function in (load_study, load_responses, read_source):
        doc = function.__doc__
        assert all(section in doc for section in ("Parameters", "Returns", "Examples")), function.__name__


def test_one_text_coded_scale_leaves_the_numeric_items_numeric(tmp_path):
    """Issue 13, item 5: one j/n scale anywhere in the codebook made every numeric item's
    answers invalid (the numeric-code decision was taken over all scales at once). Now
    each item is read by its own scale: fam and inv as before, vol as j/n."""
    import copy

    from load_helpers import EXPECTED, answers
    from survey_inventory.validate import validate
    from conftest import MINI

    cb = copy.deepcopy(MINI)
    cb["scales"]["jn"] = {"codes": [{"code": "j", "label": "ja"}, {"code": "n", "label": "nee"}], "missing": ["?"]}
    cb["items"].append({"id": "vol", "sector": "care", "measure": "volunteer", "column": "vol", "scale": "jn"})
    rows = [MINI_ROWS[0] + ";vol"] + [r + v for r, v in zip(MINI_ROWS[1:], [";j", ";n", ";?", ";j", ";"])]
    for extension in ("csv", "xlsx"):
        folder = tmp_path / extension
        path = write_study(folder, rows, cb) if extension == "csv" else _as_xlsx(folder, rows, cb)
        study = load_study(load_codebook(path))
        tidy = study.responses
        got = answers(tidy[tidy["item"] != "vol"])
        assert got == EXPECTED, extension
        vol = tidy[tidy["item"] == "vol"].astype({"status": str, "label": str})
        assert vol["status"].tolist() == ["valid", "valid", "missing", "valid", "missing"]
        assert vol["label"].tolist()[:2] == ["ja", "nee"]
        fam = tidy[tidy["item"] == "fam"].astype({"label": str})
        assert fam["label"].tolist() == ["Goed", "Redelijk", "Zeer slecht", "Goed", "Redelijk"]
        report = validate(study)
        assert (report["severity"] == "error").sum() == 0, report["message"].tolist()


def _as_xlsx(folder, rows, cb):
    import openpyxl

    path = write_study(folder, codebook=cb, filename="data.xlsx", raw=b"")
    book = openpyxl.Workbook()
    for line in rows:
        book.active.append([float(v) if v.isdigit() else (v or None) for v in line.split(";")])
    book.save(folder / "data.xlsx")
    return path
