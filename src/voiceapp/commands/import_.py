"""`voiceapp import FILE`: import a survey export or the voiceapp template from the command line.

Prints exactly one summary line on stdout (`imported N, duplicates skipped M, errors K`), the
row-level report on stderr when rows have problems, and exits 1 when nothing could be imported
because of errors (a file whose rows were all imported before exits 0: the data is there)."""

from __future__ import annotations

import argparse
import sys

from voiceapp.cli import add_db_argument

EPILOG = """\
Layouts recognised: Microsoft Forms (.xlsx), Google Forms (.csv), SurveyMonkey (.csv/.xlsx with
two header rows), SmartSurvey (.csv), the voiceapp template (see docs/import_template.md), and any
other spreadsheet whose columns are auto-detected. Sign in with VOICEAPP_USER/VOICEAPP_PASSWORD.
Exit codes: 0 imported (or everything was already imported), 1 nothing could be imported,
2 the file or options cannot be used (nothing written)."""


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "import", help="import a survey export (Microsoft Forms, Google Forms, SurveyMonkey, "
        "SmartSurvey) or the voiceapp template (CSV or XLSX)",
        description="Import a survey or feedback file. Each new row is analysed (themes, "
        "sentiment, safeguarding); rows imported before are skipped.",
        epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("file", metavar="FILE", help="the .csv or .xlsx file to import")
    add_db_argument(p)
    p.add_argument("--survey", metavar="NAME",
                   help="survey the responses belong to (default: from the file name)")
    p.add_argument("--edition", metavar="NAME",
                   help="edition of the survey, e.g. 2024 (default: from the file name or dates)")
    p.add_argument("--mapping", metavar="NAME|FILE",
                   help="a saved mapping's name, or a mapping .json file (default: auto-detect)")
    p.add_argument("--save-mapping", metavar="NAME",
                   help="save the mapping used under this name for the next edition")
    p.add_argument("--dry-run", action="store_true",
                   help="check every row and report problems without writing anything")
    p.add_argument("--strict", action="store_true",
                   help="import nothing if any row has an error (default: skip those rows)")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from voiceapp.commands._auth import cli_actor
    from voiceapp.db.engine import open_database
    from voiceapp.services import imports

    database = open_database(args.db)
    try:
        actor = cli_actor(database)
        mapping = imports.load_mapping(database, actor, args.mapping) if args.mapping else None
        result = imports.import_file(database, actor, args.file, mapping=mapping,
                                     survey=args.survey, edition=args.edition,
                                     dry_run=args.dry_run, strict=args.strict)
        if args.save_mapping and not args.dry_run:
            used = mapping or imports.preview_file(database, actor, args.file).mapping
            imports.save_mapping(database, actor, args.save_mapping, used)
    finally:
        database.dispose()
    _report(result)
    print(result.summary_line)
    if result.imported == 0 and (result.errors or result.rows_read == 0
                                 or result.duplicates == 0):
        return 1
    return 0


def _report(result) -> None:
    from voiceapp.services.imports import problems_report

    errors = [p for p in result.problems if p.severity == "error"]
    if errors:
        print(f"{len(errors):,} problems in {result.file_name} (these rows were not imported):",
              file=sys.stderr)
        for line in problems_report(errors):
            print(f"  {line}", file=sys.stderr)
    warnings = [p for p in result.problems if p.severity != "error"]
    if warnings and errors:
        print(f"and {len(warnings):,} warnings (rows imported; values left blank).",
              file=sys.stderr)
    elif warnings:
        print(f"{len(warnings):,} warnings in {result.file_name} (rows imported):",
              file=sys.stderr)
        for line in problems_report(warnings, limit=20):
            print(f"  {line}", file=sys.stderr)
    for note in result.notes:
        print(f"note: {note}", file=sys.stderr)
    if result.previously_imported:
        print(f"note: this file was imported before ({result.previously_imported}).",
              file=sys.stderr)
