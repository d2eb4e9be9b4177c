"""Backup (online, checked), restore (checked first, safety copy) and automatic backups."""

from __future__ import annotations

import hashlib
import sqlite3
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from sqlalchemy import func, select

from voiceapp.cli import main
from voiceapp.db.engine import open_database
from voiceapp.db.models import AuditEntry, Feedback
from voiceapp.errors import (
    CorruptDatabase,
    DatabaseLocked,
    NewerDatabase,
    NotAVoiceappDatabase,
    PermissionDenied,
    ValidationError,
)
from voiceapp.services import audit, backup, passwords, users

PW = "Admin-Pass-99"


@pytest.fixture(autouse=True)
def fast_hashing(monkeypatch):
    # Production argon2 cost (~0.2 s a hash here) is not what these tests are about.
    monkeypatch.setattr(passwords, "_hasher", PasswordHasher(time_cost=1, memory_cost=64,
                                                             parallelism=1))


def _add(db, n: int, word: str = "record") -> None:
    with db.session() as s:
        for i in range(n):
            s.add(Feedback(kind="comment", received_on=date(2025, 5, 1), text=f"{word} {i}"))


def _count(db) -> int:
    with db.read_session() as s:
        return s.scalar(select(func.count()).select_from(Feedback))


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def admin_db(sqlite_db):
    users.create_first_administrator(sqlite_db, "alex", "Alex Morgan", PW)
    return sqlite_db, users.sign_in(sqlite_db, "alex", PW)


def _authorise(db):
    return users.sign_in(db, "alex", PW)


def test_backup_is_a_checked_self_contained_copy(admin_db, tmp_path):
    db, admin = admin_db
    _add(db, 25)
    out = tmp_path / "copies" / "b.sqlite"
    result = backup.backup_database(db, admin, out)
    assert result.path == out.resolve() and result.feedback_records == 25
    assert not Path(str(out) + "-wal").exists() and not out.with_name("b.sqlite.partial").exists()
    con = sqlite3.connect(out)
    try:
        assert con.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert con.execute("SELECT count(*) FROM feedback").fetchone()[0] == 25
    finally:
        con.close()
    with db.read_session() as s:
        assert s.scalar(select(AuditEntry.summary).where(AuditEntry.action == "backup")) \
            .startswith("Backed up to")
    with pytest.raises(ValidationError, match="already exists"):
        backup.backup_database(db, admin, out)
    with pytest.raises(ValidationError, match="over the database itself"):
        backup.backup_database(db, admin, db.url.database, overwrite=True)
    officer = users.add_user(db, admin, "jo", "Jo Whitfield", "officer", "Officer-Pass-1",
                             must_change_password=False)
    with pytest.raises(PermissionDenied):
        backup.backup_database(db, users.sign_in(db, officer.username, "Officer-Pass-1"),
                               tmp_path / "x.sqlite")


def test_postgresql_backup_points_to_pg_dump(database, monkeypatch, capsys):
    if database.is_sqlite:
        pytest.skip("PostgreSQL only")
    admin = users.create_first_administrator(database, "alex", "Alex Morgan", PW)
    with pytest.raises(backup.PostgresBackup, match="pg_dump"):
        backup.backup_database(database, admin, "/tmp/never-written.sqlite")
    url = database.url.render_as_string(hide_password=False)
    assert main(["backup", "--db", url, "--out", "/tmp/never-written.sqlite"]) == 1
    out = capsys.readouterr().out
    assert "pg_dump" in out and "pg_restore" in out and f"--port={database.url.port}" in out
    assert not Path("/tmp/never-written.sqlite").exists()


def _corrupt(path: Path) -> None:
    data = bytearray(path.read_bytes())
    page = 4096
    for offset in range(page * 2, min(len(data), page * 12), 7):
        data[offset] = (data[offset] + 113) % 256
    path.write_bytes(bytes(data))


def test_inspect_refuses_what_is_not_a_good_backup(admin_db, tmp_path):
    db, admin = admin_db
    good = backup.backup_database(db, admin, tmp_path / "good.sqlite").path
    assert backup.inspect_backup(good).schema_revision is not None
    (tmp_path / "notes.sqlite").write_text("hello, not a database")
    with pytest.raises(NotAVoiceappDatabase):
        backup.inspect_backup(tmp_path / "notes.sqlite")
    other = sqlite3.connect(tmp_path / "other.sqlite")
    other.execute("CREATE TABLE recipes (name TEXT)")
    other.commit()
    other.close()
    with pytest.raises(NotAVoiceappDatabase):
        backup.inspect_backup(tmp_path / "other.sqlite")
    newer = tmp_path / "newer.sqlite"
    newer.write_bytes(good.read_bytes())
    con = sqlite3.connect(newer)
    con.execute("UPDATE alembic_version SET version_num = '9999_future'")
    con.commit()
    con.close()
    with pytest.raises(NewerDatabase):
        backup.inspect_backup(newer)
    broken = tmp_path / "broken.sqlite"
    broken.write_bytes(good.read_bytes())
    _corrupt(broken)
    with pytest.raises(CorruptDatabase):
        backup.inspect_backup(broken)


