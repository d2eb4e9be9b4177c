"""Run Alembic from code. The scripts live in the top-level db/ folder, installed as
voiceapp.migrations, so an installed voiceapp can upgrade without the source tree."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

# Objects the migrations manage by hand because the ORM cannot describe them portably:
# SQLite's FTS5 virtual table (and its shadow tables) and PostgreSQL's expression GIN index.
UNMANAGED_PREFIXES = ("feedback_fts",)
UNMANAGED_NAMES = {"ix_feedback_text_fts"}


def include_object(obj, name, type_, reflected, compare_to) -> bool:
    return not (name and (name in UNMANAGED_NAMES or name.startswith(UNMANAGED_PREFIXES)))


def schema_differences(connection) -> list:
    """What differs between the live schema and the models (Alembic autogenerate's diff)."""
    import warnings

    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from .models import Base

    ctx = MigrationContext.configure(
        connection, opts={"include_object": include_object, "compare_type": True}
    )
    with warnings.catch_warnings():
        # SQLite cannot reflect the PostgreSQL-only expression index; it is excluded anyway.
        warnings.filterwarnings("ignore", message=".*expression-based index.*")
        return compare_metadata(ctx, Base.metadata)


def script_location() -> Path:
    return Path(str(resources.files("voiceapp.migrations")))


def alembic_config(engine: Engine | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(script_location()))
    if engine is not None:
        cfg.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False))
    return cfg


@lru_cache(maxsize=1)
def _script() -> ScriptDirectory:
    return ScriptDirectory.from_config(alembic_config())


def head_revision() -> str:
    head = _script().get_current_head()
    assert head is not None, "no migrations found"
    return head


def is_known_revision(rev: str) -> bool:
    try:
        return _script().get_revision(rev) is not None
    except Exception:
        return False


def upgrade(engine: Engine, target: str = "head") -> None:
    """Upgrade in one transaction on the given engine (SQLite DDL is transactional too)."""
    cfg = alembic_config(engine)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, target)
