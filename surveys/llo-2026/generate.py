"""Write the synthetic raw exports of the second bundled study (llo-2026).

THE ROWS ARE SYNTHETIC. No municipality, employer or college in these files exists;
names, codes and answers are drawn with a fixed seed so that the study exercises what
the first bundled study does not (see README.md beside this file).

Run from the repository root:  python surveys/llo-2026/generate.py [OUT_DIR]
It writes (into this folder, or OUT_DIR):

- ``gemeenten.csv``: the municipalities' web survey, ';'-separated, Windows-1252
  (cp1252), CRLF line ends, as an older Dutch Excel saves "CSV (gescheiden door
  lijstscheidingsteken)"; 120 of the 342 municipalities of the frame responded.
- ``gemeenten_frame.csv``: the population frame of all 342 municipalities (code, name,
  province, size class, urban/rural), UTF-8.
- ``werkgevers_roc.sav``: the SPSS export of the employers' panel (no known population)
  and the vocational colleges (ROC's, 13 of 18), with value labels, a user-missing range
  (97 thru 99) on the 0-10 ratings and user-missing code 9 on the filter questions.
"""
from __future__ import annotations

import random
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SEED = 2026

SECTORS = ("zorg", "tech", "logistiek")
THEMES = 6
PROVINCES = ("Groningen", "Fryslân", "Drenthe", "Overijssel", "Flevoland", "Gelderland", "Utrecht",
             "Noord-Holland", "Zuid-Holland", "Zeeland", "Noord-Brabant", "Limburg")
SIZE_CLASSES = ("klein", "middel", "groot")             # < 20,000, 20,000-50,000, > 50,000 inhabitants
SIZE_SHARE = (0.40, 0.40, 0.20)
RESPONSE_PROPENSITY = {"klein": 0.22, "middel": 0.36, "groot": 0.62}   # uneven on purpose (issue 16)
N_MUNICIPALITIES, N_RESPONDING = 342, 120
N_EMPLOYERS = 260
N_COLLEGES, N_COLLEGES_RESPONDING = 18, 13
# Syllables for made-up place names, some with the accents cp1252 must carry.
_PARTS = ("Aa", "Bé", "Co", "Dö", "El", "Fa", "Ge", "Hé", "Ij", "Ka", "Lo", "Mé", "Ne", "Oö", "Pa", "Re",
          "Sa", "Te", "Ur", "Ve", "Wo", "Zé")
_ENDS = ("dam", "dorp", "veen", "hoven", "wijk", "broek", "erveld", "loo", "zijl", "rade")


def _place(rng: random.Random, used: set) -> str:
    while True:
        name = rng.choice(_PARTS) + rng.choice(_PARTS).lower() + rng.choice(_ENDS)
        if name not in used:
            used.add(name)
            return name


def frame(rng: random.Random) -> list[dict]:
    """The 342 municipalities with their known attributes."""
    used: set = set()
    rows = []
    for k in range(N_MUNICIPALITIES):
        size = rng.choices(SIZE_CLASSES, SIZE_SHARE)[0]
        rows.append({"gm_code": f"GM{k + 1:04d}", "naam": _place(rng, used),
                     "provincie": PROVINCES[k % len(PROVINCES)], "grootteklasse": size,
                     "stedelijkheid": "stedelijk" if size == "groot" or rng.random() < 0.2 else "landelijk"})
    return rows


def _responding(rng: random.Random, units: list[dict]) -> list[dict]:
    """Exactly N_RESPONDING municipalities, drawn with the size class's propensity."""
    keyed = sorted(units, key=lambda u: rng.random() ** (1 / RESPONSE_PROPENSITY[u["grootteklasse"]]),
                   reverse=True)
    return sorted(keyed[:N_RESPONDING], key=lambda u: u["gm_code"])


def answers(rng: random.Random, kind: str, size: str = "middel") -> dict:
    """One respondent's answers (codes as stored; None = blank, not asked or skipped)."""
    boost = {"klein": -0.15, "middel": 0.0, "groot": 0.2}[size] if kind == "gemeente" else 0.0
    row: dict = {}
    for sector in SECTORS:
        p_know = {"gemeente": 0.55, "werkgever": 0.35, "roc": 0.8}[kind] + boost
        u = rng.random()
        knows = 1 if u < p_know else (8 if u > 0.93 else 2)          # 1 ja, 2 nee, 8 weet ik niet
        if rng.random() < 0.02:
            knows = 9                                                  # geen antwoord (user-missing)
        row[f"bek_{sector}"] = knows
        if knows == 1:                                                 # routing: only who knows it
            row[f"gebr_{sector}"] = 1 if rng.random() < 0.45 + boost else 2
            score = round(rng.gauss(6.6 + 2 * boost, 1.6))
            row[f"tevr_{sector}"] = 97 if rng.random() < 0.05 else min(10, max(0, score))
        else:
            row[f"gebr_{sector}"] = row[f"tevr_{sector}"] = None
    overall = round(rng.gauss(6.2 + 2 * boost, 1.7))
    row["cijfer_regio"] = rng.choice((97, 98, 99)) if rng.random() < 0.06 else min(10, max(0, overall))
    for t in range(1, THEMES + 1):
        row[f"thema_{t}"] = 1 if rng.random() < (0.15 + 0.1 * t if t < THEMES else 0.08) else 0
    return row


