"""Draft text (survey_inventory.render.prose): the quantifier scale, the interval rules,
and agreement with the seed report's own prose (Bureau Bartels 2025).

The seed pairs below were collected by reading the seed report's text around every
figure (``../shared/seeds/002_3ee90c4e9bc42848.txt``): per figure the category (or
categories counted together) a sentence characterises and the words it uses. What a
seed phrase can mean is :data:`SEED_MEANING`: ordinary Dutch usage, widened where the
seed itself uses the phrase more loosely ("een kleine meerderheid" for 5 of 8 =
62.5 %). A generated sentence does not contradict the seed when some count on the
figure's base fits both the generated words and the seed phrase.
"""
from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from survey_inventory.phrases import say
from survey_inventory.render import prose
from survey_inventory.render.prose import COARSE, MAJORITY_FLOOR, SCALE, choose_wording, describe, draft_sentences, \
    draft_texts, quantifier_for

ROOT = Path(__file__).resolve().parents[1]
SEED_NAME = "002_3ee90c4e9bc42848.txt"


def _seed_path() -> Path | None:
    """``../shared/seeds/<seed>`` next to the repository; in a git worktree also next to
    the main checkout the worktree belongs to (its ``.git`` file names it)."""
    candidates = [ROOT.parent / "shared" / "seeds" / SEED_NAME]
    git = ROOT / ".git"
    if git.is_file():  # "gitdir: <main>/.git/worktrees/<name>"
        gitdir = Path(git.read_text(encoding="utf-8").split(":", 1)[1].strip())
        if not gitdir.is_absolute():
            gitdir = (ROOT / gitdir).resolve()
        candidates.append(gitdir.parents[2].parent / "shared" / "seeds" / SEED_NAME)
    return next((p for p in candidates if p.exists()), None)


# --- what the seed's phrases can mean: (low, high, low closed, high closed), shares in % ---
_MAJ = (50, 100, False, True)
_FEW = (0, 35, False, True)
_NEAR_HALF = (40, 50, True, False)
SEED_MEANING = {
    "de meerderheid": _MAJ, "een meerderheid": _MAJ, "het grootste deel": _MAJ, "de meeste": _MAJ,
    "veelal": _MAJ,
    "een kleine meerderheid": (50, 65, False, True),
    "een ruime meerderheid": (65, 95, True, True),
    "veruit de meeste": (75, 100, True, False),
    "bijna alle": (85, 100, True, False),
    "altijd": (100, 100, True, True),
    "twee derde": (60, 70, True, True),
    "bijna de helft": _NEAR_HALF, "een kleine helft": _NEAR_HALF,
    "een kwart": (20, 30, True, True),
    "enkele": _FEW, "een paar": _FEW, "een kleinere groep": _FEW, "een kleine groep": _FEW,
    "een (kleine) minderheid": (0, 50, False, False), "nog geen helft": (0, 50, True, False),
    "één": ("count", 1), "drie": ("count", 3),
}

