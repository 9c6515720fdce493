"""`codebook init`: a draft codebook from an SPSS file (survey_inventory/codebook/draft.py)."""
import re
import shutil

import pandas as pd
import pytest
import yaml
from click.testing import CliRunner

from survey_inventory.cli import main
from survey_inventory.codebook import draft, load_codebook
from survey_inventory.codebook.draft import draft_codebook
from survey_inventory.errors import SurveyInputError
from conftest import ROOT

pyreadstat = pytest.importorskip("pyreadstat")

AGREE = {1.0: "eens", 2.0: "oneens", 9.0: "weet niet"}


def _sav(path, **labels):
    """A small SPSS file: an id, two items sharing one label set, one unlabelled number."""
    frame = pd.DataFrame({"resp": [1.0, 2.0, 3.0], "Q1": [1.0, 2.0, 9.0], "Q2": [2.0, 9.0, 1.0],
                          "age": [40.0, 51.0, 38.0]})
    pyreadstat.write_sav(frame, str(path), column_labels=["Respondent", "Eens met A?", "Eens met B?", "Leeftijd"],
                         variable_value_labels={"Q1": AGREE, "Q2": AGREE}, missing_ranges={"Q1": [9], "Q2": [9]},
                         **labels)
    return path


def test_labelled_variables_become_items_sharing_one_scale(tmp_path):
    doc = yaml.safe_load(draft_codebook(_sav(tmp_path / "wave 1.sav")))
    assert doc["sources"] == [{"id": "main", "file": "wave 1.sav", "format": "sav", "id_column": "resp",
                               "respondent_type": "respondent"}]
    assert doc["items"] == [
        {"id": "q1", "measure": "q1", "column": "Q1", "scale": "eens_oneens", "label": "Eens met A?"},
        {"id": "q2", "measure": "q2", "column": "Q2", "scale": "eens_oneens", "label": "Eens met B?"},
    ]
    # the user-missing code is the scale's missing code, not an answer, and keeps its label
    scale = doc["scales"]["eens_oneens"]
    assert scale["codes"] == [{"code": 1, "label": "eens"}, {"code": 2, "label": "oneens"}]
    assert scale["missing"] == [9] and scale["missing_labels"] == {9: "weet niet"}
    assert doc["study"]["id"] == "wave-1"
    assert "age" in draft_codebook(_sav(tmp_path / "wave 1.sav")).split("study:")[0]  # named as not drafted


def test_the_draft_loads_as_a_codebook(tmp_path):
    text = draft_codebook(_sav(tmp_path / "s.sav"), id_column="resp", respondent_type="Gemeente")
    assert text.startswith("# Draft codebook made by 'survey-inventory codebook init' from s.sav.\n# TODO:")
    (tmp_path / "cb.yaml").write_text(text, encoding="utf-8")
    cb = load_codebook(tmp_path / "cb.yaml")
    assert [t.id for t in cb.respondent_types] == ["gemeente"]
    assert cb.source_path(cb.sources[0]) == tmp_path / "s.sav"
    assert [i.id for i in cb.items] == ["q1", "q2"]


@pytest.mark.parametrize("setup, kwargs, message", [
    (lambda p: p.write_bytes(b"not spss at all"), {}, "not a readable SPSS file"),
    (_sav, {"id_column": "nope"}, "no variable named 'nope'"),
])
def test_unusable_files_give_one_line_naming_the_file(tmp_path, setup, kwargs, message):
    path = tmp_path / "in.sav"
    setup(path)
    with pytest.raises(SurveyInputError) as err:
        draft_codebook(path, **kwargs)
    assert str(err.value).startswith(f"{path}: {message}") and "\n" not in str(err.value)


def test_no_labelled_variable_is_an_error(tmp_path):
    path = tmp_path / "plain.sav"
    pyreadstat.write_sav(pd.DataFrame({"id": [1.0], "x": [2.0]}), str(path))
    with pytest.raises(SurveyInputError, match="no variable has value labels"):
        draft_codebook(path)


def test_cli_writes_the_draft_and_never_overwrites(tmp_path):
    sav, out = _sav(tmp_path / "s.sav"), tmp_path / "cb.yaml"
    first = CliRunner().invoke(main, ["codebook", "init", str(sav), "--out", str(out)])
    assert first.exit_code == 0 and out.read_text(encoding="utf-8") == draft_codebook(sav)
    again = CliRunner().invoke(main, ["codebook", "init", str(sav), "--out", str(out)])
    assert again.exit_code != 0 and "exists; not overwriting it" in again.output


