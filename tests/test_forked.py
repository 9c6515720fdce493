"""forked.py: one function in a forked child; its value, its exception, and a child that dies."""
import multiprocessing as mp
import os
import signal
import time

import pandas as pd
import pytest

from survey_inventory.forked import run_forked

pytestmark = pytest.mark.skipif("fork" not in mp.get_all_start_methods(), reason="no fork here")


def _where(frame):
    return os.getpid(), int(frame["x"].sum())


def test_the_child_computes_on_the_parents_data_and_sends_the_value_back():
    frame = pd.DataFrame({"x": range(10_000)})
    pid, total = run_forked(_where, frame).result()
    assert pid != os.getpid() and total == 49_995_000
    assert not mp.active_children()


def _fails(message):
    raise ValueError(message)


def test_an_exception_in_the_child_is_raised_here():
    with pytest.raises(ValueError, match="row 7 of answers.csv"):
        run_forked(_fails, "row 7 of answers.csv").result()


def _dies_in_child(parent):
    if os.getpid() != parent:
        os.kill(os.getpid(), signal.SIGKILL)   # killed (out of memory, a user's kill): no answer
    return "made here"


def test_a_child_that_dies_without_an_answer_is_made_up_for_here():
    assert run_forked(_dies_in_child, os.getpid()).result() == "made here"
    assert not mp.active_children()


def _unpicklable():
    return lambda: 1


def test_an_answer_that_does_not_pickle_is_made_here():
    assert run_forked(_unpicklable).result()() == 1


def test_cancel_stops_the_child_without_waiting():
    pending = run_forked(time.sleep, 30)
    started = time.perf_counter()
    pending.cancel()
    assert time.perf_counter() - started < 5 and not mp.active_children()
