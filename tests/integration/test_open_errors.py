"""Bad databases: each gives one plain-English line, a non-zero exit and changes nothing."""

import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import text

from voiceapp.cli import main
from voiceapp.db import engine as db_engine
from voiceapp.db.engine import open_database
from voiceapp.errors import (
    CorruptDatabase,
    NewerDatabase,
    NotAVoiceappDatabase,
    ReadOnlyLocation,
    ServerUnreachable,
)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def run_cli(args, capsys):
    code = main(args)
    out = capsys.readouterr()
    return code, out.out, out.err


def assert_one_line_error(code, err, *phrases):
    assert code != 0
    lines = [ln for ln in err.splitlines() if ln.strip()]
    assert len(lines) == 1, err
    assert lines[0].startswith("voiceapp: ")
    for p in phrases:
        assert p in lines[0], lines[0]


def test_text_file_is_not_a_voiceapp_database(tmp_path, capsys):
    f = tmp_path / "notes.sqlite"
    f.write_text("Minutes of the SEND board, 3 March\n" * 50)
    before = digest(f)
    code, _, err = run_cli(["migrate", "--db", str(f)], capsys)
    assert_one_line_error(code, err, "is not a voiceapp database", "not a SQLite file")
    assert digest(f) == before


def test_other_applications_sqlite_is_refused(tmp_path, capsys):
    f = tmp_path / "other.sqlite"
    con = sqlite3.connect(f)
    con.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, amount REAL)")
    con.execute("INSERT INTO invoices (amount) VALUES (12.5)")
    con.commit()
    con.close()
    before = digest(f)
    code, _, err = run_cli(["migrate", "--db", str(f)], capsys)
    assert_one_line_error(code, err, "not a voiceapp database", "invoices")
    assert digest(f) == before
    with pytest.raises(NotAVoiceappDatabase):
        open_database(f)


def test_corrupt_file_is_reported(tmp_path, sqlite_template, capsys):
    f = tmp_path / "damaged.sqlite"
    shutil.copyfile(sqlite_template, f)
    data = bytearray(f.read_bytes())
    # Keep the SQLite header, wreck the schema page and the pages after it.
    for i in range(100, min(len(data), 40000)):
        data[i] = (data[i] * 7 + 13) % 256
    f.write_bytes(bytes(data))
    before = digest(f)
    code, _, err = run_cli(["migrate", "--db", str(f)], capsys)
    assert_one_line_error(code, err, "damaged", "backup")
    assert digest(f) == before
    with pytest.raises(CorruptDatabase):
        db_engine.sqlite_integrity(f, full=True)


def test_database_from_newer_voiceapp_is_left_alone(tmp_path, sqlite_template, capsys):
    f = tmp_path / "newer.sqlite"
    shutil.copyfile(sqlite_template, f)
    con = sqlite3.connect(f)
    con.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    con.commit()
    con.close()
    before = digest(f)
    code, _, err = run_cli(["migrate", "--db", str(f)], capsys)
    assert_one_line_error(code, err, "newer version of voiceapp", "9999_from_the_future")
    assert digest(f) == before
    with pytest.raises(NewerDatabase):
        open_database(f)


def test_unreachable_postgres_server(capsys):
    code, _, err = run_cli(
        ["migrate", "--db", "postgresql://voiceapp@127.0.0.1:1/voiceapp"], capsys)
    assert_one_line_error(code, err, "Cannot reach the PostgreSQL server at 127.0.0.1:1")
    with pytest.raises(ServerUnreachable):
        open_database("postgresql://voiceapp@127.0.0.1:1/voiceapp")


def test_missing_postgres_database_is_named(pg_server, capsys):
    code, out, err = run_cli(["check", "--db", pg_server.url("no_such_db")], capsys)
    assert code != 0
    assert "The database 'no_such_db' does not exist" in out + err


@pytest.mark.skipif(not hasattr(os, "geteuid"), reason="POSIX permissions")
def test_read_only_location(tmp_path, sqlite_template):
    """Permissions do not bind root, so as root the command runs with the capabilities that
    let root ignore file permissions dropped (setpriv), i.e. as an ordinary user would."""
    folder = tmp_path / "readonly"
    folder.mkdir()
    existing = folder / "voiceapp.sqlite"
    shutil.copyfile(sqlite_template, existing)
    os.chmod(existing, 0o444)
    os.chmod(folder, 0o555)
    os.chmod(tmp_path, 0o755)
    new = folder / "new.sqlite"
    try:
        if os.geteuid() == 0:
            prefix = ["setpriv", "--bounding-set=-dac_override,-dac_read_search,-fowner"]
        else:
            prefix = []
        before = digest(existing)
        for target, phrase in ((existing, "read-only"), (new, "read-only")):
            result = subprocess.run(
                [*prefix, sys.executable, "-m", "voiceapp", "migrate", "--db", str(target)],
                capture_output=True, text=True, env={**os.environ, "HOME": str(tmp_path)})
            lines = [ln for ln in result.stderr.splitlines() if ln.strip()]
            assert result.returncode != 0
            assert len(lines) == 1 and phrase in lines[0], result.stderr
        assert digest(existing) == before
        assert not new.exists()
    finally:
        os.chmod(folder, 0o755)
    if os.geteuid() != 0:
        with pytest.raises(ReadOnlyLocation):
            db_engine._check_sqlite_file(new, will_write=True)


def test_older_database_is_backed_up_then_upgraded_without_losing_records(tmp_path):
    """A database made by the previous schema (revision 0001) with a record in it is copied
    beside itself, then upgraded; the record survives and the copy is the old version."""
    from voiceapp.db import migrations

    f = tmp_path / "voiceapp.sqlite"
    engine = db_engine.create_db_engine(db_engine.resolve_url(f))
    migrations.upgrade(engine, "0001")
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO feedback (kind, received_on, text, anonymous, "
                          "consent_quote, consent_contact, needs_review, safeguarding_flag, "
                          "created_at, updated_at, version) VALUES ('comment', '2024-05-01', "
                          "'Still waiting for the plan', 0, 0, 0, 1, 0, '2024-05-01 10:00', "
                          "'2024-05-01 10:00', 1)"))
    engine.dispose()
    upgraded = open_database(f)
    upgraded.dispose()
    assert upgraded.backup_path is not None and upgraded.backup_path.exists()
    assert "pre-migration" in upgraded.backup_path.name
    con = sqlite3.connect(upgraded.backup_path)
    assert con.execute("SELECT version_num FROM alembic_version").fetchone()[0] == "0001"
    con.close()
    con = sqlite3.connect(f)
    assert con.execute("SELECT version_num FROM alembic_version").fetchone()[0] == \
        migrations.head_revision()
    assert con.execute("SELECT text FROM feedback").fetchall() == [("Still waiting for the plan",)]
    con.close()


def test_check_command_on_a_good_database(tmp_path, sqlite_template, capsys):
    f = tmp_path / "voiceapp.sqlite"
    shutil.copyfile(sqlite_template, f)
    code, out, _ = run_cli(["check", "--db", str(f)], capsys)
    assert code == 0, out
    assert "audit trail intact" in out and "match this version" in out


def test_check_finds_schema_drift(tmp_path, sqlite_template, capsys):
    f = tmp_path / "voiceapp.sqlite"
    shutil.copyfile(sqlite_template, f)
    db = open_database(f)
    with db.engine.begin() as conn:
        conn.execute(text("DROP INDEX ix_feedback_sentiment"))
    db.dispose()
    code, out, _ = run_cli(["check", "--db", str(f)], capsys)
    assert code == 1
    assert "PROBLEM  schema differs" in out
