"""Turning the cells of survey exports into voiceapp values.

Dates are read day first (UK) unless a column is explicitly month first: an ambiguous 03/04/2024
is 3 April 2024, and a value that only makes sense month first (04/25/2024) is reported, never
silently swapped. Every parser raises ValueError with a plain-English reason, which the importer
puts in its row-level report.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from voiceapp.domain.enums import AgeBand, RecordKind, ReferenceList

DMY = "dmy"
MDY = "mdy"

MONTHS = {
    name: i + 1
    for i, names in enumerate([
        ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
        ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
        ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
        ("december", "dec"),
    ])
    for name in names
}
_MONTH_RE = "|".join(sorted(MONTHS, key=len, reverse=True))
_WEEKDAY = r"(?:(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)[a-z]*\.?,?\s+)?"

# A time (and time zone) after a date: "10:15", "10:15:22 AM", "T10:15:00Z", ", 9.30am", " at 14:05"
_TIME_TAIL = re.compile(
    r"(?:[,\s]+(?:at\s+)?|T)\d{1,2}[:.]\d{2}(?:[:.]\d{2}(?:\.\d+)?)?\s*(?:[ap]\.?m\.?)?"
    r"\s*(?:z|utc|gmt|bst|[+-]\d{2}:?\d{2})?\s*$",
    re.I,
)
_ISO = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$")
_NUMERIC = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})$")
_DAY_MONTH_NAME = re.compile(
    rf"^{_WEEKDAY}(\d{{1,2}})(?:st|nd|rd|th)?[\s-]+(?:of\s+)?({_MONTH_RE})[a-z]*\.?,?[\s-]+(\d{{4}}|\d{{2}})$",
    re.I,
)
_MONTH_NAME_DAY = re.compile(
    rf"^{_WEEKDAY}({_MONTH_RE})[a-z]*\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})$", re.I
)
# Excel stores dates as days since 1899-12-30; these bounds are 1954 to 2119.
_EXCEL_EPOCH = date(1899, 12, 30)


def _year(text: str, today: date) -> int:
    y = int(text)
    if len(text) == 2:
        # Two-digit years are this century unless that would put them well in the future.
        y += 2000 if y <= today.year % 100 + 1 else 1900
    return y


def _make(y: int, m: int, d: int, original: str) -> date:
    try:
        return date(y, m, d)
    except ValueError:
        raise ValueError(f"{original!r} is not a real date") from None


def parse_date(value: object, order: str = DMY, today: date | None = None) -> date:
    """A date from a cell: a date/datetime object, an Excel serial number, ISO (2024-04-03),
    UK numeric (03/04/2024, 3/4/24, with or without a time) or written out (3 April 2024,
    Wednesday 3rd April 2024 10:15, April 3, 2024). Raises ValueError with the reason."""
    today = today or date.today()
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if 20000 <= value <= 80000:
            return _EXCEL_EPOCH + timedelta(days=int(value))
        raise ValueError(f"{value!r} is a number, not a date")
    text = str(value or "").strip()
    if not text:
        raise ValueError("the date is empty")
    core = _TIME_TAIL.sub("", text).strip().rstrip(",")
    if m := _ISO.match(core):
        return _make(int(m[1]), int(m[2]), int(m[3]), text)
    if m := _NUMERIC.match(core):
        a, b, y = int(m[1]), int(m[2]), _year(m[3], today)
        day, month = (a, b) if order == DMY else (b, a)
        if month > 12 and day <= 12:
            if order == DMY:
                raise ValueError(
                    f"{text!r} only makes sense month first (US style); voiceapp reads dates "
                    "day first (dd/mm/yyyy). Set the column to month first if the whole file is "
                    "US style")
            raise ValueError(f"{text!r} only makes sense day first, but the column is set to "
                             "month first")
        return _make(y, month, day, text)
    if m := _DAY_MONTH_NAME.match(core):
        return _make(_year(m[3], today), MONTHS[m[2].lower()], int(m[1]), text)
    if m := _MONTH_NAME_DAY.match(core):
        return _make(int(m[3]), MONTHS[m[1].lower()], int(m[2]), text)
    raise ValueError(f"{text!r} is not a date voiceapp can read (use 03/04/2024 or 2024-04-03)")


def numeric_date_orders(values: list[object]) -> tuple[int, int]:
    """(values that only make sense day first, values that only make sense month first) among
    numeric dates like 25/04/2024, used to notice a US-style column and say so."""
    dmy_only = mdy_only = 0
    for v in values:
        if not isinstance(v, str):
            continue
        m = _NUMERIC.match(_TIME_TAIL.sub("", v.strip()).strip())
        if not m:
            continue
        a, b = int(m[1]), int(m[2])
        if a > 12 >= b:
            dmy_only += 1
        elif b > 12 >= a:
            mdy_only += 1
    return dmy_only, mdy_only


def looks_like_date(value: object) -> bool:
    try:
        parse_date(value)
    except ValueError:
        return False
    return True


# --------------------------------------------------------------------------- consent


_YES = {"yes", "y", "true", "t", "1", "agree", "agreed", "i agree", "consent", "i consent",
        "consented", "ok", "okay", "x", "✓", "✔", "ticked", "checked", "on"}
_NO = {"no", "n", "false", "f", "0", "", "-", "none", "unticked", "unchecked", "off", "n/a", "na"}
_NEGATION = re.compile(
    r"\b(no|not|don't|dont|do not|does not|disagree|decline|declined|refuse|never|rather not|"
    r"prefer not|withdraw|won't|wouldn't|can't|cannot)\b")
_AFFIRM = re.compile(
    r"\b(yes|agree|agreed|consent|consents|happy|permission|you can|you may|may quote|can quote|"
    r"i give|i am happy|i'm happy|fine to|allow|accept)\b")


def parse_consent(value: object) -> bool | None:
    """True or False from a consent answer ("Yes", "TRUE", "1", "I agree to be quoted",
    "I do not agree"), or None when the answer says neither. Blank is no consent."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return {1: True, 0: False}.get(int(value)) if value in (0, 1) else None
    text = str(value or "").strip().lower().replace("\u2019", "'").replace("\u2018", "'")
    text = re.sub(r"[.!]+$", "", text).strip()
    if text in _YES:
        return True
    if text in _NO:
        return False
    # Negations first: "I do not agree" contains "agree".
    if _NEGATION.search(text):
        return False
    if _AFFIRM.search(text):
        return True
    return None


