"""A layout that places items left to right and wraps onto more rows when the window is narrow
(the Qt "Flow Layout" example), so the filter bar stays usable at 125% and 150% scaling and on
small laptop screens instead of forcing the window wider than the screen."""

from __future__ import annotations

from PySide6.QtCore import QMargins, QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QLayout, QLayoutItem, QWidget


class FlowLayout(QLayout):
    def __init__(self, parent: QWidget | None = None, spacing: int = 8) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._spacing = spacing
        self.setContentsMargins(QMargins(0, 0, 0, 0))

    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._do_layout(QRect(0, 0, width, 0), test_only=True)

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._do_layout(rect, test_only=False)

    def sizeHint(self) -> QSize:
        return self.minimumSize()

    def minimumSize(self) -> QSize:
        size = QSize()
        for item in self._items:
            size = size.expandedTo(item.minimumSize())
        m = self.contentsMargins()
        return size + QSize(m.left() + m.right(), m.top() + m.bottom())

    def _do_layout(self, rect: QRect, test_only: bool) -> int:
        m = self.contentsMargins()
        area = rect.adjusted(m.left(), m.top(), -m.right(), -m.bottom())
        x, y, line_height = area.x(), area.y(), 0
        # Items on a row share the spare width, so a wide window has no ragged gap at the end.
        rows: list[list[tuple[QLayoutItem, QSize]]] = [[]]
        for item in self._items:
            hint = item.sizeHint()
            next_x = x + hint.width() + self._spacing
            if next_x - self._spacing > area.right() + 1 and line_height > 0:
                x, y = area.x(), y + line_height + self._spacing
                next_x = x + hint.width() + self._spacing
                line_height = 0
                rows.append([])
            rows[-1].append((item, hint))
            x = next_x
            line_height = max(line_height, hint.height())
        if not test_only:
            y = area.y()
            for row in rows:
                if not row:
                    continue
                used = sum(h.width() for _, h in row) + self._spacing * (len(row) - 1)
                last = row is rows[-1] and len(rows) > 1
                extra = 0 if last else max(0, area.width() - used) // len(row)
                x = area.x()
                height = max(h.height() for _, h in row)
                for item, hint in row:
                    width = hint.width() + extra
                    item.setGeometry(QRect(QPoint(x, y), QSize(width, hint.height())))
                    x += width + self._spacing
                y += height + self._spacing
        return y + line_height - rect.y() + m.bottom()
