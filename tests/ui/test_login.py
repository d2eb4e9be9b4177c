"""The sign-in dialogs: first administrator, wrong password, lock-out, demo-password warning."""

from __future__ import annotations

import time

import pytest
from argon2 import PasswordHasher
from PySide6.QtCore import QThreadPool, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from voiceapp.db.models import User
from voiceapp.services import passwords, users
from voiceapp.services.workspace import Workspace
from voiceapp.ui import login
from voiceapp.ui.context import UiContext

PW = "Admin-Pass-99"


@pytest.fixture(autouse=True)
def fast_hashing(monkeypatch):
    # The production argon2 cost (~0.2 s a check here) is not what these tests are about.
    monkeypatch.setattr(passwords, "_hasher", PasswordHasher(time_cost=1, memory_cost=64,
                                                             parallelism=1))
    yield
    QThreadPool.globalInstance().waitForDone(5000)


@pytest.fixture
def with_admin(sqlite_db):
    users.create_first_administrator(sqlite_db, "alex", "Alex Morgan", PW)
    return sqlite_db


def test_first_run_dialog_creates_the_administrator(qtbot, sqlite_db):
    dlg = login.FirstAdministratorDialog(sqlite_db, "voiceapp.sqlite")
    qtbot.addWidget(dlg)
    dlg.username.setText("alex")
    dlg.display_name.setText("Alex Morgan")
    dlg.password.setText(PW)
    dlg.confirm.setText("something else")
    dlg.create_button.click()
    assert dlg.error.isVisibleTo(dlg) and "not the same" in dlg.error.text()
    assert users.needs_first_administrator(sqlite_db)
    dlg.confirm.setText(PW)
    dlg.create_button.click()
    qtbot.waitUntil(lambda: dlg.result() == QDialog.DialogCode.Accepted, timeout=5000)
    assert dlg.actor.username == "alex" and not users.needs_first_administrator(sqlite_db)


def test_first_run_dialog_explains_a_weak_password(qtbot, sqlite_db):
    dlg = login.FirstAdministratorDialog(sqlite_db)
    qtbot.addWidget(dlg)
    dlg.username.setText("alex")
    dlg.display_name.setText("Alex Morgan")
    dlg.password.setText("short")
    dlg.confirm.setText("short")
    dlg.create_button.click()
    qtbot.waitUntil(lambda: dlg.error.isVisibleTo(dlg) and dlg.isEnabled(), timeout=5000)
    assert "at least 8 characters" in dlg.error.text()
    assert dlg.result() != QDialog.DialogCode.Accepted


def test_wrong_password_then_lockout_messages(qtbot, with_admin):
    users.set_lockout_policy(with_admin, users.sign_in(with_admin, "alex", PW), 3, 15)
    dlg = login.SignInDialog(with_admin, "voiceapp.sqlite")
    qtbot.addWidget(dlg)
    dlg.username.setText("alex")
    for attempt in range(3):
        dlg.password.setText("wrong-one")
        dlg.sign_in_button.click()
        qtbot.waitUntil(lambda: dlg.isEnabled() and dlg.error.isVisibleTo(dlg), timeout=5000)
        assert dlg.password.text() == ""  # cleared for the next try
        if attempt < 2:
            assert "not right" in dlg.error.text()
    assert "locked" in dlg.error.text() and "until" in dlg.error.text()
    assert dlg.error.styleSheet() == login.LOCKED_STYLE
    dlg.password.setText(PW)  # even the right password waits for the lock to end
    dlg.sign_in_button.click()
    qtbot.waitUntil(lambda: dlg.isEnabled(), timeout=5000)
    assert "locked" in dlg.error.text() and dlg.actor is None


def test_successful_sign_in_accepts(qtbot, with_admin):
    dlg = login.SignInDialog(with_admin)
    qtbot.addWidget(dlg)
    dlg.username.setText("ALEX")
    dlg.password.setText(PW)
    dlg.sign_in_button.click()
    qtbot.waitUntil(lambda: dlg.result() == QDialog.DialogCode.Accepted, timeout=5000)
    assert dlg.actor.username == "alex" and dlg.password_used == PW


