"""A missed call at a counter: the grace before a no-show, the way back into the queue, and the
counter's pause with its reason (the rules in `kiosk.domain.missed`)."""
from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from kiosk.app import check as checking, counter as counters, queries
from kiosk.app.core import AppCore
from kiosk.app.views import TicketView, iso
from kiosk.domain import errors, queue as rules
from kiosk.domain.missed import NoShowGrace, return_arrival
from kiosk.domain.queue import Move, TicketNumberError, TicketState, parse_ticket_number
from kiosk.domain.ticket import EventKind, PrintState, Ticket
from kiosk.store.queue import new_ticket_id
from kiosk.store.uow import UnitOfWork

RETURNABLE = rules.MOVES[Move.RETURN][0]


def no_show_grace(app: AppCore, called_at: datetime | None, call_count: int) -> NoShowGrace:
    """What is left before a ticket called at `called_at` and called `call_count` times may be
    marked a no-show (the counter shows it on its button)."""
    return app.config.counter.grace(call_count, called_at, app.now())


def _returnable(app: AppCore, uow: UnitOfWork, counter: int, reference: str | None) -> Ticket:
    """The ticket to put back: by ticket id or today's number; without one, the counter's own."""
    if not reference:
        ticket = uow.queue.counter_ticket(counter)
        if ticket is None:
            raise errors.IllegalTransition.of("error.return.nothing", counter=counter)
        return ticket
    try:
        number = str(parse_ticket_number(reference))
    except TicketNumberError:
        number = None
    if number is not None:
        found = uow.queue.find(app.today(), number=number, states=RETURNABLE) or uow.queue.find(app.today(),
                                                                                              number=number)
        if not found:
            raise errors.UnknownTicket.of("error.return.unknown_number", number=number)
        return found[0]
    return queries.ticket_or_fail(app, uow, counters.parse_reference(reference))


def return_to_queue(app: AppCore, counter: int, reference: str | None = None) -> TicketView | None:
    """Put a no-show of today (or a called participant not at the counter yet) back into its
    service's queue, after `[counter] return_after` others (0: next); the `returned` event says
    from which state and the arrival it had."""
    def action(uow: UnitOfWork, now: datetime) -> Ticket:
        ticket = _returnable(app, uow, counter, reference)
        if ticket.state is TicketState.CALLED and ticket.counter != counter:
            raise errors.IllegalTransition.of("error.return.other_counter", number=ticket.number,
                                              other=ticket.counter)
        return _put_back(app, uow, now, ticket, counter)

    return counters._act(app, counter, action)


def _put_back(app: AppCore, uow: UnitOfWork, now: datetime, ticket: Ticket, counter: int | None,
              **data) -> Ticket:
    """The move back into the queue, at the branch's place, with its `returned` event."""
    rule = app.config.counter
    if ticket.service_day != app.today():
        raise errors.IllegalTransition.of("error.return.not_today", number=ticket.number)
    rules.move_to(ticket.state, Move.RETURN, ticket.number)
    waiting = [t for t in uow.queue.waiting_order_keys(ticket.service_day, ticket.service)
               if t.ticket_id != ticket.ticket_id]
    arrived = return_arrival(rule, ticket.arrived_at, waiting)
    if not uow.queue.move(ticket.ticket_id, Move.RETURN, arrived_at=arrived, counter=None, called_at=None,
                          finished_at=None, call_count=0):
        raise errors.StoreUnavailable.of("error.queue.busy")
    uow.queue.add_event(now, EventKind.RETURNED, ticket=ticket, counter=counter,
                        data={"from": ticket.state.value, "after": rule.return_after,
                              "arrived_at": iso(ticket.arrived_at), "from_counter": ticket.counter, **data})
    return ticket


