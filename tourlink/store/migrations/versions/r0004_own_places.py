"""Add the operator's own places (hotels, restaurants, meeting points, sites) per organisation.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02 00:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply this change."""
    op.create_table(
        "own_places",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=60), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("lat", sa.Float(), nullable=False),
        sa.Column("lon", sa.Float(), nullable=False),
        sa.Column("visit_minutes", sa.Integer(), nullable=False),
        sa.Column("opening_hours", sa.String(length=200), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("retired_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "kind IN ('hotel', 'restaurant', 'meeting-point', 'site')",
            name=op.f("ck_own_places_kind"),
        ),
        sa.ForeignKeyConstraint(
            ["created_by"], ["users.id"], name=op.f("fk_own_places_created_by_users")
        ),
        sa.ForeignKeyConstraint(
            ["org_id"], ["organisations.id"], name=op.f("fk_own_places_org_id_organisations")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_own_places")),
        sa.UniqueConstraint("org_id", "slug", name="uq_own_place_slug"),
    )
    op.create_index(op.f("ix_own_places_org_id"), "own_places", ["org_id"], unique=False)


def downgrade() -> None:
    """Revert this change."""
    op.drop_index(op.f("ix_own_places_org_id"), table_name="own_places")
    op.drop_table("own_places")
