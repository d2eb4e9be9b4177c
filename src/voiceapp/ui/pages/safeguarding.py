"""The Safeguarding page: every flagged record until a manager records what was done.

There is no way to dismiss a flag here except by recording a decision (referred to the front
door with the referral reference, already known, or no action with a reason). Officers see the
queue (so they know what is waiting) but cannot decide. The age of each flag is shown and flags
waiting more than a day are marked overdue.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QSplitter,
    QStackedWidget,
    QTableView,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from voiceapp.domain.enums import SafeguardingDecision
from voiceapp.services import safeguarding as sg_service
from voiceapp.services.permissions import Permission, allowed
from voiceapp.services.safeguarding import DECISION_LABELS, FlagItem

from ..context import UiContext
from ..models.feedback_table import kind_label
from ..models.safeguarding import SafeguardingModel
from ..settings_store import WindowState

AGE_REFRESH_MS = 60_000  # ages tick on while the page is open


class SafeguardingPage(QWidget):
    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.can_decide = allowed(ctx.actor, Permission.SAFEGUARDING_DECIDE)
        self.current: FlagItem | None = None
        self.window_state = WindowState()

        title = QLabel("Safeguarding")
        title.setStyleSheet("font-size: 16pt; font-weight: 600;")
        intro = QLabel("Every record flagged as a possible safeguarding concern stays here until "
                       "a manager records what was done. Flags are for same-day review.")
        intro.setWordWrap(True)
        self.summary = QLabel()
        self.summary.setObjectName("safeguardingSummary")
        self.summary.setStyleSheet("font-weight: 600;")

        self.open_model = SafeguardingModel(decided=False, parent=self)
        self.decided_model = SafeguardingModel(decided=True, parent=self)
        self.open_table = self._table(self.open_model, "openFlags")
        self.decided_table = self._table(self.decided_model, "decidedFlags")
        self.open_table.selectionModel().currentRowChanged.connect(
            lambda cur, _p: self._select(cur.row()))

        self.empty = QLabel("No flags are waiting for a decision.\n\nWhen the analyser (or an "
                            "officer) flags a record, it appears here until a manager records "
                            "what was done.")
        self.empty.setObjectName("safeguardingEmpty")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.empty.setStyleSheet("color: #555; font-size: 12pt; padding: 40px;")
        self.open_stack = QStackedWidget()
        self.open_stack.addWidget(self.open_table)
        self.open_stack.addWidget(self.empty)

        self.splitter = QSplitter()
        self.splitter.setObjectName("safeguardingSplitter")
        self.splitter.addWidget(self.open_stack)
        self.splitter.addWidget(self._decision_panel())
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setChildrenCollapsible(False)
        state = self.window_state.get_bytes("safeguarding/splitter")
        if state is not None:
            self.splitter.restoreState(state)
        else:
            self.splitter.setSizes([640, 440])

        self.tabs = QTabWidget()
        self.tabs.addTab(self.splitter, "Waiting for a decision")
        self.tabs.addTab(self.decided_table, "Decided")

        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(intro)
        layout.addWidget(self.summary)
        layout.addWidget(self.tabs, 1)

        self._tick = QTimer(self)
        self._tick.setInterval(AGE_REFRESH_MS)
        self._tick.timeout.connect(self.refresh)
        self._tick.start()
        ctx.data_changed.connect(lambda what: what in ("safeguarding", "feedback")
                                 and self.refresh())
        self._show_item(None)
        self.refresh()

    def _table(self, model, name: str) -> QTableView:
        t = QTableView()
        t.setObjectName(name)
        t.setModel(model)
        t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        t.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        t.setAlternatingRowColors(True)
        t.setWordWrap(False)
        t.verticalHeader().hide()
        t.horizontalHeader().setStretchLastSection(True)
        t.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for i, w in enumerate((150, 70, 100, 110, 170, 220)):
            t.setColumnWidth(i, w)
        return t

    def _decision_panel(self) -> QWidget:
        panel = QWidget()
        lay = QVBoxLayout(panel)
        lay.setContentsMargins(6, 0, 0, 0)
        self.item_title = QLabel()
        self.item_title.setObjectName("flagTitle")
        self.item_title.setStyleSheet("font-size: 12pt; font-weight: 600;")
        self.item_title.setWordWrap(True)
        lay.addWidget(self.item_title)
        self.reasons = QLabel()
        self.reasons.setObjectName("flagReasons")
        self.reasons.setWordWrap(True)
        self.reasons.setStyleSheet("background: #a4161a; color: white; padding: 6px; "
                                   "border-radius: 4px; font-weight: 600;")
        lay.addWidget(self.reasons)
        self.text = QTextBrowser()
        self.text.setObjectName("flagText")
        self.text.setStyleSheet("font-size: 11pt;")
        lay.addWidget(self.text, 2)
        self.open_record = QPushButton("Open the record on the Feedback page")
        self.open_record.setObjectName("openRecord")
        self.open_record.clicked.connect(self._open_record)
        lay.addWidget(self.open_record)

        box = QGroupBox("Record what was done")
        box.setObjectName("decisionBox")
        form = QVBoxLayout(box)
        self.decision_group = QButtonGroup(self)
        self.decision_buttons: dict[str, QRadioButton] = {}
        for value, label in DECISION_LABELS.items():
            b = QRadioButton(label)
            b.setObjectName(f"decision_{value}")
            self.decision_group.addButton(b)
            self.decision_buttons[value] = b
            form.addWidget(b)
            b.toggled.connect(lambda _on: self._update_decision_fields())
        fields = QFormLayout()
        self.reference = QLineEdit()
        self.reference.setObjectName("referralReference")
        self.reference.setPlaceholderText("e.g. MASH-2026-01234")
        fields.addRow("Referral reference", self.reference)
        self.reason = QPlainTextEdit()
        self.reason.setObjectName("decisionReason")
        self.reason.setPlaceholderText("What was done and why (required for no action)")
        self.reason.setMaximumHeight(80)
        fields.addRow("Notes / reason", self.reason)
        form.addLayout(fields)
        row = QHBoxLayout()
        self.decide_note = QLabel()
        self.decide_note.setObjectName("decideNote")
        self.decide_note.setWordWrap(True)
        self.decide_button = QPushButton("Record decision")
        self.decide_button.setObjectName("recordDecision")
        self.decide_button.clicked.connect(self.record_decision)
        row.addWidget(self.decide_note, 1)
        row.addWidget(self.decide_button)
        form.addLayout(row)
        lay.addWidget(box)
        if not self.can_decide:
            for w in (*self.decision_buttons.values(), self.reference, self.reason,
                      self.decide_button):
                w.setEnabled(False)
            self.decide_note.setText("Only a manager can record a safeguarding decision. If "
                                     "you are worried, tell the manager on duty now.")
        self.panel = panel
        return panel

    # ------------------------------------------------------------------ data

    def refresh(self) -> None:
        ctx = self.ctx

        def load():
            return (sg_service.open_flags(ctx.db, ctx.actor),
                    sg_service.decided_flags(ctx.db, ctx.actor))

        ctx.run(load, on_result=self._loaded,
                on_error=lambda exc, *_: ctx.show_error(self, exc, "The safeguarding queue could "
                                                        "not load"))

    def _loaded(self, result) -> None:
        open_items, decided = result
        keep = self.current.review_id if self.current else None
        self.open_model.set_items(open_items)
        self.decided_model.set_items(decided)
        n = len(open_items)
        self.tabs.setTabText(0, f"Waiting for a decision ({n})")
        if n:
            oldest = open_items[0]
            overdue = sum(1 for i in open_items if i.overdue)
            self.summary.setText(f"{n} flag{'s' if n != 1 else ''} waiting; the oldest has "
                                 f"waited {oldest.age_text}"
                                 + (f"; {overdue} overdue." if overdue else "."))
            self.summary.setStyleSheet("font-weight: 600; color: #a4161a;")
            self.open_stack.setCurrentIndex(0)
            rows = [i for i, it in enumerate(open_items) if it.review_id == keep]
            self.open_table.selectRow(rows[0] if rows else 0)
        else:
            self.summary.setText("No flags waiting.")
            self.summary.setStyleSheet("font-weight: 600; color: #1b6e2d;")
            self.open_stack.setCurrentIndex(1)
            self._show_item(None)

    def _select(self, row: int) -> None:
        self._show_item(self.open_model.item(row) if 0 <= row < self.open_model.rowCount()
                        else None)

    def _show_item(self, item: FlagItem | None) -> None:
        self.current = item
        self.panel.setEnabled(item is not None)
        if item is None:
            self.item_title.setText("Select a flag to see the record and record a decision.")
            self.reasons.hide()
            self.text.clear()
            return
        self.item_title.setText(f"{kind_label(item.kind)} {item.feedback_id} · received "
                                f"{item.received_on:%d %b %Y} · flagged {item.age_text} ago by "
                                f"{item.flagged_by}")
        self.reasons.setText("⚠ " + "; ".join(item.reasons))
        self.reasons.show()
        self.text.setPlainText(item.text)
        self.decision_group.setExclusive(False)
        for b in self.decision_buttons.values():
            b.setChecked(False)
        self.decision_group.setExclusive(True)
        self.reference.clear()
        self.reason.clear()
        self._update_decision_fields()

    def _chosen(self) -> str | None:
        for value, b in self.decision_buttons.items():
            if b.isChecked():
                return value
        return None

    def _update_decision_fields(self) -> None:
        chosen = self._chosen()
        self.reference.setEnabled(self.can_decide and
                                  chosen == SafeguardingDecision.REFERRED_FRONT_DOOR.value)
        if self.can_decide:
            self.decide_button.setEnabled(chosen is not None)
            hints = {
                SafeguardingDecision.REFERRED_FRONT_DOOR.value: "Enter the referral reference.",
                SafeguardingDecision.ALREADY_KNOWN.value: "Add who was informed (optional).",
                SafeguardingDecision.NO_ACTION.value: "Say why no action is needed (required).",
            }
            self.decide_note.setText(hints.get(chosen, "Choose what was done."))

    def record_decision(self) -> None:
        item, chosen = self.current, self._chosen()
        if item is None or chosen is None:
            return
        ctx = self.ctx
        self.decide_button.setEnabled(False)
        ctx.run(sg_service.record_decision, ctx.db, ctx.actor, item.review_id, chosen,
                self.reference.text(), self.reason.toPlainText(),
                on_result=self._decided, on_error=self._failed)

    def _decided(self, _item) -> None:
        self.current = None
        self.ctx.data_changed.emit("safeguarding")

    def _failed(self, exc: BaseException, *_tb) -> None:
        self._update_decision_fields()
        self.ctx.show_error(self, exc, "The decision was not recorded")

    def _open_record(self) -> None:
        if self.current is not None:
            self.ctx.navigate("feedback", feedback_id=self.current.feedback_id)

    def shutdown(self) -> None:
        self.window_state.set_bytes("safeguarding/splitter", self.splitter.saveState())