# -- codebook init on the second bundled study's SPSS export ------------------------

LLO_SAV = ROOT / "surveys" / "llo-2026" / "werkgevers_roc.sav"


@pytest.fixture(scope="module")
def llo_draft():
    return draft_codebook(LLO_SAV)


def test_codes_in_numeric_order_and_the_gaps_of_a_0_10_scale_filled(llo_draft):
    doc = yaml.safe_load(llo_draft)
    rating = doc["scales"]["rating_0_10"]
    assert [c["code"] for c in rating["codes"]] == list(range(11))     # not 0, 1, 10, 2, ...
    assert [c["label"] for c in rating["codes"]] == ["0 Zeer slecht", *map(str, range(1, 10)), "10 Uitstekend"]
    # SPSS "97 thru 99": the whole range, with the labels SPSS gives
    assert rating["missing"] == [97, 98, 99]
    assert rating["missing_labels"] == {97: "Weet ik niet", 98: "Wil ik niet zeggen", 99: "Geen antwoord"}
    # a labelled scale without numbered labels is not filled: 1, 2, 8 stay 1, 2, 8
    known = doc["scales"]["ja_nee_weet_ik_niet"]
    assert [c["code"] for c in known["codes"]] == [1, 2, 8] and known["missing"] == [9]
    assert known["codes"][2] == {"code": 8, "label": "Weet ik niet", "substantive": False}
    assert sorted(doc["scales"]) == ["ja_nee", "ja_nee_weet_ik_niet", "rating_0_10"]   # never labels0


def test_the_type_column_is_found_and_drafts_one_type_per_value_label(llo_draft):
    doc = yaml.safe_load(llo_draft)
    assert doc["sources"][0]["respondent_type"] == {"column": "type", "values": {2: "werkgever", 3: "roc"}}
    assert [(t["id"], t["label"]) for t in doc["respondent_types"]] == [("werkgever", "Werkgever"), ("roc", "ROC")]
    assert "type" not in {i["column"] for i in doc["items"]}


def test_measures_sectors_and_multi_response_from_variable_names(llo_draft):
    doc = yaml.safe_load(llo_draft)
    assert [m["id"] for m in doc["measures"]] == ["bek", "gebr", "tevr", "cijfer_regio"]
    assert [s["id"] for s in doc["sectors"]] == ["zorg", "tech", "logistiek"]
    by_id = {i["id"]: i for i in doc["items"]}
    assert (by_id["gebr_tech"]["measure"], by_id["gebr_tech"]["sector"]) == ("gebr", "tech")
    assert "sector" not in by_id["cijfer_regio"]
    assert doc["multi_response"][0]["columns"] == {k: f"thema_{k}" for k in range(1, 7)}


def test_routing_hints_where_an_item_is_blank_exactly_when_the_filter_is_not_1(llo_draft):
    hints = re.findall(r'# TODO routing: .*asked_if: "([^"]+)"\n- id: (\w+)', llo_draft)
    assert sorted(hints) == sorted((f"bek_{s} == 1", f"{m}_{s}") for s in ("zorg", "tech", "logistiek")
                                   for m in ("gebr", "tevr"))


def test_the_type_column_can_be_named_and_a_wrong_name_is_one_line(tmp_path):
    doc = yaml.safe_load(draft_codebook(LLO_SAV, type_column="type"))
    assert doc["sources"][0]["respondent_type"]["column"] == "type"
    with pytest.raises(SurveyInputError, match="no variable named 'soort' \\(--type-column\\)"):
        draft_codebook(LLO_SAV, type_column="soort")


