"""File ▸ Import: runs the import service on a worker thread behind a cancellable progress dialog."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QWidget

from annotator.importing import import_files
from annotator.ui.text import show_message
from annotator.ui.workers import run_with_progress


def run_import(parent: QWidget, project_path: Path, paths: list[str], annotator: str) -> bool:
    """Import ``paths`` (articles, or annotated JSONL as ``annotator``'s); True when it succeeded."""

    def job(progress):
        return import_files(project_path, paths, annotator=annotator,
                            progress=lambda _label: (progress, lambda: None))

    lines, error = run_with_progress(parent, "Import", job,
                                       lambda d, t, what: f"Importing {Path(what).name} ({d}/{t})")
    if error is not None:
        show_message(parent, "Import failed", error, warning=True)
        return False
    show_message(parent, "Import finished", "\n".join(lines))
    return True
