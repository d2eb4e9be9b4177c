"""The reporting service: every number in the quarterly engagement report (DOMAIN.md section 8).

`quarterly_report_data(db, actor, quarter)` returns a `QuarterlyReport`: frozen dataclasses of
plain values for the quarter, the previous quarter and the same quarter a year earlier, with the
direction of each change and whether that direction is good, and the report's sentences
(written from the numbers by voiceapp.services.narrative). The PDF and Word writers in
voiceapp.reports only lay this out, so tests check the numbers here.

How it stays fast on a million records: every feedback figure is a GROUP BY over the five
quarters the report shows (the quarter and the four before it), served by covering indexes
(ix_feedback_report on feedback, ix_feedback_theme_report on feedback_theme), so the database
reads index entries, never the wide feedback rows. Quotes read at most QUOTE_CANDIDATES rows, newest
first along the received_on index. Complaint and compliment figures come from
voiceapp.services.complaint_measures, You Said We Did from voiceapp.services.actions.

Counts are exact here; the report suppresses small numbers ("<5") when it prints them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import and_, case, func, literal, select
from sqlalchemy.orm import Session

from voiceapp.db.engine import Database
from voiceapp.db.models import (
    Board,
    Complaint,
    ComplaintStage,
    Consultation,
    EngagementEvent,
    EventAttendance,
    Feedback,
    FeedbackTheme,
    LearningPoint,
    ReferenceItem,
    ReviewParticipationRecord,
    SafeguardingReview,
    Survey,
    SurveyAnswer,
    SurveyEdition,
    SurveyQuestion,
    SurveyResponse,
)
from voiceapp.domain.enums import (
    ActionStatus,
    AttendanceGroup,
    QuestionType,
    RecordKind,
    ReferenceList,
    ReviewParticipation,
    ThemeLinkStatus,
)
from voiceapp.domain.quarters import FinancialQuarter
from voiceapp.domain.suppression import SUPPRESSION_NOTE, THRESHOLD, is_small
from voiceapp.errors import ValidationError

from . import audit
from . import narrative as nv
from .context import Actor
from .narrative import Noun
from .parallel import reading, run_parallel
from .permissions import Permission, require
from .trends import (
    TEST_DESCRIPTION,
    TEST_NAME,
    RiseTest,
    bucket_case,
    effective_sentiment,
    in_quarters,
    quarter_window,
    rate_rise_test,
    top_theme_column,
    top_themes,
)

__all__ = [
    "GOOD_DOWN",
    "GOOD_NEITHER",
    "GOOD_UP",
    "Breakdown",
    "ComplaintsSection",
    "ComplimentsSection",
    "EngagementSection",
    "EventRow",
    "Figure",
    "Measure",
    "QuarterlyReport",
    "Quote",
    "ReviewSection",
    "SurveyEditionResult",
    "SurveyQuestionResult",
    "SurveysSection",
    "ThemeRow",
    "VolumePoint",
    "WhatTheyToldUs",
    "WhoWeHeardFrom",
    "YswdSection",
    "author_name",
    "board_names",
    "percent_figure",
    "quarterly_report_data",
    "record_report_written",
    "report_quarters",
]

GOOD_UP, GOOD_DOWN, GOOD_NEITHER = "up", "down", "neither"
TREND_QUARTERS = 5
TOP_THEMES = 8
QUOTE_CANDIDATES = 400
MAX_QUOTES = 6
QUOTE_MIN_CHARS, QUOTE_MAX_CHARS = 40, 320
NOT_RECORDED = "Not recorded"
CYP_ROLES = ("child_young_person", "care_leaver")
# Kinds whose text may be quoted. Complaint text describes one family's case and is never quoted
# in a board paper, even with consent.
# Event notes are an officer's summary of a discussion, not anyone's own words.
QUOTABLE_KINDS = tuple(k.value for k in RecordKind
                       if k not in (RecordKind.COMPLAINT, RecordKind.EVENT_NOTE))
# How people reached us, for sentences ("most records came by email").
CHANNEL_PHRASES = {"event": "at events", "phone": "by phone", "email": "by email",
                   "letter": "by letter", "online_form": "through the online form",
                   "survey": "through surveys", "app": "through the app",
                   "face_to_face": "face to face", "meeting": "at meetings"}
CONTRIBUTED = (ReviewParticipation.ATTENDED, ReviewParticipation.VIEWS_VIA_ADVOCATE,
               ReviewParticipation.VIEWS_VIA_CARER, ReviewParticipation.VIEWS_VIA_IRO)
REVIEW_LABELS = {
    ReviewParticipation.ATTENDED: "Attended in person",
    ReviewParticipation.VIEWS_VIA_ADVOCATE: "Views conveyed by an advocate",
    ReviewParticipation.VIEWS_VIA_CARER: "Views conveyed by a carer",
    ReviewParticipation.VIEWS_VIA_IRO: "Views conveyed by the IRO",
    ReviewParticipation.UNDER_4: "Under 4",
    ReviewParticipation.DID_NOT_CONTRIBUTE: "Did not contribute",
}
ATTENDANCE_LABELS = {
    AttendanceGroup.PARENT_CARERS: "Parent carers",
    AttendanceGroup.CHILDREN_YOUNG_PEOPLE: "Children and young people",
    AttendanceGroup.PROFESSIONALS: "Professionals",
    AttendanceGroup.OTHER: "Other",
}
AGE_LABELS = {"0-4": "0 to 4", "5-10": "5 to 10", "11-15": "11 to 15", "16-17": "16 to 17",
              "18-25": "18 to 25"}
Progress = Callable[[float, str], None]


# =============================================================================================
# Plain results
# =============================================================================================


@dataclass(frozen=True)
class Figure:
    """One period's value of a measure. For a percentage, `count` of `base` gave `value`."""

    value: float | None
    count: int | None = None
    base: int | None = None

    @classmethod
    def of_count(cls, n: int) -> Figure:
        return cls(float(n), int(n), None)

    @classmethod
    def of_share(cls, count: int, base: int, decimals: int = 1) -> Figure:
        value = None if not base else round(100.0 * count / base, decimals)
        return cls(value, int(count), int(base))


@dataclass(frozen=True)
class Measure:
    """A headline measure with its two comparisons. `good` says which direction is good."""

    key: str
    label: str
    unit: str  # "count" or "percent"
    good: str  # GOOD_UP, GOOD_DOWN or GOOD_NEITHER
    current: Figure
    previous: Figure
    year_earlier: Figure
    definition: str
    noun: Noun | None = None  # counts: how sentences name one / many
    subject: str = ""  # percentages: "the share of ..." for sentences

    def _other(self, which: str) -> Figure:
        return self.previous if which == "previous" else self.year_earlier

    def change(self, which: str = "previous") -> float | None:
        """Counts: percent change; percentages: change in percentage points."""
        a, b = self.current.value, self._other(which).value
        if a is None or b is None:
            return None
        if self.unit == "percent":
            return round(a - b, 1)
        return None if b == 0 else round(100.0 * (a - b) / b, 1)

    def direction(self, which: str = "previous") -> str | None:
        a, b = self.current.value, self._other(which).value
        if a is None or b is None:
            return None
        if self.unit == "percent" and abs(a - b) < nv.SAME_SHARE_POINTS:
            return "same"
        return nv.direction_word(a, b)

    def judgement(self, which: str = "previous") -> str | None:
        """"better", "worse", "same" or None (no comparison, or no good direction)."""
        d = self.direction(which)
        if d is None:
            return None
        if d == "same":
            return "same"
        if self.good == GOOD_NEITHER:
            return None
        return "better" if (d == "up") == (self.good == GOOD_UP) else "worse"

    def sentence(self, which: str = "previous") -> str:
        comparator = "the previous quarter" if which == "previous" else \
            "the same quarter last year"
        other = self._other(which)
        if self.unit == "count":
            noun = self.noun or Noun(self.label.lower())
            return nv.count_change(noun, int(self.current.value or 0),
                                   None if other.value is None else int(other.value),
                                   comparator=comparator)
        now, before = percent_figure(self.current), percent_figure(other)
        if not _plain(now) or not _plain(before):
            return f"{nv.capitalise(self.subject)} was {now} this quarter ({before} in " \
                   f"{comparator})."
        return nv.share_change(self.subject, self.current.value, other.value,
                               comparator=comparator)


@dataclass(frozen=True)
class Breakdown:
    """One row of a breakdown: a category's counts in the three periods."""

    code: str | None
    label: str
    current: int
    previous: int
    year_earlier: int


@dataclass(frozen=True)
class VolumePoint:
    quarter: str  # code
    label: str
    by_kind: dict  # RecordKind value -> records
    total: int


@dataclass(frozen=True)
class EventRow:
    name: str
    held_on: date
    district: str
    audience: str
    coproduced: bool
    attendance: int
    records: int  # feedback records captured at the event


@dataclass(frozen=True)
class ConsultationRow:
    title: str
    opens_on: date
    closes_on: date
    responses: int  # received in the quarter


@dataclass(frozen=True)
class ReviewSection:
    breakdown: tuple[Breakdown, ...]
    total: Measure
    contributed: Measure
    narrative: tuple[str, ...]


@dataclass(frozen=True)
class WhoWeHeardFrom:
    total: Measure
    cyp: Measure
    by_kind: tuple[Breakdown, ...]
    by_channel: tuple[Breakdown, ...]
    by_role: tuple[Breakdown, ...]
    by_service_area: tuple[Breakdown, ...]
    by_district: tuple[Breakdown, ...]
    by_age_band: tuple[Breakdown, ...]  # records with an age band (children and young people)
    volume_trend: tuple[VolumePoint, ...]  # oldest first
    reviews: ReviewSection
    narrative: tuple[str, ...]


