"""The reporting service checked against independent SQL counts.

On the demo database every figure the report prints is recomputed here with plain SQL written
for the test (sqlite3 on the file, not voiceapp's queries): volumes by kind, role and district
for the quarter and both comparators, top themes (with sub-codes rolled up by a recursive CTE),
sentiment shares, survey responses, events and attendance, review participation, the
You Said We Did statuses and the told-back rate. A second group builds small known cases on
SQLite and PostgreSQL: permissions, audit, the errors a user can cause, and the publication rules
for quotes.
"""

from __future__ import annotations

import shutil
import sqlite3
from datetime import date, timedelta
from pathlib import Path

import pytest

from voiceapp.db.engine import open_database
from voiceapp.db.models import (
    AuditEntry,
    Feedback,
    FeedbackTheme,
    SafeguardingReview,
    Theme,
)
from voiceapp.domain.enums import RecordKind, ThemeLinkStatus, UserRole
from voiceapp.domain.quarters import FinancialQuarter
from voiceapp.errors import PermissionDenied, ValidationError
from voiceapp.services import reporting, trends
from voiceapp.services.context import Actor

MANAGER = Actor(None, "manager", UserRole.MANAGER)
VIEWER = Actor(None, "viewer", UserRole.BOARD_VIEWER)
OFFICER = Actor(None, "officer", UserRole.OFFICER)
QUARTER = FinancialQuarter.parse("2026-27-Q2")  # the last complete quarter of the demo
THREE = (QUARTER, QUARTER.previous(), QUARTER.year_earlier())
FIELDS = ("current", "previous", "year_earlier")


def sql(path: Path, query: str, *params) -> list[tuple]:
    con = sqlite3.connect(str(path))
    try:
        return con.execute(query, params).fetchall()
    finally:
        con.close()


def span(q: FinancialQuarter) -> tuple[str, str]:
    return q.start.isoformat(), q.end.isoformat()


@pytest.fixture(scope="module")
def demo(tmp_path_factory, demo_sqlite) -> Path:
    # The report writes an audit entry, so it runs on a private copy of the shared demo.
    path = tmp_path_factory.mktemp("reporting") / "demo.sqlite"
    shutil.copyfile(demo_sqlite, path)
    return path


@pytest.fixture(scope="module")
def report(demo) -> reporting.QuarterlyReport:
    db = open_database(demo)
    try:
        return reporting.quarterly_report_data(db, MANAGER, QUARTER, today=date(2026, 11, 20))
    finally:
        db.dispose()


def _by(rows, field: str) -> dict:
    return {r.code: getattr(r, field) for r in rows}


# --------------------------------------------------------------------------- who we heard from


def test_volumes_by_kind_for_the_quarter_and_both_comparators(report, demo):
    for q, field in zip(THREE, FIELDS, strict=True):
        expected = dict(sql(demo, "SELECT kind, COUNT(*) FROM feedback "
                                  "WHERE received_on BETWEEN ? AND ? GROUP BY kind", *span(q)))
        got = {k: v for k, v in _by(report.who.by_kind, field).items() if v}
        assert got == expected, q.label
    total = sql(demo, "SELECT COUNT(*) FROM feedback WHERE received_on BETWEEN ? AND ?",
                *span(QUARTER))[0][0]
    assert report.who.total.current.value == total == report.record_count
    assert report.who.total.previous.value == sum(
        sql(demo, "SELECT COUNT(*) FROM feedback WHERE received_on BETWEEN ? AND ?",
            *span(QUARTER.previous()))[0])


def test_volume_trend_covers_five_quarters(report, demo):
    labels = [p.label for p in report.who.volume_trend]
    assert labels[-1] == QUARTER.label and labels[0] == QUARTER.year_earlier().label
    for p in report.who.volume_trend:
        q = FinancialQuarter.parse(p.quarter)
        assert p.total == sql(demo, "SELECT COUNT(*) FROM feedback WHERE received_on "
                                    "BETWEEN ? AND ?", *span(q))[0][0]


