"""The window retrains the project's model in a process of its own, every N paragraphs the annotator marks done.

After the annotations change (debounced: a burst of keys counts once), :class:`Retrainer` counts the
annotator's done paragraphs; when the count reaches a multiple of N it has not reached before in this window,
it starts ``annotator train PROJECT --annotator NAME --json`` (:func:`start_process`, a :class:`QProcess`:
the window never waits for it). One at a time: a multiple reached while one runs starts one more when it ends.
The status bar says "retraining the model…", then "model retrained: F1 …" (or why not); ``retrained`` tells
the suggestions to compute again with the new model. Closing the window kills the process.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QProcess, QTimer, Signal

from annotator.errors import AnnotatorError
from annotator.services import suggest_model

log = logging.getLogger(__name__)

CHECK_DELAY_MS = 300  # after the last change: the count is read once per burst of keys, never per key


def start_process(argv: list[str], parent: QObject) -> QProcess:
    """Start ``argv`` in a process of its own (tests replace this to record what would be started)."""
    proc = QProcess(parent)
    proc.setProgram(argv[0])
    proc.setArguments(argv[1:])
    proc.start()
    return proc


class Retrainer(QObject):
    """Counts done paragraphs and retrains the model in the background (see the module docstring)."""

    message = Signal(str, int)  # status-bar text, milliseconds to show it (0: until replaced)
    retrained = Signal()  # a new model is in place

    def __init__(self, path: Path, annotator: str, count_done: Callable[[], int], every: int,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.path, self.annotator, self.every = path, annotator, every
        self._count_done = count_done
        self.unavailable = suggest_model.training_unavailable(path)
        self.process: QProcess | None = None
        self.pending = False
        self.stopped = False
        self._reached = self._multiple(self._done())
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(CHECK_DELAY_MS)
        self._timer.timeout.connect(self.check)

    def _done(self) -> int:
        try:
            return self._count_done()
        except AnnotatorError as exc:
            log.info("done paragraphs not counted: %s", exc)
            return 0

    def _multiple(self, done: int) -> int:
        return done // self.every if self.every > 0 else 0

    def set_every(self, every: int) -> None:
        self.every = max(0, every)
        self._reached = self._multiple(self._done())  # from here on: the next multiple of the new N

    @property
    def running(self) -> bool:
        return self.process is not None

    def changed(self) -> None:
        """The annotations changed: count the done paragraphs soon (once per burst)."""
        if self.every > 0 and self.unavailable is None and not self.stopped:
            self._timer.start()

    def check(self) -> None:
        """Start a retraining when the done count reached a multiple of N not reached before."""
        if self.every <= 0 or self.unavailable is not None or self.stopped:
            return
        multiple = self._multiple(self._done())
        if multiple <= self._reached:
            return
        self._reached = multiple
        self.start()

    def start(self) -> None:
        """Retrain now (or as soon as the one running ends)."""
        if self.stopped or self.unavailable is not None:
            return
        if self.process is not None:
            self.pending = True
            return
        argv = suggest_model.train_command(self.path, self.annotator)
        log.info("retraining the model: %s", argv)
        proc = start_process(argv, self)
        self.process = proc
        proc.finished.connect(lambda code, _status, p=proc: self._finished(p, code))
        proc.errorOccurred.connect(lambda err, p=proc: self._error(p, err))
        self.message.emit("retraining the model…", 0)

    def _finished(self, proc: QProcess, code: int) -> None:
        if proc is not self.process:
            return
        out = bytes(proc.readAllStandardOutput().data()).decode("utf-8", "replace")
        err = bytes(proc.readAllStandardError().data()).decode("utf-8", "replace")
        self.finished(code, out, err)

    def _error(self, proc: QProcess, error: QProcess.ProcessError) -> None:
        if proc is self.process and error == QProcess.ProcessError.FailedToStart:
            self.finished(-1, "", f"could not start {proc.program()}: {proc.errorString()}")

    def finished(self, code: int, stdout: str, stderr: str) -> None:
        """The retraining process ended: say how it went; a new model makes the suggestions compute again."""
        proc, self.process = self.process, None
        if proc is not None:
            proc.deleteLater()
        if self.stopped:
            return
        self.message.emit(suggest_model.train_outcome(code, stdout, stderr), 10000)
        if code == 0:
            self.retrained.emit()
        if self.pending:
            self.pending = False
            self.start()

    def stop(self) -> None:
        """The window closes: no new retraining, and the one running is killed."""
        self.stopped = True
        self._timer.stop()
        proc, self.process = self.process, None
        if proc is not None and proc.state() != QProcess.ProcessState.NotRunning:
            proc.kill()
            proc.waitForFinished(3000)
