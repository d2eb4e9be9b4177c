"""The Audit trail page: lazy table, filters, before/after detail, chain verification."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QThreadPool
from sqlalchemy import func, select, text

from voiceapp.db.models import AuditEntry
from voiceapp.domain.enums import UserRole
from voiceapp.services import audit
from voiceapp.services.audit_query import AuditFilter, search_audit
from voiceapp.services.context import Actor
from voiceapp.services.workspace import Workspace
from voiceapp.ui.context import UiContext
from voiceapp.ui.pages import audit as audit_page
from voiceapp.ui.pages.audit import AuditPage, AuditTableModel

ADMIN = Actor(None, "alex", UserRole.ADMINISTRATOR)
MANAGER = Actor(None, "sam", UserRole.MANAGER)


@pytest.fixture(autouse=True)
def drain_pool():
    yield
    QThreadPool.globalInstance().waitForDone(5000)


@pytest.fixture
def trail(sqlite_db):
    """45 entries by three people; one holds case text in before/after."""
    people = [Actor(None, n, UserRole.OFFICER) for n in ("jo", "ravi", "kim")]
    with sqlite_db.session() as s:
        for i in range(45):
            audit.record(s, people[i % 3], "update" if i % 2 else "create", "feedback", i,
                         summary=f"Change number {i}",
                         before={"text": f"Old words {i}", "kind": "comment"},
                         after={"text": f"New words {i}", "kind": "comment"})
    return sqlite_db


def _page(qtbot, db, actor) -> AuditPage:
    page = AuditPage(UiContext(Workspace(db, actor)))
    qtbot.addWidget(page)
    qtbot.waitUntil(lambda: "match" in page.count_label.text(), timeout=5000)
    return page


def _count(db, **where) -> int:
    q = select(func.count()).select_from(AuditEntry)
    for k, v in where.items():
        q = q.where(getattr(AuditEntry, k) == v)
    with db.read_session() as s:
        return s.scalar(q)


def test_model_passes_the_model_tester(qtmodeltester, trail):
    model = AuditTableModel()
    page = search_audit(trail, ADMIN, AuditFilter(), limit=10)
    model.fetch = lambda before: search_audit(trail, ADMIN, AuditFilter(), limit=10,
                                              before_id=before)
    model.reset(page.rows, page.has_more)
    qtmodeltester.check(model)


def test_table_loads_lazily_and_counts_in_sql(qtbot, trail, monkeypatch):
    monkeypatch.setattr(audit_page, "PAGE_SIZE", 20)
    page = _page(qtbot, trail, ADMIN)
    total = _count(trail)
    assert page.count_label.text() == f"{total} entries match"
    assert page.model.rowCount() == 20 and page.model.canFetchMore()
    page.model.fetchMore()
    assert page.model.rowCount() == 40
    ids = [r.id for r in page.model.rows]
    assert ids == sorted(ids, reverse=True) and len(set(ids)) == 40  # newest first, no repeats
    while page.model.canFetchMore():
        page.model.fetchMore()
    assert page.model.rowCount() == total


def test_filters_narrow_the_list(qtbot, trail):
    page = _page(qtbot, trail, ADMIN)
    page.user.setCurrentIndex(page.user.findText("ravi"))
    page.action.setCurrentIndex(page.action.findText("update"))
    page.refresh()
    want = _count(trail, username="ravi", action="update")
    qtbot.waitUntil(lambda: page.model.rowCount() == want, timeout=5000)
    assert {(r.username, r.action) for r in page.model.rows} == {("ravi", "update")}
    page.text.setText("number 4")  # words in the summary, case-insensitive
    page.refresh()
    qtbot.waitUntil(lambda: all("number 4" in r.summary for r in page.model.rows), timeout=5000)
    page.text.setText("no such words anywhere")
    page.refresh()
    qtbot.waitUntil(lambda: page.empty.isVisibleTo(page), timeout=5000)
    assert "No audit entries match" in page.empty.text() and page.table.isHidden()
    page.clear_filters()
    qtbot.waitUntil(lambda: page.model.rowCount() == min(_count(trail), audit_page.PAGE_SIZE),
                    timeout=5000)


def test_detail_shows_before_and_after_and_hides_case_text_from_administrators(qtbot, trail):
    page = _page(qtbot, trail, MANAGER)
    page.table.selectRow(0)
    shown = page.detail.toPlainText()
    assert "Before:" in shown and "After:" in shown and "Old words 44" in shown
    assert 'text: "Old words 44" → "New words 44"' in shown
    admin_page = _page(qtbot, trail, ADMIN)
    admin_page.table.selectRow(0)
    shown = admin_page.detail.toPlainText()
    assert "Old words" not in shown and "hidden" in shown and '"kind": "comment"' in shown


def test_verify_chain_reports_intact_then_the_first_broken_entry(qtbot, trail):
    page = _page(qtbot, trail, ADMIN)
    page.verify_button.click()
    qtbot.waitUntil(lambda: "intact" in page.verify_label.text(), timeout=5000)
    assert f"all {_count(trail)} entries" in page.verify_label.text()
    with trail.engine.begin() as conn:  # what tampering with the file would take
        conn.execute(text("DROP TRIGGER audit_log_no_update"))
        victim = conn.execute(text("SELECT id FROM audit_log ORDER BY id LIMIT 1 OFFSET 9"))\
            .scalar()
        conn.execute(text("UPDATE audit_log SET summary = 'nothing happened' WHERE id = :i"),
                     {"i": victim})
    page.verify_button.click()
    qtbot.waitUntil(lambda: "Broken" in page.verify_label.text(), timeout=5000)
    assert f"entry {victim}" in page.verify_label.text()
