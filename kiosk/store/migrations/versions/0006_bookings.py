"""Bookings and API tokens; tickets get the status page reference and the wait told at issue.

Revision ID: 0006
Revises: 0005
"""
from alembic import op
import sqlalchemy as sa

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("tickets", schema=None) as batch_op:
        batch_op.add_column(sa.Column("ref", sa.String(length=24), nullable=True))
        batch_op.add_column(sa.Column("estimated_wait_min", sa.Integer(), nullable=True))
        batch_op.create_index("ix_tickets_ref", ["ref"], unique=False)

    op.create_table(
        "bookings",
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("service_day", sa.Date(), nullable=False),
        sa.Column("service", sa.String(length=16), nullable=False),
        sa.Column("slot_start", sa.DateTime(timezone=True), nullable=False),
        sa.Column("slot_end", sa.DateTime(timezone=True), nullable=False),
        sa.Column("source", sa.String(length=40), nullable=False),
        sa.Column("state", sa.String(length=12), nullable=False),
        sa.Column("arrival", sa.String(length=8), nullable=True),
        sa.Column("nik", sa.String(length=16), nullable=True),
        sa.Column("nik_hash", sa.String(length=64), nullable=False),
        sa.Column("nik_last4", sa.String(length=4), nullable=False),
        sa.Column("ticket_id", sa.String(length=16), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("checked_in_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_bookings")),
    )
    with op.batch_alter_table("bookings", schema=None) as batch_op:
        batch_op.create_index("ix_bookings_day", ["service_day", "service", "state"], unique=False)
        batch_op.create_index("ix_bookings_nik", ["nik_hash", "service_day"], unique=False)
        batch_op.create_index("ix_bookings_ticket", ["ticket_id"], unique=False)

    op.create_table(
        "api_tokens",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("prefix", sa.String(length=12), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_api_tokens")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_api_tokens_token_hash")),
    )


def downgrade() -> None:
    op.drop_table("api_tokens")
    with op.batch_alter_table("bookings", schema=None) as batch_op:
        batch_op.drop_index("ix_bookings_ticket")
        batch_op.drop_index("ix_bookings_nik")
        batch_op.drop_index("ix_bookings_day")
    op.drop_table("bookings")
    with op.batch_alter_table("tickets", schema=None) as batch_op:
        batch_op.drop_index("ix_tickets_ref")
        batch_op.drop_column("estimated_wait_min")
        batch_op.drop_column("ref")
