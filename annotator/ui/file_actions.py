"""The File menu: new / open / recent projects, import and export."""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from PySide6.QtCore import QObject, QSettings
from PySide6.QtWidgets import QMenu, QWidget

from annotator.errors import AnnotatorError
from annotator.services.workspace import Project, Workspace, open_project
from annotator.ui.file_dialogs import choose_open_file, choose_open_files, choose_save_file
from annotator.ui.text import show_message


def recent_projects(settings: QSettings) -> list[str]:
    value = settings.value("recent", []) or []
    return [str(v) for v in (value if isinstance(value, list) else [value])]


def remember_project(settings: QSettings, path: Path) -> None:
    items = [str(path.resolve())] + [p for p in recent_projects(settings) if p != str(path.resolve())]
    settings.setValue("recent", items[:8])


class ProjectWindow(Protocol):
    """What the File menu needs of :class:`annotator.ui.main_window.MainWindow` (described here, not imported:
    the main window imports this module)."""

    settings: QSettings
    annotator: str
    workspace: Workspace

    def window(self) -> QWidget: ...  # the window itself, as the parent of dialogs

    def refresh_articles(self) -> None: ...

    def replace_with(self, project: Project) -> None: ...  # a window on another project takes this one's place


class FileActions(QObject):
    def __init__(self, window: ProjectWindow) -> None:
        super().__init__(window.window())
        self.window = window

    def new_project(self) -> None:
        path = choose_save_file(self.window.window(), "New project", Path.home() / "project.db", "Projects (*.db)")
        if path:
            self.switch_project(Path(path))

    def open_project(self) -> None:
        path = choose_open_file(self.window.window(), "Open project", Path.home(), "Projects (*.db);;All (*)")
        if path:
            self.switch_project(Path(path))

    def import_files(self) -> None:
        from annotator.ui.import_dialog import ask_and_import  # loaded when first used

        parent = self.window.window()
        paths = choose_open_files(parent, "Import articles", Path.home(), "Articles (*.txt *.jsonl);;All (*)")
        if paths and ask_and_import(parent, self.window.workspace.path, paths, self.window.annotator):
            self.window.refresh_articles()

    def export(self) -> None:
        from annotator.ui.export_dialog import run_export  # loaded when first used

        run_export(self.window.window(), self.window.workspace.path, self.window.annotator)

    def fill_recent(self, menu: QMenu) -> None:
        menu.clear()
        for path in recent_projects(self.window.settings):
            act = menu.addAction(path)
            act.triggered.connect(lambda _c=False, p=path: self.switch_project(Path(p)))

    def switch_project(self, path: Path) -> None:
        try:
            project = open_project(path)
        except AnnotatorError as exc:
            show_message(self.window.window(), "Cannot open project", str(exc), warning=True)
            return
        remember_project(self.window.settings, path)
        self.window.replace_with(project)