@dataclass(frozen=True)
class ThemeRow:
    slug: str
    name: str
    current: int
    previous: int
    year_earlier: int
    share: float | None  # percent of the quarter's records
    previous_share: float | None
    change_pct: float | None  # count change on the previous quarter
    rise: RiseTest  # against the previous quarter
    positive: int  # this quarter's records mentioning the theme, by sentiment
    neutral: int
    negative: int
    previous_positive: int
    previous_negative: int
    previous_analysed: int

    @property
    def analysed(self) -> int:
        return self.positive + self.neutral + self.negative

    def net(self, previous: bool = False) -> float | None:
        """Percent positive minus percent negative."""
        if previous:
            n = self.previous_analysed
            return None if not n else round(
                100.0 * (self.previous_positive - self.previous_negative) / n, 1)
        n = self.analysed
        return None if not n else round(100.0 * (self.positive - self.negative) / n, 1)


@dataclass(frozen=True)
class SentimentPoint:
    quarter: str
    label: str
    positive: int
    neutral: int
    negative: int

    @property
    def analysed(self) -> int:
        return self.positive + self.neutral + self.negative

    def share(self, which: str) -> float | None:
        n = self.analysed
        return None if not n else round(100.0 * getattr(self, which) / n, 1)


@dataclass(frozen=True)
class Quote:
    text: str  # consented, not safeguarding-flagged, redacted
    attribution: str  # "Parent carer, compliment"
    theme: str
    sentiment: str


@dataclass(frozen=True)
class WhatTheyToldUs:
    records: tuple[int, int, int]  # current, previous, year earlier (the themes' base)
    themes: tuple[ThemeRow, ...]  # top TOP_THEMES by this quarter's count
    all_themes: tuple[ThemeRow, ...]
    positive: Measure
    negative: Measure
    sentiment_trend: tuple[SentimentPoint, ...]  # oldest first
    quotes: tuple[Quote, ...]
    test: str
    confirmed_share: float | None  # percent of this quarter's records an officer has reviewed
    narrative: tuple[str, ...]
    sentiment_narrative: tuple[str, ...]


@dataclass(frozen=True)
class ComplaintsSection:
    current: object  # complaint_measures.ComplaintMeasures
    previous: object
    year_earlier: object
    received: Measure
    within_timescale: Measure  # all stages
    upheld: Measure
    learning: tuple[str, ...]
    narrative: tuple[str, ...]


@dataclass(frozen=True)
class ComplimentsSection:
    current: object  # complaint_measures.ComplimentMeasures
    received: Measure
    narrative: tuple[str, ...]


@dataclass(frozen=True)
class SurveyQuestionResult:
    key: str
    text: str
    qtype: str
    answers: int
    mean: float | None  # rating questions
    positive_pct: float | None  # rating 4 or 5 (of 5); choice: the first option ("Yes")
    positive_count: int
    positive_label: str  # "rated 4 or 5", "answered Yes"
    previous_answers: int | None
    previous_mean: float | None
    previous_positive_pct: float | None
    previous_positive_count: int | None


@dataclass(frozen=True)
class SurveyEditionResult:
    survey: str
    edition: str
    opens_on: date | None
    closes_on: date | None
    responses_in_quarter: int
    responses: int  # the whole edition
    previous_edition: str | None
    previous_responses: int | None
    questions: tuple[SurveyQuestionResult, ...]


@dataclass(frozen=True)
class SurveysSection:
    responses: Measure  # responses submitted in the quarter
    editions: tuple[SurveyEditionResult, ...]
    narrative: tuple[str, ...]


@dataclass(frozen=True)
class EngagementSection:
    events: Measure
    coproduced: Measure
    attendance: Measure
    attendance_by_group: tuple[Breakdown, ...]
    event_list: tuple[EventRow, ...]
    events_total: int
    consultations: tuple[ConsultationRow, ...]
    narrative: tuple[str, ...]


@dataclass(frozen=True)
class StatusCount:
    status: str  # ActionStatus value
    label: str
    meaning: str
    now: int
    before: int


@dataclass(frozen=True)
class YswdSection:
    as_at: date
    compare_to: date
    statuses: tuple[StatusCount, ...]
    rows: tuple  # actions.TrackerRow
    directions: dict  # Direction value -> actions
    on_track: Measure
    told_back: Measure
    overdue: int
    narrative: tuple[str, ...]


@dataclass(frozen=True)
class Appendix:
    definitions: tuple[tuple[str, str], ...]
    data_notes: tuple[str, ...]
    suppression_note: str


@dataclass(frozen=True)
class QuarterlyReport:
    quarter: str  # "2026-27-Q2"
    label: str  # "2026-27 Q2"
    months: str  # "July–September 2026"
    start: date
    end: date
    previous_label: str
    year_label: str
    trend_labels: tuple[str, ...]
    board: str
    authority: str
    produced_at: datetime
    headline: tuple[Measure, ...]
    summary_intro: str
    working_well: tuple[str, ...]
    concerns: tuple[str, ...]
    who: WhoWeHeardFrom
    told: WhatTheyToldUs
    complaints: ComplaintsSection
    compliments: ComplimentsSection
    surveys: SurveysSection
    engagement: EngagementSection
    yswd: YswdSection
    appendix: Appendix
    record_count: int = field(default=0)


# =============================================================================================
# Small helpers
# =============================================================================================


def _plain(text: str) -> bool:
    return bool(re.fullmatch(r"[\d.,]+%", text))


def percent_figure(fig: Figure, decimals: int = 0) -> str:
    """A percentage for print, safe for small numbers: "63%"; "under 10%" when the count is 1
    to 4 (printing 6% of 50 would reveal 3); "over 90%" when all but 1 to 4 are counted; "–"
    when there is no base or it is under 10 (too few for a percentage to mean anything)."""
    if fig.value is None or not fig.base:
        return "\u2013"
    base, count = fig.base, fig.count if fig.count is not None else None
    if base < 2 * THRESHOLD:
        return "\u2013"
    if count is not None and 0 < count < THRESHOLD:
        return f"under {_ceil_pct(THRESHOLD / base)}%"
    if count is not None and 0 < base - count < THRESHOLD:
        return f"over {_floor_pct(1 - THRESHOLD / base)}%"
    return nv.percent_text(fig.value, decimals)


def _ceil_pct(x: float) -> int:
    import math

    return min(100, math.ceil(x * 100 - 1e-9))


def _floor_pct(x: float) -> int:
    import math

    return max(0, math.floor(x * 100 + 1e-9))


def _count_measure(key: str, label: str, good: str, values: Sequence[int], definition: str,
                   noun: Noun) -> Measure:
    c, p, y = (Figure.of_count(v) for v in values)
    return Measure(key, label, "count", good, c, p, y, definition, noun=noun)


def _share_measure(key: str, label: str, good: str, parts: Sequence[tuple[int, int]],
                   definition: str, subject: str) -> Measure:
    c, p, y = (Figure.of_share(n, d) for n, d in parts)
    return Measure(key, label, "percent", good, c, p, y, definition, subject=subject)


def _none_measure(key: str, label: str, good: str, values: Sequence[float | None],
                  definition: str, subject: str) -> Measure:
    c, p, y = (Figure(v) for v in values)
    return Measure(key, label, "percent", good, c, p, y, definition, subject=subject)


def _step(progress: Progress | None, fraction: float, text: str) -> None:
    if progress is not None:
        progress(fraction, text)


def _ref_items(s: Session) -> dict[int, ReferenceItem]:
    rows = s.execute(select(ReferenceItem.id, ReferenceItem.list_name, ReferenceItem.code,
                            ReferenceItem.label, ReferenceItem.sort_order)).all()
    return {r.id: r for r in rows}


def _breakdown(rows: Iterable[tuple], refs: dict, list_name: str | None = None,
               labels: dict | None = None, order: Sequence | None = None,
               keep_zero: bool = False) -> tuple[Breakdown, ...]:
    """rows: (bucket 0/1/2, key, count). Keys are reference ids (with `list_name`) or codes
    (with `labels`). Largest this quarter first; "Not recorded" last."""
    acc: dict = {}
    for b, key, n in rows:
        if b < 0 or b > 2:
            continue
        acc.setdefault(key, [0, 0, 0])[b] += int(n)
    if keep_zero and order is not None:
        for key in order:
            acc.setdefault(key, [0, 0, 0])
    out = []
    for key, (c, p, y) in acc.items():
        if key is None:
            out.append((1, 0, Breakdown(None, NOT_RECORDED, c, p, y)))
            continue
        if list_name is not None:
            item = refs.get(key)
            code, label, sort = (item.code, item.label, item.sort_order) if item else \
                (str(key), str(key), 0)
        else:
            code, label = str(key), (labels or {}).get(key, str(key))
            sort = list(order).index(key) if order and key in order else 999
        out.append((0, -c if order is None else sort, Breakdown(code, label, c, p, y)))
    out.sort(key=lambda t: (t[0], t[1], -t[2].previous, t[2].label))
    return tuple(b for _, _, b in out)


def _three(quarter: FinancialQuarter) -> list[FinancialQuarter]:
    return [quarter, quarter.previous(), quarter.year_earlier()]


# =============================================================================================
# Public helpers for the command line and the Reports page
# =============================================================================================


