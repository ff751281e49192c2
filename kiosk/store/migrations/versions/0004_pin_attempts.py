"""Staff PIN attempts: wrong entries in a row and the lock they caused, per PIN role.

Revision ID: 0004
Revises: 0003
"""
from alembic import op
import sqlalchemy as sa

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "pin_attempts",
        sa.Column("scope", sa.String(length=40), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("scope", name=op.f("pk_pin_attempts")),
    )


def downgrade() -> None:
    op.drop_table("pin_attempts")