@pytest.mark.parametrize(("attr", "column", "list_name"), [
    ("by_role", "respondent_role_id", "respondent_role"),
    ("by_district", "district_id", "district"),
    ("by_channel", "channel_id", "channel"),
    ("by_service_area", "service_area_id", "service_area"),
])
def test_breakdowns_match_sql(report, demo, attr, column, list_name):
    for q, field in zip(THREE, FIELDS, strict=True):
        expected = dict(sql(
            demo, f"SELECT COALESCE(r.code, 'none'), COUNT(*) FROM feedback f "
                  f"LEFT JOIN reference_item r ON r.id = f.{column} "
                  f"WHERE f.received_on BETWEEN ? AND ? GROUP BY 1", *span(q)))
        got = {(k or "none"): v for k, v in _by(getattr(report.who, attr), field).items() if v}
        assert got == expected, (attr, q.label)


def test_children_and_young_people(report, demo):
    n = sql(demo, "SELECT COUNT(*) FROM feedback f JOIN reference_item r ON "
                  "r.id = f.respondent_role_id WHERE r.code IN ('child_young_person', "
                  "'care_leaver') AND f.received_on BETWEEN ? AND ?", *span(QUARTER))[0][0]
    assert report.who.cyp.current.value == n


def test_review_participation(report, demo):
    rows = dict(sql(demo, "SELECT participation, COUNT(*) FROM review_participation "
                          "WHERE review_on BETWEEN ? AND ? GROUP BY 1", *span(QUARTER)))
    assert {k: v for k, v in _by(report.who.reviews.breakdown, "current").items() if v} == rows
    contributed = sum(v for k, v in rows.items() if k not in ("under_4", "did_not_contribute"))
    fig = report.who.reviews.contributed.current
    assert (fig.count, fig.base) == (contributed, sum(rows.values()))


# --------------------------------------------------------------------------- themes, sentiment

TOP_THEME_SQL = """
WITH RECURSIVE anc(id, top) AS (
    SELECT id, id FROM theme WHERE parent_id IS NULL
    UNION ALL SELECT t.id, a.top FROM theme t JOIN anc a ON t.parent_id = a.id)
SELECT t.slug, COUNT(DISTINCT ft.feedback_id)
FROM feedback_theme ft JOIN anc a ON a.id = ft.theme_id JOIN theme t ON t.id = a.top
JOIN feedback f ON f.id = ft.feedback_id
WHERE ft.status <> 'rejected' AND f.received_on BETWEEN ? AND ?
GROUP BY t.slug
"""


def test_theme_counts_roll_sub_codes_up_and_count_records_once(report, demo):
    for q, field in zip(THREE, FIELDS, strict=True):
        expected = {k: v for k, v in sql(demo, TOP_THEME_SQL, *span(q))}
        got = {t.slug: getattr(t, field) for t in report.told.all_themes
               if getattr(t, field)}
        assert got == expected, q.label
    top = sorted(sql(demo, TOP_THEME_SQL, *span(QUARTER)), key=lambda r: -r[1])
    # The most mentioned first (ties may fall either way).
    counts = [t.current for t in report.told.themes]
    assert counts == sorted(counts, reverse=True)
    assert counts[:3] == [r[1] for r in top[:3]]
    assert len(report.told.themes) <= reporting.TOP_THEMES


def test_sentiment_shares(report, demo):
    rows = dict(sql(demo, "SELECT COALESCE(sentiment_override, sentiment_label), COUNT(*) "
                          "FROM feedback WHERE received_on BETWEEN ? AND ? GROUP BY 1",
                    *span(QUARTER)))
    analysed = sum(v for k, v in rows.items() if k in ("positive", "neutral", "negative"))
    pos = report.told.positive.current
    assert (pos.count, pos.base) == (rows.get("positive", 0), analysed)
    assert pos.value == round(100 * rows.get("positive", 0) / analysed, 1)
    assert report.told.negative.current.count == rows.get("negative", 0)
    assert report.told.sentiment_trend[-1].positive == rows.get("positive", 0)


def test_real_rise_flag_uses_the_named_test(report):
    assert "Poisson" in report.told.test and "p < 0.05" in report.told.test
    for t in report.told.all_themes:
        again = trends.rate_rise_test(t.current, report.told.records[0], t.previous,
                                      report.told.records[1])
        assert t.rise.significant == again.significant
        if t.rise.significant:
            assert t.current >= trends.MIN_COUNT and t.current / report.told.records[0] > \
                t.previous / report.told.records[1]


