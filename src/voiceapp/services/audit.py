"""The audit trail: append-only, each entry hashing the one before it.

`record()` is called by every service function inside its own unit of work, so the entry is
committed with the change or not at all. `verify()` walks the chain and reports the first entry
whose hash does not match, which is what `voiceapp audit verify` prints.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from voiceapp.db.models import AuditEntry

from .context import Actor

GENESIS = "0" * 64


def _default(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, set | frozenset | tuple):
        return sorted(value) if isinstance(value, set | frozenset) else list(value)
    return str(value)


def _canonical(value: Any) -> Any:
    """Round-trip through JSON so what is hashed is exactly what the JSON column stores."""
    return None if value is None else json.loads(json.dumps(value, default=_default))


def entry_hash(prev_hash: str, at: datetime, username: str, action: str, entity: str,
               entity_id: str | None, summary: str, before: Any, after: Any) -> str:
    payload = json.dumps(
        [prev_hash, at.isoformat(timespec="seconds"), username, action, entity, entity_id,
         summary, before, after],
        sort_keys=True, separators=(",", ":"), ensure_ascii=False,
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _lock_chain(session: Session) -> None:
    # SQLite write sessions already hold the write lock (BEGIN IMMEDIATE). On PostgreSQL a
    # transaction-scoped advisory lock serialises appends across every client.
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(727001)"))


def record(session: Session, actor: Actor, action: str, entity: str, entity_id: Any = None,
           summary: str = "", before: Any = None, after: Any = None) -> AuditEntry:
    """Append one audit entry in the caller's transaction."""
    _lock_chain(session)
    last = session.execute(
        select(AuditEntry.hash).order_by(AuditEntry.id.desc()).limit(1)
    ).scalar()
    prev = last or GENESIS
    at = datetime.now().replace(microsecond=0)
    before_c, after_c = _canonical(before), _canonical(after)
    eid = None if entity_id is None else str(entity_id)
    entry = AuditEntry(
        at=at, user_id=actor.user_id, username=actor.username, action=action, entity=entity,
        entity_id=eid, summary=summary, before=before_c, after=after_c, prev_hash=prev,
        hash=entry_hash(prev, at, actor.username, action, entity, eid, summary, before_c, after_c),
    )
    session.add(entry)
    session.flush()
    return entry


@dataclass(frozen=True)
class ChainReport:
    entries: int
    first_broken_id: int | None
    problem: str | None

    @property
    def ok(self) -> bool:
        return self.first_broken_id is None


def verify(session: Session, batch: int = 5000) -> ChainReport:
    """Walk the whole chain in id order; stop at the first broken link."""
    prev = GENESIS
    count = 0
    last_id = 0
    while True:
        rows = session.execute(
            select(AuditEntry).where(AuditEntry.id > last_id).order_by(AuditEntry.id).limit(batch)
        ).scalars().all()
        if not rows:
            return ChainReport(count, None, None)
        for e in rows:
            count += 1
            if e.prev_hash != prev:
                return ChainReport(count, e.id, "it does not point at the entry before it "
                                   "(an entry was removed or inserted)")
            expected = entry_hash(e.prev_hash, e.at, e.username, e.action, e.entity, e.entity_id,
                                  e.summary, e.before, e.after)
            if expected != e.hash:
                return ChainReport(count, e.id, "its contents were changed after it was written")
            prev = e.hash
            last_id = e.id
        session.expunge_all()
