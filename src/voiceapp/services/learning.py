"""Theme suggestions that improve as a council uses voiceapp.

The analyser starts from rules written for each starter code; `retrain()` fits a linear model on
the tags officers have confirmed (the most recent `limit` records, so it stays fast enough to run
after every import) and stores it in the database, where `services.analysis.latest_model()`
picks it up. Run it off the GUI thread."""

from __future__ import annotations

import time
from dataclasses import dataclass

from sqlalchemy import delete, select

from voiceapp.analysis import train_theme_model
from voiceapp.db.engine import Database
from voiceapp.db.models import Feedback, FeedbackTheme, Theme, ThemeModelStore
from voiceapp.domain.enums import ThemeLinkStatus

from .analysis import codebook_entries

KEEP_MODELS = 3  # older models are deleted; the newest is used


@dataclass(frozen=True)
class TrainingSummary:
    examples: int
    codes: int
    seconds: float
    stored: bool


def training_examples(db: Database, limit: int = 50_000) -> list[tuple[str, list[str]]]:
    """(text, confirmed theme slugs) for the most recently received records with confirmed tags.
    Anonymised records have no text and are left out."""
    with db.read_session() as s:
        recent = (
            select(Feedback.id)
            .join(FeedbackTheme, FeedbackTheme.feedback_id == Feedback.id)
            .where(FeedbackTheme.status == ThemeLinkStatus.CONFIRMED.value,
                   Feedback.anonymised_at.is_(None), Feedback.text != "")
            .group_by(Feedback.id)
            .order_by(Feedback.id.desc())
            .limit(limit)
            .subquery()
        )
        rows = s.execute(
            select(Feedback.id, Feedback.text, Theme.slug)
            .join(recent, recent.c.id == Feedback.id)
            .join(FeedbackTheme, FeedbackTheme.feedback_id == Feedback.id)
            .join(Theme, Theme.id == FeedbackTheme.theme_id)
            .where(FeedbackTheme.status == ThemeLinkStatus.CONFIRMED.value)
            .order_by(Feedback.id)
        ).all()
    examples: dict[int, tuple[str, list[str]]] = {}
    for fid, text, slug in rows:
        examples.setdefault(fid, (text, []))[1].append(slug)
    return list(examples.values())


def retrain(db: Database, *, limit: int = 50_000) -> TrainingSummary:
    """Fit the theme model on confirmed tags and store it (nothing stored if too few examples)."""
    started = time.perf_counter()
    examples = training_examples(db, limit)
    model = train_theme_model(examples, codebook_entries(db))
    stored = False
    if model is not None:
        payload = model.to_bytes()
        with db.session() as s:
            s.add(ThemeModelStore(examples=len(examples), payload=payload))
            s.flush()
            keep = s.scalars(select(ThemeModelStore.id).order_by(ThemeModelStore.id.desc())
                             .limit(KEEP_MODELS)).all()
            s.execute(delete(ThemeModelStore).where(ThemeModelStore.id.not_in(keep)))
        stored = True
    codes = len({slug for _, slugs in examples for slug in slugs})
    return TrainingSummary(len(examples), codes, time.perf_counter() - started, stored)
