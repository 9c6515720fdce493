"""Writing files all or nothing, and the same bytes every run.

:func:`atomic_output_dir` gives a temporary folder next to the destination and moves it
into place only when everything inside succeeded; an error or Ctrl-C leaves the previous
outputs untouched. :func:`check_output_dir` refuses a folder that would replace an input
or that is not ours. :func:`write_csv` writes a formula-safe CSV; :func:`normalised_zip`
takes the time stamps out of an Office file (xlsx, docx).
"""
from __future__ import annotations

import contextlib
import io
import os
import re
import shutil
import tempfile
import zipfile
from pathlib import Path

import pandas as pd

from ..errors import SurveyInputError
from .manifest import MANIFEST_NAME
from .safe import neutralise_frame

__all__ = ["atomic_output_dir", "check_output_dir", "write_csv", "normalised_zip"]


def write_csv(frame: pd.DataFrame, path: Path) -> Path:
    """UTF-8 (with BOM, so Excel reads the accents), comma-separated, formula-safe.

    Lines end in CRLF (RFC 4180, as Excel writes CSV). That also makes the writer
    quote every cell holding a CR or LF: with LF endings Python's csv module leaves a
    lone CR unquoted, and a label "x\\r=HYPERLINK(...)" would start a new row with a
    formula in a spreadsheet.

    Parameters
    ----------
    frame : pandas.DataFrame
    path : pathlib.Path

    Returns
    -------
    pathlib.Path
        ``path``.

    References
    ----------
    Shafranovich, Y. (2005). RFC 4180: Common Format and MIME Type for CSV Files.

    Examples
    --------
    >>> import tempfile, pandas as pd
    >>> from pathlib import Path
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     write_csv(pd.DataFrame({"label": ["=1+1"]}), Path(tmp) / "t.csv").read_bytes()
    b"\\xef\\xbb\\xbflabel\\r\\n'=1+1\\r\\n"
    """
    neutralise_frame(frame).to_csv(path, index=False, encoding="utf-8-sig", lineterminator="\r\n")
    return path


def check_output_dir(out: Path, inputs: list[Path]) -> None:
    """Refuse an output folder that would replace an input or a folder that is not ours.

    Parameters
    ----------
    out : pathlib.Path
        The output folder (need not exist).
    inputs : list of pathlib.Path
        Every file the analysis reads.

    Raises
    ------
    SurveyInputError
        When ``out`` holds an input, is a file, or is non-empty without our manifest.

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     check_output_dir(Path(tmp) / "out", [Path(tmp) / "data.csv"])        # fine: returns None
    ...     check_output_dir(Path(tmp), [Path(tmp) / "data.csv"])  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    survey_inventory.errors.SurveyInputError: output folder ... contains the input ...; choose another --out
    """
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

    Parameters
    ----------
    out : pathlib.Path
        The output folder; its parent is created if needed.

    Yields
    ------
    pathlib.Path
        The temporary folder to write into.

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     with atomic_output_dir(Path(tmp) / "out") as folder:
    ...         _ = (folder / "a.csv").write_text("x")
    ...     sorted(p.name for p in (Path(tmp) / "out").iterdir())
    ['a.csv']
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


_STAMP = re.compile(rb"<dcterms:(created|modified)[^>]*>[^<]*</dcterms:\1>|<cp:lastModifiedBy>[^<]*</cp:lastModifiedBy>")


def normalised_zip(data: bytes) -> bytes:
    """The same zip container without time stamps.

    Fixed entry dates, no created/modified properties: two runs give the same bytes.
    Office opens it as before.

    Parameters
    ----------
    data : bytes
        An xlsx or docx file.

    Returns
    -------
    bytes

    Examples
    --------
    >>> import io, zipfile
    >>> buf = io.BytesIO()
    >>> with zipfile.ZipFile(buf, "w") as zf:
    ...     zf.writestr("a.xml", "<a/>")
    >>> zipfile.ZipFile(io.BytesIO(normalised_zip(buf.getvalue()))).infolist()[0].date_time
    (1980, 1, 1, 0, 0, 0)
    """
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            payload = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                payload = _STAMP.sub(b"", payload)
            entry = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            dst.writestr(entry, payload)
    return out.getvalue()
