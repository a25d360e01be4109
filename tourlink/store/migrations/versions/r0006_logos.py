"""Add the operator's logo (quotes part): one re-encoded PNG or JPEG per organisation.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01 23:45:59.723662
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply this change."""
    op.create_table(
        "org_logos",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("media_type", sa.String(length=20), nullable=False),
        sa.Column("width", sa.Integer(), nullable=False),
        sa.Column("height", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("updated_by", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["org_id"], ["organisations.id"], name=op.f("fk_org_logos_org_id_organisations")
        ),
        sa.ForeignKeyConstraint(
            ["updated_by"], ["users.id"], name=op.f("fk_org_logos_updated_by_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_org_logos")),
        sa.UniqueConstraint("org_id", name=op.f("uq_org_logos_org_id")),
    )


def downgrade() -> None:
    """Undo this change."""
    op.drop_table("org_logos")