# (figure, categories counted together, seed phrase, the seed's words around the figure)
SEED_PAIRS = [
    ("2.3", ("(Zeer) goed", "Redelijk/ deels"), "de meerderheid",
     "De meerderheid van de provincies is ten minste redelijk bekend"),
    ("2.3", ("(Zeer) goed",), "enkele", "Slechts enkele provincies zijn daarbij naar eigen zeggen (zeer) goed"),
    ("2.4", ("Actief betrokken", "In contact"), "het grootste deel",
     "Het grootste deel van de geraadpleegde provincies is in ieder geval in zekere zin betrokken"),
    ("2.4", ("Niet betrokken",), "bijna de helft",
     "bijna de helft van de provincies aan op geen enkele manier betrokken"),
    ("2.5", ("(Zeer) goed", "Redelijk/ deels"), "bijna alle",
     "Bijna alle vertegenwoordigers van de AMR’s blijken ten minste deels bekend"),
    ("2.6", ("Actief betrokken",), "bijna de helft", "Bijna de helft blijkt inderdaad een vorm van actieve"),
    ("2.6", ("In contact",), "een kwart",
     "Een kwart van de geraadpleegde AMR’s rapporteert alleen een gedeeltelijke betrokkenheid"),
    ("2.6", ("Niet betrokken",), "een kleinere groep",
     "Een kleinere groep vertegenwoordigers van de AMR’s geeft tot slot aan geen enkele betrokkenheid"),
    ("2.7", ("(Zeer) goed",), "een ruime meerderheid", "Figuur 2.7 toont aan dat een ruime meerderheid van de fondsen"),
    ("2.8", ("Actief betrokken", "In contact"), "de meeste",
     "De meeste scholingsfondsen zijn in ieder geval in enige mate verbonden"),
    ("4.2", ("(Zeer) slecht",), "de meerderheid", "de meerderheid van de geraadpleegde provincies (zeer) slecht bekend"),
    ("4.2", ("Redelijk/ deels",), "enkele",
     "Enkele vertegenwoordigers van de provincies zijn ten slotte redelijk of deels bekend"),
    ("4.3", ("(Zeer) slecht",), "de meeste", "de meeste AMR’s nauwelijks of helemaal geen bekendheid"),
    ("4.3", ("(Zeer) goed", "Redelijk/ deels"), "enkele", "De enkele AMR’s die wel bekend zijn met een hotspot"),
    ("4.4", ("Actief betrokken",), "drie", "Eén AMR geeft aan actief betrokken te zijn"),
    ("4.5", ("(Zeer) slecht",), "een kleine meerderheid", "Een kleine meerderheid geeft aan (zeer) slecht bekend"),
    ("4.6", ("Niet betrokken",), "veruit de meeste",
     "veruit de meeste regionale scholingsfondsen niet betrokken zijn bij een hotspot"),
    ("4.6", ("In contact",), "één", "slechts één regionaal scholingsfonds wel in contact met een hotspot"),
    ("5.2", ("(Zeer) goed",), "de meeste", "de meesten zijn (zeer) goed van het verband in de eigen regio"),
    ("5.3", ("Actief betrokken", "In contact"), "altijd", "In ieder geval bestaat er altijd contact tussen de provincie"),
    ("5.3", ("Actief betrokken",), "een (kleine) minderheid",
     "Een (kleine) minderheid van de provincies is daarnaast actief betrokken"),
    ("5.4", ("(Zeer) goed", "Redelijk/ deels"), "een meerderheid",
     "een meerderheid van de arbeidsmarktregio’s in ieder geval (zeer) goed of redelijk bekend"),
    ("5.5", ("Actief betrokken", "In contact"), "de meeste",
     "De meeste geraadpleegde AMR’s hebben minimaal (goed) contant"),
    ("5.6", ("(Zeer) goed",), "een ruime meerderheid",
     "Een ruime meerderheid van de regionale scholingsfondsen is andersom ook (zeer) goed bekend"),
    ("5.7", ("Actief betrokken",), "twee derde",
     "Twee derde van de geraadpleegde regionale scholingsfondsen blijkt ook actief betrokken"),
    ("6.1", ("(Zeer) goed",), "de meerderheid", "De meerderheid is naar eigen zeggen (zeer) goed op de hoogte"),
    ("6.2", ("Actief betrokken", "In contact"), "veelal", "provincies zijn veelal (actief) bij de verbanden in de ICT"),
    ("6.2", ("In contact",), "één", "Bij één provincie beperkt dit zich tot periodieke afstemming en contact"),
    ("6.3", ("(Zeer) goed", "Redelijk/ deels"), "nog geen helft",
     "nog geen helft van de AMR’s zegt deels of (zeer) goed bekend"),
    ("6.4", ("Actief betrokken",), "een kleine helft",
     "Er blijft dan nog een kleine helft van de AMR’s over die aangeeft inderdaad actief betrokken"),
    ("6.4", ("In contact",), "een kleine groep", "een kleine groep AMR’s die slechts (goed) contact heeft"),
    ("6.5", ("(Zeer) slecht",), "een kleine meerderheid",
     "een kleine meerderheid van de fondsen nog niet eerder van deze verbanden gehoord"),
    ("6.6", ("Actief betrokken", "In contact"), "een paar",
     "Slechts een paar van de geraadpleegde regionale scholingsfondsen geven aan dat ze lijntjes"),
]


def _in_seed(share: float, count: int, phrase: str) -> bool:
    meaning = SEED_MEANING[phrase]
    if meaning[0] == "count":
        return count == meaning[1]
    lo, hi, lo_closed, hi_closed = meaning
    return (share >= lo if lo_closed else share > lo) and (share <= hi if hi_closed else share < hi)


def _generated_counts(statement) -> list[int]:
    """Every count on the statement's base that its words can mean."""
    if statement.wording == "count":
        return [statement.count]
    n = statement.base
    if statement.wording == "one":
        return [1]
    q = COARSE if statement.wording == COARSE.key else next(q for q in SCALE if q.key == statement.wording)
    return [k for k in range(n + 1) if q.contains(100 * k / n)]


