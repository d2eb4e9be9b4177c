"""Retention rules, the purge (anonymise, keep counts), subject access and erasure."""

from __future__ import annotations

import csv
import json
from datetime import date, datetime

import pytest
from argon2 import PasswordHasher
from sqlalchemy import func, select, text

from voiceapp.cli import main
from voiceapp.db.models import (
    Action,
    AuditEntry,
    Complaint,
    ComplaintProcedure,
    ComplaintStage,
    EqualityMonitoring,
    Feedback,
    FeedbackTheme,
    ReferenceItem,
    SafeguardingReview,
    Theme,
    ToldBack,
)
from voiceapp.domain.enums import RecordKind, UserRole
from voiceapp.errors import PermissionDenied, ValidationError
from voiceapp.services import audit, passwords, retention, users
from voiceapp.services.context import Actor

TODAY = date(2026, 6, 1)
ADMIN = Actor(None, "alex", UserRole.ADMINISTRATOR)
MANAGER = Actor(None, "sam", UserRole.MANAGER)


@pytest.fixture(autouse=True)
def fast_hashing(monkeypatch):
    # argon2 at production cost takes ~0.2 s per hash here; the rules under test do not
    # depend on the cost, so tests use a cheap hasher.
    monkeypatch.setattr(passwords, "_hasher", PasswordHasher(time_cost=1, memory_cost=64,
                                                             parallelism=1))


def _ref(s, list_name: str) -> int:
    return s.scalar(select(ReferenceItem.id).where(ReferenceItem.list_name == list_name)
                    .order_by(ReferenceItem.id).limit(1))


def add_feedback(database, *, kind="comment", received=date(2020, 1, 10), text="", name=None,
                 contact=None, equality=False, flagged=False, closed_on=None, open_=False,
                 told=False, theme="communication") -> int:
    with database.session() as s:
        f = Feedback(kind=kind, received_on=received, text=text, respondent_name=name,
                     respondent_contact=contact, consent_quote=True,
                     service_area_id=_ref(s, "service_area"), channel_id=_ref(s, "channel"),
                     sentiment_label="negative", sentiment_drivers=[{"text": text[:10]}],
                     safeguarding_flag=flagged)
        s.add(f)
        s.flush()
        tid = s.scalar(select(Theme.id).where(Theme.slug == theme))
        s.add(FeedbackTheme(feedback_id=f.id, theme_id=tid, source="automatic",
                            status="confirmed", evidence=[text[:12]]))
        if equality:
            s.add(EqualityMonitoring(feedback_id=f.id, gender="Female", ethnicity="White British"))
        if flagged:
            s.add(SafeguardingReview(feedback_id=f.id, reasons=[
                {"category": "self_harm", "text": "hurt myself"}], decision="referred_front_door",
                decision_reason="Referred to MASH same day", referral_reference="MASH-77"))
        if kind == "complaint":
            proc = s.scalar(select(ComplaintProcedure.id).limit(1))
            c = Complaint(feedback_id=f.id, reference=f"C-{f.id}", procedure_id=proc,
                          is_open=open_, closed_on=closed_on, joint_notes="School said no")
            c.stages.append(ComplaintStage(number=1, received_on=received, due_on=received,
                                           remedy="Apology to Mrs Dunmore", outcome="upheld"))
            s.add(c)
        if told:
            a = Action(reference=f"A-{f.id}", said_summary="x", owner_role="Head of SEND",
                       current_status="green")
            s.add(a)
            s.flush()
            s.add(ToldBack(action_id=a.id, told_on=date(2021, 1, 5), method="individual",
                           feedback_id=f.id, note="Phoned Mrs Dunmore"))
        return f.id


