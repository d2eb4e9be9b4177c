"""The plain data behind the two "You Said, We Did" documents; voiceapp.reports only lays it out.

(a) The public summary: published actions only, grouped by theme, in plain English. Quotes come
    only from linked records whose author agreed to be quoted, never from a record that was
    ever safeguarding-flagged (flag set, or any safeguarding review), and always pass through
    `publication.public_quote` (names known to the database, emails, phone numbers, postcodes
    ... removed). Counts of people are suppressed (1-4 shown as "<5"; see domain.suppression).
    Acronyms are spelt out the first time they appear and listed under "Words we use".
(b) The board tracker: every action with a status at the as-at date, its status then and at
    the comparison date, the direction of travel, owner, due date and latest progress.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import exists, func, or_, select
from sqlalchemy.orm import Session, aliased

from voiceapp.db.engine import Database
from voiceapp.db.models import (
    Action,
    ActionFeedbackLink,
    ActionStatusEntry,
    ActionThemeLink,
    AppMeta,
    Feedback,
    ReferenceItem,
    SafeguardingReview,
    Theme,
    ToldBack,
)
from voiceapp.domain.enums import ActionStatus, ToldBackMethod
from voiceapp.domain.quarters import FinancialQuarter
from voiceapp.domain.suppression import SUPPRESSION_NOTE, format_count, is_small, suppress_counts
from voiceapp.errors import ValidationError

from . import actions as act
from . import audit, publication
from .context import Actor
from .permissions import Permission, allowed, require

QUOTES_PER_ACTION = 2
QUOTE_MIN_CHARS, QUOTE_MAX_CHARS = 25, 320
QUOTE_CANDIDATES = 8  # per action, read newest first, before the checks in Python

# Plain-English status for the public: a short label (printed beside its colour) and a line.
PUBLIC_STATUS_LABEL = {
    ActionStatus.COMPLETE: "Done",
    ActionStatus.BLUE: "Done \u2013 checking it worked",
    ActionStatus.GREEN: "On track",
    ActionStatus.AMBER: "Running late",
    ActionStatus.RED: "Delayed",
    ActionStatus.NOT_YET_DUE: "Planned",
}

# Acronyms council staff write without thinking. The first use in the public summary is spelt
# out, and every one that appears is listed under "Words we use".
ACRONYMS = {
    "EHC": "Education, Health and Care",
    "EHCP": "Education, Health and Care plan",
    "SEND": "special educational needs and disabilities",
    "SENCO": "special educational needs coordinator",
    "SENDIASS": "Special Educational Needs and Disabilities Information, Advice and Support "
                "Service",
    "MASH": "Multi-Agency Safeguarding Hub",
    "IRO": "Independent Reviewing Officer",
    "CAMHS": "Children and Young People's Mental Health Services",
    "NHS": "National Health Service",
    "ICB": "Integrated Care Board",
    "LGSCO": "Local Government and Social Care Ombudsman",
    "CLA": "children looked after",
    "PA": "personal adviser",
    "EP": "educational psychologist",
    "SALT": "speech and language therapy",
    "ADHD": "attention deficit hyperactivity disorder",
    "ASC": "autism spectrum condition",
    "GP": "family doctor (GP)",
    "YSWD": "You Said, We Did",
    "MP": "Member of Parliament",
    "PDA": "pathological demand avoidance",
    "OT": "occupational therapist",
    "SENCo": "special educational needs coordinator",
}
# Capitals that are not acronyms needing a spelling-out, or are redaction placeholders.
_NOT_ACRONYMS = {"I", "A", "OK", "UK", "TV", "NAME", "PHONE", "EMAIL", "POSTCODE", "ADDRESS",
                 "DOB", "NHS_NUMBER", "SCHOOL", "AM", "PM", "Q1", "Q2", "Q3", "Q4"}
_CAPS = re.compile(r"\b([A-Z]{2,})(s?)\b")


class AcronymExpander:
    """Spells out each known acronym the first time it is used, in document order."""

    def __init__(self) -> None:
        self.used: dict[str, str] = {}  # every known acronym seen: the glossary
        self.unexplained: set[str] = set()
        # Spelt out already in our own words. A quote (expand=False) is left as the person
        # wrote it and does not count, so the first use in our prose is still spelt out.
        self._spelt: set[str] = set()

    def __call__(self, text: str, *, expand: bool = True) -> str:
        def fix(m: re.Match) -> str:
            word, plural = m.group(1), m.group(2)
            meaning = ACRONYMS.get(word)
            if meaning is None:
                if word not in _NOT_ACRONYMS:
                    self.unexplained.add(word)
                return m.group(0)
            self.used.setdefault(word, meaning)
            if not expand or word in self._spelt or word == "GP":
                return m.group(0)
            self._spelt.add(word)
            return f"{meaning}{plural} ({word}{plural})"

        return _CAPS.sub(fix, text or "")

    def glossary(self) -> list[tuple[str, str]]:
        return sorted(self.used.items())


# --------------------------------------------------------------------------- public summary


@dataclass(frozen=True)
class PublicAction:
    said: str
    did: str
    status: ActionStatus
    status_label: str
    status_text: str
    when: str  # "Due by March 2027", or "" when done
    impact: str
    people: str  # how many records raised it, suppressed ("<5")
    partners: str
    told_back: str  # how we told people, in a sentence, or ""
    quotes: list[tuple[str, str]] = field(default_factory=list)  # (quote, who: "Parent carer")


@dataclass(frozen=True)
class PublicTheme:
    name: str
    people: str
    actions: list[PublicAction]


@dataclass(frozen=True)
class PublicSummary:
    authority: str
    title: str
    subtitle: str
    period_label: str
    start: date | None
    end: date
    produced_on: date
    intro: list[str]
    how_to_read: list[str]
    themes: list[PublicTheme]
    theme_table: list[tuple[str, str]]  # (theme, people) suppressed
    total_people: str
    status_table: list[tuple[ActionStatus, str, str]]  # (status, label, count of actions)
    glossary: list[tuple[str, str]]
    contact: list[str]
    suppression_note: str
    unexplained_acronyms: list[str]  # capitals in officers' text with no known expansion
    quotes_used: int


def authority_name(s: Session) -> str:
    """The council's name for document covers: the 'authority_name' setting if an
    administrator set one, the fictional council for a demo database, else a neutral title."""
    row = s.get(AppMeta, "authority_name")
    if row is not None and row.value.strip():
        return row.value.strip()
    if s.get(AppMeta, "demo") is not None:
        return "Wrenshire County Council"
    return "Children's Services"


def _period_label(start: date | None, end: date) -> str:
    if start is None:
        return f"Up to {end:%-d %B %Y}"
    if start.year == end.year:
        if start.month == end.month:
            return f"{start:%-d} to {end:%-d %B %Y}"
        return f"{start:%-d %B} to {end:%-d %B %Y}"
    return f"{start:%-d %B %Y} to {end:%-d %B %Y}"


def _check_period(start: date | None, end: date) -> None:
    if start is not None and start > end:
        raise ValidationError(f"The period starts ({start:%d/%m/%Y}) after it ends "
                              f"({end:%d/%m/%Y}).", "Swap the dates.", field="start")


def _published_in_period(s: Session, start: date | None, end: date):
    """Published actions that had a status by `end` and had not already been completed before
    `start`, with their status at `end`."""
    now = act._status_at(end)
    q = (select(Action.id, Action.said_summary, Action.we_did, Action.due_on,
                Action.evidence_of_impact, Action.partners, now.c.status)
         .join(now, now.c.action_id == Action.id)
         .where(Action.publish.is_(True)))
    if start is not None:
        before = act._status_at(start - timedelta(days=1))
        q = q.outerjoin(before, before.c.action_id == Action.id).where(
            or_(before.c.status.is_(None), before.c.status != ActionStatus.COMPLETE.value))
    return s.execute(q.order_by(Action.reference)).all()


def _primary_themes(s: Session, action_ids: list[int]) -> dict[int, tuple[int, str, int]]:
    """Each action's heading theme: the top-level theme of its first linked theme in codebook
    order, as (theme id, name, sort order)."""
    parent = aliased(Theme)
    rows = s.execute(
        select(ActionThemeLink.action_id, Theme.id, Theme.name, Theme.sort_order, parent.id,
               parent.name, parent.sort_order)
        .join(Theme, Theme.id == ActionThemeLink.theme_id)
        .outerjoin(parent, parent.id == Theme.parent_id)
        .where(ActionThemeLink.action_id.in_(action_ids))
        .order_by(ActionThemeLink.action_id, func.coalesce(parent.sort_order, Theme.sort_order),
                  Theme.sort_order)).all()
    out: dict[int, tuple[int, str, int]] = {}
    for aid, tid, name, order, pid, pname, porder in rows:
        if aid not in out:
            out[aid] = (pid, pname, porder) if pid is not None else (tid, name, order)
    return out


def _people_counts(s: Session, action_ids: list[int], end: date) -> dict[int, int]:
    rows = s.execute(
        select(ActionFeedbackLink.action_id, func.count())
        .join(Feedback, Feedback.id == ActionFeedbackLink.feedback_id)
        .where(ActionFeedbackLink.action_id.in_(action_ids), Feedback.received_on <= end)
        .group_by(ActionFeedbackLink.action_id)).all()
    return {aid: n for aid, n in rows}


def _distinct_people(s: Session, action_ids: list[int], end: date) -> int:
    return s.scalar(select(func.count(func.distinct(ActionFeedbackLink.feedback_id)))
                    .join(Feedback, Feedback.id == ActionFeedbackLink.feedback_id)
                    .where(ActionFeedbackLink.action_id.in_(action_ids),
                           Feedback.received_on <= end)) or 0


def quote_candidates(s: Session, action_ids: list[int], end: date) -> list[dict]:
    """Linked records that may be quoted, newest first, at most QUOTE_CANDIDATES per action.
    SQL leaves out anything without consent to quote, anything ever safeguarding-flagged and
    anything anonymised; `publication.quotable` checks again in Python."""
    role = aliased(ReferenceItem)
    ever_flagged = exists().where(SafeguardingReview.feedback_id == Feedback.id)
    rn = func.row_number().over(partition_by=ActionFeedbackLink.action_id,
                                order_by=(Feedback.received_on.desc(), Feedback.id.desc()))
    inner = (
        select(ActionFeedbackLink.action_id.label("action_id"), Feedback.id.label("feedback_id"),
               Feedback.text.label("text"), Feedback.consent_quote.label("consent_quote"),
               Feedback.safeguarding_flag.label("safeguarding_flag"),
               Feedback.anonymised_at.label("anonymised_at"), role.label.label("role"),
               rn.label("rn"))
        .join(Feedback, Feedback.id == ActionFeedbackLink.feedback_id)
        .outerjoin(role, role.id == Feedback.respondent_role_id)
        .where(ActionFeedbackLink.action_id.in_(action_ids),
               Feedback.consent_quote.is_(True),
               Feedback.safeguarding_flag.is_(False),
               ~ever_flagged,
               Feedback.anonymised_at.is_(None),
               Feedback.received_on <= end,
               func.length(Feedback.text) >= QUOTE_MIN_CHARS,
               func.length(Feedback.text) <= QUOTE_MAX_CHARS)
        .subquery())
    rows = s.execute(select(inner).where(inner.c.rn <= QUOTE_CANDIDATES)
                     .order_by(inner.c.action_id, inner.c.rn)).mappings().all()
    return [dict(r) for r in rows]


def _choose_quotes(candidates: list[dict], names: list[str]) -> dict[int, list[tuple[str, str]]]:
    """Up to QUOTES_PER_ACTION quotes per action. Among the newest candidates, prefer quotes
    that needed the least redaction and are short enough to read at a glance."""
    from voiceapp.analysis.safeguarding import check as safeguarding_check

    ready: dict[int, list[tuple[tuple, str, str, int]]] = {}
    for row in candidates:
        if not publication.quotable(row):
            continue
        text = " ".join(str(row["text"]).split())
        # Second line of defence: text the triage would flag now is never published either.
        if safeguarding_check(text).flag:
            continue
        quote = publication.public_quote(text, names).strip()
        if not quote:
            continue
        score = (quote.count("["), len(quote) > 220, row["rn"])
        ready.setdefault(row["action_id"], []).append(
            (score, quote, row["role"] or "Someone who spoke to us", row["feedback_id"]))
    out: dict[int, list[tuple[str, str]]] = {}
    used: set[int] = set()  # a record linked to two actions is quoted once
    for aid, options in ready.items():
        chosen = out.setdefault(aid, [])
        for _score, quote, who, fid in sorted(options, key=lambda o: o[0]):
            if len(chosen) >= QUOTES_PER_ACTION:
                break
            if fid in used:
                continue
            used.add(fid)
            chosen.append((quote, who))
    return out


def _told_back_sentences(s: Session, action_ids: list[int], end: date) -> dict[int, str]:
    general = s.execute(
        select(ToldBack.action_id, ToldBack.method, func.max(ToldBack.told_on))
        .where(ToldBack.action_id.in_(action_ids), ToldBack.feedback_id.is_(None),
               ToldBack.told_on <= end)
        .group_by(ToldBack.action_id, ToldBack.method)).all()
    direct = dict(s.execute(
        select(ToldBack.action_id, func.count(func.distinct(ToldBack.feedback_id)))
        .where(ToldBack.action_id.in_(action_ids), ToldBack.feedback_id.is_not(None),
               ToldBack.told_on <= end)
        .group_by(ToldBack.action_id)).all())
    ways: dict[int, list[tuple[date, str]]] = {}
    words = {ToldBackMethod.NEWSLETTER.value: "in our newsletter",
             ToldBackMethod.EVENT.value: "at an event",
             ToldBackMethod.LETTER.value: "by letter",
             ToldBackMethod.INDIVIDUAL.value: "in person"}
    for aid, method, on in general:
        ways.setdefault(aid, []).append((on, words.get(method, method)))
    out = {}
    for aid in action_ids:
        parts = []
        for on, how in sorted(ways.get(aid, []), reverse=True)[:2]:
            parts.append(f"{how} in {on:%B %Y}")
        sentence = ""
        if parts:
            sentence = "We shared this " + " and ".join(parts) + "."
        n = direct.get(aid, 0)
        if n:
            people = format_count(n)
            noun = "person" if n == 1 and people == "1" else "people"
            sentence = (sentence + " " if sentence else "") + \
                f"We contacted {people} {noun} who raised it to tell them what happened."
        out[aid] = sentence
    return out


def public_summary(db: Database, actor: Actor, start: date | None = None,
                   end: date | None = None, *, today: date | None = None) -> PublicSummary:
    """Gather the public "You Said, We Did" summary for published actions (audited as a
    report). Without `start`, every published action with a status by `end` (default today)."""
    _require_documents(actor)
    today = today or date.today()
    end = end or today
    _check_period(start, end)
    expand = AcronymExpander()
    with db.read_session() as s:
        authority = authority_name(s)
        rows = _published_in_period(s, start, end)
        ids = [r[0] for r in rows]
        headings = _primary_themes(s, ids) if ids else {}
        people = _people_counts(s, ids, end) if ids else {}
        told = _told_back_sentences(s, ids, end) if ids else {}
        candidates = quote_candidates(s, ids, end) if ids else []
        total_people = _distinct_people(s, ids, end) if ids else 0
        themed_people: dict[tuple, set] = {}
        if ids:
            # Distinct records per heading theme, counted in SQL per action then combined.
            for aid, fid in s.execute(
                    select(ActionFeedbackLink.action_id, ActionFeedbackLink.feedback_id)
                    .join(Feedback, Feedback.id == ActionFeedbackLink.feedback_id)
                    .where(ActionFeedbackLink.action_id.in_(ids), Feedback.received_on <= end)
                    .distinct()):
                key = headings.get(aid, (None, "Other things you told us", 10**6))
                themed_people.setdefault(key, set()).add(fid)
    names = publication.known_names(db) if candidates else []
    quotes = _choose_quotes(candidates, names)

    # The intro and the legend come first in the document, so acronyms there are spelt out
    # there; then the themes in order.
    intro = [expand(p) for p in _INTRO]
    how_to_read = [expand(p) for p in _HOW_TO_READ]
    groups: dict[tuple, list] = {}
    for aid, said, did, due_on, impact, partners, status in rows:
        key = headings.get(aid, (None, "Other things you told us", 10**6))
        groups.setdefault(key, []).append((aid, said, did, due_on, impact, partners,
                                           ActionStatus(status)))
    ordered = sorted(groups, key=lambda k: (k[2], k[1]))
    theme_counts = suppress_counts({k: len(themed_people.get(k, ())) for k in ordered},
                                   total_people)
    themes: list[PublicTheme] = []
    quotes_used = 0
    for key in ordered:
        items = []
        for aid, said, did, due_on, impact, partners, status in groups[key]:
            done = status in act.DONE_STATUSES
            qs = quotes.get(aid, [])
            quotes_used += len(qs)
            items.append(PublicAction(
                said=expand(_sentence(said)), did=expand(_sentence(did)) if did else
                "We are working out what to do, with the people who raised it.",
                status=status, status_label=PUBLIC_STATUS_LABEL[status],
                status_text=act.STATUS_PUBLIC[status],
                when=_when(due_on, done, end),
                impact=expand(_sentence(impact)) if impact else "",
                people=format_count(people.get(aid, 0)),
                partners=expand(partners or ""), told_back=told.get(aid, ""),
                quotes=[(expand(q, expand=False), who) for q, who in qs]))
        themes.append(PublicTheme(key[1], theme_counts[key], items))

    status_n = {st: 0 for st in act.STATUS_ORDER}
    for r in rows:
        status_n[ActionStatus(r[6])] += 1
    status_table = [(st, PUBLIC_STATUS_LABEL[st], f"{status_n[st]:,}")
                    for st in (ActionStatus.COMPLETE, ActionStatus.BLUE, ActionStatus.GREEN,
                               ActionStatus.AMBER, ActionStatus.RED, ActionStatus.NOT_YET_DUE)]
    summary = PublicSummary(
        authority=authority, title="You Said, We Did",
        subtitle="What you told us, and what we did about it",
        period_label=_period_label(start, end), start=start, end=end, produced_on=today,
        intro=intro, how_to_read=how_to_read, themes=themes,
        theme_table=[(k[1], theme_counts[k]) for k in ordered],
        total_people=theme_counts.total or "0", status_table=status_table,
        glossary=expand.glossary(), contact=list(_CONTACT),
        suppression_note=SUPPRESSION_NOTE,
        unexplained_acronyms=sorted(expand.unexplained), quotes_used=quotes_used)
    with db.session() as s:
        audit.record(s, actor, "report", "yswd_public_summary", None,
                     summary=f"Public You Said, We Did summary: {summary.period_label}, "
                     f"{len(rows)} actions, {quotes_used} quotes",
                     after=dict(start=start, end=end, actions=ids[:200]))
    return summary


def _when(due_on: date | None, done: bool, end: date) -> str:
    if done or due_on is None:
        return ""
    if due_on < end:
        return f"It was due by {due_on:%B %Y}"
    return f"Due by {due_on:%B %Y}"


def _sentence(text: str) -> str:
    text = " ".join((text or "").split())
    if text and text[-1] not in ".!?":
        text += "."
    return text


_INTRO = [
    "Parents, carers, children and young people tell us what they think of our services "
    "every day. They tell us in person, by phone, by email, in surveys and at events.",
    "We read everything you tell us. We look for the things many people raise. Then we "
    "decide what to change.",
    "This summary shows what you told us and what we did about it. It is grouped by topic. "
    "It also shows how far each change has got.",
]
_HOW_TO_READ = [
    "Each topic starts with what you said. Then it says what we did, or what we are going "
    "to do.",
    "\u201cWhere we are\u201d tells you how far we have got. Each stage has a colour and a "
    "word, so you do not need to see the colour.",
    "Some parts include the words of people who spoke to us. We only use someone\u2019s words "
    "if they said we could. We take out names and anything else that could identify anyone.",
]
_CONTACT = [
    "Tell us what you think of this summary, or anything else about our services.",
    "You can speak to any member of our staff, fill in a feedback form on our website, or "
    "come to one of our events for families.",
    "This summary is also available in large print and as a Word document. Ask us for a copy.",
]


# --------------------------------------------------------------------------- board tracker


@dataclass(frozen=True)
class TrackerDocument:
    authority: str
    title: str
    as_at: date
    compare_to: date | None
    produced_on: date
    rows: list[act.TrackerRow]
    status_counts: dict[ActionStatus, int]
    direction_counts: dict[act.Direction, int]
    overdue: int
    told_back: act.ToldBackRate
    told_back_text: str  # "62% (<5 of ...)" style, suppressed
    quarter_label: str
    legend: list[tuple[ActionStatus, str, str]]  # (status, label, meaning)
    notes: list[str]


def tracker_document(db: Database, actor: Actor, as_at: date | None = None,
                     compare_to: date | None = None, *, auto_compare: bool = True,
                     today: date | None = None) -> TrackerDocument:
    """Gather the board action tracker as at `as_at` (default today). Without `compare_to`,
    the direction of travel is measured since the previous reporting round: the latest as-at
    date in the history before the one in force at `as_at` (`auto_compare=False` leaves it
    out)."""
    _require_documents(actor)
    today = today or date.today()
    as_at = as_at or today
    if compare_to is None and auto_compare:
        in_force = act.previous_as_at(db, actor, as_at + timedelta(days=1))
        compare_to = act.previous_as_at(db, actor, in_force) if in_force else None
    if compare_to is not None and compare_to >= as_at:
        raise ValidationError(
            f"The comparison date {compare_to:%d/%m/%Y} is not before the as-at date "
            f"{as_at:%d/%m/%Y}.", "Compare with an earlier date.", field="compare_to")
    rows = act.tracker(db, actor, as_at, compare_to)
    counts = act.status_counts(db, actor, as_at)
    quarter = FinancialQuarter.containing(as_at)
    rate = act.told_back_rate(db, actor, quarter.start, min(quarter.end, as_at), told_by=as_at)
    with db.read_session() as s:
        authority = authority_name(s)
    if rate.linked:
        # A percentage of fewer than five people is not shown; numerator and denominator are
        # suppressed as a pair (the denominator is printed, so a small told/not-told split
        # could be worked out).
        parts = suppress_counts({"told": rate.told, "not told": rate.linked - rate.told},
                                rate.linked)
        small = is_small(rate.told) or is_small(rate.linked - rate.told)
        pct = "" if small else f"{rate.rate:.0%} \u2013 "
        told_text = f"{pct}{parts['told']} of {parts.total} people"
    else:
        told_text = "No records were linked to actions in this quarter."
    notes = [
        "Status is each action\u2019s latest status on or before the as-at date. Direction of "
        "travel compares it with the status at the comparison date.",
        "Status order, worst to best: Red, Amber, Not yet due to start, Green, Blue, Complete. "
        "Moving up is \u201cImproved\u201d, down is \u201cDeteriorated\u201d. Moving into Blue "
        "or Complete is \u201cCompleted\u201d. An action with no status at the comparison date "
        "is \u201cNew\u201d.",
        "Overdue: the due date has passed and the action is not Blue or Complete.",
        "Told-back rate: of the feedback records received this quarter that are linked to an "
        "action, the share whose authors were told what happened (directly, or by a "
        "newsletter, event or letter after they raised it), by the as-at date.",
        SUPPRESSION_NOTE + " Counts of actions are not about people and are shown in full.",
    ]
    doc = TrackerDocument(
        authority=authority, title="You Said, We Did: action tracker", as_at=as_at,
        compare_to=compare_to, produced_on=today, rows=rows, status_counts=counts,
        direction_counts=act.direction_counts(rows), overdue=sum(r.overdue for r in rows),
        told_back=rate, told_back_text=told_text, quarter_label=quarter.label,
        legend=[(st, act.STATUS_LABEL[st], act.STATUS_MEANING[st]) for st in LEGEND_ORDER],
        notes=notes)
    with db.session() as s:
        audit.record(s, actor, "report", "yswd_tracker", None,
                     summary=f"You Said, We Did tracker as at {as_at:%d/%m/%Y}"
                     + (f" compared with {compare_to:%d/%m/%Y}" if compare_to else ""),
                     after=dict(as_at=as_at, compare_to=compare_to, actions=len(rows)))
    return doc


LEGEND_ORDER = (ActionStatus.BLUE, ActionStatus.GREEN, ActionStatus.AMBER, ActionStatus.RED,
                ActionStatus.COMPLETE, ActionStatus.NOT_YET_DUE)


def _require_documents(actor: Actor) -> None:
    if not (allowed(actor, Permission.RUN_REPORTS) or allowed(actor, Permission.MANAGE_ACTIONS)):
        require(actor, Permission.RUN_REPORTS)


def earliest_activity(db: Database, actor: Actor) -> date | None:
    """The first as-at date in the history (for suggesting a period)."""
    _require_documents(actor)
    with db.read_session() as s:
        return s.scalar(select(func.min(ActionStatusEntry.as_at)))


def record_document_written(db: Database, actor: Actor, kind: str, path: str,
                            when: datetime | None = None) -> None:
    """Audit that a document file was written (an export leaves the building)."""
    with db.session() as s:
        audit.record(s, actor, "export", kind, None, summary=f"Wrote {kind} to {path}",
                     after=dict(path=str(path), at=(when or datetime.now()).isoformat()))


def published_theme_names(summary: PublicSummary) -> Iterable[str]:
    return [t.name for t in summary.themes]
