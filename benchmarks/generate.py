"""Write a synthetic study of any size: a codebook plus its data files.

The study has the shape of the bundled Bartels (2025) study, scaled up: three
respondent types (provinces, labour-market regions, training funds) in two
sources (a questionnaire holding provinces and AMR's, told apart by a type
column, and an interview file holding the funds), a familiarity item and a
routed involvement item per sector, one delimited and one binary
multi-response set. The answers are drawn with a fixed seed, so the same
arguments always give the same bytes.

    .venv/bin/python benchmarks/generate.py --respondents 1e5 --sectors 20 --format parquet

writes ``benchmarks/_data/n100000-s20-parquet/codebook.yaml`` and the data
files next to it, and prints the codebook's path. Data that is already there
(same arguments, same generator version) is not written again.

The data loads and validates without errors. It has the warnings a real
survey has: item non-response (code 9 "geen antwoord" and empty cells).
"""
from __future__ import annotations

import argparse
import json
import math
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
DATA = HERE / "_data"
VERSION = 1  # bump when the output of the same arguments changes
SEED = 20250101

#: respondent types: (id, label, share of the respondents, prefix of the ids, type code or None)
TYPES = (
    ("province", {"nl": "provincies", "en": "provinces"}, 0.15, "PRV", 1),
    ("amr", {"nl": "AMR's", "en": "labour-market regions"}, 0.55, "AMR", 2),
    ("fund", {"nl": "regionale scholingsfondsen", "en": "regional training funds"}, 0.30, "RSF", None),
)
FAMILIARITY_CODES = (1, 2, 3, 4, 5)
INVOLVEMENT_CODES = (1, 2, 3, 4)
MISSING_CODE = 9
P_MISSING_CODE = 0.02  # "geen antwoord"
P_EMPTY = 0.01         # an empty cell where the question was asked
MULTI_CODES = (1, 2, 3, 4, 5, 6)
BINARY_CODES = (1, 2, 3, 4)


def parse_size(text) -> int:
    """'1e5' -> 100000, '2500' -> 2500."""
    value = float(text)
    if value < 1 or value != int(value):
        raise argparse.ArgumentTypeError(f"not a whole number of respondents: {text!r}")
    return int(value)


def study_dir(respondents: int, sectors: int, fmt: str, root: Path = DATA) -> Path:
    return Path(root) / f"n{respondents}-s{sectors}-{fmt}"


def type_sizes(respondents: int) -> dict[str, int]:
    """Respondents per type, adding up to ``respondents`` (every type at least 1)."""
    sizes = {t[0]: max(1, int(round(respondents * t[2]))) for t in TYPES}
    sizes["amr"] += respondents - sum(sizes.values())
    if min(sizes.values()) < 1:
        raise ValueError("at least 3 respondents, one of each type")
    return sizes


