"""Add the message of a version's system-written summary (code and parameters, as JSON).

A summary the software wrote ("restored version 2", "started from the published route …")
is kept as a structured message, so the history, the conflict messages and the API say it
in the reader's language; ``summary`` keeps its English text for older readers. A summary
a person typed, and every row written before this revision, has none (``NULL``) and is
shown as its text.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03 16:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply this change."""
    with op.batch_alter_table("itinerary_versions") as batch:
        batch.add_column(
            sa.Column(
                "summary_message",
                sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
                nullable=True,
            )
        )


def downgrade() -> None:
    """Undo this change."""
    with op.batch_alter_table("itinerary_versions") as batch:
        batch.drop_column("summary_message")
