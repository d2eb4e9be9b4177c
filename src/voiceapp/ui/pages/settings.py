"""The Settings page.

Administrators see Users, Reference lists, Retention and Backups; everyone sees My account
(change password). Every change goes through a service, which checks the role again and
writes the audit trail; the tabs only decide what to show.

`AutoBackupScheduler` runs the automatic backup (Settings › Backups) on a timer while the app
is open; app.py starts it after sign-in."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from voiceapp.domain.enums import RecordKind, ReferenceList, UserRole
from voiceapp.errors import ValidationError, VoiceappError
from voiceapp.services import backup as backup_service
from voiceapp.services import reference_lists, retention, users
from voiceapp.services.permissions import Permission, allowed
from voiceapp.services.reference_lists import LIST_LABELS, ReferenceEntry
from voiceapp.services.users import UserInfo
from voiceapp.ui.models.list_table import ListTableModel

from ..context import UiContext

_ROOT = QModelIndex()  # the invisible root: default parent in models

ROLE_LABELS = {UserRole.OFFICER: "Officer", UserRole.MANAGER: "Manager",
               UserRole.BOARD_VIEWER: "Board viewer", UserRole.ADMINISTRATOR: "Administrator"}
INTERVALS = [(0, "Off"), (4, "Every 4 hours"), (12, "Every 12 hours"), (24, "Every day"),
             (168, "Every week")]
WARNING_STYLE = ("QLabel { color: #8a1c1c; background: #fdecea; border: 1px solid #f5c2c0; "
                 "border-radius: 4px; padding: 6px; }")
OK_STYLE = "QLabel { color: #1b6e20; }"


# --------------------------------------------------------------------------- small helpers
# (module-level so tests can stand in for the modal file and confirmation dialogs)


def ask_save_path(parent: QWidget, title: str, suggested: str, filters: str) -> str:
    path, _ = QFileDialog.getSaveFileName(parent, title, suggested, filters)
    return path


def ask_open_path(parent: QWidget, title: str, filters: str) -> str:
    path, _ = QFileDialog.getOpenFileName(parent, title, "", filters)
    return path


def ask_folder(parent: QWidget, title: str, start: str) -> str:
    return QFileDialog.getExistingDirectory(parent, title, start)


def confirm(parent: QWidget, title: str, text: str, detail: str = "",
            yes: str = "Yes") -> bool:
    box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.NoButton,
                      parent)
    box.setObjectName("confirmDialog")
    if detail:
        box.setInformativeText(detail)
    ok = box.addButton(yes, QMessageBox.ButtonRole.AcceptRole)
    cancel = box.addButton("Cancel", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(cancel)
    box.exec()
    return box.clickedButton() is ok


def ask_password(parent: QWidget, title: str, label: str) -> str | None:
    text, ok = QInputDialog.getText(parent, title, label, QLineEdit.EchoMode.Password)
    return text if ok else None


def inform(parent: QWidget, title: str, text: str) -> None:
    QMessageBox.information(parent, title, text)


def _kinds_text(by_kind: dict[str, int]) -> str:
    parts = []
    for kind in RecordKind:
        n = by_kind.get(kind.value, 0)
        if n:
            parts.append(f"{n:,} {kind.label.lower()}{'s' if n != 1 else ''}")
    return ", ".join(parts) or "none"


class _Tab(QWidget):
    """Shared plumbing: run a service call in the background, report errors plainly."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx

    def call(self, fn: Callable, *args: Any, done: Callable[[Any], None] | None = None,
             **kwargs: Any) -> None:
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)

        def ok(value: Any) -> None:
            QApplication.restoreOverrideCursor()
            if done is not None:
                done(value)

        def failed(exc: BaseException, _tb: str = "") -> None:
            QApplication.restoreOverrideCursor()
            self.ctx.show_error(self, exc)

        self.ctx.run(fn, *args, on_result=ok, on_error=failed, **kwargs)


def _title(text: str) -> QLabel:
    label = QLabel(text)
    label.setStyleSheet("font-size: 12pt; font-weight: 600;")
    return label


