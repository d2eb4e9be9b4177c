"""Import survey and feedback files from the tools councils use.

The flow is the same from the desktop app and the command line:

1. `preview_file()` reads the file (encoding and layout detected, voiceapp.services.importers)
   and proposes a column mapping with a confidence per column.
2. `import_file(..., dry_run=True)` (or `check_file`) validates every row and returns a row-level
   report (row, column, problem, value) without writing anything.
3. `import_file()` validates again, skips rows already imported (each row's fingerprint is stored
   in feedback.source_key / survey_response.external_id), analyses the free text of the new rows
   with one Analyzer (`analyse_many`, in chunks, outside the write lock), then writes everything
   in ONE transaction with bulk inserts. A failure or Cancel (the task's `check()` between
   chunks) rolls the whole import back: the database is as it was.

Rows with errors are reported and not imported; with `strict=True` any error stops the whole
file. Re-importing a file whose rows were fixed therefore adds just the fixed rows.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import queue
import re
import threading
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from importlib import resources
from pathlib import Path
from typing import Any, Protocol

from sqlalchemy import JSON, Boolean, func, insert, select, text, update
from sqlalchemy.orm import Session

from voiceapp.db.engine import Database
from voiceapp.db.models import (
    Compliment,
    Feedback,
    FeedbackTheme,
    ImportBatch,
    ImportMapping,
    ReferenceItem,
    SafeguardingReview,
    Survey,
    SurveyAnswer,
    SurveyEdition,
    SurveyQuestion,
    SurveyResponse,
    Theme,
    ThemeModelStore,
    User,
)
from voiceapp.domain.enums import QuestionType, RecordKind, ReferenceList, ThemeLinkStatus
from voiceapp.errors import NotFound, ValidationError

from . import audit, parallel_analysis
from .context import Actor
from .importers.mapping import FIELD_LABELS, QUESTION_FIELDS, Field, Mapping, auto_map
from .importers.reading import ImportFileError, Layout, Table, cell_text, is_blank, read_table
from .importers.values import (
    Vocabulary,
    normal,
    parse_age_band,
    parse_consent,
    parse_date,
    parse_kind,
    parse_rating,
)
from .permissions import Permission, require
from .records import analysis_columns, safeguarding_row, theme_link_rows

__all__ = [
    "ImportFileError",
    "ImportPreview",
    "ImportResult",
    "Layout",
    "Mapping",
    "RowProblem",
    "check_file",
    "import_file",
    "load_mapping",
    "preview_file",
    "save_mapping",
    "saved_mappings",
    "template_path",
]

MAX_TEXT_LENGTH = 20_000  # longer than any real answer; anything bigger is a pasted file
ANALYSE_CHUNK = 1_000
INSERT_CHUNK = 2_000
KEY_CHUNK = 500
REPEAT_TEXT_LENGTH = 80
PREVIEW_ROWS = 20
MAX_REPORTED = 5_000  # the row report keeps the first problems; counts stay exact
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_YEAR_SUFFIX = re.compile(r"^(.*?)[\s_-]*((?:19|20)\d{2}(?:[-_/]\d{2})?)$")


class TaskLike(Protocol):
    """What a background task offers (voiceapp.ui.workers.Task); services never import Qt."""

    def check(self) -> None: ...

    def progress(self, fraction: float, text: str = "") -> None: ...


# --------------------------------------------------------------------------- results


@dataclass(frozen=True)
class RowProblem:
    row: int  # the row number in the file (as a spreadsheet shows it); 0 for the whole file
    column: str
    problem: str
    value: str
    severity: str = "error"  # "error": the row is not imported; "warning": imported anyway

    def describe(self) -> str:
        where = f"Row {self.row}" if self.row else "File"
        col = f', column "{self.column}"' if self.column else ""
        val = self.value if len(self.value) <= 60 else self.value[:57] + "..."
        shown = f' (value: "{val}")' if self.value else ""
        kind = "" if self.severity == "error" else "warning: "
        return f"{where}{col}: {kind}{self.problem}{shown}"


@dataclass(frozen=True)
class ImportPreview:
    file_name: str
    layout: str
    layout_label: str
    encoding: str
    file_type: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]  # the first rows as text
    total_rows: int
    mapping: Mapping
    notes: tuple[str, ...]
    suggested_survey: str
    suggested_edition: str
    saved_mappings: tuple[str, ...]
    previously_imported: str | None  # "on 2026-11-20 by officer" when this exact file was
    row_numbers: tuple[int, ...] = ()  # each preview row's row number in the file

    @property
    def is_survey(self) -> bool:
        return Layout(self.layout).is_survey


@dataclass(frozen=True)
class ImportResult:
    file_name: str
    layout: str
    encoding: str
    survey: str | None
    edition: str | None
    rows_read: int
    imported: int
    duplicates: int
    errors: int  # rows not imported because of a problem
    warnings: int
    problems: tuple[RowProblem, ...]
    dry_run: bool
    batch_id: int | None = None
    safeguarding_flagged: int = 0
    feedback_created: int = 0
    previously_imported: str | None = None
    notes: tuple[str, ...] = ()

    @property
    def summary_line(self) -> str:
        line = (f"imported {self.imported}, duplicates skipped {self.duplicates}, "
                f"errors {self.errors}")
        return line + (" (dry run: nothing was written)" if self.dry_run else "")

    @property
    def message(self) -> str:
        """A paragraph for a person: what happened, including duplicates."""
        verb = "would be imported" if self.dry_run else "imported"
        parts = [f"{self.imported:,} of {self.rows_read:,} rows {verb}."]
        if self.duplicates:
            parts.append(f"{self.duplicates:,} rows were already in voiceapp and were skipped, "
                         "so nothing was duplicated.")
        if self.previously_imported:
            parts.append(f"This file was imported before ({self.previously_imported}).")
        if self.errors:
            parts.append(f"{self.errors:,} rows have problems and were not imported; "
                         "see the report.")
        if self.safeguarding_flagged:
            parts.append(f"{self.safeguarding_flagged:,} responses were flagged for "
                         "safeguarding review today.")
        if self.dry_run:
            parts.append("Nothing was written (check only).")
        return " ".join(parts)

    @property
    def error_report(self) -> list[RowProblem]:
        return [p for p in self.problems if p.severity == "error"]


@dataclass(frozen=True)
class SavedMapping:
    name: str
    layout: str
    columns: int
    created_at: datetime


# --------------------------------------------------------------------------- rows


@dataclass(slots=True)
class _Row:
    row: int
    received_on: date
    kind: str = RecordKind.SURVEY_RESPONSE.value
    external_id: str | None = None
    channel: str | None = None
    role: str | None = None
    area: str | None = None
    team: str | None = None
    district: str | None = None
    age_band: str | None = None
    anonymous: bool = False
    consent_quote: bool = False
    consent_contact: bool = False
    name: str | None = None
    contact: str | None = None
    text: str = ""
    answers: list[tuple[str, int | None, str | None, str | None]] = field(default_factory=list)
    key: str = ""


@dataclass
class _Prepared:
    table: Table
    mapping: Mapping
    survey: str | None
    edition: str | None
    rows: list[_Row]
    problems: list[RowProblem]
    error_rows: int
    warning_count: int
    in_file_duplicates: int
    questions: list[dict]  # key, text, qtype, options, scale_max (survey layouts)
    notes: list[str]


# --------------------------------------------------------------------------- public API


def template_path() -> Path:
    """The voiceapp import template shipped with the program (resources/import_template.csv)."""
    return Path(str(resources.files("voiceapp.resources").joinpath("import_template.csv")))


def load_vocabulary(db: Database) -> Vocabulary:
    """The database's active reference lists, for matching answers to codes."""
    with db.read_session() as s:
        rows = s.execute(select(ReferenceItem.list_name, ReferenceItem.code, ReferenceItem.label)
                         .where(ReferenceItem.active.is_(True))
                         .order_by(ReferenceItem.list_name, ReferenceItem.sort_order)).all()
    items: dict[str, list[tuple[str, str]]] = {rl.value: [] for rl in ReferenceList}
    for list_name, code, label in rows:
        items.setdefault(list_name, []).append((code, label))
    return Vocabulary(items)


