"""The source picker (key ``s``): choose the speaker or claimant of a quote or claim, or (key ``e``) the entity
to merge a mention with; review mode uses it for its vote between the annotators' sources.

Lists the article's entities mentioned up to the current paragraph, nearest first, with their mention counts;
type to filter, Enter to pick. Its heading says what is being picked (:func:`picker_heading`): "Speaker of this
quote", "Claimant of this claim", "Entity to merge with", "Vote: speaker".
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QDialog, QLabel, QLineEdit, QListView, QVBoxLayout, QWidget

from annotator.core.entities import EntityGroup
from annotator.core.sources import SPECIAL_SOURCES
from annotator.ui.text import isolate

CHOICE_ROLE = Qt.ItemDataRole.UserRole + 1
Purpose = Literal["source", "merge", "vote"]
_LIST_HINTS: dict[Purpose, str] = {
    "source": "Entities mentioned so far in this article, nearest first; or a special source",
    "merge": "Entities mentioned so far in this article, nearest first",
    "vote": "The sources the annotators gave, with who gave each",
}


def picker_heading(purpose: Purpose, kind: str = "", layer: str = "") -> str:
    """What the picker picks: "Speaker of this quote", "Claimant of this claim", "Entity to merge with",
    "Vote: speaker" (the link ``kind`` from an annotation of ``layer``)."""
    if purpose == "merge":
        return "Entity to merge with"
    if purpose == "vote":
        return f"Vote: {kind or 'source'}"
    return f"{(kind or 'source').capitalize()} of this {layer or 'annotation'}"


@dataclass(frozen=True)
class SourceChoice:
    target_id: int | None = None
    special: str | None = None
    key: str | None = None  # entity key, when an entity was chosen


class SourcePicker(QDialog):
    def __init__(self, title: str, groups: list[EntityGroup], current_idx: int, parent: QWidget | None = None,
                 specials: bool = True, heading: str | None = None, purpose: Purpose | None = None) -> None:
        """``heading`` (see :func:`picker_heading`) is the window title and the dialog's first line; ``title``
        (what it is about, e.g. the quote's text) the line under it. Without a heading, ``title`` is both. The
        ``purpose`` defaults to a source (with ``specials``), a merge (without), or a vote when the caller fills the
        list itself (no groups and no current paragraph: review mode's choice between the annotators' sources)."""
        super().__init__(parent)
        if purpose is None:
            purpose = "vote" if not groups and current_idx < 0 and not specials else \
                "source" if specials else "merge"
        self.purpose: Purpose = purpose
        self.heading = heading or (picker_heading("vote") if purpose == "vote" else title)
        self.setWindowTitle(self.heading)
        self.setObjectName("sourcePicker")
        self.choice: SourceChoice | None = None
        self.filter = QLineEdit(self)
        self.filter.setPlaceholderText("type to filter, Enter to pick, Esc to cancel")
        self.list = QListView(self)
        self.list.setEditTriggers(QListView.EditTrigger.NoEditTriggers)
        model = QStandardItemModel(self)
        for g in groups:
            where = "this paragraph" if g.nearest_idx == current_idx else f"¶ {g.nearest_idx + 1}"
            item = QStandardItem(f"{isolate(g.name)}  ·  {g.label}  ·  ×{g.count}  ·  {where}")
            item.setData(SourceChoice(target_id=g.nearest_id, key=g.key), CHOICE_ROLE)
            model.appendRow(item)
        if specials:
            for special, text in SPECIAL_SOURCES.items():
                item = QStandardItem(text)
                item.setData(SourceChoice(special=special), CHOICE_ROLE)
                model.appendRow(item)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(model)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.list.setModel(self.proxy)
        layout = QVBoxLayout(self)
        head = QLabel(self.heading, self)
        head.setObjectName("pickerHeading")
        head.setTextFormat(Qt.TextFormat.PlainText)
        font = head.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.2)
        head.setFont(font)
        layout.addWidget(head)
        if heading and title and title != heading:
            about = QLabel(isolate(title), self)
            about.setObjectName("pickerSubject")
            about.setTextFormat(Qt.TextFormat.PlainText)
            about.setWordWrap(True)
            layout.addWidget(about)
        hint = QLabel(_LIST_HINTS[purpose], self)
        hint.setObjectName("pickerHint")
        hint.setTextFormat(Qt.TextFormat.PlainText)
        hint.setStyleSheet("color: #6c6c6c;")
        layout.addWidget(hint)
        layout.addWidget(self.filter)
        layout.addWidget(self.list)
        self.filter.textChanged.connect(self._filter)
        self.filter.returnPressed.connect(self._pick_current)
        self.list.activated.connect(lambda _i: self._pick_current())
        self._select_first()
        self.resize(460, 360)

    def _filter(self, text: str) -> None:
        self.proxy.setFilterFixedString(text)
        self._select_first()

    def _select_first(self) -> None:
        if self.proxy.rowCount():
            self.list.setCurrentIndex(self.proxy.index(0, 0))

    def keyPressEvent(self, event) -> None:
        if event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Up) and self.proxy.rowCount():
            row = self.list.currentIndex().row() + (1 if event.key() == Qt.Key.Key_Down else -1)
            row = max(0, min(row, self.proxy.rowCount() - 1))
            self.list.setCurrentIndex(self.proxy.index(row, 0))
            return
        super().keyPressEvent(event)

    def _pick_current(self) -> None:
        index = self.list.currentIndex()
        if index.isValid():
            self.choice = index.data(CHOICE_ROLE)
            self.accept()
