"""Tables of the queue store. One source of truth for every window.

Plain SQLAlchemy Core tables (no ORM): the command line starts faster, and every query is
written out where it is used (kiosk/store/queue.py, kiosk/store/participants.py).
"""
from __future__ import annotations

from sqlalchemy import BigInteger, Boolean, Column, Date, DateTime, ForeignKey, Index, Integer, MetaData, String, Table, Text, text

from kiosk.domain.day import SUMMARY_COLUMNS, SUMMARY_TIMES

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
    Column("card_number", String(20)),         # membership card (KPJ / JKN card), optional
    Index("ix_participants_card_number", "card_number"),
)

# Last number handed out per service and service day (allocated inside the issuing transaction),
# and how many of the service's tickets wait now: kept by triggers on `tickets` (migration 0010),
# so a count never reads the queue. A migration that rebuilds `tickets` on SQLite (batch mode)
# must create those triggers again.
number_sequences = Table(
    "number_sequences", metadata,
    Column("service_day", Date, primary_key=True),
    Column("service", String(16), primary_key=True),
    Column("last_seq", Integer, nullable=False),
    Column("waiting_count", Integer, nullable=False, server_default=text("0")),
    # numbers jumped over when a restored store continued today's numbering (never issued here)
    Column("skipped", Integer, nullable=False, server_default=text("0")),
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
    Column("ref", String(24)),                 # the status page's unguessable reference
    Column("estimated_wait_min", Integer),     # the wait told at issue (the booking rule's ageing bound)
    Column("lang", String(2)),                 # the visit's language: the phone page opens in it (0018)
    # Race-free numbering: one number per service and day (transfers reuse their origin's number).
    Index("uq_tickets_number", "service_day", "service", "seq", unique=True,
          sqlite_where=text("origin_ticket_id IS NULL"), postgresql_where=text("origin_ticket_id IS NULL")),
    # The queue in call order per service and class: a counter reads the head of each (the
    # fairness rule's candidates) without reading the rest.
    Index("ix_tickets_waiting", "service_day", "state", "service", "priority", "arrived_at", "seq", "ticket_id"),
    # A NIK's waiting ticket (repeat visits) found without reading the queue.
    Index("ix_tickets_nik_hash", "nik_hash", "service_day", "service", "state"),
    Index("ix_tickets_counter", "counter", "state"),
    Index("ix_tickets_ref", "ref"),
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
    # PostgreSQL: the transaction that wrote the row (a server default, migration 0008), so that a
    # follower finds an event that committed after it had read past its id (kiosk/store/feed.py).
    Column("txid", BigInteger),
    Index("ix_events_kind", "kind", "id"),
    Index("ix_events_txid", "txid"),
)

# Staff and admin PIN hashes set at the branch (`anjungan staff set-pin`), shared by every machine
# on the same database. The key of the NIK hash is not kept here: see kiosk/store/secrets.py.
staff_pins = Table(
    "staff_pins", metadata,
    Column("role", String(16), primary_key=True),
    Column("pin_hash", String(200), nullable=False),
    Column("set_at", DateTime(timezone=True), nullable=False),
)

# Wrong staff PIN entries in a row and the lock they caused, per PIN role (kept across restarts
# and shared by every machine on the same database).
pin_attempts = Table(
    "pin_attempts", metadata,
    Column("scope", String(40), primary_key=True),
    Column("failures", Integer, nullable=False, default=0),
    Column("locked_until", DateTime(timezone=True)),
)