def reference_choices(db: Database, actor: Actor) -> dict[str, list[tuple[str, str]]]:
    """Respondent roles and service areas as (code, label), for the mapping defaults."""
    require(actor, Permission.IMPORT)
    vocab = load_vocabulary(db)
    return {k: list(v) for k, v in vocab.items.items()}


def preview_file(db: Database, actor: Actor, path: str | Path,
                 mapping: Mapping | str | None = None, rows: int = PREVIEW_ROWS) -> ImportPreview:
    """Read a file and propose a mapping; writes nothing."""
    require(actor, Permission.IMPORT)
    table = read_table(path)
    vocab = load_vocabulary(db)
    chosen = _resolve_mapping(db, table, vocab, mapping)
    survey, edition = default_names(table, chosen, vocab)
    width = len(table.headers)
    shown = tuple(tuple(cell_text(r[i]) if i < len(r) else "" for i in range(width))
                  for r in table.rows[:rows])
    with db.read_session() as s:
        names = tuple(s.scalars(select(ImportMapping.name).order_by(ImportMapping.name)))
    return ImportPreview(
        table.file_name, table.layout.value, table.layout.label, table.encoding, table.file_type,
        table.headers, shown, len(table), chosen, table.notes + chosen.notes, survey or "",
        edition or "", names, _previous_import(db, table.sha256),
        tuple(table.row_numbers[:rows]))


def check_file(db: Database, actor: Actor, path: str | Path, **kwargs: Any) -> ImportResult:
    """Validate a file row by row without writing anything (a dry run)."""
    return import_file(db, actor, path, dry_run=True, **kwargs)


def import_file(db: Database, actor: Actor, path: str | Path, *,
                mapping: Mapping | str | None = None, survey: str | None = None,
                edition: str | None = None, dry_run: bool = False, strict: bool = False,
                task: TaskLike | None = None, analyzer: Any = None,
                retrain: bool = True) -> ImportResult:
    """Import one file in one transaction. See the module docstring for the steps.

    `mapping` is a Mapping, the name of a saved mapping, a path to a saved .json mapping, or
    None to auto-detect. `survey`/`edition` name where survey responses go (defaults come from
    the file name and the response dates). Raises ImportFileError (or ValidationError) when the
    file as a whole cannot be used; nothing is written then."""
    require(actor, Permission.IMPORT)
    _progress(task, 0.0, "Reading the file")
    table = read_table(path)
    vocab = load_vocabulary(db)
    chosen = _resolve_mapping(db, table, vocab, mapping)
    problems = chosen.problems()
    if problems:
        raise ValidationError("The column mapping cannot be used: " + " ".join(problems),
                              "Change the mapping and try again.")
    _check(task)
    prepared = _prepare(table, chosen, vocab, survey, edition)
    _check(task)
    _progress(task, 0.05, "Looking for rows imported before")
    edition_id = _edition_id(db, prepared.survey, prepared.edition)
    duplicates_db = _existing(db, prepared.rows, edition_id)
    new_rows = [r for r in prepared.rows if r.key not in duplicates_db]
    duplicates = prepared.in_file_duplicates + len(prepared.rows) - len(new_rows)
    previously = _previous_import(db, table.sha256)
    base = dict(
        file_name=table.file_name, layout=table.layout.value, encoding=table.encoding,
        survey=prepared.survey, edition=prepared.edition,
        rows_read=len(table), duplicates=duplicates, errors=prepared.error_rows,
        warnings=prepared.warning_count, problems=tuple(prepared.problems[:MAX_REPORTED]),
        previously_imported=previously, notes=tuple(prepared.notes))
    if dry_run:
        return ImportResult(imported=len(new_rows), dry_run=True, **base)
    if strict and prepared.error_rows:
        return ImportResult(imported=0, dry_run=False,
                            **(base | dict(notes=base["notes"] + (
                                "Nothing was imported because some rows have problems "
                                "(strict mode).",))))

    # The parsed rows (and everything else alive now) stay until the import ends: freezing
    # them keeps Python's garbage collector from re-walking them after every analysis chunk,
    # which otherwise costs more than the database work at 100,000 rows.
    gc.freeze()
    try:
        outcome = _ImportWriter(db, actor, prepared, new_rows).run(
            lambda rows: _analyse_chunks(db, rows, task, analyzer), task)
    finally:
        gc.unfreeze()
    duplicates += outcome.late_duplicates
    _progress(task, 0.97, "Updating theme suggestions")
    notes = list(base["notes"])
    if retrain and outcome.imported:
        note = _retrain(db)
        if note:
            notes.append(note)
    _progress(task, 1.0, "Done")
    return ImportResult(imported=outcome.imported, dry_run=False, batch_id=outcome.batch_id,
                        safeguarding_flagged=outcome.flagged, feedback_created=outcome.feedback,
                        **(base | dict(duplicates=duplicates, notes=tuple(notes))))


