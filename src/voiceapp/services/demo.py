"""A realistic demo database for the fictional Wrenshire County Council (DOMAIN.md section 9).

Three and a half financial years of quarterly data with believable volumes and trends:
compliments rising quarter on quarter, complaints moving through statutory stages (some late,
some extended, a few to Stage 2, Stage 3 and the Ombudsman) with the upheld share falling,
annual surveys with hundreds of responses, events with attendance, "You Said, We Did" actions
in every status with history, themes and sentiment on every text record, and a few
safeguarding-flagged records with their handling.

Everything is written with bulk inserts and ids assigned here, so `--records 1000000` takes about
a minute. Free text comes from voiceapp.services.demo_text and is analysed by the real analyser
(at large sizes each distinct text is analysed once and reused).
"""

from __future__ import annotations

import bisect
import random
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import func, select, text

from voiceapp.analysis import Analyzer
from voiceapp.db.bulk import bulk_load, insert_rows
from voiceapp.db.engine import Database, open_database
from voiceapp.db.models import (
    Action,
    ActionFeedbackLink,
    ActionProgressNote,
    ActionStatusEntry,
    ActionThemeLink,
    AppMeta,
    Complaint,
    ComplaintProcedure,
    ComplaintStage,
    Compliment,
    Consultation,
    EngagementEvent,
    EventAttendance,
    Feedback,
    FeedbackTheme,
    LearningPoint,
    ReferenceItem,
    ReviewParticipationRecord,
    SafeguardingReview,
    Survey,
    SurveyAnswer,
    SurveyEdition,
    SurveyQuestion,
    SurveyResponse,
    Theme,
    ToldBack,
    User,
)
from voiceapp.domain.enums import (
    ActionStatus,
    AgeBand,
    AttendanceGroup,
    OmbudsmanDecision,
    QuestionType,
    RecordKind,
    ReferenceList,
    ReviewParticipation,
    SafeguardingDecision,
    StageOutcome,
    ThemeLinkStatus,
    ThemeSource,
    ToldBackMethod,
    UserRole,
)
from voiceapp.domain.quarters import FinancialQuarter
from voiceapp.domain.working_days import WorkingDayCalendar

from . import audit
from .context import SYSTEM
from .demo_text import DemoText, TextFactory
from .passwords import hash_password
from .records import analysis_columns, safeguarding_row, suggested_themes

DEMO_PASSWORD = "demo"
DEFAULT_RECORDS = 6000
POOL_LIMIT = 40_000  # above this many records, distinct texts are reused from a pool
POOL_SIZE = 6_000  # distinct texts (each analysed once) in the pool of a large demo
CHUNK = 20_000
SURVEY_TEXT_SHARE = 0.7  # share of survey responses that answer the free-text question
OPEN_SAFEGUARDING = 3  # the newest flags are left awaiting a manager's decision

Progress = Callable[[str, float], None]
_NINE = datetime.min.time().replace(hour=9)

# Share of feedback records by kind in the default demo (events and surveys add their own).
KIND_MIX = {
    RecordKind.COMPLIMENT: 0.15,
    RecordKind.COMPLAINT: 0.10,
    RecordKind.COMMENT: 0.33,
    RecordKind.SUGGESTION: 0.10,
    RecordKind.QUESTION: 0.07,
    RecordKind.CONSULTATION_RESPONSE: 0.07,
    RecordKind.SURVEY_RESPONSE: 0.18,
}

# Who gives which kind of feedback (weights), following the source papers: compliments come
# 66% from parent carers, 26% from schools, the rest from other professionals and children.
ROLE_MIX = {
    RecordKind.COMPLIMENT: {"parent_carer": 66, "school_setting": 26, "health_professional": 3,
                            "social_care_professional": 2, "child_young_person": 3},
    RecordKind.COMPLAINT: {"parent_carer": 78, "family_member": 8, "child_young_person": 4,
                           "care_leaver": 3, "foster_carer": 5, "elected_member": 2},
    RecordKind.COMMENT: {"parent_carer": 40, "child_young_person": 30, "care_leaver": 6,
                         "foster_carer": 8, "school_setting": 8, "partner_organisation": 5,
                         "health_professional": 3},
    RecordKind.SUGGESTION: {"parent_carer": 45, "child_young_person": 30, "foster_carer": 10,
                            "school_setting": 10, "partner_organisation": 5},
    RecordKind.QUESTION: {"parent_carer": 55, "member_of_public": 10, "elected_member": 10,
                          "school_setting": 15, "foster_carer": 10},
    RecordKind.CONSULTATION_RESPONSE: {"parent_carer": 55, "child_young_person": 15,
                                       "school_setting": 15, "partner_organisation": 10,
                                       "health_professional": 5},
    RecordKind.SURVEY_RESPONSE: {"parent_carer": 100},
    RecordKind.EVENT_NOTE: {"staff": 100},
}

SOCIAL_CARE_AREAS = {
    "child_protection", "cla_iro", "fostering", "care_leavers", "adoption", "front_door",
    "children_with_disabilities", "early_help",
}

# Service-area weights by respondent role, so a care leaver talks about leaving care.
AREA_BY_ROLE = {
    "parent_carer": {"send_ehc": 30, "educational_psychology": 5, "local_offer": 5,
                     "short_breaks": 7, "children_with_disabilities": 6, "early_help": 8,
                     "school_transport": 8, "health_therapies": 8, "emotional_wellbeing": 7,
                     "education_inclusion": 8, "child_protection": 4, "front_door": 2},
    "child_young_person": {"youth_services": 30, "cla_iro": 15, "emotional_wellbeing": 15,
                           "education_inclusion": 10, "exploitation_missing": 5,
                           "youth_justice": 5, "short_breaks": 10, "school_transport": 10},
    "care_leaver": {"care_leavers": 80, "emotional_wellbeing": 10, "youth_services": 10},
    "foster_carer": {"fostering": 70, "cla_iro": 20, "emotional_wellbeing": 10},
    "family_member": {"child_protection": 30, "early_help": 30, "cla_iro": 20, "adoption": 20},
    "school_setting": {"send_ehc": 40, "educational_psychology": 20, "education_inclusion": 25,
                       "early_help": 15},
    "health_professional": {"health_therapies": 50, "send_ehc": 30, "emotional_wellbeing": 20},
    "social_care_professional": {"child_protection": 40, "early_help": 30, "front_door": 30},
    "partner_organisation": {"send_ehc": 40, "local_offer": 30, "short_breaks": 30},
    "member_of_public": {"local_offer": 50, "front_door": 30, "youth_services": 20},
    "elected_member": {"send_ehc": 40, "school_transport": 40, "youth_services": 20},
    "staff": {"send_ehc": 40, "youth_services": 30, "cla_iro": 30},
}

CHANNEL_BY_KIND = {
    RecordKind.COMPLIMENT: {"email": 50, "letter": 10, "phone": 15, "online_form": 15,
                            "face_to_face": 10},
    RecordKind.COMPLAINT: {"email": 45, "online_form": 30, "phone": 15, "letter": 10},
    RecordKind.COMMENT: {"event": 60, "face_to_face": 15, "email": 10, "app": 15},
    RecordKind.SUGGESTION: {"event": 50, "online_form": 25, "app": 25},
    RecordKind.QUESTION: {"email": 40, "meeting": 30, "phone": 30},
    RecordKind.CONSULTATION_RESPONSE: {"online_form": 70, "event": 20, "letter": 10},
    RecordKind.SURVEY_RESPONSE: {"survey": 100},
    RecordKind.EVENT_NOTE: {"event": 100},
}

CYP_ROLES = {"child_young_person", "care_leaver"}
AGE_BY_ROLE = {
    "child_young_person": {AgeBand.AGE_5_10: 20, AgeBand.AGE_11_15: 50, AgeBand.AGE_16_17: 30},
    "care_leaver": {AgeBand.AGE_18_25: 100},
}

