"""Hostile and unlucky input: injection-like text, huge text, broken Unicode, emoji, two
writers at once, a process killed mid-import, concurrent edits, locked and read-only files."""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import textwrap
import time
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from sqlalchemy import event, func, select, text
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from voiceapp.db.engine import install_friendly_errors, open_database
from voiceapp.db.models import AuditEntry, Feedback, ImportBatch, ReferenceItem
from voiceapp.domain.enums import UserRole
from voiceapp.errors import (
    ConcurrentEditError,
    DatabaseLocked,
    ValidationError,
)
from voiceapp.services import audit, passwords, reference_lists, retention, users
from voiceapp.services.audit_query import AuditFilter, search_audit
from voiceapp.services.context import Actor
from voiceapp.services.maintenance import check_database

PY = sys.executable
ROOT = Path(__file__).resolve().parents[2]
INJECTIONS = [
    "Robert'); DROP TABLE feedback; --",
    "\" OR 1=1 --",
    "' OR ''='",
    "100% of _everyone_ \\ said \"no\"",
    "NEAR(wait* AND OR NOT \"",
    "*) UNION SELECT password_hash FROM app_user --",
]


@pytest.fixture(autouse=True)
def fast_hashing(monkeypatch):
    # Production argon2 cost is not what these tests are about.
    monkeypatch.setattr(passwords, "_hasher", PasswordHasher(time_cost=1, memory_cost=64,
                                                             parallelism=1))


@pytest.fixture
def people(database):
    admin = users.create_first_administrator(database, "alex", "Alex Morgan", "Admin-Pass-99")
    officer = users.add_user(database, admin, "jo", "Jo Whitfield", "officer", "Officer-Pass-1",
                             must_change_password=False)
    manager = users.add_user(database, admin, "sam", "Sam Okafor", "manager", "Manager-Pass-1",
                             must_change_password=False)
    install_friendly_errors(database.engine)
    as_actor = lambda u: Actor(u.id, u.username, u.role)  # noqa: E731
    return admin, as_actor(officer), as_actor(manager)


def _input(database, body: str):
    from voiceapp.services.feedback import FeedbackInput

    with database.read_session() as s:
        def first(name):
            return s.scalar(select(ReferenceItem.id).where(ReferenceItem.list_name == name)
                            .order_by(ReferenceItem.id).limit(1))
        return FeedbackInput(kind="comment", received_on=date(2025, 5, 1), text=body,
                             channel_id=first("channel"), respondent_role_id=first(
                                 "respondent_role"), service_area_id=first("service_area"),
                             consent_quote=True, consent_contact=False)


def _feedback_count(database) -> int:
    with database.read_session() as s:
        return s.scalar(select(func.count()).select_from(Feedback))


def test_injection_like_text_is_stored_and_searched_verbatim(database, people):
    from voiceapp.services.feedback import FeedbackFilter, browse, create_feedback, get_feedback

    admin, officer, manager = people
    ids = [create_feedback(database, officer, _input(database, body)).id for body in INJECTIONS]
    for fid, body in zip(ids, INJECTIONS, strict=True):
        assert get_feedback(database, officer, fid).text == body
    assert _feedback_count(database) == len(INJECTIONS)
    for body in INJECTIONS:  # as search input: no error, no effect, nothing extra returned
        page = browse(database, manager, FeedbackFilter(search=body))
        assert all(r.id in ids for r in page.rows)
    assert _feedback_count(database) == len(INJECTIONS)
    # The audit search treats % and _ literally.
    rows = search_audit(database, admin, AuditFilter(text="%")).rows
    assert all("%" in (r.summary + r.username + (r.entity_id or "")) for r in rows)
    for body in INJECTIONS:  # names typed for erasure or subject access
        assert retention.find_person(database, admin, body).total == 0
    item = reference_lists.add_item(database, admin, "district", INJECTIONS[0])
    names = [i.label for i in reference_lists.list_items(database, admin, "district")]
    assert INJECTIONS[0] in names and item.code.isidentifier()
    with database.read_session() as s:
        assert audit.verify(s).ok


def test_one_megabyte_of_text(database, people):
    from voiceapp.services.feedback import create_feedback

    _, officer, _ = people
    huge = ("Still waiting for the EHC plan. " * 40_000)[:1_000_000]
    with pytest.raises(ValidationError, match="too long") as err:  # capture: a clear refusal
        create_feedback(database, officer, _input(database, huge))
    assert err.value.field == "text" and _feedback_count(database) == 0
    # The storage layer itself (e.g. an import of a long consultation response) keeps 1 MB
    # exactly and full-text search still works.
    with database.session() as s:
        s.add(Feedback(kind="consultation_response", received_on=date(2025, 1, 1),
                       text=huge + " zanzibarish"))
    with database.read_session() as s:
        assert s.scalar(select(Feedback.text)) == huge + " zanzibarish"
        if database.is_sqlite:
            n = s.execute(text("SELECT count(*) FROM feedback_fts WHERE feedback_fts MATCH "
                               "'zanzibarish'")).scalar()
        else:
            n = s.execute(text("SELECT count(*) FROM feedback WHERE to_tsvector('english', "
                               "text) @@ plainto_tsquery('english', 'zanzibarish')")).scalar()
        assert n == 1


