"""Open a voiceapp database: resolve where it is, refuse anything unsafe, migrate, seed.

`open_database()` is the only way the rest of the program gets an engine. It checks, before
anything is written, that the target is a voiceapp database (or empty), not corrupt, not from a
newer voiceapp, reachable and writable; each failure raises a DatabaseError with a plain-English
message and leaves the file or server untouched.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import platformdirs
from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from voiceapp.errors import (
    CorruptDatabase,
    DatabaseLocked,
    NewerDatabase,
    NotAVoiceappDatabase,
    ReadOnlyLocation,
    ServerUnreachable,
    ValidationError,
)

from . import migrations
from .models import APPLICATION_MARK

SQLITE_HEADER = b"SQLite format 3\x00"
ENV_URL = "VOICEAPP_DATABASE_URL"


def default_database_path() -> Path:
    """The embedded database in the user's data directory (per OS, via platformdirs)."""
    return Path(platformdirs.user_data_dir("voiceapp", appauthor=False)) / "voiceapp.sqlite"


def resolve_url(db: str | os.PathLike | None = None) -> URL:
    """`--db` may be a path or a SQLAlchemy URL; otherwise VOICEAPP_DATABASE_URL; otherwise the
    default SQLite file. PostgreSQL URLs are normalised to the psycopg 3 driver."""
    raw = str(db) if db is not None else os.environ.get(ENV_URL) or str(default_database_path())
    if "://" not in raw:
        return URL.create("sqlite", database=str(Path(raw).expanduser().resolve()))
    url = make_url(raw)
    if url.drivername in ("postgresql", "postgres"):
        url = url.set(drivername="postgresql+psycopg")
    return url


def describe(url: URL) -> str:
    """How to name the database to a user (no password)."""
    if url.get_backend_name() == "sqlite":
        return url.database or ":memory:"
    return url.render_as_string(hide_password=True)


@dataclass
class Database:
    engine: Engine
    url: URL
    session_factory: sessionmaker[Session]
    backup_path: Path | None = None  # where the pre-migration copy went, if one was made
    read_factory: sessionmaker[Session] | None = None

    def __post_init__(self) -> None:
        if self.read_factory is None:
            self.read_factory = sessionmaker(self.engine, expire_on_commit=False)

    @property
    def is_sqlite(self) -> bool:
        return self.url.get_backend_name() == "sqlite"

    @property
    def description(self) -> str:
        return describe(self.url)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """One unit of work that may write: commits on success, rolls back on error."""
        with self.session_factory.begin() as session:
            yield session

    @contextmanager
    def read_session(self) -> Iterator[Session]:
        """A read-only unit of work (takes no write lock on SQLite); always rolled back."""
        session = self.read_factory()
        try:
            yield session
        finally:
            session.rollback()
            session.close()

    def dispose(self) -> None:
        self.engine.dispose()


# --------------------------------------------------------------------------- checks


def _check_sqlite_file(path: Path, *, will_write: bool) -> None:
    where = path.parent
    if path.exists():
        if path.is_dir():
            raise NotAVoiceappDatabase(
                f"{path} is a folder, not a voiceapp database.", "Give the path of a .sqlite file."
            )
        size = path.stat().st_size
        if size:
            with open(path, "rb") as fh:
                header = fh.read(len(SQLITE_HEADER))
            if header != SQLITE_HEADER:
                raise NotAVoiceappDatabase(
                    f"{path} is not a voiceapp database (it is not a SQLite file).",
                    "Check the path, or choose another file name for a new database.",
                )
        if will_write and not os.access(path, os.W_OK):
            raise ReadOnlyLocation(
                f"The database file {path} is read-only.",
                "Ask IT to give you write access, or copy the file somewhere you can write to.",
            )
        # WAL needs to create -wal and -shm files beside the database.
        if will_write and not os.access(where, os.W_OK):
            raise ReadOnlyLocation(
                f"voiceapp cannot write in the folder {where}.",
                "Move the database to a folder you can write to.",
            )
    else:
        if not where.exists():
            try:
                where.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise ReadOnlyLocation(
                    f"voiceapp cannot create the folder {where} ({exc.strerror}).",
                    "Choose a location you can write to.",
                ) from exc
        if not os.access(where, os.W_OK):
            raise ReadOnlyLocation(
                f"voiceapp cannot create a database in {where}: the folder is read-only.",
                "Choose a location you can write to.",
            )


