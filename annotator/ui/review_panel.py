"""Review mode's panel: one lane per annotator under the gold text, the candidate list and the decision.

The candidates are listed by decision: the variants of one span (two annotators' versions of a quote that
differ by a final ".") are adjacent rows numbered 3a, 3b, …, their differing characters marked in the text
column, and the decision box beside the list shows every variant of the current decision in full with the
difference marked (extra characters highlighted, characters only the others have struck through).
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Any, ClassVar, Literal

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QRectF, QSize, QSizeF, Qt
from PySide6.QtGui import QAbstractTextDocumentLayout, QColor, QPainter, QPalette, QTextDocument
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from annotator.core.labels import LabelSchema
from annotator.core.model import Annotation
from annotator.core.sources import special_source_text
from annotator.services.review import Candidate
from annotator.ui.paragraph_view import ParagraphText
from annotator.ui.text import isolate, plain_tooltip

Index = QModelIndex | QPersistentModelIndex
Mark = Literal["same", "extra", "missing"]
EXTRA_STYLE = "background-color:#ffd166;color:#000000;font-weight:bold"  # characters only some variants have
MISSING_STYLE = "color:#9d0208;text-decoration:line-through"  # characters other variants have, this one not
HTML_ROLE = Qt.ItemDataRole.UserRole + 7  # the text column as marked-up text (see MarkupDelegate)
PIECES_ROLE = Qt.ItemDataRole.UserRole + 8  # the text column's marked pieces, shortened by the delegate to fit
KEEP = 24  # characters kept on each side of a difference when a long span is shortened


def source_text(cand: Candidate) -> str:
    """The speakers / claimants the proposals name, with who named each."""
    named: dict[str, list[str]] = {}
    for p in cand.proposals:
        src = p.source
        if src is None:
            continue
        text = special_source_text(src.special) if src.special else (src.text or "?")
        named.setdefault(text, []).append(p.annotator)
    if not named:
        return ""
    if len(named) == 1:
        return next(iter(named))
    return " | ".join(f"{t} ({', '.join(who)})" for t, who in named.items())


def state_text(cand: Candidate) -> str:
    if cand.gold_id is not None:
        return "in gold"
    if cand.rejected:
        return "rejected"
    if cand.disputed or not cand.link_agreed:
        return "disputed"
    return "agreed"


@dataclass(frozen=True)
class Piece:
    text: str
    mark: Mark


def variant_pieces(cand: Candidate, paragraph: str) -> list[Piece]:
    """The characters of the candidate's decision from the first to the last any variant covers, each run
    marked: in every variant ("same"), in this one but not every one ("extra"), in others only ("missing")."""
    diff = cand.difference
    ranges = [(cand.start, cand.end), *diff.missing]
    lo, hi = min(s for s, _ in ranges), max(e for _, e in ranges)
    marks: list[Mark] = []
    for i in range(lo, hi):
        if any(s <= i < e for s, e in diff.extra):
            marks.append("extra")
        elif cand.start <= i < cand.end:
            marks.append("same")
        else:
            marks.append("missing")
    pieces: list[Piece] = []
    for i, mark in enumerate(marks):
        ch = paragraph[lo + i] if lo + i < len(paragraph) else ""
        if pieces and pieces[-1].mark == mark:
            pieces[-1] = Piece(pieces[-1].text + ch, mark)
        else:
            pieces.append(Piece(ch, mark))
    return pieces


def _shorten(pieces: list[Piece], keep: int = KEEP) -> list[Piece]:
    """Long unmarked runs cut in the middle ("…"), so the differences stay in view in a narrow cell."""
    return [Piece(p.text[:keep] + "…" + p.text[-keep:], p.mark) if p.mark == "same" and len(p.text) > 2 * keep + 1
            else p for p in pieces]


def _visible(text: str) -> str:
    """White space that would vanish when marked, made visible (a marked lone space or line break)."""
    return text.replace(" ", "␣").replace("\n", "↵") if not text.strip() else text


def pieces_html(pieces: list[Piece]) -> str:
    """The pieces as HTML: every character escaped (text is never markup), the differences styled."""
    out = []
    for p in pieces:
        text = html.escape(_visible(p.text) if p.mark != "same" else p.text)
        out.append(text if p.mark == "same" else
                   f"<span style='{EXTRA_STYLE if p.mark == 'extra' else MISSING_STYLE}'>{text}</span>")
    return "".join(out)


def difference_text(cand: Candidate, paragraph: str) -> str:
    """The difference in words: "+“.” at the end", "−“Menteri ” at the start" (empty when none)."""
    parts = []
    for (s, e), sign in [*((r, "+") for r in cand.difference.extra), *((r, "−") for r in cand.difference.missing)]:
        if (s == cand.start and e < cand.end) or e <= cand.start:
            where = "at the start"
        elif (e == cand.end and s > cand.start) or s >= cand.end:
            where = "at the end"
        else:
            where = "inside"
        parts.append(f"{sign}“{_visible(paragraph[s:e])}” {where}")
    return "; ".join(parts)


def decision_label(cand: Candidate, row_in_decision: int) -> str:
    """"3" for a span without rivals, "3a", "3b", … for the variants of decision 3."""
    if cand.variants <= 1:
        return str(cand.decision)
    letters = "abcdefghijklmnopqrstuvwxyz"
    return f"{cand.decision}{letters[row_in_decision] if row_in_decision < len(letters) else row_in_decision + 1}"


class MarkupDelegate(QStyledItemDelegate):
    """Paints a cell from its HTML_ROLE text (rows' own selection and state colours kept)."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        markup = index.data(HTML_ROLE)
        if not markup:
            super().paint(painter, option, index)
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        style = opt.widget.style() if opt.widget is not None else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        rect = opt.rect.adjusted(4, 0, -2, 0)
        doc = self._document(markup, opt)
        pieces = index.data(PIECES_ROLE)
        for keep in (KEEP, 16, 10, 6, 3):  # cut the unmarked runs shorter until the differences fit the cell
            if doc.idealWidth() <= rect.width() or not pieces:
                break
            doc = self._document(pieces_html(_shorten(pieces, keep)), opt)
        painter.save()
        painter.translate(rect.left(), rect.top() + max(0, (rect.height() - doc.size().height()) / 2))
        painter.setClipRect(QRectF(0, 0, rect.width(), rect.height()))
        ctx = QAbstractTextDocumentLayout.PaintContext()
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        ctx.palette.setColor(QPalette.ColorRole.Text, opt.palette.color(
            QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text))
        doc.documentLayout().draw(painter, ctx)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        markup = index.data(HTML_ROLE)
        if not markup:
            return super().sizeHint(option, index)
        doc = self._document(markup, option)
        return QSize(int(doc.idealWidth()) + 8, int(doc.size().height()))

    @staticmethod
    def _document(markup: str, option: QStyleOptionViewItem) -> QTextDocument:
        doc = QTextDocument()
        doc.setDefaultFont(option.font)
        doc.setDocumentMargin(1)
        doc.setHtml(f"<span style='white-space:pre'>{markup}</span>")
        return doc


class CandidateModel(QAbstractTableModel):
    HEADERS = ("#", "Label", "Text", "Proposed by", "Source", "State")
    TEXT_COLUMN = 2
    STATE_COLORS: ClassVar[dict[str, str]] = {
        "in gold": "#d8f3dc", "rejected": "#eeeeee", "disputed": "#ffe5d9", "agreed": "#ffffff",
    }

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.items: list[Candidate] = []
        self.paragraph = ""
        self._numbers: list[str] = []
        self._markup: list[str] = []
        self._pieces: list[list[Piece]] = []

    def set_candidates(self, items: list[Candidate], paragraph: str = "") -> None:
        self.beginResetModel()
        self.items, self.paragraph = list(items), paragraph
        self._numbers, self._markup, self._pieces = [], [], []
        for i, c in enumerate(self.items):
            first = i
            while first > 0 and self.items[first - 1].decision == c.decision:
                first -= 1
            self._numbers.append(decision_label(c, i - first))
            pieces = variant_pieces(c, paragraph) if c.difference.differs and paragraph else []
            self._pieces.append(pieces)
            self._markup.append(pieces_html(_shorten(pieces)) if pieces else "")
        self.endResetModel()

    def rows_of_decision(self, decision: int) -> list[int]:
        return [i for i, c in enumerate(self.items) if c.decision == decision]

    def number(self, row: int) -> str:
        return self._numbers[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.items)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.items):
            return None
        row, c = index.row(), self.items[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            n = c.n_annotators
            return (self._numbers[row], c.label, isolate(c.text), f"{', '.join(c.annotators)} ({len(c.proposals)}/{n})",
                    source_text(c), state_text(c))[index.column()]
        if role == HTML_ROLE and index.column() == self.TEXT_COLUMN:
            return self._markup[row]
        if role == PIECES_ROLE and index.column() == self.TEXT_COLUMN:
            return self._pieces[row]
        if role == Qt.ItemDataRole.ToolTipRole:
            text = str(self.data(index))
            if index.column() == self.TEXT_COLUMN and c.difference.differs:
                text = f"{c.text}\n\ndiffers from the other variant(s): {difference_text(c, self.paragraph)}"
            return plain_tooltip(text)
        if role == Qt.ItemDataRole.BackgroundRole:
            return QColor(self.STATE_COLORS[state_text(c)])
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole
                and 0 <= section < len(self.HEADERS)):
            return self.HEADERS[section]
        return None


