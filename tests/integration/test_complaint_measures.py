"""Complaint and compliment measures checked against independent counts.

On the demo database every figure is recomputed here straight from the SQLite file with plain
SQL (and, for timeliness and working days, from the stage rows and the procedure timescales with
the calendar, not from voiceapp's stored due dates). A second group builds known cases through the
service on SQLite and PostgreSQL to pin down the definitions: withdrawn stages are left out of
timeliness, extensions count only towards the extended figure, pauses and late review-panel
milestones are honoured."""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from voiceapp.db.engine import open_database
from voiceapp.db.models import Feedback, ReferenceItem
from voiceapp.domain.enums import RecordKind, UserRole
from voiceapp.domain.quarters import FinancialQuarter
from voiceapp.domain.working_days import DEFAULT_CALENDAR as CAL
from voiceapp.services import complaint_measures as cm
from voiceapp.services import complaints as svc
from voiceapp.services.context import Actor

VIEWER = Actor(None, "viewer", UserRole.BOARD_VIEWER)
MANAGER = Actor(None, "manager", UserRole.MANAGER)


def rows(path: Path, query: str, *params) -> list[tuple]:
    con = sqlite3.connect(str(path))
    try:
        return con.execute(query, params).fetchall()
    finally:
        con.close()


def d(text: str | None) -> date | None:
    return None if text is None else date.fromisoformat(text)


@pytest.fixture(scope="module")
def demo(demo_sqlite):
    db = open_database(demo_sqlite, migrate=False)
    yield db
    db.dispose()


def demo_quarters(path: Path) -> list[FinancialQuarter]:
    first, last = rows(path, "SELECT min(received_on), max(received_on) FROM complaint_stage")[0]
    q, end = FinancialQuarter.containing(d(first)), FinancialQuarter.containing(d(last))
    out = []
    while q <= end:
        out.append(q)
        q = q.next()
    return out


def response_days(path: Path) -> dict[tuple[str, int], int]:
    out = {}
    for code, definition in rows(path, "SELECT code, definition FROM complaint_procedure"):
        for st in json.loads(definition)["stages"]:
            out[(code, st["number"])] = st["response_days"]
    return out


STAGES = """SELECT p.code, s.number, s.received_on, s.responded_on, s.outcome, s.extended_to,
                   s.pauses, s.milestones
            FROM complaint_stage s JOIN complaint c ON c.id = s.complaint_id
            JOIN complaint_procedure p ON p.id = c.procedure_id"""


def test_demo_has_what_the_checks_need(demo_sqlite):
    # The independent timeliness check below ignores pauses and milestones; the demo has none.
    (n, paused, milestones, extended), = rows(
        demo_sqlite, "SELECT count(*), sum(pauses != '[]'), sum(milestones != '{}'), "
                     "sum(extended_to IS NOT NULL) FROM complaint_stage")
    assert n > 200 and paused == 0 and milestones == 0 and extended > 10


def test_received_closed_and_outcomes_per_stage_match_sql(demo, demo_sqlite):
    quarters = demo_quarters(demo_sqlite)
    assert len(quarters) >= 12
    total_received = 0
    for q in quarters:
        m = cm.quarter_measures(demo, VIEWER, q)
        s, e = q.start.isoformat(), q.end.isoformat()
        received = dict(rows(demo_sqlite, "SELECT number, count(*) FROM complaint_stage WHERE "
                             "received_on BETWEEN ? AND ? GROUP BY number", s, e))
        closed = dict(rows(demo_sqlite, "SELECT number, count(*) FROM complaint_stage WHERE "
                           "responded_on BETWEEN ? AND ? GROUP BY number", s, e))
        outcomes = Counter()
        for number, outcome, n in rows(
                demo_sqlite, "SELECT number, outcome, count(*) FROM complaint_stage WHERE "
                "responded_on BETWEEN ? AND ? GROUP BY number, outcome", s, e):
            outcomes[(number, outcome)] = n
        for number in set(received) | set(closed) | set(m.by_stage):
            sm = m.by_stage.get(number)
            assert sm is not None, (q, number)
            assert sm.received == received.get(number, 0), (q, number)
            assert sm.closed == closed.get(number, 0), (q, number)
            for outcome, n in sm.outcomes.items():
                assert n == outcomes[(number, outcome)], (q, number, outcome)
        by_proc = dict(((code, n), c) for code, n, c in rows(
            demo_sqlite, "SELECT p.code, s.number, count(*) FROM complaint_stage s "
            "JOIN complaint c ON c.id = s.complaint_id JOIN complaint_procedure p "
            "ON p.id = c.procedure_id WHERE s.received_on BETWEEN ? AND ? "
            "GROUP BY p.code, s.number", s, e))
        for code, stages in m.by_procedure.items():
            for number, sm in stages.items():
                assert sm.received == by_proc.get((code, number), 0)
        escalations = {n: c for n, c in received.items() if n >= 2}
        assert m.escalations == escalations
        assert m.by_stage[1].escalated_to_next == received.get(2, 0)
        new = rows(demo_sqlite, "SELECT count(*) FROM (SELECT complaint_id, min(received_on) AS "
                   "f FROM complaint_stage GROUP BY complaint_id) WHERE f BETWEEN ? AND ?", s, e)
        assert m.complaints_received == new[0][0]
        total_received += m.complaints_received
        open_at_end = rows(demo_sqlite, "SELECT count(*) FROM complaint_stage WHERE "
                           "received_on <= ? AND (responded_on IS NULL OR responded_on > ?)",
                           e, e)[0][0]
        assert m.open_at_end == open_at_end
    assert total_received == rows(demo_sqlite, "SELECT count(*) FROM complaint")[0][0]


