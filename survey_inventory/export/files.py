"""Writing files all or nothing, and the same bytes every run.

:func:`atomic_output_dir` gives a temporary folder next to the destination and puts it
in place only when everything inside succeeded; an error, Ctrl-C or a kill leaves the
previous outputs untouched, and the user's ``--out`` names the complete old folder or
the complete new one at every instant. :func:`check_output_dir` refuses, before any
work, a folder that would replace an input, that is not ours or that could not be
replaced (:func:`check_writable`). :func:`write_csv` writes a formula-safe CSV;
:func:`normalised_zip` takes the time stamps out of an Office file (xlsx, docx).

The output swap (:func:`atomic_output_dir`) works in five steps:

1. **Lock.** ``.<name>.lock`` beside the folder is held with ``fcntl.flock`` from
   before the temporary folder is made until the swap is done. A second run into the
   same folder waits for it (up to :data:`LOCK_WAIT` seconds; then it is refused,
   saying which process holds the lock); the kernel releases the lock of a killed run.
   The lock file is removed on release.
2. **Stale temporaries.** Under the lock no live run owns a ``.<name>.tmp-*`` or
   ``.<name>.old-*`` folder: they are left by killed runs and are removed (an
   ``.old-*`` folder is first moved back when the output folder itself is missing,
   which only the fallback of step 4 can leave).
3. **Write** into a fresh ``.<name>.tmp-*`` beside the folder (one file system, so the
   swap is a rename).
4. **Swap.** With no folder yet: ``rename(tmp, out)``. Else
   ``renameat2(tmp, out, RENAME_EXCHANGE)`` (Linux 3.15+, on ext4, xfs, btrfs, tmpfs
   and most local file systems): one system call exchanges the two names, so there is
   no instant without a complete ``out``. **Fallback** where the exchange is not
   available (macOS, Windows, some network file systems): ``rename(out, .old-PID)``,
   then ``rename(tmp, out)``; an error between the two moves the old folder back; a
   kill between them leaves ``out`` missing and the complete old folder in
   ``.<name>.old-PID``, which the next run moves back (step 2) before anything else.
5. The previous folder, now under the temporary name, is removed.
"""
from __future__ import annotations

import contextlib
import ctypes
import errno
import io
import os
import re
import shutil
import tempfile
import time
import zipfile
from pathlib import Path

import pandas as pd

from ..errors import SurveyInputError
from ..paths import resolve
from .csv_text import csv_chunks
from .manifest import MANIFEST_NAME
from .safe import neutralise_frame

__all__ = ["atomic_output_dir", "check_output_dir", "check_writable", "output_lock", "write_csv", "normalised_zip",
           "LOCK_WAIT"]

#: Seconds a run waits for another run writing the same output folder before it gives up.
LOCK_WAIT = 600.0


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
    frame = neutralise_frame(frame)
    pieces = csv_chunks(frame, "\r\n")  # the same bytes as to_csv, a value rendered once (issue 17)
    if pieces is None:  # decimals or dates: pandas formats them
        frame.to_csv(path, index=False, encoding="utf-8-sig", lineterminator="\r\n")
        return path
    with open(path, "w", encoding="utf-8-sig", newline="") as f:
        f.writelines(pieces)
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
        When ``out`` holds an input, is a file, is non-empty without our manifest, is
        a symbolic-link loop (an input too) or could not be replaced
        (:func:`check_writable`).

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
    check_writable(out)
    out = resolve(out, "output folder")
    for p in inputs:
        p = resolve(p, "input file")
        if p == out or out in p.parents:
            raise SurveyInputError(f"output folder {out} contains the input {p}; choose another --out")
    if out.exists():
        if not out.is_dir():
            raise SurveyInputError(f"output path {out} exists and is not a folder")
        if any(out.iterdir()) and not (out / MANIFEST_NAME).is_file():
            raise SurveyInputError(f"output folder {out} is not empty and was not written by survey-inventory "
                                   f"(no {MANIFEST_NAME}); choose an empty or new folder")


def check_writable(out) -> None:
    """Refuse, before any work, an output path the swap could not replace.

    Parameters
    ----------
    out : path-like
        The output folder (it need not exist).

    Raises
    ------
    SurveyInputError
        For an empty path or one naming ``.``/``..``; a parent folder (or the nearest
        existing ancestor) without write permission; an existing folder that is
        read-only (its old outputs could not be removed).

    Examples
    --------
    >>> check_writable("")
    Traceback (most recent call last):
    ...
    survey_inventory.errors.SurveyInputError: --out is empty or names '.' or '..'; give the output folder a name (e.g. outputs/study)
    """
    if str(out) == "" or Path(out).name in ("", ".", ".."):
        raise SurveyInputError("--out is empty or names '.' or '..'; give the output folder a name "
                               "(e.g. outputs/study)")
    out = resolve(out, "output folder")
    ancestor = out.parent
    while not ancestor.exists() and ancestor != ancestor.parent:
        ancestor = ancestor.parent
    if not _writable(ancestor):
        raise SurveyInputError(f"no permission to write in {ancestor}, where the output folder would be made; "
                               "choose another --out", file=out)
    if out.is_dir() and not _writable(out):
        raise SurveyInputError("the output folder is read-only, so its previous outputs could not be replaced; "
                               "make it writable or choose another --out", file=out)


