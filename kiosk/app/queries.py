"""The questions several use cases ask of the store: who is ahead of a ticket by the fairness
rule, which ticket a counter calls next, where a visit is now, and a ticket as the counters see it."""
from __future__ import annotations

import hashlib
import hmac
import os
from datetime import date, timedelta

from kiosk.app.core import AppCore
from kiosk.app.views import TicketView
from kiosk.domain import booking as booking_rules, errors, queue as rules
from kiosk.domain.booking import Booking, Slot
from kiosk.domain.branch import ServiceSpec
from kiosk.domain.duration import whole_minutes
from kiosk.domain.nik import mask_tail
from kiosk.domain.place import Place, place_of
from kiosk.domain.queue import TicketState
from kiosk.domain.reference import status_ref_from, ticket_id_from
from kiosk.domain.ticket import Ticket
from kiosk.domain.wait import estimate_wait_minutes
from kiosk.store import keyprint, secrets as nik_key
from kiosk.store.uow import UnitOfWork

TIMING_CACHE_S = 3.0


def timing_figures(app: AppCore) -> tuple[dict, set[int]]:
    """Recent service times and paused counters, for estimates; a few seconds old at most."""
    now = app.now()
    cached = app.timing_cache
    if cached is None or not (0 <= (now - cached[0]).total_seconds() < TIMING_CACHE_S):
        with app.uow(write=False) as uow:
            cached = (now, uow.queue.recent_service_minutes(app.today()), uow.queue.paused_counters())
        app.timing_cache = cached
    return cached[1], cached[2]


def forget_timing(app: AppCore) -> None:
    app.timing_cache = None


def wait_estimate(app: AppCore, spec: ServiceSpec, ahead: int, minutes: dict, paused: set[int]) -> int | None:
    """Minutes to wait with `ahead` people before, from the recent service times and the counters open."""
    open_counters = sum(1 for c in app.branch.counters_serving(spec.code) if c.number not in paused)
    return estimate_wait_minutes(ahead, minutes.get(spec.code) or [], open_counters, spec.service_minutes)


def regular_since_priority(app: AppCore, uow: UnitOfWork) -> int:
    """Regular calls since the last priority call today, from the day's call events."""
    rule = app.branch.priority
    calls = uow.queue.recent_calls(app.day_start(), rule.every_n_regular)
    return rules.regular_since_priority((bool(e.data.get("priority")) for e in calls), rule)


def ahead(app: AppCore, uow: UnitOfWork, ticket_id: str, day: date, service: str) -> int:
    """People called before this ticket, by the fairness rule, if nobody else arrived (no NIK is
    read: the SMS service asks it too)."""
    slots = uow.bookings.slots(day)
    if slots:
        order = call_order(app, uow, uow.queue.waiting_tickets(day, [service], personal=False), [service], slots=slots)
    else:
        order = rules.call_order(uow.queue.waiting_order_keys(day, service), {service}, regular_since_priority(app, uow),
                                 app.branch.priority)
    return rules.ahead_of(ticket_id, order)


def told_place(app: AppCore, uow: UnitOfWork, spec: ServiceSpec, ticket: Ticket, ahead: int,
               figures: tuple[dict, set[int]], bookings: bool) -> tuple[int, int | None]:
    """A newcomer's place as it is told: the `ahead` people before it by the fairness rule and, when
    `bookings` of its service hold places, those not at the counters yet that may go before it, with
    the wait that counts them (`kiosk.domain.booking.promised_place`)."""
    minutes, paused = figures

    def estimate(people: int) -> int | None:
        return wait_estimate(app, spec, people, minutes, paused)

    if not bookings:
        return ahead, estimate(ahead)
    late = app.now() - timedelta(minutes=app.config.bookings.late_min)
    reserved = uow.bookings.reserved(ticket.service_day, spec.code, late)
    return booking_rules.promised_place(ahead, ticket.arrived_at, reserved, estimate)


