"""Read-only paragraph text with its annotations drawn in layers: the base of the article view and of review
mode's lanes.

The document may hold several paragraphs, one block each (the article view, :mod:`annotator.ui.article_view`);
one of them is *current*, and every position this widget takes or gives (``selection``, ``caret``, ``select``,
``cursor_for``, ``char_at``, ``span_rects``, ``clickedAt``) counts code points from the start of the current
paragraph. This is the one place where Qt's UTF-16 positions meet the store's code-point offsets: every
position goes through :class:`annotator.core.offsets.OffsetMap`.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QResizeEvent,
    QTextBlock,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextLine,
)
from PySide6.QtWidgets import QTextEdit, QWidget

from annotator.core.labels import LabelSchema
from annotator.core.model import Annotation
from annotator.core.offsets import OffsetMap
from annotator.ui.text import plain_tooltip

# a suggestion's dashed outline: paragraph index, start, end (code points), colour, inset, selected
Box = tuple[int, int, int, QColor, int, bool]
LAYER_ORDER = {"claim": 0, "quote": 1, "cue": 2, "entity": 3}  # painted bottom to top
_BREAKS = str.maketrans({"\n": "\u2028", "\r": "\u2028", "\u2029": "\u2028"})  # same length: offsets hold


class ParagraphText(QTextEdit):
    """Read-only text that can be selected by mouse and keyboard; never interpreted as HTML.

    ``clickedAt`` gives the character (code point, in the current paragraph) under a plain left click, one
    that selected nothing. On its own (review mode's lanes) it holds one paragraph and grows with it.
    """

    clickedAt = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setReadOnly(True)
        self.setAcceptRichText(False)
        self.setTabChangesFocus(False)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                     | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.document().setUndoRedoEnabled(False)
        font = QFont(self.font())
        font.setPointSizeF(max(font.pointSizeF(), 10) * 1.45)
        self.setFont(font)
        self.setObjectName("paragraphText")
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self._texts: list[str] = [""]
        self._maps: list[OffsetMap | None] = [None]  # made when first needed
        self._starts: list[int] = [0]  # where each paragraph's block starts (UTF-16)
        self._current = 0
        self._press: QPointF | None = None  # where a left button went down, to tell a click from a drag
        self.fit_to_text = True  # grow with the paragraph (a lane); the article view fills its space instead
        self.min_height = 80
        self._current_sels: list[QTextEdit.ExtraSelection] = []
        self.suggestion_boxes: list[tuple[int, int, QColor, int, bool]] = []  # start, end, colour, inset, selected
        self.document().documentLayout().documentSizeChanged.connect(lambda _s: self._fit())

    def _fit(self) -> None:
        """Grow with the paragraph (up to 60 % of the screen height) so context stays close."""
        if not self.fit_to_text:
            return
        height = int(self.document().size().height()) + 2 * self.frameWidth() + 12
        screen = self.screen().availableGeometry().height() if self.screen() else 900
        # at most as tall as the text (context stays close), at least min_height: the layout may
        # squeeze it when space is short (a scroll bar appears) instead of overlapping the context
        self.setMinimumHeight(self.min_height)
        self.setMaximumHeight(max(self.min_height, min(height, int(screen * 0.6))))

    def resizeEvent(self, event: QResizeEvent) -> None:
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

    # -- paragraphs and offsets: the only conversions between UTF-16 and code points -----------
    def set_paragraph(self, text: str) -> None:
        """Show ``text`` alone (it is the current paragraph)."""
        self.set_texts([text])

    def set_texts(self, texts: list[str], char_format: QTextCharFormat | None = None,
                  block_format: QTextBlockFormat | None = None) -> None:
        """Show ``texts``, one block each (in these formats); the first is current. Line breaks inside a
        paragraph are shown as line breaks within its block (a character of the same length, so offsets hold)."""
        self._texts = list(texts) or [""]
        self._maps = [None] * len(self._texts)
        self._starts, pos = [], 0
        for text in self._texts:
            self._starts.append(pos)
            pos += len(text.encode("utf-16-le")) // 2 + 1  # its UTF-16 length and the block separator
        self._current = 0
        # the text replaced through a cursor, not setPlainText: that would also reset the document's frame
        # (the article view's margin) and lay it all out again once more
        cur = QTextCursor(self.document())
        cur.select(QTextCursor.SelectionType.Document)
        cur.removeSelectedText()
        cur.setBlockFormat(block_format or QTextBlockFormat())  # every block inserted takes it on
        cur.insertText("\n".join(t.translate(_BREAKS) for t in self._texts), char_format or QTextCharFormat())
        self.moveCursor(QTextCursor.MoveOperation.Start)
        self._current_sels, self.suggestion_boxes = [], []
        self.setExtraSelections([])

    def paragraph_count(self) -> int:
        return len(self._texts)

    def current_index(self) -> int:
        """The current paragraph's index in the document (0 when it holds one)."""
        return self._current

    def paragraph_text(self) -> str:
        """The current paragraph's text, as stored (positions in it are what this widget gives and takes)."""
        return self._texts[self._current]

    def block(self, idx: int | None = None) -> QTextBlock:
        return self.document().findBlockByNumber(self._current if idx is None else idx)

    def _map(self, idx: int) -> OffsetMap:
        omap = self._maps[idx]
        if omap is None:
            omap = self._maps[idx] = OffsetMap(self._texts[idx])
        return omap

    def to_utf16(self, cp: int, idx: int | None = None) -> int:
        """The document position of code point ``cp`` of paragraph ``idx`` (the current one by default)."""
        idx = self._current if idx is None else idx
        return self._starts[idx] + self._map(idx).to_utf16(cp)

    def to_codepoint(self, u16: int, idx: int | None = None) -> int:
        """The code point of paragraph ``idx`` (current by default) at document position ``u16``, clamped to it."""
        idx = self._current if idx is None else idx
        omap = self._map(idx)
        rel = min(max(u16 - self._starts[idx], 0), omap.utf16_length())
        return omap.to_codepoint(rel)

    def selection(self) -> tuple[int, int] | None:
        """The selection in code points of the current paragraph, or None."""
        cur = self.textCursor()
        if not cur.hasSelection():
            return None
        return self.to_codepoint(cur.selectionStart()), self.to_codepoint(cur.selectionEnd())

    def caret(self) -> int:
        return self.to_codepoint(self.textCursor().position())

    def select(self, start: int, end: int) -> None:
        """Select ``[start, end)`` of the current paragraph (the caret at ``end``) and scroll it into view."""
        self.setTextCursor(self.cursor_for(start, end))
        self.ensureCursorVisible()

    def cursor_for(self, start: int, end: int, idx: int | None = None) -> QTextCursor:
        cur = QTextCursor(self.document())
        cur.setPosition(self.to_utf16(start, idx))
        cur.setPosition(self.to_utf16(end, idx), QTextCursor.MoveMode.KeepAnchor)
        return cur

    def hit(self, point: QPointF) -> tuple[int, int] | None:
        """(paragraph index, code point) of the character under ``point`` (viewport coordinates), None off
        the text."""
        doc_point = point + QPointF(self.horizontalScrollBar().value(), self.verticalScrollBar().value())
        layout = self.document().documentLayout()
        block = self.document().findBlock(max(layout.hitTest(doc_point, Qt.HitTestAccuracy.FuzzyHit), 0))
        if not block.isValid():
            return None
        origin = block.layout().position()
        x, y = doc_point.x() - origin.x(), doc_point.y() - origin.y()
        for i in range(block.layout().lineCount()):
            line = block.layout().lineAt(i)
            if not line.y() <= y < line.y() + line.height():
                continue
            if not line.naturalTextRect().left() <= x < line.naturalTextRect().right():
                return None
            pos16 = line.xToCursor(x, QTextLine.CursorPosition.CursorOnCharacter)
            if isinstance(pos16, tuple):  # PySide6 may return it with the x it moved to
                pos16 = pos16[0]
            idx = block.blockNumber()
            return idx, self.to_codepoint(block.position() + int(pos16), idx)
        return None

    def char_at(self, point: QPointF) -> int | None:
        """The character (code point) of the current paragraph under ``point`` (viewport coordinates), None
        off it."""
        found = self.hit(point)
        return found[1] if found is not None and found[0] == self._current else None

    # -- layers -------------------------------------------------------------------
    def paint_annotations(self, anns: list[Annotation], schema: LabelSchema, selected: int | None) -> None:
        """The current paragraph's annotations: entities as background, quotes underlined, claims overlined,
        cues dotted; the selected one with a red wavy underline. Suggestions are none of these: a dashed outline
        in the label's colour around italic text on a faint tint (drawn by :meth:`paintEvent`), so they cannot
        be taken for annotations."""
        self._current_sels, boxes = self.layer_selections(self._current, anns, schema, selected)
        self.suggestion_boxes = [(s, e, c, inset, sel) for _i, s, e, c, inset, sel in boxes]
        self.apply_selections()

    def layer_selections(self, idx: int, anns: Iterable[Annotation], schema: LabelSchema,
                         selected: int | None = None) -> tuple[list[QTextEdit.ExtraSelection], list[Box]]:
        """The extra selections that draw ``anns`` (of paragraph ``idx``), and their suggestion outlines."""
        sels: list[QTextEdit.ExtraSelection] = []
        boxes: list[Box] = []
        ordered = sorted(anns, key=lambda a: LAYER_ORDER.get(a.layer, 9))
        for ann in ordered:
            color = QColor(schema.get(ann.label).color if ann.label in schema else "#cccccc")
            if ann.origin == "suggested":
                boxes.append((idx, ann.start, ann.end, color, 3 if ann.layer == "entity" else 0, ann.id == selected))
            sel = QTextEdit.ExtraSelection()
            sel.cursor = self.cursor_for(ann.start, ann.end, idx)
            sel.format = layer_format(ann, color)
            sels.append(sel)
        for ann in ordered:
            if ann.id == selected:
                fmt = QTextCharFormat()
                fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
                fmt.setUnderlineColor(QColor("#d00000"))
                sel = QTextEdit.ExtraSelection()
                sel.cursor = self.cursor_for(ann.start, ann.end, idx)
                sel.format = fmt
                sels.append(sel)
        return sels, boxes

    def apply_selections(self) -> None:
        self.setExtraSelections(self._current_sels)
        self.viewport().update()

    def span_rects(self, start: int, end: int, idx: int | None = None,
                   within: tuple[float, float] | None = None) -> list[QRectF]:
        """The rectangles (one per line) the text ``[start, end)`` (code points of paragraph ``idx``, the current
        one by default) covers, in viewport coordinates; only those between the heights ``within`` (viewport
        coordinates) when it is given. Lines are found by position, so a span deep in a paragraph of 40,000
        characters costs what one in a short one does."""
        s16, e16 = self.to_utf16(start, idx), self.to_utf16(end, idx)
        dx, dy = self.horizontalScrollBar().value(), self.verticalScrollBar().value()
        rects: list[QRectF] = []
        block = self.document().findBlock(s16)
        while block.isValid() and block.position() < e16:
            layout, bpos = block.layout(), block.position()
            origin = layout.position()
            first = layout.lineForTextPosition(max(0, s16 - bpos))
            i = first.lineNumber() if first.isValid() else 0
            while i < layout.lineCount():
                line = layout.lineAt(i)
                i += 1
                top = origin.y() + line.y() - dy
                if bpos + line.textStart() >= e16 or (within is not None and top > within[1]):
                    break
                a = max(s16, bpos + line.textStart())
                b = min(e16, bpos + line.textStart() + line.textLength())
                if a >= b or (within is not None and top + line.height() < within[0]):
                    continue
                x1, x2 = _x(line, a - bpos), _x(line, b - bpos)
                rects.append(QRectF(origin.x() + x1 - dx, top, x2 - x1, line.height()))
            block = block.next()
        return rects

    def drawn_rects(self, idx: int, start: int, end: int, within: tuple[float, float]) -> list[QRectF]:
        """What paint events outline: :meth:`span_rects` (the article view keeps them between paints)."""
        return self.span_rects(start, end, idx, within)

    def boxes_to_draw(self) -> list[Box]:
        """The suggestion outlines :meth:`paintEvent` draws."""
        return [(self._current, s, e, c, inset, sel) for s, e, c, inset, sel in self.suggestion_boxes]

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        boxes = self.boxes_to_draw()
        if not boxes:
            return
        painter = QPainter(self.viewport())
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        within = (float(event.rect().top()) - 4, float(event.rect().bottom()) + 4)
        for idx, start, end, color, inset, selected in boxes:
            pen = QPen(color.darker(160), 3 if selected else 2, Qt.PenStyle.DashLine)
            painter.setPen(pen)
            for rect in self.drawn_rects(idx, start, end, within):
                painter.drawRect(rect.adjusted(-1 + inset, 1 + inset / 2, 1 - inset, -1 - inset / 2))
        painter.end()


def layer_format(ann: Annotation, color: QColor) -> QTextCharFormat:
    """How one annotation is drawn, by its layer (a suggestion: italic on a faint tint; its outline is painted)."""
    fmt = QTextCharFormat()
    color = QColor(color)
    if ann.origin == "suggested":  # a faint tint of the label's colour inside the dashed outline
        fmt.setFontItalic(True)
        color.setAlpha(40)
        fmt.setBackground(color)
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
    return fmt


def _x(line: QTextLine, pos: int) -> float:
    """The x of a cursor position in a line (PySide6 returns it with the position it moved to)."""
    value = line.cursorToX(pos)
    return float(value[0] if isinstance(value, tuple) else value)  # type: ignore[arg-type]
