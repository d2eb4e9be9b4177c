"""Codebook editing: counts in SQL, add, rename, move (no cycles), merge (links follow,
duplicates resolved), retire; administrators only; history in the audit trail."""

from __future__ import annotations

import pytest
from _feedback_support import make_actor, make_input
from sqlalchemy import func, insert, select, text

from voiceapp.db.models import ActionThemeLink, Feedback, FeedbackTheme, Theme
from voiceapp.domain.enums import UserRole
from voiceapp.errors import PermissionDenied, ValidationError
from voiceapp.services import codebook as cb
from voiceapp.services import feedback as fb


@pytest.fixture
def admin(database):
    return make_actor(database, "admin1", UserRole.ADMINISTRATOR)


def tid(db, slug: str) -> int:
    with db.read_session() as s:
        return s.scalar(select(Theme.id).where(Theme.slug == slug))


def link(db, feedback_id: int, theme_id: int, status: str) -> None:
    with db.session() as s:
        s.execute(insert(FeedbackTheme).values(feedback_id=feedback_id, theme_id=theme_id,
                                               source="officer", status=status))


def new_record(db, actor) -> int:
    with db.session() as s:
        f = Feedback(kind="comment", received_on=make_input(db).received_on, text="x",
                     created_by_id=actor.user_id)
        s.add(f)
        s.flush()
        return f.id


def test_tree_counts_match_sql(database, admin):
    officer = make_actor(database, "officer1", UserRole.OFFICER)
    for t in ("Still waiting for a plan.", "The transport was late.", "Thanks for listening."):
        fb.create_feedback(database, officer, make_input(database, text=t))
    nodes = cb.codebook_tree(database, officer)
    with database.read_session() as s:
        sql = dict(s.execute(text("SELECT theme_id, count(*) FROM feedback_theme WHERE status "
                                  "<> 'rejected' GROUP BY theme_id")).all())
    for n in nodes:
        assert n.records == sql.get(n.id, 0), n.slug
    top = next(n for n in nodes if n.slug == "timeliness")
    children = [n for n in nodes if n.parent_id == top.id]
    assert top.total == top.records + sum(c.total for c in children)
    # parents come before their children
    seen = set()
    for n in nodes:
        assert n.parent_id is None or n.parent_id in seen
        seen.add(n.id)


def test_only_administrators_edit(database):
    manager = make_actor(database, "manager1", UserRole.MANAGER)
    with pytest.raises(PermissionDenied):
        cb.add_code(database, manager, "Food and nutrition")
    with pytest.raises(PermissionDenied):
        cb.retire_code(database, manager, tid(database, "activities"))


def test_add_rename_and_history(database, admin):
    node = cb.add_code(database, admin, "Holiday clubs", tid(database, "activities"))
    assert node.slug == "activities.holiday_clubs" and node.parent_id == tid(database,
                                                                           "activities")
    with pytest.raises(ValidationError):
        cb.add_code(database, admin, "holiday clubs", tid(database, "activities"))
    renamed = cb.rename_code(database, admin, node.id, "Holiday activities")
    assert renamed.name == "Holiday activities" and renamed.slug == node.slug
    history = cb.code_history(database, admin, node.id)
    assert [h.action for h in history] == ["create", "rename"]
    assert "Holiday clubs" in history[1].summary


def test_move_refuses_cycles(database, admin):
    parent = tid(database, "communication")
    child = tid(database, "communication.kept_informed")
    with pytest.raises(ValidationError):
        cb.move_code(database, admin, parent, child)
    with pytest.raises(ValidationError):
        cb.move_code(database, admin, parent, parent)
    moved = cb.move_code(database, admin, child, tid(database, "information"))
    assert moved.parent_id == tid(database, "information")
    top = cb.move_code(database, admin, child, None)
    assert top.parent_id is None


def test_merge_moves_links_resolves_duplicates_and_retires_source(database, admin):
    source, target = tid(database, "safety.bullying"), tid(database, "safety.community")
    only_source = new_record(database, admin)
    both_conf = new_record(database, admin)
    both_rej = new_record(database, admin)
    link(database, only_source, source, "suggested")
    link(database, both_conf, source, "confirmed")
    link(database, both_conf, target, "suggested")
    link(database, both_rej, source, "rejected")
    link(database, both_rej, target, "confirmed")
    sub = cb.add_code(database, admin, "Online bullying", source)
    with database.session() as s:
        from voiceapp.db.models import Action

        a = Action(reference="YSWD-9", said_summary="s", owner_role="r", current_status="green")
        s.add(a)
        s.flush()
        s.execute(insert(ActionThemeLink).values(action_id=a.id, theme_id=source))
    cb.merge_codes(database, admin, source, target)
    with database.read_session() as s:
        rows = dict(s.execute(select(FeedbackTheme.feedback_id, FeedbackTheme.status)
                              .where(FeedbackTheme.theme_id == target)).all())
        left = s.scalar(select(func.count()).select_from(FeedbackTheme)
                        .where(FeedbackTheme.theme_id == source))
        src = s.get(Theme, source)
        moved_child = s.get(Theme, sub.id).parent_id
        action_links = s.scalar(select(func.count()).select_from(ActionThemeLink)
                                .where(ActionThemeLink.theme_id == target))
        retired, merged_into = src.retired, src.merged_into_id
    assert rows == {only_source: "suggested", both_conf: "confirmed", both_rej: "confirmed"}
    assert left == 0
    assert retired and merged_into == target
    assert moved_child == target
    assert action_links == 1
    with pytest.raises(ValidationError):
        cb.merge_codes(database, admin, target, target)
    with pytest.raises(ValidationError):
        cb.merge_codes(database, admin, tid(database, "safety"), target)  # into own child


def test_retired_code_is_not_suggested_but_stays_on_old_records(database, admin):
    officer = make_actor(database, "officer1", UserRole.OFFICER)
    text_ = "The home to school transport bus never turns up and the taxi is always late."
    d = fb.create_feedback(database, officer, make_input(database, text=text_))
    transport = tid(database, "transport")
    assert transport in {t.theme_id for t in d.themes}
    cb.retire_code(database, admin, transport)
    assert transport in {t.theme_id for t in fb.get_feedback(database, officer, d.id).themes}
    again = fb.preview_analysis(database, officer, text_)
    assert transport not in {t.theme_id for t in again.themes}
    back = cb.retire_code(database, admin, transport, retired=False)
    assert not back.retired
    assert [h.action for h in cb.code_history(database, admin, transport)] == ["retire",
                                                                                "reinstate"]