def board_names(db: Database, actor: Actor) -> list[str]:
    """The boards a report can be written for (Settings holds the list)."""
    require(actor, Permission.RUN_REPORTS)
    with db.read_session() as s:
        return list(s.scalars(select(Board.name).where(Board.active.is_(True))
                              .order_by(Board.id)))


def report_quarters(db: Database, actor: Actor, today: date | None = None
                    ) -> tuple[list[FinancialQuarter], FinancialQuarter | None]:
    """Quarters with records, newest first, and the one to offer first: the last complete
    quarter if it has records, else the newest quarter that has."""
    require(actor, Permission.RUN_REPORTS)
    from .trends import latest_complete_quarter

    with db.read_session() as s:
        first, last = s.execute(select(func.min(Feedback.received_on),
                                       func.max(Feedback.received_on))).one()
    if first is None:
        return [], None
    out, q = [], FinancialQuarter.containing(last)
    stop = FinancialQuarter.containing(first)
    while q >= stop:
        out.append(q)
        q = q.previous()
    wanted = latest_complete_quarter(today)
    return out, (wanted if wanted in out else out[0])


def author_name(db: Database, actor: Actor) -> str:
    """The signed-in person's display name, for "Report by" (their user name if unknown)."""
    from voiceapp.errors import VoiceappError

    from .users import my_account

    try:
        return my_account(db, actor).display_name or actor.username
    except VoiceappError:
        return actor.username


def record_report_written(db: Database, actor: Actor, quarter: FinancialQuarter, path: str,
                          fmt: str) -> None:
    """Audit that a report file left the building (the data itself is audited as "report")."""
    with db.session() as s:
        audit.record(s, actor, "export", "quarterly_report", quarter.code,
                     summary=f"Wrote the {quarter.label} quarterly report ({fmt}) to {path}",
                     after=dict(path=str(path), format=fmt))


def _resolve_board(s: Session, board: str | None) -> str:
    names = list(s.scalars(select(Board.name).order_by(Board.id)))
    if board is None or not board.strip():
        active = list(s.scalars(select(Board.name).where(Board.active.is_(True))
                                .order_by(Board.id)))
        return active[0] if active else "Children\u2019s services boards"
    wanted = " ".join(board.split()).casefold()
    for n in names:
        if n.casefold() == wanted:
            return n
    if names:
        raise ValidationError(
            f"There is no board called \u201c{board}\u201d.",
            "Choose one of: " + "; ".join(names) + ". An administrator adds boards in Settings.",
            field="board")
    return " ".join(board.split())


# =============================================================================================
# The report
# =============================================================================================


def quarterly_report_data(db: Database, actor: Actor, quarter: FinancialQuarter, *,
                          board: str | None = None, progress: Progress | None = None,
                          today: date | None = None) -> QuarterlyReport:
    """Every measure of the quarterly engagement report for `quarter` (see the module
    docstring). Raises ValidationError for a quarter with no records or an unknown board.

    `progress(fraction, text)`, when given, is called between the parts (the Reports page shows
    it, and may raise from it to cancel)."""
    require(actor, Permission.RUN_REPORTS)
    from . import actions as yswd
    from . import complaint_measures as cm
    from .publication import known_names
    from .yswd_documents import authority_name

    today = today or date.today()
    if quarter.start > today:
        raise ValidationError(
            f"{quarter.label} ({quarter.months_label}) has not started yet.",
            "Choose a quarter that has finished, usually the last one.", field="quarter")
    three = _three(quarter)
    window = quarter_window(quarter, TREND_QUARTERS)  # oldest first; [-1] is `quarter`
    _step(progress, 0.02, "Checking the quarter\u2026")
    with db.read_session() as s:
        n_quarter = s.scalar(select(func.count()).select_from(Feedback).where(
            in_quarters([quarter]))) or 0
        if n_quarter == 0:
            first, last = s.execute(select(func.min(Feedback.received_on),
                                           func.max(Feedback.received_on))).one()
            hint = ("The database holds no feedback records yet." if first is None else
                    f"Records run from {FinancialQuarter.containing(first).label} to "
                    f"{FinancialQuarter.containing(last).label}; choose a quarter in that range.")
            raise ValidationError(f"There are no feedback records for {quarter.label} "
                                  f"({quarter.months_label}), so there is nothing to report.",
                                  hint, field="quarter")
        board_name = _resolve_board(s, board)
        authority = authority_name(s)
        refs = _ref_items(s)

    def feedback_misc(s: Session) -> dict:
        return dict(reviewed=_reviewed(s, quarter),
                    candidates=_quote_candidates(s, quarter, refs),
                    engagement=_engagement_queries(s, three, refs),
                    reviews=_review_queries(s, three), surveys=_survey_queries(s, three))

    def yswd_figures() -> dict:
        as_at, compare_to = quarter.end, quarter.previous().end
        return dict(
            as_at=as_at, compare_to=compare_to,
            status_now=yswd.status_counts(db, actor, as_at),
            status_before=yswd.status_counts(db, actor, compare_to),
            status_year=yswd.status_counts(db, actor, quarter.year_earlier().end),
            tracker=yswd.tracker(db, actor, as_at, compare_to),
            told_back=[yswd.told_back_rate(db, actor, _year_to(q).start, q.end, told_by=q.end)
                       for q in three],
            names=tuple(known_names(db)))

    # The parts are independent and each opens its own read session, so they run on two
    # threads: SQLite and the PostgreSQL driver release Python's lock while a query runs, and
    # most of the time here is spent inside queries. The parts are listed longest first (as
    # measured on a million records), so the two threads finish at about the same time. The
    # calling thread keeps reporting progress, so Cancel (an exception from `progress`) takes
    # effect at once; the workers' results are then dropped.
    told_text, complaints_text = "What people told us\u2026", "Complaints\u2026"
    got = run_parallel([
        ("told", told_text, reading(db, _theme_queries, three)),
        ("complaints0", complaints_text, lambda: cm.quarter_measures(db, actor, three[0])),
        ("who", told_text, reading(db, _who_queries, three, window)),
        # Previous and year-earlier compliment counts come from the feedback figures.
        ("compliments", "Compliments\u2026", lambda: cm.compliment_measures(db, actor, quarter)),
        ("complaints1", complaints_text, lambda: cm.quarter_measures(db, actor, three[1])),
        ("complaints2", complaints_text, lambda: cm.quarter_measures(db, actor, three[2])),
        ("misc", "Events, surveys and reviews\u2026", reading(db, feedback_misc)),
        ("learning", complaints_text, reading(db, _learning_points, quarter)),
        ("yswd", "You Said, We Did\u2026", yswd_figures),
    ], progress, 0.1, 0.7)
    fb = dict(got["misc"], who=got["who"], told=got["told"])
    cp = dict(complaints=[got[f"complaints{i}"] for i in range(3)], learning=got["learning"])
    ot = dict(got["yswd"], compliments=got["compliments"])
    _step(progress, 0.7, "Writing the sentences\u2026")

    who = _who_section(fb["who"], refs, fb["reviews"], window)
    told = _told_section(fb["told"], fb["candidates"], ot["names"], fb["who"], window,
                         fb["reviewed"])
    complaints_section = _complaints_section(cp["complaints"], cp["learning"])
    kind_counts = {b.code: b for b in who.by_kind}
    compl = kind_counts.get(RecordKind.COMPLIMENT.value)
    compliments_section = _compliments_section(
        ot["compliments"], (compl.previous, compl.year_earlier) if compl else (0, 0))
    surveys = _surveys_section(fb["surveys"])
    engagement = _engagement_section(fb["engagement"])
    yswd_section = _yswd_section(ot["as_at"], ot["compare_to"], ot["status_now"],
                                 ot["status_before"], ot["status_year"], ot["tracker"],
                                 ot["told_back"])
    headline = _headline(who, told, complaints_section, compliments_section, surveys,
                         engagement, yswd_section)
    working_well, concerns = _summary_points(headline, told, compliments_section,
                                             complaints_section, yswd_section)
    intro = _summary_intro(quarter, who, told)
    report = QuarterlyReport(
        quarter=quarter.code, label=quarter.label, months=quarter.months_label,
        start=quarter.start, end=quarter.end, previous_label=quarter.previous().label,
        year_label=quarter.year_earlier().label, trend_labels=tuple(q.label for q in window),
        board=board_name, authority=authority, produced_at=datetime.now().replace(microsecond=0),
        headline=headline, summary_intro=intro, working_well=working_well, concerns=concerns,
        who=who, told=told, complaints=complaints_section, compliments=compliments_section,
        surveys=surveys, engagement=engagement, yswd=yswd_section,
        appendix=_appendix(quarter, told), record_count=int(n_quarter))
    _step(progress, 0.75, "Recording the report in the audit trail\u2026")
    with db.session() as s:
        audit.record(s, actor, "report", "quarterly_report", quarter.code,
                     summary=f"Quarterly engagement report for {quarter.label} "
                             f"({board_name})",
                     after=dict(quarter=quarter.code, board=board_name,
                                records=int(n_quarter)))
    return report


def _year_to(q: FinancialQuarter) -> FinancialQuarter:
    """The first of the four quarters ending with `q` (the 12 months to its end)."""
    return q.previous().previous().previous()


def _reviewed(s: Session, quarter: FinancialQuarter) -> tuple[int, int]:
    """(records an officer has reviewed, records) for the quarter (ix_feedback_review)."""
    rows = dict(s.execute(select(Feedback.needs_review, func.count())
                          .where(in_quarters([quarter])).group_by(Feedback.needs_review)).all())
    done = sum(int(n) for k, n in rows.items() if not k)
    return done, sum(int(n) for n in rows.values())


