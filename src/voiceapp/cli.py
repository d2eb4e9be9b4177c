"""Composition root: parse arguments, open the database, run a command or start the desktop app.

Every failure a user can cause ends in one plain-English line on stderr and a non-zero exit,
with nothing changed (see voiceapp.errors)."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from voiceapp import __version__
from voiceapp.errors import VoiceappError

DB_HELP = (
    "database: a .sqlite file path or a postgresql+psycopg:// URL "
    "(default: $VOICEAPP_DATABASE_URL, else voiceapp.sqlite in your user data folder)"
)


def add_db_argument(p: argparse.ArgumentParser, required: bool = False) -> None:
    """The --db option every command shares."""
    p.add_argument("--db", metavar="PATH|URL", help=DB_HELP, required=required)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="voiceapp",
        description="Capture, theme and report what families, children and young people tell "
        "children's services. With no command, opens the desktop app.",
    )
    parser.add_argument("--version", action="version", version=f"voiceapp {__version__}")
    add_db_argument(parser)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("gui", help="open the desktop app (the default)")
    add_db_argument(p)

    p = sub.add_parser(
        "demo", help="build a realistic demo database for the fictional Wrenshire County Council"
    )
    add_db_argument(p, required=True)
    p.add_argument("--seed", type=int, default=2024, help="random seed (default 2024)")
    p.add_argument(
        "--records", type=int, default=None,
        help="number of feedback records (default: about 6,000 over three and a half years)",
    )
    p.add_argument("--force", action="store_true", help="replace an existing demo file")

    p = sub.add_parser("migrate", help="upgrade a database to this version (backs up SQLite first)")
    add_db_argument(p)

    p = sub.add_parser("check", help="check a database's integrity and schema without changing it")
    add_db_argument(p)

    p = sub.add_parser(
        "analyse",
        help="analyse JSON Lines on stdin ({'id', 'text'} per line) and write results to stdout",
    )
    add_db_argument(p)

    from voiceapp.commands import register_all

    register_all(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    command = args.command or "gui"
    try:
        handler = getattr(args, "handler", None) or COMMANDS[command]
        return int(handler(args) or 0)
    except VoiceappError as exc:
        print(f"voiceapp: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("voiceapp: interrupted; nothing was left half-written.", file=sys.stderr)
        return 130


# --------------------------------------------------------------------------- commands


def cmd_gui(args: argparse.Namespace) -> int:
    from voiceapp.ui.app import run_app

    return run_app(args.db)


def cmd_demo(args: argparse.Namespace) -> int:
    from voiceapp.services.demo import DEMO_PASSWORD, build_demo

    target = args.db
    if "://" not in target:
        path = Path(target)
        if path.exists():
            if not args.force:
                print(
                    f"voiceapp: {path} already exists. Use --force to replace it with a new "
                    "demo database, or choose another file name.",
                    file=sys.stderr,
                )
                return 2
            for suffix in ("", "-wal", "-shm"):
                Path(str(path) + suffix).unlink(missing_ok=True)
    summary = build_demo(target, seed=args.seed, records=args.records, progress=_progress)
    print(file=sys.stderr)
    print(summary.describe())
    print(
        f"WARNING: demo users admin, manager, officer and viewer all have the password "
        f"'{DEMO_PASSWORD}'. These are demo credentials: never use this database for real data."
    )
    return 0


def _progress(stage: str, fraction: float) -> None:
    if sys.stderr.isatty():
        print(f"\r{stage:<48} {fraction:6.0%}", end="", file=sys.stderr, flush=True)


def cmd_migrate(args: argparse.Namespace) -> int:
    from voiceapp.db.engine import open_database

    database = open_database(args.db)
    try:
        if database.backup_path:
            print(f"Backed up the database to {database.backup_path} before upgrading.")
        print(f"{database.description} is up to date (voiceapp {__version__}).")
    finally:
        database.dispose()
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    from voiceapp.services.maintenance import check_database

    report = check_database(args.db)
    for line in report.lines:
        print(line)
    return 0 if report.ok else 1


def cmd_analyse(args: argparse.Namespace) -> int:
    from voiceapp.services.analysis import analyser_for

    analyzer = analyser_for(args.db)
    from voiceapp.analysis import run_analyse_stream

    errors = run_analyse_stream(sys.stdin, sys.stdout, analyzer)
    return 1 if errors else 0


COMMANDS = {
    "gui": cmd_gui,
    "demo": cmd_demo,
    "migrate": cmd_migrate,
    "check": cmd_check,
    "analyse": cmd_analyse,
}


if __name__ == "__main__":  # pragma: no cover
    os.environ.setdefault("PYTHONIOENCODING", "utf-8")
    sys.exit(main())