def codebook_dict(respondents: int, sectors: int, fmt: str, *, sampling_fraction: float = 0.8,
                  inference: str = "finite") -> dict:
    """The codebook (as the dict that is written to YAML) of a synthetic study."""
    sizes = type_sizes(respondents)
    ext = {"csv": "csv", "parquet": "parquet"}[fmt]
    types = []
    for type_id, label, _, _, _ in TYPES:
        entry = {"id": type_id, "label": label, "inference": inference}
        if inference == "finite":
            entry["population"] = int(math.ceil(sizes[type_id] / sampling_fraction))
            entry["targeted"] = entry["population"]
        types.append(entry)
    sources = [
        {"id": "questionnaire", "file": f"questionnaire.{ext}", "format": fmt, "id_column": "respondent_id",
         "respondent_type": {"column": "type", "values": {1: "province", 2: "amr"}}},
        {"id": "interviews", "file": f"interviews.{ext}", "format": fmt, "id_column": "fonds_id",
         "respondent_type": "fund"},
    ]
    if fmt == "csv":
        for s in sources:
            s.update({"delimiter": ";", "encoding": "utf-8-sig"})
    sector_ids = [f"s{k:02d}" for k in range(1, sectors + 1)]
    items, figure = [], 0
    for k, sec in enumerate(sector_ids, start=1):
        for measure in ("familiarity", "involvement"):
            figure += 1
            item = {"id": f"{sec}_{measure}", "sector": sec, "measure": measure,
                    "column": f"{'bek' if measure == 'familiarity' else 'betr'}_{sec}", "scale": measure,
                    "figures": {t[0]: f"{k}.{figure}" for t in TYPES}}
            if measure == "familiarity":
                item["report_collapse"] = "report"
            else:
                item["asked_if"] = (f"{sec}_familiarity is not missing and "
                                    f"(respondent_type == fund or {sec}_familiarity != 5)")
            items.append(item)
    first = sector_ids[0]
    multi = [
        {"id": f"{first}_success_factors", "label": {"nl": "Succesfactoren", "en": "Success factors"},
         "sector": first, "respondent_types": ["amr"], "source": "questionnaire", "format": "delimited",
         "column": f"succes_{first}", "separator": ",",
         "codes": [{"code": c, "label": {"nl": f"Factor {c}", "en": f"Factor {c}"}} for c in MULTI_CODES]},
        {"id": f"{first}_bottlenecks", "label": {"nl": "Knelpunten", "en": "Bottlenecks"},
         "sector": first, "respondent_types": ["fund"], "source": "interviews", "format": "binary",
         "columns": {c: f"knel_{first}_{c}" for c in BINARY_CODES},
         "codes": [{"code": c, "label": {"nl": f"Knelpunt {c}", "en": f"Bottleneck {c}"}} for c in BINARY_CODES]},
    ]
    return {
        "study": {"id": f"synthetic-n{respondents}-s{sectors}",
                  "title": {"nl": "Synthetische benchmarkstudie", "en": "Synthetic benchmark study"},
                  "language": "nl", "synthetic_data": True},
        "respondent_types": types,
        "sources": sources,
        "scales": {
            "familiarity": {
                "codes": [{"code": c, "label": {"nl": f"Bekendheid {c}", "en": f"Familiarity {c}"}}
                          for c in FAMILIARITY_CODES],
                "missing": [MISSING_CODE],
                "collapses": {"report": [
                    {"id": "good", "label": {"nl": "(Zeer) goed", "en": "(Very) good"}, "codes": [1, 2]},
                    {"id": "fair", "label": {"nl": "Redelijk/ deels", "en": "Fair/ partly"}, "codes": [3]},
                    {"id": "poor", "label": {"nl": "(Zeer) slecht", "en": "(Very) poor"}, "codes": [4, 5]},
                ]},
            },
            "involvement": {
                "codes": [{"code": c, "label": {"nl": f"Betrokkenheid {c}", "en": f"Involvement {c}"},
                           **({"substantive": False} if c == 4 else {})} for c in INVOLVEMENT_CODES],
                "missing": [MISSING_CODE],
            },
        },
        "measures": [
            {"id": "familiarity", "label": {"nl": "Bekendheid", "en": "Familiarity"},
             "caption": {"nl": "Bekendheid met {collaborations} {sector}", "en": "Familiarity with {collaborations} in {sector}"}},
            {"id": "involvement", "label": {"nl": "Betrokkenheid", "en": "Involvement"},
             "caption": {"nl": "Betrokkenheid bij {collaborations} {sector}", "en": "Involvement in {collaborations} in {sector}"}},
        ],
        "sectors": [{"id": s, "label": {"nl": f"sector {s}", "en": f"sector {s}"},
                     "collaborations": {"nl": "samenwerkingsverbanden", "en": "collaborations"}} for s in sector_ids],
        "items": items,
        "multi_response": multi,
    }


