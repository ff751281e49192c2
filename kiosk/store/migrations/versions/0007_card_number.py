"""Participants' membership card number (KPJ / JKN card), optional, looked up by the kiosk.

Revision ID: 0007
Revises: 0006
"""
from alembic import op
import sqlalchemy as sa

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("participants", schema=None) as batch_op:
        batch_op.add_column(sa.Column("card_number", sa.String(length=20), nullable=True))
        batch_op.create_index("ix_participants_card_number", ["card_number"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("participants", schema=None) as batch_op:
        batch_op.drop_index("ix_participants_card_number")
        batch_op.drop_column("card_number")
