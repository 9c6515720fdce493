"""analyze with a population frame (issue 16): every output on disk, the manifest's record."""
from __future__ import annotations

import json

import pandas as pd
import pytest

from survey_inventory.analyze import analyze
from test_load_frame import GOOD_FRAME, _study


@pytest.mark.slow  # a whole analyze run, every output
def test_a_framed_study_writes_response_weighted_tables_figure_and_manifest(tmp_path):
    path = _study(tmp_path, GOOD_FRAME, population=None)
    result = analyze(path, tmp_path / "out")
    out = tmp_path / "out"
    for name in ("response.csv", "weighted_distributions.csv", "figures/response_province.png",
                 "figures/response_province.svg"):
        assert name in result.outputs and (out / name).is_file()
    response = pd.read_csv(out / "response.csv", keep_default_na=False)
    size = response[(response["attribute"] == "size") & (response["row_type"] == "category")]
    # p1, p3 (size s) and p2 (size l) answered; six units of each size in the frame
    assert size[["category", "targeted", "responded"]].values.tolist() == [["l", 6, 1], ["s", 6, 2]]
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    # post-stratified: size l has weight 6/1, size s 6/2
    assert manifest["weighting"] == {"province": {"scheme": "post-stratified on size (2 cells)", "weight_min": 3.0,
                                                  "weight_max": 6.0, "population_n": 12, "sample_n": 3}}
    assert manifest["inputs"]["frame:province"]["file"] == "frame.csv"
    weighted = pd.read_csv(out / "weighted_distributions.csv")
    good = weighted.query("item == 'fam' and category == 1").iloc[0]
    # p1 (s) says Goed: weighted 3/12 against 1/3 unweighted
    assert good["w_percent"] == pytest.approx(25.0) and good["percent_exact"] == pytest.approx(100 / 3, abs=1e-4)
