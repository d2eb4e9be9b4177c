"""Complaints: logging, stage transitions against working-day clocks, outcomes, learning,
the Ombudsman, and the open-complaints list (DOMAIN.md section 6).

The rules live in `voiceapp.domain.complaint_rules`; this module only maps database rows to its
`StageClock` / `ComplaintState`, calls one transition, writes back what comes out, and audits it.
A transition that breaks a rule raises `RuleViolation` (a `VoiceappError` with a plain-English
message) and nothing is written.

How the rows hold the clocks
----------------------------
* ``complaint_stage.due_on`` is the *on-time* response date of the stage: the procedure
  timescale from the (deemed) day of receipt, moved on by completed pauses, without any extension
  (for a stage with milestones, the last milestone's due date). ``extended_to`` is the agreed
  extended date. The measures compare ``responded_on`` with these two columns in SQL.
* ``complaint_stage.milestones`` (JSON) holds the dates milestones happened (``{"panel":
  "2024-05-01"}``) and, under keys starting with ``_``, what the schema has no column for:
  ``_template`` (the stage template the clock started under, so an administrator editing the
  procedure later does not move running clocks), ``_extended_on`` (when the extension was agreed),
  ``_late_request_reason`` (why a request made after the escalation window was accepted),
  ``_withdrawal_reason`` and ``_ombudsman_premature_note``.
* Stages written before snapshots existed (imports, the demo) use the procedure as it stood when
  the stage was received: `save_procedure` keeps each replaced definition under ``history`` in
  the procedure's JSON, with the date it was replaced.

Optimistic locking: every transition takes the ``expected_version`` the user was looking at. If the
complaint has moved on (someone else saved first), `ConcurrentEditError` carries both versions
and nothing is written; every transition bumps ``complaint.version`` even when only a stage row
changed, so a stale screen is always detected.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import Session, aliased
from sqlalchemy.orm.attributes import flag_modified
from sqlalchemy.orm.exc import StaleDataError

from voiceapp.db.engine import Database
from voiceapp.db.models import (
    Action,
    Complaint,
    ComplaintProcedure,
    ComplaintStage,
    Compliment,
    Feedback,
    FeedbackTheme,
    LearningPoint,
    ReferenceItem,
    Theme,
    User,
)
from voiceapp.domain import complaint_rules as rules
from voiceapp.domain.complaint_rules import (
    OMBUDSMAN_DECISION_LABELS,
    OUTCOME_LABELS,
    ComplaintState,
    Milestone,
    Pause,
    ProcedureTemplate,
    RuleViolation,
    StageClock,
    StageStatus,
    StageTemplate,
)
from voiceapp.domain.enums import (
    AgeBand,
    OmbudsmanDecision,
    RecordKind,
    ReferenceList,
    StageOutcome,
    ThemeLinkStatus,
    UserRole,
)
from voiceapp.domain.working_days import DEFAULT_CALENDAR, WorkingDayCalendar, format_date
from voiceapp.errors import ConcurrentEditError, NotFound, PermissionDenied, ValidationError

from . import audit
from .context import Actor
from .permissions import Permission, allowed, require

__all__ = [
    "STATUS_LABELS",
    "ComplaintDetail",
    "ComplaintFilter",
    "ComplaintList",
    "ComplaintRow",
    "FormOptions",
    "NewComplaint",
    "ProcedureRecord",
    "acknowledge_stage",
    "add_learning_point",
    "assign_handler",
    "calendar_for",
    "complaint_detail",
    "edit_learning_point",
    "escalate_complaint",
    "extend_stage",
    "form_options",
    "learning_point_to_action",
    "list_complaints",
    "list_procedures",
    "load_procedure",
    "log_complaint",
    "log_complaint_from_feedback",
    "pause_stage",
    "record_ombudsman_decision",
    "record_stage_milestone",
    "refer_to_ombudsman",
    "respond_to_stage",
    "resume_stage",
    "save_procedure",
    "suggested_procedure_code",
    "update_handling",
    "withdraw_complaint",
]

REFERENCE_PREFIX = "WCC"

#: Statuses shown to people (the clock's own values are in `StageStatus`).
STATUS_LABELS: dict[str, str] = {
    StageStatus.OPEN: "On track",
    StageStatus.DUE_SOON: "Due soon",
    StageStatus.OVERDUE: "Overdue",
    StageStatus.CLOSED_IN_TIME: "Closed in time",
    StageStatus.CLOSED_IN_EXTENDED_TIME: "Closed in extended time",
    StageStatus.CLOSED_LATE: "Closed late",
    "paused": "Paused",
    "withdrawn": "Withdrawn",
}

#: Service areas whose complaints go through the Children Act 1989 representations procedure
#: (services to children in need and looked after children); the rest default to corporate / SEND.
SOCIAL_CARE_AREAS = frozenset({
    "child_protection", "cla_iro", "fostering", "care_leavers", "adoption", "front_door",
    "children_with_disabilities", "early_help", "exploitation_missing",
})

#: Largest number of rows the list returns for closed complaints (newest first).
LIST_LIMIT = 1000

_META_KEYS = ("_template", "_extended_on", "_late_request_reason", "_withdrawal_reason",
              "_ombudsman_premature_note")


def calendar_for(db: Database) -> WorkingDayCalendar:
    """The working-day calendar for this database (England and Wales; council closure days
    would be configured here)."""
    return DEFAULT_CALENDAR


def _today(today: date | None) -> date:
    return today or date.today()


def _clean(text: str | None) -> str:
    return (text or "").strip()


# =============================================================================================
# Plain results
# =============================================================================================


@dataclass(frozen=True)
class MilestoneView:
    key: str
    label: str
    due: date
    done: date | None
    late: bool


@dataclass(frozen=True)
class PauseView:
    start: date
    end: date | None
    reason: str


@dataclass(frozen=True)
class StageView:
    number: int
    name: str
    label: str
    received_on: date
    acknowledged_on: date | None
    acknowledge_due: date | None
    on_time_due: date
    due: date  # including any extension and pauses (an open pause counted to today)
    extended_to: date | None
    extension_reason: str | None
    extended_on: date | None
    max_due: date | None  # latest date an extension may reach; None when it cannot be extended
    pauses: tuple[PauseView, ...]
    is_paused: bool
    pause_allowed: bool
    responded_on: date | None
    outcome: str | None
    outcome_label: str
    remedy: str | None
    investigator: str | None
    status: str
    status_label: str
    days_remaining: int | None
    target_label: str
    target_due: date
    working_days_to_respond: int | None
    late_request_reason: str | None
    milestones: tuple[MilestoneView, ...]
    response_days: int
    max_extended_days: int | None


@dataclass(frozen=True)
class TimelineItem:
    when: date
    label: str


@dataclass(frozen=True)
class LearningPointView:
    id: int
    stage_number: int | None
    text: str
    action_id: int | None
    action_reference: str | None


@dataclass(frozen=True)
class EscalationInfo:
    allowed: bool
    message: str
    reason_required: bool
    window_closes: date | None
    next_stage_label: str | None


@dataclass(frozen=True)
class ComplaintDetail:
    id: int
    reference: str
    version: int
    feedback_id: int
    procedure_code: str
    procedure_name: str
    received_on: date
    text: str
    respondent_name: str | None
    respondent_contact: str | None
    anonymous: bool
    respondent_role: str | None
    channel: str | None
    service_area_id: int | None
    service_area: str | None
    team: str | None
    district: str | None
    age_band: str | None
    safeguarding_flag: bool
    themes: tuple[str, ...]
    handler_id: int | None
    handler_name: str | None
    is_open: bool
    closed_on: date | None
    withdrawn: bool
    withdrawn_on: date | None
    withdrawal_reason: str | None
    joint_school: bool
    joint_health: bool
    joint_notes: str
    advocate_involved: bool
    ombudsman_referred_on: date | None
    ombudsman_reference: str | None
    ombudsman_premature_note: str | None
    ombudsman_decision: str | None
    ombudsman_decision_label: str | None
    ombudsman_decided_on: date | None
    ombudsman_remedy: str | None
    stages: tuple[StageView, ...]
    timeline: tuple[TimelineItem, ...]
    learning_points: tuple[LearningPointView, ...]
    escalation: EscalationInfo
    #: Each action the page offers, mapped to "" when it can be done now, otherwise to the
    #: plain-English reason it cannot (shown as the button's tooltip).
    available: Mapping[str, str]
    today: date

    @property
    def current_stage(self) -> StageView:
        return self.stages[-1]

    @property
    def status(self) -> str:
        if self.withdrawn:
            return "withdrawn"
        current = self.current_stage
        if current.is_paused:
            return "paused"
        return current.status

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]


@dataclass(frozen=True)
class ComplaintRow:
    """One line of the complaints list."""

    id: int
    reference: str
    version: int
    received_on: date
    stage_number: int
    stage_label: str
    procedure_code: str
    procedure_name: str
    service_area: str | None
    handler_name: str | None
    due: date
    target_label: str
    days_remaining: int | None
    status: str  # a StageStatus value, or "paused" / "withdrawn"
    status_label: str
    is_open: bool
    summary: str
    joint: str  # "School", "Health", "School, health" or ""
    ombudsman: bool


@dataclass(frozen=True)
class ComplaintFilter:
    """What the list shows. ``scope``: "open" (every open complaint), "closed" or "all" (closed
    complaints newest first, at most `LIST_LIMIT`). ``status`` ("open" = on track, "due_soon",
    "overdue", "paused") applies to open complaints. ``handler_id=0`` means unassigned."""

    scope: str = "open"
    stage: int | None = None
    service_area_id: int | None = None
    handler_id: int | None = None
    status: str | None = None
    procedure_code: str | None = None
    search: str = ""


@dataclass(frozen=True)
class ComplaintList:
    rows: tuple[ComplaintRow, ...]
    truncated: bool
    today: date
    counts: Mapping[str, int]  # open complaints by status (before the status filter)


@dataclass(frozen=True)
class Option:
    id: int
    label: str
    code: str = ""
    parent_id: int | None = None


@dataclass(frozen=True)
class FormOptions:
    procedures: tuple[Option, ...]  # code + name (id is the procedure id)
    service_areas: tuple[Option, ...]
    teams: tuple[Option, ...]
    channels: tuple[Option, ...]
    respondent_roles: tuple[Option, ...]
    districts: tuple[Option, ...]
    handlers: tuple[Option, ...]
    age_bands: tuple[str, ...]
    outcomes: tuple[tuple[str, str], ...]
    ombudsman_decisions: tuple[tuple[str, str], ...]
    social_care_area_ids: frozenset[int]


@dataclass(frozen=True)
class NewComplaint:
    """A complaint logged directly (its feedback record is created with it)."""

    text: str
    received_on: date
    procedure_code: str
    service_area_id: int | None = None
    channel_id: int | None = None
    respondent_role_id: int | None = None
    team_id: int | None = None
    district_id: int | None = None
    age_band: str | None = None
    anonymous: bool = False
    respondent_name: str = ""
    respondent_contact: str = ""
    consent_quote: bool = False
    consent_contact: bool = False
    handler_id: int | None = None
    start_stage: int = 1
    joint_school: bool = False
    joint_health: bool = False
    joint_notes: str = ""
    advocate_involved: bool = False


@dataclass(frozen=True)
class ProcedureRecord:
    id: int
    code: str
    name: str
    kind: str
    active: bool
    version: int
    template: ProcedureTemplate
    open_complaints: int = 0


# =============================================================================================
# Rows <-> domain objects
# =============================================================================================


def _iso(value: Any) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def stage_template_from_dict(data: Mapping[str, Any]) -> StageTemplate:
    """A `StageTemplate` from `StageTemplate.to_dict()` output (a stored snapshot)."""
    return StageTemplate(
        number=int(data["number"]),
        name=str(data["name"]),
        response_days=int(data["response_days"]),
        max_extended_days=data.get("max_extended_days"),
        acknowledge_days=data.get("acknowledge_days"),
        pause_allowed=bool(data.get("pause_allowed", False)),
        escalation_window_days=data.get("escalation_window_days"),
        milestones=tuple(
            Milestone(m["key"], m["label"], int(m["days"]), m.get("from_key"))
            for m in data.get("milestones") or ()
        ),
    )


def procedure_from_row(row: ComplaintProcedure) -> ProcedureTemplate:
    return ProcedureTemplate.from_dict(row.definition)


def _template_in_force(definition: Mapping[str, Any], number: int, received: date,
                       current: ProcedureTemplate) -> StageTemplate:
    """The stage template that applied on ``received`` for a stage without a snapshot."""
    for old in sorted(definition.get("history") or (), key=lambda h: h.get("replaced_on", "")):
        replaced = _iso(old.get("replaced_on"))
        if replaced is not None and received < replaced:
            for st in old.get("stages") or ():
                if int(st.get("number", 0)) == number:
                    return stage_template_from_dict(st)
    return current.stage(number)


def _meta(row: ComplaintStage) -> dict[str, Any]:
    return dict(row.milestones or {})


def clock_from_row(row: ComplaintStage, procedure: ProcedureTemplate,
                   definition: Mapping[str, Any], calendar: WorkingDayCalendar) -> StageClock:
    """The `StageClock` a stage row describes."""
    meta = _meta(row)
    snapshot = meta.get("_template")
    template = (stage_template_from_dict(snapshot) if snapshot else
                _template_in_force(definition, row.number, row.received_on, procedure))
    pauses = tuple(Pause(_iso(p["start"]), _iso(p.get("end")), p.get("reason") or "")
                   for p in (row.pauses or ()))
    milestone_dates = {k: _iso(v) for k, v in meta.items() if not k.startswith("_") and v}
    return StageClock(
        template=template,
        received=row.received_on,
        acknowledged=row.acknowledged_on,
        extended_to=row.extended_to,
        extension_reason=row.extension_reason,
        paused=pauses,
        responded=row.responded_on,
        outcome=row.outcome,
        extended_on=_iso(meta.get("_extended_on")),
        milestone_dates=milestone_dates,
        late_request_reason=meta.get("_late_request_reason"),
        calendar=calendar,
    )


def state_from_rows(complaint: Complaint, procedure_row: ComplaintProcedure,
                    calendar: WorkingDayCalendar) -> ComplaintState:
    procedure = procedure_from_row(procedure_row)
    definition = procedure_row.definition
    rows = sorted(complaint.stages, key=lambda r: r.number)
    clocks = tuple(clock_from_row(r, procedure, definition, calendar) for r in rows)
    withdrawal_reason = premature = None
    for r in rows:
        meta = _meta(r)
        withdrawal_reason = meta.get("_withdrawal_reason") or withdrawal_reason
        premature = meta.get("_ombudsman_premature_note") or premature
    return ComplaintState(
        procedure=procedure,
        stages=clocks,
        withdrawn=bool(complaint.withdrawn),
        withdrawn_on=complaint.closed_on if complaint.withdrawn else None,
        withdrawal_reason=withdrawal_reason,
        ombudsman_referred=complaint.ombudsman_referred_on,
        ombudsman_premature_note=premature,
        ombudsman_decision=complaint.ombudsman_decision,
        ombudsman_decided=complaint.ombudsman_decided_on,
        calendar=calendar,
    )


def _write_clock(row: ComplaintStage, clock: StageClock, extra_meta: Mapping[str, Any] = {}
                 ) -> None:
    row.number = clock.template.number
    row.received_on = clock.received
    row.acknowledged_on = clock.acknowledged
    row.due_on = clock.on_time_due()
    row.extended_to = clock.extended_to
    row.extension_reason = clock.extension_reason
    pauses = [{"start": p.start.isoformat(), "end": p.end.isoformat() if p.end else None,
               "reason": p.reason} for p in clock.paused]
    if pauses != (row.pauses or []):
        row.pauses = pauses
    row.responded_on = clock.responded
    row.outcome = clock.outcome.value if clock.outcome is not None else None
    old = _meta(row)
    meta: dict[str, Any] = {k: v for k, v in old.items()
                            if k in ("_withdrawal_reason", "_ombudsman_premature_note")}
    meta.update({k: v.isoformat() for k, v in clock.milestone_dates.items() if v is not None})
    meta["_template"] = clock.template.to_dict()
    if clock.extended_on is not None:
        meta["_extended_on"] = clock.extended_on.isoformat()
    if clock.late_request_reason:
        meta["_late_request_reason"] = clock.late_request_reason
    for key, value in extra_meta.items():
        if value is None:
            meta.pop(key, None)
        else:
            meta[key] = value
    if meta != old:
        row.milestones = meta


def _write_state(s: Session, complaint: Complaint, state: ComplaintState,
                 stage_meta: Mapping[str, Any] = {}) -> None:
    """Store a state: stage rows (adding any new stage) and the complaint's summary columns."""
    by_number = {r.number: r for r in complaint.stages}
    for i, clock in enumerate(state.stages):
        row = by_number.get(clock.template.number)
        if row is None:
            row = ComplaintStage(complaint_id=complaint.id, number=clock.template.number,
                                 pauses=[], milestones={})
            complaint.stages.append(row)
        _write_clock(row, clock, stage_meta if i == len(state.stages) - 1 else {})
    current = state.current_stage
    assert current is not None
    complaint.current_stage = current.template.number
    complaint.is_open = state.is_open
    complaint.withdrawn = state.withdrawn
    if state.withdrawn:
        complaint.closed_on = state.withdrawn_on
    else:
        complaint.closed_on = None if state.is_open else current.responded
    complaint.ombudsman_referred_on = state.ombudsman_referred
    complaint.ombudsman_decision = (state.ombudsman_decision.value
                                    if state.ombudsman_decision is not None else None)
    complaint.ombudsman_decided_on = state.ombudsman_decided


