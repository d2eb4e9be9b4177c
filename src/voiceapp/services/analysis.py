"""Builds the analyser for a database: its codebook (retired codes included so old links
display, but never suggested) and its learned theme model, if one has been trained."""

from __future__ import annotations

from sqlalchemy import select

from voiceapp.analysis import Analyzer, CodebookEntry, ThemeModel
from voiceapp.db.engine import Database, open_database
from voiceapp.db.models import Theme, ThemeModelStore


def codebook_entries(database: Database) -> list[CodebookEntry]:
    with database.read_session() as s:
        themes = s.execute(select(Theme.id, Theme.slug, Theme.name, Theme.parent_id,
                                  Theme.description, Theme.retired)).all()
    slug_by_id = {t.id: t.slug for t in themes}
    return [CodebookEntry(t.slug, t.name, slug_by_id.get(t.parent_id), t.description, t.retired)
            for t in themes]


def latest_model(database: Database) -> ThemeModel | None:
    with database.read_session() as s:
        payload = s.scalar(select(ThemeModelStore.payload).order_by(ThemeModelStore.id.desc())
                           .limit(1))
    return ThemeModel.from_bytes(payload) if payload else None


def analyser_for(db: str | None) -> Analyzer:
    """The analyser `voiceapp analyse` uses: with --db, that database's codebook and model;
    without, the starter codebook."""
    if db is None:
        return Analyzer()
    database = open_database(db)
    try:
        return Analyzer(codebook_entries(database), latest_model(database))
    finally:
        database.dispose()
