"""The centre of the window: the current paragraph, read-only, with its annotations drawn in layers.

This widget is the one place where Qt's UTF-16 positions meet the store's
code-point offsets: every position that leaves it goes through
:class:`annotator.core.offsets.OffsetMap`.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QTextCharFormat,
    QTextCursor,
    QTextLine,
)
from PySide6.QtWidgets import QLabel, QTextEdit, QVBoxLayout, QWidget

from annotator.core.labels import LabelSchema
from annotator.core.model import Annotation
from annotator.core.offsets import OffsetMap
from annotator.ui.text import plain_tooltip


class ParagraphText(QTextEdit):
    """Read-only text that can be selected by mouse and keyboard; never interpreted as HTML.

    ``clickedAt`` gives the character (code point) under a plain left click, one that selected nothing.
    """

    clickedAt = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setReadOnly(True)
        self.setAcceptRichText(False)
        self.setTabChangesFocus(False)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                     | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        font = QFont(self.font())
        font.setPointSizeF(max(font.pointSizeF(), 10) * 1.45)
        self.setFont(font)
        self.setObjectName("paragraphText")
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self._map = OffsetMap("")
        self._press: QPointF | None = None  # where a left button went down, to tell a click from a drag
        self.min_height = 80
        self.suggestion_boxes: list[tuple[int, int, QColor, int, bool]] = []  # start, end, colour, inset, selected
        self.document().documentLayout().documentSizeChanged.connect(lambda _s: self._fit())

    def _fit(self) -> None:
        """Grow with the paragraph (up to 60 % of the screen height) so context stays close."""
        height = int(self.document().size().height()) + 2 * self.frameWidth() + 12
        screen = self.screen().availableGeometry().height() if self.screen() else 900
        # at most as tall as the text (context stays close), at least min_height: the layout may
        # squeeze it when space is short (a scroll bar appears) instead of overlapping the context
        self.setMinimumHeight(self.min_height)
        self.setMaximumHeight(max(self.min_height, min(height, int(screen * 0.6))))

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self._press = event.position() if event.button() == Qt.MouseButton.LeftButton else None
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        press, self._press = self._press, None
        if (press is None or event.button() != Qt.MouseButton.LeftButton or self.textCursor().hasSelection()
                or (event.position() - press).manhattanLength() > 4):
            return
        pos = self.char_at(event.position())
        if pos is not None:
            self.clickedAt.emit(pos)

    def char_at(self, point: QPointF) -> int | None:
        """The character (code point) under ``point`` (viewport coordinates), None off the text."""
        doc_point = point + QPointF(self.horizontalScrollBar().value(), self.verticalScrollBar().value())
        block = self.document().begin()
        while block.isValid():
            layout = block.layout()
            origin = layout.position()
            for i in range(layout.lineCount()):
                line = layout.lineAt(i)
                x, y = doc_point.x() - origin.x(), doc_point.y() - origin.y()
                if not line.y() <= y < line.y() + line.height():
                    continue
                if not line.naturalTextRect().left() <= x < line.naturalTextRect().right():
                    return None
                pos16 = line.xToCursor(x, QTextLine.CursorPosition.CursorOnCharacter)
                if isinstance(pos16, tuple):  # PySide6 may return it with the x it moved to
                    pos16 = pos16[0]
                return self._map.to_codepoint(block.position() + int(pos16))
            block = block.next()
        return None

    # -- offsets: the only conversions between UTF-16 and code points ---------------
    def set_paragraph(self, text: str) -> None:
        self._map = OffsetMap(text)
        self.setPlainText(text)

    def selection(self) -> tuple[int, int] | None:
        """The selection in code points, or None."""
        cur = self.textCursor()
        if not cur.hasSelection():
            return None
        return self._map.to_codepoint(cur.selectionStart()), self._map.to_codepoint(cur.selectionEnd())

    def caret(self) -> int:
        return self._map.to_codepoint(self.textCursor().position())

    def select(self, start: int, end: int) -> None:
        cur = QTextCursor(self.document())
        cur.setPosition(self._map.to_utf16(start))
        cur.setPosition(self._map.to_utf16(end), QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cur)

    def cursor_for(self, start: int, end: int) -> QTextCursor:
        cur = QTextCursor(self.document())
        cur.setPosition(self._map.to_utf16(start))
        cur.setPosition(self._map.to_utf16(end), QTextCursor.MoveMode.KeepAnchor)
        return cur

    # -- layers -------------------------------------------------------------------
    def paint_annotations(self, anns: list[Annotation], schema: LabelSchema, selected: int | None) -> None:
        """Entities as background, quotes underlined, claims overlined, cues dotted; the selected one with a red
        wavy underline. Suggestions are none of these: a dashed outline in the label's colour around italic
        text on a faint tint (drawn by :meth:`paintEvent`), so they cannot be taken for annotations."""
        sels: list[QTextEdit.ExtraSelection] = []
        order = {"claim": 0, "quote": 1, "cue": 2, "entity": 3}
        boxes: list[tuple[int, int, QColor, int, bool]] = []
        for ann in sorted(anns, key=lambda a: order.get(a.layer, 9)):
            color = QColor(schema.get(ann.label).color if ann.label in schema else "#cccccc")
            fmt = QTextCharFormat()
            if ann.origin == "suggested":  # a faint tint of the label's colour inside the dashed outline
                fmt.setFontItalic(True)
                tint = QColor(color)
                tint.setAlpha(40)
                fmt.setBackground(tint)
                boxes.append((ann.start, ann.end, color, 3 if ann.layer == "entity" else 0, ann.id == selected))
            elif ann.layer == "entity":
                color.setAlpha(150)
                fmt.setBackground(color)
            elif ann.layer == "quote":
                fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SingleUnderline)
                fmt.setUnderlineColor(color)
                fmt.setFontUnderline(True)
            elif ann.layer == "claim":
                fmt.setFontOverline(True)
                fmt.setForeground(color.darker(140))
            else:
                fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.DotLine)
                fmt.setUnderlineColor(color)
                fmt.setFontWeight(QFont.Weight.DemiBold)
            suggested = " (suggested: A accepts, Delete rejects)" if ann.origin == "suggested" else ""
            fmt.setToolTip(plain_tooltip(f"{ann.label}{suggested}: {ann.text}"))
            sel = QTextEdit.ExtraSelection()
            sel.cursor = self.cursor_for(ann.start, ann.end)
            sel.format = fmt
            sels.append(sel)
        for ann in anns:
            if ann.id == selected:
                fmt = QTextCharFormat()
                fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
                fmt.setUnderlineColor(QColor("#d00000"))
                sel = QTextEdit.ExtraSelection()
                sel.cursor = self.cursor_for(ann.start, ann.end)
                sel.format = fmt
                sels.append(sel)
        self.setExtraSelections(sels)
        self.suggestion_boxes = boxes
        self.viewport().update()

    def span_rects(self, start: int, end: int) -> list[QRectF]:
        """The rectangles (one per line) the text ``[start, end)`` (code points) covers, in viewport coordinates."""
        doc = self.document()
        s16, e16 = self._map.to_utf16(start), self._map.to_utf16(end)
        rects: list[QRectF] = []
        block = doc.findBlock(s16)
        while block.isValid() and block.position() < e16:
            layout, bpos = block.layout(), block.position()
            origin = layout.position()
            for i in range(layout.lineCount()):
                line = layout.lineAt(i)
                a = max(s16, bpos + line.textStart())
                b = min(e16, bpos + line.textStart() + line.textLength())
                if a >= b:
                    continue
                x1, x2 = _x(line, a - bpos), _x(line, b - bpos)
                rects.append(QRectF(origin.x() + x1, origin.y() + line.y(), x2 - x1, line.height()))
            block = block.next()
        shift = QPointF(self.horizontalScrollBar().value(), self.verticalScrollBar().value())
        return [r.translated(-shift) for r in rects]

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self.suggestion_boxes:
            return
        painter = QPainter(self.viewport())
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        for start, end, color, inset, selected in self.suggestion_boxes:
            pen = QPen(color.darker(160), 3 if selected else 2, Qt.PenStyle.DashLine)
            painter.setPen(pen)
            for rect in self.span_rects(start, end):
                painter.drawRect(rect.adjusted(-1 + inset, 1 + inset / 2, 1 - inset, -1 - inset / 2))
        painter.end()


class ParagraphView(QWidget):
    """Previous paragraph (dimmed), the current one, next paragraph (dimmed)."""

    selectionMoved = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.header = QLabel(self)
        self.header.setTextFormat(Qt.TextFormat.PlainText)
        self.header.setObjectName("paragraphHeader")
        self.header.setWordWrap(True)
        self.before = self._context_label()
        self.text = ParagraphText(self)
        self.after = self._context_label()
        self.notice = QLabel(self)
        self.notice.setTextFormat(Qt.TextFormat.PlainText)
        self.notice.setStyleSheet("color: #8a6d00;")
        layout = QVBoxLayout(self)
        layout.addWidget(self.header)
        layout.addWidget(self.before)
        layout.addWidget(self.notice)
        layout.addWidget(self.text)
        layout.addWidget(self.after)
        layout.addStretch(1)
        self.text.selectionChanged.connect(self.selectionMoved)

    def _context_label(self) -> QLabel:
        label = QLabel(self)
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setWordWrap(True)
        label.setStyleSheet("color: #8c8c8c;")
        label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        return label

    def show_paragraph(self, header: str, before: str, text: str, after: str, notice: str = "") -> None:
        self.header.setText(header)
        self.before.setText(_clip(before))
        self.before.setVisible(bool(before))
        self.after.setText(_clip(after))
        self.after.setVisible(bool(after))
        self.notice.setText(notice)
        self.notice.setVisible(bool(notice))
        self.text.set_paragraph(text)
        dim = "color: #9a9a9a;" if notice else ""
        self.text.setStyleSheet(dim)


def _x(line: QTextLine, pos: int) -> float:
    """The x of a cursor position in a line (PySide6 returns it with the position it moved to)."""
    value = line.cursorToX(pos)
    return float(value[0] if isinstance(value, tuple) else value)  # type: ignore[arg-type]


def _clip(text: str, limit: int = 400) -> str:
    return text if len(text) <= limit else text[:limit] + " …"
