"""Add the publishing part: routes, their versions in the workflow, and the audit log.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01 20:48:13.700051
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply this change."""
    op.create_table(
        "routes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=80), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_routes")),
        sa.UniqueConstraint("slug", name=op.f("uq_routes_slug")),
    )
    op.create_table(
        "route_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("route_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column(
            "document",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("lock", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_id"], ["users.id"], name=op.f("fk_route_versions_author_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["route_id"], ["routes.id"], name=op.f("fk_route_versions_route_id_routes")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_route_versions")),
        sa.UniqueConstraint("route_id", "number", name="route_number"),
    )
    with op.batch_alter_table("route_versions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_route_versions_route_id"), ["route_id"], unique=False)

    op.create_table(
        "route_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("action", sa.String(length=20), nullable=False),
        sa.Column("source", sa.String(length=20), nullable=False),
        sa.Column("target", sa.String(length=20), nullable=False),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_id"], ["users.id"], name=op.f("fk_route_events_actor_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["route_versions.id"],
            name=op.f("fk_route_events_version_id_route_versions"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_route_events")),
    )
    with op.batch_alter_table("route_events", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_route_events_version_id"), ["version_id"], unique=False
        )


def downgrade() -> None:
    """Undo this change."""
    with op.batch_alter_table("route_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_route_events_version_id"))

    op.drop_table("route_events")
    with op.batch_alter_table("route_versions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_route_versions_route_id"))

    op.drop_table("route_versions")
    op.drop_table("routes")
