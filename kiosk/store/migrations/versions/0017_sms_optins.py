"""SMS opt-in: `sms_optins` holds the phone number a participant typed at the kiosk to be told by
SMS when her turn is near, with what has been sent, only until her visit ends (the notifier
deletes the row then; kiosk/notify).

Revision ID: 0017
Revises: 0016
"""
from alembic import op
import sqlalchemy as sa

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sms_optins",
        sa.Column("ticket_id", sa.String(length=16), nullable=False),
        sa.Column("phone", sa.String(length=16), nullable=False),
        sa.Column("lang", sa.String(length=2), nullable=False),
        sa.Column("sent", sa.Integer(), nullable=False, server_default=sa.text("0")),
        sa.Column("told_ahead", sa.Boolean(), nullable=False),
        sa.Column("told_called", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["ticket_id"], ["tickets.ticket_id"], name=op.f("fk_sms_optins_ticket_id_tickets")),
        sa.PrimaryKeyConstraint("ticket_id", name=op.f("pk_sms_optins")),
    )


def downgrade() -> None:
    op.drop_table("sms_optins")
