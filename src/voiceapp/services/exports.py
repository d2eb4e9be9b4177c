"""Export records for analysts: CSV or XLSX, redacted by default, streamed in chunks.

- Filtering happens in SQL; rows are read in chunks (`yield_per`) and written as they come, so a
  million records never sit in memory at once. XLSX is written with openpyxl's write-only mode.
- Redacted (the default): free text passes through the same rule as every other output
  (services.publication: names the database knows, emails, phones, postcodes removed), text of
  safeguarding-flagged records is withheld, and respondent names and contacts are left out.
- Unredacted needs Permission.EXPORT_UNREDACTED (managers); even then an anonymous respondent's
  details are never written. Every export is audited, unredacted ones saying so.
- The anonymised analysis dataset (docs/analysis_dataset.md) has no identifiers at all: no
  record ids, no names or contacts, dates to the month, text only when quotable and redacted.
- Any text cell that starts with =, +, -, @, tab or carriage return gets a leading apostrophe,
  so a spreadsheet program shows it as text instead of running it as a formula.
"""

from __future__ import annotations

import csv
import os
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, Protocol

from sqlalchemy import String, cast, func, select
from sqlalchemy.orm import Session

from voiceapp.db.engine import Database
from voiceapp.db.models import (
    Action,
    ActionFeedbackLink,
    EngagementEvent,
    Feedback,
    FeedbackTheme,
    ReferenceItem,
    Survey,
    SurveyAnswer,
    SurveyEdition,
    SurveyQuestion,
    SurveyResponse,
    Theme,
)
from voiceapp.domain.enums import RecordKind, SentimentLabel, ThemeLinkStatus
from voiceapp.domain.quarters import FinancialQuarter
from voiceapp.errors import ValidationError

from . import audit
from .context import Actor
from .feedback import FeedbackFilter
from .feedback import filter_conditions as feedback_filter_conditions
from .permissions import Permission, allowed, require

# services/publication.py owns the rule for what may leave the app (quotable text, respondent
# details, known names); exports use it rather than a rule of their own.
from .publication import known_names as _known_names
from .publication import quotable as _quotable
from .publication import respondent_details as _respondent_details

CHUNK = 2_000
XLSX_MAX_ROWS = 1_048_575  # Excel's limit, less the heading row
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
WITHHELD = "[withheld: flagged for safeguarding review]"


class TaskLike(Protocol):
    def check(self) -> None: ...

    def progress(self, fraction: float, text: str = "") -> None: ...


# --------------------------------------------------------------------------- filters


@dataclass(frozen=True)
class ExportFilters:
    date_from: date | None = None
    date_to: date | None = None
    quarter: str | None = None  # "2023-24-Q2"
    kind: str | None = None  # RecordKind value
    service_area: str | None = None  # reference code, e.g. "send_ehc"
    theme: str | None = None  # theme slug (its sub-codes included)
    sentiment: str | None = None  # SentimentLabel value (an officer's override wins)

    @classmethod
    def from_dict(cls, data: dict | None) -> ExportFilters:
        """From a plain dict (the Feedback page's filters); unknown keys are ignored and
        'from'/'to'/'start'/'end' are taken as the date range."""
        aliases = {"from": "date_from", "to": "date_to", "start": "date_from", "end": "date_to",
                   "theme_slug": "theme", "area": "service_area", "sentiment_label": "sentiment"}
        data = {aliases.get(k, k): v for k, v in (data or {}).items()}
        data = {k: v for k, v in data.items() if k in cls.__dataclass_fields__ and v}
        for k in ("quarter", "kind", "service_area", "theme", "sentiment"):
            if k in data and not isinstance(data[k], str):
                data[k] = str(getattr(data[k], "code", data[k]))
        for k in ("date_from", "date_to"):
            if isinstance(data.get(k), str):
                data[k] = _parse_iso(data[k], k)
        return cls(**data)

    def describe(self) -> str:
        parts = []
        if self.quarter:
            parts.append(f"quarter {self.quarter}")
        if self.date_from or self.date_to:
            parts.append(f"received {self.date_from or '…'} to {self.date_to or '…'}")
        for label, value in (("kind", self.kind), ("service area", self.service_area),
                             ("theme", self.theme), ("sentiment", self.sentiment)):
            if value:
                parts.append(f"{label} {value}")
        return ", ".join(parts) or "all records"