@pytest.fixture(scope="module")
def bundled_distributions(bundled_codebook):
    """distributions of the bundled study, computed by the package (no files written)."""
    from survey_inventory.estimate import distributions
    from survey_inventory.load import load_study

    return distributions(load_study(bundled_codebook).responses, bundled_codebook)


def _figure(dist, number):
    rows = dist[dist["figure"].astype(str) == number]
    assert len(rows), f"figure {number} not in the bundled distributions"
    return rows


# --- the seed pairs ---------------------------------------------------------------------

def test_seed_excerpts_are_in_the_seed_report():
    path = _seed_path()
    if path is None:
        pytest.skip(f"seed report ../shared/seeds/{SEED_NAME} not found next to the repository")
    text = " ".join(path.read_text(encoding="utf-8").split())
    for figure, _, phrase, excerpt in SEED_PAIRS:
        assert excerpt in text, f"figure {figure}: {excerpt!r} is not in the seed report"
        if SEED_MEANING[phrase][0] != "count":
            assert phrase.lower() in excerpt.lower(), (figure, phrase)
        # the excerpt stands near the figure's caption or a mention of the figure
        caption = "F i g u u r " + " . ".join(" ".join(part) for part in figure.split("."))
        at = text.index(excerpt)
        near = [m.start() for m in re.finditer(re.escape(caption) + r"|figuur " + re.escape(figure), text)]
        assert near and min(abs(at - m) for m in near) < 2500, f"figure {figure}: excerpt far from the figure"


@pytest.mark.parametrize("figure, categories, phrase, excerpt", SEED_PAIRS,
                         ids=[f"{p[0]}-{'+'.join(p[1])}" for p in SEED_PAIRS])
def test_generated_sentence_does_not_contradict_the_seed(bundled_distributions, figure, categories, phrase, excerpt):
    rows = _figure(bundled_distributions, figure)
    statement = describe(rows, list(categories), "nl")
    possible = _generated_counts(statement)
    assert statement.count in possible
    agree = [k for k in possible if _in_seed(100 * k / statement.base, k, phrase)]
    assert agree, (f"figure {figure} {categories}: '{statement.text}' ({statement.wording}) contradicts the seed's "
                   f"'{phrase}' ({excerpt})")
    # the sentence says what its wording claims
    if statement.wording == "count":
        assert statement.text.startswith(f"Van de {statement.base} ") and f" {statement.count} ‘" in statement.text
    else:
        types = str(rows["respondent_type_label"].iloc[0])
        words = say(f"prose_q_{statement.wording}", "nl", types=types)
        assert statement.text[1:].startswith(words[1:]), statement.text   # "Eén": first letter capitalised
        assert f"({statement.count} van de {statement.base})" in statement.text


def test_the_figures_own_sentences_agree_with_the_seed(bundled_distributions):
    """The sentences draft_texts writes for a figure (not only describe on request)."""
    checked = 0
    for figure, categories, phrase, _ in SEED_PAIRS:
        for s in draft_sentences(_figure(bundled_distributions, figure), "nl"):
            if s.categories == categories:
                assert any(_in_seed(100 * k / s.base, k, phrase) for k in _generated_counts(s)), (figure, s.text)
                checked += 1
    assert checked >= 15


def test_the_seed_words_come_out_where_the_numbers_allow(bundled_distributions):
    """The register itself: the seed's words for 2.7, 5.6, 5.7, 2.6 are the generated ones."""
    expected = {("2.7", "(Zeer) goed"): "large_majority", ("5.6", "(Zeer) goed"): "large_majority",
                ("5.7", "Actief betrokken"): "two_thirds", ("2.6", "Actief betrokken"): "nearly_half",
                ("2.6", "In contact"): "quarter", ("4.5", "(Zeer) slecht"): "small_majority",
                ("6.5", "(Zeer) slecht"): "small_majority"}
    for (figure, category), key in expected.items():
        assert describe(_figure(bundled_distributions, figure), category).wording == key, figure


def test_tiny_bases_give_counts(bundled_distributions):
    """4.4 (3 of 6 AMR's, interval about 21-79 %): the count, no word. 6.4 (6 of 13 of 35) has a
    narrower exact (Blaker) interval, inside the neighbours of "bijna de helft", so the word stands."""
    s = describe(_figure(bundled_distributions, "4.4"), "Actief betrokken")
    assert s.wording == "count" and s.text.startswith("Van de 6 AMR's antwoorden 3 ‘Actief betrokken’"), s.text
    s = describe(_figure(bundled_distributions, "6.4"), "Actief betrokken")
    assert s.wording == "nearly_half" and s.text.startswith("Bijna de helft van de AMR's (6 van de 13)"), s.text


