"""The demo database is how users and reviewers first see voiceapp: check that it has the
volumes and trends DOMAIN.md section 9 describes, computed from the data, not assumed."""

import sqlite3
from collections import Counter
from datetime import date

import pytest

from voiceapp.cli import main
from voiceapp.domain.enums import ActionStatus, RecordKind
from voiceapp.domain.quarters import FinancialQuarter
from voiceapp.services.demo import build_demo


@pytest.fixture(scope="module")
def con(demo_sqlite):
    c = sqlite3.connect(f"file:{demo_sqlite}?mode=ro", uri=True)
    yield c
    c.close()


def fq(iso: str) -> FinancialQuarter:
    return FinancialQuarter.containing(date.fromisoformat(iso))


def quarterly(con, sql: str) -> dict[FinancialQuarter, int]:
    counts: Counter = Counter()
    for (day,) in con.execute(sql):
        counts[fq(day)] += 1
    return counts


def test_three_full_financial_years_and_every_kind(con):
    first, last = con.execute("SELECT min(received_on), max(received_on) FROM feedback").fetchone()
    assert fq(first) == FinancialQuarter(2023, 1)  # three years before 2026-27
    assert fq(last) == FinancialQuarter(2026, 3)
    kinds = {k for (k,) in con.execute("SELECT DISTINCT kind FROM feedback")}
    assert kinds == {k.value for k in RecordKind}


def test_compliments_rise_and_complaints_upheld_share_falls(con):
    per_q = quarterly(con, "SELECT received_on FROM feedback WHERE kind = 'compliment'")
    full_years = [sum(n for q, n in per_q.items() if q.year_start == y) for y in (2023, 2024, 2025)]
    assert full_years[0] < full_years[1] < full_years[2], full_years
    share = {}
    for year in (2023, 2025):
        upheld, total = con.execute(
            "SELECT sum(outcome = 'upheld'), count(*) FROM complaint_stage "
            "WHERE outcome IS NOT NULL AND received_on BETWEEN ? AND ?",
            (f"{year}-04-01", f"{year + 1}-03-31")).fetchone()
        share[year] = upheld / total
    assert share[2023] > share[2025] + 0.03, share


def test_complaints_move_through_stages_with_late_and_extended_cases(con):
    by_stage = dict(con.execute("SELECT number, count(*) FROM complaint_stage GROUP BY number"))
    assert by_stage[1] > by_stage[2] > 0
    extended = con.execute("SELECT count(*) FROM complaint_stage WHERE extended_to IS NOT NULL"
                           ).fetchone()[0]
    late = con.execute("SELECT count(*) FROM complaint_stage WHERE responded_on > "
                       "coalesce(extended_to, due_on)").fetchone()[0]
    open_now = con.execute("SELECT count(*) FROM complaint WHERE is_open").fetchone()[0]
    ombudsman = con.execute("SELECT count(*) FROM complaint WHERE ombudsman_referred_on IS NOT NULL"
                            ).fetchone()[0]
    assert extended > 0 and late > 0 and open_now > 0 and ombudsman > 0


def test_surveys_events_and_actions(con):
    editions = con.execute(
        "SELECT e.name, count(r.id) FROM survey_edition e JOIN survey_response r "
        "ON r.edition_id = e.id GROUP BY e.id").fetchall()
    assert len(editions) >= 4
    assert all(n >= 50 for _, n in editions), editions  # scaled down with --records 3000
    attendance = con.execute("SELECT count(DISTINCT event_id), sum(count) FROM event_attendance"
                             ).fetchone()
    assert attendance[0] >= 100 and attendance[1] > 1000
    statuses = {s for (s,) in con.execute("SELECT DISTINCT current_status FROM yswd_action")}
    assert statuses == {s.value for s in ActionStatus}
    history = con.execute("SELECT min(n) FROM (SELECT count(*) n FROM yswd_status "
                          "GROUP BY action_id)").fetchone()[0]
    multi = con.execute("SELECT count(*) FROM (SELECT action_id FROM yswd_status "
                        "GROUP BY action_id HAVING count(*) > 1)").fetchone()[0]
    assert history >= 1 and multi > 0


def test_every_text_record_has_sentiment_and_a_theme(con):
    missing_sentiment = con.execute(
        "SELECT count(*) FROM feedback WHERE text != '' AND sentiment_label IS NULL").fetchone()[0]
    missing_theme = con.execute(
        "SELECT count(*) FROM feedback f WHERE text != '' AND NOT EXISTS "
        "(SELECT 1 FROM feedback_theme t WHERE t.feedback_id = f.id)").fetchone()[0]
    labels = dict(con.execute("SELECT sentiment_label, count(*) FROM feedback GROUP BY 1"))
    assert missing_sentiment == 0 and missing_theme == 0
    assert set(labels) == {"positive", "neutral", "negative"}


def test_safeguarding_flags_have_handling_and_some_await_a_decision(con):
    flagged = con.execute("SELECT count(*) FROM feedback WHERE safeguarding_flag").fetchone()[0]
    reviews = con.execute("SELECT count(*), sum(decision IS NULL), "
                          "sum(decision IS NOT NULL AND decided_by_id IS NOT NULL) "
                          "FROM safeguarding_review").fetchone()
    assert flagged == reviews[0] > 0
    assert reviews[1] >= 1
    assert reviews[2] == reviews[0] - reviews[1]


def test_demo_users_and_texts_are_varied(con):
    users = {u for (u,) in con.execute("SELECT username FROM app_user WHERE is_demo_password")}
    assert {"admin", "manager", "officer", "viewer"} <= users
    texts = [t for (t,) in con.execute("SELECT text FROM feedback WHERE kind != 'event_note'")]
    assert len(set(texts)) / len(texts) > 0.9


def test_same_seed_same_database(tmp_path):
    def digest(path):
        c = sqlite3.connect(path)
        rows = c.execute("SELECT kind, received_on, text FROM feedback ORDER BY id").fetchall()
        c.close()
        return rows

    end = date(2026, 11, 20)
    build_demo(str(tmp_path / "a.sqlite"), seed=3, records=400, end=end)
    build_demo(str(tmp_path / "b.sqlite"), seed=3, records=400, end=end)
    assert digest(tmp_path / "a.sqlite") == digest(tmp_path / "b.sqlite")


def test_demo_refuses_to_overwrite_without_force(tmp_path, capsys):
    target = tmp_path / "demo.sqlite"
    target.write_bytes(b"")
    assert main(["demo", "--db", str(target), "--records", "200"]) == 2
    assert "already exists" in capsys.readouterr().err
    assert target.read_bytes() == b""


def test_demo_on_postgresql(pg_server):
    import psycopg

    with psycopg.connect(host="127.0.0.1", port=pg_server.port, user=pg_server.user,
                         dbname="postgres", autocommit=True) as c:
        c.execute("CREATE DATABASE demo_pg")
    summary = build_demo(pg_server.url("demo_pg"), seed=5, records=600, end=date(2026, 11, 20))
    assert summary.records >= 550
    from voiceapp.db.engine import open_database
    from voiceapp.db.migrations import schema_differences

    db = open_database(pg_server.url("demo_pg"))
    with db.engine.connect() as conn:
        assert schema_differences(conn) == []
        n = conn.exec_driver_sql(
            "SELECT count(*) FROM feedback WHERE to_tsvector('english', text) @@ "
            "plainto_tsquery('english', 'waiting')").scalar()
        assert n > 0
    db.dispose()
