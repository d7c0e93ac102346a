"""The right panel's list of the paragraph's annotations (label, text, source, attributes, position), suggestions
with their recommender and score first among the attributes (in italics). The position (paragraph, character
offset and the words before the span) tells apart rows of a long paragraph that read alike."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFont

from annotator.core.labels import LabelSchema
from annotator.core.model import Annotation
from annotator.services.suggest_edits import suggestion_info
from annotator.ui.text import isolate, plain_tooltip

Index = QModelIndex | QPersistentModelIndex
ANNOTATION_ID_ROLE = Qt.ItemDataRole.UserRole + 1


class AnnotationTableModel(QAbstractTableModel):
    """Rows are the annotations the window read for the current paragraph (a handful)."""

    HEADERS = ("Label", "Text", "Source", "Attributes", "Position")
    CONTEXT = 24  # characters of the paragraph before a span in its position column

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._anns: list[Annotation] = []
        self._sources: dict[int, str] = {}
        self._schema: LabelSchema | None = None
        self._paragraph: int | None = None
        self._text = ""

    def set_annotations(self, anns: list[Annotation], sources: dict[int, str], schema: LabelSchema,
                        paragraph: int | None = None, text: str = "") -> None:
        """The rows: ``anns`` with their links (``sources``); ``paragraph`` (its index) and ``text`` are those of
        the paragraph they are in, for the position column."""
        self.beginResetModel()
        self._anns, self._sources, self._schema = list(anns), dict(sources), schema
        self._paragraph, self._text = paragraph, text
        self.endResetModel()

    def position(self, ann: Annotation) -> str:
        """"¶3 · 1520 · …kata Menteri, " : paragraph (from 1), offset and what stands before the span."""
        where = f"¶{self._paragraph + 1} · {ann.start}" if self._paragraph is not None else str(ann.start)
        if not self._text:
            return where
        before = " ".join(self._text[max(0, ann.start - self.CONTEXT):ann.start].split())
        clipped = "…" if ann.start > self.CONTEXT else ""
        return f"{where} · {isolate(clipped + before)}" if before else where

    def row_of(self, annotation_id: int | None) -> int | None:
        for row, ann in enumerate(self._anns):
            if ann.id == annotation_id:
                return row
        return None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._anns)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._anns):
            return None
        ann = self._anns[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.ToolTipRole:
            return plain_tooltip(str(self.data(index, Qt.ItemDataRole.DisplayRole)))
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                return ann.label + (" (suggested)" if ann.origin == "suggested" else "")
            if col == 1:
                return isolate(ann.text)
            if col == 2:
                return self._sources.get(ann.id, "")
            if col == 4:
                return self.position(ann)
            if ann.origin == "suggested":  # "by quotes 0.90, kind=direct"
                rest = [f"{k}={v}" for k, v in sorted(ann.attrs.items()) if k not in ("recommender", "score")]
                return ", ".join([_suggested_by(ann), *rest])
            return ", ".join(f"{k}={v}" for k, v in sorted(ann.attrs.items()))
        if role == Qt.ItemDataRole.FontRole and ann.origin == "suggested":
            font = QFont()
            font.setItalic(True)
            return font
        if role == Qt.ItemDataRole.DecorationRole and col == 0 and self._schema and ann.label in self._schema:
            return QColor(self._schema.get(ann.label).color)
        if role == ANNOTATION_ID_ROLE:
            return ann.id
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole
                and 0 <= section < len(self.HEADERS)):
            return self.HEADERS[section]
        return None


def _suggested_by(ann: Annotation) -> str:
    """"by quotes 0.90" for a suggestion: its recommender ("imported" when it has none) and score."""
    name, score = suggestion_info(ann)
    return f"by {name or 'imported'}" + (f" {score:.2f}" if score is not None else "")