# =============================================================================================
# Queries (each a GROUP BY over covering indexes; see the module docstring)
# =============================================================================================


def _who_queries(s: Session, three: list[FinancialQuarter],
                 window: list[FinancialQuarter]) -> dict:
    """Feedback counts by kind and sentiment for each quarter of the window, and by role,
    service area, channel, district and age band for the three comparators.

    One small GROUP BY per dimension and quarter, each answered from a covering index
    (ix_feedback_report) without reading the wide feedback rows. `kind || ''` and the
    COALESCE are deliberate: grouping on the bare kind column makes SQLite prefer the
    (kind, received_on) index and then read every row for the sentiment columns, about five
    times slower on a million records. (A CASE over dates to do several quarters at once also
    measured slower than one range scan per quarter.)"""
    kind = (Feedback.kind + literal("")).label("kind")
    sentiment = effective_sentiment().label("sentiment")
    volume: list[tuple] = []
    for i, q in enumerate(window):
        for k, snt, n in s.execute(select(kind, sentiment, func.count())
                                   .where(in_quarters([q])).group_by(kind, sentiment)).all():
            volume.append((i, k, snt, int(n)))
    dims = {"role": Feedback.respondent_role_id, "area": Feedback.service_area_id,
            "channel": Feedback.channel_id, "district": Feedback.district_id,
            "age": Feedback.age_band}
    out: dict[str, list[tuple]] = {k: [] for k in dims}
    for b, q in enumerate(three):
        for name, col in dims.items():
            for key, n in s.execute(select(col, func.count()).where(in_quarters([q]))
                                    .group_by(col)).all():
                if name == "age" and key is None:
                    continue
                out[name].append((b, key, int(n)))
    return dict(volume=volume, **out)


def _theme_queries(s: Session, three: list[FinancialQuarter]) -> dict:
    """Records per top-level theme and sentiment, one query per comparator quarter."""
    mapping, tops = top_themes(s)
    top = top_theme_column(mapping).label("top")
    sent = effective_sentiment().label("sentiment")
    # status IN (...) rather than != 'rejected' lets each lookup use the covering index
    # (feedback_id, status, theme_id) instead of reading feedback_theme rows.
    live = FeedbackTheme.status.in_([ThemeLinkStatus.SUGGESTED.value,
                                     ThemeLinkStatus.CONFIRMED.value])
    rows: list[tuple] = []
    for b, q in enumerate(three):
        for t, sentiment, n in s.execute(
                select(top, sent, func.count(func.distinct(Feedback.id)))
                .select_from(Feedback)
                .join(FeedbackTheme, FeedbackTheme.feedback_id == Feedback.id)
                .where(in_quarters([q]), live).group_by(top, sent)).all():
            rows.append((b, t, sentiment, int(n)))
    return dict(rows=rows, tops=tops, mapping=mapping)


def _quote_candidates(s: Session, quarter: FinancialQuarter, refs: dict) -> list[dict]:
    """Candidate quotes: the newest QUOTE_CANDIDATES records of the quarter whose author
    consented, with no safeguarding flag (now or ever), not anonymised, of a quotable kind and a
    readable length. The publication rules are applied again in `_told_section`."""
    ever_flagged = select(SafeguardingReview.id).where(
        SafeguardingReview.feedback_id == Feedback.id).exists()
    length = func.length(Feedback.text)
    rows = s.execute(
        select(Feedback.id, Feedback.text, Feedback.kind, Feedback.respondent_role_id,
               effective_sentiment(), Feedback.consent_quote, Feedback.safeguarding_flag,
               Feedback.anonymised_at)
        .where(in_quarters([quarter]), Feedback.consent_quote.is_(True),
               Feedback.safeguarding_flag.is_(False), Feedback.anonymised_at.is_(None),
               Feedback.kind.in_(QUOTABLE_KINDS), length >= QUOTE_MIN_CHARS,
               length <= QUOTE_MAX_CHARS, ~ever_flagged)
        .order_by(Feedback.received_on.desc(), Feedback.id.desc())
        .limit(QUOTE_CANDIDATES)).all()
    if not rows:
        return []
    ids = [r.id for r in rows]
    mapping, _tops = top_themes(s)
    theme_rows = s.execute(
        select(FeedbackTheme.feedback_id, FeedbackTheme.theme_id)
        .where(FeedbackTheme.feedback_id.in_(ids),
               FeedbackTheme.status == ThemeLinkStatus.CONFIRMED.value)).all()
    themes: dict[int, set[int]] = {}
    for fid, tid in theme_rows:
        themes.setdefault(fid, set()).add(mapping.get(tid, tid))
    out = []
    for r in rows:
        role = refs.get(r.respondent_role_id)
        out.append(dict(id=r.id, text=r.text, kind=r.kind, role=role.label if role else None,
                        sentiment=r[4], consent_quote=r.consent_quote,
                        safeguarding_flag=r.safeguarding_flag, anonymised_at=r.anonymised_at,
                        themes=themes.get(r.id, set())))
    return out


def _engagement_queries(s: Session, three: list[FinancialQuarter], refs: dict) -> dict:
    b = bucket_case(three, EngagementEvent.held_on).label("b")
    where = in_quarters(three, EngagementEvent.held_on)
    events = [tuple(r) for r in s.execute(
        select(b, func.count(), func.coalesce(func.sum(
            case((EngagementEvent.coproduced.is_(True), 1), else_=0)), 0))
        .where(where).group_by(b)).all()]
    attendance = [tuple(r) for r in s.execute(
        select(b, EventAttendance.group, func.sum(EventAttendance.count))
        .join(EventAttendance, EventAttendance.event_id == EngagementEvent.id)
        .where(where).group_by(b, EventAttendance.group)).all()]
    q0 = three[0]
    listed = s.execute(
        select(EngagementEvent.id, EngagementEvent.name, EngagementEvent.held_on,
               EngagementEvent.district_id, EngagementEvent.audience,
               EngagementEvent.coproduced,
               select(func.coalesce(func.sum(EventAttendance.count), 0))
               .where(EventAttendance.event_id == EngagementEvent.id).scalar_subquery(),
               select(func.count()).select_from(Feedback)
               .where(Feedback.event_id == EngagementEvent.id).scalar_subquery())
        .where(in_quarters([q0], EngagementEvent.held_on))
        .order_by(EngagementEvent.held_on, EngagementEvent.id)).all()
    event_rows = [EventRow(r.name, r.held_on,
                           refs[r.district_id].label if r.district_id in refs else "",
                           r.audience or "", bool(r.coproduced), int(r[6] or 0),
                           int(r[7] or 0)) for r in listed]
    consultations = s.execute(
        select(Consultation.id, Consultation.title, Consultation.opens_on,
               Consultation.closes_on)
        .where(Consultation.opens_on <= q0.end, Consultation.closes_on >= q0.start)
        .order_by(Consultation.opens_on)).all()
    responses: dict[int, int] = {}
    if consultations:
        # kind first, so the (kind, received_on) index narrows the rows read.
        responses = dict(s.execute(
            select(Feedback.consultation_id, func.count()).where(
                Feedback.kind == RecordKind.CONSULTATION_RESPONSE.value,
                in_quarters([q0]), Feedback.consultation_id.in_([c.id for c in consultations]))
            .group_by(Feedback.consultation_id)).all())
    return dict(events=events, attendance=attendance, event_rows=event_rows,
                consultations=[ConsultationRow(c.title, c.opens_on, c.closes_on,
                                               int(responses.get(c.id, 0)))
                               for c in consultations])


def _review_queries(s: Session, three: list[FinancialQuarter]) -> list[tuple]:
    col = ReviewParticipationRecord.review_on
    b = bucket_case(three, col).label("b")
    return [tuple(r) for r in s.execute(
        select(b, ReviewParticipationRecord.participation, func.count())
        .where(in_quarters(three, col)).group_by(b, ReviewParticipationRecord.participation)
    ).all()]


def _survey_queries(s: Session, three: list[FinancialQuarter]) -> dict:
    col = SurveyResponse.submitted_on
    b = bucket_case(three, col).label("b")
    per_bucket = [tuple(r) for r in s.execute(
        select(b, SurveyResponse.edition_id, func.count())
        .where(in_quarters(three, col)).group_by(b, SurveyResponse.edition_id)).all()]
    in_quarter = {e: n for bb, e, n in per_bucket if bb == 0}
    editions = s.execute(select(SurveyEdition.id, SurveyEdition.survey_id, SurveyEdition.name,
                                SurveyEdition.opens_on, SurveyEdition.closes_on,
                                Survey.name.label("survey"))
                         .join(Survey, Survey.id == SurveyEdition.survey_id)).all()
    by_id = {e.id: e for e in editions}
    wanted = sorted(in_quarter, key=lambda e: (by_id[e].survey, by_id[e].opens_on or date.min))
    previous: dict[int, int | None] = {}
    for e in wanted:
        same = sorted((x for x in editions if x.survey_id == by_id[e].survey_id
                       and (x.opens_on or date.min) < (by_id[e].opens_on or date.min)),
                      key=lambda x: x.opens_on or date.min)
        previous[e] = same[-1].id if same else None
    ids = set(wanted) | {p for p in previous.values() if p is not None}
    results: dict[int, dict] = {}
    totals: dict[int, int] = {}
    questions: dict[int, list] = {}
    if ids:
        totals = dict(s.execute(select(SurveyResponse.edition_id, func.count())
                                .where(SurveyResponse.edition_id.in_(ids))
                                .group_by(SurveyResponse.edition_id)).all())
        for qrow in s.execute(select(SurveyQuestion).where(SurveyQuestion.edition_id.in_(ids))
                              .order_by(SurveyQuestion.edition_id, SurveyQuestion.position)
                              ).scalars():
            questions.setdefault(qrow.edition_id, []).append(
                (qrow.id, qrow.key, qrow.text, qrow.qtype, list(qrow.options or []),
                 qrow.scale_max))
        qids = [q[0] for qs in questions.values() for q in qs if q[3] != QuestionType.TEXT.value]
        if qids:
            for qid, rating, choice, n in s.execute(
                    select(SurveyAnswer.question_id, SurveyAnswer.rating, SurveyAnswer.choice,
                           func.count())
                    .where(SurveyAnswer.question_id.in_(qids))
                    .group_by(SurveyAnswer.question_id, SurveyAnswer.rating,
                              SurveyAnswer.choice)).all():
                results.setdefault(qid, {})[(rating, choice)] = int(n)
    return dict(per_bucket=per_bucket, wanted=wanted, previous=previous, editions=by_id,
                totals=totals, questions=questions, results=results)


