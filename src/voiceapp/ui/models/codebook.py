"""Tree model of the codebook (themes with counts), with drag and drop to move a code under
another. A drop does not change the tree itself: it asks (signal `move_requested`) and the page
runs the service, then reloads, so the tree always shows what the database holds."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QByteArray,
    QMimeData,
    QModelIndex,
    QObject,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QFont

from voiceapp.services.codebook import CodeNode

MIME = "application/x-voiceapp-theme-id"
NODE_ROLE = Qt.ItemDataRole.UserRole + 1
COLUMNS = ("Theme", "Records", "Confirmed", "With sub-themes")


class _Item:
    __slots__ = ("children", "node", "parent")

    def __init__(self, node: CodeNode | None, parent: _Item | None) -> None:
        self.node = node
        self.parent = parent
        self.children: list[_Item] = []

    def row(self) -> int:
        return self.parent.children.index(self) if self.parent else 0


class CodebookModel(QAbstractItemModel):
    move_requested = Signal(int, object)  # theme id, new parent id (None = top level)

    def __init__(self, parent: QObject | None = None, show_retired: bool = True) -> None:
        super().__init__(parent)
        self._root = _Item(None, None)
        self._by_id: dict[int, _Item] = {}
        self.show_retired = show_retired
        self.editable = False

    def set_nodes(self, nodes: list[CodeNode]) -> None:
        self.beginResetModel()
        self._root = _Item(None, None)
        self._by_id = {}
        for n in nodes:  # parents come before children
            if n.retired and not self.show_retired:
                continue
            parent = self._by_id.get(n.parent_id, self._root) if n.parent_id else self._root
            item = _Item(n, parent)
            parent.children.append(item)
            self._by_id[n.id] = item
        self.endResetModel()

    def node(self, index: QModelIndex) -> CodeNode | None:
        item = index.internalPointer() if index.isValid() else None
        return item.node if item is not None else None

    def index_of(self, theme_id: int) -> QModelIndex:
        item = self._by_id.get(theme_id)
        if item is None:
            return QModelIndex()
        return self.createIndex(item.row(), 0, item)

    # ------------------------------------------------------------------ structure

    def index(self, row: int, column: int, parent: QModelIndex = QModelIndex()) -> QModelIndex:  # noqa: B008
        if column < 0 or column >= len(COLUMNS) or row < 0:
            return QModelIndex()
        p = parent.internalPointer() if parent.isValid() else self._root
        if parent.isValid() and parent.column() != 0:
            return QModelIndex()
        if row >= len(p.children):
            return QModelIndex()
        return self.createIndex(row, column, p.children[row])

    def parent(self, index: QModelIndex = QModelIndex()) -> QModelIndex:  # noqa: B008
        if not index.isValid():
            return QModelIndex()
        item: _Item = index.internalPointer()
        p = item.parent
        if p is None or p is self._root:
            return QModelIndex()
        return self.createIndex(p.row(), 0, p)

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid() and parent.column() != 0:
            return 0
        p = parent.internalPointer() if parent.isValid() else self._root
        return len(p.children)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole \
                and 0 <= section < len(COLUMNS):
            return COLUMNS[section]
        return None

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        n: CodeNode = index.internalPointer().node
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                if n.merged_into_id:
                    target = self._by_id.get(n.merged_into_id)
                    name = target.node.name if target else "another theme"
                    return f"{n.name} (merged into {name})"
                return f"{n.name} (retired)" if n.retired else n.name
            return f"{(n.records, n.confirmed, n.total)[col - 1]:,}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{n.name}\n{n.description}\nCode: {n.slug}" if col == 0 else None
        if role == Qt.ItemDataRole.ForegroundRole and n.retired:
            return QBrush(QColor("#888888"))
        if role == Qt.ItemDataRole.FontRole and n.retired and col == 0:
            f = QFont()
            f.setItalic(True)
            return f
        if role == Qt.ItemDataRole.TextAlignmentRole and col > 0:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == NODE_ROLE:
            return n
        if role == Qt.ItemDataRole.UserRole:
            return n.id
        return None

    # ------------------------------------------------------------------ drag and drop

    def flags(self, index: QModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.ItemIsDropEnabled if self.editable else Qt.ItemFlag.NoItemFlags
        f = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        n: CodeNode = index.internalPointer().node
        if self.editable and not n.retired:
            f |= Qt.ItemFlag.ItemIsDragEnabled | Qt.ItemFlag.ItemIsDropEnabled
        return f

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [MIME]

    def mimeData(self, indexes: list[QModelIndex]) -> QMimeData:
        data = QMimeData()
        ids = sorted({self.node(ix).id for ix in indexes if ix.isValid()})
        if ids:
            data.setData(MIME, QByteArray(str(ids[0]).encode()))
        return data

    def canDropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int,
                        parent: QModelIndex) -> bool:
        if not self.editable or not data.hasFormat(MIME):
            return False
        try:
            tid = int(bytes(data.data(MIME)).decode())
        except ValueError:
            return False
        target = self.node(parent)
        if target is None:
            return True
        if target.retired:
            return False
        # not onto itself or its own sub-themes
        item = self._by_id.get(target.id)
        while item is not None and item.node is not None:
            if item.node.id == tid:
                return False
            item = item.parent
        return True

    def dropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int,
                     parent: QModelIndex) -> bool:
        if not self.canDropMimeData(data, action, row, column, parent):
            return False
        tid = int(bytes(data.data(MIME)).decode())
        target = self.node(parent)
        new_parent = target.id if target is not None else None
        current = self._by_id.get(tid)
        if current is not None and current.node.parent_id == new_parent:
            return False
        self.move_requested.emit(tid, new_parent)
        # False: the view must not remove the dragged row itself; the page reloads the tree
        # from the database once the move is saved.
        return False