def _writable(folder: Path) -> bool:
    """Whether we may create and remove entries in ``folder``: the permission check, and
    (for root, whom the check always allows) a folder marked read-only for everyone."""
    return os.access(folder, os.W_OK | os.X_OK) and bool(folder.stat().st_mode & 0o222)


@contextlib.contextmanager
def atomic_output_dir(out):
    """Yield a fresh temporary folder; on success it replaces ``out`` at once.

    Parameters
    ----------
    out : path-like
        The output folder. A symbolic link to a folder stays a link: the folder it
        points to is replaced.

    Yields
    ------
    pathlib.Path
        The temporary folder to write into (beside ``out``).

    Raises
    ------
    SurveyInputError
        When another run holds the lock longer than :data:`LOCK_WAIT` seconds.

    Notes
    -----
    On any exception, KeyboardInterrupt included, the temporary folder is removed
    and ``out`` is left as it was; the steps and the fallback are in the module doc.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     for text in ("old", "new"):
    ...         with atomic_output_dir(Path(folder) / "out") as tmp:
    ...             _ = (tmp / "a.csv").write_text(text)
    ...     print((Path(folder) / "out" / "a.csv").read_text(), sorted(os.listdir(folder)))
    new ['out']
    """
    out = Path(out)
    if out.is_symlink():
        out = resolve(out, "output folder")
    out.parent.mkdir(parents=True, exist_ok=True)
    with output_lock(out):
        _remove_stale(out)
        tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.tmp-", dir=out.parent))
        try:
            yield tmp
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        try:
            _swap(tmp, out)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        shutil.rmtree(tmp, ignore_errors=True)  # now the previous outputs (if any)


@contextlib.contextmanager
def output_lock(out, wait: float | None = None):
    """Hold ``.<name>.lock`` beside ``out`` (``fcntl.flock``) for the block.

    Parameters
    ----------
    out : path-like
        The output folder.
    wait : float, optional
        Seconds to wait for another holder (default :data:`LOCK_WAIT`).

    Raises
    ------
    SurveyInputError
        Naming the process that holds the lock, when it is not released in time.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     with output_lock(Path(folder) / "out"):
    ...         print(sorted(os.listdir(folder)))
    ...     print(sorted(os.listdir(folder)))
    ['.out.lock']
    []
    """
    try:
        import fcntl
    except ImportError:  # Windows: no flock; runs into one folder are not serialised there
        yield
        return
    out = Path(out)
    path = out.parent / f".{out.name}.lock"
    deadline = time.monotonic() + (LOCK_WAIT if wait is None else wait)
    while True:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            if time.monotonic() >= deadline:
                holder = _holder(path)
                raise SurveyInputError(f"another survey-inventory run{holder} is writing this output folder; "
                                       "nothing written by this run; try again when it has finished",
                                       file=out) from None
            time.sleep(0.05)
            continue
        try:  # the file we locked may have been unlinked by its last holder: then lock the new one
            same = os.fstat(fd).st_ino == os.stat(path).st_ino
        except FileNotFoundError:
            same = False
        if same:
            break
        os.close(fd)
    try:
        os.ftruncate(fd, 0)
        os.write(fd, str(os.getpid()).encode())
        yield
    finally:
        with contextlib.suppress(OSError):
            os.unlink(path)  # while still locked: a waiting run re-opens the path and sees a new file
        os.close(fd)


def _holder(path: Path) -> str:
    with contextlib.suppress(OSError, ValueError):
        return f" (process {int(path.read_text().strip())})"
    return ""


def _remove_stale(out: Path) -> None:
    """Remove what killed runs left beside ``out`` (called under the lock)."""
    olds = sorted(out.parent.glob(f".{out.name}.old-*"))
    if olds and not out.exists() and not out.is_symlink():
        os.replace(olds[0], out)  # the fallback swap was killed between its two renames
        olds = olds[1:]
    for stale in olds + sorted(out.parent.glob(f".{out.name}.tmp-*")):
        shutil.rmtree(stale, ignore_errors=True)


def _swap(tmp: Path, out: Path) -> None:
    """``out`` becomes the new folder; the old one ends under ``tmp``'s name."""
    if not out.exists() and not out.is_symlink():
        os.replace(tmp, out)
        return
    if _exchange(tmp, out):
        return
    backup = out.parent / f".{out.name}.old-{os.getpid()}"  # fallback: two renames
    os.replace(out, backup)
    try:
        os.replace(tmp, out)
    except BaseException:
        if backup.exists() and not out.exists():
            os.replace(backup, out)
        raise
    os.replace(backup, tmp)


_AT_FDCWD, _RENAME_EXCHANGE = -100, 2


def _exchange(a: Path, b: Path) -> bool:
    """Exchange two paths with one ``renameat2(RENAME_EXCHANGE)``; False where the
    system or the file system has no such call (then nothing happened)."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP, getattr(errno, "ENOTSUP", errno.EOPNOTSUPP)):
        return False
    raise OSError(err, os.strerror(err), str(b))


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
