"""Suggestions computed ahead, on a thread of their own, so opening a paragraph never waits for them.

When a paragraph opens, the window asks (:meth:`SuggestPrefetcher.request`) for its suggestions and those of the
next few paragraphs still to do; a worker thread computes and stores them through the services on its own
project connection (SQLite objects stay in the thread that made them) and reports each paragraph with
``ready(paragraph_id, suggestion_ids)``, queued to the UI thread. A newer request replaces one not started
yet, and the worker turns to it between two paragraphs. A paragraph already computed at the request's
``generation`` (the window counts up on every change of the annotations, and when the project's model was
retrained) is not computed again. The project's ``model`` recommender, when it cannot run yet (no model
trained), is asked about again on every request: the window trains one as the annotator goes.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QThread, Signal, Slot

from annotator.errors import AnnotatorError
from annotator.services import suggest_edits
from annotator.services.suggest_model import MODEL
from annotator.services.workspace import Project, open_project

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Request:
    article_id: int
    idx: int  # the paragraph that opened; it comes first, then the next ones to do
    generation: int
    recommenders: tuple[str, ...]


class SuggestWorker(QObject):
    """Lives on the worker thread; only :meth:`submit` is called from the UI thread."""

    ready = Signal(int, object)  # paragraph id, list of the ids of its suggestions
    failed = Signal(str)
    unavailable = Signal(object)  # {recommender: why it cannot run here}, once per recommender
    wake = Signal()

    def __init__(self, path: Path, annotator: str, ahead: int) -> None:
        super().__init__()
        self.path, self.annotator, self.ahead = path, annotator, ahead
        self._lock = threading.Lock()
        self._pending: Request | None = None
        self._done: dict[int, tuple[int, tuple[str, ...]]] = {}  # paragraph id -> (generation, recommenders)
        self._project: Project | None = None
        self._why_not: dict[str, str | None] = {}  # recommender -> None when it can run here
        self._reported: set[str] = set()  # recommenders said to be unavailable (once each)
        self.stopping = False

    def submit(self, request: Request) -> None:
        with self._lock:
            self._pending = request
        self.wake.emit()  # queued to the worker thread: drain runs there

    def _take(self) -> Request | None:
        with self._lock:
            request, self._pending = self._pending, None
        return request

    def _newer(self) -> bool:
        with self._lock:
            return self._pending is not None

    @Slot()
    def drain(self) -> None:
        while not self.stopping:
            request = self._take()
            if request is None:
                return
            try:
                self._serve(request)
            except AnnotatorError as exc:
                self.failed.emit(f"suggestions: {exc}")
            except Exception as exc:  # the worker must outlive a failing recommender (log.exception says why)
                log.exception("computing suggestions failed")
                self.failed.emit(f"suggestions: unexpected error: {exc}")

    def _serve(self, request: Request) -> None:
        unknown = [n for n in request.recommenders
                   if n not in self._why_not or (n == MODEL and self._why_not[n] is not None)]
        if unknown:  # making a recommender may load data (CLDR names, a model): here, not on the UI thread
            found = suggest_edits.available(unknown, self.path)
            self._why_not.update(found)
            missing = {n: why for n, why in found.items() if why is not None and n not in self._reported}
            if missing:
                self._reported.update(missing)
                self.unavailable.emit(missing)
        names = tuple(n for n in request.recommenders if self._why_not.get(n) is None)
        if not names:
            return
        if self._project is None:
            self._project = open_project(self.path, create=False, upgrade=False)
        project = self._project
        ids = suggest_edits.paragraphs_ahead(project, self.annotator, request.article_id, request.idx, self.ahead)
        key = (request.generation, names)
        for paragraph_id in ids:
            if self.stopping or self._newer():
                return  # the newer request comes first; what it still needs, it computes
            if self._done.get(paragraph_id) == key:
                continue
            anns = suggest_edits.suggest_for(project, self.annotator, paragraph_id, list(names))
            self._done[paragraph_id] = key
            self.ready.emit(paragraph_id, [a.id for a in anns])

    @Slot()
    def close(self) -> None:
        """Runs on the worker thread as it finishes (thread.finished, direct connection)."""
        if self._project is not None:
            self._project.close()
            self._project = None


class SuggestPrefetcher(QObject):
    """Owns the worker thread; ``ready`` and ``failed`` arrive on the UI thread."""

    ready = Signal(int, object)
    failed = Signal(str)
    unavailable = Signal(object)

    def __init__(self, path: Path, annotator: str, ahead: int = 3, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.thread_ = QThread(self)
        self.thread_.setObjectName("suggestions")
        self.worker = SuggestWorker(path, annotator, ahead)
        self.worker.moveToThread(self.thread_)
        self.worker.wake.connect(self.worker.drain, Qt.ConnectionType.QueuedConnection)
        self.worker.ready.connect(self.ready)
        self.worker.failed.connect(self.failed)
        self.worker.unavailable.connect(self.unavailable)
        self.thread_.finished.connect(self.worker.close, Qt.ConnectionType.DirectConnection)
        self.thread_.start()
        self._stopped = False

    def request(self, request: Request) -> None:
        if not self._stopped:
            self.worker.submit(request)

    def stop(self) -> None:
        """Finish the paragraph in hand, then end the thread (the window is closing)."""
        if self._stopped:
            return
        self._stopped = True
        self.worker.stopping = True
        self.thread_.quit()
        self.thread_.wait()
