"""Giving memory back between the loader's steps (survey_inventory.load.memory)."""
from __future__ import annotations

import pytest

from survey_inventory.load import load_study
from survey_inventory.load.memory import use_system_allocator


def test_loading_makes_the_system_allocator_pyarrows_pool(bundled_codebook):
    """Text columns freed by one step are reused by the next step's NumPy arrays only when
    pyarrow allocates from the same (system) heap: load_study sets that up."""
    pa = pytest.importorskip("pyarrow")
    before = pa.default_memory_pool()
    try:
        other = pa.mimalloc_memory_pool()
    except (AttributeError, NotImplementedError):
        pytest.skip("pyarrow without mimalloc: its pool is the system allocator anyway")
    try:
        pa.set_memory_pool(other)
        load_study(bundled_codebook)
        assert pa.default_memory_pool().backend_name == "system"
        assert use_system_allocator() is True
    finally:
        pa.set_memory_pool(before)
