"""Which column of a file means what: auto-detected with a confidence, editable, saved as JSON.

A saved mapping is matched to a later file by column heading (not position), so next year's
edition of the same survey picks up the same question keys even if columns moved.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field, replace
from enum import StrEnum
from pathlib import Path
from statistics import mean

from voiceapp.domain.enums import ReferenceList
from voiceapp.errors import ValidationError

from .reading import TEMPLATE_COLUMNS, Layout, Table, cell_text, is_blank
from .values import (
    MDY,
    Vocabulary,
    is_rating,
    looks_like_date,
    normal,
    numeric_date_orders,
    parse_age_band,
    parse_consent,
    parse_rating,
)

MAPPING_FORMAT = 1
SAMPLE_ROWS = 500


class Field(StrEnum):
    IGNORE = "ignore"
    RESPONSE_ID = "response_id"
    DATE = "date"
    TEXT = "text"
    RATING = "rating"
    CHOICE = "choice"
    RESPONDENT_ROLE = "respondent_role"
    SERVICE_AREA = "service_area"
    TEAM = "team"
    DISTRICT = "district"
    CHANNEL = "channel"
    AGE_BAND = "age_band"
    KIND = "kind"
    ANONYMOUS = "anonymous"
    CONSENT_QUOTE = "consent_quote"
    CONSENT_CONTACT = "consent_contact"
    RESPONDENT_NAME = "respondent_name"
    RESPONDENT_CONTACT = "respondent_contact"


FIELD_LABELS: dict[Field, str] = {
    Field.IGNORE: "Do not import",
    Field.RESPONSE_ID: "Response ID",
    Field.DATE: "Date received",
    Field.TEXT: "Free text",
    Field.RATING: "Rating question",
    Field.CHOICE: "Choice question",
    Field.RESPONDENT_ROLE: "Respondent role",
    Field.SERVICE_AREA: "Service area",
    Field.TEAM: "Team",
    Field.DISTRICT: "District",
    Field.CHANNEL: "Channel",
    Field.AGE_BAND: "Age band",
    Field.KIND: "Record kind",
    Field.ANONYMOUS: "Anonymous (yes/no)",
    Field.CONSENT_QUOTE: "Consent to quote",
    Field.CONSENT_CONTACT: "Consent to contact",
    Field.RESPONDENT_NAME: "Respondent name",
    Field.RESPONDENT_CONTACT: "Respondent email or phone",
}
QUESTION_FIELDS = frozenset({Field.TEXT, Field.RATING, Field.CHOICE})
# Fields at most one column may hold (names and contacts may span columns: first + last name).
SINGLE_FIELDS = frozenset(Field) - QUESTION_FIELDS - {
    Field.IGNORE, Field.RESPONDENT_NAME, Field.RESPONDENT_CONTACT}


@dataclass(frozen=True)
class ColumnMapping:
    column: str  # the heading as it appears in the file
    field: Field
    confidence: float = 1.0  # 0..1: how sure the auto-detection is (1.0 when a person chose)
    key: str | None = None  # question key (rating/choice/text), shared across editions
    scale_max: int | None = None  # rating questions: the top of the scale
    reason: str = ""  # why auto-detection chose this, shown in the mapping table

    @property
    def is_question(self) -> bool:
        return self.field in QUESTION_FIELDS


@dataclass(frozen=True)
class Mapping:
    layout: Layout
    columns: tuple[ColumnMapping, ...]
    date_order: str = "dmy"  # "dmy" (UK, the default) or "mdy" when the file is US style
    # Values for rows whose file has no such column (codes from the reference lists).
    default_role: str | None = None
    default_service_area: str | None = None
    default_channel: str | None = "survey"
    notes: tuple[str, ...] = field(default=(), compare=False)

    # ------------------------------------------------------------------ access

    def for_column(self, column: str) -> ColumnMapping | None:
        for c in self.columns:
            if c.column == column:
                return c
        return None

    def columns_for(self, *fields: Field) -> list[ColumnMapping]:
        return [c for c in self.columns if c.field in fields]

    def with_column(self, column: str, field: Field, *, key: str | None = None,
                    scale_max: int | None = None) -> Mapping:
        """A copy with one column's field changed (as a person chose: confidence 1)."""
        cols = []
        for c in self.columns:
            if c.column == column:
                new_key = key or c.key or question_key(column)
                if field in QUESTION_FIELDS:
                    c = replace(c, field=field, confidence=1.0, key=new_key,
                                scale_max=scale_max if scale_max is not None else
                                (c.scale_max or (5 if field is Field.RATING else None)),
                                reason="chosen")
                else:
                    c = replace(c, field=field, confidence=1.0, key=None, scale_max=None,
                                reason="chosen")
            cols.append(c)
        return replace(self, columns=tuple(cols))

    def problems(self) -> list[str]:
        """What stops this mapping being used, in plain English (empty when it is fine)."""
        out = []
        for f in SINGLE_FIELDS:
            cols = self.columns_for(f)
            if len(cols) > 1:
                out.append(f"{FIELD_LABELS[f]} is chosen for more than one column "
                           f"({', '.join(repr(c.column) for c in cols)}); choose one.")
        if self.layout is Layout.TEMPLATE:
            for f, name in ((Field.KIND, "kind"), (Field.DATE, "received_on"),
                            (Field.TEXT, "text")):
                if not self.columns_for(f):
                    out.append(f"The template's '{name}' column is missing.")
        else:
            if not self.columns_for(*QUESTION_FIELDS):
                out.append("No column is chosen as a question or free text, so there is "
                           "nothing to import.")
            keys = [c.key for c in self.columns if c.is_question]
            dupes = sorted({k for k in keys if keys.count(k) > 1})
            if dupes:
                out.append(f"Two columns share the question key {dupes[0]!r}; keys must differ.")
        return out

    # ------------------------------------------------------------------ saving

    def to_dict(self) -> dict:
        return dict(
            format=MAPPING_FORMAT, layout=self.layout.value, date_order=self.date_order,
            default_role=self.default_role, default_service_area=self.default_service_area,
            default_channel=self.default_channel,
            columns=[dict(asdict(c), field=c.field.value) for c in self.columns],
        )

    @classmethod
    def from_dict(cls, data: dict) -> Mapping:
        try:
            cols = tuple(
                ColumnMapping(str(c["column"]), Field(c["field"]), float(c.get("confidence", 1)),
                              c.get("key"), c.get("scale_max"), str(c.get("reason", "saved")))
                for c in data["columns"])
            return cls(Layout(data.get("layout", Layout.GENERIC.value)), cols,
                       data.get("date_order", "dmy"), data.get("default_role"),
                       data.get("default_service_area"), data.get("default_channel", "survey"))
        except (KeyError, TypeError, ValueError) as exc:
            raise ValidationError(
                f"This is not a voiceapp import mapping ({type(exc).__name__}: {exc}).",
                "Choose a mapping saved by voiceapp, or map the columns again.") from None

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=2, ensure_ascii=False)

    @classmethod
    def from_json_file(cls, path: str | Path) -> Mapping:
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8-sig"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise ValidationError(f"voiceapp cannot read the mapping file {path} ({exc}).",
                                  "Choose a .json mapping saved by voiceapp.") from None
        if not isinstance(data, dict):
            raise ValidationError(f"{path} is not a voiceapp import mapping.",
                                  "Choose a .json mapping saved by voiceapp.")
        return cls.from_dict(data)

    def applied_to(self, table: Table, vocab: Vocabulary) -> Mapping:
        """This saved mapping for a (possibly different) file: columns matched by heading;
        headings it does not know are auto-detected; notes say what did not match."""
        auto = auto_map(table, vocab)
        saved = {normal(c.column): c for c in self.columns}
        cols, used = [], set()
        for c in auto.columns:
            s = saved.get(normal(c.column))
            if s is not None:
                used.add(normal(c.column))
                cols.append(replace(s, column=c.column))
            else:
                cols.append(c)
        missing = [c.column for k, c in saved.items() if k not in used and c.field != Field.IGNORE]
        notes = list(auto.notes)
        if missing:
            notes.append("Columns in the saved mapping that this file does not have: "
                         + ", ".join(repr(m) for m in missing[:8])
                         + (" ..." if len(missing) > 8 else ""))
        return replace(self, layout=table.layout, columns=tuple(cols), notes=tuple(notes))


