"""The welcome shown on first run: what the tool does, the annotator's name, and a way in.

It takes the place of a bare name prompt. With no project to open it offers three ways on: the demo
project, the annotator's own file(s) imported into a new project, or an existing project. With a project
given on the command line it asks only the name. An empty name gets a message in the dialog; Cancel
closes it (and the tool).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from annotator.errors import AnnotatorError
from annotator.importing import import_files
from annotator.ui.file_dialogs import choose_open_file, choose_open_files, choose_save_file
from annotator.ui.workers import run_with_progress

log = logging.getLogger(__name__)

ABOUT = ("corpus-annotator is for labelling news text paragraph by paragraph: people, organisations and "
         "places, quotes with their speakers, and claims with their claimants. Everything you label is saved "
         "at once, with your name, in one project file, and comes out as JSONL corpora for training and "
         "evaluation.")
NAME_PROMPT = "Your name (it is stored with every annotation you make):"
NAME_MISSING = "Please type your name first: it is stored with every annotation you make."


@dataclass(frozen=True)
class Welcome:
    name: str
    project: Path | None  # None: the name only was asked (the project was given)


class WelcomeDialog(QDialog):
    def __init__(self, name: str = "", choose_project: bool = True, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Welcome to corpus-annotator")
        self.setObjectName("welcome")
        self.name = ""
        self.project: Path | None = None
        layout = QVBoxLayout(self)
        self.about = self._label(ABOUT)
        layout.addWidget(self.about)
        layout.addWidget(self._label(NAME_PROMPT))
        self.name_edit = QLineEdit(name, self)
        self.name_edit.setObjectName("welcomeName")
        layout.addWidget(self.name_edit)
        self.message = self._label("")
        self.message.setObjectName("welcomeMessage")
        self.message.setStyleSheet("color: #b00020;")
        self.message.hide()
        layout.addWidget(self.message)
        self.name_edit.textEdited.connect(lambda _t: self.message.hide())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        buttons.rejected.connect(self.reject)
        self.demo_button: QPushButton | None = None
        self.import_button: QPushButton | None = None
        self.open_button: QPushButton | None = None
        if choose_project:
            layout.addWidget(self._label("Then choose how to start:"))
            row = QHBoxLayout()
            self.demo_button = self._way(row, "Open the &demo", self._demo)
            self.import_button = self._way(row, "&Import your own file(s)…", self._import)
            self.open_button = self._way(row, "&Open a project…", self._open)
            layout.addLayout(row)
            self.demo_button.setDefault(True)  # Enter after typing the name: the demo
        else:
            ok = buttons.addButton("Continue", QDialogButtonBox.ButtonRole.AcceptRole)
            ok.setDefault(True)
            buttons.accepted.connect(lambda: self._go(lambda: None))
        layout.addWidget(buttons)
        self.name_edit.setFocus()
        self.resize(560, self.sizeHint().height())

    def _label(self, text: str) -> QLabel:
        label = QLabel(text, self)
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setWordWrap(True)
        return label

    def _way(self, row: QHBoxLayout, text: str, way: Callable[[], Path | None]) -> QPushButton:
        button = QPushButton(text, self)
        button.setAutoDefault(False)
        button.clicked.connect(lambda _c=False: self._go(way, needs_project=True))
        row.addWidget(button)
        return button

    def say(self, text: str) -> None:
        """A message inside the dialog (an empty name, a failed import): the dialog stays open."""
        self.message.setText(text)
        self.message.show()

    def _go(self, way: Callable[[], Path | None], needs_project: bool = False) -> None:
        name = self.name_edit.text().strip()
        if not name:
            self.say(NAME_MISSING)
            self.name_edit.setFocus()
            return
        self.message.hide()
        try:
            project = way()
        except (AnnotatorError, OSError) as exc:
            self.say(str(exc))
            return
        if needs_project and project is None:
            return  # a file dialog was cancelled: choose again
        self.name, self.project = name, project
        self.accept()

    # -- the three ways on ------------------------------------------------------------------
    def _demo(self) -> Path:
        from annotator.services.demo import ensure_demo  # built on first use

        return ensure_demo()

    def _open(self) -> Path | None:
        path = choose_open_file(self, "Open project", Path.home(), "Projects (*.db);;All (*)")
        return Path(path) if path else None

    def _import(self) -> Path | None:
        paths = choose_open_files(self, "Import your articles", Path.home(),
                                  "Articles (*.txt *.jsonl);;All (*)")
        if not paths:
            return None
        chosen = choose_save_file(self, "New project for these articles", new_project_beside(paths),
                                  "Projects (*.db)")
        if not chosen:
            return None
        target = Path(chosen)
        if target.exists():
            raise AnnotatorError(f"{target} exists already: choose a new project name "
                                 "(or 'Open a project…' to open it)")
        annotator = self.name_edit.text().strip()  # annotated JSONL is imported as the annotator's

        def job(progress):
            return import_files(target, paths, annotator=annotator, progress=lambda _label: (progress, lambda: None))

        lines, error = run_with_progress(self, "Import", job,
                                         lambda d, t, what: f"Importing {Path(what).name} ({d}/{t})")
        if error is not None:
            raise AnnotatorError(f"Import failed: {error}")
        log.info("imported into %s: %s", target, "; ".join(lines))
        return target


def new_project_beside(paths: list[str]) -> Path:
    """A project file name beside the first file that does not exist yet: ``news.db``, ``news-2.db``, …"""
    first = Path(paths[0])
    stem = first.stem if len(paths) == 1 else first.parent.name or "project"
    candidate = first.parent / f"{stem}.db"
    n = 2
    while candidate.exists():
        candidate = first.parent / f"{stem}-{n}.db"
        n += 1
    return candidate


def welcome(name: str = "", choose_project: bool = True, parent: QWidget | None = None) -> Welcome | None:
    """Show the welcome; the name and the project chosen, or None when it was cancelled."""
    dialog = WelcomeDialog(name, choose_project, parent)
    try:
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return Welcome(dialog.name, dialog.project)
    finally:
        dialog.deleteLater()
