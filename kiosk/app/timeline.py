"""Stages of a visit that only the timeline needs: the participant reached the counter (serving
starts, so walking time is measured), and a visit sent to an online channel without a ticket."""
from __future__ import annotations

from datetime import datetime

from kiosk.app import queries
from kiosk.app.core import AppCore
from kiosk.app.views import TicketView
from kiosk.domain import errors, queue as rules
from kiosk.domain.queue import Move, TicketState
from kiosk.domain.ticket import EventKind


def start_serving(app: AppCore, counter: int) -> TicketView | None:
    """The called participant is at the counter: their ticket is being served from now on.

    Nothing to do (None) when the counter has no ticket; a ticket already being served stays so."""
    app.counter_spec(counter)
    now = app.now()
    with app.uow() as uow:
        first = uow.queue.last_event_id()
        ticket = uow.queue.counter_ticket(counter)
        if ticket is None:
            return None
        if ticket.state is not TicketState.SERVING:
            try:
                rules.move_to(ticket.state, Move.START, ticket.number)
            except rules.IllegalTransitionError as exc:
                raise errors.IllegalTransition(exc.message, exc.message_en, key=exc.key,
                                               params=exc.params) from None
            if uow.queue.move(ticket.ticket_id, Move.START):
                uow.queue.add_event(now, EventKind.STARTED, ticket=ticket, counter=counter)
        view = queries.view(app, uow.queue.ticket(ticket.ticket_id))
    app.publish_after(first)
    return view


def serving_since(app: AppCore, counter: int) -> datetime | None:
    """When the ticket being served at `counter` started being served (its `started` event),
    or None when the counter's ticket is not being served."""
    app.counter_spec(counter)
    with app.uow(write=False) as uow:
        ticket = uow.queue.counter_ticket(counter, personal=False)
        if ticket is None or ticket.state is not TicketState.SERVING:
            return None
        since = ticket.called_at or ticket.issued_at
        started = [e.at for e in uow.queue.events_of((EventKind.STARTED,), since, 200) if e.ticket_id == ticket.ticket_id]
    return app.local(max(started)) if started else None


def record_online_redirect(app: AppCore, service: str, kiosk_id: str = "kiosk-1", assisted: bool = False) -> int:
    """The kiosk showed the online route for `service` and the visitor left without a ticket."""
    spec = app.service_spec(service)
    return app.record(EventKind.ONLINE, service=spec.code, data={"kiosk_id": kiosk_id, "assisted": assisted})

