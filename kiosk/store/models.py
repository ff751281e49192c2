"""Tables of the queue store. One source of truth for every window.

Plain SQLAlchemy Core tables (no ORM): the command line starts faster, and every query is
written out where it is used (kiosk/store/queue.py, kiosk/store/participants.py).
"""
from __future__ import annotations

from sqlalchemy import Boolean, Column, Date, DateTime, ForeignKey, Index, Integer, MetaData, String, Table, Text, text

metadata = MetaData(naming_convention={
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
})

# The branch's local participant directory (CSV import, demo generator).
participants = Table(
    "participants", metadata,
    Column("nik", String(16), primary_key=True),
    Column("name", String(200)),
    Column("status", String(16), nullable=False),
    Column("status_text", String(100), nullable=False, default=""),
    Column("segment", String(16)),
    Column("programs", String(100), nullable=False, default=""),
    Column("birth_date", Date),
    Column("last_paid", String(7)),
)

# Last number handed out per service and service day (allocated inside the issuing transaction).
number_sequences = Table(
    "number_sequences", metadata,
    Column("service_day", Date, primary_key=True),
    Column("service", String(16), primary_key=True),
    Column("last_seq", Integer, nullable=False),
)

tickets = Table(
    "tickets", metadata,
    Column("ticket_id", String(16), primary_key=True),
    Column("service_day", Date, nullable=False),
    Column("service", String(16), nullable=False),
    Column("seq", Integer, nullable=False),
    Column("number", String(8), nullable=False),
    Column("state", String(12), nullable=False),
    Column("priority", Boolean, nullable=False, default=False),
    Column("priority_reason", String(40)),
    Column("assisted", Boolean, nullable=False, default=False),
    Column("verified", Boolean, nullable=False, default=True),
    Column("documents_complete", Boolean, nullable=False, default=True),
    Column("nik", String(16)),                 # purged per the retention setting
    Column("nik_hash", String(64)),            # keyed hash kept for statistics
    Column("nik_last4", String(4)),
    Column("kiosk_id", String(40)),
    Column("arrived_at", DateTime(timezone=True), nullable=False),
    Column("issued_at", DateTime(timezone=True), nullable=False),
    Column("called_at", DateTime(timezone=True)),
    Column("finished_at", DateTime(timezone=True)),
    Column("counter", Integer),
    Column("call_count", Integer, nullable=False, default=0),
    Column("origin_ticket_id", String(16), ForeignKey("tickets.ticket_id")),
    Column("transfer_reason", String(200)),
    Column("print_state", String(10), nullable=False, default="none"),
    Column("print_reason", String(200)),
    # Race-free numbering: one number per service and day (transfers reuse their origin's number).
    Index("uq_tickets_number", "service_day", "service", "seq", unique=True,
          sqlite_where=text("origin_ticket_id IS NULL"), postgresql_where=text("origin_ticket_id IS NULL")),
    Index("ix_tickets_queue", "service_day", "state", "service"),
    Index("ix_tickets_counter", "counter", "state"),
)

counter_states = Table(
    "counter_states", metadata,
    Column("counter", Integer, primary_key=True),
    Column("paused", Boolean, nullable=False, default=False),
    Column("updated_at", DateTime(timezone=True)),
)

# One row per state change, written in the same transaction as the change.
events = Table(
    "events", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("kind", String(20), nullable=False),
    Column("ticket_id", String(16)),
    Column("number", String(8)),
    Column("service", String(16)),
    Column("counter", Integer),
    Column("data", Text, nullable=False, default="{}"),
    Index("ix_events_kind", "kind", "id"),
)

# Key for the NIK hash, shared by every machine on the same database.
branch_secret = Table(
    "branch_secret", metadata,
    Column("id", Integer, primary_key=True),
    Column("nik_key", String(64), nullable=False),
)

# Wrong staff PIN entries in a row and the lock they caused, per PIN role (kept across restarts
# and shared by every machine on the same database).
pin_attempts = Table(
    "pin_attempts", metadata,
    Column("scope", String(40), primary_key=True),
    Column("failures", Integer, nullable=False, default=0),
    Column("locked_until", DateTime(timezone=True)),
)
