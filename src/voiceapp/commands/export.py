"""`voiceapp export`: filtered records to CSV or XLSX for analysts (redacted by default)."""

from __future__ import annotations

import argparse

from voiceapp.cli import add_db_argument

EPILOG = """\
Redacted by default: names, contacts and identifying details are removed from the text and
safeguarding-flagged text is withheld. --unredacted needs a manager's role and is audited.
--anonymised writes the analysis dataset described in docs/analysis_dataset.md.
XLSX files have one sheet each for records, themes and actions."""


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "export", help="export filtered records to CSV or XLSX (redacted by default)",
        description="Export feedback records for analysis.", epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    add_db_argument(p)
    p.add_argument("--out", required=True, metavar="FILE.csv|FILE.xlsx", help="file to write")
    p.add_argument("--from", dest="date_from", metavar="DATE", help="received on or after")
    p.add_argument("--to", dest="date_to", metavar="DATE", help="received on or before")
    p.add_argument("--quarter", metavar="2023-24-Q2", help="a financial quarter (Q1 is April-June)")
    p.add_argument("--kind", help="record kind, e.g. complaint, compliment, survey_response")
    p.add_argument("--service-area", metavar="CODE", help="service area code, e.g. send_ehc")
    p.add_argument("--theme", metavar="SLUG", help="theme slug (its sub-themes included)")
    p.add_argument("--sentiment", choices=["positive", "neutral", "negative"])
    group = p.add_mutually_exclusive_group()
    group.add_argument("--anonymised", action="store_true",
                       help="the anonymised analysis dataset (no identifiers)")
    group.add_argument("--unredacted", action="store_true",
                       help="full text and respondent details (managers only; audited)")
    p.add_argument("--with-text", action="store_true",
                   help="with --anonymised: add redacted text of records whose author consented")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from voiceapp.commands._auth import cli_actor
    from voiceapp.db.engine import open_database
    from voiceapp.services.exports import ExportFilters, export_records

    filters = ExportFilters.from_dict(dict(
        date_from=args.date_from, date_to=args.date_to, quarter=args.quarter, kind=args.kind,
        service_area=args.service_area, theme=args.theme, sentiment=args.sentiment))
    database = open_database(args.db)
    try:
        actor = cli_actor(database)
        result = export_records(database, actor, args.out, filters,
                                redacted=not args.unredacted, anonymised=args.anonymised,
                                include_text=args.with_text)
    finally:
        database.dispose()
    print(result.message)
    return 0
