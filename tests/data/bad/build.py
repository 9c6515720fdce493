"""Write the corpus of broken inputs in this folder (see README.md).

Each case is a complete codebook ``<case>.yaml`` that ``survey-inventory validate``
or ``analyze`` can be run on by hand, plus the data file it points to. The files
are committed; this script only documents how they were made and rebuilds them:

    .venv/bin/python tests/data/bad/build.py
"""
from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent

BASE = {
    "study": {"id": "bad-input", "title": "Kapotte invoer"},
    "respondent_types": [{"id": "province", "label": "provincies", "population": 12},
                         {"id": "amr", "label": "AMR's", "population": 35}],
    "sources": [{"id": "main", "file": "good.csv", "id_column": "id",
                 "respondent_type": {"column": "type", "values": {1: "province", 2: "amr"}}}],
    "scales": {
        "fam": {"codes": [{"code": 1, "label": "Goed"}, {"code": 2, "label": "Redelijk"},
                          {"code": 3, "label": "Zeer slecht"}], "missing": [9]},
        "inv": {"codes": [{"code": 1, "label": "Actief betrokken"}, {"code": 2, "label": "Niet betrokken"},
                          {"code": 3, "label": "Weet ik niet", "substantive": False}]},
    },
    "sectors": [{"id": "care", "label": "zorg en welzijn", "collaborations": "regionale wgo's"}],
    "items": [
        {"id": "fam", "sector": "care", "measure": "familiarity", "column": "fam", "scale": "fam"},
        {"id": "inv", "sector": "care", "measure": "involvement", "column": "inv", "scale": "inv",
         "asked_if": "fam != 3"},
    ],
}
HEADER = "id;type;fam;inv"
ROWS = ["p1;1;1;1", "p2;1;2;2", "p3;1;3;", "a1;2;1;1", "a2;2;2;3"]


def csv(lines, *, encoding="utf-8") -> bytes:
    return ("\n".join(lines) + "\n").encode(encoding)


def codebook(case: str, data_file: str | None = None, **source) -> dict:
    cb = copy.deepcopy(BASE)
    cb["study"]["id"] = case.replace("_", "-")
    cb["sources"][0]["file"] = data_file or f"{case}.csv"
    cb["sources"][0].update(source)
    return cb


def write_yaml(case: str, cb: dict) -> None:
    text = f"# Broken-input case '{case}': see README.md in this folder.\n"
    text += yaml.safe_dump(cb, allow_unicode=True, sort_keys=False)
    (HERE / f"{case}.yaml").write_text(text, encoding="utf-8")


def xlsx(path: Path, rows, merge: str | None = None) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    if merge:
        sheet.merge_cells(merge)
    stamp = dt.datetime(2025, 1, 1)
    book.properties.created = book.properties.modified = stamp
    book.properties.creator = "tests/data/bad/build.py"
    book.save(path)


def cells(line: str) -> list:
    return [int(v) if v.isdigit() else (v or None) for v in line.split(";")]


