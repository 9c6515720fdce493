"""Export: write results to files, all or nothing.

:func:`atomic_output_dir` gives a temporary folder next to the destination and
moves it into place only when everything inside succeeded; an error or Ctrl-C
leaves the previous outputs untouched. :func:`write_csv` neutralises text that a
spreadsheet would run as a formula. :func:`manifest` records what produced the
numbers (input hashes, codebook hash, package versions, options).
"""
from __future__ import annotations

import contextlib
import hashlib
import json
import os
import platform
import re
import shutil
import tempfile
from pathlib import Path

import pandas as pd

from ..errors import SurveyInputError

__all__ = ["atomic_output_dir", "check_output_dir", "write_csv", "neutralise", "manifest", "file_sha256",
           "safe_filename", "xml_safe", "MANIFEST_NAME"]

MANIFEST_NAME = "manifest.json"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
#: Control characters no XML file (xlsx, docx, svg) may hold: openpyxl refuses them, Word
#: will not open the file. A vertical tab or form feed (a manual line break pasted from
#: Word) becomes a line end; the others go.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")


def xml_safe(text: str) -> str:
    """``text`` without the control characters an XML file cannot hold.

    >>> xml_safe("regel 1\\x0bregel 2\\x00")
    'regel 1\\nregel 2'
    """
    if not _XML_ILLEGAL.search(text):
        return text
    return _XML_ILLEGAL.sub(lambda m: "\n" if m.group() in "\x0b\x0c" else "", text)


def neutralise(value):
    """Text that starts like a spreadsheet formula gets a leading apostrophe.

    >>> neutralise("=HYPERLINK(\\"http://x\\")")
    '\\'=HYPERLINK("http://x")'
    >>> neutralise("-3"), neutralise(-3), neutralise("Actief betrokken")
    ("'-3", -3, 'Actief betrokken')
    """
    if not isinstance(value, str):
        return value
    value = xml_safe(value)
    return "'" + value if value.startswith(_FORMULA_START) else value


def neutralise_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy whose text cells (and column names) are neutralised; numbers stay numbers."""
    out = frame.copy()
    for col in out.columns:
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col]) or isinstance(out[col].dtype, pd.CategoricalDtype):
            out[col] = out[col].map(neutralise, na_action="ignore") if not isinstance(out[col].dtype, pd.CategoricalDtype) \
                else out[col].astype(object).map(neutralise, na_action="ignore")
    out.columns = [neutralise(str(c)) for c in out.columns]
    return out


def write_csv(frame: pd.DataFrame, path: Path) -> Path:
    """UTF-8 (with BOM, so Excel reads the accents), comma-separated, formula-safe.

    Lines end in CRLF (RFC 4180, as Excel writes CSV). That also makes the writer
    quote every cell holding a CR or LF: with LF endings Python's csv module leaves a
    lone CR unquoted, and a label "x\r=HYPERLINK(...)" would start a new row with a
    formula in a spreadsheet."""
    neutralise_frame(frame).to_csv(path, index=False, encoding="utf-8-sig", lineterminator="\r\n")
    return path


def safe_filename(label: str, max_len: int = 80) -> str:
    """A label made safe as a file name: no path separators, no '..', no control characters.

    >>> safe_filename("../../etc/passwd")
    'etc_passwd'
    >>> safe_filename("Figuur 2.3 (N = 9)")
    'Figuur_2.3_N_9'
    >>> safe_filename("con"), safe_filename("LPT1.txt")   # Windows device names
    ('_con', '_LPT1.txt')
    """
    keep = "".join(ch if ch.isalnum() or ch in "._-" else "_" for ch in str(label))
    while ".." in keep:
        keep = keep.replace("..", ".")
    parts = [p for p in keep.split("_") if p not in ("", ".")]
    name = "_".join(parts).strip("._-")[:max_len].strip("._-")
    if name.split(".")[0].upper() in _WINDOWS_DEVICES:
        name = "_" + name
    return name or "unnamed"


_WINDOWS_DEVICES = {"CON", "PRN", "AUX", "NUL", *(f"COM{k}" for k in range(10)), *(f"LPT{k}" for k in range(10))}


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def check_output_dir(out: Path, inputs: list[Path]) -> None:
    """Refuse an output folder that would replace an input or a folder that is
    not ours (non-empty without our manifest)."""
    out = Path(out).resolve()
    for p in inputs:
        p = Path(p).resolve()
        if p == out or out in p.parents:
            raise SurveyInputError(f"output folder {out} contains the input {p}; choose another --out")
    if out.exists():
        if not out.is_dir():
            raise SurveyInputError(f"output path {out} exists and is not a folder")
        if any(out.iterdir()) and not (out / MANIFEST_NAME).is_file():
            raise SurveyInputError(f"output folder {out} is not empty and was not written by survey-inventory "
                                   f"(no {MANIFEST_NAME}); choose an empty or new folder")


@contextlib.contextmanager
def atomic_output_dir(out: Path):
    """Yield a fresh temporary folder; on success it replaces ``out`` in one move.

    On any exception, KeyboardInterrupt included, the temporary folder is removed
    and ``out`` is left as it was.
    """
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.tmp-", dir=out.parent))
    try:
        yield tmp
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    backup = None
    try:
        if out.exists():
            backup = out.parent / f".{out.name}.old-{os.getpid()}"
            shutil.rmtree(backup, ignore_errors=True)
            os.replace(out, backup)
        os.replace(tmp, out)
    except BaseException:
        if backup is not None and backup.exists() and not out.exists():
            os.replace(backup, out)
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    if backup is not None:
        shutil.rmtree(backup, ignore_errors=True)


def manifest(*, codebook, input_files: dict, options: dict, outputs: list[str], counts: dict,
             privacy: dict | None = None) -> dict:
    """What produced these outputs, so a reader can reproduce or audit them.

    No time stamps: two runs on the same input give the same manifest.
    """
    from importlib import metadata

    versions = {}
    for dist in ("survey-inventory", "pandas", "numpy", "scipy", "statsmodels", "matplotlib", "seaborn",
                 "pingouin", "openpyxl", "python-docx", "pyreadstat", "pydantic", "PyYAML", "click"):
        try:
            versions[dist] = metadata.version(dist)
        except metadata.PackageNotFoundError:
            versions[dist] = None
    return {
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


def write_manifest(data: dict, folder: Path) -> Path:
    path = Path(folder) / MANIFEST_NAME
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False, sort_keys=True, default=str) + "\n", encoding="utf-8")
    return path