def _no_show_of(app: AppCore, uow: UnitOfWork, nik: str, service: str) -> Ticket | None:
    """The NIK's latest no-show of today for `service` not yet back in the queue."""
    info = checking.parse_nik_or_fail(app, nik)
    found = uow.queue.find(app.today(), service=service, nik_hash=queries.nik_hash(app, info.nik),
                           states=(TicketState.NO_SHOW,))
    return next((t for t in found if uow.queue.transferred_to(t.ticket_id) is None), None)


def no_show_of(app: AppCore, nik: str, service: str) -> str | None:
    """The number of today's no-show of this NIK for `service` (the kiosk offers it back), or None."""
    with app.uow(write=False) as uow:
        ticket = _no_show_of(app, uow, nik, service)
    return ticket.number if ticket is not None else None


def no_shows_of(app: AppCore, nik: str) -> dict[str, str]:
    """Today's no-shows of this NIK not yet back in the queue: service → number (the latest per
    service). Looked up with the NIK's check, so that choosing a service offers one back at once."""
    info = checking.parse_nik_or_fail(app, nik)
    numbers: dict[str, str] = {}
    with app.uow(write=False) as uow:
        for ticket in uow.queue.find(app.today(), nik_hash=queries.nik_hash(app, info.nik),
                                     states=(TicketState.NO_SHOW,)):
            if ticket.service not in numbers and uow.queue.transferred_to(ticket.ticket_id) is None:
                numbers[ticket.service] = ticket.number
    return numbers


def return_no_show(app: AppCore, nik: str, service: str, kiosk_id: str = "kiosk-1") -> TicketView | None:
    """At the kiosk: the participant of the NIK's no-show of today for `service` comes back. The
    no-show stays what it was (they missed their call); a ticket with the same number follows it
    into the queue at the branch's place (`[counter] return_after`), as a transfer's successor does
    (no new arrival, the first arrival kept). So the kiosk only adds rows, as it may. None when
    there is no such no-show (any more)."""
    now = app.now()
    with app.uow() as uow:
        first = uow.queue.last_event_id()
        ticket = _no_show_of(app, uow, nik, service)
        if ticket is None:
            return None
        waiting = uow.queue.waiting_order_keys(ticket.service_day, ticket.service)
        back = replace(ticket, ticket_id=new_ticket_id(), state=TicketState.WAITING,
                       arrived_at=return_arrival(app.config.counter, ticket.arrived_at, waiting), counter=None,
                       called_at=None, finished_at=None, call_count=0, origin_ticket_id=ticket.ticket_id,
                       transfer_reason=None, print_state=PrintState.NONE, print_reason=None)
        uow.queue.insert_ticket(back)
        uow.queue.add_event(now, EventKind.RETURNED, ticket=ticket,
                            data={"from": ticket.state.value, "after": app.config.counter.return_after,
                                  "new_ticket_id": back.ticket_id, "kiosk_id": kiosk_id})
        view = queries.view(app, uow.queue.ticket(back.ticket_id))
    app.publish_after(first)
    return view


def pause_state(app: AppCore, counter: int) -> dict | None:
    """The counter's pause now: `{"reason", "since"}` (None: not paused)."""
    app.counter_spec(counter)
    with app.uow(write=False) as uow:
        if counter not in uow.queue.paused_counters():
            return None
        pauses = [e for e in uow.queue.events_of((EventKind.PAUSED,), app.day_start(), 500) if e.counter == counter]
    last = pauses[0] if pauses else None
    return {"reason": (last.data.get("reason") or "") if last else "", "since": last.at if last else None}


def recent_no_shows(app: AppCore, counter: int, limit: int = 4) -> list[TicketView]:
    """Today's no-shows of `counter`, the latest first (what its "back to queue" offers)."""
    app.counter_spec(counter)
    with app.uow(write=False) as uow:
        found = [t for t in uow.queue.find(app.today(), states=(TicketState.NO_SHOW,))
                 if t.counter == counter and uow.queue.transferred_to(t.ticket_id) is None]
    found.sort(key=lambda t: t.finished_at or t.issued_at, reverse=True)
    return [queries.view(app, t) for t in found[:limit]]
