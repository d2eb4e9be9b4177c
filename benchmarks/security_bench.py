"""Timings for the data-protection services on a large demo database.

    voiceapp demo --db /tmp/big.sqlite --records 200000
    python benchmarks/security_bench.py /tmp/big.sqlite

Works on a copy (the purge changes data). Prints: retention preview, the purge itself
(bulk SQL updates of every dependent table, FTS triggers included), audit-trail search (first
page, a deep keyset page, a filtered count), the chain verification, subject access by name,
and an online backup with its integrity check.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from voiceapp.db.engine import open_database
from voiceapp.domain.enums import UserRole
from voiceapp.services import audit_query, backup, retention
from voiceapp.services.audit_query import AuditFilter
from voiceapp.services.context import Actor

ADMIN = Actor(None, "bench", UserRole.ADMINISTRATOR, frozenset({UserRole.MANAGER}))


def timed(label: str, fn, *args, **kwargs):
    t = time.perf_counter()
    out = fn(*args, **kwargs)
    print(f"{label:<48} {time.perf_counter() - t:8.2f} s")
    return out


def main(src: str) -> None:
    work = Path(tempfile.mkdtemp(prefix="voiceapp-bench-"))
    db_path = work / "bench.sqlite"
    for suffix in ("", "-wal", "-shm"):
        if Path(src + suffix).exists():
            shutil.copyfile(src + suffix, str(db_path) + suffix)
    db = open_database(db_path)
    try:
        with db.read_session() as s:
            from sqlalchemy import func, select

            from voiceapp.db.models import Feedback

            n = s.scalar(select(func.count()).select_from(Feedback))
            name = s.scalar(select(Feedback.respondent_name)
                            .where(Feedback.respondent_name.is_not(None)).limit(1))
        print(f"{n:,} feedback records in {src}")
        today = date.today()
        preview = timed("retention preview (counts by kind)", retention.preview_purge, db,
                        ADMIN, today)
        print(f"  due: {preview.total:,}")
        timed("subject access by name", retention.subject_access, db, ADMIN, name)
        timed("online backup + full integrity check", backup.backup_database, db, ADMIN,
              work / "copy.sqlite")
        result = timed("retention purge (anonymise)", retention.apply_purge, db, ADMIN, today,
                       preview.total)
        print(f"  anonymised: {result.total:,}")
        first = timed("audit search: first page", audit_query.search_audit, db, ADMIN)
        timed("audit search: next page (keyset)", audit_query.search_audit, db, ADMIN,
              before_id=first.last_id)
        timed("audit count: text filter", audit_query.count_audit, db, ADMIN,
              AuditFilter(text="purge"))
        report = timed("audit chain verify", audit_query.verify_chain, db)
        print(f"  entries: {report.entries:,}, ok: {report.ok}")
    finally:
        db.dispose()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main(sys.argv[1])
