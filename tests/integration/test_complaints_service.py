"""Complaint transitions through the service layer, on SQLite and PostgreSQL: each rule is
enforced, nothing is written when a rule or a permission says no, stale screens are caught, and
every change is audited."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from voiceapp.db.models import (
    AuditEntry,
    Complaint,
    ComplaintStage,
    Compliment,
    Feedback,
    FeedbackTheme,
    LearningPoint,
    ReferenceItem,
    SafeguardingReview,
    User,
)
from voiceapp.domain.complaint_rules import CORPORATE_SEND, STATUTORY_CSC, RuleViolation
from voiceapp.domain.enums import RecordKind, StageOutcome, UserRole
from voiceapp.domain.working_days import DEFAULT_CALENDAR as CAL
from voiceapp.errors import ConcurrentEditError, PermissionDenied, ValidationError
from voiceapp.services import complaints as svc
from voiceapp.services import compliments as comp
from voiceapp.services.context import Actor

TODAY = date(2024, 3, 28)  # Thursday before Good Friday 2024


@pytest.fixture
def people(database):
    """An officer and a manager with user rows (handlers need them)."""
    with database.session() as s:
        officer = User(username="olive", display_name="Olive Marsh", role="officer")
        manager = User(username="mani", display_name="Mani Kerr", role="manager")
        viewer = User(username="vee", display_name="Vee Board", role="board_viewer")
        s.add_all([officer, manager, viewer])
        s.flush()
        ids = officer.id, manager.id, viewer.id
    return (Actor(ids[0], "olive", UserRole.OFFICER), Actor(ids[1], "mani", UserRole.MANAGER),
            Actor(ids[2], "vee", UserRole.BOARD_VIEWER))


def _area(database, code: str) -> int:
    with database.read_session() as s:
        return s.scalar(select(ReferenceItem.id).where(ReferenceItem.code == code))


def _feedback(database, kind=RecordKind.COMMENT, received=date(2024, 3, 1), area="send_ehc",
              text="Nobody has returned my calls about the EHC plan for six weeks.") -> int:
    with database.session() as s:
        fb = Feedback(kind=kind.value, received_on=received, text=text,
                      service_area_id=_area(database, area))
        s.add(fb)
        s.flush()
        return fb.id


def _log(database, actor, procedure="statutory_csc", received=date(2024, 3, 1), **kw):
    fid = _feedback(database, received=received, area=kw.pop("area", "send_ehc"))
    return svc.log_complaint_from_feedback(database, actor, fid, procedure_code=procedure,
                                           received_on=received, today=TODAY, **kw)


def _audit(database, complaint_id: int) -> list[tuple[str, str]]:
    with database.read_session() as s:
        return [(a.action, a.summary) for a in s.scalars(
            select(AuditEntry).where(AuditEntry.entity == "complaint",
                                     AuditEntry.entity_id == str(complaint_id))
            .order_by(AuditEntry.id))]


def _version(database, complaint_id: int) -> int:
    with database.read_session() as s:
        return s.scalar(select(Complaint.version).where(Complaint.id == complaint_id))


# ------------------------------------------------------------------------------- logging


def test_log_from_feedback_makes_it_a_complaint_and_starts_the_clock(database, people):
    officer, _, _ = people
    fid = _feedback(database, kind=RecordKind.COMMENT, received=date(2023, 12, 22))
    d = svc.log_complaint_from_feedback(database, officer, fid, procedure_code="statutory_csc",
                                        handler_id=officer.user_id, today=date(2024, 1, 2))
    with database.read_session() as s:
        assert s.get(Feedback, fid).kind == RecordKind.COMPLAINT.value
        due_on = s.scalar(select(ComplaintStage.due_on)
                          .where(ComplaintStage.complaint_id == d.id))
    # Friday 22 December 2023 + 10 working days (25, 26 Dec and 1 Jan are holidays).
    assert d.current_stage.due == date(2024, 1, 10)
    assert due_on == date(2024, 1, 10)
    assert d.reference == f"WCC-23-{d.id:05d}"
    assert d.version == 1 and d.is_open and d.handler_name == "Olive Marsh"
    assert d.current_stage.acknowledge_due == date(2023, 12, 29)
    assert _audit(database, d.id)[0][0] == "create"
    with pytest.raises(ValidationError, match="already complaint"):
        svc.log_complaint_from_feedback(database, officer, fid, procedure_code="corporate_send")


def test_logging_a_compliment_as_complaint_removes_its_praise_details(database, people):
    officer, _, _ = people
    fid = _feedback(database, kind=RecordKind.COMPLIMENT)
    comp.record_praise(database, officer, fid, praised_person="XX", praised_team_id=None)
    svc.log_complaint_from_feedback(database, officer, fid, procedure_code="corporate_send",
                                    today=TODAY)
    with database.read_session() as s:
        assert s.scalar(select(func.count()).select_from(Compliment)) == 0
        before = s.scalars(select(AuditEntry.before).where(AuditEntry.entity == "complaint")).one()
    assert before["compliment"]["praised_person"] == "XX"


def test_bad_log_requests_say_why_and_change_nothing(database, people):
    officer, _, viewer = people
    fid = _feedback(database)
    with pytest.raises(ValidationError, match="no complaints procedure"):
        svc.log_complaint_from_feedback(database, officer, fid, procedure_code="nope")
    with pytest.raises(ValidationError, match="in the future"):
        svc.log_complaint_from_feedback(database, officer, fid, procedure_code="corporate_send",
                                        received_on=date(2024, 4, 2), today=TODAY)
    with pytest.raises(ValidationError, match="no stage 4"):
        svc.log_complaint_from_feedback(database, officer, fid, procedure_code="corporate_send",
                                        start_stage=4, today=TODAY)
    with pytest.raises(PermissionDenied):
        svc.log_complaint_from_feedback(database, viewer, fid, procedure_code="corporate_send")
    with database.read_session() as s:
        assert s.get(Feedback, fid).kind == RecordKind.COMMENT.value
        assert s.scalar(select(func.count()).select_from(Complaint)) == 0


# ------------------------------------------------------------------------------- transitions


def test_cannot_respond_before_acknowledging_where_required(database, people):
    officer, manager, _ = people
    d = _log(database, officer)
    with pytest.raises(RuleViolation, match="has not been acknowledged"):
        svc.respond_to_stage(database, manager, d.id, d.version, date(2024, 3, 8),
                             StageOutcome.UPHELD, today=TODAY)
    assert _version(database, d.id) == d.version  # nothing written
    as_manager = svc.complaint_detail(database, manager, d.id, today=TODAY)
    assert as_manager.available["respond"].startswith("Stage 1 (Local resolution) has not been")
    d = svc.acknowledge_stage(database, officer, d.id, d.version, date(2024, 3, 4), today=TODAY)
    assert d.version == 2 and d.current_stage.acknowledged_on == date(2024, 3, 4)
    d = svc.respond_to_stage(database, manager, d.id, d.version, date(2024, 3, 14),
                             StageOutcome.PARTIALLY_UPHELD, remedy="Apology and a named contact.",
                             today=TODAY)
    stage = d.current_stage
    assert (stage.outcome, stage.remedy, stage.status) == (
        "partially_upheld", "Apology and a named contact.", "closed_in_time")
    assert not d.is_open and d.closed_on == date(2024, 3, 14)
    # Friday 1 March: day 10 is Friday 15 March; answered on the 14th = 9 working days.
    assert stage.working_days_to_respond == 9


def test_corporate_procedure_acknowledgement_is_due_in_five_working_days(database, people):
    officer, *_ = people
    d = _log(database, officer, procedure="corporate_send", received=date(2024, 3, 23))
    # Received on a Saturday: deemed received Monday 25 March; 5 working days skip Good Friday
    # and Easter Monday.
    assert d.current_stage.acknowledge_due == date(2024, 4, 3)
    assert d.current_stage.due == date(2024, 4, 10)


def test_officer_cannot_record_an_outcome(database, people):
    officer, _, _ = people
    d = _log(database, officer)
    d = svc.acknowledge_stage(database, officer, d.id, d.version, date(2024, 3, 4), today=TODAY)
    with pytest.raises(PermissionDenied, match="record complaint outcomes"):
        svc.respond_to_stage(database, officer, d.id, d.version, date(2024, 3, 8),
                             StageOutcome.NOT_UPHELD, today=TODAY)
    assert _version(database, d.id) == d.version
    assert d.available["respond"] == "Recording an outcome needs a manager."


def test_extension_needs_a_reason_and_respects_the_statutory_maximum(database, people):
    officer, _, _ = people
    d = _log(database, officer)  # statutory stage 1: 10 working days, at most 20
    assert d.current_stage.max_due == CAL.deadline(date(2024, 3, 1), 20)  # 29 March is Good Fri
    with pytest.raises(RuleViolation, match="Give a reason"):
        svc.extend_stage(database, officer, d.id, d.version, date(2024, 3, 22), "  ",
                         agreed_on=date(2024, 3, 8), today=TODAY)
    too_late = CAL.next_working_day(d.current_stage.max_due)
    with pytest.raises(RuleViolation, match="too late"):
        svc.extend_stage(database, officer, d.id, d.version, too_late, "Awaiting records",
                         agreed_on=date(2024, 3, 8), today=TODAY)
    assert _version(database, d.id) == d.version
    d = svc.extend_stage(database, officer, d.id, d.version, d.current_stage.max_due,
                         "Awaiting health records", agreed_on=date(2024, 3, 8), today=TODAY)
    stage = d.current_stage
    assert stage.extended_to == date(2024, 4, 2)  # 20 working days, over Easter
    assert stage.due == date(2024, 4, 2) and stage.on_time_due == date(2024, 3, 15)
    assert stage.extended_on == date(2024, 3, 8)
    assert any("extended to Tuesday 2 April 2024: Awaiting health records" in e.label
               for e in d.timeline)
    with database.read_session() as s:
        row = s.execute(select(ComplaintStage.extended_to, ComplaintStage.extension_reason,
                               ComplaintStage.milestones)
                        .where(ComplaintStage.complaint_id == d.id)).one()
    assert (row.extended_to, row.extension_reason) == (date(2024, 4, 2), "Awaiting health records")
    assert row.milestones["_extended_on"] == "2024-03-08"
    assert row.milestones["_template"]["max_extended_days"] == 20


def test_statutory_stage_cannot_be_paused_corporate_can(database, people):
    officer, _, _ = people
    d = _log(database, officer)
    with pytest.raises(RuleViolation, match="cannot be paused"):
        svc.pause_stage(database, officer, d.id, d.version, date(2024, 3, 5), "Family away",
                        today=TODAY)
    c = _log(database, officer, procedure="corporate_send")
    due = c.current_stage.due
    c = svc.pause_stage(database, officer, c.id, c.version, date(2024, 3, 5),
                        "Waiting for the complainant to agree the statement", today=TODAY)
    assert c.current_stage.is_paused and c.status_label == "Paused"
    with pytest.raises(RuleViolation, match="Resume it before extending"):
        svc.extend_stage(database, officer, c.id, c.version, date(2024, 3, 28), "x",
                         agreed_on=date(2024, 3, 6), today=TODAY)
    c = svc.resume_stage(database, officer, c.id, c.version, date(2024, 3, 12), today=TODAY)
    # Paused Tue 5 to Tue 12 March: 5 working days stopped.
    assert c.current_stage.due == CAL.add_working_days(due, 5)
    with database.read_session() as s:
        row = s.execute(select(ComplaintStage.due_on, ComplaintStage.pauses)
                        .where(ComplaintStage.complaint_id == c.id)).one()
    assert row.due_on == CAL.add_working_days(due, 5)
    assert row.pauses == [{"start": "2024-03-05", "end": "2024-03-12",
                           "reason": "Waiting for the complainant to agree the statement"}]


def test_cannot_escalate_a_withdrawn_complaint(database, people):
    officer, *_ = people
    d = _log(database, officer)
    d = svc.withdraw_complaint(database, officer, d.id, d.version, date(2024, 3, 6),
                               reason="Resolved informally with the team", today=TODAY)
    assert d.withdrawn and not d.is_open and d.current_stage.outcome == "withdrawn"
    assert d.withdrawal_reason == "Resolved informally with the team"
    with pytest.raises(RuleViolation, match="withdrawn"):
        svc.escalate_complaint(database, officer, d.id, d.version, date(2024, 3, 20),
                               today=TODAY)
    assert d.available["escalate"].startswith("This complaint was withdrawn")
    with database.read_session() as s:
        assert s.scalar(select(func.count()).select_from(ComplaintStage)
                        .where(ComplaintStage.complaint_id == d.id)) == 1


def _responded(database, officer, manager, procedure="statutory_csc", on=date(2024, 3, 14)):
    d = _log(database, officer, procedure=procedure)
    d = svc.acknowledge_stage(database, officer, d.id, d.version, date(2024, 3, 4), today=TODAY)
    return svc.respond_to_stage(database, manager, d.id, d.version, on, StageOutcome.NOT_UPHELD,
                                today=TODAY)


def test_escalation_inside_and_outside_the_window(database, people):
    officer, manager, _ = people
    d = _responded(database, officer, manager)
    window = CAL.deadline(date(2024, 3, 14), 20)
    assert d.escalation.allowed and d.escalation.window_closes == window
    late = CAL.next_working_day(window)
    with pytest.raises(RuleViolation, match="escalation window closed"):
        svc.escalate_complaint(database, officer, d.id, d.version, late, today=late)
    d2 = svc.escalate_complaint(database, officer, d.id, d.version, late,
                                reason="Complainant was in hospital", today=late,
                                investigator="Independent investigator (J. Harlow)")
    stage = d2.current_stage
    assert (stage.number, stage.received_on, stage.late_request_reason, stage.investigator) == (
        2, late, "Complainant was in hospital", "Independent investigator (J. Harlow)")
    assert stage.due == CAL.deadline(late, 25) and d2.is_open and d2.closed_on is None


def test_ombudsman_referral_and_decision(database, people):
    officer, manager, _ = people
    d = _responded(database, officer, manager)
    with pytest.raises(RuleViolation, match="premature"):
        svc.refer_to_ombudsman(database, officer, d.id, d.version, date(2024, 3, 20),
                               today=TODAY)
    d = svc.refer_to_ombudsman(database, officer, d.id, d.version, date(2024, 3, 20),
                               reference="23 012 345",
                               premature_note="Ombudsman accepted it early: child at risk of "
                                              "losing placement", today=TODAY)
    assert d.ombudsman_referred_on == date(2024, 3, 20) and d.ombudsman_reference == "23 012 345"
    assert d.ombudsman_premature_note.startswith("Ombudsman accepted")
    with pytest.raises(PermissionDenied):
        svc.record_ombudsman_decision(database, officer, d.id, d.version, "no_fault",
                                      date(2024, 3, 27), today=TODAY)
    d = svc.record_ombudsman_decision(database, manager, d.id, d.version, "fault_injustice",
                                      date(2024, 3, 27), remedy="Apology and £300", today=TODAY)
    assert (d.ombudsman_decision, d.ombudsman_remedy) == ("fault_injustice", "Apology and £300")
    assert [e.label for e in d.timeline][-2:] == ["Ombudsman decision: Fault causing injustice",
                                                  "Ombudsman remedy: Apology and £300"]


def test_stale_version_is_a_concurrent_edit_and_nothing_is_lost(database, people):
    officer, manager, _ = people
    d = _log(database, officer)
    seen = d.version
    svc.acknowledge_stage(database, officer, d.id, seen, date(2024, 3, 4), today=TODAY)
    with pytest.raises(ConcurrentEditError) as err:
        svc.extend_stage(database, manager, d.id, seen, date(2024, 3, 22), "Complex case",
                         agreed_on=date(2024, 3, 8), today=TODAY)
    assert err.value.yours["extension_reason"] == "Complex case"
    assert err.value.theirs["version"] == seen + 1
    assert err.value.theirs["stages"][0]["acknowledged_on"] == date(2024, 3, 4)
    with database.read_session() as s:
        assert s.scalar(select(ComplaintStage.extended_to)
                        .where(ComplaintStage.complaint_id == d.id)) is None


def test_learning_points_add_edit_and_conflict(database, people):
    officer, manager, _ = people
    d = _responded(database, officer, manager)
    d = svc.add_learning_point(database, officer, d.id, "  Return calls within 2 days  ",
                               stage_number=1)
    lp = d.learning_points[0]
    assert (lp.text, lp.stage_number, lp.action_id) == ("Return calls within 2 days", 1, None)
    with pytest.raises(ValidationError, match="Write the learning point"):
        svc.add_learning_point(database, officer, d.id, "   ")
    with pytest.raises(ValidationError, match="not reached stage 2"):
        svc.add_learning_point(database, officer, d.id, "x", stage_number=2)
    d = svc.edit_learning_point(database, officer, lp.id, "Return calls within 1 day",
                                expected_text="Return calls within 2 days")
    with pytest.raises(ConcurrentEditError) as err:
        svc.edit_learning_point(database, manager, lp.id, "Something else",
                                expected_text="Return calls within 2 days")
    assert (err.value.theirs, err.value.yours) == ("Return calls within 1 day", "Something else")
    with database.read_session() as s:
        assert s.scalar(select(LearningPoint.text)) == "Return calls within 1 day"
        actions = [a for (a,) in s.execute(select(AuditEntry.action)
                                           .where(AuditEntry.entity == "learning_point"))]
    assert actions == ["create", "update"]


def test_handling_joint_and_advocate(database, people):
    officer, manager, viewer = people
    d = _log(database, officer, area="health_therapies")
    d = svc.update_handling(database, officer, d.id, d.version, handler_id=manager.user_id,
                            joint_health=True, joint_notes="ICB complaints team leads on therapy",
                            advocate_involved=True)
    assert (d.handler_name, d.joint_health, d.joint_school, d.advocate_involved) == (
        "Mani Kerr", True, False, True)
    with pytest.raises(ValidationError, match="cannot handle complaints"):
        svc.assign_handler(database, officer, d.id, d.version, viewer.user_id)
    with pytest.raises(ValidationError, match="Nothing was changed"):
        svc.update_handling(database, officer, d.id, d.version, joint_health=True)


def test_every_change_is_audited_with_before_and_after(database, people):
    officer, manager, _ = people
    d = _responded(database, officer, manager)
    entries = _audit(database, d.id)
    assert [a for a, _ in entries] == ["create", "acknowledge", "respond"]
    assert "Not upheld (closed in time)" in entries[-1][1]
    with database.read_session() as s:
        last = s.execute(select(AuditEntry.before, AuditEntry.after)
                         .where(AuditEntry.action == "respond")).one()
    assert last.before["stages"][0]["responded_on"] is None
    assert last.after["stages"][0]["responded_on"] == "2024-03-14"


# ------------------------------------------------------------------------------- the list


def test_open_list_status_days_remaining_and_filters(database, people):
    officer, manager, _ = people
    today = date(2024, 3, 20)
    overdue = _log(database, officer, received=date(2024, 2, 1))  # due 15 Feb
    soon = _log(database, officer, received=date(2024, 3, 5), area="fostering")  # due 19 Mar+
    fresh = _log(database, manager, procedure="corporate_send", received=date(2024, 3, 19),
                 handler_id=manager.user_id)
    closed = _responded(database, officer, manager)
    listing = svc.list_complaints(database, officer, today=today)
    by_id = {r.id: r for r in listing.rows}
    assert set(by_id) == {overdue.id, soon.id, fresh.id}
    assert by_id[overdue.id].status == "overdue"
    assert by_id[overdue.id].days_remaining == -CAL.working_days_between(date(2024, 2, 15), today)
    assert by_id[soon.id].due == CAL.deadline(date(2024, 3, 5), 10)  # Tuesday 19 March
    assert by_id[soon.id].status == "overdue"
    assert by_id[fresh.id].status == "open" and by_id[fresh.id].days_remaining == 9
    assert listing.rows[0].id == overdue.id  # most urgent first
    assert listing.counts["overdue"] == 2 and listing.counts["open"] == 1
    due_soon = _log(database, officer, received=date(2024, 3, 11))  # due Mon 25 March
    listing = svc.list_complaints(database, officer, svc.ComplaintFilter(status="due_soon"),
                                  today=today)
    assert [r.id for r in listing.rows] == [due_soon.id]
    assert listing.rows[0].days_remaining == 3 and listing.rows[0].status_label == "Due soon"
    area = _area(database, "fostering")
    assert [r.id for r in svc.list_complaints(
        database, officer, svc.ComplaintFilter(service_area_id=area), today=today).rows] == [soon.id]
    assert [r.id for r in svc.list_complaints(
        database, officer, svc.ComplaintFilter(handler_id=manager.user_id), today=today).rows
    ] == [fresh.id]
    assert {r.id for r in svc.list_complaints(
        database, officer, svc.ComplaintFilter(procedure_code="corporate_send"),
        today=today).rows} == {fresh.id}
    assert svc.list_complaints(database, officer, svc.ComplaintFilter(stage=2),
                               today=today).rows == ()
    closed_rows = svc.list_complaints(database, officer, svc.ComplaintFilter(scope="closed"),
                                      today=today).rows
    assert [(r.id, r.status) for r in closed_rows] == [(closed.id, "closed_in_time")]
    found = svc.list_complaints(database, officer,
                                svc.ComplaintFilter(scope="all", search=closed.reference.lower()),
                                today=today).rows
    assert [r.id for r in found] == [closed.id]
    with pytest.raises(ValidationError):
        svc.list_complaints(database, officer, svc.ComplaintFilter(scope="everything"))


# ------------------------------------------------------------------------------- procedures


def test_procedure_edit_is_validated_and_running_clocks_keep_their_dates(database, people):
    officer, *_ = people
    admin = Actor(None, "admin", UserRole.ADMINISTRATOR)
    running = _log(database, officer, procedure="corporate_send", received=date(2024, 3, 1))
    record = svc.load_procedure(database, admin, "corporate_send")
    assert record.template == CORPORATE_SEND and record.open_complaints == 1
    with pytest.raises(PermissionDenied):
        svc.load_procedure(database, officer, "corporate_send")
    s1, s2 = record.template.stages
    from dataclasses import replace

    broken = replace(record.template, stages=(replace(s1, max_extended_days=5), s2))
    with pytest.raises(RuleViolation) as err:
        svc.save_procedure(database, admin, broken, record.version)
    assert "shorter than the response time" in err.value.problems[0]
    longer = replace(record.template, stages=(replace(s1, response_days=15, max_extended_days=25),
                                              s2))
    saved = svc.save_procedure(database, admin, longer, record.version, today=TODAY)
    assert saved.template.stages[0].response_days == 15 and saved.version == record.version + 1
    with pytest.raises(ConcurrentEditError):
        svc.save_procedure(database, admin, longer, record.version, today=TODAY)
    again = svc.complaint_detail(database, officer, running.id, today=TODAY)
    assert again.current_stage.due == running.current_stage.due == CAL.deadline(
        date(2024, 3, 1), 10)
    new = _log(database, officer, procedure="corporate_send", received=date(2024, 3, 1))
    assert new.current_stage.due == CAL.deadline(date(2024, 3, 1), 15)


def test_stage_rows_without_snapshot_use_the_template_in_force_when_received(database, people):
    officer, _, _ = people
    admin = Actor(None, "admin", UserRole.ADMINISTRATOR)
    d = _log(database, officer, procedure="statutory_csc", received=date(2024, 3, 1))
    with database.session() as s:  # as an import or the demo writes it: no snapshot
        row = s.scalar(select(ComplaintStage).where(ComplaintStage.complaint_id == d.id))
        row.milestones = {}
    record = svc.load_procedure(database, admin, "statutory_csc")
    from dataclasses import replace

    s1, *rest = record.template.stages
    svc.save_procedure(database, admin, replace(record.template,
                                                stages=(replace(s1, response_days=12), *rest)),
                       record.version, today=date(2024, 3, 10))
    again = svc.complaint_detail(database, officer, d.id, today=TODAY)
    assert again.current_stage.due == CAL.deadline(date(2024, 3, 1), 10)
    assert STATUTORY_CSC.stages[0].response_days == 10


# ------------------------------------------------------------------------------- compliments


def test_compliments_praise_and_thanks(database, people):
    officer, _, viewer = people
    with database.session() as s:
        team = ReferenceItem(list_name="team", code="ehc_north", label="EHC team north")
        s.add(team)
        s.flush()
        team_id = team.id
    a = _feedback(database, kind=RecordKind.COMPLIMENT, received=date(2024, 3, 4),
                  text="XX was so kind and kept us informed.")
    b = _feedback(database, kind=RecordKind.COMPLIMENT, received=date(2024, 3, 5),
                  text="The transport team sorted it in a day.")
    listing = comp.list_compliments(database, officer, awaiting_only=True)
    assert {r.feedback_id for r in listing.rows} == {a, b} and listing.awaiting == 2
    row = comp.record_praise(database, officer, a, praised_person="Sam Reed",
                             praised_team_id=team_id)
    assert (row.praised_person, row.team) == ("Sam Reed", "EHC team north")
    with pytest.raises(ValidationError, match="in the future"):
        comp.pass_on_thanks(database, officer, a, date(2024, 3, 29), today=TODAY)
    with pytest.raises(ValidationError, match="before the compliment was received"):
        comp.pass_on_thanks(database, officer, a, date(2024, 3, 1), today=TODAY)
    row = comp.pass_on_thanks(database, officer, a, date(2024, 3, 6), today=TODAY)
    assert (row.thanks_passed_on, row.thanks_passed_by) == (date(2024, 3, 6), "Olive Marsh")
    with pytest.raises(ValidationError, match="already passed on"):
        comp.pass_on_thanks(database, officer, a, date(2024, 3, 7), today=TODAY)
    listing = comp.list_compliments(database, officer, awaiting_only=True)
    assert [r.feedback_id for r in listing.rows] == [b] and listing.awaiting == 1
    assert [r.feedback_id for r in comp.list_compliments(database, officer,
                                                         team_id=team_id).rows] == [a]
    with pytest.raises(PermissionDenied):
        comp.list_compliments(database, viewer)
    not_compliment = _feedback(database, kind=RecordKind.COMMENT)
    with pytest.raises(ValidationError, match="not a compliment"):
        comp.pass_on_thanks(database, officer, not_compliment, date(2024, 3, 6), today=TODAY)


# ------------------------------------------------------------------------------- direct logging


def test_log_complaint_directly_creates_an_analysed_record(database, people):
    officer, _, _ = people
    new = svc.NewComplaint(
        text="My son said he is not safe at home and nobody from the team has called back.",
        received_on=date(2024, 3, 15), procedure_code="statutory_csc",
        service_area_id=_area(database, "child_protection"), respondent_name="Jo Bloggs",
        handler_id=officer.user_id, advocate_involved=True)
    d = svc.log_complaint(database, officer, new, today=TODAY)
    assert (d.respondent_name, d.advocate_involved, d.safeguarding_flag) == ("Jo Bloggs", True, True)
    with database.read_session() as s:
        fb = s.get(Feedback, d.feedback_id)
        assert (fb.kind, fb.created_by_id, fb.needs_review) == ("complaint", officer.user_id, True)
        assert fb.sentiment_label == "negative"
        reviews = s.scalars(select(SafeguardingReview.decision)
                            .where(SafeguardingReview.feedback_id == fb.id)).all()
        themes = s.scalar(select(func.count()).select_from(FeedbackTheme)
                          .where(FeedbackTheme.feedback_id == fb.id))
        entities = s.execute(select(AuditEntry.entity, AuditEntry.action)
                             .order_by(AuditEntry.id)).all()
    assert reviews == [None] and themes >= 1  # flagged for a manager, never silently cleared
    assert [tuple(e) for e in entities] == [("feedback", "create"), ("complaint", "create")]
    with pytest.raises(ValidationError, match="Write what the person said"):
        svc.log_complaint(database, officer, svc.NewComplaint(
            text="  ", received_on=date(2024, 3, 15), procedure_code="statutory_csc"),
            today=TODAY)
    with pytest.raises(ValidationError, match="not in the team list"):
        svc.log_complaint(database, officer, svc.NewComplaint(
            text="x", received_on=date(2024, 3, 15), procedure_code="statutory_csc",
            team_id=_area(database, "send_ehc")), today=TODAY)


def test_learning_point_becomes_a_linked_action(database, people):
    officer, manager, viewer = people
    d = _responded(database, officer, manager)
    d = svc.add_learning_point(database, manager, d.id, "Return calls within two working days",
                               stage_number=1)
    lp = d.learning_points[0]
    proposal = svc.propose_action(database, manager, lp.id)
    assert proposal.we_did == "Return calls within two working days"
    assert d.reference in proposal.said_summary and "nobody" not in proposal.said_summary.lower()
    with pytest.raises(PermissionDenied):
        svc.learning_point_to_action(database, viewer, lp.id)
    action = svc.learning_point_to_action(database, manager, lp.id)
    again = svc.complaint_detail(database, manager, d.id, today=TODAY)
    assert again.learning_points[0].action_id == action.id
    assert again.learning_points[0].action_reference == action.reference
    with pytest.raises(ValidationError, match="already action"):
        svc.learning_point_to_action(database, manager, lp.id)


def test_log_compliment_and_thanks_are_audited(database, people):
    officer, _, _ = people
    row = comp.log_compliment(database, officer, comp.NewCompliment(
        text="Thank you to the short breaks team, they were brilliant.",
        received_on=date(2024, 3, 18), praised_person="XX"), today=TODAY)
    assert row.awaiting_thanks and row.praised_person == "XX"
    comp.pass_on_thanks(database, officer, row.feedback_id, date(2024, 3, 19), today=TODAY)
    with database.read_session() as s:
        summaries = s.scalars(select(AuditEntry.summary).where(
            AuditEntry.entity.in_(("feedback", "compliment"))).order_by(AuditEntry.id)).all()
        kind = s.scalar(select(Feedback.kind).where(Feedback.id == row.feedback_id))
    assert kind == "compliment"
    assert summaries == [f"Compliment {row.feedback_id} captured",
                         f"Compliment {row.feedback_id}: thanks passed on Tuesday 19 March 2024"]
