"""The Safeguarding page: a flag leaves only with a manager's recorded decision."""

from __future__ import annotations

import pytest
from _feedback_ui import ctx_for, demo_db, errors, isolated_settings, sql, sql_one  # noqa: F401
from PySide6.QtWidgets import QPushButton

from voiceapp.errors import PermissionDenied, ValidationError
from voiceapp.services import safeguarding as sg
from voiceapp.services.users import sign_in
from voiceapp.ui.models.safeguarding import SafeguardingModel
from voiceapp.ui.pages.safeguarding import SafeguardingPage

OPEN = "SELECT count(*) FROM safeguarding_review WHERE decision IS NULL"


def page_for(qtbot, db, user):
    p = SafeguardingPage(ctx_for(db, user))
    qtbot.addWidget(p)
    p.resize(1200, 800)
    qtbot.waitUntil(lambda: "waiting" in p.summary.text() or "No flags" in p.summary.text(),
                    timeout=15000)
    return p


def test_model_passes_qtmodeltester(qtmodeltester, demo_db):  # noqa: F811
    actor = sign_in(demo_db, "manager", "demo")
    for decided, items in ((False, sg.open_flags(demo_db, actor)),
                           (True, sg.decided_flags(demo_db, actor))):
        model = SafeguardingModel(decided=decided)
        model.set_items(items)
        assert model.rowCount() == len(items)
        qtmodeltester.check(model)


def test_queue_shows_every_open_flag_with_its_age(qtbot, demo_db, demo_copy):  # noqa: F811
    p = page_for(qtbot, demo_db, "manager")
    n = sql_one(demo_copy, OPEN)
    assert n > 0, "the demo database has open flags"
    assert p.open_model.rowCount() == n
    assert p.tabs.tabText(0) == f"Waiting for a decision ({n})"
    first = p.open_model.index(0, 0).data()
    assert "hour" in first or "days" in first
    # Nothing on this page removes a flag except recording a decision.
    labels = [b.text().lower() for b in p.findChildren(QPushButton)]
    assert not any(w in t for t in labels for w in ("remove", "dismiss", "clear", "delete"))


def test_decision_required_before_a_flag_leaves(qtbot, demo_db, demo_copy, errors):  # noqa: F811
    p = page_for(qtbot, demo_db, "manager")
    n = sql_one(demo_copy, OPEN)
    item = p.current
    assert item is not None
    assert not p.decide_button.isEnabled()  # nothing chosen yet: cannot submit
    p.decision_buttons["no_action"].click()
    p.decide_button.click()  # no reason given
    qtbot.waitUntil(lambda: len(errors) == 1, timeout=10000)
    assert isinstance(errors[0], ValidationError) and errors[0].field == "reason"
    assert sql_one(demo_copy, OPEN) == n
    p.reason.setPlainText("Historic matter, already closed by the locality team.")
    p.decide_button.click()
    qtbot.waitUntil(lambda: p.open_model.rowCount() == n - 1, timeout=10000)
    assert sql_one(demo_copy, OPEN) == n - 1
    assert sql(demo_copy, "SELECT decision, decision_reason FROM safeguarding_review WHERE "
                          "id = ?", item.review_id) == [
        ("no_action", "Historic matter, already closed by the locality team.")]
    qtbot.waitUntil(lambda: any(p.decided_model.item(i).review_id == item.review_id
                                for i in range(p.decided_model.rowCount())), timeout=5000)


def test_referral_needs_its_reference(qtbot, demo_db, demo_copy, errors):  # noqa: F811
    p = page_for(qtbot, demo_db, "manager")
    n = sql_one(demo_copy, OPEN)
    p.decision_buttons["referred_front_door"].click()
    assert p.reference.isEnabled()
    p.decide_button.click()
    qtbot.waitUntil(lambda: len(errors) == 1, timeout=10000)
    assert errors[0].field == "referral_reference"
    p.reference.setText("MASH-2026-77")
    p.decide_button.click()
    qtbot.waitUntil(lambda: sql_one(demo_copy, OPEN) == n - 1, timeout=10000)


def test_officer_sees_the_queue_but_cannot_decide(qtbot, demo_db, demo_copy):  # noqa: F811
    p = page_for(qtbot, demo_db, "officer")
    assert p.open_model.rowCount() == sql_one(demo_copy, OPEN)
    assert not p.decide_button.isEnabled()
    assert all(not b.isEnabled() for b in p.decision_buttons.values())
    assert "Only a manager" in p.decide_note.text()
    with pytest.raises(PermissionDenied):
        sg.record_decision(demo_db, p.ctx.actor, p.current.review_id, "no_action",
                           reason="trying anyway")
    assert p.open_model.rowCount() == sql_one(demo_copy, OPEN)
