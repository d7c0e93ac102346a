"""File ▸ Import: runs the import service on a worker thread behind a cancellable progress dialog."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QWidget

from annotator.services.importing import ImportSummary, import_paths
from annotator.store.project import open_project
from annotator.ui.text import show_message
from annotator.ui.workers import run_with_progress


def run_import(parent: QWidget, project_path: Path, paths: list[str], annotator: str) -> bool:
    """Import ``paths``; returns True when something was imported."""

    def job(progress):  # noqa: ANN001, ANN202 - called on the worker thread
        with open_project(project_path) as project:
            return import_paths(project, paths, annotator=annotator, progress=progress)

    summary, error = run_with_progress(parent, "Import", job,
                                       lambda d, t, what: f"Importing {Path(what).name} ({d}/{t})")
    if error is not None:
        show_message(parent, "Import failed", error, warning=True)
        return False
    assert isinstance(summary, ImportSummary)
    show_message(parent, "Import finished", "\n".join(summary.lines()))
    return summary.articles > 0
