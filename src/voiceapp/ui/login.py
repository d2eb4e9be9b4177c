"""Sign-in at start-up: the first administrator on a new database, the sign-in dialog (wrong
password and lock-out explained plainly), a forced password change for new and reset accounts,
and a clear warning when someone signs in with the demo password.

Password checks (argon2, deliberately slow) run on the thread pool, so the dialog stays
responsive; the dialogs never touch the database themselves, only voiceapp.services.users."""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from voiceapp.errors import VoiceappError
from voiceapp.services import users
from voiceapp.services.context import Actor
from voiceapp.services.workspace import Workspace

from .workers import run_task

ERROR_STYLE = ("QLabel { color: #8a1c1c; background: #fdecea; border: 1px solid #f5c2c0; "
               "border-radius: 4px; padding: 6px; }")
LOCKED_STYLE = ("QLabel { color: #6b4200; background: #fff4e0; border: 1px solid #f0cf94; "
                "border-radius: 4px; padding: 6px; }")
DEMO_WARNING = (
    "You signed in with the demo password “demo”. Anyone who has seen the demo can sign in "
    "as you. Change your password now, and never keep real feedback in a database that still "
    "has demo passwords.")


def _message(exc: BaseException) -> str:
    if isinstance(exc, VoiceappError):
        return exc.message + (f"\n{exc.hint}" if exc.hint else "")
    return f"Something went wrong: {exc}"


