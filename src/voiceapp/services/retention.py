"""Retention, subject access and erasure (UK GDPR storage limitation, rights of access and
erasure).

Rules per record kind live in the retention_rule table (defaults: complaints 6 years after
closure, everything else 3 years after it was received; administrators change them). A purge
*anonymises* rather than deletes, so quarterly counts, kinds, themes, dates, service areas and
complaint timeliness survive while everything that could identify or quote a person goes:

- feedback: free text, respondent name and contact, sentiment drivers (fragments of the text);
  `anonymised_at` is set and `version` bumped (an officer with the record open gets a
  conflict rather than silently writing the text back);
- equality-monitoring answers (deleted);
- safeguarding reviews: matched text, decision reason and referral reference (the category
  and the decision stay, so the safeguarding figures still add up);
- theme evidence, free-text survey answers, told-back notes;
- compliments: the praised person's name (the team stays);
- complaints: joint-handling notes, Ombudsman remedy text, stage remedies, extension reasons,
  investigator names. Learning points stay: they are the council's learning about its service
  and are written without personal details.

Every step is a bulk UPDATE/DELETE in SQL inside one transaction (a million-record purge is a
handful of statements), audited as one entry with the counts. SQLite's full-text index follows
through its triggers; PostgreSQL's is an expression index over the text column.

The audit trail itself is append-only and is not rewritten: services record ids and field
names there, not free text, and erasure records neither the name nor the text it removed.
"""

from __future__ import annotations

import csv
import json
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import and_, delete, exists, false, func, or_, select, update
from sqlalchemy.orm import Session

from voiceapp.db.engine import Database
from voiceapp.db.models import (
    Complaint,
    ComplaintStage,
    Compliment,
    EqualityMonitoring,
    Feedback,
    FeedbackTheme,
    ReferenceItem,
    RetentionRule,
    SafeguardingReview,
    SurveyAnswer,
    SurveyQuestion,
    SurveyResponse,
    Theme,
    ToldBack,
)
from voiceapp.domain.enums import RecordKind
from voiceapp.errors import ValidationError

from . import audit
from .context import Actor
from .permissions import Permission, require

MIN_YEARS, MAX_YEARS = 1, 100
SAFEGUARDING_NOTE = (
    "This record was flagged for safeguarding. Before disclosing it, check whether the serious "
    "harm exemption (Data Protection Act 2018, Schedule 3) applies.")


@dataclass(frozen=True)
class RuleInfo:
    kind: RecordKind
    years: int
    from_closure: bool

    @property
    def description(self) -> str:
        start = "closure" if self.from_closure else "the date received"
        return f"{self.kind.label}: {self.years} year{'s' * (self.years != 1)} after {start}"


@dataclass(frozen=True)
class RetentionPreview:
    today: date
    by_kind: dict[str, int]  # RecordKind value -> records a purge would anonymise
    cutoffs: dict[str, date]  # RecordKind value -> records on or before this date are due

    @property
    def total(self) -> int:
        return sum(self.by_kind.values())


@dataclass(frozen=True)
class PurgeResult:
    at: datetime
    by_kind: dict[str, int]
    equality_removed: int
    safeguarding_cleaned: int

    @property
    def total(self) -> int:
        return sum(self.by_kind.values())


@dataclass(frozen=True)
class PersonMatches:
    """What the database holds under one respondent name (for the erasure confirmation)."""

    name: str
    feedback_ids: tuple[int, ...]
    by_kind: dict[str, int]
    complaints: int
    told_back: int
    already_anonymised: int

    @property
    def total(self) -> int:
        return len(self.feedback_ids)


@dataclass(frozen=True)
class SubjectAccessExport:
    name: str
    generated_at: datetime
    generated_by: str
    feedback: list[dict] = field(default_factory=list)
    complaints: list[dict] = field(default_factory=list)
    told_back: list[dict] = field(default_factory=list)


# --------------------------------------------------------------------------- rules


def retention_rules(db: Database, actor: Actor) -> list[RuleInfo]:
    """The rule for every record kind (a kind without a stored rule shows the default)."""
    require(actor, Permission.MANAGE_RETENTION)
    with db.read_session() as s:
        return _rules(s)


def _rules(s: Session) -> list[RuleInfo]:
    stored = {r.kind: r for r in s.scalars(select(RetentionRule))}
    out = []
    for kind in RecordKind:
        r = stored.get(kind.value)
        if r is None:
            out.append(RuleInfo(kind, 6 if kind is RecordKind.COMPLAINT else 3,
                                kind is RecordKind.COMPLAINT))
        else:
            out.append(RuleInfo(kind, int(r.years), bool(r.from_closure)))
    return out


