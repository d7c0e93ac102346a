"""Review mode's panel: one lane per annotator under the gold text, and the candidate list."""

from __future__ import annotations

from typing import Any, ClassVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QTableView, QVBoxLayout, QWidget

from annotator.core.labels import LabelSchema
from annotator.core.model import Annotation
from annotator.core.sources import special_source_text
from annotator.services.review import Candidate
from annotator.ui.paragraph_view import ParagraphText
from annotator.ui.text import isolate, plain_tooltip

Index = QModelIndex | QPersistentModelIndex


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


class CandidateModel(QAbstractTableModel):
    HEADERS = ("Label", "Text", "Proposed by", "Source", "State")
    STATE_COLORS: ClassVar[dict[str, str]] = {
        "in gold": "#d8f3dc", "rejected": "#eeeeee", "disputed": "#ffe5d9", "agreed": "#ffffff",
    }

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.items: list[Candidate] = []

    def set_candidates(self, items: list[Candidate]) -> None:
        self.beginResetModel()
        self.items = list(items)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.items)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.items):
            return None
        c = self.items[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            n = c.n_annotators
            return (c.label, isolate(c.text), f"{', '.join(c.annotators)} ({len(c.proposals)}/{n})", source_text(c),
                    state_text(c))[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            return plain_tooltip(str(self.data(index)))
        if role == Qt.ItemDataRole.BackgroundRole:
            return QColor(self.STATE_COLORS[state_text(c)])
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < 5:
            return self.HEADERS[section]
        return None


class ReviewPanel(QWidget):
    """Header with progress and auto-gold policy, annotator lanes, candidate table."""

    def __init__(self, schema: LabelSchema, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.schema = schema
        self.header = QLabel(self)
        self.header.setTextFormat(Qt.TextFormat.PlainText)
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
        self.lanes_box = QVBoxLayout()
        self.lanes: list[tuple[QLabel, ParagraphText]] = []
        self.lane_names: list[str] = []
        self.model = CandidateModel(self)
        self.table = QTableView(self)
        self.table.setObjectName("candidateList")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(self.lanes_box)
        layout.addWidget(self.table, 1)

    def show_lanes(self, text: str, by_annotator: dict[str, list[Annotation]]) -> None:
        while len(self.lanes) < len(by_annotator):
            name = QLabel(self)
            name.setTextFormat(Qt.TextFormat.PlainText)
            lane = ParagraphText(self)
            lane.setFont(self.font())
            lane.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            lane.min_height = 24
            row = QHBoxLayout()
            row.addWidget(name)
            row.addWidget(lane, 1)
            self.lanes_box.addLayout(row)
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
