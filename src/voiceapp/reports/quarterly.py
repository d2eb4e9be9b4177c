"""The quarterly engagement report for boards, as PDF (this module) and Word (quarterly_docx).

Layout only: every number comes from voiceapp.services.reporting.QuarterlyReport. The content is
built once as a list of blocks (`build_blocks`): headings, paragraphs, bullet lists, tables whose
cells are already suppressed display strings, charts, quotes. The PDF and Word writers render the
same blocks, so the two formats always say the same thing.

Board-paper conventions (DOMAIN.md section 8): a cover (title, board, meeting date, report by,
classification Open, version or draft), contents, purpose and recommendations, summary with
headline measures and what is working well / what we are worried about, the sections, and an
appendix (definitions, data notes, suppression rule, document control).

Small numbers (DOMAIN.md section 5): any count of people or their records from 1 to 4 prints as
"<5"; a table with a total goes through voiceapp.domain.suppression so that no hidden count can
be worked out (secondary suppression, "*"). Counts of actions and events are not about people
and print as they are. Percentages go through reporting.percent_figure.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.charts.linecharts import HorizontalLineChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    ListFlowable,
    ListItem,
    PageBreak,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.tableofcontents import TableOfContents

from voiceapp.domain.enums import ActionStatus
from voiceapp.domain.suppression import (
    HIDDEN,
    SMALL,
    format_count,
    suppress_counts,
    suppress_table,
)
from voiceapp.services.narrative import percent_text, round_half_up
from voiceapp.services.reporting import (
    GOOD_DOWN,
    GOOD_UP,
    Breakdown,
    Figure,
    Measure,
    QuarterlyReport,
    percent_figure,
)

from .common import (
    ACCENT,
    ACCENT_LIGHT,
    INK,
    RULE,
    PageFurniture,
    ReportDoc,
    StatusSwatch,
    Styles,
    data_table,
    esc,
    load_fonts,
    long_date,
    make_styles,
    para,
)

GOOD_INK = "#1E6B34"
BAD_INK = "#A3261E"
NEUTRAL_INK = "#505050"
STATUS_COLOURS = {
    ActionStatus.BLUE.value: ("#1D5FA8", "#FFFFFF"),
    ActionStatus.GREEN.value: ("#1E7B34", "#FFFFFF"),
    ActionStatus.AMBER.value: ("#F2B33D", "#1A1A1A"),
    ActionStatus.RED.value: ("#B3261E", "#FFFFFF"),
    ActionStatus.COMPLETE.value: ("#4A4A4A", "#FFFFFF"),
    ActionStatus.NOT_YET_DUE.value: ("#DADADA", "#1A1A1A"),
}
# Chart series: distinguishable in greyscale as well as colour.
SERIES = ["#0B4F6C", "#5FA8D3", "#F2B33D", "#8E5572", "#9AA5B1"]
SENTIMENT_COLOURS = {"positive": "#1E7B34", "neutral": "#9AA5B1", "negative": "#B3261E"}
SECTIONS = (
    "Purpose and recommendations", "Summary", "Who we heard from", "What they told us",
    "Complaints", "Compliments", "Surveys", "Co-production and events", "You Said, We Did",
)


@dataclass(frozen=True)
class ReportOptions:
    board: str | None = None
    meeting_date: date | None = None
    author: str = ""
    large_print: bool = False
    draft: bool = False
    version: str | None = None  # default "0.1" for a draft, "1.0" otherwise

    @property
    def version_label(self) -> str:
        v = self.version or ("0.1" if self.draft else "1.0")
        return f"Draft {v}" if self.draft else f"Final {v}"


# =============================================================================================
# Blocks
# =============================================================================================


@dataclass(frozen=True)
class Heading:
    level: int  # 1 section, 2 sub-section, 3 minor
    text: str
    number: str = ""

    @property
    def full(self) -> str:
        return f"{self.number} {self.text}".strip() if self.number else self.text


@dataclass(frozen=True)
class Para:
    text: str
    style: str = "body"  # body, small, lead


@dataclass(frozen=True)
class Bullets:
    items: tuple[str, ...]
    tone: str = ""  # "good", "bad" or "": a coloured marker, with the words saying it too


@dataclass(frozen=True)
class TableBlock:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...]  # relative
    right: tuple[int, ...] = ()  # columns aligned right (numbers)
    total_row: bool = False  # the last row is a total (bold)
    tones: dict = field(default_factory=dict)  # (row, col) -> "good"/"bad"/"neutral"
    statuses: dict = field(default_factory=dict)  # (row, col) -> ActionStatus value
    caption: str = ""
    note: str = ""


@dataclass(frozen=True)
class Chart:
    title: str
    alt: str  # the text alternative: what the chart shows, in words and numbers
    draw: Callable[[float, float, object], Drawing]  # (width, height, fonts) -> Drawing
    height_mm: float = 62


@dataclass(frozen=True)
class QuoteBlock:
    text: str
    attribution: str


@dataclass(frozen=True)
class Break:
    pass


Block = Heading | Para | Bullets | TableBlock | Chart | QuoteBlock | Break


# =============================================================================================
# Number formatting (suppression)
# =============================================================================================


def people(n: int | None) -> str:
    """A count of people or their records: "<5" for 1 to 4."""
    return format_count(n)


def plain(n: int | float | None) -> str:
    """A count of things (actions, events): printed as it is."""
    if n is None:
        return "\u2013"
    return f"{int(n):,}"


def measure_value(m: Measure, fig: Figure) -> str:
    if fig.value is None:
        return "\u2013"
    if m.unit == "percent":
        return percent_figure(fig)
    if m.key in ("events", "events_coproduced"):
        return plain(fig.value)
    return people(int(fig.value))


def change_text(m: Measure, which: str = "previous") -> str:
    ch = m.change(which)
    d = m.direction(which)
    other = m.previous if which == "previous" else m.year_earlier
    if d is None:
        return "No comparison"
    if m.unit == "percent":
        if not (_plain_pct(percent_figure(m.current)) and _plain_pct(percent_figure(other))):
            return _arrow(d)
        return f"{_arrow(d)} {abs(ch):.1f} pts" if d != "same" else f"{_arrow(d)} no change"
    cur, prev = int(m.current.value or 0), int(other.value or 0)
    small = 0 < cur < 5 or 0 < prev < 5
    if m.key not in ("events", "events_coproduced") and small:
        return _arrow(d)
    if d == "same":
        return f"{_arrow(d)} no change"
    if ch is None:
        return f"{_arrow(d)} from 0"
    return f"{_arrow(d)} {count_change_pct(cur, prev)}"


def count_change_pct(current: int, previous: int) -> str:
    """"13%": a count's change in whole percent, rounded half up from the exact counts, as the
    report's sentences round it (Python's round() would print 12.5% as "12%" beside a sentence
    saying 13%)."""
    return f"{round_half_up(abs(current - previous) / previous * 100)}%"


def _plain_pct(text: str) -> bool:
    return text.endswith("%") and not text.startswith(("under", "over"))


def _arrow(direction: str) -> str:
    return {"up": "\u25b2", "down": "\u25bc", "same": "\u25ba"}.get(direction, "")


def judgement_text(m: Measure) -> str:
    j = m.judgement("previous")
    return {"better": "Better", "worse": "Worse", "same": "No change"}.get(j or "", "\u2013")


def aim_text(m: Measure) -> str:
    return {GOOD_UP: "Higher is better", GOOD_DOWN: "Lower is better"}.get(m.good, "For context")


def _tone(m: Measure) -> str:
    return {"better": "good", "worse": "bad"}.get(m.judgement("previous") or "", "neutral")


def breakdown_table(rows: Sequence[Breakdown], first: str, labels: tuple[str, str, str],
                    *, total: bool = True, limit: int | None = None,
                    caption: str = "") -> TableBlock:
    """Rows of people-counts for three periods with a total row, suppressed together (so no
    "<5" can be worked out from the total)."""
    shown = list(rows)
    other = None
    if limit is not None and len(shown) > limit:
        # Fold the rest into one row so the total still adds up.
        rest = shown[limit:]
        shown = shown[:limit]
        other = Breakdown("_other", "All others", sum(r.current for r in rest),
                          sum(r.previous for r in rest), sum(r.year_earlier for r in rest))
        shown.append(other)
    keys = [r.code or f"_none{i}" for i, r in enumerate(shown)]
    table = suppress_table({k: {"c": r.current, "p": r.previous, "y": r.year_earlier}
                            for k, r in zip(keys, shown, strict=True)},
                           columns=["c", "p", "y"], row_totals=False, column_totals=total,
                           grand_total=False)
    out = [(r.label, table.cell(k, "c"), table.cell(k, "p"), table.cell(k, "y"))
           for k, r in zip(keys, shown, strict=True)]
    if total:
        out.append(("Total", table.column_totals["c"], table.column_totals["p"],
                    table.column_totals["y"]))
    note = _note_for(out)
    return TableBlock((first, *labels), tuple(out), (3.2, 1.2, 1.2, 1.2), right=(1, 2, 3),
                      total_row=total, caption=caption, note=note)


def _note_for(rows) -> str:
    cells = {c for r in rows for c in r[1:]}
    parts = []
    if SMALL in cells:
        parts.append("\u201c<5\u201d: a number from 1 to 4, not shown to protect privacy.")
    if HIDDEN in cells:
        parts.append("\u201c*\u201d: hidden so that a \u201c<5\u201d cannot be worked out from "
                     "the total.")
    return " ".join(parts)


# =============================================================================================
# Charts (reportlab.graphics: vector in the PDF)
# =============================================================================================


def _font(fonts) -> str:
    return fonts.regular


def _legend(d: Drawing, x: float, y: float, pairs, fonts, size: float) -> None:
    lg = Legend()
    lg.x, lg.y = x, y
    lg.fontName, lg.fontSize = _font(fonts), size
    lg.alignment = "right"
    lg.columnMaximum = 1
    lg.deltax = 0
    lg.dx, lg.dy = size * 0.9, size * 0.9
    lg.dxTextSpace = 4
    lg.colorNamePairs = [(colors.HexColor(c), n) for c, n in pairs]
    lg.strokeWidth = 0
    lg.boxAnchor = "sw"
    lg.variColumn = 1
    lg.columnMaximum = len(pairs)
    lg.deltay = size * 1.45
    d.add(lg)


def _chart_volumes(report: QuarterlyReport, size: float):
    groups = [("compliment", "Compliments"), ("complaint", "Complaints"),
              ("survey_response", "Survey responses")]
    labels = [p.label.replace(" ", "\n", 1) for p in report.who.volume_trend]
    series = []
    for kind, _name in groups:
        series.append([p.by_kind.get(kind, 0) for p in report.who.volume_trend])
    series.append([p.total - sum(p.by_kind.get(k, 0) for k, _ in groups)
                   for p in report.who.volume_trend])
    names = [n for _, n in groups] + ["Comments, questions and other"]

    def draw(width: float, height: float, fonts) -> Drawing:
        d = Drawing(width, height)
        c = VerticalBarChart()
        c.x, c.y = 40, 34
        c.width, c.height = width - 210, height - 50
        c.data = series
        c.categoryAxis.style = "stacked"
        c.categoryAxis.categoryNames = labels
        c.categoryAxis.labels.fontName = _font(fonts)
        c.categoryAxis.labels.fontSize = size
        c.categoryAxis.labels.dy = -2
        c.valueAxis.labels.fontName = _font(fonts)
        c.valueAxis.labels.fontSize = size
        c.valueAxis.valueMin = 0
        c.valueAxis.labelTextFormat = lambda v: f"{int(v):,}"
        c.valueAxis.visibleGrid = True
        c.valueAxis.gridStrokeColor = colors.HexColor("#DDDDDD")
        c.barWidth = 14
        c.groupSpacing = 14
        c.strokeColor = None
        for i, col in enumerate(SERIES[:len(series)]):
            c.bars[i].fillColor = colors.HexColor(col)
            c.bars[i].strokeColor = colors.white
            c.bars[i].strokeWidth = 0.4
        d.add(c)
        _legend(d, width - 160, 40, list(zip(SERIES, names, strict=False)), fonts, size)
        return d

    parts = "; ".join(f"{p.label}: {people(p.total)}" for p in report.who.volume_trend)
    alt = (f"Stacked bar chart of feedback records received in each of the last "
           f"{len(report.who.volume_trend)} quarters, split into compliments, complaints, "
           f"survey responses and everything else. Totals: {parts}.")
    return Chart("Feedback records received, by quarter", alt, draw)


def _chart_themes(report: QuarterlyReport, size: float):
    rows = list(report.told.themes)[::-1]  # the chart draws bottom-up

    def val(n: int) -> int:
        return 0 if 0 < n < 5 else n

    def draw(width: float, height: float, fonts) -> Drawing:
        d = Drawing(width, height)
        c = HorizontalBarChart()
        c.x, c.y = 185, 26
        c.width, c.height = width - 320, height - 36
        c.data = [[val(r.previous) for r in rows], [val(r.current) for r in rows]]
        c.categoryAxis.categoryNames = [_short(r.name, 34) + (" \u2605" if r.rise.significant
                                                               else "") for r in rows]
        c.categoryAxis.labels.fontName = _font(fonts)
        c.categoryAxis.labels.fontSize = size
        c.categoryAxis.labels.boxAnchor = "e"
        c.categoryAxis.labels.dx = -4
        c.valueAxis.valueMin = 0
        c.valueAxis.labels.fontName = _font(fonts)
        c.valueAxis.labels.fontSize = size
        c.valueAxis.visibleGrid = True
        c.valueAxis.gridStrokeColor = colors.HexColor("#DDDDDD")
        c.bars[0].fillColor = colors.HexColor("#9AA5B1")
        c.bars[1].fillColor = colors.HexColor("#0B4F6C")
        c.bars.strokeColor = None
        c.barSpacing = 1
        c.groupSpacing = 5
        c.barLabelFormat = lambda v: f"{int(v):,}" if v else ""
        c.barLabels.fontName = _font(fonts)
        c.barLabels.fontSize = size * 0.85
        c.barLabels.boxAnchor = "w"
        c.barLabels.dx = 3
        d.add(c)
        _legend(d, width - 100, 30, [("#0B4F6C", "This quarter"),
                                     ("#9AA5B1", "Previous quarter")], fonts, size)
        return d

    parts = "; ".join(f"{r.name}: {people(r.current)} (previous quarter {people(r.previous)})"
                      + (", a real rise" if r.rise.significant else "")
                      for r in report.told.themes)
    alt = (f"Horizontal bar chart comparing the number of records mentioning each of the "
           f"{len(report.told.themes)} most common themes this quarter and the previous "
           f"quarter. A star marks a real rise. {parts}.")
    return Chart("Most common themes: this quarter and the previous quarter", alt, draw,
                 height_mm=max(60, 9 * len(rows) + 16))


def _chart_sentiment(report: QuarterlyReport, size: float):
    pts = report.told.sentiment_trend
    data = [[p.share(k) or 0 for p in pts] for k in ("positive", "neutral", "negative")]

    def draw(width: float, height: float, fonts) -> Drawing:
        d = Drawing(width, height)
        c = HorizontalLineChart()
        c.x, c.y = 40, 30
        c.width, c.height = width - 200, height - 44
        c.data = data
        c.categoryAxis.categoryNames = [p.label.replace(" ", "\n", 1) for p in pts]
        c.categoryAxis.labels.dy = -2
        c.categoryAxis.labels.fontName = _font(fonts)
        c.categoryAxis.labels.fontSize = size
        c.valueAxis.valueMin, c.valueAxis.valueMax, c.valueAxis.valueStep = 0, 100, 20
        c.valueAxis.labels.fontName = _font(fonts)
        c.valueAxis.labels.fontSize = size
        c.valueAxis.labelTextFormat = "%d%%"
        c.valueAxis.visibleGrid = True
        c.valueAxis.gridStrokeColor = colors.HexColor("#DDDDDD")
        for i, k in enumerate(("positive", "neutral", "negative")):
            c.lines[i].strokeColor = colors.HexColor(SENTIMENT_COLOURS[k])
            c.lines[i].strokeWidth = 2.2
            c.lines[i].strokeDashArray = [None, (4, 2), (1.5, 2)][i]
        d.add(c)
        _legend(d, width - 150, 40, [(SENTIMENT_COLOURS["positive"], "Positive"),
                                     (SENTIMENT_COLOURS["neutral"], "Neutral"),
                                     (SENTIMENT_COLOURS["negative"], "Negative")], fonts, size)
        return d

    parts = "; ".join(f"{p.label}: {_pct(p.share('positive'))} positive, "
                      f"{_pct(p.share('negative'))} negative" for p in pts)
    alt = (f"Line chart of the share of records that were positive, neutral and negative in "
           f"each of the last {len(pts)} quarters. {parts}.")
    return Chart("Sentiment of what people told us, by quarter", alt, draw, height_mm=58)


def _pct(v: float | None) -> str:
    return percent_text(v)


def _chart_timeliness(report: QuarterlyReport, size: float):
    ms = [report.complaints.year_earlier, report.complaints.previous, report.complaints.current]
    names = [report.year_label, report.previous_label, report.label]
    stages = sorted({n for m in ms for n, s in m.by_stage.items() if s.timeliness_base} or {1})

    def pct(m, n) -> float:
        st = m.by_stage.get(n)
        if st is None or st.timeliness_base < 10 or st.pct_within_timescale is None:
            return 0
        return st.pct_within_timescale

    data = [[pct(m, n) for n in stages] for m in ms]

    def draw(width: float, height: float, fonts) -> Drawing:
        d = Drawing(width, height)
        c = VerticalBarChart()
        c.x, c.y = 40, 28
        c.width, c.height = width - 200, height - 40
        c.data = data
        c.categoryAxis.categoryNames = [f"Stage {n}" for n in stages]
        c.categoryAxis.labels.fontName = _font(fonts)
        c.categoryAxis.labels.fontSize = size
        c.valueAxis.valueMin, c.valueAxis.valueMax, c.valueAxis.valueStep = 0, 100, 20
        c.valueAxis.labels.fontName = _font(fonts)
        c.valueAxis.labels.fontSize = size
        c.valueAxis.labelTextFormat = "%d%%"
        c.valueAxis.visibleGrid = True
        c.valueAxis.gridStrokeColor = colors.HexColor("#DDDDDD")
        for i, col in enumerate(["#C8D1D9", "#9AA5B1", "#0B4F6C"]):
            c.bars[i].fillColor = colors.HexColor(col)
        c.bars.strokeColor = None
        c.barLabelFormat = lambda v: percent_text(v) if v else ""
        c.barLabels.fontName = _font(fonts)
        c.barLabels.fontSize = size * 0.85
        c.barLabels.nudge = 6
        d.add(c)
        _legend(d, width - 150, 40, [("#0B4F6C", names[2]), ("#9AA5B1", names[1]),
                                     ("#C8D1D9", names[0])], fonts, size)
        return d

    parts = "; ".join(
        f"Stage {n}: " + ", ".join(f"{names[i]} {_pct(data[i][j]) if data[i][j] else 'too few'}"
                                   for i in range(3)) for j, n in enumerate(stages))
    alt = ("Bar chart of the percentage of complaint responses sent within timescale at each "
           f"stage, this quarter, the previous quarter and the same quarter last year (stages "
           f"with fewer than ten responses are not shown). {parts}.")
    return Chart("Complaint responses within timescale, by stage", alt, draw, height_mm=56)


def _chart_yswd(report: QuarterlyReport, size: float):
    sts = list(report.yswd.statuses)[::-1]

    def draw(width: float, height: float, fonts) -> Drawing:
        d = Drawing(width, height)
        c = HorizontalBarChart()
        c.x, c.y = 110, 22
        c.width, c.height = width - 230, height - 30
        c.data = [[s.before for s in sts], [s.now for s in sts]]
        c.categoryAxis.categoryNames = [s.label for s in sts]
        c.categoryAxis.labels.fontName = _font(fonts)
        c.categoryAxis.labels.fontSize = size
        c.categoryAxis.labels.boxAnchor = "e"
        c.categoryAxis.labels.dx = -4
        c.valueAxis.valueMin = 0
        c.valueAxis.valueStep = max(1, (max([s.now for s in sts] + [s.before for s in sts]
                                            + [1]) + 4) // 5)
        c.valueAxis.labels.fontName = _font(fonts)
        c.valueAxis.labels.fontSize = size
        c.valueAxis.visibleGrid = True
        c.valueAxis.gridStrokeColor = colors.HexColor("#DDDDDD")
        c.bars[0].fillColor = colors.HexColor("#D5D9DD")
        for i, s in enumerate(sts):
            c.bars[(1, i)].fillColor = colors.HexColor(STATUS_COLOURS[s.status][0])
            c.bars[(0, i)].fillColor = colors.HexColor("#D5D9DD")
        c.bars.strokeColor = colors.HexColor("#555555")
        c.bars.strokeWidth = 0.3
        c.barLabelFormat = lambda v: f"{int(v)}" if v else ""
        c.barLabels.fontName = _font(fonts)
        c.barLabels.fontSize = size * 0.85
        c.barLabels.boxAnchor = "w"
        c.barLabels.dx = 3
        d.add(c)
        d.add(String(width - 100, height - 18, "Coloured: now", fontName=_font(fonts),
                     fontSize=size))
        d.add(String(width - 100, height - 18 - size * 1.5, "Grey: quarter before",
                     fontName=_font(fonts), fontSize=size))
        return d

    parts = "; ".join(f"{s.label}: {s.now} (was {s.before})" for s in report.yswd.statuses)
    alt = (f"Bar chart of You Said, We Did actions by status at {long_date(report.yswd.as_at)}, "
           f"with the counts at {long_date(report.yswd.compare_to)} for comparison. {parts}.")
    return Chart("You Said, We Did actions by status", alt, draw, height_mm=52)


def _short(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1].rstrip() + "\u2026"


# =============================================================================================
# Content
# =============================================================================================


def build_blocks(r: QuarterlyReport, opts: ReportOptions) -> list[Block]:
    """Everything after the cover and contents, in order."""
    size = 11.0 if opts.large_print else 7.5
    periods = ("This quarter", "Previous quarter", "Same quarter last year")
    b: list[Block] = []

    # 1 Purpose and recommendations
    b.append(Heading(1, SECTIONS[0], "1."))
    b.append(Para(
        f"This report tells the {r.board} what children, young people, parent carers and "
        f"partners told {r.authority} children\u2019s services in {r.months} "
        f"({r.label}), what has changed since the previous quarter and the same quarter last "
        "year, and what the service did in response (\u201cYou Said, We Did\u201d)."))
    b.append(Heading(2, "Recommendation", "1.1"))
    b.append(Para("That the Board notes the report and indicates any areas for further "
                  "scrutiny.", "lead"))
    b.append(Heading(2, "Reason for the recommendation", "1.2"))
    b.append(Para("The Board oversees how well services listen to children, young people and "
                  "families and act on what they say. Figures are for the quarter, compared "
                  "with the previous quarter and the same quarter a year earlier; for every "
                  "measure the report says which direction is better."))

    # 2 Summary
    b.append(Heading(1, SECTIONS[1], "2."))
    b.append(Para(r.summary_intro, "lead"))
    b.append(Heading(2, "Headline measures", "2.1"))
    rows, tones = [], {}
    for i, m in enumerate(r.headline):
        if opts.large_print:
            # Five wider columns: at 14 pt seven columns would break words.
            rows.append((f"{m.label} ({aim_text(m).lower()})", measure_value(m, m.current),
                         measure_value(m, m.previous), measure_value(m, m.year_earlier),
                         f"{change_text(m)}: {judgement_text(m)}"))
            tones[(i, 4)] = _tone(m)
        else:
            rows.append((m.label, measure_value(m, m.current), measure_value(m, m.previous),
                         measure_value(m, m.year_earlier), change_text(m),
                         judgement_text(m), aim_text(m)))
            tones[(i, 4)] = tones[(i, 5)] = _tone(m)
    if opts.large_print:
        header = ("Measure (which way is good)", "This quarter", "Previous quarter",
                  "Same quarter last year", "Change: better or worse")
        widths = (2.7, 1.2, 1.5, 1.35, 1.9)
    else:
        header = ("Measure", "This quarter", "Previous quarter", "Same quarter last year",
                  "Change on previous quarter", "Better or worse", "Which way is good")
        widths = (3.4, 1.2, 1.3, 1.3, 1.45, 1.15, 1.45)
    b.append(TableBlock(header, tuple(rows), widths, right=(1, 2, 3), tones=tones,
                        note="\u25b2 up, \u25bc down, \u25ba no change; counts change in "
                             "percent, percentages in percentage points (pts). \u201cBetter\u201d "
                             "or \u201cWorse\u201d says whether the change on the previous "
                             "quarter is in the good direction for that measure. \u201c<5\u201d "
                             "is a number from 1 to 4."))
    b.append(Heading(2, "What is working well", "2.2"))
    b.append(Bullets(r.working_well, "good"))
    b.append(Heading(2, "What we are worried about", "2.3"))
    b.append(Bullets(r.concerns, "bad"))

    # 3 Who we heard from
    w = r.who
    b.append(Break())
    b.append(Heading(1, SECTIONS[2], "3."))
    b.append(Bullets(w.narrative))
    b.append(_chart_volumes(r, size))
    b.append(Heading(2, "Records by kind", "3.1"))
    b.append(breakdown_table(w.by_kind, "Kind of record", periods))
    b.append(Heading(2, "Who the records came from", "3.2"))
    b.append(breakdown_table(w.by_role, "Respondent", periods, limit=9))
    b.append(Heading(2, "How people got in touch", "3.3"))
    b.append(breakdown_table(w.by_channel, "Channel", periods))
    b.append(Heading(2, "Service areas", "3.4"))
    b.append(breakdown_table(w.by_service_area, "Service area", periods, limit=12))
    b.append(Heading(2, "Districts", "3.5"))
    b.append(breakdown_table(w.by_district, "District", periods))
    if w.by_age_band:
        b.append(Heading(2, "Children and young people by age", "3.6"))
        b.append(breakdown_table(w.by_age_band, "Age band", periods,
                                 caption="Records from children and young people that "
                                         "recorded an age band."))
    rv = w.reviews
    b.append(Heading(2, "Children looked after: taking part in their reviews", "3.7"))
    b.append(Bullets(rv.narrative))
    b.append(breakdown_table(rv.breakdown, "How the child took part", periods))

    # 4 What they told us
    t = r.told
    b.append(Break())
    b.append(Heading(1, SECTIONS[3], "4."))
    b.append(Bullets(t.narrative))
    b.append(Heading(2, "Main themes", "4.1"))
    rows, tones = [], {}
    for i, th in enumerate(t.themes):
        change = "\u2013"
        if th.previous and not (0 < th.current < 5 or 0 < th.previous < 5):
            arrow = _arrow("up" if th.current > th.previous else
                           "down" if th.current < th.previous else "same")
            change = f"{arrow} {count_change_pct(th.current, th.previous)}"
        rise = "Yes" if th.rise.significant else "No"
        if th.rise.significant:
            tones[(i, 5)] = "bad" if (th.net() or 0) < 0 else "good"
        rows.append((th.name, people(th.current),
                     "\u2013" if th.share is None or 0 < th.current < 5 else
                     percent_text(th.share), people(th.previous), change, rise,
                     people(th.year_earlier)))
    b.append(TableBlock(("Theme", "Records", "Share of records", "Previous quarter",
                         "Change", "Real rise?", "Same quarter last year"), tuple(rows),
                        (3.3, 1.0, 1.1, 1.1, 1.0, 0.9, 1.2),
                        right=(1, 2, 3, 4, 6), tones=tones,
                        note=f"A record can mention more than one theme. \u201cReal rise\u201d: "
                             f"{t.test}."))
    if t.themes:
        b.append(_chart_themes(r, size))
    b.append(Heading(2, "Sentiment", "4.2"))
    b.append(Bullets(t.sentiment_narrative))
    b.append(_chart_sentiment(r, size))
    rows, tones = [], {}
    for i, th in enumerate(t.themes):
        n = th.analysed
        if n < 10:
            rows.append((th.name, "\u2013", "\u2013", "\u2013", "\u2013", "\u2013"))
            continue

        def share(k: int, n: int = n) -> str:
            return percent_figure(Figure(100.0 * k / n, k, n))

        net, before = th.net(), th.net(previous=True)
        trend = "\u2013"
        if before is not None and th.previous_analysed >= 10:
            diff = net - before
            trend = f"{_arrow('up' if diff > 0.5 else 'down' if diff < -0.5 else 'same')} " \
                    f"{round_half_up(abs(diff))} pts"
            tones[(i, 5)] = "good" if diff > 0.5 else "bad" if diff < -0.5 else "neutral"
        rows.append((th.name, share(th.positive), share(th.neutral), share(th.negative),
                     f"{net:+.0f}", trend))
    b.append(TableBlock(("Theme", "Positive", "Neutral", "Negative", "Net", "Net change on "
                         "previous quarter"), tuple(rows), (3.2, 1.15, 1.15, 1.15, 0.7, 1.5),
                        right=(1, 2, 3, 4, 5), tones=tones,
                        caption="Sentiment of the records mentioning each main theme this "
                                "quarter.",
                        note="Net: percentage positive minus percentage negative. Themes with "
                             "fewer than ten records are not broken down."))
    b.append(Heading(2, "In their own words", "4.3"))
    if t.quotes:
        b.append(Para("These are the words of people who agreed to be quoted. Names and other "
                      "details that could identify anyone have been removed.", "small"))
        for q in t.quotes:
            b.append(QuoteBlock(q.text, f"{q.attribution}" + (f" \u2013 {q.theme}"
                                                                 if q.theme else "")))
    else:
        b.append(Para("Nobody who gave feedback this quarter agreed to be quoted, so there are "
                      "no quotes."))

    # 5 Complaints
    c = r.complaints
    b.append(Break())
    b.append(Heading(1, SECTIONS[4], "5."))
    b.append(Bullets(c.narrative))
    b.append(Heading(2, "Complaints by stage", "5.1"))
    stages = sorted(set(c.current.by_stage) | {1})
    rows = []
    for n in stages:
        st = c.current.by_stage.get(n)
        if st is None:
            continue
        in_time = percent_figure(Figure(st.pct_within_timescale, st.within_timescale,
                                        st.timeliness_base))
        in_ext = percent_figure(Figure(st.pct_within_extended_timescale,
                                       st.within_extended_timescale, st.timeliness_base))
        avg = "\u2013" if st.avg_working_days is None or st.timeliness_base < 5 else \
            f"{st.avg_working_days:.1f}"
        rows.append((f"Stage {n}", people(st.received), people(st.closed), in_time, in_ext,
                     avg))
    b.append(TableBlock(("Stage", "Received", "Answered", "Within timescale",
                         "Within agreed extension", "Average working days"), tuple(rows),
                        (1.3, 1.1, 1.1, 1.3, 1.5, 1.4), right=(1, 2, 3, 4, 5),
                        note="Stages of all complaint procedures together. Percentages are of "
                             "responses sent in the quarter (withdrawn complaints excluded)."))
    b.append(_chart_timeliness(r, size))
    b.append(Heading(2, "Outcomes", "5.2"))
    labels = {"upheld": "Upheld", "partially_upheld": "Partially upheld",
              "not_upheld": "Not upheld", "withdrawn": "Withdrawn",
              "not_accepted": "Not accepted"}
    out = c.current.outcomes
    shown = suppress_counts({k: out.get(k, 0) for k in labels}, total=sum(out.values()))
    rows = [(labels[k], shown[k]) for k in labels] + [("Total", shown.total or "0")]
    b.append(TableBlock(("Outcome of stages answered this quarter", "Stages"), tuple(rows),
                        (4, 1.2), right=(1,), total_row=True, note=_note_for(rows)))
    b.append(Para(c.upheld.sentence("previous") if c.upheld.current.base else
                  "No complaint stage was decided this quarter."))
    b.append(Heading(2, "Local Government and Social Care Ombudsman", "5.3"))
    findings = {k: v for k, v in c.current.ombudsman_findings.items() if v}
    if c.current.ombudsman_referrals or findings:
        from voiceapp.domain.complaint_rules import OMBUDSMAN_DECISION_LABELS
        from voiceapp.domain.enums import OmbudsmanDecision

        rows = [("Complaints referred to the Ombudsman", people(c.current.ombudsman_referrals))]
        rows += [(f"Decision: {OMBUDSMAN_DECISION_LABELS[OmbudsmanDecision(k)]}", people(v))
                 for k, v in findings.items()]
        b.append(TableBlock(("This quarter", "Complaints"), tuple(rows), (4, 1.2),
                            right=(1,), note=_note_for(rows)))
    else:
        b.append(Para("No complaints were referred to the Ombudsman and no decisions were "
                      "received this quarter."))
    b.append(Heading(2, "Complaints by theme", "5.4"))
    theme_rows = [Breakdown(k, k, v, 0, 0) for k, v in list(c.current.by_theme.items())[:10]]
    if theme_rows:
        counts = {row.label: row.current for row in theme_rows}
        shown = {k: people(v) for k, v in counts.items()}
        rows = [(k, shown[k]) for k in counts]
        b.append(TableBlock(("Theme of complaints received this quarter", "Complaints"),
                            tuple(rows), (4, 1.2), right=(1,),
                            note="A complaint can have more than one theme. "
                                 + _note_for(rows)))
    b.append(Heading(2, "What we learned", "5.5"))
    if c.learning:
        b.append(Bullets(tuple(c.learning[:8])))
    else:
        b.append(Para("No learning points were recorded on complaints answered this quarter."))

    # 6 Compliments
    cp = r.compliments
    b.append(Heading(1, SECTIONS[5], "6."))
    b.append(Bullets(cp.narrative))
    cur = cp.current
    b.append(Heading(2, "What compliments were about", "6.1"))
    if cur.by_theme:
        rows = [(k, people(v), _share_text(v, cur.received))
                for k, v in list(cur.by_theme.items())[:10]]
        b.append(TableBlock(("Theme", "Compliments", "Share"), tuple(rows), (4, 1.2, 1.0),
                            right=(1, 2), note="A compliment can have more than one theme. "
                                               + _note_for(rows)))
    b.append(Heading(2, "Teams thanked", "6.2"))
    # Named teams first; "not recorded" last, whatever its size.
    teams = sorted(cur.by_team.items(), key=lambda kv: kv[0].lower().startswith("team not"))
    teams = teams[:10]
    if teams:
        rows = [(k, people(v)) for k, v in teams]
        b.append(TableBlock(("Team", "Compliments"), tuple(rows), (4, 1.2), right=(1,),
                            note=_note_for(rows)))

    # 7 Surveys
    sv = r.surveys
    b.append(Heading(1, SECTIONS[6], "7."))
    b.append(Bullets(sv.narrative))
    for i, ed in enumerate(sv.editions, start=1):
        b.append(Heading(2, ed.edition, f"7.{i}"))
        period = ""
        if ed.opens_on and ed.closes_on:
            period = f" It was open from {long_date(ed.opens_on)} to {long_date(ed.closes_on)}."
        prev = (f" The previous edition, the {ed.previous_edition}, had "
                f"{people(ed.previous_responses or 0)} responses.") if ed.previous_edition else \
            " This is the first edition, so there is nothing to compare with."
        b.append(Para(f"The {ed.edition} received {people(ed.responses)} responses in all, "
                      f"{people(ed.responses_in_quarter)} of them this quarter.{period}{prev}"))
        rows = []
        for q in ed.questions:
            now = percent_figure(Figure(q.positive_pct, q.positive_count, q.answers))
            before = "\u2013" if q.previous_positive_pct is None else percent_figure(
                Figure(q.previous_positive_pct, q.previous_positive_count, q.previous_answers))
            mean = "\u2013" if q.mean is None or q.answers < 10 else f"{q.mean:.1f}"
            pmean = "\u2013" if q.previous_mean is None or (q.previous_answers or 0) < 10 \
                else f"{q.previous_mean:.1f}"
            rows.append((f"{q.text} ({q.positive_label})", people(q.answers), now, before,
                         mean, pmean))
        if rows:
            b.append(TableBlock(("Question", "Answers", "This edition", "Previous edition",
                                 "Mean rating", "Previous mean"), tuple(rows),
                                (4.2, 1.0, 1.1, 1.2, 1.0, 1.1), right=(1, 2, 3, 4, 5),
                                note="Ratings are out of 5. Percentages are of the people who "
                                     "answered the question."))

    # 8 Co-production and events
    e = r.engagement
    b.append(Heading(1, SECTIONS[7], "8."))
    b.append(Bullets(e.narrative))
    b.append(Heading(2, "Attendance", "8.1"))
    b.append(breakdown_table(e.attendance_by_group, "Who attended", periods))
    if e.event_list:
        b.append(Heading(2, "Events this quarter", "8.2"))
        rows = [(ev.name, f"{ev.held_on:%-d %b %Y}", ev.district or "\u2013",
                 "Yes" if ev.coproduced else "No", people(ev.attendance))
                for ev in e.event_list]
        more = "" if e.events_total <= len(e.event_list) else (
            f"The {len(e.event_list)} best-attended of {e.events_total} events.")
        b.append(TableBlock(("Event", "Date", "District", "Co-produced", "Attendance"),
                            tuple(rows), (3.5, 1.3, 1.4, 1.3, 1.3), right=(4,),
                            note=(more + " " + _note_for([r_[3:] for r_ in rows])).strip()))

    # 9 You Said, We Did
    y = r.yswd
    b.append(Break())
    b.append(Heading(1, SECTIONS[8], "9."))
    b.append(Bullets(y.narrative))
    b.append(Heading(2, "Status of actions", "9.1"))
    rows, statuses = [], {}
    for i, s in enumerate(y.statuses):
        rows.append((s.label, s.meaning, plain(s.now), plain(s.before)))
        statuses[(i, 0)] = s.status
    rows.append(("Total", "", plain(sum(s.now for s in y.statuses)),
                 plain(sum(s.before for s in y.statuses))))
    b.append(TableBlock(("Status", "What it means", f"At {y.as_at:%-d %b %Y}",
                         f"At {y.compare_to:%-d %b %Y}"), tuple(rows), (1.4, 3.6, 1.2, 1.2),
                        right=(2, 3), total_row=True, statuses=statuses))
    b.append(_chart_yswd(r, size))
    b.append(Heading(2, "Direction of travel", "9.2"))
    names = {"improved": "Improved", "completed": "Completed", "same": "Same",
             "deteriorated": "Deteriorated", "new": "New since the last quarter"}
    rows = [(f"{_arrow({'improved': 'up', 'deteriorated': 'down', 'same': 'same'}.get(k, ''))} "
             f"{v}".strip(), plain(y.directions.get(k, 0))) for k, v in names.items()]
    b.append(TableBlock(("Since the end of the previous quarter", "Actions"), tuple(rows),
                        (4, 1.2), right=(1,)))
    b.append(Heading(2, "The actions", "9.3"))
    if y.rows:
        rows, statuses = [], {}
        for i, a in enumerate(y.rows):
            from voiceapp.services.actions import STATUS_LABEL

            direction = a.direction.label if a.direction else "\u2013"
            rows.append((a.reference, a.said_summary, a.we_did or "Not yet decided.",
                         STATUS_LABEL[a.status], direction))
            statuses[(i, 3)] = a.status.value
        b.append(TableBlock(("Ref", "You said", "We did", "Status", "Direction"), tuple(rows),
                            (1.45, 3.1, 3.1, 1.35, 1.45), statuses=statuses))
    else:
        b.append(Para("There were no actions on the tracker at the end of the quarter."))

    # Appendix
    a = r.appendix
    b.append(Break())
    b.append(Heading(1, "Appendix", "A."))
    b.append(Heading(2, "Definitions", "A.1"))
    b.append(TableBlock(("Term", "Meaning"), tuple(a.definitions), (1.6, 5.4)))
    b.append(Heading(2, "Data notes", "A.2"))
    b.append(Bullets(a.data_notes))
    b.append(Heading(2, "Suppression of small numbers", "A.3"))
    b.append(Para(a.suppression_note))
    b.append(Heading(2, "Document control", "A.4"))
    produced = long_date(r.produced_at.date())
    b.append(TableBlock(("Version", "Date", "Author", "Change"), (
        (opts.version_label, produced, opts.author or "Engagement team",
         ("Draft for review before the meeting." if opts.draft else
          "Issued to the Board.")),), (1.3, 1.4, 1.8, 3.0)))
    return b


def _share_text(n: int, total: int) -> str:
    if not total or 0 < n < 5:
        return "\u2013"
    return percent_figure(Figure(100.0 * n / total, n, total))


# =============================================================================================
# PDF
# =============================================================================================


class _QuarterlyDoc(ReportDoc):
    """ReportDoc plus a table of contents and PDF bookmarks for section headings."""

    def afterFlowable(self, flowable):  # reportlab hook name
        key = getattr(flowable, "_toc", None)
        if key is not None:
            level, text, anchor = key
            self.canv.bookmarkPage(anchor)
            self.canv.addOutlineEntry(text, anchor, level=level, closed=level > 0)
            if level == 0:
                self.notify("TOCEntry", (0, text, self.page, anchor))


def _heading_para(h: Heading, st: Styles, n: int) -> Paragraph:
    style = {1: st.h1, 2: st.h2}.get(h.level, st.h3)
    p = para(h.full, style, st.fonts)
    p._toc = (h.level - 1, h.full, f"h{n}") if h.level <= 2 else None
    return p


def _fit_widths(t: TableBlock, st: Styles, width: float) -> list[float]:
    """Column widths from the block's proportions, widened where a header word, a number or a
    short cell would otherwise break mid-word (large print needs this), taking the room from
    the columns with slack (usually the wide text column)."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    total = sum(t.widths)
    widths = [width * w / total for w in t.widths]
    size = st.cell.fontSize
    pad = 12.0
    need = []
    for j, h in enumerate(t.header):
        m = max((stringWidth(w, st.fonts.bold, size) for w in str(h).split()), default=0)
        for i, row in enumerate(t.rows):
            cell = str(row[j])
            if (i, j) in t.statuses:
                m = max(m, stringWidth(cell, st.fonts.bold, size) + size)
            elif len(cell) <= 12:
                m = max(m, stringWidth(cell, st.fonts.bold, size))
            else:
                m = max(m, max((stringWidth(w, st.fonts.regular, size) for w in cell.split()),
                               default=0))
        need.append(m + pad)
    grown = [max(w, n) for w, n in zip(widths, need, strict=True)]
    excess = sum(grown) - width
    if excess > 0:
        slack = [g - n for g, n in zip(grown, need, strict=True)]
        room = sum(x for x in slack if x > 0)
        if room >= excess:
            grown = [g - excess * max(0.0, x) / room for g, x in zip(grown, slack, strict=True)]
        else:  # cannot fit every word: share the width in proportion to what each needs
            total_need = sum(need)
            return [width * n / total_need for n in need]
    return grown


