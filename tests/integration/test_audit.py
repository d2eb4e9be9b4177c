"""The audit trail is append-only and tamper-evident on both backends."""

import contextlib

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from voiceapp.cli import main
from voiceapp.domain.enums import UserRole
from voiceapp.services import audit
from voiceapp.services.context import Actor

ALICE = Actor(user_id=None, username="alice", role=UserRole.OFFICER)


def _write(database, n=5):
    for i in range(n):
        with database.session() as s:
            audit.record(s, ALICE, "update", "feedback", i, summary=f"Changed record {i}",
                         before={"text": "Still waiting £5"}, after={"text": f"v{i} – “quoted”"})


def _drop_append_only_guard(conn, dialect: str) -> None:
    """What someone tampering with the file would have to do first."""
    if dialect == "sqlite":
        conn.execute(text("DROP TRIGGER audit_log_no_update"))
        conn.execute(text("DROP TRIGGER audit_log_no_delete"))
    else:
        conn.execute(text("DROP TRIGGER audit_log_append_only ON audit_log"))


def test_database_refuses_to_change_or_delete_audit_entries(database):
    _write(database, 1)
    for sql in ("UPDATE audit_log SET summary = 'x'", "DELETE FROM audit_log"):
        with pytest.raises(DBAPIError, match="append-only"), database.engine.begin() as conn:
            conn.execute(text(sql))


def test_chain_verifies_then_detects_an_edit(database):
    _write(database)
    with database.read_session() as s:
        report = audit.verify(s)
    assert report.ok and report.entries >= 5
    with database.engine.begin() as conn:
        _drop_append_only_guard(conn, database.engine.dialect.name)
        third = conn.execute(text("SELECT id FROM audit_log ORDER BY id LIMIT 1 OFFSET 2")).scalar()
        conn.execute(text("UPDATE audit_log SET summary = 'nothing to see' WHERE id = :i"),
                     {"i": third})
    with database.read_session() as s:
        report = audit.verify(s)
    assert not report.ok
    assert report.first_broken_id == third
    assert "changed" in report.problem


def test_chain_detects_a_deleted_entry(database):
    _write(database)
    with database.engine.begin() as conn:
        _drop_append_only_guard(conn, database.engine.dialect.name)
        second = conn.execute(text("SELECT id FROM audit_log ORDER BY id LIMIT 1 OFFSET 1")).scalar()
        conn.execute(text("DELETE FROM audit_log WHERE id = :i"), {"i": second})
    with database.read_session() as s:
        report = audit.verify(s)
    assert not report.ok
    assert report.first_broken_id > second
    assert "removed" in report.problem


def test_entry_rolls_back_with_its_unit_of_work(database):
    with database.read_session() as s:
        before = s.execute(text("SELECT count(*) FROM audit_log")).scalar()
    try:
        with database.session() as s:
            audit.record(s, ALICE, "delete", "feedback", 1)
            raise RuntimeError("the change failed")
    except RuntimeError:
        pass
    with database.read_session() as s:
        assert s.execute(text("SELECT count(*) FROM audit_log")).scalar() == before


def test_cli_version_and_help(capsys):
    try:
        main(["--version"])
    except SystemExit as exc:
        assert exc.code == 0
    assert capsys.readouterr().out.startswith("voiceapp ")
    with contextlib.suppress(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    for command in ("demo", "migrate", "check", "analyse"):
        assert command in out
