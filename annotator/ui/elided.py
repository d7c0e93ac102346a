"""Long paths shown whole where they fit and cut in the middle where they do not (the file name stays
visible), with the full path in the tooltip."""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent, QPalette, QResizeEvent
from PySide6.QtWidgets import QLabel, QLineEdit, QStyle, QStyleOptionFrame, QWidget

from annotator.ui.text import plain_tooltip

__all__ = ["ElidedLabel", "PathEdit", "elide_middle"]


def elide_middle(widget: QWidget, text: str, width: int) -> str:
    """``text`` cut in the middle (with …) to fit ``width`` pixels in ``widget``'s font."""
    return widget.fontMetrics().elidedText(text, Qt.TextElideMode.ElideMiddle, max(width, 0))


class ElidedLabel(QLabel):
    """A one-line plain-text label that elides its text in the middle; the tooltip holds all of it."""

    def __init__(self, text: str = "", parent: QWidget | None = None, tooltip: str | None = None) -> None:
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._full = ""
        self.set_full_text(text, tooltip)

    def set_full_text(self, text: str, tooltip: str | None = None) -> None:
        self._full = text
        self.setToolTip(plain_tooltip(tooltip if tooltip is not None else text) if text else "")
        self._elide()

    def full_text(self) -> str:
        return self._full

    def minimumSizeHint(self) -> QSize:  # it may shrink to a few characters
        return QSize(self.fontMetrics().horizontalAdvance("…" * 6), super().minimumSizeHint().height())

    def sizeHint(self) -> QSize:
        width = min(self.fontMetrics().horizontalAdvance(self._full) + 4, self.fontMetrics().averageCharWidth() * 70)
        return QSize(width, super().sizeHint().height())  # a long path does not widen its dialog past ~70 chars

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        self.setText(elide_middle(self, self._full, self.contentsRect().width()))


class PathEdit(QLineEdit):
    """A path field: edited as it is, shown cut in the middle while it does not have the focus."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.textChanged.connect(self._tip)
        self._tip(text)

    def _tip(self, text: str) -> None:
        self.setToolTip(plain_tooltip(text) if text else "")

    def _text_rect(self, opt: QStyleOptionFrame) -> QRect:
        rect = self.style().subElementRect(QStyle.SubElement.SE_LineEditContents, opt, self)
        margins = self.textMargins()
        return rect.adjusted(margins.left() + 2, margins.top(), -margins.right() - 2, -margins.bottom())

    def shown_text(self) -> str:
        """What the field shows: all of the text while it is edited, else the text cut to fit."""
        if self.hasFocus():
            return self.text()
        opt = QStyleOptionFrame()
        self.initStyleOption(opt)
        return elide_middle(self, self.text(), self._text_rect(opt).width())

    def paintEvent(self, event: QPaintEvent) -> None:
        if self.hasFocus() or not self.text():
            super().paintEvent(event)
            return
        opt = QStyleOptionFrame()
        self.initStyleOption(opt)
        painter = QPainter(self)
        self.style().drawPrimitive(QStyle.PrimitiveElement.PE_PanelLineEdit, opt, painter, self)
        rect = self._text_rect(opt)
        painter.setPen(self.palette().color(QPalette.ColorRole.Text))
        painter.drawText(rect, int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft),
                         elide_middle(self, self.text(), rect.width()))
        painter.end()