def _finish(draft: str) -> dict:
    """The small documented edit a user makes to the draft of werkgevers_roc.sav:

    1. a title;
    2. the respondent types' plural labels; ROC's population (18); employers are a process;
    3. the measures' labels and caption templates, the sectors' labels and collaborations;
    4. every '# TODO routing' hint's asked_if copied into its item;
    5. the multi-response set's labels;
    6. the one item without a sector (cijfer_regio) gets a sector 'regio' -- the overview
       figure still fails on an item without a sector until the report side handles it
       (issue 11, item 3).
    """
    hints = dict((item, rule) for rule, item in re.findall(r'asked_if: "([^"]+)"\n- id: (\w+)', draft))
    doc = yaml.safe_load(draft)
    doc["study"]["title"] = "Ontwikkelpunten: werkgevers en ROC's"
    types = {"werkgever": {"label": "werkgevers", "inference": "process"},
             "roc": {"label": "ROC's", "population": 18, "targeted": 18}}
    for t in doc["respondent_types"]:
        t.update(types[t["id"]])
    words = {"bek": "Bekendheid", "gebr": "Gebruik", "tevr": "Tevredenheid", "cijfer_regio": "Rapportcijfer regio"}
    for m in doc["measures"]:
        m["label"] = words[m["id"]]
        m["caption"] = f"{words[m['id']]} ontwikkelpunt {{sector}}"
    doc["sectors"].append({"id": "regio", "label": "TODO", "collaborations": "TODO"})
    for s in doc["sectors"]:
        s["label"], s["collaborations"] = s["id"], "ontwikkelpunt"
    for item in doc["items"]:
        if item["id"] in hints:
            item["asked_if"] = hints[item["id"]]
        item.setdefault("sector", "regio")
    mr = doc["multi_response"][0]
    mr["label"] = "Thema's"
    for c in mr["codes"]:
        c["label"] = f"Thema {c['code']}"
    return doc


@pytest.mark.slow
def test_init_then_a_small_edit_then_validate_and_analyze(tmp_path, llo_draft):
    shutil.copy(LLO_SAV, tmp_path / LLO_SAV.name)
    draft_path = tmp_path / "draft.yaml"
    assert CliRunner().invoke(main, ["codebook", "init", str(tmp_path / LLO_SAV.name),
                                     "--out", str(draft_path)]).exit_code == 0
    assert draft_path.read_text(encoding="utf-8") == llo_draft
    # the draft itself loads and validates; --strict refuses it for its TODOs
    assert CliRunner().invoke(main, ["validate", "--no-warnings", str(draft_path)]).exit_code == 0
    strict = CliRunner().invoke(main, ["validate", "--strict", str(draft_path)])
    assert strict.exit_code == 1 and "study.title.nl: placeholder" not in strict.output
    assert "study.title: placeholder 'TODO titel (werkgevers_roc.sav)' left" in strict.output

    codebook = tmp_path / "codebook.yaml"
    codebook.write_text(yaml.safe_dump(_finish(llo_draft), allow_unicode=True, sort_keys=False), encoding="utf-8")
    checked = CliRunner().invoke(main, ["validate", "--strict", "--no-warnings", str(codebook)])
    assert checked.exit_code == 0, checked.output
    assert checked.output.strip().endswith("273 respondents, 0 errors, 0 warnings") or ", 0 errors," in checked.output

    out = tmp_path / "out"
    run = CliRunner().invoke(main, ["analyze", str(codebook), "--out", str(out), "-q"])
    assert run.exit_code == 0, run.output
    written = {p.name for p in out.iterdir()}
    assert {"distributions.csv", "response_table.csv", "validation.csv", "mentions.csv", "tables.xlsx",
            "report.docx", "report.html", "manifest.json", "figures"} <= written
    dist = pd.read_csv(out / "distributions.csv")
    assert set(dist["item"]) == {i["id"] for i in _finish(llo_draft)["items"]}
    assert set(dist["respondent_type"]) == {"werkgever", "roc"}
    # the routed item's base: the colleges that know the service point and answered the follow-up
    sav, _ = pyreadstat.read_sav(str(LLO_SAV))
    roc = sav[sav["type"] == 3]
    used = dist[(dist["item"] == "gebr_zorg") & (dist["respondent_type"] == "roc")]
    assert set(used["base_n"]) == {int(roc.loc[roc["bek_zorg"] == 1, "gebr_zorg"].notna().sum())}
    assert used["count"].sum() == used["base_n"].iloc[0]
    assert any((out / "figures").iterdir())


