"""The second bundled study (codebooks/llo-2026.yaml, synthetic) end to end: ``analyze`` writes a
complete report that carries none of the first study's words, whose routing notes say what
each item's ``asked_if`` says for the figure's respondent type, and whose numbers and file
names are those of a new study (per sector, zero-padded, the same in every language).

The routing notes are checked against the rule evaluated here, by enumeration over the filter
question's codes with the respondent type fixed, not by the package's rule simplification
(survey_inventory/render/notes.py). The bundled study's figure 6.6 (funds, asked whenever
they answered the familiarity question) is checked the same way.
"""
from __future__ import annotations

import itertools
import os
import re
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pandas as pd
import pytest
import yaml

from output_readers import _csv, _docx, _docx_blocks
from survey_inventory.codebook import load_codebook
from survey_inventory.codebook.routing import parse
from survey_inventory.phrases import PHRASES

pytestmark = pytest.mark.slow   # each test analyses the second study end to end (or shares a run that does)

ROOT = Path(__file__).resolve().parents[1]
LLO = ROOT / "codebooks" / "llo-2026.yaml"
BARTELS = ROOT / "codebooks" / "bartels-2025.yaml"
_TEXT_KEYS = {"title", "label", "label_singular", "caption", "collaborations", "note", "publisher", "fieldwork",
              "missing_label", "asked_note", "published_report"}


@pytest.fixture(scope="module", params=["nl", "en"])
def llo_run(request):
    """(output folder, language) of the session's ``analyze`` of the second study per language (conftest.py)."""
    return request.getfixturevalue(f"llo_run_{request.param}").out_dir, request.param


@pytest.fixture(scope="module")
def llo():
    return load_codebook(LLO)


# -- words -----------------------------------------------------------------------------------

