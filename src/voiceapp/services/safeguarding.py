"""The safeguarding queue: every flagged record until a manager records what was done.

Rules (DOMAIN.md section 4):
- A flag leaves the queue only when a decision is recorded, with who and when: referred to the
  front door / MASH (with the referral reference), already known to the service, or no action
  (with a reason). Only managers decide (Permission.SAFEGUARDING_DECIDE).
- Nobody can clear a flag silently: there is no "unflag"; editing a record's text never removes
  an open flag, and re-analysis can add a flag but not remove one (services/feedback.py).
- Anyone who can capture may raise a flag by hand when they are worried.
- Every flag and decision is audited.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select

from voiceapp.db.engine import Database
from voiceapp.db.models import Feedback, ReferenceItem, SafeguardingReview, User
from voiceapp.domain.enums import SafeguardingDecision
from voiceapp.errors import NotFound, ValidationError

from . import audit
from .context import Actor
from .permissions import Permission, require

DECISION_LABELS = {
    SafeguardingDecision.REFERRED_FRONT_DOOR.value: "Referred to the front door / MASH",
    SafeguardingDecision.ALREADY_KNOWN.value: "Already known to the service",
    SafeguardingDecision.NO_ACTION.value: "No action needed",
}


@dataclass(frozen=True)
class FlagItem:
    review_id: int
    feedback_id: int
    kind: str
    received_on: date
    service_area: str
    text: str
    reasons: tuple[str, ...]
    flagged_at: datetime
    flagged_by: str
    age_hours: float  # how long the flag has waited, at the time of the query
    decision: str | None = None
    decision_reason: str | None = None
    referral_reference: str | None = None
    decided_by: str | None = None
    decided_at: datetime | None = None

    @property
    def age_text(self) -> str:
        hours = self.age_hours
        if hours < 1:
            return "under an hour"
        if hours < 48:
            return f"{int(hours)} hour{'s' if int(hours) != 1 else ''}"
        return f"{int(hours // 24)} days"

    @property
    def overdue(self) -> bool:
        """Flags are for same-day review: older than a working day is overdue."""
        return self.decision is None and self.age_hours >= 24


def _items(db: Database, open_only: bool, limit: int, now: datetime | None = None
           ) -> list[FlagItem]:
    now = now or datetime.now()
    with db.read_session() as s:
        stmt = (select(SafeguardingReview, Feedback.kind, Feedback.received_on, Feedback.text,
                       ReferenceItem.label, User.username)
                .join(Feedback, Feedback.id == SafeguardingReview.feedback_id)
                .outerjoin(ReferenceItem, ReferenceItem.id == Feedback.service_area_id)
                .outerjoin(User, User.id == SafeguardingReview.decided_by_id))
        if open_only:
            stmt = stmt.where(SafeguardingReview.decision.is_(None)).order_by(
                SafeguardingReview.flagged_at, SafeguardingReview.id)
        else:
            stmt = stmt.where(SafeguardingReview.decision.is_not(None)).order_by(
                SafeguardingReview.decided_at.desc(), SafeguardingReview.id.desc())
        rows = s.execute(stmt.limit(limit)).all()
        return [FlagItem(
            r.id, r.feedback_id, kind, received_on, area or "", body or "",
            tuple(f"{x.get('category', '').replace('_', ' ')}: “{x.get('text', '')}”"
                  for x in (r.reasons or [])),
            r.flagged_at, r.flagged_by, max(0.0, (now - r.flagged_at).total_seconds() / 3600),
            r.decision, r.decision_reason, r.referral_reference, decided_by, r.decided_at)
            for r, kind, received_on, body, area, decided_by in rows]


def open_flags(db: Database, actor: Actor, limit: int = 1000,
               now: datetime | None = None) -> list[FlagItem]:
    """Flags without a decision, oldest first (the oldest is the most urgent)."""
    require(actor, Permission.VIEW_CASE_TEXT)
    return _items(db, True, limit, now)


def decided_flags(db: Database, actor: Actor, limit: int = 200) -> list[FlagItem]:
    """Recent decisions, newest first (what was done, by whom)."""
    require(actor, Permission.VIEW_CASE_TEXT)
    return _items(db, False, limit)


def open_flag_count(db: Database, actor: Actor) -> int:
    require(actor, Permission.VIEW_AGGREGATES)
    with db.read_session() as s:
        return int(s.scalar(select(func.count()).select_from(SafeguardingReview)
                            .where(SafeguardingReview.decision.is_(None))) or 0)


def record_decision(db: Database, actor: Actor, review_id: int, decision: str,
                    referral_reference: str = "", reason: str = "") -> FlagItem:
    """A manager records what was done; the flag then leaves the queue. Audited."""
    require(actor, Permission.SAFEGUARDING_DECIDE)
    if decision not in DECISION_LABELS:
        raise ValidationError("Choose what was done: referred to the front door, already known, "
                              "or no action.", field="decision")
    referral_reference, reason = referral_reference.strip(), reason.strip()
    if decision == SafeguardingDecision.REFERRED_FRONT_DOOR.value and not referral_reference:
        raise ValidationError("Enter the front door / MASH referral reference.",
                              "The flag stays in the queue until it is recorded.",
                              field="referral_reference")
    if decision == SafeguardingDecision.NO_ACTION.value and not reason:
        raise ValidationError("Say why no action is needed.",
                              "A reason is required, so others can see the judgement made.",
                              field="reason")
    now = datetime.now().replace(microsecond=0)
    with db.session() as s:
        review = s.get(SafeguardingReview, review_id)
        if review is None:
            raise NotFound(f"Safeguarding flag {review_id} does not exist.")
        if review.decision is not None:
            who = s.get(User, review.decided_by_id) if review.decided_by_id else None
            raise ValidationError(
                f"A decision was already recorded for this flag"
                f"{' by ' + who.username if who else ''} at {review.decided_at:%H:%M on %d %b}.",
                "Refresh the queue to see it. Decisions cannot be changed; raise a new flag if "
                "something new has come to light.")
        review.decision = decision
        review.referral_reference = referral_reference or None
        review.decision_reason = reason or None
        review.decided_by_id = actor.user_id
        review.decided_at = now
        s.flush()
        summary = f"Safeguarding decision on feedback {review.feedback_id}: " \
                  f"{DECISION_LABELS[decision]}"
        if referral_reference:
            summary += f" (referral {referral_reference})"
        audit.record(s, actor, "safeguarding decision", "safeguarding_review", review.id,
                     summary=summary, before={"decision": None},
                     after=dict(decision=decision, referral_reference=referral_reference or None,
                                reason=reason or None, feedback_id=review.feedback_id))
        feedback_id = review.feedback_id
    return next(i for i in _items(db, False, 10_000) if i.feedback_id == feedback_id
                and i.review_id == review_id)


def raise_flag(db: Database, actor: Actor, feedback_id: int, reason: str) -> int:
    """An officer raises a flag by hand (the analyser missed something). Returns the flag id."""
    require(actor, Permission.CAPTURE)
    reason = reason.strip()
    if not reason:
        raise ValidationError("Say what worries you about this record.", field="reason")
    now = datetime.now().replace(microsecond=0)
    with db.session() as s:
        f = s.get(Feedback, feedback_id)
        if f is None:
            raise NotFound(f"Feedback record {feedback_id} does not exist.")
        existing = s.scalar(select(SafeguardingReview.id).where(
            SafeguardingReview.feedback_id == feedback_id, SafeguardingReview.decision.is_(None)))
        if existing is not None:
            raise ValidationError("This record is already waiting for a manager's safeguarding "
                                  "decision.", "Tell the manager on duty if it is urgent.")
        review = SafeguardingReview(feedback_id=feedback_id, flagged_at=now,
                                    flagged_by=actor.username,
                                    reasons=[{"category": "raised by officer", "text": reason}])
        s.add(review)
        f.safeguarding_flag = True
        s.flush()
        audit.record(s, actor, "flag", "safeguarding_review", review.id,
                     summary=f"Safeguarding flag raised on feedback {feedback_id} by "
                             f"{actor.username}", after={"feedback_id": feedback_id})
        return review.id
