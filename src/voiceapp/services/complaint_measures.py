"""Complaint and compliment measures for the quarterly report, the Trends page and the annual
complaints report (DOMAIN.md sections 6 and 8).

Every figure comes from GROUP BY queries or from pandas over narrow, period-bounded queries (a
quarter's or a year's stage rows); nothing loops over all complaints in Python.

Definitions (the report's appendix quotes these)
------------------------------------------------
* **Received** (per stage): stages whose ``received_on`` falls in the period. A complaint that
  moves to stage 2 is received again at stage 2. **Complaints received**: complaints whose first
  stage was received in the period.
* **Closed** (per stage): stages whose response (or withdrawal) date falls in the period, whatever
  the outcome.
* **Closed within timescale**: of the stages closed in the period, excluding withdrawn ones (a
  withdrawn stage never got a response, so it says nothing about timeliness), those responded to on
  or before the *on-time* due date: the procedure timescale counted in working days from the
  (deemed) day of receipt, moved on only by pauses the procedure allows, **not** by extensions.
  For a stage with milestones (the statutory stage 3 review panel) every recorded milestone must
  also have met its own deadline. "Not accepted" decisions are included: the complainant is owed
  that answer within the timescale too.
* **Closed within extended timescale**: of the same stages, those responded to on or before the
  agreed extended date, or on time if there was no extension. It includes those closed within
  timescale, so it is never lower than that figure.
* **Average working days to respond**: over the same stages, the working days from the (deemed)
  day of receipt to the response, not counting paused days (day 1 is the working day after
  receipt; weekends, bank holidays, Christmas Day, Boxing Day and Good Friday never count).
* **Outcomes**: the outcome of each stage closed in the period. **Upheld share**: upheld plus
  partially upheld, out of stages closed with upheld, partially upheld or not upheld.
* **Escalations**: stages 2 and above received in the period (requests accepted for the next
  stage). **Ombudsman referrals**: complaints referred in the period; **findings**: decisions made
  in the period.
* **By theme**: complaints received in the period with each top-level theme (sub-codes count
  towards their parent; suggested and confirmed tags count, rejected ones do not; a complaint with
  several themes counts once under each). **By service area**: complaints received, by the service
  area of the record.
* Compliments: records of kind compliment received in the period, by top-level theme, by the team
  praised (the compliment's team, else the record's team), by service area and respondent role.

Counts are exact; suppressing small numbers ("<5") for board and public outputs is the report's
job, not this module's.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

import pandas as pd
from sqlalchemy import Select, String, and_, cast, func, literal, or_, select
from sqlalchemy.orm import Session, aliased

from voiceapp.db.engine import Database
from voiceapp.db.models import (
    Complaint,
    ComplaintProcedure,
    ComplaintStage,
    Compliment,
    Feedback,
    FeedbackTheme,
    LearningPoint,
    ReferenceItem,
    Theme,
)
from voiceapp.domain.complaint_rules import (
    OMBUDSMAN_DECISION_LABELS,
    OUTCOME_LABELS,
    StageClock,
    StageStatus,
)
from voiceapp.domain.enums import OmbudsmanDecision, RecordKind, StageOutcome, ThemeLinkStatus
from voiceapp.domain.quarters import FinancialQuarter
from voiceapp.domain.working_days import WorkingDayCalendar

from .complaints import calendar_for, clock_from_row, procedure_from_row
from .context import Actor
from .permissions import Permission, require

__all__ = [
    "OMBUDSMAN_DECISION_LABELS",
    "OUTCOME_LABELS",
    "AnnualComplaintsReport",
    "ComplaintMeasures",
    "ComplimentMeasures",
    "OmbudsmanCase",
    "StageMeasures",
    "annual_report",
    "compliment_measures",
    "quarter_measures",
]

NO_AREA = "Service area not recorded"
NO_TEAM = "Team not recorded"
NO_ROLE = "Not recorded"
_OUTCOMES = tuple(o.value for o in StageOutcome)


@dataclass(frozen=True)
class StageMeasures:
    """One stage (of one procedure, or of all procedures together) over a period."""

    stage: int
    received: int
    closed: int
    #: Closed stages counted for timeliness and the average (withdrawn ones excluded).
    timeliness_base: int
    within_timescale: int
    within_extended_timescale: int  # includes within_timescale
    extended: int  # closed stages (in the base) that had an agreed extension
    pct_within_timescale: float | None  # 0-100, one decimal; None when nothing closed
    pct_within_extended_timescale: float | None
    avg_working_days: float | None
    outcomes: dict[str, int]  # StageOutcome value -> stages closed with it
    escalated_to_next: int  # requests for the next stage received in the period


@dataclass(frozen=True)
class ComplaintMeasures:
    quarter: str  # "2024-25 Q1"
    start: date
    end: date
    complaints_received: int
    stages_closed: int
    by_stage: dict[int, StageMeasures]  # all procedures together
    by_procedure: dict[str, dict[int, StageMeasures]]  # procedure code -> stage -> measures
    procedure_names: dict[str, str]
    outcomes: dict[str, int]  # all stages closed in the period
    upheld_share: float | None  # percent, see the module docstring
    escalations: dict[int, int]  # stage reached -> requests accepted in the period
    ombudsman_referrals: int
    ombudsman_findings: dict[str, int]  # OmbudsmanDecision value -> decisions in the period
    by_theme: dict[str, int]  # top-level theme name -> complaints received
    by_service_area: dict[str, int]
    open_at_end: int  # stages received by the end of the period and not closed by then


@dataclass(frozen=True)
class ComplimentMeasures:
    quarter: str
    start: date
    end: date
    received: int
    by_theme: dict[str, int]
    by_team: dict[str, int]
    by_service_area: dict[str, int]
    by_role: dict[str, int]
    thanks_passed_on: int  # of the compliments received in the period
    awaiting_thanks: int  # of the compliments received in the period
    avg_days_to_pass_on: float | None  # calendar days from receipt


@dataclass(frozen=True)
class OmbudsmanCase:
    reference: str
    service_area: str
    referred_on: date | None
    decision: str
    decision_label: str
    decided_on: date
    remedy: str


@dataclass(frozen=True)
class AnnualComplaintsReport:
    """The annual complaints report a council must publish: one financial year."""

    year_label: str  # "2023-24"
    start: date
    end: date
    complaints_received: int
    stages_closed: int
    by_stage: dict[int, StageMeasures]
    by_procedure: dict[str, dict[int, StageMeasures]]
    procedure_names: dict[str, str]
    outcomes: dict[str, int]
    upheld_share: float | None
    escalations: dict[int, int]
    received_by_quarter: dict[str, int]  # "Q1".."Q4" -> complaints received
    by_theme: dict[str, int]
    by_service_area: dict[str, int]
    ombudsman_referrals: int
    ombudsman_decisions: dict[str, int]
    ombudsman_cases: tuple[OmbudsmanCase, ...]
    learning_points: tuple[str, ...]  # names and contact details removed
    compliments_received: int


# =============================================================================================
# Helpers
# =============================================================================================


def _pct(part: int, whole: int) -> float | None:
    return None if whole == 0 else round(100.0 * part / whole, 1)


def _ranked(rows: Iterable[tuple[str | None, int]], missing: str) -> dict[str, int]:
    """Label -> count, largest first (ties alphabetical); None labels grouped as ``missing``."""
    out: dict[str, int] = {}
    for label, n in rows:
        key = label or missing
        out[key] = out.get(key, 0) + int(n)
    return dict(sorted(out.items(), key=lambda kv: (-kv[1], kv[0])))


def _between(col, start: date, end: date):
    return and_(col >= start, col <= end)


def _new_complaints(start: date, end: date) -> Select:
    """(complaint_id, first_received) of complaints whose first stage was received in the
    period. Only complaints with a stage received in the period can qualify, so the grouping
    reads the period's stage rows, not every stage ever recorded."""
    touched = select(ComplaintStage.complaint_id).where(
        _between(ComplaintStage.received_on, start, end))
    first = func.min(ComplaintStage.received_on)
    return (select(ComplaintStage.complaint_id, first.label("first_received"))
            .where(ComplaintStage.complaint_id.in_(touched))
            .group_by(ComplaintStage.complaint_id)
            .having(_between(first, start, end)))