def question_key(heading: str, taken: set[str] | None = None) -> str:
    """A stable key for a question from its heading: lower-case words joined by '_', at most
    60 characters, unique among `taken`."""
    words = normal(heading).replace("'", "").split()
    key = ""
    for w in words:
        if len(key) + len(w) + 1 > 60:
            break
        key = f"{key}_{w}" if key else w
    key = key or "question"
    if taken is not None:
        base, n = key, 2
        while key in taken:
            key, n = f"{base}_{n}", n + 1
        taken.add(key)
    return key


# --------------------------------------------------------------------------- auto-detection

# Metadata columns each tool adds, by normalised heading.
_KNOWN: dict[Layout, dict[str, Field]] = {
    Layout.MICROSOFT_FORMS: {
        "id": Field.RESPONSE_ID, "start time": Field.IGNORE, "completion time": Field.DATE,
        "email": Field.RESPONDENT_CONTACT, "name": Field.RESPONDENT_NAME,
        "last modified time": Field.IGNORE, "total points": Field.IGNORE,
        "quiz feedback": Field.IGNORE,
    },
    Layout.GOOGLE_FORMS: {
        "timestamp": Field.DATE, "email address": Field.RESPONDENT_CONTACT,
        "score": Field.IGNORE,
    },
    Layout.SURVEYMONKEY: {
        "respondent id": Field.RESPONSE_ID, "collector id": Field.IGNORE,
        "start date": Field.IGNORE, "end date": Field.DATE, "ip address": Field.IGNORE,
        "email address": Field.RESPONDENT_CONTACT, "first name": Field.RESPONDENT_NAME,
        "last name": Field.RESPONDENT_NAME, "custom data 1": Field.IGNORE,
        "custom data": Field.IGNORE,
    },
    Layout.SMARTSURVEY: {
        "response id": Field.RESPONSE_ID, "started": Field.IGNORE, "ended": Field.DATE,
        "ip address": Field.IGNORE, "userid": Field.IGNORE, "user id": Field.IGNORE,
        "tracking link": Field.IGNORE, "custom value": Field.IGNORE, "status": Field.IGNORE,
        "email": Field.RESPONDENT_CONTACT, "email address": Field.RESPONDENT_CONTACT,
        "name": Field.RESPONDENT_NAME,
    },
}
_TEMPLATE_FIELDS = {
    "kind": Field.KIND, "received_on": Field.DATE, "channel": Field.CHANNEL,
    "respondent_role": Field.RESPONDENT_ROLE, "service_area": Field.SERVICE_AREA,
    "team": Field.TEAM, "district": Field.DISTRICT, "age_band": Field.AGE_BAND,
    "text": Field.TEXT, "anonymous": Field.ANONYMOUS, "consent_quote": Field.CONSENT_QUOTE,
    "consent_contact": Field.CONSENT_CONTACT, "respondent_name": Field.RESPONDENT_NAME,
    "respondent_contact": Field.RESPONDENT_CONTACT,
}
assert set(_TEMPLATE_FIELDS) == set(TEMPLATE_COLUMNS)