def test_timeliness_and_working_days_recomputed_with_the_calendar(demo, demo_sqlite):
    days = response_days(demo_sqlite)
    stages = rows(demo_sqlite, STAGES)
    checked = 0
    for q in demo_quarters(demo_sqlite):
        m = cm.quarter_measures(demo, VIEWER, q)
        base, in_time, in_ext, taken = Counter(), Counter(), Counter(), {}
        for code, number, rec, resp, outcome, ext, _p, _m in stages:
            rec, resp, ext = d(rec), d(resp), d(ext)
            if resp is None or resp not in q or outcome == "withdrawn":
                continue
            due = CAL.deadline(rec, days[(code, number)])
            base[number] += 1
            in_time[number] += resp <= due
            in_ext[number] += resp <= (ext or due)
            deemed = rec if CAL.is_working_day(rec) else CAL.next_working_day(rec)
            taken.setdefault(number, []).append(CAL.working_days_between(deemed, resp))
        for number, sm in m.by_stage.items():
            assert sm.timeliness_base == base[number]
            assert sm.within_timescale == in_time[number], (q, number)
            assert sm.within_extended_timescale == in_ext[number], (q, number)
            if base[number]:
                assert sm.pct_within_timescale == round(100 * in_time[number] / base[number], 1)
                assert sm.pct_within_extended_timescale == round(
                    100 * in_ext[number] / base[number], 1)
                assert sm.avg_working_days == round(sum(taken[number]) / len(taken[number]), 1)
                checked += 1
            else:
                assert sm.pct_within_timescale is None and sm.avg_working_days is None
    assert checked >= 15
    # The demo has late and extended responses, so the figures are not all 100%.
    year = cm.annual_report(demo, VIEWER, 2024)
    assert year.by_stage[1].within_timescale < year.by_stage[1].within_extended_timescale
    assert year.by_stage[1].within_extended_timescale < year.by_stage[1].timeliness_base


def test_themes_service_areas_and_ombudsman_match_sql(demo, demo_sqlite):
    q = FinancialQuarter(2025, 2)
    m = cm.quarter_measures(demo, VIEWER, q)
    s, e = q.start.isoformat(), q.end.isoformat()
    first = ("SELECT c.id, c.feedback_id FROM complaint c JOIN (SELECT complaint_id, "
             "min(received_on) AS f FROM complaint_stage GROUP BY complaint_id) x "
             "ON x.complaint_id = c.id WHERE x.f BETWEEN ? AND ?")
    areas = dict(rows(demo_sqlite, f"SELECT coalesce(r.label, '{cm.NO_AREA}'), count(*) "
                      f"FROM ({first}) n JOIN feedback f ON f.id = n.feedback_id "
                      "LEFT JOIN reference_item r ON r.id = f.service_area_id GROUP BY 1", s, e))
    assert m.by_service_area == areas and sum(areas.values()) == m.complaints_received
    themes = dict(rows(demo_sqlite, "SELECT coalesce(p.name, t.name), "
                       "count(DISTINCT ft.feedback_id) FROM feedback_theme ft "
                       "JOIN theme t ON t.id = ft.theme_id LEFT JOIN theme p ON p.id = t.parent_id "
                       f"WHERE ft.status != 'rejected' AND ft.feedback_id IN (SELECT feedback_id "
                       f"FROM ({first})) GROUP BY 1", s, e))
    assert m.by_theme == themes and themes
    assert list(m.by_theme.values()) == sorted(m.by_theme.values(), reverse=True)
    for q in demo_quarters(demo_sqlite):
        m = cm.quarter_measures(demo, VIEWER, q)
        s, e = q.start.isoformat(), q.end.isoformat()
        assert m.ombudsman_referrals == rows(
            demo_sqlite, "SELECT count(*) FROM complaint WHERE ombudsman_referred_on "
            "BETWEEN ? AND ?", s, e)[0][0]
        findings = dict(rows(demo_sqlite, "SELECT ombudsman_decision, count(*) FROM complaint "
                             "WHERE ombudsman_decided_on BETWEEN ? AND ? GROUP BY 1", s, e))
        assert {k: v for k, v in m.ombudsman_findings.items() if v} == findings


