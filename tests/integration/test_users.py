"""Sign-in, lock-out, the first administrator and user administration, on both backends."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from argon2 import PasswordHasher
from sqlalchemy import func, select, update

from voiceapp.cli import main
from voiceapp.db.models import AuditEntry, User
from voiceapp.domain.enums import UserRole
from voiceapp.errors import NotFound, PermissionDenied, ValidationError
from voiceapp.services import passwords, users
from voiceapp.services.passwords import hash_password

PW = "Kettle-Lantern-42"


@pytest.fixture(autouse=True)
def fast_hashing(monkeypatch):
    # argon2 at production cost takes ~0.2 s a check on this machine; the rules under test do
    # not depend on the cost (test_stored_hashes_are_argon2id checks the real hasher).
    monkeypatch.setattr(passwords, "_hasher", PasswordHasher(time_cost=1, memory_cost=64,
                                                             parallelism=1))


def _audit_count(database, action: str, entity_id=None) -> int:
    q = select(func.count()).select_from(AuditEntry).where(AuditEntry.action == action)
    if entity_id is not None:
        q = q.where(AuditEntry.entity_id == str(entity_id))
    with database.read_session() as s:
        return s.scalar(q)


@pytest.fixture
def admin(database):
    return users.create_first_administrator(database, "alex", "Alex Morgan", PW)


def test_first_run_creates_the_administrator_once(database):
    assert users.needs_first_administrator(database)
    with pytest.raises(users.NoUsersYet, match="no users yet"):
        users.sign_in(database, "anyone", "anything")
    actor = users.create_first_administrator(database, "alex", "Alex Morgan", PW)
    assert actor.role is UserRole.ADMINISTRATOR and actor.user_id is not None
    assert not users.needs_first_administrator(database)
    with pytest.raises(PermissionDenied, match="already has users"):
        users.create_first_administrator(database, "mallory", "Mallory", "Another-Pass-99")
    with database.read_session() as s:
        assert s.scalar(select(func.count()).select_from(User)) == 1
    assert users.sign_in(database, "ALEX", PW).user_id == actor.user_id  # names ignore case
    assert _audit_count(database, "create", actor.user_id) == 1


@pytest.mark.parametrize("password, why", [
    ("short1", "at least 8"),
    ("password1", "too easy"),
    ("alex-2024-x", "too easy"),  # contains the user name
    ("aaaaaaaaaa", "too few different"),
    (" padded-pass ", "space"),
])
def test_weak_passwords_are_refused_with_the_field_named(database, password, why):
    with pytest.raises(ValidationError, match=why) as err:
        users.create_first_administrator(database, "alex", "Alex Morgan", password)
    assert err.value.field == "password"
    assert users.needs_first_administrator(database)  # nothing was created


def test_wrong_password_and_unknown_user_get_the_same_message(database, admin):
    with pytest.raises(PermissionDenied) as wrong:
        users.sign_in(database, "alex", "not-it")
    with pytest.raises(PermissionDenied) as unknown:
        users.sign_in(database, "nobody", "not-it")
    assert str(wrong.value) == str(unknown.value)
    assert _audit_count(database, "sign-in failed") == 2


def test_lockout_after_repeated_failures_then_unlocks_by_itself(database, admin):
    policy = users.lockout_policy(database)
    assert (policy.failures, policy.minutes) == (5, 15)
    for _ in range(policy.failures - 1):
        with pytest.raises(PermissionDenied) as err:
            users.sign_in(database, "alex", "wrong-guess")
        assert not isinstance(err.value, users.AccountLocked)
    with pytest.raises(users.AccountLocked, match="locked until"):
        users.sign_in(database, "alex", "wrong-guess")
    # While locked even the right password is refused, and that is audited too.
    with pytest.raises(users.AccountLocked):
        users.sign_in(database, "alex", PW)
    with database.read_session() as s:
        until = s.scalar(select(User.locked_until).where(User.username == "alex"))
    assert timedelta(minutes=14) < until - datetime.now() <= timedelta(minutes=15)
    assert _audit_count(database, "sign-in failed", admin.user_id) == policy.failures + 1
    # Fifteen minutes later (simulated) the right password works and the counter is clear.
    with database.session() as s:
        s.execute(update(User).where(User.id == admin.user_id)
                  .values(locked_until=datetime.now() - timedelta(seconds=1)))
    users.sign_in(database, "alex", PW)
    with database.read_session() as s:
        u = s.get(User, admin.user_id)
        assert (u.failed_logins, u.locked_until) == (0, None)


def test_lockout_policy_is_configurable_and_a_success_resets_the_count(database, admin):
    users.set_lockout_policy(database, admin, failures=3, minutes=30)
    for _ in range(2):
        with pytest.raises(PermissionDenied):
            users.sign_in(database, "alex", "nope-nope")
    users.sign_in(database, "alex", PW)  # resets the run of failures
    for _ in range(2):
        with pytest.raises(PermissionDenied):
            users.sign_in(database, "alex", "nope-nope")
    with pytest.raises(users.AccountLocked):
        users.sign_in(database, "alex", "nope-nope")
    with pytest.raises(ValidationError):
        users.set_lockout_policy(database, admin, failures=1, minutes=30)


def test_administrator_adds_disables_enables_and_resets(database, admin):
    jo = users.add_user(database, admin, "jo", "Jo Whitfield", "officer", "Temp-Pass-123")
    assert jo.must_change_password and jo.role is UserRole.OFFICER
    with pytest.raises(ValidationError, match="already a user"):
        users.add_user(database, admin, "JO", "Another Jo", "officer", "Temp-Pass-123")
    actor = users.sign_in(database, "jo", "Temp-Pass-123")
    assert users.my_account(database, actor).must_change_password
    users.change_own_password(database, actor, "Temp-Pass-123", "Jo-Own-Secret-7")
    assert not users.my_account(database, actor).must_change_password
    with pytest.raises(PermissionDenied, match="current password"):
        users.change_own_password(database, actor, "wrong", "Whatever-Else-8")

    users.disable_user(database, admin, jo.id)
    with pytest.raises(PermissionDenied, match="disabled"):
        users.sign_in(database, "jo", "Jo-Own-Secret-7")
    users.enable_user(database, admin, jo.id)
    users.reset_password(database, admin, jo.id, "Reset-Pass-456")
    with pytest.raises(PermissionDenied):
        users.sign_in(database, "jo", "Jo-Own-Secret-7")
    assert users.sign_in(database, "jo", "Reset-Pass-456").username == "jo"
    assert users.find_user(database, admin, "jo").must_change_password
    for action in ("create", "disable", "enable", "reset password", "change password"):
        assert _audit_count(database, action, jo.id) >= 1, action
    with pytest.raises(NotFound):
        users.find_user(database, admin, "nobody")


def test_the_last_administrator_cannot_be_removed(database, admin):
    with pytest.raises(ValidationError, match="your own account"):
        users.disable_user(database, admin, admin.user_id)
    with pytest.raises(ValidationError, match="last active administrator"):
        users.set_roles(database, admin, admin.user_id, "manager")
    sam = users.add_user(database, admin, "sam", "Sam Okafor", "manager", "Okafor-Pass-24",
                         extra_roles=["administrator"])
    assert UserRole.ADMINISTRATOR in sam.extra_roles
    users.set_roles(database, admin, admin.user_id, "manager")  # now allowed: sam remains
    assert users.find_user(database, admin, "alex").role is UserRole.MANAGER


def test_demo_password_is_detected_until_changed(database, admin):
    with database.session() as s:
        s.add(User(username="officer", display_name="Jo", role="officer", extra_roles=[],
                   password_hash=hash_password("demo"), active=True, failed_logins=0))
    actor = users.sign_in(database, "officer", "demo")
    assert users.my_account(database, actor).is_demo_password
    assert users.demo_password_users(database) == ["officer"]
    users.change_own_password(database, actor, "demo", "A-Better-Secret-1")
    assert users.demo_password_users(database) == []


def test_cli_users_first_admin_then_signed_in_commands(db_url, monkeypatch, capsys):
    from voiceapp.db.engine import open_database

    monkeypatch.setenv("VOICEAPP_NEW_PASSWORD", PW)
    assert main(["users", "add", "alex", "--name", "Alex Morgan", "--db", db_url]) == 0
    assert "first administrator" in capsys.readouterr().out
    # Second user: needs sign-in and a role.
    monkeypatch.delenv("VOICEAPP_USER", raising=False)
    assert main(["users", "add", "jo", "--name", "Jo W", "--role", "officer",
                 "--db", db_url]) == 2
    assert "sign in" in capsys.readouterr().err
    monkeypatch.setenv("VOICEAPP_USER", "alex")
    monkeypatch.setenv("VOICEAPP_PASSWORD", PW)
    monkeypatch.setenv("VOICEAPP_NEW_PASSWORD", "Jo-Temp-Pass-1")
    assert main(["users", "add", "jo", "--name", "Jo W", "--role", "officer",
                 "--db", db_url]) == 0
    assert main(["users", "list", "--db", db_url]) == 0
    out = capsys.readouterr().out
    assert "jo" in out and "officer" in out and "2 users" in out
    assert main(["users", "disable", "jo", "--db", db_url]) == 0
    # An officer cannot administer users.
    assert main(["users", "enable", "jo", "--db", db_url]) == 0
    monkeypatch.setenv("VOICEAPP_USER", "jo")
    monkeypatch.setenv("VOICEAPP_PASSWORD", "Jo-Temp-Pass-1")
    assert main(["users", "list", "--db", db_url]) == 2
    assert "cannot manage users" in capsys.readouterr().err
    db = open_database(db_url)
    try:
        with db.read_session() as s:
            assert s.scalar(select(User.active).where(User.username == "jo")) is True
    finally:
        db.dispose()


def test_stored_hashes_are_argon2id_and_never_the_password(database, monkeypatch):
    monkeypatch.undo()  # the production hasher
    actor = users.create_first_administrator(database, "alex", "Alex Morgan", PW)
    with database.read_session() as s:
        stored = s.scalar(select(User.password_hash).where(User.id == actor.user_id))
    assert stored.startswith("$argon2id$") and PW not in stored
    assert users.sign_in(database, "alex", PW).user_id == actor.user_id