def _table():
    return pd.DataFrame({
        "nr": ["r1", "r2", "r3", "r4", "r5"],
        "soort": ["gemeente", "gemeente", "bedrijf", "bedrijf", "gemeente"],
        "bek_zorg": ["1", "2", "1", "1", "2"],
        "cijfer_zorg": ["10", "", "9", "2", ""],
        "bek_ict": ["2", "1", "2", "1", "1"],
        "cijfer_ict": ["", "7", "", "99", "8"],
        "opmerking": [f"Een langere opmerking over de samenwerking met het café, nummer {k}" for k in range(5)],
    })


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_from_csv_and_xlsx_the_codes_are_the_distinct_values(tmp_path, fmt):
    path = tmp_path / f"enquete.{fmt}"
    if fmt == "csv":
        path.write_bytes(_table().to_csv(sep=";", index=False).encode("cp1252"))
    else:
        _table().to_excel(path, index=False)
    draft = draft_codebook(path)
    doc = yaml.safe_load(draft)
    assert doc["sources"][0]["format"] == fmt and doc["sources"][0]["id_column"] == "nr"
    assert doc["sources"][0]["respondent_type"] == {"column": "soort",
                                                    "values": {"bedrijf": "bedrijf", "gemeente": "gemeente"}}
    by_id = {i["id"]: i for i in doc["items"]}
    rating = doc["scales"][by_id["cijfer_zorg"]["scale"]]
    # numeric order (2, 7, 8, 9, 10, not 10, 2, ...), both columns of the stem share the codes; 99 is missing
    assert [c["code"] for c in rating["codes"]] == [2, 7, 8, 9, 10] and rating["missing"] == [99]
    assert by_id["cijfer_ict"]["scale"] == by_id["cijfer_zorg"]["scale"]
    assert all(c["label"].startswith("TODO") for c in rating["codes"])    # only a person knows what 7 means
    assert doc["open_text"] == [{"id": "opmerking", "column": "opmerking", "label": "TODO opmerking"}]
    assert [s["id"] for s in doc["sectors"]] == ["zorg", "ict"]
    assert re.findall(r'asked_if: "([^"]+)"\n- id: (\w+)', draft) == [("bek_zorg == 1", "cijfer_zorg"),
                                                                      ("bek_ict == 1", "cijfer_ict")]
    (tmp_path / "cb.yaml").write_text(draft, encoding="utf-8")
    assert [t.id for t in load_codebook(tmp_path / "cb.yaml").respondent_types] == ["bedrijf", "gemeente"]


def test_a_variable_labelled_only_for_missing_codes_is_left_out_and_the_draft_loads(tmp_path):
    """Issue 13, item 6: a scale whose only labelled codes are user-missing was written,
    and the draft's own loader refused it ('List should have at least 1 item')."""
    path = tmp_path / "s.sav"
    frame = pd.DataFrame({"resp": [1.0, 2.0], "Q1": [1.0, 2.0], "Q9": [3.0, 99.0]})
    pyreadstat.write_sav(frame, str(path), variable_value_labels={"Q1": AGREE, "Q9": {99.0: "geen antwoord"}},
                         missing_ranges={"Q1": [9], "Q9": [99]})
    text = draft_codebook(path)
    (tmp_path / "cb.yaml").write_text(text, encoding="utf-8")
    cb = load_codebook(tmp_path / "cb.yaml")   # the draft loads: no scale without an answer code
    assert [i.column for i in cb.items][0] == "Q1"
    assert all(scale.codes for scale in cb.scales.values())
    # Q9's only label is its user-missing code: the drafter takes the answer codes from the data (3)
    # and keeps 99 as missing, instead of writing a scale with no codes
    q9 = [i for i in cb.items if i.column == "Q9"]
    assert not q9 or [c.code for c in cb.scales[q9[0].scale].codes] == [3]


def test_one_labelled_variable_before_the_id_is_an_item_not_the_id(tmp_path):
    """Issue 13, item 6: with the labelled variable first, it was taken as the id column and
    the draft said 'no variable has value labels'. The id is the first unlabelled variable."""
    path = tmp_path / "s.sav"
    pyreadstat.write_sav(pd.DataFrame({"Q1": [1.0, 2.0], "resp": [11.0, 12.0]}), str(path),
                         variable_value_labels={"Q1": AGREE})
    doc = yaml.safe_load(draft_codebook(path))
    assert doc["sources"][0]["id_column"] == "resp" and [i["column"] for i in doc["items"]] == ["Q1"]
    lone = tmp_path / "lone.sav"
    pyreadstat.write_sav(pd.DataFrame({"Q1": [1.0, 2.0]}), str(lone), variable_value_labels={"Q1": AGREE})
    with pytest.raises(SurveyInputError, match="the file's only variable 'Q1' has value labels; a codebook also needs"):
        draft_codebook(lone)
