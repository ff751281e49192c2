"""Stages of a visit that only the timeline needs: the participant reached the counter (serving
starts, so walking time is measured), and a visit sent to an online channel without a ticket."""
from __future__ import annotations

from datetime import datetime

from kiosk.app.core import AppCore
from kiosk.app.views import TicketView
from kiosk.domain import errors, queue as rules
from kiosk.domain.queue import Move, TicketState
from kiosk.domain.ticket import EventKind


class TimelineUseCases(AppCore):
    def start_serving(self, counter: int) -> TicketView | None:
        """The called participant is at the counter: their ticket is being served from now on.

        Nothing to do (None) when the counter has no ticket; a ticket already being served stays so."""
        self.counter_spec(counter)
        now = self.now()
        with self.uow() as q:
            first = q.last_event_id()
            ticket = q.counter_ticket(counter)
            if ticket is None:
                return None
            if ticket.state is not TicketState.SERVING:
                try:
                    rules.move_to(ticket.state, Move.START, ticket.number)
                except rules.IllegalTransitionError as exc:
                    raise errors.IllegalTransition(exc.message, exc.message_en, key=exc.key,
                                                   params=exc.params) from None
                if q.move(ticket.ticket_id, Move.START):
                    q.add_event(now, EventKind.STARTED, ticket=ticket, counter=counter)
            view = self.view(q.ticket(ticket.ticket_id))
        self.publish_after(first)
        return view

    def serving_since(self, counter: int) -> datetime | None:
        """When the ticket being served at `counter` started being served (its `started` event),
        or None when the counter's ticket is not being served."""
        self.counter_spec(counter)
        with self.uow(write=False) as q:
            ticket = q.counter_ticket(counter, personal=False)
            if ticket is None or ticket.state is not TicketState.SERVING:
                return None
            since = ticket.called_at or ticket.issued_at
            started = [e.at for e in q.events_of((EventKind.STARTED,), since, 200) if e.ticket_id == ticket.ticket_id]
        return self.local(max(started)) if started else None

    def record_online_redirect(self, service: str, kiosk_id: str = "kiosk-1", assisted: bool = False) -> int:
        """The kiosk showed the online route for `service` and the visitor left without a ticket."""
        spec = self.service_spec(service)
        return self.record(EventKind.ONLINE, service=spec.code, data={"kiosk_id": kiosk_id, "assisted": assisted})
