"""Indexes for the quarterly report's speed on large databases (issue 7).

The quarterly report removes every name the database knows from its quotes
(services.publication.known_names). Reading the distinct names used to read every feedback row
(0.6-0.9 s on a million records); with these indexes it hops from one distinct name to the next
(a loose index scan), which costs the same at any database size. Partial indexes: most records
carry no name, so the indexes stay small. ix_complaint_stage_open counts the complaint stages
open at a date from the index alone. Plain CREATE INDEX on both backends.

Revision ID: 0003
Revises: 0002
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    for name, table, column in (("ix_feedback_respondent_name", "feedback", "respondent_name"),
                                ("ix_compliment_praised_person", "compliment",
                                 "praised_person")):
        where = sa.text(f"{column} IS NOT NULL")
        op.create_index(name, table, [column], sqlite_where=where, postgresql_where=where)
    # Complaint stages open at a date are counted from this index alone.
    op.create_index("ix_complaint_stage_open", "complaint_stage", ["received_on", "responded_on"])


def downgrade() -> None:
    op.drop_index("ix_complaint_stage_open", table_name="complaint_stage")
    op.drop_index("ix_compliment_praised_person", table_name="compliment")
    op.drop_index("ix_feedback_respondent_name", table_name="feedback")
