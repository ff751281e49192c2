"""What every use case shares: the configuration, the clock, the store, and the event push."""
from __future__ import annotations

import logging
from dataclasses import replace
from datetime import date, datetime, time
from typing import Callable
from zoneinfo import ZoneInfo

from sqlalchemy import Engine

from kiosk.app.views import TicketView
from kiosk.config import Config
from kiosk.domain import booking as booking_rules, errors, queue as rules
from kiosk.domain.booking import Slot
from kiosk.domain.branch import CounterSpec, ServiceSpec
from kiosk.domain.duration import whole_minutes
from kiosk.domain.hours import OfficeStatus, office_status, service_day
from kiosk.domain.nik import mask_tail
from kiosk.domain.reference import status_ref_from, ticket_id_from
from kiosk.domain.queue import TicketState
from kiosk.domain.ticket import QueueEvent, Ticket
from kiosk.store import db
from kiosk.store.bookings import BookingStore
from kiosk.store.queue import QueueStore, utc
from kiosk.store.uow import unit_of_work

log = logging.getLogger("anjungan.services")


class AppCore:
    """The state the use-case modules work on; `Services` adds the use cases to it."""

    def __init__(self, config: Config, engine: Engine, clock: Callable[[], datetime] | None = None,
                 directory=None):
        self.config = config
        self.engine = engine
        self.branch = config.branch
        self.tz = ZoneInfo(self.branch.timezone)
        self._clock = clock
        self._directory = directory
        self._subscribers: list[Callable[[list[QueueEvent]], None]] = []

    # -- the store ----------------------------------------------------------------------------
    def uow(self, write: bool = True, snapshot: bool = False, bulk: bool = False):
        """A unit of work: `with self.uow() as q:` — q is a `QueueStore` in one transaction
        (`snapshot=True`: a read that sees one moment throughout; `bulk=True`: work that may
        rightly take long, such as a year's report, without the statement deadline)."""
        return unit_of_work(self.engine, write=write, snapshot=snapshot, bulk=bulk)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @property
    def db_url(self) -> str:
        return self.engine.url.render_as_string(hide_password=True)

    @property
    def notify_channel(self) -> str:
        """The PostgreSQL NOTIFY channel of this branch's queue (per schema)."""
        return db.notify_channel(self.engine)

    def listen_dsn(self) -> str | None:
        """libpq connection string for a LISTEN connection (PostgreSQL only; carries the password)."""
        if self.dialect != "postgresql":
            return None
        return self.engine.url.set(drivername="postgresql").render_as_string(hide_password=False)

    def sqlite_path(self) -> str | None:
        """The SQLite database file, or None for PostgreSQL and in-memory databases."""
        if self.dialect != "sqlite":
            return None
        database = self.engine.url.database
        return None if not database or database == ":memory:" else database

    def close(self) -> None:
        self.engine.dispose()

    # -- the clock ----------------------------------------------------------------------------
    def now(self) -> datetime:
        now = self._clock() if self._clock else datetime.now(self.tz)
        return now.astimezone(self.tz)

    def today(self) -> date:
        return service_day(self.now())

    def day_start(self) -> datetime:
        return datetime.combine(self.today(), time(0), tzinfo=self.tz)

    def local(self, dt: datetime | None) -> datetime | None:
        return utc(dt).astimezone(self.tz) if dt else None

    def office_status(self) -> OfficeStatus:
        return office_status(self.branch.hours, self.now())

    # -- the branch ---------------------------------------------------------------------------
    def service_spec(self, code: str) -> ServiceSpec:
        spec = self.branch.service(code)
        if spec is None:
            known = ", ".join(s.code for s in self.branch.services)
            raise errors.UnknownService.of("error.service.unknown", code=code, known=known)
        return spec

    def counter_spec(self, number: int) -> CounterSpec:
        spec = self.branch.counter(number)
        if spec is None:
            known = ", ".join(str(c.number) for c in self.branch.counters)
            raise errors.UnknownCounter.of("error.counter.unknown", number=number, known=known)
        return spec

    # -- the fairness rule over the store -----------------------------------------------------
    def regular_since_priority(self, q: QueueStore) -> int:
        """Regular calls since the last priority call today, from the day's call events."""
        rule = self.branch.priority
        calls = q.recent_calls(self.day_start(), rule.every_n_regular)
        return rules.regular_since_priority((bool(e.data.get("priority")) for e in calls), rule)

    def ahead(self, q: QueueStore, ticket_id: str, day: date, service: str) -> int:
        """People called before this ticket, by the fairness rule, if nobody else arrived."""
        slots = BookingStore(q.conn).slots(day)
        if slots:
            order = self.call_order(q, q.waiting_tickets(day, [service]), [service], slots=slots)
        else:
            order = rules.call_order(q.waiting_order_keys(day, service), {service}, self.regular_since_priority(q),
                                     self.branch.priority)
        return rules.ahead_of(ticket_id, order)

    # Booked visits (kiosk.domain.booking): a checked-in booking whose slot has started goes ahead
    # of walk-ins within the limits of the rule; the priority rule picks otherwise.
    def _booking_inputs(self, q: QueueStore, tickets: list[Ticket], counter: int | None,
                        slots: dict[str, Slot] | None) -> dict:
        rule = self.config.bookings
        slots = BookingStore(q.conn).slots(self.today()) if slots is None else slots
        bounds = {t.ticket_id: booking_rules.walk_in_bound(t.arrived_at, t.estimated_wait_min, rule)
                  for t in tickets if t.ticket_id not in slots}
        since_turn = rule.every_m_calls - 1
        if slots and counter is not None:
            turns = BookingStore(q.conn).counter_turns(counter, self.day_start(), rule.every_m_calls)
            since_turn = booking_rules.calls_since_booking_turn(turns, rule)
        return {"slots": slots, "bounds": bounds, "calls_since_turn": since_turn,
                "regular_since_priority": self.regular_since_priority(q), "priority": self.branch.priority,
                "rule": rule}

    def pick_for_counter(self, q: QueueStore, counter: int, services, waiting: list[Ticket]
                         ) -> tuple[Ticket | None, bool]:
        """The ticket the counter calls next, and whether it goes by booking precedence."""
        chosen, turn = booking_rules.decide([t.waiting for t in waiting], set(services), self.now(),
                                            **self._booking_inputs(q, waiting, counter, None))
        return (next(t for t in waiting if t.ticket_id == chosen.ticket_id) if chosen else None), turn

    def call_order(self, q: QueueStore, waiting: list[Ticket], services, counter: int | None = None,
                   slots: dict[str, Slot] | None = None) -> list[rules.WaitingTicket]:
        """The order the waiting tickets would be called in, bookings included."""
        return booking_rules.call_order([t.waiting for t in waiting], set(services), self.now(),
                                        **self._booking_inputs(q, waiting, counter, slots))

    # -- tickets as views ---------------------------------------------------------------------
    def final_ticket(self, q: QueueStore, ticket: Ticket) -> Ticket:
        """Where a visit is now: a transferred ticket followed to the ticket it became."""
        while ticket.state is TicketState.TRANSFERRED and (follow := q.transferred_to(ticket.ticket_id)):
            ticket = follow
        return ticket

    def ticket_of_ref(self, q: QueueStore, ref: str) -> Ticket | None:
        """The visit a status-page reference stands for, where it is now (None: no such visit)."""
        chain = BookingStore(q.conn).tickets_by_ref(ref)
        if not chain:
            return None
        return self.final_ticket(q, next((t for t in chain if t.origin_ticket_id is None), chain[0]))

    def ticket_of_reference(self, q: QueueStore, reference: str) -> Ticket | None:
        """The visit a scanned or typed reference stands for: the ticket's QR reference, its
        status-page address (`…/t/<ref>`) or a ticket id; followed through transfers to where
        the visit is now. None when there is no such ticket."""
        ref = status_ref_from(reference or "")
        if ref is not None:
            return self.ticket_of_ref(q, ref)
        ticket_id = ticket_id_from(reference or "")
        ticket = q.ticket(ticket_id) if ticket_id else None
        return self.final_ticket(q, ticket) if ticket is not None else None

    def ticket_or_fail(self, q: QueueStore, ticket_id: str) -> Ticket:
        ticket = q.ticket(ticket_id)
        if ticket is None:
            raise errors.UnknownTicket.of("error.ticket.unknown", ticket_id=ticket_id)
        return ticket

    def view(self, t: Ticket | None, booking: dict | None = None) -> TicketView | None:
        if t is None:
            return None
        arrived = self.local(t.arrived_at)
        end = self.local(t.called_at) or self.now()
        spec = self.branch.service(t.service)
        return TicketView(
            ticket_id=t.ticket_id, number=t.number, service=t.service, state=t.state.value, counter=t.counter,
            priority=t.priority, priority_reason=t.priority_reason, arrived_at=arrived,
            called_at=self.local(t.called_at), waited_min=whole_minutes(arrived, end),
            nik_masked=mask_tail(t.nik_last4) if t.nik_last4 else None,
            documents=spec.documents if spec else (), assisted=t.assisted, verified=t.verified,
            call_count=t.call_count, booking=booking)

    def local_event(self, e: QueueEvent) -> QueueEvent:
        return replace(e, at=self.local(e.at))

    # -- in-process push ----------------------------------------------------------------------
    def subscribe(self, callback: Callable[[list[QueueEvent]], None]) -> Callable[[], None]:
        """In-process push: `callback(events)` after each commit made through this object."""
        self._subscribers.append(callback)
        return lambda: self._subscribers.remove(callback) if callback in self._subscribers else None

    def events_after(self, event_id: int, limit: int = 500) -> list[QueueEvent]:
        with self.uow(write=False) as q:
            return [self.local_event(e) for e in q.events_after(event_id, limit)]

    def last_event_id(self) -> int:
        with self.uow(write=False) as q:
            return q.last_event_id()

    def publish_after(self, event_id: int) -> None:
        if not self._subscribers:
            return
        events = self.events_after(event_id)
        if not events:
            return
        for callback in list(self._subscribers):
            try:
                callback(events)
            except Exception:
                log.exception("event subscriber failed")

    def record(self, kind: str, *, counter: int | None = None, data: dict | None = None,
               service: str | None = None) -> int:
        """Write one event of its own (assistance, front-desk visits) and push it."""
        now = self.now()
        with self.uow() as q:
            event_id = q.add_event(now, kind, service=service, counter=counter, data=data)
        self.publish_after(event_id - 1)
        return event_id
