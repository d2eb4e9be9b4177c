"""Event mode: one keystroke to save and clear, drafts that survive a crash, the idle reset."""

from __future__ import annotations

import pytest
from _feedback_ui import ctx_for, demo_db, errors, isolated_settings, sql, sql_one  # noqa: F401
from PySide6.QtCore import Qt

from voiceapp.services.drafts import DraftStore
from voiceapp.ui.event_mode import DRAFT_KEY, EventModeWindow


@pytest.fixture
def drafts(tmp_path):
    return DraftStore("event-test", tmp_path / "drafts-test")


def open_window(qtbot, ctx, drafts, idle_seconds=600) -> EventModeWindow:
    w = EventModeWindow(ctx, drafts=drafts, idle_seconds=idle_seconds)
    qtbot.addWidget(w)
    with qtbot.waitSignal(w.ready, timeout=15000):
        pass
    w.show()
    w.activateWindow()
    qtbot.waitExposed(w)
    return w


@pytest.fixture
def ctx(demo_db):  # noqa: F811
    return ctx_for(demo_db, "officer")


def start(w: EventModeWindow) -> None:
    w.event_combo.setCurrentIndex(0)
    w.start_button.click()
    assert w.stack.currentIndex() == 1


def role_button(w: EventModeWindow, code: str):
    rid = next(o.id for o in w.ref.respondent_roles if o.code == code)
    return w.role.button_for(rid)


def test_one_keystroke_saves_and_clears(qtbot, ctx, drafts, demo_copy, errors):  # noqa: F811
    w = open_window(qtbot, ctx, drafts)
    start(w)
    event_id = w.event.id
    before = sql_one(demo_copy, "SELECT count(*) FROM feedback WHERE event_id = ?", event_id)
    qtbot.waitUntil(lambda: w.count == before, timeout=10000)
    assert w.counter.text() == f"Entries: {before}"
    qtbot.keyClicks(w.text, "More youth club nights please, and cheaper bus fares.")
    role_button(w, "child_young_person").click()
    assert w.age.isVisibleTo(w)  # age bands and faces for children and young people
    w.age.button_for("11-15").click()
    w.faces.buttons[4].click()
    w.consent.yes.click()
    qtbot.keyClick(w.text, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: w.count == before + 1, timeout=10000)
    assert not errors
    row = sql(demo_copy, "SELECT text, age_band, rating, consent_quote, anonymous, kind FROM "
                         "feedback WHERE event_id = ? ORDER BY id DESC LIMIT 1", event_id)[0]
    assert row == ("More youth club nights please, and cheaper bus fares.", "11-15", 4, 1, 1,
                   "comment")
    # The screen is clear for the next person; the event and counter stay.
    assert w.text.toPlainText() == "" and w.role.value() is None and w.faces.value() is None
    assert w.consent.value() is None and w.counter.text() == f"Entries: {before + 1}"
    assert "Saved" in w.notice.text()
    assert drafts.load(DRAFT_KEY) is None


def test_consent_must_be_answered(qtbot, ctx, drafts, demo_copy):
    w = open_window(qtbot, ctx, drafts)
    start(w)
    before = sql_one(demo_copy, "SELECT count(*) FROM feedback")
    qtbot.keyClicks(w.text, "The short breaks were great.")
    role_button(w, "parent_carer").click()
    qtbot.keyClick(w.text, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert "quote" in w.problem.text()
    assert w.text.toPlainText() == "The short breaks were great."
    assert sql_one(demo_copy, "SELECT count(*) FROM feedback") == before


def test_draft_survives_a_crash_and_is_restored(qtbot, ctx, drafts):
    w = open_window(qtbot, ctx, drafts)
    start(w)
    event = w.event
    qtbot.keyClicks(w.text, "Half-typed words when the power went off")
    role_button(w, "parent_carer").click()
    w.consent.no.click()
    # The draft is written within a moment of typing, without any save or close.
    qtbot.waitUntil(lambda: (drafts.load(DRAFT_KEY) or {}).get("text", "").startswith("Half"),
                    timeout=5000)
    # A crash: the window is never closed properly, a new one starts later.
    w.hide()
    again = open_window(qtbot, ctx, drafts)
    assert again.stack.currentIndex() == 1 and again.event.id == event.id
    assert again.text.toPlainText() == "Half-typed words when the power went off"
    assert role_button(again, "parent_carer").isChecked()
    assert again.consent.value() is False
    assert again.restored and "Restored" in again.notice.text()


def test_idle_reset_clears_the_screen_and_sets_words_aside(qtbot, ctx, drafts):
    w = open_window(qtbot, ctx, drafts, idle_seconds=1)
    start(w)
    qtbot.keyClicks(w.text, "Something private the next person must not see")
    with qtbot.waitSignal(w.idle_reset, timeout=5000):
        pass
    assert w.text.toPlainText() == ""
    assert w.parked_button.isVisibleTo(w) and "1 unfinished" in w.parked_button.text()
    w.restore_parked()
    assert w.text.toPlainText() == "Something private the next person must not see"
    assert not w.parked_button.isVisibleTo(w)


def test_new_event_then_entries(qtbot, ctx, drafts, demo_copy):
    w = open_window(qtbot, ctx, drafts)
    w.new_name.setText("Pennock Vale youth forum")
    w.new_venue.setText("Pennock Vale Leisure Centre")
    w.create_button.click()
    qtbot.waitUntil(lambda: w.event is not None, timeout=10000)
    assert w.event.name == "Pennock Vale youth forum" and w.count == 0
    assert sql_one(demo_copy, "SELECT count(*) FROM engagement_event WHERE name = ?",
                   "Pennock Vale youth forum") == 1
