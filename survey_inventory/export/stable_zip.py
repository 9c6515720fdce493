"""Deterministic Office containers: the same document gives the same bytes.

python-docx and python-pptx write each zip entry with the current time, and
python-pptx stamps the core properties with "now". :func:`stable_zip` rewrites a
container with fixed entry dates; the writers set fixed core-property dates
themselves (:data:`FIXED_DATE`). The same idea as the Word and Excel writers'
normalisation, kept here so the slide and draft-text writers do not depend on
where those writers live.
"""
from __future__ import annotations

import datetime as dt
import io
import zipfile

__all__ = ["FIXED_DATE", "stable_zip"]

#: The created/modified date written into core properties (the zip epoch).
FIXED_DATE = dt.datetime(1980, 1, 1, 0, 0, 0)


def stable_zip(data: bytes) -> bytes:
    """The same zip container with fixed entry dates and permissions.

    Parameters
    ----------
    data : bytes
        A zip container (docx, pptx, xlsx).

    Returns
    -------
    bytes
        The entries in the same order with the same contents, each dated 1980-01-01.

    Examples
    --------
    >>> import zipfile, io
    >>> buf = io.BytesIO()
    >>> with zipfile.ZipFile(buf, "w") as zf:
    ...     zf.writestr("a.xml", "<a/>")
    >>> once = stable_zip(buf.getvalue())
    >>> once == stable_zip(once), zipfile.ZipFile(io.BytesIO(once)).getinfo("a.xml").date_time
    (True, (1980, 1, 1, 0, 0, 0))
    """
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            dst.writestr(entry, src.read(info.filename))
    return out.getvalue()
