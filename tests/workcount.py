"""Work counted, not timed: how many Python calls, or SQLite virtual-machine steps, a piece of code takes.

Timed tests are not used in this project (performance targets live in ``bench/``). A slow path that
is quadratic shows as a count that grows with the square of the input, on any machine: a test runs
the code on n and on k x n items and checks that the count grows about k times, not k² times.
"""

from __future__ import annotations

import gc
import sqlite3
import sys
from collections.abc import Callable
from types import FrameType
from typing import Any


def python_calls(fn: Callable[[], Any], *, builtins: bool = False) -> int:
    """Python function calls (and generator resumptions) made while ``fn`` runs; with ``builtins``, calls of
    builtins too (each ``dict.get`` of a trie walk is one)."""
    count = 0
    events = ("call", "c_call") if builtins else ("call",)

    def profile(_frame: FrameType, event: str, _arg: Any) -> None:
        nonlocal count
        if event in events:
            count += 1

    # the garbage collector may run finalizers of objects other tests left behind in the middle of ``fn``
    # (their calls would count): collect first, and not while counting
    gc.collect()
    was_enabled = gc.isenabled()
    gc.disable()
    old = sys.getprofile()
    sys.setprofile(profile)
    try:
        fn()
    finally:
        sys.setprofile(old)
        if was_enabled:
            gc.enable()
    return count


def sqlite_steps(conn: sqlite3.Connection, fn: Callable[[], Any], every: int = 100) -> int:
    """SQLite virtual-machine instructions executed on ``conn`` while ``fn`` runs (in units of ``every``):
    a query that scans rows costs steps in proportion to the rows it visits."""
    count = 0

    def tick() -> int:
        nonlocal count
        count += 1
        return 0  # go on

    conn.set_progress_handler(tick, every)
    try:
        fn()
    finally:
        conn.set_progress_handler(None, every)
    return count * every
