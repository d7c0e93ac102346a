"""File ▸ Import: runs the import service on a worker thread behind a cancellable progress dialog."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEventLoop, QObject, Qt, Slot
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from annotator.services.importing import ImportSummary, import_paths
from annotator.store.project import open_project
from annotator.ui.workers import Worker, start


class _Bridge(QObject):
    def __init__(self, dialog: QProgressDialog) -> None:
        super().__init__(dialog)
        self.dialog = dialog
        self.outcome: dict[str, object] = {}
        self.loop = QEventLoop(self)

    @Slot(int, int, str)
    def progress(self, done: int, total: int, what: str) -> None:
        self.dialog.setMaximum(total)
        self.dialog.setValue(done)
        self.dialog.setLabelText(f"Importing {Path(what).name} ({done}/{total})")

    @Slot(object)
    def finished(self, result: object) -> None:
        self.outcome["result"] = result
        self.loop.quit()

    @Slot(str)
    def failed(self, message: str) -> None:
        self.outcome["error"] = message
        self.loop.quit()


def run_import(parent: QWidget, project_path: Path, paths: list[str], annotator: str) -> bool:
    """Import ``paths``; returns True when something was imported."""

    def job(progress):  # noqa: ANN001, ANN202 - called on the worker thread
        with open_project(project_path) as project:  # its own connection: SQLite objects stay in one thread
            return import_paths(project, paths, annotator=annotator, progress=progress)

    dialog = QProgressDialog("Importing…", "Cancel", 0, 0, parent)
    dialog.setWindowTitle("Import")
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(300)
    worker = Worker(job)
    bridge = _Bridge(dialog)  # lives on the UI thread, so the worker's signals are queued to it
    worker.progress.connect(bridge.progress)
    worker.finished.connect(bridge.finished)
    worker.failed.connect(bridge.failed)
    outcome = bridge.outcome
    loop = bridge.loop
    dialog.canceled.connect(lambda: setattr(worker, "cancel_requested", True))
    thread = start(worker, parent)
    loop.exec()
    thread.wait()
    dialog.close()
    if "error" in outcome:
        QMessageBox.warning(parent, "Import failed", str(outcome["error"]))
        return False
    summary: ImportSummary = outcome["result"]  # type: ignore[assignment]
    QMessageBox.information(parent, "Import finished", "\n".join(summary.lines()))
    return summary.articles > 0
