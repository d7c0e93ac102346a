"""The source picker (key ``s``): choose the speaker or claimant of a quote or claim.

Lists the article's entities mentioned up to the current paragraph, nearest
first, with their mention counts; type to filter, Enter to pick.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QDialog, QLabel, QLineEdit, QListView, QVBoxLayout, QWidget

from annotator.core.entities import EntityGroup
from annotator.core.sources import SPECIAL_SOURCES
from annotator.ui.text import isolate

CHOICE_ROLE = Qt.ItemDataRole.UserRole + 1


@dataclass(frozen=True)
class SourceChoice:
    target_id: int | None = None
    special: str | None = None
    key: str | None = None  # entity key, when an entity was chosen


class SourcePicker(QDialog):
    def __init__(self, title: str, groups: list[EntityGroup], current_idx: int, parent: QWidget | None = None,
                 specials: bool = True) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
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
        hint = QLabel("Entities mentioned so far in this article, nearest first", self)
        hint.setTextFormat(Qt.TextFormat.PlainText)
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