def _snapshot(complaint: Complaint) -> dict[str, Any]:
    """The complaint and its stages as plain data, for the audit trail."""
    cols = ("reference", "current_stage", "is_open", "closed_on", "withdrawn", "handler_id",
            "joint_school", "joint_health", "joint_notes", "advocate_involved",
            "ombudsman_referred_on", "ombudsman_reference", "ombudsman_decision",
            "ombudsman_decided_on", "ombudsman_remedy", "version")
    out: dict[str, Any] = {c: getattr(complaint, c) for c in cols}
    out["stages"] = [
        {c: getattr(r, c) for c in ("number", "received_on", "acknowledged_on", "due_on",
                                     "extended_to", "extension_reason", "pauses",
                                     "responded_on", "outcome", "remedy", "investigator")}
        | {"meta": {k: v for k, v in _meta(r).items() if k != "_template"}}
        for r in sorted(complaint.stages, key=lambda r: r.number)
    ]
    return out


# =============================================================================================
# Reading
# =============================================================================================


def _user_name(s: Session, user_id: int | None) -> str | None:
    if user_id is None:
        return None
    return s.scalar(select(User.display_name).where(User.id == user_id))


def _label(s: Session, item_id: int | None) -> str | None:
    if item_id is None:
        return None
    return s.scalar(select(ReferenceItem.label).where(ReferenceItem.id == item_id))


