"""A five-face rating for children and young people: big, touch-friendly, drawn (not emoji, so
it looks the same on every machine), usable with the keyboard (1-5, arrows) and by screen readers.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QKeyEvent, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QAbstractButton, QButtonGroup, QHBoxLayout, QWidget

FACE_LABELS = {1: "Very unhappy", 2: "Unhappy", 3: "Okay", 4: "Happy", 5: "Very happy"}
FACE_COLOURS = {1: "#d64545", 2: "#ee8a3c", 3: "#f2c230", 4: "#8cc152", 5: "#3aa655"}


class FaceButton(QAbstractButton):
    def __init__(self, value: int, size: int = 72, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.value = value
        self._size = size
        self.setCheckable(True)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setToolTip(f"{FACE_LABELS[value]} ({value})")
        self.setAccessibleName(FACE_LABELS[value])
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)

    def sizeHint(self) -> QSize:
        return QSize(self._size, self._size + 22)

    def minimumSizeHint(self) -> QSize:
        return QSize(48, 64)

    def paintEvent(self, _event) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        side = min(self.width(), self.height() - 20) - 8
        side = max(side, 20)
        x = (self.width() - side) / 2
        rect = QRectF(x, 4, side, side)
        colour = QColor(FACE_COLOURS[self.value])
        checked = self.isChecked()
        if not checked:
            colour.setAlpha(110)
        if checked:
            p.setPen(QPen(QColor("#1f3b73"), 4))
        else:
            p.setPen(QPen(QColor("#666666"), 1.5))
        p.setBrush(colour)
        p.drawEllipse(rect)
        # eyes
        p.setBrush(QColor("#222222"))
        p.setPen(Qt.PenStyle.NoPen)
        eye = side * 0.08
        for ex in (0.35, 0.65):
            p.drawEllipse(QPointF(rect.left() + side * ex, rect.top() + side * 0.38), eye, eye)
        # mouth: a curve from frown (1) to big smile (5)
        curve = (self.value - 3) * 0.12  # -0.24 .. +0.24 of the face
        left = QPointF(rect.left() + side * 0.28, rect.top() + side * 0.68)
        right = QPointF(rect.left() + side * 0.72, rect.top() + side * 0.68)
        ctrl = QPointF(rect.center().x(), rect.top() + side * (0.68 + curve))
        path = QPainterPath(left)
        path.quadTo(ctrl, right)
        p.setPen(QPen(QColor("#222222"), max(2.0, side * 0.05), Qt.PenStyle.SolidLine,
                      Qt.PenCapStyle.RoundCap))
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawPath(path)
        # label
        p.setPen(QColor("#1f3b73") if checked else self.palette().windowText().color())
        font = p.font()
        font.setPointSizeF(max(font.pointSizeF(), 11.0))
        font.setBold(checked)
        p.setFont(font)
        p.drawText(QRectF(0, side + 6, self.width(), self.height() - side - 6),
                   Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop,
                   FACE_LABELS[self.value])
        p.end()


class FaceRating(QWidget):
    """value(): 1-5 or None. Click a chosen face again to clear it."""

    changed = Signal(object)  # int | None

    def __init__(self, size: int = 72, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("faceRating")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName("How do you feel? Five faces from very unhappy to very happy")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        self.group = QButtonGroup(self)
        self.group.setExclusive(False)
        self.buttons: dict[int, FaceButton] = {}
        for v in range(1, 6):
            b = FaceButton(v, size)
            b.setObjectName(f"face{v}")
            self.group.addButton(b, v)
            self.buttons[v] = b
            layout.addWidget(b)
        self.group.idClicked.connect(self._clicked)
        self._value: int | None = None

    def _clicked(self, v: int) -> None:
        self.set_value(None if self._value == v else v)

    def value(self) -> int | None:
        return self._value

    def set_value(self, value: int | None) -> None:
        if value is not None and value not in self.buttons:
            value = None
        changed = value != self._value
        self._value = value
        for v, b in self.buttons.items():
            b.setChecked(v == value)
            b.update()
        if changed:
            self.changed.emit(value)

    def clear(self) -> None:
        self.set_value(None)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if Qt.Key.Key_1 <= key <= Qt.Key.Key_5:
            self.set_value(key - Qt.Key.Key_0)
        elif key in (Qt.Key.Key_Right, Qt.Key.Key_Up):
            self.set_value(min(5, (self._value or 0) + 1))
        elif key in (Qt.Key.Key_Left, Qt.Key.Key_Down):
            self.set_value(max(1, (self._value or 2) - 1))
        elif key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace, Qt.Key.Key_0):
            self.set_value(None)
        else:
            super().keyPressEvent(event)

    def paintEvent(self, event) -> None:
        super().paintEvent(event)
        if self.hasFocus():
            p = QPainter(self)
            p.setPen(QPen(QColor("#1f3b73"), 2, Qt.PenStyle.DotLine))
            p.drawRect(self.rect().adjusted(1, 1, -2, -2))
            p.end()