# --------------------------------------------------------------------------- mappings


def saved_mappings(db: Database, actor: Actor) -> list[SavedMapping]:
    require(actor, Permission.IMPORT)
    with db.read_session() as s:
        rows = s.execute(select(ImportMapping.name, ImportMapping.definition,
                                ImportMapping.created_at).order_by(ImportMapping.name)).all()
    return [SavedMapping(n, (d or {}).get("layout", ""), len((d or {}).get("columns", [])), at)
            for n, d, at in rows]


def save_mapping(db: Database, actor: Actor, name: str, mapping: Mapping) -> None:
    """Save (or replace) a mapping by name, for the next edition of the same survey."""
    require(actor, Permission.IMPORT)
    name = (name or "").strip()
    if not name:
        raise ValidationError("A saved mapping needs a name.",
                              "Use the survey's name, e.g. 'Parent carer survey'.", field="name")
    if len(name) > 120:
        raise ValidationError("The mapping name is longer than 120 characters.",
                              "Use a shorter name.", field="name")
    with db.session() as s:
        row = s.scalar(select(ImportMapping).where(ImportMapping.name == name))
        before = None
        if row is None:
            row = ImportMapping(name=name, definition=mapping.to_dict())
            s.add(row)
        else:
            before = row.definition
            row.definition = mapping.to_dict()
        s.flush()
        audit.record(s, actor, "update" if before else "create", "import_mapping", row.id,
                     summary=f"Saved import mapping '{name}'", before=before,
                     after=mapping.to_dict())


def load_mapping(db: Database, actor: Actor, name_or_path: str) -> Mapping:
    """A saved mapping by name, or a mapping .json file."""
    require(actor, Permission.IMPORT)
    path = Path(name_or_path)
    if name_or_path.lower().endswith(".json") or path.is_file():
        if not path.is_file():
            raise NotFound(f"The mapping file {path} does not exist.", "Check the path.")
        return Mapping.from_json_file(path)
    with db.read_session() as s:
        definition = s.scalar(select(ImportMapping.definition)
                              .where(ImportMapping.name == name_or_path))
        names = list(s.scalars(select(ImportMapping.name).order_by(ImportMapping.name)))
    if definition is None:
        known = f" Saved mappings: {', '.join(names)}." if names else " No mappings are saved yet."
        raise NotFound(f"There is no saved import mapping called '{name_or_path}'.",
                       "Check the name, or give the path of a .json mapping file." + known)
    return Mapping.from_dict(definition)


def _resolve_mapping(db: Database, table: Table, vocab: Vocabulary,
                     mapping: Mapping | str | None) -> Mapping:
    if mapping is None:
        return auto_map(table, vocab)
    if isinstance(mapping, str):
        with db.read_session() as s:
            definition = s.scalar(select(ImportMapping.definition)
                                  .where(ImportMapping.name == mapping))
        if definition is not None:
            mapping = Mapping.from_dict(definition)
        else:
            path = Path(mapping)
            if not path.is_file():
                raise NotFound(f"There is no saved import mapping called '{mapping}' and no "
                               "such mapping file.",
                               "Check the name, or give the path of a .json mapping file.")
            mapping = Mapping.from_json_file(path)
    if [c.column for c in mapping.columns] == list(table.headers):
        return mapping  # made for this very file (the mapping dialog)
    return mapping.applied_to(table, vocab)


# --------------------------------------------------------------------------- preparing rows


def default_names(table: Table, mapping: Mapping,
                  vocab: Vocabulary | None = None) -> tuple[str | None, str | None]:
    """Survey and edition names suggested from the file name and the response dates:
    'parent_carer_survey_2024.csv' -> ('Parent carer survey', '2024')."""
    if not table.layout.is_survey:
        return None, None
    stem = Path(table.file_name).stem
    stem = re.sub(r"[_]+", " ", stem).strip()
    edition = None
    if m := _YEAR_SUFFIX.match(stem):
        stem, edition = m[1].strip(" -_") or stem, m[2].replace("_", "-")
    survey = (stem[:1].upper() + stem[1:]) if stem else "Imported survey"
    if edition is None:
        date_cols = [c for c in mapping.columns if c.field is Field.DATE]
        year = None
        if date_cols:
            i = table.headers.index(date_cols[0].column)
            for r in table.rows[:200]:
                try:
                    year = parse_date(r[i] if i < len(r) else None, mapping.date_order).year
                    break
                except ValueError:
                    continue
        edition = str(year or date.today().year)
    return survey[:255], edition[:255]


