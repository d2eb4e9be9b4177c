"""The board's "You Said, We Did" action tracker as PDF (landscape) and Word. Layout only: the
rows, counts and rates come from voiceapp.services.yswd_documents.tracker_document."""

from __future__ import annotations

import os
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Spacer

from voiceapp.services.actions import STATUS_COLOURS, STATUS_LABEL, Direction
from voiceapp.services.yswd_documents import TrackerDocument

from .common import (
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
    load_fonts,
    long_date,
    make_styles,
    para,
)

FRAME_WIDTH = 261 * mm - 12  # A4 landscape less 18 mm margins and the frame's padding
_DIRECTION_COLOURS = {Direction.IMPROVED: "#1E7B34", Direction.COMPLETED: "#1D5FA8",
                      Direction.DETERIORATED: "#B3261E", Direction.SAME: "#505050",
                      Direction.NEW: "#505050"}


def write_tracker(document: TrackerDocument, path: str | os.PathLike, *,
                  large_print: bool = False) -> Path:
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        return write_tracker_pdf(document, path, large_print=large_print)
    if suffix == ".docx":
        return write_tracker_docx(document, path, large_print=large_print)
    raise ValueError(f"cannot write {suffix or 'a file without an extension'}; use .pdf or .docx")


def _compare_text(d: TrackerDocument) -> str:
    if d.compare_to is None:
        return "No earlier as-at date to compare with."
    return f"Direction of travel since {long_date(d.compare_to)}."


def _due_text(row, as_at) -> str:
    if row.due_on is None:
        return "No date"
    text = f"{row.due_on:%d/%m/%Y}"
    return f"{text}\nOverdue" if row.overdue else text


def _progress_text(row) -> str:
    if not row.latest_note:
        return "No progress notes yet."
    return f"{row.latest_note_on:%d/%m/%Y}: {row.latest_note}"


# --------------------------------------------------------------------------- PDF


def write_tracker_pdf(d: TrackerDocument, path: str | os.PathLike, *,
                      large_print: bool = False) -> Path:
    fonts = load_fonts()
    st = make_styles(fonts, large_print=large_print, table_size=13 if large_print else 9)
    furniture = PageFurniture(header_left=d.authority,
                              header_right=f"{d.title}: as at {long_date(d.as_at)}",
                              footer_left=f"Produced {long_date(d.produced_on)}",
                              classification="OFFICIAL")
    doc = ReportDoc(path, title=f"{d.title} \u2013 as at {long_date(d.as_at)}",
                    author=d.authority, subject="Board action tracker: status, progress and "
                    "direction of travel", furniture=furniture, fonts=fonts,
                    landscape_body=True, keywords=["You Said We Did", "action tracker", "board"])
    f = fonts
    story = [Spacer(1, 12 * mm), para(d.authority, st.cover_meta, f),
             para("Children\u2019s Services", st.cover_meta, f), Spacer(1, 10 * mm),
             para("You Said, We Did", st.cover_title, f),
             para("Action tracker for the board", st.cover_subtitle, f),
             para(f"Status as at {long_date(d.as_at)}", st.cover_meta, f),
             para(_compare_text(d), st.cover_meta, f), Spacer(1, 12 * mm),
             para(f"Produced {long_date(d.produced_on)} \u2022 Classification: OFFICIAL",
                  st.small, f)]
    story += doc.to_body()
    story += _summary(d, st)
    story += _table(d, st)
    story += [CondPageBreak(40 * mm), para("Notes", st.h2, f)]
    story += [para(n, st.small, f) for n in d.notes]
    doc.build_story(story)
    return Path(path)


def _swatch(status, st: Styles, width: float = 0) -> StatusSwatch:
    return StatusSwatch(STATUS_LABEL[status], *STATUS_COLOURS[status], st.fonts,
                        size=st.cell.fontSize, min_width=width)


def _summary(d: TrackerDocument, st: Styles) -> list:
    f = st.fonts
    out = [para("Summary", st.h1, f)]
    total = sum(d.status_counts.values())
    out.append(para(
        f"{total} actions had a status by {long_date(d.as_at)}. {d.overdue} "
        f"{'is' if d.overdue == 1 else 'are'} overdue. {_compare_text(d)}", st.body, f))
    rows = [[_swatch(s, st, 30 * mm), meaning, f"{d.status_counts.get(s, 0):,}"]
            for s, _label, meaning in d.legend]
    out.append(data_table(["Status", "What it means", "Actions"], rows, st,
                          col_widths=[40 * mm, 150 * mm, 25 * mm], align_right=[2],
                          zebra=False))
    if d.compare_to is not None:
        out.append(Spacer(1, 4 * mm))
        drows = [[f"{f.symbol(x.arrow)} {x.label}", f"{d.direction_counts.get(x, 0):,}"]
                 for x in (Direction.IMPROVED, Direction.SAME, Direction.DETERIORATED,
                           Direction.COMPLETED, Direction.NEW)]
        out.append(data_table([f"Direction since {d.compare_to:%d/%m/%Y}", "Actions"], drows,
                              st, col_widths=[80 * mm, 25 * mm], align_right=[1]))
    out.append(Spacer(1, 4 * mm))
    out.append(para(f"Told-back rate, {d.quarter_label}: {d.told_back_text}.", st.body, f))
    return out


