"""A counter's work: call the next ticket by the fairness rule, recall, skip, finish, transfer, pause."""
from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Callable, Iterable

from kiosk.app.check import CheckUseCases
from kiosk.app.views import TicketView, booking_json
from kiosk.domain import classification, errors, queue as rules
from kiosk.domain.catalog import ByLanguage
from kiosk.domain.hours import service_day
from kiosk.domain.queue import AT_COUNTER_STATES, Move, TicketState
from kiosk.domain.reference import status_ref_from, ticket_id_from
from kiosk.domain.ticket import EventKind, PrintState, Ticket
from kiosk.store.bookings import BookingStore
from kiosk.store.queue import QueueStore, new_ticket_id

CALL_RETRIES = 10


def parse_reference(text: str) -> str:
    """The ticket id in a scanned QR reference or a typed ticket id (a scanned status-page address
    is resolved by `CounterUseCases.open_ticket`)."""
    ticket_id = ticket_id_from(text)
    if ticket_id is None:
        raise errors.UnknownTicket.of("error.ticket.unreadable")
    return ticket_id


class CounterUseCases(CheckUseCases):
    def _act(self, counter: int, action: Callable[[QueueStore, datetime], Ticket | None]) -> TicketView | None:
        self.counter_spec(counter)
        now = self.now()
        try:
            with self.uow() as q:
                first = q.last_event_id()
                ticket = action(q, now)
                result = self._booked_view(q, q.ticket(ticket.ticket_id) if ticket is not None else None)
        except rules.IllegalTransitionError as exc:
            raise errors.IllegalTransition(exc.message, exc.message_en, key=exc.key, params=exc.params) from None
        self.publish_after(first)
        return result

    def _at_counter(self, q: QueueStore, counter: int, move: Move) -> Ticket | None:
        """The counter's current ticket if `move` applies to it; else the domain's refusal."""
        ticket = q.counter_ticket(counter)
        if ticket is None:
            return None
        rules.move_to(ticket.state, move, ticket.number)
        return ticket

    def _call(self, q: QueueStore, now: datetime, ticket: Ticket, counter: int, **data) -> bool:
        if not q.move(ticket.ticket_id, Move.CALL, counter=counter, called_at=now, call_count=1):
            return False
        q.add_event(now, EventKind.CALLED, ticket=replace(ticket, counter=counter), counter=counter,
                    data={"priority": ticket.priority, "service_name": self.service_spec(ticket.service).name_id,
                          **data})
        return True

    def _finish(self, q: QueueStore, now: datetime, ticket: Ticket, counter: int) -> None:
        if q.move(ticket.ticket_id, Move.FINISH, finished_at=now):
            q.add_event(now, EventKind.FINISHED, ticket=ticket, counter=counter)

    def call_next(self, counter: int) -> TicketView | None:
        """Finish the counter's current ticket (if any) and call the next one by the fairness rule."""
        spec = self.counter_spec(counter)

        def action(q: QueueStore, now: datetime):
            if counter in q.paused_counters():
                raise errors.IllegalTransition.of("error.counter.paused", counter=counter)
            current = q.counter_ticket(counter)
            if current is not None:
                self._finish(q, now, current, counter)
            for _ in range(CALL_RETRIES):
                # the fairness rule, bookings included (kiosk.domain.booking)
                waiting = q.waiting_tickets(service_day(now), spec.services)
                ticket, booking_turn = self.pick_for_counter(q, counter, spec.services, waiting)
                if ticket is None:
                    return None
                if self._call(q, now, ticket, counter, **({"booking_turn": True} if booking_turn else {})):
                    return ticket
            raise errors.StoreUnavailable.of("error.queue.busy")

        return self._act(counter, action)

    def recall(self, counter: int) -> TicketView | None:
        def action(q: QueueStore, now: datetime):
            ticket = q.counter_ticket(counter)
            if ticket is None or not rules.can_move(ticket.state, Move.RECALL):
                return None
            calls = ticket.call_count + 1
            q.move(ticket.ticket_id, Move.RECALL, call_count=calls)
            q.add_event(now, EventKind.RECALLED, ticket=ticket, counter=counter,
                        data={"priority": ticket.priority, "call_count": calls})
            return ticket

        return self._act(counter, action)

    def skip(self, counter: int) -> TicketView | None:
        def action(q: QueueStore, now: datetime):
            ticket = self._at_counter(q, counter, Move.SKIP)
            if ticket is None:
                return None
            q.move(ticket.ticket_id, Move.SKIP, finished_at=now)
            q.add_event(now, EventKind.SKIPPED, ticket=ticket, counter=counter)
            return ticket

        return self._act(counter, action)

    def finish(self, counter: int) -> TicketView | None:
        def action(q: QueueStore, now: datetime):
            ticket = self._at_counter(q, counter, Move.FINISH)
            if ticket is None:
                return None
            self._finish(q, now, ticket, counter)
            return ticket

        return self._act(counter, action)

    def transfer(self, counter: int, to_service: str, reason: str = "") -> TicketView | None:
        """Send the current ticket to another service; it keeps its number and original arrival time.

        Refused, with where to go instead, when no counter would ever call it there."""
        target = self.service_spec(to_service)
        refusal = classification.counter_refusal(target, self.branch)
        if refusal is not None:
            raise errors.IllegalTransition(refusal.reason, refusal.reason_en, key=refusal.key or None)

        def action(q: QueueStore, now: datetime):
            ticket = self._at_counter(q, counter, Move.TRANSFER)
            if ticket is None:
                return None
            if ticket.service == target.code:
                raise errors.IllegalTransition.of("error.ticket.same_service", number=ticket.number,
                                                  service=ByLanguage(target.name_id, target.name_en))
            q.move(ticket.ticket_id, Move.TRANSFER, finished_at=now, transfer_reason=reason or None)
            moved = replace(ticket, ticket_id=new_ticket_id(), service=target.code, state=TicketState.WAITING,
                            counter=None, called_at=None, finished_at=None, call_count=0,
                            origin_ticket_id=ticket.ticket_id, transfer_reason=reason or None,
                            print_state=PrintState.NONE, print_reason=None)
            q.insert_ticket(moved)
            q.add_event(now, EventKind.TRANSFERRED, ticket=ticket, counter=counter,
                        data={"to": target.code, "new_ticket_id": moved.ticket_id, "reason": reason})
            return moved

        return self._act(counter, action)

    def open_ticket(self, counter: int, reference: str) -> TicketView:
        """A ticket's QR scanned at a counter: call that ticket here if it is waiting, else show it."""
        ticket_id = None if status_ref_from(reference) else parse_reference(reference)

        def action(q: QueueStore, now: datetime):
            ticket = self.ticket_of_reference(q, reference)
            if ticket is None:
                if ticket_id is None:
                    raise errors.UnknownTicket.of("error.ticket.unreadable")
                self.ticket_or_fail(q, ticket_id)            # says which ticket is unknown
            if rules.can_move(ticket.state, Move.CALL):
                current = q.counter_ticket(counter)
                if current is not None:
                    self._finish(q, now, current, counter)
                self._call(q, now, ticket, counter, scanned=True)
            return ticket

        return self._act(counter, action)

    def current_ticket(self, counter: int) -> TicketView | None:
        self.counter_spec(counter)
        with self.uow(write=False) as q:
            return self._booked_view(q, q.counter_ticket(counter))

    def _booked_view(self, q: QueueStore, ticket: Ticket | None) -> TicketView | None:
        """The ticket's view with the booking it was checked in for (the counter shows the slot)."""
        booking = BookingStore(q.conn).of_ticket(ticket.origin_ticket_id or ticket.ticket_id) if ticket else None
        return self.view(ticket, booking_json(booking, self.tz) if booking else None)

    def pause(self, counter: int) -> None:
        self._set_paused(counter, True)

    def resume(self, counter: int) -> None:
        self._set_paused(counter, False)

    def _set_paused(self, counter: int, paused: bool) -> None:
        self.counter_spec(counter)
        now = self.now()
        self.forget_timing()
        with self.uow() as q:
            first = q.last_event_id()
            if q.set_paused(counter, paused, now):
                q.add_event(now, EventKind.PAUSED if paused else EventKind.RESUMED, counter=counter)
        self.publish_after(first)

    def waiting(self, services: Iterable[str] | None = None) -> list[TicketView]:
        """Waiting tickets in the order the fairness rule would call them."""
        services = list(services) if services is not None else [s.code for s in self.branch.services]
        with self.uow(write=False) as q:
            tickets = {t.ticket_id: t for t in q.waiting_tickets(self.today(), services)}
            slots = BookingStore(q.conn).slots(self.today())
            ordered = self.call_order(q, list(tickets.values()), services, slots=slots)
            booked = {b.ticket_id: b for b in BookingStore(q.conn).of_day(self.today()) if b.ticket_id} if slots else {}
        return [self.view(tickets[t.ticket_id], booking_json(booked[t.ticket_id], self.tz)
                          if t.ticket_id in booked else None) for t in ordered]

    def counter_stats(self, counter: int) -> dict:
        self.counter_spec(counter)
        with self.uow(write=False) as q:
            counts = q.counter_counts(self.today(), counter)
        at_counter = sum(counts.get(s.value, 0) for s in AT_COUNTER_STATES)
        return {"served": counts.get(TicketState.DONE.value, 0), "skipped": counts.get(TicketState.NO_SHOW.value, 0),
                "transferred": counts.get(TicketState.TRANSFERRED.value, 0), "at_counter": at_counter}