def stage_label(template: StageTemplate) -> str:
    """``Stage 2 (Independent investigation)``, or the name alone when it already says the
    stage (``Stage 1 response`` rather than ``Stage 1 (Stage 1 response)``)."""
    if template.name.lower().startswith(f"stage {template.number}"):
        return template.name
    return template.label


def _display(text: str, clocks: tuple[StageClock, ...]) -> str:
    for clock in clocks:
        text = text.replace(clock.label, stage_label(clock.template))
    return text


def _stage_view(clock: StageClock, row: ComplaintStage | None, today: date) -> StageView:
    closed = clock.responded is not None
    status = clock.status(today)
    label = STATUS_LABELS["paused"] if (clock.is_paused and not closed) else STATUS_LABELS[status]
    target_label, target_due = clock.current_target(today)
    return StageView(
        number=clock.template.number,
        name=clock.template.name,
        label=stage_label(clock.template),
        received_on=clock.received,
        acknowledged_on=clock.acknowledged,
        acknowledge_due=clock.acknowledge_due,
        on_time_due=clock.on_time_due(today),
        due=clock.due_as_of(today),
        extended_to=clock.extended_to,
        extension_reason=clock.extension_reason,
        extended_on=clock.extended_on,
        max_due=clock.max_due_as_of(today),
        pauses=tuple(PauseView(p.start, p.end, p.reason) for p in clock.paused),
        is_paused=clock.is_paused,
        pause_allowed=clock.template.pause_allowed,
        responded_on=clock.responded,
        outcome=clock.outcome.value if clock.outcome is not None else None,
        outcome_label=OUTCOME_LABELS[clock.outcome] if clock.outcome is not None else "",
        remedy=row.remedy if row is not None else None,
        investigator=row.investigator if row is not None else None,
        status=status,
        status_label=label,
        days_remaining=clock.days_remaining(today),
        target_label=target_label,
        target_due=target_due,
        working_days_to_respond=clock.working_days_to_respond(),
        late_request_reason=clock.late_request_reason,
        milestones=tuple(MilestoneView(md.milestone.key, md.milestone.label, md.due, md.done,
                                       md.late) for md in clock.milestone_dues()),
        response_days=clock.template.response_days,
        max_extended_days=clock.template.max_extended_days,
    )


def _why_not(fn: Callable[[], Any]) -> str:
    """"" when the transition would succeed, else the rule's message."""
    try:
        fn()
    except RuleViolation as exc:
        return exc.message
    return ""


def _available(actor: Actor, state: ComplaintState, today: date) -> dict[str, str]:
    """What can be done now, found by trying each transition with the most permissive
    arguments (so the page never duplicates the rules)."""
    current = state.current_stage
    assert current is not None
    out: dict[str, str] = {}
    managing = allowed(actor, Permission.MANAGE_COMPLAINTS)
    no_manage = "" if managing else "Your role cannot manage complaints."
    open_msg = ("" if state.is_open else
                "The complaint is closed." if not state.withdrawn else
                "The complaint was withdrawn.")
    out["acknowledge"] = no_manage or _why_not(lambda: rules.acknowledge(current, today,
                                                                         today=today))
    target = current.max_due_as_of(today)

    def try_extend() -> None:
        if target is None or target <= current.due:
            rules.extend(current, current.calendar.next_working_day(current.due), "reason",
                         on=today)
        else:
            rules.extend(current, target, "reason", on=today)

    out["extend"] = no_manage or _why_not(try_extend)
    out["pause"] = no_manage or _why_not(lambda: rules.pause(current, today, "reason",
                                                             today=today))
    out["resume"] = no_manage or _why_not(lambda: rules.resume(current, today, today=today))
    outcome_perm = "" if allowed(actor, Permission.COMPLAINT_OUTCOME) else (
        "Recording an outcome needs a manager.")
    out["respond"] = outcome_perm or _why_not(
        lambda: rules.respond(current, today, StageOutcome.NOT_UPHELD, today=today))
    pending = [md for md in current.milestone_dues()[:-1] if md.done is None]
    if not current.template.milestones:
        out["milestone"] = f"{current.label} has no milestones."
    elif not pending:
        out["milestone"] = open_msg or "Every milestone before the response is recorded."
    else:
        out["milestone"] = no_manage or _why_not(
            lambda: rules.record_milestone(current, pending[0].milestone.key, today,
                                           today=today))
    check = rules.can_escalate(state, today)
    out["escalate"] = no_manage or ("" if check.allowed else check.message)
    out["withdraw"] = no_manage or _why_not(lambda: rules.withdraw(state, today))
    out["refer"] = no_manage or _why_not(
        lambda: rules.refer_to_ombudsman(state, today, premature_note="note"))
    decision_perm = "" if allowed(actor, Permission.COMPLAINT_OUTCOME) else (
        "Recording the Ombudsman's decision needs a manager.")
    out["decision"] = decision_perm or _why_not(
        lambda: rules.record_ombudsman_decision(state, OmbudsmanDecision.NO_FAULT,
                                                max(today, state.ombudsman_referred or today)))
    out["learning"] = no_manage
    out["handling"] = no_manage
    out["action"] = "" if allowed(actor, Permission.MANAGE_ACTIONS) else (
        "Your role cannot create You Said, We Did actions.")
    return {k: _display(v, state.stages) for k, v in out.items()}


def _load(s: Session, complaint_id: int) -> tuple[Complaint, ComplaintProcedure]:
    complaint = s.get(Complaint, complaint_id)
    if complaint is None:
        raise NotFound(f"Complaint {complaint_id} does not exist (it may have been deleted).",
                       "Refresh the list.")
    procedure = s.get(ComplaintProcedure, complaint.procedure_id)
    assert procedure is not None
    return complaint, procedure


def _detail(s: Session, actor: Actor, complaint: Complaint, procedure_row: ComplaintProcedure,
            calendar: WorkingDayCalendar, today: date) -> ComplaintDetail:
    state = state_from_rows(complaint, procedure_row, calendar)
    rows = {r.number: r for r in complaint.stages}
    fb = s.get(Feedback, complaint.feedback_id)
    assert fb is not None
    themes = tuple(s.scalars(
        select(Theme.name).join(FeedbackTheme, FeedbackTheme.theme_id == Theme.id)
        .where(FeedbackTheme.feedback_id == fb.id,
               FeedbackTheme.status != ThemeLinkStatus.REJECTED.value)
        .order_by(Theme.sort_order)))
    lps = s.execute(
        select(LearningPoint.id, LearningPoint.stage_number, LearningPoint.text,
               LearningPoint.action_id, Action.reference)
        .outerjoin(Action, Action.id == LearningPoint.action_id)
        .where(LearningPoint.complaint_id == complaint.id).order_by(LearningPoint.id)).all()
    check = rules.can_escalate(state, today)
    current = state.current_stage
    assert current is not None
    next_label = None
    if not state.is_final_stage:
        try:
            next_label = stage_label(state.procedure.stage(current.template.number + 1))
        except RuleViolation:
            next_label = None
    timeline = [TimelineItem(e.when, _display(e.label, state.stages))
                for e in state.timeline()]
    if complaint.ombudsman_decision and complaint.ombudsman_remedy:
        timeline.append(TimelineItem(complaint.ombudsman_decided_on or today,
                                     f"Ombudsman remedy: {complaint.ombudsman_remedy}"))
    timeline.sort(key=lambda t: t.when)
    decision = complaint.ombudsman_decision
    return ComplaintDetail(
        id=complaint.id,
        reference=complaint.reference,
        version=complaint.version,
        feedback_id=fb.id,
        procedure_code=procedure_row.code,
        procedure_name=procedure_row.name,
        received_on=state.stages[0].received,
        text=fb.text,
        respondent_name=None if fb.anonymous else fb.respondent_name,
        respondent_contact=None if fb.anonymous else fb.respondent_contact,
        anonymous=fb.anonymous,
        respondent_role=_label(s, fb.respondent_role_id),
        channel=_label(s, fb.channel_id),
        service_area_id=fb.service_area_id,
        service_area=_label(s, fb.service_area_id),
        team=_label(s, fb.team_id),
        district=_label(s, fb.district_id),
        age_band=fb.age_band,
        safeguarding_flag=fb.safeguarding_flag,
        themes=themes,
        handler_id=complaint.handler_id,
        handler_name=_user_name(s, complaint.handler_id),
        is_open=complaint.is_open,
        closed_on=complaint.closed_on,
        withdrawn=state.withdrawn,
        withdrawn_on=state.withdrawn_on,
        withdrawal_reason=state.withdrawal_reason,
        joint_school=complaint.joint_school,
        joint_health=complaint.joint_health,
        joint_notes=complaint.joint_notes or "",
        advocate_involved=complaint.advocate_involved,
        ombudsman_referred_on=complaint.ombudsman_referred_on,
        ombudsman_reference=complaint.ombudsman_reference,
        ombudsman_premature_note=state.ombudsman_premature_note,
        ombudsman_decision=decision,
        ombudsman_decision_label=(OMBUDSMAN_DECISION_LABELS[OmbudsmanDecision(decision)]
                                  if decision else None),
        ombudsman_decided_on=complaint.ombudsman_decided_on,
        ombudsman_remedy=complaint.ombudsman_remedy,
        stages=tuple(_stage_view(c, rows.get(c.template.number), today) for c in state.stages),
        timeline=tuple(timeline),
        learning_points=tuple(LearningPointView(lp.id, lp.stage_number, lp.text, lp.action_id,
                                                lp.reference) for lp in lps),
        escalation=EscalationInfo(check.allowed, _display(check.message, state.stages),
                                  check.reason_required,
                                  check.window_closes, next_label),
        available=_available(actor, state, today),
        today=today,
    )


