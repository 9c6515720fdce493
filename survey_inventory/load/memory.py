"""Giving freed memory back to the system between the loader's steps.

Loading a large study makes and frees many row-long arrays of a few megabytes each.
glibc's allocator serves arrays of that size from its heap once larger ones have been
freed (its threshold for mapping memory of its own rises), and keeps the freed pages:
the process then holds gigabytes it no longer uses, and the next step's arrays come on
top (at 10^5 respondents, resident memory after loading falls from 832 to 461 MiB
when the heap is trimmed). pyarrow's own allocator (mimalloc) keeps what the CSV
reader's text columns held after they are dropped (some 500 MB at 10^6 respondents).
:func:`free_memory` hands both back: pyarrow's ``release_unused`` when pyarrow is in
use, and glibc's ``malloc_trim`` where the C library has it.
"""
from __future__ import annotations

import ctypes
import ctypes.util
import functools
import sys

__all__ = ["free_memory"]


@functools.lru_cache(maxsize=1)
def _trim():
    """glibc's ``malloc_trim``, or None where the C library has none (macOS, Windows, musl)."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        return libc.malloc_trim
    except (OSError, AttributeError):
        return None


def free_memory() -> bool:
    """Return the free pages of pyarrow's pool and of the C heap to the operating system.

    Returns
    -------
    bool
        Whether the C library could trim its heap (glibc).

    Examples
    --------
    >>> free_memory() in (True, False)
    True
    """
    if "pyarrow" in sys.modules:  # never imported for it: only a pool in use holds anything
        sys.modules["pyarrow"].default_memory_pool().release_unused()
    trim = _trim()
    if trim is None:
        return False
    trim(0)
    return True
