"""File ▸ Import: runs the import service on a worker thread behind a cancellable progress dialog."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEventLoop, Qt
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from annotator.services.importing import ImportSummary, import_paths
from annotator.store.project import open_project
from annotator.ui.workers import Worker, start


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
    outcome: dict[str, object] = {}
    loop = QEventLoop()

    def on_progress(done: int, total: int, what: str) -> None:
        dialog.setMaximum(total)
        dialog.setValue(done)
        dialog.setLabelText(f"Importing {Path(what).name} ({done}/{total})")

    worker.progress.connect(on_progress)
    worker.finished.connect(lambda result: (outcome.update(result=result), loop.quit()))
    worker.failed.connect(lambda message: (outcome.update(error=message), loop.quit()))
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