def complaint_detail(db: Database, actor: Actor, complaint_id: int,
                     today: date | None = None) -> ComplaintDetail:
    """Everything about one complaint: the case, its stage clocks, timeline and learning."""
    require(actor, Permission.MANAGE_COMPLAINTS)
    with db.read_session() as s:
        complaint, procedure = _load(s, complaint_id)
        return _detail(s, actor, complaint, procedure, calendar_for(db), _today(today))


def _joint_text(school: bool, health: bool) -> str:
    parts = (["School"] if school else []) + (["Health"] if health else [])
    return ", ".join(parts).capitalize() if len(parts) < 2 else "School, health"


def _list_query(f: ComplaintFilter):
    area = aliased(ReferenceItem)
    first = (select(func.min(ComplaintStage.received_on))
             .where(ComplaintStage.complaint_id == Complaint.id)
             .correlate(Complaint).scalar_subquery())
    current = aliased(ComplaintStage)
    q = (select(Complaint.id, Complaint.reference, Complaint.version, Complaint.is_open,
                Complaint.withdrawn, Complaint.joint_school, Complaint.joint_health,
                Complaint.ombudsman_referred_on, Complaint.procedure_id,
                func.substr(Feedback.text, 1, 160).label("summary"),
                area.label.label("area"), User.display_name.label("handler"),
                first.label("first_received"),
                current.number, current.received_on, current.acknowledged_on,
                current.extended_to, current.extension_reason, current.pauses,
                current.responded_on, current.outcome, current.milestones)
         .join(Feedback, Feedback.id == Complaint.feedback_id)
         .join(current, (current.complaint_id == Complaint.id)
               & (current.number == Complaint.current_stage))
         .outerjoin(area, area.id == Feedback.service_area_id)
         .outerjoin(User, User.id == Complaint.handler_id))
    if f.status or f.scope == "open":
        q = q.where(Complaint.is_open.is_(True))
    elif f.scope == "closed":
        q = q.where(Complaint.is_open.is_(False))
    if f.stage is not None:
        q = q.where(Complaint.current_stage == f.stage)
    if f.service_area_id is not None:
        q = q.where(Feedback.service_area_id == f.service_area_id)
    if f.handler_id == 0:
        q = q.where(Complaint.handler_id.is_(None))
    elif f.handler_id is not None:
        q = q.where(Complaint.handler_id == f.handler_id)
    if f.procedure_code:
        q = q.where(Complaint.procedure_id.in_(
            select(ComplaintProcedure.id).where(ComplaintProcedure.code == f.procedure_code)))
    term = f.search.strip()
    if term:
        conds = [func.lower(Complaint.reference).contains(term.lower(), autoescape=True)]
        if term.isdigit():
            conds.append(Complaint.feedback_id == int(term))
        q = q.where(or_(*conds))
    if not (f.scope == "open" or f.status):
        # Closed complaints can number hundreds of thousands: newest logged first, limited.
        q = q.order_by(Complaint.id.desc()).limit(LIST_LIMIT + 1)
    return q


def _row_clock(r: Any, procs: Mapping[int, tuple], cal: WorkingDayCalendar) -> StageClock:
    stage_row = ComplaintStage(number=r.number, received_on=r.received_on,
                               acknowledged_on=r.acknowledged_on, extended_to=r.extended_to,
                               extension_reason=r.extension_reason, pauses=r.pauses or [],
                               responded_on=r.responded_on, outcome=r.outcome,
                               milestones=r.milestones or {})
    _code, _name, definition, template = procs[r.procedure_id]
    return clock_from_row(stage_row, template, definition, cal)


def _row_status(r: Any, clock: StageClock, today: date) -> str:
    if r.withdrawn:
        return "withdrawn"
    if clock.is_paused and clock.responded is None:
        return "paused"
    return clock.status(today)


def list_complaints(db: Database, actor: Actor, filters: ComplaintFilter | None = None,
                    today: date | None = None) -> ComplaintList:
    """The complaints list with days remaining and status of the current stage, most urgent
    first for open complaints; ``counts`` are all open complaints by status, whatever the
    filters (the page's headline).

    Filters on stage, service area, handler, procedure and reference are SQL. Open complaints are
    a small working set (those received in the last few weeks), so their clocks are computed in
    Python from the narrow rows; closed complaints are limited to the newest `LIST_LIMIT`."""
    require(actor, Permission.MANAGE_COMPLAINTS)
    f = filters or ComplaintFilter()
    if f.scope not in ("open", "closed", "all"):
        raise ValidationError(f"'{f.scope}' is not a list scope; use open, closed or all.",
                              field="scope")
    if f.status is not None and f.status not in (StageStatus.OPEN, StageStatus.DUE_SOON,
                                                 StageStatus.OVERDUE, "paused"):
        raise ValidationError(f"'{f.status}' is not an open-complaint status.", field="status")
    today = _today(today)
    cal = calendar_for(db)
    unfiltered = f == ComplaintFilter()
    with db.read_session() as s:
        records = s.execute(_list_query(f)).all()
        everything_open = records if unfiltered else s.execute(
            _list_query(ComplaintFilter())).all()
        procs = {p.id: (p.code, p.name, p.definition, procedure_from_row(p))
                 for p in s.scalars(select(ComplaintProcedure))}
    open_only = f.scope == "open" or bool(f.status)
    truncated = not open_only and len(records) > LIST_LIMIT
    records = records[:LIST_LIMIT] if truncated else records
    counts = {StageStatus.OPEN: 0, StageStatus.DUE_SOON: 0, StageStatus.OVERDUE: 0, "paused": 0}
    for r in everything_open:
        status = _row_status(r, _row_clock(r, procs, cal), today)
        if status in counts:
            counts[status] += 1
    out: list[ComplaintRow] = []
    for r in records:
        clock = _row_clock(r, procs, cal)
        status = _row_status(r, clock, today)
        if f.status and status != f.status:
            continue
        proc_code, proc_name, _definition, _template = procs[r.procedure_id]
        target_label, due = clock.current_target(today)
        out.append(ComplaintRow(
            id=r.id, reference=r.reference, version=r.version, received_on=r.first_received,
            stage_number=r.number, stage_label=stage_label(clock.template),
            procedure_code=proc_code, procedure_name=proc_name, service_area=r.area,
            handler_name=r.handler, due=due, target_label=target_label,
            days_remaining=clock.days_remaining(today), status=status,
            status_label=STATUS_LABELS[status], is_open=bool(r.is_open),
            summary=" ".join((r.summary or "").split())[:140],
            joint=_joint_text(r.joint_school, r.joint_health),
            ombudsman=r.ombudsman_referred_on is not None))
    if open_only:
        # Most urgent first: overdue, then fewest working days left.
        out.sort(key=lambda row: (row.days_remaining if row.days_remaining is not None
                                  else 10_000, row.reference))
    return ComplaintList(tuple(out), truncated, today, counts)


def form_options(db: Database, actor: Actor) -> FormOptions:
    """The choices the complaint forms and filters offer."""
    if not (allowed(actor, Permission.MANAGE_COMPLAINTS)
            or allowed(actor, Permission.CAPTURE)):
        require(actor, Permission.MANAGE_COMPLAINTS)
    with db.read_session() as s:
        items = [(i.list_name, Option(i.id, i.label, i.code, i.parent_id)) for i in s.scalars(
            select(ReferenceItem).where(ReferenceItem.active.is_(True))
            .order_by(ReferenceItem.sort_order, ReferenceItem.label))]
        procs = [Option(p.id, p.name, p.code) for p in s.scalars(
            select(ComplaintProcedure).where(ComplaintProcedure.active.is_(True))
            .order_by(ComplaintProcedure.id))]
        users = s.execute(select(User.id, User.display_name, User.username, User.role,
                                 User.extra_roles).where(User.active.is_(True))
                          .order_by(User.display_name)).all()

    def of(list_name: ReferenceList) -> tuple[Option, ...]:
        return tuple(o for name, o in items if name == list_name.value)

    handler_roles = {UserRole.OFFICER.value, UserRole.MANAGER.value}
    handlers = tuple(Option(u.id, u.display_name, u.username) for u in users
                     if u.role in handler_roles or handler_roles & set(u.extra_roles or ()))
    areas = of(ReferenceList.SERVICE_AREA)
    return FormOptions(
        procedures=tuple(procs),
        service_areas=areas,
        teams=of(ReferenceList.TEAM),
        channels=of(ReferenceList.CHANNEL),
        respondent_roles=of(ReferenceList.RESPONDENT_ROLE),
        districts=of(ReferenceList.DISTRICT),
        handlers=handlers,
        age_bands=tuple(a.value for a in AgeBand),
        outcomes=tuple((o.value, OUTCOME_LABELS[o]) for o in StageOutcome),
        ombudsman_decisions=tuple((d.value, OMBUDSMAN_DECISION_LABELS[d])
                                  for d in OmbudsmanDecision),
        social_care_area_ids=frozenset(a.id for a in areas if a.code in SOCIAL_CARE_AREAS),
    )