def _learning_points(s: Session, quarter: FinancialQuarter) -> list[str]:
    """Learning recorded on complaint stages answered in the quarter (or, without a stage, on
    complaints closed in it), names and contact details removed, each lesson once."""
    by_stage = (select(LearningPoint.id, LearningPoint.text)
                .join(ComplaintStage, and_(ComplaintStage.complaint_id == LearningPoint.complaint_id,
                                           ComplaintStage.number == LearningPoint.stage_number))
                .where(in_quarters([quarter], ComplaintStage.responded_on)))
    at_close = (select(LearningPoint.id, LearningPoint.text)
                .join(Complaint, Complaint.id == LearningPoint.complaint_id)
                .where(LearningPoint.stage_number.is_(None),
                       in_quarters([quarter], Complaint.closed_on)))
    rows = sorted({*s.execute(by_stage).all(), *s.execute(at_close).all()})
    from .publication import public_quote

    seen: set[str] = set()
    out = []
    for _id, t in rows:
        clean = public_quote(" ".join((t or "").split()))
        if clean and clean.lower() not in seen:
            seen.add(clean.lower())
            out.append(clean)
    return out


# =============================================================================================
# Sections
# =============================================================================================


def _who_section(raw: dict, refs: dict, review_rows: list[tuple],
                 window: list[FinancialQuarter]) -> WhoWeHeardFrom:
    n = len(window)
    # window is oldest first; the three comparators are window[-1], window[-2], window[0]
    pos = {n - 1: 0, n - 2: 1, 0: 2}
    kind_counts: list[dict] = [dict() for _ in range(n)]
    for b, kind, _sent, cnt in raw["volume"]:
        if b >= 0:
            kind_counts[b][kind] = kind_counts[b].get(kind, 0) + int(cnt)
    volume = tuple(VolumePoint(q.code, q.label, dict(kind_counts[i]),
                               sum(kind_counts[i].values())) for i, q in enumerate(window))
    kind_rows = [(pos[i], k, c) for i, d in enumerate(kind_counts) if i in pos
                 for k, c in d.items()]
    by_kind = _breakdown(kind_rows, refs, labels={k.value: k.label for k in RecordKind},
                         order=[k.value for k in RecordKind])
    by_kind = tuple(b for b in by_kind if b.current or b.previous or b.year_earlier)
    totals = [volume[-1].total, volume[-2].total, volume[0].total]
    by_role = _breakdown(raw["role"], refs, ReferenceList.RESPONDENT_ROLE.value)
    cyp = [sum(getattr(b, f) for b in by_role if b.code in CYP_ROLES)
           for f in ("current", "previous", "year_earlier")]
    total = _count_measure(
        "records", "Feedback records received", GOOD_UP, totals,
        "Records of every kind received in the quarter (compliments, complaints, comments, "
        "suggestions, questions, survey and consultation responses, event notes).",
        Noun("feedback record"))
    cyp_m = _count_measure(
        "cyp", "Records from children and young people", GOOD_UP, cyp,
        "Records whose respondent was a child or young person or a care leaver.",
        Noun("record from children and young people",
             "records from children and young people"))
    by_channel = _breakdown(raw["channel"], refs, ReferenceList.CHANNEL.value)
    by_area = _breakdown(raw["area"], refs, ReferenceList.SERVICE_AREA.value)
    by_district = _breakdown(raw["district"], refs, ReferenceList.DISTRICT.value)
    age_order = list(AGE_LABELS)
    by_age = _breakdown(raw["age"], refs, labels=AGE_LABELS, order=age_order)
    reviews = _review_section(review_rows)
    sentences = [total.sentence("previous")]
    if totals[2]:
        sentences.append(_year_sentence(totals[0], totals[2], "records"))
    known_roles = [b for b in by_role if b.code is not None and b.current]
    if known_roles and totals[0]:
        top = known_roles[0]
        share = 100.0 * top.current / totals[0]
        rest = [_plural_role(b.label) for b in known_roles[1:3]]
        sentences.append(
            f"{nv.capitalise(_plural_role(top.label))} gave "
            f"{nv.share_of(share, 'records', the=True)}"
            + (f", followed by {nv.list_phrase(rest)}." if rest else "."))
    sentences.append(cyp_m.sentence("previous"))
    known_channels = [b for b in by_channel if b.code is not None and b.current]
    if len(known_channels) >= 2:
        a, b = (CHANNEL_PHRASES.get(c.code, f"through {c.label.lower()}")
                for c in known_channels[:2])
        sentences.append(f"Most records came {a} or {b}.")
    return WhoWeHeardFrom(total, cyp_m, by_kind, by_channel, by_role, by_area, by_district,
                          by_age, volume, reviews, tuple(sentences))


def _plural_role(label: str) -> str:
    low = label.lower()
    special = {"child or young person": "children and young people",
               "school or setting": "schools and settings", "staff": "staff",
               "member of the public": "members of the public",
               "partner organisation or representative group":
                   "partner organisations and representative groups"}
    if low in special:
        return special[low]
    return low if low.endswith("s") else low + "s"


def _year_sentence(current: int, year: int, what: str) -> str:
    if year == 0 or is_small(current) or is_small(year):
        return ""
    if current == year:
        return f"That is the same number of {what} as in the same quarter last year."
    pct = int(nv.round_half_up(abs(current - year) / year * 100))
    if pct == 0:
        return f"That is much the same as in the same quarter last year ({year:,})."
    more = "more" if current > year else "fewer"
    return f"That is {pct}% {more} than in the same quarter last year ({year:,})."


def _review_section(rows: list[tuple]) -> ReviewSection:
    order = [p.value for p in ReviewParticipation]
    breakdown = _breakdown(rows, {}, labels={p.value: REVIEW_LABELS[p] for p in
                                             ReviewParticipation}, order=order, keep_zero=True)
    totals = [sum(getattr(b, f) for b in breakdown) for f in ("current", "previous",
                                                              "year_earlier")]
    contributed_codes = {p.value for p in CONTRIBUTED}
    contributed = [sum(getattr(b, f) for b in breakdown if b.code in contributed_codes)
                   for f in ("current", "previous", "year_earlier")]
    total_m = _count_measure("reviews", "Children looked after reviews held", GOOD_NEITHER,
                             totals, "Reviews of children looked after held in the quarter.",
                             Noun("review"))
    contributed_m = _share_measure(
        "reviews_contributed", "Children contributing to their review", GOOD_UP,
        list(zip(contributed, totals, strict=True)),
        "Of the reviews held in the quarter, those where the child attended or their views "
        "were conveyed by an advocate, a carer or the IRO (children under 4 are in the base).",
        "the share of children who contributed to their review")
    sentences = []
    if totals[0]:
        sentences.append(total_m.sentence("previous"))
        sentences.append(contributed_m.sentence("previous"))
    else:
        sentences.append("No children looked after reviews were recorded this quarter.")
    return ReviewSection(breakdown, total_m, contributed_m, tuple(s for s in sentences if s))