def decision_html(cands: list[Candidate], numbers: list[str], paragraph: str, total: int) -> str:
    """The decision box: every variant of one decision in full, the differing characters marked."""
    if not cands:
        return ""
    first = cands[0]
    head = (f"Decision {first.decision} of {total}: " + (f"{len(cands)} variants, G takes the one selected and "
            "rejects the others" if len(cands) > 1 else "one version"))
    out = [f"<p><b>{html.escape(head)}</b></p>"]
    for number, c in zip(numbers, cands, strict=True):
        text = pieces_html(variant_pieces(c, paragraph)) if c.difference.differs else html.escape(c.text)
        src = source_text(c)
        meta = " · ".join(x for x in (c.label, ", ".join(c.annotators), f"source: {src}" if src else "",
                                      state_text(c)) if x)
        diff = difference_text(c, paragraph)
        out.append(f"<p><b>{html.escape(number)}</b> <span style='color:#555555'>{html.escape(meta)}</span>"
                   + (f"<br/><span style='color:#555555'>{html.escape(diff)}</span>" if diff else "")
                   + f"<br/><span dir='auto'>{text}</span></p>")
    return "".join(out)


def _fit_lane(lane: ParagraphText, size: QSizeF) -> None:
    """A lane exactly as tall as its text (also as the floor its own fitting keeps on a resize)."""
    lane.min_height = int(size.height()) + 2 * lane.frameWidth() + 4
    lane.setFixedHeight(lane.min_height)


