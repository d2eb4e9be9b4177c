"""The public "You Said, We Did" summary as PDF and Word. Layout only: the words, counts and
quotes come from voiceapp.services.yswd_documents.public_summary, which decides what may be
published (consent, safeguarding, redaction, small-number suppression)."""

from __future__ import annotations

import os
from pathlib import Path

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, KeepTogether, Paragraph, Spacer, Table, TableStyle

from voiceapp.services.actions import STATUS_COLOURS
from voiceapp.services.yswd_documents import PUBLIC_STATUS_LABEL, PublicAction, PublicSummary

from .common import (
    ACCENT,
    ACCENT_LIGHT,
    RULE,
    PageFurniture,
    ReportDoc,
    StatusSwatch,
    Styles,
    data_table,
    docx_document,
    docx_header,
    docx_page_numbers,
    docx_shade,
    docx_table,
    esc,
    load_fonts,
    long_date,
    make_styles,
    para,
)

FRAME_WIDTH = 174 * mm - 12  # A4 portrait less 18 mm margins and the frame's padding


def write_public_summary(summary: PublicSummary, path: str | os.PathLike, *,
                         large_print: bool = False) -> Path:
    """Write the summary as PDF or Word, chosen by the file extension."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        return write_public_summary_pdf(summary, path, large_print=large_print)
    if suffix == ".docx":
        return write_public_summary_docx(summary, path, large_print=large_print)
    raise ValueError(f"cannot write {suffix or 'a file without an extension'}; use .pdf or .docx")


# --------------------------------------------------------------------------- PDF


def write_public_summary_pdf(summary: PublicSummary, path: str | os.PathLike, *,
                             large_print: bool = False) -> Path:
    fonts = load_fonts()
    # Public: every table is body size too (11 pt, 16 pt in large print).
    st = make_styles(fonts, large_print=large_print, table_size=16 if large_print else 11)
    furniture = PageFurniture(
        header_left=summary.authority, header_right=f"{summary.title}: {summary.period_label}",
        footer_left=f"Published {long_date(summary.produced_on)}", classification="Public")
    doc = ReportDoc(path, title=f"{summary.title} \u2013 {summary.period_label}",
                    author=summary.authority, subject=summary.subtitle, furniture=furniture,
                    fonts=fonts, keywords=["You Said We Did", "feedback", "children's services"])
    story = _cover(summary, st)
    story += doc.to_body()
    story += _about(summary, st)
    story += _at_a_glance(summary, st)
    for theme in summary.themes:
        story.append(CondPageBreak(st.size * 14))
        noun = "person" if theme.people == "1" else "people"
        # The heading stays with the first action: never a heading alone at a page foot.
        head = [para(theme.name, st.h1, fonts),
                para(f"{theme.people} {noun} raised things about this topic.", st.small, fonts)]
        blocks = [_action_block(a, st) for a in theme.actions]
        # Each action's table stays whole with its first quote; later quotes may flow on.
        first = blocks[0] if blocks else []
        story.append(KeepTogether(head + first[:5]))
        story.extend(first[5:])
        for block in blocks[1:]:
            story.append(KeepTogether(block[:5]))
            story.extend(block[5:])
    if not summary.themes:
        story.append(para("There are no published actions for this period yet.", st.body, fonts))
    story += _glossary_and_contact(summary, st)
    doc.build_story(story)
    return Path(path)


def _cover(summary: PublicSummary, st: Styles) -> list:
    f = st.fonts
    out = [Spacer(1, 30 * mm),
           para(summary.authority, st.cover_meta, f),
           para("Children\u2019s Services", st.cover_meta, f),
           Spacer(1, 10 * mm),
           para(summary.title, st.cover_title, f),
           para(summary.subtitle, st.cover_subtitle, f),
           para(summary.period_label, st.cover_meta, f),
           Spacer(1, 14 * mm)]
    changes = sum(len(t.actions) for t in summary.themes)
    done = sum(1 for t in summary.themes for a in t.actions
               if a.status_label.startswith("Done"))
    box = Table([[para(f"{changes} changes because people spoke to us", st.h3, f)],
                 [para(f"{done} done, {changes - done} under way or planned. "
                       f"{summary.total_people} people\u2019s views are behind them.", st.body,
                       f)]],
                colWidths=[FRAME_WIDTH * 0.8], hAlign="LEFT")
    box.setStyle(TableStyle([("BACKGROUND", (0, 0), (-1, -1), ACCENT_LIGHT),
                             ("LINEBEFORE", (0, 0), (0, -1), 4, ACCENT),
                             ("LEFTPADDING", (0, 0), (-1, -1), 10),
                             ("TOPPADDING", (0, 0), (-1, -1), 6),
                             ("BOTTOMPADDING", (0, 0), (-1, -1), 6)]))
    out += [box, Spacer(1, 18 * mm),
            para(f"Published {long_date(summary.produced_on)}", st.small, f),
            para("This summary is available in large print and as a Word document.",
                 st.small, f)]
    return out


def _about(summary: PublicSummary, st: Styles) -> list:
    f = st.fonts
    out = [para("About this summary", st.h1, f)]
    out += [para(p, st.body, f) for p in summary.intro]
    out.append(para("How to read it", st.h2, f))
    out += [para(p, st.body, f) for p in summary.how_to_read]
    legend = [[StatusSwatch(PUBLIC_STATUS_LABEL[s], *STATUS_COLOURS[s], f, size=st.size * 0.85,
                            min_width=48 * mm), para(text, st.cell, f)]
              for s, text in _legend(summary)]
    out.append(data_table(["Where we are", "What it means"], legend, st,
                          col_widths=[56 * mm, FRAME_WIDTH - 56 * mm], zebra=False))
    out.append(Spacer(1, st.size))
    return out


def _legend(summary: PublicSummary):
    from voiceapp.services.actions import STATUS_PUBLIC

    return [(s, STATUS_PUBLIC[s]) for s, _label, _n in summary.status_table]


def _at_a_glance(summary: PublicSummary, st: Styles) -> list:
    f = st.fonts
    out = [CondPageBreak(st.size * 16), para("What you told us about", st.h2, f),
           para("This table shows how many people raised things in each topic. Some people "
                "raised more than one topic, so the total is less than the topics added up.",
                st.body, f)]
    rows = [[name, people] for name, people in summary.theme_table]
    bold_right = ParagraphStyle("CellBoldRight", parent=st.cell_right, fontName=f.bold)
    rows.append([para("All topics (different people)", st.cell_bold, f),
                 para(summary.total_people, bold_right, f)])
    out.append(data_table(["Topic", "People"], rows, st,
                          col_widths=[FRAME_WIDTH - 40 * mm, 40 * mm], align_right=[1]))
    out.append(Spacer(1, st.size * 0.6))
    status_rows = [[StatusSwatch(label, *STATUS_COLOURS[s], f, size=st.size * 0.85,
                                 min_width=48 * mm), n]
                   for s, label, n in summary.status_table]
    out.append(para("Where the changes are now", st.h2, f))
    out.append(data_table(["Where we are", "Changes"], status_rows, st,
                          col_widths=[FRAME_WIDTH - 40 * mm, 40 * mm], align_right=[1],
                          zebra=False))
    out.append(para(summary.suppression_note, st.small, f))
    return out


def _action_block(a: PublicAction, st: Styles):
    f = st.fonts
    label_w = 38 * mm
    value_w = FRAME_WIDTH - label_w
    status_cell = [StatusSwatch(a.status_label, *STATUS_COLOURS[a.status], f,
                                size=st.size * 0.85),
                   Spacer(1, 3),
                   para(a.status_text + (f" {a.when}." if a.when else ""), st.cell, f)]
    noun = "person" if a.people == "1" else "people"
    said = [para(a.said, st.cell, f),
            para(f"{a.people} {noun} told us about this.", st.small, f)]
    did = [para(a.did, st.cell, f)]
    if a.partners:
        did.append(para(f"Working with: {a.partners}", st.small, f))
    rows = [[para("You said", st.cell_bold, f), said],
            [para("We did", st.cell_bold, f), did],
            [para("Where we are", st.cell_bold, f), status_cell]]
    if a.impact:
        rows.append([para("What changed", st.cell_bold, f), para(a.impact, st.cell, f)])
    if a.told_back:
        rows.append([para("Telling you", st.cell_bold, f), para(a.told_back, st.cell, f)])
    table = Table(rows, colWidths=[label_w, value_w], hAlign="LEFT", splitByRow=1,
                  splitInRow=0)
    table.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("BACKGROUND", (0, 0), (0, -1), ACCENT_LIGHT),
        ("LINEABOVE", (0, 0), (-1, 0), 1.2, ACCENT),
        ("LINEBELOW", (0, -1), (-1, -1), 0.5, RULE),
        ("LINEBELOW", (0, 0), (-1, -2), 0.3, RULE),
        ("TOPPADDING", (0, 0), (-1, -1), 4),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
        ("LEFTPADDING", (0, 0), (-1, -1), 6),
    ]))
    parts: list = [Spacer(1, st.size * 0.5), table]
    for quote, who in a.quotes:
        parts.append(Spacer(1, st.size * 0.3))
        parts.append(Paragraph(f"\u201c{esc(f.safe(quote))}\u201d",
                               ParagraphStyle("QuoteKeep", parent=st.quote, keepWithNext=1)))
        parts.append(para(f"\u2013 {who}", st.quote_by, f))
    return parts


def _glossary_and_contact(summary: PublicSummary, st: Styles) -> list:
    f = st.fonts
    out = []
    if summary.glossary:
        out += [CondPageBreak(st.size * 12), para("Words we use", st.h1, f),
                para("Some services have long names. We shorten them like this.", st.body, f),
                data_table(["Short form", "What it means"],
                           [[k, v[:1].upper() + v[1:]] for k, v in summary.glossary], st,
                           col_widths=[40 * mm, FRAME_WIDTH - 40 * mm])]
    out += [CondPageBreak(st.size * 10), para("Tell us what you think", st.h1, f)]
    out += [para(p, st.body, f) for p in summary.contact]
    return out


# --------------------------------------------------------------------------- Word


def write_public_summary_docx(summary: PublicSummary, path: str | os.PathLike, *,
                              large_print: bool = False) -> Path:
    from docx.shared import Pt, RGBColor

    doc = docx_document(title=f"{summary.title} \u2013 {summary.period_label}",
                        author=summary.authority, subject=summary.subtitle,
                        keywords="You Said We Did; feedback", large_print=large_print)
    section = doc.sections[0]
    docx_header(section, summary.authority, f"{summary.title}: {summary.period_label}")
    docx_page_numbers(section, f"Public \u2022 Published {long_date(summary.produced_on)}")
    size = 16 if large_print else 11

    doc.add_paragraph(summary.authority)
    doc.add_heading(summary.title, level=0)
    doc.add_paragraph(summary.subtitle)
    doc.add_paragraph(summary.period_label)

    doc.add_heading("About this summary", level=1)
    for p in summary.intro:
        doc.add_paragraph(p)
    doc.add_heading("How to read it", level=2)
    for p in summary.how_to_read:
        doc.add_paragraph(p)

    def status_hook(cell, _r, c, value):
        if c == 0 and value in _LABEL_TO_STATUS:
            fill, ink = STATUS_COLOURS[_LABEL_TO_STATUS[value]]
            docx_shade(cell, fill)
            for run in cell.paragraphs[0].runs:
                run.bold = True
                run.font.color.rgb = RGBColor.from_string(ink.lstrip("#"))

    docx_table(doc, ["Where we are", "What it means"],
               [[PUBLIC_STATUS_LABEL[s], text] for s, text in _legend(summary)],
               widths_mm=[55, 119], cell_hook=status_hook)

    doc.add_heading("What you told us about", level=2)
    doc.add_paragraph("This table shows how many people raised things in each topic. Some "
                      "people raised more than one topic, so the total is less than the topics "
                      "added up.")
    docx_table(doc, ["Topic", "People"],
               [[n, p] for n, p in summary.theme_table]
               + [["All topics (different people)", summary.total_people]],
               widths_mm=[134, 40])
    doc.add_heading("Where the changes are now", level=2)
    docx_table(doc, ["Where we are", "Changes"],
               [[label, n] for _s, label, n in summary.status_table], widths_mm=[134, 40],
               cell_hook=status_hook)
    small = doc.add_paragraph(summary.suppression_note)
    small.runs[0].font.size = Pt(size - 1)

    for theme in summary.themes:
        doc.add_heading(theme.name, level=1)
        noun = "person" if theme.people == "1" else "people"
        doc.add_paragraph(f"{theme.people} {noun} raised things about this topic.")
        for a in theme.actions:
            rows = [["You said", a.said], ["We did", a.did],
                    ["Where we are", f"{a.status_label}. {a.status_text}"
                     + (f" {a.when}." if a.when else "")]]
            if a.impact:
                rows.append(["What changed", a.impact])
            if a.partners:
                rows.append(["Working with", a.partners])
            noun = "person" if a.people == "1" else "people"
            rows.append(["Who raised it", f"{a.people} {noun} told us about this."])
            if a.told_back:
                rows.append(["Telling you", a.told_back])
            table = doc.add_table(rows=0, cols=2)
            table.style = "Table Grid"
            for label, value in rows:
                cells = table.add_row().cells
                cells[0].text = ""
                run = cells[0].paragraphs[0].add_run(label)
                run.bold = True
                docx_shade(cells[0], "#E4EEF2")
                cells[1].text = ""
                para_ = cells[1].paragraphs[0]
                if label == "Where we are":
                    # The status word is printed in the coloured cell: never colour alone.
                    fill, ink = STATUS_COLOURS[a.status]
                    docx_shade(cells[1], fill)
                    head = para_.add_run(a.status_label + ". ")
                    head.bold = True
                    tail = para_.add_run(value[len(a.status_label) + 2:])
                    for r in (head, tail):
                        r.font.color.rgb = RGBColor.from_string(ink.lstrip("#"))
                else:
                    para_.add_run(value)
            for quote, who in a.quotes:
                q = doc.add_paragraph(style="Quote") if "Quote" in doc.styles else \
                    doc.add_paragraph()
                q.add_run(f"\u201c{quote}\u201d").italic = True
                doc.add_paragraph(f"\u2013 {who}")
            doc.add_paragraph()
    if not summary.themes:
        doc.add_paragraph("There are no published actions for this period yet.")
    if summary.glossary:
        doc.add_heading("Words we use", level=1)
        doc.add_paragraph("Some services have long names. We shorten them like this.")
        docx_table(doc, ["Short form", "What it means"],
                   [[k, v[:1].upper() + v[1:]] for k, v in summary.glossary],
                   widths_mm=[40, 134])
    doc.add_heading("Tell us what you think", level=1)
    for p in summary.contact:
        doc.add_paragraph(p)
    doc.save(str(path))
    return Path(path)


_LABEL_TO_STATUS = {label: s for s, label in PUBLIC_STATUS_LABEL.items()}
