"""The quarterly engagement report as a Word document (for people who ask for another format).

The same blocks as the PDF (voiceapp.reports.quarterly.build_blocks), so the two always say the
same thing: headings are real Word headings (Heading 1-3, so the navigation pane and screen
readers see the structure), tables repeat their header row on each page and never break a row,
and each chart is a picture with alt text (its text description) followed by that description
in the text. Where no PNG renderer is available, the picture is left out and the description
stays.
"""

from __future__ import annotations

import io
import os
from pathlib import Path

from voiceapp.services.reporting import QuarterlyReport

from .common import (
    docx_document,
    docx_header,
    docx_page_numbers,
    docx_shade,
    docx_table,
    load_fonts,
    long_date,
)
from .quarterly import (
    STATUS_COLOURS,
    Break,
    Bullets,
    Chart,
    Heading,
    Para,
    QuoteBlock,
    ReportOptions,
    TableBlock,
    build_blocks,
    chart_png,
)

_TONE_RGB = {"good": (0x1E, 0x6B, 0x34), "bad": (0xA3, 0x26, 0x1E)}


def write_quarterly_docx(report: QuarterlyReport, path: str | os.PathLike,
                         opts: ReportOptions | None = None) -> Path:
    from docx.enum.text import WD_BREAK
    from docx.shared import Mm, Pt, RGBColor

    opts = opts or ReportOptions()
    large = opts.large_print
    title = f"Quarterly engagement report: {report.label}"
    doc = docx_document(title=title, author=opts.author or report.authority,
                        subject=f"What children, young people and families told "
                                f"{report.authority} in {report.months}, for the "
                                f"{report.board}",
                        keywords=f"engagement; board report; {report.label}",
                        large_print=large)
    section = doc.sections[0]
    docx_header(section, report.authority, f"Quarterly engagement report \u2013 {report.label}")
    docx_page_numbers(section, f"Open \u2022 {report.board} \u2022 {opts.version_label}")
    table_pt = 14 if large else 9

    # Cover
    doc.add_paragraph(report.authority)
    doc.add_paragraph("Children\u2019s Services")
    doc.add_heading("Quarterly engagement report", level=0)
    doc.add_paragraph(f"What children, young people and families told us: {report.months}")
    meeting = long_date(opts.meeting_date) if opts.meeting_date else "To be confirmed"
    docx_table(doc, ["Item", "Detail"], [
        ["Report to", report.board], ["Meeting date", meeting],
        ["Report by", opts.author or "Engagement and participation team"],
        ["Period covered", f"{report.months} ({report.label})"], ["Classification", "Open"],
        ["Status", opts.version_label],
        ["Date produced", long_date(report.produced_at.date())]], widths_mm=[45, 125])
    if opts.draft:
        p = doc.add_paragraph()
        run = p.add_run("DRAFT: not for publication. Figures may change before the meeting.")
        run.bold = True
    doc.add_paragraph("This report is available in large print and as a PDF on request.")
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    fonts = load_fonts()
    for blk in build_blocks(report, opts):
        if isinstance(blk, Heading):
            doc.add_heading(blk.full, level=min(3, blk.level))
        elif isinstance(blk, Para):
            p = doc.add_paragraph()
            run = p.add_run(blk.text)
            run.bold = blk.style == "lead"
            if blk.style == "small":
                run.font.size = Pt(12 if large else 9)
        elif isinstance(blk, Bullets):
            for item in blk.items:
                if item:
                    doc.add_paragraph(item, style="List Bullet")
        elif isinstance(blk, TableBlock):
            if blk.caption:
                doc.add_paragraph(blk.caption)
            _table(doc, blk, table_pt, RGBColor)
            if blk.note:
                p = doc.add_paragraph()
                r = p.add_run(blk.note)
                r.font.size = Pt(12 if large else 8.5)
        elif isinstance(blk, Chart):
            doc.add_heading(blk.title, level=3)
            png = chart_png(blk, fonts)
            if png is not None:
                doc.add_picture(io.BytesIO(png), width=Mm(170))
                _alt_text(doc.inline_shapes[-1], blk.title, blk.alt)
            doc.add_paragraph(f"Text description: {blk.alt}")
        elif isinstance(blk, QuoteBlock):
            p = doc.add_paragraph(style="Quote") if "Quote" in doc.styles else \
                doc.add_paragraph()
            p.add_run(f"\u201c{blk.text}\u201d").italic = True
            by = doc.add_paragraph()
            by.add_run(blk.attribution).font.size = Pt(12 if large else 9)
        elif isinstance(blk, Break):
            doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    doc.save(str(path))
    return Path(path)


def _table(doc, blk: TableBlock, size: float, rgb) -> None:
    tones, statuses = blk.tones, blk.statuses
    last = len(blk.rows) - 1

    def hook(cell, r, c, _value):
        status = statuses.get((r, c))
        if status is not None:
            fill, ink = STATUS_COLOURS[status]
            docx_shade(cell, fill)
            for run in cell.paragraphs[0].runs:
                run.bold = True
                run.font.color.rgb = rgb.from_string(ink.lstrip("#"))
        tone = tones.get((r, c))
        if tone in _TONE_RGB:
            for run in cell.paragraphs[0].runs:
                run.bold = True
                run.font.color.rgb = rgb(*_TONE_RGB[tone])
        if blk.total_row and r == last:
            for run in cell.paragraphs[0].runs:
                run.bold = True
        if c in blk.right:
            from docx.enum.text import WD_ALIGN_PARAGRAPH

            cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT

    total = sum(blk.widths)
    widths = [174 * w / total for w in blk.widths]
    docx_table(doc, list(blk.header), [list(r) for r in blk.rows], widths_mm=widths,
               cell_hook=hook, font_size=size)


def _alt_text(shape, title: str, description: str) -> None:
    """Set the picture's alt text (wp:docPr title and descr), which Word reads aloud."""
    doc_pr = shape._inline.docPr
    doc_pr.set("title", title)
    doc_pr.set("descr", description)
