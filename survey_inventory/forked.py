"""One function run in a forked child process while this process goes on.

:func:`run_forked` forks a child that calls the function on this process's data as
they are at that moment (a fork shares them: nothing is copied or pickled on the
way in) and sends back only the result. ``analyze`` runs the comparisons between
types and sectors this way while it writes the report, on the core the figure
workers leave. Where processes cannot be forked, or the child cannot be started,
the function runs here when its result is asked for; an exception in the child is
raised here, and a child that dies without an answer (killed, out of memory) is
made up for by running the function here.
"""
from __future__ import annotations

from typing import Any, Callable

__all__ = ["Forked", "run_forked"]


class Forked:
    """The pending result of :func:`run_forked`: :meth:`result` waits for it.

    Examples
    --------
    >>> Forked(None, None, sum, ([1, 2],), {}).result()     # no child: computed when asked for
    3
    """

    def __init__(self, process, conn, func, args, kwargs):
        self._process, self._conn = process, conn
        self._call = (func, args, kwargs)
        self._done, self._value = False, None

    def result(self) -> Any:
        """The function's return value (its exception, raised here, when it raised one)."""
        if not self._done:
            self._value, self._done = self._wait(), True
        return self._value

    def cancel(self) -> None:
        """Stop the child without waiting for its answer (the caller stopped on an error)."""
        if self._process is not None:
            self._process.kill()
            self._close()

    def _wait(self):
        func, args, kwargs = self._call
        if self._process is None:
            return func(*args, **kwargs)
        try:
            ok, value = self._conn.recv()
        except Exception:  # noqa: BLE001 - died without an answer, or one that does not unpickle
            ok, value = None, None
        self._close()
        if ok is None:       # made up for here: the same call gives the same value or exception
            return func(*args, **kwargs)
        if not ok:
            raise value
        return value

    def _close(self):
        self._conn.close()
        self._process.join()
        self._process = None


def run_forked(func: Callable, *args, **kwargs) -> Forked:
    """Start ``func(*args, **kwargs)`` in a forked child process; return at once.

    Parameters
    ----------
    func : callable
        Its return value must pickle (it is sent back); the arguments need not.
    *args, **kwargs
        Passed to ``func`` in the child as they are (a fork shares them).

    Returns
    -------
    Forked
        ``.result()`` waits for the value and returns it.

    Examples
    --------
    >>> import pandas as pd
    >>> frame = pd.DataFrame({"x": range(1000)})
    >>> pending = run_forked(lambda f: f["x"].sum(), frame)   # a lambda: nothing is pickled on the way in
    >>> int(pending.result())
    499500
    """
    import multiprocessing as mp

    if "fork" not in mp.get_all_start_methods():
        return Forked(None, None, func, args, kwargs)
    context = mp.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    try:
        process = context.Process(target=_child, args=(send, func, args, kwargs), daemon=True)
        process.start()
    except OSError:          # no processes here: run it when the result is asked for
        receive.close()
        send.close()
        return Forked(None, None, func, args, kwargs)
    send.close()
    return Forked(process, receive, func, args, kwargs)


def _child(conn, func, args, kwargs) -> None:
    try:
        answer = (True, func(*args, **kwargs))
    except Exception as exc:  # noqa: BLE001 - the failure goes back to the parent
        answer = (False, exc)
    try:
        conn.send(answer)
    except Exception:  # noqa: BLE001 - an answer that does not pickle: the parent runs it itself
        conn.send((None, None))
    conn.close()