def test_broken_unicode_is_refused_plainly_and_emoji_are_kept(database, people):
    from voiceapp.services.feedback import create_feedback, get_feedback

    admin, officer, _ = people
    with pytest.raises(ValidationError, match="broken characters"):
        create_feedback(database, officer, _input(database, "We waited \ud83d months"))
    with pytest.raises(ValidationError, match="broken characters"):
        users.add_user(database, admin, "kim", "Kim \udcff Lowe", "officer", "Lowe-Secret-12")
    assert _feedback_count(database) == 0
    body = "My son 🧒🏽 loved the youth club 👍🏻 – thank you! 🌈 Ça va très bien ✓"
    fid = create_feedback(database, officer, _input(database, body)).id
    assert get_feedback(database, officer, fid).text == body
    with database.read_session() as s:
        assert audit.verify(s).ok


_WRITER = textwrap.dedent("""
    import sys, time
    from datetime import date
    from pathlib import Path
    from voiceapp.db.engine import open_database
    from voiceapp.db.models import Feedback
    from voiceapp.errors import DatabaseLocked
    from voiceapp.services import audit
    from voiceapp.db.engine import install_friendly_errors
    from voiceapp.services.context import Actor
    from voiceapp.domain.enums import UserRole

    path, name, n, go = sys.argv[1], sys.argv[2], int(sys.argv[3]), Path(sys.argv[4])
    db = open_database(path)
    install_friendly_errors(db.engine)
    me = Actor(None, name, UserRole.OFFICER)
    (go.parent / f"ready-{name}").touch()
    while not go.exists():
        time.sleep(0.01)
    saved = locked = 0
    for i in range(n):
        try:
            with db.session() as s:  # one unit of work per record, as the services do
                f = Feedback(kind="comment", received_on=date(2025, 4, 1),
                             text=f"{name} record {i}")
                s.add(f)
                s.flush()
                audit.record(s, me, "create", "feedback", f.id, summary=f"{name} {i}")
            saved += 1
        except DatabaseLocked as exc:
            locked += 1
            print("LOCKED:", exc, file=sys.stderr)
    print(saved, locked)
""")