def _answers(rng, n: int, sectors: int, is_fund: bool) -> dict[str, np.ndarray]:
    """Codes per column as float arrays (NaN = empty cell), routing respected."""
    cols = {}
    for k in range(1, sectors + 1):
        sec = f"s{k:02d}"
        # each sector its own familiarity profile, so that estimates differ between sectors
        p = rng.dirichlet(np.full(len(FAMILIARITY_CODES), 2.0))
        fam = rng.choice(np.array(FAMILIARITY_CODES, dtype=float), size=n, p=p)
        u = rng.random(n)
        fam[u < P_MISSING_CODE] = MISSING_CODE
        fam[(u >= P_MISSING_CODE) & (u < P_MISSING_CODE + P_EMPTY)] = np.nan
        answered = ~np.isnan(fam) & (fam != MISSING_CODE)
        asked = answered if is_fund else answered & (fam != 5)
        # the more familiar, the more involved: shift the involvement profile by familiarity
        q = rng.dirichlet(np.full(len(INVOLVEMENT_CODES), 2.0))
        shift = np.where(fam <= 2, 0.0, 1.0)
        inv = rng.choice(np.array(INVOLVEMENT_CODES, dtype=float), size=n, p=q)
        inv = np.minimum(inv + shift * (rng.random(n) < 0.3), max(INVOLVEMENT_CODES))
        v = rng.random(n)
        inv[v < P_MISSING_CODE] = MISSING_CODE
        inv[(v >= P_MISSING_CODE) & (v < P_MISSING_CODE + P_EMPTY)] = np.nan
        inv[~asked] = np.nan
        cols[f"bek_{sec}"] = fam
        cols[f"betr_{sec}"] = inv
    return cols


def _frames(respondents: int, sectors: int):
    """The two source tables as dicts of numpy arrays (codes float with NaN; text as str)."""
    import pandas as pd

    rng = np.random.default_rng(SEED)
    sizes = type_sizes(respondents)
    # questionnaire: provinces and AMR's interleaved, as an export sorted by respondent id would not be
    n_q = sizes["province"] + sizes["amr"]
    types = np.r_[np.full(sizes["province"], 1, dtype=np.int8), np.full(sizes["amr"], 2, dtype=np.int8)]
    rng.shuffle(types)
    ids = np.empty(n_q, dtype=object)
    for code, prefix in ((1, "PRV"), (2, "AMR")):
        where = np.flatnonzero(types == code)
        ids[where] = [f"{prefix}-{k:07d}" for k in range(1, where.size + 1)]
    q = {"respondent_id": ids, "type": types}
    answers = _answers(rng, n_q, sectors, is_fund=False)
    q.update(answers)
    first = "s01"
    # delimited success factors, named only by AMR's: each code with its own probability
    picks = rng.random((n_q, len(MULTI_CODES))) < np.linspace(0.45, 0.1, len(MULTI_CODES))
    picks[types != 2] = False
    text = np.full(n_q, "", dtype=object)
    for j, code in enumerate(MULTI_CODES):
        sep = np.where(text == "", "", ",")
        text = np.where(picks[:, j], text + sep + str(code), text)
    q[f"succes_{first}"] = text

    n_f = sizes["fund"]
    f = {"fonds_id": np.array([f"RSF-{k:07d}" for k in range(1, n_f + 1)], dtype=object)}
    f.update(_answers(rng, n_f, sectors, is_fund=True))
    for j, code in enumerate(BINARY_CODES):
        f[f"knel_{first}_{code}"] = (rng.random(n_f) < 0.2 + 0.1 * j).astype(np.int8)
    return pd.DataFrame(q), pd.DataFrame(f)


def _code_text(frame):
    """Codes as the text a CSV export holds: '3', or '' for an empty cell."""
    out = frame.copy()
    for col in out.columns:
        if out[col].dtype.kind == "f":
            vals = out[col].to_numpy()
            text = np.where(np.isnan(vals), "", np.nan_to_num(vals).astype(np.int64).astype(str))
            out[col] = text
    return out


def _write(frame, path: Path, fmt: str) -> None:
    import pandas as pd

    tmp = path.with_name(path.name + ".tmp")
    if fmt == "csv":
        _code_text(frame).to_csv(tmp, sep=";", index=False, encoding="utf-8-sig", lineterminator="\r\n")
    else:
        out = frame.copy()
        for col in out.columns:
            if out[col].dtype.kind == "f":  # codes: small nullable integers, as statistics packages export them
                out[col] = pd.array(np.where(np.isnan(out[col]), 0, out[col]).astype(np.int8), dtype="Int8")
                out.loc[frame[col].isna(), col] = pd.NA
            elif out[col].dtype == object:
                out[col] = out[col].astype("string")
        out.to_parquet(tmp, index=False, engine="pyarrow", compression="snappy")
    tmp.replace(path)


