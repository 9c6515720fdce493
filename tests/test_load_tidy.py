"""The tidy table (survey_inventory/load/tidy.py): one builder, the same table as before.

Until the layout refactor the loader had two builders: the fast one (kept) and a
general one that built a DataFrame per item, concatenated them and merged in the
labels, used for the tables the fast one could not build (a column with only empty
cells, all ids empty, no rows at all). ``_reference`` below is that general builder
as it was on main (``_assemble_frames``/``_piece_frame``); on every study here --
the bundled one and small studies made to hit each case the fallback was for -- the
one builder must give exactly its table: values, dtypes and categories.
"""
import copy

import numpy as np
import openpyxl
import pandas as pd
import pytest
import yaml

from survey_inventory.codebook import load_codebook
from survey_inventory.load import STATUSES, TIDY_COLUMNS, load_responses, load_study
from survey_inventory.load import study as study_module
from survey_inventory.load.tidy import label_lookup
from conftest import BUNDLED, MINI, MINI_ROWS, write_study
from load_helpers import write_sav


def test_labels_and_categories(mini_study):
    tidy = load_responses(load_codebook(mini_study))
    rec = tidy[(tidy["respondent_id"] == "a2") & (tidy["item"] == "inv")].iloc[0]
    assert rec["label"] == "Weet ik niet" and rec["category"] == "3"


# -- the builder as it was: the independent reference -----------------------------------

def _piece_frame(p):
    every = np.arange(len(p.who))
    cell = np.zeros(len(p.who), dtype=np.intp)
    cell[p.rows] = p.cell
    status = np.full(len(p.who), "", dtype=object)
    status[p.rows] = np.asarray(STATUSES, dtype=object)[p.status]
    part = pd.DataFrame({
        "respondent_id": p.who["respondent_id"].to_numpy(),
        "respondent_type": p.who["respondent_type"].to_numpy(),
        "source": p.source, "file": p.file, "row": p.frame_rows, "column": p.item.column,
        "sector": p.item.sector, "item": p.item.id, "measure": p.item.measure,
        "code": p.code.take(cell).to_numpy() if len(p.code) else p.code.to_numpy(),
        "raw": p.raw.take(cell).to_numpy(dtype=object) if len(p.raw) else p.raw.to_numpy(dtype=object),
        "status": status,
    }, index=every)
    return part.loc[p.rows].reset_index(drop=True)


def _reference(pieces, codebook):
    if not pieces:
        return pd.DataFrame(columns=TIDY_COLUMNS)
    tidy = pd.concat([_piece_frame(p) for p in pieces], ignore_index=True)
    lk = label_lookup(codebook)
    if tidy["code"].dtype == object:  # text codes beside NA-only pieces: numeric scales' codes as text, 1 -> "1"
        lk["code"] = lk["code"].astype(str)
    elif tidy["code"].dtype != lk["code"].dtype:
        lk["code"] = lk["code"].astype(tidy["code"].dtype)
    tidy = tidy.merge(lk, on=["item", "code"], how="left", sort=False)
    not_valid = ~tidy["status"].isin(["valid", "answered_not_asked"])
    tidy.loc[not_valid, ["label", "category", "category_label"]] = None
    for col in ("respondent_id", "respondent_type", "source", "file", "column", "sector", "item", "measure",
                "raw", "status", "label", "category", "category_label"):
        tidy[col] = tidy[col].astype("category")  # the lean table (issue 17): ids and raw text too
    tidy["row"] = tidy["row"].astype("int32")
    return tidy[TIDY_COLUMNS]


# -- studies that hit every case ----------------------------------------------------------

def _xlsx(folder, rows, codebook=None):
    book = openpyxl.Workbook()
    for line in rows:
        book.active.append([int(v) if v.isdigit() else (v or None) for v in line.split(";")])
    path = write_study(folder, codebook=codebook, filename="data.xlsx", raw=b"")
    book.save(folder / "data.xlsx")
    return path


def _text_scale():
    cb = copy.deepcopy(MINI)
    cb["scales"]["yn"] = {"codes": [{"code": "j", "label": "Ja"}, {"code": "n", "label": "Nee"}]}
    cb["items"].append({"id": "yn", "sector": "care", "measure": "yesno", "column": "yn", "scale": "yn"})
    return cb


def _two_sources(folder):
    cb = copy.deepcopy(MINI)
    cb["sources"] = [dict(cb["sources"][0], id="a", file="a.csv"), dict(cb["sources"][0], id="b", file="b.csv")]
    folder.mkdir(parents=True)
    (folder / "a.csv").write_text("\n".join(MINI_ROWS) + "\n", encoding="utf-8")
    (folder / "b.csv").write_text("id;type;fam;inv\n;1;1;1\n;2;2;\n", encoding="utf-8")
    (folder / "codebook.yaml").write_text(yaml.safe_dump(cb, sort_keys=False), encoding="utf-8")
    return folder / "codebook.yaml"