class ReviewPanel(QWidget):
    """Header with progress and auto-gold policy; the annotator lanes (scrolling) over the current decision on
    the left, the candidate list the panel's whole height on the right; the borders can be moved."""

    def __init__(self, schema: LabelSchema, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.schema = schema
        self.header = QLabel(self)
        self.header.setTextFormat(Qt.TextFormat.PlainText)
        self.header.setWordWrap(True)  # wraps in a narrow window instead of pushing the panel wider than it
        self.header.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.policy = QComboBox(self)
        self.policy.addItems(["all", "majority", "none"])
        self.policy.setToolTip(plain_tooltip("Spans put into gold automatically when a paragraph opens: "
                                             "those all annotators agree on, a majority, or none"))
        self.order = QComboBox(self)
        self.order.addItems(["disagreement", "article"])
        top = QHBoxLayout()
        top.addWidget(self.header, 1)
        top.addWidget(QLabel("auto gold:", self))
        top.addWidget(self.policy)
        top.addWidget(QLabel("order:", self))
        top.addWidget(self.order)
        lanes_widget = QWidget(self)
        self.lanes_box = QVBoxLayout(lanes_widget)
        self.lanes_box.setContentsMargins(0, 0, 0, 0)
        self.lanes_box.addStretch(1)
        self.lanes: list[tuple[QLabel, ParagraphText]] = []
        self.lane_names: list[str] = []
        self.lanes_scroll = QScrollArea(self)
        self.lanes_scroll.setObjectName("annotatorLanes")
        self.lanes_scroll.setWidget(lanes_widget)
        self.lanes_scroll.setWidgetResizable(True)
        self.lanes_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.model = CandidateModel(self)
        self.table = QTableView(self)
        self.table.setObjectName("candidateList")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.setItemDelegateForColumn(CandidateModel.TEXT_COLUMN, MarkupDelegate(self.table))
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 6)  # rows, not padding
        header = self.table.horizontalHeader()
        for col, mode in ((0, QHeaderView.ResizeMode.ResizeToContents), (1, QHeaderView.ResizeMode.ResizeToContents),
                          (2, QHeaderView.ResizeMode.Stretch), (3, QHeaderView.ResizeMode.Interactive),
                          (4, QHeaderView.ResizeMode.Interactive), (5, QHeaderView.ResizeMode.ResizeToContents)):
            header.setSectionResizeMode(col, mode)
        header.resizeSection(3, 130)
        header.resizeSection(4, 130)
        self.decision = QTextBrowser(self)
        self.decision.setObjectName("decisionView")
        self.decision.setOpenLinks(False)
        self.decision.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        left = QSplitter(Qt.Orientation.Vertical, self)  # the texts: lanes over the current decision
        left.addWidget(self.lanes_scroll)
        left.addWidget(self.decision)
        left.setStretchFactor(0, 3)
        left.setStretchFactor(1, 2)
        left.setChildrenCollapsible(False)
        left.setSizes([600, 400])  # the initial share (QSplitter scales it to the space there is)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)  # the list takes the panel's whole height
        self.splitter.setObjectName("reviewSplitter")
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.table)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.splitter, 1)
        self.table.selectionModel().currentRowChanged.connect(lambda _c, _p: self.show_decision())

    def show_lanes(self, text: str, by_annotator: dict[str, list[Annotation]]) -> None:
        while len(self.lanes) < len(by_annotator):
            name = QLabel(self)
            name.setTextFormat(Qt.TextFormat.PlainText)
            lane = ParagraphText(self)
            lane.setFont(self.font())
            lane.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            lane.min_height = 24
            lane.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            # each lane as tall as its text: the lanes scroll together, not each inside a two-line box
            lane.document().documentLayout().documentSizeChanged.connect(lambda size, lane=lane: _fit_lane(lane, size))
            row = QHBoxLayout()
            row.addWidget(name, 0, Qt.AlignmentFlag.AlignTop)
            row.addWidget(lane, 1)
            self.lanes_box.insertLayout(self.lanes_box.count() - 1, row)  # above the closing stretch
            self.lanes.append((name, lane))
        for i, (name_label, lane) in enumerate(self.lanes):
            visible = i < len(by_annotator)
            name_label.setVisible(visible)
            lane.setVisible(visible)
        self.lane_names = list(by_annotator)
        for i, ((name_label, lane), (who, anns)) in enumerate(zip(self.lanes, by_annotator.items()), 1):
            name_label.setText(f"Alt+{i}  {who}")
            name_label.setMinimumWidth(110)
            lane.set_paragraph(text)
            lane.paint_annotations(anns, self.schema, None)

    def current_row(self) -> int:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].row() if rows else -1

    def select_row(self, row: int) -> None:
        if 0 <= row < self.model.rowCount():
            self.table.selectRow(row)
            self.table.scrollTo(self.model.index(row, 0))
        self.show_decision()

    def show_decision(self) -> None:
        """Fill the decision box with the variants of the current row's decision."""
        row = self.current_row()
        if not 0 <= row < len(self.model.items):
            self.decision.clear()
            return
        rows = self.model.rows_of_decision(self.model.items[row].decision)
        total = len({c.decision for c in self.model.items})
        self.decision.setHtml(decision_html([self.model.items[r] for r in rows], [self.model.number(r) for r in rows],
                                            self.model.paragraph, total))