def suggested_procedure_code(service_area_code: str | None) -> str:
    """The procedure a complaint about this service area normally follows."""
    return "statutory_csc" if service_area_code in SOCIAL_CARE_AREAS else "corporate_send"


# =============================================================================================
# Writing: the transition machinery
# =============================================================================================


def _check_version(complaint: Complaint, expected_version: int | None, yours: Any) -> None:
    if expected_version is not None and complaint.version != expected_version:
        raise ConcurrentEditError(
            f"Complaint {complaint.reference} was changed by someone else after you opened it "
            f"(you had version {expected_version}, it is now version {complaint.version}).",
            "Nothing was saved. Look at the complaint again, then redo your change if it is "
            "still needed.",
            theirs=_snapshot(complaint), yours=yours,
        )


def _flush(s: Session, complaint: Complaint, expected_version: int | None, yours: Any) -> None:
    # Touch the complaint so its version goes up even when only a stage row changed; a lost
    # update then shows up as StaleDataError on the complaint row.
    flag_modified(complaint, "current_stage")
    try:
        s.flush()
    except StaleDataError as exc:
        raise ConcurrentEditError(
            f"Complaint {complaint.reference} was changed by someone else while you were saving.",
            "Nothing was saved. Look at the complaint again, then redo your change if it is "
            "still needed.",
            theirs={"version": "newer than " + str(expected_version)}, yours=yours,
        ) from exc


def _transition(
    db: Database,
    actor: Actor,
    complaint_id: int,
    expected_version: int | None,
    action: str,
    change: Callable[[ComplaintState, Complaint, Session], tuple[ComplaintState, str]],
    yours: Mapping[str, Any],
    today: date | None,
    permission: Permission = Permission.MANAGE_COMPLAINTS,
    stage_meta: Callable[[ComplaintState], Mapping[str, Any]] | None = None,
    post: Callable[[Complaint], None] | None = None,
) -> ComplaintDetail:
    """Load, check the version, apply ``change`` (which calls one complaint rule and returns the
    new state and an audit summary), store, audit, and return the fresh detail."""
    require(actor, permission)
    today = _today(today)
    cal = calendar_for(db)
    with db.session() as s:
        complaint, procedure_row = _load(s, complaint_id)
        _check_version(complaint, expected_version, dict(yours))
        before = _snapshot(complaint)
        state = state_from_rows(complaint, procedure_row, cal)
        try:
            new_state, summary = change(state, complaint, s)
        except RuleViolation as exc:
            raise RuleViolation(_display(exc.message, state.stages), exc.hint,
                                [_display(p, state.stages) for p in exc.problems]) from None
        _write_state(s, complaint, new_state, stage_meta(new_state) if stage_meta else {})
        if post is not None:
            post(complaint)
        _flush(s, complaint, expected_version, dict(yours))
        audit.record(s, actor, action, "complaint", complaint.id,
                     summary=f"{complaint.reference}: {summary}", before=before,
                     after=_snapshot(complaint))
        s.flush()
        s.refresh(complaint)
        return _detail(s, actor, complaint, procedure_row, cal, today)


def _on_current(state: ComplaintState, fn: Callable[[StageClock], StageClock]) -> ComplaintState:
    current = state.current_stage
    if current is None:
        raise RuleViolation("This complaint has no stages.")
    return rules.with_current_stage(state, fn(current))


def acknowledge_stage(db: Database, actor: Actor, complaint_id: int, expected_version: int,
                      on: date, today: date | None = None) -> ComplaintDetail:
    """Record that the current stage was acknowledged on ``on``."""
    day = _today(today)

    def change(state: ComplaintState, c: Complaint, s: Session):
        new = _on_current(state, lambda k: rules.acknowledge(k, on, today=day))
        stage = new.current_stage
        late = "" if stage.acknowledged_in_time in (None, True) else (
            f" (late: due {format_date(stage.acknowledge_due)})")
        return new, f"{stage.label} acknowledged on {format_date(on)}{late}"

    return _transition(db, actor, complaint_id, expected_version, "acknowledge", change,
                       {"acknowledged_on": on}, today)


def extend_stage(db: Database, actor: Actor, complaint_id: int, expected_version: int,
                 to: date, reason: str, agreed_on: date | None = None,
                 today: date | None = None) -> ComplaintDetail:
    """Extend the current stage's response date to ``to`` (a reason is required; the statutory
    maximum applies). ``agreed_on`` (default today) must be on or before the current due date."""
    agreed = agreed_on or _today(today)

    def change(state: ComplaintState, c: Complaint, s: Session):
        new = _on_current(state, lambda k: rules.extend(k, to, reason, on=agreed))
        stage = new.current_stage
        return new, f"{stage.label} extended to {format_date(to)}: {_clean(reason)}"

    return _transition(db, actor, complaint_id, expected_version, "extend", change,
                       {"extended_to": to, "extension_reason": reason}, today)


def pause_stage(db: Database, actor: Actor, complaint_id: int, expected_version: int,
                start: date, reason: str, today: date | None = None) -> ComplaintDetail:
    """Stop the current stage's clock from ``start`` (where the procedure allows it)."""
    day = _today(today)

    def change(state: ComplaintState, c: Complaint, s: Session):
        new = _on_current(state, lambda k: rules.pause(k, start, reason, today=day))
        return new, f"{new.current_stage.label} paused from {format_date(start)}: {reason}"

    return _transition(db, actor, complaint_id, expected_version, "pause", change,
                       {"pause_start": start, "reason": reason}, today)


def resume_stage(db: Database, actor: Actor, complaint_id: int, expected_version: int,
                 on: date, today: date | None = None) -> ComplaintDetail:
    """Restart the current stage's clock on ``on``."""
    day = _today(today)

    def change(state: ComplaintState, c: Complaint, s: Session):
        new = _on_current(state, lambda k: rules.resume(k, on, today=day))
        stage = new.current_stage
        return new, (f"{stage.label} resumed on {format_date(on)}; response now due "
                     f"{format_date(stage.due)}")

    return _transition(db, actor, complaint_id, expected_version, "resume", change,
                       {"resumed_on": on}, today)


def record_stage_milestone(db: Database, actor: Actor, complaint_id: int,
                           expected_version: int, key: str, on: date,
                           today: date | None = None) -> ComplaintDetail:
    """Record when a milestone inside the current stage happened (the review panel meeting,
    the panel's findings)."""
    day = _today(today)

    def change(state: ComplaintState, c: Complaint, s: Session):
        new = _on_current(state, lambda k: rules.record_milestone(k, key, on, today=day))
        label = new.current_stage.template.milestone(key).label
        return new, f"{label} on {format_date(on)}"

    return _transition(db, actor, complaint_id, expected_version, "milestone", change,
                       {"milestone": key, "on": on}, today)


def respond_to_stage(db: Database, actor: Actor, complaint_id: int, expected_version: int,
                     on: date, outcome: StageOutcome | str, remedy: str = "",
                     today: date | None = None) -> ComplaintDetail:
    """Record the current stage's response, its outcome and any remedy (managers only).

    The outcome "withdrawn" closes the complaint as withdrawn (the remedy text is kept as the
    withdrawal note)."""
    day = _today(today)
    if outcome in (None, ""):
        raise ValidationError("Choose the outcome before recording the response.",
                              field="outcome")
    try:
        chosen = StageOutcome(outcome)
    except ValueError:
        raise ValidationError(f"'{outcome}' is not a stage outcome.", field="outcome") from None
    note = _clean(remedy)

    def change(state: ComplaintState, c: Complaint, s: Session):
        if chosen is StageOutcome.WITHDRAWN:
            new = rules.withdraw(state, on, note or None)
            return new, f"withdrawn on {format_date(on)}"
        new = _on_current(state, lambda k: rules.respond(k, on, chosen, today=day))
        row = next(r for r in c.stages if r.number == new.current_stage.template.number)
        row.remedy = note or None
        stage = new.current_stage
        when = STATUS_LABELS[stage.status(day)].lower()
        return new, (f"{stage.label} responded to on {format_date(on)}: "
                     f"{OUTCOME_LABELS[chosen]} ({when})")

    def meta(new: ComplaintState) -> Mapping[str, Any]:
        if chosen is StageOutcome.WITHDRAWN:
            return {"_withdrawal_reason": note or None}
        return {}

    return _transition(db, actor, complaint_id, expected_version, "respond", change,
                       {"responded_on": on, "outcome": chosen.value, "remedy": note}, today,
                       permission=Permission.COMPLAINT_OUTCOME, stage_meta=meta)


