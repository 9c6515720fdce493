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

:func:`use_system_allocator` makes the system allocator pyarrow's default pool for the
rest of the process. pandas' text columns (``str``) are pyarrow arrays, and what the
validation report's million rows of text made and dropped stayed in mimalloc's pages,
where NumPy's arrays cannot reuse them: the next step's arrays came on top. With one
allocator the load peak at 10^6 respondents falls from 2009 to 1926 MiB and
``validate``'s from 2250 to 2023 MiB (``docs/performance.md``); the numbers are the same.
"""
from __future__ import annotations

import ctypes
import ctypes.util
import functools
import sys

__all__ = ["free_memory", "use_system_allocator"]


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


def use_system_allocator() -> bool:
    """Make the system allocator pyarrow's default memory pool (when pyarrow is installed).

    Memory that pyarrow frees then goes back to the C heap, where NumPy's arrays reuse it
    (and :func:`free_memory` can return it), instead of staying in mimalloc's pages. It is
    a setting of the process: pyarrow's results are the same with either pool.

    Returns
    -------
    bool
        Whether pyarrow is installed (and now uses the system allocator).

    Examples
    --------
    >>> use_system_allocator() in (True, False)
    True
    """
    try:
        import pyarrow as pa
    except ImportError:
        return False
    if pa.default_memory_pool().backend_name != "system":
        pa.set_memory_pool(pa.system_memory_pool())
    return True