def _told_section(raw: dict, candidates: list[dict], names: tuple[str, ...], who_raw: dict,
                  window: list[FinancialQuarter], reviewed: tuple[int, int]) -> WhatTheyToldUs:
    tops = raw["tops"]
    acc: dict[int, dict] = {}
    for b, top, sentiment, n in raw["rows"]:
        if b < 0 or top not in tops:
            continue
        d = acc.setdefault(top, {"c": [0, 0, 0], "s0": {}, "s1": {}})
        d["c"][b] += int(n)
        if b in (0, 1):
            d[f"s{b}"][sentiment] = d[f"s{b}"].get(sentiment, 0) + int(n)
    records = [0, 0, 0]
    sentiment3 = [{"positive": 0, "neutral": 0, "negative": 0} for _ in range(3)]
    # Records per comparator come from the volume query (all five quarters).
    n_window = len(window)
    pos = {n_window - 1: 0, n_window - 2: 1, 0: 2}
    trend: dict[int, dict] = {}
    for b, _kind, sentiment, cnt in who_raw["volume"]:
        if b < 0:
            continue
        t = trend.setdefault(b, {"positive": 0, "neutral": 0, "negative": 0})
        if sentiment in t:
            t[sentiment] += int(cnt)
        if b in pos:
            records[pos[b]] += int(cnt)
            if sentiment in sentiment3[pos[b]]:
                sentiment3[pos[b]][sentiment] += int(cnt)
    rows = []
    for tid, d in acc.items():
        c, p, y = d["c"]
        s0, s1 = d["s0"], d["s1"]
        rise = rate_rise_test(c, records[0], p, records[1])
        rows.append(ThemeRow(
            slug=tops[tid].slug, name=tops[tid].name, current=c, previous=p, year_earlier=y,
            share=None if not records[0] else round(100.0 * c / records[0], 1),
            previous_share=None if not records[1] else round(100.0 * p / records[1], 1),
            change_pct=None if not p else round(100.0 * (c - p) / p, 1), rise=rise,
            positive=s0.get("positive", 0), neutral=s0.get("neutral", 0),
            negative=s0.get("negative", 0), previous_positive=s1.get("positive", 0),
            previous_negative=s1.get("negative", 0),
            previous_analysed=sum(s1.get(k, 0) for k in ("positive", "neutral", "negative"))))
    rows.sort(key=lambda r: (-r.current, -r.previous, tops_order(tops, r.slug), r.name))
    top_rows = tuple(rows[:TOP_THEMES])
    analysed = [sum(x.values()) for x in sentiment3]
    positive = _share_measure(
        "positive", "Positive sentiment", GOOD_UP,
        [(sentiment3[i]["positive"], analysed[i]) for i in range(3)],
        "Records whose sentiment (the officer's correction if made, else the analyser's) is "
        "positive, out of all records with a sentiment.",
        "the share of records that were positive")
    negative = _share_measure(
        "negative", "Negative sentiment", GOOD_DOWN,
        [(sentiment3[i]["negative"], analysed[i]) for i in range(3)],
        "Records whose sentiment is negative, out of all records with a sentiment.",
        "the share of records that were negative")
    trend_points = tuple(
        SentimentPoint(window[i].code, window[i].label, trend.get(i, {}).get("positive", 0),
                       trend.get(i, {}).get("neutral", 0), trend.get(i, {}).get("negative", 0))
        for i in range(n_window))
    quotes = _choose_quotes(candidates, tops, [r.slug for r in top_rows], names)
    confirmed = None if not reviewed[1] else round(100.0 * reviewed[0] / reviewed[1], 1)
    sentences = []
    if top_rows:
        sentences.append("The themes raised most often were " + nv.top_items(
            [(r.name.lower(), r.current) for r in top_rows], Noun("record"), limit=3) + ".")
    rises = [r for r in rows if r.rise.significant]
    for r in rises[:3]:
        sentences.append(_rise_sentence(r))
    if not rises and rows:
        sentences.append("No theme rose by more than chance would explain on the previous "
                         f"quarter ({TEST_NAME}, p < 0.05).")
    sentiment_sentences = [nv.sentiment_summary(
        positive.current.value, None if not analysed[0] else
        round(100.0 * sentiment3[0]["neutral"] / analysed[0], 1), negative.current.value,
        previous_positive=positive.previous.value, previous_negative=negative.previous.value)]
    by_net = [r for r in top_rows if r.analysed >= 2 * THRESHOLD and r.net() is not None]
    if by_net:
        best = max(by_net, key=lambda r: r.net())
        worst = min(by_net, key=lambda r: r.net())
        if best.slug != worst.slug:
            sentiment_sentences.append(
                f"Of the main themes, people were most positive about {best.name.lower()} and "
                f"least positive about {worst.name.lower()}.")
    return WhatTheyToldUs(
        records=tuple(records), themes=top_rows, all_themes=tuple(rows), positive=positive,
        negative=negative, sentiment_trend=trend_points, quotes=tuple(quotes),
        test=f"{TEST_NAME}: {TEST_DESCRIPTION}", confirmed_share=confirmed,
        narrative=tuple(sentences), sentiment_narrative=tuple(sentiment_sentences))


def _rise_sentence(r: ThemeRow) -> str:
    return nv.theme_share_rise(r.name, r.share or 0.0, r.previous_share or 0.0,
                               p_value=float(r.rise.p_value or 0.0), test=TEST_NAME)


def tops_order(tops: dict, slug: str) -> int:
    for t in tops.values():
        if t.slug == slug:
            return t.sort_order
    return 0


def _choose_quotes(candidates: list[dict], tops: dict, top_slugs: list[str],
                   names: tuple[str, ...]) -> list[Quote]:
    """Up to MAX_QUOTES quotes: one per leading theme where possible, alternating positive and
    negative, no text twice. Every quote passes publication.quotable and is redacted with
    publication.public_quote (names known to the database removed)."""
    if not candidates:
        return []
    from .publication import public_quote, quotable

    slug_of = {tid: t.slug for tid, t in tops.items()}
    name_of = {t.slug: t.name for t in tops.values()}
    chosen: list[Quote] = []
    used_text: set[str] = set()
    used_ids: set[int] = set()
    want = ["positive", "negative"]
    for i, slug in enumerate(top_slugs + [None] * MAX_QUOTES):
        if len(chosen) >= MAX_QUOTES:
            break
        mood = want[i % 2]
        for pick_mood in (mood, None):
            found = None
            for c in candidates:
                if c["id"] in used_ids or not quotable(c):
                    continue
                if slug is not None and slug not in {slug_of.get(t) for t in c["themes"]}:
                    continue
                if pick_mood is not None and c["sentiment"] != pick_mood:
                    continue
                key = " ".join(c["text"].lower().split())
                if key in used_text:
                    continue
                found = c
                break
            if found is not None:
                break
        if found is None:
            continue
        used_ids.add(found["id"])
        used_text.add(" ".join(found["text"].lower().split()))
        text = _TRAILING_MARK.sub("", public_quote(trim_quote(found["text"]), names)).strip()
        if len(text) < QUOTE_MIN_CHARS // 2:
            continue
        theme_slug = slug or next((slug_of.get(t) for t in found["themes"]), None)
        kind = RecordKind(found["kind"]).label.lower()
        who = found["role"] or "Respondent"
        chosen.append(Quote(text, f"{who}, {kind}", name_of.get(theme_slug or "", ""),
                            found["sentiment"] or ""))
    return chosen


_GREETING = re.compile(
    r"^\s*(?:(?:hello|hi|hiya|dear)(?:\s+(?:there|all|team|sir|madam|[A-Z][\w'-]+))?"
    r"|good\s+(?:morning|afternoon|evening)|to whom it may concern)\s*[,!.:-]\s*", re.I)
_SIGN_OFF = re.compile(
    r"(?<=[.!?])\s+(?:(?:kind|best|warm)?\s*regards|best wishes|many thanks|thanks(?: again)?|"
    r"thank you(?: again| so much)?|cheers|yours(?: sincerely| faithfully)?|love|"
    r"from)\s*[,.!-]*\s*(?:[A-Z\[][\w\]'. -]{0,40})?\s*$", re.I)


# "... for their views. Winston", "... SEMH needs. Irina Wojcik, GP": a name (and a role) alone
# after the last sentence.
_SIGNATURE = re.compile(
    r"(?<=[.!?])\s+[A-Z][a-z'-]+(?:\s+[A-Z][a-z'-]+)?(?:\s*,\s*[A-Za-z][\w .'/-]{0,30})?\.?$")
# A redaction mark left alone at the end ("... the improvement plan? [NAME]").
_TRAILING_MARK = re.compile(r"(?<=[.!?])\s+\[[A-Z ]+\](?:\s*,?\s*[\w .'/-]{0,30})?$")


def trim_quote(text: str) -> str:
    """A quote without its greeting ("Hello there,") or sign-off ("Thank you, Mei"): a board
    paper quotes what was said, and a signature is where names hide."""
    t = " ".join((text or "").split())
    t = _GREETING.sub("", t, count=1)
    # Only a sign-off after a finished sentence goes, so "Thanks to the team..." stays.
    t = _SIGN_OFF.sub("", t).strip()
    # A bare signature ("... for their views. Winston") is a name on its own: drop it.
    t = _SIGNATURE.sub("", t).strip()
    return t[:1].upper() + t[1:] if t else t


def _complaints_section(ms: list, learning: list[str]) -> ComplaintsSection:
    cur, prev, year = ms
    received = _count_measure(
        "complaints", "Complaints received", GOOD_DOWN,
        [m.complaints_received for m in ms],
        "Complaints whose first stage was received in the quarter (all procedures).",
        Noun("complaint"))

    def timely(m) -> tuple[int, int]:
        base = sum(s.timeliness_base for s in m.by_stage.values())
        return sum(s.within_timescale for s in m.by_stage.values()), base

    within = _share_measure(
        "complaints_in_time", "Complaint responses within timescale", GOOD_UP,
        [timely(m) for m in ms],
        "Of the complaint stages answered in the quarter (withdrawn ones excluded), those "
        "answered within the procedure's timescale in working days, not counting extensions.",
        "the share of complaint responses sent within timescale")

    def upheld(m) -> tuple[int, int]:
        o = m.outcomes
        decided = o.get("upheld", 0) + o.get("partially_upheld", 0) + o.get("not_upheld", 0)
        return o.get("upheld", 0) + o.get("partially_upheld", 0), decided

    upheld_m = _share_measure(
        "complaints_upheld", "Complaints upheld or partly upheld", GOOD_DOWN,
        [upheld(m) for m in ms],
        "Of the complaint stages decided in the quarter as upheld, partially upheld or not "
        "upheld, those upheld or partially upheld.",
        "the share of complaints upheld or partly upheld")
    sentences = [received.sentence("previous")]
    if cur.by_theme:
        top = next(iter(cur.by_theme.items()))
        if top[1] and cur.complaints_received:
            share = 100.0 * top[1] / cur.complaints_received
            sentences.append(f"The most common theme was {top[0].lower()} "
                             f"({nv.share_of(share, 'complaints')}).")
    if within.current.base:
        sentences.append(within.sentence("previous"))
    if upheld_m.current.base:
        sentences.append(upheld_m.sentence("previous"))
    escalated = sum(n for stage, n in cur.escalations.items() if stage >= 2)
    if escalated:
        sentences.append(f"There were {nv.count_phrase(escalated, Noun('complaint'))} that "
                         "went on to a further stage.")
    if cur.ombudsman_referrals:
        sentences.append(
            f"There were {nv.count_phrase(cur.ombudsman_referrals, Noun('complaint'))} "
            "referred to the Local Government and Social Care Ombudsman.")
    return ComplaintsSection(cur, prev, year, received, within, upheld_m, tuple(learning),
                             tuple(s for s in sentences if s))


