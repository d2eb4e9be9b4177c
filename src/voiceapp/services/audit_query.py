"""Searching the audit trail: by user, action, entity, date range and text, newest first,
filtered and paged in SQL (keyset paging on id, so page 500 costs the same as page 1).

Viewing the trail needs VIEW_AUDIT (administrators and managers). Before/after values of case
fields (free text, names, contact details) are shown only to people who may see case text;
an administrator who is not also a manager sees that they changed, not what they say.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import func, or_, select

from voiceapp.db.engine import Database
from voiceapp.db.models import AuditEntry
from voiceapp.errors import NotFound, ValidationError

from . import audit
from .context import Actor
from .permissions import Permission, allowed, require

MAX_PAGE = 1000
# Keys in before/after that hold case text or identify a person.
CASE_FIELDS = frozenset({
    "text", "respondent_name", "respondent_contact", "name", "contact", "said_summary",
    "praised_person", "decision_reason", "reasons", "note", "notes", "remedy", "answer",
    "answers", "email", "phone", "address", "quote", "quotes", "evidence",
})
HIDDEN = "(hidden: case detail)"


@dataclass(frozen=True)
class AuditFilter:
    username: str | None = None
    action: str | None = None
    entity: str | None = None
    entity_id: str | None = None
    date_from: date | None = None
    date_to: date | None = None  # inclusive
    text: str | None = None  # in the summary, user name or entity id


@dataclass(frozen=True)
class AuditRow:
    id: int
    at: datetime
    username: str
    action: str
    entity: str
    entity_id: str | None
    summary: str


@dataclass(frozen=True)
class AuditPage:
    rows: list[AuditRow]
    has_more: bool

    @property
    def last_id(self) -> int | None:
        return self.rows[-1].id if self.rows else None


@dataclass(frozen=True)
class AuditDetail:
    row: AuditRow
    before: Any
    after: Any
    prev_hash: str
    hash: str
    masked: bool  # True when case fields were hidden from this viewer


def _like(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _conditions(f: AuditFilter) -> list:
    if f.date_from and f.date_to and f.date_from > f.date_to:
        raise ValidationError("The 'from' date is after the 'to' date.", field="date_from")
    cond = []
    if f.username:
        cond.append(func.lower(AuditEntry.username) == f.username.strip().lower())
    if f.action:
        cond.append(AuditEntry.action == f.action)
    if f.entity:
        cond.append(AuditEntry.entity == f.entity)
    if f.entity_id:
        cond.append(AuditEntry.entity_id == str(f.entity_id).strip())
    if f.date_from:
        cond.append(AuditEntry.at >= datetime.combine(f.date_from, time()))
    if f.date_to:
        cond.append(AuditEntry.at < datetime.combine(f.date_to + timedelta(days=1), time()))
    if f.text and f.text.strip():
        pattern = _like(f.text.strip())
        cond.append(or_(AuditEntry.summary.ilike(pattern, escape="\\"),
                        AuditEntry.username.ilike(pattern, escape="\\"),
                        AuditEntry.entity_id.ilike(pattern, escape="\\")))
    return cond


def _row(e) -> AuditRow:
    return AuditRow(e.id, e.at, e.username, e.action, e.entity, e.entity_id, e.summary or "")


def search_audit(db: Database, actor: Actor, filters: AuditFilter | None = None, *,
                 limit: int = 200, before_id: int | None = None) -> AuditPage:
    """One page of matching entries, newest first; pass the last id seen as `before_id` for
    the next page."""
    require(actor, Permission.VIEW_AUDIT)
    limit = max(1, min(int(limit), MAX_PAGE))
    cond = _conditions(filters or AuditFilter())
    if before_id is not None:
        cond.append(AuditEntry.id < before_id)
    cols = (AuditEntry.id, AuditEntry.at, AuditEntry.username, AuditEntry.action,
            AuditEntry.entity, AuditEntry.entity_id, AuditEntry.summary)
    with db.read_session() as s:
        rows = s.execute(select(*cols).where(*cond).order_by(AuditEntry.id.desc())
                         .limit(limit + 1)).all()
    return AuditPage([_row(r) for r in rows[:limit]], len(rows) > limit)


def count_audit(db: Database, actor: Actor, filters: AuditFilter | None = None) -> int:
    require(actor, Permission.VIEW_AUDIT)
    with db.read_session() as s:
        return s.scalar(select(func.count()).select_from(AuditEntry)
                        .where(*_conditions(filters or AuditFilter())))


def audit_vocabulary(db: Database, actor: Actor) -> tuple[list[str], list[str], list[str]]:
    """The distinct actions, entities and user names in the trail (for filter drop-downs)."""
    require(actor, Permission.VIEW_AUDIT)
    with db.read_session() as s:
        actions = list(s.scalars(select(AuditEntry.action).distinct().order_by(AuditEntry.action)))
        entities = list(s.scalars(select(AuditEntry.entity).distinct().order_by(AuditEntry.entity)))
        users = list(s.scalars(select(AuditEntry.username).distinct()
                               .order_by(AuditEntry.username)))
    return actions, entities, users


def _mask(value: Any) -> tuple[Any, bool]:
    if isinstance(value, dict):
        out, hit = {}, False
        for k, v in value.items():
            if str(k).lower() in CASE_FIELDS and v not in (None, "", [], {}):
                out[k], hit = HIDDEN, True
            else:
                out[k], h = _mask(v)
                hit = hit or h
        return out, hit
    if isinstance(value, list):
        items = [_mask(v) for v in value]
        return [v for v, _ in items], any(h for _, h in items)
    return value, False


def audit_entry(db: Database, actor: Actor, entry_id: int) -> AuditDetail:
    """One entry with its before and after values (case fields hidden unless the viewer may
    see case text)."""
    require(actor, Permission.VIEW_AUDIT)
    with db.read_session() as s:
        e = s.get(AuditEntry, entry_id)
        if e is None:
            raise NotFound(f"There is no audit entry {entry_id}.")
        before, after = e.before, e.after
        masked = False
        if not allowed(actor, Permission.VIEW_CASE_TEXT):
            before, m1 = _mask(before)
            after, m2 = _mask(after)
            masked = m1 or m2
        return AuditDetail(_row(e), before, after, e.prev_hash, e.hash, masked)


def verify_chain(db: Database) -> audit.ChainReport:
    """Walk the whole hash chain (no sign-in needed: it reveals only whether it is intact)."""
    with db.read_session() as s:
        return audit.verify(s)