EVENT_TYPES = [
    # (name, audience, yearly count, attendance ranges by group, coproduced)
    ("Parent carer coffee morning", "Parent carers", 12,
     {AttendanceGroup.PARENT_CARERS: (8, 30), AttendanceGroup.PROFESSIONALS: (2, 6)}, False),
    ("SEND stakeholder meeting", "Parent representatives and partners", 11,
     {AttendanceGroup.PARENT_CARERS: (6, 14), AttendanceGroup.PROFESSIONALS: (8, 20)}, True),
    ("Youth forum", "Young people", 10,
     {AttendanceGroup.CHILDREN_YOUNG_PEOPLE: (8, 25), AttendanceGroup.PROFESSIONALS: (2, 4)},
     True),
    ("Children in Care Council", "Children looked after", 6,
     {AttendanceGroup.CHILDREN_YOUNG_PEOPLE: (5, 15), AttendanceGroup.PROFESSIONALS: (2, 5)},
     True),
    ("World Café", "Families, young people and professionals", 2,
     {AttendanceGroup.PARENT_CARERS: (30, 50), AttendanceGroup.CHILDREN_YOUNG_PEOPLE: (15, 30),
      AttendanceGroup.PROFESSIONALS: (20, 35)}, True),
    ("School visit", "Pupils", 6,
     {AttendanceGroup.CHILDREN_YOUNG_PEOPLE: (10, 40), AttendanceGroup.PROFESSIONALS: (1, 3)},
     False),
    ("Foster carer support group", "Foster carers", 4,
     {AttendanceGroup.PARENT_CARERS: (6, 18), AttendanceGroup.PROFESSIONALS: (1, 3)}, False),
]

VENUES = [
    "Hallowmere Family Hub", "Wrenfold Library", "Corrigan Heath Community Centre",
    "Saltby Marsh Youth Centre", "Pennock Vale Leisure Centre", "Lowdrith Methodist Hall",
    "County Hall, Wrenfold", "Online (Teams)",
]

PARTNERS = [
    "Wrenshire Parent Carer Forum", "Wrenshire SENDIASS", "Healthwatch Wrenshire",
    "Wrenshire Integrated Care Board", "Wrenshire Children in Care Council",
    "Wrenshire Youth Council", "Pennock Vale Advocacy Service",
]

DEMO_USERS = [
    ("admin", "Alex Morgan (administrator)", UserRole.ADMINISTRATOR),
    ("manager", "Sam Okafor (head of service)", UserRole.MANAGER),
    ("officer", "Jo Whitfield (engagement officer)", UserRole.OFFICER),
    ("viewer", "Cllr Pat Ellery (board member)", UserRole.BOARD_VIEWER),
    ("complaints", "Ravi Chandra (complaints officer)", UserRole.OFFICER),
]


@dataclass
class DemoSummary:
    database: str
    records: int
    counts: Counter = field(default_factory=Counter)
    seconds: float = 0.0

    by_kind: Counter = field(default_factory=Counter)

    def describe(self) -> str:
        kinds = ", ".join(f"{n:,} {RecordKind(k).label.lower()}s" for k, n in
                          sorted(self.by_kind.items(), key=lambda kv: -kv[1]))
        other = ", ".join(f"{v:,} {k}" for k, v in self.counts.items())
        return (f"Built the Wrenshire demo database at {self.database} in {self.seconds:.1f} s: "
                f"{self.records:,} feedback records ({kinds}); {other}.")


def _column_default(column) -> object:
    default = column.default
    if default is None or (not default.is_scalar and not default.is_callable):
        return None
    return default.arg(None) if default.is_callable else default.arg


_CUMULATIVE: dict[int, tuple[dict, list, list[float]]] = {}


def _pick(rng: random.Random, weights: dict) -> object:
    """A weighted choice; cumulative weights are computed once per weights table."""
    cached = _CUMULATIVE.get(id(weights))
    if cached is None or cached[0] is not weights:
        keys = list(weights)
        total, cum = 0.0, []
        for k in keys:
            total += weights[k]
            cum.append(total)
        cached = _CUMULATIVE[id(weights)] = (weights, keys, cum)
    _, keys, cum = cached
    return keys[bisect.bisect_right(cum, rng.random() * cum[-1])]


def _quarters(start: date, end: date) -> list[FinancialQuarter]:
    q = FinancialQuarter.containing(start)
    out = []
    while q.start <= end:
        out.append(q)
        q = q.next()
    return out


def build_demo(db: str, *, seed: int = 2024, records: int | None = None,
               end: date | None = None, progress: Progress | None = None) -> DemoSummary:
    """Create a new demo database at `db` (path or URL) and fill it."""
    started = datetime.now()
    database = open_database(db)
    try:
        with database.read_session() as s:
            if s.scalar(select(func.count()).select_from(Feedback)):
                from voiceapp.errors import ValidationError

                raise ValidationError(
                    f"{database.description} already holds feedback records.",
                    "A demo is only built into a new, empty database.",
                )
        builder = _DemoBuilder(database, random.Random(seed), records or DEFAULT_RECORDS,
                               end or date.today(), progress or (lambda *_: None))
        summary = builder.build()
        summary.seconds = (datetime.now() - started).total_seconds()
        return summary
    finally:
        database.dispose()


