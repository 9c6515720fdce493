"""The objects that exist now kept out of Python's cyclic garbage collections for a while.

A cyclic collection walks every tracked object and writes to each one's header. Two
places in the package pay for that without need: a library that calls ``gc.collect()``
itself (statsmodels' Holm adjustment, once per family of tests), and a forked child
(figure workers, the comparisons, the slides) whose collections write to the pages it
shares with this process, so that the kernel copies every page of Python objects
into each child. :func:`objects_frozen` moves the objects that exist now to the
permanent generation (:func:`gc.freeze`; the Python documentation recommends it
before a fork) for the duration of a ``with`` block; they are collected as before
afterwards. Blocks nest: the outermost one unfreezes.

>>> import gc
>>> with objects_frozen():
...     with objects_frozen():          # an inner block (the Holm adjustment inside analyze)
...         pass
...     gc.get_freeze_count() > 0       # still frozen: the outer block unfreezes
True
>>> gc.get_freeze_count()
0
"""
from __future__ import annotations

import gc
from contextlib import contextmanager

__all__ = ["objects_frozen"]


@contextmanager
def objects_frozen():
    """Freeze the objects that exist now for the block (unfrozen at its end unless an enclosing
    block, or the caller, froze objects before it)."""
    outermost = gc.get_freeze_count() == 0
    gc.freeze()
    try:
        yield
    finally:
        if outermost:
            gc.unfreeze()