def sqlite_integrity(path: Path, *, full: bool = False) -> None:
    """Structural check with the plain sqlite3 module, read-only, before SQLAlchemy touches it.

    At start-up only the schema is read (cheap at any size); `full=True` runs PRAGMA quick_check
    over every page, which `voiceapp check` and restore use."""
    if not path.exists() or path.stat().st_size == 0:
        return
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5)
        try:
            if full:
                rows = con.execute("PRAGMA quick_check").fetchall()
            else:
                con.execute("SELECT count(*) FROM sqlite_master").fetchone()
                rows = [("ok",)]
        finally:
            con.close()
    except sqlite3.DatabaseError as exc:
        msg = str(exc)
        if "locked" in msg:
            raise DatabaseLocked(
                f"The database {path} is locked by another program.",
                "Close other copies of voiceapp using it and try again.",
            ) from exc
        raise CorruptDatabase(
            f"The database {path} is damaged and cannot be read ({msg}).",
            "Restore it from a backup (voiceapp restore) or ask your administrator.",
        ) from exc
    if rows != [("ok",)]:
        detail = "; ".join(r[0] for r in rows[:3])
        raise CorruptDatabase(
            f"The database {path} is damaged ({detail}).",
            "Restore it from a backup (voiceapp restore) or ask your administrator.",
        )


