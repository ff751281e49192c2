"""One branch configuration for every machine: the branch's own sections (hours, holidays,
services, counters, quotas, texts) kept in the database, each push a new version
(`anjungan config push`, kiosk/store/branch_config.py).

Revision ID: 0012
Revises: 0011
"""
from alembic import op
import sqlalchemy as sa

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "branch_configs",
        sa.Column("version", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("pushed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("role", sa.String(length=63), nullable=False),
        sa.Column("machine", sa.String(length=255), nullable=False),
        sa.Column("source", sa.String(length=255), nullable=False),
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("sections", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("version", name=op.f("pk_branch_configs")),
    )


def downgrade() -> None:
    op.drop_table("branch_configs")