def test_restore_replaces_the_database_and_keeps_a_safety_copy(admin_db, tmp_path):
    db, admin = admin_db
    _add(db, 10)
    saved = backup.backup_database(db, admin, tmp_path / "b.sqlite").path
    _add(db, 5, "after the backup")
    target = Path(db.url.database)
    db.dispose()
    result = backup.restore_database(saved, target, _authorise)
    assert result.safety_copy is not None and result.safety_copy.exists()
    restored = open_database(target)
    try:
        assert _count(restored) == 10
        with restored.read_session() as s:
            assert s.scalar(select(AuditEntry.action).order_by(AuditEntry.id.desc())
                            .limit(1)) == "restore"
            assert audit.verify(s).ok
    finally:
        restored.dispose()
    safety = open_database(result.safety_copy, migrate=False, seed=False)
    try:
        assert _count(safety) == 15  # nothing was lost: the replaced data is in the copy
    finally:
        safety.dispose()


def test_restore_refuses_bad_backups_and_a_database_in_use(admin_db, tmp_path):
    db, admin = admin_db
    saved = backup.backup_database(db, admin, tmp_path / "b.sqlite").path
    _add(db, 2, "after the backup")
    target = Path(db.url.database)
    db.dispose()
    (tmp_path / "junk.sqlite").write_bytes(b"junk" * 100)
    with pytest.raises(NotAVoiceappDatabase):
        backup.restore_database(tmp_path / "junk.sqlite", target, _authorise)
    with pytest.raises(ValidationError, match="same file"):
        backup.restore_database(target, target, _authorise)
    # Someone has the database open (a transaction in progress): refuse, change nothing.
    other = sqlite3.connect(target)
    other.execute("BEGIN")
    other.execute("SELECT count(*) FROM feedback").fetchone()
    try:
        with pytest.raises(DatabaseLocked, match="in use"):
            backup.restore_database(saved, target, _authorise)
    finally:
        other.rollback()
        other.close()
    # A wrong password: refused (and the failed sign-in audited there), nothing replaced.
    with pytest.raises(PermissionDenied):
        backup.restore_database(saved, target, lambda d: users.sign_in(d, "alex", "wrong"))
    still = open_database(target)
    try:
        assert _count(still) == 2  # the records added after the backup are still there
        with still.read_session() as s:
            assert s.scalar(select(AuditEntry.action).order_by(AuditEntry.id.desc())
                            .limit(1)) == "sign-in failed"
    finally:
        still.dispose()
    assert not list(tmp_path.glob("*.before-restore*"))
    assert not list(target.parent.glob(".*restoring*"))


def test_a_damaged_database_is_restored_signing_in_against_the_backup(admin_db, tmp_path):
    db, admin = admin_db
    _add(db, 7)
    saved = backup.backup_database(db, admin, tmp_path / "b.sqlite").path
    target = Path(db.url.database)
    db.dispose()
    for side in ("-wal", "-shm"):
        Path(str(target) + side).unlink(missing_ok=True)
    _corrupt(target)
    result = backup.restore_database(saved, target, _authorise)
    assert result.safety_copy.exists()
    restored = open_database(target)
    try:
        assert _count(restored) == 7
    finally:
        restored.dispose()


def test_cli_backup_and_restore(admin_db, tmp_path, monkeypatch, capsys):
    db, _ = admin_db
    _add(db, 3)
    target = db.url.database
    db.dispose()
    monkeypatch.setenv("VOICEAPP_USER", "alex")
    monkeypatch.setenv("VOICEAPP_PASSWORD", PW)
    out = tmp_path / "cli.sqlite"
    assert main(["backup", "--db", target, "--out", str(out)]) == 0
    assert "Backed up 3 feedback records" in capsys.readouterr().out
    assert main(["restore", "--db", target, "--from", str(out), "--check-only"]) == 0
    assert "intact" in capsys.readouterr().out
    assert main(["restore", "--db", target, "--from", str(tmp_path / "missing.sqlite")]) == 2
    assert "no file" in capsys.readouterr().err
    assert main(["restore", "--db", target, "--from", str(out)]) == 0
    assert "kept as" in capsys.readouterr().out


def test_scheduled_backups_run_when_due_and_keep_the_newest(admin_db, tmp_path):
    db, admin = admin_db
    folder = tmp_path / "auto"
    assert backup.run_scheduled_backup(db, admin) is None  # off by default
    with pytest.raises(ValidationError, match="different folder"):
        backup.set_backup_schedule(db, admin, 24, str(Path(db.url.database).parent), 2)
    backup.set_backup_schedule(db, admin, 24, str(folder), 2)
    schedule = backup.backup_schedule(db)
    assert schedule.enabled and schedule.keep == 2 and schedule.is_due()
    t0 = datetime(2026, 1, 5, 9, 0)
    assert backup.run_scheduled_backup(db, admin, now=t0) is not None
    assert backup.run_scheduled_backup(db, admin, now=t0 + timedelta(hours=23)) is None
    for day in (1, 2, 3):
        assert backup.run_scheduled_backup(db, admin, now=t0 + timedelta(days=day)) is not None
    files = sorted(p.name for p in folder.glob("*.sqlite"))
    assert files == ["voiceapp-backup-20260107-090000.sqlite",
                     "voiceapp-backup-20260108-090000.sqlite"]
    with db.read_session() as s:
        assert s.scalar(select(func.count()).select_from(AuditEntry).where(
            AuditEntry.action == "backup", AuditEntry.summary.like("Automatic%"))) == 4
    officer = users.add_user(db, admin, "jo", "Jo W", "officer", "Officer-Pass-1")
    with pytest.raises(PermissionDenied):
        backup.set_backup_schedule(db, users.sign_in(db, officer.username, "Officer-Pass-1"),
                                   0, "", 7)
