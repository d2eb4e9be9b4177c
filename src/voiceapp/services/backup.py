"""Backup, restore and automatic backups.

SQLite: `backup_database` copies the live file with SQLite's online backup API (consistent
while others keep working), switches the copy to a single self-contained file (no -wal), runs a
full integrity check on the copy and only then gives it its final name. `restore_database`
checks a backup before anything is touched (a SQLite file, intact, a voiceapp database, not
from a newer voiceapp), makes sure no one has the database open, keeps a safety copy of the
database it replaces, and swaps the files.

PostgreSQL: voiceapp does not copy a server database itself; `pg_dump_route` describes the
standard pg_dump / pg_restore commands for the server in use (run by whoever administers it).

Automatic backups: a schedule (every N hours, a folder, how many to keep) stored in app_meta,
so every copy of the app using this database follows the same policy. The desktop app checks
it on a timer and runs `run_scheduled_backup` in the background; it is a system task set up by
an administrator, so it runs whoever is signed in, and is audited under their name.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import func, select

from voiceapp.db import migrations
from voiceapp.db.engine import (
    SQLITE_HEADER,
    Database,
    open_database,
    resolve_url,
    sqlite_integrity,
)
from voiceapp.db.models import APPLICATION_MARK, AppMeta, User
from voiceapp.errors import (
    CorruptDatabase,
    DatabaseError,
    DatabaseLocked,
    NewerDatabase,
    NotAVoiceappDatabase,
    ReadOnlyLocation,
    ValidationError,
    VoiceappError,
)

from . import audit
from .context import Actor
from .permissions import Permission, require

BACKUP_PREFIX = "voiceapp-backup-"
_SCHEDULE_KEYS = ("backup_auto_hours", "backup_auto_folder", "backup_auto_keep",
                  "backup_auto_last")


class PostgresBackup(VoiceappError):
    """voiceapp does not copy PostgreSQL databases itself; the message says how to."""

    exit_code = 1


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    size: int
    schema_revision: str | None
    created_at: str | None
    feedback_records: int
    users: int
    needs_upgrade: bool  # an older voiceapp's database: restore upgrades it


@dataclass(frozen=True)
class BackupResult:
    path: Path
    size: int
    seconds: float
    feedback_records: int


@dataclass(frozen=True)
class RestoreResult:
    source: Path
    target: Path
    safety_copy: Path | None
    info: BackupInfo
    migrated: bool


@dataclass(frozen=True)
class BackupSchedule:
    interval_hours: int = 0  # 0: automatic backups are off
    folder: str = ""
    keep: int = 7
    last_at: datetime | None = None

    @property
    def enabled(self) -> bool:
        return self.interval_hours > 0 and bool(self.folder)

    def next_due(self) -> datetime | None:
        if not self.enabled:
            return None
        if self.last_at is None:
            return datetime.min
        return self.last_at + timedelta(hours=self.interval_hours)

    def is_due(self, now: datetime | None = None) -> bool:
        due = self.next_due()
        return due is not None and due <= (now or datetime.now())


# --------------------------------------------------------------------------- plain messages


# --------------------------------------------------------------------------- PostgreSQL


def pg_dump_route(db_url: str) -> str:
    """The documented way to back up and restore a PostgreSQL voiceapp database."""
    url = resolve_url(db_url)
    host, port = url.host or "localhost", url.port or 5432
    user, name = url.username or "$USER", url.database or "voiceapp"
    conn = f"--host={host} --port={port} --username={user}"
    return (
        "voiceapp does not copy a PostgreSQL database itself: use PostgreSQL's own tools "
        "(or the server's managed backups).\n"
        "Back up (custom format, compressed, consistent while people keep working):\n"
        f"  pg_dump {conn} --format=custom --file=voiceapp-$(date +%Y%m%d).dump {name}\n"
        "Check the file lists cleanly:\n"
        "  pg_restore --list voiceapp-YYYYMMDD.dump > /dev/null\n"
        "Restore into a new, empty database, check it, then point voiceapp at it:\n"
        f"  createdb {conn} {name}_restored\n"
        f"  pg_restore {conn} --dbname={name}_restored --no-owner voiceapp-YYYYMMDD.dump\n"
        f"  voiceapp check --db postgresql+psycopg://{user}@{host}:{port}/{name}_restored\n"
        "Schedule pg_dump nightly (cron or a systemd timer) and keep copies off the server."
    )


def _sqlite_path(db: Database) -> Path:
    if not db.is_sqlite or not db.url.database:
        raise PostgresBackup(pg_dump_route(db.url.render_as_string(hide_password=True)))
    return Path(db.url.database)


# --------------------------------------------------------------------------- backup


def _copy_sqlite(src: Path, dest: Path) -> None:
    """Online backup of src into dest, then make dest a single self-contained file."""
    source = sqlite3.connect(str(src), timeout=10)
    try:
        target = sqlite3.connect(str(dest))
        try:
            source.backup(target)
            target.execute("PRAGMA journal_mode=DELETE")
        finally:
            target.close()
    except sqlite3.OperationalError as exc:
        if "locked" in str(exc) or "busy" in str(exc):
            raise DatabaseLocked(f"The database {src} is locked by another program.",
                                 "Try again in a moment.") from exc
        raise
    finally:
        source.close()


def _check_space(folder: Path, needed: int) -> None:
    free = shutil.disk_usage(folder).free
    if free < needed * 1.1 + 1_000_000:
        raise ReadOnlyLocation(
            f"There is not enough free space in {folder} for a backup "
            f"({needed / 1e6:,.0f} MB needed, {free / 1e6:,.0f} MB free).",
            "Free some space or choose another folder.")


def _prepare_out(out: Path, live: Path, overwrite: bool) -> None:
    if out.resolve() == live.resolve():
        raise ValidationError("The backup cannot be written over the database itself.",
                              "Choose another file name.", field="out")
    if out.exists() and not overwrite:
        raise ValidationError(f"{out} already exists.",
                              "Choose another file name (nothing was written).", field="out")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ReadOnlyLocation(f"voiceapp cannot create the folder {out.parent} "
                               f"({exc.strerror}).", "Choose a folder you can write to.") from exc
    if not os.access(out.parent, os.W_OK):
        raise ReadOnlyLocation(f"voiceapp cannot write in {out.parent}.",
                               "Choose a folder you can write to.")


def _backup_file(db: Database, out: Path, overwrite: bool) -> BackupResult:
    live = _sqlite_path(db)
    out = Path(out).expanduser().resolve()
    _prepare_out(out, live, overwrite)
    _check_space(out.parent, live.stat().st_size)
    started = time.perf_counter()
    partial = out.with_name(out.name + ".partial")
    partial.unlink(missing_ok=True)
    try:
        _copy_sqlite(live, partial)
        info = inspect_backup(partial)  # full integrity check of the copy before naming it
        os.replace(partial, out)
    finally:
        partial.unlink(missing_ok=True)
    return BackupResult(out, out.stat().st_size, time.perf_counter() - started,
                        info.feedback_records)


def backup_database(db: Database, actor: Actor, out: str | Path,
                    overwrite: bool = False) -> BackupResult:
    """Back up a SQLite database to `out` (checked before it is given its name); audited."""
    require(actor, Permission.BACKUP)
    result = _backup_file(db, Path(out), overwrite)
    with db.session() as s:
        audit.record(s, actor, "backup", "database", None,
                     summary=f"Backed up to {result.path}",
                     after=dict(file=str(result.path), size=result.size))
    return result


# --------------------------------------------------------------------------- inspect


def inspect_backup(path: str | Path) -> BackupInfo:
    """Check that `path` is an intact voiceapp database this version can use; say why not."""
    path = Path(path).expanduser()
    if not path.exists():
        raise ValidationError(f"There is no file {path}.", "Check the path.", field="from")
    if path.is_dir():
        raise ValidationError(f"{path} is a folder, not a backup file.", field="from")
    with open(path, "rb") as fh:
        head = fh.read(len(SQLITE_HEADER))
    if head != SQLITE_HEADER:
        raise NotAVoiceappDatabase(f"{path} is not a voiceapp backup (it is not a SQLite file).",
                                   "Choose a file made by 'voiceapp backup'.")
    try:
        sqlite_integrity(path, full=True)
    except CorruptDatabase as exc:
        raise CorruptDatabase(f"The backup {path} is damaged: {exc.message}",
                              "Use another backup; nothing was changed.") from exc
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if not {"app_meta", "alembic_version"} <= tables:
            raise NotAVoiceappDatabase(f"{path} is not a voiceapp database.",
                                       "Choose a file made by 'voiceapp backup'.")
        meta = dict(con.execute("SELECT key, value FROM app_meta").fetchall())
        if meta.get("application") != APPLICATION_MARK:
            raise NotAVoiceappDatabase(f"{path} is not a voiceapp database.",
                                       "Choose a file made by 'voiceapp backup'.")
        rev = con.execute("SELECT version_num FROM alembic_version").fetchone()
        rev = rev[0] if rev else None
        records = con.execute("SELECT count(*) FROM feedback").fetchone()[0] \
            if "feedback" in tables else 0
        users = con.execute("SELECT count(*) FROM app_user").fetchone()[0] \
            if "app_user" in tables else 0
    except sqlite3.DatabaseError as exc:
        raise CorruptDatabase(f"The backup {path} cannot be read ({exc}).",
                              "Use another backup; nothing was changed.") from exc
    finally:
        con.close()
    if rev is not None and not migrations.is_known_revision(rev):
        raise NewerDatabase(f"The backup {path} was made by a newer version of voiceapp "
                            f"(schema {rev}).",
                            "Install that version to restore it; nothing was changed.")
    return BackupInfo(path, path.stat().st_size, rev,
                      meta.get("created_at") or meta.get("seeded_at"), int(records), int(users),
                      rev != migrations.head_revision())


# --------------------------------------------------------------------------- restore


def _sidecars(path: Path) -> list[Path]:
    return [Path(str(path) + suffix) for suffix in ("-wal", "-shm", "-journal")]


def _ensure_not_in_use(target: Path) -> None:
    """Refuse to replace a database someone has open. An exclusive lock can only be taken
    when no other connection is using the file (readers included, in WAL mode)."""
    if not target.exists():
        return
    try:
        con = sqlite3.connect(str(target), timeout=1)
    except sqlite3.DatabaseError:
        return
    try:
        con.isolation_level = None
        con.execute("PRAGMA locking_mode=EXCLUSIVE")
        con.execute("BEGIN EXCLUSIVE")
        con.execute("COMMIT")
        # Fold the write-ahead log into the file so the safety copy is complete on its own.
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    except sqlite3.OperationalError as exc:
        if "locked" in str(exc) or "busy" in str(exc):
            raise DatabaseLocked(
                f"{target} is in use by voiceapp or another program.",
                "Close every copy of voiceapp using it, then restore again; nothing was "
                "changed.") from exc
    except sqlite3.DatabaseError:
        pass  # a damaged file (often why one restores): the raw copy below still keeps it
    finally:
        con.close()


def _safety_copy(target: Path) -> Path | None:
    if not target.exists():
        return None
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    dest = target.with_name(f"{target.stem}.{stamp}.before-restore{target.suffix or '.sqlite'}")
    _check_space(target.parent, target.stat().st_size)
    try:
        _copy_sqlite(target, dest)
    except (sqlite3.DatabaseError, DatabaseError):
        # Damaged beyond SQLite's backup: keep the raw bytes (and any log) instead.
        dest.unlink(missing_ok=True)
        shutil.copy2(target, dest)
        for side in _sidecars(target):
            if side.exists():
                shutil.copy2(side, Path(str(dest) + side.name[len(target.name):]))
    return dest


def _authorise(authorise: Callable[[Database], Actor], db_path: Path,
               private: bool = False) -> Actor | None:
    """Sign in against `db_path`, returning None if it cannot be opened at all. A private
    staged copy may be upgraded in place (it is ours; the backup file is never changed)."""
    try:
        database = open_database(db_path, migrate=private, seed=False,
                                 backup_before_migration=False)
    except DatabaseError:
        return None
    try:
        actor = authorise(database)
    finally:
        database.dispose()
    require(actor, Permission.BACKUP)
    return actor


def restore_database(source: str | Path, target: str | Path,
                     authorise: Callable[[Database], Actor]) -> RestoreResult:
    """Replace the SQLite database at `target` with the backup `source`.

    `authorise(database)` signs someone in and returns the actor; they must be allowed to back
    up and restore. It is asked against the database being replaced when that can be opened,
    otherwise against (a private copy of) the backup, so a damaged database can still be
    restored by an administrator of the backup."""
    url = resolve_url(str(target))
    if url.get_backend_name() != "sqlite":
        raise PostgresBackup(pg_dump_route(str(target)))
    target = Path(url.database)
    source = Path(source).expanduser().resolve()
    if source == target:
        raise ValidationError("The backup and the database are the same file.",
                              "Choose the backup file to restore from.", field="from")
    info = inspect_backup(source)
    if not target.parent.exists() or not os.access(target.parent, os.W_OK):
        raise ReadOnlyLocation(f"voiceapp cannot write in {target.parent}.",
                               "Choose a folder you can write to.")
    _ensure_not_in_use(target)
    staged = target.with_name(f".{target.name}.restoring")
    for p in (staged, *_sidecars(staged)):
        p.unlink(missing_ok=True)
    _check_space(target.parent, info.size)
    try:
        _copy_sqlite(source, staged)
        actor = _authorise(authorise, target) if target.exists() else None
        if actor is None:
            actor = _authorise(authorise, staged, private=True)
        if actor is None:
            raise CorruptDatabase(f"The backup {source} could not be opened for sign-in.",
                                  "Use another backup; nothing was changed.")
        _ensure_not_in_use(target)
        safety = _safety_copy(target)
        for side in _sidecars(target):
            side.unlink(missing_ok=True)  # a stale log must never be replayed into the backup
        os.replace(staged, target)
    finally:
        for p in (staged, *_sidecars(staged)):
            p.unlink(missing_ok=True)
    database = open_database(target)  # upgrades a backup from an older voiceapp (copy first)
    try:
        with database.session() as s:
            uid = s.scalar(select(User.id).where(func.lower(User.username)
                                                 == actor.username.lower()))
            who = Actor(uid, actor.username, actor.role, actor.extra_roles)
            audit.record(s, who, "restore", "database", None,
                         summary=f"Restored from {source}",
                         after=dict(source=str(source), safety_copy=str(safety or ""),
                                    schema=info.schema_revision))
    finally:
        database.dispose()
    return RestoreResult(source, target, safety, info, info.needs_upgrade)


# --------------------------------------------------------------------------- schedule


def backup_schedule(db: Database) -> BackupSchedule:
    """The automatic backup setting (read by every signed-in user's app, which runs it)."""
    with db.read_session() as s:
        return _schedule_in(s)


def set_backup_schedule(db: Database, actor: Actor, interval_hours: int, folder: str,
                        keep: int) -> BackupSchedule:
    require(actor, Permission.BACKUP)
    if not db.is_sqlite and interval_hours:
        raise PostgresBackup(pg_dump_route(db.url.render_as_string(hide_password=True)))
    if not 0 <= interval_hours <= 24 * 31:
        raise ValidationError("Back up every 1 to 744 hours, or 0 to switch it off.",
                              field="interval_hours")
    if not 1 <= keep <= 365:
        raise ValidationError("Keep between 1 and 365 automatic backups.", field="keep")
    folder = str(Path(folder).expanduser()) if folder else ""
    if interval_hours:
        if not folder:
            raise ValidationError("Choose a folder for automatic backups.", field="folder")
        try:
            Path(folder).mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise ValidationError(f"voiceapp cannot create the folder {folder} "
                                  f"({exc.strerror}).", field="folder") from exc
        if not os.access(folder, os.W_OK):
            raise ValidationError(f"voiceapp cannot write in {folder}.", field="folder")
        if Path(folder).resolve() == _sqlite_path(db).parent.resolve():
            raise ValidationError(
                "Keep automatic backups in a different folder from the database (ideally on "
                "another drive), so one failure cannot lose both.", field="folder")
    before = backup_schedule(db)
    with db.session() as s:
        s.merge(AppMeta(key="backup_auto_hours", value=str(interval_hours)))
        s.merge(AppMeta(key="backup_auto_folder", value=folder))
        s.merge(AppMeta(key="backup_auto_keep", value=str(keep)))
        audit.record(s, actor, "update", "settings", "backup schedule",
                     summary=(f"Automatic backup every {interval_hours} hours to {folder}, "
                              f"keeping {keep}") if interval_hours else
                     "Automatic backup switched off",
                     before=dict(hours=before.interval_hours, folder=before.folder,
                                 keep=before.keep),
                     after=dict(hours=interval_hours, folder=folder, keep=keep))
    return BackupSchedule(interval_hours, folder, keep, before.last_at)


def _prune(folder: Path, keep: int) -> list[Path]:
    files = sorted(folder.glob(f"{BACKUP_PREFIX}*.sqlite"))
    removed = files[:-keep] if len(files) > keep else []
    for f in removed:
        f.unlink(missing_ok=True)
    return removed


def run_scheduled_backup(db: Database, actor: Actor, now: datetime | None = None,
                         force: bool = False) -> BackupResult | None:
    """Make the automatic backup if one is due (or `force`); None when nothing was due.

    Claims the slot first (in a write transaction), so two copies of the app sharing the
    database do not both back up; a failed backup gives the slot back."""
    if not db.is_sqlite:
        return None
    now = (now or datetime.now()).replace(microsecond=0)
    with db.session() as s:
        schedule = _schedule_in(s)
        if not schedule.enabled or not (force or schedule.is_due(now)):
            return None
        s.merge(AppMeta(key="backup_auto_last", value=now.isoformat()))
    folder = Path(schedule.folder)
    out = folder / f"{BACKUP_PREFIX}{now.strftime('%Y%m%d-%H%M%S')}.sqlite"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        result = _backup_file(db, out, overwrite=False)
    except BaseException as exc:
        with db.session() as s:
            s.merge(AppMeta(key="backup_auto_last", value=schedule.last_at.isoformat()
                            if schedule.last_at else ""))
            audit.record(s, actor, "backup failed", "database", None,
                         summary=f"Automatic backup to {folder} failed: {exc}")
        if isinstance(exc, OSError):
            raise ReadOnlyLocation(f"The automatic backup to {folder} failed ({exc}).",
                                   "Check the folder in Settings > Backups.") from exc
        raise
    removed = _prune(folder, schedule.keep)
    with db.session() as s:
        audit.record(s, actor, "backup", "database", None,
                     summary=f"Automatic backup to {result.path}"
                     + (f"; removed {len(removed)} old" if removed else ""),
                     after=dict(file=str(result.path), size=result.size,
                                removed=[p.name for p in removed]))
    return result


def _schedule_in(s) -> BackupSchedule:
    rows = dict(s.execute(select(AppMeta.key, AppMeta.value)
                          .where(AppMeta.key.in_(_SCHEDULE_KEYS))).all())
    try:
        last = rows.get("backup_auto_last")
        return BackupSchedule(int(rows.get("backup_auto_hours", 0)),
                              rows.get("backup_auto_folder", ""),
                              int(rows.get("backup_auto_keep", 7)),
                              datetime.fromisoformat(last) if last else None)
    except ValueError:
        return BackupSchedule()