def test_compliments_by_team_theme_and_thanks(demo, demo_sqlite):
    q = FinancialQuarter(2025, 3)
    m = cm.compliment_measures(demo, VIEWER, q)
    s, e = q.start.isoformat(), q.end.isoformat()
    where = "f.kind = 'compliment' AND f.received_on BETWEEN ? AND ?"
    assert m.received == rows(demo_sqlite, f"SELECT count(*) FROM feedback f WHERE {where}",
                              s, e)[0][0] > 10
    teams = dict(rows(demo_sqlite, f"SELECT coalesce(r.label, '{cm.NO_TEAM}'), count(*) "
                      "FROM feedback f LEFT JOIN compliment c ON c.feedback_id = f.id "
                      "LEFT JOIN reference_item r ON r.id = coalesce(c.praised_team_id, f.team_id) "
                      f"WHERE {where} GROUP BY 1", s, e))
    assert m.by_team == teams
    themes = dict(rows(demo_sqlite, "SELECT coalesce(p.name, t.name), "
                       "count(DISTINCT ft.feedback_id) FROM feedback_theme ft "
                       "JOIN feedback f ON f.id = ft.feedback_id JOIN theme t ON t.id = ft.theme_id "
                       "LEFT JOIN theme p ON p.id = t.parent_id "
                       f"WHERE ft.status != 'rejected' AND {where} GROUP BY 1", s, e))
    assert m.by_theme == themes
    passed = rows(demo_sqlite, "SELECT f.received_on, c.thanks_passed_on FROM feedback f "
                  f"JOIN compliment c ON c.feedback_id = f.id WHERE {where} "
                  "AND c.thanks_passed_on IS NOT NULL", s, e)
    assert m.thanks_passed_on == len(passed) and m.awaiting_thanks == m.received - len(passed)
    gaps = [(d(t) - d(r)).days for r, t in passed]
    assert m.avg_days_to_pass_on == round(sum(gaps) / len(gaps), 1)


def test_annual_report_adds_up(demo, demo_sqlite):
    report = cm.annual_report(demo, VIEWER, 2025)
    quarters = [cm.quarter_measures(demo, VIEWER, FinancialQuarter(2025, n)) for n in range(1, 5)]
    assert report.year_label == "2025-26"
    assert report.received_by_quarter == {f"Q{n}": quarters[n - 1].complaints_received
                                          for n in range(1, 5)}
    assert report.complaints_received == sum(q.complaints_received for q in quarters)
    for number, sm in report.by_stage.items():
        assert sm.received == sum(q.by_stage[number].received for q in quarters
                                  if number in q.by_stage)
        assert sm.within_timescale == sum(q.by_stage[number].within_timescale for q in quarters
                                          if number in q.by_stage)
    assert report.outcomes == {o: sum(q.outcomes[o] for q in quarters) for o in report.outcomes}
    cases = rows(demo_sqlite, "SELECT reference FROM complaint WHERE ombudsman_decided_on "
                 "BETWEEN '2025-04-01' AND '2026-03-31' ORDER BY ombudsman_decided_on, reference")
    assert [c.reference for c in report.ombudsman_cases] == [r for (r,) in cases]
    assert sum(report.ombudsman_decisions.values()) == len(cases)
    learning = {t for (t,) in rows(
        demo_sqlite, "SELECT DISTINCT lp.text FROM learning_point lp JOIN complaint_stage s "
        "ON s.complaint_id = lp.complaint_id AND s.number = lp.stage_number "
        "WHERE s.responded_on BETWEEN '2025-04-01' AND '2026-03-31'")}
    assert set(report.learning_points) == learning and learning
    assert report.compliments_received == rows(
        demo_sqlite, "SELECT count(*) FROM feedback WHERE kind = 'compliment' AND received_on "
        "BETWEEN '2025-04-01' AND '2026-03-31'")[0][0]
    decided = report.outcomes["upheld"] + report.outcomes["partially_upheld"] + \
        report.outcomes["not_upheld"]
    assert report.upheld_share == round(
        100 * (report.outcomes["upheld"] + report.outcomes["partially_upheld"]) / decided, 1)


# ------------------------------------------------------------------------------ known cases


def _complaint(db, received: date, procedure: str, start_stage: int = 1):
    with db.session() as s:
        area = s.scalar(select(ReferenceItem.id).where(ReferenceItem.code == "send_ehc"))
        fb = Feedback(kind=RecordKind.COMMENT.value, received_on=received, text="x",
                      service_area_id=area)
        s.add(fb)
        s.flush()
        fid = fb.id
    return svc.log_complaint_from_feedback(db, MANAGER, fid, procedure_code=procedure,
                                           start_stage=start_stage, today=date(2024, 12, 31))


