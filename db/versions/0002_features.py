"""Feature additions of the first release, after the initial schema.

- The audit trail is append-only at the database level too: triggers (SQLite) and a trigger
  function (PostgreSQL) refuse UPDATE and DELETE on audit_log. (Someone with the file could still
  drop the trigger; the hash chain is what detects that.)

Revision ID: 0002
Revises: 0001
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        for verb in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER audit_log_no_{verb.lower()} BEFORE {verb} ON audit_log "
                "BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END"
            )
    elif bind.dialect.name == "postgresql":
        op.execute(
            "CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS "
            "$$ BEGIN RAISE EXCEPTION 'the audit trail is append-only'; END $$"
        )
        op.execute(
            "CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log "
            "FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()"
        )
    # (Later additions of this release go below, each with a comment saying why.)

    # Issue 4: the five-face rating children and young people give in event mode. Nullable,
    # so ALTER TABLE ADD COLUMN on both backends (no table rebuild, FTS triggers untouched).
    import sqlalchemy as sa

    with op.batch_alter_table("feedback") as batch:
        batch.add_column(sa.Column("rating", sa.Integer(), nullable=True))

    # Issue 7: covering indexes for the quarterly report and Trends (plain CREATE INDEX on both
    # backends; no table rebuild).
    op.create_index("ix_feedback_report", "feedback",
                    ["received_on", "kind", "sentiment_label", "sentiment_override",
                     "respondent_role_id", "service_area_id", "channel_id", "district_id",
                     "age_band"])
    op.create_index("ix_feedback_theme_report", "feedback_theme",
                    ["feedback_id", "status", "theme_id"])


def downgrade() -> None:
    bind = op.get_bind()
    # Issue 7: the report's covering indexes.
    op.drop_index("ix_feedback_theme_report", table_name="feedback_theme")
    op.drop_index("ix_feedback_report", table_name="feedback")
    # Issue 4: feedback.rating. SQLite >= 3.35 drops a column in place; a batch rebuild would
    # also drop the FTS triggers on feedback.
    op.execute("ALTER TABLE feedback DROP COLUMN rating")
    if bind.dialect.name == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS audit_log_no_update")
        op.execute("DROP TRIGGER IF EXISTS audit_log_no_delete")
    elif bind.dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS audit_log_append_only ON audit_log")
        op.execute("DROP FUNCTION IF EXISTS audit_log_append_only()")
