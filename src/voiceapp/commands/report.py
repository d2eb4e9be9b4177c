"""`voiceapp report`: write the quarterly engagement report for a board.

    voiceapp report --db PATH --quarter 2023-24-Q2 --out FILE.pdf [--board NAME]
        [--format pdf|docx] [--large-print] [--author NAME] [--meeting-date DATE] [--draft]

Signs in (VOICEAPP_USER / VOICEAPP_PASSWORD, or a prompt); managers and board viewers may run
it. The format is --format, else the file extension. The file is written beside the target and
renamed at the end, so a failure never leaves half a report behind.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

from voiceapp.cli import add_db_argument
from voiceapp.errors import ValidationError, VoiceappError

FORMATS = ("pdf", "docx")


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "report", help="write the quarterly engagement report for a board (PDF or Word)",
        description="Write the quarterly engagement report for a board: what children, young "
        "people and families told the service in a financial quarter, compared with the "
        "previous quarter and the same quarter a year earlier, with complaints, compliments, "
        "surveys, events and You Said, We Did.")
    add_db_argument(p)
    p.add_argument("--quarter", required=True, metavar="QUARTER",
                   help="financial quarter, e.g. 2023-24-Q2 (Q1 is April to June)")
    p.add_argument("--out", required=True, metavar="FILE", help="output file (.pdf or .docx)")
    p.add_argument("--board", metavar="NAME",
                   help="the board the report is for (default: the first board in Settings)")
    p.add_argument("--format", choices=FORMATS,
                   help="pdf or docx (default: from the file extension, else pdf)")
    p.add_argument("--large-print", action="store_true", help="16 pt body text")
    p.add_argument("--author", metavar="NAME", default="",
                   help="who the report is by, printed on the cover (default: your name)")
    p.add_argument("--meeting-date", metavar="DATE",
                   help="the board meeting date, e.g. 10/12/2026 or 2026-12-10")
    p.add_argument("--draft", action="store_true", help="mark every page DRAFT")
    p.add_argument("--force", action="store_true", help="replace FILE if it exists")
    p.set_defaults(handler=run)


def _format(args: argparse.Namespace, out: Path) -> str:
    suffix = out.suffix.lower().lstrip(".")
    if args.format:
        if suffix and suffix in FORMATS and suffix != args.format:
            raise ValidationError(
                f"--format {args.format} does not match the file name {out.name}.",
                f"Name the file {out.stem}.{args.format}, or leave out --format.")
        return args.format
    if suffix in FORMATS:
        return suffix
    if suffix:
        raise ValidationError(f"voiceapp cannot write a .{suffix} file.",
                              "Name the file .pdf or .docx, or give --format pdf|docx.")
    return "pdf"


def _check_writable(out: Path, force: bool) -> None:
    if out.is_dir():
        raise ValidationError(f"{out} is a folder.", "Give a file name, e.g. report.pdf.")
    if out.exists() and not force:
        raise ValidationError(f"{out} already exists.",
                              "Use --force to replace it, or choose another file name.")
    folder = out.parent
    if not folder.exists():
        raise ValidationError(f"The folder {folder} does not exist.",
                              "Create it first, or write the report somewhere else.")
    if not os.access(folder, os.W_OK):
        raise ValidationError(f"voiceapp cannot write in the folder {folder}.",
                              "Choose a folder you can write to.")


def run(args: argparse.Namespace) -> int:
    from voiceapp.domain.quarters import FinancialQuarter

    try:
        quarter = FinancialQuarter.parse(args.quarter)
    except ValueError as exc:
        raise ValidationError(str(exc), "For example: --quarter 2023-24-Q2.",
                              field="quarter") from None
    out = Path(args.out).expanduser()
    fmt = _format(args, out)
    _check_writable(out, args.force)
    meeting = None
    if args.meeting_date:
        from voiceapp.commands.yswd import parse_date

        meeting = parse_date(args.meeting_date, "meeting date")

    from voiceapp.commands._auth import cli_actor
    from voiceapp.db.engine import open_database
    from voiceapp.reports.quarterly import ReportOptions, write_quarterly_report
    from voiceapp.services import reporting

    started = time.perf_counter()
    database = open_database(args.db)
    try:
        actor = cli_actor(database)
        report = reporting.quarterly_report_data(database, actor, quarter, board=args.board)
        author = args.author.strip() or reporting.author_name(database, actor)
        opts = ReportOptions(board=report.board, meeting_date=meeting, author=author,
                             large_print=args.large_print, draft=args.draft)
        fd, tmp_name = tempfile.mkstemp(prefix=f".{out.stem}.", suffix=f".part.{fmt}",
                                        dir=out.parent)
        os.close(fd)
        tmp = Path(tmp_name)
        try:
            write_quarterly_report(report, tmp, opts, fmt)
            tmp.replace(out)
        except OSError as exc:
            raise VoiceappError(f"voiceapp could not write {out} ({exc.strerror or exc}).",
                                "Check you can write to that folder and that the file is not "
                                "open in another program.") from exc
        finally:
            tmp.unlink(missing_ok=True)
        reporting.record_report_written(database, actor, quarter, str(out), fmt)
    finally:
        database.dispose()
    print(f"Wrote the {report.label} quarterly engagement report for the {report.board} "
          f"({fmt.upper()}{', large print' if args.large_print else ''}"
          f"{', draft' if args.draft else ''}) to {out} in "
          f"{time.perf_counter() - started:.1f} s.")
    return 0