def _note(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setStyleSheet("color: #505050;")
    return label


def _table(model: QAbstractTableModel, name: str) -> QTableView:
    view = QTableView()
    view.setObjectName(name)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setAlternatingRowColors(True)
    view.verticalHeader().hide()
    view.setSortingEnabled(False)
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setStretchLastSection(True)
    return view


# --------------------------------------------------------------------------- users


class UsersModel(ListTableModel):
    COLUMNS = ("User", "Name", "Roles", "Status", "Last sign-in")

    @staticmethod
    def status(u: UserInfo) -> str:
        if not u.active:
            return "Disabled"
        parts = ["Active"]
        if u.is_locked():
            parts = [f"Locked until {u.locked_until:%H:%M}"]
        if u.must_change_password:
            parts.append("must choose a password")
        if u.is_demo_password:
            parts.append("DEMO PASSWORD")
        return ", ".join(parts)

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        u = self.rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                return u.username
            if col == 1:
                return u.display_name
            if col == 2:
                return ", ".join([ROLE_LABELS[u.role]] + [ROLE_LABELS[r] for r in u.extra_roles])
            if col == 3:
                return self.status(u)
            return f"{u.last_login_at:%d %b %Y %H:%M}" if u.last_login_at else "never"
        if role == Qt.ItemDataRole.ForegroundRole:
            if not u.active:
                return QColor("#777777")
            if col == 3 and (u.is_demo_password or u.is_locked()):
                return QColor("#a11d1d")
        if role == Qt.ItemDataRole.UserRole:
            return u.id
        return None


class UserDialog(QDialog):
    """Add a user, or change an existing user's roles (then the password fields are hidden)."""

    def __init__(self, parent: QWidget | None = None, user: UserInfo | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("userDialog")
        self.setWindowTitle("Change roles" if user else "Add a user")
        self.username = QLineEdit(user.username if user else "")
        self.username.setObjectName("newUsername")
        self.username.setReadOnly(user is not None)
        self.display_name = QLineEdit(user.display_name if user else "")
        self.display_name.setObjectName("newDisplayName")
        self.display_name.setReadOnly(user is not None)
        self.role = QComboBox()
        self.role.setObjectName("newRole")
        for role, label in ROLE_LABELS.items():
            self.role.addItem(label, role.value)
        if user:
            self.role.setCurrentIndex(self.role.findData(user.role.value))
        self.extras: dict[UserRole, QCheckBox] = {}
        extra_box = QHBoxLayout()
        for role in (UserRole.MANAGER, UserRole.ADMINISTRATOR):
            cb = QCheckBox(f"also {ROLE_LABELS[role].lower()}")
            cb.setObjectName(f"also_{role.value}")
            cb.setChecked(bool(user and role in user.extra_roles))
            self.extras[role] = cb
            extra_box.addWidget(cb)
        extra_box.addStretch(1)
        self.password = QLineEdit()
        self.password.setObjectName("newPassword")
        self.confirm = QLineEdit()
        self.confirm.setObjectName("newPasswordConfirm")
        for w in (self.password, self.confirm):
            w.setEchoMode(QLineEdit.EchoMode.Password)
        form = QFormLayout()
        form.addRow("&User name:", self.username)
        form.addRow("&Name:", self.display_name)
        form.addRow("&Role:", self.role)
        form.addRow("", extra_box)
        if user is None:
            form.addRow("&Temporary password:", self.password)
            form.addRow("&Confirm:", self.confirm)
            form.addRow("", _note("They will choose their own password when they first sign "
                                  "in."))
        self.message = QLabel()
        self.message.setStyleSheet(WARNING_STYLE)
        self.message.setWordWrap(True)
        self.message.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._check)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.setMinimumWidth(420)
        self._adding = user is None

    def roles(self) -> tuple[str, list[str]]:
        main = self.role.currentData()
        return main, [r.value for r, cb in self.extras.items()
                      if cb.isChecked() and r.value != main]

    def _check(self) -> None:
        if self._adding and self.password.text() != self.confirm.text():
            self.message.setText("The two passwords are not the same.")
            self.message.show()
            return
        self.accept()


class UsersTab(_Tab):
    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.model = UsersModel(self)
        self.view = _table(self.model, "usersTable")
        self.view.selectionModel().currentRowChanged.connect(lambda *_: self._update_buttons())
        self.view.doubleClicked.connect(lambda _i: self.change_roles())
        self.buttons: dict[str, QPushButton] = {}
        row = QHBoxLayout()
        for key, text, fn in (("add", "&Add user…", self.add), ("roles", "Change &roles…",
                                                                  self.change_roles),
                              ("toggle", "&Disable", self.toggle_active),
                              ("reset", "Reset &password…", self.reset_password),
                              ("unlock", "&Unlock", self.unlock)):
            b = QPushButton(text)
            b.setObjectName(f"users_{key}")
            b.clicked.connect(fn)
            row.addWidget(b)
            self.buttons[key] = b
        row.addStretch(1)

        policy = users.lockout_policy(ctx.db)
        self.failures = QSpinBox()
        self.failures.setObjectName("lockoutFailures")
        self.failures.setRange(3, 20)
        self.failures.setValue(policy.failures)
        self.minutes = QSpinBox()
        self.minutes.setObjectName("lockoutMinutes")
        self.minutes.setRange(1, 24 * 60)
        self.minutes.setSuffix(" minutes")
        self.minutes.setValue(policy.minutes)
        save_policy = QPushButton("Save lock-out")
        save_policy.setObjectName("saveLockout")
        save_policy.clicked.connect(self.save_policy)
        lock = QGroupBox("Lock-out after wrong passwords")
        ll = QHBoxLayout(lock)
        ll.addWidget(QLabel("Lock an account after"))
        ll.addWidget(self.failures)
        ll.addWidget(QLabel("wrong passwords in a row, for"))
        ll.addWidget(self.minutes)
        ll.addStretch(1)
        ll.addWidget(save_policy)

        layout = QVBoxLayout(self)
        layout.addWidget(_note("Who can sign in, and as what. Officers capture and edit their "
                               "own records; managers see all records, decide safeguarding "
                               "flags and complaint outcomes and export; board viewers see "
                               "reports and trends only; administrators look after users, the "
                               "codebook, lists, retention and backups."))
        layout.addWidget(self.view, 1)
        layout.addLayout(row)
        layout.addWidget(lock)
        self.refresh()

    def refresh(self) -> None:
        current = self.selected()
        self.model.set_rows(users.list_users(self.ctx.db, self.ctx.actor))
        if current is not None:
            for i, u in enumerate(self.model.rows):
                if u.id == current.id:
                    self.view.selectRow(i)
        self._update_buttons()

    def selected(self) -> UserInfo | None:
        index = self.view.currentIndex()
        if not index.isValid() or index.row() >= len(self.model.rows):
            return None
        return self.model.rows[index.row()]

    def select_user(self, username: str) -> None:
        for i, u in enumerate(self.model.rows):
            if u.username == username:
                self.view.selectRow(i)
                return

    def _update_buttons(self) -> None:
        u = self.selected()
        for key in ("roles", "toggle", "reset", "unlock"):
            self.buttons[key].setEnabled(u is not None)
        if u is not None:
            self.buttons["toggle"].setText("&Enable" if not u.active else "&Disable")
            self.buttons["unlock"].setEnabled(u.is_locked())

    def _changed(self, _value: Any = None) -> None:
        self.refresh()
        self.ctx.data_changed.emit("user")

    def add(self) -> None:
        dlg = UserDialog(self)
        if dlg.exec() != QDialog.DialogCode.Accepted:
            return
        main, extras = dlg.roles()
        name = dlg.username.text()

        def done(_info) -> None:
            self._changed()
            self.select_user(name.strip())

        self.call(users.add_user, self.ctx.db, self.ctx.actor, dlg.username.text(),
                  dlg.display_name.text(), main, dlg.password.text(), extra_roles=extras,
                  done=done)

    def change_roles(self) -> None:
        u = self.selected()
        if u is None:
            return
        dlg = UserDialog(self, u)
        if dlg.exec() != QDialog.DialogCode.Accepted:
            return
        main, extras = dlg.roles()
        self.call(users.set_roles, self.ctx.db, self.ctx.actor, u.id, main, extras,
                  done=self._changed)

    def toggle_active(self) -> None:
        u = self.selected()
        if u is None:
            return
        if u.active and not confirm(self, "Disable user",
                                    f"Disable {u.display_name} ({u.username})?",
                                    "They will not be able to sign in. Their records and "
                                    "history are kept; you can enable them again.", "Disable"):
            return
        self.call(users.set_active, self.ctx.db, self.ctx.actor, u.id, not u.active,
                  done=self._changed)

    def reset_password(self) -> None:
        u = self.selected()
        if u is None:
            return
        first = ask_password(self, "Reset password",
                             f"Temporary password for {u.display_name} ({u.username}):")
        if first is None:
            return
        again = ask_password(self, "Reset password", "Type it again:")
        if again is None:
            return
        if first != again:
            self.ctx.show_error(self, ValidationError("The two passwords are not the same; "
                                                      "nothing was changed."))
            return

        def done(_info) -> None:
            self._changed()
            inform(self, "Password reset",
                   f"{u.username} will choose a new password when they next sign in.")

        self.call(users.reset_password, self.ctx.db, self.ctx.actor, u.id, first, done=done)

    def unlock(self) -> None:
        u = self.selected()
        if u is not None:
            self.call(users.unlock_user, self.ctx.db, self.ctx.actor, u.id, done=self._changed)

    def save_policy(self) -> None:
        self.call(users.set_lockout_policy, self.ctx.db, self.ctx.actor, self.failures.value(),
                  self.minutes.value(),
                  done=lambda p: inform(self, "Lock-out saved",
                                        f"Accounts now lock after {p.failures} wrong passwords "
                                        f"for {p.minutes} minutes."))


# --------------------------------------------------------------------------- reference lists


class ReferenceModel(ListTableModel):
    COLUMNS = ("Name", "Code", "Belongs to", "Records", "Status")

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        e = self.rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (e.label, e.code, e.parent_label or "", f"{e.records:,}",
                    "Active" if e.active else "Deactivated")[col]
        if role == Qt.ItemDataRole.TextAlignmentRole and col == 3:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and not e.active:
            return QColor("#777777")
        if role == Qt.ItemDataRole.UserRole:
            return e.id
        return None


class ReferenceTab(_Tab):
    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.list_choice = QComboBox()
        self.list_choice.setObjectName("referenceList")
        for ln, label in LIST_LABELS.items():
            self.list_choice.addItem(label, ln.value)
        self.list_choice.currentIndexChanged.connect(lambda _i: self.refresh())
        top = QHBoxLayout()
        top.addWidget(QLabel("&List:"))
        top.itemAt(0).widget().setBuddy(self.list_choice)
        top.addWidget(self.list_choice)
        top.addStretch(1)
        self.model = ReferenceModel(self)
        self.view = _table(self.model, "referenceTable")
        self.view.selectionModel().currentRowChanged.connect(lambda *_: self._update_buttons())
        self.view.doubleClicked.connect(lambda _i: self.rename())
        self.buttons: dict[str, QPushButton] = {}
        row = QHBoxLayout()
        for key, text, fn in (("add", "&Add…", self.add), ("rename", "&Rename…", self.rename),
                              ("toggle", "&Deactivate", self.toggle_active)):
            b = QPushButton(text)
            b.setObjectName(f"reference_{key}")
            b.clicked.connect(fn)
            row.addWidget(b)
            self.buttons[key] = b
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(_note("The choices offered when recording feedback. Items are never "
                               "deleted, because records use them: deactivate an item to take "
                               "it out of the pick lists (old records keep it). Renaming "
                               "changes the name everywhere; the code stays the same for "
                               "imports."))
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        layout.addLayout(row)
        self.refresh()

    @property
    def list_name(self) -> ReferenceList:
        return ReferenceList(self.list_choice.currentData())

    def refresh(self) -> None:
        self.model.set_rows(reference_lists.list_items(self.ctx.db, self.ctx.actor,
                                                    self.list_name))
        self._update_buttons()

    def selected(self) -> ReferenceEntry | None:
        index = self.view.currentIndex()
        if not index.isValid() or index.row() >= len(self.model.rows):
            return None
        return self.model.rows[index.row()]

    def _update_buttons(self) -> None:
        e = self.selected()
        self.buttons["rename"].setEnabled(e is not None)
        self.buttons["toggle"].setEnabled(e is not None)
        if e is not None:
            self.buttons["toggle"].setText("&Reactivate" if not e.active else "&Deactivate")

    def _changed(self, _value: Any = None) -> None:
        self.refresh()
        self.ctx.data_changed.emit("reference")

    def add(self) -> None:
        ln = self.list_name
        parent_id = None
        if ln is ReferenceList.TEAM:
            areas = [e for e in reference_lists.list_items(
                self.ctx.db, self.ctx.actor, ReferenceList.SERVICE_AREA, include_inactive=False)]
            choice, ok = QInputDialog.getItem(self, "Add a team", "Service area the team is in:",
                                              [a.label for a in areas], 0, False)
            if not ok:
                return
            parent_id = next(a.id for a in areas if a.label == choice)
        label, ok = QInputDialog.getText(self, f"Add to {LIST_LABELS[ln].lower()}", "Name:")
        if not ok or not label.strip():
            return
        self.call(reference_lists.add_item, self.ctx.db, self.ctx.actor, ln, label,
                  parent_id=parent_id, done=self._changed)

    def rename(self) -> None:
        e = self.selected()
        if e is None:
            return
        label, ok = QInputDialog.getText(self, "Rename", f"New name for {e.label!r}:",
                                         QLineEdit.EchoMode.Normal, e.label)
        if ok and label.strip() and label.strip() != e.label:
            self.call(reference_lists.rename_item, self.ctx.db, self.ctx.actor, e.id, label,
                      done=self._changed)

    def toggle_active(self) -> None:
        e = self.selected()
        if e is not None:
            self.call(reference_lists.set_item_active, self.ctx.db, self.ctx.actor, e.id,
                      not e.active, done=self._changed)


# --------------------------------------------------------------------------- retention


class RetentionTab(_Tab):
    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.preview: retention.RetentionPreview | None = None
        self.spins: dict[RecordKind, QSpinBox] = {}
        self.due_labels: dict[RecordKind, QLabel] = {}
        rules_box = QGroupBox("How long personal details are kept")
        grid = QGridLayout(rules_box)
        grid.addWidget(QLabel("<b>Record kind</b>"), 0, 0)
        grid.addWidget(QLabel("<b>Keep for</b>"), 0, 1)
        grid.addWidget(QLabel("<b>Counted from</b>"), 0, 2)
        grid.addWidget(QLabel("<b>Due for anonymising</b>"), 0, 3)
        for i, rule in enumerate(retention.retention_rules(ctx.db, ctx.actor), start=1):
            spin = QSpinBox()
            spin.setObjectName(f"years_{rule.kind.value}")
            spin.setRange(retention.MIN_YEARS, retention.MAX_YEARS)
            spin.setSuffix(" years")
            spin.setValue(rule.years)
            self.spins[rule.kind] = spin
            due = QLabel("–")
            due.setObjectName(f"due_{rule.kind.value}")
            due.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.due_labels[rule.kind] = due
            grid.addWidget(QLabel(rule.kind.label), i, 0)
            grid.addWidget(spin, i, 1)
            grid.addWidget(QLabel("closure" if rule.from_closure else "date received"), i, 2)
            grid.addWidget(due, i, 3)
        grid.setColumnStretch(4, 1)
        self.save_button = QPushButton("&Save rules")
        self.save_button.setObjectName("saveRules")
        self.save_button.clicked.connect(self.save_rules)
        self.preview_button = QPushButton("&Preview purge")
        self.preview_button.setObjectName("previewPurge")
        self.preview_button.clicked.connect(self.run_preview)
        self.apply_button = QPushButton("&Anonymise due records…")
        self.apply_button.setObjectName("applyPurge")
        self.apply_button.setEnabled(False)
        self.apply_button.clicked.connect(self.apply)
        self.summary = QLabel("Preview to see how many records are past their retention date.")
        self.summary.setObjectName("purgeSummary")
        self.summary.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.preview_button)
        buttons.addWidget(self.apply_button)
        buttons.addStretch(1)

        erase_box = QGroupBox("Requests from a named person")
        self.person = QLineEdit()
        self.person.setObjectName("personName")
        self.person.setPlaceholderText("Name as recorded, e.g. Lena Dunmore")
        self.find_button = QPushButton("&Find records")
        self.find_button.setObjectName("findPerson")
        self.find_button.clicked.connect(self.find_person)
        self.person.returnPressed.connect(self.find_person)
        self.erase_button = QPushButton("&Erase (anonymise)…")
        self.erase_button.setObjectName("erasePerson")
        self.erase_button.setEnabled(False)
        self.erase_button.clicked.connect(self.erase)
        self.sar_button = QPushButton("Subject access e&xport…")
        self.sar_button.setObjectName("subjectAccess")
        self.sar_button.clicked.connect(self.subject_access)
        can_sar = allowed(ctx.actor, Permission.EXPORT_UNREDACTED)
        self.sar_button.setEnabled(can_sar)
        if not can_sar:
            self.sar_button.setToolTip("A subject access export contains case text: a manager "
                                       "(or an administrator who is also a manager) makes it.")
        self.person_result = QLabel()
        self.person_result.setObjectName("personResult")
        self.person_result.setWordWrap(True)
        el = QGridLayout(erase_box)
        el.addWidget(self.person, 0, 0)
        el.addWidget(self.find_button, 0, 1)
        el.addWidget(self.erase_button, 0, 2)
        el.addWidget(self.sar_button, 0, 3)
        el.addWidget(self.person_result, 1, 0, 1, 4)
        el.setColumnStretch(0, 1)
        self.matches: retention.PersonMatches | None = None
        self.person.textChanged.connect(lambda _t: self._forget_person())

        layout = QVBoxLayout(self)
        layout.addWidget(_note(
            "Past these dates, records are anonymised: free text, names, contact details, "
            "equality answers and safeguarding notes are removed, while counts, kinds, themes, "
            "dates and service areas stay, so reports still add up. Complaints count from "
            "closure; open complaints are never anonymised."))
        layout.addWidget(rules_box)
        layout.addLayout(buttons)
        layout.addWidget(self.summary)
        layout.addWidget(erase_box)
        layout.addStretch(1)

    # ------------------------------------------------------------------ rules and purge

    def save_rules(self) -> None:
        current = {r.kind: r.years for r in retention.retention_rules(self.ctx.db,
                                                                      self.ctx.actor)}
        changed = [(k, s.value()) for k, s in self.spins.items() if s.value() != current[k]]
        if not changed:
            inform(self, "Retention rules", "No rule was changed.")
            return

        def work():
            for kind, years in changed:
                retention.set_retention_rule(self.ctx.db, self.ctx.actor, kind, years)
            return len(changed)

        def done(n: int) -> None:
            self._forget_preview()
            self.summary.setText(f"Saved {n} rule{'s' if n != 1 else ''}. Preview again to see "
                                 "what is now due.")

        self.call(work, done=done)

    def _forget_preview(self) -> None:
        self.preview = None
        self.apply_button.setEnabled(False)
        for label in self.due_labels.values():
            label.setText("–")

    def run_preview(self) -> None:
        self.call(retention.preview_purge, self.ctx.db, self.ctx.actor, done=self._show_preview)

    def _show_preview(self, preview: retention.RetentionPreview) -> None:
        self.preview = preview
        for kind, label in self.due_labels.items():
            n = preview.by_kind.get(kind.value, 0)
            label.setText(f"{n:,}")
            label.setToolTip(f"Received (or closed) on or before "
                             f"{preview.cutoffs[kind.value]:%d %B %Y}")
        if preview.total:
            self.summary.setText(f"{preview.total:,} records are past their retention date: "
                                 f"{_kinds_text(preview.by_kind)}.")
        else:
            self.summary.setText("Nothing is past its retention date.")
        self.apply_button.setEnabled(preview.total > 0)

    def apply(self) -> None:
        p = self.preview
        if p is None or not p.total:
            return
        if not confirm(self, "Anonymise records",
                       f"Anonymise {p.total:,} records ({_kinds_text(p.by_kind)})?",
                       "Their text, names, contact details and equality answers will be "
                       "removed for good. Counts, themes and dates stay. This cannot be undone; "
                       "make a backup first if in doubt.", f"Anonymise {p.total:,} records"):
            return

        def done(result: retention.PurgeResult) -> None:
            self._forget_preview()
            self.summary.setText(f"Anonymised {result.total:,} records "
                                 f"({_kinds_text(result.by_kind)}). This is recorded in the "
                                 "audit trail.")
            self.ctx.data_changed.emit("feedback")

        self.call(retention.apply_purge, self.ctx.db, self.ctx.actor,
                  expected_total=p.total, done=done)

    # ------------------------------------------------------------------ a named person

    def _forget_person(self) -> None:
        self.matches = None
        self.erase_button.setEnabled(False)
        self.person_result.clear()

    def find_person(self) -> None:
        name = self.person.text()

        def done(m: retention.PersonMatches) -> None:
            self.matches = m
            todo = m.total - m.already_anonymised
            if not m.total:
                self.person_result.setText(f"Nothing is held under the name {m.name!r}. Check "
                                           "the spelling; names are matched in full, ignoring "
                                           "capitals.")
            else:
                self.person_result.setText(
                    f"{m.total:,} records held under {m.name!r}: {_kinds_text(m.by_kind)}; "
                    f"{m.complaints} complaint case(s), told back {m.told_back} time(s)"
                    + (f"; {m.already_anonymised} already anonymised." if m.already_anonymised
                       else "."))
            self.erase_button.setEnabled(todo > 0)

        self.call(retention.find_person, self.ctx.db, self.ctx.actor, name, done=done)

    def erase(self) -> None:
        m = self.matches
        if m is None:
            return
        if not confirm(self, "Erase on request",
                       f"Anonymise all {m.total:,} records held under {m.name!r}?",
                       "The text, name, contact details and equality answers are removed for "
                       "good; counts stay. The audit trail records the erasure without the "
                       "name.", "Erase"):
            return

        def done(result: retention.PurgeResult) -> None:
            self._forget_person()
            self.person_result.setText(f"Anonymised {result.total:,} records.")
            self.ctx.data_changed.emit("feedback")

        self.call(retention.erase_person, self.ctx.db, self.ctx.actor, m.name,
                  expected_total=m.total, done=done)

    def subject_access(self) -> None:
        name = " ".join(self.person.text().split())
        if len(name) < 2:
            self.ctx.show_error(self, ValidationError("Type the person's name first."))
            return
        safe = "".join(c if c.isalnum() else "-" for c in name).strip("-").lower()
        path = ask_save_path(self, "Save subject access export",
                             str(Path.home() / f"subject-access-{safe}.json"),
                             "JSON (*.json);;CSV for Excel (*.csv)")
        if not path:
            return

        def work():
            export = retention.subject_access(self.ctx.db, self.ctx.actor, name)
            return export, retention.write_subject_access(export, path)

        def done(result) -> None:
            export, written = result
            inform(self, "Subject access export",
                   f"Saved {len(export.feedback)} records, {len(export.complaints)} complaints "
                   f"and {len(export.told_back)} told-back entries to {written}."
                   + ("\n\nSome records are safeguarding-flagged: check the serious harm "
                      "exemption before disclosing them." if any(
                          "safeguarding_note" in f for f in export.feedback) else ""))

        self.call(work, done=done)


