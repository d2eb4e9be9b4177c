"""Property: whatever bytes arrive in a "CSV", the importer either imports (and the database
grows by exactly what it reports) or refuses with a plain VoiceappError, leaving every table
exactly as it was. Never a crash, never a partial import."""

from __future__ import annotations

import csv
import io
import shutil

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from voiceapp.db.engine import open_database
from voiceapp.db.models import (
    AuditEntry,
    Feedback,
    FeedbackTheme,
    ImportBatch,
    SafeguardingReview,
    Survey,
    SurveyAnswer,
    SurveyQuestion,
    SurveyResponse,
)
from voiceapp.domain.enums import UserRole
from voiceapp.errors import VoiceappError
from voiceapp.services import imports
from voiceapp.services.context import Actor

OFFICER = Actor(None, "officer", UserRole.OFFICER)
TABLES = (Feedback, FeedbackTheme, SafeguardingReview, Survey, SurveyQuestion, SurveyResponse,
          SurveyAnswer, ImportBatch, AuditEntry)

HEADERS = ["Timestamp", "Date", "Response ID", "ID", "Email", "Name", "kind", "received_on",
           "text", "Comments", "How satisfied are you? (1-5)", "Which best describes you?",
           "Can we quote you?", "Where do you live?", "How old are you?", "Service",
           "Respondent ID", "Collector ID", "Start time", "Completion time", "Started", "Ended",
           "", "=cmd|' /C calc'!A0"]
CELLS = st.one_of(
    st.text(max_size=40),
    st.sampled_from(["03/04/2024", "2024-04-03", "31/02/2024", "04/25/2024", "3 April 2024",
                     "01/01/2099", "Yes", "No", "I agree", "Very satisfied", "5", "11", "-3",
                     "Parent", "Foster carer", "Wrenfold", "11-15", "compliment", "complaint",
                     "survey_response", "£15 “quoted”", "=1+1", "", " ", "\n", "\x00", "\r"]),
    st.integers(-5, 100_000).map(str),
)


@st.composite
def csv_files(draw) -> bytes:
    if draw(st.booleans()) and draw(st.booleans()):
        return draw(st.binary(max_size=400))  # arbitrary bytes, a quarter of the time
    headers = draw(st.lists(st.sampled_from(HEADERS), min_size=1, max_size=6))
    rows = draw(st.lists(st.lists(CELLS, min_size=0, max_size=len(headers) + 2), max_size=6))
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=draw(st.sampled_from([",", ";", "\t"])))
    writer.writerow(headers)
    writer.writerows(rows)
    text = buf.getvalue()
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16"]))
    data = text.encode(encoding, errors="replace")
    if draw(st.integers(0, 9)) == 0:
        data = data[:draw(st.integers(0, len(data)))]  # cut off mid-row
    return data


@pytest.fixture(scope="module")
def prop_db(tmp_path_factory, sqlite_template):
    path = tmp_path_factory.mktemp("property") / "voiceapp.sqlite"
    shutil.copyfile(sqlite_template, path)
    db = open_database(path)
    yield db
    db.dispose()


def _counts(db) -> dict[str, int]:
    with db.read_session() as s:
        return {m.__tablename__: s.scalar(select(func.count()).select_from(m)) for m in TABLES}


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=csv_files(), survey=st.sampled_from([None, "Property survey"]))
def test_random_files_never_crash_or_half_import(prop_db, tmp_path_factory, data, survey):
    path = tmp_path_factory.mktemp("f") / "random.csv"
    path.write_bytes(data)
    before = _counts(prop_db)
    try:
        result = imports.import_file(prop_db, OFFICER, path, survey=survey,
                                     edition="1" if survey else None)
    except VoiceappError as exc:
        assert exc.message.strip()
        assert _counts(prop_db) == before
        return
    after = _counts(prop_db)
    assert after["feedback"] - before["feedback"] == result.feedback_created
    if result.survey is not None:
        assert after["survey_response"] - before["survey_response"] == result.imported
    assert result.imported + result.errors <= result.rows_read
    if result.imported == 0:
        for table in ("feedback", "feedback_theme", "survey_response", "survey_answer"):
            assert after[table] == before[table], table
    # Exactly one batch and one audit entry per import that got as far as writing.
    assert after["import_batch"] == before["import_batch"] + 1
    assert after["audit_log"] == before["audit_log"] + 1
