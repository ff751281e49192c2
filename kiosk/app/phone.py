"""The participant's phone page: one ticket by its unguessable reference, and the board of every
active ticket's place that the web service pushes to the phones after each change.

Nothing here names the participant: no NIK (not even masked), no name, no initials.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from kiosk.app import queries
from kiosk.app.core import AppCore
from kiosk.app.views import iso
from kiosk.domain.booking import COUNTER_SOURCE, Booking
from kiosk.domain.catalog import msgid, pick, tr
from kiosk.domain.formatting import minutes_text, time_en, time_id, time_text, when_text
from kiosk.domain.place import Place, place_of
from kiosk.domain.queue import TicketState
from kiosk.domain.reference import is_status_ref
from kiosk.domain.ticket import Ticket

_HEADLINES = {TicketState.CALLED: msgid("web.called"), TicketState.SERVING: msgid("web.serving"),
              TicketState.DONE: msgid("web.done"), TicketState.NO_SHOW: msgid("web.no_show"),
              TicketState.CANCELLED: msgid("web.cancelled")}
# What `phone_dynamic` sends: the part of the phone view that changes while the ticket waits.
PHONE_DYNAMIC = {
    "state": "the ticket's state", "ahead": "people called first (while it waits)",
    "estimated_wait_min": "the wait in minutes (while it waits)", "wait_text": "the wait in words",
    "counter": "the counter, once called", "call_count": "how often it was called",
    "waiting": "it waits in the queue", "called": "it is being called now", "final": "the visit is over",
    "headline": "the sentence at the top of the page", "updated": "when the page was last told",
}
PHONE_DYNAMIC_KEYS = tuple(PHONE_DYNAMIC)


@dataclass(frozen=True)
class Board:
    """Every active ticket of the day (waiting or at a counter) with its place, as of `event_id`."""

    event_id: int
    day: date
    at: datetime
    places: dict[str, Place] = field(default_factory=dict)   # ticket id -> where it is now


def board(app: AppCore) -> Board:
    """One read of the day's queue: each waiting ticket's place by the fairness rule (bookings
    included) and each called ticket's counter."""
    today = app.today()
    with app.uow(write=False) as uow:
        event_id = uow.queue.last_event_id()
        store = uow.bookings
        waiting = uow.queue.waiting_tickets(today)
        at_counters = store.at_counters(today)
        slots = store.slots(today)
        minutes = uow.queue.recent_service_minutes(today)
        paused = uow.queue.paused_counters()
        by_service: dict[str, list[Ticket]] = {}
        for t in waiting:
            by_service.setdefault(t.service, []).append(t)
        orders = {code: queries.call_order(app, uow, tickets, [code], slots=slots) for code, tickets in by_service.items()}
        to_come = queries.bookings_to_come(app, uow, waiting, waiting, slots)     # as `queries.place` counts them
    tickets = {t.ticket_id: t for t in waiting}
    places: dict[str, Place] = {}
    for code, order in orders.items():
        spec = app.branch.service(code)
        for position, w in enumerate(order):
            ahead = position + to_come.get(w.ticket_id, 0)
            estimate = queries.wait_estimate(app, spec, ahead, minutes, paused) if spec else None
            places[w.ticket_id] = place_of(tickets[w.ticket_id], ahead, estimate)
    for t in at_counters:
        places[t.ticket_id] = place_of(t)
    return Board(event_id, today, app.now(), places)


def ticket_lang(app: AppCore, ref: str) -> str | None:
    """The language the ticket with this reference was taken in (None: unknown, or older)."""
    if not is_status_ref(ref or ""):
        return None
    with app.uow(write=False) as uow:
        chain = uow.bookings.tickets_by_ref(ref)
    return next((t.lang for t in chain if t.origin_ticket_id is None and t.lang), None)


def public_ticket(app: AppCore, ref: str, lang: str = "id") -> tuple[dict, str] | None:
    """The phone page's view of the ticket with this reference and the ticket id it follows now
    (a transfer's successor keeps the reference), or None when there is no such ticket.
    `rating` is None until the visit is finished, then `{"score": 1–4 | None, "survey": bool}`
    (the one-tap rating and whether the questionnaire was sent)."""
    if not is_status_ref(ref or ""):
        return None
    with app.uow(write=False) as uow:
        store = uow.bookings
        chain = store.tickets_by_ref(ref)
        if not chain:
            return None
        origin = next((t for t in chain if t.origin_ticket_id is None), chain[0])
        ticket = queries.final_ticket(app, uow, origin)                # where the visit is now
        booking = store.of_ticket(origin.ticket_id)
        place = queries.place(app, uow, ticket)
        rating = None
        if ticket.state is TicketState.DONE:
            reports = uow.reports
            rating = {"score": reports.rating_of(ticket.ticket_id),
                      "survey": reports.survey_of_ticket(ticket.ticket_id)}
        event_id = uow.queue.last_event_id()
    doc = {**phone_static(app, ticket, booking, lang, ref), **phone_dynamic(app, place, lang),
           "rating": rating, "event_id": event_id}
    return doc, ticket.ticket_id


def phone_static(app: AppCore, ticket: Ticket, booking: Booking | None, lang: str, ref: str) -> dict:
    """What does not change while the ticket waits: number, service, slot, documents."""
    spec = app.branch.service(ticket.service)
    documents = pick(lang, spec.documents, spec.documents_en) if spec else ()
    slot = None
    if booking is not None:
        start, end = app.local(booking.slot_start), app.local(booking.slot_end)
        fmt = pick(lang, time_id, time_en)
        slot = {"slot_start": iso(start), "slot_end": iso(end), "state": booking.state.value,
                "text": tr(msgid("web.booked_counter") if booking.source == COUNTER_SOURCE else msgid("web.booked"),
                           lang, start=fmt(start), end=fmt(end))}
    return {"ref": ref, "number": ticket.number, "service": ticket.service,
            "service_name": pick(lang, spec.name_id, spec.name_en) if spec else ticket.service,
            "service_day": ticket.service_day.isoformat(), "priority": ticket.priority, "booking": slot,
            "documents": list(documents), "branch": app.branch.name, "lang": lang}


def phone_dynamic(app: AppCore, place: Place, lang: str) -> dict:
    """The ticket's place now, with the sentence the page shows for it (keys: `PHONE_DYNAMIC_KEYS`)."""
    state = place.state
    if state in _HEADLINES:
        headline = tr(_HEADLINES[state], lang, counter=place.counter)
    elif place.service_day != app.today():
        headline = tr("web.other_day", lang, when=when_text(place.service_day, lang, clock=None))
    else:
        headline = tr("web.next" if place.ahead == 0 else "web.waiting", lang)
    estimate = place.estimated_wait_min
    wait_text = (minutes_text(estimate, lang) if estimate is not None else tr("web.wait.unknown", lang))
    return {"state": state.value, "ahead": place.ahead if place.waiting else None,
            "estimated_wait_min": estimate, "wait_text": wait_text if place.waiting else None,
            "counter": place.counter, "call_count": place.call_count, "waiting": place.waiting,
            "called": place.called, "final": place.final, "headline": headline,
            "updated": tr("web.updated", lang, time=time_text(app.now(), lang))}