def test_quotes_obey_the_publication_rules(report, demo):
    consented = [" ".join(r[0].split()) for r in sql(
        demo, "SELECT text FROM feedback WHERE consent_quote = 1 AND safeguarding_flag = 0 "
              "AND kind NOT IN ('complaint', 'event_note') AND received_on BETWEEN ? AND ? "
              "AND id NOT IN (SELECT feedback_id FROM safeguarding_review)", *span(QUARTER))]
    assert report.told.quotes, "the demo quarter has consented text to quote"
    for q in report.told.quotes:
        # The longest stretch of the quote without a redaction mark is the person's own words.
        piece = max(q.text.replace("\u201c", "").split("["), key=len)
        piece = piece.split("]")[-1].strip()[:40]
        # The report capitalises a quote's first letter ("the trip..." -> "The trip...").
        assert any(piece[:1].lower() + piece[1:] in text[:1].lower() + text[1:]
                   or piece in text for text in consented), q.text


# --------------------------------------------------------------------------- other sections


def test_survey_responses(report, demo):
    for q, field in zip(THREE, FIELDS, strict=True):
        n = sql(demo, "SELECT COUNT(*) FROM survey_response WHERE submitted_on BETWEEN ? AND ?",
                *span(q))[0][0]
        assert {"current": report.surveys.responses.current,
                "previous": report.surveys.responses.previous,
                "year_earlier": report.surveys.responses.year_earlier}[field].value == n


def test_survey_results_against_the_previous_edition(demo, tmp_path):
    # The demo's parent carer survey runs in October and November: report 2025-26 Q3.
    path = tmp_path / "d.sqlite"
    shutil.copyfile(demo, path)
    db = open_database(path)
    try:
        r = reporting.quarterly_report_data(db, MANAGER, FinancialQuarter.parse("2025-26-Q3"),
                                            today=date(2026, 11, 20))
    finally:
        db.dispose()
    assert r.surveys.editions
    ed = next(e for e in r.surveys.editions if e.previous_edition)
    q = next(x for x in ed.questions if x.qtype == "rating")
    rows = sql(path, "SELECT a.rating FROM survey_answer a JOIN survey_question sq ON "
                     "sq.id = a.question_id JOIN survey_edition e ON e.id = sq.edition_id "
                     "WHERE e.name = ? AND sq.key = ? AND a.rating IS NOT NULL", ed.edition, q.key)
    ratings = [x[0] for x in rows]
    assert q.answers == len(ratings)
    assert q.mean == round(sum(ratings) / len(ratings), 2)
    assert q.positive_count == sum(1 for x in ratings if x >= 4)
    prev = [x[0] for x in sql(path, "SELECT a.rating FROM survey_answer a JOIN survey_question "
                                    "sq ON sq.id = a.question_id JOIN survey_edition e ON "
                                    "e.id = sq.edition_id WHERE e.name = ? AND sq.key = ? AND "
                                    "a.rating IS NOT NULL", ed.previous_edition, q.key)]
    assert q.previous_answers == len(prev)


def test_events_and_attendance(report, demo):
    n = sql(demo, "SELECT COUNT(*), SUM(coproduced) FROM engagement_event "
                  "WHERE held_on BETWEEN ? AND ?", *span(QUARTER))[0]
    assert report.engagement.events.current.value == n[0]
    assert report.engagement.coproduced.current.value == (n[1] or 0)
    att = dict(sql(demo, "SELECT a.\"group\", SUM(a.count) FROM event_attendance a JOIN "
                         "engagement_event e ON e.id = a.event_id WHERE e.held_on BETWEEN ? "
                         "AND ? GROUP BY 1", *span(QUARTER)))
    assert {k: v for k, v in _by(report.engagement.attendance_by_group, "current").items()
            if v} == att
    assert report.engagement.attendance.current.value == sum(att.values())


def test_complaints_received_and_compliments(report, demo):
    first = sql(demo, "SELECT COUNT(*) FROM (SELECT complaint_id, MIN(received_on) d FROM "
                      "complaint_stage GROUP BY complaint_id) WHERE d BETWEEN ? AND ?",
                *span(QUARTER))[0][0]
    assert report.complaints.received.current.value == first
    compliments = sql(demo, "SELECT COUNT(*) FROM feedback WHERE kind = 'compliment' AND "
                            "received_on BETWEEN ? AND ?", *span(QUARTER.previous()))[0][0]
    assert report.compliments.received.previous.value == compliments