def _top_theme_counts(s: Session, feedback_ids: Select) -> dict[str, int]:
    """Top-level theme name -> distinct records among ``feedback_ids`` (a one-column select)."""
    parent = aliased(Theme)
    top_id = func.coalesce(parent.id, Theme.id)
    top_name = func.coalesce(parent.name, Theme.name)
    q = (select(top_name, func.count(func.distinct(FeedbackTheme.feedback_id)))
         .select_from(FeedbackTheme)
         .join(Theme, Theme.id == FeedbackTheme.theme_id)
         .outerjoin(parent, parent.id == Theme.parent_id)
         .where(FeedbackTheme.status != ThemeLinkStatus.REJECTED.value,
                FeedbackTheme.feedback_id.in_(feedback_ids))
         .group_by(top_id, top_name))
    return _ranked(s.execute(q).all(), "No theme")


class _Ranks:
    """Working-day ranks of dates, so working days between two date columns is a subtraction
    over the distinct dates rather than a calendar call per row."""

    def __init__(self, cal: WorkingDayCalendar, dates: Iterable[date]) -> None:
        self.cal = cal
        unique = sorted(set(dates))
        self.epoch = unique[0] if unique else date(2000, 1, 1)
        self.rank = {d: cal.working_days_between(self.epoch, d) for d in unique}

    def start_rank(self, received: date) -> int:
        # The deemed day of receipt is the next working day when received on a non-working day.
        return self.rank[received] + (0 if self.cal.is_working_day(received) else 1)


