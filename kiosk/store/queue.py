"""The queue store: tickets, numbers, counters and events, handed out as domain objects.

A `QueueStore` works inside one transaction (see `kiosk.store.uow.unit_of_work`). Ticket
moves use the domain's table of from-states (`kiosk.domain.queue.MOVES`), so the store never
decides on its own which state may follow which.
"""
from __future__ import annotations

import json
import secrets
from dataclasses import fields
from datetime import date, datetime, timezone
from typing import Iterable, NamedTuple, Sequence

from sqlalchemy import (
    BigInteger, Connection, Row, and_, bindparam, cast, exists, func, insert, literal, literal_column, null, select,
    text, union_all, update,
)

from kiosk.domain.booking import BookingState, Slot
from kiosk.domain.pinlock import PinAttempts
from kiosk.domain.privacy import VISITOR_KEY_HEX
from kiosk.domain.queue import (
    AT_COUNTER_STATES, MOVES, Move, TicketState, WaitingTicket, from_states, state_values,
)
from kiosk.domain.ticket import EventKind, QueueEvent, Ticket
from kiosk.store.models import (
    bookings, counter_states, events, number_sequences, pin_attempts, tickets,
)

T = tickets
E = events
SEQ = number_sequences
CS = counter_states
PA = pin_attempts
B = bookings
WAITING = TicketState.WAITING.value
BOOKED = BookingState.BOOKED.value
CHECKED_IN = BookingState.CHECKED_IN.value
DONE = TicketState.DONE.value
AT_COUNTER = state_values(AT_COUNTER_STATES)


def utc(dt: datetime) -> datetime:
    """Aware datetimes in, aware UTC out; naive values from SQLite are UTC already."""
    return dt.replace(tzinfo=timezone.utc) if dt.tzinfo is None else dt.astimezone(timezone.utc)


def _utc_or_none(dt: datetime | None) -> datetime | None:
    return utc(dt) if dt is not None else None


def new_ticket_id() -> str:
    return secrets.token_hex(6).upper()


def _ticket(row: Row | None) -> Ticket | None:
    if row is None:
        return None
    m = row._mapping
    return Ticket(
        ticket_id=m["ticket_id"], service_day=m["service_day"], service=m["service"], seq=m["seq"],
        number=m["number"], state=TicketState(m["state"]), priority=bool(m["priority"]),
        arrived_at=utc(m["arrived_at"]), issued_at=utc(m["issued_at"]),
        priority_reason=m["priority_reason"], assisted=bool(m["assisted"]), verified=bool(m["verified"]),
        documents_complete=bool(m["documents_complete"]), nik=m.get("nik"), nik_hash=m.get("nik_hash"),
        nik_last4=m.get("nik_last4"), kiosk_id=m["kiosk_id"], called_at=_utc_or_none(m["called_at"]),
        finished_at=_utc_or_none(m["finished_at"]), counter=m["counter"], call_count=m["call_count"] or 0,
        origin_ticket_id=m["origin_ticket_id"], transfer_reason=m["transfer_reason"],
        print_state=m["print_state"], print_reason=m["print_reason"],
        ref=m["ref"], estimated_wait_min=m["estimated_wait_min"], lang=m.get("lang"),
    )


def _event(row: Row) -> QueueEvent:
    return QueueEvent(id=row.id, at=utc(row.at), kind=row.kind, ticket_id=row.ticket_id, number=row.number,
                      service=row.service, counter=row.counter, data=json.loads(row.data or "{}"))


def _values(values: dict) -> dict:
    """Domain values as columns: states as their stored words, times in UTC."""
    out = {}
    for key, value in values.items():
        if isinstance(value, TicketState):
            value = value.value
        elif isinstance(value, datetime):
            value = utc(value)
        out[key] = value
    return out


_TICKET_FIELDS = tuple(f.name for f in fields(Ticket))

