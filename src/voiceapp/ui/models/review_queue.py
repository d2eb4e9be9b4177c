"""List model for the review queue, fetched lazily with keyset paging (newest first)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QBrush, QColor

from voiceapp.services.review import ReviewItem

from .feedback_table import kind_label

ITEM_ROLE = Qt.ItemDataRole.UserRole + 1

# fetch(before: (date, id) | None, limit) -> list[ReviewItem]
Fetch = Callable[[tuple[date, int] | None, int], list[ReviewItem]]


class ReviewQueueModel(QAbstractListModel):
    loading_changed = Signal(bool)
    loaded = Signal(int)
    load_failed = Signal(object)

    def __init__(self, fetch: Fetch, runner: Callable | None = None, page_size: int = 50,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._fetch = fetch
        self._runner = runner
        self.page_size = page_size
        self._items: list[ReviewItem] = []
        self._has_more = False
        self._loading = False
        self._generation = 0

    def reload(self) -> None:
        self._generation += 1
        self.beginResetModel()
        self._items = []
        self._has_more = False
        self.endResetModel()
        self._load(None)

    def _load(self, before) -> None:
        gen = self._generation
        self._loading = True
        self.loading_changed.emit(True)
        if self._runner is None:
            try:
                items = self._fetch(before, self.page_size)
            except Exception as exc:
                self._failed(gen, exc)
            else:
                self._arrived(gen, items)
            return
        self._runner(self._fetch, before, self.page_size,
                     on_result=lambda items: self._arrived(gen, items),
                     on_error=lambda exc, *_: self._failed(gen, exc))

    def _arrived(self, gen: int, items: list[ReviewItem]) -> None:
        if gen != self._generation:
            return
        self._has_more = len(items) >= self.page_size
        have = {i.id for i in self._items}
        new = [i for i in items if i.id not in have]
        if new:
            first = len(self._items)
            self.beginInsertRows(QModelIndex(), first, first + len(new) - 1)
            self._items.extend(new)
            self.endInsertRows()
        self._loading = False  # only now: no nested fetch while rows go in
        self.loading_changed.emit(False)
        self.loaded.emit(len(self._items))

    def _failed(self, gen: int, exc: BaseException) -> None:
        if gen != self._generation:
            return
        self._loading = False
        self._has_more = False
        self.loading_changed.emit(False)
        self.load_failed.emit(exc)

    def canFetchMore(self, parent: QModelIndex = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and self._has_more and not self._loading

    def fetchMore(self, parent: QModelIndex = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid() or not self._has_more or self._loading or not self._items:
            return
        last = self._items[-1]
        self._load((last.received_on, last.id))

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._items)

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._items):
            return None
        item = self._items[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            text = " ".join(item.text.split())
            if len(text) > 90:
                text = text[:87] + "…"
            flag = "⚠ " if item.safeguarding_flag else ""
            return f"{flag}{item.received_on:%d %b %Y} · {kind_label(item.kind)}\n{text}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return item.text
        if role == ITEM_ROLE:
            return item
        if role == Qt.ItemDataRole.UserRole:
            return item.id
        if role == Qt.ItemDataRole.ForegroundRole and item.safeguarding_flag:
            return QBrush(QColor("#a4161a"))
        return None

    def item(self, row: int) -> ReviewItem:
        return self._items[row]

    def replace(self, row: int, item: ReviewItem) -> None:
        self._items[row] = item
        ix = self.index(row, 0)
        self.dataChanged.emit(ix, ix)

    def remove(self, row: int) -> None:
        if 0 <= row < len(self._items):
            self.beginRemoveRows(QModelIndex(), row, row)
            del self._items[row]
            self.endRemoveRows()
