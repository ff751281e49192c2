"""Machines and printers seen from one place: each machine's last heartbeat, and its printer's
paper state (ok, near end, out, another fault) with the moment that state began.

Every machine role may write its own heartbeat (kiosk/store/roles.py); no personal data.

Revision ID: 0013
Revises: 0012
"""
from alembic import op
import sqlalchemy as sa

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "devices",
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("counter", sa.Integer(), nullable=True),
        sa.Column("last_seen", sa.DateTime(timezone=True), nullable=False),
        sa.Column("printer", sa.String(length=200), nullable=True),
        sa.Column("paper", sa.String(length=10), nullable=True),
        sa.Column("fault", sa.String(length=20), nullable=True),
        sa.Column("paper_since", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_devices")),
    )


def downgrade() -> None:
    op.drop_table("devices")
