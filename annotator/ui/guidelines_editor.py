"""Project ▸ Guidelines…: the project's annotation guidelines as Markdown, with the rendered page beside it.

Saved in the project file (one transaction), so every annotator of the project reads the same page in the
window's Guidelines tab; "Bundled default" puts the guidelines that come with the tool back in the editor.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from annotator.errors import AnnotatorError
from annotator.services import project_settings
from annotator.services.workspace import Project

log = logging.getLogger(__name__)


class GuidelinesEditor(QDialog):
    """Markdown on the left, the page as the Guidelines tab will show it on the right. ``saved`` carries the
    text the tab shows from now on."""

    saved = Signal(str)

    def __init__(self, project: Project, annotator: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.project, self.annotator = project, annotator
        self.setWindowTitle(f"Guidelines of {project.path.name}")
        self.setObjectName("guidelinesEditor")
        self.resize(1000, 680)
        lay = QVBoxLayout(self)
        note = QLabel("Markdown: # headings, - lists, **bold**, *italic*. Saved in the project file, for every "
                      "annotator of this project.", self)
        note.setTextFormat(Qt.TextFormat.PlainText)
        note.setWordWrap(True)
        lay.addWidget(note)
        split = QSplitter(Qt.Orientation.Horizontal, self)
        self.source = QPlainTextEdit(self)
        self.source.setObjectName("guidelinesSource")
        self.source.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.source.setPlainText(project_settings.guidelines(project))
        self.preview = QTextBrowser(self)
        self.preview.setObjectName("guidelinesPreview")
        self.preview.setOpenExternalLinks(False)
        split.addWidget(self.source)
        split.addWidget(self.preview)
        lay.addWidget(split, 1)
        self.message = QLabel(self)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setStyleSheet("color: #b00020;")
        lay.addWidget(self.message)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel,
                                   self)
        self.default_button = QPushButton("Bundled default", self)
        self.default_button.setToolTip("Put the guidelines that come with the tool in the editor (Save keeps them)")
        buttons.addButton(self.default_button, QDialogButtonBox.ButtonRole.ResetRole)
        self.default_button.clicked.connect(lambda: self.source.setPlainText(project_settings.default_guidelines()))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)
        self._render_timer = QTimer(self, singleShot=True, interval=250)
        self._render_timer.timeout.connect(self.render_preview)
        self.source.textChanged.connect(self._render_timer.start)
        self.render_preview()
        self.source.setFocus()

    def render_preview(self) -> None:
        bar = self.preview.verticalScrollBar()
        at = bar.value()
        self.preview.setMarkdown(self.source.toPlainText())
        bar.setValue(at)  # typing does not throw the preview back to the top

    def save(self) -> None:
        text = self.source.toPlainText()
        try:
            project_settings.set_guidelines(self.project, text, self.annotator)
        except AnnotatorError as exc:
            self.message.setText(str(exc))
            return
        self.saved.emit(project_settings.guidelines(self.project))
        self.accept()