def _answer_modals(qtbot, steps):
    """Answer the next modal dialogs in turn. Each step is (what, action): `what` is the
    dialog's class or object name; the action runs once a dialog of that kind is the active
    modal (under load the previous dialog may still be up, busy, when the timer fires)."""
    pending = list(steps)
    deadline = time.monotonic() + 20

    def matches(w, what) -> bool:
        return w.objectName() == what if isinstance(what, str) else isinstance(w, what)

    def tick() -> None:
        w = QApplication.activeModalWidget()
        if time.monotonic() > deadline:  # something unexpected: fail, never hang
            if w is not None:
                w.reject()
            return
        if w is not None and pending and matches(w, pending[0][0]) and w.isEnabled():
            pending.pop(0)[1](w)
        if pending:
            QTimer.singleShot(50, tick)

    QTimer.singleShot(50, tick)
    return pending


def test_start_up_sign_in_with_the_demo_password_warns_and_shows_the_banner(qtbot, with_admin):
    with with_admin.session() as s:
        s.add(User(username="officer", display_name="Jo Whitfield", role="officer",
                   extra_roles=[], password_hash=passwords.hash_password("demo"), active=True,
                   failed_logins=0, is_demo_password=True))
    seen = {}

    def fill(w):
        assert isinstance(w, login.SignInDialog)
        w.username.setText("officer")
        w.password.setText("demo")
        w.sign_in_button.click()

    def warning(w):
        assert isinstance(w, QMessageBox) and w.objectName() == "demoPasswordWarning"
        seen["text"] = w.text()
        next(b for b in w.buttons() if b.objectName() == "continueDemo").click()

    pending = _answer_modals(qtbot, [(login.SignInDialog, fill),
                                     ("demoPasswordWarning", warning)])
    workspace = Workspace(with_admin)
    actor = login.sign_in(workspace)
    assert actor is not None and actor.username == "officer" and not pending
    assert "demo password" in seen["text"]
    workspace.actor = actor
    ctx = UiContext(workspace)
    banner = login.DemoPasswordBanner(ctx)
    qtbot.addWidget(banner)
    assert not banner.isHidden() and "Demo password" in banner.text()
    users.change_own_password(with_admin, actor, "demo", "Harbour-Lantern-7")
    ctx.data_changed.emit("account")
    assert banner.isHidden()


def test_a_reset_account_must_choose_a_new_password(qtbot, with_admin):
    admin = users.sign_in(with_admin, "alex", PW)
    users.add_user(with_admin, admin, "jo", "Jo Whitfield", "officer", "Temporary-Pass-1")

    def fill(w):
        w.username.setText("jo")
        w.password.setText("Temporary-Pass-1")
        w.sign_in_button.click()

    def choose(w):
        assert isinstance(w, login.ChangePasswordDialog) and w.forced
        assert w.current.text() == "Temporary-Pass-1"  # already known from sign-in
        w.new.setText("Jo-Own-Secret-9")
        w.confirm.setText("Jo-Own-Secret-9")
        w.submit()

    pending = _answer_modals(qtbot, [(login.SignInDialog, fill),
                                     (login.ChangePasswordDialog, choose)])
    actor = login.sign_in(Workspace(with_admin))
    assert actor is not None and not pending
    assert not users.my_account(with_admin, actor).must_change_password
    users.sign_in(with_admin, "jo", "Jo-Own-Secret-9")


def test_cancelling_the_forced_change_signs_out(qtbot, with_admin):
    admin = users.sign_in(with_admin, "alex", PW)
    users.add_user(with_admin, admin, "jo", "Jo Whitfield", "officer", "Temporary-Pass-1")

    def fill(w):
        w.username.setText("jo")
        w.password.setText("Temporary-Pass-1")
        w.sign_in_button.click()

    _answer_modals(qtbot, [(login.SignInDialog, fill),
                           (login.ChangePasswordDialog, lambda w: w.reject())])
    assert login.sign_in(Workspace(with_admin)) is None
