"""The one progress callback type of every long task (import, export, agreement, review queue).

``progress(done, total, current)``: ``done`` of ``total`` items handled so far, ``current`` names the
item at hand (an article id, a file name) or is empty. A callback may raise to stop the task; the task
then changes nothing (each is one transaction or writes its files atomically).
"""

from __future__ import annotations

from collections.abc import Callable

Progress = Callable[[int, int, str], None]


def no_progress(_done: int, _total: int, _current: str) -> None:
    """A progress callback that does nothing."""