# Booked visits (CSV import, the web API, counters): a place held in the service's quota from
# booking until the end of its check-in window; `ticket_id` once checked in.
bookings = Table(
    "bookings", metadata,
    Column("code", String(32), primary_key=True),
    Column("service_day", Date, nullable=False),
    Column("service", String(16), nullable=False),
    Column("slot_start", DateTime(timezone=True), nullable=False),
    Column("slot_end", DateTime(timezone=True), nullable=False),
    Column("source", String(40), nullable=False, default=""),
    Column("state", String(12), nullable=False),
    Column("arrival", String(8)),                  # early | on_time | late, once checked in
    Column("nik", String(16)),                     # purged per the retention setting
    Column("nik_hash", String(64), nullable=False),
    Column("nik_last4", String(4), nullable=False),
    Column("ticket_id", String(16)),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("checked_in_at", DateTime(timezone=True)),
    Index("ix_bookings_day", "service_day", "service", "state"),
    Index("ix_bookings_nik", "nik_hash", "service_day"),
    Index("ix_bookings_ticket", "ticket_id"),
)

# Bearer tokens of the web API: only a hash of the secret is kept.
api_tokens = Table(
    "api_tokens", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", String(80), nullable=False),
    Column("role", String(16), nullable=False),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("prefix", String(12), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("revoked_at", DateTime(timezone=True)),
)

# ---------------------------------------------------------------- the head of service (reports, SKM)

# Reading events by time (today's events for the monitor) and by ticket (a day's visits).
Index("ix_events_at", events.c.at)
Index("ix_events_ticket", events.c.ticket_id, events.c.id)

# The one-tap rating after a visit: one per ticket (the ticket's final one after transfers).
ratings = Table(
    "ratings", metadata,
    Column("ticket_id", String(16), primary_key=True),
    Column("service_day", Date, nullable=False),
    Column("service", String(16), nullable=False),
    Column("counter", Integer),
    Column("score", Integer, nullable=False),
    Column("source", String(12), nullable=False),      # counter | kiosk | cli | web
    Column("at", DateTime(timezone=True), nullable=False),
    Index("ix_ratings_day", "service_day", "service"),
)

# Full SKM questionnaires (PermenPAN-RB 14/2017): nine answers 1–4 and the optional respondent
# data the regulation lists; never a name or a NIK.
skm_responses = Table(
    "skm_responses", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("service_day", Date, nullable=False),
    Column("service", String(16)),
    Column("counter", Integer),
    Column("ticket_id", String(16)),
    Column("source", String(12), nullable=False),      # kiosk | rating | paper | web
    Column("at", DateTime(timezone=True), nullable=False),
    *(Column(f"u{i}", Integer, nullable=False) for i in range(1, 10)),
    Column("age_group", String(20)),
    Column("sex", String(20)),
    Column("education", String(30)),
    Column("occupation", String(40)),
    Column("suggestion", Text),
    Column("row_key", String(64)),                    # a paper form's identity (kiosk/domain/imports.py)
    Index("ix_skm_responses_day", "service_day", "service"),
    Index("uq_skm_responses_ticket", "ticket_id", unique=True,
          sqlite_where=text("ticket_id IS NOT NULL"), postgresql_where=text("ticket_id IS NOT NULL")),
    Index("uq_skm_responses_row_key", "row_key", unique=True,
          sqlite_where=text("row_key IS NOT NULL"), postgresql_where=text("row_key IS NOT NULL")),
)

# Each ticket's timeline once its service day is over (kiosk.domain.timeline.VisitFacts), so a
# year's report reads one row per visit instead of every event; times in seconds after the
# day's local midnight.
visit_facts = Table(
    "visit_facts", metadata,
    Column("ticket_id", String(16), primary_key=True),
    Column("service_day", Date, nullable=False),
    Column("service", String(16), nullable=False),
    Column("counter", Integer),
    Column("state", String(12), nullable=False),
    Column("arrival", Boolean, nullable=False),
    Column("priority", Boolean, nullable=False),
    Column("assisted", Boolean, nullable=False),
    Column("weekday", Integer, nullable=False),
    Column("hour", Integer, nullable=False),
    Column("queued_s", Integer),
    Column("called_s", Integer),
    Column("ended_s", Integer),
    Column("wait_s", Integer),
    Column("walk_s", Integer),
    Column("service_s", Integer),
    Column("occupancy_s", Integer),
    Column("calls", Integer, nullable=False),
    Column("print_failures", Integer, nullable=False),
    Column("transferred_to", String(16)),
    Index("ix_visit_facts_day", "service_day"),
)

# The service days summarised into visit_facts, and the newest event seen when they were.
visit_days = Table(
    "visit_days", metadata,
    Column("service_day", Date, primary_key=True),
    Column("through_event", Integer, nullable=False),
    Column("visits", Integer, nullable=False),
    Column("made_at", DateTime(timezone=True), nullable=False),
)

# A fingerprint of each key kept outside the database (the NIK hash key, kiosk/store/secrets.py),
# so a machine can tell that its key file is the branch's; never the key itself
# (kiosk/store/health.py, migration 0011).
key_fingerprints = Table(
    "key_fingerprints", metadata,
    Column("name", String(16), primary_key=True),
    Column("fingerprint", String(64), nullable=False),
    Column("written_at", DateTime(timezone=True), nullable=False),
)

# Each machine's last heartbeat and its printer's paper state since when (`anjungan devices`,
# the monitor, /metrics; kiosk/store/devices.py, migration 0013). No personal data.
devices = Table(
    "devices", metadata,
    Column("name", String(40), primary_key=True),
    Column("kind", String(12), nullable=False),
    Column("counter", Integer),
    Column("last_seen", DateTime(timezone=True), nullable=False),
    Column("printer", String(200)),
    Column("paper", String(10)),
    Column("fault", String(20)),
    Column("paper_since", DateTime(timezone=True)),
)

# ---------------------------------------------------------------- the day close (kiosk/domain/day.py)

# Each closed service day: written by the close that claimed it, so two machines never both close
# one (migration 0015). No personal data.
day_closes = Table(
    "day_closes", metadata,
    Column("service_day", Date, primary_key=True),
    Column("closed_at", DateTime(timezone=True), nullable=False),
    Column("how", String(8), nullable=False),              # hand | auto
)

# Each closed day's figures per service (`kiosk.domain.day.DaySummary`): keyed by day and service,
# no personal data, so the region may be handed the table as it is.
day_summaries = Table(
    "day_summaries", metadata,
    Column("service_day", Date, primary_key=True),
    Column("service", String(16), primary_key=True),
    *(Column(name, Integer, nullable=name in SUMMARY_TIMES, server_default=None if name in SUMMARY_TIMES else text("0"))
      for name in SUMMARY_COLUMNS[2:]),
    Column("written_at", DateTime(timezone=True), nullable=False),
)

# The day's latest arrival, read by every issue (kiosk/domain/queue.py `arrival_after`).
Index("ix_tickets_day_arrival", tickets.c.service_day, tickets.c.arrived_at)

# ---------------------------------------------------------------- imports (kiosk/domain/imports.py)

# Each file imported (participants, bookings, paper questionnaires), by the identity of its
# content, with what it counted: a file imported again counts nothing twice (migration 0016).
imports = Table(
    "imports", metadata,
    Column("kind", String(16), primary_key=True),          # participants | bookings | skm
    Column("identity", String(64), primary_key=True),      # sha-256 of the file's content
    Column("name", String(255), nullable=False),           # the file's name (not its folder)
    Column("rows", Integer, nullable=False),
    Column("kept", Integer, nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
)

# ------------------------------------------------------------------ SMS opt-in (kiosk/notify)

# The phone number a participant typed to be told by SMS when her turn is near, and what was sent;
# deleted when her visit ends (migration 0017). Never on a report, never in a log.
sms_optins = Table(
    "sms_optins", metadata,
    Column("ticket_id", String(16), ForeignKey("tickets.ticket_id"), primary_key=True),
    Column("phone", String(16), nullable=False),             # +628… (kiosk/domain/phone.py)
    Column("lang", String(2), nullable=False, default="id"),
    Column("sent", Integer, nullable=False, server_default=text("0")),
    Column("told_ahead", Boolean, nullable=False, default=False),
    Column("told_called", Boolean, nullable=False, default=False),
)