def _install_sqlite_pragmas(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record):  # pragma: no cover - exercised by every test
        # pysqlite's own transaction handling defers BEGIN; let SQLAlchemy emit it so
        # SAVEPOINT and the migration's DDL behave.
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA busy_timeout=10000")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn):  # pragma: no cover - exercised by every test
        # Units of work that write take the write lock up front (BEGIN IMMEDIATE), so two
        # processes never both read the audit chain's last hash and then race to append.
        immediate = conn.get_execution_options().get("voiceapp_write", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def create_db_engine(url: URL) -> Engine:
    if url.get_backend_name() == "sqlite":
        engine = create_engine(url, connect_args={"timeout": 10})
        _install_sqlite_pragmas(engine)
    else:
        engine = create_engine(
            url, pool_pre_ping=True,
            connect_args={"connect_timeout": 5, "application_name": "voiceapp"},
        )
    install_friendly_errors(engine)
    return engine


def install_friendly_errors(engine: Engine) -> None:
    """Turn driver errors a user can meet mid-session into plain-English VoiceappErrors:
    SQLite's 'database is locked' (another program held the write lock longer than the busy
    timeout) -> DatabaseLocked; 'readonly database' -> ReadOnlyLocation; text with broken
    characters (lone surrogates from a bad copy-paste or file) -> ValidationError. Nothing
    was written in any of these cases: the unit of work rolls back. Idempotent.

    (Opening a database already translates the first two; this covers later writes.)"""
    if getattr(engine, "_voiceapp_friendly_errors", False):
        return
    where = engine.url.database if engine.dialect.name == "sqlite" else "on the server"

    @event.listens_for(engine, "handle_error")
    def _translate(ctx) -> None:
        orig = ctx.original_exception
        if isinstance(orig, UnicodeError):
            raise ValidationError(
                "Some of the text contains broken characters that cannot be stored (often "
                "from copying out of another program or a damaged file). Nothing was saved.",
                "Retype the text, or paste it as plain text first.", field="text") from orig
        if not isinstance(orig, sqlite3.OperationalError):
            return
        msg = str(orig).lower()
        if "locked" in msg or "busy" in msg:
            raise DatabaseLocked(
                f"The database {where} is busy: another program or copy of voiceapp is "
                "writing to it. Nothing was saved.",
                "Wait a moment and try again; if it keeps happening, close other copies of "
                "voiceapp using this file.") from orig
        if "readonly" in msg or "read-only" in msg:
            raise ReadOnlyLocation(
                f"The database {where} is read-only, so nothing could be saved.",
                "Ask IT for write access to the file and its folder, or copy it somewhere "
                "you can write to.") from orig

    engine._voiceapp_friendly_errors = True



def _translate_connect_error(url: URL, exc: Exception) -> Exception:
    msg = str(getattr(exc, "orig", exc)).strip().splitlines()[0] if str(exc) else repr(exc)
    if url.get_backend_name() == "sqlite":
        if "locked" in msg:
            return DatabaseLocked(
                f"The database {url.database} is locked by another program.",
                "Close other copies of voiceapp using it and try again.",
            )
        if "readonly" in msg or "read-only" in msg:
            return ReadOnlyLocation(
                f"The database {url.database} is read-only.", "Ask IT for write access."
            )
        return CorruptDatabase(
            f"The database {url.database} cannot be opened ({msg}).",
            "Restore it from a backup or ask your administrator.",
        )
    where = f"{url.host or 'localhost'}:{url.port or 5432}"
    if "password authentication failed" in msg or "authentication" in msg:
        return ServerUnreachable(
            f"The PostgreSQL server at {where} refused the user name or password.",
            "Check the database URL with your administrator.",
        )
    if "does not exist" in msg:
        return ServerUnreachable(
            f"The database {url.database!r} does not exist on the PostgreSQL server at {where}.",
            "Ask your administrator to create it (createdb), then try again.",
        )
    return ServerUnreachable(
        f"Cannot reach the PostgreSQL server at {where} ({msg}).",
        "Check that the server is running and the address is right, or ask IT.",
    )


# --------------------------------------------------------------------------- open


def open_database(
    db: str | os.PathLike | None = None,
    *,
    migrate: bool = True,
    seed: bool = True,
    backup_before_migration: bool = True,
) -> Database:
    """Open (creating if new) and upgrade a voiceapp database.

    With migrate=False an out-of-date database is refused rather than upgraded (used by
    `voiceapp check`, which must not write)."""
    url = resolve_url(db)
    sqlite_path = Path(url.database) if url.get_backend_name() == "sqlite" and url.database else None
    if sqlite_path is not None:
        _check_sqlite_file(sqlite_path, will_write=migrate)
        sqlite_integrity(sqlite_path)

    engine = create_db_engine(url)
    try:
        state = _schema_state(engine, url)
        if sqlite_path is not None and migrate:
            # WAL is a property of the file (it rewrites the header), so it is switched on only
            # once the file is known to be voiceapp's or new, never on someone else's database.
            raw = engine.raw_connection()  # outside any transaction, as SQLite requires
            try:
                raw.driver_connection.execute("PRAGMA journal_mode=WAL")
            finally:
                raw.close()
        backup_path = None
        if state.needs_upgrade:
            if not migrate:
                raise NewerDatabase(
                    f"The database {describe(url)} needs upgrading to this version of voiceapp.",
                    "Run 'voiceapp migrate' to upgrade it (a backup is made first).",
                ) if state.current else NotAVoiceappDatabase(
                    f"{describe(url)} is empty: it is not a voiceapp database yet.",
                    "Run 'voiceapp migrate' to create one.",
                )
            if sqlite_path is not None and state.current and backup_before_migration:
                backup_path = backup_sqlite(engine, sqlite_path, reason="pre-migration")
            migrations.upgrade(engine)
        database = Database(engine, url, _write_sessions(engine), backup_path)
        if seed and migrate:
            from .seed import seed_defaults

            seed_defaults(database)
        return database
    except OperationalError as exc:
        engine.dispose()
        raise _translate_connect_error(url, exc) from exc
    except DBAPIError as exc:
        engine.dispose()
        raise _translate_connect_error(url, exc) from exc
    except BaseException:
        engine.dispose()
        raise


def _write_sessions(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine.execution_options(voiceapp_write=True), expire_on_commit=False)


@dataclass
class SchemaState:
    current: str | None
    head: str

    @property
    def needs_upgrade(self) -> bool:
        return self.current != self.head


def _schema_state(engine: Engine, url: URL) -> SchemaState:
    head = migrations.head_revision()
    with engine.connect() as conn:
        tables = set(inspect(conn).get_table_names())
        if not tables:
            return SchemaState(None, head)
        if "alembic_version" not in tables or "app_meta" not in tables:
            raise NotAVoiceappDatabase(
                f"{describe(url)} is not a voiceapp database (it holds other tables: "
                f"{', '.join(sorted(tables)[:4])}{'...' if len(tables) > 4 else ''}).",
                "Check the path or URL; voiceapp will not change a database it did not create.",
            )
        mark = conn.execute(text("SELECT value FROM app_meta WHERE key = 'application'")).scalar()
        if mark != APPLICATION_MARK:
            raise NotAVoiceappDatabase(
                f"{describe(url)} is not a voiceapp database.",
                "Check the path or URL; voiceapp will not change a database it did not create.",
            )
        current = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    if current is not None and not migrations.is_known_revision(current):
        raise NewerDatabase(
            f"The database {describe(url)} was made by a newer version of voiceapp "
            f"(schema {current}).",
            "Install the newer voiceapp to open it; this version will not change it.",
        )
    return SchemaState(current, head)


def backup_sqlite(engine: Engine, path: Path, reason: str = "backup", dest: Path | None = None) -> Path:
    """Copy a live SQLite database consistently (online backup API), beside it by default."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    dest = dest or path.with_name(f"{path.stem}.{stamp}.{reason}{path.suffix or '.sqlite'}")
    dest.parent.mkdir(parents=True, exist_ok=True)
    free = shutil.disk_usage(dest.parent).free
    if path.exists() and free < path.stat().st_size * 1.1:
        raise ReadOnlyLocation(
            f"There is not enough free disk space in {dest.parent} for a backup.",
            "Free some space and try again.",
        )
    src = sqlite3.connect(str(path))
    try:
        target = sqlite3.connect(str(dest))
        try:
            src.backup(target)
        finally:
            target.close()
    finally:
        src.close()
    return dest