# --------------------------------------------------------------------------- backups


class BackupsTab(_Tab):
    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        layout = QVBoxLayout(self)
        self.is_sqlite = ctx.db.is_sqlite
        if not self.is_sqlite:
            route = QLabel(backup_service.pg_dump_route(ctx.workspace.description))
            route.setObjectName("pgDumpRoute")
            route.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            route.setWordWrap(True)
            route.setStyleSheet("font-family: monospace;")
            layout.addWidget(_title("This database is on a PostgreSQL server"))
            layout.addWidget(route)
            layout.addStretch(1)
            return
        now_box = QGroupBox("Back up and restore")
        self.backup_button = QPushButton("&Back up now…")
        self.backup_button.setObjectName("backupNow")
        self.backup_button.clicked.connect(self.backup_now)
        self.restore_button = QPushButton("&Restore from a backup…")
        self.restore_button.setObjectName("restoreBackup")
        self.restore_button.clicked.connect(self.restore)
        self.result = QLabel()
        self.result.setObjectName("backupResult")
        self.result.setWordWrap(True)
        nl = QGridLayout(now_box)
        nl.addWidget(_note("A backup is a complete, checked copy of the database, made while "
                           "people keep working. Keep copies somewhere other than this "
                           "computer."), 0, 0, 1, 3)
        nl.addWidget(self.backup_button, 1, 0)
        nl.addWidget(self.restore_button, 1, 1)
        nl.setColumnStretch(2, 1)
        nl.addWidget(self.result, 2, 0, 1, 3)

        auto_box = QGroupBox("Automatic backups")
        self.interval = QComboBox()
        self.interval.setObjectName("backupInterval")
        for hours, label in INTERVALS:
            self.interval.addItem(label, hours)
        self.folder = QLineEdit()
        self.folder.setObjectName("backupFolder")
        self.folder.setPlaceholderText("A folder on another drive or a network share")
        browse = QPushButton("Choose…")
        browse.setObjectName("chooseFolder")
        browse.clicked.connect(self.choose_folder)
        self.keep = QSpinBox()
        self.keep.setObjectName("backupKeep")
        self.keep.setRange(1, 365)
        self.keep.setSuffix(" backups")
        save = QPushButton("&Save schedule")
        save.setObjectName("saveSchedule")
        save.clicked.connect(self.save_schedule)
        self.schedule_state = QLabel()
        self.schedule_state.setObjectName("scheduleState")
        self.schedule_state.setWordWrap(True)
        al = QGridLayout(auto_box)
        al.addWidget(QLabel("Back up:"), 0, 0)
        al.addWidget(self.interval, 0, 1)
        al.addWidget(QLabel("Into:"), 1, 0)
        al.addWidget(self.folder, 1, 1, 1, 2)
        al.addWidget(browse, 1, 3)
        al.addWidget(QLabel("Keep the newest:"), 2, 0)
        al.addWidget(self.keep, 2, 1)
        al.addWidget(save, 2, 3)
        al.addWidget(self.schedule_state, 3, 0, 1, 4)
        al.setColumnStretch(2, 1)
        layout.addWidget(now_box)
        layout.addWidget(auto_box)
        layout.addWidget(_note("Automatic backups run in the background while voiceapp is "
                               "open, on whichever computer is using this database."))
        layout.addStretch(1)
        self.load_schedule()

    def load_schedule(self) -> None:
        s = backup_service.backup_schedule(self.ctx.db)
        i = self.interval.findData(s.interval_hours)
        if i < 0:
            self.interval.addItem(f"Every {s.interval_hours} hours", s.interval_hours)
            i = self.interval.count() - 1
        self.interval.setCurrentIndex(i)
        self.folder.setText(s.folder)
        self.keep.setValue(s.keep)
        if not s.enabled:
            self.schedule_state.setText("Automatic backups are off.")
        else:
            last = f"{s.last_at:%d %b %Y %H:%M}" if s.last_at else "not yet"
            due = s.next_due()
            nxt = "as soon as possible" if due in (None, datetime.min) else f"{due:%d %b %Y %H:%M}"
            self.schedule_state.setText(f"Last automatic backup: {last}. Next: {nxt}.")

    def choose_folder(self) -> None:
        folder = ask_folder(self, "Folder for automatic backups",
                            self.folder.text() or str(Path.home()))
        if folder:
            self.folder.setText(folder)

    def save_schedule(self) -> None:
        self.call(backup_service.set_backup_schedule, self.ctx.db, self.ctx.actor,
                  self.interval.currentData(), self.folder.text().strip(), self.keep.value(),
                  done=lambda _s: self.load_schedule())

    def backup_now(self) -> None:
        stamp = datetime.now().strftime("%Y%m%d-%H%M")
        path = ask_save_path(self, "Save a backup",
                             str(Path.home() / f"voiceapp-backup-{stamp}.sqlite"),
                             "voiceapp backup (*.sqlite)")
        if not path:
            return
        self.result.setStyleSheet("")
        self.result.setText("Backing up…")

        def done(r: backup_service.BackupResult) -> None:
            self.result.setStyleSheet(OK_STYLE)
            self.result.setText(f"✓ Backed up {r.feedback_records:,} records to {r.path} "
                                f"({r.size / 1e6:,.1f} MB, checked).")

        self.call(backup_service.backup_database, self.ctx.db, self.ctx.actor, path,
                  overwrite=Path(path).exists(), done=done)

    def restore(self) -> None:
        path = ask_open_path(self, "Restore from a backup",
                             "voiceapp backup (*.sqlite *.db);;All files (*)")
        if not path:
            return
        self.call(backup_service.inspect_backup, path,
                  done=lambda info: self._confirm_restore(info))

    def _confirm_restore(self, info: backup_service.BackupInfo) -> None:
        if not confirm(self, "Restore from a backup",
                       f"Replace this database with the backup {info.path.name}?",
                       f"The backup is intact and holds {info.feedback_records:,} feedback "
                       f"records and {info.users} users"
                       + (" (from an older voiceapp; it will be upgraded)" if info.needs_upgrade
                          else "")
                       + ". Everything entered since it was made will be replaced; the current "
                       "database is kept as a safety copy beside it. voiceapp closes afterwards: "
                       "open it again and sign in.", "Restore"):
            return
        password = ask_password(self, "Confirm it is you",
                                f"Your password ({self.ctx.actor.username}):")
        if password is None:
            return
        username = self.ctx.actor.username
        target = self.ctx.db.url.database

        def work():
            # Our own connections would block the swap: close them first.
            self.ctx.db.dispose()
            return backup_service.restore_database(
                info.path, target, lambda db: users.sign_in(db, username, password))

        def done(result: backup_service.RestoreResult) -> None:
            inform(self, "Restored",
                   f"The database was restored from {result.source.name}."
                   + (f"\n\nThe database it replaced was kept as {result.safety_copy}."
                      if result.safety_copy else "")
                   + "\n\nvoiceapp will now close. Open it again and sign in.")
            self.restored = result
            app = QApplication.instance()
            for w in app.topLevelWidgets():
                if w.objectName() == "mainWindow":
                    w.close()

        self.call(work, done=done)


