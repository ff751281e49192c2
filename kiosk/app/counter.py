"""A counter's work: call the next ticket by the fairness rule, recall, skip, finish, transfer, pause."""
from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Callable, Iterable

from kiosk.app import queries
from kiosk.app.core import AppCore
from kiosk.app.views import TicketView, booking_json
from kiosk.domain import classification, errors, queue as rules
from kiosk.domain.catalog import ByLanguage
from kiosk.domain.hours import service_day
from kiosk.domain.missed import GRACE_KEYS, Previous
from kiosk.domain.privacy import mask_id_numbers
from kiosk.domain.queue import AT_COUNTER_STATES, Move, TicketState
from kiosk.domain.reference import status_ref_from, ticket_id_from
from kiosk.domain.ticket import EventKind, PrintState, Ticket
from kiosk.store.queue import new_ticket_id
from kiosk.store.uow import UnitOfWork

CALL_RETRIES = 10


def parse_reference(text: str) -> str:
    """The ticket id in a scanned QR reference or a typed ticket id (a scanned status-page address
    is resolved by `open_ticket`)."""
    ticket_id = ticket_id_from(text)
    if ticket_id is None:
        raise errors.UnknownTicket.of("error.ticket.unreadable")
    return ticket_id


def _act(app: AppCore, counter: int, action: Callable[[UnitOfWork, datetime], Ticket | None]) -> TicketView | None:
    app.counter_spec(counter)
    now = app.now()
    try:
        with app.uow() as uow:
            first = uow.queue.last_event_id()
            ticket = action(uow, now)
            result = _booked_view(app, uow, uow.queue.ticket(ticket.ticket_id) if ticket is not None else None)
    except rules.IllegalTransitionError as exc:
        raise errors.IllegalTransition(exc.message, exc.message_en, key=exc.key, params=exc.params) from None
    app.publish_after(first)
    return result


def _at_counter(app: AppCore, uow: UnitOfWork, counter: int, move: Move) -> Ticket | None:
    """The counter's current ticket if `move` applies to it; else the domain's refusal."""
    ticket = uow.queue.counter_ticket(counter)
    if ticket is None:
        return None
    rules.move_to(ticket.state, move, ticket.number)
    return ticket


def _call(app: AppCore, uow: UnitOfWork, now: datetime, ticket: Ticket, counter: int, **data) -> bool:
    if not uow.queue.move(ticket.ticket_id, Move.CALL, counter=counter, called_at=now, call_count=1):
        return False
    uow.queue.add_event(now, EventKind.CALLED, ticket=replace(ticket, counter=counter), counter=counter,
                data={"priority": ticket.priority, "service_name": app.service_spec(ticket.service).name_id,
                      **data})
    return True


def _finish(app: AppCore, uow: UnitOfWork, now: datetime, ticket: Ticket, counter: int) -> None:
    if uow.queue.move(ticket.ticket_id, Move.FINISH, finished_at=now):
        uow.queue.add_event(now, EventKind.FINISHED, ticket=ticket, counter=counter)


def _no_show_allowed(app: AppCore, ticket: Ticket, now: datetime) -> None:
    """The branch's grace before a no-show (`kiosk.domain.missed`); else what is left, as a refusal."""
    grace = app.config.counter.grace(ticket.call_count, ticket.called_at, now)
    if not grace.allowed:
        raise errors.IllegalTransition.of(GRACE_KEYS[grace.kind][1], number=ticket.number, **grace.params)


def _settle(app: AppCore, uow: UnitOfWork, now: datetime, current: Ticket, counter: int,
            previous: str | None) -> None:
    """Before the next call: a ticket being served is finished; a called one never started only as
    the officer says (`Previous`): served (started and finished now) or a no-show (after the grace)."""
    if rules.can_move(current.state, Move.START):
        said = Previous(previous) if previous else None
        if said is None:
            raise errors.IllegalTransition.of("error.counter.previous_unsaid", number=current.number)
        if said is Previous.NO_SHOW:
            _no_show_allowed(app, current, now)
            if uow.queue.move(current.ticket_id, Move.SKIP, finished_at=now):
                uow.queue.add_event(now, EventKind.SKIPPED, ticket=current, counter=counter)
            return
        if uow.queue.move(current.ticket_id, Move.START):
            uow.queue.add_event(now, EventKind.STARTED, ticket=current, counter=counter, data={"previous": said.value})
    _finish(app, uow, now, current, counter)