def test_yswd_statuses_and_told_back_rate(report, demo):
    end = QUARTER.end.isoformat()
    statuses = dict(sql(demo, """
        SELECT status, COUNT(*) FROM (
            SELECT action_id, status, ROW_NUMBER() OVER (
                PARTITION BY action_id ORDER BY as_at DESC, id DESC) AS rn
            FROM yswd_status WHERE as_at <= ?) WHERE rn = 1 GROUP BY status""", end))
    assert {s.status: s.now for s in report.yswd.statuses if s.now} == statuses
    start = QUARTER.previous().previous().previous().start.isoformat()
    linked, told = sql(demo, """
        SELECT COUNT(*), SUM(CASE WHEN EXISTS (
            SELECT 1 FROM yswd_told_back t WHERE t.told_on >= f.received_on AND t.told_on <= ?
              AND (t.feedback_id = f.id OR (t.feedback_id IS NULL AND t.action_id IN (
                   SELECT action_id FROM yswd_action_feedback WHERE feedback_id = f.id))))
            THEN 1 ELSE 0 END)
        FROM feedback f WHERE f.received_on BETWEEN ? AND ?
          AND EXISTS (SELECT 1 FROM yswd_action_feedback l WHERE l.feedback_id = f.id)""",
                       end, start, end)[0]
    fig = report.yswd.told_back.current
    assert (fig.count, fig.base) == (told or 0, linked)


def test_every_measure_states_which_direction_is_good(report):
    assert len(report.headline) >= 10
    for m in report.headline:
        assert m.good in (reporting.GOOD_UP, reporting.GOOD_DOWN, reporting.GOOD_NEITHER)
        assert m.definition
        if m.direction() in ("up", "down") and m.good != reporting.GOOD_NEITHER:
            assert m.judgement() in ("better", "worse")
    complaints = next(m for m in report.headline if m.key == "complaints")
    assert complaints.good == reporting.GOOD_DOWN
    if complaints.direction() == "up":
        assert complaints.judgement() == "worse"


def test_sentences_are_written_from_the_numbers(report):
    total = int(report.who.total.current.value)
    assert f"{total:,}" in report.who.narrative[0] or "same" in report.who.narrative[0]
    assert report.summary_intro.startswith(f"This report covers {QUARTER.months_label}")
    assert report.working_well and report.concerns
    for s in (*report.working_well, *report.concerns, *report.who.narrative,
              *report.told.narrative, *report.complaints.narrative):
        assert s[:1].isupper() and s.endswith("."), s


# --------------------------------------------------------------------------- both backends


def _feedback(s, kind: str, day: date, text: str = "", **kw) -> Feedback:
    f = Feedback(kind=kind, received_on=day, text=text, **kw)
    s.add(f)
    s.flush()
    return f


def test_report_on_both_backends_permissions_audit_and_errors(database):
    q = FinancialQuarter.parse("2025-26-Q1")
    with database.session() as s:
        theme = s.query(Theme).filter_by(slug="communication").one()
        for i in range(12):
            f = _feedback(s, RecordKind.COMMENT.value, q.start + timedelta(days=i),
                          f"Comment number {i} about calls not returned.",
                          sentiment_label="negative" if i % 3 else "positive")
            s.add(FeedbackTheme(feedback_id=f.id, theme_id=theme.id,
                                source="automatic", status=ThemeLinkStatus.CONFIRMED.value))
        for i in range(3):
            _feedback(s, RecordKind.COMPLIMENT.value, q.start + timedelta(days=20 + i),
                      "Thank you", sentiment_label="positive")
    r = reporting.quarterly_report_data(database, VIEWER, q, today=date(2026, 1, 1))
    assert r.who.total.current.value == 15
    assert _by(r.who.by_kind, "current") == {"compliment": 3, "comment": 12}
    comm = next(t for t in r.told.all_themes if t.slug == "communication")
    assert (comm.current, comm.negative, comm.positive) == (12, 8, 4)
    assert r.told.positive.current.count == 7
    with database.read_session() as s:
        entry = s.query(AuditEntry).filter_by(action="report").one()
        assert entry.entity == "quarterly_report" and entry.entity_id == q.code
        assert entry.username == "viewer"
    with pytest.raises(PermissionDenied):
        reporting.quarterly_report_data(database, OFFICER, q)
    with pytest.raises(ValidationError, match="no feedback records for 2019-20 Q1"):
        reporting.quarterly_report_data(database, MANAGER, FinancialQuarter(2019, 1))
    with pytest.raises(ValidationError, match="has not started"):
        reporting.quarterly_report_data(database, MANAGER, FinancialQuarter(2040, 1))
    with pytest.raises(ValidationError, match="no board called"):
        reporting.quarterly_report_data(database, MANAGER, q, board="Board of Nonsense",
                                        today=date(2026, 1, 1))


