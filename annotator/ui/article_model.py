"""The article list: a lazy Qt model over the workspace's article pages (keyset pages, never the whole table)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from annotator.services.workspace import ArticleItem, Workspace
from annotator.ui.text import isolate, plain_tooltip

Index = QModelIndex | QPersistentModelIndex
PAGE = 200
ARTICLE_ID_ROLE = Qt.ItemDataRole.UserRole + 1


class ArticleListModel(QAbstractTableModel):
    """Title and my progress (done/total) per article, filtered by status and a search string.

    The title is a bidi isolate (an Arabic title keeps the row's order) and its tooltip is the full title. The
    list elides it in the middle (``Qt.TextElideMode.ElideMiddle``, set in the main window), so long titles that
    differ only at the end ("… bagian 1", "… bagian 2") stay different rows."""

    HEADERS = ("Article", "Done")

    def __init__(self, workspace: Workspace, parent: Any = None) -> None:
        super().__init__(parent)
        self.workspace = workspace  # its annotator's progress is shown
        self.status = "all"
        self.search = ""
        self._rows: list[ArticleItem] = []  # only the pages fetched so far
        self._row_by_id: dict[int, int] = {}
        self._more = True
        self._detached = False

    # -- configuration ------------------------------------------------------------
    def set_filter(self, status: str, search: str) -> None:
        self.beginResetModel()
        self.status, self.search = status, search.strip()
        self._rows, self._more = [], True
        self._row_by_id = {}
        self.endResetModel()

    def detach(self) -> None:
        """Ask nothing more of the project (it is about to close); the rows read so far stay."""
        self._more = False
        self._detached = True

    def refresh_article(self, article_id: int) -> None:
        """Re-read one article's progress after the annotator changed it."""
        row = self._row_by_id.get(article_id)
        if row is None:
            return
        fresh = self.workspace.article_item(article_id)
        if fresh is not None and fresh != self._rows[row]:
            self._rows[row] = fresh
            self.dataChanged.emit(self.index(row, 0), self.index(row, 1))

    def row_of(self, article_id: int) -> int | None:
        """The row of an article, fetching rows until it is found (or the list ends).

        Unfiltered, the rows up to it come in one query of titles, their progress counted only when a
        row is shown (see :meth:`data`): opening an article 50,000 rows down costs what a page costs.
        A filtered list has to count every article it passes, so it is read page by page.
        """
        while True:
            if article_id in self._row_by_id:
                return self._row_by_id[article_id]
            if not self._more or (self._rows and self._rows[-1].id > article_id):
                return None
            if self.status == "all" and not self.search:
                self._append(self.workspace.article_titles(self._rows[-1].id if self._rows else 0, article_id))
                self.fetchMore(QModelIndex())  # and a page after it, which also tells whether the list ends
                if article_id not in self._row_by_id:
                    return None  # no such article
            else:
                self.fetchMore(QModelIndex())

    def article_id(self, row: int) -> int | None:
        return self._rows[row].id if 0 <= row < len(self._rows) else None

    # -- Qt model API ---------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 2

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and self._more

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid() or not self._more:
            return
        after = self._rows[-1].id if self._rows else 0
        page = self.workspace.article_page(after, PAGE, self.status, self.search)
        self._more = len(page) == PAGE
        self._append(page)

    def _append(self, items: list[ArticleItem]) -> None:
        if not items:
            return
        self.beginInsertRows(QModelIndex(), len(self._rows), len(self._rows) + len(items) - 1)
        self._row_by_id.update((item.id, len(self._rows) + i) for i, item in enumerate(items))
        self._rows.extend(items)
        self.endInsertRows()

    def _item(self, row: int) -> ArticleItem:
        """The row's article, its progress counted first (with the rows around it) if it was not yet."""
        item = self._rows[row]
        if item.done is None and not self._detached:
            first = row - row % PAGE
            block = range(first, min(first + PAGE, len(self._rows)))
            counts = self.workspace.article_counts([self._rows[r].id for r in block if self._rows[r].done is None])
            for r in block:
                got = counts.get(self._rows[r].id)
                if got is not None and self._rows[r].done is None:
                    self._rows[r] = replace(self._rows[r], done=got[0], total=got[1])
            item = self._rows[row]
        return item

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        item = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            if index.column() == 0:
                return isolate(item.title)
            item = self._item(index.row())
            return "" if item.done is None else f"{item.done}/{item.total}"
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 0:
            return plain_tooltip(item.title)
        if role == ARTICLE_ID_ROLE:
            return item.id
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == 1:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < 2:
            return self.HEADERS[section]
        return None
