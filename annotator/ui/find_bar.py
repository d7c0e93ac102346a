"""The find bar (``/``): type a few letters, Enter selects the next match in the current paragraph, Esc cancels."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLineEdit, QWidget

from annotator.ui.article_view import ArticleView
from annotator.ui.session import AnnotationSession


class FindBar(QLineEdit):
    """Hidden until :meth:`open`; the match is searched exactly, then ignoring case, from after the selection's
    start, wrapping to the paragraph's start. ``report`` says when there is none."""

    def __init__(self, session: AnnotationSession, view: ArticleView, report: Callable[[str], None],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session, self.view, self.report = session, view, report
        self.setPlaceholderText("find in paragraph: Enter selects the next match, Esc cancels")
        self.hide()
        self.returnPressed.connect(self.find_next)

    def open(self) -> None:
        self.show()
        self.selectAll()
        self.setFocus()

    def _close(self) -> None:
        self.hide()
        self.view.text.setFocus()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self._close()
            return
        super().keyPressEvent(event)

    def find_next(self) -> None:
        needle = self.text()
        par = self.session.paragraph
        if not needle or par is None:
            return
        text = self.view.text
        sel = text.selection()
        start_at = sel[0] + 1 if sel else 0
        pos = par.text.find(needle, start_at)
        if pos < 0:
            pos = par.text.find(needle)
        if pos < 0:
            lower = par.text.casefold().find(needle.casefold(), start_at)
            pos = lower if lower >= 0 else par.text.casefold().find(needle.casefold())
        self._close()
        if pos < 0:
            cursor = text.textCursor()
            cursor.clearSelection()  # so the next label key cannot act on a stale selection
            text.setTextCursor(cursor)
            self.report(f"“{needle}” is not in this paragraph")
            return
        text.select(pos, pos + len(needle))