@pytest.fixture
def data(database):
    """A small mixed set with known ages and names."""
    ids = dict(
        old_comment=add_feedback(database, text="Zanzibarish wait for the EHC plan",
                                 name="Lena Dunmore", contact="lena@example.org", equality=True,
                                 received=date(2022, 5, 31)),
        new_comment=add_feedback(database, text="Helpful call back", name="Lena Dunmore",
                                 received=date(2024, 3, 1)),
        old_flagged=add_feedback(database, kind="survey_response", text="I hurt myself",
                                 flagged=True, received=date(2019, 2, 1)),
        old_closed=add_feedback(database, kind="complaint", text="Nobody rang back",
                                name="lena dunmore ", closed_on=date(2020, 5, 1), told=True,
                                received=date(2019, 11, 1)),
        recent_closed=add_feedback(database, kind="complaint", text="Transport late",
                                   name="Priya Holt", closed_on=date(2021, 1, 1),
                                   received=date(2018, 1, 1)),
        old_open=add_feedback(database, kind="complaint", text="Still open", open_=True,
                              received=date(2015, 1, 1)),
        compliment=add_feedback(database, kind="compliment", text="Thank you Jo",
                                received=date(2023, 7, 1)),
    )
    return ids


def _independent_due(database, today: date) -> dict[str, int]:
    """The expected purge, counted with hand-written SQL (not the service's query)."""
    c3 = today.replace(year=today.year - 3)
    c6 = today.replace(year=today.year - 6)
    sql = text("""
        SELECT f.kind, count(*) FROM feedback f
        LEFT JOIN complaint c ON c.feedback_id = f.id
        WHERE f.anonymised_at IS NULL AND (
          (f.kind <> 'complaint' AND f.received_on <= :c3)
          OR (f.kind = 'complaint' AND c.id IS NOT NULL AND c.is_open = false
              AND c.closed_on <= :c6)
          OR (f.kind = 'complaint' AND c.id IS NULL AND f.received_on <= :c6))
        GROUP BY f.kind""")
    with database.read_session() as s:
        return {k: n for k, n in s.execute(sql, {"c3": c3, "c6": c6})}


def test_default_rules(database):
    rules = {r.kind: r for r in retention.retention_rules(database, ADMIN)}
    assert (rules[RecordKind.COMPLAINT].years, rules[RecordKind.COMPLAINT].from_closure) == (6, True)
    for kind in RecordKind:
        if kind is not RecordKind.COMPLAINT:
            assert (rules[kind].years, rules[kind].from_closure) == (3, False)


def test_preview_counts_match_an_independent_count(database, data):
    preview = retention.preview_purge(database, ADMIN, TODAY)
    assert preview.by_kind == _independent_due(database, TODAY)
    # And by hand: old comment (2022-05-31 <= 2023-06-01), old flagged survey response, the
    # complaint closed 2020-05-01 (<= 2020-06-01); not the one closed 2021 or the open one.
    assert preview.by_kind == {"comment": 1, "survey_response": 1, "complaint": 1}
    assert preview.cutoffs["complaint"] == date(2020, 6, 1)