def _prepare(table: Table, mapping: Mapping, vocab: Vocabulary, survey: str | None,
             edition: str | None) -> _Prepared:
    notes: list[str] = list(mapping.notes)
    template = table.layout is Layout.TEMPLATE
    if template:
        if survey or edition:
            notes.append("The survey and edition are not used for the voiceapp template: each "
                         "row is a feedback record of the kind in its 'kind' column.")
        survey = edition = None
    else:
        d_survey, d_edition = default_names(table, mapping, vocab)
        survey = (survey or "").strip() or d_survey
        edition = (edition or "").strip() or d_edition
        if len(survey) > 255 or len(edition) > 255:
            raise ValidationError("The survey or edition name is longer than 255 characters.",
                                  "Use a shorter name.")
    today = date.today()
    index = {h: i for i, h in enumerate(table.headers)}
    plan = [(index[c.column], c) for c in mapping.columns
            if c.field is not Field.IGNORE and c.column in index]
    if not template and not mapping.columns_for(Field.DATE):
        notes.append("No column holds the date of each response, so responses are dated today.")
    defaults = dict(role=mapping.default_role, area=mapping.default_service_area,
                    channel=mapping.default_channel or (None if template else "survey"))
    width = len(table.headers)
    problems: list[RowProblem] = []
    rows: list[_Row] = []
    seen: dict[str, int] = {}
    error_rows = warnings = in_file_dupes = 0
    survey_key = f"{normal(survey)}|{normal(edition)}" if not template else "template"
    choice_values: dict[str, set[str]] = {}
    # Roles, ratings and yes/no answers repeat thousands of times: parse each value once.
    cache: dict[tuple[Field, object], object] = {}

    for cells, rownum in zip(table.rows, table.row_numbers, strict=True):
        row_problems: list[RowProblem] = []

        def report(column: str, problem: str, value: object, severity: str = "error",
                   _rownum: int = rownum, _rp: list = row_problems) -> None:
            _rp.append(RowProblem(_rownum, column, problem, cell_text(value)[:200], severity))

        if len(cells) > width and any(not is_blank(v) for v in cells[width:]):
            report("", f"the row has {len(cells)} cells but there are only {width} column "
                   "headings, so its values may be in the wrong columns", cells[width])
        elif len(cells) < width and table.file_type == "csv":
            report("", f"the row has only {len(cells)} of {width} cells; the rest were taken as "
                   "blank", "", "warning")
        r = _Row(rownum, today, kind=RecordKind.SURVEY_RESPONSE.value if not template else "")
        texts: list[str] = []
        names: list[str] = []
        contacts: list[str] = []
        for i, cm in plan:
            v = cells[i] if i < len(cells) else None
            if is_blank(v):
                if template and cm.field in (Field.KIND, Field.DATE, Field.TEXT):
                    report(cm.column, f"{cm.column} is required", "")
                elif cm.field is Field.DATE:
                    report(cm.column, "no date; the response is dated today", "", "warning")
                continue
            f = cm.field
            try:
                if f is Field.DATE:
                    d = parse_date(v, mapping.date_order, today)
                    if d > today:
                        raise ValueError(f"{cell_text(v)!r} is in the future")
                    if d.year < 1990:
                        raise ValueError(f"{cell_text(v)!r} is before 1990; check the year")
                    r.received_on = d
                elif f is Field.TEXT:
                    t = _clean_text(v)
                    if len(t) > MAX_TEXT_LENGTH:
                        raise ValueError(f"the text is {len(t):,} characters long, more than "
                                         f"the {MAX_TEXT_LENGTH:,} voiceapp accepts")
                    if t:
                        texts.append(t)
                        if not template:
                            r.answers.append((cm.key or "", None, None, t))
                elif f is Field.RATING:
                    n = _cached(cache, f, v, parse_rating)
                    top = cm.scale_max or 10
                    if n > top:
                        raise ValueError(f"{n} is above the top of the scale ({top})")
                    r.answers.append((cm.key or "", n, None, None))
                elif f is Field.CHOICE:
                    c = _clean_text(v).replace("\n", " ")
                    if len(c) > 255:
                        report(cm.column, "the answer is longer than 255 characters and was "
                               "shortened", v, "warning")
                        c = c[:255]
                    r.answers.append((cm.key or "", None, c, None))
                    values = choice_values.setdefault(cm.key or "", set())
                    if len(values) < 60:
                        values.add(c)
                elif f is Field.RESPONSE_ID:
                    ext = cell_text(v).strip()
                    if len(ext) > 100:
                        raise ValueError("the response ID is longer than 100 characters")
                    r.external_id = ext
                elif f is Field.KIND:
                    r.kind = parse_kind(v)
                    if r.kind == RecordKind.COMPLAINT.value:
                        raise ValueError("complaints are not imported from files, because each "
                                         "needs its procedure, stages and deadlines; log them "
                                         "on the Complaints page")
                elif f in (Field.RESPONDENT_ROLE, Field.SERVICE_AREA, Field.TEAM,
                           Field.DISTRICT, Field.CHANNEL):
                    code = _cached(cache, f, v, lambda x, _f=f: vocab.match(_f.value, x))
                    if code is None:
                        raise _Soft(f"not a known {FIELD_LABELS[f].lower()} in voiceapp's lists; "
                                    "left blank" if not template else
                                    f"not a {FIELD_LABELS[f].lower()} code or name in voiceapp's "
                                    "lists (see Settings > Reference lists)")
                    setattr(r, {Field.RESPONDENT_ROLE: "role", Field.SERVICE_AREA: "area",
                                Field.TEAM: "team", Field.DISTRICT: "district",
                                Field.CHANNEL: "channel"}[f], code)
                elif f is Field.AGE_BAND:
                    r.age_band = _cached(cache, f, v, parse_age_band)
                elif f in (Field.CONSENT_QUOTE, Field.CONSENT_CONTACT, Field.ANONYMOUS):
                    answer = _cached(cache, f, v, parse_consent)
                    if answer is None:
                        raise _Soft("not a yes or no answer; taken as no")
                    setattr(r, f.value, answer)
                elif f is Field.RESPONDENT_NAME:
                    names.append(_clean_text(v).replace("\n", " "))
                elif f is Field.RESPONDENT_CONTACT:
                    c = _clean_text(v).replace("\n", " ")
                    if c.lower() not in ("anonymous", "anon", "n/a", "none"):
                        contacts.append(c)
            except _Soft as soft:
                # A template row is voiceapp's own format: an unknown code there is an error.
                report(cm.column, str(soft), v, "error" if template and f not in (
                    Field.CONSENT_QUOTE, Field.CONSENT_CONTACT, Field.ANONYMOUS) else "warning")
            except ValueError as exc:
                report(cm.column, str(exc), v)
        r.text = "\n\n".join(texts)
        if names:
            r.name = " ".join(names)[:255]
        if contacts:
            r.contact = "; ".join(contacts)[:255]
        if not template:
            r.anonymous = not (r.name or r.contact)
        r.role = r.role or defaults["role"]
        r.area = r.area or defaults["area"]
        r.channel = r.channel or defaults["channel"]
        if template and r.kind == RecordKind.SURVEY_RESPONSE.value and not r.text:
            report("text", "the text is empty", "")
        if not template and not r.answers and not any(p.severity == "error"
                                                      for p in row_problems):
            report("", "the response has no answers to import", "", "warning")
        errors = [p for p in row_problems if p.severity == "error"]
        problems.extend(row_problems)
        warnings += len(row_problems) - len(errors)
        if errors:
            error_rows += 1
            continue
        if not template and not r.answers:
            continue  # an empty response (opened and closed without answering)
        if r.external_id:
            basis = f"{survey_key}|id|{normal(r.external_id)}"
        else:
            content = _content_key(r)
            n = seen.get(content, 0)
            basis = f"{survey_key}|row|{content}#{n}"
        seen_key = hashlib.sha256(basis.encode("utf-8")).hexdigest()
        if r.external_id:
            if seen_key in seen:
                in_file_dupes += 1
                continue
            seen[seen_key] = 1
        else:
            seen[content] = seen.get(content, 0) + 1
        r.key = seen_key
        if not template and not r.external_id:
            r.external_id = f"row:{seen_key}"
        rows.append(r)

    questions = []
    if not template:
        for pos, cm in enumerate(mapping.columns_for(*QUESTION_FIELDS), start=1):
            qtype = {Field.TEXT: QuestionType.TEXT, Field.RATING: QuestionType.RATING,
                     Field.CHOICE: QuestionType.CHOICE}[cm.field].value
            questions.append(dict(
                key=cm.key, text=cm.column, qtype=qtype, position=pos,
                options=(sorted(choice_values.get(cm.key or "", ())) or None)
                if cm.field is Field.CHOICE else None,
                scale_max=cm.scale_max if cm.field is Field.RATING else None))
    return _Prepared(table, mapping, survey, edition, rows, problems, error_rows, warnings,
                     in_file_dupes, questions, notes)


