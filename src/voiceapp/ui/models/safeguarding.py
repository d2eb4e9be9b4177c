"""Table model of safeguarding flags (open ones, oldest first; or recent decisions)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from voiceapp.services.safeguarding import DECISION_LABELS, FlagItem

from .feedback_table import kind_label

ITEM_ROLE = Qt.ItemDataRole.UserRole + 1
OPEN_COLUMNS = ("Waiting", "Record", "Received", "Kind", "Service area", "Why flagged",
                "What they said")
DECIDED_COLUMNS = ("Decided", "Record", "Decision", "By", "Reference or reason", "Why flagged")


class SafeguardingModel(QAbstractTableModel):
    def __init__(self, decided: bool = False, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.decided = decided
        self._items: list[FlagItem] = []

    @property
    def columns(self) -> tuple[str, ...]:
        return DECIDED_COLUMNS if self.decided else OPEN_COLUMNS

    def set_items(self, items: list[FlagItem]) -> None:
        self.beginResetModel()
        self._items = list(items)
        self.endResetModel()

    def item(self, row: int) -> FlagItem:
        return self._items[row]

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._items)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole \
                and 0 <= section < len(self.columns):
            return self.columns[section]
        return None

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._items):
            return None
        it = self._items[index.row()]
        col = index.column()
        if role == ITEM_ROLE:
            return it
        if role == Qt.ItemDataRole.UserRole:
            return it.review_id
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            values = self._decided_values(it) if self.decided else self._open_values(it)
            value = values[col]
            if role == Qt.ItemDataRole.DisplayRole and isinstance(value, str):
                return " ".join(value.split())
            return value
        if not self.decided and it.overdue:
            if role == Qt.ItemDataRole.ForegroundRole and col == 0:
                return QBrush(QColor("#a4161a"))
            if role == Qt.ItemDataRole.FontRole and col == 0:
                font = QFont()
                font.setBold(True)
                return font
        return None

    def _open_values(self, it: FlagItem) -> tuple:
        age = it.age_text + (" – overdue" if it.overdue else "")
        return (age, str(it.feedback_id), it.received_on.strftime("%d %b %Y"),
                kind_label(it.kind), it.service_area, "; ".join(it.reasons), it.text)

    def _decided_values(self, it: FlagItem) -> tuple:
        detail = it.referral_reference or it.decision_reason or ""
        return (it.decided_at.strftime("%d %b %Y %H:%M") if it.decided_at else "",
                str(it.feedback_id), DECISION_LABELS.get(it.decision or "", it.decision or ""),
                it.decided_by or "", detail, "; ".join(it.reasons))