_H_ID = re.compile(r"^(id|response id|respondent id|submission id|response number|reference|"
                   r"ref|record id|unique id)$")
_H_DATE = re.compile(r"\b(date|time|timestamp|submitted|completed|completion|received|ended|"
                     r"when)\b")
_H_CONTACT = re.compile(r"\b(e ?mail|email address|phone|telephone|mobile|contact details|"
                        r"contact number|postcode|address)\b")
_H_CONSENT = re.compile(r"\b(consent|permission|agree|happy for|happy to|quote|may we|can we|"
                        r"ok to|okay to|allow|share)\b")
_H_CONSENT_CONTACT = re.compile(r"\b(contact you|contacted|call you|email you|get in touch|follow up|"
                                r"follow you up|speak to you)\b")
_H_CONSENT_QUOTE = re.compile(r"\b(quote|quoted|publish|use your words|use your comments|"
                              r"use what you|share your|anonymously|reports?)\b")
_H_NAME = re.compile(r"^(your |full |first |last |respondent )?(name|surname|forename)"
                     r"( optional)?$")
_H_ROLE = re.compile(r"\b(role|are you a|you are|describes you|i am a|relationship|who are you|"
                     r"respondent type|completing this|filling in)\b")
_H_SERVICE = re.compile(r"\b(service|services|team)\b")
_H_DISTRICT = re.compile(r"\b(district|where do you live|area you live|locality|town)\b")
_H_AGE = re.compile(r"\b(age|age band|how old)\b")
_H_ANON = re.compile(r"\banonymous|anonymously\b")
_H_RATING = re.compile(r"\b(rate|rating|satisf|how likely|score|scale|out of|agree|how well|"
                       r"how good|how helpful|stars?)\w*")
_H_FREE = re.compile(r"\b(comment|comments|tell us|why|what|how could|anything|feedback|change|"
                     r"suggest|suggestions|explain|describe|please|improve|better|other|"
                     r"experience|views|thoughts|difference)\b")


