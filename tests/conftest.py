"""Shared fixtures.

`database` is parametrised over SQLite and a real PostgreSQL server (started once per test run
from the machine's binaries, see pg_server.py). Each test gets a fresh, migrated and seeded
database copied from a template, so tests are independent and fast.

When CI=true, a PostgreSQL suite that cannot start is a failure, not a skip.
"""

from __future__ import annotations

import itertools
import os
import shutil
import sys
from datetime import date
from pathlib import Path

import psycopg
import pytest

sys.path.insert(0, str(Path(__file__).parent))

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from pg_server import PostgresUnavailable, start_server
from voiceapp.db.engine import open_database

IN_CI = os.environ.get("CI", "").lower() == "true"
DEMO_END = date(2026, 11, 20)  # a fixed "today" for the demo so tests are reproducible
_counter = itertools.count()


@pytest.fixture(scope="session")
def pg_server():
    try:
        server = start_server()
    except PostgresUnavailable as exc:
        if IN_CI:
            pytest.fail(f"PostgreSQL tests cannot run in CI: {exc}", pytrace=False)
        pytest.skip(f"PostgreSQL not available: {exc}")
    yield server
    server.stop()


def _pg_admin(server, sql: str) -> None:
    with psycopg.connect(host="127.0.0.1", port=server.port, user=server.user,
                         dbname="postgres", autocommit=True) as conn:
        conn.execute(sql)


@pytest.fixture(scope="session")
def pg_template(pg_server):
    """A migrated, seeded database used as the template for each test's database."""
    _pg_admin(pg_server, "CREATE DATABASE voiceapp_template")
    db = open_database(pg_server.url("voiceapp_template"))
    db.dispose()
    return "voiceapp_template"


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("template") / "template.sqlite"
    db = open_database(path)
    db.dispose()
    return path


def _fresh_sqlite(template: Path, target: Path) -> str:
    shutil.copyfile(template, target)
    return str(target)


def _fresh_pg(server, template: str) -> str:
    name = f"t{os.getpid()}_{next(_counter)}"
    _pg_admin(server, f"CREATE DATABASE {name} TEMPLATE {template}")
    return server.url(name)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request, tmp_path, sqlite_template) -> str:
    """A fresh, migrated and seeded database URL or path, on each backend."""
    if request.param == "sqlite":
        return _fresh_sqlite(sqlite_template, tmp_path / "voiceapp.sqlite")
    server = request.getfixturevalue("pg_server")
    template = request.getfixturevalue("pg_template")
    return _fresh_pg(server, template)


@pytest.fixture
def database(db_url):
    db = open_database(db_url)
    yield db
    db.dispose()


@pytest.fixture
def sqlite_db(tmp_path, sqlite_template):
    db = open_database(_fresh_sqlite(sqlite_template, tmp_path / "voiceapp.sqlite"))
    yield db
    db.dispose()


@pytest.fixture(scope="session")
def demo_sqlite(tmp_path_factory) -> Path:
    """A small demo database built once per run (read-only use: copy it before writing)."""
    from voiceapp.services.demo import build_demo

    path = tmp_path_factory.mktemp("demo") / "demo.sqlite"
    build_demo(str(path), seed=7, records=3000, end=DEMO_END)
    return path


@pytest.fixture
def demo_copy(tmp_path, demo_sqlite) -> Path:
    """A private copy of the demo database that a test may change."""
    target = tmp_path / "demo.sqlite"
    shutil.copyfile(demo_sqlite, target)
    return target