# --------------------------------------------------------------------------- ratings

# Common 5-point labels councils' surveys use, so "Very satisfied" is a rating of 5 out of 5.
LIKERT: dict[str, int] = {
    "strongly disagree": 1, "disagree": 2, "tend to disagree": 2,
    "neither agree nor disagree": 3, "neither agree or disagree": 3, "neutral": 3,
    "tend to agree": 4, "agree": 4, "strongly agree": 5,
    "very dissatisfied": 1, "dissatisfied": 2, "fairly dissatisfied": 2,
    "quite dissatisfied": 2, "neither satisfied nor dissatisfied": 3,
    "neither satisfied or dissatisfied": 3, "satisfied": 4, "fairly satisfied": 4,
    "quite satisfied": 4, "very satisfied": 5,
    "very poor": 1, "poor": 2, "fair": 3, "average": 3, "ok": 3, "okay": 3, "good": 4,
    "very good": 5, "excellent": 5,
    "very unlikely": 1, "unlikely": 2, "neither likely nor unlikely": 3, "likely": 4,
    "very likely": 5,
    "not at all helpful": 1, "not very helpful": 2, "fairly helpful": 3, "quite helpful": 3,
    "very helpful": 4, "extremely helpful": 5,
}
_LEADING_NUMBER = re.compile(r"^\s*(\d{1,2})(?:\.0+)?\s*(?:$|[-–—:(/ ]|stars?\b|out of)")


def normal(text: object) -> str:
    """Lower case, '&' as 'and', punctuation and underscores as spaces, single spaces."""
    t = str(text or "").lower().replace("&", " and ").replace("\u2019", "'").replace("_", " ")
    t = re.sub(r"[^\w']+", " ", t)
    return re.sub(r"\s+", " ", t).strip()


