"""The day close: `day_closes` (each closed service day, claimed once), `day_summaries` (each
closed day's figures per service, no personal data), the index that finds a day's latest arrival
(the queue's order is the database's, kiosk/domain/queue.py `arrival_after`), and on PostgreSQL
the `SECURITY DEFINER` function that closes a day's open tickets from whichever machine acts first
(kiosk/store/days.py).

Revision ID: 0015
Revises: 0014
"""
from alembic import op
import sqlalchemy as sa

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None

_COUNTS = ("arrivals", "transfers_in", "served", "no_show", "transferred", "not_served", "unconfirmed")
_TIMES = ("wait_p50_s", "wait_p90_s", "service_p50_s", "service_p90_s")
_MORE = ("service_total_s", "service_count", "skm_respondents", "bookings_checked_in", "bookings_no_show",
         "rating_1", "rating_2", "rating_3", "rating_4", *(f"skm_u{i}" for i in range(1, 10)))


def upgrade() -> None:
    op.create_table(
        "day_closes",
        sa.Column("service_day", sa.Date(), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("how", sa.String(length=8), nullable=False),
        sa.PrimaryKeyConstraint("service_day", name=op.f("pk_day_closes")),
    )
    op.create_table(
        "day_summaries",
        sa.Column("service_day", sa.Date(), nullable=False),
        sa.Column("service", sa.String(length=16), nullable=False),
        *(sa.Column(name, sa.Integer(), nullable=False, server_default=sa.text("0")) for name in _COUNTS),
        *(sa.Column(name, sa.Integer(), nullable=True) for name in _TIMES),
        *(sa.Column(name, sa.Integer(), nullable=False, server_default=sa.text("0")) for name in _MORE),
        sa.Column("written_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("service_day", "service", name=op.f("pk_day_summaries")),
    )
    op.create_index("ix_tickets_day_arrival", "tickets", ["service_day", "arrived_at"])
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        from kiosk.store import days

        days.install(bind)


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS anjungan_close_day(date, timestamptz, text)")
    op.drop_index("ix_tickets_day_arrival", table_name="tickets")
    op.drop_table("day_summaries")
    op.drop_table("day_closes")
