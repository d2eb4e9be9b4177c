"""`voiceapp yswd`: write the public "You Said, We Did" summary or the board action tracker.

    voiceapp yswd --db PATH --out FILE.pdf|FILE.docx [--from DATE --to DATE] [--tracker]

The format follows the file extension. Dates may be ISO (2026-09-30) or UK style (30/09/2026).
For the public summary, --from/--to is the period (default: everything up to today). For the
tracker (--tracker), --to is the as-at date (default today) and --from the date to compare
with (default: the last as-at date before it).
"""

from __future__ import annotations

import argparse
import re
import sys
from datetime import date, datetime
from pathlib import Path

from voiceapp.cli import add_db_argument
from voiceapp.errors import ValidationError, VoiceappError

FORMATS = (".pdf", ".docx")


def parse_date(text: str, what: str = "date") -> date:
    """ISO (2026-09-30) or UK (30/09/2026, 30-09-2026, 30.09.2026) dates; anything else is a
    clear error. US-style month-first dates are not accepted."""
    raw = (text or "").strip()
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw):
            return date.fromisoformat(raw)
        m = re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", raw)
        if m:
            return date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
    except ValueError as exc:
        raise ValidationError(f"The {what} {text!r} is not a real date ({exc}).",
                              "Write it as 30/09/2026 or 2026-09-30.") from exc
    raise ValidationError(f"The {what} {text!r} is not a date voiceapp understands.",
                          "Write it as 30/09/2026 (day/month/year) or 2026-09-30.")


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "yswd", help="write the public You Said, We Did summary or the board action tracker",
        description="Write the public \u201cYou Said, We Did\u201d summary (published actions, "
        "plain English, consented and redacted quotes) or, with --tracker, the board action "
        "tracker, as PDF or Word (.docx) by the file extension.")
    add_db_argument(p)
    p.add_argument("--out", required=True, metavar="FILE", help="output file: .pdf or .docx")
    p.add_argument("--from", dest="start", metavar="DATE",
                   help="summary: start of the period; tracker: the date to compare with")
    p.add_argument("--to", dest="end", metavar="DATE",
                   help="summary: end of the period; tracker: the as-at date (default today)")
    p.add_argument("--tracker", action="store_true", help="write the board action tracker")
    p.add_argument("--large-print", action="store_true", help="16 pt body text")
    p.add_argument("--force", action="store_true", help="replace FILE if it exists")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    out = Path(args.out).expanduser()
    suffix = out.suffix.lower()
    if suffix not in FORMATS:
        raise ValidationError(f"voiceapp cannot write {out.name}: the file must end in .pdf "
                              "or .docx.", "Choose the format by the file name, for example "
                              "summary.pdf or summary.docx.")
    if out.exists() and not args.force:
        raise ValidationError(f"{out} already exists.", "Use --force to replace it, or choose "
                              "another file name.")
    if not out.parent.exists():
        raise ValidationError(f"The folder {out.parent} does not exist.",
                              "Create it first, or write somewhere else.")
    start = parse_date(args.start, "--from date") if args.start else None
    end = parse_date(args.end, "--to date") if args.end else None
    if start and end and start > end:
        raise ValidationError(f"--from ({start:%d/%m/%Y}) is after --to ({end:%d/%m/%Y}).",
                              "Swap the dates.")

    from voiceapp.commands._auth import cli_actor
    from voiceapp.db.engine import open_database
    from voiceapp.services import yswd_documents as docs

    database = open_database(args.db)
    try:
        actor = cli_actor(database)
        try:
            if args.tracker:
                from voiceapp.reports.yswd_tracker import write_tracker

                document = docs.tracker_document(database, actor, end, start)
                write_tracker(document, _part(out), large_print=args.large_print)
                what = (f"action tracker as at {document.as_at:%d/%m/%Y}: "
                        f"{len(document.rows)} actions")
            else:
                from voiceapp.reports.yswd_public import write_public_summary

                summary = docs.public_summary(database, actor, start, end)
                write_public_summary(summary, _part(out), large_print=args.large_print)
                n = sum(len(t.actions) for t in summary.themes)
                what = (f"public summary ({summary.period_label}): {n} published actions in "
                        f"{len(summary.themes)} topics, {summary.quotes_used} quotes")
                if summary.unexplained_acronyms:
                    print("voiceapp: warning: these capitals are not spelt out anywhere: "
                          + ", ".join(summary.unexplained_acronyms)
                          + ". Write them in full in the actions' text.", file=sys.stderr)
            _part(out).replace(out)
        except OSError as exc:
            _part(out).unlink(missing_ok=True)
            raise VoiceappError(f"voiceapp could not write {out} ({exc.strerror or exc}).",
                                "Check the folder exists and you can write to it, and that "
                                "the file is not open in another program.") from exc
        except BaseException:
            _part(out).unlink(missing_ok=True)
            raise
        docs.record_document_written(database, actor,
                                     "yswd_tracker" if args.tracker else "yswd_public_summary",
                                     str(out), datetime.now())
    finally:
        database.dispose()
    print(f"Wrote the {what} to {out}.")
    return 0


def _part(out: Path) -> Path:
    # Written beside the target then renamed, so a failure never leaves half a document.
    return out.with_name(f".{out.stem}.part{out.suffix}")
