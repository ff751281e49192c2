"""Booked visits, the booked tickets among the waiting, and tickets by their status reference.

A `BookingStore` works inside the caller's transaction (`BookingStore(q.conn)` beside the unit
of work's `QueueStore`) and hands back domain objects.
"""
from __future__ import annotations

import json
from datetime import date, datetime
from typing import Iterable

from sqlalchemy import Connection, Row, bindparam, func, insert, select, update

from kiosk.domain.booking import Arrival, Booking, BookingState, Slot
from kiosk.domain.queue import AT_COUNTER_STATES, state_values
from kiosk.domain.ticket import EventKind, Ticket
from kiosk.store.models import bookings, events, tickets
from kiosk.store.queue import DAY_SLOTS, _known, _ticket as ticket_from_row, _utc_or_none, forget_known, utc

B = bookings
T = tickets
E = events
BOOKED = BookingState.BOOKED.value
CHECKED_IN = BookingState.CHECKED_IN.value
CANCELLED = BookingState.CANCELLED.value
AT_COUNTER = state_values(AT_COUNTER_STATES)

_SLOTS = DAY_SLOTS
_HELD = (select(B.c.service, func.count()).where(B.c.service_day == bindparam("day"), B.c.state == BOOKED,
                                                 B.c.slot_end >= bindparam("ended_after"))
         .group_by(B.c.service))
_COUNTER_CALLS = (select(E.c.data).where(E.c.kind == EventKind.CALLED, E.c.counter == bindparam("counter"),
                                         E.c.at >= bindparam("since"))
                  .order_by(E.c.id.desc()).limit(bindparam("limit")))
_AT_COUNTER_TODAY = select(T).where(T.c.service_day == bindparam("day"), T.c.state.in_(AT_COUNTER))
_BY_REF = select(T).where(T.c.ref == bindparam("ref"))


def _booking(row: Row | None) -> Booking | None:
    if row is None:
        return None
    m = row._mapping
    return Booking(
        code=m["code"], service_day=m["service_day"], service=m["service"], slot_start=utc(m["slot_start"]),
        slot_end=utc(m["slot_end"]), source=m["source"] or "", state=BookingState(m["state"]),
        nik_hash=m["nik_hash"], nik_last4=m["nik_last4"], created_at=utc(m["created_at"]),
        updated_at=utc(m["updated_at"]), arrival=Arrival(m["arrival"]) if m["arrival"] else None, nik=m["nik"],
        ticket_id=m["ticket_id"], checked_in_at=_utc_or_none(m["checked_in_at"]))


def _columns(b: Booking) -> dict:
    return {
        "code": b.code, "service_day": b.service_day, "service": b.service, "slot_start": utc(b.slot_start),
        "slot_end": utc(b.slot_end), "source": b.source, "state": b.state.value,
        "arrival": b.arrival.value if b.arrival else None, "nik": b.nik, "nik_hash": b.nik_hash,
        "nik_last4": b.nik_last4, "ticket_id": b.ticket_id, "created_at": utc(b.created_at),
        "updated_at": utc(b.updated_at), "checked_in_at": _utc_or_none(b.checked_in_at),
    }