def _stage_frame(s: Session, start: date, end: date) -> pd.DataFrame:
    """The narrow stage rows received or closed in the period."""
    q = (select(ComplaintStage.complaint_id, ComplaintStage.number,
                ComplaintProcedure.code.label("procedure"), ComplaintStage.received_on,
                ComplaintStage.due_on, ComplaintStage.extended_to, ComplaintStage.responded_on,
                ComplaintStage.outcome,
                # As text: nearly every stage has no pauses ("[]"), so only the few that do are
                # decoded.
                cast(ComplaintStage.pauses, String).label("pauses"))
         .join(Complaint, Complaint.id == ComplaintStage.complaint_id)
         .join(ComplaintProcedure, ComplaintProcedure.id == Complaint.procedure_id)
         .where(or_(_between(ComplaintStage.received_on, start, end),
                    _between(ComplaintStage.responded_on, start, end))))
    rows = s.connection().execute(q).all()  # Core: no ORM row processing for a narrow query
    cols = ["complaint_id", "number", "procedure", "received_on", "due_on", "extended_to",
            "responded_on", "outcome", "pauses"]
    return pd.DataFrame([tuple(r) for r in rows], columns=cols)


def _milestone_lateness(s: Session, cal: WorkingDayCalendar, start: date, end: date
                        ) -> dict[tuple[int, int], bool]:
    """(complaint id, stage) -> True when a recorded milestone of a stage closed in the period
    missed its deadline. Only stages whose procedure defines milestones are read (the statutory
    stage 3 review panel: a handful a year), so the clock can judge each one."""
    procs = {p.id: p for p in s.scalars(select(ComplaintProcedure))}
    pairs: list[tuple[int, int]] = []
    for pid, p in procs.items():
        definitions = [p.definition, *(p.definition.get("history") or ())]
        for d in definitions:
            for st in d.get("stages") or ():
                if st.get("milestones"):
                    pairs.append((pid, int(st["number"])))
    if not pairs:
        return {}
    conds = [and_(Complaint.procedure_id == pid, ComplaintStage.number == n)
             for pid, n in set(pairs)]
    rows = s.execute(
        select(Complaint.procedure_id, ComplaintStage)
        .join(Complaint, Complaint.id == ComplaintStage.complaint_id)
        .where(or_(*conds), _between(ComplaintStage.responded_on, start, end))).all()
    out: dict[tuple[int, int], bool] = {}
    templates = {pid: procedure_from_row(p) for pid, p in procs.items()}
    for pid, row in rows:
        clock: StageClock = clock_from_row(row, templates[pid], procs[pid].definition, cal)
        if clock.template.milestones:
            out[(row.complaint_id, row.number)] = clock.status(end) == StageStatus.CLOSED_LATE
    return out


