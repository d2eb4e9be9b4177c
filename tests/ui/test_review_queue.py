"""The review queue by keyboard: Y/N per theme, 1/2/3 sentiment, Enter to confirm and next."""

from __future__ import annotations

import pytest
from _feedback_ui import ctx_for, demo_db, errors, isolated_settings, sql, sql_one  # noqa: F401
from PySide6.QtCore import Qt

from voiceapp.services import review as review_service
from voiceapp.services.users import sign_in
from voiceapp.ui.models.review_queue import ReviewQueueModel
from voiceapp.ui.widgets.review_queue import ReviewQueueWidget


@pytest.fixture
def queue(qtbot, demo_db, errors):  # noqa: F811
    w = ReviewQueueWidget(ctx_for(demo_db, "officer"))
    qtbot.addWidget(w)
    w.resize(1100, 700)
    w.show()
    w.refresh()
    qtbot.waitUntil(lambda: w.item is not None and w.total > 0, timeout=15000)
    return w


def test_model_passes_qtmodeltester(qtmodeltester, demo_db):  # noqa: F811
    actor = sign_in(demo_db, "officer", "demo")
    model = ReviewQueueModel(lambda before, limit: review_service.review_queue(
        demo_db, actor, limit, before), runner=None, page_size=20)
    model.reload()
    assert model.rowCount() == 20 and model.canFetchMore()
    qtmodeltester.check(model)


def test_count_matches_sql_and_newest_first(queue, demo_copy):
    assert queue.total == sql_one(demo_copy, "SELECT count(*) FROM feedback WHERE needs_review")
    newest = sql_one(demo_copy, "SELECT id FROM feedback WHERE needs_review ORDER BY "
                                "received_on DESC, id DESC LIMIT 1")
    assert queue.item.id == newest


def test_keyboard_review_confirm_reject_and_next(qtbot, queue, demo_copy):
    # Find a record with at least two suggestions.
    for _ in range(30):
        if len([t for t in queue.item.themes if t.status == "suggested"]) >= 2:
            break
        qtbot.keyClick(queue.list, Qt.Key.Key_S)
    suggested = [t.theme_id for t in queue.item.themes if t.status == "suggested"]
    assert len(suggested) >= 2
    rid, total = queue.item.id, queue.total
    qtbot.keyClick(queue.list, Qt.Key.Key_N)  # reject the first, cursor moves on
    qtbot.keyClick(queue.list, Qt.Key.Key_Y)  # accept the second
    qtbot.keyClick(queue.list, Qt.Key.Key_1)  # sentiment: negative
    qtbot.keyClick(queue.list, Qt.Key.Key_Return)  # confirm and next
    qtbot.waitUntil(lambda: queue.item is not None and queue.item.id != rid, timeout=10000)
    status = dict(sql(demo_copy, "SELECT theme_id, status FROM feedback_theme WHERE "
                                 "feedback_id = ?", rid))
    assert status[suggested[0]] == "rejected" and status[suggested[1]] == "confirmed"
    assert all(status[t] == "confirmed" for t in suggested[2:])  # not rejected: accepted
    label = sql_one(demo_copy, "SELECT sentiment_label FROM feedback WHERE id = ?", rid)
    override = sql_one(demo_copy, "SELECT sentiment_override FROM feedback WHERE id = ?", rid)
    assert override == (None if label == "negative" else "negative")
    assert sql_one(demo_copy, "SELECT needs_review FROM feedback WHERE id = ?", rid) == 0
    assert queue.total == total - 1 == sql_one(demo_copy, "SELECT count(*) FROM feedback "
                                                          "WHERE needs_review")
    assert queue.confirmed_in_session == 1


def test_add_a_theme_and_skip(qtbot, queue, demo_copy):
    rid = queue.item.id
    qtbot.keyClick(queue.list, Qt.Key.Key_S)
    assert queue.item.id != rid  # skipped: nothing saved
    assert sql_one(demo_copy, "SELECT needs_review FROM feedback WHERE id = ?", rid) == 1
    rid = queue.item.id
    have = {t.theme_id for t in queue.item.themes}
    extra = next(tid for (tid,) in sql(demo_copy, "SELECT id FROM theme WHERE NOT retired "
                                                  "ORDER BY id") if tid not in have)
    queue.add_theme(extra)
    queue.confirm()
    qtbot.waitUntil(lambda: queue.item is None or queue.item.id != rid, timeout=10000)
    assert sql(demo_copy, "SELECT status, source FROM feedback_theme WHERE feedback_id = ? AND "
                          "theme_id = ?", rid, extra) == [("confirmed", "officer")]