class _BusyDialog(QDialog):
    """A dialog whose OK runs a service call in the background and shows its error inline."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.error = QLabel()
        self.error.setObjectName("signInMessage")
        self.error.setWordWrap(True)
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.hide()
        self.buttons = QDialogButtonBox()
        self._busy = False

    def show_error(self, text: str, style: str = ERROR_STYLE) -> None:
        self.error.setStyleSheet(style)
        self.error.setText(text)
        self.error.show()

    def _run(self, fn, *args, on_done) -> None:
        if self._busy:
            return
        self._busy = True
        self.setEnabled(False)
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)

        def finished() -> None:
            self._busy = False
            self.setEnabled(True)
            QApplication.restoreOverrideCursor()

        def failed(exc: BaseException, _tb: str = "") -> None:
            finished()
            self.failed(exc)

        def done(value) -> None:
            finished()
            on_done(value)

        run_task(fn, *args, on_result=done, on_error=failed)

    def failed(self, exc: BaseException) -> None:
        self.show_error(_message(exc))


class FirstAdministratorDialog(_BusyDialog):
    """A new database has no users: create the administrator (who then adds everyone else)."""

    def __init__(self, db, description: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.actor: Actor | None = None
        self.setObjectName("firstAdministratorDialog")
        self.setWindowTitle("voiceapp – create the administrator")
        title = QLabel("Welcome to voiceapp")
        title.setStyleSheet("font-size: 15pt; font-weight: 600;")
        intro = QLabel(
            "This database has no users yet. Create the administrator account: the "
            "administrator adds the officers, managers and board members who will use "
            "voiceapp, and looks after reference lists, retention and backups."
            + (f"\n\nDatabase: {description}" if description else ""))
        intro.setWordWrap(True)
        self.username = QLineEdit()
        self.username.setObjectName("username")
        self.username.setPlaceholderText("e.g. a.morgan")
        self.display_name = QLineEdit()
        self.display_name.setObjectName("displayName")
        self.display_name.setPlaceholderText("e.g. Alex Morgan")
        self.password = QLineEdit()
        self.password.setObjectName("password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.confirm = QLineEdit()
        self.confirm.setObjectName("confirm")
        self.confirm.setEchoMode(QLineEdit.EchoMode.Password)
        hint = QLabel(f"At least {users.MIN_PASSWORD_LENGTH} characters. A few unrelated words "
                      "together make a strong password that is easy to remember.")
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #505050;")
        form = QFormLayout()
        form.addRow("&User name:", self.username)
        form.addRow("Your &name:", self.display_name)
        form.addRow("&Password:", self.password)
        form.addRow("&Confirm password:", self.confirm)
        form.addRow("", hint)
        self.buttons.setStandardButtons(QDialogButtonBox.StandardButton.Cancel)
        self.create_button = self.buttons.addButton("Create administrator",
                                                    QDialogButtonBox.ButtonRole.AcceptRole)
        self.create_button.setObjectName("createAdministrator")
        self.create_button.setDefault(True)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(480)

    def submit(self) -> None:
        if self.password.text() != self.confirm.text():
            self.show_error("The two passwords are not the same.")
            self.confirm.selectAll()
            self.confirm.setFocus()
            return
        self._run(users.create_first_administrator, self.db, self.username.text(),
                  self.display_name.text(), self.password.text(), on_done=self._created)

    def _created(self, actor: Actor) -> None:
        self.actor = actor
        self.accept()


class SignInDialog(_BusyDialog):
    def __init__(self, db, description: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.actor: Actor | None = None
        self.password_used = ""
        self.setObjectName("signInDialog")
        self.setWindowTitle("Sign in to voiceapp")
        title = QLabel("Sign in")
        title.setStyleSheet("font-size: 15pt; font-weight: 600;")
        where = QLabel(f"Database: {description}" if description else "")
        where.setObjectName("databaseLabel")
        where.setWordWrap(True)
        where.setStyleSheet("color: #505050;")
        where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.username = QLineEdit()
        self.username.setObjectName("username")
        self.username.setText(str(QSettings().value("login/last_user", "") or ""))
        self.password = QLineEdit()
        self.password.setObjectName("password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        form = QFormLayout()
        form.addRow("&User name:", self.username)
        form.addRow("&Password:", self.password)
        help_text = QLabel("Forgotten your password? An administrator can reset it. After "
                           "several wrong passwords the account is locked for a while.")
        help_text.setWordWrap(True)
        help_text.setStyleSheet("color: #505050;")
        self.buttons.setStandardButtons(QDialogButtonBox.StandardButton.Cancel)
        self.sign_in_button = self.buttons.addButton("Sign in",
                                                     QDialogButtonBox.ButtonRole.AcceptRole)
        self.sign_in_button.setObjectName("signInButton")
        self.sign_in_button.setDefault(True)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(where)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(help_text)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(420)
        (self.password if self.username.text() else self.username).setFocus()

    def submit(self) -> None:
        if not self.username.text().strip():
            self.show_error("Type your user name.")
            self.username.setFocus()
            return
        self.password_used = self.password.text()
        self._run(users.sign_in, self.db, self.username.text(), self.password.text(),
                  on_done=self._signed_in)

    def _signed_in(self, actor: Actor) -> None:
        self.actor = actor
        QSettings().setValue("login/last_user", actor.username)
        self.accept()

    def failed(self, exc: BaseException) -> None:
        locked = isinstance(exc, users.AccountLocked)
        self.show_error(_message(exc), LOCKED_STYLE if locked else ERROR_STYLE)
        self.password.clear()
        self.password.setFocus()


class ChangePasswordDialog(_BusyDialog):
    """Change one's own password; `forced` for a new or reset account (cannot be skipped)."""

    def __init__(self, db, actor: Actor, *, forced: bool = False, reason: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.actor, self.forced = db, actor, forced
        self.setObjectName("changePasswordDialog")
        self.setWindowTitle("Choose a new password" if forced else "Change your password")
        intro = QLabel(reason or (
            "An administrator set a temporary password for you. Choose your own password "
            "to continue." if forced else "Type your current password, then the new one twice."))
        intro.setWordWrap(True)
        self.current = QLineEdit()
        self.current.setObjectName("currentPassword")
        self.new = QLineEdit()
        self.new.setObjectName("newPassword")
        self.confirm = QLineEdit()
        self.confirm.setObjectName("confirmPassword")
        for w in (self.current, self.new, self.confirm):
            w.setEchoMode(QLineEdit.EchoMode.Password)
        form = QFormLayout()
        form.addRow("&Current password:", self.current)
        form.addRow("&New password:", self.new)
        form.addRow("Con&firm new password:", self.confirm)
        self.buttons.setStandardButtons(QDialogButtonBox.StandardButton.Cancel)
        ok = self.buttons.addButton("Change password", QDialogButtonBox.ButtonRole.AcceptRole)
        ok.setObjectName("changePasswordButton")
        ok.setDefault(True)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(440)

    def preset_current(self, password: str) -> None:
        """After sign-in the current password is known; the user need not type it again."""
        self.current.setText(password)
        if password:
            self.new.setFocus()

    def submit(self) -> None:
        if self.new.text() != self.confirm.text():
            self.show_error("The new password and its confirmation are not the same.")
            self.confirm.selectAll()
            self.confirm.setFocus()
            return
        self._run(users.change_own_password, self.db, self.actor, self.current.text(),
                  self.new.text(), on_done=lambda _info: self.accept())


def demo_password_box(parent: QWidget | None = None) -> QMessageBox:
    box = QMessageBox(QMessageBox.Icon.Warning, "Demo password in use", DEMO_WARNING,
                      QMessageBox.StandardButton.NoButton, parent)
    box.setObjectName("demoPasswordWarning")
    box.setInformativeText("The demo users (admin, manager, officer, viewer, complaints) all "
                           "share this password.")
    change = box.addButton("Change password now", QMessageBox.ButtonRole.AcceptRole)
    change.setObjectName("changeNow")
    later = box.addButton("Continue with the demo password", QMessageBox.ButtonRole.RejectRole)
    later.setObjectName("continueDemo")
    box.setDefaultButton(change)
    return box


def after_sign_in(db, actor: Actor, password: str, parent: QWidget | None = None) -> bool:
    """Forced password change and the demo-password warning. False if the user gave up."""
    account = users.my_account(db, actor)
    if account.must_change_password:
        dlg = ChangePasswordDialog(db, actor, forced=True, parent=parent)
        dlg.preset_current(password)
        if dlg.exec() != QDialog.DialogCode.Accepted:
            return False
    elif account.is_demo_password:
        box = demo_password_box(parent)
        box.exec()
        if box.clickedButton() is not None and box.clickedButton().objectName() == "changeNow":
            dlg = ChangePasswordDialog(db, actor, parent=parent)
            dlg.preset_current(password)
            dlg.exec()
    return True


def sign_in(workspace: Workspace, parent: QWidget | None = None) -> Actor | None:
    """Return the signed-in actor, or None if the user cancelled."""
    db = workspace.database
    if users.needs_first_administrator(db):
        first = FirstAdministratorDialog(db, workspace.description, parent)
        if first.exec() != QDialog.DialogCode.Accepted or first.actor is None:
            return None
        return first.actor
    dlg = SignInDialog(db, workspace.description, parent)
    if dlg.exec() != QDialog.DialogCode.Accepted or dlg.actor is None:
        return None
    if not after_sign_in(db, dlg.actor, dlg.password_used, parent):
        users.sign_out(db, dlg.actor)
        return None
    return dlg.actor


class DemoPasswordBanner(QLabel):
    """A red strip in the main window's status bar while the signed-in user still has the
    demo password; it disappears once they change it (Settings › My account)."""

    def __init__(self, ctx, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("demoPasswordBanner")
        self.setText("  ⚠ Demo password in use: change it in Settings › My account  ")
        self.setStyleSheet("QLabel { background: #b3261e; color: white; font-weight: 600; "
                           "border-radius: 3px; padding: 2px 6px; }")
        self.setToolTip(DEMO_WARNING)
        ctx.data_changed.connect(self._changed)
        self.refresh()

    def _changed(self, what: str) -> None:
        if what in ("account", "user", "*"):
            self.refresh()

    def refresh(self) -> None:
        try:
            demo = users.my_account(self.ctx.db, self.ctx.actor).is_demo_password
        except VoiceappError:
            demo = False
        self.setVisible(demo)

