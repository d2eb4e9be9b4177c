"""`voiceapp codebook export|import`: exchange the codebook as CSV or REFI-QDA (.qdc)."""

from __future__ import annotations

import argparse

from voiceapp.cli import add_db_argument


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "codebook", help="export or import the codebook (CSV or REFI-QDA .qdc)",
        description="Exchange the codebook of themes with qualitative-analysis tools.")
    sub = p.add_subparsers(dest="codebook_command", metavar="ACTION", required=True)
    e = sub.add_parser("export", help="write the codebook to FILE.csv or FILE.qdc")
    add_db_argument(e)
    e.add_argument("--out", required=True, metavar="FILE.csv|FILE.qdc")
    e.set_defaults(handler=run_export)
    i = sub.add_parser("import", help="merge a codebook file (administrators; never deletes)",
                       description="Merge codes from a CSV (slug, parent_slug, name, "
                       "description, retired) or REFI-QDA .qdc file. Codes are matched by "
                       "slug or GUID; new codes are added; nothing is deleted.")
    i.add_argument("file", metavar="FILE")
    add_db_argument(i)
    i.set_defaults(handler=run_import)


def run_export(args: argparse.Namespace) -> int:
    from voiceapp.commands._auth import cli_actor
    from voiceapp.db.engine import open_database
    from voiceapp.services.codebook_io import export_codebook

    database = open_database(args.db)
    try:
        result = export_codebook(database, cli_actor(database), args.out)
    finally:
        database.dispose()
    print(f"Exported {result.codes} codes to {result.path}.")
    return 0


def run_import(args: argparse.Namespace) -> int:
    from voiceapp.commands._auth import cli_actor
    from voiceapp.db.engine import open_database
    from voiceapp.services.codebook_io import import_codebook

    database = open_database(args.db)
    try:
        result = import_codebook(database, cli_actor(database), args.file)
    finally:
        database.dispose()
    print(result.message)
    return 0
