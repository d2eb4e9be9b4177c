"""Fixtures and helpers for the desktop app tests of issue 4 (main window, feedback, event mode,
review queue, safeguarding, codebook). Imported by those test modules."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from voiceapp.db.engine import open_database
from voiceapp.services.users import sign_in
from voiceapp.services.workspace import Workspace
from voiceapp.ui import context as ui_context
from voiceapp.ui.context import UiContext
from voiceapp.ui.workers import wait_for_all


@pytest.fixture(autouse=True)
def isolated_settings(tmp_path, monkeypatch):
    """QSettings in a temporary folder, so tests never touch (or read) a real user's settings."""
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope,
                      str(tmp_path / "settings"))
    monkeypatch.setenv("VOICEAPP_DRAFTS_DIR", str(tmp_path / "drafts"))
    QSettings().clear()
    yield
    wait_for_all(10000)


@pytest.fixture
def errors(monkeypatch):
    """Errors the UI would show in a dialog, collected instead of blocking the test."""
    shown: list[BaseException] = []
    monkeypatch.setattr(ui_context, "show_error",
                        lambda parent, error, title="": shown.append(error))
    return shown


@pytest.fixture
def demo_db(demo_copy):
    db = open_database(demo_copy)
    yield db
    wait_for_all(10000)
    db.dispose()


def ctx_for(db, username: str) -> UiContext:
    actor = sign_in(db, username, "demo")
    return UiContext(Workspace(db, actor))


def sql(path: Path | str, query: str, *params):
    """An independent answer straight from the SQLite file (not through voiceapp)."""
    con = sqlite3.connect(str(path))
    try:
        return con.execute(query, params).fetchall()
    finally:
        con.close()


def sql_one(path, query, *params):
    return sql(path, query, *params)[0][0]