def _parse_iso(value: str, name: str) -> date:
    from .importers.values import parse_date

    try:
        return parse_date(value)
    except ValueError as exc:
        raise ValidationError(f"The {name.replace('_', ' ')} is not a date: {exc}.",
                              "Write dates like 2024-04-01 or 01/04/2024.", field=name) from None


@dataclass(frozen=True)
class ExportResult:
    path: str
    format: str  # "csv" or "xlsx"
    records: int
    theme_rows: int
    action_rows: int
    redacted: bool
    anonymised: bool
    filters: str

    @property
    def message(self) -> str:
        what = ("anonymised analysis dataset" if self.anonymised
                else "redacted records" if self.redacted else "UNREDACTED records")
        return f"Exported {self.records:,} {what} ({self.filters}) to {self.path}."


def neutralise(value: Any) -> Any:
    """A cell value that cannot run as a formula in Excel or LibreOffice."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


@dataclass(frozen=True)
class ExportChoices:
    """What the export dialog's filter lists offer."""

    kinds: list[tuple[str, str]]
    service_areas: list[tuple[str, str]]
    themes: list[tuple[str, str]]  # (slug, name), sub-themes indented
    quarters: list[str]  # most recent first
    sentiments: list[str]
    may_unredact: bool


def export_choices(db: Database, actor: Actor) -> ExportChoices:
    require(actor, Permission.EXPORT_REDACTED)
    with db.read_session() as s:
        areas = s.execute(select(ReferenceItem.code, ReferenceItem.label)
                          .where(ReferenceItem.list_name == "service_area")
                          .order_by(ReferenceItem.sort_order)).all()
        themes = s.execute(select(Theme.id, Theme.slug, Theme.name, Theme.parent_id)
                           .where(Theme.retired.is_(False))
                           .order_by(Theme.sort_order, Theme.name)).all()
        first, last = s.execute(select(func.min(Feedback.received_on),
                                       func.max(Feedback.received_on))).one()
    by_parent: dict = defaultdict(list)
    for t in themes:
        by_parent[t.parent_id].append(t)
    ordered: list[tuple[str, str]] = []
    for top in by_parent.get(None, []):
        ordered.append((top.slug, top.name))
        ordered.extend((c.slug, f"    {c.name}") for c in by_parent.get(top.id, []))
    quarters: list[str] = []
    if first and last:
        q, stop = FinancialQuarter.containing(last), FinancialQuarter.containing(first)
        while q >= stop and len(quarters) < 24:
            quarters.append(q.code)
            q = q.previous()
    return ExportChoices([(k.value, k.label) for k in RecordKind], list(map(tuple, areas)),
                         ordered, quarters, [x.value for x in SentimentLabel],
                         allowed(actor, Permission.EXPORT_UNREDACTED))


# --------------------------------------------------------------------------- known names

def _redactor(db: Database) -> Callable[[str], str]:
    """publication.public_quote with the known names compiled once (the same redaction, but
    fast enough for a million rows)."""
    from voiceapp.analysis.redaction import Redactor

    redactor = Redactor(_known_names(db))
    return lambda text: redactor.redact(text or "")


# --------------------------------------------------------------------------- query building


