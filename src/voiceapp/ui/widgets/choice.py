"""Small input widgets shared by the forms: an explicit Yes/No answer with no default (consent is
never assumed), and a combo box over service reference options with an empty first entry."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QHBoxLayout,
    QRadioButton,
    QSizePolicy,
    QWidget,
)


class YesNoChoice(QWidget):
    """Tri-state: value() is None until the user picks Yes or No."""

    changed = Signal(object)  # bool | None

    def __init__(self, yes: str = "Yes", no: str = "No", parent: QWidget | None = None,
                 large: bool = False) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.yes = QRadioButton(yes)
        self.no = QRadioButton(no)
        self.yes.setObjectName("yes")
        self.no.setObjectName("no")
        if large:
            for b in (self.yes, self.no):
                b.setStyleSheet("QRadioButton { font-size: 15pt; padding: 6px 14px; }"
                                "QRadioButton::indicator { width: 26px; height: 26px; }")
        self.group = QButtonGroup(self)
        self.group.addButton(self.yes, 1)
        self.group.addButton(self.no, 0)
        layout.addWidget(self.yes)
        layout.addWidget(self.no)
        layout.addStretch(1)
        self.group.idToggled.connect(self._toggled)

    def _toggled(self, _id: int, checked: bool) -> None:
        if checked:
            self.changed.emit(self.value())

    def value(self) -> bool | None:
        if self.yes.isChecked():
            return True
        if self.no.isChecked():
            return False
        return None

    def set_value(self, value: bool | None) -> None:
        if value is None:
            self.clear()
        elif value:
            self.yes.setChecked(True)
        else:
            self.no.setChecked(True)

    def clear(self) -> None:
        # An exclusive group refuses to uncheck its last button; lift that briefly.
        self.group.setExclusive(False)
        self.yes.setChecked(False)
        self.no.setChecked(False)
        self.group.setExclusive(True)
        self.changed.emit(None)

    def focus_first(self) -> None:
        self.yes.setFocus(Qt.FocusReason.OtherFocusReason)


class OptionCombo(QComboBox):
    """A combo over (id, label) options. The first entry is `empty` with data None."""

    value_changed = Signal(object)

    def __init__(self, empty: str = "— choose —", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._empty = empty
        self.setMinimumContentsLength(14)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        # Grow with the form so long labels ("SEND casework and EHC plans") are readable.
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.currentIndexChanged.connect(lambda _i: self.value_changed.emit(self.value()))
        self.set_options(())

    def set_options(self, options: Iterable[tuple[object, str]]) -> None:
        current = self.value() if self.count() else None
        self.blockSignals(True)
        self.clear()
        self.addItem(self._empty, None)
        for value, label in options:
            self.addItem(label, value)
        self.blockSignals(False)
        self.set_value(current, emit=False)

    def value(self):
        return self.currentData()

    def set_value(self, value, emit: bool = True) -> None:
        i = self.findData(value) if value is not None else 0
        if not emit:
            self.blockSignals(True)
        self.setCurrentIndex(max(0, i))
        if not emit:
            self.blockSignals(False)
