"""The File menu: new / open / recent projects, import and export."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QSettings
from PySide6.QtWidgets import QMainWindow, QMenu

from annotator.errors import AnnotatorError
from annotator.store.project import open_project
from annotator.ui.file_dialogs import choose_open_file, choose_open_files, choose_save_file
from annotator.ui.text import show_message


def recent_projects(settings: QSettings) -> list[str]:
    value = settings.value("recent", []) or []
    return [str(v) for v in (value if isinstance(value, list) else [value])]


def remember_project(settings: QSettings, path: Path) -> None:
    items = [str(path.resolve())] + [p for p in recent_projects(settings) if p != str(path.resolve())]
    settings.setValue("recent", items[:8])


class FileActions(QObject):
    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.window = window

    def new_project(self) -> None:
        path = choose_save_file(self.window, "New project", Path.home() / "project.db", "Projects (*.db)")
        if path:
            self.switch_project(Path(path))

    def open_project(self) -> None:
        path = choose_open_file(self.window, "Open project", Path.home(), "Projects (*.db);;All (*)")
        if path:
            self.switch_project(Path(path))

    def import_files(self) -> None:
        from annotator.ui.import_dialog import run_import  # noqa: PLC0415

        paths = choose_open_files(self.window, "Import articles", Path.home(), "Articles (*.txt *.jsonl);;All (*)")
        if paths and run_import(self.window, self.window.project.path, paths, self.window.annotator):
            self.window.refresh_articles()

    def export(self) -> None:
        from annotator.ui.export_dialog import run_export  # noqa: PLC0415

        run_export(self.window, self.window.project.path, self.window.annotator)

    def fill_recent(self, menu: QMenu) -> None:
        menu.clear()
        for path in recent_projects(self.window.settings):
            act = menu.addAction(path)
            act.triggered.connect(lambda _c=False, p=path: self.switch_project(Path(p)))

    def switch_project(self, path: Path) -> None:
        from annotator.ui.main_window import MainWindow  # noqa: PLC0415

        try:
            project = open_project(path)
        except AnnotatorError as exc:
            show_message(self.window, "Cannot open project", str(exc), warning=True)
            return
        remember_project(self.window.settings, path)
        other = MainWindow(project, self.window.annotator, self.window.settings, review=self.window.review_mode)
        other.show()
        self.window.close()
