"""You Said, We Did: actions taken because people spoke, and closing the loop with them.

An action links what was said (a summary, feedback records, themes, complaint learning points)
to what we did or will do, with an owner (a role), partners, a due date, dated progress notes,
evidence of impact, a publish flag and a status history.

Status history is append-only: `set_status` adds an entry with an as-at date and never changes
an earlier one; `yswd_action.current_status` is only a copy of the latest entry (the latest
as-at date, then the latest recorded) for fast filtering.

Direction of travel (DOMAIN.md section 7) compares an action's status at two as-at dates. The
status order, worst to best, is

    Red < Amber < Not yet due to start < Green < Blue < Complete

- **New**: the action had no status at the earlier date (it was not on the tracker yet).
- **Completed**: it is Blue or Complete at the later date and was neither at the earlier one.
- **Improved** / **Deteriorated**: it moved up / down the order above.
- **Same**: the same status at both dates.

"Not yet due to start" is neutral, between Amber and Green: starting on track (Green) is an
improvement; starting with delays (Amber) or not starting when due (Red) is a deterioration;
being put back to "not yet due" (re-planned) is an improvement from Red or Amber and a
deterioration from Green or better.

Overdue: the due date has passed and the action is not Blue or Complete. Due soon: due within
the next 28 days (today included) and not Blue or Complete.

Telling people back: a told-back entry with a feedback record is direct contact with that
person (a letter to them, a call, a visit); one without a record (a newsletter, an event, a
general letter) told everyone who raised it up to that date. See `told_back_rate` and
`not_yet_told` for how each is counted.

All queries filter and count in SQL; nothing loops over feedback records in Python.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum

from sqlalchemy import case, delete, exists, func, insert, literal, or_, select, text
from sqlalchemy.orm import Session, aliased
from sqlalchemy.orm.exc import StaleDataError

from voiceapp.db.engine import Database
from voiceapp.db.models import (
    Action,
    ActionFeedbackLink,
    ActionProgressNote,
    ActionStatusEntry,
    ActionThemeLink,
    Complaint,
    Feedback,
    FeedbackTheme,
    LearningPoint,
    ReferenceItem,
    SafeguardingReview,
    Theme,
    ToldBack,
    User,
)
from voiceapp.domain.enums import (
    ActionStatus,
    RecordKind,
    ReferenceList,
    ThemeLinkStatus,
    ToldBackMethod,
)
from voiceapp.errors import ConcurrentEditError, NotFound, PermissionDenied, ValidationError

from . import audit
from .context import Actor
from .permissions import Permission, allowed, require

DUE_SOON_DAYS = 28
REFERENCE_PREFIX = "YSWD-"
DONE_STATUSES = frozenset({ActionStatus.BLUE, ActionStatus.COMPLETE})
EXCERPT_CHARS = 160
MAX_FUTURE_AS_AT = timedelta(days=92)  # an as-at date may be the end of the current quarter

# Worst to best; see the module docstring for why Not yet due sits between Amber and Green.
STATUS_ORDER: tuple[ActionStatus, ...] = (
    ActionStatus.RED, ActionStatus.AMBER, ActionStatus.NOT_YET_DUE, ActionStatus.GREEN,
    ActionStatus.BLUE, ActionStatus.COMPLETE,
)
STATUS_RANK = {s: i for i, s in enumerate(STATUS_ORDER)}

STATUS_LABEL = {
    ActionStatus.BLUE: "Blue",
    ActionStatus.GREEN: "Green",
    ActionStatus.AMBER: "Amber",
    ActionStatus.RED: "Red",
    ActionStatus.COMPLETE: "Complete",
    ActionStatus.NOT_YET_DUE: "Not yet due",
}
# The board legend (DOMAIN.md section 7), printed beside every status colour.
STATUS_MEANING = {
    ActionStatus.BLUE: "Completed, impact to be tested",
    ActionStatus.GREEN: "Started and on track",
    ActionStatus.AMBER: "Some issues causing delay",
    ActionStatus.RED: "Not started, stalled or stopped; significant risk",
    ActionStatus.COMPLETE: "Complete",
    ActionStatus.NOT_YET_DUE: "Not yet due to start",
}
# Plain English for the public summary.
STATUS_PUBLIC = {
    ActionStatus.BLUE: "The change has been made. We are checking it made a difference.",
    ActionStatus.GREEN: "Work has started and is on track.",
    ActionStatus.AMBER: "Work has started but is running late.",
    ActionStatus.RED: "Work has stopped, or has not started when it should have. We are "
                      "sorting this out.",
    ActionStatus.COMPLETE: "The change has been made.",
    ActionStatus.NOT_YET_DUE: "Work is planned. It is not due to start yet.",
}
# (fill, text) colours with enough contrast for the label printed on the fill.
STATUS_COLOURS = {
    ActionStatus.BLUE: ("#1D5FA8", "#FFFFFF"),
    ActionStatus.GREEN: ("#1E7B34", "#FFFFFF"),
    ActionStatus.AMBER: ("#F2B33D", "#1A1A1A"),
    ActionStatus.RED: ("#B3261E", "#FFFFFF"),
    ActionStatus.COMPLETE: ("#4A4A4A", "#FFFFFF"),
    ActionStatus.NOT_YET_DUE: ("#DADADA", "#1A1A1A"),
}

METHOD_LABEL = {
    ToldBackMethod.LETTER: "Letter",
    ToldBackMethod.NEWSLETTER: "Newsletter",
    ToldBackMethod.EVENT: "Event",
    ToldBackMethod.INDIVIDUAL: "Individual contact",
}


class Direction(StrEnum):
    IMPROVED = "improved"
    SAME = "same"
    DETERIORATED = "deteriorated"
    NEW = "new"
    COMPLETED = "completed"

    @property
    def label(self) -> str:
        return self.value.capitalize()

    @property
    def arrow(self) -> str:
        return {"improved": "\u25b2", "same": "\u25ba", "deteriorated": "\u25bc",
                "new": "\u2605", "completed": "\u2714"}[self.value]


def direction_of_travel(before: ActionStatus | None, after: ActionStatus) -> Direction:
    """How an action moved between two as-at dates (rules in the module docstring)."""
    after = ActionStatus(after)
    if before is None:
        return Direction.NEW
    before = ActionStatus(before)
    if after in DONE_STATUSES and before not in DONE_STATUSES:
        return Direction.COMPLETED
    if STATUS_RANK[after] > STATUS_RANK[before]:
        return Direction.IMPROVED
    if STATUS_RANK[after] < STATUS_RANK[before]:
        return Direction.DETERIORATED
    return Direction.SAME


# --------------------------------------------------------------------------- plain results


@dataclass(frozen=True)
class ActionDraft:
    """What someone types to create or edit an action."""

    said_summary: str
    we_did: str
    owner_role: str
    partners: str = ""
    due_on: date | None = None
    service_area_id: int | None = None
    publish: bool = False


@dataclass(frozen=True)
class ActionView:
    id: int
    reference: str
    said_summary: str
    we_did: str
    owner_role: str
    partners: str
    service_area_id: int | None
    service_area: str
    due_on: date | None
    evidence_of_impact: str
    publish: bool
    status: ActionStatus
    status_as_at: date | None
    version: int
    created_at: datetime
    created_by: str
    record_count: int
    theme_count: int
    told_back_count: int
    latest_note: str
    latest_note_on: date | None
    overdue: bool
    due_soon: bool

    @property
    def status_label(self) -> str:
        return STATUS_LABEL[self.status]

    def as_draft(self) -> ActionDraft:
        return ActionDraft(self.said_summary, self.we_did, self.owner_role, self.partners,
                           self.due_on, self.service_area_id, self.publish)


@dataclass(frozen=True)
class StatusEntry:
    id: int
    status: ActionStatus
    as_at: date
    comment: str
    set_by: str
    set_at: datetime


@dataclass(frozen=True)
class ProgressNote:
    id: int
    noted_on: date
    text: str
    by: str


@dataclass(frozen=True)
class LinkedRecord:
    feedback_id: int
    kind: RecordKind
    received_on: date
    excerpt: str  # empty for roles that may not see case text
    consent_quote: bool
    consent_contact: bool
    safeguarding_flag: bool
    told_directly: bool  # someone recorded direct contact with this person for this action


@dataclass(frozen=True)
class LinkedTheme:
    theme_id: int
    slug: str
    name: str
    linked_records: int  # of this action's records, how many carry the theme
    all_records: int  # records carrying the theme anywhere (not rejected)


@dataclass(frozen=True)
class ToldBackEntry:
    id: int
    told_on: date
    method: ToldBackMethod
    feedback_id: int | None
    note: str
    recorded_by: str

    @property
    def method_label(self) -> str:
        return METHOD_LABEL[self.method]


@dataclass(frozen=True)
class LinkedLearningPoint:
    id: int
    complaint_reference: str
    text: str


@dataclass(frozen=True)
class ActionDetail:
    action: ActionView
    history: list[StatusEntry]
    notes: list[ProgressNote]
    records: list[LinkedRecord]  # most recent first, at most `record_limit`
    record_total: int
    themes: list[LinkedTheme]
    told_back: list[ToldBackEntry]
    learning_points: list[LinkedLearningPoint]
    not_yet_told: int  # consented-to-contact people not yet told directly


@dataclass(frozen=True)
class TrackerRow:
    action_id: int
    reference: str
    said_summary: str
    we_did: str
    owner_role: str
    partners: str
    due_on: date | None
    status: ActionStatus
    status_as_at: date
    previous_status: ActionStatus | None
    previous_as_at: date | None
    direction: Direction | None  # None when no comparison date was asked for
    latest_note: str
    latest_note_on: date | None
    evidence_of_impact: str
    publish: bool
    overdue: bool


@dataclass(frozen=True)
class ToldBackRate:
    """See `told_back_rate` for the definition."""

    start: date
    end: date
    linked: int  # denominator
    told: int  # numerator
    told_directly: int  # of `told`, by direct contact

    @property
    def rate(self) -> float | None:
        return self.told / self.linked if self.linked else None


@dataclass(frozen=True)
class NotYetTold:
    action_id: int
    reference: str
    feedback_id: int
    received_on: date
    kind: RecordKind
    respondent_name: str
    respondent_contact: str


@dataclass(frozen=True)
class NotYetToldList:
    rows: list[NotYetTold]
    total: int  # all matching, even beyond the limit


@dataclass(frozen=True)
class LinkChange:
    action_id: int
    added: int = 0
    removed: int = 0
    ignored: list[int] = field(default_factory=list)  # ids already linked / not linked


# --------------------------------------------------------------------------- helpers


def _today(today: date | None) -> date:
    return today or date.today()


def _require_read(actor: Actor) -> None:
    if not (allowed(actor, Permission.MANAGE_ACTIONS) or allowed(actor, Permission.VIEW_AGGREGATES)):
        require(actor, Permission.MANAGE_ACTIONS)


def _user_name():
    return func.coalesce(User.display_name, User.username)


def _latest_note_text():
    return (select(ActionProgressNote.text).where(ActionProgressNote.action_id == Action.id)
            .order_by(ActionProgressNote.noted_on.desc(), ActionProgressNote.id.desc())
            .limit(1).correlate(Action).scalar_subquery())


def _latest_note_on():
    return (select(func.max(ActionProgressNote.noted_on))
            .where(ActionProgressNote.action_id == Action.id).correlate(Action).scalar_subquery())


def _view_query():
    area = aliased(ReferenceItem)
    creator = aliased(User)
    record_count = (select(func.count()).select_from(ActionFeedbackLink)
                    .where(ActionFeedbackLink.action_id == Action.id).correlate(Action)
                    .scalar_subquery())
    theme_count = (select(func.count()).select_from(ActionThemeLink)
                   .where(ActionThemeLink.action_id == Action.id).correlate(Action)
                   .scalar_subquery())
    told_count = (select(func.count()).select_from(ToldBack)
                  .where(ToldBack.action_id == Action.id).correlate(Action).scalar_subquery())
    status_as_at = (select(func.max(ActionStatusEntry.as_at))
                    .where(ActionStatusEntry.action_id == Action.id).correlate(Action)
                    .scalar_subquery())
    return (
        select(Action, area.label, func.coalesce(creator.display_name, creator.username),
               record_count, theme_count, told_count, status_as_at, _latest_note_text(),
               _latest_note_on())
        .outerjoin(area, area.id == Action.service_area_id)
        .outerjoin(creator, creator.id == Action.created_by_id)
    )


def _to_view(row, today: date) -> ActionView:
    a, area, creator, records, themes, told, as_at, note, note_on = row
    status = ActionStatus(a.current_status)
    open_ = status not in DONE_STATUSES
    overdue = bool(open_ and a.due_on is not None and a.due_on < today)
    due_soon = bool(open_ and a.due_on is not None
                    and today <= a.due_on <= today + timedelta(days=DUE_SOON_DAYS))
    return ActionView(
        id=a.id, reference=a.reference, said_summary=a.said_summary, we_did=a.we_did or "",
        owner_role=a.owner_role, partners=a.partners or "", service_area_id=a.service_area_id,
        service_area=area or "", due_on=a.due_on, evidence_of_impact=a.evidence_of_impact or "",
        publish=bool(a.publish), status=status, status_as_at=as_at, version=a.version,
        created_at=a.created_at, created_by=creator or "", record_count=records or 0,
        theme_count=themes or 0, told_back_count=told or 0, latest_note=note or "",
        latest_note_on=note_on, overdue=overdue, due_soon=due_soon)


def _view(s: Session, action_id: int, today: date | None = None) -> ActionView:
    row = s.execute(_view_query().where(Action.id == action_id)).one_or_none()
    if row is None:
        raise NotFound(f"There is no You Said, We Did action with id {action_id}.",
                       "It may have been deleted. Refresh the list and try again.")
    return _to_view(row, _today(today))


def _get_action(s: Session, action_id: int) -> Action:
    action = s.get(Action, action_id)
    if action is None:
        raise NotFound(f"There is no You Said, We Did action with id {action_id}.",
                       "It may have been deleted. Refresh the list and try again.")
    return action


def _check_version(s: Session, action: Action, version: int | None, yours) -> None:
    if version is not None and action.version != version:
        theirs = _view(s, action.id)
        raise ConcurrentEditError(
            f"Someone else saved {action.reference} after you opened it.",
            "Your changes have not been saved. Compare the two versions, then reload the action "
            "and make your changes again.", theirs=theirs, yours=yours)


def _flush_locked(s: Session, action: Action, yours) -> None:
    try:
        s.flush()
    except StaleDataError as exc:
        # The unit of work rolls back as this propagates; nothing is saved.
        raise ConcurrentEditError(
            f"Someone else saved {action.reference} while you were saving.",
            "Your changes have not been saved. Reload the action and make them again.",
            theirs=None, yours=yours) from exc


def _clean_draft(s: Session, draft: ActionDraft) -> dict:
    said = (draft.said_summary or "").strip()
    did = (draft.we_did or "").strip()
    owner = " ".join((draft.owner_role or "").split())
    if not said:
        raise ValidationError("Say what people told us (the \u201cYou said\u201d summary).",
                              "Write one or two plain sentences.", field="said_summary")
    if not owner:
        raise ValidationError("Every action needs an owner.",
                              "Give the role that owns it, for example \u201cHead of SEND\u201d.",
                              field="owner_role")
    if len(owner) > 120:
        raise ValidationError("The owner is too long (120 characters at most).",
                              "Give the role, not a description.", field="owner_role")
    if draft.due_on is not None:
        if not isinstance(draft.due_on, date):
            raise ValidationError("The due date is not a date.", "Pick a date.", field="due_on")
        if draft.due_on.year < 2000 or draft.due_on.year > 2100:
            raise ValidationError(f"The due date {draft.due_on:%d/%m/%Y} is not believable.",
                                  "Check the year.", field="due_on")
    if draft.service_area_id is not None:
        ok = s.scalar(select(func.count()).select_from(ReferenceItem).where(
            ReferenceItem.id == draft.service_area_id,
            ReferenceItem.list_name == ReferenceList.SERVICE_AREA.value))
        if not ok:
            raise ValidationError("That service area does not exist.",
                                  "Choose one from the list.", field="service_area_id")
    return dict(said_summary=said, we_did=did, owner_role=owner,
                partners=(draft.partners or "").strip(), due_on=draft.due_on,
                service_area_id=draft.service_area_id, publish=bool(draft.publish))


def _check_as_at(as_at: date, today: date) -> None:
    if not isinstance(as_at, date):
        raise ValidationError("The as-at date is not a date.", "Pick a date.", field="as_at")
    if as_at > today + MAX_FUTURE_AS_AT:
        raise ValidationError(
            f"The as-at date {as_at:%d/%m/%Y} is more than three months ahead.",
            "A status is as at today or a reporting date; use the end of this quarter at most.",
            field="as_at")
    if as_at.year < 2000:
        raise ValidationError(f"The as-at date {as_at:%d/%m/%Y} is not believable.",
                              "Check the year.", field="as_at")


def _ids(values: Iterable[int]) -> list[int]:
    out = []
    for v in values:
        try:
            out.append(int(v))
        except (TypeError, ValueError) as exc:
            raise ValidationError(f"{v!r} is not a record number.", "Give whole numbers.") from exc
    return sorted(set(out))


def _chunks(values: Sequence[int], size: int = 900):
    for i in range(0, len(values), size):
        yield values[i:i + size]


def _existing(s: Session, column, ids: Sequence[int]) -> set[int]:
    found: set[int] = set()
    for chunk in _chunks(ids):
        found.update(s.scalars(select(column).where(column.in_(chunk))))
    return found


def _check_feedback(s: Session, ids: Sequence[int]) -> None:
    missing = sorted(set(ids) - _existing(s, Feedback.id, ids))
    if missing:
        shown = ", ".join(str(i) for i in missing[:5]) + (" \u2026" if len(missing) > 5 else "")
        raise ValidationError(f"These feedback records do not exist: {shown}.",
                              "They may have been deleted. Refresh and choose again.",
                              field="feedback_ids")


def _check_themes(s: Session, ids: Sequence[int]) -> None:
    missing = sorted(set(ids) - _existing(s, Theme.id, ids))
    if missing:
        raise ValidationError(f"These themes do not exist: {', '.join(map(str, missing))}.",
                              "Choose themes from the codebook.", field="theme_ids")


def _next_reference(s: Session) -> str:
    if s.get_bind().dialect.name == "postgresql":
        # Serialise reference numbering across clients for the rest of this transaction.
        s.execute(text("SELECT pg_advisory_xact_lock(727006)"))
    highest = 0
    for ref in s.scalars(select(Action.reference).where(Action.reference.like(f"{REFERENCE_PREFIX}%"))):
        tail = ref[len(REFERENCE_PREFIX):]
        if tail.isdigit():
            highest = max(highest, int(tail))
    return f"{REFERENCE_PREFIX}{highest + 1:03d}"


def _append_status(s: Session, actor: Actor, action: Action, status: ActionStatus, as_at: date,
                   comment: str) -> None:
    s.add(ActionStatusEntry(action_id=action.id, status=ActionStatus(status).value, as_at=as_at,
                            comment=(comment or "").strip(), set_by_id=actor.user_id,
                            set_at=datetime.now().replace(microsecond=0)))
    s.flush()
    latest = s.scalar(
        select(ActionStatusEntry.status).where(ActionStatusEntry.action_id == action.id)
        .order_by(ActionStatusEntry.as_at.desc(), ActionStatusEntry.set_at.desc(),
                  ActionStatusEntry.id.desc()).limit(1))
    if latest != action.current_status:
        action.current_status = latest


def _audit_fields(a: Action) -> dict:
    return dict(reference=a.reference, said_summary=a.said_summary, we_did=a.we_did,
                owner_role=a.owner_role, partners=a.partners, due_on=a.due_on,
                service_area_id=a.service_area_id, evidence_of_impact=a.evidence_of_impact,
                publish=a.publish, current_status=a.current_status)


# --------------------------------------------------------------------------- create


def create_action(db: Database, actor: Actor, draft: ActionDraft, *,
                  feedback_ids: Iterable[int] = (), theme_ids: Iterable[int] = (),
                  learning_point_id: int | None = None,
                  initial_status: ActionStatus = ActionStatus.NOT_YET_DUE,
                  as_at: date | None = None) -> ActionView:
    """Create an action with a new reference (YSWD-001, YSWD-002, ...), its first status entry,
    links to feedback records and themes, and, given a complaint's learning point, set that
    point's action (the complaint's own record is linked too). Audited."""
    require(actor, Permission.MANAGE_ACTIONS)
    today = date.today()
    as_at = as_at or today
    _check_as_at(as_at, today)
    try:
        initial_status = ActionStatus(initial_status)
    except ValueError as exc:
        raise ValidationError(f"{initial_status!r} is not a status.",
                              "Choose Blue, Green, Amber, Red, Complete or Not yet due.",
                              field="status") from exc
    fids, tids = _ids(feedback_ids), _ids(theme_ids)
    with db.session() as s:
        values = _clean_draft(s, draft)
        point = None
        if learning_point_id is not None:
            point = s.get(LearningPoint, learning_point_id)
            if point is None:
                raise ValidationError("That complaint learning point does not exist.",
                                      "Refresh the complaint and try again.",
                                      field="learning_point_id")
            if point.action_id is not None:
                other = s.scalar(select(Action.reference).where(Action.id == point.action_id))
                raise ValidationError(f"That learning point already has an action ({other}).",
                                      "Open that action instead of creating another.",
                                      field="learning_point_id")
            complaint_fid = s.scalar(select(Complaint.feedback_id)
                                     .where(Complaint.id == point.complaint_id))
            if complaint_fid is not None and complaint_fid not in fids:
                fids.append(complaint_fid)
        _check_feedback(s, fids)
        _check_themes(s, tids)
        action = Action(reference=_next_reference(s), current_status=initial_status.value,
                        created_by_id=actor.user_id, **values)
        s.add(action)
        s.flush()
        _append_status(s, actor, action, initial_status, as_at, "Action created.")
        if fids:
            s.execute(insert(ActionFeedbackLink),
                      [dict(action_id=action.id, feedback_id=f) for f in fids])
        if tids:
            s.execute(insert(ActionThemeLink), [dict(action_id=action.id, theme_id=t) for t in tids])
        if point is not None:
            point.action_id = action.id
        audit.record(s, actor, "create", "yswd_action", action.id,
                     summary=f"Created {action.reference} ({len(fids)} records, "
                     f"{len(tids)} themes)",
                     after=_audit_fields(action) | dict(feedback_ids=fids[:200], theme_ids=tids,
                                                        learning_point_id=learning_point_id))
        s.flush()
        return _view(s, action.id, today)


def create_action_from_theme(db: Database, actor: Actor, theme_id: int, draft: ActionDraft, *,
                             link_records_since: date | None = None, max_records: int = 500,
                             initial_status: ActionStatus = ActionStatus.NOT_YET_DUE,
                             as_at: date | None = None) -> ActionView:
    """Create an action about a theme. With `link_records_since`, also link the records with
    that theme (suggested or confirmed, not rejected) received on or after that date, most
    recent first, at most `max_records` (linked in SQL, not one by one)."""
    view = create_action(db, actor, draft, theme_ids=[theme_id], initial_status=initial_status,
                         as_at=as_at)
    if link_records_since is not None and max_records > 0:
        with db.session() as s:
            recent = (
                select(literal(view.id), Feedback.id)
                .join(FeedbackTheme, FeedbackTheme.feedback_id == Feedback.id)
                .where(FeedbackTheme.theme_id == theme_id,
                       FeedbackTheme.status != ThemeLinkStatus.REJECTED.value,
                       Feedback.received_on >= link_records_since)
                .order_by(Feedback.received_on.desc(), Feedback.id.desc())
                .limit(max_records)
            )
            result = s.execute(insert(ActionFeedbackLink).from_select(
                ["action_id", "feedback_id"], recent))
            audit.record(s, actor, "link", "yswd_action", view.id,
                         summary=f"Linked {result.rowcount} records with the theme to "
                         f"{view.reference} (received since {link_records_since:%d/%m/%Y})")
            view = _view(s, view.id)
    return view


# --------------------------------------------------------------------------- read


def get_action(db: Database, actor: Actor, action_id: int, *, record_limit: int = 200,
               today: date | None = None) -> ActionDetail:
    """Everything about one action: history (oldest first), notes (newest first), linked
    records (newest first, at most `record_limit`, with excerpts only for roles that may see
    case text), themes with counts, told-back entries and learning points."""
    _require_read(actor)
    see_text = allowed(actor, Permission.VIEW_CASE_TEXT)
    with db.read_session() as s:
        view = _view(s, action_id, today)
        setter = aliased(User)
        history = [
            StatusEntry(i, ActionStatus(st), at, c or "", who or "", when)
            for i, st, at, c, who, when in s.execute(
                select(ActionStatusEntry.id, ActionStatusEntry.status, ActionStatusEntry.as_at,
                       ActionStatusEntry.comment,
                       func.coalesce(setter.display_name, setter.username),
                       ActionStatusEntry.set_at)
                .outerjoin(setter, setter.id == ActionStatusEntry.set_by_id)
                .where(ActionStatusEntry.action_id == action_id)
                .order_by(ActionStatusEntry.as_at, ActionStatusEntry.set_at, ActionStatusEntry.id))
        ]
        notes = [
            ProgressNote(i, on, t, who or "")
            for i, on, t, who in s.execute(
                select(ActionProgressNote.id, ActionProgressNote.noted_on, ActionProgressNote.text,
                       _user_name())
                .outerjoin(User, User.id == ActionProgressNote.by_id)
                .where(ActionProgressNote.action_id == action_id)
                .order_by(ActionProgressNote.noted_on.desc(), ActionProgressNote.id.desc()))
        ]
        told_directly = exists().where(ToldBack.action_id == action_id,
                                       ToldBack.feedback_id == Feedback.id)
        records = [
            LinkedRecord(fid, RecordKind(kind), on,
                         _excerpt(txt) if see_text else "", bool(cq), bool(cc), bool(sg),
                         bool(td))
            for fid, kind, on, txt, cq, cc, sg, td in s.execute(
                select(Feedback.id, Feedback.kind, Feedback.received_on,
                       func.substr(Feedback.text, 1, EXCERPT_CHARS + 40),
                       Feedback.consent_quote, Feedback.consent_contact,
                       Feedback.safeguarding_flag, told_directly)
                .join(ActionFeedbackLink, ActionFeedbackLink.feedback_id == Feedback.id)
                .where(ActionFeedbackLink.action_id == action_id)
                .order_by(Feedback.received_on.desc(), Feedback.id.desc())
                .limit(record_limit))
        ]
        themes = _linked_themes(s, action_id)
        recorder = aliased(User)
        told = [
            ToldBackEntry(i, on, ToldBackMethod(m), fid, note or "", who or "")
            for i, on, m, fid, note, who in s.execute(
                select(ToldBack.id, ToldBack.told_on, ToldBack.method, ToldBack.feedback_id,
                       ToldBack.note, func.coalesce(recorder.display_name, recorder.username))
                .outerjoin(recorder, recorder.id == ToldBack.recorded_by_id)
                .where(ToldBack.action_id == action_id)
                .order_by(ToldBack.told_on.desc(), ToldBack.id.desc()))
        ]
        points = [
            LinkedLearningPoint(i, ref, t)
            for i, ref, t in s.execute(
                select(LearningPoint.id, Complaint.reference, LearningPoint.text)
                .join(Complaint, Complaint.id == LearningPoint.complaint_id)
                .where(LearningPoint.action_id == action_id).order_by(LearningPoint.id))
        ]
        waiting = s.scalar(select(func.count()).select_from(_not_told_query(action_id)
                                                           .subquery()))
    return ActionDetail(view, history, notes, records, view.record_count, themes, told,
                        points, waiting or 0)


def _excerpt(value: str | None) -> str:
    flat = " ".join((value or "").split())
    return flat if len(flat) <= EXCERPT_CHARS else flat[:EXCERPT_CHARS - 1].rstrip() + "\u2026"


def _linked_themes(s: Session, action_id: int) -> list[LinkedTheme]:
    linked = (
        select(func.count()).select_from(FeedbackTheme)
        .join(ActionFeedbackLink, ActionFeedbackLink.feedback_id == FeedbackTheme.feedback_id)
        .where(ActionFeedbackLink.action_id == action_id, FeedbackTheme.theme_id == Theme.id,
               FeedbackTheme.status != ThemeLinkStatus.REJECTED.value)
        .scalar_subquery())
    overall = (
        select(func.count()).select_from(FeedbackTheme)
        .where(FeedbackTheme.theme_id == Theme.id,
               FeedbackTheme.status != ThemeLinkStatus.REJECTED.value)
        .scalar_subquery())
    return [
        LinkedTheme(i, slug, name, n or 0, total or 0)
        for i, slug, name, n, total in s.execute(
            select(Theme.id, Theme.slug, Theme.name, linked, overall)
            .join(ActionThemeLink, ActionThemeLink.theme_id == Theme.id)
            .where(ActionThemeLink.action_id == action_id).order_by(Theme.sort_order, Theme.name))
    ]


def list_actions(db: Database, actor: Actor, *, owner: str | None = None,
                 statuses: Iterable[ActionStatus] | None = None, published: bool | None = None,
                 overdue_only: bool = False, due_soon_only: bool = False,
                 search: str | None = None, today: date | None = None) -> list[ActionView]:
    """Actions, most urgent first (overdue, then by due date), filtered in SQL."""
    _require_read(actor)
    today = _today(today)
    q = _view_query()
    if owner:
        q = q.where(Action.owner_role == owner)
    if statuses is not None:
        q = q.where(Action.current_status.in_([ActionStatus(x).value for x in statuses]))
    if published is not None:
        q = q.where(Action.publish.is_(bool(published)))
    open_ = Action.current_status.not_in([x.value for x in DONE_STATUSES])
    if overdue_only:
        q = q.where(open_, Action.due_on < today)
    if due_soon_only:
        q = q.where(open_, Action.due_on >= today,
                    Action.due_on <= today + timedelta(days=DUE_SOON_DAYS))
    if search:
        like = f"%{search.strip().lower()}%"
        q = q.where(or_(func.lower(Action.reference).like(like),
                        func.lower(Action.said_summary).like(like),
                        func.lower(Action.we_did).like(like),
                        func.lower(Action.owner_role).like(like)))
    q = q.order_by(case((Action.due_on.is_(None), 1), else_=0), Action.due_on, Action.reference)
    with db.read_session() as s:
        return [_to_view(row, today) for row in s.execute(q)]


def owners(db: Database, actor: Actor) -> list[str]:
    """The distinct owners (roles) of actions, for the owner filter."""
    _require_read(actor)
    with db.read_session() as s:
        return list(s.scalars(select(Action.owner_role).distinct().order_by(Action.owner_role)))


def actions_for_feedback(db: Database, actor: Actor, feedback_id: int,
                         today: date | None = None) -> list[ActionView]:
    """The actions a feedback record is linked to (for the Feedback page)."""
    _require_read(actor)
    q = (_view_query().join(ActionFeedbackLink, ActionFeedbackLink.action_id == Action.id)
         .where(ActionFeedbackLink.feedback_id == feedback_id).order_by(Action.reference))
    with db.read_session() as s:
        return [_to_view(row, _today(today)) for row in s.execute(q)]


def status_history(db: Database, actor: Actor, action_id: int) -> list[StatusEntry]:
    return get_action(db, actor, action_id, record_limit=0).history


# --------------------------------------------------------------------------- edit


def update_action(db: Database, actor: Actor, action_id: int, version: int, draft: ActionDraft, *,
                  evidence_of_impact: str | None = None) -> ActionView:
    """Save edited fields. `version` is the version the editor opened; if someone saved since,
    ConcurrentEditError carries both their saved action and your draft, and nothing changes."""
    require(actor, Permission.MANAGE_ACTIONS)
    with db.session() as s:
        action = _get_action(s, action_id)
        _check_version(s, action, version, draft)
        values = _clean_draft(s, draft)
        if evidence_of_impact is not None:
            values["evidence_of_impact"] = evidence_of_impact.strip()
        before = _audit_fields(action)
        changed = {k: v for k, v in values.items() if getattr(action, k) != v}
        if not changed:
            return _view(s, action_id)
        for k, v in changed.items():
            setattr(action, k, v)
        _flush_locked(s, action, draft)
        audit.record(s, actor, "update", "yswd_action", action.id,
                     summary=f"Edited {action.reference}: {', '.join(sorted(changed))}",
                     before={k: before[k] for k in changed}, after=changed)
        return _view(s, action_id)


def set_publish(db: Database, actor: Actor, action_id: int, publish: bool,
                version: int | None = None) -> ActionView:
    """Include the action in (or leave it out of) the public summary."""
    require(actor, Permission.MANAGE_ACTIONS)
    with db.session() as s:
        action = _get_action(s, action_id)
        _check_version(s, action, version, dict(publish=publish))
        if bool(action.publish) != bool(publish):
            action.publish = bool(publish)
            _flush_locked(s, action, dict(publish=publish))
            audit.record(s, actor, "update", "yswd_action", action.id,
                         summary=f"{'Published' if publish else 'Unpublished'} "
                         f"{action.reference}", before=dict(publish=not publish),
                         after=dict(publish=bool(publish)))
        return _view(s, action_id)


def set_evidence(db: Database, actor: Actor, action_id: int, evidence: str,
                 version: int | None = None) -> ActionView:
    """Record the evidence of impact (what changed for families, with numbers if possible)."""
    require(actor, Permission.MANAGE_ACTIONS)
    with db.session() as s:
        action = _get_action(s, action_id)
        _check_version(s, action, version, dict(evidence_of_impact=evidence))
        new = (evidence or "").strip()
        if new != (action.evidence_of_impact or ""):
            old = action.evidence_of_impact
            action.evidence_of_impact = new
            _flush_locked(s, action, dict(evidence_of_impact=evidence))
            audit.record(s, actor, "update", "yswd_action", action.id,
                         summary=f"Evidence of impact for {action.reference}",
                         before=dict(evidence_of_impact=old), after=dict(evidence_of_impact=new))
        return _view(s, action_id)


def set_status(db: Database, actor: Actor, action_id: int, status: ActionStatus, as_at: date,
               comment: str = "", *, version: int | None = None) -> ActionView:
    """Append a status with its as-at date to the history (earlier entries are never changed)
    and bring the action's current status up to date. A back-dated entry (an as-at date before
    the latest one) joins the history without changing the current status."""
    require(actor, Permission.MANAGE_ACTIONS)
    try:
        status = ActionStatus(status)
    except ValueError as exc:
        raise ValidationError(f"{status!r} is not a status.",
                              "Choose Blue, Green, Amber, Red, Complete or Not yet due.",
                              field="status") from exc
    _check_as_at(as_at, date.today())
    with db.session() as s:
        action = _get_action(s, action_id)
        _check_version(s, action, version, dict(status=status.value, as_at=as_at))
        before = action.current_status
        _append_status(s, actor, action, status, as_at, comment)
        _flush_locked(s, action, dict(status=status.value, as_at=as_at))
        audit.record(s, actor, "update", "yswd_action", action.id,
                     summary=f"Status of {action.reference}: {STATUS_LABEL[status]} as at "
                     f"{as_at:%d/%m/%Y}", before=dict(current_status=before),
                     after=dict(status=status.value, as_at=as_at, comment=comment,
                                current_status=action.current_status))
        return _view(s, action_id)


def add_progress_note(db: Database, actor: Actor, action_id: int, note: str,
                      noted_on: date | None = None) -> ProgressNote:
    require(actor, Permission.MANAGE_ACTIONS)
    body = (note or "").strip()
    if not body:
        raise ValidationError("The progress note is empty.", "Write what has happened.",
                              field="note")
    today = date.today()
    noted_on = noted_on or today
    if noted_on > today:
        raise ValidationError("A progress note cannot be dated in the future.",
                              "Use today's date or the date it happened.", field="noted_on")
    with db.session() as s:
        action = _get_action(s, action_id)
        row = ActionProgressNote(action_id=action_id, noted_on=noted_on, text=body,
                                 by_id=actor.user_id)
        s.add(row)
        s.flush()
        audit.record(s, actor, "create", "yswd_progress_note", row.id,
                     summary=f"Progress note on {action.reference}",
                     after=dict(noted_on=noted_on, text=body))
        who = s.scalar(select(_user_name()).where(User.id == actor.user_id)) or actor.username
        return ProgressNote(row.id, noted_on, body, who)


# --------------------------------------------------------------------------- links


def link_records(db: Database, actor: Actor, action_id: int,
                 feedback_ids: Iterable[int]) -> LinkChange:
    """Link feedback records to the action (records already linked are left as they are)."""
    require(actor, Permission.MANAGE_ACTIONS)
    ids = _ids(feedback_ids)
    with db.session() as s:
        action = _get_action(s, action_id)
        _check_feedback(s, ids)
        have = set()
        for chunk in _chunks(ids):
            have.update(s.scalars(select(ActionFeedbackLink.feedback_id).where(
                ActionFeedbackLink.action_id == action_id,
                ActionFeedbackLink.feedback_id.in_(chunk))))
        new = [i for i in ids if i not in have]
        if new:
            s.execute(insert(ActionFeedbackLink),
                      [dict(action_id=action_id, feedback_id=i) for i in new])
            audit.record(s, actor, "link", "yswd_action", action_id,
                         summary=f"Linked {len(new)} records to {action.reference}",
                         after=dict(feedback_ids=new[:200]))
        return LinkChange(action_id, added=len(new), ignored=sorted(have))


def unlink_records(db: Database, actor: Actor, action_id: int,
                   feedback_ids: Iterable[int]) -> LinkChange:
    require(actor, Permission.MANAGE_ACTIONS)
    ids = _ids(feedback_ids)
    with db.session() as s:
        action = _get_action(s, action_id)
        removed = 0
        for chunk in _chunks(ids):
            removed += s.execute(delete(ActionFeedbackLink).where(
                ActionFeedbackLink.action_id == action_id,
                ActionFeedbackLink.feedback_id.in_(chunk))).rowcount or 0
        if removed:
            audit.record(s, actor, "unlink", "yswd_action", action_id,
                         summary=f"Unlinked {removed} records from {action.reference}",
                         before=dict(feedback_ids=ids[:200]))
        return LinkChange(action_id, removed=removed)


def link_themes(db: Database, actor: Actor, action_id: int, theme_ids: Iterable[int]) -> LinkChange:
    require(actor, Permission.MANAGE_ACTIONS)
    ids = _ids(theme_ids)
    with db.session() as s:
        action = _get_action(s, action_id)
        _check_themes(s, ids)
        have = set(s.scalars(select(ActionThemeLink.theme_id)
                             .where(ActionThemeLink.action_id == action_id)))
        new = [i for i in ids if i not in have]
        if new:
            s.execute(insert(ActionThemeLink), [dict(action_id=action_id, theme_id=i) for i in new])
            names = list(s.scalars(select(Theme.name).where(Theme.id.in_(new))))
            audit.record(s, actor, "link", "yswd_action", action_id,
                         summary=f"Linked themes to {action.reference}: {', '.join(names)}",
                         after=dict(theme_ids=new))
        return LinkChange(action_id, added=len(new), ignored=sorted(have & set(ids)))


def unlink_themes(db: Database, actor: Actor, action_id: int,
                  theme_ids: Iterable[int]) -> LinkChange:
    require(actor, Permission.MANAGE_ACTIONS)
    ids = _ids(theme_ids)
    with db.session() as s:
        action = _get_action(s, action_id)
        removed = s.execute(delete(ActionThemeLink).where(
            ActionThemeLink.action_id == action_id, ActionThemeLink.theme_id.in_(ids))).rowcount
        if removed:
            audit.record(s, actor, "unlink", "yswd_action", action_id,
                         summary=f"Unlinked {removed} themes from {action.reference}",
                         before=dict(theme_ids=ids))
        return LinkChange(action_id, removed=removed or 0)


# --------------------------------------------------------------------------- telling people


def record_told_back(db: Database, actor: Actor, action_id: int, told_on: date,
                     method: ToldBackMethod, *, feedback_ids: Iterable[int] = (),
                     note: str = "") -> list[ToldBackEntry]:
    """Record that people were told what happened. With `feedback_ids`, one entry per person
    contacted directly (they must be linked to the action); without, one general entry (a
    newsletter, an event, a general letter) that told everyone who had raised it by then.
    Individual contact always names the records."""
    require(actor, Permission.MANAGE_ACTIONS)
    try:
        method = ToldBackMethod(method)
    except ValueError as exc:
        raise ValidationError(f"{method!r} is not a way of telling people.",
                              "Choose letter, newsletter, event or individual contact.",
                              field="method") from exc
    if not isinstance(told_on, date):
        raise ValidationError("The date people were told is not a date.", "Pick a date.",
                              field="told_on")
    if told_on > date.today():
        raise ValidationError("People cannot have been told on a date in the future.",
                              "Record it on the day it happens.", field="told_on")
    ids = _ids(feedback_ids)
    if method == ToldBackMethod.INDIVIDUAL and not ids:
        raise ValidationError("Individual contact needs the people who were contacted.",
                              "Choose their records from the \u201cnot yet told\u201d list.",
                              field="feedback_ids")
    with db.session() as s:
        action = _get_action(s, action_id)
        if ids:
            linked = set()
            for chunk in _chunks(ids):
                linked.update(s.scalars(select(ActionFeedbackLink.feedback_id).where(
                    ActionFeedbackLink.action_id == action_id,
                    ActionFeedbackLink.feedback_id.in_(chunk))))
            stray = sorted(set(ids) - linked)
            if stray:
                raise ValidationError(
                    f"Records {', '.join(map(str, stray[:5]))} are not linked to "
                    f"{action.reference}.", "Link them to the action first.",
                    field="feedback_ids")
        rows = [ToldBack(action_id=action_id, told_on=told_on, method=method.value,
                         feedback_id=f, note=(note or "").strip(), recorded_by_id=actor.user_id)
                for f in (ids or [None])]
        s.add_all(rows)
        s.flush()
        audit.record(s, actor, "create", "yswd_told_back", action_id,
                     summary=f"Told back on {action.reference} by {METHOD_LABEL[method].lower()}"
                     f" ({len(ids) or 'everyone'}{' people' if ids else ''})",
                     after=dict(told_on=told_on, method=method.value, feedback_ids=ids[:200],
                                note=note))
        who = s.scalar(select(_user_name()).where(User.id == actor.user_id)) or actor.username
        return [ToldBackEntry(r.id, told_on, method, r.feedback_id, r.note, who) for r in rows]


def _not_told_query(action_id: int | None):
    told = exists().where(ToldBack.action_id == ActionFeedbackLink.action_id,
                          ToldBack.feedback_id == ActionFeedbackLink.feedback_id)
    q = (select(Action.id, Action.reference, Feedback.id, Feedback.received_on, Feedback.kind,
                Feedback.respondent_name, Feedback.respondent_contact)
         .join(ActionFeedbackLink, ActionFeedbackLink.feedback_id == Feedback.id)
         .join(Action, Action.id == ActionFeedbackLink.action_id)
         .where(Feedback.consent_contact.is_(True), Feedback.anonymous.is_(False),
                Feedback.anonymised_at.is_(None), ~told))
    if action_id is not None:
        q = q.where(ActionFeedbackLink.action_id == action_id)
    return q


def not_yet_told(db: Database, actor: Actor, action_id: int | None = None, *,
                 limit: int | None = 500) -> NotYetToldList:
    """People who raised something an action is about, agreed to be contacted, and have not
    yet been contacted directly about that action. A newsletter or event does not take anyone
    off this list: it is the list of people to contact personally. Anonymous and anonymised
    records are left out (there is nobody to contact)."""
    require(actor, Permission.VIEW_CASE_TEXT)
    q = _not_told_query(action_id)
    with db.read_session() as s:
        total = s.scalar(select(func.count()).select_from(q.subquery())) or 0
        q = q.order_by(Action.reference, Feedback.received_on, Feedback.id)
        if limit is not None:
            q = q.limit(limit)
        rows = [NotYetTold(aid, ref, fid, on, RecordKind(kind), name or "", contact or "")
                for aid, ref, fid, on, kind, name, contact in s.execute(q)]
    return NotYetToldList(rows, total)


def told_back_rate(db: Database, actor: Actor, start: date, end: date, *,
                   told_by: date | None = None) -> ToldBackRate:
    """The closing-the-loop measure for the quarterly report.

    Denominator: distinct feedback records received from `start` to `end` (inclusive) that are
    linked to at least one action. Numerator: those of them whose author was told back about
    one of those actions, either directly (a told-back entry naming the record) or by a general
    entry (newsletter, event, general letter) on an action linked to the record, dated on or
    after the day the record was received (nobody is told about something before they said
    it) and, with `told_by`, on or before that date (so a report can be reproduced as at its
    date). `told_directly` counts those told by direct contact. Higher is better."""
    _require_read(actor)
    if end < start:
        raise ValidationError("The end date is before the start date.", "Swap the dates.",
                              field="end")
    told_cond = [ToldBack.told_on >= Feedback.received_on]
    if told_by is not None:
        told_cond.append(ToldBack.told_on <= told_by)
    own_link = aliased(ActionFeedbackLink)
    direct = exists().where(ToldBack.feedback_id == Feedback.id, *told_cond)
    general = exists().where(ToldBack.feedback_id.is_(None),
                             ToldBack.action_id == own_link.action_id,
                             own_link.feedback_id == Feedback.id, *told_cond)
    # Driven from the (small) link table: the records linked to an action, then their dates.
    # Testing EXISTS on every record of the twelve months read ~200,000 rows on a million.
    linked = Feedback.id.in_(select(ActionFeedbackLink.feedback_id))
    q = (select(func.count(),
                func.coalesce(func.sum(case((or_(direct, general), 1), else_=0)), 0),
                func.coalesce(func.sum(case((direct, 1), else_=0)), 0))
         .select_from(Feedback)
         .where(Feedback.received_on >= start, Feedback.received_on <= end, linked))
    with db.read_session() as s:
        n, told, told_directly = s.execute(q).one()
    return ToldBackRate(start, end, int(n or 0), int(told or 0), int(told_directly or 0))


# --------------------------------------------------------------------------- tracker


def _status_at(as_at: date):
    """Subquery: each action's status at `as_at` (its latest entry on or before that date;
    for entries with the same as-at date, the one recorded last)."""
    rn = func.row_number().over(
        partition_by=ActionStatusEntry.action_id,
        order_by=(ActionStatusEntry.as_at.desc(), ActionStatusEntry.set_at.desc(),
                  ActionStatusEntry.id.desc())).label("rn")
    inner = (select(ActionStatusEntry.action_id, ActionStatusEntry.status,
                    ActionStatusEntry.as_at, rn)
             .where(ActionStatusEntry.as_at <= as_at).subquery())
    return (select(inner.c.action_id, inner.c.status, inner.c.as_at)
            .where(inner.c.rn == 1).subquery())


def as_at_dates(db: Database, actor: Actor) -> list[date]:
    """Every as-at date in the status history, newest first (for choosing dates to compare)."""
    _require_read(actor)
    with db.read_session() as s:
        return list(s.scalars(select(ActionStatusEntry.as_at).distinct()
                              .order_by(ActionStatusEntry.as_at.desc())))


def previous_as_at(db: Database, actor: Actor, before: date) -> date | None:
    """The latest as-at date in the history strictly before `before`: 'the last as-at date'
    a board tracker compares with."""
    _require_read(actor)
    with db.read_session() as s:
        return s.scalar(select(func.max(ActionStatusEntry.as_at))
                        .where(ActionStatusEntry.as_at < before))


def tracker(db: Database, actor: Actor, as_at: date, compare_to: date | None = None, *,
            published_only: bool = False, owner: str | None = None) -> list[TrackerRow]:
    """The board action tracker as at `as_at`: every action that had a status by then, with
    that status, its status at `compare_to` and the direction of travel between the two (None
    when `compare_to` is None). Overdue is judged at `as_at`. Ordered by reference."""
    _require_read(actor)
    now = _status_at(as_at)
    q = (select(Action, now.c.status, now.c.as_at, _latest_note_text(), _latest_note_on())
         .join(now, now.c.action_id == Action.id))
    before = None
    if compare_to is not None:
        before = _status_at(compare_to)
        q = q.add_columns(before.c.status, before.c.as_at).outerjoin(
            before, before.c.action_id == Action.id)
    else:
        q = q.add_columns(literal(None), literal(None))
    if published_only:
        q = q.where(Action.publish.is_(True))
    if owner:
        q = q.where(Action.owner_role == owner)
    q = q.order_by(Action.reference)
    rows = []
    with db.read_session() as s:
        for a, st, st_at, note, note_on, prev, prev_at in s.execute(q):
            status = ActionStatus(st)
            previous = ActionStatus(prev) if prev else None
            rows.append(TrackerRow(
                action_id=a.id, reference=a.reference, said_summary=a.said_summary,
                we_did=a.we_did or "", owner_role=a.owner_role, partners=a.partners or "",
                due_on=a.due_on, status=status, status_as_at=st_at, previous_status=previous,
                previous_as_at=prev_at,
                direction=direction_of_travel(previous, status) if compare_to else None,
                latest_note=note or "", latest_note_on=note_on,
                evidence_of_impact=a.evidence_of_impact or "", publish=bool(a.publish),
                overdue=bool(a.due_on and a.due_on < as_at and status not in DONE_STATUSES)))
    return rows


def status_counts(db: Database, actor: Actor, as_at: date) -> dict[ActionStatus, int]:
    """How many actions had each status at `as_at` (every status present, zero if none)."""
    _require_read(actor)
    now = _status_at(as_at)
    with db.read_session() as s:
        found = dict(s.execute(select(now.c.status, func.count()).group_by(now.c.status)).all())
    return {st: int(found.get(st.value, 0)) for st in STATUS_ORDER}


def direction_counts(rows: Iterable[TrackerRow]) -> dict[Direction, int]:
    """Counts of each direction in tracker rows (rows without a comparison are skipped)."""
    out = {d: 0 for d in Direction}
    for r in rows:
        if r.direction is not None:
            out[r.direction] += 1
    return out


def theme_options(db: Database, actor: Actor) -> list[tuple[int, str]]:
    """(id, name) of live themes for choosing links, parents before children."""
    _require_read(actor)
    parent = aliased(Theme)
    with db.read_session() as s:
        rows = s.execute(select(Theme.id, Theme.name, parent.name)
                         .outerjoin(parent, parent.id == Theme.parent_id)
                         .where(Theme.retired.is_(False), Theme.merged_into_id.is_(None))
                         .order_by(func.coalesce(parent.sort_order, Theme.sort_order),
                                   Theme.parent_id.is_not(None), Theme.sort_order)).all()
    return [(i, f"{p} \u203a {n}" if p else n) for i, n, p in rows]


def service_area_options(db: Database, actor: Actor) -> list[tuple[int, str]]:
    _require_read(actor)
    with db.read_session() as s:
        return [(i, label) for i, label in s.execute(
            select(ReferenceItem.id, ReferenceItem.label).where(
                ReferenceItem.list_name == ReferenceList.SERVICE_AREA.value,
                ReferenceItem.active.is_(True)).order_by(ReferenceItem.sort_order))]


def record_summaries(db: Database, actor: Actor, feedback_ids: Iterable[int]) -> list[LinkedRecord]:
    """Short descriptions of feedback records (for confirming a selection before linking)."""
    require(actor, Permission.VIEW_CASE_TEXT)
    ids = _ids(feedback_ids)
    out: list[LinkedRecord] = []
    with db.read_session() as s:
        for chunk in _chunks(ids):
            for fid, kind, on, txt, cq, cc, sg in s.execute(
                    select(Feedback.id, Feedback.kind, Feedback.received_on,
                           func.substr(Feedback.text, 1, EXCERPT_CHARS + 40),
                           Feedback.consent_quote, Feedback.consent_contact,
                           Feedback.safeguarding_flag).where(Feedback.id.in_(chunk))):
                out.append(LinkedRecord(fid, RecordKind(kind), on, _excerpt(txt), bool(cq),
                                        bool(cc), bool(sg), False))
    return sorted(out, key=lambda r: (r.received_on, r.feedback_id), reverse=True)


def excluded_from_quotes():
    """SQL condition: the record must never be quoted (safeguarding flag now or ever)."""
    return or_(Feedback.safeguarding_flag.is_(True),
               exists().where(SafeguardingReview.feedback_id == Feedback.id))


def delete_action(db: Database, actor: Actor, action_id: int, version: int | None = None) -> None:
    """Delete an action created by mistake (managers only; the audit trail keeps a copy).
    Its history, notes, links and told-back entries go with it; learning points stay."""
    if not allowed(actor, Permission.EDIT_ANY_RECORD):
        raise PermissionDenied("Only a manager can delete a You Said, We Did action.",
                               "Ask a manager, or set its status instead.")
    with db.session() as s:
        action = _get_action(s, action_id)
        _check_version(s, action, version, None)
        before = _audit_fields(action)
        s.execute(LearningPoint.__table__.update().where(LearningPoint.action_id == action_id)
                  .values(action_id=None))
        s.delete(action)
        _flush_locked(s, action, None)
        audit.record(s, actor, "delete", "yswd_action", action_id,
                     summary=f"Deleted {before['reference']}", before=before)


__all__ = [
    "DUE_SOON_DAYS", "STATUS_COLOURS", "STATUS_LABEL", "STATUS_MEANING", "STATUS_ORDER",
    "STATUS_PUBLIC", "ActionDetail", "ActionDraft", "ActionView", "Direction", "LinkChange",
    "LinkedLearningPoint", "LinkedRecord", "LinkedTheme", "NotYetTold", "NotYetToldList",
    "ProgressNote", "StatusEntry", "ToldBackEntry", "ToldBackRate", "TrackerRow",
    "actions_for_feedback", "add_progress_note", "as_at_dates", "create_action",
    "create_action_from_theme", "delete_action", "direction_counts", "direction_of_travel",
    "excluded_from_quotes", "get_action", "link_records", "link_themes", "list_actions",
    "not_yet_told", "owners", "previous_as_at", "record_summaries", "record_told_back",
    "service_area_options", "set_evidence", "set_publish", "set_status", "status_counts",
    "status_history", "theme_options", "told_back_rate", "tracker", "unlink_records",
    "unlink_themes",
]