class BookingStore:
    """Queries and writes of bookings, inside the caller's transaction."""

    def __init__(self, conn: Connection):
        self.conn = conn

    # -- bookings -----------------------------------------------------------------------------
    def get(self, code: str, *, for_update: bool = False) -> Booking | None:
        query = select(B).where(B.c.code == code)
        if for_update and self.conn.dialect.name == "postgresql":
            query = query.with_for_update()
        return _booking(self.conn.execute(query).first())

    def save(self, booking: Booking) -> bool:
        """Insert or replace the booking with this code; True when it was new."""
        values = _columns(booking)
        forget_known(self.conn)
        updated = self.conn.execute(update(B).where(B.c.code == booking.code).values(
            {k: v for k, v in values.items() if k not in ("code", "created_at")})).rowcount
        if updated:
            return False
        self.conn.execute(insert(B).values(values))
        return True

    def of_nik(self, nik_hash: str, day: date) -> list[Booking]:
        rows = self.conn.execute(select(B).where(B.c.nik_hash == nik_hash, B.c.service_day == day)
                                 .order_by(B.c.slot_start, B.c.code))
        return [_booking(r) for r in rows]

    def of_day(self, day: date, service: str | None = None) -> list[Booking]:
        query = select(B).where(B.c.service_day == day)
        if service is not None:
            query = query.where(B.c.service == service)
        return [_booking(r) for r in self.conn.execute(query.order_by(B.c.slot_start, B.c.code))]

    def of_ticket(self, ticket_id: str) -> Booking | None:
        return _booking(self.conn.execute(select(B).where(B.c.ticket_id == ticket_id)).first())

    def held(self, day: date, ended_after: datetime) -> dict[str, int]:
        """Per service: bookings of `day` not checked in whose slot ended at or after `ended_after`
        (the places they still hold in the quota)."""
        known = _known(self.conn).get(("booked_until", day))
        if known is not None and (known[0] is None or known[0] < utc(ended_after)):
            return {}           # read with the repeat-visit look-up: no booked slot ends that late
        return dict(self.conn.execute(_HELD, {"day": day, "ended_after": utc(ended_after)}).all())

    def count_of_day(self, day: date, except_code: str | None = None) -> int:
        """The day's bookings that are not cancelled (the branch's cap)."""
        query = select(func.count()).where(B.c.service_day == day, B.c.state != CANCELLED)
        if except_code is not None:
            query = query.where(B.c.code != except_code)
        return self.conn.execute(query).scalar_one()

    def set_state(self, code: str, state: BookingState, at: datetime, *, arrival: Arrival | None = None,
                  ticket_id: str | None = None, expect: Iterable[BookingState] = (BookingState.BOOKED,)) -> bool:
        """Move a booking to `state` only while it is in one of `expect` (two kiosks never check one
        booking in twice)."""
        values = {"state": state.value, "updated_at": utc(at)}
        if arrival is not None:
            values.update(arrival=arrival.value, checked_in_at=utc(at))
        if ticket_id is not None:
            values["ticket_id"] = ticket_id
        forget_known(self.conn)
        result = self.conn.execute(update(B).where(B.c.code == code, B.c.state.in_([s.value for s in expect]))
                                   .values(values))
        return result.rowcount == 1

    def outcomes(self, first: date, last: date) -> list[tuple[date, str, str, str | None, datetime, int]]:
        """The bookings of `first`…`last` grouped as the report needs them: (day, service, state,
        arrival, slot end, count)."""
        query = (select(B.c.service_day, B.c.service, B.c.state, B.c.arrival, B.c.slot_end, func.count())
                 .where(B.c.service_day >= first, B.c.service_day <= last)
                 .group_by(B.c.service_day, B.c.service, B.c.state, B.c.arrival, B.c.slot_end))
        return [(r[0], r[1], r[2], r[3], utc(r[4]), r[5]) for r in self.conn.execute(query)]

    def purge_full_niks(self, before_day: date) -> int:
        return self.conn.execute(update(B).where(B.c.nik.is_not(None), B.c.service_day < before_day)
                                 .values(nik=None)).rowcount

    # -- the queue as the booking rule sees it -------------------------------------------------
    def slots(self, day: date) -> dict[str, Slot]:
        """The slots of tickets checked in within their booking window, by ticket id."""
        return {r.ticket_id: Slot(utc(r.slot_start), utc(r.slot_end), utc(r.booked_at))
                for r in self.conn.execute(_SLOTS, {"day": day})}

    def reserved(self, day: date, service: str, ended_after: datetime) -> list[Slot]:
        """The slots of `service`'s bookings of `day` not checked in yet whose slot ended at or after
        `ended_after` (the bookings that may still come and go before a ticket told its place)."""
        query = select(B.c.slot_start, B.c.slot_end, B.c.created_at).where(
            B.c.service_day == day, B.c.service == service, B.c.state == BOOKED, B.c.slot_end >= utc(ended_after))
        return [Slot(utc(r.slot_start), utc(r.slot_end), utc(r.created_at)) for r in self.conn.execute(query)]

    def counter_turns(self, counter: int, since: datetime, limit: int) -> list[bool]:
        """The counter's last `limit` calls since `since`, oldest first: True for a call by
        booking precedence."""
        rows = self.conn.execute(_COUNTER_CALLS, {"counter": counter, "since": utc(since), "limit": limit}).all()
        return [bool(json.loads(r.data or "{}").get("booking_turn")) for r in reversed(rows)]

    def at_counters(self, day: date) -> list[Ticket]:
        """Tickets of the day that counters are handling (called or being served)."""
        return [ticket_from_row(r) for r in self.conn.execute(_AT_COUNTER_TODAY, {"day": day})]

    def tickets_by_ref(self, ref: str) -> list[Ticket]:
        """Every ticket carrying this status reference (a transfer's successor keeps it)."""
        return [ticket_from_row(r) for r in self.conn.execute(_BY_REF, {"ref": ref})]

    def set_ticket_estimate(self, ticket_id: str, minutes: int | None) -> None:
        self.conn.execute(update(T).where(T.c.ticket_id == ticket_id).values(estimated_wait_min=minutes))