def _bold_right(st: Styles):
    return st.cell_bold.clone("CellBoldRight", alignment=st.cell_right.alignment)


def _tone_colour(tone: str) -> str:
    return {"good": GOOD_INK, "bad": BAD_INK}.get(tone, NEUTRAL_INK)


def _table_flowables(t: TableBlock, st: Styles, width: float) -> list[Flowable]:
    f = st.fonts
    widths = _fit_widths(t, st, width)
    rows = []
    extra = []
    for i, row in enumerate(t.rows):
        cells = []
        for j, value in enumerate(row):
            status = t.statuses.get((i, j))
            if status is not None:
                fill, ink = STATUS_COLOURS[status]
                cells.append(StatusSwatch(value, fill, ink, f, size=st.cell.fontSize,
                                          min_width=min(widths[j] - 10, 24 * mm)))
                continue
            tone = t.tones.get((i, j))
            style = st.cell_right if j in t.right else st.cell
            if t.total_row and i == len(t.rows) - 1:
                style = _bold_right(st) if j in t.right else st.cell_bold
            text = esc(f.safe(str(value)))
            if tone in ("good", "bad"):
                text = f'<font color="{_tone_colour(tone)}"><b>{text}</b></font>'
            cells.append(Paragraph(text, style))
        rows.append(cells)
        if t.total_row and i == len(t.rows) - 1:
            extra.append(("LINEABOVE", (0, i + 1), (-1, i + 1), 1.0, INK))
            extra.append(("BACKGROUND", (0, i + 1), (-1, i + 1), ACCENT_LIGHT))
    out: list[Flowable] = []
    if t.caption:
        out.append(para(t.caption, st.small, f))
    out.append(data_table(list(t.header), rows, st, col_widths=widths, align_right=t.right,
                          extra=extra))
    if t.note:
        out.append(Spacer(1, 2))
        out.append(para(t.note, st.small, f))
    else:
        out.append(Spacer(1, st.size * 0.6))
    return out


