"""The inventory of collaborations (survey_inventory/load/inventory.py): the bundled file against
the report, and the loader's errors.

REPORT_LINES are table rows of the seed report (Bureau Bartels 2025, tables 2.1,
4.1, 5.1 and 6.1) exactly as the PDF text extraction printed them: the label, one
space, then one token per column ("x" or empty) joined by single spaces, and a
trailing space. Where a row fits on one line, that spacing still says which column
an "x" is in. Rows that wrapped in the PDF lost it; for those, the test checks
the report's prose instead.
"""
import pandas as pd
import pytest

from survey_inventory.errors import SurveyInputError
from survey_inventory.load.inventory import load_inventory

REPORT_LINES = {
    "2.1": ["Werkgevers  x x x x x x ", "VNO-NCW en/of MKB NL       ", "O&O-fondsen       ", "Vakbonden       ",
            "SBB       ", "UWV       ", "Gemeenten x      ", "Regionale werkcentra       ",
            "Werkgeversservicepunten       ", "Provincies       ", "Onderwijsinstellingen x   x x  "],
    "4.1": ["Werkgevers  x x x x x ", "VNO-NCW en/of MKB NL      ", "O&O-fondsen      ", "Vakbonden      ",
            "SBB      ", "UWV      ", "Gemeenten  x x   ", "Regionale werkcentra      ",
            "Werkgeversservicepunten      ", "Provincies      ", "Onderwijsinstellingen x x x x x "],
    "5.1": ["Werkgevers      ", "VNO-NCW en/of MKB NL  x x  ", "O&O fondsen x x x x ", "Vakbonden x x x  ",
            "SBB     ", "UWV x x   ", "Gemeenten x  x  ", "Regionale werkcentra x x x  ", "Werkgeversservicepunten x    ",
            "Provincies x  x x ", "Onderwijsinstellingen  x   ", "Regionaal scholingsfonds   x  ",
            "Kennis- of adviescentra  x x x "],
    "6.1": ["Werkgevers  x  x  ", "VNO-NCW en/of MKB NL x    ", "O&O-fondsen   x  ", "Vakbonden     ", "SBB   x  ",
            "UWV   x  ", "Gemeenten x  x  ", "Regionale werkcentra   x  ", "Werkgeversservicepunten   x  ",
            "Provincies x  x  ", "Onderwijsinstellingen x x x x ", "Regionale scholingsfondsen   x  "],
}
LABELS = {"Werkgevers ": "werkgevers", "VNO-NCW en/of MKB NL": "vno_ncw_mkb", "O&O-fondsen": "oo_fondsen",
          "O&O fondsen": "oo_fondsen", "Vakbonden": "vakbonden", "SBB": "sbb", "UWV": "uwv", "Gemeenten": "gemeenten",
          "Regionale werkcentra": "regionale_werkcentra", "Werkgeversservicepunten": "werkgeversservicepunten",
          "Provincies": "provincies", "Onderwijsinstellingen": "onderwijsinstellingen",
          "Regionale scholingsfondsen": "regionale_scholingsfondsen",
          "Regionaal scholingsfonds": "regionale_scholingsfondsen", "Kennis- of adviescentra": "kennis_adviescentra"}


def _cells(line, n):
    label = next(lab for lab in sorted(LABELS, key=len, reverse=True) if line.startswith(lab))
    body = line[len(label) + 1:-1]  # one space after the label, one at the end
    cells = body.split(" ") if body else []
    assert len(cells) == n, (line, cells)
    return LABELS[label], [c == "x" for c in cells]


@pytest.fixture(scope="module")
def inventory(bundled_codebook):
    return load_inventory(bundled_codebook)


def _who(inv, table, party):
    rows = inv[inv["report_table"] == table]
    return set(rows.loc[rows[party], "name"])


@pytest.mark.parametrize("table", sorted(REPORT_LINES))
def test_single_line_rows_match_the_report_column_by_column(inventory, table):
    columns = inventory[inventory["report_table"] == table]
    for line in REPORT_LINES[table]:
        party, marks = _cells(line, len(columns))
        assert columns[party].tolist() == marks, (table, line)


def test_wrapped_rows_follow_the_prose(inventory):
    care, green = "2.1", "4.1"
    # "Andere partijen zijn in ieder geval geen aangesloten participant van de wgo"
    assert not inventory.loc[inventory["report_table"] == care, "werkgeversverenigingen"].any()
    assert not inventory.loc[inventory["report_table"] == care, "regionale_scholingsfondsen"].any()
    # "werkgevers, georganiseerde werkgevers-/ondernemingsverenigingen en publieke onderwijsinstellingen in alle hotspots"
    assert inventory.loc[inventory["report_table"] == green, "werkgeversverenigingen"].all()
    assert not inventory.loc[inventory["report_table"] == green, "regionale_scholingsfondsen"].any()
    # "Werkgevers-/ondernemersverenigingen en O&O-fondsen participeren in alle vier"
    assert inventory.loc[inventory["report_table"] == "5.1", "werkgeversverenigingen"].all()
    # 6.1: employers' associations "soms ... in een van de samenwerkingsverbanden": the HIP (x in the first column)
    assert _who(inventory, "6.1", "werkgeversverenigingen") == {"IT verband Zuid-Holland (HIP)"}


