"""Complaint procedures, stage clocks and the rules for moving a complaint on (DOMAIN.md section 6).

Everything here is plain data and pure functions: the service layer maps database rows to these
dataclasses, calls a transition, and stores what comes back. A transition either returns a *new*
object or raises `RuleViolation` with a message an officer can act on; nothing is changed in place.
All date arithmetic goes through a `WorkingDayCalendar` (see `working_days` for the counting
convention: the day of receipt is day 0, a complaint received on a non-working day is deemed
received on the next working day, and day 1 is the working day after that).

Conventions chosen
------------------
* **Due soon**: an open stage is "due_soon" when 3 or fewer working days are left, including the
  due date itself (`DUE_SOON_WORKING_DAYS`, overridable per call).
* **Statutory stage 1 acknowledgement**: the 2006 regulations set no acknowledgement time; most
  councils promise one within 3 working days at stage 1, so that is the default (an
  administrator can change or remove it). Stages 2 and 3 have no acknowledgement requirement.
* **Corporate / SEND maximum extension**: the Ombudsman code asks only that extensions are
  recorded with reasons. voiceapp defaults to at most a further 10 working days at each stage
  (stage 1: 10 extendable to 20; stage 2: 20 extendable to 30), the cap the Ombudsmen's complaint
  handling codes use, so a response is never more than double the target at stage 1.
* **Extensions** set a new due date, which must be a working day after the current due date and
  no later than the statutory maximum (`max_extended_days` from the deemed receipt, moved on by
  any paused days). A stage with ``max_extended_days=None`` cannot be extended. A second
  extension replaces the first (still within the maximum); the latest reason is kept.
* **Pauses** (only where the template allows them) stop the clock: each working day from the
  pause date up to, not including, the resume date pushes the due date, the maximum date and any
  extended date on by one working day. The day of receipt is never counted as a paused day (it
  is day 0 anyway). An open pause counts as if it ended today, so the days remaining stay frozen
  while paused. A stage cannot be paused once it is overdue, or extended while paused.
* **Status** uses dates: a response on the due date is in time; a response after the original
  (pause-adjusted) due date but by the extended date is "closed_in_extended_time". A stage with
  milestones (the stage 3 review panel) is closed in time only if every recorded milestone met its
  own deadline, and while open its clock follows the next milestone not yet reached.
* **Escalation window**: a request to go to the next stage within the window (default 20 working
  days from the day after the response) is accepted. A later request is not refused outright,
  because the complaints manager has discretion to accept it (the Ombudsman expects councils to
  consider good reasons for delay), but it needs a recorded reason, stored on the new stage as
  ``late_request_reason``. A withdrawn or not-accepted complaint, a stage not yet responded to,
  or the last stage cannot be escalated.
* **Ombudsman referral** is recorded after the final stage's response, or earlier only with a
  note that it is premature (the Ombudsman normally refers such complaints back).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from functools import cached_property
from typing import Any, NamedTuple

from voiceapp.domain.enums import OmbudsmanDecision, ProcedureKind, StageOutcome
from voiceapp.domain.working_days import DEFAULT_CALENDAR, WorkingDayCalendar, format_date
from voiceapp.errors import VoiceappError

__all__ = [
    "CORPORATE_SEND",
    "DUE_SOON_WORKING_DAYS",
    "STATUTORY_CSC",
    "ComplaintState",
    "EscalationCheck",
    "Milestone",
    "MilestoneDue",
    "Pause",
    "ProcedureTemplate",
    "RuleViolation",
    "StageClock",
    "StageStatus",
    "StageTemplate",
    "TimelineEvent",
    "acknowledge",
    "can_escalate",
    "default_procedures",
    "escalate",
    "extend",
    "pause",
    "record_milestone",
    "record_ombudsman_decision",
    "refer_to_ombudsman",
    "respond",
    "resume",
    "start_complaint",
    "with_current_stage",
    "withdraw",
]

#: An open stage with this many working days left or fewer (including the due date) is "due soon".
DUE_SOON_WORKING_DAYS = 3

#: No time limit in a template may exceed this many working days (about a year).
MAX_TEMPLATE_DAYS = 260

TEMPLATE_FORMAT_VERSION = 1


class RuleViolation(VoiceappError):
    """A complaint rule would be broken. ``message`` says what and what to do instead; nothing
    has been changed. ``problems`` lists every problem when a template fails validation."""

    def __init__(self, message: str, hint: str = "", problems: Iterable[str] = ()) -> None:
        super().__init__(message, hint)
        self.problems = list(problems) or [message]


class StageStatus:
    """The values `StageClock.status` returns (plain strings, safe to store or compare)."""

    OPEN = "open"
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"
    CLOSED_IN_TIME = "closed_in_time"
    CLOSED_IN_EXTENDED_TIME = "closed_in_extended_time"
    CLOSED_LATE = "closed_late"

    ALL = (OPEN, DUE_SOON, OVERDUE, CLOSED_IN_TIME, CLOSED_IN_EXTENDED_TIME, CLOSED_LATE)
    CLOSED = (CLOSED_IN_TIME, CLOSED_IN_EXTENDED_TIME, CLOSED_LATE)


OUTCOME_LABELS: dict[StageOutcome, str] = {
    StageOutcome.UPHELD: "Upheld",
    StageOutcome.PARTIALLY_UPHELD: "Partially upheld",
    StageOutcome.NOT_UPHELD: "Not upheld",
    StageOutcome.WITHDRAWN: "Withdrawn",
    StageOutcome.NOT_ACCEPTED: "Not accepted",
}

OMBUDSMAN_DECISION_LABELS: dict[OmbudsmanDecision, str] = {
    OmbudsmanDecision.NOT_INVESTIGATED: "Not investigated",
    OmbudsmanDecision.PREMATURE: "Premature, referred back to the council",
    OmbudsmanDecision.FAULT_INJUSTICE: "Fault causing injustice",
    OmbudsmanDecision.FAULT_NO_INJUSTICE: "Fault, no injustice",
    OmbudsmanDecision.NO_FAULT: "No fault",
    OmbudsmanDecision.UPHELD_REMEDIED_LOCALLY: "Upheld, already remedied by the council",
}


def _days(n: int) -> str:
    return f"{n} working day" if n == 1 else f"{n} working days"


def _text(value: str | None) -> str:
    return (value or "").strip()


# =============================================================================================
# Procedure templates (administrator-editable data)
# =============================================================================================


@dataclass(frozen=True)
class Milestone:
    """A deadline inside a stage: due ``days`` working days after the milestone ``from_key``
    (the date it actually happened if recorded, otherwise its due date), or after the stage was
    received when ``from_key`` is None. The last milestone of a stage is its response."""

    key: str
    label: str
    days: int
    from_key: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"key": self.key, "label": self.label, "days": self.days, "from_key": self.from_key}


@dataclass(frozen=True)
class StageTemplate:
    """One stage of a procedure.

    ``max_extended_days``: the longest the response may take with an extension, counted from
    receipt like ``response_days``; None means the stage cannot be extended.
    ``acknowledge_days``: None when no acknowledgement deadline applies (and then a response can
    be recorded without one). ``escalation_window_days``: how long after this stage's response
    the complainant has to ask for the next stage; None means no limit. It is ignored on the last
    stage. ``milestones``: a chain of deadlines inside the stage (stage 3 review panel); when
    present ``response_days`` must equal their total and the stage cannot be paused or extended.
    """

    number: int
    name: str
    response_days: int
    max_extended_days: int | None = None
    acknowledge_days: int | None = None
    pause_allowed: bool = False
    escalation_window_days: int | None = None
    milestones: tuple[Milestone, ...] = ()

    def __post_init__(self) -> None:
        if not isinstance(self.milestones, tuple):
            object.__setattr__(self, "milestones", tuple(self.milestones))

    @property
    def label(self) -> str:
        """``Stage 1 (Local resolution)``."""
        return f"Stage {self.number} ({self.name})"

    def milestone(self, key: str) -> Milestone:
        for m in self.milestones:
            if m.key == key:
                return m
        raise RuleViolation(
            f"{self.label} has no milestone called '{key}'. "
            f"Its milestones are: {', '.join(m.key for m in self.milestones) or 'none'}."
        )

    def problems(self) -> list[str]:
        """Plain-English problems with this stage (empty when it makes sense)."""
        out: list[str] = []
        who = self.label if _text(self.name) else f"Stage {self.number}"
        if not _text(self.name):
            out.append(f"Stage {self.number} needs a name.")

        def check_days(value: Any, what: str, minimum: int) -> bool:
            if isinstance(value, bool) or not isinstance(value, int):
                out.append(f"{who}: the {what} must be a whole number of working days.")
                return False
            if value < minimum:
                if value < 0:
                    out.append(
                        f"{who}: the {what} cannot be negative ({value}); "
                        f"enter a number of working days of {minimum} or more."
                    )
                else:
                    out.append(f"{who}: the {what} must be at least {_days(minimum)}, not {value}.")
                return False
            if value > MAX_TEMPLATE_DAYS:
                out.append(
                    f"{who}: the {what} of {_days(value)} is more than a year; "
                    f"the longest allowed is {_days(MAX_TEMPLATE_DAYS)}."
                )
                return False
            return True

        response_ok = check_days(self.response_days, "response time", 1)
        if (
            self.max_extended_days is not None
            and check_days(self.max_extended_days, "maximum with an extension", 1)
            and response_ok
            and self.max_extended_days < self.response_days
        ):
            out.append(
                f"{who}: the maximum with an extension ({_days(self.max_extended_days)}) "
                f"is shorter than the response time ({_days(self.response_days)}). "
                "An extension can only make the time longer; leave the maximum blank if the "
                "stage cannot be extended."
            )
        if (
            self.acknowledge_days is not None
            and check_days(self.acknowledge_days, "acknowledgement time", 0)
            and response_ok
            and self.acknowledge_days > self.response_days
        ):
            out.append(
                f"{who}: the acknowledgement time ({_days(self.acknowledge_days)}) is longer "
                f"than the response time ({_days(self.response_days)}); the complaint would be "
                "answered before it had to be acknowledged."
            )
        if self.escalation_window_days is not None:
            check_days(self.escalation_window_days, "escalation window", 1)
        if not isinstance(self.pause_allowed, bool):
            out.append(f"{who}: 'pause allowed' must be yes or no.")
        if self.milestones:
            out.extend(self._milestone_problems(who, response_ok))
        return out

    def _milestone_problems(self, who: str, response_ok: bool) -> list[str]:
        out: list[str] = []
        previous: str | None = None
        seen: set[str] = set()
        days_ok = True
        for position, m in enumerate(self.milestones, start=1):
            name = _text(m.label) or _text(m.key) or f"milestone {position}"
            if not _text(m.key):
                out.append(f"{who}: milestone {position} needs a key.")
            elif m.key in seen:
                out.append(f"{who}: two milestones are called '{m.key}'; each needs its own key.")
            if not _text(m.label):
                out.append(f"{who}: milestone '{m.key}' needs a label.")
            if isinstance(m.days, bool) or not isinstance(m.days, int) or m.days < 1:
                out.append(
                    f"{who}: the milestone '{name}' must be due at least 1 working day after "
                    f"the step before it, not {m.days}."
                )
                days_ok = False
            if m.from_key != previous:
                after = f"'{previous}'" if previous else "receipt of the request (blank)"
                out.append(
                    f"{who}: milestones run in order, each from the one before, so "
                    f"'{name}' must count from {after}, not from '{m.from_key}'."
                )
            seen.add(m.key)
            previous = m.key
        if days_ok and response_ok:
            total = sum(m.days for m in self.milestones)
            if total != self.response_days:
                parts = " + ".join(str(m.days) for m in self.milestones)
                out.append(
                    f"{who}: the response time ({_days(self.response_days)}) must equal the "
                    f"milestones added up ({parts} = {total})."
                )
        if self.pause_allowed:
            out.append(f"{who}: a stage with milestones cannot be paused; untick 'pause allowed'.")
        if self.max_extended_days is not None:
            out.append(
                f"{who}: a stage with milestones cannot be extended; leave the maximum with an "
                "extension blank."
            )
        return out

    def to_dict(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "name": self.name,
            "response_days": self.response_days,
            "max_extended_days": self.max_extended_days,
            "acknowledge_days": self.acknowledge_days,
            "pause_allowed": self.pause_allowed,
            "escalation_window_days": self.escalation_window_days,
            "milestones": [m.to_dict() for m in self.milestones],
        }


@dataclass(frozen=True)
class ProcedureTemplate:
    """A complaints procedure: its stages in order, numbered from 1."""

    kind: ProcedureKind
    code: str
    name: str
    stages: tuple[StageTemplate, ...]

    def __post_init__(self) -> None:
        if not isinstance(self.stages, tuple):
            object.__setattr__(self, "stages", tuple(self.stages))

    @property
    def last_stage_number(self) -> int:
        return self.stages[-1].number if self.stages else 0

    def stage(self, number: int) -> StageTemplate:
        for s in self.stages:
            if s.number == number:
                return s
        raise RuleViolation(f"The {self.name} procedure has no stage {number}.")

    def problems(self) -> list[str]:
        out: list[str] = []
        if not isinstance(self.kind, ProcedureKind):
            out.append(
                "The procedure needs a kind: statutory children's social care, "
                "corporate / SEND, or other."
            )
        if not _text(self.code):
            out.append("The procedure needs a short code.")
        if not _text(self.name):
            out.append("The procedure needs a name.")
        if not self.stages:
            out.append("The procedure needs at least one stage.")
        for position, stage in enumerate(self.stages, start=1):
            if stage.number != position:
                out.append(
                    f"Stages must be numbered 1, 2, 3... in order; stage {position} is numbered "
                    f"{stage.number}."
                )
            out.extend(stage.problems())
        return out

    def validate(self) -> ProcedureTemplate:
        """Raise `RuleViolation` listing every problem; return the template when it is sound."""
        problems = self.problems()
        if problems:
            title = _text(self.name) or "this procedure"
            raise RuleViolation(
                f"The {title} template cannot be saved: " + " ".join(problems),
                problems=problems,
            )
        return self

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (plain strings, numbers, booleans, lists and None)."""
        return {
            "format": TEMPLATE_FORMAT_VERSION,
            "kind": str(self.kind),
            "code": self.code,
            "name": self.name,
            "stages": [s.to_dict() for s in self.stages],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ProcedureTemplate:
        """Rebuild a template from `to_dict` output and validate it. Raises `RuleViolation`
        for a missing field, a wrong type or a template that does not make sense."""
        reader = _Reader("The procedure template")
        version = data.get("format", TEMPLATE_FORMAT_VERSION)
        if version != TEMPLATE_FORMAT_VERSION:
            raise RuleViolation(
                f"This procedure template was saved in format {version}, which this version of "
                "voiceapp cannot read. Update voiceapp or re-enter the template."
            )
        raw_kind = reader.text(data, "kind")
        try:
            kind = ProcedureKind(raw_kind)
        except ValueError:
            allowed = ", ".join(k.value for k in ProcedureKind)
            raise RuleViolation(
                f"The procedure template has an unknown kind '{raw_kind}'; use one of {allowed}."
            ) from None
        raw_stages = data.get("stages")
        if not isinstance(raw_stages, list):
            raise RuleViolation("The procedure template has no list of stages.")
        stages = []
        for position, raw in enumerate(raw_stages, start=1):
            if not isinstance(raw, Mapping):
                raise RuleViolation(f"Stage {position} of the procedure template is not readable.")
            r = _Reader(f"Stage {position} of the procedure template")
            milestones = []
            for mpos, rm in enumerate(raw.get("milestones") or [], start=1):
                if not isinstance(rm, Mapping):
                    raise RuleViolation(f"Milestone {mpos} of stage {position} is not readable.")
                mr = _Reader(f"Milestone {mpos} of stage {position}")
                milestones.append(
                    Milestone(
                        key=mr.text(rm, "key"),
                        label=mr.text(rm, "label"),
                        days=mr.integer(rm, "days"),
                        from_key=mr.optional_text(rm, "from_key"),
                    )
                )
            stages.append(
                StageTemplate(
                    number=r.integer(raw, "number"),
                    name=r.text(raw, "name"),
                    response_days=r.integer(raw, "response_days"),
                    max_extended_days=r.optional_integer(raw, "max_extended_days"),
                    acknowledge_days=r.optional_integer(raw, "acknowledge_days"),
                    pause_allowed=r.boolean(raw, "pause_allowed"),
                    escalation_window_days=r.optional_integer(raw, "escalation_window_days"),
                    milestones=tuple(milestones),
                )
            )
        template = cls(
            kind=kind,
            code=reader.text(data, "code"),
            name=reader.text(data, "name"),
            stages=tuple(stages),
        )
        return template.validate()


class _Reader:
    """Typed reads from a stored dict with plain-English errors."""

    def __init__(self, where: str) -> None:
        self.where = where

    def _get(self, data: Mapping[str, Any], key: str) -> Any:
        if key not in data:
            raise RuleViolation(f"{self.where} is missing '{key}'.")
        return data[key]

    def text(self, data: Mapping[str, Any], key: str) -> str:
        value = self._get(data, key)
        if not isinstance(value, str):
            raise RuleViolation(f"{self.where}: '{key}' should be text, not {value!r}.")
        return value

    def optional_text(self, data: Mapping[str, Any], key: str) -> str | None:
        value = data.get(key)
        if value is None:
            return None
        if not isinstance(value, str):
            raise RuleViolation(f"{self.where}: '{key}' should be text, not {value!r}.")
        return value

    def integer(self, data: Mapping[str, Any], key: str) -> int:
        value = self._get(data, key)
        if isinstance(value, bool) or not isinstance(value, int):
            raise RuleViolation(f"{self.where}: '{key}' should be a whole number, not {value!r}.")
        return value

    def optional_integer(self, data: Mapping[str, Any], key: str) -> int | None:
        if data.get(key) is None:
            return None
        return self.integer(data, key)

    def boolean(self, data: Mapping[str, Any], key: str) -> bool:
        value = data.get(key, False)
        if not isinstance(value, bool):
            raise RuleViolation(f"{self.where}: '{key}' should be true or false, not {value!r}.")
        return value


# ---------------------------------------------------------------------------------------------
# Default procedures
# ---------------------------------------------------------------------------------------------

#: Children Act 1989 representations procedure (2006 regulations; "Getting the Best from
#: Complaints" guidance). Stage 1 acknowledgement in 3 working days is common council practice,
#: not a regulation. The escalation windows are the 20 working days the regulations give the
#: complainant to ask for stage 2 and stage 3.
STATUTORY_CSC = ProcedureTemplate(
    kind=ProcedureKind.STATUTORY_CSC,
    code="statutory_csc",
    name="Children's social care statutory procedure",
    stages=(
        StageTemplate(
            number=1,
            name="Local resolution",
            response_days=10,
            max_extended_days=20,
            acknowledge_days=3,
            pause_allowed=False,
            escalation_window_days=20,
        ),
        StageTemplate(
            number=2,
            name="Independent investigation",
            response_days=25,
            max_extended_days=65,
            acknowledge_days=None,
            pause_allowed=False,
            escalation_window_days=20,
        ),
        StageTemplate(
            number=3,
            name="Review panel",
            response_days=50,
            max_extended_days=None,
            acknowledge_days=None,
            pause_allowed=False,
            escalation_window_days=None,
            milestones=(
                Milestone("panel", "Review panel convened", 30, None),
                Milestone("findings", "Panel findings sent", 5, "panel"),
                Milestone("response", "Authority's response sent", 15, "findings"),
            ),
        ),
    ),
)

#: Corporate / SEND two-stage procedure with the Ombudsman code defaults. The maximum extension
#: (a further 10 working days at each stage) is voiceapp's choice; see the module docstring.
CORPORATE_SEND = ProcedureTemplate(
    kind=ProcedureKind.CORPORATE_SEND,
    code="corporate_send",
    name="Corporate and SEND complaints procedure",
    stages=(
        StageTemplate(
            number=1,
            name="Stage 1 response",
            response_days=10,
            max_extended_days=20,
            acknowledge_days=5,
            pause_allowed=True,
            escalation_window_days=20,
        ),
        StageTemplate(
            number=2,
            name="Stage 2 review",
            response_days=20,
            max_extended_days=30,
            acknowledge_days=5,
            pause_allowed=True,
            escalation_window_days=None,
        ),
    ),
)


def default_procedures() -> list[ProcedureTemplate]:
    """The procedures a new database starts with (administrators edit them later)."""
    return [STATUTORY_CSC, CORPORATE_SEND]


# =============================================================================================
# Stage clocks
# =============================================================================================


@dataclass(frozen=True)
class Pause:
    """The clock stopped from ``start`` (not counted) until ``end`` (counted again); ``end`` is
    None while the stage is still paused."""

    start: date
    end: date | None
    reason: str


class MilestoneDue(NamedTuple):
    milestone: Milestone
    due: date
    done: date | None

    @property
    def late(self) -> bool:
        return self.done is not None and self.done > self.due


@dataclass(frozen=True)
class StageClock:
    """Where one stage of a complaint stands. Dates are calendar dates; see the module docstring
    for how pauses, extensions and milestones move the due date."""

    template: StageTemplate
    received: date
    acknowledged: date | None = None
    extended_to: date | None = None
    extension_reason: str | None = None
    paused: tuple[Pause, ...] = ()
    responded: date | None = None
    outcome: StageOutcome | None = None
    #: When the extension was agreed (optional; used for the timeline).
    extended_on: date | None = None
    #: Dates intermediate milestones happened, by milestone key (the last one is ``responded``).
    milestone_dates: Mapping[str, date] = field(default_factory=dict, hash=False)
    #: Why a request for this stage made after the escalation window was accepted.
    late_request_reason: str | None = None
    calendar: WorkingDayCalendar = field(
        default=DEFAULT_CALENDAR, compare=False, repr=False, hash=False
    )

    def __post_init__(self) -> None:
        if not isinstance(self.paused, tuple):
            object.__setattr__(self, "paused", tuple(self.paused))
        object.__setattr__(self, "milestone_dates", dict(self.milestone_dates))
        if self.outcome is not None and not isinstance(self.outcome, StageOutcome):
            object.__setattr__(self, "outcome", StageOutcome(self.outcome))

    # -- basic facts ---------------------------------------------------------------------------

    @property
    def label(self) -> str:
        return self.template.label

    @cached_property
    def start(self) -> date:
        """Day 0 of the clock: the day received, or the next working day if received on a
        non-working day."""
        return self.calendar.working_day_on_or_after(self.received)

    @property
    def is_closed(self) -> bool:
        return self.responded is not None

    @property
    def is_paused(self) -> bool:
        return bool(self.paused) and self.paused[-1].end is None

    @property
    def acknowledge_due(self) -> date | None:
        days = self.template.acknowledge_days
        return None if days is None else self.calendar.deadline(self.received, days)

    @property
    def acknowledged_in_time(self) -> bool | None:
        """None when no acknowledgement deadline applies or none is recorded yet."""
        due = self.acknowledge_due
        if due is None or self.acknowledged is None:
            return None
        return self.acknowledged <= due

    def paused_working_days(self, today: date | None = None) -> int:
        """Working days the clock has been stopped. An open pause counts up to (not including)
        ``today``, or not at all when ``today`` is not given."""
        if not self.paused:
            return 0
        first_countable = self.start + timedelta(days=1)
        total = 0
        for p in self.paused:
            end = p.end if p.end is not None else today
            if end is None:
                continue
            total += self.calendar.working_days_in_range(max(p.start, first_countable), end)
        return total

    def _open_pause_days(self, today: date | None) -> int:
        if not self.is_paused or today is None:
            return 0
        p = self.paused[-1]
        first_countable = self.start + timedelta(days=1)
        return self.calendar.working_days_in_range(max(p.start, first_countable), today)

    # -- due dates -----------------------------------------------------------------------------

    def milestone_dues(self) -> list[MilestoneDue]:
        """Each milestone's due date, chained from the actual date of the one before when it has
        been recorded (otherwise from its due date). Empty for stages without milestones."""
        out: list[MilestoneDue] = []
        anchor = self.received
        last = len(self.template.milestones) - 1
        for i, m in enumerate(self.template.milestones):
            due = self.calendar.deadline(anchor, m.days)
            done = self.responded if i == last else self.milestone_dates.get(m.key)
            out.append(MilestoneDue(m, due, done))
            anchor = done if done is not None else due
        return out

    def on_time_due(self, today: date | None = None) -> date:
        """The response date without any extension, moved on by paused days (an open pause
        counted up to ``today``)."""
        if self.template.milestones:
            return self.milestone_dues()[-1].due
        return self.calendar.add_working_days(self._base_due, self.paused_working_days(today))

    @cached_property
    def _base_due(self) -> date:
        return self.calendar.deadline(self.received, self.template.response_days)

    def due_as_of(self, today: date | None) -> date:
        """The response due date including any extension and pauses; an open pause counts as
        if it ended ``today``."""
        if self.extended_to is not None:
            # extended_to already includes pauses that ended after the extension (resume moves
            # it on); only a pause still open needs adding.
            return self.calendar.add_working_days(self.extended_to, self._open_pause_days(today))
        return self.on_time_due(today)

    @property
    def due(self) -> date:
        """The response due date including any extension and completed pauses."""
        return self.due_as_of(None)

    def max_due_as_of(self, today: date | None) -> date | None:
        days = self.template.max_extended_days
        if days is None:
            return None
        base = self.calendar.deadline(self.received, days)
        return self.calendar.add_working_days(base, self.paused_working_days(today))

    @property
    def max_due(self) -> date | None:
        """The latest date an extension may reach (None when the stage cannot be extended)."""
        return self.max_due_as_of(None)

    def current_target(self, today: date | None = None) -> tuple[str, date]:
        """What the clock is counting towards now: ``("Review panel convened", due)`` for a
        milestone stage, otherwise ``("Response", due)``."""
        if self.template.milestones:
            for md in self.milestone_dues():
                if md.done is None:
                    return md.milestone.label, md.due
            final = self.milestone_dues()[-1]
            return final.milestone.label, final.due
        return "Response", self.due_as_of(today)

    # -- status --------------------------------------------------------------------------------

    def days_remaining(self, today: date) -> int | None:
        """Working days left to the current target (0 on the due date, negative when overdue);
        None once responded."""
        if self.responded is not None:
            return None
        return self.calendar.days_remaining(self.current_target(today)[1], today)

    def status(self, today: date, due_soon_days: int = DUE_SOON_WORKING_DAYS) -> str:
        """One of `StageStatus.ALL`."""
        if self.responded is not None:
            if self.template.milestones:
                dues = self.milestone_dues()
                if any(md.late for md in dues):
                    return StageStatus.CLOSED_LATE
                return StageStatus.CLOSED_IN_TIME
            if self.responded <= self.on_time_due():
                return StageStatus.CLOSED_IN_TIME
            if self.extended_to is not None and self.responded <= self.due:
                return StageStatus.CLOSED_IN_EXTENDED_TIME
            return StageStatus.CLOSED_LATE
        target = self.current_target(today)[1]
        if today > target:
            return StageStatus.OVERDUE
        if self.calendar.days_remaining(target, today) <= due_soon_days:
            return StageStatus.DUE_SOON
        return StageStatus.OPEN

    def working_days_to_respond(self) -> int | None:
        """Working days from the (deemed) day of receipt to the response, not counting paused
        days; None until responded."""
        if self.responded is None:
            return None
        taken = self.calendar.working_days_between(self.start, self.responded)
        return max(0, taken - self.paused_working_days())


# -- stage transitions --------------------------------------------------------------------------


def _not_before_received(clock: StageClock, on: date, what: str) -> None:
    if on < clock.received:
        raise RuleViolation(
            f"The {what} date ({format_date(on)}) is before {clock.label} was received "
            f"({format_date(clock.received)}). Check the dates."
        )


def _not_future(on: date, today: date | None, what: str) -> None:
    if today is not None and on > today:
        raise RuleViolation(
            f"The {what} date ({format_date(on)}) is in the future. Record it on or after the day "
            "it happens."
        )


def _still_open(clock: StageClock, action: str) -> None:
    if clock.responded is not None:
        raise RuleViolation(
            f"{clock.label} was already responded to on {format_date(clock.responded)}, so it "
            f"cannot be {action}."
        )


def acknowledge(clock: StageClock, on: date, *, today: date | None = None) -> StageClock:
    """Record the acknowledgement. Not before receipt, not in the future, not twice."""
    if clock.acknowledged is not None:
        raise RuleViolation(
            f"{clock.label} was already acknowledged on {format_date(clock.acknowledged)}."
        )
    _still_open(clock, "acknowledged now")
    _not_before_received(clock, on, "acknowledgement")
    _not_future(on, today, "acknowledgement")
    return replace(clock, acknowledged=on)


def extend(clock: StageClock, to: date, reason: str, *, on: date | None = None) -> StageClock:
    """Extend the response due date to ``to`` (a working day after the current due date and no
    later than the statutory maximum). A reason is required. ``on`` is when it was agreed: when
    given it must be on or before the current due date (a stage cannot be extended once late)."""
    if not _text(reason):
        raise RuleViolation(
            f"Give a reason for extending {clock.label}. The reason is recorded and shown to "
            "the complainant and the Ombudsman."
        )
    _still_open(clock, "extended")
    if clock.template.max_extended_days is None:
        raise RuleViolation(
            f"{clock.label} cannot be extended: its timescale is fixed. "
            f"The response is due by {format_date(clock.due)}."
        )
    if clock.is_paused:
        raise RuleViolation(
            f"{clock.label} is paused. Resume it before extending it, so the new date counts "
            "from the right day."
        )
    cal = clock.calendar
    current = clock.due
    latest = clock.max_due
    assert latest is not None
    if on is not None:
        _not_before_received(clock, on, "extension")
        if on > current:
            raise RuleViolation(
                f"{clock.label} was due on {format_date(current)}; an extension has to be agreed "
                f"by then, not afterwards ({format_date(on)}). Record the response as late."
            )
    if not cal.is_working_day(to):
        raise RuleViolation(
            f"{format_date(to)} is not a working day ({cal.holiday_name(to)}). Choose a working "
            f"day such as {format_date(cal.add_working_days(to, -1))} or "
            f"{format_date(cal.next_working_day(to))}."
        )
    if to <= current:
        raise RuleViolation(
            f"The new date ({format_date(to)}) must be after the current due date "
            f"({format_date(current)}); an extension can only give more time."
        )
    if to > latest:
        raise RuleViolation(
            f"{clock.label} can be extended to {_days(clock.template.max_extended_days)} at most, "
            f"so the latest allowed date is {format_date(latest)}; {format_date(to)} is too late."
        )
    return replace(clock, extended_to=to, extension_reason=reason.strip(), extended_on=on)


def pause(clock: StageClock, start: date, reason: str, *, today: date | None = None) -> StageClock:
    """Stop the clock from ``start`` (only where the template allows it, with a reason)."""
    if not clock.template.pause_allowed:
        raise RuleViolation(
            f"{clock.label} cannot be paused: the procedure does not allow it. Consider an "
            "extension instead, with the reason."
            if clock.template.max_extended_days is not None
            else f"{clock.label} cannot be paused: its timescale is fixed."
        )
    if not _text(reason):
        raise RuleViolation(f"Give a reason for pausing {clock.label}.")
    _still_open(clock, "paused")
    if clock.is_paused:
        raise RuleViolation(
            f"{clock.label} has been paused since {format_date(clock.paused[-1].start)}. "
            "Resume it before pausing it again."
        )
    _not_before_received(clock, start, "pause")
    _not_future(start, today, "pause")
    if clock.paused and start < clock.paused[-1].end:  # type: ignore[operator]
        raise RuleViolation(
            f"The pause date ({format_date(start)}) is before the last pause ended "
            f"({format_date(clock.paused[-1].end)})."  # type: ignore[arg-type]
        )
    due = clock.due
    if start > due:
        raise RuleViolation(
            f"{clock.label} was due on {format_date(due)} and is overdue, so it cannot be paused "
            "now. Record the response, or agree an extension if one is still possible."
        )
    return replace(clock, paused=(*clock.paused, Pause(start, None, reason.strip())))


def resume(clock: StageClock, on: date, *, today: date | None = None) -> StageClock:
    """Restart the clock on ``on`` (that day counts again). Any extended date moves on by the
    working days paused."""
    if not clock.is_paused:
        raise RuleViolation(f"{clock.label} is not paused, so there is nothing to resume.")
    current = clock.paused[-1]
    if on < current.start:
        raise RuleViolation(
            f"The resume date ({format_date(on)}) is before the pause started "
            f"({format_date(current.start)})."
        )
    _not_future(on, today, "resume")
    closed = replace(current, end=on)
    paused = (*clock.paused[:-1], closed)
    extended_to = clock.extended_to
    if extended_to is not None:
        first_countable = clock.start + timedelta(days=1)
        stopped = clock.calendar.working_days_in_range(max(current.start, first_countable), on)
        extended_to = clock.calendar.add_working_days(extended_to, stopped)
    return replace(clock, paused=paused, extended_to=extended_to)


def record_milestone(
    clock: StageClock, key: str, on: date, *, today: date | None = None
) -> StageClock:
    """Record when an intermediate milestone (for example the review panel meeting) happened.
    The last milestone is the response: use `respond` for it."""
    milestone = clock.template.milestone(key)
    if milestone is clock.template.milestones[-1]:
        raise RuleViolation(
            f"'{milestone.label}' is the response for {clock.label}; record it as the response."
        )
    _still_open(clock, "changed")
    _not_before_received(clock, on, milestone.label.lower())
    _not_future(on, today, milestone.label.lower())
    if milestone.from_key is not None:
        before = clock.milestone_dates.get(milestone.from_key)
        earlier = clock.template.milestone(milestone.from_key)
        if before is None:
            raise RuleViolation(f"Record '{earlier.label}' before '{milestone.label}'.")
        if on < before:
            raise RuleViolation(
                f"'{milestone.label}' ({format_date(on)}) cannot be before '{earlier.label}' "
                f"({format_date(before)})."
            )
    dates = dict(clock.milestone_dates)
    dates[key] = on
    return replace(clock, milestone_dates=dates)


def respond(
    clock: StageClock,
    on: date,
    outcome: StageOutcome | str | None,
    *,
    today: date | None = None,
) -> StageClock:
    """Record the stage's response and outcome."""
    if outcome is None or outcome == "":
        raise RuleViolation(
            f"Choose the outcome of {clock.label} (upheld, partially upheld, not upheld, "
            "withdrawn or not accepted) before recording the response."
        )
    try:
        outcome = StageOutcome(outcome)
    except ValueError:
        raise RuleViolation(f"'{outcome}' is not a stage outcome.") from None
    _still_open(clock, "responded to again")
    _not_before_received(clock, on, "response")
    _not_future(on, today, "response")
    if clock.template.acknowledge_days is not None and clock.acknowledged is None:
        raise RuleViolation(
            f"{clock.label} has not been acknowledged. Record the acknowledgement (due by "
            f"{format_date(clock.acknowledge_due)}) before the response."  # type: ignore[arg-type]
        )
    if clock.acknowledged is not None and on < clock.acknowledged:
        raise RuleViolation(
            f"The response date ({format_date(on)}) is before the acknowledgement "
            f"({format_date(clock.acknowledged)})."
        )
    if clock.is_paused:
        raise RuleViolation(f"{clock.label} is paused. Resume it before recording the response.")
    for key, when in clock.milestone_dates.items():
        if on < when:
            label = clock.template.milestone(key).label
            raise RuleViolation(
                f"The response date ({format_date(on)}) is before '{label}' ({format_date(when)})."
            )
    return replace(clock, responded=on, outcome=outcome)


# =============================================================================================
# The complaint as a whole
# =============================================================================================


class TimelineEvent(NamedTuple):
    when: date
    label: str


@dataclass(frozen=True)
class EscalationCheck:
    """Whether the current stage can go to the next one. ``reason_required`` is True when the
    request is outside the escalation window: it may be accepted, with a recorded reason."""

    allowed: bool
    message: str
    reason_required: bool = False
    window_closes: date | None = None

    def __bool__(self) -> bool:
        return self.allowed


@dataclass(frozen=True)
class ComplaintState:
    """A complaint under one procedure: its stage clocks in order (the last is the current
    stage), withdrawal and any Ombudsman referral.

    Each `StageClock` carries the `StageTemplate` it started under, so an administrator editing
    the procedure later does not move clocks already running; `escalate` takes the next stage
    from ``procedure`` as it is at that moment."""

    procedure: ProcedureTemplate
    stages: tuple[StageClock, ...]
    withdrawn: bool = False
    withdrawn_on: date | None = None
    withdrawal_reason: str | None = None
    ombudsman_referred: date | None = None
    #: Set when the referral was made before the last stage had been completed.
    ombudsman_premature_note: str | None = None
    ombudsman_decision: OmbudsmanDecision | None = None
    ombudsman_decided: date | None = None
    calendar: WorkingDayCalendar = field(
        default=DEFAULT_CALENDAR, compare=False, repr=False, hash=False
    )

    def __post_init__(self) -> None:
        if not isinstance(self.stages, tuple):
            object.__setattr__(self, "stages", tuple(self.stages))
        if self.ombudsman_decision is not None and not isinstance(
            self.ombudsman_decision, OmbudsmanDecision
        ):
            object.__setattr__(
                self, "ombudsman_decision", OmbudsmanDecision(self.ombudsman_decision)
            )

    @property
    def current_stage(self) -> StageClock | None:
        return self.stages[-1] if self.stages else None

    @property
    def current_stage_number(self) -> int | None:
        current = self.current_stage
        return None if current is None else current.template.number

    @property
    def is_final_stage(self) -> bool:
        number = self.current_stage_number
        return number is not None and number >= self.procedure.last_stage_number

    @property
    def is_open(self) -> bool:
        """True while the complaint is with the council: not withdrawn, and the current stage
        has not been responded to."""
        current = self.current_stage
        return not self.withdrawn and current is not None and current.responded is None

    @property
    def escalation_window_closes(self) -> date | None:
        """Last day to ask for the next stage without needing discretion (None when there is
        no window, no response yet, or no next stage)."""
        current = self.current_stage
        if current is None or current.responded is None or self.is_final_stage:
            return None
        days = current.template.escalation_window_days
        if days is None:
            return None
        return self.calendar.deadline(current.responded, days)

    def timeline(self) -> list[TimelineEvent]:
        """Everything that has happened, oldest first (same-day events in the order they
        logically occur)."""
        events: list[TimelineEvent] = []
        for clock in self.stages:
            tag = f"Stage {clock.template.number}"
            received = f"{clock.label} received"
            if clock.late_request_reason:
                received += (
                    " (asked for after the escalation window; accepted because: "
                    f"{clock.late_request_reason})"
                )
            events.append(TimelineEvent(clock.received, received))
            if clock.acknowledged is not None:
                events.append(TimelineEvent(clock.acknowledged, f"{tag} acknowledged"))
            for p in clock.paused:
                events.append(TimelineEvent(p.start, f"{tag} paused: {p.reason}"))
                if p.end is not None:
                    events.append(TimelineEvent(p.end, f"{tag} resumed"))
            if clock.extended_to is not None:
                when = clock.extended_on or clock.on_time_due()
                reason = f": {clock.extension_reason}" if clock.extension_reason else ""
                events.append(
                    TimelineEvent(
                        when, f"{tag} extended to {format_date(clock.extended_to)}{reason}"
                    )
                )
            for md in clock.milestone_dues()[:-1]:
                if md.done is not None:
                    events.append(TimelineEvent(md.done, f"{tag}: {md.milestone.label}"))
            if clock.responded is not None and clock.outcome is not None:
                if clock.outcome is StageOutcome.WITHDRAWN:
                    label = f"{tag} closed: withdrawn"
                elif clock.outcome is StageOutcome.NOT_ACCEPTED:
                    label = f"{tag} closed: not accepted"
                else:
                    label = f"{tag} response sent: {OUTCOME_LABELS[clock.outcome]}"
                events.append(TimelineEvent(clock.responded, label))
        if self.withdrawn and self.withdrawn_on is not None:
            reason = f": {self.withdrawal_reason}" if self.withdrawal_reason else ""
            events.append(TimelineEvent(self.withdrawn_on, f"Complaint withdrawn{reason}"))
        if self.ombudsman_referred is not None:
            label = "Referred to the Ombudsman"
            if self.ombudsman_premature_note:
                label += f" before the procedure was completed: {self.ombudsman_premature_note}"
            events.append(TimelineEvent(self.ombudsman_referred, label))
        if self.ombudsman_decision is not None and self.ombudsman_decided is not None:
            events.append(
                TimelineEvent(
                    self.ombudsman_decided,
                    f"Ombudsman decision: {OMBUDSMAN_DECISION_LABELS[self.ombudsman_decision]}",
                )
            )
        # sorted() is stable, so same-day events keep the order they were added in.
        return sorted(events, key=lambda e: e.when)


def start_complaint(
    procedure: ProcedureTemplate,
    received: date,
    *,
    stage_number: int = 1,
    calendar: WorkingDayCalendar | None = None,
) -> ComplaintState:
    """A new complaint with its first stage clock running from ``received``."""
    cal = calendar or DEFAULT_CALENDAR
    clock = StageClock(procedure.stage(stage_number), received, calendar=cal)
    return ComplaintState(procedure, (clock,), calendar=cal)


def with_current_stage(state: ComplaintState, clock: StageClock) -> ComplaintState:
    """The state with its current stage replaced (after a stage transition)."""
    current = state.current_stage
    if current is None or current.template.number != clock.template.number:
        raise RuleViolation(
            f"{clock.label} is not the current stage of this complaint; only the current stage "
            "can be changed."
        )
    return replace(state, stages=(*state.stages[:-1], clock))


def can_escalate(
    state: ComplaintState, today: date, requested_on: date | None = None
) -> EscalationCheck:
    """Whether a request (made ``requested_on``, default today) to move to the next stage can
    be accepted, and whether it needs a reason because it is outside the escalation window."""
    requested = requested_on or today
    current = state.current_stage
    if state.withdrawn:
        when = f" on {format_date(state.withdrawn_on)}" if state.withdrawn_on else ""
        return EscalationCheck(
            False,
            f"This complaint was withdrawn{when}, so it cannot go to the next stage. If the "
            "complainant wants to pursue it, log it as a new complaint.",
        )
    if current is None:
        return EscalationCheck(False, "This complaint has no stages yet.")
    if current.outcome is StageOutcome.NOT_ACCEPTED:
        return EscalationCheck(
            False,
            f"{current.label} was not accepted under this procedure, so it cannot be escalated. "
            "The complainant can ask the Ombudsman to look at that decision.",
        )
    if current.outcome is StageOutcome.WITHDRAWN:
        return EscalationCheck(
            False,
            f"{current.label} was withdrawn, so it cannot be escalated. If the complainant wants "
            "to pursue it, log it as a new complaint.",
        )
    if current.responded is None:
        return EscalationCheck(
            False,
            f"{current.label} has not been responded to yet (due {format_date(current.due)}). "
            "Send the response before moving the complaint to the next stage.",
        )
    if state.is_final_stage:
        return EscalationCheck(
            False,
            f"{current.label} is the last stage of the {state.procedure.name}. The complainant "
            "can now go to the Local Government and Social Care Ombudsman.",
        )
    if requested < current.responded:
        return EscalationCheck(
            False,
            f"The request date ({format_date(requested)}) is before the {current.label} "
            f"response ({format_date(current.responded)}). Check the dates.",
        )
    if requested > today:
        return EscalationCheck(
            False,
            f"The request date ({format_date(requested)}) is in the future. Record it on or "
            "after the day it is made.",
        )
    following = state.procedure.stage(current.template.number + 1)
    closes = state.escalation_window_closes
    if closes is not None and requested > closes:
        return EscalationCheck(
            True,
            f"The request for {following.label} ({format_date(requested)}) came after the "
            f"escalation window closed on {format_date(closes)} "
            f"({_days(current.template.escalation_window_days or 0)} after the "
            f"{current.label} response). You can still accept it at your discretion: record why.",
            reason_required=True,
            window_closes=closes,
        )
    until = f" until {format_date(closes)}" if closes is not None else ""
    return EscalationCheck(
        True, f"The complaint can go to {following.label}{until}.", window_closes=closes
    )


def escalate(
    state: ComplaintState,
    requested_on: date,
    *,
    reason: str | None = None,
    today: date | None = None,
    clock_starts: date | None = None,
) -> ComplaintState:
    """Open the next stage. ``reason`` is required when the request is outside the escalation
    window. ``clock_starts`` (default: the request date) lets the service start the new stage's
    clock later, for example on the day the stage 2 statement of complaint is agreed."""
    check = can_escalate(state, today or requested_on, requested_on)
    if not check.allowed:
        raise RuleViolation(check.message)
    late_reason = None
    if check.reason_required:
        if not _text(reason):
            raise RuleViolation(check.message)
        late_reason = _text(reason)
    starts = clock_starts or requested_on
    if starts < requested_on:
        raise RuleViolation(
            f"The new stage cannot start ({format_date(starts)}) before it was asked for "
            f"({format_date(requested_on)})."
        )
    current = state.current_stage
    assert current is not None
    following = state.procedure.stage(current.template.number + 1)
    clock = StageClock(following, starts, late_request_reason=late_reason, calendar=state.calendar)
    return replace(state, stages=(*state.stages, clock))


def withdraw(state: ComplaintState, on: date, reason: str | None = None) -> ComplaintState:
    """The complainant withdrew. An open current stage is closed on ``on`` with the outcome
    withdrawn (ending any pause)."""
    if state.withdrawn:
        raise RuleViolation("This complaint has already been withdrawn.")
    stages = state.stages
    current = state.current_stage
    if current is not None:
        if on < current.received:
            raise RuleViolation(
                f"The withdrawal date ({format_date(on)}) is before {current.label} was "
                f"received ({format_date(current.received)})."
            )
        if current.responded is None:
            closed = resume(current, on) if current.is_paused else current
            closed = replace(closed, responded=on, outcome=StageOutcome.WITHDRAWN)
            stages = (*stages[:-1], closed)
    return replace(
        state,
        stages=stages,
        withdrawn=True,
        withdrawn_on=on,
        withdrawal_reason=_text(reason) or None,
    )


def refer_to_ombudsman(
    state: ComplaintState, on: date, *, premature_note: str | None = None
) -> ComplaintState:
    """Record that the complainant went to the Ombudsman. Before the final stage has been
    responded to this needs ``premature_note`` (why, and what was agreed)."""
    if state.ombudsman_referred is not None and state.ombudsman_decision is None:
        raise RuleViolation(
            f"This complaint was already referred to the Ombudsman on "
            f"{format_date(state.ombudsman_referred)} and is awaiting a decision."
        )
    current = state.current_stage
    if current is not None and on < current.received:
        raise RuleViolation(
            f"The referral date ({format_date(on)}) is before {current.label} was received."
        )
    completed = state.is_final_stage and current is not None and current.responded is not None
    note = _text(premature_note)
    if not completed and not note:
        where = current.label if current is not None else "the first stage"
        raise RuleViolation(
            f"The {state.procedure.name} has not been completed (the complaint is at {where}). "
            "The Ombudsman usually refers such complaints back as premature; add a note saying "
            "why it went early to record the referral."
        )
    return replace(
        state,
        ombudsman_referred=on,
        ombudsman_premature_note=None if completed else note,
        ombudsman_decision=None,
        ombudsman_decided=None,
    )


def record_ombudsman_decision(
    state: ComplaintState, decision: OmbudsmanDecision | str, on: date
) -> ComplaintState:
    if state.ombudsman_referred is None:
        raise RuleViolation("Record the referral to the Ombudsman before its decision.")
    if on < state.ombudsman_referred:
        raise RuleViolation(
            f"The decision date ({format_date(on)}) is before the referral "
            f"({format_date(state.ombudsman_referred)})."
        )
    try:
        decision = OmbudsmanDecision(decision)
    except ValueError:
        raise RuleViolation(f"'{decision}' is not an Ombudsman decision.") from None
    return replace(state, ombudsman_decision=decision, ombudsman_decided=on)
