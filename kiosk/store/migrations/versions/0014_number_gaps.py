"""Numbers skipped after a restore: a store restored from a backup continues each service's
numbering today past every number that may have been handed out after the backup was taken
(kiosk/domain/restore.py). The numbers jumped over were never issued here, so they count for no
quota and no "issued today" figure: `skipped` keeps how many they are.

Revision ID: 0014
Revises: 0013
"""
from alembic import op
import sqlalchemy as sa

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("number_sequences",
                  sa.Column("skipped", sa.Integer(), nullable=False, server_default=sa.text("0")))


def downgrade() -> None:
    # SQLite 3.35+ drops a column in place; a batch copy of the table would trip the waiting-count
    # triggers on `tickets` (migration 0010), which name it
    op.drop_column("number_sequences", "skipped")