def call_next(app: AppCore, counter: int, previous: str | None = None) -> TicketView | None:
    """Settle the counter's current ticket (if any, see `_settle`) and call the next one by the
    fairness rule."""
    spec = app.counter_spec(counter)

    def action(uow: UnitOfWork, now: datetime):
        if counter in uow.queue.paused_counters():
            raise errors.IllegalTransition.of("error.counter.paused", counter=counter)
        current = uow.queue.counter_ticket(counter)
        if current is not None:
            _settle(app, uow, now, current, counter, previous)
        for _ in range(CALL_RETRIES):
            # the fairness rule, bookings included (kiosk.domain.booking), over the only tickets it
            # can pick: the head of each queue and the booked ones (not the whole queue)
            candidates, slots = uow.queue.call_candidates_with_slots(service_day(now), spec.services)
            ticket, booking_turn = queries.pick_for_counter(app, uow, counter, spec.services, candidates, slots)
            if ticket is None:
                return None
            if _call(app, uow, now, ticket, counter, **({"booking_turn": True} if booking_turn else {})):
                return ticket
        raise errors.StoreUnavailable.of("error.queue.busy")

    return _act(app, counter, action)


def recall(app: AppCore, counter: int) -> TicketView | None:
    def action(uow: UnitOfWork, now: datetime):
        ticket = uow.queue.counter_ticket(counter)
        if ticket is None or not rules.can_move(ticket.state, Move.RECALL):
            return None
        calls = ticket.call_count + 1
        uow.queue.move(ticket.ticket_id, Move.RECALL, call_count=calls)
        uow.queue.add_event(now, EventKind.RECALLED, ticket=ticket, counter=counter,
                    data={"priority": ticket.priority, "call_count": calls})
        return ticket

    return _act(app, counter, action)


def skip(app: AppCore, counter: int) -> TicketView | None:
    def action(uow: UnitOfWork, now: datetime):
        ticket = _at_counter(app, uow, counter, Move.SKIP)
        if ticket is None:
            return None
        _no_show_allowed(app, ticket, now)
        uow.queue.move(ticket.ticket_id, Move.SKIP, finished_at=now)
        uow.queue.add_event(now, EventKind.SKIPPED, ticket=ticket, counter=counter)
        return ticket

    return _act(app, counter, action)


def finish(app: AppCore, counter: int) -> TicketView | None:
    def action(uow: UnitOfWork, now: datetime):
        ticket = _at_counter(app, uow, counter, Move.FINISH)
        if ticket is None:
            return None
        _finish(app, uow, now, ticket, counter)
        return ticket

    return _act(app, counter, action)


def transfer(app: AppCore, counter: int, to_service: str, reason: str = "") -> TicketView | None:
    """Send the current ticket to another service; it keeps its number and original arrival time.

    Refused, with where to go instead, when no counter would ever call it there."""
    reason = mask_id_numbers(reason or "")
    target = app.service_spec(to_service)
    refusal = classification.counter_refusal(target, app.branch)
    if refusal is not None:
        raise errors.IllegalTransition(refusal.reason, refusal.reason_en, key=refusal.key or None)

    def action(uow: UnitOfWork, now: datetime):
        ticket = _at_counter(app, uow, counter, Move.TRANSFER)
        if ticket is None:
            return None
        if ticket.service == target.code:
            raise errors.IllegalTransition.of("error.ticket.same_service", number=ticket.number,
                                              service=ByLanguage(target.name_id, target.name_en))
        uow.queue.move(ticket.ticket_id, Move.TRANSFER, finished_at=now, transfer_reason=reason or None)
        moved = replace(ticket, ticket_id=new_ticket_id(), service=target.code, state=TicketState.WAITING,
                        counter=None, called_at=None, finished_at=None, call_count=0,
                        origin_ticket_id=ticket.ticket_id, transfer_reason=reason or None,
                        print_state=PrintState.NONE, print_reason=None)
        uow.queue.insert_ticket(moved)
        uow.queue.add_event(now, EventKind.TRANSFERRED, ticket=ticket, counter=counter,
                    data={"to": target.code, "new_ticket_id": moved.ticket_id, "reason": reason})
        return moved

    return _act(app, counter, action)