_FAILED = object()


def _cached(cache: dict, f: Field, value: object, parse: Any) -> Any:
    """parse(value), remembered per (field, value); a ValueError is remembered too."""
    key = (f, value)
    hit = cache.get(key, _FAILED)
    if hit is _FAILED:
        try:
            hit = parse(value)
        except ValueError as exc:
            hit = exc
        if len(cache) < 50_000:
            cache[key] = hit
    if isinstance(hit, ValueError):
        raise hit
    return hit


def _squash(text: str | None) -> str:
    """Cheap normalisation for fingerprints: lower case, single spaces."""
    return " ".join((text or "").lower().split())


class _Soft(Exception):
    """A value that cannot be used but does not stop the row (a warning), except in the
    voiceapp template, where it is an error."""


def _clean_text(value: object) -> str:
    t = cell_text(value).replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub("", t).strip()


def _content_key(r: _Row) -> str:
    """The normalised content of a row, so the same response exported twice (CSV or Excel,
    different date formats) has the same fingerprint."""
    answers = "|".join(f"{k}={'' if a is None else a}/{c or ''}/{_squash(t)}"
                       for k, a, c, t in sorted(r.answers, key=lambda x: x[0]))
    return "\x1f".join([r.received_on.isoformat(), r.kind, r.role or "", r.area or "",
                        r.team or "", r.district or "", r.age_band or "", _squash(r.text),
                        _squash(r.name), _squash(r.contact), answers])


# --------------------------------------------------------------------------- duplicates


def _previous_import(db: Database, sha256: str) -> str | None:
    with db.read_session() as s:
        row = s.execute(select(ImportBatch.imported_at, User.username)
                        .outerjoin(User, User.id == ImportBatch.imported_by_id)
                        .where(ImportBatch.file_sha256 == sha256)
                        .order_by(ImportBatch.id.desc()).limit(1)).first()
    if row is None:
        return None
    return f"on {row[0]:%d/%m/%Y at %H:%M} by {row[1] or 'system'}"


def _edition_id(db: Database, survey: str | None, edition: str | None) -> int | None:
    with db.read_session() as s:
        return _edition_id_in(s, survey, edition)


def _edition_id_in(s: Session, survey: str | None, edition: str | None) -> int | None:
    if survey is None or edition is None:
        return None
    return s.scalar(select(SurveyEdition.id).join(Survey, Survey.id == SurveyEdition.survey_id)
                    .where(Survey.name == survey, SurveyEdition.name == edition))


def _existing(db: Database, rows: Sequence[_Row], edition_id: int | None) -> set[str]:
    with db.read_session() as s:
        return _existing_in(s, rows, edition_id)


def _existing_in(s: Session, rows: Sequence[_Row], edition_id: int | None) -> set[str]:
    """Keys of rows already in the database: by feedback.source_key, and for survey rows by
    the response's external id in this edition (responses without free text have no feedback)."""
    found: set[str] = set()
    keys = [r.key for r in rows]
    for i in range(0, len(keys), KEY_CHUNK):
        chunk = keys[i:i + KEY_CHUNK]
        found.update(s.scalars(select(Feedback.source_key).where(Feedback.source_key.in_(chunk))))
    if edition_id is not None:
        by_ext = {r.external_id: r.key for r in rows if r.external_id}
        ext = list(by_ext)
        for i in range(0, len(ext), KEY_CHUNK):
            chunk = ext[i:i + KEY_CHUNK]
            for e in s.scalars(select(SurveyResponse.external_id).where(
                    SurveyResponse.edition_id == edition_id,
                    SurveyResponse.external_id.in_(chunk))):
                found.add(by_ext[e])
    return found


# --------------------------------------------------------------------------- analysis


@dataclass(slots=True)
class _Analysed:
    columns: dict | None  # analysis_columns() for the feedback row; None when there is no text
    themes: list[dict]
    safeguarding: dict | None


def _analyser(db: Database) -> Any:
    from voiceapp.analysis import Analyzer

    from .analysis import codebook_entries, latest_model

    return Analyzer(codebook_entries(db), latest_model(db))


def _analyse_chunks(db: Database, rows: list[_Row], task: TaskLike | None,
                    analyzer: Any) -> Iterator[list[tuple[_Row, _Analysed]]]:
    """The rows with their analysis, a chunk at a time. Large files are analysed on every core
    (services.parallel_analysis); smaller ones with one Analyzer in this process."""
    texts = sum(1 for r in rows if r.text)
    if analyzer is None and texts >= parallel_analysis.MIN_TEXTS and \
            parallel_analysis.workers() > 1:
        yield from _analyse_chunks_parallel(db, rows, task)
        return
    empty = _Analysed(None, [], None)
    if texts:
        analyzer = analyzer or _analyser(db)
        theme_ids = _theme_ids(db)
    now = datetime.now().replace(microsecond=0)
    # Survey answers repeat ("No", "Nothing to add"): each distinct text is analysed once
    # (the analysis is deterministic) and its stored form reused.
    done: dict[str, _Analysed] = {}
    total = max(len(rows), 1)
    for start in range(0, len(rows), ANALYSE_CHUNK):
        _check(task)
        chunk = rows[start:start + ANALYSE_CHUNK]
        todo = list(dict.fromkeys(r.text for r in chunk if r.text and r.text not in done))
        if todo:
            for t, res in zip(todo, analyzer.analyse_many(todo), strict=True):
                done[t] = _Analysed(analysis_columns(res), theme_link_rows(0, res, theme_ids),
                                    safeguarding_row(0, res, now))
        yield [(r, done[r.text] if r.text else empty) for r in chunk]
        # Only short answers ("No", "Nothing to add") recur across a file; keeping every long
        # text's analysis would hold a million objects for nothing.
        done = {t: a for t, a in done.items() if len(t) <= REPEAT_TEXT_LENGTH}
        if len(done) > 20_000:
            done.clear()
        n = min(start + ANALYSE_CHUNK, len(rows))
        _progress(task, 0.08 + 0.88 * n / total, f"Analysing and saving {n:,} of {len(rows):,}")


