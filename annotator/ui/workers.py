"""Long work off the UI thread: a QThread runs a function with its own project connection."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QThread, Signal

from annotator.errors import AnnotatorError


class Cancelled(Exception):
    """Raised from a progress callback when the user pressed Cancel."""


class Worker(QObject):
    progress = Signal(int, int, str)
    finished = Signal(object)  # the result
    failed = Signal(str)  # a one-line message

    def __init__(self, job: Callable[[Callable[[int, int, str], None]], Any]) -> None:
        super().__init__()
        self._job = job
        self.cancel_requested = False

    def _progress(self, done: int, total: int, what: str) -> None:
        if self.cancel_requested:
            raise Cancelled()
        self.progress.emit(done, total, what)

    def run(self) -> None:
        try:
            result = self._job(self._progress)
        except Cancelled:
            self.failed.emit("cancelled; nothing was changed")
        except AnnotatorError as exc:
            self.failed.emit(str(exc))
        except Exception as exc:  # noqa: BLE001 - shown to the user as one line, logged in full
            import logging  # noqa: PLC0415

            logging.getLogger(__name__).exception("background job failed")
            self.failed.emit(f"unexpected error: {exc}")
        else:
            self.finished.emit(result)


def start(worker: Worker, parent: QObject) -> QThread:
    thread = QThread(parent)
    worker.moveToThread(thread)
    thread.started.connect(worker.run)
    worker.finished.connect(thread.quit)
    worker.failed.connect(thread.quit)
    thread.start()
    return thread