def _bullets(items: Sequence[str], st: Styles, tone: str = "") -> Flowable:
    colour = colors.HexColor(_tone_colour(tone)) if tone else ACCENT
    return ListFlowable(
        [ListItem(para(i, st.body, st.fonts), leftIndent=st.size * 1.2, value="circle")
         for i in items if i],
        bulletType="bullet", start="\u25cf", bulletFontSize=st.size * 0.6,
        bulletColor=colour, leftIndent=st.size * 1.2, bulletOffsetY=-st.size * 0.1)


class _ChartFlowable(Flowable):
    """A reportlab.graphics Drawing sized to the frame width."""

    def __init__(self, chart: Chart, fonts, width: float, scale: float) -> None:
        super().__init__()
        self.chart = chart
        self.fonts = fonts
        self.width = width
        self.height = chart.height_mm * mm * scale

    def wrap(self, aw, ah):
        self.width = aw
        return aw, self.height

    def draw(self) -> None:
        from reportlab.graphics import renderPDF

        d = self.chart.draw(self.width, self.height, self.fonts)
        renderPDF.draw(d, self.canv, 0, 0)


def _chart_flowables(c: Chart, st: Styles, width: float, large: bool) -> list[Flowable]:
    scale = 1.45 if large else 1.0
    title = para(c.title, st.h3, st.fonts)
    box = _ChartFlowable(c, st.fonts, width, scale)
    alt = para(f"Text description: {c.alt}", st.small, st.fonts)
    return [KeepTogether([title, box, Spacer(1, 2), alt]), Spacer(1, st.size * 0.6)]