def _analyse_chunks_parallel(db: Database, rows: list[_Row], task: TaskLike | None
                             ) -> Iterator[list[tuple[_Row, _Analysed]]]:
    from .analysis import codebook_entries, latest_model

    empty = _Analysed(None, [], None)
    chunks = [rows[i:i + ANALYSE_CHUNK] for i in range(0, len(rows), ANALYSE_CHUNK)]
    # Within a chunk each distinct text is analysed once.
    distinct = [list(dict.fromkeys(r.text for r in c if r.text)) for c in chunks]
    pool = parallel_analysis.ParallelAnalysis(
        codebook_entries(db), latest_model(db), _theme_ids(db),
        datetime.now().replace(microsecond=0))
    cancelled = True
    try:
        total, n = max(len(rows), 1), 0
        for chunk, texts, results in zip(chunks, distinct, pool.map(distinct), strict=True):
            _check(task)
            done = {t: _Analysed(*res) for t, res in zip(texts, results, strict=True)}
            yield [(r, done[r.text] if r.text else empty) for r in chunk]
            n += len(chunk)
            _progress(task, 0.08 + 0.88 * n / total,
                      f"Analysing and saving {n:,} of {len(rows):,}")
        cancelled = False
    finally:
        pool.close(cancel=cancelled)


def _theme_ids(db: Database) -> dict[str, int]:
    with db.read_session() as s:
        return dict(s.execute(select(Theme.slug, Theme.id).where(Theme.retired.is_(False))).all())


# --------------------------------------------------------------------------- writing


def _reserve_ids(s: Session, model: Any, n: int) -> list[int]:
    """n new primary keys for a bulk insert. SQLite: after the current maximum (the write
    session holds the database's write lock). PostgreSQL: drawn from the table's sequence, so
    concurrent writers and later ordinary inserts never collide."""
    if n <= 0:
        return []
    table = model.__table__.name
    if s.get_bind().dialect.name == "postgresql":
        seq = s.scalar(text("SELECT pg_get_serial_sequence(:t, 'id')"), {"t": table})
        if seq:
            # A sequence left behind by rows inserted with explicit ids is moved past them.
            s.execute(text(f"SELECT setval(:seq, GREATEST((SELECT COALESCE(MAX(id), 0) FROM "
                           f"{table}), (SELECT last_value FROM {seq}), 1))"), {"seq": seq})
            return list(s.scalars(text("SELECT nextval(:seq) FROM generate_series(1, :n)"),
                                  {"seq": seq, "n": n}))
        s.execute(text(f"LOCK TABLE {table} IN EXCLUSIVE MODE"))
    start = (s.scalar(select(func.max(model.id))) or 0) + 1
    return list(range(start, start + n))


def _insert(s: Session, model: Any, rows: list[dict], task: TaskLike | None) -> None:
    """Bulk insert in chunks, with a cancel check between them.

    On SQLite the statement is compiled once and rows go to the driver's executemany as tuples,
    through the same bind processors SQLAlchemy would apply (dates, JSON, booleans): this is
    several times faster than Core's per-row parameter handling, which matters at 100,000 rows.
    PostgreSQL uses Core's executemany, which batches rows into multi-row INSERTs."""
    if not rows:
        return
    conn = s.connection()
    table = model.__table__
    dialect = conn.dialect
    if dialect.name != "sqlite":
        stmt = insert(table)
        for i in range(0, len(rows), INSERT_CHUNK):
            _check(task)
            conn.execute(stmt, rows[i:i + INSERT_CHUNK])
        return
    cols = list(rows[0])
    procs = []
    for i, c in enumerate(cols):
        col_type = table.c[c].type
        p = col_type.dialect_impl(dialect).bind_processor(dialect)
        if p is None:
            continue
        if isinstance(col_type, Boolean):
            continue  # sqlite3 stores True/False as 1/0 itself, exactly as the processor would
        if not isinstance(col_type, JSON):
            p = _memo(p)  # dates and timestamps repeat (one "now" per import): format once
        procs.append((i, p))
    quote = dialect.identifier_preparer.quote
    sql = (f"INSERT INTO {quote(table.name)} ({', '.join(quote(c) for c in cols)}) "
           f"VALUES ({', '.join('?' for _ in cols)})")
    for i in range(0, len(rows), INSERT_CHUNK):
        _check(task)
        data = []
        for r in rows[i:i + INSERT_CHUNK]:
            values = [r[c] for c in cols]
            for j, p in procs:
                if values[j] is not None:
                    values[j] = p(values[j])
            data.append(tuple(values))
        conn.exec_driver_sql(sql, data)


def _memo(fn: Any) -> Any:
    cache: dict = {}

    def process(value: Any) -> Any:
        try:
            return cache[value]
        except KeyError:
            if len(cache) > 10_000:
                cache.clear()
            out = cache[value] = fn(value)
            return out

    return process


class _SqliteBulk:
    """Inside the import's transaction on SQLite: a bigger page cache, and the full-text index
    filled with one INSERT ... SELECT instead of the per-row trigger (10-20x faster). The
    trigger is dropped and re-created from its own stored SQL in the same transaction, so other
    connections never see it missing and a rollback restores it."""

    TRIGGER = "feedback_fts_ai"

    def __init__(self, s: Session) -> None:
        self.s = s
        self.active = s.get_bind().dialect.name == "sqlite"
        self.trigger_sql = None
        self.cache_size = None

    def __enter__(self) -> _SqliteBulk:
        if self.active:
            self.cache_size = self.s.scalar(text("PRAGMA cache_size"))
            self.s.execute(text("PRAGMA cache_size=-65536"))
            self.trigger_sql = self.s.scalar(text(
                "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = :n"),
                {"n": self.TRIGGER})
            if self.trigger_sql:
                self.s.execute(text(f"DROP TRIGGER {self.TRIGGER}"))
        return self

    def index_text(self, ids: list[int]) -> None:
        if self.active and self.trigger_sql and ids:
            self.s.execute(text("INSERT INTO feedback_fts(rowid, text) SELECT id, text "
                                "FROM feedback WHERE id BETWEEN :lo AND :hi"),
                           {"lo": min(ids), "hi": max(ids)})

    def __exit__(self, exc_type, exc, tb) -> None:
        if not self.active:
            return
        if exc_type is None and self.trigger_sql:
            self.s.execute(text(self.trigger_sql))
        if self.cache_size is not None:
            # Only a cache size: never let it mask the real error.
            with contextlib.suppress(Exception):
                self.s.execute(text(f"PRAGMA cache_size={int(self.cache_size)}"))