def _table(d: TrackerDocument, st: Styles) -> list:
    f = st.fonts
    previous = f"Status at {d.compare_to:%d/%m/%Y}" if d.compare_to else "Previous"
    header = ["Ref", "You said / we did", "Owner", "Due", "Status now", previous,
              "Direction", "Latest progress"]
    widths = [24, 66, 28, 25, 26, 26, 27, 38]
    scale = FRAME_WIDTH / (sum(widths) * mm)
    widths = [w * mm * scale for w in widths]
    rows, extra = [], []
    for i, r in enumerate(d.rows, start=1):
        said = para(f"You said: {r.said_summary}", st.cell, f)
        did = para(f"We did: {r.we_did or 'Not yet decided.'}", st.cell, f)
        direction = ""
        if r.direction is not None:
            direction = para(f"{f.symbol(r.direction.arrow)} {r.direction.label}", st.cell, f)
        due = [para(f"{r.due_on:%d/%m/%Y}" if r.due_on else "No date", st.cell, f)]
        if r.overdue:
            due.append(para("Overdue", st.cell_bold, f))
        rows.append([
            para(r.reference, st.cell_bold, f), [said, Spacer(1, 2), did],
            para(r.owner_role, st.cell, f), due,
            [_swatch(r.status, st), Spacer(1, 2),
             para(f"as at {r.status_as_at:%d/%m/%Y}", st.small, f)],
            _swatch(r.previous_status, st) if r.previous_status else
            para("\u2013" if d.compare_to else "", st.cell, f),
            direction, para(_progress_text(r), st.cell, f)])
        if r.overdue:
            extra.append(("TEXTCOLOR", (3, i), (3, i), colors.HexColor("#B3261E")))
    out = [CondPageBreak(60 * mm), para("Action tracker", st.h1, f)]
    if not rows:
        out.append(para("No actions had a status by this date.", st.body, f))
        return out
    out.append(data_table(header, rows, st, col_widths=widths, extra=extra))
    return out


# --------------------------------------------------------------------------- Word


def write_tracker_docx(d: TrackerDocument, path: str | os.PathLike, *,
                       large_print: bool = False) -> Path:
    from docx.shared import RGBColor

    doc = docx_document(title=f"{d.title} \u2013 as at {long_date(d.as_at)}",
                        author=d.authority, subject="Board action tracker",
                        keywords="You Said We Did; action tracker", large_print=large_print,
                        landscape_pages=True)
    section = doc.sections[0]
    docx_header(section, d.authority, f"{d.title}: as at {long_date(d.as_at)}")
    docx_page_numbers(section, f"OFFICIAL \u2022 Produced {long_date(d.produced_on)}")
    doc.add_heading("You Said, We Did: action tracker", level=0)
    doc.add_paragraph(f"Status as at {long_date(d.as_at)}. {_compare_text(d)}")
    doc.add_heading("Summary", level=1)
    total = sum(d.status_counts.values())
    doc.add_paragraph(f"{total} actions had a status by {long_date(d.as_at)}. {d.overdue} "
                      f"{'is' if d.overdue == 1 else 'are'} overdue.")
    label_status = {STATUS_LABEL[s]: s for s in STATUS_COLOURS}

    def status_hook(cell, _r, _c, value):
        status = label_status.get(str(value))
        if status is not None:
            fill, ink = STATUS_COLOURS[status]
            docx_shade(cell, fill)
            for run in cell.paragraphs[0].runs:
                run.bold = True
                run.font.color.rgb = RGBColor.from_string(ink.lstrip("#"))

    small = 13 if large_print else 9
    docx_table(doc, ["Status", "What it means", "Actions"],
               [[label, meaning, f"{d.status_counts.get(s, 0):,}"]
                for s, label, meaning in d.legend], widths_mm=[40, 160, 25],
               cell_hook=status_hook)
    if d.compare_to is not None:
        doc.add_paragraph()
        docx_table(doc, [f"Direction since {d.compare_to:%d/%m/%Y}", "Actions"],
                   [[f"{x.arrow} {x.label}", f"{d.direction_counts.get(x, 0):,}"]
                    for x in (Direction.IMPROVED, Direction.SAME, Direction.DETERIORATED,
                              Direction.COMPLETED, Direction.NEW)], widths_mm=[80, 25])
    doc.add_paragraph(f"Told-back rate, {d.quarter_label}: {d.told_back_text}.")
    doc.add_heading("Action tracker", level=1)
    if not d.rows:
        doc.add_paragraph("No actions had a status by this date.")
    else:
        rows = []
        for r in d.rows:
            rows.append([
                r.reference, f"You said: {r.said_summary}\nWe did: {r.we_did or 'Not yet decided.'}",
                r.owner_role, _due_text(r, d.as_at),
                STATUS_LABEL[r.status],
                STATUS_LABEL[r.previous_status] if r.previous_status else "\u2013",
                f"{r.direction.arrow} {r.direction.label}" if r.direction else "",
                _progress_text(r)])

        def hook(cell, _r, c, value):
            if c in (4, 5):
                status_hook(cell, _r, c, value)
            if c == 3 and "Overdue" in str(value):
                for run in cell.paragraphs[0].runs:
                    run.bold = True
                    run.font.color.rgb = RGBColor(0xB3, 0x26, 0x1E)

        docx_table(doc, ["Ref", "You said / we did", "Owner", "Due", "Status", "Previous",
                         "Direction", "Latest progress"], rows,
                   widths_mm=[20, 75, 30, 22, 24, 24, 26, 40], cell_hook=hook, font_size=small)
    doc.add_heading("Notes", level=2)
    for n in d.notes:
        doc.add_paragraph(n)
    doc.save(str(path))
    return Path(path)