# Statements on the hot paths (check, issue, call) are built once; building them per call costs
# more than running them.
_ALLOCATE = text(
    "INSERT INTO number_sequences (service_day, service, last_seq) VALUES (:d, :s, 1) "
    "ON CONFLICT (service_day, service) DO UPDATE SET last_seq = number_sequences.last_seq + 1 "
    "RETURNING last_seq, skipped")
_INSERT_TICKET = insert(T)
_INSERT_EVENT = insert(E).returning(E.c.id)
_EVENT_FIELDS = ("at", "kind", "ticket_id", "number", "service", "counter", "data")
# PostgreSQL: a new ticket and its event in one statement (one round trip); the event's columns
# are bound as `e_<column>` beside the ticket's own.
_INSERT_TICKET_WITH_EVENT = (
    insert(E).values({name: bindparam(f"e_{name}", type_=E.c[name].type) for name in _EVENT_FIELDS})
    .add_cte(insert(T).values({name: bindparam(name, type_=T.c[name].type) for name in _TICKET_FIELDS})
             .cte("new_ticket"))
    .returning(E.c.id))
_GET = select(T).where(T.c.ticket_id == bindparam("id"))
_WAITING_IN = (select(T).where(T.c.service_day == bindparam("day"), T.c.state == WAITING,
                               T.c.service.in_(bindparam("services", expanding=True)))
               .order_by(T.c.arrived_at, T.c.seq))
_WAITING_ALL = (select(T).where(T.c.service_day == bindparam("day"), T.c.state == WAITING)
                .order_by(T.c.arrived_at, T.c.seq))
_WAITING_KEYS = select(T.c.ticket_id, T.c.service, T.c.priority, T.c.arrived_at, T.c.seq).where(
    T.c.service_day == bindparam("day"), T.c.state == WAITING, T.c.service == bindparam("service"))
# The waiting count is kept by triggers on `tickets` (migration 0010): no row, nobody waits.
_WAITING_COUNT = select(SEQ.c.waiting_count).where(SEQ.c.service_day == bindparam("day"),
                                                   SEQ.c.service == bindparam("service"))
_AT_COUNTER = (select(T).where(T.c.counter == bindparam("counter"), T.c.state.in_(AT_COUNTER))
               .order_by(T.c.called_at.desc()))
# The columns of a ticket that say nothing of a person: what the hall display may read (the
# display's database role has no right to the others, see kiosk/store/roles.py).
PERSONAL_TICKET_COLUMNS = ("nik", "nik_hash", "nik_last4")
_PUBLIC_TICKET = tuple(c for c in T.c if c.name not in PERSONAL_TICKET_COLUMNS)
_AT_COUNTER_PUBLIC = _AT_COUNTER.with_only_columns(*_PUBLIC_TICKET)
# ... and what the SMS service reads of the tickets it follows and those before them (its role,
# too, has no right to a NIK column)
_GET_PUBLIC = _GET.with_only_columns(*_PUBLIC_TICKET)
_WAITING_IN_PUBLIC = _WAITING_IN.with_only_columns(*_PUBLIC_TICKET)
_WAITING_ALL_PUBLIC = _WAITING_ALL.with_only_columns(*_PUBLIC_TICKET)
# numbers issued: the last one less those a restored store jumped over (migration 0014)
_COUNTS_BY_SERVICE = (select(SEQ.c.service, SEQ.c.waiting_count, SEQ.c.last_seq - SEQ.c.skipped)
                      .where(SEQ.c.service_day == bindparam("day")))
_RECENT_DONE = (select(T.c.service, T.c.called_at, T.c.finished_at)
                .where(T.c.service_day == bindparam("day"), T.c.state == DONE, T.c.called_at.is_not(None))
                .order_by(T.c.finished_at.desc()).limit(bindparam("limit")))
_PAUSED = select(CS.c.counter).where(CS.c.paused.is_(True))
_RECENT_CALLS = (select(E).where(E.c.kind == EventKind.CALLED, E.c.at >= bindparam("since"))
                 .order_by(E.c.id.desc()).limit(bindparam("limit")))
