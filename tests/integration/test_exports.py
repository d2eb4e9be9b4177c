"""Exports for analysts and codebook exchange, on SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import uuid
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import func, select

from voiceapp.db.models import AuditEntry, Feedback, FeedbackTheme, Theme, User
from voiceapp.domain.enums import UserRole
from voiceapp.errors import PermissionDenied, ValidationError
from voiceapp.services import codebook_io, exports, imports
from voiceapp.services.context import Actor

DATA = Path(__file__).parents[1] / "data" / "imports"
OFFICER = Actor(None, "officer", UserRole.OFFICER)
MANAGER = Actor(None, "manager", UserRole.MANAGER)
ADMIN = Actor(None, "admin", UserRole.ADMINISTRATOR)
PERSONAL = ("Dana Whitlock", "dana.w@example.org", "Gwen Atherley", "07700 900123",
            "Kerry Maddox", "Kerry")


@pytest.fixture
def loaded(database):
    """The template sample (names, contacts, a staff member's first name in the text), a
    survey with a safeguarding disclosure, and formula-like answers."""
    with database.session() as s:
        s.add(User(username="kmaddox", display_name="Kerry Maddox", role="officer"))
    for name in ("voiceapp_template_sample.csv", "msforms_parent_carer_survey_2024.xlsx",
                 "formulas.csv"):
        imports.import_file(database, OFFICER, DATA / name)
    return database


def read_csv(path: Path) -> list[dict]:
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def all_cells(path: Path) -> list[str]:
    if path.suffix == ".csv":
        return [c for row in csv.reader(open(path, encoding="utf-8-sig")) for c in row]
    wb = openpyxl.load_workbook(path)
    return [str(c.value) for ws in wb for row in ws.iter_rows() for c in row
            if c.value is not None]


def last_audit(db) -> tuple[str, str, dict]:
    with db.read_session() as s:
        return tuple(s.execute(select(AuditEntry.action, AuditEntry.summary, AuditEntry.after)
                               .order_by(AuditEntry.id.desc()).limit(1)).one())


def test_redacted_by_default(loaded, tmp_path):
    out = tmp_path / "records.csv"
    result = exports.export_records(loaded, OFFICER, out)
    rows = read_csv(out)
    with loaded.read_session() as s:
        total = s.scalar(select(func.count()).select_from(Feedback))
    assert result.records == len(rows) == total and result.redacted
    assert "respondent_name" not in rows[0] and "respondent_contact" not in rows[0]
    text = "\n".join(all_cells(out))
    for personal in PERSONAL:
        assert personal not in text, personal
    thanks = next(r for r in rows if "sorting out the transport" in r["text"])
    assert thanks["text"].startswith("Thank you to [NAME] in the SEND team")
    # Text flagged for safeguarding is withheld from a redacted export.
    flagged = [r for r in rows if r["safeguarding_flag"] == "yes"]
    assert flagged and all(r["text"] == exports.WITHHELD for r in flagged)
    action, summary, after = last_audit(loaded)
    assert action == "export" and "redacted" in summary and after["redacted"] is True


def test_unredacted_refused_for_officers_and_audited_for_managers(loaded, tmp_path):
    before = _audit_count(loaded)
    with pytest.raises(PermissionDenied, match="cannot export unredacted records") as info:
        exports.export_records(loaded, OFFICER, tmp_path / "full.csv", redacted=False)
    assert "manager" in info.value.hint
    assert not (tmp_path / "full.csv").exists() and _audit_count(loaded) == before

    result = exports.export_records(loaded, MANAGER, tmp_path / "full.csv", redacted=False)
    rows = read_csv(tmp_path / "full.csv")
    assert not result.redacted
    named = {r["respondent_name"] for r in rows if r["respondent_name"]}
    assert "Dana Whitlock" in named
    # An anonymous respondent's details are never written, even unredacted.
    assert all(not r["respondent_name"] for r in rows if r["anonymous"] == "yes")
    action, summary, after = last_audit(loaded)
    assert action == "export" and "UNREDACTED" in summary and after["redacted"] is False
    assert _audit_count(loaded) == before + 1


def _audit_count(db) -> int:
    with db.read_session() as s:
        return s.scalar(select(func.count()).select_from(AuditEntry))


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_formulas_are_neutralised(loaded, tmp_path, suffix):
    out = tmp_path / f"records{suffix}"
    exports.export_records(loaded, MANAGER, out, redacted=False, filters={"kind":
                                                                          "survey_response"})
    payload = '=HYPERLINK("http://example.invalid/x","click me")'
    if suffix == ".csv":
        texts = [r["text"] for r in read_csv(out)]
        assert "'" + payload in "\n".join(texts)
        assert not any(t.startswith(("=", "+", "-", "@", "\t")) for t in texts)
    else:
        wb = openpyxl.load_workbook(out)
        cells = [c for ws in wb for row in ws.iter_rows() for c in row]
        assert not [c for c in cells if c.data_type == "f"]  # nothing Excel would run
        texts = [c.value for c in cells if isinstance(c.value, str)]
        assert any(t.startswith("'" + payload) for t in texts)
        assert any(t.startswith("'@channel") for t in texts)
        assert not any(t.startswith(("=", "+", "-", "@", "\t")) for t in texts)


def test_xlsx_has_a_sheet_per_entity_with_sql_counts(loaded, tmp_path):
    out = tmp_path / "q.xlsx"
    result = exports.export_records(loaded, OFFICER, out, {"kind": "survey_response"})
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["Records", "Themes", "Actions", "About"]
    with loaded.read_session() as s:
        ids = s.scalars(select(Feedback.id).where(Feedback.kind == "survey_response")).all()
        links = s.scalar(select(func.count()).select_from(FeedbackTheme).where(
            FeedbackTheme.feedback_id.in_(ids), FeedbackTheme.status != "rejected"))
    assert wb["Records"].max_row - 1 == len(ids) == result.records
    assert wb["Themes"].max_row - 1 == links == result.theme_rows
    assert {c.value for c in wb["Records"]["B"][1:]} == {"survey_response"}


def test_filters_are_checked(loaded, tmp_path):
    with pytest.raises(ValidationError, match="not a financial quarter"):
        exports.export_records(loaded, OFFICER, tmp_path / "x.csv", {"quarter": "Q9"})
    with pytest.raises(ValidationError, match="not a service area code"):
        exports.export_records(loaded, OFFICER, tmp_path / "x.csv", {"service_area": "nope"})
    with pytest.raises(ValidationError, match=r"\.csv or \.xlsx"):
        exports.export_records(loaded, OFFICER, tmp_path / "x.pdf")
    result = exports.export_records(loaded, OFFICER, tmp_path / "q.csv",
                                    {"quarter": "2024-25-Q1", "theme": "communication"})
    with loaded.read_session() as s:
        expected = s.scalar(select(func.count(func.distinct(Feedback.id)))
                            .join(FeedbackTheme).join(Theme)
                            .where(Feedback.received_on.between(date(2024, 4, 1), date(2024, 6, 30)),
                                   Theme.slug.like("communication%"),
                                   FeedbackTheme.status != "rejected"))
    assert result.records == expected > 0


def test_export_narrows_to_the_pages_other_filters_and_the_selection(loaded, tmp_path):
    """The Feedback page's filters the export form has no field for (district, search, ...)
    and a selection of records narrow the export: it never holds more than the user saw."""
    from voiceapp.db.models import ReferenceItem
    from voiceapp.services.feedback import FeedbackFilter, filter_conditions

    with loaded.read_session() as s:
        district, n_district = s.execute(
            select(Feedback.district_id, func.count()).where(Feedback.district_id.is_not(None))
            .group_by(Feedback.district_id).order_by(func.count().desc()).limit(1)).one()
        name = s.scalar(select(ReferenceItem.label).where(ReferenceItem.id == district))
    also = FeedbackFilter(district_ids=(district,))
    result = exports.export_records(loaded, OFFICER, tmp_path / "d.csv", also=also)
    rows = read_csv(tmp_path / "d.csv")
    assert result.records == len(rows) == n_district > 0
    assert {r["district"] for r in rows} == {name}
    assert f"district {name}" in result.filters
    action, summary, after = last_audit(loaded)
    assert action == "export"
    assert f"district {name}" in summary and after["also"] == {"district_ids": [district]}

    # Search plus a date from the form: the same records the Feedback page would list.
    also = FeedbackFilter(search="transport")
    result = exports.export_records(loaded, OFFICER, tmp_path / "t.csv",
                                    {"date_from": "2024-01-01"}, also=also)
    with loaded.read_session() as s:
        expected = s.scalars(select(Feedback.id).where(
            Feedback.received_on >= date(2024, 1, 1), *filter_conditions(s, also))).all()
        everything = s.scalar(select(func.count()).select_from(Feedback))
    assert 0 < len(expected) < everything  # the search really narrows the export
    assert sorted(int(r["record_id"]) for r in read_csv(tmp_path / "t.csv")) == sorted(expected)
    assert result.records == len(expected) and "search \u201ctransport\u201d" in result.filters

    # Selection only: exactly the chosen records, in any order, duplicates ignored.
    with loaded.read_session() as s:
        ids = s.scalars(select(Feedback.id).order_by(Feedback.id.desc()).limit(3)).all()
    result = exports.export_records(loaded, OFFICER, tmp_path / "sel.csv",
                                    record_ids=[ids[2], ids[0], ids[1], ids[0]])
    assert sorted(int(r["record_id"]) for r in read_csv(tmp_path / "sel.csv")) == sorted(ids)
    assert result.records == 3 and "3 selected records" in result.filters
    assert last_audit(loaded)[2]["selected"] == 3
    before = _audit_count(loaded)
    with pytest.raises(ValidationError, match="No records are selected"):
        exports.export_records(loaded, OFFICER, tmp_path / "none.csv", record_ids=[])
    with pytest.raises(ValidationError, match="at most 30,000"):
        exports.export_records(loaded, OFFICER, tmp_path / "many.csv",
                               record_ids=range(1, exports.MAX_SELECTED + 2))
    assert _audit_count(loaded) == before
    assert not (tmp_path / "none.csv").exists() and not (tmp_path / "many.csv").exists()


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_anonymised_dataset_has_no_identifiers(loaded, tmp_path, suffix):
    out = tmp_path / f"anon{suffix}"
    result = exports.export_records(loaded, OFFICER, out, anonymised=True, include_text=True)
    cells = all_cells(out)
    for personal in PERSONAL:
        assert not any(personal in c for c in cells), personal
    if suffix == ".csv":
        rows = read_csv(out)
    else:
        wb = openpyxl.load_workbook(out)
        assert wb.sheetnames == ["Records", "Survey results"]
        ws = wb["Records"]
        head = [c.value for c in ws[1]]
        rows = [dict(zip(head, [c.value for c in r], strict=True)) for r in ws.iter_rows(min_row=2)]
    assert len(rows) == result.records
    assert "record_id" not in rows[0] and "received_on" not in rows[0]
    assert all(len(str(r["month"])) == 7 for r in rows)  # 2024-05, never a day
    with loaded.read_session() as s:
        quotable = s.scalar(select(func.count()).select_from(Feedback).where(
            Feedback.consent_quote.is_(True), Feedback.safeguarding_flag.is_(False),
            Feedback.text != ""))
        comm = s.scalar(select(func.count(func.distinct(FeedbackTheme.feedback_id)))
                        .join(Theme).where(Theme.slug.like("communication%"),
                                           FeedbackTheme.status != "rejected"))
    assert sum(1 for r in rows if r["text_redacted"]) == quotable
    assert sum(int(r["theme_communication"]) for r in rows) == comm


def test_codebook_csv_round_trip_merges_and_never_deletes(database, tmp_path):
    out = tmp_path / "codebook.csv"
    exported = codebook_io.export_codebook(database, OFFICER, out)
    rows = read_csv(out)
    with database.read_session() as s:
        total = s.scalar(select(func.count()).select_from(Theme))
    assert exported.codes == len(rows) == total
    # Rename one code, retire another, add a sub-code, and leave one out altogether.
    for r in rows:
        if r["slug"] == "transport":
            r["name"] = "Travel, transport and travel training"
        if r["slug"] == "activities":
            r["retired"] = "yes"
    rows.append(dict(slug="transport.travel_training", parent_slug="transport",
                     name="Independent travel training", description="", retired="no"))
    dropped = rows.pop(1)
    with open(out, "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=codebook_io.CSV_COLUMNS)
        w.writeheader()
        w.writerows(rows)
    with pytest.raises(PermissionDenied):
        codebook_io.import_codebook(database, OFFICER, out)
    result = codebook_io.import_codebook(database, ADMIN, out)
    assert result.created == ("transport.travel_training",)
    assert set(result.updated) == {"transport", "activities"}
    assert result.retired == ("activities",)
    with database.read_session() as s:
        themes = {t.slug: t for t in s.scalars(select(Theme))}
        assert themes["transport"].name == "Travel, transport and travel training"
        assert themes["activities"].retired
        assert themes["transport.travel_training"].parent_id == themes["transport"].id
        assert dropped["slug"] in themes  # missing from the file, still there
    action, _summary, after = last_audit(database)
    assert action == "import" and after["created"] == ["transport.travel_training"]


def test_codebook_qdc_round_trip_and_codes_from_another_tool(database, tmp_path):
    out = tmp_path / "codebook.qdc"
    codebook_io.export_codebook(database, OFFICER, out)
    xml = out.read_text(encoding="utf-8")
    assert '<CodeBook xmlns="urn:QDA-XML:codebook:1.0" origin="voiceapp">' in xml
    root = __import__("xml.etree.ElementTree", fromlist=["x"]).parse(out).getroot()
    ns = "{urn:QDA-XML:codebook:1.0}"
    top = root.find(f"{ns}Codes").findall(f"{ns}Code")
    with database.read_session() as s:
        tops = s.scalar(select(func.count()).select_from(Theme).where(Theme.parent_id.is_(None)))
    assert len(top) == tops
    comm = next(c for c in top if c.get("guid") == codebook_io.code_guid("communication"))
    assert comm.get("isCodable") == "true" and comm.find(f"{ns}Description").text
    assert uuid.UUID(comm.get("guid")).version == 5
    # Re-importing our own file changes nothing.
    again = codebook_io.import_codebook(database, ADMIN, out)
    assert again.created == () and again.updated == ()
    # A codebook from another tool: a new code under an existing one, and a new branch.
    other = tmp_path / "from_nvivo.qdc"
    other.write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<CodeBook xmlns="urn:QDA-XML:codebook:1.0" origin="NVivo">\n<Codes>\n'
        f'<Code guid="{codebook_io.code_guid("communication")}" name="Communication and '
        'responsiveness" isCodable="true">\n'
        '  <Code guid="0b8f8f3e-1111-4c1a-9a57-2f6c2f0c0001" name="Letters" isCodable="true">'
        '<Description>Letters and written updates</Description></Code>\n</Code>\n'
        '<Code guid="0b8f8f3e-2222-4c1a-9a57-2f6c2f0c0002" name="Digital access" '
        'isCodable="false">\n'
        '  <Code guid="0b8f8f3e-3333-4c1a-9a57-2f6c2f0c0003" name="Wi-Fi at venues" '
        'isCodable="true"/>\n</Code>\n</Codes>\n</CodeBook>\n', encoding="utf-8")
    result = codebook_io.import_codebook(database, ADMIN, other)
    assert set(result.created) == {"communication.letters", "digital_access",
                                   "digital_access.wi_fi_at_venues"}
    with database.read_session() as s:
        digital = s.scalar(select(Theme).where(Theme.slug == "digital_access"))
        assert not digital.retired  # another tool's isCodable="false" is a heading, not retired
    with pytest.raises(Exception, match="DOCTYPE"):
        bomb = tmp_path / "bomb.qdc"
        bomb.write_text('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]>'
                        '<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes/></CodeBook>')
        codebook_io.import_codebook(database, ADMIN, bomb)