_OPEN = ("Goede samenwerking met het ROC en de coöperatie van zorgaanbieders.",
         "Wij zijn geïnteresseerd, maar missen één loket voor werkgevers.",
         "Te veel overleg; 'samen' betekent hier vooral vergaderen.")


def write_csv(rows: list[dict], path: Path) -> None:
    columns = ["gm_code", "naam", *[f"{m}_{s}" for s in SECTORS for m in ("bek", "gebr", "tevr")],
               "cijfer_regio", *[f"thema_{t}" for t in range(1, THEMES + 1)], "toelichting"]
    lines = [";".join(columns)]
    for r in rows:
        cells = ["" if r.get(c) is None else str(r[c]) for c in columns]
        lines.append(";".join(f'"{c}"' if ";" in c else c for c in cells))
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("cp1252"))


def write_sav(rows: list[dict], path: Path) -> None:
    import pandas as pd
    import pyreadstat

    df = pd.DataFrame(rows)
    yes_no_dk = {1.0: "Ja", 2.0: "Nee", 8.0: "Weet ik niet", 9.0: "Geen antwoord"}
    rating = {0.0: "0 Zeer slecht", 10.0: "10 Uitstekend", 97.0: "Weet ik niet", 98.0: "Wil ik niet zeggen",
              99.0: "Geen antwoord"}
    labels = {"type": {2.0: "Werkgever", 3.0: "ROC"}}
    col_labels = {"resp_id": "Respondentnummer", "type": "Type respondent",
                  "cijfer_regio": "Welk rapportcijfer geeft u de samenwerking in de regio?"}
    missing = {"cijfer_regio": [{"lo": 97, "hi": 99}]}
    for s in SECTORS:
        labels[f"bek_{s}"] = yes_no_dk
        labels[f"gebr_{s}"] = {1.0: "Ja", 2.0: "Nee"}
        labels[f"tevr_{s}"] = rating
        missing[f"bek_{s}"] = [9]
        missing[f"tevr_{s}"] = [{"lo": 97, "hi": 99}]
        col_labels[f"bek_{s}"] = f"Kent u het Ontwikkelpunt {s}?"
        col_labels[f"gebr_{s}"] = f"Heeft u het afgelopen jaar gebruikgemaakt van het Ontwikkelpunt {s}?"
        col_labels[f"tevr_{s}"] = f"Hoe tevreden bent u over het Ontwikkelpunt {s} (0-10)?"
    labels["cijfer_regio"] = rating
    for t in range(1, THEMES + 1):
        labels[f"thema_{t}"] = {0.0: "Niet genoemd", 1.0: "Genoemd"}
    pyreadstat.write_sav(df, str(path), column_labels=[col_labels.get(c, c) for c in df.columns],
                         variable_value_labels=labels, missing_ranges=missing)


def main(out: Path = HERE) -> None:
    rng = random.Random(SEED)
    units = frame(rng)
    out.mkdir(parents=True, exist_ok=True)
    with open(out / "gemeenten_frame.csv", "w", encoding="utf-8", newline="") as fh:
        keys = list(units[0])
        fh.write(",".join(keys) + "\n")
        fh.writelines(",".join(u[k] for k in keys) + "\n" for u in units)
    municipalities = []
    for i, u in enumerate(_responding(rng, units)):
        row = {"gm_code": u["gm_code"], "naam": u["naam"], **answers(rng, "gemeente", u["grootteklasse"])}
        row["toelichting"] = _OPEN[i % len(_OPEN)] if i % 17 == 0 else None
        municipalities.append(row)
    write_csv(municipalities, out / "gemeenten.csv")
    panel = []
    for k in range(N_EMPLOYERS):
        panel.append({"resp_id": f"WG{k + 1:04d}", "type": 2, **answers(rng, "werkgever")})
    for k in range(N_COLLEGES_RESPONDING):
        panel.append({"resp_id": f"ROC{k + 1:02d}", "type": 3, **answers(rng, "roc")})
    write_sav(panel, out / "werkgevers_roc.sav")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE)
