"""The public "You Said, We Did" summary and the board tracker, generated from the demo
database as PDF and Word, and read back (pdftotext, python-docx) to prove what must never be
published is not: text without consent to quote, safeguarding-flagged text, names and contact
details; and that small counts show as "<5"."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import date, datetime, timedelta

import pytest
from docx import Document
from sqlalchemy import func, select

from voiceapp.cli import main as cli_main
from voiceapp.db.engine import open_database
from voiceapp.db.models import (
    Action,
    ActionFeedbackLink,
    ActionStatusEntry,
    ActionThemeLink,
    Feedback,
    ReferenceItem,
    SafeguardingReview,
    Theme,
)
from voiceapp.domain.enums import ActionStatus, RecordKind, ReferenceList
from voiceapp.reports.yswd_public import write_public_summary
from voiceapp.reports.yswd_tracker import write_tracker
from voiceapp.services import actions as svc
from voiceapp.services import publication
from voiceapp.services import yswd_documents as docs
from voiceapp.services.users import sign_in

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler")

FLAGGED = "Marker flagged: he hits me at home and I am not safe there, please help me."
CLEARED = "Marker cleared: I was scared I might hurt myself last winter but I am okay now."
NO_CONSENT = "Marker unconsented: the transport office shouted at my daughter on the bus."
PERSON = "Zebedee Quartermaine"
PII = ("Please ask Zebedee Quartermaine to ring me on 07700 900461 or email "
       "zq.parent@example.org, we live at WR4 6TH and the bus never comes.")
SECRETS = ["Zebedee", "Quartermaine", "07700 900461", "07700", "zq.parent@example.org",
           "WR4 6TH"]


def _norm(text: str) -> str:
    return " ".join(text.replace("\u00ad", "").split())


def _pdf_text(path) -> str:
    out = subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True,
                         capture_output=True, text=True).stdout
    return _norm(out)


def _docx_text(path) -> str:
    d = Document(str(path))
    parts = [p.text for p in d.paragraphs]
    for t in d.tables:
        for row in t.rows:
            parts.extend(c.text for c in row.cells)
    for section in d.sections:
        parts.extend(p.text for p in section.header.paragraphs)
    return _norm(" ".join(parts))


@pytest.fixture
def seeded(demo_copy):
    """The demo database plus one published action whose linked records include a flagged
    consented record, a once-flagged (cleared) consented record, an unconsented record and a
    consented record full of personal details."""
    db = open_database(demo_copy)
    actor = sign_in(db, "manager", "demo")
    with db.read_session() as s:
        end = max(s.scalar(select(func.max(ActionStatusEntry.as_at))), date(2026, 1, 1))
        role = s.scalar(select(ReferenceItem.id).where(
            ReferenceItem.list_name == ReferenceList.RESPONDENT_ROLE.value,
            ReferenceItem.code == "parent_carer"))
        safety = s.scalar(select(Theme.id).where(Theme.slug == "safety"))
    received = end - timedelta(days=3)
    ids = {}
    with db.session() as s:
        for key, text, extra in [
            ("flagged", FLAGGED, dict(consent_quote=True, safeguarding_flag=True)),
            ("cleared", CLEARED, dict(consent_quote=True, safeguarding_flag=False)),
            ("no_consent", NO_CONSENT, dict(consent_quote=False)),
            ("pii", PII, dict(consent_quote=True, respondent_name=PERSON,
                              respondent_contact="zq.parent@example.org")),
        ]:
            f = Feedback(kind=RecordKind.COMMENT.value, received_on=received, text=text,
                         respondent_role_id=role, needs_review=False, **extra)
            s.add(f)
            s.flush()
            ids[key] = f.id
        now = datetime.now().replace(microsecond=0)
        s.add(SafeguardingReview(feedback_id=ids["flagged"], flagged_at=now, reasons=[]))
        s.add(SafeguardingReview(feedback_id=ids["cleared"], flagged_at=now, reasons=[],
                                 decision="no_action", decision_reason="Historic, now safe",
                                 decided_at=now))
    view = svc.create_action(
        db, actor, svc.ActionDraft(said_summary="Pupils said the school bus was not safe.",
                                   we_did="Every bus now has a trained escort.",
                                   owner_role="Transport Manager", publish=True),
        feedback_ids=list(ids.values()), theme_ids=[safety], initial_status=ActionStatus.GREEN,
        as_at=end)
    yield db, actor, end, view, ids
    db.dispose()


def _published_headings(db, end) -> set[str]:
    """Independently: the heading theme of each published action with a status by `end`
    (its first linked theme in codebook order, or that theme's parent)."""
    with db.read_session() as s:
        published = set(s.scalars(select(Action.id).where(Action.publish.is_(True)).where(
            Action.id.in_(select(ActionStatusEntry.action_id)
                          .where(ActionStatusEntry.as_at <= end)))))
        themes = {t.id: t for t in s.execute(select(Theme.id, Theme.name, Theme.parent_id,
                                                    Theme.sort_order)).all()}
        links = s.execute(select(ActionThemeLink.action_id, ActionThemeLink.theme_id)).all()
    best: dict[int, tuple] = {}
    for aid, tid in links:
        if aid not in published:
            continue
        t = themes[tid]
        top = themes[t.parent_id] if t.parent_id else t
        key = (top.sort_order, t.sort_order)
        if aid not in best or key < best[aid][0]:
            best[aid] = (key, top)
    names = {top.name for _key, top in best.values()}
    if published - set(best):
        names.add("Other things you told us")
    return names


def _unconsented_redacted(db, names) -> set[str]:
    """Redacted forms of every linked record's text that may not be quoted, less any text
    that a quotable record happens to share or contain (demo texts repeat)."""
    with db.read_session() as s:
        rows = s.execute(select(Feedback.text, Feedback.consent_quote, Feedback.safeguarding_flag,
                                Feedback.anonymised_at, Feedback.id)
                         .join(ActionFeedbackLink, ActionFeedbackLink.feedback_id == Feedback.id)
                         .where(Feedback.text != "")).all()
        flagged_ever = set(s.scalars(select(SafeguardingReview.feedback_id)))
    ok, banned = set(), set()
    for text, cq, sg, anon, fid in rows:
        red = _norm(publication.public_quote(_norm(text), names))
        if cq and not sg and anon is None and fid not in flagged_ever:
            ok.add(red)
        else:
            banned.add(red)
    # Demo texts are assembled from shared sentences: a banned text that is part of a quotable
    # one cannot be told apart in the output, so it is not a fair test case.
    return {b for b in banned - ok if len(b) >= 25 and not any(b in o for o in ok)}


def test_public_summary_pdf_and_docx_publish_only_what_may_be_published(seeded, tmp_path):
    db, actor, end, _view, _ids = seeded
    summary = docs.public_summary(db, actor, end=end)
    pdf = write_public_summary(summary, tmp_path / "yswd.pdf")
    docx = write_public_summary(summary, tmp_path / "yswd.docx", large_print=True)
    pdf_text, docx_text = _pdf_text(pdf), _docx_text(docx)

    headings = _published_headings(db, end)
    assert headings and "Feeling safe and bullying" in headings
    assert {t.name for t in summary.themes} == headings
    for name in headings:
        assert name in pdf_text, f"theme heading {name!r} missing from the PDF"
        assert name in docx_text

    # The personal-details quote is used (its action has no other quotable record) ...
    pii_quote = next(q for t in summary.themes for a in t.actions
                     for q, _who in a.quotes if "the bus never comes" in q)
    assert "[PHONE]" in pii_quote and "[EMAIL]" in pii_quote
    for text in (pdf_text, docx_text):
        assert "the bus never comes" in text
        # ... and redaction holds in both files.
        for secret in SECRETS:
            assert secret not in text, f"{secret!r} leaked"
        # Flagged (now or ever) and unconsented text never appears.
        for marker in ("Marker flagged", "hits me", "Marker cleared", "hurt myself",
                       "Marker unconsented", "shouted at my daughter"):
            assert marker not in text
        # Small counts: "<5", never 1-4 people.
        assert "<5" in text
        assert not re.search(r"(?<![\d<])[1-4] (people|person)\b", text)

    names = publication.known_names(db)
    for banned in _unconsented_redacted(db, names):
        assert banned not in pdf_text
        assert banned not in docx_text

    # The new action has four linked records: shown as "<5".
    ours = next(a for t in summary.themes for a in t.actions if a.said == "Pupils said the school bus was not safe.")
    assert ours.people == "<5"

    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    assert "Title:" in info and "You Said, We Did" in info and "Wrenshire County Council" in info
    d = Document(str(docx))
    assert d.core_properties.title.startswith("You Said, We Did")
    assert d.styles["Normal"].font.size.pt == 16  # large print


def test_plain_english_acronyms_spelt_out_first(seeded):
    db, actor, end, _view, _ids = seeded
    summary = docs.public_summary(db, actor, end=end)
    prose = " ".join([*summary.intro, *summary.how_to_read] + [
        f"{a.said} {a.did} {a.impact} {a.partners}" for t in summary.themes for a in t.actions])
    for acronym, meaning in docs.ACRONYMS.items():
        found = re.search(rf"\b{acronym}s?\b", prose)
        if found and acronym != "GP":
            before = prose[:found.start()]
            assert before.rstrip().endswith("(") and meaning in before[-len(meaning) - 5:], \
                f"{acronym} is used before it is spelt out"
    assert dict(summary.glossary).get("EHC") == "Education, Health and Care"


def test_only_published_actions_and_period(seeded):
    db, actor, end, view, _ids = seeded
    svc.set_publish(db, actor, view.id, False)
    summary = docs.public_summary(db, actor, end=end)
    assert not any(a.said == "Pupils said the school bus was not safe."
                   for t in summary.themes for a in t.actions)
    with db.read_session() as s:
        published = s.scalar(select(func.count()).select_from(Action).where(
            Action.publish.is_(True), Action.id.in_(
                select(ActionStatusEntry.action_id).where(ActionStatusEntry.as_at <= end))))
    assert sum(len(t.actions) for t in summary.themes) == published
    with pytest.raises(docs.ValidationError):
        docs.public_summary(db, actor, end, end - timedelta(days=1))


def test_tracker_pdf_and_docx(seeded, tmp_path):
    db, actor, end, _view, _ids = seeded
    document = docs.tracker_document(db, actor, end)
    with db.read_session() as s:
        expected = s.scalar(select(func.count(func.distinct(ActionStatusEntry.action_id)))
                            .where(ActionStatusEntry.as_at <= end))
    assert len(document.rows) == expected
    assert document.compare_to is not None and document.compare_to < end
    assert sum(document.status_counts.values()) == expected
    pdf = write_tracker(document, tmp_path / "tracker.pdf")
    docx = write_tracker(document, tmp_path / "tracker.docx")
    for text in (_pdf_text(pdf), _docx_text(docx)):
        for row in document.rows:
            assert row.reference in text
        assert "Direction" in text and "Overdue" in text
        for label in ("Blue", "Green", "Amber", "Red", "Complete", "Not yet due"):
            assert label in text  # status colours always carry their words


def test_command_line(seeded, tmp_path, monkeypatch, capsys):
    db, _actor, _end, _view, _ids = seeded
    path = str(db.url.database)
    monkeypatch.setenv("VOICEAPP_USER", "manager")
    monkeypatch.setenv("VOICEAPP_PASSWORD", "demo")
    out = tmp_path / "summary.pdf"
    assert cli_main(["yswd", "--db", path, "--out", str(out), "--from", "01/04/2025",
                     "--to", "2026-11-20"]) == 0
    assert out.stat().st_size > 5000
    assert "Wrote the public summary" in capsys.readouterr().out
    assert cli_main(["yswd", "--db", path, "--out", str(tmp_path / "t.docx"), "--tracker"]) == 0
    assert (tmp_path / "t.docx").exists()

    assert cli_main(["yswd", "--db", path, "--out", str(tmp_path / "x.txt")]) == 2
    assert "must end in .pdf or .docx" in capsys.readouterr().err
    assert cli_main(["yswd", "--db", path, "--out", str(tmp_path / "y.pdf"),
                     "--from", "31/02/2026"]) == 2
    assert "not a real date" in capsys.readouterr().err
    assert cli_main(["yswd", "--db", path, "--out", str(tmp_path / "y.pdf"),
                     "--from", "2026-05-01", "--to", "2026-04-01"]) == 2
    assert "after --to" in capsys.readouterr().err
    assert cli_main(["yswd", "--db", path, "--out", str(out)]) == 2  # exists, no --force
    assert "already exists" in capsys.readouterr().err
    assert not list(tmp_path.glob(".*.part*"))  # nothing half-written left behind


def test_an_acronym_in_a_quote_is_still_spelt_out_at_its_first_use_in_our_words():
    expand = docs.AcronymExpander()
    quote = expand("The EHC plan took a year.", expand=False)
    prose = expand("Average time to issue an EHC plan fell from 31 to 22 weeks.")
    later = expand("Every EHC plan is now checked twice.")
    assert quote == "The EHC plan took a year."  # a person's words are left as written
    assert "Education, Health and Care (EHC) plan" in prose
    assert later == "Every EHC plan is now checked twice."
    assert dict(expand.glossary())["EHC"] == "Education, Health and Care"
