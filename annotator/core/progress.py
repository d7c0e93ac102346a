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


class Ticker:
    """Counts items as a task handles them and tells ``progress`` (if any) every ``every`` items: ``start`` says
    0 of ``total``, calling the ticker counts one item, ``finish`` says ``total`` of ``total``."""

    def __init__(self, progress: Progress | None, total: int, every: int = 200) -> None:
        self.progress, self.total, self.every, self.done = progress, total, every, 0

    def start(self) -> None:
        if self.progress is not None:
            self.progress(0, self.total, "")

    def __call__(self, current: str) -> None:
        self.done += 1
        if self.progress is not None and self.done % self.every == 0:
            self.progress(self.done, self.total, current)

    def finish(self) -> None:
        if self.progress is not None:
            self.progress(self.total, self.total, "")