def test_quotes_never_use_flagged_or_unconsented_text(database):
    q = FinancialQuarter.parse("2025-26-Q2")
    with database.session() as s:
        theme = s.query(Theme).filter_by(slug="staff").one()
        rows = [("QUOKKAFLAGGED worker was lovely and helped us every single week.", True, True),
                ("PLATYPUSPRIVATE worker was lovely and helped us every single week.", False,
                 False),
                ("NARWHALCONSENTED worker was lovely and helped us every single week.", True,
                 False),
                ("OKAPIREVIEWED worker was lovely and helped us every single week.", True,
                 False)]
        for i, (text, consent, flag) in enumerate(rows):
            f = _feedback(s, RecordKind.COMPLIMENT.value, q.start + timedelta(days=i), text,
                          consent_quote=consent, safeguarding_flag=flag,
                          sentiment_label="positive")
            s.add(FeedbackTheme(feedback_id=f.id, theme_id=theme.id, source="officer",
                                status=ThemeLinkStatus.CONFIRMED.value))
            if text.startswith("OKAPI"):
                # Flagged once and cleared: still never quoted.
                s.add(SafeguardingReview(feedback_id=f.id, reasons=[], decision="no_action",
                                         decision_reason="Not a concern"))
    r = reporting.quarterly_report_data(database, MANAGER, q, today=date(2026, 1, 1))
    text = " ".join(x.text for x in r.told.quotes)
    assert "NARWHALCONSENTED" in text
    for word in ("QUOKKAFLAGGED", "PLATYPUSPRIVATE", "OKAPIREVIEWED"):
        assert word not in text


def test_trim_quote_drops_greetings_and_sign_offs():
    assert reporting.trim_quote("Hello there, the bus was late again. Thank you, Mei") == \
        "The bus was late again."
    assert reporting.trim_quote("To whom it may concern, staff were kind. Regards, [NAME]") == \
        "Staff were kind."
    assert reporting.trim_quote("Thanks to the team for listening") == \
        "Thanks to the team for listening"
    assert reporting.trim_quote("They asked for our views. Winston") == \
        "They asked for our views."
    assert reporting.trim_quote("It was great. Well done.") == "It was great. Well done."
    assert reporting.trim_quote("No places for pupils with SEMH needs. Irina Wojcik, GP") == \
        "No places for pupils with SEMH needs."


def test_percent_figure_hides_small_numbers():
    f = reporting.Figure
    assert reporting.percent_figure(f(60.0, 30, 50)) == "60%"
    assert reporting.percent_figure(f(6.0, 3, 50)) == "under 10%"
    assert reporting.percent_figure(f(94.0, 47, 50)) == "over 90%"
    assert reporting.percent_figure(f(50.0, 4, 8)) == "\u2013"  # base under 10
    assert reporting.percent_figure(f(None, 0, 0)) == "\u2013"
    assert reporting.percent_figure(f(0.0, 0, 50)) == "0%"
    assert reporting.percent_figure(f(100.0, 50, 50)) == "100%"


# --------------------------------------------------------------------------- progress, cancel


class _Cancelled(Exception):
    pass


