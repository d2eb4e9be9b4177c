"""Administrator checks: integrity, schema and audit chain, without changing anything."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import func, select, text

from voiceapp import __version__
from voiceapp.db import engine as db_engine
from voiceapp.db.migrations import schema_differences
from voiceapp.db.models import Feedback
from voiceapp.errors import DatabaseError

from . import audit


@dataclass
class CheckReport:
    lines: list[str] = field(default_factory=list)
    ok: bool = True

    def good(self, line: str) -> None:
        self.lines.append(f"ok       {line}")

    def bad(self, line: str) -> None:
        self.ok = False
        self.lines.append(f"PROBLEM  {line}")


def check_database(db: str | None) -> CheckReport:
    report = CheckReport()
    url = db_engine.resolve_url(db)
    if url.get_backend_name() == "sqlite":
        db_engine.sqlite_integrity(Path(url.database), full=True)
        report.good(f"{url.database}: every page readable (PRAGMA quick_check)")
    try:
        database = db_engine.open_database(db, migrate=False, seed=False)
    except DatabaseError as exc:
        report.bad(str(exc))
        return report
    try:
        with database.engine.connect() as conn:
            rev = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
            report.good(f"schema revision {rev} is current for voiceapp {__version__}")
            diffs = schema_differences(conn)
            if diffs:
                report.bad(f"schema differs from this version's models in {len(diffs)} places: "
                           + "; ".join(str(d)[:80] for d in diffs[:3]))
            else:
                report.good("tables, columns and indexes match this version")
            if database.is_sqlite:
                fk = conn.execute(text("PRAGMA foreign_key_check")).fetchall()
                if fk:
                    report.bad(f"{len(fk)} rows point at records that do not exist "
                               f"(first in table {fk[0][0]})")
                else:
                    report.good("every reference between tables points at a real record")
                try:
                    conn.execute(text(
                        "INSERT INTO feedback_fts(feedback_fts, rank) VALUES ('integrity-check', 1)"
                    ))
                    report.good("full-text search index matches the feedback text")
                except Exception as exc:
                    report.bad(f"full-text search index is out of step ({exc.__class__.__name__}); "
                               "rebuild it with 'voiceapp migrate'")
                conn.rollback()
        with database.read_session() as s:
            n = s.scalar(select(func.count()).select_from(Feedback))
            report.good(f"{n:,} feedback records")
            chain = audit.verify(s)
            if chain.ok:
                report.good(f"audit trail intact ({chain.entries:,} entries, hash chain verified)")
            else:
                report.bad(f"audit trail broken at entry {chain.first_broken_id}: {chain.problem}")
    finally:
        database.dispose()
    return report
