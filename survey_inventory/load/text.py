"""Decoding text files: the one set of encoding rules every text reader uses.

:func:`decode_text` reads a file's bytes and decodes them as the codebook says
(``encoding``), or else by its byte-order mark (UTF-8, UTF-16: Excel's "Unicode
text"), or as UTF-8, or (Dutch Excel exports) as Windows-1252. A file with valid
UTF-8 *and* bytes that are not UTF-8 was pasted together from two encodings and is
refused: decoding it all as cp1252 would garble the UTF-8 half silently.
"""
from __future__ import annotations

import codecs
import re
from pathlib import Path

from .schema import LoadError

__all__ = ["decode_text"]

_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")


def _line_of(data: bytes, offset: int) -> int:
    """1-based line number of a byte offset (the spreadsheet row, unless a quoted cell spans lines)."""
    return data.count(b"\n", 0, offset) + 1


def decode_text(path: Path, encoding: str | None = None) -> str:
    """The text of a file, decoded by the package's encoding rules (see module doc).

    Parameters
    ----------
    path : path-like
        The file; opened read-only.
    encoding : str, optional
        The encoding the codebook declares (any Python codec name). A UTF-8 byte-order
        mark is dropped when it is declared ``utf-8``; a mark that contradicts the
        declared encoding is an error.

    Returns
    -------
    str
        The decoded text, without a byte-order mark.

    Raises
    ------
    LoadError
        Naming the file and the first line that does not decode (mixed encodings,
        an unknown codec, a byte-order mark against the declared encoding).

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = Path(folder) / "data.csv"
    ...     _ = path.write_bytes("id;naam\\n1;café\\n".encode("cp1252"))
    ...     decode_text(path)
    'id;naam\\n1;café\\n'
    """
    path = Path(path)
    data = path.read_bytes()
    bom = "utf-8" if data.startswith(b"\xef\xbb\xbf") else "utf-16" if data[:2] in (b"\xff\xfe", b"\xfe\xff") else None
    if encoding:
        try:
            codec = codecs.lookup(encoding).name
        except LookupError:
            raise LoadError(f"unknown encoding {encoding!r} in the codebook", file=path,
                            expected="e.g. utf-8, utf-8-sig or cp1252") from None
        if bom == "utf-8" and codec == "utf-8":
            codec = "utf-8-sig"  # the mark is not part of the first column's name
        if bom and not codec.startswith(bom):
            raise LoadError(f"the file starts with a {bom.upper()} byte-order mark but the codebook says "
                            f"encoding {encoding!r}; set encoding: {bom}{'-sig' if bom == 'utf-8' else ''} "
                            "or leave it out", file=path)
        try:
            return data.decode(codec)
        except UnicodeDecodeError as exc:
            raise LoadError(f"line {_line_of(data, exc.start)} is not {encoding} (byte {exc.start}: "
                            f"0x{data[exc.start]:02x}); mixed encodings? re-export the file as UTF-8 "
                            "or set 'encoding' in the codebook", file=path) from None
    if bom == "utf-16":  # Excel's "Unicode text" export
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise LoadError(f"starts with a UTF-16 byte-order mark but byte {exc.start} is not UTF-16",
                            file=path) from None
    if bom == "utf-8":
        try:
            return data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise LoadError(f"starts with a UTF-8 byte-order mark but line {_line_of(data, exc.start)} is not UTF-8 "
                            f"(byte {exc.start}: 0x{data[exc.start]:02x}); mixed encodings? re-export the file "
                            "in one encoding", file=path) from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        bad = exc.start
    # Dutch Excel exports are often Windows-1252. But a file with valid UTF-8 accents
    # *and* bytes that are not UTF-8 was pasted together from two encodings: decoding it
    # all as cp1252 would silently garble the UTF-8 half ("cafÃ©"), so refuse it.
    if _UTF8_MULTIBYTE.search(data):
        good = _UTF8_MULTIBYTE.search(data).start()
        raise LoadError(f"mixed encodings: line {_line_of(data, bad)} is not UTF-8 (byte 0x{data[bad]:02x}) "
                        f"but line {_line_of(data, good)} is; re-export the file in one encoding (UTF-8) "
                        "or set 'encoding' in the codebook", file=path)
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as exc:  # cp1252 leaves 5 bytes undefined
        raise LoadError(f"neither UTF-8 nor cp1252 (line {_line_of(data, exc.start)}, byte 0x{data[exc.start]:02x}); "
                        "set 'encoding' in the codebook", file=path) from None
