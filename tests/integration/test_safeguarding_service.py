"""The safeguarding queue: nothing leaves it without a manager's recorded decision."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

import pytest
from _feedback_support import RISK_TEXT, SAFE_TEXT, make_actor, make_input
from sqlalchemy import select

from voiceapp.db.models import AuditEntry, SafeguardingReview
from voiceapp.domain.enums import SafeguardingDecision, UserRole
from voiceapp.errors import PermissionDenied, ValidationError
from voiceapp.services import feedback as fb
from voiceapp.services import safeguarding as sg


@pytest.fixture
def flagged(database):
    officer = make_actor(database, "officer1", UserRole.OFFICER)
    manager = make_actor(database, "manager1", UserRole.MANAGER)
    d = fb.create_feedback(database, officer, make_input(database, text=RISK_TEXT))
    return officer, manager, d


def open_ids(db, actor) -> list[int]:
    return [i.feedback_id for i in sg.open_flags(db, actor)]


def test_flag_is_in_the_queue_with_its_age_and_reasons(database, flagged):
    officer, manager, d = flagged
    items = sg.open_flags(database, officer, now=datetime.now() + timedelta(hours=30))
    assert [i.feedback_id for i in items] == [d.id]
    item = items[0]
    assert item.age_hours >= 29.9 and item.overdue and item.age_text == "30 hours"
    assert item.reasons and item.text == RISK_TEXT
    assert sg.open_flag_count(database, manager) == 1


def test_officer_cannot_decide_and_the_flag_stays(database, flagged):
    officer, _, d = flagged
    review_id = sg.open_flags(database, officer)[0].review_id
    with pytest.raises(PermissionDenied):
        sg.record_decision(database, officer, review_id,
                           SafeguardingDecision.NO_ACTION.value, reason="looks fine")
    assert open_ids(database, officer) == [d.id]


@pytest.mark.parametrize("decision, kwargs, field", [
    (SafeguardingDecision.NO_ACTION.value, {}, "reason"),
    (SafeguardingDecision.NO_ACTION.value, {"reason": "   "}, "reason"),
    (SafeguardingDecision.REFERRED_FRONT_DOOR.value, {}, "referral_reference"),
    ("cleared", {"reason": "x"}, "decision"),
])
def test_decision_needs_its_details(database, flagged, decision, kwargs, field):
    _, manager, d = flagged
    review_id = sg.open_flags(database, manager)[0].review_id
    with pytest.raises(ValidationError) as err:
        sg.record_decision(database, manager, review_id, decision, **kwargs)
    assert err.value.field == field
    assert open_ids(database, manager) == [d.id]


def test_manager_decision_takes_it_out_of_the_queue_and_is_audited(database, flagged):
    _, manager, d = flagged
    review_id = sg.open_flags(database, manager)[0].review_id
    item = sg.record_decision(database, manager, review_id,
                              SafeguardingDecision.REFERRED_FRONT_DOOR.value,
                              referral_reference="MASH-2026-0042")
    assert item.decision == "referred_front_door" and item.decided_by == "manager1"
    assert open_ids(database, manager) == []
    assert [i.referral_reference for i in sg.decided_flags(database, manager)] == \
        ["MASH-2026-0042"]
    with database.read_session() as s:
        entry = s.execute(select(AuditEntry.action, AuditEntry.summary).where(
            AuditEntry.entity == "safeguarding_review",
            AuditEntry.entity_id == str(review_id)).order_by(AuditEntry.id.desc())).first()
    assert entry.action == "safeguarding decision" and "MASH-2026-0042" in entry.summary
    # A decision cannot be changed or recorded twice.
    with pytest.raises(ValidationError):
        sg.record_decision(database, manager, review_id,
                           SafeguardingDecision.NO_ACTION.value, reason="changed my mind")
    # The record keeps its flag (history) and shows the decision.
    detail = fb.get_feedback(database, manager, d.id)
    assert detail.safeguarding_flag and not detail.open_safeguarding


def test_editing_the_text_does_not_clear_the_flag(database, flagged):
    officer, manager, d = flagged
    fb.update_feedback(database, officer, d.id, d.version, replace(d.as_input(), text=SAFE_TEXT))
    assert open_ids(database, manager) == [d.id]
    with database.read_session() as s:
        assert s.scalar(select(SafeguardingReview.decision).where(
            SafeguardingReview.feedback_id == d.id)) is None


def test_officer_can_raise_a_flag_by_hand(database, flagged):
    officer, manager, _ = flagged
    calm = fb.create_feedback(database, officer, make_input(database))
    sg.raise_flag(database, officer, calm.id, "Mum seemed frightened when talking about home.")
    assert calm.id in open_ids(database, manager)
    assert fb.get_feedback(database, manager, calm.id).safeguarding_flag
    with pytest.raises(ValidationError):
        sg.raise_flag(database, officer, calm.id, "again")  # already waiting
    with pytest.raises(ValidationError):
        sg.raise_flag(database, officer, calm.id, "  ")