def test_every_figure_gets_a_text_in_both_languages(bundled_codebook, bundled_distributions):
    from survey_inventory.estimate import distributions
    from survey_inventory.load import load_study

    nl = draft_texts(bundled_distributions, "nl")
    assert len(nl) == bundled_distributions.groupby(["sector", "respondent_type", "measure"]).ngroups
    assert [t.figure for t in nl if t.figure][:3] == ["2.3", "2.4", "2.5"]
    assert all(1 <= len(t.sentences) <= 2 for t in nl)
    dist_en = distributions(load_study(bundled_codebook).responses, bundled_codebook, lang="en")
    en = {t.figure: t for t in draft_texts(dist_en, "en")}
    assert en["2.7"].sentences[0].startswith("A large majority of the regional training funds (8 of 9) answer")


# --- the scale ---------------------------------------------------------------------------

def test_the_bands_cover_every_share_once():
    for n in range(1, 61):
        for k in range(n + 1):
            share = 100 * k / n
            holders = [q.key for q in SCALE if q.contains(share) and q.key != "one"]
            assert len(holders) == 1, (k, n, holders)
            assert quantifier_for(k, n).contains(share)


def test_scale_order_and_majority_flags():
    lows = [q.low for q in SCALE]
    assert lows == sorted(lows)
    assert [q.key for q in SCALE if q.majority] == ["small_majority", "two_thirds", "large_majority", "nearly_all",
                                                    "all"]
    assert all(say(f"prose_q_{q.key}", lang, types="x") for q in SCALE + (COARSE,) for lang in ("nl", "en"))


def test_quantifier_for_known_values():
    assert quantifier_for(0, 9).key == "none"
    assert quantifier_for(1, 9).key == "one"
    assert quantifier_for(1, 4).key == "quarter"            # one of four is a quarter, not "één van de"
    assert quantifier_for(3, 6).key == "half"
    assert quantifier_for(9, 9).key == "all"
    assert quantifier_for(26, 27).key == "nearly_all"
    with pytest.raises(ValueError, match="count <= base"):
        quantifier_for(10, 9)


def test_interval_rules():
    # neighbour rule: "een derde" needs the interval within 20..50
    assert choose_wording(3, 9, 25.0, 50.0).key == "third"
    assert choose_wording(3, 9, 15.0, 50.0) is None
    # majority floor: a majority word needs ci_lower >= 45
    assert choose_wording(5, 9, MAJORITY_FLOOR, 60.0).key == "small_majority"
    assert choose_wording(5, 9, MAJORITY_FLOOR - 0.1, 60.0) is None
    # coarse fallback: 7 of 9 with a wide interval is "een meerderheid"
    assert choose_wording(7, 9, 58.3, 83.3) is COARSE
    # "alle" for 9 of 9 sampled from 12 (interval 75..100) would claim more than the data know
    assert choose_wording(9, 9, 75.0, 100.0) is None
    assert choose_wording(9, 9, 90.0, 100.0).key == "all"
    # no interval (a census): the point share decides
    assert choose_wording(9, 9).key == "all"


def test_suppressed_cells_are_not_described():
    rows = pd.DataFrame({"respondent_type_label": "AMR's", "measure_label": "Bekendheid",
                         "category_label": ["Goed", "Slecht"], "category_order": [1, 2], "substantive": True,
                         "count": [20, 2], "base_n": 22, "ci_lower": [80.0, 2.0], "ci_upper": [95.0, 20.0],
                         "suppressed": [False, True]})
    sentences = draft_sentences(rows)
    assert [s.categories for s in sentences] == [("Goed",)]
    with pytest.raises(KeyError, match="Slecht"):
        describe(rows, "Slecht")
    assert draft_sentences(rows.assign(suppressed=True)) == []


def test_min_cell_counts_never_reach_the_text(bundled_distributions):
    """With --min-cell 5 no sentence names a suppressed (small or complement) count."""
    from survey_inventory.privacy import apply_min_cell

    dist = apply_min_cell({"distributions": bundled_distributions}, 5)["distributions"]
    described = 0
    for _, rows in dist.groupby(["sector", "respondent_type", "measure"]):
        for s in draft_sentences(rows):
            [row] = rows[rows["category_label"] == s.categories[0]].itertuples()
            assert not row.suppressed and s.count >= 5, s.text
            described += 1
    assert described >= 10          # 12 sentences survive --min-cell 5 in the bundled study


def test_module_is_pure():
    source = Path(prose.__file__).read_text(encoding="utf-8")
    for word in ("open(", "write_", "read_csv", "Path(", "matplotlib"):
        assert word not in source, word
