"""Capture, edit (optimistic locking), browse (every filter against an independent SQL count),
bulk actions and saved filters, on SQLite and PostgreSQL."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest
from _feedback_support import RISK_TEXT, SAFE_TEXT, make_actor, make_input, ref_ids
from sqlalchemy import func, select, text

from voiceapp.db.models import (
    Action,
    ActionFeedbackLink,
    AuditEntry,
    Compliment,
    Feedback,
    FeedbackTheme,
    SafeguardingReview,
    Theme,
)
from voiceapp.domain.enums import UserRole
from voiceapp.domain.quarters import FinancialQuarter
from voiceapp.errors import ConcurrentEditError, PermissionDenied, ValidationError
from voiceapp.services import feedback as fb


@pytest.fixture
def people(database):
    return dict(officer=make_actor(database, "officer1", UserRole.OFFICER),
                other=make_actor(database, "officer2", UserRole.OFFICER),
                manager=make_actor(database, "manager1", UserRole.MANAGER),
                viewer=make_actor(database, "viewer1", UserRole.BOARD_VIEWER))


def count(db, model, *where) -> int:
    with db.read_session() as s:
        return s.scalar(select(func.count()).select_from(model).where(*where))


def theme_id(db, slug: str) -> int:
    with db.read_session() as s:
        return s.scalar(select(Theme.id).where(Theme.slug == slug))


# --------------------------------------------------------------------------- capture


def test_create_compliment_stores_record_analysis_and_audit(database, people):
    officer = people["officer"]
    inp = make_input(database, kind="compliment", praised_person="Jo Whitfield",
                     text="Thank you so much, our worker always calls back and explains things "
                          "clearly. We feel listened to.")
    d = fb.create_feedback(database, officer, inp)
    assert d.kind == "compliment" and d.text == inp.text and d.version == 1
    assert d.sentiment_label == "positive"
    assert d.themes, "the analyser suggests at least one theme for a text record"
    assert all(t.status == "suggested" for t in d.themes)
    assert d.needs_review is True
    assert d.created_by == "officer1"
    with database.read_session() as s:
        c = s.scalar(select(Compliment).where(Compliment.feedback_id == d.id))
        assert c.praised_person == "Jo Whitfield"
        entry = s.execute(select(AuditEntry.action, AuditEntry.username, AuditEntry.after)
                          .where(AuditEntry.entity == "feedback",
                                 AuditEntry.entity_id == str(d.id))).one()
    assert entry.action == "create" and entry.username == "officer1"
    # The audit trail never keeps the words or personal details.
    assert "calls back" not in str(entry.after) and entry.after["text_length"] == len(inp.text)
    assert [h.action for h in d.history] == ["create"]


INVALID = [
    (dict(text="   "), "text"),
    (dict(received_on=date.today() + timedelta(days=1)), "received_on"),
    (dict(received_on=None), "received_on"),
    (dict(consent_quote=None), "consent_quote"),
    (dict(consent_contact=None), "consent_contact"),
    (dict(consent_contact=True, respondent_contact=""), "respondent_contact"),
    (dict(channel_id=None), "channel_id"),
    (dict(respondent_role_id=None), "respondent_role_id"),
    (dict(kind="event_note", event_id=None), "event_id"),
    (dict(anonymous=True, respondent_name="Sam"), "respondent_name"),
    (dict(rating=7), "rating"),
    (dict(channel_id=-5), "channel_id"),
]


def test_invalid_input_is_refused_and_nothing_saved(database, people):
    before = count(database, Feedback)
    for change, field in INVALID:
        with pytest.raises(ValidationError) as err:
            fb.create_feedback(database, people["officer"], make_input(database, **change))
        assert err.value.field == field, change
        assert err.value.message  # plain English
    assert count(database, Feedback) == before


def test_validate_input_lists_every_problem_for_the_form():
    inp = fb.FeedbackInput(kind="comment", received_on=None, text="")
    fields = [p.field for p in fb.validate_input(inp)]
    assert fields[:4] == ["received_on", "channel_id", "respondent_role_id", "text"]
    assert "consent_quote" in fields and "consent_contact" in fields


def test_board_viewer_cannot_capture(database, people):
    with pytest.raises(PermissionDenied):
        fb.create_feedback(database, people["viewer"], make_input(database))


def test_officer_theme_decisions_are_kept_and_take_record_out_of_review(database, people):
    tid = theme_id(database, "transport")
    preview = fb.preview_analysis(database, people["officer"],
                                  "The school taxi was late again and the transport team "
                                  "never answer the phone.")
    suggested = [t.theme_id for t in preview.themes]
    assert suggested
    rejected = suggested[-1:] if len(suggested) > 1 else ()
    accepted = (*(t for t in suggested if t not in rejected), tid)
    d = fb.create_feedback(database, people["officer"], make_input(
        database, text="The school taxi was late again and the transport team never answer "
                       "the phone.", accepted_theme_ids=accepted, rejected_theme_ids=rejected,
        sentiment_override="negative"))
    status = {t.theme_id: t.status for t in d.themes}
    assert all(status[t] == "confirmed" for t in accepted)
    assert all(status[t] == "rejected" for t in rejected)
    assert d.needs_review is False
    assert d.sentiment_override == "negative" and d.sentiment_override_by == "officer1"


def test_safeguarding_text_opens_a_flag(database, people):
    d = fb.create_feedback(database, people["officer"], make_input(database, text=RISK_TEXT))
    assert d.safeguarding_flag and d.open_safeguarding
    assert count(database, SafeguardingReview, SafeguardingReview.feedback_id == d.id,
                 SafeguardingReview.decision.is_(None)) == 1
    assert any(h.action == "flag" for h in d.history)


# --------------------------------------------------------------------------- edit


def test_edit_in_place_with_version(database, people):
    d = fb.create_feedback(database, people["officer"], make_input(database))
    ids = ref_ids(database)
    changed = replace(d.as_input(), service_area_id=ids[("service_area", "local_offer")])
    d2 = fb.update_feedback(database, people["officer"], d.id, d.version, changed)
    assert d2.version == d.version + 1 and d2.service_area_id == ids[("service_area",
                                                                     "local_offer")]
    assert [h.action for h in d2.history] == ["create", "update"]
    assert "service area" in d2.history[-1].summary


def test_concurrent_edit_raises_with_both_versions_and_loses_nothing(database, people):
    d = fb.create_feedback(database, people["officer"], make_input(database))
    manager = people["manager"]
    theirs_in = replace(d.as_input(), text=SAFE_TEXT + " (their addition)")
    mine_in = replace(d.as_input(), text=SAFE_TEXT + " (my addition)")
    saved = fb.update_feedback(database, manager, d.id, d.version, theirs_in)
    with pytest.raises(ConcurrentEditError) as err:
        fb.update_feedback(database, people["officer"], d.id, d.version, mine_in)
    exc = err.value
    assert exc.theirs.text.endswith("(their addition)") and exc.theirs.version == saved.version
    assert exc.yours.text.endswith("(my addition)")
    assert "manager1" in exc.message
    # Nothing of mine was written; theirs is intact.
    assert fb.get_feedback(database, manager, d.id).text.endswith("(their addition)")
    # Saving again against their version succeeds.
    final = fb.update_feedback(database, people["officer"], d.id, exc.theirs.version,
                               replace(mine_in, text=exc.theirs.text + " / my addition"))
    assert final.text.endswith("(their addition) / my addition")


def test_officer_cannot_edit_someone_elses_record_but_manager_can(database, people):
    d = fb.create_feedback(database, people["other"], make_input(database))
    with pytest.raises(PermissionDenied):
        fb.update_feedback(database, people["officer"], d.id, d.version,
                           replace(d.as_input(), text="changed"))
    fb.update_feedback(database, people["manager"], d.id, d.version,
                       replace(d.as_input(), text="changed by a manager"))


def test_editing_text_never_removes_an_open_flag_but_can_add_one(database, people):
    officer = people["officer"]
    flagged = fb.create_feedback(database, officer, make_input(database, text=RISK_TEXT))
    calm = fb.update_feedback(database, officer, flagged.id, flagged.version,
                              replace(flagged.as_input(), text=SAFE_TEXT))
    assert calm.safeguarding_flag and calm.open_safeguarding
    safe = fb.create_feedback(database, officer, make_input(database))
    assert not safe.safeguarding_flag
    now_risky = fb.update_feedback(database, officer, safe.id, safe.version,
                                   replace(safe.as_input(), text=RISK_TEXT))
    assert now_risky.safeguarding_flag and now_risky.open_safeguarding
    assert count(database, SafeguardingReview, SafeguardingReview.feedback_id == safe.id) == 1


# --------------------------------------------------------------------------- browse


@pytest.fixture
def corpus(database, people):
    """A dozen varied records made through the service."""
    officer = people["officer"]
    ids = ref_ids(database)
    q = FinancialQuarter.containing(date.today() - timedelta(days=200))
    rows = [
        dict(kind="compliment", text="Thank you, the short breaks team were brilliant.",
             service_area_id=ids[("service_area", "short_breaks")], consent_quote=True),
        dict(kind="comment", text="Still waiting for the EHC plan, nobody returns my calls.",
             received_on=q.start + timedelta(days=3)),
        dict(kind="comment", text="The school transport is late every morning.",
             received_on=q.start + timedelta(days=10),
             district_id=ids[("district", "lowdrith")]),
        dict(kind="suggestion", text="Please run the youth club on Saturdays too.",
             respondent_role_id=ids[("respondent_role", "child_young_person")],
             age_band="11-15", consent_quote=False),
        dict(kind="question", text="When will the Local Offer website be updated?",
             service_area_id=ids[("service_area", "local_offer")]),
        dict(kind="comment", text=RISK_TEXT),
        dict(kind="comment", text="We were waiting months for a speech therapy appointment.",
             received_on=q.end - timedelta(days=2), consent_quote=False),
        dict(kind="compliment", text="Lovely staff at the coffee morning, very welcoming.",
             district_id=ids[("district", "saltby_marsh")]),
    ]
    made = [fb.create_feedback(database, officer, make_input(database, **r)) for r in rows]
    # A confirmed sub-theme link, for the "theme includes sub-themes" filter.
    sub = theme_id(database, "timeliness.waiting_lists")
    fb.bulk_add_theme(database, people["manager"], [made[6].id], sub)
    return dict(records=made, quarter=q)


def sql_count(db, where: str, **params) -> int:
    with db.read_session() as s:
        return s.execute(text(f"SELECT count(*) FROM feedback f WHERE {where}"), params).scalar()


def test_each_filter_matches_an_independent_sql_count(database, people, corpus):
    m = people["manager"]
    ids = ref_ids(database)
    q: FinancialQuarter = corpus["quarter"]
    timeliness = theme_id(database, "timeliness")
    with database.read_session() as s:
        sub_ids = list(s.scalars(select(Theme.id).where(
            (Theme.slug == "timeliness") | Theme.slug.like("timeliness.%"))))
    in_list = ",".join(str(i) for i in sub_ids)
    cases = [
        (fb.FeedbackFilter(kinds=("compliment",)), "f.kind = 'compliment'", {}),
        (fb.FeedbackFilter(quarter=q.code), "f.received_on BETWEEN :a AND :b",
         dict(a=q.start, b=q.end)),
        (fb.FeedbackFilter(date_from=q.start, date_to=q.start + timedelta(days=5)),
         "f.received_on BETWEEN :a AND :b", dict(a=q.start, b=q.start + timedelta(days=5))),
        (fb.FeedbackFilter(service_area_ids=(ids[("service_area", "local_offer")],)),
         "f.service_area_id = :i", dict(i=ids[("service_area", "local_offer")])),
        (fb.FeedbackFilter(district_ids=(ids[("district", "lowdrith")],)),
         "f.district_id = :i", dict(i=ids[("district", "lowdrith")])),
        (fb.FeedbackFilter(respondent_role_ids=(ids[("respondent_role",
                                                      "child_young_person")],)),
         "f.respondent_role_id = :i", dict(i=ids[("respondent_role", "child_young_person")])),
        (fb.FeedbackFilter(theme_ids=(timeliness,)),
         f"EXISTS (SELECT 1 FROM feedback_theme t WHERE t.feedback_id = f.id AND t.theme_id IN "
         f"({in_list}) AND t.status <> 'rejected')", {}),
        (fb.FeedbackFilter(sentiments=("negative",)),
         "COALESCE(f.sentiment_override, f.sentiment_label) = 'negative'", {}),
        (fb.FeedbackFilter(safeguarding=True), "f.safeguarding_flag = :t", dict(t=True)),
        (fb.FeedbackFilter(consent_quote=False), "f.consent_quote = :t", dict(t=False)),
        (fb.FeedbackFilter(needs_review=True), "f.needs_review = :t", dict(t=True)),
        (fb.FeedbackFilter(kinds=("comment",), quarter=q.code),
         "f.kind = 'comment' AND f.received_on BETWEEN :a AND :b", dict(a=q.start, b=q.end)),
    ]
    for flt, where, params in cases:
        expected = sql_count(database, where, **params)
        assert fb.count_feedback(database, m, flt) == expected, flt
        page = fb.browse(database, m, flt, limit=100)
        assert len(page.rows) == expected, flt
    assert fb.count_feedback(database, m, fb.FeedbackFilter(theme_ids=(timeliness,))) >= 1


def test_theme_filter_includes_sub_themes(database, people, corpus):
    m = people["manager"]
    record = corpus["records"][6]
    parent = fb.browse(database, m, fb.FeedbackFilter(theme_ids=(theme_id(database,
                                                                            "timeliness"),)))
    assert record.id in {r.id for r in parent.rows}


def test_officer_override_wins_in_the_sentiment_filter(database, people, corpus):
    m = people["manager"]
    rec = corpus["records"][0]  # a positive compliment
    from voiceapp.services import review

    review.set_sentiment_override(database, m, rec.id, "negative")
    neg = {r.id for r in fb.browse(database, m, fb.FeedbackFilter(sentiments=("negative",))).rows}
    pos = {r.id for r in fb.browse(database, m, fb.FeedbackFilter(sentiments=("positive",))).rows}
    assert rec.id in neg and rec.id not in pos
    row = next(r for r in fb.browse(database, m).rows if r.id == rec.id)
    assert row.sentiment == "negative" and row.sentiment_overridden


def test_full_text_search_uses_the_index_and_stems(database, people, corpus):
    m = people["manager"]
    found = fb.browse(database, m, fb.FeedbackFilter(search="waiting")).rows
    texts = [r.text for r in found]
    assert any("Still waiting" in t for t in texts)
    assert any("waiting months" in t for t in texts)
    assert fb.count_feedback(database, m, fb.FeedbackFilter(search="transport late")) == 1
    # Punctuation and FTS syntax in what people type never cause an error.
    assert fb.count_feedback(database, m, fb.FeedbackFilter(search='"EHC" AND (plan')) >= 1
    assert fb.count_feedback(database, m, fb.FeedbackFilter(search="zebra crossing")) == 0


def test_every_sort_runs_in_sql_both_ways(database, people, corpus):
    m = people["manager"]
    for sort in fb.SORTABLE:
        asc = [r.id for r in fb.browse(database, m, sort=sort, descending=False).rows]
        desc = [r.id for r in fb.browse(database, m, sort=sort, descending=True).rows]
        assert sorted(asc) == sorted(desc) and len(asc) == len(corpus["records"]), sort
    by_date = fb.browse(database, m, sort="received_on", descending=False).rows
    assert [r.received_on for r in by_date] == sorted(r.received_on for r in by_date)
    by_kind = fb.browse(database, m, sort="kind", descending=True).rows
    assert [r.kind for r in by_kind] == sorted((r.kind for r in by_kind), reverse=True)


def test_default_order_and_paging(database, people, corpus):
    m = people["manager"]
    first = fb.browse(database, m, limit=3)
    second = fb.browse(database, m, offset=3, limit=3)
    assert first.has_more and len(first.rows) == 3
    rows = first.rows + second.rows
    keys = [(r.received_on, r.id) for r in rows]
    assert keys == sorted(keys, reverse=True)
    assert not {r.id for r in first.rows} & {r.id for r in second.rows}
    everything = fb.browse(database, m, limit=100)
    assert not everything.has_more


def test_facet_counts_agree_with_counts(database, people, corpus):
    m = people["manager"]
    flt = fb.FeedbackFilter(consent_quote=True)
    facets = fb.facet_counts(database, m, flt)
    assert facets.total == fb.count_feedback(database, m, flt)
    for kind, n in facets.kind.items():
        assert n == fb.count_feedback(database, m, replace(flt, kinds=(kind,)))
    # A facet ignores its own dimension: counts for consent cover both answers.
    assert sum(facets.consent_quote.values()) == fb.count_feedback(database, m)


def test_browse_needs_case_text_permission(database, people):
    with pytest.raises(PermissionDenied):
        fb.browse(database, people["viewer"])


# --------------------------------------------------------------------------- bulk actions


def test_bulk_theme_add_and_remove(database, people, corpus):
    m = people["manager"]
    ids = [r.id for r in corpus["records"][:3]]
    tid = theme_id(database, "coproduction")
    res = fb.bulk_add_theme(database, m, ids, tid)
    assert res.changed == 3
    assert count(database, FeedbackTheme, FeedbackTheme.theme_id == tid,
                 FeedbackTheme.status == "confirmed") == 3
    again = fb.bulk_add_theme(database, m, ids, tid)
    assert again.changed == 0 and again.unchanged == 3
    removed = fb.bulk_remove_theme(database, m, ids[:2], tid)
    assert removed.changed == 2
    assert count(database, FeedbackTheme, FeedbackTheme.theme_id == tid,
                 FeedbackTheme.status == "rejected") == 2
    history = fb.get_feedback(database, m, ids[0]).history
    assert [h.action for h in history][-2:] == ["add theme", "remove theme"]


def test_bulk_set_service_area_bumps_versions_and_respects_ownership(database, people, corpus):
    ids = ref_ids(database)
    area = ids[("service_area", "youth_services")]
    records = corpus["records"][:4]
    res = fb.bulk_set_service_area(database, people["manager"], [r.id for r in records], area)
    assert res.changed == 4
    with database.read_session() as s:
        rows = s.execute(select(Feedback.service_area_id, Feedback.version)
                         .where(Feedback.id.in_([r.id for r in records]))).all()
    assert all(a == area for a, _ in rows)
    assert all(v == r.version + 1 for (_, v), r in zip(rows, records, strict=True))
    # An officer may only change records they entered.
    other = fb.create_feedback(database, people["other"], make_input(database))
    with pytest.raises(PermissionDenied):
        fb.bulk_set_service_area(database, people["officer"], [other.id], area)


def test_bulk_link_to_action(database, people, corpus):
    with database.session() as s:
        act = Action(reference="YSWD-T1", said_summary="Transport is late", owner_role="Head",
                     current_status="green")
        s.add(act)
        s.flush()
        aid = act.id
    ids = [r.id for r in corpus["records"][:2]]
    res = fb.bulk_link_action(database, people["manager"], ids, aid)
    assert res.changed == 2
    assert count(database, ActionFeedbackLink, ActionFeedbackLink.action_id == aid) == 2
    detail = fb.get_feedback(database, people["manager"], ids[0])
    assert [a.reference for a in detail.actions] == ["YSWD-T1"]
    assert fb.bulk_link_action(database, people["manager"], ids, aid).changed == 0


# --------------------------------------------------------------------------- saved filters


def test_saved_filters_round_trip_per_user(database, people):
    m, o = people["manager"], people["officer"]
    flt = fb.FeedbackFilter(kinds=("complaint",), quarter="2025-26-Q2", search="transport",
                            safeguarding=False, date_from=date(2025, 7, 1))
    fb.save_filter(database, m, "Transport complaints", flt)
    fb.save_filter(database, m, "Transport complaints", replace(flt, sentiments=("negative",)))
    saved = fb.saved_filters(database, m)
    assert [s.name for s in saved] == ["Transport complaints"]
    assert saved[0].filter == replace(flt, sentiments=("negative",))
    assert fb.saved_filters(database, o) == []
    with pytest.raises(ValidationError):
        fb.save_filter(database, m, "  ", flt)
    fb.delete_saved_filter(database, m, saved[0].id)
    assert fb.saved_filters(database, m) == []


def test_filter_dict_round_trip():
    flt = fb.FeedbackFilter(kinds=("comment", "suggestion"), theme_ids=(3, 4),
                            date_to=date(2026, 1, 31), consent_quote=True, search="x")
    assert fb.FeedbackFilter.from_dict(flt.to_dict()) == flt
    assert fb.FeedbackFilter().to_dict() == {}


def test_events_and_entry_counts(database, people):
    officer = people["officer"]
    ev = fb.create_event(database, officer, "Youth forum", date.today(), "Saltby Marsh Youth "
                         "Centre")
    for _ in range(2):
        fb.create_feedback(database, officer, make_input(database, event_id=ev.id))
    assert fb.event_entry_count(database, officer, ev.id) == 2
    with pytest.raises(ValidationError):
        fb.create_event(database, officer, "Tomorrow", date.today() + timedelta(days=1))
    assert ev.id in {e.id for e in fb.reference_data(database, officer).events}