def _working_days(df: pd.DataFrame, cal: WorkingDayCalendar) -> pd.Series:
    """Working days from the deemed day of receipt to the response, less paused working days,
    for the stages closed in the period (NaN for the rest)."""
    closed = df[df["closed_in_period"]]
    out = pd.Series(float("nan"), index=df.index)
    if not len(closed):
        return out
    ranks = _Ranks(cal, list(closed["received_on"]) + list(closed["responded_on"]))
    start_rank = {d: ranks.start_rank(d) for d in set(closed["received_on"])}
    days = closed["responded_on"].map(ranks.rank) - closed["received_on"].map(start_rank)
    paused = closed[~closed["pauses"].isin(["[]", "", None])]
    for idx, rec, resp, raw in zip(paused.index, paused["received_on"],
                                   paused["responded_on"], paused["pauses"], strict=True):
        # Rare (only procedures that allow pausing): the same count as StageClock.
        first = cal.working_day_on_or_after(rec) + timedelta(days=1)
        for p in json.loads(raw) if isinstance(raw, str) else (raw or ()):
            p_start = date.fromisoformat(p["start"])
            p_end = date.fromisoformat(p["end"]) if p.get("end") else resp
            days[idx] -= cal.working_days_in_range(max(p_start, first), p_end)
    out[closed.index] = days.clip(lower=0).astype(float)
    return out


def _stage_measures(df: pd.DataFrame, start: date, end: date, number: int,
                    escalated: int) -> StageMeasures:
    received = int(df["received_in_period"].sum()) if len(df) else 0
    closed = df[df["closed_in_period"]] if len(df) else df
    outcomes = {o: 0 for o in _OUTCOMES}
    if len(closed):
        for o, n in closed["outcome"].value_counts().items():
            outcomes[str(o)] = int(n)
    base = closed[closed["outcome"] != StageOutcome.WITHDRAWN.value] if len(closed) else closed
    n = len(base)
    in_time = int(base["in_time"].sum()) if n else 0
    in_ext = int(base["in_extended"].sum()) if n else 0
    extended = int(base["extended_to"].notna().sum()) if n else 0
    avg = round(float(base["working_days"].mean()), 1) if n else None
    return StageMeasures(number, received, len(closed), n, in_time, in_ext, extended,
                         _pct(in_time, n), _pct(in_ext, n), avg, outcomes, escalated)