def _share(values: Sequence, pred) -> float:
    return sum(1 for v in values if pred(v)) / len(values) if values else 0.0


def _guess(header: str, values: list, vocab: Vocabulary,
           layout: Layout) -> tuple[Field, float, str, int | None]:
    h = normal(header)
    nonblank = [v for v in values if not is_blank(v)]
    if not nonblank:
        return Field.IGNORE, 0.4, "no answers in the first rows", None
    texts = [cell_text(v).strip() for v in nonblank]
    avg_len = mean(len(t) for t in texts)
    distinct = len({t.lower() for t in texts})

    if _H_ID.match(h) and distinct == len(texts):
        return Field.RESPONSE_ID, 0.9, "heading names an ID and every value differs", None
    if _H_DATE.search(h) and _share(nonblank, looks_like_date) >= 0.8:
        return Field.DATE, 0.9, "heading names a date and the values are dates", None
    consentish = _share(nonblank, lambda v: parse_consent(v) is not None)
    if consentish >= 0.8 and (_H_CONSENT.search(h) or (distinct <= 3 and
                                                       _H_CONSENT_CONTACT.search(h))):
        if _H_CONSENT_QUOTE.search(h):
            return Field.CONSENT_QUOTE, 0.85, "asks permission to quote; yes/no answers", None
        if _H_CONSENT_CONTACT.search(h):
            return Field.CONSENT_CONTACT, 0.85, "asks permission to contact; yes/no answers", None
        return Field.CONSENT_QUOTE, 0.55, "asks for consent; check whether to quote or contact", None
    if _H_ANON.search(h) and consentish >= 0.8:
        return Field.ANONYMOUS, 0.85, "heading asks about anonymity; yes/no answers", None
    if _H_CONTACT.search(h) and avg_len < 80:
        return Field.RESPONDENT_CONTACT, 0.85, "heading names contact details", None
    if _H_NAME.match(h) and avg_len < 60:
        return Field.RESPONDENT_NAME, 0.85, "heading asks for a name", None
    if layout is Layout.SURVEYMONKEY and " — " in header:
        return Field.CHOICE, 0.8, "one option of a tick-box question", None

    def share_in(list_name: ReferenceList, exact: bool = False) -> float:
        return _share(nonblank, lambda v: vocab.match(list_name, v, exact=exact) is not None)

    role_share = share_in(ReferenceList.RESPONDENT_ROLE)
    if _H_ROLE.search(h) and role_share >= 0.6:
        return Field.RESPONDENT_ROLE, 0.9, "heading asks who is answering; values are roles", None
    age_share = _share(nonblank, _is_age_band)
    if _H_AGE.search(h) and age_share >= 0.8:
        return Field.AGE_BAND, 0.85, "heading asks about age; values are age bands", None
    if _H_DISTRICT.search(h) and share_in(ReferenceList.DISTRICT) >= 0.5:
        return Field.DISTRICT, 0.85, "heading asks where; values are districts", None
    if share_in(ReferenceList.DISTRICT, exact=True) >= 0.8:
        return Field.DISTRICT, 0.7, "values are districts", None
    area_share = share_in(ReferenceList.SERVICE_AREA)
    if _H_SERVICE.search(h) and area_share >= 0.6 and avg_len < 80:
        return Field.SERVICE_AREA, 0.85, "heading names a service; values are service areas", None
    if (vocab.items.get(ReferenceList.TEAM.value) and avg_len < 80
            and share_in(ReferenceList.TEAM, exact=True) >= 0.8):
        return Field.TEAM, 0.75, "values are team names", None
    if share_in(ReferenceList.RESPONDENT_ROLE, exact=True) >= 0.9 and distinct <= 13:
        return Field.RESPONDENT_ROLE, 0.7, "values are respondent roles", None
    if share_in(ReferenceList.SERVICE_AREA, exact=True) >= 0.9 and distinct <= 20:
        return Field.SERVICE_AREA, 0.7, "values are service areas", None
    rating_share = _share(nonblank, is_rating)
    if rating_share >= 0.8 and distinct <= 11 and consentish < 0.9:
        top = max(parse_rating(v) for v in nonblank if is_rating(v))
        scale = scale_from_heading(header) or (5 if top <= 5 else 10)
        conf = 0.9 if _H_RATING.search(h) else 0.75
        return Field.RATING, conf, f"answers are ratings (scale to {scale})", scale
    free = bool(_H_FREE.search(h))
    if distinct <= 12 and avg_len < (20 if free else 30) and (
            distinct <= len(texts) / 2 or avg_len < 15):
        conf = 0.75 if distinct <= len(texts) / 3 else 0.55
        return Field.CHOICE, conf, f"{distinct} different short answers", None
    conf = 0.9 if avg_len >= 25 else 0.6
    if free:
        conf = max(conf, 0.8)
    return Field.TEXT, conf, "written answers", None