def _compliments_section(cur, earlier: tuple[int, int]) -> ComplimentsSection:
    received = _count_measure("compliments", "Compliments received", GOOD_UP,
                              [cur.received, *earlier],
                              "Records of kind compliment received in the quarter.",
                              Noun("compliment"))
    about = ""
    if cur.by_theme and cur.received:
        name, n = next(iter(cur.by_theme.items()))
        about = nv.about_phrase(name.lower(), 100.0 * n / cur.received)
    sentences = [nv.count_change(Noun("compliment"), cur.received, earlier[0], about=about)]
    year = _year_sentence(cur.received, earlier[1], "compliments")
    if year:
        sentences.append(year)
    teams = [(t, n) for t, n in cur.by_team.items() if not t.lower().startswith("team not")]
    if teams and teams[0][1] < THRESHOLD:
        sentences.append(f"Thanks were spread across {len(teams)} teams, none thanked five "
                         "times or more.")
    elif teams:
        sentences.append("The teams thanked most often were " + nv.top_items(
            teams, Noun("compliment"), limit=3) + ".")
    if cur.received:
        sentences.append(
            f"Thanks were passed on to staff for {nv.count_phrase(cur.thanks_passed_on, Noun('compliment'))}"
            + (f", on average {cur.avg_days_to_pass_on:g} days after they arrived."
               if cur.avg_days_to_pass_on is not None and cur.thanks_passed_on >= THRESHOLD
               else "."))
    return ComplimentsSection(cur, received, tuple(sentences))


def _surveys_section(raw: dict) -> SurveysSection:
    per = [0, 0, 0]
    for b, _e, n in raw["per_bucket"]:
        if 0 <= b <= 2:
            per[b] += int(n)
    responses = _count_measure("survey_responses", "Survey responses", GOOD_UP, per,
                               "Survey responses submitted in the quarter, all surveys.",
                               Noun("survey response"))
    eds = raw["editions"]
    results = []
    for e in raw["wanted"]:
        prev = raw["previous"][e]
        prev_q = {q[1]: q for q in raw["questions"].get(prev, [])} if prev else {}
        qres = []
        for qid, key, text, qtype, options, scale in raw["questions"].get(e, []):
            if qtype == QuestionType.TEXT.value:
                continue
            now = _question_stats(raw["results"].get(qid, {}), qtype, options, scale)
            before = None
            if key in prev_q:
                pq = prev_q[key]
                before = _question_stats(raw["results"].get(pq[0], {}), pq[3], pq[4], pq[5])
            qres.append(SurveyQuestionResult(
                key=key, text=text, qtype=qtype, answers=now[0], mean=now[1],
                positive_pct=now[2], positive_count=now[3], positive_label=now[4],
                previous_answers=before[0] if before else None,
                previous_mean=before[1] if before else None,
                previous_positive_pct=before[2] if before else None,
                previous_positive_count=before[3] if before else None))
        results.append(SurveyEditionResult(
            survey=eds[e].survey, edition=eds[e].name, opens_on=eds[e].opens_on,
            closes_on=eds[e].closes_on,
            responses_in_quarter=sum(n for b, ed, n in raw["per_bucket"] if b == 0 and ed == e),
            responses=int(raw["totals"].get(e, 0)),
            previous_edition=eds[prev].name if prev else None,
            previous_responses=int(raw["totals"].get(prev, 0)) if prev else None,
            questions=tuple(qres)))
    sentences = [responses.sentence("previous")]
    year = _year_sentence(per[0], per[2], "survey responses")
    if year:
        sentences.append(year)
    for r in results:
        if r.previous_edition and r.questions:
            q = r.questions[0]
            if q.positive_pct is not None and q.previous_positive_pct is not None \
                    and q.answers >= 2 * THRESHOLD and (q.previous_answers or 0) >= 2 * THRESHOLD:
                sentences.append(nv.share_change(
                    f"in the {r.edition}, the share who {q.positive_label} to "
                    f"\u201c{q.text.rstrip('?.')}\u201d", q.positive_pct,
                    q.previous_positive_pct, comparator=f"the {r.previous_edition}",
                    period="").replace(" .", "."))
    if not results:
        sentences.append("No survey was open for responses this quarter.")
    return SurveysSection(responses, tuple(results), tuple(sentences))


def _question_stats(counts: dict, qtype: str, options: list, scale: int | None):
    """(answers, mean, positive %, positive count, positive label) for one question."""
    if qtype == QuestionType.RATING.value:
        rated = {r: n for (r, _c), n in counts.items() if r is not None}
        n = sum(rated.values())
        top = scale or 5
        good = sum(v for r, v in rated.items() if r >= top - 1)
        mean = None if not n else round(sum(r * v for r, v in rated.items()) / n, 2)
        pct = None if not n else round(100.0 * good / n, 1)
        return n, mean, pct, good, f"rated {top - 1} or {top} out of {top}"
    chosen = {c: v for (_r, c), v in counts.items() if c is not None}
    n = sum(chosen.values())
    first = options[0] if options else "Yes"
    good = chosen.get(first, 0)
    return n, None, (None if not n else round(100.0 * good / n, 1)), good, \
        f"answered \u201c{first}\u201d"


def _engagement_section(raw: dict) -> EngagementSection:
    ev = {b: (int(n), int(cp)) for b, n, cp in raw["events"]}
    events = _count_measure("events", "Engagement events held", GOOD_UP,
                            [ev.get(i, (0, 0))[0] for i in range(3)],
                            "Engagement events and activities held in the quarter.",
                            Noun("engagement event"))
    coproduced = _count_measure("events_coproduced", "Events co-produced with families",
                                GOOD_UP, [ev.get(i, (0, 0))[1] for i in range(3)],
                                "Events planned and run together with parent carers, children "
                                "or young people.", Noun("co-produced event"))
    order = [g.value for g in AttendanceGroup]
    groups = _breakdown(raw["attendance"], {}, labels={g.value: ATTENDANCE_LABELS[g]
                                                       for g in AttendanceGroup}, order=order)
    att = [sum(getattr(g, f) for g in groups) for f in ("current", "previous", "year_earlier")]
    attendance = _count_measure("attendance", "People attending events", GOOD_UP, att,
                                "The attendance recorded at events held in the quarter "
                                "(people attending two events count twice).",
                                Noun("attendance at events", "attendances at events",
                                     subject="attendance at events"))
    listed = sorted(raw["event_rows"], key=lambda e: (-e.attendance, e.held_on))
    sentences = [events.sentence("previous")]
    if events.current.value:
        sentences.append(
            f"Of these, {nv.count_phrase(int(coproduced.current.value or 0), Noun('event'))} "
            "were co-produced with families.")
        cyp = next((g for g in groups if g.code == AttendanceGroup.CHILDREN_YOUNG_PEOPLE.value),
                   None)
        pc = next((g for g in groups if g.code == AttendanceGroup.PARENT_CARERS.value), None)
        if att[0]:
            sentences.append(
                f"Attendance totalled {nv.number_text(att[0])}, including "
                f"{nv.number_text(pc.current if pc else 0)} parent carers and "
                f"{nv.number_text(cyp.current if cyp else 0)} children and young people.")
    for c in raw["consultations"]:
        sentences.append(f"The consultation \u201c{c.title}\u201d was open from "
                         f"{c.opens_on:%-d %B} to {c.closes_on:%-d %B %Y} and received "
                         f"{nv.count_phrase(c.responses, Noun('response'))} this quarter.")
    return EngagementSection(events, coproduced, attendance, groups, tuple(listed[:12]),
                             len(listed), tuple(raw["consultations"]), tuple(sentences))