def _conditions(s: Session, f: ExportFilters) -> list:
    conds = []
    if f.date_from and f.date_to and f.date_from > f.date_to:
        raise ValidationError("The 'from' date is after the 'to' date.",
                              "Swap them or correct one.", field="date_from")
    if f.date_from:
        conds.append(Feedback.received_on >= f.date_from)
    if f.date_to:
        conds.append(Feedback.received_on <= f.date_to)
    if f.quarter:
        try:
            q = FinancialQuarter.parse(f.quarter)
        except ValueError as exc:
            raise ValidationError(str(exc)[:1].upper() + str(exc)[1:] + ".",
                                  "Q1 is April to June.", field="quarter") from None
        conds.append(Feedback.received_on.between(q.start, q.end))
    if f.kind:
        if f.kind not in {k.value for k in RecordKind}:
            raise ValidationError(f"{f.kind!r} is not a record kind.",
                                  "Use one of: " + ", ".join(k.value for k in RecordKind) + ".",
                                  field="kind")
        conds.append(Feedback.kind == f.kind)
    if f.service_area:
        rid = s.scalar(select(ReferenceItem.id).where(ReferenceItem.list_name == "service_area",
                                                      ReferenceItem.code == f.service_area))
        if rid is None:
            codes = s.scalars(select(ReferenceItem.code)
                              .where(ReferenceItem.list_name == "service_area")
                              .order_by(ReferenceItem.sort_order)).all()
            raise ValidationError(f"{f.service_area!r} is not a service area code.",
                                  "Use one of: " + ", ".join(codes) + ".", field="service_area")
        conds.append(Feedback.service_area_id == rid)
    if f.theme:
        themes = s.execute(select(Theme.id, Theme.slug, Theme.parent_id)).all()
        root = next((t.id for t in themes if t.slug == f.theme), None)
        if root is None:
            raise ValidationError(f"{f.theme!r} is not a theme in the codebook.",
                                  "Use a theme's slug, e.g. communication or "
                                  "communication.kept_informed.", field="theme")
        children = defaultdict(list)
        for t in themes:
            children[t.parent_id].append(t.id)
        ids, stack = set(), [root]
        while stack:
            tid = stack.pop()
            ids.add(tid)
            stack.extend(children.get(tid, []))
        conds.append(Feedback.id.in_(
            select(FeedbackTheme.feedback_id).where(
                FeedbackTheme.theme_id.in_(ids),
                FeedbackTheme.status != ThemeLinkStatus.REJECTED.value)))
    if f.sentiment:
        if f.sentiment not in {x.value for x in SentimentLabel}:
            raise ValidationError(f"{f.sentiment!r} is not a sentiment.",
                                  "Use positive, neutral or negative.", field="sentiment")
        conds.append(func.coalesce(Feedback.sentiment_override, Feedback.sentiment_label)
                     == f.sentiment)
    return conds


def _labels(s: Session) -> dict[int, tuple[str, str]]:
    return {rid: (code, label) for rid, code, label in
            s.execute(select(ReferenceItem.id, ReferenceItem.code, ReferenceItem.label))}


def _themes_for(s: Session, ids: list[int]) -> dict[int, list[tuple[str, str, str, str, float]]]:
    """feedback id -> [(slug, name, status, source, confidence)] for non-rejected links."""
    out: dict[int, list] = defaultdict(list)
    if not ids:
        return out
    rows = s.execute(
        select(FeedbackTheme.feedback_id, Theme.slug, Theme.name, FeedbackTheme.status,
               FeedbackTheme.source, FeedbackTheme.confidence)
        .join(Theme, Theme.id == FeedbackTheme.theme_id)
        .where(FeedbackTheme.feedback_id.in_(ids),
               FeedbackTheme.status != ThemeLinkStatus.REJECTED.value)
        .order_by(FeedbackTheme.feedback_id, FeedbackTheme.confidence.desc()))
    for fid, slug, name, status, source, conf in rows:
        out[fid].append((slug, name, status, source, conf))
    return out


def _stream(s: Session, stmt, chunk: int = CHUNK) -> Iterator[list]:
    """Rows in chunks, read with a server-side cursor where the database has one."""
    result = s.execute(stmt.execution_options(yield_per=chunk, stream_results=True))
    yield from result.partitions(chunk)


# --------------------------------------------------------------------------- writers


class _Writer:
    """One CSV file, or one XLSX workbook with a sheet per entity (write-only, streamed)."""

    def __init__(self, path: Path, fmt: str) -> None:
        self.fmt = fmt
        self.path = path
        self.sheet = None
        if fmt == "csv":
            # Kept open while rows stream in; closed by close()/abort(). BOM: Excel reads £.
            self._fh = open(path, "w", encoding="utf-8-sig", newline="")  # noqa: SIM115
            self._csv = csv.writer(self._fh, lineterminator="\r\n")
            self._csv_used = False
        else:
            from openpyxl import Workbook

            self.wb = Workbook(write_only=True)

    def start_sheet(self, title: str, headers: list[str], widths: dict[int, int] | None = None):
        if self.fmt == "csv":
            if self._csv_used:
                self.sheet = None  # CSV holds the first table only
                return None
            self._csv_used = True
            self._csv.writerow([neutralise(h) for h in headers])
            self.sheet = "csv"
            return self.sheet
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.styles import Font
        from openpyxl.utils import get_column_letter

        ws = self.wb.create_sheet(title)
        ws.freeze_panes = "A2"
        for i, h in enumerate(headers, start=1):
            ws.column_dimensions[get_column_letter(i)].width = (widths or {}).get(
                i - 1, max(10, min(len(h) + 2, 40)))
        cells = []
        for h in headers:
            c = WriteOnlyCell(ws, value=neutralise(h))
            c.font = Font(bold=True)
            cells.append(c)
        ws.append(cells)
        self.sheet = ws
        return ws

    def rows(self, rows: Iterable[list], sheet: Any = None) -> None:
        """Append rows to the current sheet, or to `sheet` (write-only sheets stream to their
        own temporary files, so rows may go to several sheets in turn)."""
        target = sheet if sheet is not None else self.sheet
        if target is None:
            return
        if self.fmt == "csv":
            self._csv.writerows([neutralise(v) for v in r] for r in rows)
        else:
            for r in rows:
                target.append([neutralise(_xlsx_value(v)) for v in r])

    def close(self) -> None:
        if self.fmt == "csv":
            self._fh.close()
        else:
            self.wb.save(self.path)

    def abort(self) -> None:
        if self.fmt == "csv":
            self._fh.close()