_SCALE_HINTS = (
    re.compile(r"\bout of (\d{1,2})\b"),
    re.compile(r"\b[01]\s*(?:-|–|to)\s*(\d{1,2})\b"),
    re.compile(r"\b(\d{1,2})\s*=\s*\w"),
)


def scale_from_heading(header: str) -> int | None:
    """The top of a rating scale when the question says it: '(1-5)', 'out of 10', '5 = very'."""
    found = [int(m) for rx in _SCALE_HINTS for m in rx.findall(header.lower())]
    top = max((n for n in found if 2 <= n <= 10), default=None)
    return top


def _is_age_band(v: object) -> bool:
    try:
        parse_age_band(v)
    except ValueError:
        return False
    return True


def auto_map(table: Table, vocab: Vocabulary | None = None) -> Mapping:
    """Guess each column's field from its heading and the values in the first rows."""
    vocab = vocab or Vocabulary.defaults()
    sample = table.rows[:SAMPLE_ROWS]
    known = _KNOWN.get(table.layout, {})
    taken: set[str] = set()
    cols: list[ColumnMapping] = []
    for i, header in enumerate(table.headers):
        values = [r[i] if i < len(r) else None for r in sample]
        if table.layout is Layout.TEMPLATE:
            f = _TEMPLATE_FIELDS.get(header.strip().lower())
            if f is None:
                cols.append(ColumnMapping(header, Field.IGNORE, 1.0, reason="not a template column"))
            else:
                cols.append(ColumnMapping(header, f, 1.0, reason="template column"))
            continue
        f = known.get(normal(header))
        if f is not None:
            cols.append(ColumnMapping(header, f, 0.99, reason=f"{table.layout.label} column"))
            continue
        f, conf, reason, scale = _guess(header, values, vocab, table.layout)
        key = question_key(header, taken) if f in QUESTION_FIELDS else None
        if f is Field.RATING and scale is None:
            scale = 5
        cols.append(ColumnMapping(header, f, round(conf, 2), key, scale, reason))
    cols = _one_per_field(cols)
    date_order, notes = _date_order(table, cols)
    default_channel = None if table.layout is Layout.TEMPLATE else "survey"
    return Mapping(table.layout, tuple(cols), date_order, default_channel=default_channel,
                   notes=tuple(notes))


def _one_per_field(cols: list[ColumnMapping]) -> list[ColumnMapping]:
    """Keep the most confident column for each single-use field; the others are not imported."""
    best: dict[Field, int] = {}
    for i, c in enumerate(cols):
        if c.field in SINGLE_FIELDS and (c.field not in best
                                         or c.confidence > cols[best[c.field]].confidence):
            best[c.field] = i
    out = []
    for i, c in enumerate(cols):
        if c.field in SINGLE_FIELDS and best[c.field] != i:
            c = replace(c, field=Field.IGNORE, confidence=0.5,
                        reason=f"another column is already the {FIELD_LABELS[c.field].lower()}")
        out.append(c)
    return out


def _date_order(table: Table, cols: list[ColumnMapping]) -> tuple[str, list[str]]:
    """Day first unless the date column is clearly month first; never silently."""
    notes: list[str] = []
    date_cols = [c for c in cols if c.field is Field.DATE]
    if not date_cols:
        return "dmy", notes
    i = table.headers.index(date_cols[0].column)
    values = [r[i] for r in table.rows[:5000] if i < len(r)]
    dmy_only, mdy_only = numeric_date_orders(values)
    if mdy_only and not dmy_only:
        notes.append(
            f"The dates in '{date_cols[0].column}' are month first (US style, e.g. "
            f"{next(cell_text(v) for v in values if isinstance(v, str) and v.strip())}); "
            "they will be read month first. Check the preview.")
        return MDY, notes
    if mdy_only and dmy_only:
        notes.append(f"The dates in '{date_cols[0].column}' mix day-first and month-first "
                     "values; they are read day first and the others are reported.")
    return "dmy", notes
