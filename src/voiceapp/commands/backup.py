"""`voiceapp backup --db PATH --out FILE` and `voiceapp restore --from FILE --db PATH`."""

from __future__ import annotations

import argparse
import sys

from voiceapp.cli import add_db_argument


def register(subparsers) -> None:
    b = subparsers.add_parser(
        "backup", help="back up a SQLite database (online, checked); PostgreSQL: how to pg_dump")
    add_db_argument(b)
    b.add_argument("--out", required=True, metavar="FILE", help="the backup file to write")
    b.add_argument("--overwrite", action="store_true", help="replace FILE if it exists")
    b.set_defaults(handler=cmd_backup)

    r = subparsers.add_parser(
        "restore", help="replace a database with a checked backup (a safety copy is kept)")
    add_db_argument(r)
    r.add_argument("--from", dest="source", required=True, metavar="FILE",
                   help="the backup file to restore")
    r.add_argument("--check-only", action="store_true",
                   help="check the backup and describe it; change nothing")
    r.set_defaults(handler=cmd_restore)


def cmd_backup(args: argparse.Namespace) -> int:
    from voiceapp.commands._auth import cli_actor
    from voiceapp.db.engine import open_database, resolve_url
    from voiceapp.services.backup import backup_database, pg_dump_route

    if resolve_url(args.db).get_backend_name() != "sqlite":
        print(pg_dump_route(args.db))
        print("voiceapp: nothing was written: PostgreSQL is backed up with pg_dump (above).",
              file=sys.stderr)
        return 1
    database = open_database(args.db)
    try:
        actor = cli_actor(database)
        result = backup_database(database, actor, args.out, overwrite=args.overwrite)
    finally:
        database.dispose()
    print(f"Backed up {result.feedback_records:,} feedback records to {result.path} "
          f"({result.size / 1e6:,.1f} MB, integrity checked, {result.seconds:.1f} s).")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from voiceapp.commands._auth import cli_actor
    from voiceapp.db.engine import resolve_url
    from voiceapp.services.backup import inspect_backup, pg_dump_route, restore_database

    if resolve_url(args.db).get_backend_name() != "sqlite":
        print(pg_dump_route(args.db))
        print("voiceapp: nothing was changed: PostgreSQL is restored with pg_restore (above).",
              file=sys.stderr)
        return 1
    info = inspect_backup(args.source)
    print(f"{info.path}: a voiceapp database, intact, schema {info.schema_revision}, "
          f"{info.feedback_records:,} feedback records, {info.users} users"
          + (" (from an older voiceapp: it will be upgraded)" if info.needs_upgrade else "")
          + ".")
    if args.check_only:
        return 0
    result = restore_database(args.source, resolve_url(args.db).database, cli_actor)
    if result.safety_copy:
        print(f"The database it replaced was kept as {result.safety_copy}.")
    print(f"Restored {result.target} from {result.source}.")
    return 0