def escalate_complaint(db: Database, actor: Actor, complaint_id: int, expected_version: int,
                       requested_on: date, reason: str = "", clock_starts: date | None = None,
                       investigator: str = "", today: date | None = None) -> ComplaintDetail:
    """Open the next stage on the complainant's request. Outside the escalation window the
    request may still be accepted with a recorded ``reason``."""
    day = _today(today)

    def change(state: ComplaintState, c: Complaint, s: Session):
        new = rules.escalate(state, requested_on, reason=_clean(reason) or None, today=day,
                             clock_starts=clock_starts)
        stage = new.current_stage
        return new, (f"escalated to {stage.label}, requested {format_date(requested_on)}; "
                     f"response due {format_date(stage.due)}")

    def post(c: Complaint) -> None:
        if _clean(investigator):
            row = next(r for r in c.stages if r.number == c.current_stage)
            row.investigator = _clean(investigator)

    return _transition(db, actor, complaint_id, expected_version, "escalate", change,
                       {"requested_on": requested_on, "reason": reason,
                        "investigator": investigator}, today, post=post)


def withdraw_complaint(db: Database, actor: Actor, complaint_id: int, expected_version: int,
                       on: date, reason: str = "", today: date | None = None) -> ComplaintDetail:
    """The complainant withdrew: an open stage closes with the outcome withdrawn."""
    day = _today(today)
    if on > day:
        raise RuleViolation(f"The withdrawal date ({format_date(on)}) is in the future.")

    def change(state: ComplaintState, c: Complaint, s: Session):
        return rules.withdraw(state, on, reason), f"withdrawn on {format_date(on)}"

    return _transition(db, actor, complaint_id, expected_version, "withdraw", change,
                       {"withdrawn_on": on, "reason": reason}, today,
                       stage_meta=lambda new: {"_withdrawal_reason": _clean(reason) or None})


def refer_to_ombudsman(db: Database, actor: Actor, complaint_id: int, expected_version: int,
                       on: date, reference: str = "", premature_note: str = "",
                       today: date | None = None) -> ComplaintDetail:
    """Record that the complainant went to the Ombudsman (LGSCO). Before the procedure has been
    completed a ``premature_note`` is required."""
    day = _today(today)
    if on > day:
        raise RuleViolation(f"The referral date ({format_date(on)}) is in the future.")

    def change(state: ComplaintState, c: Complaint, s: Session):
        new = rules.refer_to_ombudsman(state, on, premature_note=_clean(premature_note) or None)
        c.ombudsman_reference = _clean(reference) or None
        c.ombudsman_remedy = None
        return new, f"referred to the Ombudsman on {format_date(on)}"

    return _transition(db, actor, complaint_id, expected_version, "ombudsman referral", change,
                       {"referred_on": on, "reference": reference}, today,
                       stage_meta=lambda new: {
                           "_ombudsman_premature_note": new.ombudsman_premature_note})


def record_ombudsman_decision(db: Database, actor: Actor, complaint_id: int,
                              expected_version: int, decision: OmbudsmanDecision | str,
                              on: date, remedy: str = "",
                              today: date | None = None) -> ComplaintDetail:
    """Record the Ombudsman's decision (managers only)."""
    day = _today(today)
    if on > day:
        raise RuleViolation(f"The decision date ({format_date(on)}) is in the future.")

    def change(state: ComplaintState, c: Complaint, s: Session):
        new = rules.record_ombudsman_decision(state, decision, on)
        c.ombudsman_remedy = _clean(remedy) or None
        label = OMBUDSMAN_DECISION_LABELS[new.ombudsman_decision]
        return new, f"Ombudsman decision {label} on {format_date(on)}"

    return _transition(db, actor, complaint_id, expected_version, "ombudsman decision", change,
                       {"decision": str(decision), "decided_on": on, "remedy": remedy}, today,
                       permission=Permission.COMPLAINT_OUTCOME)


_UNSET: Any = object()


def update_handling(db: Database, actor: Actor, complaint_id: int, expected_version: int, *,
                    handler_id: int | None = _UNSET, joint_school: bool | None = None,
                    joint_health: bool | None = None, joint_notes: str | None = None,
                    advocate_involved: bool | None = None, investigator: str | None = None,
                    today: date | None = None) -> ComplaintDetail:
    """Change who handles the complaint, joint handling with a school or health service, whether
    an advocate is involved, and the current stage's investigator. Only the arguments given
    change."""
    yours = {k: v for k, v in dict(handler_id=handler_id, joint_school=joint_school,
                                   joint_health=joint_health, joint_notes=joint_notes,
                                   advocate_involved=advocate_involved,
                                   investigator=investigator).items()
             if v is not None and v is not _UNSET}

    def change(state: ComplaintState, c: Complaint, s: Session):
        said = []
        if handler_id is not _UNSET and handler_id != c.handler_id:
            if handler_id is not None:
                user = s.get(User, handler_id)
                if user is None or not user.active:
                    raise ValidationError("That handler is not an active user.",
                                          "Choose someone from the list.", field="handler")
                roles = {user.role, *(user.extra_roles or ())}
                if not roles & {UserRole.OFFICER.value, UserRole.MANAGER.value}:
                    raise ValidationError(
                        f"{user.display_name} cannot handle complaints (their role cannot "
                        "manage complaints).", "Choose an officer or a manager.",
                        field="handler")
                said.append(f"handler {user.display_name}")
            else:
                said.append("handler removed")
            c.handler_id = handler_id
        for name, value in (("joint_school", joint_school), ("joint_health", joint_health),
                            ("advocate_involved", advocate_involved)):
            if value is not None and bool(value) != getattr(c, name):
                setattr(c, name, bool(value))
                said.append(f"{name.replace('_', ' ')} {'yes' if value else 'no'}")
        if joint_notes is not None and _clean(joint_notes) != (c.joint_notes or ""):
            c.joint_notes = _clean(joint_notes)
            said.append("joint handling notes")
        if investigator is not None:
            row = next(r for r in c.stages if r.number == c.current_stage)
            if (_clean(investigator) or None) != row.investigator:
                row.investigator = _clean(investigator) or None
                said.append(f"investigator {row.investigator or 'removed'}")
        if not said:
            raise ValidationError("Nothing was changed.", field=None)
        return state, "; ".join(said)

    return _transition(db, actor, complaint_id, expected_version, "update", change, yours,
                       today)


def assign_handler(db: Database, actor: Actor, complaint_id: int, expected_version: int,
                   handler_id: int | None, today: date | None = None) -> ComplaintDetail:
    return update_handling(db, actor, complaint_id, expected_version, handler_id=handler_id,
                           today=today)


# =============================================================================================
# Logging a complaint
# =============================================================================================


def _procedure_row(s: Session, code: str) -> ComplaintProcedure:
    row = s.scalar(select(ComplaintProcedure).where(ComplaintProcedure.code == code))
    if row is None:
        raise ValidationError(f"There is no complaints procedure called '{code}'.",
                              "Choose a procedure from the list.", field="procedure")
    if not row.active:
        raise ValidationError(f"The {row.name} is no longer in use.",
                              "Choose another procedure.", field="procedure")
    return row


def _create_complaint(s: Session, actor: Actor, feedback: Feedback, procedure_row: ComplaintProcedure,
                      received_on: date, start_stage: int, handler_id: int | None,
                      joint_school: bool, joint_health: bool, joint_notes: str,
                      advocate_involved: bool, today: date, cal: WorkingDayCalendar) -> Complaint:
    if received_on > today:
        raise ValidationError(f"The date received ({format_date(received_on)}) is in the future.",
                              "Enter the date the complaint arrived.", field="received_on")
    procedure = procedure_from_row(procedure_row)
    try:
        state = rules.start_complaint(procedure, received_on, stage_number=start_stage,
                                      calendar=cal)
    except RuleViolation as exc:
        raise ValidationError(exc.message, field="start_stage") from None
    if handler_id is not None:
        user = s.get(User, handler_id)
        if user is None or not user.active:
            raise ValidationError("That handler is not an active user.",
                                  "Choose someone from the list.", field="handler")
    complaint = Complaint(feedback_id=feedback.id, reference=f"new-{feedback.id}",
                          procedure_id=procedure_row.id, handler_id=handler_id,
                          current_stage=start_stage, is_open=True, withdrawn=False,
                          joint_school=joint_school, joint_health=joint_health,
                          joint_notes=_clean(joint_notes), advocate_involved=advocate_involved)
    s.add(complaint)
    s.flush()
    # The reference needs the id; a table-level update keeps the new row at version 1.
    reference = f"{REFERENCE_PREFIX}-{received_on:%y}-{complaint.id:05d}"
    s.execute(update(Complaint.__table__).where(Complaint.__table__.c.id == complaint.id)
              .values(reference=reference))
    row = ComplaintStage(complaint_id=complaint.id, number=start_stage, pauses=[], milestones={})
    _write_clock(row, state.current_stage)
    s.add(row)
    s.flush()
    s.refresh(complaint)  # picks up the reference and the stage
    return complaint