def _ref_ids(s: Session) -> dict[tuple[str, str], int]:
    return {(ln, code): rid for rid, ln, code in
            s.execute(select(ReferenceItem.id, ReferenceItem.list_name, ReferenceItem.code))}


def _survey_ids(s: Session, prepared: _Prepared, rows: list[_Row]) -> tuple[int, dict[str, int]]:
    """Find or create the survey, edition and questions; returns (edition id, question ids)."""
    survey_id = s.scalar(select(Survey.id).where(Survey.name == prepared.survey))
    if survey_id is None:
        obj = Survey(name=prepared.survey, description="Imported from " + prepared.table.file_name)
        s.add(obj)
        s.flush()
        survey_id = obj.id
    dates = [r.received_on for r in rows]
    edition = s.scalar(select(SurveyEdition).where(SurveyEdition.survey_id == survey_id,
                                                   SurveyEdition.name == prepared.edition))
    if edition is None:
        edition = SurveyEdition(survey_id=survey_id, name=prepared.edition,
                                opens_on=min(dates) if dates else None,
                                closes_on=max(dates) if dates else None)
        s.add(edition)
        s.flush()
    elif dates:
        edition.opens_on = min([d for d in (edition.opens_on, min(dates)) if d])
        edition.closes_on = max([d for d in (edition.closes_on, max(dates)) if d])
    existing = {q.key: q for q in s.scalars(select(SurveyQuestion)
                                            .where(SurveyQuestion.edition_id == edition.id))}
    position = max((q.position for q in existing.values()), default=0)
    ids: dict[str, int] = {}
    for q in prepared.questions:
        have = existing.get(q["key"])
        if have is not None:
            if have.qtype != q["qtype"]:
                raise ValidationError(
                    f"The question '{q['text']}' is a {have.qtype} question in "
                    f"{prepared.survey} {prepared.edition}, but this file maps it as "
                    f"{q['qtype']}.", "Choose the same kind of question in the mapping.")
            if q["options"] and have.qtype == QuestionType.CHOICE.value:
                merged = sorted(set(have.options or []) | set(q["options"]))
                if merged != (have.options or []):
                    have.options = merged[:100]
            ids[q["key"]] = have.id
            continue
        position += 1
        obj = SurveyQuestion(edition_id=edition.id, position=position, key=q["key"],
                             text=q["text"], qtype=q["qtype"], options=q["options"],
                             scale_max=q["scale_max"])
        s.add(obj)
        s.flush()
        ids[q["key"]] = obj.id
    return edition.id, ids


@dataclass(frozen=True)
class _Outcome:
    batch_id: int
    imported: int
    feedback: int
    flagged: int
    late_duplicates: int


_DONE = object()
_ABORT = object()


class _Aborted(Exception):
    """The analysing side stopped (cancel or error): the writer rolls back."""