def bookings_to_come(app: AppCore, uow: UnitOfWork, tickets: list[Ticket], waiting: list[Ticket] | None = None,
                     slots: dict[str, Slot] | None = None) -> dict[str, int]:
    """For waiting tickets of today: the bookings not at the counters yet that may still go before
    each, as its told place counted them (made and not checked in, or checked in after it with a
    slot not started yet). `waiting`: every waiting ticket of their services, when already read."""
    if not tickets:
        return {}
    day, now = tickets[0].service_day, app.now()
    slots = uow.bookings.slots(day) if slots is None else slots
    late = now - timedelta(minutes=app.config.bookings.late_min)
    services = {t.service for t in tickets}
    held = uow.bookings.held(day, late)
    reserved = {s: uow.bookings.reserved(day, s, late) if held.get(s) else [] for s in services}
    if slots and waiting is None:
        waiting = uow.queue.waiting_tickets(day, sorted(services))
    checked_in = [t for t in waiting or () if t.ticket_id in slots and slots[t.ticket_id].start > now]
    counts = {}
    for t in tickets:
        if t.ticket_id in slots:
            continue
        later = [slots[b.ticket_id] for b in checked_in if b.service == t.service and b.arrived_at > t.arrived_at]
        until = booking_rules.promised_by(t.arrived_at, t.estimated_wait_min)
        counts[t.ticket_id] = sum(1 for s in later + reserved[t.service]
                                  if booking_rules.may_pass(s, t.arrived_at, until))
    return counts


def _booking_inputs(app: AppCore, uow: UnitOfWork, tickets: list[Ticket], counter: int | None,
                    slots: dict[str, Slot] | None) -> dict:
    rule = app.config.bookings
    slots = uow.bookings.slots(app.today()) if slots is None else slots
    bounds = {t.ticket_id: booking_rules.walk_in_bound(t.arrived_at, t.estimated_wait_min, rule)
              for t in tickets if t.ticket_id not in slots}
    promises = {t.ticket_id: booking_rules.promised_by(t.arrived_at, t.estimated_wait_min) for t in tickets}
    since_turn = rule.every_m_calls - 1
    if slots and counter is not None:
        turns = uow.bookings.counter_turns(counter, app.day_start(), rule.every_m_calls)
        since_turn = booking_rules.calls_since_booking_turn(turns, rule)
    return {"slots": slots, "bounds": bounds, "promises": promises, "calls_since_turn": since_turn,
            "regular_since_priority": regular_since_priority(app, uow), "priority": app.branch.priority,
            "rule": rule}


def pick_for_counter(app: AppCore, uow: UnitOfWork, counter: int, services, waiting: list[Ticket],
                     slots: dict[str, Slot] | None = None) -> tuple[Ticket | None, bool]:
    """The ticket the counter calls next, and whether it goes by booking precedence (`slots`: the
    booked slots of the waiting tickets, when already read with them)."""
    chosen, turn = booking_rules.decide([t.waiting for t in waiting], set(services), app.now(),
                                        **_booking_inputs(app, uow, waiting, counter, slots))
    return (next(t for t in waiting if t.ticket_id == chosen.ticket_id) if chosen else None), turn


def call_order(app: AppCore, uow: UnitOfWork, waiting: list[Ticket], services, counter: int | None = None,
               slots: dict[str, Slot] | None = None) -> list[rules.WaitingTicket]:
    """The order the waiting tickets would be called in, bookings included."""
    return booking_rules.call_order([t.waiting for t in waiting], set(services), app.now(),
                                    **_booking_inputs(app, uow, waiting, counter, slots))


def final_ticket(app: AppCore, uow: UnitOfWork, ticket: Ticket) -> Ticket:
    """Where a visit is now: a transferred ticket followed to the ticket it became."""
    while ticket.state is TicketState.TRANSFERRED and (follow := uow.queue.transferred_to(ticket.ticket_id)):
        ticket = follow
    return ticket


def ticket_of_ref(app: AppCore, uow: UnitOfWork, ref: str) -> Ticket | None:
    """The visit a status-page reference stands for, where it is now (None: no such visit)."""
    chain = uow.bookings.tickets_by_ref(ref)
    if not chain:
        return None
    return final_ticket(app, uow, next((t for t in chain if t.origin_ticket_id is None), chain[0]))