def test_purge_anonymises_and_keeps_counts_themes_and_dates(database, data):
    with database.read_session() as s:
        before_kinds = dict(s.execute(select(Feedback.kind, func.count())
                                      .group_by(Feedback.kind)).all())
        before_themes = s.scalar(select(func.count()).select_from(FeedbackTheme))
    result = retention.apply_purge(database, ADMIN, TODAY, expected_total=3)
    assert result.total == 3 and result.equality_removed == 1 and result.safeguarding_cleaned == 1
    with database.read_session() as s:
        assert dict(s.execute(select(Feedback.kind, func.count())
                              .group_by(Feedback.kind)).all()) == before_kinds
        assert s.scalar(select(func.count()).select_from(FeedbackTheme)) == before_themes
        for key in ("old_comment", "old_flagged", "old_closed"):
            f = s.get(Feedback, data[key])
            assert f.text == "" and f.respondent_name is None and f.respondent_contact is None
            assert f.anonymised_at is not None and f.sentiment_drivers is None
            assert f.received_on is not None and f.service_area_id is not None
            assert f.sentiment_label == "negative" and f.version == 2
        for key in ("new_comment", "recent_closed", "old_open", "compliment"):
            f = s.get(Feedback, data[key])
            assert f.text and f.anonymised_at is None, key
        assert s.get(EqualityMonitoring, data["old_comment"]) is None
        review = s.scalar(select(SafeguardingReview)
                          .where(SafeguardingReview.feedback_id == data["old_flagged"]))
        assert review.reasons == [{"category": "self_harm"}]
        assert review.decision == "referred_front_door"  # the decision stays for the figures
        assert review.decision_reason is None and review.referral_reference is None
        c = s.scalar(select(Complaint).where(Complaint.feedback_id == data["old_closed"]))
        assert c.joint_notes == "" and c.stages[0].remedy is None
        assert c.stages[0].outcome == "upheld" and c.closed_on == date(2020, 5, 1)
        assert s.scalar(select(ToldBack.note).where(ToldBack.feedback_id
                                                    == data["old_closed"])) == ""
        assert all(e is None for e in s.scalars(select(FeedbackTheme.evidence).where(
            FeedbackTheme.feedback_id == data["old_comment"])))
        # The full-text index follows the text (SQLite triggers; PostgreSQL expression index).
        if database.is_sqlite:
            hits = s.execute(text("SELECT rowid FROM feedback_fts WHERE feedback_fts MATCH "
                                  "'zanzibarish'")).all()
        else:
            hits = s.execute(text("SELECT id FROM feedback WHERE to_tsvector('english', text) "
                                  "@@ plainto_tsquery('english', 'zanzibarish')")).all()
        assert hits == []
        entry = s.scalar(select(AuditEntry).where(AuditEntry.action == "retention purge"))
        assert entry.after["by_kind"] == {"comment": 1, "survey_response": 1, "complaint": 1}
        assert audit.verify(s).ok
    if database.is_sqlite:  # the full-text index passes SQLite's own integrity check
        from voiceapp.services.maintenance import check_database

        report = check_database(database.url.database)
        assert report.ok, report.lines
    # Nothing left to do: a second purge changes nothing.
    assert retention.preview_purge(database, ADMIN, TODAY).total == 0
    assert retention.apply_purge(database, ADMIN, TODAY).total == 0


def test_purge_refuses_when_the_numbers_changed_since_the_preview(database, data):
    with pytest.raises(ValidationError, match="not the 2 you confirmed"):
        retention.apply_purge(database, ADMIN, TODAY, expected_total=2)
    with database.read_session() as s:
        assert s.scalar(select(func.count()).select_from(Feedback)
                        .where(Feedback.anonymised_at.is_not(None))) == 0


def test_rules_are_configurable_and_validated(database, data):
    retention.set_retention_rule(database, ADMIN, "comment", 1)
    preview = retention.preview_purge(database, ADMIN, TODAY)
    assert preview.by_kind["comment"] == 2  # the 2024 comment is now past one year too
    assert preview.by_kind == _independent_due_with(database, TODAY, comment_years=1)
    with pytest.raises(ValidationError):
        retention.set_retention_rule(database, ADMIN, "comment", 0)
    with pytest.raises(ValidationError, match="closure"):
        retention.set_retention_rule(database, ADMIN, "comment", 3, from_closure=True)
    with pytest.raises(PermissionDenied):
        retention.set_retention_rule(database, MANAGER, "comment", 5)


def _independent_due_with(database, today, comment_years):
    due = _independent_due(database, today)
    cutoff = today.replace(year=today.year - comment_years)
    with database.read_session() as s:
        due["comment"] = s.execute(text(
            "SELECT count(*) FROM feedback WHERE kind = 'comment' AND anonymised_at IS NULL "
            "AND received_on <= :c"), {"c": cutoff}).scalar()
    return due