def test_two_processes_write_the_same_sqlite_file(sqlite_db, tmp_path):
    path = sqlite_db.url.database
    go = tmp_path / "go"
    procs = [subprocess.Popen([PY, "-c", _WRITER, path, who, "40", str(go)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for who in ("alpha", "beta")]
    deadline = time.monotonic() + 60
    while not all((tmp_path / f"ready-{w}").exists() for w in ("alpha", "beta")):
        assert time.monotonic() < deadline and all(p.poll() is None for p in procs)
        time.sleep(0.05)
    go.touch()  # both have the database open: start writing at the same moment
    results = [p.communicate(timeout=120) for p in procs]
    saved = {}
    for who, p, (out, err) in zip(("alpha", "beta"), procs, results, strict=True):
        assert p.returncode == 0, err
        n_saved, n_locked = map(int, out.split())
        assert n_saved + n_locked == 40
        assert all("try again" in line for line in err.splitlines() if "LOCKED" in line)
        saved[who] = n_saved
    with sqlite_db.read_session() as s:
        for who, n in saved.items():  # every record reported saved is there: nothing lost
            assert s.scalar(select(func.count()).select_from(Feedback)
                            .where(Feedback.text.like(f"{who} record %"))) == n
            assert s.scalar(select(func.count()).select_from(AuditEntry)
                            .where(AuditEntry.username == who)) == n
        report = audit.verify(s)
        assert report.ok, report.problem
    assert saved["alpha"] + saved["beta"] == 80  # the busy timeout lets both proceed


_IMPORTER = textwrap.dedent("""
    import sys, time
    from voiceapp.db.engine import open_database
    from voiceapp.domain.enums import UserRole
    from voiceapp.services.context import Actor
    from voiceapp.services.imports import import_file

    class Task:
        saved_chunks = 0
        def progress(self, fraction, text=""):
            if "sav" in text.lower():  # "Saving", "Analysing and saving n of N"
                self.saved_chunks += 1
        def check(self):
            if self.saved_chunks >= 2:  # chunks written, the one transaction still open
                print("MIDWRITE", flush=True)
                time.sleep(120)

    db = open_database(sys.argv[1])
    import_file(db, Actor(None, "importer", UserRole.OFFICER), sys.argv[2], task=Task(),
                retrain=False)
    print("FINISHED", flush=True)
""")


def test_a_process_killed_mid_import_leaves_nothing_of_it(sqlite_db, tmp_path):
    path = sqlite_db.url.database
    header = ("kind,received_on,channel,respondent_role,service_area,team,district,age_band,"
              "text,anonymous,consent_quote,consent_contact,respondent_name,respondent_contact")
    rows = [f"comment,2024-05-{1 + i % 28:02d},email,parent_carer,send_ehc,,wrenfold,,"
            f"Killtest row {i}: the transport was late again,no,yes,no,," for i in range(2500)]
    csv_path = tmp_path / "big.csv"
    csv_path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    before = _feedback_count(sqlite_db)
    sqlite_db.dispose()
    proc = subprocess.Popen([PY, "-c", _IMPORTER, path, str(csv_path)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 90
        line = ""
        while time.monotonic() < deadline:
            line = proc.stdout.readline()
            if line.strip() in ("MIDWRITE", "FINISHED") or not line:
                break
        assert line.strip() == "MIDWRITE", proc.stderr.read()
        # The import really is mid-write: its transaction holds the database's write lock.
        time.sleep(0.5)
        probe = sqlite3.connect(path, timeout=0)
        try:
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                probe.execute("BEGIN IMMEDIATE")
        finally:
            probe.close()
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    report = check_database(path)
    assert report.ok, report.lines
    db = open_database(path)
    try:
        with db.read_session() as s:
            assert s.scalar(select(func.count()).select_from(Feedback)
                            .where(Feedback.text.like("Killtest%"))) == 0
            assert s.scalar(select(func.count()).select_from(ImportBatch)) == 0
            assert s.scalar(select(func.count()).select_from(Feedback)) == before
            assert audit.verify(s).ok
    finally:
        db.dispose()


def test_concurrent_edits_conflict_clearly_and_lose_nothing(database, people):
    from voiceapp.services.feedback import create_feedback, get_feedback, update_feedback

    _, officer, manager = people
    rec = create_feedback(database, officer, _input(database, "The bus was late."))
    mine = replace(rec.as_input(), text="The bus was late twice.")
    theirs = replace(rec.as_input(), text="The bus was late on Monday.")
    update_feedback(database, manager, rec.id, rec.version, theirs)  # saved first
    with pytest.raises(ConcurrentEditError) as err:
        update_feedback(database, officer, rec.id, rec.version, mine)
    assert err.value.theirs.text == "The bus was late on Monday."
    assert err.value.yours.text == "The bus was late twice."
    assert get_feedback(database, officer, rec.id).text == "The bus was late on Monday."


@pytest.mark.postgres
def test_two_sessions_updating_one_row_on_postgresql(database):
    """The optimistic lock itself, with two live sessions on the server: the second writer's
    UPDATE matches no row (version moved on) and fails; the first writer's change stands."""
    if database.is_sqlite:
        pytest.skip("PostgreSQL only")
    with database.session() as s:
        f = Feedback(kind="comment", received_on=date(2025, 1, 1), text="original")
        s.add(f)
    a, b = Session(database.engine), Session(database.engine)
    try:
        fa, fb = a.get(Feedback, f.id), b.get(Feedback, f.id)
        assert fa.version == fb.version == 1
        fa.text = "first writer"
        a.commit()
        fb.text = "second writer"
        with pytest.raises(StaleDataError):
            b.commit()
        b.rollback()
    finally:
        a.close()
        b.close()
    with database.read_session() as s:
        row = s.get(Feedback, f.id)
        assert (row.text, row.version) == ("first writer", 2)


def test_a_write_blocked_by_another_program_gets_a_plain_message(sqlite_db):
    admin = users.create_first_administrator(sqlite_db, "alex", "Alex Morgan", "Admin-Pass-99")
    install_friendly_errors(sqlite_db.engine)

    @event.listens_for(sqlite_db.engine, "connect")
    def _short_wait(dbapi_conn, _rec):  # the app waits 10 s before giving up; the test 0.2 s
        dbapi_conn.execute("PRAGMA busy_timeout=200")

    sqlite_db.engine.dispose()
    holder = sqlite3.connect(sqlite_db.url.database, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(DatabaseLocked, match="try again"):
            users.add_user(sqlite_db, admin, "kim", "Kim Lowe", "officer", "Lowe-Pass-123")
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    users.add_user(sqlite_db, admin, "kim", "Kim Lowe", "officer", "Lowe-Pass-123")


def _as_nobody(fn) -> tuple[int, str]:
    """Run fn() -> (code, text) in a forked child that has dropped root for 'nobody' (root
    ignores file permissions, so a read-only file is only read-only to a normal user, such
    as the council laptop's). Everything fn needs is imported before the fork."""
    import pwd

    nobody = pwd.getpwnam("nobody")
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        code = 99
        try:
            os.close(r)
            os.setgroups([])
            os.setgid(nobody.pw_gid)
            os.setuid(nobody.pw_uid)
            code, out = fn()
            os.write(w, out.encode("utf-8", "replace"))
        except BaseException as exc:
            os.write(w, f"child failed: {exc!r}".encode())
        finally:
            os._exit(code)
    os.close(w)
    chunks = []
    while chunk := os.read(r, 65536):
        chunks.append(chunk)
    os.close(r)
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status), b"".join(chunks).decode()


def test_a_read_only_database_gets_a_clear_message(sqlite_template, capsys):
    import contextlib
    import io

    from voiceapp.cli import main

    folder = Path(tempfile.mkdtemp(prefix="voiceapp-ro-"))
    try:
        db_path = folder / "ro.sqlite"
        shutil.copyfile(sqlite_template, db_path)
        os.chmod(db_path, 0o444)
        os.chmod(folder, 0o555)

        def attempt() -> tuple[int, str]:
            err = io.StringIO()
            with contextlib.redirect_stderr(err):
                code = main(["users", "list", "--db", str(db_path)])
            return code, err.getvalue()

        if os.geteuid() == 0:
            # Warm up on a writable copy first, so every module the command imports lazily
            # is loaded before the child drops root (it could not read the interpreter's
            # standard library under /root afterwards).
            warm = folder.parent / f"{folder.name}-warm.sqlite"
            shutil.copyfile(sqlite_template, warm)
            with contextlib.redirect_stderr(io.StringIO()):
                main(["users", "list", "--db", str(warm)])
            for p in warm.parent.glob(f"{warm.name}*"):
                p.unlink()
            code, message = _as_nobody(attempt)
        else:
            code, message = attempt()
        assert code == 2, message
        assert message.startswith("voiceapp: The database file") and "read-only" in message
        assert "Traceback" not in message and len(message.strip().splitlines()) == 1
    finally:
        os.chmod(folder, 0o755)
        shutil.rmtree(folder, ignore_errors=True)


def test_locked_out_user_names_and_roles_cannot_be_injected(database, people):
    admin, _, _ = people
    with pytest.raises(ValidationError, match="user name"):
        users.add_user(database, admin, "x'; DROP TABLE app_user;--", "X", "officer",
                       "Some-Pass-123")
    with pytest.raises(ValidationError, match="Roles are"):
        users.add_user(database, admin, "kim", "Kim", "superuser", "Some-Pass-123")
    with pytest.raises(users.PermissionDenied):
        users.sign_in(database, "alex' OR '1'='1", "' OR '1'='1")
    assert UserRole.ADMINISTRATOR.value == users.find_user(database, admin, "alex").role.value


def test_cli_audit_verify_and_search(db_url, capsys, monkeypatch):
    """`voiceapp audit verify` prints OK with the count, or the first broken link and exits 1."""
    from voiceapp.cli import main

    db = open_database(db_url)
    try:
        admin = users.create_first_administrator(db, "alex", "Alex Morgan", "Admin-Pass-99")
        for i in range(4):
            reference_lists.add_item(db, admin, "district", f"Brackenmoor {i}")
        with db.read_session() as s:
            total = s.scalar(select(func.count()).select_from(AuditEntry))
    finally:
        db.dispose()
    assert main(["audit", "verify", "--db", db_url]) == 0
    assert capsys.readouterr().out.startswith(f"OK: the audit trail is intact ({total} entries")
    monkeypatch.setenv("VOICEAPP_USER", "alex")
    monkeypatch.setenv("VOICEAPP_PASSWORD", "Admin-Pass-99")
    assert main(["audit", "search", "--db", db_url, "--text", "brackenmoor 2"]) == 0
    out = capsys.readouterr().out
    assert "Brackenmoor 2" in out and "Brackenmoor 1" not in out
    db = open_database(db_url)
    try:
        with db.engine.begin() as conn:  # tamper: what someone with the file would have to do
            if db.is_sqlite:
                conn.execute(text("DROP TRIGGER audit_log_no_update"))
            else:
                conn.execute(text("DROP TRIGGER audit_log_append_only ON audit_log"))
            victim = conn.execute(text("SELECT id FROM audit_log WHERE summary LIKE "
                                       "'%Brackenmoor 1%'")).scalar()
            conn.execute(text("UPDATE audit_log SET username = 'someone' WHERE id = :i"),
                         {"i": victim})
    finally:
        db.dispose()
    assert main(["audit", "verify", "--db", db_url]) == 1
    out = capsys.readouterr().out
    assert out.startswith(f"BROKEN: audit entry {victim} ") and "changed" in out