def main() -> None:
    (HERE / "good.csv").write_bytes(csv([HEADER] + ROWS))
    data = {
        "empty": b"",
        "header_only": csv([HEADER]),
        "unknown_column": csv(["id;type;famm;inv"] + ROWS),
        "missing_id_column": csv(["nr;type;fam;inv"] + ROWS),
        "missing_id": csv([HEADER] + ROWS[:2] + [";1;3;"] + ROWS[3:]),
        "duplicate_ids": csv([HEADER] + ROWS + ["p2;2;1;1"]),
        "code_outside_scale": csv([HEADER, ROWS[0], "p2;1;7;2"] + ROWS[2:]),
        "text_in_numeric": csv([HEADER, ROWS[0], "p2;1;goed;2"] + ROWS[2:]),
        "unknown_respondent_type": csv([HEADER] + ROWS + ["x1;4;1;1"]),
        "wrong_delimiter": csv([line.replace(";", ",") for line in [HEADER] + ROWS]),
        # pasted together: one accented id in UTF-8, the next in cp1252
        "mixed_encodings": csv([HEADER] + ROWS[:3] + ["aé1;2;1;1"]) + csv(["aé2;2;2;3"], encoding="cp1252"),
        "bom_wrong_encoding": csv([HEADER] + ROWS, encoding="utf-8-sig"),
        "second_header_row": csv([HEADER, "Respondent;Soort;Bekendheid;Betrokkenheid"] + ROWS),
    }
    for case, raw in data.items():
        (HERE / f"{case}.csv").write_bytes(raw)
        extra = {"delimiter": ";"} if case == "wrong_delimiter" else {}
        extra |= {"encoding": "cp1252"} if case == "bom_wrong_encoding" else {}
        write_yaml(case, codebook(case, **extra))

    xlsx(HERE / "merged_header.xlsx", [["Respondent", None, "Zorg", None], ["id", "type", "fam", "inv"]]
         + [cells(r) for r in ROWS], merge="C1:D1")
    write_yaml("merged_header", codebook("merged_header", "merged_header.xlsx"))
    xlsx(HERE / "two_header_rows.xlsx", [cells(HEADER), ["Respondent", "Soort", "Hoe goed kent u de wgo?",
                                                         "Hoe betrokken bent u?"]] + [cells(r) for r in ROWS])
    write_yaml("two_header_rows", codebook("two_header_rows", "two_header_rows.xlsx"))
    (HERE / "not_a_workbook.xlsx").write_bytes(csv([HEADER] + ROWS))
    write_yaml("not_a_workbook", codebook("not_a_workbook", "not_a_workbook.xlsx"))

    import pandas as pd
    import pyreadstat

    frame = pd.DataFrame({"id": ["p1", "p2", "p3", "a1", "a2"], "type": [1.0, 1, 1, 2, 2],
                          "fam": [1.0, 2, 3, 1, 2], "inv": [1.0, 2, None, 1, 3]})
    pyreadstat.write_sav(frame, str(HERE / "spss_labels.sav"), variable_value_labels={
        "fam": {1: "Slecht", 2: "Redelijk", 3: "Zeer slecht"},   # code 1 is 'Goed' in the codebook
        "inv": {1: "Actief betrokken", 2: "Niet betrokken", 3: "Weet ik niet"}})
    write_yaml("spss_labels", codebook("spss_labels", "spss_labels.sav"))

    # codebooks that are wrong in themselves (they point at good.csv)
    cb = codebook("unknown_scale", "good.csv")
    cb["items"][0]["scale"] = "familarity"
    write_yaml("unknown_scale", cb)
    cb = codebook("unknown_routing_item", "good.csv")
    cb["items"][1]["asked_if"] = "fam_zorg != 3"
    write_yaml("unknown_routing_item", cb)
    cb = codebook("routing_executes", "good.csv")   # routing that eval() or DataFrame.query would run
    cb["items"][1]["asked_if"] = "__import__('os').system('touch pwned-by-codebook') == 0 or fam != 3"
    write_yaml("routing_executes", cb)
    write_yaml("missing_data_file", codebook("missing_data_file", "not_there.csv"))
    (HERE / "yaml_syntax.yaml").write_text(
        "# Broken-input case 'yaml_syntax': see README.md in this folder.\n"
        "study:\n  id: yaml-syntax\n  title: [Kapotte invoer\nrespondent_types: []\n", encoding="utf-8")
    (HERE / "executes.yaml").write_text(
        "# Broken-input case 'executes': a codebook that tries to run a command.\n"
        "study: !!python/object/apply:os.system ['touch pwned-by-codebook']\n", encoding="utf-8")
    (HERE / "alias_bomb.yaml").write_text(
        "# Broken-input case 'alias_bomb': 'billion laughs', 9**8 values once the aliases are expanded.\n"
        "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
        + "".join(f"{k}: &{k} [{', '.join([f'*{p}'] * 9)}]\n" for p, k in zip("abcdefg", "bcdefgh"))
        + "study: {id: bomb, title: Bom}\n", encoding="utf-8")
    (HERE / "not_a_mapping.yaml").write_text(
        "# Broken-input case 'not_a_mapping'.\n- study\n- items\n", encoding="utf-8")


if __name__ == "__main__":
    main()
