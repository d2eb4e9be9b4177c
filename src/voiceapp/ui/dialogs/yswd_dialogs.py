"""Dialogs for the You Said, We Did page: change status (with the history beside it), record
that people were told, link feedback records, compare two as-at dates, and resolve an edit
conflict. Each dialog only collects input; the page calls the services."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QDate, QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QIcon, QKeySequence, QPixmap, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from voiceapp.domain.enums import ActionStatus, ToldBackMethod
from voiceapp.services.actions import (
    METHOD_LABEL,
    STATUS_COLOURS,
    STATUS_LABEL,
    STATUS_MEANING,
    ActionDraft,
    ActionView,
    Direction,
    NotYetTold,
    StatusEntry,
    TrackerRow,
)

STATUS_MENU_ORDER = (ActionStatus.NOT_YET_DUE, ActionStatus.RED, ActionStatus.AMBER,
                     ActionStatus.GREEN, ActionStatus.BLUE, ActionStatus.COMPLETE)


def status_icon(status: ActionStatus, size: int = 14) -> QIcon:
    pix = QPixmap(size, size)
    pix.fill(QColor(STATUS_COLOURS[status][0]))
    return QIcon(pix)


def to_qdate(d: date) -> QDate:
    return QDate(d.year, d.month, d.day)


def from_qdate(q: QDate) -> date:
    return date(q.year(), q.month(), q.day())


def date_edit(value: date | None = None, object_name: str = "") -> QDateEdit:
    edit = QDateEdit()
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("dd/MM/yyyy")
    edit.setDate(to_qdate(value or date.today()))
    if object_name:
        edit.setObjectName(object_name)
    return edit


class RowsModel(QAbstractTableModel):
    """A read-only table over plain rows (tuples of display values). `colour(row, col)` may
    return (background, foreground) hex colours for a cell; `payload` keeps each row's object."""

    def __init__(self, headers: Sequence[str], parent=None,
                 colour: Callable[[Any, int], tuple[str, str] | None] | None = None) -> None:
        super().__init__(parent)
        self.headers = list(headers)
        self.rows: list[tuple] = []
        self.payload: list[Any] = []
        self.colour = colour

    def set_rows(self, rows: Sequence[tuple], payload: Sequence[Any] | None = None) -> None:
        self.beginResetModel()
        self.rows = [tuple(r) for r in rows]
        self.payload = list(payload) if payload is not None else list(rows)
        self.endResetModel()

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers)

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self.rows)):
            return None
        value = self.rows[index.row()][index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return "" if value is None else str(value)
        if role in (Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ForegroundRole) \
                and self.colour is not None:
            pair = self.colour(self.payload[index.row()], index.column())
            if pair:
                hex_ = pair[0] if role == Qt.ItemDataRole.BackgroundRole else pair[1]
                return QBrush(QColor(hex_))
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal \
                and 0 <= section < len(self.headers):
            return self.headers[section]
        return None


def rows_view(model: QAbstractTableModel, object_name: str, stretch: int = -1) -> QTableView:
    view = QTableView()
    view.setObjectName(object_name)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.verticalHeader().setVisible(False)
    view.setWordWrap(True)
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    if stretch >= 0:
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    else:
        header.setStretchLastSection(True)
    return view


def status_colour(status: ActionStatus | None) -> tuple[str, str] | None:
    return STATUS_COLOURS[status] if status is not None else None


# --------------------------------------------------------------------------- status


class StatusDialog(QDialog):
    """Choose a status and its as-at date; the history so far is listed (it is never changed:
    the new status is added to it)."""

    def __init__(self, action: ActionView, history: Sequence[StatusEntry],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("statusDialog")
        self.setWindowTitle(f"Change the status of {action.reference}")
        self.resize(640, 480)
        layout = QVBoxLayout(self)
        intro = QLabel("The new status is added to the history with its as-at date. "
                       "Earlier entries are kept as they are.")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.status = QComboBox()
        self.status.setObjectName("statusChoice")
        for st in STATUS_MENU_ORDER:
            self.status.addItem(status_icon(st), f"{STATUS_LABEL[st]} \u2013 {STATUS_MEANING[st]}",
                                st.value)
        self.status.setCurrentIndex(STATUS_MENU_ORDER.index(action.status))
        self.as_at = date_edit(date.today(), "statusAsAt")
        self.comment = QLineEdit()
        self.comment.setObjectName("statusComment")
        self.comment.setPlaceholderText("Why, in a sentence (optional)")
        form.addRow("&Status", self.status)
        form.addRow("&As at", self.as_at)
        form.addRow("&Comment", self.comment)
        layout.addLayout(form)
        box = QGroupBox("History (oldest first)")
        inner = QVBoxLayout(box)
        self.history_model = RowsModel(["As at", "Status", "Comment", "Set by", "Recorded"],
                                       self, colour=lambda e, c: status_colour(e.status)
                                       if c == 1 else None)
        self.history_model.set_rows(
            [(f"{e.as_at:%d/%m/%Y}", STATUS_LABEL[e.status], e.comment, e.set_by,
              f"{e.set_at:%d/%m/%Y %H:%M}") for e in history], history)
        self.history_view = rows_view(self.history_model, "statusHistoryInDialog", 2)
        inner.addWidget(self.history_view)
        layout.addWidget(box, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Add status")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.status.setFocus()

    def values(self) -> tuple[ActionStatus, date, str]:
        return (ActionStatus(self.status.currentData()), from_qdate(self.as_at.date()),
                self.comment.text().strip())


# --------------------------------------------------------------------------- told back


class ToldBackDialog(QDialog):
    """Record that people were told: date, how, a note, and for direct contact the people
    (chosen from those who agreed to be contacted and have not been told yet)."""

    def __init__(self, reference: str, waiting: Sequence[NotYetTold],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("toldBackDialog")
        self.setWindowTitle(f"Record telling people about {reference}")
        self.resize(660, 500)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.told_on = date_edit(date.today(), "toldOn")
        self.told_on.setMaximumDate(to_qdate(date.today()))
        self.method = QComboBox()
        self.method.setObjectName("toldMethod")
        for m in ToldBackMethod:
            self.method.addItem(METHOD_LABEL[m], m.value)
        self.note = QLineEdit()
        self.note.setObjectName("toldNote")
        self.note.setPlaceholderText("For example: autumn newsletter, or \u201cphoned, left a "
                                     "message\u201d")
        form.addRow("&Date told", self.told_on)
        form.addRow("&How", self.method)
        form.addRow("&Note", self.note)
        layout.addLayout(form)
        self.people_box = QGroupBox("People contacted directly")
        inner = QVBoxLayout(self.people_box)
        self.people_hint = QLabel()
        self.people_hint.setWordWrap(True)
        inner.addWidget(self.people_hint)
        self.people_model = RowsModel(["Record", "Received", "Name", "Contact"], self)
        self.people_model.set_rows(
            [(w.feedback_id, f"{w.received_on:%d/%m/%Y}", w.respondent_name or "\u2013",
              w.respondent_contact or "\u2013") for w in waiting], list(waiting))
        self.people = rows_view(self.people_model, "toldPeople", 3)
        self.people.setSelectionMode(QAbstractItemView.SelectionMode.MultiSelection)
        inner.addWidget(self.people)
        layout.addWidget(self.people_box, 1)
        self.error = QLabel()
        self.error.setObjectName("toldError")
        self.error.setStyleSheet("color: #B3261E;")
        self.error.setWordWrap(True)
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Record")
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.method.currentIndexChanged.connect(self._method_changed)
        self._method_changed()

    def _method_changed(self) -> None:
        m = ToldBackMethod(self.method.currentData())
        if m == ToldBackMethod.INDIVIDUAL:
            self.people_hint.setText("Choose the people you contacted (click to select several).")
        elif m == ToldBackMethod.LETTER:
            self.people_hint.setText("Choose the people you wrote to, or none for a general "
                                     "letter to everyone who raised it.")
        else:
            self.people_hint.setText("A newsletter or event tells everyone who raised it. "
                                     "Choose people only if you spoke to them there.")
        if not self.people_model.rows:
            self.people_hint.setText(self.people_hint.text() + " Nobody who agreed to be "
                                     "contacted is waiting to be told.")

    def selected_ids(self) -> list[int]:
        rows = sorted({i.row() for i in self.people.selectionModel().selectedRows()})
        return [self.people_model.payload[r].feedback_id for r in rows]

    def values(self) -> tuple[date, ToldBackMethod, list[int], str]:
        return (from_qdate(self.told_on.date()), ToldBackMethod(self.method.currentData()),
                self.selected_ids(), self.note.text().strip())

    def _accept(self) -> None:
        if ToldBackMethod(self.method.currentData()) == ToldBackMethod.INDIVIDUAL \
                and not self.selected_ids():
            self.error.setText("Individual contact needs the people you contacted: choose "
                               "them in the list.")
            return
        self.accept()


# --------------------------------------------------------------------------- link records


def parse_record_numbers(text: str) -> list[int]:
    """'12, 15 20-23' -> [12, 15, 20, 21, 22, 23]. Raises ValueError in plain English."""
    out: list[int] = []
    for part in re.split(r"[,\s;]+", text.strip()):
        if not part:
            continue
        m = re.fullmatch(r"(\d+)\s*-\s*(\d+)", part) or re.fullmatch(r"(\d+)", part)
        if not m:
            raise ValueError(f"\u201c{part}\u201d is not a record number.")
        lo = int(m.group(1))
        hi = int(m.group(2)) if m.lastindex == 2 else lo
        if hi < lo or hi - lo > 1000:
            raise ValueError(f"\u201c{part}\u201d is not a sensible range.")
        out.extend(range(lo, hi + 1))
    return sorted(set(out))


class LinkRecordsDialog(QDialog):
    """Type or paste record numbers to link (the Feedback page can also send a selection)."""

    def __init__(self, reference: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("linkRecordsDialog")
        self.setWindowTitle(f"Link feedback records to {reference}")
        layout = QVBoxLayout(self)
        hint = QLabel("Record numbers, separated by commas or spaces. Ranges like 120-125 work. "
                      "You can also select records on the Feedback page and choose "
                      "\u201cAdd to a You Said, We Did action\u201d.")
        hint.setWordWrap(True)
        layout.addWidget(hint)
        self.numbers = QLineEdit()
        self.numbers.setObjectName("recordNumbers")
        layout.addWidget(self.numbers)
        self.error = QLabel()
        self.error.setStyleSheet("color: #B3261E;")
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Link")
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.ids: list[int] = []

    def _accept(self) -> None:
        try:
            self.ids = parse_record_numbers(self.numbers.text())
        except ValueError as exc:
            self.error.setText(f"{exc} Use whole numbers, like 1203, 1207.")
            return
        if not self.ids:
            self.error.setText("Type at least one record number.")
            return
        self.accept()


# --------------------------------------------------------------------------- direction


DIRECTION_COLOURS = {Direction.IMPROVED: ("#E3F1E6", "#14532D"),
                     Direction.COMPLETED: ("#E3ECF8", "#1D3F73"),
                     Direction.DETERIORATED: ("#F9E1DF", "#7F1D1D"),
                     Direction.SAME: ("#F1F1F1", "#1A1A1A"), Direction.NEW: ("#F1F1F1", "#1A1A1A")}


class DirectionDialog(QDialog):
    """Compare the tracker at two as-at dates: improved, same, deteriorated, new, completed."""

    def __init__(self, dates: Sequence[date], load: Callable[[date, date], None],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("directionDialog")
        self.setWindowTitle("Direction of travel between two as-at dates")
        self.resize(980, 560)
        self._load = load
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.earlier = QComboBox()
        self.earlier.setObjectName("directionFrom")
        self.later = QComboBox()
        self.later.setObjectName("directionTo")
        for d in dates:
            self.earlier.addItem(f"{d:%d/%m/%Y}", d)
            self.later.addItem(f"{d:%d/%m/%Y}", d)
        if len(dates) > 1:
            self.earlier.setCurrentIndex(1)
        bar.addWidget(QLabel("&From"))
        bar.itemAt(0).widget().setBuddy(self.earlier)
        bar.addWidget(self.earlier)
        to_label = QLabel("&to")
        to_label.setBuddy(self.later)
        bar.addWidget(to_label)
        bar.addWidget(self.later)
        self.compare = QPushButton("&Compare")
        self.compare.setObjectName("directionCompare")
        bar.addWidget(self.compare)
        bar.addStretch(1)
        layout.addLayout(bar)
        self.summary = QLabel()
        self.summary.setObjectName("directionSummary")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.model = RowsModel(["Ref", "You said", "Owner", "Was", "Now", "Direction"], self,
                               colour=self._colour)
        self.view = rows_view(self.model, "directionTable", 1)
        layout.addWidget(self.view, 1)
        legend = QLabel("Order, worst to best: Red, Amber, Not yet due, Green, Blue, Complete. "
                        "Moving into Blue or Complete counts as Completed; an action with no "
                        "status at the earlier date is New.")
        legend.setWordWrap(True)
        legend.setStyleSheet("color: palette(mid);")
        layout.addWidget(legend)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout.addWidget(close)
        self.compare.clicked.connect(self._compare)
        if not dates:
            self.summary.setText("There is no status history yet, so there is nothing to "
                                 "compare. Set a status on an action first.")
            self.compare.setEnabled(False)

    @staticmethod
    def _colour(row: TrackerRow, col: int) -> tuple[str, str] | None:
        if col == 3:
            return status_colour(row.previous_status)
        if col == 4:
            return status_colour(row.status)
        if col == 5 and row.direction is not None:
            return DIRECTION_COLOURS[row.direction]
        return None

    def _compare(self) -> None:
        a, b = self.earlier.currentData(), self.later.currentData()
        if a >= b:
            self.summary.setText("Choose an earlier \u201cfrom\u201d date than the "
                                 "\u201cto\u201d date.")
            return
        self.summary.setText("Comparing\u2026")
        self._load(a, b)

    def show_rows(self, rows: Sequence[TrackerRow], counts: dict[Direction, int]) -> None:
        self.model.set_rows(
            [(r.reference, r.said_summary, r.owner_role,
              STATUS_LABEL[r.previous_status] if r.previous_status else "\u2013",
              STATUS_LABEL[r.status], f"{r.direction.arrow} {r.direction.label}"
              if r.direction else "") for r in rows], rows)
        parts = [f"{counts.get(d, 0)} {d.label.lower()}" for d in
                 (Direction.IMPROVED, Direction.SAME, Direction.DETERIORATED,
                  Direction.COMPLETED, Direction.NEW)]
        self.summary.setText(f"{len(rows)} actions: " + ", ".join(parts) + ".")


# --------------------------------------------------------------------------- conflict


class ActionConflictDialog(QDialog):
    """Someone else saved the action first: show their version beside yours. The user keeps
    editing (their own text stays in the editor) or takes the saved version."""

    KEEP, TAKE_THEIRS = 1, 2

    def __init__(self, theirs: ActionView | None, yours: ActionDraft | Any,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("actionConflictDialog")
        self.setWindowTitle("Someone else saved this action first")
        self.resize(820, 460)
        self.choice = self.KEEP
        layout = QVBoxLayout(self)
        ref = theirs.reference if theirs else "This action"
        intro = QLabel(f"<b>{ref}</b> was changed and saved by someone else after you opened "
                       "it. Your changes have <b>not</b> been saved. Compare the two versions.")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        grid = QGridLayout()
        bold = QFont()
        bold.setBold(True)
        for col, title in ((1, "Saved by someone else"), (2, "Yours (not saved)")):
            label = QLabel(title)
            label.setFont(bold)
            grid.addWidget(label, 0, col)
        fields = [("You said", "said_summary"), ("We did", "we_did"), ("Owner", "owner_role"),
                  ("Partners", "partners"), ("Due", "due_on"), ("Publish", "publish")]
        for row, (label, name) in enumerate(fields, start=1):
            grid.addWidget(QLabel(label), row, 0)
            for col, source in ((1, theirs), (2, yours)):
                value = getattr(source, name, "") if source is not None else ""
                if isinstance(value, date):
                    value = f"{value:%d/%m/%Y}"
                box = QPlainTextEdit(str(value if value is not None else ""))
                box.setReadOnly(True)
                box.setMaximumHeight(60)
                mine = source is yours and theirs is not None and \
                    getattr(theirs, name, None) != getattr(yours, name, None)
                if mine:
                    box.setStyleSheet("background: #FFF4D6;")
                grid.addWidget(box, row, col)
        layout.addLayout(grid, 1)
        buttons = QDialogButtonBox()
        keep = buttons.addButton("Keep my changes in the editor",
                                 QDialogButtonBox.ButtonRole.RejectRole)
        take = buttons.addButton("Use the saved version (discard mine)",
                                 QDialogButtonBox.ButtonRole.AcceptRole)
        keep.setObjectName("conflictKeep")
        take.setObjectName("conflictTakeTheirs")
        keep.clicked.connect(self._keep)
        take.clicked.connect(self._take)
        layout.addWidget(buttons)
        QShortcut(QKeySequence.StandardKey.Cancel, self, activated=self._keep)

    def _keep(self) -> None:
        self.choice = self.KEEP
        self.reject()

    def _take(self) -> None:
        self.choice = self.TAKE_THEIRS
        self.accept()