def test_subject_access_exports_everything_under_the_name(database, data, tmp_path):
    export = retention.subject_access(database, MANAGER, "  LENA   dunmore")
    ids = sorted(f["id"] for f in export.feedback)
    assert ids == sorted([data["old_comment"], data["new_comment"], data["old_closed"]])
    assert [c["reference"] for c in export.complaints] == [f"C-{data['old_closed']}"]
    assert export.told_back[0]["note"] == "Phoned Mrs Dunmore"
    first = next(f for f in export.feedback if f["id"] == data["old_comment"])
    assert first["respondent_contact"] == "lena@example.org"
    assert first["equality_monitoring"]["gender"] == "Female"
    assert first["themes"] == ["Communication and responsiveness"]
    out = retention.write_subject_access(export, tmp_path / "sar.json")
    loaded = json.loads(out.read_text(encoding="utf-8"))
    assert len(loaded["feedback"]) == 3 and loaded["subject"] == "LENA dunmore"
    rows = list(csv.DictReader(retention.write_subject_access(export, tmp_path / "sar.csv")
                               .open(encoding="utf-8-sig")))
    assert [r["section"] for r in rows].count("feedback") == 3
    assert {"complaint", "told back"} <= {r["section"] for r in rows}
    with database.read_session() as s:
        entry = s.scalar(select(AuditEntry).where(AuditEntry.entity == "subject_access"))
        assert entry.action == "export" and "dunmore" not in json.dumps(entry.after).lower()
    with pytest.raises(PermissionDenied):  # an administrator alone may not read case text
        retention.subject_access(database, ADMIN, "Lena Dunmore")
    with pytest.raises(ValidationError):
        retention.write_subject_access(export, tmp_path / "sar.txt")


def test_erasure_anonymises_only_that_person_and_does_not_keep_the_name(database, data):
    found = retention.find_person(database, ADMIN, "lena dunmore")
    assert found.total == 3 and found.complaints == 1 and found.told_back == 1
    result = retention.erase_person(database, ADMIN, "Lena Dunmore", expected_total=3)
    assert result.total == 3
    with database.read_session() as s:
        assert s.scalar(select(func.count()).select_from(Feedback).where(
            func.lower(Feedback.respondent_name).like("%dunmore%"))) == 0
        assert s.get(Feedback, data["recent_closed"]).respondent_name == "Priya Holt"
        entry = s.scalar(select(AuditEntry).where(AuditEntry.action == "erasure"))
        assert "dunmore" not in (entry.summary + json.dumps(entry.after)).lower()
        assert sorted(entry.after["feedback_ids"]) == sorted(found.feedback_ids)
    again = retention.find_person(database, ADMIN, "lena dunmore")
    assert again.total == 0  # the name itself is gone


def test_cli_preview_apply_subject_access_and_erase(db_url, monkeypatch, capsys, tmp_path):
    from voiceapp.db.engine import open_database

    db = open_database(db_url)
    try:
        users.create_first_administrator(db, "alex", "Alex Morgan", "Admin-Pass-99")
        admin = users.sign_in(db, "alex", "Admin-Pass-99")
        users.add_user(db, admin, "sam", "Sam Okafor", "manager", "Manager-Pass-99",
                       must_change_password=False)
        add_feedback(db, text="Old words", name="Tom Vale", received=date(2019, 1, 1))
        add_feedback(db, text="Newer words", name="Tom Vale", received=datetime.now().date())
    finally:
        db.dispose()
    monkeypatch.setenv("VOICEAPP_USER", "alex")
    monkeypatch.setenv("VOICEAPP_PASSWORD", "Admin-Pass-99")
    assert main(["retention", "preview", "--db", db_url]) == 0
    assert "would anonymise 1 records" in capsys.readouterr().out
    assert main(["retention", "apply", "--db", db_url, "--yes", "5"]) == 1
    assert "nothing was changed" in capsys.readouterr().err
    assert main(["retention", "apply", "--db", db_url, "--yes", "1"]) == 0
    assert "Anonymised 1 records" in capsys.readouterr().out
    assert main(["subject-access", "--db", db_url, "--name", "Tom Vale",
                 "--out", str(tmp_path / "s.json")]) == 2  # administrator: no case text
    monkeypatch.setenv("VOICEAPP_USER", "sam")
    monkeypatch.setenv("VOICEAPP_PASSWORD", "Manager-Pass-99")
    assert main(["subject-access", "--db", db_url, "--name", "Tom Vale",
                 "--out", str(tmp_path / "s.json")]) == 0
    data = json.loads((tmp_path / "s.json").read_text(encoding="utf-8"))
    assert [f["text"] for f in data["feedback"]] == ["Newer words"]
    monkeypatch.setenv("VOICEAPP_USER", "alex")
    monkeypatch.setenv("VOICEAPP_PASSWORD", "Admin-Pass-99")
    capsys.readouterr()
    assert main(["erase", "--db", db_url, "--name", "tom vale", "--yes", "1"]) == 0
    assert "Anonymised 1 records" in capsys.readouterr().out


