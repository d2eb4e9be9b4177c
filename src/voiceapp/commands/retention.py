"""`voiceapp retention preview|apply`, `voiceapp subject-access`, `voiceapp erase`."""

from __future__ import annotations

import argparse
import sys
from datetime import date

from voiceapp.cli import add_db_argument


def register(subparsers) -> None:
    p = subparsers.add_parser("retention",
                              help="see and apply the retention rules (administrators)")
    sub = p.add_subparsers(dest="retention_command", metavar="ACTION", required=True)
    for name, help_text, fn in (
        ("preview", "how many records a purge would anonymise, by kind", cmd_preview),
        ("apply", "anonymise every record past its retention date", cmd_apply),
    ):
        q = sub.add_parser(name, help=help_text)
        add_db_argument(q)
        q.add_argument("--today", type=date.fromisoformat, default=None,
                       help=argparse.SUPPRESS)  # for rehearsals and tests
        if name == "apply":
            q.add_argument("--yes", type=int, metavar="N", default=None,
                           help="confirm without a prompt that N records will be anonymised "
                           "(the number 'preview' shows)")
        q.set_defaults(handler=fn)

    s = subparsers.add_parser("subject-access",
                              help="export everything held about a named person (managers)")
    add_db_argument(s)
    s.add_argument("--name", required=True, help="the name as recorded")
    s.add_argument("--out", required=True, metavar="FILE", help=".json or .csv file to write")
    s.set_defaults(handler=cmd_subject_access)

    e = subparsers.add_parser("erase", help="erasure on request: anonymise a named person's "
                              "records (administrators)")
    add_db_argument(e)
    e.add_argument("--name", required=True, help="the name as recorded")
    e.add_argument("--yes", type=int, metavar="N", default=None,
                   help="confirm without a prompt that N records will be anonymised")
    e.set_defaults(handler=cmd_erase)


def _open(args):
    from voiceapp.commands._auth import cli_actor
    from voiceapp.db.engine import open_database

    database = open_database(args.db)
    try:
        return database, cli_actor(database)
    except BaseException:
        database.dispose()
        raise


def _confirm(n: int, given: int | None, what: str) -> bool:
    if given is not None:
        if given != n:
            print(f"voiceapp: {n:,} records would be {what}, not {given:,}; nothing was changed.",
                  file=sys.stderr)
            return False
        return True
    if not sys.stdin.isatty():
        print(f"voiceapp: {n:,} records would be {what}. Run again with --yes {n} to confirm; "
              "nothing was changed.", file=sys.stderr)
        return False
    answer = input(f"{n:,} records will be {what}. This cannot be undone. Type {n} to "
                   "confirm: ").strip().replace(",", "")
    return answer == str(n)


def cmd_preview(args: argparse.Namespace) -> int:
    from voiceapp.services.retention import preview_purge, retention_rules

    database, actor = _open(args)
    try:
        rules = retention_rules(database, actor)
        preview = preview_purge(database, actor, args.today)
    finally:
        database.dispose()
    print(f"Retention as at {preview.today:%d %B %Y}:")
    for rule in rules:
        n = preview.by_kind.get(rule.kind.value, 0)
        print(f"  {rule.description:<56} due: {n:>8,}  "
              f"(on or before {preview.cutoffs[rule.kind.value]:%d %b %Y})")
    print(f"A purge would anonymise {preview.total:,} records "
          "(text, names, contact details, equality answers; counts, themes and dates stay).")
    return 0


def cmd_apply(args: argparse.Namespace) -> int:
    from voiceapp.services.retention import apply_purge, preview_purge

    database, actor = _open(args)
    try:
        preview = preview_purge(database, actor, args.today)
        if preview.total == 0:
            print("Nothing is past its retention date; nothing was changed.")
            return 0
        if not _confirm(preview.total, args.yes, "anonymised"):
            return 1
        result = apply_purge(database, actor, args.today, expected_total=preview.total)
    finally:
        database.dispose()
    detail = ", ".join(f"{k.replace('_', ' ')} {v:,}" for k, v in sorted(result.by_kind.items()))
    print(f"Anonymised {result.total:,} records ({detail}). The purge is in the audit trail.")
    return 0


def cmd_subject_access(args: argparse.Namespace) -> int:
    from voiceapp.services.retention import subject_access, write_subject_access

    database, actor = _open(args)
    try:
        export = subject_access(database, actor, args.name)
        path = write_subject_access(export, args.out)
    finally:
        database.dispose()
    print(f"Wrote {len(export.feedback)} records, {len(export.complaints)} complaints and "
          f"{len(export.told_back)} told-back entries about {export.name!r} to {path}.")
    if any("safeguarding_note" in f for f in export.feedback):
        print("Some records are safeguarding-flagged: check the serious harm exemption before "
              "disclosing them (they are marked in the file).")
    return 0


def cmd_erase(args: argparse.Namespace) -> int:
    from voiceapp.services.retention import erase_person, find_person

    database, actor = _open(args)
    try:
        found = find_person(database, actor, args.name)
        todo = found.total - found.already_anonymised
        if todo == 0:
            print(f"No records to erase under {found.name!r} "
                  f"({found.already_anonymised} already anonymised).")
            return 0
        if not _confirm(todo, args.yes, f"anonymised for {found.name!r}"):
            return 1
        result = erase_person(database, actor, args.name, expected_total=found.total)
    finally:
        database.dispose()
    print(f"Anonymised {result.total} records held under {found.name!r}. The erasure is in the "
          "audit trail (without the name).")
    return 0