def _period(s: Session, cal: WorkingDayCalendar, start: date, end: date) -> dict:
    """Everything shared by the quarterly and annual measures, for ``start``..``end``."""
    df = _stage_frame(s, start, end)
    received = pd.to_datetime(df["received_on"])
    responded = pd.to_datetime(df["responded_on"])
    due = pd.to_datetime(df["due_on"])
    extended = pd.to_datetime(df["extended_to"]).fillna(due)
    df["received_in_period"] = received.between(pd.Timestamp(start), pd.Timestamp(end))
    df["closed_in_period"] = responded.between(pd.Timestamp(start), pd.Timestamp(end))
    # NaT compares False, so stages not yet responded to are never "in time".
    df["in_time"] = df["closed_in_period"] & (responded <= due)
    df["in_extended"] = df["closed_in_period"] & (responded <= extended)
    late = _milestone_lateness(s, cal, start, end) if len(df) else {}
    if late:
        keys = list(zip(df["complaint_id"], df["number"], strict=True))
        ms_late = pd.Series([late.get(k, False) for k in keys], index=df.index)
        df["in_time"] &= ~ms_late
        df["in_extended"] &= ~ms_late
    df["working_days"] = _working_days(df, cal)
    received_stage = df[df["received_in_period"]]
    escalations_by_proc: dict[tuple[str, int], int] = {}
    if len(received_stage):
        for (proc, number), n in received_stage.groupby(["procedure", "number"]).size().items():
            if number >= 2:
                escalations_by_proc[(str(proc), int(number))] = int(n)

    procs = dict(s.execute(select(ComplaintProcedure.code, ComplaintProcedure.name)
                           .order_by(ComplaintProcedure.id)).all())
    stage_numbers = sorted({int(n) for n in df["number"]}) if len(df) else []
    by_stage: dict[int, StageMeasures] = {}
    for number in sorted(set(stage_numbers) | {1}):
        part = df[df["number"] == number] if len(df) else df
        esc = sum(v for (_, n), v in escalations_by_proc.items() if n == number + 1)
        by_stage[number] = _stage_measures(part, start, end, number, esc)
    by_procedure: dict[str, dict[int, StageMeasures]] = {}
    for code in procs:
        part_p = df[df["procedure"] == code] if len(df) else df
        numbers = sorted({int(n) for n in part_p["number"]}) if len(part_p) else []
        by_procedure[code] = {
            n: _stage_measures(part_p[part_p["number"] == n], start, end, n,
                               escalations_by_proc.get((code, n + 1), 0))
            for n in sorted(set(numbers) | {1})}
    outcomes = {o: sum(m.outcomes[o] for m in by_stage.values()) for o in _OUTCOMES}
    decided = sum(outcomes[o.value] for o in (StageOutcome.UPHELD, StageOutcome.PARTIALLY_UPHELD,
                                              StageOutcome.NOT_UPHELD))
    upheld = outcomes[StageOutcome.UPHELD.value] + outcomes[StageOutcome.PARTIALLY_UPHELD.value]
    escalations: dict[int, int] = {}
    for (_, n), v in escalations_by_proc.items():
        escalations[n] = escalations.get(n, 0) + v

    new = _new_complaints(start, end).subquery()
    area = aliased(ReferenceItem)
    fresh = s.connection().execute(
        select(new.c.complaint_id, new.c.first_received, area.label)
        .join(Complaint, Complaint.id == new.c.complaint_id)
        .join(Feedback, Feedback.id == Complaint.feedback_id)
        .outerjoin(area, area.id == Feedback.service_area_id)).all()
    complaints_received = len(fresh)
    by_area = _ranked(Counter(r.label for r in fresh).items(), NO_AREA)
    new_feedback = select(Complaint.feedback_id).join(new, new.c.complaint_id == Complaint.id)
    by_theme = _top_theme_counts(s, new_feedback)
    referrals = s.scalar(select(func.count()).select_from(Complaint).where(
        _between(Complaint.ombudsman_referred_on, start, end))) or 0
    findings_rows = s.execute(
        select(Complaint.ombudsman_decision, func.count())
        .where(_between(Complaint.ombudsman_decided_on, start, end),
               Complaint.ombudsman_decision.is_not(None))
        .group_by(Complaint.ombudsman_decision)).all()
    findings = {d.value: 0 for d in OmbudsmanDecision}
    for decision, n in findings_rows:
        findings[str(decision)] = findings.get(str(decision), 0) + int(n)
    return dict(
        first_received=[r.first_received for r in fresh],
        complaints_received=int(complaints_received),
        stages_closed=sum(m.closed for m in by_stage.values()),
        by_stage=by_stage, by_procedure=by_procedure, procedure_names=procs,
        outcomes=outcomes, upheld_share=_pct(upheld, decided), escalations=escalations,
        by_theme=by_theme, by_service_area=by_area, ombudsman_referrals=int(referrals),
        ombudsman_findings=findings,
    )


