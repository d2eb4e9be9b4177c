"""Importing survey exports and the voiceapp template, on SQLite and PostgreSQL.

Expected counts are computed from the fixture files themselves (read here with the csv module
or openpyxl, independently of the importer) and compared with SQL counts of what was written."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import func, select, text

from voiceapp.cli import main
from voiceapp.db.models import (
    AuditEntry,
    Compliment,
    Feedback,
    FeedbackTheme,
    ImportBatch,
    ImportMapping,
    SafeguardingReview,
    Survey,
    SurveyAnswer,
    SurveyEdition,
    SurveyQuestion,
    SurveyResponse,
)
from voiceapp.domain.enums import UserRole
from voiceapp.errors import PermissionDenied, ValidationError, VoiceappError
from voiceapp.services import imports
from voiceapp.services.context import Actor
from voiceapp.services.importers import Field
from voiceapp.services.importers.reading import ImportFileError

DATA = Path(__file__).parents[1] / "data" / "imports"
OFFICER = Actor(None, "officer", UserRole.OFFICER)
VIEWER = Actor(None, "viewer", UserRole.BOARD_VIEWER)
TABLES = (Feedback, FeedbackTheme, SafeguardingReview, Compliment, Survey, SurveyEdition,
          SurveyQuestion, SurveyResponse, SurveyAnswer, ImportBatch, ImportMapping, AuditEntry)


def counts(db) -> dict[str, int]:
    with db.read_session() as s:
        return {m.__tablename__: s.scalar(select(func.count()).select_from(m)) for m in TABLES}


def csv_rows(name: str, encoding: str = "utf-8", header_rows: int = 1) -> list[list[str]]:
    with open(DATA / name, encoding=encoding, newline="") as fh:
        rows = list(csv.reader(fh))
    return [r for r in rows[header_rows:] if any(c.strip() for c in r)]


# --------------------------------------------------------------------------- each layout


def test_google_forms_import_counts_answers_and_analysis(database):
    rows = csv_rows("google_forms_youth_voice_2025.csv")
    with_text = [r for r in rows if r[4].strip() or r[5].strip()]
    before = counts(database)
    result = imports.import_file(database, OFFICER, DATA / "google_forms_youth_voice_2025.csv",
                                 survey="Youth voice survey", edition="2025")
    assert (result.imported, result.duplicates, result.errors) == (len(rows), 0, 0)
    assert result.summary_line == f"imported {len(rows)}, duplicates skipped 0, errors 0"
    with database.read_session() as s:
        edition = s.scalar(select(SurveyEdition.id).join(Survey)
                           .where(Survey.name == "Youth voice survey",
                                  SurveyEdition.name == "2025"))
        assert edition is not None
        assert s.scalar(select(func.count()).select_from(SurveyResponse)
                        .where(SurveyResponse.edition_id == edition)) == len(rows)
        fb = s.execute(select(Feedback.kind, Feedback.sentiment_label, Feedback.text,
                              Feedback.age_band, Feedback.consent_quote)
                       .where(Feedback.import_batch_id == result.batch_id)).all()
        assert len(fb) == len(with_text) == result.feedback_created
        assert {f.kind for f in fb} == {"survey_response"}
        assert all(f.sentiment_label in ("positive", "neutral", "negative") for f in fb)
        assert all(f.age_band in ("11-15", "16-17", "18-25") for f in fb)
        consented = sum(1 for r in rows if r[6] == "Yes" and (r[4].strip() or r[5].strip()))
        assert sum(f.consent_quote for f in fb) == consented
        # Every text record carries at least one suggested theme.
        themed = s.scalar(select(func.count(func.distinct(FeedbackTheme.feedback_id)))
                          .join(Feedback).where(Feedback.import_batch_id == result.batch_id))
        assert themed == len(fb)
        # Ratings and both free-text questions are survey answers with question keys.
        ratings = s.scalars(select(SurveyAnswer.rating).join(SurveyQuestion)
                            .where(SurveyQuestion.edition_id == edition,
                                   SurveyQuestion.qtype == "rating")).all()
        assert sorted(ratings) == sorted(int(r[3]) for r in rows)
        texts = s.scalar(select(func.count()).select_from(SurveyAnswer).join(SurveyQuestion)
                         .where(SurveyQuestion.edition_id == edition,
                                SurveyQuestion.qtype == "text"))
        assert texts == sum(bool(r[4].strip()) + bool(r[5].strip()) for r in rows)
        keys = set(s.scalars(select(SurveyQuestion.key)
                             .where(SurveyQuestion.edition_id == edition)))
    assert "what_is_the_best_thing_about_your_youth_club" in keys
    after = counts(database)
    assert after["audit_log"] == before["audit_log"] + 1
    assert after["import_batch"] == before["import_batch"] + 1


def test_microsoft_forms_xlsx_with_likert_ratings_names_and_safeguarding(database):
    ws = openpyxl.load_workbook(DATA / "msforms_parent_carer_survey_2024.xlsx").active
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    result = imports.import_file(database, OFFICER,
                                 DATA / "msforms_parent_carer_survey_2024.xlsx")
    assert result.layout == "microsoft_forms"
    assert (result.imported, result.errors) == (len(rows), 0)
    assert result.safeguarding_flagged >= 1
    with database.read_session() as s:
        fb = s.execute(select(Feedback.respondent_name, Feedback.respondent_contact,
                              Feedback.anonymous, Feedback.consent_contact, Feedback.text)
                       .where(Feedback.import_batch_id == result.batch_id)).all()
        named = [f for f in fb if f.respondent_name]
        # Forms writes "anonymous" in the Email column of anonymous responses.
        assert all(f.respondent_contact != "anonymous" for f in fb)
        assert all(not f.anonymous for f in named) and any(f.anonymous for f in fb)
        flagged = s.scalar(select(func.count()).select_from(SafeguardingReview)
                           .join(Feedback).where(Feedback.import_batch_id == result.batch_id,
                                                 SafeguardingReview.decision.is_(None)))
        assert flagged == result.safeguarding_flagged
        likert = s.execute(select(SurveyAnswer.rating, SurveyQuestion.scale_max)
                           .join(SurveyQuestion)
                           .where(SurveyQuestion.key.like("how_satisfied%"))).all()
    expected = {"Very satisfied": 5, "Satisfied": 4, "Neither satisfied nor dissatisfied": 3,
                "Dissatisfied": 2, "Very dissatisfied": 1}
    assert sorted(r for r, _ in likert) == sorted(expected[r[7]] for r in rows)
    assert {m for _, m in likert} == {5}


@pytest.mark.parametrize("name", ["surveymonkey_send_survey_2024.csv",
                                  "surveymonkey_send_survey_2024.xlsx"])
def test_surveymonkey_two_header_rows(database, name):
    result = imports.import_file(database, OFFICER, DATA / name)
    rows = csv_rows("surveymonkey_send_survey_2024.csv", "cp1252", header_rows=2)
    assert result.layout == "surveymonkey"
    assert (result.imported, result.errors) == (len(rows), 0)
    with database.read_session() as s:
        ext = set(s.scalars(select(SurveyResponse.external_id)))
        texts = s.scalars(select(Feedback.text)
                          .where(Feedback.import_batch_id == result.batch_id)).all()
        choice_q = s.scalars(select(SurveyQuestion.text)
                             .where(SurveyQuestion.qtype == "choice")).all()
    assert ext == {r[0] for r in rows}  # the Respondent ID is the external id
    # Windows-1252 pound signs and curly quotes survive the CSV; the XLSX has them too.
    assert any("£450" in t for t in texts)
    assert any("“managed”" in t for t in texts)
    assert any(q.endswith("— SENDIASS") for q in choice_q)


def test_smartsurvey_bom_csv(database):
    rows = csv_rows("smartsurvey_short_breaks_2023.csv", "utf-8-sig")
    result = imports.import_file(database, OFFICER, DATA / "smartsurvey_short_breaks_2023.csv")
    assert result.encoding == "UTF-8 with BOM"
    assert (result.layout, result.imported) == ("smartsurvey", len(rows))
    assert (result.survey, result.edition) == ("Smartsurvey short breaks", "2023")
    with database.read_session() as s:
        quoted = s.scalar(select(func.count()).select_from(Feedback).where(
            Feedback.import_batch_id == result.batch_id, Feedback.consent_quote.is_(True)))
    assert quoted == sum(1 for r in rows if r[9] == "I agree")


def test_generic_windows_1252_semicolon_file(database):
    result = imports.import_file(database, OFFICER, DATA / "generic_event_feedback_cp1252.csv")
    assert (result.layout, result.encoding) == ("generic", "Windows-1252")
    rows = csv_rows("generic_event_feedback_cp1252.csv", "cp1252")
    assert result.imported == len(rows)
    with database.read_session() as s:
        texts = set(s.scalars(select(Feedback.text)
                              .where(Feedback.import_batch_id == result.batch_id)))
    assert "Parking cost £4.50, which put some families off." in texts
    assert "The “stay and play” session was lovely – thank you!" in texts


def test_voiceapp_template_kinds_and_compliment_rows(database):
    rows = csv_rows("voiceapp_template_sample.csv")
    result = imports.import_file(database, OFFICER, DATA / "voiceapp_template_sample.csv",
                                 survey="ignored")
    assert (result.imported, result.errors) == (len(rows), 0)
    assert result.survey is None and any("template" in n for n in result.notes)
    with database.read_session() as s:
        kinds = s.scalars(select(Feedback.kind)
                          .where(Feedback.import_batch_id == result.batch_id)).all()
        compliments = s.scalar(select(func.count()).select_from(Compliment).join(Feedback)
                               .where(Feedback.import_batch_id == result.batch_id))
        responses = s.scalar(select(func.count()).select_from(SurveyResponse))
    assert sorted(kinds) == sorted(r[0] for r in rows)
    assert compliments == sum(r[0] == "compliment" for r in rows)
    assert responses == 0


def test_template_refuses_complaints_and_unknown_codes(database, tmp_path):
    path = tmp_path / "t.csv"
    header = (DATA / "voiceapp_template_sample.csv").read_text(encoding="utf-8").splitlines()[0]
    header += "\n"
    path.write_text(header + "complaint,01/02/2024,email,parent_carer,send_ehc,,,,Late plan,"
                    "no,no,no,,\ncomment,02/02/2024,email,martian,send_ehc,,,,Fine,no,no,no,,\n",
                    encoding="utf-8")
    before = counts(database)
    result = imports.import_file(database, OFFICER, path)
    assert (result.imported, result.errors) == (0, 2)
    problems = {(p.row, p.column): p.problem for p in result.error_report}
    assert "Complaints page" in problems[(2, "kind")]
    assert "respondent role" in problems[(3, "respondent_role")]
    after = counts(database)
    assert after["feedback"] == before["feedback"]


# --------------------------------------------------------------------------- dry run, duplicates


def test_dry_run_writes_nothing(database):
    before = counts(database)
    result = imports.check_file(database, OFFICER, DATA / "malformed_wrong_types.csv")
    assert result.dry_run and result.errors == 5
    assert result.summary_line.endswith("(dry run: nothing was written)")
    assert [p.row for p in result.error_report] == [3, 4, 5, 6, 7]
    assert counts(database) == before


def test_reimport_adds_no_duplicates_and_says_so(database):
    first = imports.import_file(database, OFFICER, DATA / "smartsurvey_short_breaks_2023.csv")
    mid = counts(database)
    again = imports.import_file(database, OFFICER, DATA / "smartsurvey_short_breaks_2023.csv")
    assert (again.imported, again.duplicates) == (0, first.imported)
    assert again.previously_imported and "already in voiceapp" in again.message
    after = counts(database)
    for table in ("feedback", "survey_response", "survey_answer", "feedback_theme"):
        assert after[table] == mid[table], table
    # The attempt itself is recorded: one batch and one audit entry with the counts.
    assert after["audit_log"] == mid["audit_log"] + 1
    with database.read_session() as s:
        action, after_ = s.execute(select(AuditEntry.action, AuditEntry.after)
                                   .order_by(AuditEntry.id.desc()).limit(1)).one()
    assert action == "import" and after_["duplicates"] == first.imported


def test_same_responses_as_csv_then_xlsx_are_duplicates(database):
    imports.import_file(database, OFFICER, DATA / "surveymonkey_send_survey_2024.csv",
                        survey="SEND survey", edition="2024")
    again = imports.import_file(database, OFFICER, DATA / "surveymonkey_send_survey_2024.xlsx",
                                survey="SEND survey", edition="2024")
    assert again.imported == 0 and again.duplicates == 20


def test_overlapping_rows_only_new_ones_are_added(database):
    early = csv_rows("google_forms_youth_voice_2025.csv")
    later = csv_rows("google_forms_youth_voice_2025_later.csv")
    overlap = len({tuple(r) for r in early} & {tuple(r) for r in later})
    a = imports.import_file(database, OFFICER, DATA / "google_forms_youth_voice_2025.csv",
                            survey="Youth voice", edition="2025")
    b = imports.import_file(database, OFFICER, DATA / "google_forms_youth_voice_2025_later.csv",
                            survey="Youth voice", edition="2025")
    assert a.imported == len(early)
    assert (b.imported, b.duplicates) == (len(later) - overlap, overlap)
    with database.read_session() as s:
        total = s.scalar(select(func.count()).select_from(SurveyResponse))
    assert total == len({tuple(r) for r in early} | {tuple(r) for r in later})


# --------------------------------------------------------------------------- malformed files


@pytest.mark.parametrize("name, words", [
    ("empty.csv", "is empty"),
    ("headers_only.csv", "no rows of data"),
    ("binary_renamed.csv", "binary data"),
])
def test_unreadable_files_are_refused_plainly_and_change_nothing(database, name, words):
    before = counts(database)
    with pytest.raises(ImportFileError, match=words) as info:
        imports.import_file(database, OFFICER, DATA / name)
    assert info.value.hint
    assert counts(database) == before


def test_ragged_and_huge_rows_are_reported_by_row(database):
    ragged = imports.import_file(database, OFFICER, DATA / "malformed_ragged.csv")
    assert {p.row for p in ragged.error_report} == {3, 7}
    assert any(p.row == 4 and p.severity == "warning" for p in ragged.problems)
    assert ragged.imported == len(csv_rows("malformed_ragged.csv")) - 2
    huge = imports.import_file(database, OFFICER, DATA / "malformed_huge_cell.csv")
    (problem,) = huge.error_report
    assert problem.row == 3 and "20,000" in problem.problem
    assert len(problem.value) <= 200


def test_strict_mode_imports_nothing_when_a_row_is_wrong(database):
    before = counts(database)
    result = imports.import_file(database, OFFICER, DATA / "malformed_wrong_types.csv",
                                 strict=True)
    assert result.imported == 0 and result.errors == 5
    assert counts(database) == before


def test_us_dates_are_read_month_first_and_say_so(database):
    result = imports.import_file(database, OFFICER, DATA / "google_forms_us_dates.csv",
                                 survey="US", edition="2025")
    assert result.errors == 0 and any("month first" in n for n in result.notes)
    uk = csv_rows("google_forms_youth_voice_2025.csv")
    with database.read_session() as s:
        dates = sorted(s.scalars(select(SurveyResponse.submitted_on)))
    from datetime import datetime
    assert dates == sorted(datetime.strptime(r[0], "%d/%m/%Y %H:%M:%S").date() for r in uk)


# --------------------------------------------------------------------------- one transaction


class CancelAfter:
    """A task that asks to cancel after `n` checks (what the Cancel button does)."""

    class Cancelled(Exception):
        pass

    def __init__(self, n: int) -> None:
        self.n, self.calls, self.progress_seen = n, 0, []

    def check(self) -> None:
        self.calls += 1
        if self.calls > self.n:
            raise self.Cancelled()

    def progress(self, fraction: float, text: str = "") -> None:
        self.progress_seen.append(fraction)


def test_cancel_leaves_the_database_as_it_was(database, monkeypatch):
    monkeypatch.setattr(imports, "ANALYSE_CHUNK", 5)  # several chunks, so cancel lands mid-way
    before = counts(database)
    task = CancelAfter(6)
    with pytest.raises(CancelAfter.Cancelled):
        imports.import_file(database, OFFICER, DATA / "msforms_parent_carer_survey_2024.xlsx",
                            task=task)
    assert counts(database) == before
    # The full-text index still follows new records (SQLite's trigger was restored).
    result = imports.import_file(database, OFFICER, DATA / "generic_event_feedback_cp1252.csv")
    assert result.imported == 12
    if database.is_sqlite:
        with database.read_session() as s:
            hits = s.scalar(text("SELECT count(*) FROM feedback_fts WHERE feedback_fts "
                                 "MATCH 'parking'"))
            expected = s.scalar(select(func.count()).select_from(Feedback)
                                .where(Feedback.text.like("%Parking%")))
        assert hits == expected == 2


def test_a_failure_while_writing_rolls_everything_back(database, monkeypatch):
    real = imports._insert

    def failing(s, model, rows, task):
        if model is SurveyAnswer:
            raise RuntimeError("disk full")
        return real(s, model, rows, task)

    monkeypatch.setattr(imports, "_insert", failing)
    before = counts(database)
    with pytest.raises(RuntimeError, match="disk full"):
        imports.import_file(database, OFFICER, DATA / "smartsurvey_short_breaks_2023.csv")
    assert counts(database) == before


def test_board_viewer_cannot_import(database):
    with pytest.raises(PermissionDenied):
        imports.import_file(database, VIEWER, DATA / "smartsurvey_short_breaks_2023.csv")


# --------------------------------------------------------------------------- mappings


def test_saved_mapping_gives_next_edition_the_same_question_keys(database, tmp_path):
    preview = imports.preview_file(database, OFFICER, DATA / "google_forms_youth_voice_2025.csv")
    assert preview.layout == "google_forms" and len(preview.rows) == 20
    mapping = preview.mapping.with_column("Is there anything you would change?", Field.TEXT,
                                          key="change_one_thing")
    imports.save_mapping(database, OFFICER, "Youth voice", mapping)
    imports.import_file(database, OFFICER, DATA / "google_forms_youth_voice_2025.csv",
                        mapping="Youth voice", survey="Youth voice", edition="2025")
    # Next year's export has the columns in another order.
    rows = csv_rows("google_forms_youth_voice_2025.csv", header_rows=0)
    order = [0, 5, 1, 2, 3, 4, 6]
    nxt = tmp_path / "youth_voice_2026.csv"
    with open(nxt, "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows([[r[i] for i in order] for r in rows[:6]])
    assert [m.name for m in imports.saved_mappings(database, OFFICER)] == ["Youth voice"]
    result = imports.import_file(database, OFFICER, nxt, mapping="Youth voice",
                                 survey="Youth voice", edition="2026")
    assert result.imported == 5
    with database.read_session() as s:
        keys = s.execute(select(SurveyEdition.name, SurveyQuestion.key)
                         .join(SurveyEdition)).all()
    by_edition = {}
    for edition, key in keys:
        by_edition.setdefault(edition, set()).add(key)
    assert "change_one_thing" in by_edition["2025"]
    assert by_edition["2025"] == by_edition["2026"]


def test_mapping_from_a_json_file_and_bad_mappings(database, tmp_path):
    preview = imports.preview_file(database, OFFICER, DATA / "smartsurvey_short_breaks_2023.csv")
    path = tmp_path / "smartsurvey.json"
    path.write_text(preview.mapping.to_json(), encoding="utf-8")
    loaded = imports.load_mapping(database, OFFICER, str(path))
    assert loaded.to_dict() == preview.mapping.to_dict()
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"columns": [{"column": "x", "field": "nonsense"}]}))
    with pytest.raises(ValidationError, match="not a voiceapp import mapping"):
        imports.load_mapping(database, OFFICER, str(bad))
    with pytest.raises(VoiceappError, match="no saved import mapping"):
        imports.load_mapping(database, OFFICER, "No such mapping")
    # Two columns as the date: refused before anything is read into the database.
    two_dates = preview.mapping.with_column("Started", Field.DATE)
    before = counts(database)
    with pytest.raises(ValidationError, match="more than one column"):
        imports.import_file(database, OFFICER, DATA / "smartsurvey_short_breaks_2023.csv",
                            mapping=two_dates)
    assert counts(database) == before


def test_retrain_is_called_when_officers_have_confirmed_tags(database, monkeypatch):
    from voiceapp.services import learning

    calls = []
    monkeypatch.setattr(learning, "retrain", lambda db, **kw: calls.append(db))
    imports.import_file(database, OFFICER, DATA / "voiceapp_template_sample.csv")
    assert calls == []  # imported links are suggestions: nothing new to learn from
    with database.session() as s:
        s.execute(FeedbackTheme.__table__.update().values(status="confirmed"))
    imports.import_file(database, OFFICER, DATA / "smartsurvey_short_breaks_2023.csv")
    assert len(calls) == 1


# --------------------------------------------------------------------------- command line


def test_cli_summary_line_and_exit_codes(db_url, capsys, monkeypatch):
    monkeypatch.setenv("VOICEAPP_USER", "cli_officer")
    monkeypatch.setenv("VOICEAPP_PASSWORD", "correct horse")
    _add_user(db_url, "cli_officer", "correct horse", UserRole.OFFICER)
    f = str(DATA / "smartsurvey_short_breaks_2023.csv")
    rows = len(csv_rows("smartsurvey_short_breaks_2023.csv", "utf-8-sig"))

    assert main(["import", f, "--db", db_url, "--dry-run"]) == 0
    out = capsys.readouterr().out.strip().splitlines()
    assert out == [f"imported {rows}, duplicates skipped 0, errors 0 "
                   "(dry run: nothing was written)"]
    assert main(["import", f, "--db", db_url, "--survey", "Short breaks",
                 "--edition", "2023"]) == 0
    assert capsys.readouterr().out.strip() == f"imported {rows}, duplicates skipped 0, errors 0"
    assert main(["import", f, "--db", db_url, "--survey", "Short breaks",
                 "--edition", "2023"]) == 0
    assert capsys.readouterr().out.strip() == f"imported 0, duplicates skipped {rows}, errors 0"

    bad = str(DATA / "malformed_wrong_types.csv")
    assert main(["import", bad, "--db", db_url, "--strict"]) == 1
    captured = capsys.readouterr()
    assert captured.out.strip() == "imported 0, duplicates skipped 0, errors 5"
    assert 'Row 3, column "Timestamp"' in captured.err
    assert main(["import", str(DATA / "empty.csv"), "--db", db_url]) == 2
    assert "is empty" in capsys.readouterr().err


def _add_user(db_url, username, password, role):
    from voiceapp.db.engine import open_database
    from voiceapp.db.models import User
    from voiceapp.services.passwords import hash_password

    db = open_database(db_url)
    try:
        with db.session() as s:
            s.add(User(username=username, display_name=username.title(), role=role.value,
                       password_hash=hash_password(password)))
    finally:
        db.dispose()