def _xlsx_value(v: Any) -> Any:
    # openpyxl refuses control characters that XML cannot hold; drop them rather than fail.
    if isinstance(v, str):
        return "".join(ch for ch in v if ch in "\t\n\r" or ord(ch) >= 32)
    return v


# --------------------------------------------------------------------------- export


RECORD_COLUMNS = [
    "record_id", "kind", "received_on", "financial_quarter", "channel", "respondent_role",
    "service_area", "team", "district", "age_band", "text", "anonymous", "consent_quote",
    "consent_contact", "sentiment", "sentiment_score", "sentiment_overridden", "themes",
    "themes_confirmed", "safeguarding_flag", "needs_review", "imported",
]
PERSONAL_COLUMNS = ["respondent_name", "respondent_contact"]
THEME_COLUMNS = ["record_id", "theme_slug", "theme", "status", "source", "confidence"]
ACTION_COLUMNS = ["reference", "said", "we_did", "owner", "service_area", "due_on", "status",
                  "published", "linked_records_in_export"]


# An export of selected records passes their ids to the database as parameters; SQLite takes
# at most 32,766 in one statement. Filters select any number of records.
MAX_SELECTED = 30_000


def _narrowing(s: Session, also: FeedbackFilter | None, record_ids: Sequence[int] | None
               ) -> list:
    conds = feedback_filter_conditions(s, also) if also is not None else []
    if record_ids is not None:
        conds.append(Feedback.id.in_(list(record_ids)))
    return conds


def _describe(s: Session, f: ExportFilters, also: FeedbackFilter | None,
              record_ids: Sequence[int] | None) -> str:
    """The export's filters in words, for the result message and the audit trail."""
    parts = [] if f.describe() == "all records" else [f.describe()]
    if also is not None and not also.is_empty():
        labels = dict(s.execute(select(ReferenceItem.id, ReferenceItem.label)).all())
        themes = dict(s.execute(select(Theme.id, Theme.name)).all())
        events = dict(s.execute(select(EngagementEvent.id, EngagementEvent.name)).all()) \
            if also.event_id is not None else {}
        parts.append(also.describe(labels.get, themes.get, events.get))
    if record_ids is not None:
        parts.append(f"{len(record_ids):,} selected records")
    return ", ".join(parts) or "all records"