def _open_at(s: Session, end: date) -> int:
    # Answered from ix_complaint_stage_open (received_on, responded_on) alone.
    return s.scalar(select(func.count()).select_from(ComplaintStage).where(
        ComplaintStage.received_on <= end,
        or_(ComplaintStage.responded_on.is_(None), ComplaintStage.responded_on > end))) or 0


# =============================================================================================
# Public API
# =============================================================================================


def quarter_measures(db: Database, actor: Actor, quarter: FinancialQuarter) -> ComplaintMeasures:
    """Complaint measures for one financial quarter (see the module docstring)."""
    require(actor, Permission.VIEW_AGGREGATES)
    cal = calendar_for(db)
    with db.read_session() as s:
        p = _period(s, cal, quarter.start, quarter.end)
        open_at_end = _open_at(s, quarter.end)
    return ComplaintMeasures(
        quarter=quarter.label, start=quarter.start, end=quarter.end,
        complaints_received=p["complaints_received"], stages_closed=p["stages_closed"],
        by_stage=p["by_stage"], by_procedure=p["by_procedure"],
        procedure_names=p["procedure_names"], outcomes=p["outcomes"],
        upheld_share=p["upheld_share"], escalations=p["escalations"],
        ombudsman_referrals=p["ombudsman_referrals"],
        ombudsman_findings=p["ombudsman_findings"], by_theme=p["by_theme"],
        by_service_area=p["by_service_area"], open_at_end=open_at_end)


def _compliments(s: Session, start: date, end: date) -> dict:
    in_period = and_(Feedback.kind == RecordKind.COMPLIMENT.value,
                     _between(Feedback.received_on, start, end))
    received = s.scalar(select(func.count()).select_from(Feedback).where(in_period)) or 0
    ids = select(Feedback.id).where(in_period)
    labels = dict(s.execute(select(ReferenceItem.id, ReferenceItem.label)).all())
    praised = func.coalesce(Compliment.praised_team_id, Feedback.team_id)
    by_team = _ranked(((labels.get(k), n) for k, n in s.execute(
        select(praised, func.count()).select_from(Feedback)
        .outerjoin(Compliment, Compliment.feedback_id == Feedback.id)
        .where(in_period).group_by(praised)).all()), NO_TEAM)
    # `kind || ''` keeps SQLite on the covering report index (received_on, kind, ..., role,
    # area) instead of the kind index plus a read of every compliment's wide row; labels are
    # looked up afterwards (ids sharing a label add up in _ranked).
    covered = and_((Feedback.kind + literal("")) == RecordKind.COMPLIMENT.value,
                   _between(Feedback.received_on, start, end))
    by_area = _ranked(((labels.get(k), n) for k, n in s.execute(
        select(Feedback.service_area_id, func.count()).where(covered)
        .group_by(Feedback.service_area_id)).all()), NO_AREA)
    by_role = _ranked(((labels.get(k), n) for k, n in s.execute(
        select(Feedback.respondent_role_id, func.count()).where(covered)
        .group_by(Feedback.respondent_role_id)).all()), NO_ROLE)
    thanks = s.connection().execute(
        select(Feedback.received_on, Compliment.thanks_passed_on)
        .outerjoin(Compliment, Compliment.feedback_id == Feedback.id)
        .where(in_period, Compliment.thanks_passed_on.is_not(None))).all()
    days = pd.Series([(t - r).days for r, t in thanks], dtype="float64")
    return dict(received=int(received), by_theme=_top_theme_counts(s, ids), by_team=by_team,
                by_service_area=by_area, by_role=by_role, thanks_passed_on=len(thanks),
                awaiting_thanks=int(received) - len(thanks),
                avg_days_to_pass_on=round(float(days.mean()), 1) if len(days) else None)