def open_ticket(app: AppCore, counter: int, reference: str, previous: str | None = None) -> TicketView:
    """A ticket's QR scanned at a counter: call that ticket here if it is waiting, else show it.
    The counter's own ticket is settled first, as before the next call (`_settle`): a called ticket
    never started is never silently done."""
    ticket_id = None if status_ref_from(reference) else parse_reference(reference)

    def action(uow: UnitOfWork, now: datetime):
        ticket = queries.ticket_of_reference(app, uow, reference)
        if ticket is None:
            if ticket_id is None:
                raise errors.UnknownTicket.of("error.ticket.unreadable")
            queries.ticket_or_fail(app, uow, ticket_id)            # says which ticket is unknown
        if rules.can_move(ticket.state, Move.CALL):
            current = uow.queue.counter_ticket(counter)
            if current is not None and current.ticket_id != ticket.ticket_id:
                _settle(app, uow, now, current, counter, previous)
            _call(app, uow, now, ticket, counter, scanned=True)
        return ticket

    return _act(app, counter, action)


def current_ticket(app: AppCore, counter: int) -> TicketView | None:
    app.counter_spec(counter)
    with app.uow(write=False) as uow:
        return _booked_view(app, uow, uow.queue.counter_ticket(counter))


def _booked_view(app: AppCore, uow: UnitOfWork, ticket: Ticket | None) -> TicketView | None:
    """The ticket's view with the booking it was checked in for (the counter shows the slot)."""
    booking = uow.bookings.of_ticket(ticket.origin_ticket_id or ticket.ticket_id) if ticket else None
    return queries.view(app, ticket, booking_json(booking, app.tz) if booking else None)


def pause(app: AppCore, counter: int, reason: str | None = None) -> None:
    """Stop calling; `reason`: the code of one of the branch's pause reasons (`[counter]`)."""
    if reason and app.config.counter.pause_reason(reason) is None:
        codes = ", ".join(r.code for r in app.config.counter.pause_reasons)
        raise errors.IllegalTransition.of("error.pause.reason_unknown", reason=reason, codes=codes)
    _set_paused(app, counter, True, (reason or "").strip().lower())


def resume(app: AppCore, counter: int) -> None:
    _set_paused(app, counter, False)


def _set_paused(app: AppCore, counter: int, paused: bool, reason: str = "") -> None:
    app.counter_spec(counter)
    now = app.now()
    queries.forget_timing(app)
    with app.uow() as uow:
        first = uow.queue.last_event_id()
        if uow.queue.set_paused(counter, paused, now):
            uow.queue.add_event(now, EventKind.PAUSED if paused else EventKind.RESUMED, counter=counter,
                                data={"reason": reason} if paused else None)
    app.publish_after(first)


def waiting(app: AppCore, services: Iterable[str] | None = None) -> list[TicketView]:
    """Waiting tickets in the order the fairness rule would call them."""
    services = list(services) if services is not None else [s.code for s in app.branch.services]
    with app.uow(write=False) as uow:
        tickets = {t.ticket_id: t for t in uow.queue.waiting_tickets(app.today(), services)}
        slots = uow.bookings.slots(app.today())
        ordered = queries.call_order(app, uow, list(tickets.values()), services, slots=slots)
        booked = {b.ticket_id: b for b in uow.bookings.of_day(app.today()) if b.ticket_id} if slots else {}
    return [queries.view(app, tickets[t.ticket_id], booking_json(booked[t.ticket_id], app.tz)
                      if t.ticket_id in booked else None) for t in ordered]


def counter_stats(app: AppCore, counter: int) -> dict:
    app.counter_spec(counter)
    with app.uow(write=False) as uow:
        counts = uow.queue.counter_counts(app.today(), counter)
    at_counter = sum(counts.get(s.value, 0) for s in AT_COUNTER_STATES)
    return {"served": counts.get(TicketState.DONE.value, 0), "skipped": counts.get(TicketState.NO_SHOW.value, 0),
            "transferred": counts.get(TicketState.TRANSFERRED.value, 0), "at_counter": at_counter}

