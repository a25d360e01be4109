"""Add operators' tours and their departures, stored per organisation.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02 00:05:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply this change."""
    op.create_table(
        "operator_tours",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=80), nullable=False),
        sa.Column("shared", sa.Boolean(), nullable=False),
        sa.Column(
            "document",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("lock", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_id"], ["users.id"], name=op.f("fk_operator_tours_author_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["org_id"], ["organisations.id"], name=op.f("fk_operator_tours_org_id_organisations")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_operator_tours")),
        sa.UniqueConstraint("org_id", "slug", name="operator_tour_slug"),
    )
    with op.batch_alter_table("operator_tours", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_operator_tours_org_id"), ["org_id"], unique=False)


def downgrade() -> None:
    """Undo this change."""
    with op.batch_alter_table("operator_tours", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_operator_tours_org_id"))
    op.drop_table("operator_tours")