def test_progress_moves_forward_and_cancel_stops_the_report(demo):
    """The figures are gathered on two threads while the caller reports progress; an exception
    from the progress callback (the Reports page's Cancel) ends the report at once, with no
    audit entry, and a later report still works."""
    db = open_database(demo)
    try:
        seen: list[tuple[float, str]] = []
        reporting.quarterly_report_data(db, MANAGER, QUARTER, today=date(2026, 11, 20),
                                        progress=lambda f, t: seen.append((f, t)))
        fractions = [f for f, _ in seen]
        assert fractions == sorted(fractions) and fractions[-1] >= 0.7
        assert any("Complaints" in t for _, t in seen)
        before = sql(demo, "SELECT COUNT(*) FROM audit_log WHERE action = 'report'")[0][0]

        def cancel(fraction: float, _text: str) -> None:
            if fraction >= 0.1:
                raise _Cancelled

        with pytest.raises(_Cancelled):
            reporting.quarterly_report_data(db, MANAGER, QUARTER, today=date(2026, 11, 20),
                                            progress=cancel)
        after = sql(demo, "SELECT COUNT(*) FROM audit_log WHERE action = 'report'")[0][0]
        assert after == before  # a cancelled report is not recorded as produced
        again = reporting.quarterly_report_data(db, MANAGER, QUARTER, today=date(2026, 11, 20))
        assert again.who.total.current.value == sql(
            demo, "SELECT COUNT(*) FROM feedback WHERE received_on BETWEEN ? AND ?",
            *span(QUARTER))[0][0]
    finally:
        db.dispose()


def test_an_error_in_one_part_reaches_the_caller(demo, monkeypatch):
    from voiceapp.services import complaint_measures

    def broken(*_a, **_k):
        raise RuntimeError("complaint measures failed")

    monkeypatch.setattr(complaint_measures, "quarter_measures", broken)
    db = open_database(demo)
    try:
        with pytest.raises(RuntimeError, match="complaint measures failed"):
            reporting.quarterly_report_data(db, MANAGER, QUARTER, today=date(2026, 11, 20))
    finally:
        db.dispose()


# --------------------------------------------------------------------------- the Trends service


AREA_THEME_SQL = """
WITH RECURSIVE anc(id, top) AS (
    SELECT id, id FROM theme WHERE parent_id IS NULL
    UNION ALL SELECT t.id, a.top FROM theme t JOIN anc a ON t.parent_id = a.id)
SELECT t.slug, r.code, COUNT(DISTINCT ft.feedback_id)
FROM feedback_theme ft JOIN anc a ON a.id = ft.theme_id JOIN theme t ON t.id = a.top
JOIN feedback f ON f.id = ft.feedback_id JOIN reference_item r ON r.id = f.service_area_id
WHERE ft.status <> 'rejected' AND f.received_on BETWEEN ? AND ?
GROUP BY t.slug, r.code
"""


def test_theme_trends_match_sql_for_every_quarter_shown(demo):
    """Trends gathers each quarter on its own thread; every count must still be exact."""
    db = open_database(demo)
    try:
        got = trends.theme_trends(db, MANAGER, QUARTER, 8)
    finally:
        db.dispose()
    assert len(got.quarters) == 8 and got.quarters[-1] == QUARTER.code
    for i, code in enumerate(got.quarters):
        q = FinancialQuarter.parse(code)
        expected = dict(sql(demo, TOP_THEME_SQL, *span(q)))
        counts = {t.slug: t.counts[i] for t in got.themes if t.counts[i]}
        assert counts == expected, code
        assert got.records[i] == sql(demo, "SELECT COUNT(*) FROM feedback WHERE received_on "
                                           "BETWEEN ? AND ?", *span(q))[0][0]
        sentiment = dict(sql(demo, "SELECT COALESCE(sentiment_override, sentiment_label), "
                                   "COUNT(*) FROM feedback WHERE received_on BETWEEN ? AND ? "
                                   "GROUP BY 1", *span(q)))
        point = got.sentiment[i]
        assert (point.positive, point.neutral, point.negative) == tuple(
            sentiment.get(k, 0) for k in ("positive", "neutral", "negative"))


def test_theme_by_service_area_matches_sql(demo):
    db = open_database(demo)
    try:
        table = trends.theme_by_service_area(db, MANAGER, QUARTER)
    finally:
        db.dispose()
    for q, field in ((QUARTER, "count"), (QUARTER.previous(), "previous")):
        expected = {(slug, area): n for slug, area, n in sql(demo, AREA_THEME_SQL, *span(q))}
        got = {key: getattr(cell, field) for key, cell in table.cells.items()
               if getattr(cell, field)}
        assert got == expected, q.label