def _up_to_date(stamp: Path, codebook: Path, params: dict) -> bool:
    """Whether the folder already holds a study generated with these parameters (its stamp says so)."""
    if not (stamp.is_file() and codebook.is_file()):
        return False
    try:
        return json.loads(stamp.read_text()) == params
    except ValueError:
        return False


def generate(respondents: int, sectors: int = 20, fmt: str = "csv", *, root: Path = DATA,
             sampling_fraction: float = 0.8, inference: str = "finite", force: bool = False) -> Path:
    """Write the study (if not already there) and return its codebook's path."""
    import yaml

    if fmt not in ("csv", "parquet"):
        raise ValueError(f"format is csv or parquet, not {fmt!r}")
    if not 1 <= sectors <= 99:
        raise ValueError("1 to 99 sectors")
    folder = study_dir(respondents, sectors, fmt, root)
    if inference != "finite" or sampling_fraction != 0.8:
        folder = folder.with_name(folder.name + f"-{inference}-f{sampling_fraction:g}")
    stamp = folder / "generated.json"
    params = {"version": VERSION, "seed": SEED, "respondents": respondents, "sectors": sectors, "format": fmt,
              "sampling_fraction": sampling_fraction, "inference": inference}
    codebook = folder / "codebook.yaml"
    if not force and _up_to_date(stamp, codebook, params):
        return codebook
    folder.mkdir(parents=True, exist_ok=True)
    stamp.unlink(missing_ok=True)
    cb = codebook_dict(respondents, sectors, fmt, sampling_fraction=sampling_fraction, inference=inference)
    questionnaire, interviews = _frames(respondents, sectors)
    ext = "csv" if fmt == "csv" else "parquet"
    _write(questionnaire, folder / f"questionnaire.{ext}", fmt)
    _write(interviews, folder / f"interviews.{ext}", fmt)
    codebook.write_text("# Synthetic benchmark study written by benchmarks/generate.py; do not edit.\n"
                        + yaml.safe_dump(cb, allow_unicode=True, sort_keys=False), encoding="utf-8")
    stamp.write_text(json.dumps(params))
    return codebook