def _label_texts(node, under=None):
    """Every reader-facing text of a codebook as YAML: the values under its label keys."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _label_texts(value, key if key in _TEXT_KEYS else (under if key in ("nl", "en") else None))
    elif isinstance(node, list):
        for value in node:
            yield from _label_texts(value, under)
    elif isinstance(node, str) and under:
        yield node


def _words(texts) -> set[str]:
    return {w for t in texts for w in re.findall(r"[^\W\d_]{4,}", re.sub(r"\{\w+\}", " ", t).casefold())}


def _first_study_words() -> set[str]:
    first = _words(_label_texts(yaml.safe_load(BARTELS.read_text(encoding="utf-8"))))
    second = _words(_label_texts(yaml.safe_load(LLO.read_text(encoding="utf-8"))))
    catalogue = _words(text for pair in PHRASES.values() for text in pair)
    return first - second - catalogue


def _reader_texts(folder: Path) -> dict[str, str]:
    """What a reader sees in each output: HTML text and alt texts, Word and Excel text, figure SVG text."""
    out = {}
    html = (folder / "report.html").read_text(encoding="utf-8")
    html = re.sub(r"<style.*?</style>", " ", html, flags=re.S)
    alts = " ".join(re.findall(r'\balt="([^"]*)"', html))
    out["report.html"] = re.sub(r"<[^>]+>", " ", html) + " " + alts
    for name in ("report.docx", "tables.xlsx"):
        with zipfile.ZipFile(folder / name) as zf:
            xml = " ".join(zf.read(m).decode("utf-8") for m in zf.namelist()
                           if m.endswith(".xml") and ("word/document" in m or "xl/" in m))
        descr = " ".join(re.findall(r'\bdescr="([^"]*)"', xml))
        out[name] = re.sub(r"<[^>]+>", "", xml) + " " + descr
    for svg in sorted((folder / "figures").glob("*.svg")):
        out[svg.name] = " ".join(ET.parse(svg).getroot().itertext())
    return out


def test_the_words_test_would_see_the_first_studys_words():
    words = _first_study_words()
    assert {"hotspots", "scholingsfondsen", "betrokkenheid", "provincies"} <= words   # the test can fail
    assert not words & {"ontwikkelpunt", "gemeenten", "bekendheid"}


def test_no_reader_facing_text_of_the_second_study_has_a_word_only_the_first_supplies(llo_run):
    folder, _ = llo_run
    forbidden = _first_study_words()
    found = {name: sorted(_words([text]) & forbidden) for name, text in _reader_texts(folder).items()}
    assert {k: v for k, v in found.items() if v} == {}
    assert len(found) == 3 + len(list((folder / "figures").glob("*.svg"))) > 36   # html, docx, xlsx, every figure


def test_the_second_study_never_speaks_of_a_published_report(llo_run):
    folder, lang = llo_run
    phrase = {"nl": "het rapport", "en": "the report"}[lang]    # it has none; "this report" is the document itself
    assert {name for name, text in _reader_texts(folder).items() if phrase in text.casefold()} == set()


# -- a complete report with a new study's numbers -------------------------------------------------

def test_analyze_writes_a_complete_report_numbered_per_sector(llo_run, llo):
    folder, lang = llo_run
    for name in ("report.html", "report.docx", "tables.xlsx", "distributions.csv", "response_table.csv",
                 "mentions.csv", "manifest.json"):
        assert (folder / name).stat().st_size > 0, name
    dist = _csv(folder, "distributions.csv")
    assert dist["figure"].notna().all()                         # every row carries its figure's number
    pairs = dist.drop_duplicates(["item", "respondent_type"])
    assert len(pairs) == 30                                     # 10 items x 3 respondent types
    chapters = {s.id: k for k, s in enumerate(llo.sectors, start=2)} | {"": len(llo.sectors) + 2}
    pairs = pairs.assign(sector=pairs["sector"].fillna(""))
    for sector, block in pairs.groupby("sector", sort=False):
        assert [f.split(".")[0] for f in block["figure"]] == [str(chapters[sector])] * len(block)
        assert sorted(int(f.split(".")[1]) for f in block["figure"]) == list(range(1, len(block) + 1))
    svgs = sorted(p for p in (folder / "figures").glob("fig_*.svg") if not p.stem.endswith("_bare"))
    bars = [p for p in svgs if "_overview_" not in p.name]
    assert len(bars) == 30 and len(svgs) == 30 + 3              # an overview per measure with a sector
    in_file_order = [re.match(r"fig_(\d+)_(\d+)", p.name).groups() for p in bars]
    assert in_file_order == sorted(in_file_order, key=lambda x: (int(x[0]), int(x[1])))   # names sort in report order
    for r in pairs.itertuples():
        chapter, k = r.figure.split(".")
        assert (folder / "figures" / f"fig_{int(chapter):02d}_{int(k):02d}_{r.sector or 'other'}_{r.measure}_"
                                      f"{r.respondent_type}.png").is_file(), r.figure


def test_figure_names_do_not_depend_on_the_language(llo_run_nl, llo_run_en):
    names = [sorted(p.name for p in (run.out_dir / "figures").iterdir()) for run in (llo_run_nl, llo_run_en)]
    assert names[0] == names[1]


def test_the_figure_column_reads_back_as_text_as_docs_outputs_md_says(tmp_path):
    from survey_inventory.codebook import codebook_from_dict
    from survey_inventory.estimate import distributions
    from survey_inventory.export import write_csv
    from survey_inventory.load import load_study

    data = yaml.safe_load(LLO.read_text(encoding="utf-8"))
    for source in data["sources"]:
        source["file"] = str((LLO.parent / source["file"]).resolve())
    for item in data["items"]:
        item["sector"] = "zorg"                                  # 30 figures in one chapter: 2.1 ... 2.30
    cb = codebook_from_dict(data)
    dist = distributions(load_study(cb).responses, cb)
    write_csv(dist, tmp_path / "distributions.csv")
    numbers = pd.read_csv(tmp_path / "distributions.csv", dtype={"figure": str})["figure"]
    assert {"2.1", "2.10", "2.30"} <= set(numbers) and numbers.map(type).eq(str).all()
    assert sorted(numbers.drop_duplicates(), key=lambda n: int(n.split(".")[1])) == [f"2.{k}" for k in range(1, 31)]


def test_the_response_table_has_no_group_heading_that_would_repeat_the_total(llo_run):
    folder, _ = llo_run
    table = pd.read_csv(folder / "response_table.csv", dtype=str, keep_default_na=False)
    assert list(table["row_type"]) == ["type", "type", "type", "total"]
    employers = table.iloc[1]
    assert employers["targeted"] == "" and employers["response_rate"] == ""     # a type without a population
    total = table.iloc[-1]
    assert int(total["achieved"]) == 393 and total["targeted"] == "" and total["response_rate"] == ""


def test_the_output_folder_gets_the_users_umask(llo_run):
    folder, _ = llo_run
    mask = os.umask(0o022)
    os.umask(mask)
    assert folder.stat().st_mode & 0o777 == 0o777 & ~mask
    assert (folder / "figures").stat().st_mode & 0o777 == 0o777 & ~mask


# -- routing notes that are true -----------------------------------------------------------------

def _opening_labels(codebook, item, type_id, lang):
    """The labels of the filter question's codes for which the item was asked of this type
    (None: the item is asked of everyone of the type who answered the filter)."""
    rule = parse(item.asked_if)
    names = sorted(rule.names - {"respondent_type"})
    scales = [codebook.scale(codebook.item(n).scale).codes for n in names]
    rows = pd.DataFrame([dict(zip(names, [c.code for c in combo]), respondent_type=type_id)
                         for combo in itertools.product(*scales)])
    opened = rule.evaluate(rows)
    if opened.all():
        return None
    assert len(names) == 1
    return [codebook.label(c.label, lang) for c, hit in zip(scales[0], opened) if hit]


def _notes_by_figure(folder, codebook):
    """(item, respondent type) -> (rows of distributions.csv, notes under the figure in report.docx)."""
    dist = _csv(folder, "distributions.csv")
    blocks = _docx_blocks(_docx(folder))
    out = {}
    for (item, rtype), rows in dist.groupby(["item", "respondent_type"], sort=False):
        caption = rows["caption"].iloc[0]
        out[(item, rtype)] = (rows, blocks[caption]["notes"])
    return out


ROUTED = {"nl": "Alleen gevraagd aan wie", "en": "Only asked of those who"}


def test_every_routing_note_of_the_second_study_matches_asked_if_for_its_type(llo_run, llo):
    folder, lang = llo_run
    routed_seen = 0
    for (item_id, rtype), (rows, notes) in _notes_by_figure(folder, llo).items():
        item = llo.item(item_id)
        routing = [n for n in notes if n.startswith(ROUTED[lang])]
        labels = _opening_labels(llo, item, rtype, lang) if item.asked_if else None
        if labels is None:
            assert routing == [], (item_id, rtype, notes)
            continue
        routed_seen += 1
        filter_item = llo.item(next(iter(parse(item.asked_if).names - {"respondent_type"})))
        assert len(routing) == 1, (item_id, rtype, notes)
        assert f"'{llo.label(filter_item.label, lang)}'" in routing[0]
        assert routing[0].split(": ")[1].split(" (N =")[0] == ", ".join(labels)     # "Ja" / "Yes"
        n, sample = int(rows["base_n"].iloc[0]), int(rows["sample_n"].iloc[0])
        assert f"(N = {n} {'van' if lang == 'nl' else 'of'} {sample} " in routing[0]
    assert routed_seen == 18                                    # 2 routed items x 3 sectors x 3 types


def test_the_filter_question_itself_carries_no_routing_note(llo_run, llo):
    folder, lang = llo_run
    for (item_id, _), (_, notes) in _notes_by_figure(folder, llo).items():
        if item_id.endswith("_known"):
            assert not any(n.startswith(ROUTED[lang]) for n in notes), item_id


def test_the_bundled_studys_routing_notes_match_asked_if_for_each_type(bundled_run, bundled_codebook):
    folder = bundled_run[0]
    notes_of = _notes_by_figure(folder, bundled_codebook)
    for (item_id, rtype), (rows, notes) in notes_of.items():
        item = bundled_codebook.item(item_id)
        routing = [n for n in notes if n.startswith(ROUTED["nl"])]
        labels = _opening_labels(bundled_codebook, item, rtype, "nl") if item.asked_if else None
        if labels is None:
            assert routing == [], (item_id, rtype, notes)
        else:
            assert len(routing) == 1 and routing[0].split(": ")[1].split(" (N =")[0] == ", ".join(labels[:-1]) \
                + " of " + labels[-1], (item_id, rtype, routing)
    # figure 6.6: the ninth fund skipped the familiarity question; that is item non-response, not routing
    rows, notes = notes_of[("ict_involvement", "fund")]
    assert rows["figure"].iloc[0] == "6.6"
    assert not any(n.startswith(ROUTED["nl"]) for n in notes)
    assert "N = 8 van 9 regionale scholingsfondsen; geen antwoord op de vraag over bekendheid (ICT): 1." in notes


def test_a_distribution_table_notes_routing_only_for_its_own_measure(bundled_run):
    folder = bundled_run[0]
    blocks = _docx_blocks(_docx(folder))
    familiarity = next(b for c, b in blocks.items() if c.startswith("Tabel B.1 Bekendheid"))
    involvement = next(b for c, b in blocks.items() if c.startswith("Tabel B.2 Betrokkenheid"))
    assert not any("Betrokkenheid" in n or "niet iedereen" in n for n in familiarity["notes"])
    assert any(n.startswith("Betrokkenheid: niet iedereen kreeg deze vraag") for n in involvement["notes"])
