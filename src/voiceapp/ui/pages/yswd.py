"""You Said, We Did: the action list, the action editor, status history, progress notes, linked
records and themes, telling people back, direction of travel, and the two documents.

Keyboard: Ctrl+N new action, Ctrl+S save, Ctrl+T change status, Ctrl+Enter add a note, F5
refresh, Ctrl+F search. Every service call runs in the background (ctx.run); results are
matched to the action still on screen, so a slow answer never overwrites a newer one."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QSignalBlocker, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from voiceapp.domain.enums import ActionStatus
from voiceapp.errors import ConcurrentEditError
from voiceapp.services import actions as svc
from voiceapp.services import yswd_documents as docs
from voiceapp.services.actions import (
    METHOD_LABEL,
    STATUS_COLOURS,
    STATUS_LABEL,
    STATUS_MEANING,
    ActionDetail,
    ActionDraft,
    ActionView,
)

from ..context import UiContext
from ..dialogs.yswd_dialogs import (
    STATUS_MENU_ORDER,
    ActionConflictDialog,
    DirectionDialog,
    LinkRecordsDialog,
    RowsModel,
    StatusDialog,
    ToldBackDialog,
    date_edit,
    from_qdate,
    rows_view,
    status_icon,
    to_qdate,
)

OVERDUE_INK = "#B3261E"
DUE_SOON_INK = "#8A5A00"


# --------------------------------------------------------------------------- list model


class ActionTableModel(QAbstractTableModel):
    """The action list. Status cells carry the colour AND the word; overdue and due-soon
    actions say so in the Due column, in colour and in words. UserRole gives sortable values."""

    HEADERS = ("Ref", "Status", "Due", "You said", "Owner", "Records", "Told")
    REF, STATUS, DUE, SAID, OWNER, RECORDS, TOLD = range(7)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.actions: list[ActionView] = []

    def set_actions(self, actions: Sequence[ActionView]) -> None:
        self.beginResetModel()
        self.actions = list(actions)
        self.endResetModel()

    def action_at(self, row: int) -> ActionView | None:
        return self.actions[row] if 0 <= row < len(self.actions) else None

    def row_of(self, action_id: int) -> int:
        return next((i for i, a in enumerate(self.actions) if a.id == action_id), -1)

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.actions)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal \
                and 0 <= section < len(self.HEADERS):
            return self.HEADERS[section]
        return None

    @staticmethod
    def due_text(a: ActionView) -> str:
        if a.due_on is None:
            return "No date"
        text = f"{a.due_on:%d/%m/%Y}"
        if a.overdue:
            return f"{text} \u2013 Overdue"
        if a.due_soon:
            return f"{text} \u2013 Due soon"
        return text

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self.actions)):
            return None
        a, col = self.actions[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return {self.REF: a.reference, self.SAID: a.said_summary, self.OWNER: a.owner_role,
                    self.DUE: self.due_text(a), self.STATUS: STATUS_LABEL[a.status],
                    self.RECORDS: f"{a.record_count:,}",
                    self.TOLD: "Yes" if a.told_back_count else "Not yet"}[col]
        if role == Qt.ItemDataRole.UserRole:
            return {self.REF: a.reference, self.SAID: a.said_summary.lower(),
                    self.OWNER: a.owner_role.lower(),
                    self.DUE: a.due_on.toordinal() if a.due_on else 10**7,
                    self.STATUS: svc.STATUS_RANK[a.status], self.RECORDS: a.record_count,
                    self.TOLD: a.told_back_count}[col]
        if role == Qt.ItemDataRole.ToolTipRole:
            if col == self.STATUS:
                return f"{STATUS_LABEL[a.status]}: {STATUS_MEANING[a.status]}" + (
                    f" (as at {a.status_as_at:%d/%m/%Y})" if a.status_as_at else "")
            if col == self.SAID:
                return f"You said: {a.said_summary}\nWe did: {a.we_did}"
            if col == self.DUE and (a.overdue or a.due_soon):
                return ("Past its due date and not finished." if a.overdue else
                        f"Due within {svc.DUE_SOON_DAYS} days.")
            return None
        if role == Qt.ItemDataRole.BackgroundRole and col == self.STATUS:
            return QBrush(QColor(STATUS_COLOURS[a.status][0]))
        if role == Qt.ItemDataRole.ForegroundRole:
            if col == self.STATUS:
                return QBrush(QColor(STATUS_COLOURS[a.status][1]))
            if col == self.DUE and a.overdue:
                return QBrush(QColor(OVERDUE_INK))
            if col == self.DUE and a.due_soon:
                return QBrush(QColor(DUE_SOON_INK))
            return None
        if role == Qt.ItemDataRole.FontRole and (col == self.STATUS or (
                col == self.DUE and (a.overdue or a.due_soon))):
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (self.RECORDS,):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self.HEADERS):
            return
        self.layoutAboutToBeChanged.emit()
        before = self.persistentIndexList()
        ids = [(self.actions[i.row()].id, i.column()) if 0 <= i.row() < len(self.actions)
               else None for i in before]
        keys = {id(a): self.data(self.index(i, column), Qt.ItemDataRole.UserRole)
                for i, a in enumerate(self.actions)}
        keyed = sorted(self.actions, key=lambda a: (keys[id(a)], a.reference))
        if order == Qt.SortOrder.DescendingOrder:
            keyed.reverse()
        self.actions = keyed
        after = [self.index(self.row_of(x[0]), x[1]) if x else QModelIndex() for x in ids]
        self.changePersistentIndexList(before, after)
        self.layoutChanged.emit()


# --------------------------------------------------------------------------- the page


class YswdPage(QWidget):
    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("yswdPage")
        self.detail: ActionDetail | None = None
        self.editing_id: int | None = None  # None: a new action
        self.pending_feedback_ids: list[int] = []
        self.pending_theme_ids: list[int] = []
        self._select_after_load: int | None = None
        self._loading_detail_for: int | None = None
        self._dirty = False
        self._owners: list[str] = []
        self._build()
        self._shortcuts()
        ctx.data_changed.connect(self._data_changed)
        self._load_reference()
        self.refresh()

    # ------------------------------------------------------------------ layout

    def _build(self) -> None:
        outer = QVBoxLayout(self)
        title = QLabel("You Said, We Did")
        title.setStyleSheet("font-size: 16pt; font-weight: 600;")
        outer.addWidget(title)

        bar = QHBoxLayout()
        self.new_button = QPushButton("&New action")
        self.new_button.setObjectName("newAction")
        self.new_button.setToolTip("Ctrl+N")
        self.owner_filter = QComboBox()
        self.owner_filter.setObjectName("ownerFilter")
        self.owner_filter.setMinimumWidth(180)
        self.status_filter = QComboBox()
        self.status_filter.setObjectName("statusFilter")
        self.status_filter.addItem("All statuses", None)
        for st in STATUS_MENU_ORDER:
            self.status_filter.addItem(status_icon(st), STATUS_LABEL[st], st.value)
        self.due_filter = QComboBox()
        self.due_filter.setObjectName("dueFilter")
        for label, value in (("Any due date", None), ("Overdue", "overdue"),
                             ("Due in 28 days", "due_soon")):
            self.due_filter.addItem(label, value)
        self.search = QLineEdit()
        self.search.setObjectName("actionSearch")
        self.search.setPlaceholderText("Search actions (Ctrl+F)")
        self.search.setClearButtonEnabled(True)
        owner_label = QLabel("&Owner")
        owner_label.setBuddy(self.owner_filter)
        bar.addWidget(self.new_button)
        bar.addSpacing(12)
        bar.addWidget(owner_label)
        bar.addWidget(self.owner_filter)
        bar.addWidget(self.status_filter)
        bar.addWidget(self.due_filter)
        bar.addWidget(self.search, 1)
        self.direction_button = QPushButton("&Direction of travel\u2026")
        self.direction_button.setObjectName("directionButton")
        self.public_button = QPushButton("&Public summary\u2026")
        self.public_button.setObjectName("publicSummaryButton")
        self.tracker_button = QPushButton("&Board tracker\u2026")
        self.tracker_button.setObjectName("trackerButton")
        for b in (self.direction_button, self.public_button, self.tracker_button):
            bar.addWidget(b)
        outer.addLayout(bar)

        self.splitter = QSplitter()
        self.splitter.setObjectName("yswdSplitter")
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        self.model = ActionTableModel(self)
        self.table = QTableView()
        self.table.setObjectName("actionTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSortingEnabled(True)
        self.table.verticalHeader().setVisible(False)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(ActionTableModel.SAID, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(ActionTableModel.OWNER, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(ActionTableModel.OWNER, 140)
        self.empty = QLabel("No actions match. Press <b>New action</b> (Ctrl+N) to record what "
                            "people said and what you will do, or clear the filters.")
        self.empty.setObjectName("actionsEmpty")
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setStyleSheet("color: palette(mid); padding: 24px; font-size: 11pt;")
        self.count_label = QLabel()
        self.count_label.setObjectName("actionCount")
        left_layout.addWidget(self.table, 1)
        left_layout.addWidget(self.empty)
        left_layout.addWidget(self.count_label)
        self.splitter.addWidget(left)
        detail = self._build_detail()
        detail.setMinimumWidth(420)
        self.splitter.addWidget(detail)
        self.splitter.setStretchFactor(0, 5)
        self.splitter.setStretchFactor(1, 4)
        self.splitter.setSizes([840, 520])
        header.setSortIndicator(ActionTableModel.DUE, Qt.SortOrder.AscendingOrder)
        outer.addWidget(self.splitter, 1)
        self.message = QLabel()
        self.message.setObjectName("yswdMessage")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        outer.addWidget(self.message)

        self.new_button.clicked.connect(lambda: self.start_new())
        self.owner_filter.currentIndexChanged.connect(self.refresh)
        self.status_filter.currentIndexChanged.connect(self.refresh)
        self.due_filter.currentIndexChanged.connect(self.refresh)
        self.search.returnPressed.connect(self.refresh)
        self.search.textChanged.connect(lambda t: self.refresh() if not t else None)
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        self.direction_button.clicked.connect(self.open_direction)
        self.public_button.clicked.connect(lambda: self.make_document(tracker=False))
        self.tracker_button.clicked.connect(lambda: self.make_document(tracker=True))

    def _build_detail(self) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(6, 0, 0, 0)
        head = QHBoxLayout()
        self.heading = QLabel("Select an action on the left, or press New action.")
        self.heading.setObjectName("actionHeading")
        self.heading.setStyleSheet("font-size: 13pt; font-weight: 600;")
        self.heading.setWordWrap(True)
        self.status_badge = QLabel()
        self.status_badge.setObjectName("statusBadge")
        self.status_button = QPushButton("Change s&tatus\u2026")
        self.status_button.setObjectName("changeStatus")
        self.status_button.setToolTip("Ctrl+T")
        layout.addWidget(self.heading)
        head.addWidget(self.status_badge)
        head.addWidget(self.status_button)
        head.addStretch(1)
        layout.addLayout(head)
        self.banner = QLabel()
        self.banner.setObjectName("newActionBanner")
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet("background: #E4EEF2; padding: 6px; border-left: 4px solid "
                                  "#0B4F6C;")
        self.banner.hide()
        layout.addWidget(self.banner)

        self.tabs = QTabWidget()
        self.tabs.setObjectName("actionTabs")
        self.tabs.addTab(self._details_tab(), "&Details")
        self.tabs.addTab(self._history_tab(), "&History")
        self.tabs.addTab(self._notes_tab(), "Pro&gress")
        self.tabs.addTab(self._links_tab(), "&Linked")
        self.tabs.addTab(self._told_tab(), "Told &back")
        layout.addWidget(self.tabs, 1)
        self._set_detail_enabled(False)
        return box

    def _details_tab(self) -> QWidget:
        w = QWidget()
        form = QFormLayout(w)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.said = QPlainTextEdit()
        self.said.setObjectName("saidEdit")
        self.said.setPlaceholderText("What people told us, in one or two plain sentences")
        self.did = QPlainTextEdit()
        self.did.setObjectName("didEdit")
        self.did.setPlaceholderText("What we did, or will do")
        for edit in (self.said, self.did):
            edit.setTabChangesFocus(True)
            edit.setMinimumHeight(60)
            edit.setMaximumHeight(120)
        self.owner = QComboBox()
        self.owner.setObjectName("ownerEdit")
        self.owner.setEditable(True)
        self.owner.lineEdit().setPlaceholderText("The role that owns it, e.g. Head of SEND")
        self.partners = QLineEdit()
        self.partners.setObjectName("partnersEdit")
        due_row = QHBoxLayout()
        self.has_due = QCheckBox("Due by")
        self.has_due.setObjectName("hasDue")
        self.due = date_edit(date.today() + timedelta(days=90), "dueEdit")
        due_row.addWidget(self.has_due)
        due_row.addWidget(self.due)
        due_row.addStretch(1)
        self.area = QComboBox()
        self.area.setObjectName("areaEdit")
        self.impact = QPlainTextEdit()
        self.impact.setObjectName("impactEdit")
        self.impact.setPlaceholderText("What changed for families? Numbers help, e.g. "
                                       "\u201ccomplaints fell from 14 to 5 a quarter\u201d")
        self.impact.setTabChangesFocus(True)
        self.impact.setMinimumHeight(50)
        self.impact.setMaximumHeight(100)
        self.publish = QCheckBox("Include in the public \u201cYou Said, We Did\u201d summary")
        self.publish.setObjectName("publishEdit")
        form.addRow("You &said", self.said)
        form.addRow("We &did", self.did)
        form.addRow("&Owner", self.owner)
        form.addRow("&Partners", self.partners)
        form.addRow("Due", due_row)
        form.addRow("Service &area", self.area)
        form.addRow("&Evidence of impact", self.impact)
        form.addRow("", self.publish)
        buttons = QHBoxLayout()
        self.save_button = QPushButton("&Save")
        self.save_button.setObjectName("saveAction")
        self.save_button.setToolTip("Ctrl+S")
        self.revert_button = QPushButton("&Revert")
        self.revert_button.setObjectName("revertAction")
        self.edit_state = QLabel()
        self.edit_state.setObjectName("editState")
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.revert_button)
        buttons.addWidget(self.edit_state, 1)
        form.addRow(buttons)
        self.has_due.toggled.connect(self.due.setEnabled)
        self.save_button.clicked.connect(self.save)
        self.revert_button.clicked.connect(self._revert)
        self.status_button.clicked.connect(self.change_status)
        for sig in (self.said.textChanged, self.did.textChanged, self.partners.textChanged,
                    self.impact.textChanged, self.owner.editTextChanged, self.has_due.toggled,
                    self.due.dateChanged, self.area.currentIndexChanged, self.publish.toggled):
            sig.connect(self._mark_dirty)
        return w

    def _history_tab(self) -> QWidget:
        w = QWidget()
        layout = QVBoxLayout(w)
        note = QLabel("Every status with its as-at date. Entries are added, never changed.")
        note.setWordWrap(True)
        layout.addWidget(note)
        self.history_model = RowsModel(
            ["As at", "Status", "Comment", "Set by", "Recorded"], self,
            colour=lambda e, c: STATUS_COLOURS[e.status] if c == 1 else None)
        self.history_view = rows_view(self.history_model, "historyTable", 2)
        layout.addWidget(self.history_view, 1)
        return w

    def _notes_tab(self) -> QWidget:
        w = QWidget()
        layout = QVBoxLayout(w)
        self.notes_model = RowsModel(["Date", "Progress", "By"], self)
        self.notes_view = rows_view(self.notes_model, "notesTable", 1)
        layout.addWidget(self.notes_view, 1)
        add = QGroupBox("Add a progress note")
        inner = QVBoxLayout(add)
        self.note_text = QPlainTextEdit()
        self.note_text.setObjectName("noteText")
        self.note_text.setPlaceholderText("What has happened? (Ctrl+Enter adds it)")
        self.note_text.setMaximumHeight(70)
        self.note_text.setTabChangesFocus(True)
        row = QHBoxLayout()
        self.note_date = date_edit(date.today(), "noteDate")
        self.note_date.setMaximumDate(to_qdate(date.today()))
        self.note_button = QPushButton("Add &note")
        self.note_button.setObjectName("addNote")
        row.addWidget(QLabel("Dated"))
        row.addWidget(self.note_date)
        row.addStretch(1)
        row.addWidget(self.note_button)
        inner.addWidget(self.note_text)
        inner.addLayout(row)
        layout.addWidget(add)
        self.note_button.clicked.connect(self.add_note)
        QShortcut(QKeySequence("Ctrl+Return"), self.note_text, activated=self.add_note)
        return w

    def _links_tab(self) -> QWidget:
        w = QWidget()
        layout = QVBoxLayout(w)
        self.records_label = QLabel("Linked records")
        self.records_label.setObjectName("recordsLabel")
        layout.addWidget(self.records_label)
        self.records_model = RowsModel(
            ["Record", "Kind", "Received", "What they said", "May quote", "May contact",
             "Told"], self,
            colour=lambda r, c: ("#F9E1DF", "#7F1D1D") if c == 3 and r.safeguarding_flag
            else None)
        self.records_view = rows_view(self.records_model, "linkedRecords", 3)
        self.records_view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        layout.addWidget(self.records_view, 3)
        row = QHBoxLayout()
        self.link_button = QPushButton("Lin&k records\u2026")
        self.link_button.setObjectName("linkRecords")
        self.unlink_button = QPushButton("&Unlink selected")
        self.unlink_button.setObjectName("unlinkRecords")
        self.open_record_button = QPushButton("Open in Feedback")
        self.open_record_button.setObjectName("openRecord")
        for b in (self.link_button, self.unlink_button, self.open_record_button):
            row.addWidget(b)
        row.addStretch(1)
        layout.addLayout(row)
        self.themes_label = QLabel("Linked themes")
        self.themes_label.setWordWrap(True)
        layout.addWidget(self.themes_label)
        self.themes_model = RowsModel(["Theme", "Of these records", "All records"], self)
        self.themes_view = rows_view(self.themes_model, "linkedThemes", 0)
        self.themes_view.setMaximumHeight(160)
        layout.addWidget(self.themes_view, 1)
        trow = QHBoxLayout()
        self.theme_choice = QComboBox()
        self.theme_choice.setObjectName("themeChoice")
        self.add_theme_button = QPushButton("Add t&heme")
        self.add_theme_button.setObjectName("addTheme")
        self.remove_theme_button = QPushButton("Remove theme")
        self.remove_theme_button.setObjectName("removeTheme")
        trow.addWidget(self.theme_choice, 1)
        trow.addWidget(self.add_theme_button)
        trow.addWidget(self.remove_theme_button)
        layout.addLayout(trow)
        self.link_button.clicked.connect(self.link_records_dialog)
        self.unlink_button.clicked.connect(self.unlink_selected)
        self.open_record_button.clicked.connect(self._open_record)
        self.add_theme_button.clicked.connect(self.add_theme)
        self.remove_theme_button.clicked.connect(self.remove_theme)
        return w

    def _told_tab(self) -> QWidget:
        w = QWidget()
        layout = QVBoxLayout(w)
        self.told_model = RowsModel(["Date", "How", "Who", "Note", "Recorded by"], self)
        self.told_view = rows_view(self.told_model, "toldTable", 3)
        layout.addWidget(QLabel("How people were told what happened"))
        layout.addWidget(self.told_view, 1)
        row = QHBoxLayout()
        self.told_button = QPushButton("&Record telling people\u2026")
        self.told_button.setObjectName("recordToldBack")
        row.addWidget(self.told_button)
        row.addStretch(1)
        layout.addLayout(row)
        self.waiting_label = QLabel("Not yet told (agreed to be contacted)")
        self.waiting_label.setObjectName("waitingLabel")
        layout.addWidget(self.waiting_label)
        self.waiting_model = RowsModel(["Record", "Received", "Name", "Contact"], self)
        self.waiting_view = rows_view(self.waiting_model, "notYetTold", 3)
        layout.addWidget(self.waiting_view, 1)
        self.told_button.clicked.connect(self.record_told_back)
        return w

    def _shortcuts(self) -> None:
        ctx = Qt.ShortcutContext.WidgetWithChildrenShortcut
        for keys, slot in ((QKeySequence.StandardKey.New, self.start_new),
                           (QKeySequence.StandardKey.Save, self.save),
                           (QKeySequence("Ctrl+T"), self.change_status),
                           (QKeySequence.StandardKey.Find, self.search.setFocus),
                           (QKeySequence.StandardKey.Refresh, self.refresh)):
            sc = QShortcut(keys, self, activated=slot)
            sc.setContext(ctx)

    # ------------------------------------------------------------------ background calls

    def _call(self, fn: Callable, *args: Any, then: Callable | None = None,
              failed: Callable | None = None, latest: object = None, **kwargs: Any) -> None:
        """Run fn in the background; with `latest`, only the newest call with that key
        delivers (a list query superseded by a newer filter is dropped)."""
        def on_error(exc: BaseException, _tb: str = "") -> None:
            if failed is not None and failed(exc):
                return
            self.ctx.show_error(self, exc)

        if latest is not None:
            self.ctx.run_latest((self, latest), fn, *args, on_result=then, on_error=on_error,
                                **kwargs)
        else:
            self.ctx.run(fn, *args, on_result=then, on_error=on_error, **kwargs)

    def say(self, text: str) -> None:
        self.message.setText(text)

    # ------------------------------------------------------------------ list

    def _load_reference(self) -> None:
        db, actor = self.ctx.db, self.ctx.actor

        def load():
            return svc.theme_options(db, actor), svc.service_area_options(db, actor)

        def done(result) -> None:
            themes, areas = result
            with QSignalBlocker(self.theme_choice):
                self.theme_choice.clear()
                for tid, name in themes:
                    self.theme_choice.addItem(name, tid)
            current = self.area.currentData()
            with QSignalBlocker(self.area):
                self.area.clear()
                self.area.addItem("(none)", None)
                for aid, label in areas:
                    self.area.addItem(label, aid)
                self._set_combo(self.area, current)

        self._call(load, then=done)

    def refresh(self) -> None:
        """Reload the list with the filters (F5)."""
        db, actor = self.ctx.db, self.ctx.actor
        owner = self.owner_filter.currentData()
        status = self.status_filter.currentData()
        due = self.due_filter.currentData()
        search = self.search.text().strip() or None

        def load():
            return (svc.list_actions(db, actor, owner=owner,
                                     statuses=[ActionStatus(status)] if status else None,
                                     overdue_only=due == "overdue",
                                     due_soon_only=due == "due_soon", search=search),
                    svc.owners(db, actor))

        self._call(load, then=self._list_loaded, latest="list")

    def _list_loaded(self, result) -> None:
        actions, owners = result
        keep = self._select_after_load or (self.editing_id if self.detail else None)
        self._select_after_load = None
        if owners != self._owners:
            self._owners = owners
            current = self.owner_filter.currentData()
            with QSignalBlocker(self.owner_filter):
                self.owner_filter.clear()
                self.owner_filter.addItem("All owners", None)
                for o in owners:
                    self.owner_filter.addItem(o, o)
                self._set_combo(self.owner_filter, current)
            text = self.owner.currentText()
            with QSignalBlocker(self.owner):
                self.owner.clear()
                self.owner.addItems(owners)
                self.owner.setEditText(text)
        with QSignalBlocker(self.table.selectionModel()):
            self.model.set_actions(actions)
            header = self.table.horizontalHeader()
            self.model.sort(header.sortIndicatorSection(), header.sortIndicatorOrder())
        overdue = sum(a.overdue for a in actions)
        soon = sum(a.due_soon for a in actions)
        self.count_label.setText(f"{len(actions)} actions \u2022 {overdue} overdue \u2022 "
                                 f"{soon} due in the next {svc.DUE_SOON_DAYS} days")
        self.empty.setVisible(not actions)
        if keep is not None:
            self.select_action(keep)

    def select_action(self, action_id: int) -> None:
        row = self.model.row_of(action_id)
        if row >= 0:
            self.table.selectRow(row)
            self.table.scrollTo(self.model.index(row, 0))
            if self.editing_id != action_id or self.detail is None:
                self.load_detail(action_id)
        else:
            self.load_detail(action_id)

    def _row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        a = self.model.action_at(current.row())
        if a is None or (a.id == self.editing_id and self.detail is not None):
            return
        if self._dirty and not self._confirm_discard():
            with QSignalBlocker(self.table.selectionModel()):
                row = self.model.row_of(self.editing_id) if self.editing_id else -1
                if row >= 0:
                    self.table.selectRow(row)
            return
        self.load_detail(a.id)

    def _confirm_discard(self) -> bool:
        answer = QMessageBox.question(
            self, "Unsaved changes", "You have changed this action but not saved it. "
            "Discard your changes?", QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Cancel)
        return answer == QMessageBox.StandardButton.Discard

    def _data_changed(self, kind: str) -> None:
        if kind in ("action", "feedback", "codebook", "complaint") and self.isVisible():
            self.refresh()

    # ------------------------------------------------------------------ detail

    def load_detail(self, action_id: int) -> None:
        self._loading_detail_for = action_id
        db, actor = self.ctx.db, self.ctx.actor

        def load():
            return (svc.get_action(db, actor, action_id),
                    svc.not_yet_told(db, actor, action_id))

        def done(result) -> None:
            if self._loading_detail_for != action_id:
                return  # the user has moved on
            self.show_detail(*result)

        self._call(load, then=done)

    def show_detail(self, detail: ActionDetail, waiting: svc.NotYetToldList) -> None:
        self.detail = detail
        self.waiting = waiting
        self.editing_id = detail.action.id
        self.pending_feedback_ids, self.pending_theme_ids = [], []
        self.banner.hide()
        a = detail.action
        self.heading.setText(f"{a.reference}: {a.said_summary}")
        self._fill_editor(a)
        self._show_status(a)
        self.history_model.set_rows(
            [(f"{e.as_at:%d/%m/%Y}", STATUS_LABEL[e.status], e.comment, e.set_by,
              f"{e.set_at:%d/%m/%Y %H:%M}") for e in detail.history], detail.history)
        self.notes_model.set_rows([(f"{n.noted_on:%d/%m/%Y}", n.text, n.by)
                                   for n in detail.notes], detail.notes)
        self.records_model.set_rows(
            [(r.feedback_id, r.kind.label, f"{r.received_on:%d/%m/%Y}",
              ("[Safeguarding flag] " if r.safeguarding_flag else "") + r.excerpt,
              "Yes" if r.consent_quote else "No", "Yes" if r.consent_contact else "No",
              "Yes" if r.told_directly else "") for r in detail.records], detail.records)
        shown = len(detail.records)
        self.records_label.setText(
            f"Linked records: {detail.record_total:,}" + (
                f" (the {shown} most recent shown)" if shown < detail.record_total else ""))
        self.themes_model.set_rows([(t.name, f"{t.linked_records:,}", f"{t.all_records:,}")
                                    for t in detail.themes], detail.themes)
        self.themes_label.setText(f"Linked themes: {len(detail.themes)} \u2013 how many of "
                                  "this action's records carry each theme, and how many "
                                  "records carry it overall")
        self.told_model.set_rows(
            [(f"{t.told_on:%d/%m/%Y}", t.method_label,
              f"Record {t.feedback_id}" if t.feedback_id else "Everyone who raised it",
              t.note, t.recorded_by) for t in detail.told_back], detail.told_back)
        self.waiting_model.set_rows(
            [(w.feedback_id, f"{w.received_on:%d/%m/%Y}", w.respondent_name or "\u2013",
              w.respondent_contact or "\u2013") for w in waiting.rows], waiting.rows)
        self.waiting_label.setText(
            f"Not yet told (agreed to be contacted): {waiting.total:,}" if waiting.total else
            "Everyone who agreed to be contacted has been told directly.")
        self._set_detail_enabled(True)
        self._set_dirty(False)

    def _fill_editor(self, a: ActionView | None) -> None:
        blockers = [QSignalBlocker(w) for w in (self.said, self.did, self.partners, self.impact,
                                                 self.owner, self.has_due, self.due, self.area,
                                                 self.publish)]
        self.said.setPlainText(a.said_summary if a else "")
        self.did.setPlainText(a.we_did if a else "")
        self.owner.setEditText(a.owner_role if a else "")
        self.partners.setText(a.partners if a else "")
        self.has_due.setChecked(bool(a and a.due_on))
        self.due.setEnabled(bool(a and a.due_on))
        self.due.setDate(to_qdate(a.due_on if a and a.due_on else
                                  date.today() + timedelta(days=90)))
        self._set_combo(self.area, a.service_area_id if a else None)
        self.impact.setPlainText(a.evidence_of_impact if a else "")
        self.publish.setChecked(bool(a and a.publish))
        del blockers

    def _show_status(self, a: ActionView | None) -> None:
        if a is None:
            self.status_badge.setText("")
            self.status_badge.setStyleSheet("")
            return
        fill, ink = STATUS_COLOURS[a.status]
        when = f" as at {a.status_as_at:%d/%m/%Y}" if a.status_as_at else ""
        self.status_badge.setText(f"{STATUS_LABEL[a.status]}{when}")
        self.status_badge.setToolTip(STATUS_MEANING[a.status])
        self.status_badge.setStyleSheet(
            f"background: {fill}; color: {ink}; font-weight: 600; padding: 4px 8px; "
            "border: 1px solid #333; border-radius: 3px;")

    def _set_detail_enabled(self, enabled: bool, new: bool = False) -> None:
        self.tabs.setEnabled(enabled)
        for tab in range(1, self.tabs.count()):
            self.tabs.setTabEnabled(tab, enabled and not new)
        self.status_button.setEnabled(enabled and not new)

    def _draft(self) -> ActionDraft:
        return ActionDraft(
            said_summary=self.said.toPlainText(), we_did=self.did.toPlainText(),
            owner_role=self.owner.currentText(), partners=self.partners.text(),
            due_on=from_qdate(self.due.date()) if self.has_due.isChecked() else None,
            service_area_id=self.area.currentData(), publish=self.publish.isChecked())

    def _mark_dirty(self, *_args) -> None:
        if self.tabs.isEnabled():
            self._set_dirty(True)

    def _set_dirty(self, dirty: bool) -> None:
        self._dirty = dirty
        if self.editing_id is None and self.tabs.isEnabled():
            self.edit_state.setText("New action \u2013 not saved yet.")
        else:
            self.edit_state.setText("Unsaved changes (Ctrl+S saves)" if dirty else "")
        self.save_button.setEnabled(dirty or self.editing_id is None)
        self.revert_button.setEnabled(dirty)

    def _revert(self) -> None:
        if self.detail is not None and self.editing_id is not None:
            self._fill_editor(self.detail.action)
            self._set_dirty(False)

    # ------------------------------------------------------------------ create and save

    def start_new(self, feedback_ids: Sequence[int] = (), theme_ids: Sequence[int] = ()) -> None:
        """Clear the editor for a new action (optionally from a selection of records)."""
        if self._dirty and not self._confirm_discard():
            return
        self.detail = None
        self.editing_id = None
        self._loading_detail_for = None
        self.pending_feedback_ids = sorted(set(int(i) for i in feedback_ids))
        self.pending_theme_ids = list(theme_ids)
        with QSignalBlocker(self.table.selectionModel()):
            self.table.clearSelection()
        self.heading.setText("New action")
        self._fill_editor(None)
        self._show_status(None)
        if self.pending_feedback_ids:
            n = len(self.pending_feedback_ids)
            self.banner.setText(f"This action will be linked to the {n} selected feedback "
                                f"record{'s' if n != 1 else ''} when you save it.")
            self.banner.show()
        else:
            self.banner.hide()
        for m in (self.history_model, self.notes_model, self.records_model, self.themes_model,
                  self.told_model, self.waiting_model):
            m.set_rows([])
        self._set_detail_enabled(True, new=True)
        self.tabs.setCurrentIndex(0)
        self._set_dirty(False)
        self.said.setFocus()

    def save(self) -> None:
        if not self.tabs.isEnabled():
            return
        draft = self._draft()
        db, actor = self.ctx.db, self.ctx.actor
        self.save_button.setEnabled(False)
        if self.editing_id is None:
            fids, tids = list(self.pending_feedback_ids), list(self.pending_theme_ids)

            def created(view: ActionView) -> None:
                self.pending_feedback_ids, self.pending_theme_ids = [], []
                self._dirty = False
                self.say(f"Created {view.reference}.")
                self._select_after_load = view.id
                self.ctx.data_changed.emit("action")
                self.refresh()

            self._call(svc.create_action, db, actor, draft, feedback_ids=fids, theme_ids=tids,
                       then=created, failed=self._save_failed)
            return
        action_id, version = self.editing_id, self.detail.action.version

        def saved(view: ActionView) -> None:
            self._dirty = False
            self.say(f"Saved {view.reference}.")
            self._select_after_load = view.id
            self.load_detail(view.id)
            self.ctx.data_changed.emit("action")

        self._call(svc.update_action, db, actor, action_id, version, draft,
                   evidence_of_impact=self.impact.toPlainText(), then=saved,
                   failed=self._save_failed)

    def _save_failed(self, exc: BaseException) -> bool:
        self.save_button.setEnabled(True)
        if isinstance(exc, ConcurrentEditError):
            dialog = ActionConflictDialog(exc.theirs, exc.yours, self)
            self.last_conflict = dialog
            dialog.exec()
            if dialog.choice == ActionConflictDialog.TAKE_THEIRS and self.editing_id:
                self._dirty = False
                self.load_detail(self.editing_id)
            else:
                # Keep the user's text; the next save is made against the saved version.
                self.edit_state.setText("Not saved: someone else saved first. Your text is "
                                        "still here; save again to replace theirs.")
                if exc.theirs is not None and self.detail is not None:
                    from dataclasses import replace

                    self.detail = replace(self.detail, action=exc.theirs)
            return True
        return False

    # ------------------------------------------------------------------ status and notes

    def change_status(self) -> None:
        if self.detail is None or self.editing_id is None:
            return
        dialog = StatusDialog(self.detail.action, self.detail.history, self)
        self.last_status_dialog = dialog
        if dialog.exec() != StatusDialog.DialogCode.Accepted:
            return
        self.apply_status(*dialog.values())

    def apply_status(self, status: ActionStatus, as_at: date, comment: str = "") -> None:
        action_id = self.editing_id

        def done(view: ActionView) -> None:
            self.say(f"{view.reference} is now {STATUS_LABEL[view.status]} as at "
                     f"{view.status_as_at:%d/%m/%Y}." if view.status_as_at else "")
            self.load_detail(action_id)
            self.ctx.data_changed.emit("action")

        self._call(svc.set_status, self.ctx.db, self.ctx.actor, action_id, status, as_at,
                   comment, then=done)

    def add_note(self) -> None:
        text = self.note_text.toPlainText().strip()
        if self.editing_id is None:
            return
        if not text:
            self.say("Write the progress note first.")
            self.note_text.setFocus()
            return
        action_id = self.editing_id

        def done(_note) -> None:
            self.note_text.clear()
            self.say("Progress note added.")
            self.load_detail(action_id)
            self.ctx.data_changed.emit("action")

        self._call(svc.add_progress_note, self.ctx.db, self.ctx.actor, action_id, text,
                   from_qdate(self.note_date.date()), then=done)

    # ------------------------------------------------------------------ links

    def link_records_dialog(self) -> None:
        if self.detail is None:
            return
        dialog = LinkRecordsDialog(self.detail.action.reference, self)
        self.last_link_dialog = dialog
        if dialog.exec() == LinkRecordsDialog.DialogCode.Accepted:
            self.link_records(dialog.ids)

    def link_records(self, feedback_ids: Sequence[int]) -> None:
        action_id = self.editing_id

        def done(change: svc.LinkChange) -> None:
            extra = f" ({len(change.ignored)} were already linked)" if change.ignored else ""
            self.say(f"Linked {change.added} record{'s' if change.added != 1 else ''}{extra}.")
            self.load_detail(action_id)
            self.ctx.data_changed.emit("action")

        self._call(svc.link_records, self.ctx.db, self.ctx.actor, action_id,
                   list(feedback_ids), then=done)

    def selected_record_ids(self) -> list[int]:
        rows = sorted({i.row() for i in self.records_view.selectionModel().selectedRows()})
        return [self.records_model.payload[r].feedback_id for r in rows]

    def unlink_selected(self) -> None:
        ids = self.selected_record_ids()
        if not ids or self.editing_id is None:
            self.say("Select the records to unlink first.")
            return
        action_id = self.editing_id

        def done(change: svc.LinkChange) -> None:
            self.say(f"Unlinked {change.removed} record{'s' if change.removed != 1 else ''}.")
            self.load_detail(action_id)
            self.ctx.data_changed.emit("action")

        self._call(svc.unlink_records, self.ctx.db, self.ctx.actor, action_id, ids, then=done)

    def _open_record(self) -> None:
        ids = self.selected_record_ids()
        if ids:
            self.ctx.navigate("feedback", feedback_id=ids[0])

    def add_theme(self) -> None:
        tid = self.theme_choice.currentData()
        if tid is None or self.editing_id is None:
            return
        action_id = self.editing_id

        def done(change: svc.LinkChange) -> None:
            self.say("Theme linked." if change.added else "That theme was already linked.")
            self.load_detail(action_id)

        self._call(svc.link_themes, self.ctx.db, self.ctx.actor, action_id, [tid], then=done)

    def remove_theme(self) -> None:
        rows = self.themes_view.selectionModel().selectedRows()
        if not rows or self.editing_id is None:
            self.say("Select the theme to remove first.")
            return
        tid = self.themes_model.payload[rows[0].row()].theme_id
        action_id = self.editing_id
        self._call(svc.unlink_themes, self.ctx.db, self.ctx.actor, action_id, [tid],
                   then=lambda _c: self.load_detail(action_id))

    # ------------------------------------------------------------------ told back

    def record_told_back(self) -> None:
        if self.detail is None:
            return
        dialog = ToldBackDialog(self.detail.action.reference, self.waiting.rows, self)
        self.last_told_dialog = dialog
        if dialog.exec() == ToldBackDialog.DialogCode.Accepted:
            self.save_told_back(*dialog.values())

    def save_told_back(self, told_on: date, method, feedback_ids: Sequence[int],
                       note: str = "") -> None:
        action_id = self.editing_id

        def done(entries) -> None:
            who = (f"{len(entries)} people" if entries and entries[0].feedback_id
                   else "everyone who raised it")
            self.say(f"Recorded: {METHOD_LABEL[method].lower()} on {told_on:%d/%m/%Y} "
                     f"({who}).")
            self.load_detail(action_id)
            self.ctx.data_changed.emit("action")

        self._call(svc.record_told_back, self.ctx.db, self.ctx.actor, action_id, told_on,
                   method, feedback_ids=list(feedback_ids), note=note, then=done)

    # ------------------------------------------------------------------ direction

    def open_direction(self) -> None:
        db, actor = self.ctx.db, self.ctx.actor

        def show(dates) -> None:
            dialog = DirectionDialog(dates, self._load_direction, self)
            self.direction_dialog = dialog
            if len(dates) > 1:
                dialog.compare.click()
            dialog.exec()

        self._call(svc.as_at_dates, db, actor, then=show)

    def _load_direction(self, earlier: date, later: date) -> None:
        db, actor = self.ctx.db, self.ctx.actor

        def load():
            rows = svc.tracker(db, actor, later, earlier)
            return rows, svc.direction_counts(rows)

        def done(result) -> None:
            if getattr(self, "direction_dialog", None) is not None:
                self.direction_dialog.show_rows(*result)

        self._call(load, then=done)

    # ------------------------------------------------------------------ documents

    def make_document(self, tracker: bool = False, path: str | None = None) -> None:
        """Ask where to save (PDF or Word), then produce the public summary or the board
        tracker in the background."""
        if path is None:
            default = "yswd-tracker.pdf" if tracker else "you-said-we-did.pdf"
            path, _filter = QFileDialog.getSaveFileName(
                self, "Save the board tracker" if tracker else "Save the public summary",
                str(Path.home() / default), "PDF (*.pdf);;Word document (*.docx)")
            if not path:
                return
        target = Path(path)
        if target.suffix.lower() not in (".pdf", ".docx"):
            target = target.with_suffix(".pdf")
        db, actor = self.ctx.db, self.ctx.actor
        self.say(f"Producing the {'tracker' if tracker else 'public summary'}\u2026")
        self.public_button.setEnabled(False)
        self.tracker_button.setEnabled(False)

        def work():
            if tracker:
                from voiceapp.reports.yswd_tracker import write_tracker

                write_tracker(docs.tracker_document(db, actor), target)
            else:
                from voiceapp.reports.yswd_public import write_public_summary

                write_public_summary(docs.public_summary(db, actor), target)
            docs.record_document_written(db, actor, "yswd_tracker" if tracker
                                         else "yswd_public_summary", str(target))
            return target

        def done(result: Path) -> None:
            self.public_button.setEnabled(True)
            self.tracker_button.setEnabled(True)
            self.last_document = result
            self.say(f"Saved {result}.")

        def failed(exc: BaseException) -> bool:
            self.public_button.setEnabled(True)
            self.tracker_button.setEnabled(True)
            self.say("The document was not produced.")
            return False

        self._call(work, then=done, failed=failed)

    # ------------------------------------------------------------------ navigation

    def navigate_to(self, action_id: int | None = None,
                    create_from_feedback_ids: Sequence[int] | None = None, **_kwargs) -> None:
        """From another page: open an action, or start a new one from selected records."""
        if create_from_feedback_ids:
            self.start_new(feedback_ids=create_from_feedback_ids)
        elif action_id is not None:
            self._select_after_load = int(action_id)
            self.refresh()

    # ------------------------------------------------------------------ helpers

    @staticmethod
    def _set_combo(combo: QComboBox, value: Any) -> None:
        i = combo.findData(value)
        combo.setCurrentIndex(max(i, 0))


__all__ = ["ActionTableModel", "YswdPage"]