# --------------------------------------------------------------------------- my account


class MyAccountTab(_Tab):
    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.info = QLabel()
        self.info.setObjectName("accountInfo")
        self.info.setTextFormat(Qt.TextFormat.RichText)
        self.demo = QLabel("You are still using the demo password “demo”. Change it now: "
                           "anyone who has seen the demo could sign in as you.")
        self.demo.setObjectName("accountDemoWarning")
        self.demo.setStyleSheet(WARNING_STYLE)
        self.demo.setWordWrap(True)
        self.current = QLineEdit()
        self.current.setObjectName("currentPassword")
        self.new = QLineEdit()
        self.new.setObjectName("newPassword")
        self.confirm_new = QLineEdit()
        self.confirm_new.setObjectName("confirmPassword")
        for w in (self.current, self.new, self.confirm_new):
            w.setEchoMode(QLineEdit.EchoMode.Password)
        self.change_button = QPushButton("&Change password")
        self.change_button.setObjectName("changePassword")
        self.change_button.clicked.connect(self.change_password)
        self.confirm_new.returnPressed.connect(self.change_password)
        self.message = QLabel()
        self.message.setObjectName("passwordMessage")
        self.message.setWordWrap(True)
        box = QGroupBox("Change your password")
        box.setMaximumWidth(640)
        form = QFormLayout(box)
        form.addRow("C&urrent password:", self.current)
        form.addRow("&New password:", self.new)
        form.addRow("Con&firm new password:", self.confirm_new)
        form.addRow("", _note(f"At least {users.MIN_PASSWORD_LENGTH} characters; not your user "
                              "name or a common password."))
        button_row = QHBoxLayout()
        button_row.addWidget(self.change_button)
        button_row.addStretch(1)
        form.addRow("", button_row)
        form.addRow("", self.message)
        layout = QVBoxLayout(self)
        layout.addWidget(self.info)
        layout.addWidget(self.demo)
        layout.addWidget(box)
        layout.addStretch(1)
        self.refresh()

    def refresh(self) -> None:
        try:
            a = users.my_account(self.ctx.db, self.ctx.actor)
        except VoiceappError as exc:
            self.info.setText(exc.message)
            self.demo.hide()
            return
        roles = ", ".join([ROLE_LABELS[a.role]] + [ROLE_LABELS[r] for r in a.extra_roles])
        last = f"{a.last_login_at:%d %B %Y at %H:%M}" if a.last_login_at else "never"
        self.info.setText(f"<p style='font-size:12pt'><b>{a.display_name}</b> "
                          f"({a.username})<br>Role: {roles}<br>Last signed in: {last}</p>")
        self.demo.setVisible(a.is_demo_password)

    def change_password(self) -> None:
        if self.new.text() != self.confirm_new.text():
            self.message.setStyleSheet(WARNING_STYLE)
            self.message.setText("The new password and its confirmation are not the same.")
            return

        def done(_info) -> None:
            for w in (self.current, self.new, self.confirm_new):
                w.clear()
            self.message.setStyleSheet(OK_STYLE)
            self.message.setText("✓ Your password was changed.")
            self.refresh()
            self.ctx.data_changed.emit("account")

        def failed(exc: BaseException, _tb: str = "") -> None:
            self.message.setStyleSheet(WARNING_STYLE)
            self.message.setText(exc.message + (f" {exc.hint}" if exc.hint else "")
                                 if isinstance(exc, VoiceappError) else str(exc))

        self.ctx.run(users.change_own_password, self.ctx.db, self.ctx.actor,
                     self.current.text(), self.new.text(), on_result=done, on_error=failed)


