"""Reading survey exports without a database: layouts, encodings, dates, consent answers,
ratings and column auto-detection."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from pathlib import Path

import pytest

from voiceapp.services.importers import (
    Field,
    Layout,
    Mapping,
    Vocabulary,
    auto_map,
    parse_consent,
    parse_date,
    read_table,
)
from voiceapp.services.importers.mapping import question_key, scale_from_heading
from voiceapp.services.importers.reading import ImportFileError, decode
from voiceapp.services.importers.values import parse_age_band, parse_kind, parse_rating

DATA = Path(__file__).parents[1] / "data" / "imports"
TODAY = date(2026, 11, 20)


# --------------------------------------------------------------------------- layouts


@pytest.mark.parametrize("name, layout, encoding, rows", [
    ("msforms_parent_carer_survey_2024.xlsx", Layout.MICROSOFT_FORMS, "Excel workbook", 30),
    ("google_forms_youth_voice_2025.csv", Layout.GOOGLE_FORMS, "UTF-8", 25),
    ("surveymonkey_send_survey_2024.csv", Layout.SURVEYMONKEY, "Windows-1252", 20),
    ("surveymonkey_send_survey_2024.xlsx", Layout.SURVEYMONKEY, "Excel workbook", 20),
    ("smartsurvey_short_breaks_2023.csv", Layout.SMARTSURVEY, "UTF-8 with BOM", 18),
    ("voiceapp_template_sample.csv", Layout.TEMPLATE, "UTF-8", 5),
    ("generic_event_feedback_cp1252.csv", Layout.GENERIC, "Windows-1252", 12),
])
def test_layout_and_encoding_detected(name, layout, encoding, rows):
    table = read_table(DATA / name)
    assert (table.layout, table.encoding, len(table)) == (layout, encoding, rows)


def test_surveymonkey_second_header_row_is_folded_into_the_headings():
    table = read_table(DATA / "surveymonkey_send_survey_2024.csv")
    assert table.header_rows == 2
    assert "Respondent ID" in table.headers
    assert "I am a..." in table.headers  # "Response" under a question adds nothing
    ticks = [h for h in table.headers if h.startswith("Which of these have you used?")]
    assert ticks == [f"Which of these have you used? (tick all that apply) — {o}"
                     for o in ("Local Offer website", "SENDIASS", "Short breaks")]
    assert table.row_numbers[0] == 3  # data starts on the file's third row


def test_semicolon_delimiter_is_sniffed():
    table = read_table(DATA / "generic_event_feedback_cp1252.csv")
    assert table.delimiter == ";" and table.headers[0] == "Date"


def test_blank_rows_are_ignored_but_row_numbers_kept():
    data = "Timestamp,Comment\r\n01/02/2025 10:00:00,Good\r\n,\r\n\r\n02/02/2025 10:00:00,Bad\r\n"
    table = read_table(data.encode(), "blank.csv")
    assert len(table) == 2 and table.row_numbers == [2, 5]


# --------------------------------------------------------------------------- encodings


def test_encodings_keep_pound_signs_and_curly_quotes():
    text = "Comment\r\nIt cost £15 – “too much” for one session’s play\r\n"
    for encoding, label in (("utf-8", "UTF-8"), ("utf-8-sig", "UTF-8 with BOM"),
                            ("cp1252", "Windows-1252"), ("utf-16", "UTF-16")):
        decoded, found = decode(text.encode(encoding))
        assert (decoded, found) == (text, label)


def test_binary_and_undecodable_files_are_refused():
    with pytest.raises(ImportFileError, match="binary"):
        read_table((DATA / "binary_renamed.csv").read_bytes(), "photo.csv")
    # 0x81 is undefined in Windows-1252 and invalid alone in UTF-8.
    with pytest.raises(ImportFileError, match="cannot read the characters"):
        read_table(b"Comment\r\nbad \x81 byte\r\n", "odd.csv")
    with pytest.raises(ImportFileError, match="old-style Excel"):
        read_table(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "old.xls")
    with pytest.raises(ImportFileError, match="not a readable Excel"):
        read_table(b"PK\x03\x04 not really a zip", "broken.xlsx")


def test_empty_and_header_only_files():
    with pytest.raises(ImportFileError, match="empty"):
        read_table(b"  \r\n", "blank.csv")
    with pytest.raises(ImportFileError, match="no rows of data"):
        read_table(DATA / "headers_only.csv")


# --------------------------------------------------------------------------- dates


@pytest.mark.parametrize("value, expected", [
    ("03/04/2024", date(2024, 4, 3)),  # ambiguous: UK, 3 April
    ("3/4/24", date(2024, 4, 3)),
    ("03-04-2024 10:15", date(2024, 4, 3)),
    ("03.04.2024 09.30", date(2024, 4, 3)),
    ("25/12/2023 23:59:59", date(2023, 12, 25)),
    ("03/04/2024 10:15:22 PM", date(2024, 4, 3)),
    ("2024-04-03", date(2024, 4, 3)),
    ("2024-04-03T10:15:00Z", date(2024, 4, 3)),
    ("2024-04-03 10:15:00+01:00", date(2024, 4, 3)),
    ("3 April 2024", date(2024, 4, 3)),
    ("3rd Apr 2024", date(2024, 4, 3)),
    ("Wednesday, 3 April 2024 10:15", date(2024, 4, 3)),
    ("3-Apr-24", date(2024, 4, 3)),
    ("April 3, 2024", date(2024, 4, 3)),
    ("1 Sept 2025", date(2025, 9, 1)),
    (datetime(2024, 4, 3, 10, 15), date(2024, 4, 3)),
    (date(2024, 4, 3), date(2024, 4, 3)),
    (45385, date(2024, 4, 3)),  # an Excel serial number
])
def test_uk_and_iso_dates(value, expected):
    assert parse_date(value, today=TODAY) == expected


def test_month_first_is_never_silent():
    with pytest.raises(ValueError, match="month first"):
        parse_date("04/25/2024", today=TODAY)
    assert parse_date("04/25/2024", "mdy", today=TODAY) == date(2024, 4, 25)
    assert parse_date("04/05/2024", "mdy", today=TODAY) == date(2024, 4, 5)
    with pytest.raises(ValueError, match="day first"):
        parse_date("25/04/2024", "mdy", today=TODAY)


@pytest.mark.parametrize("value", ["31/02/2024", "next Tuesday", "", "2024-13-01", 12])
def test_not_dates(value):
    with pytest.raises(ValueError):
        parse_date(value, today=TODAY)


def test_two_digit_years_are_this_century_unless_far_future():
    assert parse_date("01/02/26", today=TODAY).year == 2026
    assert parse_date("01/02/99", today=TODAY).year == 1999


def test_us_column_is_noticed_and_reported_in_the_mapping():
    mapping = auto_map(read_table(DATA / "google_forms_us_dates.csv"))
    assert mapping.date_order == "mdy"
    assert any("month first" in n for n in mapping.notes)
    assert auto_map(read_table(DATA / "google_forms_youth_voice_2025.csv")).date_order == "dmy"


# --------------------------------------------------------------------------- values


@pytest.mark.parametrize("value, expected", [
    ("Yes", True), ("y", True), ("TRUE", True), ("1", True), (1, True), (True, True),
    ("I agree", True), ("I agree to my comments being quoted", True), ("Yes, you can quote me", True),
    ("I’m happy for you to use my words", True), ("✓", True),
    ("No", False), ("false", False), ("0", False), ("", False), (None, False),
    ("I do not agree", False), ("I don’t agree", False), ("No thanks", False),
    ("Prefer not to say", False),
    ("Maybe", None), ("Blue", None),
])
def test_consent_answers(value, expected):
    assert parse_consent(value) is expected


@pytest.mark.parametrize("value, expected", [
    (4, 4), ("4", 4), (4.0, 4), ("4 - Good", 4), ("5 stars", 5), ("10 - Extremely likely", 10),
    ("Very satisfied", 5), ("Strongly disagree", 1), ("Neither agree nor disagree", 3),
    ("Excellent", 5), ("Poor", 2),
])
def test_ratings(value, expected):
    assert parse_rating(value) == expected


@pytest.mark.parametrize("value", ["very", "11", 4.5, True, "Blue"])
def test_not_ratings(value):
    with pytest.raises(ValueError):
        parse_rating(value)


def test_age_bands_and_kinds():
    assert [parse_age_band(v) for v in ("11-15", "11 to 15", "Under 5", "16 or 17", "18+", 13,
                                        "7 years")] == \
        ["11-15", "11-15", "0-4", "16-17", "18-25", "11-15", "5-10"]
    with pytest.raises(ValueError):
        parse_age_band("ancient")
    assert parse_kind("Survey response") == "survey_response"
    assert parse_kind("COMPLIMENTS") == "compliment"
    with pytest.raises(ValueError, match="not a record kind"):
        parse_kind("grumble")


def test_vocabulary_matches_codes_labels_and_synonyms():
    v = Vocabulary.defaults()
    assert v.match("respondent_role", "parent_carer") == "parent_carer"
    assert v.match("respondent_role", "Parent/carer") == "parent_carer"
    assert v.match("respondent_role", "Foster carer") == "foster_carer"  # not "carer"
    assert v.match("respondent_role", "I am a grandparent") == "family_member"
    assert v.match("respondent_role", "I am a grandparent", exact=True) is None
    assert v.match("service_area", "CAMHS") == "emotional_wellbeing"
    assert v.match("district", "corrigan_heath") == "corrigan_heath"
    assert v.match("district", "Atlantis") is None


# --------------------------------------------------------------------------- auto-detection


def _fields(name: str) -> dict[str, tuple[Field, float]]:
    mapping = auto_map(read_table(DATA / name))
    return {c.column: (c.field, c.confidence) for c in mapping.columns}


def test_microsoft_forms_columns_detected_with_confidence():
    f = _fields("msforms_parent_carer_survey_2024.xlsx")
    assert f["ID"][0] is Field.RESPONSE_ID and f["ID"][1] > 0.9
    assert f["Completion time"][0] is Field.DATE
    assert f["Start time"][0] is Field.IGNORE
    assert f["Email"][0] is Field.RESPONDENT_CONTACT
    assert f["Name"][0] is Field.RESPONDENT_NAME
    assert f["Which best describes you?"][0] is Field.RESPONDENT_ROLE
    assert f["Which service have you mostly used this year?"][0] is Field.SERVICE_AREA
    assert f["How satisfied are you with the support your family received?"][0] is Field.RATING
    assert f["What has worked well?"][0] is Field.TEXT
    assert f["Can we contact you about your answers?"][0] is Field.CONSENT_CONTACT
    quote = next(k for k in f if k.startswith("Are you happy for us to quote"))
    assert f[quote][0] is Field.CONSENT_QUOTE
    assert all(0 < conf <= 1 for _, conf in f.values())


def test_generic_columns_detected_from_values():
    f = _fields("generic_event_feedback_cp1252.csv")
    assert f["Date"][0] is Field.DATE
    assert f["Comment"][0] is Field.TEXT
    assert f["Attendee type"][0] is Field.RESPONDENT_ROLE
    assert f["Would you like us to contact you?"][0] is Field.CONSENT_CONTACT
    assert f["Event"][0] is Field.CHOICE  # district names inside longer text are not districts


def test_rating_scale_from_the_question_and_values():
    mapping = auto_map(read_table(DATA / "msforms_parent_carer_survey_2024.xlsx"))
    scales = {c.column[:20]: c.scale_max for c in mapping.columns if c.field is Field.RATING}
    assert scales == {"How satisfied are yo": 5, "How likely are you t": 10}
    assert scale_from_heading("How safe do you feel? (1 = not safe, 5 = very safe)") == 5
    assert scale_from_heading("Score out of 10") == 10
    assert scale_from_heading("What is your postcode?") is None


def test_single_use_fields_are_not_given_to_two_columns():
    data = (b"Date submitted,Date of visit,Comment\r\n"
            b"01/02/2025,03/01/2025,The visit was good\r\n")
    mapping = auto_map(read_table(data, "two_dates.csv"))
    assert [c.field for c in mapping.columns].count(Field.DATE) == 1
    assert mapping.problems() == []
    forced = mapping.with_column("Date of visit", Field.DATE)
    assert any("more than one column" in p for p in forced.problems())


def test_mapping_round_trips_as_json_and_follows_moved_columns():
    table = read_table(DATA / "google_forms_youth_voice_2025.csv")
    mapping = auto_map(table).with_column("Where do you live?", Field.IGNORE)
    again = Mapping.from_dict(mapping.to_dict())
    assert again.to_dict() == mapping.to_dict()
    # The same survey next year with columns in another order: matched by heading.
    buf = io.StringIO()
    csv.writer(buf).writerows([list(reversed(table.headers)), list(reversed(table.rows[0]))])
    applied = again.applied_to(read_table(buf.getvalue().encode(), "next.csv"),
                               Vocabulary.defaults())
    assert applied.for_column("Where do you live?").field is Field.IGNORE
    assert {c.key for c in applied.columns if c.is_question} == \
        {c.key for c in mapping.columns if c.is_question}


def test_question_keys_are_stable_and_unique():
    taken: set[str] = set()
    assert question_key("What could we do better?", taken) == "what_could_we_do_better"
    assert question_key("What could we do better?", taken) == "what_could_we_do_better_2"
    assert len(question_key("word " * 40)) <= 60
