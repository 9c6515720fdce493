"""manifest.json: what produced the numbers (input hashes, codebook hash, versions, options).

No time stamps: two runs on the same input give the same manifest.
"""
from __future__ import annotations

import hashlib
import json
import platform
from pathlib import Path

__all__ = ["MANIFEST_NAME", "manifest", "write_manifest", "file_sha256", "weighting_record"]

MANIFEST_NAME = "manifest.json"
_PACKAGES = ("survey-inventory", "pandas", "numpy", "scipy", "statsmodels", "matplotlib", "seaborn",
             "pingouin", "openpyxl", "python-docx", "pyreadstat", "pydantic", "PyYAML", "click")


def file_sha256(path: Path) -> str:
    """The SHA-256 of a file, read in 1 MiB chunks, as hex.

    Parameters
    ----------
    path : pathlib.Path

    Returns
    -------
    str

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     (Path(tmp) / "e").write_bytes(b"")
    ...     file_sha256(Path(tmp) / "e")[:16]
    0
    'e3b0c44298fc1c14'
    """
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def manifest(*, codebook, input_files: dict, options: dict, outputs: list[str], counts: dict,
             privacy: dict | None = None, weighting: dict | None = None) -> dict:
    """What produced these outputs, so a reader can reproduce or audit them.

    Parameters
    ----------
    codebook : survey_inventory.codebook.Codebook
    input_files : dict of str to pathlib.Path
        Every input read, by id; each is hashed.
    options, counts, privacy : dict
        As recorded.
    weighting : dict, optional
        Per weighted respondent type its scheme and weight range
        (:func:`weighting_record`); recorded only when there is one.
    outputs : list of str
        The files written (relative names).

    Returns
    -------
    dict
        JSON-ready; no time stamps.

    Examples
    --------
    >>> from survey_inventory.datasets import load_example
    >>> cb, study, dist = load_example()
    >>> m = manifest(codebook=cb, input_files={}, options={}, outputs=["b.csv", "a.csv"], counts={})
    >>> m["study"], m["outputs"], m["codebook"]["file"]
    ('bartels-2025', ['a.csv', 'b.csv'], 'bartels-2025.yaml')
    """
    from importlib import metadata

    versions = {}
    for dist in _PACKAGES:
        try:
            versions[dist] = metadata.version(dist)
        except metadata.PackageNotFoundError:
            versions[dist] = None
    data = {
        "study": codebook.study.id,
        "synthetic_data": codebook.study.synthetic_data,
        "codebook": {"file": Path(codebook.path).name if codebook.path else None, "sha256": codebook.sha256},
        "inputs": {sid: {"file": Path(p).name, "sha256": file_sha256(Path(p))} for sid, p in sorted(input_files.items())},
        "options": options,
        "counts": counts,
        "privacy": privacy or {},
        "outputs": sorted(outputs),
        "python": platform.python_version(),
        "packages": versions,
    }
    if weighting:
        data["weighting"] = weighting
    return data


def weighting_record(weighted) -> dict:
    """Per respondent type the weighting scheme and the weight range, for the manifest.

    Parameters
    ----------
    weighted : pandas.DataFrame or None
        ``weighted_distributions`` (:func:`survey_inventory.estimate.weighted.weighted_distributions`).

    Returns
    -------
    dict
        ``{type: {"scheme", "weight_min", "weight_max", "population_n", "sample_n"}}``; empty without
        weighted rows.

    Examples
    --------
    >>> import pandas as pd
    >>> w = pd.DataFrame({"respondent_type": ["g", "g"], "weighting": "post-stratified on size (3 cells)",
    ...                   "weight_min": 1.5, "weight_max": 4.0, "population_n": 342, "sample_n": 120})
    >>> weighting_record(w)["g"]["scheme"], weighting_record(None)
    ('post-stratified on size (3 cells)', {})
    """
    if weighted is None or len(weighted) == 0:
        return {}
    first = weighted.drop_duplicates("respondent_type")
    return {row.respondent_type: {"scheme": row.weighting, "weight_min": float(row.weight_min),
                                  "weight_max": float(row.weight_max), "population_n": int(row.population_n),
                                  "sample_n": int(row.sample_n)}
            for row in first.itertuples(index=False)}


def write_manifest(data: dict, folder: Path) -> Path:
    """Write ``data`` as ``folder/manifest.json`` (sorted keys, UTF-8); return the path.

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     write_manifest({"b": 1, "a": "é"}, Path(tmp)).read_text(encoding="utf-8")
    '{\\n  "a": "é",\\n  "b": 1\\n}\\n'
    """
    path = Path(folder) / MANIFEST_NAME
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False, sort_keys=True, default=str) + "\n", encoding="utf-8")
    return path
