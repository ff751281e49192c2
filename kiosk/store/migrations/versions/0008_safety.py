"""Late commits, staff PINs set at the branch, and the NIK key out of the database.

- `events.txid`: the transaction that wrote the event (PostgreSQL fills it in; SQLite leaves it
  empty, its ids are visible in commit order). Followers use it to find events that committed
  after they had read past their id (`kiosk.store.feed`).
- `staff_pins`: the staff and admin PIN hashes set with `anjungan staff set-pin`, shared by
  every machine on the database.
- `branch_secret` goes: the key of the NIK hash lives outside the database (a key file readable
  by its owner only, or an environment variable). `kiosk.store.schema.upgrade` writes the old key
  to the key file before this revision drops the table, so existing hashes stay comparable.

Revision ID: 0008
Revises: 0007
"""
from alembic import op
import sqlalchemy as sa

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.add_column(sa.Column(
            "txid", sa.BigInteger(), nullable=True,
            server_default=sa.text("CAST(CAST(pg_current_xact_id() AS text) AS bigint)") if postgres else None))
        batch_op.create_index("ix_events_txid", ["txid"], unique=False)
    op.create_table(
        "staff_pins",
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("pin_hash", sa.String(length=200), nullable=False),
        sa.Column("set_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("role", name=op.f("pk_staff_pins")),
    )
    op.drop_table("branch_secret")


def downgrade() -> None:
    op.create_table(
        "branch_secret",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("nik_key", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_branch_secret")),
    )
    op.drop_table("staff_pins")
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.drop_index("ix_events_txid")
        batch_op.drop_column("txid")