def export_records(db: Database, actor: Actor, out: str | Path,
                   filters: ExportFilters | dict | None = None, *,
                   also: FeedbackFilter | None = None,
                   record_ids: Sequence[int] | None = None, redacted: bool = True,
                   anonymised: bool = False, include_text: bool = False,
                   task: TaskLike | None = None) -> ExportResult:
    """Write the filtered records to `out` (.csv or .xlsx). See the module docstring.

    `also` narrows the export further by the Feedback page's other filters (district, team,
    role, search, safeguarding, consent, review state), and `record_ids` to the records a user
    selected, so "export what I see" never writes more records than the user was looking at."""
    require(actor, Permission.EXPORT_REDACTED)
    if not redacted and not anonymised:
        require(actor, Permission.EXPORT_UNREDACTED)
    f = filters if isinstance(filters, ExportFilters) else ExportFilters.from_dict(filters)
    if record_ids is not None:
        record_ids = sorted({int(i) for i in record_ids})
        if not record_ids:
            raise ValidationError("No records are selected.",
                                  "Select records in the table, or export by the filters "
                                  "instead.", field="record_ids")
        if len(record_ids) > MAX_SELECTED:
            raise ValidationError(
                f"{len(record_ids):,} records are selected; an export of selected records "
                f"takes at most {MAX_SELECTED:,}.",
                "Export by the filters instead (they can select any number of records), or "
                "select fewer.", field="record_ids")
    path = Path(out)
    fmt = path.suffix.lower().lstrip(".")
    if fmt not in ("csv", "xlsx"):
        given = path.suffix or "a file with no extension"
        raise ValidationError(f"voiceapp exports to .csv or .xlsx, not {given}.",
                              "End the file name with .csv or .xlsx.", field="out")
    if not path.parent.exists():
        raise ValidationError(f"The folder {path.parent} does not exist.",
                              "Choose a folder that exists.", field="out")
    partial = path.with_name(path.name + ".partial")
    with db.read_session() as s:
        conds = _conditions(s, f) + _narrowing(s, also, record_ids)
        total = s.scalar(select(func.count()).select_from(Feedback).where(*conds)) or 0
    if fmt == "xlsx" and total > XLSX_MAX_ROWS:
        raise ValidationError(f"{total:,} records are more than one Excel sheet holds "
                              f"({XLSX_MAX_ROWS:,}).", "Export to .csv, or narrow the filters.")
    try:
        writer = _Writer(partial, fmt)
    except OSError as exc:
        raise ValidationError(f"voiceapp cannot write {path} ({exc.strerror}).",
                              "Choose another folder or file name.", field="out") from None
    counts = dict(records=0, themes=0, actions=0)
    try:
        with db.read_session() as s:
            conds = _conditions(s, f) + _narrowing(s, also, record_ids)
            if anonymised:
                _write_anonymised(db, s, writer, conds, total, include_text, counts, task, f)
            else:
                _write_records(db, s, writer, conds, total, redacted, counts, task)
        writer.close()
    except BaseException:
        writer.abort()
        partial.unlink(missing_ok=True)
        raise
    with db.read_session() as s:
        described = _describe(s, f, also, record_ids)
    result = ExportResult(str(path), fmt, counts["records"], counts["themes"], counts["actions"],
                          redacted or anonymised, anonymised, described)
    what = ("anonymised dataset" if anonymised else "redacted" if redacted else "UNREDACTED")
    try:
        with db.session() as s:
            audit.record(s, actor, "export", "feedback", None,
                         summary=f"Exported {counts['records']:,} records ({what}) to "
                                 f"{path.name}; filters: {described}",
                         after=dict(file=path.name, format=fmt, redacted=redacted or anonymised,
                                    anonymised=anonymised, include_text=include_text,
                                    filters={k: v for k, v in asdict(f).items() if v},
                                    also=also.to_dict() if also is not None else {},
                                    selected=len(record_ids) if record_ids is not None
                                    else None,
                                    **counts))
        os.replace(partial, path)
    except BaseException:
        # An export that could not be audited is not left behind.
        partial.unlink(missing_ok=True)
        raise
    if task is not None:
        task.progress(1.0, "Done")
    return result


def _progress(task: TaskLike | None, done: int, total: int) -> None:
    if task is not None:
        task.check()
        task.progress(0.95 * done / max(total, 1), f"Exported {done:,} of {total:,} records")