def _parquet_null_column(folder):
    pytest.importorskip("pyarrow")
    cb = copy.deepcopy(MINI)
    cb["sources"][0]["format"] = "parquet"
    path = write_study(folder, codebook=cb, filename="data.parquet")
    pd.DataFrame({"id": pd.array(["p1", "p2", "a1"], dtype="string"), "type": pd.array([1, 1, 2], dtype="Int8"),
                  "fam": pd.array([1, 2, 1], dtype="Int8"),
                  "inv": pd.array([None, None, None], dtype="Int8")}).to_parquet(folder / "data.parquet")
    return path


def _sav(folder):
    path = write_study(folder, filename="data.sav", raw=b"")
    write_sav(folder / "data.sav")
    return path


STUDIES = {
    "bundled": lambda d: BUNDLED,
    "mini": lambda d: write_study(d),
    "xlsx_empty_column": lambda d: _xlsx(d, ["id;type;fam;inv"] + [r.rsplit(";", 1)[0] + ";" for r in MINI_ROWS[1:]]),
    "xlsx_every_answer_empty": lambda d: _xlsx(d, ["id;type;fam;inv"] + [";".join(r.split(";")[:2]) + ";;"
                                                                       for r in MINI_ROWS[1:]]),
    "ids_all_empty": lambda d: write_study(d, ["id;type;fam;inv"] + [";" + r.split(";", 1)[1] for r in MINI_ROWS[1:]]),
    "one_source_without_ids": _two_sources,
    "xlsx_ids_all_empty": lambda d: _xlsx(d, ["id;type;fam;inv"] + [";" + r.split(";", 1)[1] for r in MINI_ROWS[1:]]),
    "text_scale_csv": lambda d: write_study(d, ["id;type;fam;inv;yn"] + [r + (";j" if k % 2 else ";n")
                                                                       for k, r in enumerate(MINI_ROWS[1:])],
                                            _text_scale()),
    "text_scale_empty_column": lambda d: _xlsx(d, ["id;type;fam;inv;yn"] + [r + ";" for r in MINI_ROWS[1:]],
                                               _text_scale()),
    "parquet_null_column": _parquet_null_column,
    "no_item_column": lambda d: write_study(d, ["id;type;x"] + [";".join(r.split(";")[:2]) + ";1"
                                                                for r in MINI_ROWS[1:]]),
    "unknown_types": lambda d: write_study(d, MINI_ROWS + ["x1;7;1;1", "x2;;2;2"]),
    "sav": _sav,
}


@pytest.mark.parametrize("name", sorted(STUDIES))
def test_one_builder_gives_the_table_of_the_general_builder(tmp_path, monkeypatch, name):
    built = []

    def recording(pieces, codebook):
        kept = [(p.rows, p.cell, p.status) for p in pieces]  # assemble lets them go once used
        table = assemble(pieces, codebook)
        for p, (rows, cell, status) in zip(pieces, kept):
            p.rows, p.cell, p.status = rows, cell, status
        built.append((pieces, codebook, table))
        return table

    assemble = study_module.assemble
    monkeypatch.setattr(study_module, "assemble", recording)
    load_study(load_codebook(STUDIES[name](tmp_path / "study")))
    (pieces, codebook, table), = built
    pd.testing.assert_frame_equal(table, _reference(pieces, codebook), check_exact=True)
    assert list(table.dtypes.astype(str)) == list(_reference(pieces, codebook).dtypes.astype(str))


def test_the_bundled_tables_dtypes():
    """The dtypes the module doc promises (what estimate relies on)."""
    tidy = load_responses(load_codebook(BUNDLED))
    assert list(tidy.columns) == TIDY_COLUMNS
    assert tidy["code"].dtype == np.float64 and tidy["row"].dtype == np.int32
    categorical = [c for c in TIDY_COLUMNS if isinstance(tidy[c].dtype, pd.CategoricalDtype)]
    assert categorical == ["respondent_id", "respondent_type", "source", "file", "column", "sector", "item",
                           "measure", "raw", "status", "label", "category", "category_label"]
    # 8-bit codes where the categories allow (ids: one category per respondent)
    assert all(tidy[c].cat.codes.dtype == np.int8 for c in categorical)
    assert (tidy["label"].isna() == ~tidy["status"].isin(["valid", "answered_not_asked"])).all()


def test_a_code_listed_as_1_and_1_0_gives_one_row_per_answer(tmp_path):
    """The general builder merged labels on (item, code) and doubled every row whose code
    the scale lists twice (1 and 1.0): answers counted twice. One row each now, with the
    first label."""
    cb = copy.deepcopy(MINI)
    cb["scales"]["inv"]["codes"].append({"code": 1.0, "label": "Ook actief"})
    tidy = load_responses(load_codebook(write_study(tmp_path, codebook=cb)))
    assert len(tidy) == 10 and not tidy.duplicated(["respondent_id", "item"]).any()
    assert tidy.loc[(tidy["respondent_id"] == "p1") & (tidy["item"] == "inv"), "label"].tolist() == \
        ["Actief betrokken"]