def parse_rating(value: object) -> int:
    """An integer rating: 4, "4", "4 - Good", "4 stars", "Very satisfied" (a 5-point label).
    Raises ValueError if the cell is not a rating."""
    if isinstance(value, bool):
        raise ValueError(f"{value!r} is not a rating")
    if isinstance(value, int):
        if 0 <= value <= 10:
            return value
        raise ValueError(f"{value} is outside a 0 to 10 rating scale")
    if isinstance(value, float):
        if value.is_integer() and 0 <= value <= 10:
            return int(value)
        raise ValueError(f"{value} is not a whole-number rating from 0 to 10")
    text = str(value or "").strip()
    if m := _LEADING_NUMBER.match(text):
        n = int(m[1])
        if 0 <= n <= 10:
            return n
        raise ValueError(f"{text!r} is outside a 0 to 10 rating scale")
    key = normal(text)
    if key in LIKERT:
        return LIKERT[key]
    raise ValueError(f"{text!r} is not a rating (a number from 0 to 10 or a label such as "
                     "'Very satisfied')")


def is_rating(value: object) -> bool:
    try:
        parse_rating(value)
    except ValueError:
        return False
    return True


# --------------------------------------------------------------------------- age bands


def parse_age_band(value: object) -> str:
    """An AgeBand value from '11-15', '11 to 15', 'Under 5', '16 or 17', '18+' or an age."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _band_for_age(int(value))
    text = normal(value)
    if not text:
        raise ValueError("the age band is empty")
    for band in AgeBand:
        lo, hi = band.value.split("-")
        if text in (f"{lo} {hi}", f"{lo} to {hi}", f"{lo} {hi} years", f"{lo} to {hi} years",
                    f"aged {lo} {hi}", f"aged {lo} to {hi}"):
            return band.value
    if re.fullmatch(r"(under|below|less than) ?5( years)?|0 4|pre ?school", text):
        return AgeBand.UNDER_5.value
    if re.fullmatch(r"16 or 17|16 and 17", text):
        return AgeBand.AGE_16_17.value
    if re.fullmatch(r"18 ?(\+|plus|and over|or over)?|over 18|18 and above|18 25 years", text):
        return AgeBand.AGE_18_25.value
    if re.fullmatch(r"\d{1,2}( years?( old)?)?", text):
        return _band_for_age(int(text.split()[0]))
    raise ValueError(f"{value!r} is not an age band (use 0-4, 5-10, 11-15, 16-17 or 18-25)")


def _band_for_age(age: int) -> str:
    if age < 0 or age > 25:
        raise ValueError(f"{age} is outside the children and young people age bands (0 to 25)")
    for band in AgeBand:
        lo, hi = (int(x) for x in band.value.split("-"))
        if lo <= age <= hi:
            return band.value
    raise ValueError(f"{age} is not in an age band")  # pragma: no cover - bands cover 0..25


def parse_kind(value: object) -> str:
    """A RecordKind value from its code or label ('survey_response', 'Survey response')."""
    text = normal(value).replace(" ", "_")
    for kind in RecordKind:
        if text in (kind.value, normal(kind.label).replace(" ", "_")):
            return kind.value
    if text in ("compliments", "complaints", "comments", "suggestions", "questions"):
        return text[:-1]
    raise ValueError(f"{value!r} is not a record kind (use one of: "
                     f"{', '.join(k.value for k in RecordKind)})")


# --------------------------------------------------------------------------- reference lists

# Words people write in survey answers for each default code. Longer phrases are tried first,
# so "foster carer" wins over "carer".
SYNONYMS: dict[str, dict[str, tuple[str, ...]]] = {
    ReferenceList.RESPONDENT_ROLE: {
        "parent_carer": ("parent", "carer", "parent carer", "parent or carer", "mum", "dad",
                         "mother", "father", "guardian", "step parent", "parent/carer"),
        "child_young_person": ("child", "young person", "pupil", "student", "teenager",
                               "child or young person", "child young person", "young people"),
        "care_leaver": ("care leaver", "left care", "leaving care"),
        "foster_carer": ("foster carer", "foster parent", "foster", "kinship carer"),
        "family_member": ("grandparent", "grandmother", "grandfather", "relative", "aunt",
                          "uncle", "sibling", "family member", "brother", "sister"),
        "school_setting": ("school", "senco", "teacher", "head teacher", "headteacher",
                           "governor", "setting", "nursery", "college", "teaching assistant"),
        "health_professional": ("health", "nurse", "gp", "doctor", "therapist", "paediatrician",
                                "health visitor", "health professional"),
        "social_care_professional": ("social worker", "social care", "family support worker"),
        "other_professional": ("professional", "practitioner", "other professional"),
        "partner_organisation": ("forum", "sendiass", "healthwatch", "advocacy", "charity",
                                 "voluntary", "partner organisation"),
        "member_of_public": ("public", "resident", "member of the public"),
        "elected_member": ("councillor", "elected member", "cllr", "mp"),
        "staff": ("staff", "council staff", "employee", "officer"),
    },
    ReferenceList.SERVICE_AREA: {
        "send_ehc": ("send", "ehcp", "ehc plan", "ehc", "special educational needs",
                     "send casework"),
        "educational_psychology": ("educational psychology", "ep service", "psychologist"),
        "local_offer": ("local offer",),
        "short_breaks": ("short breaks", "respite"),
        "children_with_disabilities": ("disabled children", "cwd", "children with disabilities"),
        "early_help": ("early help", "family support", "family hub", "family hubs"),
        "front_door": ("front door", "mash", "first response"),
        "child_protection": ("child protection", "safeguarding"),
        "cla_iro": ("iro", "children looked after", "looked after", "children in care"),
        "fostering": ("fostering",),
        "care_leavers": ("care leavers", "leaving care"),
        "adoption": ("adoption", "permanence"),
        "youth_services": ("youth service", "youth services", "youth club", "youth work"),
        "exploitation_missing": ("get safe", "exploitation", "missing"),
        "education_inclusion": ("education", "inclusion", "school admissions", "attendance"),
        "school_transport": ("transport", "school transport", "travel"),
        "health_therapies": ("therapy", "therapies", "speech and language", "salt",
                             "occupational therapy", "physiotherapy"),
        "emotional_wellbeing": ("camhs", "mental health", "emotional wellbeing", "wellbeing"),
        "youth_justice": ("youth justice", "yot", "youth offending"),
    },
    ReferenceList.CHANNEL: {
        "online_form": ("online", "web form", "website", "online form"),
        "face_to_face": ("in person", "face to face", "visit"),
        "phone": ("telephone", "phone", "call"),
    },
}


@dataclass
class Vocabulary:
    """The database's reference lists as plain data, for matching survey answers to codes.

    `items[list_name]` is [(code, label)], active items only."""

    items: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    _index: dict[str, dict[str, str]] = field(default_factory=dict, repr=False)
    _phrases: dict[str, list[tuple[str, str]]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        for list_name, entries in self.items.items():
            index: dict[str, str] = {}
            for code, label in entries:
                index.setdefault(normal(code.replace("_", " ")), code)
                index.setdefault(normal(label), code)
            self._index[list_name] = index
            codes = {c for c, _ in entries}
            phrases = [(normal(p), code) for code, words in SYNONYMS.get(list_name, {}).items()
                       if code in codes for p in words]
            phrases += [(normal(label), code) for code, label in entries]
            self._phrases[list_name] = sorted(set(phrases), key=lambda p: -len(p[0]))

    @classmethod
    def defaults(cls) -> Vocabulary:
        """The seeded lists (used when no database is at hand, e.g. in unit tests)."""
        from voiceapp.domain import reference

        return cls({
            ReferenceList.CHANNEL.value: list(reference.CHANNELS),
            ReferenceList.RESPONDENT_ROLE.value: list(reference.RESPONDENT_ROLES),
            ReferenceList.SERVICE_AREA.value: list(reference.SERVICE_AREAS),
            ReferenceList.DISTRICT.value: list(reference.DISTRICTS),
            ReferenceList.TEAM.value: [],
        })

    def match(self, list_name: str, value: object, exact: bool = False) -> str | None:
        """The code for a value (its code, its label, or a common synonym), else None.
        With exact=False a synonym may appear inside a longer answer ("I am a foster carer")."""
        key = normal(value)
        if not key:
            return None
        found = self._index.get(list_name, {}).get(key)
        if found:
            return found
        padded = f" {key} "
        for phrase, code in self._phrases.get(list_name, []):
            if phrase and (phrase == key if exact else f" {phrase} " in padded):
                return code
        return None

    def label(self, list_name: str, code: str) -> str:
        for c, label in self.items.get(list_name, []):
            if c == code:
                return label
        return code