def _quote(q: QuoteBlock, st: Styles, width: float) -> Flowable:
    f = st.fonts
    inner = [para(f"\u201c{q.text}\u201d", st.quote, f), para(q.attribution, st.quote_by, f)]
    t = Table([[inner]], colWidths=[width], hAlign="LEFT")
    t.setStyle(TableStyle([("LINEBEFORE", (0, 0), (0, 0), 3, ACCENT),
                           ("BACKGROUND", (0, 0), (-1, -1), colors.HexColor("#F4F6F7")),
                           ("LEFTPADDING", (0, 0), (-1, -1), 4),
                           ("TOPPADDING", (0, 0), (-1, -1), 6),
                           ("BOTTOMPADDING", (0, 0), (-1, -1), 2)]))
    return KeepTogether([t, Spacer(1, st.size * 0.5)])


def _cover(r: QuarterlyReport, opts: ReportOptions, st: Styles, width: float) -> list:
    f = st.fonts
    meeting = long_date(opts.meeting_date) if opts.meeting_date else "To be confirmed"
    rows = [("Report to", r.board), ("Meeting date", meeting),
            ("Report by", opts.author or "Engagement and participation team"),
            ("Period covered", f"{r.months} ({r.label})"), ("Classification", "Open"),
            ("Status", opts.version_label), ("Date produced", long_date(r.produced_at.date()))]
    meta = Table([[para(k, st.label, f), para(v, st.body, f)] for k, v in rows],
                 colWidths=[45 * mm, width - 45 * mm], hAlign="LEFT")
    meta.setStyle(TableStyle([("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
                              ("LINEABOVE", (0, 0), (-1, 0), 1.2, ACCENT),
                              ("VALIGN", (0, 0), (-1, -1), "TOP"),
                              ("TOPPADDING", (0, 0), (-1, -1), 5),
                              ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
                              ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    out = [Spacer(1, 16 * mm), para(r.authority, st.cover_meta, f),
           para("Children\u2019s Services", st.cover_meta, f), Spacer(1, 14 * mm),
           para("Quarterly engagement report", st.cover_title, f),
           para(f"What children, young people and families told us: {r.months}",
                st.cover_subtitle, f), Spacer(1, 6 * mm), meta, Spacer(1, 12 * mm)]
    if opts.draft:
        out.append(para("DRAFT: not for publication. Figures may change before the meeting.",
                        st.label, f))
    out.append(para("This report is available in large print and as a Word document on "
                    "request.", st.small, f))
    return out


def write_quarterly_pdf(report: QuarterlyReport, path: str | os.PathLike,
                        opts: ReportOptions | None = None) -> Path:
    opts = opts or ReportOptions()
    fonts = load_fonts()
    large = opts.large_print
    st = make_styles(fonts, large_print=large, table_size=14.0 if large else 9.0)
    title = f"Quarterly engagement report: {report.label}"
    furniture = PageFurniture(
        header_left=report.authority,
        header_right=f"Quarterly engagement report \u2013 {report.label}",
        footer_left=f"{report.board} \u2022 {opts.version_label}", classification="Open",
        draft=opts.draft)
    doc = _QuarterlyDoc(path, title=title, author=opts.author or report.authority,
                        subject=f"What children, young people and families told "
                                f"{report.authority} in {report.months}, for the "
                                f"{report.board}", furniture=furniture, fonts=fonts,
                        keywords=["engagement", "board report", report.label, "You Said We Did"])
    width = doc.width
    story: list = _cover(report, opts, st, width)
    story += doc.to_body()
    toc = TableOfContents()
    toc.levelStyles = [st.body.clone("TOC1", leftIndent=0, firstLineIndent=0,
                                     spaceBefore=st.size * 0.35)]
    toc.dotsMinLevel = 0
    story += [para("Contents", st.h1, fonts), toc, PageBreak()]
    n = 0
    blocks = build_blocks(report, opts)
    held: list[Flowable] = []  # a heading waiting to be kept with what follows it
    for i, blk in enumerate(blocks):
        start = len(story)
        if isinstance(blk, Heading):
            n += 1
            if blk.level == 1:
                story.append(CondPageBreak(70 * mm * (1.4 if large else 1)))
            held.append(_heading_para(blk, st, n))
            continue
        if isinstance(blk, Para):
            style = {"small": st.small, "lead": st.body}.get(blk.style, st.body)
            text = esc(fonts.safe(blk.text))
            if blk.style == "lead":
                text = f"<b>{text}</b>"
            story.append(Paragraph(text, style))
        elif isinstance(blk, Bullets):
            story.append(_bullets(blk.items, st, blk.tone))
            story.append(Spacer(1, st.size * 0.4))
        elif isinstance(blk, TableBlock):
            story += _table_flowables_kept(blk, st, width)
        elif isinstance(blk, Chart):
            story += _chart_flowables(blk, st, width, large)
        elif isinstance(blk, QuoteBlock):
            story.append(_quote(blk, st, width))
        elif isinstance(blk, Break) and i and not isinstance(blocks[i - 1], Break):
            story.append(PageBreak())
        if held and len(story) > start:
            # No orphan headings: the heading(s) stay on the page with the first thing below.
            first = story[start]
            rest = story[start + 1:]
            if isinstance(first, KeepTogether):
                story[start:] = [KeepTogether([*held, *first._content]), *rest]
            elif isinstance(first, Table):
                # A long table splits across pages; the heading needs room for itself and the
                # first rows, not for the whole table (that would leave a page half empty).
                story[start:] = [CondPageBreak(70 * mm * (1.4 if large else 1)), *held, first,
                                 *rest]
            else:
                story[start:] = [KeepTogether([*held, first]), *rest]
            held = []
    doc.multiBuild(story, canvasmaker=_canvas(furniture, fonts))
    return Path(path)


def _table_flowables_kept(t: TableBlock, st: Styles, width: float) -> list[Flowable]:
    parts = _table_flowables(t, st, width)
    if len(t.rows) <= 12:
        return [KeepTogether(parts)]
    return parts


def _canvas(furniture, fonts):
    from .common import numbered_canvas

    return numbered_canvas(furniture, fonts)


# =============================================================================================
# Chart images for the Word version
# =============================================================================================


def chart_png(chart: Chart, fonts, width_pt: float = 480, dpi: int = 150) -> bytes | None:
    """The chart as PNG: reportlab's renderPM if its backend is installed, else the chart drawn
    to a one-page PDF and rasterised with poppler's pdftoppm if it is on the PATH, else None
    (the Word document then keeps the title and the text description only)."""
    d = chart.draw(width_pt, chart.height_mm * mm, fonts)
    try:
        from reportlab.graphics import renderPM

        return renderPM.drawToString(d, fmt="PNG", dpi=dpi)
    except Exception:  # renderPM needs rlPyCairo or the old _renderPM extension
        pass
    exe = shutil.which("pdftoppm")
    if not exe:
        return None
    from reportlab.graphics import renderPDF

    with tempfile.TemporaryDirectory(prefix="voiceapp-chart-") as tmp:
        pdf = Path(tmp) / "chart.pdf"
        renderPDF.drawToFile(d, str(pdf))
        try:
            subprocess.run([exe, "-png", "-r", str(dpi), "-singlefile", str(pdf),
                            str(Path(tmp) / "chart")], check=True, capture_output=True,
                           timeout=30)
        except (OSError, subprocess.SubprocessError):
            return None
        out = Path(tmp) / "chart.png"
        return out.read_bytes() if out.exists() else None


# =============================================================================================
# One entry point for the command line and the Reports page
# =============================================================================================


def write_quarterly_report(report: QuarterlyReport, path: str | os.PathLike,
                           opts: ReportOptions | None = None, fmt: str | None = None) -> Path:
    """Write `report` as PDF or Word (.docx), chosen by `fmt` or the file extension."""
    path = Path(path)
    fmt = (fmt or path.suffix.lstrip(".") or "pdf").lower()
    if fmt == "pdf":
        return write_quarterly_pdf(report, path, opts)
    if fmt == "docx":
        from .quarterly_docx import write_quarterly_docx

        return write_quarterly_docx(report, path, opts)
    raise ValueError(f"cannot write {fmt!r}; use pdf or docx")


__all__ = [
    "SECTIONS",
    "Block",
    "Break",
    "Bullets",
    "Chart",
    "Heading",
    "Para",
    "QuoteBlock",
    "ReportOptions",
    "TableBlock",
    "build_blocks",
    "chart_png",
    "people",
    "plain",
    "write_quarterly_pdf",
    "write_quarterly_report",
]



