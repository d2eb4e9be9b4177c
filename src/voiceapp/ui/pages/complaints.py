"""The Complaints page: open complaints against their working-day clocks, one complaint's stages
and timeline with every action on it, and a Compliments tab for passing thanks on.

Days remaining are colour coded and always also written out ("3 working days left", "2 working
days overdue", "Paused"), so the status never depends on colour alone. All database work runs in
the background through `ctx.run`; results that arrive after a newer request are ignored."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from voiceapp.domain.working_days import format_date
from voiceapp.services import complaints as svc
from voiceapp.services import compliments as comp
from voiceapp.services.permissions import Permission, allowed
from voiceapp.ui.models.list_table import ListTableModel

from ..dialogs import complaints_forms as forms
from ..dialogs.complaints_procedure import open_procedure_editor

#: (text colour, background) per status; the text always says the status as well.
STATUS_COLOURS: dict[str, tuple[str, str]] = {
    "overdue": ("#8b1014", "#fbdcdc"),
    "due_soon": ("#7a4a00", "#ffe9bf"),
    "open": ("#1b5e20", "#dff1e1"),
    "paused": ("#37474f", "#e3e8eb"),
    "closed_in_time": ("#1b5e20", "#eef7ef"),
    "closed_in_extended_time": ("#5d4a00", "#fbf4dc"),
    "closed_late": ("#8b1014", "#fcecec"),
    "withdrawn": ("#455a64", "#eceff1"),
}
_ROOT = QModelIndex()
SORT_ROLE = Qt.ItemDataRole.UserRole
ID_ROLE = Qt.ItemDataRole.UserRole + 1
STATUS_ROLE = Qt.ItemDataRole.UserRole + 2


def short_date(d: date | None) -> str:
    return "" if d is None else f"{d:%a} {d.day} {d:%b %Y}"


def _plural(n: int, word: str = "working day") -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def days_text(status: str, days: int | None, due: date | None = None) -> str:
    """The days-remaining cell, in words."""
    if status == "withdrawn":
        return "Withdrawn"
    if status in ("closed_in_time", "closed_in_extended_time", "closed_late"):
        return "Closed"
    if status == "paused":
        return "Paused (clock stopped)"
    if days is None:
        return "–"
    if days < 0:
        return f"{_plural(-days)} overdue"
    if status == "overdue":  # a non-working day straight after the due date
        return f"Overdue (was due {short_date(due)})"
    if days == 0:
        return "Due today"
    return f"{_plural(days)} left"


def status_chip(label: QLabel, status: str, text: str) -> None:
    fg, bg = STATUS_COLOURS.get(status, ("#333333", "#eeeeee"))
    label.setText(text)
    label.setStyleSheet(f"QLabel {{ color: {fg}; background: {bg}; border: 1px solid {fg};"
                        " border-radius: 9px; padding: 2px 10px; font-weight: 600; }")
    label.setAccessibleName(f"Status: {text}")


# =============================================================================================
# Table models
# =============================================================================================


class ComplaintTableModel(ListTableModel):
    COLUMNS = ("Reference", "Days remaining", "Status", "Due", "Stage", "Service area",
               "Handler", "Received", "What it is about")
    DAYS, STATUS, SUMMARY = 1, 2, 8
    PROCEDURE_SHORT = {"statutory_csc": "statutory", "corporate_send": "corporate / SEND"}

    def _display(self, r: svc.ComplaintRow, col: int) -> str:
        if col == 0:
            return r.reference
        if col == self.DAYS:
            return days_text(r.status, r.days_remaining, r.due)
        if col == self.STATUS:
            return r.status_label
        if col == 3:
            return short_date(r.due) if r.is_open else ""
        if col == 4:
            short = self.PROCEDURE_SHORT.get(r.procedure_code, r.procedure_name)
            return f"Stage {r.stage_number} · {short}"
        if col == 5:
            return r.service_area or "Not recorded"
        if col == 6:
            return r.handler_name or "Not assigned"
        if col == 7:
            return short_date(r.received_on)
        flags = ([f"Joint: {r.joint.lower()}"] if r.joint else []) + (
            ["Ombudsman"] if r.ombudsman else [])
        return " · ".join([*flags, r.summary]) if flags else r.summary

    def _sort(self, r: svc.ComplaintRow, col: int) -> Any:
        if col == 7:
            return r.received_on.toordinal()
        if col == 3:
            return r.due.toordinal()
        if col == self.DAYS:
            return r.days_remaining if r.days_remaining is not None else 100_000
        if col == 4:
            return r.stage_number
        return self._display(r, col).lower()

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self.rows)):
            return None
        r = self.rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(r, col)
        if role == SORT_ROLE:
            return self._sort(r, col)
        if role == ID_ROLE:
            return r.id
        if role == STATUS_ROLE:
            return r.status
        if role == Qt.ItemDataRole.ToolTipRole:
            if col in (self.DAYS, self.STATUS) and r.is_open:
                return f"{r.target_label} due {format_date(r.due)}: {r.status_label}"
            if col == self.SUMMARY:
                return r.summary
            if col == 4:
                return f"{r.stage_label}, {r.procedure_name}"
            return None
        if col in (self.DAYS, self.STATUS) and role in (Qt.ItemDataRole.ForegroundRole,
                                                          Qt.ItemDataRole.BackgroundRole):
            fg, bg = STATUS_COLOURS.get(r.status, ("#333333", "#ffffff"))
            return QBrush(QColor(fg if role == Qt.ItemDataRole.ForegroundRole else bg))
        if role == Qt.ItemDataRole.FontRole and col == self.DAYS and r.status == "overdue":
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{self.COLUMNS[col]}: {self._display(r, col)}"
        return None


class ComplimentTableModel(ListTableModel):
    COLUMNS = ("Received", "Service area", "Team praised", "Person praised", "Thanks passed on",
               "What they said")
    THANKS = 4

    def _display(self, r: comp.ComplimentRow, col: int) -> str:
        if col == 0:
            return short_date(r.received_on)
        if col == 1:
            return r.service_area or "Not recorded"
        if col == 2:
            return r.team or "Not recorded"
        if col == 3:
            return r.praised_person or ""
        if col == self.THANKS:
            if r.thanks_passed_on is None:
                return "Awaiting thanks"
            return short_date(r.thanks_passed_on) + (f" by {r.thanks_passed_by}"
                                                     if r.thanks_passed_by else "")
        return r.summary

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self.rows)):
            return None
        r = self.rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(r, col)
        if role == SORT_ROLE:
            if col == 0:
                return r.received_on.toordinal()
            if col == self.THANKS:
                return r.thanks_passed_on.toordinal() if r.thanks_passed_on else 0
            return self._display(r, col).lower()
        if role == ID_ROLE:
            return r.feedback_id
        if role == Qt.ItemDataRole.ToolTipRole and col == 5:
            return r.summary
        if col == self.THANKS and r.thanks_passed_on is None and role in (
                Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.BackgroundRole):
            fg, bg = STATUS_COLOURS["due_soon"]
            return QBrush(QColor(fg if role == Qt.ItemDataRole.ForegroundRole else bg))
        return None


def _table(name: str, model: QAbstractTableModel) -> tuple[QTableView, QSortFilterProxyModel]:
    proxy = QSortFilterProxyModel()
    proxy.setSourceModel(model)
    proxy.setSortRole(SORT_ROLE)
    view = QTableView()
    view.setObjectName(name)
    view.setModel(proxy)
    view.setSortingEnabled(True)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.verticalHeader().hide()
    view.verticalHeader().setDefaultSectionSize(28)
    view.horizontalHeader().setStretchLastSection(True)
    view.horizontalHeader().setHighlightSections(False)
    return view, proxy


def _empty_label(name: str) -> QLabel:
    lab = QLabel()
    lab.setObjectName(name)
    lab.setAlignment(Qt.AlignmentFlag.AlignCenter)
    lab.setWordWrap(True)
    lab.setStyleSheet("color: palette(dark); font-size: 12pt; padding: 24px;")
    return lab


# =============================================================================================
# The detail panel
# =============================================================================================

ACTIONS: tuple[tuple[str, str, str], ...] = (
    # key in ComplaintDetail.available, button text, object name
    ("acknowledge", "&Acknowledge…", "acknowledge"),
    ("extend", "E&xtend…", "extend"),
    ("pause", "&Pause clock…", "pause"),
    ("resume", "Res&ume clock…", "resume"),
    ("milestone", "Record &milestone…", "milestone"),
    ("respond", "Record &response…", "respond"),
    ("escalate", "Escalate to next sta&ge…", "escalate"),
    ("withdraw", "&Withdrawal…", "withdraw"),
    ("refer", "&Ombudsman referral…", "refer"),
    ("decision", "Ombudsman &decision…", "decision"),
    ("handling", "&Handling and joint…", "handling"),
)


class DetailPanel(QWidget):
    """One complaint: header, action buttons, stage clocks, timeline, learning points."""

    action_requested = Signal(str)
    learning_requested = Signal(str, object)  # "add" | "edit" | "action", LearningPointView

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.detail: svc.ComplaintDetail | None = None
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.stack = QStackedWidget()
        outer.addWidget(self.stack)
        self.empty = _empty_label("detailEmpty")
        self.empty.setText("Select a complaint to see its stage clocks, timeline and learning.")
        self.stack.addWidget(self.empty)

        content = QWidget()
        layout = QVBoxLayout(content)
        layout.setContentsMargins(8, 4, 4, 4)
        head = QHBoxLayout()
        self.title = QLabel()
        self.title.setObjectName("detailTitle")
        self.title.setStyleSheet("font-size: 15pt; font-weight: 600;")
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.chip = QLabel()
        self.chip.setObjectName("detailStatus")
        head.addWidget(self.title)
        head.addWidget(self.chip)
        head.addStretch(1)
        layout.addLayout(head)
        self.summary = QLabel()
        self.summary.setObjectName("detailSummary")
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(self.summary)

        grid = QGridLayout()
        grid.setHorizontalSpacing(6)
        grid.setVerticalSpacing(4)
        self.buttons: dict[str, QPushButton] = {}
        for i, (key, text, name) in enumerate(ACTIONS):
            b = QPushButton(text)
            b.setObjectName(name)
            b.clicked.connect(lambda _=False, k=key: self.action_requested.emit(k))
            self.buttons[key] = b
            grid.addWidget(b, i // 4, i % 4)
        layout.addLayout(grid)

        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.body = QWidget()
        self.body_layout = QVBoxLayout(self.body)
        self.body_layout.setContentsMargins(0, 0, 6, 0)
        self.scroll.setWidget(self.body)
        layout.addWidget(self.scroll, 1)

        self.text = QLabel()
        self.text.setObjectName("complaintText")
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.text.setStyleSheet("background: palette(base); border: 1px solid palette(mid);"
                                " padding: 8px;")
        self.body_layout.addWidget(self.text)
        self.stages_box = QWidget()
        self.stages_layout = QVBoxLayout(self.stages_box)
        self.stages_layout.setContentsMargins(0, 0, 0, 0)
        self.body_layout.addWidget(self.stages_box)

        tl_box = QGroupBox("Timeline")
        tl_layout = QVBoxLayout(tl_box)
        self.timeline = QListWidget()
        self.timeline.setObjectName("timeline")
        self.timeline.setWordWrap(True)
        tl_layout.addWidget(self.timeline)
        self.body_layout.addWidget(tl_box)

        lp_box = QGroupBox("Learning points")
        lp_layout = QVBoxLayout(lp_box)
        self.learning = QListWidget()
        self.learning.setObjectName("learning")
        self.learning.setWordWrap(True)
        self.learning_empty = QLabel("No learning points yet. Add what the service will do "
                                     "differently; each one can become a You Said, We Did "
                                     "action.")
        self.learning_empty.setWordWrap(True)
        self.learning_empty.setStyleSheet("color: palette(dark);")
        lp_layout.addWidget(self.learning_empty)
        lp_layout.addWidget(self.learning)
        lp_buttons = QHBoxLayout()
        self.lp_add = QPushButton("Add learning point…")
        self.lp_add.setObjectName("addLearning")
        self.lp_edit = QPushButton("Edit…")
        self.lp_edit.setObjectName("editLearning")
        self.lp_action = QPushButton("Make it a You Said, We Did action")
        self.lp_action.setObjectName("learningToAction")
        for b in (self.lp_add, self.lp_edit, self.lp_action):
            lp_buttons.addWidget(b)
        lp_buttons.addStretch(1)
        lp_layout.addLayout(lp_buttons)
        self.lp_message = QLabel()
        self.lp_message.setObjectName("learningMessage")
        self.lp_message.setWordWrap(True)
        self.lp_message.setOpenExternalLinks(False)
        self.lp_message.hide()
        lp_layout.addWidget(self.lp_message)
        self.body_layout.addWidget(lp_box)
        self.body_layout.addStretch(1)
        self.lp_add.clicked.connect(lambda: self.learning_requested.emit("add", None))
        self.lp_edit.clicked.connect(lambda: self._learning("edit"))
        self.lp_action.clicked.connect(lambda: self._learning("action"))
        self.learning.currentRowChanged.connect(self._learning_selected)
        self.learning.itemDoubleClicked.connect(lambda _i: self._learning("edit"))
        self.stack.addWidget(content)

    # -- showing -------------------------------------------------------------------------------

    def clear(self, message: str | None = None) -> None:
        self.detail = None
        if message:
            self.empty.setText(message)
        self.stack.setCurrentIndex(0)

    def show_detail(self, d: svc.ComplaintDetail) -> None:
        keep_scroll = self.detail is not None and self.detail.id == d.id
        scroll = self.scroll.verticalScrollBar().value()
        self.detail = d
        self.stack.setCurrentIndex(1)
        self.title.setText(d.reference)
        status_chip(self.chip, d.status, d.status_label)
        parts = [f"<b>{_h(d.procedure_name)}</b> · received {format_date(d.received_on)}"]
        who = "Anonymous" if d.anonymous else (d.respondent_name or "Name not recorded")
        line = [who]
        if d.respondent_role:
            line.append(d.respondent_role)
        if d.channel:
            line.append(f"by {d.channel.lower()}")
        parts.append(_h(" · ".join(line)))
        where = [x for x in (d.service_area, d.team, d.district) if x]
        parts.append(_h(" · ".join(where)) if where else "Service area not recorded")
        parts.append(f"Handler: <b>{_h(d.handler_name or 'not assigned')}</b>")
        flags = []
        if d.joint_school:
            flags.append("joint with a school")
        if d.joint_health:
            flags.append("joint with a health service")
        if d.advocate_involved:
            flags.append("advocate involved")
        if flags:
            parts.append("Also: " + _h(", ".join(flags))
                         + (f" ({_h(d.joint_notes)})" if d.joint_notes else ""))
        if d.themes:
            parts.append("Themes: " + _h(", ".join(d.themes)))
        if d.ombudsman_referred_on:
            om = f"Referred to the Ombudsman {format_date(d.ombudsman_referred_on)}"
            if d.ombudsman_reference:
                om += f" (ref. {_h(d.ombudsman_reference)})"
            if d.ombudsman_decision_label:
                om += f"; decision: <b>{_h(d.ombudsman_decision_label)}</b>"
            else:
                om += "; awaiting a decision"
            parts.append(om)
        if d.safeguarding_flag:
            parts.append("<span style='color:#a4161a'><b>Safeguarding flag</b>: see the "
                         "Safeguarding page before replying.</span>")
        self.summary.setText("<br>".join(parts))
        for key, button in self.buttons.items():
            why = d.available.get(key, "")
            button.setEnabled(not why)
            button.setToolTip(why)
            button.setStatusTip(why)
        # Pause and milestone buttons only where the stage has them at all.
        stage = d.current_stage
        self.buttons["pause"].setVisible(stage.pause_allowed)
        self.buttons["resume"].setVisible(stage.pause_allowed)
        self.buttons["milestone"].setVisible(bool(stage.milestones))
        self.text.setText(d.text or "(no text recorded)")
        self._show_stages(d)
        self.timeline.clear()
        for item in d.timeline:
            self.timeline.addItem(QListWidgetItem(f"{short_date(item.when)}  –  {item.label}"))
        fit_list(self.timeline, 3, 12)
        self.learning.clear()
        for lp in d.learning_points:
            stage_txt = f"Stage {lp.stage_number}: " if lp.stage_number else ""
            action = f"  [action {lp.action_reference}]" if lp.action_reference else ""
            item = QListWidgetItem(f"{stage_txt}{lp.text}{action}")
            item.setData(Qt.ItemDataRole.UserRole, lp)
            self.learning.addItem(item)
        fit_list(self.learning, 2, 8)
        self.learning_empty.setVisible(not d.learning_points)
        self.learning.setVisible(bool(d.learning_points))
        self.lp_add.setEnabled(not d.available.get("learning"))
        self._learning_selected(self.learning.currentRow())
        if keep_scroll:
            QTimer.singleShot(0, lambda: self.scroll.verticalScrollBar().setValue(scroll))

    def _show_stages(self, d: svc.ComplaintDetail) -> None:
        while self.stages_layout.count():
            w = self.stages_layout.takeAt(0).widget()
            if w is not None:
                w.deleteLater()
        for st in reversed(d.stages):  # current stage first
            self.stages_layout.addWidget(stage_box(st))

    def _learning_selected(self, row: int) -> None:
        lp = self.selected_learning()
        can = self.detail is not None and not self.detail.available.get("learning")
        self.lp_edit.setEnabled(lp is not None and can)
        can_action = (self.detail is not None and not self.detail.available.get("action"))
        self.lp_action.setEnabled(lp is not None and lp.action_id is None and can_action)
        if lp is not None and lp.action_id is not None:
            self.lp_action.setToolTip(f"Already action {lp.action_reference}.")
        else:
            self.lp_action.setToolTip(
                (self.detail.available.get("action") if self.detail else "") or
                "Creates the action, linked to this complaint and its themes, in one click.")

    def selected_learning(self) -> svc.LearningPointView | None:
        item = self.learning.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    def _learning(self, what: str) -> None:
        lp = self.selected_learning()
        if lp is not None:
            self.learning_requested.emit(what, lp)


def fit_list(view: QListWidget, least: int, most: int) -> None:
    """Size a list to its rows (between ``least`` and ``most`` rows), so a short timeline does
    not leave a tall empty box and a long one scrolls."""
    rows = max(least, min(most, view.count()))
    line = view.sizeHintForRow(0) if view.count() else view.fontMetrics().lineSpacing() + 4
    view.setFixedHeight(rows * max(line, view.fontMetrics().lineSpacing() + 4)
                        + 2 * view.frameWidth() + 4)


def _h(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def stage_box(st: svc.StageView) -> QGroupBox:
    """One stage clock as a small form."""
    box = QGroupBox(st.label)
    box.setObjectName(f"stage{st.number}")
    form = QFormLayout(box)
    form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
    form.setVerticalSpacing(3)
    chip = QLabel()
    chip.setObjectName(f"stage{st.number}Status")
    open_ = st.responded_on is None
    if open_:
        status = "paused" if st.is_paused else st.status
        text = f"{st.status_label}: {days_text(status, st.days_remaining, st.target_due)}"
        if st.target_label != "Response" and not st.is_paused:
            text += f" ({st.target_label.lower()})"
    else:
        status = "withdrawn" if st.outcome == "withdrawn" else st.status
        text = st.status_label if st.outcome != "withdrawn" else "Withdrawn"
    status_chip(chip, status, text)
    chip_row = QHBoxLayout()
    chip_row.addWidget(chip)
    chip_row.addStretch(1)
    form.addRow(chip_row)
    rows: list[tuple[str, str]] = [("Received", format_date(st.received_on))]
    if st.acknowledge_due or st.acknowledged_on:
        ack = format_date(st.acknowledged_on) if st.acknowledged_on else "Not yet"
        if st.acknowledge_due:
            ack += f" (due by {short_date(st.acknowledge_due)})"
        rows.append(("Acknowledged", ack))
    rows.append(("Response due", f"{format_date(st.on_time_due)} ({st.response_days} working "
                                 "days)"))
    if st.extended_to:
        ext = format_date(st.extended_to)
        if st.extension_reason:
            ext += f": {st.extension_reason}"
        rows.append(("Extended to", ext))
    if open_ and st.max_due and not st.extended_to:
        rows.append(("Latest with extension", f"{format_date(st.max_due)} "
                                              f"({st.max_extended_days} working days)"))
    for p in st.pauses:
        end = f" to {short_date(p.end)}" if p.end else " (still paused)"
        rows.append(("Paused", f"{short_date(p.start)}{end}: {p.reason}"))
    for m in st.milestones[:-1]:
        done = short_date(m.done) if m.done else "not yet"
        late = " (late)" if m.late else ""
        rows.append((m.label, f"due {short_date(m.due)}; done {done}{late}"))
    if st.late_request_reason:
        rows.append(("Late request accepted", st.late_request_reason))
    if st.investigator:
        rows.append(("Investigator", st.investigator))
    if st.responded_on:
        taken = (f" after {_plural(st.working_days_to_respond)}"
                 if st.working_days_to_respond is not None else "")
        rows.append(("Responded", f"{format_date(st.responded_on)}{taken}"))
        rows.append(("Outcome", st.outcome_label))
        if st.remedy:
            rows.append(("Remedy", st.remedy))
    for label, value in rows:
        lab = QLabel(f"{label}:")
        lab.setStyleSheet("color: palette(dark);")
        val = QLabel(value)
        val.setWordWrap(True)
        val.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form.addRow(lab, val)
    return box


# =============================================================================================
# The page
# =============================================================================================


class ComplaintsPage(QWidget):
    list_loaded = Signal()
    detail_loaded = Signal()
    compliments_loaded = Signal()

    def __init__(self, ctx, parent: QWidget | None = None,
                 clock: Callable[[], date] | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        #: Today's date for the clocks (tests pass a fixed day).
        self.clock: Callable[[], date] = clock or date.today
        self.options: svc.FormOptions | None = None
        self.active_dialog: Any = None
        self.selected_id: int | None = None
        self._detail_seq = 0
        self._pending_feedback: int | None = None
        self._pending_complaint: int | None = None

        layout = QVBoxLayout(self)
        head = QHBoxLayout()
        title = QLabel("Complaints and compliments")
        title.setStyleSheet("font-size: 17pt; font-weight: 600;")
        head.addWidget(title)
        self.counts = QLabel()
        self.counts.setObjectName("counts")
        self.counts.setStyleSheet("font-size: 11pt; padding-left: 12px;")
        head.addWidget(self.counts)
        head.addStretch(1)
        self.procedures_button = QPushButton("Procedures…")
        self.procedures_button.setObjectName("procedures")
        self.procedures_button.setToolTip("Edit the complaints procedures' timescales")
        self.procedures_button.setVisible(allowed(ctx.actor, Permission.MANAGE_REFERENCE))
        self.procedures_button.clicked.connect(lambda: open_procedure_editor(self.ctx, self))
        head.addWidget(self.procedures_button)
        self.log_button = QPushButton("&Log a complaint…")
        self.log_button.setObjectName("logComplaint")
        self.log_button.setToolTip("Log a complaint (Ctrl+L)")
        self.log_button.clicked.connect(self.log_complaint)
        head.addWidget(self.log_button)
        layout.addLayout(head)

        self.tabs = QTabWidget()
        self.tabs.setObjectName("tabs")
        layout.addWidget(self.tabs, 1)
        self.tabs.addTab(self._complaints_tab(), "Complaints")
        self.tabs.addTab(self._compliments_tab(), "Compliments")
        self.tabs.currentChanged.connect(self._tab_changed)
        QShortcut(QKeySequence("Ctrl+L"), self, activated=self.log_complaint)
        ctx.data_changed.connect(self._data_changed)
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(0)
        self._refresh_timer.timeout.connect(self.refresh)
        # The forms need the reference lists; until they arrive the buttons wait.
        self.log_button.setEnabled(False)
        self.log_compliment_button.setEnabled(False)
        self._load_options()
        self.refresh()

    # -- building ------------------------------------------------------------------------------

    def _complaints_tab(self) -> QWidget:
        tab = QWidget()
        layout = QVBoxLayout(tab)
        bar = QHBoxLayout()
        self.scope = forms.combo("scope", [("Open complaints", "open"),
                                           ("Closed complaints", "closed"),
                                           ("All complaints", "all")])
        self.stage_filter = forms.combo("stageFilter", [("Any stage", None), ("Stage 1", 1),
                                                        ("Stage 2", 2), ("Stage 3", 3)])
        self.area_filter = forms.combo("areaFilter", [("Any service area", None)])
        self.handler_filter = forms.combo("handlerFilter", [("Anyone", None),
                                                            ("Not assigned", 0)])
        self.status_filter = forms.combo("statusFilter", [
            ("Any status", None), ("Overdue", "overdue"), ("Due soon", "due_soon"),
            ("On track", "open"), ("Paused", "paused")])
        self.search = QLineEdit()
        self.search.setObjectName("search")
        self.search.setPlaceholderText("Reference, e.g. WCC-24-00123")
        self.search.setClearButtonEnabled(True)
        self.clear_filters = QPushButton("Clear filters")
        self.clear_filters.setObjectName("clearFilters")
        for label, w in (("Show", self.scope), ("Stage", self.stage_filter),
                         ("Service area", self.area_filter), ("Handler", self.handler_filter),
                         ("Status", self.status_filter)):
            lab = QLabel(label)
            lab.setBuddy(w)
            bar.addWidget(lab)
            bar.addWidget(w)
        self.area_filter.setMinimumContentsLength(16)
        self.area_filter.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        bar.addWidget(self.search, 1)
        bar.addWidget(self.clear_filters)
        layout.addLayout(bar)
        for w in (self.scope, self.stage_filter, self.area_filter, self.handler_filter,
                  self.status_filter):
            w.currentIndexChanged.connect(self._filters_changed)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(300)
        self._search_timer.timeout.connect(self.refresh_list)
        self.search.textChanged.connect(lambda _t: self._search_timer.start())
        self.clear_filters.clicked.connect(self.reset_filters)

        self.splitter = QSplitter()
        self.splitter.setObjectName("complaintsSplitter")
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        self.model = ComplaintTableModel(self)
        self.table, self.proxy = _table("complaintsTable", self.model)
        self.table.sortByColumn(ComplaintTableModel.DAYS, Qt.SortOrder.AscendingOrder)
        self.list_stack = QStackedWidget()
        self.list_stack.addWidget(self.table)
        self.list_empty = _empty_label("listEmpty")
        self.list_stack.addWidget(self.list_empty)
        left_layout.addWidget(self.list_stack, 1)
        self.list_note = QLabel()
        self.list_note.setObjectName("listNote")
        self.list_note.setStyleSheet("color: palette(dark);")
        left_layout.addWidget(self.list_note)
        self.splitter.addWidget(left)
        self.detail = DetailPanel()
        self.detail.setObjectName("detail")
        self.detail.action_requested.connect(self.run_action)
        self.detail.learning_requested.connect(self._learning_action)
        self.detail.lp_message.linkActivated.connect(self._open_action)
        self._last_action_id: int | None = None
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([620, 520])
        layout.addWidget(self.splitter, 1)
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for col, width in enumerate((122, 190, 95, 118, 195, 170, 130, 118)):
            self.table.setColumnWidth(col, width)
        self.setTabOrder(self.scope, self.stage_filter)
        self.setTabOrder(self.stage_filter, self.area_filter)
        self.setTabOrder(self.area_filter, self.handler_filter)
        self.setTabOrder(self.handler_filter, self.status_filter)
        self.setTabOrder(self.status_filter, self.search)
        self.setTabOrder(self.search, self.table)
        return tab

    def _compliments_tab(self) -> QWidget:
        tab = QWidget()
        layout = QVBoxLayout(tab)
        bar = QHBoxLayout()
        self.awaiting_only = QCheckBox("Awaiting thanks only")
        self.awaiting_only.setObjectName("awaitingOnly")
        self.awaiting_only.setChecked(True)
        self.comp_area = forms.combo("complimentArea", [("Any service area", None)])
        self.comp_search = QLineEdit()
        self.comp_search.setObjectName("complimentSearch")
        self.comp_search.setPlaceholderText("Search the text or the person praised")
        self.comp_search.setClearButtonEnabled(True)
        bar.addWidget(self.awaiting_only)
        lab = QLabel("Service area")
        lab.setBuddy(self.comp_area)
        bar.addWidget(lab)
        bar.addWidget(self.comp_area)
        bar.addWidget(self.comp_search, 1)
        self.thanks_button = QPushButton("&Thanks passed on…")
        self.thanks_button.setObjectName("thanks")
        self.praise_button = QPushButton("Who was &praised…")
        self.praise_button.setObjectName("praise")
        self.log_compliment_button = QPushButton("Log a &compliment…")
        self.log_compliment_button.setObjectName("logCompliment")
        for b in (self.thanks_button, self.praise_button, self.log_compliment_button):
            bar.addWidget(b)
        layout.addLayout(bar)
        self.comp_model = ComplimentTableModel(self)
        self.comp_table, self.comp_proxy = _table("complimentsTable", self.comp_model)
        self.comp_table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
        self.comp_stack = QStackedWidget()
        self.comp_stack.addWidget(self.comp_table)
        self.comp_empty = _empty_label("complimentsEmpty")
        self.comp_stack.addWidget(self.comp_empty)
        layout.addWidget(self.comp_stack, 1)
        self.comp_note = QLabel()
        self.comp_note.setObjectName("complimentNote")
        layout.addWidget(self.comp_note)
        for col, width in enumerate((125, 200, 200, 150, 210)):
            self.comp_table.setColumnWidth(col, width)
        self.awaiting_only.toggled.connect(lambda _on: self.refresh_compliments())
        self.comp_area.currentIndexChanged.connect(lambda _i: self.refresh_compliments())
        self._comp_timer = QTimer(self)
        self._comp_timer.setSingleShot(True)
        self._comp_timer.setInterval(300)
        self._comp_timer.timeout.connect(self.refresh_compliments)
        self.comp_search.textChanged.connect(lambda _t: self._comp_timer.start())
        self.thanks_button.clicked.connect(self.pass_on_thanks)
        self.praise_button.clicked.connect(self.edit_praise)
        self.log_compliment_button.clicked.connect(self.log_compliment)
        self.comp_table.selectionModel().currentRowChanged.connect(
            lambda *_: self._compliment_buttons())
        self.comp_table.doubleClicked.connect(lambda _i: self.pass_on_thanks())
        can_capture = allowed(self.ctx.actor, Permission.CAPTURE)
        self.log_compliment_button.setEnabled(can_capture)
        self._compliment_buttons()
        return tab

    # -- loading ---------------------------------------------------------------------------------

    def _error(self, exc: BaseException, _tb: str = "") -> None:
        self.ctx.show_error(self, exc)

    def _load_options(self) -> None:
        self.ctx.run(svc.form_options, self.ctx.db, self.ctx.actor,
                     on_result=self._options_loaded, on_error=self._error)

    def _options_loaded(self, options: svc.FormOptions) -> None:
        self.options = options
        self.log_button.setEnabled(True)
        self.log_compliment_button.setEnabled(allowed(self.ctx.actor, Permission.CAPTURE))
        for box, items, first in (
            (self.area_filter, [(o.label, o.id) for o in options.service_areas],
             ("Any service area", None)),
            (self.handler_filter, [(o.label, o.id) for o in options.handlers],
             None),
            (self.comp_area, [(o.label, o.id) for o in options.service_areas],
             ("Any service area", None)),
        ):
            current = box.currentData()
            box.blockSignals(True)
            if first is not None:
                box.clear()
                box.addItem(*first)
            else:
                while box.count() > 2:
                    box.removeItem(2)
            for label, value in items:
                box.addItem(label, value)
            i = box.findData(current)
            box.setCurrentIndex(max(i, 0))
            box.blockSignals(False)
        if self._pending_feedback is not None:
            fid, self._pending_feedback = self._pending_feedback, None
            self.log_from_feedback(fid)

    def current_filter(self) -> svc.ComplaintFilter:
        return svc.ComplaintFilter(
            scope=self.scope.currentData(), stage=self.stage_filter.currentData(),
            service_area_id=self.area_filter.currentData(),
            handler_id=self.handler_filter.currentData(),
            status=self.status_filter.currentData(), search=self.search.text().strip())

    def refresh(self) -> None:
        """Reload everything (F5)."""
        self.refresh_list()
        if self.selected_id is not None:
            self.load_detail(self.selected_id)
        self.refresh_compliments()

    def refresh_list(self) -> None:
        self.list_note.setText("Loading…")
        # Only the newest request shows: a slower, older filter's answer is dropped.
        self.ctx.run_latest((self, "list"), svc.list_complaints, self.ctx.db, self.ctx.actor,
                            self.current_filter(), today=self.clock(),
                            on_result=self._list_loaded, on_error=self._error)

    def _list_loaded(self, result: svc.ComplaintList) -> None:
        self.model.set_rows(result.rows)
        c = result.counts
        open_total = sum(c.values())
        self.counts.setText(
            f"{open_total} open · <span style='color:{STATUS_COLOURS['overdue'][0]}'>"
            f"<b>{c.get('overdue', 0)} overdue</b></span> · "
            f"<span style='color:{STATUS_COLOURS['due_soon'][0]}'>{c.get('due_soon', 0)} due "
            f"soon</span> · {c.get('paused', 0)} paused")
        n = len(result.rows)
        note = f"{n} complaint{'s' if n != 1 else ''}"
        if result.truncated:
            note += f" (the newest {n}; narrow the filters or search by reference)"
        self.list_note.setText(note + f" · as at {format_date(result.today)}")
        if not result.rows:
            filtered = self.current_filter() != svc.ComplaintFilter(scope=self.scope.currentData())
            if filtered:
                self.list_empty.setText("No complaints match these filters.\n\nClear the filters "
                                        "to see them all.")
            elif self.scope.currentData() == "open":
                self.list_empty.setText("There are no open complaints.\n\nLog one with "
                                        "“Log a complaint…” (Ctrl+L), or from a record on the "
                                        "Feedback page.")
            else:
                self.list_empty.setText("No complaints to show.")
            self.list_stack.setCurrentIndex(1)
        else:
            self.list_stack.setCurrentIndex(0)
        self._reselect()
        self.list_loaded.emit()

    def _reselect(self) -> None:
        want = self._pending_complaint or self.selected_id
        self._pending_complaint = None
        if want is None:
            return
        for row in range(self.proxy.rowCount()):
            index = self.proxy.index(row, 0)
            if index.data(ID_ROLE) == want:
                self.table.selectionModel().blockSignals(True)
                self.table.selectRow(row)
                self.table.setCurrentIndex(index)
                self.table.selectionModel().blockSignals(False)
                self.table.scrollTo(index)
                if want != self.selected_id:
                    self.select_complaint(want)
                return

    def _filters_changed(self) -> None:
        self.status_filter.setEnabled(self.scope.currentData() != "closed")
        self.refresh_list()

    def reset_filters(self) -> None:
        for w in (self.stage_filter, self.area_filter, self.handler_filter, self.status_filter):
            w.blockSignals(True)
            w.setCurrentIndex(0)
            w.blockSignals(False)
        self.search.blockSignals(True)
        self.search.clear()
        self.search.blockSignals(False)
        self.refresh_list()

    def _row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid():
            return
        cid = current.sibling(current.row(), 0).data(ID_ROLE)
        if cid is not None and cid != self.selected_id:
            self.select_complaint(cid)

    def select_complaint(self, complaint_id: int) -> None:
        self.selected_id = complaint_id
        self.load_detail(complaint_id)

    def load_detail(self, complaint_id: int) -> None:
        self._detail_seq += 1
        seq = self._detail_seq
        self.ctx.run(svc.complaint_detail, self.ctx.db, self.ctx.actor, complaint_id,
                     today=self.clock(),
                     on_result=lambda d: self._detail_loaded(seq, d),
                     on_error=self._detail_failed)

    def _detail_loaded(self, seq: int, d: svc.ComplaintDetail) -> None:
        if seq != self._detail_seq:
            return
        self.detail.show_detail(d)
        dialog = self.active_dialog
        if isinstance(dialog, forms.ComplaintDialog) and dialog.isVisible() and \
                dialog.detail.id == d.id:
            dialog.update_detail(d)
        self.detail_loaded.emit()

    def _detail_failed(self, exc: BaseException, _tb: str = "") -> None:
        self.detail.clear(forms.error_text(exc))

    def _data_changed(self, kind: str) -> None:
        if kind in ("complaint", "feedback", "compliment", "action", "complaint_procedure",
                    "reference"):
            if kind == "reference":
                self._load_options()
            self._refresh_timer.start()

    def _tab_changed(self, index: int) -> None:
        self.log_button.setVisible(index == 0)

    # -- navigation --------------------------------------------------------------------------

    def navigate_to(self, feedback_id: int | None = None, complaint_id: int | None = None,
                    **_: Any) -> None:
        """Drill-down: ``feedback_id`` opens "log as a complaint" for that record (or the
        complaint it already is); ``complaint_id`` selects a complaint."""
        if feedback_id is not None:
            self.log_from_feedback(int(feedback_id))
        elif complaint_id is not None:
            self.show_complaint(int(complaint_id))

    def show_complaint(self, complaint_id: int) -> None:
        self.tabs.setCurrentIndex(0)
        self._pending_complaint = complaint_id
        self.selected_id = None
        self.scope.blockSignals(True)
        self.scope.setCurrentIndex(self.scope.findData("all"))
        self.scope.blockSignals(False)
        self.reset_filters()
        self.select_complaint(complaint_id)

    # -- dialogs -----------------------------------------------------------------------------

    def _open(self, dialog: forms.ServiceDialog, on_saved: Callable[[Any], None]) -> None:
        self.active_dialog = dialog
        dialog.saved.connect(on_saved)
        dialog.conflict.connect(lambda _e: self.selected_id is not None
                                and self.load_detail(self.selected_id))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _r: setattr(self, "active_dialog", None)
                                if self.active_dialog is dialog else None)
        dialog.open()

    def _saved_complaint(self, d: svc.ComplaintDetail) -> None:
        self._detail_seq += 1  # any load still on its way is older than this
        self.selected_id = d.id
        self._pending_complaint = d.id
        self.detail.show_detail(d)
        self.ctx.data_changed.emit("complaint")

    def log_complaint(self) -> None:
        if self.options is None:
            return
        self.tabs.setCurrentIndex(0)
        self._open(forms.LogComplaintDialog(self.ctx, self.options, self.clock(), parent=self),
                   self._logged)

    def log_from_feedback(self, feedback_id: int) -> None:
        """Open "log as a complaint" for a feedback record (used by the Feedback page)."""
        self.tabs.setCurrentIndex(0)
        if self.options is None:
            self._pending_feedback = feedback_id
            return
        self.ctx.run(svc.feedback_summary, self.ctx.db, self.ctx.actor, feedback_id,
                     on_result=self._feedback_loaded, on_error=self._error)

    def _feedback_loaded(self, summary: svc.FeedbackSummary) -> None:
        if summary.complaint_id is not None:
            self.show_complaint(summary.complaint_id)
            return
        self._open(forms.LogComplaintDialog(self.ctx, self.options, self.clock(), summary,
                                            parent=self), self._logged)

    def _logged(self, d: svc.ComplaintDetail) -> None:
        if self.scope.currentData() == "closed":
            self.scope.setCurrentIndex(self.scope.findData("open"))
        self._saved_complaint(d)
        self.ctx.data_changed.emit("feedback")

    def run_action(self, key: str) -> None:
        d = self.detail.detail
        if d is None or self.options is None:
            return
        dialogs = {
            "acknowledge": lambda: forms.AcknowledgeDialog(self.ctx, d, self),
            "extend": lambda: forms.ExtendDialog(self.ctx, d, self),
            "pause": lambda: forms.PauseDialog(self.ctx, d, self),
            "resume": lambda: forms.ResumeDialog(self.ctx, d, self),
            "milestone": lambda: forms.MilestoneDialog(self.ctx, d, self),
            "respond": lambda: forms.RespondDialog(self.ctx, d, self.options.outcomes, self),
            "escalate": lambda: forms.EscalateDialog(self.ctx, d, self),
            "withdraw": lambda: forms.WithdrawDialog(self.ctx, d, self),
            "refer": lambda: forms.OmbudsmanReferralDialog(self.ctx, d, self),
            "decision": lambda: forms.OmbudsmanDecisionDialog(
                self.ctx, d, self.options.ombudsman_decisions, self),
            "handling": lambda: forms.HandlingDialog(self.ctx, d, self.options, self),
        }
        self._open(dialogs[key](), self._saved_complaint)

    def _learning_action(self, what: str, lp: svc.LearningPointView | None) -> None:
        d = self.detail.detail
        if d is None:
            return
        if what == "add":
            self._open(forms.LearningPointDialog(self.ctx, d, parent=self), self._saved_complaint)
        elif what == "edit" and lp is not None:
            self._open(forms.LearningPointDialog(self.ctx, d, lp, parent=self),
                       self._saved_complaint)
        elif what == "action" and lp is not None:
            self.make_action(lp)

    def make_action(self, lp: svc.LearningPointView) -> None:
        """One click: the learning point becomes a You Said, We Did action."""
        self.detail.lp_action.setEnabled(False)
        self.detail.lp_message.setText("Creating the action…")
        self.detail.lp_message.show()
        self.ctx.run(svc.learning_point_to_action, self.ctx.db, self.ctx.actor, lp.id,
                     on_result=self._action_made, on_error=self._action_failed)

    def _action_made(self, action: Any) -> None:
        ref = getattr(action, "reference", None) or "The action"
        action_id = getattr(action, "id", None)
        self.detail.lp_message.setText(
            f"{ref} was created and linked to this complaint. "
            "<a href='open'>Open it on the You Said, We Did page</a> to add the owner's plan and "
            "due date.")
        self.detail.lp_message.setTextFormat(Qt.TextFormat.RichText)
        self._last_action_id = action_id
        self.ctx.data_changed.emit("action")

    def _open_action(self, _link: str = "") -> None:
        if self._last_action_id is not None:
            self.ctx.navigate("yswd", action_id=self._last_action_id)

    def _action_failed(self, exc: BaseException, _tb: str = "") -> None:
        self.detail.lp_message.setText(forms.error_text(exc))
        self.detail._learning_selected(self.detail.learning.currentRow())

    # -- compliments -------------------------------------------------------------------------

    def refresh_compliments(self) -> None:
        self.ctx.run_latest((self, "compliments"), comp.list_compliments, self.ctx.db,
                            self.ctx.actor, awaiting_only=self.awaiting_only.isChecked(),
                            service_area_id=self.comp_area.currentData(),
                            search=self.comp_search.text(),
                            on_result=self._compliments_loaded, on_error=self._error)

    def _compliments_loaded(self, result: comp.ComplimentList) -> None:
        self.comp_model.set_rows(result.rows)
        n = len(result.rows)
        self.comp_note.setText(f"{n} compliment{'s' if n != 1 else ''} shown · "
                               f"{result.awaiting} awaiting thanks"
                               + (" · showing the newest only" if result.truncated else ""))
        self.tabs.setTabText(1, f"Compliments ({result.awaiting} awaiting thanks)"
                             if result.awaiting else "Compliments")
        if not result.rows:
            self.comp_empty.setText(
                "Every compliment's thanks have been passed on. Untick “Awaiting thanks "
                "only” to see them all." if self.awaiting_only.isChecked() else
                "No compliments match. Log one with “Log a compliment…”.")
            self.comp_stack.setCurrentIndex(1)
        else:
            self.comp_stack.setCurrentIndex(0)
        self._compliment_buttons()
        self.compliments_loaded.emit()

    def selected_compliment(self) -> comp.ComplimentRow | None:
        index = self.comp_table.currentIndex()
        if not index.isValid():
            return None
        return self.comp_model.row_at(self.comp_proxy.mapToSource(index).row())

    def _compliment_buttons(self) -> None:
        row = self.selected_compliment()
        can = allowed(self.ctx.actor, Permission.CAPTURE)
        self.thanks_button.setEnabled(row is not None and row.awaiting_thanks and can)
        self.praise_button.setEnabled(row is not None and can)
        if row is not None and not row.awaiting_thanks:
            self.thanks_button.setToolTip("The thanks for this compliment were already passed "
                                          "on.")
        else:
            self.thanks_button.setToolTip("Record that the thanks were passed on.")

    def pass_on_thanks(self) -> None:
        row = self.selected_compliment()
        if row is None or self.options is None or not row.awaiting_thanks:
            return
        self._open(forms.ThanksDialog(self.ctx, row, self.options, self.clock(), self),
                   lambda _r: self.ctx.data_changed.emit("compliment"))

    def edit_praise(self) -> None:
        row = self.selected_compliment()
        if row is None or self.options is None:
            return
        self._open(forms.PraiseDialog(self.ctx, row, self.options, self),
                   lambda _r: self.ctx.data_changed.emit("compliment"))

    def log_compliment(self) -> None:
        if self.options is None:
            return
        self._open(forms.LogComplimentDialog(self.ctx, self.options, self.clock(), self),
                   lambda _r: (self.ctx.data_changed.emit("compliment"),
                               self.ctx.data_changed.emit("feedback")))
