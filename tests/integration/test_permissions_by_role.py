"""Each role's limits, proved by calling the services directly (hidden buttons prove nothing).

officer: capture; edit own records; no exports of unredacted text.
manager: all records, safeguarding decisions, complaint outcomes, reports, exports.
board viewer: aggregated figures only; never free text, never names.
administrator: users, codebook, reference lists, retention, backups; not case text unless
also a manager.

The expected tables below are written from that description, not read from GRANTS, so a
wrong grant fails a test."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from argon2 import PasswordHasher
from sqlalchemy import select

from voiceapp.db.models import ReferenceItem
from voiceapp.domain.enums import UserRole
from voiceapp.errors import PermissionDenied
from voiceapp.services import (
    audit,
    audit_query,
    backup,
    passwords,
    reference_lists,
    retention,
    users,
)
from voiceapp.services.context import Actor
from voiceapp.services.permissions import GRANTS, Permission, allowed

ROLES = ("officer", "officer2", "manager", "viewer", "admin", "admin_manager")


@pytest.fixture(autouse=True)
def fast_hashing(monkeypatch):
    monkeypatch.setattr(passwords, "_hasher", PasswordHasher(time_cost=1, memory_cost=64,
                                                             parallelism=1))


@pytest.fixture
def actors(database) -> dict[str, Actor]:
    admin = users.create_first_administrator(database, "alex", "Alex Morgan", "Admin-Pass-99")
    out = {"admin": admin}
    for key, role, extra in (("officer", "officer", ()), ("officer2", "officer", ()),
                             ("manager", "manager", ()), ("viewer", "board_viewer", ()),
                             ("admin_manager", "administrator", ("manager",))):
        info = users.add_user(database, admin, key.replace("_", "."), key.title(), role,
                              "Shared-Secret-77", extra_roles=extra, must_change_password=False)
        out[key] = Actor(info.id, info.username, info.role, frozenset(info.extra_roles))
    return out


def outcome(fn, *args, **kwargs) -> str:
    try:
        fn(*args, **kwargs)
    except PermissionDenied:
        return "denied"
    return "ok"


def table(actors, fn, db, *args, roles=ROLES, **kwargs) -> dict[str, str]:
    """fn(db, actor, *args) for each role: 'ok' or 'denied'."""
    return {r: outcome(fn, db, actors[r], *args, **kwargs) for r in roles}


def expect(ok: set[str], roles=ROLES) -> dict[str, str]:
    return {r: "ok" if r in ok else "denied" for r in roles}


def _first(database, list_name: str) -> int:
    with database.read_session() as s:
        return s.scalar(select(ReferenceItem.id).where(ReferenceItem.list_name == list_name)
                        .order_by(ReferenceItem.id).limit(1))


def test_grants_match_the_role_descriptions():
    o, m, b, a = (UserRole.OFFICER, UserRole.MANAGER, UserRole.BOARD_VIEWER,
                  UserRole.ADMINISTRATOR)
    case_text = {Permission.VIEW_CASE_TEXT, Permission.CAPTURE, Permission.EXPORT_REDACTED,
                 Permission.EXPORT_UNREDACTED, Permission.SAFEGUARDING_DECIDE}
    for perm in case_text:  # never the board viewer, never a plain administrator
        assert b not in GRANTS[perm] and a not in GRANTS[perm], perm
    assert GRANTS[Permission.EXPORT_UNREDACTED] == {m}
    assert GRANTS[Permission.COMPLAINT_OUTCOME] == {m}
    assert GRANTS[Permission.SAFEGUARDING_DECIDE] == {m}
    assert GRANTS[Permission.EDIT_ANY_RECORD] == {m}
    for perm in (Permission.MANAGE_USERS, Permission.MANAGE_CODEBOOK, Permission.MANAGE_REFERENCE,
                 Permission.MANAGE_RETENTION, Permission.BACKUP):
        assert GRANTS[perm] == {a}, perm
    assert GRANTS[Permission.RUN_REPORTS] >= {m, b} and o in GRANTS[Permission.CAPTURE]
    both = Actor(1, "x", a, frozenset({m}))
    assert allowed(both, Permission.VIEW_CASE_TEXT) and allowed(both, Permission.MANAGE_USERS)


# --------------------------------------------------------------------------- issue 9 services


def test_user_administration_is_for_administrators(database, actors):
    assert table(actors, users.list_users, database) == expect({"admin", "admin_manager"})
    got = {r: outcome(users.add_user, database, actors[r], f"new.{r}", "New Person", "officer",
                      "Fresh-Pass-123") for r in ROLES}
    assert got == expect({"admin", "admin_manager"})
    target = actors["officer2"].user_id
    assert table(actors, users.reset_password, database, target, "Reset-Pass-123",
                 roles=("officer", "manager", "viewer")) == \
        expect(set(), ("officer", "manager", "viewer"))
    assert table(actors, users.disable_user, database, target,
                 roles=("officer", "manager", "viewer")) == \
        expect(set(), ("officer", "manager", "viewer"))
    # Everyone may change their own password (and only their own).
    assert outcome(users.change_own_password, database, actors["viewer"], "Shared-Secret-77",
                   "Quiet-Harbour-5") == "ok"


def test_audit_trail_is_for_administrators_and_managers(database, actors):
    with database.session() as s:  # an entry holding case detail in before/after
        audit.record(s, actors["officer"], "update", "feedback", 1, summary="Edited text",
                     before={"text": "Lena said the bus was late", "kind": "comment"},
                     after={"text": "Lena said the bus was very late", "kind": "comment"})
    assert table(actors, audit_query.search_audit, database) == \
        expect({"manager", "admin", "admin_manager"})
    page = audit_query.search_audit(database, actors["admin"],
                                    audit_query.AuditFilter(entity="feedback"))
    entry_id = page.rows[0].id
    admin_view = audit_query.audit_entry(database, actors["admin"], entry_id)
    assert admin_view.masked and admin_view.before["text"] == audit_query.HIDDEN
    assert admin_view.before["kind"] == "comment"  # non-case fields stay visible
    for role in ("manager", "admin_manager"):
        view = audit_query.audit_entry(database, actors[role], entry_id)
        assert not view.masked and "Lena" in view.before["text"]


def test_retention_and_erasure_are_for_administrators(database, actors):
    admins = {"admin", "admin_manager"}
    assert table(actors, retention.preview_purge, database) == expect(admins)
    assert table(actors, retention.retention_rules, database) == expect(admins)
    assert table(actors, retention.set_retention_rule, database, "comment", 4) == expect(admins)
    assert table(actors, retention.find_person, database, "Nobody Here") == expect(admins)
    assert table(actors, retention.erase_person, database, "Nobody Here") == expect(admins)
    assert table(actors, retention.apply_purge, database,
                 roles=("officer", "manager", "viewer")) == \
        expect(set(), ("officer", "manager", "viewer"))


def test_subject_access_export_needs_sight_of_case_text(database, actors):
    # It exports unredacted text: a manager (or an administrator who is also a manager).
    assert table(actors, retention.subject_access, database, "Nobody Here") == \
        expect({"manager", "admin_manager"})


def test_backups_and_reference_lists_are_for_administrators(database, actors, tmp_path):
    admins = {"admin", "admin_manager"}
    if database.is_sqlite:
        got = {r: outcome(backup.backup_database, database, actors[r], tmp_path / f"{r}.sqlite")
               for r in ROLES}
        assert got == expect(admins)
        assert table(actors, backup.set_backup_schedule, database, 0, "", 7) == expect(admins)
    got = {r: outcome(reference_lists.add_item, database, actors[r], "district", f"Moor {r}")
           for r in ROLES}
    assert got == expect(admins)
    sid = _first(database, "district")
    assert table(actors, reference_lists.rename_item, database, sid, "Wrenfold Town",
                 roles=("officer", "manager", "viewer")) == \
        expect(set(), ("officer", "manager", "viewer"))
    # Reading a list (for pick lists and filters) is open to every role.
    assert table(actors, reference_lists.list_items, database, "district") == expect(set(ROLES))


# --------------------------------------------------------------------------- other services


def _feedback_input(database, body="The short breaks service was brilliant, thank you."):
    from voiceapp.services.feedback import FeedbackInput

    return FeedbackInput(kind="comment", received_on=date(2025, 5, 1), text=body,
                         channel_id=_first(database, "channel"),
                         respondent_role_id=_first(database, "respondent_role"),
                         service_area_id=_first(database, "service_area"),
                         respondent_name="Lena Dunmore", consent_quote=True,
                         consent_contact=False)


def test_feedback_capture_reading_and_editing_by_role(database, actors):
    from voiceapp.services.feedback import (
        FeedbackFilter,
        browse,
        create_feedback,
        get_feedback,
        update_feedback,
    )

    inp = _feedback_input(database)
    case_roles = {"officer", "officer2", "manager", "admin_manager"}
    assert table(actors, create_feedback, database, inp) == expect(case_roles)
    rec = create_feedback(database, actors["officer"], inp)
    # Free text and names: never the board viewer, never a plain administrator.
    assert table(actors, get_feedback, database, rec.id) == expect(case_roles)
    assert table(actors, browse, database, FeedbackFilter()) == expect(case_roles)
    # Editing: the officer who entered it, or a manager; not another officer.
    results = {}
    for role in ROLES:
        current = get_feedback(database, actors["manager"], rec.id)
        edit = replace(current.as_input(), text=f"{current.text} ({role})")
        results[role] = outcome(update_feedback, database, actors[role], rec.id,
                                current.version, edit)
    assert results == expect({"officer", "manager", "admin_manager"})


def test_exports_unredacted_only_for_managers(database, actors, tmp_path):
    from voiceapp.services.exports import export_records
    from voiceapp.services.feedback import create_feedback

    create_feedback(database, actors["officer"], _feedback_input(database))
    redacted = {r: outcome(export_records, database, actors[r], tmp_path / f"r-{r}.csv")
                for r in ROLES}
    assert redacted == expect({"officer", "officer2", "manager", "admin_manager"})
    full = {r: outcome(export_records, database, actors[r], tmp_path / f"u-{r}.csv",
                       redacted=False) for r in ROLES}
    assert full == expect({"manager", "admin_manager"})


def test_safeguarding_decisions_only_for_managers(database, actors):
    from voiceapp.services.feedback import create_feedback
    from voiceapp.services.safeguarding import open_flags, raise_flag, record_decision

    rec = create_feedback(database, actors["officer"], _feedback_input(database))
    flag = raise_flag(database, actors["officer"], rec.id, "Mentions being scared at home")
    assert table(actors, open_flags, database) == \
        expect({"officer", "officer2", "manager", "admin_manager"})
    decided = {r: outcome(record_decision, database, actors[r], flag, "already_known",
                          reason="Allocated worker informed")
               for r in ("officer", "viewer", "admin")}
    assert decided == expect(set(), ("officer", "viewer", "admin"))
    assert outcome(record_decision, database, actors["manager"], flag, "already_known",
                   reason="Allocated worker informed") == "ok"


def test_complaint_outcomes_only_for_managers(database, actors):
    from voiceapp.services.complaints import (
        NewComplaint,
        acknowledge_stage,
        log_complaint,
        respond_to_stage,
    )

    new = NewComplaint(text="Nobody called me back about the plan.",
                       received_on=date(2025, 5, 1), procedure_code="corporate_send",
                       channel_id=_first(database, "channel"),
                       respondent_role_id=_first(database, "respondent_role"),
                       service_area_id=_first(database, "service_area"))
    assert table(actors, log_complaint, database, new, roles=("viewer", "admin")) == \
        expect(set(), ("viewer", "admin"))
    c = log_complaint(database, actors["officer"], new)
    c = acknowledge_stage(database, actors["officer"], c.id, c.version, date(2025, 5, 2))
    for role in ("officer", "viewer", "admin"):
        assert outcome(respond_to_stage, database, actors[role], c.id, c.version,
                       date(2025, 5, 9), "upheld", "Apology") == "denied", role
    assert outcome(respond_to_stage, database, actors["manager"], c.id, c.version,
                   date(2025, 5, 9), "upheld", "Apology") == "ok"


def test_codebook_editing_for_administrators_actions_for_case_workers(database, actors):
    from voiceapp.services.actions import ActionDraft, create_action
    from voiceapp.services.codebook import add_code

    got = {r: outcome(add_code, database, actors[r], f"Parking {r}") for r in ROLES}
    assert got == expect({"admin", "admin_manager"})
    draft = ActionDraft(said_summary="Parents said the forms were confusing",
                        we_did="We rewrote the form with the forum", owner_role="Head of SEND")
    got = {r: outcome(create_action, database, actors[r], draft)
           for r in ("officer", "manager", "viewer", "admin")}
    assert got == expect({"officer", "manager"}, ("officer", "manager", "viewer", "admin"))


def test_reports_for_managers_and_board_viewers_trends_for_everyone(database, actors):
    from voiceapp.services.reporting import report_quarters
    from voiceapp.services.trends import quarters_available

    assert table(actors, report_quarters, database) == \
        expect({"manager", "viewer", "admin_manager"})
    # Aggregated trends (counts, no text, no names) are open to every role.
    assert table(actors, quarters_available, database) == expect(set(ROLES))