def compliment_measures(db: Database, actor: Actor, quarter: FinancialQuarter
                        ) -> ComplimentMeasures:
    """Compliments received in one financial quarter: themes, teams thanked, thanks passed on."""
    require(actor, Permission.VIEW_AGGREGATES)
    with db.read_session() as s:
        c = _compliments(s, quarter.start, quarter.end)
    return ComplimentMeasures(quarter=quarter.label, start=quarter.start, end=quarter.end, **c)


def annual_report(db: Database, actor: Actor, year_start: int) -> AnnualComplaintsReport:
    """The annual complaints report for the financial year starting in April ``year_start``:
    numbers by stage, outcomes, timeliness, themes, learning and Ombudsman decisions."""
    require(actor, Permission.VIEW_AGGREGATES)
    q1 = FinancialQuarter(year_start, 1)
    start, end = q1.start, FinancialQuarter(year_start, 4).end
    cal = calendar_for(db)
    with db.read_session() as s:
        p = _period(s, cal, start, end)
        by_quarter: dict[str, int] = {}
        for n in range(1, 5):
            q = FinancialQuarter(year_start, n)
            by_quarter[f"Q{n}"] = sum(1 for d in p["first_received"] if d in q)
        area = aliased(ReferenceItem)
        cases = s.execute(
            select(Complaint.reference, area.label, Complaint.ombudsman_referred_on,
                   Complaint.ombudsman_decision, Complaint.ombudsman_decided_on,
                   Complaint.ombudsman_remedy)
            .join(Feedback, Feedback.id == Complaint.feedback_id)
            .outerjoin(area, area.id == Feedback.service_area_id)
            .where(_between(Complaint.ombudsman_decided_on, start, end),
                   Complaint.ombudsman_decision.is_not(None))
            .order_by(Complaint.ombudsman_decided_on, Complaint.reference)).all()
        # Learning from stages answered in the year (a point without a stage goes with the
        # complaint's closure).
        responded_stage = select(ComplaintStage.complaint_id).where(
            ComplaintStage.complaint_id == LearningPoint.complaint_id,
            ComplaintStage.number == LearningPoint.stage_number,
            _between(ComplaintStage.responded_on, start, end))
        # The same lesson from several complaints is listed once, in the order first learned.
        learning = s.scalars(
            select(LearningPoint.text)
            .join(Complaint, Complaint.id == LearningPoint.complaint_id)
            .where(or_(responded_stage.exists(),
                       and_(LearningPoint.stage_number.is_(None),
                            _between(Complaint.closed_on, start, end))))
            .group_by(LearningPoint.text)
            .order_by(func.min(LearningPoint.id))).all()
        compliments = s.scalar(select(func.count()).select_from(Feedback).where(
            Feedback.kind == RecordKind.COMPLIMENT.value,
            _between(Feedback.received_on, start, end))) or 0
    from voiceapp.analysis import redact

    seen: set[str] = set()
    points: list[str] = []
    for text in learning:
        clean = redact(" ".join(text.split()))
        if clean.lower() not in seen:
            seen.add(clean.lower())
            points.append(clean)
    return AnnualComplaintsReport(
        year_label=q1.fy_label, start=start, end=end,
        complaints_received=p["complaints_received"], stages_closed=p["stages_closed"],
        by_stage=p["by_stage"], by_procedure=p["by_procedure"],
        procedure_names=p["procedure_names"], outcomes=p["outcomes"],
        upheld_share=p["upheld_share"], escalations=p["escalations"],
        received_by_quarter=by_quarter, by_theme=p["by_theme"],
        by_service_area=p["by_service_area"], ombudsman_referrals=p["ombudsman_referrals"],
        ombudsman_decisions=p["ombudsman_findings"],
        ombudsman_cases=tuple(OmbudsmanCase(
            c.reference, c.label or NO_AREA, c.ombudsman_referred_on, c.ombudsman_decision,
            OMBUDSMAN_DECISION_LABELS[OmbudsmanDecision(c.ombudsman_decision)],
            c.ombudsman_decided_on, c.ombudsman_remedy or "") for c in cases),
        learning_points=tuple(points),
        compliments_received=int(compliments),
    )