_LAST_EVENT = select(func.coalesce(func.max(E.c.id), 0))
# A NIK's waiting ticket for a service (index `ix_tickets_nik_hash`), read with two answers the
# issuing transaction asks for next: the service's waiting count and the end of the latest slot
# still booked that day (see `_known`). One row even when the NIK holds no ticket.
_ONE_ROW = select(literal(1).label("one")).subquery("one_row")
# The day's latest arrival: a new ticket arrives after it (kiosk/domain/queue.py `arrival_after`).
_LATEST_ARRIVAL = select(func.max(T.c.arrived_at)).where(T.c.service_day == bindparam("day"))
_WAITING_WITH_HASH = (
    select(_WAITING_COUNT.scalar_subquery().label("known_waiting"),
           select(func.max(B.c.slot_end)).where(B.c.service_day == bindparam("day"), B.c.state == BOOKED)
           .scalar_subquery().label("known_booked_until"),
           _LATEST_ARRIVAL.scalar_subquery().label("known_latest_arrival"),
           *T.c)
    .select_from(_ONE_ROW.outerjoin(T, and_(T.c.nik_hash == bindparam("hash"), T.c.service_day == bindparam("day"),
                                            T.c.service == bindparam("service"), T.c.state == WAITING)))
    .order_by(T.c.arrived_at).limit(1))

# The fairness rule's candidates (see `call_candidates`): the head of each service and class,
# and every waiting ticket checked in from a booking.
_HEAD_ORDER = (T.c.arrived_at, T.c.seq, T.c.ticket_id)
_SLOTTED = exists().where(B.c.ticket_id == T.c.ticket_id, B.c.service_day == bindparam("day"),
                          B.c.state == CHECKED_IN)
# The slots of the day's tickets checked in within their booking window (`BookingStore.slots`).
DAY_SLOTS = select(B.c.ticket_id, B.c.slot_start, B.c.slot_end, B.c.created_at.label("booked_at")).where(
    B.c.service_day == bindparam("day"), B.c.state == CHECKED_IN, B.c.ticket_id.is_not(None))
_candidate_reads: dict[tuple[str, ...], object] = {}
_bound_reads: dict[tuple[str, tuple[str, ...]], object] = {}


def _candidates_read(services: tuple[str, ...]):
    """One statement: per service and class the oldest waiting ticket, and the booked ones."""
    read = _candidate_reads.get(services)
    if read is None:
        parts = []
        for service in services:
            for priority in (False, True):
                head = (select(T).where(T.c.service_day == bindparam("day"), T.c.state == WAITING,
                                        T.c.service == service, T.c.priority == priority)
                        .order_by(*_HEAD_ORDER).limit(1).subquery())
                parts.append(select(literal_column("0").label("slotted"),
                                    cast(null(), B.c.slot_start.type).label("slot_start"),
                                    cast(null(), B.c.slot_end.type).label("slot_end"),
                                    cast(null(), B.c.created_at.type).label("booked_at"), *head.c))
        parts.append(
            select(literal_column("1").label("slotted"), B.c.slot_start, B.c.slot_end,
                   B.c.created_at.label("booked_at"), *T.c)
            .select_from(T.join(B, B.c.ticket_id == T.c.ticket_id))
            .where(B.c.service_day == bindparam("day"), B.c.state == CHECKED_IN, T.c.service_day == bindparam("day"),
                   T.c.state == WAITING, T.c.service.in_(services)))
        read = _candidate_reads[services] = union_all(*parts)
    return read


