"""The Project and Help menus' dialogs: agreement, label schema, guidelines, change my name, the key overlay.

Kept out of the main window (as the File menu is, in :mod:`annotator.ui.file_actions`): each handler opens its
dialog over the window and gives the keyboard back to the article afterwards.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import QObject, QSettings
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QInputDialog, QMessageBox, QTextBrowser, QWidget

from annotator.core.labels import LabelSchema
from annotator.errors import AnnotatorError
from annotator.services import project_settings
from annotator.services.workspace import Project, open_project
from annotator.ui.actions import reserved_keys
from annotator.ui.article_view import ArticleView
from annotator.ui.session import AnnotationSession


def position_key(project_path: Path, annotator: str) -> str:
    """The settings key under which the window keeps where an annotator was in a project ("article:idx")."""
    return f"position/{str(project_path.resolve()).replace('/', '|')}/{annotator}"


class SettingsWindow(Protocol):
    """What these menus need of :class:`annotator.ui.main_window.MainWindow` (described here, not imported:
    the main window imports this module)."""

    project: Project
    annotator: str
    schema: LabelSchema
    settings: QSettings
    session: AnnotationSession
    view: ArticleView
    guidelines: QTextBrowser
    actions_by_name: Mapping[str, QAction]

    def window(self) -> QWidget: ...  # the window itself, as the parent of dialogs

    def activateWindow(self) -> None: ...

    def schema_changed(self, schema: LabelSchema) -> None: ...

    def report(self, message: str) -> None: ...  # one line in the status bar

    def replace_with(self, project: Project, annotator: str | None = None, review: bool | None = None) -> None: ...


class ProjectActions(QObject):
    def __init__(self, window: SettingsWindow) -> None:
        super().__init__(window.window())
        self.w = window

    def _back_to_text(self) -> None:
        self.w.activateWindow()
        self.w.view.text.setFocus()

    def agreement(self) -> None:
        from annotator.ui.agreement_dialog import AgreementDialog

        dialog = AgreementDialog(self.w.project, self.w.window())
        if dialog.exec() and dialog.open_paragraph is not None:
            self.w.session.open_article(*dialog.open_paragraph)
        self._back_to_text()

    def edit_labels(self) -> None:
        from annotator.ui.schema_editor import SchemaEditor

        editor = SchemaEditor(self.w.project, self.w.annotator, reserved_keys(), self.w.window())
        editor.schema_changed.connect(self.w.schema_changed)
        editor.exec()
        self._back_to_text()

    def edit_guidelines(self) -> None:
        from annotator.ui.guidelines_editor import GuidelinesEditor

        editor = GuidelinesEditor(self.w.project, self.w.annotator, self.w.window())
        editor.saved.connect(self.w.guidelines.setMarkdown)
        editor.exec()
        self._back_to_text()

    def change_name(self) -> None:
        """Rename this annotator in the project (remembered for the next start); a name another annotator of
        the project has is refused, unless the user chooses to work as that annotator instead."""
        w = self.w
        name, ok = QInputDialog.getText(w.window(), "Change my name",
                                        f"Your name in this project (now {w.annotator}):", text=w.annotator)
        if not ok or " ".join(name.split()) == w.annotator:
            return
        try:
            new = project_settings.rename_annotator(w.project, w.annotator, name)
        except project_settings.NameTakenError as exc:
            switch = QMessageBox.question(
                w.window(), "Name taken", f"{exc.name} is another annotator of this project; your name stays "
                f"{w.annotator}.\n\nWork as {exc.name} instead (their annotations, not yours)?",
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
            if switch == QMessageBox.StandardButton.Yes:
                self._reopen_as(exc.name, keep_position=False)
            else:
                w.report(str(exc))
            return
        except AnnotatorError as exc:
            w.report(str(exc))
            return
        self._reopen_as(new, keep_position=True)

    def _reopen_as(self, name: str, keep_position: bool) -> None:
        """This project in a window for annotator ``name``, who is the one remembered for the next start."""
        w = self.w
        if keep_position:
            saved = w.settings.value(position_key(w.project.path, w.annotator), "")
            w.settings.setValue(position_key(w.project.path, name), saved)
        w.settings.setValue("annotator", name)
        w.replace_with(open_project(w.project.path), annotator=name)

    def show_keys(self) -> None:
        from annotator.ui.key_overlay import KeyOverlay, key_groups

        KeyOverlay(key_groups(self.w.actions_by_name, self.w.schema), self.w.window()).exec()
        self._back_to_text()