def set_retention_rule(db: Database, actor: Actor, kind: RecordKind | str, years: int,
                       from_closure: bool | None = None) -> RuleInfo:
    require(actor, Permission.MANAGE_RETENTION)
    try:
        k = RecordKind(kind)
    except ValueError as exc:
        raise ValidationError(f"There is no record kind {kind!r}.", field="kind") from exc
    if not isinstance(years, int) or not MIN_YEARS <= years <= MAX_YEARS:
        raise ValidationError(f"Keep records for between {MIN_YEARS} and {MAX_YEARS} years.",
                              field="years")
    if from_closure and k is not RecordKind.COMPLAINT:
        raise ValidationError("Only complaints have a closure date to count from.",
                              field="from_closure")
    with db.session() as s:
        rule = s.get(RetentionRule, k.value)
        before = None if rule is None else dict(years=rule.years, from_closure=rule.from_closure)
        if rule is None:
            rule = RetentionRule(kind=k.value, years=years,
                                 from_closure=bool(from_closure) if from_closure is not None
                                 else k is RecordKind.COMPLAINT)
            s.add(rule)
        else:
            rule.years = years
            if from_closure is not None:
                rule.from_closure = from_closure
        after = dict(years=rule.years, from_closure=bool(rule.from_closure))
        audit.record(s, actor, "update", "retention_rule", k.value,
                     summary=f"Retention for {k.label.lower()} set to {years} years",
                     before=before, after=after)
        return RuleInfo(k, rule.years, bool(rule.from_closure))