def _bound_read(dialect: str, services: tuple[str, ...]):
    """The waiting walk-in (no checked-in booking) with the earliest bound of the booking rule
    (arrival plus the wait it was told; the rule adds the same K to every one), in whole
    microseconds so that no rounding changes which comes first."""
    read = _bound_reads.get((dialect, services))
    if read is None:
        told = func.coalesce(T.c.estimated_wait_min, 0) * 60_000_000
        if dialect == "postgresql":
            arrived = cast(func.extract("epoch", T.c.arrived_at) * 1_000_000, BigInteger)
        else:       # SQLite keeps "YYYY-MM-DD HH:MM:SS.ffffff" (UTC)
            arrived = (cast(func.strftime("%s", T.c.arrived_at), BigInteger) * 1_000_000
                       + cast(func.substr(T.c.arrived_at, 21, 6), BigInteger))
        read = _bound_reads[(dialect, services)] = (
            select(T).where(T.c.service_day == bindparam("day"), T.c.state == WAITING, T.c.service.in_(services),
                            ~_SLOTTED)
            .order_by(arrived + told, *_HEAD_ORDER).limit(1))
    return read


# Answers a transaction already has (a count read with the repeat-visit look-up): kept on the
# connection for the transaction that read them, dropped at the first write that could change them.
_KNOWN = "anjungan.known"


def _known(conn: Connection) -> dict:
    transaction = conn.get_transaction()
    if transaction is None:
        return {}
    held = conn.info.get(_KNOWN)
    if held is None or held[0] is not transaction:
        held = conn.info[_KNOWN] = (transaction, {})
    return held[1]


def forget_known(conn: Connection) -> None:
    """After a write: what was read before may have changed."""
    held = conn.info.get(_KNOWN)
    if held is not None:
        held[1].clear()


class IssueFacts(NamedTuple):
    held: Ticket | None             # the NIK's waiting ticket for the service
    waiting: int                    # tickets of the service waiting now
    booked_until: datetime | None   # end of the day's latest slot still booked (not checked in)


