"""The centre of the window: the whole article, the current paragraph emphasised, links drawn.

One read-only document holds the article, one block per paragraph. The current paragraph is larger and in
full contrast; the others are slightly dimmed (boilerplate more so, in italics) and keep their annotations'
highlights. Selection and caret stay inside the current paragraph, and every position the text widget takes or
gives counts code points from that paragraph's start (see :class:`~annotator.ui.paragraph_view.ParagraphText`);
a click in another paragraph is reported (``paragraphClicked``) so the session can go there. Moving to another
paragraph of the same article changes formats and scrolls; it does not rebuild the document.

Links are drawn: each quote with a speaker and each claim with a claimant gets a badge in the right margin
("← Budi ¶1", "← unnamed source") on the line where it ends; hovering over a quote or claim, or selecting it,
outlines its speaker (claimant) mention and its cue wherever they are in the article.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QPoint, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QGuiApplication,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QResizeEvent,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
)
from PySide6.QtWidgets import QLabel, QTextEdit, QVBoxLayout, QWidget

from annotator.core.labels import LabelSchema
from annotator.core.model import Annotation
from annotator.ui.paragraph_view import Box, ParagraphText

MIN_TEXT_SIZE, MAX_TEXT_SIZE = 7.0, 40.0
ZOOM_FACTOR = 1.1
EMPHASIS = 1.25  # the current paragraph's size, relative to the others
CONTEXT_SLACK = 12  # paragraphs above and below the view whose annotations are drawn before they scroll in
CURRENT_LIMIT = 150  # more annotations than this in the current paragraph: only those near the view are drawn
CHAR_SLACK = 4000  # ... those within this many characters above and below it
CONTEXT_COLOR, BOILERPLATE_COLOR, CURRENT_COLOR = "#4a4a4a", "#9a9a9a", "#000000"
CURRENT_BACKGROUND = "#fbf8ec"
Span = tuple[int, int, int]  # paragraph index, start, end (code points)


@dataclass(frozen=True)
class LinkMark:
    """One link drawn in the article: from a quote or claim (``source``) to a mention or cue (``target``, None
    for a special source); ``badge`` is what the margin shows next to the source ("" for none: a cue)."""

    source_id: int
    source: Span
    kind: str
    target: Span | None
    badge: str
    color: str
    suggested: bool = False  # the source is a suggestion: its badge is drawn dashed


def default_text_size() -> float:
    """The article's text size (points) before any zoom: larger than the application's font (the current
    paragraph is larger still)."""
    return round(max(QGuiApplication.font().pointSizeF(), 9.0) * 1.3, 1)


def zoomed(size: float, step: int) -> float:
    """``size`` after ``step`` zoom steps (negative: smaller), kept within the sizes the view allows."""
    return round(min(MAX_TEXT_SIZE, max(MIN_TEXT_SIZE, size * ZOOM_FACTOR ** step)), 1)


class ArticleText(ParagraphText):
    """The article's text; positions are those of the current paragraph (see the module's docstring)."""

    paragraphClicked = Signal(int, int)  # paragraph index, code point: a left click in another paragraph
    badgeClicked = Signal(int)  # the source (quote or claim) id of a badge clicked in the margin

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.fit_to_text = False
        self.setMinimumHeight(0)
        self.setMaximumHeight(16777215)
        self.setObjectName("articleText")
        self.viewport().setMouseTracking(True)
        self._boilerplate: list[bool] = [False]
        self._size = default_text_size()
        self._confining = False
        # every paragraph's annotations (with a key that tells when they changed), and what draws them, built
        # for the paragraphs in and near the view only (:meth:`apply_selections`)
        self._context_anns: dict[int, tuple[tuple[object, ...], Sequence[Annotation]]] = {}
        self._context: dict[int, tuple[tuple[object, ...], list[QTextEdit.ExtraSelection], list[Box]]] = {}
        self._schema: LabelSchema | None = None
        self._drawn = range(0)  # the paragraphs whose extra selections the text edit holds
        self._drawn_chars: tuple[int, int] | None = None  # of the current paragraph's, when not all of them
        # where spans that are outlined or get a badge lie, relative to their paragraph's block: kept while
        # its layout stays (formats of the paragraph, the width, the size change it)
        self._rects: dict[tuple[int, int, int], list[QRectF]] = {}
        self._moving = False  # set_current: the scroll it makes redraws nothing by itself
        self.marks: list[LinkMark] = []
        self._hover: int | None = None
        self._selected: int | None = None
        self._badge_rects: list[tuple[QRectF, int]] = []  # what the last paint drew: badge, source id
        self._badge_font_cache: QFont | None = None
        self._apply_size()
        self.cursorPositionChanged.connect(self._confine)
        self.verticalScrollBar().valueChanged.connect(self._scrolled)

    # -- the article ------------------------------------------------------------------------
    def set_article(self, texts: Sequence[str], boilerplate: Sequence[bool] = ()) -> bool:
        """Show an article (its paragraphs' texts; which are boilerplate), the first paragraph current. Returns
        False, changing nothing, when exactly this article is shown already."""
        flags = [bool(b) for b in boilerplate] + [False] * (len(texts) - len(boilerplate))
        if list(texts) == self._texts and flags == self._boilerplate:
            return False
        self._context_anns, self._context, self._drawn = {}, {}, range(0)  # of the article shown before
        self.marks, self._hover, self._selected = [], None, None
        self._confining = self._moving = True  # replacing the text moves the caret and the scroll bar
        try:
            self.set_texts(list(texts), self._char_format(-1), self._block_format(False))  # in dimmed
        finally:
            self._confining = self._moving = False
        self._boilerplate = flags[:len(self._texts)] or [False]
        self._rects = {}
        for idx, flag in enumerate(self._boilerplate):
            if flag:
                self._format_paragraph(idx)
        self._format_paragraph(self._current)
        return True

    def _format_all(self) -> None:
        """Every paragraph dimmed, boilerplate more so, the current one emphasised."""
        self._rects = {}
        whole = QTextCursor(self.document())
        whole.select(QTextCursor.SelectionType.Document)
        whole.setCharFormat(self._char_format(-1))
        whole.setBlockFormat(self._block_format(False))
        for idx, flag in enumerate(self._boilerplate):
            if flag:
                self._format_paragraph(idx)
        self._format_paragraph(self._current)

    def set_current(self, idx: int) -> None:
        """Make paragraph ``idx`` the current one (emphasised, caret at its start) and scroll it into view,
        about a third from the top."""
        idx = max(0, min(idx, len(self._texts) - 1))
        old, self._current = self._current, idx
        if old != idx and old < len(self._texts):
            self._format_paragraph(old)
        self._format_paragraph(idx)
        self._current_sels, self.suggestion_boxes = [], []
        self._moving = True  # the caller paints the paragraph's annotations next, for the new scroll position
        try:
            self.setTextCursor(QTextCursor(self.block(idx)))
            self.scroll_to_current()
        finally:
            self._moving = False

    def scroll_to_current(self) -> None:
        """Scroll so the current paragraph's top is a third down the view (its top at the top when it is taller
        than two thirds of it). The document is laid out lazily, up to what has been seen: when the scroll range
        is too short for that, the rest is laid out first (a few ms for 300 paragraphs, once)."""
        rect = self.document().documentLayout().blockBoundingRect(self.block())
        height = self.viewport().height()
        top = int(max(0.0, rect.top() - height / 3 if rect.height() <= height * 2 / 3 else rect.top() - 6))
        bar = self.verticalScrollBar()
        bar.setValue(top)
        if bar.value() < top and bar.value() == bar.maximum():
            self.document().markContentsDirty(0, self.document().characterCount())
            bar.setValue(top)

    def paragraph_rect(self, idx: int | None = None) -> QRectF:
        """Where paragraph ``idx`` (the current one by default) is, in viewport coordinates."""
        rect = self.document().documentLayout().blockBoundingRect(self.block(idx))
        return rect.translated(-self.horizontalScrollBar().value(), -self.verticalScrollBar().value())

    def is_boilerplate(self, idx: int) -> bool:
        return self._boilerplate[idx] if 0 <= idx < len(self._boilerplate) else False

    def _char_format(self, idx: int) -> QTextCharFormat:
        fmt = QTextCharFormat()
        if idx == self._current:
            fmt.setForeground(QColor(CURRENT_COLOR))
            fmt.setFontPointSize(round(self._size * EMPHASIS, 1))
        elif self.is_boilerplate(idx):
            fmt.setForeground(QColor(BOILERPLATE_COLOR))
            fmt.setFontItalic(True)
        else:
            fmt.setForeground(QColor(CONTEXT_COLOR))
        return fmt

    def _block_format(self, current: bool) -> QTextBlockFormat:
        fmt = QTextBlockFormat()
        fmt.setBottomMargin(round(self._size * 0.7))
        fmt.setTopMargin(round(self._size * 0.3))
        if current:
            fmt.setBackground(QColor(CURRENT_BACKGROUND))
        return fmt

    def _format_paragraph(self, idx: int) -> None:
        self._forget_rects(idx)
        block = self.block(idx)
        cur = QTextCursor(block)
        cur.setPosition(block.position() + block.length() - 1, QTextCursor.MoveMode.KeepAnchor)
        cur.setCharFormat(self._char_format(idx))
        cur.setBlockFormat(self._block_format(idx == self._current))

    def _confine(self) -> None:
        """Keep the caret and the selection inside the current paragraph (keys and drags may leave it)."""
        if self._confining or len(self._texts) < 2:
            return
        block = self.block()
        lo, hi = block.position(), block.position() + block.length() - 1
        cur = self.textCursor()
        anchor, pos = min(max(cur.anchor(), lo), hi), min(max(cur.position(), lo), hi)
        if (anchor, pos) == (cur.anchor(), cur.position()):
            return
        self._confining = True
        try:
            cur.setPosition(anchor)
            cur.setPosition(pos, QTextCursor.MoveMode.KeepAnchor)
            self.setTextCursor(cur)
        finally:
            self._confining = False

    # -- zoom -----------------------------------------------------------------------------------
    def text_size(self) -> float:
        """The size (points) of the other paragraphs; the current one is :data:`EMPHASIS` times larger."""
        return self._size

    def set_text_size(self, size: float) -> None:
        self._size = round(min(MAX_TEXT_SIZE, max(MIN_TEXT_SIZE, size)), 1)
        self._apply_size()

    def _apply_size(self) -> None:
        font = QFont(self.font())
        font.setPointSizeF(self._size)
        self.document().setDefaultFont(font)
        self._format_all()  # the current paragraph's size and the spacing follow the size
        self._update_margin()
        self.ensureCursorVisible()

    # -- layers of the whole article ----------------------------------------------------------------
    def paint_context(self, by_paragraph: Mapping[int, Sequence[Annotation]], schema: LabelSchema) -> None:
        """The annotations of every paragraph (those of the current one are drawn by ``paint_annotations``,
        which the caller calls next). What draws them is built when a paragraph comes near the view, and kept
        while its annotations do not change."""
        self._schema = schema
        anns_by: dict[int, tuple[tuple[object, ...], Sequence[Annotation]]] = {}
        for idx, anns in by_paragraph.items():
            if anns and 0 <= idx < len(self._texts):
                anns_by[idx] = (tuple((a.id, a.label, a.start, a.end, a.origin, a.layer) for a in anns), anns)
        self._context_anns = anns_by
        self._context = {i: built for i, built in self._context.items()
                         if i in anns_by and anns_by[i][0] == built[0]}
        self._drawn = range(0)

    def _context_of(self, idx: int) -> tuple[list[QTextEdit.ExtraSelection], list[Box]] | None:
        """What draws paragraph ``idx``'s annotations (built now if it was not), None when it has none."""
        found = self._context_anns.get(idx)
        if found is None or self._schema is None:
            return None
        built = self._context.get(idx)
        if built is None or built[0] != found[0]:
            sels, boxes = self.layer_selections(idx, found[1], self._schema, None)
            built = self._context[idx] = (found[0], sels, boxes)
        return built[1], built[2]

    def paint_annotations(self, anns: list[Annotation], schema: LabelSchema, selected: int | None) -> None:
        self._selected = selected
        super().paint_annotations(anns, schema, selected)

    def apply_selections(self) -> None:
        """Hand the text edit the extra selections of the current paragraph and of the other paragraphs in
        and near the view (it goes through all it holds on every paint); scrolling further hands on more."""
        visible = self._visible_paragraphs()
        self._drawn = range(max(0, visible.start - CONTEXT_SLACK), min(len(self._texts), visible.stop + CONTEXT_SLACK))
        sels: list[QTextEdit.ExtraSelection] = []
        for idx in self._drawn:
            if idx != self._current and (built := self._context_of(idx)) is not None:
                sels += built[0]
        current = self._current_sels
        self._drawn_chars = None
        if len(current) > CURRENT_LIMIT:  # a long paragraph with many annotations: those in and near the view
            lo, hi = self._visible_chars()
            lo, hi = lo - CHAR_SLACK, hi + CHAR_SLACK
            self._drawn_chars = (lo, hi)
            current = [s for s in current if s.cursor.selectionEnd() > lo and s.cursor.selectionStart() < hi]
        self.setExtraSelections(sels + current)
        self.viewport().update()

    def _visible_chars(self) -> tuple[int, int]:
        """The document positions at the top left and the bottom right of the view."""
        bottom = QPoint(self.viewport().width() - 1, self.viewport().height() - 1)
        return self.cursorForPosition(QPoint(0, 0)).position(), self.cursorForPosition(bottom).position()

    def _scrolled(self, _value: int) -> None:
        if self._moving:
            return
        visible = self._visible_paragraphs()
        if visible.start < self._drawn.start or visible.stop > self._drawn.stop:
            self.apply_selections()
        elif self._drawn_chars is not None:
            lo, hi = self._visible_chars()
            if lo < self._drawn_chars[0] or hi > self._drawn_chars[1]:
                self.apply_selections()

    def set_links(self, marks: Sequence[LinkMark]) -> None:
        self.marks = list(marks)
        self._update_margin()
        self.viewport().update()

    def badge_margin(self) -> int:
        """The width of the right margin the badges are drawn in: enough for the longest badge, at most a
        quarter of the view; none while the article has no badge or the view is too narrow for one (the
        annotation list's Source column still names every link)."""
        badges = {m.badge for m in self.marks if m.badge}
        if not badges:
            return 0
        metrics = QFontMetricsF(self._badge_font())
        wanted = int(max(metrics.horizontalAdvance(b) for b in badges)) + 24
        width = min(wanted, self.viewport().width() // 4)
        return width if width >= 56 else 0

    def _badge_font(self) -> QFont:
        size = max(MIN_TEXT_SIZE, round(self._size * 0.8, 1))
        if self._badge_font_cache is None or self._badge_font_cache.pointSizeF() != size:
            font = QFont(self.font())
            font.setPointSizeF(size)
            self._badge_font_cache = font
        return self._badge_font_cache

    def _update_margin(self) -> None:
        root = self.document().rootFrame()
        fmt = root.frameFormat()
        margin = self.badge_margin()
        if fmt.rightMargin() != margin:
            fmt.setRightMargin(margin)
            root.setFrameFormat(fmt)
            self._rects = {}

    def _forget_rects(self, idx: int) -> None:
        for key in [k for k in self._rects if k[0] == idx]:
            del self._rects[key]

    def drawn_rects(self, idx: int, start: int, end: int, within: tuple[float, float]) -> list[QRectF]:
        """:meth:`span_rects` of a span, kept relative to its paragraph between paints (which then only move
        them by where the paragraph is now)."""
        layout = self.block(idx).layout()
        if layout.boundingRect().height() > 3 * self.viewport().height():  # a long paragraph: what is in view
            return self.span_rects(start, end, idx, within)
        origin = layout.position()
        shift = QPointF(origin.x() - self.horizontalScrollBar().value(), origin.y() - self.verticalScrollBar().value())
        key = (idx, start, end)
        rects = self._rects.get(key)
        if rects is None:
            rects = self._rects[key] = [r.translated(-shift) for r in self.span_rects(start, end, idx)]
        return [moved for r in rects
                if within[0] <= (moved := r.translated(shift)).bottom() and moved.top() <= within[1]]

    def active_sources(self) -> set[int]:
        """The quotes and claims whose links are highlighted: the one under the mouse and the selected one."""
        return {i for i in (self._hover, self._selected) if i is not None}

    def highlighted_spans(self) -> list[Span]:
        """The mentions and cues the active sources link to (see :meth:`active_sources`)."""
        active = self.active_sources()
        return [m.target for m in self.marks if m.source_id in active and m.target is not None]

    def badge_rects(self) -> list[tuple[QRectF, int]]:
        """The badges the last paint drew (viewport coordinates) and the source each belongs to."""
        return list(self._badge_rects)

    # -- mouse --------------------------------------------------------------------------------
    def _other_paragraph(self, point: QPointF) -> tuple[int, int] | None:
        """(paragraph index, code point) when ``point`` is in a paragraph that is not the current one."""
        found = self.hit(point)
        if found is not None:
            return found if found[0] != self._current else None
        cur = self.cursorForPosition(point.toPoint())
        idx = cur.blockNumber()
        if idx == self._current or not self.paragraph_rect(idx).contains(point):
            return None
        return idx, self.to_codepoint(cur.position(), idx)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            badge = next((source for rect, source in self._badge_rects if rect.contains(event.position())), None)
            if badge is not None:
                self._press = None
                event.accept()
                self.badgeClicked.emit(badge)
                return
        if event.button() == Qt.MouseButton.LeftButton and len(self._texts) > 1:
            other = self._other_paragraph(event.position())
            if other is not None:
                self._press = None
                event.accept()
                self.paragraphClicked.emit(*other)
                return
        super().mousePressEvent(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        if len(self._texts) > 1 and self._other_paragraph(event.position()) is not None:
            event.accept()
            return
        super().mouseDoubleClickEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        super().mouseMoveEvent(event)
        if event.buttons() == Qt.MouseButton.NoButton:
            self._set_hover(self._source_at(event.position()))

    def leaveEvent(self, event: QEvent) -> None:
        super().leaveEvent(event)
        self._set_hover(None)

    def _set_hover(self, source_id: int | None) -> None:
        if source_id != self._hover:
            self._hover = source_id
            self.viewport().update()

    def _source_at(self, point: QPointF) -> int | None:
        """The quote or claim (with links) under ``point``: its span or its badge; the shortest span first."""
        for rect, source_id in self._badge_rects:
            if rect.contains(point):
                return source_id
        found = self.hit(point)
        if found is None:
            return None
        idx, pos = found
        hits = [m for m in self.marks if m.source[0] == idx and m.source[1] <= pos < m.source[2]]
        return min(hits, key=lambda m: m.source[2] - m.source[1]).source_id if hits else None

    # -- painting -----------------------------------------------------------------------------
    def _visible_paragraphs(self) -> range:
        top = self.cursorForPosition(QPoint(0, 0)).blockNumber()
        bottom = self.cursorForPosition(QPoint(self.viewport().width() - 1, self.viewport().height() - 1))
        return range(max(0, top - 1), min(len(self._texts), bottom.blockNumber() + 2))

    def boxes_to_draw(self) -> list[Box]:
        boxes = super().boxes_to_draw()
        for idx in self._visible_paragraphs():
            if idx != self._current and idx in self._drawn and (built := self._context_of(idx)) is not None:
                boxes += built[1]
        return boxes

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        self._badge_rects = []
        if not self.marks:
            return
        visible = self._visible_paragraphs()
        active = self.active_sources()
        painter = QPainter(self.viewport())
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        for idx, start, end in self.highlighted_spans():
            if idx in visible:
                color = next(QColor(m.color) for m in self.marks if m.target == (idx, start, end))
                fill = QColor(color)
                fill.setAlpha(45)
                painter.setPen(QPen(color.darker(130), 2))
                painter.setBrush(QBrush(fill))
                for rect in self.drawn_rects(idx, start, end, (0.0, float(self.viewport().height()))):
                    painter.drawRoundedRect(rect.adjusted(-2, 0, 2, 0), 3, 3)
        self._paint_badges(painter, visible, active)
        painter.end()

    def _paint_badges(self, painter: QPainter, visible: range, active: set[int]) -> None:
        margin = self.badge_margin()
        if not margin:
            return
        font = self._badge_font()
        metrics = QFontMetricsF(font)
        painter.setFont(font)
        left = self.viewport().width() - margin + 6
        width = margin - 12
        height = metrics.height() + 2
        bottom_used = -1e9
        placed: list[tuple[float, LinkMark, QRectF]] = []
        for mark in self.marks:
            if not mark.badge or mark.source[0] not in visible:
                continue
            rects = self.drawn_rects(mark.source[0], mark.source[1], mark.source[2],
                                     (-height, float(self.viewport().height()) + height))
            if rects:
                placed.append((rects[-1].center().y(), mark, rects[-1]))
        for y, mark, end_rect in sorted(placed, key=lambda p: p[0]):
            top = max(y - height / 2, bottom_used + 2)
            rect = QRectF(left, top, width, height)
            bottom_used = rect.bottom()
            color = QColor(mark.color)
            on = mark.source_id in active
            painter.setPen(QPen(color, 1, Qt.PenStyle.DotLine))
            # along the bottom of the span's last line (under the words it passes, not through them), then up
            # or down to the badge
            low = end_rect.bottom() - 1
            painter.drawPolyline([QPointF(end_rect.right() + 2, low), QPointF(rect.left() - 4, low),
                                  QPointF(rect.left(), rect.center().y())])
            fill = QColor(color) if on else QColor(color.lighter(175))
            if mark.suggested and not on:
                fill.setAlpha(70)
            style = Qt.PenStyle.DashLine if mark.suggested else Qt.PenStyle.SolidLine
            painter.setPen(QPen(color.darker(130), 1, style))
            painter.setBrush(QBrush(fill))
            painter.drawRoundedRect(rect, 4, 4)
            painter.setPen(QColor("#ffffff") if on else QColor("#202020"))
            text = _elide_badge(mark.badge, metrics, width - 8)
            painter.drawText(rect.adjusted(4, 0, -4, 0), Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                             text)
            self._badge_rects.append((rect, mark.source_id))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self._rects = {}
        self._update_margin()
        if self._drawn_chars is not None:  # the part of a long paragraph in view is another one now
            self.apply_selections()
        rect = self.paragraph_rect()
        if rect.bottom() < 0 or rect.top() > self.viewport().height():  # keep the current paragraph in view
            self.scroll_to_current()


def _elide_badge(badge: str, metrics: QFontMetricsF, width: float) -> str:
    """``badge`` within ``width``: the name shortened at its end, its paragraph ("¶5") kept."""
    if metrics.horizontalAdvance(badge) <= width:
        return badge
    head, sep, tail = badge.rpartition(" ¶")
    if not sep:
        return metrics.elidedText(badge, Qt.TextElideMode.ElideRight, width)
    tail = sep + tail
    return metrics.elidedText(head, Qt.TextElideMode.ElideRight, width - metrics.horizontalAdvance(tail)) + tail


class ArticleView(QWidget):
    """The header (title, paragraph, status), a notice for boilerplate, and the article text."""

    selectionMoved = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.header = QLabel(self)
        self.header.setTextFormat(Qt.TextFormat.PlainText)
        self.header.setObjectName("paragraphHeader")
        self.header.setWordWrap(True)
        self.notice = QLabel(self)
        self.notice.setTextFormat(Qt.TextFormat.PlainText)
        self.notice.setStyleSheet("color: #8a6d00;")
        self.notice.setWordWrap(True)
        self.text = ArticleText(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.header)
        layout.addWidget(self.notice)
        layout.addWidget(self.text, 1)
        self.notice.hide()
        self.text.selectionChanged.connect(self.selectionMoved)

    def show_article(self, texts: Sequence[str], boilerplate: Sequence[bool] = ()) -> bool:
        """Show an article's paragraphs (nothing is rebuilt when it is shown already); see ``show_paragraph``."""
        return self.text.set_article(texts, boilerplate)

    def show_paragraph(self, header: str, idx: int, notice: str = "") -> None:
        """Make paragraph ``idx`` of the shown article current, with its header and notice."""
        self.header.setText(header)
        self.notice.setText(notice)
        self.notice.setVisible(bool(notice))
        self.text.set_current(idx)
