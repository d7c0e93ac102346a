"""Long work off the UI thread: a QThread runs a job behind a cancellable progress dialog.

The job gets a ``progress(done, total, what)`` callback; it runs on the worker
thread and must open its own project connection (SQLite objects stay in the
thread that made them). Progress and the outcome reach the UI thread through a
bridge object that lives there, so Qt queues them.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEventLoop, QObject, Qt, QThread, Signal, Slot
from PySide6.QtWidgets import QLabel, QProgressDialog, QWidget

from annotator.errors import AnnotatorError

log = logging.getLogger(__name__)
Job = Callable[[Callable[[int, int, str], None]], Any]


class Cancelled(Exception):
    """Raised from a progress callback when the user pressed Cancel."""


class Worker(QObject):
    progress = Signal(int, int, str)
    finished = Signal(object)  # the result
    failed = Signal(str)  # a one-line message

    def __init__(self, job: Job) -> None:
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
        except Exception as exc:
            log.exception("background job failed")
            self.failed.emit(f"unexpected error: {exc}")
        else:
            self.finished.emit(result)


class _Bridge(QObject):
    def __init__(self, dialog: QProgressDialog, describe: Callable[[int, int, str], str]) -> None:
        super().__init__(dialog)
        self.dialog, self.describe = dialog, describe
        self.outcome: dict[str, Any] = {}
        self.loop = QEventLoop(self)

    @Slot(int, int, str)
    def progress(self, done: int, total: int, what: str) -> None:
        self.dialog.setMaximum(total)
        self.dialog.setValue(done)
        self.dialog.setLabelText(self.describe(done, total, what))

    @Slot(object)
    def finished(self, result: object) -> None:
        self.outcome["result"] = result
        self.loop.quit()

    @Slot(str)
    def failed(self, message: str) -> None:
        self.outcome["error"] = message
        self.loop.quit()


def run_with_progress(parent: QWidget, title: str, job: Job,
                      describe: Callable[[int, int, str], str]) -> tuple[Any, str | None]:
    """Run ``job`` on a worker thread; returns (result, None) or (None, one-line error)."""
    dialog = QProgressDialog(f"{title}…", "Cancel", 0, 0, parent)
    label = QLabel(f"{title}…", dialog)
    label.setTextFormat(Qt.TextFormat.PlainText)  # file names are shown as they are, never as markup
    dialog.setLabel(label)
    dialog.setWindowTitle(title)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(300)
    worker = Worker(job)
    bridge = _Bridge(dialog, describe)
    worker.progress.connect(bridge.progress)
    worker.finished.connect(bridge.finished)
    worker.failed.connect(bridge.failed)
    dialog.canceled.connect(lambda: setattr(worker, "cancel_requested", True))
    thread = QThread(parent)
    worker.moveToThread(thread)
    thread.started.connect(worker.run)
    thread.start()
    bridge.loop.exec()  # the outcome is queued to this loop, so it cannot be missed
    thread.quit()  # called here, not through a queued signal that a blocked wait() would never deliver
    thread.wait()
    dialog.close()
    thread.deleteLater()
    if "error" in bridge.outcome:
        return None, str(bridge.outcome["error"])
    return bridge.outcome.get("result"), None
