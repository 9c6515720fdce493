"""Write a SYNTHETIC second wave of the bundled Bartels (2025) study.

THE ROWS ARE SYNTHETIC: no second wave of the Bartels inventory exists. This script
takes the (themselves synthetic) first-wave rows in ../bartels-2025/ and lets every
unit change plausibly with a fixed seed:

* familiarity moves one step better with probability 0.30 (0.65 for the AMR's on
  ICT, so that the change dot plot has a change whose interval excludes zero), one
  step worse with probability 0.10, and otherwise stays;
* involvement follows the routing (not asked when familiarity is 'zeer slecht' or
  missing, funds: asked whenever familiarity was answered); an answer moves one step
  towards 'actief betrokken' with probability 0.30, 'weet ik niet' becomes 'in
  contact' with probability 0.5, a newly asked unit draws an answer;
* province PRV-05 did not answer again; province PRV-10 answered only this time;
* the second questionnaire relabelled involvement code 2 ('in contact' became
  'incidenteel contact') and codes 'weet ik niet' as 8 instead of 4 -- declared in
  codebooks/bartels-2025-waves.yaml (``category_map``);
* the funds' answers come as a CSV export this time, not a workbook.

Run from the repository root:  python surveys/bartels-2025-w2/generate.py [OUT_DIR]
Rerunning it gives the same bytes.
"""
from __future__ import annotations

import csv
import io
import random
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
WAVE1 = HERE.parent / "bartels-2025"
SEED = 2026
SECTORS = ("zorg", "groen", "techniek", "ict")
DONT_KNOW_W1, DONT_KNOW_W2 = "4", "8"
DROPPED, ADDED, ADDED_LIKE = "PRV-05", "PRV-10", "PRV-03"


def _asked(fund: bool, familiarity: str) -> bool:
    return familiarity not in ("", "9") and (fund or familiarity != "5")


def _familiarity(rng: random.Random, code: str, better: float) -> str:
    if code in ("", "9"):
        return code
    f, u = int(code), rng.random()
    if u < better and f > 1:
        return str(f - 1)
    if better <= u < better + 0.10 and f < 5:
        return str(f + 1)
    return code


def _involvement(rng: random.Random, old: str) -> str:
    if old == "":
        return rng.choice(["2", "3", DONT_KNOW_W2])
    if old == DONT_KNOW_W1:
        return "2" if rng.random() < 0.5 else DONT_KNOW_W2
    if old in ("2", "3") and rng.random() < 0.30:
        return str(int(old) - 1)
    return old


def next_wave(rng: random.Random, row: dict, fund: bool, amr: bool) -> dict:
    """The unit's second-wave answers from its first-wave row (same columns)."""
    out = dict(row)
    for sector in SECTORS:
        bek, betr = f"bek_{sector}", f"betr_{sector}"
        if bek not in row:
            continue
        out[bek] = _familiarity(rng, row[bek], 0.65 if (amr and sector == "ict") else 0.30)
        out[betr] = _involvement(rng, row[betr]) if _asked(fund, out[bek]) else ""
    return out


def _read_questionnaire() -> tuple[list[str], list[dict]]:
    text = (WAVE1 / "digital_questionnaire.csv").read_bytes().decode("utf-8-sig")
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=";")
    return list(reader.fieldnames), [dict(r) for r in reader]


def _read_funds() -> tuple[list[str], list[dict]]:
    import openpyxl

    sheet = openpyxl.load_workbook(WAVE1 / "fund_interviews.xlsx", read_only=True)["Fondsen"]
    rows = [["" if v is None else str(int(v)) if isinstance(v, float) else str(v) for v in r]
            for r in sheet.iter_rows(values_only=True)]
    return rows[0], [dict(zip(rows[0], r)) for r in rows[1:]]


def _csv_bytes(header: list[str], rows: list[dict], bom: bool) -> bytes:
    buf = io.StringIO(newline="")
    writer = csv.DictWriter(buf, header, delimiter=";", lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return (("\ufeff" if bom else "") + buf.getvalue()).encode("utf-8")


def main(out: Path = HERE) -> None:
    rng = random.Random(SEED)
    header, rows = _read_questionnaire()
    wave2 = []
    for row in rows:
        new = next_wave(rng, row, fund=False, amr=row["type"] == "2")
        new["toelichting_zorg"] = ""  # open answers are not carried over
        if row["respondent_id"] != DROPPED:
            wave2.append(new)
        if row["respondent_id"] == ADDED_LIKE:
            added = next_wave(rng, row, fund=False, amr=False)
            wave2.append({**added, "respondent_id": ADDED, "succes_zorg": "", "toelichting_zorg": ""})
    wave2.sort(key=lambda r: (r["type"], r["respondent_id"]))
    out.mkdir(parents=True, exist_ok=True)
    (out / "digital_questionnaire.csv").write_bytes(_csv_bytes(header, wave2, bom=True))
    fund_header, funds = _read_funds()
    (out / "fund_interviews.csv").write_bytes(
        _csv_bytes(fund_header, [next_wave(rng, r, fund=True, amr=False) for r in funds], bom=False))


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE)