class QueueStore:
    """Queries and writes of the queue, inside the caller's transaction."""

    def __init__(self, conn: Connection):
        self.conn = conn

    @property
    def dialect(self) -> str:
        return self.conn.dialect.name

    # -- numbers and tickets ------------------------------------------------------------------
    def allocate_seq(self, day: date, service: str) -> tuple[int, int]:
        """Next number for a service on a day, and how many of the numbers before it a restored
        store jumped over (never issued here). Atomic: the row is locked until the transaction ends."""
        seq, skipped = self.conn.execute(_ALLOCATE, {"d": day, "s": service}).one()
        return seq, skipped

    def insert_ticket(self, ticket: Ticket) -> None:
        forget_known(self.conn)
        self.conn.execute(_INSERT_TICKET, _values({name: getattr(ticket, name) for name in _TICKET_FIELDS}))

    def ticket(self, ticket_id: str, personal: bool = True) -> Ticket | None:
        """The ticket; `personal=False` reads none of its NIK columns."""
        return _ticket(self.conn.execute(_GET if personal else _GET_PUBLIC, {"id": ticket_id}).first())

    def waiting_tickets(self, day: date, services: Iterable[str] | None = None,
                        personal: bool = True) -> list[Ticket]:
        """The day's waiting tickets (of `services`); `personal=False` reads none of their NIK columns."""
        if services is None:
            rows = self.conn.execute(_WAITING_ALL if personal else _WAITING_ALL_PUBLIC, {"day": day}).all()
        else:
            rows = self.conn.execute(_WAITING_IN if personal else _WAITING_IN_PUBLIC,
                                     {"day": day, "services": list(services)}).all()
        return [_ticket(r) for r in rows]

    def waiting_order_keys(self, day: date, service: str) -> list[WaitingTicket]:
        """Just what the fairness rule needs of each waiting ticket of a service."""
        return [WaitingTicket(r.ticket_id, r.service, bool(r.priority), utc(r.arrived_at), r.seq)
                for r in self.conn.execute(_WAITING_KEYS, {"day": day, "service": service})]

    def waiting_count(self, day: date, service: str) -> int:
        """Tickets of `service` waiting now (a kept count: no read of the queue)."""
        known = _known(self.conn).get(("count", day, service))
        if known is not None:
            return known
        return self.conn.execute(_WAITING_COUNT, {"day": day, "service": service}).scalar() or 0

    def waiting_ticket_of(self, day: date, service: str, nik_hash: str) -> Ticket | None:
        """The NIK's oldest waiting ticket for `service` (by its hash), or None. The same read
        answers `waiting_count` and `BookingStore.held` after it in this transaction."""
        return self.issue_facts(day, service, nik_hash).held

    def issue_facts(self, day: date, service: str, nik_hash: str) -> IssueFacts:
        """What issuing a ticket reads before it takes a number, in one statement: the NIK's
        waiting ticket for `service`, the service's waiting count, and when the latest slot still
        booked that day ends (None: none is; places held by bookings are those ending later)."""
        row = self.conn.execute(_WAITING_WITH_HASH, {"day": day, "service": service, "hash": nik_hash}).one()
        facts = IssueFacts(_ticket(row) if row.ticket_id is not None else None, row.known_waiting or 0,
                           _utc_or_none(row.known_booked_until))
        known = _known(self.conn)
        known[("count", day, service)] = facts.waiting
        known[("booked_until", day)] = (facts.booked_until,)
        known[("latest_arrival", day)] = (_utc_or_none(row.known_latest_arrival),)
        return facts

    def latest_arrival(self, day: date) -> datetime | None:
        """The latest arrival time of the day's tickets in the database (read with the issue's
        look-up when it was made in this transaction)."""
        known = _known(self.conn).get(("latest_arrival", day))
        if known is not None:
            return known[0]
        return _utc_or_none(self.conn.execute(_LATEST_ARRIVAL, {"day": day}).scalar())

    def call_candidates(self, day: date, services: Iterable[str] | None) -> list[Ticket]:
        """The waiting tickets the fairness rule can pick at a counter serving `services`, oldest
        first: the oldest of each service and class (priority or not), every ticket checked in
        from a booking, and, when there is one, the walk-in whose booking-rule bound comes first
        (it alone decides whether the bound holds bookings back). `kiosk.domain.booking.decide`
        picks from these what it picks from every waiting ticket; the rest of the queue is not read.
        """
        return self.call_candidates_with_slots(day, services)[0]

    def call_candidates_with_slots(self, day: date, services: Iterable[str] | None
                                   ) -> tuple[list[Ticket], dict[str, Slot]]:
        """`call_candidates`, and the booking slots of those among them that were checked in
        (what `BookingStore.slots` says of them), from the same read."""
        if services is None:
            return self.waiting_tickets(day), {r.ticket_id: Slot(utc(r.slot_start), utc(r.slot_end), utc(r.booked_at))
                                               for r in self.conn.execute(DAY_SLOTS, {"day": day})}
        services = tuple(sorted(set(services)))
        if not services:
            return [], {}
        rows = self.conn.execute(_candidates_read(services), {"day": day}).all()
        found = {r.ticket_id: _ticket(r) for r in rows}
        slots = {r.ticket_id: Slot(utc(r.slot_start), utc(r.slot_end), utc(r.booked_at)) for r in rows if r.slotted}
        if slots:
            bound = self.conn.execute(_bound_read(self.dialect, services), {"day": day}).first()
            if bound is not None:
                found.setdefault(bound.ticket_id, _ticket(bound))
        return sorted(found.values(), key=lambda t: (t.arrived_at, t.seq, t.service, t.ticket_id)), slots

    def counter_ticket(self, counter: int, personal: bool = True) -> Ticket | None:
        """The ticket at a counter; `personal=False` reads none of its NIK columns."""
        return _ticket(self.conn.execute(_AT_COUNTER if personal else _AT_COUNTER_PUBLIC, {"counter": counter}).first())

    def move(self, ticket_id: str, move: Move, **values) -> bool:
        """Apply `move` only if the ticket is still in one of its from-states (two counters never
        take one ticket); `values` are the other columns to set (the state follows the move)."""
        target = MOVES[move][1]
        values["state"] = target if target is not None else T.c.state
        forget_known(self.conn)
        result = self.conn.execute(
            update(T).where(T.c.ticket_id == ticket_id, T.c.state.in_(from_states(move))).values(**_values(values)))
        return result.rowcount == 1

    def set_print_state(self, ticket_id: str, state: str, reason: str | None) -> None:
        self.conn.execute(update(T).where(T.c.ticket_id == ticket_id)
                          .values(print_state=state, print_reason=reason))

    def find(self, day: date, *, number: str | None = None, service: str | None = None,
             nik_hash: str | None = None, states: Iterable[TicketState] | None = None) -> list[Ticket]:
        """The day's tickets by number, service, NIK hash and states; the latest issued first."""
        query = select(T).where(T.c.service_day == day)
        if number is not None:
            query = query.where(T.c.number == number)
        if service is not None:
            query = query.where(T.c.service == service)
        if nik_hash is not None:
            query = query.where(T.c.nik_hash == nik_hash)
        if states is not None:
            query = query.where(T.c.state.in_(state_values(states)))
        return [_ticket(r) for r in self.conn.execute(query.order_by(T.c.issued_at.desc(), T.c.ticket_id))]

    def transferred_to(self, ticket_id: str, personal: bool = True) -> Ticket | None:
        """The ticket a transfer made of this one; `personal=False` reads none of its NIK columns."""
        return _ticket(self.conn.execute(select(*(T.c if personal else _PUBLIC_TICKET))
                                         .where(T.c.origin_ticket_id == ticket_id)).first())

    def last_ticket_of_kiosk(self, kiosk_id: str) -> Ticket | None:
        return _ticket(self.conn.execute(
            select(T).where(T.c.kiosk_id == kiosk_id, T.c.origin_ticket_id.is_(None))
            .order_by(T.c.issued_at.desc()).limit(1)).first())

    # -- figures ------------------------------------------------------------------------------
    def service_counts(self, day: date) -> dict[str, dict[str, int]]:
        """Per service: tickets waiting, and numbers issued today."""
        # both kept in one row per service and day (the waiting count by triggers, migration 0010)
        return {service: {"waiting": waiting or 0, "issued": issued}
                for service, waiting, issued in self.conn.execute(_COUNTS_BY_SERVICE, {"day": day})}

    def recent_service_minutes(self, day: date, limit: int = 20) -> dict[str, list[float]]:
        minutes: dict[str, list[float]] = {}
        for service, called, finished in self.conn.execute(_RECENT_DONE, {"day": day, "limit": limit * 4}):
            samples = minutes.setdefault(service, [])
            if len(samples) < limit and finished is not None:
                samples.append(max(0.0, (utc(finished) - utc(called)).total_seconds() / 60))
        return minutes

    def counter_counts(self, day: date, counter: int) -> dict[str, int]:
        rows = self.conn.execute(
            select(T.c.state, func.count()).where(T.c.service_day == day, T.c.counter == counter)
            .group_by(T.c.state)).all()
        return {state: n for state, n in rows}

    # -- counters -----------------------------------------------------------------------------
    def paused_counters(self) -> set[int]:
        return set(self.conn.execute(_PAUSED).scalars())

    def set_paused(self, counter: int, paused: bool, at: datetime) -> bool:
        """Returns True when the state changed."""
        current = self.conn.execute(select(CS.c.paused).where(CS.c.counter == counter)).scalar()
        if current is None:
            self.conn.execute(insert(CS).values(counter=counter, paused=paused, updated_at=utc(at)))
            return paused
        if bool(current) == paused:
            return False
        self.conn.execute(update(CS).where(CS.c.counter == counter).values(paused=paused, updated_at=utc(at)))
        return True

    def insert_ticket_with_event(self, ticket: Ticket, at: datetime, kind: str, data: dict | None = None) -> int:
        """`insert_ticket` then `add_event(at, kind, ticket=ticket, data=data)`: one statement on
        PostgreSQL (one round trip fewer), two on SQLite. Returns the event's id."""
        if self.dialect != "postgresql":
            self.insert_ticket(ticket)
            return self.add_event(at, kind, ticket=ticket, data=data)
        forget_known(self.conn)
        values = _values({name: getattr(ticket, name) for name in _TICKET_FIELDS})
        event = self._event_values(at, kind, ticket, None, None, data)
        return self.conn.execute(_INSERT_TICKET_WITH_EVENT,
                                 {**values, **{f"e_{k}": v for k, v in event.items()}}).scalar_one()

    # -- events -------------------------------------------------------------------------------
    def add_event(self, at: datetime, kind: str, *, ticket: Ticket | None = None, service: str | None = None,
                  counter: int | None = None, data: dict | None = None) -> int:
        # On PostgreSQL a trigger on `events` sends NOTIFY at commit (migrations 0002, 0003).
        return self.conn.execute(_INSERT_EVENT, self._event_values(at, kind, ticket, service, counter,
                                                                   data)).scalar_one()

    @staticmethod
    def _event_values(at: datetime, kind: str, ticket: Ticket | None, service: str | None, counter: int | None,
                      data: dict | None) -> dict:
        return {
            "at": utc(at), "kind": kind, "ticket_id": ticket.ticket_id if ticket else None,
            "number": ticket.number if ticket else None,
            "service": ticket.service if ticket else service,
            "counter": counter if counter is not None else (ticket.counter if ticket else None),
            "data": json.dumps(data or {}, ensure_ascii=False, default=str),
        }

    def recent_calls(self, since: datetime, limit: int) -> list[QueueEvent]:
        """The last `limit` call events since `since`, oldest first."""
        rows = self.conn.execute(_RECENT_CALLS, {"since": utc(since), "limit": limit}).all()
        return [_event(r) for r in reversed(rows)]

    def events_after(self, event_id: int, limit: int = 500) -> list[QueueEvent]:
        return [_event(r) for r in
                self.conn.execute(select(E).where(E.c.id > event_id).order_by(E.c.id).limit(limit))]

    def last_event_id(self) -> int:
        return self.conn.execute(_LAST_EVENT).scalar_one()

    def events_of(self, kinds: Sequence[str], since: datetime, limit: int) -> list[QueueEvent]:
        """Events of `kinds` since `since`, newest first."""
        return [_event(r) for r in self.conn.execute(
            select(E).where(E.c.kind.in_(list(kinds)), E.c.at >= utc(since)).order_by(E.c.id.desc()).limit(limit))]

    # -- personal data ------------------------------------------------------------------------
    def purge_full_niks(self, *, before_day: date | None = None, issued_before: datetime | None = None) -> int:
        condition = [T.c.nik.is_not(None)]
        if before_day is not None:
            condition.append(T.c.service_day < before_day)
        if issued_before is not None:
            condition.append(T.c.issued_at < utc(issued_before))
        # Only what statistics need stays: a short visitor key from the hash (kiosk/domain/privacy.py).
        return self.conn.execute(update(T).where(and_(*condition)).values(
            nik=None, nik_last4=None, nik_hash=func.substr(T.c.nik_hash, 1, VISITOR_KEY_HEX))).rowcount

    # -- staff PIN attempts -------------------------------------------------------------------
    def pin_attempts(self, scope: str) -> PinAttempts:
        row = self.conn.execute(select(PA.c.failures, PA.c.locked_until).where(PA.c.scope == scope)).first()
        if row is None:
            return PinAttempts()
        return PinAttempts(row.failures, _utc_or_none(row.locked_until))

    def save_pin_attempts(self, scope: str, record: PinAttempts) -> None:
        self.conn.execute(text(
            "INSERT INTO pin_attempts (scope, failures, locked_until) VALUES (:s, :f, :u) "
            "ON CONFLICT (scope) DO UPDATE SET failures = excluded.failures, locked_until = excluded.locked_until"),
            {"s": scope, "f": record.failures, "u": _utc_or_none(record.locked_until)})