def log_complaint_from_feedback(
    db: Database, actor: Actor, feedback_id: int, *, procedure_code: str,
    received_on: date | None = None, handler_id: int | None = None, start_stage: int = 1,
    joint_school: bool = False, joint_health: bool = False, joint_notes: str = "",
    advocate_involved: bool = False, expected_feedback_version: int | None = None,
    today: date | None = None,
) -> ComplaintDetail:
    """Treat an existing feedback record as a complaint: its kind becomes complaint and the
    first stage's clock starts on ``received_on`` (default: the date the record was received).
    A compliment's details are removed (kept in the audit trail)."""
    require(actor, Permission.MANAGE_COMPLAINTS)
    today = _today(today)
    cal = calendar_for(db)
    with db.session() as s:
        fb = s.get(Feedback, feedback_id)
        if fb is None:
            raise NotFound(f"Feedback record {feedback_id} does not exist.", "Refresh the list.")
        if expected_feedback_version is not None and fb.version != expected_feedback_version:
            raise ConcurrentEditError(
                f"Feedback record {feedback_id} was changed by someone else after you opened it.",
                "Nothing was saved. Open it again and check it is still a complaint.",
                theirs={"version": fb.version}, yours={"version": expected_feedback_version})
        existing = s.scalar(select(Complaint.reference).where(Complaint.feedback_id == fb.id))
        if existing:
            raise ValidationError(
                f"Feedback record {feedback_id} is already complaint {existing}.",
                "Open that complaint instead.", field="feedback")
        before = {"kind": fb.kind, "version": fb.version}
        compliment = s.scalar(select(Compliment).where(Compliment.feedback_id == fb.id))
        if compliment is not None:
            before["compliment"] = {"praised_person": compliment.praised_person,
                                    "praised_team_id": compliment.praised_team_id,
                                    "thanks_passed_on": compliment.thanks_passed_on}
            s.delete(compliment)
        if fb.kind != RecordKind.COMPLAINT.value:
            fb.kind = RecordKind.COMPLAINT.value
            fb.updated_by_id = actor.user_id
        proc = _procedure_row(s, procedure_code)
        try:
            s.flush()
        except StaleDataError as exc:
            raise ConcurrentEditError(
                f"Feedback record {feedback_id} was changed by someone else while you saved.",
                "Nothing was saved; try again.") from exc
        complaint = _create_complaint(
            s, actor, fb, proc, received_on or fb.received_on, start_stage, handler_id,
            joint_school, joint_health, joint_notes, advocate_involved, today, cal)
        audit.record(s, actor, "create", "complaint", complaint.id,
                     summary=f"{complaint.reference} logged from feedback record {fb.id} "
                             f"under the {proc.name}",
                     before=before, after=_snapshot(complaint) | {"feedback_id": fb.id})
        return _detail(s, actor, complaint, proc, cal, today)


@dataclass(frozen=True)
class FeedbackSummary:
    """A feedback record as the "log a complaint" form shows it."""

    id: int
    version: int
    kind: str
    kind_label: str
    received_on: date
    text: str
    service_area_id: int | None
    service_area: str | None
    suggested_procedure: str
    complaint_id: int | None
    complaint_reference: str | None


def feedback_summary(db: Database, actor: Actor, feedback_id: int) -> FeedbackSummary:
    require(actor, Permission.MANAGE_COMPLAINTS)
    with db.read_session() as s:
        fb = s.get(Feedback, feedback_id)
        if fb is None:
            raise NotFound(f"Feedback record {feedback_id} does not exist.", "Refresh the list.")
        area = s.get(ReferenceItem, fb.service_area_id) if fb.service_area_id else None
        existing = s.execute(select(Complaint.id, Complaint.reference)
                             .where(Complaint.feedback_id == fb.id)).first()
        return FeedbackSummary(
            fb.id, fb.version, fb.kind, RecordKind(fb.kind).label, fb.received_on, fb.text,
            fb.service_area_id, area.label if area else None,
            suggested_procedure_code(area.code if area else None),
            existing.id if existing else None, existing.reference if existing else None)


def _analyser(db: Database):
    from voiceapp.analysis import Analyzer

    from .analysis import codebook_entries, latest_model

    return Analyzer(codebook_entries(db), latest_model(db))


def _check_reference(s: Session, item_id: int | None, list_name: ReferenceList,
                     field_name: str, what: str) -> None:
    if item_id is None:
        return
    found = s.scalar(select(ReferenceItem.id).where(ReferenceItem.id == item_id,
                                                    ReferenceItem.list_name == list_name.value))
    if found is None:
        raise ValidationError(f"The {what} chosen is not in the {what} list.",
                              "Choose one from the list.", field=field_name)


def create_feedback_record(s: Session, actor: Actor, db: Database, kind: RecordKind, *,
                           text: str, received_on: date, service_area_id: int | None,
                           channel_id: int | None, respondent_role_id: int | None,
                           team_id: int | None, district_id: int | None, age_band: str | None,
                           anonymous: bool, respondent_name: str, respondent_contact: str,
                           consent_quote: bool, consent_contact: bool, today: date,
                           analyser: Any = None) -> Feedback:
    """A new feedback record, analysed (sentiment, suggested themes, safeguarding triage) and
    stored the way `services.records` says. Used for complaints and compliments logged here."""
    from .feedback import store_new_record

    body = _clean(text)
    if not body:
        raise ValidationError("Write what the person said.", "The text cannot be empty.",
                              field="text")
    if received_on > today:
        raise ValidationError(f"The date received ({format_date(received_on)}) is in the future.",
                              "Enter the date it arrived.", field="received_on")
    if age_band is not None and age_band not in {a.value for a in AgeBand}:
        raise ValidationError(f"'{age_band}' is not an age band.", field="age_band")
    for item_id, list_name, name, what in (
        (service_area_id, ReferenceList.SERVICE_AREA, "service_area", "service area"),
        (channel_id, ReferenceList.CHANNEL, "channel", "channel"),
        (respondent_role_id, ReferenceList.RESPONDENT_ROLE, "respondent_role", "respondent role"),
        (team_id, ReferenceList.TEAM, "team", "team"),
        (district_id, ReferenceList.DISTRICT, "district", "district"),
    ):
        _check_reference(s, item_id, list_name, name, what)
    result = (analyser or _analyser(db)).analyse(body)
    now = datetime.now().replace(microsecond=0)
    fb, _flag = store_new_record(s, actor, dict(
        kind=kind.value, received_on=received_on, channel_id=channel_id,
        respondent_role_id=respondent_role_id, service_area_id=service_area_id, team_id=team_id,
        district_id=district_id, age_band=age_band, text=body, anonymous=anonymous,
        respondent_name=None if anonymous else (_clean(respondent_name) or None),
        respondent_contact=None if anonymous else (_clean(respondent_contact) or None),
        consent_quote=consent_quote, consent_contact=consent_contact and not anonymous,
        needs_review=True), result, now)
    s.flush()
    return fb


def log_complaint(db: Database, actor: Actor, new: NewComplaint,
                  today: date | None = None) -> ComplaintDetail:
    """Log a complaint directly: creates its feedback record (analysed like any other record)
    and starts the clock."""
    require(actor, Permission.MANAGE_COMPLAINTS)
    require(actor, Permission.CAPTURE)
    today = _today(today)
    cal = calendar_for(db)
    analyser = _analyser(db) if _clean(new.text) else None  # outside the write lock
    with db.session() as s:
        proc = _procedure_row(s, new.procedure_code)
        fb = create_feedback_record(
            s, actor, db, RecordKind.COMPLAINT, text=new.text, received_on=new.received_on,
            service_area_id=new.service_area_id, channel_id=new.channel_id,
            respondent_role_id=new.respondent_role_id, team_id=new.team_id,
            district_id=new.district_id, age_band=new.age_band, anonymous=new.anonymous,
            respondent_name=new.respondent_name, respondent_contact=new.respondent_contact,
            consent_quote=new.consent_quote, consent_contact=new.consent_contact, today=today,
            analyser=analyser)
        complaint = _create_complaint(
            s, actor, fb, proc, new.received_on, new.start_stage, new.handler_id,
            new.joint_school, new.joint_health, new.joint_notes, new.advocate_involved, today,
            cal)
        audit.record(s, actor, "create", "feedback", fb.id,
                     summary=f"Complaint record {fb.id} captured",
                     after={"kind": fb.kind, "received_on": fb.received_on,
                            "service_area_id": fb.service_area_id,
                            "safeguarding_flag": fb.safeguarding_flag})
        audit.record(s, actor, "create", "complaint", complaint.id,
                     summary=f"{complaint.reference} logged under the {proc.name}",
                     after=_snapshot(complaint) | {"feedback_id": fb.id})
        return _detail(s, actor, complaint, proc, cal, today)


# =============================================================================================
# Learning points
# =============================================================================================