def test_prose_of_the_care_chapter(inventory):
    care = inventory[inventory["report_table"] == "2.1"]
    assert len(care) == 6 and care["werkgevers"].all()                     # "bij alle verbanden werkgevers"
    assert _who(inventory, "2.1", "onderwijsinstellingen") == {"ZorgpleinNoord", "deRotterdamseZorg", "Viazorg"}
    assert _who(inventory, "2.1", "gemeenten") == {"ZorgpleinNoord"}       # "Bij slechts één wgo ... gemeenten"


def test_prose_of_the_other_chapters(inventory, bundled_codebook):
    assert len(_who(inventory, "4.1", "gemeenten")) == 2                   # "Gemeenten zijn bij twee van de hotspots"
    assert _who(inventory, "4.1", "gemeenten") == {"Groene hotspot Zeeland Scalda", "Groene ruimte Terra Groningen"}
    assert inventory.loc[inventory["report_table"] == "5.1", "oo_fondsen"].all()
    ict = inventory[inventory["report_table"] == "6.1"]
    parties = [p.id for p in bundled_codebook.inventory_parties]
    in_all = [p for p in parties if ict[p].all()]
    assert in_all == ["onderwijsinstellingen"]                             # "als enige type partij in al deze"
    for label in ("Make IT Work Amsterdam", "IT Academy Noord Nederland"):  # labels under a university of applied sc.
        row = ict[ict["name"] == label].iloc[0]
        assert [p for p in parties if row[p]] == ["onderwijsinstellingen"]


def test_attributes(inventory):
    assert inventory["sector"].value_counts().to_dict() == {"care": 6, "green": 5, "tech": 4, "ict": 4}
    zp = inventory.set_index("id").loc["zorgpleinnoord"]
    assert (zp["founding_year"], zp["members"], zp["legal_form"]) == (2001, 300, "stichting")
    assert inventory.set_index("id").loc["spt_midden", "members"] is pd.NA
    assert str(inventory["founding_year"].dtype) == "Int64"


# -- the loader's errors --------------------------------------------------------------

def _write(tmp_path, bundled_codebook, edit):
    frame = pd.read_csv(bundled_codebook.base_dir / bundled_codebook.inventory, dtype=str, keep_default_na=False)
    frame = edit(frame)
    path = tmp_path / "inv.csv"
    frame.to_csv(path, index=False)
    return path


@pytest.mark.parametrize("edit, row, column, words", [
    (lambda f: f.drop(columns="gemeenten"), None, "gemeenten", "lacks a column"),
    (lambda f: f.assign(id=["zorgpleinnoord"] * len(f)), 3, "id", "used twice"),
    (lambda f: f.assign(sector=["care"] * 3 + ["zorg"] + ["care"] * (len(f) - 4)), 5, "sector", "unknown sector"),
    (lambda f: f.assign(founding_year=["2001"] * 2 + ["ca. 1982"] + ["2001"] * (len(f) - 3)), 4, "founding_year",
     "whole number"),
    (lambda f: f.assign(members=["12"] + ["-3"] + ["1"] * (len(f) - 2)), 3, "members", "whole number"),
    (lambda f: f.assign(uwv=[""] * 5 + ["ja"] + [""] * (len(f) - 6)), 7, "uwv", "'x'"),
    (lambda f: f.assign(legal_form=["bv"] + list(f["legal_form"][1:])), 2, "legal_form", "legal form"),
    (lambda f: f.assign(name=[""] + list(f["name"][1:])), 2, "name", "needs a name"),
])
def test_bad_inventory_is_reported_with_file_row_and_column(tmp_path, bundled_codebook, edit, row, column, words):
    path = _write(tmp_path, bundled_codebook, edit)
    with pytest.raises(SurveyInputError) as err:
        load_inventory(bundled_codebook, path)
    message = str(err.value)
    assert str(path) in message and f"column {column!r}" in message and words in message
    if row is not None:
        assert f"row {row}," in message


def test_missing_inventory_file(tmp_path, bundled_codebook):
    with pytest.raises(SurveyInputError, match="not found"):
        load_inventory(bundled_codebook, tmp_path / "nothing.csv")


def test_spaces_and_upper_case_x_are_accepted(tmp_path, bundled_codebook):
    path = _write(tmp_path, bundled_codebook, lambda f: f.assign(werkgevers=[" X"] * len(f)))
    assert load_inventory(bundled_codebook, path)["werkgevers"].all()


def test_a_cp1252_inventory_is_read_with_the_loaders_rules(tmp_path, bundled_codebook):
    """The inventory is decoded like every source (load/text.py), so a Dutch Excel export works."""
    frame = pd.read_csv(bundled_codebook.base_dir / bundled_codebook.inventory, dtype=str, keep_default_na=False)
    frame.loc[0, "name"] = "Zorgplein Noord één"
    path = tmp_path / "inv.csv"
    path.write_bytes(frame.to_csv(index=False).encode("cp1252"))
    assert load_inventory(bundled_codebook, path).loc[0, "name"] == "Zorgplein Noord één"


def test_mixed_encodings_in_the_inventory_name_the_line(tmp_path, bundled_codebook):
    frame = pd.read_csv(bundled_codebook.base_dir / bundled_codebook.inventory, dtype=str, keep_default_na=False)
    text = frame.to_csv(index=False).split("\n")
    raw = ("\n".join(text[:2]) + "\n").encode("utf-8") + "café\n".encode("cp1252") + "é\n".encode("utf-8")
    path = tmp_path / "inv.csv"
    path.write_bytes(raw)
    with pytest.raises(SurveyInputError, match="mixed encodings: line 3 is not UTF-8"):
        load_inventory(bundled_codebook, path)
