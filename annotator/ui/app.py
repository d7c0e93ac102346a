"""Start the GUI."""

from __future__ import annotations

import sys
from pathlib import Path


def run_gui(project: Path | None, annotator: str | None) -> int:
    from PySide6.QtWidgets import QApplication, QListWidget

    from annotator.store.project import open_project

    app = QApplication.instance() or QApplication(sys.argv)
    w = QListWidget()
    if project:
        with open_project(project) as p:
            for (title,) in p.conn.execute("SELECT title FROM articles ORDER BY id"):
                w.addItem(title)
    w.show()
    return app.exec()
