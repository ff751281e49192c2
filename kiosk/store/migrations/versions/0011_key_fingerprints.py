"""A fingerprint of the NIK hash key, so `anjungan doctor` can tell a machine whose key file is
not the branch's (its tickets' NIK hashes would never match the others').

The key itself stays out of the database (migration 0008); the row holds a short SHA-256
fingerprint of it (kiosk/store/health.py), written by `anjungan db upgrade` and on first use of
the one-PC SQLite file.

Revision ID: 0011
Revises: 0010
"""
from alembic import op
import sqlalchemy as sa

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "key_fingerprints",
        sa.Column("name", sa.String(length=16), nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("written_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_key_fingerprints")),
    )


def downgrade() -> None:
    op.drop_table("key_fingerprints")
