"""Project ▸ Labels…: the project's label schema, edited one change at a time.

Every change (add, rename with its annotations, colour, key, order, retire / restore, layer, description,
delete) is one transaction through :mod:`annotator.services.labels`, shown at once in the window (the label
bar, the keys, the colours) and undoable here ("Undo: …" takes back the last change, and the one before).
Changes that would lose or orphan annotations are refused with a one-line message: a label in use can be
retired, not deleted, and keeps its layer.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QColor, QIcon, QKeySequence, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QColorDialog,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from annotator.core.label_edits import (
    AddLabel,
    MoveLabel,
    RemoveLabel,
    RenameLabel,
    SchemaEdit,
    SetColour,
    SetDescription,
    SetKey,
    SetLayer,
    SetRetired,
)
from annotator.core.labels import LAYERS, Label, LabelSchema
from annotator.errors import AnnotatorError
from annotator.services import labels as label_service
from annotator.services.workspace import Project

log = logging.getLogger(__name__)

COLUMNS = ("label", "layer", "key", "colour", "annotations", "state", "description")
UNDO_DEPTH = 50


def swatch(color: str) -> QIcon:
    pix = QPixmap(14, 14)
    pix.fill(QColor(color))
    return QIcon(pix)


NO_MODEL = "(none)"


class NewLabelDialog(QDialog):
    """Name, layer, key, colour and description of a label to add; its attributes (quote kind, check-worthy,
    stance) and links (speaker, claimant, cue) are those of a label of its layer chosen under "like"."""

    def __init__(self, schema: LabelSchema, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.schema = schema
        self.setWindowTitle("Add a label")
        form = QFormLayout(self)
        self.name = QLineEdit(self)
        self.name.setPlaceholderText("e.g. LAW or PRODUCT: a letter, then letters, digits, _ or -")
        self.layer = QComboBox(self)
        self.layer.addItems(list(LAYERS))
        self.like = QComboBox(self)
        self.like.setToolTip("Attributes and links (speaker, claimant, cue) as this label has them")
        self.layer.currentTextChanged.connect(self._fill_like)
        self._fill_like(self.layer.currentText())
        self.key = QLineEdit(self)
        self.key.setMaxLength(1)
        self.key.setPlaceholderText("one character, or none")
        self.colour = QLineEdit("#90be6d", self)
        pick = QPushButton("Choose…", self)
        pick.clicked.connect(self._pick_colour)
        row = QHBoxLayout()
        row.addWidget(self.colour, 1)
        row.addWidget(pick)
        self.description = QLineEdit(self)
        form.addRow("Name", self.name)
        form.addRow("Layer", self.layer)
        form.addRow("Attributes and links like", self.like)
        form.addRow("Key", self.key)
        form.addRow("Colour", row)
        form.addRow("Description", self.description)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def _pick_colour(self) -> None:
        chosen = QColorDialog.getColor(QColor(self.colour.text()), self, "Colour of the new label")
        if chosen.isValid():
            self.colour.setText(chosen.name())

    def _fill_like(self, layer: str) -> None:
        self.like.clear()
        same = [lab.name for lab in self.schema.layer(layer)]
        self.like.addItems([*same, NO_MODEL])  # the first of the layer by default: a new quote label can link

    def label(self) -> Label:
        like = self.like.currentText()
        model = self.schema.get(like) if like in self.schema else None
        return Label(self.name.text().strip(), self.layer.currentText(), self.key.text(),
                     self.colour.text().strip(), " ".join(self.description.text().split()),
                     dict(model.attributes) if model else {}, dict(model.links) if model else {})


class SchemaEditor(QDialog):
    """The labels of the project in a table, a button per change. ``schema_changed`` carries the schema after
    every change (the window rebuilds its label bar and keys from it)."""

    schema_changed = Signal(object)

    def __init__(self, project: Project, annotator: str, reserved: Mapping[str, str],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.project, self.annotator, self.reserved = project, annotator, dict(reserved)
        self.schema: LabelSchema = label_service.read_schema(project)
        self.uses: dict[str, int] = {}
        self.undo_stack: list[tuple[str, SchemaEdit]] = []  # (what was done, the edit that takes it back)
        self.setWindowTitle(f"Labels of {project.path.name}")
        self.setObjectName("schemaEditor")
        self.resize(900, 480)
        lay = QVBoxLayout(self)
        note = QLabel("Each change is saved at once, for every annotator of this project. A label in use can be "
                      "renamed (its annotations follow), recoloured, rekeyed, moved or retired (hidden from the "
                      "label bar and the keys, kept on its annotations); it cannot be deleted or change layer.", self)
        note.setTextFormat(Qt.TextFormat.PlainText)
        note.setWordWrap(True)
        lay.addWidget(note)
        self.table = QTableWidget(0, len(COLUMNS), self)
        self.table.setObjectName("labelTable")
        self.table.setHorizontalHeaderLabels(list(COLUMNS))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        for col in range(len(COLUMNS) - 1):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(len(COLUMNS) - 1, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.table.doubleClicked.connect(lambda _i: self.rename())
        lay.addWidget(self.table, 1)
        grid = QGridLayout()
        self.buttons: dict[str, QPushButton] = {}
        for i, (name, text, slot) in enumerate((
                ("add", "Add…", self.add), ("rename", "Rename…", self.rename), ("colour", "Colour…", self.recolour),
                ("key", "Key…", self.rekey), ("up", "Move up", lambda: self.move_selected(-1)),
                ("down", "Move down", lambda: self.move_selected(1)), ("retire", "Retire", self.toggle_retired),
                ("layer", "Layer…", self.relayer), ("description", "Description…", self.describe_label),
                ("delete", "Delete", self.delete))):
            button = QPushButton(text, self)
            button.setObjectName(f"schema_{name}")
            button.clicked.connect(lambda _c=False, fn=slot: fn())
            grid.addWidget(button, i // 5, i % 5)
            self.buttons[name] = button
        lay.addLayout(grid)
        self.message = QLabel(self)
        self.message.setObjectName("schemaMessage")
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setWordWrap(True)
        lay.addWidget(self.message)
        bottom = QHBoxLayout()
        self.undo_button = QPushButton("Undo", self)
        self.undo_button.setObjectName("schema_undo")
        self.undo_button.clicked.connect(self.undo)
        bottom.addWidget(self.undo_button)
        bottom.addStretch(1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        bottom.addWidget(close)
        lay.addLayout(bottom)
        for keys, slot in ((QKeySequence.StandardKey.Undo, self.undo), (QKeySequence(Qt.Key.Key_F2), self.rename),
                           (QKeySequence.StandardKey.Delete, self.delete), (QKeySequence("Alt+Up"), self._up),
                           (QKeySequence("Alt+Down"), self._down), (QKeySequence.StandardKey.New, self.add)):
            act = QAction(self)
            act.setShortcut(keys)
            act.triggered.connect(lambda _c=False, fn=slot: fn())
            self.addAction(act)
        for name, hint in (("rename", "F2"), ("delete", "Delete"), ("up", "Alt+Up"), ("down", "Alt+Down"),
                           ("add", "Ctrl+N")):
            self.buttons[name].setToolTip(hint)
        self.undo_button.setToolTip("Ctrl+Z")
        self._fill()
        if self.table.rowCount():
            self.table.selectRow(0)
        self._update_buttons()
        self.table.setFocus()

    def _up(self) -> None:
        self.move_selected(-1)

    def _down(self) -> None:
        self.move_selected(1)

    # -- the table --------------------------------------------------------------------------------------------
    def _fill(self, select: str | None = None) -> None:
        self.uses = label_service.label_uses(self.project)
        self.table.setRowCount(len(self.schema.labels))
        for row, lab in enumerate(self.schema.labels):
            cells = (lab.name, lab.layer, lab.key, lab.color, str(self.uses.get(lab.name, 0)),
                     "retired" if lab.retired else "on offer", lab.description)
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if col == 3:
                    item.setIcon(swatch(lab.color))
                if col == 4:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if lab.retired:
                    item.setForeground(QColor("#888888"))
                self.table.setItem(row, col, item)
        if select is not None and select in self.schema:
            self.table.selectRow(self.schema.index(select))
        self._update_buttons()

    def selected(self) -> Label | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        if not rows or rows[0].row() >= len(self.schema.labels):
            return None
        return self.schema.labels[rows[0].row()]

    def _update_buttons(self) -> None:
        lab = self.selected()
        for name, button in self.buttons.items():
            button.setEnabled(name == "add" or lab is not None)
        if lab is not None:
            at = self.schema.index(lab.name)
            self.buttons["up"].setEnabled(at > 0)
            self.buttons["down"].setEnabled(at < len(self.schema.labels) - 1)
            self.buttons["retire"].setText("Restore" if lab.retired else "Retire")
            self.buttons["key"].setEnabled(not lab.retired)
            used = self.uses.get(lab.name, 0)
            for name, hint in (("delete", "Delete"), ("layer", "")):  # refused anyway: greyed out, with the reason
                self.buttons[name].setEnabled(not used)
                self.buttons[name].setToolTip(f"{lab.name} is on {used} annotation(s)" if used else hint)
        self.undo_button.setEnabled(bool(self.undo_stack))
        self.undo_button.setText(f"Undo: {self.undo_stack[-1][0]}" if self.undo_stack else "Undo")

    # -- the changes ------------------------------------------------------------------------------------------
    def apply(self, edit: SchemaEdit, remember: bool = True) -> bool:
        """Make one change through the service; a refusal is shown on one line and changes nothing."""
        try:
            applied = label_service.edit_schema(self.project, edit, self.annotator, self.reserved)
        except AnnotatorError as exc:
            self.say(str(exc), error=True)
            return False
        self.schema = applied.schema
        if remember:
            self.undo_stack.append((applied.summary, applied.undo))
            del self.undo_stack[:-UNDO_DEPTH]
        self.say(f"saved: {applied.summary}" if remember else f"undone: {applied.summary}")
        self._fill(select=_subject(edit))
        self.schema_changed.emit(self.schema)
        return True

    def undo(self) -> None:
        if not self.undo_stack:
            return
        what, edit = self.undo_stack[-1]
        if self.apply(edit, remember=False):
            self.undo_stack.pop()
            self.say(f"undone: {what}")
            self._update_buttons()

    def say(self, text: str, error: bool = False) -> None:
        self.message.setStyleSheet("color: #b00020;" if error else "color: #1b5e20;")
        self.message.setText(text)

    def add(self) -> None:
        dialog = NewLabelDialog(self.schema, self)
        while dialog.exec():
            if self.apply(AddLabel(dialog.label())):
                return
            dialog.setWindowTitle(f"Add a label — {self.message.text()}")  # fix it and try again

    def rename(self) -> None:
        lab = self.selected()
        if lab is None:
            return
        new, ok = QInputDialog.getText(self, "Rename label", f"New name of {lab.name}:", text=lab.name)
        new = new.strip()
        if not ok or not new or new == lab.name:
            return
        used = self.uses.get(lab.name, 0)
        if used and QMessageBox.question(
                self, "Rename label",
                f"Rename {lab.name} to {new} on its {used} annotation(s), for every annotator of this project?"
        ) != QMessageBox.StandardButton.Yes:
            return
        self.apply(RenameLabel(lab.name, new))

    def recolour(self) -> None:
        lab = self.selected()
        if lab is None:
            return
        chosen = QColorDialog.getColor(QColor(lab.color), self, f"Colour of {lab.name}")
        if chosen.isValid() and chosen.name() != lab.color:
            self.apply(SetColour(lab.name, chosen.name()))

    def rekey(self) -> None:
        lab = self.selected()
        if lab is None:
            return
        key, ok = QInputDialog.getText(self, "Label key", f"Key of {lab.name} (one character; empty: no key):",
                                       text=lab.key)
        if ok and key != lab.key:
            self.apply(SetKey(lab.name, key.strip() if key.isspace() else key))

    def move_selected(self, step: int) -> None:
        lab = self.selected()
        if lab is not None and 0 <= self.schema.index(lab.name) + step < len(self.schema.labels):
            self.apply(MoveLabel(lab.name, self.schema.index(lab.name) + step))

    def toggle_retired(self) -> None:
        lab = self.selected()
        if lab is not None:
            self.apply(SetRetired(lab.name, not lab.retired))

    def relayer(self) -> None:
        lab = self.selected()
        if lab is None:
            return
        layer, ok = QInputDialog.getItem(self, "Layer", f"Layer of {lab.name}:", list(LAYERS),
                                         LAYERS.index(lab.layer), False)
        if ok and layer != lab.layer:
            self.apply(SetLayer(lab.name, layer))

    def describe_label(self) -> None:
        lab = self.selected()
        if lab is None:
            return
        text, ok = QInputDialog.getText(self, "Description", f"What {lab.name} is for:", text=lab.description)
        if ok and text != lab.description:
            self.apply(SetDescription(lab.name, text))

    def delete(self) -> None:
        lab = self.selected()
        if lab is None:
            return
        if self.uses.get(lab.name, 0):  # say why at once, before asking anything
            self.apply(RemoveLabel(lab.name))
            return
        if QMessageBox.question(self, "Delete label", f"Delete the label {lab.name}? (Undo puts it back.)") \
                != QMessageBox.StandardButton.Yes:
            return
        self.apply(RemoveLabel(lab.name))


def _subject(edit: SchemaEdit) -> str | None:
    """The label an edit leaves to select (after a rename: its new name; after a delete: none left)."""
    if isinstance(edit, AddLabel):
        return edit.label.name
    if isinstance(edit, RenameLabel):
        return edit.new_name
    return None if isinstance(edit, RemoveLabel) else edit.name