# --------------------------------------------------------------------------- the page


class SettingsPage(QWidget):
    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        title = QLabel("Settings")
        title.setStyleSheet("font-size: 16pt; font-weight: 600;")
        self.tabs = QTabWidget()
        self.tabs.setObjectName("settingsTabs")
        self.tab_widgets: dict[str, QWidget] = {}
        actor = ctx.actor
        for key, label, perm, cls in (
            ("users", "Users", Permission.MANAGE_USERS, UsersTab),
            ("reference", "Reference lists", Permission.MANAGE_REFERENCE, ReferenceTab),
            ("retention", "Retention", Permission.MANAGE_RETENTION, RetentionTab),
            ("backups", "Backups", Permission.BACKUP, BackupsTab),
        ):
            if allowed(actor, perm):
                widget = cls(ctx)
                widget.setObjectName(f"settings_{key}")
                self.tabs.addTab(widget, label)
                self.tab_widgets[key] = widget
        account = MyAccountTab(ctx)
        account.setObjectName("settings_account")
        self.tabs.addTab(account, "My account")
        self.tab_widgets["account"] = account
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        if len(self.tab_widgets) == 1:
            layout.addWidget(_note("Users, reference lists, retention and backups are looked "
                                   "after by an administrator."))
        layout.addWidget(self.tabs, 1)

    def show_tab(self, key: str) -> QWidget:
        widget = self.tab_widgets[key]
        self.tabs.setCurrentWidget(widget)
        return widget

    def navigate_to(self, tab: str = "account", **_kwargs: Any) -> None:
        if tab in self.tab_widgets:
            self.show_tab(tab)

    def refresh(self) -> None:
        widget = self.tabs.currentWidget()
        if hasattr(widget, "refresh"):
            widget.refresh()