def _close(db, c, on: date, outcome: str = "not_upheld", ack: date | None = None):
    if c.current_stage.acknowledge_due is not None:
        c = svc.acknowledge_stage(db, MANAGER, c.id, c.version, ack or c.received_on,
                                  today=date(2024, 12, 31))
    return svc.respond_to_stage(db, MANAGER, c.id, c.version, on, outcome,
                                today=date(2024, 12, 31))


def test_definitions_on_known_cases(database):
    today = date(2024, 12, 31)
    cal = CAL
    r = date(2024, 7, 1)  # Monday; statutory stage 1 due Monday 15 July
    on_time = _close(database, _complaint(database, r, "statutory_csc"), date(2024, 7, 15))
    late = _close(database, _complaint(database, r, "statutory_csc"), date(2024, 7, 16))
    assert (on_time.current_stage.status, late.current_stage.status) == (
        "closed_in_time", "closed_late")
    ext = _complaint(database, r, "statutory_csc")
    ext = svc.extend_stage(database, MANAGER, ext.id, ext.version, date(2024, 7, 26), "Records",
                           agreed_on=date(2024, 7, 10), today=today)
    ext = _close(database, ext, date(2024, 7, 25))
    withdrawn = _complaint(database, r, "statutory_csc")
    svc.withdraw_complaint(database, MANAGER, withdrawn.id, withdrawn.version, date(2024, 7, 3),
                           today=today)
    paused = _complaint(database, r, "corporate_send")  # due Monday 15 July
    paused = svc.pause_stage(database, MANAGER, paused.id, paused.version, date(2024, 7, 8),
                             "Waiting for consent", today=today)
    paused = svc.resume_stage(database, MANAGER, paused.id, paused.version, date(2024, 7, 10),
                              today=today)  # 2 working days stopped: due Wednesday 17 July
    paused = _close(database, paused, date(2024, 7, 17), "upheld")
    assert paused.current_stage.status == "closed_in_time"

    m = cm.quarter_measures(database, VIEWER, FinancialQuarter(2024, 2))
    s1 = m.by_stage[1]
    assert (s1.received, s1.closed, s1.timeliness_base) == (5, 5, 4)  # withdrawn left out
    assert s1.within_timescale == 2  # on_time, paused
    assert s1.within_extended_timescale == 3  # + ext
    assert s1.extended == 1
    assert (s1.pct_within_timescale, s1.pct_within_extended_timescale) == (50.0, 75.0)
    # 10, 11, 18 working days; the paused one 12 less 2 paused days = 10.
    assert s1.avg_working_days == round((10 + 11 + 18 + 10) / 4, 1)
    assert s1.outcomes["withdrawn"] == 1 and s1.outcomes["upheld"] == 1
    assert m.upheld_share == 25.0
    assert m.by_procedure["corporate_send"][1].within_timescale == 1
    assert m.complaints_received == 5

    # Statutory stage 3: the panel met late, the final response met its (chained) deadline.
    panel = _complaint(database, date(2024, 7, 1), "statutory_csc", start_stage=3)
    panel_due = panel.current_stage.milestones[0].due
    late_panel = cal.add_working_days(panel_due, 2)
    panel = svc.record_stage_milestone(database, MANAGER, panel.id, panel.version, "panel",
                                       late_panel, today=today)
    findings = cal.add_working_days(late_panel, 5)
    panel = svc.record_stage_milestone(database, MANAGER, panel.id, panel.version, "findings",
                                       findings, today=today)
    answered = cal.add_working_days(findings, 15)
    panel = svc.respond_to_stage(database, MANAGER, panel.id, panel.version, answered,
                                 "not_upheld", today=today)
    assert panel.current_stage.status == "closed_late"
    assert answered <= panel.current_stage.on_time_due  # the stored due date alone says "in time"
    q = FinancialQuarter.containing(answered)
    s3 = cm.quarter_measures(database, VIEWER, q).by_stage[3]
    assert (s3.closed, s3.within_timescale, s3.within_extended_timescale) == (1, 0, 0)


def test_empty_quarter_has_zeros_not_errors(database):
    m = cm.quarter_measures(database, VIEWER, FinancialQuarter(2019, 1))
    assert m.complaints_received == 0 and m.by_stage[1].pct_within_timescale is None
    assert m.by_theme == {} and m.upheld_share is None
    c = cm.compliment_measures(database, VIEWER, FinancialQuarter(2019, 1))
    assert c.received == 0 and c.avg_days_to_pass_on is None
    a = cm.annual_report(database, VIEWER, 2019)
    assert a.learning_points == () and a.ombudsman_cases == ()
