"""Choose one item for a bulk action on the selected records (a theme, a service area, a You
Said, We Did action): a list with a type-to-filter box, usable entirely by keyboard."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)


class BulkPickDialog(QDialog):
    def __init__(self, title: str, prompt: str, options: Sequence[tuple[object, str]],
                 parent: QWidget | None = None, ok_text: str = "Apply",
                 allow_none: str | None = None) -> None:
        """`allow_none`: label of an extra first entry meaning "none" (value None)."""
        super().__init__(parent)
        self.setObjectName("bulkPickDialog")
        self.setWindowTitle(title)
        self.resize(520, 520)
        layout = QVBoxLayout(self)
        label = QLabel(prompt)
        label.setWordWrap(True)
        layout.addWidget(label)
        self.filter = QLineEdit()
        self.filter.setObjectName("bulkFilter")
        self.filter.setPlaceholderText("Type to filter…")
        self.filter.setClearButtonEnabled(True)
        layout.addWidget(self.filter)
        self.list = QListWidget()
        self.list.setObjectName("bulkList")
        self._none = object()
        if allow_none is not None:
            item = QListWidgetItem(allow_none)
            item.setData(Qt.ItemDataRole.UserRole, self._none)
            self.list.addItem(item)
        for value, text in options:
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, value)
            self.list.addItem(item)
        layout.addWidget(self.list, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok |
                                   QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(ok_text)
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.filter.textChanged.connect(self._filter)
        self.filter.returnPressed.connect(self._accept)
        self.list.itemDoubleClicked.connect(lambda _i: self._accept())
        self.list.currentRowChanged.connect(lambda r: self.ok.setEnabled(r >= 0))
        if self.list.count():
            self.list.setCurrentRow(0)
        self.ok.setEnabled(self.list.currentRow() >= 0)

    def _filter(self, text: str) -> None:
        text = text.strip().lower()
        first = None
        for i in range(self.list.count()):
            item = self.list.item(i)
            hide = bool(text) and text not in item.text().lower()
            item.setHidden(hide)
            if not hide and first is None:
                first = i
        if first is not None:
            self.list.setCurrentRow(first)

    def _accept(self) -> None:
        item = self.list.currentItem()
        if item is not None and not item.isHidden():
            self.accept()

    def value(self):
        item = self.list.currentItem()
        if item is None:
            return None
        value = item.data(Qt.ItemDataRole.UserRole)
        return None if value is self._none else value

    def chose_none(self) -> bool:
        item = self.list.currentItem()
        return item is not None and item.data(Qt.ItemDataRole.UserRole) is self._none