# --------------------------------------------------------------------------- consent and publication


@pytest.mark.parametrize("row, ok", [
    (dict(consent_quote=True, safeguarding_flag=False, anonymised_at=None, text="Lovely staff"),
     True),
    (dict(consent_quote=False, safeguarding_flag=False, anonymised_at=None, text="Lovely"), False),
    (dict(consent_quote=True, safeguarding_flag=True, anonymised_at=None, text="I am scared"),
     False),
    (dict(consent_quote=True, safeguarding_flag=False, anonymised_at=datetime(2025, 1, 1),
          text="x"), False),
    (dict(consent_quote=True, safeguarding_flag=False, anonymised_at=None, text="   "), False),
    (Feedback(consent_quote=True, safeguarding_flag=False, text="An ORM row works too"), True),
])
def test_quotable_rule(row, ok):
    from voiceapp.services.publication import quotable

    assert quotable(row) is ok


def test_anonymous_records_never_show_respondent_details():
    from voiceapp.services.publication import respondent_details

    named = dict(anonymous=False, respondent_name="Lena Dunmore", respondent_contact="07700")
    assert respondent_details(named) == {"name": "Lena Dunmore", "contact": "07700"}
    assert respondent_details(named | {"anonymous": True}) is None
    assert respondent_details(named | {"anonymised_at": datetime(2025, 1, 1)}) is None


def test_known_names_and_public_quotes(database):
    from voiceapp.db.models import Compliment, User
    from voiceapp.services.publication import known_names, public_quote

    with database.session() as s:
        s.add(User(username="jo", display_name="Jo Whitfield (engagement officer)",
                   role="officer", extra_roles=[], active=True, failed_logins=0))
        f = Feedback(kind="compliment", received_on=date(2025, 1, 1), text="x",
                     respondent_name="Lena Dunmore")
        s.add(f)
        s.flush()
        s.add(Compliment(feedback_id=f.id, praised_person="Kerry Ashdown"))
    names = known_names(database)
    assert {"Jo Whitfield", "Lena Dunmore", "Kerry Ashdown", "Dunmore", "Kerry"} <= set(names)
    assert not any("(" in n for n in names) and "officer" not in names
    assert names.index("Jo Whitfield") < names.index("Kerry")  # full names first
    quote = public_quote("Kerry was brilliant and Jo Whitfield rang Lena Dunmore back on "
                         "07700 900123.", names)
    for leaked in ("Kerry", "Whitfield", "Dunmore", "07700"):
        assert leaked not in quote
    assert "brilliant" in quote


def test_distinct_names_come_from_the_name_indexes(database):
    """known_names reads distinct respondent and praised names by hopping through their partial
    indexes, so it must return exactly what SELECT DISTINCT would, whatever the duplicates,
    NULLs and empty strings, on both backends (and on SQLite the plan must use the index)."""
    from voiceapp.db.models import Compliment
    from voiceapp.services.publication import distinct_values

    names = ["Lena Dunmore", "Aled Price", "Lena Dunmore", None, "", "aled price", "Zoë Marsh",
             None, "Aled Price", "B"]
    with database.session() as s:
        for i, name in enumerate(names * 3):
            f = Feedback(kind="compliment", received_on=date(2025, 1, 1 + i % 28), text="x",
                         respondent_name=name)
            s.add(f)
            s.flush()
            s.add(Compliment(feedback_id=f.id, praised_person=names[-1 - i % len(names)]))
    with database.read_session() as s:
        for column in (Feedback.respondent_name, Compliment.praised_person):
            expected = set(s.scalars(select(column).where(column.is_not(None)).distinct()))
            got = distinct_values(s, column)
            assert len(got) == len(set(got)) and set(got) == expected
        if database.engine.dialect.name == "sqlite":
            plan = " ".join(str(r[-1]) for r in s.execute(text(
                "EXPLAIN QUERY PLAN SELECT MIN(respondent_name) FROM feedback "
                "WHERE respondent_name > 'A'")))
            assert "ix_feedback_respondent_name" in plan
