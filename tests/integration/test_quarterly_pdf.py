"""The quarterly report as documents: checked with poppler (pdfinfo, pdftotext) and python-docx.

- A demo quarter: metadata, every section heading, "Page 1 of N", the quarter, the narrative
  sentences, the large-print variant's body size measured on the page, and the Word version's
  real headings and repeating table headers.
- A built case on a fresh database: a count of 3 prints as "<5" and the table's total cannot
  give it away; text flagged for safeguarding, or without consent to quote, never appears (the
  records carry distinctive words the test looks for), while consented text can.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import date, timedelta
from pathlib import Path

import pytest

from voiceapp.db.engine import open_database
from voiceapp.db.models import Feedback, FeedbackTheme, Theme
from voiceapp.domain.enums import RecordKind, ThemeLinkStatus, UserRole
from voiceapp.domain.quarters import FinancialQuarter
from voiceapp.reports.quarterly import SECTIONS, ReportOptions, write_quarterly_report
from voiceapp.services import reporting
from voiceapp.services.context import Actor

pytestmark = pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler not installed")

MANAGER = Actor(None, "manager", UserRole.MANAGER)
QUARTER = FinancialQuarter.parse("2026-27-Q2")
TODAY = date(2026, 11, 20)


def run(*args: str) -> str:
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout


def flat(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def demo_docs(tmp_path_factory, demo_sqlite):
    folder = tmp_path_factory.mktemp("quarterly")
    path = folder / "demo.sqlite"
    shutil.copyfile(demo_sqlite, path)
    db = open_database(path)
    try:
        report = reporting.quarterly_report_data(db, MANAGER, QUARTER, today=TODAY)
    finally:
        db.dispose()
    opts = ReportOptions(author="Priya Shah", meeting_date=date(2026, 12, 10))
    pdf = write_quarterly_report(report, folder / "report.pdf", opts)
    large = write_quarterly_report(report, folder / "large.pdf",
                                   ReportOptions(author="Priya Shah", large_print=True))
    docx = write_quarterly_report(report, folder / "report.docx", opts)
    return report, pdf, large, docx


def test_metadata_and_pages(demo_docs):
    _report, pdf, _large, _docx = demo_docs
    info = run("pdfinfo", str(pdf))
    assert re.search(rf"Title:\s+Quarterly engagement report: {re.escape(QUARTER.label)}", info)
    assert re.search(r"Author:\s+Priya Shah", info)
    assert re.search(r"Subject:\s+What children, young people and families told", info)
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    assert pages >= 10
    text = run("pdftotext", str(pdf), "-")
    assert f"Page 1 of {pages}" in text and f"Page {pages} of {pages}" in text


def test_every_section_and_the_cover(demo_docs):
    report, pdf, _large, _docx = demo_docs
    text = flat(run("pdftotext", str(pdf), "-"))
    for n, title in enumerate(SECTIONS, start=1):
        assert f"{n}. {title}" in text, title
    for heading in ("Contents", "A. Appendix", "A.1 Definitions", "A.2 Data notes",
                    "A.3 Suppression of small numbers", "A.4 Document control",
                    "2.1 Headline measures", "2.2 What is working well",
                    "2.3 What we are worried about", "Recommendation",
                    "That the Board notes the report and indicates any areas for further "
                    "scrutiny"):
        assert heading in text, heading
    for word in (QUARTER.label, report.months, report.board, "Classification", "Open",
                 "10 December 2026", "Final 1.0"):
        assert word in text, word
    # Each chart has a title and a text alternative.
    for title in ("Feedback records received, by quarter", "Sentiment of what people told us",
                  "Complaint responses within timescale", "You Said, We Did actions by status"):
        assert title in text
    assert text.count("Text description:") >= 5


def test_the_narrative_sentences_are_in_the_pdf(demo_docs):
    report, pdf, _large, _docx = demo_docs
    text = flat(run("pdftotext", str(pdf), "-"))
    sentences = [report.summary_intro, *report.working_well, *report.concerns,
                 *report.who.narrative, *report.told.narrative, *report.complaints.narrative,
                 *report.compliments.narrative, *report.yswd.narrative]
    for s in sentences:
        assert flat(s) in text, s


def test_large_print_body_is_at_least_16_point(demo_docs):
    _report, pdf, large, _docx = demo_docs

    def word_height(path: Path, word: str) -> float:
        html = run("pdftotext", "-bbox", "-f", "3", "-l", "4", str(path), "-")
        heights = [float(m.group(2)) - float(m.group(1)) for m in re.finditer(
            rf'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">{word}</word>', html)]
        assert heights, word
        return min(heights)

    # "scrutiny." ends the recommendation, set in the body size; pdftotext's word box is the
    # font size high. The large print style's 16 pt is checked directly too.
    assert word_height(large, "scrutiny.") >= 16
    assert word_height(pdf, "scrutiny.") < 12
    from voiceapp.reports.common import load_fonts, make_styles

    assert make_styles(load_fonts(), large_print=True).body.fontSize >= 16


def test_word_version_has_real_headings_and_repeating_table_headers(demo_docs):
    import docx

    report, _pdf, _large, path = demo_docs
    d = docx.Document(str(path))
    assert d.core_properties.title == f"Quarterly engagement report: {QUARTER.label}"
    headings = [p.text for p in d.paragraphs if p.style.name == "Heading 1"]
    for n, title in enumerate(SECTIONS, start=1):
        assert f"{n}. {title}" in headings
    assert any(p.style.name == "Heading 2" for p in d.paragraphs)
    assert len(d.tables) > 10
    for t in d.tables[1:]:
        assert t.rows[0]._tr.xpath("./w:trPr/w:tblHeader"), "header row repeats"
    body = flat(" ".join(p.text for p in d.paragraphs))
    assert flat(report.summary_intro) in body
    assert body.count("Text description:") >= 5


# --------------------------------------------------------------------------- built case


@pytest.fixture
def built(sqlite_db, tmp_path):
    """A quarter with 3 compliments, 40 comments and 12 suggestions; compliments carry the
    distinctive words."""
    q = FinancialQuarter.parse("2025-26-Q1")
    with sqlite_db.session() as s:
        theme = s.query(Theme).filter_by(slug="staff").one()

        def add(kind, day, text, consent=False, flag=False):
            f = Feedback(kind=kind, received_on=q.start + timedelta(days=day), text=text,
                         consent_quote=consent, safeguarding_flag=flag,
                         sentiment_label="positive")
            s.add(f)
            s.flush()
            s.add(FeedbackTheme(feedback_id=f.id, theme_id=theme.id, source="officer",
                                status=ThemeLinkStatus.CONFIRMED.value))

        add(RecordKind.COMPLIMENT.value, 1, "ZEBRAQUOKKA said the worker was wonderful and "
            "visited every single week without fail.", consent=True, flag=True)
        add(RecordKind.COMPLIMENT.value, 2, "PLATYPUSWALTZ said the worker was wonderful and "
            "visited every single week without fail.", consent=False)
        add(RecordKind.COMPLIMENT.value, 3, "NARWHALTANGO said the worker was wonderful and "
            "visited every single week without fail.", consent=True)
        for i in range(40):
            add(RecordKind.COMMENT.value, 5 + i % 60, f"A plain comment number {i}.")
        for i in range(12):
            add(RecordKind.SUGGESTION.value, 10 + i, f"A plain suggestion number {i}.")
    report = reporting.quarterly_report_data(sqlite_db, MANAGER, q, today=date(2026, 1, 1))
    pdf = write_quarterly_report(report, tmp_path / "built.pdf", ReportOptions())
    return report, pdf


def _table_rows(layout: str, start: str, stop: str) -> list[list[str]]:
    block = layout.split(start, 1)[1].split(stop, 1)[0]
    rows = []
    for line in block.splitlines():
        cells = [c for c in re.split(r"\s{2,}", line.strip()) if c]
        if len(cells) == 4:
            rows.append(cells)
    return rows


def test_a_count_of_three_is_suppressed_and_the_total_cannot_reveal_it(built):
    _report, pdf = built
    layout = run("pdftotext", "-layout", str(pdf), "-")
    rows = _table_rows(layout, "3.1 Records by kind", "3.2 Who the records came from")
    by_label = {r[0]: r[1:] for r in rows}
    assert by_label["Compliment"][0] == "<5"
    assert "3" not in by_label["Compliment"]
    this_quarter = [r[1] for r in rows if r[0] != "Total" and r[0] != "Kind of record"]
    total = int(by_label["Total"][0].replace(",", ""))
    assert total == 55
    shown = [int(v.replace(",", "")) for v in this_quarter if v not in ("<5", "*")]
    hidden = [v for v in this_quarter if v in ("<5", "*")]
    # With one hidden cell the total would give it away (55 - 40 - 12 = 3).
    assert len(hidden) >= 2, this_quarter
    assert total - sum(shown) != 3 or len(hidden) > 1
    assert "<5" in layout and "number from 1 to 4" in layout


def test_flagged_and_unconsented_text_never_appears(built):
    report, pdf = built
    text = run("pdftotext", str(pdf), "-")
    assert "ZEBRAQUOKKA" not in text  # consented, but flagged for safeguarding
    assert "PLATYPUSWALTZ" not in text  # no consent to quote
    assert "NARWHALTANGO" in text  # consented and not flagged: quoted
    assert any("NARWHALTANGO" in q.text for q in report.told.quotes)
