"""You Said, We Did actions against SQLite and PostgreSQL: creating, linking both ways, status
history that is never overwritten, direction of travel, telling people back, overdue flags and
the measures the quarterly report uses."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from voiceapp.db.models import (
    ActionFeedbackLink,
    ActionStatusEntry,
    AuditEntry,
    Complaint,
    ComplaintProcedure,
    Feedback,
    FeedbackTheme,
    LearningPoint,
    ReferenceItem,
    Theme,
    User,
)
from voiceapp.domain.enums import (
    ActionStatus,
    RecordKind,
    ReferenceList,
    ThemeLinkStatus,
    ToldBackMethod,
    UserRole,
)
from voiceapp.errors import ConcurrentEditError, PermissionDenied, ValidationError
from voiceapp.services import actions as svc
from voiceapp.services.actions import ActionDraft, Direction, direction_of_travel
from voiceapp.services.context import Actor

TODAY = date.today()


# --------------------------------------------------------------------------- fixtures


def _user(db, username: str, role: UserRole, name: str) -> Actor:
    with db.session() as s:
        u = User(username=username, display_name=name, role=role.value, password_hash=None)
        s.add(u)
        s.flush()
        return Actor(u.id, username, role)


@pytest.fixture
def people(database):
    return dict(
        officer=_user(database, "officer1", UserRole.OFFICER, "Priya Officer"),
        manager=_user(database, "manager1", UserRole.MANAGER, "Morgan Manager"),
        viewer=_user(database, "viewer1", UserRole.BOARD_VIEWER, "Val Viewer"),
    )


def _feedback(db, n: int = 1, **kw) -> list[int]:
    ids = []
    with db.session() as s:
        for i in range(n):
            values = dict(kind=RecordKind.COMMENT.value, received_on=TODAY - timedelta(days=30 + i),
                          text=f"Record {i}: nobody called me back about the plan.")
            values.update(kw)
            f = Feedback(**values)
            s.add(f)
            s.flush()
            ids.append(f.id)
    return ids


def _theme_id(db, slug: str) -> int:
    with db.read_session() as s:
        return s.scalar(select(Theme.id).where(Theme.slug == slug))


def _tag(db, feedback_ids, theme_id, status=ThemeLinkStatus.CONFIRMED):
    with db.session() as s:
        for fid in feedback_ids:
            s.add(FeedbackTheme(feedback_id=fid, theme_id=theme_id, source="officer",
                                status=status.value))


def _draft(**kw) -> ActionDraft:
    values = dict(said_summary="Parents said nobody called them back.",
                  we_did="We set up a duty line answered every weekday.",
                  owner_role="Head of SEND", partners="Wrenshire Parent Carer Forum",
                  due_on=TODAY + timedelta(days=90))
    values.update(kw)
    return ActionDraft(**values)


# --------------------------------------------------------------------------- create and link


def test_create_action_with_links_reference_status_and_audit(database, people):
    officer = people["officer"]
    fids = _feedback(database, 3)
    comm = _theme_id(database, "communication")
    view = svc.create_action(database, officer, _draft(), feedback_ids=fids, theme_ids=[comm])
    assert view.reference == "YSWD-001"
    assert view.status == ActionStatus.NOT_YET_DUE and view.status_as_at == TODAY
    assert view.record_count == 3 and view.theme_count == 1
    second = svc.create_action(database, officer, _draft(said_summary="Another thing."))
    assert second.reference == "YSWD-002"

    detail = svc.get_action(database, officer, view.id)
    assert [h.status for h in detail.history] == [ActionStatus.NOT_YET_DUE]
    assert detail.history[0].set_by == "Priya Officer"
    assert {r.feedback_id for r in detail.records} == set(fids)
    assert detail.records[0].excerpt.startswith("Record 0")
    with database.read_session() as s:
        audited = s.scalar(select(func.count()).select_from(AuditEntry).where(
            AuditEntry.entity == "yswd_action", AuditEntry.entity_id == str(view.id),
            AuditEntry.action == "create"))
    assert audited == 1


def test_links_are_visible_both_ways_with_counts(database, people):
    officer = people["officer"]
    comm, timely = _theme_id(database, "communication"), _theme_id(database, "timeliness")
    fids = _feedback(database, 5)
    _tag(database, fids[:3], comm)
    _tag(database, fids[3:], timely)
    other = _feedback(database, 2)
    _tag(database, other, comm)  # tagged but not linked to the action
    view = svc.create_action(database, officer, _draft(), feedback_ids=fids[:4],
                             theme_ids=[comm, timely])

    for fid in fids[:4]:
        assert [a.reference for a in svc.actions_for_feedback(database, officer, fid)] == [
            view.reference]
    assert svc.actions_for_feedback(database, officer, fids[4]) == []

    detail = svc.get_action(database, officer, view.id)
    by_slug = {t.slug: t for t in detail.themes}
    with database.read_session() as s:
        def linked_with(theme):
            return s.scalar(select(func.count()).select_from(FeedbackTheme).join(
                ActionFeedbackLink, ActionFeedbackLink.feedback_id == FeedbackTheme.feedback_id)
                .where(ActionFeedbackLink.action_id == view.id, FeedbackTheme.theme_id == theme))
        def all_with(theme):
            return s.scalar(select(func.count()).select_from(FeedbackTheme)
                            .where(FeedbackTheme.theme_id == theme))
        assert by_slug["communication"].linked_records == linked_with(comm) == 3
        assert by_slug["communication"].all_records == all_with(comm) == 5
        assert by_slug["timeliness"].linked_records == linked_with(timely) == 1

    change = svc.link_records(database, officer, view.id, [fids[3], fids[4]])
    assert (change.added, change.ignored) == (1, [fids[3]])
    assert svc.get_action(database, officer, view.id).record_total == 5
    change = svc.unlink_records(database, officer, view.id, [fids[0], 999_999])
    assert change.removed == 1
    assert svc.actions_for_feedback(database, officer, fids[0]) == []

    assert svc.unlink_themes(database, officer, view.id, [timely]).removed == 1
    assert [t.slug for t in svc.get_action(database, officer, view.id).themes] == [
        "communication"]
    assert svc.link_themes(database, officer, view.id, [timely, comm]).added == 1


def test_create_from_theme_links_recent_records_in_sql(database, people):
    theme = _theme_id(database, "transport")
    recent = [_feedback(database, 1, received_on=TODAY - timedelta(days=10 + i))[0]
              for i in range(4)]  # newest first
    old = _feedback(database, 3, received_on=TODAY - timedelta(days=400))
    rejected = _feedback(database, 1, received_on=TODAY - timedelta(days=5))
    _tag(database, recent + old, theme)
    _tag(database, rejected, theme, ThemeLinkStatus.REJECTED)
    since = TODAY - timedelta(days=90)
    view = svc.create_action_from_theme(database, people["officer"], theme,
                                        _draft(said_summary="Transport changes came late."),
                                        link_records_since=since)
    with database.read_session() as s:
        expected = s.scalar(select(func.count()).select_from(FeedbackTheme)
                            .join(Feedback, Feedback.id == FeedbackTheme.feedback_id)
                            .where(FeedbackTheme.theme_id == theme,
                                   FeedbackTheme.status != ThemeLinkStatus.REJECTED.value,
                                   Feedback.received_on >= since))
    assert view.record_count == expected == 4
    assert view.theme_count == 1
    capped = svc.create_action_from_theme(database, people["officer"], theme, _draft(),
                                          link_records_since=TODAY - timedelta(days=999),
                                          max_records=2)
    linked = {r.feedback_id for r in svc.get_action(database, people["officer"],
                                                     capped.id).records}
    assert linked == set(recent[:2])  # the two most recent


def _complaint_with_point(db) -> tuple[int, int]:
    fid = _feedback(db, 1, kind=RecordKind.COMPLAINT.value)[0]
    with db.session() as s:
        proc = s.scalar(select(ComplaintProcedure.id).limit(1))
        c = Complaint(feedback_id=fid, reference="CMP-0001", procedure_id=proc)
        s.add(c)
        s.flush()
        lp = LearningPoint(complaint_id=c.id, text="Confirm in writing when the next update is.")
        s.add(lp)
        s.flush()
        return fid, lp.id


def test_create_from_learning_point_sets_it_and_links_the_complaint(database, people):
    fid, lp = _complaint_with_point(database)
    view = svc.create_action(database, people["officer"], _draft(), learning_point_id=lp)
    with database.read_session() as s:
        assert s.scalar(select(LearningPoint.action_id).where(LearningPoint.id == lp)) == view.id
    detail = svc.get_action(database, people["officer"], view.id)
    assert [p.complaint_reference for p in detail.learning_points] == ["CMP-0001"]
    assert [r.feedback_id for r in detail.records] == [fid]
    with pytest.raises(ValidationError, match="already has an action"):
        svc.create_action(database, people["officer"], _draft(), learning_point_id=lp)


# --------------------------------------------------------------------------- status history


def test_status_history_is_appended_never_overwritten(database, people):
    officer = people["officer"]
    view = svc.create_action(database, officer, _draft(), as_at=date(2025, 3, 31))
    svc.set_status(database, officer, view.id, ActionStatus.AMBER, date(2025, 6, 30), "Delayed")
    with database.read_session() as s:
        first_two = s.execute(select(ActionStatusEntry.id, ActionStatusEntry.status,
                                     ActionStatusEntry.as_at, ActionStatusEntry.comment)
                              .where(ActionStatusEntry.action_id == view.id)
                              .order_by(ActionStatusEntry.id)).all()
    after = svc.set_status(database, officer, view.id, ActionStatus.GREEN, date(2025, 9, 30))
    assert after.status == ActionStatus.GREEN and after.status_as_at == date(2025, 9, 30)
    # A correction for the same as-at date is a new entry; the later one counts.
    after = svc.set_status(database, officer, view.id, ActionStatus.BLUE, date(2025, 9, 30),
                           "Corrected: finished in September")
    assert after.status == ActionStatus.BLUE
    # A back-dated entry joins the history without changing the current status.
    after = svc.set_status(database, officer, view.id, ActionStatus.RED, date(2025, 1, 15))
    assert after.status == ActionStatus.BLUE

    with database.read_session() as s:
        rows = s.execute(select(ActionStatusEntry.id, ActionStatusEntry.status,
                                ActionStatusEntry.as_at, ActionStatusEntry.comment)
                         .where(ActionStatusEntry.action_id == view.id)
                         .order_by(ActionStatusEntry.id)).all()
    assert len(rows) == 5
    assert rows[:2] == first_two  # earlier entries untouched
    history = svc.status_history(database, officer, view.id)
    assert [(h.status, h.as_at) for h in history] == [
        (ActionStatus.RED, date(2025, 1, 15)), (ActionStatus.NOT_YET_DUE, date(2025, 3, 31)),
        (ActionStatus.AMBER, date(2025, 6, 30)), (ActionStatus.GREEN, date(2025, 9, 30)),
        (ActionStatus.BLUE, date(2025, 9, 30))]


def test_status_validation(database, people):
    view = svc.create_action(database, people["officer"], _draft())
    with pytest.raises(ValidationError, match="more than three months ahead"):
        svc.set_status(database, people["officer"], view.id, ActionStatus.GREEN,
                       TODAY + timedelta(days=200))
    with pytest.raises(ValidationError, match="not a status"):
        svc.set_status(database, people["officer"], view.id, "purple", TODAY)
    assert len(svc.status_history(database, people["officer"], view.id)) == 1


@pytest.mark.parametrize(("before", "after", "expected"), [
    (None, ActionStatus.RED, Direction.NEW),
    (None, ActionStatus.COMPLETE, Direction.NEW),
    (ActionStatus.RED, ActionStatus.AMBER, Direction.IMPROVED),
    (ActionStatus.AMBER, ActionStatus.GREEN, Direction.IMPROVED),
    (ActionStatus.GREEN, ActionStatus.AMBER, Direction.DETERIORATED),
    (ActionStatus.AMBER, ActionStatus.RED, Direction.DETERIORATED),
    (ActionStatus.GREEN, ActionStatus.GREEN, Direction.SAME),
    (ActionStatus.COMPLETE, ActionStatus.COMPLETE, Direction.SAME),
    (ActionStatus.GREEN, ActionStatus.BLUE, Direction.COMPLETED),
    (ActionStatus.RED, ActionStatus.COMPLETE, Direction.COMPLETED),
    (ActionStatus.BLUE, ActionStatus.COMPLETE, Direction.IMPROVED),
    (ActionStatus.COMPLETE, ActionStatus.BLUE, Direction.DETERIORATED),
    (ActionStatus.NOT_YET_DUE, ActionStatus.GREEN, Direction.IMPROVED),
    (ActionStatus.NOT_YET_DUE, ActionStatus.AMBER, Direction.DETERIORATED),
    (ActionStatus.NOT_YET_DUE, ActionStatus.RED, Direction.DETERIORATED),
    (ActionStatus.RED, ActionStatus.NOT_YET_DUE, Direction.IMPROVED),
    (ActionStatus.GREEN, ActionStatus.NOT_YET_DUE, Direction.DETERIORATED),
    (ActionStatus.NOT_YET_DUE, ActionStatus.NOT_YET_DUE, Direction.SAME),
])
def test_direction_rules(before, after, expected):
    assert direction_of_travel(before, after) == expected


def test_tracker_compares_two_as_at_dates(database, people):
    officer = people["officer"]
    q1, q2 = date(2025, 6, 30), date(2025, 9, 30)
    plans = {
        "improved": [(ActionStatus.RED, q1), (ActionStatus.GREEN, q2)],
        "deteriorated": [(ActionStatus.GREEN, q1), (ActionStatus.AMBER, q2)],
        "same": [(ActionStatus.AMBER, q1)],
        "completed": [(ActionStatus.GREEN, q1), (ActionStatus.COMPLETE, q2)],
        "new": [(ActionStatus.NOT_YET_DUE, q2)],
        "later": [(ActionStatus.GREEN, q2 + timedelta(days=1))],  # not on the q2 tracker
    }
    ids = {}
    for name, steps in plans.items():
        first, first_at = steps[0]
        view = svc.create_action(database, officer, _draft(said_summary=f"{name} thing"),
                                 initial_status=first, as_at=first_at)
        for st, at in steps[1:]:
            svc.set_status(database, officer, view.id, st, at)
        ids[view.id] = name
    rows = svc.tracker(database, officer, q2, q1)
    got = {ids[r.action_id]: r.direction for r in rows}
    assert got == {"improved": Direction.IMPROVED, "deteriorated": Direction.DETERIORATED,
                   "same": Direction.SAME, "completed": Direction.COMPLETED,
                   "new": Direction.NEW}
    same = next(r for r in rows if ids[r.action_id] == "same")
    assert same.previous_status == ActionStatus.AMBER and same.previous_as_at == q1
    assert svc.direction_counts(rows)[Direction.IMPROVED] == 1
    assert all(r.direction is None for r in svc.tracker(database, officer, q2))
    assert svc.previous_as_at(database, officer, q2) == q1

    counts = svc.status_counts(database, officer, q2)
    with database.read_session() as s:
        # Independent count: the latest entry on or before q2 for each action.
        latest = {}
        for aid, st, _at, _eid in s.execute(select(ActionStatusEntry.action_id,
                                                 ActionStatusEntry.status, ActionStatusEntry.as_at,
                                                 ActionStatusEntry.id)
                                          .where(ActionStatusEntry.as_at <= q2)
                                          .order_by(ActionStatusEntry.as_at,
                                                    ActionStatusEntry.id)):
            latest[aid] = st
    for st in ActionStatus:
        assert counts[st] == sum(1 for v in latest.values() if v == st.value)
    assert sum(counts.values()) == 5


# --------------------------------------------------------------------------- edit and locking


def test_edit_with_optimistic_locking(database, people):
    officer, manager = people["officer"], people["manager"]
    view = svc.create_action(database, officer, _draft())
    mine = svc.update_action(database, officer, view.id, view.version,
                             _draft(we_did="We now call back within two working days."),
                             evidence_of_impact="Complaints about call-backs halved.")
    assert mine.version == view.version + 1
    assert mine.evidence_of_impact == "Complaints about call-backs halved."
    stale = _draft(owner_role="Assistant Director")
    with pytest.raises(ConcurrentEditError) as info:
        svc.update_action(database, manager, view.id, view.version, stale)
    assert info.value.yours == stale
    assert info.value.theirs.we_did == "We now call back within two working days."
    assert svc.get_action(database, officer, view.id).action.owner_role == "Head of SEND"

    published = svc.set_publish(database, officer, view.id, True, version=mine.version)
    assert published.publish is True
    evidence = svc.set_evidence(database, officer, view.id, "Survey: 71% know who to call.")
    assert evidence.evidence_of_impact == "Survey: 71% know who to call."


def test_validation_messages_and_nothing_saved(database, people):
    officer = people["officer"]
    with pytest.raises(ValidationError) as info:
        svc.create_action(database, officer, _draft(said_summary="   "))
    assert info.value.field == "said_summary"
    with pytest.raises(ValidationError) as info:
        svc.create_action(database, officer, _draft(owner_role=""))
    assert info.value.field == "owner_role"
    with pytest.raises(ValidationError, match="do not exist"):
        svc.create_action(database, officer, _draft(), feedback_ids=[987654])
    with database.read_session() as s:
        bad_area = s.scalar(select(ReferenceItem.id).where(
            ReferenceItem.list_name == ReferenceList.DISTRICT.value).limit(1))
    with pytest.raises(ValidationError, match="service area"):
        svc.create_action(database, officer, _draft(service_area_id=bad_area))
    with pytest.raises(ValidationError):
        svc.add_progress_note(database, officer, 1, "  ")
    assert svc.list_actions(database, officer) == []


def test_permissions(database, people):
    with pytest.raises(PermissionDenied):
        svc.create_action(database, people["viewer"], _draft())
    view = svc.create_action(database, people["officer"], _draft())
    assert [a.id for a in svc.list_actions(database, people["viewer"])] == [view.id]
    with pytest.raises(PermissionDenied):
        svc.not_yet_told(database, people["viewer"])
    with pytest.raises(PermissionDenied):
        svc.delete_action(database, people["officer"], view.id)
    svc.delete_action(database, people["manager"], view.id)
    assert svc.list_actions(database, people["manager"]) == []


def test_progress_notes_newest_first(database, people):
    view = svc.create_action(database, people["officer"], _draft())
    svc.add_progress_note(database, people["officer"], view.id, "Project group met.",
                          TODAY - timedelta(days=20))
    svc.add_progress_note(database, people["officer"], view.id, "Pilot started.")
    detail = svc.get_action(database, people["officer"], view.id)
    assert [n.text for n in detail.notes] == ["Pilot started.", "Project group met."]
    assert detail.action.latest_note == "Pilot started."
    with pytest.raises(ValidationError, match="future"):
        svc.add_progress_note(database, people["officer"], view.id, "x", TODAY + timedelta(1))


# --------------------------------------------------------------------------- overdue, owners


def test_overdue_due_soon_and_owner_filter(database, people):
    officer = people["officer"]
    overdue = svc.create_action(database, officer, _draft(due_on=TODAY - timedelta(days=1)),
                                initial_status=ActionStatus.AMBER)
    done_late = svc.create_action(database, officer, _draft(due_on=TODAY - timedelta(days=5)),
                                  initial_status=ActionStatus.COMPLETE)
    soon = svc.create_action(database, officer,
                             _draft(due_on=TODAY + timedelta(days=28), owner_role="Transport"),
                             initial_status=ActionStatus.GREEN)
    later = svc.create_action(database, officer, _draft(due_on=TODAY + timedelta(days=29)))
    flags = {a.id: (a.overdue, a.due_soon) for a in svc.list_actions(database, officer)}
    assert flags == {overdue.id: (True, False), done_late.id: (False, False),
                     soon.id: (False, True), later.id: (False, False)}
    assert [a.id for a in svc.list_actions(database, officer, overdue_only=True)] == [overdue.id]
    assert [a.id for a in svc.list_actions(database, officer, due_soon_only=True)] == [soon.id]
    assert [a.id for a in svc.list_actions(database, officer, owner="Transport")] == [soon.id]
    assert svc.owners(database, officer) == ["Head of SEND", "Transport"]
    assert [a.id for a in svc.list_actions(database, officer, search="transport")] == [soon.id]


# --------------------------------------------------------------------------- telling people


def test_told_back_and_not_yet_told(database, people):
    officer = people["officer"]
    consented = _feedback(database, 3, consent_contact=True, respondent_name="Dana Example",
                          respondent_contact="dana@example.org")
    anonymous = _feedback(database, 1, consent_contact=True, anonymous=True)
    no_consent = _feedback(database, 1, consent_contact=False)
    view = svc.create_action(database, officer, _draft(),
                             feedback_ids=consented + anonymous + no_consent)
    waiting = svc.not_yet_told(database, officer, view.id)
    assert {r.feedback_id for r in waiting.rows} == set(consented) and waiting.total == 3
    assert waiting.rows[0].respondent_contact == "dana@example.org"

    # A newsletter tells everyone in general but is not personal contact.
    svc.record_told_back(database, officer, view.id, TODAY, ToldBackMethod.NEWSLETTER,
                         note="Spring newsletter")
    assert svc.not_yet_told(database, officer, view.id).total == 3
    entries = svc.record_told_back(database, officer, view.id, TODAY, ToldBackMethod.INDIVIDUAL,
                                   feedback_ids=consented[:2], note="Phoned")
    assert [e.feedback_id for e in entries] == consented[:2]
    assert [r.feedback_id for r in svc.not_yet_told(database, officer, view.id).rows] == [
        consented[2]]
    detail = svc.get_action(database, officer, view.id)
    assert detail.not_yet_told == 1 and len(detail.told_back) == 3
    assert {r.feedback_id for r in detail.records if r.told_directly} == set(consented[:2])

    with pytest.raises(ValidationError, match="needs the people"):
        svc.record_told_back(database, officer, view.id, TODAY, ToldBackMethod.INDIVIDUAL)
    stray = _feedback(database, 1)
    with pytest.raises(ValidationError, match="not linked"):
        svc.record_told_back(database, officer, view.id, TODAY, ToldBackMethod.LETTER,
                             feedback_ids=stray)
    with pytest.raises(ValidationError, match="future"):
        svc.record_told_back(database, officer, view.id, TODAY + timedelta(days=1),
                             ToldBackMethod.EVENT)


def test_told_back_rate_definition(database, people):
    officer = people["officer"]
    start, end = date(2025, 4, 1), date(2025, 6, 30)
    in_q = _feedback(database, 6, received_on=date(2025, 5, 10))
    outside = _feedback(database, 2, received_on=date(2025, 8, 1))
    not_linked = _feedback(database, 3, received_on=date(2025, 5, 12))  # noqa: F841
    late = _feedback(database, 1, received_on=date(2025, 6, 20))
    a = svc.create_action(database, officer, _draft(), feedback_ids=in_q[:3] + outside,
                          as_at=date(2025, 5, 1))
    b = svc.create_action(database, officer, _draft(), feedback_ids=in_q[3:] + late,
                          as_at=date(2025, 5, 1))
    # Action a: a newsletter on 1 June tells its three in-quarter records.
    svc.record_told_back(database, officer, a.id, date(2025, 6, 1), ToldBackMethod.NEWSLETTER)
    # Action b: one person phoned on 2 June; the 20 June record came after the newsletter date.
    svc.record_told_back(database, officer, b.id, date(2025, 6, 2), ToldBackMethod.INDIVIDUAL,
                         feedback_ids=[in_q[3]])
    svc.record_told_back(database, officer, b.id, date(2025, 6, 5), ToldBackMethod.EVENT)
    rate = svc.told_back_rate(database, officer, start, end)
    # Linked in the quarter: 6 + the late one = 7. Told: a's 3, b's in_q[3:] (event on 5 June,
    # after they were received) = 3, and not `late` (received after the event).
    assert (rate.linked, rate.told, rate.told_directly) == (7, 6, 1)
    assert rate.rate == pytest.approx(6 / 7)
    as_at_may = svc.told_back_rate(database, officer, start, end, told_by=date(2025, 5, 31))
    assert (as_at_may.linked, as_at_may.told) == (7, 0)
    assert svc.told_back_rate(database, officer, date(2020, 1, 1), date(2020, 3, 31)).rate is None
    with pytest.raises(ValidationError):
        svc.told_back_rate(database, officer, end, start)
