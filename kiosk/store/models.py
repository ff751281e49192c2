"""Tables of the queue store. One source of truth for every window."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean, Date, DateTime, ForeignKey, Index, Integer, MetaData, String, Text, text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class ParticipantRecord(Base):
    """The branch's local participant directory (CSV import, demo generator)."""

    __tablename__ = "participants"
    nik: Mapped[str] = mapped_column(String(16), primary_key=True)
    name: Mapped[str | None] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(16))
    status_text: Mapped[str] = mapped_column(String(100), default="")
    segment: Mapped[str | None] = mapped_column(String(16))
    programs: Mapped[str] = mapped_column(String(100), default="")
    birth_date: Mapped[date | None] = mapped_column(Date)
    last_paid: Mapped[str | None] = mapped_column(String(7))


class NumberSequence(Base):
    """Last number handed out per service and service day (allocated inside the issuing transaction)."""

    __tablename__ = "number_sequences"
    service_day: Mapped[date] = mapped_column(Date, primary_key=True)
    service: Mapped[str] = mapped_column(String(16), primary_key=True)
    last_seq: Mapped[int] = mapped_column(Integer)


class Ticket(Base):
    __tablename__ = "tickets"
    ticket_id: Mapped[str] = mapped_column(String(16), primary_key=True)
    service_day: Mapped[date] = mapped_column(Date)
    service: Mapped[str] = mapped_column(String(16))
    seq: Mapped[int] = mapped_column(Integer)
    number: Mapped[str] = mapped_column(String(8))
    state: Mapped[str] = mapped_column(String(12))
    priority: Mapped[bool] = mapped_column(Boolean, default=False)
    priority_reason: Mapped[str | None] = mapped_column(String(40))
    assisted: Mapped[bool] = mapped_column(Boolean, default=False)
    verified: Mapped[bool] = mapped_column(Boolean, default=True)
    documents_complete: Mapped[bool] = mapped_column(Boolean, default=True)
    nik: Mapped[str | None] = mapped_column(String(16))          # purged per retention
    nik_hash: Mapped[str | None] = mapped_column(String(64))     # keyed hash kept for statistics
    nik_last4: Mapped[str | None] = mapped_column(String(4))
    kiosk_id: Mapped[str | None] = mapped_column(String(40))
    arrived_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    issued_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    called_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    counter: Mapped[int | None] = mapped_column(Integer)
    call_count: Mapped[int] = mapped_column(Integer, default=0)
    origin_ticket_id: Mapped[str | None] = mapped_column(ForeignKey("tickets.ticket_id"))
    transfer_reason: Mapped[str | None] = mapped_column(String(200))
    print_state: Mapped[str] = mapped_column(String(10), default="none")
    print_reason: Mapped[str | None] = mapped_column(String(200))

    __table_args__ = (
        # Race-free numbering: one number per service and day (transfers reuse their origin's number).
        Index("uq_tickets_number", "service_day", "service", "seq", unique=True,
              sqlite_where=text("origin_ticket_id IS NULL"), postgresql_where=text("origin_ticket_id IS NULL")),
        Index("ix_tickets_queue", "service_day", "state", "service"),
        Index("ix_tickets_counter", "counter", "state"),
    )


class CounterState(Base):
    __tablename__ = "counter_states"
    counter: Mapped[int] = mapped_column(Integer, primary_key=True)
    paused: Mapped[bool] = mapped_column(Boolean, default=False)
    updated_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class Event(Base):
    """One row per state change, written in the same transaction as the change."""

    __tablename__ = "events"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    kind: Mapped[str] = mapped_column(String(20))
    ticket_id: Mapped[str | None] = mapped_column(String(16))
    number: Mapped[str | None] = mapped_column(String(8))
    service: Mapped[str | None] = mapped_column(String(16))
    counter: Mapped[int | None] = mapped_column(Integer)
    data: Mapped[str] = mapped_column(Text, default="{}")

    __table_args__ = (Index("ix_events_kind", "kind", "id"),)


class BranchSecret(Base):
    """Key for the NIK hash, shared by every machine on the same database."""

    __tablename__ = "branch_secret"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    nik_key: Mapped[str] = mapped_column(String(64))
