"""Alembic environment for voiceapp. Run from code by voiceapp.db.migrations (which passes a
connection), or from the command line with `alembic -x url=...` for development."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from voiceapp.db.migrations import include_object
from voiceapp.db.models import Base

config = context.config
target_metadata = Base.metadata


def _configure(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        include_object=include_object,
        compare_type=True,
    )


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _configure(connection)
        with context.begin_transaction():
            context.run_migrations()
        return
    url = context.get_x_argument(as_dictionary=True).get("url") or config.get_main_option(
        "sqlalchemy.url"
    )
    engine = create_engine(url)
    with engine.begin() as conn:
        _configure(conn)
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    raise SystemExit("voiceapp migrations run online only")
run_migrations_online()
