"""Start the GUI: settings, the annotator's name, the project, the main window."""

from __future__ import annotations

import logging
import sys
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QInputDialog

from annotator.errors import AnnotatorError
from annotator.services.workspace import is_reviewer, open_project
from annotator.ui.file_actions import recent_projects, remember_project
from annotator.ui.text import show_message

if TYPE_CHECKING:
    from annotator.ui.main_window import MainWindow

log = logging.getLogger(__name__)


def app_settings() -> QSettings:
    return QSettings("corpus-annotator", "corpus-annotator")


def ask_annotator(settings: QSettings, override: str | None) -> str | None:
    """The annotator's name: ``--annotator``, else remembered, else asked once."""
    if override:
        settings.setValue("annotator", override)
        return override
    name = str(settings.value("annotator", "") or "").strip()
    if name:
        return name
    name, ok = QInputDialog.getText(None, "Welcome to corpus-annotator",
                                    "Your name (it is stored with every annotation you make):")
    name = name.strip()
    if not ok or not name:
        return None
    settings.setValue("annotator", name)
    return name


def start_rolling_backup(project: Path) -> threading.Thread:
    """Copy the project into its rolling backups (the last few sessions) without holding up the window."""
    from annotator.services.backup import rolling_backup  # off the window's start-up path

    def run() -> None:
        try:
            log.info("rolling backup: %s", rolling_backup(project))
        except AnnotatorError as exc:
            log.warning("no rolling backup of %s: %s", project, exc)

    thread = threading.Thread(target=run, name="rolling-backup", daemon=True)
    thread.start()
    return thread


def open_window(project: Path, name: str, settings: QSettings, review: bool = False) -> MainWindow:
    """Everything the window does when it starts on a project: open it, remember it, start the rolling
    backup, choose review mode for a reviewer, build the window (not shown yet). Raises AnnotatorError."""
    from annotator.ui.main_window import MainWindow  # Qt widgets load once a window is wanted

    proj = open_project(project)
    try:
        remember_project(settings, project)
        start_rolling_backup(project)
        return MainWindow(proj, name, settings, review=review or is_reviewer(proj, name))
    except BaseException:
        proj.close()
        raise


def run_gui(project: Path | None, annotator: str | None, review: bool = False) -> int:
    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName("corpus-annotator")
    settings = app_settings()
    name = ask_annotator(settings, annotator)
    if name is None:
        return 1
    if project is None:
        recent = recent_projects(settings)
        if not recent:
            show_message(None, "corpus-annotator", "No project given: run 'annotator gui FILE.db' or 'annotator demo'.")
            return 1
        project = Path(recent[0])
    try:
        window = open_window(project, name, settings, review)
    except AnnotatorError as exc:
        show_message(None, "Cannot open project", str(exc), warning=True)
        return 1
    window.show()
    return app.exec()
