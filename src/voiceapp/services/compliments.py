"""Compliments: who or which team was praised, and passing the thanks on (DOMAIN.md section 2).

A compliment is a feedback record of kind compliment; its `compliment` row (created here when it
is missing) says who was praised and when the thanks were passed on, and by whom. "Awaiting
thanks" means no date has been recorded yet."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, aliased

from voiceapp.db.engine import Database
from voiceapp.db.models import Compliment, Feedback, ReferenceItem, User
from voiceapp.domain.enums import RecordKind, ReferenceList
from voiceapp.domain.working_days import format_date
from voiceapp.errors import NotFound, ValidationError

from . import audit
from .complaints import _analyser, create_feedback_record
from .context import Actor
from .permissions import Permission, require

__all__ = [
    "ComplimentList",
    "ComplimentRow",
    "NewCompliment",
    "list_compliments",
    "log_compliment",
    "pass_on_thanks",
    "record_praise",
]

LIST_LIMIT = 1000


@dataclass(frozen=True)
class ComplimentRow:
    feedback_id: int
    received_on: date
    service_area: str | None
    team_id: int | None
    team: str | None  # the team praised
    praised_person: str | None
    summary: str
    thanks_passed_on: date | None
    thanks_passed_by: str | None

    @property
    def awaiting_thanks(self) -> bool:
        return self.thanks_passed_on is None


@dataclass(frozen=True)
class ComplimentList:
    rows: tuple[ComplimentRow, ...]
    awaiting: int  # compliments awaiting thanks (whatever the filters)
    truncated: bool


@dataclass(frozen=True)
class NewCompliment:
    text: str
    received_on: date
    service_area_id: int | None = None
    channel_id: int | None = None
    respondent_role_id: int | None = None
    team_id: int | None = None  # the team praised
    district_id: int | None = None
    praised_person: str = ""
    anonymous: bool = False
    respondent_name: str = ""
    respondent_contact: str = ""
    consent_quote: bool = False
    consent_contact: bool = False


def _clean(text: str | None) -> str:
    return (text or "").strip()


def list_compliments(db: Database, actor: Actor, *, awaiting_only: bool = False,
                     service_area_id: int | None = None, team_id: int | None = None,
                     search: str = "") -> ComplimentList:
    """Compliments newest first (at most `LIST_LIMIT`), filtered in SQL."""
    require(actor, Permission.VIEW_CASE_TEXT)
    area = aliased(ReferenceItem)
    team = aliased(ReferenceItem)
    praised_team = func.coalesce(Compliment.praised_team_id, Feedback.team_id)
    q = (select(Feedback.id, Feedback.received_on, area.label.label("area"),
                praised_team.label("team_id"), team.label.label("team"),
                Compliment.praised_person, func.substr(Feedback.text, 1, 200).label("summary"),
                Compliment.thanks_passed_on, User.display_name.label("by"))
         .outerjoin(Compliment, Compliment.feedback_id == Feedback.id)
         .outerjoin(area, area.id == Feedback.service_area_id)
         .outerjoin(team, team.id == praised_team)
         .outerjoin(User, User.id == Compliment.thanks_passed_by_id)
         .where(Feedback.kind == RecordKind.COMPLIMENT.value))
    awaiting_q = (select(func.count()).select_from(Feedback)
                  .outerjoin(Compliment, Compliment.feedback_id == Feedback.id)
                  .where(Feedback.kind == RecordKind.COMPLIMENT.value,
                         Compliment.thanks_passed_on.is_(None)))
    if awaiting_only:
        q = q.where(Compliment.thanks_passed_on.is_(None))
    if service_area_id is not None:
        q = q.where(Feedback.service_area_id == service_area_id)
    if team_id is not None:
        q = q.where(praised_team == team_id)
    term = _clean(search).lower()
    if term:
        like = f"%{term}%"
        q = q.where(or_(func.lower(Feedback.text).like(like),
                        func.lower(Compliment.praised_person).like(like)))
    q = q.order_by(Feedback.received_on.desc(), Feedback.id.desc()).limit(LIST_LIMIT + 1)
    with db.read_session() as s:
        rows = s.execute(q).all()
        awaiting = s.scalar(awaiting_q) or 0
    truncated = len(rows) > LIST_LIMIT
    return ComplimentList(
        tuple(ComplimentRow(r.id, r.received_on, r.area, r.team_id, r.team, r.praised_person,
                            " ".join((r.summary or "").split())[:160], r.thanks_passed_on, r.by)
              for r in rows[:LIST_LIMIT]),
        awaiting, truncated)


def _compliment_for(s: Session, feedback_id: int) -> tuple[Feedback, Compliment]:
    fb = s.get(Feedback, feedback_id)
    if fb is None:
        raise NotFound(f"Feedback record {feedback_id} does not exist.", "Refresh the list.")
    if fb.kind != RecordKind.COMPLIMENT.value:
        raise ValidationError(
            f"Feedback record {feedback_id} is a {RecordKind(fb.kind).label.lower()}, "
            "not a compliment.", "Change its kind on the Feedback page first.", field="kind")
    row = s.scalar(select(Compliment).where(Compliment.feedback_id == fb.id))
    if row is None:
        row = Compliment(feedback_id=fb.id, praised_team_id=fb.team_id)
        s.add(row)
        s.flush()
    return fb, row


def _check_team(s: Session, team_id: int | None) -> None:
    if team_id is None:
        return
    found = s.scalar(select(ReferenceItem.id).where(ReferenceItem.id == team_id,
                                                    ReferenceItem.list_name ==
                                                    ReferenceList.TEAM.value))
    if found is None:
        raise ValidationError("The team chosen is not in the list of teams.",
                              "Choose a team from the list.", field="team")


def record_praise(db: Database, actor: Actor, feedback_id: int, *, praised_person: str,
                  praised_team_id: int | None) -> ComplimentRow:
    """Record who (a person, a team, or both) the compliment praised."""
    require(actor, Permission.CAPTURE)
    with db.session() as s:
        _check_team(s, praised_team_id)
        fb, row = _compliment_for(s, feedback_id)
        before = {"praised_person": row.praised_person, "praised_team_id": row.praised_team_id}
        row.praised_person = _clean(praised_person) or None
        row.praised_team_id = praised_team_id
        audit.record(s, actor, "update", "compliment", row.id,
                     summary=f"Compliment {fb.id}: who was praised", before=before,
                     after={"praised_person": row.praised_person,
                            "praised_team_id": row.praised_team_id})
        return _row(s, fb.id)


def pass_on_thanks(db: Database, actor: Actor, feedback_id: int, on: date,
                   passed_by_id: int | None = None, today: date | None = None) -> ComplimentRow:
    """Record that the thanks were passed on to the person or team, on ``on``, by
    ``passed_by_id`` (default: the person signed in)."""
    require(actor, Permission.CAPTURE)
    today = today or date.today()
    by = passed_by_id if passed_by_id is not None else actor.user_id
    with db.session() as s:
        fb, row = _compliment_for(s, feedback_id)
        if row.thanks_passed_on is not None:
            who = s.scalar(select(User.display_name).where(User.id == row.thanks_passed_by_id))
            raise ValidationError(
                f"The thanks for compliment {fb.id} were already passed on "
                f"{format_date(row.thanks_passed_on)}{f' by {who}' if who else ''}.",
                "Nothing was changed.", field="thanks_passed_on")
        if on > today:
            raise ValidationError(f"The date ({format_date(on)}) is in the future.",
                                  "Record the thanks on or after the day they were passed on.",
                                  field="thanks_passed_on")
        if on < fb.received_on:
            raise ValidationError(
                f"The date ({format_date(on)}) is before the compliment was received "
                f"({format_date(fb.received_on)}).", "Check the date.", field="thanks_passed_on")
        if by is not None and s.get(User, by) is None:
            raise ValidationError("That user does not exist.", field="thanks_passed_by")
        row.thanks_passed_on = on
        row.thanks_passed_by_id = by
        audit.record(s, actor, "update", "compliment", row.id,
                     summary=f"Compliment {fb.id}: thanks passed on {format_date(on)}",
                     before={"thanks_passed_on": None},
                     after={"thanks_passed_on": on, "thanks_passed_by_id": by})
        return _row(s, fb.id)


def log_compliment(db: Database, actor: Actor, new: NewCompliment,
                   today: date | None = None) -> ComplimentRow:
    """Log a compliment directly: its feedback record (analysed like any other) and who was
    praised."""
    require(actor, Permission.CAPTURE)
    today = today or date.today()
    analyser = _analyser(db) if _clean(new.text) else None
    with db.session() as s:
        _check_team(s, new.team_id)
        fb = create_feedback_record(
            s, actor, db, RecordKind.COMPLIMENT, text=new.text, received_on=new.received_on,
            service_area_id=new.service_area_id, channel_id=new.channel_id,
            respondent_role_id=new.respondent_role_id, team_id=new.team_id,
            district_id=new.district_id, age_band=None, anonymous=new.anonymous,
            respondent_name=new.respondent_name, respondent_contact=new.respondent_contact,
            consent_quote=new.consent_quote, consent_contact=new.consent_contact, today=today,
            analyser=analyser)
        row = Compliment(feedback_id=fb.id, praised_person=_clean(new.praised_person) or None,
                         praised_team_id=new.team_id)
        s.add(row)
        s.flush()
        audit.record(s, actor, "create", "feedback", fb.id,
                     summary=f"Compliment {fb.id} captured",
                     after={"kind": fb.kind, "received_on": fb.received_on,
                            "praised_person": row.praised_person, "team_id": new.team_id})
        return _row(s, fb.id)


def _row(s: Session, feedback_id: int) -> ComplimentRow:
    area = aliased(ReferenceItem)
    team = aliased(ReferenceItem)
    praised_team = func.coalesce(Compliment.praised_team_id, Feedback.team_id)
    r = s.execute(
        select(Feedback.id, Feedback.received_on, area.label.label("area"),
               praised_team.label("team_id"), team.label.label("team"),
               Compliment.praised_person, Feedback.text, Compliment.thanks_passed_on,
               User.display_name.label("by"))
        .outerjoin(Compliment, Compliment.feedback_id == Feedback.id)
        .outerjoin(area, area.id == Feedback.service_area_id)
        .outerjoin(team, team.id == praised_team)
        .outerjoin(User, User.id == Compliment.thanks_passed_by_id)
        .where(Feedback.id == feedback_id)).one()
    return ComplimentRow(r.id, r.received_on, r.area, r.team_id, r.team, r.praised_person,
                         " ".join((r.text or "").split())[:160], r.thanks_passed_on, r.by)
