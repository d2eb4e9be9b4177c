"""Migrations on both backends: an empty database upgrades to head, and autogenerate then
finds no difference from the models (so the migration scripts and the models agree)."""

import pytest
from sqlalchemy import inspect, select, text

from voiceapp.db import migrations
from voiceapp.db.engine import open_database
from voiceapp.db.models import AppMeta, ComplaintProcedure, ReferenceItem, Theme
from voiceapp.domain.codebook import TOP_LEVEL_SLUGS, iter_codes


def test_upgrade_from_empty_matches_models(database):
    with database.engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == \
            migrations.head_revision()
        assert migrations.schema_differences(conn) == []


def test_new_database_is_seeded(database):
    with database.read_session() as s:
        slugs = set(s.scalars(select(Theme.slug)))
        assert set(TOP_LEVEL_SLUGS) <= slugs
        assert len(slugs) == len(list(iter_codes()))
        lists = {r for (r,) in s.execute(select(ReferenceItem.list_name).distinct())}
        assert {"channel", "respondent_role", "service_area", "district"} <= lists
        assert {p for (p,) in s.execute(select(ComplaintProcedure.code))} == \
            {"statutory_csc", "corporate_send"}
        assert s.get(AppMeta, "application").value == "voiceapp"


def test_seeding_twice_changes_nothing(db_url):
    first = open_database(db_url)
    with first.read_session() as s:
        before = s.scalar(select(Theme.id).where(Theme.slug == "communication"))
        n = len(s.scalars(select(Theme.id)).all())
    first.dispose()
    again = open_database(db_url)
    with again.read_session() as s:
        assert len(s.scalars(select(Theme.id)).all()) == n
        assert s.scalar(select(Theme.id).where(Theme.slug == "communication")) == before
    again.dispose()


def test_full_text_search_objects_exist(database):
    with database.engine.connect() as conn:
        if database.is_sqlite:
            names = {r[0] for r in conn.execute(text(
                "SELECT name FROM sqlite_master WHERE name LIKE 'feedback_fts%'"))}
            assert {"feedback_fts", "feedback_fts_ai", "feedback_fts_ad", "feedback_fts_au"} <= names
        else:
            idx = {i["name"] for i in inspect(conn).get_indexes("feedback")}
            assert "ix_feedback_text_fts" in idx


@pytest.mark.parametrize("name", ["ix_feedback_kind_received", "ix_feedback_sentiment",
                                  "ix_feedback_safeguarding", "ix_feedback_theme_theme"])
def test_filter_indexes_exist(database, name):
    with database.engine.connect() as conn:
        insp = inspect(conn)
        all_idx = {i["name"] for t in ("feedback", "feedback_theme") for i in insp.get_indexes(t)}
    assert name in all_idx
