"""Imports counted once: `imports` (each file imported, by the identity of its content, with its
counts) and `skm_responses.row_key` (a paper questionnaire's own identity when its file numbers
its forms), so a file imported again, after a power cut before its output or by mistake, counts
nothing twice (kiosk/domain/imports.py).

Revision ID: 0016
Revises: 0015
"""
from alembic import op
import sqlalchemy as sa

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "imports",
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("identity", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("rows", sa.Integer(), nullable=False),
        sa.Column("kept", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("kind", "identity", name=op.f("pk_imports")),
    )
    op.add_column("skm_responses", sa.Column("row_key", sa.String(length=64), nullable=True))
    op.create_index("uq_skm_responses_row_key", "skm_responses", ["row_key"], unique=True,
                    sqlite_where=sa.text("row_key IS NOT NULL"), postgresql_where=sa.text("row_key IS NOT NULL"))


def downgrade() -> None:
    op.drop_index("uq_skm_responses_row_key", table_name="skm_responses")
    op.drop_column("skm_responses", "row_key")
    op.drop_table("imports")