def _write_records(db: Database, s: Session, writer: _Writer, conds: list, total: int,
                   redacted: bool, counts: dict, task: TaskLike | None) -> None:
    labels = _labels(s)
    redact = _redactor(db) if redacted else None
    headers = RECORD_COLUMNS + ([] if redacted else PERSONAL_COLUMNS)
    records_sheet = writer.start_sheet("Records", headers, {10: 80})
    # XLSX: the themes sheet fills as the records stream, so nothing accumulates in memory.
    themes_sheet = writer.start_sheet("Themes", THEME_COLUMNS) if writer.fmt == "xlsx" else None
    stmt = (select(Feedback.id, Feedback.kind, Feedback.received_on, Feedback.channel_id,
                   Feedback.respondent_role_id, Feedback.service_area_id, Feedback.team_id,
                   Feedback.district_id, Feedback.age_band, Feedback.text, Feedback.anonymous,
                   Feedback.consent_quote, Feedback.consent_contact, Feedback.sentiment_label,
                   Feedback.sentiment_override, Feedback.sentiment_score,
                   Feedback.safeguarding_flag, Feedback.needs_review, Feedback.import_batch_id,
                   Feedback.respondent_name, Feedback.respondent_contact, Feedback.anonymised_at)
            .where(*conds).order_by(Feedback.id))
    for chunk in _stream(s, stmt):
        with db.read_session() as side:  # a second connection while the cursor streams
            themes = _themes_for(side, [r.id for r in chunk])
        out, theme_rows = [], []
        for r in chunk:
            links = themes.get(r.id, [])
            text = r.text or ""
            if redact is not None:
                text = WITHHELD if r.safeguarding_flag and text else redact(text)
            row = [
                r.id, r.kind, r.received_on, FinancialQuarter.containing(r.received_on).code,
                _lab(labels, r.channel_id), _lab(labels, r.respondent_role_id),
                _lab(labels, r.service_area_id), _lab(labels, r.team_id),
                _lab(labels, r.district_id), r.age_band or "", text, _yn(r.anonymous),
                _yn(r.consent_quote), _yn(r.consent_contact),
                r.sentiment_override or r.sentiment_label or "",
                None if r.sentiment_score is None else round(r.sentiment_score, 3),
                _yn(r.sentiment_override is not None),
                "; ".join(t[0] for t in links),
                "; ".join(t[0] for t in links if t[2] == ThemeLinkStatus.CONFIRMED.value),
                _yn(r.safeguarding_flag), _yn(r.needs_review), _yn(r.import_batch_id is not None),
            ]
            if redact is None:
                details = _respondent_details(r._mapping) or {}
                row += [details.get("name") or "", details.get("contact") or ""]
            out.append(row)
            if themes_sheet is not None:
                theme_rows.extend([r.id, slug, name, status, source,
                                   None if conf is None else round(conf, 3)]
                                  for slug, name, status, source, conf in links)
        writer.rows(out, records_sheet)
        if themes_sheet is not None:
            writer.rows(theme_rows, themes_sheet)
            counts["themes"] += len(theme_rows)
        counts["records"] += len(out)
        _progress(task, counts["records"], total)
    if writer.fmt != "xlsx":
        return
    # Actions linked to the exported records, with how many of them each is linked to.
    linked = (select(ActionFeedbackLink.action_id, func.count().label("n"))
              .join(Feedback, Feedback.id == ActionFeedbackLink.feedback_id)
              .where(*conds).group_by(ActionFeedbackLink.action_id).subquery())
    actions = s.execute(
        select(Action.reference, Action.said_summary, Action.we_did, Action.owner_role,
               Action.service_area_id, Action.due_on, Action.current_status, Action.publish,
               linked.c.n)
        .join(linked, linked.c.action_id == Action.id).order_by(Action.reference)).all()
    writer.start_sheet("Actions", ACTION_COLUMNS, {1: 60, 2: 60})
    writer.rows([[a.reference, redact(a.said_summary) if redact else a.said_summary,
                  redact(a.we_did) if redact else a.we_did, a.owner_role,
                  _lab(labels, a.service_area_id), a.due_on, a.current_status, _yn(a.publish),
                  a.n] for a in actions])
    counts["actions"] = len(actions)
    writer.start_sheet("About", ["item", "value"], {0: 22, 1: 90})
    writer.rows([
        ["exported_at", datetime.now().strftime("%d/%m/%Y %H:%M")],
        ["redacted", "yes: names, contacts and identifying details removed; safeguarding-flagged "
         "text withheld" if redacted else "NO: contains personal data; handle as OFFICIAL-"
         "SENSITIVE"],
        ["records", counts["records"]],
    ])


ANON_COLUMNS_BASE = [
    "financial_year", "quarter", "month", "kind", "channel", "respondent_role", "service_area",
    "district", "age_band", "sentiment", "sentiment_score", "reviewed",
]


