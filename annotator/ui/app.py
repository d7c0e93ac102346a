"""Start the GUI: settings, the welcome (the annotator's name, a project), the main window."""

from __future__ import annotations

import logging
import sys
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

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
    """The annotator's name: ``--annotator``, else remembered, else asked once (the welcome, name only)."""
    if override:
        settings.setValue("annotator", override)
        return override
    name = str(settings.value("annotator", "") or "").strip()
    if name:
        return name
    from annotator.ui.welcome import welcome

    answer = welcome(choose_project=False)
    if answer is None:
        return None
    settings.setValue("annotator", answer.name)
    return answer.name


def first_run(settings: QSettings, override: str | None, project: Path | None) -> tuple[str, Path] | None:
    """The name and the project to start on; None when the annotator cancelled.

    The name is ``--annotator``, else remembered; the project is the one given, else the most recent one that
    still exists. What is missing is asked in the welcome: the name only when the project is known, else the
    name (filled in when known) and a way on (the demo, the annotator's own files, an existing project)."""
    if override:
        settings.setValue("annotator", override)
    name = override or str(settings.value("annotator", "") or "").strip()
    if project is None and name:
        project = next((Path(p) for p in recent_projects(settings) if Path(p).exists()), None)
    if name and project is not None:
        return name, project
    from annotator.ui.welcome import welcome  # Qt widgets load once they are wanted

    answer = welcome(name, choose_project=project is None)
    if answer is None:
        return None
    settings.setValue("annotator", answer.name)
    chosen = answer.project or project  # the welcome accepts no way on without a project
    return (answer.name, chosen) if chosen is not None else None


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
    started = first_run(settings, annotator, project)
    if started is None:
        return 1
    name, project = started
    try:
        window = open_window(project, name, settings, review)
    except AnnotatorError as exc:
        show_message(None, "Cannot open project", str(exc), warning=True)
        return 1
    window.show()
    return app.exec()
