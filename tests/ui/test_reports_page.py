"""The Reports page: choose a quarter, generate with a progress bar, preview, save as."""

from __future__ import annotations

import sqlite3
from datetime import date

import pytest
from PySide6.QtCore import QThreadPool

from voiceapp.db.engine import open_database
from voiceapp.domain.enums import UserRole
from voiceapp.services.context import Actor
from voiceapp.services.trends import latest_complete_quarter
from voiceapp.services.workspace import Workspace
from voiceapp.ui.context import UiContext
from voiceapp.ui.pages.reports import ReportsPage

MANAGER = Actor(None, "manager", UserRole.MANAGER)


@pytest.fixture(autouse=True)
def drain_pool():
    yield
    QThreadPool.globalInstance().waitForDone(20000)


@pytest.fixture
def db(demo_copy):
    database = open_database(demo_copy)
    yield database
    database.dispose()


def _page(qtbot, db) -> ReportsPage:
    page = ReportsPage(UiContext(Workspace(db, MANAGER)))
    qtbot.addWidget(page)
    page.resize(1200, 800)
    qtbot.waitUntil(lambda: page.quarter.count() > 0, timeout=10000)
    return page


def test_lists_load_with_the_last_complete_quarter_first(qtbot, db):
    page = _page(qtbot, db)
    assert page.board.count() >= 1
    chosen = page.quarter.currentData()
    wanted = latest_complete_quarter()
    codes = [page.quarter.itemData(i) for i in range(page.quarter.count())]
    assert chosen == (wanted if wanted in codes else codes[0])
    assert page.preview.page_count() == 0
    assert not page.save_button.isEnabled()


def test_generate_shows_progress_and_previews_the_pdf(qtbot, db, tmp_path, demo_copy):
    page = _page(qtbot, db)
    q = next(page.quarter.itemData(i) for i in range(page.quarter.count())
             if page.quarter.itemData(i).end < date(2026, 11, 1))
    page.quarter.setCurrentIndex(page.quarter.findData(q))
    seen: list[int] = []
    page.progress.valueChanged.connect(seen.append)
    qtbot.mouseClick(page.generate_button, qtbot_button())
    assert not page.generate_button.isEnabled()
    qtbot.waitUntil(lambda: page.result is not None, timeout=60000)
    assert any(0 < v < 1000 for v in seen), "the bar moved before the end"
    assert page.progress.value() == 1000
    assert page.preview.page_count() >= 10
    assert page.save_button.isEnabled()
    assert q.label in page.status.text()

    target = tmp_path / "board pack"
    saved = page.save_as(str(target))
    assert saved is not None and saved.suffix == ".pdf" and saved.read_bytes()[:5] == b"%PDF-"
    QThreadPool.globalInstance().waitForDone(10000)
    con = sqlite3.connect(str(demo_copy))
    try:
        actions = [r[0] for r in con.execute(
            "SELECT action FROM audit_log WHERE entity = 'quarterly_report'")]
    finally:
        con.close()
    assert "report" in actions and "export" in actions


def test_word_format_explains_there_is_no_preview(qtbot, db):
    page = _page(qtbot, db)
    page.format.setCurrentIndex(page.format.findData("docx"))
    page.large_print.setChecked(True)
    page.generate()
    qtbot.waitUntil(lambda: page.result is not None, timeout=60000)
    assert page.result.fmt == "docx"
    assert page.preview.currentWidget() is page.preview.note
    assert "Word" in page.preview.note_label.text()


def test_a_failure_is_shown_and_the_page_recovers(qtbot, db, monkeypatch):
    page = _page(qtbot, db)
    shown = []
    monkeypatch.setattr(page.ctx, "show_error", lambda parent, exc, title="": shown.append(exc))
    page.board.addItem("A board nobody created")
    page.board.setCurrentIndex(page.board.count() - 1)
    page.generate()
    qtbot.waitUntil(lambda: bool(shown), timeout=30000)
    assert "no board called" in str(shown[0])
    assert page.generate_button.isEnabled() and page.result is None
    assert page.progress.value() == 0


def qtbot_button():
    from PySide6.QtCore import Qt

    return Qt.MouseButton.LeftButton
