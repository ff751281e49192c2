"""Where a ticket is now: one value, computed once, shown alike by the kiosk, the paper ticket,
the phone page, the API and the command line.

A waiting ticket has people ahead of it (by the fairness rule, bookings included) and an estimated
wait; a ticket at a counter has its counter and nobody ahead; a ticket whose visit is over (done,
no-show, cancelled) or that moved on (transferred) has neither.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from kiosk.domain.catalog import tr
from kiosk.domain.formatting import minutes_text
from kiosk.domain.queue import AT_COUNTER_STATES, ENDED_STATES, TicketState
from kiosk.domain.ticket import Ticket

# A transferred ticket lives on as the ticket it became (the place is read there): not over.
OVER_STATES = ENDED_STATES - {TicketState.TRANSFERRED}


@dataclass(frozen=True)
class Place:
    ticket_id: str
    number: str
    service: str
    service_day: date
    state: TicketState
    ahead: int | None = None                 # waiting: people called first; at a counter: 0
    estimated_wait_min: int | None = None    # waiting: minutes, when it can be estimated
    counter: int | None = None               # once called: the counter (it stays after the visit)
    call_count: int = 0
    slot_start: datetime | None = None       # a booked visit's slot
    slot_end: datetime | None = None

    @property
    def waiting(self) -> bool:
        return self.state is TicketState.WAITING

    @property
    def called(self) -> bool:
        return self.state is TicketState.CALLED

    @property
    def at_counter(self) -> bool:
        return self.state in AT_COUNTER_STATES

    @property
    def final(self) -> bool:
        """The visit is over: nothing more will happen to this ticket."""
        return self.state in OVER_STATES

    def to_json(self) -> dict:
        return {"ticket_id": self.ticket_id, "number": self.number, "service": self.service,
                "service_day": self.service_day.isoformat(), "state": self.state.value, "ahead": self.ahead,
                "estimated_wait_min": self.estimated_wait_min, "counter": self.counter,
                "call_count": self.call_count, "waiting": self.waiting, "called": self.called, "final": self.final}


def place_of(ticket: Ticket, ahead: int | None = None, estimate: int | None = None,
             slot: tuple[datetime, datetime] | None = None) -> Place:
    """The ticket's place: `ahead` and `estimate` count only while it waits."""
    waiting = ticket.state is TicketState.WAITING
    at_counter = ticket.state in AT_COUNTER_STATES
    return Place(
        ticket_id=ticket.ticket_id, number=ticket.number, service=ticket.service, service_day=ticket.service_day,
        state=ticket.state, ahead=ahead if waiting else (0 if at_counter else None),
        estimated_wait_min=estimate if waiting else None,
        counter=None if waiting else ticket.counter, call_count=ticket.call_count,
        slot_start=slot[0] if slot else None, slot_end=slot[1] if slot else None)


def place_lines(place: Place, lang: str) -> tuple[str, str]:
    """The two lines a screen shows of a waiting ticket's place: the people ahead, and the wait
    ("you are next" when nobody is ahead)."""
    ahead = tr("ticket.ahead", lang, n=place.ahead or 0)
    if not place.ahead:
        return ahead, tr("ticket.next", lang)
    if place.estimated_wait_min is None:
        return ahead, tr("ticket.wait.unknown", lang)
    return ahead, tr("ticket.wait", lang, wait=minutes_text(place.estimated_wait_min, lang))