def _write_anonymised(db: Database, s: Session, writer: _Writer, conds: list, total: int,
                      include_text: bool, counts: dict, task: TaskLike | None,
                      f: ExportFilters) -> None:
    labels = _labels(s)
    top = s.execute(select(Theme.id, Theme.slug, Theme.parent_id)).all()
    parent = {t.id: t.parent_id for t in top}
    slug_of = {t.id: t.slug for t in top}
    tops = sorted(t.slug for t in top if t.parent_id is None)

    def root_slug(tid: int) -> str:
        seen = set()
        while parent.get(tid) is not None and tid not in seen:
            seen.add(tid)
            tid = parent[tid]
        return slug_of[tid]

    redact = _redactor(db) if include_text else None
    headers = ANON_COLUMNS_BASE + [f"theme_{t}" for t in tops] + (
        ["text_redacted"] if include_text else [])
    writer.start_sheet("Records", headers)
    # Ordered by date and category, not by record id, so row position carries no identifier.
    stmt = (select(Feedback.id, Feedback.kind, Feedback.received_on, Feedback.channel_id,
                   Feedback.respondent_role_id, Feedback.service_area_id, Feedback.district_id,
                   Feedback.age_band, Feedback.sentiment_label, Feedback.sentiment_override,
                   Feedback.sentiment_score, Feedback.needs_review, Feedback.text,
                   Feedback.consent_quote, Feedback.safeguarding_flag, Feedback.anonymised_at)
            .where(*conds)
            .order_by(Feedback.received_on, Feedback.kind, Feedback.service_area_id,
                      Feedback.sentiment_score, Feedback.id))
    for chunk in _stream(s, stmt):
        with db.read_session() as side:
            rows = side.execute(select(FeedbackTheme.feedback_id, FeedbackTheme.theme_id).where(
                FeedbackTheme.feedback_id.in_([r.id for r in chunk]),
                FeedbackTheme.status != ThemeLinkStatus.REJECTED.value)).all()
        roots: dict[int, set[str]] = defaultdict(set)
        for fid, tid in rows:
            roots[fid].add(root_slug(tid))
        out = []
        for r in chunk:
            q = FinancialQuarter.containing(r.received_on)
            row = [q.fy_label, f"Q{q.number}", r.received_on.strftime("%Y-%m"), r.kind,
                   _code(labels, r.channel_id), _code(labels, r.respondent_role_id),
                   _code(labels, r.service_area_id), _code(labels, r.district_id),
                   r.age_band or "", r.sentiment_override or r.sentiment_label or "",
                   None if r.sentiment_score is None else round(r.sentiment_score, 2),
                   _yn(not r.needs_review)]
            row += [1 if t in roots.get(r.id, ()) else 0 for t in tops]
            if redact is not None:
                row.append(redact(r.text) if _quotable(r._mapping) else "")
            out.append(row)
        writer.rows(out)
        counts["records"] += len(out)
        _progress(task, counts["records"], total)
    if writer.fmt != "xlsx":
        return
    # Survey results as counts per answer (small counts kept as rows, not suppressed: the
    # analyst applies the "<5" rule before anything is published). Responses are chosen by the
    # date filters only: a rating has no theme, sentiment or service area of its own.
    if f.kind and f.kind != RecordKind.SURVEY_RESPONSE.value:
        return
    answer = func.coalesce(cast(SurveyAnswer.rating, String), SurveyAnswer.choice)
    when = []
    if f.date_from:
        when.append(SurveyResponse.submitted_on >= f.date_from)
    if f.date_to:
        when.append(SurveyResponse.submitted_on <= f.date_to)
    if f.quarter:
        q = FinancialQuarter.parse(f.quarter)
        when.append(SurveyResponse.submitted_on.between(q.start, q.end))
    results = s.execute(
        select(Survey.name, SurveyEdition.name, SurveyQuestion.key, SurveyQuestion.text,
               SurveyQuestion.qtype, answer.label("answer"), func.count())
        .join(SurveyEdition, SurveyEdition.survey_id == Survey.id)
        .join(SurveyQuestion, SurveyQuestion.edition_id == SurveyEdition.id)
        .join(SurveyAnswer, SurveyAnswer.question_id == SurveyQuestion.id)
        .join(SurveyResponse, SurveyResponse.id == SurveyAnswer.response_id)
        .where(SurveyQuestion.qtype != "text", *when)
        .group_by(Survey.name, SurveyEdition.name, SurveyQuestion.key, SurveyQuestion.text,
                  SurveyQuestion.qtype, answer)
        .order_by(Survey.name, SurveyEdition.name, SurveyQuestion.key, answer)).all()
    writer.start_sheet("Survey results", ["survey", "edition", "question_key", "question",
                                          "question_type", "answer", "responses"], {3: 60})
    writer.rows([list(r) for r in results])
    counts["themes"] = len(results)


def _lab(labels: dict, rid: int | None) -> str:
    return labels[rid][1] if rid in labels else ""


def _code(labels: dict, rid: int | None) -> str:
    return labels[rid][0] if rid in labels else ""


def _yn(value: Any) -> str:
    return "yes" if value else "no"
