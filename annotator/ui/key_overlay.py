"""Help ▸ Keys… (`?`, `F1`): every key of the window, grouped by menu, made from the table the shortcuts are
made from (:data:`annotator.ui.actions.ACTIONS`, the actions this window has) and the project's label keys."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from annotator.core.labels import LabelSchema
from annotator.ui.actions import ACTIONS, ActionSpec

KeyGroup = tuple[str, list[tuple[str, str]]]  # menu, [(keys as shown, what they do)]

LABELS_GROUP = "Labels"


def shown_key(key: str) -> str:
    """A key as the user reads it, on this platform (Ctrl+Shift+Z, ⌘⇧Z on a Mac)."""
    return QKeySequence(key).toString(QKeySequence.SequenceFormat.NativeText) or key


def key_groups(actions: Iterable[str], schema: LabelSchema, specs: Iterable[ActionSpec] = ACTIONS) -> list[KeyGroup]:
    """Every action among ``actions`` (names) that has keys, grouped by its menu in the table's order, then
    the label keys of the labels on offer (not the retired ones)."""
    wanted = set(actions)
    groups: dict[str, list[tuple[str, str]]] = {}
    for spec in specs:
        if spec.name in wanted and spec.keys:
            groups.setdefault(spec.menu or "Other", []).append(
                (" / ".join(shown_key(k) for k in spec.keys), spec.text.replace("&", "")))
    labels = [(shown_key(lab.key.upper() if lab.key.isalpha() else lab.key), f"label {lab.name} ({lab.layer})")
              for lab in schema.active() if lab.key]
    out = list(groups.items())
    if labels:
        out.insert(0, (LABELS_GROUP, labels))
    return out


class KeyOverlay(QDialog):
    """The keys, a filter on top (type to narrow the list); Esc, `?` or F1 closes it."""

    def __init__(self, groups: list[KeyGroup], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keys")
        self.setObjectName("keyOverlay")
        self.resize(620, 640)
        lay = QVBoxLayout(self)
        note = QLabel("Single-letter keys work while the paragraph text has the focus (Ctrl+K puts it there).", self)
        note.setTextFormat(Qt.TextFormat.PlainText)
        note.setWordWrap(True)
        lay.addWidget(note)
        self.filter = QLineEdit(self)
        self.filter.setPlaceholderText("filter: type part of a key or an action")
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self._apply_filter)
        lay.addWidget(self.filter)
        self.tree = QTreeWidget(self)
        self.tree.setObjectName("keyTree")
        self.tree.setColumnCount(2)
        self.tree.setHeaderLabels(["key", "action"])
        self.tree.setRootIsDecorated(False)
        self.tree.setUniformRowHeights(True)
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self._items: list[tuple[QTreeWidgetItem, list[QTreeWidgetItem]]] = []
        for menu, rows in groups:
            top = QTreeWidgetItem(self.tree, [menu, ""])
            font = top.font(0)
            font.setBold(True)
            top.setFont(0, font)
            top.setFirstColumnSpanned(True)
            self._items.append((top, [QTreeWidgetItem(top, [keys, text]) for keys, text in rows]))
        self.tree.expandAll()
        lay.addWidget(self.tree, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)
        self.tree.setFocus()

    def rows(self) -> list[tuple[str, str, str]]:
        """(menu, keys, action) of every row shown now (what the filter leaves)."""
        return [(top.text(0), child.text(0), child.text(1)) for top, children in self._items if not top.isHidden()
                for child in children if not child.isHidden()]

    def _apply_filter(self, text: str) -> None:
        needle = text.casefold().strip()
        for top, children in self._items:
            shown = 0
            for child in children:
                hit = not needle or needle in child.text(0).casefold() or needle in child.text(1).casefold() \
                    or needle in top.text(0).casefold()
                child.setHidden(not hit)
                shown += hit
            top.setHidden(shown == 0)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_F1 or (event.text() == "?" and not self.filter.hasFocus()):
            self.accept()
            return
        super().keyPressEvent(event)