class _ImportWriter:
    """Writes an import in ONE transaction on its own thread, while the calling thread analyses
    the next chunk. The database engine does its work (index maintenance, full-text indexing)
    with Python's lock released, so writing overlaps analysis instead of adding to it. Any
    error, or Cancel on the analysing side, rolls the whole transaction back.

    On SQLite the write lock is held from the first chunk to the commit; other writers wait
    (busy timeout) for that long."""

    def __init__(self, db: Database, actor: Actor, prepared: _Prepared, rows: list[_Row]) -> None:
        self.db, self.actor, self.prepared, self.rows = db, actor, prepared, rows
        self.queue: queue.Queue = queue.Queue(maxsize=2)
        self.ready = threading.Event()
        self.error: BaseException | None = None
        self.outcome: _Outcome | None = None
        self.imported = self.feedback = self.flagged = 0

    # ------------------------------------------------------------------ calling thread

    def run(self, analyse: Any, task: TaskLike | None) -> _Outcome:
        thread = threading.Thread(target=self._thread, name="voiceapp-import-writer",
                                  daemon=True)
        thread.start()
        self.ready.wait()
        try:
            if self.error is None:
                for chunk in analyse(self.rows):
                    self._put(chunk, thread)
                self._put(_DONE, thread)
        except BaseException:
            self._abort(thread)
            raise
        thread.join()
        if self.error is not None:
            raise self.error
        assert self.outcome is not None
        return self.outcome

    def _put(self, item: Any, thread: threading.Thread) -> None:
        while True:
            if self.error is not None or not thread.is_alive():
                raise self.error or RuntimeError("the import writer stopped")
            try:
                self.queue.put(item, timeout=0.2)
                return
            except queue.Full:
                continue

    def _abort(self, thread: threading.Thread) -> None:
        while thread.is_alive():
            try:
                self.queue.put(_ABORT, timeout=0.2)
                break
            except queue.Full:
                with contextlib.suppress(queue.Empty):
                    self.queue.get_nowait()  # make room; the writer is about to roll back
        thread.join()

    # ------------------------------------------------------------------ writer thread

    def _thread(self) -> None:
        try:
            with self.db.session() as s, _SqliteBulk(s) as bulk:
                late = self._setup(s)
                self.ready.set()
                while True:
                    item = self.queue.get()
                    if item is _DONE:
                        break
                    if item is _ABORT:
                        raise _Aborted()
                    self._write_chunk(s, bulk, [(r, a) for r, a in item
                                                if r.key not in self.late_keys])
                self._finish(s, late)
        except _Aborted:
            pass
        except BaseException as exc:
            self.error = exc
        finally:
            self.ready.set()

    def _setup(self, s: Session) -> int:
        p = self.prepared
        # Another import may have finished since the check outside the lock: look again.
        edition_id = _edition_id_in(s, p.survey, p.edition)
        self.late_keys = _existing_in(s, self.rows, edition_id) if self.rows else set()
        table = p.table
        self.batch = ImportBatch(file_name=table.file_name[:255], file_sha256=table.sha256,
                                 imported_by_id=self.actor.user_id, rows_imported=0,
                                 rows_skipped=len(table), mapping=p.mapping.to_dict())
        s.add(self.batch)
        s.flush()
        self.now = datetime.now().replace(microsecond=0)
        refs = _ref_ids(s)
        self.ref = lambda list_name, code: refs.get((list_name.value, code)) if code else None
        keep = [r for r in self.rows if r.key not in self.late_keys]
        self.survey = p.survey is not None
        self.edition_id, self.question_ids = (_survey_ids(s, p, keep) if self.survey and keep
                                              else (None, {}))
        return len(self.late_keys)

    def _write_chunk(self, s: Session, bulk: _SqliteBulk,
                     chunk: list[tuple[_Row, _Analysed]]) -> None:
        if not chunk:
            return
        ref, now, actor, batch_id = self.ref, self.now, self.actor, self.batch.id
        with_feedback = [(r, a) for r, a in chunk if r.text or not self.survey]
        fid_of: dict[int, int] = {}
        feedback_rows, theme_rows, sg_rows = [], [], []
        no_analysis = dict(sentiment_score=None, sentiment_label=None, sentiment_drivers=None,
                           safeguarding_flag=False)
        for (r, a), fid in zip(with_feedback, _reserve_ids(s, Feedback, len(with_feedback)),
                               strict=True):
            fid_of[id(r)] = fid
            feedback_rows.append(dict(
                id=fid, kind=r.kind, received_on=r.received_on,
                channel_id=ref(ReferenceList.CHANNEL, r.channel),
                respondent_role_id=ref(ReferenceList.RESPONDENT_ROLE, r.role),
                service_area_id=ref(ReferenceList.SERVICE_AREA, r.area),
                team_id=ref(ReferenceList.TEAM, r.team),
                district_id=ref(ReferenceList.DISTRICT, r.district), age_band=r.age_band,
                text=r.text, anonymous=r.anonymous, respondent_name=r.name,
                respondent_contact=r.contact, consent_quote=r.consent_quote,
                consent_contact=r.consent_contact, **(a.columns or no_analysis),
                needs_review=True, import_batch_id=batch_id, source_key=r.key,
                created_by_id=actor.user_id, created_at=now,
                updated_by_id=actor.user_id, updated_at=now, version=1))
            # Left out, so NULL: the officer's sentiment override, event, consultation and
            # anonymisation columns (none applies to a freshly imported record).
            for t in a.themes:
                theme_rows.append(t | {"feedback_id": fid})
            if a.safeguarding is not None:
                sg_rows.append(a.safeguarding | {"feedback_id": fid})
        _insert(s, Feedback, feedback_rows, None)
        bulk.index_text([f["id"] for f in feedback_rows])
        _insert(s, FeedbackTheme, theme_rows, None)
        if sg_rows:
            for row, sid in zip(sg_rows, _reserve_ids(s, SafeguardingReview, len(sg_rows)),
                                strict=True):
                row["id"] = sid
            _insert(s, SafeguardingReview, sg_rows, None)
        compliments = [f for f in feedback_rows if f["kind"] == RecordKind.COMPLIMENT.value]
        if compliments:
            _insert(s, Compliment, [
                dict(id=cid, feedback_id=f["id"], praised_person=None, praised_team_id=None,
                     thanks_passed_on=None, thanks_passed_by_id=None)
                for f, cid in zip(compliments, _reserve_ids(s, Compliment, len(compliments)),
                                  strict=True)], None)
        if self.survey:
            responses, answers = [], []
            for (r, _a), rid in zip(chunk, _reserve_ids(s, SurveyResponse, len(chunk)),
                                    strict=True):
                responses.append(dict(
                    id=rid, edition_id=self.edition_id, submitted_on=r.received_on,
                    respondent_role_id=ref(ReferenceList.RESPONDENT_ROLE, r.role),
                    feedback_id=fid_of.get(id(r)), external_id=r.external_id))
                for key, rating, choice, txt in r.answers:
                    answers.append(dict(response_id=rid, question_id=self.question_ids[key],
                                        rating=rating, choice=choice, text=txt))
            _insert(s, SurveyResponse, responses, None)
            for row, aid in zip(answers, _reserve_ids(s, SurveyAnswer, len(answers)),
                                strict=True):
                row["id"] = aid
            _insert(s, SurveyAnswer, answers, None)
        self.imported += len(chunk)
        self.feedback += len(feedback_rows)
        self.flagged += len(sg_rows)

    def _finish(self, s: Session, late: int) -> None:
        p, table = self.prepared, self.prepared.table
        s.execute(update(ImportBatch).where(ImportBatch.id == self.batch.id).values(
            rows_imported=self.imported, rows_skipped=len(table) - self.imported))
        duplicates = p.in_file_duplicates + len(p.rows) - len(self.rows) + late
        summary = (f"Imported {self.imported:,} rows from {table.file_name} "
                   f"({duplicates:,} duplicates skipped, {p.error_rows:,} rows with errors)")
        audit.record(s, self.actor, "import", "import_batch", self.batch.id, summary=summary,
                     after=dict(file=table.file_name, sha256=table.sha256,
                                layout=table.layout.value, survey=p.survey, edition=p.edition,
                                rows_read=len(table), imported=self.imported,
                                duplicates=duplicates, errors=p.error_rows,
                                safeguarding_flagged=self.flagged))
        self.outcome = _Outcome(self.batch.id, self.imported, self.feedback, self.flagged, late)


def _retrain(db: Database) -> str | None:
    """Let theme suggestions learn from confirmed tags (services.learning, when present).

    Imported links are only suggestions, so an import adds nothing to learn from; the model is
    retrained when officers have confirmed tags since it was last trained (or there is none
    yet). The import has already committed, so a failure here is reported, not raised."""
    try:
        from . import learning
    except ImportError:
        return None
    fn = getattr(learning, "retrain", None)
    if fn is None or not _new_confirmed_tags(db):
        return None
    try:
        fn(db)
    except Exception as exc:  # the import stands; say what did not happen
        return f"Theme suggestions were not retrained ({type(exc).__name__}: {exc})."
    return None


def _new_confirmed_tags(db: Database) -> bool:
    with db.read_session() as s:
        trained = s.scalar(select(func.max(ThemeModelStore.trained_at)))
        q = select(FeedbackTheme.feedback_id).where(
            FeedbackTheme.status == ThemeLinkStatus.CONFIRMED.value)
        if trained is not None:
            q = q.where(FeedbackTheme.confirmed_at > trained)
        return bool(s.scalar(select(q.exists())))


# --------------------------------------------------------------------------- helpers


def _check(task: TaskLike | None) -> None:
    if task is not None:
        task.check()


def _progress(task: TaskLike | None, fraction: float, message: str) -> None:
    if task is not None and hasattr(task, "progress"):
        task.progress(fraction, message)


def problems_report(problems: Iterable[RowProblem], limit: int = 200) -> list[str]:
    """The row report as readable lines (errors first), at most `limit` of them."""
    ordered = sorted(problems, key=lambda p: (p.severity != "error", p.row))
    lines = [p.describe() for p in ordered[:limit]]
    if len(ordered) > limit:
        lines.append(f"... and {len(ordered) - limit:,} more")
    return lines