def ticket_of_reference(app: AppCore, uow: UnitOfWork, reference: str) -> Ticket | None:
    """The visit a scanned or typed reference stands for: the ticket's QR reference, its
    status-page address (`…/t/<ref>`) or a ticket id; followed through transfers to where
    the visit is now. None when there is no such ticket."""
    ref = status_ref_from(reference or "")
    if ref is not None:
        return ticket_of_ref(app, uow, ref)
    ticket_id = ticket_id_from(reference or "")
    ticket = uow.queue.ticket(ticket_id) if ticket_id else None
    return final_ticket(app, uow, ticket) if ticket is not None else None


def ticket_or_fail(app: AppCore, uow: UnitOfWork, ticket_id: str) -> Ticket:
    ticket = uow.queue.ticket(ticket_id)
    if ticket is None:
        raise errors.UnknownTicket.of("error.ticket.unknown", ticket_id=ticket_id)
    return ticket


def view(app: AppCore, t: Ticket | None, booking: dict | None = None) -> TicketView | None:
    if t is None:
        return None
    arrived = app.local(t.arrived_at)
    end = app.local(t.called_at) or app.now()
    spec = app.branch.service(t.service)
    return TicketView(
        ticket_id=t.ticket_id, number=t.number, service=t.service, state=t.state.value, counter=t.counter,
        priority=t.priority, priority_reason=t.priority_reason, arrived_at=arrived,
        called_at=app.local(t.called_at), waited_min=whole_minutes(arrived, end),
        nik_masked=mask_tail(t.nik_last4) if t.nik_last4 else None,
        documents=spec.documents if spec else (), assisted=t.assisted, verified=t.verified,
        call_count=t.call_count, booking=booking)



def nik_hash(app: AppCore, nik: str) -> str:
    """The keyed hash a NIK is found by (repeat visits, bookings) once its digits are forgotten."""
    if app.nik_key is None:
        app.nik_key = branch_key(app)
    return hmac.new(app.nik_key, nik.encode(), hashlib.sha256).hexdigest()


def branch_key(app: AppCore) -> bytes:
    """The key lives outside the database (kiosk/store/secrets.py). On one PC it is made on first
    use, unless the database already knows a key (its fingerprint: a store copied or restored
    here), which is never replaced by a new one; a key that is not the database's is refused, so a
    NIK typed again always finds its own ticket."""
    try:
        stored = keyprint.stored_key_fingerprint(app.database.engine)
    except Exception:  # noqa: BLE001 - a schema before fingerprints, or a role that may not read them
        stored = None
    key = nik_key.load_nik_key(create=app.dialect == "sqlite" and stored is None)
    if stored is not None and keyprint.key_fingerprint(key) != stored:
        where = nik_key.KEY_ENV if os.environ.get(nik_key.KEY_ENV) else nik_key.key_file()
        raise errors.ConfigError.of("backup.key.not_database", path=where)
    return key


def place(app: AppCore, uow: UnitOfWork, ticket: Ticket, figures: tuple[dict, set[int]] | None = None,
          booking: Booking | None = None) -> Place:
    """Where the ticket is now, the one answer every screen and the paper show: a waiting ticket of
    today with the people ahead of it by the fairness rule and its estimated wait (`figures`: recent
    service minutes and paused counters already read; else read here, in this unit of work)."""
    slot = (app.local(booking.slot_start), app.local(booking.slot_end)) if booking is not None else None
    if ticket.state is not TicketState.WAITING or ticket.service_day != app.today():
        return place_of(ticket, slot=slot)
    people = (ahead(app, uow, ticket.ticket_id, ticket.service_day, ticket.service)
              + bookings_to_come(app, uow, [ticket]).get(ticket.ticket_id, 0))
    minutes, paused = figures if figures is not None else (uow.queue.recent_service_minutes(ticket.service_day),
                                                           uow.queue.paused_counters())
    spec = app.branch.service(ticket.service)
    return place_of(ticket, people, wait_estimate(app, spec, people, minutes, paused) if spec else None, slot)