class _DemoBuilder:
    def __init__(self, database: Database, rng: random.Random, records: int, end: date,
                 progress: Progress) -> None:
        self.db = database
        self.rng = rng
        self.records = records
        self.end = end
        self.progress = progress
        self.scale = records / DEFAULT_RECORDS
        # Three full financial years before the current one, plus the current one to date.
        current = FinancialQuarter.containing(end)
        self.start = date(current.year_start - 3, 4, 1)
        self.quarters = _quarters(self.start, end)
        self.calendar = WorkingDayCalendar()
        self.factory = TextFactory(random.Random(rng.random()))
        self.analyzer = Analyzer()
        self.summary = DemoSummary(database.description, 0)
        self._pool: dict[RecordKind, list[dict]] = {}
        self._working_days: dict[FinancialQuarter, list[date]] = {}
        self._survey_pool: dict[tuple[str, str], list[dict]] = {}
        self.next_id: Counter = Counter()

    # ------------------------------------------------------------------ helpers

    def _id(self, table: str) -> int:
        self.next_id[table] += 1
        return self.next_id[table]

    def _load_reference(self) -> None:
        with self.db.read_session() as s:
            rows = s.execute(select(ReferenceItem.id, ReferenceItem.list_name, ReferenceItem.code))
            self.ref: dict[str, dict[str, int]] = {}
            for rid, list_name, code in rows:
                self.ref.setdefault(list_name, {})[code] = rid
            self.theme_ids = dict(s.execute(select(Theme.slug, Theme.id)).all())
            self.procedures = {
                code: (pid, definition) for pid, code, definition in
                s.execute(select(ComplaintProcedure.id, ComplaintProcedure.code,
                                 ComplaintProcedure.definition))
            }
        self._channel_ids = self.ref[ReferenceList.CHANNEL]
        self._district_ids = list(self.ref[ReferenceList.DISTRICT].values())

    def _day_in(self, q: FinancialQuarter) -> date:
        """A working day in the quarter (and not after the demo's end date)."""
        days = self._working_days.get(q)
        if days is None:
            last = min(q.end, self.end)
            days = [q.start + timedelta(days=i) for i in range((last - q.start).days + 1)]
            days = self._working_days[q] = [d for d in days if self.calendar.is_working_day(d)] \
                or [q.start]
        return days[int(self.rng.random() * len(days))]

    def _insert(self, model, rows: list[dict], label: str | None = None) -> None:
        """Core executemany in chunks. Every row gets the same keys (a missing key takes the
        column's default), so the driver's executemany runs in one batch per chunk."""
        if not rows:
            return
        table = model.__table__
        keys: set[str] = set().union(*(r.keys() for r in rows[:1000]))
        keys.update(*(r.keys() for r in rows[1000:] if len(r) != len(keys)))
        fill = {k: _column_default(table.c[k]) for k in keys}
        for r in rows:
            if len(r) != len(keys):
                for k in keys:
                    r.setdefault(k, fill[k])
        insert_rows(self.db, table, rows, CHUNK)
        if label:
            self.summary.counts[label] += len(rows)

    # ------------------------------------------------------------------ build

    def build(self) -> DemoSummary:
        self._load_reference()
        self.progress("Creating users", 0.01)
        self._users()
        self.progress("Planning events and surveys", 0.03)
        self._teams()
        self._events()
        self._consultations()
        self._surveys_plan()
        self.progress("Writing feedback", 0.05)
        self._feedback()
        self.progress("Complaints and compliments", 0.80)
        self._complaints()
        self._compliments()
        self.progress("Surveys", 0.85)
        self._surveys_write()
        self.progress("You Said, We Did", 0.90)
        self._actions()
        self._reviews()
        self.progress("Finishing", 0.97)
        with self.db.session() as s:
            s.merge(AppMeta(key="demo", value=f"seed={self.rng.random():.6f}"))
            s.merge(AppMeta(key="demo_end", value=self.end.isoformat()))
            audit.record(s, SYSTEM, "create", "database", None,
                         summary=f"Demo database generated: {self.summary.records:,} records",
                         after=dict(self.summary.counts))
            if self.db.is_sqlite:
                s.execute(text("ANALYZE"))
        self.progress("Done", 1.0)
        return self.summary

    def _users(self) -> None:
        pw = hash_password(DEMO_PASSWORD)
        rows = []
        for username, name, role in DEMO_USERS:
            rows.append(dict(id=self._id("user"), username=username, display_name=name,
                             role=role.value, extra_roles=[], password_hash=pw, active=True,
                             failed_logins=0, must_change_password=False, is_demo_password=True,
                             created_at=datetime.combine(self.start, datetime.min.time())))
        self._insert(User, rows)
        self.user_ids = {r["username"]: r["id"] for r in rows}

    def _teams(self) -> None:
        rows = []
        team_ids: dict[str, list[int]] = {}
        with self.db.read_session() as s:
            existing = s.scalar(select(func.max(ReferenceItem.id))) or 0
        self.next_id["ref"] = existing
        for area_code, names in self.factory.team_names().items():
            parent = self.ref[ReferenceList.SERVICE_AREA].get(area_code)
            if parent is None:
                continue
            for i, name in enumerate(names):
                rid = self._id("ref")
                rows.append(dict(id=rid, list_name=ReferenceList.TEAM.value,
                                 code=f"{area_code}_{i + 1}", label=name, parent_id=parent,
                                 sort_order=i, active=True))
                team_ids.setdefault(area_code, []).append(rid)
        self._insert(ReferenceItem, rows)
        self.team_ids = team_ids

    def _events(self) -> None:
        rng = self.rng
        districts = list(self.ref[ReferenceList.DISTRICT].values())
        # An event's district is where its venue is ("Lowdrith Methodist Hall" is in Lowdrith);
        # online events take any district.
        by_place = {code.replace("_", " "): did
                    for code, did in self.ref[ReferenceList.DISTRICT].items()}

        def district_of(venue: str) -> int:
            low = venue.lower()
            return next((did for place, did in by_place.items() if place in low),
                        rng.choice(districts))

        events, attendance = [], []
        self.events_by_quarter: dict[FinancialQuarter, list[tuple[int, date, str]]] = {}
        years = len(self.quarters) / 4
        for name, audience, per_year, groups, coproduced in EVENT_TYPES:
            count = max(1, round(per_year * years))
            for _ in range(count):
                q = rng.choice(self.quarters)
                held = self._day_in(q)
                if held > self.end:
                    continue
                eid = self._id("event")
                venue = rng.choice(VENUES)
                partners = ", ".join(rng.sample(PARTNERS, k=rng.randint(0, 2)))
                events.append(dict(
                    id=eid, name=f"{name}, {venue.split(',')[0]}", held_on=held, venue=venue,
                    district_id=district_of(venue), audience=audience, partners=partners,
                    coproduced=coproduced, notes="", created_by_id=self.user_ids["officer"],
                    created_at=datetime.combine(held, datetime.min.time()), version=1))
                for group, (lo, hi) in groups.items():
                    attendance.append(dict(event_id=eid, group=group.value,
                                           count=rng.randint(lo, hi)))
                self.events_by_quarter.setdefault(q, []).append((eid, held, audience))
        self._insert(EngagementEvent, events, "engagement events")
        self._insert(EventAttendance, attendance)

    def _consultations(self) -> None:
        titles = [
            ("Short breaks statement consultation", "short_breaks"),
            ("Home to school transport policy for post-16 learners", "school_transport"),
            ("Wrenshire SEND and Alternative Provision Strategy", "send_ehc"),
            ("Youth services offer: what matters to you?", "youth_services"),
            ("Care leavers local offer refresh", "care_leavers"),
            ("Family hubs: opening times and services", "early_help"),
        ]
        rows = []
        self.consultations: list[tuple[int, date, date, str]] = []
        for i, (title, area) in enumerate(titles):
            q = self.quarters[min(len(self.quarters) - 1, 1 + i * 2)]
            opens = q.start + timedelta(days=10)
            closes = opens + timedelta(days=56)
            cid = self._id("consultation")
            rows.append(dict(id=cid, title=title, opens_on=opens, closes_on=closes,
                             audience="Families, young people and partners",
                             service_area_id=self.ref[ReferenceList.SERVICE_AREA][area]))
            if opens <= self.end:
                self.consultations.append((cid, opens, min(closes, self.end), area))
        self._insert(Consultation, rows, "consultations")

    def _surveys_plan(self) -> None:
        """Annual parent carer survey (October), young people's survey (February) and the
        short breaks and holiday activities survey (July), so most quarters have survey
        results to report."""
        self.survey_editions: list[dict] = []
        years = sorted({q.year_start for q in self.quarters})
        surveys = [
            ("Parent carer survey", "Parent carers of children with SEND", 10, "parent_carer",
             (140, 230)),
            ("Young people's voice survey", "Children and young people aged 8 to 18", 2,
             "child_young_person", (120, 200)),
            ("Short breaks and holiday activities survey",
             "Families of children using short breaks", 7, "parent_carer", (110, 170)),
        ]
        self.survey_rows, self.edition_rows, self.question_rows = [], [], []
        for sidx, (name, audience, month, role, (lo, hi)) in enumerate(surveys):
            sid = self._id("survey")
            self.survey_rows.append(dict(id=sid, name=name, description=f"Annual {name.lower()}",
                                         audience=audience, frequency="annual"))
            for y in years:
                year = y if month >= 4 else y + 1
                opens = date(year, month, 1)
                closes = opens + timedelta(days=41)
                if closes > self.end:
                    continue
                ed_id = self._id("edition")
                label = f"{name} {year}"
                self.edition_rows.append(dict(id=ed_id, survey_id=sid, name=label,
                                              opens_on=opens, closes_on=closes))
                qids = self._questions(ed_id, sidx)
                n = max(3, round(self.rng.randint(lo, hi) * max(self.scale, 0.25)))
                self.survey_editions.append(dict(edition_id=ed_id, opens=opens, closes=closes,
                                                 role=role, n=n, qids=qids,
                                                 index=len([e for e in self.edition_rows
                                                            if e["survey_id"] == sid]) - 1))

    def _questions(self, edition_id: int, survey_index: int) -> dict[str, int]:
        if survey_index == 0:
            qs = [
                ("overall", "Overall, how satisfied are you with the support your child receives?",
                 QuestionType.RATING, None, 5),
                ("listened", "I feel listened to by the professionals working with my family",
                 QuestionType.RATING, None, 5),
                ("know_contact", "Do you know who to contact about your child's plan?",
                 QuestionType.CHOICE, ["Yes", "No", "Not sure"], None),
                ("ehcp", "Does your child have an EHC plan?",
                 QuestionType.CHOICE, ["Yes", "No", "Being assessed"], None),
                ("better", "What is one thing we could do better?", QuestionType.TEXT, None, None),
            ]
        elif survey_index == 2:
            qs = [
                ("overall", "Overall, how satisfied were you with your child's short breaks "
                            "and holiday activities?", QuestionType.RATING, None, 5),
                ("booked", "Could you book the activities your child wanted?",
                 QuestionType.CHOICE, ["Yes", "Some of them", "No"], None),
                ("better", "What would make short breaks better for your family?",
                 QuestionType.TEXT, None, None),
            ]
        else:
            qs = [
                ("happy", "How do you feel about the help you get? (five faces)",
                 QuestionType.RATING, None, 5),
                ("safe", "I feel safe where I live", QuestionType.RATING, None, 5),
                ("told", "Were you told how your views were used?",
                 QuestionType.CHOICE, ["Yes", "No", "Don't know"], None),
                ("say", "Anything else you want to tell us?", QuestionType.TEXT, None, None),
            ]
        out = {}
        for pos, (key, qtext, qtype, options, scale) in enumerate(qs):
            qid = self._id("question")
            self.question_rows.append(dict(id=qid, edition_id=edition_id, position=pos, key=key,
                                           text=qtext, qtype=qtype.value, options=options,
                                           scale_max=scale))
            out[key] = qid
        return out

    # ------------------------------------------------------------------ feedback

    def _quarter_weights(self, kind: RecordKind) -> list[float]:
        """Relative volume per quarter: compliments rise quarter on quarter, complaints drift
        down a little, everything has a seasonal dip in Q2 (school holidays)."""
        weights = []
        for i, q in enumerate(self.quarters):
            seasonal = 0.85 if q.number == 2 else 1.0
            if kind == RecordKind.COMPLIMENT:
                w = 1.0 * (1.055 ** i)
            elif kind == RecordKind.COMPLAINT:
                w = 1.1 - 0.012 * i
            else:
                w = 1.0 + 0.01 * i
            if q.end > self.end:  # the current quarter is only partly through
                done = (self.end - q.start).days / max((q.end - q.start).days, 1)
                w *= max(done, 0.05)
            weights.append(w * seasonal)
        return weights

    def _feedback(self) -> None:
        rng = self.rng
        survey_free_text = round(SURVEY_TEXT_SHARE * sum(e["n"] for e in self.survey_editions))
        plan: list[tuple[RecordKind, FinancialQuarter]] = []
        remaining = max(self.records - survey_free_text - self._event_count(), 0)
        mix = {k: v for k, v in KIND_MIX.items() if k != RecordKind.SURVEY_RESPONSE}
        total = sum(mix.values())
        for kind, share in mix.items():
            n = round(remaining * share / total)
            weights = self._quarter_weights(kind)
            quarters = rng.choices(self.quarters, weights=weights, k=n)
            plan.extend((kind, q) for q in quarters)
        rng.shuffle(plan)
        self.feedback_rows: list[dict] = []
        self.theme_rows: list[dict] = []
        self.safeguarding_rows: list[dict] = []
        self.by_kind: dict[RecordKind, list[dict]] = {}
        n_plan = len(plan)
        for i, (kind, q) in enumerate(plan):
            self._one(kind, q)
            if i % 5000 == 0:
                self.progress("Writing feedback", 0.05 + 0.55 * i / max(n_plan, 1))
        # Event notes and comments captured at events.
        for q, events in self.events_by_quarter.items():
            for eid, held, _audience in events:
                self._one(RecordKind.EVENT_NOTE, q, on=held, event_id=eid)
        # Safeguarding disclosures: a few a year, spread over time.
        n_sg = max(3, round(4 * len(self.quarters) / 4 * min(self.scale, 50) ** 0.5))
        for _ in range(n_sg):
            q = rng.choice(self.quarters)
            role = rng.choice(["child_young_person", "child_young_person", "parent_carer",
                               "care_leaver", "school_setting"])
            age = _pick(rng, AGE_BY_ROLE[role]).value if role in AGE_BY_ROLE else None
            self._one(RecordKind.COMMENT, q, role=role,
                      demo=self.factory.safeguarding_disclosure(role, age_band=age), age=age)
        # Survey free text belongs to survey responses, written with them.
        self.progress("Writing feedback", 0.62)
        self._survey_feedback()
        self._leave_newest_flags_open()
        self.progress("Saving feedback", 0.65)
        with bulk_load(self.db, [Feedback.__table__, FeedbackTheme.__table__]):
            self._insert(Feedback, self.feedback_rows)
            self.progress("Saving themes", 0.72)
            self._insert(FeedbackTheme, self.theme_rows)
            self.progress("Indexing", 0.76)
        self._insert(SafeguardingReview, self.safeguarding_rows)
        self.summary.records = len(self.feedback_rows)
        self.summary.by_kind.update(r["kind"] for r in self.feedback_rows)

    def _leave_newest_flags_open(self) -> None:
        """The safeguarding queue of a live service is never empty for long: the newest flags
        await a manager's decision."""
        newest = sorted(self.safeguarding_rows, key=lambda r: r["flagged_at"])[-OPEN_SAFEGUARDING:]
        for row in newest:
            row.update(decision=None, decision_reason=None, referral_reference=None,
                       decided_by_id=None, decided_at=None)

    def _event_count(self) -> int:
        return sum(len(v) for v in self.events_by_quarter.values())

    def _one(self, kind: RecordKind, q: FinancialQuarter, *, on: date | None = None,
             role: str | None = None, demo: DemoText | None = None, age: str | None = None,
             event_id: int | None = None, area: str | None = None,
             channel: str | None = None, template: dict | None = None) -> dict:
        """One feedback record: a template (text, analysis, theme links: the expensive part,
        shared between records at large sizes) stamped with this record's date and details."""
        rng = self.rng
        if template is not None:
            tpl = template
        elif demo is None and role is None and area is None and self.records > POOL_LIMIT:
            tpl = self._pooled_template(kind)
        else:
            tpl = self._template(kind, role, area, age, demo)
        received = on or self._day_in(q)
        if kind in (RecordKind.COMMENT, RecordKind.SUGGESTION) and event_id is None and \
                rng.random() < 0.5:
            events = self.events_by_quarter.get(q)
            if events:
                event_id, received, _ = rng.choice(events)
        consultation = None
        if kind == RecordKind.CONSULTATION_RESPONSE and self.consultations:
            consultation = rng.choice(self.consultations)
            _cid, opens, closes, _area = consultation
            received = opens + timedelta(days=rng.randint(0, max((closes - opens).days, 0)))
        fid = self._id("feedback")
        # Texts the analyser could not theme were tagged by an officer straight away.
        reviewed = (self.end - received).days > 45 or rng.random() < 0.3 or \
            not tpl["suggested_links"]
        officer = self.user_ids["officer"]
        anonymous = (tpl["role"] in CYP_ROLES and rng.random() < 0.5) or rng.random() < 0.12
        consent_contact = (not anonymous) and rng.random() < 0.6
        created = datetime.combine(received, _NINE) + timedelta(minutes=rng.randint(0, 540))
        override = tpl["override"] if reviewed else None
        name = None if anonymous else f"{rng.choice(self._FIRST)} {rng.choice(self._LAST)}"
        row = dict(tpl["row"])
        row.update(
            id=fid, received_on=received,
            channel_id=self._channel_ids[
                channel or ("event" if event_id else _pick(rng, CHANNEL_BY_KIND[kind]))],
            team_id=rng.choice(tpl["teams"]) if tpl["teams"] and rng.random() < 0.6 else None,
            district_id=rng.choice(self._district_ids) if rng.random() < 0.85 else None,
            anonymous=anonymous, respondent_name=name,
            respondent_contact=self._contact(name) if name and consent_contact else None,
            consent_quote=rng.random() < (0.55 if kind != RecordKind.COMPLAINT else 0.2),
            consent_contact=consent_contact,
            sentiment_override=override,
            sentiment_override_by_id=officer if override else None,
            sentiment_override_at=created + timedelta(days=2) if override else None,
            needs_review=not reviewed, event_id=event_id,
            consultation_id=consultation[0] if consultation else None,
            created_at=created, updated_at=created,
        )
        self.feedback_rows.append(row)
        self.by_kind.setdefault(kind, []).append(row)
        links = tpl["reviewed_links"] if reviewed else tpl["suggested_links"]
        when = created + timedelta(days=1 + fid % 9) if reviewed else None
        for link in links:
            self.theme_rows.append({**link, "feedback_id": fid,
                                    "confirmed_at": when if reviewed else None})
        if tpl["flag"] is not None:
            self._safeguarding(row, tpl["safeguarding"], tpl["flag"], created)
        return row

    def _pooled_template(self, kind: RecordKind) -> dict:
        """Above POOL_LIMIT records, distinct texts are drawn from a pool per kind (each
        analysed once), so a million-record demo takes about a minute, not an hour."""
        pool = self._pool.setdefault(kind, [])
        size = max(8, round(POOL_SIZE * KIND_MIX.get(kind, 0.05)))
        if len(pool) < size:
            pool.append(self._template(kind, None, None, None, None))
            return pool[-1]
        return self.rng.choice(pool)

    def _survey_template(self, role: str, tone: str) -> dict:
        """A survey answer whose tone matches the respondent's rating (pooled when large)."""
        def make() -> dict:
            age = _pick(self.rng, AGE_BY_ROLE[role]).value if role in AGE_BY_ROLE else None
            area = _pick(self.rng, AREA_BY_ROLE[role])
            demo = self.factory.compose(RecordKind.SURVEY_RESPONSE, role, area, tone=tone,
                                        age_band=age)
            return self._template(RecordKind.SURVEY_RESPONSE, role, area, age, demo)

        if self.records <= POOL_LIMIT:
            return make()
        pool = self._survey_pool.setdefault((role, tone), [])
        if len(pool) < POOL_SIZE // 30:
            pool.append(make())
            return pool[-1]
        return self.rng.choice(pool)

    def _template(self, kind: RecordKind, role: str | None, area: str | None,
                  age: str | None, demo: DemoText | None) -> dict:
        rng = self.rng
        role = role or _pick(rng, ROLE_MIX[kind])
        area = area or _pick(rng, AREA_BY_ROLE.get(role, AREA_BY_ROLE["parent_carer"]))
        if age is None and role in AGE_BY_ROLE:
            age = _pick(rng, AGE_BY_ROLE[role]).value
        demo = demo or self.factory.compose(kind, role, area, age_band=age)
        result = self.analyzer.analyse(demo.text)
        officer = self.user_ids["officer"]
        row = dict(
            kind=kind.value, respondent_role_id=self.ref[ReferenceList.RESPONDENT_ROLE][role],
            service_area_id=self.ref[ReferenceList.SERVICE_AREA][area], age_band=age,
            text=demo.text, created_by_id=officer, updated_by_id=officer, version=1,
            anonymised_at=None, import_batch_id=None, source_key=None, rating=None,
            **analysis_columns(result),
        )
        override = None
        if result.sentiment.label != demo.tone and demo.tone in ("positive", "negative") \
                and rng.random() < 0.5:
            override = demo.tone  # an officer corrected the analyser when reviewing
        suggested, reviewed = self._theme_links(demo, result)
        return dict(row=row, role=role, teams=self.team_ids.get(area, []), override=override,
                    suggested_links=suggested, reviewed_links=reviewed,
                    flag=result if result.safeguarding.flag else None, safeguarding=demo)

    def _theme_links(self, demo: DemoText, result) -> tuple[list[dict], list[dict]]:
        """Theme links before review (the analyser's suggestions) and after an officer's review
        (suggestions confirmed or rejected against what the text is really about, plus the
        officer's own additions)."""
        officer = self.user_ids["officer"]
        truth = {s for s in demo.themes if s in self.theme_ids}
        suggested, reviewed, seen = [], [], set()
        for sug in suggested_themes(result):
            tid = self.theme_ids.get(sug.slug)
            if tid is None or tid in seen:
                continue
            seen.add(tid)
            base = dict(theme_id=tid, source=ThemeSource.AUTOMATIC.value,
                        confidence=round(sug.score, 3), evidence=list(sug.evidence[:5]))
            suggested.append({**base, "status": ThemeLinkStatus.SUGGESTED.value,
                              "confirmed_by_id": None})
            ok = sug.slug in truth or any(t.startswith(sug.slug + ".") or
                                          sug.slug.startswith(t + ".") for t in truth)
            status = ThemeLinkStatus.CONFIRMED if ok else ThemeLinkStatus.REJECTED
            reviewed.append({**base, "status": status.value, "confirmed_by_id": officer})
        for slug in sorted(truth):
            tid = self.theme_ids[slug]
            if tid not in seen:
                seen.add(tid)
                reviewed.append(dict(theme_id=tid, source=ThemeSource.OFFICER.value,
                                     status=ThemeLinkStatus.CONFIRMED.value, confidence=None,
                                     evidence=None, confirmed_by_id=officer))
        return suggested, reviewed

    _FIRST = ["Aisha", "Ben", "Chloe", "Daniel", "Ewa", "Farhan", "Grace", "Hamza", "Isla",
              "Jamal", "Kerry", "Liam", "Maya", "Nadia", "Owen", "Priya", "Rhys", "Sofia",
              "Tomasz", "Yasmin", "Zoe", "Kwame", "Bethany", "Callum", "Demi", "Imran"]
    _LAST = ["Adeyemi", "Barker", "Chowdhury", "Doyle", "Evans", "Fitzgerald", "Gill", "Hughes",
             "Iqbal", "Jones", "Kowalski", "Lewis", "Mensah", "Nowak", "O'Neill", "Patel",
             "Quinn", "Rahman", "Stewart", "Thompson", "Walsh", "Yilmaz", "Marsh", "Pennington"]

    def _contact(self, name: str) -> str:
        if self.rng.random() < 0.6:
            return name.lower().replace(" ", ".").replace("'", "") + "@example.org"
        return f"07700 900{self.rng.randint(0, 999):03d}"

    def _safeguarding(self, row: dict, demo: DemoText, result, created: datetime) -> None:
        """The flag and, unless it is recent, the manager's recorded decision."""
        age_days = (self.end - row["received_on"]).days
        decided = age_days > 3
        if demo.safeguarding:
            decision = self.rng.choice([SafeguardingDecision.REFERRED_FRONT_DOOR,
                                        SafeguardingDecision.REFERRED_FRONT_DOOR,
                                        SafeguardingDecision.ALREADY_KNOWN])
            reason = ("Referred to the Front Door the same day; MASH reference recorded."
                      if decision == SafeguardingDecision.REFERRED_FRONT_DOOR else
                      "Already open to a social worker, who was told the same day.")
        else:
            decision = SafeguardingDecision.NO_ACTION
            reason = "Read in full: no risk of harm described (figure of speech)."
        row_sg = safeguarding_row(row["id"], result, created)
        row_sg["id"] = self._id("safeguarding")
        if decided:
            row_sg.update(
                decision=decision.value, decision_reason=reason,
                referral_reference=(
                    f"MASH-{row['received_on']:%y%m}-{self.rng.randint(100, 999)}"
                    if decision == SafeguardingDecision.REFERRED_FRONT_DOOR else None),
                decided_by_id=self.user_ids["manager"],
                decided_at=created + timedelta(hours=self.rng.randint(1, 6)))
        self.safeguarding_rows.append(row_sg)

    # ------------------------------------------------------------------ surveys

    def _survey_feedback(self) -> None:
        """Each response's free-text answer is a feedback record of kind survey_response."""
        self.response_rows, self.answer_rows = [], []
        for ed in self.survey_editions:
            improve = 0.25 * ed["index"]  # ratings improve edition to edition
            for _ in range(ed["n"]):
                span = (ed["closes"] - ed["opens"]).days
                on = ed["opens"] + timedelta(days=self.rng.randint(0, span))
                q = FinancialQuarter.containing(on)
                rid = self._id("response")
                qids = ed["qids"]
                rating = max(1, min(5, round(self.rng.gauss(3.0 + improve, 1.1))))
                tone = "positive" if rating >= 4 else "negative" if rating <= 2 else "mixed"
                has_text = self.rng.random() < SURVEY_TEXT_SHARE
                fid = None
                if has_text:
                    tpl = self._survey_template(ed["role"], tone)
                    row = self._one(RecordKind.SURVEY_RESPONSE, q, on=on, template=tpl,
                                    channel="survey")
                    fid = row["id"]
                self.response_rows.append(dict(
                    id=rid, edition_id=ed["edition_id"], submitted_on=on,
                    respondent_role_id=self.ref[ReferenceList.RESPONDENT_ROLE][ed["role"]],
                    feedback_id=fid, external_id=f"R{rid:07d}"))
                ratings = [k for k in qids if k in ("overall", "listened", "happy", "safe")]
                for key in ratings:
                    value = rating if key in ("overall", "happy") else max(
                        1, min(5, rating + self.rng.choice([-1, 0, 0, 1])))
                    self.answer_rows.append(dict(id=self._id("answer"), response_id=rid,
                                                 question_id=qids[key], rating=value))
                for key, options in (("know_contact", [60 + 8 * ed["index"], 25, 15]),
                                     ("ehcp", [55, 30, 15]),
                                     ("told", [35 + 10 * ed["index"], 40, 25]),
                                     ("booked", [50 + 6 * ed["index"], 32, 18])):
                    if key in qids:
                        labels = {"know_contact": ["Yes", "No", "Not sure"],
                                  "ehcp": ["Yes", "No", "Being assessed"],
                                  "told": ["Yes", "No", "Don't know"],
                                  "booked": ["Yes", "Some of them", "No"]}[key]
                        self.answer_rows.append(dict(
                            id=self._id("answer"), response_id=rid, question_id=qids[key],
                            choice=self.rng.choices(labels, weights=options)[0]))
                text_key = "better" if "better" in qids else "say"
                if fid is not None:
                    self.answer_rows.append(dict(id=self._id("answer"), response_id=rid,
                                                 question_id=qids[text_key],
                                                 text=self.feedback_rows[-1]["text"]))

    def _surveys_write(self) -> None:
        self._insert(Survey, self.survey_rows, "surveys")
        self._insert(SurveyEdition, self.edition_rows, "survey editions")
        self._insert(SurveyQuestion, self.question_rows)
        self._insert(SurveyResponse, self.response_rows, "survey responses")
        self._insert(SurveyAnswer, self.answer_rows)

    # ------------------------------------------------------------------ complaints

    def _complaints(self) -> None:
        rng = self.rng
        cal = self.calendar
        complaints, stages, learning = [], [], []
        rows = sorted(self.by_kind.get(RecordKind.COMPLAINT, []), key=lambda r: r["received_on"])
        area_codes = {v: k for k, v in self.ref[ReferenceList.SERVICE_AREA].items()}
        n = len(rows)
        upheld_debt = 0.5
        for i, row in enumerate(rows):
            area = area_codes[row["service_area_id"]]
            code = "statutory_csc" if area in SOCIAL_CARE_AREAS else "corporate_send"
            proc_id, definition = self.procedures[code]
            stage_defs = definition["stages"]
            cid = self._id("complaint")
            received = row["received_on"]
            # The share upheld falls from about 31% to 20% across the period.
            progress = i / max(n - 1, 1)
            p_upheld = 0.31 - 0.11 * progress
            is_open = True
            current = 1
            closed_on = None
            withdrawn = False
            ombudsman = {}
            stage_received = received
            for number, sdef in enumerate(stage_defs, start=1):
                due = cal.deadline(stage_received, sdef["response_days"])
                ack_days = sdef.get("acknowledge_days") or 3
                acknowledged = cal.add_working_days(stage_received, rng.randint(1, ack_days))
                stage = dict(id=self._id("stage"), complaint_id=cid, number=number,
                             received_on=stage_received,
                             acknowledged_on=acknowledged if acknowledged <= self.end else None,
                             due_on=due, extended_to=None, extension_reason=None, pauses=[],
                             responded_on=None, outcome=None, remedy=None,
                             investigator=None, milestones={})
                if number == 2 and code == "statutory_csc":
                    stage["investigator"] = rng.choice(["Independent investigator (J. Harlow)",
                                                        "Independent investigator (M. Osei)"])
                stages.append(stage)
                current = number
                roll = rng.random()
                max_days = sdef.get("max_extended_days")
                if max_days and roll < 0.18:
                    stage["extended_to"] = cal.add_working_days(
                        stage_received, rng.randint(sdef["response_days"] + 2, max_days))
                    stage["extension_reason"] = rng.choice([
                        "Complex complaint involving several teams; family agreed to the extension.",
                        "Key worker on long-term sickness; complainant informed in writing.",
                        "Awaiting health records from the Integrated Care Board.",
                    ])
                target = stage["extended_to"] or due
                late = rng.random() < (0.22 - 0.08 * progress)
                if late:
                    responded = cal.add_working_days(target, rng.randint(1, 15))
                else:
                    allowed = cal.working_days_between(stage_received, target)
                    responded = cal.add_working_days(stage_received,
                                                     rng.randint(max(3, allowed // 2), allowed))
                if responded > self.end:
                    break  # still open at this stage
                stage["responded_on"] = responded
                # Upheld outcomes follow the target share by error diffusion, so the falling
                # trend shows at any size; the other outcomes are drawn at random.
                upheld_debt += p_upheld
                r = rng.random()
                if r < 0.04:
                    outcome = StageOutcome.WITHDRAWN
                elif r < 0.07:
                    outcome = StageOutcome.NOT_ACCEPTED
                elif upheld_debt >= 1.0:
                    upheld_debt -= 1.0
                    outcome = StageOutcome.UPHELD
                elif r < 0.07 + 0.28 / (1 - p_upheld):
                    outcome = StageOutcome.PARTIALLY_UPHELD
                else:
                    outcome = StageOutcome.NOT_UPHELD
                stage["outcome"] = outcome.value
                if outcome in (StageOutcome.UPHELD, StageOutcome.PARTIALLY_UPHELD):
                    stage["remedy"] = rng.choice([
                        "Apology and a meeting with the team manager.",
                        "Apology; amended EHC plan issued within 10 working days.",
                        "Apology and a symbolic payment of £150 for time and trouble.",
                        "Apology; transport arrangements reviewed and confirmed in writing.",
                        "Apology and a named contact agreed with the family.",
                    ])
                    if rng.random() < 0.6:
                        learning.append(dict(
                            id=self._id("learning"), complaint_id=cid, stage_number=number,
                            text=rng.choice(LEARNING_POINTS), action_id=None))
                if outcome == StageOutcome.WITHDRAWN:
                    withdrawn = True
                escalates = (outcome not in (StageOutcome.WITHDRAWN, StageOutcome.NOT_ACCEPTED)
                             and number < len(stage_defs)
                             and rng.random() < (0.14 if number == 1 else 0.25))
                if not escalates:
                    is_open = False
                    closed_on = responded
                    # Most referrals follow the final stage; a few go early (premature).
                    final = number == len(stage_defs) or rng.random() < 0.02
                    if final and rng.random() < 0.35 and outcome != StageOutcome.WITHDRAWN:
                        ombudsman = self._ombudsman(responded)
                    break
                window = sdef.get("escalation_window_days") or 20
                stage_received = cal.add_working_days(responded, rng.randint(2, window))
                if stage_received > self.end:
                    is_open = False
                    closed_on = responded
                    break
            complaints.append(dict(
                id=cid, feedback_id=row["id"], reference=f"WCC-{received:%y}-{cid:05d}",
                procedure_id=proc_id, handler_id=self.user_ids["complaints"],
                current_stage=current, is_open=is_open, closed_on=closed_on, withdrawn=withdrawn,
                joint_school=area in ("education_inclusion", "send_ehc") and rng.random() < 0.15,
                joint_health=area in ("health_therapies", "emotional_wellbeing") and
                rng.random() < 0.3,
                joint_notes="", advocate_involved=row["age_band"] is not None and
                rng.random() < 0.5, version=1, **ombudsman))
        self._insert(Complaint, complaints, "complaint cases")
        self._insert(ComplaintStage, stages)
        self._insert(LearningPoint, learning)
        self.learning_rows = learning

    def _ombudsman(self, after: date) -> dict:
        referred = after + timedelta(days=self.rng.randint(10, 60))
        if referred > self.end:
            return {}
        out = dict(ombudsman_referred_on=referred,
                   ombudsman_reference=f"{referred:%y}{self.rng.randint(1, 19999):05d}")
        decided = referred + timedelta(days=self.rng.randint(40, 200))
        if decided <= self.end:
            decision = self.rng.choices(
                list(OmbudsmanDecision), weights=[30, 15, 20, 10, 15, 10])[0]
            out.update(ombudsman_decision=decision.value, ombudsman_decided_on=decided)
            if decision in (OmbudsmanDecision.FAULT_INJUSTICE,
                            OmbudsmanDecision.UPHELD_REMEDIED_LOCALLY):
                out["ombudsman_remedy"] = "Apology, £300 for distress, and a review of procedure."
        return out

    def _compliments(self) -> None:
        rows = []
        staff = self.factory.staff_names()
        for row in self.by_kind.get(RecordKind.COMPLIMENT, []):
            passed = row["received_on"] + timedelta(days=self.rng.randint(1, 12))
            person = self.rng.choice(staff) if self.rng.random() < 0.7 else None
            rows.append(dict(id=self._id("compliment"), feedback_id=row["id"],
                             praised_person=person, praised_team_id=row["team_id"],
                             thanks_passed_on=passed if passed <= self.end - timedelta(days=5)
                             else None,
                             thanks_passed_by_id=self.user_ids["complaints"]))
        self._insert(Compliment, rows)

    # ------------------------------------------------------------------ You Said, We Did

    def _actions(self) -> None:
        rng = self.rng
        statuses = list(ActionStatus)
        actions, history, notes, links, theme_links, told = [], [], [], [], [], []
        by_theme: dict[int, list[dict]] = {}
        fid_theme = {}
        for t in self.theme_rows:
            if t["status"] == ThemeLinkStatus.CONFIRMED.value:
                fid_theme.setdefault(t["feedback_id"], t["theme_id"])
        rows_by_id = {r["id"]: r for r in self.feedback_rows}
        for fid, tid in fid_theme.items():
            by_theme.setdefault(tid, []).append(rows_by_id[fid])
        as_at_dates = [q.end for q in self.quarters if q.end <= self.end][-6:] or [self.end]
        # Each action is a different template: a tracker that lists the same action twice
        # would not survive a board meeting.
        n_actions = min(len(ACTIONS),
                        max(len(statuses) * 2, min(36, round(24 * max(self.scale, 1) ** 0.2))))
        finals = _status_mix(n_actions)
        rng.shuffle(finals)
        learning = list(self.learning_rows)
        for i in range(n_actions):
            template = ACTIONS[i % len(ACTIONS)]
            said, did, owner, partners, slug = template
            aid = self._id("action")
            final = finals[i]
            tid = self.theme_ids[slug]
            candidates = by_theme.get(tid, [])
            start_idx = rng.randint(0, max(len(as_at_dates) - 3, 0))
            created = as_at_dates[start_idx] - timedelta(days=rng.randint(20, 60))
            due = _due_for(rng, final, self.end)
            path = _status_path(rng, final, len(as_at_dates) - start_idx)
            for as_at, status in zip(as_at_dates[start_idx:], path, strict=False):
                history.append(dict(id=self._id("status"), action_id=aid, status=status.value,
                                    as_at=as_at, comment=STATUS_COMMENTS[status],
                                    set_by_id=self.user_ids["manager"],
                                    set_at=datetime.combine(as_at, datetime.min.time())))
            current = path[min(len(path), len(as_at_dates) - start_idx) - 1]
            actions.append(dict(
                id=aid, reference=f"YSWD-{aid:03d}", said_summary=said, we_did=did,
                owner_role=owner, partners=partners, due_on=due,
                evidence_of_impact=IMPACT[i % len(IMPACT)] if current in (
                    ActionStatus.BLUE, ActionStatus.COMPLETE) else "",
                publish=rng.random() < 0.7, current_status=current.value,
                created_by_id=self.user_ids["manager"],
                created_at=datetime.combine(created, datetime.min.time()), version=1))
            theme_links.append(dict(action_id=aid, theme_id=tid))
            chosen = rng.sample(candidates, k=min(len(candidates), rng.randint(3, 25)))
            for r in chosen:
                links.append(dict(action_id=aid, feedback_id=r["id"]))
            for k in range(rng.randint(1, 4)):
                noted = created + timedelta(days=30 * (k + 1))
                if noted <= self.end:
                    notes.append(dict(id=self._id("note"), action_id=aid, noted_on=noted,
                                      text=PROGRESS_NOTES[(i + k) % len(PROGRESS_NOTES)],
                                      by_id=self.user_ids["manager"]))
            # People are told back once an action is under way (first Green, Blue or
            # Complete), so the told-back rate builds up quarter by quarter; finished actions
            # get a second round near the end. Only records received by then can be told.
            good = (ActionStatus.GREEN, ActionStatus.BLUE, ActionStatus.COMPLETE)
            reached = next((a for a, st in zip(as_at_dates[start_idx:], path, strict=False)
                            if st in good), None)
            rounds = []
            if reached is not None:
                rounds.append(reached + timedelta(days=rng.randint(5, 40)))
                if current in (ActionStatus.BLUE, ActionStatus.COMPLETE) \
                        and reached < as_at_dates[-1]:
                    rounds.append(as_at_dates[-1] - timedelta(days=rng.randint(5, 40)))
            last_day = self.end - timedelta(days=1)
            for told_on in sorted({min(d, last_day) for d in rounds}):
                method = rng.choice([ToldBackMethod.NEWSLETTER, ToldBackMethod.EVENT,
                                     ToldBackMethod.LETTER])
                told.append(dict(id=self._id("told"), action_id=aid, told_on=told_on,
                                 method=method.value, feedback_id=None,
                                 note=f"Shared in the {method.value} for {told_on:%B %Y}.",
                                 recorded_by_id=self.user_ids["officer"]))
                for r in chosen:
                    if r["consent_contact"] and r["received_on"] <= told_on \
                            and rng.random() < 0.35:
                        told.append(dict(id=self._id("told"), action_id=aid, told_on=told_on,
                                         method=ToldBackMethod.INDIVIDUAL.value,
                                         feedback_id=r["id"], note="Phoned to explain the change.",
                                         recorded_by_id=self.user_ids["officer"]))
            if learning and i % 3 == 0:
                learning.pop(rng.randrange(len(learning)))["action_id"] = aid
        self._insert(Action, actions, "You Said, We Did actions")
        self._insert(ActionStatusEntry, history)
        self._insert(ActionProgressNote, notes)
        self._insert(ActionFeedbackLink, links)
        self._insert(ActionThemeLink, theme_links)
        self._insert(ToldBack, told)
        with self.db.session() as s:
            for lp in self.learning_rows:
                if lp["action_id"]:
                    s.execute(LearningPoint.__table__.update()
                              .where(LearningPoint.id == lp["id"])
                              .values(action_id=lp["action_id"]))

    def _reviews(self) -> None:
        """Children looked after reviews: ~970 a year; ~36% attend, 44% convey views via an
        advocate, carer or IRO, ~15% are under 4, ~5% do not contribute."""
        weights = {ReviewParticipation.ATTENDED: 36, ReviewParticipation.VIEWS_VIA_ADVOCATE: 14,
                   ReviewParticipation.VIEWS_VIA_CARER: 16, ReviewParticipation.VIEWS_VIA_IRO: 14,
                   ReviewParticipation.UNDER_4: 15, ReviewParticipation.DID_NOT_CONTRIBUTE: 5}
        rows = []
        districts = list(self.ref[ReferenceList.DISTRICT].values())
        per_quarter = max(10, round(970 / 4 * min(self.scale, 4)))
        for q in self.quarters:
            # Reviews fall due unevenly: about 10% either way from quarter to quarter.
            n = max(1, round(per_quarter * self.rng.uniform(0.9, 1.1)))
            if q.end > self.end:
                n = round(n * 0.5)
            for _ in range(n):
                p = _pick(self.rng, weights)
                rows.append(dict(id=self._id("review"), review_on=self._day_in(q),
                                 participation=p.value,
                                 age_band=AgeBand.UNDER_5.value if p == ReviewParticipation.UNDER_4
                                 else self.rng.choice([AgeBand.AGE_5_10.value,
                                                       AgeBand.AGE_11_15.value,
                                                       AgeBand.AGE_16_17.value]),
                                 district_id=self.rng.choice(districts)))
        self._insert(ReviewParticipationRecord, rows, "children looked after reviews")


def _due_for(rng: random.Random, status: ActionStatus, today: date) -> date:
    """A due date that fits the status: finished actions fell due in the past, actions not yet
    started are due well ahead, and a few red or amber ones have slipped past their date."""
    if status in (ActionStatus.COMPLETE, ActionStatus.BLUE):
        return today - timedelta(days=rng.randint(20, 300))
    if status == ActionStatus.NOT_YET_DUE:
        return today + timedelta(days=rng.randint(90, 360))
    if status in (ActionStatus.RED, ActionStatus.AMBER) and rng.random() < 0.5:
        return today - timedelta(days=rng.randint(5, 60))
    return today + timedelta(days=rng.randint(14, 240))


def _status_mix(n: int) -> list[ActionStatus]:
    """`n` final statuses in STATUS_SHARES proportions (largest remainders), each at least
    once so every status shows in the demo."""
    exact = [(st, share * n) for st, share in STATUS_SHARES]
    counts = {st: max(1, int(x)) for st, x in exact}
    by_remainder = sorted(exact, key=lambda e: -(e[1] - int(e[1])))
    i = 0
    while sum(counts.values()) < n:
        counts[by_remainder[i % len(by_remainder)][0]] += 1
        i += 1
    while sum(counts.values()) > n:
        largest = max(counts, key=counts.get)
        counts[largest] -= 1
    return [st for st, _share in STATUS_SHARES for _ in range(counts[st])]


def _status_path(rng: random.Random, final: ActionStatus, steps: int) -> list[ActionStatus]:
    """A believable status history ending in `final` (e.g. Not yet due -> Red -> Amber -> Green
    -> Blue), one status per as-at date."""
    ladders = {
        ActionStatus.NOT_YET_DUE: [ActionStatus.NOT_YET_DUE],
        ActionStatus.RED: [ActionStatus.AMBER, ActionStatus.RED],
        ActionStatus.AMBER: [ActionStatus.RED, ActionStatus.AMBER],
        ActionStatus.GREEN: [ActionStatus.NOT_YET_DUE, ActionStatus.AMBER, ActionStatus.GREEN],
        ActionStatus.BLUE: [ActionStatus.RED, ActionStatus.AMBER, ActionStatus.GREEN,
                            ActionStatus.BLUE],
        ActionStatus.COMPLETE: [ActionStatus.AMBER, ActionStatus.GREEN, ActionStatus.BLUE,
                                ActionStatus.COMPLETE],
    }
    ladder = ladders[final]
    steps = max(1, steps)
    if steps <= len(ladder):
        return ladder[-steps:]
    path = [ladder[0]] * (steps - len(ladder)) + ladder
    return path


LEARNING_POINTS = [
    "Caseworkers to confirm in writing when a family can expect the next update.",
    "EHC plans to be checked by a second officer before issue to catch name and date errors.",
    "Transport changes to be confirmed to families at least five working days in advance.",
    "Annual review paperwork to be sent within four weeks of the meeting.",
    "Families to be given a named contact when their worker is on leave.",
    "Decision letters to explain the reasons in plain English and the right to appeal.",
    "Team managers to review any case without contact for more than 20 working days.",
]

ACTIONS = [
    ("Parents told us they did not know who to contact when their caseworker was away.",
     "We set up a duty caseworker line and named cover for every absence over two days.",
     "Head of SEND", "Wrenshire Parent Carer Forum", "communication"),
    ("Families said EHC plans were taking too long.",
     "We recruited four more caseworkers and now report 20-week performance monthly.",
     "Head of SEND", "", "timeliness"),
    ("Young people said the youth club in Saltby Marsh closed too early.",
     "The club now opens until 9pm on Fridays, planned with the Youth Council.",
     "Youth Services Manager", "Wrenshire Youth Council", "activities"),
    ("Parents said the Local Offer website was hard to search.",
     "We rebuilt the search with parents testing each version.",
     "Local Offer Officer", "Wrenshire Parent Carer Forum", "information"),
    ("Children in care said they had to tell their story again to each new worker.",
     "Every child now has a one-page profile, written with them, that new workers read first.",
     "Service Manager, Children Looked After", "Children in Care Council", "listening"),
    ("Families said home to school transport changes came with no warning.",
     "Transport now gives five working days' notice of any change, by text and letter.",
     "Transport Manager", "", "transport"),
    ("Foster carers said they could not get help out of hours.",
     "A foster carer out-of-hours line staffed by supervising social workers started in May.",
     "Fostering Service Manager", "Wrenshire Foster Carers Association", "family_support"),
    ("Parents wanted more say in the SEND strategy.",
     "The strategy board now has two parent carer forum members with voting rights.",
     "Director of Education", "Wrenshire Parent Carer Forum", "coproduction"),
    ("Young people said they waited too long for mental health support.",
     "School-based wellbeing practitioners now cover every secondary school.",
     "Emotional Wellbeing Lead", "Wrenshire Integrated Care Board", "health_wellbeing"),
    ("Care leavers said moving into their first flat was frightening.",
     "Personal advisers now visit in the first week and a starter pack is provided.",
     "Care Leavers Service Manager", "", "transitions"),
    ("Pupils said bullying on school buses was not taken seriously.",
     "Bus escorts have had anti-bullying training and pupils can report by text.",
     "Inclusion Manager", "Wrenshire Bus Partnership", "safety"),
    ("Parents said letters were full of jargon.",
     "Letters were rewritten with parents and checked against a plain English guide.",
     "Head of Business Support", "Wrenshire SENDIASS", "communication"),
    ("Parents said annual review paperwork arrived too late to read before the meeting.",
     "Paperwork now goes out three weeks before every annual review, with a reminder call.",
     "SEND Annual Reviews Manager", "Wrenshire Parent Carer Forum", "assessment_plans"),
    ("Young people said they were not asked what they thought before decisions were made.",
     "Every plan now has a page written by the young person, checked with them at review.",
     "Head of Participation", "Wrenshire Youth Council", "listening"),
    ("Families said short breaks in Lowdrith were full for months.",
     "We commissioned two more short breaks providers covering Lowdrith and Saltby Marsh.",
     "Short Breaks Commissioner", "Wrenshire Parent Carer Forum", "provision"),
    ("Parents said they did not hear back after phoning the SEND team.",
     "Calls are now logged and returned within two working days; we report this monthly.",
     "Head of SEND", "", "communication"),
    ("Children in care said contact with brothers and sisters was cancelled too often.",
     "Sibling contact is now planned three months ahead and only moved with the child's say.",
     "Service Manager, Children Looked After", "Children in Care Council", "family_support"),
    ("Young people with SEND said there was little to do in the holidays.",
     "An inclusive holiday activity programme ran in every district this summer.",
     "Youth Services Manager", "Wrenshire Youth Council", "activities"),
    ("Parents said it took too long to get an educational psychologist's advice.",
     "Two locum psychologists cleared the backlog; advice now arrives within six weeks.",
     "Principal Educational Psychologist", "", "timeliness"),
    ("Schools said they did not know how to request top-up funding.",
     "A single online request form and a termly briefing for SENCOs are now in place.",
     "Inclusion Manager", "Wrenshire Schools Forum", "information"),
    ("Care leavers said they did not understand their entitlements.",
     "The Local Offer for care leavers was rewritten with care leavers and sent to each one.",
     "Care Leavers Service Manager", "Children in Care Council", "information"),
    ("Parents said staff changed too often and they had to start again each time.",
     "Caseworkers now hand over in a joint meeting with the family before they move on.",
     "Head of SEND", "Wrenshire Parent Carer Forum", "staff"),
    ("Young people said they did not feel safe in Pennock Vale town centre at night.",
     "Detached youth workers now cover Pennock Vale on Friday and Saturday evenings.",
     "Youth Services Manager", "Wrenshire Youth Council", "safety"),
    ("Parents of children moving to secondary school wanted earlier information.",
     "Transition evenings now run in the spring term of Year 5 in every district.",
     "Education Transitions Lead", "Wrenshire Parent Carer Forum", "transitions"),
    ("Families said they were not told why transport was refused.",
     "Refusal letters now give the reasons and how to appeal, in plain English.",
     "Transport Manager", "Wrenshire SENDIASS", "transport"),
    ("Parents said children excluded from school waited weeks for a new place.",
     "A fair access panel now meets weekly and offers a place within ten school days.",
     "Head of Inclusion", "", "education"),
    ("Parents said mental health services and the SEND team did not talk to each other.",
     "Joint case discussions between CAMHS and SEND caseworkers now happen monthly.",
     "Emotional Wellbeing Lead", "Wrenshire Integrated Care Board", "health_wellbeing"),
    ("The parent carer forum asked to help design the new short breaks offer.",
     "Forum members sat on the commissioning panel and scored every bid.",
     "Short Breaks Commissioner", "Wrenshire Parent Carer Forum", "coproduction"),
]
# A tracker's statuses in a typical council's proportions (most actions under way or done, a
# few stalled): Complete, Blue, Green, Amber, Red, Not yet due.
STATUS_SHARES = ((ActionStatus.COMPLETE, 0.20), (ActionStatus.BLUE, 0.15),
                 (ActionStatus.GREEN, 0.30), (ActionStatus.AMBER, 0.15),
                 (ActionStatus.RED, 0.08), (ActionStatus.NOT_YET_DUE, 0.12))

IMPACT = [
    "Complaints about not knowing who to contact fell from 14 to 5 a quarter.",
    "Parent carer survey: 'I know who to contact' rose from 58% to 71%.",
    "Attendance at Friday youth club sessions doubled.",
    "Average time to issue an EHC plan fell from 31 to 22 weeks.",
]

PROGRESS_NOTES = [
    "Project group met; terms of reference agreed with parent representatives.",
    "Recruitment under way; two of four posts filled.",
    "Pilot running in Wrenfold and Hallowmere; early feedback positive.",
    "Delayed by system changes; revised date agreed at the board.",
    "Rolled out county-wide; evaluation planned for next quarter.",
    "Parent carer forum reviewed the draft and suggested changes, now made.",
]

STATUS_COMMENTS = {
    ActionStatus.BLUE: "Completed; impact to be tested at the next survey.",
    ActionStatus.GREEN: "Started and on track.",
    ActionStatus.AMBER: "Some delay; recovery plan in place.",
    ActionStatus.RED: "Stalled; escalated to the board.",
    ActionStatus.COMPLETE: "Complete and impact evidenced.",
    ActionStatus.NOT_YET_DUE: "Not yet due to start.",
}


__all__ = ["DEMO_PASSWORD", "DemoSummary", "build_demo"]
