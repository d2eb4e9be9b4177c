"""The review queue: records whose themes or sentiment the analyser suggested and no officer has
confirmed yet (`feedback.needs_review`).

For each record the officer confirms or rejects each suggested theme, may add others from the
codebook, may override the sentiment (stored separately from the analyser's label, with who and
when), and marks it reviewed. Confirmed and rejected tags are what the theme learner trains on
(`voiceapp.services.learning.retrain`), so each review improves later suggestions.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from voiceapp.db.engine import Database
from voiceapp.db.models import Feedback, FeedbackTheme, Theme
from voiceapp.domain.enums import SentimentLabel, ThemeLinkStatus, ThemeSource
from voiceapp.errors import ConcurrentEditError, NotFound, ValidationError

from . import audit
from .context import Actor
from .feedback import DriverView
from .permissions import Permission, require


@dataclass(frozen=True)
class SuggestedTheme:
    theme_id: int
    slug: str
    name: str
    status: str  # suggested / confirmed / rejected
    source: str
    confidence: float | None
    evidence: tuple[str, ...]


@dataclass(frozen=True)
class ReviewItem:
    id: int
    version: int
    kind: str
    received_on: date
    text: str
    sentiment_label: str | None
    sentiment_score: float | None
    sentiment_override: str | None
    drivers: tuple[DriverView, ...]
    themes: tuple[SuggestedTheme, ...]
    safeguarding_flag: bool


@dataclass(frozen=True)
class ReviewDecision:
    """What the officer decided for one record."""

    # theme id -> True (confirm) / False (reject) for the suggestions shown
    themes: Mapping[int, bool]
    added_theme_ids: Sequence[int] = ()
    sentiment_override: str | None = None  # None keeps the analyser's label


def review_count(db: Database, actor: Actor) -> int:
    require(actor, Permission.REVIEW_THEMES)
    with db.read_session() as s:
        return int(s.scalar(select(func.count()).select_from(Feedback)
                            .where(Feedback.needs_review.is_(True))) or 0)


def review_queue(db: Database, actor: Actor, limit: int = 50,
                 before: tuple[date, int] | None = None) -> list[ReviewItem]:
    """The next records to review, newest first. Page on with `before=(received_on, id)` of
    the last item (keyset paging: constant time however deep the queue)."""
    require(actor, Permission.REVIEW_THEMES)
    require(actor, Permission.VIEW_CASE_TEXT)
    with db.read_session() as s:
        stmt = select(Feedback).where(Feedback.needs_review.is_(True))
        if before is not None:
            d, i = before
            stmt = stmt.where((Feedback.received_on < d)
                              | ((Feedback.received_on == d) & (Feedback.id < i)))
        rows = s.scalars(stmt.order_by(Feedback.received_on.desc(), Feedback.id.desc())
                         .limit(max(1, min(limit, 500)))).all()
        links = _links(s, [f.id for f in rows])
        return [_item(f, links.get(f.id, ())) for f in rows]


def review_item(db: Database, actor: Actor, feedback_id: int) -> ReviewItem:
    require(actor, Permission.REVIEW_THEMES)
    require(actor, Permission.VIEW_CASE_TEXT)
    with db.read_session() as s:
        f = s.get(Feedback, feedback_id)
        if f is None:
            raise NotFound(f"Feedback record {feedback_id} does not exist.")
        return _item(f, _links(s, [f.id]).get(f.id, ()))


def _links(s: Session, ids: list[int]) -> dict[int, list[SuggestedTheme]]:
    out: dict[int, list[SuggestedTheme]] = {}
    if not ids:
        return out
    for link, slug, name in s.execute(
            select(FeedbackTheme, Theme.slug, Theme.name)
            .join(Theme, Theme.id == FeedbackTheme.theme_id)
            .where(FeedbackTheme.feedback_id.in_(ids))
            .order_by(FeedbackTheme.feedback_id, FeedbackTheme.confidence.desc().nulls_last(),
                      Theme.sort_order)).all():
        out.setdefault(link.feedback_id, []).append(SuggestedTheme(
            link.theme_id, slug, name, link.status, link.source, link.confidence,
            tuple(link.evidence or ())))
    return out


def _item(f: Feedback, links) -> ReviewItem:
    return ReviewItem(
        f.id, f.version, f.kind, f.received_on, f.text or "", f.sentiment_label,
        f.sentiment_score, f.sentiment_override,
        tuple(DriverView(d.get("text", ""), d.get("weight", 0.0))
              for d in (f.sentiment_drivers or [])),
        tuple(links), bool(f.safeguarding_flag))


def submit_review(db: Database, actor: Actor, feedback_id: int, expected_version: int,
                  decision: ReviewDecision) -> ReviewItem:
    """Record the officer's decisions and take the record out of the queue; audited.

    Suggestions the officer did not decide on stay suggested and keep the record in the queue,
    so nothing is confirmed by accident."""
    require(actor, Permission.REVIEW_THEMES)
    if decision.sentiment_override is not None and decision.sentiment_override not in {
            s.value for s in SentimentLabel}:
        raise ValidationError("Choose positive, neutral or negative for the sentiment.",
                              field="sentiment_override")
    now = datetime.now().replace(microsecond=0)
    with db.session() as s:
        f = s.get(Feedback, feedback_id)
        if f is None:
            raise NotFound(f"Feedback record {feedback_id} does not exist any more.")
        if f.version != expected_version:
            current = _item(f, _links(s, [f.id]).get(f.id, ()))
            raise ConcurrentEditError(
                "Someone else changed this record after the queue was loaded.",
                "It has been reloaded with their changes; review it again.",
                theirs=current, yours=decision)
        links = {link.theme_id: link for link in s.scalars(
            select(FeedbackTheme).where(FeedbackTheme.feedback_id == f.id))}
        confirmed, rejected, added = [], [], []
        for theme_id, ok in decision.themes.items():
            link = links.get(theme_id)
            if link is None:
                raise ValidationError("A theme in this review is no longer suggested for the "
                                      "record.", "Reload the queue and review it again.")
            link.status = (ThemeLinkStatus.CONFIRMED if ok else ThemeLinkStatus.REJECTED).value
            link.confirmed_by_id, link.confirmed_at = actor.user_id, now
            (confirmed if ok else rejected).append(theme_id)
        for theme_id in decision.added_theme_ids:
            theme = s.get(Theme, theme_id)
            if theme is None or theme.retired:
                raise ValidationError("A theme you added is retired or no longer exists.",
                                      "Choose a current theme from the codebook.")
            link = links.get(theme_id)
            if link is None:
                link = FeedbackTheme(feedback_id=f.id, theme_id=theme_id,
                                     source=ThemeSource.OFFICER.value, confidence=None,
                                     evidence=None, status=ThemeLinkStatus.CONFIRMED.value)
                s.add(link)
                links[theme_id] = link
            link.status = ThemeLinkStatus.CONFIRMED.value
            link.confirmed_by_id, link.confirmed_at = actor.user_id, now
            added.append(theme_id)
        before = dict(sentiment_override=f.sentiment_override, needs_review=f.needs_review)
        if decision.sentiment_override != f.sentiment_override:
            f.sentiment_override = decision.sentiment_override
            f.sentiment_override_by_id = actor.user_id if decision.sentiment_override else None
            f.sentiment_override_at = now if decision.sentiment_override else None
        undecided = [t for t, link in links.items()
                     if link.status == ThemeLinkStatus.SUGGESTED.value]
        f.needs_review = bool(undecided)
        f.updated_by_id, f.updated_at = actor.user_id, now
        s.flush()
        names = dict(s.execute(select(Theme.id, Theme.name).where(
            Theme.id.in_(confirmed + rejected + added or [0]))).all())
        parts = []
        if confirmed:
            parts.append("confirmed " + ", ".join(names[t] for t in confirmed))
        if rejected:
            parts.append("rejected " + ", ".join(names[t] for t in rejected))
        if added:
            parts.append("added " + ", ".join(names[t] for t in added))
        if decision.sentiment_override:
            parts.append(f"sentiment set to {decision.sentiment_override}")
        summary = "Reviewed: " + ("; ".join(parts) if parts else "suggestions accepted as shown")
        audit.record(s, actor, "review", "feedback", f.id, summary=summary, before=before,
                     after=dict(sentiment_override=f.sentiment_override,
                                needs_review=f.needs_review, confirmed=confirmed,
                                rejected=rejected, added=added))
        return _item(f, _links(s, [f.id]).get(f.id, ()))


def set_sentiment_override(db: Database, actor: Actor, feedback_id: int,
                           label: str | None) -> None:
    """Override (or, with None, restore) the analyser's sentiment label. The override wins in
    every view and report; the analyser's own label is kept beside it."""
    require(actor, Permission.REVIEW_THEMES)
    if label is not None and label not in {s.value for s in SentimentLabel}:
        raise ValidationError("Choose positive, neutral or negative.", field="sentiment_override")
    now = datetime.now().replace(microsecond=0)
    with db.session() as s:
        f = s.get(Feedback, feedback_id)
        if f is None:
            raise NotFound(f"Feedback record {feedback_id} does not exist.")
        before = f.sentiment_override
        if before == label:
            return
        f.sentiment_override = label
        f.sentiment_override_by_id = actor.user_id if label else None
        f.sentiment_override_at = now if label else None
        f.updated_by_id, f.updated_at = actor.user_id, now
        s.flush()
        audit.record(s, actor, "override sentiment", "feedback", f.id,
                     summary=(f"Sentiment set to {label} (analyser said {f.sentiment_label})"
                              if label else "Sentiment override removed"),
                     before={"sentiment_override": before}, after={"sentiment_override": label})


def retrain_after_review(db: Database) -> bool:
    """Retrain the theme learner from confirmed tags when that service exists. Returns whether
    it ran. Called in the background after a review session."""
    try:
        from . import learning
    except ImportError:
        return False
    fn = getattr(learning, "retrain", None)
    if fn is None:
        return False
    fn(db)
    return True