def add_learning_point(db: Database, actor: Actor, complaint_id: int, text: str,
                       stage_number: int | None = None,
                       today: date | None = None) -> ComplaintDetail:
    """Add what the service will learn from this complaint."""
    require(actor, Permission.MANAGE_COMPLAINTS)
    body = _clean(text)
    if not body:
        raise ValidationError("Write the learning point.", "It cannot be empty.", field="text")
    with db.session() as s:
        complaint, proc = _load(s, complaint_id)
        numbers = {r.number for r in complaint.stages}
        if stage_number is not None and stage_number not in numbers:
            raise ValidationError(
                f"Complaint {complaint.reference} has not reached stage {stage_number}.",
                "Choose one of its stages.", field="stage_number")
        lp = LearningPoint(complaint_id=complaint.id, stage_number=stage_number, text=body)
        s.add(lp)
        s.flush()
        audit.record(s, actor, "create", "learning_point", lp.id,
                     summary=f"{complaint.reference}: learning point added",
                     after={"text": body, "stage_number": stage_number})
        return _detail(s, actor, complaint, proc, calendar_for(db), _today(today))


def edit_learning_point(db: Database, actor: Actor, learning_point_id: int, text: str,
                        expected_text: str | None = None,
                        today: date | None = None) -> ComplaintDetail:
    """Change a learning point's text. ``expected_text`` is what the user started from: if
    someone else changed it meanwhile, `ConcurrentEditError` keeps both texts."""
    require(actor, Permission.MANAGE_COMPLAINTS)
    body = _clean(text)
    if not body:
        raise ValidationError("Write the learning point.", "It cannot be empty.", field="text")
    with db.session() as s:
        lp = s.get(LearningPoint, learning_point_id)
        if lp is None:
            raise NotFound(f"Learning point {learning_point_id} does not exist.",
                           "Refresh the complaint.")
        if expected_text is not None and _clean(expected_text) != lp.text:
            raise ConcurrentEditError(
                "Someone else changed this learning point after you opened it.",
                "Nothing was saved. Compare the two versions and save again.",
                theirs=lp.text, yours=body)
        before = lp.text
        lp.text = body
        complaint, proc = _load(s, lp.complaint_id)
        audit.record(s, actor, "update", "learning_point", lp.id,
                     summary=f"{complaint.reference}: learning point edited",
                     before={"text": before}, after={"text": body})
        return _detail(s, actor, complaint, proc, calendar_for(db), _today(today))


@dataclass(frozen=True)
class ActionProposal:
    """The You Said, We Did action a learning point would become (the page shows it to confirm
    or edit)."""

    learning_point_id: int
    said_summary: str
    we_did: str
    owner_role: str
    service_area_id: int | None
    feedback_ids: tuple[int, ...]
    theme_ids: tuple[int, ...]


def propose_action(db: Database, actor: Actor, learning_point_id: int) -> ActionProposal:
    """Prefill a You Said, We Did action from a learning point."""
    require(actor, Permission.MANAGE_ACTIONS)
    with db.read_session() as s:
        lp = s.get(LearningPoint, learning_point_id)
        if lp is None:
            raise NotFound(f"Learning point {learning_point_id} does not exist.",
                           "Refresh the complaint.")
        if lp.action_id is not None:
            ref = s.scalar(select(Action.reference).where(Action.id == lp.action_id))
            raise ValidationError(f"This learning point is already action {ref}.",
                                  "Open it on the You Said, We Did page.")
        complaint = s.get(Complaint, lp.complaint_id)
        fb = s.get(Feedback, complaint.feedback_id)
        area = _label(s, fb.service_area_id)
        parent = aliased(Theme)
        theme_ids = tuple(s.scalars(
            select(FeedbackTheme.theme_id).where(
                FeedbackTheme.feedback_id == fb.id,
                FeedbackTheme.status != ThemeLinkStatus.REJECTED.value)))
        top_themes = list(dict.fromkeys(s.scalars(
            select(func.coalesce(parent.name, Theme.name))
            .select_from(FeedbackTheme)
            .join(Theme, FeedbackTheme.theme_id == Theme.id)
            .outerjoin(parent, parent.id == Theme.parent_id)
            .where(FeedbackTheme.feedback_id == fb.id,
                   FeedbackTheme.status != ThemeLinkStatus.REJECTED.value)
            .order_by(Theme.sort_order))))
        text, feedback_id, area_id = lp.text, fb.id, fb.service_area_id
        reference = complaint.reference
    # No complaint text goes into the action: it may be published, and the text names people.
    about = f"about {area.lower()}" if area else ""
    raised = (" raised " + _and([t.lower() for t in top_themes]) + "") if top_themes else ""
    said = f"A complaint {about} ({reference}){raised}.".replace("  ", " ")
    return ActionProposal(
        learning_point_id=learning_point_id,
        said_summary=said,
        we_did=text,
        owner_role=f"Head of service, {area}" if area else "Complaints manager",
        service_area_id=area_id,
        feedback_ids=(feedback_id,),
        theme_ids=theme_ids,
    )


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def learning_point_to_action(db: Database, actor: Actor, learning_point_id: int,
                             proposal: ActionProposal | None = None,
                             due_on: date | None = None) -> Any:
    """Turn a learning point into a You Said, We Did action (linked both ways) and return what
    `services.actions.create_action` returns."""
    from .actions import ActionDraft, create_action

    p = proposal or propose_action(db, actor, learning_point_id)
    if p.learning_point_id != learning_point_id:
        raise ValidationError("The proposal is for a different learning point.")
    with db.read_session() as s:
        lp = s.get(LearningPoint, learning_point_id)
        if lp is None:
            raise NotFound(f"Learning point {learning_point_id} does not exist.",
                           "Refresh the complaint.")
        if lp.action_id is not None:
            ref = s.scalar(select(Action.reference).where(Action.id == lp.action_id))
            raise ValidationError(f"This learning point is already action {ref}.",
                                  "Open it on the You Said, We Did page.")
    draft = ActionDraft(said_summary=p.said_summary, we_did=p.we_did, owner_role=p.owner_role,
                        due_on=due_on, service_area_id=p.service_area_id)
    return create_action(db, actor, draft, feedback_ids=p.feedback_ids, theme_ids=p.theme_ids,
                         learning_point_id=learning_point_id)


# =============================================================================================
# Procedure templates
# =============================================================================================


def _procedure_record(s: Session, row: ComplaintProcedure) -> ProcedureRecord:
    n_open = s.scalar(select(func.count()).select_from(Complaint).where(
        Complaint.procedure_id == row.id, Complaint.is_open.is_(True))) or 0
    return ProcedureRecord(row.id, row.code, row.name, row.kind, row.active, row.version,
                           procedure_from_row(row), n_open)


def list_procedures(db: Database, actor: Actor) -> list[ProcedureRecord]:
    if not allowed(actor, Permission.MANAGE_REFERENCE):
        require(actor, Permission.MANAGE_COMPLAINTS)
    with db.read_session() as s:
        return [_procedure_record(s, r) for r in
                s.scalars(select(ComplaintProcedure).order_by(ComplaintProcedure.id))]


def load_procedure(db: Database, actor: Actor, code: str) -> ProcedureRecord:
    require(actor, Permission.MANAGE_REFERENCE)
    with db.read_session() as s:
        row = s.scalar(select(ComplaintProcedure).where(ComplaintProcedure.code == code))
        if row is None:
            raise NotFound(f"There is no complaints procedure called '{code}'.")
        return _procedure_record(s, row)


def save_procedure(db: Database, actor: Actor, template: ProcedureTemplate,
                   expected_version: int, today: date | None = None) -> ProcedureRecord:
    """Save an edited procedure template (administrators). It is validated first and every
    problem is listed. Running clocks keep their dates: each stage carries the template it
    started under, and the replaced definition is kept for stages recorded without one."""
    require(actor, Permission.MANAGE_REFERENCE)
    template.validate()
    day = _today(today)
    with db.session() as s:
        row = s.scalar(select(ComplaintProcedure).where(ComplaintProcedure.code == template.code))
        if row is None:
            raise NotFound(f"There is no complaints procedure called '{template.code}'.",
                           "Procedures are edited, not created, here.")
        if row.version != expected_version:
            raise ConcurrentEditError(
                f"The {row.name} was changed by someone else after you opened it.",
                "Nothing was saved. Open it again and redo your change.",
                theirs=procedure_from_row(row), yours=template)
        if template.kind.value != row.kind:
            raise ValidationError(
                f"The {row.name} is a {row.kind.replace('_', ' ')} procedure; its kind cannot be "
                "changed.", field="kind")
        before = dict(row.definition)
        history = list(before.get("history") or ())
        old = {k: v for k, v in before.items() if k != "history"}
        if old != template.to_dict():
            history.append({"replaced_on": day.isoformat(), "stages": old.get("stages", [])})
        row.definition = template.to_dict() | {"history": history}
        row.name = template.name
        try:
            s.flush()
        except StaleDataError as exc:
            raise ConcurrentEditError(
                f"The {row.name} was changed by someone else while you were saving.",
                "Nothing was saved. Open it again and redo your change.") from exc
        audit.record(s, actor, "update", "complaint_procedure", row.id,
                     summary=f"{template.name} template saved",
                     before={k: v for k, v in before.items() if k != "history"},
                     after=template.to_dict())
        return _procedure_record(s, row)


# Re-exported so callers can catch rule problems without importing the domain module.
__all__ += [
    "ActionProposal",
    "FeedbackSummary",
    "PermissionDenied",
    "RuleViolation",
    "clock_from_row",
    "create_feedback_record",
    "feedback_summary",
    "propose_action",
    "stage_template_from_dict",
    "state_from_rows",
]