def _yswd_section(as_at: date, compare_to: date, now: dict, before: dict, year: dict,
                  rows: list, told: list) -> YswdSection:
    from .actions import STATUS_LABEL, STATUS_MEANING, STATUS_ORDER, direction_counts

    order = [ActionStatus.COMPLETE, ActionStatus.BLUE, ActionStatus.GREEN, ActionStatus.AMBER,
             ActionStatus.RED, ActionStatus.NOT_YET_DUE]
    assert set(order) == set(STATUS_ORDER)
    statuses = tuple(StatusCount(s.value, STATUS_LABEL[s], STATUS_MEANING[s],
                                 int(now.get(s, 0)), int(before.get(s, 0))) for s in order)
    good = {ActionStatus.COMPLETE, ActionStatus.BLUE, ActionStatus.GREEN}

    def on_track(d: dict) -> tuple[int, int]:
        started = sum(v for s, v in d.items() if s != ActionStatus.NOT_YET_DUE)
        return sum(v for s, v in d.items() if s in good), started

    on_track_m = _share_measure(
        "yswd_on_track", "Actions complete or on track", GOOD_UP,
        [on_track(now), on_track(before), on_track(year)],
        "Of the You Said, We Did actions with a status at the end of the quarter (those not "
        "yet due to start excluded), those Complete, Blue or Green.",
        "the share of actions complete or on track")
    told_m = _share_measure(
        "told_back", "People told what happened", GOOD_UP,
        [(t.told, t.linked) for t in told],
        "Of the records received in the 12 months to the end of the quarter that are linked to "
        "a You Said, We Did action, those whose author had been told back (directly, or by a "
        "newsletter, event or letter about the action) by the end of the quarter.",
        "the share of people told what happened")
    directions = {d.value: n for d, n in direction_counts(rows).items()}
    overdue = sum(1 for r in rows if r.overdue)
    red = int(now.get(ActionStatus.RED, 0))
    total = sum(now.values())
    # Every count phrase is plural: a count of 1 always reads "fewer than five".
    sentences = [f"At {as_at:%-d %B %Y} there were {nv.count_phrase(total, Noun('action'))} on "
                 f"the tracker; {nv.count_phrase(on_track(now)[0], Noun('action'))} were "
                 "complete or on track."]
    if total:
        improved = directions.get("improved", 0) + directions.get("completed", 0)
        worse = directions.get("deteriorated", 0)
        sentences.append(
            f"Since {compare_to:%-d %B %Y}, {nv.count_phrase(improved, Noun('action'))} "
            f"improved or were completed and {nv.number_text(worse)} deteriorated.")
    if red:
        sentences.append(f"There are {nv.count_phrase(red, Noun('action'))} rated Red.")
    if overdue:
        sentences.append(f"There are {nv.count_phrase(overdue, Noun('action'))} past their "
                         "due date.")
    if told_m.current.base:
        sentences.append(told_m.sentence("previous"))
    return YswdSection(as_at, compare_to, statuses, tuple(rows), directions, on_track_m,
                       told_m, overdue, tuple(sentences))


def _headline(who: WhoWeHeardFrom, told: WhatTheyToldUs, comp: ComplaintsSection,
              compl: ComplimentsSection, surveys: SurveysSection, eng: EngagementSection,
              yswd: YswdSection) -> tuple[Measure, ...]:
    return (who.total, who.cyp, compl.received, comp.received, comp.within_timescale,
            comp.upheld, told.positive, told.negative, eng.events, eng.attendance,
            surveys.responses, who.reviews.contributed, yswd.on_track, yswd.told_back)


def _magnitude(m: Measure) -> float:
    ch = m.change("previous")
    if ch is None:
        return 0.0
    return abs(ch) / (10.0 if m.unit == "count" else 1.0)


def _reportable(m: Measure) -> bool:
    """Worth a summary bullet: both figures printable and the change not trivially small."""
    if m.unit == "count":
        c, p = m.current.value or 0, m.previous.value or 0
        if is_small(int(c)) or is_small(int(p)) or p < nv.MIN_BASE_FOR_PERCENT:
            return False
        return abs((c - p) / p) >= 0.05
    if not (_plain(percent_figure(m.current)) and _plain(percent_figure(m.previous))):
        return False
    ch = m.change("previous")
    return ch is not None and abs(ch) >= 2.0


def _summary_points(headline: Sequence[Measure], told: WhatTheyToldUs,
                    compl: ComplimentsSection, comp: ComplaintsSection,
                    yswd: YswdSection) -> tuple[tuple[str, ...], tuple[str, ...]]:
    well: list[tuple[float, str]] = []
    worry: list[tuple[float, str]] = []
    for m in headline:
        if not _reportable(m):
            continue
        j = m.judgement("previous")
        if j == "better":
            well.append((_magnitude(m), m.sentence("previous")))
        elif j == "worse":
            worry.append((_magnitude(m), m.sentence("previous")))
    for r in told.all_themes:
        if not r.rise.significant:
            continue
        sentence = _rise_sentence(r)
        net = r.net()
        if net is not None and net > 0:
            well.append((50.0, sentence + " More of it was positive than negative."))
        elif net is not None and net < 0:
            worry.append((50.0, sentence + " More of it was negative than positive."))
        else:
            worry.append((50.0, sentence))
    cur = compl.current
    if cur.received and cur.by_theme:
        name, n = next(iter(cur.by_theme.items()))
        share = 100.0 * n / cur.received
        if n >= THRESHOLD:
            well.append((1.0, f"{nv.capitalise(nv.share_of(share, 'compliments'))} were "
                              f"about {name.lower()}."))
    red = next((s.now for s in yswd.statuses if s.status == ActionStatus.RED.value), 0)
    if red:
        worry.append((5.0, f"There are {nv.count_phrase(red, Noun('action'))} on the You Said, "
                           "We Did tracker rated Red (not started, stalled or stopped)."))
    fault = sum(n for d, n in comp.current.ombudsman_findings.items()
                if d in ("fault_injustice", "fault_no_injustice"))
    if fault:
        worry.append((4.0, f"The Ombudsman found fault in {nv.count_phrase(fault, Noun('case'))}"
                           " this quarter."))
    well.sort(key=lambda t: -t[0])
    worry.sort(key=lambda t: -t[0])
    well_s = tuple(dict.fromkeys(s for _, s in well))[:5]
    worry_s = tuple(dict.fromkeys(s for _, s in worry))[:5]
    if not well_s:
        well_s = ("No headline measure improved markedly on the previous quarter.",)
    if not worry_s:
        worry_s = ("No headline measure moved markedly in the wrong direction this quarter.",)
    return well_s, worry_s


def _summary_intro(quarter: FinancialQuarter, who: WhoWeHeardFrom,
                   told: WhatTheyToldUs) -> str:
    total = int(who.total.current.value or 0)
    themes = [r.name.lower() for r in told.themes[:2]]
    text = (f"This report covers {quarter.months_label} ({quarter.label}). In the quarter we "
            f"received {nv.count_phrase(total, Noun('feedback record'))} from children, young "
            "people, families and partners")
    if themes:
        text += f"; the themes raised most often were {nv.list_phrase(themes)}"
    return text + "."


def _appendix(quarter: FinancialQuarter, told: WhatTheyToldUs) -> Appendix:
    defs = (
        ("Quarter", "Financial-year quarters: Q1 April to June, Q2 July to September, Q3 "
                    "October to December, Q4 January to March. This report covers "
                    f"{quarter.months_label}."),
        ("Comparisons", "Each measure is compared with the previous quarter and with the same "
                        "quarter a year earlier. The arrow shows the direction of change; "
                        "\u201cbetter\u201d or \u201cworse\u201d says whether that direction is "
                        "good for the measure."),
        ("Feedback record", "One thing someone told us: a compliment, complaint, comment, "
                            "suggestion, question, survey or consultation response, or a note "
                            "from an event."),
        ("Theme", "What a record is about, from the council's codebook. Themes are suggested by "
                  "voiceapp's analyser and confirmed or corrected by officers; a record can "
                  "have several. Sub-themes count towards their main theme, and a record "
                  "counts once per main theme."),
        ("Share of records", "Records mentioning a theme as a percentage of all records "
                             "received in the quarter."),
        ("Real rise", f"A theme whose share of records rose on the previous quarter by more "
                      f"than chance would explain: {TEST_NAME}, {TEST_DESCRIPTION}."),
        ("Sentiment", "Whether a record is positive, neutral or negative, from voiceapp's "
                      "analyser unless an officer corrected it."),
        ("Net sentiment", "Percentage positive minus percentage negative."),
        ("Within timescale", "A complaint response sent within the procedure's timescale in "
                             "working days (weekends and bank holidays excluded), not counting "
                             "agreed extensions."),
        ("Upheld", "Complaint stages decided as upheld or partially upheld, out of those "
                   "upheld, partially upheld or not upheld."),
        ("You Said, We Did status", "Complete; Blue: completed, impact to be tested; Green: "
                                    "started and on track; Amber: some issues causing delay; "
                                    "Red: not started, stalled or stopped; Not yet due to "
                                    "start."),
        ("Told back", "Someone who raised something linked to an action was told what "
                      "happened, directly or through a newsletter, event or letter."),
    )
    notes = [
        "Figures were produced by voiceapp from the council's engagement records on the date "
        "shown on the cover; records added or corrected later can change them slightly.",
        "Sentiment and themes are suggested automatically and reviewed by officers; "
        + (f"{nv.percent_text(told.confirmed_share)} of this quarter's records had been "
           "reviewed by an officer when the report was produced."
           if told.confirmed_share is not None else "there were no records this quarter."),
        "Quotes are used only where the person agreed to be quoted. Names and other details "
        "that could identify someone have been removed, and nothing flagged as a possible "
        "safeguarding concern is ever quoted. Complaint text is never quoted.",
        "Complaint figures count stages of the statutory children's social care procedure and "
        "the corporate and SEND procedure together; tables show each stage separately.",
        "Percentages are not given where they rest on fewer than ten records.",
    ]
    return Appendix(defs, tuple(notes), SUPPRESSION_NOTE + " Percentages are shown as "
                    "\u201cunder\u201d or \u201cover\u201d a value where an exact figure "
                    "would reveal a number from 1 to 4.")