def generate_streamed(respondents: int, sectors: int = 20, *, root: Path = DATA, chunk: int = 500_000,
                      force: bool = False) -> Path:
    """A Parquet study too big to build in memory (10^7 respondents), written chunk by chunk.

    Each source is one Parquet file of row groups of ``chunk`` records, written with
    ``pyarrow.parquet.ParquetWriter`` as the chunks are drawn, so writing it needs the
    memory of one chunk. The chunks are drawn like :func:`_frames` (each its own seed;
    respondent types shuffled within a chunk; ids numbered across chunks), so the data
    is not the same as ``generate(respondents, ...)`` but has its shape. Cached under
    ``_data/n<respondents>-s<sectors>-parquet-streamed``.
    """
    import pandas as pd
    import pyarrow as pa
    import pyarrow.parquet as pq
    import yaml

    folder = Path(root) / f"n{respondents}-s{sectors}-parquet-streamed"
    stamp = folder / "generated.json"
    params = {"version": VERSION, "seed": SEED, "respondents": respondents, "sectors": sectors,
              "format": "parquet", "chunk": chunk, "streamed": True}
    codebook = folder / "codebook.yaml"
    if not force and _up_to_date(stamp, codebook, params):
        return codebook
    folder.mkdir(parents=True, exist_ok=True)
    stamp.unlink(missing_ok=True)
    sizes = type_sizes(respondents)
    writers, counters = {}, {"PRV": 0, "AMR": 0, "RSF": 0}
    n_chunks = max(1, math.ceil(respondents / chunk))
    done = {t: 0 for t in sizes}
    try:
        for k in range(n_chunks):
            rng = np.random.default_rng([SEED, k])
            part = {t: (sizes[t] * (k + 1)) // n_chunks - done[t] for t in sizes}  # spread evenly
            for t in sizes:
                done[t] += part[t]
            types = np.r_[np.full(part["province"], 1, dtype=np.int8), np.full(part["amr"], 2, dtype=np.int8)]
            rng.shuffle(types)
            ids = np.empty(len(types), dtype=object)
            for code, prefix in ((1, "PRV"), (2, "AMR")):
                where = np.flatnonzero(types == code)
                ids[where] = [f"{prefix}-{counters[prefix] + j:08d}" for j in range(1, where.size + 1)]
                counters[prefix] += where.size
            q = {"respondent_id": ids, "type": types, **_answers(rng, len(types), sectors, is_fund=False)}
            picks = rng.random((len(types), len(MULTI_CODES))) < np.linspace(0.45, 0.1, len(MULTI_CODES))
            picks[types != 2] = False
            text = np.full(len(types), "", dtype=object)
            for j, code in enumerate(MULTI_CODES):
                text = np.where(picks[:, j], text + np.where(text == "", "", ",") + str(code), text)
            q["succes_s01"] = text
            n_f = part["fund"]
            f = {"fonds_id": np.array([f"RSF-{counters['RSF'] + j:08d}" for j in range(1, n_f + 1)], dtype=object)}
            counters["RSF"] += n_f
            f.update(_answers(rng, n_f, sectors, is_fund=True))
            for j, code in enumerate(BINARY_CODES):
                f[f"knel_s01_{code}"] = (rng.random(n_f) < 0.2 + 0.1 * j).astype(np.int8)
            for name, frame in (("questionnaire", pd.DataFrame(q)), ("interviews", pd.DataFrame(f))):
                out = {}
                for col in frame.columns:
                    if frame[col].dtype.kind == "f":
                        vals = frame[col].to_numpy()
                        out[col] = pa.array(np.nan_to_num(vals).astype(np.int8), mask=np.isnan(vals), type=pa.int8())
                    elif frame[col].dtype == object:
                        out[col] = pa.array(frame[col].to_numpy(), type=pa.string())
                    else:
                        out[col] = pa.array(frame[col].to_numpy())
                table = pa.table(out)
                if name not in writers:
                    writers[name] = pq.ParquetWriter(folder / f"{name}.parquet.tmp", table.schema,
                                                     compression="snappy")
                writers[name].write_table(table, row_group_size=chunk)
    finally:
        for w in writers.values():
            w.close()
    for name in writers:
        (folder / f"{name}.parquet.tmp").replace(folder / f"{name}.parquet")
    cb = codebook_dict(respondents, sectors, "parquet")
    codebook.write_text("# Synthetic benchmark study written by benchmarks/generate.py (streamed); do not edit.\n"
                        + yaml.safe_dump(cb, allow_unicode=True, sort_keys=False), encoding="utf-8")
    stamp.write_text(json.dumps(params))
    return codebook


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--respondents", "-n", type=parse_size, default=1000, help="e.g. 1e3, 1e4, 1e5, 1e6")
    ap.add_argument("--sectors", "-s", type=int, default=20, help="5 to 50 (default 20)")
    ap.add_argument("--format", "-f", choices=("csv", "parquet"), default="csv")
    ap.add_argument("--out", type=Path, default=DATA, help="root folder (default benchmarks/_data)")
    ap.add_argument("--sampling-fraction", type=float, default=0.8,
                    help="respondents / population per type (default 0.8, like the bundled study)")
    ap.add_argument("--inference", choices=("finite", "process"), default="finite")
    ap.add_argument("--force", action="store_true", help="write even if the data is already there")
    ap.add_argument("--streamed", action="store_true",
                    help="Parquet written chunk by chunk (for 1e7 respondents: see generate_streamed)")
    args = ap.parse_args(argv)
    if args.streamed:
        print(generate_streamed(args.respondents, args.sectors, root=args.out, force=args.force))
        return
    print(generate(args.respondents, args.sectors, args.format, root=args.out,
                   sampling_fraction=args.sampling_fraction, inference=args.inference, force=args.force))


if __name__ == "__main__":
    main()
