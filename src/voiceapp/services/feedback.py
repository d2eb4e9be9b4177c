"""Capturing, editing and browsing feedback records.

- Capture: `create_feedback()` validates (required fields, no future dates, consent answered
  explicitly), analyses the text with the shared analyser, stores the result with the helpers in
  services/records.py and writes an audit entry, all in one unit of work.
- Edit: `update_feedback()` uses optimistic locking. If someone else saved first it raises
  ConcurrentEditError carrying both versions (theirs as a FeedbackDetail, yours as the
  FeedbackInput) so the desktop app can show both and lose neither. Editing the text re-analyses
  it; a safeguarding flag can be added that way but never removed.
- Browse: `browse()` pages through records matching a FeedbackFilter with every filter, the sort
  and the paging done in SQL, so it stays fast on 1,000,000 records. `count_feedback()` and
  `facet_counts()` give the counts shown beside the filters.
- Bulk actions on a selection, saved filters, record detail with its history and linked actions.

Audit entries never contain the free text or the respondent's name or contact details: the
audit trail is kept for ever, personal data is not (retention and erasure, issue 9).
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field, fields, replace
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    and_,
    delete,
    exists,
    func,
    insert,
    literal_column,
    or_,
    select,
    text,
    update,
)
from sqlalchemy.orm import Session, aliased
from sqlalchemy.orm.exc import StaleDataError

from voiceapp.db.engine import Database
from voiceapp.db.models import (
    Action,
    ActionFeedbackLink,
    AuditEntry,
    Compliment,
    Consultation,
    EngagementEvent,
    Feedback,
    FeedbackTheme,
    ReferenceItem,
    SafeguardingReview,
    SavedFilter,
    Survey,
    SurveyEdition,
    SurveyResponse,
    Theme,
    ThemeModelStore,
    User,
)
from voiceapp.domain.enums import (
    AgeBand,
    RecordKind,
    ReferenceList,
    SentimentLabel,
    ThemeLinkStatus,
    ThemeSource,
)
from voiceapp.domain.quarters import FinancialQuarter
from voiceapp.errors import ConcurrentEditError, NotFound, PermissionDenied, ValidationError

from . import audit
from .context import Actor
from .permissions import Permission, allowed, require
from .records import analysis_columns, safeguarding_row, theme_link_rows

ENTITY = "feedback"
MAX_TEXT = 20_000
SNIPPET = 400  # characters of free text sent to the browse table per row
CHUNK = 500  # ids per IN (...) list
RATING_RANGE = (1, 5)  # the five-face scale: 1 = very unhappy ... 5 = very happy

# Kind-specific link that must be present.
_KIND_NEEDS = {
    RecordKind.EVENT_NOTE.value: ("event_id", "Choose the event this note is from."),
    RecordKind.CONSULTATION_RESPONSE.value: (
        "consultation_id", "Choose the consultation this response is to."),
}


# =========================================================================== input and validation


@dataclass(frozen=True)
class FeedbackInput:
    """What an officer typed. `consent_quote` and `consent_contact` are tri-state: None means the
    question was not answered, which is an error (consent is never assumed)."""

    kind: str
    received_on: date | None
    text: str
    channel_id: int | None = None
    respondent_role_id: int | None = None
    service_area_id: int | None = None
    team_id: int | None = None
    district_id: int | None = None
    age_band: str | None = None
    anonymous: bool = False
    respondent_name: str = ""
    respondent_contact: str = ""
    consent_quote: bool | None = None
    consent_contact: bool | None = None
    rating: int | None = None
    event_id: int | None = None
    consultation_id: int | None = None
    survey_edition_id: int | None = None
    praised_person: str = ""
    praised_team_id: int | None = None
    # The officer's decisions on the analyser's suggestions, and themes they added.
    accepted_theme_ids: tuple[int, ...] = ()
    rejected_theme_ids: tuple[int, ...] = ()
    sentiment_override: str | None = None


@dataclass(frozen=True)
class Problem:
    field: str
    message: str


def validate_input(inp: FeedbackInput, today: date | None = None) -> list[Problem]:
    """Everything wrong with `inp`, in form order. Pure (no database), so the capture forms
    call it on every keystroke and the service calls it again before saving."""
    today = today or date.today()
    problems: list[Problem] = []
    add = problems.append
    kinds = {k.value for k in RecordKind}
    if inp.kind not in kinds:
        add(Problem("kind", "Choose what kind of feedback this is."))
    if inp.received_on is None:
        add(Problem("received_on", "Enter the date it was received."))
    elif inp.received_on > today:
        add(Problem("received_on", f"The date received cannot be in the future (today is "
                                   f"{today:%d %B %Y})."))
    elif inp.received_on.year < 2000:
        add(Problem("received_on", "The date received looks wrong: it is before 2000."))
    if inp.channel_id is None:
        add(Problem("channel_id", "Choose how it reached us (the channel)."))
    if inp.respondent_role_id is None:
        add(Problem("respondent_role_id", "Choose who said it (respondent role)."))
    body = (inp.text or "").strip()
    if not body:
        add(Problem("text", "Enter what they said."))
    elif len(body) > MAX_TEXT:
        add(Problem("text", f"The text is too long ({len(body):,} characters; the limit is "
                            f"{MAX_TEXT:,}). Split it into separate records."))
    need = _KIND_NEEDS.get(inp.kind)
    if need and getattr(inp, need[0]) is None:
        add(Problem(need[0], need[1]))
    if inp.age_band is not None and inp.age_band not in {a.value for a in AgeBand}:
        add(Problem("age_band", "Choose an age band from the list."))
    if inp.rating is not None and not RATING_RANGE[0] <= inp.rating <= RATING_RANGE[1]:
        add(Problem("rating", "The rating must be one of the five faces."))
    if inp.anonymous and (inp.respondent_name.strip() or inp.respondent_contact.strip()):
        add(Problem("respondent_name", "They chose to stay anonymous: leave the name and contact "
                                       "details empty."))
    if inp.consent_quote is None:
        add(Problem("consent_quote", "Ask whether we may quote them (without their name), "
                                     "and record yes or no."))
    if inp.consent_contact is None:
        add(Problem("consent_contact", "Ask whether we may contact them, and record yes or no."))
    elif inp.consent_contact and not inp.respondent_contact.strip():
        add(Problem("respondent_contact", "They agreed to be contacted: enter a phone number or "
                                          "email address."))
    if inp.sentiment_override is not None and inp.sentiment_override not in {
            s.value for s in SentimentLabel}:
        add(Problem("sentiment_override", "Choose positive, neutral or negative."))
    if set(inp.accepted_theme_ids) & set(inp.rejected_theme_ids):
        add(Problem("themes", "A theme cannot be both accepted and rejected."))
    return problems


def check_input(inp: FeedbackInput) -> None:
    problems = validate_input(inp)
    if problems:
        first = problems[0]
        more = f" ({len(problems) - 1} more thing(s) to fix.)" if len(problems) > 1 else ""
        raise ValidationError(first.message + more, "Nothing was saved; correct it and save again.",
                              field=first.field)


# =========================================================================== analysis


@dataclass(frozen=True)
class DriverView:
    text: str
    weight: float


@dataclass(frozen=True)
class ThemeSuggestionView:
    theme_id: int
    slug: str
    name: str
    score: float
    evidence: tuple[str, ...]


@dataclass(frozen=True)
class SafeguardingReasonView:
    category: str
    matched_text: str


@dataclass(frozen=True)
class AnalysisPreview:
    """The live analysis shown while an officer types."""

    sentiment_label: str
    sentiment_score: float
    drivers: tuple[DriverView, ...]
    themes: tuple[ThemeSuggestionView, ...]
    safeguarding: bool
    safeguarding_reasons: tuple[SafeguardingReasonView, ...]


_analysers: dict[str, tuple[tuple, Any]] = {}
_analyser_lock = threading.Lock()


def _analyser_signature(s: Session) -> tuple:
    themes = s.execute(select(func.count(Theme.id), func.coalesce(func.sum(Theme.version), 0),
                              func.coalesce(func.max(Theme.id), 0))).one()
    model = s.scalar(select(func.max(ThemeModelStore.id)))
    return (*tuple(themes), model)


def analyser(db: Database):
    """The shared Analyzer for this database, rebuilt when the codebook or the learned model
    changes (a cheap signature query decides)."""
    from .analysis import codebook_entries, latest_model

    key = str(db.url)
    with db.read_session() as s:
        sig = _analyser_signature(s)
    with _analyser_lock:
        cached = _analysers.get(key)
        if cached and cached[0] == sig:
            return cached[1]
    from voiceapp.analysis import Analyzer

    built = Analyzer(codebook_entries(db), latest_model(db))
    with _analyser_lock:
        _analysers[key] = (sig, built)
    return built


def _theme_ids(s: Session) -> dict[str, int]:
    """slug -> id for codes that may be suggested (not retired)."""
    return dict(s.execute(select(Theme.slug, Theme.id).where(Theme.retired.is_(False))).all())


def preview_analysis(db: Database, actor: Actor, text_: str) -> AnalysisPreview:
    """Analyse text without saving anything (the capture form's live panel)."""
    require(actor, Permission.CAPTURE)
    result = analyser(db).analyse(text_ or "")
    with db.read_session() as s:
        themes = {t.slug: t for t in s.execute(
            select(Theme.id, Theme.slug, Theme.name).where(Theme.retired.is_(False))).all()}
    from .records import suggested_themes

    suggestions = []
    for sug in suggested_themes(result) if (text_ or "").strip() else []:
        t = themes.get(sug.slug)
        if t is not None:
            suggestions.append(ThemeSuggestionView(t.id, t.slug, t.name, round(sug.score, 3),
                                                   tuple(sug.evidence[:5])))
    return AnalysisPreview(
        sentiment_label=result.sentiment.label,
        sentiment_score=round(result.sentiment.compound, 3),
        drivers=tuple(DriverView(d.text, round(d.weight, 2)) for d in result.sentiment.drivers[:6]),
        themes=tuple(suggestions),
        safeguarding=result.safeguarding.flag,
        safeguarding_reasons=tuple(SafeguardingReasonView(r.category, r.matched_text)
                                   for r in result.safeguarding.reasons),
    )


# =========================================================================== detail


@dataclass(frozen=True)
class ThemeLink:
    theme_id: int
    slug: str
    name: str
    status: str
    source: str
    confidence: float | None
    evidence: tuple[str, ...]
    retired: bool = False


@dataclass(frozen=True)
class SafeguardingInfo:
    review_id: int
    flagged_at: datetime
    flagged_by: str
    reasons: tuple[str, ...]
    decision: str | None
    decision_reason: str | None
    referral_reference: str | None
    decided_by: str | None
    decided_at: datetime | None


@dataclass(frozen=True)
class HistoryEntry:
    at: datetime
    username: str
    action: str
    summary: str


@dataclass(frozen=True)
class LinkedAction:
    id: int
    reference: str
    summary: str
    status: str


@dataclass(frozen=True)
class FeedbackDetail:
    id: int
    version: int
    kind: str
    received_on: date
    text: str
    channel_id: int | None
    respondent_role_id: int | None
    service_area_id: int | None
    team_id: int | None
    district_id: int | None
    age_band: str | None
    anonymous: bool
    respondent_name: str
    respondent_contact: str
    consent_quote: bool
    consent_contact: bool
    rating: int | None
    event_id: int | None
    consultation_id: int | None
    survey_edition_id: int | None
    praised_person: str
    praised_team_id: int | None
    sentiment_label: str | None
    sentiment_score: float | None
    sentiment_drivers: tuple[DriverView, ...]
    sentiment_override: str | None
    sentiment_override_by: str | None
    needs_review: bool
    safeguarding_flag: bool
    created_by: str | None
    created_at: datetime
    updated_by: str | None
    updated_at: datetime
    themes: tuple[ThemeLink, ...] = ()
    safeguarding: tuple[SafeguardingInfo, ...] = ()
    history: tuple[HistoryEntry, ...] = ()
    actions: tuple[LinkedAction, ...] = ()
    labels: dict[str, str] = field(default_factory=dict)  # field -> display label

    @property
    def effective_sentiment(self) -> str | None:
        """The officer's override wins over the analyser's label."""
        return self.sentiment_override or self.sentiment_label

    @property
    def open_safeguarding(self) -> bool:
        return any(r.decision is None for r in self.safeguarding)

    def as_input(self) -> FeedbackInput:
        """The record as an editable FeedbackInput (what the edit form starts from)."""
        return FeedbackInput(
            kind=self.kind, received_on=self.received_on, text=self.text,
            channel_id=self.channel_id, respondent_role_id=self.respondent_role_id,
            service_area_id=self.service_area_id, team_id=self.team_id,
            district_id=self.district_id, age_band=self.age_band, anonymous=self.anonymous,
            respondent_name=self.respondent_name, respondent_contact=self.respondent_contact,
            consent_quote=self.consent_quote, consent_contact=self.consent_contact,
            rating=self.rating, event_id=self.event_id, consultation_id=self.consultation_id,
            survey_edition_id=self.survey_edition_id, praised_person=self.praised_person,
            praised_team_id=self.praised_team_id, sentiment_override=self.sentiment_override)


def _usernames(s: Session, ids: Iterable[int | None]) -> dict[int, str]:
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    return dict(s.execute(select(User.id, User.username).where(User.id.in_(wanted))).all())


def _detail(s: Session, f: Feedback, *, with_history: bool = True) -> FeedbackDetail:
    compliment = s.scalar(select(Compliment).where(Compliment.feedback_id == f.id))
    survey_edition_id = s.scalar(select(SurveyResponse.edition_id)
                                 .where(SurveyResponse.feedback_id == f.id).limit(1))
    links = s.execute(
        select(FeedbackTheme, Theme.slug, Theme.name, Theme.retired)
        .join(Theme, Theme.id == FeedbackTheme.theme_id)
        .where(FeedbackTheme.feedback_id == f.id).order_by(Theme.sort_order, Theme.id)).all()
    reviews = s.scalars(select(SafeguardingReview).where(SafeguardingReview.feedback_id == f.id)
                        .order_by(SafeguardingReview.id)).all()
    users = _usernames(s, [f.created_by_id, f.updated_by_id, f.sentiment_override_by_id,
                           *(r.decided_by_id for r in reviews)])
    history: tuple[HistoryEntry, ...] = ()
    if with_history:
        review_ids = [str(r.id) for r in reviews]
        cond = and_(AuditEntry.entity == ENTITY, AuditEntry.entity_id == str(f.id))
        if review_ids:
            cond = or_(cond, and_(AuditEntry.entity == "safeguarding_review",
                                  AuditEntry.entity_id.in_(review_ids)))
        history = tuple(HistoryEntry(a.at, a.username, a.action, a.summary) for a in s.execute(
            select(AuditEntry.at, AuditEntry.username, AuditEntry.action, AuditEntry.summary)
            .where(cond).order_by(AuditEntry.id)).all())
    labels = _labels_for(s, f, compliment)
    return FeedbackDetail(
        id=f.id, version=f.version, kind=f.kind, received_on=f.received_on, text=f.text or "",
        channel_id=f.channel_id, respondent_role_id=f.respondent_role_id,
        service_area_id=f.service_area_id, team_id=f.team_id, district_id=f.district_id,
        age_band=f.age_band, anonymous=bool(f.anonymous),
        respondent_name=f.respondent_name or "", respondent_contact=f.respondent_contact or "",
        consent_quote=bool(f.consent_quote), consent_contact=bool(f.consent_contact),
        rating=f.rating, event_id=f.event_id, consultation_id=f.consultation_id,
        survey_edition_id=survey_edition_id,
        praised_person=(compliment.praised_person or "") if compliment else "",
        praised_team_id=compliment.praised_team_id if compliment else None,
        sentiment_label=f.sentiment_label, sentiment_score=f.sentiment_score,
        sentiment_drivers=tuple(DriverView(d.get("text", ""), d.get("weight", 0.0))
                                for d in (f.sentiment_drivers or [])),
        sentiment_override=f.sentiment_override,
        sentiment_override_by=users.get(f.sentiment_override_by_id),
        needs_review=bool(f.needs_review), safeguarding_flag=bool(f.safeguarding_flag),
        created_by=users.get(f.created_by_id), created_at=f.created_at,
        updated_by=users.get(f.updated_by_id), updated_at=f.updated_at,
        themes=tuple(ThemeLink(link.theme_id, slug, name, link.status, link.source,
                               link.confidence, tuple(link.evidence or ()), bool(retired))
                     for link, slug, name, retired in links),
        safeguarding=tuple(SafeguardingInfo(
            r.id, r.flagged_at, r.flagged_by,
            tuple(f"{x.get('category', '')}: {x.get('text', '')}" for x in (r.reasons or [])),
            r.decision, r.decision_reason, r.referral_reference, users.get(r.decided_by_id),
            r.decided_at) for r in reviews),
        history=history, labels=labels)


def _labels_for(s: Session, f: Feedback, compliment: Compliment | None) -> dict[str, str]:
    ref_ids = {f.channel_id, f.respondent_role_id, f.service_area_id, f.team_id, f.district_id,
               compliment.praised_team_id if compliment else None}
    refs = dict(s.execute(select(ReferenceItem.id, ReferenceItem.label)
                          .where(ReferenceItem.id.in_({i for i in ref_ids if i}))).all())
    labels = {name: refs.get(getattr(f, name), "") for name in
              ("channel_id", "respondent_role_id", "service_area_id", "team_id", "district_id")}
    labels["praised_team_id"] = refs.get(compliment.praised_team_id, "") if compliment else ""
    if f.event_id:
        ev = s.get(EngagementEvent, f.event_id)
        labels["event_id"] = f"{ev.name} ({ev.held_on:%d %b %Y})" if ev else ""
    if f.consultation_id:
        c = s.get(Consultation, f.consultation_id)
        labels["consultation_id"] = c.title if c else ""
    labels["kind"] = RecordKind(f.kind).label if f.kind in RecordKind._value2member_map_ else f.kind
    return labels


def _linked_actions(db: Database, actor: Actor, feedback_id: int) -> tuple[LinkedAction, ...]:
    """Actions linked to the record: from the You Said, We Did service when it is there."""
    try:
        from . import actions as actions_service

        found = actions_service.actions_for_feedback(db, actor, feedback_id)
    except (ImportError, AttributeError):
        found = None
    except PermissionDenied:
        return ()
    if found is not None:
        out = []
        for a in found:
            status = getattr(a, "status_label", None) or getattr(a, "status", "")
            out.append(LinkedAction(
                int(getattr(a, "id", 0)), str(getattr(a, "reference", "")),
                str(getattr(a, "said_summary", getattr(a, "summary", ""))), str(status)))
        return tuple(out)
    with db.read_session() as s:
        rows = s.execute(select(Action.id, Action.reference, Action.said_summary,
                                Action.current_status)
                         .join(ActionFeedbackLink, ActionFeedbackLink.action_id == Action.id)
                         .where(ActionFeedbackLink.feedback_id == feedback_id)
                         .order_by(Action.id)).all()
    return tuple(LinkedAction(*r) for r in rows)


def get_feedback(db: Database, actor: Actor, feedback_id: int) -> FeedbackDetail:
    """The whole record: fields, themes, safeguarding handling, history and linked actions."""
    require(actor, Permission.VIEW_CASE_TEXT)
    with db.read_session() as s:
        f = s.get(Feedback, feedback_id)
        if f is None:
            raise NotFound(f"Feedback record {feedback_id} does not exist.",
                           "It may have been removed under the retention rules.")
        detail = _detail(s, f)
    return replace(detail, actions=_linked_actions(db, actor, feedback_id))


# =========================================================================== capture


def _snapshot(f: Feedback) -> dict:
    """Audit view of a record: every field except free text and personal details."""
    return dict(kind=f.kind, received_on=f.received_on, channel_id=f.channel_id,
                respondent_role_id=f.respondent_role_id, service_area_id=f.service_area_id,
                team_id=f.team_id, district_id=f.district_id, age_band=f.age_band,
                anonymous=f.anonymous, consent_quote=f.consent_quote,
                consent_contact=f.consent_contact, rating=f.rating, event_id=f.event_id,
                consultation_id=f.consultation_id, sentiment_label=f.sentiment_label,
                sentiment_override=f.sentiment_override, safeguarding_flag=f.safeguarding_flag,
                text_length=len(f.text or ""), has_respondent_details=bool(
                    f.respondent_name or f.respondent_contact))


def _check_references(s: Session, inp: FeedbackInput) -> None:
    """Ids chosen in the form must exist in the right list (a stale form, an API misuse)."""
    lists = dict(channel_id=ReferenceList.CHANNEL, respondent_role_id=ReferenceList.RESPONDENT_ROLE,
                 service_area_id=ReferenceList.SERVICE_AREA, team_id=ReferenceList.TEAM,
                 district_id=ReferenceList.DISTRICT, praised_team_id=ReferenceList.TEAM)
    for name, list_name in lists.items():
        value = getattr(inp, name)
        if value is None:
            continue
        found = s.scalar(select(ReferenceItem.list_name).where(ReferenceItem.id == value))
        if found != list_name.value:
            raise ValidationError(f"The {name.removesuffix('_id').replace('_', ' ')} chosen is "
                                  "not in the list any more.", "Choose it again.", field=name)
    for name, model in (("event_id", EngagementEvent), ("consultation_id", Consultation),
                        ("survey_edition_id", SurveyEdition)):
        value = getattr(inp, name)
        if value is not None and s.get(model, value) is None:
            raise ValidationError(f"The {name.removesuffix('_id').replace('_', ' ')} chosen no "
                                  "longer exists.", "Choose it again.", field=name)
    wanted = set(inp.accepted_theme_ids) | set(inp.rejected_theme_ids)
    if wanted:
        have = set(s.scalars(select(Theme.id).where(Theme.id.in_(wanted))))
        if wanted - have:
            raise ValidationError("A theme chosen no longer exists in the codebook.",
                                  "Choose the themes again.", field="themes")


def _column_values(inp: FeedbackInput) -> dict:
    anonymous = bool(inp.anonymous)
    return dict(
        kind=inp.kind, received_on=inp.received_on, text=inp.text.strip(),
        channel_id=inp.channel_id, respondent_role_id=inp.respondent_role_id,
        service_area_id=inp.service_area_id, team_id=inp.team_id, district_id=inp.district_id,
        age_band=inp.age_band or None, anonymous=anonymous,
        respondent_name=None if anonymous else (inp.respondent_name.strip() or None),
        respondent_contact=None if anonymous else (inp.respondent_contact.strip() or None),
        consent_quote=bool(inp.consent_quote), consent_contact=bool(inp.consent_contact),
        rating=inp.rating, event_id=inp.event_id, consultation_id=inp.consultation_id)


def _apply_theme_decisions(s: Session, actor: Actor, feedback_id: int, accepted: Sequence[int],
                           rejected: Sequence[int], now: datetime) -> None:
    """Officer decisions win over the analyser's suggestion rows already present."""
    existing = {link.theme_id: link for link in s.scalars(
        select(FeedbackTheme).where(FeedbackTheme.feedback_id == feedback_id))}
    for theme_id, status in [(t, ThemeLinkStatus.CONFIRMED) for t in accepted] + \
                            [(t, ThemeLinkStatus.REJECTED) for t in rejected]:
        link = existing.get(theme_id)
        if link is None:
            link = FeedbackTheme(feedback_id=feedback_id, theme_id=theme_id,
                                 source=ThemeSource.OFFICER.value, status=status.value,
                                 confidence=None, evidence=None)
            s.add(link)
            existing[theme_id] = link
        link.status = status.value
        link.confirmed_by_id = actor.user_id
        link.confirmed_at = now


def _still_suggested(s: Session, feedback_id: int) -> bool:
    return bool(s.scalar(select(func.count()).select_from(FeedbackTheme).where(
        FeedbackTheme.feedback_id == feedback_id,
        FeedbackTheme.status == ThemeLinkStatus.SUGGESTED.value)))


def store_new_record(s: Session, actor: Actor, values: dict, result, now: datetime, *,
                     skip_themes: set[int] | frozenset[int] = frozenset()
                     ) -> tuple[Feedback, dict | None]:
    """Insert one new feedback record with its analysis: the analysed columns, the analyser's
    theme suggestions and, when the text was flagged, an open safeguarding review. Every way a
    single record is created (capture, logging a complaint or compliment) goes through here,
    so a record looks the same however it arrived. Returns the record and the safeguarding row
    (None when not flagged). The caller validates and audits."""
    f = Feedback(**values, **analysis_columns(result), created_by_id=actor.user_id,
                 updated_by_id=actor.user_id, created_at=now, updated_at=now)
    s.add(f)
    s.flush()
    rows = theme_link_rows(f.id, result, _theme_ids(s), skip=set(skip_themes))
    if rows:
        s.execute(insert(FeedbackTheme), rows)
    sg = safeguarding_row(f.id, result, now)
    if sg:
        s.add(SafeguardingReview(**sg))
    return f, sg


def create_feedback(db: Database, actor: Actor, inp: FeedbackInput) -> FeedbackDetail:
    """Validate, analyse and store a new record of any kind; audited."""
    require(actor, Permission.CAPTURE)
    check_input(inp)
    result = analyser(db).analyse(inp.text)
    now = datetime.now().replace(microsecond=0)
    with db.session() as s:
        _check_references(s, inp)
        decided = set(inp.accepted_theme_ids) | set(inp.rejected_theme_ids)
        f, sg = store_new_record(s, actor, _column_values(inp), result, now, skip_themes=decided)
        if inp.sentiment_override:
            f.sentiment_override = inp.sentiment_override
            f.sentiment_override_by_id = actor.user_id
            f.sentiment_override_at = now
        _apply_theme_decisions(s, actor, f.id, inp.accepted_theme_ids, inp.rejected_theme_ids,
                               now)
        if inp.kind == RecordKind.COMPLIMENT.value and (inp.praised_person.strip()
                                                        or inp.praised_team_id):
            s.add(Compliment(feedback_id=f.id, praised_person=inp.praised_person.strip() or None,
                             praised_team_id=inp.praised_team_id))
        if inp.survey_edition_id is not None:
            s.add(SurveyResponse(edition_id=inp.survey_edition_id, submitted_on=inp.received_on,
                                 respondent_role_id=inp.respondent_role_id, feedback_id=f.id))
        s.flush()
        officer_reviewed = bool(decided or inp.sentiment_override)
        f.needs_review = not officer_reviewed or _still_suggested(s, f.id)
        s.flush()
        label = RecordKind(inp.kind).label.lower()
        summary = f"Recorded a {label} received {inp.received_on:%d %b %Y}"
        if sg:
            summary += " (safeguarding flag raised for a manager's review)"
        audit.record(s, actor, "create", ENTITY, f.id, summary=summary, after=_snapshot(f))
        if sg:
            review = s.scalar(select(SafeguardingReview).where(
                SafeguardingReview.feedback_id == f.id))
            audit.record(s, actor, "flag", "safeguarding_review", review.id,
                         summary=f"Safeguarding flag raised on feedback {f.id} by the analyser: "
                                 + ", ".join(sorted({r["category"] for r in sg["reasons"]})),
                         # Categories only: the audit trail is kept for ever and cannot be
                         # anonymised, so it must never hold the words of a disclosure.
                         after={"feedback_id": f.id, "categories": sorted(
                             {r["category"] for r in sg["reasons"]})})
        new_id = f.id
    return get_feedback(db, actor, new_id)


# =========================================================================== edit


_EDITABLE = ("received_on", "text", "channel_id", "respondent_role_id", "service_area_id",
             "team_id", "district_id", "age_band", "anonymous", "respondent_name",
             "respondent_contact", "consent_quote", "consent_contact", "rating", "event_id",
             "consultation_id")


def _may_edit(actor: Actor, f: Feedback) -> None:
    require(actor, Permission.CAPTURE)
    if f.created_by_id == actor.user_id and actor.user_id is not None:
        return
    if not allowed(actor, Permission.EDIT_ANY_RECORD):
        raise PermissionDenied(
            f"Feedback record {f.id} was entered by someone else; {actor.username} can only edit "
            "records they entered.", "Ask a manager to make the change.")


def update_feedback(db: Database, actor: Actor, feedback_id: int, expected_version: int,
                    inp: FeedbackInput) -> FeedbackDetail:
    """Save an edit made to the version the user opened (`expected_version`).

    If someone else saved in between, nothing is written and ConcurrentEditError carries
    `theirs` (the record as it is now) and `yours` (this input)."""
    check_input(inp)
    with db.session() as s:
        f = s.get(Feedback, feedback_id)
        if f is None:
            raise NotFound(f"Feedback record {feedback_id} does not exist any more.",
                           "Someone may have removed it; your changes were not saved.")
        _may_edit(actor, f)
        if f.version != expected_version:
            theirs = _detail(s, f)
            raise _conflict(theirs, inp)
        if inp.kind != f.kind:
            raise ValidationError("A record's kind cannot be changed once it is saved.",
                                  "Enter it again as a new record of the right kind.",
                                  field="kind")
        _check_references(s, inp)
        before = _snapshot(f)
        values = _column_values(inp)
        changed = [n for n in _EDITABLE if getattr(f, n) != values[n]]
        text_changed = "text" in changed
        now = datetime.now().replace(microsecond=0)
        for name in changed:
            setattr(f, name, values[name])
        if inp.sentiment_override != f.sentiment_override:
            f.sentiment_override = inp.sentiment_override
            f.sentiment_override_by_id = actor.user_id if inp.sentiment_override else None
            f.sentiment_override_at = now if inp.sentiment_override else None
            changed.append("sentiment_override")
        compliment_changed = _update_compliment(s, f, inp)
        if compliment_changed:
            changed.append("praised")
        new_flag = False
        if text_changed:
            new_flag = _reanalyse(s, db, actor, f, now)
        if inp.accepted_theme_ids or inp.rejected_theme_ids:
            _apply_theme_decisions(s, actor, f.id, inp.accepted_theme_ids,
                                   inp.rejected_theme_ids, now)
            changed.append("themes")
        if not changed:
            return _detail(s, f)
        f.updated_by_id = actor.user_id
        f.updated_at = now
        try:
            s.flush()
        except StaleDataError:
            # Someone saved between our read and our write (PostgreSQL under load).
            with db.read_session() as rs:
                current = rs.get(Feedback, feedback_id)
                theirs = _detail(rs, current) if current is not None else None
            raise _conflict(theirs, inp) from None
        names = ", ".join(n.removesuffix("_id").replace("_", " ") for n in changed)
        audit.record(s, actor, "update", ENTITY, f.id, summary=f"Edited {names}",
                     before=before, after=_snapshot(f))
        if new_flag:
            review = s.scalars(select(SafeguardingReview).where(
                SafeguardingReview.feedback_id == f.id).order_by(
                SafeguardingReview.id.desc())).first()
            audit.record(s, actor, "flag", "safeguarding_review", review.id,
                         summary=f"Safeguarding flag raised on feedback {f.id} after the text "
                                 "was edited", after={"feedback_id": f.id})
    return get_feedback(db, actor, feedback_id)


def _conflict(theirs: FeedbackDetail | None, yours: FeedbackInput) -> ConcurrentEditError:
    who = theirs.updated_by if theirs and theirs.updated_by else "someone else"
    when = f" at {theirs.updated_at:%H:%M on %d %b}" if theirs else ""
    return ConcurrentEditError(
        f"{who} saved this record{when}, after you opened it.",
        "Both versions are shown: choose what to keep, then save again. Nothing has been lost.",
        theirs=theirs, yours=yours)


def _update_compliment(s: Session, f: Feedback, inp: FeedbackInput) -> bool:
    if f.kind != RecordKind.COMPLIMENT.value:
        return False
    c = s.scalar(select(Compliment).where(Compliment.feedback_id == f.id))
    person, team = inp.praised_person.strip() or None, inp.praised_team_id
    if c is None:
        if person is None and team is None:
            return False
        s.add(Compliment(feedback_id=f.id, praised_person=person, praised_team_id=team))
        return True
    if (c.praised_person, c.praised_team_id) == (person, team):
        return False
    c.praised_person, c.praised_team_id = person, team
    return True


def _reanalyse(s: Session, db: Database, actor: Actor, f: Feedback, now: datetime) -> bool:
    """Re-analyse edited text. Sentiment and open suggestions are refreshed; confirmed and
    rejected themes stay; a safeguarding flag may be added, never removed. Returns True when a
    new flag was raised."""
    result = analyser(db).analyse(f.text)
    cols = analysis_columns(result)
    flagged = cols.pop("safeguarding_flag")
    for name, value in cols.items():
        setattr(f, name, value)
    s.execute(delete(FeedbackTheme).where(
        FeedbackTheme.feedback_id == f.id,
        FeedbackTheme.status == ThemeLinkStatus.SUGGESTED.value))
    decided = set(s.scalars(select(FeedbackTheme.theme_id).where(
        FeedbackTheme.feedback_id == f.id)))
    rows = theme_link_rows(f.id, result, _theme_ids(s), skip=decided)
    if rows:
        s.execute(insert(FeedbackTheme), rows)
        f.needs_review = True
    if not flagged:
        return False
    f.safeguarding_flag = True
    open_review = s.scalar(select(SafeguardingReview.id).where(
        SafeguardingReview.feedback_id == f.id, SafeguardingReview.decision.is_(None)))
    if open_review is not None:
        return False
    row = safeguarding_row(f.id, result, now)
    s.add(SafeguardingReview(**row))
    s.flush()
    return True


# =========================================================================== browse


@dataclass(frozen=True)
class FeedbackFilter:
    """What the browse table shows. Empty tuples and None mean "any"; filters combine (AND)."""

    kinds: tuple[str, ...] = ()
    quarter: str | None = None  # a FinancialQuarter code such as "2025-26-Q3"
    date_from: date | None = None
    date_to: date | None = None
    service_area_ids: tuple[int, ...] = ()
    team_ids: tuple[int, ...] = ()
    district_ids: tuple[int, ...] = ()
    respondent_role_ids: tuple[int, ...] = ()
    theme_ids: tuple[int, ...] = ()  # each includes its sub-themes
    sentiments: tuple[str, ...] = ()  # the effective label: an officer's override wins
    safeguarding: bool | None = None
    consent_quote: bool | None = None
    needs_review: bool | None = None
    event_id: int | None = None
    search: str = ""

    def is_empty(self) -> bool:
        return self == FeedbackFilter()

    def describe(self, label: Callable[[int], str], theme_name: Callable[[int], str],
                 event_name: Callable[[int], str]) -> str:
        """The filter in words ("district Hallowmere, search “transport”"), "" when empty.
        The callables turn ids into names (from ReferenceData on a page, from the database in
        a service), so the Feedback page and the export's audit entry say the same thing.
        Quarter and dates are left out: callers that show them do so in their own fields."""
        parts: list[str] = []

        def named(ids: Sequence[int], what: str, name: Callable[[int], str]) -> None:
            if ids:
                parts.append(f"{what} " + " or ".join(name(i) or str(i) for i in ids))

        if self.kinds:
            parts.append("kind " + " or ".join(self.kinds))
        named(self.service_area_ids, "service area", label)
        named(self.team_ids, "team", label)
        named(self.district_ids, "district", label)
        named(self.respondent_role_ids, "respondent", label)
        named(self.theme_ids, "theme", theme_name)
        if self.sentiments:
            parts.append("sentiment " + " or ".join(self.sentiments))
        for value, yes, no in ((self.safeguarding, "flagged for safeguarding",
                                "not flagged for safeguarding"),
                               (self.consent_quote, "agreed to be quoted",
                                "did not agree to be quoted"),
                               (self.needs_review, "awaiting review", "reviewed")):
            if value is not None:
                parts.append(yes if value else no)
        if self.event_id is not None:
            parts.append(f"event {event_name(self.event_id) or self.event_id}")
        if self.search.strip():
            parts.append(f"search \u201c{self.search.strip()}\u201d")
        return ", ".join(parts)

    def to_dict(self) -> dict:
        out: dict[str, Any] = {}
        for f_ in fields(self):
            value = getattr(self, f_.name)
            if value in ((), None, ""):
                continue
            out[f_.name] = value.isoformat() if isinstance(value, date) else (
                list(value) if isinstance(value, tuple) else value)
        return out

    @classmethod
    def from_dict(cls, data: dict) -> FeedbackFilter:
        kwargs: dict[str, Any] = {}
        for f_ in fields(cls):
            if f_.name not in data or data[f_.name] is None:
                continue
            value = data[f_.name]
            if f_.name in ("date_from", "date_to"):
                value = date.fromisoformat(value) if isinstance(value, str) else value
            elif isinstance(value, list | tuple):
                value = tuple(value)
            kwargs[f_.name] = value
        return cls(**kwargs)

    def with_(self, **changes: Any) -> FeedbackFilter:
        return replace(self, **changes)


@dataclass(frozen=True)
class FeedbackRow:
    id: int
    version: int
    kind: str
    received_on: date
    channel_id: int | None
    respondent_role_id: int | None
    service_area_id: int | None
    team_id: int | None
    district_id: int | None
    age_band: str | None
    text: str  # the first SNIPPET characters
    sentiment: str | None  # effective label
    sentiment_overridden: bool
    safeguarding_flag: bool
    consent_quote: bool
    needs_review: bool
    anonymous: bool
    event_id: int | None
    rating: int | None
    theme_ids: tuple[int, ...] = ()


@dataclass(frozen=True)
class BrowsePage:
    rows: tuple[FeedbackRow, ...]
    offset: int
    has_more: bool


# Columns that may be sorted on. Reference columns sort by their label.
SORTABLE = ("id", "received_on", "kind", "channel", "respondent_role", "service_area", "team",
            "district", "age_band", "text", "sentiment", "safeguarding", "consent_quote",
            "needs_review", "event", "rating")

_EFFECTIVE_SENTIMENT = func.coalesce(Feedback.sentiment_override, Feedback.sentiment_label)


# Words PostgreSQL's English configuration ignores; SQLite drops them too, so a search gives the
# same records on both backends ("waiting and chasing" must not require the word "and").
STOP_WORDS = frozenset({
    "a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "from", "has", "have",
    "i", "if", "in", "into", "is", "it", "its", "me", "my", "no", "not", "of", "on", "or",
    "our", "so", "that", "the", "their", "them", "then", "there", "these", "they", "this",
    "to", "was", "we", "were", "what", "when", "which", "who", "will", "with", "you", "your",
})


def _fts_query(search: str) -> str:
    """User words -> a safe FTS5 query: each word quoted (so punctuation and FTS operators in
    what people type cannot cause a syntax error), all words required; a trailing * keeps
    prefix search ("transpo*")."""
    terms = []
    for raw in re.findall(r"[\w'*-]+", search, flags=re.UNICODE):
        prefix = raw.endswith("*")
        word = raw.strip("*'-").replace('"', "")
        if word.lower() in STOP_WORDS and not prefix:
            continue
        if word:
            terms.append(f'"{word}"' + ("*" if prefix else ""))
    return " ".join(terms)


def theme_descendants(s: Session, theme_ids: Iterable[int]) -> set[int]:
    """The themes and all their sub-themes (the codebook is small: walked in Python)."""
    parents = s.execute(select(Theme.id, Theme.parent_id)).all()
    children: dict[int | None, list[int]] = {}
    for tid, pid in parents:
        children.setdefault(pid, []).append(tid)
    out: set[int] = set()
    stack = list(theme_ids)
    while stack:
        tid = stack.pop()
        if tid in out:
            continue
        out.add(tid)
        stack.extend(children.get(tid, ()))
    return out


def filter_conditions(s: Session, flt: FeedbackFilter) -> list:
    """SQL conditions selecting the records `flt` shows (for other services, e.g. exports, that
    must select exactly what the Feedback page shows)."""
    return _conditions(s, flt)


def _conditions(s: Session, flt: FeedbackFilter, skip: str | None = None) -> list:
    """SQL conditions for a filter (`skip` leaves one dimension out, for facet counts)."""
    conds: list = []
    if flt.kinds and skip != "kind":
        conds.append(Feedback.kind.in_(flt.kinds))
    start, end = flt.date_from, flt.date_to
    if flt.quarter:
        try:
            q = FinancialQuarter.parse(flt.quarter)
        except ValueError as exc:
            raise ValidationError(str(exc), field="quarter") from None
        start = max(start, q.start) if start else q.start
        end = min(end, q.end) if end else q.end
    if start:
        conds.append(Feedback.received_on >= start)
    if end:
        conds.append(Feedback.received_on <= end)
    for name, column, key in (("service_area_ids", Feedback.service_area_id, "service_area"),
                              ("team_ids", Feedback.team_id, "team"),
                              ("district_ids", Feedback.district_id, "district"),
                              ("respondent_role_ids", Feedback.respondent_role_id,
                               "respondent_role")):
        ids = getattr(flt, name)
        if ids and skip != key:
            conds.append(column.in_(ids))
    if flt.theme_ids and skip != "theme":
        wanted = sorted(theme_descendants(s, flt.theme_ids))
        conds.append(exists().where(
            FeedbackTheme.feedback_id == Feedback.id, FeedbackTheme.theme_id.in_(wanted),
            FeedbackTheme.status != ThemeLinkStatus.REJECTED.value))
    if flt.sentiments and skip != "sentiment":
        # Written so the index on sentiment_label can serve the common case (no override).
        conds.append(or_(Feedback.sentiment_override.in_(flt.sentiments),
                         and_(Feedback.sentiment_override.is_(None),
                              Feedback.sentiment_label.in_(flt.sentiments))))
    if flt.safeguarding is not None and skip != "safeguarding":
        conds.append(Feedback.safeguarding_flag.is_(flt.safeguarding))
    if flt.consent_quote is not None and skip != "consent_quote":
        conds.append(Feedback.consent_quote.is_(flt.consent_quote))
    if flt.needs_review is not None and skip != "needs_review":
        conds.append(Feedback.needs_review.is_(flt.needs_review))
    if flt.event_id is not None:
        conds.append(Feedback.event_id == flt.event_id)
    if flt.search.strip() and skip != "search":
        conds.append(_search_condition(s, flt.search))
    return conds


# Above this many matching records, SQLite is told to walk the browse order's index and test
# each row against the matches (it finds the first page quickly because matches are common);
# below it, it looks the few matches up directly and sorts them. Either way one page costs
# tens of milliseconds on a million records, where the planner's own choice for a common word
# (look up and sort 90,000 rows) took a third of a second.
FTS_SCAN_THRESHOLD = 5000


def _search_condition(s: Session, search: str):
    if s.get_bind().dialect.name == "postgresql":
        return func.to_tsvector(literal_column("'english'"), Feedback.text).op("@@")(
            func.plainto_tsquery(literal_column("'english'"), search.strip()))
    query = _fts_query(search)
    if not query:
        return Feedback.id.is_(None)  # nothing searchable typed: match nothing
    match = text("feedback_fts MATCH :fts_q").bindparams(fts_q=query)
    matches = select(literal_column("rowid")).select_from(text("feedback_fts")).where(match)
    common = (s.scalar(select(func.count()).select_from(text("feedback_fts")).where(match))
              or 0) > FTS_SCAN_THRESHOLD
    # "id + 0" hides the primary key from the planner, so it cannot drive the query from the
    # matches and must use the ORDER BY index instead.
    return (Feedback.id + 0).in_(matches) if common else Feedback.id.in_(matches)


def _order(stmt, sort: str, descending: bool):
    if sort not in SORTABLE:
        raise ValidationError(f"Cannot sort on {sort!r}.")
    refs = {"channel": Feedback.channel_id, "respondent_role": Feedback.respondent_role_id,
            "service_area": Feedback.service_area_id, "team": Feedback.team_id,
            "district": Feedback.district_id}
    if sort in refs:
        ref = aliased(ReferenceItem)
        stmt = stmt.outerjoin(ref, refs[sort] == ref.id)
        key = ref.label
    elif sort == "event":
        ev = aliased(EngagementEvent)
        stmt = stmt.outerjoin(ev, Feedback.event_id == ev.id)
        key = ev.name
    else:
        key = {"id": Feedback.id, "received_on": Feedback.received_on, "kind": Feedback.kind,
               "age_band": Feedback.age_band, "text": Feedback.text,
               "sentiment": _EFFECTIVE_SENTIMENT, "safeguarding": Feedback.safeguarding_flag,
               "consent_quote": Feedback.consent_quote, "needs_review": Feedback.needs_review,
               "rating": Feedback.rating}[sort]
    # Same NULL placement on SQLite and PostgreSQL: empty values last either way. Columns that
    # cannot be NULL get a plain ORDER BY, which SQLite can serve from an index.
    never_null = sort in ("id", "received_on", "kind", "text", "safeguarding", "consent_quote",
                          "needs_review")
    if descending:
        primary = key.desc() if never_null else key.desc().nulls_last()
        return stmt.order_by(primary, Feedback.id.desc())
    primary = key.asc() if never_null else key.asc().nulls_last()
    return stmt.order_by(primary, Feedback.id.asc())


_ROW_COLUMNS = (Feedback.id, Feedback.version, Feedback.kind, Feedback.received_on,
                Feedback.channel_id, Feedback.respondent_role_id, Feedback.service_area_id,
                Feedback.team_id, Feedback.district_id, Feedback.age_band,
                func.substr(Feedback.text, 1, SNIPPET).label("snippet"),
                _EFFECTIVE_SENTIMENT.label("sentiment"),
                Feedback.sentiment_override.is_not(None).label("overridden"),
                Feedback.safeguarding_flag, Feedback.consent_quote, Feedback.needs_review,
                Feedback.anonymous, Feedback.event_id, Feedback.rating)


def browse(db: Database, actor: Actor, flt: FeedbackFilter = FeedbackFilter(),
           sort: str = "received_on", descending: bool = True, offset: int = 0,
           limit: int = 200) -> BrowsePage:
    """One page of records matching `flt`, sorted in SQL. `has_more` says whether another page
    follows (one extra row is fetched to know)."""
    require(actor, Permission.VIEW_CASE_TEXT)
    limit = max(1, min(limit, 5000))
    with db.read_session() as s:
        stmt = select(*_ROW_COLUMNS).where(*_conditions(s, flt))
        stmt = _order(stmt, sort, descending).offset(max(0, offset)).limit(limit + 1)
        rows = s.execute(stmt).all()
        has_more = len(rows) > limit
        rows = rows[:limit]
        themes = _themes_for(s, [r.id for r in rows])
    return BrowsePage(tuple(FeedbackRow(
        id=r.id, version=r.version, kind=r.kind, received_on=r.received_on,
        channel_id=r.channel_id, respondent_role_id=r.respondent_role_id,
        service_area_id=r.service_area_id, team_id=r.team_id, district_id=r.district_id,
        age_band=r.age_band, text=r.snippet or "", sentiment=r.sentiment,
        sentiment_overridden=bool(r.overridden), safeguarding_flag=bool(r.safeguarding_flag),
        consent_quote=bool(r.consent_quote), needs_review=bool(r.needs_review),
        anonymous=bool(r.anonymous), event_id=r.event_id, rating=r.rating,
        theme_ids=tuple(themes.get(r.id, ()))) for r in rows), offset, has_more)


def _themes_for(s: Session, ids: Sequence[int]) -> dict[int, list[int]]:
    out: dict[int, list[int]] = {}
    for chunk in _chunks(ids):
        for fid, tid in s.execute(
                select(FeedbackTheme.feedback_id, FeedbackTheme.theme_id)
                .where(FeedbackTheme.feedback_id.in_(chunk),
                       FeedbackTheme.status != ThemeLinkStatus.REJECTED.value)
                .order_by(FeedbackTheme.feedback_id, FeedbackTheme.theme_id)).all():
            out.setdefault(fid, []).append(tid)
    return out


def _chunks(ids: Sequence[int], size: int = CHUNK) -> Iterable[list[int]]:
    ids = list(ids)
    for i in range(0, len(ids), size):
        yield ids[i:i + size]


def count_feedback(db: Database, actor: Actor, flt: FeedbackFilter = FeedbackFilter()) -> int:
    require(actor, Permission.VIEW_CASE_TEXT)
    with db.read_session() as s:
        return int(s.scalar(select(func.count()).select_from(Feedback)
                            .where(*_conditions(s, flt))) or 0)


@dataclass(frozen=True)
class FacetCounts:
    """For each filter, how many records each choice would give with the other filters kept."""

    total: int
    kind: dict[str, int]
    sentiment: dict[str, int]
    service_area: dict[int, int]
    district: dict[int, int]
    respondent_role: dict[int, int]
    safeguarding: dict[bool, int]
    consent_quote: dict[bool, int]


def facet_counts(db: Database, actor: Actor, flt: FeedbackFilter = FeedbackFilter(),
                 task: Any = None) -> FacetCounts:
    """Counts per filter choice, each a GROUP BY in SQL. Pass the background `task` to make it
    cancellable between queries."""
    require(actor, Permission.VIEW_CASE_TEXT)
    dims = {"kind": Feedback.kind, "sentiment": _EFFECTIVE_SENTIMENT,
            "service_area": Feedback.service_area_id, "district": Feedback.district_id,
            "respondent_role": Feedback.respondent_role_id,
            "safeguarding": Feedback.safeguarding_flag, "consent_quote": Feedback.consent_quote}
    out: dict[str, dict] = {}
    if task is not None:
        task.check()  # cancelled while it waited its turn: the filter has changed already
    with db.read_session() as s:
        total = int(s.scalar(select(func.count()).select_from(Feedback)
                             .where(*_conditions(s, flt))) or 0)
        for key, column in dims.items():
            if task is not None:
                task.check()
            rows = s.execute(select(column, func.count()).where(*_conditions(s, flt, skip=key))
                             .group_by(column)).all()
            if key in ("safeguarding", "consent_quote"):
                out[key] = {bool(k): int(n) for k, n in rows if k is not None}
            else:
                out[key] = {k: int(n) for k, n in rows if k is not None}
    return FacetCounts(total=total, **out)


# =========================================================================== reference data


@dataclass(frozen=True)
class Option:
    id: int
    code: str
    label: str
    parent_id: int | None = None
    active: bool = True


@dataclass(frozen=True)
class ThemeOption:
    id: int
    slug: str
    name: str
    parent_id: int | None
    retired: bool


@dataclass(frozen=True)
class EventOption:
    id: int
    name: str
    held_on: date
    venue: str
    district_id: int | None

    @property
    def label(self) -> str:
        venue = f", {self.venue}" if self.venue and self.venue not in self.name else ""
        return f"{self.name} – {self.held_on:%d %b %Y}{venue}"


@dataclass(frozen=True)
class ReferenceData:
    """Everything a form or the browse table needs to turn ids into words."""

    channels: tuple[Option, ...]
    respondent_roles: tuple[Option, ...]
    service_areas: tuple[Option, ...]
    teams: tuple[Option, ...]
    districts: tuple[Option, ...]
    themes: tuple[ThemeOption, ...]
    events: tuple[EventOption, ...]
    consultations: tuple[Option, ...]
    survey_editions: tuple[Option, ...]

    def label(self, item_id: int | None) -> str:
        return self._labels.get(item_id, "") if item_id is not None else ""

    @property
    def _labels(self) -> dict[int, str]:
        cache = self.__dict__.get("_label_cache")
        if cache is None:
            cache = {o.id: o.label for group in (self.channels, self.respondent_roles,
                                                 self.service_areas, self.teams, self.districts)
                     for o in group}
            object.__setattr__(self, "_label_cache", cache)
        return cache

    def theme_name(self, theme_id: int) -> str:
        names = self.__dict__.get("_theme_cache")
        if names is None:
            names = {t.id: t.name for t in self.themes}
            object.__setattr__(self, "_theme_cache", names)
        return names.get(theme_id, "")

    def event_label(self, event_id: int | None) -> str:
        if event_id is None:
            return ""
        names = self.__dict__.get("_event_cache")
        if names is None:
            names = {e.id: e.name for e in self.events}
            object.__setattr__(self, "_event_cache", names)
        return names.get(event_id, "")


def reference_data(db: Database, actor: Actor) -> ReferenceData:
    require(actor, Permission.VIEW_AGGREGATES)
    with db.read_session() as s:
        items = s.execute(select(ReferenceItem).order_by(ReferenceItem.list_name,
                                                         ReferenceItem.sort_order,
                                                         ReferenceItem.label)).scalars().all()
        by_list: dict[str, list[Option]] = {}
        for r in items:
            by_list.setdefault(r.list_name, []).append(
                Option(r.id, r.code, r.label, r.parent_id, bool(r.active)))
        themes = tuple(ThemeOption(t.id, t.slug, t.name, t.parent_id, bool(t.retired))
                       for t in s.scalars(select(Theme).order_by(Theme.sort_order, Theme.name)))
        events = tuple(EventOption(e.id, e.name, e.held_on, e.venue or "", e.district_id)
                       for e in s.execute(select(EngagementEvent.id, EngagementEvent.name,
                                                 EngagementEvent.held_on, EngagementEvent.venue,
                                                 EngagementEvent.district_id)
                                          .order_by(EngagementEvent.held_on.desc(),
                                                    EngagementEvent.id.desc())).all())
        consultations = tuple(Option(c.id, str(c.id), c.title) for c in s.execute(
            select(Consultation.id, Consultation.title).order_by(Consultation.opens_on.desc())))
        editions = tuple(Option(e.id, str(e.id), f"{name}: {e.name}") for e, name in s.execute(
            select(SurveyEdition, Survey.name).join(Survey, Survey.id == SurveyEdition.survey_id)
            .order_by(SurveyEdition.opens_on.desc())).all())
    get = lambda name: tuple(by_list.get(name.value, ()))  # noqa: E731
    return ReferenceData(get(ReferenceList.CHANNEL), get(ReferenceList.RESPONDENT_ROLE),
                         get(ReferenceList.SERVICE_AREA), get(ReferenceList.TEAM),
                         get(ReferenceList.DISTRICT), themes, events, consultations, editions)


def quarters_with_records(db: Database, actor: Actor) -> list[FinancialQuarter]:
    """The financial quarters from the first record to the last, newest first."""
    require(actor, Permission.VIEW_AGGREGATES)
    with db.read_session() as s:
        # Two queries, not one: SQLite answers a lone min() or max() from the index at once,
        # but scans the table for both together.
        first = s.scalar(select(func.min(Feedback.received_on)))
        last = s.scalar(select(func.max(Feedback.received_on)))
    if first is None:
        q = FinancialQuarter.containing(date.today())
        return [q, q.previous()]
    out, q = [], FinancialQuarter.containing(last)
    stop = FinancialQuarter.containing(first)
    while q >= stop:
        out.append(q)
        q = q.previous()
    return out


# =========================================================================== events


def create_event(db: Database, actor: Actor, name: str, held_on: date | None, venue: str = "",
                 district_id: int | None = None, service_area_id: int | None = None,
                 audience: str = "") -> EventOption:
    """Record an engagement event (event mode's "new event")."""
    require(actor, Permission.CAPTURE)
    name = (name or "").strip()
    if not name:
        raise ValidationError("Give the event a name.", field="name")
    if held_on is None:
        raise ValidationError("Enter the date of the event.", field="held_on")
    if held_on > date.today():
        raise ValidationError("The event date cannot be in the future: record events on the "
                              "day they happen.", field="held_on")
    with db.session() as s:
        ev = EngagementEvent(name=name, held_on=held_on, venue=venue.strip(),
                             district_id=district_id, service_area_id=service_area_id,
                             audience=audience.strip(), created_by_id=actor.user_id)
        s.add(ev)
        s.flush()
        audit.record(s, actor, "create", "engagement_event", ev.id,
                     summary=f"Recorded the event {name!r} on {held_on:%d %b %Y}",
                     after=dict(name=name, held_on=held_on, venue=venue))
        return EventOption(ev.id, ev.name, ev.held_on, ev.venue, ev.district_id)


def event_entry_count(db: Database, actor: Actor, event_id: int) -> int:
    require(actor, Permission.CAPTURE)
    with db.read_session() as s:
        return int(s.scalar(select(func.count()).select_from(Feedback)
                            .where(Feedback.event_id == event_id)) or 0)


# =========================================================================== bulk actions


@dataclass(frozen=True)
class BulkResult:
    changed: int
    unchanged: int
    summary: str


def _check_bulk_ids(ids: Sequence[int]) -> list[int]:
    unique = sorted({int(i) for i in ids})
    if not unique:
        raise ValidationError("Select one or more records first.")
    return unique


def _require_edit_all(s: Session, actor: Actor, ids: Sequence[int]) -> None:
    require(actor, Permission.CAPTURE)
    if allowed(actor, Permission.EDIT_ANY_RECORD):
        return
    others = 0
    for chunk in _chunks(ids):
        others += s.scalar(select(func.count()).select_from(Feedback).where(
            Feedback.id.in_(chunk), or_(Feedback.created_by_id.is_(None),
                                        Feedback.created_by_id != actor.user_id))) or 0
    if others:
        raise PermissionDenied(f"{others} of the selected records were entered by someone else; "
                               f"{actor.username} can only change records they entered.",
                               "Ask a manager, or select only your own records.")


def bulk_add_theme(db: Database, actor: Actor, ids: Sequence[int], theme_id: int,
                   task: Any = None) -> BulkResult:
    """Tag every selected record with a theme (confirmed by this officer)."""
    require(actor, Permission.REVIEW_THEMES)
    ids = _check_bulk_ids(ids)
    now = datetime.now().replace(microsecond=0)
    with db.session() as s:
        theme = s.get(Theme, theme_id)
        if theme is None or theme.retired:
            raise ValidationError("That theme is retired or no longer exists.",
                                  "Choose a current theme from the codebook.")
        changed = 0
        for n, chunk in enumerate(_chunks(ids)):
            if task is not None:
                task.check()
                task.progress(n * CHUNK / len(ids), "Tagging records…")
            existing = dict(s.execute(select(FeedbackTheme.feedback_id, FeedbackTheme.status)
                                      .where(FeedbackTheme.theme_id == theme_id,
                                             FeedbackTheme.feedback_id.in_(chunk))).all())
            found = set(s.scalars(select(Feedback.id).where(Feedback.id.in_(chunk))))
            new = [i for i in chunk if i in found and i not in existing]
            if new:
                s.execute(insert(FeedbackTheme), [dict(
                    feedback_id=i, theme_id=theme_id, source=ThemeSource.OFFICER.value,
                    status=ThemeLinkStatus.CONFIRMED.value, confidence=None, evidence=None,
                    confirmed_by_id=actor.user_id, confirmed_at=now) for i in new])
            upgrade = [i for i, st in existing.items() if st != ThemeLinkStatus.CONFIRMED.value]
            if upgrade:
                s.execute(update(FeedbackTheme).where(
                    FeedbackTheme.theme_id == theme_id, FeedbackTheme.feedback_id.in_(upgrade))
                    .values(status=ThemeLinkStatus.CONFIRMED.value,
                            confirmed_by_id=actor.user_id, confirmed_at=now))
            for i in new + upgrade:
                audit.record(s, actor, "add theme", ENTITY, i,
                             summary=f"Tagged with {theme.name!r} (bulk action)")
            changed += len(new) + len(upgrade)
    return BulkResult(changed, len(ids) - changed, f"Tagged {changed} record(s) with "
                                                   f"{theme.name!r}.")


def bulk_remove_theme(db: Database, actor: Actor, ids: Sequence[int], theme_id: int,
                      task: Any = None) -> BulkResult:
    """Remove a theme from the selected records. The link is kept as 'rejected' so the
    analyser does not suggest it again and the history shows it."""
    require(actor, Permission.REVIEW_THEMES)
    ids = _check_bulk_ids(ids)
    now = datetime.now().replace(microsecond=0)
    with db.session() as s:
        theme = s.get(Theme, theme_id)
        if theme is None:
            raise NotFound("That theme no longer exists.")
        changed_ids: list[int] = []
        for chunk in _chunks(ids):
            if task is not None:
                task.check()
            hit = list(s.scalars(select(FeedbackTheme.feedback_id).where(
                FeedbackTheme.theme_id == theme_id, FeedbackTheme.feedback_id.in_(chunk),
                FeedbackTheme.status != ThemeLinkStatus.REJECTED.value)))
            if hit:
                s.execute(update(FeedbackTheme).where(
                    FeedbackTheme.theme_id == theme_id, FeedbackTheme.feedback_id.in_(hit))
                    .values(status=ThemeLinkStatus.REJECTED.value,
                            confirmed_by_id=actor.user_id, confirmed_at=now))
                changed_ids += hit
        for i in changed_ids:
            audit.record(s, actor, "remove theme", ENTITY, i,
                         summary=f"Theme {theme.name!r} removed (bulk action)")
    n = len(changed_ids)
    return BulkResult(n, len(ids) - n, f"Removed {theme.name!r} from {n} record(s).")


def bulk_set_service_area(db: Database, actor: Actor, ids: Sequence[int],
                          service_area_id: int | None, task: Any = None) -> BulkResult:
    ids = _check_bulk_ids(ids)
    now = datetime.now().replace(microsecond=0)
    with db.session() as s:
        _require_edit_all(s, actor, ids)
        label = "none"
        if service_area_id is not None:
            item = s.get(ReferenceItem, service_area_id)
            if item is None or item.list_name != ReferenceList.SERVICE_AREA.value:
                raise ValidationError("Choose a service area from the list.")
            label = item.label
        changed_ids: list[int] = []
        for chunk in _chunks(ids):
            if task is not None:
                task.check()
            cond = [Feedback.id.in_(chunk)]
            cond.append(Feedback.service_area_id.is_(None) if service_area_id is None else
                        or_(Feedback.service_area_id.is_(None),
                            Feedback.service_area_id != service_area_id))
            hit = list(s.scalars(select(Feedback.id).where(*cond)))
            if hit:
                # Bumping version makes anyone editing one of these records see a conflict
                # rather than silently overwriting the new service area.
                s.execute(update(Feedback).where(Feedback.id.in_(hit)).values(
                    service_area_id=service_area_id, version=Feedback.version + 1,
                    updated_by_id=actor.user_id, updated_at=now)
                    .execution_options(synchronize_session=False))
                changed_ids += hit
        for i in changed_ids:
            audit.record(s, actor, "update", ENTITY, i,
                         summary=f"Service area set to {label!r} (bulk action)",
                         after={"service_area_id": service_area_id})
    n = len(changed_ids)
    return BulkResult(n, len(ids) - n, f"Set the service area of {n} record(s) to {label!r}.")


@dataclass(frozen=True)
class ActionChoice:
    id: int
    reference: str
    summary: str
    status: str


def action_choices(db: Database, actor: Actor) -> list[ActionChoice]:
    """You Said, We Did actions a selection can be linked to (newest first)."""
    require(actor, Permission.MANAGE_ACTIONS)
    with db.read_session() as s:
        return [ActionChoice(*r) for r in s.execute(
            select(Action.id, Action.reference, Action.said_summary, Action.current_status)
            .order_by(Action.id.desc())).all()]


def bulk_link_action(db: Database, actor: Actor, ids: Sequence[int], action_id: int,
                     task: Any = None) -> BulkResult:
    """Link the selected records to a You Said, We Did action as what was said."""
    require(actor, Permission.MANAGE_ACTIONS)
    ids = _check_bulk_ids(ids)
    with db.session() as s:
        act = s.get(Action, action_id)
        if act is None:
            raise NotFound("That action no longer exists.")
        new: list[int] = []
        for chunk in _chunks(ids):
            if task is not None:
                task.check()
            have = set(s.scalars(select(ActionFeedbackLink.feedback_id).where(
                ActionFeedbackLink.action_id == action_id,
                ActionFeedbackLink.feedback_id.in_(chunk))))
            found = set(s.scalars(select(Feedback.id).where(Feedback.id.in_(chunk))))
            new += [i for i in chunk if i in found and i not in have]
        if new:
            s.execute(insert(ActionFeedbackLink),
                      [dict(action_id=action_id, feedback_id=i) for i in new])
            audit.record(s, actor, "link feedback", "yswd_action", action_id,
                         summary=f"Linked {len(new)} feedback record(s) to {act.reference}",
                         after={"feedback_ids": new})
            for i in new:
                audit.record(s, actor, "link action", ENTITY, i,
                             summary=f"Linked to You Said, We Did action {act.reference}")
    return BulkResult(len(new), len(ids) - len(new),
                      f"Linked {len(new)} record(s) to {act.reference}.")


# =========================================================================== saved filters


@dataclass(frozen=True)
class SavedFilterView:
    id: int
    name: str
    filter: FeedbackFilter


def _need_user(actor: Actor) -> int:
    if actor.user_id is None:
        raise ValidationError("Saved filters belong to a signed-in user.",
                              "Sign in with your own user name to save filters.")
    return actor.user_id


def save_filter(db: Database, actor: Actor, name: str, flt: FeedbackFilter) -> SavedFilterView:
    """Save (or replace) a named filter for the signed-in user."""
    require(actor, Permission.VIEW_CASE_TEXT)
    user_id = _need_user(actor)
    name = (name or "").strip()
    if not name:
        raise ValidationError("Give the filter a name.", field="name")
    if len(name) > 120:
        raise ValidationError("The name is too long (120 characters at most).", field="name")
    with db.session() as s:
        row = s.scalar(select(SavedFilter).where(SavedFilter.user_id == user_id,
                                                 SavedFilter.name == name))
        if row is None:
            row = SavedFilter(user_id=user_id, name=name, definition=flt.to_dict())
            s.add(row)
        else:
            row.definition = flt.to_dict()
        s.flush()
        audit.record(s, actor, "save filter", "saved_filter", row.id,
                     summary=f"Saved the filter {name!r}", after=flt.to_dict())
        return SavedFilterView(row.id, row.name, flt)


def saved_filters(db: Database, actor: Actor) -> list[SavedFilterView]:
    require(actor, Permission.VIEW_CASE_TEXT)
    if actor.user_id is None:
        return []
    with db.read_session() as s:
        return [SavedFilterView(r.id, r.name, FeedbackFilter.from_dict(r.definition or {}))
                for r in s.scalars(select(SavedFilter).where(SavedFilter.user_id == actor.user_id)
                                   .order_by(SavedFilter.name))]


def delete_saved_filter(db: Database, actor: Actor, filter_id: int) -> None:
    require(actor, Permission.VIEW_CASE_TEXT)
    user_id = _need_user(actor)
    with db.session() as s:
        row = s.get(SavedFilter, filter_id)
        if row is None or row.user_id != user_id:
            raise NotFound("That saved filter does not exist.")
        name = row.name
        s.delete(row)
        audit.record(s, actor, "delete filter", "saved_filter", filter_id,
                     summary=f"Deleted the saved filter {name!r}")


# =========================================================================== small helpers


def input_from_dict(data: dict) -> FeedbackInput:
    """A FeedbackInput from a draft (JSON) dictionary; unknown keys ignored."""
    names = {f_.name for f_ in fields(FeedbackInput)}
    kwargs = {k: v for k, v in data.items() if k in names}
    if isinstance(kwargs.get("received_on"), str):
        kwargs["received_on"] = date.fromisoformat(kwargs["received_on"])
    for key in ("accepted_theme_ids", "rejected_theme_ids"):
        if key in kwargs:
            kwargs[key] = tuple(kwargs[key])
    kwargs.setdefault("kind", RecordKind.COMMENT.value)
    kwargs.setdefault("received_on", None)
    kwargs.setdefault("text", "")
    return FeedbackInput(**kwargs)


def input_to_dict(inp: FeedbackInput) -> dict:
    data = asdict(inp)
    if isinstance(data.get("received_on"), date):
        data["received_on"] = data["received_on"].isoformat()
    for key in ("accepted_theme_ids", "rejected_theme_ids"):
        data[key] = list(data[key])
    return data


# Rows per kind, cheap: the counts on the New record menu and the status bar.
def kind_counts(db: Database, actor: Actor) -> dict[str, int]:
    require(actor, Permission.VIEW_AGGREGATES)
    with db.read_session() as s:
        return {k: int(n) for k, n in s.execute(
            select(Feedback.kind, func.count()).group_by(Feedback.kind)).all()}


__all__ = [
    "ActionChoice", "AnalysisPreview", "BrowsePage", "BulkResult", "EventOption", "FacetCounts",
    "FeedbackDetail", "FeedbackFilter", "FeedbackInput", "FeedbackRow", "Option", "Problem",
    "ReferenceData", "SavedFilterView", "ThemeOption", "action_choices", "browse",
    "bulk_add_theme", "bulk_link_action", "bulk_remove_theme", "bulk_set_service_area",
    "check_input", "count_feedback", "create_event", "create_feedback", "delete_saved_filter",
    "event_entry_count", "facet_counts", "get_feedback", "preview_analysis", "reference_data",
    "save_filter", "saved_filters", "update_feedback", "validate_input",
]