def years_before(day: date, years: int) -> date:
    """The same calendar day `years` earlier (29 February falls back to the 28th)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def _due_condition(rules: list[RuleInfo], today: date) -> tuple[Any, dict[str, date]]:
    """One SQL condition selecting every not-yet-anonymised record past its retention date."""
    parts, cutoffs = [], {}
    for rule in rules:
        cutoff = years_before(today, rule.years)
        cutoffs[rule.kind.value] = cutoff
        is_kind = Feedback.kind == rule.kind.value
        if rule.from_closure:
            closed = exists().where(
                Complaint.feedback_id == Feedback.id, Complaint.is_open.is_(False),
                func.coalesce(Complaint.closed_on, Feedback.received_on) <= cutoff)
            # A complaint-kind record with no complaint case (a comment filed as a complaint)
            # has no closure date: its clock runs from the date received.
            no_case = and_(~exists().where(Complaint.feedback_id == Feedback.id),
                           Feedback.received_on <= cutoff)
            parts.append(and_(is_kind, or_(closed, no_case)))
        else:
            parts.append(and_(is_kind, Feedback.received_on <= cutoff))
    return and_(Feedback.anonymised_at.is_(None), or_(*parts) if parts else false()), cutoffs


def preview_purge(db: Database, actor: Actor, today: date | None = None) -> RetentionPreview:
    """How many records of each kind a purge today would anonymise (counted in SQL)."""
    require(actor, Permission.MANAGE_RETENTION)
    today = today or date.today()
    with db.read_session() as s:
        cond, cutoffs = _due_condition(_rules(s), today)
        counts = dict(s.execute(select(Feedback.kind, func.count()).where(cond)
                                .group_by(Feedback.kind)).all())
    return RetentionPreview(today, {k: int(v) for k, v in counts.items()}, cutoffs)


# --------------------------------------------------------------------------- anonymising


def _anonymise(s: Session, actor: Actor, cond: Any, stamp: datetime) -> tuple[dict, int, int]:
    """Anonymise every feedback record matching `cond` and everything hanging off it.

    Feedback rows are stamped first; the dependent tables then select by that stamp, so the
    condition is evaluated once and the whole change is one transaction."""
    counts = dict(s.execute(select(Feedback.kind, func.count()).where(cond)
                            .group_by(Feedback.kind)).all())
    if not counts:
        return {}, 0, 0
    nosync = {"synchronize_session": False}
    s.execute(update(Feedback).where(cond).values(
        text="", respondent_name=None, respondent_contact=None, sentiment_drivers=None,
        anonymised_at=stamp, updated_at=stamp, updated_by_id=actor.user_id,
        version=Feedback.version + 1,
    ).execution_options(**nosync))
    ids = select(Feedback.id).where(Feedback.anonymised_at == stamp).scalar_subquery()
    equality = s.execute(delete(EqualityMonitoring).where(EqualityMonitoring.feedback_id.in_(ids))
                         .execution_options(**nosync)).rowcount or 0
    # Keep the category of each safeguarding reason (the figures need it), drop what matched.
    reviews = s.execute(select(SafeguardingReview.id, SafeguardingReview.reasons)
                        .where(SafeguardingReview.feedback_id.in_(ids))).all()
    if reviews:
        s.execute(update(SafeguardingReview), [
            dict(id=rid, reasons=[{"category": (r or {}).get("category", "unknown")}
                                  for r in (reasons or []) if isinstance(r, dict)],
                 decision_reason=None, referral_reference=None)
            for rid, reasons in reviews])
    s.execute(update(FeedbackTheme).where(FeedbackTheme.feedback_id.in_(ids))
              .values(evidence=None).execution_options(**nosync))
    s.execute(update(SurveyAnswer).where(SurveyAnswer.response_id.in_(
        select(SurveyResponse.id).where(SurveyResponse.feedback_id.in_(ids)).scalar_subquery()))
        .values(text=None).execution_options(**nosync))
    s.execute(update(ToldBack).where(ToldBack.feedback_id.in_(ids)).values(note="")
              .execution_options(**nosync))
    s.execute(update(Compliment).where(Compliment.feedback_id.in_(ids))
              .values(praised_person=None).execution_options(**nosync))
    complaint_ids = select(Complaint.id).where(Complaint.feedback_id.in_(ids)).scalar_subquery()
    s.execute(update(ComplaintStage).where(ComplaintStage.complaint_id.in_(complaint_ids))
              .values(extension_reason=None, remedy=None, investigator=None)
              .execution_options(**nosync))
    s.execute(update(Complaint).where(Complaint.feedback_id.in_(ids))
              .values(joint_notes="", ombudsman_remedy=None, version=Complaint.version + 1)
              .execution_options(**nosync))
    return {k: int(v) for k, v in counts.items()}, int(equality), len(reviews)


def _stamp(s: Session) -> datetime:
    """A stamp no earlier anonymisation used, so the dependent-table step selects only the
    records anonymised now (timestamps have one-second resolution)."""
    stamp = datetime.now().replace(microsecond=0)
    last = s.scalar(select(func.max(Feedback.anonymised_at)))
    if last is not None and last >= stamp:
        stamp = last + timedelta(seconds=1)
    return stamp


def apply_purge(db: Database, actor: Actor, today: date | None = None,
                expected_total: int | None = None) -> PurgeResult:
    """Anonymise every record past its retention date, in one audited transaction.

    Pass the total the user confirmed as `expected_total`: if the rules or records changed
    since the preview, nothing is done and the user is asked to look again."""
    require(actor, Permission.MANAGE_RETENTION)
    today = today or date.today()
    with db.session() as s:
        rules = _rules(s)
        cond, cutoffs = _due_condition(rules, today)
        if expected_total is not None:
            now_due = s.scalar(select(func.count()).select_from(Feedback).where(cond))
            if now_due != expected_total:
                raise ValidationError(
                    f"The purge would now affect {now_due:,} records, not the "
                    f"{expected_total:,} you confirmed.",
                    "Preview again and confirm the new numbers; nothing was changed.")
        stamp = _stamp(s)
        by_kind, equality, reviews = _anonymise(s, actor, cond, stamp)
        total = sum(by_kind.values())
        audit.record(
            s, actor, "retention purge", "feedback", None,
            summary=f"Retention purge: {total:,} records anonymised",
            after=dict(by_kind=by_kind, cutoffs={k: v.isoformat() for k, v in cutoffs.items()},
                       rules=[dict(kind=r.kind.value, years=r.years, from_closure=r.from_closure)
                              for r in rules],
                       equality_removed=equality, safeguarding_cleaned=reviews,
                       anonymised_at=stamp.isoformat()))
    return PurgeResult(stamp, by_kind, equality, reviews)


# --------------------------------------------------------------------------- a named person


def _clean_name(name: str) -> str:
    name = " ".join((name or "").split())
    if len(name) < 2:
        raise ValidationError("Give the person's name as it was recorded (at least two "
                              "characters).", field="name")
    return name


def _name_match(name: str) -> Any:
    # Names are compared trimmed and case-insensitively: "jane smith " finds "Jane Smith".
    return func.lower(func.trim(Feedback.respondent_name)) == name.lower()


def find_person(db: Database, actor: Actor, name: str) -> PersonMatches:
    """What an erasure of `name` would affect (no text is returned)."""
    require(actor, Permission.MANAGE_RETENTION)
    name = _clean_name(name)
    with db.read_session() as s:
        rows = s.execute(select(Feedback.id, Feedback.kind, Feedback.anonymised_at)
                         .where(_name_match(name)).order_by(Feedback.id)).all()
        ids = [r.id for r in rows]
        complaints = told = 0
        if ids:
            complaints = s.scalar(select(func.count()).select_from(Complaint)
                                  .where(Complaint.feedback_id.in_(ids)))
            told = s.scalar(select(func.count()).select_from(ToldBack)
                            .where(ToldBack.feedback_id.in_(ids)))
    by_kind: dict[str, int] = {}
    for r in rows:
        by_kind[r.kind] = by_kind.get(r.kind, 0) + 1
    return PersonMatches(name, tuple(ids), by_kind, int(complaints), int(told),
                         sum(1 for r in rows if r.anonymised_at is not None))


def erase_person(db: Database, actor: Actor, name: str,
                 expected_total: int | None = None) -> PurgeResult:
    """Erasure on request: anonymise every record held under `name`, as a purge would.

    The audit entry names the record ids, not the person (the trail cannot be rewritten, so
    it must not keep what was erased)."""
    require(actor, Permission.MANAGE_RETENTION)
    name = _clean_name(name)
    with db.session() as s:
        ids = list(s.scalars(select(Feedback.id).where(_name_match(name))
                             .order_by(Feedback.id)))
        if expected_total is not None and len(ids) != expected_total:
            raise ValidationError(
                f"{len(ids)} records now match, not the {expected_total} you confirmed.",
                "Look again and confirm the new number; nothing was changed.")
        stamp = _stamp(s)
        cond = and_(_name_match(name), Feedback.anonymised_at.is_(None))
        by_kind, equality, reviews = _anonymise(s, actor, cond, stamp)
        audit.record(s, actor, "erasure", "feedback", None,
                     summary=f"Erasure on request for a named person: "
                     f"{sum(by_kind.values())} records anonymised (the name is not kept here)",
                     after=dict(feedback_ids=ids, by_kind=by_kind, equality_removed=equality,
                                safeguarding_cleaned=reviews, anonymised_at=stamp.isoformat()))
    return PurgeResult(stamp, by_kind, equality, reviews)


def subject_access(db: Database, actor: Actor, name: str) -> SubjectAccessExport:
    """Everything held about a named person: their feedback (with themes, equality answers,
    survey answers), complaints with stages and outcomes, and when they were told back.

    Case text is exported unredacted, so this needs EXPORT_UNREDACTED (a manager); the export
    is audited with the record ids."""
    require(actor, Permission.EXPORT_UNREDACTED)
    name = _clean_name(name)
    now = datetime.now().replace(microsecond=0)
    with db.session() as s:
        labels = dict(s.execute(select(ReferenceItem.id, ReferenceItem.label)).all())
        rows = s.scalars(select(Feedback).where(_name_match(name)).order_by(Feedback.id)).all()
        ids = [f.id for f in rows]
        themes: dict[int, list[str]] = {}
        equality: dict[int, dict] = {}
        answers: dict[int, list[dict]] = {}
        complaints: list[dict] = []
        told: list[dict] = []
        if ids:
            for fid, tname in s.execute(
                    select(FeedbackTheme.feedback_id, Theme.name)
                    .join(Theme, Theme.id == FeedbackTheme.theme_id)
                    .where(FeedbackTheme.feedback_id.in_(ids), FeedbackTheme.status != "rejected")):
                themes.setdefault(fid, []).append(tname)
            for e in s.scalars(select(EqualityMonitoring)
                               .where(EqualityMonitoring.feedback_id.in_(ids))):
                equality[e.feedback_id] = {k: getattr(e, k) for k in (
                    "gender", "ethnicity", "disability", "religion", "sexual_orientation",
                    "first_language") if getattr(e, k)}
            for fid, qtext, rating, choice, atext in s.execute(
                    select(SurveyResponse.feedback_id, SurveyQuestion.text, SurveyAnswer.rating,
                           SurveyAnswer.choice, SurveyAnswer.text)
                    .join(SurveyAnswer, SurveyAnswer.response_id == SurveyResponse.id)
                    .join(SurveyQuestion, SurveyQuestion.id == SurveyAnswer.question_id)
                    .where(SurveyResponse.feedback_id.in_(ids))
                    .order_by(SurveyQuestion.position)):
                answers.setdefault(fid, []).append(dict(
                    question=qtext, answer=atext if atext is not None else
                    (choice if choice is not None else rating)))
            for c in s.scalars(select(Complaint).where(Complaint.feedback_id.in_(ids))):
                complaints.append(dict(
                    feedback_id=c.feedback_id, reference=c.reference, open=bool(c.is_open),
                    closed_on=c.closed_on, withdrawn=bool(c.withdrawn),
                    advocate_involved=bool(c.advocate_involved),
                    ombudsman_referred_on=c.ombudsman_referred_on,
                    ombudsman_decision=c.ombudsman_decision,
                    stages=[dict(stage=st.number, received_on=st.received_on,
                                 acknowledged_on=st.acknowledged_on, due_on=st.due_on,
                                 extended_to=st.extended_to, responded_on=st.responded_on,
                                 outcome=st.outcome, remedy=st.remedy)
                            for st in c.stages]))
            for t in s.scalars(select(ToldBack).where(ToldBack.feedback_id.in_(ids))
                               .order_by(ToldBack.told_on)):
                told.append(dict(feedback_id=t.feedback_id, told_on=t.told_on, method=t.method,
                                 note=t.note))
        feedback = []
        for f in rows:
            item = dict(
                id=f.id, kind=RecordKind(f.kind).label if f.kind in RecordKind._value2member_map_
                else f.kind, received_on=f.received_on,
                channel=labels.get(f.channel_id), respondent_role=labels.get(f.respondent_role_id),
                service_area=labels.get(f.service_area_id), team=labels.get(f.team_id),
                district=labels.get(f.district_id), age_band=f.age_band, text=f.text,
                respondent_name=f.respondent_name, respondent_contact=f.respondent_contact,
                anonymous=bool(f.anonymous), consent_to_quote=bool(f.consent_quote),
                consent_to_contact=bool(f.consent_contact),
                sentiment=f.sentiment_override or f.sentiment_label,
                themes=sorted(themes.get(f.id, [])), equality_monitoring=equality.get(f.id, {}),
                survey_answers=answers.get(f.id, []), anonymised_at=f.anonymised_at,
                recorded_at=f.created_at)
            if f.safeguarding_flag:
                item["safeguarding_note"] = SAFEGUARDING_NOTE
            feedback.append(item)
        audit.record(s, actor, "export", "subject_access", None,
                     summary=f"Subject access export: {len(ids)} records about a named person",
                     after=dict(feedback_ids=ids, complaints=len(complaints),
                                told_back=len(told)))
    return SubjectAccessExport(name, now, actor.username, feedback, complaints, told)


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    raise TypeError(type(value).__name__)


def write_subject_access(export: SubjectAccessExport, path: str | Path) -> Path:
    """Write the export as JSON (everything, nested) or CSV (one row per item) by suffix."""
    path = Path(path)
    if path.suffix.lower() not in (".json", ".csv"):
        raise ValidationError("Save the subject access export as a .json or .csv file.",
                              field="out")
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.suffix.lower() == ".json":
        data = dict(subject=export.name, generated_at=export.generated_at,
                    generated_by=export.generated_by,
                    about=("Everything voiceapp holds under this name: what they told us, "
                           "complaints and when they were told what happened."),
                    feedback=export.feedback, complaints=export.complaints,
                    told_back=export.told_back)
        path.write_text(json.dumps(data, default=_jsonable, indent=2, ensure_ascii=False),
                        encoding="utf-8")
        return path
    fields = ["section", "feedback_id", "date", "kind", "detail", "text", "extra"]
    with path.open("w", newline="", encoding="utf-8-sig") as fh:  # BOM: Excel reads UTF-8
        w = csv.DictWriter(fh, fields)
        w.writeheader()
        for f in export.feedback:
            extra = {k: v for k, v in f.items()
                     if k not in ("id", "received_on", "kind", "text", "service_area")}
            w.writerow(dict(section="feedback", feedback_id=f["id"], date=f["received_on"],
                            kind=f["kind"], detail=f["service_area"] or "", text=f["text"],
                            extra=json.dumps(extra, default=_jsonable, ensure_ascii=False)))
        for c in export.complaints:
            w.writerow(dict(section="complaint", feedback_id=c["feedback_id"],
                            date=c["closed_on"] or "", kind="Complaint", detail=c["reference"],
                            text="", extra=json.dumps({k: v for k, v in c.items()
                                                       if k != "feedback_id"},
                                                      default=_jsonable, ensure_ascii=False)))
        for t in export.told_back:
            w.writerow(dict(section="told back", feedback_id=t["feedback_id"], date=t["told_on"],
                            kind=t["method"], detail="", text=t["note"], extra=""))
    return path


def export_as_dict(export: SubjectAccessExport) -> dict:
    return json.loads(json.dumps(asdict(export), default=_jsonable))
