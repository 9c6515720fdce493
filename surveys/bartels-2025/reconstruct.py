"""Rebuild the synthetic raw exports of the Bartels (2025) study from its published figures.

THE ROWS ARE SYNTHETIC. Bureau Bartels published aggregates only (percentages with
N per figure); this script chooses, for every figure, whole-number counts that
reproduce what the report printed (or come closest where the print is impossible,
see README.md), splits the report's collapsed categories into the 5-point scale
codes so that the routing of the questionnaire gives the report's bases, and deals
the answers out over synthetic respondents with a fixed seed.

Run from the repository root:  python surveys/bartels-2025/reconstruct.py [OUT_DIR]
It writes (into this folder, or OUT_DIR) digital_questionnaire.csv (provinces and AMR's; semicolon-separated,
UTF-8 with BOM, as Dutch Excel exports it) and fund_interviews.xlsx (funds).
"""
from __future__ import annotations

import random
from pathlib import Path

HERE = Path(__file__).resolve().parent
SEED = 2025

N_RESPONDENTS = {"province": 9, "amr": 27, "fund": 9}

# Familiarity codes: 1 zeer goed, 2 goed, 3 redelijk/deels, 4 slecht, 5 zeer slecht, 9 geen antwoord.
# Involvement codes: 1 actief betrokken, 2 in contact, 3 niet betrokken, 4 weet ik niet.
# Routing (questionnaire): involvement asked unless familiarity is 5 or missing; funds (interviews): asked
# whenever familiarity was answered. Each entry: code -> count; figure numbers in comments.
FAMILIARITY = {
    ("care", "province"): {1: 1, 2: 2, 3: 4, 4: 2},                  # fig 2.3: 33/44/22, N=9
    ("care", "amr"): {1: 4, 2: 10, 3: 11, 4: 1, 5: 1},               # fig 2.5: 52/41/7, N=27
    ("care", "fund"): {1: 3, 2: 5, 4: 1},                            # fig 2.7: 89/(0)/11, N=9
    ("green", "province"): {3: 3, 5: 6},                             # fig 4.2: 33/67 (printed 66), N=9
    ("green", "amr"): {2: 3, 3: 3, 5: 21},                           # fig 4.3: 11/11/78, N=27 (printed 28)
    ("green", "fund"): {3: 4, 4: 3, 5: 2},                           # fig 4.5: 44/56, N=9
    ("tech", "province"): {1: 3, 2: 5, 3: 1},                        # fig 5.2: 89/11, N=9
    ("tech", "amr"): {1: 5, 2: 10, 3: 7, 4: 2, 5: 2, 9: 1},          # fig 5.4: 58/27/15 (printed 57/29/14), N=26
    ("tech", "fund"): {1: 3, 2: 4, 3: 2},                            # fig 5.6: no numbers printed; "ruime meerderheid"
    ("ict", "province"): {1: 2, 2: 4, 3: 3},                         # fig 6.1: 67/33, N=9
    ("ict", "amr"): {1: 1, 2: 4, 3: 4, 4: 4, 5: 12, 9: 2},           # fig 6.3: 20/16/64, N=25
    ("ict", "fund"): {2: 3, 4: 3, 5: 2, 9: 1},                       # fig 6.5: 38/63, N=8
}
INVOLVEMENT = {
    ("care", "province"): {1: 4, 2: 1, 3: 4},                       # fig 2.4: 44/11/44, N=9
    ("care", "amr"): {1: 12, 2: 6, 3: 5, 4: 3},                      # fig 2.6: 46/23/19/12, N=26
    ("care", "fund"): {1: 4, 2: 3, 3: 2},                            # fig 2.8: 44/33/22, N=9
    ("green", "province"): {2: 1, 3: 2},                             # no figure; text: one of the three had contact
    ("green", "amr"): {1: 3, 2: 1, 4: 2},                            # fig 4.4: 50/17/33, N=6
    ("green", "fund"): {2: 1, 3: 8},                                 # fig 4.6: 11/89, N=9
    ("tech", "province"): {1: 4, 2: 5},                              # fig 5.3: 44/56, N=9
    ("tech", "amr"): {1: 10, 2: 10, 3: 2, 4: 2},                     # fig 5.5: 42/42/8/8 (printed 40/41/8/8), N=24
    ("tech", "fund"): {1: 6, 2: 1, 3: 2},                            # fig 5.7: no numbers; "twee derde" active
    ("ict", "province"): {1: 7, 2: 1, 3: 1},                         # fig 6.2: 78/11/11, N=9
    ("ict", "amr"): {1: 6, 2: 4, 3: 3},                              # fig 6.4: 46/31/23, N=13
    ("ict", "fund"): {1: 1, 2: 1, 3: 6},                             # fig 6.6: 13/13/75, N=8
}
# Success factors AMR's named for the care employers' organisations (report section 2.4).
SUCCESS_CARE = {1: 5, 2: 5, 3: 4, 4: 3, 5: 2, 6: 2}
COLUMNS = {"care": "zorg", "green": "groen", "tech": "techniek", "ict": "ict"}

