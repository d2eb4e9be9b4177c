"""The Audit trail page: who saw and changed what, newest first.

Filters (user, action, record type, dates, words) are applied in SQL; the table loads 200
entries at a time as you scroll (keyset paging, so the millionth entry is as quick as the
first). Selecting an entry shows its before and after values (case text is hidden from an
administrator who is not also a manager). "Verify chain" re-checks every entry's hash link in
the background and says where the chain is broken, if it is."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QDate, QModelIndex, Qt, QTimer
from PySide6.QtGui import QColor, QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from voiceapp.services import audit_query
from voiceapp.services.audit_query import AuditFilter, AuditRow

from ..context import UiContext

_ROOT = QModelIndex()  # the invisible root: default parent in models

PAGE_SIZE = 200
ANY = "(any)"


class AuditTableModel(QAbstractTableModel):
    """Audit entries, newest first, fetched a page at a time from `fetch(before_id)`."""

    HEADERS = ("When", "User", "Action", "Record", "Summary")

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.rows: list[AuditRow] = []
        self.has_more = False
        self.fetch = None  # callable(before_id) -> AuditPage; set by the page

    def reset(self, rows: list[AuditRow], has_more: bool) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.has_more = has_more
        self.endResetModel()

    def rowCount(self, parent: QModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        return None

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        r = self.rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                return f"{r.at:%d %b %Y %H:%M:%S}"
            if col == 1:
                return r.username
            if col == 2:
                return r.action
            if col == 3:
                return f"{r.entity} {r.entity_id}" if r.entity_id else r.entity
            return r.summary
        if role == Qt.ItemDataRole.ToolTipRole and col == 4:
            return r.summary
        if role == Qt.ItemDataRole.UserRole:
            return r.id
        if role == Qt.ItemDataRole.ForegroundRole and "failed" in r.action:
            return QColor("#a11d1d")
        return None

    def canFetchMore(self, parent: QModelIndex = _ROOT) -> bool:
        return not parent.isValid() and self.has_more and self.fetch is not None

    def fetchMore(self, parent: QModelIndex = _ROOT) -> None:
        if not self.canFetchMore(parent) or not self.rows:
            return
        page = self.fetch(self.rows[-1].id)
        if page.rows:
            first = len(self.rows)
            self.beginInsertRows(QModelIndex(), first, first + len(page.rows) - 1)
            self.rows.extend(page.rows)
            self.endInsertRows()
        self.has_more = page.has_more


def changes(before: Any, after: Any) -> list[str]:
    """'field: old → new' for each top-level value that differs (both sides dicts)."""
    if not isinstance(before, dict) or not isinstance(after, dict):
        return []
    out = []
    for key in sorted(set(before) | set(after)):
        old, new = before.get(key), after.get(key)
        if old != new:
            out.append(f"  {key}: {json.dumps(old, ensure_ascii=False, default=str)} → "
                       f"{json.dumps(new, ensure_ascii=False, default=str)}")
    return out


def _pretty(value: Any) -> str:
    if value is None:
        return "(nothing recorded)"
    return json.dumps(value, indent=2, ensure_ascii=False, sort_keys=True, default=str)


class AuditPage(QWidget):
    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._generation = 0
        title = QLabel("Audit trail")
        title.setStyleSheet("font-size: 16pt; font-weight: 600;")
        intro = QLabel("Every sign-in (and failed attempt), change, export, report, backup and "
                       "purge, with who did it and when. Entries cannot be changed or removed; "
                       "each one carries a fingerprint of the one before, so tampering shows.")
        intro.setWordWrap(True)

        self.user = QComboBox()
        self.user.setObjectName("filterUser")
        self.action = QComboBox()
        self.action.setObjectName("filterAction")
        self.entity = QComboBox()
        self.entity.setObjectName("filterEntity")
        for combo in (self.user, self.action, self.entity):
            combo.setMinimumContentsLength(12)
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.use_from = QCheckBox("From")
        self.use_from.setObjectName("useFrom")
        self.date_from = QDateEdit(QDate.currentDate().addMonths(-1))
        self.date_from.setObjectName("dateFrom")
        self.use_to = QCheckBox("to")
        self.use_to.setObjectName("useTo")
        self.date_to = QDateEdit(QDate.currentDate())
        self.date_to.setObjectName("dateTo")
        for d in (self.date_from, self.date_to):
            d.setCalendarPopup(True)
            d.setDisplayFormat("dd MMM yyyy")
            d.setEnabled(False)
        self.use_from.toggled.connect(self.date_from.setEnabled)
        self.use_to.toggled.connect(self.date_to.setEnabled)
        self.text = QLineEdit()
        self.text.setObjectName("filterText")
        self.text.setPlaceholderText("Words in the summary, a user name or a record id")
        self.text.setClearButtonEnabled(True)
        self.clear_button = QPushButton("Clear filters")
        self.clear_button.setObjectName("clearFilters")
        self.clear_button.clicked.connect(self.clear_filters)

        filters = QGridLayout()
        filters.addWidget(QLabel("&User:"), 0, 0)
        filters.itemAtPosition(0, 0).widget().setBuddy(self.user)
        filters.addWidget(self.user, 0, 1)
        filters.addWidget(QLabel("&Action:"), 0, 2)
        filters.itemAtPosition(0, 2).widget().setBuddy(self.action)
        filters.addWidget(self.action, 0, 3)
        filters.addWidget(QLabel("&Record type:"), 0, 4)
        filters.itemAtPosition(0, 4).widget().setBuddy(self.entity)
        filters.addWidget(self.entity, 0, 5)
        dates = QHBoxLayout()
        dates.addWidget(self.use_from)
        dates.addWidget(self.date_from)
        dates.addWidget(self.use_to)
        dates.addWidget(self.date_to)
        dates.addStretch(1)
        filters.addLayout(dates, 1, 0, 1, 4)
        filters.addWidget(self.text, 1, 4, 1, 2)
        filters.addWidget(self.clear_button, 0, 6)
        filters.setColumnStretch(1, 1)
        filters.setColumnStretch(3, 1)
        filters.setColumnStretch(5, 2)

        self.model = AuditTableModel(self)
        self.model.fetch = self._fetch_page
        self.table = QTableView()
        self.table.setObjectName("auditTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        for c in range(4):
            header.setSectionResizeMode(c, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.table.selectionModel().currentRowChanged.connect(
            lambda cur, _prev: self._show_detail(cur))

        self.empty = QLabel()
        self.empty.setObjectName("auditEmpty")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.empty.setStyleSheet("color: #505050; font-size: 11pt; padding: 24px;")
        self.empty.hide()

        self.detail = QPlainTextEdit()
        self.detail.setObjectName("auditDetail")
        self.detail.setReadOnly(True)
        mono = QFont("monospace")
        mono.setStyleHint(QFont.StyleHint.TypeWriter)
        self.detail.setFont(mono)
        self.detail.setPlaceholderText("Select an entry to see what changed (before and after).")

        self.count_label = QLabel()
        self.count_label.setObjectName("auditCount")
        self.verify_button = QPushButton("Verify chain")
        self.verify_button.setObjectName("verifyChain")
        self.verify_button.setToolTip("Re-check every entry's link to the one before it")
        self.verify_button.clicked.connect(self.verify)
        self.verify_label = QLabel()
        self.verify_label.setObjectName("verifyResult")
        self.verify_label.setWordWrap(True)

        left = QWidget()
        ll = QVBoxLayout(left)
        ll.setContentsMargins(0, 0, 0, 0)
        ll.addWidget(self.table, 1)
        ll.addWidget(self.empty, 1)
        split = QSplitter()
        split.setObjectName("auditSplitter")
        split.addWidget(left)
        split.addWidget(self.detail)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setSizes([760, 440])

        bottom = QHBoxLayout()
        bottom.addWidget(self.count_label)
        bottom.addStretch(1)
        bottom.addWidget(self.verify_label, 2)
        bottom.addWidget(self.verify_button)

        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(intro)
        layout.addLayout(filters)
        layout.addWidget(split, 1)
        layout.addLayout(bottom)

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(300)
        self._debounce.timeout.connect(self.refresh)
        self.text.textChanged.connect(self._debounce.start)
        for combo in (self.user, self.action, self.entity):
            combo.currentIndexChanged.connect(self._debounce.start)
        for w in (self.use_from, self.use_to):
            w.toggled.connect(self._debounce.start)
        for d in (self.date_from, self.date_to):
            d.dateChanged.connect(self._debounce.start)
        QShortcut(QKeySequence("Ctrl+L"), self, activated=self.text.setFocus)
        self.setTabOrder(self.user, self.action)
        self.setTabOrder(self.action, self.entity)
        self.setTabOrder(self.entity, self.use_from)
        self.setTabOrder(self.text, self.table)

        self._load_vocabulary()
        self.refresh()

    # ------------------------------------------------------------------ filters

    def _load_vocabulary(self) -> None:
        actions, entities, people = audit_query.audit_vocabulary(self.ctx.db, self.ctx.actor)
        for combo, values in ((self.user, people), (self.action, actions),
                              (self.entity, entities)):
            current = combo.currentText()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(ANY)
            combo.addItems(values)
            i = combo.findText(current)
            combo.setCurrentIndex(max(0, i))
            combo.blockSignals(False)

    @staticmethod
    def _choice(combo: QComboBox) -> str | None:
        text = combo.currentText()
        return None if text in ("", ANY) else text

    def current_filter(self) -> AuditFilter:
        def d(edit: QDateEdit) -> date:
            q = edit.date()
            return date(q.year(), q.month(), q.day())

        return AuditFilter(
            username=self._choice(self.user), action=self._choice(self.action),
            entity=self._choice(self.entity),
            date_from=d(self.date_from) if self.use_from.isChecked() else None,
            date_to=d(self.date_to) if self.use_to.isChecked() else None,
            text=self.text.text().strip() or None)

    def clear_filters(self) -> None:
        for w in (self.user, self.action, self.entity):
            w.setCurrentIndex(0)
        self.use_from.setChecked(False)
        self.use_to.setChecked(False)
        self.text.clear()
        self.refresh()

    def navigate_to(self, **kwargs: Any) -> None:
        """Drill-down, e.g. navigate("audit", entity="feedback", entity_id=12)."""
        if "entity" in kwargs:
            i = self.entity.findText(str(kwargs["entity"]))
            self.entity.setCurrentIndex(max(0, i))
        if "entity_id" in kwargs:
            self.text.setText(str(kwargs["entity_id"]))
        self.refresh()

    # ------------------------------------------------------------------ loading

    def _fetch_page(self, before_id: int | None):
        return audit_query.search_audit(self.ctx.db, self.ctx.actor, self.current_filter(),
                                        limit=PAGE_SIZE, before_id=before_id)

    def refresh(self) -> None:
        self._debounce.stop()
        try:
            flt = self.current_filter()
        except Exception as exc:
            self.ctx.show_error(self, exc)
            return
        self._generation += 1
        gen = self._generation
        self.count_label.setText("Searching…")

        def work():
            page = audit_query.search_audit(self.ctx.db, self.ctx.actor, flt, limit=PAGE_SIZE)
            total = audit_query.count_audit(self.ctx.db, self.ctx.actor, flt)
            return page, total

        def done(result) -> None:
            if gen != self._generation:
                return  # a newer search has started; this one is stale
            page, total = result
            self.model.reset(page.rows, page.has_more)
            self.count_label.setText(f"{total:,} entr{'y' if total == 1 else 'ies'} match"
                                     + ("es" if total == 1 else ""))
            self.detail.clear()
            empty = total == 0
            self.table.setVisible(not empty)
            self.empty.setVisible(empty)
            if empty:
                self.empty.setText("No audit entries match these filters.\n"
                                   "Clear the filters to see everything.")

        def failed(exc, _tb="") -> None:
            if gen == self._generation:
                self.count_label.setText("")
                self.ctx.show_error(self, exc)

        self.ctx.run(work, on_result=done, on_error=failed)

    def _show_detail(self, index: QModelIndex) -> None:
        entry_id = self.model.data(self.model.index(index.row(), 0), Qt.ItemDataRole.UserRole) \
            if index.isValid() else None
        if entry_id is None:
            self.detail.clear()
            return
        try:
            d = audit_query.audit_entry(self.ctx.db, self.ctx.actor, entry_id)
        except Exception as exc:
            self.ctx.show_error(self, exc)
            return
        r = d.row
        lines = [
            f"Entry {r.id}",
            f"When:    {r.at:%A %d %B %Y, %H:%M:%S}",
            f"Who:     {r.username}",
            f"Action:  {r.action}",
            f"Record:  {r.entity}" + (f" {r.entity_id}" if r.entity_id else ""),
            "",
            r.summary or "(no summary)",
            "",
        ]
        diff = changes(d.before, d.after)
        if diff:
            lines += ["What changed:", *diff, ""]
        lines += [
            "Before:",
            _pretty(d.before),
            "",
            "After:",
            _pretty(d.after),
        ]
        if d.masked:
            lines += ["", "Case details (free text, names, contact details) are hidden: your "
                          "role does not include reading case records."]
        lines += ["", f"Fingerprint:     {d.hash}", f"Previous entry:  {d.prev_hash}"]
        self.detail.setPlainText("\n".join(lines))

    # ------------------------------------------------------------------ verify

    def verify(self) -> None:
        self.verify_button.setEnabled(False)
        self.verify_label.setStyleSheet("")
        self.verify_label.setText("Verifying every entry…")

        def done(report) -> None:
            self.verify_button.setEnabled(True)
            if report.ok:
                self.verify_label.setStyleSheet("color: #1b6e20; font-weight: 600;")
                self.verify_label.setText(f"✓ Chain intact: all {report.entries:,} entries "
                                          "verified.")
            else:
                self.verify_label.setStyleSheet("color: #a11d1d; font-weight: 600;")
                self.verify_label.setText(
                    f"✗ Broken at entry {report.first_broken_id}: {report.problem}. Tell your "
                    "administrator; keep a copy of this database as evidence.")

        def failed(exc, _tb="") -> None:
            self.verify_button.setEnabled(True)
            self.verify_label.setText("")
            self.ctx.show_error(self, exc)

        self.ctx.run(audit_query.verify_chain, self.ctx.db, on_result=done, on_error=failed)