# --------------------------------------------------------------------------- automatic backups


class AutoBackupScheduler(QObject):
    """Checks every few minutes whether the automatic backup is due and, if so, makes it in
    the background. Reports through `message` (shown in the status bar)."""

    message = Signal(str)
    CHECK_EVERY_MS = 10 * 60 * 1000
    FIRST_CHECK_MS = 30 * 1000

    def __init__(self, ctx: UiContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.running = False
        self.timer = QTimer(self)
        self.timer.setObjectName("autoBackupTimer")
        self.timer.timeout.connect(self.check)

    def start(self, first_ms: int | None = None) -> None:
        if not self.ctx.db.is_sqlite:
            return
        QTimer.singleShot(self.FIRST_CHECK_MS if first_ms is None else first_ms, self.check)
        self.timer.start(self.CHECK_EVERY_MS)

    def stop(self) -> None:
        self.timer.stop()

    def check(self) -> None:
        if self.running:
            return
        self.running = True

        def done(result) -> None:
            self.running = False
            if result is not None:
                self.message.emit(f"Automatic backup saved: {result.path}")

        def failed(exc: BaseException, _tb: str = "") -> None:
            self.running = False
            self.message.emit(f"Automatic backup failed: {exc}")

        self.ctx.run(backup_service.run_scheduled_backup, self.ctx.db, self.ctx.actor,
                     on_result=done, on_error=failed)
