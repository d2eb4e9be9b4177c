"""The Settings page: tabs by role, users, reference lists, retention, backups, my account."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from PySide6.QtCore import QThreadPool
from PySide6.QtWidgets import QDialog
from sqlalchemy import func, select

from voiceapp.db.models import Feedback, ReferenceItem, User
from voiceapp.services import backup, passwords, retention, users
from voiceapp.services.context import Actor
from voiceapp.services.workspace import Workspace
from voiceapp.ui.context import UiContext
from voiceapp.ui.pages import settings
from voiceapp.ui.pages.settings import ReferenceModel, SettingsPage, UsersModel

PW = "Admin-Pass-99"


@pytest.fixture(autouse=True)
def fast_hashing(monkeypatch):
    monkeypatch.setattr(passwords, "_hasher", PasswordHasher(time_cost=1, memory_cost=64,
                                                             parallelism=1))
    yield
    QThreadPool.globalInstance().waitForDone(5000)


@pytest.fixture
def people(sqlite_db):
    admin = users.create_first_administrator(sqlite_db, "alex", "Alex Morgan", PW)
    out = {"admin": admin}
    for name, role in (("jo", "officer"), ("pat", "board_viewer"), ("sam", "manager")):
        info = users.add_user(sqlite_db, admin, name, name.title(), role, "Shared-Secret-77",
                              must_change_password=False)
        out[name] = Actor(info.id, info.username, info.role)
    return out


def _page(qtbot, db, actor) -> SettingsPage:
    page = SettingsPage(UiContext(Workspace(db, actor)))
    qtbot.addWidget(page)
    return page


def _tab_names(page) -> list[str]:
    return [page.tabs.tabText(i) for i in range(page.tabs.count())]


def test_tabs_follow_the_role(qtbot, sqlite_db, people):
    assert _tab_names(_page(qtbot, sqlite_db, people["admin"])) == [
        "Users", "Reference lists", "Retention", "Backups", "My account"]
    for who in ("jo", "pat", "sam"):
        assert _tab_names(_page(qtbot, sqlite_db, people[who])) == ["My account"]


def test_models_pass_the_model_tester(qtmodeltester, sqlite_db, people):
    m = UsersModel()
    m.set_rows(users.list_users(sqlite_db, people["admin"]))
    qtmodeltester.check(m)
    r = ReferenceModel()
    from voiceapp.services import reference_lists

    r.set_rows(reference_lists.list_items(sqlite_db, people["admin"], "service_area"))
    qtmodeltester.check(r)


def test_administrator_adds_disables_and_resets_users(qtbot, sqlite_db, people, monkeypatch):
    page = _page(qtbot, sqlite_db, people["admin"])
    tab = page.show_tab("users")

    class FilledDialog(settings.UserDialog):
        def exec(self):
            self.username.setText("kim")
            self.display_name.setText("Kim Lowe")
            self.role.setCurrentIndex(self.role.findData("manager"))
            self.extras[settings.UserRole.ADMINISTRATOR].setChecked(True)
            self.password.setText("Harbour-Lantern-7")
            self.confirm.setText("Harbour-Lantern-7")
            return QDialog.DialogCode.Accepted

    monkeypatch.setattr(settings, "UserDialog", FilledDialog)
    tab.add()
    qtbot.waitUntil(lambda: any(u.username == "kim" for u in tab.model.rows), timeout=5000)
    kim = next(u for u in tab.model.rows if u.username == "kim")
    assert kim.roles_label == "manager, administrator" and kim.must_change_password
    assert tab.selected().username == "kim"

    monkeypatch.setattr(settings, "confirm", lambda *a, **k: True)
    tab.toggle_active()
    qtbot.waitUntil(lambda: not tab.selected().active, timeout=5000)
    assert tab.buttons["toggle"].text() == "&Enable"
    with sqlite_db.read_session() as s:
        assert s.scalar(select(User.active).where(User.username == "kim")) is False

    answers = iter(["Reset-Harbour-8", "Reset-Harbour-8"])
    monkeypatch.setattr(settings, "ask_password", lambda *a: next(answers))
    told = []
    monkeypatch.setattr(settings, "inform", lambda *a: told.append(a[2]))
    tab.reset_password()
    qtbot.waitUntil(lambda: bool(told), timeout=5000)
    assert "kim will choose a new password" in told[0] and tab.selected().must_change_password
    users.enable_user(sqlite_db, people["admin"], kim.id)
    assert users.sign_in(sqlite_db, "kim", "Reset-Harbour-8").username == "kim"


def test_reference_lists_add_rename_and_deactivate(qtbot, sqlite_db, people, monkeypatch):
    page = _page(qtbot, sqlite_db, people["admin"])
    tab = page.show_tab("reference")
    tab.list_choice.setCurrentIndex(tab.list_choice.findData("district"))
    before = tab.model.rowCount()
    monkeypatch.setattr(settings.QInputDialog, "getText",
                        lambda *a, **k: ("Brackenmoor", True))
    tab.add()
    qtbot.waitUntil(lambda: tab.model.rowCount() == before + 1, timeout=5000)
    row = next(i for i, e in enumerate(tab.model.rows) if e.label == "Brackenmoor")
    tab.view.selectRow(row)
    tab.toggle_active()
    qtbot.waitUntil(lambda: not tab.model.rows[row].active, timeout=5000)
    with sqlite_db.read_session() as s:
        item = s.scalar(select(ReferenceItem).where(ReferenceItem.label == "Brackenmoor"))
        assert (item.list_name, item.active) == ("district", False)


def _old_feedback(db, n: int) -> None:
    with db.session() as s:
        for i in range(n):
            s.add(Feedback(kind="comment", received_on=date(2015, 1, 1 + i), text=f"Old {i}",
                           respondent_name="Lena Dunmore"))
        s.add(Feedback(kind="compliment", received_on=date.today(), text="Recent thanks"))


def test_retention_preview_then_purge_with_a_confirmation_naming_the_numbers(
        qtbot, sqlite_db, people, monkeypatch):
    _old_feedback(sqlite_db, 4)
    page = _page(qtbot, sqlite_db, people["admin"])
    tab = page.show_tab("retention")
    tab.run_preview()
    qtbot.waitUntil(lambda: tab.preview is not None, timeout=5000)
    expected = retention.preview_purge(sqlite_db, people["admin"])
    assert tab.due_labels[settings.RecordKind.COMMENT].text() == \
        f"{expected.by_kind['comment']:,}" == "4"
    assert tab.apply_button.isEnabled()
    asked = {}

    def fake_confirm(_parent, _title, text_, detail="", yes="Yes"):
        asked["text"] = text_
        return True

    monkeypatch.setattr(settings, "confirm", fake_confirm)
    tab.apply()
    qtbot.waitUntil(lambda: "Anonymised" in tab.summary.text(), timeout=5000)
    assert asked["text"] == "Anonymise 4 records (4 comments)?"
    with sqlite_db.read_session() as s:
        assert s.scalar(select(func.count()).select_from(Feedback)
                        .where(Feedback.anonymised_at.is_not(None))) == 4
    assert not tab.apply_button.isEnabled()


def test_erasure_finds_then_anonymises_a_named_person(qtbot, sqlite_db, people, monkeypatch):
    _old_feedback(sqlite_db, 2)
    page = _page(qtbot, sqlite_db, people["admin"])
    tab = page.show_tab("retention")
    tab.person.setText("lena dunmore")
    tab.find_person()
    qtbot.waitUntil(lambda: tab.erase_button.isEnabled(), timeout=5000)
    assert "2 records held under 'lena dunmore'" in tab.person_result.text()
    assert not tab.sar_button.isEnabled()  # an administrator alone may not export case text
    monkeypatch.setattr(settings, "confirm", lambda *a, **k: True)
    tab.erase()
    qtbot.waitUntil(lambda: "Anonymised 2" in tab.person_result.text(), timeout=5000)
    assert retention.find_person(sqlite_db, people["admin"], "Lena Dunmore").total == 0


def test_backup_now_and_automatic_schedule(qtbot, sqlite_db, people, monkeypatch, tmp_path):
    page = _page(qtbot, sqlite_db, people["admin"])
    tab = page.show_tab("backups")
    out = tmp_path / "copy.sqlite"
    monkeypatch.setattr(settings, "ask_save_path", lambda *a: str(out))
    tab.backup_now()
    qtbot.waitUntil(lambda: "Backed up" in tab.result.text(), timeout=10000)
    assert backup.inspect_backup(out).users == 4
    folder = tmp_path / "auto"
    tab.interval.setCurrentIndex(tab.interval.findData(24))
    tab.folder.setText(str(folder))
    tab.keep.setValue(3)
    tab.save_schedule()
    qtbot.waitUntil(lambda: "Next" in tab.schedule_state.text(), timeout=5000)
    schedule = backup.backup_schedule(sqlite_db)
    assert (schedule.interval_hours, Path(schedule.folder), schedule.keep) == (24, folder, 3)
    # The scheduler the app starts makes the due backup in the background.
    ctx = UiContext(Workspace(sqlite_db, people["jo"]))  # whoever is signed in
    scheduler = settings.AutoBackupScheduler(ctx)
    messages = []
    scheduler.message.connect(messages.append)
    scheduler.check()
    qtbot.waitUntil(lambda: bool(messages), timeout=10000)
    assert messages[0].startswith("Automatic backup saved")
    assert len(list(folder.glob("voiceapp-backup-*.sqlite"))) == 1


def test_my_account_changes_the_password(qtbot, sqlite_db, people):
    page = _page(qtbot, sqlite_db, people["jo"])
    tab = page.show_tab("account")
    assert "Jo" in tab.info.text() and tab.demo.isHidden()
    changed = []
    page.ctx.data_changed.connect(lambda what: changed.append(what))
    tab.current.setText("wrong")
    tab.new.setText("Lantern-Harbour-3")
    tab.confirm_new.setText("Lantern-Harbour-3")
    tab.change_button.click()
    qtbot.waitUntil(lambda: "not right" in tab.message.text(), timeout=5000)
    tab.current.setText("Shared-Secret-77")
    tab.change_button.click()
    qtbot.waitUntil(lambda: tab.message.text().startswith("✓"), timeout=5000)
    assert changed == ["account"] and tab.current.text() == ""
    users.sign_in(sqlite_db, "jo", "Lantern-Harbour-3")


def test_restore_from_the_backups_tab(qtbot, sqlite_db, people, monkeypatch, tmp_path):
    page = _page(qtbot, sqlite_db, people["admin"])
    tab = page.show_tab("backups")
    saved = backup.backup_database(sqlite_db, people["admin"], tmp_path / "b.sqlite").path
    _old_feedback(sqlite_db, 3)  # entered after the backup: the restore takes it away
    monkeypatch.setattr(settings, "ask_open_path", lambda *a: str(saved))
    asked = []
    monkeypatch.setattr(settings, "confirm", lambda *a, **k: asked.append(a[2]) or True)
    monkeypatch.setattr(settings, "ask_password", lambda *a: PW)
    told = []
    monkeypatch.setattr(settings, "inform", lambda *a: told.append(a[2]))
    tab.restore()
    qtbot.waitUntil(lambda: bool(told), timeout=10000)
    assert asked[0] == "Replace this database with the backup b.sqlite?"
    assert "restored from b.sqlite" in told[0] and "kept as" in told[0]
    assert tab.restored.safety_copy.exists()
    with sqlite_db.read_session() as s:  # the app's handle now reads the restored file
        assert s.scalar(select(func.count()).select_from(Feedback)) == 0
