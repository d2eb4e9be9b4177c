"""`voiceapp audit verify` (is the hash chain intact?) and `voiceapp audit search`."""

from __future__ import annotations

import argparse
from datetime import date

from voiceapp.cli import add_db_argument


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date like 2025-04-01") from exc


def register(subparsers) -> None:
    p = subparsers.add_parser("audit", help="verify or search the audit trail")
    sub = p.add_subparsers(dest="audit_command", metavar="ACTION", required=True)

    v = sub.add_parser("verify", help="check the audit trail's hash chain; exit 1 if broken")
    add_db_argument(v)
    v.set_defaults(handler=cmd_verify)

    s = sub.add_parser("search", help="search the audit trail (administrators and managers)")
    add_db_argument(s)
    s.add_argument("--user", help="user name")
    s.add_argument("--action", help="e.g. sign-in, sign-in failed, create, update, export")
    s.add_argument("--entity", help="e.g. feedback, complaint, user")
    s.add_argument("--entity-id", help="the record's id")
    s.add_argument("--from", dest="date_from", type=_date, metavar="YYYY-MM-DD")
    s.add_argument("--to", dest="date_to", type=_date, metavar="YYYY-MM-DD")
    s.add_argument("--text", help="words in the summary")
    s.add_argument("--limit", type=int, default=50, help="entries to show (default 50)")
    s.set_defaults(handler=cmd_search)


def cmd_verify(args: argparse.Namespace) -> int:
    from voiceapp.db.engine import open_database
    from voiceapp.services.audit_query import verify_chain

    # Read-only: verifying must not add to (or migrate) what it is checking.
    database = open_database(args.db, migrate=False, seed=False)
    try:
        report = verify_chain(database)
    finally:
        database.dispose()
    if report.ok:
        print(f"OK: the audit trail is intact ({report.entries:,} entries, every link verified).")
        return 0
    print(f"BROKEN: audit entry {report.first_broken_id} fails verification: {report.problem}. "
          f"The {report.entries - 1:,} entries before it verify.")
    return 1


def cmd_search(args: argparse.Namespace) -> int:
    from voiceapp.commands._auth import cli_actor
    from voiceapp.db.engine import open_database
    from voiceapp.services.audit_query import AuditFilter, count_audit, search_audit

    database = open_database(args.db)
    try:
        actor = cli_actor(database)
        f = AuditFilter(username=args.user, action=args.action, entity=args.entity,
                        entity_id=args.entity_id, date_from=args.date_from, date_to=args.date_to,
                        text=args.text)
        total = count_audit(database, actor, f)
        page = search_audit(database, actor, f, limit=args.limit)
    finally:
        database.dispose()
    for r in page.rows:
        target = f"{r.entity} {r.entity_id}" if r.entity_id else r.entity
        print(f"{r.id:>7}  {r.at:%Y-%m-%d %H:%M:%S}  {r.username:<14} {r.action:<18} "
              f"{target:<22} {r.summary}")
    print(f"{len(page.rows)} of {total:,} matching entries shown (newest first).")
    return 0
