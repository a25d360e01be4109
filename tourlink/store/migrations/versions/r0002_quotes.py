"""Add the quotes part: rate cards, exchange rates and quotes of itinerary versions.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01 20:24:37.550732
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply this change."""
    op.create_table(
        "exchange_rates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("base", sa.String(length=3), nullable=False),
        sa.Column("quote", sa.String(length=3), nullable=False),
        sa.Column("rate", sa.Numeric(precision=20, scale=8), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("source", sa.String(length=200), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by"], ["users.id"], name=op.f("fk_exchange_rates_created_by_users")
        ),
        sa.ForeignKeyConstraint(
            ["org_id"], ["organisations.id"], name=op.f("fk_exchange_rates_org_id_organisations")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_exchange_rates")),
    )
    with op.batch_alter_table("exchange_rates", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_exchange_rates_org_id"), ["org_id"], unique=False)

    op.create_table(
        "rate_cards",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column(
            "document",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("updated_by", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["org_id"], ["organisations.id"], name=op.f("fk_rate_cards_org_id_organisations")
        ),
        sa.ForeignKeyConstraint(
            ["updated_by"], ["users.id"], name=op.f("fk_rate_cards_updated_by_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rate_cards")),
    )
    with op.batch_alter_table("rate_cards", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_rate_cards_org_id"), ["org_id"], unique=False)

    op.create_table(
        "quotes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("itinerary_id", sa.Integer(), nullable=False),
        sa.Column("itinerary_version", sa.Integer(), nullable=False),
        sa.Column("rate_card_id", sa.Integer(), nullable=False),
        sa.Column("rate_card_version", sa.Integer(), nullable=False),
        sa.Column("quote_date", sa.Date(), nullable=False),
        sa.Column("rates_entered", sa.DateTime(timezone=True), nullable=True),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("price_from", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column(
            "options",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column(
            "rates",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column(
            "result",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("requote_of", sa.Integer(), nullable=True),
        sa.Column("created_by", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by"], ["users.id"], name=op.f("fk_quotes_created_by_users")
        ),
        sa.ForeignKeyConstraint(
            ["itinerary_id"], ["itineraries.id"], name=op.f("fk_quotes_itinerary_id_itineraries")
        ),
        sa.ForeignKeyConstraint(
            ["org_id"], ["organisations.id"], name=op.f("fk_quotes_org_id_organisations")
        ),
        sa.ForeignKeyConstraint(
            ["rate_card_id"], ["rate_cards.id"], name=op.f("fk_quotes_rate_card_id_rate_cards")
        ),
        sa.ForeignKeyConstraint(
            ["requote_of"], ["quotes.id"], name=op.f("fk_quotes_requote_of_quotes")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_quotes")),
    )
    with op.batch_alter_table("quotes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_quotes_itinerary_id"), ["itinerary_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_quotes_org_id"), ["org_id"], unique=False)


def downgrade() -> None:
    """Undo this change."""
    with op.batch_alter_table("quotes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_quotes_org_id"))
        batch_op.drop_index(batch_op.f("ix_quotes_itinerary_id"))

    op.drop_table("quotes")
    with op.batch_alter_table("rate_cards", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_rate_cards_org_id"))

    op.drop_table("rate_cards")
    with op.batch_alter_table("exchange_rates", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_exchange_rates_org_id"))

    op.drop_table("exchange_rates")
