"""What the desktop app holds while it runs: an open database and who is signed in.

The UI never sees a session or an ORM object; it calls methods here (or service functions that
take the workspace) and receives plain dataclasses."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select

from voiceapp.db.engine import Database, open_database
from voiceapp.db.models import AppMeta, Feedback, User
from voiceapp.domain.enums import RecordKind

from .context import Actor


@dataclass(frozen=True)
class Overview:
    total: int
    by_kind: dict[str, int]
    first: date | None
    last: date | None
    is_demo: bool
    demo_passwords: bool


class Workspace:
    def __init__(self, database: Database, actor: Actor | None = None) -> None:
        self.database = database
        self.actor = actor

    @classmethod
    def open(cls, db: str | None) -> Workspace:
        return cls(open_database(db))

    @property
    def description(self) -> str:
        return self.database.description

    @property
    def backup_made(self) -> str | None:
        return str(self.database.backup_path) if self.database.backup_path else None

    def overview(self) -> Overview:
        with self.database.read_session() as s:
            rows = dict(s.execute(select(Feedback.kind, func.count()).group_by(Feedback.kind)).all())
            first, last = s.execute(select(func.min(Feedback.received_on),
                                           func.max(Feedback.received_on))).one()
            demo = s.get(AppMeta, "demo") is not None
            demo_pw = bool(s.scalar(select(func.count()).select_from(User)
                                    .where(User.is_demo_password.is_(True))))
        by_kind = {k.label: rows.get(k.value, 0) for k in RecordKind}
        return Overview(sum(rows.values()), by_kind, first, last, demo, demo_pw)

    def close(self) -> None:
        self.database.dispose()