# Open answers to "Kunt u uw antwoord toelichten?" on the care collaborations (column toelichting_zorg),
# given to the first AMR's (in id order) that are actively involved with the regional wgo's; no random
# draw is used, so every other cell stays as it was. The first two are the AMR quotes the report prints
# (section 2.3); the last two are SYNTHETIC and exist to test the package: one names a (made-up) person,
# one starts with '=' as a hand-typed answer can, which a spreadsheet would run as a formula.
OPEN_CARE = [
    "We kennen elkaar en hebben waar nodig onderling afstemming en overleg. We analyseren de gezamenlijke "
    "opgave(n) en proberen daarin samen op te trekken, met respect voor ieders eigen opgave(n).",
    "In onze regio probeert men grensontkennend te werken, met als potentieel nadeel dat de opgaven "
    "grenzeloos worden. We moeten vaak afstemmen ‘van wie een opgave is’.",
    "Via Jan de Vries (wgo) lopen de lijnen kort; hij belt ons als er iets speelt.",
    "=zie het antwoord bij de vorige vraag",
]


def csv_cell(text: str) -> str:
    """A cell of the ';'-separated export, quoted as Excel quotes it when it must be."""
    return f'"{text.replace(chr(34), chr(34) * 2)}"' if any(ch in text for ch in ';"\r\n') else text


def asked(type_id: str, familiarity) -> bool:
    if familiarity is None or familiarity == 9:
        return False
    return type_id == "fund" or familiarity != 5


def deal(rng: random.Random, type_id: str, ids: list[str]) -> dict[str, dict[str, int | None]]:
    """Assign codes to respondents: familiarity shuffled per sector; involvement given to those
    routed to it, the most familiar getting the most involved answers (a plausible association)."""
    answers = {rid: {} for rid in ids}
    for sector, col in COLUMNS.items():
        fam_codes = [c for c, k in sorted(FAMILIARITY[(sector, type_id)].items()) for _ in range(k)]
        assert len(fam_codes) == len(ids), (sector, type_id)
        order = ids[:]
        rng.shuffle(order)
        for rid, code in zip(order, fam_codes):
            answers[rid][f"bek_{col}"] = code
        routed = [rid for rid in order if asked(type_id, answers[rid][f"bek_{col}"])]
        inv_codes = [c for c, k in sorted(INVOLVEMENT[(sector, type_id)].items()) for _ in range(k)]
        assert len(inv_codes) == len(routed), (sector, type_id, len(inv_codes), len(routed))
        dont_know = [c for c in inv_codes if c == 4]
        substantive = [c for c in inv_codes if c != 4]
        by_familiarity = sorted(routed, key=lambda r: (answers[r][f"bek_{col}"], rng.random()))
        for rid, code in zip(by_familiarity, substantive + dont_know):
            answers[rid][f"betr_{col}"] = code
        for rid in ids:
            answers[rid].setdefault(f"betr_{col}", None)
    return answers


def _fixed_zip(path: Path, stamp) -> None:
    """Rewrite the workbook's zip entries with one fixed date, so a rebuild gives the same bytes."""
    import io
    import re
    import zipfile

    src = zipfile.ZipFile(io.BytesIO(path.read_bytes()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=stamp.timetuple()[:6])
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            payload = src.read(info.filename)
            if info.filename == "docProps/core.xml":  # openpyxl stamps 'modified' with the time of saving
                payload = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>" + stamp.strftime("%Y-%m-%dT%H:%M:%SZ").encode(),
                                 payload)
            dst.writestr(entry, payload)
    path.write_bytes(out.getvalue())


def main(out: Path = HERE) -> None:
    out = Path(out)
    rng = random.Random(SEED)
    header = ["respondent_id", "type"] + [f"{m}_{c}" for c in COLUMNS.values() for m in ("bek", "betr")] + ["succes_zorg"]
    lines = [";".join(header + ["toelichting_zorg"])]
    for type_id, type_code, prefix in (("province", 1, "PRV"), ("amr", 2, "AMR")):
        ids = [f"{prefix}-{k:02d}" for k in range(1, N_RESPONDENTS[type_id] + 1)]
        answers = deal(rng, type_id, ids)
        success = {rid: [] for rid in ids}
        if type_id == "amr":
            involved = [r for r in ids if answers[r]["betr_zorg"] in (1, 2)]
            for code, k in SUCCESS_CARE.items():
                for rid in rng.sample(involved, k):
                    success[rid].append(code)
        active = [r for r in ids if answers[r]["betr_zorg"] == 1] if type_id == "amr" else []
        open_care = dict(zip(active, OPEN_CARE))
        for rid in ids:
            row = [rid, str(type_code)]
            row += ["" if answers[rid][h] is None else str(answers[rid][h]) for h in header[2:-1]]
            row.append(",".join(str(c) for c in sorted(success[rid])))
            row.append(csv_cell(open_care.get(rid, "")))
            lines.append(";".join(row))
    (out / "digital_questionnaire.csv").write_bytes(("\ufeff" + "\r\n".join(lines) + "\r\n").encode("utf-8"))

    import openpyxl

    ids = [f"RSF-{k:02d}" for k in range(1, N_RESPONDENTS["fund"] + 1)]
    answers = deal(rng, "fund", ids)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Fondsen"
    fund_header = ["fonds_id"] + header[2:-1]
    sheet.append(fund_header)
    for rid in ids:
        sheet.append([rid] + [answers[rid][h] for h in fund_header[1:]])
    # fixed workbook metadata so that a rebuild gives the same bytes
    import datetime as dt

    stamp = dt.datetime(2025, 3, 31, 12, 0, 0)
    book.properties.created = stamp
    book.properties.modified = stamp
    book.properties.creator = "survey-inventory reconstruct.py"
    book.save(out / "fund_interviews.xlsx")
    _fixed_zip(out / "fund_interviews.xlsx", stamp)


if __name__ == "__main__":
    import sys

    main(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE)
